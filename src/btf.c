// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF parsing and queries. Parsing validates the whole blob in a single pass
 * over the type section (byte-swapping on the way when needed) and records
 * one offset per type; nothing else is allocated per type. Lookups by name
 * go through a hash index built on first use.
 */
#include <byteswap.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "btf_internal.h"

#define VMLINUX_BTF_PATH "/sys/kernel/btf/vmlinux"

static struct btf_type btf_void_type;

int btf_type_rec_size(const struct btf_type *t)
{
	int base = sizeof(struct btf_type);
	__u16 vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_FWD:
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return base;
	case BTF_KIND_INT:
		return base + sizeof(__u32);
	case BTF_KIND_ARRAY:
		return base + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return base + vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return base + vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return base + vlen * 3 * sizeof(__u32);
	case BTF_KIND_FUNC_PROTO:
		return base + vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return base + sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return base + vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return base + sizeof(__u32);
	default:
		return -1;
	}
}

void btf_swap_words(void *p, size_t size)
{
	__u32 *w = p;
	size_t i;

	for (i = 0; i < size / 4; i++)
		w[i] = bswap_32(w[i]);
}

static const char *const kind_names[NR_BTF_KINDS] = {
	[BTF_KIND_UNKN] = "UNKNOWN",	[BTF_KIND_INT] = "INT",
	[BTF_KIND_PTR] = "PTR",		[BTF_KIND_ARRAY] = "ARRAY",
	[BTF_KIND_STRUCT] = "STRUCT",	[BTF_KIND_UNION] = "UNION",
	[BTF_KIND_ENUM] = "ENUM",	[BTF_KIND_FWD] = "FWD",
	[BTF_KIND_TYPEDEF] = "TYPEDEF", [BTF_KIND_VOLATILE] = "VOLATILE",
	[BTF_KIND_CONST] = "CONST",	[BTF_KIND_RESTRICT] = "RESTRICT",
	[BTF_KIND_FUNC] = "FUNC",	[BTF_KIND_FUNC_PROTO] = "FUNC_PROTO",
	[BTF_KIND_VAR] = "VAR",		[BTF_KIND_DATASEC] = "DATASEC",
	[BTF_KIND_FLOAT] = "FLOAT",	[BTF_KIND_DECL_TAG] = "DECL_TAG",
	[BTF_KIND_TYPE_TAG] = "TYPE_TAG", [BTF_KIND_ENUM64] = "ENUM64",
};

const char *btf_kind_str(__u16 kind)
{
	return kind < NR_BTF_KINDS ? kind_names[kind] : "UNKNOWN";
}

/* ---- header and section layout ---- */

static int btf_parse_hdr(struct btf *btf, bool swap)
{
	const __u8 *raw = btf->blob;
	size_t size = btf->blob_size, data_sz, i;
	struct btf_header *h = &btf->hdr;
	__u64 t_end, s_end;

	if (size < sizeof(struct btf_header)) {
		pr_warn("BTF: blob of %zu bytes is smaller than the header\n", size);
		return -EINVAL;
	}
	memcpy(h, raw, sizeof(*h));
	if (swap) {
		h->magic = bswap_16(h->magic);
		h->hdr_len = bswap_32(h->hdr_len);
		h->type_off = bswap_32(h->type_off);
		h->type_len = bswap_32(h->type_len);
		h->str_off = bswap_32(h->str_off);
		h->str_len = bswap_32(h->str_len);
	}
	if (h->version != BTF_VERSION) {
		pr_warn("BTF: unsupported version %u\n", h->version);
		return -EINVAL;
	}
	if (h->hdr_len < sizeof(struct btf_header) || h->hdr_len > size) {
		pr_warn("BTF: header length %u out of range (blob %zu bytes)\n", h->hdr_len, size);
		return -EINVAL;
	}
	/* A longer header from a newer producer is fine only if we lose nothing. */
	for (i = sizeof(struct btf_header); i < h->hdr_len; i++) {
		if (raw[i]) {
			pr_warn("BTF: unknown non-zero header fields (hdr_len %u)\n", h->hdr_len);
			return -EINVAL;
		}
	}
	data_sz = size - h->hdr_len;
	t_end = (__u64)h->type_off + h->type_len;
	s_end = (__u64)h->str_off + h->str_len;
	if (t_end > data_sz || s_end > data_sz) {
		pr_warn("BTF: type [%u,+%u) or string [%u,+%u) section beyond data of %zu bytes\n",
			h->type_off, h->type_len, h->str_off, h->str_len, data_sz);
		return -EINVAL;
	}
	if (h->type_len && h->str_len && h->type_off < s_end && h->str_off < t_end) {
		pr_warn("BTF: type and string sections overlap\n");
		return -EINVAL;
	}
	if ((h->hdr_len + h->type_off) % 4) {
		pr_warn("BTF: type section at %u is not 4-byte aligned\n", h->hdr_len + h->type_off);
		return -EINVAL;
	}
	if (h->str_len > BTF_MAX_STR_OFFSET) {
		pr_warn("BTF: string section of %u bytes too large\n", h->str_len);
		return -EINVAL;
	}
	btf->types = (char *)btf->blob + h->hdr_len + h->type_off;
	btf->strs = (char *)btf->blob + h->hdr_len + h->str_off;
	if (!btf->base && (!h->str_len || btf->strs[0])) {
		pr_warn("BTF: string section must start with an empty string\n");
		return -EINVAL;
	}
	if (h->str_len && btf->strs[h->str_len - 1]) {
		pr_warn("BTF: string section is not NUL-terminated\n");
		return -EINVAL;
	}
	return 0;
}

/* ---- per-type validation ---- */

struct parse_ctx {
	struct btf *btf;
	__u32 id;        /* id of the type being checked */
	__u32 strs_end;  /* first invalid string offset */
	__u32 max_ref;   /* largest type id referenced so far */
};

static int bad_type(const struct parse_ctx *c, const struct btf_type *t, const char *why)
{
	pr_warn("BTF: type [%u] %s: %s\n", c->id, btf_kind_str(btf_kind(t)), why);
	return -EINVAL;
}

static inline void note_ref(struct parse_ctx *c, __u32 ref)
{
	if (ref > c->max_ref)
		c->max_ref = ref;
}

static inline bool str_ok(const struct parse_ctx *c, __u32 off)
{
	return off < c->strs_end;
}

static int check_int(struct parse_ctx *c, const struct btf_type *t)
{
	__u32 v = *(const __u32 *)(t + 1);
	__u8 enc = BTF_INT_ENCODING(v);

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8 && t->size != 16)
		return bad_type(c, t, "invalid size");
	if (v & 0xf000ff00)
		return bad_type(c, t, "reserved bits set");
	if (BTF_INT_BITS(v) > 128 || BTF_INT_OFFSET(v) + BTF_INT_BITS(v) > t->size * 8)
		return bad_type(c, t, "bits/offset exceed the size");
	if (enc && enc != BTF_INT_SIGNED && enc != BTF_INT_CHAR && enc != BTF_INT_BOOL)
		return bad_type(c, t, "invalid encoding");
	return 0;
}

static int check_members(struct parse_ctx *c, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	__u64 bits = (__u64)t->size * 8;
	__u16 i, vlen = btf_vlen(t);

	for (i = 0; i < vlen; i++, m++) {
		__u32 off = btf_member_bit_offset(t, i);
		__u32 bsz = btf_member_bitfield_size(t, i);

		if (!str_ok(c, m->name_off))
			return bad_type(c, t, "member name offset out of range");
		note_ref(c, m->type);
		if ((__u64)off + bsz > bits)
			return bad_type(c, t, "member beyond the type's size");
	}
	return 0;
}

static int check_named_list(struct parse_ctx *c, const struct btf_type *t, size_t stride,
			    bool has_type)
{
	const __u32 *w = (const __u32 *)(t + 1);
	__u16 i, vlen = btf_vlen(t);

	/* enum, enum64 and func_proto entries all start with name_off, and
	 * params carry the type id in the second word. */
	for (i = 0; i < vlen; i++, w += stride / 4) {
		if (!str_ok(c, w[0]))
			return bad_type(c, t, "entry name offset out of range");
		if (has_type)
			note_ref(c, w[1]);
	}
	return 0;
}

static int check_datasec(struct parse_ctx *c, const struct btf_type *t)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	__u16 i, vlen = btf_vlen(t);

	for (i = 0; i < vlen; i++, v++)
		note_ref(c, v->type);
	return 0;
}

static bool kind_has_vlen(__u16 kind)
{
	switch (kind) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_DATASEC:
	case BTF_KIND_FUNC: /* vlen holds the linkage */
		return true;
	default:
		return false;
	}
}

static int check_type(struct parse_ctx *c, const struct btf_type *t)
{
	__u16 kind = btf_kind(t);

	if (!str_ok(c, t->name_off))
		return bad_type(c, t, "name offset out of range");
	if (!kind_has_vlen(kind) && btf_vlen(t))
		return bad_type(c, t, "vlen must be 0");
	switch (kind) {
	case BTF_KIND_INT:
		return check_int(c, t);
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		note_ref(c, t->type);
		return 0;
	case BTF_KIND_FUNC:
		if (btf_vlen(t) > BTF_FUNC_EXTERN)
			return bad_type(c, t, "invalid linkage");
		note_ref(c, t->type);
		return 0;
	case BTF_KIND_VAR:
		if (btf_var(t)->linkage > BTF_VAR_GLOBAL_EXTERN)
			return bad_type(c, t, "invalid linkage");
		note_ref(c, t->type);
		return 0;
	case BTF_KIND_DECL_TAG:
		if (btf_decl_tag(t)->component_idx < -1)
			return bad_type(c, t, "invalid component index");
		note_ref(c, t->type);
		return 0;
	case BTF_KIND_ARRAY:
		note_ref(c, btf_array(t)->type);
		note_ref(c, btf_array(t)->index_type);
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return check_members(c, t);
	case BTF_KIND_ENUM:
		return check_named_list(c, t, sizeof(struct btf_enum), false);
	case BTF_KIND_ENUM64:
		return check_named_list(c, t, 3 * sizeof(__u32), false);
	case BTF_KIND_FUNC_PROTO:
		note_ref(c, t->type);
		return check_named_list(c, t, sizeof(struct btf_param), true);
	case BTF_KIND_DATASEC:
		return check_datasec(c, t);
	default: /* FWD, FLOAT: nothing referenced */
		return 0;
	}
}

/* Slow path for the error message: which type references a missing id. */
static void report_bad_ref(const struct btf *btf, __u32 cnt)
{
	struct parse_ctx c = { .strs_end = UINT32_MAX };
	__u32 i;

	for (i = 0; i < btf->nr_types; i++) {
		const struct btf_type *t = btf_own_type(btf, btf->start_id + i);

		c.id = btf->start_id + i;
		c.max_ref = 0;
		check_type(&c, t);
		if (c.max_ref >= cnt) {
			pr_warn("BTF: type [%u] %s references type id %u beyond the last id %u\n",
				c.id, btf_kind_str(btf_kind(t)), c.max_ref, cnt - 1);
			return;
		}
	}
}

/*
 * Fast path of validation. Parsing vmlinux must be cheap, so the per-type
 * work avoids branches: string offsets and referenced ids only feed running
 * maxima checked once at the end, and kind-specific rules set a flag. Only
 * when something is off does the slow, precise check_type() run to name the
 * culprit in the log.
 */
struct scan {
	__u32 max_str;
	__u32 max_ref;
	__u32 bad;
};

#define ALWAYS_INLINE inline __attribute__((always_inline))

static ALWAYS_INLINE void scan_members(struct scan *s, const struct btf_type *t, __u32 vlen)
{
	const struct btf_member *m = btf_members(t);
	__u64 bits = (__u64)t->size * 8, end;
	bool kflag = btf_kflag(t);
	__u32 i;

	for (i = 0; i < vlen; i++, m++) {
		s->max_str = max(s->max_str, m->name_off);
		s->max_ref = max(s->max_ref, m->type);
		end = kflag ? (__u64)BTF_MEMBER_BIT_OFFSET(m->offset) +
				      BTF_MEMBER_BITFIELD_SIZE(m->offset)
			    : m->offset;
		s->bad |= end > bits;
	}
}

/* Entries starting with name_off; has_type: the next word is a type id. */
static ALWAYS_INLINE void scan_list(struct scan *s, const __u32 *w, __u32 vlen, __u32 words,
				    bool has_type)
{
	__u32 i;

	for (i = 0; i < vlen; i++, w += words) {
		s->max_str = max(s->max_str, w[0]);
		if (has_type)
			s->max_ref = max(s->max_ref, w[1]);
	}
}

static ALWAYS_INLINE void scan_secinfos(struct scan *s, const struct btf_var_secinfo *v,
					 __u32 vlen)
{
	__u32 i;

	for (i = 0; i < vlen; i++)
		s->max_ref = max(s->max_ref, v[i].type);
}

static bool int_ok(const struct btf_type *t)
{
	__u32 v = *(const __u32 *)(t + 1);
	__u8 enc = BTF_INT_ENCODING(v);

	return (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8 || t->size == 16) &&
	       !(v & 0xf000ff00) && BTF_INT_BITS(v) <= 128 &&
	       BTF_INT_OFFSET(v) + BTF_INT_BITS(v) <= t->size * 8 &&
	       (!enc || enc == BTF_INT_SIGNED || enc == BTF_INT_CHAR || enc == BTF_INT_BOOL);
}

/* Record size of t (bounded by avail), or -1 when t is unknown or
 * truncated; rule violations set s->bad. */
static ALWAYS_INLINE long scan_type(struct scan *s, const struct btf_type *t, size_t avail)
{
	__u32 vlen = btf_vlen(t), kind = btf_kind(t);
	const struct btf_array *a;
	size_t rec = sizeof(*t);

	s->max_str = max(s->max_str, t->name_off);
	/* FUNC and FUNC_PROTO are two thirds of vmlinux: branches predict
	 * them better than the jump table does. */
	if (kind == BTF_KIND_FUNC) {
		s->bad |= vlen > BTF_FUNC_EXTERN;
		s->max_ref = max(s->max_ref, t->type);
		return rec;
	}
	if (kind == BTF_KIND_FUNC_PROTO) {
		rec += (size_t)vlen * sizeof(struct btf_param);
		if (rec > avail)
			return -1;
		s->max_ref = max(s->max_ref, t->type);
		scan_list(s, (const __u32 *)(t + 1), vlen, 2, true);
		return rec;
	}
	switch (kind) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		s->bad |= vlen;
		s->max_ref = max(s->max_ref, t->type);
		return rec;
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		s->bad |= vlen;
		return rec;
	case BTF_KIND_INT:
		rec += 4;
		if (rec > avail)
			return -1;
		s->bad |= vlen || !int_ok(t);
		return rec;
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		rec += 4;
		if (rec > avail)
			return -1;
		s->bad |= vlen;
		s->bad |= kind == BTF_KIND_VAR ? btf_var(t)->linkage > BTF_VAR_GLOBAL_EXTERN
					       : btf_decl_tag(t)->component_idx < -1;
		s->max_ref = max(s->max_ref, t->type);
		return rec;
	case BTF_KIND_ARRAY:
		rec += sizeof(*a);
		if (rec > avail)
			return -1;
		a = btf_array(t);
		s->bad |= vlen;
		s->max_ref = max(s->max_ref, max(a->type, a->index_type));
		return rec;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		rec += (size_t)vlen * sizeof(struct btf_member);
		if (rec > avail)
			return -1;
		scan_members(s, t, vlen);
		return rec;
	case BTF_KIND_ENUM:
		rec += (size_t)vlen * sizeof(struct btf_enum);
		if (rec > avail)
			return -1;
		scan_list(s, (const __u32 *)(t + 1), vlen, 2, false);
		return rec;
	case BTF_KIND_ENUM64:
		rec += (size_t)vlen * 12;
		if (rec > avail)
			return -1;
		scan_list(s, (const __u32 *)(t + 1), vlen, 3, false);
		return rec;
	case BTF_KIND_DATASEC:
		rec += (size_t)vlen * sizeof(struct btf_var_secinfo);
		if (rec > avail)
			return -1;
		scan_secinfos(s, btf_var_secinfos(t), vlen);
		return rec;
	default:
		return -1;
	}
}

/* Precise diagnosis of a record the fast path rejected. */
static int report_bad_type(struct btf *btf, struct btf_type *t, __u32 id, size_t avail)
{
	struct parse_ctx c = { .btf = btf, .id = id, .strs_end = UINT32_MAX };
	int rec = btf_type_rec_size(t);

	if (rec < 0) {
		pr_warn("BTF: type [%u]: unknown kind %u\n", id, btf_kind(t));
		return -EINVAL;
	}
	if ((size_t)rec > avail) {
		pr_warn("BTF: type [%u] %s: vlen %u needs %d bytes, %zu left\n", id,
			btf_kind_str(btf_kind(t)), btf_vlen(t), rec, avail);
		return -EINVAL;
	}
	if (!check_type(&c, t))
		pr_warn("BTF: type [%u] %s: invalid\n", id, btf_kind_str(btf_kind(t)));
	return -EINVAL;
}

/* Some name offset or type id is out of range: find which, for the log. */
static int report_bad_refs(struct btf *btf)
{
	struct parse_ctx c = { .btf = btf };
	__u32 i, cnt = btf->start_id + btf->nr_types;
	int err;

	c.strs_end = btf->start_str_off + btf->hdr.str_len;
	for (i = 0; i < btf->nr_types; i++) {
		c.id = btf->start_id + i;
		err = check_type(&c, btf_own_type(btf, c.id));
		if (err)
			return err;
	}
	if (c.max_ref >= cnt) {
		report_bad_ref(btf, cnt);
		return -EINVAL;
	}
	return 0;
}

static int btf_parse_types(struct btf *btf, bool swap)
{
	char *start = btf->types, *p = start, *end = start + btf->hdr.type_len;
	size_t cap = btf->hdr.type_len / sizeof(struct btf_type) + 1;
	__u32 n = 0, *offs;
	struct scan s = {};
	long rec;

	offs = malloc(cap * sizeof(__u32));
	if (!offs)
		return -ENOMEM;
	btf->type_offs = offs;
	btf->type_offs_cap = cap;
	while (p < end) {
		struct btf_type *t = (struct btf_type *)p;
		size_t avail = end - p;

		if (avail < sizeof(*t)) {
			pr_warn("BTF: type [%u]: truncated record header\n", btf->start_id + n);
			return -EINVAL;
		}
		if (swap) {
			btf_swap_words(t, sizeof(*t));
			rec = btf_type_rec_size(t);
			if (rec > 0 && (size_t)rec <= avail)
				btf_swap_words(t + 1, rec - sizeof(*t));
		}
		rec = scan_type(&s, t, avail);
		if (rec < 0 || s.bad)
			return report_bad_type(btf, t, btf->start_id + n, avail);
		offs[n++] = p - start;
		p += rec;
	}
	btf->nr_types = n;
	if ((__u64)btf->start_id + n > BTF_MAX_NR_TYPES) {
		pr_warn("BTF: too many types\n");
		return -E2BIG;
	}
	if (s.max_str >= btf->start_str_off + btf->hdr.str_len || s.max_ref >= btf->start_id + n)
		return report_bad_refs(btf);
	return 0;
}

/* ---- construction from a blob ---- */

void btf_release_blob(struct btf *btf)
{
	if (!btf->blob)
		return;
	btf_release_file(btf->blob, btf->blob_size, btf->blob_mmaped);
	btf->blob = NULL;
}

static struct btf *btf_alloc(struct btf *base)
{
	struct btf *btf = calloc(1, sizeof(*btf));

	if (!btf)
		return NULL;
	btf->fd = -1;
	btf->base = base;
	btf->start_id = 1;
	btf->big_endian = host_is_big_endian();
	if (base) {
		btf->start_id = btf__type_cnt(base);
		btf->start_str_off = base->start_str_off + base->hdr.str_len;
		btf->ptr_sz = base->ptr_sz > 0 ? base->ptr_sz : 0;
	}
	return btf;
}

struct btf *btf_new_from_blob(void *blob, size_t size, bool mmaped, struct btf *base)
{
	bool swap = false;
	struct btf *btf;
	int err;

	if (size >= 2) {
		__u16 magic = *(const __u16 *)blob;

		if (magic == bswap_16(BTF_MAGIC)) {
			swap = true;
		} else if (magic != BTF_MAGIC) {
			pr_warn("BTF: bad magic 0x%04x\n", magic);
			btf_release_file(blob, size, mmaped);
			return libbpf_err_ptr(-EINVAL);
		}
	}
	if (swap && mmaped) {
		/* Swapping happens in place: take a private writable copy. */
		void *copy = malloc(size);

		if (!copy) {
			btf_release_file(blob, size, mmaped);
			return libbpf_err_ptr(-ENOMEM);
		}
		memcpy(copy, blob, size);
		btf_release_file(blob, size, mmaped);
		blob = copy;
		mmaped = false;
	}
	btf = btf_alloc(base);
	if (!btf) {
		btf_release_file(blob, size, mmaped);
		return libbpf_err_ptr(-ENOMEM);
	}
	btf->blob = blob;
	btf->blob_size = size;
	btf->blob_mmaped = mmaped;
	if (swap)
		btf->big_endian = !host_is_big_endian();
	err = btf_parse_hdr(btf, swap);
	if (!err)
		err = btf_parse_types(btf, swap);
	/* The blob is host order from now on, its header included. */
	if (!err && swap)
		memcpy(blob, &btf->hdr, sizeof(btf->hdr));
	if (err) {
		btf__free(btf);
		return libbpf_err_ptr(err);
	}
	return btf;
}

static struct btf *btf_new_copy(const void *data, __u32 size, struct btf *base)
{
	void *copy;

	if (!data) {
		pr_warn("BTF: NULL data\n");
		return libbpf_err_ptr(-EINVAL);
	}
	copy = malloc(size ? size : 1);
	if (!copy)
		return libbpf_err_ptr(-ENOMEM);
	memcpy(copy, data, size);
	return btf_new_from_blob(copy, size, false, base);
}

LIBBPF_API struct btf *btf__new(const void *data, __u32 size)
{
	return btf_new_copy(data, size, NULL);
}

LIBBPF_API struct btf *btf__new_split(const void *data, __u32 size, struct btf *base_btf)
{
	return btf_new_copy(data, size, base_btf);
}

static struct btf *btf_new_empty(struct btf *base)
{
	struct btf *btf = btf_alloc(base);

	if (!btf)
		return libbpf_err_ptr(-ENOMEM);
	btf->hdr.magic = BTF_MAGIC;
	btf->hdr.version = BTF_VERSION;
	btf->hdr.hdr_len = sizeof(struct btf_header);
	btf->types_cap = 64;
	btf->types = malloc(btf->types_cap);
	btf->strs_cap = 64;
	btf->strs = calloc(1, btf->strs_cap);
	if (!btf->types || !btf->strs) {
		btf__free(btf);
		return libbpf_err_ptr(-ENOMEM);
	}
	/* A base BTF's strings start with "" at offset 0; a split BTF reuses
	 * its base's empty string instead. */
	btf->hdr.str_len = base ? 0 : 1;
	return btf;
}

LIBBPF_API struct btf *btf__new_empty(void)
{
	return btf_new_empty(NULL);
}

LIBBPF_API struct btf *btf__new_empty_split(struct btf *base_btf)
{
	return btf_new_empty(base_btf);
}

LIBBPF_API void btf__free(struct btf *btf)
{
	if (!btf)
		return;
	if (btf->fd >= 0)
		close(btf->fd);
	if (btf->types_cap)
		free(btf->types);
	if (btf->strs_cap)
		free(btf->strs);
	btf_release_blob(btf);
	free(btf->type_offs);
	free(btf->raw_cache);
	btf_names_free(btf);
	btf_str_set_free(btf);
	if (btf->owns_base)
		btf__free(btf->base);
	free(btf);
}

/* ---- files ---- */

/*
 * The running kernel's BTF cannot change until reboot, and each fresh
 * mapping of it costs a page fault per 4 KiB on first access. Programs that
 * load several objects parse it again and again, so the first mapping of
 * /sys/kernel/btf/vmlinux is kept for the life of the process (read-only,
 * no memory of its own) and every later parse borrows it. Each parse still
 * validates the data.
 */
static pthread_mutex_t vmlinux_map_lock = PTHREAD_MUTEX_INITIALIZER;
static void *vmlinux_map;
static size_t vmlinux_map_size;

static bool is_vmlinux_map(const void *p)
{
	return p && p == __atomic_load_n(&vmlinux_map, __ATOMIC_ACQUIRE);
}

/* Adopt a fresh mapping of vmlinux as the shared one, or swap it for the
 * shared one if another thread got there first. */
static void *share_vmlinux_map(void *p, size_t *size)
{
	pthread_mutex_lock(&vmlinux_map_lock);
	if (!vmlinux_map) {
		vmlinux_map_size = *size;
		__atomic_store_n(&vmlinux_map, p, __ATOMIC_RELEASE);
	} else {
		munmap(p, *size);
		p = vmlinux_map;
		*size = vmlinux_map_size;
	}
	pthread_mutex_unlock(&vmlinux_map_lock);
	return p;
}

int btf_read_file(const char *path, void **data, size_t *size, bool *mmaped)
{
	bool is_vmlinux = !strcmp(path, VMLINUX_BTF_PATH);
	struct stat st;
	int fd, err;

	if (is_vmlinux && __atomic_load_n(&vmlinux_map, __ATOMIC_ACQUIRE)) {
		*data = vmlinux_map;
		*size = vmlinux_map_size;
		*mmaped = true;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*mmaped = false;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0) {
		/* Private and writable (copy-on-write) like a heap copy, since
		 * callers may patch types in place; the kernel's vmlinux BTF
		 * can only be mapped read-only. */
		int prot = is_vmlinux ? PROT_READ : PROT_READ | PROT_WRITE;
		void *p = mmap(NULL, st.st_size, prot, MAP_PRIVATE | MAP_POPULATE, fd, 0);

		if (p != MAP_FAILED) {
			*size = st.st_size;
			*data = is_vmlinux ? share_vmlinux_map(p, size) : p;
			*mmaped = true;
			close(fd);
			return 0;
		}
	}
	err = read_fd_all(fd, data, size, SIZE_MAX);
	close(fd);
	return err;
}

void btf_release_file(void *data, size_t size, bool mmaped)
{
	if (is_vmlinux_map(data))
		return; /* shared, kept for later parses */
	if (mmaped)
		munmap(data, size);
	else
		free(data);
}

static struct btf *btf_parse_raw_file(const char *path, struct btf *base)
{
	bool mmaped;
	size_t size;
	void *data;
	__u16 magic;
	int err;

	if (!path)
		return libbpf_err_ptr(-EINVAL);
	err = btf_read_file(path, &data, &size, &mmaped);
	if (err) {
		pr_warn("BTF: can't read '%s': %s\n", path, errstr(err));
		return libbpf_err_ptr(err);
	}
	magic = size >= 2 ? *(const __u16 *)data : 0;
	if (magic != BTF_MAGIC && magic != bswap_16(BTF_MAGIC)) {
		/* Not raw BTF: callers like btf__parse() then try ELF. */
		btf_release_file(data, size, mmaped);
		return libbpf_err_ptr(-EPROTO);
	}
	return btf_new_from_blob(data, size, mmaped, base);
}

LIBBPF_API struct btf *btf__parse_raw(const char *path)
{
	return btf_parse_raw_file(path, NULL);
}

LIBBPF_API struct btf *btf__parse_raw_split(const char *path, struct btf *base_btf)
{
	return btf_parse_raw_file(path, base_btf);
}

LIBBPF_API struct btf *btf__load_vmlinux_btf(void)
{
	struct btf *btf;

	if (access(VMLINUX_BTF_PATH, R_OK))
		return btf_load_vmlinux_fallback();
	btf = btf__parse_raw(VMLINUX_BTF_PATH);
	return libbpf_ptr(btf);
}

LIBBPF_API struct btf *libbpf_find_kernel_btf(void)
{
	return btf__load_vmlinux_btf();
}

LIBBPF_API struct btf *btf__load_module_btf(const char *module_name, struct btf *vmlinux_btf)
{
	char path[256];

	if (!module_name || !*module_name || strchr(module_name, '/') ||
	    strlen(module_name) > 200) {
		pr_warn("BTF: invalid module name\n");
		return libbpf_err_ptr(-EINVAL);
	}
	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", module_name);
	return btf__parse_raw_split(path, vmlinux_btf);
}

/* ---- queries ---- */

LIBBPF_API __u32 btf__type_cnt(const struct btf *btf)
{
	return btf->start_id + btf->nr_types;
}

LIBBPF_API const struct btf *btf__base_btf(const struct btf *btf)
{
	return btf->base;
}

LIBBPF_API const struct btf_type *btf__type_by_id(const struct btf *btf, __u32 id)
{
	/* Own types first: the common case is a single compare. */
	if (__builtin_expect(id - btf->start_id < btf->nr_types, 1))
		return btf_own_type(btf, id);
	if (id == 0)
		return &btf_void_type;
	while (id < btf->start_id)
		btf = btf->base;
	if (id - btf->start_id >= btf->nr_types)
		return libbpf_err_ptr(-EINVAL);
	return btf_own_type(btf, id);
}

static const char *str_by_offset(const struct btf *btf, __u32 offset)
{
	if (__builtin_expect(offset - btf->start_str_off < btf->hdr.str_len, 1))
		return btf->strs + (offset - btf->start_str_off);
	while (offset < btf->start_str_off)
		btf = btf->base;
	offset -= btf->start_str_off;
	if (offset < btf->hdr.str_len)
		return btf->strs + offset;
	return libbpf_err_ptr(-EINVAL);
}

LIBBPF_API const char *btf__str_by_offset(const struct btf *btf, __u32 offset)
{
	return str_by_offset(btf, offset);
}

LIBBPF_API const char *btf__name_by_offset(const struct btf *btf, __u32 offset)
{
	return str_by_offset(btf, offset);
}

LIBBPF_API int btf__fd(const struct btf *btf)
{
	return btf->fd;
}

LIBBPF_API void btf__set_fd(struct btf *btf, int fd)
{
	btf->fd = fd;
}

LIBBPF_API enum btf_endianness btf__endianness(const struct btf *btf)
{
	return btf->big_endian ? BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN;
}

LIBBPF_API int btf__set_endianness(struct btf *btf, enum btf_endianness endian)
{
	if (endian != BTF_LITTLE_ENDIAN && endian != BTF_BIG_ENDIAN) {
		pr_warn("BTF: invalid endianness %d\n", endian);
		return libbpf_err(-EINVAL);
	}
	btf->big_endian = endian == BTF_BIG_ENDIAN;
	return 0;
}

static bool is_long_name(const char *s)
{
	return !strcmp(s, "long") || !strcmp(s, "long int") || !strcmp(s, "unsigned long") ||
	       !strcmp(s, "long unsigned int") || !strcmp(s, "unsigned long int");
}

static int btf_guess_ptr_sz(const struct btf *btf)
{
	__u32 id, cnt = btf__type_cnt(btf);

	for (id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_int(t) || (t->size != 4 && t->size != 8))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (name && is_long_name(name))
			return t->size;
	}
	return -1;
}

LIBBPF_API size_t btf__pointer_size(const struct btf *btf)
{
	struct btf *b = (struct btf *)btf;

	if (!b->ptr_sz)
		b->ptr_sz = btf_guess_ptr_sz(btf);
	return b->ptr_sz < 0 ? 0 : b->ptr_sz;
}

int btf_ptr_sz(const struct btf *btf)
{
	size_t sz = btf__pointer_size(btf);

	return sz ? (int)sz : (int)sizeof(void *);
}

LIBBPF_API int btf__set_pointer_size(struct btf *btf, size_t ptr_sz)
{
	if (ptr_sz != 4 && ptr_sz != 8) {
		pr_warn("BTF: unsupported pointer size %zu\n", ptr_sz);
		return libbpf_err(-EINVAL);
	}
	btf->ptr_sz = ptr_sz;
	return 0;
}

LIBBPF_API __s64 btf__resolve_size(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t;
	__s64 nelems = 1, size;
	int depth;

	for (depth = 0; depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		t = btf__type_by_id(btf, type_id);
		if (!t)
			return libbpf_err(-EINVAL);
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			size = t->size;
			goto done;
		case BTF_KIND_PTR:
			size = btf_ptr_sz(btf);
			goto done;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			type_id = t->type;
			break;
		case BTF_KIND_ARRAY:
			if (nelems && btf_array(t)->nelems > UINT32_MAX / nelems)
				return libbpf_err(-E2BIG);
			nelems *= btf_array(t)->nelems;
			type_id = btf_array(t)->type;
			break;
		default:
			return libbpf_err(-EINVAL);
		}
	}
	return libbpf_err(-EINVAL);
done:
	if (nelems && size > UINT32_MAX / nelems)
		return libbpf_err(-E2BIG);
	return nelems * size;
}

LIBBPF_API int btf__resolve_type(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);
	int depth = 0;

	while (t && depth++ < BTF_MAX_RESOLVE_DEPTH &&
	       (btf_is_mod(t) || btf_is_typedef(t) || btf_is_var(t) || btf_is_decl_tag(t))) {
		type_id = t->type;
		t = btf__type_by_id(btf, type_id);
	}
	if (!t || depth > BTF_MAX_RESOLVE_DEPTH)
		return libbpf_err(-EINVAL);
	return type_id;
}

static int align_of(const struct btf *btf, __u32 id, int depth);

static int composite_align(const struct btf *btf, const struct btf_type *t, int depth)
{
	const struct btf_member *m = btf_members(t);
	__u16 i, vlen = btf_vlen(t);
	int max_align = 1, a;

	for (i = 0; i < vlen; i++, m++) {
		a = align_of(btf, m->type, depth + 1);
		if (a <= 0)
			return a;
		if (btf_member_bitfield_size(t, i) == 0 && btf_member_bit_offset(t, i) % (8 * a))
			return 1; /* misplaced member: the struct is packed */
		if (a > max_align)
			max_align = a;
	}
	/* A size that isn't a multiple of the natural alignment also means
	 * __attribute__((packed)). */
	if (t->size % max_align)
		return 1;
	return max_align;
}

static int align_of(const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t;

	if (depth > BTF_MAX_RESOLVE_DEPTH) {
		errno = ELOOP;
		return 0;
	}
	t = btf__type_by_id(btf, id);
	if (!t) {
		errno = EINVAL;
		return 0;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return min(btf_ptr_sz(btf), (int)t->size);
	case BTF_KIND_PTR:
		return btf_ptr_sz(btf);
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return align_of(btf, t->type, depth + 1);
	case BTF_KIND_ARRAY:
		return align_of(btf, btf_array(t)->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return composite_align(btf, t, depth);
	default:
		pr_warn("BTF: can't compute alignment of type [%u] %s\n", id,
			btf_kind_str(btf_kind(t)));
		errno = EINVAL;
		return 0;
	}
}

LIBBPF_API int btf__align_of(const struct btf *btf, __u32 id)
{
	return align_of(btf, id, 0);
}

/* ---- name index ---- */

void btf_names_free(struct btf *btf)
{
	if (btf->names.mem_size)
		munmap(btf->names.mem, btf->names.mem_size);
	else
		free(btf->names.mem);
	memset(&btf->names, 0, sizeof(btf->names));
}

static void names_insert(struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf_own_type(btf, id);
	const char *name;
	__u32 b;

	btf->names.next[id - btf->start_id] = 0;
	if (!t->name_off)
		return; /* anonymous types are found by the slow path */
	name = btf__name_by_offset(btf, t->name_off);
	/* Keyed by the essential name so CO-RE finds every flavor of a name
	 * in one chain (btf_names_chain_first()). */
	b = btf_str_hash_n(name, btf_essential_name_len(name)) & btf->names.mask;
	btf->names.next[id - btf->start_id] = btf->names.head[b];
	btf->names.head[b] = id;
}

/* Zeroed memory for the index. Fresh pages are expensive to fault in one by
 * one (the inserts hit them in random order), so a large index is mapped
 * with all its pages populated in one go. */
static void *index_alloc(size_t size, size_t *map_size)
{
	void *p;

	*map_size = 0;
	if (size < (256u << 10))
		return calloc(1, size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		 -1, 0);
	if (p == MAP_FAILED)
		return calloc(1, size);
	*map_size = size;
	return p;
}

static int btf_names_build(struct btf *btf)
{
	__u32 nb = 16, i, cap;

	while (nb < btf->nr_types && nb < (1u << 30))
		nb <<= 1;
	/* Room for types added later; past it the index is rebuilt. */
	cap = btf->nr_types + max(btf->nr_types / 4, 64u);
	btf->names.mem = index_alloc(((size_t)nb + cap) * sizeof(__u32), &btf->names.mem_size);
	if (!btf->names.mem)
		return -ENOMEM;
	btf->names.head = btf->names.mem;
	btf->names.next = btf->names.head + nb;
	btf->names.next_cap = cap;
	btf->names.mask = nb - 1;
	for (i = 0; i < btf->nr_types; i++)
		names_insert(btf, btf->start_id + i);
	return 0;
}

void btf_names_add(struct btf *btf, __u32 id)
{
	if (!btf->names.head)
		return;
	if (id - btf->start_id >= btf->names.next_cap) {
		btf_names_free(btf); /* rebuilt, larger, on the next lookup */
		return;
	}
	names_insert(btf, id);
}

/* Lowest own id named name of kind kind (-1: any), 0 if none, or -ENOMEM. */
static __s64 own_find(const struct btf *cbtf, const char *name, int kind)
{
	struct btf *btf = (struct btf *)cbtf;
	__u32 id, best = 0;

	if (!btf->nr_types)
		return 0;
	if (!*name) {
		for (id = btf->start_id; id < btf__type_cnt(btf); id++) {
			const struct btf_type *t = btf_own_type(btf, id);

			if (!t->name_off && (kind < 0 || btf_kind(t) == kind))
				return id;
		}
		return 0;
	}
	if (!btf->names.head && btf_names_build(btf))
		return -ENOMEM;
	id = btf->names.head[btf_str_hash_n(name, btf_essential_name_len(name)) & btf->names.mask];
	for (; id; id = btf->names.next[id - btf->start_id]) {
		const struct btf_type *t = btf_own_type(btf, id);

		if (kind >= 0 && btf_kind(t) != kind)
			continue;
		if (best && id > best)
			continue;
		/* a split type's name may live in its base's strings */
		if (!strcmp(str_by_offset(btf, t->name_off), name))
			best = id;
	}
	return best;
}

size_t btf_essential_name_len(const char *name)
{
	size_t n = strlen(name), i;

	/* The last "X___Y" (X, Y not '_') starts the flavor suffix. */
	for (i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;) {
		if (name[i] != '_' && !strncmp(name + i + 1, "___", 3) && name[i + 4] != '_')
			return i + 1;
	}
	return n;
}

__s64 btf_names_chain_first(const struct btf *cbtf, const char *ess, size_t len)
{
	struct btf *btf = (struct btf *)cbtf;

	if (!btf->nr_types || !len)
		return 0;
	if (!btf->names.head && btf_names_build(btf))
		return -ENOMEM;
	return btf->names.head[btf_str_hash_n(ess, len) & btf->names.mask];
}

__u32 btf_names_chain_next(const struct btf *btf, __u32 id)
{
	return btf->names.next[id - btf->start_id];
}

static __s32 find_by_name(const struct btf *btf, const char *name, int kind)
{
	__s64 id;

	if (!name)
		return libbpf_err(-EINVAL);
	/* Base types have lower ids: look there first. */
	if (btf->base) {
		__s32 r = find_by_name(btf->base, name, kind);

		if (r >= 0)
			return r;
	}
	id = own_find(btf, name, kind);
	if (id < 0)
		return libbpf_err(id);
	return id ? (__s32)id : libbpf_err(-ENOENT);
}

LIBBPF_API __s32 btf__find_by_name(const struct btf *btf, const char *type_name)
{
	if (type_name && !strcmp(type_name, "void"))
		return 0;
	return find_by_name(btf, type_name, -1);
}

LIBBPF_API __s32 btf__find_by_name_kind(const struct btf *btf, const char *type_name,
					__u32 kind)
{
	if (kind == BTF_KIND_UNKN || (type_name && !strcmp(type_name, "void")))
		return 0;
	if (kind > BTF_KIND_MAX)
		return libbpf_err(-ENOENT);
	return find_by_name(btf, type_name, kind);
}

/* ---- raw data ---- */

void btf_invalidate_raw(struct btf *btf)
{
	free(btf->raw_cache);
	btf->raw_cache = NULL;
	btf->raw_cache_size = 0;
}

void *btf_serialize(const struct btf *btf, __u32 *size)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(struct btf_header),
		.type_off = 0,
		.type_len = btf->hdr.type_len,
		.str_off = btf->hdr.type_len,
		.str_len = btf->hdr.str_len,
	};
	size_t total = sizeof(h) + (size_t)h.type_len + h.str_len;
	char *buf;

	if (total > UINT32_MAX)
		return NULL;
	buf = malloc(total);
	if (!buf)
		return NULL;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), btf->types, h.type_len);
	memcpy(buf + sizeof(h) + h.type_len, btf->strs, h.str_len);
	*size = total;
	return buf;
}

static void swap_serialized(const struct btf *btf, char *buf)
{
	struct btf_header *h = (struct btf_header *)buf;
	char *types = buf + sizeof(*h);
	__u32 i;

	for (i = 0; i < btf->nr_types; i++) {
		const struct btf_type *t = btf_own_type(btf, btf->start_id + i);

		/* Size comes from the host-order original, not the copy. */
		btf_swap_words(types + btf->type_offs[i], btf_type_rec_size(t));
	}
	h->magic = bswap_16(h->magic);
	h->hdr_len = bswap_32(h->hdr_len);
	h->type_off = bswap_32(h->type_off);
	h->type_len = bswap_32(h->type_len);
	h->str_off = bswap_32(h->str_off);
	h->str_len = bswap_32(h->str_len);
}

/* An unmodified host-order blob in canonical layout is handed out as is. */
static bool blob_is_canonical(const struct btf *btf)
{
	const struct btf_header *h = &btf->hdr;

	return btf->blob && !btf->types_cap && btf->big_endian == host_is_big_endian() &&
	       h->hdr_len == sizeof(*h) && h->type_off == 0 && h->str_off == h->type_len &&
	       btf->blob_size == sizeof(*h) + (size_t)h->type_len + h->str_len;
}

LIBBPF_API const void *btf__raw_data(const struct btf *cbtf, __u32 *size)
{
	struct btf *btf = (struct btf *)cbtf;
	__u32 sz = 0;
	void *data;

	if (blob_is_canonical(btf)) {
		if (size)
			*size = btf->blob_size;
		return btf->blob;
	}
	if (!btf->raw_cache || btf->raw_cache_big != btf->big_endian) {
		data = btf_serialize(btf, &sz);
		if (!data)
			return libbpf_err_ptr(-ENOMEM);
		if (btf->big_endian != host_is_big_endian())
			swap_serialized(btf, data);
		btf_invalidate_raw(btf);
		btf->raw_cache = data;
		btf->raw_cache_size = sz;
		btf->raw_cache_big = btf->big_endian;
	}
	if (size)
		*size = btf->raw_cache_size;
	return btf->raw_cache;
}

LIBBPF_API const void *btf__get_raw_data(const struct btf *btf, __u32 *size)
{
	return btf__raw_data(btf, size);
}

const struct btf_type *btf_skip_mods_typedefs(const struct btf *btf, __u32 id, __u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int depth = 0;

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		/* a loop of modifiers in bad BTF: give up rather than spin */
		if (++depth > BTF_MAX_MOD_DEPTH)
			return NULL;
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}
