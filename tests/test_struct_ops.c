// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* struct_ops (src/struct_ops.c): TCP congestion controls written in BPF,
 * registered with and without a BPF link, proven by the kernel's list of
 * algorithms and by callbacks counted on a real TCP connection; the
 * kernel's bpf_dummy_ops run through BPF_PROG_TEST_RUN; and objects the
 * kernel cannot take, which must fail with one clear reason and no fd
 * left behind. */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "test.h"

#ifndef BPF_F_LINK
#define BPF_F_LINK (1U << 13)
#endif
#define LINK_TYPE_STRUCT_OPS 9
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

/* Layout of struct tcp_congestion_ops in struct_ops_tcp.bpf.c as the
 * map image shows it: programs where the function pointers are. */
struct tcp_image {
	char name[16];
	struct bpf_program *init;
	struct bpf_program *ssthresh;
	struct bpf_program *cong_avoid;
	struct bpf_program *undo_cwnd;
	__u32 flags;
};

/* ... and in struct_ops_link.bpf.c */
struct link_image {
	struct bpf_program *ssthresh;
	struct bpf_program *cong_avoid;
	struct bpf_program *undo_cwnd;
	char name[16];
};

/* Whether name is in the kernel's list of TCP congestion controls. */
static bool ca_available(const char *name)
{
	char buf[1024], *tok, *save = NULL;
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_available_congestion_control", "re");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
		if (!strcmp(tok, name))
			return true;
	return false;
}

static struct bpf_object *open_obj(const char *name)
{
	struct bpf_object *obj = bpf_object__open_file(test_obj_path(name), NULL);

	if (!obj)
		test_fail(__FILE__, __LINE__, "open %s: errno %d", name, errno);
	return obj;
}

TEST(struct_ops_open_maps)
{
	struct bpf_object *obj = open_obj("struct_ops_link");
	struct bpf_map *a, *p;
	struct link_image *img;
	size_t sz = 0;

	ASSERT_PTR(obj);
	a = bpf_object__find_map_by_name(obj, "ca_a");
	p = bpf_object__find_map_by_name(obj, "ca_plain");
	ASSERT_PTR(a);
	ASSERT_PTR(p);
	CHECK_EQ(bpf_map__type(a), BPF_MAP_TYPE_STRUCT_OPS);
	CHECK_EQ(bpf_map__key_size(a), 4);
	CHECK_EQ(bpf_map__max_entries(a), 1);
	CHECK_EQ(bpf_map__value_size(a), sizeof(struct link_image));
	CHECK_EQ(bpf_map__map_flags(a), BPF_F_LINK);
	CHECK_EQ(bpf_map__map_flags(p), 0);
	img = bpf_map__initial_value(a, &sz);
	ASSERT_PTR(img);
	CHECK_EQ(sz, sizeof(*img));
	CHECK(!strcmp(img->name, "bk_ca_l"), "name '%.16s'", img->name);
	/* function pointer members show the programs bound to them */
	CHECK(img->ssthresh == bpf_object__find_program_by_name(obj, "lk_ssthresh"), "ssthresh");
	CHECK(img->undo_cwnd == bpf_object__find_program_by_name(obj, "lk_undo_cwnd"), "undo");
	CHECK_EQ(bpf_program__type(img->ssthresh), BPF_PROG_TYPE_STRUCT_OPS);
	CHECK(bpf_program__autoload(img->ssthresh), "bound programs load");
	CHECK(!bpf_program__autoload(bpf_object__find_program_by_name(obj, "lk_unused")),
	      "a struct_ops program no map uses is not loaded");
	/* "?.struct_ops.link": a link map, not created by default */
	p = bpf_object__find_map_by_name(obj, "ca_opt");
	ASSERT_PTR(p);
	CHECK_EQ(bpf_map__map_flags(p), BPF_F_LINK);
	CHECK(!bpf_map__autocreate(p), "ca_opt created by default");
	CHECK(bpf_map__autocreate(a), "ca_a not created by default");
	/* plain data maps keep their own initial value API */
	CHECK_EQ(bpf_map__set_initial_value(a, img, sz), -EINVAL);
	bpf_object__close(obj);
}

TEST(struct_ops_open_bad_ptr)
{
	struct bpf_object *obj;

	obj = bpf_object__open_file(test_obj_path("struct_ops_bad_ptr"), NULL);
	ASSERT_EQ(obj, NULL);
	CHECK_EQ(errno, EINVAL);
}

static void *slurp(const char *path, size_t *size)
{
	struct stat st;
	void *buf = NULL;
	FILE *f = fopen(path, "rbe");

	if (!f)
		return NULL;
	if (!fstat(fileno(f), &st) && st.st_size > 0 && (buf = malloc(st.st_size)) &&
	    fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = buf ? (size_t)st.st_size : 0;
	return buf;
}

/* Section named name of the ELF image buf, or NULL. */
static Elf64_Shdr *find_sec(void *buf, const char *name)
{
	Elf64_Ehdr *eh = buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)((char *)buf + eh->e_shoff);
	const char *strs = (char *)buf + sh[eh->e_shstrndx].sh_offset;

	for (int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(strs + sh[i].sh_name, name))
			return &sh[i];
	return NULL;
}

static char logbuf[4096];
static size_t loglen;

static int capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	(void)level;
	if (loglen >= sizeof(logbuf) - 1)
		return 0;
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen = loglen + n < sizeof(logbuf) ? loglen + n : sizeof(logbuf) - 1;
	return 0;
}

/* Relocations of the struct_ops section that point nowhere useful. */
TEST(struct_ops_open_bad_relocation)
{
	libbpf_print_fn_t old;
	struct bpf_object *obj;
	Elf64_Shdr *rs;
	Elf64_Rel *rel;
	size_t sz;
	void *buf = slurp(test_obj_path("struct_ops_link"), &sz);

	ASSERT_PTR(buf);
	rs = find_sec(buf, ".rel.struct_ops.link");
	if (!rs)
		free(buf);
	ASSERT_PTR(rs);
	rel = (Elf64_Rel *)((char *)buf + rs->sh_offset);
	old = libbpf_set_print(capture);

	loglen = 0;
	rel->r_offset += 3;
	obj = bpf_object__open_mem(buf, sz, NULL);
	CHECK(!obj && errno == EINVAL, "inside a member: errno %d", errno);
	CHECK(strstr(logbuf, "is not at a member"), "log: %s", logbuf);
	bpf_object__close(obj);

	loglen = 0;
	rel->r_offset = 1u << 20;
	obj = bpf_object__open_mem(buf, sz, NULL);
	CHECK(!obj && errno == LIBBPF_ERRNO__FORMAT, "outside: errno %d", errno);
	CHECK(strstr(logbuf, "outside every struct_ops variable"), "log: %s", logbuf);
	bpf_object__close(obj);

	/* the name[] member: not a function pointer */
	loglen = 0;
	rel->r_offset = 24;
	obj = bpf_object__open_mem(buf, sz, NULL);
	CHECK(!obj && errno == EINVAL, "data member: errno %d", errno);
	CHECK(strstr(logbuf, "is not a function pointer member"), "log: %s", logbuf);
	bpf_object__close(obj);
	libbpf_set_print(old);
	free(buf);
}

/* Random damage to the struct_ops sections, their relocations and BTF
 * must never crash open (ASan checks memory). Fixed xorshift seed. */
TEST(struct_ops_open_mutated)
{
	static const char *const secs[] = { ".struct_ops", ".struct_ops.link",
					    ".rel.struct_ops", ".rel.struct_ops.link", ".BTF",
					    ".symtab" };
	unsigned char *orig, *buf;
	__u64 x = 0x2545f4914f6cdd1dull;
	size_t sz, rg[6][2];
	int opened = 0;
	libbpf_print_fn_t old;

	orig = slurp(test_obj_path("struct_ops_link"), &sz);
	ASSERT_PTR(orig);
	for (int i = 0; i < 6; i++) {
		Elf64_Shdr *sh = find_sec(orig, secs[i]);

		rg[i][0] = sh ? sh->sh_offset : 0;
		rg[i][1] = sh && sh->sh_size ? sh->sh_size : 1;
	}
	buf = malloc(sz);
	ASSERT_PTR(buf);
	old = libbpf_set_print(NULL);
	for (int iter = 0; iter < 4000; iter++) {
		struct bpf_object *obj;
		struct bpf_map *m;

		memcpy(buf, orig, sz);
		for (int k = 0; k < 1 + iter % 3; k++) {
			const size_t *r;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			r = rg[(x >> 40) % 6];
			buf[(r[0] + (x >> 8) % r[1]) % sz] = x >> 56;
		}
		obj = bpf_object__open_mem(buf, sz, NULL);
		if (!obj)
			continue;
		opened++;
		bpf_object__for_each_map(m, obj) {
			size_t isz = 0;
			unsigned char *img = bpf_map__initial_value(m, &isz);

			for (size_t b = 0; img && b < isz; b++)
				img[b] ^= 0xff;
		}
		bpf_object__close(obj);
	}
	libbpf_set_print(old);
	test_log("mutated struct_ops objects still opening: %d of 4000\n", opened);
	CHECK_GT(opened, 0);
	free(buf);
	free(orig);
}

/* The socket really runs ca (TCP_CONGESTION reads it back); its
 * congestion window goes to *cwnd. 0 or -1. */
static int check_ca_cwnd(int fd, const char *ca, __u32 *cwnd)
{
	char got[16] = "";
	socklen_t len = sizeof(got);
	struct tcp_info ti = {};

	if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, got, &len) ||
	    strncmp(got, ca, sizeof(got))) {
		test_log("socket runs '%.16s', not '%s'\n", got, ca);
		return -1;
	}
	len = sizeof(ti);
	if (cwnd && getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		return -1;
	if (cwnd)
		*cwnd = ti.tcpi_snd_cwnd;
	return 0;
}

/* A loopback TCP connection whose client uses congestion control ca;
 * moves some data to the server. 0 or -errno; *cwnd (if given) gets the
 * client's congestion window at the end. */
static int tcp_exchange_cwnd(const char *ca, __u32 *cwnd)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int lfd = -1, cfd = -1, afd = -1, err = -1;
	static char buf[65536];
	ssize_t got = 0;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || cfd < 0 || bind(lfd, (void *)&sa, sizeof(sa)) || listen(lfd, 1) ||
	    getsockname(lfd, (void *)&sa, &len))
		goto out;
	if (setsockopt(cfd, IPPROTO_TCP, TCP_CONGESTION, ca, strlen(ca))) {
		test_log("TCP_CONGESTION %s: %s\n", ca, strerror(errno));
		goto out;
	}
	if (connect(cfd, (void *)&sa, sizeof(sa)))
		goto out;
	afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (afd < 0)
		goto out;
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < 16; i++) {
		ssize_t n;

		if (send(cfd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
			goto out;
		for (size_t left = sizeof(buf); left; left -= n, got += n) {
			n = recv(afd, buf, left, 0);
			if (n <= 0)
				goto out;
		}
	}
	if (check_ca_cwnd(cfd, ca, cwnd))
		goto out;
	err = 0;
out:
	if (err)
		err = -errno ? -errno : -EINVAL;
	if (afd >= 0)
		close(afd);
	if (cfd >= 0)
		close(cfd);
	if (lfd >= 0)
		close(lfd);
	return err;
}

static int tcp_exchange(const char *ca)
{
	return tcp_exchange_cwnd(ca, NULL);
}

KTEST(struct_ops_tcp_register)
{
	struct bpf_object *obj = NULL;
	struct bpf_link *link = NULL;
	struct kenv_netns ns = {};
	struct tcp_image *img;
	struct bpf_map *map;
	char name[16];
	__u32 cwnd = 0;
	__u64 *calls;
	size_t sz;

	/* first: a skip must leave nothing open or registered */
	kenv_netns_or_skip(&ns);
	obj = open_obj("struct_ops_tcp");
	GO_TRUE(obj);
	map = bpf_object__find_map_by_name(obj, "bk_ca");
	GO_TRUE(map);
	img = bpf_map__initial_value(map, &sz);
	GO_TRUE(img && sz == sizeof(*img));
	/* a per-run name, edited into the image before load */
	snprintf(name, sizeof(name), "bk%d", (int)getpid());
	memset(img->name, 0, sizeof(img->name));
	strcpy(img->name, name);
	GO_OK(bpf_object__load(obj));
	GO_GT(bpf_program__fd(img->init), 2);
	/* the value size is the kernel's from now on */
	GO_GT(bpf_map__value_size(map), sizeof(*img));
	GO_TRUE(!ca_available(name));

	link = bpf_map__attach_struct_ops(map);
	GO_TRUE(link);
	GO_TRUE(ca_available(name));

	/* the kernel calls the programs for a connection that uses it */
	calls = bpf_map__initial_value(bpf_object__find_map_by_name(obj, ".bss"), &sz);
	GO_TRUE(calls && sz >= 4 * sizeof(__u64));
	GO_OK(tcp_exchange_cwnd(name, &cwnd));
	/* loopback's 64 KiB segments rarely make the window the limit, so
	 * Reno need not grow it: shown, not checked */
	test_log("cwnd after the transfer: %u\n", cwnd);
	kenv_netns_leave(&ns);
	test_log("calls: init %llu ssthresh %llu cong_avoid %llu undo %llu\n",
		 (unsigned long long)calls[0], (unsigned long long)calls[1],
		 (unsigned long long)calls[2], (unsigned long long)calls[3]);
	GO_GE(calls[0], 1);
	GO_GE(calls[2], 1);

	/* a second registration of the same map is refused */
	GO_TRUE(!bpf_map__attach_struct_ops(map));
	GO_EQ(bpf_link__destroy(link), 0);
	link = NULL;
	GO_TRUE(!ca_available(name));
out:
	kenv_netns_leave(&ns);
	bpf_link__destroy(link);
	bpf_object__close(obj);
}

KTEST(struct_ops_link_update)
{
	struct bpf_object *obj = NULL;
	struct bpf_link *link = NULL, *plain = NULL;
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);
	struct bpf_map *a, *b, *p;
	struct kenv_netns ns = {};
	struct link_image *img;
	char nl[16], np[16];
	__u64 *calls, a0;
	size_t sz;

	/* first: a skip must leave nothing open or registered */
	kenv_netns_or_skip(&ns);
	obj = open_obj("struct_ops_link");
	GO_TRUE(obj);
	a = bpf_object__find_map_by_name(obj, "ca_a");
	b = bpf_object__find_map_by_name(obj, "ca_b");
	p = bpf_object__find_map_by_name(obj, "ca_plain");
	GO_TRUE(a && b && p);
	/* a and b are versions of one algorithm: the kernel only swaps
	 * an algorithm for one of the same name */
	snprintf(nl, sizeof(nl), "bkl%d", (int)getpid());
	snprintf(np, sizeof(np), "bkp%d", (int)getpid());
	img = bpf_map__initial_value(a, NULL);
	snprintf(img->name, sizeof(img->name), "%s", nl);
	img = bpf_map__initial_value(b, NULL);
	snprintf(img->name, sizeof(img->name), "%s", nl);
	img = bpf_map__initial_value(p, NULL);
	snprintf(img->name, sizeof(img->name), "%s", np);
	GO_OK(bpf_object__load(obj));
	calls = bpf_map__initial_value(bpf_object__find_map_by_name(obj, ".bss"), &sz);
	GO_TRUE(calls && sz >= 2 * sizeof(__u64));

	link = bpf_map__attach_struct_ops(a);
	GO_TRUE(link);
	GO_OK(bpf_link_get_info_by_fd(bpf_link__fd(link), &info, &len));
	GO_EQ(info.type, LINK_TYPE_STRUCT_OPS);
	GO_TRUE(ca_available(nl));
	GO_OK(tcp_exchange(nl));
	GO_GT(calls[0], 0);
	GO_EQ(calls[1], 0);

	/* the same link now runs b */
	GO_OK(bpf_link__update_map(link, b));
	GO_TRUE(ca_available(nl));
	a0 = calls[0];
	GO_OK(tcp_exchange(nl));
	GO_EQ(calls[0], a0);
	GO_GT(calls[1], 0);
	kenv_netns_leave(&ns);
	/* a map without BPF_F_LINK cannot stand behind a link */
	GO_ERR(bpf_link__update_map(link, p), EINVAL);
	GO_TRUE(ca_available(nl));
	GO_TRUE(!ca_available(np));

	/* a registration without a link is no link to update */
	plain = bpf_map__attach_struct_ops(p);
	GO_TRUE(plain);
	GO_TRUE(ca_available(np));
	GO_ERR(bpf_link__update_map(plain, a), EINVAL);
	GO_EQ(bpf_link__destroy(plain), 0);
	plain = NULL;
	GO_TRUE(!ca_available(np));

	GO_EQ(bpf_link__destroy(link), 0);
	link = NULL;
	GO_TRUE(!ca_available(nl));
out:
	kenv_netns_leave(&ns);
	bpf_link__destroy(plain);
	bpf_link__destroy(link);
	bpf_object__close(obj);
}

/* Closing the object first: the link still unregisters on destroy. */
KTEST(struct_ops_destroy_after_close)
{
	struct bpf_object *obj = open_obj("struct_ops_link");
	struct bpf_link *plain = NULL;
	struct link_image *img;
	struct bpf_map *p;
	char np[16];

	ASSERT_PTR(obj);
	p = bpf_object__find_map_by_name(obj, "ca_plain");
	GO_TRUE(p);
	/* only ca_plain: the link maps and their use of the programs go */
	GO_OK(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "ca_a"), false));
	GO_OK(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "ca_b"), false));
	snprintf(np, sizeof(np), "bkq%d", (int)getpid());
	img = bpf_map__initial_value(p, NULL);
	snprintf(img->name, sizeof(img->name), "%s", np);
	GO_OK(bpf_object__load(obj));
	GO_EQ(bpf_map__fd(bpf_object__find_map_by_name(obj, "ca_a")), -1);
	plain = bpf_map__attach_struct_ops(p);
	GO_TRUE(plain);
	GO_TRUE(ca_available(np));
	bpf_object__close(obj);
	obj = NULL;
	GO_TRUE(ca_available(np));
	GO_EQ(bpf_link__destroy(plain), 0);
	plain = NULL;
	GO_TRUE(!ca_available(np));
out:
	bpf_link__destroy(plain);
	bpf_object__close(obj);
}

static __u32 vmlinux_struct_size(const char *name)
{
	struct btf *btf = btf__load_vmlinux_btf();
	int id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT) : -1;
	__u32 size = id > 0 ? btf__type_by_id(btf, id)->size : 0;

	btf__free(btf);
	return size;
}

struct dummy_state {
	int val;
};

KTEST(struct_ops_dummy_test_run)
{
	struct bpf_object *obj = open_obj("struct_ops_dummy");
	struct dummy_state st = { .val = 7 };
	__u64 args[1] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));
	struct bpf_program *p1, *ps;
	struct bpf_map *map;
	int err;

	ASSERT_PTR(obj);
	p1 = bpf_object__find_program_by_name(obj, "dummy_1");
	ps = bpf_object__find_program_by_name(obj, "dummy_sleepable");
	GO_TRUE(p1 && ps);
	GO_TRUE(bpf_program__flags(ps) & BPF_F_SLEEPABLE);
	/* prepare creates the map with the kernel's value size */
	GO_OK(bpf_object__prepare(obj));
	map = bpf_object__find_map_by_name(obj, "dummy");
	GO_TRUE(map);
	GO_GT(bpf_map__fd(map), 2);
	GO_EQ(bpf_map__value_size(map), vmlinux_struct_size("bpf_struct_ops_bpf_dummy_ops"));
	GO_OK(bpf_object__load(obj));
	GO_EQ(bpf_program__expected_attach_type(p1), 0);	/* test_1: member 0 */
	GO_EQ(bpf_program__expected_attach_type(ps), 2);	/* test_sleepable */

	err = bpf_prog_test_run_opts(bpf_program__fd(p1), &o);
	if (err && (errno == EPERM || errno == EOPNOTSUPP || errno == ENOTSUPP)) {
		bpf_object__close(obj);
		test_skip_absent("struct_ops test run refused here: %s", strerror(errno));
	}
	GO_OK(err);
	GO_EQ(o.retval, 42);
	args[0] = (__u64)(unsigned long)&st;
	GO_OK(bpf_prog_test_run_opts(bpf_program__fd(p1), &o));
	GO_EQ(o.retval, 107);
	GO_EQ(st.val, 9);
out:
	bpf_object__close(obj);
}

/* Load struct_ops_bad with only map `only` created: must fail with
 * err, leaving no fd behind. */
static void bad_load(const char *only, int want)
{
	static const char *const maps[] = { "unknown_type", "set_extra", "prog_owner",
					    "zero_extra", "reuse_wrong", "wide_flags" };
	struct bpf_object *obj = open_obj("struct_ops_bad");
	int fds, err;

	ASSERT_PTR(obj);
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		GO_OK(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, maps[i]),
					      !strcmp(maps[i], only)));
	fds = test_count_fds();
	err = bpf_object__load(obj);
	GO_EQ(err, want);
	GO_EQ(errno, -want);
	GO_EQ(test_count_fds(), fds);
out:
	bpf_object__close(obj);
}

KTEST(struct_ops_bad_inputs)
{
	struct bpf_object *obj;

	/* struct bk_no_such_ops is not a kernel struct */
	bad_load("unknown_type", -ENOENT);
	/* bk_extra is set, the kernel has no such member */
	bad_load("set_extra", -ENOTSUP);
	/* a program in tcp_congestion_ops.owner, a struct module * */
	bad_load("prog_owner", -EINVAL);
	/* one program for ssthresh and undo_cwnd */
	bad_load("reuse_wrong", -EINVAL);
	/* tcp_congestion_ops___wide: a u64 flags against the kernel's u32 */
	bad_load("wide_flags", -ENOTSUP);

	/* unknown member left zero: skipped */
	obj = open_obj("struct_ops_bad");
	ASSERT_PTR(obj);
	CHECK_EQ(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "unknown_type"), false), 0);
	CHECK_EQ(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "set_extra"), false), 0);
	CHECK_EQ(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "prog_owner"), false), 0);
	CHECK_EQ(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "reuse_wrong"), false), 0);
	CHECK_EQ(bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "wide_flags"), false), 0);
	CHECK_EQ(bpf_object__load(obj), 0);
	CHECK_GT(bpf_map__fd(bpf_object__find_map_by_name(obj, "zero_extra")), 2);
	CHECK_EQ(bpf_map__fd(bpf_object__find_map_by_name(obj, "set_extra")), -1);
	/* bad_owner only served a map not created: not loaded */
	CHECK_EQ(bpf_program__fd(bpf_object__find_program_by_name(obj, "bad_owner")), -ENOENT);
	CHECK_GT(bpf_program__fd(bpf_object__find_program_by_name(obj, "bad_ssthresh")), 2);
	bpf_object__close(obj);
}

KTEST(struct_ops_unused_prog_forced)
{
	struct bpf_object *obj = open_obj("struct_ops_link");
	struct bpf_program *unused;

	ASSERT_PTR(obj);
	unused = bpf_object__find_program_by_name(obj, "lk_unused");
	GO_TRUE(unused && !bpf_program__autoload(unused));
	/* a program no map uses has nothing to be verified against */
	GO_OK(bpf_program__set_autoload(unused, true));
	GO_ERR(bpf_object__load(obj), EINVAL);
out:
	bpf_object__close(obj);
}

KTEST(struct_ops_image_edit_and_autocreate)
{
	struct bpf_object *obj = open_obj("struct_ops_tcp");
	struct bpf_program *init;
	struct bpf_link *link = NULL;
	struct tcp_image *img;
	struct bpf_map *map;

	ASSERT_PTR(obj);
	map = bpf_object__find_map_by_name(obj, "bk_ca");
	GO_TRUE(map);
	img = bpf_map__initial_value(map, NULL);
	GO_TRUE(img);
	init = img->init;
	/* the image decides: init cleared, so its program is not loaded */
	img->init = NULL;
	snprintf(img->name, sizeof(img->name), "bi%d", (int)getpid());
	GO_OK(bpf_object__load(obj));
	GO_EQ(bpf_program__fd(init), -ENOENT);
	link = bpf_map__attach_struct_ops(map);
	GO_TRUE(link);
	GO_TRUE(ca_available(img->name));
	GO_EQ(bpf_link__destroy(link), 0);
	link = NULL;
	GO_TRUE(!ca_available(img->name));
	bpf_object__close(obj);

	/* not created: no map, its programs not loaded, attach refused */
	obj = open_obj("struct_ops_tcp");
	ASSERT_PTR(obj);
	map = bpf_object__find_map_by_name(obj, "bk_ca");
	GO_OK(bpf_map__set_autocreate(map, false));
	GO_OK(bpf_object__load(obj));
	GO_EQ(bpf_map__fd(map), -1);
	GO_EQ(bpf_program__fd(bpf_object__find_program_by_name(obj, "bk_ssthresh")), -ENOENT);
	GO_TRUE(!bpf_map__attach_struct_ops(map));
	GO_EQ(errno, EINVAL);
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
}

KTEST(struct_ops_assoc)
{
	struct bpf_object *obj = open_obj("struct_ops_dummy");
	struct bpf_program *p1, *tc;
	struct bpf_map *map;
	int err;

	ASSERT_PTR(obj);
	p1 = bpf_object__find_program_by_name(obj, "dummy_1");
	tc = bpf_object__find_program_by_name(obj, "plain_tc");
	map = bpf_object__find_map_by_name(obj, "dummy");
	GO_TRUE(p1 && tc && map);
	/* not loaded yet */
	GO_ERR(bpf_program__assoc_struct_ops(tc, map, NULL), EINVAL);
	GO_OK(bpf_object__load(obj));
	/* struct_ops programs themselves are refused by the library */
	GO_ERR(bpf_program__assoc_struct_ops(p1, map, NULL), EINVAL);
	GO_ERR(bpf_program__assoc_struct_ops(tc, NULL, NULL), EINVAL);
	/* kernels before BPF_PROG_ASSOC_STRUCT_OPS refuse the command:
	 * their error comes back as is */
	errno = 0;
	err = bpf_program__assoc_struct_ops(tc, map, NULL);
	test_log("assoc: %d (errno %d)\n", err, errno);
	GO_TRUE(err == 0 || (err < 0 && errno == -err));
out:
	bpf_object__close(obj);
}
