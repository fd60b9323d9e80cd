// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf_dump__dump_type_data(): prints a memory image as a C-like value of a
 * BTF type, e.g. (struct foo){ .a = (int)1, ... }. Zero members are left
 * out unless emit_zeroes; inside arrays type names are not repeated.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "btf_dump_internal.h"

#define MAX_DATA_DEPTH 64

static const struct btf_type *dtype(struct btf_dump *d, __u32 id)
{
	return id < d->nr ? btf__type_by_id(d->btf, id) : NULL;
}

static __u32 resolve_id(struct btf_dump *d, __u32 id)
{
	for (int i = 0; i < 64; i++) {
		const struct btf_type *t = dtype(d, id);

		if (!t || !(btf_is_mod(t) || btf_is_typedef(t)))
			return id;
		id = t->type;
	}
	return 0;
}

static void newline_indent(struct btf_dump *d, int depth)
{
	if (d->data_compact)
		return;
	dbuf_putc(&d->out, '\n');
	for (int i = 0; i < d->data_level + depth; i++)
		dbuf_puts(&d->out, d->data_indent);
}

static void put_indent(struct btf_dump *d, int depth)
{
	if (d->data_compact)
		return;
	for (int i = 0; i < d->data_level + depth; i++)
		dbuf_puts(&d->out, d->data_indent);
}

static bool all_zero(const void *data, size_t sz)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < sz; i++)
		if (p[i])
			return false;
	return true;
}

/* Load a sz-byte unsigned integer in the BTF's byte order. */
static __u64 load_uint(struct btf_dump *d, const void *data, __u32 sz)
{
	const unsigned char *p = data;
	__u64 v = 0;

	if (sz > 8)
		sz = 8;
	if (btf__endianness(d->btf) == BTF_BIG_ENDIAN) {
		for (__u32 i = 0; i < sz; i++)
			v = v << 8 | p[i];
	} else {
		for (__u32 i = sz; i-- > 0;)
			v = v << 8 | p[i];
	}
	return v;
}

static __s64 sign_extend(__u64 v, __u32 bits)
{
	if (bits >= 64)
		return (__s64)v;
	if (v & (1ULL << (bits - 1)))
		v |= ~0ULL << bits;
	return (__s64)v;
}

static __u64 load_bits(struct btf_dump *d, const void *data, __u32 bit_off, __u32 bits)
{
	const unsigned char *p = (const unsigned char *)data + bit_off / 8;
	__u32 shift = bit_off % 8, nbytes = (shift + bits + 7) / 8;
	__u64 v = 0;

	if (btf__endianness(d->btf) == BTF_BIG_ENDIAN) {
		for (__u32 i = 0; i < nbytes && i < 9; i++)
			v = v << 8 | p[i];
		v >>= nbytes * 8 - shift - bits;
	} else {
		for (__u32 i = nbytes; i-- > 0;)
			v = v << 8 | p[i];
		v >>= shift;
	}
	return bits >= 64 ? v : v & ((1ULL << bits) - 1);
}

static void put_type_name(struct btf_dump *d, __u32 id, bool in_array)
{
	const struct btf_type *t = dtype(d, id);
	const char *name;

	if (d->data_skip_names || in_array)
		return;
	name = t ? btf__name_by_offset(d->btf, t->name_off) : NULL;
	if (t && (btf_is_composite(t) || btf_is_any_enum(t)) && !(name && *name)) {
		/* no inline definition here: just the kind */
		dbuf_puts(&d->out, btf_is_struct(t) ? "(struct)" : btf_is_union(t) ? "(union)" :
			  "(enum)");
		return;
	}
	dbuf_putc(&d->out, '(');
	btf_dump_put_decl(d, id, "", 0, false);
	dbuf_putc(&d->out, ')');
}

static int put_value(struct btf_dump *d, __u32 id, const void *data, __u32 bit_off, __u32 bits,
		     int depth, bool in_array);

static void put_int(struct btf_dump *d, const struct btf_type *t, const void *data, __u32 bit_off,
		    __u32 bits)
{
	__u8 enc = btf_int_encoding(t);
	bool sgn = enc & BTF_INT_SIGNED;

	if (bits) {
		__u64 v = load_bits(d, data, bit_off + btf_int_offset(t), bits);

		dbuf_printf(&d->out, "0x%llx", (unsigned long long)v);
		return;
	}
	if (t->size > 8) {
		/* 128-bit: print as hex of the two halves */
		__u64 lo = load_uint(d, data, 8);
		__u64 hi = load_uint(d, (const char *)data + 8, 8);

		if (btf__endianness(d->btf) == BTF_BIG_ENDIAN) {
			__u64 x = lo;

			lo = hi;
			hi = x;
		}
		if (hi)
			dbuf_printf(&d->out, "0x%llx%016llx", (unsigned long long)hi,
				    (unsigned long long)lo);
		else
			dbuf_printf(&d->out, "0x%llx", (unsigned long long)lo);
		return;
	}
	__u64 v = load_uint(d, data, t->size);

	if (enc & BTF_INT_BOOL)
		dbuf_printf(&d->out, "%d", v ? 1 : 0);
	else if (sgn)
		dbuf_printf(&d->out, "%lld", (long long)sign_extend(v, t->size * 8));
	else
		dbuf_printf(&d->out, "%llu", (unsigned long long)v);
}

static void put_float(struct btf_dump *d, const struct btf_type *t, const void *data)
{
	switch (t->size) {
	case 4: {
		float f;

		memcpy(&f, data, 4);
		dbuf_printf(&d->out, "%f", f);
		break;
	}
	case 8: {
		double f;

		memcpy(&f, data, 8);
		dbuf_printf(&d->out, "%lf", f);
		break;
	}
	case 16: {
		long double f;

		memcpy(&f, data, sizeof(f) < 16 ? sizeof(f) : 16);
		dbuf_printf(&d->out, "%Lf", f);
		break;
	}
	default:
		dbuf_puts(&d->out, "<invalid float>");
	}
}

static void put_enum(struct btf_dump *d, const struct btf_type *t, const void *data, __u32 bit_off,
		     __u32 bits)
{
	__u64 v = bits ? load_bits(d, data, bit_off, bits) : load_uint(d, data, t->size);
	__u16 vlen = btf_vlen(t);

	for (__u16 i = 0; i < vlen; i++) {
		__u64 ev;
		__u32 name_off;

		if (btf_is_enum(t)) {
			ev = (__u32)btf_enum(t)[i].val;
			name_off = btf_enum(t)[i].name_off;
		} else {
			ev = btf_enum64_value(btf_enum64(t) + i);
			name_off = *(const __u32 *)(btf_enum64(t) + i);
		}
		if (t->size < 8)
			ev &= (1ULL << (t->size * 8)) - 1;
		if (ev == v) {
			dbuf_puts(&d->out, btf__name_by_offset(d->btf, name_off) ?: "");
			return;
		}
	}
	if (btf_kflag(t))
		dbuf_printf(&d->out, "%lld", (long long)sign_extend(v, bits ? bits : t->size * 8));
	else
		dbuf_printf(&d->out, "%llu", (unsigned long long)v);
}

static bool member_is_zero(struct btf_dump *d, __u32 type, const void *data, __u32 bit_off,
			   __u32 bits)
{
	__s64 sz;

	if (bits)
		return !load_bits(d, data, bit_off, bits);
	sz = btf__resolve_size(d->btf, type);
	return sz <= 0 || all_zero((const char *)data + bit_off / 8, sz);
}

static int put_composite(struct btf_dump *d, const struct btf_type *t, const void *data,
			 int depth, bool in_array)
{
	__u16 vlen = btf_vlen(t);
	int err = 0;

	dbuf_putc(&d->out, '{');
	for (__u16 i = 0; i < vlen && !err; i++) {
		const struct btf_member *m = btf_members(t) + i;
		__u32 off = btf_member_bit_offset(t, i), bits = btf_member_bitfield_size(t, i);
		const struct btf_type *mt = dtype(d, resolve_id(d, m->type));
		const char *name = btf__name_by_offset(d->btf, m->name_off);

		if (!bits && mt && btf_is_int(mt) && btf_int_bits(mt) != mt->size * 8)
			bits = btf_int_bits(mt);
		__s64 msz = bits ? 0 : btf__resolve_size(d->btf, m->type);

		if (msz < 0)
			return (int)msz;
		if ((__u64)off + bits > (__u64)t->size * 8 || off / 8 + (__u64)msz > t->size)
			return -E2BIG;
		if (!d->data_zeroes && member_is_zero(d, m->type, data, off, bits))
			continue;
		newline_indent(d, depth + 1);
		if (!d->data_skip_names && name && *name)
			dbuf_printf(&d->out, ".%s = ", name);
		err = put_value(d, m->type, (const char *)data + (bits ? 0 : off / 8),
				bits ? off : 0, bits, depth + 1, in_array);
		dbuf_putc(&d->out, ',');
	}
	newline_indent(d, depth);
	dbuf_putc(&d->out, '}');
	return err;
}

static int put_array(struct btf_dump *d, const struct btf_type *t, const void *data, int depth)
{
	const struct btf_array *a = btf_array(t);
	const struct btf_type *et = dtype(d, resolve_id(d, a->type));
	__s64 esz = btf__resolve_size(d->btf, a->type);
	bool is_char = et && btf_is_int(et) && et->size == 1 &&
		       (btf_int_encoding(et) & (BTF_INT_CHAR | BTF_INT_SIGNED) ||
			!strcmp(btf__name_by_offset(d->btf, et->name_off) ?: "", "char"));
	int err = 0;

	if (esz < 0)
		return (int)esz;
	dbuf_putc(&d->out, '[');
	for (__u32 i = 0; i < a->nelems && !err; i++) {
		const unsigned char *e = (const unsigned char *)data + (size_t)i * esz;

		if (!d->data_zeroes && all_zero(e, esz))
			continue;
		newline_indent(d, depth + 1);
		if (is_char && isprint(*e) && *e != '\'' && *e != '\\')
			dbuf_printf(&d->out, "'%c'", *e);
		else
			err = put_value(d, a->type, e, 0, 0, depth + 1, true);
		dbuf_putc(&d->out, ',');
	}
	newline_indent(d, depth);
	dbuf_putc(&d->out, ']');
	return err;
}

static int put_value(struct btf_dump *d, __u32 id, const void *data, __u32 bit_off, __u32 bits,
		     int depth, bool in_array)
{
	const struct btf_type *t = dtype(d, resolve_id(d, id));

	if (depth > MAX_DATA_DEPTH)
		return -ELOOP;
	if (!t)
		return -EINVAL;
	if (!btf_is_var(t) && !btf_is_datasec(t))
		put_type_name(d, id, in_array);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		put_int(d, t, data, bit_off, bits);
		return 0;
	case BTF_KIND_FLOAT:
		put_float(d, t, data);
		return 0;
	case BTF_KIND_PTR: {
		__u64 v = load_uint(d, data, btf__pointer_size(d->btf) == 4 ? 4 : 8);

		dbuf_printf(&d->out, "0x%llx", (unsigned long long)v);
		return 0;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		put_enum(d, t, data, bit_off, bits);
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return put_composite(d, t, data, depth, in_array);
	case BTF_KIND_ARRAY:
		return put_array(d, t, data, depth);
	default:
		return -EINVAL;
	}
}

static int put_var(struct btf_dump *d, __u32 id, const void *data)
{
	const struct btf_type *t = dtype(d, id);

	btf_dump_put_decl(d, t->type, btf__name_by_offset(d->btf, t->name_off), 0, false);
	dbuf_puts(&d->out, " = ");
	return put_value(d, t->type, data, 0, 0, 0, false);
}

static int put_datasec(struct btf_dump *d, const struct btf_type *t, const void *data,
		       size_t data_sz)
{
	int err = 0;

	dbuf_printf(&d->out, "SEC(\"%s\") ", btf__name_by_offset(d->btf, t->name_off) ?: "");
	for (__u16 i = 0; i < btf_vlen(t) && !err; i++) {
		const struct btf_var_secinfo *v = btf_var_secinfos(t) + i;
		const struct btf_type *vt = dtype(d, v->type);

		if (!vt || !btf_is_var(vt))
			return -EINVAL;
		if ((size_t)v->offset + v->size > data_sz)
			return -E2BIG;
		if (i)
			newline_indent(d, 0);
		err = put_var(d, v->type, (const char *)data + v->offset);
		dbuf_putc(&d->out, ';');
	}
	return err;
}

LIBBPF_API int btf_dump__dump_type_data(struct btf_dump *d, __u32 id, const void *data,
					size_t data_sz,
					const struct btf_dump_type_data_opts *opts)
{
	const struct btf_type *t;
	__s64 sz;
	int err;

	if (!d || !data || !OPTS_VALID(opts, btf_dump_type_data_opts))
		return libbpf_err(-EINVAL);
	err = btf_dump_sync(d);
	if (err)
		return libbpf_err(err);
	t = dtype(d, id);
	if (!t) {
		pr_warn("btf_dump: type id %u out of range\n", id);
		return libbpf_err(-ENOENT);
	}
	sz = btf_is_datasec(t) ? t->size : btf__resolve_size(d->btf, id);
	if (sz < 0) {
		pr_warn("btf_dump: cannot size type [%u] for a data dump\n", id);
		return libbpf_err((int)sz);
	}
	if ((size_t)sz > data_sz) {
		pr_warn("btf_dump: type [%u] needs %lld bytes, only %zu given\n", id, (long long)sz,
			data_sz);
		return libbpf_err(-E2BIG);
	}
	d->data_indent = OPTS_GET(opts, indent_str, NULL) ?: "\t";
	d->data_level = OPTS_GET(opts, indent_level, 0);
	d->data_compact = OPTS_GET(opts, compact, false);
	d->data_skip_names = OPTS_GET(opts, skip_names, false);
	d->data_zeroes = OPTS_GET(opts, emit_zeroes, false);
	put_indent(d, 0);
	if (btf_is_datasec(t))
		err = put_datasec(d, t, data, data_sz);
	else if (btf_is_var(t))
		err = put_var(d, id, data);
	else
		err = put_value(d, id, data, 0, 0, 0, false);
	if (d->out.failed && !err)
		err = -ENOMEM;
	d->out.failed = false;
	if (err) {
		d->out.len = 0;
		if (d->out.s)
			d->out.s[0] = '\0';
		return libbpf_err(err);
	}
	btf_dump_flush(d);
	return (int)sz;
}
