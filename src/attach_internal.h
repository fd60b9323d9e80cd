/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Shared between the attach files: attach.c (bpf_program__attach()
 * dispatch and the generic attach functions) and attach_probe.c (kprobe,
 * uprobe, multi, ksyscall and USDT attachment).
 */
#ifndef BPFKIT_ATTACH_INTERNAL_H
#define BPFKIT_ATTACH_INTERNAL_H

#include <stdbool.h>
#include <bpf/libbpf.h>
#include "sec_def.h"

/*
 * Auto-attach for the probe section kinds (SEC_ATTACH_KPROBE, UPROBE,
 * KPROBE_MULTI, KPROBE_SESSION, UPROBE_MULTI, KSYSCALL, USDT), called by
 * bpf_program__attach(). sec_name is the program's full section name.
 * Returns 0 with *link set on success; 0 with *link NULL when the section
 * names no target to attach to (bare "kprobe", "uprobe", ...), which the
 * caller reports; -errno on failure (already logged).
 */
int attach_probe_auto(const struct bpf_program *prog, const char *sec_name,
		      enum sec_attach_kind kind, struct bpf_link **link);

/* ---- helpers shared by the attach_*.c files ---------------------------- */

/* Whether prog's SEC() definition has an auto-attach method. */
bool attach_has_auto(const struct bpf_program *prog);

/* Auto-attach of a loaded program (bpf_program__attach() and skeleton
 * attach): 0 with *link set; 0 with *link NULL when the section has no
 * auto-attach or names no target (a skeleton skips such programs);
 * -errno on failure (logged). */
int attach_auto(const struct bpf_program *prog, struct bpf_link **link);

/* Root of tracefs (/sys/kernel/tracing, or the debugfs copy), mounted at
 * /sys/kernel/tracing when it is nowhere; NULL when it cannot be had.
 * errno is preserved. */
const char *attach_tracefs_root(void);

struct bpf_link_create_opts;

/* Fd of prog for attaching, or -EINVAL (logged, naming what was being
 * attached) when the program is not loaded. Instance 0 for programs with
 * instances. */
int attach_prog_fd(const struct bpf_program *prog, const char *what);

/* BPF_LINK_CREATE of prog to target_fd wrapped in a struct bpf_link. what
 * names the hook for the log line. NULL + errno on failure, logged. */
struct bpf_link *attach_link_create(const struct bpf_program *prog, int target_fd,
				    enum bpf_attach_type type,
				    const struct bpf_link_create_opts *opts, const char *what);

/* Target named after "<def name>/" in sec_name: NULL for the bare name
 * (nothing to auto-attach), "" when the slash has nothing after it. */
const char *attach_sec_target(const char *sec_name, const struct sec_def *def);

/* Auto-attach of the non-probe kinds (attach_perf.c, attach_trace.c):
 * same return contract as attach_probe_auto(). */
int attach_tracepoint_auto(const struct bpf_program *prog, const char *target,
			   struct bpf_link **link);
int attach_raw_tp_auto(const struct bpf_program *prog, const char *target,
		       struct bpf_link **link);

#endif
