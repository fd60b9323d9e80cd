// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_program__attach(): picks the attach method from the program's SEC()
 * definition. Also the helpers every attach_*.c file shares: the loaded
 * program's fd and a BPF_LINK_CREATE wrapped into a struct bpf_link.
 */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "link_internal.h"
#include "object_internal.h"

int attach_prog_fd(const struct bpf_program *prog, const char *what)
{
	if (!prog)
		return -EINVAL;
	if (prog->fd < 0) {
		pr_warn("prog '%s': cannot attach (%s): program is not loaded\n", prog->name,
			what);
		return -EINVAL;
	}
	return prog->fd;
}

struct bpf_link *attach_link_create(const struct bpf_program *prog, int target_fd,
				    enum bpf_attach_type type,
				    const struct bpf_link_create_opts *opts, const char *what)
{
	struct bpf_link *link;
	int prog_fd, fd, err;

	prog_fd = attach_prog_fd(prog, what);
	if (prog_fd < 0)
		return libbpf_err_ptr(prog_fd);
	fd = bpf_link_create(prog_fd, target_fd, type, opts);
	if (fd < 0) {
		err = -errno;
		pr_warn("prog '%s': attach to %s failed: %s\n", prog->name, what, errstr(err));
		return libbpf_err_ptr(err);
	}
	link = link_from_fd(fd);
	if (!link) {
		pr_warn("prog '%s': attach to %s: out of memory\n", prog->name, what);
		return libbpf_err_ptr(-ENOMEM);
	}
	return link;
}

const char *attach_sec_target(const char *sec_name, const struct sec_def *def)
{
	size_t len;

	if (!def->name)
		return NULL;
	len = strlen(def->name);
	if (strncmp(sec_name, def->name, len) || sec_name[len] != '/')
		return NULL;
	return sec_name + len + 1;
}

/* Stores the result of a pointer-returning attach function in the
 * callback-style contract: 0 with *link set, or -errno. */
static int link_result(struct bpf_link *made, struct bpf_link **link)
{
	*link = made;
	return made ? 0 : -errno;
}

static int attach_auto(const struct bpf_program *prog, const struct sec_def *def,
		       struct bpf_link **link)
{
	const char *target;

	*link = NULL;
	switch (def->attach) {
	case SEC_ATTACH_KPROBE:
	case SEC_ATTACH_UPROBE:
	case SEC_ATTACH_KPROBE_MULTI:
	case SEC_ATTACH_KPROBE_SESSION:
	case SEC_ATTACH_UPROBE_MULTI:
	case SEC_ATTACH_KSYSCALL:
	case SEC_ATTACH_USDT:
		return attach_probe_auto(prog, prog->sec_name, def->attach, link);
	case SEC_ATTACH_TRACEPOINT:
		target = attach_sec_target(prog->sec_name, def);
		return target ? attach_tracepoint_auto(prog, target, link) : 0;
	case SEC_ATTACH_RAW_TP:
		target = attach_sec_target(prog->sec_name, def);
		return target ? attach_raw_tp_auto(prog, target, link) : 0;
	case SEC_ATTACH_TRACE:
		return link_result(bpf_program__attach_trace(prog), link);
	case SEC_ATTACH_LSM:
		return link_result(bpf_program__attach_lsm(prog), link);
	case SEC_ATTACH_ITER:
		return link_result(bpf_program__attach_iter(prog, NULL), link);
	case SEC_ATTACH_CUSTOM:
		return def->prog_attach_fn(prog, def->cookie, link);
	case SEC_ATTACH_NONE:
	default:
		return -EOPNOTSUPP;
	}
}

LIBBPF_API struct bpf_link *bpf_program__attach(const struct bpf_program *prog)
{
	const struct sec_def *def;
	struct bpf_link *link = NULL;
	int err;

	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	def = prog->sec_def;
	if (!def || def->attach == SEC_ATTACH_NONE ||
	    (def->attach == SEC_ATTACH_CUSTOM && !def->prog_attach_fn)) {
		pr_warn("prog '%s': section '%s' has no auto-attach; use a bpf_program__attach_*() function\n",
			prog->name, prog->sec_name);
		return libbpf_err_ptr(-EOPNOTSUPP);
	}
	err = attach_prog_fd(prog, "auto-attach");
	if (err < 0)
		return libbpf_err_ptr(err);
	err = attach_auto(prog, def, &link);
	if (err < 0) {
		/* built-in methods log their own failure; a user's callback
		 * may not have */
		if (def->attach == SEC_ATTACH_CUSTOM)
			pr_warn("prog '%s': attach callback of section '%s' failed: %s\n",
				prog->name, prog->sec_name, errstr(err));
		return libbpf_err_ptr(err);
	}
	if (!link) {
		pr_warn("prog '%s': section '%s' names no target to auto-attach to\n", prog->name,
			prog->sec_name);
		return libbpf_err_ptr(-EOPNOTSUPP);
	}
	return link;
}
