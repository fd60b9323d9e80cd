/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Kernel view of a loaded program in a form two loaders can be compared
 * on: the xlated instructions, one per line, with the values that are
 * only meaningful inside one load replaced by names.
 *
 * For xlated dumps the kernel turns an ld_imm64 of a map back into
 * src_reg BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE with the map's id in
 * the first imm and the value offset in the second. Ids differ between
 * loads, so they are printed as "map=NAME" (NAME from the map's info);
 * BPF_PSEUDO_FUNC loads hold a kernel address of the callback, printed
 * as "func". The kernel also inlines pointers to its own per-program
 * objects (bpf_timer_set_callback gets prog->aux as an ld_imm64 with
 * src_reg 0): values in the kernel heap (below the kernel image at
 * 0xffffffff80000000) are printed as "kheap". Kernel image addresses
 * (ksyms) are the same for every load and stay. Everything else is
 * printed as is.
 *
 * Included by the test runner (bpfkit) and by ref-loader (Debian's
 * libbpf): only calls present in both.
 */
#ifndef __BPFKIT_TESTS_XLATED_MAP_H
#define __BPFKIT_TESTS_XLATED_MAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

/* Kernel name of map id, or "?id" when it cannot be looked up. */
static inline void xm_map_name(__u32 id, char *out, size_t cap)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int fd = bpf_map_get_fd_by_id(id);

	snprintf(out, cap, "?%u", id);
	if (fd < 0)
		return;
	memset(&info, 0, sizeof(info));
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		snprintf(out, cap, "%s", info.name);
	close(fd);
}

/* The kernel's xlated instructions of prog_fd (caller frees), or NULL. */
static inline struct bpf_insn *xm_get_xlated(int prog_fd, __u32 *cnt)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info), n;
	struct bpf_insn *insns;

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return NULL;
	n = info.xlated_prog_len / sizeof(*insns);
	insns = calloc(n + 1, sizeof(*insns));
	if (!insns)
		return NULL;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = n * sizeof(*insns);
	info.xlated_prog_insns = (__u64)(unsigned long)insns;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len)) {
		free(insns);
		return NULL;
	}
	*cnt = n;
	return insns;
}

/* ld_imm64 value (two insns) inside the kernel heap / vmalloc area. */
static inline int xm_is_kheap(const struct bpf_insn *in)
{
	__u64 v = (__u64)(__u32)in[0].imm | (__u64)(__u32)in[1].imm << 32;

	return v >= 0xffff800000000000ULL && v < 0xffffffff80000000ULL;
}

/* "xmap NAME N" then "I CODE DST SRC OFF IMM|map=NAME|func" per insn.
 * Returns 0, or -1 when the program's info cannot be read. */
static inline int xm_print(FILE *f, const char *name, int prog_fd)
{
	struct bpf_insn *insns;
	char mname[64];
	__u32 n = 0;

	insns = xm_get_xlated(prog_fd, &n);
	if (!insns)
		return -1;
	fprintf(f, "xmap %s %u\n", name, n);
	for (__u32 i = 0; i < n; i++) {
		const struct bpf_insn *in = &insns[i];
		int ld64 = in->code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < n;

		fprintf(f, "%u %02x %u %u %d ", i, in->code, in->dst_reg, in->src_reg, in->off);
		if (ld64 && (in->src_reg == BPF_PSEUDO_MAP_FD ||
			     in->src_reg == BPF_PSEUDO_MAP_VALUE)) {
			xm_map_name(in->imm, mname, sizeof(mname));
			fprintf(f, "map=%s\n", mname);
		} else if (ld64 && !in->src_reg && xm_is_kheap(in)) {
			fprintf(f, "kheap\n");
			fprintf(f, "%u %02x %u %u %d kheap\n", i + 1, insns[i + 1].code,
				insns[i + 1].dst_reg, insns[i + 1].src_reg, insns[i + 1].off);
			i++;
		} else if (ld64 && in->src_reg == BPF_PSEUDO_FUNC) {
			fprintf(f, "func\n");
			fprintf(f, "%u %02x %u %u %d func\n", i + 1, insns[i + 1].code,
				insns[i + 1].dst_reg, insns[i + 1].src_reg, insns[i + 1].off);
			i++;
		} else {
			fprintf(f, "%d\n", in->imm);
		}
	}
	free(insns);
	return 0;
}

#endif
