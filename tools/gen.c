// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * `bpfkit gen skeleton` and `bpfkit gen subskeleton`: C headers that embed
 * a BPF object and give typed access to its maps, programs, links and
 * global data, compatible with the ones `bpftool gen` prints (same type
 * and function names, same data layout rules), so applications switch
 * generators without source changes.
 *
 * Global data structs follow the DATASEC of each internal map: variables
 * in offset order, static ones left out, explicit char padding wherever
 * the natural alignment (assumed at most 4, as on 32-bit hosts) would not
 * land a variable on its recorded offset.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"
#include "btf_internal.h"
#include "object_internal.h"
#include "cli.h"

/* An object file opened for generation. */
struct gen_ctx {
	const char *path;
	char name[256];		/* C identifier prefix, e.g. "foo_bpf" */
	void *data;		/* the file, embedded as is */
	size_t data_sz;
	struct bpf_object *obj;
	const struct btf *btf;	/* NULL: no global data structs */
	struct btf_dump *dump;
	bool subskel;
	char guard[300];	/* include guard macro */
};

/* One exposed variable of a DATASEC. */
struct gen_var {
	const char *name;
	__u32 type_id;
	__u32 offset;
	__u32 size;
	__u32 idx;		/* position in the DATASEC, for a stable sort */
};

static void usage(FILE *f)
{
	fprintf(f, "usage: bpfkit gen skeleton FILE [name OBJECT_NAME]\n"
		   "       bpfkit gen skeleton -L FILE [name OBJECT_NAME]   (light skeleton)\n"
		   "       bpfkit gen subskeleton FILE [name OBJECT_NAME]\n"
		   "       bpfkit gen object OUT.o IN1.o [IN2.o ...]\n");
}

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
	(void)ctx;
	vprintf(fmt, args);
}

static bool is_ident(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Copy src to dst (size n) with every non-identifier char made '_'. */
static void sanitize(char *dst, size_t n, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < n && src[i]; i++)
		dst[i] = isalnum((unsigned char)src[i]) ? src[i] : '_';
	dst[i] = '\0';
}

/* "dir/foo.bpf.o" -> "foo_bpf" */
static void name_from_path(char *dst, size_t n, const char *path)
{
	const char *base = strrchr(path, '/');
	char tmp[256];
	size_t len;

	base = base ? base + 1 : path;
	snprintf(tmp, sizeof(tmp), "%s", base);
	len = strlen(tmp);
	if (len > 2 && !strcmp(tmp + len - 2, ".o"))
		tmp[len - 2] = '\0';
	sanitize(dst, n, tmp);
}

static int read_file(struct gen_ctx *g)
{
	int fd = open(g->path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "bpfkit: cannot open %s: %s\n", g->path, strerror(errno));
		return err;
	}
	err = read_fd_all(fd, &g->data, &g->data_sz, (size_t)1 << 30);
	close(fd);
	if (err)
		fprintf(stderr, "bpfkit: cannot read %s: %s\n", g->path, strerror(-err));
	else if (!g->data_sz)
		err = -EINVAL, fprintf(stderr, "bpfkit: %s is empty\n", g->path);
	return err;
}

static int gen_open(struct gen_ctx *g)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = g->name);
	int err = read_file(g);

	if (err)
		return err;
	g->obj = bpf_object__open_mem(g->data, g->data_sz, &opts);
	if (!g->obj) {
		err = -errno;
		fprintf(stderr, "bpfkit: cannot open BPF object %s: %s\n", g->path, strerror(-err));
		return err;
	}
	g->btf = bpf_object__btf(g->obj);
	if (!g->btf)
		return 0;
	g->dump = btf_dump__new(g->btf, dump_printf, NULL, NULL);
	if (!g->dump) {
		err = -errno;
		fprintf(stderr, "bpfkit: cannot set up the BTF dumper: %s\n", strerror(-err));
		return err;
	}
	return 0;
}

static void gen_close(struct gen_ctx *g)
{
	btf_dump__free(g->dump);
	bpf_object__close(g->obj);
	free(g->data);
}

/* ---- names ------------------------------------------------------------ */

/* Internal maps holding global data the skeleton maps into memory. */
static bool map_has_data(const struct bpf_map *map)
{
	return map->kind == MAP_KIND_DATA || map->kind == MAP_KIND_RODATA ||
	       map->kind == MAP_KIND_BSS || map->kind == MAP_KIND_KCONFIG;
}

static bool map_is_struct_ops(const struct bpf_map *map)
{
	return map->def.type == BPF_MAP_TYPE_STRUCT_OPS;
}

/* C identifier of a map: the variable name, or for data maps the section
 * without its dot (".data.foo" -> "data_foo"). */
static void map_ident(const struct bpf_map *map, char *buf, size_t n)
{
	const char *s = map_is_internal(map) ? map->real_name : map->name;

	if (*s == '.')
		s++;
	sanitize(buf, n, s);
}

/* ---- data sections ------------------------------------------------------ */

static int var_cmp(const void *a, const void *b)
{
	const struct gen_var *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

/* Non-static variables of the DATASEC of map, sorted by offset; *cnt set.
 * NULL with *cnt == 0 when there are none (or no BTF). */
static struct gen_var *datasec_vars(const struct gen_ctx *g, const struct bpf_map *map, int *cnt)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	struct gen_var *vars;
	__s32 id;
	int n = 0;

	*cnt = 0;
	if (!g->btf)
		return NULL;
	id = btf__find_by_name_kind(g->btf, map->real_name, BTF_KIND_DATASEC);
	if (id < 0)
		return NULL;
	sec = btf__type_by_id(g->btf, id);
	vars = calloc(btf_vlen(sec) + 1, sizeof(*vars));
	if (!vars)
		return NULL;
	vs = btf_var_secinfos(sec);
	for (__u16 i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(g->btf, vs->type);

		if (!v || !btf_is_var(v) || btf_var(v)->linkage == BTF_VAR_STATIC)
			continue;
		vars[n].name = btf__name_by_offset(g->btf, v->name_off);
		vars[n].type_id = v->type;
		vars[n].offset = vs->offset;
		vars[n].size = vs->size;
		vars[n].idx = i;
		n++;
	}
	qsort(vars, n, sizeof(*vars), var_cmp);
	*cnt = n;
	return vars;
}

static int emit_decl(const struct gen_ctx *g, __u32 type_id, const char *field, bool strip)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = field, .indent_level = 2,
		    .strip_mods = strip);

	return btf_dump__emit_type_decl(g->dump, type_id, &o);
}

/* Skeleton: struct NAME__ident { vars with padding } *ident; */
static int emit_datasec_struct(const struct gen_ctx *g, const struct bpf_map *map)
{
	/* user space writes .rodata before load: drop const/volatile, but
	 * .kconfig values are the kernel's and stay as declared */
	bool strip = map->kind != MAP_KIND_KCONFIG;
	char ident[256], vname[256];
	struct gen_var *vars;
	__u32 off = 0;
	int cnt, pads = 0, err = 0;

	map_ident(map, ident, sizeof(ident));
	vars = datasec_vars(g, map, &cnt);
	printf("\tstruct %s__%s {\n", g->name, ident);
	for (int i = 0; i < cnt && !err; i++) {
		int align = btf__align_of(g->btf, vars[i].type_id);
		__u32 natural;

		if (vars[i].offset < off || align <= 0) {
			fprintf(stderr, "bpfkit: variable '%s' of %s: bad layout\n", vars[i].name,
				map->real_name);
			err = -EINVAL;
			break;
		}
		if (align > 4)
			align = 4;
		natural = (off + align - 1) / align * align;
		if (natural != vars[i].offset)
			printf("\t\tchar __pad%d[%u];\n", pads++, vars[i].offset - off);
		sanitize(vname, sizeof(vname), vars[i].name);
		printf("\t\t");
		err = emit_decl(g, vars[i].type_id, vname, strip);
		printf(";\n");
		off = vars[i].offset + vars[i].size;
	}
	printf("\t} *%s;\n", ident);
	free(vars);
	return err;
}

/* Subskeleton: struct NAME__ident { T *var; ... } ident; */
static int emit_subskel_datasec(const struct gen_ctx *g, const struct bpf_map *map)
{
	char ident[256], vname[260];
	struct gen_var *vars;
	int cnt, err = 0;

	bool strip = map->kind != MAP_KIND_KCONFIG;

	map_ident(map, ident, sizeof(ident));
	vars = datasec_vars(g, map, &cnt);
	if (!cnt) {
		free(vars);
		return 0;
	}
	printf("\tstruct %s__%s {\n", g->name, ident);
	for (int i = 0; i < cnt && !err; i++) {
		const struct btf_type *t = btf__type_by_id(g->btf, vars[i].type_id);

		sanitize(vname + 1, sizeof(vname) - 1, vars[i].name);
		if (t && btf_is_array(t)) {
			/* a pointer to an array needs typeof() to stay readable */
			printf("\t\ttypeof(");
			err = emit_decl(g, vars[i].type_id, NULL, strip);
			printf(") *%s;\n", vname + 1);
			continue;
		}
		vname[0] = '*';
		printf("\t\t");
		err = emit_decl(g, vars[i].type_id, vname, strip);
		printf(";\n");
	}
	printf("\t} %s;\n", ident);
	free(vars);
	return err;
}

/* ---- struct_ops --------------------------------------------------------- */

static bool member_is_func_ptr(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return false;
	t = btf__type_by_id(btf, t->type);
	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t);
}

/* A struct_ops member user space can declare without kernel headers: an
 * integer, float or enum, or a one-level array of integers (char name[]). */
static bool member_is_plain(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t = btf_skip_mods_typedefs(btf, type_id, &type_id);

	if (t && btf_is_array(t))
		t = btf_skip_mods_typedefs(btf, btf_array(t)->type, &type_id);
	return t && (btf_is_int(t) || btf_is_float(t) || btf_is_any_enum(t));
}

/* Declaration of a plain member: enums as integers of their size (their
 * definition stays in the kernel), arrays by their resolved element. */
static int emit_plain_decl(const struct gen_ctx *g, __u32 type_id,
			   const struct btf_dump_emit_type_decl_opts *o)
{
	const struct btf_type *t = btf_skip_mods_typedefs(g->btf, type_id, &type_id);
	bool arr = btf_is_array(t);
	__u32 n = arr ? btf_array(t)->nelems : 0;

	if (arr)
		t = btf_skip_mods_typedefs(g->btf, btf_array(t)->type, &type_id);
	if (btf_is_any_enum(t)) {
		printf("%s%u %s", btf_kflag(t) ? "__s" : "__u", t->size * 8, o->field_name);
	} else {
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, eo, .indent_level = o->indent_level,
			    .field_name = o->field_name);
		int err = btf_dump__emit_type_decl(g->dump, type_id, &eo);

		if (err)
			return err;
	}
	if (arr)
		printf("[%u]", n);
	return 0;
}

/* Pointer type into a struct_ops map's local data: the value struct with
 * each function pointer shown as the struct bpf_program * it holds, and
 * padding keeping every other member at its offset. */
static int emit_st_ops_shadow(const struct gen_ctx *g, const struct bpf_map *map)
{
	const struct btf_type *t = btf__type_by_id(g->btf, map->btf_value_type_id);
	const struct btf_member *m;
	char ident[256], mname[256];
	__u32 off = 0;
	int pads = 0, err = 0;

	map_ident(map, ident, sizeof(ident));
	if (!t || !btf_is_struct(t)) {
		fprintf(stderr, "bpfkit: struct_ops map '%s' has no struct type\n", map->name);
		return -EINVAL;
	}
	printf("\t\tstruct %s__%s__%s {\n", g->name, ident,
	       btf__name_by_offset(g->btf, t->name_off));
	m = btf_members(t);
	for (__u16 i = 0; i < btf_vlen(t) && !err; i++, m++) {
		__u32 bit = btf_member_bit_offset(t, i), moff = bit / 8;
		__s64 sz = btf__resolve_size(g->btf, m->type);
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .indent_level = 3);

		/* bitfields and unnamed members stay in the padding */
		if (bit % 8 || btf_member_bitfield_size(t, i) || !m->name_off || sz < 0 ||
		    moff < off)
			continue;
		if (moff > off)
			printf("\t\t\tchar __padding_%d[%u];\n", pads++, moff - off);
		sanitize(mname, sizeof(mname), btf__name_by_offset(g->btf, m->name_off));
		if (member_is_func_ptr(g->btf, m->type)) {
			printf("\t\t\tstruct bpf_program *%s;\n", mname);
		} else if (member_is_plain(g->btf, m->type)) {
			/* through the resolved type: no kernel typedef (u32)
			 * or enum definition is needed in user space */
			o.field_name = mname;
			printf("\t\t\t");
			err = emit_plain_decl(g, m->type, &o);
			printf(";\n");
		} else {
			/* kernel-only types (list_head, module *, ...) have no
			 * user-space definition: opaque bytes, as bpftool does */
			printf("\t\t\tchar __unsupported_%u[%lld];\n", i, (long long)sz);
		}
		off = moff + (__u32)sz;
	}
	if (off < t->size)
		printf("\t\t\tchar __padding_%d[%u];\n", pads, t->size - off);
	printf("\t\t} *%s;\n", ident);
	return err;
}

/* ---- skeleton ----------------------------------------------------------- */

static void emit_ptr_struct(const struct gen_ctx *g, const char *type, const char *member,
			    bool maps, bool st_ops_links)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	char ident[256];

	printf("\tstruct {\n");
	if (maps) {
		bpf_object__for_each_map(map, g->obj) {
			map_ident(map, ident, sizeof(ident));
			printf("\t\tstruct %s *%s;\n", type, ident);
		}
	} else {
		bpf_object__for_each_program(prog, g->obj)
			printf("\t\tstruct %s *%s;\n", type, bpf_program__name(prog));
	}
	if (st_ops_links) {
		bpf_object__for_each_map(map, g->obj) {
			if (!map_is_struct_ops(map))
				continue;
			map_ident(map, ident, sizeof(ident));
			printf("\t\tstruct bpf_link *%s;\n", ident);
		}
	}
	printf("\t} %s;\n", member);
}

/* Main programs (what bpf_object__for_each_program() visits). */
static int count_progs(const struct gen_ctx *g)
{
	struct bpf_program *prog;
	int n = 0;

	bpf_object__for_each_program(prog, g->obj)
		n++;
	return n;
}

static int count_struct_ops(const struct gen_ctx *g)
{
	struct bpf_map *map;
	int n = 0;

	bpf_object__for_each_map(map, g->obj)
		n += map_is_struct_ops(map);
	return n;
}

static int emit_skel_struct(const struct gen_ctx *g)
{
	int nmaps = g->obj->nr_maps, nprogs = count_progs(g), nst = count_struct_ops(g);
	struct bpf_map *map;
	int err = 0;

	printf("struct %s {\n", g->name);
	printf("\tstruct bpf_object_skeleton *skeleton;\n");
	printf("\tstruct bpf_object *obj;\n");
	if (nmaps)
		emit_ptr_struct(g, "bpf_map", "maps", true, false);
	if (nst && g->btf) {
		printf("\tstruct {\n");
		bpf_object__for_each_map(map, g->obj)
			if (map_is_struct_ops(map) && !err)
				err = emit_st_ops_shadow(g, map);
		printf("\t} struct_ops;\n");
	}
	if (nprogs)
		emit_ptr_struct(g, "bpf_program", "progs", false, false);
	if (nprogs || nst)
		emit_ptr_struct(g, "bpf_link", "links", false, true);
	bpf_object__for_each_map(map, g->obj)
		if (map_has_data(map) && !err)
			err = emit_datasec_struct(g, map);
	printf("\n#ifdef __cplusplus\n");
	printf("\tstatic inline struct %s *open(const struct bpf_object_open_opts *opts = nullptr);\n",
	       g->name);
	printf("\tstatic inline struct %s *open_and_load();\n", g->name);
	printf("\tstatic inline int load(struct %s *skel);\n", g->name);
	printf("\tstatic inline int attach(struct %s *skel);\n", g->name);
	printf("\tstatic inline void detach(struct %s *skel);\n", g->name);
	printf("\tstatic inline void destroy(struct %s *skel);\n", g->name);
	printf("\tstatic inline const void *elf_bytes(size_t *sz);\n");
	printf("#endif /* __cplusplus */\n");
	printf("};\n\n");
	return err;
}

static void emit_open_funcs(const struct gen_ctx *g)
{
	const char *n = g->name;
	struct bpf_map *map;
	char ident[256];

	printf("static void\n%s__destroy(struct %s *obj)\n{\n", n, n);
	printf("\tif (!obj)\n\t\treturn;\n");
	printf("\tif (obj->skeleton)\n\t\tbpf_object__destroy_skeleton(obj->skeleton);\n");
	printf("\tfree(obj);\n}\n\n");

	printf("static inline int\n%s__create_skeleton(struct %s *obj);\n\n", n, n);

	printf("static inline struct %s *\n%s__open_opts(const struct bpf_object_open_opts *opts)\n{\n",
	       n, n);
	printf("\tstruct %s *obj;\n\tint err;\n\n", n);
	printf("\tobj = (struct %s *)calloc(1, sizeof(*obj));\n", n);
	printf("\tif (!obj) {\n\t\terrno = ENOMEM;\n\t\treturn NULL;\n\t}\n\n");
	printf("\terr = %s__create_skeleton(obj);\n\tif (err)\n\t\tgoto err_out;\n\n", n);
	printf("\terr = bpf_object__open_skeleton(obj->skeleton, opts);\n");
	printf("\tif (err)\n\t\tgoto err_out;\n");
	if (g->btf) {
		bpf_object__for_each_map(map, g->obj) {
			if (!map_is_struct_ops(map))
				continue;
			map_ident(map, ident, sizeof(ident));
			printf("\n\tobj->struct_ops.%s = (__typeof__(obj->struct_ops.%s))\n"
			       "\t\tbpf_map__initial_value(obj->maps.%s, NULL);\n",
			       ident, ident, ident);
		}
	}
	printf("\n\treturn obj;\nerr_out:\n\t%s__destroy(obj);\n\terrno = -err;\n\treturn NULL;\n}\n\n",
	       n);

	printf("static inline struct %s *\n%s__open(void)\n{\n", n, n);
	printf("\treturn %s__open_opts(NULL);\n}\n\n", n);

	printf("static inline int\n%s__load(struct %s *obj)\n{\n", n, n);
	printf("\treturn bpf_object__load_skeleton(obj->skeleton);\n}\n\n");

	printf("static inline struct %s *\n%s__open_and_load(void)\n{\n", n, n);
	printf("\tstruct %s *obj;\n\tint err;\n\n", n);
	printf("\tobj = %s__open();\n\tif (!obj)\n\t\treturn NULL;\n", n);
	printf("\terr = %s__load(obj);\n\tif (err) {\n\t\t%s__destroy(obj);\n", n, n);
	printf("\t\terrno = -err;\n\t\treturn NULL;\n\t}\n\treturn obj;\n}\n\n");

	printf("static inline int\n%s__attach(struct %s *obj)\n{\n", n, n);
	printf("\treturn bpf_object__attach_skeleton(obj->skeleton);\n}\n\n");

	printf("static inline void\n%s__detach(struct %s *obj)\n{\n", n, n);
	printf("\tbpf_object__detach_skeleton(obj->skeleton);\n}\n\n");
}

/* Allocation of one entry table, e.g. "maps" of struct bpf_map_skeleton. */
static void emit_table_alloc(const char *field, const char *type, const char *cnt_field,
			     const char *sz_field, int cnt)
{
	printf("\ts->%s = %d;\n", cnt_field, cnt);
	printf("\ts->%s = sizeof(*s->%s);\n", sz_field, field);
	printf("\ts->%s = (struct %s *)calloc(s->%s, s->%s);\n", field, type, cnt_field,
	       sz_field);
	printf("\tif (!s->%s) {\n\t\terr = -ENOMEM;\n\t\tgoto err;\n\t}\n\n", field);
}

static void emit_map_entries(const struct gen_ctx *g)
{
	struct bpf_map *map;
	char ident[256];
	int i = 0;

	bpf_object__for_each_map(map, g->obj) {
		map_ident(map, ident, sizeof(ident));
		/* data maps by section name (".bss"): unlike the kernel name
		 * ("obj.bss") it holds in a linked object and whatever
		 * object_name the application opens with */
		printf("\ts->maps[%d].name = \"%s\";\n", i, map->real_name);
		printf("\ts->maps[%d].map = &obj->maps.%s;\n", i, ident);
		if (!g->subskel && map_has_data(map))
			printf("\ts->maps[%d].mmaped = (void **)&obj->%s;\n", i, ident);
		if (!g->subskel && map_is_struct_ops(map))
			printf("\ts->maps[%d].link = &obj->links.%s;\n", i, ident);
		printf("\n");
		i++;
	}
}

static void emit_prog_entries(const struct gen_ctx *g)
{
	struct bpf_program *prog;
	int i = 0;

	bpf_object__for_each_program(prog, g->obj) {
		const char *p = bpf_program__name(prog);

		printf("\ts->progs[%d].name = \"%s\";\n", i, p);
		printf("\ts->progs[%d].prog = &obj->progs.%s;\n", i, p);
		if (!g->subskel)
			printf("\ts->progs[%d].link = &obj->links.%s;\n", i, p);
		printf("\n");
		i++;
	}
}

static void emit_create_skeleton(const struct gen_ctx *g)
{
	const char *n = g->name;

	printf("static inline const void *%s__elf_bytes(size_t *sz);\n\n", n);
	printf("static inline int\n%s__create_skeleton(struct %s *obj)\n{\n", n, n);
	printf("\tstruct bpf_object_skeleton *s;\n\tint err;\n\n");
	printf("\ts = (struct bpf_object_skeleton *)calloc(1, sizeof(*s));\n");
	printf("\tif (!s) {\n\t\terr = -ENOMEM;\n\t\tgoto err;\n\t}\n\n");
	printf("\ts->sz = sizeof(*s);\n\ts->name = \"%s\";\n\ts->obj = &obj->obj;\n\n", n);
	if (g->obj->nr_maps) {
		printf("\t/* maps */\n");
		emit_table_alloc("maps", "bpf_map_skeleton", "map_cnt", "map_skel_sz",
				 g->obj->nr_maps);
		emit_map_entries(g);
	}
	if (count_progs(g)) {
		printf("\t/* programs */\n");
		emit_table_alloc("progs", "bpf_prog_skeleton", "prog_cnt", "prog_skel_sz",
				 count_progs(g));
		emit_prog_entries(g);
	}
	printf("\ts->data = %s__elf_bytes(&s->data_sz);\n\n", n);
	printf("\tobj->skeleton = s;\n\treturn 0;\nerr:\n");
	printf("\tbpf_object__destroy_skeleton(s);\n\treturn err;\n}\n\n");
}

static void emit_elf_bytes(const struct gen_ctx *g)
{
	const unsigned char *p = g->data;

	printf("static inline const void *%s__elf_bytes(size_t *sz)\n{\n", g->name);
	printf("\tstatic const char data[] __attribute__((__aligned__(8))) =\n");
	for (size_t i = 0; i < g->data_sz; i += 32) {
		printf("\t\t\"");
		/* every byte escaped: no digit can extend an escape */
		for (size_t j = i; j < g->data_sz && j < i + 32; j++) {
			if (p[j])
				printf("\\x%02x", p[j]);
			else
				printf("\\0");
		}
		printf("\"%s\n", i + 32 >= g->data_sz ? ";" : "");
	}
	printf("\n\t*sz = sizeof(data) - 1;\n\treturn (const void *)data;\n}\n\n");
}

static void emit_cxx_wrappers(const struct gen_ctx *g)
{
	const char *n = g->name;

	printf("#ifdef __cplusplus\n");
	printf("struct %s *%s::open(const struct bpf_object_open_opts *opts) { return %s__open_opts(opts); }\n",
	       n, n, n);
	printf("struct %s *%s::open_and_load() { return %s__open_and_load(); }\n", n, n, n);
	printf("int %s::load(struct %s *skel) { return %s__load(skel); }\n", n, n, n);
	printf("int %s::attach(struct %s *skel) { return %s__attach(skel); }\n", n, n, n);
	printf("void %s::detach(struct %s *skel) { %s__detach(skel); }\n", n, n, n);
	printf("void %s::destroy(struct %s *skel) { %s__destroy(skel); }\n", n, n, n);
	printf("const void *%s::elf_bytes(size_t *sz) { return %s__elf_bytes(sz); }\n", n, n);
	printf("#endif /* __cplusplus */\n\n");
}

/* Compile-time checks that the compiler laid the data structs out with
 * the sizes the BPF side has. */
static void emit_assert(const struct gen_ctx *g)
{
	struct bpf_map *map;
	char ident[256], vname[256];

	printf("__attribute__((unused)) static void\n");
	printf("%s__assert(struct %s *s __attribute__((unused)))\n{\n", g->name, g->name);
	printf("#ifdef __cplusplus\n#define _Static_assert static_assert\n#endif\n");
	bpf_object__for_each_map(map, g->obj) {
		struct gen_var *vars;
		int cnt;

		if (!map_has_data(map))
			continue;
		map_ident(map, ident, sizeof(ident));
		vars = datasec_vars(g, map, &cnt);
		for (int i = 0; i < cnt; i++) {
			sanitize(vname, sizeof(vname), vars[i].name);
			printf("\t_Static_assert(sizeof(s->%s->%s) == %u, \"unexpected size of '%s'\");\n",
			       ident, vname, vars[i].size, vname);
		}
		free(vars);
	}
	printf("#ifdef __cplusplus\n#undef _Static_assert\n#endif\n}\n\n");
}

static void emit_prologue(struct gen_ctx *g, const char *kind)
{
	char *guard = g->guard;

	snprintf(guard, sizeof(g->guard), "__%s_%s_H__", g->name, kind);
	for (char *c = guard; *c; c++)
		*c = toupper((unsigned char)*c);
	printf("/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */\n\n");
	printf("/* THIS FILE IS AUTOGENERATED BY BPFKIT (gen %s)! */\n",
	       g->subskel ? "subskeleton" : "skeleton");
	printf("#ifndef %s\n#define %s\n\n", guard, guard);
	printf("#include <errno.h>\n#include <stdlib.h>\n#include <bpf/libbpf.h>\n\n");
}

static int gen_skeleton(struct gen_ctx *g)
{
	int err;

	emit_prologue(g, "skel");
	err = emit_skel_struct(g);
	if (err)
		return err;
	emit_open_funcs(g);
	emit_create_skeleton(g);
	emit_elf_bytes(g);
	emit_cxx_wrappers(g);
	emit_assert(g);
	printf("#endif /* %s */\n", g->guard);
	return 0;
}

/* ---- subskeleton -------------------------------------------------------- */

static int emit_subskel_struct(const struct gen_ctx *g)
{
	struct bpf_map *map;
	int err = 0;

	printf("struct %s {\n", g->name);
	printf("\tstruct bpf_object *obj;\n");
	printf("\tstruct bpf_object_subskeleton *subskel;\n");
	if (g->obj->nr_maps)
		emit_ptr_struct(g, "bpf_map", "maps", true, false);
	if (count_progs(g))
		emit_ptr_struct(g, "bpf_program", "progs", false, false);
	bpf_object__for_each_map(map, g->obj)
		if (map_has_data(map) && !err)
			err = emit_subskel_datasec(g, map);
	printf("\n#ifdef __cplusplus\n");
	printf("\tstatic inline struct %s *open(const struct bpf_object *src);\n", g->name);
	printf("\tstatic inline void destroy(struct %s *skel);\n", g->name);
	printf("#endif /* __cplusplus */\n};\n\n");
	return err;
}

static int count_vars(const struct gen_ctx *g)
{
	struct bpf_map *map;
	int n = 0, cnt;

	bpf_object__for_each_map(map, g->obj) {
		if (!map_has_data(map))
			continue;
		free(datasec_vars(g, map, &cnt));
		n += cnt;
	}
	return n;
}

static void emit_var_entries(const struct gen_ctx *g)
{
	struct bpf_map *map;
	char ident[256], vname[256];
	int k = 0;

	bpf_object__for_each_map(map, g->obj) {
		struct gen_var *vars;
		int cnt;

		if (!map_has_data(map))
			continue;
		map_ident(map, ident, sizeof(ident));
		vars = datasec_vars(g, map, &cnt);
		for (int i = 0; i < cnt; i++, k++) {
			sanitize(vname, sizeof(vname), vars[i].name);
			printf("\ts->vars[%d].name = \"%s\";\n", k, vars[i].name);
			printf("\ts->vars[%d].map = &obj->maps.%s;\n", k, ident);
			printf("\ts->vars[%d].addr = (void **)&obj->%s.%s;\n\n", k, ident, vname);
		}
		free(vars);
	}
}

static int gen_subskeleton(struct gen_ctx *g)
{
	const char *n = g->name;
	int err, nvars;

	emit_prologue(g, "subskel");
	err = emit_subskel_struct(g);
	if (err)
		return err;
	printf("static inline void\n%s__destroy(struct %s *skel)\n{\n", n, n);
	printf("\tif (!skel)\n\t\treturn;\n");
	printf("\tif (skel->subskel)\n\t\tbpf_object__destroy_subskeleton(skel->subskel);\n");
	printf("\tfree(skel);\n}\n\n");

	printf("static inline struct %s *\n%s__open(const struct bpf_object *src)\n{\n", n, n);
	printf("\tstruct %s *obj;\n\tstruct bpf_object_subskeleton *s;\n\tint err;\n\n", n);
	printf("\tobj = (struct %s *)calloc(1, sizeof(*obj));\n", n);
	printf("\tif (!obj) {\n\t\terr = -ENOMEM;\n\t\tgoto err;\n\t}\n");
	printf("\ts = (struct bpf_object_subskeleton *)calloc(1, sizeof(*s));\n");
	printf("\tif (!s) {\n\t\terr = -ENOMEM;\n\t\tgoto err;\n\t}\n");
	printf("\ts->sz = sizeof(*s);\n\ts->obj = src;\n\tobj->subskel = s;\n\tobj->obj = (struct bpf_object *)src;\n\n");
	nvars = count_vars(g);
	if (nvars) {
		printf("\t/* vars */\n");
		emit_table_alloc("vars", "bpf_var_skeleton", "var_cnt", "var_skel_sz", nvars);
		emit_var_entries(g);
	}
	if (g->obj->nr_maps) {
		printf("\t/* maps */\n");
		emit_table_alloc("maps", "bpf_map_skeleton", "map_cnt", "map_skel_sz",
				 g->obj->nr_maps);
		emit_map_entries(g);
	}
	if (count_progs(g)) {
		printf("\t/* programs */\n");
		emit_table_alloc("progs", "bpf_prog_skeleton", "prog_cnt", "prog_skel_sz",
				 count_progs(g));
		emit_prog_entries(g);
	}
	printf("\terr = bpf_object__open_subskeleton(s);\n\tif (err)\n\t\tgoto err;\n\n");
	printf("\treturn obj;\nerr:\n\t%s__destroy(obj);\n\terrno = -err;\n\treturn NULL;\n}\n\n",
	       n);
	printf("#ifdef __cplusplus\n");
	printf("struct %s *%s::open(const struct bpf_object *src) { return %s__open(src); }\n", n,
	       n, n);
	printf("void %s::destroy(struct %s *skel) { %s__destroy(skel); }\n", n, n, n);
	printf("#endif /* __cplusplus */\n\n");
	printf("#endif /* %s */\n", g->guard);
	return 0;
}

/* ---- command ------------------------------------------------------------ */

static int cmd_gen_skel(int argc, char **argv, bool subskel)
{
	struct gen_ctx g = { .subskel = subskel };
	int err;

	if (argc != 2 && !(argc == 4 && !strcmp(argv[2], "name"))) {
		usage(stderr);
		return 2;
	}
	g.path = argv[1];
	if (argc == 4) {
		if (!is_ident(argv[3]) || strlen(argv[3]) >= sizeof(g.name)) {
			fprintf(stderr, "bpfkit: object name '%s' is not a C identifier\n",
				argv[3]);
			return 2;
		}
		snprintf(g.name, sizeof(g.name), "%s", argv[3]);
	} else {
		name_from_path(g.name, sizeof(g.name), g.path);
		if (!is_ident(g.name)) {
			fprintf(stderr, "bpfkit: cannot make an object name from '%s'; use 'name'\n",
				g.path);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	err = gen_open(&g);
	if (!err)
		err = subskel ? gen_subskeleton(&g) : gen_skeleton(&g);
	gen_close(&g);
	if (fflush(stdout) && !err) {
		fprintf(stderr, "bpfkit: write error: %s\n", strerror(errno));
		err = -EIO;
	}
	return err ? 1 : 0;
}

int cmd_gen_lskel(int argc, char **argv); /* gen_lskel.c: skeleton -L */

int cmd_gen(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "skeleton") && !strcmp(argv[2], "-L"))
		return cmd_gen_lskel(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "skeleton"))
		return cmd_gen_skel(argc - 1, argv + 1, false);
	if (argc >= 2 && !strcmp(argv[1], "subskeleton"))
		return cmd_gen_skel(argc - 1, argv + 1, true);
	if (argc >= 2 && !strcmp(argv[1], "object"))
		return cmd_gen_object(argc - 1, argv + 1);
	usage(argc >= 2 && !strcmp(argv[1], "help") ? stdout : stderr);
	return argc >= 2 && !strcmp(argv[1], "help") ? 0 : 2;
}
