// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * DEFLATE decoder (RFC 1951) and gzip container (RFC 1952).
 *
 * Bits are gathered LSB-first into a 64-bit accumulator. Huffman codes are
 * decoded through a 10-bit direct lookup table; the rare longer codes fall
 * back to a canonical-code walk over per-length counts. Every read is
 * checked against the end of the input, every back reference against the
 * output produced so far, and the output never grows past max_out, so any
 * input terminates with a result or an error.
 */
#include <endian.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "inflate.h"
#include "libbpf_internal.h"

#define MAX_BITS 15
#define FAST_BITS 10
#define FAST_MASK ((1u << FAST_BITS) - 1)
#define NUM_LIT 288	/* literal/length alphabet incl. the two unused codes */
#define NUM_DIST 32	/* distance alphabet incl. the two unused codes */
#define NUM_CL 19	/* code-length alphabet */
#define SYM_BITS 9	/* fast entry: symbol in the low 9 bits, length above */

struct huff {
	uint16_t fast[1u << FAST_BITS];	/* 0: no code of <= FAST_BITS bits here */
	uint16_t count[MAX_BITS + 1];		/* number of codes of each length */
	uint16_t sym[NUM_LIT];			/* symbols in canonical code order */
};

struct inflater {
	const uint8_t *in;
	size_t in_len;
	size_t pos;		/* next input byte to load into bits */
	uint64_t bits;		/* valid bits are [0, nbits) */
	unsigned int nbits;
	uint8_t *out;
	size_t out_len;
	size_t out_cap;
	size_t max_out;
	size_t win_start;	/* back references may not reach before this */
	const char *name;	/* what is being decoded, for messages */
	struct huff lit;
	struct huff dist;
};

static const uint16_t len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};

/* ---- CRC-32, slice-by-8 ---- */

static uint32_t crc_tab[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
	for (unsigned int n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_tab[0][n] = c;
	}
	for (unsigned int n = 0; n < 256; n++)
		for (int k = 1; k < 8; k++)
			crc_tab[k][n] = crc_tab[0][crc_tab[k - 1][n] & 0xff] ^
					(crc_tab[k - 1][n] >> 8);
}

uint32_t gzip_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	pthread_once(&crc_once, crc_init);
	crc = ~crc;
	while (len >= 8) {
		uint32_t a, b;

		memcpy(&a, p, 4);
		memcpy(&b, p + 4, 4);
		a = le32toh(a) ^ crc;
		b = le32toh(b);
		crc = crc_tab[7][a & 0xff] ^ crc_tab[6][(a >> 8) & 0xff] ^
		      crc_tab[5][(a >> 16) & 0xff] ^ crc_tab[4][a >> 24] ^
		      crc_tab[3][b & 0xff] ^ crc_tab[2][(b >> 8) & 0xff] ^
		      crc_tab[1][(b >> 16) & 0xff] ^ crc_tab[0][b >> 24];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = crc_tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- bit input ---- */

/* Offset of the first input byte not yet fully consumed, for messages. */
static size_t in_off(const struct inflater *s)
{
	return s->pos - s->nbits / 8;
}

static int corrupt(const struct inflater *s, const char *what)
{
	pr_warn("inflate: %s: corrupt at byte offset %zu: %s\n", s->name, in_off(s), what);
	return -EINVAL;
}

static inline void refill(struct inflater *s)
{
	if (s->in_len - s->pos >= 8) {
		uint64_t v;

		/* Load 8 bytes at once; the bits above nbits that this leaves
		 * behind are exactly those the next refill ORs in again. */
		memcpy(&v, s->in + s->pos, 8);
		s->bits |= le64toh(v) << s->nbits;
		s->pos += (63 - s->nbits) >> 3;
		s->nbits |= 56;
		return;
	}
	while (s->nbits <= 56 && s->pos < s->in_len) {
		s->bits |= (uint64_t)s->in[s->pos++] << s->nbits;
		s->nbits += 8;
	}
}

static inline void drop(struct inflater *s, unsigned int n)
{
	s->bits >>= n;
	s->nbits -= n;
}

/* Read n (<= 16) bits; the value, or -EINVAL at the end of the input. */
static inline int get_bits(struct inflater *s, unsigned int n)
{
	int v;

	if (s->nbits < n) {
		refill(s);
		if (s->nbits < n)
			return corrupt(s, "unexpected end of input");
	}
	v = (int)(s->bits & ((1u << n) - 1));
	drop(s, n);
	return v;
}

/* Discard the bits of a partly read byte and hand the whole bytes still in
 * the accumulator back to the input, so pos is byte exact again. */
static void align_to_byte(struct inflater *s)
{
	drop(s, s->nbits & 7);
	s->pos -= s->nbits / 8;
	s->bits = 0;
	s->nbits = 0;
}

/* ---- Huffman tables ---- */

static unsigned int reverse_bits(unsigned int code, unsigned int len)
{
	unsigned int r = 0;

	while (len--) {
		r = (r << 1) | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Build the decoding table for n code lengths. Over-subscribed sets are
 * always rejected. Incomplete sets are rejected, except (with
 * single_ok) a set made of one code of length 1, which RFC 1951 permits for
 * a distance code and which encoders also emit for literal codes; an empty
 * set is accepted and decodes nothing. Returns 0 or a reason string.
 */
static const char *huff_build(struct huff *h, const uint8_t *lens, unsigned int n, bool single_ok)
{
	uint16_t offs[MAX_BITS + 2];
	unsigned int code = 0, k = 0;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	memset(h->fast, 0, sizeof(h->fast));
	for (unsigned int i = 0; i < n; i++)
		h->count[lens[i]]++;
	if (h->count[0] == n)
		return NULL;
	for (unsigned int l = 1; l <= MAX_BITS; l++) {
		left = (left << 1) - h->count[l];
		if (left < 0)
			return "over-subscribed code lengths";
	}
	if (left > 0 && !(single_ok && h->count[1] == 1 && n - h->count[0] == 1))
		return "incomplete code lengths";

	offs[1] = 0;
	for (unsigned int l = 1; l <= MAX_BITS; l++)
		offs[l + 1] = offs[l] + h->count[l];
	for (unsigned int i = 0; i < n; i++)
		if (lens[i])
			h->sym[offs[lens[i]]++] = i;

	for (unsigned int l = 1; l <= MAX_BITS; l++) {
		for (unsigned int j = 0; j < h->count[l]; j++, k++, code++) {
			uint16_t e = h->sym[k] | l << SYM_BITS;

			if (l > FAST_BITS)
				continue;
			for (unsigned int f = reverse_bits(code, l); f <= FAST_MASK; f += 1u << l)
				h->fast[f] = e;
		}
		code <<= 1;
	}
	return NULL;
}

/* Codes longer than FAST_BITS: walk the canonical code one bit at a time. */
static int decode_slow(struct inflater *s, const struct huff *h)
{
	uint64_t b = s->bits;
	int code = 0, first = 0, index = 0;

	for (unsigned int l = 1; l <= MAX_BITS && l <= s->nbits; l++) {
		int cnt = h->count[l];

		code |= (int)(b & 1);
		b >>= 1;
		if (code - cnt < first) {
			drop(s, l);
			return h->sym[index + code - first];
		}
		index += cnt;
		first = (first + cnt) << 1;
		code <<= 1;
	}
	if (s->nbits < MAX_BITS)
		return corrupt(s, "unexpected end of input in a Huffman code");
	return corrupt(s, "invalid Huffman code");
}

static inline int decode(struct inflater *s, const struct huff *h)
{
	uint16_t e;

	if (s->nbits < MAX_BITS)
		refill(s);
	e = h->fast[s->bits & FAST_MASK];
	if (e && (e >> SYM_BITS) <= s->nbits) {
		drop(s, e >> SYM_BITS);
		return e & ((1u << SYM_BITS) - 1);
	}
	return decode_slow(s, h);
}

/* ---- output ---- */

static int out_reserve(struct inflater *s, size_t n)
{
	size_t need = s->out_len + n, cap;
	uint8_t *p;

	if (need <= s->out_cap)
		return 0;
	if (need > s->max_out || need < n) {
		pr_warn("inflate: %s: output exceeds the limit of %zu bytes (input offset %zu)\n",
			s->name, s->max_out, in_off(s));
		return -E2BIG;
	}
	cap = s->out_cap ? s->out_cap : 4096;
	while (cap < need && cap <= SIZE_MAX / 2)
		cap *= 2;
	cap = min(max(cap, need), s->max_out);
	/* out_cap counts usable bytes; one more is allocated for the NUL */
	p = cap < SIZE_MAX ? realloc(s->out, cap + 1) : NULL;
	if (!p) {
		pr_warn("inflate: %s: out of memory growing the output to %zu bytes\n", s->name,
			cap);
		return -ENOMEM;
	}
	s->out = p;
	s->out_cap = cap;
	return 0;
}

static int copy_match(struct inflater *s, unsigned int len, unsigned int dist)
{
	uint8_t *dst, *src;
	int err;

	if (dist > s->out_len - s->win_start)
		return corrupt(s, "distance too far back");
	err = out_reserve(s, len);
	if (err)
		return err;
	dst = s->out + s->out_len;
	src = dst - dist;
	s->out_len += len;
	if (dist >= len) {
		memcpy(dst, src, len);
		return 0;
	}
	/* overlapping: the match repeats the last dist bytes */
	while (len--)
		*dst++ = *src++;
	return 0;
}

/* ---- blocks ---- */

static int inflate_codes(struct inflater *s, const struct huff *lit, const struct huff *dist)
{
	for (;;) {
		int sym = decode(s, lit), ext, dsym;
		unsigned int len;

		if (sym < 0)
			return sym;
		if (sym < 256) {
			if (s->out_len == s->out_cap) {
				int err = out_reserve(s, 1);

				if (err)
					return err;
			}
			s->out[s->out_len++] = (uint8_t)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return corrupt(s, "invalid literal/length symbol");
		ext = get_bits(s, len_extra[sym]);
		if (ext < 0)
			return ext;
		len = len_base[sym] + ext;
		dsym = decode(s, dist);
		if (dsym < 0)
			return dsym;
		if (dsym >= 30)
			return corrupt(s, "invalid distance symbol");
		ext = get_bits(s, dist_extra[dsym]);
		if (ext < 0)
			return ext;
		ext = copy_match(s, len, dist_base[dsym] + ext);
		if (ext)
			return ext;
	}
}

static int inflate_stored(struct inflater *s)
{
	const uint8_t *p;
	unsigned int len;
	int err;

	align_to_byte(s);
	if (s->in_len - s->pos < 4)
		return corrupt(s, "unexpected end of input in a stored block header");
	p = s->in + s->pos;
	len = p[0] | p[1] << 8;
	if (len != (~(p[2] | p[3] << 8) & 0xffffu))
		return corrupt(s, "stored block length does not match its complement");
	s->pos += 4;
	if (s->in_len - s->pos < len)
		return corrupt(s, "unexpected end of input in a stored block");
	err = out_reserve(s, len);
	if (err)
		return err;
	memcpy(s->out + s->out_len, s->in + s->pos, len);
	s->out_len += len;
	s->pos += len;
	return 0;
}

struct fixed_tables {
	struct huff lit;
	struct huff dist;
};

static struct fixed_tables fixed;
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

static void fixed_init(void)
{
	uint8_t lens[NUM_LIT];
	unsigned int i;

	for (i = 0; i < 144; i++)
		lens[i] = 8;
	for (; i < 256; i++)
		lens[i] = 9;
	for (; i < 280; i++)
		lens[i] = 7;
	for (; i < NUM_LIT; i++)
		lens[i] = 8;
	huff_build(&fixed.lit, lens, NUM_LIT, false);
	memset(lens, 5, NUM_DIST);
	huff_build(&fixed.dist, lens, NUM_DIST, false);
}

static int read_code_lengths(struct inflater *s, uint8_t *lens, unsigned int total)
{
	for (unsigned int i = 0; i < total;) {
		int sym = decode(s, &s->lit), rep;
		uint8_t val = 0;

		if (sym < 0)
			return sym;
		if (sym < 16) {
			lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return corrupt(s, "length repeat with no previous length");
			val = lens[i - 1];
			rep = get_bits(s, 2);
			rep = rep < 0 ? rep : rep + 3;
		} else if (sym == 17) {
			rep = get_bits(s, 3);
			rep = rep < 0 ? rep : rep + 3;
		} else {
			rep = get_bits(s, 7);
			rep = rep < 0 ? rep : rep + 11;
		}
		if (rep < 0)
			return rep;
		if ((unsigned int)rep > total - i)
			return corrupt(s, "code length repeat runs past the end");
		memset(lens + i, val, rep);
		i += rep;
	}
	return 0;
}

static int inflate_dynamic(struct inflater *s)
{
	static const uint8_t order[NUM_CL] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
	};
	uint8_t lens[NUM_LIT + NUM_DIST];
	int nlen, ndist, ncode, v, err;
	const char *why;

	nlen = get_bits(s, 5);
	ndist = nlen < 0 ? nlen : get_bits(s, 5);
	ncode = ndist < 0 ? ndist : get_bits(s, 4);
	if (ncode < 0)
		return ncode;
	nlen += 257;
	ndist += 1;
	ncode += 4;
	if (nlen > 286 || ndist > 30)
		return corrupt(s, "too many length or distance codes");

	memset(lens, 0, NUM_CL);
	for (int i = 0; i < ncode; i++) {
		v = get_bits(s, 3);
		if (v < 0)
			return v;
		lens[order[i]] = (uint8_t)v;
	}
	/* the code-length code is decoded through s->lit, rebuilt below */
	why = huff_build(&s->lit, lens, NUM_CL, false);
	if (why)
		return corrupt(s, why);
	if (s->lit.count[0] == NUM_CL)
		return corrupt(s, "empty code-length code");

	err = read_code_lengths(s, lens, nlen + ndist);
	if (err)
		return err;
	if (!lens[256])
		return corrupt(s, "missing end-of-block code");
	why = huff_build(&s->lit, lens, nlen, true);
	if (why)
		return corrupt(s, why);
	why = huff_build(&s->dist, lens + nlen, ndist, true);
	if (why)
		return corrupt(s, why);
	return inflate_codes(s, &s->lit, &s->dist);
}

static int inflate_blocks(struct inflater *s)
{
	int last, type, err;

	do {
		last = get_bits(s, 1);
		type = last < 0 ? last : get_bits(s, 2);
		if (type < 0)
			return type;
		switch (type) {
		case 0:
			err = inflate_stored(s);
			break;
		case 1:
			pthread_once(&fixed_once, fixed_init);
			err = inflate_codes(s, &fixed.lit, &fixed.dist);
			break;
		case 2:
			err = inflate_dynamic(s);
			break;
		default:
			err = corrupt(s, "invalid block type 3");
			break;
		}
		if (err)
			return err;
	} while (!last);
	align_to_byte(s);
	return 0;
}

/* ---- public entry points ---- */

static struct inflater *inflater_new(const void *in, size_t in_len, size_t max_out, size_t hint,
				     const char *name)
{
	struct inflater *s = calloc(1, sizeof(*s));

	if (!s) {
		pr_warn("inflate: %s: out of memory\n", name);
		return NULL;
	}
	s->name = name;
	s->in = in;
	s->in_len = in_len;
	s->max_out = max_out;
	/* an up-front guess saves most reallocs; a lying hint only costs memory
	 * bounded by max_out and by a ratio that text rarely exceeds (DEFLATE
	 * can reach ~1032:1, but then the output grows by doubling) */
	hint = min(hint, max_out);
	hint = min(hint, in_len > SIZE_MAX / 64 ? SIZE_MAX : in_len * 64);
	/* never NULL, so that even empty output has room for its NUL */
	if (hint ? out_reserve(s, hint) : !(s->out = malloc(1))) {
		if (!hint)
			pr_warn("inflate: %s: out of memory\n", name);
		free(s->out);
		free(s);
		return NULL;
	}
	return s;
}

/* Hand the output to the caller with a NUL after it, or free everything. */
static int inflater_finish(struct inflater *s, int err, void **out, size_t *out_len)
{
	uint8_t *p;

	if (!err) {
		p = s->out;
		p[s->out_len] = 0;
		*out = p;
		*out_len = s->out_len;
		free(s);
		return 0;
	}
	free(s->out);
	free(s);
	return err;
}

int deflate_inflate(const void *in, size_t in_len, void **out, size_t *out_len, size_t max_out,
		    size_t *consumed)
{
	struct inflater *s;
	int err;

	*out = NULL;
	*out_len = 0;
	if (!in && in_len)
		return -EINVAL;
	s = inflater_new(in, in_len, max_out, in_len * 4, "deflate stream");
	if (!s)
		return -ENOMEM;
	err = inflate_blocks(s);
	if (!err && consumed)
		*consumed = s->pos;
	return inflater_finish(s, err, out, out_len);
}

int gzip_is_gzip(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

#define GZ_FHCRC 0x02
#define GZ_FEXTRA 0x04
#define GZ_FNAME 0x08
#define GZ_FCOMMENT 0x10
#define GZ_RESERVED 0xe0

/* Skip a zero-terminated header field at *p; false when it is unterminated. */
static bool skip_cstr(const struct inflater *s, size_t *p)
{
	const uint8_t *nul = memchr(s->in + *p, 0, s->in_len - *p);

	if (!nul)
		return false;
	*p = nul - s->in + 1;
	return true;
}

/* Parse the member header at s->pos; leaves s->pos at the DEFLATE data. */
static int gzip_header(struct inflater *s)
{
	size_t start = s->pos, p = start + 10;
	const uint8_t *h = s->in + start;
	uint8_t flg;

	if (s->in_len - start < 10)
		return corrupt(s, "truncated gzip header");
	if (h[0] != 0x1f || h[1] != 0x8b)
		return corrupt(s, "not in gzip format (bad magic)");
	if (h[2] != 8)
		return corrupt(s, "unknown gzip compression method");
	flg = h[3];
	if (flg & GZ_RESERVED)
		return corrupt(s, "reserved gzip header flags set");
	if (flg & GZ_FEXTRA) {
		size_t xlen;

		if (s->in_len - p < 2)
			return corrupt(s, "truncated gzip extra field");
		xlen = s->in[p] | s->in[p + 1] << 8;
		if (s->in_len - p - 2 < xlen)
			return corrupt(s, "truncated gzip extra field");
		p += 2 + xlen;
	}
	if ((flg & GZ_FNAME) && !skip_cstr(s, &p))
		return corrupt(s, "unterminated gzip file name");
	if ((flg & GZ_FCOMMENT) && !skip_cstr(s, &p))
		return corrupt(s, "unterminated gzip comment");
	if (flg & GZ_FHCRC) {
		if (s->in_len - p < 2)
			return corrupt(s, "truncated gzip header CRC");
		uint32_t want = s->in[p] | s->in[p + 1] << 8;

		if ((gzip_crc32(0, h, p - start) & 0xffff) != want) {
			s->pos = p;
			return corrupt(s, "gzip header CRC mismatch");
		}
		p += 2;
	}
	s->pos = p;
	return 0;
}

static int gzip_member(struct inflater *s)
{
	size_t start = s->out_len;
	const uint8_t *t;
	int err;

	err = gzip_header(s);
	if (err)
		return err;
	s->win_start = start;
	s->bits = 0;
	s->nbits = 0;
	err = inflate_blocks(s);
	if (err)
		return err;
	if (s->in_len - s->pos < 8)
		return corrupt(s, "truncated gzip trailer");
	t = s->in + s->pos;
	if (get_le32(t) != gzip_crc32(0, s->out + start, s->out_len - start))
		return corrupt(s, "CRC-32 mismatch");
	if (get_le32(t + 4) != (uint32_t)(s->out_len - start))
		return corrupt(s, "ISIZE mismatch");
	s->pos += 8;
	return 0;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

int gzip_inflate(const void *in, size_t in_len, void **out, size_t *out_len, size_t max_out)
{
	return gzip_inflate_named(in, in_len, out, out_len, max_out, "gzip data");
}

int gzip_inflate_named(const void *in, size_t in_len, void **out, size_t *out_len, size_t max_out,
		       const char *name)
{
	struct inflater *s;
	size_t hint = 0;
	int err;

	*out = NULL;
	*out_len = 0;
	if (!in && in_len)
		return -EINVAL;
	if (in_len >= 18)
		hint = get_le32((const uint8_t *)in + in_len - 4);
	s = inflater_new(in, in_len, max_out, hint, name);
	if (!s)
		return -ENOMEM;
	do {
		err = gzip_member(s);
	} while (!err && s->pos < in_len && !all_zero(s->in + s->pos, in_len - s->pos));
	return inflater_finish(s, err, out, out_len);
}
