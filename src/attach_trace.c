// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing attachments that need no perf event: raw tracepoints, the
 * BTF-typed tracing programs (tp_btf, fentry/fexit/fmod_ret, LSM) whose
 * target was fixed at load, iterators, and freplace programs.
 */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "link_internal.h"
#include "object_internal.h"

/* Wraps a link fd from one of the calls below; fd < 0 is logged. */
static struct bpf_link *trace_link(const struct bpf_program *prog, int fd, const char *what,
				   const char *target)
{
	struct bpf_link *link;
	int err;

	if (fd < 0) {
		err = -errno;
		pr_warn("prog '%s': %s%s%s attach failed: %s\n", prog->name, what,
			target ? " " : "", target ?: "", errstr(err));
		return libbpf_err_ptr(err);
	}
	link = link_from_fd(fd);
	if (!link) {
		pr_warn("prog '%s': %s attach: out of memory\n", prog->name, what);
		return libbpf_err_ptr(-ENOMEM);
	}
	return link;
}

LIBBPF_API struct bpf_link *
bpf_program__attach_raw_tracepoint_opts(const struct bpf_program *prog, const char *tp_name,
					struct bpf_raw_tracepoint_opts *opts)
{
	LIBBPF_OPTS(bpf_raw_tp_opts, ro);
	int prog_fd;

	if (!prog || !OPTS_VALID(opts, bpf_raw_tracepoint_opts))
		return libbpf_err_ptr(-EINVAL);
	if (!tp_name || !*tp_name) {
		pr_warn("prog '%s': raw tracepoint attach without a tracepoint name\n", prog->name);
		return libbpf_err_ptr(-EINVAL);
	}
	prog_fd = attach_prog_fd(prog, "raw tracepoint");
	if (prog_fd < 0)
		return libbpf_err_ptr(prog_fd);
	ro.tp_name = tp_name;
	ro.cookie = OPTS_GET(opts, cookie, 0);
	return trace_link(prog, bpf_raw_tracepoint_open_opts(prog_fd, &ro), "raw tracepoint",
			  tp_name);
}

LIBBPF_API struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog,
							       const char *tp_name)
{
	return bpf_program__attach_raw_tracepoint_opts(prog, tp_name, NULL);
}

int attach_raw_tp_auto(const struct bpf_program *prog, const char *target,
		       struct bpf_link **link)
{
	*link = bpf_program__attach_raw_tracepoint(prog, target);
	return *link ? 0 : -errno;
}

/* The BTF-typed kinds: the kernel knows the target from load, so the
 * link needs no target (bpf_link_create falls back to a nameless
 * BPF_RAW_TRACEPOINT_OPEN on kernels without tracing links). */
static struct bpf_link *attach_btf_target(const struct bpf_program *prog, __u64 cookie,
					  const char *what)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	int prog_fd;

	prog_fd = attach_prog_fd(prog, what);
	if (prog_fd < 0)
		return libbpf_err_ptr(prog_fd);
	lo.tracing.cookie = cookie;
	return trace_link(prog, bpf_link_create(prog_fd, 0, prog->expected_attach_type, &lo),
			  what, NULL);
}

LIBBPF_API struct bpf_link *bpf_program__attach_trace_opts(const struct bpf_program *prog,
							   const struct bpf_trace_opts *opts)
{
	if (!prog || !OPTS_VALID(opts, bpf_trace_opts))
		return libbpf_err_ptr(-EINVAL);
	return attach_btf_target(prog, OPTS_GET(opts, cookie, 0), "tracing");
}

LIBBPF_API struct bpf_link *bpf_program__attach_trace(const struct bpf_program *prog)
{
	return bpf_program__attach_trace_opts(prog, NULL);
}

LIBBPF_API struct bpf_link *bpf_program__attach_lsm(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	return attach_btf_target(prog, 0, "LSM");
}

LIBBPF_API struct bpf_link *bpf_program__attach_iter(const struct bpf_program *prog,
						     const struct bpf_iter_attach_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);

	if (!prog || !OPTS_VALID(opts, bpf_iter_attach_opts))
		return libbpf_err_ptr(-EINVAL);
	lo.iter_info = OPTS_GET(opts, link_info, NULL);
	lo.iter_info_len = OPTS_GET(opts, link_info_len, 0);
	if (!lo.iter_info != !lo.iter_info_len) {
		pr_warn("prog '%s': iterator link_info and link_info_len go together\n",
			prog->name);
		return libbpf_err_ptr(-EINVAL);
	}
	return attach_link_create(prog, 0, BPF_TRACE_ITER, &lo, "iterator");
}

LIBBPF_API struct bpf_link *bpf_program__attach_freplace(const struct bpf_program *prog,
							 int target_fd,
							 const char *attach_func_name)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	int id;

	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	if (!target_fd != !attach_func_name) {
		pr_warn("prog '%s': freplace needs both a target program fd and a function name, or neither\n",
			prog->name);
		return libbpf_err_ptr(-EINVAL);
	}
	if (prog->type != BPF_PROG_TYPE_EXT) {
		pr_warn("prog '%s': freplace attach of a program that is not BPF_PROG_TYPE_EXT\n",
			prog->name);
		return libbpf_err_ptr(-EINVAL);
	}
	/* no target: the one given at load */
	if (!target_fd)
		return bpf_program__attach_trace(prog);
	if (attach_prog_fd(prog, "freplace") < 0)
		return libbpf_err_ptr(-EINVAL);
	id = prog_find_func_btf_id(target_fd, attach_func_name);
	if (id < 0) {
		pr_warn("prog '%s': freplace target '%s' not found in program fd %d: %s\n",
			prog->name, attach_func_name, target_fd, errstr(id));
		return libbpf_err_ptr(id);
	}
	lo.target_btf_id = id;
	return attach_link_create(prog, target_fd, prog->expected_attach_type, &lo, "freplace");
}
