// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * CO-RE relocation engine (src/core.c):
 *  - hand-built local/target BTFs for every relocation kind and rule;
 *  - instruction patching;
 *  - a real object (tests/progs/core_relo.bpf.c) against the running
 *    kernel's BTF, values checked by an independent walk of vmlinux BTF;
 *  - the same object loaded by Debian's libbpf (tests/ref-loader): the
 *    kernel's xlated instructions must equal ours at every relocated slot.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "btf_internal.h"
#include "btf_ext.h"
#include "core.h"
#include "elf.h"
#include "insn.h"
#include "test.h"

#define VMLINUX_PATH "/sys/kernel/btf/vmlinux"

/* ---- log capture ---- */

static char logbuf[8192];
static int log_lines;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t n = strlen(logbuf);

	if (level == LIBBPF_DEBUG)
		return 0;
	log_lines++;
	if (n < sizeof(logbuf) - 1)
		vsnprintf(logbuf + n, sizeof(logbuf) - n, fmt, ap);
	return 0;
}

static libbpf_print_fn_t log_start(void)
{
	logbuf[0] = 0;
	log_lines = 0;
	return libbpf_set_print(capture_print);
}

/* ---- helpers ---- */

/* Relocation of kind against local type id with access string acc. */
static struct bpf_core_relo mk_relo(struct btf *local, __u32 id, const char *acc, __u32 kind)
{
	struct bpf_core_relo r = {
		.insn_off = 0,
		.type_id = id,
		.access_str_off = btf__add_str(local, acc),
		.kind = kind,
	};
	return r;
}

static int calc(struct btf *local, __u32 id, const char *acc, __u32 kind,
		const struct btf *targ, struct core_relo_res *res)
{
	struct bpf_core_relo r = mk_relo(local, id, acc, kind);

	return core_calc_relo(local, &r, targ, NULL, res);
}

/* New value of a relocation that must resolve without poison. */
static long long val_of(struct btf *local, __u32 id, const char *acc, __u32 kind,
			const struct btf *targ)
{
	struct core_relo_res res;
	int err = calc(local, id, acc, kind, targ, &res);

	if (err)
		return -1000 + err;
	if (res.poison)
		return -2000;
	return (long long)res.new_val;
}

static long long orig_of(struct btf *local, __u32 id, const char *acc, __u32 kind,
			 const struct btf *targ)
{
	struct core_relo_res res;

	return calc(local, id, acc, kind, targ, &res) ? -1 : (long long)res.orig_val;
}

/*
 * struct s { int a; int b; long c; }            local, ids: 1 int, 2 long
 * struct s { long c; int x; unsigned b; int a; } target
 */
static __u32 build_basic_local(struct btf *b)
{
	int i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	int l = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	int s = btf__add_struct(b, "s", 16);

	btf__add_field(b, "a", i, 0, 0);
	btf__add_field(b, "b", i, 32, 0);
	btf__add_field(b, "c", l, 64, 0);
	return s;
}

static __u32 build_basic_targ(struct btf *b)
{
	int i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	int u = btf__add_int(b, "unsigned int", 4, 0);
	int l = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	int s = btf__add_struct(b, "s", 24);

	btf__add_field(b, "c", l, 0, 0);
	btf__add_field(b, "x", i, 64, 0);
	btf__add_field(b, "b", u, 96, 0);
	btf__add_field(b, "a", i, 128, 0);
	return s;
}

TEST(core_essential_name)
{
	CHECK_EQ(btf_essential_name_len("task_struct___v1"), 11);
	CHECK_EQ(btf_essential_name_len("task_struct"), 11);
	CHECK_EQ(btf_essential_name_len("a___b___c"), 5);
	CHECK_EQ(btf_essential_name_len("foo___"), 6);
	CHECK_EQ(btf_essential_name_len("___foo"), 6);
	CHECK_EQ(btf_essential_name_len("a____b"), 6);
	CHECK_EQ(btf_essential_name_len("x___y"), 1);
	CHECK_EQ(btf_essential_name_len(""), 0);
}

TEST(core_field_offset)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	__u32 ls, ts;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	ls = build_basic_local(l);
	ts = build_basic_targ(t);
	ASSERT_GT(ts, 0);
	CHECK_EQ(orig_of(l, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 0);
	CHECK_EQ(val_of(l, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 16);
	CHECK_EQ(orig_of(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, t), 4);
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, t), 12);
	CHECK_EQ(val_of(l, ls, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, t), 0);
	/* pointer used as an array: s[3].b */
	CHECK_EQ(orig_of(l, ls, "3:1", BPF_CORE_FIELD_BYTE_OFFSET, t), 3 * 16 + 4);
	CHECK_EQ(val_of(l, ls, "3:1", BPF_CORE_FIELD_BYTE_OFFSET, t), 3 * 24 + 12);
	/* the root itself */
	CHECK_EQ(val_of(l, ls, "0", BPF_CORE_FIELD_BYTE_SIZE, t), 24);
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_EXISTS, t), 1);
	btf__free(l);
	btf__free(t);
}

TEST(core_field_size_signed_shift)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	__u32 ls, ts;
	int e, st;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	ls = build_basic_local(l);
	ts = build_basic_targ(t);
	(void)ts;
	CHECK_EQ(orig_of(l, ls, "0:1", BPF_CORE_FIELD_SIGNED, t), 1);
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_SIGNED, t), 0); /* unsigned b */
	CHECK_EQ(val_of(l, ls, "0:0", BPF_CORE_FIELD_SIGNED, t), 1);
	CHECK_EQ(val_of(l, ls, "0:2", BPF_CORE_FIELD_BYTE_SIZE, t), 8);
	/* non-bitfield shifts: the value fills the low bytes */
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_LSHIFT_U64, t), 32);
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_RSHIFT_U64, t), 32);
	CHECK_EQ(val_of(l, ls, "0:2", BPF_CORE_FIELD_LSHIFT_U64, t), 0);

	/* enum fields: signedness from the enum's kflag */
	e = btf__add_enum(l, "sg", 4);
	btf__add_enum_value(l, "SG_A", -1);
	st = btf__add_struct(l, "es", 4);
	btf__add_field(l, "f", e, 0, 0);
	e = btf__add_enum(t, "sg", 4);
	btf__add_enum_value(t, "SG_A", 1);
	btf__add_struct(t, "es", 8);
	btf__add_field(t, "pad", 1, 0, 0);
	btf__add_field(t, "f", e, 32, 0);
	CHECK_EQ(orig_of(l, st, "0:0", BPF_CORE_FIELD_SIGNED, t), 1);
	CHECK_EQ(val_of(l, st, "0:0", BPF_CORE_FIELD_SIGNED, t), 0);
	CHECK_EQ(val_of(l, st, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 4);
	btf__free(l);
	btf__free(t);
}

TEST(core_anon_members)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	int i, s, in, u, ls;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	/* local: struct s { int a; struct { int z; }; int b; } */
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	in = btf__add_struct(l, NULL, 4);
	btf__add_field(l, "z", i, 0, 0);
	ls = btf__add_struct(l, "s", 12);
	btf__add_field(l, "a", i, 0, 0);
	btf__add_field(l, NULL, in, 32, 0);
	btf__add_field(l, "b", i, 64, 0);
	/* target: struct s { int z; int pad; union { int a; struct { char c; int b; }; }; } */
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	int c = btf__add_int(t, "char", 1, BTF_INT_SIGNED);
	in = btf__add_struct(t, NULL, 8);
	btf__add_field(t, "c", c, 0, 0);
	btf__add_field(t, "b", i, 32, 0);
	u = btf__add_union(t, NULL, 8);
	btf__add_field(t, "a", i, 0, 0);
	btf__add_field(t, NULL, in, 0, 0);
	s = btf__add_struct(t, "s", 16);
	btf__add_field(t, "z", i, 0, 0);
	btf__add_field(t, "pad", i, 32, 0);
	btf__add_field(t, NULL, u, 64, 0);
	ASSERT_GT(s, 0);

	CHECK_EQ(val_of(l, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 8);
	CHECK_EQ(val_of(l, ls, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, t), 12);
	/* z sits in a local anonymous struct: "0:1:0" */
	CHECK_EQ(orig_of(l, ls, "0:1:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 4);
	CHECK_EQ(val_of(l, ls, "0:1:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 0);
	btf__free(l);
	btf__free(t);
}

TEST(core_array_access)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res res;
	int i, a, ls;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	/* local: struct s { int pad; int arr[4]; int m[2][3]; } */
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	a = btf__add_array(l, i, i, 4);
	int r3 = btf__add_array(l, i, i, 3);
	int m = btf__add_array(l, i, r3, 2);
	ls = btf__add_struct(l, "s", 44);
	btf__add_field(l, "pad", i, 0, 0);
	btf__add_field(l, "arr", a, 32, 0);
	btf__add_field(l, "m", m, 160, 0);
	/* target: struct s { long x; int m[4][3]; int arr[2]; } */
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	int lg = btf__add_int(t, "long", 8, BTF_INT_SIGNED);
	a = btf__add_array(t, i, i, 2);
	r3 = btf__add_array(t, i, i, 3);
	m = btf__add_array(t, i, r3, 4);
	btf__add_struct(t, "s", 64);
	btf__add_field(t, "x", lg, 0, 0);
	btf__add_field(t, "m", m, 64, 0);
	btf__add_field(t, "arr", a, 448, 0);

	CHECK_EQ(orig_of(l, ls, "0:1:1", BPF_CORE_FIELD_BYTE_OFFSET, t), 8);
	CHECK_EQ(val_of(l, ls, "0:1:1", BPF_CORE_FIELD_BYTE_OFFSET, t), 56 + 4);
	CHECK_EQ(val_of(l, ls, "0:1:1", BPF_CORE_FIELD_BYTE_SIZE, t), 4);
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_BYTE_SIZE, t), 8);
	/* m[1][2] */
	CHECK_EQ(orig_of(l, ls, "0:2:1:2", BPF_CORE_FIELD_BYTE_OFFSET, t), 20 + 12 + 8);
	CHECK_EQ(val_of(l, ls, "0:2:1:2", BPF_CORE_FIELD_BYTE_OFFSET, t), 8 + 12 + 8);
	/* arr[3] exists locally, not in the 2-element target array */
	CHECK_EQ(val_of(l, ls, "0:1:3", BPF_CORE_FIELD_EXISTS, t), 0);
	ASSERT_EQ(calc(l, ls, "0:1:3", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), 0);
	CHECK(res.poison, "out-of-bounds element must poison");
	/* arr[4] is out of the local array: a malformed relocation */
	CHECK_EQ(calc(l, ls, "0:1:4", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), -EINVAL);
	btf__free(l);
	btf__free(t);
}

/* Set n bits of v at bit offset off of a little-endian buffer. */
static void put_bits(unsigned char *buf, unsigned int off, unsigned int n, __u64 v)
{
	for (unsigned int k = 0; k < n; k++) {
		unsigned int bit = off + k;

		if ((v >> k) & 1)
			buf[bit / 8] |= 1u << (bit % 8);
		else
			buf[bit / 8] &= ~(1u << (bit % 8));
	}
}

/* What BPF_CORE_READ_BITFIELD does, driven by the engine's four values. */
static long long extract(const unsigned char *buf, __u64 off, __u64 sz, __u64 lsh, __u64 rsh,
			 bool sgn)
{
	__u64 v = 0;

	memcpy(&v, buf + off, sz); /* little-endian host */
	v <<= lsh;
	return sgn ? (long long)((__s64)v >> rsh) : (long long)(v >> rsh);
}

TEST(core_bitfields)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	static const struct {
		const char *acc;
		unsigned int bit, bits;
		long long value;
		bool sgn;
	} f[] = {
		{ "0:0", 70, 3, 5, false },     /* a: inside the 2nd u32 */
		{ "0:1", 94, 5, 19, false },    /* b: straddles bits 94..98 */
		{ "0:2", 120, 7, -37, true },   /* c: signed, in the 4th u32 */
		{ "0:3", 0, 32, 123456, false } /* d: plain member */
	};
	unsigned char buf[32];
	int u, i, ls;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	if (btf__endianness(l) != BTF_LITTLE_ENDIAN)
		test_skip(false, "little-endian host needed for the bit layout");
	/* local: struct s { unsigned a:3, b:5; int c:7; unsigned d; } */
	u = btf__add_int(l, "unsigned int", 4, 0);
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	ls = btf__add_struct(l, "s", 8);
	btf__add_field(l, "a", u, 0, 3);
	btf__add_field(l, "b", u, 3, 5);
	btf__add_field(l, "c", i, 8, 7);
	btf__add_field(l, "d", u, 32, 0);
	/* target: the same fields moved around */
	u = btf__add_int(t, "unsigned int", 4, 0);
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(t, "s", 32);
	btf__add_field(t, "d", u, 0, 0);
	btf__add_field(t, "a", u, 70, 3);
	btf__add_field(t, "b", u, 94, 5);
	btf__add_field(t, "c", i, 120, 7);

	memset(buf, 0xa5, sizeof(buf));
	for (size_t k = 0; k < ARRAY_SIZE(f); k++)
		put_bits(buf, f[k].bit, f[k].bits, (__u64)f[k].value);
	for (size_t k = 0; k < ARRAY_SIZE(f); k++) {
		long long off = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_BYTE_OFFSET, t);
		long long sz = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_BYTE_SIZE, t);
		long long lsh = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_LSHIFT_U64, t);
		long long rsh = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_RSHIFT_U64, t);
		long long sgn = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_SIGNED, t);

		ASSERT_GE(off, 0);
		ASSERT(sz == 1 || sz == 2 || sz == 4 || sz == 8, "field %s size %lld", f[k].acc, sz);
		ASSERT_LE(off + sz, (long long)sizeof(buf));
		ASSERT(lsh >= 0 && lsh < 64 && rsh >= 0 && rsh < 64, "shifts %lld %lld", lsh, rsh);
		CHECK_EQ(off % sz, 0);
		CHECK_EQ(sgn, f[k].sgn);
		CHECK_EQ(rsh, 64 - f[k].bits);
		CHECK_EQ(extract(buf, off, sz, lsh, rsh, sgn), f[k].value);
	}
	/* the local values are the compiler's too (validation off for bitfields) */
	{
		struct core_relo_res res;

		ASSERT_EQ(calc(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), 0);
		CHECK(!res.validate, "bitfield offsets are not validated");
		CHECK_EQ(res.orig_val, 0);
		ASSERT_EQ(calc(l, ls, "0:1", BPF_CORE_FIELD_LSHIFT_U64, t, &res), 0);
		CHECK_EQ(res.orig_val, 64 - 8);
	}
	btf__free(l);
	btf__free(t);
}

/* Big-endian bit numbering: bit k is bit 7 - k % 8 of byte k / 8. */
static void put_bits_be(unsigned char *buf, unsigned int off, unsigned int n, __u64 v)
{
	for (unsigned int k = 0; k < n; k++) {
		unsigned int bit = off + k, mask = 0x80u >> (bit % 8);

		/* the field's most significant bit comes first */
		if ((v >> (n - 1 - k)) & 1)
			buf[bit / 8] |= mask;
		else
			buf[bit / 8] &= ~mask;
	}
}

/* A big-endian object (BPF_CORE_READ_BITFIELD_PROBED on bpfeb): the unit is
 * read into the low bytes of a u64 in big-endian order. */
TEST(core_bitfields_big_endian)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	static const struct {
		const char *acc;
		unsigned int bit, bits;
		long long value;
		bool sgn;
	} f[] = {
		{ "0:0", 70, 3, 5, false },
		{ "0:1", 94, 5, 19, false },
		{ "0:2", 120, 7, -37, true },
	};
	unsigned char buf[32];
	int u, i, ls;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	u = btf__add_int(l, "unsigned int", 4, 0);
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	ls = btf__add_struct(l, "s", 4);
	btf__add_field(l, "a", u, 0, 3);
	btf__add_field(l, "b", u, 3, 5);
	btf__add_field(l, "c", i, 8, 7);
	ASSERT_EQ(btf__set_endianness(l, BTF_BIG_ENDIAN), 0);
	u = btf__add_int(t, "unsigned int", 4, 0);
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(t, "s", 32);
	btf__add_field(t, "a", u, 70, 3);
	btf__add_field(t, "b", u, 94, 5);
	btf__add_field(t, "c", i, 120, 7);

	memset(buf, 0x5a, sizeof(buf));
	for (size_t k = 0; k < ARRAY_SIZE(f); k++)
		put_bits_be(buf, f[k].bit, f[k].bits, (__u64)f[k].value);
	for (size_t k = 0; k < ARRAY_SIZE(f); k++) {
		long long off = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_BYTE_OFFSET, t);
		long long sz = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_BYTE_SIZE, t);
		long long lsh = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_LSHIFT_U64, t);
		long long rsh = val_of(l, ls, f[k].acc, BPF_CORE_FIELD_RSHIFT_U64, t);
		__u64 v = 0;

		ASSERT(off >= 0 && sz > 0 && sz <= 8 && off + sz <= (long long)sizeof(buf),
		       "field %s: off %lld size %lld", f[k].acc, off, sz);
		ASSERT(lsh >= 0 && lsh < 64 && rsh >= 0 && rsh < 64, "shifts %lld %lld", lsh, rsh);
		for (long long b = 0; b < sz; b++)
			v = (v << 8) | buf[off + b];
		v <<= lsh;
		CHECK_EQ(f[k].sgn ? (long long)((__s64)v >> rsh) : (long long)(v >> rsh),
			 f[k].value);
	}
	btf__free(l);
	btf__free(t);
}

TEST(core_flavors)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	int i, ls, ts;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	ls = btf__add_struct(l, "thing___v1", 8);
	btf__add_field(l, "b", i, 32, 0);
	int ls2 = btf__add_struct(l, "other___v2", 4);
	btf__add_field(l, "q", i, 0, 0);
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	ts = btf__add_struct(t, "thing", 16);
	btf__add_field(t, "a", i, 0, 0);
	btf__add_field(t, "b", i, 96, 0);
	/* a flavored target name is a candidate too */
	btf__add_struct(t, "other___kernel", 8);
	btf__add_field(t, "q", i, 32, 0);

	CHECK_EQ(val_of(l, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 12);
	CHECK_EQ(val_of(l, ls, "0", BPF_CORE_TYPE_ID_TARGET, t), ts);
	CHECK_EQ(val_of(l, ls, "0", BPF_CORE_TYPE_SIZE, t), 16);
	CHECK_EQ(val_of(l, ls2, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 4);
	btf__free(l);
	btf__free(t);
}

TEST(core_missing_field)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res res;
	int i, ls;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	ls = btf__add_struct(l, "s___new", 8);
	btf__add_field(l, "a", i, 0, 0);
	btf__add_field(l, "foo", i, 32, 0);
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(t, "s", 4);
	btf__add_field(t, "a", i, 0, 0);

	ASSERT_EQ(calc(l, ls, "0:1", BPF_CORE_FIELD_EXISTS, t, &res), 0);
	CHECK_EQ(res.orig_val, 1);
	CHECK_EQ(res.new_val, 0);
	CHECK(!res.poison, "EXISTS never poisons");
	ASSERT_EQ(calc(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), 0);
	CHECK(res.poison, "missing field offset must poison");
	CHECK(strstr(res.why, "field 'foo' not found in 1 candidate"), "why: %s", res.why);
	CHECK(strstr(res.desc, "FIELD_BYTE_OFFSET struct 's___new' access 0:1"), "desc: %s",
	      res.desc);
	ASSERT_EQ(calc(l, ls, "0:1", BPF_CORE_FIELD_BYTE_SIZE, t, &res), 0);
	CHECK(res.poison, "missing field size must poison");
	CHECK_EQ(val_of(l, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 0);
	btf__free(l);
	btf__free(t);
}

TEST(core_enum_values)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res res;
	int le, le2;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	le = btf__add_enum(l, "e", 4);
	btf__add_enum_value(l, "E_A", 1);
	btf__add_enum_value(l, "E_B", 2);
	btf__add_enum_value(l, "E_NEG", 3);
	le2 = btf__add_enum(l, "big___v1", 4);
	btf__add_enum_value(l, "BIG_X", 7);
	btf__add_enum(t, "e", 4);
	btf__add_enum_value(t, "E_NEG", -5);
	btf__add_enum_value(t, "E_A", 10);
	btf__add_enum64(t, "big", 8, false);
	btf__add_enum64_value(t, "BIG_X", 0x100000001ULL);

	CHECK_EQ(orig_of(l, le, "0", BPF_CORE_ENUMVAL_VALUE, t), 1);
	CHECK_EQ(val_of(l, le, "0", BPF_CORE_ENUMVAL_VALUE, t), 10);
	CHECK_EQ(val_of(l, le, "0", BPF_CORE_ENUMVAL_EXISTS, t), 1);
	CHECK_EQ(val_of(l, le, "1", BPF_CORE_ENUMVAL_EXISTS, t), 0);
	ASSERT_EQ(calc(l, le, "1", BPF_CORE_ENUMVAL_VALUE, t, &res), 0);
	CHECK(res.poison, "missing enumerator value must poison");
	CHECK(strstr(res.why, "enumerator 'E_B' not found"), "why: %s", res.why);
	/* signed 32-bit enum: sign-extended */
	ASSERT_EQ(calc(l, le, "2", BPF_CORE_ENUMVAL_VALUE, t, &res), 0);
	CHECK_EQ(res.new_val, (__u64)-5LL);
	/* 32-bit local, 64-bit target (flavored local name) */
	ASSERT_EQ(calc(l, le2, "0", BPF_CORE_ENUMVAL_VALUE, t, &res), 0);
	CHECK(res.new_val == 0x100000001ULL, "enum64 value %llx", (unsigned long long)res.new_val);
	CHECK_EQ(calc(l, le, "3", BPF_CORE_ENUMVAL_VALUE, t, &res), -EINVAL);
	btf__free(l);
	btf__free(t);
}

TEST(core_type_id_size_exists)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res res;
	int ls, ts, nope, td;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	ls = build_basic_local(l);
	nope = btf__add_struct(l, "nope", 4);
	btf__add_field(l, "x", 1, 0, 0);
	td = btf__add_typedef(l, "s_t", ls);
	ts = build_basic_targ(t);
	int ttd = btf__add_typedef(t, "s_t", ts);

	ASSERT_EQ(calc(l, ls, "0", BPF_CORE_TYPE_ID_LOCAL, t, &res), 0);
	CHECK_EQ(res.orig_val, ls);
	CHECK_EQ(res.new_val, ls);
	ASSERT_EQ(calc(l, ls, "0", BPF_CORE_TYPE_ID_TARGET, t, &res), 0);
	CHECK_EQ(res.orig_val, ls);
	CHECK_EQ(res.new_val, ts);
	CHECK(res.targ_btf == t, "target btf recorded");
	CHECK_EQ(val_of(l, ls, "0", BPF_CORE_TYPE_SIZE, t), 24);
	CHECK_EQ(orig_of(l, ls, "0", BPF_CORE_TYPE_SIZE, t), 16);
	CHECK_EQ(val_of(l, ls, "0", BPF_CORE_TYPE_EXISTS, t), 1);
	CHECK_EQ(val_of(l, td, "0", BPF_CORE_TYPE_EXISTS, t), 1);
	CHECK_EQ(val_of(l, td, "0", BPF_CORE_TYPE_ID_TARGET, t), ttd);
	CHECK_EQ(val_of(l, nope, "0", BPF_CORE_TYPE_EXISTS, t), 0);
	/* size and kernel id of a missing type are 0, not a poison */
	ASSERT_EQ(calc(l, nope, "0", BPF_CORE_TYPE_SIZE, t, &res), 0);
	CHECK(!res.poison, "size of a missing type is 0");
	CHECK_EQ(res.new_val, 0);
	CHECK_EQ(res.orig_val, 4);
	CHECK(strstr(res.why, "no candidate for struct nope"), "why: %s", res.why);
	ASSERT_EQ(calc(l, nope, "0", BPF_CORE_TYPE_ID_TARGET, t, &res), 0);
	CHECK(!res.poison, "id of a missing type is 0");
	CHECK_EQ(res.new_val, 0);
	/* type relocations take "0" only */
	CHECK_EQ(calc(l, ls, "0:1", BPF_CORE_TYPE_SIZE, t, &res), -EINVAL);
	btf__free(l);
	btf__free(t);
}

/* Two BTFs with struct p { int a; struct q *ptr; struct r emb; } where q/r
 * are full structs or forward declarations as asked. */
static int build_match(struct btf *b, bool q_fwd, bool r_fwd, int a_size, bool extra)
{
	int i = btf__add_int(b, "int", a_size, BTF_INT_SIGNED);
	int q = q_fwd ? btf__add_fwd(b, "q", BTF_FWD_STRUCT) : btf__add_struct(b, "q", 4);

	if (!q_fwd)
		btf__add_field(b, "qq", i, 0, 0);
	int r = r_fwd ? btf__add_fwd(b, "r", BTF_FWD_STRUCT) : btf__add_struct(b, "r", 4);

	if (!r_fwd)
		btf__add_field(b, "rr", i, 0, 0);
	int pq = btf__add_ptr(b, q);
	int p = btf__add_struct(b, "p", 24);

	btf__add_field(b, "a", i, 0, 0);
	btf__add_field(b, "ptr", pq, 64, 0);
	btf__add_field(b, "emb", r, 128, 0);
	if (extra)
		btf__add_field(b, "more", i, 160, 0);
	return p;
}

TEST(core_type_matches)
{
	static const struct {
		bool lq, lr, tq, tr;
		int la, ta;
		bool textra;
		int want;
	} c[] = {
		{ false, false, false, false, 4, 4, false, 1 },
		{ false, false, false, false, 4, 4, true, 1 },  /* target may have more */
		{ false, false, true, false, 4, 4, false, 1 },  /* struct behind ptr vs fwd */
		{ false, false, false, true, 4, 4, false, 0 },  /* embedded struct vs fwd */
		{ false, false, false, false, 4, 8, false, 0 }, /* int size differs */
	};

	for (size_t k = 0; k < ARRAY_SIZE(c); k++) {
		struct btf *l = btf__new_empty(), *t = btf__new_empty();
		int lp;

		ASSERT_PTR(l);
		ASSERT_PTR(t);
		lp = build_match(l, c[k].lq, c[k].lr, c[k].la, false);
		build_match(t, c[k].tq, c[k].tr, c[k].ta, c[k].textra);
		CHECK(val_of(l, lp, "0", BPF_CORE_TYPE_MATCHES, t) == c[k].want, "case %zu", k);
		/* TYPE_EXISTS is looser: the root name and kind suffice */
		CHECK(val_of(l, lp, "0", BPF_CORE_TYPE_EXISTS, t) == 1, "case %zu exists", k);
		btf__free(l);
		btf__free(t);
	}
	/* a local member the target lacks: no match */
	{
		struct btf *l = btf__new_empty(), *t = btf__new_empty();
		int lp;

		ASSERT_PTR(l);
		ASSERT_PTR(t);
		lp = build_match(l, false, false, 4, true);
		build_match(t, false, false, 4, false);
		CHECK_EQ(val_of(l, lp, "0", BPF_CORE_TYPE_MATCHES, t), 0);
		btf__free(l);
		btf__free(t);
	}
	/* enums: local enumerators must exist by name, sizes equal */
	{
		struct btf *l = btf__new_empty(), *t = btf__new_empty();
		int le;

		ASSERT_PTR(l);
		ASSERT_PTR(t);
		le = btf__add_enum(l, "en", 4);
		btf__add_enum_value(l, "X", 1);
		btf__add_enum(t, "en", 4);
		btf__add_enum_value(t, "Y", 1);
		btf__add_enum_value(t, "X", 9);
		CHECK_EQ(val_of(l, le, "0", BPF_CORE_TYPE_MATCHES, t), 1);
		btf__add_enum_value(l, "Z", 2);
		CHECK_EQ(val_of(l, le, "0", BPF_CORE_TYPE_MATCHES, t), 0);
		btf__free(l);
		btf__free(t);
	}
}

TEST(core_field_compat)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res res;
	int i, ls, st;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	/* local: struct s { int a; int b; int *p; } */
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	int pi = btf__add_ptr(l, i);
	ls = btf__add_struct(l, "s", 16);
	btf__add_field(l, "a", i, 0, 0);
	btf__add_field(l, "b", i, 32, 0);
	btf__add_field(l, "p", pi, 64, 0);
	/* target: a is long (compatible), b is a struct (not), p a pointer to
	 * something else (pointers are all compatible) */
	int lg = btf__add_int(t, "long", 8, BTF_INT_SIGNED);
	st = btf__add_struct(t, "inner", 8);
	btf__add_field(t, "z", lg, 0, 0);
	int pl = btf__add_ptr(t, st);
	btf__add_struct(t, "s", 32);
	btf__add_field(t, "a", lg, 0, 0);
	btf__add_field(t, "b", st, 64, 0);
	btf__add_field(t, "p", pl, 128, 0);

	ASSERT_EQ(calc(l, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), 0);
	CHECK(!res.poison, "int vs long is compatible");
	CHECK_EQ(res.orig_sz, 4);
	CHECK_EQ(res.new_sz, 8);
	CHECK(res.fail_memsz_adjust, "signed size change can't adjust a load");
	CHECK_EQ(val_of(l, ls, "0:0", BPF_CORE_FIELD_BYTE_SIZE, t), 8);
	ASSERT_EQ(calc(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), 0);
	CHECK(res.poison, "int vs struct is not compatible");
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_EXISTS, t), 0);
	CHECK_EQ(val_of(l, ls, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, t), 16);
	btf__free(l);
	btf__free(t);
}

TEST(core_ambiguous)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct core_relo_res res;
	int i, ls;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	ls = btf__add_struct(l, "amb", 8);
	btf__add_field(l, "a", i, 0, 0);
	btf__add_field(l, "b", i, 32, 0);
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(t, "amb", 12);
	btf__add_field(t, "a", i, 0, 0);
	btf__add_field(t, "b", i, 64, 0);
	btf__add_struct(t, "amb___2", 12);
	btf__add_field(t, "a", i, 0, 0);
	btf__add_field(t, "b", i, 32, 0);

	/* a agrees in both candidates, b does not */
	CHECK_EQ(val_of(l, ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t), 0);
	ASSERT_EQ(calc(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), -EINVAL);
	CHECK(strstr(res.why, "ambiguous") && strstr(res.why, "(8 vs 4)"), "why: %s", res.why);
	/* existence agrees */
	CHECK_EQ(val_of(l, ls, "0:1", BPF_CORE_FIELD_EXISTS, t), 1);
	btf__free(l);
	btf__free(t);
}

TEST(core_malformed)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	static const char *const bad[] = { "", ":", "0:", ":0", "a", "0:x", "0::1", "0:9",
					   "99999999999", "0:-1", "0 :1" };
	struct core_relo_res res;
	struct bpf_core_relo r;
	int ls, anon;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	ls = build_basic_local(l);
	build_basic_targ(t);
	for (size_t k = 0; k < ARRAY_SIZE(bad); k++)
		CHECK(calc(l, ls, bad[k], BPF_CORE_FIELD_BYTE_OFFSET, t, &res) == -EINVAL,
		      "access '%s' accepted", bad[k]);
	/* an access string of 65 steps */
	{
		char longacc[256] = "0";

		for (int k = 0; k < 64; k++)
			strcat(longacc, ":0");
		CHECK_EQ(calc(l, ls, longacc, BPF_CORE_FIELD_BYTE_OFFSET, t, &res), -EINVAL);
	}
	/* index into an int */
	CHECK_EQ(calc(l, ls, "0:0:0", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), -EINVAL);
	r = mk_relo(l, 999, "0", BPF_CORE_FIELD_BYTE_OFFSET);
	CHECK_EQ(core_calc_relo(l, &r, t, NULL, &res), -EINVAL);
	r = mk_relo(l, ls, "0", BPF_CORE_FIELD_BYTE_OFFSET);
	r.access_str_off = 1u << 30;
	CHECK_EQ(core_calc_relo(l, &r, t, NULL, &res), -EINVAL);
	r = mk_relo(l, ls, "0", 13);
	CHECK_EQ(core_calc_relo(l, &r, t, NULL, &res), -EOPNOTSUPP);
	/* anonymous roots: only TYPE_ID_LOCAL makes sense */
	anon = btf__add_struct(l, NULL, 4);
	btf__add_field(l, "x", 1, 0, 0);
	CHECK_EQ(calc(l, anon, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, t, &res), -EOPNOTSUPP);
	CHECK_EQ(val_of(l, anon, "0", BPF_CORE_TYPE_ID_LOCAL, t), anon);
	/* a loop of typedefs */
	{
		int td = btf__add_typedef(l, "loop", 0);
		struct btf_type *tt = (struct btf_type *)btf__type_by_id(l, td);

		tt->type = td;
		CHECK_EQ(calc(l, td, "0", BPF_CORE_TYPE_SIZE, t, &res), -EINVAL);
	}
	btf__free(l);
	btf__free(t);
}

/* ---- patching ---- */

static struct core_relo_res mk_res(__u64 orig, __u64 new_val)
{
	struct core_relo_res r = { .orig_val = orig, .new_val = new_val, .validate = true };

	snprintf(r.desc, sizeof(r.desc), "FIELD_BYTE_OFFSET struct 'x' access 0:1");
	return r;
}

TEST(core_patch_alu_ld64)
{
	struct bpf_insn p[] = {
		BPF_MOV64_IMM(BPF_REG_1, 4),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, 4),
		BPF_LD_IMM64(BPF_REG_3, 7),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_2, BPF_REG_1),
		BPF_EXIT_INSN(),
	};
	struct bpf_core_relo r = { .insn_off = 0 };
	struct core_relo_res res = mk_res(4, 12);
	libbpf_print_fn_t old = log_start();

	ASSERT_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 0, &res), 0);
	CHECK_EQ(p[0].imm, 12);
	r.insn_off = 8;
	ASSERT_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 1, &res), 0);
	CHECK_EQ(p[1].imm, 12);
	CHECK_EQ(p[1].code, BPF_ALU64 | BPF_ADD | BPF_K);
	/* 64-bit immediate: both halves */
	r.insn_off = 16;
	res = mk_res(7, 0x1234567800000009ULL);
	ASSERT_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 2, &res), 0);
	CHECK_EQ(p[2].imm, 9);
	CHECK_EQ(p[3].imm, 0x12345678);
	/* the instruction must hold the compiler's value */
	r.insn_off = 0;
	res = mk_res(4, 16);
	CHECK_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 3, &res), -EINVAL);
	CHECK_EQ(p[0].imm, 12);
	CHECK(strstr(logbuf, "prog 'p': relo #3:") && strstr(logbuf, "unexpected insn"), "log: %s",
	      logbuf);
	/* ... unless validation is off (bitfields) */
	res.validate = false;
	ASSERT_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 4, &res), 0);
	CHECK_EQ(p[0].imm, 16);
	/* register-source ALU, exit, misaligned and out of range offsets */
	res.validate = false;
	r.insn_off = 32;
	CHECK_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 5, &res), -EINVAL);
	r.insn_off = 40;
	CHECK_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 6, &res), -EINVAL);
	r.insn_off = 3;
	CHECK_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 7, &res), -EINVAL);
	r.insn_off = 48;
	CHECK_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 8, &res), -EINVAL);
	/* too big for a 32-bit immediate */
	r.insn_off = 0;
	res = mk_res(16, 1ULL << 33);
	CHECK_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 9, &res), -EINVAL);
	/* ALU64 would sign-extend 0x80000000; a negative value is fine */
	res = mk_res(16, 0x80000000ULL);
	CHECK_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 10, &res), -EINVAL);
	res = mk_res(16, (__u64)-5LL);
	ASSERT_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 11, &res), 0);
	CHECK_EQ(p[0].imm, -5);
	/* 32-bit ALU takes any 32-bit value */
	p[0] = BPF_MOV32_IMM(BPF_REG_1, 3);
	res = mk_res(3, 0xfffffff0ULL);
	ASSERT_EQ(core_patch_insn("p", p, ARRAY_SIZE(p), &r, 12, &res), 0);
	CHECK_EQ((__u32)p[0].imm, 0xfffffff0U);
	libbpf_set_print(old);
}

TEST(core_patch_mem)
{
	struct bpf_insn p[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_0, 4),
		BPF_ST_MEM(BPF_W, BPF_REG_1, 4, 99),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),
		BPF_EXIT_INSN(),
	};
	struct bpf_core_relo r = { .insn_off = 0 };
	struct core_relo_res res = mk_res(4, 40);
	libbpf_print_fn_t old = log_start();

	for (int k = 0; k < 3; k++) {
		r.insn_off = k * 8;
		ASSERT_EQ(core_patch_insn("m", p, ARRAY_SIZE(p), &r, k, &res), 0);
		CHECK_EQ(p[k].off, 40);
		CHECK_EQ(BPF_SIZE(p[k].code), BPF_W);
	}
	CHECK_EQ(p[2].imm, 99);
	/* u32 -> u64 field: the load grows */
	r.insn_off = 24;
	res = mk_res(4, 16);
	res.orig_sz = 4;
	res.new_sz = 8;
	ASSERT_EQ(core_patch_insn("m", p, ARRAY_SIZE(p), &r, 3, &res), 0);
	CHECK_EQ(p[3].code, BPF_LDX | BPF_MEM | BPF_DW);
	CHECK_EQ(p[3].off, 16);
	/* the access size must be the local field's */
	res = mk_res(16, 24);
	res.orig_sz = 4;
	res.new_sz = 2;
	CHECK_EQ(core_patch_insn("m", p, ARRAY_SIZE(p), &r, 4, &res), -EINVAL);
	/* a signed field changing size can't be loaded: poison */
	res = mk_res(16, 24);
	res.orig_sz = 8;
	res.new_sz = 4;
	res.fail_memsz_adjust = true;
	ASSERT_EQ(core_patch_insn("m", p, ARRAY_SIZE(p), &r, 5, &res), 0);
	CHECK_EQ(p[3].code, BPF_JMP | BPF_CALL);
	CHECK_EQ(p[3].imm, CORE_POISON_HELPER);
	/* offsets beyond s16 */
	r.insn_off = 0;
	res = mk_res(40, 40000);
	CHECK_EQ(core_patch_insn("m", p, ARRAY_SIZE(p), &r, 6, &res), -EINVAL);
	libbpf_set_print(old);
}

TEST(core_patch_poison)
{
	struct bpf_insn p[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),
		BPF_LD_IMM64(BPF_REG_3, 7),
		BPF_EXIT_INSN(),
	};
	struct bpf_core_relo r = { .insn_off = 0 };
	struct core_relo_res res = mk_res(4, 4);
	libbpf_print_fn_t old = log_start();

	res.poison = true;
	snprintf(res.why, sizeof(res.why), "field 'b' not found in 1 candidate");
	ASSERT_EQ(core_patch_insn("pp", p, ARRAY_SIZE(p), &r, 2, &res), 0);
	CHECK_EQ(p[0].code, BPF_JMP | BPF_CALL);
	CHECK_EQ(p[0].imm, 0xbad2310);
	CHECK_EQ(p[0].off, 0);
	CHECK_EQ(p[0].src_reg, 0);
	r.insn_off = 8;
	ASSERT_EQ(core_patch_insn("pp", p, ARRAY_SIZE(p), &r, 3, &res), 0);
	CHECK_EQ(p[1].imm, 0xbad2310);
	CHECK_EQ(p[2].imm, 0xbad2310);
	CHECK_EQ(p[2].code, BPF_JMP | BPF_CALL);
	CHECK_EQ(p[3].code, BPF_JMP | BPF_EXIT);
	CHECK(strstr(logbuf, "prog 'pp': relo #2: FIELD_BYTE_OFFSET struct 'x' access 0:1: insn #0 "
			     "poisoned (field 'b' not found in 1 candidate)"),
	      "log: %s", logbuf);
	CHECK_EQ(log_lines, 2);
	libbpf_set_print(old);
}

TEST(core_apply_logs)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct bpf_insn p[] = { BPF_MOV64_IMM(BPF_REG_0, 4), BPF_EXIT_INSN() };
	struct bpf_core_relo r;
	libbpf_print_fn_t old;
	int i, ls, err;

	ASSERT_PTR(l);
	ASSERT_PTR(t);
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	ls = btf__add_struct(l, "task_struct___x", 8);
	btf__add_field(l, "a", i, 0, 0);
	btf__add_field(l, "b", i, 32, 0);
	i = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(t, "amb", 12);
	btf__add_field(t, "b", i, 64, 0);
	btf__add_struct(t, "amb___2", 12);
	btf__add_field(t, "b", i, 32, 0);
	int la = btf__add_struct(l, "amb", 8);
	btf__add_field(l, "b", 1, 32, 0);

	old = log_start();
	r = mk_relo(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	err = core_apply_relo("prog1", p, ARRAY_SIZE(p), l, &r, 7, t, NULL);
	CHECK_EQ(err, 0);
	CHECK_EQ(p[0].imm, CORE_POISON_HELPER);
	CHECK(strstr(logbuf, "prog 'prog1': relo #7: FIELD_BYTE_OFFSET struct 'task_struct___x' "
			     "access 0:1: insn #0 poisoned (no candidate for struct task_struct___x)"),
	      "log: %s", logbuf);
	CHECK_EQ(log_lines, 1);

	logbuf[0] = 0;
	log_lines = 0;
	p[0] = BPF_MOV64_IMM(BPF_REG_0, 4);
	r = mk_relo(l, la, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	err = core_apply_relo("prog2", p, ARRAY_SIZE(p), l, &r, 1, t, NULL);
	CHECK_EQ(err, -EINVAL);
	CHECK_EQ(p[0].imm, 4);
	CHECK(strstr(logbuf, "prog 'prog2': relo #1: FIELD_BYTE_OFFSET struct 'amb' access 0:0: "
			     "ambiguous: candidates"),
	      "log: %s", logbuf);
	CHECK_EQ(log_lines, 1);
	libbpf_set_print(old);
	btf__free(l);
	btf__free(t);
}

TEST(core_cands_cache)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty(), *t2 = btf__new_empty();
	struct core_cands_cache *c = core_cands_cache_new(NULL, 0);
	struct core_relo_res res;
	struct bpf_core_relo r;
	int ls, nope;

	ASSERT_PTR(c);
	ASSERT_PTR(l);
	ls = build_basic_local(l);
	nope = btf__add_struct(l, "nope", 0);
	build_basic_targ(t);
	build_basic_targ(t2);
	for (int k = 0; k < 3; k++) {
		r = mk_relo(l, ls, k == 0 ? "0:0" : k == 1 ? "0:1" : "0:2",
			    BPF_CORE_FIELD_BYTE_OFFSET);
		ASSERT_EQ(core_calc_relo(l, &r, t, c, &res), 0);
	}
	CHECK_EQ(res.new_val, 0);
	CHECK_EQ(core_cands_cache_searches(c), 1);
	/* a missing type is remembered as missing */
	r = mk_relo(l, nope, "0", BPF_CORE_TYPE_EXISTS);
	ASSERT_EQ(core_calc_relo(l, &r, t, c, &res), 0);
	ASSERT_EQ(core_calc_relo(l, &r, t, c, &res), 0);
	CHECK_EQ(res.new_val, 0);
	CHECK_EQ(core_cands_cache_searches(c), 2);
	/* another target starts over */
	r = mk_relo(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ASSERT_EQ(core_calc_relo(l, &r, t2, c, &res), 0);
	CHECK_EQ(res.new_val, 12);
	CHECK_EQ(core_cands_cache_searches(c), 3);
	core_cands_cache_free(c);
	core_cands_cache_free(NULL);
	btf__free(l);
	btf__free(t);
	btf__free(t2);
}

TEST(core_module_targets)
{
	struct btf *l = btf__new_empty(), *vm = btf__new_empty(), *mod, *mod2;
	struct core_cands_cache *c;
	struct core_relo_res res;
	struct bpf_core_relo r;
	int i, ls, lv, mid, vid;

	ASSERT_PTR(l);
	ASSERT_PTR(vm);
	i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	ls = btf__add_struct(l, "modthing", 8);
	btf__add_field(l, "a", i, 0, 0);
	btf__add_field(l, "b", i, 32, 0);
	lv = btf__add_struct(l, "vmthing", 4);
	btf__add_field(l, "a", i, 0, 0);
	/* vmlinux: int, vmthing; modules add modthing (and a vmthing copy) */
	i = btf__add_int(vm, "int", 4, BTF_INT_SIGNED);
	vid = btf__add_struct(vm, "vmthing", 8);
	btf__add_field(vm, "a", i, 32, 0);
	mod = btf__new_empty_split(vm);
	mod2 = btf__new_empty_split(vm);
	ASSERT_PTR(mod);
	ASSERT_PTR(mod2);
	btf__add_struct(mod, "unrelated", 0);
	mid = btf__add_struct(mod2, "modthing", 16);
	btf__add_field(mod2, "b", i, 96, 0);
	btf__add_field(mod2, "a", i, 64, 0);
	btf__add_struct(mod2, "vmthing", 16);
	btf__add_field(mod2, "a", i, 64, 0);

	const struct btf *mods[] = { mod, mod2 };

	c = core_cands_cache_new(mods, 2);
	ASSERT_PTR(c);
	r = mk_relo(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ASSERT_EQ(core_calc_relo(l, &r, vm, c, &res), 0);
	CHECK_EQ(res.new_val, 12);
	r = mk_relo(l, ls, "0", BPF_CORE_TYPE_ID_TARGET);
	ASSERT_EQ(core_calc_relo(l, &r, vm, c, &res), 0);
	CHECK_EQ(res.new_val, mid);
	CHECK(res.targ_btf == mod2, "id is in the module's BTF");
	/* vmlinux wins: the module's vmthing copy is not even a candidate */
	r = mk_relo(l, lv, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	ASSERT_EQ(core_calc_relo(l, &r, vm, c, &res), 0);
	CHECK_EQ(res.new_val, 4);
	r = mk_relo(l, lv, "0", BPF_CORE_TYPE_ID_TARGET);
	ASSERT_EQ(core_calc_relo(l, &r, vm, c, &res), 0);
	CHECK_EQ(res.new_val, vid);
	CHECK(res.targ_btf == vm, "id is vmlinux's");
	/* without the cache there are no modules */
	r = mk_relo(l, ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	ASSERT_EQ(core_calc_relo(l, &r, vm, NULL, &res), 0);
	CHECK(res.poison, "no module, no candidate");
	core_cands_cache_free(c);
	btf__free(mod);
	btf__free(mod2);
	btf__free(l);
	btf__free(vm);
}

/* ---- a real object against the running kernel ---- */

struct obj_ctx {
	struct btf *btf;
	struct btf_ext *ext;
	struct elf_file *elf;
};

static void obj_close(struct obj_ctx *o)
{
	btf_ext__free(o->ext);
	btf__free(o->btf);
	elf_close(o->elf);
}

static void obj_open(const char *name, struct obj_ctx *o)
{
	const struct elf_sec *bs, *es;

	memset(o, 0, sizeof(*o));
	ASSERT_EQ(elf_open_file(test_obj_path(name), &o->elf), 0);
	bs = elf_sec_by_name(o->elf, ".BTF");
	es = elf_sec_by_name(o->elf, ".BTF.ext");
	ASSERT_PTR(bs);
	ASSERT_PTR(es);
	o->btf = btf__new(bs->data, bs->size);
	ASSERT_PTR(o->btf);
	o->ext = btf_ext__new(es->data, es->size);
	ASSERT_PTR(o->ext);
	ASSERT_EQ(btf_ext_check(o->ext, o->btf), 0);
}

/* Instructions of program prog: a copy (caller frees), its section name. */
static struct bpf_insn *prog_insns(struct obj_ctx *o, const char *prog, size_t *cnt,
				   __u64 *sec_off, const char **sec_name)
{
	const struct elf_sec *sec;
	struct elf_sym sym;
	struct bpf_insn *insns;

	if (elf_sym_by_name(o->elf, prog, &sym) < 0)
		return NULL;
	sec = elf_sec_by_idx(o->elf, sym.shndx);
	if (!sec || sym.value + sym.size > sec->size || sym.size % 8)
		return NULL;
	insns = malloc(sym.size);
	if (!insns)
		return NULL;
	memcpy(insns, (const char *)sec->data + sym.value, sym.size);
	*cnt = sym.size / 8;
	*sec_off = sym.value;
	*sec_name = sec->name;
	return insns;
}

/* Independent truth: walk vmlinux members by name through anonymous ones. */
static bool vm_member(const struct btf *vm, __u32 id, const char *name, __u32 *bits,
		      __u32 *bf, __u32 *type)
{
	const struct btf_type *t = btf__type_by_id(vm, btf__resolve_type(vm, id));

	if (!t || !btf_is_composite(t))
		return false;
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		const char *mn = btf__name_by_offset(vm, m->name_off);

		if (mn && !strcmp(mn, name)) {
			*bits = btf_member_bit_offset(t, i);
			*bf = btf_member_bitfield_size(t, i);
			*type = m->type;
			return true;
		}
		if (!mn || !*mn) {
			__u32 sub;

			if (vm_member(vm, m->type, name, &sub, bf, type)) {
				*bits = btf_member_bit_offset(t, i) + sub;
				return true;
			}
		}
	}
	return false;
}

struct truth {
	bool exists;
	__u64 bits;   /* bit offset of the field */
	__u32 bf;     /* bitfield size */
	__u32 type;   /* vmlinux type of the field */
};

/* Follow a local access string by member names in vmlinux. */
static struct truth vm_field(const struct btf *local, __u32 root, const char *acc,
			     const struct btf *vm)
{
	struct truth tr = { 0 };
	const struct btf_type *lt;
	const char *name, *p = acc;
	__u32 lid = btf__resolve_type(local, root), vid;
	char ess[128];

	lt = btf__type_by_id(local, lid);
	name = btf__name_by_offset(local, btf__type_by_id(local, root)->name_off);
	snprintf(ess, sizeof(ess), "%.*s", (int)btf_essential_name_len(name), name);
	vid = btf__find_by_name_kind(vm, ess, btf_kind(lt));
	if ((int)vid < 0)
		return tr;
	tr.type = vid;
	strtoul(p, (char **)&p, 10); /* the first index is 0 in these programs */
	while (*p == ':') {
		unsigned long idx = strtoul(p + 1, (char **)&p, 10);
		const struct btf_type *t = btf__type_by_id(local, btf__resolve_type(local, lid));
		const struct btf_type *vt = btf__type_by_id(vm, btf__resolve_type(vm, tr.type));
		__u32 bits;

		if (btf_is_array(t)) {
			__s64 esz = btf__resolve_size(vm, btf_array(vt)->type);

			tr.bits += idx * esz * 8;
			lid = btf_array(t)->type;
			tr.type = btf_array(vt)->type;
			tr.bf = 0;
			continue;
		}
		const struct btf_member *m = btf_members(t) + idx;

		if (!vm_member(vm, tr.type, btf__name_by_offset(local, m->name_off), &bits, &tr.bf,
			       &tr.type))
			return tr;
		tr.bits += bits;
		lid = m->type;
	}
	tr.exists = true;
	return tr;
}

/* Check one engine result against the truth; returns false on mismatch. */
static bool check_truth(const struct btf *local, const struct bpf_core_relo *r,
			const struct core_relo_res *res, const struct btf *vm, const char *acc)
{
	const struct btf_type *lt = btf__type_by_id(local, r->type_id);
	const char *lname = btf__name_by_offset(local, lt->name_off);
	struct truth tr;
	__u64 want;

	switch (r->kind) {
	case BPF_CORE_FIELD_EXISTS:
		return res->new_val == vm_field(local, r->type_id, acc, vm).exists;
	case BPF_CORE_FIELD_BYTE_OFFSET:
	case BPF_CORE_FIELD_BYTE_SIZE:
	case BPF_CORE_FIELD_LSHIFT_U64:
	case BPF_CORE_FIELD_RSHIFT_U64:
	case BPF_CORE_FIELD_SIGNED:
		tr = vm_field(local, r->type_id, acc, vm);
		if (!tr.exists)
			return res->poison;
		if (r->kind == BPF_CORE_FIELD_SIGNED) {
			const struct btf_type *ft =
				btf__type_by_id(vm, btf__resolve_type(vm, tr.type));

			return res->new_val ==
			       (btf_is_int(ft) && (btf_int_encoding(ft) & BTF_INT_SIGNED));
		}
		if (!tr.bf) {
			__s64 sz = btf__resolve_size(vm, tr.type);

			want = r->kind == BPF_CORE_FIELD_BYTE_OFFSET ? tr.bits / 8
			       : r->kind == BPF_CORE_FIELD_BYTE_SIZE ? (__u64)sz
								       : (__u64)(64 - sz * 8);
			return res->new_val == want;
		}
		/* bitfields: the unit must be aligned and cover the bits */
		if (r->kind == BPF_CORE_FIELD_RSHIFT_U64)
			return res->new_val == 64 - tr.bf;
		if (r->kind == BPF_CORE_FIELD_BYTE_OFFSET)
			return res->new_val * 8 <= tr.bits && tr.bits - res->new_val * 8 < 64;
		if (r->kind == BPF_CORE_FIELD_BYTE_SIZE)
			return res->new_val == 1 || res->new_val == 2 || res->new_val == 4 ||
			       res->new_val == 8;
		return res->new_val < 64; /* LSHIFT: checked with the offset below */
	case BPF_CORE_TYPE_SIZE:
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_ID_TARGET: {
		char ess[128];
		__s32 id;

		snprintf(ess, sizeof(ess), "%.*s", (int)btf_essential_name_len(lname), lname);
		id = btf__find_by_name_kind(vm, ess, btf_kind(lt));
		if (r->kind == BPF_CORE_TYPE_EXISTS)
			return res->new_val == (id > 0);
		if (id < 0)
			return !res->poison && res->new_val == 0;
		want = r->kind == BPF_CORE_TYPE_SIZE ? (__u64)btf__resolve_size(vm, id) : (__u64)id;
		return res->new_val == want;
	}
	case BPF_CORE_TYPE_ID_LOCAL:
		return res->new_val == r->type_id;
	case BPF_CORE_ENUMVAL_EXISTS:
	case BPF_CORE_ENUMVAL_VALUE: {
		const struct btf_enum *le = btf_enum(lt) + atoi(acc);
		const char *en = btf__name_by_offset(local, le->name_off);
		__s32 id = btf__find_by_name_kind(vm, lname, BTF_KIND_ENUM);
		const struct btf_type *vt = id > 0 ? btf__type_by_id(vm, id) : NULL;

		for (int i = 0; vt && i < btf_vlen(vt); i++) {
			if (strcmp(btf__name_by_offset(vm, btf_enum(vt)[i].name_off), en))
				continue;
			return r->kind == BPF_CORE_ENUMVAL_EXISTS
				       ? res->new_val == 1
				       : res->new_val == (__u64)(__s64)btf_enum(vt)[i].val;
		}
		return r->kind == BPF_CORE_ENUMVAL_EXISTS ? res->new_val == 0 : res->poison;
	}
	default:
		return false;
	}
}

static struct btf *load_vmlinux(void)
{
	struct btf *vm;

	if (access(VMLINUX_PATH, R_OK))
		test_skip(true, "no %s", VMLINUX_PATH);
	vm = btf__parse_raw(VMLINUX_PATH);
	ASSERT_PTR(vm); /* the file exists: failing to parse it is our bug */
	return vm;
}

/* Every relocation of object obj against vm, checked against the truth. */
static void truth_object(const char *obj, const struct btf *vm, int *kinds, int *n,
			 int *bitfield_units, unsigned int *searches)
{
	struct core_cands_cache *cache = core_cands_cache_new(NULL, 0);
	const struct btf_ext_info *ci;
	const struct btf_ext_sec *sec;
	const struct bpf_core_relo *r;
	struct obj_ctx o;
	__u32 i;

	ASSERT_PTR(cache);
	obj_open(obj, &o);
	ci = btf_ext_info(o.ext, BTF_EXT_CORE_RELO);
	for_each_btf_ext_sec(ci, sec) {
		for_each_btf_ext_rec(ci, sec, i, r) {
			const char *acc = btf__str_by_offset(o.btf, r->access_str_off);
			struct core_relo_res res;
			int err = core_calc_relo(o.btf, r, vm, cache, &res);

			CHECK(err == 0, "%s: relo %s: %d %s", obj, res.desc, err, res.why);
			if (err)
				continue;
			CHECK(check_truth(o.btf, r, &res, vm, acc), "%s: relo %s: got %llu poison %d",
			      obj, res.desc, (unsigned long long)res.new_val, res.poison);
			test_log("%s: %s -> %llu%s\n", obj, res.desc, (unsigned long long)res.new_val,
				 res.poison ? " (poison)" : "");
			kinds[r->kind & 15]++;
			(*n)++;
			/* bitfield: offset/size/lshift together select the bits */
			if (r->kind == BPF_CORE_FIELD_LSHIFT_U64) {
				struct bpf_core_relo r2 = *r;
				struct core_relo_res ro, rs;
				struct truth tr = vm_field(o.btf, r->type_id, acc, vm);

				r2.kind = BPF_CORE_FIELD_BYTE_OFFSET;
				ASSERT_EQ(core_calc_relo(o.btf, &r2, vm, cache, &ro), 0);
				r2.kind = BPF_CORE_FIELD_BYTE_SIZE;
				ASSERT_EQ(core_calc_relo(o.btf, &r2, vm, cache, &rs), 0);
				/* after << lsh the field's top bit is bit 63 */
				CHECK_EQ(64 - res.new_val,
					 tr.bits - ro.new_val * 8 + (tr.bf ? tr.bf : rs.new_val * 8));
				CHECK(ro.new_val % rs.new_val == 0, "unit not aligned");
				(*bitfield_units)++;
			}
		}
	}
	*searches = core_cands_cache_searches(cache);
	core_cands_cache_free(cache);
	obj_close(&o);
}

TEST(core_real_vs_vmlinux)
{
	struct btf *vm = load_vmlinux();
	int kinds[16] = { 0 }, n = 0, bitfield_units = 0;
	unsigned int searches;

	truth_object("core_relo", vm, kinds, &n, &bitfield_units, &searches);
	CHECK_GE(n, 30);
	CHECK_GE(bitfield_units, 2);
	for (int k = BPF_CORE_FIELD_BYTE_OFFSET; k <= BPF_CORE_ENUMVAL_VALUE; k++)
		CHECK(kinds[k] > 0, "no relocation of kind %s in the object", core_relo_kind_str(k));
	/* one search per distinct local type, not per relocation */
	CHECK(searches <= 8, "%u searches", searches);
	btf__free(vm);
}

/* The BPF-side header tests' object (sk_buff, net_device, flavors). */
TEST(core_hdr_core_vs_vmlinux)
{
	struct btf *vm = load_vmlinux();
	int kinds[16] = { 0 }, n = 0, bitfield_units = 0;
	unsigned int searches;

	truth_object("hdr_core", vm, kinds, &n, &bitfield_units, &searches);
	CHECK_GE(n, 20);
	CHECK_GE(bitfield_units, 1);
	btf__free(vm);
}

/* Apply our engine to every relocation of prog; returns the patched copy. */
static struct bpf_insn *apply_prog(struct obj_ctx *o, const char *prog, const struct btf *vm,
				   size_t *cnt, int *relo_idx, int *nrelo)
{
	const struct btf_ext_info *ci = btf_ext_info(o->ext, BTF_EXT_CORE_RELO);
	const struct btf_ext_sec *sec;
	const struct bpf_core_relo *r;
	const char *sname;
	struct bpf_insn *insns;
	__u64 off;
	__u32 i;

	insns = prog_insns(o, prog, cnt, &off, &sname);
	if (!insns)
		return NULL;
	*nrelo = 0;
	for_each_btf_ext_sec(ci, sec) {
		if (strcmp(btf_ext_sec_name(o->btf, sec), sname))
			continue;
		for_each_btf_ext_rec(ci, sec, i, r) {
			struct bpf_core_relo rr = *r;

			if (r->insn_off < off || r->insn_off >= off + *cnt * 8)
				continue;
			rr.insn_off -= off;
			if (core_apply_relo(prog, insns, *cnt, o->btf, &rr, i, vm, NULL)) {
				free(insns);
				return NULL;
			}
			if (*nrelo == 64) {
				free(insns);
				return NULL;
			}
			relo_idx[(*nrelo)++] = rr.insn_off / 8;
		}
	}
	return insns;
}

TEST(core_flavor_poison)
{
	struct btf *vm = load_vmlinux();
	int idx[64], n, poisoned = 0;
	struct bpf_insn *insns;
	struct obj_ctx o;
	size_t cnt;
	libbpf_print_fn_t old;

	obj_open("core_relo", &o);
	old = log_start();
	insns = apply_prog(&o, "core_flavor", vm, &cnt, idx, &n);
	libbpf_set_print(old);
	ASSERT_PTR(insns);
	for (int k = 0; k < n; k++)
		poisoned += insns[idx[k]].code == (BPF_JMP | BPF_CALL) &&
			    insns[idx[k]].imm == CORE_POISON_HELPER;
	CHECK_EQ(poisoned, 1);
	CHECK(strstr(logbuf, "prog 'core_flavor'") &&
	      strstr(logbuf, "field 'bpfkit_missing' not found in 1 candidate"),
	      "log: %s", logbuf);
	free(insns);
	obj_close(&o);
	btf__free(vm);
}

/* Direct loads/stores: offsets patched in LDX/STX, and the load of a field
 * the kernel made wider (u32 locally, unsigned long in the kernel) grows. */
TEST(core_real_direct_access)
{
	struct btf *vm = load_vmlinux();
	int idx[64], n, ldx = 0, stx = 0, grown = 0;
	__u32 bits, bf, type, mm = btf__find_by_name_kind(vm, "mm_struct", BTF_KIND_STRUCT);
	struct bpf_insn *insns;
	struct obj_ctx o;
	size_t cnt;

	ASSERT_GT(mm, 0);
	ASSERT(vm_member(vm, mm, "total_vm", &bits, &bf, &type), "no mm_struct::total_vm");
	obj_open("core_relo", &o);
	insns = apply_prog(&o, "core_direct", vm, &cnt, idx, &n);
	ASSERT_PTR(insns);
	for (int k = 0; k < n; k++) {
		const struct bpf_insn *in = &insns[idx[k]];

		ldx += BPF_CLASS(in->code) == BPF_LDX;
		stx += BPF_CLASS(in->code) == BPF_STX;
		if (BPF_CLASS(in->code) == BPF_LDX && in->off == (__s16)(bits / 8)) {
			CHECK_EQ(BPF_SIZE(in->code), BPF_DW);
			grown++;
		}
	}
	CHECK_EQ(ldx, 4);
	CHECK_EQ(stx, 2);
	CHECK_EQ(grown, 1);
	CHECK_EQ(btf__resolve_size(vm, type), 8);
	free(insns);
	obj_close(&o);
	btf__free(vm);
}

/* ---- differential check against Debian's libbpf ---- */

/* Run ref-loader OBJ WHAT P1 WHAT P2 ...: out[k], cnt[k] get program k's
 * instructions (caller frees): WHAT "xlated-insns" is the kernel's view of the
 * loaded program, "insns" what libbpf handed to the kernel. 0, or -1 with
 * the output in err. */
static const char *ref_btf_path; /* REF_LOADER_BTF for the next runs */

static int ref_insns(const char *obj, const char *what, const char *const *progs, int n,
		     struct bpf_insn **out, size_t *cnt, char *err, size_t errsz)
{
	char cmd[4096], line[256];
	size_t len;
	int k = -1, status;
	FILE *f;

	len = snprintf(cmd, sizeof(cmd), "%s%s%s%s %s", ref_btf_path ? "REF_LOADER_BTF=" : "",
		       ref_btf_path ? ref_btf_path : "", ref_btf_path ? " " : "",
		       test_build_path("tests/ref-loader"),
		       test_obj_path(obj));
	for (int j = 0; j < n && len < sizeof(cmd); j++)
		len += snprintf(cmd + len, sizeof(cmd) - len, " %s %s", what, progs[j]);
	if (len + 6 >= sizeof(cmd))
		return -1;
	strcat(cmd, " 2>&1");
	memset(out, 0, n * sizeof(*out));
	err[0] = 0;
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned int i, code, dst, src;
		size_t m;
		int off, imm;

		if (!strncmp(line, what, strlen(what)) && line[strlen(what)] == ' ' &&
		    sscanf(line + strlen(what), " %zu", &m) == 1 && k + 1 < n) {
			k++;
			cnt[k] = m;
			out[k] = calloc(m ? m : 1, sizeof(**out));
		} else if (sscanf(line, "insn %u %u %u %u %d %d", &i, &code, &dst, &src, &off,
				  &imm) == 6 && k >= 0 && out[k] && i < cnt[k]) {
			out[k][i] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
						       .off = off, .imm = imm };
		} else if (strlen(err) + strlen(line) < errsz) {
			strcat(err, line);
		}
	}
	status = pclose(f);
	if (status == 0 && k == n - 1)
		return 0;
	for (int j = 0; j < n; j++)
		free(out[j]);
	return -1;
}

/* Compare our patched programs of obj with libbpf's (see ref_insns() for
 * what) at every relocated slot; programs whose length differs (dead code
 * removed by the verifier) are only counted in *skipped. Returns the
 * number of slots compared. */
static int diff_object(const char *obj, const char *what, const char *const *progs, int n,
		       const struct btf *vm, int *skipped)
{
	struct bpf_insn *ref[32];
	size_t rcnt[32];
	char err[2048];
	struct obj_ctx o;
	int compared = 0;

	ASSERT_LE(n, 32);
	if (ref_insns(obj, what, progs, n, ref, rcnt, err, sizeof(err))) {
		if (strstr(err, "Operation not permitted"))
			test_skip(true, "ref-loader can't load %s: %s", obj, err);
		test_fail(__FILE__, __LINE__, "ref-loader %s: %s", obj, err);
		test_abort();
	}
	obj_open(obj, &o);
	for (int k = 0; k < n; k++) {
		int idx[64], nr;
		size_t cnt;
		struct bpf_insn *ours = apply_prog(&o, progs[k], vm, &cnt, idx, &nr);

		CHECK(ours != NULL, "%s: our relocation failed", progs[k]);
		if (ours && rcnt[k] != cnt)
			(*skipped)++;
		for (int j = 0; ours && j < nr && rcnt[k] == cnt; j++) {
			const struct bpf_insn *a = &ours[idx[j]], *b = &ref[k][idx[j]];
			bool ld64 = a->code == (BPF_LD | BPF_IMM | BPF_DW);

			CHECK(a->code == b->code && a->off == b->off && a->imm == b->imm &&
			      (!ld64 || ours[idx[j] + 1].imm == ref[k][idx[j] + 1].imm),
			      "%s insn #%d: ours code 0x%x off %d imm %d, libbpf 0x%x %d %d",
			      progs[k], idx[j], a->code, a->off, a->imm, b->code, b->off, b->imm);
			compared++;
		}
		free(ours);
		free(ref[k]);
	}
	obj_close(&o);
	return compared;
}

KTEST(core_vs_libbpf)
{
	static const char *const progs[] = { "core_reads", "core_queries", "core_flavor",
					     "core_direct" };
	static const char *const hdr[] = {
		"core_len", "core_chain", "core_str", "core_bitfield", "core_bitfield_rw",
		"core_field_exists", "core_field_size", "core_field_offset",
		"core_field_offset_dev", "core_field_signed", "core_type_exists",
		"core_type_size", "core_type_id", "core_type_id_local", "core_enum_value",
		"core_enum_exists",
	};
	struct btf *vm = load_vmlinux();
	int skipped = 0, n;

	/* what libbpf handed to the kernel: every program, every slot,
	 * poisoned ones included */
	n = diff_object("core_relo", "insns", progs, ARRAY_SIZE(progs), vm, &skipped);
	n += diff_object("hdr_core", "insns", hdr, ARRAY_SIZE(hdr), vm, &skipped);
	CHECK_EQ(skipped, 0);
	CHECK_GE(n, 80);
	test_log("libbpf insns: %d relocated slots compared\n", n);
	/* the kernel's view; core_reads/core_queries have no dead code */
	n = diff_object("core_relo", "xlated-insns", progs, 2, vm, &skipped);
	CHECK_EQ(skipped, 0);
	CHECK_GE(n, 25);
	n = diff_object("hdr_core", "xlated-insns", hdr, ARRAY_SIZE(hdr), vm, &skipped);
	test_log("xlated: %d hdr_core slots compared, %d programs changed length\n", n, skipped);
	CHECK_GE(n, 10);
	btf__free(vm);
}

/*
 * The target of core_custom.bpf.c: every struct cs field moved, nested in
 * anonymous members or resized, bitfields in other units, enum values
 * changed, one enumerator and one flavor field missing.
 */
static struct btf *build_custom_target(void)
{
	struct btf *b = btf__new_empty();
	int i, u, lg, sc, in, arr, un, an, cs;

	if (!b)
		return NULL;
	i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	u = btf__add_int(b, "unsigned int", 4, 0);
	lg = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	sc = btf__add_int(b, "signed char", 1, BTF_INT_SIGNED);
	in = btf__add_struct(b, "cs_inner", 8);
	btf__add_field(b, "y", i, 0, 0);
	btf__add_field(b, "x", i, 32, 0);
	arr = btf__add_array(b, i, i, 8);
	un = btf__add_union(b, NULL, 8);
	btf__add_field(b, "u2", lg, 0, 0);
	btf__add_field(b, "u1", i, 0, 0);
	an = btf__add_struct(b, NULL, 16);
	btf__add_field(b, "pad", sc, 0, 0);
	btf__add_field(b, NULL, un, 64, 0);
	cs = btf__add_struct(b, "cs", 80);
	btf__add_field(b, "in", in, 0, 0);
	btf__add_field(b, "arr", arr, 64, 0);
	btf__add_field(b, "a", i, 320, 0);
	btf__add_field(b, "bf1", u, 352, 3);
	btf__add_field(b, "bf2", i, 410, 9);
	btf__add_field(b, "c", sc, 424, 0);
	btf__add_field(b, "l", lg, 448, 0);
	btf__add_field(b, NULL, an, 512, 0);
	btf__add_typedef(b, "cs_t", cs);
	btf__add_enum(b, "ce", 4);
	btf__add_enum_value(b, "CE_C", 30);
	btf__add_enum_value(b, "CE_A", -1);
	return b;
}

KTEST(core_vs_libbpf_custom_target)
{
	static const char *const progs[] = { "custom_fields", "custom_types" };
	struct btf *built = build_custom_target(), *targ;
	char path[64];
	const void *raw;
	__u32 raw_sz;
	int skipped = 0, n, fd;

	ASSERT_PTR(built);
	raw = btf__raw_data(built, &raw_sz);
	ASSERT_PTR(raw);
	/* ours relocates against the same bytes libbpf reads */
	targ = btf__new(raw, raw_sz);
	ASSERT_PTR(targ);
	/* an inherited memfd: nothing left on disk whatever happens */
	fd = memfd_create("bpfkit-core-btf", 0);
	ASSERT_GE(fd, 0);
	if (write(fd, raw, raw_sz) != (ssize_t)raw_sz) {
		close(fd);
		ASSERT(false, "write btf");
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ref_btf_path = path;
	n = diff_object("core_custom", "insns", progs, ARRAY_SIZE(progs), targ, &skipped);
	ref_btf_path = NULL;
	close(fd);
	CHECK_EQ(skipped, 0);
	CHECK_GE(n, 40);
	test_log("custom target: %d relocated slots compared\n", n);
	btf__free(targ);
	btf__free(built);
}
