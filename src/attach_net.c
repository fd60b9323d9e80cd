// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Links to networking hooks and cgroups: each is one BPF_LINK_CREATE of
 * the program's expected attach type against a target fd or ifindex.
 */
#include <errno.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "link_internal.h"
#include "object_internal.h"
#include "uapi_compat.h"

/* Link to target_fd (an fd or an ifindex) with the expected attach type
 * the program was loaded with. */
static struct bpf_link *attach_expected(const struct bpf_program *prog, int target_fd,
					const struct bpf_link_create_opts *opts, const char *what)
{
	if (!prog)
		return libbpf_err_ptr(-EINVAL);
	return attach_link_create(prog, target_fd, prog->expected_attach_type, opts, what);
}

LIBBPF_API struct bpf_link *bpf_program__attach_cgroup(const struct bpf_program *prog,
						       int cgroup_fd)
{
	return attach_expected(prog, cgroup_fd, NULL, "cgroup");
}

LIBBPF_API struct bpf_link *bpf_program__attach_netns(const struct bpf_program *prog,
						      int netns_fd)
{
	return attach_expected(prog, netns_fd, NULL, "netns");
}

LIBBPF_API struct bpf_link *bpf_program__attach_sockmap(const struct bpf_program *prog,
							int map_fd)
{
	return attach_expected(prog, map_fd, NULL, "sockmap");
}

LIBBPF_API struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex)
{
	return attach_expected(prog, ifindex, NULL, "xdp");
}

/* The relative-position options of tcx, netkit and cgroup links: an
 * anchor is given by fd or by id, never both. */
static int check_relative(const struct bpf_program *prog, __u32 rel_fd, __u32 rel_id,
			  const char *what)
{
	if (rel_fd && rel_id) {
		pr_warn("prog '%s': %s attach: relative_fd and relative_id are exclusive\n",
			prog->name, what);
		return -EINVAL;
	}
	return 0;
}

static int check_ifindex(const struct bpf_program *prog, int ifindex, const char *what)
{
	if (ifindex <= 0) {
		pr_warn("prog '%s': %s attach: bad ifindex %d\n", prog->name, what, ifindex);
		return -EINVAL;
	}
	return 0;
}

LIBBPF_API struct bpf_link *
bpf_program__attach_cgroup_opts(const struct bpf_program *prog, int cgroup_fd,
				const struct bpf_cgroup_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	int err;

	if (!prog || !OPTS_VALID(opts, bpf_cgroup_opts))
		return libbpf_err_ptr(-EINVAL);
	lo.flags = OPTS_GET(opts, flags, 0);
	lo.cgroup.relative_fd = OPTS_GET(opts, relative_fd, 0);
	lo.cgroup.relative_id = OPTS_GET(opts, relative_id, 0);
	lo.cgroup.expected_revision = OPTS_GET(opts, expected_revision, 0);
	err = check_relative(prog, lo.cgroup.relative_fd, lo.cgroup.relative_id, "cgroup");
	if (err)
		return libbpf_err_ptr(err);
	return attach_expected(prog, cgroup_fd, &lo, "cgroup");
}

LIBBPF_API struct bpf_link *bpf_program__attach_tcx(const struct bpf_program *prog,
						    int ifindex,
						    const struct bpf_tcx_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	int err;

	if (!prog || !OPTS_VALID(opts, bpf_tcx_opts))
		return libbpf_err_ptr(-EINVAL);
	lo.flags = OPTS_GET(opts, flags, 0);
	lo.tcx.relative_fd = OPTS_GET(opts, relative_fd, 0);
	lo.tcx.relative_id = OPTS_GET(opts, relative_id, 0);
	lo.tcx.expected_revision = OPTS_GET(opts, expected_revision, 0);
	err = check_ifindex(prog, ifindex, "tcx");
	err = err ?: check_relative(prog, lo.tcx.relative_fd, lo.tcx.relative_id, "tcx");
	if (err)
		return libbpf_err_ptr(err);
	return attach_expected(prog, ifindex, &lo, "tcx");
}

LIBBPF_API struct bpf_link *bpf_program__attach_netkit(const struct bpf_program *prog,
						       int ifindex,
						       const struct bpf_netkit_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	int err;

	if (!prog || !OPTS_VALID(opts, bpf_netkit_opts))
		return libbpf_err_ptr(-EINVAL);
	lo.flags = OPTS_GET(opts, flags, 0);
	lo.netkit.relative_fd = OPTS_GET(opts, relative_fd, 0);
	lo.netkit.relative_id = OPTS_GET(opts, relative_id, 0);
	lo.netkit.expected_revision = OPTS_GET(opts, expected_revision, 0);
	err = check_ifindex(prog, ifindex, "netkit");
	err = err ?: check_relative(prog, lo.netkit.relative_fd, lo.netkit.relative_id, "netkit");
	if (err)
		return libbpf_err_ptr(err);
	return attach_expected(prog, ifindex, &lo, "netkit");
}

LIBBPF_API struct bpf_link *
bpf_program__attach_netfilter(const struct bpf_program *prog,
			      const struct bpf_netfilter_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);

	if (!prog || !OPTS_VALID(opts, bpf_netfilter_opts))
		return libbpf_err_ptr(-EINVAL);
	lo.netfilter.pf = OPTS_GET(opts, pf, 0);
	lo.netfilter.hooknum = OPTS_GET(opts, hooknum, 0);
	lo.netfilter.priority = OPTS_GET(opts, priority, 0);
	lo.netfilter.flags = OPTS_GET(opts, flags, 0);
	return attach_link_create(prog, 0, BPFKIT_BPF_NETFILTER, &lo, "netfilter");
}
