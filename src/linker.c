// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker of BPF objects (bpftool gen object): several clang-built
 * relocatable BPF ELF files become one that opens like a single unit.
 *
 * Each bpf_linker__add_*() appends the input's sections to the output
 * sections of the same name (aligned), copies its symbols (static ones per
 * file, global ones resolved by name across files: weak/strong rules,
 * externs bound to definitions after a BTF compatibility check) and
 * rewrites its relocations. Relocations against section symbols carry
 * their addend in the instruction or data, which is shifted by where that
 * section landed. BTF and .BTF.ext are merged in bpf_linker__finalize(),
 * once every definition is known: types appended with their ids remapped,
 * resolved extern VARs/FUNCs replaced by their definitions, DATASECs
 * rebuilt for the merged sections, .BTF.ext offsets shifted; then the BTF
 * is deduplicated and everything written out.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "btf_ext.h"
#include "btf_internal.h"
#include "elf.h"
#include "elf_write.h"
#include "libbpf_internal.h"
#include "linker_internal.h"


static struct lk_sym *global_find(struct bpf_linker *l, const char *name)
{
	struct lk_sym *s = l->ghash[str_hash_n(name, SIZE_MAX) & 255];

	for (; s; s = s->hnext)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

static struct lk_sym *global_add(struct bpf_linker *l, const char *name)
{
	struct lk_sym *s;
	uint32_t h;

	if (libbpf_ensure_mem((void **)&l->globals, &l->globals_cap, sizeof(*l->globals),
			      l->nr_globals + 1))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return NULL;
	}
	s->idx = (uint32_t)l->nr_globals;
	s->def_file = -1;
	s->ext_file = -1;
	s->sec = -1;
	h = str_hash_n(name, SIZE_MAX) & 255;
	s->hnext = l->ghash[h];
	l->ghash[h] = s;
	l->globals[l->nr_globals++] = s;
	return s;
}

/* Returns the new local's reference or SYM_NONE on ENOMEM. */
static uint32_t local_add(struct bpf_linker *l, const char *name, int sec, uint64_t value,
			  uint64_t size, uint8_t type, uint8_t vis)
{
	struct lk_sym *s;

	if (libbpf_ensure_mem((void **)&l->locals, &l->locals_cap, sizeof(*l->locals),
			      l->nr_locals + 1))
		return SYM_NONE;
	s = &l->locals[l->nr_locals];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	if (!s->name)
		return SYM_NONE;
	s->sec = sec;
	s->value = value;
	s->size = size;
	s->bind = STB_LOCAL;
	s->type = type;
	s->vis = vis;
	return (uint32_t)l->nr_locals++;
}

static void file_free(struct lk_file *f)
{
	free(f->name);
	elf_close(f->elf);
	free(f->buf);
	btf__free(f->btf);
	btf_ext__free(f->ext);
	free(f->sec_out);
	free(f->sec_off);
	free(f->sym_ref);
	free(f->type_map);
}

LIBBPF_API void bpf_linker__free(struct bpf_linker *l)
{
	size_t i;

	if (!l)
		return;
	if (l->own_fd && l->fd >= 0)
		close(l->fd);
	free(l->filename);
	for (i = 0; i < l->nr_files; i++)
		file_free(&l->files[i]);
	free(l->files);
	for (i = 0; i < l->nr_secs; i++) {
		free(l->secs[i].name);
		free(l->secs[i].data);
		free(l->secs[i].rels);
	}
	free(l->secs);
	for (i = 0; i < l->nr_locals; i++)
		free(l->locals[i].name);
	free(l->locals);
	for (i = 0; i < l->nr_globals; i++) {
		free(l->globals[i]->name);
		free(l->globals[i]);
	}
	free(l->globals);
	btf__free(l->btf);
	free(l->ext_data);
	free(l);
}

static struct bpf_linker *linker_alloc(struct bpf_linker_opts *opts)
{
	struct bpf_linker *l;

	if (!OPTS_VALID(opts, bpf_linker_opts))
		return libbpf_err_ptr(-EINVAL);
	l = calloc(1, sizeof(*l));
	if (!l)
		return libbpf_err_ptr(-ENOMEM);
	l->fd = -1;
	return l;
}

LIBBPF_API struct bpf_linker *bpf_linker__new(const char *filename, struct bpf_linker_opts *opts)
{
	struct bpf_linker *l;
	int fd, err;

	if (!filename) {
		pr_warn("linker: NULL output file name\n");
		return libbpf_err_ptr(-EINVAL);
	}
	l = linker_alloc(opts);
	if (!l)
		return NULL;
	l->filename = strdup(filename);
	if (!l->filename) {
		bpf_linker__free(l);
		return libbpf_err_ptr(-ENOMEM);
	}
	fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		pr_warn("linker: %s: cannot create: %s\n", filename, errstr(err));
		bpf_linker__free(l);
		return libbpf_err_ptr(err);
	}
	fd = ensure_good_fd(fd);
	if (fd < 0) {
		bpf_linker__free(l);
		return libbpf_err_ptr(fd);
	}
	l->fd = fd;
	l->own_fd = true;
	return l;
}

LIBBPF_API struct bpf_linker *bpf_linker__new_fd(int fd, struct bpf_linker_opts *opts)
{
	struct bpf_linker *l;
	char name[32];

	if (fd < 0) {
		pr_warn("linker: invalid output fd %d\n", fd);
		return libbpf_err_ptr(-EINVAL);
	}
	l = linker_alloc(opts);
	if (!l)
		return NULL;
	snprintf(name, sizeof(name), "fd:%d", fd);
	l->filename = strdup(name);
	if (!l->filename) {
		bpf_linker__free(l);
		return libbpf_err_ptr(-ENOMEM);
	}
	l->fd = fd;
	return l;
}

/* ---- sections ---------------------------------------------------------- */

static bool sec_ignored(const struct elf_sec *s)
{
	switch (s->type) {
	case SHT_NULL:
	case SHT_SYMTAB:
	case SHT_STRTAB:
	case SHT_REL:
	case SHT_LLVM_ADDRSIG:
		return true;
	}
	return !strcmp(s->name, ".BTF") || !strcmp(s->name, ".BTF.ext") ||
	       !strncmp(s->name, ".debug", 6);
}

static bool sec_is_single(const char *name)
{
	return !strcmp(name, "license") || !strcmp(name, "version");
}

static int sec_find(struct bpf_linker *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nr_secs; i++)
		if (!strcmp(l->secs[i].name, name))
			return (int)i;
	return -1;
}

static int sec_new(struct bpf_linker *l, const struct elf_sec *in, int file)
{
	struct lk_sec *s;
	uint32_t sym;

	if (libbpf_ensure_mem((void **)&l->secs, &l->secs_cap, sizeof(*l->secs), l->nr_secs + 1))
		return -ENOMEM;
	sym = local_add(l, in->name, (int)l->nr_secs, 0, 0, STT_SECTION, STV_DEFAULT);
	if (sym == SYM_NONE)
		return -ENOMEM;
	s = &l->secs[l->nr_secs];
	memset(s, 0, sizeof(*s));
	s->name = strdup(in->name);
	if (!s->name)
		return -ENOMEM;
	s->type = in->type;
	s->flags = in->flags;
	s->entsize = in->entsize;
	s->align = 1;
	s->sym = sym;
	s->first_file = file;
	s->single = sec_is_single(in->name);
	return (int)l->nr_secs++;
}

static int sec_append(struct bpf_linker *l, struct lk_file *f, const struct elf_sec *in, int file)
{
	uint64_t align = in->addralign ? in->addralign : 1, off;
	struct lk_sec *s;
	int idx;

	if (align & (align - 1) || align > 4096) {
		pr_warn("linker: %s: section %s has bad alignment %llu\n", f->name, in->name,
			(unsigned long long)align);
		return -EINVAL;
	}
	if ((in->flags & SHF_EXECINSTR) && in->size % 8) {
		pr_warn("linker: %s: code section %s size %llu is not a multiple of 8\n", f->name,
			in->name, (unsigned long long)in->size);
		return -EINVAL;
	}
	idx = sec_find(l, in->name);
	if (idx < 0) {
		idx = sec_new(l, in, file);
		if (idx < 0)
			return idx;
	}
	s = &l->secs[idx];
	if (s->type != in->type || (s->flags & SHF_EXECINSTR) != (in->flags & SHF_EXECINSTR)) {
		pr_warn("linker: %s: section %s has a different type or flags than in an earlier file\n",
			f->name, in->name);
		return -EINVAL;
	}
	f->sec_out[in->idx] = idx;
	if (s->single) {
		/* license/version: one copy, which every file must agree on */
		if (s->first_file != file &&
		    (in->size != s->size ||
		     (in->size && in->type != SHT_NOBITS && memcmp(in->data, s->data, in->size)))) {
			pr_warn("linker: %s: section %s differs from the one of %s\n", f->name,
				in->name, l->files[s->first_file].name);
			return -EINVAL;
		}
		f->sec_off[in->idx] = 0;
		if (s->first_file != file)
			return 0;
	}
	off = (s->size + align - 1) & ~(align - 1);
	if (off < s->size || off + in->size < off || off + in->size > UINT32_MAX) {
		pr_warn("linker: %s: section %s grows too large\n", f->name, in->name);
		return -E2BIG;
	}
	if (in->type != SHT_NOBITS) {
		if (libbpf_ensure_mem((void **)&s->data, &s->cap, 1, off + in->size + 1))
			return -ENOMEM;
		memset(s->data + s->size, 0, off - s->size);
		if (in->size)
			memcpy(s->data + off, in->data, in->size);
	}
	s->size = off + in->size;
	s->align = max(s->align, align);
	f->sec_off[in->idx] = off;
	return 0;
}

static int link_sections(struct bpf_linker *l, struct lk_file *f, int file)
{
	size_t i;
	int err;

	for (i = 1; i < f->nsecs; i++) {
		const struct elf_sec *s = elf_sec_by_idx(f->elf, i);

		if (!s || sec_ignored(s))
			continue;
		if (s->type != SHT_PROGBITS && s->type != SHT_NOBITS) {
			pr_warn("linker: %s: section %s has unsupported type %u\n", f->name, s->name,
				s->type);
			return -EINVAL;
		}
		err = sec_append(l, f, s, file);
		if (err)
			return err;
	}
	return 0;
}

/* ---- BTF type compatibility (externs against definitions) --------------- */

static bool names_eq(const struct btf *b1, __u32 o1, const struct btf *b2, __u32 o2)
{
	const char *n1 = btf__name_by_offset(b1, o1), *n2 = btf__name_by_offset(b2, o2);

	return n1 && n2 && !strcmp(n1, n2);
}

static bool types_compat(const struct btf *b1, __u32 id1, const struct btf *b2, __u32 id2,
			 int depth)
{
	const struct btf_type *t1, *t2;
	__u16 k1, k2, i, n;

	if (depth > 16)
		return true; /* deep or recursive: shape already checked above */
	t1 = btf_skip_mods_typedefs(b1, id1, &id1);
	t2 = btf_skip_mods_typedefs(b2, id2, &id2);
	if (!id1 || !id2)
		return !id1 && !id2;
	if (!t1 || !t2)
		return false;
	k1 = btf_kind(t1);
	k2 = btf_kind(t2);
	if (k1 == BTF_KIND_FWD || k2 == BTF_KIND_FWD)
		return names_eq(b1, t1->name_off, b2, t2->name_off);
	if (k1 == BTF_KIND_ENUM64)
		k1 = BTF_KIND_ENUM;
	if (k2 == BTF_KIND_ENUM64)
		k2 = BTF_KIND_ENUM;
	if (k1 != k2)
		return false;
	switch (k1) {
	case BTF_KIND_INT:
		return t1->size == t2->size &&
		       (btf_int_encoding(t1) & BTF_INT_SIGNED) ==
			       (btf_int_encoding(t2) & BTF_INT_SIGNED);
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM:
		return t1->size == t2->size;
	case BTF_KIND_PTR:
		return types_compat(b1, t1->type, b2, t2->type, depth + 1);
	case BTF_KIND_ARRAY:
		return btf_array(t1)->nelems == btf_array(t2)->nelems &&
		       types_compat(b1, btf_array(t1)->type, b2, btf_array(t2)->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *m1 = btf_members(t1), *m2 = btf_members(t2);

		if (t1->size != t2->size || btf_vlen(t1) != btf_vlen(t2) ||
		    !names_eq(b1, t1->name_off, b2, t2->name_off))
			return false;
		for (i = 0, n = btf_vlen(t1); i < n; i++, m1++, m2++)
			if (m1->offset != m2->offset || !names_eq(b1, m1->name_off, b2, m2->name_off) ||
			    !types_compat(b1, m1->type, b2, m2->type, depth + 1))
				return false;
		return true;
	}
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
		return types_compat(b1, t1->type, b2, t2->type, depth + 1);
	case BTF_KIND_FUNC_PROTO: {
		const struct btf_param *p1 = btf_params(t1), *p2 = btf_params(t2);

		if (btf_vlen(t1) != btf_vlen(t2) ||
		    !types_compat(b1, t1->type, b2, t2->type, depth + 1))
			return false;
		for (i = 0, n = btf_vlen(t1); i < n; i++)
			if (!types_compat(b1, p1[i].type, b2, p2[i].type, depth + 1))
				return false;
		return true;
	}
	default:
		return true;
	}
}

/* The VAR or FUNC named name in f's BTF (0: none). */
static __u32 btf_decl_of(const struct lk_file *f, const char *name)
{
	__u32 i, n;

	if (!f->btf)
		return 0;
	n = btf__type_cnt(f->btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(f->btf, i);
		const char *tn;

		if (!btf_is_var(t) && !btf_is_func(t))
			continue;
		tn = btf__name_by_offset(f->btf, t->name_off);
		if (tn && !strcmp(tn, name))
			return i;
	}
	return 0;
}

/* Check the declaration of name in file ext (an extern, or a second,
 * weak, definition) against the definition in file def. */
static int check_decl(struct bpf_linker *l, int ext, int def, const char *name, bool is_extern)
{
	struct lk_file *fe = &l->files[ext], *fd = &l->files[def];
	__u32 ie = btf_decl_of(fe, name), id = btf_decl_of(fd, name);
	const char *what = is_extern ? "extern" : "definition of";
	const struct btf_type *te, *td;

	if (!ie || !id)
		return 0; /* nothing to compare against */
	te = btf__type_by_id(fe->btf, ie);
	td = btf__type_by_id(fd->btf, id);
	if (btf_kind(te) != btf_kind(td)) {
		pr_warn("linker: %s: %s '%s' is a %s but %s defines a %s\n", fe->name, what, name,
			btf_is_func(te) ? "function" : "variable", fd->name,
			btf_is_func(td) ? "function" : "variable");
		return -EINVAL;
	}
	if (!types_compat(fe->btf, te->type, fd->btf, td->type, 0)) {
		pr_warn("linker: %s: %s '%s' has a type incompatible with its definition in %s\n",
			fe->name, what, name, fd->name);
		return -EINVAL;
	}
	return 0;
}

/* ---- symbols ------------------------------------------------------------ */

static int link_global(struct bpf_linker *l, struct lk_file *f, int file,
		       const struct elf_sym *in, uint32_t *ref)
{
	struct lk_sym *g = global_find(l, in->name);
	bool defined = in->shndx != SHN_UNDEF;
	int osec = -1, err;
	uint64_t value = in->value;

	if (!in->name[0]) {
		pr_warn("linker: %s: unnamed global symbol\n", f->name);
		return -EINVAL;
	}
	if (in->shndx == SHN_COMMON || (defined && in->shndx >= SHN_LORESERVE)) {
		pr_warn("linker: %s: global symbol '%s' has unsupported section index %u\n",
			f->name, in->name, in->shndx);
		return -EINVAL;
	}
	if (defined) {
		const struct elf_sec *s = elf_sec_by_idx(f->elf, in->shndx);

		osec = f->sec_out[in->shndx];
		if (osec < 0 || !s || in->value > s->size || in->size > s->size - in->value) {
			pr_warn("linker: %s: global symbol '%s' lies outside a linkable section\n",
				f->name, in->name);
			return -EINVAL;
		}
		value += f->sec_off[in->shndx];
	}
	if (!g) {
		g = global_add(l, in->name);
		if (!g)
			return -ENOMEM;
		g->bind = in->bind;
		g->type = in->type;
		g->vis = in->visibility;
	}
	*ref = SYM_GLOBAL | g->idx;
	if (!defined) {
		if (g->def_file >= 0) {
			err = check_decl(l, file, g->def_file, in->name, true);
			if (err)
				return err;
		} else if (g->ext_file < 0) {
			g->ext_file = file;
		}
		if (g->type == STT_NOTYPE)
			g->type = in->type;
		/* hidden anywhere: hidden in the result */
		if (in->visibility == STV_HIDDEN)
			g->vis = STV_HIDDEN;
	} else if (g->def_file >= 0) {
		bool same_single = osec == g->sec && l->secs[osec].single && value == g->value;

		if (same_single)
			return 0;
		if (g->bind != STB_WEAK && in->bind != STB_WEAK) {
			pr_warn("linker: %s: duplicate strong symbol '%s' (also defined in %s)\n",
				f->name, in->name, l->files[g->def_file].name);
			return -EEXIST;
		}
		/* weak and strong (or two weak) definitions must agree */
		err = check_decl(l, file, g->def_file, in->name, false);
		if (err)
			return err;
		if (in->visibility == STV_HIDDEN)
			g->vis = STV_HIDDEN;
		if (g->bind == STB_WEAK && in->bind != STB_WEAK) {
			g->def_file = file;
			g->sec = osec;
			g->value = value;
			g->size = in->size;
			g->bind = in->bind;
			g->type = in->type;
		}
	} else {
		if (g->ext_file >= 0) {
			err = check_decl(l, g->ext_file, file, in->name, true);
			if (err)
				return err;
		}
		g->def_file = file;
		g->sec = osec;
		g->value = value;
		g->size = in->size;
		g->bind = in->bind;
		g->type = in->type;
		if (g->vis != STV_HIDDEN)
			g->vis = in->visibility;
	}
	return 0;
}

static int link_symbols(struct bpf_linker *l, struct lk_file *f, int file)
{
	struct elf_sym sym;
	size_t i;
	int err;

	for (i = 1; i < f->nsyms; i++) {
		f->sym_ref[i] = SYM_NONE;
		err = elf_sym_get(f->elf, i, &sym);
		if (err)
			return err;
		if (sym.bind != STB_LOCAL) {
			if (sym.bind != STB_GLOBAL && sym.bind != STB_WEAK) {
				pr_warn("linker: %s: symbol '%s' has unsupported binding %u\n",
					f->name, sym.name, sym.bind);
				return -EINVAL;
			}
			err = link_global(l, f, file, &sym, &f->sym_ref[i]);
			if (err)
				return err;
			continue;
		}
		if (sym.type == STT_SECTION) {
			if (sym.shndx && sym.shndx < f->nsecs && f->sec_out[sym.shndx] >= 0)
				f->sym_ref[i] = l->secs[f->sec_out[sym.shndx]].sym;
			continue;
		}
		if (sym.shndx == SHN_ABS) {
			f->sym_ref[i] = local_add(l, sym.name, -2, sym.value, sym.size, sym.type,
						  sym.visibility);
		} else if (sym.shndx && sym.shndx < f->nsecs && f->sec_out[sym.shndx] >= 0) {
			f->sym_ref[i] = local_add(l, sym.name, f->sec_out[sym.shndx],
						  sym.value + f->sec_off[sym.shndx], sym.size,
						  sym.type, sym.visibility);
		} else {
			continue; /* in a dropped section (debug info) */
		}
		if (f->sym_ref[i] == SYM_NONE)
			return -ENOMEM;
	}
	return 0;
}

/* ---- relocations -------------------------------------------------------- */

/* A relocation against a section symbol keeps its addend in the relocated
 * bytes; shift it by where the symbol's section landed. */
static int rel_adjust(struct lk_file *f, struct lk_sec *s, const struct elf_rel *r,
		      uint64_t off, uint64_t shift, const char *sname)
{
	char *p = s->data + off;
	int32_t imm;
	uint64_t v64;
	uint32_t v32;

	switch (r->type) {
	case R_BPF_64_64:
	case R_BPF_64_32:
		if (!(s->flags & SHF_EXECINSTR) || off % 8 || off + 8 > s->size) {
			pr_warn("linker: %s: %s: instruction relocation at %llu is out of place\n",
				f->name, sname, (unsigned long long)r->offset);
			return -EINVAL;
		}
		memcpy(&imm, p + 4, 4);
		imm += r->type == R_BPF_64_64 ? (int32_t)shift : (int32_t)(shift / 8);
		memcpy(p + 4, &imm, 4);
		return 0;
	case R_BPF_64_ABS64:
		memcpy(&v64, p, 8);
		v64 += shift;
		memcpy(p, &v64, 8);
		return 0;
	case R_BPF_64_ABS32:
	case R_BPF_64_NODYLD32:
		memcpy(&v32, p, 4);
		v32 += (uint32_t)shift;
		memcpy(p, &v32, 4);
		return 0;
	}
	return 0;
}

static int link_relsec(struct bpf_linker *l, struct lk_file *f, const struct elf_sec *rs)
{
	const struct elf_sec *target = elf_sec_by_idx(f->elf, rs->info);
	struct elf_rel r;
	struct elf_sym sym;
	struct lk_sec *s;
	size_t i, n = elf_rel_cnt(rs);
	int osec, err;

	if (!target || rs->info == 0 || sec_ignored(target))
		return 0; /* relocations of BTF or debug info: not carried over */
	osec = f->sec_out[target->idx];
	if (osec < 0)
		return 0;
	s = &l->secs[osec];
	if (s->type == SHT_NOBITS || (s->single && s->first_file != f - l->files)) {
		if (s->type == SHT_NOBITS && n) {
			pr_warn("linker: %s: relocations against data-less section %s\n", f->name,
				target->name);
			return -EINVAL;
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		uint64_t off;
		uint32_t width;

		err = elf_rel_get(f->elf, rs, i, &r);
		if (err)
			return err;
		switch (r.type) {
		case R_BPF_64_64:
		case R_BPF_64_32:
		case R_BPF_64_ABS64:
			width = 8;
			break;
		case R_BPF_64_ABS32:
		case R_BPF_64_NODYLD32:
			width = 4;
			break;
		case R_BPF_NONE:
			continue;
		default:
			pr_warn("linker: %s: %s: unsupported relocation type %u\n", f->name,
				target->name, r.type);
			return -EINVAL;
		}
		if (r.offset > target->size || width > target->size - r.offset) {
			pr_warn("linker: %s: %s: relocation %zu at %llu is outside the section\n",
				f->name, target->name, i, (unsigned long long)r.offset);
			return -EINVAL;
		}
		if (!r.sym || f->sym_ref[r.sym] == SYM_NONE) {
			pr_warn("linker: %s: %s: relocation %zu refers to a dropped or null symbol\n",
				f->name, target->name, i);
			return -EINVAL;
		}
		off = r.offset + f->sec_off[target->idx];
		err = elf_sym_get(f->elf, r.sym, &sym);
		if (err)
			return err;
		if (sym.type == STT_SECTION && sym.shndx < f->nsecs) {
			err = rel_adjust(f, s, &r, off, f->sec_off[sym.shndx], target->name);
			if (err)
				return err;
		}
		if (libbpf_ensure_mem((void **)&s->rels, &s->rels_cap, sizeof(*s->rels),
				      s->nr_rels + 1))
			return -ENOMEM;
		s->rels[s->nr_rels].off = off;
		s->rels[s->nr_rels].sym = f->sym_ref[r.sym];
		s->rels[s->nr_rels].type = r.type;
		s->nr_rels++;
	}
	return 0;
}

static int link_relocs(struct bpf_linker *l, struct lk_file *f)
{
	size_t i;
	int err;

	for (i = 1; i < f->nsecs; i++) {
		const struct elf_sec *s = elf_sec_by_idx(f->elf, i);

		if (!s || s->type != SHT_REL)
			continue;
		err = link_relsec(l, f, s);
		if (err)
			return err;
	}
	return 0;
}

/* ---- adding inputs ------------------------------------------------------ */

static int file_open(struct lk_file *f)
{
	const struct elf_sec *s;
	int err;

	if (elf_machine(f->elf) != EM_BPF) {
		pr_warn("linker: %s: not a BPF object (machine %u)\n", f->name,
			elf_machine(f->elf));
		return -EINVAL;
	}
	if (elf_is_big_endian(f->elf) != host_is_big_endian()) {
		pr_warn("linker: %s: byte order differs from the output's (%s-endian); mixed endianness is not supported\n",
			f->name, host_is_big_endian() ? "big" : "little");
		return -EOPNOTSUPP;
	}
	f->nsecs = elf_sec_cnt(f->elf);
	f->nsyms = elf_sym_cnt(f->elf);
	f->sec_out = malloc(sizeof(*f->sec_out) * (f->nsecs + 1));
	f->sec_off = calloc(f->nsecs + 1, sizeof(*f->sec_off));
	f->sym_ref = calloc(f->nsyms + 1, sizeof(*f->sym_ref));
	if (!f->sec_out || !f->sec_off || !f->sym_ref)
		return -ENOMEM;
	memset(f->sec_out, 0xff, sizeof(*f->sec_out) * (f->nsecs + 1));
	s = elf_sec_by_name(f->elf, ".BTF");
	if (s && s->data) {
		f->btf = btf__new(s->data, s->size);
		if (!f->btf) {
			err = -errno;
			pr_warn("linker: %s: invalid .BTF: %s\n", f->name, errstr(err));
			return err;
		}
	}
	s = elf_sec_by_name(f->elf, ".BTF.ext");
	if (s && s->data && f->btf) {
		f->ext = btf_ext__new(s->data, s->size);
		if (!f->ext || btf_ext_check(f->ext, f->btf)) {
			err = f->ext ? -EINVAL : -errno;
			pr_warn("linker: %s: invalid .BTF.ext: %s\n", f->name, errstr(err));
			return err;
		}
	}
	return 0;
}

/* Takes over buf (malloc'd) in every case. */
static int linker_add(struct bpf_linker *l, const char *name, void *buf, size_t size)
{
	struct lk_file *f;
	int file, err;

	if (!l || l->finalized || l->failed) {
		pr_warn("linker: %s: linker already finalized or failed\n", name);
		free(buf);
		return libbpf_err(-EINVAL);
	}
	if (libbpf_ensure_mem((void **)&l->files, &l->files_cap, sizeof(*l->files),
			      l->nr_files + 1)) {
		free(buf);
		return libbpf_err(-ENOMEM);
	}
	file = (int)l->nr_files++;
	f = &l->files[file];
	memset(f, 0, sizeof(*f));
	f->buf = buf;
	f->name = strdup(name);
	err = f->name ? 0 : -ENOMEM;
	if (!err)
		err = elf_open_mem(buf, size, name, &f->elf);
	if (!err)
		err = file_open(f);
	if (!err)
		err = link_sections(l, f, file);
	if (!err)
		err = link_symbols(l, f, file);
	if (!err)
		err = link_relocs(l, f);
	if (err) {
		/* the output is inconsistent now: refuse anything further */
		l->failed = true;
		return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API int bpf_linker__add_buf(struct bpf_linker *l, void *buf, size_t buf_sz,
				   const struct bpf_linker_file_opts *opts)
{
	char name[48];
	void *copy;

	if (!l || !buf || !buf_sz || !OPTS_VALID(opts, bpf_linker_file_opts)) {
		pr_warn("linker: add_buf: invalid arguments\n");
		return libbpf_err(-EINVAL);
	}
	copy = malloc(buf_sz);
	if (!copy)
		return libbpf_err(-ENOMEM);
	memcpy(copy, buf, buf_sz);
	snprintf(name, sizeof(name), "mem:%p+%zu", buf, buf_sz);
	return linker_add(l, name, copy, buf_sz);
}

static int add_from_fd(struct bpf_linker *l, int fd, const char *name)
{
	void *buf = NULL;
	size_t size = 0;
	int err;

	err = read_fd_all(fd, &buf, &size, (size_t)1 << 30);
	if (err) {
		pr_warn("linker: %s: cannot read: %s\n", name, errstr(err));
		return libbpf_err(err);
	}
	return linker_add(l, name, buf, size);
}

LIBBPF_API int bpf_linker__add_fd(struct bpf_linker *l, int fd,
				  const struct bpf_linker_file_opts *opts)
{
	char name[32];

	if (!l || fd < 0 || !OPTS_VALID(opts, bpf_linker_file_opts)) {
		pr_warn("linker: add_fd: invalid arguments\n");
		return libbpf_err(-EINVAL);
	}
	snprintf(name, sizeof(name), "fd:%d", fd);
	return add_from_fd(l, fd, name);
}

LIBBPF_API int bpf_linker__add_file(struct bpf_linker *l, const char *filename,
				    const struct bpf_linker_file_opts *opts)
{
	int fd, err;

	if (!l || !filename || !OPTS_VALID(opts, bpf_linker_file_opts)) {
		pr_warn("linker: add_file: invalid arguments\n");
		return libbpf_err(-EINVAL);
	}
	fd = open(filename, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("linker: %s: cannot open: %s\n", filename, errstr(err));
		return libbpf_err(err);
	}
	err = add_from_fd(l, fd, filename);
	close(fd);
	return err;
}

/* ---- BTF merge ---------------------------------------------------------- */

static bool decl_is_extern(const struct btf_type *t)
{
	if (btf_is_var(t))
		return btf_var(t)->linkage == BTF_VAR_GLOBAL_EXTERN;
	return btf_is_func(t) && btf_vlen(t) == BTF_FUNC_EXTERN;
}

static bool decl_is_global_def(const struct btf_type *t)
{
	if (btf_is_var(t))
		return btf_var(t)->linkage == BTF_VAR_GLOBAL_ALLOCATED;
	return btf_is_func(t) && btf_vlen(t) == BTF_FUNC_GLOBAL;
}

/* An extern VAR/FUNC whose symbol some file defines: replaced by the
 * definition's type once all files are appended. */
static struct lk_sym *resolved_extern(struct bpf_linker *l, const struct lk_file *f,
				      const struct btf_type *t)
{
	struct lk_sym *g;

	if (!decl_is_extern(t))
		return NULL;
	g = global_find(l, btf__name_by_offset(f->btf, t->name_off) ?: "");
	return g && g->def_file >= 0 ? g : NULL;
}

static int btf_append_file(struct bpf_linker *l, struct lk_file *f, int file)
{
	__u32 i, n = btf__type_cnt(f->btf);
	int id;

	f->type_map = calloc(n, sizeof(*f->type_map));
	if (!f->type_map)
		return -ENOMEM;
	f->first_out_id = btf__type_cnt(l->btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(f->btf, i);
		struct lk_sym *g;

		if (btf_is_datasec(t) || resolved_extern(l, f, t))
			continue;
		g = NULL;
		if (decl_is_extern(t) || decl_is_global_def(t))
			g = global_find(l, btf__name_by_offset(f->btf, t->name_off) ?: "");
		/* an extern nobody defines: one declaration for all files; so
		 * for _license, which every file defines in its one copy */
		if (g && g->btf_id &&
		    (decl_is_extern(t) ? g->def_file < 0
				       : g->def_file != file && g->sec >= 0 && l->secs[g->sec].single)) {
			f->type_map[i] = g->btf_id;
			continue;
		}
		id = btf__add_type(l->btf, f->btf, t);
		if (id < 0)
			return id;
		f->type_map[i] = id;
		if (g && !g->btf_id && (decl_is_extern(t) ? g->def_file < 0 : g->def_file == file))
			g->btf_id = id;
	}
	f->last_out_id = btf__type_cnt(l->btf) - 1;
	return 0;
}

struct remap_ctx {
	const struct lk_file *f;
	__u32 n;
};

static int remap_id(__u32 *id, void *ctx)
{
	const struct remap_ctx *c = ctx;

	if (!*id)
		return 0;
	if (*id >= c->n || !c->f->type_map[*id]) {
		pr_warn("linker: %s: BTF refers to type %u which has no place in the output\n",
			c->f->name, *id);
		return -EINVAL;
	}
	*id = c->f->type_map[*id];
	return 0;
}

static int remap_type(struct bpf_linker *l, const struct lk_file *f, __u32 out_id)
{
	struct remap_ctx c = { .f = f, .n = btf__type_cnt(f->btf) };
	struct btf_type *t = (struct btf_type *)btf__type_by_id(l->btf, out_id);

	return btf_visit_type_ids(t, remap_id, &c);
}

/* Resolved externs take their definition's id; an extern whose definition
 * has no BTF keeps its own declaration. */
static int btf_resolve_externs(struct bpf_linker *l, struct lk_file *f)
{
	__u32 i, n = btf__type_cnt(f->btf);
	int id, err;

	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(f->btf, i);
		struct lk_sym *g = resolved_extern(l, f, t);

		if (!g)
			continue;
		if (g->btf_id) {
			f->type_map[i] = g->btf_id;
			continue;
		}
		id = btf__add_type(l->btf, f->btf, t);
		if (id < 0)
			return id;
		f->type_map[i] = id;
		g->btf_id = id;
		err = remap_type(l, f, id);
		if (err)
			return err;
	}
	return 0;
}

struct ds_ent {
	__u32 type, off, size, order;
};

struct lk_ds {
	const char *name;
	int sec;
	struct ds_ent *ents;
	size_t n, cap;
};

static struct lk_ds *ds_get(struct lk_ds **dss, size_t *n, size_t *cap, const char *name, int sec)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*dss)[i].name, name))
			return &(*dss)[i];
	if (libbpf_ensure_mem((void **)dss, cap, sizeof(**dss), *n + 1))
		return NULL;
	memset(&(*dss)[*n], 0, sizeof(**dss));
	(*dss)[*n].name = name;
	(*dss)[*n].sec = sec;
	return &(*dss)[(*n)++];
}

/* Offset of variable name in section sec of f, from its symbol. */
static bool var_sym_off(const struct lk_file *f, const char *name, size_t sec, uint64_t *off)
{
	struct elf_sym sym;
	size_t i;

	if (!elf_sym_by_name(f->elf, name, &sym) && sym.shndx == sec) {
		*off = sym.value;
		return true;
	}
	for (i = 1; i < f->nsyms; i++)
		if (!elf_sym_get(f->elf, i, &sym) && sym.shndx == sec && sym.type != STT_SECTION &&
		    !strcmp(sym.name, name)) {
			*off = sym.value;
			return true;
		}
	return false;
}

static bool ds_has_name(struct bpf_linker *l, const struct lk_ds *ds, const char *name)
{
	size_t i;

	for (i = 0; i < ds->n; i++) {
		const struct btf_type *t = btf__type_by_id(l->btf, ds->ents[i].type);
		const char *tn = t ? btf__name_by_offset(l->btf, t->name_off) : NULL;

		if (tn && !strcmp(tn, name))
			return true;
	}
	return false;
}

static int ds_collect(struct bpf_linker *l, struct lk_file *f, int file, const struct btf_type *t,
		      struct lk_ds *ds)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	const struct elf_sec *in = elf_sec_by_name(f->elf, ds->name);
	__u32 i, n = btf__type_cnt(f->btf);
	uint64_t base = 0, off;

	if (ds->sec >= 0) {
		if (l->secs[ds->sec].single && l->secs[ds->sec].first_file != file)
			return 0;
		if (in && f->sec_out[in->idx] == ds->sec)
			base = f->sec_off[in->idx];
	}
	for (i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *vt = v->type < n ? btf__type_by_id(f->btf, v->type) : NULL;
		const char *vn;

		if (!vt || (!btf_is_var(vt) && !btf_is_func(vt))) {
			pr_warn("linker: %s: DATASEC %s entry %u is not a variable\n", f->name,
				ds->name, i);
			return -EINVAL;
		}
		vn = btf__name_by_offset(f->btf, vt->name_off) ?: "";
		if (resolved_extern(l, f, vt))
			continue;
		if (decl_is_extern(vt) && ds_has_name(l, ds, vn))
			continue; /* the same extern from another file */
		off = v->offset;
		if (ds->sec >= 0 && in && !decl_is_extern(vt) && !var_sym_off(f, vn, in->idx, &off))
			off = v->offset;
		off += base;
		if (off > UINT32_MAX) {
			pr_warn("linker: %s: variable %s lies beyond 4 GiB\n", f->name, vn);
			return -E2BIG;
		}
		if (libbpf_ensure_mem((void **)&ds->ents, &ds->cap, sizeof(*ds->ents), ds->n + 1))
			return -ENOMEM;
		ds->ents[ds->n] = (struct ds_ent){ .type = f->type_map[v->type], .off = (__u32)off,
						   .size = v->size, .order = (__u32)ds->n };
		ds->n++;
	}
	return 0;
}

static int ds_ent_cmp(const void *a, const void *b)
{
	const struct ds_ent *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int ds_emit(struct bpf_linker *l, struct lk_ds *ds)
{
	__u32 size = 0;
	size_t i;
	int err;

	if (!ds->n)
		return 0; /* every entry was a resolved extern */
	qsort(ds->ents, ds->n, sizeof(*ds->ents), ds_ent_cmp);
	if (ds->sec >= 0) {
		size = (__u32)l->secs[ds->sec].size;
	} else {
		for (i = 0; i < ds->n; i++)
			size = max(size, ds->ents[i].off + ds->ents[i].size);
	}
	err = btf__add_datasec(l->btf, ds->name, size);
	for (i = 0; err >= 0 && i < ds->n; i++)
		err = btf__add_datasec_var_info(l->btf, ds->ents[i].type, ds->ents[i].off,
						ds->ents[i].size);
	return err < 0 ? err : 0;
}

static int btf_build_datasecs(struct bpf_linker *l)
{
	struct lk_ds *dss = NULL;
	size_t nds = 0, cap = 0, i, j;
	int err = 0;

	for (i = 0; !err && i < l->nr_files; i++) {
		struct lk_file *f = &l->files[i];
		__u32 id, n = f->btf ? btf__type_cnt(f->btf) : 0;

		for (id = 1; !err && id < n; id++) {
			const struct btf_type *t = btf__type_by_id(f->btf, id);
			const char *name;
			struct lk_ds *ds;

			if (!btf_is_datasec(t))
				continue;
			name = btf__name_by_offset(f->btf, t->name_off);
			if (!name || !name[0]) {
				pr_warn("linker: %s: unnamed DATASEC %u\n", f->name, id);
				err = -EINVAL;
				break;
			}
			ds = ds_get(&dss, &nds, &cap, name, sec_find(l, name));
			err = ds ? ds_collect(l, f, (int)i, t, ds) : -ENOMEM;
		}
	}
	for (j = 0; !err && j < nds; j++)
		err = ds_emit(l, &dss[j]);
	for (j = 0; j < nds; j++)
		free(dss[j].ents);
	free(dss);
	return err;
}

static int btf_merge(struct bpf_linker *l, struct btf_ext **extp)
{
	LIBBPF_OPTS(btf_dedup_opts, dopts);
	struct btf_ext *ext = NULL;
	size_t i;
	int err = 0;

	l->btf = btf__new_empty();
	if (!l->btf)
		return -errno;
	for (i = 0; !err && i < l->nr_files; i++)
		if (l->files[i].btf)
			err = btf_append_file(l, &l->files[i], (int)i);
	/* externs first: a DECL_TAG may point at one */
	for (i = 0; !err && i < l->nr_files; i++)
		if (l->files[i].btf)
			err = btf_resolve_externs(l, &l->files[i]);
	for (i = 0; !err && i < l->nr_files; i++) {
		struct lk_file *f = &l->files[i];
		__u32 id;

		if (!f->btf)
			continue;
		for (id = f->first_out_id; !err && id <= f->last_out_id; id++)
			err = remap_type(l, f, id);
	}
	if (!err)
		err = btf_build_datasecs(l);
	if (!err)
		err = linker_ext_build(l);
	if (err)
		return err;
	if (l->ext_len) {
		ext = btf_ext__new(l->ext_data, (__u32)l->ext_len);
		if (!ext) {
			pr_warn("linker: %s: merged .BTF.ext does not parse\n", l->filename);
			return -errno;
		}
	}
	dopts.btf_ext = ext;
	err = btf__dedup(l->btf, &dopts);
	if (err) {
		pr_warn("linker: %s: BTF deduplication failed: %s\n", l->filename, errstr(err));
		btf_ext__free(ext);
		return err;
	}
	*extp = ext;
	return 0;
}

/* ---- output ------------------------------------------------------------- */

struct out_tabs {
	Elf64_Sym *syms;
	size_t nsyms;
	char *strs;
	size_t strs_len, strs_cap;
	Elf64_Rel **rels;       /* per output section */
};

static int str_put(struct out_tabs *o, const char *s)
{
	size_t len = strlen(s) + 1, off = o->strs_len;

	if (!s[0] && off)
		return 0;
	if (libbpf_ensure_mem((void **)&o->strs, &o->strs_cap, 1, off + len))
		return -ENOMEM;
	memcpy(o->strs + off, s, len);
	o->strs_len += len;
	return (int)off;
}

static int sym_put(struct out_tabs *o, const struct lk_sym *s, uint8_t bind)
{
	Elf64_Sym *e = &o->syms[o->nsyms++];
	int name = s->type == STT_SECTION ? 0 : str_put(o, s->name);

	if (name < 0)
		return name;
	e->st_name = name;
	e->st_info = ELF64_ST_INFO(bind, s->type);
	e->st_other = s->vis;
	e->st_shndx = s->sec == -2 ? SHN_ABS : s->sec < 0 ? SHN_UNDEF : s->sec + 1;
	e->st_value = s->sec < 0 && s->sec != -2 ? 0 : s->value;
	e->st_size = s->sec < 0 && s->sec != -2 ? 0 : s->size;
	return 0;
}

static int build_tabs(struct bpf_linker *l, struct out_tabs *o)
{
	size_t i, j;
	int err;

	o->syms = calloc(1 + l->nr_locals + l->nr_globals, sizeof(*o->syms));
	o->rels = calloc(l->nr_secs + 1, sizeof(*o->rels));
	if (!o->syms || !o->rels || str_put(o, "") < 0)
		return -ENOMEM;
	o->nsyms = 1;
	for (i = 0; i < l->nr_locals; i++)
		if ((err = sym_put(o, &l->locals[i], STB_LOCAL)))
			return err;
	for (i = 0; i < l->nr_globals; i++)
		if ((err = sym_put(o, l->globals[i], l->globals[i]->bind)))
			return err;
	for (i = 0; i < l->nr_secs; i++) {
		const struct lk_sec *s = &l->secs[i];

		if (!s->nr_rels)
			continue;
		o->rels[i] = calloc(s->nr_rels, sizeof(Elf64_Rel));
		if (!o->rels[i])
			return -ENOMEM;
		for (j = 0; j < s->nr_rels; j++) {
			uint32_t ref = s->rels[j].sym;
			uint64_t idx = ref & SYM_GLOBAL ? 1 + l->nr_locals + (ref & ~SYM_GLOBAL)
							: 1 + (uint64_t)ref;

			o->rels[i][j].r_offset = s->rels[j].off;
			o->rels[i][j].r_info = ELF64_R_INFO(idx, s->rels[j].type);
		}
	}
	return 0;
}

static void tabs_free(struct bpf_linker *l, struct out_tabs *o)
{
	size_t i;

	if (o->rels)
		for (i = 0; i < l->nr_secs; i++)
			free(o->rels[i]);
	free(o->rels);
	free(o->syms);
	free(o->strs);
}

static int write_output(struct bpf_linker *l, const struct btf_ext *ext, struct out_tabs *o)
{
	struct elf_writer *w = elfw_new();
	const void *btf_raw, *ext_raw = NULL;
	__u32 btf_sz = 0, ext_sz = 0;
	int *relidx = NULL, symtab, strtab, err = 0, idx;
	char name[512];
	size_t i;

	btf_raw = btf__raw_data(l->btf, &btf_sz);
	if (ext)
		ext_raw = btf_ext__raw_data(ext, &ext_sz);
	relidx = calloc(l->nr_secs + 1, sizeof(*relidx));
	if (!w || !relidx || !btf_raw || (ext && !ext_raw)) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < l->nr_secs; i++) {
		const struct lk_sec *s = &l->secs[i];

		idx = elfw_add_sec(w, s->name, s->type, s->flags, s->data, s->size, s->align,
				   s->entsize);
		if (idx < 0) {
			err = idx;
			goto out;
		}
	}
	for (i = 0; i < l->nr_secs; i++) {
		if (!l->secs[i].nr_rels)
			continue;
		snprintf(name, sizeof(name), ".rel%s", l->secs[i].name);
		relidx[i] = elfw_add_sec(w, name, SHT_REL, SHF_INFO_LINK, o->rels[i],
					 l->secs[i].nr_rels * sizeof(Elf64_Rel), 8,
					 sizeof(Elf64_Rel));
		if (relidx[i] < 0) {
			err = relidx[i];
			goto out;
		}
	}
	err = elfw_add_sec(w, ".BTF", SHT_PROGBITS, 0, btf_raw, btf_sz, 4, 0);
	if (err >= 0 && ext_raw)
		err = elfw_add_sec(w, ".BTF.ext", SHT_PROGBITS, 0, ext_raw, ext_sz, 4, 0);
	symtab = err < 0 ? err : elfw_add_sec(w, ".symtab", SHT_SYMTAB, 0, o->syms,
					      o->nsyms * sizeof(Elf64_Sym), 8, sizeof(Elf64_Sym));
	strtab = symtab < 0 ? symtab : elfw_add_sec(w, ".strtab", SHT_STRTAB, 0, o->strs,
						    o->strs_len, 1, 0);
	if (strtab < 0) {
		err = strtab;
		goto out;
	}
	elfw_set_link(w, symtab, strtab, 1 + l->nr_locals);
	for (i = 0; i < l->nr_secs; i++)
		if (relidx[i])
			elfw_set_link(w, relidx[i], symtab, i + 1);
	err = elfw_write(w, l->fd, EM_BPF);
	if (err)
		pr_warn("linker: %s: write failed: %s\n", l->filename, errstr(err));
out:
	free(relidx);
	elfw_free(w);
	return err;
}

LIBBPF_API int bpf_linker__finalize(struct bpf_linker *l)
{
	struct btf_ext *ext = NULL;
	struct out_tabs o = {};
	int err;

	if (!l)
		return libbpf_err(-EINVAL);
	if (l->finalized || l->failed || l->fd < 0) {
		pr_warn("linker: %s: cannot finalize: already finalized or an input failed\n",
			l->filename);
		return libbpf_err(-EINVAL);
	}
	l->finalized = true;
	err = btf_merge(l, &ext);
	if (!err)
		err = build_tabs(l, &o);
	if (!err)
		err = write_output(l, ext, &o);
	tabs_free(l, &o);
	btf_ext__free(ext);
	if (l->own_fd) {
		if (close(l->fd) && !err)
			err = -errno;
		l->fd = -1;
	}
	return libbpf_err(err);
}
