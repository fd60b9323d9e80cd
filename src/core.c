// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * CO-RE relocation engine: see core.h for the contract.
 *
 * A relocation is resolved in three steps:
 *  1. the local "spec": the access string walked over the local BTF, giving
 *     the list of named steps (member names, array indices) and the value
 *     the compiler computed;
 *  2. the candidates: target types with the same essential name (flavor
 *     suffix "___x" dropped) and a compatible kind, found through the BTF
 *     name index and cached per local type id;
 *  3. each candidate is matched by replaying the named steps on it; every
 *     candidate that matches must give the same new value.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "btf_internal.h"
#include "core.h"

#define CORE_SPEC_MAX 64
#define CORE_MAX_DEPTH 32
/* Bit offsets beyond this are nonsense (keeps the arithmetic in range). */
#define CORE_MAX_BIT_OFF (1ULL << 40)

#define WHY_SZ sizeof(((struct core_relo_res *)0)->why)

/* One step of a spec that survives across BTFs: a member by name, an array
 * element by index, an enumerator by name, or (first step) an index into
 * the root. */
struct core_acc {
	__u32 type_id;    /* the composite / array / enum being indexed */
	__u32 idx;
	const char *name; /* member or enumerator name; NULL for an index */
};

struct core_spec {
	const struct btf *btf;
	__u32 root_id;
	struct core_acc acc[CORE_SPEC_MAX];
	int len;
	__u64 bit_off;        /* of the accessed field from the root pointer */
	__u32 field_type_id;  /* type of the accessed field */
	__u32 bf_sz;          /* bitfield size in bits; 0 if not a bitfield */
	__u64 enum_val;       /* ENUMVAL_*: the enumerator's value */
};

struct core_cand {
	const struct btf *btf;
	__u32 id;
};

struct core_cands {
	struct core_cand *c;
	size_t cap;
	int cnt;
	bool done; /* looked up (cnt may be 0) */
};

struct core_cands_cache {
	const struct btf *local;
	const struct btf *targ;
	const struct btf **mods;
	int mod_cnt;
	struct core_cands *by_id; /* indexed by local type id */
	__u32 id_cnt;
	unsigned int searches;
};

static const char *const kind_strs[] = {
	[BPF_CORE_FIELD_BYTE_OFFSET] = "FIELD_BYTE_OFFSET",
	[BPF_CORE_FIELD_BYTE_SIZE] = "FIELD_BYTE_SIZE",
	[BPF_CORE_FIELD_EXISTS] = "FIELD_EXISTS",
	[BPF_CORE_FIELD_SIGNED] = "FIELD_SIGNED",
	[BPF_CORE_FIELD_LSHIFT_U64] = "FIELD_LSHIFT_U64",
	[BPF_CORE_FIELD_RSHIFT_U64] = "FIELD_RSHIFT_U64",
	[BPF_CORE_TYPE_ID_LOCAL] = "TYPE_ID_LOCAL",
	[BPF_CORE_TYPE_ID_TARGET] = "TYPE_ID_TARGET",
	[BPF_CORE_TYPE_EXISTS] = "TYPE_EXISTS",
	[BPF_CORE_TYPE_SIZE] = "TYPE_SIZE",
	[BPF_CORE_ENUMVAL_EXISTS] = "ENUMVAL_EXISTS",
	[BPF_CORE_ENUMVAL_VALUE] = "ENUMVAL_VALUE",
	[BPF_CORE_TYPE_MATCHES] = "TYPE_MATCHES",
};

const char *core_relo_kind_str(__u32 kind)
{
	return kind < ARRAY_SIZE(kind_strs) ? kind_strs[kind] : "UNKNOWN";
}

static bool is_field_kind(__u32 k)
{
	return k <= BPF_CORE_FIELD_RSHIFT_U64;
}

static bool is_enum_kind(__u32 k)
{
	return k == BPF_CORE_ENUMVAL_EXISTS || k == BPF_CORE_ENUMVAL_VALUE;
}

/* Kinds that poison when the target lacks the field / enumerator: the
 * other field ones and ENUMVAL_VALUE. Existence kinds answer 0, and so do
 * all type-based kinds (TYPE_SIZE and TYPE_ID_TARGET of a missing type
 * are 0, as libbpf documents). */
static bool poisons_when_missing(__u32 k)
{
	return (is_field_kind(k) && k != BPF_CORE_FIELD_EXISTS) || k == BPF_CORE_ENUMVAL_VALUE;
}

static const char *name_of(const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);

	return s ? s : "";
}

/* Type behind modifiers and typedefs (id in *res_id, always set), NULL on
 * a bad id or a loop. */
static const char *kind_word(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT: return "struct";
	case BTF_KIND_UNION: return "union";
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: return "enum";
	case BTF_KIND_TYPEDEF: return "typedef";
	case BTF_KIND_FWD: return "fwd";
	case BTF_KIND_INT: return "int";
	case BTF_KIND_PTR: return "ptr";
	case BTF_KIND_ARRAY: return "array";
	default: return "type";
	}
}

static bool ess_names_equal(const char *a, const char *b)
{
	size_t la = btf_essential_name_len(a), lb = btf_essential_name_len(b);

	return la == lb && !strncmp(a, b, la);
}

/* ---- access string and local spec ---- */

static int parse_access(const char *s, __u32 *raw, int *cnt)
{
	int n = 0;

	for (;;) {
		unsigned long v = 0;
		const char *p = s;

		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p - '0');
			if (v > INT_MAX)
				return -EINVAL;
			p++;
		}
		if (p == s || n == CORE_SPEC_MAX)
			return -EINVAL;
		raw[n++] = v;
		if (!*p)
			break;
		if (*p != ':')
			return -EINVAL;
		s = p + 1;
	}
	*cnt = n;
	return 0;
}

static int push_acc(struct core_spec *s, __u32 type_id, __u32 idx, const char *name)
{
	if (s->len == CORE_SPEC_MAX)
		return -EINVAL;
	s->acc[s->len++] = (struct core_acc){ .type_id = type_id, .idx = idx, .name = name };
	return 0;
}

/* Add idx * elem_sz bytes to the spec's bit offset, refusing nonsense. */
static int add_bits(struct core_spec *s, __u64 idx, __s64 elem_sz)
{
	if (!idx)
		return 0;
	if (elem_sz < 0 || (elem_sz && idx > CORE_MAX_BIT_OFF / 8 / (__u64)elem_sz))
		return -EINVAL;
	s->bit_off += idx * (__u64)elem_sz * 8;
	return s->bit_off > CORE_MAX_BIT_OFF ? -EINVAL : 0;
}

static __u64 enum_value(const struct btf_type *t, __u32 idx)
{
	if (btf_is_enum64(t))
		return btf_enum64_value(btf_enum64(t) + idx);
	if (btf_kflag(t))
		return (__u64)(__s64)btf_enum(t)[idx].val;
	return (__u32)btf_enum(t)[idx].val;
}

static int parse_field_spec(struct core_spec *s, const __u32 *raw, int raw_cnt, char *why)
{
	const struct btf *btf = s->btf;
	const struct btf_type *t;
	__u32 cur;
	int i;

	t = btf_skip_mods_typedefs(btf, s->root_id, &cur);
	if (!t)
		goto bad_type;
	if (push_acc(s, cur, raw[0], NULL) || add_bits(s, raw[0], btf__resolve_size(btf, cur))) {
		snprintf(why, WHY_SZ, "root type [%u] has no size for index %u", cur, raw[0]);
		return -EINVAL;
	}
	for (i = 1; i < raw_cnt; i++) {
		__u32 idx = raw[i];

		t = btf_skip_mods_typedefs(btf, cur, &cur);
		if (!t)
			goto bad_type;
		if (btf_is_composite(t)) {
			const struct btf_member *m;
			const char *name;

			if (idx >= btf_vlen(t)) {
				snprintf(why, WHY_SZ, "member #%u out of range in [%u]", idx, cur);
				return -EINVAL;
			}
			m = btf_members(t) + idx;
			name = name_of(btf, m->name_off);
			/* anonymous members are not named steps: the target
			 * may nest the same field differently */
			if (*name && push_acc(s, cur, idx, name))
				goto too_long;
			s->bit_off += btf_member_bit_offset(t, idx);
			s->bf_sz = btf_member_bitfield_size(t, idx);
			cur = m->type;
		} else if (btf_is_array(t)) {
			const struct btf_array *a = btf_array(t);

			/* nelems 0 is a flexible array: any index */
			if (a->nelems && idx >= a->nelems) {
				snprintf(why, WHY_SZ, "index %u out of bounds of array [%u]", idx, cur);
				return -EINVAL;
			}
			if (push_acc(s, cur, idx, NULL))
				goto too_long;
			if (add_bits(s, idx, btf__resolve_size(btf, a->type))) {
				snprintf(why, WHY_SZ, "bad element size in array [%u]", cur);
				return -EINVAL;
			}
			s->bf_sz = 0;
			cur = a->type;
		} else {
			snprintf(why, WHY_SZ, "index %u into [%u], neither struct/union nor array",
				 idx, cur);
			return -EINVAL;
		}
	}
	s->field_type_id = cur;
	return 0;
bad_type:
	snprintf(why, WHY_SZ, "bad or looping type [%u]", cur);
	return -EINVAL;
too_long:
	snprintf(why, WHY_SZ, "access too long");
	return -EINVAL;
}

static int parse_local_spec(struct core_spec *s, __u32 kind, const char *access, char *why)
{
	const struct btf_type *t;
	__u32 raw[CORE_SPEC_MAX], id;
	int raw_cnt;

	if (parse_access(access, raw, &raw_cnt)) {
		snprintf(why, WHY_SZ, "malformed access string '%.40s'", access);
		return -EINVAL;
	}
	if (is_field_kind(kind))
		return parse_field_spec(s, raw, raw_cnt, why);
	t = btf_skip_mods_typedefs(s->btf, s->root_id, &id);
	if (!t) {
		snprintf(why, WHY_SZ, "bad or looping type [%u]", s->root_id);
		return -EINVAL;
	}
	if (!is_enum_kind(kind)) {
		if (raw_cnt != 1 || raw[0]) {
			snprintf(why, WHY_SZ, "type relocation with access '%.40s', not \"0\"",
				 access);
			return -EINVAL;
		}
		return 0;
	}
	if (!btf_is_any_enum(t) || raw_cnt != 1 || raw[0] >= btf_vlen(t)) {
		snprintf(why, WHY_SZ, "enumerator #%u does not exist", raw[0]);
		return -EINVAL;
	}
	/* both enum and enum64 entries start with name_off */
	push_acc(s, id, raw[0],
		 name_of(s->btf, btf_is_enum(t) ? btf_enum(t)[raw[0]].name_off
						: ((const __u32 *)btf_enum64(t))[3 * raw[0]]));
	s->enum_val = enum_value(t, raw[0]);
	return 0;
}

/* ---- type compatibility ---- */

/* May a field of local type lid live in a target field of type tid? */
static int fields_compat(const struct btf *lb, __u32 lid, const struct btf *tb, __u32 tid,
			 int depth)
{
	const struct btf_type *lt, *tt;

	if (depth > CORE_MAX_DEPTH)
		return 0;
	lt = btf_skip_mods_typedefs(lb, lid, &lid);
	tt = btf_skip_mods_typedefs(tb, tid, &tid);
	if (!lt || !tt)
		return 0;
	/* struct vs union is fine: the next step matches by name */
	if (btf_is_composite(lt) && btf_is_composite(tt))
		return 1;
	if (!btf_kind_core_compat(lt, tt))
		return 0;
	switch (btf_kind(lt)) {
	case BTF_KIND_PTR:
	case BTF_KIND_FLOAT:
		return 1;
	case BTF_KIND_FWD:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return ess_names_equal(name_of(lb, lt->name_off), name_of(tb, tt->name_off));
	case BTF_KIND_INT:
		/* any size and signedness; only legacy offset ints are out */
		return !btf_int_offset(lt) && !btf_int_offset(tt);
	case BTF_KIND_ARRAY:
		return fields_compat(lb, btf_array(lt)->type, tb, btf_array(tt)->type, depth + 1);
	default:
		return 0;
	}
}

/* TYPE_EXISTS / TYPE_SIZE / TYPE_ID_TARGET: same shape, names of nested
 * composites not compared (the root name was matched by the lookup). */
static int types_compat(const struct btf *lb, __u32 lid, const struct btf *tb, __u32 tid,
			int depth)
{
	const struct btf_type *lt, *tt;
	__u16 i;

	if (depth > CORE_MAX_DEPTH)
		return 0;
	lt = btf_skip_mods_typedefs(lb, lid, &lid);
	tt = btf_skip_mods_typedefs(tb, tid, &tid);
	if (!lt || !tt || !btf_kind_core_compat(lt, tt))
		return 0;
	switch (btf_kind(lt)) {
	case BTF_KIND_UNKN:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		return 1;
	case BTF_KIND_INT:
		return !btf_int_offset(lt) && !btf_int_offset(tt);
	case BTF_KIND_PTR:
		return types_compat(lb, lt->type, tb, tt->type, depth + 1);
	case BTF_KIND_ARRAY:
		return types_compat(lb, btf_array(lt)->type, tb, btf_array(tt)->type, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(lt) != btf_vlen(tt))
			return 0;
		for (i = 0; i < btf_vlen(lt); i++)
			if (!types_compat(lb, btf_params(lt)[i].type, tb, btf_params(tt)[i].type,
					  depth + 1))
				return 0;
		return types_compat(lb, lt->type, tb, tt->type, depth + 1);
	default:
		return 0;
	}
}

bool core_types_compat(const struct btf *local_btf, __u32 lid, const struct btf *targ_btf,
		       __u32 tid)
{
	return types_compat(local_btf, lid, targ_btf, tid, 0);
}

/* Names for TYPE_MATCHES: an anonymous target matches only an anonymous
 * local; otherwise essential names must be equal. */
static bool match_names(const struct btf *lb, __u32 loff, const struct btf *tb, __u32 toff)
{
	const char *ln = name_of(lb, loff), *tn = name_of(tb, toff);

	if (!*tn)
		return !*ln;
	return ess_names_equal(ln, tn);
}

static int types_match(const struct btf *lb, __u32 lid, const struct btf *tb, __u32 tid,
		       bool behind_ptr, int depth);

static int enums_match(const struct btf *lb, const struct btf_type *lt, const struct btf *tb,
		       const struct btf_type *tt)
{
	int i, j;

	if (lt->size != tt->size)
		return 0;
	for (i = 0; i < btf_vlen(lt); i++) {
		__u32 loff = btf_is_enum(lt) ? btf_enum(lt)[i].name_off
					     : ((const __u32 *)btf_enum64(lt))[3 * i];
		bool found = false;

		for (j = 0; j < btf_vlen(tt) && !found; j++) {
			__u32 toff = btf_is_enum(tt) ? btf_enum(tt)[j].name_off
						     : ((const __u32 *)btf_enum64(tt))[3 * j];

			found = match_names(lb, loff, tb, toff);
		}
		if (!found)
			return 0;
	}
	return 1;
}

static int composites_match(const struct btf *lb, const struct btf_type *lt,
			    const struct btf *tb, const struct btf_type *tt, bool behind_ptr,
			    int depth)
{
	const struct btf_member *lm = btf_members(lt), *tm;
	int i, j;

	if (btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++, lm++) {
		bool found = false;

		tm = btf_members(tt);
		for (j = 0; j < btf_vlen(tt) && !found; j++, tm++)
			found = match_names(lb, lm->name_off, tb, tm->name_off) &&
				types_match(lb, lm->type, tb, tm->type, behind_ptr, depth + 1) > 0;
		if (!found)
			return 0;
	}
	return 1;
}

/* TYPE_MATCHES: stricter than types_compat (see core.h / the docs):
 * members by name, enumerators by name, int size and signedness; a struct
 * behind a pointer may match a forward declaration. */
static int types_match(const struct btf *lb, __u32 lid, const struct btf *tb, __u32 tid,
		       bool behind_ptr, int depth)
{
	const struct btf_type *lt, *tt;
	__u16 lk, tk, i;

	if (depth > CORE_MAX_DEPTH)
		return 0;
	lt = btf_skip_mods_typedefs(lb, lid, &lid);
	tt = btf_skip_mods_typedefs(tb, tid, &tid);
	if (!lt || !tt || !match_names(lb, lt->name_off, tb, tt->name_off))
		return 0;
	lk = btf_kind(lt);
	tk = btf_kind(tt);
	switch (lk) {
	case BTF_KIND_UNKN:
		return tk == BTF_KIND_UNKN;
	case BTF_KIND_FWD:
		/* fwd kflag: 1 = union */
		if (btf_is_composite(tt))
			return btf_kflag(lt) == btf_is_union(tt);
		return tk == BTF_KIND_FWD && btf_kflag(lt) == btf_kflag(tt);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return btf_is_any_enum(tt) && enums_match(lb, lt, tb, tt);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (behind_ptr && tk == BTF_KIND_FWD)
			return btf_kflag(tt) == (lk == BTF_KIND_UNION);
		if (lk != tk)
			return 0;
		return behind_ptr ? 1 : composites_match(lb, lt, tb, tt, false, depth);
	case BTF_KIND_INT:
		return tk == lk && lt->size == tt->size &&
		       (btf_int_encoding(lt) & BTF_INT_SIGNED) ==
			       (btf_int_encoding(tt) & BTF_INT_SIGNED);
	case BTF_KIND_FLOAT:
		return tk == lk && lt->size == tt->size;
	case BTF_KIND_PTR:
		return tk == lk && types_match(lb, lt->type, tb, tt->type, true, depth + 1);
	case BTF_KIND_ARRAY:
		return tk == lk && btf_array(lt)->nelems == btf_array(tt)->nelems &&
		       types_match(lb, btf_array(lt)->type, tb, btf_array(tt)->type, behind_ptr,
				   depth + 1);
	case BTF_KIND_FUNC_PROTO:
		if (tk != lk || btf_vlen(lt) != btf_vlen(tt))
			return 0;
		for (i = 0; i < btf_vlen(lt); i++)
			if (!types_match(lb, btf_params(lt)[i].type, tb, btf_params(tt)[i].type,
					 behind_ptr, depth + 1))
				return 0;
		return types_match(lb, lt->type, tb, tt->type, behind_ptr, depth + 1);
	default:
		return 0;
	}
}

/* ---- candidates ---- */

static int add_own_cands(const struct btf *tb, const struct btf_type *lt, const char *ess,
			 size_t ess_len, struct core_cands *out)
{
	int first = out->cnt, i;
	__s64 id = btf_names_chain_first(tb, ess, ess_len);

	if (id < 0)
		return id;
	for (; id; id = btf_names_chain_next(tb, id)) {
		const struct btf_type *t = btf__type_by_id(tb, id);
		const char *n = name_of(tb, t->name_off);
		struct core_cand *c;

		if (btf_essential_name_len(n) != ess_len || strncmp(n, ess, ess_len) ||
		    !btf_kind_core_compat(lt, t))
			continue;
		if (libbpf_ensure_mem((void **)&out->c, &out->cap, sizeof(*c), out->cnt + 1))
			return -ENOMEM;
		c = &out->c[out->cnt++];
		*c = (struct core_cand){ .btf = tb, .id = id };
	}
	/* the chain runs newest first: report candidates in id order */
	for (i = 0; i < (out->cnt - first) / 2; i++) {
		struct core_cand tmp = out->c[first + i];

		out->c[first + i] = out->c[out->cnt - 1 - i];
		out->c[out->cnt - 1 - i] = tmp;
	}
	return 0;
}

/* vmlinux (and its bases) first; modules only if vmlinux has nothing. */
static int find_cands(const struct btf *lb, __u32 lid, const struct btf *targ,
		      const struct btf *const *mods, int mod_cnt, struct core_cands *out)
{
	const struct btf_type *lt = btf__type_by_id(lb, lid);
	const char *name = name_of(lb, lt->name_off);
	size_t len = btf_essential_name_len(name);
	const struct btf *b;
	int err, i;

	for (b = targ; b; b = btf__base_btf(b)) {
		err = add_own_cands(b, lt, name, len, out);
		if (err)
			return err;
	}
	for (i = 0; i < mod_cnt && !out->cnt; i++) {
		/* own types only: a module's base is vmlinux, done above */
		err = add_own_cands(mods[i], lt, name, len, out);
		if (err)
			return err;
	}
	return 0;
}

struct core_cands_cache *core_cands_cache_new(const struct btf *const *mod_btfs, int mod_cnt)
{
	struct core_cands_cache *c = calloc(1, sizeof(*c));

	if (!c || mod_cnt < 0 || (mod_cnt && !mod_btfs)) {
		free(c);
		return libbpf_err_ptr(c ? -EINVAL : -ENOMEM);
	}
	if (mod_cnt) {
		c->mods = malloc(mod_cnt * sizeof(*c->mods));
		if (!c->mods) {
			free(c);
			return libbpf_err_ptr(-ENOMEM);
		}
		memcpy(c->mods, mod_btfs, mod_cnt * sizeof(*c->mods));
	}
	c->mod_cnt = mod_cnt;
	return c;
}

static void cache_flush(struct core_cands_cache *c)
{
	__u32 i;

	for (i = 0; i < c->id_cnt; i++)
		free(c->by_id[i].c);
	free(c->by_id);
	c->by_id = NULL;
	c->id_cnt = 0;
}

void core_cands_cache_free(struct core_cands_cache *cache)
{
	if (!cache)
		return;
	cache_flush(cache);
	free(cache->mods);
	free(cache);
}

unsigned int core_cands_cache_searches(const struct core_cands_cache *cache)
{
	return cache ? cache->searches : 0;
}

/* Candidates of local type lid: from the cache, or into *tmp (caller
 * frees tmp->c) when there is none. */
static int get_cands(struct core_cands_cache *c, const struct btf *lb, __u32 lid,
		     const struct btf *targ, struct core_cands *tmp, const struct core_cands **out)
{
	struct core_cands *e;
	int err;

	if (!c) {
		err = find_cands(lb, lid, targ, NULL, 0, tmp);
		*out = tmp;
		return err;
	}
	if (c->local != lb || c->targ != targ || !c->by_id || lid >= c->id_cnt) {
		cache_flush(c);
		c->by_id = calloc(btf__type_cnt(lb), sizeof(*c->by_id));
		if (!c->by_id)
			return -ENOMEM;
		c->id_cnt = btf__type_cnt(lb);
		c->local = lb;
		c->targ = targ;
	}
	e = &c->by_id[lid];
	if (!e->done) {
		c->searches++;
		err = find_cands(lb, lid, targ, c->mods, c->mod_cnt, e);
		if (err) {
			free(e->c);
			memset(e, 0, sizeof(*e));
			return err;
		}
		e->done = true;
	}
	*out = e;
	return 0;
}

/* ---- matching a candidate ---- */

/* Find member name in composite cid of tb, looking into anonymous members;
 * compatibility with the local field type lid is required. */
static int match_member(const struct btf *lb, __u32 lid, const struct btf *tb, __u32 cid,
			const char *name, struct core_spec *ts, int depth)
{
	const struct btf_type *t = btf__type_by_id(tb, cid);
	int i;

	if (depth > CORE_MAX_DEPTH)
		return 0;
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		const char *mn = name_of(tb, m->name_off);
		__u64 saved = ts->bit_off;

		ts->bit_off += btf_member_bit_offset(t, i);
		if (!*mn) {
			__u32 aid;
			const struct btf_type *at = btf_skip_mods_typedefs(tb, m->type, &aid);

			if (at && btf_is_composite(at) &&
			    match_member(lb, lid, tb, aid, name, ts, depth + 1))
				return 1;
		} else if (!strcmp(mn, name)) {
			if (!fields_compat(lb, lid, tb, m->type, 0))
				return 0;
			ts->field_type_id = m->type;
			ts->bf_sz = btf_member_bitfield_size(t, i);
			return 1;
		}
		ts->bit_off = saved;
	}
	return 0;
}

/* Replay the local field spec on candidate tid; 1 match, 0 no match. On
 * no match *miss names the step that failed. */
static int match_field(const struct core_spec *ls, const struct btf *tb, __u32 tid,
		       struct core_spec *ts, const char **miss)
{
	const struct btf_type *t;
	__u32 cur;
	int i;

	t = btf_skip_mods_typedefs(tb, tid, &cur);
	if (!t || add_bits(ts, ls->acc[0].idx, btf__resolve_size(tb, cur)))
		return 0;
	for (i = 1; i < ls->len; i++) {
		const struct core_acc *a = &ls->acc[i];

		t = btf_skip_mods_typedefs(tb, cur, &cur);
		if (!t)
			return 0;
		*miss = a->name;
		if (a->name) {
			const struct btf_type *lt = btf__type_by_id(ls->btf, a->type_id);

			if (!btf_is_composite(t) ||
			    !match_member(ls->btf, btf_members(lt)[a->idx].type, tb, cur, a->name,
					  ts, 0))
				return 0;
			cur = ts->field_type_id;
		} else {
			const struct btf_array *arr;

			if (!btf_is_array(t))
				return 0;
			arr = btf_array(t);
			if (arr->nelems && a->idx >= arr->nelems)
				return 0;
			if (add_bits(ts, a->idx, btf__resolve_size(tb, arr->type)))
				return 0;
			ts->bf_sz = 0;
			cur = arr->type;
		}
	}
	ts->field_type_id = cur;
	return 1;
}

static int match_enumval(const struct core_spec *ls, const struct btf *tb, __u32 tid,
			 struct core_spec *ts)
{
	const struct btf_type *t = btf_skip_mods_typedefs(tb, tid, &tid);
	int i;

	if (!t || !btf_is_any_enum(t))
		return 0;
	for (i = 0; i < btf_vlen(t); i++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[i].name_off
					   : ((const __u32 *)btf_enum64(t))[3 * i];

		if (ess_names_equal(name_of(tb, off), ls->acc[0].name)) {
			ts->enum_val = enum_value(t, i);
			return 1;
		}
	}
	return 0;
}

/* ---- values ---- */

static bool is_scalar(const struct btf_type *t)
{
	return btf_is_int(t) || btf_is_any_enum(t) || btf_is_ptr(t) || btf_is_float(t);
}

struct relo_val {
	__u64 val;
	__u32 mem_sz;      /* scalar field size for BYTE_OFFSET, else 0 */
	__u32 mem_type;    /* that field's type (mods skipped) */
	bool validate;
};

/* The smallest naturally aligned unit, at least the type's size sz, that
 * holds every bit of bitfield s; false if none up to 8 bytes does. */
static bool bitfield_unit(const struct core_spec *s, __s64 sz, __u64 *byte_off, __u32 *byte_sz)
{
	if (sz <= 0 || sz > 8 || (sz & (sz - 1)))
		return false;
	*byte_sz = sz;
	for (;;) {
		*byte_off = s->bit_off / 8 / *byte_sz * *byte_sz;
		if (s->bit_off + s->bf_sz - *byte_off * 8 <= *byte_sz * 8ULL)
			return true;
		if (*byte_sz >= 8)
			return false;
		*byte_sz *= 2;
	}
}

static int field_value(const struct core_spec *s, __u32 kind, bool big_endian,
		       struct relo_val *v, char *why)
{
	__u32 fid, byte_sz;
	__u64 byte_off;
	const struct btf_type *ft = btf_skip_mods_typedefs(s->btf, s->field_type_id, &fid);
	__s64 sz = btf__resolve_size(s->btf, fid);
	__u64 bits;

	v->validate = true;
	if (kind == BPF_CORE_FIELD_EXISTS) {
		v->val = 1;
		return 0;
	}
	if (!ft || sz < 0 || sz > UINT32_MAX) {
		snprintf(why, WHY_SZ, "field type [%u] has no size", s->field_type_id);
		return -EINVAL;
	}
	if (kind == BPF_CORE_FIELD_SIGNED) {
		v->val = btf_is_int(ft) ? !!(btf_int_encoding(ft) & BTF_INT_SIGNED)
					: btf_is_any_enum(ft) && btf_kflag(ft);
		return 0;
	}
	if (!s->bf_sz) {
		byte_off = s->bit_off / 8;
		byte_sz = sz;
		bits = byte_sz * 8ULL;
		if (kind == BPF_CORE_FIELD_BYTE_OFFSET && is_scalar(ft)) {
			v->mem_sz = byte_sz;
			v->mem_type = fid;
		}
	} else {
		if ((!btf_is_int(ft) && !btf_is_any_enum(ft)) ||
		    !bitfield_unit(s, sz, &byte_off, &byte_sz)) {
			snprintf(why, WHY_SZ,
				 "bitfield of %u bits at bit %llu in [%u] can't be relocated",
				 s->bf_sz, (unsigned long long)s->bit_off, fid);
			return -EINVAL;
		}
		bits = s->bf_sz;
		/* the compiler may pick another unit: don't insist on its value */
		v->validate = false;
	}
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		v->val = byte_off;
		return 0;
	case BPF_CORE_FIELD_BYTE_SIZE:
		v->val = byte_sz;
		return 0;
	default:
		break;
	}
	if (byte_sz > 8) {
		snprintf(why, WHY_SZ, "%u-byte field can't be shifted in 64 bits", byte_sz);
		return -EINVAL;
	}
	if (kind == BPF_CORE_FIELD_RSHIFT_U64) {
		v->val = 64 - bits;
	} else if (big_endian) {
		/* unit loaded into the low bytes: field starts at its MSB end */
		v->val = 64 - byte_sz * 8 + (s->bit_off - byte_off * 8ULL);
	} else {
		v->val = 64 - (s->bit_off + bits - byte_off * 8ULL);
	}
	return 0;
}

static int spec_value(const struct core_spec *s, __u32 kind, __u32 cand_id, bool big_endian,
		      struct relo_val *v, char *why)
{
	__s64 sz;

	memset(v, 0, sizeof(*v));
	v->validate = true;
	if (is_field_kind(kind))
		return field_value(s, kind, big_endian, v, why);
	switch (kind) {
	case BPF_CORE_TYPE_ID_LOCAL:
	case BPF_CORE_TYPE_ID_TARGET:
		v->val = cand_id;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		sz = btf__resolve_size(s->btf, cand_id);
		if (sz < 0) {
			snprintf(why, WHY_SZ, "type [%u] has no size", cand_id);
			return -EINVAL;
		}
		v->val = sz;
		return 0;
	case BPF_CORE_ENUMVAL_VALUE:
		v->val = s->enum_val;
		return 0;
	default: /* the *_EXISTS kinds and TYPE_MATCHES */
		v->val = 1;
		return 0;
	}
}

/* ---- the relocation ---- */

static void describe(const struct btf *lb, const struct bpf_core_relo *relo,
		     const struct btf_type *lt, const char *access, struct core_relo_res *res)
{
	snprintf(res->desc, sizeof(res->desc), "%s %s '%s' access %.40s",
		 core_relo_kind_str(relo->kind), lt ? kind_word(lt) : "type",
		 lt ? name_of(lb, lt->name_off) : "?", access ? access : "?");
}

/* Match candidate c and compute its value; 1 match, 0 no match, <0 error. */
static int eval_cand(const struct core_spec *ls, __u32 kind, const struct core_cand *c,
		     bool big_endian, struct relo_val *v, const char **miss, char *why)
{
	struct core_spec ts = { .btf = c->btf, .root_id = c->id };
	int r;

	if (is_field_kind(kind))
		r = match_field(ls, c->btf, c->id, &ts, miss);
	else if (is_enum_kind(kind))
		r = match_enumval(ls, c->btf, c->id, &ts);
	else if (kind == BPF_CORE_TYPE_MATCHES)
		r = types_match(ls->btf, ls->root_id, c->btf, c->id, false, 0);
	else
		r = types_compat(ls->btf, ls->root_id, c->btf, c->id, 0);
	if (r <= 0)
		return r;
	r = spec_value(&ts, kind, c->id, big_endian, v, why);
	return r ? r : 1;
}

static void set_missing(const struct core_spec *ls, __u32 kind, const struct btf_type *lt,
			int ncands, const char *miss, struct core_relo_res *res)
{
	const char *name = name_of(ls->btf, lt->name_off);

	if (!ncands)
		snprintf(res->why, WHY_SZ, "no candidate for %s %s", kind_word(lt), name);
	else if (is_field_kind(kind) && miss)
		snprintf(res->why, WHY_SZ, "field '%s' not found in %d candidate%s", miss,
			 ncands, ncands > 1 ? "s" : "");
	else if (is_enum_kind(kind))
		snprintf(res->why, WHY_SZ, "enumerator '%s' not found in %d candidate%s",
			 ls->acc[0].name, ncands, ncands > 1 ? "s" : "");
	else
		snprintf(res->why, WHY_SZ, "none of %d candidate%s for %s is compatible", ncands,
			 ncands > 1 ? "s" : "", name);
	if (poisons_when_missing(kind)) {
		res->poison = true;
		res->new_val = res->orig_val;
	} else {
		res->new_val = 0;
	}
}

/* Can a load/store of the field follow its size change? Only when the value
 * reads the same zero-extended: pointers, unsigned integers. */
static bool memsz_adjustable(const struct btf *lb, __u32 lid, const struct btf *tb, __u32 tid)
{
	const struct btf_type *lt = btf__type_by_id(lb, lid), *tt = btf__type_by_id(tb, tid);

	if (btf_is_ptr(lt) && btf_is_ptr(tt))
		return true;
	return btf_is_int(lt) && btf_is_int(tt) && !(btf_int_encoding(lt) & BTF_INT_SIGNED) &&
	       !(btf_int_encoding(tt) & BTF_INT_SIGNED);
}

static int calc_cands(const struct core_spec *ls, const struct bpf_core_relo *relo,
		      const struct btf_type *lt, const struct core_cands *cands,
		      const struct relo_val *lv, struct core_relo_res *res)
{
	bool big = btf__endianness(ls->btf) == BTF_BIG_ENDIAN, found = false;
	const char *miss = NULL;
	struct relo_val v, first = { 0 };
	const struct core_cand *fc = NULL;
	int i, r;

	for (i = 0; i < cands->cnt; i++) {
		const struct core_cand *c = &cands->c[i];

		r = eval_cand(ls, relo->kind, c, big, &v, &miss, res->why);
		if (r < 0)
			return r;
		if (!r)
			continue;
		if (!found) {
			found = true;
			first = v;
			fc = c;
			res->targ_btf = relo->kind == BPF_CORE_TYPE_ID_TARGET ? c->btf : NULL;
			continue;
		}
		if (v.val != first.val || v.mem_sz != first.mem_sz) {
			snprintf(res->why, WHY_SZ,
				 "ambiguous: candidates [%u] and [%u] disagree (%llu vs %llu)",
				 fc->id, c->id, (unsigned long long)first.val,
				 (unsigned long long)v.val);
			return -EINVAL;
		}
	}
	if (!found) {
		set_missing(ls, relo->kind, lt, cands->cnt, miss, res);
		return 0;
	}
	res->new_val = first.val;
	/* only the local side says what the compiler emitted */
	res->validate = lv->validate;
	res->orig_sz = lv->mem_sz;
	res->new_sz = first.mem_sz;
	if (res->orig_sz && res->new_sz && res->orig_sz != res->new_sz)
		res->fail_memsz_adjust =
			!memsz_adjustable(ls->btf, lv->mem_type, fc->btf, first.mem_type);
	return 0;
}

int core_calc_relo(const struct btf *local_btf, const struct bpf_core_relo *relo,
		   const struct btf *targ_btf, struct core_cands_cache *cache,
		   struct core_relo_res *res)
{
	struct core_spec *ls;
	struct core_cands tmp = { 0 };
	const struct core_cands *cands;
	const struct btf_type *lt;
	const char *access;
	struct relo_val lv;
	int err;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (!local_btf || !relo || !targ_btf) {
		snprintf(res->why, WHY_SZ, "missing BTF or relocation");
		return -EINVAL;
	}
	lt = btf__type_by_id(local_btf, relo->type_id);
	access = btf__str_by_offset(local_btf, relo->access_str_off);
	describe(local_btf, relo, lt, access, res);
	if ((__u32)relo->kind > BPF_CORE_TYPE_MATCHES) {
		snprintf(res->why, WHY_SZ, "unknown relocation kind %u", relo->kind);
		return -EOPNOTSUPP;
	}
	if (!lt || !relo->type_id || !access) {
		snprintf(res->why, WHY_SZ, "bad type id %u or access string offset %u",
			 relo->type_id, relo->access_str_off);
		return -EINVAL;
	}
	ls = calloc(1, sizeof(*ls));
	if (!ls) {
		snprintf(res->why, WHY_SZ, "out of memory");
		return -ENOMEM;
	}
	ls->btf = local_btf;
	ls->root_id = relo->type_id;
	err = parse_local_spec(ls, relo->kind, access, res->why);
	if (err)
		goto out;
	if (relo->kind == BPF_CORE_TYPE_ID_LOCAL) {
		res->orig_val = res->new_val = relo->type_id;
		goto out;
	}
	if (!lt->name_off || !*name_of(local_btf, lt->name_off)) {
		snprintf(res->why, WHY_SZ, "relocation against an anonymous type");
		err = -EOPNOTSUPP;
		goto out;
	}
	err = spec_value(ls, relo->kind, relo->type_id,
			 btf__endianness(local_btf) == BTF_BIG_ENDIAN, &lv, res->why);
	if (err)
		goto out;
	res->orig_val = lv.val;
	err = get_cands(cache, local_btf, relo->type_id, targ_btf, &tmp, &cands);
	if (err) {
		snprintf(res->why, WHY_SZ, "candidate lookup failed: %s", errstr(err));
		goto out;
	}
	err = calc_cands(ls, relo, lt, cands, &lv, res);
out:
	free(tmp.c);
	free(ls);
	return err;
}

/* ---- instruction patching ---- */

static void poison_insn(struct bpf_insn *insn)
{
	insn->code = BPF_JMP | BPF_CALL;
	insn->dst_reg = 0;
	insn->src_reg = 0;
	insn->off = 0;
	insn->imm = CORE_POISON_HELPER;
}

static int size_to_bytes(__u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

static int bytes_to_size(__u32 n)
{
	switch (n) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	case 8: return BPF_DW;
	default: return -1;
	}
}

/* Does a 32-bit immediate (sign-extended by the CPU) stand for v? */
static bool imm_holds(__s32 imm, __u64 v)
{
	return (__s64)imm == (__s64)v || (__u64)(__u32)imm == v;
}

#define patch_err(fmt, ...)                                                  \
	({                                                                   \
		pr_warn("prog '%s': relo #%d: %s: insn #%zu: " fmt "\n", prog_name, \
			relo_idx, res->desc, idx, ##__VA_ARGS__);            \
		-EINVAL;                                                     \
	})

static int patch_mem(const char *prog_name, struct bpf_insn *insn, size_t idx, int relo_idx,
		     const struct core_relo_res *res)
{
	int sz;

	if (res->validate && (__u64)(__s64)insn->off != res->orig_val)
		return patch_err("unexpected insn: offset %d, expected %llu", insn->off,
				 (unsigned long long)res->orig_val);
	if (res->new_val > SHRT_MAX)
		return patch_err("offset %llu too big for an instruction",
				 (unsigned long long)res->new_val);
	if (res->orig_sz && res->new_sz && res->orig_sz != res->new_sz) {
		if (res->fail_memsz_adjust) {
			pr_info("prog '%s': relo #%d: %s: insn #%zu: field size %u -> %u can't be "
				"adjusted (signed or mixed kinds): poisoned\n",
				prog_name, relo_idx, res->desc, idx, res->orig_sz, res->new_sz);
			poison_insn(insn);
			return 0;
		}
		if (size_to_bytes(insn->code) != (int)res->orig_sz)
			return patch_err("unexpected access size %d, expected %u",
					 size_to_bytes(insn->code), res->orig_sz);
		sz = bytes_to_size(res->new_sz);
		if (sz < 0)
			return patch_err("no access size for %u bytes", res->new_sz);
		insn->code = BPF_CLASS(insn->code) | BPF_MODE(insn->code) | sz;
	}
	insn->off = res->new_val;
	return 0;
}

int core_patch_insn(const char *prog_name, struct bpf_insn *insns, size_t insn_cnt,
		    const struct bpf_core_relo *relo, int relo_idx,
		    const struct core_relo_res *res)
{
	size_t idx = relo->insn_off / sizeof(*insns);
	struct bpf_insn *insn;
	__u64 imm64;
	bool ld64;

	if (relo->insn_off % sizeof(*insns) || idx >= insn_cnt)
		return patch_err("offset %u is not an instruction of the program",
				 relo->insn_off);
	insn = &insns[idx];
	ld64 = insn->code == (BPF_LD | BPF_IMM | BPF_DW);
	if (ld64 && idx + 1 >= insn_cnt)
		return patch_err("64-bit immediate load cut short");
	if (res->poison) {
		pr_info("prog '%s': relo #%d: %s: insn #%zu poisoned (%s); fine if unreachable\n",
			prog_name, relo_idx, res->desc, idx, res->why);
		if (ld64)
			poison_insn(insn + 1);
		poison_insn(insn);
		return 0;
	}
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(insn->code) != BPF_K)
			return patch_err("ALU insn (code 0x%02x) has no immediate", insn->code);
		if (res->validate && !imm_holds(insn->imm, res->orig_val))
			return patch_err("unexpected insn: imm %d, expected %llu", insn->imm,
					 (unsigned long long)res->orig_val);
		/* ALU64 sign-extends its immediate; ALU uses 32 bits as is */
		if (BPF_CLASS(insn->code) == BPF_ALU64
			    ? (__s64)(__s32)res->new_val != (__s64)res->new_val
			    : res->new_val > UINT32_MAX && (__s64)(__s32)res->new_val != (__s64)res->new_val)
			return patch_err("value %llu does not fit the 32-bit immediate",
					 (unsigned long long)res->new_val);
		insn->imm = (__s32)(__u32)res->new_val;
		return 0;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return patch_mem(prog_name, insn, idx, relo_idx, res);
	case BPF_LD:
		if (!ld64)
			break;
		imm64 = (__u32)insn[0].imm | ((__u64)(__u32)insn[1].imm << 32);
		if (res->validate && imm64 != res->orig_val)
			return patch_err("unexpected insn: imm64 %llu, expected %llu",
					 (unsigned long long)imm64,
					 (unsigned long long)res->orig_val);
		insn[0].imm = (__u32)res->new_val;
		insn[1].imm = (__u32)(res->new_val >> 32);
		return 0;
	default:
		break;
	}
	return patch_err("insn code 0x%02x can't be relocated", insn->code);
}

int core_apply_relo(const char *prog_name, struct bpf_insn *insns, size_t insn_cnt,
		    const struct btf *local_btf, const struct bpf_core_relo *relo, int relo_idx,
		    const struct btf *targ_btf, struct core_cands_cache *cache)
{
	struct core_relo_res res;
	int err;

	err = core_calc_relo(local_btf, relo, targ_btf, cache, &res);
	if (err) {
		pr_warn("prog '%s': relo #%d: %s: %s\n", prog_name, relo_idx, res.desc, res.why);
		return err;
	}
	err = core_patch_insn(prog_name, insns, insn_cnt, relo, relo_idx, &res);
	if (!err && !res.poison)
		pr_debug("prog '%s': relo #%d: %s: %llu -> %llu\n", prog_name, relo_idx, res.desc,
			 (unsigned long long)res.orig_val, (unsigned long long)res.new_val);
	return err;
}
