// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * TC classifier programs through rtnetlink: the clsact qdisc is the hook,
 * each program is a direct-action cls_bpf filter on its ingress or egress
 * side, named by handle and priority.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"
#include "netlink.h"

#define TC_HOOK_BOTH (BPF_TC_INGRESS | BPF_TC_EGRESS)

static int hook_ifindex(const struct bpf_tc_hook *hook)
{
	return OPTS_GET(hook, ifindex, 0);
}

/* Start a tcmsg request for the hook's device. */
static struct tcmsg *tc_req_init(struct nl_req *req, __u16 type, __u16 flags, int ifindex)
{
	struct tcmsg *t;

	nl_req_init(req, type, flags);
	t = nl_req_header(req, sizeof(*t));
	if (t) {
		t->tcm_family = AF_UNSPEC;
		t->tcm_ifindex = ifindex;
	}
	return t;
}

/* RTM_NEWQDISC / RTM_DELQDISC of the clsact qdisc. */
static int clsact_qdisc(const struct bpf_tc_hook *hook, __u16 type, __u16 flags,
			const char *what, int routine_err)
{
	int ifindex = hook_ifindex(hook);
	struct nl_req req;
	struct tcmsg *t;
	char msg[96];

	t = tc_req_init(&req, type, flags, ifindex);
	if (t) {
		t->tcm_parent = TC_H_CLSACT;
		t->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	}
	nl_put_str(&req, TCA_KIND, "clsact");
	snprintf(msg, sizeof(msg), "%s clsact qdisc of ifindex %d", what, ifindex);
	return nl_do(NETLINK_ROUTE, &req, NULL, NULL, msg, routine_err);
}

/* Which hooks a qdisc operation accepts; shared by create and destroy. */
static int hook_check(const struct bpf_tc_hook *hook, const char *what)
{
	if (!hook || !OPTS_VALID(hook, bpf_tc_hook) || hook_ifindex(hook) <= 0) {
		pr_warn("tc hook %s: hook missing, malformed or without an ifindex\n", what);
		return -EINVAL;
	}
	return 0;
}

LIBBPF_API int bpf_tc_hook_create(struct bpf_tc_hook *hook)
{
	int err = hook_check(hook, "create");

	if (err)
		return libbpf_err(err);
	switch (OPTS_GET(hook, attach_point, 0)) {
	case BPF_TC_INGRESS:
	case BPF_TC_EGRESS:
	case TC_HOOK_BOTH:
		break;
	case BPF_TC_CUSTOM:
		pr_warn("tc hook create: BPF_TC_CUSTOM qdiscs are not managed here\n");
		return libbpf_err(-EOPNOTSUPP);
	default:
		pr_warn("tc hook create: bad attach point %d\n", (int)OPTS_GET(hook, attach_point, 0));
		return libbpf_err(-EINVAL);
	}
	/* exclusive create: an existing clsact is reported as -EEXIST,
	 * which callers commonly expect and accept */
	return libbpf_err(clsact_qdisc(hook, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, "create",
				       -EEXIST));
}

/* tcm_parent of the hook's filters; -EINVAL on a bad combination. */
static int hook_parent(const struct bpf_tc_hook *hook, __u32 *parent)
{
	__u32 custom = OPTS_GET(hook, parent, 0);

	switch (OPTS_GET(hook, attach_point, 0)) {
	case BPF_TC_INGRESS:
		*parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS);
		return custom ? -EINVAL : 0;
	case BPF_TC_EGRESS:
		*parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS);
		return custom ? -EINVAL : 0;
	case BPF_TC_CUSTOM:
		*parent = custom;
		return custom ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/* What a filter request knows: the hook plus handle and priority. */
struct tc_filter_req {
	int ifindex;
	__u32 parent, handle, priority;
};

static int filter_target(const struct bpf_tc_hook *hook, __u32 handle, __u32 priority,
			 struct tc_filter_req *f, const char *what)
{
	f->ifindex = hook_ifindex(hook);
	f->handle = handle;
	f->priority = priority;
	if (hook_parent(hook, &f->parent)) {
		pr_warn("tc %s: bad attach point %d / parent 0x%x for ifindex %d\n", what,
			(int)OPTS_GET(hook, attach_point, 0), OPTS_GET(hook, parent, 0),
			f->ifindex);
		return -EINVAL;
	}
	if (priority > UINT16_MAX) {
		pr_warn("tc %s: priority %u above %u\n", what, priority, UINT16_MAX);
		return -EINVAL;
	}
	return 0;
}

/* Start a filter request for all protocols; a flush names neither
 * protocol nor priority (the kernel refuses one that does). */
static void filter_req_init(struct nl_req *req, __u16 type, __u16 flags,
			    const struct tc_filter_req *f, bool flush)
{
	struct tcmsg *t = tc_req_init(req, type, flags, f->ifindex);

	if (!t)
		return;
	t->tcm_parent = f->parent;
	t->tcm_handle = f->handle;
	if (!flush)
		t->tcm_info = TC_H_MAKE(f->priority << 16, htons(ETH_P_ALL));
}

/* Filled from the kernel's description of a cls_bpf filter. */
struct tc_filter_info {
	bool found;
	__u32 handle, priority, prog_id;
};

static int filter_info_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct nlattr *tb[TCA_MAX + 1], *opt[TCA_BPF_MAX + 1];
	struct tc_filter_info *info = ctx;
	const struct tcmsg *t;

	if (h->nlmsg_type != RTM_NEWTFILTER)
		return 0;
	t = nl_msg_header(h, sizeof(*t));
	if (!t || nl_parse_msg(tb, TCA_MAX, h, sizeof(*t)))
		return -EBADMSG;
	/* only a bpf filter with options describes a program */
	if (!nl_str_eq(tb[TCA_KIND], "bpf") || !tb[TCA_OPTIONS])
		return 0;
	if (nl_parse_nested(opt, TCA_BPF_MAX, tb[TCA_OPTIONS]))
		return -EBADMSG;
	if (!nl_get_u32(opt[TCA_BPF_ID], &info->prog_id))
		return 0;
	info->handle = t->tcm_handle;
	info->priority = TC_H_MAJ(t->tcm_info) >> 16;
	info->found = true;
	return 1;
}

static int opts_check(const struct bpf_tc_opts *opts, const char *what)
{
	if (!opts || !OPTS_VALID(opts, bpf_tc_opts)) {
		pr_warn("tc %s: opts missing or malformed\n", what);
		return -EINVAL;
	}
	return 0;
}

/* "name:[id]" for TCA_BPF_NAME, as tc shows it; 0 or negative errno
 * (a bad fd shows up here first). */
static int prog_tc_name(int prog_fd, char *buf, size_t len)
{
	struct bpf_prog_info info;
	__u32 info_len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_prog_get_info_by_fd(prog_fd, &info, &info_len))
		return -errno;
	snprintf(buf, len, "%.*s:[%u]", (int)sizeof(info.name), info.name, info.id);
	return 0;
}

LIBBPF_API int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts)
{
	struct tc_filter_info info = { 0 };
	struct tc_filter_req f;
	__u32 flags, direct = TCA_BPF_FLAG_ACT_DIRECT;
	char name[BPF_OBJ_NAME_LEN + 16], msg[96];
	struct nl_req req;
	size_t nest;
	int err, prog_fd;

	if (hook_check(hook, "attach") || opts_check(opts, "attach"))
		return libbpf_err(-EINVAL);
	prog_fd = OPTS_GET(opts, prog_fd, 0);
	flags = OPTS_GET(opts, flags, 0);
	if (!prog_fd || OPTS_GET(opts, prog_id, 0) || (flags & ~BPF_TC_F_REPLACE)) {
		pr_warn("tc attach: need prog_fd, and no prog_id or unknown flags (0x%x)\n",
			flags);
		return libbpf_err(-EINVAL);
	}
	err = filter_target(hook, OPTS_GET(opts, handle, 0), OPTS_GET(opts, priority, 0), &f,
			    "attach");
	if (err)
		return libbpf_err(err);
	err = prog_tc_name(prog_fd, name, sizeof(name));
	if (err) {
		pr_warn("tc attach: no program info for fd %d: %s\n", prog_fd, errstr(err));
		return libbpf_err(err);
	}
	/* NLM_F_ECHO: the kernel sends the filter back, with the handle and
	 * priority it picked for zero ones */
	filter_req_init(&req, RTM_NEWTFILTER,
			NLM_F_CREATE | NLM_F_ECHO |
				((flags & BPF_TC_F_REPLACE) ? NLM_F_REPLACE : NLM_F_EXCL),
			&f, false);
	nl_put_str(&req, TCA_KIND, "bpf");
	nest = nl_nest_begin(&req, TCA_OPTIONS);
	nl_put_u32(&req, TCA_BPF_FD, prog_fd);
	nl_put_str(&req, TCA_BPF_NAME, name);
	nl_put(&req, TCA_BPF_FLAGS, &direct, sizeof(direct));
	nl_nest_end(&req, nest);
	snprintf(msg, sizeof(msg), "tc attach to ifindex %d parent 0x%x", f.ifindex, f.parent);
	err = nl_do(NETLINK_ROUTE, &req, filter_info_cb, &info, msg, 0);
	if (err)
		return libbpf_err(err);
	if (!info.found) {
		pr_warn("%s: the kernel did not echo the new filter\n", msg);
		return libbpf_err(-ENOENT);
	}
	OPTS_SET(opts, prog_id, info.prog_id);
	OPTS_SET(opts, handle, info.handle);
	OPTS_SET(opts, priority, info.priority);
	return 0;
}

/* Delete one filter, or with flush every filter of the hook's side. */
static int tc_delete(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts, bool flush)
{
	const char *what = flush ? "hook destroy" : "detach";
	struct tc_filter_req f;
	__u32 handle = 0, priority = 0;
	struct nl_req req;
	char msg[96];
	int err;

	if (!flush) {
		handle = OPTS_GET(opts, handle, 0);
		priority = OPTS_GET(opts, priority, 0);
		if (!handle || !priority || OPTS_GET(opts, prog_fd, 0) ||
		    OPTS_GET(opts, prog_id, 0) || OPTS_GET(opts, flags, 0)) {
			pr_warn("tc detach: need handle and priority, and no prog_fd, prog_id or flags\n");
			return -EINVAL;
		}
	}
	err = filter_target(hook, handle, priority, &f, what);
	if (err)
		return err;
	filter_req_init(&req, RTM_DELTFILTER, 0, &f, flush);
	/* a flush names no kind: the kernel refuses one with it */
	if (!flush)
		nl_put_str(&req, TCA_KIND, "bpf");
	if (flush)
		snprintf(msg, sizeof(msg), "tc flush of ifindex %d parent 0x%x", f.ifindex,
			 f.parent);
	else
		snprintf(msg, sizeof(msg), "tc detach of handle 0x%x prio %u on ifindex %d",
			 handle, priority, f.ifindex);
	return nl_do(NETLINK_ROUTE, &req, NULL, NULL, msg, flush ? 0 : -ENOENT);
}

LIBBPF_API int bpf_tc_hook_destroy(struct bpf_tc_hook *hook)
{
	int err = hook_check(hook, "destroy");

	if (err)
		return libbpf_err(err);
	switch (OPTS_GET(hook, attach_point, 0)) {
	case BPF_TC_INGRESS:
	case BPF_TC_EGRESS:
		/* one side: its filters go, the qdisc stays for the other */
		return libbpf_err(tc_delete(hook, NULL, true));
	case TC_HOOK_BOTH:
		return libbpf_err(clsact_qdisc(hook, RTM_DELQDISC, 0, "delete", 0));
	case BPF_TC_CUSTOM:
		pr_warn("tc hook destroy: BPF_TC_CUSTOM qdiscs are not managed here\n");
		return libbpf_err(-EOPNOTSUPP);
	default:
		pr_warn("tc hook destroy: bad attach point %d\n", (int)OPTS_GET(hook, attach_point, 0));
		return libbpf_err(-EINVAL);
	}
}

LIBBPF_API int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts)
{
	if (hook_check(hook, "detach") || opts_check(opts, "detach"))
		return libbpf_err(-EINVAL);
	return libbpf_err(tc_delete(hook, opts, false));
}

LIBBPF_API int bpf_tc_query(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts)
{
	struct tc_filter_info info = { 0 };
	struct tc_filter_req f;
	__u32 handle, priority;
	struct nl_req req;
	char msg[96];
	int err;

	if (hook_check(hook, "query") || opts_check(opts, "query"))
		return libbpf_err(-EINVAL);
	handle = OPTS_GET(opts, handle, 0);
	priority = OPTS_GET(opts, priority, 0);
	if (!handle || !priority || OPTS_GET(opts, prog_fd, 0) || OPTS_GET(opts, prog_id, 0) ||
	    OPTS_GET(opts, flags, 0)) {
		pr_warn("tc query: need handle and priority, and no prog_fd, prog_id or flags\n");
		return libbpf_err(-EINVAL);
	}
	err = filter_target(hook, handle, priority, &f, "query");
	if (err)
		return libbpf_err(err);
	filter_req_init(&req, RTM_GETTFILTER, 0, &f, false);
	nl_put_str(&req, TCA_KIND, "bpf");
	snprintf(msg, sizeof(msg), "tc query of handle 0x%x prio %u on ifindex %d", handle,
		 priority, f.ifindex);
	/* "no such filter" is a routine answer to a lookup */
	err = nl_do(NETLINK_ROUTE, &req, filter_info_cb, &info, msg, -ENOENT);
	if (err)
		return libbpf_err(err);
	if (!info.found) {
		pr_debug("%s: no bpf program there\n", msg);
		return libbpf_err(-ENOENT);
	}
	OPTS_SET(opts, prog_id, info.prog_id);
	return 0;
}
