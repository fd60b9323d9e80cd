// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_object__gen_loader(): instead of creating maps and loading programs,
 * bpf_object__load() records those steps as a BPF_PROG_TYPE_SYSCALL
 * "loader" program plus the data it works on (light skeletons, see
 * <bpf/skel_internal.h>).
 *
 * The data blob becomes the value of a one-element array map that the
 * loader reaches as fd_array[0] (ld_imm64 BPF_PSEUDO_MAP_IDX_VALUE). It
 * starts with fd slots (one per map, which also serves as the fd_array of
 * every program load, one per program, one for BTF) and a zero key; then
 * come the bpf_attr images, BTF, instructions, strings and global data.
 * The loader patches kernel addresses of blob parts and fds of earlier
 * steps into the attrs, calls bpf_sys_bpf() on them, and at the end copies
 * the fds into its context (struct bpf_loader_ctx, then a bpf_map_desc per
 * map and a bpf_prog_desc per main program, in object order). On failure
 * it closes what it created and returns the negative errno.
 *
 * kfunc and typed ksym BTF ids are looked up by the loader in the kernel
 * it runs on. The rest that depends on the kernel (CO-RE, attach BTF ids,
 * Kconfig, untyped ksym addresses) is resolved against the running kernel
 * while generating.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>

#include "features.h"
#include "uapi_compat.h"
#include "object_internal.h"

/* Context layout shared with <bpf/skel_internal.h> (checked by tests). */
#define CTX_FLAGS 4
#define CTX_LOG_LEVEL 8
#define CTX_LOG_SIZE 12
#define CTX_LOG_BUF 16
#define CTX_HEAD_SZ 24
#define MAP_DESC_SZ 16
#define MAP_DESC_MAX_ENTRIES 4
#define MAP_DESC_INIT_VALUE 8
#define PROG_DESC_SZ 4
#define SKEL_KERNEL_FLAG 1

#define BTF_ATTR_SZ offsetofend(union bpf_attr, btf_log_level)
#define MAP_ATTR_SZ offsetofend(union bpf_attr, map_extra)
#define ELEM_ATTR_SZ offsetofend(union bpf_attr, flags)
#define FREEZE_ATTR_SZ offsetofend(union bpf_attr, map_fd)
#define PROG_ATTR_SZ offsetofend(union bpf_attr, fd_array)

/* Scratch registers are r0-r5; r6 holds the context, r7 the last result. */
#define R_CTX BPF_REG_6
#define R_RES BPF_REG_7

struct gen_loader {
	struct gen_loader_opts *opts;	/* caller's, filled at load */
	char *data;
	size_t data_sz, data_cap;
	struct bpf_insn *insns;
	size_t insn_cnt, insn_cap;
	__u32 *err_jumps;		/* insns jumping to the cleanup code */
	size_t nr_err_jumps, err_jumps_cap;
	int err;
	__u32 map_slots;		/* blob offset of the map fd slots */
	__u32 prog_slots;
	__u32 btf_slot;
	__u32 zero_key;
	int nr_main_progs;
	bool has_btf;
};

static inline struct bpf_insn mk(__u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	return (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src, .off = off,
				  .imm = imm };
}

static void emit(struct gen_loader *g, struct bpf_insn insn)
{
	if (g->err)
		return;
	if (libbpf_ensure_mem((void **)&g->insns, &g->insn_cap, sizeof(insn), g->insn_cnt + 1)) {
		g->err = -ENOMEM;
		return;
	}
	g->insns[g->insn_cnt++] = insn;
}

/* Append sz bytes (zeros when p is NULL) 8-aligned; returns the offset. */
static __u32 data_add(struct gen_loader *g, const void *p, size_t sz)
{
	size_t off = (g->data_sz + 7) & ~(size_t)7;

	if (g->err)
		return 0;
	if (off + sz > UINT32_MAX - 8 ||
	    libbpf_ensure_mem((void **)&g->data, &g->data_cap, 1, off + sz)) {
		g->err = -ENOMEM;
		return 0;
	}
	memset(g->data + g->data_sz, 0, off - g->data_sz);
	if (p)
		memcpy(g->data + off, p, sz);
	else
		memset(g->data + off, 0, sz);
	g->data_sz = off + sz;
	return off;
}

static void emit_mov_imm(struct gen_loader *g, int reg, __s32 imm)
{
	emit(g, mk(BPF_ALU64 | BPF_MOV | BPF_K, reg, 0, 0, imm));
}

static void emit_mov_reg(struct gen_loader *g, int dst, int src)
{
	emit(g, mk(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0));
}

static void emit_ldx(struct gen_loader *g, int size, int dst, int src, __s16 off)
{
	emit(g, mk(BPF_LDX | BPF_MEM | size, dst, src, off, 0));
}

static void emit_stx(struct gen_loader *g, int size, int dst, int src, __s16 off)
{
	emit(g, mk(BPF_STX | BPF_MEM | size, dst, src, off, 0));
}

static void emit_call(struct gen_loader *g, int helper)
{
	emit(g, mk(BPF_JMP | BPF_CALL, 0, 0, 0, helper));
}

/* reg = kernel address of blob offset off */
static void emit_blob_addr(struct gen_loader *g, int reg, __u32 off)
{
	emit(g, mk(BPF_LD | BPF_IMM | BPF_DW, reg, BPF_PSEUDO_MAP_IDX_VALUE, 0, 0));
	emit(g, mk(0, 0, 0, 0, (__s32)off));
}

/* r7 = r0; on r7 < 0 go to the cleanup code (patched at the end). */
static void emit_check_result(struct gen_loader *g)
{
	emit_mov_reg(g, R_RES, BPF_REG_0);
	if (g->err)
		return;
	if (libbpf_ensure_mem((void **)&g->err_jumps, &g->err_jumps_cap, sizeof(__u32),
			      g->nr_err_jumps + 1)) {
		g->err = -ENOMEM;
		return;
	}
	g->err_jumps[g->nr_err_jumps++] = g->insn_cnt;
	emit(g, mk(BPF_JMP | BPF_JSLT | BPF_K, R_RES, 0, 0, 0));
}

/* *(u32 *)(blob + dst) = *(u32 *)(blob + src): an fd of an earlier step. */
static void emit_copy_slot(struct gen_loader *g, __u32 dst, __u32 src)
{
	emit_blob_addr(g, BPF_REG_0, src);
	emit_ldx(g, BPF_W, BPF_REG_0, BPF_REG_0, 0);
	emit_blob_addr(g, BPF_REG_1, dst);
	emit_stx(g, BPF_W, BPF_REG_1, BPF_REG_0, 0);
}

/* *(u64 *)(blob + field) = kernel address of blob + target */
static void emit_set_ptr(struct gen_loader *g, __u32 field, __u32 target)
{
	emit_blob_addr(g, BPF_REG_0, target);
	emit_blob_addr(g, BPF_REG_1, field);
	emit_stx(g, BPF_DW, BPF_REG_1, BPF_REG_0, 0);
}

/* *(size *)(blob + dst) = *(size *)(ctx + ctx_off) */
static void emit_ctx_to_blob(struct gen_loader *g, int size, __s16 ctx_off, __u32 dst)
{
	emit_ldx(g, size, BPF_REG_0, R_CTX, ctx_off);
	emit_blob_addr(g, BPF_REG_1, dst);
	emit_stx(g, size, BPF_REG_1, BPF_REG_0, 0);
}

static void emit_sys_bpf(struct gen_loader *g, int cmd, __u32 attr, __u32 attr_sz)
{
	emit_mov_imm(g, BPF_REG_1, cmd);
	emit_blob_addr(g, BPF_REG_2, attr);
	emit_mov_imm(g, BPF_REG_3, attr_sz);
	emit_call(g, BPF_FUNC_sys_bpf);
	emit_check_result(g);
}

/* The fd just made (r7) into its slot. */
static void emit_save_fd(struct gen_loader *g, __u32 slot)
{
	emit_blob_addr(g, BPF_REG_1, slot);
	emit_stx(g, BPF_W, BPF_REG_1, R_RES, 0);
}

static __u32 map_slot(const struct gen_loader *g, int i)
{
	return g->map_slots + i * sizeof(__u32);
}

static __u32 prog_slot(const struct gen_loader *g, int i)
{
	return g->prog_slots + i * sizeof(__u32);
}

static __s16 map_desc(int i)
{
	return CTX_HEAD_SZ + i * MAP_DESC_SZ;
}

static __s16 prog_desc(const struct bpf_object *obj, int i)
{
	return CTX_HEAD_SZ + obj->nr_maps * MAP_DESC_SZ + i * PROG_DESC_SZ;
}

/* What the loader cannot do (yet): refuse before recording anything. */
static int gen_check_object(const struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		const struct bpf_map *m = &obj->maps[i];
		const char *why = NULL;

		if (!m->autocreate)
			continue;
		if (m->inner_map || m->kind == MAP_KIND_INNER || m->has_values)
			why = "map-in-map and `values` initializers";
		else if (m->pin_path)
			why = "pinning";
		else if (m->reused)
			why = "reused map fds";
		else if (m->excl_prog)
			why = "exclusive maps";
		else if (m->def.type == BPFKIT_BPF_MAP_TYPE_ARENA ||
			 m->def.type == BPF_MAP_TYPE_STRUCT_OPS)
			why = "arena and struct_ops maps";
		if (why) {
			pr_warn("map '%s': loader generation does not support %s\n", m->name, why);
			return -EOPNOTSUPP;
		}
	}
	for (int i = 0; i < obj->nr_progs; i++) {
		const struct bpf_program *p = &obj->progs[i];

		if (p->is_subprog || !p->autoload)
			continue;
		if (p->prep || p->attach_prog_fd) {
			pr_warn("prog '%s': loader generation does not support preprocessors or freplace targets\n",
				p->name);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static int gen_btf(struct gen_loader *g, struct bpf_object *obj)
{
	struct btf *san = NULL;
	union bpf_attr attr;
	const void *raw;
	__u32 size, raw_off, attr_off;
	__u64 feats;

	if (!obj->btf || !kernel_supports(FEAT_BTF))
		return 0;
	feats = kernel_btf_features();
	if (btf_needs_sanitize(obj->btf, feats)) {
		san = btf_sanitize(obj->btf, feats);
		if (!san)
			return -errno;
	}
	raw = btf__raw_data(san ? san : obj->btf, &size);
	if (!raw) {
		btf__free(san);
		return -errno;
	}
	raw_off = data_add(g, raw, size);
	btf__free(san);
	memset(&attr, 0, sizeof(attr));
	attr.btf_size = size;
	attr_off = data_add(g, &attr, BTF_ATTR_SZ);
	emit_set_ptr(g, attr_off + offsetof(union bpf_attr, btf), raw_off);
	emit_sys_bpf(g, BPF_BTF_LOAD, attr_off, BTF_ATTR_SZ);
	emit_save_fd(g, g->btf_slot);
	g->has_btf = true;
	return 0;
}

/* Global data: the image from the desc's initial_value when the caller
 * gives one (a light skeleton's editable copy), else the object's; then
 * BPF_MAP_UPDATE_ELEM and, for read-only data, BPF_MAP_FREEZE. */
static void gen_map_data(struct gen_loader *g, const struct bpf_map *m, int idx)
{
	__u32 sz = m->def.value_size, val, attr_off;
	__s16 desc = map_desc(idx);
	union bpf_attr attr;
	size_t skip;

	val = data_add(g, m->mmaped, sz);
	emit_ldx(g, BPF_DW, BPF_REG_3, R_CTX, desc + MAP_DESC_INIT_VALUE);
	skip = g->insn_cnt;
	emit(g, mk(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_3, 0, 0, 0));
	emit_ldx(g, BPF_W, BPF_REG_0, R_CTX, CTX_FLAGS);
	emit(g, mk(BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_0, 0, 0, SKEL_KERNEL_FLAG));
	emit_blob_addr(g, BPF_REG_1, val);
	emit_mov_imm(g, BPF_REG_2, sz);
	/* user memory unless the loader runs for a kernel module */
	emit(g, mk(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 2, 0));
	emit_call(g, BPF_FUNC_copy_from_user);
	emit(g, mk(BPF_JMP | BPF_JA, 0, 0, 1, 0));
	/* one insn either way: a kernel without the helper (lockdown) fails
	 * only loaders run for kernel modules */
	if (kernel_supports(FEAT_PROBE_READ_KERN))
		emit_call(g, BPF_FUNC_probe_read_kernel);
	else
		emit_mov_imm(g, BPF_REG_0, -EOPNOTSUPP);
	emit_check_result(g);
	if (!g->err)
		g->insns[skip].off = g->insn_cnt - skip - 1;

	memset(&attr, 0, sizeof(attr));
	attr_off = data_add(g, &attr, ELEM_ATTR_SZ);
	emit_copy_slot(g, attr_off + offsetof(union bpf_attr, map_fd), map_slot(g, idx));
	emit_set_ptr(g, attr_off + offsetof(union bpf_attr, key), g->zero_key);
	emit_set_ptr(g, attr_off + offsetof(union bpf_attr, value), val);
	emit_sys_bpf(g, BPF_MAP_UPDATE_ELEM, attr_off, ELEM_ATTR_SZ);
	if (m->kind != MAP_KIND_RODATA && m->kind != MAP_KIND_KCONFIG)
		return;
	attr_off = data_add(g, &attr, FREEZE_ATTR_SZ);
	emit_copy_slot(g, attr_off + offsetof(union bpf_attr, map_fd), map_slot(g, idx));
	emit_sys_bpf(g, BPF_MAP_FREEZE, attr_off, FREEZE_ATTR_SZ);
}

static int gen_map(struct gen_loader *g, const struct bpf_map *m, int idx)
{
	const struct map_def *d = &m->def;
	bool with_btf = false;
	union bpf_attr attr;
	__u32 attr_off;
	__s16 desc = map_desc(idx);

	if (map_is_internal(m) && !kernel_supports(FEAT_GLOBAL_DATA)) {
		pr_warn("map '%s': the kernel does not support global data\n", m->name);
		return -EOPNOTSUPP;
	}
	memset(&attr, 0, sizeof(attr));
	attr.map_type = d->type;
	attr.key_size = d->key_size;
	attr.value_size = d->value_size;
	attr.max_entries = d->max_entries;
	attr.map_flags = d->map_flags;
	attr.numa_node = d->numa_node;
	attr.map_extra = d->map_extra;
	attr.map_ifindex = m->ifindex;
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !attr.max_entries) {
		int cpus = libbpf_num_possible_cpus();

		attr.max_entries = cpus > 0 ? cpus : 1;
	}
	snprintf(attr.map_name, sizeof(attr.map_name), "%s", m->name);
	if (g->has_btf && (m->btf_key_type_id || m->btf_value_type_id) && map_takes_btf(d->type)) {
		attr.btf_key_type_id = m->btf_key_type_id;
		attr.btf_value_type_id = m->btf_value_type_id;
		with_btf = true;
	}
	attr_off = data_add(g, &attr, MAP_ATTR_SZ);
	if (with_btf)
		emit_copy_slot(g, attr_off + offsetof(union bpf_attr, btf_fd), g->btf_slot);
	if (!map_is_internal(m)) {
		/* a non-zero max_entries in the desc overrides the object's */
		emit_ldx(g, BPF_W, BPF_REG_0, R_CTX, desc + MAP_DESC_MAX_ENTRIES);
		emit(g, mk(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 3, 0));
		emit_blob_addr(g, BPF_REG_1, attr_off + offsetof(union bpf_attr, max_entries));
		emit_stx(g, BPF_W, BPF_REG_1, BPF_REG_0, 0);
	}
	emit_sys_bpf(g, BPF_MAP_CREATE, attr_off, MAP_ATTR_SZ);
	emit_save_fd(g, map_slot(g, idx));
	if (map_is_internal(m))
		gen_map_data(g, m, idx);
	return 0;
}

/* Map references of the relocated programs name map i as fd_array[i]. */
static int gen_relocate(struct bpf_object *obj)
{
	int *idx = calloc(obj->nr_maps ? obj->nr_maps : 1, sizeof(int));
	int err;

	if (!idx)
		return -ENOMEM;
	for (int i = 0; i < obj->nr_maps; i++)
		idx[i] = obj->maps[i].autocreate ? i : -1;
	err = obj_relocate_progs_fds(obj, idx);
	free(idx);
	if (err)
		return err;
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (p->is_subprog || !p->autoload)
			continue;
		for (size_t k = 0; k + 1 < p->insn_cnt; k++) {
			struct bpf_insn *insn = &p->insns[k];

			if (!insn_is_ldimm64(insn))
				continue;
			if (insn->src_reg == BPF_PSEUDO_MAP_FD)
				insn->src_reg = BPF_PSEUDO_MAP_IDX;
			else if (insn->src_reg == BPF_PSEUDO_MAP_VALUE)
				insn->src_reg = BPF_PSEUDO_MAP_IDX_VALUE;
			k++;
		}
	}
	return 0;
}

/* kfunc calls and typed ksyms: the loader looks their BTF ids up in the
 * kernel it runs on (bpf_btf_find_by_name_kind()) and patches them into
 * the instructions in its data; the ids found here only give the names. */
static int gen_kernel_ids(struct gen_loader *g, struct bpf_program *p, __u32 insns)
{
	struct btf *vm = NULL;

	for (size_t k = 0; k < p->insn_cnt; k++) {
		struct bpf_insn *insn = &p->insns[k];
		bool call = insn->code == (BPF_JMP | BPF_CALL) &&
			    insn->src_reg == BPF_PSEUDO_KFUNC_CALL && !insn->off;
		bool var = insn_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_BTF_ID;
		const struct btf_type *t;
		const char *name;
		__u32 name_off, imm_off = insns + k * BPF_INSN_SZ + offsetof(struct bpf_insn, imm);

		if (!call && !var) {
			k += insn_is_ldimm64(insn);
			continue;
		}
		vm = vm ?: obj_vmlinux_btf(p->obj);
		t = vm ? btf__type_by_id(vm, insn->imm) : NULL;
		name = t ? btf__name_by_offset(vm, t->name_off) : NULL;
		if (!name || !*name) {
			pr_warn("prog '%s': insn %zu: no kernel BTF name for id %d\n", p->name, k,
				insn->imm);
			return vm ? -ENOENT : -errno;
		}
		name_off = data_add(g, name, strlen(name) + 1);
		emit_blob_addr(g, BPF_REG_1, name_off);
		emit_mov_imm(g, BPF_REG_2, strlen(name) + 1);
		emit_mov_imm(g, BPF_REG_3, btf_kind(t));
		emit_mov_imm(g, BPF_REG_4, 0);
		emit_call(g, BPF_FUNC_btf_find_by_name_kind);
		emit_check_result(g);
		/* low half: the id; high half: the BTF object fd, 0 for vmlinux */
		emit_blob_addr(g, BPF_REG_1, imm_off);
		emit_stx(g, BPF_W, BPF_REG_1, R_RES, 0);
		if (!g->err)
			memset(g->data + imm_off, 0, sizeof(insn->imm));
		k += var;
	}
	return 0;
}

static int gen_prog(struct gen_loader *g, struct bpf_program *p, int idx)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	const char *license = p->obj->license[0] ? p->obj->license : "";
	bool finfo = g->has_btf && p->func_info_cnt && kernel_supports(FEAT_BTF_FUNC);
	__u32 attr_off, insns, lic, fi = 0, li = 0;
	union bpf_attr attr;
	int err;

	err = prog_load_opts(p, &o);
	if (err)
		return err;
	if (o.attach_prog_fd || o.attach_btf_obj_fd || o.fd_array || o.token_fd) {
		pr_warn("prog '%s': loader generation does not support attach programs, module BTF, fd arrays or tokens\n",
			p->name);
		return -EOPNOTSUPP;
	}
	insns = data_add(g, p->insns, p->insn_cnt * BPF_INSN_SZ);
	err = gen_kernel_ids(g, p, insns);
	if (err)
		return err;
	lic = data_add(g, license, strlen(license) + 1);
	if (finfo) {
		fi = data_add(g, p->func_info, (size_t)p->func_info_cnt * p->func_info_rec_size);
		if (p->line_info_cnt)
			li = data_add(g, p->line_info,
				      (size_t)p->line_info_cnt * p->line_info_rec_size);
	}
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = p->type;
	attr.insn_cnt = p->insn_cnt;
	attr.kern_version = o.kern_version;
	attr.prog_flags = o.prog_flags;
	attr.prog_ifindex = o.prog_ifindex;
	attr.expected_attach_type = o.expected_attach_type;
	attr.attach_btf_id = o.attach_btf_id;
	snprintf(attr.prog_name, sizeof(attr.prog_name), "%s", p->name);
	if (finfo) {
		attr.func_info_rec_size = p->func_info_rec_size;
		attr.func_info_cnt = p->func_info_cnt;
		if (li) {
			attr.line_info_rec_size = p->line_info_rec_size;
			attr.line_info_cnt = p->line_info_cnt;
		}
	}
	attr_off = data_add(g, &attr, PROG_ATTR_SZ);
	emit_set_ptr(g, attr_off + offsetof(union bpf_attr, insns), insns);
	emit_set_ptr(g, attr_off + offsetof(union bpf_attr, license), lic);
	emit_set_ptr(g, attr_off + offsetof(union bpf_attr, fd_array), g->map_slots);
	if (finfo)
		emit_set_ptr(g, attr_off + offsetof(union bpf_attr, func_info), fi);
	if (li)
		emit_set_ptr(g, attr_off + offsetof(union bpf_attr, line_info), li);
	if (g->has_btf)
		emit_copy_slot(g, attr_off + offsetof(union bpf_attr, prog_btf_fd), g->btf_slot);
	emit_ctx_to_blob(g, BPF_W, CTX_LOG_LEVEL, attr_off + offsetof(union bpf_attr, log_level));
	emit_ctx_to_blob(g, BPF_W, CTX_LOG_SIZE, attr_off + offsetof(union bpf_attr, log_size));
	emit_ctx_to_blob(g, BPF_DW, CTX_LOG_BUF, attr_off + offsetof(union bpf_attr, log_buf));
	emit_sys_bpf(g, BPF_PROG_LOAD, attr_off, PROG_ATTR_SZ);
	emit_save_fd(g, prog_slot(g, idx));
	return 0;
}

/* Close the fd in slot if the loader made it. */
static void emit_close_slot(struct gen_loader *g, __u32 slot)
{
	emit_blob_addr(g, BPF_REG_1, slot);
	emit_ldx(g, BPF_W, BPF_REG_1, BPF_REG_1, 0);
	emit(g, mk(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_1, 0, 1, 0));
	emit_call(g, BPF_FUNC_sys_close);
}

/* Success: fds into the context, BTF fd closed (maps and programs hold
 * it), return 0. Failure (jumped to): close everything, return r7. */
static void gen_finish(struct gen_loader *g, const struct bpf_object *obj)
{
	int pi = 0;
	size_t cleanup;

	for (int i = 0; i < obj->nr_maps; i++) {
		if (!obj->maps[i].autocreate)
			continue;
		emit_blob_addr(g, BPF_REG_0, map_slot(g, i));
		emit_ldx(g, BPF_W, BPF_REG_0, BPF_REG_0, 0);
		emit_stx(g, BPF_W, R_CTX, BPF_REG_0, map_desc(i));
	}
	for (int i = 0; i < obj->nr_progs; i++) {
		const struct bpf_program *p = &obj->progs[i];

		if (p->is_subprog)
			continue;
		if (p->autoload) {
			emit_blob_addr(g, BPF_REG_0, prog_slot(g, pi));
			emit_ldx(g, BPF_W, BPF_REG_0, BPF_REG_0, 0);
			emit_stx(g, BPF_W, R_CTX, BPF_REG_0, prog_desc(obj, pi));
		}
		pi++;
	}
	if (g->has_btf)
		emit_close_slot(g, g->btf_slot);
	emit_mov_imm(g, BPF_REG_0, 0);
	emit(g, mk(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));

	cleanup = g->insn_cnt;
	for (int i = 0; i < obj->nr_maps; i++)
		emit_close_slot(g, map_slot(g, i));
	for (int i = 0; i < g->nr_main_progs; i++)
		emit_close_slot(g, prog_slot(g, i));
	if (g->has_btf)
		emit_close_slot(g, g->btf_slot);
	emit_mov_reg(g, BPF_REG_0, R_RES);
	emit(g, mk(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	if (g->err)
		return;
	for (size_t i = 0; i < g->nr_err_jumps; i++) {
		__u32 at = g->err_jumps[i];

		if (cleanup - at - 1 > INT16_MAX) {
			g->err = -E2BIG;
			return;
		}
		g->insns[at].off = cleanup - at - 1;
	}
}

static void gen_layout(struct gen_loader *g, const struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_progs; i++)
		g->nr_main_progs += !obj->progs[i].is_subprog;
	/* map slots first: they are every program's fd_array */
	g->map_slots = data_add(g, NULL, (obj->nr_maps ? obj->nr_maps : 1) * sizeof(__u32));
	g->prog_slots = data_add(g, NULL, (g->nr_main_progs ? g->nr_main_progs : 1) *
						  sizeof(__u32));
	g->btf_slot = data_add(g, NULL, sizeof(__u32));
	g->zero_key = data_add(g, NULL, sizeof(__u32));
	emit_mov_reg(g, R_CTX, BPF_REG_1);
}

static int gen_record(struct gen_loader *g, struct bpf_object *obj)
{
	int err, pi = 0;

	err = gen_check_object(obj);
	err = err ?: obj_resolve_externs(obj);
	err = err ?: obj_core(obj);
	if (err)
		return err;
	gen_layout(g, obj);
	err = gen_btf(g, obj);
	for (int i = 0; i < obj->nr_maps && !err; i++)
		if (obj->maps[i].autocreate)
			err = gen_map(g, &obj->maps[i], i);
	err = err ?: gen_relocate(obj);
	for (int i = 0; i < obj->nr_progs && !err; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (p->is_subprog)
			continue;
		if (p->autoload)
			err = gen_prog(g, p, pi);
		pi++;
	}
	if (!err)
		gen_finish(g, obj);
	return err ?: g->err;
}

int gen_loader_load(struct bpf_object *obj)
{
	struct gen_loader *g = obj->gen;
	int err;

	obj->loaded = true;
	err = gen_record(g, obj);
	obj_drop_vmlinux_btf(obj);
	if (err) {
		pr_warn("object '%s': generating the loader program failed: %s\n", obj->name,
			errstr(err));
		return err;
	}
	OPTS_SET(g->opts, insns, (const char *)g->insns);
	OPTS_SET(g->opts, insns_sz, g->insn_cnt * BPF_INSN_SZ);
	OPTS_SET(g->opts, data, g->data);
	OPTS_SET(g->opts, data_sz, g->data_sz);
	return 0;
}

void gen_loader_free(struct gen_loader *g)
{
	if (!g)
		return;
	free(g->data);
	free(g->insns);
	free(g->err_jumps);
	free(g);
}

LIBBPF_API int bpf_object__gen_loader(struct bpf_object *obj, struct gen_loader_opts *opts)
{
	struct gen_loader *g;

	if (!obj || !opts || !OPTS_VALID(opts, gen_loader_opts)) {
		pr_warn("gen_loader: needs an object and valid gen_loader_opts\n");
		return libbpf_err(-EINVAL);
	}
	if (obj->loaded || obj->prepared || obj->gen) {
		pr_warn("object '%s': gen_loader must come once, before load\n", obj->name);
		return libbpf_err(-EBUSY);
	}
	if (OPTS_GET(opts, gen_hash, false)) {
		pr_warn("object '%s': gen_loader: signed loaders (gen_hash) are not supported\n",
			obj->name);
		return libbpf_err(-EOPNOTSUPP);
	}
	g = calloc(1, sizeof(*g));
	if (!g)
		return libbpf_err(-ENOMEM);
	g->opts = opts;
	obj->gen = g;
	return 0;
}
