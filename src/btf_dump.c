// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF to C: turns BTF types back into compilable C declarations.
 *
 * Emission is demand driven. Before the text of a type's definition starts,
 * need() walks its dependencies and emits whatever must come first: full
 * definitions for things used by value, forward declarations for structs
 * only reached through pointers. Anonymous structs, unions and enums are
 * printed inline where they are used. Struct layouts are recreated exactly:
 * gaps become anonymous bitfield padding (or an aligned attribute when the
 * gap is explained by a larger member alignment), and structs whose BTF
 * offsets or size cannot come out of natural layout are marked packed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "btf_dump_internal.h"

/* per-type state flags */
#define DS_DECLARED 0x01 /* forward declaration (or typedef line) printed */
#define DS_DEFINED 0x02  /* complete definition printed */
#define DS_BUSY 0x04     /* dependencies being prepared (cycle guard) */
#define DS_TYPEDEF 0x08  /* typedef line printed */
#define DS_REFD 0x10     /* referenced by another type */

/* cached layout: low 12 bits alignment in bytes, then flags */
#define LAY_ALIGN_MASK 0x0fff
#define LAY_DONE 0x1000
#define LAY_PACKED 0x2000
#define LAY_BUSY 0x4000

#define MAX_DEPTH 512
#define MAX_ATTR_ALIGN 4096

/* ---- output buffer ---- */

static bool dbuf_grow(struct dump_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;
	char *s;

	if (b->failed)
		return false;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 4096;
	while (cap < need)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s) {
		b->failed = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void dbuf_putc(struct dump_buf *b, char c)
{
	if (!dbuf_grow(b, 1))
		return;
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void dbuf_putn(struct dump_buf *b, const char *s, size_t n)
{
	if (!dbuf_grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void dbuf_puts(struct dump_buf *b, const char *s)
{
	dbuf_putn(b, s, strlen(s));
}

void dbuf_printf(struct dump_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!dbuf_grow(b, 64))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		if (!dbuf_grow(b, n))
			return;
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += n;
}

static void dbuf_tabs(struct dump_buf *b, int n)
{
	while (n-- > 0)
		dbuf_putc(b, '\t');
}

static void call_printf(struct btf_dump *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	d->printf_fn(d->ctx, fmt, ap);
	va_end(ap);
}

void btf_dump_flush(struct btf_dump *d)
{
	if (d->out.len)
		call_printf(d, "%s", d->out.s);
	d->out.len = 0;
	if (d->out.s)
		d->out.s[0] = '\0';
}

/* ---- name maps ---- */

static __u32 str_hash(const char *s)
{
	__u32 h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void name_map_free(struct name_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].name);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static struct name_slot *name_map_find(struct name_map *m, const char *name, __u32 h)
{
	size_t mask = m->cap - 1, i = h & mask;

	while (m->slots[i].name) {
		if (m->slots[i].hash == h && !strcmp(m->slots[i].name, name))
			return &m->slots[i];
		i = (i + 1) & mask;
	}
	return &m->slots[i];
}

static int name_map_grow(struct name_map *m)
{
	struct name_map n = { .cap = m->cap ? m->cap * 2 : 1024 };

	n.slots = calloc(n.cap, sizeof(*n.slots));
	if (!n.slots)
		return -ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		struct name_slot *s = &m->slots[i];

		if (s->name)
			*name_map_find(&n, s->name, s->hash) = *s;
	}
	n.cnt = m->cnt;
	free(m->slots);
	*m = n;
	return 0;
}

/* Count one more distinct user of name; returns the new count (0 on OOM). */
static __u32 name_map_add(struct name_map *m, const char *name)
{
	__u32 h = str_hash(name);
	struct name_slot *s;

	if ((m->cnt + 1) * 2 > m->cap && name_map_grow(m))
		return 0;
	s = name_map_find(m, name, h);
	if (!s->name) {
		s->name = strdup(name);
		if (!s->name)
			return 0;
		s->hash = h;
		m->cnt++;
	}
	return ++s->cnt;
}

/* ---- type helpers ---- */

static const struct btf_type *type_of(const struct btf_dump *d, __u32 id)
{
	return id < d->nr ? btf__type_by_id(d->btf, id) : NULL;
}

static const char *name_of(const struct btf_dump *d, __u32 off)
{
	const char *s = btf__name_by_offset(d->btf, off);

	return s ? s : "";
}

static bool is_named(const struct btf_dump *d, const struct btf_type *t)
{
	return t->name_off && *name_of(d, t->name_off);
}

static __u32 skip_mods(const struct btf_dump *d, __u32 id)
{
	for (int i = 0; i < MAX_DEPTH; i++) {
		const struct btf_type *t = type_of(d, id);

		if (!t || !btf_is_mod(t))
			return id;
		id = t->type;
	}
	return id;
}

static __u32 skip_mods_typedefs(const struct btf_dump *d, __u32 id)
{
	for (int i = 0; i < MAX_DEPTH; i++) {
		const struct btf_type *t = type_of(d, id);

		if (!t || !(btf_is_mod(t) || btf_is_typedef(t)))
			return id;
		id = t->type;
	}
	return id;
}

static void mark_ref(struct btf_dump *d, __u32 id)
{
	if (id < d->nr)
		d->state[id] |= DS_REFD;
}

/* Remember which types are used by others: an anonymous type that is
 * referenced gets printed inline there, never on its own. */
static void mark_refs(struct btf_dump *d, __u32 from)
{
	for (__u32 id = from; id < d->nr; id++) {
		const struct btf_type *t = btf__type_by_id(d->btf, id);
		__u16 vlen;

		if (!t)
			continue;
		vlen = btf_vlen(t);
		switch (btf_kind(t)) {
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_FUNC:
		case BTF_KIND_VAR:
		case BTF_KIND_TYPE_TAG:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_FUNC_PROTO:
			mark_ref(d, t->type);
			break;
		case BTF_KIND_ARRAY:
			mark_ref(d, btf_array(t)->type);
			break;
		default:
			break;
		}
		if (btf_is_composite(t))
			for (__u16 i = 0; i < vlen; i++)
				mark_ref(d, btf_members(t)[i].type);
		else if (btf_is_func_proto(t))
			for (__u16 i = 0; i < vlen; i++)
				mark_ref(d, btf_params(t)[i].type);
		else if (btf_is_datasec(t))
			for (__u16 i = 0; i < vlen; i++)
				mark_ref(d, btf_var_secinfos(t)[i].type);
	}
}

int btf_dump_sync(struct btf_dump *d)
{
	__u32 cnt = btf__type_cnt(d->btf), old = d->nr;
	void *p;

	if (cnt <= old)
		return 0;
	p = realloc(d->state, cnt * sizeof(*d->state));
	if (!p)
		return -ENOMEM;
	d->state = p;
	p = realloc(d->name_dup, cnt * sizeof(*d->name_dup));
	if (!p)
		return -ENOMEM;
	d->name_dup = p;
	p = realloc(d->lay, cnt * sizeof(*d->lay));
	if (!p)
		return -ENOMEM;
	d->lay = p;
	memset(d->state + old, 0, (cnt - old) * sizeof(*d->state));
	memset(d->name_dup + old, 0, (cnt - old) * sizeof(*d->name_dup));
	memset(d->lay + old, 0, (cnt - old) * sizeof(*d->lay));
	d->nr = cnt;
	mark_refs(d, old ? old : 1);
	return 0;
}

/* ---- names ---- */

void btf_dump_put_name(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = type_of(d, id);
	const char *name;

	if (!t)
		return;
	name = name_of(d, t->name_off);
	if (!d->name_dup[id]) {
		__u32 n = name_map_add(btf_is_typedef(t) ? &d->idents : &d->tags, name);

		d->name_dup[id] = n ? n : 1;
	}
	dbuf_puts(&d->out, name);
	if (d->name_dup[id] > 1)
		dbuf_printf(&d->out, "___%u", d->name_dup[id]);
}

static void put_enum_val_name(struct btf_dump *d, const char *name)
{
	__u32 n = name_map_add(&d->idents, name);

	dbuf_puts(&d->out, name);
	if (n > 1)
		dbuf_printf(&d->out, "___%u", n);
}

static const char *tag_keyword(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_UNION:
		return "union";
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return "enum";
	case BTF_KIND_FWD:
		return btf_kflag(t) ? "union" : "struct";
	default:
		return "struct";
	}
}

/* ---- layout ---- */

static int type_align(struct btf_dump *d, __u32 id, int depth);

static __u32 int_align(struct btf_dump *d, __u32 size)
{
	__u32 a = 1;

	(void)d;
	while (a < size && a < 16)
		a *= 2;
	return a;
}

/* Bit size of member i when it is a bitfield, else 0. Old-style BTF
 * (no kflag) marks bitfields through the int type's own bit count. */
static __u32 member_bits(struct btf_dump *d, const struct btf_type *t, int i, __u32 *off)
{
	const struct btf_member *m = btf_members(t) + i;
	const struct btf_type *mt;

	*off = btf_member_bit_offset(t, i);
	if (btf_kflag(t))
		return btf_member_bitfield_size(t, i);
	mt = type_of(d, skip_mods_typedefs(d, m->type));
	if (mt && btf_is_int(mt) && btf_int_bits(mt) != mt->size * 8) {
		*off += btf_int_offset(mt);
		return btf_int_bits(mt);
	}
	return 0;
}

static __u32 member_size(struct btf_dump *d, __u32 type)
{
	__s64 sz = btf__resolve_size(d->btf, type);

	return sz < 0 ? 0 : (__u32)sz;
}

static __u32 align_up(__u32 v, __u32 a)
{
	return a ? (v + a - 1) / a * a : v;
}

/* Where C would put member i if it followed bit position cur. */
static __u32 natural_pos(__u32 cur, __u32 bits, __u32 align, __u32 size, bool packed)
{
	__u32 unit;

	if (!bits)
		return align_up(align_up(cur, 8), packed ? 8 : align * 8);
	if (packed)
		return cur;
	unit = (size ? size : 1) * 8;
	if (cur / unit != (cur + bits - 1) / unit)
		return align_up(cur, unit);
	return cur;
}

/* Alignment to give a member through __attribute__((aligned)) so that it
 * lands on off (bits) after cur; 0 if no power of two explains the gap. */
static __u32 gap_attr_align(__u32 cur, __u32 off, __u32 align, __u32 size)
{
	__u32 cb = align_up(cur, 8) / 8, ob = off / 8;

	if (off % 8)
		return 0;
	for (__u32 a = align * 2; a <= MAX_ATTR_ALIGN; a *= 2) {
		if (align_up(cb, a) == ob)
			return size % a ? 0 : a;
		if (align_up(cb, a) > ob)
			return 0;
	}
	return 0;
}

/* Decide whether composite id must be packed and what its alignment is
 * in the C we print. */
static int composite_layout(struct btf_dump *d, __u32 id, int depth)
{
	const struct btf_type *t = type_of(d, id);
	__u32 maxa = 1, cur = 0, off, bits;
	bool packed = false;
	__u16 vlen;

	if (d->lay[id] & LAY_DONE)
		return d->lay[id];
	if (d->lay[id] & LAY_BUSY || depth > MAX_DEPTH)
		return LAY_DONE | 1;
	d->lay[id] |= LAY_BUSY;
	vlen = btf_vlen(t);
	for (int i = 0; i < vlen; i++) {
		__u32 mt = btf_members(t)[i].type;
		__u32 a = type_align(d, mt, depth + 1), sz;

		bits = member_bits(d, t, i, &off);
		sz = bits ? member_size(d, mt) : 0;
		maxa = max(maxa, a);
		if (bits ? natural_pos(off, bits, a, sz, false) != off : off % (a * 8))
			packed = true;
	}
	if (t->size % maxa)
		packed = true;
	if (!packed && btf_is_struct(t)) {
		/* aligned attributes raise the alignment beyond the members' */
		for (int i = 0; i < vlen; i++) {
			__u32 mt = btf_members(t)[i].type;
			__u32 a = type_align(d, mt, depth + 1), np;

			bits = member_bits(d, t, i, &off);
			np = natural_pos(cur, bits, a, bits ? member_size(d, mt) : 0, false);
			if (!bits && np < off)
				maxa = max(maxa, gap_attr_align(cur, off, a, t->size));
			cur = off + (bits ? bits : member_size(d, mt) * 8);
		}
	}
	d->lay[id] = LAY_DONE | (packed ? LAY_PACKED | 1 : min(maxa, LAY_ALIGN_MASK));
	return d->lay[id];
}

static int type_align(struct btf_dump *d, __u32 id, int depth)
{
	const struct btf_type *t;

	for (; depth < MAX_DEPTH; depth++) {
		t = type_of(d, id);
		if (!t)
			return 1;
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_FLOAT:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return int_align(d, t->size);
		case BTF_KIND_PTR: {
			size_t ps = btf__pointer_size(d->btf);

			return ps ? (int)ps : 8;
		}
		case BTF_KIND_ARRAY:
			id = btf_array(t)->type;
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			return composite_layout(d, id, depth) & LAY_ALIGN_MASK;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return 1;
		}
	}
	return 1;
}

/* ---- declarators ---- */

/* The kernel's __builtin_va_list typedef names a compiler built-in that
 * may not be redeclared; its users get the underlying type instead. */
static bool is_builtin_va_list(const struct btf_dump *d, const struct btf_type *t)
{
	return btf_is_typedef(t) && !strcmp(name_of(d, t->name_off), "__builtin_va_list");
}

static void put_composite_body(struct btf_dump *d, __u32 id, int indent);
static void put_enum_body(struct btf_dump *d, __u32 id, int indent);

/* One step of a declarator, from the outside in. */
struct decl_op {
	__u32 id;
	__u32 mods[8]; /* modifiers qualifying a pointer */
	int nmods;
	bool paren;
};

static void put_tag(struct btf_dump *d, const struct btf_type *t)
{
	dbuf_puts(&d->out, " __attribute__((btf_type_tag(\"");
	for (const char *s = name_of(d, t->name_off); *s; s++) {
		if (*s == '"' || *s == '\\')
			dbuf_putc(&d->out, '\\');
		dbuf_putc(&d->out, *s);
	}
	dbuf_puts(&d->out, "\")))");
}

static const char *qual_name(const struct btf_type *t)
{
	return btf_is_const(t) ? "const" : btf_is_volatile(t) ? "volatile" : "restrict";
}

/* Qualifiers of a base type go before it (each once, in a fixed order),
 * type tags after it. */
static void put_base_quals(struct btf_dump *d, const __u32 *mods, int n, bool after)
{
	static const __u16 order[] = { BTF_KIND_CONST, BTF_KIND_VOLATILE, BTF_KIND_RESTRICT };

	if (after) {
		for (int i = 0; i < n; i++)
			if (btf_is_type_tag(type_of(d, mods[i])))
				put_tag(d, type_of(d, mods[i]));
		return;
	}
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		for (int i = 0; i < n; i++) {
			const struct btf_type *t = type_of(d, mods[i]);

			if (btf_kind(t) != order[k])
				continue;
			dbuf_puts(&d->out, qual_name(t));
			dbuf_putc(&d->out, ' ');
			break;
		}
	}
}

/* Modifiers of a pointer follow its star: "* const". */
static void put_ptr_quals(struct btf_dump *d, const __u32 *mods, int n)
{
	for (int i = 0; i < n; i++) {
		const struct btf_type *t = type_of(d, mods[i]);

		if (btf_is_type_tag(t)) {
			put_tag(d, t);
		} else {
			dbuf_putc(&d->out, ' ');
			dbuf_puts(&d->out, qual_name(t));
		}
	}
	if (n)
		dbuf_putc(&d->out, ' ');
}

static void put_params(struct btf_dump *d, const struct btf_type *t, int indent, bool strip)
{
	__u16 vlen = btf_vlen(t);
	const struct btf_param *p = btf_params(t);

	dbuf_putc(&d->out, '(');
	if (!vlen)
		dbuf_puts(&d->out, "void");
	for (__u16 i = 0; i < vlen; i++) {
		if (i)
			dbuf_puts(&d->out, ", ");
		if (i == vlen - 1 && !p[i].type && i) {
			dbuf_puts(&d->out, "...");
			break;
		}
		btf_dump_put_decl(d, p[i].type, "", indent, strip);
	}
	dbuf_putc(&d->out, ')');
}

/* The type at the core of a declarator: a name or an inline definition. */
static void put_base(struct btf_dump *d, __u32 id, int indent)
{
	const struct btf_type *t = type_of(d, id);

	if (!id || !t) {
		dbuf_puts(&d->out, "void");
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		dbuf_puts(&d->out, name_of(d, t->name_off));
		return;
	case BTF_KIND_TYPEDEF:
		btf_dump_put_name(d, id);
		return;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		dbuf_puts(&d->out, tag_keyword(t));
		if (is_named(d, t)) {
			dbuf_putc(&d->out, ' ');
			btf_dump_put_name(d, id);
			return;
		}
		if (d->state[id] & DS_BUSY || btf_is_fwd(t)) {
			/* a self-referencing anonymous type cannot be written */
			dbuf_puts(&d->out, " {}");
			return;
		}
		d->state[id] |= DS_BUSY;
		if (btf_is_composite(t))
			put_composite_body(d, id, indent);
		else
			put_enum_body(d, id, indent);
		d->state[id] &= ~DS_BUSY;
		return;
	default:
		dbuf_puts(&d->out, "void");
		return;
	}
}

int btf_dump_put_decl(struct btf_dump *d, __u32 id, const char *field, int indent, bool strip)
{
	struct decl_op ops[32];
	__u32 mods[16] = { 0 };
	int nops = 0, nmods = 0, err = 0;

	if (++d->depth > MAX_DEPTH) {
		d->depth--;
		return -ELOOP;
	}
	if (!field)
		field = "";
	/* walk from the outermost type to the base, collecting operators */
	for (;;) {
		const struct btf_type *t = type_of(d, id);
		struct decl_op *op;

		if (!t) {
			if (id)
				err = -EINVAL;
			id = 0;
			break;
		}
		if (is_builtin_va_list(d, t)) {
			/* spelled out: the BPF target's own va_list differs */
			id = t->type;
			continue;
		}
		if (btf_is_mod(t)) {
			if (!strip || btf_is_type_tag(t)) {
				if (nmods < (int)ARRAY_SIZE(mods))
					mods[nmods++] = id;
				else
					err = -ELOOP;
			}
			id = t->type;
			continue;
		}
		if (!btf_is_ptr(t) && !btf_is_array(t) && !btf_is_func_proto(t))
			break;
		if (nops == (int)ARRAY_SIZE(ops)) {
			err = -ELOOP;
			break;
		}
		op = &ops[nops++];
		op->id = id;
		op->nmods = 0;
		op->paren = false;
		if (btf_is_ptr(t)) {
			const struct btf_type *nt = type_of(d, skip_mods(d, t->type));

			/* modifiers gathered so far qualify this pointer */
			for (int i = 0; i < nmods && op->nmods < 8; i++)
				op->mods[op->nmods++] = mods[i];
			nmods = 0;
			op->paren = nt && (btf_is_array(nt) || btf_is_func_proto(nt));
			id = t->type;
		} else if (btf_is_array(t)) {
			/* qualifiers of an array apply to its elements */
			id = btf_array(t)->type;
		} else {
			nmods = 0; /* qualifiers of a function type mean nothing */
			id = t->type;
		}
	}
	put_base_quals(d, mods, nmods, false);
	put_base(d, id, indent);
	put_base_quals(d, mods, nmods, true);
	if (nops || *field)
		dbuf_putc(&d->out, ' ');
	for (int i = nops - 1; i >= 0; i--) {
		if (!btf_is_ptr(type_of(d, ops[i].id)))
			continue;
		dbuf_puts(&d->out, ops[i].paren ? "(*" : "*");
		put_ptr_quals(d, ops[i].mods, ops[i].nmods);
	}
	/* an abstract declarator keeps no trailing blank: "char * const" */
	if (!*field && d->out.len && d->out.s[d->out.len - 1] == ' ')
		d->out.s[--d->out.len] = '\0';
	dbuf_puts(&d->out, field);
	for (int i = 0; i < nops; i++) {
		const struct btf_type *t = type_of(d, ops[i].id);

		if (btf_is_ptr(t)) {
			if (ops[i].paren)
				dbuf_putc(&d->out, ')');
		} else if (btf_is_array(t)) {
			dbuf_printf(&d->out, "[%u]", btf_array(t)->nelems);
		} else {
			put_params(d, t, indent, strip);
		}
	}
	d->depth--;
	return err;
}

/* ---- definitions ---- */

static void put_padding(struct btf_dump *d, __u32 cur, __u32 to, int indent)
{
	bool wide = btf__pointer_size(d->btf) != 4;
	__u32 unit = wide ? 64 : 32;

	while (cur < to) {
		__u32 n = min(to - cur, unit - cur % unit);

		dbuf_tabs(&d->out, indent);
		dbuf_printf(&d->out, "%s: %u;\n", wide ? "long" : "int", n);
		cur += n;
	}
}

static void put_composite_body(struct btf_dump *d, __u32 id, int indent)
{
	const struct btf_type *t = type_of(d, id);
	int lay = composite_layout(d, id, 0);
	bool packed = lay & LAY_PACKED, is_struct = btf_is_struct(t);
	__u16 vlen = btf_vlen(t);
	__u32 cur = 0, end = 0;

	dbuf_puts(&d->out, " {\n");
	for (int i = 0; i < vlen; i++) {
		const struct btf_member *m = btf_members(t) + i;
		__u32 off, bits = member_bits(d, t, i, &off);
		__u32 a = type_align(d, m->type, 0), sz = member_size(d, m->type);
		__u32 np, attr = 0;

		if (is_struct) {
			np = natural_pos(cur, bits, a, sz, packed);
			if (np < off && !bits && !packed)
				attr = gap_attr_align(cur, off, a, t->size);
			if (np < off && !attr)
				put_padding(d, cur, off, indent + 1);
		}
		dbuf_tabs(&d->out, indent + 1);
		btf_dump_put_decl(d, m->type, name_of(d, m->name_off), indent + 1, false);
		if (bits)
			dbuf_printf(&d->out, ": %u", bits);
		if (attr)
			dbuf_printf(&d->out, " __attribute__((aligned(%u)))", attr);
		dbuf_puts(&d->out, ";\n");
		cur = off + (bits ? bits : sz * 8);
		end = max(end, cur);
	}
	if (is_struct && t->size * 8 > align_up(end, (packed ? 1 : (lay & LAY_ALIGN_MASK)) * 8))
		put_padding(d, end, t->size * 8, indent + 1);
	dbuf_tabs(&d->out, indent);
	dbuf_putc(&d->out, '}');
	if (packed)
		dbuf_puts(&d->out, " __attribute__((packed))");
}

static void put_enum_body(struct btf_dump *d, __u32 id, int indent)
{
	const struct btf_type *t = type_of(d, id);
	bool sgn = btf_kflag(t);
	__u16 vlen = btf_vlen(t);

	if (!vlen) {
		dbuf_puts(&d->out, " {}");
		return;
	}
	dbuf_puts(&d->out, " {\n");
	for (__u16 i = 0; i < vlen; i++) {
		dbuf_tabs(&d->out, indent + 1);
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;

			put_enum_val_name(d, name_of(d, e->name_off));
			if (sgn)
				dbuf_printf(&d->out, " = %d,\n", (int)e->val);
			else
				dbuf_printf(&d->out, " = %u,\n", (unsigned int)e->val);
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;
			__u64 v = btf_enum64_value(e);

			put_enum_val_name(d, name_of(d, *(const __u32 *)e));
			if (sgn)
				dbuf_printf(&d->out, " = %lldLL,\n", (long long)v);
			else
				dbuf_printf(&d->out, " = %lluULL,\n", (unsigned long long)v);
		}
	}
	dbuf_tabs(&d->out, indent);
	dbuf_putc(&d->out, '}');
	if (t->size < 4)
		dbuf_puts(&d->out, " __attribute__((packed))");
}

static void emit_fwd(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = type_of(d, id);

	dbuf_puts(&d->out, tag_keyword(t));
	dbuf_putc(&d->out, ' ');
	btf_dump_put_name(d, id);
	dbuf_puts(&d->out, ";\n\n");
	d->state[id] |= DS_DECLARED;
}

/* Print the full definition of a struct, union or enum at file scope. */
static void emit_def(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = type_of(d, id);

	dbuf_puts(&d->out, tag_keyword(t));
	if (is_named(d, t)) {
		dbuf_putc(&d->out, ' ');
		btf_dump_put_name(d, id);
	}
	d->state[id] |= DS_BUSY;
	if (btf_is_composite(t))
		put_composite_body(d, id, 0);
	else
		put_enum_body(d, id, 0);
	d->state[id] &= ~DS_BUSY;
	dbuf_puts(&d->out, ";\n\n");
	d->state[id] |= DS_DEFINED | DS_DECLARED;
}

static void emit_typedef(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = type_of(d, id);
	struct dump_buf name = { 0 };
	struct dump_buf saved = d->out;

	if (is_builtin_va_list(d, t)) {
		d->state[id] |= DS_TYPEDEF | DS_DECLARED;
		return;
	}

	/* resolve the name first so it is claimed before inner names */
	d->out = name;
	btf_dump_put_name(d, id);
	name = d->out;
	d->out = saved;
	dbuf_puts(&d->out, "typedef ");
	btf_dump_put_decl(d, t->type, name.s ? name.s : "", 0, false);
	dbuf_puts(&d->out, ";\n\n");
	free(name.s);
	d->state[id] |= DS_TYPEDEF | DS_DECLARED;
}

static int need(struct btf_dump *d, __u32 id, bool full, __u32 cont);

static int need_members(struct btf_dump *d, __u32 id, __u32 cont)
{
	const struct btf_type *t = type_of(d, id);
	int err = 0;

	for (__u16 i = 0; i < btf_vlen(t) && !err; i++)
		err = need(d, btf_members(t)[i].type, true, cont);
	return err;
}

static int need_composite(struct btf_dump *d, __u32 id, bool full, __u32 cont)
{
	const struct btf_type *t = type_of(d, id);
	__u8 *st = &d->state[id];
	int err;

	if (!is_named(d, t)) {
		if (*st & DS_BUSY)
			return 0;
		*st |= DS_BUSY;
		err = need_members(d, id, cont);
		*st &= ~DS_BUSY;
		return err;
	}
	if (*st & DS_DEFINED)
		return 0;
	if (!full || *st & DS_BUSY) {
		if (id != cont && !(*st & DS_DECLARED))
			emit_fwd(d, id);
		return 0;
	}
	*st |= DS_BUSY;
	err = need_members(d, id, id);
	*st &= ~DS_BUSY;
	if (!err)
		emit_def(d, id);
	return err;
}

static int need_typedef(struct btf_dump *d, __u32 id, bool full, __u32 cont)
{
	const struct btf_type *t = type_of(d, id);
	__u8 *st = &d->state[id];
	int err;

	if ((*st & DS_DEFINED) || (!full && (*st & DS_TYPEDEF)))
		return 0;
	if (*st & DS_BUSY) {
		/* typedef reached again through a pointer inside its own
		 * target: declare it now, the target gets defined later */
		const struct btf_type *tt = type_of(d, skip_mods(d, t->type));

		if (!(*st & DS_TYPEDEF) && tt && (!btf_is_composite(tt) || is_named(d, tt)))
			emit_typedef(d, id);
		return 0;
	}
	/* the typedef line stands on its own: nothing in it is inside cont */
	(void)cont;
	*st |= DS_BUSY;
	err = need(d, t->type, full, 0);
	*st &= ~DS_BUSY;
	if (err)
		return err;
	if (!(*st & DS_TYPEDEF))
		emit_typedef(d, id);
	if (full)
		*st |= DS_DEFINED;
	return 0;
}

/* Make sure type id can be used at this point of the output: as a complete
 * type if full, else only by name. cont is the named composite whose
 * definition is about to be printed (it needs no forward declaration). */
static int need(struct btf_dump *d, __u32 id, bool full, __u32 cont)
{
	const struct btf_type *t = type_of(d, id);
	int err = 0;

	if (!t)
		return id ? -EINVAL : 0;
	if (++d->depth > MAX_DEPTH) {
		d->depth--;
		return -ELOOP;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		err = need(d, t->type, false, cont);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		err = need(d, t->type, full, cont);
		break;
	case BTF_KIND_ARRAY:
		err = need(d, btf_array(t)->type, true, cont);
		break;
	case BTF_KIND_FUNC_PROTO:
		err = need(d, t->type, false, cont);
		for (__u16 i = 0; i < btf_vlen(t) && !err; i++)
			err = need(d, btf_params(t)[i].type, false, cont);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (is_named(d, t) && !(d->state[id] & DS_DEFINED))
			emit_def(d, id);
		break;
	case BTF_KIND_FWD:
		if (!(d->state[id] & DS_DECLARED))
			emit_fwd(d, id);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		err = need_composite(d, id, full, cont);
		break;
	case BTF_KIND_TYPEDEF:
		err = need_typedef(d, id, full, cont);
		break;
	default:
		break;
	}
	d->depth--;
	return err;
}

/* ---- public API ---- */

LIBBPF_API struct btf_dump *btf_dump__new(const struct btf *btf, btf_dump_printf_fn_t printf_fn,
					  void *ctx, const struct btf_dump_opts *opts)
{
	struct btf_dump *d;
	int err;

	if (!btf || !printf_fn || !OPTS_VALID(opts, btf_dump_opts)) {
		pr_warn("btf_dump: invalid arguments (btf, printf_fn and opts must be valid)\n");
		return libbpf_err_ptr(-EINVAL);
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return libbpf_err_ptr(-ENOMEM);
	d->btf = btf;
	d->printf_fn = printf_fn;
	d->ctx = ctx;
	err = btf_dump_sync(d);
	if (err) {
		pr_warn("btf_dump: out of memory for %u types\n", btf__type_cnt(btf));
		btf_dump__free(d);
		return libbpf_err_ptr(err);
	}
	return d;
}

LIBBPF_API void btf_dump__free(struct btf_dump *d)
{
	if (!d)
		return;
	free(d->state);
	free(d->name_dup);
	free(d->lay);
	name_map_free(&d->tags);
	name_map_free(&d->idents);
	free(d->out.s);
	free(d);
}

static int finish(struct btf_dump *d, int err)
{
	if (d->out.failed && !err)
		err = -ENOMEM;
	d->out.failed = false;
	btf_dump_flush(d);
	d->depth = 0;
	return libbpf_err(err);
}

LIBBPF_API int btf_dump__dump_type(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t;
	int err;

	if (!d)
		return libbpf_err(-EINVAL);
	err = btf_dump_sync(d);
	if (err)
		return libbpf_err(err);
	t = type_of(d, id);
	if (!t) {
		pr_warn("btf_dump: type id %u out of range\n", id);
		return libbpf_err(-EINVAL);
	}
	switch (btf_kind(t)) {
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
	/* nothing to declare on their own; users pull in what they need */
	case BTF_KIND_PTR:
	case BTF_KIND_FUNC_PROTO:
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		/* anonymous ones only exist inline in their users */
		if (!is_named(d, t))
			return 0;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (is_named(d, t))
			break;
		/* an unused anonymous enum still declares its constants */
		if (d->state[id] & (DS_REFD | DS_DEFINED))
			return 0;
		err = need(d, id, true, 0);
		if (!err)
			emit_def(d, id);
		return finish(d, err);
	default:
		break;
	}
	err = need(d, id, true, 0);
	return finish(d, err);
}

LIBBPF_API int btf_dump__emit_type_decl(struct btf_dump *d, __u32 id,
					const struct btf_dump_emit_type_decl_opts *opts)
{
	const char *field;
	int err;

	if (!d || !OPTS_VALID(opts, btf_dump_emit_type_decl_opts))
		return libbpf_err(-EINVAL);
	err = btf_dump_sync(d);
	if (err)
		return libbpf_err(err);
	if (id && !type_of(d, id)) {
		pr_warn("btf_dump: type id %u out of range\n", id);
		return libbpf_err(-EINVAL);
	}
	field = OPTS_GET(opts, field_name, NULL);
	err = btf_dump_put_decl(d, id, field ? field : "", OPTS_GET(opts, indent_level, 0),
				OPTS_GET(opts, strip_mods, false));
	return finish(d, err);
}
