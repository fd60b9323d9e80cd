/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Shared between the attach files: attach.c (bpf_program__attach()
 * dispatch and the generic attach functions) and attach_probe.c (kprobe,
 * uprobe, multi, ksyscall and USDT attachment).
 */
#ifndef BPFKIT_ATTACH_INTERNAL_H
#define BPFKIT_ATTACH_INTERNAL_H

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

#endif
