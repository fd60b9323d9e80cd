// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * XDP programs on network devices through rtnetlink (IFLA_XDP of
 * RTM_SETLINK / RTM_GETLINK), plus the device's XDP features from the
 * "netdev" generic netlink family.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"
#include "netlink.h"

/* The "netdev" family (Linux 6.3+) is newer than the installed uapi. */
#define NETDEV_FAMILY "netdev"
#define NETDEV_CMD_DEV_GET 1
#define NETDEV_A_DEV_IFINDEX 1
#define NETDEV_A_DEV_XDP_FEATURES 3
#define NETDEV_A_DEV_XDP_ZC_MAX_SEGS 4
#define NETDEV_A_DEV_MAX 4

static int xdp_set(int ifindex, int fd, int old_fd, __u32 flags)
{
	struct ifinfomsg *ifi;
	struct nl_req req;
	char what[64];
	size_t nest;

	nl_req_init(&req, RTM_SETLINK, 0);
	ifi = nl_req_header(&req, sizeof(*ifi));
	if (ifi) {
		ifi->ifi_family = AF_UNSPEC;
		ifi->ifi_index = ifindex;
	}
	nest = nl_nest_begin(&req, IFLA_XDP);
	nl_put(&req, IFLA_XDP_FD, &fd, sizeof(fd));
	if (flags)
		nl_put_u32(&req, IFLA_XDP_FLAGS, flags);
	if (flags & XDP_FLAGS_REPLACE)
		nl_put(&req, IFLA_XDP_EXPECTED_FD, &old_fd, sizeof(old_fd));
	nl_nest_end(&req, nest);
	if (fd >= 0)
		snprintf(what, sizeof(what), "XDP attach to ifindex %d", ifindex);
	else
		snprintf(what, sizeof(what), "XDP detach from ifindex %d", ifindex);
	return nl_do(NETLINK_ROUTE, &req, NULL, NULL, what, 0);
}

LIBBPF_API int bpf_xdp_attach(int ifindex, int prog_fd, __u32 flags,
			      const struct bpf_xdp_attach_opts *opts)
{
	int old_fd;

	if (!OPTS_VALID(opts, bpf_xdp_attach_opts))
		return libbpf_err(-EINVAL);
	/* a given old program turns the request into a checked replace;
	 * fd 0 means "none", as in libbpf */
	old_fd = OPTS_GET(opts, old_prog_fd, 0);
	if (old_fd)
		flags |= XDP_FLAGS_REPLACE;
	else
		old_fd = -1;
	return libbpf_err(xdp_set(ifindex, prog_fd, old_fd, flags));
}

LIBBPF_API int bpf_xdp_detach(int ifindex, __u32 flags, const struct bpf_xdp_attach_opts *opts)
{
	/* fd -1 tells the kernel to remove the program */
	return bpf_xdp_attach(ifindex, -1, flags, opts);
}

struct xdp_link_info {
	int ifindex;
	bool found;
	__u8 mode;
	__u32 prog_id, drv_id, skb_id, hw_id;
};

static int xdp_link_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct nlattr *tb[IFLA_MAX + 1], *xdp[IFLA_XDP_MAX + 1];
	struct xdp_link_info *info = ctx;
	const struct ifinfomsg *ifi;

	if (h->nlmsg_type != RTM_NEWLINK)
		return 0;
	ifi = nl_msg_header(h, sizeof(*ifi));
	if (!ifi)
		return -EBADMSG;
	if (ifi->ifi_index != info->ifindex)
		return 0;
	if (nl_parse_msg(tb, IFLA_MAX, h, sizeof(*ifi)))
		return -EBADMSG;
	info->found = true;
	if (!tb[IFLA_XDP])
		return 1;
	if (nl_parse_nested(xdp, IFLA_XDP_MAX, tb[IFLA_XDP]))
		return -EBADMSG;
	nl_get_u8(xdp[IFLA_XDP_ATTACHED], &info->mode);
	if (info->mode == XDP_ATTACHED_NONE)
		return 1;
	nl_get_u32(xdp[IFLA_XDP_PROG_ID], &info->prog_id);
	nl_get_u32(xdp[IFLA_XDP_DRV_PROG_ID], &info->drv_id);
	nl_get_u32(xdp[IFLA_XDP_SKB_PROG_ID], &info->skb_id);
	nl_get_u32(xdp[IFLA_XDP_HW_PROG_ID], &info->hw_id);
	return 1;
}

static int xdp_link_query(int ifindex, struct xdp_link_info *info)
{
	struct ifinfomsg *ifi;
	struct nl_req req;
	char what[64];

	/* a dump of all links, filtered here: the one answer every kernel
	 * gives with the XDP attributes in it */
	nl_req_init_dump(&req, RTM_GETLINK);
	ifi = nl_req_header(&req, sizeof(*ifi));
	if (ifi)
		ifi->ifi_family = AF_PACKET;
	info->ifindex = ifindex;
	snprintf(what, sizeof(what), "XDP query of ifindex %d", ifindex);
	return nl_do(NETLINK_ROUTE, &req, xdp_link_cb, info, what, 0);
}

struct xdp_features {
	__u64 flags;
	__u32 zc_max_segs;
};

static int xdp_features_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct nlattr *tb[NETDEV_A_DEV_MAX + 1];
	struct xdp_features *f = ctx;

	if (nl_parse_msg(tb, NETDEV_A_DEV_MAX, h, GENL_HDRLEN))
		return -EBADMSG;
	nl_get_u64(tb[NETDEV_A_DEV_XDP_FEATURES], &f->flags);
	nl_get_u32(tb[NETDEV_A_DEV_XDP_ZC_MAX_SEGS], &f->zc_max_segs);
	return 1;
}

/* Device XDP features; 0 with nothing filled on kernels without the
 * netdev family. */
static int xdp_features_query(int ifindex, struct xdp_features *f)
{
	struct genlmsghdr *g;
	struct nl_req req;
	char what[64];
	int id;

	id = genl_family_id(NETDEV_FAMILY);
	if (id == -ENOENT)
		return 0;
	if (id < 0) {
		pr_warn("XDP query of ifindex %d: cannot resolve the netdev family: %s\n",
			ifindex, errstr(id));
		return id;
	}
	nl_req_init(&req, id, 0);
	g = nl_req_header(&req, GENL_HDRLEN);
	if (g) {
		g->cmd = NETDEV_CMD_DEV_GET;
		g->version = 1;
	}
	nl_put_u32(&req, NETDEV_A_DEV_IFINDEX, ifindex);
	snprintf(what, sizeof(what), "XDP features of ifindex %d", ifindex);
	return nl_do(NETLINK_GENERIC, &req, xdp_features_cb, f, what, 0);
}

LIBBPF_API int bpf_xdp_query(int ifindex, int flags, struct bpf_xdp_query_opts *opts)
{
	struct xdp_link_info info = { 0 };
	struct xdp_features feat = { 0 };
	__u32 modes;
	int err;

	if (!OPTS_VALID(opts, bpf_xdp_query_opts))
		return libbpf_err(-EINVAL);
	if (flags & ~XDP_FLAGS_MASK) {
		pr_warn("XDP query of ifindex %d: unknown flags 0x%x\n", ifindex, flags);
		return libbpf_err(-EINVAL);
	}
	modes = flags & XDP_FLAGS_MODES;
	if (modes & (modes - 1)) {
		pr_warn("XDP query of ifindex %d: more than one mode in flags 0x%x\n", ifindex,
			flags);
		return libbpf_err(-EINVAL);
	}
	err = xdp_link_query(ifindex, &info);
	if (err)
		return libbpf_err(err);
	if (!info.found) {
		pr_warn("XDP query: no device with ifindex %d\n", ifindex);
		return libbpf_err(-ENODEV);
	}
	OPTS_SET(opts, prog_id, info.prog_id);
	OPTS_SET(opts, drv_prog_id, info.drv_id);
	OPTS_SET(opts, hw_prog_id, info.hw_id);
	OPTS_SET(opts, skb_prog_id, info.skb_id);
	OPTS_SET(opts, attach_mode, info.mode);
	/* callers built against an older header have no room for these */
	if (!OPTS_HAS(opts, feature_flags))
		return 0;
	err = xdp_features_query(ifindex, &feat);
	if (err)
		return libbpf_err(err);
	OPTS_SET(opts, feature_flags, feat.flags);
	OPTS_SET(opts, xdp_zc_max_segs, feat.zc_max_segs);
	return 0;
}

LIBBPF_API int bpf_xdp_query_id(int ifindex, int flags, __u32 *prog_id)
{
	/* sized to the attach fields only: the features are not wanted */
	struct bpf_xdp_query_opts opts = {
		.sz = offsetofend(struct bpf_xdp_query_opts, attach_mode),
	};
	int err;

	if (!prog_id)
		return libbpf_err(-EINVAL);
	err = bpf_xdp_query(ifindex, flags, &opts);
	if (err)
		return err;
	if (flags & XDP_FLAGS_DRV_MODE)
		*prog_id = opts.drv_prog_id;
	else if (flags & XDP_FLAGS_HW_MODE)
		*prog_id = opts.hw_prog_id;
	else if (flags & XDP_FLAGS_SKB_MODE)
		*prog_id = opts.skb_prog_id;
	else
		*prog_id = opts.prog_id;
	return 0;
}
