/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Probes of the running kernel. Each probe runs at most once per process:
 * the answer (never an fd) is cached, and every fd a probe opens is closed
 * before it returns. btf_sanitize() is the pure half: it rewrites a BTF
 * for a set of feature bits without asking the kernel anything.
 */
#ifndef __BPFKIT_FEATURES_H
#define __BPFKIT_FEATURES_H

#include <stdbool.h>
#include <linux/types.h>

struct btf;

enum kern_feature {
	FEAT_PROG_NAME,		/* prog_name / map_name attributes */
	FEAT_GLOBAL_DATA,	/* BPF_PSEUDO_MAP_VALUE into an array map */
	FEAT_BTF,		/* BPF_BTF_LOAD of basic kinds */
	FEAT_BTF_FUNC,		/* BTF_KIND_FUNC / FUNC_PROTO */
	FEAT_BTF_GLOBAL_FUNC,	/* FUNC with BTF_FUNC_GLOBAL linkage */
	FEAT_BTF_DATASEC,	/* BTF_KIND_VAR / DATASEC */
	FEAT_BTF_FLOAT,		/* BTF_KIND_FLOAT */
	FEAT_BTF_DECL_TAG,	/* BTF_KIND_DECL_TAG */
	FEAT_BTF_TYPE_TAG,	/* BTF_KIND_TYPE_TAG */
	FEAT_BTF_ENUM64,	/* BTF_KIND_ENUM64 */
	FEAT_BTF_QMARK_DATASEC,	/* DATASEC named "?.xxx" */
	FEAT_BTF_FUNC_INFO,	/* func_info pointing at BTF_KIND_FUNC */
	FEAT_ARRAY_MMAP,	/* mmap() of a BPF_F_MMAPABLE array */
	FEAT_MMAPABLE,		/* BPF_F_MMAPABLE accepted at map creation */
	FEAT_EXP_ATTACH_TYPE,	/* expected_attach_type at program load */
	FEAT_PROBE_READ_KERN,	/* bpf_probe_read_kernel() helper */
	FEAT_BPF_COOKIE,	/* bpf_get_attach_cookie() helper */
	FEAT_SYSCALL_WRAPPER,	/* __<arch>_sys_* syscall entry wrappers */
	FEAT_MEMCG_ACCOUNT,	/* BPF memory charged to memcg (no RLIMIT_MEMLOCK) */
	FEAT_UPROBE_MULTI_LINK,	/* BPF_TRACE_UPROBE_MULTI links */
	FEAT_KPROBE_MULTI_LINK,	/* BPF_TRACE_KPROBE_MULTI links */
	FEAT_PERF_LINK_COOKIE,	/* BPF_PERF_EVENT links with a bpf_cookie */
	FEAT_TOKEN,		/* BPF_TOKEN_CREATE */
	__FEAT_CNT,
};

/* Bit of a feature in a mask. */
#define FEAT_BIT(f) (1ULL << (f))
/* Every BTF feature btf_sanitize() knows about. */
#define FEAT_BTF_ALL                                                                   \
	(FEAT_BIT(FEAT_BTF) | FEAT_BIT(FEAT_BTF_FUNC) | FEAT_BIT(FEAT_BTF_GLOBAL_FUNC) | \
	 FEAT_BIT(FEAT_BTF_DATASEC) | FEAT_BIT(FEAT_BTF_FLOAT) |                        \
	 FEAT_BIT(FEAT_BTF_DECL_TAG) | FEAT_BIT(FEAT_BTF_TYPE_TAG) |                    \
	 FEAT_BIT(FEAT_BTF_ENUM64) | FEAT_BIT(FEAT_BTF_QMARK_DATASEC))

/* Whether the running kernel has feature f (probed once, then cached).
 * A probe that cannot decide (out of memory...) answers false. The test
 * override mask, when set, is applied on top. */
bool kernel_supports(enum kern_feature f);
/* Mask of every supported feature (probes all of them). */
__u64 kernel_features(void);
/* Mask of the supported BTF features (FEAT_BTF_ALL bits only). */
__u64 kernel_btf_features(void);
/* Prefix of the syscall entry wrappers on this architecture ("__x64_"),
 * "" where there are none, NULL for an unknown architecture. */
const char *arch_syscall_prefix(void);
/* Name of a feature for messages and tests. */
const char *feature_name(enum kern_feature f);

/* Test hooks: number of probes actually run so far (cached answers do
 * not count), and a mask ANDed with every answer (~0ULL: no override). */
unsigned long feature_probe_runs(void);
void feature_set_override(__u64 mask);
/* Forget every cached answer (tests only: not safe while probing). */
void feature_reset_cache(void);

/* Pure: a copy of btf the kernel will accept given the supported features
 * in feats (FEAT_BIT()s). Type ids and count are kept (one INT may be
 * appended after the last type for ENUM64 members). NULL + errno on error. */
struct btf *btf_sanitize(const struct btf *btf, __u64 feats);
/* Whether btf uses anything feats lacks (btf_sanitize() would change it). */
bool btf_needs_sanitize(const struct btf *btf, __u64 feats);

#endif
