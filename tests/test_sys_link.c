// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel tests of the BPF link side of <bpf/bpf.h>: bpf_link_create for
 * cgroup, XDP, tcx, raw/BTF tracepoints, iterators, perf events, uprobes;
 * bpf_link_update/detach, link ids, pinning. Programs are built from
 * instructions; every test checks that the program really runs where it
 * was attached (a map counter moves) or that the kernel reports it there. */
#include <fcntl.h>
#include <linux/btf.h>
#include <linux/if_link.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "kenv.h"
#include "insn.h"
#include "test.h"
#include "uapi_compat.h"

#define EGRESS BPF_CGROUP_INET_EGRESS
#define TCX_NEXT (-1) /* tcx: go on with the next program */

/* struct bpf_link_info as of Linux 6.18 for the parts the 6.1 uapi header
 * lacks (tcx/netkit, uprobe_multi, perf_event). */
union kt_link_info {
	struct bpf_link_info base;
	struct {
		__u32 type, id, prog_id, pad;
		__u32 ifindex;
		__u32 attach_type;
	} dev; /* tcx and netkit */
	struct {
		__u32 type, id, prog_id, pad;
		__u64 path;
		__u64 offsets;
		__u64 ref_ctr_offsets;
		__u64 cookies;
		__u32 path_size;
		__u32 count;
		__u32 flags;
		__u32 pid;
	} uprobe_multi;
	struct {
		__u32 type, id, prog_id, pad;
		__u32 kind; /* enum bpf_perf_event_type */
		__u32 pad2;
		union {
			struct {
				__u64 file_name;
				__u32 name_len;
				__u32 offset;
				__u64 cookie;
			} uprobe;
			struct {
				__u64 tp_name;
				__u32 name_len;
				__u32 pad;
				__u64 cookie;
			} tracepoint;
			struct {
				__u64 config;
				__u32 type;
				__u32 pad;
				__u64 cookie;
			} event;
		};
	} perf; /* Linux 6.9+ layout (with cookies) */
	char raw[256];
};

#define KT_PERF_EVENT_UPROBE 1
#define KT_PERF_EVENT_TRACEPOINT 5
#define KT_PERF_EVENT_EVENT 6

/* Link info with a name buffer for the perf_event kinds that have one. */
static union kt_link_info perf_link_info(int fd, char *name, __u32 name_len)
{
	union kt_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	/* file_name and tp_name share the same place */
	info.perf.uprobe.file_name = (__u64)(unsigned long)name;
	info.perf.uprobe.name_len = name_len;
	if (bpf_link_get_info_by_fd(fd, &info.base, &len))
		memset(&info, 0, sizeof(info));
	return info;
}

static union kt_link_info link_info(int fd)
{
	union kt_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_link_get_info_by_fd(fd, &info.base, &len))
		memset(&info, 0, sizeof(info));
	return info;
}


static int cg_prog(int map_fd, uint32_t key)
{
	return kenv_counter_prog(BPF_PROG_TYPE_CGROUP_SKB, EGRESS, 0, map_fd, key, 1, 0, false);
}

static int xdp_prog(int map_fd, uint32_t key)
{
	return kenv_counter_prog(BPF_PROG_TYPE_XDP, BPF_XDP, 0, map_fd, key, XDP_PASS, 0, false);
}

/* A tracing-style counter of this process only. */
static int self_prog(int type, int attach_type, uint32_t btf_id, int map_fd, uint32_t key,
		     bool cookie)
{
	return kenv_counter_prog(type, attach_type, btf_id, map_fd, key, 0, getpid(), cookie);
}

static void some_syscalls(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getpid);
}

/* ---- cgroup links ------------------------------------------------------- */

KTEST(sys_link_cgroup)
{
	struct kenv_cgroup cg;
	int map = -1, prog = -1, link = -1;
	__u32 ids[4], cnt = 4, flags = 0;
	union kt_link_info info;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = cg_prog(map, 0));
	GO_OK(link = bpf_link_create(prog, cg.fd, EGRESS, NULL));
	GO_TRUE(link > 2);
	GO_TRUE(fcntl(link, F_GETFD) & FD_CLOEXEC);

	info = link_info(link);
	GO_EQ(info.base.type, BPF_LINK_TYPE_CGROUP);
	GO_EQ(info.base.prog_id, kenv_prog_id(prog));
	GO_EQ(info.base.cgroup.cgroup_id, cg.id);
	GO_EQ(info.base.cgroup.attach_type, EGRESS);

	/* a link shows up in the query like a multi-attached program */
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 1);
	GO_EQ(ids[0], kenv_prog_id(prog));
	GO_EQ(flags, BPF_F_ALLOW_MULTI);

	GO_EQ(kenv_cgroup_udp(&cg, 4), 0);
	GO_GE(kenv_count(map, 0), 4);

	/* closing the only fd of the link detaches it */
	KENV_CLOSE(link);
	cnt = 4;
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 0);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_link_cgroup_update)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1, link = -1;
	__u32 ids[4], cnt = 4, flags;
	LIBBPF_OPTS(bpf_link_update_opts, u);

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 1));
	GO_OK(link = bpf_link_create(p1, cg.fd, EGRESS, NULL));

	/* plain update (no opts) */
	GO_OK(bpf_link_update(link, p2, NULL));
	GO_EQ(link_info(link).base.prog_id, kenv_prog_id(p2));
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 1);
	GO_EQ(ids[0], kenv_prog_id(p2));
	GO_EQ(kenv_cgroup_udp(&cg, 3), 0);
	GO_EQ(kenv_count(map, 0), 0);
	GO_GE(kenv_count(map, 1), 3);

	/* compare-and-swap update back to p1 */
	u.flags = BPF_F_REPLACE;
	u.old_prog_fd = p2;
	GO_OK(bpf_link_update(link, p1, &u));
	GO_EQ(link_info(link).base.prog_id, kenv_prog_id(p1));
	GO_EQ(kenv_cgroup_udp(&cg, 2), 0);
	GO_GE(kenv_count(map, 0), 2);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

/* cgroup links can be ordered too (Linux 6.16+ mprog support). */
KTEST(sys_link_cgroup_order)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1, l1 = -1, l2 = -1;
	__u32 ids[4] = { 0 };
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	LIBBPF_OPTS(bpf_prog_query_opts, q, .prog_ids = ids, .count = 4);
	bool unsupported = false;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 1));
	GO_OK(l1 = bpf_link_create(p1, cg.fd, EGRESS, NULL));
	LIBBPF_OPTS_RESET(lo, .flags = BPFKIT_BPF_F_BEFORE | BPFKIT_BPF_F_LINK,
			  .cgroup.relative_fd = l1);
	l2 = bpf_link_create(p2, cg.fd, EGRESS, &lo);
	if (l2 == -EINVAL) {
		unsupported = true;
		goto out;
	}
	GO_OK(l2);
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	GO_EQ(q.count, 2);
	GO_EQ(ids[0], kenv_prog_id(p2));
	GO_EQ(ids[1], kenv_prog_id(p1));
	/* (the cgroup query reports no link ids, unlike tcx) */
	GO_EQ(kenv_cgroup_udp(&cg, 2), 0);
	GO_GE(kenv_count(map, 0), 2);
	GO_GE(kenv_count(map, 1), 2);
out:
	KENV_CLOSE(l1);
	KENV_CLOSE(l2);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
	if (unsupported)
		test_skip(true, "kernel does not order cgroup links (BPF_F_BEFORE: EINVAL)");
}

KTEST(sys_link_update_errors)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1, p3 = -1, link = -1;
	LIBBPF_OPTS(bpf_link_update_opts, u, .flags = BPF_F_REPLACE);

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(3));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 1));
	GO_OK(p3 = cg_prog(map, 2));
	GO_OK(link = bpf_link_create(p1, cg.fd, EGRESS, NULL));

	/* BPF_F_REPLACE with a program that is not the attached one */
	u.old_prog_fd = p3;
	GO_ERR(bpf_link_update(link, p2, &u), EPERM);
	GO_EQ(link_info(link).base.prog_id, kenv_prog_id(p1));
	/* old_prog_fd without BPF_F_REPLACE is a contradiction */
	u.flags = 0;
	GO_ERR(bpf_link_update(link, p2, &u), EINVAL);
	/* unknown flags */
	u.flags = 1u << 30;
	u.old_prog_fd = 0;
	GO_ERR(bpf_link_update(link, p2, &u), EINVAL);
	/* a map is not a program, a prog fd is not a link */
	GO_ERR(bpf_link_update(link, map, NULL), EINVAL);
	GO_ERR(bpf_link_update(p1, p2, NULL), EINVAL);
	GO_ERR(bpf_link_update(100000, p2, NULL), EBADF);
	GO_EQ(link_info(link).base.prog_id, kenv_prog_id(p1));
out:
	KENV_CLOSE(link);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(p3);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_link_detach)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1, link = -1;
	__u32 cnt = 0, flags;
	union kt_link_info info;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(1));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 0));
	GO_OK(link = bpf_link_create(p1, cg.fd, EGRESS, NULL));
	GO_OK(bpf_link_detach(link));

	/* the link fd lives on, but it is attached to nothing */
	info = link_info(link);
	GO_EQ(info.base.type, BPF_LINK_TYPE_CGROUP);
	GO_EQ(info.base.cgroup.cgroup_id, 0);
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, NULL, &cnt));
	GO_EQ(cnt, 0);
	GO_EQ(kenv_cgroup_udp(&cg, 3), 0);
	GO_EQ(kenv_count(map, 0), 0);
	GO_ERR(bpf_link_update(link, p2, NULL), ENOLINK);
	/* detach of something that is no link */
	GO_ERR(bpf_link_detach(p1), EINVAL);
	GO_ERR(bpf_link_detach(100000), EBADF);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

/* ---- network device links ----------------------------------------------- */

KTEST(sys_link_xdp)
{
	struct kenv_netns ns;
	int map = -1, prog = -1, link = -1, link2 = -1;
	union kt_link_info info;

	kenv_netns_or_skip(&ns);
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = xdp_prog(map, 0));
	GO_OK(link = bpf_link_create(prog, ns.ifindex0, BPF_XDP, NULL));
	info = link_info(link);
	GO_EQ(info.base.type, BPF_LINK_TYPE_XDP);
	GO_EQ(info.base.xdp.ifindex, ns.ifindex0);
	GO_EQ(info.base.prog_id, kenv_prog_id(prog));

	/* frames sent from the peer reach the program on the receive side */
	GO_EQ(kenv_send_frames(ns.ifindex1, 8), 8);
	GO_GE(kenv_wait_count(map, 0, 8), 8);

	/* one XDP link per device and mode */
	GO_ERR(link2 = bpf_link_create(prog, ns.ifindex0, BPF_XDP, NULL), EBUSY);

	/* gone with the link */
	KENV_CLOSE(link);
	uint64_t before = kenv_count(map, 0);

	GO_EQ(kenv_send_frames(ns.ifindex1, 4), 4);
	kenv_settle();
	GO_EQ(kenv_count(map, 0), before);
out:
	KENV_CLOSE(link2);
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
	kenv_netns_leave(&ns);
}

KTEST(sys_link_xdp_update_detach)
{
	struct kenv_netns ns;
	int map = -1, p1 = -1, p2 = -1, link = -1;
	LIBBPF_OPTS(bpf_link_update_opts, u, .flags = BPF_F_REPLACE);

	kenv_netns_or_skip(&ns);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = xdp_prog(map, 0));
	GO_OK(p2 = xdp_prog(map, 1));
	GO_OK(link = bpf_link_create(p1, ns.ifindex0, BPF_XDP, NULL));

	u.old_prog_fd = p2; /* wrong one */
	GO_ERR(bpf_link_update(link, p2, &u), EPERM);
	u.old_prog_fd = p1;
	GO_OK(bpf_link_update(link, p2, &u));
	GO_EQ(link_info(link).base.prog_id, kenv_prog_id(p2));
	GO_EQ(kenv_send_frames(ns.ifindex1, 5), 5);
	GO_GE(kenv_wait_count(map, 1, 5), 5);
	GO_EQ(kenv_count(map, 0), 0);

	GO_OK(bpf_link_detach(link));
	GO_EQ(link_info(link).base.xdp.ifindex, 0);
	uint64_t before = kenv_count(map, 1);

	GO_EQ(kenv_send_frames(ns.ifindex1, 3), 3);
	kenv_settle();
	GO_EQ(kenv_count(map, 1), before);
	GO_ERR(bpf_link_update(link, p1, NULL), ENOLINK);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_netns_leave(&ns);
}

/* Generic (skb) mode is a separate slot from native mode. */
KTEST(sys_link_xdp_generic)
{
	struct kenv_netns ns;
	int map = -1, p1 = -1, p2 = -1, native = -1, skb = -1;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .flags = XDP_FLAGS_SKB_MODE);

	kenv_netns_or_skip(&ns);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = xdp_prog(map, 0));
	GO_OK(p2 = xdp_prog(map, 1));
	GO_OK(skb = bpf_link_create(p2, ns.ifindex1, BPF_XDP, &lo));
	GO_EQ(link_info(skb).base.xdp.ifindex, ns.ifindex1);
	/* the device now has a generic-mode program: native is refused */
	GO_TRUE((native = bpf_link_create(p1, ns.ifindex1, BPF_XDP, NULL)) < 0);
	GO_EQ(kenv_send_frames(ns.ifindex0, 3), 3);
	GO_GE(kenv_wait_count(map, 1, 3), 3);
	kenv_settle();
	GO_EQ(kenv_count(map, 1), 3);
	GO_EQ(kenv_count(map, 0), 0);
	/* flags outside the XDP set */
	lo.flags = 1u << 20;
	GO_ERR(native = bpf_link_create(p1, ns.ifindex0, BPF_XDP, &lo), EINVAL);
out:
	KENV_CLOSE(native);
	KENV_CLOSE(skb);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_netns_leave(&ns);
}

static int tcx_prog(int map_fd, uint32_t key)
{
	return kenv_counter_prog(BPF_PROG_TYPE_SCHED_CLS, 0, 0, map_fd, key, TCX_NEXT, 0, false);
}

static int tcx_query(int ifindex, struct bpf_prog_query_opts *q)
{
	return bpf_prog_query_opts(ifindex, BPFKIT_BPF_TCX_INGRESS, q);
}

KTEST(sys_link_tcx)
{
	struct kenv_netns ns;
	int map = -1, p1 = -1, p2 = -1, l1 = -1, l2 = -1;
	__u32 ids[4] = { 0 }, lids[4] = { 0 };
	LIBBPF_OPTS(bpf_prog_query_opts, q);
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	union kt_link_info info;
	__u64 rev0;

	kenv_netns_or_skip(&ns);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = tcx_prog(map, 0));
	GO_OK(p2 = tcx_prog(map, 1));

	GO_OK(tcx_query(ns.ifindex0, &q));
	GO_EQ(q.count, 0);
	rev0 = q.revision;

	lo.tcx.expected_revision = rev0;
	GO_OK(l1 = bpf_link_create(p1, ns.ifindex0, BPFKIT_BPF_TCX_INGRESS, &lo));
	info = link_info(l1);
	GO_EQ(info.base.type, BPFKIT_BPF_LINK_TYPE_TCX);
	GO_EQ(info.dev.ifindex, ns.ifindex0);
	GO_EQ(info.dev.attach_type, BPFKIT_BPF_TCX_INGRESS);

	/* second one in front of the first */
	LIBBPF_OPTS_RESET(lo, .flags = BPFKIT_BPF_F_BEFORE, .tcx.relative_fd = p1,
			  .tcx.expected_revision = rev0 + 1);
	GO_OK(l2 = bpf_link_create(p2, ns.ifindex0, BPFKIT_BPF_TCX_INGRESS, &lo));

	LIBBPF_OPTS_RESET(q, .prog_ids = ids, .link_ids = lids, .count = 4);
	GO_OK(tcx_query(ns.ifindex0, &q));
	GO_EQ(q.count, 2);
	GO_EQ(q.revision, rev0 + 2);
	GO_EQ(ids[0], kenv_prog_id(p2));
	GO_EQ(ids[1], kenv_prog_id(p1));
	GO_EQ(lids[0], kenv_link_id(l2));
	GO_EQ(lids[1], kenv_link_id(l1));

	/* both run on ingress since each returns TCX_NEXT */
	GO_EQ(kenv_send_frames(ns.ifindex1, 6), 6);
	GO_GE(kenv_wait_count(map, 0, 6), 6);
	GO_GE(kenv_wait_count(map, 1, 6), 6);

	KENV_CLOSE(l2);
	LIBBPF_OPTS_RESET(q, .prog_ids = ids, .count = 4);
	GO_OK(tcx_query(ns.ifindex0, &q));
	GO_EQ(q.count, 1);
	GO_EQ(ids[0], kenv_prog_id(p1));
out:
	KENV_CLOSE(l1);
	KENV_CLOSE(l2);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_netns_leave(&ns);
}

KTEST(sys_link_tcx_stale_revision)
{
	struct kenv_netns ns;
	int map = -1, p1 = -1, l1 = -1;
	LIBBPF_OPTS(bpf_prog_query_opts, q);
	LIBBPF_OPTS(bpf_link_create_opts, lo);

	kenv_netns_or_skip(&ns);
	GO_OK(map = kenv_counter_map(1));
	GO_OK(p1 = tcx_prog(map, 0));
	GO_OK(tcx_query(ns.ifindex0, &q));
	lo.tcx.expected_revision = q.revision + 5;
	GO_ERR(l1 = bpf_link_create(p1, ns.ifindex0, BPFKIT_BPF_TCX_INGRESS, &lo), ESTALE);
	/* nothing got attached */
	GO_OK(tcx_query(ns.ifindex0, &q));
	GO_EQ(q.count, 0);
out:
	KENV_CLOSE(l1);
	KENV_CLOSE(p1);
	KENV_CLOSE(map);
	kenv_netns_leave(&ns);
}

KTEST(sys_link_netkit)
{
	struct kenv_netns ns;
	int map = -1, p1 = -1, p2 = -1, l1 = -1, l2 = -1, prim, peer, err;
	char skip[160] = "";
	union kt_link_info info;
	__u32 ids[2] = { 0 };
	LIBBPF_OPTS(bpf_prog_query_opts, q, .prog_ids = ids, .count = 2);

	kenv_netns_or_skip(&ns);
	err = kenv_netkit_create("bknk0", "bknk1");
	if (err == -EOPNOTSUPP) {
		snprintf(skip, sizeof(skip), "kernel has no netkit driver (CONFIG_NETKIT off)");
		goto out;
	}
	GO_EQ(err, 0);
	GO_OK(kenv_link_up("bknk0"));
	GO_OK(kenv_link_up("bknk1"));
	GO_OK(kenv_wait_running("bknk0"));
	GO_OK(kenv_wait_running("bknk1"));
	GO_OK(prim = kenv_ifindex("bknk0"));
	GO_OK(peer = kenv_ifindex("bknk1"));
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = tcx_prog(map, 0));
	GO_OK(p2 = tcx_prog(map, 1));

	/* both attach types go through the primary's ifindex */
	GO_OK(l1 = bpf_link_create(p1, prim, BPFKIT_BPF_NETKIT_PRIMARY, NULL));
	GO_OK(l2 = bpf_link_create(p2, prim, BPFKIT_BPF_NETKIT_PEER, NULL));
	info = link_info(l1);
	GO_EQ(info.base.type, BPFKIT_BPF_LINK_TYPE_NETKIT);
	GO_EQ(info.dev.ifindex, prim);
	GO_EQ(info.dev.attach_type, BPFKIT_BPF_NETKIT_PRIMARY);
	GO_EQ(link_info(l2).dev.attach_type, BPFKIT_BPF_NETKIT_PEER);
	GO_OK(bpf_prog_query_opts(prim, BPFKIT_BPF_NETKIT_PRIMARY, &q));
	GO_EQ(q.count, 1);
	GO_EQ(ids[0], kenv_prog_id(p1));
	/* the peer itself takes no programs */
	GO_TRUE(bpf_link_create(p1, peer, BPFKIT_BPF_NETKIT_PRIMARY, NULL) < 0);

	/* a device's programs run on what it transmits */
	GO_EQ(kenv_send_frames(prim, 3), 3);
	GO_EQ(kenv_send_frames(peer, 5), 5);
	GO_GE(kenv_wait_count(map, 0, 3), 3);
	GO_GE(kenv_wait_count(map, 1, 5), 5);
	kenv_settle();
	GO_EQ(kenv_count(map, 0), 3);
	GO_EQ(kenv_count(map, 1), 5);
out:
	KENV_CLOSE(l1);
	KENV_CLOSE(l2);
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_netns_leave(&ns);
	if (skip[0])
		test_skip_absent("%s", skip);
}

/* ---- tracing links ------------------------------------------------------ */

KTEST(sys_link_raw_tp)
{
	int map = -1, prog = -1, link = -1;
	char name[32] = "";
	union kt_link_info info;
	__u32 len = sizeof(info);

	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = self_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0, map, 0, false));
	GO_OK(link = bpf_raw_tracepoint_open("sys_enter", prog));
	some_syscalls(20);
	GO_GE(kenv_count(map, 0), 20);

	memset(&info, 0, sizeof(info));
	info.base.raw_tracepoint.tp_name = (__u64)(unsigned long)name;
	info.base.raw_tracepoint.tp_name_len = sizeof(name);
	GO_OK(bpf_link_get_info_by_fd(link, &info.base, &len));
	GO_EQ(info.base.type, BPF_LINK_TYPE_RAW_TRACEPOINT);
	GO_TRUE(!strcmp(name, "sys_enter"));

	KENV_CLOSE(link);
	uint64_t before = kenv_count(map, 0);

	some_syscalls(10);
	GO_EQ(kenv_count(map, 0), before);
	GO_TRUE(bpf_raw_tracepoint_open("no_such_tracepoint_bpfkit", prog) < 0);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

KTEST(sys_link_raw_tp_opts_cookie)
{
	int map = -1, prog = -1, link = -1;
	LIBBPF_OPTS(bpf_raw_tp_opts, o, .tp_name = "sys_enter", .cookie = 0xc00c1e5ULL);
	struct kenv_slot s;

	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = self_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0, map, 0, true));
	GO_OK(link = bpf_raw_tracepoint_open_opts(prog, &o));
	some_syscalls(5);
	s = kenv_slot_read(map, 0);
	GO_GE(s.count, 5);
	GO_EQ(s.cookie, 0xc00c1e5ULL);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

/* Load a BTF-typed program or skip when the kernel refuses tracing
 * programs; *skip gets the reason. */
static int tracing_prog(struct bpf_insn *insns, int n, int attach_type, int btf_id, char *skip,
			size_t skip_len)
{
	int fd = kenv_prog_load(BPF_PROG_TYPE_TRACING, attach_type, btf_id, insns, n);

	if (fd == -EPERM)
		snprintf(skip, skip_len, "kernel refuses BPF_PROG_TYPE_TRACING loads (EPERM, lockdown)");
	return fd;
}

KTEST(sys_link_tracing_raw_tp)
{
	int map = -1, prog = -1, link = -1, btf_id;
	struct bpf_insn insns[32];
	char skip[160] = "";
	LIBBPF_OPTS(bpf_link_create_opts, lo, .tracing.cookie = 0x5150);
	struct kenv_slot s;

	btf_id = kenv_vmlinux_btf_id("btf_trace_sys_enter", BTF_KIND_TYPEDEF);
	if (btf_id < 0)
		test_skip(true, "no btf_trace_sys_enter in vmlinux BTF: %s", strerror(-btf_id));
	GO_OK(map = kenv_counter_map(1));
	int n = kenv_counter_insns(insns, map, 0, 0, getpid(), true);

	prog = tracing_prog(insns, n, BPF_TRACE_RAW_TP, btf_id, skip, sizeof(skip));
	if (skip[0])
		goto out;
	GO_OK(prog);
	GO_OK(link = bpf_link_create(prog, 0, BPF_TRACE_RAW_TP, &lo));
	GO_EQ(link_info(link).base.type, BPF_LINK_TYPE_RAW_TRACEPOINT);
	some_syscalls(10);
	s = kenv_slot_read(map, 0);
	GO_GE(s.count, 10);
	GO_EQ(s.cookie, 0x5150);
	KENV_CLOSE(link);

	/* the older way in: raw_tracepoint_open without a name */
	GO_OK(link = bpf_raw_tracepoint_open(NULL, prog));
	GO_EQ(link_info(link).base.type, BPF_LINK_TYPE_RAW_TRACEPOINT);
	some_syscalls(10);
	GO_GE(kenv_count(map, 0), s.count + 10);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
	if (skip[0])
		test_skip_absent("%s", skip);
}

#define ITER_MAGIC 0x6b746221

/* Iterator body: one 4-byte ITER_MAGIC record per object. The context is
 * { meta, object pointers... }; a NULL at ctx+obj_off marks the final call
 * after the walk. */
static int iter_insns(struct bpf_insn *b, int obj_off)
{
	int n = 0;

	b[n++] = BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, obj_off);
	b[n++] = BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 7);	      /* end of walk */
	b[n++] = BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0); /* ctx->meta */
	b[n++] = BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0); /* meta->seq */
	b[n++] = BPF_ST_MEM(BPF_W, BPF_REG_10, -4, ITER_MAGIC);
	b[n++] = BPF_MOV64_REG(BPF_REG_2, BPF_REG_10);
	b[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4);
	b[n++] = BPF_MOV64_IMM(BPF_REG_3, 4);
	b[n++] = BPF_EMIT_CALL(BPF_FUNC_seq_write);
	b[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	b[n++] = BPF_EXIT_INSN();
	return n;
}

/* Read an iterator to the end; returns records (all must be magic) or -1. */
static int iter_records(int iter_fd)
{
	__u32 buf[256];
	int recs = 0;
	ssize_t r;

	while ((r = read(iter_fd, buf, sizeof(buf))) > 0) {
		if (r % 4)
			return -1;
		for (ssize_t i = 0; i < r / 4; i++)
			if (buf[i] != ITER_MAGIC)
				return -1;
		recs += r / 4;
	}
	return r < 0 ? -1 : recs;
}

KTEST(sys_link_iter_task)
{
	int prog = -1, link = -1, link2 = -1, it = -1, btf_id, n;
	struct bpf_insn insns[16];
	char skip[160] = "";
	union bpf_iter_link_info li;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .iter_info = &li, .iter_info_len = sizeof(li));

	btf_id = kenv_vmlinux_btf_id("bpf_iter_task", BTF_KIND_FUNC);
	if (btf_id < 0)
		test_skip(true, "no bpf_iter_task in vmlinux BTF: %s", strerror(-btf_id));
	n = iter_insns(insns, 8); /* ctx->task */
	prog = tracing_prog(insns, n, BPF_TRACE_ITER, btf_id, skip, sizeof(skip));
	if (skip[0])
		goto out;
	GO_OK(prog);

	/* every task on the system */
	GO_OK(link = bpf_link_create(prog, 0, BPF_TRACE_ITER, NULL));
	GO_EQ(link_info(link).base.type, BPF_LINK_TYPE_ITER);
	GO_OK(it = bpf_iter_create(link));
	GO_TRUE(fcntl(it, F_GETFD) & FD_CLOEXEC);
	GO_GE(iter_records(it), 2);
	KENV_CLOSE(it);

	/* only the tasks of this (single-threaded) process */
	memset(&li, 0, sizeof(li));
	li.task.pid = getpid();
	GO_OK(link2 = bpf_link_create(prog, 0, BPF_TRACE_ITER, &lo));
	GO_OK(it = bpf_iter_create(link2));
	GO_EQ(iter_records(it), 1);
	/* an iterator fd only comes from iter links */
	GO_TRUE(bpf_iter_create(prog) < 0);
out:
	KENV_CLOSE(it);
	KENV_CLOSE(link2);
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	if (skip[0])
		test_skip_absent("%s", skip);
}

/* An iterator bound to one map through iter_info: one record per element. */
KTEST(sys_link_iter_map_elem)
{
	int map = -1, prog = -1, link = -1, it = -1, btf_id, n;
	struct bpf_insn insns[16];
	char skip[160] = "";
	union bpf_iter_link_info li;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .iter_info = &li, .iter_info_len = sizeof(li));
	union kt_link_info info;

	btf_id = kenv_vmlinux_btf_id("bpf_iter_bpf_map_elem", BTF_KIND_FUNC);
	if (btf_id < 0)
		test_skip(true, "no bpf_iter_bpf_map_elem in vmlinux BTF: %s", strerror(-btf_id));
	GO_OK(map = kenv_counter_map(5));
	n = iter_insns(insns, 16); /* ctx->key */
	prog = tracing_prog(insns, n, BPF_TRACE_ITER, btf_id, skip, sizeof(skip));
	if (skip[0])
		goto out;
	GO_OK(prog);
	/* this target needs a map: without iter_info it is refused */
	GO_TRUE(bpf_link_create(prog, 0, BPF_TRACE_ITER, NULL) < 0);
	memset(&li, 0, sizeof(li));
	li.map.map_fd = map;
	GO_OK(link = bpf_link_create(prog, 0, BPF_TRACE_ITER, &lo));
	info = link_info(link);
	GO_EQ(info.base.type, BPF_LINK_TYPE_ITER);
	GO_EQ(info.base.iter.map.map_id, kenv_map_id(map));
	GO_OK(it = bpf_iter_create(link));
	GO_EQ(iter_records(it), 5);
out:
	KENV_CLOSE(it);
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
	if (skip[0])
		test_skip_absent("%s", skip);
}

/* Spin until slot key counts at least min (or ~2 s pass). */
static void spin_until(int map, uint32_t key, uint64_t min)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (kenv_count(map, key) < min && t.tv_sec - t0.tv_sec < 3);
}

KTEST(sys_link_perf_event_cookie)
{
	int map = -1, prog = -1, pfd = -1, link = -1;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .perf_event.bpf_cookie = 0xfeedULL);
	struct kenv_slot s;
	union kt_link_info info;

	pfd = kenv_perf_cpu_clock(100000);
	if (pfd < 0)
		test_skip(true, "perf_event_open(cpu-clock): %s", strerror(-pfd));
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = kenv_counter_prog(BPF_PROG_TYPE_PERF_EVENT, 0, 0, map, 0, 0, 0, true));
	GO_OK(link = bpf_link_create(prog, pfd, BPF_PERF_EVENT, &lo));
	info = link_info(link);
	GO_EQ(info.base.type, BPF_LINK_TYPE_PERF_EVENT);
	GO_EQ(info.perf.kind, KT_PERF_EVENT_EVENT);
	/* (event.type is the PMU's type id, which newer kernels give the
	 * cpu-clock event on their own; only config is checked) */
	GO_EQ(info.perf.event.config, PERF_COUNT_SW_CPU_CLOCK);
	GO_EQ(info.perf.event.cookie, 0xfeedULL);
	spin_until(map, 0, 3);
	s = kenv_slot_read(map, 0);
	GO_GE(s.count, 3);
	GO_EQ(s.cookie, 0xfeedULL);
	/* a perf event takes one program */
	int again = bpf_link_create(prog, pfd, BPF_PERF_EVENT, NULL);

	GO_TRUE(again < 0);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(pfd);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

KTEST(sys_link_tracepoint)
{
	int map = -1, prog = -1, pfd = -1, link = -1, id;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .perf_event.bpf_cookie = 42);
	const char *tp = "sys_enter_getpid";
	char name[64] = "";
	__u32 len = sizeof(name), prog_id = 0, fd_type = 0;
	__u64 off, addr;
	union kt_link_info info;
	struct kenv_slot s;

	if (!test_tracefs())
		test_skip(true, "tracefs not available");
	id = kenv_tracepoint_id("syscalls", tp);
	if (id < 0) {
		tp = "sys_enter";
		id = kenv_tracepoint_id("raw_syscalls", tp);
	}
	if (id < 0)
		test_skip(true, "no syscall tracepoint in tracefs: %s", strerror(-id));
	GO_OK(pfd = kenv_perf_tracepoint(id));
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = self_prog(BPF_PROG_TYPE_TRACEPOINT, 0, 0, map, 0, true));
	GO_OK(link = bpf_link_create(prog, pfd, BPF_PERF_EVENT, &lo));
	some_syscalls(12);
	s = kenv_slot_read(map, 0);
	GO_GE(s.count, 12);
	GO_EQ(s.cookie, 42);

	info = perf_link_info(link, name, sizeof(name));
	GO_EQ(info.base.type, BPF_LINK_TYPE_PERF_EVENT);
	GO_EQ(info.perf.kind, KT_PERF_EVENT_TRACEPOINT);
	GO_TRUE(!strcmp(name, tp));
	GO_EQ(info.perf.tracepoint.cookie, 42);

	/* the perf event fd itself describes its program */
	name[0] = 0;
	GO_OK(bpf_task_fd_query(getpid(), pfd, 0, name, &len, &prog_id, &fd_type, &off, &addr));
	GO_EQ(fd_type, BPF_FD_TYPE_TRACEPOINT);
	GO_EQ(prog_id, kenv_prog_id(prog));
	GO_TRUE(!strcmp(name, tp));

	KENV_CLOSE(link);
	uint64_t before = kenv_count(map, 0);

	some_syscalls(5);
	GO_EQ(kenv_count(map, 0), before);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(pfd);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

/* ---- uprobes ------------------------------------------------------------ */

/* Probe target in this binary; called through a volatile pointer so the
 * calls really happen. */
__attribute__((noinline, used)) int bpfkit_kt_uprobe_target(int x)
{
	asm volatile("" ::: "memory");
	return x + 1;
}

static int (*volatile uprobe_target)(int) = bpfkit_kt_uprobe_target;

KTEST(sys_link_uprobe)
{
	int map = -1, prog = -1, pfd = -1, link = -1;
	char path[512];
	uint64_t off;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .perf_event.bpf_cookie = 0x0b0e);
	struct kenv_slot s;
	union kt_link_info info;
	char name[512];
	__u32 len = sizeof(name), prog_id = 0, fd_type = 0;
	__u64 poff = 0, addr;

	if (!kenv_has_uprobes())
		test_skip(true, "no uprobe PMU (/sys/bus/event_source/devices/uprobe)");
	GO_OK(kenv_addr_to_file_offset((void *)bpfkit_kt_uprobe_target, path, sizeof(path), &off));
	GO_OK(pfd = kenv_perf_uprobe(path, off));
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = kenv_counter_prog(BPF_PROG_TYPE_KPROBE, 0, 0, map, 0, 0, 0, true));
	GO_OK(link = bpf_link_create(prog, pfd, BPF_PERF_EVENT, &lo));
	for (int i = 0; i < 5; i++)
		uprobe_target(i);
	s = kenv_slot_read(map, 0);
	GO_EQ(s.count, 5);
	GO_EQ(s.cookie, 0x0b0e);

	info = perf_link_info(link, name, sizeof(name));
	GO_EQ(info.perf.kind, KT_PERF_EVENT_UPROBE);
	GO_EQ(info.perf.uprobe.offset, off);
	GO_EQ(info.perf.uprobe.cookie, 0x0b0e);
	GO_TRUE(!strcmp(name, path));

	name[0] = 0;
	GO_OK(bpf_task_fd_query(getpid(), pfd, 0, name, &len, &prog_id, &fd_type, &poff, &addr));
	GO_EQ(fd_type, BPF_FD_TYPE_UPROBE);
	GO_EQ(poff, off);
	GO_EQ(prog_id, kenv_prog_id(prog));
	GO_TRUE(!strcmp(name, path));
	KENV_CLOSE(link);
	uprobe_target(0);
	GO_EQ(kenv_count(map, 0), 5);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(pfd);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

KTEST(sys_link_uprobe_multi)
{
	int map = -1, prog = -1, link = -1;
	char path[512];
	uint64_t off;
	unsigned long offs[1];
	__u64 cookies[1] = { 0x3117 };
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	union kt_link_info info;
	struct kenv_slot s;

	GO_OK(kenv_addr_to_file_offset((void *)bpfkit_kt_uprobe_target, path, sizeof(path), &off));
	offs[0] = off;
	lo.uprobe_multi.path = path;
	lo.uprobe_multi.offsets = offs;
	lo.uprobe_multi.cookies = cookies;
	lo.uprobe_multi.cnt = 1;
	lo.uprobe_multi.pid = getpid();
	GO_OK(map = kenv_counter_map(1));
	prog = kenv_counter_prog(BPF_PROG_TYPE_KPROBE, BPFKIT_BPF_TRACE_UPROBE_MULTI, 0, map, 0, 0,
				 0, true);
	if (prog == -EINVAL) {
		KENV_CLOSE(map);
		test_skip(true, "kernel rejects BPF_TRACE_UPROBE_MULTI programs");
	}
	GO_OK(prog);
	link = bpf_link_create(prog, 0, BPFKIT_BPF_TRACE_UPROBE_MULTI, &lo);
	if (link == -EOPNOTSUPP || link == -ENOTSUP) {
		KENV_CLOSE(prog);
		KENV_CLOSE(map);
		test_skip(true, "uprobe_multi links not supported: %s", strerror(-link));
	}
	GO_OK(link);
	info = link_info(link);
	GO_EQ(info.base.type, BPFKIT_BPF_LINK_TYPE_UPROBE_MULTI);
	GO_EQ(info.uprobe_multi.count, 1);
	GO_EQ(info.uprobe_multi.pid, getpid());
	for (int i = 0; i < 4; i++)
		uprobe_target(i);
	s = kenv_slot_read(map, 0);
	GO_EQ(s.count, 4);
	GO_EQ(s.cookie, 0x3117);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

/* ---- kprobes and fentry: only where the kernel has them ------------------ */

KTEST(sys_link_kprobe_multi)
{
	int map = -1, prog = -1, link = -1;
	const char *syms[] = { "__x64_sys_getpid" };
	LIBBPF_OPTS(bpf_link_create_opts, lo, .kprobe_multi.syms = syms, .kprobe_multi.cnt = 1);

	if (!kenv_has_kprobes())
		test_skip_absent("kernel built without kprobes (no kprobe PMU)");
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = self_prog(BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, 0, map, 0, false));
	GO_OK(link = bpf_link_create(prog, 0, BPF_TRACE_KPROBE_MULTI, &lo));
	some_syscalls(5);
	GO_GE(kenv_count(map, 0), 5);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

KTEST(sys_link_kprobe_perf)
{
	int map = -1, prog = -1, pfd = -1, link = -1;

	if (!kenv_has_kprobes())
		test_skip_absent("kernel built without kprobes (no kprobe PMU)");
	GO_OK(pfd = kenv_perf_kprobe("__x64_sys_getpid"));
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = self_prog(BPF_PROG_TYPE_KPROBE, 0, 0, map, 0, false));
	GO_OK(link = bpf_link_create(prog, pfd, BPF_PERF_EVENT, NULL));
	some_syscalls(5);
	GO_GE(kenv_count(map, 0), 5);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(pfd);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

KTEST(sys_link_fentry)
{
	int map = -1, prog = -1, link = -1, btf_id;
	struct bpf_insn insns[32];
	char why[160];

	if (kenv_tracing_refused(why, sizeof(why)))
		test_skip_absent("%s", why);
	btf_id = kenv_vmlinux_btf_id("bpf_fentry_test1", BTF_KIND_FUNC);
	GO_OK(btf_id);
	GO_OK(map = kenv_counter_map(1));
	int n = kenv_counter_insns(insns, map, 0, 0, getpid(), false);

	GO_OK(prog = kenv_prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, btf_id, insns, n));
	GO_OK(link = bpf_link_create(prog, 0, BPF_TRACE_FENTRY, NULL));
	GO_EQ(link_info(link).base.type, BPF_LINK_TYPE_TRACING);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

/* ---- link ids, fds, pins, errors ---------------------------------------- */

static int raw_tp_link(int *prog, int map)
{
	*prog = self_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0, map, 0, false);
	if (*prog < 0)
		return *prog;
	return bpf_raw_tracepoint_open("sys_enter", *prog);
}

KTEST(sys_link_get_by_id)
{
	int map = -1, prog = -1, link = -1, fd = -1, fd2 = -1;
	__u32 id, cur = 0, next;
	bool found = false;
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, go);

	GO_OK(map = kenv_counter_map(1));
	GO_OK(link = raw_tp_link(&prog, map));
	GO_NE(id = kenv_link_id(link), 0);

	/* walk every link id: ours is among them, in increasing order */
	while (!found && bpf_link_get_next_id(cur, &next) == 0) {
		GO_GT(next, cur);
		found = next == id;
		cur = next;
	}
	GO_TRUE(found);

	GO_OK(fd = bpf_link_get_fd_by_id(id));
	GO_TRUE(fd > 2 && fd != link);
	GO_EQ(kenv_link_id(fd), id);
	GO_EQ(link_info(fd).base.prog_id, kenv_prog_id(prog));
	GO_OK(fd2 = bpf_link_get_fd_by_id_opts(id, &go));
	GO_EQ(kenv_link_id(fd2), id);
	go.open_flags = 1u << 20;
	GO_ERR(bpf_link_get_fd_by_id_opts(id, &go), EINVAL);

	/* the link lives while any fd holds it */
	KENV_CLOSE(link);
	KENV_CLOSE(fd2);
	some_syscalls(3);
	GO_GE(kenv_count(map, 0), 3);
	KENV_CLOSE(fd);
	GO_ERR(bpf_link_get_fd_by_id(id), ENOENT);
	/* past the last id; ids at or above INT_MAX are refused */
	GO_ERR(bpf_link_get_next_id(INT32_MAX - 1, &next), ENOENT);
	GO_ERR(bpf_link_get_next_id(UINT32_MAX, &next), EINVAL);
out:
	KENV_CLOSE(fd);
	KENV_CLOSE(fd2);
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

KTEST(sys_link_pin)
{
	int map = -1, prog = -1, link = -1, got = -1;
	char path[512];
	__u32 id;

	snprintf(path, sizeof(path), "%s/link-%d", test_pin_dir(), (int)getpid());
	GO_OK(map = kenv_counter_map(1));
	GO_OK(link = raw_tp_link(&prog, map));
	id = kenv_link_id(link);
	GO_OK(bpf_obj_pin(link, path));
	KENV_CLOSE(link);

	/* the pin keeps the link attached without any fd */
	uint64_t before = kenv_count(map, 0);

	some_syscalls(4);
	GO_GE(kenv_count(map, 0), before + 4);
	GO_OK(got = bpf_obj_get(path));
	GO_EQ(kenv_link_id(got), id);
	GO_EQ(link_info(got).base.type, BPF_LINK_TYPE_RAW_TRACEPOINT);
	KENV_CLOSE(got);
	GO_OK(unlink(path));
	GO_ERR(bpf_link_get_fd_by_id(id), ENOENT);
out:
	unlink(path);
	KENV_CLOSE(got);
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
}

KTEST(sys_link_create_errors)
{
	struct kenv_cgroup cg;
	int map = -1, prog = -1, fd = -1;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = cg_prog(map, 0));
	GO_ERR(bpf_link_create(100000, cg.fd, EGRESS, NULL), EBADF);
	GO_ERR(bpf_link_create(-1, cg.fd, EGRESS, NULL), EBADF);
	/* a map fd where a program belongs */
	GO_ERR(bpf_link_create(map, cg.fd, EGRESS, NULL), EINVAL);
	/* attach type that does not fit the program type */
	GO_ERR(bpf_link_create(prog, cg.fd, BPF_XDP, NULL), EINVAL);
	/* a cgroup link on something that is not a cgroup */
	GO_OK(fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC));
	errno = 0;
	int r = bpf_link_create(prog, fd, EGRESS, NULL);

	GO_TRUE(r < 0 && errno == -r);
	GO_ERR(bpf_iter_create(100000), EBADF);
out:
	KENV_CLOSE(fd);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}
