// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct bpf_object: opening an ELF object (classifying its sections,
 * splitting programs, fixing up BTF data sections, collecting relocations),
 * loading it (BTF, maps, programs) and closing it, plus the object
 * accessors. Map details live in map.c, program loading in prog.c and the
 * instruction relocation in relo.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <elf.h>
#include <bpf/bpf.h>

#include "elf.h"
#include "btf_internal.h"
#include "btf_ext.h"
#include "sec_def.h"
#include "object_internal.h"
#include "features.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

const char *obj_sec_name(const struct bpf_object *obj, int sec_idx)
{
	const struct elf_sec *s = obj->elf ? elf_sec_by_idx(obj->elf, sec_idx) : NULL;

	return s ? s->name : "?";
}

static bool str_is(const char *s, const char *name)
{
	size_t n = strlen(name);

	/* name itself or name followed by ".suffix" */
	return !strncmp(s, name, n) && (!s[n] || s[n] == '.');
}

/* strcmp() == 0 for a name of at least two characters, with the first two
 * compared inline: every section name is checked against several fixed
 * names, and most differ there (s[1] is only read when s[0] is not NUL). */
static inline bool name_is(const char *s, const char *name)
{
	return s[0] == name[0] && s[1] == name[1] && !strcmp(s, name);
}

/* ---- section classification ---- */

static int read_license(struct bpf_object *obj, const struct elf_sec *s)
{
	size_t n = min((size_t)s->size, sizeof(obj->license) - 1);

	if (!s->data) {
		pr_warn("object '%s': empty license section\n", obj->name);
		return -LIBBPF_ERRNO__FORMAT;
	}
	memcpy(obj->license, s->data, n);
	obj->license[n] = '\0';
	return 0;
}

static int read_version(struct bpf_object *obj, const struct elf_sec *s)
{
	if (s->size != sizeof(__u32) || !s->data) {
		pr_warn("object '%s': 'version' section has size %llu, not 4\n", obj->name,
			(unsigned long long)s->size);
		return -LIBBPF_ERRNO__FORMAT;
	}
	obj->kern_version = elf_get32(obj->elf, s->data);
	return 0;
}

static int read_btf(struct bpf_object *obj, const struct elf_sec *btf_sec,
		    const struct elf_sec *ext_sec)
{
	if (!btf_sec->data || btf_sec->size > UINT32_MAX) {
		pr_warn("object '%s': bad .BTF section, ignoring BTF\n", obj->name);
		return 0;
	}
	obj->btf = btf__new(btf_sec->data, btf_sec->size);
	if (!obj->btf) {
		/* BTF is optional for plain programs: go on without. */
		pr_warn("object '%s': cannot parse .BTF (%s), ignoring BTF\n", obj->name,
			errstr(errno));
		return 0;
	}
	if (!ext_sec || !ext_sec->data || ext_sec->size > UINT32_MAX)
		return 0;
	obj->btf_ext = btf_ext__new(ext_sec->data, ext_sec->size);
	if (!obj->btf_ext || btf_ext_check(obj->btf_ext, obj->btf)) {
		pr_warn("object '%s': cannot use .BTF.ext, ignoring func/line info\n", obj->name);
		btf_ext__free(obj->btf_ext);
		obj->btf_ext = NULL;
	}
	return 0;
}

static enum sec_kind classify(struct bpf_object *obj, const struct elf_sec *s)
{
	bool alloc = s->flags & SHF_ALLOC;

	if (s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR))
		return s->size ? SEC_KIND_PROG : SEC_KIND_UNUSED;
	if (name_is(s->name, ".maps") && s->type == SHT_PROGBITS)
		return SEC_KIND_MAPS;
	if (name_is(s->name, "maps") && s->type == SHT_PROGBITS)
		return SEC_KIND_LEGACY_MAPS;
	if (s->type == SHT_REL)
		return SEC_KIND_RELO;
	if (s->type == SHT_PROGBITS && sec_is_struct_ops(s->name))
		return SEC_KIND_STRUCT_OPS;
	if (!alloc || (s->type != SHT_PROGBITS && s->type != SHT_NOBITS))
		return SEC_KIND_UNUSED;
	if (name_is(s->name, ".addr_space.1"))
		return SEC_KIND_ARENA;
	if (str_is(s->name, ".data"))
		return SEC_KIND_DATA;
	if (str_is(s->name, ".rodata"))
		return SEC_KIND_RODATA;
	if (str_is(s->name, ".bss"))
		return SEC_KIND_BSS;
	(void)obj;
	return SEC_KIND_UNUSED;
}

static int classify_sections(struct bpf_object *obj)
{
	const struct elf_sec *btf_sec = NULL, *ext_sec = NULL;
	int err;

	obj->nr_secs = elf_sec_cnt(obj->elf);
	obj->sec_kinds = calloc(obj->nr_secs ? obj->nr_secs : 1, sizeof(*obj->sec_kinds));
	obj->sec_map_idx = calloc(obj->nr_secs ? obj->nr_secs : 1, sizeof(int));
	if (!obj->sec_kinds || !obj->sec_map_idx)
		return -ENOMEM;
	for (size_t i = 1; i < obj->nr_secs; i++) {
		const struct elf_sec *s = elf_sec_by_idx(obj->elf, i);

		obj->sec_map_idx[i] = -1;
		if (name_is(s->name, "license")) {
			err = read_license(obj, s);
		} else if (name_is(s->name, "version")) {
			err = read_version(obj, s);
		} else {
			if (name_is(s->name, ".BTF"))
				btf_sec = s;
			else if (name_is(s->name, ".BTF.ext"))
				ext_sec = s;
			err = 0;
		}
		if (err)
			return err;
		obj->sec_kinds[i] = classify(obj, s);
		if (obj->sec_kinds[i] == SEC_KIND_PROG && name_is(s->name, ".text"))
			obj->text_sec_idx = i;
		else if (obj->sec_kinds[i] == SEC_KIND_MAPS)
			obj->maps_sec_idx = i;
		else if (obj->sec_kinds[i] == SEC_KIND_LEGACY_MAPS)
			obj->legacy_maps_sec_idx = i;
		else if (obj->sec_kinds[i] == SEC_KIND_ARENA)
			obj->arena_sec_idx = i;
	}
	return btf_sec ? read_btf(obj, btf_sec, ext_sec) : 0;
}

/* ---- programs ---- */

static int prog_init(struct bpf_object *obj, struct bpf_program *prog, const struct elf_sec *s,
		     const struct elf_sym *sym)
{
	const char *sname = s->name;
	const struct sec_def *def;

	memset(prog, 0, sizeof(*prog));
	prog->obj = obj;
	prog->fd = -1;
	prog->sec_idx = s->idx;
	prog->sec_insn_off = sym->value / BPF_INSN_SZ;
	prog->sec_insn_cnt = sym->size / BPF_INSN_SZ;
	prog->is_subprog = (int)s->idx == obj->text_sec_idx;
	prog->autoload = !prog->is_subprog;
	prog->autoattach = true;
	/* SEC("?name"): like SEC("name") but not loaded by default. */
	if (sname[0] == '?') {
		prog->autoload = false;
		sname++;
	}
	prog->name = strdup(sym->name);
	prog->sec_name = strdup(sname);
	prog->insn_cnt = prog->sec_insn_cnt;
	prog->insns = malloc(prog->insn_cnt * BPF_INSN_SZ);
	if (!prog->name || !prog->sec_name || !prog->insns)
		return -ENOMEM;
	memcpy(prog->insns, (const char *)s->data + sym->value, sym->size);
	if (obj_is_foreign_endian(prog->obj))
		insns_bswap(prog->insns, prog->insn_cnt);
	if (prog->is_subprog)
		return 0;
	def = sec_def_find(sname);
	prog->sec_def = def;
	if (!def) {
		/* Accepted: bpf_program__set_type() can still fix it. */
		pr_debug("prog '%s': no SEC() definition matches '%s'\n", prog->name, sname);
		return 0;
	}
	prog->type = def->prog_type;
	prog->expected_attach_type = def->expected_attach_type;
	if (def->flags & SEC_F_SLEEPABLE)
		prog->prog_flags |= BPF_F_SLEEPABLE;
	if (def->flags & SEC_F_XDP_FRAGS)
		prog->prog_flags |= BPF_F_XDP_HAS_FRAGS;
	return 0;
}

/* Function symbols of section sec_idx, sorted by address (a copy of the
 * ELF reader's per-section view). */
static int section_funcs(struct bpf_object *obj, int sec_idx, struct elf_sym **out, int *cnt)
{
	const struct elf_sym *view;
	size_t n;
	int err;

	*out = NULL;
	*cnt = 0;
	err = elf_sec_funcs(obj->elf, sec_idx, &view, &n);
	if (err || !n)
		return err;
	*out = malloc(n * sizeof(*view));
	if (!*out)
		return -ENOMEM;
	memcpy(*out, view, n * sizeof(*view));
	*cnt = n;
	return 0;
}

static int check_func(struct bpf_object *obj, const struct elf_sec *s, const struct elf_sym *f,
		      __u64 prev_end)
{
	const char *why = NULL;

	if (!*f->name)
		why = "has no name";
	else if (f->value % BPF_INSN_SZ || f->size % BPF_INSN_SZ || !f->size)
		why = "is not a whole number of instructions";
	else if (f->value > s->size || f->size > s->size - f->value)
		why = "extends past its section";
	else if (f->value < prev_end)
		why = "overlaps the previous function";
	else if ((int)s->idx != obj->text_sec_idx && f->bind == STB_LOCAL)
		why = "is static: programs outside .text must be global";
	if (!why)
		return 0;
	pr_warn("sec '%s': function '%s' %s\n", s->name, f->name, why);
	return (int)s->idx != obj->text_sec_idx && f->bind == STB_LOCAL ? -ENOTSUP :
									  -LIBBPF_ERRNO__FORMAT;
}

static int add_section_progs(struct bpf_object *obj, const struct elf_sec *s)
{
	struct elf_sym *funcs;
	struct bpf_program *np;
	__u64 end = 0;
	int cnt, err;

	err = section_funcs(obj, s->idx, &funcs, &cnt);
	if (err)
		return err;
	if (!cnt) {
		pr_warn("sec '%s': code without any function symbol\n", s->name);
		free(funcs);
		return -LIBBPF_ERRNO__FORMAT;
	}
	np = realloc(obj->progs, (obj->nr_progs + cnt) * sizeof(*np));
	if (!np) {
		free(funcs);
		return -ENOMEM;
	}
	obj->progs = np;
	for (int i = 0; i < cnt; i++) {
		err = check_func(obj, s, &funcs[i], end);
		if (err)
			break;
		end = funcs[i].value + funcs[i].size;
		err = prog_init(obj, &obj->progs[obj->nr_progs], s, &funcs[i]);
		obj->nr_progs++;
		if (err)
			break;
	}
	free(funcs);
	return err;
}

static int init_progs(struct bpf_object *obj)
{
	int err;

	for (size_t i = 1; i < obj->nr_secs; i++) {
		if (obj->sec_kinds[i] != SEC_KIND_PROG)
			continue;
		err = add_section_progs(obj, elf_sec_by_idx(obj->elf, i));
		if (err)
			return err;
	}
	return 0;
}

static int setup_progs(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];
		int err;

		if (!p->sec_def || !p->sec_def->prog_setup_fn)
			continue;
		err = p->sec_def->prog_setup_fn(p, p->sec_def->cookie);
		if (err < 0) {
			pr_warn("prog '%s': custom setup callback failed: %s\n", p->name,
				errstr(err));
			return err;
		}
	}
	return 0;
}

static int collect_relos(struct bpf_object *obj)
{
	for (size_t i = 1; i < obj->nr_secs; i++) {
		const struct elf_sec *s = elf_sec_by_idx(obj->elf, i);
		int err;

		if (obj->sec_kinds[i] != SEC_KIND_RELO || s->info >= obj->nr_secs)
			continue;
		if ((int)s->info == obj->maps_sec_idx && obj->btf)
			err = obj_collect_map_slots(obj, i);
		else if (obj->sec_kinds[s->info] == SEC_KIND_PROG)
			err = relo_collect(obj, s->info, i);
		else
			continue;
		if (err)
			return err;
	}
	return 0;
}

/* ---- BTF data section fix-up ---- */

static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* clang leaves DATASEC sizes and variable offsets 0: the linker would set
 * them. Take them from the section and the symbol table instead, and sort
 * the variables by offset as the kernel requires. */
static int fixup_datasec(struct bpf_object *obj, struct btf_type *t)
{
	const char *sname = btf__name_by_offset(obj->btf, t->name_off);
	const struct elf_sec *s = sname ? elf_sec_by_name(obj->elf, sname) : NULL;
	struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	int n = btf_vlen(t);

	if (!s)
		return 0; /* .kconfig / .ksyms: externs, next slice */
	if (s->size > UINT32_MAX)
		return -LIBBPF_ERRNO__FORMAT;
	t->size = s->size;
	for (int i = 0; i < n; i++) {
		const struct btf_type *v = btf__type_by_id(obj->btf, vsi[i].type);
		const char *vname = v ? btf__name_by_offset(obj->btf, v->name_off) : NULL;
		struct elf_sym sym;

		if (!vname || !btf_is_var(v))
			continue;
		if (elf_sym_by_name(obj->elf, vname, &sym) < 0 || sym.shndx != s->idx)
			continue;
		if (sym.value > s->size || vsi[i].size > s->size - sym.value) {
			pr_warn("BTF: variable '%s' does not fit in section '%s'\n", vname, sname);
			return -LIBBPF_ERRNO__FORMAT;
		}
		vsi[i].offset = sym.value;
	}
	if (n > 1)
		qsort(vsi, n, sizeof(*vsi), cmp_vsi);
	return 0;
}

static int fixup_btf(struct bpf_object *obj)
{
	__u32 n;
	int err;

	if (!obj->btf)
		return 0;
	err = btf_make_writable(obj->btf);
	if (err)
		return err;
	n = btf__type_cnt(obj->btf);
	for (__u32 id = 1; id < n; id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(obj->btf, id);

		if (!btf_is_datasec(t))
			continue;
		err = fixup_datasec(obj, t);
		if (err)
			return err;
	}
	btf_invalidate_raw(obj->btf);
	return 0;
}

/* ---- open ---- */

static char *default_name(const char *path, const void *buf, size_t size)
{
	char tmp[64], *name, *dot;
	const char *base;

	if (!path) {
		snprintf(tmp, sizeof(tmp), "%lx-%lx", (unsigned long)buf, (unsigned long)size);
		return strdup(tmp);
	}
	base = strrchr(path, '/');
	name = strdup(base ? base + 1 : path);
	if (name && (dot = strchr(name, '.')))
		*dot = '\0';
	return name;
}

static int save_opts(struct bpf_object *obj, const struct bpf_object_open_opts *opts)
{
	const char *pin = OPTS_GET(opts, pin_root_path, NULL);
	const char *kc = OPTS_GET(opts, kconfig, NULL);
	const char *bc = OPTS_GET(opts, btf_custom_path, NULL);

	obj->relaxed_maps = OPTS_GET(opts, relaxed_maps, false);
	obj->kernel_log_buf = OPTS_GET(opts, kernel_log_buf, NULL);
	obj->kernel_log_size = OPTS_GET(opts, kernel_log_size, 0);
	obj->kernel_log_level = OPTS_GET(opts, kernel_log_level, 0);
	if (!!obj->kernel_log_buf != !!obj->kernel_log_size) {
		pr_warn("object '%s': kernel_log_buf and kernel_log_size go together\n", obj->name);
		return -EINVAL;
	}
	obj->pin_root_path = strdup(pin ? pin : "/sys/fs/bpf");
	obj->kconfig = kc ? strdup(kc) : NULL;
	obj->btf_custom_path = bc ? strdup(bc) : NULL;
	if (!obj->pin_root_path || (kc && !obj->kconfig) || (bc && !obj->btf_custom_path))
		return -ENOMEM;
	return 0;
}

static int check_elf(struct bpf_object *obj)
{
	if (elf_machine(obj->elf) != EM_BPF) {
		pr_warn("object '%s': not a BPF object (machine %u)\n", obj->name,
			elf_machine(obj->elf));
		return -LIBBPF_ERRNO__FORMAT;
	}
	/* the other byte order opens (insns swapped); load refuses it */
	return 0;
}

static struct bpf_object *obj_open(struct elf_file *ef, const char *path, void *buf,
				   size_t buf_sz, const struct bpf_object_open_opts *opts)
{
	const char *oname = OPTS_GET(opts, object_name, NULL);
	struct bpf_object *obj = calloc(1, sizeof(*obj));
	int err;

	if (!obj) {
		elf_close(ef);
		free(buf);
		return libbpf_err_ptr(-ENOMEM);
	}
	obj->elf = ef;
	obj->buf = buf;
	obj->buf_sz = buf_sz;
	obj->btf_fd = -1;
	obj->text_sec_idx = obj->maps_sec_idx = obj->legacy_maps_sec_idx = -1;
	obj->kconfig_map_idx = -1;
	obj->arena_sec_idx = -1;
	obj->arena_map_idx = -1;
	obj->name = oname ? strdup(oname) : default_name(path, buf, buf_sz);
	obj->path = strdup(path ? path : "");
	if (!obj->name || !obj->path) {
		err = -ENOMEM;
		goto fail;
	}
	err = save_opts(obj, opts);
	err = err ?: check_elf(obj);
	err = err ?: classify_sections(obj);
	err = err ?: fixup_btf(obj);
	err = err ?: init_progs(obj);
	err = err ?: obj_init_maps(obj);
	err = err ?: obj_init_arena(obj);
	err = err ?: collect_relos(obj);
	err = err ?: obj_classify_externs(obj);
	err = err ?: (obj->btf ? obj_fixup_extern_btf(obj) : 0);
	err = err ?: obj_init_struct_ops(obj);
	err = err ?: setup_progs(obj);
	if (!err)
		return obj;
fail:
	bpf_object__close(obj);
	return libbpf_err_ptr(err);
}

LIBBPF_API struct bpf_object *bpf_object__open_file(const char *path,
						    const struct bpf_object_open_opts *opts)
{
	struct elf_file *ef;
	int err;

	if (!path) {
		pr_warn("bpf_object__open_file: NULL path\n");
		return libbpf_err_ptr(-EINVAL);
	}
	if (!OPTS_VALID(opts, bpf_object_open_opts))
		return libbpf_err_ptr(-EINVAL);
	err = elf_open_file(path, &ef);
	if (err)
		return libbpf_err_ptr(err);
	return obj_open(ef, path, NULL, 0, opts);
}

LIBBPF_API struct bpf_object *bpf_object__open(const char *path)
{
	return bpf_object__open_file(path, NULL);
}

LIBBPF_API struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
						   const struct bpf_object_open_opts *opts)
{
	struct elf_file *ef;
	char tmp[64];
	void *copy;
	int err;

	if (!obj_buf || !obj_buf_sz) {
		pr_warn("bpf_object__open_mem: empty buffer\n");
		return libbpf_err_ptr(-EINVAL);
	}
	if (!OPTS_VALID(opts, bpf_object_open_opts))
		return libbpf_err_ptr(-EINVAL);
	copy = malloc(obj_buf_sz);
	if (!copy)
		return libbpf_err_ptr(-ENOMEM);
	memcpy(copy, obj_buf, obj_buf_sz);
	snprintf(tmp, sizeof(tmp), "%lx-%lx", (unsigned long)obj_buf, (unsigned long)obj_buf_sz);
	err = elf_open_mem(copy, obj_buf_sz, tmp, &ef);
	if (err) {
		free(copy);
		return libbpf_err_ptr(err);
	}
	/* Name from the caller's buffer address, as libbpf does. */
	if (!OPTS_GET(opts, object_name, NULL)) {
		struct bpf_object *obj = obj_open(ef, NULL, copy, obj_buf_sz, opts);

		if (obj) {
			free(obj->name);
			obj->name = strdup(tmp);
			if (!obj->name) {
				bpf_object__close(obj);
				return libbpf_err_ptr(-ENOMEM);
			}
		}
		return obj;
	}
	return obj_open(ef, NULL, copy, obj_buf_sz, opts);
}

/* ---- load / close ---- */

static void obj_unload_btf(struct bpf_object *obj)
{
	close_fd_safe(obj->btf_fd);
	obj->btf_fd = -1;
	if (obj->btf)
		btf__set_fd(obj->btf, -1);
}

/* Load BTF again with a log to show why the kernel refused it. */
static void report_btf_reject(struct bpf_object *obj, const void *raw, __u32 size, int err)
{
	LIBBPF_OPTS(bpf_btf_load_opts, o, .log_level = 1, .log_size = 1u << 16);
	int fd;

	pr_warn("object '%s': kernel rejected BTF (%s), loading without it\n", obj->name,
		errstr(err));
	o.log_buf = calloc(1, o.log_size);
	if (!o.log_buf)
		return;
	fd = bpf_btf_load(raw, size, &o);
	close_fd_safe(fd);
	if (o.log_buf[0])
		pr_warn("object '%s': -- BEGIN BTF LOAD LOG --\n%s\n-- END BTF LOAD LOG --\n",
			obj->name, o.log_buf);
	free(o.log_buf);
}

static int obj_load_btf(struct bpf_object *obj)
{
	LIBBPF_OPTS(bpf_btf_load_opts, o);
	struct btf *san = NULL;
	const void *raw;
	__u64 feats;
	__u32 size;
	int fd, err;

	if (!obj->btf)
		return 0;
	if (!kernel_supports(FEAT_BTF)) {
		pr_info("object '%s': kernel has no BTF support, loading without it\n", obj->name);
		return 0;
	}
	/* the kernel gets a copy without what it lacks; obj->btf stays */
	feats = kernel_btf_features();
	if (btf_needs_sanitize(obj->btf, feats)) {
		san = btf_sanitize(obj->btf, feats);
		if (!san)
			return -errno;
	}
	raw = btf__raw_data(san ? san : obj->btf, &size);
	if (!raw) {
		err = -errno;
		btf__free(san);
		return err;
	}
	if (obj->kernel_log_buf && obj->kernel_log_level) {
		o.log_buf = obj->kernel_log_buf;
		o.log_size = obj->kernel_log_size;
		o.log_level = obj->kernel_log_level;
	}
	fd = bpf_btf_load(raw, size, &o);
	if (fd < 0)
		/* BTF only adds information: load on without it. */
		report_btf_reject(obj, raw, size, -errno);
	btf__free(san);
	if (fd < 0)
		return 0;
	obj->btf_fd = fd;
	btf__set_fd(obj->btf, fd);
	return 0;
}

static void obj_unload(struct bpf_object *obj)
{
	obj_unload_progs(obj);
	obj_unload_maps(obj);
	obj_unload_btf(obj);
}

struct btf *obj_vmlinux_btf(struct bpf_object *obj)
{
	if (!obj->vmlinux_btf)
		obj->vmlinux_btf = btf__load_vmlinux_btf();
	return obj->vmlinux_btf;
}

void obj_drop_vmlinux_btf(struct bpf_object *obj)
{
	btf__free(obj->vmlinux_btf);
	obj->vmlinux_btf = NULL;
}

/* CO-RE against the running kernel's BTF, or open_opts.btf_custom_path. */
static int obj_core(struct bpf_object *obj)
{
	struct btf *targ;
	int err;

	if (!relo_core_count(obj))
		return 0;
	targ = obj->btf_custom_path ? btf__parse(obj->btf_custom_path, NULL) :
				      obj_vmlinux_btf(obj);
	if (!targ) {
		err = -errno;
		pr_warn("object '%s': no target BTF for CO-RE relocations (%s): %s\n", obj->name,
			obj->btf_custom_path ? obj->btf_custom_path : "vmlinux", errstr(err));
		return err;
	}
	err = relo_core(obj, targ);
	if (obj->btf_custom_path)
		btf__free(targ);
	return err;
}

/* BTF, maps and relocated programs: everything but the program loads. */
static int obj_prepare(struct bpf_object *obj)
{
	int err;

	obj->prepared = true;
	err = obj_resolve_externs(obj);
	err = err ?: obj_prepare_struct_ops(obj);
	err = err ?: obj_core(obj);
	err = err ?: obj_load_btf(obj);
	err = err ?: obj_create_maps(obj);
	err = err ?: obj_init_map_slots(obj);
	err = err ?: obj_relocate_progs(obj);
	if (err) {
		obj_unpin_created(obj);
		obj_unload(obj);
		obj->prepare_err = err;
		pr_warn("object '%s': preparing for load failed: %s\n", obj->name, errstr(err));
	}
	return err;
}

LIBBPF_API int bpf_object__prepare(struct bpf_object *obj)
{
	if (!obj)
		return libbpf_err(-EINVAL);
	if (obj->prepared || obj->loaded) {
		pr_warn("object '%s': already prepared\n", obj->name);
		return libbpf_err(-EINVAL);
	}
	if (obj_check_native(obj))
		return libbpf_err(-LIBBPF_ERRNO__ENDIAN);
	return libbpf_err(obj_prepare(obj));
}

LIBBPF_API int bpf_object__load(struct bpf_object *obj)
{
	int err;

	if (!obj)
		return libbpf_err(-EINVAL);
	if (obj->loaded || obj->prepare_err) {
		pr_warn("object '%s': load can be attempted only once\n", obj->name);
		return libbpf_err(-EINVAL);
	}
	if (obj_check_native(obj)) {
		obj->loaded = true;
		return libbpf_err(-LIBBPF_ERRNO__ENDIAN);
	}
	if (!obj->prepared) {
		err = obj_prepare(obj);
		if (err) {
			obj->loaded = true;
			obj_drop_vmlinux_btf(obj);
			return libbpf_err(err);
		}
	}
	obj->loaded = true;
	err = obj_load_progs(obj);
	err = err ?: obj_init_prog_slots(obj);
	err = err ?: obj_struct_ops_set_prog_fds(obj);
	obj_drop_vmlinux_btf(obj);
	if (err) {
		obj_unpin_created(obj);
		obj_unload(obj);
		pr_warn("object '%s': load failed: %s\n", obj->name, errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API void bpf_object__close(struct bpf_object *obj)
{
	if (!obj)
		return;
	obj_unload(obj);
	for (int i = 0; i < obj->nr_progs; i++)
		prog_free(&obj->progs[i]);
	free(obj->progs);
	obj_free_maps(obj);
	obj_free_arena(obj);
	for (int i = 0; i < obj->nr_externs; i++)
		free(obj->externs[i].name);
	free(obj->externs);
	btf_ext__free(obj->btf_ext);
	btf__free(obj->btf);
	obj_drop_vmlinux_btf(obj);
	elf_close(obj->elf);
	free(obj->buf);
	free(obj->sec_kinds);
	free(obj->sec_map_idx);
	free(obj->name);
	free(obj->path);
	free(obj->pin_root_path);
	free(obj->kconfig);
	free(obj->btf_custom_path);
	free(obj);
}

/* ---- accessors ---- */

LIBBPF_API const char *bpf_object__name(const struct bpf_object *obj)
{
	return obj ? obj->name : libbpf_err_ptr(-EINVAL);
}

LIBBPF_API unsigned int bpf_object__kversion(const struct bpf_object *obj)
{
	return obj ? obj->kern_version : 0;
}

LIBBPF_API int bpf_object__set_kversion(struct bpf_object *obj, __u32 kern_version)
{
	if (!obj)
		return libbpf_err(-EINVAL);
	if (obj->loaded)
		return libbpf_err(-EBUSY);
	obj->kern_version = kern_version;
	return 0;
}

LIBBPF_API struct btf *bpf_object__btf(const struct bpf_object *obj)
{
	return obj ? obj->btf : NULL;
}

LIBBPF_API int bpf_object__btf_fd(const struct bpf_object *obj)
{
	return obj && obj->btf_fd >= 0 ? obj->btf_fd : -1;
}

LIBBPF_API int bpf_object__token_fd(const struct bpf_object *obj)
{
	(void)obj;
	return -1;
}

LIBBPF_API struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj,
								const char *name)
{
	if (!obj || !name)
		return libbpf_err_ptr(-EINVAL);
	for (int i = 0; i < obj->nr_progs; i++) {
		if (!obj->progs[i].is_subprog && !strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	}
	return libbpf_err_ptr(-ENOENT);
}

/* Next main program after index i going in direction dir. */
static struct bpf_program *prog_step(const struct bpf_object *obj, int i, int dir)
{
	for (i += dir; i >= 0 && i < obj->nr_progs; i += dir)
		if (!obj->progs[i].is_subprog)
			return &obj->progs[i];
	return NULL;
}

LIBBPF_API struct bpf_program *bpf_object__next_program(const struct bpf_object *obj,
							struct bpf_program *prog)
{
	if (!obj)
		return NULL;
	if (prog && prog->obj != obj)
		return libbpf_err_ptr(-EINVAL);
	return prog_step(obj, prog ? (int)(prog - obj->progs) : -1, 1);
}

LIBBPF_API struct bpf_program *bpf_object__prev_program(const struct bpf_object *obj,
							struct bpf_program *prog)
{
	if (!obj)
		return NULL;
	if (prog && prog->obj != obj)
		return libbpf_err_ptr(-EINVAL);
	return prog_step(obj, prog ? (int)(prog - obj->progs) : obj->nr_progs, -1);
}
