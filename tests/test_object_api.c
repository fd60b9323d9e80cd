// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Remaining object API: legacy accessor names, exclusive maps (SHA-256
 * program digest, checked against the kernel's tag), bpf_prog_linfo__*
 * against a loaded program's line info, and the .kconfig map's BTF value
 * type.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <bpf/libbpf_legacy.h>

#include "test.h"
#include "object_internal.h"
#include "sha256.h"

static char logbuf[1 << 14];
static size_t loglen;

static int capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	(void)level;
	if (loglen >= sizeof(logbuf) - 1)
		return 0;
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen += (size_t)n < sizeof(logbuf) - loglen ? (size_t)n : sizeof(logbuf) - 1 - loglen;
	return 0;
}

static libbpf_print_fn_t capture_start(void)
{
	loglen = 0;
	logbuf[0] = '\0';
	return libbpf_set_print(capture);
}

static void hex32(const __u8 *d, char *out)
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

TEST(sha256_test_vectors)
{
	static const struct {
		const char *msg;
		const char *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	__u8 d[32];
	char hex[65];
	char *million;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sha256(v[i].msg, strlen(v[i].msg), d);
		hex32(d, hex);
		CHECK(!strcmp(hex, v[i].hex), "sha256('%s') = %s", v[i].msg, hex);
	}
	million = malloc(1000000);
	ASSERT_PTR(million);
	memset(million, 'a', 1000000);
	sha256(million, 1000000, d);
	free(million);
	hex32(d, hex);
	CHECK(!strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	      "sha256(a x 1e6) = %s", hex);
}

TEST(obj_legacy_accessors)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_basic"));
	struct bpf_program *p;
	struct bpf_map *m;

	ASSERT_PTR(obj);
	p = bpf_object__find_program_by_name(obj, "read_rodata");
	m = bpf_object__find_map_by_name(obj, "hmap");
	ASSERT_PTR(p);
	ASSERT_PTR(m);
	CHECK_EQ(bpf_program__get_type(p), BPF_PROG_TYPE_XDP);
	CHECK_EQ(bpf_program__get_type(p), bpf_program__type(p));
	ASSERT_EQ(bpf_program__set_expected_attach_type(p, BPF_XDP_DEVMAP), 0);
	CHECK_EQ(bpf_program__get_expected_attach_type(p), BPF_XDP_DEVMAP);
	CHECK(bpf_map__get_pin_path(m) == NULL, "pin path before set");
	ASSERT_EQ(bpf_map__set_pin_path(m, "/sys/fs/bpf/bpfkit_legacy_x"), 0);
	ASSERT_STREQ(bpf_map__get_pin_path(m), "/sys/fs/bpf/bpfkit_legacy_x");
	CHECK(bpf_map__get_pin_path(m) == bpf_map__pin_path(m), "same string");
	bpf_object__close(obj);
}

static int prog_tag(int fd, __u8 tag[8])
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_prog_get_info_by_fd(fd, &info, &len))
		return -errno;
	memcpy(tag, info.tag, 8);
	return 0;
}

/* The kernel's program tag is the first 8 bytes of the digest exclusive
 * maps are bound to: ours must match it for every program. */
KTEST(obj_prog_digest_matches_kernel_tag)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_basic"));
	struct bpf_program *p;
	int n = 0;

	ASSERT_PTR(obj);
	ASSERT_EQ(bpf_object__load(obj), 0);
	bpf_object__for_each_program(p, obj) {
		__u8 d[32], tag[8];

		if (bpf_program__fd(p) < 0)
			continue;
		ASSERT_EQ(insns_digest(bpf_program__insns(p), bpf_program__insn_cnt(p), d), 0);
		ASSERT_EQ(prog_tag(bpf_program__fd(p), tag), 0);
		CHECK(!memcmp(d, tag, 8), "%s: digest differs from the kernel tag",
		      bpf_program__name(p));
		n++;
	}
	CHECK_EQ(n, 5);
	bpf_object__close(obj);
}

static int run_xdp(int fd, __u32 *ret)
{
	unsigned char pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
	int err = bpf_prog_test_run_opts(fd, &o);

	*ret = o.retval;
	return err;
}

KTEST(obj_exclusive_map)
{
	struct bpf_object *obj, *other;
	struct bpf_program *owner, *intruder;
	struct bpf_map *m;
	libbpf_print_fn_t old;
	__u64 val = 0;
	__u32 k = 0, ret = 0;

	obj = bpf_object__open(test_obj_path("obj_excl"));
	other = bpf_object__open(test_obj_path("obj_excl"));
	ASSERT_PTR(obj);
	ASSERT_PTR(other);
	m = bpf_object__find_map_by_name(obj, "excl_map");
	owner = bpf_object__find_program_by_name(obj, "owner");
	ASSERT_PTR(m);
	ASSERT_PTR(owner);
	old = capture_start();
	CHECK(bpf_map__exclusive_program(m) == NULL, "no exclusive program yet");
	ASSERT_ERR(bpf_map__set_exclusive_program(m, NULL), EINVAL);
	ASSERT_ERR(bpf_map__set_exclusive_program(
			   m, bpf_object__find_program_by_name(other, "owner")),
		   EINVAL);
	CHECK(strstr(logbuf, "same object"), "log: %s", logbuf);
	ASSERT_EQ(bpf_map__set_exclusive_program(m, owner), 0);
	CHECK(bpf_map__exclusive_program(m) == owner, "exclusive program");
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_ERR(bpf_map__set_exclusive_program(m, owner), EINVAL);
	libbpf_set_print(old);
	ASSERT_EQ(run_xdp(bpf_program__fd(owner), &ret), 0);
	CHECK_EQ(ret, 42);
	ASSERT_EQ(bpf_map_lookup_elem(bpf_map__fd(m), &k, &val), 0);
	CHECK_EQ(val, 1);
	bpf_object__close(obj);

	/* another program using the map is refused by the kernel... */
	m = bpf_object__find_map_by_name(other, "excl_map");
	intruder = bpf_object__find_program_by_name(other, "intruder");
	ASSERT_EQ(bpf_map__set_exclusive_program(
			  m, bpf_object__find_program_by_name(other, "owner")),
		  0);
	ASSERT_EQ(bpf_program__set_autoload(intruder, true), 0);
	old = capture_start();
	CHECK(bpf_object__load(other) < 0, "intruder loaded");
	libbpf_set_print(old);
	CHECK(strstr(logbuf, "intruder"), "log: %s", logbuf);
	bpf_object__close(other);

	/* ...but loads when the map is not exclusive */
	other = bpf_object__open(test_obj_path("obj_excl"));
	ASSERT_PTR(other);
	intruder = bpf_object__find_program_by_name(other, "intruder");
	ASSERT_EQ(bpf_program__set_autoload(intruder, true), 0);
	ASSERT_EQ(bpf_object__load(other), 0);
	bpf_object__close(other);
}

/* Line info, JITed line info and function symbols of prog_fd. */
struct linfo_buf {
	struct bpf_prog_info info;
	struct bpf_line_info *lines;
	__u64 *jited_lines, *ksyms;
	__u32 *func_lens;
};

static int get_linfo(int fd, struct linfo_buf *b)
{
	__u32 len = sizeof(b->info), n, nj, nk;

	memset(b, 0, sizeof(*b));
	if (bpf_prog_get_info_by_fd(fd, &b->info, &len))
		return -errno;
	n = b->info.nr_line_info;
	nj = b->info.nr_jited_line_info;
	nk = b->info.nr_jited_ksyms;
	b->lines = calloc(n + 1, sizeof(*b->lines));
	b->jited_lines = calloc(nj + 1, sizeof(__u64));
	b->ksyms = calloc(nk + 1, sizeof(__u64));
	b->func_lens = calloc(nk + 1, sizeof(__u32));
	memset(&b->info, 0, sizeof(b->info));
	b->info.nr_line_info = n;
	b->info.line_info_rec_size = sizeof(*b->lines);
	b->info.line_info = (__u64)(unsigned long)b->lines;
	b->info.nr_jited_line_info = nj;
	b->info.jited_line_info_rec_size = sizeof(__u64);
	b->info.jited_line_info = (__u64)(unsigned long)b->jited_lines;
	b->info.nr_jited_ksyms = nk;
	b->info.jited_ksyms = (__u64)(unsigned long)b->ksyms;
	b->info.nr_jited_func_lens = nk;
	b->info.jited_func_lens = (__u64)(unsigned long)b->func_lens;
	len = sizeof(b->info);
	return bpf_prog_get_info_by_fd(fd, &b->info, &len) ? -errno : 0;
}

static void free_linfo(struct linfo_buf *b)
{
	free(b->lines);
	free(b->jited_lines);
	free(b->ksyms);
	free(b->func_lens);
}

KTEST(obj_prog_linfo)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_excl"));
	const struct bpf_line_info *li;
	struct bpf_prog_linfo *l;
	struct bpf_prog_info empty = {};
	struct linfo_buf b;
	__u32 n;

	ASSERT_PTR(obj);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(get_linfo(bpf_program__fd(bpf_object__find_program_by_name(obj, "owner")), &b),
		  0);
	n = b.info.nr_line_info;
	CHECK_GT(n, 3);
	l = bpf_prog_linfo__new(&b.info);
	ASSERT_PTR(l);
	/* by instruction: the last record at or before the offset */
	li = bpf_prog_linfo__lfind(l, 0, 0);
	CHECK(li && li->insn_off == 0 && li->line_off == b.lines[0].line_off, "first record");
	for (__u32 i = 0; i < n; i++) {
		li = bpf_prog_linfo__lfind(l, b.lines[i].insn_off, 0);
		CHECK(li && li->insn_off == b.lines[i].insn_off, "record %u", i);
		li = bpf_prog_linfo__lfind(l, b.lines[i].insn_off, i);
		CHECK(li && li->insn_off == b.lines[i].insn_off, "record %u skipping %u", i, i);
	}
	li = bpf_prog_linfo__lfind(l, 1u << 30, 0);
	CHECK(li && li->insn_off == b.lines[n - 1].insn_off, "past the end: last record");
	CHECK(!bpf_prog_linfo__lfind(l, 0, n) && errno == ENOENT, "skip all");
	CHECK(!bpf_prog_linfo__lfind(l, 0, 1) && errno == ENOENT, "before the first unskipped");
	/* by JITed address inside one function (owner calls twice()) */
	if (b.info.nr_jited_ksyms && b.info.nr_jited_line_info == n) {
		__u32 nf = b.info.nr_jited_ksyms, j = 0;

		CHECK_EQ(nf, 2);
		for (__u32 f = 0; f < nf; f++) {
			while (j < n && b.jited_lines[j] != b.ksyms[f])
				j++;
			ASSERT_LT(j, n);
			li = bpf_prog_linfo__lfind_addr_func(l, b.ksyms[f], f, 0);
			CHECK(li && li->insn_off == b.lines[j].insn_off, "func %u first record", f);
			li = bpf_prog_linfo__lfind_addr_func(l, b.ksyms[f] + b.func_lens[f] - 1, f,
							     0);
			CHECK(li && li->insn_off >= b.lines[j].insn_off, "func %u last", f);
			CHECK(!bpf_prog_linfo__lfind_addr_func(l, b.ksyms[f] - 1, f, 0) &&
				      errno == ENOENT,
			      "before func %u", f);
		}
		CHECK(!bpf_prog_linfo__lfind_addr_func(l, b.ksyms[0], nf, 0) && errno == ENOENT,
		      "no such function");
	} else {
		test_log("no JITed line info: address lookups not checked\n");
	}
	bpf_prog_linfo__free(l);
	bpf_prog_linfo__free(NULL);
	CHECK(!bpf_prog_linfo__new(&empty) && errno == EINVAL, "no line info");
	free_linfo(&b);
	bpf_object__close(obj);
}

KTEST(obj_kconfig_map_value_type)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_kconfig"));
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct bpf_map *kc;
	int id;

	ASSERT_PTR(obj);
	kc = bpf_object__find_map_by_name(obj, ".kconfig");
	ASSERT_PTR(kc);
	id = btf__find_by_name_kind(bpf_object__btf(obj), ".kconfig", BTF_KIND_DATASEC);
	CHECK_GT(id, 0);
	CHECK_EQ(bpf_map__btf_value_type_id(kc), (__u32)id);
	ASSERT_EQ(bpf_object__load(obj), 0);
	/* the kernel took the map with that BTF value type */
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(kc), &info, &len), 0);
	CHECK_EQ(info.btf_value_type_id, (__u32)id);
	CHECK_EQ(btf__resolve_size(bpf_object__btf(obj), id), bpf_map__value_size(kc));
	bpf_object__close(obj);
}

/* ---- big-endian objects ---- */

/* obj_basic.bpf.c built with -target bpfeb into a temp file; NULL (and
 * skip) when clang is not around. */
static char *build_bpfeb(void)
{
	static char out[256];
	char cmd[2048];

	/* same file name as the bpfel object: same internal map names */
	snprintf(out, sizeof(out), "/tmp/bpfkit_bpfeb_%d", getpid());
	if (mkdir(out, 0700))
		return NULL;
	strcat(out, "/obj_basic.bpf.o");
	snprintf(cmd, sizeof(cmd),
		 "clang -O2 -g -target bpfeb -D__TARGET_ARCH_x86 -I%s -I%s "
		 "-I/usr/include/$(clang -print-multiarch) -c %s -o %s 2>&1",
		 test_src_path("include"), test_build_path("include"),
		 test_src_path("tests/progs/obj_basic.bpf.c"), out);
	return system(cmd) == 0 ? out : NULL;
}

TEST(obj_big_endian_open_not_load)
{
	struct bpf_object *be, *le;
	struct bpf_program *p;
	struct bpf_map *m;
	libbpf_print_fn_t old;
	char *path = build_bpfeb();
	int progs = 0, maps = 0;

	if (!path || access(path, R_OK)) {
		if (path) {
			*strrchr(path, '/') = '\0';
			rmdir(path);
		}
		test_skip(true, "clang cannot build a bpfeb object");
	}
	be = bpf_object__open(path);
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	ASSERT_PTR(be);
	le = bpf_object__open(test_obj_path("obj_basic"));
	ASSERT_PTR(le);
	/* the same programs, instructions in host order equal to bpfel's */
	bpf_object__for_each_program(p, le) {
		struct bpf_program *q = bpf_object__find_program_by_name(be, bpf_program__name(p));

		CHECK(q, "no program %s in the bpfeb object", bpf_program__name(p));
		if (!q)
			continue;
		ASSERT_STREQ(bpf_program__section_name(q), bpf_program__section_name(p));
		CHECK_EQ(bpf_program__type(q), bpf_program__type(p));
		CHECK_EQ(bpf_program__insn_cnt(q), bpf_program__insn_cnt(p));
		if (bpf_program__insn_cnt(q) == bpf_program__insn_cnt(p))
			CHECK(!memcmp(bpf_program__insns(q), bpf_program__insns(p),
				      bpf_program__insn_cnt(p) * sizeof(struct bpf_insn)),
			      "%s: instructions differ", bpf_program__name(p));
		progs++;
	}
	bpf_object__for_each_map(m, le) {
		/* by kernel name ("obj_basi.data"), as libbpf finds them */
		struct bpf_map *n = bpf_object__find_map_by_name(be, bpf_map__name(m));

		CHECK(n, "no map %s in the bpfeb object", bpf_map__name(m));
		if (!n)
			continue;
		CHECK_EQ(bpf_map__type(n), bpf_map__type(m));
		CHECK_EQ(bpf_map__key_size(n), bpf_map__key_size(m));
		CHECK_EQ(bpf_map__value_size(n), bpf_map__value_size(m));
		CHECK_EQ(bpf_map__max_entries(n), bpf_map__max_entries(m));
		maps++;
	}
	CHECK(bpf_object__find_map_by_name(be, ".rodata") ==
		      bpf_object__find_map_by_name(be, "obj_basi.rodata"),
	      "internal map by section and by kernel name");
	CHECK_EQ(progs, 6);
	CHECK_GT(maps, 3);
	/* loading is refused with one clear line, before touching the kernel */
	old = capture_start();
	CHECK_EQ(bpf_object__load(be), -LIBBPF_ERRNO__ENDIAN);
	CHECK_EQ(errno, LIBBPF_ERRNO__ENDIAN);
	libbpf_set_print(old);
	CHECK(strstr(logbuf, "byte order differs") && !strchr(strchr(logbuf, '\n') + 1, '\n'),
	      "log: %s", logbuf);
	CHECK_EQ(bpf_object__load(be), -EINVAL);
	bpf_object__close(be);
	bpf_object__close(le);
}

/* ---- callbacks ---- */

static int run_named(struct bpf_object *obj, const char *name, __u32 *ret)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	return p ? run_xdp(bpf_program__fd(p), ret) : -ENOENT;
}

KTEST(obj_callbacks)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_callbacks"));
	struct bpf_map *bss, *vals;
	__u64 v;
	__u32 ret = 0, zero = 0;
	int *globals, fired = 0;

	ASSERT_PTR(obj);
	ASSERT_EQ(bpf_object__load(obj), 0);
	/* bpf_loop: static callback; callback calling a global subprogram */
	ASSERT_EQ(run_named(obj, "loop_static", &ret), 0);
	CHECK_EQ(ret, 45);
	ASSERT_EQ(run_named(obj, "loop_global", &ret), 0);
	CHECK_EQ(ret, 30);
	ASSERT_EQ(run_named(obj, "loop_hidden", &ret), 0);
	CHECK_EQ(ret, 12);
	/* bpf_for_each_map_elem over vals[k] = 10 * (k + 1) */
	vals = bpf_object__find_map_by_name(obj, "vals");
	ASSERT_PTR(vals);
	for (__u32 k = 0; k < 4; k++) {
		v = 10 * (k + 1);
		ASSERT_EQ(bpf_map_update_elem(bpf_map__fd(vals), &k, &v, 0), 0);
	}
	ASSERT_EQ(run_named(obj, "for_each", &ret), 0);
	CHECK_EQ(ret, 10 * 1 + 20 * 2 + 30 * 3 + 40 * 4);
	/* bpf_timer: armed by the program, its callback runs later */
	bss = bpf_object__find_map_by_name(obj, ".bss");
	ASSERT_PTR(bss);
	globals = bpf_map__initial_value(bss, NULL);
	ASSERT_PTR(globals);
	CHECK_EQ(globals[0], 0);
	ASSERT_EQ(run_named(obj, "arm_timer", &ret), 0);
	CHECK_EQ(ret, 0);
	for (int i = 0; i < 200 && !fired; i++) {
		usleep(5000);
		fired = __atomic_load_n(&globals[0], __ATOMIC_ACQUIRE);
	}
	CHECK_EQ(fired, 42);
	CHECK_EQ(globals[1], 1);
	(void)zero;
	bpf_object__close(obj);
}

/* ---- bad input: one clear line, nothing left behind ---- */

KTEST(obj_bad_strong_ksym)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_bad_ksym"));
	libbpf_print_fn_t old;
	int err;

	ASSERT_PTR(obj);
	old = capture_start();
	err = bpf_object__load(obj);
	libbpf_set_print(old);
	CHECK(err == -ESRCH || err == -EINVAL, "load: %d", err);
	CHECK(strstr(logbuf, "extern 'bpfkit_no_such_ksym'"), "log: %s", logbuf);
	bpf_object__close(obj);
}

TEST(obj_bad_kconfig_type)
{
	libbpf_print_fn_t old = capture_start();
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_bad_kconfig"));

	libbpf_set_print(old);
	CHECK(!obj && errno == ENOTSUP, "open: %p errno %d", (void *)obj, errno);
	CHECK(strstr(logbuf, "extern 'CONFIG_BPF': unsupported type for a Kconfig value"),
	      "log: %s", logbuf);
	bpf_object__close(obj);
}

/* __hidden global subprograms (usdt.bpf.h's bpf_usdt_arg) become static
 * in the object's BTF, as libbpf makes them; plain globals stay. */
TEST(obj_hidden_subprog_static_in_btf)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("hdr_usdt"));
	struct bpf_object *basic = bpf_object__open(test_obj_path("obj_basic"));
	const struct btf_type *t;
	int id;

	ASSERT_PTR(obj);
	ASSERT_PTR(basic);
	id = btf__find_by_name_kind(bpf_object__btf(obj), "bpf_usdt_arg", BTF_KIND_FUNC);
	ASSERT_GT(id, 0);
	t = btf__type_by_id(bpf_object__btf(obj), id);
	CHECK_EQ(btf_vlen(t), BTF_FUNC_STATIC);
	id = btf__find_by_name_kind(bpf_object__btf(basic), "sub_global", BTF_KIND_FUNC);
	ASSERT_GT(id, 0);
	t = btf__type_by_id(bpf_object__btf(basic), id);
	CHECK_EQ(btf_vlen(t), BTF_FUNC_GLOBAL);
	bpf_object__close(obj);
	bpf_object__close(basic);
}
