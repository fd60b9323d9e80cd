// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * `bpfkit gen skeleton -L FILE [name NAME]`: a light skeleton header. It
 * embeds the loader program and data made by bpf_object__gen_loader() (not
 * the object) and needs only <bpf/skel_internal.h> at run time.
 *
 * Layout (what the loader writes, see src/gen_loader.c): the struct starts
 * with struct bpf_loader_ctx, then one struct bpf_map_desc per map and one
 * struct bpf_prog_desc per main program in object order; ctx.sz covers
 * exactly those. Links and global data pointers follow.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"
#include "object_internal.h"
#include "cli.h"

struct lskel {
	const char *path;
	char name[128];
	struct bpf_object *obj;
	const struct btf *btf;
	struct btf_dump *dump;
	struct gen_loader_opts gen;
};

static void ident(char *buf, size_t n, const char *s)
{
	size_t i = 0;

	for (; s[i] && i + 1 < n; i++)
		buf[i] = isalnum((unsigned char)s[i]) ? s[i] : '_';
	buf[i] = '\0';
}

/* maps.<ident>: variable name, or the data section without its dot */
static void map_ident(const struct bpf_map *m, char *buf, size_t n)
{
	const char *s = map_is_internal(m) ? m->real_name : m->name;

	ident(buf, n, *s == '.' ? s + 1 : s);
}

static bool map_is_data(const struct bpf_map *m)
{
	return map_is_internal(m) && m->mmaped;
}

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
	(void)ctx;
	vprintf(fmt, args);
}

/* Type definitions a global's declaration needs (named structs, unions,
 * enums); scalars come from <linux/types.h>. */
static int dump_deps(struct lskel *s, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(s->btf, id);
	const char *name;

	while (t && (btf_is_array(t) || btf_is_mod(t))) {
		id = btf_is_array(t) ? btf_array(t)->type : t->type;
		t = btf__type_by_id(s->btf, id);
	}
	if (!t || !t->name_off)
		return 0;
	name = btf__name_by_offset(s->btf, t->name_off);
	/* __u32 and friends come with <linux/types.h> */
	if (btf_is_typedef(t) && name && !strncmp(name, "__", 2))
		return 0;
	if (btf_is_composite(t) || btf_is_any_enum(t) || btf_is_typedef(t))
		return btf_dump__dump_type(s->dump, id);
	return 0;
}

struct var {
	const char *name;
	__u32 type, off, size;
};

static int var_cmp(const void *a, const void *b)
{
	const struct var *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Non-static variables of m's DATASEC by offset; NULL/0 when none. */
static struct var *data_vars(struct lskel *s, const struct bpf_map *m, int *cnt)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	struct var *v;
	__s32 id;
	int n = 0;

	*cnt = 0;
	if (!s->btf)
		return NULL;
	id = btf__find_by_name_kind(s->btf, m->real_name, BTF_KIND_DATASEC);
	if (id < 0)
		return NULL;
	sec = btf__type_by_id(s->btf, id);
	v = calloc(btf_vlen(sec) + 1, sizeof(*v));
	if (!v)
		return NULL;
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *t = btf__type_by_id(s->btf, vs->type);

		if (!t || !btf_is_var(t) || btf_var(t)->linkage == BTF_VAR_STATIC)
			continue;
		v[n++] = (struct var){ btf__name_by_offset(s->btf, t->name_off), t->type,
				       vs->offset, vs->size };
	}
	qsort(v, n, sizeof(*v), var_cmp);
	*cnt = n;
	return v;
}

/* Types of m's globals, before the skeleton struct opens. */
static int emit_data_deps(struct lskel *s, const struct bpf_map *m)
{
	struct var *v;
	int n, err = 0;

	v = data_vars(s, m, &n);
	for (int i = 0; i < n && !err; i++)
		err = dump_deps(s, v[i].type);
	free(v);
	return err;
}

/* struct NAME__ident { ... } *ident; with explicit padding at gaps */
static int emit_data_struct(struct lskel *s, const struct bpf_map *m)
{
	char id[128];
	struct var *v;
	__u32 cur = 0;
	int n, err = 0;

	map_ident(m, id, sizeof(id));
	v = data_vars(s, m, &n);
	printf("\tstruct %s__%s {\n", s->name, id);
	for (int i = 0; i < n && !err; i++) {
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = v[i].name,
			    .indent_level = 2, .strip_mods = m->kind != MAP_KIND_KCONFIG);

		if (v[i].off < cur)
			continue;	/* overlapping (aliased) variable */
		if (v[i].off > cur)
			printf("\t\tchar __pad%d[%u];\n", i, v[i].off - cur);
		printf("\t\t");
		err = btf_dump__emit_type_decl(s->dump, v[i].type, &o);
		printf(";\n");
		cur = v[i].off + v[i].size;
	}
	printf("\t} *%s;\n", id);
	free(v);
	return err;
}

static void emit_bytes(const char *p, __u32 n)
{
	printf("\t\t\"");
	for (__u32 i = 0; i < n; i++) {
		if (i && !(i % 24))
			printf("\"\n\t\t\"");
		printf("\\x%02x", (unsigned char)p[i]);
	}
	printf("\";\n");
}

/* raw_tp/NAME attaches by name (*tp), tp_btf, fentry/fexit/fmod_ret and
 * lsm by the BTF id they were loaded with (*tp NULL). Other programs are
 * left to the app. */
static bool prog_attachable(const struct bpf_program *p, const char **tp)
{
	enum bpf_prog_type t = bpf_program__type(p);
	const char *slash = strchr(bpf_program__section_name(p), '/');

	*tp = NULL;
	if (t == BPF_PROG_TYPE_RAW_TRACEPOINT) {
		*tp = slash && slash[1] ? slash + 1 : NULL;
		return *tp;
	}
	return t == BPF_PROG_TYPE_TRACING || t == BPF_PROG_TYPE_LSM;
}

static void emit_struct(struct lskel *s)
{
	struct bpf_program *p;
	struct bpf_map *m;
	char id[128];

	printf("struct %s {\n\tstruct bpf_loader_ctx ctx;\n\tstruct {\n", s->name);
	bpf_object__for_each_map(m, s->obj) {
		map_ident(m, id, sizeof(id));
		printf("\t\tstruct bpf_map_desc %s;\n", id);
	}
	printf("\t} maps;\n\tstruct {\n");
	bpf_object__for_each_program(p, s->obj)
		printf("\t\tstruct bpf_prog_desc %s;\n", bpf_program__name(p));
	printf("\t} progs;\n\tstruct {\n");
	bpf_object__for_each_program(p, s->obj)
		printf("\t\tint %s_fd;\n", bpf_program__name(p));
	printf("\t} links;\n");
}

static void emit_destroy(struct lskel *s)
{
	struct bpf_program *p;
	struct bpf_map *m;
	char id[128];

	printf("static inline void %s__detach(struct %s *skel)\n{\n", s->name, s->name);
	bpf_object__for_each_program(p, s->obj)
		printf("\tskel_closenz(skel->links.%1$s_fd);\n\tskel->links.%1$s_fd = 0;\n",
		       bpf_program__name(p));
	printf("}\n\nstatic inline void %s__destroy(struct %s *skel)\n{\n"
	       "\tif (!skel)\n\t\treturn;\n\t%s__detach(skel);\n", s->name, s->name, s->name);
	bpf_object__for_each_program(p, s->obj)
		printf("\tskel_closenz(skel->progs.%s.prog_fd);\n", bpf_program__name(p));
	bpf_object__for_each_map(m, s->obj) {
		map_ident(m, id, sizeof(id));
		printf("\tskel_closenz(skel->maps.%s.map_fd);\n", id);
		if (map_is_data(m))
			printf("\tif (skel->%1$s)\n\t\tskel_free_map_data(skel->%1$s, "
			       "skel->maps.%1$s.initial_value, %2$s__mmap_sz(%3$u));\n",
			       id, s->name, m->def.value_size);
	}
	printf("\tskel_free(skel);\n}\n\n");
}

static void emit_open(struct lskel *s)
{
	struct bpf_map *m;
	char id[128];

	printf("static inline struct %1$s *%1$s__open(void)\n{\n"
	       "\tstruct %1$s *skel = skel_alloc(sizeof(*skel));\n\n"
	       "\tif (!skel)\n\t\tgoto cleanup;\n"
	       "\tskel->ctx.sz = (char *)&skel->links - (char *)skel;\n", s->name);
	bpf_object__for_each_map(m, s->obj) {
		size_t sz;
		const char *img;

		if (!map_is_data(m))
			continue;
		map_ident(m, id, sizeof(id));
		img = bpf_map__initial_value(m, &sz);
		printf("\t{\n\t\tstatic const char img[] __attribute__((__aligned__(8))) =\n");
		emit_bytes(img, m->def.value_size);
		printf("\t\tskel->%1$s = skel_prep_map_data(img, %2$s__mmap_sz(%3$u), %3$u);\n"
		       "\t\tif (!skel->%1$s)\n\t\t\tgoto cleanup;\n"
		       "\t\tskel->maps.%1$s.initial_value = (__u64)(long)skel->%1$s;\n\t}\n",
		       id, s->name, m->def.value_size);
	}
	printf("\treturn skel;\ncleanup:\n\t%s__destroy(skel);\n\treturn NULL;\n}\n\n",
	       s->name);
}

static void emit_load(struct lskel *s)
{
	struct bpf_map *m;
	char id[128];

	printf("static inline int %s__load(struct %s *skel)\n{\n"
	       "\tstruct bpf_load_and_run_opts opts = {};\n"
	       "\tstatic const char data[] __attribute__((__aligned__(8))) =\n",
	       s->name, s->name);
	emit_bytes(s->gen.data, s->gen.data_sz);
	printf("\tstatic const char insns[] __attribute__((__aligned__(8))) =\n");
	emit_bytes(s->gen.insns, s->gen.insns_sz);
	printf("\tint err;\n\n"
	       "\topts.ctx = &skel->ctx;\n"
	       "\topts.data = data;\n\topts.data_sz = sizeof(data) - 1;\n"
	       "\topts.insns = insns;\n\topts.insns_sz = sizeof(insns) - 1;\n"
	       "\terr = bpf_load_and_run(&opts);\n\tif (err < 0)\n\t\treturn err;\n");
	bpf_object__for_each_map(m, s->obj) {
		bool ro = m->kind == MAP_KIND_RODATA || m->kind == MAP_KIND_KCONFIG;

		if (!map_is_data(m))
			continue;
		map_ident(m, id, sizeof(id));
		printf("\tskel->%1$s = skel_finalize_map_data(&skel->maps.%1$s.initial_value, "
		       "%2$s__mmap_sz(%3$u), %4$s, skel->maps.%1$s.map_fd);\n"
		       "\tif (!skel->%1$s)\n\t\treturn -ENOMEM;\n",
		       id, s->name, m->def.value_size, ro ? "PROT_READ" : "PROT_READ | PROT_WRITE");
	}
	printf("\treturn 0;\n}\n\n"
	       "static inline struct %1$s *%1$s__open_and_load(void)\n{\n"
	       "\tstruct %1$s *skel = %1$s__open();\n\n"
	       "\tif (!skel)\n\t\treturn NULL;\n"
	       "\tif (%1$s__load(skel)) {\n\t\t%1$s__destroy(skel);\n\t\treturn NULL;\n\t}\n"
	       "\treturn skel;\n}\n\n", s->name);
}

static void emit_attach(struct lskel *s)
{
	struct bpf_program *p;
	const char *tp;
	bool any = false;

	bpf_object__for_each_program(p, s->obj)
		any |= prog_attachable(p, &tp);
	printf("static inline int %1$s__attach(struct %1$s *skel)\n{\n%2$s\n", s->name,
	       any ? "\tint fd;\n" : "\t(void)skel;");
	bpf_object__for_each_program(p, s->obj) {
		if (!prog_attachable(p, &tp))
			continue;
		if (bpf_program__expected_attach_type(p) == BPF_TRACE_ITER) {
			printf("\tfd = skel_link_create(skel->progs.%s.prog_fd, 0, BPF_TRACE_ITER);\n",
			       bpf_program__name(p));
			goto check;
		}
		printf("\tfd = skel_raw_tracepoint_open(");
		if (tp)
			printf("\"%s\"", tp);
		else
			printf("NULL");
		printf(", skel->progs.%s.prog_fd);\n", bpf_program__name(p));
check:
		printf("\tif (fd < 0)\n\t\treturn -errno;\n\tskel->links.%s_fd = fd;\n",
		       bpf_program__name(p));
	}
	printf("\treturn 0;\n}\n\n");
}

static int emit_header(struct lskel *s)
{
	struct bpf_map *m;
	char guard[160];
	int err = 0;

	for (size_t i = 0; i <= strlen(s->name); i++)
		guard[i] = toupper((unsigned char)s->name[i]);
	printf("/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */\n"
	       "/* Light skeleton of %s: generated by bpfkit gen skeleton -L, do not edit. */\n"
	       "#ifndef __%s_LSKEL_H__\n#define __%s_LSKEL_H__\n\n"
	       "#include <bpf/skel_internal.h>\n\n", s->path, guard, guard);
	bpf_object__for_each_map(m, s->obj)
		if (map_is_data(m) && !err)
			err = emit_data_deps(s, m);
	emit_struct(s);
	bpf_object__for_each_map(m, s->obj)
		if (map_is_data(m) && !err)
			err = emit_data_struct(s, m);
	printf("};\n\n/* global data lives in whole pages */\n"
	       "static inline size_t %s__mmap_sz(size_t sz)\n{\n"
	       "\tlong pg = sysconf(_SC_PAGESIZE);\n\n"
	       "\treturn (sz + pg - 1) / pg * pg;\n}\n\n", s->name);
	emit_destroy(s);
	emit_open(s);
	emit_load(s);
	emit_attach(s);
	printf("#endif /* __%s_LSKEL_H__ */\n", guard);
	return err;
}

/* "dir/foo.bpf.o" -> "foo_bpf" */
static void default_name(char *buf, size_t n, const char *path)
{
	const char *b = strrchr(path, '/');
	char tmp[128];
	size_t len;

	snprintf(tmp, sizeof(tmp), "%s", b ? b + 1 : path);
	len = strlen(tmp);
	if (len > 2 && !strcmp(tmp + len - 2, ".o"))
		tmp[len - 2] = '\0';
	ident(buf, n, tmp);
}

static int lskel_build(struct lskel *s)
{
	int err;

	s->obj = bpf_object__open_file(s->path, NULL);
	if (!s->obj) {
		fprintf(stderr, "bpfkit: cannot open BPF object %s: %s\n", s->path,
			strerror(errno));
		return -errno;
	}
	s->btf = bpf_object__btf(s->obj);
	if (s->btf) {
		s->dump = btf_dump__new(s->btf, dump_printf, NULL, NULL);
		if (!s->dump)
			return -errno;
	}
	s->gen.sz = sizeof(s->gen);
	err = bpf_object__gen_loader(s->obj, &s->gen);
	err = err ?: bpf_object__load(s->obj);
	if (err) {
		fprintf(stderr, "bpfkit: cannot generate the loader of %s: %s\n", s->path,
			strerror(-err));
		return err;
	}
	return emit_header(s);
}

/* argv: -L FILE [name NAME] */
int cmd_gen_lskel(int argc, char **argv)
{
	struct lskel s = {};
	int err;

	if (argc != 2 && !(argc == 4 && !strcmp(argv[2], "name"))) {
		fprintf(stderr, "usage: bpfkit gen skeleton -L FILE [name OBJECT_NAME]\n");
		return 2;
	}
	s.path = argv[1];
	if (argc == 4) {
		if (!argv[3][0] || isdigit((unsigned char)argv[3][0]) ||
		    strlen(argv[3]) >= sizeof(s.name)) {
			fprintf(stderr, "bpfkit: '%s' is not a usable C identifier\n", argv[3]);
			return 2;
		}
		ident(s.name, sizeof(s.name), argv[3]);
	} else {
		default_name(s.name, sizeof(s.name), s.path);
	}
	err = lskel_build(&s);
	btf_dump__free(s.dump);
	bpf_object__close(s.obj);
	if (!err && fflush(stdout))
		err = -errno;
	return err ? 1 : 0;
}
