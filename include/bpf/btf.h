/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfkit: BPF Type Format (BTF) parsing, querying and construction, source
 * compatible with libbpf 1.x's <bpf/btf.h>.
 */
#ifndef __BPFKIT_BTF_H
#define __BPFKIT_BTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <linux/btf.h>
#include <linux/types.h>

#include "libbpf_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BTF_ELF_SEC ".BTF"
#define BTF_EXT_ELF_SEC ".BTF.ext"
#define BTF_BASE_ELF_SEC ".BTF.base"
#define MAPS_ELF_SEC ".maps"

struct btf;
struct btf_ext;
struct btf_type;

struct bpf_object;

enum btf_endianness {
	BTF_LITTLE_ENDIAN = 0,
	BTF_BIG_ENDIAN = 1,
};

/* Release a BTF object and everything it owns; NULL is a no-op. */
LIBBPF_API void btf__free(struct btf *btf);

/* Parse a raw BTF blob (copied); NULL + errno on malformed data. */
LIBBPF_API struct btf *btf__new(const void *data, __u32 size);
/* Parse a raw split BTF blob whose ids and strings continue base_btf's. */
LIBBPF_API struct btf *btf__new_split(const void *data, __u32 size, struct btf *base_btf);
/* An empty, writable BTF holding only the void type. */
LIBBPF_API struct btf *btf__new_empty(void);
/* An empty, writable split BTF on top of base_btf. */
LIBBPF_API struct btf *btf__new_empty_split(struct btf *base_btf);

/* Parse a raw BTF file or the .BTF (and .BTF.ext if btf_ext) of an ELF file. */
LIBBPF_API struct btf *btf__parse(const char *path, struct btf_ext **btf_ext);
/* Like btf__parse() for split BTF on base_btf. */
LIBBPF_API struct btf *btf__parse_split(const char *path, struct btf *base_btf);
/* Parse the .BTF section (and .BTF.ext if btf_ext) of an ELF file. */
LIBBPF_API struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext);
/* Like btf__parse_elf() for split BTF on base_btf. */
LIBBPF_API struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf);
/* Parse a file holding a raw BTF blob. */
LIBBPF_API struct btf *btf__parse_raw(const char *path);
/* Parse a file holding a raw split BTF blob on top of base_btf. */
LIBBPF_API struct btf *btf__parse_raw_split(const char *path, struct btf *base_btf);

/* The running kernel's BTF (/sys/kernel/btf/vmlinux). */
LIBBPF_API struct btf *btf__load_vmlinux_btf(void);
/* A kernel module's split BTF (/sys/kernel/btf/<module_name>) on vmlinux_btf. */
LIBBPF_API struct btf *btf__load_module_btf(const char *module_name, struct btf *vmlinux_btf);
/* Fetch the BTF object with kernel id id. */
LIBBPF_API struct btf *btf__load_from_kernel_by_id(__u32 id);
/* Fetch kernel BTF object id as split BTF on base_btf. */
LIBBPF_API struct btf *btf__load_from_kernel_by_id_split(__u32 id, struct btf *base_btf);

/* Load btf into the kernel; the fd is then available from btf__fd(). */
LIBBPF_API int btf__load_into_kernel(struct btf *btf);
/* Id of the first type named type_name (any kind), or -ENOENT. */
LIBBPF_API __s32 btf__find_by_name(const struct btf *btf, const char *type_name);
/* Id of the first type named type_name of the given BTF_KIND_*, or -ENOENT. */
LIBBPF_API __s32 btf__find_by_name_kind(const struct btf *btf, const char *type_name,
					__u32 kind);
/* Number of type ids, including void (id 0) and any base BTF's types. */
LIBBPF_API __u32 btf__type_cnt(const struct btf *btf);
/* Base BTF of a split BTF, or NULL. */
LIBBPF_API const struct btf *btf__base_btf(const struct btf *btf);
/* Type record of id, or NULL (errno EINVAL) when out of range. */
LIBBPF_API const struct btf_type *btf__type_by_id(const struct btf *btf, __u32 id);
/* Target pointer size in bytes (set, or guessed from long types); 0 if unknown. */
LIBBPF_API size_t btf__pointer_size(const struct btf *btf);
/* Set the target pointer size (4 or 8). */
LIBBPF_API int btf__set_pointer_size(struct btf *btf, size_t ptr_sz);
/* Byte order of the BTF data as stored/emitted. */
LIBBPF_API enum btf_endianness btf__endianness(const struct btf *btf);
/* Byte order btf__raw_data() emits. */
LIBBPF_API int btf__set_endianness(struct btf *btf, enum btf_endianness endian);
/* Size in bytes of a type, following modifiers, typedefs and arrays. */
LIBBPF_API __s64 btf__resolve_size(const struct btf *btf, __u32 type_id);
/* Id of the type behind typedefs, modifiers, vars and tags. */
LIBBPF_API int btf__resolve_type(const struct btf *btf, __u32 type_id);
/* Natural alignment of a type; 0 with errno set on error. */
LIBBPF_API int btf__align_of(const struct btf *btf, __u32 id);
/* Kernel fd of a loaded BTF, or -1. */
LIBBPF_API int btf__fd(const struct btf *btf);
/* Associate a kernel BTF fd with btf; btf__free() closes it. */
LIBBPF_API void btf__set_fd(struct btf *btf, int fd);
/* The BTF serialized as a raw blob in its endianness; owned by btf. */
LIBBPF_API const void *btf__raw_data(const struct btf *btf, __u32 *size);
/* String at offset of the string section (NULL + errno when invalid). */
LIBBPF_API const char *btf__name_by_offset(const struct btf *btf, __u32 offset);
/* Same as btf__name_by_offset(). */
LIBBPF_API const char *btf__str_by_offset(const struct btf *btf, __u32 offset);

/* Parse a .BTF.ext blob (copied). */
LIBBPF_API struct btf_ext *btf_ext__new(const __u8 *data, __u32 size);
/* Release a btf_ext; NULL is a no-op. */
LIBBPF_API void btf_ext__free(struct btf_ext *btf_ext);
/* The .BTF.ext blob in its endianness; owned by btf_ext. */
LIBBPF_API const void *btf_ext__raw_data(const struct btf_ext *btf_ext, __u32 *size);
/* Byte order of the .BTF.ext data. */
LIBBPF_API enum btf_endianness btf_ext__endianness(const struct btf_ext *btf_ext);
/* Byte order btf_ext__raw_data() emits. */
LIBBPF_API int btf_ext__set_endianness(struct btf_ext *btf_ext, enum btf_endianness endian);

/* Offset of string s (base BTF first), or -ENOENT. */
LIBBPF_API int btf__find_str(struct btf *btf, const char *s);
/* Offset of s, adding it (deduplicated) when missing. */
LIBBPF_API int btf__add_str(struct btf *btf, const char *s);
/* Append a copy of src_type (of src_btf), strings re-added, type ids kept. */
LIBBPF_API int btf__add_type(struct btf *btf, const struct btf *src_btf,
			     const struct btf_type *src_type);
/* Append all types of src_btf with strings and type ids remapped; returns
 * the id of the first appended type. */
LIBBPF_API int btf__add_btf(struct btf *btf, const struct btf *src_btf);

/* Each btf__add_<kind>() returns the new type's id or a negative error. */
LIBBPF_API int btf__add_int(struct btf *btf, const char *name, size_t byte_sz, int encoding);
LIBBPF_API int btf__add_float(struct btf *btf, const char *name, size_t byte_sz);
LIBBPF_API int btf__add_ptr(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_array(struct btf *btf, int index_type_id, int elem_type_id,
			      __u32 nr_elems);
/* Struct/union: add the type, then its members with btf__add_field(). */
LIBBPF_API int btf__add_struct(struct btf *btf, const char *name, __u32 sz);
LIBBPF_API int btf__add_union(struct btf *btf, const char *name, __u32 sz);
LIBBPF_API int btf__add_field(struct btf *btf, const char *name, int field_type_id,
			      __u32 bit_offset, __u32 bit_size);
/* Enums: add the type, then its values. */
LIBBPF_API int btf__add_enum(struct btf *btf, const char *name, __u32 bytes_sz);
LIBBPF_API int btf__add_enum_value(struct btf *btf, const char *name, __s64 value);
LIBBPF_API int btf__add_enum64(struct btf *btf, const char *name, __u32 bytes_sz,
			       bool is_signed);
LIBBPF_API int btf__add_enum64_value(struct btf *btf, const char *name, __u64 value);

enum btf_fwd_kind {
	BTF_FWD_STRUCT = 0,
	BTF_FWD_UNION = 1,
	BTF_FWD_ENUM = 2,
};

LIBBPF_API int btf__add_fwd(struct btf *btf, const char *name, enum btf_fwd_kind fwd_kind);
LIBBPF_API int btf__add_typedef(struct btf *btf, const char *name, int ref_type_id);
LIBBPF_API int btf__add_volatile(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_const(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_restrict(struct btf *btf, int ref_type_id);
LIBBPF_API int btf__add_type_tag(struct btf *btf, const char *value, int ref_type_id);
/* TYPE_TAG with kflag set: an __attribute__ rather than a btf_type_tag. */
LIBBPF_API int btf__add_type_attr(struct btf *btf, const char *value, int ref_type_id);

/* Functions: add the FUNC_PROTO, then its parameters, then the FUNC. */
LIBBPF_API int btf__add_func(struct btf *btf, const char *name, enum btf_func_linkage linkage,
			     int proto_type_id);
LIBBPF_API int btf__add_func_proto(struct btf *btf, int ret_type_id);
LIBBPF_API int btf__add_func_param(struct btf *btf, const char *name, int type_id);

/* Variables and data sections: add the DATASEC, then one entry per VAR. */
LIBBPF_API int btf__add_var(struct btf *btf, const char *name, int linkage, int type_id);
LIBBPF_API int btf__add_datasec(struct btf *btf, const char *name, __u32 byte_sz);
LIBBPF_API int btf__add_datasec_var_info(struct btf *btf, int var_type_id, __u32 offset,
					 __u32 byte_sz);

/* DECL_TAG on a type, or on member/parameter component_idx (-1: the type). */
LIBBPF_API int btf__add_decl_tag(struct btf *btf, const char *value, int ref_type_id,
				 int component_idx);
/* DECL_TAG with kflag set: an __attribute__ rather than a btf_decl_tag. */
LIBBPF_API int btf__add_decl_attr(struct btf *btf, const char *value, int ref_type_id,
				  int component_idx);

struct btf_dedup_opts {
	size_t sz;
	/* .BTF.ext whose type ids are rewritten along with the BTF */
	struct btf_ext *btf_ext;
	/* make every hash collide (testing aid) */
	bool force_collisions;
	size_t :0;
};
#define btf_dedup_opts__last_field force_collisions

/* Deduplicate types and strings in place; a FWD with a unique definition
 * becomes that definition. */
LIBBPF_API int btf__dedup(struct btf *btf, const struct btf_dedup_opts *opts);

/* Split src_btf (split BTF) into a minimal "distilled" base (INT/FLOAT
 * whole, named STRUCT/UNION/ENUM/ENUM64 as empty types of the same size,
 * named FWDs) and a split BTF on it holding src's types plus the other base
 * types they reach. Both must be freed by the caller. */
LIBBPF_API int btf__distill_base(const struct btf *src_btf, struct btf **new_base_btf,
				 struct btf **new_split_btf);

/* Re-point a split BTF built on a distilled base at base_btf: each
 * distilled type is matched by kind, name and (when held by value) size;
 * btf is then re-numbered onto base_btf. -EINVAL if a type has no match. */
LIBBPF_API int btf__relocate(struct btf *btf, const struct btf *base_btf);

struct btf_permute_opts {
	size_t sz;
	/* .BTF.ext whose type ids are rewritten along with the BTF */
	struct btf_ext *btf_ext;
	size_t :0;
};
#define btf_permute_opts__last_field btf_ext

/* Reorder own types: id_map[old_id - start_id] = new id (id_map_cnt equal
 * to the number of own types; a base BTF may also pass id_map[0] == 0 for
 * void, then id_map[old_id]). Type references and opts->btf_ext follow. */
LIBBPF_API int btf__permute(struct btf *btf, __u32 *id_map, __u32 id_map_cnt,
			    const struct btf_permute_opts *opts);

struct btf_dump;

struct btf_dump_opts {
	size_t sz;
};
#define btf_dump_opts__last_field sz

typedef void (*btf_dump_printf_fn_t)(void *ctx, const char *fmt, va_list args);

/* A C-syntax dumper of btf's types writing through printf_fn. */
LIBBPF_API struct btf_dump *btf_dump__new(const struct btf *btf, btf_dump_printf_fn_t printf_fn,
					  void *ctx, const struct btf_dump_opts *opts);
LIBBPF_API void btf_dump__free(struct btf_dump *d);
/* Emit the C definition of type id and everything it depends on. */
LIBBPF_API int btf_dump__dump_type(struct btf_dump *d, __u32 id);

struct btf_dump_emit_type_decl_opts {
	size_t sz;
	/* declare a field/variable of this name (may be NULL) */
	const char *field_name;
	/* extra tabs before multi-line parts */
	int indent_level;
	/* drop const/volatile/restrict */
	bool strip_mods;
	size_t :0;
};
#define btf_dump_emit_type_decl_opts__last_field strip_mods

/* Emit a declaration of type id (without a trailing ';'). */
LIBBPF_API int btf_dump__emit_type_decl(struct btf_dump *d, __u32 id,
					const struct btf_dump_emit_type_decl_opts *opts);

struct btf_dump_type_data_opts {
	size_t sz;
	const char *indent_str;
	int indent_level;
	bool compact;     /* single line */
	bool skip_names;  /* leave out member and type names */
	bool emit_zeroes; /* also print zero-valued members */
	size_t :0;
};
#define btf_dump_type_data_opts__last_field emit_zeroes

/* Pretty-print data_sz bytes of data as a value of type id. */
LIBBPF_API int btf_dump__dump_type_data(struct btf_dump *d, __u32 id, const void *data,
					size_t data_sz,
					const struct btf_dump_type_data_opts *opts);

/* Kinds newer than some uapi headers; the kernel's enum never #defines them. */
#ifndef BTF_KIND_FUNC
#define BTF_KIND_FUNC 12
#define BTF_KIND_FUNC_PROTO 13
#endif
#ifndef BTF_KIND_VAR
#define BTF_KIND_VAR 14
#define BTF_KIND_DATASEC 15
#endif
#ifndef BTF_KIND_FLOAT
#define BTF_KIND_FLOAT 16
#endif
#define BTF_KIND_DECL_TAG 17
#define BTF_KIND_TYPE_TAG 18
#define BTF_KIND_ENUM64 19

static inline __u16 btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline __u16 btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

static inline bool btf_is_void(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_UNKN;
}

static inline bool btf_is_int(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_INT;
}

static inline bool btf_is_ptr(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_PTR;
}

static inline bool btf_is_array(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ARRAY;
}

static inline bool btf_is_struct(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_STRUCT;
}

static inline bool btf_is_union(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_UNION;
}

static inline bool btf_is_composite(const struct btf_type *t)
{
	return btf_is_struct(t) || btf_is_union(t);
}

static inline bool btf_is_enum(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ENUM;
}

static inline bool btf_is_enum64(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ENUM64;
}

static inline bool btf_is_fwd(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FWD;
}

static inline bool btf_is_typedef(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_TYPEDEF;
}

static inline bool btf_is_volatile(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_VOLATILE;
}

static inline bool btf_is_const(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_CONST;
}

static inline bool btf_is_restrict(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_RESTRICT;
}

static inline bool btf_is_mod(const struct btf_type *t)
{
	__u16 k = btf_kind(t);

	return k == BTF_KIND_VOLATILE || k == BTF_KIND_CONST || k == BTF_KIND_RESTRICT ||
	       k == BTF_KIND_TYPE_TAG;
}

static inline bool btf_is_func(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FUNC;
}

static inline bool btf_is_func_proto(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FUNC_PROTO;
}

static inline bool btf_is_var(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_VAR;
}

static inline bool btf_is_datasec(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_DATASEC;
}

static inline bool btf_is_float(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FLOAT;
}

static inline bool btf_is_decl_tag(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_DECL_TAG;
}

static inline bool btf_is_type_tag(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_TYPE_TAG;
}

static inline bool btf_is_any_enum(const struct btf_type *t)
{
	return btf_is_enum(t) || btf_is_enum64(t);
}

/* Kinds CO-RE treats as matching: equal, or both 32/64-bit enums. */
static inline bool btf_kind_core_compat(const struct btf_type *t1, const struct btf_type *t2)
{
	return btf_kind(t1) == btf_kind(t2) || (btf_is_any_enum(t1) && btf_is_any_enum(t2));
}

static inline __u8 btf_int_encoding(const struct btf_type *t)
{
	return BTF_INT_ENCODING(*(const __u32 *)(t + 1));
}

static inline __u8 btf_int_offset(const struct btf_type *t)
{
	return BTF_INT_OFFSET(*(const __u32 *)(t + 1));
}

static inline __u8 btf_int_bits(const struct btf_type *t)
{
	return BTF_INT_BITS(*(const __u32 *)(t + 1));
}

static inline struct btf_array *btf_array(const struct btf_type *t)
{
	return (struct btf_array *)(t + 1);
}

static inline struct btf_enum *btf_enum(const struct btf_type *t)
{
	return (struct btf_enum *)(t + 1);
}

struct btf_enum64;

static inline struct btf_enum64 *btf_enum64(const struct btf_type *t)
{
	return (struct btf_enum64 *)(t + 1);
}

/* Read as three u32 words so this works with pre-6.0 uapi headers that lack
 * struct btf_enum64: name_off, val_lo32, val_hi32. */
static inline __u64 btf_enum64_value(const struct btf_enum64 *e)
{
	const __u32 *w = (const __u32 *)e;

	return ((__u64)w[2] << 32) | w[1];
}

static inline struct btf_member *btf_members(const struct btf_type *t)
{
	return (struct btf_member *)(t + 1);
}

/* Bit offset of member member_idx (kflag packs the bitfield size on top). */
static inline __u32 btf_member_bit_offset(const struct btf_type *t, __u32 member_idx)
{
	const struct btf_member *m = btf_members(t) + member_idx;

	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

/* Bitfield size of member member_idx; 0 for a regular member (or without
 * kflag, where the int type itself carries the bit count). */
static inline __u32 btf_member_bitfield_size(const struct btf_type *t, __u32 member_idx)
{
	const struct btf_member *m = btf_members(t) + member_idx;

	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

static inline struct btf_param *btf_params(const struct btf_type *t)
{
	return (struct btf_param *)(t + 1);
}

static inline struct btf_var *btf_var(const struct btf_type *t)
{
	return (struct btf_var *)(t + 1);
}

static inline struct btf_var_secinfo *btf_var_secinfos(const struct btf_type *t)
{
	return (struct btf_var_secinfo *)(t + 1);
}

struct btf_decl_tag;

static inline struct btf_decl_tag *btf_decl_tag(const struct btf_type *t)
{
	return (struct btf_decl_tag *)(t + 1);
}

#ifdef __cplusplus
}
#endif

#endif
