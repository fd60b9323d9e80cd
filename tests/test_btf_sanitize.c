// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF sanitizer: exact substitutions on a hand-built BTF, every test
 * object sanitized with each BTF feature removed in turn (kinds gone, ids
 * kept, result parses and loads into the kernel), and whole objects loaded
 * and run with a forced feature mask.
 */
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "test.h"
#include "features.h"

#ifndef BTF_KIND_ENUM64
#define BTF_KIND_ENUM64 19
#endif

static const enum kern_feature btf_feats[] = {
	FEAT_BTF_FUNC, FEAT_BTF_GLOBAL_FUNC, FEAT_BTF_DATASEC, FEAT_BTF_FLOAT,
	FEAT_BTF_DECL_TAG, FEAT_BTF_TYPE_TAG, FEAT_BTF_ENUM64, FEAT_BTF_QMARK_DATASEC,
};

#define NR_FEATS (sizeof(btf_feats) / sizeof(btf_feats[0]))

/* Does type t use feature f (i.e. must be gone when f is missing)? */
static bool uses_feature(const struct btf *btf, const struct btf_type *t, enum kern_feature f)
{
	const char *name = btf__name_by_offset(btf, t->name_off);

	switch (f) {
	case FEAT_BTF_FUNC:
		return btf_is_func(t) || btf_is_func_proto(t);
	case FEAT_BTF_GLOBAL_FUNC:
		return btf_is_func(t) && btf_vlen(t) != BTF_FUNC_STATIC;
	case FEAT_BTF_DATASEC:
		return btf_is_var(t) || btf_is_datasec(t);
	case FEAT_BTF_FLOAT:
		return btf_is_float(t);
	case FEAT_BTF_DECL_TAG:
		return btf_is_decl_tag(t);
	case FEAT_BTF_TYPE_TAG:
		return btf_is_type_tag(t);
	case FEAT_BTF_ENUM64:
		return btf_kind(t) == BTF_KIND_ENUM64 || (btf_is_enum(t) && btf_kflag(t));
	case FEAT_BTF_QMARK_DATASEC:
		return btf_is_datasec(t) && name && name[0] == '?';
	default:
		return false;
	}
}

/* Paths of every built test object (NULL-terminated, caller frees). */
static char **list_objects(int *cnt)
{
	char dir[4096], *slash, **v = NULL;
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s", test_obj_path("x"));
	slash = strrchr(dir, '/');
	ASSERT_PTR(slash);
	*slash = '\0';
	d = opendir(dir);
	ASSERT_PTR(d);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char path[4400];

		if (l < 6 || strcmp(de->d_name + l - 6, ".bpf.o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		v = realloc(v, (n + 2) * sizeof(*v));
		v[n++] = strdup(path);
		v[n] = NULL;
	}
	closedir(d);
	*cnt = n;
	return v;
}

static void free_list(char **v)
{
	for (int i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Check san against orig for a mask lacking f; returns false on failure. */
static bool check_sanitized(const char *what, const struct btf *orig, const struct btf *san,
			    enum kern_feature f)
{
	__u32 n = btf__type_cnt(orig), m = btf__type_cnt(san);
	const void *raw;
	struct btf *again;
	__u32 sz;
	bool ok = true;

	ok &= CHECK(m == n || (f == FEAT_BTF_ENUM64 && m == n + 1), "%s/%s: %u types, was %u",
		    what, feature_name(f), m, n);
	for (__u32 id = 1; id < m; id++) {
		const struct btf_type *t = btf__type_by_id(san, id);

		ok &= CHECK(!uses_feature(san, t, f), "%s/%s: [%u] still uses it", what,
			    feature_name(f), id);
		if (id >= n)
			continue;
		/* untouched types are byte-identical */
		/* (a decl tag goes with its VAR / FUNC target) */
		if (!uses_feature(orig, btf__type_by_id(orig, id), f) &&
		    !btf_is_decl_tag(btf__type_by_id(orig, id)))
			ok &= CHECK(btf_kind(t) == btf_kind(btf__type_by_id(orig, id)),
				    "%s/%s: [%u] kind changed", what, feature_name(f), id);
	}
	raw = btf__raw_data(san, &sz);
	again = raw ? btf__new(raw, sz) : NULL;
	ok &= CHECK(again != NULL, "%s/%s: sanitized BTF does not parse", what, feature_name(f));
	if (again)
		ok &= CHECK(btf__type_cnt(again) == m, "%s: reparsed count", what);
	btf__free(again);
	return ok;
}

/* Run fn(path, btf) for the BTF of every test object. */
static int for_each_obj_btf(void (*fn)(const char *path, const struct btf *btf))
{
	int cnt, done = 0;
	char **objs = list_objects(&cnt);

	for (int i = 0; i < cnt; i++) {
		/* the BTF an opened object would load: data sections and
		 * externs already fixed up by the loader */
		struct bpf_object *obj = bpf_object__open(objs[i]);
		struct btf *btf = obj ? bpf_object__btf(obj) : NULL;

		if (btf) {
			fn(strrchr(objs[i], '/') + 1, btf);
			done++;
		}
		bpf_object__close(obj);
	}
	free_list(objs);
	return done;
}

static void sanitize_each_bit(const char *name, const struct btf *btf)
{
	for (size_t i = 0; i < NR_FEATS; i++) {
		struct btf *san = btf_sanitize(btf, FEAT_BTF_ALL & ~FEAT_BIT(btf_feats[i]));

		CHECK(san != NULL, "%s/%s: sanitize failed (errno %d)", name,
		      feature_name(btf_feats[i]), errno);
		if (san)
			check_sanitized(name, btf, san, btf_feats[i]);
		btf__free(san);
	}
	/* nothing supported but basic BTF: every rewrite at once */
	{
		struct btf *san = btf_sanitize(btf, FEAT_BIT(FEAT_BTF));

		CHECK(san != NULL, "%s: sanitize all failed", name);
		for (size_t i = 0; san && i < NR_FEATS; i++)
			for (__u32 id = 1; id < btf__type_cnt(san); id++)
				CHECK(!uses_feature(san, btf__type_by_id(san, id), btf_feats[i]),
				      "%s: [%u] uses %s", name, id, feature_name(btf_feats[i]));
		btf__free(san);
	}
}

TEST(btf_sanitize_objects_each_bit)
{
	CHECK_GE(for_each_obj_btf(sanitize_each_bit), 10);
}

static int loadable_objs;

static void sanitize_loads(const char *name, const struct btf *btf)
{
	__u64 masks[NR_FEATS + 1];
	const void *raw0;
	__u32 sz0;
	int fd0;

	/* only BTF the kernel takes as is says anything about the rewrite */
	raw0 = btf__raw_data(btf, &sz0);
	fd0 = raw0 ? bpf_btf_load(raw0, sz0, NULL) : -1;
	if (fd0 < 0) {
		test_log("%s: kernel refuses the original BTF, skipped\n", name);
		return;
	}
	close(fd0);
	loadable_objs++;

	for (size_t i = 0; i < NR_FEATS; i++)
		masks[i] = FEAT_BTF_ALL & ~FEAT_BIT(btf_feats[i]);
	masks[NR_FEATS] = FEAT_BIT(FEAT_BTF);
	for (size_t i = 0; i <= NR_FEATS; i++) {
		LIBBPF_OPTS(bpf_btf_load_opts, o);
		struct btf *san = btf_sanitize(btf, masks[i]);
		static char log[1 << 16];
		const void *raw;
		__u32 sz;
		int fd;

		if (!CHECK(san != NULL, "%s: sanitize", name))
			continue;
		raw = btf__raw_data(san, &sz);
		log[0] = '\0';
		o.log_buf = log;
		o.log_size = sizeof(log);
		o.log_level = 1;
		fd = raw ? bpf_btf_load(raw, sz, &o) : -1;
		CHECK(fd >= 0, "%s without %s: kernel refused (errno %d): %.300s", name,
		      i < NR_FEATS ? feature_name(btf_feats[i]) : "everything", errno,
		      log[0] ? log + (strlen(log) > 300 ? strlen(log) - 300 : 0) : "");
		if (fd >= 0)
			close(fd);
		btf__free(san);
	}
}

KTEST(btf_sanitize_objects_load_in_kernel)
{
	loadable_objs = 0;
	for_each_obj_btf(sanitize_loads);
	CHECK_GE(loadable_objs, 10);
}

/* ---- exact substitutions on a hand-built BTF ---- */

struct kinds_btf {
	struct btf *btf;
	int i_int, i_proto, i_func, i_gfunc, i_var, i_sec, i_qsec, i_float, i_dtag, i_ttag,
		i_e64, i_senum, i_ptr;
};

static void build_kinds(struct kinds_btf *k)
{
	struct btf *b = btf__new_empty();

	ASSERT_PTR(b);
	k->btf = b;
	k->i_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	k->i_proto = btf__add_func_proto(b, k->i_int);
	ASSERT_OK(btf__add_func_param(b, "a", k->i_int));
	ASSERT_OK(btf__add_func_param(b, "b", k->i_int));
	k->i_func = btf__add_func(b, "sf", BTF_FUNC_STATIC, k->i_proto);
	k->i_gfunc = btf__add_func(b, "gf", BTF_FUNC_GLOBAL, k->i_proto);
	k->i_var = btf__add_var(b, "v", BTF_VAR_GLOBAL_ALLOCATED, k->i_int);
	k->i_sec = btf__add_datasec(b, ".data.x", 16);
	ASSERT_OK(btf__add_datasec_var_info(b, k->i_var, 8, 4));
	k->i_qsec = btf__add_datasec(b, "?.bss", 0);
	k->i_float = btf__add_float(b, "float", 4);
	k->i_dtag = btf__add_decl_tag(b, "dt", k->i_var, -1);
	k->i_ttag = btf__add_type_tag(b, "tt", k->i_int);
	k->i_ptr = btf__add_ptr(b, k->i_ttag);
	k->i_e64 = btf__add_enum64(b, "e64", 8, false);
	ASSERT_OK(btf__add_enum64_value(b, "X", 1ULL << 40));
	ASSERT_OK(btf__add_enum64_value(b, "Y", 3));
	k->i_senum = btf__add_enum(b, "se", 4);
	ASSERT_OK(btf__add_enum_value(b, "N", -1));
	ASSERT_GT(k->i_senum, 0);
	/* btf__add_enum() sets kflag for negative values only on newer
	 * libbpf: force the signed flag so the rewrite is exercised */
	((struct btf_type *)btf__type_by_id(b, k->i_senum))->info |= 1u << 31;
}

static const struct btf_type *T(const struct btf *b, int id)
{
	return btf__type_by_id(b, id);
}

static const char *N(const struct btf *b, __u32 off)
{
	return btf__name_by_offset(b, off);
}

TEST(btf_sanitize_substitutions)
{
	struct kinds_btf k;
	struct btf *s;
	const struct btf_type *t;
	const struct btf_member *m;
	const void *orig_raw;
	void *orig_copy;
	__u32 orig_sz, n;

	build_kinds(&k);
	orig_raw = btf__raw_data(k.btf, &orig_sz);
	orig_copy = malloc(orig_sz);
	memcpy(orig_copy, orig_raw, orig_sz);
	n = btf__type_cnt(k.btf);
	s = btf_sanitize(k.btf, FEAT_BIT(FEAT_BTF));
	ASSERT_PTR(s);
	CHECK_EQ(btf__type_cnt(s), n + 1); /* the enum64 placeholder */

	t = T(s, k.i_var);
	CHECK(btf_is_int(t) && t->size == 1 && !strcmp(N(s, t->name_off), "v"), "VAR -> INT");
	t = T(s, k.i_sec);
	CHECK(btf_is_struct(t) && t->size == 16 && btf_vlen(t) == 1, "DATASEC -> STRUCT");
	CHECK(!strcmp(N(s, t->name_off), "_data_x"), "struct name %s", N(s, t->name_off));
	m = btf_members(t);
	CHECK(m->type == (__u32)k.i_var && m->offset == 64 && !strcmp(N(s, m->name_off), "v"),
	      "member");
	t = T(s, k.i_qsec);
	CHECK(btf_is_struct(t) && !strcmp(N(s, t->name_off), "__bss"), "?.bss -> %s",
	      N(s, t->name_off));
	t = T(s, k.i_proto);
	CHECK(btf_is_enum(t) && t->size == 4 && btf_vlen(t) == 2, "FUNC_PROTO -> ENUM");
	CHECK(!strcmp(N(s, btf_enum(t)[1].name_off), "b"), "param name kept");
	t = T(s, k.i_func);
	CHECK(btf_is_typedef(t) && t->type == (__u32)k.i_proto && !strcmp(N(s, t->name_off), "sf"),
	      "FUNC -> TYPEDEF");
	t = T(s, k.i_float);
	CHECK(btf_is_struct(t) && t->size == 4 && !btf_vlen(t) && !t->name_off, "FLOAT -> STRUCT");
	t = T(s, k.i_dtag);
	CHECK(btf_is_int(t) && t->size == 1 && !t->name_off, "DECL_TAG -> INT");
	t = T(s, k.i_ttag);
	CHECK(btf_is_const(t) && t->type == (__u32)k.i_int && !t->name_off, "TYPE_TAG -> CONST");
	t = T(s, k.i_e64);
	CHECK(btf_is_union(t) && t->size == 8 && btf_vlen(t) == 2, "ENUM64 -> UNION");
	m = btf_members(t);
	CHECK(btf_is_int(T(s, m[0].type)) && m[1].type == m[0].type && !m[1].offset &&
	      !strcmp(N(s, m[1].name_off), "Y"), "union members");
	t = T(s, k.i_senum);
	CHECK(btf_is_enum(t) && !btf_kflag(t), "signed ENUM flag");

	/* the input is left alone */
	orig_raw = btf__raw_data(k.btf, &orig_sz);
	CHECK(!memcmp(orig_raw, orig_copy, orig_sz), "original modified");
	CHECK(btf_is_datasec(T(k.btf, k.i_sec)), "original kind");
	btf__free(s);

	/* FUNC known but not global linkage */
	s = btf_sanitize(k.btf, FEAT_BTF_ALL & ~FEAT_BIT(FEAT_BTF_GLOBAL_FUNC));
	ASSERT_PTR(s);
	t = T(s, k.i_gfunc);
	CHECK(btf_is_func(t) && btf_vlen(t) == BTF_FUNC_STATIC, "global -> static");
	CHECK(btf_is_datasec(T(s, k.i_sec)), "datasec kept");
	CHECK(btf_is_float(T(s, k.i_float)), "float kept");
	CHECK_EQ(btf__type_cnt(s), n);
	btf__free(s);

	/* only the qmark: "?.bss" -> "_.bss", still a DATASEC */
	s = btf_sanitize(k.btf, FEAT_BTF_ALL & ~FEAT_BIT(FEAT_BTF_QMARK_DATASEC));
	ASSERT_PTR(s);
	t = T(s, k.i_qsec);
	CHECK(btf_is_datasec(t) && !strcmp(N(s, t->name_off), "_.bss"), "qmark -> %s",
	      N(s, t->name_off));
	btf__free(s);
	free(orig_copy);
	btf__free(k.btf);
}

TEST(btf_sanitize_noop_and_errors)
{
	struct kinds_btf k;
	const void *a, *b;
	__u32 asz, bsz;
	struct btf *s;

	build_kinds(&k);
	CHECK(!btf_needs_sanitize(k.btf, FEAT_BTF_ALL), "full mask needs nothing");
	for (size_t i = 0; i < NR_FEATS; i++)
		CHECK(btf_needs_sanitize(k.btf, FEAT_BTF_ALL & ~FEAT_BIT(btf_feats[i])), "%s",
		      feature_name(btf_feats[i]));
	s = btf_sanitize(k.btf, FEAT_BTF_ALL);
	ASSERT_PTR(s);
	a = btf__raw_data(k.btf, &asz);
	b = btf__raw_data(s, &bsz);
	CHECK(asz == bsz && !memcmp(a, b, asz), "full mask changed the BTF");
	btf__free(s);
	btf__free(k.btf);
	errno = 0;
	CHECK(!btf_sanitize(NULL, 0) && errno == EINVAL, "NULL input");
	CHECK(!btf_needs_sanitize(NULL, 0), "NULL needs");
}

/* ---- whole objects with a forced feature mask ---- */

static int run_xdp(struct bpf_object *obj, const char *name, __u32 *retval)
{
	static unsigned char pkt[64];
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);
	int err;

	if (!p)
		return -ENOENT;
	err = bpf_prog_test_run_opts(bpf_program__fd(p), &o);
	*retval = o.retval;
	return err;
}

/* Does the BTF the kernel holds for btf_fd use f? */
static bool kernel_btf_uses(int btf_fd, enum kern_feature f)
{
	struct bpf_btf_info info = {};
	__u32 len = sizeof(info);
	struct btf *kb;
	bool used = false;

	ASSERT_OK(bpf_btf_get_info_by_fd(btf_fd, &info, &len));
	ASSERT_GT(info.id, 0);
	kb = btf__load_from_kernel_by_id(info.id);
	ASSERT_PTR(kb);
	for (__u32 id = 1; id < btf__type_cnt(kb); id++)
		used |= uses_feature(kb, btf__type_by_id(kb, id), f);
	btf__free(kb);
	return used;
}

/* func_info records the kernel took for prog_fd. */
static __u32 kernel_nr_func_info(int prog_fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	ASSERT_OK(bpf_prog_get_info_by_fd(prog_fd, &info, &len));
	return info.nr_func_info;
}

/* Load with mask, run prog, check want (unless want is -1); the return
 * value of prog. */
static __u32 load_and_run(const char *obj_name, __u64 mask, const char *prog,
			  __u32 want, enum kern_feature f)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path(obj_name));
	__u32 ret = 0, nfi = 0;
	int err;

	ASSERT_PTR(obj);
	/* callbacks (bpf_loop) need func_info: no kernel without FUNC can
	 * load them, whatever the loader does */
	if (f == FEAT_BTF_FUNC && bpf_object__find_program_by_name(obj, "use_loop"))
		bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "use_loop"), false);
	feature_set_override(mask);
	err = bpf_object__load(obj);
	feature_set_override(~0ULL);
	if (!CHECK(err == 0, "%s without %s: load failed %d", obj_name, feature_name(f), err)) {
		bpf_object__close(obj);
		return 0;
	}
	/* the object keeps its own, complete BTF */
	CHECK(btf_needs_sanitize(bpf_object__btf(obj), mask) ||
	      !btf_needs_sanitize(bpf_object__btf(obj), FEAT_BTF_ALL), "object BTF rewritten");
	err = run_xdp(obj, prog, &ret);
	CHECK(err == 0 && (want == (__u32)-1 || ret == want), "%s/%s without %s: ret %u want %u (err %d)", obj_name,
	      prog, feature_name(f), ret, want, err);
	if (CHECK(bpf_object__btf_fd(obj) >= 0, "no BTF fd")) {
		int pfd = bpf_program__fd(bpf_object__find_program_by_name(obj, prog));

		CHECK(!kernel_btf_uses(bpf_object__btf_fd(obj), f), "kernel BTF still has %s",
		      feature_name(f));
		/* func_info is dropped without FUNC (the program then has no
		 * BTF at all: the kernel attaches it only with func_info) */
		nfi = kernel_nr_func_info(pfd);
		if (f == FEAT_BTF_FUNC)
			CHECK_EQ(nfi, 0);
		else
			CHECK_GT(nfi, 0);
	}
	bpf_object__close(obj);
	return ret;
}

KTEST(btf_sanitize_object_forced_mask)
{
	__u32 chain = load_and_run("obj_basic", ~0ULL, "call_chain", -1, __FEAT_CNT);

	CHECK_GT(chain, 9);
	for (size_t i = 0; i < NR_FEATS; i++) {
		__u64 mask = ~FEAT_BIT(btf_feats[i]);

		/* feat_main: global + static subprogs, float/enum64/tags, data */
		load_and_run("feat_sanitize", mask, "feat_main", 20, btf_feats[i]);
		load_and_run("obj_basic", mask, "call_chain", chain, btf_feats[i]);
	}
}

/* Without any BTF support the object loads without BTF at all. */
KTEST(btf_sanitize_object_no_btf)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("feat_sanitize"));
	__u32 ret = 0;
	int err;

	ASSERT_PTR(obj);
	feature_set_override(~FEAT_BIT(FEAT_BTF));
	err = bpf_object__load(obj);
	feature_set_override(~0ULL);
	if (err)
		bpf_object__close(obj);
	ASSERT_OK(err);
	CHECK_EQ(bpf_object__btf_fd(obj), -1);
	CHECK(bpf_object__btf(obj) != NULL, "object BTF dropped");
	err = run_xdp(obj, "feat_main", &ret);
	CHECK(err == 0 && ret == 20, "ret %u err %d", ret, err);
	bpf_object__close(obj);
}

/* A split BTF whose DATASEC name is a string of its base: the rename must
 * not write into the base (it may be the shared, read-only vmlinux). */
TEST(btf_sanitize_split_name_in_base)
{
	struct btf *base = btf__new_empty(), *split = NULL, *s = NULL;
	const struct btf_type *t;
	int ity, sec, var;

	ASSERT_PTR(base);
	ity = btf__add_int(base, "int", 4, BTF_INT_SIGNED);
	CHECK_GT(ity, 0);
	CHECK_GT(btf__add_typedef(base, ".data.x", ity), 0);
	split = btf__new_empty_split(base);
	if (!split)
		btf__free(base);
	ASSERT_PTR(split);
	var = btf__add_var(split, "v", BTF_VAR_GLOBAL_ALLOCATED, ity);
	sec = btf__add_datasec(split, ".data.x", 4);
	CHECK_GT(var, 0);
	CHECK_GT(sec, 0);
	CHECK_EQ(btf__add_datasec_var_info(split, var, 0, 4), 0);
	s = btf_sanitize(split, FEAT_BTF_ALL & ~FEAT_BIT(FEAT_BTF_DATASEC));
	CHECK(s != NULL, "sanitize: errno %d", errno);
	if (s) {
		t = btf__type_by_id(s, sec);
		CHECK(btf_is_struct(t) && !strcmp(btf__name_by_offset(s, t->name_off), "_data_x"),
		      "renamed struct");
	}
	CHECK_GT(btf__find_by_name(base, ".data.x"), 0);
	t = btf__type_by_id(split, sec);
	CHECK(!strcmp(btf__name_by_offset(split, t->name_off), ".data.x"), "split name kept");
	btf__free(s);
	btf__free(split);
	btf__free(base);
}
