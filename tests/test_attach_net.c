// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Networking and cgroup side of the attach API of <bpf/libbpf.h>: cgroup
 * (plain and with ordering options), XDP, tcx, netkit, netns (sk_lookup),
 * netfilter, sockmap and freplace links. Every test sends real traffic in
 * its own cgroup or private netns and checks a program's counter
 * (tests/progs/attach_net.bpf.c), then that destroy stops it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "test.h"
#include "uapi_compat.h"

#define S_CG 0
#define S_XDP 1
#define S_TCX 2
#define S_LOOKUP 4
#define S_NF 5
#define S_VERDICT 6

struct nenv {
	struct bpf_object *obj;
	int hits;
};

static int nenv_open(struct nenv *e)
{
	struct bpf_program *p;

	e->hits = -1;
	e->obj = bpf_object__open_file(test_obj_path("attach_net"), NULL);
	if (!e->obj)
		return -errno;
	/* also the '?' ones (hidden from libbpf 1.1.2 in the diff test) */
	bpf_object__for_each_program(p, e->obj)
		bpf_program__set_autoload(p, true);
	if (bpf_object__load(e->obj))
		return -errno;
	e->hits = bpf_object__find_map_fd_by_name(e->obj, "hits");
	return e->hits < 0 ? -ENOENT : 0;
}

static struct bpf_program *prog_of(struct nenv *e, const char *name)
{
	return bpf_object__find_program_by_name(e->obj, name);
}

KTEST(attach_cgroup)
{
	struct kenv_cgroup cg;
	struct nenv e = {};
	struct bpf_link *l = NULL;

	kenv_cgroup_or_skip(&cg);
	GO_OK(nenv_open(&e));
	GO_TRUE((l = bpf_program__attach_cgroup(prog_of(&e, "cg_egress"), cg.fd)) != NULL);
	GO_EQ(kenv_cgroup_udp(&cg, 3), 0);
	GO_EQ(kenv_count(e.hits, S_CG), 3);
	/* traffic outside the cgroup is not seen */
	GO_EQ(kenv_udp_loopback(2), 2);
	GO_EQ(kenv_count(e.hits, S_CG), 3);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(kenv_cgroup_udp(&cg, 3), 0);
	GO_EQ(kenv_count(e.hits, S_CG), 3);
	/* a program for another hook is refused by the kernel (sk_lookup
	 * wants a netns fd) */
	l = bpf_program__attach_cgroup(prog_of(&e, "lookup_count"), cg.fd);
	GO_TRUE(l == NULL && errno == EINVAL);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_cgroup_destroy(&cg);
}

static __u64 cg_hits(int map, __u32 key)
{
	__u64 v = 0;

	bpf_map_lookup_elem(map, &key, &v);
	return v;
}

/* Linux 6.16+ ordering of cgroup links: before/after an anchor, and the
 * expected revision of the hook. */
KTEST(attach_cgroup_opts)
{
	struct kenv_cgroup cg;
	struct bpf_object *obj = NULL;
	struct bpf_program *a, *b;
	struct bpf_link *la = NULL, *lb = NULL, *bad = NULL;
	LIBBPF_OPTS(bpf_prog_query_opts, q);
	LIBBPF_OPTS(bpf_cgroup_opts, o);
	__u32 ids[4] = { 0 };
	int hits;
	__u64 rev0;

	kenv_cgroup_or_skip(&cg);
	obj = bpf_object__open_file(test_obj_path("link_cg"), NULL);
	GO_TRUE(obj && !bpf_object__load(obj));
	a = bpf_object__find_program_by_name(obj, "count_a");
	b = bpf_object__find_program_by_name(obj, "count_b");
	hits = bpf_object__find_map_fd_by_name(obj, "hits");
	GO_TRUE(a && b && hits >= 0);
	GO_OK(bpf_prog_query_opts(cg.fd, BPF_CGROUP_INET_EGRESS, &q));
	rev0 = q.revision;
	if (!rev0)
		test_skip(true, "kernel reports no cgroup hook revision (needs Linux 6.16+)");

	/* a stale revision is refused and attaches nothing */
	o.expected_revision = rev0 + 7;
	bad = bpf_program__attach_cgroup_opts(a, cg.fd, &o);
	GO_TRUE(bad == NULL && errno == ESTALE);
	LIBBPF_OPTS_RESET(o, .expected_revision = rev0);
	GO_TRUE((la = bpf_program__attach_cgroup_opts(a, cg.fd, &o)) != NULL);
	/* b in front of a, a named by its link (cgroups anchor on links) */
	LIBBPF_OPTS_RESET(o, .flags = BPFKIT_BPF_F_BEFORE | BPFKIT_BPF_F_LINK,
			  .relative_fd = bpf_link__fd(la));
	GO_TRUE((lb = bpf_program__attach_cgroup_opts(b, cg.fd, &o)) != NULL);
	LIBBPF_OPTS_RESET(q, .prog_ids = ids, .count = 4);
	GO_OK(bpf_prog_query_opts(cg.fd, BPF_CGROUP_INET_EGRESS, &q));
	GO_EQ(q.count, 2);
	GO_EQ(ids[0], kenv_prog_id(bpf_program__fd(b)));
	GO_EQ(ids[1], kenv_prog_id(bpf_program__fd(a)));
	GO_EQ(q.revision, rev0 + 2);
	GO_EQ(kenv_cgroup_udp(&cg, 2), 0);
	GO_EQ(cg_hits(hits, 0), 2);
	GO_EQ(cg_hits(hits, 1), 2);

	/* an anchor by fd and by id at once is refused before the kernel */
	LIBBPF_OPTS_RESET(o, .flags = BPFKIT_BPF_F_AFTER, .relative_fd = bpf_program__fd(a),
			  .relative_id = 1);
	bad = bpf_program__attach_cgroup_opts(b, cg.fd, &o);
	GO_TRUE(bad == NULL && errno == EINVAL);
	/* no options: plain link */
	GO_OK(bpf_link__destroy(lb));
	lb = bpf_program__attach_cgroup_opts(b, cg.fd, NULL);
	GO_TRUE(lb != NULL);
out:
	bpf_link__destroy(bad);
	bpf_link__destroy(la);
	bpf_link__destroy(lb);
	bpf_object__close(obj);
	kenv_cgroup_destroy(&cg);
}

KTEST(attach_xdp)
{
	struct kenv_netns ns;
	struct nenv e = {};
	struct bpf_link *l = NULL;
	__u64 seen;

	kenv_netns_or_skip(&ns);
	GO_OK(nenv_open(&e));
	GO_TRUE((l = bpf_program__attach_xdp(prog_of(&e, "xdp_count"), ns.ifindex0)) != NULL);
	GO_EQ(kenv_send_frames(ns.ifindex1, 5), 5);
	GO_GE(seen = kenv_wait_count(e.hits, S_XDP, 5), 5);
	/* one XDP link per device */
	struct bpf_link *l2 = bpf_program__attach_xdp(prog_of(&e, "xdp_count"), ns.ifindex0);

	GO_TRUE(l2 == NULL && errno == EBUSY);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(kenv_send_frames(ns.ifindex1, 5), 5);
	kenv_settle();
	GO_EQ(kenv_count(e.hits, S_XDP), seen);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_netns_leave(&ns);
}

KTEST(attach_tcx)
{
	struct kenv_netns ns;
	struct nenv e = {};
	struct bpf_link *l = NULL, *bad = NULL;
	LIBBPF_OPTS(bpf_tcx_opts, o);
	__u64 seen;

	kenv_netns_or_skip(&ns);
	GO_OK(nenv_open(&e));
	bad = bpf_program__attach_tcx(prog_of(&e, "tcx_count"), 0, NULL);
	GO_TRUE(bad == NULL && errno == EINVAL);
	o.relative_fd = 5;
	o.relative_id = 5;
	bad = bpf_program__attach_tcx(prog_of(&e, "tcx_count"), ns.ifindex0, &o);
	GO_TRUE(bad == NULL && errno == EINVAL);
	LIBBPF_OPTS_RESET(o, .expected_revision = 999999);
	bad = bpf_program__attach_tcx(prog_of(&e, "tcx_count"), ns.ifindex0, &o);
	GO_TRUE(bad == NULL && errno == ESTALE);

	GO_TRUE((l = bpf_program__attach_tcx(prog_of(&e, "tcx_count"), ns.ifindex0, NULL)) != NULL);
	GO_EQ(kenv_send_frames(ns.ifindex1, 4), 4);
	GO_GE(seen = kenv_wait_count(e.hits, S_TCX, 4), 4);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(kenv_send_frames(ns.ifindex1, 4), 4);
	kenv_settle();
	GO_EQ(kenv_count(e.hits, S_TCX), seen);
out:
	bpf_link__destroy(bad);
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_netns_leave(&ns);
}

KTEST(attach_netkit)
{
	struct kenv_netns ns;
	struct nenv e = {};
	struct bpf_link *l = NULL;
	char skip[128] = "", name[16], peer[16];
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int err, ifindex;

	kenv_netns_or_skip(&ns);
	GO_OK(nenv_open(&e));
	snprintf(name, sizeof(name), "nk%d", getpid() % 100000);
	snprintf(peer, sizeof(peer), "nkp%d", getpid() % 100000);
	err = kenv_netkit_create(name, peer);
	if (err == -EOPNOTSUPP) {
		snprintf(skip, sizeof(skip), "no netkit devices in this kernel (CONFIG_NETKIT off)");
		goto out;
	}
	GO_OK(err);
	GO_GT(ifindex = kenv_ifindex(name), 0);
	GO_TRUE((l = bpf_program__attach_netkit(prog_of(&e, "netkit_count"), ifindex, NULL)) !=
		NULL);
	memset(&info, 0, sizeof(info));
	GO_OK(bpf_link_get_info_by_fd(bpf_link__fd(l), &info, &len));
	GO_EQ(info.type, BPFKIT_BPF_LINK_TYPE_NETKIT);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_netns_leave(&ns);
	if (skip[0])
		test_skip_absent("%s", skip);
}

/* sk_lookup on the netns: runs for every UDP socket lookup there. */
KTEST(attach_netns)
{
	struct kenv_netns ns;
	struct nenv e = {};
	struct bpf_link *l = NULL;
	int nsfd = -1;
	__u64 seen;

	kenv_netns_or_skip(&ns);
	GO_OK(nenv_open(&e));
	GO_OK(nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
	GO_TRUE((l = bpf_program__attach_netns(prog_of(&e, "lookup_count"), nsfd)) != NULL);
	GO_EQ(kenv_udp_loopback(3), 3);
	GO_GE(seen = kenv_wait_count(e.hits, S_LOOKUP, 3), 3);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(kenv_udp_loopback(3), 3);
	kenv_settle();
	GO_EQ(kenv_count(e.hits, S_LOOKUP), seen);
	/* not a netns fd */
	l = bpf_program__attach_netns(prog_of(&e, "lookup_count"), e.hits);
	GO_TRUE(l == NULL && errno == EINVAL);
out:
	bpf_link__destroy(l);
	KENV_CLOSE(nsfd);
	bpf_object__close(e.obj);
	kenv_netns_leave(&ns);
}

#define NFPROTO_IPV4_ 2
#define NF_INET_LOCAL_OUT_ 3

KTEST(attach_netfilter)
{
	struct kenv_netns ns;
	struct nenv e = {};
	struct bpf_link *l = NULL;
	LIBBPF_OPTS(bpf_netfilter_opts, o, .pf = NFPROTO_IPV4_, .hooknum = NF_INET_LOCAL_OUT_,
		    .priority = -100);
	__u64 seen;

	kenv_netns_or_skip(&ns);
	GO_OK(nenv_open(&e));
	GO_TRUE((l = bpf_program__attach_netfilter(prog_of(&e, "nf_count"), &o)) != NULL);
	GO_EQ(kenv_udp_loopback(3), 3);
	GO_GE(seen = kenv_wait_count(e.hits, S_NF, 3), 3);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(kenv_udp_loopback(3), 3);
	kenv_settle();
	GO_EQ(kenv_count(e.hits, S_NF), seen);
	/* no such hook */
	LIBBPF_OPTS_RESET(o, .pf = NFPROTO_IPV4_, .hooknum = 42);
	l = bpf_program__attach_netfilter(prog_of(&e, "nf_count"), &o);
	GO_TRUE(l == NULL && errno);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_netns_leave(&ns);
}

/* A connected TCP pair over loopback; returns 0 or -errno. */
static int tcp_pair(int *cli, int *acc)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 2 };
	socklen_t len = sizeof(sin);
	int srv;

	*cli = *acc = -1;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv < 0)
		return -errno;
	if (bind(srv, (struct sockaddr *)&sin, sizeof(sin)) || listen(srv, 1) ||
	    getsockname(srv, (struct sockaddr *)&sin, &len))
		goto fail;
	*cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*cli < 0 || connect(*cli, (struct sockaddr *)&sin, sizeof(sin)))
		goto fail;
	*acc = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
	if (*acc < 0 || setsockopt(*acc, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		goto fail;
	close(srv);
	return 0;
fail:
	KENV_CLOSE(*cli);
	KENV_CLOSE(*acc);
	close(srv);
	return -errno;
}

/* A stream verdict program on a sockmap sees the data of its sockets. */
KTEST(attach_sockmap)
{
	struct kenv_netns ns;
	struct nenv e = {};
	struct bpf_link *l = NULL;
	int cli = -1, acc = -1, socks;
	__u32 key = 0;
	__u64 val;
	char buf[16];

	kenv_netns_or_skip(&ns);
	GO_OK(nenv_open(&e));
	socks = bpf_object__find_map_fd_by_name(e.obj, "socks");
	GO_OK(socks);
	GO_TRUE((l = bpf_program__attach_sockmap(prog_of(&e, "verdict_count"), socks)) != NULL);
	GO_OK(tcp_pair(&cli, &acc));
	val = acc;
	GO_OK(bpf_map_update_elem(socks, &key, &val, BPF_ANY));
	GO_EQ(send(cli, "bpfkit", 6, 0), 6);
	GO_EQ(recv(acc, buf, sizeof(buf), 0), 6);
	GO_TRUE(!memcmp(buf, "bpfkit", 6));
	GO_GE(kenv_count(e.hits, S_VERDICT), 1);
	/* a verdict program takes a sockmap, not a plain map */
	struct bpf_link *l2 = bpf_program__attach_sockmap(prog_of(&e, "verdict_count"), e.hits);

	GO_TRUE(l2 == NULL && errno == EINVAL);
out:
	KENV_CLOSE(cli);
	KENV_CLOSE(acc);
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_netns_leave(&ns);
}

/* ---- freplace ------------------------------------------------------------ */

/* Runs the XDP program once on a dummy frame; returns its verdict. */
static int xdp_verdict(int prog_fd)
{
	unsigned char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = pkt, .data_size_in = sizeof(pkt));

	if (bpf_prog_test_run_opts(prog_fd, &t))
		return -errno;
	return t.retval;
}

KTEST(attach_freplace)
{
	struct bpf_object *tobj = NULL, *robj = NULL;
	struct bpf_program *repl, *other;
	struct bpf_link *l = NULL;
	char skip[128] = "";
	int tfd, err;

	tobj = bpf_object__open_file(test_obj_path("attach_ext"), NULL);
	GO_TRUE(tobj && !bpf_object__load(tobj));
	tfd = bpf_program__fd(bpf_object__find_program_by_name(tobj, "target"));
	GO_OK(tfd);
	GO_EQ(xdp_verdict(tfd), XDP_PASS);

	robj = bpf_object__open_file(test_obj_path("attach_ext"), NULL);
	GO_TRUE(robj != NULL);
	repl = bpf_object__find_program_by_name(robj, "repl");
	other = bpf_object__find_program_by_name(robj, "target");
	GO_TRUE(repl && other);
	bpf_program__set_autoload(other, false);
	bpf_program__set_autoload(repl, true);
	GO_OK(bpf_program__set_attach_target(repl, tfd, "pick"));
	err = bpf_object__load(robj);
	if (err == -EPERM) {
		snprintf(skip, sizeof(skip), "kernel refuses freplace program loads (EPERM)");
		goto out;
	}
	GO_OK(err);

	/* by target fd and function name */
	GO_TRUE((l = bpf_program__attach_freplace(repl, tfd, "pick")) != NULL);
	GO_EQ(xdp_verdict(tfd), XDP_DROP);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(xdp_verdict(tfd), XDP_PASS);
	/* the target given at load, through auto-attach */
	GO_TRUE((l = bpf_program__attach(repl)) != NULL);
	GO_EQ(xdp_verdict(tfd), XDP_DROP);
	GO_OK(bpf_link__destroy(l));
	l = NULL;

	/* errors */
	l = bpf_program__attach_freplace(repl, tfd, NULL);
	GO_TRUE(l == NULL && errno == EINVAL);
	l = bpf_program__attach_freplace(repl, tfd, "bpfkit_no_such_func");
	GO_TRUE(l == NULL && errno == ENOENT);
	l = bpf_program__attach_freplace(bpf_object__find_program_by_name(tobj, "target"), tfd,
					 "pick");
	GO_TRUE(l == NULL && errno == EINVAL);
	GO_EQ(xdp_verdict(tfd), XDP_PASS);
out:
	bpf_link__destroy(l);
	bpf_object__close(robj);
	bpf_object__close(tobj);
	if (skip[0])
		test_skip_absent("%s", skip);
}
