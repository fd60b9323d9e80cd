// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tests of the ELF64 reader (src/elf.c). Ground truth is llvm-readelf: for
 * every built test object (and a big-endian build of elf_basic) sections,
 * symbols and relocations must match what it prints. Malformed inputs are
 * made by mutating a good object in memory.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/elf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "libbpf_internal.h"
#include "test.h"

#ifndef SHN_XINDEX
#define SHN_XINDEX 0xffff
#endif

#define BASIC "elf_basic"
#define MUT "mutant.o"

/* ---- helpers ----------------------------------------------------------- */

static char last_msg[512];
static int nmsgs;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	nmsgs++;
	return vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
}

static libbpf_print_fn_t saved_print;

static void capture_start(void)
{
	nmsgs = 0;
	last_msg[0] = 0;
	saved_print = libbpf_set_print(capture_print);
}

static void capture_stop(void)
{
	libbpf_set_print(saved_print);
}

static uint8_t *slurp(const char *path, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return NULL;
	}
	buf = malloc(st.st_size);
	if (buf && read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	close(fd);
	*size = st.st_size;
	return buf;
}

/* A private copy of elf_basic to mutate (host order == file order on the
 * little-endian test machine, so the structs can be used directly). */
static uint8_t *basic_copy(size_t *size)
{
	uint8_t *buf = slurp(test_obj_path(BASIC), size);

	ASSERT(buf != NULL, "cannot read %s", test_obj_path(BASIC));
	ASSERT_EQ(buf[EI_DATA], ELFDATA2LSB);
	return buf;
}

static Elf64_Ehdr *ehdr(uint8_t *buf)
{
	return (Elf64_Ehdr *)buf;
}

static Elf64_Shdr *shdr(uint8_t *buf, size_t idx)
{
	return (Elf64_Shdr *)(buf + ehdr(buf)->e_shoff) + idx;
}

static const char *shname(uint8_t *buf, size_t idx)
{
	Elf64_Shdr *strs = shdr(buf, ehdr(buf)->e_shstrndx);

	return (const char *)buf + strs->sh_offset + shdr(buf, idx)->sh_name;
}

static size_t find_shdr(uint8_t *buf, const char *name)
{
	for (size_t i = 0; i < ehdr(buf)->e_shnum; i++)
		if (!strcmp(shname(buf, i), name))
			return i;
	test_fail(__FILE__, __LINE__, "no section %s in test object", name);
	test_abort();
}

static size_t find_shdr_type(uint8_t *buf, uint32_t type)
{
	for (size_t i = 0; i < ehdr(buf)->e_shnum; i++)
		if (shdr(buf, i)->sh_type == type)
			return i;
	test_fail(__FILE__, __LINE__, "no section of type %u in test object", type);
	test_abort();
}

/* Open a mutated buffer expecting failure err with exactly one warning that
 * names the object and contains what (may be NULL). */
static void expect_open_fail(uint8_t *buf, size_t size, int err, const char *what)
{
	struct elf_file *ef = (struct elf_file *)1;
	int ret;

	capture_start();
	errno = 0;
	ret = elf_open_mem(buf, size, MUT, &ef);
	capture_stop();
	CHECK_EQ(ret, -err);
	CHECK_EQ(errno, err);
	CHECK(ef == NULL, "out cleared on failure");
	CHECK_EQ(nmsgs, 1);
	CHECK(strstr(last_msg, MUT) != NULL, "message names the object: %s", last_msg);
	if (what)
		CHECK(strstr(last_msg, what) != NULL, "message '%s' mentions '%s'", last_msg, what);
	if (ret == 0)
		elf_close(ef);
}

/* ---- llvm-readelf ground truth ------------------------------------------ */

#define MAX_LINES 4096

struct lines {
	char *v[MAX_LINES];
	int n;
};

static void run_lines(const char *cmd, struct lines *out)
{
	char buf[1024];
	FILE *f;

	out->n = 0;
	f = popen(cmd, "r");
	ASSERT(f != NULL, "popen %s", cmd);
	while (fgets(buf, sizeof(buf), f) && out->n < MAX_LINES) {
		buf[strcspn(buf, "\n")] = 0;
		out->v[out->n++] = strdup(buf);
	}
	CHECK_EQ(pclose(f), 0);
}

static void free_lines(struct lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

static int split(char *s, char **tok, int max)
{
	int n = 0;

	for (char *save, *t = strtok_r(s, " \t", &save); t && n < max;
	     t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	return n;
}

static const struct {
	const char *name;
	uint32_t type;
} sec_types[] = {
	{ "NULL", SHT_NULL },	  { "PROGBITS", SHT_PROGBITS }, { "SYMTAB", SHT_SYMTAB },
	{ "STRTAB", SHT_STRTAB }, { "REL", SHT_REL },		{ "NOBITS", SHT_NOBITS },
	{ "LLVM_ADDRSIG", 0x6fff4c03 },
};

/* Sections: "[Nr] Name Type Address Off Size ES Flg Lk Inf Al", Name and
 * Flg possibly empty. */
static int compare_sections(const char *path, struct elf_file *ef)
{
	char cmd[4200];
	struct lines l;
	size_t seen = 0;

	snprintf(cmd, sizeof(cmd), "llvm-readelf -S -W '%s'", path);
	run_lines(cmd, &l);
	for (int i = 0; i < l.n; i++) {
		char *p = strstr(l.v[i], "["), *close_br, *tok[16];
		const struct elf_sec *s;
		unsigned long idx;
		int n, t = 0;

		if (!p || p[1] == 'N' || !(close_br = strchr(p, ']')))
			continue;
		idx = strtoul(p + 1, NULL, 10);
		n = split(close_br + 1, tok, 16);
		s = elf_sec_by_idx(ef, idx);
		if (!CHECK(s != NULL, "%s: section %lu", path, idx))
			continue;
		seen++;
		if (idx == 0) {
			CHECK_EQ(s->type, SHT_NULL);
			CHECK(!s->name[0], "section 0 unnamed");
			continue;
		}
		if (!CHECK(n >= 9, "%s: parse '%s'", path, l.v[i]))
			continue;
		CHECK(!strcmp(s->name, tok[t]), "%s: section %lu name %s vs %s", path, idx,
		      s->name, tok[t]);
		t++;
		for (size_t k = 0; k < ARRAY_SIZE(sec_types); k++)
			if (!strcmp(tok[t], sec_types[k].name))
				CHECK_EQ(s->type, sec_types[k].type);
		t++;
		CHECK_EQ(s->addr, strtoull(tok[t++], NULL, 16));
		CHECK_EQ(s->offset, strtoull(tok[t++], NULL, 16));
		CHECK_EQ(s->size, strtoull(tok[t++], NULL, 16));
		CHECK_EQ(s->entsize, strtoull(tok[t++], NULL, 16));
		CHECK_EQ(s->link, strtoul(tok[n - 3], NULL, 10));
		CHECK_EQ(s->info, strtoul(tok[n - 2], NULL, 10));
		CHECK_EQ(s->addralign, strtoul(tok[n - 1], NULL, 10));
		CHECK(elf_sec_by_name(ef, s->name) != NULL, "%s: by name %s", path, s->name);
		if (s->type == SHT_NOBITS)
			CHECK(s->data == NULL, "NOBITS has no data");
		else
			CHECK(s->data != NULL, "%s has data", s->name);
	}
	free_lines(&l);
	CHECK_EQ(seen, elf_sec_cnt(ef));
	return seen;
}

static uint16_t parse_ndx(const char *s)
{
	if (!strcmp(s, "UND"))
		return SHN_UNDEF;
	if (!strcmp(s, "ABS"))
		return SHN_ABS;
	if (!strcmp(s, "COM"))
		return SHN_COMMON;
	return strtoul(s, NULL, 10);
}

static const char *const bind_names[] = { "LOCAL", "GLOBAL", "WEAK" };
static const char *const type_names[] = { "NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE" };
static const char *const vis_names[] = { "DEFAULT", "INTERNAL", "HIDDEN", "PROTECTED" };

/* "Num: Value Size Type Bind Vis Ndx [Name]". For section symbols readelf
 * shows the section's name, the symbol itself has none. */
static const char *sym_name_shown(struct elf_file *ef, const struct elf_sym *sym)
{
	const struct elf_sec *s;

	if (sym->type != STT_SECTION || sym->name[0])
		return sym->name;
	s = elf_sec_by_idx(ef, sym->shndx);
	return s ? s->name : "";
}

static int compare_symbols(const char *path, struct elf_file *ef)
{
	char cmd[4200];
	struct lines l;
	size_t seen = 0;

	snprintf(cmd, sizeof(cmd), "llvm-readelf -s -W '%s'", path);
	run_lines(cmd, &l);
	for (int i = 0; i < l.n; i++) {
		char *tok[10], *colon = strchr(l.v[i], ':');
		struct elf_sym sym;
		unsigned long idx;
		char *end;
		int n;

		idx = strtoul(l.v[i], &end, 10);
		if (!colon || end != colon || end == l.v[i])
			continue;
		n = split(colon + 1, tok, 10);
		if (!CHECK(n >= 6, "%s: parse '%s'", path, l.v[i]))
			continue;
		if (!CHECK(elf_sym_get(ef, idx, &sym) == 0, "%s: symbol %lu", path, idx))
			continue;
		seen++;
		CHECK_EQ(sym.value, strtoull(tok[0], NULL, 16));
		CHECK_EQ(sym.size, strtoull(tok[1], NULL, 0));
		if (sym.type < ARRAY_SIZE(type_names))
			CHECK(!strcmp(tok[2], type_names[sym.type]), "sym %lu type %s", idx, tok[2]);
		if (sym.bind < ARRAY_SIZE(bind_names))
			CHECK(!strcmp(tok[3], bind_names[sym.bind]), "sym %lu bind %s", idx, tok[3]);
		CHECK(!strcmp(tok[4], vis_names[sym.visibility]), "sym %lu vis %s", idx, tok[4]);
		CHECK_EQ(sym.shndx, parse_ndx(tok[5]));
		CHECK(!strcmp(sym_name_shown(ef, &sym), n > 6 ? tok[6] : ""),
		      "%s: sym %lu name '%s' vs '%s'", path, idx, sym.name, n > 6 ? tok[6] : "");
	}
	free_lines(&l);
	CHECK_EQ(seen, elf_sym_cnt(ef));
	return seen;
}

/* "Relocation section 'NAME' at offset 0x.. contains N entries:", a column
 * header, then "Offset Info Type SymValue SymName" per entry. */
static int compare_relocs(const char *path, struct elf_file *ef)
{
	char cmd[4200];
	struct lines l;
	size_t nsecs = 0, nrels = 0;

	snprintf(cmd, sizeof(cmd), "llvm-readelf -r -W '%s'", path);
	run_lines(cmd, &l);
	for (int i = 0; i < l.n; i++) {
		char name[256];
		const struct elf_sec *s;
		unsigned long cnt;

		if (sscanf(l.v[i], "Relocation section '%255[^']' at offset %*x contains %lu",
			   name, &cnt) != 2)
			continue;
		s = elf_sec_by_name(ef, name);
		if (!CHECK(s != NULL, "%s: rel section %s", path, name))
			continue;
		nsecs++;
		CHECK_EQ(s->type, SHT_REL);
		CHECK_EQ(elf_rel_cnt(s), cnt);
		i++; /* column header */
		for (size_t k = 0; k < cnt && i + 1 < l.n; k++) {
			char *tok[8];
			struct elf_rel rel;
			struct elf_sym sym;
			uint64_t info;
			int n = split(l.v[++i], tok, 8);

			if (!CHECK(n >= 3, "%s: parse rel", path))
				continue;
			if (!CHECK(elf_rel_get(ef, s, k, &rel) == 0, "%s: rel %zu", name, k))
				continue;
			nrels++;
			info = strtoull(tok[1], NULL, 16);
			CHECK_EQ(rel.offset, strtoull(tok[0], NULL, 16));
			CHECK_EQ(rel.sym, info >> 32);
			CHECK_EQ(rel.type, info & 0xffffffff);
			if (n >= 5 && CHECK(elf_sym_get(ef, rel.sym, &sym) == 0, "rel sym"))
				CHECK(!strcmp(sym_name_shown(ef, &sym), tok[4]), "%s[%zu] sym %s vs %s",
				      name, k, sym_name_shown(ef, &sym), tok[4]);
		}
	}
	free_lines(&l);
	/* readelf must have shown every REL section we know of */
	for (size_t i = 0; i < elf_sec_cnt(ef); i++)
		if (elf_sec_by_idx(ef, i)->type == SHT_REL)
			nsecs--;
	CHECK_EQ(nsecs, 0);
	return nrels;
}

static struct elf_file *open_ok(const char *path)
{
	struct elf_file *ef = NULL;

	ASSERT_EQ(elf_open_file(path, &ef), 0);
	ASSERT_PTR(ef);
	return ef;
}

/* Build elf_basic for big-endian BPF into dir; path of the object in out. */
static void build_bpfeb(char *dir, size_t dlen, char *out, size_t olen)
{
	char cmd[8500];

	snprintf(dir, dlen, "/tmp/bpfkit-elf-XXXXXX");
	ASSERT(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(out, olen, "%s/elf_basic.bpfeb.o", dir);
	snprintf(cmd, sizeof(cmd), "clang -O2 -g -target bpfeb -Wall -Werror -c '%s' -o '%s'",
		 test_src_path("tests/progs/" BASIC ".bpf.c"), out);
	if (system(cmd)) {
		rmdir(dir);
		test_fail(__FILE__, __LINE__, "cannot build big-endian object: %s", cmd);
		test_abort();
	}
}

static void remove_bpfeb(const char *dir, const char *obj)
{
	unlink(obj);
	rmdir(dir);
}

/* Walk every accessor of an open object; returns how many entries were
 * readable. Used on arbitrary (mutated) input, so it only must not crash. */
static size_t walk_all(struct elf_file *ef)
{
	struct elf_sym sym;
	struct elf_rel rel;
	size_t ok = 0;

	for (size_t i = 0; i < elf_sec_cnt(ef); i++) {
		const struct elf_sec *s = elf_sec_by_idx(ef, i);

		ok += elf_sec_by_name(ef, s->name) != NULL;
		for (size_t k = 0; k < elf_rel_cnt(s); k++)
			ok += elf_rel_get(ef, s, k, &rel) == 0;
	}
	for (size_t i = 0; i < elf_sym_cnt(ef); i++)
		ok += elf_sym_get(ef, i, &sym) == 0;
	return ok;
}

/* ---- good objects ------------------------------------------------------- */

TEST(elf_open_basic)
{
	struct elf_file *ef = open_ok(test_obj_path(BASIC));
	const struct elf_sec *s;
	size_t size;

	ASSERT_EQ(elf_machine(ef), EM_BPF);
	ASSERT(!elf_is_big_endian(ef), "bpfel object");
	ASSERT_STREQ(elf_name(ef), test_obj_path(BASIC));
	ASSERT_PTR(elf_raw(ef, &size));
	ASSERT_EQ(memcmp(elf_raw(ef, NULL), ELFMAG, SELFMAG), 0);
	ASSERT_GT(size, 1000);
	ASSERT_GT(elf_sec_cnt(ef), 10);
	ASSERT(elf_sec_by_idx(ef, elf_sec_cnt(ef)) == NULL, "idx past the end");
	s = elf_symtab(ef);
	ASSERT_PTR(s);
	ASSERT_EQ(s->type, SHT_SYMTAB);
	ASSERT_EQ(elf_sym_cnt(ef), s->size / sizeof(Elf64_Sym));
	elf_close(ef);
}

TEST(elf_sections_match_readelf)
{
	struct elf_file *ef = open_ok(test_obj_path(BASIC));

	ASSERT_GT(compare_sections(test_obj_path(BASIC), ef), 10);
	elf_close(ef);
}

TEST(elf_symbols_match_readelf)
{
	struct elf_file *ef = open_ok(test_obj_path(BASIC));

	ASSERT_GT(compare_symbols(test_obj_path(BASIC), ef), 6);
	elf_close(ef);
}

TEST(elf_relocs_match_readelf)
{
	struct elf_file *ef = open_ok(test_obj_path(BASIC));

	ASSERT_GT(compare_relocs(test_obj_path(BASIC), ef), 5);
	elf_close(ef);
}

/* Every object the build produced, whatever other tests put there. */
TEST(elf_all_progs_match_readelf)
{
	const char *dirpath = test_build_path("tests/progs");
	struct dirent *de;
	int nobj = 0;
	DIR *d;

	d = opendir(dirpath);
	ASSERT(d != NULL, "opendir %s", dirpath);
	while ((de = readdir(d))) {
		char path[4400];
		struct elf_file *ef = NULL;
		size_t len = strlen(de->d_name);

		if (len < 6 || strcmp(de->d_name + len - 6, ".bpf.o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dirpath, de->d_name);
		if (!CHECK(elf_open_file(path, &ef) == 0, "open %s", path))
			continue;
		test_log("  %s\n", path);
		compare_sections(path, ef);
		compare_symbols(path, ef);
		compare_relocs(path, ef);
		elf_close(ef);
		nobj++;
	}
	closedir(d);
	ASSERT_GE(nobj, 1);
}

TEST(elf_basic_contents)
{
	struct elf_file *ef = open_ok(test_obj_path(BASIC));
	const struct elf_sec *data, *rodata, *bss, *lic, *text;
	struct elf_sym sym;
	int idx;

	data = elf_sec_by_name(ef, ".data");
	rodata = elf_sec_by_name(ef, ".rodata");
	bss = elf_sec_by_name(ef, ".bss");
	lic = elf_sec_by_name(ef, "license");
	text = elf_sec_by_name(ef, ".text");
	ASSERT(data && rodata && bss && lic && text, "sections present");
	ASSERT_EQ(elf_get32(ef, data->data), 7);
	ASSERT_EQ(elf_get32(ef, rodata->data), 42);
	ASSERT_EQ(bss->type, SHT_NOBITS);
	ASSERT(bss->data == NULL, "no data for .bss");
	ASSERT_STREQ(lic->data, "GPL");
	ASSERT(text->flags & SHF_EXECINSTR, ".text executable");
	ASSERT(elf_sec_by_name(ef, "socket") && elf_sec_by_name(ef, "xdp"), "prog sections");
	ASSERT(elf_sec_by_name(ef, ".relsocket") != NULL, "rel section of socket");
	ASSERT(elf_sec_by_name(ef, "nosuch") == NULL, "unknown name");
	ASSERT(elf_sec_by_name(ef, "") == elf_sec_by_idx(ef, 0), "empty name is section 0");

	idx = elf_sym_by_name(ef, "elf_counter", &sym);
	ASSERT_GT(idx, 0);
	ASSERT_EQ(sym.shndx, data->idx);
	ASSERT_EQ(sym.size, 4);
	ASSERT_EQ(sym.type, STT_OBJECT);
	ASSERT_EQ(sym.bind, STB_GLOBAL);
	idx = elf_sym_by_name(ef, "elf_prog_two", &sym);
	ASSERT_GT(idx, 0);
	ASSERT_EQ(sym.type, STT_FUNC);
	ASSERT_EQ(sym.shndx, elf_sec_by_name(ef, "xdp")->idx);
	ASSERT_ERR(elf_sym_by_name(ef, "nosuch", NULL), ENOENT);
	elf_close(ef);
}

TEST(elf_open_mem_matches_file)
{
	struct elf_file *ef1 = open_ok(test_obj_path(BASIC)), *ef2 = NULL;
	size_t size;
	uint8_t *buf = basic_copy(&size);

	ASSERT_EQ(elf_open_mem(buf, size, "copy", &ef2), 0);
	ASSERT_STREQ(elf_name(ef2), "copy");
	ASSERT_EQ(elf_sec_cnt(ef1), elf_sec_cnt(ef2));
	ASSERT_EQ(elf_sym_cnt(ef1), elf_sym_cnt(ef2));
	for (size_t i = 0; i < elf_sec_cnt(ef1); i++) {
		const struct elf_sec *a = elf_sec_by_idx(ef1, i), *b = elf_sec_by_idx(ef2, i);

		ASSERT_STREQ(a->name, b->name);
		ASSERT_EQ(a->size, b->size);
		ASSERT(!a->data == !b->data, "same data presence");
		if (a->data)
			ASSERT_EQ(memcmp(a->data, b->data, a->size), 0);
		/* data points into the caller's buffer, not a copy */
		if (b->data)
			ASSERT(b->data == buf + b->offset, "data in buffer");
	}
	elf_close(ef1);
	elf_close(ef2);
	free(buf);
}

/* Big-endian object: readelf agrees and the values equal the bpfel build. */
TEST(elf_big_endian_matches_readelf)
{
	char dir[64], obj[256];
	struct elf_file *ef = NULL;
	int err;

	build_bpfeb(dir, sizeof(dir), obj, sizeof(obj));
	err = elf_open_file(obj, &ef);
	CHECK_EQ(err, 0);
	if (ef) {
		CHECK(elf_is_big_endian(ef), "bpfeb object");
		CHECK_EQ(elf_machine(ef), EM_BPF);
		CHECK_GT(compare_sections(obj, ef), 10);
		CHECK_GT(compare_symbols(obj, ef), 6);
		CHECK_GT(compare_relocs(obj, ef), 5);
		elf_close(ef);
	}
	remove_bpfeb(dir, obj);
}

TEST(elf_big_endian_same_values)
{
	char dir[64], obj[256];
	struct elf_file *be = NULL, *le = open_ok(test_obj_path(BASIC));
	const struct elf_sec *s;
	int err;

	build_bpfeb(dir, sizeof(dir), obj, sizeof(obj));
	err = elf_open_file(obj, &be);
	remove_bpfeb(dir, obj); /* the mapping stays valid */
	ASSERT_EQ(err, 0);
	ASSERT_EQ(elf_sec_cnt(be), elf_sec_cnt(le));
	ASSERT_EQ(elf_sym_cnt(be), elf_sym_cnt(le));
	for (size_t i = 0; i < elf_sec_cnt(le); i++) {
		const struct elf_sec *a = elf_sec_by_idx(le, i), *b = elf_sec_by_idx(be, i);

		ASSERT_STREQ(a->name, b->name);
		ASSERT_EQ(a->type, b->type);
		ASSERT_EQ(a->link, b->link);
		ASSERT_EQ(a->info, b->info);
		/* Loaded sections and their relocations do not depend on byte
		 * order (debug info does: its strings differ). */
		if (a->flags & SHF_ALLOC)
			ASSERT_EQ(a->size, b->size);
		if (a->type == SHT_REL && elf_sec_by_idx(le, a->info)->flags & SHF_ALLOC) {
			ASSERT_EQ(elf_rel_cnt(a), elf_rel_cnt(b));
			for (size_t k = 0; k < elf_rel_cnt(a); k++) {
				struct elf_rel ra, rb;

				ASSERT_EQ(elf_rel_get(le, a, k, &ra), 0);
				ASSERT_EQ(elf_rel_get(be, b, k, &rb), 0);
				ASSERT_EQ(ra.offset, rb.offset);
				ASSERT_EQ(ra.sym, rb.sym);
				ASSERT_EQ(ra.type, rb.type);
			}
		}
	}
	for (size_t i = 0; i < elf_sym_cnt(le); i++) {
		struct elf_sym a, b;

		ASSERT_EQ(elf_sym_get(le, i, &a), 0);
		ASSERT_EQ(elf_sym_get(be, i, &b), 0);
		ASSERT_STREQ(a.name, b.name);
		ASSERT_EQ(a.shndx, b.shndx);
		ASSERT_EQ(a.type, b.type);
		ASSERT_EQ(a.bind, b.bind);
		ASSERT_EQ(a.value, b.value);
		ASSERT_EQ(a.size, b.size);
	}
	/* section contents stay in file order: consumers read through elf_get*() */
	s = elf_sec_by_name(be, ".data");
	ASSERT_PTR(s);
	ASSERT_EQ(elf_get32(be, s->data), 7);
	ASSERT_EQ(((const uint8_t *)s->data)[3], 7);
	ASSERT_EQ(elf_get16(be, s->data), 0);
	ASSERT_EQ(elf_get64(be, "\0\0\0\0\0\0\1\2"), 0x102);
	elf_close(be);
	elf_close(le);
}

/* Extended numbering: counts moved into section 0 must read the same. */
TEST(elf_extended_numbering)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	struct elf_file *ef = NULL;
	uint16_t shnum = ehdr(buf)->e_shnum, strndx = ehdr(buf)->e_shstrndx;

	shdr(buf, 0)->sh_size = shnum;
	shdr(buf, 0)->sh_link = strndx;
	ehdr(buf)->e_shnum = 0;
	ehdr(buf)->e_shstrndx = SHN_XINDEX;
	ASSERT_EQ(elf_open_mem(buf, size, "ext", &ef), 0);
	ASSERT_EQ(elf_sec_cnt(ef), shnum);
	ASSERT_PTR(elf_sec_by_name(ef, ".symtab"));
	ASSERT(elf_sec_by_idx(ef, 0)->data == NULL, "section 0 has no data");
	ASSERT_GT(walk_all(ef), 50);
	elf_close(ef);

	/* count in section 0 that does not fit the file */
	shdr(buf, 0)->sh_size = 1ull << 40;
	expect_open_fail(buf, size, EINVAL, "section count");
	free(buf);
}

TEST(elf_sec_by_name_first_wins)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	struct elf_file *ef = NULL;
	size_t data = find_shdr(buf, ".data"), bss = find_shdr(buf, ".bss");

	/* .bss comes after .data; renaming it .data must not shadow .data */
	ASSERT_LT(data, bss);
	shdr(buf, bss)->sh_name = shdr(buf, data)->sh_name;
	ASSERT_EQ(elf_open_mem(buf, size, "dup", &ef), 0);
	ASSERT_EQ(elf_sec_by_name(ef, ".data")->idx, data);
	ASSERT_STREQ(elf_sec_by_idx(ef, bss)->name, ".data");
	ASSERT(elf_sec_by_name(ef, ".bss") == NULL, "renamed away");
	/* every other name still resolves to itself */
	for (size_t i = 1; i < elf_sec_cnt(ef); i++) {
		const struct elf_sec *s = elf_sec_by_idx(ef, i);

		if (i != bss)
			ASSERT_EQ(elf_sec_by_name(ef, s->name)->idx, i);
	}
	elf_close(ef);
	free(buf);
}

TEST(elf_accessor_bounds)
{
	struct elf_file *ef = open_ok(test_obj_path(BASIC));
	const struct elf_sec *rel = elf_sec_by_name(ef, ".relsocket");
	const struct elf_sec *data = elf_sec_by_name(ef, ".data");
	struct elf_sec forged;
	struct elf_sym sym;
	struct elf_rel r;

	ASSERT(rel && data, "sections");
	capture_start();
	CHECK_EQ(elf_sym_get(ef, elf_sym_cnt(ef), &sym), -EINVAL);
	CHECK_EQ(elf_sym_get(ef, (size_t)-1, &sym), -EINVAL);
	CHECK_EQ(elf_rel_get(ef, rel, elf_rel_cnt(rel), &r), -EINVAL);
	CHECK_EQ(elf_rel_get(ef, data, 0, &r), -EINVAL);
	/* a caller-made header cannot widen the bounds */
	forged = *rel;
	forged.size *= 1000;
	CHECK_EQ(elf_rel_get(ef, &forged, elf_rel_cnt(rel), &r), -EINVAL);
	forged.idx = 100000;
	CHECK_EQ(elf_rel_get(ef, &forged, 0, &r), -EINVAL);
	capture_stop();
	CHECK_EQ(nmsgs, 6);
	CHECK_EQ(elf_rel_cnt(data), 0);
	CHECK_EQ(elf_rel_cnt(NULL), 0);
	ASSERT_EQ(elf_rel_get(ef, rel, elf_rel_cnt(rel) - 1, &r), 0);
	elf_close(ef);
}

TEST(elf_open_file_errors)
{
	char path[] = "/tmp/bpfkit-elf-empty-XXXXXX";
	struct elf_file *ef = NULL;
	int fd;

	capture_start();
	CHECK_EQ(elf_open_file("/nonexistent/x.o", &ef), -ENOENT);
	CHECK_EQ(elf_open_file("/tmp", &ef), -EINVAL);
	fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	close(fd);
	CHECK_EQ(elf_open_file(path, &ef), -ENOEXEC);
	unlink(path);
	CHECK_EQ(elf_open_mem(NULL, 0, "null", &ef), -ENOEXEC);
	CHECK_EQ(elf_open_mem(NULL, 10, "null", &ef), -EINVAL);
	CHECK_EQ(elf_open_mem(path, 10, "null", NULL), -EINVAL);
	CHECK_EQ(elf_open_file(NULL, &ef), -EINVAL);
	capture_stop();
	CHECK_EQ(nmsgs, 7);
	CHECK(ef == NULL, "nothing returned");
}

/* ---- malformed headers ------------------------------------------------- */

TEST(elf_bad_magic)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	expect_open_fail(buf, 3, ENOEXEC, "magic");
	expect_open_fail(buf, 10, EINVAL, "truncated ELF identification");
	expect_open_fail(buf, sizeof(Elf64_Ehdr) - 1, EINVAL, "truncated ELF header");
	buf[1] = 'X';
	expect_open_fail(buf, size, ENOEXEC, "magic");
	free(buf);
}

TEST(elf_class32_rejected)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	buf[EI_CLASS] = ELFCLASS32;
	expect_open_fail(buf, size, ENOEXEC, "ELF64");
	buf[EI_CLASS] = ELFCLASS64;
	buf[EI_DATA] = 7;
	expect_open_fail(buf, size, EINVAL, "encoding");
	buf[EI_DATA] = ELFDATA2LSB;
	buf[EI_VERSION] = 2;
	expect_open_fail(buf, size, EINVAL, "version");
	free(buf);
}

TEST(elf_not_relocatable)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	ehdr(buf)->e_type = ET_EXEC;
	expect_open_fail(buf, size, ENOEXEC, "not a relocatable object");
	ehdr(buf)->e_type = ET_DYN;
	expect_open_fail(buf, size, ENOEXEC, "not a relocatable object");
	free(buf);
}

TEST(elf_wrong_machine)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	ehdr(buf)->e_machine = EM_X86_64;
	expect_open_fail(buf, size, ENOEXEC, "not a BPF object");
	ehdr(buf)->e_machine = EM_NONE;
	expect_open_fail(buf, size, ENOEXEC, "not a BPF object");
	free(buf);
}

TEST(elf_truncated)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	for (int i = 0; i < 16; i++) {
		size_t len = size * i / 16;
		uint8_t *part = malloc(len ? len : 1);

		/* a fresh allocation of exactly len bytes: ASan sees overreads */
		memcpy(part, buf, len);
		expect_open_fail(part, len, len < SELFMAG ? ENOEXEC : EINVAL, NULL);
		free(part);
	}
	free(buf);
}

TEST(elf_bad_shoff)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	ehdr(buf)->e_shoff = size;
	expect_open_fail(buf, size, EINVAL, "outside the file");
	ehdr(buf)->e_shoff = size - sizeof(Elf64_Shdr) + 1;
	expect_open_fail(buf, size, EINVAL, "outside the file");
	ehdr(buf)->e_shoff = UINT64_MAX - 10;
	expect_open_fail(buf, size, EINVAL, "outside the file");
	ehdr(buf)->e_shoff = 0;
	expect_open_fail(buf, size, EINVAL, "no section header table");
	free(buf);
}

TEST(elf_huge_shnum)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	ehdr(buf)->e_shnum = 0xfeff;
	expect_open_fail(buf, size, EINVAL, "section count");
	free(buf);
}

TEST(elf_bad_shentsize)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	ehdr(buf)->e_shentsize = sizeof(Elf64_Shdr) - 1;
	expect_open_fail(buf, size, EINVAL, "e_shentsize");
	ehdr(buf)->e_shentsize = sizeof(Elf32_Shdr);
	expect_open_fail(buf, size, EINVAL, "e_shentsize");
	free(buf);
}

TEST(elf_bad_shstrndx)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	uint16_t good = ehdr(buf)->e_shstrndx;
	size_t text = find_shdr(buf, ".text");

	ehdr(buf)->e_shstrndx = ehdr(buf)->e_shnum;
	expect_open_fail(buf, size, EINVAL, "name table index");
	ehdr(buf)->e_shstrndx = SHN_UNDEF;
	expect_open_fail(buf, size, EINVAL, "name table index");
	ehdr(buf)->e_shstrndx = text;
	expect_open_fail(buf, size, EINVAL, "not SHT_STRTAB");
	ehdr(buf)->e_shstrndx = good;
	free(buf);
}

/* ---- malformed sections ------------------------------------------------- */

TEST(elf_section_out_of_file)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *sh = shdr(buf, find_shdr(buf, ".data"));
	Elf64_Shdr saved = *sh;

	/* offset + size wraps around 2^64 */
	sh->sh_offset = 16;
	sh->sh_size = UINT64_MAX - 8;
	expect_open_fail(buf, size, EINVAL, "outside the file");
	sh->sh_offset = UINT64_MAX;
	sh->sh_size = 2;
	expect_open_fail(buf, size, EINVAL, "outside the file");
	sh->sh_offset = size;
	sh->sh_size = 1;
	expect_open_fail(buf, size, EINVAL, "outside the file");
	/* ends exactly at the end: fine */
	*sh = saved;
	sh->sh_offset = size - sh->sh_size;
	{
		struct elf_file *ef = NULL;

		ASSERT_EQ(elf_open_mem(buf, size, "edge", &ef), 0);
		elf_close(ef);
	}
	/* NOBITS occupies no file space: any offset and size are fine */
	sh = shdr(buf, find_shdr(buf, ".bss"));
	sh->sh_offset = UINT64_MAX;
	sh->sh_size = UINT64_MAX;
	{
		struct elf_file *ef = NULL;

		ASSERT_EQ(elf_open_mem(buf, size, "nobits", &ef), 0);
		ASSERT(elf_sec_by_name(ef, ".bss")->data == NULL, "no data");
		elf_close(ef);
	}
	free(buf);
}

TEST(elf_sh_name_out_of_range)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *strs = shdr(buf, ehdr(buf)->e_shstrndx);

	shdr(buf, 3)->sh_name = strs->sh_size;
	expect_open_fail(buf, size, EINVAL, "section 3 name offset");
	shdr(buf, 3)->sh_name = UINT32_MAX;
	expect_open_fail(buf, size, EINVAL, "section 3 name offset");
	free(buf);
}

TEST(elf_shstrtab_not_terminated)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *strs = shdr(buf, ehdr(buf)->e_shstrndx);

	buf[strs->sh_offset + strs->sh_size - 1] = 'x';
	expect_open_fail(buf, size, EINVAL, "not NUL-terminated");
	buf[strs->sh_offset + strs->sh_size - 1] = 0;
	strs->sh_size = 0;
	expect_open_fail(buf, size, EINVAL, "empty");
	free(buf);
}

TEST(elf_symtab_entsize)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *st = shdr(buf, find_shdr_type(buf, SHT_SYMTAB));

	st->sh_entsize = sizeof(Elf32_Sym);
	expect_open_fail(buf, size, EINVAL, "entsize");
	st->sh_entsize = sizeof(Elf64_Sym);
	st->sh_size -= 1;
	expect_open_fail(buf, size, EINVAL, "entsize");
	free(buf);
}

TEST(elf_symtab_link)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *st = shdr(buf, find_shdr_type(buf, SHT_SYMTAB));

	st->sh_link = ehdr(buf)->e_shnum;
	expect_open_fail(buf, size, EINVAL, "links to bad section");
	st->sh_link = 0;
	expect_open_fail(buf, size, EINVAL, "links to bad section");
	st->sh_link = find_shdr(buf, ".data");
	expect_open_fail(buf, size, EINVAL, "not SHT_STRTAB");
	free(buf);
}

TEST(elf_two_symtabs)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);

	shdr(buf, find_shdr(buf, ".data"))->sh_type = SHT_SYMTAB;
	expect_open_fail(buf, size, EINVAL, "more than one symbol table");
	free(buf);
}

TEST(elf_symbol_checks)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *st = shdr(buf, find_shdr_type(buf, SHT_SYMTAB));
	Elf64_Shdr *strs = shdr(buf, st->sh_link);
	Elf64_Sym *syms = (Elf64_Sym *)(buf + st->sh_offset);
	struct elf_file *ef = NULL;
	struct elf_sym sym;

	/* symbol 1 (file name): name past the string table */
	syms[1].st_name = strs->sh_size;
	/* symbol 2: section index past the section count */
	syms[2].st_shndx = ehdr(buf)->e_shnum;
	/* symbol 3: extended section index (unsupported) */
	syms[3].st_shndx = SHN_XINDEX;
	/* symbol 4: a reserved index that is not ABS/COMMON */
	syms[4].st_shndx = SHN_LORESERVE;
	/* symbol 5: ABS is fine */
	syms[5].st_shndx = SHN_ABS;
	ASSERT_EQ(elf_open_mem(buf, size, MUT, &ef), 0);
	capture_start();
	CHECK_EQ(elf_sym_get(ef, 1, &sym), -EINVAL);
	CHECK(strstr(last_msg, "symbol 1 name offset") != NULL, "msg: %s", last_msg);
	CHECK_EQ(elf_sym_get(ef, 2, &sym), -EINVAL);
	CHECK(strstr(last_msg, "symbol 2 refers to bad section") != NULL, "msg: %s", last_msg);
	CHECK_EQ(elf_sym_get(ef, 3, &sym), -EINVAL);
	CHECK(strstr(last_msg, "symbol 3 uses an extended") != NULL, "msg: %s", last_msg);
	CHECK_EQ(elf_sym_get(ef, 4, &sym), -EINVAL);
	CHECK(strstr(last_msg, MUT) != NULL, "msg names object: %s", last_msg);
	capture_stop();
	CHECK_EQ(nmsgs, 4);
	CHECK_EQ(elf_sym_get(ef, 5, &sym), 0);
	CHECK_EQ(sym.shndx, SHN_ABS);
	CHECK_EQ(elf_sym_get(ef, 6, &sym), 0);
	elf_close(ef);
	free(buf);
}

TEST(elf_symbol_strtab_not_terminated)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *st = shdr(buf, find_shdr_type(buf, SHT_SYMTAB));
	Elf64_Shdr *strs = shdr(buf, st->sh_link);

	/* in elf_basic the symbol and section names share .strtab */
	if (st->sh_link == ehdr(buf)->e_shstrndx) {
		strs->sh_size--;
		expect_open_fail(buf, size, EINVAL, "not NUL-terminated");
	} else {
		buf[strs->sh_offset + strs->sh_size - 1] = 'x';
		expect_open_fail(buf, size, EINVAL, "symbol string table");
	}
	free(buf);
}

TEST(elf_rel_link_info)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *rel = shdr(buf, find_shdr(buf, ".relsocket"));
	Elf64_Shdr saved = *rel;

	rel->sh_link = find_shdr(buf, ".strtab");
	expect_open_fail(buf, size, EINVAL, "not the symbol table");
	*rel = saved;
	rel->sh_info = ehdr(buf)->e_shnum;
	expect_open_fail(buf, size, EINVAL, "applies to bad section");
	rel->sh_info = 0;
	expect_open_fail(buf, size, EINVAL, "applies to bad section");
	*rel = saved;
	rel->sh_entsize = sizeof(Elf64_Rela);
	expect_open_fail(buf, size, EINVAL, "entsize");
	rel->sh_entsize = sizeof(Elf64_Rel);
	rel->sh_size += 8;
	expect_open_fail(buf, size, EINVAL, "entsize");
	*rel = saved;
	/* REL sections without any symbol table */
	shdr(buf, find_shdr_type(buf, SHT_SYMTAB))->sh_type = SHT_PROGBITS;
	expect_open_fail(buf, size, EINVAL, "not the symbol table");
	free(buf);
}

TEST(elf_rel_bad_symbol)
{
	size_t size;
	uint8_t *buf = basic_copy(&size);
	Elf64_Shdr *relsh = shdr(buf, find_shdr(buf, ".relsocket"));
	Elf64_Shdr *st = shdr(buf, find_shdr_type(buf, SHT_SYMTAB));
	Elf64_Rel *rels = (Elf64_Rel *)(buf + relsh->sh_offset);
	uint64_t nsyms = st->sh_size / sizeof(Elf64_Sym);
	struct elf_file *ef = NULL;
	const struct elf_sec *s;
	struct elf_rel r;

	rels[0].r_info = (nsyms << 32) | 1;
	rels[1].r_info = ((nsyms - 1) << 32) | 10;
	ASSERT_EQ(elf_open_mem(buf, size, MUT, &ef), 0);
	s = elf_sec_by_name(ef, ".relsocket");
	capture_start();
	CHECK_EQ(elf_rel_get(ef, s, 0, &r), -EINVAL);
	capture_stop();
	CHECK_EQ(nmsgs, 1);
	CHECK(strstr(last_msg, "bad symbol") != NULL, "msg: %s", last_msg);
	CHECK_EQ(elf_rel_get(ef, s, 1, &r), 0);
	CHECK_EQ(r.sym, nsyms - 1);
	CHECK_EQ(r.type, 10);
	elf_close(ef);
	free(buf);
}

/* Flip every byte of the header and section table in turn. */
TEST(elf_byte_flips)
{
	size_t size, nopen = 0, nfail = 0;
	uint8_t *buf = basic_copy(&size);
	uint64_t shoff = ehdr(buf)->e_shoff;
	size_t tab_end = shoff + (size_t)ehdr(buf)->e_shnum * sizeof(Elf64_Shdr);

	ASSERT_LE(tab_end, size);
	capture_start();
	for (size_t i = 0; i < tab_end; i++) {
		struct elf_file *ef = NULL;
		int ret;

		if (i == sizeof(Elf64_Ehdr))
			i = shoff;
		buf[i] ^= 0xff;
		ret = elf_open_mem(buf, size, MUT, &ef);
		buf[i] ^= 0xff;
		if (ret == 0) {
			nopen++;
			walk_all(ef);
			elf_close(ef);
			continue;
		}
		nfail++;
		if (!CHECK(ret == -EINVAL || ret == -ENOEXEC, "byte %zu: ret %d", i, ret))
			break;
	}
	capture_stop();
	test_log("  %zu opened, %zu rejected\n", nopen, nfail);
	CHECK_GT(nopen, 0);
	CHECK_GT(nfail, 0);
	free(buf);
}
