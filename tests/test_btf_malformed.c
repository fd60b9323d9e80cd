// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Malformed BTF: every validation rule has a hand-built blob that must be
 * rejected with -EINVAL and one log line, and mutation sweeps that must
 * never crash. */
#include <stdarg.h>
#include <stdio.h>

#include "btf_helpers.h"
#include "test.h"

static char last_log[512];
static int nlogs;

static int capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	nlogs++;
	return vsnprintf(last_log, sizeof(last_log), fmt, ap);
}

/* btf__new() of the blob must fail with EINVAL and log why. */
static void expect_einval_at(const void *data, __u32 size, const char *must_log, int line)
{
	libbpf_print_fn_t old = libbpf_set_print(capture);
	struct btf *btf;
	int err;

	nlogs = 0;
	last_log[0] = 0;
	errno = 0;
	btf = btf__new(data, size);
	err = errno;
	libbpf_set_print(old);
	if (btf) {
		btf__free(btf);
		test_fail(__FILE__, line, "malformed BTF accepted");
		test_abort();
	}
	if (err != EINVAL) {
		test_fail(__FILE__, line, "errno %d, want EINVAL (log: %s)", err, last_log);
		test_abort();
	}
	if (nlogs != 1 || (must_log && !strstr(last_log, must_log))) {
		test_fail(__FILE__, line, "%d log lines, last '%s' (want '%s')", nlogs, last_log,
			  must_log ? must_log : "");
		test_abort();
	}
}

#define expect_einval(d, s, m) expect_einval_at(d, s, m, __LINE__)

static void expect_ok_at(const void *data, __u32 size, int line)
{
	struct btf *btf = btf__new(data, size);

	if (!btf) {
		test_fail(__FILE__, line, "valid BTF rejected (errno %d)", errno);
		test_abort();
	}
	btf__free(btf);
}

#define expect_ok(d, s) expect_ok_at(d, s, __LINE__)

/* [1] int, the base of most hand-built blobs. */
static void rb_int(struct raw_btf *rb)
{
	rb_t(rb, rb_str(rb, "int"), BTF_KIND_INT, 0, 0, 4);
	rb_w(rb, (BTF_INT_SIGNED << 24) | 32);
}

TEST(btf_bad_header)
{
	struct raw_btf rb;
	unsigned char big[4096 + 8];

	rb_init(&rb);
	rb_int(&rb);
	rb_blob(&rb);
	expect_ok(rb.out, rb.out_len);
	ASSERT(btf__new(NULL, 10) == NULL && errno == EINVAL, "NULL data");
	expect_einval(rb.out, 0, "smaller than the header");
	expect_einval(rb.out, 10, "smaller than the header");
	rb_hdr(&rb)->magic = 0x1234;
	expect_einval(rb.out, rb.out_len, "magic");
	rb_blob(&rb);
	rb_hdr(&rb)->version = 2;
	expect_einval(rb.out, rb.out_len, "version");
	rb_blob(&rb);
	rb_hdr(&rb)->hdr_len = 20;
	expect_einval(rb.out, rb.out_len, "header length");
	rb_hdr(&rb)->hdr_len = rb.out_len + 4;
	expect_einval(rb.out, rb.out_len, "header length");

	/* A longer header is accepted only when the extra bytes are zero. */
	rb_blob(&rb);
	memcpy(big, rb.out, 24);
	memset(big + 24, 0, 8);
	memcpy(big + 32, rb.out + 24, rb.out_len - 24);
	((struct btf_header *)big)->hdr_len = 32;
	expect_ok(big, rb.out_len + 8);
	big[28] = 1;
	expect_einval(big, rb.out_len + 8, "non-zero header");
}

TEST(btf_bad_sections)
{
	struct raw_btf rb;
	struct btf_header *h;

	rb_init(&rb);
	rb_int(&rb);
	rb_blob(&rb);
	h = rb_hdr(&rb);
	h->type_len += 4;
	expect_einval(rb.out, rb.out_len, "overlap");
	rb_blob(&rb);
	h->type_len += rb.slen + 4;
	expect_einval(rb.out, rb.out_len, "beyond data");
	rb_blob(&rb);
	h->str_off += 1;
	expect_einval(rb.out, rb.out_len, "beyond data");
	rb_blob(&rb);
	h->str_len = 0xffffffff;
	expect_einval(rb.out, rb.out_len, "beyond data");
	rb_blob(&rb);
	h->type_off = 0xfffffff0;
	expect_einval(rb.out, rb.out_len, "beyond data");
	/* Strings placed inside the type section. */
	rb_blob(&rb);
	h->str_off = 4;
	h->str_len = 4;
	expect_einval(rb.out, rb.out_len, "overlap");
	/* Misaligned type section. */
	rb_blob(&rb);
	h->type_off = 2;
	h->type_len = 0;
	expect_einval(rb.out, rb.out_len, "aligned");
	/* Strings must start with "" and end with NUL. */
	rb_blob(&rb);
	rb.out[rb.out_len - 1] = 'x';
	expect_einval(rb.out, rb.out_len, "NUL-terminated");
	rb_blob(&rb);
	rb.out[24 + h->str_off] = 'x';
	expect_einval(rb.out, rb.out_len, "empty string");
	rb_blob(&rb);
	h->str_len = 0;
	expect_einval(rb.out, rb.out_len, "empty string");
	/* A record header cut short. */
	rb_init(&rb);
	rb_int(&rb);
	rb_w(&rb, 0);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "truncated record header");
}

TEST(btf_bad_kinds)
{
	static const __u32 bad_kinds[] = { 0, 20, 25, 31 };
	struct raw_btf rb;
	char want[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_kinds); i++) {
		rb_init(&rb);
		rb_int(&rb);
		rb_t(&rb, 0, bad_kinds[i], 0, 0, 0);
		rb_blob(&rb);
		/* The log line names the type id and the kind. */
		snprintf(want, sizeof(want), "type [2]: unknown kind %u", bad_kinds[i]);
		expect_einval(rb.out, rb.out_len, want);
	}
}

TEST(btf_bad_vlen)
{
	struct raw_btf rb;

	/* vlen on kinds that have none */
	static const __u32 novlen[] = { BTF_KIND_PTR, BTF_KIND_TYPEDEF, BTF_KIND_CONST,
					BTF_KIND_VOLATILE, BTF_KIND_RESTRICT, BTF_KIND_TYPE_TAG,
					BTF_KIND_FWD, BTF_KIND_FLOAT };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(novlen); i++) {
		rb_init(&rb);
		rb_int(&rb);
		rb_t(&rb, rb_str(&rb, "x"), novlen[i], 0, 1, 1);
		rb_blob(&rb);
		expect_einval(rb.out, rb.out_len, "vlen must be 0");
	}
	rb_init(&rb);
	rb_t(&rb, 0, BTF_KIND_INT, 0, 1, 4);
	rb_w(&rb, 32);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "vlen must be 0");
	/* vlen larger than the record that is there */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_STRUCT, 0, 3, 8);
	rb_w(&rb, 0), rb_w(&rb, 1), rb_w(&rb, 0);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "vlen 3 needs");
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_ENUM, 0, 0xffff, 4);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "vlen 65535 needs");
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_FUNC_PROTO, 0, 2, 1);
	rb_w(&rb, 0), rb_w(&rb, 1);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "needs");
	/* FUNC's vlen is its linkage */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_FUNC_PROTO, 0, 0, 1);
	rb_t(&rb, rb_str(&rb, "f"), BTF_KIND_FUNC, 0, 3, 2);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "linkage");
}

TEST(btf_bad_int)
{
	struct {
		__u32 size, data;
		const char *why;
	} cases[] = {
		{ 3, 24, "size" },
		{ 32, 32, "size" },
		{ 4, 33, "exceed" },
		{ 4, (8 << 16) | 30, "exceed" },
		{ 16, 129, "exceed" },
		{ 4, (3u << 24) | 32, "encoding" },
		{ 4, (8u << 24) | 32, "encoding" },
		{ 4, 0x100 | 32, "reserved" },
		{ 4, 0x10000000 | 32, "reserved" },
	};
	struct raw_btf rb;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		rb_init(&rb);
		rb_t(&rb, rb_str(&rb, "i"), BTF_KIND_INT, 0, 0, cases[i].size);
		rb_w(&rb, cases[i].data);
		rb_blob(&rb);
		expect_einval(rb.out, rb.out_len, cases[i].why);
	}
	rb_init(&rb);
	rb_t(&rb, rb_str(&rb, "i"), BTF_KIND_INT, 0, 0, 16);
	rb_w(&rb, (BTF_INT_BOOL << 24) | (8 << 16) | 120);
	rb_blob(&rb);
	expect_ok(rb.out, rb.out_len);
}

TEST(btf_bad_struct_members)
{
	struct raw_btf rb;

	/* plain member starting beyond the struct */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_STRUCT, 0, 1, 4);
	rb_w(&rb, rb_str(&rb, "m")), rb_w(&rb, 1), rb_w(&rb, 64);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "beyond");
	/* kflag bitfield running past the end: offset 30, 3 bits in 4 bytes */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_STRUCT, 1, 1, 4);
	rb_w(&rb, rb_str(&rb, "m")), rb_w(&rb, 1), rb_w(&rb, (3 << 24) | 30);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "beyond");
	/* same bitfield ending exactly at the end is fine */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_UNION, 1, 1, 4);
	rb_w(&rb, rb_str(&rb, "m")), rb_w(&rb, 1), rb_w(&rb, (3 << 24) | 29);
	rb_blob(&rb);
	expect_ok(rb.out, rb.out_len);
	/* without kflag the same word is a huge bit offset */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_UNION, 0, 1, 4);
	rb_w(&rb, rb_str(&rb, "m")), rb_w(&rb, 1), rb_w(&rb, (3 << 24) | 29);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "beyond");
}

TEST(btf_bad_type_refs)
{
	struct raw_btf rb;
	int k;

	/* Each referencing kind with an id one past the last. */
	static const __u32 ref_kinds[] = { BTF_KIND_PTR, BTF_KIND_TYPEDEF, BTF_KIND_VOLATILE,
					   BTF_KIND_CONST, BTF_KIND_RESTRICT,
					   BTF_KIND_TYPE_TAG, BTF_KIND_FUNC };

	for (k = 0; k < (int)ARRAY_SIZE(ref_kinds); k++) {
		rb_init(&rb);
		rb_int(&rb);
		rb_t(&rb, rb_str(&rb, "r"), ref_kinds[k], 0, 0, 3);
		rb_blob(&rb);
		expect_einval(rb.out, rb.out_len, "references type id 3");
		/* Pointing at itself is in range. */
		rb.words[6] = 2;
		rb_blob(&rb);
		expect_ok(rb.out, rb.out_len);
	}
	/* array element / index */
	for (k = 0; k < 2; k++) {
		rb_init(&rb);
		rb_int(&rb);
		rb_t(&rb, 0, BTF_KIND_ARRAY, 0, 0, 0);
		rb_w(&rb, k ? 1 : 9), rb_w(&rb, k ? 9 : 1), rb_w(&rb, 4);
		rb_blob(&rb);
		expect_einval(rb.out, rb.out_len, "references type id 9");
	}
	/* struct member */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_STRUCT, 0, 1, 4);
	rb_w(&rb, 0), rb_w(&rb, 100), rb_w(&rb, 0);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "type [2] STRUCT references type id 100");
	/* func_proto return and parameter */
	for (k = 0; k < 2; k++) {
		rb_init(&rb);
		rb_int(&rb);
		rb_t(&rb, 0, BTF_KIND_FUNC_PROTO, 0, 1, k ? 1 : 7);
		rb_w(&rb, 0), rb_w(&rb, k ? 7 : 1);
		rb_blob(&rb);
		expect_einval(rb.out, rb.out_len, "references type id 7");
	}
	/* var, datasec entry, decl_tag */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, rb_str(&rb, "v"), BTF_KIND_VAR, 0, 0, 5);
	rb_w(&rb, 0);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "VAR references type id 5");
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, rb_str(&rb, ".data"), BTF_KIND_DATASEC, 0, 1, 4);
	rb_w(&rb, 6), rb_w(&rb, 0), rb_w(&rb, 4);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "DATASEC references type id 6");
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, rb_str(&rb, "tag"), BTF_KIND_DECL_TAG, 0, 0, 0x7fffffff);
	rb_w(&rb, -1);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "DECL_TAG references");
}

TEST(btf_bad_string_offsets)
{
	struct raw_btf rb;

	rb_init(&rb);
	rb_t(&rb, 1000, BTF_KIND_INT, 0, 0, 4);
	rb_w(&rb, 32);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "name offset out of range");
	/* one past the end of the string section */
	rb_init(&rb);
	rb_int(&rb);
	rb_blob(&rb);
	rb.words[0] = rb.slen;
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "name offset out of range");
	rb.words[0] = rb.slen - 1; /* the final NUL: an empty name, valid */
	rb_blob(&rb);
	expect_ok(rb.out, rb.out_len);
	/* member, enum value, enum64 value, parameter names */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_STRUCT, 0, 1, 4);
	rb_w(&rb, 999), rb_w(&rb, 1), rb_w(&rb, 0);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "member name offset");
	rb_init(&rb);
	rb_t(&rb, 0, BTF_KIND_ENUM, 0, 1, 4);
	rb_w(&rb, 999), rb_w(&rb, 1);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "entry name offset");
	rb_init(&rb);
	rb_t(&rb, 0, BTF_KIND_ENUM64, 0, 1, 8);
	rb_w(&rb, 999), rb_w(&rb, 1), rb_w(&rb, 2);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "entry name offset");
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_FUNC_PROTO, 0, 1, 1);
	rb_w(&rb, 999), rb_w(&rb, 1);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "entry name offset");
}

TEST(btf_bad_var_and_tags)
{
	struct raw_btf rb;

	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, rb_str(&rb, "v"), BTF_KIND_VAR, 0, 0, 1);
	rb_w(&rb, 3);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "linkage");
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, rb_str(&rb, "t"), BTF_KIND_DECL_TAG, 0, 0, 1);
	rb_w(&rb, (__u32)-2);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "component");
	/* record cut inside the fixed payload */
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, rb_str(&rb, "v"), BTF_KIND_VAR, 0, 0, 1);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "needs 16 bytes");
	rb_init(&rb);
	rb_int(&rb);
	rb_t(&rb, 0, BTF_KIND_ARRAY, 0, 0, 0);
	rb_w(&rb, 1), rb_w(&rb, 1);
	rb_blob(&rb);
	expect_einval(rb.out, rb.out_len, "needs 24 bytes");
}

/* Split BTF: references and strings reach into the base, but not past. */
TEST(btf_bad_split)
{
	struct raw_btf rb;
	struct btf *base = btf__new_empty(), *split;
	libbpf_print_fn_t old;

	ASSERT_PTR(base);
	ASSERT_EQ(btf__add_int(base, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_ptr(base, 1), 2);
	btf__raw_data(base, NULL);
	/* split types start at id 3, strings at the base's end */
	memset(&rb, 0, sizeof(rb));
	rb_t(&rb, 1, BTF_KIND_TYPEDEF, 0, 0, 2); /* "int" in the base */
	rb_t(&rb, 0, BTF_KIND_PTR, 0, 0, 3);
	rb_blob(&rb);
	split = btf__new_split(rb.out, rb.out_len, base);
	ASSERT_PTR(split);
	ASSERT_EQ(btf__type_cnt(split), 5);
	ASSERT_STREQ(btf__name_by_offset(split, btf__type_by_id(split, 3)->name_off), "int");
	ASSERT_EQ(btf__resolve_size(split, 4), 8);
	btf__free(split);
	rb.words[5] = 5;
	rb_blob(&rb);
	old = libbpf_set_print(NULL);
	split = btf__new_split(rb.out, rb.out_len, base);
	libbpf_set_print(old);
	ASSERT(split == NULL && errno == EINVAL, "split ref past the end");
	btf__free(base);
}

/* A valid blob with every kind, from the builder API. */
static void *all_kinds_blob(__u32 *size, bool big)
{
	struct btf *b = btf__new_empty();
	const void *raw;
	void *copy;

	btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	btf__add_ptr(b, 1);
	btf__add_array(b, 1, 1, 3);
	btf__add_struct(b, "s", 8);
	btf__add_field(b, "a", 1, 0, 0);
	btf__add_field(b, "b", 1, 32, 4);
	btf__add_union(b, "u", 4);
	btf__add_field(b, "x", 1, 0, 0);
	btf__add_enum(b, "e", 4);
	btf__add_enum_value(b, "A", 1);
	btf__add_enum64(b, "e64", 8, true);
	btf__add_enum64_value(b, "B", 2);
	btf__add_fwd(b, "f", BTF_FWD_UNION);
	btf__add_typedef(b, "td", 4);
	btf__add_volatile(b, 1);
	btf__add_const(b, 2);
	btf__add_restrict(b, 2);
	btf__add_func_proto(b, 1);
	btf__add_func_param(b, "p", 2);
	btf__add_func(b, "fn", BTF_FUNC_STATIC, 14);
	btf__add_var(b, "v", BTF_VAR_STATIC, 1);
	btf__add_datasec(b, ".bss", 4);
	btf__add_datasec_var_info(b, 16, 0, 4);
	btf__add_float(b, "float", 4);
	btf__add_decl_tag(b, "dt", 4, 0);
	btf__add_type_tag(b, "tt", 2);
	if (big)
		btf__set_endianness(b, BTF_BIG_ENDIAN);
	raw = btf__raw_data(b, size);
	copy = malloc(*size);
	memcpy(copy, raw, *size);
	btf__free(b);
	return copy;
}

/* Use everything a parsed BTF offers; must not crash on accepted input. */
static void exercise(struct btf *btf)
{
	__u32 id, sz;

	for (id = 0; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		ASSERT_PTR(t);
		ASSERT_PTR(btf__name_by_offset(btf, t->name_off));
		btf__resolve_size(btf, id);
		btf__resolve_type(btf, id);
		if (!btf_is_func(t) && !btf_is_func_proto(t) && !btf_is_var(t) &&
		    !btf_is_datasec(t) && !btf_is_decl_tag(t) && !btf_is_fwd(t) && id)
			btf__align_of(btf, id);
	}
	btf__find_by_name_kind(btf, "s", BTF_KIND_STRUCT);
	btf__find_by_name(btf, "int");
	btf__pointer_size(btf);
	ASSERT_PTR(btf__raw_data(btf, &sz));
}

static void sweep(bool big, bool truncate)
{
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	__u32 size, i, accepted = 0;
	unsigned char *blob = all_kinds_blob(&size, big), *m = malloc(size);
	struct btf *btf;

	btf = btf__new(blob, size);
	ASSERT_PTR(btf);
	exercise(btf);
	btf__free(btf);
	for (i = 0; i < size; i++) {
		memcpy(m, blob, size);
		if (!truncate)
			m[i] ^= 0xff;
		btf = btf__new(m, truncate ? i : size);
		if (btf) {
			accepted++;
			exercise(btf);
			btf__free(btf);
		}
	}
	libbpf_set_print(old);
	test_log("%s %s: %u of %u mutants accepted\n", big ? "BE" : "LE",
		 truncate ? "truncation" : "flip", accepted, size);
	/* Flips inside string bytes stay valid; flips of structure don't. */
	ASSERT_LT(accepted, size);
	free(m);
	free(blob);
}

TEST(btf_byte_flip_sweep)
{
	sweep(false, false);
	sweep(true, false);
}

TEST(btf_truncation_sweep)
{
	sweep(false, true);
	sweep(true, true);
}
