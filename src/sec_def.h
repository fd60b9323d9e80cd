/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * SEC() name table: which program type, expected attach type, load flags
 * and auto-attach method a program gets from its ELF section name, plus
 * the handlers users register with libbpf_register_prog_handler().
 * Pure lookup code: nothing here calls bpf().
 */
#ifndef __BPFKIT_SEC_DEF_H
#define __BPFKIT_SEC_DEF_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/libbpf.h>

/* How a definition's name is compared with a section name. */
enum sec_match {
	SEC_MATCH_EXACT,	/* "name" only */
	SEC_MATCH_PREFIX,	/* "name/<anything>" (written "name/") */
	SEC_MATCH_OPT_SUFFIX,	/* "name" or "name/<anything>" (written "name+") */
};

enum sec_flags {
	SEC_F_NONE = 0,
	/* Expected attach type may be left out if the kernel rejects it. */
	SEC_F_EXP_ATTACH_OPT = 1u << 0,
	/* Attached with BPF_PROG_ATTACH-style calls to a target fd, so
	 * libbpf_attach_type_by_name() answers for it. */
	SEC_F_ATTACHABLE = 1u << 1,
	/* Needs a BTF attach target (attach_btf_id) at load. */
	SEC_F_ATTACH_BTF = 1u << 2,
	/* Loaded with BPF_F_SLEEPABLE. */
	SEC_F_SLEEPABLE = 1u << 3,
	/* Loaded with BPF_F_XDP_HAS_FRAGS. */
	SEC_F_XDP_FRAGS = 1u << 4,
	/* USDT program: needs the USDT spec maps at load. */
	SEC_F_USDT = 1u << 5,
	/* Attaches through one multi link (kprobe_multi/uprobe_multi). */
	SEC_F_MULTI = 1u << 6,
	/* Return probe (kretprobe, uretprobe, kretsyscall, ...). */
	SEC_F_RETPROBE = 1u << 7,
};

/* What bpf_program__attach() does for a section. */
enum sec_attach_kind {
	SEC_ATTACH_NONE,	   /* no auto-attach */
	SEC_ATTACH_KPROBE,	   /* kprobe/FUNC[+OFF], kretprobe/FUNC */
	SEC_ATTACH_UPROBE,	   /* uprobe/PATH:FUNC[+OFF] */
	SEC_ATTACH_KPROBE_MULTI,   /* kprobe.multi/PATTERN */
	SEC_ATTACH_KPROBE_SESSION, /* kprobe.session/PATTERN */
	SEC_ATTACH_UPROBE_MULTI,   /* uprobe.multi/PATH:PATTERN (and sessions) */
	SEC_ATTACH_KSYSCALL,	   /* ksyscall/NAME */
	SEC_ATTACH_USDT,	   /* usdt/PATH:PROVIDER:NAME */
	SEC_ATTACH_TRACEPOINT,	   /* tracepoint/CAT/NAME */
	SEC_ATTACH_RAW_TP,	   /* raw_tp/NAME */
	SEC_ATTACH_TRACE,	   /* fentry/fexit/fmod_ret/tp_btf/freplace */
	SEC_ATTACH_LSM,		   /* lsm/HOOK */
	SEC_ATTACH_ITER,	   /* iter/TARGET */
	SEC_ATTACH_CUSTOM,	   /* a registered handler's prog_attach_fn */
};

struct sec_def {
	/* Name without the trailing '/' or '+' of the written form; NULL
	 * only for the registered fallback handler. */
	const char *name;
	enum sec_match match;
	enum bpf_prog_type prog_type;
	enum bpf_attach_type expected_attach_type;
	unsigned int flags; /* enum sec_flags */
	enum sec_attach_kind attach;
	/* Registered handlers only (handler_id > 0). */
	int handler_id;
	long cookie;
	libbpf_prog_setup_fn_t prog_setup_fn;
	libbpf_prog_prepare_load_fn_t prog_prepare_load_fn;
	libbpf_prog_attach_fn_t prog_attach_fn;
};

/* Whether section name sec_name is covered by def. */
bool sec_def_matches(const struct sec_def *def, const char *sec_name);

/* Definition for a section name: registered handlers first (in
 * registration order), then the built-in table, then the registered
 * fallback. NULL if nothing matches. The pointer stays valid until the
 * next (un)registration. */
const struct sec_def *sec_def_find(const char *sec_name);

/* The built-in table, for iteration (tests, CLI listings). */
size_t sec_def_builtin_cnt(void);
const struct sec_def *sec_def_builtin(size_t idx);

/* Writes the written form ("kprobe+", "tc", "xdp/") of def into buf. */
void sec_def_pattern(const struct sec_def *def, char *buf, size_t size);

#endif
