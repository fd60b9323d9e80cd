// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Whole-BTF rewrites: btf__dedup() merges structurally identical types and
 * drops unused and duplicate strings; btf__permute() reorders types. Both
 * rebuild the type and string sections and rewrite a .BTF.ext alongside.
 *
 * Two types are merged when they are equal field by field and every pair of
 * types they reference is again mergeable; cycles (a struct pointing to
 * itself) are handled because the equivalence is computed as the coarsest
 * stable partition: start from classes of "shallow" equality (everything but
 * referenced ids), then split classes by the classes of the referenced types
 * until nothing changes. Each class keeps its lowest id; for split BTF that
 * can be a base type, so split types identical to base types disappear.
 *
 * A FWD becomes the struct/union of the same name when exactly one such
 * (deduplicated) definition exists, then the whole process runs again since
 * that can make more types identical. VAR and DATASEC are never merged.
 */
#include <stdlib.h>

#include "btf_ext.h"
#include "btf_internal.h"

struct dedup {
	struct btf *btf;
	__u32 cnt;       /* type ids, void and base included */
	__u32 *cls;      /* class of every id */
	__u32 *next_cls; /* classes being computed */
	__u32 *head;     /* hash buckets: first id + 1 */
	__u32 *chain;    /* next id + 1 in the same bucket */
	__u32 mask;
	__u32 *map;      /* old id -> new id */
	__u8 *keep;      /* emitted in the result */
	__u32 fwds;      /* forward declarations resolved */
};

/* Number of type ids referenced by t, and the j-th of them. */
static int type_nrefs(const struct btf_type *t)
{
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
		return 1;
	case BTF_KIND_ARRAY:
		return 2;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
		return btf_vlen(t);
	case BTF_KIND_FUNC_PROTO:
		return btf_vlen(t) + 1;
	default:
		return 0;
	}
}

static __u32 *type_ref(struct btf_type *t, int j)
{
	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY:
		return j ? &btf_array(t)->index_type : &btf_array(t)->type;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return &btf_members(t)[j].type;
	case BTF_KIND_DATASEC:
		return &btf_var_secinfos(t)[j].type;
	case BTF_KIND_FUNC_PROTO:
		return j ? &btf_params(t)[j - 1].type : &t->type;
	default:
		return &t->type;
	}
}

static const char *name_of(const struct btf *btf, __u32 off)
{
	const char *s = btf__str_by_offset(btf, off);

	return s ? s : "";
}

/* Combine h with v. Class numbers are small and often consecutive, so
 * something like h ^ v collides massively; scramble the pair instead. */
static inline __u32 mix(__u32 h, __u32 v)
{
	__u64 x = (((__u64)h << 32) | v) * 0x9e3779b97f4a7c15ULL;

	return (__u32)(x >> 32) ^ (__u32)x;
}

/* Hash of the fields that are neither names nor referenced ids (names are
 * compared as strings in shallow_eq(), ids by class later). */
static __u32 shallow_hash(const struct btf *btf, const struct btf_type *t)
{
	const __u32 *w = (const __u32 *)(t + 1);
	__u32 h = mix(btf_str_hash(name_of(btf, t->name_off)), t->info);
	int i, vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return mix(mix(h, t->size), w[0]);
	case BTF_KIND_FLOAT:
		return mix(h, t->size);
	case BTF_KIND_ARRAY:
		return mix(h, btf_array(t)->nelems);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		h = mix(h, t->size);
		for (i = 0; i < vlen; i++)
			h = mix(mix(h, btf_members(t)[i].offset),
				btf_str_hash(name_of(btf, btf_members(t)[i].name_off)));
		return h;
	case BTF_KIND_ENUM:
		h = mix(h, t->size);
		for (i = 0; i < vlen; i++)
			h = mix(mix(h, w[2 * i + 1]), btf_str_hash(name_of(btf, w[2 * i])));
		return h;
	case BTF_KIND_ENUM64:
		h = mix(h, t->size);
		for (i = 0; i < vlen; i++)
			h = mix(mix(h, w[3 * i + 1]), w[3 * i + 2]);
		return h;
	case BTF_KIND_FUNC_PROTO:
		for (i = 0; i < vlen; i++)
			h = mix(h, btf_str_hash(name_of(btf, btf_params(t)[i].name_off)));
		return h;
	case BTF_KIND_DECL_TAG:
		return mix(h, btf_decl_tag(t)->component_idx);
	default:
		return h;
	}
}

static bool same_str(const struct btf *btf, __u32 a, __u32 b)
{
	return a == b || !strcmp(name_of(btf, a), name_of(btf, b));
}

/* Field-by-field equality of a and b, referenced ids excluded. */
static bool shallow_eq(const struct btf *btf, const struct btf_type *a, const struct btf_type *b)
{
	const struct btf_member *ma = btf_members(a), *mb = btf_members(b);
	const __u32 *wa = (const __u32 *)(a + 1), *wb = (const __u32 *)(b + 1);
	int i, vlen = btf_vlen(a);

	if (a->info != b->info || !same_str(btf, a->name_off, b->name_off))
		return false;
	switch (btf_kind(a)) {
	case BTF_KIND_INT:
		return a->size == b->size && wa[0] == wb[0];
	case BTF_KIND_FLOAT:
		return a->size == b->size;
	case BTF_KIND_ARRAY:
		return btf_array(a)->nelems == btf_array(b)->nelems;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (a->size != b->size)
			return false;
		for (i = 0; i < vlen; i++)
			if (ma[i].offset != mb[i].offset ||
			    !same_str(btf, ma[i].name_off, mb[i].name_off))
				return false;
		return true;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (a->size != b->size)
			return false;
		for (i = 0; i < vlen * (btf_is_enum(a) ? 2 : 3); i++) {
			bool name = i % (btf_is_enum(a) ? 2 : 3) == 0;

			if (name ? !same_str(btf, wa[i], wb[i]) : wa[i] != wb[i])
				return false;
		}
		return true;
	case BTF_KIND_FUNC_PROTO:
		for (i = 0; i < vlen; i++)
			if (!same_str(btf, btf_params(a)[i].name_off, btf_params(b)[i].name_off))
				return false;
		return true;
	case BTF_KIND_DECL_TAG:
		return btf_decl_tag(a)->component_idx == btf_decl_tag(b)->component_idx;
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
		return a == b; /* never merged */
	default: /* FWD, TYPEDEF, PTR, modifiers, FUNC: info + name */
		return true;
	}
}

static __u32 ref_hash(struct dedup *d, __u32 id)
{
	struct btf_type *t = (struct btf_type *)btf__type_by_id(d->btf, id);
	int j, n = type_nrefs(t);
	__u32 h = d->cls[id];

	for (j = 0; j < n; j++)
		h = mix(h, d->cls[*type_ref(t, j)]);
	return h;
}

/* Same class now and referencing the same classes. */
static bool ref_eq(struct dedup *d, __u32 a, __u32 b)
{
	struct btf_type *ta = (struct btf_type *)btf__type_by_id(d->btf, a);
	struct btf_type *tb = (struct btf_type *)btf__type_by_id(d->btf, b);
	int j, n = type_nrefs(ta);

	if (d->cls[a] != d->cls[b])
		return false;
	for (j = 0; j < n; j++)
		if (d->cls[*type_ref(ta, j)] != d->cls[*type_ref(tb, j)])
			return false;
	return true;
}

/* One partition step: the class of every id from the result of key/eq;
 * returns the number of classes. */
static __u32 partition(struct dedup *d, bool initial)
{
	__u32 id, ncls = 1;

	memset(d->head, 0, (d->mask + 1) * sizeof(__u32));
	d->next_cls[0] = 0;
	for (id = 1; id < d->cnt; id++) {
		const struct btf_type *t = btf__type_by_id(d->btf, id);
		__u32 h = initial ? shallow_hash(d->btf, t) : ref_hash(d, id);
		__u32 *slot = &d->head[h & d->mask], other;
		bool found = false;

		for (other = *slot; other; other = d->chain[other - 1]) {
			if (initial ? shallow_eq(d->btf, btf__type_by_id(d->btf, other - 1), t)
				    : ref_eq(d, other - 1, id)) {
				d->next_cls[id] = d->next_cls[other - 1];
				found = true;
				break;
			}
		}
		if (found)
			continue;
		d->next_cls[id] = ncls++;
		d->chain[id] = *slot;
		*slot = id + 1;
	}
	memcpy(d->cls, d->next_cls, d->cnt * sizeof(__u32));
	return ncls;
}

static int dedup_classes(struct dedup *d)
{
	__u32 nb = 16, prev, ncls, rounds = 0;

	while (nb < d->cnt)
		nb <<= 1;
	d->mask = nb - 1;
	d->cls = calloc(d->cnt, sizeof(__u32));
	d->next_cls = calloc(d->cnt, sizeof(__u32));
	d->head = calloc(nb, sizeof(__u32));
	d->chain = calloc(d->cnt, sizeof(__u32));
	d->map = calloc(d->cnt, sizeof(__u32));
	if (!d->cls || !d->next_cls || !d->head || !d->chain || !d->map)
		return -ENOMEM;
	ncls = partition(d, true);
	do {
		prev = ncls;
		ncls = partition(d, false);
		rounds++;
	} while (ncls != prev);
	pr_debug("BTF: dedup: %u ids in %u classes after %u rounds\n", d->cnt, ncls, rounds);
	return 0;
}

/* A forward declaration whose name belongs to exactly one struct (or
 * union, per its kflag) class becomes that struct: alias[] its class to
 * the struct's. Only own FWDs; the base is never changed. */
static void resolve_fwds(struct dedup *d, const __u32 *first, __u32 *alias)
{
	__u32 id, j, nreps = 0, *reps = d->chain; /* chain is free by now */

	for (id = 1; id < d->cnt; id++)
		if (first[d->cls[id]] == id + 1 && btf_is_composite(btf__type_by_id(d->btf, id)))
			reps[nreps++] = id;
	for (id = d->btf->start_id; id < d->cnt; id++) {
		const struct btf_type *f = btf__type_by_id(d->btf, id);
		__u32 want = btf_kflag(f) ? BTF_KIND_UNION : BTF_KIND_STRUCT, target = 0;
		bool unique = true;

		if (!btf_is_fwd(f) || first[d->cls[id]] != id + 1)
			continue;
		for (j = 0; j < nreps && unique; j++) {
			const struct btf_type *t = btf__type_by_id(d->btf, reps[j]);

			if (btf_kind(t) != want || !same_str(d->btf, t->name_off, f->name_off))
				continue;
			if (target && target != d->cls[reps[j]])
				unique = false;
			target = d->cls[reps[j]];
		}
		if (target && unique) {
			alias[d->cls[id]] = target + 1;
			d->fwds++;
		}
	}
}

/* keep[]: the types to emit (first of each class, own, not aliased);
 * map[]: every id to the new id of its class's representative. */
static int dedup_map(struct dedup *d)
{
	__u32 *first = d->next_cls; /* reused: class -> first id + 1 */
	__u32 *alias, id, c, next_id = d->btf->start_id;

	alias = calloc(d->cnt, sizeof(__u32));
	d->keep = calloc(d->cnt, 1);
	if (!alias || !d->keep) {
		free(alias);
		return -ENOMEM;
	}
	memset(first, 0, d->cnt * sizeof(__u32));
	for (id = 1; id < d->cnt; id++)
		if (!first[d->cls[id]])
			first[d->cls[id]] = id + 1;
	resolve_fwds(d, first, alias);
	for (id = 1; id < d->cnt; id++) {
		c = d->cls[id];
		if (first[c] != id + 1 || alias[c])
			continue;
		d->keep[id] = id >= d->btf->start_id;
		d->map[id] = id < d->btf->start_id ? id : next_id++;
	}
	for (id = 1; id < d->cnt; id++) {
		c = alias[d->cls[id]] ? alias[d->cls[id]] - 1 : d->cls[id];
		d->map[id] = d->map[first[c] - 1];
	}
	free(alias);
	return 0;
}

struct rebuild {
	struct dedup *d;
	struct btf *out;
};

static int ext_str(__u32 *off, void *ctx)
{
	struct rebuild *rb = ctx;
	const char *s = btf__str_by_offset(rb->d->btf, *off);
	int r;

	if (!s)
		return -EINVAL;
	r = btf__add_str(rb->out, s);
	if (r < 0)
		return r;
	*off = r;
	return 0;
}

static int ext_id(__u32 *id, void *ctx)
{
	struct rebuild *rb = ctx;

	if (*id >= rb->d->cnt)
		return -EINVAL;
	*id = rb->d->map[*id];
	return 0;
}

/* Build the deduplicated BTF: lowest member of each own class, in order,
 * with referenced ids remapped and strings re-added (deduplicated). */
static struct btf *dedup_rebuild(struct dedup *d)
{
	struct btf *btf = d->btf, *out;
	__u32 id;
	int j, r;

	out = btf->base ? btf__new_empty_split(btf->base) : btf__new_empty();
	if (!out)
		return NULL;
	for (id = btf->start_id; id < d->cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		int size = btf_type_rec_size(t), n = type_nrefs(t);
		struct btf_type *tmp;

		/* Only the first of each class is kept; the others (and
		 * types equal to a base type) map to another id. */
		if (!d->keep[id])
			continue;
		tmp = malloc(size);
		if (!tmp)
			goto err;
		memcpy(tmp, t, size);
		for (j = 0; j < n; j++) {
			__u32 *ref = type_ref(tmp, j);

			*ref = *ref < d->cnt ? d->map[*ref] : *ref;
		}
		r = btf__add_type(out, btf, tmp);
		free(tmp);
		if (r < 0)
			goto err;
	}
	return out;
err:
	btf__free(out);
	return NULL;
}

static int dedup_once(struct btf *btf, struct btf_ext *ext, __u32 *fwds)
{
	struct dedup d = { .btf = btf };
	struct rebuild rb = { .d = &d };
	int err;

	d.cnt = btf__type_cnt(btf);
	err = dedup_classes(&d);
	if (!err)
		err = dedup_map(&d);
	if (err)
		goto out;
	rb.out = dedup_rebuild(&d);
	if (!rb.out) {
		err = -ENOMEM;
		goto out;
	}
	if (ext) {
		err = btf_ext_visit(ext, ext_str, ext_id, &rb);
		if (err) {
			btf__free(rb.out);
			goto out;
		}
	}
	btf_take_over(btf, rb.out);
	*fwds = d.fwds;
out:
	free(d.cls);
	free(d.next_cls);
	free(d.head);
	free(d.chain);
	free(d.map);
	free(d.keep);
	return err;
}

LIBBPF_API int btf__dedup(struct btf *btf, const struct btf_dedup_opts *opts)
{
	struct btf_ext *ext = OPTS_GET(opts, btf_ext, NULL);
	__u32 fwds = 0;
	int err, pass;

	if (!OPTS_VALID(opts, btf_dedup_opts))
		return libbpf_err(-EINVAL);
	/* Resolving a FWD can make more types identical (a pointer to the
	 * FWD and one to the struct): go again until nothing changes. */
	for (pass = 0; pass < 4; pass++) {
		err = dedup_once(btf, ext, &fwds);
		if (err) {
			pr_warn("BTF: dedup failed: %s\n", errstr(err));
			return libbpf_err(err);
		}
		if (!fwds)
			break;
	}
	return 0;
}

/* btf__permute(): the same rebuild with an order chosen by the caller. */

/* Index of the own type id in id_map given how the caller sized it. */
static int permute_base_idx(const struct btf *btf, __u32 id_map_cnt, const __u32 *id_map)
{
	if (id_map_cnt == btf->nr_types)
		return 0; /* id_map[id - start_id] */
	/* A base BTF may also pass void: id_map[id], id_map[0] == 0. */
	if (!btf->base && id_map_cnt == btf->nr_types + 1 && id_map[0] == 0)
		return 1;
	return -1;
}

LIBBPF_API int btf__permute(struct btf *btf, __u32 *id_map, __u32 id_map_cnt,
			    const struct btf_permute_opts *opts)
{
	struct dedup d = { .btf = btf };
	struct rebuild rb = { .d = &d };
	__u32 i, n = btf->nr_types, start = btf->start_id, *order;
	struct btf_ext *ext;
	int off, err = 0;

	if (!OPTS_VALID(opts, btf_permute_opts) || !id_map)
		return libbpf_err(-EINVAL);
	off = permute_base_idx(btf, id_map_cnt, id_map);
	if (off < 0) {
		pr_warn("BTF: permute: id map of %u entries for %u types\n", id_map_cnt, n);
		return libbpf_err(-EINVAL);
	}
	d.cnt = btf__type_cnt(btf);
	d.map = calloc(d.cnt, sizeof(__u32));
	order = calloc(n ? n : 1, sizeof(__u32));
	if (!d.map || !order) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < start; i++)
		d.map[i] = i;
	for (i = 0; i < n; i++) {
		__u32 to = id_map[i + off];

		if (to < start || to - start >= n || order[to - start]) {
			pr_warn("BTF: permute: type %u mapped to invalid or repeated id %u\n",
				start + i, to);
			err = -EINVAL;
			goto out;
		}
		order[to - start] = start + i;
		d.map[start + i] = to;
	}
	rb.out = btf->base ? btf__new_empty_split(btf->base) : btf__new_empty();
	if (!rb.out) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !err; i++) {
		const struct btf_type *t = btf__type_by_id(btf, order[i]);
		int size = btf_type_rec_size(t), j, nrefs = type_nrefs(t);
		struct btf_type *tmp = malloc(size);

		if (!tmp) {
			err = -ENOMEM;
			break;
		}
		memcpy(tmp, t, size);
		for (j = 0; j < nrefs; j++) {
			__u32 *ref = type_ref(tmp, j);

			*ref = *ref < d.cnt ? d.map[*ref] : *ref;
		}
		err = btf__add_type(rb.out, btf, tmp);
		err = err < 0 ? err : 0;
		free(tmp);
	}
	ext = OPTS_GET(opts, btf_ext, NULL);
	if (!err && ext)
		err = btf_ext_visit(ext, ext_str, ext_id, &rb);
	if (err)
		btf__free(rb.out);
	else
		btf_take_over(btf, rb.out);
out:
	free(order);
	free(d.map);
	return libbpf_err(err);
}
