/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Shared by the probe attach files: attach_probe.c (kprobes, perf event
 * links, tracefs), attach_uprobe.c (uprobes, binary lookup) and usdt.c.
 */
#ifndef __BPFKIT_PROBE_INTERNAL_H
#define __BPFKIT_PROBE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <bpf/libbpf.h>

/* One kprobe or uprobe, made through the PMU or tracefs. */
struct probe_spec {
	bool uprobe;		/* else kprobe */
	bool retprobe;
	const char *target;	/* kernel function, or absolute binary path */
	uint64_t offset;	/* into the function, or file offset */
	uint64_t ref_ctr_off;	/* uprobe semaphore file offset, 0: none */
	pid_t pid;		/* uprobe: -1 every process, 0 self, or a pid */
	__u64 cookie;
	enum probe_attach_mode mode;
};

/* Create the probe's perf event and attach prog to it. NULL + errno,
 * one log line, on failure. */
struct bpf_link *probe_attach(const struct bpf_program *prog, const struct probe_spec *ps);

/* Absolute path of binary name: used as is when it has a '/', else a
 * library ("libc.so.6": the process' mapped copy for pid, then the usual
 * library directories) or a program in $PATH. 0 or -ENOENT. */
int probe_resolve_path(const char *name, pid_t pid, char *buf, size_t size);
/* /proc/PID/maps of pid (0 or less: this process) for reading, or NULL
 * with errno set. */
FILE *probe_open_maps(pid_t pid);

/* Auto-attach of uprobe[.s]/uretprobe[.s] and uprobe.multi-like
 * sections (attach_uprobe.c) and usdt sections (usdt.c): spec is the
 * part after "prefix/", NULL for a bare prefix. Same contract as
 * attach_probe_auto(). */
int uprobe_auto(const struct bpf_program *prog, const char *spec, bool retprobe,
		struct bpf_link **link);
int uprobe_multi_auto(const struct bpf_program *prog, const char *spec, bool retprobe,
		      bool session, struct bpf_link **link);
int usdt_auto(const struct bpf_program *prog, const char *spec, struct bpf_link **link);

#endif
