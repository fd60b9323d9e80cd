// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Light skeletons: bpf_object__gen_loader() records instead of loading,
 * the loader program it emits (run with <bpf/skel_internal.h>'s
 * bpf_load_and_run()) creates working maps and programs, and a header from
 * `bpfkit gen skeleton -L` drives an app that does not link bpfkit.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/skel_internal.h>

#include "test.h"

/* Live maps or programs (maps: true) named name (names are unique to
 * these tests, so other runs on the machine do not disturb the count). */
static int count_named(bool maps, const char *name)
{
	__u32 id = 0;
	int n = 0;

	for (;;) {
		int fd, err;

		err = maps ? bpf_map_get_next_id(id, &id) : bpf_prog_get_next_id(id, &id);
		if (err)
			break;
		fd = maps ? bpf_map_get_fd_by_id(id) : bpf_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;
		if (maps) {
			struct bpf_map_info info = {};
			__u32 len = sizeof(info);

			if (!bpf_map_get_info_by_fd(fd, &info, &len) && !strcmp(info.name, name))
				n++;
		} else {
			struct bpf_prog_info info = {};
			__u32 len = sizeof(info);

			if (!bpf_prog_get_info_by_fd(fd, &info, &len) && !strcmp(info.name, name))
				n++;
		}
		close(fd);
	}
	return n;
}

/* Freed objects leave the id table after an RCU grace period: wait. */
static int count_named_settled(bool maps, const char *name, int want)
{
	int n = -1;

	for (int i = 0; i < 200 && n != want; i++) {
		if (i)
			usleep(10000);
		n = count_named(maps, name);
	}
	return n;
}

/* Index of map name / main program name in object order (the desc order). */
static int map_index(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m;
	int i = 0;

	bpf_object__for_each_map(m, obj) {
		if (!strcmp(bpf_map__name(m), name))
			return i;
		i++;
	}
	return -1;
}

static int prog_index(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p;
	int i = 0;

	bpf_object__for_each_program(p, obj) {
		if (!strcmp(bpf_program__name(p), name))
			return i;
		i++;
	}
	return -1;
}

struct lctx {
	struct bpf_loader_ctx *ctx;
	struct bpf_map_desc *maps;
	struct bpf_prog_desc *progs;
	int nr_maps, nr_progs;
};

static int count_progs(struct bpf_object *obj)
{
	struct bpf_program *p;
	int n = 0;

	bpf_object__for_each_program(p, obj)
		n++;
	return n;
}

static void lctx_init(struct lctx *l, struct bpf_object *obj)
{
	struct bpf_map *m;
	size_t sz;

	l->nr_maps = 0;
	bpf_object__for_each_map(m, obj)
		l->nr_maps++;
	l->nr_progs = count_progs(obj);
	sz = sizeof(*l->ctx) + l->nr_maps * sizeof(struct bpf_map_desc) +
	     l->nr_progs * sizeof(struct bpf_prog_desc);
	l->ctx = calloc(1, sz);
	ASSERT_PTR(l->ctx);
	l->ctx->sz = sz;
	l->maps = (void *)(l->ctx + 1);
	l->progs = (void *)(l->maps + l->nr_maps);
}

static void lctx_close(struct lctx *l)
{
	for (int i = 0; i < l->nr_maps; i++)
		skel_closenz(l->maps[i].map_fd);
	for (int i = 0; i < l->nr_progs; i++)
		skel_closenz(l->progs[i].prog_fd);
	free(l->ctx);
	l->ctx = NULL;
}

static struct bpf_object *open_gen(const char *name, struct gen_loader_opts *g)
{
	struct bpf_object *obj = bpf_object__open_file(test_obj_path(name), NULL);

	ASSERT_PTR(obj);
	memset(g, 0, sizeof(*g));
	g->sz = sizeof(*g);
	ASSERT_EQ(bpf_object__gen_loader(obj, g), 0);
	return obj;
}

static int run_loader(struct gen_loader_opts *g, struct lctx *l, const char **errstr)
{
	struct bpf_load_and_run_opts o = {
		.ctx = l->ctx, .data = g->data, .insns = g->insns,
		.data_sz = g->data_sz, .insns_sz = g->insns_sz,
	};
	int err = bpf_load_and_run(&o);

	if (errstr)
		*errstr = o.errstr;
	return err;
}

KTEST(gen_loader_ctx_layout)
{
	/* the offsets the generated loader writes (gen_loader.c) */
	ASSERT_EQ(sizeof(struct bpf_loader_ctx), 24);
	ASSERT_EQ(offsetof(struct bpf_loader_ctx, log_buf), 16);
	ASSERT_EQ(sizeof(struct bpf_map_desc), 16);
	ASSERT_EQ(offsetof(struct bpf_map_desc, max_entries), 4);
	ASSERT_EQ(offsetof(struct bpf_map_desc, initial_value), 8);
	ASSERT_EQ(sizeof(struct bpf_prog_desc), 4);
}

KTEST(gen_loader_basic)
{
	struct gen_loader_opts g;
	struct bpf_object *obj;
	struct lctx l;
	const char *es = NULL;
	int cnt, dat, ro, bss, sum, err, zero = 0;
	__u64 v;
	__u32 v32;

	obj = open_gen("lskel_basic", &g);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_PTR(g.insns);
	ASSERT_PTR(g.data);
	ASSERT_GT(g.insns_sz, 0);
	ASSERT_EQ(g.insns_sz % sizeof(struct bpf_insn), 0);
	/* the load recorded, it created nothing */
	CHECK_EQ(count_named(true, "lskel_counts"), 0);
	CHECK_EQ(count_named(false, "lskel_sum"), 0);
	CHECK(bpf_program__fd(bpf_object__find_program_by_name(obj, "lskel_sum")) < 0,
	      "program got an fd");
	CHECK(bpf_map__fd(bpf_object__find_map_by_name(obj, "lskel_counts")) < 0,
	      "map got an fd");

	lctx_init(&l, obj);
	cnt = map_index(obj, "lskel_counts");
	dat = map_index(obj, "lskel_ba.data");
	ro = map_index(obj, "lskel_ba.rodata");
	bss = map_index(obj, "lskel_ba.bss");
	sum = prog_index(obj, "lskel_sum");
	ASSERT(cnt >= 0 && dat >= 0 && ro >= 0 && bss >= 0 && sum >= 0, "maps/progs not found");

	err = run_loader(&g, &l, &es);
	if (err)
		test_fail(__FILE__, __LINE__, "loader: %d (%s)", err, es ? es : "");
	ASSERT_EQ(err, 0);
	bpf_object__close(obj);
	ASSERT_GT(l.maps[cnt].map_fd, 2);
	ASSERT_GT(l.progs[sum].prog_fd, 2);
	CHECK_EQ(count_named(true, "lskel_counts"), 1);

	/* global data came from the object image */
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[dat].map_fd, &zero, &v), 0);
	CHECK_EQ(v, 7);
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[ro].map_fd, &zero, &v32), 0);
	CHECK_EQ(v32, 35);
	/* .rodata is frozen */
	CHECK_EQ(bpf_map_update_elem(l.maps[ro].map_fd, &zero, &v32, 0), -EPERM);

	/* the program uses its map and globals: 35 + 7 + count */
	LIBBPF_OPTS(bpf_test_run_opts, t);
	ASSERT_EQ(bpf_prog_test_run_opts(l.progs[sum].prog_fd, &t), 0);
	CHECK_EQ(t.retval, 35 + 7 + 1);
	ASSERT_EQ(bpf_prog_test_run_opts(l.progs[sum].prog_fd, &t), 0);
	CHECK_EQ(t.retval, 35 + 7 + 2);
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[cnt].map_fd, &zero, &v), 0);
	CHECK_EQ(v, 2);
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[bss].map_fd, &zero, &v), 0);
	CHECK_EQ(v, 2);
	lctx_close(&l);
	CHECK_EQ(count_named_settled(true, "lskel_counts", 0), 0);
}

/* initial_value / max_entries given in the descs win over the object's,
 * and a raw tracepoint attached with skel_raw_tracepoint_open() counts. */
KTEST(gen_loader_descs_raw_tp)
{
	struct gen_loader_opts g;
	struct bpf_object *obj;
	struct lctx l;
	int cnt, ro, dat, prog, link, err, one = 1;
	__u64 v, before;
	__u32 *rodata;
	__u64 *data;
	size_t pg = sysconf(_SC_PAGESIZE);

	obj = open_gen("lskel_basic", &g);
	ASSERT_EQ(bpf_object__load(obj), 0);
	lctx_init(&l, obj);
	cnt = map_index(obj, "lskel_counts");
	ro = map_index(obj, "lskel_ba.rodata");
	dat = map_index(obj, "lskel_ba.data");
	prog = prog_index(obj, "lskel_count");
	ASSERT(cnt >= 0 && ro >= 0 && dat >= 0 && prog >= 0, "maps/progs not found");

	rodata = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	data = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT(rodata != MAP_FAILED && data != MAP_FAILED, "mmap");
	rodata[0] = 99;			/* lskel_ro_val */
	rodata[1] = getpid();		/* lskel_target_pid */
	data[0] = 1000;
	l.maps[ro].initial_value = (long)rodata;
	l.maps[dat].initial_value = (long)data;
	l.maps[cnt].max_entries = 16;

	err = run_loader(&g, &l, NULL);
	bpf_object__close(obj);
	munmap(rodata, pg);
	munmap(data, pg);
	ASSERT_EQ(err, 0);

	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	ASSERT_EQ(bpf_map_get_info_by_fd(l.maps[cnt].map_fd, &info, &len), 0);
	CHECK_EQ(info.max_entries, 16);
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[ro].map_fd, &(int){ 0 }, &info), 0);
	CHECK_EQ(((__u32 *)&info)[0], 99);
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[dat].map_fd, &(int){ 0 }, &v), 0);
	CHECK_EQ(v, 1000);

	link = skel_raw_tracepoint_open("sys_enter", l.progs[prog].prog_fd);
	ASSERT_GT(link, 2);
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[cnt].map_fd, &one, &before), 0);
	for (int i = 0; i < 10; i++)
		syscall(SYS_getppid);
	ASSERT_EQ(bpf_map_lookup_elem(l.maps[cnt].map_fd, &one, &v), 0);
	close(link);
	CHECK_GE(v - before, 10);
	lctx_close(&l);
}

/* A program the verifier refuses: the loader fails with the kernel's
 * error, closes what it created, and the verifier log reaches ctx's
 * log_buf. */
KTEST(gen_loader_failure_cleans_up)
{
	struct gen_loader_opts g;
	struct bpf_object *obj;
	struct lctx l;
	const char *es = NULL;
	char *log;
	int err;

	obj = open_gen("lskel_bad", &g);
	ASSERT_EQ(bpf_object__load(obj), 0);
	lctx_init(&l, obj);
	log = calloc(1, 1 << 16);
	ASSERT_PTR(log);
	l.ctx->log_level = 1;
	l.ctx->log_size = 1 << 16;
	l.ctx->log_buf = (long)log;
	err = run_loader(&g, &l, &es);
	bpf_object__close(obj);
	CHECK(err < 0, "loader succeeded: %d", err);
	CHECK_EQ(errno, -err);
	CHECK(es && strstr(es, "loader prog failed"), "errstr '%s'", es ? es : "");
	CHECK(strstr(log, "invalid mem access"), "no verifier log of the program");
	test_log("err %d verifier log: %.600s\n", err, log);
	/* nothing left: no fds written, maps closed by the loader */
	for (int i = 0; i < l.nr_maps; i++)
		CHECK_EQ(l.maps[i].map_fd, 0);
	CHECK_EQ(count_named_settled(true, "lskel_bad_map", 0), 0);
	free(log);
	lctx_close(&l);
}

KTEST(gen_loader_errors)
{
	struct gen_loader_opts g = { .sz = sizeof(g) };
	struct {
		struct gen_loader_opts o;
		long extra;
	} big = { .o.sz = sizeof(big), .extra = 1 };
	struct bpf_object *obj;

	obj = bpf_object__open_file(test_obj_path("lskel_basic"), NULL);
	ASSERT_PTR(obj);
	ASSERT_ERR(bpf_object__gen_loader(NULL, &g), EINVAL);
	ASSERT_ERR(bpf_object__gen_loader(obj, NULL), EINVAL);
	ASSERT_ERR(bpf_object__gen_loader(obj, &big.o), EINVAL);
	g.gen_hash = true;
	ASSERT_ERR(bpf_object__gen_loader(obj, &g), EOPNOTSUPP);
	g.gen_hash = false;
	ASSERT_EQ(bpf_object__gen_loader(obj, &g), 0);
	ASSERT_ERR(bpf_object__gen_loader(obj, &g), EBUSY);
	ASSERT_ERR(bpf_object__prepare(obj), EOPNOTSUPP);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_ERR(bpf_object__load(obj), EINVAL);
	bpf_object__close(obj);

	/* after a real load it is too late */
	obj = bpf_object__open_file(test_obj_path("lskel_basic"), NULL);
	ASSERT_PTR(obj);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_ERR(bpf_object__gen_loader(obj, &g), EBUSY);
	bpf_object__close(obj);

	/* a signed loader is refused by bpf_load_and_run() */
	struct bpf_loader_ctx ctx = { .sz = sizeof(ctx) };
	struct bpf_load_and_run_opts lo = { .ctx = &ctx, .signature = &ctx, .signature_sz = 4 };

	ASSERT_EQ(bpf_load_and_run(&lo), -EOPNOTSUPP);
	CHECK(lo.errstr != NULL, "no errstr");
}

/* Shell command status (-1: did not run / killed). */
static int sh(const char *cmd)
{
	int st = system(cmd);

	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Header for lskel_basic from gen (a shell command taking the object),
 * compiled with tests/lskel/app.c against our <bpf/skel_internal.h> only
 * (no bpfkit library), then run. */
static void lskel_app(const char *gen, const char *defs)
{
	char dir[] = "/tmp/bpfkit-lskel-XXXXXX", cmd[2048];
	int rc;

	if (sh("command -v cc >/dev/null 2>&1"))
		test_skip(true, "no C compiler to build the light skeleton app");
	ASSERT_PTR(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "%s %s > %s/lskel_basic.lskel.h", gen,
		 test_obj_path("lskel_basic"), dir);
	rc = sh(cmd);
	CHECK_EQ(rc, 0);
	if (!rc) {
		snprintf(cmd, sizeof(cmd),
			 "cc -std=gnu11 -Wall -Wextra -Werror %s -I%s -I%s -I%s %s -o %s/app",
			 defs, test_src_path("include"), test_build_path("include"), dir,
			 test_src_path("tests/lskel/app.c"), dir);
		rc = sh(cmd);
		CHECK(rc == 0, "light skeleton app does not build: %s", cmd);
	}
	if (!rc) {
		snprintf(cmd, sizeof(cmd), "%s/app", dir);
		rc = sh(cmd);
		CHECK(rc == 0, "light skeleton app failed at step %d", rc);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	sh(cmd);
}

KTEST(gen_loader_lskel_app)
{
	char gen[600];

	snprintf(gen, sizeof(gen), "%s gen skeleton -L", test_build_path("bpfkit"));
	lskel_app(gen, "-DLSKEL_OURS");
}

/* Debian's bpftool embeds a loader from its own libbpf: the same app runs
 * it through our <bpf/skel_internal.h>. */
KTEST(gen_loader_lskel_app_bpftool)
{
	if (sh("command -v bpftool >/dev/null 2>&1"))
		test_skip(true, "bpftool is not installed");
	lskel_app("bpftool gen skeleton -L", "");
}

TEST(gen_loader_lskel_cli_errors)
{
	char cmd[700];

	snprintf(cmd, sizeof(cmd), "%s gen skeleton -L /nonexistent.bpf.o >/dev/null 2>&1",
		 test_build_path("bpfkit"));
	CHECK_NE(sh(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s gen skeleton -L >/dev/null 2>&1",
		 test_build_path("bpfkit"));
	CHECK_EQ(sh(cmd), 2);
	snprintf(cmd, sizeof(cmd), "%s gen skeleton -L %s name 1bad >/dev/null 2>&1",
		 test_build_path("bpfkit"), test_obj_path("lskel_basic"));
	CHECK_EQ(sh(cmd), 2);
}

static int xdp_run(int fd)
{
	char pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = pkt, .data_size_in = sizeof(pkt));

	if (bpf_prog_test_run_opts(fd, &t))
		return -errno;
	return t.retval;
}

/* kfunc calls (bpf_for's iterator kfuncs) get their BTF ids from the
 * loader at run time: the recorded instructions carry 0 there, so the
 * programs only load if the loader's lookups worked. */
KTEST(gen_loader_kfunc_ids)
{
	struct gen_loader_opts g;
	struct bpf_object *obj;
	struct lctx l;
	const char *es = NULL;
	int loop, weak, untyped, typed, err;

	obj = open_gen("obj_ksym", &g);
	ASSERT_EQ(bpf_object__load(obj), 0);
	lctx_init(&l, obj);
	loop = prog_index(obj, "sum_loop");
	weak = prog_index(obj, "weak_kfunc");
	untyped = prog_index(obj, "untyped_ksym");
	typed = prog_index(obj, "typed_ksym");
	ASSERT(loop >= 0 && weak >= 0 && untyped >= 0 && typed >= 0, "progs not found");
	err = run_loader(&g, &l, &es);
	bpf_object__close(obj);
	if (err)
		test_fail(__FILE__, __LINE__, "loader: %d (%s)", err, es ? es : "");
	ASSERT_EQ(err, 0);
	CHECK_EQ(xdp_run(l.progs[loop].prog_fd), 10);
	CHECK_EQ(xdp_run(l.progs[weak].prog_fd), 3);
	CHECK_EQ(xdp_run(l.progs[untyped].prog_fd), 5);
	/* "?xdp": not loaded, its desc stays 0 */
	CHECK_EQ(l.progs[typed].prog_fd, 0);
	lctx_close(&l);
}

/* BPF_SKEL_KERNEL: initial_value is read as kernel memory, so a user
 * address fails the loader after its first maps exist; it closes them. */
KTEST(gen_loader_kernel_flag_fails_clean)
{
	struct gen_loader_opts g;
	struct bpf_object *obj;
	struct lctx l;
	__u64 *img;
	int dat, err;

	obj = open_gen("lskel_basic", &g);
	ASSERT_EQ(bpf_object__load(obj), 0);
	lctx_init(&l, obj);
	dat = map_index(obj, "lskel_ba.data");
	ASSERT_GE(dat, 0);
	img = calloc(1, 64);
	ASSERT_PTR(img);
	l.ctx->flags = BPF_SKEL_KERNEL;
	l.maps[dat].initial_value = (long)img;
	err = run_loader(&g, &l, NULL);
	bpf_object__close(obj);
	free(img);
	/* -ERANGE/-EFAULT from bpf_probe_read_kernel(), -EOPNOTSUPP without it */
	CHECK(err == -ERANGE || err == -EFAULT || err == -EOPNOTSUPP, "loader: %d", err);
	for (int i = 0; i < l.nr_maps; i++)
		CHECK_EQ(l.maps[i].map_fd, 0);
	CHECK_EQ(count_named_settled(true, "lskel_counts", 0), 0);
	lctx_close(&l);
}
