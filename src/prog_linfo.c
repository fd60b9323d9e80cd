// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Line info of a loaded program (bpf_prog_linfo__*): a copy of the
 * records BPF_OBJ_GET_INFO_BY_FD returned, searchable by instruction
 * offset and, when the program is JITed, by machine address within one
 * of its functions. Records are kept at the kernel's record sizes so
 * newer, longer records still work.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"

struct bpf_prog_linfo {
	void *linfo;		/* nr_linfo records of rec_size bytes */
	void *jited;		/* nr_linfo addresses of jited_rec_size, or NULL */
	__u32 *func_first;	/* first record of each JITed function */
	__u32 *func_cnt;	/* records of each JITed function */
	__u32 nr_linfo;
	__u32 nr_func;
	__u32 rec_size;
	__u32 jited_rec_size;
};

static const struct bpf_line_info *linfo_at(const struct bpf_prog_linfo *l, __u32 i)
{
	return (const void *)((const char *)l->linfo + (size_t)i * l->rec_size);
}

static __u64 jited_at(const struct bpf_prog_linfo *l, __u32 i)
{
	__u64 a;

	memcpy(&a, (const char *)l->jited + (size_t)i * l->jited_rec_size, sizeof(a));
	return a;
}

LIBBPF_API void bpf_prog_linfo__free(struct bpf_prog_linfo *prog_linfo)
{
	if (!prog_linfo)
		return;
	free(prog_linfo->linfo);
	free(prog_linfo->jited);
	free(prog_linfo->func_first);
	free(prog_linfo->func_cnt);
	free(prog_linfo);
}

/* Split the JITed records by function: each function's records are
 * consecutive, the first at the function's start address. */
static int split_functions(struct bpf_prog_linfo *l, const struct bpf_prog_info *info)
{
	const __u64 *ksyms = (const void *)(unsigned long)info->jited_ksyms;
	const __u32 *lens = (const void *)(unsigned long)info->jited_func_lens;
	__u32 i = 0;

	l->func_first = calloc(l->nr_func, sizeof(__u32));
	l->func_cnt = calloc(l->nr_func, sizeof(__u32));
	if (!l->func_first || !l->func_cnt)
		return -ENOMEM;
	for (__u32 f = 0; f < l->nr_func; f++) {
		__u64 start = ksyms[f], end = start + lens[f];

		if (i >= l->nr_linfo || jited_at(l, i) != start)
			return -EINVAL;
		l->func_first[f] = i;
		while (i < l->nr_linfo && jited_at(l, i) >= start && jited_at(l, i) < end)
			i++;
		l->func_cnt[f] = i - l->func_first[f];
	}
	return i == l->nr_linfo ? 0 : -EINVAL;
}

static bool has_jited_info(const struct bpf_prog_info *info)
{
	return info->nr_jited_ksyms && info->jited_line_info &&
	       info->nr_jited_line_info == info->nr_line_info &&
	       info->jited_line_info_rec_size >= sizeof(__u64) &&
	       info->nr_jited_func_lens == info->nr_jited_ksyms && info->jited_ksyms &&
	       info->jited_func_lens;
}

LIBBPF_API struct bpf_prog_linfo *bpf_prog_linfo__new(const struct bpf_prog_info *info)
{
	struct bpf_prog_linfo *l;
	size_t sz;
	int err = -ENOMEM;

	if (!info || !info->nr_line_info || !info->line_info ||
	    info->line_info_rec_size < sizeof(struct bpf_line_info) ||
	    info->line_info_rec_size % sizeof(__u32))
		return libbpf_err_ptr(-EINVAL);
	l = calloc(1, sizeof(*l));
	if (!l)
		return libbpf_err_ptr(-ENOMEM);
	l->nr_linfo = info->nr_line_info;
	l->rec_size = info->line_info_rec_size;
	sz = (size_t)l->nr_linfo * l->rec_size;
	l->linfo = malloc(sz);
	if (!l->linfo)
		goto fail;
	memcpy(l->linfo, (const void *)(unsigned long)info->line_info, sz);
	/* without JIT details only bpf_prog_linfo__lfind() works */
	if (!has_jited_info(info))
		return l;
	l->nr_func = info->nr_jited_ksyms;
	l->jited_rec_size = info->jited_line_info_rec_size;
	sz = (size_t)l->nr_linfo * l->jited_rec_size;
	l->jited = malloc(sz);
	if (!l->jited)
		goto fail;
	memcpy(l->jited, (const void *)(unsigned long)info->jited_line_info, sz);
	err = split_functions(l, info);
	if (!err)
		return l;
fail:
	bpf_prog_linfo__free(l);
	return libbpf_err_ptr(err);
}

/* Last record in [first, first + cnt) whose key is <= key. */
LIBBPF_API const struct bpf_line_info *
bpf_prog_linfo__lfind(const struct bpf_prog_linfo *prog_linfo, __u32 insn_off, __u32 nr_skip)
{
	const struct bpf_prog_linfo *l = prog_linfo;
	__u32 i;

	if (!l || nr_skip >= l->nr_linfo || insn_off < linfo_at(l, nr_skip)->insn_off)
		return libbpf_err_ptr(-ENOENT);
	for (i = nr_skip + 1; i < l->nr_linfo; i++)
		if (insn_off < linfo_at(l, i)->insn_off)
			break;
	return linfo_at(l, i - 1);
}

LIBBPF_API const struct bpf_line_info *
bpf_prog_linfo__lfind_addr_func(const struct bpf_prog_linfo *prog_linfo, __u64 addr,
				__u32 func_idx, __u32 nr_skip)
{
	const struct bpf_prog_linfo *l = prog_linfo;
	__u32 first, end, i;

	if (!l || func_idx >= l->nr_func || nr_skip >= l->func_cnt[func_idx])
		return libbpf_err_ptr(-ENOENT);
	first = l->func_first[func_idx] + nr_skip;
	end = l->func_first[func_idx] + l->func_cnt[func_idx];
	if (addr < jited_at(l, first))
		return libbpf_err_ptr(-ENOENT);
	for (i = first + 1; i < end; i++)
		if (addr < jited_at(l, i))
			break;
	return linfo_at(l, i - 1);
}
