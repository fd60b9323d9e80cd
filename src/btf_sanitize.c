// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF for older kernels (pure: never calls bpf()). Each kind the kernel
 * does not know is rewritten in place into an older kind whose record has
 * exactly the same size, so every type id (map key/value ids, func_info,
 * line_info, CO-RE) keeps pointing at the same position:
 *
 *   VAR        -> INT of 1 byte (keeps the name)       needs DATASEC
 *   DATASEC    -> STRUCT, one member per variable       needs DATASEC
 *   "?.name"   -> "_.name" DATASEC                      needs QMARK_DATASEC
 *   FUNC_PROTO -> ENUM of 4 bytes, one value per param  needs FUNC
 *                 (value = param type, unnamed params named "_")
 *   FUNC       -> TYPEDEF of its proto                  needs FUNC
 *   global FUNC -> static FUNC                          needs GLOBAL_FUNC
 *   FLOAT      -> anonymous empty STRUCT of its size    needs FLOAT
 *   DECL_TAG   -> anonymous 1-byte INT                  needs DECL_TAG
 *                 (also when its VAR / FUNC target loses its kind)
 *   TYPE_TAG   -> anonymous CONST of the same target    needs TYPE_TAG
 *   ENUM64     -> UNION of 1-byte INT members           needs ENUM64
 *   signed ENUM (kflag) -> plain ENUM                   needs ENUM64
 *
 * The only addition is the 1-byte INT the ENUM64 unions point at, appended
 * after the last original type.
 */
#include <stdlib.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "libbpf_internal.h"
#include "btf_internal.h"
#include "features.h"

#ifndef BTF_KIND_ENUM64
#define BTF_KIND_ENUM64 19
#endif

#define HAS(feats, f) (!!((feats) & FEAT_BIT(f)))

/* A tag survives only while its target keeps a kind that takes it: a VAR
 * turned INT takes none, a FUNC turned TYPEDEF has no parameters. */
static bool tag_loses_target(const struct btf *btf, const struct btf_type *t, __u64 feats)
{
	const struct btf_type *target = btf__type_by_id(btf, t->type);

	if (!target)
		return false;
	if (btf_is_var(target))
		return !HAS(feats, FEAT_BTF_DATASEC);
	if (btf_is_func(target))
		return !HAS(feats, FEAT_BTF_FUNC) && btf_decl_tag(t)->component_idx >= 0;
	return false;
}

/* Would type t be rewritten for feats? */
static bool type_needs_fix(const struct btf *btf, const struct btf_type *t, __u64 feats)
{
	bool dsec = HAS(feats, FEAT_BTF_DATASEC), func = HAS(feats, FEAT_BTF_FUNC);

	switch (btf_kind(t)) {
	case BTF_KIND_VAR:
		return !dsec;
	case BTF_KIND_DATASEC: {
		const char *n = btf__name_by_offset(btf, t->name_off);

		return !dsec || (!HAS(feats, FEAT_BTF_QMARK_DATASEC) && n && n[0] == '?');
	}
	case BTF_KIND_FUNC_PROTO:
		return !func;
	case BTF_KIND_FUNC:
		return !func || (!HAS(feats, FEAT_BTF_GLOBAL_FUNC) && btf_vlen(t) != BTF_FUNC_STATIC);
	case BTF_KIND_FLOAT:
		return !HAS(feats, FEAT_BTF_FLOAT);
	case BTF_KIND_DECL_TAG:
		return !HAS(feats, FEAT_BTF_DECL_TAG) || tag_loses_target(btf, t, feats);
	case BTF_KIND_TYPE_TAG:
		return !HAS(feats, FEAT_BTF_TYPE_TAG);
	case BTF_KIND_ENUM64:
		return !HAS(feats, FEAT_BTF_ENUM64);
	case BTF_KIND_ENUM:
		return !HAS(feats, FEAT_BTF_ENUM64) && btf_kflag(t);
	default:
		return false;
	}
}

bool btf_needs_sanitize(const struct btf *btf, __u64 feats)
{
	__u32 n = btf ? btf__type_cnt(btf) : 0;

	for (__u32 id = 1; id < n; id++)
		if (type_needs_fix(btf, btf__type_by_id(btf, id), feats))
			return true;
	return false;
}

static void set_int_1byte(struct btf_type *t, __u32 name_off)
{
	t->name_off = name_off;
	t->info = btf_info_enc(BTF_KIND_INT, false, 0);
	t->size = 1;
	/* encoding 0, offset 0, 8 bits */
	*(__u32 *)(t + 1) = 8;
}

static int datasec_to_struct(struct btf *btf, struct btf_type *t)
{
	struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	struct btf_member *m = (struct btf_member *)vsi;
	int n = btf_vlen(t);

	t->info = btf_info_enc(BTF_KIND_STRUCT, false, n);
	for (int i = 0; i < n; i++) {
		struct btf_var_secinfo v = vsi[i];
		const struct btf_type *vt = btf__type_by_id(btf, v.type);

		if (!vt || v.offset > UINT32_MAX / 8)
			return -EINVAL;
		m[i].name_off = vt->name_off;
		m[i].type = v.type;
		m[i].offset = v.offset * 8;
	}
	return 0;
}

static void enum64_to_union(struct btf_type *t, __u32 placeholder)
{
	struct btf_member *m = btf_members(t);
	int n = btf_vlen(t);

	t->info = btf_info_enc(BTF_KIND_UNION, false, n);
	/* each value keeps its name as the member name */
	for (int i = 0; i < n; i++) {
		m[i].type = placeholder;
		m[i].offset = 0;
	}
}

/* What the rewrites add: the ENUM64 member type, the name of unnamed
 * parameters. */
struct fix_ctx {
	__u32 placeholder;
	__u32 anon_param;
};

/* Parameters become enumerators: the kernel wants every enumerator
 * named, so unnamed ones (prototypes of function pointers) get "_". */
static void proto_to_enum(struct btf_type *t, __u32 anon_param)
{
	struct btf_enum *e = btf_enum(t);
	int n = btf_vlen(t);

	t->info = btf_info_enc(BTF_KIND_ENUM, false, n);
	t->size = sizeof(__u32);
	for (int i = 0; i < n; i++)
		if (!e[i].name_off)
			e[i].name_off = anon_param;
}

static int fix_type(struct btf *btf, struct btf_type *t, __u64 feats, const struct fix_ctx *fix)
{
	switch (btf_kind(t)) {
	case BTF_KIND_VAR:
		set_int_1byte(t, t->name_off);
		return 0;
	case BTF_KIND_DATASEC:
		if (!HAS(feats, FEAT_BTF_DATASEC))
			return datasec_to_struct(btf, t);
		return 0; /* renamed by rename_datasecs() */
	case BTF_KIND_FUNC_PROTO:
		proto_to_enum(t, fix->anon_param);
		return 0;
	case BTF_KIND_FUNC:
		if (!HAS(feats, FEAT_BTF_FUNC))
			t->info = btf_info_enc(BTF_KIND_TYPEDEF, false, 0);
		else
			t->info = btf_info_enc(BTF_KIND_FUNC, false, BTF_FUNC_STATIC);
		return 0;
	case BTF_KIND_FLOAT:
		t->name_off = 0;
		t->info = btf_info_enc(BTF_KIND_STRUCT, false, 0);
		return 0;
	case BTF_KIND_DECL_TAG:
		set_int_1byte(t, 0);
		return 0;
	case BTF_KIND_TYPE_TAG:
		t->name_off = 0;
		t->info = btf_info_enc(BTF_KIND_CONST, false, 0);
		return 0;
	case BTF_KIND_ENUM64:
		enum64_to_union(t, fix->placeholder);
		return 0;
	case BTF_KIND_ENUM:
		t->info = btf_info_enc(BTF_KIND_ENUM, false, btf_vlen(t));
		return 0;
	default:
		return 0;
	}
}

static bool has_kind(const struct btf *btf, __u32 kind)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 id = 1; id < n; id++)
		if (btf_kind(btf__type_by_id(btf, id)) == kind)
			return true;
	return false;
}

/* Writable copy of btf (same base). */
static struct btf *btf_copy(const struct btf *btf)
{
	struct btf *copy;
	void *raw;
	__u32 sz;

	raw = btf_serialize(btf, &sz);
	if (!raw)
		return NULL;
	copy = btf->base ? btf__new_split(raw, sz, btf->base) : btf__new(raw, sz);
	free(raw);
	if (copy && btf_make_writable(copy)) {
		btf__free(copy);
		errno = ENOMEM;
		return NULL;
	}
	return copy;
}

/* The kernel wants C identifiers as DATASEC names when it reads them as
 * STRUCTs ('.' and '?' -> '_'), and no leading '?' otherwise. The new name is
 * added as a string, never written in place: the old one may sit in a shared
 * read-only base (vmlinux) or be shared by other types through dedup. */
static int rename_datasecs(struct btf *out, const struct btf *in, __u64 feats)
{
	bool all = !HAS(feats, FEAT_BTF_DATASEC);
	__u32 n = btf__type_cnt(out);

	for (__u32 id = out->start_id; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(out, id);
		const char *name;
		bool changed = false;
		char *s;
		int off;

		if (btf_kind(t) != BTF_KIND_DATASEC ||
		    !type_needs_fix(in, btf__type_by_id(in, id), feats))
			continue;
		name = btf__name_by_offset(out, t->name_off);
		if (!name || !(s = strdup(name)))
			return name ? -ENOMEM : 0;
		for (char *c = s; *c; c++) {
			if (*c == '?' || (all && *c == '.')) {
				*c = '_';
				changed = true;
			}
			if (!all)
				break; /* only a leading '?' */
		}
		off = changed ? btf__add_str(out, s) : 0;
		free(s);
		if (off < 0)
			return off;
		if (changed) /* add_str may have moved the type buffer */
			btf_own_type(out, id)->name_off = off;
	}
	return 0;
}

struct btf *btf_sanitize(const struct btf *btf, __u64 feats)
{
	struct fix_ctx fix = {};
	struct btf *out;
	__u32 n;
	int err;

	if (!btf)
		return libbpf_err_ptr(-EINVAL);
	out = btf_copy(btf);
	if (!out)
		return libbpf_err_ptr(errno ? -errno : -ENOMEM);
	n = btf__type_cnt(out);
	/* additions go first: they may move the type and string buffers */
	if (!HAS(feats, FEAT_BTF_ENUM64) && has_kind(out, BTF_KIND_ENUM64)) {
		err = btf__add_int(out, "enum64_placeholder", 1, 0);
		if (err < 0) {
			btf__free(out);
			return libbpf_err_ptr(err);
		}
		fix.placeholder = err;
	}
	if (!HAS(feats, FEAT_BTF_FUNC) && has_kind(out, BTF_KIND_FUNC_PROTO)) {
		err = btf__add_str(out, "_");
		if (err < 0) {
			btf__free(out);
			return libbpf_err_ptr(err);
		}
		fix.anon_param = err;
	}
	err = rename_datasecs(out, btf, feats);
	if (err) {
		pr_warn("BTF: cannot rename DATASECs: %s\n", errstr(err));
		btf__free(out);
		return libbpf_err_ptr(err);
	}
	for (__u32 id = out->start_id; id < n; id++) {
		struct btf_type *t = btf_own_type(out, id);

		/* decide on the input: a tag's target may be rewritten already */
		if (!type_needs_fix(btf, btf__type_by_id(btf, id), feats))
			continue;
		err = fix_type(out, t, feats, &fix);
		if (err) {
			pr_warn("BTF: cannot sanitize type [%u]: %s\n", id, errstr(err));
			btf__free(out);
			return libbpf_err_ptr(err);
		}
	}
	btf_invalidate_raw(out);
	return out;
}
