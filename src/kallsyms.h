/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * /proc/kallsyms as a name -> address table, for typeless `.ksyms`
 * externs. Parsing is pure and streaming (feed chunks of any size; only the
 * names are kept, not the text); kallsyms_load_system() is the thin reader.
 *
 * Line format: "<hex address> <type char> <name>[\t[<module>]]".
 *
 * Duplicate names (static symbols of the same name in several files, or
 * the same name in vmlinux and a module) are all kept. Resolution follows
 * libbpf: a name resolves when all its entries agree on the address, and is
 * ambiguous (-EINVAL) when two entries have different addresses. Also as in
 * libbpf, a data symbol ('d') whose name carries an LLVM promotion suffix,
 * "foo.llvm.123", additionally answers to "foo" (and takes part in that
 * name's ambiguity check).
 *
 * Without CAP_SYSLOG (or with kptr_restrict) the kernel prints every address
 * as zero; kallsyms_load_system() reports that as -EPERM.
 */
#ifndef __BPFKIT_KALLSYMS_H
#define __BPFKIT_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ksym {
	uint64_t addr;
	const char *name;
	const char *module;	/* NULL for vmlinux symbols */
	char type;		/* 'T', 't', 'D', 'd', ... */
	bool llvm_alias;	/* "foo" made from "foo.llvm.N" */
	size_t idx;		/* entry index (the cursor of kallsyms_find_next) */
};

struct kallsyms;

/* Streaming parse: new, feed chunks (lines may span chunks), finish. After
 * an error the table may only be freed. */
struct kallsyms *kallsyms_new(void);
int kallsyms_feed(struct kallsyms *ks, const char *data, size_t len);
int kallsyms_finish(struct kallsyms *ks);

/* All in one over a complete text. */
int kallsyms_parse(const char *text, size_t len, struct kallsyms **ks);

/* Read and parse /proc/kallsyms. -EPERM when every address reads as zero. */
int kallsyms_load_system(struct kallsyms **ks);

void kallsyms_free(struct kallsyms *ks);

/* Entries in input order (aliases follow the real entries). */
size_t kallsyms_count(const struct kallsyms *ks);
int kallsyms_at(const struct kallsyms *ks, size_t i, struct ksym *sym);

/* First entry named name: 0 and *sym filled, or -ENOENT. Then
 * kallsyms_find_next() walks the other entries of that name. */
int kallsyms_find(const struct kallsyms *ks, const char *name, struct ksym *sym);
int kallsyms_find_next(const struct kallsyms *ks, struct ksym *sym);

/* libbpf's resolution of a typeless ksym: 0 and *addr, -ENOENT when absent,
 * -EINVAL (with a warning) when the entries disagree on the address. */
int kallsyms_resolve(const struct kallsyms *ks, const char *name, uint64_t *addr);

/* True when there are entries and all of their addresses are zero. */
bool kallsyms_all_zero(const struct kallsyms *ks);

#endif
