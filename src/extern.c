// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Externs of an object resolved against the running kernel: kfuncs and
 * typed kernel variables by name in vmlinux BTF, untyped kernel symbols
 * (`extern const void x __ksym`) by address in /proc/kallsyms, Kconfig
 * externs (.kconfig) from open_opts.kconfig, then /boot/config-$(uname -r)
 * or /proc/config.gz, plus the LINUX_* values libbpf defines. __weak
 * externs may be missing (zero).
 *
 * Also the BTF side: the kernel refuses extern linkage and DATASECs with
 * no section behind them, so those are rewritten before the object's BTF
 * is loaded.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>

#include "btf_internal.h"
#include "elf.h"
#include "kallsyms.h"
#include "kconfig.h"
#include "core.h"
#include "object_internal.h"
#include "features.h"

/* DATASEC of the object BTF that lists name (".ksyms", ".kconfig"), or
 * NULL when no DATASEC does. */
static const char *extern_section(const struct btf *btf, const char *name, __u32 *type_id)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vsi;

		if (!btf_is_datasec(t))
			continue;
		vsi = btf_var_secinfos(t);
		for (int i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *v = btf__type_by_id(btf, vsi[i].type);

			if (v && !strcmp(btf__name_by_offset(btf, v->name_off), name)) {
				*type_id = vsi[i].type;
				return btf__name_by_offset(btf, t->name_off);
			}
		}
	}
	return NULL;
}

/* Whether VAR var_id has no type (const void): an address-only symbol. */
static bool var_is_untyped(const struct btf *btf, __u32 var_id)
{
	const struct btf_type *t = btf__type_by_id(btf, var_id);
	__u32 id = t ? t->type : 0;

	for (int depth = 0; depth < 32 && id; depth++) {
		t = btf__type_by_id(btf, id);
		if (!t || !btf_is_mod(t))
			break;
		id = t->type;
	}
	return id == 0;
}

/* Decide what kind of extern e is from the object's BTF (at open, before
 * obj_fixup_extern_btf() rewrites the DATASECs). */
static void classify_extern(struct bpf_object *obj, struct obj_extern *e)
{
	const char *sec = NULL;
	__u32 id = 0;

	if (obj->btf)
		sec = extern_section(obj->btf, e->name, &id);
	e->btf_id = id;
	e->in_kconfig = sec && !strcmp(sec, ".kconfig");
	if (e->in_kconfig)
		return;
	if (e->is_func || (id && btf_is_func(btf__type_by_id(obj->btf, id))))
		e->kind = EXT_KFUNC;
	else if (sec && !strcmp(sec, ".ksyms"))
		e->kind = var_is_untyped(obj->btf, id) ? EXT_KSYM_ADDR : EXT_KSYM_TYPED;
}

/* Storage class of a .kconfig extern from its BTF VAR type. */
static void kcfg_classify(const struct btf *btf, __u32 var_id, struct obj_extern *e,
			  __u32 *align)
{
	const struct btf_type *v = btf__type_by_id(btf, var_id);
	__u32 id = v ? v->type : 0;
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	for (int depth = 0; t && (btf_is_mod(t) || btf_is_typedef(t)) && depth < 32; depth++)
		t = btf__type_by_id(btf, t->type);
	e->kcfg_type = KCFG_UNKNOWN;
	if (!t)
		return;
	name = btf__name_by_offset(btf, t->name_off);
	if (btf_is_int(t)) {
		__u8 enc = btf_int_encoding(t);

		e->kcfg_size = t->size;
		e->kcfg_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1 && (enc & BTF_INT_BOOL))
			e->kcfg_type = KCFG_BOOL;
		else if (t->size == 1 && ((enc & BTF_INT_CHAR) || !strcmp(name, "char")))
			e->kcfg_type = KCFG_CHAR;
		else if (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8)
			e->kcfg_type = KCFG_INT;
	} else if (btf_is_enum(t) && t->size == 4) {
		e->kcfg_size = 4;
		e->kcfg_signed = btf_kflag(t);
		e->kcfg_type = !strcmp(name, "libbpf_tristate") ? KCFG_TRISTATE : KCFG_INT;
	} else if (btf_is_array(t)) {
		const struct btf_type *el = btf__type_by_id(btf, btf_array(t)->type);

		for (int depth = 0; el && btf_is_mod(el) && depth < 32; depth++)
			el = btf__type_by_id(btf, el->type);
		if (el && btf_is_int(el) && el->size == 1 && btf_array(t)->nelems) {
			e->kcfg_type = KCFG_CHAR_ARR;
			e->kcfg_size = btf_array(t)->nelems;
		}
	}
	*align = e->kcfg_type == KCFG_CHAR_ARR ? 1 : max(e->kcfg_size, 1u);
}

/* A .kconfig value and its alignment, while laying the map out. */
struct kcfg_slot {
	struct obj_extern *e;
	__u32 align;
};

/* libbpf's .kconfig layout, so both loaders give the same offsets:
 * larger alignment first, then smaller size, then name. */
static int kcfg_slot_cmp(const void *pa, const void *pb)
{
	const struct kcfg_slot *a = pa, *b = pb;

	if (a->align != b->align)
		return a->align > b->align ? -1 : 1;
	if (a->e->kcfg_size != b->e->kcfg_size)
		return a->e->kcfg_size < b->e->kcfg_size ? -1 : 1;
	return strcmp(a->e->name, b->e->name);
}

int obj_classify_externs(struct bpf_object *obj)
{
	struct kcfg_slot *slots;
	int nr = 0, err = 0;
	__u32 off = 0;

	slots = calloc(obj->nr_externs ? obj->nr_externs : 1, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (int i = 0; i < obj->nr_externs; i++) {
		struct obj_extern *e = &obj->externs[i];
		__u32 id = 0, align = 1;

		classify_extern(obj, e);
		if (!e->in_kconfig)
			continue;
		extern_section(obj->btf, e->name, &id);
		kcfg_classify(obj->btf, id, e, &align);
		e->kind = EXT_KCONFIG;
		/* as libbpf: refused at open already */
		if (e->kcfg_type == KCFG_UNKNOWN) {
			pr_warn("extern '%s': unsupported type for a Kconfig value\n", e->name);
			free(slots);
			return -ENOTSUP;
		}
		slots[nr].e = e;
		slots[nr++].align = align;
	}
	qsort(slots, nr, sizeof(*slots), kcfg_slot_cmp);
	/* lay the values out in the .kconfig map, aligned */
	for (int i = 0; i < nr; i++) {
		/* sizes come from the object's BTF: refuse a layout that wraps */
		if ((__u64)off + slots[i].align + slots[i].e->kcfg_size > UINT32_MAX) {
			pr_warn("extern '%s': Kconfig values too large (%u bytes)\n",
				slots[i].e->name, slots[i].e->kcfg_size);
			free(slots);
			return -E2BIG;
		}
		off = (off + slots[i].align - 1) / slots[i].align * slots[i].align;
		slots[i].e->kcfg_off = off;
		off += slots[i].e->kcfg_size;
	}
	free(slots);
	if (nr)
		err = obj_add_kconfig_map(obj, max(off, 1u));
	return err;
}

static int check_supported(const struct obj_extern *e)
{
	if (e->kind == EXT_KCONFIG && e->kcfg_type == KCFG_UNKNOWN) {
		pr_warn("extern '%s': unsupported type for a Kconfig value\n", e->name);
		return -ENOTSUP;
	}
	if (e->kind != EXT_UNKNOWN)
		return 0;
	if (e->in_kconfig)
		pr_warn("extern '%s': Kconfig externs (.kconfig) are not supported yet\n", e->name);
	else
		pr_warn("extern '%s': neither a function nor declared __ksym\n", e->name);
	return -ENOTSUP;
}

#define KSYM_NAME_MAX 512

/* The object's declaration of e must fit the kernel's: a kfunc called
 * with another prototype, or a typed __ksym read with another type, would
 * pass arguments or read memory wrongly. Types as CO-RE compares them. */
static int check_extern_type(const struct bpf_object *obj, const struct obj_extern *e,
			     const struct btf *vmlinux, __u32 kern_id)
{
	const struct btf_type *lt = e->btf_id ? btf__type_by_id(obj->btf, e->btf_id) : NULL;
	const struct btf_type *kt = btf__type_by_id(vmlinux, kern_id);

	/* no declaration in the object's BTF (no BTF): nothing to hold it to */
	if (!lt || !kt || btf_kind(lt) != btf_kind(kt))
		return 0;
	if (core_types_compat(obj->btf, lt->type, vmlinux, kt->type))
		return 0;
	pr_warn("extern '%s': %s [%u] in the object does not match the kernel's [%u]\n", e->name,
		e->kind == EXT_KFUNC ? "function prototype" : "type", lt->type, kt->type);
	return -EINVAL;
}

static int resolve_btf(const struct bpf_object *obj, struct obj_extern *e,
		       struct btf *vmlinux)
{
	const char *flavor = e->kind == EXT_KFUNC ? strstr(e->name, "___") : NULL;
	char ess[KSYM_NAME_MAX];
	__s32 id;
	int err;

	/* kfunc flavors: foo___v2 binds to the kernel's foo, so one object
	 * can declare several prototypes and pick with bpf_ksym_exists() */
	snprintf(ess, sizeof(ess), "%.*s",
		 (int)(flavor && flavor != e->name ? (size_t)(flavor - e->name) : strlen(e->name)),
		 e->name);
	id = btf__find_by_name_kind(vmlinux, ess,
				    e->kind == EXT_KFUNC ? BTF_KIND_FUNC : BTF_KIND_VAR);
	if (id <= 0)
		return 0;
	err = check_extern_type(obj, e, vmlinux, id);
	/* a weak kfunc of another prototype is treated as missing */
	if (err && e->kind == EXT_KFUNC && e->is_weak)
		return 0;
	if (err)
		return err;
	e->found = true;
	e->kern_btf_id = id;
	return 0;
}

/* Addresses of the untyped externs from /proc/kallsyms (kallsyms.c). */
static int resolve_kallsyms(struct bpf_object *obj)
{
	struct kallsyms *ks;
	int err;

	err = kallsyms_load_system(&ks);
	if (err) {
		pr_warn("object '%s': cannot use /proc/kallsyms for untyped __ksym externs: %s\n",
			obj->name, errstr(err));
		return err;
	}
	for (int i = 0; i < obj->nr_externs && !err; i++) {
		struct obj_extern *e = &obj->externs[i];
		uint64_t addr;
		int r;

		if (e->kind != EXT_KSYM_ADDR)
			continue;
		r = kallsyms_resolve(ks, e->name, &addr);
		if (!r) {
			e->found = true;
			e->addr = addr;
		} else if (r != -ENOENT) {
			err = r;
		}
	}
	kallsyms_free(ks);
	return err;
}

static int check_found(const struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_externs; i++) {
		const struct obj_extern *e = &obj->externs[i];

		if (e->found || e->is_weak)
			continue;
		pr_warn("extern '%s': %s not found in the running kernel\n", e->name,
			e->kind == EXT_KFUNC ? "function" :
			e->kind == EXT_KCONFIG ? "Kconfig value" : "symbol");
		return -ESRCH;
	}
	return 0;
}

/* ---- Kconfig values (parsing and storing rules: kconfig.c) ---- */

static enum kconfig_ext_type kcfg_ext_type(enum kcfg_type t)
{
	switch (t) {
	case KCFG_BOOL:
		return KCONFIG_EXT_BOOL;
	case KCFG_TRISTATE:
		return KCONFIG_EXT_TRISTATE;
	case KCFG_CHAR:
		return KCONFIG_EXT_CHAR;
	case KCFG_CHAR_ARR:
		return KCONFIG_EXT_CHAR_ARR;
	default:
		return KCONFIG_EXT_INT;
	}
}

/* LINUX_* values libbpf provides. */
static int kcfg_linux(struct obj_extern *e, __u8 *data)
{
	__u64 v;
	int err;

	if (!strcmp(e->name, "LINUX_KERNEL_VERSION")) {
		v = kernel_version_code();
	} else if (!strcmp(e->name, "LINUX_HAS_BPF_COOKIE")) {
		v = kernel_supports(FEAT_BPF_COOKIE);
	} else if (!strcmp(e->name, "LINUX_HAS_SYSCALL_WRAPPER")) {
		v = kernel_supports(FEAT_SYSCALL_WRAPPER);
	} else {
		pr_warn("extern '%s': unknown LINUX_* Kconfig value\n", e->name);
		return -EINVAL;
	}
	err = kconfig_store_num(e->name, v, kcfg_ext_type(e->kcfg_type), e->kcfg_size,
				e->kcfg_signed, data + e->kcfg_off);
	if (!err)
		e->found = true;
	return err;
}

/* CONFIG_* externs still unset, from the user string then the system. */
static int kcfg_config(struct bpf_object *obj, __u8 *data, const struct kconfig *user,
		       const struct kconfig *sys)
{
	for (int i = 0; i < obj->nr_externs; i++) {
		struct obj_extern *e = &obj->externs[i];
		const struct kconfig_entry *ent;
		int err;

		if (e->kind != EXT_KCONFIG || e->found)
			continue;
		ent = kconfig_resolve(user, sys, e->name);
		if (!ent)
			continue;
		err = kconfig_entry_store(ent, kcfg_ext_type(e->kcfg_type), e->kcfg_size,
					  e->kcfg_signed, data + e->kcfg_off);
		if (err)
			return err;
		e->found = true;
	}
	return 0;
}

static int resolve_kconfig(struct bpf_object *obj)
{
	struct bpf_map *map = &obj->maps[obj->kconfig_map_idx];
	struct kconfig *user = NULL, *sys = NULL;
	__u8 *data = map->mmaped;
	bool need_sys = false;
	int err = 0;

	memset(data, 0, map->def.value_size);
	for (int i = 0; i < obj->nr_externs && !err; i++) {
		struct obj_extern *e = &obj->externs[i];

		if (e->kind == EXT_KCONFIG && !strncmp(e->name, "LINUX_", 6))
			err = kcfg_linux(e, data);
	}
	if (!err && obj->kconfig)
		err = kconfig_parse_text(obj->kconfig, strlen(obj->kconfig), &user);
	err = err ?: kcfg_config(obj, data, user, NULL);
	for (int i = 0; i < obj->nr_externs; i++)
		need_sys |= obj->externs[i].kind == EXT_KCONFIG && !obj->externs[i].found;
	if (!err && need_sys) {
		/* no config at all: weak externs stay 0, strong ones fail in
		 * check_found() with their name */
		if (kconfig_load_system(&sys))
			pr_debug("object '%s': no kernel config for Kconfig externs\n", obj->name);
		err = kcfg_config(obj, data, user, sys);
	}
	kconfig_free(user);
	kconfig_free(sys);
	return err;
}

int obj_resolve_externs(struct bpf_object *obj)
{
	struct btf *vmlinux = NULL;
	bool need_btf = false, need_kallsyms = false;
	int err = 0;

	for (int i = 0; i < obj->nr_externs && !err; i++) {
		struct obj_extern *e = &obj->externs[i];

		e->found = false;
		e->addr = 0;
		err = check_supported(e);
		need_btf |= e->kind == EXT_KFUNC || e->kind == EXT_KSYM_TYPED;
		need_kallsyms |= e->kind == EXT_KSYM_ADDR;
	}
	if (err)
		return err;
	if (need_btf) {
		vmlinux = obj_vmlinux_btf(obj);
		if (!vmlinux) {
			err = -errno;
			pr_warn("object '%s': kernel BTF needed for externs: %s\n", obj->name,
				errstr(err));
			return err;
		}
		for (int i = 0; i < obj->nr_externs && !err; i++)
			if (obj->externs[i].kind != EXT_KSYM_ADDR)
				err = resolve_btf(obj, &obj->externs[i], vmlinux);
		if (err)
			return err;
	}
	if (need_kallsyms) {
		err = resolve_kallsyms(obj);
		if (err)
			return err;
	}
	if (obj->kconfig_map_idx >= 0) {
		err = resolve_kconfig(obj);
		if (err)
			return err;
	}
	return check_found(obj);
}

/* ---- BTF fix-up ---- */

static bool datasec_has_section(const struct bpf_object *obj, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(obj->btf, t->name_off);

	for (size_t i = 1; name && i < obj->nr_secs; i++)
		if (!strcmp(obj_sec_name(obj, i), name))
			return true;
	return false;
}

/* An int type and an int VAR standing in for untyped extern VARs and for
 * every entry of the extern DATASECs; made on first need. */
struct slot_types {
	int int_id;
	int var_id;
};

static int get_slot_types(struct btf *btf, struct slot_types *st)
{
	if (st->var_id)
		return 0;
	st->int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	if (st->int_id < 0)
		return st->int_id;
	st->var_id = btf__add_var(btf, "__bpfkit_extern", BTF_VAR_GLOBAL_ALLOCATED, st->int_id);
	return st->var_id < 0 ? st->var_id : 0;
}

/* An extern FUNC becomes static, and its prototype's unnamed parameters
 * get a name: the kernel checks both for every FUNC. */
static int fixup_extern_func(struct btf *btf, __u32 id)
{
	struct btf_type *t = (struct btf_type *)btf__type_by_id(btf, id);
	struct btf_type *proto = (struct btf_type *)btf__type_by_id(btf, t->type);
	struct btf_param *p;
	int name;

	t->info = btf_info_enc(BTF_KIND_FUNC, false, BTF_FUNC_STATIC);
	if (!proto || !btf_is_func_proto(proto))
		return 0;
	p = btf_params(proto);
	for (int i = 0; i < btf_vlen(proto); i++) {
		if (p[i].name_off || !p[i].type)
			continue;
		name = btf__add_str(btf, "arg");
		if (name < 0)
			return name;
		p[i].name_off = name;
	}
	return 0;
}

static int vsi_off_cmp(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The .kconfig DATASEC describes the .kconfig map value as laid out by
 * obj_classify_externs(), so the map gets it as BTF value type (libbpf
 * does the same). Entries are sorted by offset, as the kernel wants. */
static int fixup_kconfig_datasec(struct bpf_object *obj, __u32 id, struct btf_type *t)
{
	struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	struct bpf_map *map;

	if (obj->kconfig_map_idx < 0)
		return 0;
	map = &obj->maps[obj->kconfig_map_idx];
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *v = btf__type_by_id(obj->btf, vsi[i].type);
		const char *name = v ? btf__name_by_offset(obj->btf, v->name_off) : NULL;
		struct obj_extern *e = NULL;

		for (int k = 0; name && k < obj->nr_externs; k++)
			if (obj->externs[k].in_kconfig && !strcmp(obj->externs[k].name, name))
				e = &obj->externs[k];
		if (!e) {
			pr_warn("extern '%s': in .kconfig BTF but not an extern\n", name ?: "?");
			return -LIBBPF_ERRNO__FORMAT;
		}
		vsi[i].offset = e->kcfg_off;
		vsi[i].size = e->kcfg_size;
	}
	qsort(vsi, btf_vlen(t), sizeof(*vsi), vsi_off_cmp);
	t->size = map->def.value_size;
	map->btf_value_type_id = id;
	return 0;
}

/* A global FUNC whose ELF symbol is hidden (__hidden, as in usdt.bpf.h)
 * is private to the object: like libbpf, make it static in BTF so the
 * verifier checks it with its caller's argument types instead of alone. */
static void fixup_hidden_func(struct bpf_object *obj, struct btf_type *t)
{
	const char *name = btf__name_by_offset(obj->btf, t->name_off);
	struct elf_sym sym;

	if (!name || elf_sym_by_name(obj->elf, name, &sym) < 0 || sym.type != STT_FUNC ||
	    (sym.visibility != STV_HIDDEN && sym.visibility != STV_INTERNAL))
		return;
	t->info = btf_info_enc(BTF_KIND_FUNC, false, BTF_FUNC_STATIC);
}

int obj_fixup_extern_btf(struct bpf_object *obj)
{
	__u32 n = obj->btf ? btf__type_cnt(obj->btf) : 0;
	struct slot_types st = {};
	int err = 0;

	for (__u32 id = 1; id < n && !err; id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(obj->btf, id);
		struct btf_var_secinfo *vsi;

		if (btf_is_func(t) && btf_vlen(t) == BTF_FUNC_EXTERN) {
			err = fixup_extern_func(obj->btf, id);
			continue;
		}
		if (btf_is_func(t) && btf_vlen(t) == BTF_FUNC_GLOBAL && obj->elf) {
			fixup_hidden_func(obj, t);
			continue;
		}
		if (btf_is_var(t) && btf_var(t)->linkage == BTF_VAR_GLOBAL_EXTERN) {
			/* a `const void` VAR is invalid: make it an int */
			if (var_is_untyped(obj->btf, id)) {
				err = get_slot_types(obj->btf, &st);
				if (err)
					break;
				t = (struct btf_type *)btf__type_by_id(obj->btf, id);
				t->type = st.int_id;
			}
			btf_var(t)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
			continue;
		}
		if (!btf_is_datasec(t) || datasec_has_section(obj, t))
			continue;
		if (!strcmp(btf__name_by_offset(obj->btf, t->name_off), ".kconfig")) {
			err = fixup_kconfig_datasec(obj, id, t);
			continue;
		}
		err = get_slot_types(obj->btf, &st);
		if (err)
			break;
		/* adding types may have moved them */
		t = (struct btf_type *)btf__type_by_id(obj->btf, id);
		vsi = btf_var_secinfos(t);
		for (int i = 0; i < btf_vlen(t); i++) {
			vsi[i].type = st.var_id;
			vsi[i].offset = i * 4;
			vsi[i].size = 4;
		}
		t->size = btf_vlen(t) * 4;
	}
	btf_invalidate_raw(obj->btf);
	return err;
}
