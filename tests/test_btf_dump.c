// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BTF to C (btf_dump) and the `bpfkit btf dump` command. */
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "test.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

/* ---- helpers ---- */

struct text {
	char *s;
	size_t len, cap;
};

static void text_vprintf(void *ctx, const char *fmt, va_list ap)
{
	struct text *t = ctx;
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2;
		char *s = realloc(t->s, cap);

		if (!s)
			return;
		t->s = s;
		t->cap = cap;
	}
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	t->len += n;
}

static void text_reset(struct text *t)
{
	t->len = 0;
	if (t->s)
		t->s[0] = '\0';
}

static const char *text_str(struct text *t)
{
	return t->s ? t->s : "";
}

/* Dump every type (what `btf dump ... format c` does between its
 * wrapper lines) into t. */
static int dump_all(struct btf_dump *d, const struct btf *btf)
{
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		int err = btf_dump__dump_type(d, id);

		if (err)
			return err;
	}
	return 0;
}

static char *dump_btf_c(const struct btf *btf)
{
	struct text t = { 0 };
	struct btf_dump *d = btf_dump__new(btf, text_vprintf, &t, NULL);

	if (!d)
		return NULL;
	if (dump_all(d, btf)) {
		free(t.s);
		t.s = NULL;
	}
	btf_dump__free(d);
	return t.s ? t.s : strdup("");
}

#define ASSERT_DUMP(btf, expect)                                             \
	do {                                                                 \
		char *__s = dump_btf_c(btf);                                 \
		if (__s && strcmp(__s, expect))                              \
			test_log("got:\n%s\nwant:\n%s\n", __s, expect);     \
		CHECK(__s && !strcmp(__s, expect), "C dump differs (-v)");   \
		free(__s);                                                   \
	} while (0)

static char tmpdir[64];

static void make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/bpfkit-btfdump-XXXXXX");
	ASSERT(mkdtemp(tmpdir), "mkdtemp");
}

static const char *tmp_file(const char *name)
{
	static char buf[4][256];
	static int i;
	char *p = buf[i++ % 4];

	snprintf(p, 256, "%s/%s", tmpdir, name);
	return p;
}

static void rm_tmpdir(void)
{
	char cmd[128];

	if (!tmpdir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		test_log("could not remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	test_log("$ %s\n", cmd);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool have_tool(const char *name)
{
	return run("command -v %s >/dev/null 2>&1", name) == 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			char *p = realloc(s, cap = (n + 65536) * 2);

			if (!p) {
				free(s);
				fclose(f);
				return NULL;
			}
			s = p;
		}
		r = fread(s + n, 1, cap - n - 1, f);
		n += r;
	} while (r);
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

/* Same bytes? On a difference, report the first differing line. */
static bool same_files(const char *a, const char *b)
{
	size_t la, lb, line = 1, i;
	char *x = read_file(a, &la), *y = read_file(b, &lb);
	bool ok = x && y && la == lb && !memcmp(x, y, la);

	if (!ok && x && y) {
		for (i = 0; i < la && i < lb && x[i] == y[i]; i++)
			line += x[i] == '\n';
		test_fail(__FILE__, __LINE__, "%s and %s differ at line %zu (%zu vs %zu bytes)", a,
			  b, line, la, lb);
	}
	free(x);
	free(y);
	return ok;
}

static void raw_matches_bpftool(const char *path)
{
	const char *ref = tmp_file("ref.txt"), *our = tmp_file("our.txt");

	ASSERT_EQ(run("bpftool btf dump file '%s' format raw > %s 2>/dev/null", path, ref), 0);
	ASSERT_EQ(run("'%s' btf dump file '%s' format raw > %s", test_build_path("bpfkit"), path,
		      our),
		  0);
	CHECK(same_files(ref, our), "raw dump of %s differs from bpftool's", path);
}

/* Write vmlinux.h for btf (CLI-like wrapper) into the temp dir; also
 * returns the dumper so callers can ask for resolved names. */
static struct btf_dump *write_header(const struct btf *btf, const char *path, FILE **fp)
{
	FILE *f = fopen(path, "w");
	struct text t = { 0 };
	struct btf_dump *d;

	ASSERT_PTR(f);
	d = btf_dump__new(btf, text_vprintf, &t, NULL);
	ASSERT_PTR(d);
	ASSERT_EQ(dump_all(d, btf), 0);
	fprintf(f, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n%s#endif\n", text_str(&t));
	free(t.s);
	*fp = f;
	return d;
}

static bool member_is_bitfield(const struct btf *btf, const struct btf_type *t, int i)
{
	const struct btf_type *mt;
	__u32 id = btf_members(t)[i].type;

	if (btf_member_bitfield_size(t, i))
		return true;
	/* old-style bitfield: an int type narrower than its size */
	for (mt = btf__type_by_id(btf, id); mt && (btf_is_mod(mt) || btf_is_typedef(mt));)
		mt = btf__type_by_id(btf, mt->type);
	return mt && btf_is_int(mt) && btf_int_bits(mt) != mt->size * 8;
}

/* ---- (a) raw format vs bpftool ---- */

TEST(btf_dump_raw_vmlinux)
{
	if (access(VMLINUX, R_OK))
		test_skip(true, "no %s", VMLINUX);
	if (!have_tool("bpftool"))
		test_skip(true, "bpftool not installed");
	make_tmpdir();
	raw_matches_bpftool(VMLINUX);
	rm_tmpdir();
}

TEST(btf_dump_raw_progs)
{
	glob_t g;
	char pat[512];
	int n = 0;

	if (!have_tool("bpftool"))
		test_skip(true, "bpftool not installed");
	snprintf(pat, sizeof(pat), "%s", test_build_path("tests/progs/*.bpf.o"));
	ASSERT_EQ(glob(pat, 0, NULL, &g), 0);
	make_tmpdir();
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct btf *btf = btf__parse(g.gl_pathv[i], NULL);

		if (!btf)
			continue; /* an object without .BTF: nothing to compare */
		/* and the C dump of it goes through without an error */
		char *c = dump_btf_c(btf);

		CHECK(c && (!strstr(g.gl_pathv[i], "btf_dump_kinds") || strstr(c, "struct dk_all {")),
		      "C dump of %s", g.gl_pathv[i]);
		free(c);
		btf__free(btf);
		raw_matches_bpftool(g.gl_pathv[i]);
		n++;
	}
	globfree(&g);
	rm_tmpdir();
	CHECK_GT(n, 0);
}

/* ---- (b), (c) vmlinux.h compiles and has the kernel's layout ---- */

TEST(btf_dump_c_vmlinux_compiles)
{
	struct btf *btf;
	struct btf_dump *d;
	FILE *f;

	if (access(VMLINUX, R_OK))
		test_skip(true, "no %s", VMLINUX);
	if (!have_tool("clang"))
		test_skip(true, "clang not installed");
	btf = btf__parse(VMLINUX, NULL);
	ASSERT_PTR(btf);
	make_tmpdir();
	d = write_header(btf, tmp_file("vmlinux.h"), &f);
	fclose(f);
	btf_dump__free(d);
	f = fopen(tmp_file("prog.c"), "w");
	ASSERT_PTR(f);
	fprintf(f, "#include \"vmlinux.h\"\n"
		   "__attribute__((section(\"socket\"), used))\n"
		   "int prog(struct __sk_buff *skb)\n{\n"
		   "\tstruct task_struct *t = (void *)0;\n"
		   "\treturn skb->len + (t ? t->pid : 0) + sizeof(struct sk_buff);\n}\n"
		   "char _license[] __attribute__((section(\"license\"), used)) = \"GPL\";\n");
	fclose(f);
	CHECK_EQ(run("cd %s && clang -target bpf -O2 -g -Werror -c prog.c -o prog.o", tmpdir), 0);
	CHECK_EQ(access(tmp_file("prog.o"), R_OK), 0);
	rm_tmpdir();
	btf__free(btf);
}

TEST(btf_dump_c_vmlinux_layout)
{
	struct text name = { 0 };
	long nstruct = 0, nmemb = 0;
	struct btf_dump *d;
	struct btf *btf;
	FILE *f, *a;

	if (access(VMLINUX, R_OK))
		test_skip(true, "no %s", VMLINUX);
	if (!have_tool("clang"))
		test_skip(true, "clang not installed");
	btf = btf__parse(VMLINUX, NULL);
	ASSERT_PTR(btf);
	make_tmpdir();
	d = btf_dump__new(btf, text_vprintf, &name, NULL);
	ASSERT_PTR(d);
	ASSERT_EQ(dump_all(d, btf), 0);
	f = fopen(tmp_file("vmlinux.h"), "w");
	ASSERT_PTR(f);
	fputs(text_str(&name), f);
	fclose(f);
	a = fopen(tmp_file("layout.c"), "w");
	ASSERT_PTR(a);
	fprintf(a, "#include \"vmlinux.h\"\n");
	/* the same dumper names the types, so clash suffixes agree; sizes
	 * and offsets come from the BTF, not from the text */
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *nm = btf__name_by_offset(btf, t->name_off);
		char decl[512];

		if (!btf_is_composite(t) || !nm || !*nm)
			continue;
		text_reset(&name);
		ASSERT_EQ(btf_dump__emit_type_decl(d, id, NULL), 0);
		snprintf(decl, sizeof(decl), "%s", text_str(&name));
		nstruct++;
		fprintf(a, "_Static_assert(sizeof(%s) == %u, \"size of [%u] %s\");\n", decl, t->size,
			id, decl);
		for (int i = 0; i < btf_vlen(t); i++) {
			const char *mn = btf__name_by_offset(btf, btf_members(t)[i].name_off);

			if (!mn || !*mn || member_is_bitfield(btf, t, i))
				continue;
			fprintf(a,
				"_Static_assert(__builtin_offsetof(%s, %s) == %u, \"[%u] %s.%s\");\n",
				decl, mn, btf_member_bit_offset(t, i) / 8, id, decl, mn);
			nmemb++;
		}
	}
	fclose(a);
	btf_dump__free(d);
	free(name.s);
	test_log("%ld structs/unions, %ld member offsets\n", nstruct, nmemb);
	CHECK_GT(nstruct, 1000);
	CHECK_EQ(run("cd %s && clang -target bpf -O0 -c layout.c -o layout.o 2> errs.txt || "
		     "(head -20 errs.txt; exit 1)",
		     tmpdir),
		 0);
	CHECK_EQ(access(tmp_file("layout.o"), R_OK), 0);
	rm_tmpdir();
	btf__free(btf);
}

/* ---- (d) exact text on small hand-built BTF ---- */

TEST(btf_dump_bitfields)
{
	struct btf *btf = btf__new_empty();
	int u32, u8, s;

	ASSERT_PTR(btf);
	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	u8 = btf__add_int(btf, "unsigned char", 1, 0);
	s = btf__add_struct(btf, "bits", 8);
	ASSERT_GT(s, 0);
	ASSERT_EQ(btf__add_field(btf, "a", u32, 0, 3), 0);
	ASSERT_EQ(btf__add_field(btf, "b", u32, 3, 5), 0);
	/* a gap: 8..16 is unused; d cannot share the first int with c */
	ASSERT_EQ(btf__add_field(btf, "c", u8, 16, 2), 0);
	ASSERT_EQ(btf__add_field(btf, "d", u32, 32, 20), 0);
	ASSERT_DUMP(btf, "struct bits {\n"
			 "\tunsigned int a: 3;\n"
			 "\tunsigned int b: 5;\n"
			 "\tlong: 8;\n"
			 "\tunsigned char c: 2;\n"
			 "\tunsigned int d: 20;\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_packed)
{
	struct btf *btf = btf__new_empty();
	int i16, i64, s, o;

	ASSERT_PTR(btf);
	i16 = btf__add_int(btf, "short", 2, BTF_INT_SIGNED);
	i64 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	s = btf__add_struct(btf, "desc", 10);
	ASSERT_EQ(btf__add_field(btf, "size", i16, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "addr", i64, 16, 0), 0);
	/* packed struct inside a normal one: offset 1 needs no padding */
	o = btf__add_struct(btf, "outer", 11);
	ASSERT_EQ(btf__add_field(btf, "c", i16, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "d", s, 8, 0), 0);
	(void)o;
	ASSERT_DUMP(btf, "struct desc {\n"
			 "\tshort size;\n"
			 "\tlong addr;\n"
			 "} __attribute__((packed));\n\n"
			 "struct outer {\n"
			 "\tshort c;\n"
			 "\tstruct desc d;\n"
			 "} __attribute__((packed));\n\n");
	btf__free(btf);
}

TEST(btf_dump_aligned_member)
{
	struct btf *btf = btf__new_empty();
	int i32, i64, s;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	i64 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	/* like ____cacheline_aligned: b at 64, size 128 */
	s = btf__add_struct(btf, "cl", 128);
	ASSERT_EQ(btf__add_field(btf, "a", i32, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "b", i64, 64 * 8, 0), 0);
	/* 20 bytes cannot come from any alignment: plain padding */
	s = btf__add_struct(btf, "gap", 32);
	ASSERT_EQ(btf__add_field(btf, "a", i32, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "b", i32, 20 * 8, 0), 0);
	(void)s;
	ASSERT_DUMP(btf, "struct cl {\n"
			 "\tint a;\n"
			 "\tlong b __attribute__((aligned(64)));\n"
			 "};\n\n"
			 "struct gap {\n"
			 "\tint a;\n"
			 "\tlong: 32;\n"
			 "\tlong: 64;\n"
			 "\tlong: 32;\n"
			 "\tint b;\n"
			 "\tlong: 64;\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_anon_nested)
{
	struct btf *btf = btf__new_empty();
	int i32, ch, arr, in, u, s;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	ch = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	arr = btf__add_array(btf, i32, ch, 4);
	in = btf__add_struct(btf, NULL, 8);
	ASSERT_EQ(btf__add_field(btf, "x", i32, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "y", i32, 32, 0), 0);
	u = btf__add_union(btf, NULL, 8);
	ASSERT_EQ(btf__add_field(btf, "raw", arr, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, NULL, in, 0, 0), 0);
	s = btf__add_struct(btf, "holder", 12);
	ASSERT_EQ(btf__add_field(btf, "id", i32, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, NULL, u, 32, 0), 0);
	(void)s;
	ASSERT_DUMP(btf, "struct holder {\n"
			 "\tint id;\n"
			 "\tunion {\n"
			 "\t\tchar raw[4];\n"
			 "\t\tstruct {\n"
			 "\t\t\tint x;\n"
			 "\t\t\tint y;\n"
			 "\t\t};\n"
			 "\t};\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_func_ptr)
{
	struct btf *btf = btf__new_empty();
	int i32, ch, cch, pcch, fp, pfp, td, s, pfn2, fn2, pname;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	ch = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	cch = btf__add_const(btf, ch);
	pcch = btf__add_ptr(btf, cch);
	fp = btf__add_func_proto(btf, i32);
	ASSERT_EQ(btf__add_func_param(btf, "s", pcch), 0);
	ASSERT_EQ(btf__add_func_param(btf, NULL, 0), 0); /* ... */
	pfp = btf__add_ptr(btf, fp);
	td = btf__add_typedef(btf, "printf_t", pfp);
	/* pointer to a function returning a pointer to a function */
	fn2 = btf__add_func_proto(btf, pfp);
	pfn2 = btf__add_ptr(btf, fn2);
	/* pointer to a function returning char * */
	pname = btf__add_ptr(btf, btf__add_func_proto(btf, btf__add_ptr(btf, ch)));
	s = btf__add_struct(btf, "ops", 24);
	ASSERT_EQ(btf__add_field(btf, "print", td, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "get", pfn2, 64, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "name", pname, 128, 0), 0);
	(void)s;
	ASSERT_DUMP(btf, "typedef int (*printf_t)(const char *, ...);\n\n"
			 "struct ops {\n"
			 "\tprintf_t print;\n"
			 "\tint (*(*get)(void))(const char *, ...);\n"
			 "\tchar * (*name)(void);\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_array_of_arrays)
{
	struct btf *btf = btf__new_empty();
	int i32, a3, a23, ca, pa, s;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	a3 = btf__add_array(btf, i32, i32, 3);
	a23 = btf__add_array(btf, i32, a3, 2);
	ca = btf__add_const(btf, a23);
	pa = btf__add_ptr(btf, a3);
	s = btf__add_struct(btf, "grid", 32);
	ASSERT_EQ(btf__add_field(btf, "cells", ca, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "row", pa, 192, 0), 0);
	(void)s;
	ASSERT_DUMP(btf, "struct grid {\n"
			 "\tconst int cells[2][3];\n"
			 "\tint (*row)[3];\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_enum64)
{
	struct btf *btf = btf__new_empty();
	int e;

	ASSERT_PTR(btf);
	e = btf__add_enum64(btf, "big", 8, false);
	ASSERT_GT(e, 0);
	ASSERT_EQ(btf__add_enum64_value(btf, "BIG_A", 1), 0);
	ASSERT_EQ(btf__add_enum64_value(btf, "BIG_B", 0xffffffffffffffffULL), 0);
	e = btf__add_enum64(btf, "sbig", 8, true);
	ASSERT_EQ(btf__add_enum64_value(btf, "SBIG_NEG", (__u64)-5LL), 0);
	ASSERT_EQ(btf__add_enum64_value(btf, "SBIG_POS", 1ULL << 40), 0);
	e = btf__add_enum(btf, "small", 1);
	ASSERT_EQ(btf__add_enum_value(btf, "SM_A", 3), 0);
	e = btf__add_enum(btf, NULL, 4);
	ASSERT_EQ(btf__add_enum_value(btf, "ANON_X", -1), 0);
	ASSERT_DUMP(btf, "enum big {\n"
			 "\tBIG_A = 1ULL,\n"
			 "\tBIG_B = 18446744073709551615ULL,\n"
			 "};\n\n"
			 "enum sbig {\n"
			 "\tSBIG_NEG = -5LL,\n"
			 "\tSBIG_POS = 1099511627776LL,\n"
			 "};\n\n"
			 "enum small {\n"
			 "\tSM_A = 3,\n"
			 "} __attribute__((packed));\n\n"
			 "enum {\n"
			 "\tANON_X = -1,\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_fwd_cycle)
{
	struct btf *btf;
	int i32, a, b, pb;

	/* struct a points at struct b, which embeds struct a */
	btf = btf__new_empty();
	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED); /* 1 */
	pb = btf__add_ptr(btf, 4);                          /* 2 -> struct b */
	a = btf__add_struct(btf, "a", 16);                  /* 3 */
	ASSERT_EQ(btf__add_field(btf, "b", pb, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "v", i32, 64, 0), 0);
	b = btf__add_struct(btf, "b", 24); /* 4 */
	ASSERT_EQ(b, 4);
	ASSERT_EQ(btf__add_field(btf, "a", a, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "next", pb, 128, 0), 0);
	ASSERT_DUMP(btf, "struct b;\n\n"
			 "struct a {\n"
			 "\tstruct b *b;\n"
			 "\tint v;\n"
			 "};\n\n"
			 "struct b {\n"
			 "\tstruct a a;\n"
			 "\tstruct b *next;\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_name_clash)
{
	struct btf *btf = btf__new_empty();
	int i32, i64, s1, s2, td, e, u;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	i64 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	s1 = btf__add_struct(btf, "dup", 4);
	ASSERT_EQ(btf__add_field(btf, "x", i32, 0, 0), 0);
	s2 = btf__add_struct(btf, "dup", 8);
	ASSERT_EQ(btf__add_field(btf, "y", i64, 0, 0), 0);
	/* the union shares the tag namespace with the structs */
	u = btf__add_union(btf, "dup", 4);
	ASSERT_EQ(btf__add_field(btf, "z", i32, 0, 0), 0);
	/* a typedef lives apart from tags, but clashes with an enumerator */
	td = btf__add_typedef(btf, "dup", s2);
	e = btf__add_enum(btf, "e", 4);
	ASSERT_EQ(btf__add_enum_value(btf, "dup", 1), 0);
	(void)s1;
	(void)u;
	(void)td;
	ASSERT_DUMP(btf, "struct dup {\n"
			 "\tint x;\n"
			 "};\n\n"
			 "struct dup___2 {\n"
			 "\tlong y;\n"
			 "};\n\n"
			 "union dup___3 {\n"
			 "\tint z;\n"
			 "};\n\n"
			 "typedef struct dup___2 dup;\n\n"
			 "enum e {\n"
			 "\tdup___2 = 1,\n"
			 "};\n\n");
	(void)e;
	btf__free(btf);
}

TEST(btf_dump_typedef_cycle)
{
	struct btf *btf = btf__new_empty();
	int i32, s, td, p;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED); /* 1 */
	td = btf__add_typedef(btf, "node_t", 4);              /* 2 */
	p = btf__add_ptr(btf, td);                            /* 3 */
	s = btf__add_struct(btf, "node", 16);                 /* 4 */
	ASSERT_EQ(s, 4);
	ASSERT_EQ(btf__add_field(btf, "next", p, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "v", i32, 64, 0), 0);
	ASSERT_DUMP(btf, "typedef struct node node_t;\n\n"
			 "struct node {\n"
			 "\tnode_t *next;\n"
			 "\tint v;\n"
			 "};\n\n");
	btf__free(btf);
}

TEST(btf_dump_skipped_kinds)
{
	struct btf *btf = btf__new_empty();
	int i32, fp, fn, var, sec, tag, ptag, s;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	fp = btf__add_func_proto(btf, i32);
	fn = btf__add_func(btf, "main_fn", BTF_FUNC_GLOBAL, fp);
	var = btf__add_var(btf, "gvar", BTF_VAR_GLOBAL_ALLOCATED, i32);
	sec = btf__add_datasec(btf, ".data", 4);
	ASSERT_EQ(btf__add_datasec_var_info(btf, var, 0, 4), 0);
	ASSERT_GT(btf__add_decl_tag(btf, "dtag", fn, -1), 0);
	tag = btf__add_type_tag(btf, "user", i32);
	ptag = btf__add_ptr(btf, tag);
	s = btf__add_struct(btf, "tagged", 8);
	ASSERT_EQ(btf__add_field(btf, "p", ptag, 0, 0), 0);
	(void)sec;
	(void)s;
	ASSERT_GT(btf__add_struct(btf, "empty", 0), 0);
	ASSERT_DUMP(btf, "struct tagged {\n"
			 "\tint __attribute__((btf_type_tag(\"user\"))) *p;\n"
			 "};\n\n"
			 "struct empty {};\n\n");
	btf__free(btf);
}

/* ---- (e) btf_dump__emit_type_decl ---- */

TEST(btf_dump_emit_decl)
{
	struct btf *btf = btf__new_empty();
	struct text t = { 0 };
	struct btf_dump *d;
	int i32, ci, vci, pvci, cp, arr, s, anon;

	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	ci = btf__add_const(btf, i32);
	vci = btf__add_volatile(btf, ci);
	pvci = btf__add_ptr(btf, vci);
	cp = btf__add_const(btf, pvci);
	arr = btf__add_array(btf, i32, cp, 4);
	s = btf__add_struct(btf, "st", 4);
	ASSERT_EQ(btf__add_field(btf, "x", i32, 0, 0), 0);
	anon = btf__add_struct(btf, NULL, 4);
	ASSERT_EQ(btf__add_field(btf, "y", i32, 0, 0), 0);
	d = btf_dump__new(btf, text_vprintf, &t, NULL);
	ASSERT_PTR(d);

	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = "v");
	ASSERT_EQ(btf_dump__emit_type_decl(d, arr, &o), 0);
	CHECK(!strcmp(text_str(&t), "const volatile int * const v[4]"), "got '%s'", text_str(&t));
	text_reset(&t);
	o.strip_mods = true;
	ASSERT_EQ(btf_dump__emit_type_decl(d, arr, &o), 0);
	CHECK(!strcmp(text_str(&t), "int *v[4]"), "got '%s'", text_str(&t));
	text_reset(&t);
	o.strip_mods = false;
	o.field_name = NULL;
	ASSERT_EQ(btf_dump__emit_type_decl(d, pvci, &o), 0);
	CHECK(!strcmp(text_str(&t), "const volatile int *"), "got '%s'", text_str(&t));
	text_reset(&t);
	ASSERT_EQ(btf_dump__emit_type_decl(d, s, NULL), 0);
	CHECK(!strcmp(text_str(&t), "struct st"), "got '%s'", text_str(&t));
	text_reset(&t);
	o.field_name = "an";
	o.indent_level = 1;
	ASSERT_EQ(btf_dump__emit_type_decl(d, anon, &o), 0);
	CHECK(!strcmp(text_str(&t), "struct {\n\t\tint y;\n\t} an"), "got '%s'", text_str(&t));
	text_reset(&t);
	ASSERT_ERR(btf_dump__emit_type_decl(d, 1000, NULL), EINVAL);
	CHECK_EQ(t.len, 0);
	btf_dump__free(d);
	free(t.s);
	btf__free(btf);
}

/* ---- (f) btf_dump__dump_type_data ---- */

struct sample {
	int a;
	char c;
	char str[6];
	int grid[2][3];
	int e;
	void *p;
	unsigned int bf : 3;
	unsigned int bf2 : 5;
	long neg;
	int zero;
};

static int build_sample(struct btf *btf, int *en_out)
{
	int i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int ch = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	int u32 = btf__add_int(btf, "unsigned int", 4, 0);
	int lg = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	int a6 = btf__add_array(btf, i32, ch, 6);
	int a3 = btf__add_array(btf, i32, i32, 3);
	int a23 = btf__add_array(btf, i32, a3, 2);
	int en = btf__add_enum(btf, "color", 4), vp, s;
	__u32 bfo = 8 * (offsetof(struct sample, p) + 8);

	btf__add_enum_value(btf, "RED", 0);
	btf__add_enum_value(btf, "GREEN", 1);
	btf__add_enum_value(btf, "BLUE", 2);
	vp = btf__add_ptr(btf, 0);
	s = btf__add_struct(btf, "sample", sizeof(struct sample));
	btf__add_field(btf, "a", i32, 0, 0);
	btf__add_field(btf, "c", ch, 8 * offsetof(struct sample, c), 0);
	btf__add_field(btf, "str", a6, 8 * offsetof(struct sample, str), 0);
	btf__add_field(btf, "grid", a23, 8 * offsetof(struct sample, grid), 0);
	btf__add_field(btf, "e", en, 8 * offsetof(struct sample, e), 0);
	btf__add_field(btf, "p", vp, 8 * offsetof(struct sample, p), 0);
	btf__add_field(btf, "bf", u32, bfo, 3);
	btf__add_field(btf, "bf2", u32, bfo + 3, 5);
	btf__add_field(btf, "neg", lg, 8 * offsetof(struct sample, neg), 0);
	btf__add_field(btf, "zero", i32, 8 * offsetof(struct sample, zero), 0);
	*en_out = en;
	return s;
}

TEST(btf_dump_data_struct)
{
	struct btf *btf = btf__new_empty();
	struct text t = { 0 };
	struct sample v;
	struct btf_dump *d;
	int s, en;

	ASSERT_PTR(btf);
	s = build_sample(btf, &en);
	ASSERT_GT(s, 0);
	memset(&v, 0, sizeof(v));
	v.a = 42;
	v.c = 'x';
	strcpy(v.str, "hi");
	v.grid[0][1] = 5;
	v.grid[1][2] = -7;
	v.e = 2;
	v.p = (void *)0x1234;
	v.bf = 5;
	v.bf2 = 17;
	v.neg = -100;
	d = btf_dump__new(btf, text_vprintf, &t, NULL);
	ASSERT_PTR(d);
	ASSERT_EQ(btf_dump__dump_type_data(d, s, &v, sizeof(v), NULL), sizeof(v));
	ASSERT_STREQ(text_str(&t), "(struct sample){\n"
				   "\t.a = (int)42,\n"
				   "\t.c = (char)120,\n"
				   "\t.str = (char[6])[\n"
				   "\t\t'h',\n"
				   "\t\t'i',\n"
				   "\t],\n"
				   "\t.grid = (int[2][3])[\n"
				   "\t\t[\n"
				   "\t\t\t5,\n"
				   "\t\t],\n"
				   "\t\t[\n"
				   "\t\t\t-7,\n"
				   "\t\t],\n"
				   "\t],\n"
				   "\t.e = (enum color)BLUE,\n"
				   "\t.p = (void *)0x1234,\n"
				   "\t.bf = (unsigned int)0x5,\n"
				   "\t.bf2 = (unsigned int)0x11,\n"
				   "\t.neg = (long)-100,\n"
				   "}");
	text_reset(&t);
	LIBBPF_OPTS(btf_dump_type_data_opts, o, .compact = true);
	ASSERT_EQ(btf_dump__dump_type_data(d, s, &v, sizeof(v), &o), sizeof(v));
	ASSERT_STREQ(text_str(&t),
		     "(struct sample){.a = (int)42,.c = (char)120,.str = (char[6])['h','i',],"
		     ".grid = (int[2][3])[[5,],[-7,],],.e = (enum color)BLUE,.p = (void *)0x1234,"
		     ".bf = (unsigned int)0x5,.bf2 = (unsigned int)0x11,.neg = (long)-100,}");
	btf_dump__free(d);
	free(t.s);
	btf__free(btf);
}

TEST(btf_dump_data_opts)
{
	struct btf *btf = btf__new_empty();
	struct text t = { 0 };
	struct btf_dump *d;
	struct sample v;
	int s, en, val = 7, zero = 0;

	ASSERT_PTR(btf);
	s = build_sample(btf, &en);
	memset(&v, 0, sizeof(v));
	v.a = 1;
	v.e = 1;
	d = btf_dump__new(btf, text_vprintf, &t, NULL);
	ASSERT_PTR(d);
	LIBBPF_OPTS(btf_dump_type_data_opts, o, .compact = true, .skip_names = true);
	ASSERT_EQ(btf_dump__dump_type_data(d, s, &v, sizeof(v), &o), sizeof(v));
	ASSERT_STREQ(text_str(&t), "{1,GREEN,}");
	text_reset(&t);
	o.emit_zeroes = true;
	o.skip_names = false;
	ASSERT_EQ(btf_dump__dump_type_data(d, en, &zero, sizeof(zero), &o), 4);
	ASSERT_STREQ(text_str(&t), "(enum color)RED");
	text_reset(&t);
	/* unknown enum value: the number */
	ASSERT_EQ(btf_dump__dump_type_data(d, en, &val, sizeof(val), &o), 4);
	ASSERT_STREQ(text_str(&t), "(enum color)7");
	text_reset(&t);
	/* indent_str and indent_level */
	LIBBPF_OPTS(btf_dump_type_data_opts, o2, .indent_str = "  ", .indent_level = 1);
	v.e = 0;
	ASSERT_EQ(btf_dump__dump_type_data(d, s, &v, sizeof(v), &o2), sizeof(v));
	ASSERT_STREQ(text_str(&t), "  (struct sample){\n    .a = (int)1,\n  }");
	text_reset(&t);
	/* too little data: an error and no output */
	ASSERT_ERR(btf_dump__dump_type_data(d, s, &v, 8, NULL), E2BIG);
	CHECK_EQ(t.len, 0);
	ASSERT_ERR(btf_dump__dump_type_data(d, 9999, &v, sizeof(v), NULL), ENOENT);
	btf_dump__free(d);
	free(t.s);
	btf__free(btf);
}

/* ---- CLI ---- */

TEST(btf_dump_cli_c)
{
	const char *obj = test_obj_path("btf_dump_kinds");
	char *s;
	size_t len;

	if (!have_tool("clang"))
		test_skip(true, "clang not installed");
	make_tmpdir();
	ASSERT_EQ(run("'%s' btf dump file '%s' format c > %s", test_build_path("bpfkit"), obj,
		      tmp_file("vmlinux.h")),
		  0);
	s = read_file(tmp_file("vmlinux.h"), &len);
	ASSERT_PTR(s);
	const char *head = "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n"
			   "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
			   "#pragma clang attribute push (__attribute__((preserve_access_index)), "
			   "apply_to = record)\n#endif\n\n";

	CHECK(!strncmp(s, head, strlen(head)), "header wrapper");
	CHECK(len > 100 && strstr(s, ";\n\n#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
				     "#pragma clang attribute pop\n#endif\n\n"
				     "#endif /* __VMLINUX_H__ */\n"),
	      "footer wrapper");
	CHECK(strstr(s, "\tint grid[2][3];\n"), "array of arrays member");
	CHECK(strstr(s, "typedef int (*dk_cb_t)(const char * restrict, volatile long *, ...);"),
	      "function pointer typedef");
	free(s);
	FILE *f = fopen(tmp_file("p.c"), "w");

	ASSERT_PTR(f);
	fprintf(f, "#include \"vmlinux.h\"\nint get(struct dk_all *a) { return a->grid[1][1]; }\n");
	fclose(f);
	CHECK_EQ(run("cd %s && clang -target bpf -O2 -Werror -c p.c -o p.o", tmpdir), 0);
	CHECK_NE(run("'%s' btf dump file /nonexistent format c 2>/dev/null",
		     test_build_path("bpfkit")),
		 0);
	CHECK_EQ(run("'%s' btf dump file '%s' format xml 2>/dev/null", test_build_path("bpfkit"),
		     obj),
		 2);
	rm_tmpdir();
}

/* `btf dump id` on BTF we load into the kernel: same listing as bpftool's
 * for that id, and the same as dumping the file it came from. */
KTEST(btf_dump_cli_id)
{
	struct btf *btf = btf__new_empty(), *back;
	struct bpf_btf_info info;
	__u32 len = sizeof(info), raw_sz;
	const void *raw;
	int err, i32, p, s;
	FILE *f;

	if (!have_tool("bpftool"))
		test_skip(true, "bpftool not installed");
	ASSERT_PTR(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED); /* 1 */
	p = btf__add_ptr(btf, 3);                           /* 2 */
	s = btf__add_struct(btf, "dump_by_id", 16);          /* 3 */
	ASSERT_EQ(s, 3);
	ASSERT_EQ(btf__add_field(btf, "a", i32, 0, 0), 0);
	ASSERT_EQ(btf__add_field(btf, "b", p, 64, 0), 0);
	ASSERT_GT(btf__add_enum(btf, "dbi_e", 4), 0);
	ASSERT_EQ(btf__add_enum_value(btf, "DBI_X", -3), 0);
	err = btf__load_into_kernel(btf);
	if (err == -EPERM)
		test_skip(true, "BTF load not permitted");
	ASSERT_EQ(err, 0);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(bpf_btf_get_info_by_fd(btf__fd(btf), &info, &len), 0);
	ASSERT_GT(info.id, 0);
	make_tmpdir();
	ASSERT_EQ(run("bpftool btf dump id %u format raw > %s", info.id, tmp_file("ref.txt")), 0);
	ASSERT_EQ(run("'%s' btf dump id %u format raw > %s", test_build_path("bpfkit"), info.id,
		      tmp_file("id.txt")),
		  0);
	CHECK(same_files(tmp_file("ref.txt"), tmp_file("id.txt")), "dump by id differs");
	/* the same BTF from a file lists the same */
	raw = btf__raw_data(btf, &raw_sz);
	ASSERT_PTR(raw);
	f = fopen(tmp_file("btf.raw"), "w");
	ASSERT_PTR(f);
	ASSERT_EQ(fwrite(raw, 1, raw_sz, f), raw_sz);
	fclose(f);
	back = btf__parse(tmp_file("btf.raw"), NULL);
	ASSERT_PTR(back);
	btf__free(back);
	ASSERT_EQ(run("'%s' btf dump file %s format raw > %s", test_build_path("bpfkit"),
		      tmp_file("btf.raw"), tmp_file("file.txt")),
		  0);
	CHECK(same_files(tmp_file("file.txt"), tmp_file("id.txt")), "id vs file");
	ASSERT_EQ(run("'%s' btf dump id %u format c > %s", test_build_path("bpfkit"), info.id,
		      tmp_file("id.h")),
		  0);
	CHECK_NE(run("'%s' btf dump id 4294967295 2>/dev/null", test_build_path("bpfkit")), 0);
	rm_tmpdir();
	btf__free(btf);
}

/* Hand-built BTF is not validated: loops of modifiers must end in an
 * error, not hang or crash. */
TEST(btf_dump_loops)
{
	struct btf *btf = btf__new_empty();
	struct text t = { 0 };
	struct btf_dump *d;
	char data[64] = { 0 };

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_const(btf, 2), 1);
	ASSERT_EQ(btf__add_volatile(btf, 1), 2);
	ASSERT_EQ(btf__add_struct(btf, "s", 8), 3);
	ASSERT_EQ(btf__add_field(btf, "x", 1, 0, 0), 0);
	d = btf_dump__new(btf, text_vprintf, &t, NULL);
	ASSERT_PTR(d);
	ASSERT_ERR(btf_dump__dump_type(d, 3), ELOOP);
	ASSERT_ERR(btf_dump__emit_type_decl(d, 1, NULL), ELOOP);
	CHECK(btf_dump__dump_type_data(d, 3, data, sizeof(data), NULL) < 0, "data of a loop");
	ASSERT_ERR(btf_dump__dump_type(d, 99), EINVAL);
	btf_dump__free(d);
	free(t.s);
	btf__free(btf);
}
