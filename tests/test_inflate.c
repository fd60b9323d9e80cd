// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tests of the DEFLATE/gzip decoder: round trips through the gzip tool,
 * /proc/config.gz against zcat, hand-made corrupt streams of every class,
 * truncation and byte-flip sweeps, and speed. */
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "inflate.h"
#include "libbpf_internal.h"
#include "test.h"

#define MAX_OUT (64u << 20)

/* ---- helpers ---- */

static char last_warn[512];

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		vsnprintf(last_warn, sizeof(last_warn), fmt, ap);
	return 0;
}

/* Read all of a command's stdout into a malloc()ed buffer. */
static int run_read(const char *cmd, void **out, size_t *out_len)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap), *p;
	FILE *f = popen(cmd, "r");
	size_t n;

	if (!f || !buf) {
		if (f)
			pclose(f);
		free(buf);
		return -1;
	}
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			p = realloc(buf, cap *= 2);
			if (!p)
				break;
			buf = p;
		}
	}
	if (pclose(f) != 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

/* Compress data with `gzip args` through a temp file. */
static int gzip_tool(const void *data, size_t len, const char *args, void **out, size_t *out_len)
{
	char path[64], cmd[160];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "/tmp/bpfkit-inflate-%d.bin", getpid());
	f = fopen(path, "w");
	if (!f)
		return -1;
	if (len && fwrite(data, 1, len, f) != len) {
		fclose(f);
		unlink(path);
		return -1;
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "gzip %s -c < %s", args, path);
	err = run_read(cmd, out, out_len);
	unlink(path);
	return err;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)rng_state;
}

enum data_kind { DATA_RANDOM, DATA_TEXT, DATA_REPEAT, DATA_SKEWED, DATA_KINDS };

static void fill_data(uint8_t *p, size_t n, enum data_kind kind)
{
	static const char *const words[] = {
		"CONFIG_", "BPF", "=y\n", "=m\n", "# ", " is not set\n", "NET", "_", "SYSCALL",
		"KPROBES", "0x1f", "\"string\"", "JIT", "DEBUG_INFO", "BTF", "\n",
	};
	size_t i = 0;

	switch (kind) {
	case DATA_RANDOM:
		for (; i < n; i++)
			p[i] = rnd();
		break;
	case DATA_TEXT:
		while (i < n) {
			const char *w = words[rnd() % ARRAY_SIZE(words)];

			for (; *w && i < n; w++)
				p[i++] = *w;
		}
		break;
	case DATA_REPEAT:
		for (; i < n; i++)
			p[i] = i < 7 ? rnd() : p[i - 7];
		break;
	default:
		for (; i < n; i++)
			p[i] = "aabc"[rnd() % 4] + (rnd() % 64 == 0);
		break;
	}
}

/* ---- bit writer for hand-made streams ---- */

struct bw {
	uint8_t buf[512];
	size_t nbits;
};

/* n bits of v, LSB first (header fields, extra bits) */
static void bw_put(struct bw *w, unsigned int v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++, w->nbits++)
		if (v >> i & 1)
			w->buf[w->nbits / 8] |= 1u << (w->nbits % 8);
}

/* a Huffman code of n bits, most significant bit first */
static void bw_code(struct bw *w, unsigned int code, unsigned int n)
{
	while (n--)
		bw_put(w, code >> n & 1, 1);
}

static size_t bw_len(const struct bw *w)
{
	return (w->nbits + 7) / 8;
}

/* Decode raw deflate, expect -EINVAL with a message containing what. */
static void expect_corrupt(const struct bw *w, const char *what)
{
	void *out = (void *)1;
	size_t out_len = 1;

	last_warn[0] = 0;
	CHECK_EQ(deflate_inflate(w->buf, bw_len(w), &out, &out_len, MAX_OUT, NULL), -EINVAL);
	CHECK(out == NULL && out_len == 0, "output left behind for '%s'", what);
	CHECK(strstr(last_warn, what) != NULL, "want '%s', got '%s'", what, last_warn);
	CHECK(strstr(last_warn, "byte offset") != NULL, "no offset in '%s'", last_warn);
}

/* Dynamic block header with code-length code lengths given per symbol. */
static void bw_dyn_header(struct bw *w, int nlen, int ndist, const uint8_t cl_lens[19])
{
	static const uint8_t order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
	};
	int ncode = 19;

	while (ncode > 4 && !cl_lens[order[ncode - 1]])
		ncode--;
	bw_put(w, 1, 1);
	bw_put(w, 2, 2);
	bw_put(w, nlen - 257, 5);
	bw_put(w, ndist - 1, 5);
	bw_put(w, ncode - 4, 4);
	for (int i = 0; i < ncode; i++)
		bw_put(w, cl_lens[order[i]], 3);
}

/* ---- tests ---- */

TEST(inflate_crc32)
{
	ASSERT_EQ(gzip_crc32(0, "123456789", 9), 0xcbf43926u);
	ASSERT_EQ(gzip_crc32(0, "", 0), 0);
	/* continuing a CRC equals one pass over the concatenation */
	ASSERT_EQ(gzip_crc32(gzip_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
	ASSERT_EQ(gzip_crc32(0, "The quick brown fox jumps over the lazy dog", 43), 0x414fa339u);
}

static int slurp(const char *path, void **out, size_t *out_len)
{
	FILE *f = fopen(path, "r");
	long len;
	void *buf;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len + 1);
	if (len < 0 || !buf || fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*out = buf;
	*out_len = len;
	return 0;
}

/* Every size x data kind x level: the inputs are written to a directory
 * and compressed by one shell loop (a process per gzip call is the cost
 * here), then each .gz is decoded by us and compared with its input. */
TEST(inflate_roundtrip_gzip)
{
	static const size_t sizes[] = { 0, 1, 3, 258, 1000, 4095, 32769, 65536, 65537, 300000 };
	static const char *const levels[] = { "1", "9", "6n" };
	char dir[64], path[160], cmd[400];
	uint8_t *data = malloc(300000);
	int files = 0;

	ASSERT_PTR(data);
	snprintf(dir, sizeof(dir), "/tmp/bpfkit-roundtrip-%d", getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf %s && mkdir %s", dir, dir);
	ASSERT_EQ(system(cmd), 0);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (int k = 0; k < DATA_KINDS; k++) {
			FILE *f;

			snprintf(path, sizeof(path), "%s/%zu_%d", dir, sizes[i], k);
			fill_data(data, sizes[i], k);
			f = fopen(path, "w");
			ASSERT_PTR(f);
			CHECK_EQ(fwrite(data, 1, sizes[i], f), sizes[i]);
			fclose(f);
		}
	}
	free(data);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && for f in *; do gzip -1 -c $f > $f.1 && gzip -9 -c $f > $f.9 && "
		 "gzip -6 -n -c $f > $f.6n || exit 1; done", dir);
	CHECK_EQ(system(cmd), 0);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (int k = 0; k < DATA_KINDS; k++) {
			void *in, *gz, *out;
			size_t in_len, gz_len, out_len;

			snprintf(path, sizeof(path), "%s/%zu_%d", dir, sizes[i], k);
			if (!CHECK(slurp(path, &in, &in_len) == 0, "read %s", path))
				continue;
			for (size_t l = 0; l < ARRAY_SIZE(levels); l++) {
				snprintf(path, sizeof(path), "%s/%zu_%d.%s", dir, sizes[i], k,
					 levels[l]);
				if (!CHECK(slurp(path, &gz, &gz_len) == 0, "read %s", path))
					continue;
				CHECK_EQ(gzip_inflate(gz, gz_len, &out, &out_len, MAX_OUT), 0);
				CHECK(out && out_len == in_len && !memcmp(out, in, in_len) &&
				      !((uint8_t *)out)[out_len], "%s differs", path);
				free(out);
				free(gz);
				files++;
			}
			free(in);
		}
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK_EQ(system(cmd), 0);
	CHECK_EQ(files, ARRAY_SIZE(sizes) * DATA_KINDS * ARRAY_SIZE(levels));
}

TEST(inflate_stored_blocks)
{
	size_t n = 200000, gz_len, out_len;
	uint8_t *data = malloc(n);
	void *gz, *out;

	ASSERT_PTR(data);
	fill_data(data, n, DATA_RANDOM);
	ASSERT(gzip_tool(data, n, "-9", &gz, &gz_len) == 0, "gzip");
	/* incompressible: gzip falls back to stored blocks, so it grows */
	CHECK_GT(gz_len, n);
	ASSERT_EQ(gzip_inflate(gz, gz_len, &out, &out_len, MAX_OUT), 0);
	CHECK(out_len == n && !memcmp(out, data, n), "stored data differs");
	free(out);
	free(gz);

	/* a raw stored block by hand: BFINAL=1 BTYPE=00, LEN, NLEN, data */
	{
		const uint8_t raw[] = { 0x01, 0x05, 0x00, 0xfa, 0xff, 'h', 'e', 'l', 'l', 'o' };
		size_t used = 0;

		ASSERT_EQ(deflate_inflate(raw, sizeof(raw), &out, &out_len, 100, &used), 0);
		CHECK_EQ(used, sizeof(raw));
		CHECK(out_len == 5 && !memcmp(out, "hello", 5), "stored by hand");
		free(out);
	}
	free(data);
}

TEST(inflate_proc_config_gz)
{
	void *gz, *ref, *out;
	size_t gz_len, ref_len, out_len;
	if (access("/proc/config.gz", R_OK))
		test_skip(false, "no /proc/config.gz");
	ASSERT(run_read("cat /proc/config.gz", &gz, &gz_len) == 0, "read config.gz");
	ASSERT(run_read("zcat /proc/config.gz", &ref, &ref_len) == 0, "zcat");
	ASSERT_EQ(gzip_inflate(gz, gz_len, &out, &out_len, MAX_OUT), 0);
	CHECK_EQ(out_len, ref_len);
	CHECK(out_len == ref_len && !memcmp(out, ref, ref_len), "differs from zcat");
	CHECK_GT(out_len, 1000);
	free(out);
	free(ref);
	free(gz);
}

TEST(inflate_header_fields_and_members)
{
	const char *text = "header fields test, header fields test, header fields test\n";
	size_t n = strlen(text), gz_len, out_len, p = 0;
	uint8_t *buf;
	uint32_t crc;
	void *gz, *out;

	ASSERT(gzip_tool(text, n, "-9 -n", &gz, &gz_len) == 0, "gzip");
	ASSERT_EQ(((uint8_t *)gz)[3], 0);	/* -n: no optional fields */
	buf = calloc(1, 2 * gz_len + 64);
	ASSERT_PTR(buf);
	/* same member with FEXTRA, FNAME, FCOMMENT and FHCRC */
	memcpy(buf, gz, 10);
	buf[3] = 0x04 | 0x08 | 0x10 | 0x02;
	p = 10;
	buf[p++] = 3;
	buf[p++] = 0;
	memcpy(buf + p, "abc", 3);
	p += 3;
	memcpy(buf + p, "name.txt", 9);
	p += 9;
	memcpy(buf + p, "a comment", 10);
	p += 10;
	crc = gzip_crc32(0, buf, p);
	buf[p++] = crc & 0xff;
	buf[p++] = crc >> 8 & 0xff;
	memcpy(buf + p, (uint8_t *)gz + 10, gz_len - 10);
	p += gz_len - 10;
	/* followed by the plain member again: two members concatenated */
	memcpy(buf + p, gz, gz_len);
	p += gz_len;
	ASSERT_EQ(gzip_inflate(buf, p, &out, &out_len, MAX_OUT), 0);
	CHECK_EQ(out_len, 2 * n);
	CHECK(out_len == 2 * n && !memcmp(out, text, n) && !memcmp((char *)out + n, text, n),
	      "two members");
	free(out);
	/* trailing zero padding is tolerated, other trailing bytes are not */
	memset(buf + p, 0, 16);
	ASSERT_EQ(gzip_inflate(buf, p + 16, &out, &out_len, MAX_OUT), 0);
	free(out);
	buf[p + 3] = 'x';
	libbpf_print_fn_t old = libbpf_set_print(capture_print);
	CHECK_EQ(gzip_inflate(buf, p + 16, &out, &out_len, MAX_OUT), -EINVAL);
	/* header CRC mismatch */
	buf[10 + 2 + 3 + 9 + 10] ^= 1;
	last_warn[0] = 0;
	CHECK_EQ(gzip_inflate(buf, p, &out, &out_len, MAX_OUT), -EINVAL);
	CHECK(strstr(last_warn, "header CRC") != NULL, "got '%s'", last_warn);
	libbpf_set_print(old);
	free(buf);
	free(gz);
}

TEST(inflate_corrupt_container)
{
	const char *text = "some text to compress, some text to compress";
	size_t n = strlen(text), gz_len, out_len;
	libbpf_print_fn_t old;
	uint8_t *gz, *copy;
	void *out;

	ASSERT(gzip_tool(text, n, "-9 -n", (void **)&gz, &gz_len) == 0, "gzip");
	copy = malloc(gz_len);
	ASSERT_PTR(copy);
	old = libbpf_set_print(capture_print);
#define CORRUPT(off, val, what)                                                          \
	do {                                                                               \
		memcpy(copy, gz, gz_len);                                                  \
		copy[off] = val;                                                           \
		last_warn[0] = 0;                                                          \
		CHECK_EQ(gzip_inflate(copy, gz_len, &out, &out_len, MAX_OUT), -EINVAL);    \
		CHECK(strstr(last_warn, what) != NULL, "want '%s', got '%s'", what,        \
		      last_warn);                                                          \
	} while (0)
	CORRUPT(0, 0x1e, "bad magic");
	CORRUPT(2, 7, "compression method");
	CORRUPT(3, 0x20, "reserved");
	CORRUPT(gz_len - 8, copy[gz_len - 8] ^ 0x40, "CRC-32 mismatch");
	CORRUPT(gz_len - 4, copy[gz_len - 4] + 1, "ISIZE mismatch");
#undef CORRUPT
	/* FNAME set but the header ends before its NUL */
	memcpy(copy, gz, 10);
	copy[3] = 0x08;
	memset(copy + 10, 'a', 6);
	CHECK_EQ(gzip_inflate(copy, 16, &out, &out_len, MAX_OUT), -EINVAL);
	CHECK(strstr(last_warn, "unterminated gzip file name") != NULL, "got '%s'", last_warn);
	/* the output limit */
	CHECK_EQ(gzip_inflate(gz, gz_len, &out, &out_len, n - 1), -E2BIG);
	CHECK(strstr(last_warn, "limit") != NULL, "got '%s'", last_warn);
	ASSERT_EQ(gzip_inflate(gz, gz_len, &out, &out_len, n), 0);
	free(out);
	/* empty and tiny inputs */
	CHECK_EQ(gzip_inflate(gz, 0, &out, &out_len, MAX_OUT), -EINVAL);
	CHECK_EQ(gzip_inflate(gz, 9, &out, &out_len, MAX_OUT), -EINVAL);
	CHECK_EQ(deflate_inflate(gz, 0, &out, &out_len, MAX_OUT, NULL), -EINVAL);
	libbpf_set_print(old);
	free(copy);
	free(gz);
}

TEST(inflate_corrupt_deflate)
{
	libbpf_print_fn_t old = libbpf_set_print(capture_print);
	uint8_t cl[19];
	struct bw w;

	/* block type 3 */
	memset(&w, 0, sizeof(w));
	bw_put(&w, 1, 1);
	bw_put(&w, 3, 2);
	expect_corrupt(&w, "invalid block type");

	/* stored: LEN does not match NLEN */
	memset(&w, 0, sizeof(w));
	bw_put(&w, 1, 3);
	bw_put(&w, 0, 5);
	bw_put(&w, 0x0005, 16);
	bw_put(&w, 0xfffb, 16);
	expect_corrupt(&w, "complement");

	/* fixed: a match before any output (len code 257, distance 1) */
	memset(&w, 0, sizeof(w));
	bw_put(&w, 1, 1);
	bw_put(&w, 1, 2);
	bw_code(&w, 0x01, 7);
	bw_code(&w, 0, 5);
	expect_corrupt(&w, "distance too far back");

	/* fixed: one literal, then distance 2 */
	memset(&w, 0, sizeof(w));
	bw_put(&w, 1, 1);
	bw_put(&w, 1, 2);
	bw_code(&w, 0x30 + 'a', 8);
	bw_code(&w, 0x01, 7);
	bw_code(&w, 1, 5);
	expect_corrupt(&w, "distance too far back");

	/* fixed: literal/length symbol 286 and distance symbol 30 */
	memset(&w, 0, sizeof(w));
	bw_put(&w, 1, 1);
	bw_put(&w, 1, 2);
	bw_code(&w, 0xc0 + 6, 8);
	expect_corrupt(&w, "invalid literal/length symbol");
	memset(&w, 0, sizeof(w));
	bw_put(&w, 1, 1);
	bw_put(&w, 1, 2);
	bw_code(&w, 0x30 + 'a', 8);
	bw_code(&w, 0x01, 7);
	bw_code(&w, 30, 5);
	expect_corrupt(&w, "invalid distance symbol");

	/* dynamic: too many literal/length codes (HLIT 30 -> 287) */
	memset(&w, 0, sizeof(w));
	memset(cl, 0, sizeof(cl));
	cl[0] = cl[16] = 1;
	bw_dyn_header(&w, 287, 1, cl);
	expect_corrupt(&w, "too many length or distance codes");

	/* dynamic: over-subscribed code-length code (19 codes of length 1) */
	memset(&w, 0, sizeof(w));
	memset(cl, 1, sizeof(cl));
	bw_dyn_header(&w, 257, 1, cl);
	expect_corrupt(&w, "over-subscribed");

	/* dynamic: incomplete code-length code (one code of length 2) */
	memset(&w, 0, sizeof(w));
	memset(cl, 0, sizeof(cl));
	cl[0] = 2;
	bw_dyn_header(&w, 257, 1, cl);
	expect_corrupt(&w, "incomplete");

	/* dynamic: code-length code {0: '0', 16: '1'}; 16 first = no previous */
	memset(&w, 0, sizeof(w));
	memset(cl, 0, sizeof(cl));
	cl[0] = cl[16] = 1;
	bw_dyn_header(&w, 257, 1, cl);
	bw_code(&w, 1, 1);
	expect_corrupt(&w, "no previous length");

	/* same code, all 258 lengths zero: no end-of-block code */
	memset(&w, 0, sizeof(w));
	bw_dyn_header(&w, 257, 1, cl);
	for (int i = 0; i < 258; i++)
		bw_code(&w, 0, 1);
	expect_corrupt(&w, "missing end-of-block");

	/* repeat (16 = 3..6 copies) running past the 258 lengths */
	memset(&w, 0, sizeof(w));
	cl[0] = 0;
	cl[16] = 1;
	cl[8] = 1;
	bw_dyn_header(&w, 257, 1, cl);
	for (int i = 0; i < 256; i++)
		bw_code(&w, 0, 1);	/* 8: code '0' (8 < 16) */
	bw_code(&w, 1, 1);
	bw_put(&w, 3, 2);		/* repeat 6 with 2 slots left */
	expect_corrupt(&w, "runs past the end");

	/* literal code {65: len 2, 256: len 2} is incomplete;
	 * code-length code {0: '0', 2: '1'} */
	memset(&w, 0, sizeof(w));
	memset(cl, 0, sizeof(cl));
	cl[0] = cl[2] = 1;
	bw_dyn_header(&w, 257, 1, cl);
	for (int i = 0; i < 258; i++)
		bw_code(&w, i == 65 || i == 256, 1);
	expect_corrupt(&w, "incomplete code lengths");

	/* over-subscribed literal code: {0: '0', 1: '1'}, three codes of len 1 */
	memset(&w, 0, sizeof(w));
	memset(cl, 0, sizeof(cl));
	cl[0] = cl[1] = 1;
	bw_dyn_header(&w, 257, 1, cl);
	for (int i = 0; i < 258; i++)
		bw_code(&w, i == 65 || i == 66 || i == 256, 1);
	expect_corrupt(&w, "over-subscribed");

	/* end of input in the middle of a block */
	memset(&w, 0, sizeof(w));
	bw_put(&w, 1, 1);
	bw_put(&w, 1, 2);
	bw_code(&w, 0x30 + 'a', 8);
	expect_corrupt(&w, "end of input");
	libbpf_set_print(old);
}

TEST(inflate_dynamic_single_code)
{
	/* a literal code of one symbol (256, length 1) is allowed, as is an
	 * empty distance code: an empty dynamic block */
	uint8_t cl[19] = {};
	size_t out_len, used;
	struct bw w = {};
	void *out;

	cl[0] = cl[1] = 1;
	bw_dyn_header(&w, 257, 1, cl);
	for (int i = 0; i < 258; i++)
		bw_code(&w, i == 256, 1);
	bw_code(&w, 0, 1);	/* the only literal code: end of block */
	ASSERT_EQ(deflate_inflate(w.buf, bw_len(&w), &out, &out_len, 10, &used), 0);
	CHECK_EQ(out_len, 0);
	CHECK_EQ(used, bw_len(&w));
	free(out);
}

TEST(inflate_truncation_sweep)
{
	uint8_t data[3000];
	libbpf_print_fn_t old;
	size_t gz_len, out_len;
	void *gz, *out;

	fill_data(data, sizeof(data), DATA_TEXT);
	ASSERT(gzip_tool(data, sizeof(data), "-9", &gz, &gz_len) == 0, "gzip");
	old = libbpf_set_print(capture_print);
	for (size_t cut = 0; cut < gz_len; cut++) {
		/* a copy of exactly cut bytes, so ASan sees any overread */
		uint8_t *p = malloc(cut ? cut : 1);

		ASSERT_PTR(p);
		memcpy(p, gz, cut);
		out = (void *)1;
		CHECK_EQ(gzip_inflate(p, cut, &out, &out_len, MAX_OUT), -EINVAL);
		CHECK(out == NULL, "output after a truncated stream");
		free(p);
	}
	libbpf_set_print(old);
	free(gz);
}

TEST(inflate_byteflip_sweep)
{
	static const uint8_t masks[] = { 0x01, 0x10, 0x80, 0xff };
	int ok = 0, failed = 0;
	uint8_t data[1500];
	libbpf_print_fn_t old;
	size_t gz_len, out_len;
	uint8_t *gz, *p;
	void *out;

	fill_data(data, sizeof(data), DATA_SKEWED);
	ASSERT(gzip_tool(data, sizeof(data), "-6", (void **)&gz, &gz_len) == 0, "gzip");
	p = malloc(gz_len);
	ASSERT_PTR(p);
	old = libbpf_set_print(capture_print);
	for (size_t i = 0; i < gz_len; i++) {
		for (size_t m = 0; m < ARRAY_SIZE(masks); m++) {
			int err;

			memcpy(p, gz, gz_len);
			p[i] ^= masks[m];
			err = gzip_inflate(p, gz_len, &out, &out_len, 1 << 20);
			if (err) {
				CHECK(err == -EINVAL || err == -E2BIG, "flip %zu/%u: %d", i,
				      masks[m], err);
				failed++;
				continue;
			}
			/* accepted only when the data is intact (header bytes
			 * such as MTIME carry no checksum) */
			CHECK(out_len == sizeof(data) && !memcmp(out, data, out_len),
			      "flip at %zu accepted with different output", i);
			free(out);
			ok++;
		}
	}
	libbpf_set_print(old);
	test_log("byte flips: %d accepted (header), %d rejected\n", ok, failed);
	CHECK_GT(failed, ok);
	free(p);
	free(gz);
}

/* A large, highly compressible input (long back-references, every
 * block type gzip -9 picks) inflates to the exact bytes, repeatedly. */
TEST(inflate_large_text)
{
	size_t n = 256 * 1024, gz_len, out_len;
	uint8_t *data = malloc(n);
	void *gz, *out;

	ASSERT_PTR(data);
	fill_data(data, n, DATA_TEXT);
	ASSERT(gzip_tool(data, n, "-9", &gz, &gz_len) == 0, "gzip");
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(gzip_inflate(gz, gz_len, &out, &out_len, MAX_OUT), 0);
		CHECK(out_len == n && !memcmp(out, data, n), "run %d: output differs", i);
		free(out);
	}
	free(gz);
	free(data);
}
