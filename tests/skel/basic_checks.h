/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The skel_basic checks, compiled once against our generated header
 * (basic.c) and once against bpftool's (basic_bpftool.c): the same
 * application code must behave the same with either.
 *
 * argv[1]: path of skel_basic.bpf.o (to compare the embedded ELF).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "app.h"

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static __u64 results_at(struct skel_basic_bpf *skel, __u32 key)
{
	__u64 v = 0;

	APP_CHECK(!bpf_map__lookup_elem(skel->maps.results, &key, sizeof(key), &v, sizeof(v), 0),
		  "lookup results[%u]: %d", key, -errno);
	return v;
}

static void check_elf_bytes(const char *path)
{
	size_t sz = 0;
	const char *p = skel_basic_bpf__elf_bytes(&sz);
	char *file;
	struct stat st;
	int fd = open(path, O_RDONLY);

	APP_REQUIRE(fd >= 0, "open %s", path);
	APP_REQUIRE(!fstat(fd, &st), "stat");
	APP_CHECK(sz == (size_t)st.st_size, "embedded %zu bytes, file has %lld", sz,
		  (long long)st.st_size);
	file = malloc(st.st_size);
	APP_REQUIRE(file && read(fd, file, st.st_size) == st.st_size, "read");
	APP_CHECK(sz == (size_t)st.st_size && !memcmp(p, file, sz), "embedded ELF differs");
	free(file);
	close(fd);
}

/* Global data before load: initial values readable, writes become the
 * values the kernel sees. */
static void set_before_load(struct skel_basic_bpf *skel)
{
	APP_REQUIRE(skel->rodata && skel->data && skel->bss && skel->data_foo &&
		    skel->rodata_foo && skel->kconfig, "data pointers set at open");
	APP_CHECK(skel->rodata->ro_mult == 1, "ro_mult %d", skel->rodata->ro_mult);
	APP_CHECK(skel->rodata->ro_pt.x == 1 && skel->rodata->ro_pt.y == 2, "ro_pt");
	APP_CHECK(skel->rodata->ro_mode == MODE_COUNT, "ro_mode");
	APP_CHECK(skel->data->data_add == 5 && skel->data->data_c == 'a' &&
		  skel->data->data_ll == 40, "data initial values");
	APP_CHECK(skel->data_foo->foo_var == 7 && skel->data_foo->foo_big == 1000, ".data.foo");
	APP_CHECK(skel->rodata_foo->rofoo_var == 3, ".rodata.foo");
	APP_CHECK(skel->bss->enter_count == 0, "bss zeroed");

	skel->rodata->target_pid = getpid();
	skel->rodata->ro_mult = 3;
	skel->rodata->ro_pt.x = 5;
	skel->rodata->ro_pt.y = 20;
	skel->rodata->ro_mode = MODE_SUM;
	skel->data_foo->foo_var = 9;
	skel->rodata_foo->rofoo_var = 4;
	skel->data->data_ll = 41;
}

static void check_test_run(struct skel_basic_bpf *skel)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts);
	int err;

	/* writable data after load goes straight to the map */
	skel->data->data_add = 7;
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.compute), &topts);
	APP_REQUIRE(!err && !topts.retval, "test_run compute: %d", err);
	APP_CHECK(results_at(skel, 0) == 7 * 3 + 20 + 9 + 4 + 1000, "result %llu",
		  (unsigned long long)results_at(skel, 0));
	APP_CHECK(skel->bss->bss_arr[1] == 'a', "bss_arr[1] %d", skel->bss->bss_arr[1]);
	APP_CHECK(skel->bss->bss_pt.x == 5 && skel->bss->bss_pt.y == 41 + 1000, "bss_pt %d %lld",
		  skel->bss->bss_pt.x, skel->bss->bss_pt.y);
	APP_CHECK(skel->kconfig->LINUX_KERNEL_VERSION != 0 &&
		  results_at(skel, 1) == (__u64)skel->kconfig->LINUX_KERNEL_VERSION,
		  "kconfig %d", skel->kconfig->LINUX_KERNEL_VERSION);
	/* .rodata after load is the frozen map, still readable */
	APP_CHECK(skel->rodata->ro_mult == 3 && skel->rodata->target_pid == getpid(),
		  "rodata after load");
}

static void make_syscalls(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getppid);
}

static __u32 link_id(struct bpf_link *link)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);

	if (bpf_link_get_info_by_fd(bpf_link__fd(link), &info, &len))
		return 0;
	return info.id;
}

/* The link id is gone once the last fd of the link is closed. */
static int link_id_alive(__u32 id)
{
	int fd = bpf_link_get_fd_by_id(id);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static __u32 check_attach(struct skel_basic_bpf *skel)
{
	__u64 before, n;
	__u32 id;
	int err;

	err = skel_basic_bpf__attach(skel);
	APP_REQUIRE(!err, "attach: %d", err);
	APP_REQUIRE(skel->links.on_enter, "raw_tp program attached");
	APP_CHECK(!skel->links.compute && !skel->links.manual_tp && !skel->links.pass,
		  "sections without auto-attach get no link");
	before = skel->bss->enter_count;
	make_syscalls(10);
	n = skel->bss->enter_count - before;
	APP_CHECK(n >= 10, "raw_tp counted %llu of 10 syscalls", (unsigned long long)n);
	APP_CHECK(skel->bss->bss_after == skel->bss->enter_count, "static counter mirrors");

	/* detach: links gone, program no longer runs */
	skel_basic_bpf__detach(skel);
	APP_CHECK(!skel->links.on_enter, "link cleared by detach");
	before = skel->bss->enter_count;
	make_syscalls(10);
	APP_CHECK(skel->bss->enter_count == before, "still counting after detach");

	/* attach again; destroy must tear this link down */
	err = skel_basic_bpf__attach(skel);
	APP_REQUIRE(!err && skel->links.on_enter, "re-attach: %d", err);
	id = link_id(skel->links.on_enter);
	APP_CHECK(id && link_id_alive(id), "link id");
	return id;
}

static int run_checks(int argc, char **argv)
{
	struct skel_basic_bpf *skel;
	int fds = app_count_fds(), err;
	__u32 id;

	libbpf_set_print(libbpf_quiet);
	APP_REQUIRE(argc == 2, "usage: app skel_basic.bpf.o");
	check_elf_bytes(argv[1]);

	skel = skel_basic_bpf__open();
	APP_REQUIRE(skel, "open: %d", -errno);
	APP_CHECK(skel->obj && skel->maps.results && skel->maps.bss && skel->progs.on_enter &&
		  skel->progs.compute, "pointers after open");
	APP_CHECK(!strcmp(bpf_object__name(skel->obj), "skel_basic_bpf"), "object name %s",
		  bpf_object__name(skel->obj));
	set_before_load(skel);
	err = skel_basic_bpf__load(skel);
	APP_REQUIRE(!err, "load: %d", err);
	check_test_run(skel);
	id = check_attach(skel);
	skel_basic_bpf__destroy(skel);
	APP_CHECK(!link_id_alive(id), "link %u still alive after destroy", id);

	/* open_and_load with defaults, destroy without attach */
	skel = skel_basic_bpf__open_and_load();
	APP_REQUIRE(skel, "open_and_load: %d", -errno);
	APP_CHECK(skel->rodata->ro_mult == 1 && skel->data->data_add == 5, "fresh defaults");
	skel_basic_bpf__destroy(skel);
	skel_basic_bpf__destroy(NULL);
	return app_finish(argv[0], fds);
}
