/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Private view of a parsed .BTF.ext for the object loader: per kind of info
 * (func_info, line_info, CO-RE relocations) a list of sections, each with
 * its name offset and its records, all already bounds-checked and in host
 * byte order.
 *
 *	const struct btf_ext_info *fi = btf_ext_info(ext, BTF_EXT_FUNC_INFO);
 *	const struct btf_ext_sec *sec;
 *	const struct bpf_func_info *rec;
 *	__u32 i;
 *
 *	for_each_btf_ext_sec(fi, sec) {
 *		const char *name = btf_ext_sec_name(btf, sec);
 *		for_each_btf_ext_rec(fi, sec, i, rec)
 *			use(rec->insn_off, rec->type_id);
 *	}
 *
 * Records can be larger than the struct the loader knows (rec_size); only
 * the leading known fields may be read.
 */
#ifndef __BPFKIT_BTF_EXT_H
#define __BPFKIT_BTF_EXT_H

#include <linux/bpf.h>
#include <bpf/btf.h>

/* Minimal record sizes producers must honour. */
#define BTF_EXT_FUNC_INFO_MIN_REC 8   /* struct bpf_func_info */
#define BTF_EXT_LINE_INFO_MIN_REC 16  /* struct bpf_line_info */
#define BTF_EXT_CORE_RELO_MIN_REC 16  /* struct bpf_core_relo */

enum btf_ext_kind {
	BTF_EXT_FUNC_INFO,
	BTF_EXT_LINE_INFO,
	BTF_EXT_CORE_RELO,
	BTF_EXT_KIND_CNT,
};

struct btf_ext_sec {
	__u32 sec_name_off;   /* offset in the .BTF string section */
	__u32 num_info;       /* number of records, >= 1 */
	const void *data;     /* first record */
};

struct btf_ext_info {
	__u32 rec_size;
	__u32 nr_secs;
	struct btf_ext_sec *secs;
};

/* Parsed info of one kind; never NULL for a valid kind (nr_secs may be 0). */
const struct btf_ext_info *btf_ext_info(const struct btf_ext *ext, enum btf_ext_kind kind);

/* Name of a section, or NULL if its offset is not a string of btf. */
const char *btf_ext_sec_name(const struct btf *btf, const struct btf_ext_sec *sec);

/* Check every string offset and type id of ext against btf: section names,
 * line_info file/line strings, CO-RE access strings and referenced type ids.
 * Returns 0 or -EINVAL (one log line naming the offending record). */
int btf_ext_check(const struct btf_ext *ext, const struct btf *btf);

/* Rewrite ext in place: str_fn on every string offset (section names,
 * line_info file and line, CO-RE access strings), id_fn on every type id
 * (func_info, CO-RE). Stops at the first error. */
int btf_ext_visit(struct btf_ext *ext, int (*str_fn)(__u32 *off, void *ctx),
		  int (*id_fn)(__u32 *id, void *ctx), void *ctx);

/* nr_secs is tested first: secs is NULL when there are none, and NULL + 0
 * is undefined behaviour. */
#define for_each_btf_ext_sec(info, sec)                                      \
	for ((sec) = (info)->secs;                                           \
	     (info)->nr_secs && (sec) < (info)->secs + (info)->nr_secs; (sec)++)

#define for_each_btf_ext_rec(info, sec, i, rec)                              \
	for ((i) = 0, (rec) = (sec)->data; (i) < (sec)->num_info;            \
	     (i)++, (rec) = (const void *)((const char *)(rec) + (info)->rec_size))

#endif
