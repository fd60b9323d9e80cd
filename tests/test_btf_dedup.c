// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf__dedup(): merging identical (also recursive) types, string cleanup,
 * split BTF onto its base, .BTF.ext remapping, vmlinux idempotence. */
#include <stdio.h>

#include "btf_ext.h"
#include "btf_helpers.h"
#include "test.h"

static const char *tname(const struct btf *btf, __u32 id)
{
	return btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
}

/* Two copies of a recursive list type plus near-misses that must stay. */
TEST(btf_dedup_recursive)
{
	struct btf *btf = btf__new_empty();
	const struct btf_type *t;

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_struct(btf, "list", 16), 2);
	ASSERT_OK(btf__add_field(btf, "next", 3, 0, 0));
	ASSERT_OK(btf__add_field(btf, "v", 1, 64, 0));
	ASSERT_EQ(btf__add_ptr(btf, 2), 3);
	/* identical copy */
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 4);
	ASSERT_EQ(btf__add_struct(btf, "list", 16), 5);
	ASSERT_OK(btf__add_field(btf, "next", 6, 0, 0));
	ASSERT_OK(btf__add_field(btf, "v", 4, 64, 0));
	ASSERT_EQ(btf__add_ptr(btf, 5), 6);
	/* same shape, other member name: different type */
	ASSERT_EQ(btf__add_struct(btf, "list", 16), 7);
	ASSERT_OK(btf__add_field(btf, "next", 8, 0, 0));
	ASSERT_OK(btf__add_field(btf, "w", 1, 64, 0));
	ASSERT_EQ(btf__add_ptr(btf, 7), 8);
	ASSERT_EQ(btf__add_typedef(btf, "lt", 5), 9);
	ASSERT_EQ(btf__add_typedef(btf, "lt", 2), 10);
	ASSERT_EQ(btf__add_fwd(btf, "list", BTF_FWD_STRUCT), 11);
	ASSERT_EQ(btf__add_var(btf, "x", BTF_VAR_STATIC, 5), 12);
	ASSERT_EQ(btf__add_var(btf, "x", BTF_VAR_STATIC, 2), 13);

	ASSERT_OK(btf__dedup(btf, NULL));
	ASSERT_EQ(btf__type_cnt(btf), 10);
	ASSERT(btf_is_int(btf__type_by_id(btf, 1)), "int");
	t = btf__type_by_id(btf, 2);
	ASSERT(btf_is_struct(t) && btf_vlen(t) == 2, "list");
	ASSERT_EQ(btf_members(t)[0].type, 3);
	ASSERT_EQ(btf_members(t)[1].type, 1);
	ASSERT_EQ(btf__type_by_id(btf, 3)->type, 2);
	t = btf__type_by_id(btf, 4);
	ASSERT_STREQ(btf__name_by_offset(btf, btf_members(t)[1].name_off), "w");
	ASSERT_EQ(btf_members(t)[0].type, 5);
	ASSERT_EQ(btf__type_by_id(btf, 5)->type, 4);
	ASSERT_STREQ(tname(btf, 6), "lt");
	ASSERT_EQ(btf__type_by_id(btf, 6)->type, 2);
	ASSERT(btf_is_fwd(btf__type_by_id(btf, 7)), "fwd kept");
	/* VARs are never merged, but point at the merged struct. */
	ASSERT(btf_is_var(btf__type_by_id(btf, 8)) && btf_is_var(btf__type_by_id(btf, 9)),
	       "both vars");
	ASSERT_EQ(btf__type_by_id(btf, 8)->type, 2);
	ASSERT_EQ(btf__type_by_id(btf, 9)->type, 2);
	ASSERT_EQ(btf__find_by_name_kind(btf, "lt", BTF_KIND_TYPEDEF), 6);
	/* Deduplicating again changes nothing; the result round-trips. */
	ASSERT_OK(btf__dedup(btf, NULL));
	ASSERT_EQ(btf__type_cnt(btf), 10);
	btf__free(btf);
}

TEST(btf_dedup_strings)
{
	struct raw_btf rb;
	struct btf *btf;
	const struct btf_header *h;
	__u32 sz, a1, a2;

	/* "abc" stored twice, plus a string nothing uses. */
	rb_init(&rb);
	a1 = rb_str(&rb, "abc");
	rb_str(&rb, "unused_string_here");
	a2 = rb_str(&rb, "abc");
	rb_t(&rb, a1, BTF_KIND_INT, 0, 0, 4);
	rb_w(&rb, 32);
	rb_t(&rb, a2, BTF_KIND_TYPEDEF, 0, 0, 1);
	rb_blob(&rb);
	btf = btf__new(rb.out, rb.out_len);
	ASSERT_PTR(btf);
	ASSERT_OK(btf__dedup(btf, NULL));
	h = btf__raw_data(btf, &sz);
	ASSERT_PTR(h);
	ASSERT_EQ(h->str_len, 5); /* "" and "abc" */
	ASSERT_EQ(btf__type_by_id(btf, 1)->name_off, btf__type_by_id(btf, 2)->name_off);
	ASSERT_STREQ(tname(btf, 2), "abc");
	ASSERT_EQ(btf__type_cnt(btf), 3);
	btf__free(btf);
}

TEST(btf_dedup_split_onto_base)
{
	struct btf *base = btf__new_empty(), *split;
	__u32 n;

	ASSERT_PTR(base);
	ASSERT_EQ(btf__add_int(base, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_ptr(base, 1), 2);
	split = btf__new_empty_split(base);
	ASSERT_PTR(split);
	ASSERT_EQ(btf__add_int(split, "int", 4, BTF_INT_SIGNED), 3); /* = base 1 */
	ASSERT_EQ(btf__add_ptr(split, 3), 4);                         /* = base 2 */
	ASSERT_EQ(btf__add_struct(split, "s", 8), 5);
	ASSERT_OK(btf__add_field(split, "p", 4, 0, 0));
	ASSERT_OK(btf__dedup(split, NULL));
	n = btf__type_cnt(split);
	ASSERT_EQ(n, 4); /* only the struct is left, as id 3 */
	ASSERT(btf_is_struct(btf__type_by_id(split, 3)), "struct");
	ASSERT_EQ(btf_members(btf__type_by_id(split, 3))[0].type, 2);
	ASSERT_STREQ(tname(split, 3), "s");
	ASSERT_EQ(btf__type_cnt(base), 3); /* base untouched */
	btf__free(split);
	btf__free(base);
}

/* func_info and CO-RE records follow their types and strings. */
TEST(btf_dedup_ext_remap)
{
	struct btf *btf = btf__new_empty();
	struct btf_ext *ext;
	LIBBPF_OPTS(btf_dedup_opts, opts);
	const struct btf_ext_info *fi, *cr;
	const struct bpf_func_info *f;
	const struct bpf_core_relo *r;
	const struct bpf_line_info *l;
	__u32 w[64], n = 0, sec, file, acc, fi_off, li_off, cr_off;

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_func_proto(btf, 1), 2);
	ASSERT_EQ(btf__add_func(btf, "f", BTF_FUNC_GLOBAL, 2), 3);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 4);
	ASSERT_EQ(btf__add_func_proto(btf, 4), 5);
	ASSERT_EQ(btf__add_func(btf, "g", BTF_FUNC_GLOBAL, 5), 6);
	ASSERT_EQ(btf__add_struct(btf, "t", 4), 7);
	ASSERT_OK(btf__add_field(btf, "m", 4, 0, 0));
	sec = btf__add_str(btf, "socket");
	file = btf__add_str(btf, "file.c");
	acc = btf__add_str(btf, "0:0");

	/* header, func_info {2 recs}, line_info {1}, core_relo {1} */
	w[n++] = BTF_MAGIC | (1 << 16);
	w[n++] = 32;
	n = 8;
	fi_off = n;
	w[n++] = 8, w[n++] = sec, w[n++] = 2;
	w[n++] = 0, w[n++] = 3, w[n++] = 16, w[n++] = 6;
	li_off = n;
	w[n++] = 16, w[n++] = sec, w[n++] = 1;
	w[n++] = 0, w[n++] = file, w[n++] = file, w[n++] = 1 << 10;
	cr_off = n;
	w[n++] = 16, w[n++] = sec, w[n++] = 1;
	w[n++] = 8, w[n++] = 7, w[n++] = acc, w[n++] = BPF_CORE_FIELD_BYTE_OFFSET;
	w[2] = (fi_off - 8) * 4, w[3] = (li_off - fi_off) * 4;
	w[4] = (li_off - 8) * 4, w[5] = (cr_off - li_off) * 4;
	w[6] = (cr_off - 8) * 4, w[7] = (n - cr_off) * 4;
	ext = btf_ext__new((const __u8 *)w, n * 4);
	ASSERT_PTR(ext);
	ASSERT_EQ(btf_ext_check(ext, btf), 0);

	opts.btf_ext = ext;
	ASSERT_OK(btf__dedup(btf, &opts));
	/* int and proto merged: f=3, g=4, t=5 */
	ASSERT_EQ(btf__type_cnt(btf), 6);
	ASSERT_EQ(btf_ext_check(ext, btf), 0);
	fi = btf_ext_info(ext, BTF_EXT_FUNC_INFO);
	f = fi->secs[0].data;
	ASSERT_STREQ(btf_ext_sec_name(btf, &fi->secs[0]), "socket");
	ASSERT_STREQ(tname(btf, f[0].type_id), "f");
	ASSERT_STREQ(tname(btf, f[1].type_id), "g");
	ASSERT_EQ(f[1].type_id, 4);
	l = btf_ext_info(ext, BTF_EXT_LINE_INFO)->secs[0].data;
	ASSERT_STREQ(btf__name_by_offset(btf, l->file_name_off), "file.c");
	cr = btf_ext_info(ext, BTF_EXT_CORE_RELO);
	r = cr->secs[0].data;
	ASSERT_EQ(r->type_id, 5);
	ASSERT_STREQ(tname(btf, r->type_id), "t");
	ASSERT_STREQ(btf__name_by_offset(btf, r->access_str_off), "0:0");
	/* The raw .BTF.ext reflects the rewrite. */
	ASSERT_PTR(btf_ext__raw_data(ext, &n));
	btf_ext__free(ext);
	btf__free(btf);
}

/* vmlinux is already deduplicated: the type count and every type stay. */
TEST(btf_dedup_vmlinux_idempotent)
{
	struct btf *orig, *btf;
	__u32 id;

	if (access(VMLINUX, R_OK))
		test_skip(true, "%s not readable", VMLINUX);
	orig = btf__parse_raw(VMLINUX);
	btf = btf__parse_raw(VMLINUX);
	ASSERT_PTR(orig);
	ASSERT_PTR(btf);
	ASSERT_OK(btf__dedup(btf, NULL));
	ASSERT_EQ(btf__type_cnt(btf), btf__type_cnt(orig));
	for (id = 1; id < btf__type_cnt(btf); id += 7) {
		const struct btf_type *a = btf__type_by_id(orig, id), *b = btf__type_by_id(btf, id);

		ASSERT_EQ(a->info, b->info);
		ASSERT_EQ(a->size, b->size);
		ASSERT_STREQ(tname(orig, id), tname(btf, id));
	}
	/* Twice the same types collapse back (VARs and DATASECs excepted). */
	ASSERT_OK(btf__add_btf(btf, orig));
	ASSERT_OK(btf__dedup(btf, NULL));
	ASSERT_LT(btf__type_cnt(btf), btf__type_cnt(orig) + 2000);
	ASSERT_EQ(btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT),
		  btf__find_by_name_kind(orig, "task_struct", BTF_KIND_STRUCT));
	btf__free(btf);
	btf__free(orig);
}

TEST(btf_dedup_bad_opts)
{
	struct btf *btf = btf__new_empty();
	struct {
		struct btf_dedup_opts o;
		long extra;
	} big = { .o.sz = sizeof(big), .extra = 1 };
	libbpf_print_fn_t old;

	ASSERT_PTR(btf);
	old = libbpf_set_print(NULL);
	ASSERT_ERR(btf__dedup(btf, &big.o), EINVAL);
	libbpf_set_print(old);
	ASSERT_OK(btf__dedup(btf, NULL));
	ASSERT_EQ(btf__type_cnt(btf), 1);
	btf__free(btf);
}

/* A FWD with a unique definition becomes it; pointers then merge. An
 * ambiguous or missing definition keeps the FWD. */
TEST(btf_dedup_resolves_fwd)
{
	struct btf *btf = btf__new_empty();
	const struct btf_type *t;
	__u32 id, fwds = 0, ptrs = 0;

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_fwd(btf, "node", BTF_FWD_STRUCT), 1);
	ASSERT_EQ(btf__add_ptr(btf, 1), 2);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 3);
	ASSERT_EQ(btf__add_struct(btf, "node", 4), 4);
	ASSERT_OK(btf__add_field(btf, "x", 3, 0, 0));
	ASSERT_EQ(btf__add_ptr(btf, 4), 5);
	ASSERT_EQ(btf__add_fwd(btf, "node", BTF_FWD_UNION), 6); /* no union node */
	ASSERT_EQ(btf__add_fwd(btf, "orphan", BTF_FWD_STRUCT), 7);
	ASSERT_EQ(btf__add_union(btf, "u", 4), 8);
	ASSERT_OK(btf__add_field(btf, "a", 3, 0, 0));
	ASSERT_EQ(btf__add_fwd(btf, "u", BTF_FWD_UNION), 9);
	ASSERT_EQ(btf__add_var(btf, "uv", BTF_VAR_STATIC, 9), 10);

	ASSERT_OK(btf__dedup(btf, NULL));
	for (id = 1; id < btf__type_cnt(btf); id++) {
		t = btf__type_by_id(btf, id);
		fwds += btf_is_fwd(t);
		if (btf_is_ptr(t)) {
			ptrs++;
			ASSERT(btf_is_struct(btf__type_by_id(btf, t->type)), "ptr to the struct");
		}
		if (btf_is_var(t))
			ASSERT(btf_is_union(btf__type_by_id(btf, t->type)), "var of the union");
	}
	ASSERT_EQ(ptrs, 1);
	ASSERT_EQ(fwds, 2); /* union 'node' and 'orphan' */
	ASSERT_EQ(btf__type_cnt(btf), 8);
	btf__free(btf);
}

TEST(btf_permute)
{
	struct btf *btf = btf__new_empty(), *base, *split;
	__u32 rev[4] = { 4, 3, 2, 1 }, with_void[5] = { 0, 2, 1, 4, 3 }, bad[4] = { 1, 1, 2, 3 };
	libbpf_print_fn_t old;
	const struct btf_type *t;

	/* [1] int [2] ptr->1 [3] struct s { ptr a } [4] typedef td -> 3 */
	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_ptr(btf, 1), 2);
	ASSERT_EQ(btf__add_struct(btf, "s", 8), 3);
	ASSERT_OK(btf__add_field(btf, "a", 2, 0, 0));
	ASSERT_EQ(btf__add_typedef(btf, "td", 3), 4);

	old = libbpf_set_print(NULL);
	ASSERT_ERR(btf__permute(btf, bad, 4, NULL), EINVAL);
	ASSERT_ERR(btf__permute(btf, rev, 3, NULL), EINVAL);
	bad[0] = 5;
	ASSERT_ERR(btf__permute(btf, bad, 4, NULL), EINVAL);
	ASSERT_ERR(btf__permute(btf, NULL, 4, NULL), EINVAL);
	libbpf_set_print(old);
	ASSERT_STREQ(tname(btf, 4), "td"); /* failed calls changed nothing */

	/* reversed: [1] td -> 2, [2] s { ptr 3 }, [3] ptr -> 4, [4] int */
	ASSERT_OK(btf__permute(btf, rev, 4, NULL));
	ASSERT_STREQ(tname(btf, 1), "td");
	ASSERT_EQ(btf__type_by_id(btf, 1)->type, 2);
	t = btf__type_by_id(btf, 2);
	ASSERT(btf_is_struct(t), "s");
	ASSERT_EQ(btf_members(t)[0].type, 3);
	ASSERT_EQ(btf__type_by_id(btf, 3)->type, 4);
	ASSERT(btf_is_int(btf__type_by_id(btf, 4)), "int last");
	ASSERT_EQ(btf__find_by_name_kind(btf, "s", BTF_KIND_STRUCT), 2);
	ASSERT_EQ(btf__resolve_size(btf, 1), 8);
	/* base form with void in the map: swap pairs */
	ASSERT_OK(btf__permute(btf, with_void, 5, NULL));
	ASSERT_STREQ(tname(btf, 2), "td");
	ASSERT_EQ(btf__type_by_id(btf, 2)->type, 1);
	ASSERT_STREQ(tname(btf, 1), "s");

	/* split: only own types move, base ids stay */
	base = btf;
	split = btf__new_empty_split(base);
	ASSERT_PTR(split);
	ASSERT_EQ(btf__add_ptr(split, 1), 5);
	ASSERT_EQ(btf__add_const(split, 5), 6);
	rev[0] = 6, rev[1] = 5;
	ASSERT_OK(btf__permute(split, rev, 2, NULL));
	ASSERT(btf_is_const(btf__type_by_id(split, 5)), "const first");
	ASSERT_EQ(btf__type_by_id(split, 5)->type, 6);
	ASSERT_EQ(btf__type_by_id(split, 6)->type, 1);
	btf__free(split);
	btf__free(base);
}
