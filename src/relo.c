// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Instruction relocation. relo_collect() turns the REL entries of a program
 * section into relo_desc records at open time; relo_apply() builds the
 * final instruction array of one main program from those records, the map
 * fds and the subprograms; relo_btf_ext() lays .BTF.ext func/line info over
 * that final layout. Nothing here calls bpf(): the kernel-facing inputs
 * (map fds) come in through struct relo_env, so all of it is unit-tested
 * on handcrafted objects.
 */
#include <stdlib.h>
#include <elf.h>

#include "elf.h"
#include "btf_ext.h"
#include "core.h"
#include "object_internal.h"

struct bpf_program *obj_prog_at(const struct bpf_object *obj, int sec_idx, __u32 insn_off)
{
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (p->sec_idx == sec_idx && insn_off >= p->sec_insn_off &&
		    insn_off - p->sec_insn_off < p->sec_insn_cnt)
			return p;
	}
	return NULL;
}

/* A relocation of the section being collected, before it is handed to
 * its program. */
struct pending_relo {
	struct bpf_program *prog;
	struct relo_desc d;
};

/* Append the run of cnt pending relocations of one program with a single
 * realloc(): clang emits relocations in offset order, so each program
 * normally gets exactly one run per section. */
static int append_run(const struct pending_relo *pr, size_t cnt)
{
	struct bpf_program *prog = pr->prog;
	struct relo_desc *r;

	r = realloc(prog->relos, (prog->nr_relos + cnt) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	prog->relos = r;
	for (size_t i = 0; i < cnt; i++)
		r[prog->nr_relos++] = pr[i].d;
	return 0;
}

static int hand_out(struct pending_relo *pr, size_t n)
{
	size_t start = 0;
	int err;

	for (size_t i = 1; i <= n; i++) {
		if (i < n && pr[i].prog == pr[start].prog)
			continue;
		err = append_run(&pr[start], i - start);
		if (err)
			return err;
		start = i;
	}
	return 0;
}

/* The programs of one section: init_progs() creates them contiguously and
 * in address order, so a relocation's program is found by binary search.
 * When that does not hold, lookups fall back to obj_prog_at(). */
struct sec_progs {
	struct bpf_program *first;
	int cnt;
	bool sorted;
};

static void sec_progs_init(const struct bpf_object *obj, int sec_idx, struct sec_progs *sp)
{
	int total = 0, start = -1, run = 0;

	for (int i = 0; i < obj->nr_progs; i++) {
		if (obj->progs[i].sec_idx != sec_idx)
			continue;
		if (start < 0)
			start = i;
		if (i == start + run)
			run++;
		total++;
	}
	sp->first = start >= 0 ? &obj->progs[start] : NULL;
	sp->cnt = run;
	sp->sorted = total == run;
	for (int i = 1; sp->sorted && i < run; i++)
		sp->sorted = sp->first[i - 1].sec_insn_off < sp->first[i].sec_insn_off;
}

static struct bpf_program *sec_prog_at(const struct bpf_object *obj, int sec_idx,
				       const struct sec_progs *sp, __u32 insn_off)
{
	int lo = 0, hi = sp->cnt;
	struct bpf_program *p;

	if (!sp->sorted)
		return obj_prog_at(obj, sec_idx, insn_off);
	/* last program starting at or before insn_off */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (sp->first[mid].sec_insn_off <= insn_off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	p = &sp->first[lo - 1];
	return insn_off - p->sec_insn_off < p->sec_insn_cnt ? p : NULL;
}

/* Index of the extern for symbol sym_idx, adding it on first use. */
static int get_extern(struct bpf_object *obj, int sym_idx, const struct elf_sym *sym,
		      bool is_func)
{
	struct obj_extern *e;

	for (int i = 0; i < obj->nr_externs; i++) {
		if (obj->externs[i].sym_idx == sym_idx) {
			obj->externs[i].is_func |= is_func;
			return i;
		}
	}
	e = realloc(obj->externs, (obj->nr_externs + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	obj->externs = e;
	e = &e[obj->nr_externs];
	memset(e, 0, sizeof(*e));
	e->name = strdup(sym->name);
	if (!e->name)
		return -ENOMEM;
	e->sym_idx = sym_idx;
	e->is_func = is_func;
	e->is_weak = sym->bind == STB_WEAK;
	return obj->nr_externs++;
}

/* Classify one REL entry against the instruction it patches. */
static int collect_one(struct bpf_object *obj, struct bpf_program *prog, __u32 insn_idx,
		       const struct elf_rel *rel, const struct elf_sym *sym, struct relo_desc *out)
{
	const struct bpf_insn *insn = &prog->insns[insn_idx - prog->sec_insn_off];
	struct relo_desc d = { .insn_idx = insn_idx - prog->sec_insn_off, .map_idx = -1,
			       .sym_sec_idx = -1, .ext_idx = -1 };
	bool is_call = insn->code == (BPF_JMP | BPF_CALL);
	int sidx = sym->shndx;
	enum sec_kind k;
	int idx;

	if (!is_call && !insn_is_ldimm64(insn)) {
		pr_warn("prog '%s': relocation at insn %u (%s) is neither a call nor an ld_imm64 (code 0x%x)\n",
			prog->name, d.insn_idx, sym->name, insn->code);
		return -LIBBPF_ERRNO__RELOC;
	}
	if (insn_is_ldimm64(insn) && insn_idx - prog->sec_insn_off + 1 >= prog->sec_insn_cnt) {
		pr_warn("prog '%s': ld_imm64 at insn %u is truncated\n", prog->name, d.insn_idx);
		return -LIBBPF_ERRNO__RELOC;
	}
	if (sidx == 0 /* SHN_UNDEF */) {
		idx = get_extern(obj, rel->sym, sym, is_call);
		if (idx < 0)
			return idx;
		d.kind = RELO_EXTERN;
		d.ext_idx = idx;
		*out = d;
		return 0;
	}
	if ((size_t)sidx >= obj->nr_secs) {
		pr_warn("prog '%s': relocation at insn %u against symbol '%s' of unsupported section %d\n",
			prog->name, d.insn_idx, sym->name, sidx);
		return -LIBBPF_ERRNO__RELOC;
	}
	k = obj->sec_kinds[sidx];
	if (is_call) {
		if (insn->src_reg != BPF_PSEUDO_CALL || k != SEC_KIND_PROG || sym->value % BPF_INSN_SZ) {
			pr_warn("prog '%s': call at insn %u to '%s' is not a BPF-to-BPF call into code\n",
				prog->name, d.insn_idx, sym->name);
			return -LIBBPF_ERRNO__RELOC;
		}
		d.kind = RELO_CALL;
		d.sym_sec_idx = sidx;
		d.sym_off = sym->value / BPF_INSN_SZ;
		*out = d;
		return 0;
	}
	switch (k) {
	case SEC_KIND_PROG:
		if (sym->value % BPF_INSN_SZ) {
			pr_warn("prog '%s': function address at insn %u is misaligned\n",
				prog->name, d.insn_idx);
			return -LIBBPF_ERRNO__RELOC;
		}
		d.kind = RELO_SUBPROG_ADDR;
		d.sym_sec_idx = sidx;
		d.sym_off = sym->value / BPF_INSN_SZ;
		break;
	case SEC_KIND_MAPS:
	case SEC_KIND_LEGACY_MAPS:
		d.kind = RELO_MAP;
		d.map_idx = obj_map_by_def(obj, sidx, sym->value);
		if (d.map_idx < 0) {
			pr_warn("prog '%s': insn %u references '%s' which is no map definition of section '%s'\n",
				prog->name, d.insn_idx, sym->name, obj_sec_name(obj, sidx));
			return -LIBBPF_ERRNO__RELOC;
		}
		break;
	case SEC_KIND_DATA:
	case SEC_KIND_RODATA:
	case SEC_KIND_BSS:
		d.kind = RELO_DATA;
		d.map_idx = obj_map_by_sec(obj, sidx);
		d.sym_off = sym->value;
		if (d.map_idx < 0)
			return -LIBBPF_ERRNO__RELOC;
		break;
	case SEC_KIND_ARENA:
		d.kind = RELO_DATA;
		d.map_idx = obj->arena_map_idx;
		d.sym_off = sym->value + obj->arena_data_off;
		if (d.map_idx < 0)
			return -LIBBPF_ERRNO__RELOC;
		break;
	default:
		pr_warn("prog '%s': insn %u references '%s' in section '%s' which is not code, data or maps\n",
			prog->name, d.insn_idx, sym->name, obj_sec_name(obj, sidx));
		return -LIBBPF_ERRNO__RELOC;
	}
	*out = d;
	return 0;
}

static int cmp_relo(const void *a, const void *b)
{
	const struct relo_desc *x = a, *y = b;

	return x->insn_idx < y->insn_idx ? -1 : x->insn_idx > y->insn_idx;
}

static bool relos_sorted(const struct bpf_program *p)
{
	for (int j = 1; j < p->nr_relos; j++) {
		if (p->relos[j].insn_idx <= p->relos[j - 1].insn_idx)
			return false;
	}
	return true;
}

/* Sorted by instruction so relo_apply() can binary-search them; two
 * records for one instruction make no sense. */
static int sort_relos(struct bpf_object *obj, int sec_idx)
{
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (p->sec_idx != sec_idx || p->nr_relos < 2 || relos_sorted(p))
			continue;
		qsort(p->relos, p->nr_relos, sizeof(*p->relos), cmp_relo);
		for (int j = 1; j < p->nr_relos; j++) {
			if (p->relos[j].insn_idx == p->relos[j - 1].insn_idx) {
				pr_warn("prog '%s': two relocations for insn %u\n", p->name,
					p->relos[j].insn_idx);
				return -LIBBPF_ERRNO__FORMAT;
			}
		}
	}
	return 0;
}

static int collect_all(struct bpf_object *obj, int sec_idx, const struct elf_sec *rs,
		       struct pending_relo *pr, size_t n)
{
	const char *sname = obj_sec_name(obj, sec_idx);
	struct sec_progs sp;
	struct elf_rel rel;
	struct elf_sym sym;
	int err;

	sec_progs_init(obj, sec_idx, &sp);
	for (size_t i = 0; i < n; i++) {
		struct bpf_program *prog;
		__u32 insn_idx;

		err = elf_rel_get(obj->elf, rs, i, &rel);
		if (err)
			return err;
		if (rel.offset % BPF_INSN_SZ) {
			pr_warn("section '%s': relocation %zu has misaligned offset %llu\n", sname, i,
				(unsigned long long)rel.offset);
			return -LIBBPF_ERRNO__FORMAT;
		}
		insn_idx = rel.offset / BPF_INSN_SZ;
		prog = sec_prog_at(obj, sec_idx, &sp, insn_idx);
		if (!prog || rel.offset / BPF_INSN_SZ > UINT32_MAX) {
			pr_warn("section '%s': relocation %zu at offset %llu is outside every function\n",
				sname, i, (unsigned long long)rel.offset);
			return -LIBBPF_ERRNO__FORMAT;
		}
		err = elf_sym_get(obj->elf, rel.sym, &sym);
		if (err || !rel.sym) {
			pr_warn("section '%s': relocation %zu uses bad symbol index %u\n", sname, i,
				rel.sym);
			return -LIBBPF_ERRNO__FORMAT;
		}
		pr[i].prog = prog;
		err = collect_one(obj, prog, insn_idx, &rel, &sym, &pr[i].d);
		if (err)
			return err;
	}
	return 0;
}

/* All entries are classified into one scratch array first, then handed to
 * their programs run by run, instead of growing each program's array one
 * relocation at a time. */
int relo_collect(struct bpf_object *obj, int sec_idx, int relsec_idx)
{
	const struct elf_sec *rs = elf_sec_by_idx(obj->elf, relsec_idx);
	size_t n = rs ? elf_rel_cnt(rs) : 0;
	/* a few relocations (most sections) need no scratch allocation */
	struct pending_relo few[16], *pr = few;
	int err;

	if (!n)
		return sort_relos(obj, sec_idx);
	if (n > sizeof(few) / sizeof(few[0])) {
		pr = malloc(n * sizeof(*pr));
		if (!pr)
			return -ENOMEM;
	}
	err = collect_all(obj, sec_idx, rs, pr, n);
	if (!err)
		err = hand_out(pr, n);
	if (pr != few)
		free(pr);
	return err ? err : sort_relos(obj, sec_idx);
}

/* ---- building a main program ---- */

struct layout {
	struct relo_unit *units;
	int nr_units;
	struct bpf_insn *insns;
	size_t cnt;
	size_t cap;
};

/* Offset of subprogram t in the layout, appending it on first use. */
static int layout_place(struct layout *l, struct bpf_program *t, __u32 *off)
{
	struct relo_unit *u;
	int err;

	for (int i = 0; i < l->nr_units; i++) {
		if (l->units[i].prog == t) {
			*off = l->units[i].off;
			return 0;
		}
	}
	if (l->cnt + t->insn_cnt > UINT32_MAX / BPF_INSN_SZ)
		return -E2BIG;
	err = libbpf_ensure_mem((void **)&l->insns, &l->cap, BPF_INSN_SZ, l->cnt + t->insn_cnt);
	if (err)
		return err;
	u = realloc(l->units, (l->nr_units + 1) * sizeof(*u));
	if (!u)
		return -ENOMEM;
	l->units = u;
	u[l->nr_units].prog = t;
	u[l->nr_units].off = l->cnt;
	l->nr_units++;
	memcpy(l->insns + l->cnt, t->insns, t->insn_cnt * BPF_INSN_SZ);
	*off = l->cnt;
	l->cnt += t->insn_cnt;
	return 0;
}

/* Point the call / function address at final insn pos to target
 * section insn tgt of section tsec. */
static int patch_code_ref(struct bpf_object *obj, struct layout *l, struct bpf_program *from,
			  __u32 pos, int tsec, long long tgt)
{
	struct bpf_program *t;
	__u32 off;
	int err;

	t = tgt >= 0 && tgt <= UINT32_MAX ? obj_prog_at(obj, tsec, tgt) : NULL;
	if (!t) {
		pr_warn("prog '%s': insn %u calls or takes the address of insn %lld of section '%s', where no function is\n",
			from->name, pos - l->units[0].off, tgt, obj_sec_name(obj, tsec));
		return -LIBBPF_ERRNO__RELOC;
	}
	if (!t->is_subprog) {
		pr_warn("prog '%s': insn %u refers to program '%s' of section '%s': only .text functions can be called\n",
			from->name, pos, t->name, obj_sec_name(obj, tsec));
		return -LIBBPF_ERRNO__RELOC;
	}
	err = layout_place(l, t, &off);
	if (err)
		return err;
	l->insns[pos].imm = (__s32)(off + (tgt - t->sec_insn_off)) - (__s32)(pos + 1);
	if (insn_is_ldimm64(&l->insns[pos])) {
		l->insns[pos].src_reg = BPF_PSEUDO_FUNC;
		l->insns[pos + 1].imm = 0;
	}
	return 0;
}

/* Relocation of insn idx (records sorted by insn_idx), or NULL. */
static const struct relo_desc *find_relo(const struct bpf_program *p, __u32 idx)
{
	int lo = 0, hi = p->nr_relos - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (p->relos[mid].insn_idx == idx)
			return &p->relos[mid];
		if (p->relos[mid].insn_idx < idx)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static int patch_map_ref(struct bpf_object *obj, const struct relo_env *env, struct layout *l,
			 struct bpf_program *from, __u32 pos, const struct relo_desc *r)
{
	struct bpf_insn *insn = &l->insns[pos];
	int fd;

	if (r->map_idx < 0 || r->map_idx >= obj->nr_maps) {
		pr_warn("prog '%s': insn %u references invalid map index %d\n", from->name,
			r->insn_idx, r->map_idx);
		return -LIBBPF_ERRNO__RELOC;
	}
	fd = env->map_fds ? env->map_fds[r->map_idx] : -1;
	if (fd < 0) {
		pr_warn("prog '%s': insn %u references map '%s', which was not created\n",
			from->name, r->insn_idx, obj->maps[r->map_idx].name);
		return -ENOENT;
	}
	if (r->kind == RELO_MAP) {
		insn[0].src_reg = BPF_PSEUDO_MAP_FD;
		insn[1].imm = 0;
	} else {
		insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		insn[1].imm = (__s32)((__u32)insn[0].imm + r->sym_off);
	}
	insn[0].imm = fd;
	return 0;
}

/* Calls to a weak kfunc the kernel lacks become calls of a helper id no
 * kernel has: fine as dead code (bpf_ksym_exists() guards), refused by
 * the verifier if reachable. */
#define POISON_KFUNC_CALL 0x7bad0000

static int patch_extern(struct bpf_object *obj, const struct relo_env *env, struct layout *l,
			struct bpf_program *from, __u32 pos, const struct relo_desc *r)
{
	const struct obj_extern *e = &obj->externs[r->ext_idx];
	struct bpf_insn *insn = &l->insns[pos];

	if (e->kind == EXT_KCONFIG) {
		int mi = obj->kconfig_map_idx;
		int fd = mi >= 0 && env->map_fds ? env->map_fds[mi] : -1;

		if (insn->code == (BPF_JMP | BPF_CALL) || fd < 0) {
			pr_warn("prog '%s': insn %u: Kconfig extern '%s' has no map or is called\n",
				from->name, r->insn_idx, e->name);
			return -LIBBPF_ERRNO__RELOC;
		}
		insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		insn[0].imm = fd;
		insn[1].imm = e->kcfg_off;
		return 0;
	}
	if (e->kind == EXT_UNKNOWN || (!e->found && !e->is_weak)) {
		pr_warn("prog '%s': insn %u uses extern '%s', which is not resolved\n",
			from->name, r->insn_idx, e->name);
		return -ENOTSUP;
	}
	if (insn->code == (BPF_JMP | BPF_CALL)) {
		if (e->kind != EXT_KFUNC) {
			pr_warn("prog '%s': insn %u calls extern '%s', which is no function\n",
				from->name, r->insn_idx, e->name);
			return -LIBBPF_ERRNO__RELOC;
		}
		insn->src_reg = e->found ? BPF_PSEUDO_KFUNC_CALL : 0;
		insn->imm = e->found ? (__s32)e->kern_btf_id : POISON_KFUNC_CALL + r->ext_idx;
		insn->off = 0; /* vmlinux, not a module */
		return 0;
	}
	if (e->found && e->kind != EXT_KSYM_ADDR) {
		insn[0].src_reg = BPF_PSEUDO_BTF_ID;
		insn[0].imm = e->kern_btf_id;
		insn[1].imm = 0; /* vmlinux BTF */
	} else {
		/* address, or 0 for a missing weak symbol */
		insn[0].src_reg = 0;
		insn[0].imm = (__u32)e->addr;
		insn[1].imm = (__u32)(e->addr >> 32);
	}
	return 0;
}

static int patch_one(struct bpf_object *obj, const struct relo_env *env, struct layout *l,
		     struct bpf_program *from, __u32 base, const struct relo_desc *r)
{
	__u32 pos = base + r->insn_idx;
	struct bpf_insn *insn = &l->insns[pos];

	switch (r->kind) {
	case RELO_CALL:
		return patch_code_ref(obj, l, from, pos, r->sym_sec_idx,
				      (long long)r->sym_off + insn->imm + 1);
	case RELO_SUBPROG_ADDR:
		if (insn->imm % (int)BPF_INSN_SZ) {
			pr_warn("prog '%s': function address at insn %u has misaligned addend\n",
				from->name, r->insn_idx);
			return -LIBBPF_ERRNO__RELOC;
		}
		return patch_code_ref(obj, l, from, pos, r->sym_sec_idx,
				      (long long)r->sym_off + insn->imm / (int)BPF_INSN_SZ);
	case RELO_MAP:
	case RELO_DATA:
		return patch_map_ref(obj, env, l, from, pos, r);
	case RELO_EXTERN:
		return patch_extern(obj, env, l, from, pos, r);
	}
	return -LIBBPF_ERRNO__RELOC;
}

/* Relocate the unit at index ui of the layout (its insns are in place). */
static int relocate_unit(struct bpf_object *obj, const struct relo_env *env, struct layout *l,
			 int ui)
{
	struct bpf_program *p = l->units[ui].prog;
	__u32 base = l->units[ui].off;
	int err;

	for (__u32 i = 0; i < p->insn_cnt; i++) {
		const struct relo_desc *r = find_relo(p, i);
		struct bpf_insn *insn = &l->insns[base + i];

		/* an ld_imm64 takes two slots; one cut off at the end of the
		 * function would make us patch past it */
		if (insn_is_ldimm64(insn) && i + 1 >= p->insn_cnt) {
			pr_warn("prog '%s': ld_imm64 at insn %u is cut off at the end\n",
				p->name, i);
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (r) {
			err = patch_one(obj, env, l, p, base, r);
		} else if (insn_is_pseudo_call(insn)) {
			/* Call inside the same section that needed no
			 * relocation: imm is already relative. */
			err = patch_code_ref(obj, l, p, base + i, p->sec_idx,
					     (long long)p->sec_insn_off + i + insn->imm + 1);
		} else if (insn_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC) {
			err = patch_code_ref(obj, l, p, base + i, p->sec_idx,
					     (long long)p->sec_insn_off + i + insn->imm + 1);
		} else {
			err = 0;
		}
		if (err)
			return err;
		if (insn_is_ldimm64(&l->insns[base + i]))
			i++;
	}
	return 0;
}

int relo_apply(struct bpf_object *obj, struct bpf_program *prog, const struct relo_env *env,
	       struct relo_unit **units, int *nr_units)
{
	struct layout l = {};
	__u32 off;
	int err;

	/* The main program is unit 0 even though it is no subprogram. */
	err = layout_place(&l, prog, &off);
	/* Units are appended while walking: the loop sees them all. */
	for (int i = 0; !err && i < l.nr_units; i++)
		err = relocate_unit(obj, env, &l, i);
	if (err) {
		free(l.insns);
		free(l.units);
		return err;
	}
	free(prog->insns);
	prog->insns = l.insns;
	prog->insn_cnt = l.cnt;
	*units = l.units;
	*nr_units = l.nr_units;
	return 0;
}

/* ---- .BTF.ext over the final layout ---- */

/* Append the records of kind for unit u to *out (rec_size bytes each),
 * rebasing insn_off (bytes in .BTF.ext) to final insn indexes. Returns
 * the number of records added or a negative error. */
static int ext_collect(const struct bpf_object *obj, enum btf_ext_kind kind,
		       const struct relo_unit *u, void **out, __u32 *cnt)
{
	const struct btf_ext_info *info = btf_ext_info(obj->btf_ext, kind);
	const struct bpf_program *p = u->prog;
	const struct btf_ext_sec *sec;
	const void *rec;
	int added = 0;
	__u32 i;

	for_each_btf_ext_sec(info, sec) {
		const char *sname = btf_ext_sec_name(obj->btf, sec);

		/* .BTF.ext names the ELF section ("?xdp" keeps its '?'). */
		if (!sname || strcmp(sname, obj->elf ? obj_sec_name(obj, p->sec_idx) : p->sec_name))
			continue;
		for_each_btf_ext_rec(info, sec, i, rec) {
			__u32 ioff = *(const __u32 *)rec;
			void *n;

			if (ioff % BPF_INSN_SZ)
				continue;
			ioff /= BPF_INSN_SZ;
			if (ioff < p->sec_insn_off || ioff - p->sec_insn_off >= p->sec_insn_cnt)
				continue;
			n = realloc(*out, (size_t)(*cnt + 1) * info->rec_size);
			if (!n)
				return -ENOMEM;
			*out = n;
			n = (char *)n + (size_t)*cnt * info->rec_size;
			memcpy(n, rec, info->rec_size);
			*(__u32 *)n = u->off + (ioff - p->sec_insn_off);
			(*cnt)++;
			added++;
		}
	}
	return added;
}

static void drop_btf_ext(struct bpf_program *prog)
{
	free(prog->func_info);
	free(prog->line_info);
	prog->func_info = prog->line_info = NULL;
	prog->func_info_cnt = prog->line_info_cnt = 0;
}

int relo_btf_ext(struct bpf_object *obj, struct bpf_program *prog,
		 const struct relo_unit *units, int nr_units)
{
	int n;

	drop_btf_ext(prog);
	if (!obj->btf_ext || !obj->btf)
		return 0;
	prog->func_info_rec_size = btf_ext_info(obj->btf_ext, BTF_EXT_FUNC_INFO)->rec_size;
	prog->line_info_rec_size = btf_ext_info(obj->btf_ext, BTF_EXT_LINE_INFO)->rec_size;
	for (int i = 0; i < nr_units; i++) {
		n = ext_collect(obj, BTF_EXT_FUNC_INFO, &units[i], &prog->func_info,
				&prog->func_info_cnt);
		if (n < 0)
			goto fail;
		/* The kernel wants one func_info per function or none. */
		if (n != 1) {
			pr_debug("prog '%s': no usable func_info for '%s', loading without BTF func/line info\n",
				 prog->name, units[i].prog->name);
			drop_btf_ext(prog);
			return 0;
		}
		n = ext_collect(obj, BTF_EXT_LINE_INFO, &units[i], &prog->line_info,
				&prog->line_info_cnt);
		if (n < 0)
			goto fail;
	}
	return 0;
fail:
	drop_btf_ext(prog);
	return n;
}

/* ---- CO-RE ---- */

int relo_core_count(const struct bpf_object *obj)
{
	const struct btf_ext_info *info;

	if (!obj->btf_ext || !obj->btf)
		return 0;
	info = btf_ext_info(obj->btf_ext, BTF_EXT_CORE_RELO);
	return info->nr_secs;
}

/* Program of the ELF section named sname containing section insn idx. */
static struct bpf_program *core_prog(struct bpf_object *obj, const char *sname, __u32 idx)
{
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (idx >= p->sec_insn_off && idx - p->sec_insn_off < p->sec_insn_cnt &&
		    !strcmp(obj->elf ? obj_sec_name(obj, p->sec_idx) : p->sec_name, sname))
			return p;
	}
	return NULL;
}

int relo_core(struct bpf_object *obj, const struct btf *targ)
{
	const struct btf_ext_info *info = btf_ext_info(obj->btf_ext, BTF_EXT_CORE_RELO);
	struct core_cands_cache *cache = core_cands_cache_new(NULL, 0);
	const struct btf_ext_sec *sec;
	const struct bpf_core_relo *rec;
	int err = 0, n = 0;
	__u32 i;

	if (!cache)
		return -ENOMEM;
	for_each_btf_ext_sec(info, sec) {
		const char *sname = btf_ext_sec_name(obj->btf, sec);

		for_each_btf_ext_rec(info, sec, i, rec) {
			struct bpf_core_relo r = *rec;
			struct bpf_program *p;

			p = sname && !(r.insn_off % BPF_INSN_SZ) ?
				    core_prog(obj, sname, r.insn_off / BPF_INSN_SZ) : NULL;
			if (!p) {
				pr_warn("CO-RE relocation %u of section '%s' is outside every function\n",
					i, sname ? sname : "?");
				err = -LIBBPF_ERRNO__FORMAT;
				goto out;
			}
			/* the engine counts bytes from the function start */
			r.insn_off -= p->sec_insn_off * BPF_INSN_SZ;
			err = core_apply_relo(p->name, p->insns, p->insn_cnt, obj->btf, &r, n++,
					      targ, cache);
			if (err)
				goto out;
		}
	}
out:
	core_cands_cache_free(cache);
	return err;
}
