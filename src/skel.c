// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Skeleton support: the library half of the headers `bpfkit gen skeleton`
 * and `bpftool gen skeleton` emit. A skeleton is a table of name -> where
 * to store the pointer (maps, programs, links, global data); these
 * functions open the embedded ELF, fill the table in, and keep it in sync
 * through load, attach and destroy.
 *
 * The map/prog/var entry arrays are indexed with the element size the
 * generator recorded (map_skel_sz etc.), so headers made for an older
 * libbpf with smaller entries work, and fields such an entry lacks are
 * treated as absent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "object_internal.h"
#include "sec_def.h"

/* Entry sizes of the first libbpf skeletons (no map link field). */
#define MAP_SKEL_SZ_MIN offsetof(struct bpf_map_skeleton, link)
#define PROG_SKEL_SZ_MIN sizeof(struct bpf_prog_skeleton)
#define VAR_SKEL_SZ_MIN sizeof(struct bpf_var_skeleton)

static struct bpf_map_skeleton *map_skel_at(struct bpf_map_skeleton *maps, int sz, int i)
{
	return (struct bpf_map_skeleton *)((char *)maps + (size_t)i * sz);
}

static struct bpf_prog_skeleton *prog_skel_at(struct bpf_prog_skeleton *progs, int sz, int i)
{
	return (struct bpf_prog_skeleton *)((char *)progs + (size_t)i * sz);
}

static struct bpf_var_skeleton *var_skel_at(struct bpf_var_skeleton *vars, int sz, int i)
{
	return (struct bpf_var_skeleton *)((char *)vars + (size_t)i * sz);
}

/* The map entry has the struct_ops link field (libbpf 1.5+ generators). */
static bool map_skel_has_link(int map_skel_sz)
{
	return (size_t)map_skel_sz >= offsetofend(struct bpf_map_skeleton, link);
}

static int check_tables(int map_cnt, int map_sz, const void *maps, int prog_cnt, int prog_sz,
			const void *progs)
{
	if (map_cnt < 0 || prog_cnt < 0 || (map_cnt && !maps) || (prog_cnt && !progs)) {
		pr_warn("skeleton: bad map or program table\n");
		return -EINVAL;
	}
	if ((map_cnt && (size_t)map_sz < MAP_SKEL_SZ_MIN) ||
	    (prog_cnt && (size_t)prog_sz < PROG_SKEL_SZ_MIN)) {
		pr_warn("skeleton: entry size too small (map %d, prog %d)\n", map_sz, prog_sz);
		return -EINVAL;
	}
	return 0;
}

/* Fill map and program pointers of a (sub)skeleton from obj. publish
 * also points *mmaped at the map's current data image. */
static int bind_maps(const struct bpf_object *obj, struct bpf_map_skeleton *maps, int sz,
		     int cnt, bool publish)
{
	for (int i = 0; i < cnt; i++) {
		struct bpf_map_skeleton *ms = map_skel_at(maps, sz, i);
		struct bpf_map *map;

		map = bpf_object__find_map_by_name(obj, ms->name);
		if (!map) {
			pr_warn("skeleton: map '%s' not found in object '%s'\n", ms->name,
				obj->name);
			return -ESRCH;
		}
		*ms->map = map;
		if (publish && ms->mmaped) {
			int err = map_image_pin(map);

			if (err)
				return err;
			*ms->mmaped = map->mmaped;
		}
	}
	return 0;
}

static int bind_progs(const struct bpf_object *obj, struct bpf_prog_skeleton *progs, int sz,
		      int cnt)
{
	for (int i = 0; i < cnt; i++) {
		struct bpf_prog_skeleton *ps = prog_skel_at(progs, sz, i);
		struct bpf_program *prog;

		prog = bpf_object__find_program_by_name(obj, ps->name);
		if (!prog) {
			pr_warn("skeleton: program '%s' not found in object '%s'\n", ps->name,
				obj->name);
			return -ESRCH;
		}
		*ps->prog = prog;
	}
	return 0;
}

LIBBPF_API int bpf_object__open_skeleton(struct bpf_object_skeleton *s,
					 const struct bpf_object_open_opts *opts)
{
	struct bpf_object_open_opts o = { .sz = sizeof(o) };
	struct bpf_object *obj;
	int err;

	if (!s || !s->obj || !s->data || !s->data_sz)
		return libbpf_err(-EINVAL);
	if (!OPTS_VALID(opts, bpf_object_open_opts))
		return libbpf_err(-EINVAL);
	err = check_tables(s->map_cnt, s->map_skel_sz, s->maps, s->prog_cnt, s->prog_skel_sz,
			   s->progs);
	if (err)
		return libbpf_err(err);
	if (opts) {
		memcpy(&o, opts, min(opts->sz, sizeof(o)));
		o.sz = sizeof(o);
	}
	/* the skeleton's name makes the kernel names of internal maps
	 * ("name.bss") the generator printed */
	if (!o.object_name)
		o.object_name = s->name;

	/* open, load and attach failures are logged where they happen */
	obj = bpf_object__open_mem(s->data, s->data_sz, &o);
	if (!obj)
		return libbpf_err(-errno);
	*s->obj = obj;
	err = bind_maps(obj, s->maps, s->map_skel_sz, s->map_cnt, true);
	if (!err)
		err = bind_progs(obj, s->progs, s->prog_skel_sz, s->prog_cnt);
	/* on failure *s->obj stays set: destroy closes it */
	return libbpf_err(err);
}

LIBBPF_API int bpf_object__load_skeleton(struct bpf_object_skeleton *s)
{
	int err;

	if (!s || !s->obj || !*s->obj)
		return libbpf_err(-EINVAL);
	err = bpf_object__load(*s->obj);
	if (err)
		return libbpf_err(err);
	/* global data now lives in the maps' own shared mappings; the loader
	 * keeps each at its image's address, but a resized image moved */
	for (int i = 0; i < s->map_cnt; i++) {
		struct bpf_map_skeleton *ms = map_skel_at(s->maps, s->map_skel_sz, i);

		if (ms->mmaped && *ms->map)
			*ms->mmaped = (*ms->map)->mmaped;
	}
	return 0;
}

static int attach_progs(struct bpf_object_skeleton *s)
{
	for (int i = 0; i < s->prog_cnt; i++) {
		struct bpf_prog_skeleton *ps = prog_skel_at(s->progs, s->prog_skel_sz, i);
		struct bpf_program *prog = *ps->prog;
		struct bpf_link *link;
		int err;

		/* a link the caller made by hand is kept */
		if (!ps->link || *ps->link || !prog)
			continue;
		/* sections without auto-attach (or without a target in the
		 * name, like a bare SEC("kprobe")) are skipped silently */
		if (!prog->autoload || !prog->autoattach || !attach_has_auto(prog))
			continue;
		err = attach_prog_fd(prog, "skeleton attach");
		if (err < 0)
			return err;
		err = attach_auto(prog, &link);
		if (err < 0)
			return err;
		if (!link)
			continue;
		*ps->link = link;
	}
	return 0;
}

static int attach_struct_ops(struct bpf_object_skeleton *s)
{
	for (int i = 0; i < s->map_cnt; i++) {
		struct bpf_map_skeleton *ms = map_skel_at(s->maps, s->map_skel_sz, i);
		struct bpf_map *map = *ms->map;
		struct bpf_link *link;

		if (!map || map->def.type != BPF_MAP_TYPE_STRUCT_OPS || !map->autocreate ||
		    !map->autoattach)
			continue;
		if (!map_skel_has_link(s->map_skel_sz)) {
			/* nowhere to keep the link: the caller registers it */
			pr_warn("skeleton '%s': struct_ops map '%s' not attached: the skeleton predates struct_ops links (regenerate it)\n",
				s->name, ms->name);
			continue;
		}
		if (!ms->link || *ms->link)
			continue;
		link = bpf_map__attach_struct_ops(map);
		if (!link)
			return -errno;
		*ms->link = link;
	}
	return 0;
}

LIBBPF_API int bpf_object__attach_skeleton(struct bpf_object_skeleton *s)
{
	int err;

	if (!s || !s->obj || !*s->obj)
		return libbpf_err(-EINVAL);
	err = attach_progs(s);
	if (!err)
		err = attach_struct_ops(s);
	/* links made so far stay in the skeleton; destroy drops them */
	return libbpf_err(err);
}

LIBBPF_API void bpf_object__detach_skeleton(struct bpf_object_skeleton *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->prog_cnt && s->progs; i++) {
		struct bpf_prog_skeleton *ps = prog_skel_at(s->progs, s->prog_skel_sz, i);

		if (!ps->link)
			continue;
		bpf_link__destroy(*ps->link);
		*ps->link = NULL;
	}
	if (!map_skel_has_link(s->map_skel_sz))
		return;
	for (int i = 0; i < s->map_cnt && s->maps; i++) {
		struct bpf_map_skeleton *ms = map_skel_at(s->maps, s->map_skel_sz, i);

		if (!ms->link)
			continue;
		bpf_link__destroy(*ms->link);
		*ms->link = NULL;
	}
}

LIBBPF_API void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s)
{
	if (!s)
		return;
	/* destroy also runs on a half-built skeleton (the generated
	 * create_skeleton's error path): every table may be missing */
	if (s->progs)
		bpf_object__detach_skeleton(s);
	if (s->obj) {
		bpf_object__close(*s->obj);
		*s->obj = NULL;
	}
	free(s->maps);
	free(s->progs);
	free(s);
}

/* Offset of variable name in the DATASEC describing map's data, or -errno. */
static int datasec_var_offset(const struct btf *btf, const struct bpf_map *map,
			      const char *name)
{
	const struct btf_type *sec;
	const struct btf_var_secinfo *vs;
	__s32 id;

	id = btf__find_by_name_kind(btf, map->real_name, BTF_KIND_DATASEC);
	if (id < 0)
		return -ESRCH;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (__u16 i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		const char *vname = var ? btf__name_by_offset(btf, var->name_off) : NULL;

		if (!vname || strcmp(vname, name))
			continue;
		/* the BTF was checked at open, but the image is what we index */
		if ((size_t)vs->offset + vs->size > map->def.value_size)
			return -EINVAL;
		return (int)vs->offset;
	}
	return -ESRCH;
}

static int bind_vars(struct bpf_object_subskeleton *s)
{
	const struct btf *btf = bpf_object__btf(s->obj);

	if (s->var_cnt && (!btf || !s->vars || (size_t)s->var_skel_sz < VAR_SKEL_SZ_MIN)) {
		pr_warn("subskeleton: variables need BTF and a valid table\n");
		return -EINVAL;
	}
	for (int i = 0; i < s->var_cnt; i++) {
		struct bpf_var_skeleton *vs = var_skel_at(s->vars, s->var_skel_sz, i);
		const struct bpf_map *map = *vs->map;
		int off, err;

		if (!map || !map->mmaped) {
			pr_warn("subskeleton: variable '%s' has no global data map\n", vs->name);
			return -EINVAL;
		}
		off = datasec_var_offset(btf, map, vs->name);
		if (off < 0) {
			pr_warn("subskeleton: variable '%s' not found in map '%s'\n", vs->name,
				map->real_name);
			return off;
		}
		err = map_image_pin((struct bpf_map *)map);
		if (err)
			return err;
		*vs->addr = (char *)map->mmaped + off;
	}
	return 0;
}

LIBBPF_API int bpf_object__open_subskeleton(struct bpf_object_subskeleton *s)
{
	int err;

	if (!s || !s->obj || s->var_cnt < 0)
		return libbpf_err(-EINVAL);
	err = check_tables(s->map_cnt, s->map_skel_sz, s->maps, s->prog_cnt, s->prog_skel_sz,
			   s->progs);
	if (!err)
		err = bind_maps(s->obj, s->maps, s->map_skel_sz, s->map_cnt, false);
	if (!err)
		err = bind_progs(s->obj, s->progs, s->prog_skel_sz, s->prog_cnt);
	if (!err)
		err = bind_vars(s);
	return libbpf_err(err);
}

LIBBPF_API void bpf_object__destroy_subskeleton(struct bpf_object_subskeleton *s)
{
	if (!s)
		return;
	free(s->maps);
	free(s->progs);
	free(s->vars);
	free(s);
}
