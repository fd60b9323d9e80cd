/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Our own reader of ELF64 relocatable objects over a memory buffer. Pure: no
 * bpf(), no libelf. Everything read from the file is bounds-checked when the
 * file is opened or when an accessor is called; accessors hand back values
 * converted to host byte order.
 */
#ifndef __BPFKIT_ELF_H
#define __BPFKIT_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_file;

struct elf_sec {
	uint32_t idx;      /* section index */
	const char *name;  /* validated, NUL-terminated, never NULL */
	uint32_t type;     /* SHT_* */
	uint64_t flags;    /* SHF_* */
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	uint32_t info;
	uint64_t addralign;
	uint64_t entsize;
	const void *data;  /* inside the buffer; NULL for SHT_NOBITS/SHT_NULL */
};

struct elf_sym {
	const char *name;  /* validated; "" when unnamed */
	uint64_t value;
	uint64_t size;
	uint16_t shndx;
	uint8_t bind;      /* STB_* */
	uint8_t type;      /* STT_* */
	uint8_t visibility; /* STV_* */
};

struct elf_rel {
	uint64_t offset;   /* r_offset */
	uint32_t sym;      /* ELF64_R_SYM */
	uint32_t type;     /* ELF64_R_TYPE */
};

/* Parse and validate the ELF header and section table of buf (not copied:
 * buf must outlive the elf_file, or its elf_drop_data()). Returns 0 or
 * -ENOEXEC (not ELF64 / not a relocatable object) or -EINVAL (malformed),
 * logging one line on failure. */
int elf_open_mem(const void *buf, size_t size, const char *name, struct elf_file **out);
/* Read path into memory (large files: map it, read-only and private) and
 * parse it. Also -errno of open/read/mmap, -EFBIG for an implausibly large
 * file. Like any mapping, a mapped file raises SIGBUS on access to pages a
 * concurrent truncation removed: call elf_drop_data() as soon as the
 * contents are no longer needed. */
int elf_open_file(const char *path, struct elf_file **out);
/* Let go of the file contents (unmap, or stop borrowing buf; a small file
 * read into memory is kept for its names): section headers and names stay, every section's data becomes NULL, the symbol
 * table appears empty and elf_raw() returns NULL. 0 or -ENOMEM (then
 * nothing changed). */
int elf_drop_data(struct elf_file *ef);
void elf_close(struct elf_file *ef);

const char *elf_name(const struct elf_file *ef);
bool elf_is_big_endian(const struct elf_file *ef);
uint16_t elf_machine(const struct elf_file *ef);
const void *elf_raw(const struct elf_file *ef, size_t *size);

size_t elf_sec_cnt(const struct elf_file *ef);
/* NULL when idx is out of range. */
const struct elf_sec *elf_sec_by_idx(const struct elf_file *ef, size_t idx);
/* First section with this name, or NULL. */
const struct elf_sec *elf_sec_by_name(const struct elf_file *ef, const char *name);

/* Symbol table (SHT_SYMTAB); 0 symbols when the object has none. */
size_t elf_sym_cnt(const struct elf_file *ef);
/* 0, or -EINVAL when idx is out of range or the entry is malformed. */
int elf_sym_get(const struct elf_file *ef, size_t idx, struct elf_sym *out);

/* Entries of an SHT_REL section (BPF objects use REL, not RELA). */
size_t elf_rel_cnt(const struct elf_sec *relsec);
int elf_rel_get(const struct elf_file *ef, const struct elf_sec *relsec, size_t idx,
		struct elf_rel *out);

/* Additions for the object loader. */
/* The SHT_SYMTAB section, or NULL when the object has none. */
const struct elf_sec *elf_symtab(const struct elf_file *ef);
/* Index of the first symbol (index >= 1) named name, filling out (may be
 * NULL); -ENOENT when absent, -EINVAL when that entry is malformed. A name
 * index is built on the first call, so lookups are O(1) after that. */
int elf_sym_by_name(const struct elf_file *ef, const char *name, struct elf_sym *out);
/* The valid STT_FUNC symbols of section sec_idx, sorted by address, as
 * a view owned by ef (valid until elf_close()); cnt 0 for a section without
 * any. The table for all sections is built on the first call. 0 or
 * -ENOMEM. */
int elf_sec_funcs(const struct elf_file *ef, size_t sec_idx, const struct elf_sym **out,
		  size_t *cnt);
/* Whether any valid STT_FUNC symbol is STV_HIDDEN or STV_INTERNAL (true
 * when that cannot be told for lack of memory). */
bool elf_has_hidden_func(const struct elf_file *ef);
/* Read a 16/32/64-bit value in the object's byte order from p (any
 * alignment) and return it in host order: for section contents, which are
 * never converted (e.g. instructions of a big-endian object). */
uint16_t elf_get16(const struct elf_file *ef, const void *p);
uint32_t elf_get32(const struct elf_file *ef, const void *p);
uint64_t elf_get64(const struct elf_file *ef, const void *p);

#endif
