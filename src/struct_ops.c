// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct_ops: kernel structs of function pointers (tcp_congestion_ops,
 * sched_ext_ops, ...) implemented by BPF programs.
 *
 * Open: each variable of a .struct_ops / .struct_ops.link section becomes
 * a BPF_MAP_TYPE_STRUCT_OPS map named after it, holding a copy of the
 * variable (the "image" users may edit through bpf_map__initial_value(),
 * as skeletons do). The section's relocations say which program fills
 * which function pointer member; the image keeps the struct bpf_program
 * pointer there, so an edit can also swap or clear a program.
 *
 * Load: the struct is looked up by name in the kernel BTF together with
 * the kernel's bpf_struct_ops_<name> wrapper, the value the kernel gets
 * is built member by member from the image (the two layouts differ), and
 * each program learns its attach_btf_id (the struct) and member index.
 * Once the programs are loaded their fds go into the value.
 *
 * Attach: .struct_ops maps register by updating their only element (the
 * link unregisters by deleting it); .struct_ops.link maps get a real
 * BPF link from BPF_LINK_CREATE.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <elf.h>
#include <bpf/bpf.h>

#include "elf.h"
#include "btf_datasec.h"
#include "btf_internal.h"
#include "link_internal.h"
#include "object_internal.h"
#include "uapi_compat.h"

#define ST_OPS_VALUE_PREFIX "bpf_struct_ops_"

struct st_ops {
	__u32 type_id;		/* the variable's struct in obj->btf */
	__u32 size;		/* its size: bytes of data */
	__u32 nr_members;
	/* Local image; function pointer members hold struct bpf_program *. */
	void *data;
	/* Per local member: program bound to it (relocations at open,
	 * the image at load), or NULL. */
	struct bpf_program **progs;

	/* From load on: the value of bpf_struct_ops_<name> for the kernel
	 * and, per local member, where its program fd goes in it. */
	void *kern_vdata;
	__u32 kern_vsize;
	__u32 *kern_func_off;
	int mod_btf_fd;		/* module BTF of the struct, -1: vmlinux */
};

/* A struct_ops link: map_fd is the map behind a real BPF link (what
 * bpf_link__update_map() replaces), -1 for a plain registration. */
struct st_ops_link {
	struct bpf_link link;
	int map_fd;
};

bool sec_is_struct_ops(const char *name)
{
	if (name[0] == '?')
		name++;
	return !strcmp(name, ".struct_ops") || !strcmp(name, ".struct_ops.link");
}

/* Whether member type id is a pointer to a function. */
static bool is_func_ptr(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf_skip_mods_typedefs(btf, id, NULL);

	if (!t || !btf_is_ptr(t))
		return false;
	t = btf_skip_mods_typedefs(btf, t->type, NULL);
	return t && btf_is_func_proto(t);
}

static bool mem_is_zero(const void *p, size_t n)
{
	const __u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* prog points at a main program of obj (the image is user-writable). */
static bool prog_of_obj(const struct bpf_object *obj, const struct bpf_program *prog)
{
	uintptr_t p = (uintptr_t)prog, base = (uintptr_t)obj->progs;

	if (!obj->nr_progs || p < base || p >= base + obj->nr_progs * sizeof(*prog) ||
	    (p - base) % sizeof(*prog))
		return false;
	return !prog->is_subprog;
}

void st_ops_free(struct bpf_map *map)
{
	struct st_ops *st = map->st_ops;

	if (!st)
		return;
	free(st->data);
	free(st->progs);
	free(st->kern_vdata);
	free(st->kern_func_off);
	close_fd_safe(st->mod_btf_fd);
	free(st);
	map->st_ops = NULL;
}

void *st_ops_image(struct bpf_map *map, size_t *psize)
{
	/* the image keeps the local layout, whatever the kernel value's
	 * size is after load */
	if (psize)
		*psize = map->st_ops->size;
	return map->st_ops->data;
}

/* ---- open ---- */

static int st_ops_new(struct bpf_map *map, __u32 tid, const struct btf_type *t, const void *src)
{
	struct st_ops *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	map->st_ops = st;
	st->mod_btf_fd = -1;
	st->type_id = tid;
	st->size = t->size;
	st->nr_members = btf_vlen(t);
	st->data = calloc(1, st->size ? st->size : 1);
	st->progs = calloc(st->nr_members ? st->nr_members : 1, sizeof(*st->progs));
	if (!st->data || !st->progs)
		return -ENOMEM;
	if (src)
		memcpy(st->data, src, st->size);
	return 0;
}

/* One map for variable vsi of struct_ops section s. */
static int st_ops_add_map(struct bpf_object *obj, const struct elf_sec *s,
			  const struct btf_var_secinfo *vsi)
{
	const struct btf_type *var = btf__type_by_id(obj->btf, vsi->type), *t;
	const char *vname = var ? btf__name_by_offset(obj->btf, var->name_off) : NULL;
	const char *sname = s->name[0] == '?' ? s->name + 1 : s->name;
	struct bpf_map *map;
	__u32 tid;

	if (!var || !btf_is_var(var) || !vname || !*vname) {
		pr_warn("sec '%s': entry is not a named variable\n", s->name);
		return -LIBBPF_ERRNO__FORMAT;
	}
	t = btf_skip_mods_typedefs(obj->btf, var->type, &tid);
	if (!t || !btf_is_struct(t) || !t->name_off) {
		pr_warn("struct_ops '%s': type is not a named struct\n", vname);
		return -EINVAL;
	}
	if (!s->data || vsi->offset > s->size || t->size > s->size - vsi->offset) {
		pr_warn("struct_ops '%s': variable does not fit in section '%s'\n", vname, s->name);
		return -LIBBPF_ERRNO__FORMAT;
	}
	map = obj_add_map(obj);
	if (!map)
		return -ENOMEM;
	map->kind = MAP_KIND_STRUCT_OPS;
	map->sec_idx = s->idx;
	map->sec_offset = vsi->offset;
	map->btf_var_idx = vsi->type;
	map->btf_value_type_id = tid;
	map->name = strdup(vname);
	map->real_name = strdup(vname);
	if (!map->name || !map->real_name)
		return -ENOMEM;
	/* "?" sections, like "?" programs, are off by default */
	map->autocreate = s->name[0] != '?';
	map->def.type = BPF_MAP_TYPE_STRUCT_OPS;
	map->def.key_size = sizeof(__u32);
	map->def.value_size = t->size;
	map->def.max_entries = 1;
	map->def.map_flags = strcmp(sname, ".struct_ops.link") ? 0 : BPFKIT_BPF_F_LINK;
	return st_ops_new(map, tid, t, (const __u8 *)s->data + vsi->offset);
}

static int st_ops_add_sec_maps(struct bpf_object *obj, const struct elf_sec *s)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec;
	__s32 id;
	int err;

	if (!obj->btf) {
		pr_warn("sec '%s': struct_ops needs BTF, which the object lacks\n", s->name);
		return -LIBBPF_ERRNO__FORMAT;
	}
	id = btf_find_datasec(obj->btf, s->name);
	if (id < 0) {
		pr_warn("sec '%s': no BTF DATASEC describes it\n", s->name);
		return -LIBBPF_ERRNO__FORMAT;
	}
	sec = btf__type_by_id(obj->btf, id);
	vsi = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++) {
		err = st_ops_add_map(obj, s, &vsi[i]);
		if (err)
			return err;
	}
	return 0;
}

/* struct_ops map of section sec_idx whose variable holds byte off. */
static struct bpf_map *st_ops_map_at(struct bpf_object *obj, int sec_idx, __u64 off)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (m->st_ops && m->sec_idx == sec_idx && off >= m->sec_offset &&
		    off - m->sec_offset < m->st_ops->size)
			return m;
	}
	return NULL;
}

/* Index of the member of t starting at byte moff, or -1. */
static int member_at(const struct btf_type *t, __u32 moff)
{
	for (int i = 0; i < btf_vlen(t); i++)
		if (!btf_member_bitfield_size(t, i) && btf_member_bit_offset(t, i) == moff * 8)
			return i;
	return -1;
}

/* Main struct_ops program starting at byte value of section sec_idx. */
static struct bpf_program *prog_at_sym(struct bpf_object *obj, const struct elf_sym *sym)
{
	struct bpf_program *p;

	if (sym->value % BPF_INSN_SZ)
		return NULL;
	p = obj_prog_at(obj, sym->shndx, sym->value / BPF_INSN_SZ);
	if (!p || p->is_subprog || p->sec_insn_off != sym->value / BPF_INSN_SZ)
		return NULL;
	return p;
}

static int st_ops_relo(struct bpf_object *obj, const struct elf_sec *rs, size_t i)
{
	const struct btf_type *t;
	struct bpf_program *prog;
	struct bpf_map *map;
	struct elf_rel rel;
	struct elf_sym sym;
	const char *mname;
	__u32 moff;
	int midx;

	if (elf_rel_get(obj->elf, rs, i, &rel) || elf_sym_get(obj->elf, rel.sym, &sym)) {
		pr_warn("sec '%s': bad relocation %zu\n", rs->name, i);
		return -LIBBPF_ERRNO__FORMAT;
	}
	map = st_ops_map_at(obj, rs->info, rel.offset);
	if (!map) {
		pr_warn("sec '%s': relocation %zu at offset %llu is outside every struct_ops variable\n",
			rs->name, i, (unsigned long long)rel.offset);
		return -LIBBPF_ERRNO__FORMAT;
	}
	moff = rel.offset - map->sec_offset;
	t = btf__type_by_id(obj->btf, map->st_ops->type_id);
	midx = member_at(t, moff);
	mname = midx < 0 ? NULL : btf__name_by_offset(obj->btf, btf_members(t)[midx].name_off);
	if (!mname) {
		pr_warn("struct_ops '%s': relocation at offset %u is not at a member\n", map->name,
			moff);
		return -EINVAL;
	}
	if (!is_func_ptr(obj->btf, btf_members(t)[midx].type)) {
		pr_warn("struct_ops '%s': '%s' set to '%s' is not a function pointer member\n",
			map->name, mname, sym.name);
		return -EINVAL;
	}
	if (!sym.shndx || sym.shndx >= obj->nr_secs || obj->sec_kinds[sym.shndx] != SEC_KIND_PROG ||
	    !(prog = prog_at_sym(obj, &sym))) {
		pr_warn("struct_ops '%s': '%s' set to '%s', which is not a program\n", map->name,
			mname, sym.name);
		return -EINVAL;
	}
	if (prog->type != BPF_PROG_TYPE_STRUCT_OPS) {
		pr_warn("struct_ops '%s': '%s' set to prog '%s' of section '%s', not a struct_ops program\n",
			map->name, mname, prog->name, prog->sec_name);
		return -EINVAL;
	}
	if (moff + sizeof(__u64) > map->st_ops->size)
		return -LIBBPF_ERRNO__FORMAT;
	map->st_ops->progs[midx] = prog;
	/* the image holds the program itself, as a skeleton's shadow struct */
	memset((__u8 *)map->st_ops->data + moff, 0, sizeof(__u64));
	memcpy((__u8 *)map->st_ops->data + moff, &prog, sizeof(prog));
	return 0;
}

static bool prog_in_any_map(const struct bpf_object *obj, const struct bpf_program *prog)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		const struct st_ops *st = obj->maps[i].st_ops;

		for (__u32 k = 0; st && k < st->nr_members; k++)
			if (st->progs[k] == prog)
				return true;
	}
	return false;
}

int obj_init_struct_ops(struct bpf_object *obj)
{
	int err = 0;

	for (size_t i = 1; i < obj->nr_secs && !err; i++)
		if (obj->sec_kinds[i] == SEC_KIND_STRUCT_OPS)
			err = st_ops_add_sec_maps(obj, elf_sec_by_idx(obj->elf, i));
	for (size_t i = 1; i < obj->nr_secs && !err; i++) {
		const struct elf_sec *rs = elf_sec_by_idx(obj->elf, i);

		if (obj->sec_kinds[i] != SEC_KIND_RELO || rs->info >= obj->nr_secs ||
		    obj->sec_kinds[rs->info] != SEC_KIND_STRUCT_OPS)
			continue;
		for (size_t k = 0; k < elf_rel_cnt(rs) && !err; k++)
			err = st_ops_relo(obj, rs, k);
	}
	if (err)
		return err;
	/* a struct_ops program has nothing to attach to without a map */
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (p->type == BPF_PROG_TYPE_STRUCT_OPS && !p->is_subprog &&
		    !prog_in_any_map(obj, p))
			p->autoload = false;
	}
	return 0;
}

/* ---- load: kernel types ---- */

/* Kernel types of one struct_ops map. */
struct st_kern {
	struct btf *btf;	/* vmlinux, or a module's split BTF (owned) */
	bool own_btf;
	const struct btf_type *type;
	__u32 type_id;
	__u32 vtype_id;
	__u32 vsize;
	__u32 data_off;		/* of the struct in the wrapper value */
	int mod_fd;		/* module BTF fd, -1 for vmlinux */
};

/* Struct name in a module's BTF: the id, with its split BTF and fd. */
static int find_in_modules(struct btf *vmlinux, const char *name, struct st_kern *k)
{
	__u32 id = 0;

	while (!bpf_btf_get_next_id(id, &id)) {
		struct bpf_btf_info info = {};
		__u32 len = sizeof(info);
		char mname[64] = "";
		struct btf *btf;
		int fd, tid;

		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0)
			continue; /* unloaded meanwhile */
		info.name = ptr_to_u64(mname);
		info.name_len = sizeof(mname);
		if (bpf_btf_get_info_by_fd(fd, &info, &len) || !info.kernel_btf ||
		    !strcmp(mname, "vmlinux")) {
			close(fd);
			continue;
		}
		btf = btf__load_from_kernel_by_id_split(id, vmlinux);
		tid = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT) : -ENOENT;
		if (tid > 0) {
			k->btf = btf;
			k->own_btf = true;
			k->mod_fd = fd;
			return tid;
		}
		btf__free(btf);
		close(fd);
	}
	return -ENOENT;
}

static void st_kern_release(struct st_kern *k)
{
	if (k->own_btf)
		btf__free(k->btf);
	close_fd_safe(k->mod_fd);
	k->mod_fd = -1;
	k->btf = NULL;
}

static int st_kern_find(struct bpf_object *obj, struct bpf_map *map, struct st_kern *k)
{
	const struct btf_type *t = btf__type_by_id(obj->btf, map->st_ops->type_id), *vt;
	const char *full = btf__name_by_offset(obj->btf, t->name_off);
	char name[128], vname[160];
	struct btf *vmlinux;
	int id, vid;

	/* "tcp_congestion_ops___v2" stands for tcp_congestion_ops */
	snprintf(name, sizeof(name), "%.*s", (int)btf_essential_name_len(full), full);
	vmlinux = obj_vmlinux_btf(obj);
	if (!vmlinux) {
		id = -errno;
		pr_warn("struct_ops '%s': no kernel BTF to find struct %s in: %s\n", map->name,
			name, errstr(id));
		return id;
	}
	k->btf = vmlinux;
	id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_STRUCT);
	if (id < 0)
		id = find_in_modules(vmlinux, name, k);
	if (id < 0) {
		pr_warn("struct_ops '%s': struct %s is not in the kernel's BTF\n", map->name, name);
		return -ENOENT;
	}
	snprintf(vname, sizeof(vname), ST_OPS_VALUE_PREFIX "%s", name);
	vid = btf__find_by_name_kind(k->btf, vname, BTF_KIND_STRUCT);
	if (vid < 0) {
		pr_warn("struct_ops '%s': the kernel has no struct %s: struct %s is not a struct_ops type\n",
			map->name, vname, name);
		return -ENOENT;
	}
	k->type_id = id;
	k->type = btf__type_by_id(k->btf, id);
	k->vtype_id = vid;
	vt = btf__type_by_id(k->btf, vid);
	k->vsize = vt->size;
	for (int i = 0; i < btf_vlen(vt); i++) {
		__u32 off = btf_member_bit_offset(vt, i) / 8;

		if (btf_members(vt)[i].type != (__u32)id)
			continue;
		if (off > k->vsize || k->type->size > k->vsize - off)
			break;
		k->data_off = off;
		return 0;
	}
	pr_warn("struct_ops '%s': struct %s holds no struct %s\n", map->name, vname, name);
	return -EINVAL;
}

/* Kernel member of k->type called name, or -1. */
static int kern_member(const struct st_kern *k, const char *name)
{
	const struct btf_member *m = btf_members(k->type);

	for (int i = 0; i < btf_vlen(k->type); i++) {
		const char *n = btf__name_by_offset(k->btf, m[i].name_off);

		if (n && !strcmp(n, name))
			return i;
	}
	return -1;
}

/* Function pointer member i (local) set to the program in the image. */
static int bind_prog(struct bpf_object *obj, struct bpf_map *map, const struct st_kern *k,
		     __u32 i, int kidx, const char *mname)
{
	const struct btf_type *t = btf__type_by_id(obj->btf, map->st_ops->type_id);
	struct st_ops *st = map->st_ops;
	__u32 moff = btf_member_bit_offset(t, i) / 8;
	__u32 kmoff = btf_member_bit_offset(k->type, kidx) / 8;
	struct bpf_program *prog;

	memcpy(&prog, (__u8 *)st->data + moff, sizeof(prog));
	/* a program edited out of the image is not loaded for this map
	 * (adjust_autoload() turns it back on if another map uses it) */
	if (st->progs[i] && st->progs[i] != prog)
		st->progs[i]->autoload = false;
	st->progs[i] = NULL;
	if (!prog)
		return 0;
	if (!prog_of_obj(obj, prog) || prog->type != BPF_PROG_TYPE_STRUCT_OPS) {
		pr_warn("struct_ops '%s': '%s' does not hold a struct_ops program of this object\n",
			map->name, mname);
		return -EINVAL;
	}
	if (!is_func_ptr(k->btf, btf_members(k->type)[kidx].type)) {
		pr_warn("struct_ops '%s': prog '%s' is bound to '%s', not a function pointer in the kernel\n",
			map->name, prog->name, mname);
		return -EINVAL;
	}
	if (k->data_off + (__u64)kmoff + sizeof(__u64) > st->kern_vsize) {
		pr_warn("struct_ops '%s': member '%s' lies outside its struct\n", map->name, mname);
		return -EINVAL;
	}
	/* a program can serve several maps, but only as the same member
	 * of the same struct: that is what it is verified against */
	if (prog->attach_btf_id && prog->attach_btf_id != k->type_id) {
		pr_warn("struct_ops '%s': prog '%s' for '%s' already serves another struct_ops type (kernel type %u)\n",
			map->name, prog->name, mname, prog->attach_btf_id);
		return -EINVAL;
	}
	if (prog->attach_btf_id && prog->expected_attach_type != (__u32)kidx) {
		__u32 other = prog->expected_attach_type;
		const char *oname = other < btf_vlen(k->type) ?
			btf__name_by_offset(k->btf, btf_members(k->type)[other].name_off) : NULL;

		pr_warn("struct_ops '%s': prog '%s' for '%s' already serves member '%s'\n",
			map->name, prog->name, mname, oname ? oname : "?");
		return -EINVAL;
	}
	prog->attach_btf_id = k->type_id;
	prog->expected_attach_type = kidx;
	prog->attach_btf_obj_fd = k->mod_fd >= 0 ? st->mod_btf_fd : 0;
	st->progs[i] = prog;
	st->kern_func_off[i] = k->data_off + kmoff;
	return 0;
}

/* Copy local data member i into the kernel value. */
static int copy_member(struct bpf_object *obj, struct bpf_map *map, const struct st_kern *k,
		       __u32 i, int kidx, const char *mname)
{
	const struct btf_type *t = btf__type_by_id(obj->btf, map->st_ops->type_id);
	struct st_ops *st = map->st_ops;
	__u32 moff = btf_member_bit_offset(t, i) / 8;
	__u32 kmoff = btf_member_bit_offset(k->type, kidx) / 8;
	__s64 msize = btf__resolve_size(obj->btf, btf_members(t)[i].type);
	__s64 ksize = btf__resolve_size(k->btf, btf_members(k->type)[kidx].type);

	if (msize < 0 || ksize < 0 || msize != ksize) {
		pr_warn("struct_ops '%s': member '%s' has %lld bytes here, %lld in the kernel\n",
			map->name, mname, (long long)msize, (long long)ksize);
		return -ENOTSUP;
	}
	if (moff > st->size || msize > st->size - moff ||
	    k->data_off + (__u64)kmoff + ksize > st->kern_vsize) {
		pr_warn("struct_ops '%s': member '%s' lies outside its struct\n", map->name, mname);
		return -EINVAL;
	}
	memcpy((__u8 *)st->kern_vdata + k->data_off + kmoff, (__u8 *)st->data + moff, msize);
	return 0;
}

/* Member i of the local struct into the kernel value. */
static int init_member(struct bpf_object *obj, struct bpf_map *map, const struct st_kern *k,
		       __u32 i)
{
	const struct btf_type *t = btf__type_by_id(obj->btf, map->st_ops->type_id), *mt, *kt;
	const struct btf_member *m = &btf_members(t)[i];
	const char *mname = btf__name_by_offset(obj->btf, m->name_off);
	struct st_ops *st = map->st_ops;
	__u32 moff = btf_member_bit_offset(t, i) / 8;
	__s64 msize = btf__resolve_size(obj->btf, m->type);
	int kidx;

	if (!mname || msize < 0 || moff > st->size || msize > st->size - moff) {
		pr_warn("struct_ops '%s': member %u is malformed\n", map->name, i);
		return -EINVAL;
	}
	kidx = *mname ? kern_member(k, mname) : -1;
	if (kidx < 0) {
		/* what this kernel lacks may only be left unset */
		if (!mem_is_zero((__u8 *)st->data + moff, msize)) {
			pr_warn("struct_ops '%s': member '%s' is set but the kernel's struct has no such member\n",
				map->name, *mname ? mname : "(anon)");
			return -ENOTSUP;
		}
		if (st->progs[i])
			st->progs[i]->autoload = false;
		st->progs[i] = NULL;
		pr_info("struct_ops '%s': member '%s' not in the kernel, unset: skipped\n",
			map->name, mname);
		return 0;
	}
	if (btf_member_bitfield_size(t, i) || btf_member_bitfield_size(k->type, kidx)) {
		pr_warn("struct_ops '%s': bitfield member '%s' is not supported\n", map->name, mname);
		return -ENOTSUP;
	}
	mt = btf_skip_mods_typedefs(obj->btf, m->type, NULL);
	kt = btf_skip_mods_typedefs(k->btf, btf_members(k->type)[kidx].type, NULL);
	if (!mt || !kt || btf_kind(mt) != btf_kind(kt)) {
		pr_warn("struct_ops '%s': member '%s' is a %s here, a %s in the kernel\n", map->name,
			mname, mt ? btf_kind_str(btf_kind(mt)) : "?",
			kt ? btf_kind_str(btf_kind(kt)) : "?");
		return -ENOTSUP;
	}
	if (btf_is_ptr(mt))
		return bind_prog(obj, map, k, i, kidx, mname);
	return copy_member(obj, map, k, i, kidx, mname);
}

static int st_ops_init_kern(struct bpf_object *obj, struct bpf_map *map)
{
	struct st_ops *st = map->st_ops;
	struct st_kern k = { .mod_fd = -1 };
	int err;

	err = st_kern_find(obj, map, &k);
	if (err)
		goto out;
	st->kern_vsize = k.vsize;
	st->kern_vdata = calloc(1, k.vsize ? k.vsize : 1);
	st->kern_func_off = calloc(st->nr_members ? st->nr_members : 1, sizeof(__u32));
	if (!st->kern_vdata || !st->kern_func_off) {
		err = -ENOMEM;
		goto out;
	}
	/* the map owns the module BTF fd from here on (programs borrow it) */
	st->mod_btf_fd = k.mod_fd;
	for (__u32 i = 0; i < st->nr_members && !err; i++)
		err = init_member(obj, map, &k, i);
	k.mod_fd = -1;
	if (err)
		goto out;
	map->def.value_size = k.vsize;
	map->btf_vmlinux_value_type_id = k.vtype_id;
out:
	st_kern_release(&k);
	return err;
}

/* As libbpf 1.x: a program some struct_ops map uses loads exactly when
 * one of those maps is created; programs no map uses stay as they are. */
static void adjust_autoload(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];
		bool used = false, wanted = false;

		if (p->type != BPF_PROG_TYPE_STRUCT_OPS || p->is_subprog)
			continue;
		for (int j = 0; j < obj->nr_maps; j++) {
			const struct st_ops *st = obj->maps[j].st_ops;

			for (__u32 k = 0; st && k < st->nr_members; k++) {
				if (st->progs[k] != p)
					continue;
				used = true;
				wanted |= obj->maps[j].autocreate;
			}
		}
		if (used)
			p->autoload = wanted;
	}
}

int obj_prepare_struct_ops(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];
		int err;

		if (!m->st_ops || !m->autocreate || m->reused)
			continue;
		err = st_ops_init_kern(obj, m);
		if (err)
			return err;
	}
	adjust_autoload(obj);
	return 0;
}

int st_ops_prog_check(const struct bpf_program *prog)
{
	if (prog->type != BPF_PROG_TYPE_STRUCT_OPS || prog->attach_btf_id)
		return 0;
	pr_warn("prog '%s': struct_ops program is not a member of any created struct_ops map\n",
		prog->name);
	return -EINVAL;
}

int st_ops_map_create(struct bpf_map *map)
{
	LIBBPF_OPTS(bpf_map_create_opts, o);
	struct st_ops *st = map->st_ops;
	char name[BPF_OBJ_NAME_LEN];
	int fd;

	if (!st->kern_vdata) {
		pr_warn("struct_ops '%s': kernel value was not prepared\n", map->name);
		return -EINVAL;
	}
	/* the kernel finds the struct through the object's BTF */
	if (map->obj->btf_fd < 0) {
		pr_warn("struct_ops '%s': needs the object's BTF loaded in the kernel\n", map->name);
		return -ENOTSUP;
	}
	snprintf(name, sizeof(name), "%s", map->name);
	o.btf_fd = map->obj->btf_fd;
	o.btf_vmlinux_value_type_id = map->btf_vmlinux_value_type_id;
	o.map_flags = map->def.map_flags;
	if (st->mod_btf_fd >= 0) {
		o.value_type_btf_obj_fd = st->mod_btf_fd;
		o.map_flags |= BPFKIT_BPF_F_VTYPE_BTF_OBJ_FD;
	}
	fd = bpf_map_create(BPF_MAP_TYPE_STRUCT_OPS, name, sizeof(__u32), map->def.value_size, 1,
			    &o);
	return fd < 0 ? -errno : fd;
}

int obj_struct_ops_set_prog_fds(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];
		struct st_ops *st = m->st_ops;

		if (!st || !st->kern_vdata || m->fd < 0)
			continue;
		for (__u32 k = 0; k < st->nr_members; k++) {
			__u64 fd;

			if (!st->progs[k])
				continue;
			if (st->progs[k]->fd < 0) {
				pr_warn("struct_ops '%s': prog '%s' is not loaded\n", m->name,
					st->progs[k]->name);
				return -EINVAL;
			}
			fd = st->progs[k]->fd;
			memcpy((__u8 *)st->kern_vdata + st->kern_func_off[k], &fd, sizeof(fd));
		}
	}
	return 0;
}

/* ---- attach ---- */

static bool link_ptr_bad(const struct bpf_link *link)
{
	return !link || (uintptr_t)link >= (uintptr_t)-4095;
}

static void st_link_free(struct bpf_link *link)
{
	free(link);
}

static struct st_ops_link *st_link(struct bpf_link *link)
{
	/* our dealloc marks links made here */
	return link->dealloc == st_link_free ? (struct st_ops_link *)link : NULL;
}

/* Registration without a link: deleting the element unregisters. */
static int st_unregister(struct bpf_link *link)
{
	__u32 zero = 0;
	int err;

	if (!bpf_map_delete_elem(link->fd, &zero))
		return 0;
	err = -errno;
	pr_warn("struct_ops: unregistering map fd %d failed: %s\n", link->fd, errstr(err));
	return err;
}

/* Check map can be registered: a created struct_ops map with its value. */
static int st_map_ready(const struct bpf_map *map, const char *what)
{
	if (!map || !map->st_ops) {
		pr_warn("%s: map '%s' is not a struct_ops map\n", what, map ? map->name : "(null)");
		return -EINVAL;
	}
	if (map->fd < 0 || !map->st_ops->kern_vdata) {
		pr_warn("%s: struct_ops map '%s' is not created (was the object loaded?)\n", what,
			map->name);
		return -EINVAL;
	}
	return 0;
}

/* The value for the kernel; EBUSY means a link map already got it. */
static int st_map_update(const struct bpf_map *map, bool busy_ok)
{
	__u32 zero = 0;
	int err;

	if (!bpf_map_update_elem(map->fd, &zero, map->st_ops->kern_vdata, 0))
		return 0;
	err = -errno;
	if (busy_ok && err == -EBUSY)
		return 0;
	pr_warn("struct_ops '%s': the kernel refused the value: %s\n", map->name, errstr(err));
	return err;
}

static struct bpf_link *st_attach_plain(const struct bpf_map *map)
{
	struct bpf_link *link;
	__u32 zero = 0;
	int fd, err;

	/* the link holds its own reference so destroy works after close */
	fd = ensure_good_fd(fcntl(map->fd, F_DUPFD_CLOEXEC, 3));
	if (fd < 0) {
		err = -errno;
		pr_warn("struct_ops '%s': cannot duplicate the map fd: %s\n", map->name,
			errstr(err));
		return libbpf_err_ptr(err);
	}
	err = st_map_update(map, false);
	if (err) {
		close(fd);
		return libbpf_err_ptr(err);
	}
	link = link_new(sizeof(struct st_ops_link), fd, st_unregister);
	if (!link) {
		bpf_map_delete_elem(fd, &zero);
		close(fd);
		return libbpf_err_ptr(-ENOMEM);
	}
	link->dealloc = st_link_free;
	((struct st_ops_link *)link)->map_fd = -1;
	return link;
}

static struct bpf_link *st_attach_link(const struct bpf_map *map)
{
	struct bpf_link *link;
	int fd, err;

	err = st_map_update(map, true);
	if (err)
		return libbpf_err_ptr(err);
	fd = bpf_link_create(map->fd, 0, BPFKIT_BPF_STRUCT_OPS, NULL);
	if (fd < 0) {
		err = -errno;
		pr_warn("struct_ops '%s': BPF_LINK_CREATE failed: %s\n", map->name, errstr(err));
		return libbpf_err_ptr(err);
	}
	link = link_new(sizeof(struct st_ops_link), fd, NULL);
	if (!link) {
		close(fd);
		return libbpf_err_ptr(-ENOMEM);
	}
	link->dealloc = st_link_free;
	((struct st_ops_link *)link)->map_fd = map->fd;
	return link;
}

LIBBPF_API struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map)
{
	int err = st_map_ready(map, "bpf_map__attach_struct_ops");

	if (err)
		return libbpf_err_ptr(err);
	if (map->def.map_flags & BPFKIT_BPF_F_LINK)
		return st_attach_link(map);
	return st_attach_plain(map);
}

LIBBPF_API int bpf_link__update_map(struct bpf_link *link, const struct bpf_map *map)
{
	struct st_ops_link *sl = link_ptr_bad(link) ? NULL : st_link(link);
	int err = st_map_ready(map, "bpf_link__update_map");

	if (err)
		return libbpf_err(err);
	if (!sl || sl->map_fd < 0) {
		pr_warn("bpf_link__update_map: not a link of a .struct_ops.link map\n");
		return libbpf_err(-EINVAL);
	}
	/* updating a map without BPF_F_LINK would register it on its own */
	if (!(map->def.map_flags & BPFKIT_BPF_F_LINK)) {
		pr_warn("bpf_link__update_map: map '%s' is not from .struct_ops.link\n", map->name);
		return libbpf_err(-EINVAL);
	}
	err = st_map_update(map, true);
	if (err)
		return libbpf_err(err);
	if (bpf_link_update(link->fd, map->fd, NULL)) {
		err = -errno;
		pr_warn("struct_ops '%s': link update failed: %s\n", map->name, errstr(err));
		return libbpf_err(err);
	}
	sl->map_fd = map->fd;
	return 0;
}

LIBBPF_API int bpf_program__assoc_struct_ops(struct bpf_program *prog, struct bpf_map *map,
					     struct bpf_prog_assoc_struct_ops_opts *opts)
{
	int err;

	if (!prog || prog->fd < 0) {
		pr_warn("prog '%s': not loaded, cannot associate a struct_ops map\n",
			prog ? prog->name : "(null)");
		return libbpf_err(-EINVAL);
	}
	if (prog->type == BPF_PROG_TYPE_STRUCT_OPS) {
		pr_warn("prog '%s': struct_ops programs cannot be associated with a map\n",
			prog->name);
		return libbpf_err(-EINVAL);
	}
	err = st_map_ready(map, "bpf_program__assoc_struct_ops");
	if (err)
		return libbpf_err(err);
	if (bpf_prog_assoc_struct_ops(prog->fd, map->fd, opts)) {
		err = -errno;
		pr_warn("prog '%s': association with struct_ops '%s' failed: %s\n", prog->name,
			map->name, errstr(err));
		return libbpf_err(err);
	}
	return 0;
}
