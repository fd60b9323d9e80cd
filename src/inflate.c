// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gzip (RFC 1952) / DEFLATE (RFC 1951) decompression, just enough to read
 * /proc/config.gz without zlib. Pure and bounds-checked: every input byte
 * is checked before it is read, output is capped, and the gzip CRC32 and
 * length are verified.
 */
#include <stdlib.h>

#include "inflate.h"
#include "libbpf_internal.h"

#define MAX_BITS 15
#define MAX_LIT 288
#define MAX_DIST 30

struct bits {
	const __u8 *p;
	size_t n, pos;
	__u32 buf;
	int cnt;
	bool eof; /* ran past the input */
};

struct out {
	__u8 *data;
	size_t len, cap, max;
};

/* Canonical Huffman code: codes per length and symbols by code. */
struct huff {
	__u16 count[MAX_BITS + 1];
	__u16 sym[MAX_LIT];
};

static __u32 getbits(struct bits *b, int need)
{
	__u32 v;

	while (b->cnt < need) {
		if (b->pos >= b->n) {
			b->eof = true;
			return 0;
		}
		b->buf |= (__u32)b->p[b->pos++] << b->cnt;
		b->cnt += 8;
	}
	v = b->buf & ((1u << need) - 1);
	b->buf >>= need;
	b->cnt -= need;
	return v;
}

/* Build h from code lengths; -1 if over-subscribed. Incomplete codes are
 * accepted (a lone distance code is legal); decoding then fails on the
 * unused codes. */
static int huff_build(struct huff *h, const __u8 *lens, int n)
{
	__u16 offs[MAX_BITS + 2];
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (int i = 0; i < n; i++)
		h->count[lens[i]]++;
	for (int len = 1; len <= MAX_BITS; len++) {
		left = (left << 1) - h->count[len];
		if (left < 0)
			return -1;
	}
	offs[1] = 0;
	for (int len = 1; len <= MAX_BITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (int i = 0; i < n; i++)
		if (lens[i])
			h->sym[offs[lens[i]]++] = i;
	return 0;
}

/* Next symbol: codes are read one bit at a time, first bit = top bit. */
static int huff_decode(struct bits *b, const struct huff *h)
{
	int code = 0, first = 0, index = 0;

	for (int len = 1; len <= MAX_BITS; len++) {
		int cnt = h->count[len];

		code |= getbits(b, 1);
		if (b->eof)
			return -1;
		if (code - first < cnt)
			return h->sym[index + code - first];
		index += cnt;
		first = (first + cnt) << 1;
		code <<= 1;
	}
	return -1;
}

static int out_put(struct out *o, __u8 c)
{
	if (o->len == o->cap) {
		size_t ncap = o->cap ? o->cap * 2 : 65536;
		__u8 *nd;

		if (o->cap >= o->max)
			return -E2BIG;
		ncap = min(ncap, o->max);
		nd = realloc(o->data, ncap);
		if (!nd)
			return -ENOMEM;
		o->data = nd;
		o->cap = ncap;
	}
	o->data[o->len++] = c;
	return 0;
}

static const __u16 len_base[29] = { 3,  4,  5,  6,  7,  8,  9,  10,  11,  13,
				    15, 17, 19, 23, 27, 31, 35, 43,  51,  59,
				    67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const __u8 len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				    2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const __u16 dist_base[30] = { 1,    2,    3,    4,    5,    7,     9,     13,
				     17,   25,   33,   49,   65,   97,    129,   193,
				     257,  385,  513,  769,  1025, 1537,  2049,  3073,
				     4097, 6145, 8193, 12289, 16385, 24577 };
static const __u8 dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
				     6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* Literal/length + distance symbols until end of block. */
static int inflate_codes(struct bits *b, struct out *o, const struct huff *lit,
			 const struct huff *dist)
{
	for (;;) {
		int sym = huff_decode(b, lit), err;
		size_t len, d;

		if (sym < 0)
			return -EINVAL;
		if (sym < 256) {
			err = out_put(o, sym);
			if (err)
				return err;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return -EINVAL;
		len = len_base[sym] + getbits(b, len_extra[sym]);
		sym = huff_decode(b, dist);
		if (sym < 0 || sym >= MAX_DIST)
			return -EINVAL;
		d = dist_base[sym] + getbits(b, dist_extra[sym]);
		if (b->eof || d > o->len)
			return -EINVAL;
		while (len--) {
			err = out_put(o, o->data[o->len - d]);
			if (err)
				return err;
		}
	}
}

static int inflate_stored(struct bits *b, struct out *o)
{
	__u32 len, nlen;

	/* Byte aligned: drop the bits left of the current byte. */
	b->buf = 0;
	b->cnt = 0;
	if (b->n - b->pos < 4)
		return -EINVAL;
	len = b->p[b->pos] | b->p[b->pos + 1] << 8;
	nlen = b->p[b->pos + 2] | b->p[b->pos + 3] << 8;
	b->pos += 4;
	if (len != (~nlen & 0xffff) || b->n - b->pos < len)
		return -EINVAL;
	for (__u32 i = 0; i < len; i++) {
		int err = out_put(o, b->p[b->pos++]);

		if (err)
			return err;
	}
	return 0;
}

static int inflate_fixed(struct bits *b, struct out *o)
{
	struct huff lit, dist;
	__u8 lens[MAX_LIT];
	int i;

	/* The fixed code of RFC 1951 3.2.6 (cheap to build each time). */
	for (i = 0; i < 144; i++)
		lens[i] = 8;
	for (; i < 256; i++)
		lens[i] = 9;
	for (; i < 280; i++)
		lens[i] = 7;
	for (; i < MAX_LIT; i++)
		lens[i] = 8;
	huff_build(&lit, lens, MAX_LIT);
	memset(lens, 5, MAX_DIST);
	huff_build(&dist, lens, MAX_DIST);
	return inflate_codes(b, o, &lit, &dist);
}

static int inflate_dynamic(struct bits *b, struct out *o)
{
	static const __u8 order[19] = { 16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
					11, 4,  12, 3, 13, 2, 14, 1, 15 };
	int nlit = getbits(b, 5) + 257, ndist = getbits(b, 5) + 1, ncode = getbits(b, 4) + 4;
	__u8 lens[MAX_LIT + MAX_DIST] = {};
	struct huff lencode, lit, dist;
	int i = 0;

	if (b->eof || nlit > 286 || ndist > MAX_DIST)
		return -EINVAL;
	for (int k = 0; k < ncode; k++)
		lens[order[k]] = getbits(b, 3);
	if (b->eof || huff_build(&lencode, lens, 19))
		return -EINVAL;
	memset(lens, 0, sizeof(lens));
	while (i < nlit + ndist) {
		int sym = huff_decode(b, &lencode), rep;
		__u8 val = 0;

		if (sym < 0)
			return -EINVAL;
		if (sym < 16) {
			lens[i++] = sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return -EINVAL;
			val = lens[i - 1];
			rep = 3 + getbits(b, 2);
		} else if (sym == 17) {
			rep = 3 + getbits(b, 3);
		} else {
			rep = 11 + getbits(b, 7);
		}
		if (b->eof || i + rep > nlit + ndist)
			return -EINVAL;
		while (rep--)
			lens[i++] = val;
	}
	if (!lens[256] || huff_build(&lit, lens, nlit) || huff_build(&dist, lens + nlit, ndist))
		return -EINVAL;
	return inflate_codes(b, o, &lit, &dist);
}

static __u32 crc32_of(const __u8 *p, size_t n)
{
	__u32 crc = 0xffffffff;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

/* Offset of the DEFLATE data after the gzip header, or -EINVAL. */
static long gzip_header(const __u8 *p, size_t n)
{
	size_t pos = 10;
	__u8 flags;

	if (n < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8)
		return -EINVAL;
	flags = p[3];
	if (flags & 0xe0)
		return -EINVAL;
	if (flags & 4) { /* FEXTRA */
		if (n - pos < 2 || n - pos - 2 < (size_t)(p[pos] | p[pos + 1] << 8))
			return -EINVAL;
		pos += 2 + (p[pos] | p[pos + 1] << 8);
	}
	for (int f = 8; f <= 16; f <<= 1) { /* FNAME, FCOMMENT */
		if (!(flags & f))
			continue;
		while (pos < n && p[pos])
			pos++;
		if (pos++ >= n)
			return -EINVAL;
	}
	if (flags & 2) /* FHCRC */
		pos += 2;
	return pos + 8 <= n ? (long)pos : -EINVAL;
}

int gzip_inflate(const void *in, size_t in_sz, size_t max_out, void **out, size_t *out_sz)
{
	const __u8 *p = in;
	struct out o = { .max = max_out };
	struct bits b = { .p = p, .n = in_sz };
	long start = gzip_header(p, in_sz);
	int last = 0, err = 0;
	__u32 crc, isize;

	if (start < 0)
		return -EINVAL;
	b.pos = start;
	b.n = in_sz - 8; /* trailer: CRC32, ISIZE */
	while (!last && !err) {
		int type;

		last = getbits(&b, 1);
		type = getbits(&b, 2);
		if (b.eof)
			err = -EINVAL;
		else if (type == 0)
			err = inflate_stored(&b, &o);
		else if (type == 1)
			err = inflate_fixed(&b, &o);
		else if (type == 2)
			err = inflate_dynamic(&b, &o);
		else
			err = -EINVAL;
	}
	if (!err) {
		const __u8 *t = p + in_sz - 8;

		crc = t[0] | t[1] << 8 | t[2] << 16 | (__u32)t[3] << 24;
		isize = t[4] | t[5] << 8 | t[6] << 16 | (__u32)t[7] << 24;
		if (crc != crc32_of(o.data, o.len) || isize != (__u32)o.len)
			err = -EINVAL;
	}
	if (err) {
		free(o.data);
		return err;
	}
	*out = o.data ? o.data : malloc(1);
	*out_sz = o.len;
	return *out ? 0 : -ENOMEM;
}
