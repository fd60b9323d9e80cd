// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gzip decompression (src/inflate.c): fixed and dynamic Huffman blocks
 * made by gzip(1), the running kernel's /proc/config.gz, and damaged or
 * oversized input.
 */
#include <stdlib.h>

#include "inflate.h"
#include "test.h"

/* printf 'hello hello hello, bpfkit inflate test\n' | gzip -9 -n
 * (one fixed-Huffman block) */
static const unsigned char gz_fixed[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48,
	0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x90, 0x3a, 0x0a, 0x49, 0x05, 0x69,
	0xd9, 0x99, 0x25, 0x0a, 0x99, 0x79, 0x69, 0x39, 0x89, 0x25, 0xa9, 0x0a,
	0x25, 0xa9, 0xc5, 0x25, 0x5c, 0x00, 0xf8, 0x72, 0x0e, 0xf5, 0x27, 0x00,
	0x00, 0x00,
};

/* CONFIG_OPTION_1=y .. CONFIG_OPTION_40=y, one per line, gzip -9 -n
 * (one dynamic-Huffman block) */
static const unsigned char gz_dynamic[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x6d, 0xd2,
	0x2b, 0x0e, 0x80, 0x40, 0x00, 0x03, 0x51, 0xcf, 0x69, 0x68, 0xcb, 0x57,
	0xa0, 0x48, 0x20, 0x18, 0x16, 0x81, 0xe7, 0x1c, 0xdc, 0x9e, 0x20, 0xc9,
	0x60, 0x47, 0xbd, 0x34, 0x9d, 0xcb, 0xbe, 0x6c, 0xeb, 0x55, 0x8e, 0x73,
	0x2b, 0xfb, 0xa5, 0xe9, 0xae, 0xe6, 0x4f, 0x31, 0x4a, 0x50, 0x1a, 0x94,
	0x16, 0xa5, 0x43, 0xe9, 0x51, 0x06, 0x94, 0x11, 0x45, 0x35, 0x13, 0xd5,
	0x22, 0x5b, 0x74, 0x8b, 0x70, 0x51, 0x2e, 0xd2, 0x45, 0xbb, 0x88, 0x17,
	0xf5, 0xa6, 0xde, 0x3f, 0x9b, 0x53, 0x6f, 0xea, 0x4d, 0xbd, 0xa9, 0x37,
	0xf5, 0xa6, 0xde, 0xd4, 0x9b, 0xfa, 0x50, 0x1f, 0xea, 0xf3, 0x73, 0x19,
	0xea, 0x43, 0x7d, 0xa8, 0x0f, 0xf5, 0xa1, 0x3e, 0xd4, 0x87, 0xfa, 0xe6,
	0xd5, 0x3f, 0x92, 0x5e, 0x81, 0xb3, 0xef, 0x02, 0x00, 0x00,
};

TEST(inflate_fixed_block)
{
	const char *want = "hello hello hello, bpfkit inflate test\n";
	void *out = NULL;
	size_t n = 0;

	ASSERT_EQ(gzip_inflate(gz_fixed, sizeof(gz_fixed), 1 << 20, &out, &n), 0);
	CHECK_EQ(n, strlen(want));
	CHECK(!memcmp(out, want, n), "got '%.*s'", (int)n, (char *)out);
	free(out);
}

TEST(inflate_dynamic_block)
{
	char want[1024], *p = want;
	void *out = NULL;
	size_t n = 0;

	for (int i = 1; i <= 40; i++)
		p += sprintf(p, "CONFIG_OPTION_%d=y\n", i);
	ASSERT_EQ(gzip_inflate(gz_dynamic, sizeof(gz_dynamic), 1 << 20, &out, &n), 0);
	CHECK_EQ(n, strlen(want));
	CHECK(!memcmp(out, want, n), "output differs");
	free(out);
}

TEST(inflate_bad_input)
{
	unsigned char bad[sizeof(gz_dynamic)];
	void *out = NULL;
	size_t n;

	/* output over the cap */
	CHECK_EQ(gzip_inflate(gz_dynamic, sizeof(gz_dynamic), 100, &out, &n), -E2BIG);
	/* not gzip, too short, truncated */
	CHECK_EQ(gzip_inflate("hello world, not gzip", 21, 1 << 20, &out, &n), -EINVAL);
	CHECK_EQ(gzip_inflate(gz_fixed, 10, 1 << 20, &out, &n), -EINVAL);
	CHECK_EQ(gzip_inflate(gz_dynamic, sizeof(gz_dynamic) - 20, 1 << 20, &out, &n), -EINVAL);
	/* CRC mismatch */
	memcpy(bad, gz_dynamic, sizeof(bad));
	bad[sizeof(bad) - 8] ^= 1;
	CHECK_EQ(gzip_inflate(bad, sizeof(bad), 1 << 20, &out, &n), -EINVAL);
	/* every single-byte change is caught (header, data or CRC) and never
	 * crashes */
	for (size_t i = 0; i < sizeof(bad); i++) {
		for (int v = 0; v < 256; v += 51) {
			memcpy(bad, gz_dynamic, sizeof(bad));
			if (bad[i] == v)
				continue;
			bad[i] = v;
			if (gzip_inflate(bad, sizeof(bad), 1 << 20, &out, &n) == 0) {
				/* only header bytes gzip ignores may change */
				CHECK(i >= 4 && i < 10, "byte %zu = %d accepted", i, v);
				free(out);
			}
		}
	}
}

TEST(inflate_proc_config)
{
	FILE *f = fopen("/proc/config.gz", "rb");
	static unsigned char buf[1 << 22];
	void *out = NULL;
	size_t n, len;

	if (!f)
		test_skip(false, "no /proc/config.gz");
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ASSERT_EQ(gzip_inflate(buf, len, 64 << 20, &out, &n), 0);
	CHECK_GT(n, len);
	CHECK(memmem(out, n, "\nCONFIG_BPF=y\n", 14), "no CONFIG_BPF=y in the kernel config");
	free(out);
}
