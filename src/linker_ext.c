// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker: the .BTF.ext merge. Each input's func_info, line_info and
 * CO-RE records are re-emitted per output section, instruction offsets
 * moved by where that input's section landed, type ids and strings mapped
 * into the merged BTF.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf_ext.h"
#include "btf_internal.h"
#include "elf.h"
#include "libbpf_internal.h"
#include "linker_internal.h"

static const __u32 ext_rec_size[BTF_EXT_KIND_CNT] = { 8, 16, 16 };

static int ext_put(struct bpf_linker *l, const void *p, size_t len)
{
	if (libbpf_ensure_mem(&l->ext_data, &l->ext_cap, 1, l->ext_len + len))
		return -ENOMEM;
	memcpy((char *)l->ext_data + l->ext_len, p, len);
	l->ext_len += len;
	return 0;
}

/* Re-home string off of f's BTF in the output BTF. */
static int ext_str(struct bpf_linker *l, const struct lk_file *f, __u32 *off)
{
	const char *s = btf__str_by_offset(f->btf, *off);
	int r;

	if (!s) {
		pr_warn("linker: %s: .BTF.ext string offset %u is invalid\n", f->name, *off);
		return -EINVAL;
	}
	r = btf__add_str(l->btf, s);
	if (r < 0)
		return r;
	*off = r;
	return 0;
}

static int ext_type(const struct lk_file *f, __u32 *id)
{
	if (*id >= btf__type_cnt(f->btf) || (*id && !f->type_map[*id])) {
		pr_warn("linker: %s: .BTF.ext refers to type %u which has no place in the output\n",
			f->name, *id);
		return -EINVAL;
	}
	*id = f->type_map[*id];
	return 0;
}

static int ext_rec(struct bpf_linker *l, const struct lk_file *f, int kind, const void *src,
		   uint64_t shift)
{
	__u32 w[4];
	int err = 0;

	memcpy(w, src, ext_rec_size[kind]);
	if (w[0] + shift > UINT32_MAX)
		return -E2BIG;
	w[0] += (__u32)shift;
	switch (kind) {
	case BTF_EXT_FUNC_INFO:
		err = ext_type(f, &w[1]);
		break;
	case BTF_EXT_LINE_INFO:
		err = ext_str(l, f, &w[1]);
		if (!err)
			err = ext_str(l, f, &w[2]);
		break;
	case BTF_EXT_CORE_RELO:
		err = ext_type(f, &w[1]);
		if (!err)
			err = ext_str(l, f, &w[2]);
		break;
	}
	return err ? err : ext_put(l, w, ext_rec_size[kind]);
}

/* Every record of kind for output section sec, from every file. */
static int ext_section(struct bpf_linker *l, int kind, int sec, __u32 *nsecs)
{
	__u32 hdr[2] = { 0, 0 }, k;
	size_t hdr_at = l->ext_len, i;
	int err;

	for (i = 0; i < l->nr_files; i++) {
		const struct lk_file *f = &l->files[i];
		const struct btf_ext_info *info;
		const struct btf_ext_sec *es;
		const void *rec;
		const struct elf_sec *in;

		if (!f->ext)
			continue;
		info = btf_ext_info(f->ext, kind);
		for_each_btf_ext_sec(info, es) {
			const char *name = btf_ext_sec_name(f->btf, es);

			if (!name || strcmp(name, l->secs[sec].name))
				continue;
			in = elf_sec_by_name(f->elf, name);
			if (!in || f->sec_out[in->idx] != sec)
				continue;
			if (!hdr[1]) {
				hdr[0] = btf__add_str(l->btf, name);
				if ((int)hdr[0] < 0)
					return (int)hdr[0];
				err = ext_put(l, hdr, sizeof(hdr));
				if (err)
					return err;
			}
			for_each_btf_ext_rec(info, es, k, rec) {
				err = ext_rec(l, f, kind, rec, f->sec_off[in->idx]);
				if (err)
					return err;
				hdr[1]++;
			}
		}
	}
	if (hdr[1]) {
		memcpy((char *)l->ext_data + hdr_at + 4, &hdr[1], 4);
		(*nsecs)++;
	}
	return 0;
}

/* Every .BTF.ext section must name a section of its object. */
static int ext_check_names(const struct lk_file *f)
{
	const struct btf_ext_sec *es;
	int kind;

	for (kind = 0; kind < BTF_EXT_KIND_CNT; kind++) {
		const struct btf_ext_info *info = btf_ext_info(f->ext, kind);

		for_each_btf_ext_sec(info, es) {
			const char *name = btf_ext_sec_name(f->btf, es);
			const struct elf_sec *in = name ? elf_sec_by_name(f->elf, name) : NULL;

			if (!in || f->sec_out[in->idx] < 0) {
				pr_warn("linker: %s: .BTF.ext refers to unknown section '%s'\n",
					f->name, name ?: "?");
				return -EINVAL;
			}
		}
	}
	return 0;
}

#define EXT_HDR_LEN 32

int linker_ext_build(struct bpf_linker *l)
{
	__u32 hdr[EXT_HDR_LEN / 4] = { 0 }, nsecs, total = 0, rs;
	size_t i, start;
	int kind, err;

	for (i = 0; i < l->nr_files; i++)
		if (l->files[i].ext && (err = ext_check_names(&l->files[i])))
			return err;
	err = ext_put(l, hdr, sizeof(hdr));
	for (kind = 0; !err && kind < BTF_EXT_KIND_CNT; kind++) {
		start = l->ext_len;
		rs = ext_rec_size[kind];
		err = ext_put(l, &rs, 4);
		for (i = 0, nsecs = 0; !err && i < l->nr_secs; i++)
			if (l->secs[i].flags & SHF_EXECINSTR)
				err = ext_section(l, kind, (int)i, &nsecs);
		if (err)
			break;
		if (!nsecs)
			l->ext_len = start; /* nothing of this kind */
		hdr[2 + kind * 2] = (__u32)(start - EXT_HDR_LEN);
		hdr[3 + kind * 2] = (__u32)(l->ext_len - start);
		total += hdr[3 + kind * 2];
	}
	if (err)
		return err;
	if (!total) {
		l->ext_len = 0;
		return 0;
	}
	/* magic, version 1, flags 0; header length */
	hdr[0] = BTF_MAGIC | (1u << 16);
	hdr[1] = EXT_HDR_LEN;
	memcpy(l->ext_data, hdr, sizeof(hdr));
	return 0;
}

