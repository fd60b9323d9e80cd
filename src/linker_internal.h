/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The static linker's state, shared by linker.c (sections, symbols,
 * relocations, BTF, output) and linker_ext.c (the .BTF.ext merge).
 */
#ifndef BPFKIT_LINKER_INTERNAL_H
#define BPFKIT_LINKER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif
#ifndef SHT_LLVM_ADDRSIG
#define SHT_LLVM_ADDRSIG 0x6fff4c03
#endif
#define R_BPF_NONE 0
#define R_BPF_64_64 1
#define R_BPF_64_ABS64 2
#define R_BPF_64_ABS32 3
#define R_BPF_64_NODYLD32 4
#define R_BPF_64_32 10

/* Symbol references: index into locals, or into globals with this bit. */
#define SYM_GLOBAL 0x80000000u
#define SYM_NONE 0xffffffffu

struct lk_rel {
	uint64_t off;
	uint32_t sym;   /* symbol reference */
	uint32_t type;
};

struct lk_sec {
	char *name;
	uint32_t type;
	uint64_t flags;
	uint64_t align;
	uint64_t entsize;
	uint64_t size;
	char *data;             /* NULL for SHT_NOBITS */
	size_t cap;
	struct lk_rel *rels;
	size_t nr_rels, rels_cap;
	uint32_t sym;           /* its section symbol (a local) */
	int first_file;         /* first contributor (license/version) */
	bool single;            /* license/version: one copy, must be equal */
};

struct lk_sym {
	char *name;
	uint64_t value, size;
	int sec;                /* output section, -1 undefined, -2 absolute */
	uint8_t bind, type, vis;
	/* globals only */
	int def_file;           /* defining file, -1 while undefined */
	int ext_file;           /* first file referencing it as extern */
	__u32 btf_id;           /* output BTF id of its VAR/FUNC */
	struct lk_sym *hnext;   /* name hash chain */
	uint32_t idx;           /* its index in globals */
};

struct lk_file {
	char *name;
	struct elf_file *elf;
	void *buf;              /* our copy of the input */
	struct btf *btf;
	struct btf_ext *ext;
	size_t nsecs;
	int *sec_out;           /* input section -> output section, -1 none */
	uint64_t *sec_off;      /* where it landed in that section */
	size_t nsyms;
	uint32_t *sym_ref;
	__u32 *type_map;        /* input type id -> output id */
	__u32 first_out_id, last_out_id;
};

struct bpf_linker {
	char *filename;
	int fd;
	bool own_fd;
	bool finalized;
	bool failed;

	struct lk_file *files;
	size_t nr_files, files_cap;
	struct lk_sec *secs;
	size_t nr_secs, secs_cap;
	struct lk_sym *locals;
	size_t nr_locals, locals_cap;
	/* globals are kept by pointer so hash chains survive growth */
	struct lk_sym **globals;
	size_t nr_globals, globals_cap;
	struct lk_sym *ghash[256];

	struct btf *btf;
	void *ext_data;
	size_t ext_len, ext_cap;
};

/* Merge every input's .BTF.ext (func_info, line_info, CO-RE records) into
 * l->ext_data, offsets moved to where each input's sections landed and
 * type ids/strings mapped into the output BTF. 0 or -errno (logged). */
int linker_ext_build(struct bpf_linker *l);

#endif
