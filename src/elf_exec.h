/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A small reader of ELF64 executables and shared libraries of the host's
 * byte order, for uprobe and USDT attachment: function symbols of .symtab
 * and .dynsym, sections by name, and virtual address -> file offset through
 * the PT_LOAD program headers. Only the headers and the sections asked for
 * are read, and the file is untrusted: every header, table and string is
 * bounds-checked before use.
 * (src/elf.c reads BPF relocatable objects of either byte order; this one
 * needs program headers and symbol versions, which that reader has no use
 * for.)
 */
#ifndef __BPFKIT_ELF_EXEC_H
#define __BPFKIT_ELF_EXEC_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct exec_elf;

/* Open and validate path. 0, or -errno of open/read, -ENOEXEC when it is
 * not an ELF64 executable/shared object of our byte order, -EINVAL when
 * malformed. Nothing is logged here: callers know what the file was for. */
int exec_elf_open(const char *path, struct exec_elf **out);
/* Same over a buffer the caller keeps alive until exec_elf_close(). */
int exec_elf_open_mem(const void *buf, size_t size, struct exec_elf **out);
void exec_elf_close(struct exec_elf *ee);

/* ET_EXEC or ET_DYN. */
unsigned int exec_elf_type(const struct exec_elf *ee);

/* Contents of the first section named name: its header and data (inside
 * the file), or NULL when absent, SHT_NOBITS or out of the file. */
const Elf64_Shdr *exec_elf_sec(const struct exec_elf *ee, const char *name, const void **data);

/* File offset of virtual address vaddr, through the PT_LOAD segment (with
 * file contents) that holds it. 0 or -ENOENT. */
int exec_elf_vaddr_to_off(const struct exec_elf *ee, uint64_t vaddr, uint64_t *off);

struct exec_sym {
	const char *name;	/* NUL-terminated, inside the file */
	uint64_t value;		/* virtual address */
	uint64_t offset;	/* file offset of value */
	unsigned char bind;	/* STB_* */
	bool dynsym;		/* from .dynsym (else .symtab) */
	bool ifunc;		/* STT_GNU_IFUNC: the address is the resolver */
	bool hidden_version;	/* .dynsym entry of a non-default version */
};

/* Call fn for every defined function symbol (STT_FUNC, STT_GNU_IFUNC) of
 * .symtab, then .dynsym, whose address maps to a file offset. Stops at and
 * returns the first non-zero return of fn; 0 otherwise. */
typedef int (*exec_sym_fn)(const struct exec_sym *sym, void *ctx);
int exec_elf_for_each_func(const struct exec_elf *ee, exec_sym_fn fn, void *ctx);

/* File offset of function name ("f", or "f@VER"/"f@@VER": the version is
 * not compared, but without one a non-default version is skipped). A
 * global definition wins over weak ones; two different non-weak addresses
 * are ambiguous. 0, -ENOENT (absent) or -EINVAL (ambiguous). */
int exec_elf_func_offset(const struct exec_elf *ee, const char *name, uint64_t *off);

/* Glob match of '*' and '?' (no escapes). */
bool probe_glob_match(const char *str, const char *pat);

#endif
