// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BTF construction: every btf__add_*(), argument checks, round trips
 * through raw data in both byte orders, copying between BTF objects. */
#include <fcntl.h>
#include <stdio.h>

#include "btf_helpers.h"
#include "test.h"

/* Ids of the types built by build_all(). */
enum {
	ID_INT = 1, ID_UCHAR, ID_FLOAT, ID_PTR, ID_ARR, ID_STRUCT, ID_UNION, ID_ENUM, ID_ENUM64,
	ID_FWD_S, ID_FWD_U, ID_FWD_E, ID_TYPEDEF, ID_VOLATILE, ID_CONST, ID_RESTRICT,
	ID_TYPE_TAG, ID_PROTO, ID_FUNC, ID_VAR, ID_DATASEC, ID_DECL_TAG, ID_TYPE_ATTR,
	ID_DECL_ATTR, ID_LAST = ID_DECL_ATTR,
};

/* One type of every kind (and both attr flavours of the tags). */
static struct btf *build_all(void)
{
	struct btf *btf = btf__new_empty();

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), ID_INT);
	ASSERT_EQ(btf__add_int(btf, "unsigned char", 1, BTF_INT_CHAR), ID_UCHAR);
	ASSERT_EQ(btf__add_float(btf, "double", 8), ID_FLOAT);
	ASSERT_EQ(btf__add_ptr(btf, ID_INT), ID_PTR);
	ASSERT_EQ(btf__add_array(btf, ID_INT, ID_UCHAR, 10), ID_ARR);
	ASSERT_EQ(btf__add_struct(btf, "s", 24), ID_STRUCT);
	ASSERT_OK(btf__add_field(btf, "a", ID_INT, 0, 0));
	ASSERT_OK(btf__add_field(btf, "b", ID_INT, 32, 3));  /* bitfield: kflag */
	ASSERT_OK(btf__add_field(btf, NULL, ID_UCHAR, 40, 0));
	ASSERT_OK(btf__add_field(btf, "p", ID_PTR, 64, 0));
	ASSERT_OK(btf__add_field(btf, "arr", ID_ARR, 128, 0));
	ASSERT_EQ(btf__add_union(btf, "u", 8), ID_UNION);
	ASSERT_OK(btf__add_field(btf, "x", ID_INT, 0, 0));
	ASSERT_OK(btf__add_field(btf, "d", ID_FLOAT, 0, 0));
	ASSERT_EQ(btf__add_enum(btf, "e", 4), ID_ENUM);
	ASSERT_OK(btf__add_enum_value(btf, "E_A", 0));
	ASSERT_OK(btf__add_enum_value(btf, "E_B", -5)); /* makes it signed */
	ASSERT_EQ(btf__add_enum64(btf, "e64", 8, false), ID_ENUM64);
	ASSERT_OK(btf__add_enum64_value(btf, "E64_BIG", 0xfedcba9876543210ULL));
	ASSERT_EQ(btf__add_fwd(btf, "fs", BTF_FWD_STRUCT), ID_FWD_S);
	ASSERT_EQ(btf__add_fwd(btf, "fu", BTF_FWD_UNION), ID_FWD_U);
	ASSERT_EQ(btf__add_fwd(btf, "fe", BTF_FWD_ENUM), ID_FWD_E);
	ASSERT_EQ(btf__add_typedef(btf, "td", ID_STRUCT), ID_TYPEDEF);
	ASSERT_EQ(btf__add_volatile(btf, ID_TYPEDEF), ID_VOLATILE);
	ASSERT_EQ(btf__add_const(btf, ID_VOLATILE), ID_CONST);
	ASSERT_EQ(btf__add_restrict(btf, ID_PTR), ID_RESTRICT);
	ASSERT_EQ(btf__add_type_tag(btf, "user", ID_INT), ID_TYPE_TAG);
	ASSERT_EQ(btf__add_func_proto(btf, ID_INT), ID_PROTO);
	ASSERT_OK(btf__add_func_param(btf, "x", ID_INT));
	ASSERT_OK(btf__add_func_param(btf, NULL, ID_PTR));
	ASSERT_EQ(btf__add_func(btf, "f", BTF_FUNC_GLOBAL, ID_PROTO), ID_FUNC);
	ASSERT_EQ(btf__add_var(btf, "v", BTF_VAR_GLOBAL_ALLOCATED, ID_INT), ID_VAR);
	ASSERT_EQ(btf__add_datasec(btf, ".data", 4), ID_DATASEC);
	ASSERT_OK(btf__add_datasec_var_info(btf, ID_VAR, 0, 4));
	ASSERT_EQ(btf__add_decl_tag(btf, "tag", ID_STRUCT, 1), ID_DECL_TAG);
	ASSERT_EQ(btf__add_type_attr(btf, "attr", ID_INT), ID_TYPE_ATTR);
	ASSERT_EQ(btf__add_decl_attr(btf, "dattr", ID_FUNC, -1), ID_DECL_ATTR);
	return btf;
}

static const char *tname(const struct btf *btf, __u32 id)
{
	return btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
}

/* Same types (record bytes, except string offsets) and same names. */
static void assert_same_btf(const struct btf *a, const struct btf *b)
{
	__u32 id;

	ASSERT_EQ(btf__type_cnt(a), btf__type_cnt(b));
	for (id = 1; id < btf__type_cnt(a); id++) {
		const struct btf_type *x = btf__type_by_id(a, id), *y = btf__type_by_id(b, id);
		int i;

		ASSERT_EQ(x->info, y->info);
		ASSERT_EQ(x->size, y->size);
		ASSERT_STREQ(tname(a, id), tname(b, id));
		if (btf_is_composite(x)) {
			for (i = 0; i < btf_vlen(x); i++) {
				ASSERT_EQ(btf_members(x)[i].type, btf_members(y)[i].type);
				ASSERT_EQ(btf_members(x)[i].offset, btf_members(y)[i].offset);
				ASSERT_STREQ(btf__name_by_offset(a, btf_members(x)[i].name_off),
					     btf__name_by_offset(b, btf_members(y)[i].name_off));
			}
		}
	}
}

TEST(btf_build_every_kind)
{
	struct btf *btf = build_all();
	const struct btf_type *t;

	ASSERT_EQ(btf__type_cnt(btf), ID_LAST + 1);
	t = btf__type_by_id(btf, ID_INT);
	ASSERT(btf_is_int(t) && t->size == 4, "int");
	ASSERT_EQ(btf_int_encoding(t), BTF_INT_SIGNED);
	ASSERT_EQ(btf_int_bits(t), 32);
	ASSERT_EQ(btf_int_offset(t), 0);
	t = btf__type_by_id(btf, ID_STRUCT);
	ASSERT(btf_is_struct(t) && btf_kflag(t), "struct with bitfield has kflag");
	ASSERT_EQ(btf_vlen(t), 5);
	ASSERT_EQ(btf_member_bit_offset(t, 1), 32);
	ASSERT_EQ(btf_member_bitfield_size(t, 1), 3);
	ASSERT_EQ(btf_member_bitfield_size(t, 0), 0);
	ASSERT_EQ(btf_members(t)[2].name_off, 0);
	ASSERT_STREQ(tname(btf, ID_STRUCT), "s");
	t = btf__type_by_id(btf, ID_ENUM);
	ASSERT(btf_is_enum(t) && btf_kflag(t), "negative value -> signed enum");
	ASSERT_EQ(btf_enum(t)[1].val, -5);
	t = btf__type_by_id(btf, ID_ENUM64);
	ASSERT(btf_is_enum64(t) && !btf_kflag(t), "enum64");
	ASSERT_EQ(btf_enum64_value(btf_enum64(t)), 0xfedcba9876543210ULL);
	ASSERT(btf_is_fwd(btf__type_by_id(btf, ID_FWD_S)) &&
	       !btf_kflag(btf__type_by_id(btf, ID_FWD_S)), "fwd struct");
	ASSERT(btf_kflag(btf__type_by_id(btf, ID_FWD_U)), "fwd union has kflag");
	t = btf__type_by_id(btf, ID_FWD_E);
	ASSERT(btf_is_enum(t) && btf_vlen(t) == 0 && t->size == 4, "enum fwd");
	ASSERT(btf_is_mod(btf__type_by_id(btf, ID_TYPE_TAG)), "type tag is a modifier");
	ASSERT(!btf_kflag(btf__type_by_id(btf, ID_TYPE_TAG)), "type tag");
	ASSERT(btf_kflag(btf__type_by_id(btf, ID_TYPE_ATTR)), "type attr");
	t = btf__type_by_id(btf, ID_PROTO);
	ASSERT_EQ(btf_vlen(t), 2);
	ASSERT_EQ(btf_params(t)[1].type, ID_PTR);
	ASSERT_EQ(btf_vlen(btf__type_by_id(btf, ID_FUNC)), BTF_FUNC_GLOBAL);
	ASSERT_EQ(btf_var(btf__type_by_id(btf, ID_VAR))->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	t = btf__type_by_id(btf, ID_DATASEC);
	ASSERT_EQ(btf_var_secinfos(t)[0].type, ID_VAR);
	ASSERT_EQ(btf_decl_tag(btf__type_by_id(btf, ID_DECL_TAG))->component_idx, 1);
	ASSERT(btf_kflag(btf__type_by_id(btf, ID_DECL_ATTR)), "decl attr");
	ASSERT(btf_kind_core_compat(btf__type_by_id(btf, ID_ENUM),
				    btf__type_by_id(btf, ID_ENUM64)), "enum ~ enum64");

	/* Queries on the built BTF. */
	ASSERT_EQ(btf__resolve_size(btf, ID_ARR), 10);
	ASSERT_EQ(btf__resolve_size(btf, ID_CONST), 24);
	ASSERT_EQ(btf__resolve_size(btf, ID_VAR), 4);
	ASSERT_EQ(btf__resolve_type(btf, ID_CONST), ID_STRUCT);
	ASSERT_EQ(btf__resolve_type(btf, ID_TYPE_TAG), ID_INT);
	ASSERT_ERR(btf__resolve_size(btf, ID_FUNC), EINVAL);
	ASSERT_EQ(btf__align_of(btf, ID_UNION), 8);
	ASSERT_EQ(btf__align_of(btf, ID_ARR), 1);
	ASSERT_EQ(btf__find_by_name_kind(btf, "td", BTF_KIND_TYPEDEF), ID_TYPEDEF);
	ASSERT_EQ(btf__find_by_name(btf, "f"), ID_FUNC);
	ASSERT_EQ(btf__find_by_name_kind(btf, "x", BTF_KIND_INT), -ENOENT);
	btf__free(btf);
}

TEST(btf_build_roundtrip)
{
	struct btf *btf = build_all(), *copy;
	const void *raw, *raw2;
	__u32 sz, sz2;

	raw = btf__raw_data(btf, &sz);
	ASSERT_PTR(raw);
	copy = btf__new(raw, sz);
	ASSERT_PTR(copy);
	assert_same_btf(btf, copy);
	raw2 = btf__raw_data(copy, &sz2);
	ASSERT_PTR(raw2);
	ASSERT_EQ(sz, sz2);
	ASSERT(!memcmp(raw, raw2, sz), "raw data differs after a round trip");
	btf__free(copy);
	btf__free(btf);
}

TEST(btf_build_big_endian)
{
	struct btf *btf = build_all(), *be;
	const __u8 *raw, *raw2;
	__u32 sz, sz2, le_sz;
	void *be_copy;

	raw = btf__raw_data(btf, &le_sz);
	ASSERT_PTR(raw);
	ASSERT_OK(btf__set_endianness(btf, BTF_BIG_ENDIAN));
	ASSERT_EQ(btf__endianness(btf), BTF_BIG_ENDIAN);
	raw = btf__raw_data(btf, &sz);
	ASSERT_PTR(raw);
	ASSERT_EQ(sz, le_sz);
	ASSERT(raw[0] == 0xeb && raw[1] == 0x9f, "big-endian magic, got %02x%02x", raw[0],
	       raw[1]);
	be_copy = malloc(sz);
	memcpy(be_copy, raw, sz);
	be = btf__new(be_copy, sz);
	ASSERT_PTR(be);
	ASSERT_EQ(btf__endianness(be), BTF_BIG_ENDIAN);
	assert_same_btf(btf, be);
	ASSERT_EQ(btf_enum64_value(btf_enum64(btf__type_by_id(be, ID_ENUM64))),
		  0xfedcba9876543210ULL);
	/* Emitted back in its own (big-endian) order: identical bytes. */
	raw2 = btf__raw_data(be, &sz2);
	ASSERT_PTR(raw2);
	ASSERT_EQ(sz2, sz);
	ASSERT(!memcmp(raw2, be_copy, sz), "BE raw data not reproduced");
	ASSERT_OK(btf__set_endianness(be, BTF_LITTLE_ENDIAN));
	raw2 = btf__raw_data(be, &sz2);
	ASSERT(raw2[0] == 0x9f && raw2[1] == 0xeb, "little-endian again");
	ASSERT_ERR(btf__set_endianness(be, 7), EINVAL);
	free(be_copy);
	btf__free(be);
	btf__free(btf);
}

TEST(btf_build_arg_validation)
{
	struct btf *btf = btf__new_empty();
	int i_id;

	ASSERT_PTR(btf);
	ASSERT_ERR(btf__add_int(btf, "", 4, 0), EINVAL);
	ASSERT_ERR(btf__add_int(btf, NULL, 4, 0), EINVAL);
	ASSERT_ERR(btf__add_int(btf, "i", 3, 0), EINVAL);
	ASSERT_ERR(btf__add_int(btf, "i", 32, 0), EINVAL);
	ASSERT_ERR(btf__add_int(btf, "i", 4, 8), EINVAL);
	ASSERT_ERR(btf__add_int(btf, "i", 4, BTF_INT_SIGNED | BTF_INT_CHAR), EINVAL);
	i_id = btf__add_int(btf, "i", 4, BTF_INT_BOOL);
	ASSERT_EQ(i_id, 1);
	ASSERT_ERR(btf__add_float(btf, "f", 5), EINVAL);
	ASSERT_ERR(btf__add_float(btf, NULL, 4), EINVAL);
	ASSERT_ERR(btf__add_ptr(btf, -1), EINVAL);
	ASSERT_ERR(btf__add_array(btf, -2, 1, 3), EINVAL);
	ASSERT_ERR(btf__add_typedef(btf, NULL, 1), EINVAL);
	ASSERT_ERR(btf__add_type_tag(btf, "", 1), EINVAL);
	ASSERT_ERR(btf__add_fwd(btf, "x", 3), EINVAL);
	ASSERT_ERR(btf__add_fwd(btf, NULL, BTF_FWD_STRUCT), EINVAL);
	ASSERT_ERR(btf__add_enum(btf, "e", 3), EINVAL);
	ASSERT_ERR(btf__add_enum64(btf, "e", 16, true), EINVAL);
	ASSERT_ERR(btf__add_func(btf, "f", 3, 1), EINVAL);
	ASSERT_ERR(btf__add_func(btf, NULL, BTF_FUNC_STATIC, 1), EINVAL);
	ASSERT_ERR(btf__add_var(btf, "v", 3, 1), EINVAL);
	ASSERT_ERR(btf__add_var(btf, "", 0, 1), EINVAL);
	ASSERT_ERR(btf__add_datasec(btf, NULL, 4), EINVAL);
	ASSERT_ERR(btf__add_decl_tag(btf, "t", 1, -2), EINVAL);
	ASSERT_ERR(btf__add_decl_tag(btf, NULL, 1, -1), EINVAL);
	/* Entries need the right kind of last type. */
	ASSERT_ERR(btf__add_field(btf, "m", 1, 0, 0), EINVAL);
	ASSERT_ERR(btf__add_enum_value(btf, "A", 1), EINVAL);
	ASSERT_ERR(btf__add_enum64_value(btf, "A", 1), EINVAL);
	ASSERT_ERR(btf__add_func_param(btf, "p", 1), EINVAL);
	ASSERT_ERR(btf__add_datasec_var_info(btf, 1, 0, 4), EINVAL);
	ASSERT_EQ(btf__add_struct(btf, "s", 8), 2);
	ASSERT_ERR(btf__add_field(btf, "m", -1, 0, 0), EINVAL);
	ASSERT_ERR(btf__add_field(btf, "m", 1, 3, 0), EINVAL);      /* unaligned, no size */
	ASSERT_ERR(btf__add_field(btf, "m", 1, 0, 256), EINVAL);
	ASSERT_ERR(btf__add_field(btf, "m", 1, 0x1000000, 1), EINVAL);
	ASSERT_OK(btf__add_field(btf, "m", 1, 0, 0));
	ASSERT_ERR(btf__add_enum_value(btf, "A", 1), EINVAL);
	ASSERT_EQ(btf__add_union(btf, "u", 4), 3);
	ASSERT_ERR(btf__add_field(btf, "m", 1, 8, 0), EINVAL);      /* union member at 8 */
	ASSERT_EQ(btf__add_enum(btf, "e", 4), 4);
	ASSERT_ERR(btf__add_enum_value(btf, NULL, 1), EINVAL);
	ASSERT_ERR(btf__add_enum_value(btf, "BIG", 0x100000000LL), E2BIG);
	ASSERT_ERR(btf__add_enum_value(btf, "SMALL", -0x80000001LL), E2BIG);
	ASSERT_OK(btf__add_enum_value(btf, "OK", 0xffffffffLL));
	ASSERT_ERR(btf__add_str(btf, NULL), EINVAL);
	ASSERT_ERR(btf__set_pointer_size(btf, 3), EINVAL);
	/* Failed calls added no type. */
	ASSERT_EQ(btf__type_cnt(btf), 5);
	ASSERT_EQ(btf__pointer_size(btf), 0);
	ASSERT_OK(btf__set_pointer_size(btf, 4));
	ASSERT_EQ(btf__pointer_size(btf), 4);
	btf__free(btf);
}

TEST(btf_build_strings)
{
	struct btf *btf = btf__new_empty();
	int a, b;

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__find_str(btf, ""), 0);
	ASSERT_EQ(btf__add_str(btf, ""), 0);
	ASSERT_ERR(btf__find_str(btf, "hello"), ENOENT);
	a = btf__add_str(btf, "hello");
	ASSERT_GT(a, 0);
	b = btf__add_str(btf, "world");
	ASSERT_GT(b, a);
	ASSERT_EQ(btf__add_str(btf, "hello"), a);
	ASSERT_EQ(btf__find_str(btf, "world"), b);
	ASSERT_STREQ(btf__str_by_offset(btf, a), "hello");
	ASSERT_STREQ(btf__name_by_offset(btf, b), "world");
	/* Many strings: the set grows and stays consistent. */
	for (int i = 0; i < 3000; i++) {
		char s[32];

		snprintf(s, sizeof(s), "str%d", i);
		a = btf__add_str(btf, s);
		ASSERT_GT(a, 0);
		ASSERT_EQ(btf__find_str(btf, s), a);
	}
	ASSERT_EQ(btf__add_str(btf, "str17"), btf__find_str(btf, "str17"));
	btf__free(btf);
}

/* A parsed BTF (borrowed sections) becomes writable on the first add. */
TEST(btf_build_modify_parsed)
{
	struct btf *orig = build_all(), *btf, *copy;
	const void *raw;
	__u32 sz;
	int id;

	raw = btf__raw_data(orig, &sz);
	btf = btf__new(raw, sz);
	ASSERT_PTR(btf);
	/* Existing strings are deduplicated against. */
	ASSERT_EQ(btf__add_str(btf, "int"), btf__type_by_id(btf, ID_INT)->name_off);
	ASSERT_EQ(btf__find_by_name_kind(btf, "s", BTF_KIND_STRUCT), ID_STRUCT);
	id = btf__add_struct(btf, "s", 4);
	ASSERT_EQ(id, ID_LAST + 1);
	ASSERT_OK(btf__add_field(btf, "only", ID_INT, 0, 0));
	/* The name index sees new types and keeps the first one first. */
	ASSERT_EQ(btf__find_by_name_kind(btf, "s", BTF_KIND_STRUCT), ID_STRUCT);
	id = btf__add_typedef(btf, "brand_new", id);
	ASSERT_EQ(btf__find_by_name(btf, "brand_new"), id);
	for (int i = 0; i < 200; i++) {
		char n[32];

		snprintf(n, sizeof(n), "t%d", i);
		id = btf__add_typedef(btf, n, ID_INT);
		ASSERT_EQ(btf__find_by_name_kind(btf, n, BTF_KIND_TYPEDEF), id);
	}
	ASSERT_EQ(btf__find_by_name_kind(btf, "t7", BTF_KIND_TYPEDEF), ID_LAST + 3 + 7);
	raw = btf__raw_data(btf, &sz);
	ASSERT_PTR(raw);
	copy = btf__new(raw, sz);
	ASSERT_PTR(copy);
	assert_same_btf(btf, copy);
	btf__free(copy);
	btf__free(btf);
	btf__free(orig);
}

TEST(btf_build_add_type_and_btf)
{
	struct btf *src = build_all(), *dst = btf__new_empty();
	int first, id;

	ASSERT_PTR(dst);
	ASSERT_EQ(btf__add_int(dst, "long", 8, BTF_INT_SIGNED), 1);
	/* add_type keeps type ids as they are. */
	id = btf__add_type(dst, src, btf__type_by_id(src, ID_STRUCT));
	ASSERT_EQ(id, 2);
	ASSERT_STREQ(tname(dst, 2), "s");
	ASSERT_EQ(btf_members(btf__type_by_id(dst, 2))[3].type, ID_PTR);
	ASSERT_STREQ(btf__name_by_offset(dst, btf_members(btf__type_by_id(dst, 2))[3].name_off),
		     "p");
	/* add_btf appends everything with ids shifted. */
	first = btf__add_btf(dst, src);
	ASSERT_EQ(first, 3);
	ASSERT_EQ(btf__type_cnt(dst), 3 + ID_LAST);
	for (id = 1; id <= ID_LAST; id++) {
		const struct btf_type *a = btf__type_by_id(src, id);
		const struct btf_type *b = btf__type_by_id(dst, id + first - 1);

		ASSERT_EQ(a->info, b->info);
		ASSERT_STREQ(tname(src, id), tname(dst, id + first - 1));
	}
	ASSERT_EQ(btf__type_by_id(dst, ID_PTR + first - 1)->type, ID_INT + first - 1);
	ASSERT_EQ(btf_array(btf__type_by_id(dst, ID_ARR + first - 1))->type, ID_UCHAR + first - 1);
	ASSERT_EQ(btf_var_secinfos(btf__type_by_id(dst, ID_DATASEC + first - 1))[0].type,
		  ID_VAR + first - 1);
	ASSERT_EQ(btf__resolve_size(dst, ID_CONST + first - 1), 24);
	/* Copying a BTF into itself works too (source snapshot). */
	first = btf__add_btf(src, src);
	ASSERT_EQ(first, ID_LAST + 1);
	ASSERT_EQ(btf__type_cnt(src), 2 * ID_LAST + 1);
	ASSERT_STREQ(tname(src, ID_DECL_ATTR + ID_LAST), "dattr");
	ASSERT_ERR(btf__add_type(dst, src, NULL), EINVAL);
	btf__free(dst);
	btf__free(src);
}

TEST(btf_build_align_packed)
{
	struct btf *btf = btf__new_empty();
	int c, i, s1, s2, s3;

	ASSERT_PTR(btf);
	c = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	i = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	s1 = btf__add_struct(btf, "natural", 8);   /* { char; int; } */
	ASSERT_OK(btf__add_field(btf, "c", c, 0, 0));
	ASSERT_OK(btf__add_field(btf, "i", i, 32, 0));
	s2 = btf__add_struct(btf, "packed", 5);    /* { char; int; } packed */
	ASSERT_OK(btf__add_field(btf, "c", c, 0, 0));
	ASSERT_OK(btf__add_field(btf, "i", i, 8, 0));
	s3 = btf__add_struct(btf, "bits", 4);      /* { int a:3; int b:5; } */
	ASSERT_OK(btf__add_field(btf, "a", i, 0, 3));
	ASSERT_OK(btf__add_field(btf, "b", i, 3, 5));
	ASSERT_EQ(btf__align_of(btf, s1), 4);
	ASSERT_EQ(btf__align_of(btf, s2), 1);
	ASSERT_EQ(btf__align_of(btf, s3), 4);
	ASSERT_EQ(btf__resolve_size(btf, s2), 5);
	/* Guessing the pointer size needs a long. */
	ASSERT_EQ(btf__pointer_size(btf), 0);
	btf__free(btf);
	btf = btf__new_empty();
	ASSERT_EQ(btf__add_int(btf, "long int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__pointer_size(btf), 4);
	ASSERT_EQ(btf__add_ptr(btf, 1), 2);
	ASSERT_EQ(btf__resolve_size(btf, 2), 4);
	ASSERT_EQ(btf__align_of(btf, 2), 4);
	ASSERT_EQ(btf__align_of(btf, 0), 0); /* void has no alignment */
	btf__free(btf);
}

TEST(btf_build_resolve_limits)
{
	struct btf *btf = btf__new_empty();
	int i, a, loop;

	ASSERT_PTR(btf);
	i = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	a = btf__add_array(btf, i, i, 0x40000000);
	ASSERT_ERR(btf__resolve_size(btf, a), E2BIG);
	/* A typedef pointing at itself must not hang. */
	loop = btf__add_typedef(btf, "loop", btf__type_cnt(btf));
	ASSERT_ERR(btf__resolve_size(btf, loop), EINVAL);
	ASSERT_ERR(btf__resolve_type(btf, loop), EINVAL);
	errno = 0;
	ASSERT_EQ(btf__align_of(btf, loop), 0);
	ASSERT_NE(errno, 0);
	btf__free(btf);
}

TEST(btf_parse_raw_files)
{
	struct btf *btf = build_all(), *copy;
	char path[64];
	const void *raw;
	__u32 sz;
	FILE *f;

	raw = btf__raw_data(btf, &sz);
	snprintf(path, sizeof(path), "/tmp/bpfkit-btf-%d.raw", getpid());
	f = fopen(path, "w");
	ASSERT_PTR(f);
	ASSERT_EQ(fwrite(raw, 1, sz, f), sz);
	fclose(f);
	copy = btf__parse_raw(path);
	ASSERT_PTR(copy);
	assert_same_btf(btf, copy);
	/* Loaders patch types in place (e.g. DATASEC sizes): must be allowed
	 * on a BTF parsed from a file too. */
	((struct btf_type *)btf__type_by_id(copy, ID_DATASEC))->size = 64;
	ASSERT_EQ(btf__resolve_size(copy, ID_DATASEC), 64);
	btf__free(copy);
	/* Not BTF at all. */
	f = fopen(path, "w");
	ASSERT_PTR(f);
	fputs("definitely not BTF", f);
	fclose(f);
	ASSERT(btf__parse_raw(path) == NULL, "garbage parsed");
	ASSERT_EQ(errno, EPROTO);
	/* Empty file. */
	f = fopen(path, "w");
	fclose(f);
	ASSERT(btf__parse_raw(path) == NULL, "empty file parsed");
	unlink(path);
	ASSERT(btf__parse_raw(path) == NULL, "missing file parsed");
	ASSERT_EQ(errno, ENOENT);
	btf__free(btf);
}

TEST(btf_fd_ownership)
{
	struct btf *btf = btf__new_empty(), *split;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	ASSERT_PTR(btf);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(btf__fd(btf), -1);
	btf__set_fd(btf, fd);
	ASSERT_EQ(btf__fd(btf), fd);
	split = btf__new_empty_split(btf);
	ASSERT_PTR(split);
	ASSERT(btf__base_btf(split) == btf, "base of split");
	ASSERT(btf__base_btf(btf) == NULL, "no base");
	ASSERT_EQ(btf__fd(split), -1);
	btf__free(split);
	btf__free(btf);
	/* The BTF owned the fd. */
	errno = 0;
	ASSERT_EQ(fcntl(fd, F_GETFD), -1);
	ASSERT_EQ(errno, EBADF);
	btf__free(NULL);
	btf_ext__free(NULL);
}
