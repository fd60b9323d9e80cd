// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Reader of ELF64 executables and shared libraries (see elf_exec.h).
 * Nothing from the file is trusted until checked against its size.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libbpf_internal.h"
#include "elf_exec.h"

/* Binaries larger than this are refused. */
#define EXEC_ELF_MAX_SIZE (4ULL << 30)

/* A piece of the file read into memory, freed at close. */
struct chunk {
	struct chunk *next;
	unsigned char data[];
};

struct exec_elf {
	/*
	 * The file is read piecewise with pread(), never mmap()ed: a mapping
	 * of the binary would be a VM_MAYEXEC vma of the traced inode, so the
	 * kernel would put uprobes into it too and bump USDT semaphores once
	 * more per mapping (and not undo that at munmap).
	 */
	int fd;			/* -1 for a caller's buffer */
	const unsigned char *base; /* the caller's buffer */
	size_t size;
	struct chunk *chunks;
	const void **sec_cache;	/* per section: its data once read */
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *shdrs;
	size_t shnum;
	const Elf64_Phdr *phdrs;
	size_t phnum;
	const char *shstr;	/* section name strings */
	size_t shstr_sz;
};

/* Whether [off, off + len) lies inside the file. */
static bool in_file(const struct exec_elf *ee, uint64_t off, uint64_t len)
{
	return off <= ee->size && len <= ee->size - off;
}

/* len bytes at off, which the caller checked with in_file(); NULL on a
 * read error or out of memory. Memory read from the file lives until
 * exec_elf_close(). */
static const void *file_bytes(const struct exec_elf *cee, uint64_t off, uint64_t len)
{
	struct exec_elf *ee = (struct exec_elf *)cee; /* the chunk list is a cache */
	struct chunk *c;
	size_t done = 0;
	ssize_t n;

	if (ee->fd < 0)
		return ee->base + off;
	c = malloc(sizeof(*c) + len + 1);
	if (!c)
		return NULL;
	while (done < len) {
		n = pread(ee->fd, c->data + done, len - done, off + done);
		if (n <= 0) {
			free(c);
			return NULL;
		}
		done += n;
	}
	c->data[len] = 0;
	c->next = ee->chunks;
	ee->chunks = c;
	return c->data;
}

static int check_ehdr(struct exec_elf *ee)
{
	const unsigned char native = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB
									      : ELFDATA2MSB;
	const Elf64_Ehdr *eh;

	if (ee->size < sizeof(*eh))
		return -ENOEXEC;
	eh = file_bytes(ee, 0, sizeof(*eh));
	if (!eh)
		return -EIO;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != native)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	ee->eh = eh;
	return 0;
}

static int load_shdrs(struct exec_elf *ee)
{
	const Elf64_Ehdr *eh = ee->eh;
	const Elf64_Shdr *first, *strsec;
	size_t shstrndx = eh->e_shstrndx;

	if (!eh->e_shoff)
		return 0; /* no section table: only program headers */
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || (eh->e_shoff & 7) ||
	    !in_file(ee, eh->e_shoff, sizeof(Elf64_Shdr)))
		return -EINVAL;
	first = file_bytes(ee, eh->e_shoff, sizeof(Elf64_Shdr));
	if (!first)
		return -EIO;
	ee->shnum = eh->e_shnum;
	/* extended numbering keeps the real values in section 0 */
	if (!ee->shnum)
		ee->shnum = first->sh_size;
	if (shstrndx == SHN_XINDEX)
		shstrndx = first->sh_link;
	if (ee->shnum > (ee->size - eh->e_shoff) / sizeof(Elf64_Shdr))
		return -EINVAL;
	ee->shdrs = file_bytes(ee, eh->e_shoff, ee->shnum * sizeof(Elf64_Shdr));
	ee->sec_cache = calloc(ee->shnum ?: 1, sizeof(*ee->sec_cache));
	if (!ee->shdrs || !ee->sec_cache)
		return -ENOMEM;
	if (!shstrndx || shstrndx >= ee->shnum)
		return 0; /* unnamed sections: lookups by name find nothing */
	strsec = &ee->shdrs[shstrndx];
	if (strsec->sh_type != SHT_STRTAB || !in_file(ee, strsec->sh_offset, strsec->sh_size))
		return -EINVAL;
	ee->shstr = file_bytes(ee, strsec->sh_offset, strsec->sh_size);
	ee->shstr_sz = strsec->sh_size;
	return ee->shstr ? 0 : -ENOMEM;
}

static int load_phdrs(struct exec_elf *ee)
{
	const Elf64_Ehdr *eh = ee->eh;

	if (!eh->e_phoff || !eh->e_phnum)
		return 0;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || (eh->e_phoff & 7) ||
	    !in_file(ee, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return -EINVAL;
	ee->phdrs = file_bytes(ee, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr));
	ee->phnum = eh->e_phnum;
	return ee->phdrs ? 0 : -ENOMEM;
}

static int open_file(struct exec_elf *ee, const char *path)
{
	struct stat st;

	ee->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ee->fd < 0)
		return -errno;
	if (fstat(ee->fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > EXEC_ELF_MAX_SIZE)
		return -ENOEXEC;
	ee->size = st.st_size;
	return 0;
}

static int exec_elf_parse(struct exec_elf *ee, const char *path, struct exec_elf **out)
{
	int err = path ? open_file(ee, path) : 0;

	if (!err)
		err = check_ehdr(ee);
	if (!err)
		err = load_shdrs(ee);
	if (!err)
		err = load_phdrs(ee);
	if (err) {
		exec_elf_close(ee);
		return err;
	}
	*out = ee;
	return 0;
}

int exec_elf_open(const char *path, struct exec_elf **out)
{
	struct exec_elf *ee;

	*out = NULL;
	ee = calloc(1, sizeof(*ee));
	if (!ee)
		return -ENOMEM;
	ee->fd = -1;
	return exec_elf_parse(ee, path, out);
}

int exec_elf_open_mem(const void *buf, size_t size, struct exec_elf **out)
{
	struct exec_elf *ee;

	*out = NULL;
	/* headers are read in place: they need their natural alignment */
	if ((uintptr_t)buf & 7)
		return -EINVAL;
	ee = calloc(1, sizeof(*ee));
	if (!ee)
		return -ENOMEM;
	ee->fd = -1;
	ee->base = buf;
	ee->size = size;
	return exec_elf_parse(ee, NULL, out);
}

void exec_elf_close(struct exec_elf *ee)
{
	struct chunk *c;

	if (!ee)
		return;
	while ((c = ee->chunks)) {
		ee->chunks = c->next;
		free(c);
	}
	if (ee->fd >= 0)
		close(ee->fd);
	free(ee->sec_cache);
	free(ee);
}

unsigned int exec_elf_type(const struct exec_elf *ee)
{
	return ee->eh->e_type;
}

/* String at off of a string table of sz bytes, or NULL if unterminated. */
static const char *str_at(const char *tab, size_t sz, uint64_t off)
{
	if (off >= sz || !memchr(tab + off, 0, sz - off))
		return NULL;
	return tab + off;
}

/* Section data inside the file (read once), or NULL. */
static const void *sec_data(const struct exec_elf *ee, const Elf64_Shdr *sh)
{
	size_t idx = sh - ee->shdrs;

	if (sh->sh_type == SHT_NOBITS || sh->sh_type == SHT_NULL)
		return NULL;
	if (!in_file(ee, sh->sh_offset, sh->sh_size))
		return NULL;
	if (!ee->sec_cache[idx])
		ee->sec_cache[idx] = file_bytes(ee, sh->sh_offset, sh->sh_size);
	return ee->sec_cache[idx];
}

const Elf64_Shdr *exec_elf_sec(const struct exec_elf *ee, const char *name, const void **data)
{
	const char *sname;
	size_t i;

	if (!ee->shstr)
		return NULL;
	for (i = 1; i < ee->shnum; i++) {
		sname = str_at(ee->shstr, ee->shstr_sz, ee->shdrs[i].sh_name);
		if (!sname || strcmp(sname, name))
			continue;
		*data = sec_data(ee, &ee->shdrs[i]);
		return *data ? &ee->shdrs[i] : NULL;
	}
	return NULL;
}

int exec_elf_vaddr_to_off(const struct exec_elf *ee, uint64_t vaddr, uint64_t *off)
{
	const Elf64_Phdr *ph;
	size_t i;

	for (i = 0; i < ee->phnum; i++) {
		ph = &ee->phdrs[i];
		if (ph->p_type != PT_LOAD)
			continue;
		/* only the part backed by the file has an offset */
		if (vaddr < ph->p_vaddr || vaddr - ph->p_vaddr >= ph->p_filesz)
			continue;
		*off = vaddr - ph->p_vaddr + ph->p_offset;
		return 0;
	}
	return -ENOENT;
}

/* A symbol table section with its string table, checked. */
struct symtab_view {
	const Elf64_Sym *syms;
	size_t cnt;
	const char *strs;
	size_t strs_sz;
	const uint16_t *versym;	/* .gnu.version, one per symbol, or NULL */
};

static bool symtab_view(const struct exec_elf *ee, uint32_t type, struct symtab_view *v)
{
	const Elf64_Shdr *sh = NULL, *strsh;
	size_t i;

	memset(v, 0, sizeof(*v));
	for (i = 1; i < ee->shnum && !sh; i++)
		if (ee->shdrs[i].sh_type == type)
			sh = &ee->shdrs[i];
	if (!sh || sh->sh_entsize != sizeof(Elf64_Sym) || (sh->sh_offset & 7) ||
	    sh->sh_link >= ee->shnum)
		return false;
	strsh = &ee->shdrs[sh->sh_link];
	v->syms = sec_data(ee, sh);
	v->strs = sec_data(ee, strsh);
	if (!v->syms || !v->strs || strsh->sh_type != SHT_STRTAB)
		return false;
	v->cnt = sh->sh_size / sizeof(Elf64_Sym);
	v->strs_sz = strsh->sh_size;
	if (type != SHT_DYNSYM)
		return true;
	for (i = 1; i < ee->shnum; i++) {
		const Elf64_Shdr *vs = &ee->shdrs[i];

		if (vs->sh_type != SHT_GNU_versym || vs->sh_link != (size_t)(sh - ee->shdrs))
			continue;
		if (vs->sh_size / sizeof(uint16_t) >= v->cnt && !(vs->sh_offset & 1))
			v->versym = sec_data(ee, vs);
		break;
	}
	return true;
}

static int walk_symtab(const struct exec_elf *ee, uint32_t type, exec_sym_fn fn, void *ctx)
{
	struct symtab_view v;
	struct exec_sym es;
	const Elf64_Sym *s;
	unsigned int st;
	size_t i;
	int ret;

	if (!symtab_view(ee, type, &v))
		return 0;
	for (i = 1; i < v.cnt; i++) {
		s = &v.syms[i];
		st = ELF64_ST_TYPE(s->st_info);
		if ((st != STT_FUNC && st != STT_GNU_IFUNC) || s->st_shndx == SHN_UNDEF)
			continue;
		es.name = str_at(v.strs, v.strs_sz, s->st_name);
		if (!es.name || !es.name[0])
			continue;
		if (exec_elf_vaddr_to_off(ee, s->st_value, &es.offset))
			continue;
		es.value = s->st_value;
		es.bind = ELF64_ST_BIND(s->st_info);
		es.dynsym = type == SHT_DYNSYM;
		es.ifunc = st == STT_GNU_IFUNC;
		es.hidden_version = v.versym && (v.versym[i] & 0x8000);
		ret = fn(&es, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

int exec_elf_for_each_func(const struct exec_elf *ee, exec_sym_fn fn, void *ctx)
{
	int ret = walk_symtab(ee, SHT_SYMTAB, fn, ctx);

	return ret ?: walk_symtab(ee, SHT_DYNSYM, fn, ctx);
}

struct func_query {
	const char *name;
	size_t name_len;	/* without the version part */
	bool versioned;		/* the query had "@VER" */
	bool found;
	bool ambiguous;
	unsigned char bind;
	uint64_t offset;
};

static int match_func(const struct exec_sym *s, void *ctx)
{
	struct func_query *q = ctx;
	size_t len = strcspn(s->name, "@");

	if (len != q->name_len || strncmp(s->name, q->name, len))
		return 0;
	if (s->hidden_version && !q->versioned)
		return 0;
	if (!q->found || (q->bind == STB_WEAK && s->bind != STB_WEAK)) {
		q->found = true;
		q->bind = s->bind;
		q->offset = s->offset;
		return 0;
	}
	if (s->offset != q->offset && s->bind != STB_WEAK)
		q->ambiguous = true;
	return 0;
}

int exec_elf_func_offset(const struct exec_elf *ee, const char *name, uint64_t *off)
{
	struct func_query q = { .name = name };

	q.name_len = strcspn(name, "@");
	q.versioned = name[q.name_len] == '@';
	exec_elf_for_each_func(ee, match_func, &q);
	if (!q.found)
		return -ENOENT;
	if (q.ambiguous)
		return -EINVAL;
	*off = q.offset;
	return 0;
}

bool probe_glob_match(const char *str, const char *pat)
{
	const char *star = NULL, *resume = NULL;

	while (*str) {
		if (*pat == '*') {
			star = pat++;
			resume = str;
		} else if (*pat == '?' || *pat == *str) {
			pat++;
			str++;
		} else if (star) {
			pat = star + 1;
			str = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}
