// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ELF64 relocatable-object reader over a memory buffer.
 *
 * What is checked when: the header, the whole section table, every section
 * name, and the shape of the symbol table, its string table and of every
 * SHT_REL section are validated by elf_open_mem(), so elf_sec_*() accessors
 * never fail. Individual symbols and relocation entries are validated by
 * their accessor on each call (O(1) each), so opening a big object does not
 * pay for entries nobody reads.
 *
 * All fields are read with memcpy() (the file gives no alignment guarantee)
 * and converted to host order; section contents are left untouched.
 */
#include <fcntl.h>
/* The kernel's uapi ELF header, not glibc's <elf.h>: with -Isrc, <elf.h>
 * resolves to our own src/elf.h. Only constants and layouts are used. */
#include <linux/elf.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "libbpf_internal.h"

#ifndef SHN_XINDEX
#define SHN_XINDEX 0xffff
#endif
#ifndef STV_INTERNAL
#define STV_INTERNAL 1
#define STV_HIDDEN 2
#endif
#ifndef ELF64_ST_VISIBILITY
#define ELF64_ST_VISIBILITY(o) ((o) & 0x3)
#endif

struct elf_file {
	const uint8_t *buf;
	size_t size;
	char *name;
	void *map;		/* buf is our mapping of the file (size bytes) */
	void *owned;		/* or our malloc()ed copy of it */
	uint32_t shstrndx;
	void *names;		/* what holds the section names after elf_drop_data() */
	bool swap;		/* file order differs from host order */
	bool big_endian;
	uint16_t machine;
	size_t shnum;
	struct elf_sec *secs;
	/* symbol table: symtab_idx == 0 means none */
	uint32_t symtab_idx;
	const uint8_t *syms;
	size_t nsyms;
	const char *strtab;
	size_t strtab_sz;
	/* open-addressing hash of section names: slot holds idx + 1, 0 = free */
	uint32_t *name_slots;
	size_t name_mask;
	bool name_hash_failed;
	/* same for symbol names, built on the first elf_sym_by_name(): slot
	 * holds the symbol index, 0 = free (symbol 0 is never looked up) */
	uint32_t *sym_slots;
	size_t sym_mask;
	bool sym_hash_failed;	/* out of memory once: stay with the scan */
	/* valid STT_FUNC symbols grouped by section, each group sorted by
	 * address, built on the first elf_sec_funcs(): section i's are
	 * funcs[func_start[i] .. func_start[i + 1]) */
	struct elf_sym *funcs;
	uint32_t *func_start;
	bool hidden_funcs;	/* some valid STT_FUNC is STV_HIDDEN/INTERNAL */
};

static uint16_t rd16(const struct elf_file *ef, uint16_t v)
{
	return ef->swap ? __builtin_bswap16(v) : v;
}

static uint32_t rd32(const struct elf_file *ef, uint32_t v)
{
	return ef->swap ? __builtin_bswap32(v) : v;
}

static uint64_t rd64(const struct elf_file *ef, uint64_t v)
{
	return ef->swap ? __builtin_bswap64(v) : v;
}

uint16_t elf_get16(const struct elf_file *ef, const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return rd16(ef, v);
}

uint32_t elf_get32(const struct elf_file *ef, const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return rd32(ef, v);
}

uint64_t elf_get64(const struct elf_file *ef, const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return rd64(ef, v);
}

/* Whether [off, off + len) lies inside a buffer of size bytes, without
 * overflowing. */
static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* The file contents: a mapping of size bytes, or a malloc()ed copy. */
static void release_contents(void *map, void *owned, size_t size)
{
	if (map)
		munmap(map, size);
	free(owned);
}

static void free_elf(struct elf_file *ef)
{
	if (!ef)
		return;
	free(ef->name_slots);
	free(ef->sym_slots);
	free(ef->funcs);	/* func_start with it */
	free(ef->names);
	release_contents(ef->map, ef->owned, ef->size);
	free(ef);
}

static int check_ident(const uint8_t *buf, size_t size, const char *name)
{
	if (size < SELFMAG || memcmp(buf, ELFMAG, SELFMAG)) {
		pr_warn("elf: %s: not an ELF file (bad magic)\n", name);
		return -ENOEXEC;
	}
	if (size < EI_NIDENT) {
		pr_warn("elf: %s: truncated ELF identification (%zu bytes)\n", name, size);
		return -EINVAL;
	}
	if (buf[EI_CLASS] != ELFCLASS64) {
		pr_warn("elf: %s: not an ELF64 object (class %u)\n", name, buf[EI_CLASS]);
		return -ENOEXEC;
	}
	if (buf[EI_DATA] != ELFDATA2LSB && buf[EI_DATA] != ELFDATA2MSB) {
		pr_warn("elf: %s: unknown data encoding %u\n", name, buf[EI_DATA]);
		return -EINVAL;
	}
	if (buf[EI_VERSION] != EV_CURRENT) {
		pr_warn("elf: %s: unsupported ELF version %u\n", name, buf[EI_VERSION]);
		return -EINVAL;
	}
	if (size < sizeof(Elf64_Ehdr)) {
		pr_warn("elf: %s: truncated ELF header (%zu bytes)\n", name, size);
		return -EINVAL;
	}
	return 0;
}

static inline void read_shdr(const struct elf_file *ef, uint64_t shoff, size_t idx,
			     Elf64_Shdr *sh)
{
	memcpy(sh, ef->buf + shoff + idx * sizeof(*sh), sizeof(*sh));
	if (!ef->swap)
		return;
	sh->sh_name = rd32(ef, sh->sh_name);
	sh->sh_type = rd32(ef, sh->sh_type);
	sh->sh_flags = rd64(ef, sh->sh_flags);
	sh->sh_addr = rd64(ef, sh->sh_addr);
	sh->sh_offset = rd64(ef, sh->sh_offset);
	sh->sh_size = rd64(ef, sh->sh_size);
	sh->sh_link = rd32(ef, sh->sh_link);
	sh->sh_info = rd32(ef, sh->sh_info);
	sh->sh_addralign = rd64(ef, sh->sh_addralign);
	sh->sh_entsize = rd64(ef, sh->sh_entsize);
}

/* Validate the header fields after e_ident; returns the section header
 * offset in *shoff and e_shnum / e_shstrndx as stored. */
static int check_ehdr(struct elf_file *ef, uint64_t *shoff, uint16_t *shnum, uint16_t *shstrndx)
{
	Elf64_Ehdr eh;

	memcpy(&eh, ef->buf, sizeof(eh));
	if (rd16(ef, eh.e_type) != ET_REL) {
		pr_warn("elf: %s: not a relocatable object (e_type %u)\n", ef->name,
			rd16(ef, eh.e_type));
		return -ENOEXEC;
	}
	ef->machine = rd16(ef, eh.e_machine);
	if (ef->machine != EM_BPF) {
		pr_warn("elf: %s: not a BPF object (e_machine %u)\n", ef->name, ef->machine);
		return -ENOEXEC;
	}
	if (rd32(ef, eh.e_version) != EV_CURRENT) {
		pr_warn("elf: %s: unsupported e_version %u\n", ef->name, rd32(ef, eh.e_version));
		return -EINVAL;
	}
	*shoff = rd64(ef, eh.e_shoff);
	*shnum = rd16(ef, eh.e_shnum);
	*shstrndx = rd16(ef, eh.e_shstrndx);
	if (!*shoff) {
		pr_warn("elf: %s: no section header table\n", ef->name);
		return -EINVAL;
	}
	if (rd16(ef, eh.e_shentsize) != sizeof(Elf64_Shdr)) {
		pr_warn("elf: %s: bad e_shentsize %u\n", ef->name, rd16(ef, eh.e_shentsize));
		return -EINVAL;
	}
	if (!range_ok(*shoff, sizeof(Elf64_Shdr), ef->size)) {
		pr_warn("elf: %s: section header table offset 0x%llx outside the file\n",
			ef->name, (unsigned long long)*shoff);
		return -EINVAL;
	}
	return 0;
}

/* Resolve extended numbering through section 0 and bound the table by the
 * file size, so the allocation below is bounded by the input too. */
static int count_shdrs(struct elf_file *ef, uint64_t shoff, uint16_t e_shnum,
		       uint16_t e_shstrndx, uint32_t *shstrndx)
{
	uint64_t shnum = e_shnum;
	Elf64_Shdr sh0;

	read_shdr(ef, shoff, 0, &sh0);
	if (!shnum)
		shnum = sh0.sh_size;
	*shstrndx = e_shstrndx == SHN_XINDEX ? sh0.sh_link : e_shstrndx;
	if (!shnum || shnum > (ef->size - shoff) / sizeof(Elf64_Shdr)) {
		pr_warn("elf: %s: section count %llu does not fit the file\n", ef->name,
			(unsigned long long)shnum);
		return -EINVAL;
	}
	if (*shstrndx == SHN_UNDEF || *shstrndx >= shnum) {
		pr_warn("elf: %s: bad section name table index %u\n", ef->name, *shstrndx);
		return -EINVAL;
	}
	ef->shnum = shnum;
	return 0;
}

/* Fill ef->secs (room for ef->shnum entries, every field set here). */
static int load_shdrs(struct elf_file *ef, uint64_t shoff)
{
	for (size_t i = 0; i < ef->shnum; i++) {
		struct elf_sec *s = &ef->secs[i];
		Elf64_Shdr sh;

		read_shdr(ef, shoff, i, &sh);
		s->idx = i;
		s->type = sh.sh_type;
		s->flags = sh.sh_flags;
		s->addr = sh.sh_addr;
		s->offset = sh.sh_offset;
		s->size = sh.sh_size;
		s->link = sh.sh_link;
		s->info = sh.sh_info;
		s->addralign = sh.sh_addralign;
		s->entsize = sh.sh_entsize;
		/* name temporarily holds the sh_name offset, resolved later */
		s->name = (const char *)(uintptr_t)sh.sh_name;
		s->data = NULL;
		/* Section 0 is SHT_NULL and may carry the extended counts in its
		 * size: it has no contents either way. */
		if (s->type == SHT_NULL || s->type == SHT_NOBITS)
			continue;
		if (!range_ok(s->offset, s->size, ef->size)) {
			pr_warn("elf: %s: section %zu (offset 0x%llx size 0x%llx) outside the file\n",
				ef->name, i, (unsigned long long)s->offset,
				(unsigned long long)s->size);
			return -EINVAL;
		}
		s->data = ef->buf + s->offset;
	}
	return 0;
}

/* A string table whose last byte is NUL: then any offset below its size
 * starts a terminated string, so name checks are a single compare. */
static int check_strtab(const struct elf_file *ef, uint32_t idx, const char *what)
{
	const struct elf_sec *s = &ef->secs[idx];

	if (s->type != SHT_STRTAB) {
		pr_warn("elf: %s: %s (section %u) is not SHT_STRTAB (type %u)\n", ef->name, what,
			idx, s->type);
		return -EINVAL;
	}
	if (!s->size || ((const char *)s->data)[s->size - 1]) {
		pr_warn("elf: %s: %s (section %u) is empty or not NUL-terminated\n", ef->name,
			what, idx);
		return -EINVAL;
	}
	return 0;
}

static int resolve_names(struct elf_file *ef, uint32_t shstrndx)
{
	const struct elf_sec *strs = &ef->secs[shstrndx];
	int err;

	err = check_strtab(ef, shstrndx, "section name table");
	if (err)
		return err;
	for (size_t i = 0; i < ef->shnum; i++) {
		uint64_t off = (uintptr_t)ef->secs[i].name;

		if (off >= strs->size) {
			pr_warn("elf: %s: section %zu name offset %llu outside the name table\n",
				ef->name, i, (unsigned long long)off);
			return -EINVAL;
		}
		ef->secs[i].name = (const char *)strs->data + off;
	}
	return 0;
}

static int check_symtab(struct elf_file *ef)
{
	const struct elf_sec *st = NULL;
	int err;

	for (size_t i = 0; i < ef->shnum; i++) {
		if (ef->secs[i].type != SHT_SYMTAB)
			continue;
		if (st) {
			pr_warn("elf: %s: more than one symbol table (sections %u and %zu)\n",
				ef->name, st->idx, i);
			return -EINVAL;
		}
		st = &ef->secs[i];
	}
	if (!st)
		return 0;
	if (st->entsize != sizeof(Elf64_Sym) || st->size % sizeof(Elf64_Sym)) {
		pr_warn("elf: %s: symbol table (section %u) has entsize %llu, size %llu\n",
			ef->name, st->idx, (unsigned long long)st->entsize,
			(unsigned long long)st->size);
		return -EINVAL;
	}
	if (st->link == SHN_UNDEF || st->link >= ef->shnum) {
		pr_warn("elf: %s: symbol table (section %u) links to bad section %u\n", ef->name,
			st->idx, st->link);
		return -EINVAL;
	}
	err = check_strtab(ef, st->link, "symbol string table");
	if (err)
		return err;
	ef->symtab_idx = st->idx;
	ef->syms = st->data;
	ef->nsyms = st->size / sizeof(Elf64_Sym);
	ef->strtab = ef->secs[st->link].data;
	ef->strtab_sz = ef->secs[st->link].size;
	return 0;
}

static int check_rel_secs(const struct elf_file *ef)
{
	for (size_t i = 0; i < ef->shnum; i++) {
		const struct elf_sec *s = &ef->secs[i];

		if (s->type != SHT_REL)
			continue;
		if (s->entsize != sizeof(Elf64_Rel) || s->size % sizeof(Elf64_Rel)) {
			pr_warn("elf: %s: relocation section %zu has entsize %llu, size %llu\n",
				ef->name, i, (unsigned long long)s->entsize,
				(unsigned long long)s->size);
			return -EINVAL;
		}
		if (!ef->symtab_idx || s->link != ef->symtab_idx) {
			pr_warn("elf: %s: relocation section %zu links to section %u, not the symbol table\n",
				ef->name, i, s->link);
			return -EINVAL;
		}
		if (s->info == SHN_UNDEF || s->info >= ef->shnum) {
			pr_warn("elf: %s: relocation section %zu applies to bad section %u\n",
				ef->name, i, s->info);
			return -EINVAL;
		}
	}
	return 0;
}

/* Open addressing with linear probing at load <= 1/2. Sections are inserted
 * in index order and a duplicate name is skipped, so a lookup returns the
 * first section of that name. Built once a caller looks names up
 * repeatedly; a crafted object with colliding names only makes lookups
 * slower, never wrong. */
static int build_name_hash(struct elf_file *ef)
{
	size_t cap = 16;

	while (cap < ef->shnum * 2)
		cap *= 2;
	ef->name_slots = calloc(cap, sizeof(*ef->name_slots));
	if (!ef->name_slots)
		return -ENOMEM;
	ef->name_mask = cap - 1;
	for (size_t i = 0; i < ef->shnum; i++) {
		size_t pos = str_hash_n(ef->secs[i].name, SIZE_MAX) & ef->name_mask;

		for (;; pos = (pos + 1) & ef->name_mask) {
			uint32_t slot = ef->name_slots[pos];

			if (!slot) {
				ef->name_slots[pos] = i + 1;
				break;
			}
			if (!strcmp(ef->secs[slot - 1].name, ef->secs[i].name))
				break;
		}
	}
	return 0;
}

/* Header and section count, checked on a stack copy of ef before the real
 * one is allocated with room for the section table. */
static int parse_head(struct elf_file *ef, uint64_t *shoff, uint32_t *shstrndx)
{
	uint16_t e_shnum, e_shstrndx;
	int err;

	err = check_ident(ef->buf, ef->size, ef->name);
	if (err)
		return err;
	ef->big_endian = ef->buf[EI_DATA] == ELFDATA2MSB;
	ef->swap = ef->big_endian != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	err = check_ehdr(ef, shoff, &e_shnum, &e_shstrndx);
	if (err)
		return err;
	return count_shdrs(ef, *shoff, e_shnum, e_shstrndx, shstrndx);
}

static int parse_rest(struct elf_file *ef, uint64_t shoff, uint32_t shstrndx)
{
	int err;

	err = load_shdrs(ef, shoff);
	if (err)
		return err;
	err = resolve_names(ef, shstrndx);
	if (err)
		return err;
	ef->shstrndx = shstrndx;
	err = check_symtab(ef);
	if (err)
		return err;
	return check_rel_secs(ef);
}

/* Takes ownership of map (a mapping of size bytes) or owned (malloc()ed),
 * released on failure too. The section table and the name live in the same
 * allocation as ef. */
static int open_common(const void *buf, size_t size, const char *name, void *map, void *owned,
		       struct elf_file **out)
{
	struct elf_file head = { .buf = buf, .size = size };
	struct elf_file *ef;
	uint32_t shstrndx;
	uint64_t shoff;
	size_t len;
	int err;

	*out = NULL;
	name = name ? name : "<memory>";
	head.name = (char *)name;
	err = parse_head(&head, &shoff, &shstrndx);
	if (err) {
		release_contents(map, owned, size);
		return err;
	}
	len = strlen(name) + 1;
	ef = malloc(sizeof(*ef) + head.shnum * sizeof(*ef->secs) + len);
	if (!ef) {
		pr_warn("elf: %s: out of memory\n", name);
		release_contents(map, owned, size);
		return -ENOMEM;
	}
	*ef = head;
	ef->map = map;
	ef->owned = owned;
	ef->secs = (struct elf_sec *)(ef + 1);
	ef->name = memcpy(ef->secs + head.shnum, name, len);
	err = parse_rest(ef, shoff, shstrndx);
	if (err) {
		free_elf(ef);
		return err;
	}
	*out = ef;
	return 0;
}

int elf_open_mem(const void *buf, size_t size, const char *name, struct elf_file **out)
{
	static const uint8_t empty[1];

	if (!out) {
		pr_warn("elf: %s: no place for the result\n", name ? name : "<memory>");
		return libbpf_err(-EINVAL);
	}
	if (!buf) {
		if (size) {
			*out = NULL;
			pr_warn("elf: %s: NULL buffer\n", name ? name : "<memory>");
			return libbpf_err(-EINVAL);
		}
		buf = empty;
	}
	return libbpf_err(open_common(buf, size, name, NULL, NULL, out));
}

/* No BPF object comes near this; it keeps a bogus path (a disk image, say)
 * from making us allocate gigabytes. */
#define ELF_MAX_FILE_SIZE (1ULL << 30)

/* Read exactly size bytes at offset 0; a file that got shorter since fstat()
 * is an error rather than a silently truncated object. */
static int read_all(int fd, void *buf, size_t size, const char *path)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = pread(fd, (char *)buf + done, size - done, done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			pr_warn("elf: %s: cannot read: %s\n", path, errstr(err));
			return err;
		}
		if (n == 0) {
			pr_warn("elf: %s: file shrank while reading (%zu of %zu bytes)\n", path,
				done, size);
			return -EIO;
		}
		done += n;
	}
	return 0;
}

/*
 * Files from this size on are mapped rather than read. A mapping takes its
 * pages from the page cache and leaves sections nobody reads (debug info)
 * alone, but every open maps fresh pages, and the first touch of each costs
 * a fault (on a shadow-paging VM one the guest cannot even see, charged to
 * the user code that touched it). A read goes into heap memory that malloc
 * reuses from one open to the next, already faulted in; only a process's
 * first open pays for fresh pages either way. Objects are rarely larger
 * than this. While mapped, a concurrent truncation of the file makes
 * access to the lost pages raise SIGBUS: the loader uses the contents only
 * during open and calls elf_drop_data() before returning.
 */
#define ELF_MAP_MIN_SIZE (1024 * 1024)

/* The contents of fd: *mapp (a mapping) or *bufp (malloc()ed), both NULL
 * for an empty file. */
static int load_file(int fd, const char *path, void **mapp, void **bufp, size_t *sizep)
{
	struct stat st;
	void *p;
	int err;

	*mapp = *bufp = NULL;
	*sizep = 0;
	if (fstat(fd, &st)) {
		err = -errno;
		pr_warn("elf: %s: cannot stat: %s\n", path, errstr(err));
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		pr_warn("elf: %s: not a regular file\n", path);
		return -EINVAL;
	}
	if ((unsigned long long)st.st_size > ELF_MAX_FILE_SIZE) {
		pr_warn("elf: %s: too big for an object file (%lld bytes)\n", path,
			(long long)st.st_size);
		return -EFBIG;
	}
	/* an empty file: let the parser report it as too short */
	if (!st.st_size)
		return 0;
	if (st.st_size >= ELF_MAP_MIN_SIZE) {
		p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (p == MAP_FAILED) {
			err = -errno;
			pr_warn("elf: %s: cannot map: %s\n", path, errstr(err));
			return err;
		}
		*mapp = p;
	} else {
		p = malloc(st.st_size);
		if (!p) {
			pr_warn("elf: %s: out of memory for %lld bytes\n", path,
				(long long)st.st_size);
			return -ENOMEM;
		}
		err = read_all(fd, p, st.st_size, path);
		if (err) {
			free(p);
			return err;
		}
		*bufp = p;
	}
	*sizep = st.st_size;
	return 0;
}

int elf_open_file(const char *path, struct elf_file **out)
{
	void *map, *buf;
	size_t size;
	int fd, err;

	if (!out || !path) {
		pr_warn("elf: %s: NULL path or result\n", path ? path : "(null)");
		return libbpf_err(-EINVAL);
	}
	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("elf: %s: cannot open: %s\n", path, errstr(err));
		return libbpf_err(err);
	}
	/* the fd only lives while we read, but keep it off stdio all the same
	 * (O_CLOEXEC is already set: only a low fd needs moving);
	 * ensure_good_fd() logs its own failure */
	if (fd <= 2)
		fd = ensure_good_fd(fd);
	if (fd < 0)
		return libbpf_err(fd);
	err = load_file(fd, path, &map, &buf, &size);
	close(fd);
	if (err)
		return libbpf_err(err);
	if (!size)
		return elf_open_mem(NULL, 0, path, out);
	return libbpf_err(open_common(map ? map : buf, size, path, map, buf, out));
}

/* Section names move to a copy of the name table; everything else that
 * points into the contents goes. */
int elf_drop_data(struct elf_file *ef)
{
	const char *old;
	char *names;
	size_t size;

	if (!ef->buf)
		return 0;
	if (ef->owned) {
		/* a small file read into memory: keep the copy for the names
		 * rather than copy them once more */
		ef->names = ef->owned;
		ef->owned = NULL;
	} else {
		old = ef->secs[ef->shstrndx].data;
		size = ef->secs[ef->shstrndx].size;
		names = malloc(size);
		if (!names) {
			pr_warn("elf: %s: out of memory\n", ef->name);
			return libbpf_err(-ENOMEM);
		}
		memcpy(names, old, size);
		for (size_t i = 0; i < ef->shnum; i++)
			ef->secs[i].name = names + (ef->secs[i].name - old);
		ef->names = names;
	}
	for (size_t i = 0; i < ef->shnum; i++)
		ef->secs[i].data = NULL;
	ef->syms = NULL;
	ef->nsyms = 0;
	ef->strtab = NULL;
	ef->strtab_sz = 0;
	free(ef->sym_slots);
	ef->sym_slots = NULL;
	free(ef->funcs);	/* func_start with it */
	ef->funcs = NULL;
	ef->func_start = NULL;
	ef->hidden_funcs = false;
	release_contents(ef->map, ef->owned, ef->size);
	ef->map = ef->owned = NULL;
	ef->buf = NULL;
	ef->size = 0;
	return 0;
}

void elf_close(struct elf_file *ef)
{
	free_elf(ef);
}

const char *elf_name(const struct elf_file *ef)
{
	return ef->name;
}

bool elf_is_big_endian(const struct elf_file *ef)
{
	return ef->big_endian;
}

uint16_t elf_machine(const struct elf_file *ef)
{
	return ef->machine;
}

const void *elf_raw(const struct elf_file *ef, size_t *size)
{
	if (size)
		*size = ef->size;
	return ef->buf;
}

size_t elf_sec_cnt(const struct elf_file *ef)
{
	return ef->shnum;
}

const struct elf_sec *elf_sec_by_idx(const struct elf_file *ef, size_t idx)
{
	return idx < ef->shnum ? &ef->secs[idx] : NULL;
}

/* Both name indexes are only built for long tables: the loader looks up a
 * few names per object, and over a short table a scan that compares the
 * first two characters inline costs less than hashing every name once. */
#define SCAN_MAX_ENTRIES 64

/* a[0..1] == b[0..1], reading no byte past a terminating NUL */
static bool same_start(const char *a, const char *b)
{
	return a[0] == b[0] && (!a[0] || a[1] == b[1]);
}

static const struct elf_sec *sec_lookup_scan(const struct elf_file *ef, const char *name)
{
	for (size_t i = 0; i < ef->shnum; i++) {
		if (same_start(ef->secs[i].name, name) && !strcmp(ef->secs[i].name, name))
			return &ef->secs[i];
	}
	return NULL;
}

const struct elf_sec *elf_sec_by_name(const struct elf_file *ef, const char *name)
{
	/* the index is a cache: building it does not change what ef is */
	struct elf_file *mut = (struct elf_file *)ef;
	size_t pos;

	if (!name)
		return NULL;
	if (!ef->name_slots) {
		if (mut->name_hash_failed || ef->shnum <= SCAN_MAX_ENTRIES)
			return sec_lookup_scan(ef, name);
		if (build_name_hash(mut)) {
			mut->name_hash_failed = true;
			return sec_lookup_scan(ef, name);
		}
	}
	for (pos = str_hash_n(name, SIZE_MAX) & ef->name_mask;; pos = (pos + 1) & ef->name_mask) {
		uint32_t slot = ef->name_slots[pos];

		if (!slot)
			return NULL;
		if (!strcmp(ef->secs[slot - 1].name, name))
			return &ef->secs[slot - 1];
	}
}

const struct elf_sec *elf_symtab(const struct elf_file *ef)
{
	return ef->symtab_idx ? &ef->secs[ef->symtab_idx] : NULL;
}

size_t elf_sym_cnt(const struct elf_file *ef)
{
	return ef->nsyms;
}

static bool shndx_ok(const struct elf_file *ef, uint16_t shndx)
{
	if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx == SHN_COMMON)
		return true;
	return shndx < SHN_LORESERVE && shndx < ef->shnum;
}

int elf_sym_get(const struct elf_file *ef, size_t idx, struct elf_sym *out)
{
	Elf64_Sym sym;
	uint32_t name_off;
	uint16_t shndx;

	if (idx >= ef->nsyms) {
		pr_warn("elf: %s: symbol %zu out of range (%zu symbols)\n", ef->name, idx,
			ef->nsyms);
		return libbpf_err(-EINVAL);
	}
	memcpy(&sym, ef->syms + idx * sizeof(sym), sizeof(sym));
	name_off = rd32(ef, sym.st_name);
	shndx = rd16(ef, sym.st_shndx);
	if (name_off >= ef->strtab_sz) {
		pr_warn("elf: %s: symbol %zu name offset %u outside the string table\n", ef->name,
			idx, name_off);
		return libbpf_err(-EINVAL);
	}
	if (shndx == SHN_XINDEX) {
		/* Only needed past 65280 sections; no BPF object gets there. */
		pr_warn("elf: %s: symbol %zu uses an extended section index (unsupported)\n",
			ef->name, idx);
		return libbpf_err(-EINVAL);
	}
	if (!shndx_ok(ef, shndx)) {
		pr_warn("elf: %s: symbol %zu refers to bad section %u\n", ef->name, idx, shndx);
		return libbpf_err(-EINVAL);
	}
	out->name = ef->strtab + name_off;
	out->value = rd64(ef, sym.st_value);
	out->size = rd64(ef, sym.st_size);
	out->shndx = shndx;
	out->bind = ELF64_ST_BIND(sym.st_info);
	out->type = ELF64_ST_TYPE(sym.st_info);
	out->visibility = ELF64_ST_VISIBILITY(sym.st_other);
	return 0;
}

static uint32_t sym_name_off(const struct elf_file *ef, size_t idx)
{
	return elf_get32(ef, ef->syms + idx * sizeof(Elf64_Sym) + offsetof(Elf64_Sym, st_name));
}

/* Same scheme as the section-name table. Only names are read here (entries
 * are validated when found), so a malformed entry elsewhere stays silent; an
 * out-of-range name offset is simply left out, as the scan skipped it. The
 * first symbol of a name wins, which is what the scan returned. */
static int build_sym_hash(struct elf_file *ef)
{
	size_t cap = 16;

	while (cap < ef->nsyms * 2)
		cap *= 2;
	ef->sym_slots = calloc(cap, sizeof(*ef->sym_slots));
	if (!ef->sym_slots)
		return -ENOMEM;
	ef->sym_mask = cap - 1;
	for (size_t i = 1; i < ef->nsyms; i++) {
		uint32_t off = sym_name_off(ef, i);
		const char *name;
		size_t pos;

		if (off >= ef->strtab_sz)
			continue;
		name = ef->strtab + off;
		for (pos = str_hash_n(name, SIZE_MAX) & ef->sym_mask;; pos = (pos + 1) & ef->sym_mask) {
			uint32_t slot = ef->sym_slots[pos];

			if (!slot) {
				ef->sym_slots[pos] = i;
				break;
			}
			if (!strcmp(ef->strtab + sym_name_off(ef, slot), name))
				break;
		}
	}
	return 0;
}

static long sym_lookup_scan(const struct elf_file *ef, const char *name)
{
	for (size_t i = 1; i < ef->nsyms; i++) {
		uint32_t off = sym_name_off(ef, i);

		if (off < ef->strtab_sz && same_start(ef->strtab + off, name) &&
		    !strcmp(ef->strtab + off, name))
			return i;
	}
	return 0;
}

static long sym_lookup(struct elf_file *ef, const char *name)
{
	size_t pos;

	if (!ef->sym_slots) {
		if (ef->sym_hash_failed || ef->nsyms <= SCAN_MAX_ENTRIES)
			return sym_lookup_scan(ef, name);
		if (build_sym_hash(ef)) {
			ef->sym_hash_failed = true;
			return sym_lookup_scan(ef, name);
		}
	}
	for (pos = str_hash_n(name, SIZE_MAX) & ef->sym_mask;; pos = (pos + 1) & ef->sym_mask) {
		uint32_t slot = ef->sym_slots[pos];

		if (!slot)
			return 0;
		if (!strcmp(ef->strtab + sym_name_off(ef, slot), name))
			return slot;
	}
}

int elf_sym_by_name(const struct elf_file *ef, const char *name, struct elf_sym *out)
{
	struct elf_sym sym;
	long i;

	if (!name)
		return libbpf_err(-EINVAL);
	/* the index is a cache: building it does not change what ef is */
	i = sym_lookup((struct elf_file *)ef, name);
	if (!i)
		return libbpf_err(-ENOENT);
	if (elf_sym_get(ef, i, &sym))
		return libbpf_err(-EINVAL);
	if (out)
		*out = sym;
	return i;
}

static int cmp_func_addr(const void *a, const void *b)
{
	const struct elf_sym *x = a, *y = b;

	return x->value < y->value ? -1 : x->value > y->value;
}

static void sort_group(struct elf_sym *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (v[i].value < v[i - 1].value) {
			qsort(v, n, sizeof(*v), cmp_func_addr);
			return;
		}
	}
}

/* One pass over the symbol table for all sections, then a counting sort by
 * section: the loader asks for every code section's functions, and a scan
 * per section was quadratic in practice. Malformed entries are skipped, as
 * iterating with elf_sym_get() would. One allocation holds the result, the
 * group starts and the unsorted scratch copy. */
static int build_funcs(struct elf_file *ef)
{
	struct elf_sym *tmp, *funcs;
	size_t n = 0, max = 0;
	uint32_t *start;
	void *block;

	for (size_t i = 1; i < ef->nsyms; i++)
		max += ELF64_ST_TYPE(ef->syms[i * sizeof(Elf64_Sym) +
					      offsetof(Elf64_Sym, st_info)]) == STT_FUNC;
	block = malloc(2 * max * sizeof(*funcs) + (ef->shnum + 2) * sizeof(*start));
	if (!block)
		return -ENOMEM;
	funcs = block;
	tmp = funcs + max;
	start = (uint32_t *)(tmp + max);
	memset(start, 0, (ef->shnum + 2) * sizeof(*start));
	for (size_t i = 1; i < ef->nsyms; i++) {
		uint8_t info = ef->syms[i * sizeof(Elf64_Sym) + offsetof(Elf64_Sym, st_info)];

		if (ELF64_ST_TYPE(info) != STT_FUNC)
			continue;
		if (elf_sym_get(ef, i, &tmp[n]))
			continue;
		if (tmp[n].visibility == STV_HIDDEN || tmp[n].visibility == STV_INTERNAL)
			ef->hidden_funcs = true;
		if (tmp[n].shndx >= ef->shnum)
			continue;	/* SHN_ABS/SHN_COMMON: in no section */
		start[tmp[n].shndx + 2]++;
		n++;
	}
	/* start[s + 1]: first slot of section s, then its fill position,
	 * which ends as the first slot of section s + 1 */
	for (size_t s = 0; s < ef->shnum; s++)
		start[s + 2] += start[s + 1];
	for (size_t i = 0; i < n; i++)
		funcs[start[tmp[i].shndx + 1]++] = tmp[i];
	for (size_t s = 0; s < ef->shnum; s++)
		sort_group(funcs + start[s], start[s + 1] - start[s]);
	ef->funcs = funcs;
	ef->func_start = start;
	return 0;
}

bool elf_has_hidden_func(const struct elf_file *ef)
{
	/* the table is a cache: building it does not change what ef is */
	if (!ef->func_start && build_funcs((struct elf_file *)ef))
		return true;	/* out of memory: callers then look each up */
	return ef->hidden_funcs;
}

int elf_sec_funcs(const struct elf_file *ef, size_t sec_idx, const struct elf_sym **out,
		  size_t *cnt)
{
	/* the table is a cache: building it does not change what ef is */
	struct elf_file *mut = (struct elf_file *)ef;
	int err;

	*out = NULL;
	*cnt = 0;
	if (!ef->func_start) {
		err = build_funcs(mut);
		if (err)
			return err;
	}
	if (sec_idx >= ef->shnum)
		return 0;
	*out = ef->funcs + ef->func_start[sec_idx];
	*cnt = ef->func_start[sec_idx + 1] - ef->func_start[sec_idx];
	return 0;
}

size_t elf_rel_cnt(const struct elf_sec *relsec)
{
	if (!relsec || relsec->type != SHT_REL)
		return 0;
	return relsec->size / sizeof(Elf64_Rel);
}

int elf_rel_get(const struct elf_file *ef, const struct elf_sec *relsec, size_t idx,
		struct elf_rel *out)
{
	const struct elf_sec *s;
	Elf64_Rel rel;
	uint64_t info;

	/* Use our own copy of the header: the caller's may be stale or forged. */
	s = relsec && relsec->idx < ef->shnum ? &ef->secs[relsec->idx] : NULL;
	if (!s || s->type != SHT_REL) {
		pr_warn("elf: %s: section %u is not a relocation section\n", ef->name,
			relsec ? relsec->idx : 0);
		return libbpf_err(-EINVAL);
	}
	if (idx >= s->size / sizeof(Elf64_Rel)) {
		pr_warn("elf: %s: relocation %zu of section %u out of range\n", ef->name, idx,
			s->idx);
		return libbpf_err(-EINVAL);
	}
	memcpy(&rel, (const uint8_t *)s->data + idx * sizeof(rel), sizeof(rel));
	info = rd64(ef, rel.r_info);
	if (ELF64_R_SYM(info) >= ef->nsyms) {
		pr_warn("elf: %s: relocation %zu of section %u uses bad symbol %llu\n", ef->name,
			idx, s->idx, (unsigned long long)ELF64_R_SYM(info));
		return libbpf_err(-EINVAL);
	}
	out->offset = rd64(ef, rel.r_offset);
	out->sym = ELF64_R_SYM(info);
	out->type = ELF64_R_TYPE(info);
	return 0;
}
