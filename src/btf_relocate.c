// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Distilled base BTF (btf__distill_base) and relocation of split BTF onto a
 * full base (btf__relocate).
 *
 * A distilled base keeps only what is needed to find the base types a split
 * BTF uses again in another (possibly changed) base: INTs and FLOATs whole,
 * named STRUCT/UNION/ENUM/ENUM64 as empty types with their name and size,
 * named FWDs as they are. Every other base type the split BTF reaches
 * (typedefs, pointers, arrays, modifiers, anonymous composites, ...) is
 * copied into the new split BTF, so its meaning no longer depends on base
 * ids. Relocation matches each distilled type by kind and name (and size
 * where it matters) and re-numbers the split BTF onto the full base.
 */
#include <stdlib.h>
#include <string.h>

#include "btf_internal.h"

/* ---- distill ---- */

enum { KEEP_NONE, KEEP_BASE, KEEP_SPLIT };

struct distill {
	const struct btf *src;
	const struct btf *base;
	__u32 nr_base;      /* type count of base, void included */
	__u8 *keep;         /* per base id: where it goes */
	__u32 *map;         /* per base id: its id in the new BTFs */
	__u32 *stack;       /* base ids whose references are pending */
	__u32 depth;
	__u32 src_first;    /* new id of the first own type of src */
};

static bool distilled_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		/* matching is by name: anonymous ones are copied whole */
		return t->name_off != 0;
	default:
		return false;
	}
}

static int mark_ref(__u32 *id, void *ctx)
{
	struct distill *d = ctx;
	const struct btf_type *t;

	if (!*id || *id >= d->nr_base || d->keep[*id])
		return 0;
	t = btf__type_by_id(d->base, *id);
	if (distilled_kind(t)) {
		d->keep[*id] = KEEP_BASE;
		return 0;
	}
	d->keep[*id] = KEEP_SPLIT;
	d->stack[d->depth++] = *id;
	return 0;
}

/* Visitors only read through the pointer: the const cast is safe. */
static void visit_refs(const struct btf_type *t, int (*fn)(__u32 *id, void *ctx), void *ctx)
{
	btf_visit_type_ids((struct btf_type *)t, fn, ctx);
}

static void mark_all(struct distill *d)
{
	__u32 id, n = btf__type_cnt(d->src);

	for (id = d->nr_base; id < n; id++)
		visit_refs(btf__type_by_id(d->src, id), mark_ref, d);
	/* each base id is pushed at most once, so the stack never overflows */
	while (d->depth)
		visit_refs(btf__type_by_id(d->base, d->stack[--d->depth]), mark_ref, d);
}

static int add_distilled(struct btf *nb, const struct btf *base, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(base, t->name_off);
	int id;

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		return btf__add_struct(nb, name, t->size);
	case BTF_KIND_UNION:
		return btf__add_union(nb, name, t->size);
	case BTF_KIND_ENUM:
		id = btf__add_enum(nb, name, t->size);
		/* keep the signedness: the values are dropped */
		if (id > 0 && btf_kflag(t))
			btf_own_type(nb, id)->info |= 1U << 31;
		return id;
	case BTF_KIND_ENUM64:
		return btf__add_enum64(nb, name, t->size, btf_kflag(t));
	case BTF_KIND_FWD:
		return btf__add_fwd(nb, name, btf_kflag(t) ? BTF_FWD_UNION : BTF_FWD_STRUCT);
	default: /* INT, FLOAT: whole */
		return btf__add_type(nb, base, t);
	}
}

static int remap_distill(__u32 *id, void *ctx)
{
	struct distill *d = ctx;

	if (*id < d->nr_base)
		*id = d->map[*id];
	else
		*id = *id - d->nr_base + d->src_first;
	return 0;
}

static int build_distilled(struct distill *d, struct btf **nbp, struct btf **nsp)
{
	struct btf *nb, *ns = NULL;
	__u32 id, n = btf__type_cnt(d->src);
	int r = 0;

	nb = btf__new_empty();
	if (!nb)
		return -ENOMEM;
	for (id = 1; id < d->nr_base && r >= 0; id++) {
		if (d->keep[id] != KEEP_BASE)
			continue;
		r = add_distilled(nb, d->base, btf__type_by_id(d->base, id));
		d->map[id] = r;
	}
	if (r >= 0) {
		ns = btf__new_empty_split(nb);
		r = ns ? 0 : -ENOMEM;
	}
	for (id = 1; id < d->nr_base && r >= 0; id++) {
		if (d->keep[id] != KEEP_SPLIT)
			continue;
		r = btf__add_type(ns, d->base, btf__type_by_id(d->base, id));
		d->map[id] = r;
	}
	d->src_first = ns ? btf__type_cnt(ns) : 0;
	for (id = d->nr_base; id < n && r >= 0; id++)
		r = btf__add_type(ns, d->src, btf__type_by_id(d->src, id));
	if (r < 0) {
		btf__free(ns);
		btf__free(nb);
		return r;
	}
	/* every record was copied with its old ids: now re-point them */
	for (id = btf__type_cnt(nb); id < btf__type_cnt(ns); id++)
		btf_visit_type_ids(btf_own_type(ns, id), remap_distill, d);
	nb->ptr_sz = ns->ptr_sz = d->src->ptr_sz;
	*nbp = nb;
	*nsp = ns;
	return 0;
}

LIBBPF_API int btf__distill_base(const struct btf *src_btf, struct btf **new_base_btf,
				 struct btf **new_split_btf)
{
	struct distill d = { .src = src_btf };
	int err;

	if (!src_btf || !new_base_btf || !new_split_btf)
		return libbpf_err(-EINVAL);
	*new_base_btf = *new_split_btf = NULL;
	d.base = src_btf->base;
	if (!d.base || d.base->base) {
		pr_warn("BTF: distill_base: source must be split BTF over a non-split base\n");
		return libbpf_err(-EINVAL);
	}
	d.nr_base = btf__type_cnt(d.base);
	d.keep = calloc(d.nr_base, 1);
	d.map = calloc(d.nr_base, sizeof(*d.map));
	d.stack = calloc(d.nr_base, sizeof(*d.stack));
	err = d.keep && d.map && d.stack ? 0 : -ENOMEM;
	if (!err) {
		mark_all(&d);
		err = build_distilled(&d, new_base_btf, new_split_btf);
	}
	if (err)
		pr_warn("BTF: distill_base: %s\n", errstr(err));
	free(d.keep);
	free(d.map);
	free(d.stack);
	return libbpf_err(err);
}

/* ---- relocate ---- */

struct reloc {
	const struct btf *btf;   /* split BTF on the distilled base */
	const struct btf *dist;  /* its distilled base */
	const struct btf *base;  /* the full base to move onto */
	__u32 nr_dist;           /* type count of dist, void included */
	__u32 nr_base;
	__u32 *sorted;           /* dist ids 1.. sorted by name */
	__u32 *match;            /* per dist id: matched base id, 0 none */
	signed char *score;      /* per dist id: quality of match */
	bool *embedded;          /* per dist id: its size must match */
};

static const char *dist_name(const struct reloc *r, __u32 id)
{
	return btf__name_by_offset(r->dist, btf__type_by_id(r->dist, id)->name_off);
}

static int cmp_dist(const void *a, const void *b, void *ctx)
{
	return strcmp(dist_name(ctx, *(const __u32 *)a), dist_name(ctx, *(const __u32 *)b));
}

static int check_dist(const struct reloc *r)
{
	__u32 id;

	for (id = 1; id < r->nr_dist; id++) {
		const struct btf_type *t = btf__type_by_id(r->dist, id);

		if (!distilled_kind(t) || !t->name_off) {
			pr_warn("BTF: relocate: base type [%u] (kind %u) can't be in a distilled base\n",
				id, btf_kind(t));
			return -EINVAL;
		}
	}
	return 0;
}

/* A struct/union of the distilled base that split BTF holds by value (as a
 * member, possibly through arrays, typedefs or modifiers) must keep its
 * size, or the split layout breaks. */
static void mark_embedded(struct reloc *r)
{
	__u32 id, n = btf__type_cnt(r->btf), i;

	for (id = r->nr_dist; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(r->btf, id);

		if (!btf_is_composite(t))
			continue;
		for (i = 0; i < btf_vlen(t); i++) {
			__u32 m = btf_members(t)[i].type, depth = 0;
			const struct btf_type *mt;

			while (m >= r->nr_dist && depth++ < BTF_MAX_RESOLVE_DEPTH) {
				mt = btf__type_by_id(r->btf, m);
				if (btf_is_array(mt))
					m = btf_array(mt)->type;
				else if (btf_is_typedef(mt) || btf_is_mod(mt) || btf_is_type_tag(mt))
					m = mt->type;
				else
					break;
			}
			if (m && m < r->nr_dist)
				r->embedded[m] = true;
		}
	}
}

/* How well base type bt stands for distilled type dt: -1 not at all, 0
 * usable, 1 exact. Names are already equal. */
static int match_score(const struct reloc *r, __u32 did, const struct btf_type *dt,
		       const struct btf_type *bt)
{
	__u16 dk = btf_kind(dt), bk = btf_kind(bt);

	switch (dk) {
	case BTF_KIND_INT:
		return bk == dk && bt->size == dt->size &&
		       *(const __u32 *)(bt + 1) == *(const __u32 *)(dt + 1) ? 1 : -1;
	case BTF_KIND_FLOAT:
		return bk == dk && bt->size == dt->size ? 1 : -1;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!btf_is_any_enum(bt) || bt->size != dt->size)
			return -1;
		return bk == dk ? 1 : 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (bk != dk)
			return -1;
		if (bt->size == dt->size)
			return 1;
		return r->embedded[did] ? -1 : 0;
	case BTF_KIND_FWD:
		if (bk == BTF_KIND_FWD)
			return btf_kflag(bt) == btf_kflag(dt) ? 1 : -1;
		if (bk == BTF_KIND_STRUCT)
			return btf_kflag(dt) ? -1 : 0;
		if (bk == BTF_KIND_UNION)
			return btf_kflag(dt) ? 0 : -1;
		return -1;
	default:
		return -1;
	}
}

/* First index in sorted whose name is >= name. */
static __u32 lower_bound(const struct reloc *r, const char *name)
{
	__u32 lo = 0, hi = r->nr_dist - 1;

	while (lo < hi) {
		__u32 mid = lo + (hi - lo) / 2;

		if (strcmp(dist_name(r, r->sorted[mid]), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* One pass over the full base; the first best candidate wins. */
static void match_all(struct reloc *r)
{
	__u32 id, i;

	for (id = 1; id < r->nr_base; id++) {
		const struct btf_type *bt = btf__type_by_id(r->base, id);
		const char *name;

		if (!bt->name_off || !distilled_kind(bt))
			continue;
		name = btf__name_by_offset(r->base, bt->name_off);
		for (i = lower_bound(r, name); i < r->nr_dist - 1; i++) {
			__u32 did = r->sorted[i];
			int s;

			if (strcmp(dist_name(r, did), name))
				break;
			s = match_score(r, did, btf__type_by_id(r->dist, did), bt);
			if (s > r->score[did]) {
				r->score[did] = s;
				r->match[did] = id;
			}
		}
	}
}

static int check_matches(const struct reloc *r)
{
	__u32 id;

	for (id = 1; id < r->nr_dist; id++) {
		const struct btf_type *t = btf__type_by_id(r->dist, id);

		if (r->match[id])
			continue;
		pr_warn("BTF: relocate: no base type matches distilled [%u] kind %u '%s' size %u%s\n",
			id, btf_kind(t), dist_name(r, id), t->size,
			r->embedded[id] ? " (embedded: size must match)" : "");
		return -EINVAL;
	}
	return 0;
}

static int remap_reloc(__u32 *id, void *ctx)
{
	const struct reloc *r = ctx;

	if (*id < r->nr_dist)
		*id = *id ? r->match[*id] : 0;
	else
		*id = *id - r->nr_dist + r->nr_base;
	return 0;
}

/* Copy btf's own types onto base with re-pointed ids, then move them in. */
static int rebuild(struct reloc *r, struct btf *btf)
{
	struct btf *out = btf__new_empty_split((struct btf *)r->base);
	__u32 id, n = btf__type_cnt(btf);
	int err = 0;

	if (!out)
		return -ENOMEM;
	for (id = r->nr_dist; id < n && err >= 0; id++)
		err = btf__add_type(out, btf, btf__type_by_id(btf, id));
	if (err < 0) {
		btf__free(out);
		return err;
	}
	for (id = r->nr_base; id < btf__type_cnt(out); id++)
		btf_visit_type_ids(btf_own_type(out, id), remap_reloc, r);
	if (btf->owns_base)
		btf__free(btf->base);
	btf->owns_base = false;
	btf->base = out->base;
	btf->start_id = out->start_id;
	btf->start_str_off = out->start_str_off;
	btf_take_over(btf, out);
	return 0;
}

LIBBPF_API int btf__relocate(struct btf *btf, const struct btf *base_btf)
{
	struct reloc r = { .btf = btf, .base = base_btf };
	int err;

	if (!btf || !base_btf)
		return libbpf_err(-EINVAL);
	r.dist = btf->base;
	if (!r.dist || r.dist->base) {
		pr_warn("BTF: relocate: BTF is not split BTF over a distilled base\n");
		return libbpf_err(-EINVAL);
	}
	r.nr_dist = btf__type_cnt(r.dist);
	r.nr_base = btf__type_cnt(base_btf);
	r.sorted = calloc(r.nr_dist, sizeof(*r.sorted));
	r.match = calloc(r.nr_dist, sizeof(*r.match));
	r.score = malloc(r.nr_dist);
	r.embedded = calloc(r.nr_dist, sizeof(*r.embedded));
	err = r.sorted && r.match && r.score && r.embedded ? 0 : -ENOMEM;
	err = err ?: check_dist(&r);
	if (!err) {
		for (__u32 i = 1; i < r.nr_dist; i++)
			r.sorted[i - 1] = i;
		qsort_r(r.sorted, r.nr_dist - 1, sizeof(*r.sorted), cmp_dist, &r);
		memset(r.score, -1, r.nr_dist);
		mark_embedded(&r);
		match_all(&r);
		err = check_matches(&r);
	}
	err = err ?: rebuild(&r, btf);
	if (err == -ENOMEM)
		pr_warn("BTF: relocate: %s\n", errstr(err));
	free(r.sorted);
	free(r.match);
	free(r.score);
	free(r.embedded);
	return libbpf_err(err);
}
