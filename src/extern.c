// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Externs of an object resolved against the running kernel: kfuncs and
 * typed kernel variables by name in vmlinux BTF, untyped kernel symbols
 * (`extern const void x __ksym`) by address in /proc/kallsyms. __weak
 * externs may be missing. Kconfig externs (.kconfig) are the next slice:
 * they fail with -ENOTSUP naming the extern.
 *
 * Also the BTF side: the kernel refuses extern linkage and DATASECs with
 * no section behind them, so those are rewritten before the object's BTF
 * is loaded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "btf_internal.h"
#include "object_internal.h"

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
	e->in_kconfig = sec && !strcmp(sec, ".kconfig");
	if (e->in_kconfig)
		return;
	if (e->is_func || (id && btf_is_func(btf__type_by_id(obj->btf, id))))
		e->kind = EXT_KFUNC;
	else if (sec && !strcmp(sec, ".ksyms"))
		e->kind = var_is_untyped(obj->btf, id) ? EXT_KSYM_ADDR : EXT_KSYM_TYPED;
}

void obj_classify_externs(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_externs; i++)
		classify_extern(obj, &obj->externs[i]);
}

static int check_supported(const struct obj_extern *e)
{
	if (e->kind != EXT_UNKNOWN)
		return 0;
	if (e->in_kconfig)
		pr_warn("extern '%s': Kconfig externs (.kconfig) are not supported yet\n", e->name);
	else
		pr_warn("extern '%s': neither a function nor declared __ksym\n", e->name);
	return -ENOTSUP;
}

static int resolve_btf(struct obj_extern *e, struct btf *vmlinux)
{
	__s32 id;

	id = btf__find_by_name_kind(vmlinux, e->name,
				    e->kind == EXT_KFUNC ? BTF_KIND_FUNC : BTF_KIND_VAR);
	if (id > 0) {
		e->found = true;
		e->kern_btf_id = id;
	}
	return 0;
}

/* Addresses of the untyped externs from /proc/kallsyms. */
static int resolve_kallsyms(struct bpf_object *obj)
{
	char line[512], name[256], type;
	unsigned long long addr;
	FILE *f;

	f = fopen("/proc/kallsyms", "re");
	if (!f) {
		pr_warn("object '%s': cannot read /proc/kallsyms: %s\n", obj->name,
			errstr(-errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		for (int i = 0; i < obj->nr_externs; i++) {
			struct obj_extern *e = &obj->externs[i];

			if (e->kind == EXT_KSYM_ADDR && !e->found && !strcmp(e->name, name)) {
				e->found = true;
				e->addr = addr;
			}
		}
	}
	fclose(f);
	return 0;
}

static int check_found(const struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_externs; i++) {
		const struct obj_extern *e = &obj->externs[i];

		if (e->found || e->is_weak)
			continue;
		pr_warn("extern '%s': %s not found in the running kernel\n", e->name,
			e->kind == EXT_KFUNC ? "function" : "symbol");
		return -ESRCH;
	}
	return 0;
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
		vmlinux = btf__load_vmlinux_btf();
		if (!vmlinux) {
			err = -errno;
			pr_warn("object '%s': kernel BTF needed for externs: %s\n", obj->name,
				errstr(err));
			return err;
		}
		for (int i = 0; i < obj->nr_externs; i++)
			if (obj->externs[i].kind != EXT_KSYM_ADDR)
				resolve_btf(&obj->externs[i], vmlinux);
		btf__free(vmlinux);
	}
	if (need_kallsyms) {
		err = resolve_kallsyms(obj);
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
