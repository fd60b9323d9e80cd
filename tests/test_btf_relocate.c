// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf__distill_base() and btf__relocate(): a split BTF built on the running
 * kernel's BTF is distilled, checked against the original, then relocated
 * back onto vmlinux and must point at the very same vmlinux ids. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "btf_helpers.h"
#include <unistd.h>

#include "test.h"

static struct btf *need_vmlinux(void)
{
	struct btf *vm;

	/* skip only when the kernel has no BTF file; a parse failure of an
	 * existing one is our bug */
	if (access(VMLINUX, R_OK))
		test_skip(true, "no %s", VMLINUX);
	vm = vmlinux_btf();
	ASSERT_PTR(vm);
	return vm;
}

static __s32 vm_id(const struct btf *vm, const char *name, __u32 kind)
{
	__s32 id = btf__find_by_name_kind(vm, name, kind);

	ASSERT_GT(id, 0); /* every kernel has the types these tests use */
	return id;
}

/* struct mod_state {
 *	struct task_struct *task;   pointer to a named base struct
 *	struct list_head node;      base struct held by value (size matters)
 *	u32 flags;                  base typedef: copied into the split BTF
 *	enum pid_type kind;         base enum
 *	int arr[4];                 base int through a split array
 * };
 * plus a function taking a pointer to it. */
static struct btf *build_split(struct btf *vm)
{
	struct btf *s = btf__new_empty_split(vm);
	int task = vm_id(vm, "task_struct", BTF_KIND_STRUCT);
	int lh = vm_id(vm, "list_head", BTF_KIND_STRUCT);
	int u32t = vm_id(vm, "u32", BTF_KIND_TYPEDEF);
	int pidt = vm_id(vm, "pid_type", BTF_KIND_ENUM);
	int intt = vm_id(vm, "int", BTF_KIND_INT);
	int ptr, arr, st, proto, lhsz;

	if (!s)
		return NULL;
	lhsz = btf__resolve_size(vm, lh);
	ptr = btf__add_ptr(s, task);
	arr = btf__add_array(s, intt, intt, 4);
	st = btf__add_struct(s, "mod_state", 8 + lhsz + 4 + 4 + 16);
	btf__add_field(s, "task", ptr, 0, 0);
	btf__add_field(s, "node", lh, 64, 0);
	btf__add_field(s, "flags", u32t, (8 + lhsz) * 8, 0);
	btf__add_field(s, "kind", pidt, (8 + lhsz + 4) * 8, 0);
	btf__add_field(s, "arr", arr, (8 + lhsz + 8) * 8, 0);
	ptr = btf__add_ptr(s, st);
	proto = btf__add_func_proto(s, intt);
	btf__add_func_param(s, "st", ptr);
	btf__add_func(s, "mod_fn", BTF_FUNC_GLOBAL, proto);
	return s;
}

/* Do a (in btf a) and b (in btf b) describe the same type? Base ids of
 * vm must be equal; other types are compared by kind, name, size and
 * what they refer to. */
static bool same_type(const struct btf *a, __u32 ia, const struct btf *b, __u32 ib,
		      const struct btf *vm, int depth)
{
	const struct btf_type *ta, *tb;
	__u32 nvm = btf__type_cnt(vm);

	if (ia < nvm && ib < nvm)
		return ia == ib;
	if (depth > 8)
		return true;
	ta = btf__type_by_id(a, ia);
	tb = btf__type_by_id(b, ib);
	if (!ta || !tb || btf_kind(ta) != btf_kind(tb) || btf_vlen(ta) != btf_vlen(tb))
		return false;
	if (strcmp(btf__name_by_offset(a, ta->name_off), btf__name_by_offset(b, tb->name_off)))
		return false;
	switch (btf_kind(ta)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (ta->size != tb->size)
			return false;
		for (int i = 0; i < btf_vlen(ta); i++)
			if (btf_members(ta)[i].offset != btf_members(tb)[i].offset ||
			    !same_type(a, btf_members(ta)[i].type, b, btf_members(tb)[i].type, vm,
				       depth + 1))
				return false;
		return true;
	case BTF_KIND_ARRAY:
		return btf_array(ta)->nelems == btf_array(tb)->nelems &&
		       same_type(a, btf_array(ta)->type, b, btf_array(tb)->type, vm, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		for (int i = 0; i < btf_vlen(ta); i++)
			if (!same_type(a, btf_params(ta)[i].type, b, btf_params(tb)[i].type, vm,
				       depth + 1))
				return false;
		return same_type(a, ta->type, b, tb->type, vm, depth + 1);
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
		return same_type(a, ta->type, b, tb->type, vm, depth + 1);
	default:
		return ta->size == tb->size;
	}
}

/* Distilled shapes: resolve each member of mod_state in the new pair. */
static void check_distilled(const struct btf *vm, const struct btf *nb, const struct btf *ns)
{
	const struct btf_type *t, *m;
	__s32 id;

	/* a handful of types, not the kernel's ~100k */
	ASSERT_LT(btf__type_cnt(nb), 16);
	ASSERT_GT(btf__type_cnt(nb), 3);
	for (__u32 i = 1; i < btf__type_cnt(nb); i++) {
		t = btf__type_by_id(nb, i);
		ASSERT(t->name_off, "distilled type %u is named", i);
		ASSERT(btf_is_int(t) || btf_is_float(t) || btf_is_composite(t) ||
			       btf_is_any_enum(t) || btf_is_fwd(t),
		       "distilled type %u kind %u", i, btf_kind(t));
		if (btf_is_composite(t) || btf_is_any_enum(t))
			ASSERT_EQ(btf_vlen(t), 0);
	}
	id = btf__find_by_name_kind(nb, "task_struct", BTF_KIND_STRUCT);
	ASSERT_GT(id, 0);
	ASSERT_EQ(btf__type_by_id(nb, id)->size,
		  btf__resolve_size(vm, btf__find_by_name_kind(vm, "task_struct", BTF_KIND_STRUCT)));
	ASSERT_EQ(btf__find_by_name_kind(nb, "u32", BTF_KIND_TYPEDEF), -ENOENT);
	ASSERT(btf__base_btf(ns) == nb, "split points at the distilled base");

	id = btf__find_by_name_kind(ns, "mod_state", BTF_KIND_STRUCT);
	ASSERT_GT(id, 0);
	t = btf__type_by_id(ns, id);
	ASSERT_EQ(btf_vlen(t), 5);
	/* task: PTR -> STRUCT task_struct of the distilled base */
	m = btf__type_by_id(ns, btf_members(t)[0].type);
	ASSERT(btf_is_ptr(m), "task is a pointer");
	ASSERT_STREQ(btf__name_by_offset(ns, btf__type_by_id(ns, m->type)->name_off), "task_struct");
	ASSERT_LT(m->type, btf__type_cnt(nb));
	/* node: list_head by value, same size */
	ASSERT_LT(btf_members(t)[1].type, btf__type_cnt(nb));
	ASSERT_EQ(btf__resolve_size(ns, btf_members(t)[1].type), 16);
	/* flags: typedef u32 now lives in the split BTF, down to a 4-byte int */
	m = btf__type_by_id(ns, btf_members(t)[2].type);
	ASSERT_GE(btf_members(t)[2].type, btf__type_cnt(nb));
	ASSERT(btf_is_typedef(m), "flags is a typedef");
	ASSERT_STREQ(btf__name_by_offset(ns, m->name_off), "u32");
	ASSERT_EQ(btf__resolve_size(ns, btf_members(t)[2].type), 4);
	ASSERT(btf_is_int(btf__type_by_id(ns, btf__resolve_type(ns, m->type))), "u32 is an int");
	/* kind: enum of the distilled base, size kept */
	m = btf__type_by_id(ns, btf_members(t)[3].type);
	ASSERT(btf_is_enum(m), "kind is an enum");
	ASSERT_EQ(m->size, 4);
	ASSERT_EQ(btf__resolve_size(ns, id), t->size);
	ASSERT_GT(btf__find_by_name_kind(ns, "mod_fn", BTF_KIND_FUNC), 0);
}

TEST(btf_distill_relocate_vmlinux)
{
	struct btf *vm = need_vmlinux(), *src, *nb = NULL, *ns = NULL;
	__u32 n_src, n_ns, first_src;

	src = build_split(vm);
	ASSERT_PTR(src);
	ASSERT_OK(btf__distill_base(src, &nb, &ns));
	ASSERT_PTR(nb);
	ASSERT_PTR(ns);
	check_distilled(vm, nb, ns);
	/* what we emit parses back */
	{
		__u32 sz;
		const void *raw = btf__raw_data(ns, &sz);
		struct btf *again = btf__new_split(raw, sz, nb);

		ASSERT_PTR(again);
		ASSERT_EQ(btf__type_cnt(again), btf__type_cnt(ns));
		btf__free(again);
	}

	ASSERT_OK(btf__relocate(ns, vm));
	ASSERT(btf__base_btf(ns) == vm, "relocated onto vmlinux");
	btf__free(nb); /* no longer referenced */
	/* src's own types come last, in order: compare them one by one */
	n_src = btf__type_cnt(src) - btf__type_cnt(vm);
	n_ns = btf__type_cnt(ns) - btf__type_cnt(vm);
	ASSERT_GE(n_ns, n_src);
	first_src = btf__type_cnt(ns) - n_src;
	for (__u32 i = 0; i < n_src; i++)
		ASSERT(same_type(src, btf__type_cnt(vm) + i, ns, first_src + i, vm, 0),
		       "split type %u differs after relocation", i);
	/* the members held directly point at the same vmlinux ids */
	{
		__s32 a = btf__find_by_name_kind(src, "mod_state", BTF_KIND_STRUCT);
		__s32 b = btf__find_by_name_kind(ns, "mod_state", BTF_KIND_STRUCT);
		const struct btf_type *ta = btf__type_by_id(src, a), *tb = btf__type_by_id(ns, b);

		ASSERT_EQ(btf_members(tb)[1].type, btf_members(ta)[1].type);
		ASSERT_EQ(btf_members(tb)[3].type, btf_members(ta)[3].type);
		ASSERT_EQ(btf__type_by_id(ns, btf_members(tb)[0].type)->type,
			  btf__type_by_id(src, btf_members(ta)[0].type)->type);
		ASSERT_EQ(btf__resolve_size(ns, b), btf__resolve_size(src, a));
	}
	/* and it still serializes and parses on vmlinux */
	{
		__u32 sz;
		const void *raw = btf__raw_data(ns, &sz);
		struct btf *again = btf__new_split(raw, sz, vm);

		ASSERT_PTR(again);
		btf__free(again);
	}
	btf__free(ns);
	btf__free(src);
}

/* A small hand-made base, so every case is known exactly. */
static struct btf *small_base(__u32 pair_size)
{
	struct btf *b = btf__new_empty();

	btf__add_int(b, "int", 4, BTF_INT_SIGNED);      /* 1 */
	btf__add_struct(b, "pair", pair_size);           /* 2 */
	btf__add_field(b, "a", 1, 0, 0);
	btf__add_struct(b, "other", 4);                  /* 3 */
	btf__add_field(b, "x", 1, 0, 0);
	btf__add_ptr(b, 3);                              /* 4 */
	btf__add_fwd(b, "opaque", BTF_FWD_UNION);        /* 5 */
	return b;
}

/* split: struct user { struct pair p; struct other *o; union opaque *q; } */
static struct btf *small_split(struct btf *base)
{
	struct btf *s = btf__new_empty_split(base);
	int q = btf__add_ptr(s, 5);

	btf__add_struct(s, "user", 24);
	btf__add_field(s, "p", 2, 0, 0);
	btf__add_field(s, "o", 4, 64, 0);
	btf__add_field(s, "q", q, 128, 0);
	return s;
}

static char last_log[512];

static int capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vsnprintf(last_log, sizeof(last_log), fmt, ap);
}

TEST(btf_relocate_small)
{
	struct btf *base = small_base(4), *src = small_split(base), *nb, *ns;
	struct btf *other = btf__new_empty(), *fresh;
	const struct btf_type *t;
	__s32 id;

	ASSERT_OK(btf__distill_base(src, &nb, &ns));
	/* pair, other, opaque: the pointer went to the split BTF and int,
	 * only a member of pair, is not referenced any more */
	ASSERT_EQ(btf__type_cnt(nb), 4);
	ASSERT_EQ(btf__find_by_name(nb, "int"), -ENOENT);
	ASSERT(btf_is_fwd(btf__type_by_id(nb, btf__find_by_name(nb, "opaque"))), "fwd kept");
	ASSERT(btf_kflag(btf__type_by_id(nb, btf__find_by_name(nb, "opaque"))), "union fwd");
	ASSERT_EQ(btf__find_by_name_kind(ns, "user", BTF_KIND_STRUCT), 6);

	/* a different base: types moved around, an extra one first */
	btf__add_int(other, "char", 1, BTF_INT_CHAR);   /* 1 */
	btf__add_struct(other, "other", 8);             /* 2: size may differ */
	btf__add_union(other, "opaque", 8);             /* 3: FWD -> UNION */
	btf__add_struct(other, "pair", 4);              /* 4 */
	btf__add_int(other, "int", 4, BTF_INT_SIGNED);  /* 5 */
	ASSERT_OK(btf__relocate(ns, other));
	ASSERT(btf__base_btf(ns) == other, "re-parented");
	id = btf__find_by_name_kind(ns, "user", BTF_KIND_STRUCT);
	ASSERT_GT(id, 5);
	t = btf__type_by_id(ns, id);
	ASSERT_EQ(btf_members(t)[0].type, 4);
	ASSERT_EQ(btf__type_by_id(ns, btf_members(t)[1].type)->type, 2);
	ASSERT_EQ(btf__type_by_id(ns, btf_members(t)[2].type)->type, 3);
	ASSERT_STREQ(btf__name_by_offset(ns, t->name_off), "user");
	btf__free(ns);
	btf__free(nb);

	/* embedded pair with another size: refused, btf left as it was */
	ASSERT_OK(btf__distill_base(src, &nb, &ns));
	fresh = small_base(8);
	{
		libbpf_print_fn_t old = libbpf_set_print(capture);

		ASSERT_ERR(btf__relocate(ns, fresh), EINVAL);
		libbpf_set_print(old);
	}
	ASSERT(strstr(last_log, "pair"), "log names the type: %s", last_log);
	ASSERT(btf__base_btf(ns) == nb, "unchanged on failure");
	ASSERT_EQ(btf__find_by_name_kind(ns, "user", BTF_KIND_STRUCT), 6);
	btf__free(fresh);
	btf__free(ns);
	btf__free(nb);
	btf__free(other);
	btf__free(src);
	btf__free(base);
}

TEST(btf_distill_relocate_errors)
{
	struct btf *base = small_base(4), *src = small_split(base), *nb, *ns;
	struct btf *empty = btf__new_empty(), *a = (struct btf *)1, *b = (struct btf *)1;
	libbpf_print_fn_t old = libbpf_set_print(capture);

	/* not split */
	ASSERT_ERR(btf__distill_base(base, &a, &b), EINVAL);
	ASSERT(a == NULL && b == NULL, "outputs cleared");
	ASSERT_ERR(btf__relocate(base, empty), EINVAL);
	ASSERT_ERR(btf__relocate(src, NULL), EINVAL);
	/* base lacking a type */
	ASSERT_OK(btf__distill_base(src, &nb, &ns));
	ASSERT_ERR(btf__relocate(ns, empty), EINVAL);
	ASSERT(strstr(last_log, "no base type matches"), "log: %s", last_log);
	/* src's base is not distilled: it has a pointer */
	ASSERT_ERR(btf__relocate(src, empty), EINVAL);
	libbpf_set_print(old);
	btf__free(ns);
	btf__free(nb);
	btf__free(empty);
	btf__free(src);
	btf__free(base);
}

static int write_raw(const char *path, const struct btf *btf)
{
	__u32 size;
	const void *raw = btf__raw_data(btf, &size);
	FILE *f = fopen(path, "we");
	int ok;

	if (!raw || !f)
		return -1;
	ok = fwrite(raw, 1, size, f) == size;
	return fclose(f) || !ok ? -1 : 0;
}

/* An object with .BTF split on a distilled .BTF.base (what out-of-tree
 * kernel modules carry): parsed alone it keeps the distilled base, parsed
 * on a base it is relocated onto it. */
TEST(btf_parse_elf_btf_base)
{
	struct btf *base = small_base(4), *src = small_split(base), *nb, *ns, *btf, *other;
	char dir[] = "/tmp/bpfkit-btfbase-XXXXXX", cmd[1024], obj[128], p1[128], p2[128];
	const struct btf_type *t;
	__s32 id;

	ASSERT_OK(btf__distill_base(src, &nb, &ns));
	ASSERT_PTR(mkdtemp(dir));
	snprintf(p1, sizeof(p1), "%s/split.raw", dir);
	snprintf(p2, sizeof(p2), "%s/base.raw", dir);
	snprintf(obj, sizeof(obj), "%s/mod.o", dir);
	ASSERT_OK(write_raw(p1, ns));
	ASSERT_OK(write_raw(p2, nb));
	snprintf(cmd, sizeof(cmd),
		 "echo 'int x;' | clang -target bpf -c -x c - -o %s && "
		 "llvm-objcopy --add-section .BTF=%s --add-section .BTF.base=%s %s",
		 obj, p1, p2, obj);
	if (system(cmd))
		test_skip(true, "clang/llvm-objcopy failed");

	btf = btf__parse_elf(obj, NULL);
	ASSERT_PTR(btf);
	ASSERT_PTR(btf__base_btf(btf));
	ASSERT_EQ(btf__type_cnt(btf__base_btf(btf)), btf__type_cnt(nb));
	ASSERT_EQ(btf__find_by_name_kind(btf, "user", BTF_KIND_STRUCT), 6);
	btf__free(btf); /* frees the distilled base with it */

	other = btf__new_empty();
	btf__add_struct(other, "opaque", 0);    /* 1: wrong kind for a union fwd */
	btf__add_union(other, "opaque", 8);     /* 2 */
	btf__add_struct(other, "other", 4);     /* 3 */
	btf__add_struct(other, "pair", 4);      /* 4 */
	btf = btf__parse_split(obj, other);
	ASSERT_PTR(btf);
	ASSERT(btf__base_btf(btf) == other, "relocated onto the given base");
	id = btf__find_by_name_kind(btf, "user", BTF_KIND_STRUCT);
	ASSERT_GT(id, 4);
	t = btf__type_by_id(btf, id);
	ASSERT_EQ(btf_members(t)[0].type, 4);
	ASSERT_EQ(btf__type_by_id(btf, btf_members(t)[1].type)->type, 3);
	ASSERT_EQ(btf__type_by_id(btf, btf_members(t)[2].type)->type, 2);
	btf__free(btf);
	btf__free(other);

	other = small_base(8); /* pair held by value with another size */
	{
		libbpf_print_fn_t old = libbpf_set_print(NULL);

		btf = btf__parse_split(obj, other);
		libbpf_set_print(old);
	}
	ASSERT(!btf && errno == EINVAL, "mismatching base refused (errno %d)", errno);
	btf__free(other);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ASSERT_EQ(system(cmd), 0);
	btf__free(ns);
	btf__free(nb);
	btf__free(src);
	btf__free(base);
}
