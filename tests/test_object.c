// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader: opening real objects (programs, maps, sections, types),
 * loading them and running their programs, global data, BTF and legacy
 * maps, subprogram calls, optional programs, verifier failures and bad
 * input.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "test.h"

/* ---- capturing library messages ---- */

#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#endif

static char logbuf[1 << 16];
static size_t loglen;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	(void)level;
	if (loglen >= sizeof(logbuf) - 1)
		return 0;
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen = min(loglen + n, sizeof(logbuf) - 1);
	return 0;
}

static libbpf_print_fn_t capture_start(void)
{
	loglen = 0;
	logbuf[0] = '\0';
	return libbpf_set_print(capture_print);
}

static void capture_stop(libbpf_print_fn_t old)
{
	libbpf_set_print(old);
	if (test_verbose())
		printf("%s", logbuf);
}

/* ---- helpers ---- */

static unsigned char pkt[64] = { 0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00 };

static int run_prog(const struct bpf_program *prog, __u32 *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &o);
	*retval = o.retval;
	return err;
}

static struct bpf_object *open_obj(const char *name)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path(name));

	ASSERT_PTR(obj);
	return obj;
}

static struct bpf_program *prog_of(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	if (!p)
		test_fail(__FILE__, __LINE__, "no program '%s'", name);
	return p;
}

static struct bpf_map *map_of(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!m)
		test_fail(__FILE__, __LINE__, "no map '%s'", name);
	return m;
}

/* Whole file into memory (caller frees). */
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = n;
	return buf;
}

/* Line number of the first source line containing marker. */
static int source_line_of(const char *rel, const char *marker)
{
	FILE *f = fopen(test_src_path(rel), "r");
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, marker)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return -1;
}

/* ---- open ---- */

TEST(obj_open_programs)
{
	static const char *const names[] = { "read_rodata", "bump_data", "hmap_update",
					     "call_chain", "use_loop", "optional_prog" };
	static const size_t insns[] = { 4, 16, 23, 2, 11, 2 };
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_program *p;
	int i = 0;

	ASSERT_STREQ(bpf_object__name(obj), "obj_basic");
	bpf_object__for_each_program(p, obj) {
		ASSERT_LT(i, 6);
		ASSERT_STREQ(bpf_program__name(p), names[i]);
		/* "?xdp" reads as "xdp", as in libbpf */
		ASSERT_STREQ(bpf_program__section_name(p), "xdp");
		CHECK_EQ(bpf_program__type(p), BPF_PROG_TYPE_XDP);
		CHECK_EQ(bpf_program__expected_attach_type(p), BPF_XDP);
		/* instruction counts as Debian's libbpf reports them */
		CHECK_EQ(bpf_program__insn_cnt(p), insns[i]);
		CHECK_EQ(bpf_program__autoload(p), i != 5);
		errno = 0;
		CHECK_EQ(bpf_program__fd(p), -ENOENT);
		i++;
	}
	CHECK_EQ(i, 6);
	/* .text functions are subprograms, not programs */
	errno = 0;
	CHECK(!bpf_object__find_program_by_name(obj, "sub_global"), "subprog found");
	CHECK_EQ(errno, ENOENT);
	/* backwards iteration sees the same programs */
	i = 5;
	for (p = bpf_object__prev_program(obj, NULL); p; p = bpf_object__prev_program(obj, p))
		CHECK(!strcmp(bpf_program__name(p), names[i--]), "prev order");
	CHECK_EQ(i, -1);
	bpf_object__close(obj);
}

TEST(obj_open_maps)
{
	static const struct {
		const char *real, *name;
		__u32 type, ks, vs, max, flags;
		bool internal;
	} want[] = {
		{ "hmap", "hmap", BPF_MAP_TYPE_HASH, 4, 8, 16, 0, false },
		{ ".data", "obj_basi.data", BPF_MAP_TYPE_ARRAY, 4, 4, 1, BPF_F_MMAPABLE, true },
		{ ".rodata", "obj_basi.rodata", BPF_MAP_TYPE_ARRAY, 4, 4, 1,
		  BPF_F_MMAPABLE | BPF_F_RDONLY_PROG, true },
		{ ".data.custom", ".data.custom", BPF_MAP_TYPE_ARRAY, 4, 8, 1, BPF_F_MMAPABLE, true },
		{ ".bss", "obj_basi.bss", BPF_MAP_TYPE_ARRAY, 4, 4, 1, BPF_F_MMAPABLE, true },
	};
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *m;
	size_t sz;
	int i = 0;

	bpf_object__for_each_map(m, obj) {
		ASSERT_LT(i, 5);
		CHECK(bpf_object__find_map_by_name(obj, want[i].real) == m, "find %s", want[i].real);
		ASSERT_STREQ(bpf_map__name(m), want[i].name);
		CHECK_EQ(bpf_map__type(m), want[i].type);
		CHECK_EQ(bpf_map__key_size(m), want[i].ks);
		CHECK_EQ(bpf_map__value_size(m), want[i].vs);
		CHECK_EQ(bpf_map__max_entries(m), want[i].max);
		CHECK_EQ(bpf_map__map_flags(m), want[i].flags);
		CHECK_EQ(bpf_map__is_internal(m), want[i].internal);
		CHECK_EQ(bpf_map__autocreate(m), true);
		CHECK_EQ(bpf_map__fd(m), -1);
		CHECK_EQ(!!bpf_map__initial_value(m, &sz), want[i].internal);
		i++;
	}
	CHECK_EQ(i, 5);
	m = map_of(obj, "hmap");
	CHECK_GT(bpf_map__btf_key_type_id(m), 0);
	CHECK_GT(bpf_map__btf_value_type_id(m), 0);
	m = map_of(obj, ".data");
	CHECK_EQ(bpf_map__btf_key_type_id(m), 0);
	CHECK_GT(bpf_map__btf_value_type_id(m), 0);
	CHECK_EQ(*(int *)bpf_map__initial_value(m, &sz), 5);
	CHECK_EQ(sz, 4);
	CHECK_EQ(*(int *)bpf_map__initial_value(map_of(obj, ".rodata"), &sz), 7);
	CHECK_EQ(*(__u64 *)bpf_map__initial_value(map_of(obj, ".data.custom"), &sz), 11);
	/* as Debian's libbpf: the kernel name of an internal map is a lookup
	 * key too, but a leading dot means the section name */
	CHECK(bpf_object__find_map_by_name(obj, "obj_basi.data") == map_of(obj, ".data"),
	      "kernel name not found");
	CHECK(!bpf_object__find_map_by_name(obj, ".obj_basi.data"), "dotted kernel name found");
	CHECK(bpf_object__prev_map(obj, NULL) == map_of(obj, ".bss"), "last map");
	bpf_object__close(obj);
}

TEST(obj_open_btf_datasec_fixed)
{
	struct bpf_object *obj = open_obj("obj_basic");
	const struct btf_var_secinfo *vsi;
	const struct btf_type *t;
	struct btf *btf = bpf_object__btf(obj);
	__s32 id;

	ASSERT_PTR(btf);
	id = btf__find_by_name_kind(btf, ".data.custom", BTF_KIND_DATASEC);
	ASSERT_GT(id, 0);
	t = btf__type_by_id(btf, id);
	CHECK_EQ(t->size, 8);
	id = btf__find_by_name_kind(btf, ".maps", BTF_KIND_DATASEC);
	ASSERT_GT(id, 0);
	t = btf__type_by_id(btf, id);
	CHECK_EQ(t->size, 32);
	vsi = btf_var_secinfos(t);
	CHECK_EQ(vsi[0].offset, 0);
	CHECK_EQ(vsi[0].size, 32);
	bpf_object__close(obj);
}

TEST(obj_open_mem_names)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "a-very-long-object-name");
	struct bpf_object *obj;
	char want[64];
	size_t sz;
	void *buf = read_file(test_obj_path("obj_basic"), &sz);

	ASSERT_PTR(buf);
	obj = bpf_object__open_mem(buf, sz, NULL);
	if (!obj)
		free(buf);
	ASSERT_PTR(obj);
	snprintf(want, sizeof(want), "%lx-%lx", (unsigned long)buf, (unsigned long)sz);
	CHECK(!strcmp(bpf_object__name(obj), want), "name %s", bpf_object__name(obj));
	bpf_object__close(obj);

	obj = bpf_object__open_mem(buf, sz, &opts);
	/* the buffer is copied: it may go away right after open */
	memset(buf, 0, sz);
	free(buf);
	ASSERT_PTR(obj);
	ASSERT_STREQ(bpf_object__name(obj), "a-very-long-object-name");
	/* 8 characters of the object name, kernel-unsafe ones as '_' */
	ASSERT_STREQ(bpf_map__name(map_of(obj, ".data")), "a_very_l.data");
	ASSERT_STREQ(bpf_map__name(map_of(obj, ".rodata")), "a_very_l.rodata");
	CHECK_EQ(bpf_program__insn_cnt(prog_of(obj, "hmap_update")), 23);
	bpf_object__close(obj);
}

TEST(obj_open_bad_args)
{
	struct {
		struct bpf_object_open_opts o;
		char extra[8];
	} big = { .o = { .sz = sizeof(big) } };
	LIBBPF_OPTS(bpf_object_open_opts, nolen, .kernel_log_buf = logbuf);
	libbpf_print_fn_t old = capture_start();

	errno = 0;
	CHECK(!bpf_object__open("/nonexistent/x.bpf.o"), "opened");
	CHECK_EQ(errno, ENOENT);
	errno = 0;
	CHECK(!bpf_object__open_mem(NULL, 10, NULL), "opened NULL");
	CHECK_EQ(errno, EINVAL);
	big.extra[3] = 1;
	errno = 0;
	CHECK(!bpf_object__open_file(test_obj_path("obj_basic"), &big.o), "opened");
	CHECK_EQ(errno, EINVAL);
	errno = 0;
	CHECK(!bpf_object__open_file(test_obj_path("obj_basic"), &nolen), "opened");
	CHECK_EQ(errno, EINVAL);
	/* not a BPF object: the test runner itself */
	errno = 0;
	CHECK(!bpf_object__open(test_build_path("tests/runner")), "opened runner");
	CHECK_NE(errno, 0);
	capture_stop(old);
}

TEST(obj_open_truncated)
{
	libbpf_print_fn_t old;
	size_t sz;
	void *buf = read_file(test_obj_path("obj_basic"), &sz);

	ASSERT_PTR(buf);
	old = capture_start();
	for (size_t cut = 0; cut < sz; cut += sz / 37 + 1) {
		struct bpf_object *obj = bpf_object__open_mem(buf, cut ? cut : 1, NULL);

		CHECK(!obj, "truncated to %zu opened", cut);
		bpf_object__close(obj);
	}
	capture_stop(old);
	free(buf);
}

/* Random byte damage anywhere in the file must never crash open (the
 * ASan run checks the memory side). Deterministic: a fixed xorshift seed. */
/* Byte ranges of the file worth damaging: the ELF and section headers
 * and every section the loader reads (not debug info). */
static int loader_ranges(const unsigned char *buf, size_t (*r)[2], int cap)
{
	const Elf64_Ehdr *eh = (const void *)buf;
	const Elf64_Shdr *sh = (const void *)(buf + eh->e_shoff);
	const char *strs = (const char *)buf + sh[eh->e_shstrndx].sh_offset;
	int n = 0;

	r[n][0] = 0, r[n++][1] = sizeof(*eh);
	r[n][0] = eh->e_shoff, r[n++][1] = (size_t)eh->e_shnum * sizeof(*sh);
	for (int i = 1; i < eh->e_shnum && n < cap; i++) {
		const char *name = strs + sh[i].sh_name;

		if (!strncmp(name, ".debug", 6) || !strncmp(name, ".rel.debug", 10) ||
		    sh[i].sh_type == SHT_NOBITS || !sh[i].sh_size)
			continue;
		r[n][0] = sh[i].sh_offset, r[n++][1] = sh[i].sh_size;
	}
	return n;
}

/* Random byte damage must never crash open (the ASan run checks the
 * memory side). Deterministic: a fixed xorshift seed. Half the rounds hit
 * anywhere, half only what the loader parses. */
TEST(obj_open_mutated)
{
	libbpf_print_fn_t old;
	__u64 x = 0x9e3779b97f4a7c15ull;
	size_t sz, ranges[64][2];
	int opened = 0, nr;
	unsigned char *orig = read_file(test_obj_path("obj_basic"), &sz), *buf;

	ASSERT_PTR(orig);
	buf = malloc(sz);
	ASSERT_PTR(buf);
	nr = loader_ranges(orig, ranges, 64);
	old = libbpf_set_print(NULL);
	for (int iter = 0; iter < 6000; iter++) {
		struct bpf_object *obj;
		struct bpf_program *p;
		struct bpf_map *m;
		int flips;

		memcpy(buf, orig, sz);
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		flips = 1 + x % 4;
		for (int i = 0; i < flips; i++) {
			size_t pos;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			if (iter % 2) {
				const size_t *rg = ranges[(x >> 40) % nr];

				pos = rg[0] + (x >> 8) % rg[1];
			} else {
				pos = (x >> 8) % sz;
			}
			buf[pos % sz] = x >> 56;
		}
		obj = bpf_object__open_mem(buf, sz, NULL);
		if (!obj)
			continue;
		opened++;
		bpf_object__for_each_program(p, obj)
			(void)bpf_program__insn_cnt(p);
		bpf_object__for_each_map(m, obj)
			(void)bpf_map__value_size(m);
		bpf_object__close(obj);
	}
	libbpf_set_print(old);
	test_log("mutated objects still opening: %d of 6000\n", opened);
	CHECK_GT(opened, 0);
	free(buf);
	free(orig);
}

/* The first REL entry of section relname, inside buf. */
static Elf64_Rel *first_rel(void *buf, const char *relname)
{
	Elf64_Ehdr *eh = buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)((char *)buf + eh->e_shoff);
	const char *strs = (char *)buf + sh[eh->e_shstrndx].sh_offset;

	for (int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(strs + sh[i].sh_name, relname))
			return (Elf64_Rel *)((char *)buf + sh[i].sh_offset);
	return NULL;
}

TEST(obj_open_bad_relocation)
{
	libbpf_print_fn_t old;
	struct bpf_object *obj;
	Elf64_Rel *rel;
	size_t sz;
	void *buf = read_file(test_obj_path("obj_basic"), &sz);

	ASSERT_PTR(buf);
	rel = first_rel(buf, ".relxdp");
	if (!rel)
		free(buf);
	ASSERT_PTR(rel);
	old = capture_start();
	rel->r_offset += 3;
	obj = bpf_object__open_mem(buf, sz, NULL);
	CHECK(!obj && errno == LIBBPF_ERRNO__FORMAT, "misaligned: errno %d", errno);
	CHECK(strstr(logbuf, "misaligned"), "log: %s", logbuf);
	bpf_object__close(obj);

	loglen = 0;
	rel->r_offset = 1u << 20;
	obj = bpf_object__open_mem(buf, sz, NULL);
	CHECK(!obj && errno == LIBBPF_ERRNO__FORMAT, "outside: errno %d", errno);
	CHECK(strstr(logbuf, "outside every function"), "log: %s", logbuf);
	bpf_object__close(obj);

	/* pointing at an instruction that is neither call nor ld_imm64 */
	loglen = 0;
	rel->r_offset = 8; /* second half of read_rodata's ld_imm64 */
	obj = bpf_object__open_mem(buf, sz, NULL);
	CHECK(!obj && errno == LIBBPF_ERRNO__RELOC, "non-ldimm: errno %d", errno);
	CHECK(strstr(logbuf, "is neither a call nor an ld_imm64"), "log: %s", logbuf);
	bpf_object__close(obj);
	capture_stop(old);
	free(buf);
}

/* A legacy map symbol whose value is a huge multiple of the definition
 * size: value + size wraps around, which must not pass the bounds check. */
TEST(obj_open_legacy_map_offset_wraps)
{
	void *buf;
	size_t sz, cnt = 0;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	Elf64_Sym *syms = NULL, *victim = NULL;
	const char *strs;
	int maps_idx = -1;
	libbpf_print_fn_t old;
	struct bpf_object *obj;

	buf = read_file(test_obj_path("obj_legacy"), &sz);
	ASSERT_PTR(buf);
	eh = buf;
	sh = (Elf64_Shdr *)((char *)buf + eh->e_shoff);
	strs = (char *)buf + sh[eh->e_shstrndx].sh_offset;
	for (int i = 0; i < eh->e_shnum; i++) {
		if (!strcmp(strs + sh[i].sh_name, "maps"))
			maps_idx = i;
		if (sh[i].sh_type == SHT_SYMTAB) {
			syms = (Elf64_Sym *)((char *)buf + sh[i].sh_offset);
			cnt = sh[i].sh_size / sizeof(*syms);
		}
	}
	if (maps_idx < 0 || !syms)
		free(buf);
	ASSERT(maps_idx >= 0 && syms, "obj_legacy has a maps section and a symtab");
	size_t nmaps = 0;
	for (size_t i = 0; i < cnt; i++) {
		if (syms[i].st_shndx != maps_idx || ELF64_ST_TYPE(syms[i].st_info) != STT_OBJECT)
			continue;
		nmaps++;
		victim = victim ? victim : &syms[i];
	}
	if (!victim)
		free(buf);
	ASSERT_PTR(victim);
	__u64 def_sz = sh[maps_idx].sh_size / nmaps;
	victim->st_value = UINT64_MAX - UINT64_MAX % def_sz;
	old = capture_start();
	obj = bpf_object__open_mem(buf, sz, NULL);
	capture_stop(old);
	/* the DATASEC fix-up or the legacy map check rejects it, by name */
	CHECK(!obj && errno > 0, "open must fail, errno %d", errno);
	CHECK(strstr(logbuf, "does not fit") || strstr(logbuf, "misplaced"), "log: %s", logbuf);
	bpf_object__close(obj);
	free(buf);
}

TEST(obj_open_unknown_map_attr)
{
	LIBBPF_OPTS(bpf_object_open_opts, relaxed, .relaxed_maps = true);
	libbpf_print_fn_t old = capture_start();
	struct bpf_object *obj;

	obj = bpf_object__open(test_obj_path("obj_bad_attr"));
	CHECK(!obj && errno == ENOTSUP, "strict open: errno %d", errno);
	CHECK(strstr(logbuf, "odd_map") && strstr(logbuf, "frobnicate"), "log: %s", logbuf);
	bpf_object__close(obj);
	obj = bpf_object__open_file(test_obj_path("obj_bad_attr"), &relaxed);
	capture_stop(old);
	ASSERT_PTR(obj);
	CHECK_EQ(bpf_map__max_entries(map_of(obj, "odd_map")), 2);
	bpf_object__close(obj);
}

TEST(obj_setters_before_load)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *data = map_of(obj, ".data"), *h = map_of(obj, "hmap");
	struct bpf_program *p = prog_of(obj, "read_rodata");
	char lb[16];
	size_t sz;
	int v = 3;

	ASSERT_EQ(bpf_map__set_max_entries(h, 64), 0);
	CHECK_EQ(bpf_map__max_entries(h), 64);
	ASSERT_EQ(bpf_map__set_map_flags(h, BPF_F_NO_PREALLOC), 0);
	CHECK_EQ(bpf_map__map_flags(h), BPF_F_NO_PREALLOC);
	ASSERT_ERR(bpf_map__set_initial_value(h, &v, sizeof(v)), EINVAL);
	ASSERT_ERR(bpf_map__set_initial_value(data, &v, 2), EINVAL);
	ASSERT_EQ(bpf_map__set_initial_value(data, &v, sizeof(v)), 0);
	CHECK_EQ(*(int *)bpf_map__initial_value(data, &sz), 3);
	/* growing a data map keeps its contents and zero-fills the rest */
	ASSERT_EQ(bpf_map__set_value_size(data, 64), 0);
	CHECK_EQ(*(int *)bpf_map__initial_value(data, &sz), 3);
	CHECK_EQ(sz, 64);
	CHECK_EQ(((char *)bpf_map__initial_value(data, &sz))[63], 0);
	ASSERT_EQ(bpf_program__set_type(p, BPF_PROG_TYPE_SOCKET_FILTER), 0);
	CHECK_EQ(bpf_program__type(p), BPF_PROG_TYPE_SOCKET_FILTER);
	ASSERT_EQ(bpf_program__set_log_level(p, 2), 0);
	CHECK_EQ(bpf_program__log_level(p), 2);
	ASSERT_ERR(bpf_program__set_log_buf(p, NULL, 10), EINVAL);
	ASSERT_EQ(bpf_program__set_log_buf(p, lb, sizeof(lb)), 0);
	CHECK(bpf_program__log_buf(p, &sz) == lb && sz == sizeof(lb), "log buf");
	ASSERT_EQ(bpf_program__set_flags(p, BPF_F_TEST_RND_HI32), 0);
	CHECK_EQ(bpf_program__flags(p), BPF_F_TEST_RND_HI32);
	bpf_object__close(obj);
}

/* ---- load ---- */

KTEST(obj_load_global_data)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *ro = map_of(obj, ".rodata");
	int nine = 9, zero = 0, v;
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), ret;
	size_t sz;

	ASSERT_EQ(bpf_map__set_initial_value(ro, &nine, sizeof(nine)), 0);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "read_rodata"), &ret), 0);
	CHECK_EQ(ret, 9);
	ASSERT_EQ(run_prog(prog_of(obj, "bump_data"), &ret), 0);
	CHECK_EQ(ret, 6);
	ASSERT_EQ(run_prog(prog_of(obj, "bump_data"), &ret), 0);
	CHECK_EQ(ret, 7);
	/* the images are the maps' memory now */
	CHECK_EQ(*(int *)bpf_map__initial_value(map_of(obj, ".data"), &sz), 7);
	CHECK_EQ(*(int *)bpf_map__initial_value(map_of(obj, ".bss"), &sz), 4);
	CHECK_EQ(*(__u64 *)bpf_map__initial_value(map_of(obj, ".data.custom"), &sz), 211);
	ASSERT_EQ(bpf_map_lookup_elem(bpf_map__fd(map_of(obj, ".bss")), &zero, &v), 0);
	CHECK_EQ(v, 4);
	/* .rodata is frozen */
	CHECK_NE(bpf_map_update_elem(bpf_map__fd(ro), &zero, &nine, 0), 0);
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(ro), &info, &len), 0);
	CHECK(!strcmp(info.name, "obj_basi.rodata"), "kernel name %s", info.name);
	CHECK_EQ(info.map_flags, BPF_F_MMAPABLE | BPF_F_RDONLY_PROG);
	CHECK_GT(info.btf_value_type_id, 0);
	CHECK_GE(bpf_object__btf_fd(obj), 0);
	bpf_object__close(obj);
}

/* An image address handed out before load is the map's own memory after
 * it (the image is kept in a heap buffer only until someone asks for it). */
KTEST(obj_load_image_pointer_kept)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *data = map_of(obj, ".data");
	size_t sz;
	int *before = bpf_map__initial_value(data, &sz);
	__u32 ret;

	ASSERT_PTR(before);
	CHECK_EQ(*before, 5);
	*before = 40;
	CHECK_EQ((void *)before, bpf_map__initial_value(data, &sz));
	ASSERT_EQ(bpf_object__load(obj), 0);
	CHECK_EQ((void *)before, bpf_map__initial_value(data, &sz));
	ASSERT_EQ(run_prog(prog_of(obj, "bump_data"), &ret), 0);
	CHECK_EQ(ret, 41);
	CHECK_EQ(*before, 41);
	bpf_object__close(obj);
}

KTEST(obj_load_btf_hash_map)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *h = map_of(obj, "hmap");
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), key = 1, next, ret;
	__u64 val;

	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "hmap_update"), &ret), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "hmap_update"), &ret), 0);
	ASSERT_EQ(bpf_map__lookup_elem(h, &key, sizeof(key), &val, sizeof(val), 0), 0);
	CHECK_EQ(val, 43);
	ASSERT_ERR(bpf_map__lookup_elem(h, &key, 2, &val, sizeof(val), 0), EINVAL);
	ASSERT_ERR(bpf_map__lookup_elem(h, &key, sizeof(key), &val, 4, 0), EINVAL);
	ASSERT_ERR(bpf_map__update_elem(h, &key, sizeof(key), &val, 16, 0), EINVAL);
	ASSERT_EQ(bpf_map__get_next_key(h, NULL, &next, sizeof(next)), 0);
	CHECK_EQ(next, 1);
	ASSERT_ERR(bpf_map__get_next_key(h, &next, &next, sizeof(next)), ENOENT);
	val = 5;
	ASSERT_EQ(bpf_map__update_elem(h, &key, sizeof(key), &val, sizeof(val), BPF_EXIST), 0);
	ASSERT_EQ(bpf_map__lookup_and_delete_elem(h, &key, sizeof(key), &val, sizeof(val), 0), 0);
	CHECK_EQ(val, 5);
	ASSERT_ERR(bpf_map__delete_elem(h, &key, sizeof(key), 0), ENOENT);
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(h), &info, &len), 0);
	CHECK(!strcmp(info.name, "hmap"), "kernel name %s", info.name);
	CHECK_EQ(info.btf_key_type_id, bpf_map__btf_key_type_id(h));
	CHECK_EQ(info.btf_value_type_id, bpf_map__btf_value_type_id(h));
	CHECK_EQ(bpf_object__find_map_fd_by_name(obj, "hmap"), bpf_map__fd(h));
	bpf_object__close(obj);
}

KTEST(obj_load_subprog_calls)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_program *chain = prog_of(obj, "call_chain"), *loop = prog_of(obj, "use_loop");
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), ret;
	const struct bpf_func_info *fi;

	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(chain, &ret), 0);
	CHECK_EQ(ret, 3 * 3 + 7 + 1);
	ASSERT_EQ(run_prog(loop, &ret), 0);
	CHECK_EQ(ret, 0 + 1 + 2 + 3 + 4);
	/* main + sub_static + sub_global; sub_unused is never appended */
	ASSERT_EQ(bpf_program__func_info_cnt(chain), 3);
	fi = bpf_program__func_info(chain);
	CHECK_EQ(fi[0].insn_off, 0);
	CHECK_EQ(fi[1].insn_off, 2);
	CHECK_GT(fi[2].insn_off, fi[1].insn_off);
	CHECK(fi[2].insn_off < bpf_program__insn_cnt(chain), "func_info past end");
	/* same count as Debian's libbpf gives for this object */
	CHECK_EQ(bpf_program__insn_cnt(chain), 12);
	CHECK_EQ(bpf_program__insn_cnt(loop), 16);
	CHECK_EQ(bpf_program__func_info_cnt(loop), 2);
	CHECK_GT(bpf_program__line_info_cnt(chain), 3);
	ASSERT_EQ(bpf_prog_get_info_by_fd(bpf_program__fd(chain), &info, &len), 0);
	CHECK_EQ(info.xlated_prog_len / 8, bpf_program__insn_cnt(chain));
	CHECK_EQ(info.nr_func_info, 3);
	CHECK(!strcmp(info.name, "call_chain"), "name %s", info.name);
	bpf_object__close(obj);
}

KTEST(obj_load_optional_prog)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_program *opt = prog_of(obj, "optional_prog");
	__u32 ret;

	ASSERT_EQ(bpf_object__load(obj), 0);
	CHECK_EQ(bpf_program__fd(opt), -ENOENT);
	CHECK_GE(bpf_program__fd(prog_of(obj, "read_rodata")), 0);
	bpf_object__close(obj);

	obj = open_obj("obj_basic");
	opt = prog_of(obj, "optional_prog");
	ASSERT_EQ(bpf_program__set_autoload(opt, true), 0);
	ASSERT_EQ(bpf_program__set_autoload(prog_of(obj, "hmap_update"), false), 0);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(opt, &ret), 0);
	CHECK_EQ(ret, 77);
	/* its .BTF.ext records are found under the ELF name "?xdp" */
	CHECK_EQ(bpf_program__func_info_cnt(opt), 1);
	CHECK_EQ(bpf_program__fd(prog_of(obj, "hmap_update")), -ENOENT);
	bpf_object__close(obj);
}

KTEST(obj_load_legacy_maps)
{
	struct bpf_object *obj = open_obj("obj_legacy");
	struct bpf_map *arr = map_of(obj, "legacy_arr"), *h = map_of(obj, "legacy_hash");
	__u32 key = 2, hkey = 9, hval = 0, ret;
	__u64 v = 0;

	CHECK_EQ(bpf_map__type(arr), BPF_MAP_TYPE_ARRAY);
	CHECK_EQ(bpf_map__key_size(arr), 4);
	CHECK_EQ(bpf_map__value_size(arr), 8);
	CHECK_EQ(bpf_map__max_entries(arr), 4);
	CHECK_EQ(bpf_map__type(h), BPF_MAP_TYPE_HASH);
	CHECK_EQ(bpf_map__max_entries(h), 8);
	CHECK_EQ(bpf_map__is_internal(h), false);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "legacy_prog"), &ret), 0);
	CHECK_EQ(ret, 2);
	ASSERT_EQ(bpf_map__lookup_elem(arr, &key, 4, &v, 8, 0), 0);
	CHECK_EQ(v, 5);
	ASSERT_EQ(bpf_map__lookup_elem(h, &hkey, 4, &hval, 4, 0), 0);
	CHECK_EQ(hval, 99);
	bpf_object__close(obj);
}

KTEST(obj_load_verifier_error)
{
	struct bpf_object *obj = open_obj("obj_verifier_err");
	int line = source_line_of("tests/progs/obj_verifier_err.bpf.c", "OBJ_BAD_LINE");
	libbpf_print_fn_t old;
	char want[128];
	int err;

	ASSERT_GT(line, 0);
	old = capture_start();
	err = bpf_object__load(obj);
	capture_stop(old);
	/* the kernel's own error: EACCES for a bad packet access */
	CHECK_EQ(err, -EACCES);
	CHECK_EQ(errno, EACCES);
	CHECK(strstr(logbuf, "BEGIN PROG LOAD LOG"), "no verifier log: %s", logbuf);
	snprintf(want, sizeof(want), "obj_verifier_err.bpf.c:%d", line);
	CHECK(strstr(logbuf, want), "no '%s' in: %s", want, logbuf);
	CHECK(strstr(logbuf, "bad_access"), "prog not named");
	/* nothing stays loaded */
	CHECK_EQ(bpf_program__fd(prog_of(obj, "good_prog")), -ENOENT);
	ASSERT_ERR(bpf_object__load(obj), EINVAL);
	bpf_object__close(obj);
}

KTEST(obj_load_prog_log_buf)
{
	struct bpf_object *obj = open_obj("obj_verifier_err");
	struct bpf_program *bad = prog_of(obj, "bad_access");
	static char plog[1 << 16];
	libbpf_print_fn_t old;

	plog[0] = '\0';
	ASSERT_EQ(bpf_program__set_log_buf(bad, plog, sizeof(plog)), 0);
	old = capture_start();
	CHECK_EQ(bpf_object__load(obj), -EACCES);
	capture_stop(old);
	CHECK(strstr(plog, "packet"), "program log: %s", plog);
	/* the caller has the log: it is not printed again */
	CHECK(!strstr(logbuf, "BEGIN PROG LOAD LOG"), "log printed");
	bpf_object__close(obj);
}

KTEST(obj_load_kernel_log_opts)
{
	static char klog[1 << 16];
	LIBBPF_OPTS(bpf_object_open_opts, opts, .kernel_log_buf = klog,
		    .kernel_log_size = sizeof(klog), .kernel_log_level = 1);
	struct bpf_object *obj = bpf_object__open_file(test_obj_path("obj_legacy"), &opts);

	ASSERT_PTR(obj);
	klog[0] = '\0';
	ASSERT_EQ(bpf_object__load(obj), 0);
	CHECK(strstr(klog, "processed"), "kernel log: %s", klog);
	bpf_object__close(obj);
}

KTEST(obj_load_missing_function)
{
	struct bpf_object *obj = open_obj("obj_extern");
	libbpf_print_fn_t old = capture_start();
	int err = bpf_object__load(obj);

	capture_stop(old);
	/* as libbpf: a strong extern the kernel lacks is -ESRCH */
	CHECK_EQ(err, -ESRCH);
	CHECK(strstr(logbuf, "no_such_function"), "log: %s", logbuf);
	bpf_object__close(obj);
}

KTEST(obj_load_unknown_section)
{
	struct bpf_object *obj = open_obj("obj_unknown_sec");
	struct bpf_program *p = prog_of(obj, "odd_section_prog");
	libbpf_print_fn_t old;
	__u32 ret;

	ASSERT_PTR(p);
	CHECK_EQ(bpf_program__type(p), BPF_PROG_TYPE_UNSPEC);
	ASSERT_STREQ(bpf_program__section_name(p), "bpfkit_no_such_kind");
	old = capture_start();
	CHECK_EQ(bpf_object__load(obj), -EINVAL);
	capture_stop(old);
	CHECK(strstr(logbuf, "odd_section_prog"), "log: %s", logbuf);
	bpf_object__close(obj);

	obj = open_obj("obj_unknown_sec");
	p = prog_of(obj, "odd_section_prog");
	ASSERT_EQ(bpf_program__set_type(p, BPF_PROG_TYPE_XDP), 0);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(p, &ret), 0);
	CHECK_EQ(ret, 3);
	bpf_object__close(obj);
}

KTEST(obj_setters_after_load)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *h = map_of(obj, "hmap"), *data = map_of(obj, ".data");
	struct bpf_program *p = prog_of(obj, "read_rodata");
	int v = 1;

	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_ERR(bpf_map__set_max_entries(h, 3), EBUSY);
	ASSERT_ERR(bpf_map__set_type(h, BPF_MAP_TYPE_ARRAY), EBUSY);
	ASSERT_ERR(bpf_map__set_key_size(h, 8), EBUSY);
	ASSERT_ERR(bpf_map__set_value_size(data, 8), EBUSY);
	ASSERT_ERR(bpf_map__set_initial_value(data, &v, sizeof(v)), EBUSY);
	ASSERT_ERR(bpf_map__set_autocreate(h, false), EBUSY);
	ASSERT_ERR(bpf_program__set_type(p, BPF_PROG_TYPE_SOCKET_FILTER), EBUSY);
	ASSERT_ERR(bpf_program__set_expected_attach_type(p, BPF_CGROUP_INET_INGRESS), EBUSY);
	ASSERT_ERR(bpf_program__set_log_level(p, 1), EBUSY);
	ASSERT_ERR(bpf_program__set_flags(p, 0), EBUSY);
	ASSERT_ERR(bpf_program__set_autoload(p, false), EINVAL);
	ASSERT_ERR(bpf_object__set_kversion(obj, 1), EBUSY);
	bpf_object__close(obj);
}

KTEST(obj_load_map_changes_apply)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *h = map_of(obj, "hmap");
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), ret;

	ASSERT_EQ(bpf_map__set_max_entries(h, 100), 0);
	ASSERT_EQ(bpf_map__set_map_flags(h, BPF_F_NO_PREALLOC), 0);
	ASSERT_EQ(bpf_map__set_value_size(map_of(obj, ".data.custom"), 4096), 0);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(h), &info, &len), 0);
	CHECK_EQ(info.max_entries, 100);
	CHECK_EQ(info.map_flags, BPF_F_NO_PREALLOC);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(map_of(obj, ".data.custom")), &info, &len),
		  0);
	CHECK_EQ(info.value_size, 4096);
	ASSERT_EQ(run_prog(prog_of(obj, "bump_data"), &ret), 0);
	bpf_object__close(obj);
}

KTEST(obj_load_autocreate_off)
{
	struct bpf_object *obj = open_obj("obj_basic");
	libbpf_print_fn_t old;

	/* hmap_update needs hmap: no map, no load */
	ASSERT_EQ(bpf_map__set_autocreate(map_of(obj, "hmap"), false), 0);
	old = capture_start();
	CHECK_EQ(bpf_object__load(obj), -ENOENT);
	capture_stop(old);
	CHECK(strstr(logbuf, "hmap"), "log: %s", logbuf);
	CHECK_EQ(bpf_map__fd(map_of(obj, ".data")), -1);
	bpf_object__close(obj);

	obj = open_obj("obj_basic");
	ASSERT_EQ(bpf_map__set_autocreate(map_of(obj, "hmap"), false), 0);
	ASSERT_EQ(bpf_program__set_autoload(prog_of(obj, "hmap_update"), false), 0);
	ASSERT_EQ(bpf_object__load(obj), 0);
	CHECK_EQ(bpf_map__fd(map_of(obj, "hmap")), -1);
	CHECK_GE(bpf_program__fd(prog_of(obj, "read_rodata")), 0);
	bpf_object__close(obj);
}

KTEST(obj_map_reuse_fd)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *h = map_of(obj, "hmap");
	__u32 key = 1, ret;
	__u64 val = 0;
	int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "reused", 4, 8, 16, NULL);

	ASSERT_OK(fd);
	ASSERT_EQ(bpf_map__reuse_fd(h, fd), 0);
	CHECK_NE(bpf_map__fd(h), fd);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "hmap_update"), &ret), 0);
	/* the program wrote into our map */
	ASSERT_EQ(bpf_map_lookup_elem(fd, &key, &val), 0);
	CHECK_EQ(val, 42);
	bpf_object__close(obj);
	close(fd);
}

/* The differential test against libbpf is in test_object_diff.c. */

KTEST(obj_load_map_in_map)
{
	struct bpf_object *obj = open_obj("obj_misc");
	struct bpf_map *outer = map_of(obj, "outer"), *inner;
	__u32 k = 0, v = 55, ret;
	int in_fd;

	CHECK_EQ(bpf_map__type(outer), BPF_MAP_TYPE_ARRAY_OF_MAPS);
	CHECK_EQ(bpf_map__value_size(outer), 4);
	inner = bpf_map__inner_map(outer);
	ASSERT_PTR(inner);
	CHECK_EQ(bpf_map__type(inner), BPF_MAP_TYPE_ARRAY);
	CHECK_EQ(bpf_map__max_entries(inner), 1);
	CHECK_EQ(bpf_map__value_size(inner), 4);
	/* the inner map is a template, not a map of the object */
	CHECK(!bpf_object__find_map_by_name(obj, bpf_map__name(inner)), "inner listed");
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "read_inner"), &ret), 0);
	CHECK_EQ(ret, 99);
	in_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "mim_inner", 4, 4, 1, NULL);
	ASSERT_OK(in_fd);
	ASSERT_EQ(bpf_map_update_elem(in_fd, &k, &v, 0), 0);
	ASSERT_EQ(bpf_map__update_elem(outer, &k, 4, &in_fd, 4, 0), 0);
	close(in_fd);
	ASSERT_EQ(run_prog(prog_of(obj, "read_inner"), &ret), 0);
	CHECK_EQ(ret, 55);
	bpf_object__close(obj);
}

KTEST(obj_load_inner_map_fd)
{
	struct bpf_object *obj = open_obj("obj_misc");
	struct bpf_map *outer = map_of(obj, "outer");
	/* a different inner template: 8 entries instead of 1 */
	int t = bpf_map_create(BPF_MAP_TYPE_ARRAY, "tmpl", 4, 4, 8, NULL), in_fd;
	__u32 k = 0;
	libbpf_print_fn_t old;

	ASSERT_OK(t);
	ASSERT_ERR(bpf_map__set_inner_map_fd(map_of(obj, ".data"), t), EINVAL);
	ASSERT_EQ(bpf_map__set_inner_map_fd(outer, t), 0);
	close(t);
	ASSERT_ERR(bpf_map__set_inner_map_fd(outer, t), EINVAL);
	CHECK(!bpf_map__inner_map(outer), "template kept");
	ASSERT_EQ(bpf_object__load(obj), 0);
	/* the outer map now takes 8-entry arrays only */
	in_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "in8", 4, 4, 8, NULL);
	ASSERT_OK(in_fd);
	CHECK_EQ(bpf_map__update_elem(outer, &k, 4, &in_fd, 4, 0), 0);
	close(in_fd);
	in_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "in1", 4, 4, 1, NULL);
	ASSERT_OK(in_fd);
	old = capture_start();
	CHECK_NE(bpf_map__update_elem(outer, &k, 4, &in_fd, 4, 0), 0);
	capture_stop(old);
	close(in_fd);
	bpf_object__close(obj);
}

KTEST(obj_load_string_literal_and_long_name)
{
	const char *longname = "a_program_name_longer_than_fifteen";
	struct bpf_object *obj = open_obj("obj_misc");
	struct bpf_program *p = prog_of(obj, longname);
	struct bpf_map *str = map_of(obj, ".rodata.str1.1");
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), ret;

	ASSERT_PTR(p);
	ASSERT_STREQ(bpf_map__name(str), ".rodata.str1.1");
	CHECK_EQ(bpf_map__map_flags(str), BPF_F_MMAPABLE | BPF_F_RDONLY_PROG);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(p, &ret), 0);
	CHECK_EQ(ret, 'y');
	ASSERT_EQ(bpf_prog_get_info_by_fd(bpf_program__fd(p), &info, &len), 0);
	/* the kernel keeps BPF_OBJ_NAME_LEN - 1 characters */
	CHECK(!strncmp(info.name, longname, 15) && strlen(info.name) == 15, "name %s",
	      info.name);
	ASSERT_STREQ(bpf_program__name(p), longname);
	bpf_object__close(obj);
}

KTEST(obj_prepare_then_load)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_program *upd = prog_of(obj, "hmap_update"), *opt = prog_of(obj, "optional_prog");
	struct bpf_map *h = map_of(obj, "hmap");
	const struct bpf_insn *in;
	bool found = false;
	__u32 ret;

	ASSERT_EQ(bpf_object__prepare(obj), 0);
	ASSERT_ERR(bpf_object__prepare(obj), EINVAL);
	ASSERT_GE(bpf_map__fd(h), 0);
	ASSERT_ERR(bpf_map__set_max_entries(h, 3), EBUSY);
	CHECK_EQ(bpf_program__fd(upd), -ENOENT);
	/* instructions are final: the map reference carries the map's fd */
	in = bpf_program__insns(upd);
	for (size_t i = 0; i < bpf_program__insn_cnt(upd); i++)
		if (in[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    in[i].src_reg == BPF_PSEUDO_MAP_FD && in[i].imm == bpf_map__fd(h))
			found = true;
	CHECK(found, "no ld_imm64 of hmap's fd");
	CHECK_EQ(bpf_program__insn_cnt(prog_of(obj, "call_chain")), 12);
	/* programs can still be switched on */
	ASSERT_EQ(bpf_program__set_autoload(opt, true), 0);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(opt, &ret), 0);
	CHECK_EQ(ret, 77);
	ASSERT_EQ(run_prog(upd, &ret), 0);
	bpf_object__close(obj);
}

/* ---- pinning ---- */

static struct bpf_object *open_pin_obj(const char *root)
{
	LIBBPF_OPTS(bpf_object_open_opts, o, .pin_root_path = root);
	struct bpf_object *obj = bpf_object__open_file(test_obj_path("obj_pin"), &o);

	ASSERT_PTR(obj);
	return obj;
}

KTEST(obj_pin_by_name_shared)
{
	char root[512], path[600];
	struct bpf_object *a, *b, *c;
	struct bpf_map_info ia = {}, ib = {};
	__u32 len = sizeof(ia), ret, k = 0;
	libbpf_print_fn_t old;
	__u64 v = 0;

	snprintf(root, sizeof(root), "%s/obj_pin", test_pin_dir());
	snprintf(path, sizeof(path), "%s/shared_cnt", root);
	a = open_pin_obj(root);
	ASSERT_STREQ(bpf_map__pin_path(map_of(a, "shared_cnt")), path);
	CHECK(!bpf_map__pin_path(map_of(a, "private_cnt")), "private has a pin path");
	CHECK(!bpf_map__is_pinned(map_of(a, "shared_cnt")), "pinned before load");
	/* the pin root does not exist yet: created on load */
	ASSERT_EQ(bpf_object__load(a), 0);
	CHECK(bpf_map__is_pinned(map_of(a, "shared_cnt")), "not pinned");
	CHECK_EQ(access(path, F_OK), 0);
	ASSERT_EQ(run_prog(prog_of(a, "count"), &ret), 0);
	CHECK_EQ(ret, 1);

	b = open_pin_obj(root);
	ASSERT_EQ(bpf_object__load(b), 0);
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(map_of(a, "shared_cnt")), &ia, &len), 0);
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(map_of(b, "shared_cnt")), &ib, &len), 0);
	CHECK_EQ(ia.id, ib.id);
	ASSERT_EQ(run_prog(prog_of(b, "count"), &ret), 0);
	CHECK_EQ(ret, 2);
	ASSERT_EQ(bpf_map__lookup_elem(map_of(a, "private_cnt"), &k, 4, &v, 8, 0), 0);
	CHECK_EQ(v, 1);

	/* a pinned map with another definition is refused, nothing leaks */
	c = open_pin_obj(root);
	ASSERT_EQ(bpf_map__set_max_entries(map_of(c, "shared_cnt"), 2), 0);
	old = capture_start();
	CHECK_EQ(bpf_object__load(c), -EINVAL);
	capture_stop(old);
	CHECK(strstr(logbuf, "shared_cnt"), "log: %s", logbuf);
	bpf_object__close(c);
	/* closing does not unpin */
	bpf_object__close(b);
	CHECK_EQ(access(path, F_OK), 0);
	ASSERT_EQ(bpf_map__unpin(map_of(a, "shared_cnt"), NULL), 0);
	CHECK_NE(access(path, F_OK), 0);
	CHECK(!bpf_map__is_pinned(map_of(a, "shared_cnt")), "still pinned");
	bpf_object__close(a);
	rmdir(root);
}

KTEST(obj_pin_object)
{
	char dir[512], p[700];
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_map *h = map_of(obj, "hmap");
	libbpf_print_fn_t old;
	int fd;

	snprintf(dir, sizeof(dir), "%s/obj_pin_all", test_pin_dir());
	ASSERT_EQ(mkdir(dir, 0700), 0);
	ASSERT_ERR(bpf_object__pin_maps(obj, dir), ENOENT);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(bpf_object__pin(obj, dir), 0);
	snprintf(p, sizeof(p), "%s/hmap", dir);
	CHECK(bpf_map__is_pinned(h) && !strcmp(bpf_map__pin_path(h), p), "hmap pin");
	/* bpffs takes no '.' in names */
	snprintf(p, sizeof(p), "%s/obj_basi_data", dir);
	CHECK_EQ(access(p, F_OK), 0);
	snprintf(p, sizeof(p), "%s/call_chain", dir);
	fd = bpf_obj_get(p);
	CHECK_GE(fd, 0);
	close(fd);
	/* optional_prog is not loaded, so not pinned */
	snprintf(p, sizeof(p), "%s/optional_prog", dir);
	CHECK_NE(access(p, F_OK), 0);
	/* a second pin of the same map elsewhere is refused */
	old = capture_start();
	ASSERT_ERR(bpf_map__pin(h, "/sys/fs/bpf/elsewhere"), EEXIST);
	/* pins outside bpffs are refused */
	ASSERT_ERR(bpf_program__pin(prog_of(obj, "call_chain"), "/tmp/x"), EINVAL);
	capture_stop(old);
	ASSERT_EQ(bpf_object__unpin(obj, dir), 0);
	snprintf(p, sizeof(p), "%s/call_chain", dir);
	CHECK_NE(access(p, F_OK), 0);
	CHECK(!bpf_map__is_pinned(h), "still pinned");
	CHECK_EQ(rmdir(dir), 0);
	bpf_object__close(obj);
}

/* ---- program instances ---- */

#define NR_INST 4
static int prep_seen;
static struct bpf_insn inst_insns[NR_INST][64];
static int inst_pfd[NR_INST];

/* Instances 0..2: read_rodata rewritten to return 100 + n (the load of
 * ro_var into r0 before the exit becomes "r0 = 100 + n", so the map
 * reference stays); instance 3: skipped. */
static int prep_const(struct bpf_program *prog, int n, struct bpf_insn *insns, int cnt,
		      struct bpf_prog_prep_result *res)
{
	(void)prog;
	prep_seen |= 1 << n;
	res->pfd = &inst_pfd[n];
	if (n == NR_INST - 1)
		return 0;
	if (cnt < 2 || cnt > 64 || insns[cnt - 1].code != (BPF_JMP | BPF_EXIT) ||
	    insns[cnt - 2].dst_reg != BPF_REG_0)
		return -1;
	memcpy(inst_insns[n], insns, cnt * sizeof(*insns));
	inst_insns[n][cnt - 2] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K,
						    .dst_reg = BPF_REG_0, .imm = 100 + n };
	res->new_insn_ptr = inst_insns[n];
	res->new_insn_cnt = cnt;
	return 0;
}

static int prep_fail(struct bpf_program *prog, int n, struct bpf_insn *insns, int cnt,
		     struct bpf_prog_prep_result *res)
{
	(void)prog;
	res->new_insn_ptr = insns;
	res->new_insn_cnt = cnt;
	return n == 1 ? -1 : 0;
}

KTEST(obj_prog_instances)
{
	struct bpf_object *obj = open_obj("obj_basic");
	struct bpf_program *p = prog_of(obj, "read_rodata");
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
	libbpf_print_fn_t old = capture_start();

	ASSERT_ERR(bpf_program__set_prep(p, 0, prep_const), EINVAL);
	ASSERT_ERR(bpf_program__set_prep(p, -1, prep_const), EINVAL);
	ASSERT_ERR(bpf_program__set_prep(p, NR_INST, NULL), EINVAL);
	ASSERT_EQ(bpf_program__set_prep(p, NR_INST, prep_const), 0);
	ASSERT_ERR(bpf_program__set_prep(p, NR_INST, prep_const), EINVAL);
	prep_seen = 0;
	memset(inst_pfd, 0, sizeof(inst_pfd));
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_ERR(bpf_program__set_prep(prog_of(obj, "bump_data"), 2, prep_const), EINVAL);
	capture_stop(old);
	CHECK_EQ(prep_seen, (1 << NR_INST) - 1);
	for (int n = 0; n < NR_INST - 1; n++) {
		int fd = bpf_program__nth_fd(p, n);

		ASSERT_GE(fd, 0);
		CHECK_EQ(inst_pfd[n], fd);
		ASSERT_EQ(bpf_prog_test_run_opts(fd, &o), 0);
		CHECK_EQ(o.retval, 100 + n);
	}
	CHECK_EQ(bpf_program__fd(p), bpf_program__nth_fd(p, 0));
	ASSERT_ERR(bpf_program__nth_fd(p, NR_INST - 1), ENOENT);
	CHECK_EQ(inst_pfd[NR_INST - 1], -1);
	ASSERT_ERR(bpf_program__nth_fd(p, NR_INST), EINVAL);
	ASSERT_ERR(bpf_program__nth_fd(p, -1), EINVAL);
	/* three distinct kernel programs */
	CHECK(bpf_program__nth_fd(p, 0) != bpf_program__nth_fd(p, 1) &&
		      bpf_program__nth_fd(p, 1) != bpf_program__nth_fd(p, 2),
	      "instances share an fd");
	/* plain programs are their own instance 0 */
	p = prog_of(obj, "call_chain");
	CHECK_EQ(bpf_program__nth_fd(p, 0), bpf_program__fd(p));
	bpf_object__close(obj);

	/* a failing preprocessor stops the load; nothing stays open (the
	 * runner checks fds) */
	obj = open_obj("obj_basic");
	p = prog_of(obj, "bump_data");
	ASSERT_EQ(bpf_program__set_prep(p, 3, prep_fail), 0);
	old = capture_start();
	CHECK_EQ(bpf_object__load(obj), -LIBBPF_ERRNO__INTERNAL);
	capture_stop(old);
	CHECK(strstr(logbuf, "preprocessor failed for instance 1"), "log: %s", logbuf);
	ASSERT_ERR(bpf_program__fd(p), ENOENT);
	ASSERT_ERR(bpf_program__nth_fd(p, 0), ENOENT);
	bpf_object__close(obj);
}

KTEST(obj_load_values_slots)
{
	struct bpf_object *obj = open_obj("obj_slots");
	struct bpf_map *outer = map_of(obj, "outer"), *b = map_of(obj, "inner_b");
	struct bpf_map_info info = {};
	__u32 k = 0, v = 66, id = 0, ret, len = sizeof(info);

	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(bpf_map__update_elem(b, &k, 4, &v, 4, 0), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "read_slot"), &ret), 0);
	CHECK_EQ(ret, 66);
	/* slot 1 holds inner_a (map-in-map lookups from user space give ids) */
	k = 1;
	ASSERT_EQ(bpf_map_lookup_elem(bpf_map__fd(outer), &k, &id), 0);
	ASSERT_EQ(bpf_map_get_info_by_fd(bpf_map__fd(map_of(obj, "inner_a")), &info, &len), 0);
	CHECK_EQ(id, info.id);
	k = 0;
	CHECK_NE(bpf_map_lookup_elem(bpf_map__fd(outer), &k, &id), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "do_tail"), &ret), 0);
	CHECK_EQ(ret, 21);
	bpf_object__close(obj);
}

KTEST(obj_load_ksym_externs)
{
	struct bpf_object *obj = open_obj("obj_ksym");
	libbpf_print_fn_t old;
	__u32 ret;
	int err;

	old = capture_start();
	err = bpf_object__load(obj);
	capture_stop(old);
	if (err == -ESRCH && strstr(logbuf, "not found in the running kernel"))
		/* the message is our resolver's: a CI failure, not a quiet skip */
		test_skip(true, "kernel lacks a kfunc or symbol: %s", logbuf);
	ASSERT_EQ(err, 0);
	/* the object's BTF went to the kernel despite its extern FUNCs */
	CHECK_GE(bpf_object__btf_fd(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "sum_loop"), &ret), 0);
	CHECK_EQ(ret, 0 + 1 + 2 + 3 + 4);
	ASSERT_EQ(run_prog(prog_of(obj, "weak_kfunc"), &ret), 0);
	CHECK_EQ(ret, 3);
	ASSERT_EQ(run_prog(prog_of(obj, "weak_sym"), &ret), 0);
	CHECK_EQ(ret, 4);
	ASSERT_EQ(run_prog(prog_of(obj, "untyped_ksym"), &ret), 0);
	CHECK_EQ(ret, 5);
	bpf_object__close(obj);
}

KTEST(obj_load_typed_ksym)
{
	struct bpf_object *obj = open_obj("obj_ksym");
	libbpf_print_fn_t old;
	__u32 ret;
	int err;

	/* resolved through vmlinux BTF by us, but the kernel also needs the
	 * variable in kallsyms (CONFIG_KALLSYMS_ALL) */
	ASSERT_EQ(bpf_program__set_autoload(prog_of(obj, "typed_ksym"), true), 0);
	old = capture_start();
	err = bpf_object__load(obj);
	capture_stop(old);
	if (err == -ENOENT && strstr(logbuf, "failed to find the address")) {
		bpf_object__close(obj);
		test_skip_absent("kernel cannot place data symbols (no CONFIG_KALLSYMS_ALL)");
	}
	ASSERT_EQ(err, 0);
	ASSERT_EQ(run_prog(prog_of(obj, "typed_ksym"), &ret), 0);
	CHECK_EQ(ret, 30);
	bpf_object__close(obj);
}

/* Extern declarations are held to the kernel's types, as CO-RE compares
 * them: a strong kfunc or typed ksym that doesn't match fails the load
 * naming the extern; a weak kfunc that doesn't match counts as missing. */
KTEST(obj_load_extern_type_mismatch)
{
	static const char *const bad[] = { "obj_bad_kfunc_proto", "obj_bad_ksym_type" };
	static const char *const name[] = { "bpf_cgroup_release", "bpf_prog_active" };
	struct bpf_object *obj;
	libbpf_print_fn_t old;
	__u32 ret;
	int err;

	for (size_t i = 0; i < 2; i++) {
		obj = open_obj(bad[i]);
		old = capture_start();
		err = bpf_object__load(obj);
		capture_stop(old);
		CHECK_EQ(err, -EINVAL);
		CHECK(strstr(logbuf, name[i]) && strstr(logbuf, "does not match the kernel"),
		      "%s: log does not name the extern: %s", bad[i], logbuf);
		bpf_object__close(obj);
	}
	obj = open_obj("obj_ksym_proto");
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "weak_mismatch"), &ret), 0);
	CHECK_EQ(ret, 3);
	ASSERT_EQ(run_prog(prog_of(obj, "flavor"), &ret), 0);
	CHECK_EQ(ret, 5);
	bpf_object__close(obj);
}

/* ---- Kconfig externs ---- */

KTEST(obj_load_kconfig)
{
	LIBBPF_OPTS(bpf_object_open_opts, o,
		    .kconfig = "CONFIG_HZ=123\nCONFIG_BPFKIT_TEST_STR=\"hi\"\n");
	struct bpf_object *obj = open_obj("obj_kconfig");
	struct bpf_map *kc = map_of(obj, ".kconfig");
	unsigned int major = 0;
	struct utsname u;
	__u32 ret;

	ASSERT_PTR(kc);
	CHECK(bpf_map__is_internal(kc), "kconfig map not internal");
	ASSERT_STREQ(bpf_map__name(kc), "obj_kco.kconfig");
	CHECK_EQ(bpf_map__map_flags(kc), BPF_F_MMAPABLE | BPF_F_RDONLY_PROG);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(uname(&u), 0);
	sscanf(u.release, "%u", &major);
	ASSERT_EQ(run_prog(prog_of(obj, "kver_major"), &ret), 0);
	CHECK_EQ(ret, major);
	/* every kernel running these tests has BPF=y and BPF_SYSCALL=y */
	ASSERT_EQ(run_prog(prog_of(obj, "bpf_flags"), &ret), 0);
	CHECK(ret == 110 || ret == 111, "bpf flags %u", ret);
	ASSERT_EQ(run_prog(prog_of(obj, "hz"), &ret), 0);
	CHECK(ret == 100 || ret == 250 || ret == 300 || ret == 1000, "HZ %u", ret);
	ASSERT_EQ(run_prog(prog_of(obj, "str_and_missing"), &ret), 0);
	CHECK_EQ(ret, 0);
	bpf_object__close(obj);

	/* open_opts.kconfig wins over the kernel's config */
	obj = bpf_object__open_file(test_obj_path("obj_kconfig"), &o);
	ASSERT_PTR(obj);
	ASSERT_EQ(bpf_object__load(obj), 0);
	ASSERT_EQ(run_prog(prog_of(obj, "hz"), &ret), 0);
	CHECK_EQ(ret, 123);
	ASSERT_EQ(run_prog(prog_of(obj, "str_and_missing"), &ret), 0);
	CHECK_EQ(ret, 'i');
	bpf_object__close(obj);
}

KTEST(obj_load_kconfig_bad_value)
{
	LIBBPF_OPTS(bpf_object_open_opts, o, .kconfig = "CONFIG_BPF=m\n");
	struct bpf_object *obj = bpf_object__open_file(test_obj_path("obj_kconfig"), &o);
	libbpf_print_fn_t old;

	ASSERT_PTR(obj);
	old = capture_start();
	/* a bool cannot be 'm' */
	CHECK_EQ(bpf_object__load(obj), -EINVAL);
	capture_stop(old);
	CHECK(strstr(logbuf, "CONFIG_BPF"), "log: %s", logbuf);
	bpf_object__close(obj);
}

KTEST(obj_core_btf_custom_path)
{
	LIBBPF_OPTS(bpf_object_open_opts, bad, .btf_custom_path = "/nonexistent/bpfkit.btf");
	LIBBPF_OPTS(bpf_object_open_opts, vm, .btf_custom_path = "/sys/kernel/btf/vmlinux");
	struct bpf_object *a, *b;
	libbpf_print_fn_t old;
	size_t n;

	if (access("/sys/kernel/btf/vmlinux", R_OK))
		test_skip_absent("no /sys/kernel/btf/vmlinux");
	a = bpf_object__open_file(test_obj_path("core_relo"), &bad);
	ASSERT_PTR(a);
	old = capture_start();
	CHECK_EQ(bpf_object__load(a), -ENOENT);
	capture_stop(old);
	CHECK(strstr(logbuf, "/nonexistent/bpfkit.btf"), "log: %s", logbuf);
	bpf_object__close(a);

	/* the same file as the default target: the same instructions */
	a = bpf_object__open_file(test_obj_path("core_relo"), &vm);
	b = open_obj("core_relo");
	ASSERT_PTR(a);
	ASSERT_EQ(bpf_object__prepare(a), 0);
	ASSERT_EQ(bpf_object__prepare(b), 0);
	n = bpf_program__insn_cnt(prog_of(a, "core_reads"));
	ASSERT_EQ(n, bpf_program__insn_cnt(prog_of(b, "core_reads")));
	for (size_t i = 0; i < n; i++) {
		const struct bpf_insn *x = &bpf_program__insns(prog_of(a, "core_reads"))[i];
		const struct bpf_insn *y = &bpf_program__insns(prog_of(b, "core_reads"))[i];

		/* map fds differ between the two objects */
		if (x->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			i++;
			continue;
		}
		CHECK(!memcmp(x, y, sizeof(*x)), "insn %zu differs", i);
	}
	bpf_object__close(a);
	bpf_object__close(b);
}

/* ---- BTF attach targets ---- */

static __u32 prog_attach_btf_id(const struct bpf_program *p)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_prog_get_info_by_fd(bpf_program__fd(p), &info, &len))
		return 0;
	return info.attach_btf_id;
}

KTEST(obj_load_btf_attach_targets)
{
	struct bpf_object *obj = open_obj("obj_btf_attach");
	struct bpf_program *bare = prog_of(obj, "tp_bare");
	libbpf_print_fn_t old;
	int err, id_task, id_switch, id_wakeup;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		bpf_object__close(obj);
		test_skip_absent("no vmlinux BTF");
	}
	id_task = libbpf_find_vmlinux_btf_id("task", BPF_TRACE_ITER);
	id_switch = libbpf_find_vmlinux_btf_id("sched_switch", BPF_TRACE_RAW_TP);
	id_wakeup = libbpf_find_vmlinux_btf_id("sched_wakeup", BPF_TRACE_RAW_TP);
	ASSERT_GT(id_task, 0);
	ASSERT_GT(id_switch, 0);
	ASSERT_GT(id_wakeup, 0);
	old = capture_start();
	ASSERT_ERR(libbpf_find_vmlinux_btf_id("bpfkit_nope", BPF_TRACE_FENTRY), ENOENT);
	capture_stop(old);
	ASSERT_EQ(bpf_program__set_attach_target(bare, 0, "sched_wakeup"), 0);
	ASSERT_EQ(bpf_program__set_autoload(bare, true), 0);
	err = bpf_object__load(obj);
	if (err == -EPERM) {
		bpf_object__close(obj);
		test_skip_absent("kernel refuses tracing programs (lockdown)");
	}
	ASSERT_EQ(err, 0);
	CHECK_EQ(prog_attach_btf_id(prog_of(obj, "it_task")), id_task);
	CHECK_EQ(prog_attach_btf_id(prog_of(obj, "tp_switch")), id_switch);
	CHECK_EQ(prog_attach_btf_id(bare), id_wakeup);
	bpf_object__close(obj);

	/* a target the kernel lacks: named, and nothing is left loaded */
	obj = open_obj("obj_btf_attach");
	ASSERT_EQ(bpf_program__set_autoload(prog_of(obj, "it_missing"), true), 0);
	old = capture_start();
	CHECK_EQ(bpf_object__load(obj), -ENOENT);
	capture_stop(old);
	CHECK(strstr(logbuf, "bpfkit_no_such_iter"), "log: %s", logbuf);
	bpf_object__close(obj);
}
