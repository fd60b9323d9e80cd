/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Private layout of struct btf shared by btf.c (parse/query), btf_build.c
 * (construction), btf_elf.c and btf_kernel.c.
 *
 * Types and strings are kept in host byte order. A parsed, unmodified BTF
 * borrows its type and string sections from one blob (a private copy, or a
 * read-only mapping of the file); the first modification copies them into
 * growable buffers of their own.
 */
#ifndef __BPFKIT_BTF_INTERNAL_H
#define __BPFKIT_BTF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "libbpf_internal.h"

#define BTF_MAX_NR_TYPES 0x7fffffffU
#define BTF_MAX_STR_OFFSET 0x7fffffffU
/* Chains longer than this (typedef of const of ...) are treated as loops. */
#define BTF_MAX_RESOLVE_DEPTH 32

/* Name -> type ids index, built on the first lookup by name. Chained hash:
 * head[hash & mask] is the first id (0 = none), next[id - start_id] the
 * following one with the same bucket. */
struct btf_name_index {
	__u32 *head;
	__u32 *next;
	__u32 mask;
	__u32 next_cap;
	void *mem;        /* one block holding head and next */
	size_t mem_size;  /* non-zero: mem is an anonymous mapping */
};

/* Set of string offsets (open addressing, 0 = empty slot, else off + 1),
 * used to deduplicate strings while building. */
struct btf_str_set {
	__u32 *slots;
	__u32 cap;  /* power of two */
	__u32 cnt;
};

struct btf {
	/* Blob the sections are borrowed from while unmodified. */
	void *blob;
	size_t blob_size;
	bool blob_mmaped;

	struct btf_header hdr;  /* host order; type_len/str_len are current */

	void *types;            /* type section */
	size_t types_cap;       /* 0: borrowed from blob (read-only) */
	char *strs;             /* string section */
	size_t strs_cap;        /* 0: borrowed from blob (read-only) */

	__u32 *type_offs;       /* offset in types of each own type */
	size_t type_offs_cap;
	__u32 nr_types;         /* own types (without void / base) */

	struct btf *base;
	bool owns_base;         /* base freed with this BTF (.BTF.base) */
	__u32 start_id;         /* first own type id */
	__u32 start_str_off;    /* first own string offset */

	bool big_endian;        /* endianness of the emitted/parsed data */
	int ptr_sz;             /* 0: not yet guessed, -1: unknown */
	int fd;

	/* Serialized form for btf__raw_data(), dropped on modification. */
	void *raw_cache;
	__u32 raw_cache_size;
	bool raw_cache_big;

	struct btf_name_index names;
	struct btf_str_set str_set;
	bool str_set_ready;
};

/* Deepest chain of modifiers/typedefs followed before BTF counts as bad. */
#define BTF_MAX_MOD_DEPTH 32

/* Type id with const/volatile/restrict/type tags and typedefs skipped (in
 * *res_id if not NULL); NULL for a bad id or an endless chain. */
const struct btf_type *btf_skip_mods_typedefs(const struct btf *btf, __u32 id, __u32 *res_id);

static inline bool host_is_big_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}

/* Hash of a NUL-terminated string (name index and string set). Mixes 8
 * bytes per step: hashing every name of vmlinux byte by byte is a long
 * chain of dependent multiplies. Only bytes before the NUL are read. */
static inline __u32 btf_str_hash(const char *s)
{
	size_t len = strlen(s), i = 0, k;
	__u64 h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (w = 0, k = 0; i + k < len; k++)
		w |= (__u64)(__u8)s[i + k] << (8 * k);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return (__u32)(h ^ (h >> 29));
}

/* Flavour-chain hash of the name index: the shared short-name hash. */
#define btf_str_hash_n(s, n) str_hash_n(s, n)

static inline __u32 btf_info_enc(__u32 kind, bool kflag, __u32 vlen)
{
	return ((__u32)kflag << 31) | (kind << 24) | (vlen & 0xffff);
}

static inline struct btf_type *btf_own_type(const struct btf *btf, __u32 id)
{
	return (struct btf_type *)((char *)btf->types + btf->type_offs[id - btf->start_id]);
}

/* Size in bytes of the record of t (header + kind payload); -1 for a kind
 * this library does not know. */
int btf_type_rec_size(const struct btf_type *t);

/* Byte-swap every 32-bit word of a record (all BTF records are u32 words). */
void btf_swap_words(void *p, size_t size);

/* Common part of every btf__new*() / btf__parse*(): takes over blob (which
 * must be malloc()ed, or mmap()ed when mmaped). Frees blob on failure. */
struct btf *btf_new_from_blob(void *blob, size_t size, bool mmaped, struct btf *base);

/* Read a whole file into memory or map it; returns 0 or -errno. */
int btf_read_file(const char *path, void **data, size_t *size, bool *mmaped);
void btf_release_file(void *data, size_t size, bool mmaped);

/* Serialized raw blob in host order (no caching); caller frees. */
void *btf_serialize(const struct btf *btf, __u32 *size);

/* Name index maintenance for types added by btf_build.c. */
void btf_names_add(struct btf *btf, __u32 id);
void btf_names_free(struct btf *btf);

/* Length of name without its CO-RE flavor suffix ("task_struct___v2" ->
 * 11): everything from the last "___" that sits between two characters
 * other than '_'. */
size_t btf_essential_name_len(const char *name);

/* The name index is keyed by essential name. Walk the own types (not the
 * base's) whose essential name may be ess[0..len): first id (0: none,
 * -ENOMEM), then btf_names_chain_next() until 0. The chain also holds hash
 * collisions (anonymous types are not indexed): callers compare names. */
__s64 btf_names_chain_first(const struct btf *btf, const char *ess, size_t len);
__u32 btf_names_chain_next(const struct btf *btf, __u32 id);

/* Free the borrowed blob (after the sections were copied out of it). */
void btf_release_blob(struct btf *btf);

/* Copy a parsed (borrowed) BTF into buffers of its own so its types can
 * be modified in place (btf_build.c). */
int btf_make_writable(struct btf *btf);
/* Ready for changes to type records in place (same sizes): a private
 * malloc()ed blob is changed where it is; borrowed or mapped data is
 * copied as by btf_make_writable(). Drops the raw data cache. */
int btf_types_mutable(struct btf *btf);

/* Drop caches that a modification invalidates. */
void btf_invalidate_raw(struct btf *btf);

/* Pointer size to use for computations (falls back to the host's). */
int btf_ptr_sz(const struct btf *btf);

/* Kernel BTF from a vmlinux image on disk (btf_elf.c), for kernels
 * without /sys/kernel/btf/vmlinux; -ESRCH when there is none. */
struct btf *btf_load_vmlinux_fallback(void);

/* Call fn on every type id field of record t (btf_build.c); stops at the
 * first non-zero return. */
int btf_visit_type_ids(struct btf_type *t, int (*fn)(__u32 *id, void *ctx), void *ctx);

/* Replace dst's types and strings with src's (same base), freeing src. */
void btf_take_over(struct btf *dst, struct btf *src);

/* The string set of btf_build.c, released by btf__free(). */
void btf_str_set_free(struct btf *btf);

/* Upper-case name of a BTF kind as bpftool prints it ("STRUCT"); "UNKNOWN"
 * for kinds this library does not know. */
const char *btf_kind_str(__u16 kind);

#endif
