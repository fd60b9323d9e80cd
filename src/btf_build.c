// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF construction: the btf__add_*() family, string deduplication and
 * copying types between BTF objects.
 */
#include <limits.h>
#include <stdlib.h>

#include "btf_internal.h"

/* ---- making a parsed BTF writable ---- */

int btf_make_writable(struct btf *btf)
{
	size_t tcap = max((size_t)btf->hdr.type_len, (size_t)64);
	size_t scap = max((size_t)btf->hdr.str_len, (size_t)64);
	void *types;
	char *strs;

	btf_invalidate_raw(btf);
	if (btf->types_cap)
		return 0;
	types = malloc(tcap);
	strs = malloc(scap);
	if (!types || !strs) {
		free(types);
		free(strs);
		return -ENOMEM;
	}
	memcpy(types, btf->types, btf->hdr.type_len);
	memcpy(strs, btf->strs, btf->hdr.str_len);
	btf->types = types;
	btf->types_cap = tcap;
	btf->strs = strs;
	btf->strs_cap = scap;
	/* The blob is no longer referenced. */
	btf_release_blob(btf);
	return 0;
}

int btf_types_mutable(struct btf *btf)
{
	btf_invalidate_raw(btf);
	if (btf->types_cap || (btf->blob && !btf->blob_mmaped))
		return 0;
	return btf_make_writable(btf);
}

/* ---- string set ---- */

void btf_str_set_free(struct btf *btf)
{
	free(btf->str_set.slots);
	memset(&btf->str_set, 0, sizeof(btf->str_set));
	btf->str_set_ready = false;
}

/* Slot of string s (relative offset + 1) or of the empty slot where it
 * would go. */
static __u32 *str_set_slot(const struct btf *btf, const char *s, __u32 hash)
{
	const struct btf_str_set *set = &btf->str_set;
	__u32 i = hash & (set->cap - 1);

	for (;; i = (i + 1) & (set->cap - 1)) {
		__u32 v = set->slots[i];

		if (!v || !strcmp(btf->strs + v - 1, s))
			return &set->slots[i];
	}
}

static int str_set_grow(struct btf *btf)
{
	struct btf_str_set old = btf->str_set;
	__u32 i, cap = old.cap ? old.cap * 2 : 256;

	if (cap > (1u << 30))
		return -E2BIG;
	btf->str_set.slots = calloc(cap, sizeof(__u32));
	if (!btf->str_set.slots) {
		btf->str_set = old;
		return -ENOMEM;
	}
	btf->str_set.cap = cap;
	for (i = 0; i < old.cap; i++) {
		__u32 v = old.slots[i];

		if (v)
			*str_set_slot(btf, btf->strs + v - 1, btf_str_hash(btf->strs + v - 1)) = v;
	}
	free(old.slots);
	return 0;
}

static int str_set_insert(struct btf *btf, __u32 rel_off)
{
	const char *s = btf->strs + rel_off;
	__u32 *slot;
	int err;

	if ((btf->str_set.cnt + 1) * 2 > btf->str_set.cap) {
		err = str_set_grow(btf);
		if (err)
			return err;
	}
	slot = str_set_slot(btf, s, btf_str_hash(s));
	if (!*slot) {
		*slot = rel_off + 1;
		btf->str_set.cnt++;
	}
	return 0;
}

/* Index every string already in the section (first copy wins). */
static int str_set_init(struct btf *btf)
{
	__u32 off = 0;
	int err;

	if (btf->str_set_ready)
		return 0;
	while (off < btf->hdr.str_len) {
		err = str_set_insert(btf, off);
		if (err) {
			btf_str_set_free(btf);
			return err;
		}
		off += strlen(btf->strs + off) + 1;
	}
	btf->str_set_ready = true;
	return 0;
}

LIBBPF_API int btf__find_str(struct btf *btf, const char *s)
{
	__u32 *slot;
	int err;

	if (!s)
		return libbpf_err(-EINVAL);
	if (btf->base) {
		int off = btf__find_str(btf->base, s);

		if (off >= 0)
			return off;
	}
	err = str_set_init(btf);
	if (err)
		return libbpf_err(err);
	if (!btf->str_set.cap)
		return libbpf_err(-ENOENT);
	slot = str_set_slot(btf, s, btf_str_hash(s));
	if (!*slot)
		return libbpf_err(-ENOENT);
	return btf->start_str_off + *slot - 1;
}

LIBBPF_API int btf__add_str(struct btf *btf, const char *s)
{
	size_t len, cap;
	__u32 rel;
	int off, err;

	if (!s)
		return libbpf_err(-EINVAL);
	off = btf__find_str(btf, s);
	if (off >= 0)
		return off;
	if (off != -ENOENT)
		return off;
	err = btf_make_writable(btf);
	if (err)
		return libbpf_err(err);
	len = strlen(s) + 1;
	if ((__u64)btf->start_str_off + btf->hdr.str_len + len > BTF_MAX_STR_OFFSET) {
		pr_warn("BTF: string section full\n");
		return libbpf_err(-E2BIG);
	}
	cap = btf->strs_cap;
	err = libbpf_ensure_mem((void **)&btf->strs, &cap, 1, btf->hdr.str_len + len);
	if (err)
		return libbpf_err(err);
	btf->strs_cap = cap;
	rel = btf->hdr.str_len;
	memcpy(btf->strs + rel, s, len);
	btf->hdr.str_len += len;
	err = str_set_insert(btf, rel);
	if (err) {
		btf->hdr.str_len = rel;
		return libbpf_err(err);
	}
	return btf->start_str_off + rel;
}

/* ---- appending type records ---- */

/* Room for a record of size bytes at the end of the type section. */
static void *btf_reserve(struct btf *btf, size_t size)
{
	size_t cap = btf->types_cap, ocap = btf->type_offs_cap;

	if (btf_make_writable(btf))
		return NULL;
	cap = btf->types_cap;
	if ((__u64)btf->hdr.type_len + size > UINT32_MAX)
		return NULL;
	if (libbpf_ensure_mem(&btf->types, &cap, 1, btf->hdr.type_len + size))
		return NULL;
	btf->types_cap = cap;
	if (libbpf_ensure_mem((void **)&btf->type_offs, &ocap, sizeof(__u32), btf->nr_types + 1))
		return NULL;
	btf->type_offs_cap = ocap;
	return (char *)btf->types + btf->hdr.type_len;
}

/* Make the record written at the end of the type section the next type. */
static int btf_commit(struct btf *btf, size_t size)
{
	__u32 id = btf->start_id + btf->nr_types;

	btf->type_offs[btf->nr_types++] = btf->hdr.type_len;
	btf->hdr.type_len += size;
	btf_names_add(btf, id);
	btf_invalidate_raw(btf);
	return id;
}

static int check_room(const struct btf *btf)
{
	if (btf->start_id + btf->nr_types >= BTF_MAX_NR_TYPES) {
		pr_warn("BTF: too many types\n");
		return -E2BIG;
	}
	return 0;
}

static int validate_type_id(int id)
{
	if (id < 0 || (__u32)id > BTF_MAX_NR_TYPES) {
		pr_warn("BTF: invalid type id %d\n", id);
		return -EINVAL;
	}
	return 0;
}

/* Offset of an optional name: 0 for NULL or "". */
static int opt_name(struct btf *btf, const char *name)
{
	return name && *name ? btf__add_str(btf, name) : 0;
}

static bool name_missing(const char *name, const char *what)
{
	if (name && *name)
		return false;
	pr_warn("BTF: %s needs a non-empty name\n", what);
	return true;
}

/* A record with a type header and extra payload bytes (zeroed). */
static int add_simple(struct btf *btf, int name_off, __u32 info, __u32 size_or_type,
		      const void *extra, size_t extra_sz)
{
	struct btf_type *t;
	int err;

	if (name_off < 0)
		return libbpf_err(name_off);
	err = check_room(btf);
	if (err)
		return libbpf_err(err);
	t = btf_reserve(btf, sizeof(*t) + extra_sz);
	if (!t)
		return libbpf_err(-ENOMEM);
	t->name_off = name_off;
	t->info = info;
	t->size = size_or_type;
	if (extra_sz)
		memcpy(t + 1, extra, extra_sz);
	return btf_commit(btf, sizeof(*t) + extra_sz);
}

LIBBPF_API int btf__add_int(struct btf *btf, const char *name, size_t byte_sz, int encoding)
{
	__u32 data;

	if (name_missing(name, "INT"))
		return libbpf_err(-EINVAL);
	if (byte_sz != 1 && byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 16) {
		pr_warn("BTF: INT '%s': invalid size %zu\n", name, byte_sz);
		return libbpf_err(-EINVAL);
	}
	if (encoding && encoding != BTF_INT_SIGNED && encoding != BTF_INT_CHAR &&
	    encoding != BTF_INT_BOOL) {
		pr_warn("BTF: INT '%s': invalid encoding %d\n", name, encoding);
		return libbpf_err(-EINVAL);
	}
	data = ((__u32)encoding << 24) | (byte_sz * 8);
	return add_simple(btf, btf__add_str(btf, name), btf_info_enc(BTF_KIND_INT, 0, 0),
			  byte_sz, &data, sizeof(data));
}

LIBBPF_API int btf__add_float(struct btf *btf, const char *name, size_t byte_sz)
{
	if (name_missing(name, "FLOAT"))
		return libbpf_err(-EINVAL);
	if (byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 12 && byte_sz != 16) {
		pr_warn("BTF: FLOAT '%s': invalid size %zu\n", name, byte_sz);
		return libbpf_err(-EINVAL);
	}
	return add_simple(btf, btf__add_str(btf, name), btf_info_enc(BTF_KIND_FLOAT, 0, 0),
			  byte_sz, NULL, 0);
}

static int add_ref(struct btf *btf, __u32 kind, const char *name, int ref, bool kflag)
{
	if (validate_type_id(ref))
		return libbpf_err(-EINVAL);
	return add_simple(btf, opt_name(btf, name), btf_info_enc(kind, kflag, 0), ref, NULL, 0);
}

LIBBPF_API int btf__add_ptr(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_PTR, NULL, ref_type_id, false);
}

LIBBPF_API int btf__add_volatile(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_VOLATILE, NULL, ref_type_id, false);
}

LIBBPF_API int btf__add_const(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_CONST, NULL, ref_type_id, false);
}

LIBBPF_API int btf__add_restrict(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_RESTRICT, NULL, ref_type_id, false);
}

LIBBPF_API int btf__add_typedef(struct btf *btf, const char *name, int ref_type_id)
{
	if (name_missing(name, "TYPEDEF"))
		return libbpf_err(-EINVAL);
	return add_ref(btf, BTF_KIND_TYPEDEF, name, ref_type_id, false);
}

LIBBPF_API int btf__add_type_tag(struct btf *btf, const char *value, int ref_type_id)
{
	if (name_missing(value, "TYPE_TAG"))
		return libbpf_err(-EINVAL);
	return add_ref(btf, BTF_KIND_TYPE_TAG, value, ref_type_id, false);
}

LIBBPF_API int btf__add_type_attr(struct btf *btf, const char *value, int ref_type_id)
{
	if (name_missing(value, "TYPE_TAG"))
		return libbpf_err(-EINVAL);
	return add_ref(btf, BTF_KIND_TYPE_TAG, value, ref_type_id, true);
}

LIBBPF_API int btf__add_array(struct btf *btf, int index_type_id, int elem_type_id,
			      __u32 nr_elems)
{
	struct btf_array a = { .type = elem_type_id, .index_type = index_type_id,
			       .nelems = nr_elems };

	if (validate_type_id(index_type_id) || validate_type_id(elem_type_id))
		return libbpf_err(-EINVAL);
	return add_simple(btf, 0, btf_info_enc(BTF_KIND_ARRAY, 0, 0), 0, &a, sizeof(a));
}

LIBBPF_API int btf__add_struct(struct btf *btf, const char *name, __u32 sz)
{
	return add_simple(btf, opt_name(btf, name), btf_info_enc(BTF_KIND_STRUCT, 0, 0), sz,
			  NULL, 0);
}

LIBBPF_API int btf__add_union(struct btf *btf, const char *name, __u32 sz)
{
	return add_simple(btf, opt_name(btf, name), btf_info_enc(BTF_KIND_UNION, 0, 0), sz,
			  NULL, 0);
}

/* The last type of btf if it has the given kind (kind2 as alternative). */
static struct btf_type *last_of_kind(struct btf *btf, __u32 kind, __u32 kind2)
{
	struct btf_type *t;

	if (!btf->nr_types)
		return NULL;
	t = btf_own_type(btf, btf->start_id + btf->nr_types - 1);
	if (btf_kind(t) != kind && btf_kind(t) != kind2)
		return NULL;
	return t;
}

/* Append one vlen entry to the last type (which must be of kind/kind2). */
static int add_entry(struct btf *btf, __u32 kind, __u32 kind2, int name_off, const void *entry,
		     size_t size, bool set_kflag)
{
	struct btf_type *t;
	void *p;

	if (name_off < 0)
		return libbpf_err(name_off);
	t = last_of_kind(btf, kind, kind2);
	if (!t || btf_vlen(t) == BTF_MAX_VLEN)
		return libbpf_err(t ? -E2BIG : -EINVAL);
	p = btf_reserve(btf, size);
	if (!p)
		return libbpf_err(-ENOMEM);
	memcpy(p, entry, size);
	if (name_off)
		memcpy(p, &name_off, sizeof(__u32));
	btf->hdr.type_len += size;
	/* btf_reserve() may have moved the section. */
	t = btf_own_type(btf, btf->start_id + btf->nr_types - 1);
	t->info = btf_info_enc(btf_kind(t), btf_kflag(t) || set_kflag, btf_vlen(t) + 1);
	return 0;
}

LIBBPF_API int btf__add_field(struct btf *btf, const char *name, int field_type_id,
			      __u32 bit_offset, __u32 bit_size)
{
	struct btf_member m = { .type = field_type_id };
	struct btf_type *t = last_of_kind(btf, BTF_KIND_STRUCT, BTF_KIND_UNION);
	bool bitfield = bit_size || bit_offset % 8;

	if (!t) {
		pr_warn("BTF: add_field: last type is not a struct/union\n");
		return libbpf_err(-EINVAL);
	}
	if (validate_type_id(field_type_id))
		return libbpf_err(-EINVAL);
	if (bitfield && (!bit_size || bit_size > 255 || bit_offset > 0xffffff)) {
		pr_warn("BTF: add_field: invalid bitfield offset %u size %u\n", bit_offset,
			bit_size);
		return libbpf_err(-EINVAL);
	}
	if (btf_is_union(t) && bit_offset) {
		pr_warn("BTF: add_field: union member at non-zero offset %u\n", bit_offset);
		return libbpf_err(-EINVAL);
	}
	m.offset = bit_offset | (bit_size << 24);
	return add_entry(btf, BTF_KIND_STRUCT, BTF_KIND_UNION, opt_name(btf, name), &m,
			 sizeof(m), bitfield);
}

static bool enum_size_ok(__u32 sz)
{
	return sz == 1 || sz == 2 || sz == 4 || sz == 8;
}

LIBBPF_API int btf__add_enum(struct btf *btf, const char *name, __u32 bytes_sz)
{
	if (!enum_size_ok(bytes_sz)) {
		pr_warn("BTF: ENUM: invalid size %u\n", bytes_sz);
		return libbpf_err(-EINVAL);
	}
	return add_simple(btf, opt_name(btf, name), btf_info_enc(BTF_KIND_ENUM, 0, 0), bytes_sz,
			  NULL, 0);
}

LIBBPF_API int btf__add_enum_value(struct btf *btf, const char *name, __s64 value)
{
	struct btf_enum e = { .val = (__s32)value };

	if (!last_of_kind(btf, BTF_KIND_ENUM, BTF_KIND_ENUM)) {
		pr_warn("BTF: add_enum_value: last type is not an enum\n");
		return libbpf_err(-EINVAL);
	}
	if (name_missing(name, "enum value"))
		return libbpf_err(-EINVAL);
	if (value < INT_MIN || value > UINT_MAX) {
		pr_warn("BTF: enum value %lld of '%s' does not fit 32 bits\n", (long long)value,
			name);
		return libbpf_err(-E2BIG);
	}
	return add_entry(btf, BTF_KIND_ENUM, BTF_KIND_ENUM, btf__add_str(btf, name), &e,
			 sizeof(e), value < 0);
}

LIBBPF_API int btf__add_enum64(struct btf *btf, const char *name, __u32 bytes_sz,
			       bool is_signed)
{
	if (!enum_size_ok(bytes_sz)) {
		pr_warn("BTF: ENUM64: invalid size %u\n", bytes_sz);
		return libbpf_err(-EINVAL);
	}
	return add_simple(btf, opt_name(btf, name), btf_info_enc(BTF_KIND_ENUM64, is_signed, 0),
			  bytes_sz, NULL, 0);
}

LIBBPF_API int btf__add_enum64_value(struct btf *btf, const char *name, __u64 value)
{
	__u32 e[3] = { 0, (__u32)value, (__u32)(value >> 32) };

	if (!last_of_kind(btf, BTF_KIND_ENUM64, BTF_KIND_ENUM64)) {
		pr_warn("BTF: add_enum64_value: last type is not an enum64\n");
		return libbpf_err(-EINVAL);
	}
	if (name_missing(name, "enum64 value"))
		return libbpf_err(-EINVAL);
	return add_entry(btf, BTF_KIND_ENUM64, BTF_KIND_ENUM64, btf__add_str(btf, name), e,
			 sizeof(e), false);
}

LIBBPF_API int btf__add_fwd(struct btf *btf, const char *name, enum btf_fwd_kind fwd_kind)
{
	if (name_missing(name, "FWD"))
		return libbpf_err(-EINVAL);
	switch (fwd_kind) {
	case BTF_FWD_STRUCT:
	case BTF_FWD_UNION:
		return add_simple(btf, btf__add_str(btf, name),
				  btf_info_enc(BTF_KIND_FWD, fwd_kind == BTF_FWD_UNION, 0), 0,
				  NULL, 0);
	case BTF_FWD_ENUM:
		/* An enum forward declaration is an enum without values. */
		return btf__add_enum(btf, name, sizeof(int));
	default:
		pr_warn("BTF: FWD '%s': invalid kind %d\n", name, fwd_kind);
		return libbpf_err(-EINVAL);
	}
}

LIBBPF_API int btf__add_func(struct btf *btf, const char *name, enum btf_func_linkage linkage,
			     int proto_type_id)
{
	if (name_missing(name, "FUNC"))
		return libbpf_err(-EINVAL);
	if (linkage != BTF_FUNC_STATIC && linkage != BTF_FUNC_GLOBAL &&
	    linkage != BTF_FUNC_EXTERN) {
		pr_warn("BTF: FUNC '%s': invalid linkage %d\n", name, linkage);
		return libbpf_err(-EINVAL);
	}
	if (validate_type_id(proto_type_id))
		return libbpf_err(-EINVAL);
	return add_simple(btf, btf__add_str(btf, name), btf_info_enc(BTF_KIND_FUNC, 0, linkage),
			  proto_type_id, NULL, 0);
}

LIBBPF_API int btf__add_func_proto(struct btf *btf, int ret_type_id)
{
	return add_ref(btf, BTF_KIND_FUNC_PROTO, NULL, ret_type_id, false);
}

LIBBPF_API int btf__add_func_param(struct btf *btf, const char *name, int type_id)
{
	struct btf_param p = { .type = type_id };

	if (!last_of_kind(btf, BTF_KIND_FUNC_PROTO, BTF_KIND_FUNC_PROTO)) {
		pr_warn("BTF: add_func_param: last type is not a func_proto\n");
		return libbpf_err(-EINVAL);
	}
	if (validate_type_id(type_id))
		return libbpf_err(-EINVAL);
	return add_entry(btf, BTF_KIND_FUNC_PROTO, BTF_KIND_FUNC_PROTO, opt_name(btf, name), &p,
			 sizeof(p), false);
}

LIBBPF_API int btf__add_var(struct btf *btf, const char *name, int linkage, int type_id)
{
	struct btf_var v = { .linkage = linkage };

	if (name_missing(name, "VAR"))
		return libbpf_err(-EINVAL);
	if (linkage != BTF_VAR_STATIC && linkage != BTF_VAR_GLOBAL_ALLOCATED &&
	    linkage != BTF_VAR_GLOBAL_EXTERN) {
		pr_warn("BTF: VAR '%s': invalid linkage %d\n", name, linkage);
		return libbpf_err(-EINVAL);
	}
	if (validate_type_id(type_id))
		return libbpf_err(-EINVAL);
	return add_simple(btf, btf__add_str(btf, name), btf_info_enc(BTF_KIND_VAR, 0, 0),
			  type_id, &v, sizeof(v));
}

LIBBPF_API int btf__add_datasec(struct btf *btf, const char *name, __u32 byte_sz)
{
	if (name_missing(name, "DATASEC"))
		return libbpf_err(-EINVAL);
	return add_simple(btf, btf__add_str(btf, name), btf_info_enc(BTF_KIND_DATASEC, 0, 0),
			  byte_sz, NULL, 0);
}

LIBBPF_API int btf__add_datasec_var_info(struct btf *btf, int var_type_id, __u32 offset,
					 __u32 byte_sz)
{
	struct btf_var_secinfo v = { .type = var_type_id, .offset = offset, .size = byte_sz };

	if (!last_of_kind(btf, BTF_KIND_DATASEC, BTF_KIND_DATASEC)) {
		pr_warn("BTF: add_datasec_var_info: last type is not a datasec\n");
		return libbpf_err(-EINVAL);
	}
	if (validate_type_id(var_type_id))
		return libbpf_err(-EINVAL);
	/* secinfo has no name: add_entry() must not overwrite type. */
	return add_entry(btf, BTF_KIND_DATASEC, BTF_KIND_DATASEC, 0, &v, sizeof(v), false);
}

static int add_decl_tag(struct btf *btf, const char *value, int ref_type_id,
			int component_idx, bool kflag)
{
	struct btf_decl_tag d = { .component_idx = component_idx };

	if (name_missing(value, "DECL_TAG"))
		return libbpf_err(-EINVAL);
	if (component_idx < -1) {
		pr_warn("BTF: DECL_TAG '%s': invalid component index %d\n", value, component_idx);
		return libbpf_err(-EINVAL);
	}
	if (validate_type_id(ref_type_id))
		return libbpf_err(-EINVAL);
	return add_simple(btf, btf__add_str(btf, value), btf_info_enc(BTF_KIND_DECL_TAG, kflag, 0),
			  ref_type_id, &d, sizeof(d));
}

LIBBPF_API int btf__add_decl_tag(struct btf *btf, const char *value, int ref_type_id,
				 int component_idx)
{
	return add_decl_tag(btf, value, ref_type_id, component_idx, false);
}

LIBBPF_API int btf__add_decl_attr(struct btf *btf, const char *value, int ref_type_id,
				  int component_idx)
{
	return add_decl_tag(btf, value, ref_type_id, component_idx, true);
}

/* ---- copying types ---- */

/* Call fn on every string offset field of record t. */
static int visit_str_offs(struct btf_type *t, int (*fn)(__u32 *off, void *ctx), void *ctx)
{
	__u32 *w = (__u32 *)(t + 1);
	int i, vlen = btf_vlen(t), stride = 0, err;

	err = fn(&t->name_off, ctx);
	if (err)
		return err;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM64:
		stride = 3;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		stride = 2;
		break;
	default:
		return 0;
	}
	for (i = 0; i < vlen; i++, w += stride) {
		err = fn(&w[0], ctx);
		if (err)
			return err;
	}
	return 0;
}

/* Call fn on every type id field of record t. */
int btf_visit_type_ids(struct btf_type *t, int (*fn)(__u32 *id, void *ctx), void *ctx)
{
	int i, vlen = btf_vlen(t), err = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return fn(&t->type, ctx);
	case BTF_KIND_ARRAY:
		err = fn(&btf_array(t)->type, ctx);
		return err ? err : fn(&btf_array(t)->index_type, ctx);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < vlen && !err; i++)
			err = fn(&btf_members(t)[i].type, ctx);
		return err;
	case BTF_KIND_FUNC_PROTO:
		err = fn(&t->type, ctx);
		for (i = 0; i < vlen && !err; i++)
			err = fn(&btf_params(t)[i].type, ctx);
		return err;
	case BTF_KIND_DATASEC:
		for (i = 0; i < vlen && !err; i++)
			err = fn(&btf_var_secinfos(t)[i].type, ctx);
		return err;
	default:
		return 0;
	}
}

struct copy_ctx {
	struct btf *dst;
	const struct btf *src;
	__u32 src_start;  /* first own id of src */
	__u32 dst_start;  /* id the first copied type gets */
};

static int remap_str(__u32 *off, void *arg)
{
	struct copy_ctx *c = arg;
	const char *s;
	int r;

	if (!*off)
		return 0;
	s = btf__str_by_offset(c->src, *off);
	if (!s)
		return -EINVAL;
	r = btf__add_str(c->dst, s);
	if (r < 0)
		return r;
	*off = r;
	return 0;
}

static int remap_id(__u32 *id, void *arg)
{
	struct copy_ctx *c = arg;

	/* void and ids of src's base are shared with dst's base */
	if (*id >= c->src_start)
		*id = *id - c->src_start + c->dst_start;
	return 0;
}

/* Append a private copy of record src_t, its strings re-added to dst. */
static int copy_type(struct copy_ctx *c, const struct btf_type *src_t, bool remap_ids)
{
	int size = btf_type_rec_size(src_t), err;
	struct btf_type *tmp;
	void *p;

	if (size < 0)
		return -EINVAL;
	err = check_room(c->dst);
	if (err)
		return err;
	/* Copy first: src_t may live in dst's own (movable) section. */
	tmp = malloc(size);
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, src_t, size);
	err = visit_str_offs(tmp, remap_str, c);
	if (!err && remap_ids)
		err = btf_visit_type_ids(tmp, remap_id, c);
	if (err) {
		free(tmp);
		return err;
	}
	p = btf_reserve(c->dst, size);
	if (!p) {
		free(tmp);
		return -ENOMEM;
	}
	memcpy(p, tmp, size);
	free(tmp);
	return btf_commit(c->dst, size);
}

LIBBPF_API int btf__add_type(struct btf *btf, const struct btf *src_btf,
			     const struct btf_type *src_type)
{
	struct copy_ctx c = { .dst = btf, .src = src_btf };
	int r;

	if (!src_btf || !src_type)
		return libbpf_err(-EINVAL);
	r = copy_type(&c, src_type, false);
	if (r < 0)
		pr_warn("BTF: add_type: can't copy type: %s\n", errstr(r));
	return libbpf_err(r);
}

LIBBPF_API int btf__add_btf(struct btf *btf, const struct btf *src_btf)
{
	struct copy_ctx c = { .dst = btf, .src = src_btf };
	__u32 old_len = btf->hdr.type_len, old_nr = btf->nr_types, i, n;
	int r = 0;

	if (!src_btf)
		return libbpf_err(-EINVAL);
	/* Snapshot the count: src may be btf itself. */
	n = src_btf->nr_types;
	c.src_start = src_btf->start_id;
	c.dst_start = btf__type_cnt(btf);
	for (i = 0; i < n; i++) {
		r = copy_type(&c, btf_own_type(src_btf, src_btf->start_id + i), true);
		if (r < 0)
			break;
	}
	if (r < 0) {
		/* Drop the partial copy (strings added on the way stay). */
		btf->hdr.type_len = old_len;
		btf->nr_types = old_nr;
		btf_names_free(btf);
		btf_invalidate_raw(btf);
		pr_warn("BTF: add_btf: failed to copy type %u: %s\n", c.src_start + i, errstr(r));
		return libbpf_err(r);
	}
	return c.dst_start;
}

void btf_take_over(struct btf *dst, struct btf *src)
{
	/* Release everything dst owns except its identity (base, fd,
	 * endianness, pointer size), then move src's sections in. */
	if (dst->types_cap)
		free(dst->types);
	if (dst->strs_cap)
		free(dst->strs);
	btf_release_blob(dst);
	free(dst->type_offs);
	btf_invalidate_raw(dst);
	btf_names_free(dst);
	btf_str_set_free(dst);

	dst->hdr = src->hdr;
	dst->types = src->types;
	dst->types_cap = src->types_cap;
	dst->strs = src->strs;
	dst->strs_cap = src->strs_cap;
	dst->type_offs = src->type_offs;
	dst->type_offs_cap = src->type_offs_cap;
	dst->nr_types = src->nr_types;
	dst->str_set = src->str_set;
	dst->str_set_ready = src->str_set_ready;

	src->types = NULL;
	src->types_cap = 0;
	src->strs = NULL;
	src->strs_cap = 0;
	src->type_offs = NULL;
	memset(&src->str_set, 0, sizeof(src->str_set));
	btf__free(src);
}
