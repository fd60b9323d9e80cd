// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Inputs found by the fuzz targets of fuzz/, reduced to what triggers the
 * bug, each kept as a byte array with the behaviour it must now have. */
#include <string.h>

#include "btf_ext.h"
#include "btf_helpers.h"
#include "test.h"

/* A split BTF whose only type, a struct, is named by offset 1: a string of
 * its base ("int"). Looking that name up used the offset as if it were in
 * the split's own strings, reading before them (fuzz_btf). */
static const __u32 split_named_by_base[] = {
	0x0001eb9f, 24,  /* magic, version, flags; hdr_len */
	0, 12,           /* type_off, type_len */
	12, 1,           /* str_off, str_len */
	1,               /* name_off: "int" of the base */
	BTF_KIND_STRUCT << 24, /* no members */
	4,               /* size */
	0,               /* strings: "" */
};

TEST(fuzz_split_name_in_base_strings)
{
	struct btf *base = btf__new_empty(), *btf;
	const struct btf_type *t;

	ASSERT_PTR(base);
	ASSERT_EQ(btf__add_int(base, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_str(base, "int"), 1);
	btf = btf__new_split(split_named_by_base, sizeof(split_named_by_base), base);
	ASSERT_PTR(btf);
	t = btf__type_by_id(btf, 2);
	ASSERT_PTR(t);
	ASSERT_STREQ(btf__name_by_offset(btf, t->name_off), "int");
	ASSERT_EQ(btf__find_by_name_kind(btf, "int", BTF_KIND_STRUCT), 2);
	ASSERT_EQ(btf__find_by_name_kind(btf, "int", BTF_KIND_INT), 1);
	ASSERT_EQ(btf__find_by_name_kind(btf, "nope", BTF_KIND_STRUCT), -ENOENT);
	btf__free(btf);
	btf__free(base);
}

/* A big-endian .BTF.ext of 24 bytes: the header without the CO-RE fields.
 * Swapping it read those fields past the end of the copy (fuzz_btf_ext). */
static const __u8 short_be_ext[24] = {
	0xeb, 0x9f, 1, 0, 0, 0, 0, 24,  /* magic, version, flags, hdr_len */
	0, 0, 0, 0, 0, 0, 0, 0,         /* func_info off/len */
	0, 0, 0, 0, 0, 0, 0, 0,         /* line_info off/len */
};

/* Same header in a 32-byte blob whose tail is not header: it parses as an
 * empty .BTF.ext and the tail comes back unchanged. */
static const __u8 be_ext_tail[32] = {
	0xeb, 0x9f, 1, 0, 0, 0, 0, 24,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 8, 0, 0, 0,         /* not a CO-RE off/len pair */
};

TEST(fuzz_short_big_endian_btf_ext)
{
	const struct btf_ext_info *info;
	struct btf_ext *ext;
	const __u8 *raw;
	__u32 size;

	ext = btf_ext__new(short_be_ext, sizeof(short_be_ext));
	ASSERT_PTR(ext);
	ASSERT_EQ(btf_ext__endianness(ext), BTF_BIG_ENDIAN);
	for (int k = 0; k < BTF_EXT_KIND_CNT; k++) {
		info = btf_ext_info(ext, k);
		ASSERT_PTR(info);
		ASSERT_EQ(info->nr_secs, 0);
	}
	raw = btf_ext__raw_data(ext, &size);
	ASSERT_PTR(raw);
	ASSERT_EQ(size, sizeof(short_be_ext));
	ASSERT_EQ(memcmp(raw, short_be_ext, size), 0);
	btf_ext__free(ext);

	ext = btf_ext__new(be_ext_tail, sizeof(be_ext_tail));
	ASSERT_PTR(ext);
	ASSERT_EQ(btf_ext_info(ext, BTF_EXT_CORE_RELO)->nr_secs, 0);
	raw = btf_ext__raw_data(ext, &size);
	ASSERT_PTR(raw);
	ASSERT_EQ(size, sizeof(be_ext_tail));
	/* the tail comes back as it went in: never swapped */
	ASSERT_EQ(memcmp(raw, be_ext_tail, size), 0);
	btf_ext__free(ext);
}
