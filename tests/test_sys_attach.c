// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel tests of the attach side of <bpf/bpf.h>: bpf_prog_attach/detach,
 * bpf_prog_query(_opts) on a private cgroup, bpf_task_fd_query and
 * bpf_enable_stats. Every test checks the effect (packets counted, query
 * contents), not just return codes. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "kenv.h"
#include "insn.h"
#include "test.h"
#include "uapi_compat.h"

#define EGRESS BPF_CGROUP_INET_EGRESS

/* cgroup_skb egress counter on slot key; returns 1 (let the packet go). */
static int cg_prog(int map_fd, uint32_t key)
{
	return kenv_counter_prog(BPF_PROG_TYPE_CGROUP_SKB, EGRESS, 0, map_fd, key, 1, 0, false);
}


KTEST(sys_attach_cgroup_query_detach)
{
	struct kenv_cgroup cg;
	int map = -1, prog = -1;
	__u32 ids[4], cnt = 4, flags = 99;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(prog = cg_prog(map, 0));

	GO_OK(bpf_prog_attach(prog, cg.fd, EGRESS, 0));
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 1);
	GO_EQ(ids[0], kenv_prog_id(prog));
	GO_EQ(flags, 0);

	/* the program really runs for traffic of the cgroup's members */
	GO_EQ(kenv_cgroup_udp(&cg, 5), 0);
	GO_GE(kenv_count(map, 0), 5);

	GO_OK(bpf_prog_detach(cg.fd, EGRESS));
	cnt = 4;
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 0);
	uint64_t before = kenv_count(map, 0);

	GO_EQ(kenv_cgroup_udp(&cg, 3), 0);
	GO_EQ(kenv_count(map, 0), before);
out:
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_attach_cgroup_allow_multi)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1;
	__u32 ids[4], cnt = 4, flags = 0;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 1));

	GO_OK(bpf_prog_attach(p1, cg.fd, EGRESS, BPF_F_ALLOW_MULTI));
	GO_OK(bpf_prog_attach(p2, cg.fd, EGRESS, BPF_F_ALLOW_MULTI));
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 2);
	GO_EQ(flags, BPF_F_ALLOW_MULTI);
	GO_EQ(ids[0], kenv_prog_id(p1));
	GO_EQ(ids[1], kenv_prog_id(p2));

	GO_EQ(kenv_cgroup_udp(&cg, 4), 0);
	GO_GE(kenv_count(map, 0), 4);
	GO_GE(kenv_count(map, 1), 4);

	/* detach2 removes just the named program */
	GO_OK(bpf_prog_detach2(p1, cg.fd, EGRESS));
	cnt = 4;
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 1);
	GO_EQ(ids[0], kenv_prog_id(p2));
	uint64_t c0 = kenv_count(map, 0), c1 = kenv_count(map, 1);

	GO_EQ(kenv_cgroup_udp(&cg, 2), 0);
	GO_EQ(kenv_count(map, 0), c0);
	GO_GE(kenv_count(map, 1), c1 + 2);
	GO_OK(bpf_prog_detach2(p2, cg.fd, EGRESS));
out:
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_attach_query_opts)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1;
	__u32 ids[4] = { 0 }, aflags[4] = { 0 };
	LIBBPF_OPTS(bpf_prog_query_opts, q);

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(2));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 1));
	GO_OK(bpf_prog_attach(p1, cg.fd, EGRESS, BPF_F_ALLOW_MULTI));
	GO_OK(bpf_prog_attach(p2, cg.fd, EGRESS, BPF_F_ALLOW_MULTI));

	/* without arrays: only the count comes back */
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	GO_EQ(q.count, 2);
	GO_EQ(q.attach_flags, BPF_F_ALLOW_MULTI);

	/* effective query with per-program flags */
	q.prog_ids = ids;
	q.prog_attach_flags = aflags;
	q.prog_cnt = 4;
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	GO_EQ(q.prog_cnt, 2);
	GO_EQ(ids[0], kenv_prog_id(p1));
	GO_EQ(ids[1], kenv_prog_id(p2));

	/* room for one only: -ENOSPC, but the total count is reported */
	memset(ids, 0, sizeof(ids));
	q.prog_attach_flags = NULL;
	q.prog_cnt = 1;
	GO_ERR(bpf_prog_query_opts(cg.fd, EGRESS, &q), ENOSPC);
	GO_EQ(q.prog_cnt, 2);
	GO_EQ(ids[0], kenv_prog_id(p1));

	/* BPF_F_QUERY_EFFECTIVE on the same cgroup sees both as well */
	LIBBPF_OPTS_RESET(q, .query_flags = BPF_F_QUERY_EFFECTIVE, .prog_ids = ids, .count = 4);
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	GO_EQ(q.count, 2);
out:
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_attach_replace)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1, p3 = -1;
	__u32 ids[4], cnt = 4, flags;
	LIBBPF_OPTS(bpf_prog_attach_opts, o, .flags = BPF_F_ALLOW_MULTI | BPF_F_REPLACE);

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(3));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 1));
	GO_OK(p3 = cg_prog(map, 2));
	GO_OK(bpf_prog_attach(p1, cg.fd, EGRESS, BPF_F_ALLOW_MULTI));

	/* replacing a program that is not attached fails */
	o.replace_prog_fd = p3;
	GO_TRUE(bpf_prog_attach_opts(p2, cg.fd, EGRESS, &o) < 0);

	o.replace_prog_fd = p1;
	GO_OK(bpf_prog_attach_opts(p2, cg.fd, EGRESS, &o));
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 1);
	GO_EQ(ids[0], kenv_prog_id(p2));

	GO_EQ(kenv_cgroup_udp(&cg, 3), 0);
	GO_EQ(kenv_count(map, 0), 0);
	GO_GE(kenv_count(map, 1), 3);
out:
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(p3);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_attach_detach_opts)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1;
	__u32 cnt = 0, flags;
	LIBBPF_OPTS(bpf_prog_detach_opts, d);

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(1));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(bpf_prog_attach(p1, cg.fd, EGRESS, BPF_F_ALLOW_MULTI));
	GO_OK(bpf_prog_detach_opts(p1, cg.fd, EGRESS, &d));
	GO_OK(bpf_prog_query(cg.fd, EGRESS, 0, &flags, NULL, &cnt));
	GO_EQ(cnt, 0);
	/* second detach: nothing left to detach */
	GO_TRUE(bpf_prog_detach_opts(p1, cg.fd, EGRESS, &d) < 0);
out:
	KENV_CLOSE(p1);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_attach_query_empty_cgroup)
{
	struct kenv_cgroup cg;
	__u32 ids[2] = { 7, 7 }, cnt = 2, flags = 77;
	LIBBPF_OPTS(bpf_prog_query_opts, q, .prog_ids = ids, .count = 2);

	kenv_cgroup_or_skip(&cg);
	GO_OK(bpf_prog_query(cg.fd, BPF_CGROUP_INET_INGRESS, 0, &flags, ids, &cnt));
	GO_EQ(cnt, 0);
	GO_EQ(flags, 0);
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	GO_EQ(q.count, 0);
out:
	kenv_cgroup_destroy(&cg);
}

KTEST(sys_attach_errors)
{
	struct kenv_cgroup cg;
	int map = -1, prog = -1, fd = -1;
	__u32 cnt = 0;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(1));
	GO_OK(prog = cg_prog(map, 0));
	GO_OK(fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC));

	/* a regular file is no attach target: the kernel's error comes back
	 * as a negative return with errno set to match */
	errno = 0;
	int r = bpf_prog_attach(prog, fd, EGRESS, 0);

	GO_TRUE(r < 0 && errno == -r);
	/* a map fd is not a program */
	errno = 0;
	r = bpf_prog_attach(map, cg.fd, EGRESS, 0);
	GO_TRUE(r < 0 && errno == -r);
	GO_ERR(bpf_prog_attach(prog, 100000, EGRESS, 0), EBADF);
	/* detach with nothing attached */
	GO_ERR(bpf_prog_detach(cg.fd, EGRESS), ENOENT);
	GO_ERR(bpf_prog_detach2(prog, cg.fd, EGRESS), ENOENT);
	/* query of something that is not a cgroup */
	errno = 0;
	r = bpf_prog_query(fd, EGRESS, 0, NULL, NULL, &cnt);
	GO_TRUE(r < 0 && errno == -r);
out:
	KENV_CLOSE(fd);
	KENV_CLOSE(prog);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
}

/* A socket filter that only returns 0, for test runs. */
static int trivial_prog(void)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	return kenv_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0, insns, 2);
}

static struct bpf_prog_info prog_info(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	bpf_prog_get_info_by_fd(fd, &info, &len);
	return info;
}

static int run_prog(int fd, int repeat)
{
	char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = repeat);

	return bpf_prog_test_run_opts(fd, &t);
}

/* The fd BPF_ENABLE_STATS hands out is the kernel's "bpf-stats" anon inode. */
static bool is_stats_fd(int fd)
{
	char path[64], target[64] = "";

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (readlink(path, target, sizeof(target) - 1) < 0)
		return false;
	return !strcmp(target, "anon_inode:bpf-stats");
}

KTEST(sys_attach_enable_stats)
{
	int prog = -1, stats = -1;
	struct bpf_prog_info info;

	GO_OK(prog = trivial_prog());
	/* Whether accounting was off before cannot be checked reliably: any
	 * other process may hold a stats fd. Check that it is on with ours. */
	GO_OK(stats = bpf_enable_stats(BPF_STATS_RUN_TIME));
	GO_TRUE(stats > 2);
	GO_TRUE(fcntl(stats, F_GETFD) & FD_CLOEXEC);
	GO_TRUE(is_stats_fd(stats));
	uint64_t base = prog_info(prog).run_cnt;

	GO_OK(run_prog(prog, 100));
	info = prog_info(prog);
	GO_GE(info.run_cnt, base + 100);
	GO_GT(info.run_time_ns, 0);
	GO_ERR(bpf_enable_stats(12345), EINVAL);
out:
	KENV_CLOSE(stats);
	KENV_CLOSE(prog);
}

/* Raw tracepoint program that returns 0. */
static int raw_tp_prog(void)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	return kenv_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0, insns, 2);
}

KTEST(sys_attach_task_fd_query_raw_tp)
{
	int prog = -1, link = -1;
	char buf[64];
	__u32 len = sizeof(buf), prog_id = 0, fd_type = 0;
	__u64 off = 1, addr = 1;

	GO_OK(prog = raw_tp_prog());
	GO_OK(link = bpf_raw_tracepoint_open("sys_enter", prog));
	GO_OK(bpf_task_fd_query(getpid(), link, 0, buf, &len, &prog_id, &fd_type, &off, &addr));
	GO_TRUE(!strcmp(buf, "sys_enter"));
	GO_EQ(len, strlen("sys_enter"));
	GO_EQ(fd_type, BPF_FD_TYPE_RAW_TRACEPOINT);
	GO_EQ(prog_id, kenv_prog_id(prog));
	GO_EQ(off, 0);
	GO_EQ(addr, 0);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
}

KTEST(sys_attach_task_fd_query_small_buf)
{
	int prog = -1, link = -1;
	char buf[4] = "xyz";
	__u32 len = sizeof(buf), prog_id = 0, fd_type = 0;
	__u64 off, addr;

	GO_OK(prog = raw_tp_prog());
	GO_OK(link = bpf_raw_tracepoint_open("sys_enter", prog));
	/* too small: -ENOSPC, truncated name, and the full length reported */
	GO_ERR(bpf_task_fd_query(getpid(), link, 0, buf, &len, &prog_id, &fd_type, &off, &addr),
	       ENOSPC);
	GO_EQ(len, strlen("sys_enter"));
	GO_TRUE(!strcmp(buf, "sys"));
	/* no buffer at all: just the length */
	len = 0;
	GO_OK(bpf_task_fd_query(getpid(), link, 0, NULL, &len, &prog_id, &fd_type, &off, &addr));
	GO_EQ(len, strlen("sys_enter"));
	GO_EQ(fd_type, BPF_FD_TYPE_RAW_TRACEPOINT);
out:
	KENV_CLOSE(link);
	KENV_CLOSE(prog);
}

KTEST(sys_attach_task_fd_query_errors)
{
	int fds[2] = { -1, -1 };
	char buf[32];
	__u32 len = sizeof(buf), prog_id, fd_type;
	__u64 off, addr;

	GO_OK(pipe2(fds, O_CLOEXEC));
	/* an fd with no BPF program behind it */
	errno = 0;
	int r = bpf_task_fd_query(getpid(), fds[0], 0, buf, &len, &prog_id, &fd_type, &off, &addr);

	GO_TRUE(r < 0 && errno == -r);
	GO_ERR(bpf_task_fd_query(getpid(), 100000, 0, buf, &len, &prog_id, &fd_type, &off, &addr),
	       EBADF);
	/* flags must be zero */
	errno = 0;
	r = bpf_task_fd_query(getpid(), fds[0], 1, buf, &len, &prog_id, &fd_type, &off, &addr);
	GO_TRUE(r < 0 && errno == -r);
out:
	KENV_CLOSE(fds[0]);
	KENV_CLOSE(fds[1]);
}

/* Linux 6.16+ orders cgroup programs with the mprog flags (BPF_F_BEFORE,
 * BPF_F_AFTER, BPF_F_ID) and reports a revision. */
KTEST(sys_attach_cgroup_order_revision)
{
	struct kenv_cgroup cg;
	int map = -1, p1 = -1, p2 = -1, p3 = -1, r;
	__u32 ids[4] = { 0 };
	__u64 rev0;
	LIBBPF_OPTS(bpf_prog_query_opts, q);
	LIBBPF_OPTS(bpf_prog_attach_opts, o);
	LIBBPF_OPTS(bpf_prog_detach_opts, d);
	bool unsupported = false;

	kenv_cgroup_or_skip(&cg);
	GO_OK(map = kenv_counter_map(3));
	GO_OK(p1 = cg_prog(map, 0));
	GO_OK(p2 = cg_prog(map, 1));
	GO_OK(p3 = cg_prog(map, 2));
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	rev0 = q.revision;
	GO_OK(bpf_prog_attach(p1, cg.fd, EGRESS, BPF_F_ALLOW_MULTI));

	/* p2 in front of p1, named by fd */
	LIBBPF_OPTS_RESET(o, .flags = BPF_F_ALLOW_MULTI | BPFKIT_BPF_F_BEFORE, .relative_fd = p1);
	r = bpf_prog_attach_opts(p2, cg.fd, EGRESS, &o);
	if (r == -EINVAL && !rev0) {
		unsupported = true;
		goto out;
	}
	GO_OK(r);
	/* p3 after p1, named by id */
	LIBBPF_OPTS_RESET(o, .flags = BPF_F_ALLOW_MULTI | BPFKIT_BPF_F_AFTER | BPFKIT_BPF_F_ID,
			  .relative_id = kenv_prog_id(p1));
	GO_OK(bpf_prog_attach_opts(p3, cg.fd, EGRESS, &o));

	LIBBPF_OPTS_RESET(q, .prog_ids = ids, .count = 4);
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	GO_EQ(q.count, 3);
	GO_EQ(ids[0], kenv_prog_id(p2));
	GO_EQ(ids[1], kenv_prog_id(p1));
	GO_EQ(ids[2], kenv_prog_id(p3));
	GO_EQ(q.revision, rev0 + 3);

	/* a stale expected_revision is refused and changes nothing */
	d.expected_revision = rev0;
	GO_ERR(bpf_prog_detach_opts(p1, cg.fd, EGRESS, &d), ESTALE);
	GO_OK(bpf_prog_detach2(p1, cg.fd, EGRESS));
	LIBBPF_OPTS_RESET(q, .prog_ids = ids, .count = 4);
	GO_OK(bpf_prog_query_opts(cg.fd, EGRESS, &q));
	GO_EQ(q.count, 2);
	GO_EQ(q.revision, rev0 + 4);
out:
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(p3);
	KENV_CLOSE(map);
	kenv_cgroup_destroy(&cg);
	if (unsupported)
		test_skip(true, "kernel does not order cgroup programs (BPF_F_BEFORE: EINVAL)");
}

/* tcx also takes plain (link-less) attachments, addressed by ifindex. */
KTEST(sys_attach_tcx_opts)
{
	struct kenv_netns ns;
	char why[256];
	int map = -1, p1 = -1, p2 = -1, p3 = -1;
	__u32 ids[4] = { 0 }, lids[4] = { 9, 9, 9, 9 };
	LIBBPF_OPTS(bpf_prog_query_opts, q);
	LIBBPF_OPTS(bpf_prog_attach_opts, o);
	LIBBPF_OPTS(bpf_prog_detach_opts, d);
	const int ingress = BPFKIT_BPF_TCX_INGRESS;

	if (kenv_netns_enter(&ns, why, sizeof(why)))
		test_skip(true, "%s", why);
	GO_OK(map = kenv_counter_map(3));
	/* each returns TCX_NEXT (-1) so the whole chain runs */
	GO_OK(p1 = kenv_counter_prog(BPF_PROG_TYPE_SCHED_CLS, 0, 0, map, 0, -1, 0, false));
	GO_OK(p2 = kenv_counter_prog(BPF_PROG_TYPE_SCHED_CLS, 0, 0, map, 1, -1, 0, false));
	GO_OK(p3 = kenv_counter_prog(BPF_PROG_TYPE_SCHED_CLS, 0, 0, map, 2, -1, 0, false));
	GO_OK(bpf_prog_query_opts(ns.ifindex0, ingress, &q));
	__u64 rev0 = q.revision;

	o.expected_revision = rev0;
	GO_OK(bpf_prog_attach_opts(p1, ns.ifindex0, ingress, &o));
	/* p2 after p1 */
	LIBBPF_OPTS_RESET(o, .flags = BPFKIT_BPF_F_AFTER, .relative_fd = p1);
	GO_OK(bpf_prog_attach_opts(p2, ns.ifindex0, ingress, &o));

	LIBBPF_OPTS_RESET(q, .prog_ids = ids, .link_ids = lids, .count = 4);
	GO_OK(bpf_prog_query_opts(ns.ifindex0, ingress, &q));
	GO_EQ(q.count, 2);
	GO_EQ(q.revision, rev0 + 2);
	GO_EQ(ids[0], kenv_prog_id(p1));
	GO_EQ(ids[1], kenv_prog_id(p2));
	GO_EQ(lids[0], 0); /* no links involved */
	GO_EQ(lids[1], 0);

	GO_EQ(kenv_send_frames(ns.ifindex1, 4), 4);
	GO_GE(kenv_wait_count(map, 0, 4), 4);
	GO_GE(kenv_wait_count(map, 1, 4), 4);
	kenv_settle();
	GO_EQ(kenv_slot_read(map, 0).count, 4);
	GO_EQ(kenv_slot_read(map, 1).count, 4);

	/* swap p1 for p3 in place */
	LIBBPF_OPTS_RESET(o, .flags = BPF_F_REPLACE, .replace_prog_fd = p1);
	GO_OK(bpf_prog_attach_opts(p3, ns.ifindex0, ingress, &o));
	/* a stale revision on detach is refused */
	d.expected_revision = rev0;
	GO_ERR(bpf_prog_detach_opts(p2, ns.ifindex0, ingress, &d), ESTALE);
	LIBBPF_OPTS_RESET(d);
	GO_OK(bpf_prog_detach_opts(p2, ns.ifindex0, ingress, &d));

	LIBBPF_OPTS_RESET(q, .prog_ids = ids, .count = 4);
	GO_OK(bpf_prog_query_opts(ns.ifindex0, ingress, &q));
	GO_EQ(q.count, 1);
	GO_EQ(ids[0], kenv_prog_id(p3));
	GO_EQ(kenv_send_frames(ns.ifindex1, 2), 2);
	GO_GE(kenv_wait_count(map, 2, 2), 2);
	kenv_settle();
	GO_EQ(kenv_slot_read(map, 0).count, 4);
	GO_EQ(kenv_slot_read(map, 1).count, 4);
	GO_EQ(kenv_slot_read(map, 2).count, 2);
	GO_OK(bpf_prog_detach_opts(p3, ns.ifindex0, ingress, NULL));
	LIBBPF_OPTS_RESET(q);
	GO_OK(bpf_prog_query_opts(ns.ifindex0, ingress, &q));
	GO_EQ(q.count, 0);
out:
	KENV_CLOSE(p1);
	KENV_CLOSE(p2);
	KENV_CLOSE(p3);
	KENV_CLOSE(map);
	kenv_netns_leave(&ns);
}
