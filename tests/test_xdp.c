// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_xdp_attach/detach/query/query_id over rtnetlink, on a veth pair in a
 * private netns: programs from tests/progs/xdp_count.bpf.c count the test
 * frames, so every attach and detach is checked by its effect on traffic
 * as well as by what the kernel reports.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "netlink_ref.h"
#include "test.h"

/* NETDEV_XDP_ACT_BASIC of the netdev family (not in the 6.1 uapi). */
#define XDP_ACT_BASIC 1

struct xdp_env {
	struct kenv_netns ns;
	struct bpf_object *obj;
	int a, b;	/* program fds (owned by obj) */
	__u32 id_a, id_b;
	int hits;	/* counter map fd (owned by obj) */
};

static int env_open(struct xdp_env *e)
{
	memset(e, 0, sizeof(*e));
	kenv_netns_or_skip(&e->ns);
	e->obj = bpf_object__open_file(test_obj_path("xdp_count"), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	e->a = bpf_program__fd(bpf_object__find_program_by_name(e->obj, "xdp_count_a"));
	e->b = bpf_program__fd(bpf_object__find_program_by_name(e->obj, "xdp_count_b"));
	e->hits = bpf_map__fd(bpf_object__find_map_by_name(e->obj, "hits"));
	e->id_a = kenv_prog_id(e->a);
	e->id_b = kenv_prog_id(e->b);
	return e->a >= 0 && e->b >= 0 && e->hits >= 0 && e->id_a && e->id_b ? 0 : -1;
}

static void env_close(struct xdp_env *e)
{
	bpf_object__close(e->obj);
	kenv_netns_leave(&e->ns);
}

static __u64 hits(struct xdp_env *e, __u32 slot)
{
	__u64 v = 0;

	bpf_map_lookup_elem(e->hits, &slot, &v);
	return v;
}

/* Wait (bounded) until slot counts at least want. */
static __u64 wait_hits(struct xdp_env *e, __u32 slot, __u64 want)
{
	__u64 v = 0;

	for (int i = 0; i < 2000 && (v = hits(e, slot)) < want; i++)
		usleep(1000);
	return v;
}

/* Log lines captured while a call runs, to check the kernel's message. */
static char logbuf[4096];

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t n = strlen(logbuf);

	(void)level;
	if (n < sizeof(logbuf) - 1)
		vsnprintf(logbuf + n, sizeof(logbuf) - n, fmt, ap);
	return 0;
}

TEST(xdp_args_checked)
{
	struct {
		struct bpf_xdp_attach_opts o;
		long tail;
	} big = { .o.sz = sizeof(big), .tail = 1 };
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	libbpf_print_fn_t old = libbpf_set_print(NULL);

	/* unknown flag bits, two modes at once, no output pointer */
	CHECK_EQ(bpf_xdp_query(1, 1u << 20, &q), -EINVAL);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(bpf_xdp_query(1, XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE, &q), -EINVAL);
	CHECK_EQ(bpf_xdp_query_id(1, 0, NULL), -EINVAL);
	/* a newer caller's opts with a non-zero unknown tail */
	CHECK_EQ(bpf_xdp_attach(1, 3, 0, &big.o), -EINVAL);
	CHECK_EQ(bpf_xdp_detach(1, 0, &big.o), -EINVAL);
	libbpf_set_print(old);
}

/* What bpf_xdp_query and bpf_xdp_query_id report for ifindex; records
 * every mismatch and returns whether all matched. */
static bool check_query(int ifindex, __u8 mode, __u32 id, __u32 drv, __u32 skb)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u32 qid = 77, qdrv = 77, qskb = 77;
	int bad = 0;

	if (!CHECK(bpf_xdp_query(ifindex, 0, &q) == 0, "errno %d", errno) ||
	    !CHECK(bpf_xdp_query_id(ifindex, 0, &qid) == 0, "errno %d", errno) ||
	    !CHECK(bpf_xdp_query_id(ifindex, XDP_FLAGS_DRV_MODE, &qdrv) == 0, "errno %d", errno) ||
	    !CHECK(bpf_xdp_query_id(ifindex, XDP_FLAGS_SKB_MODE, &qskb) == 0, "errno %d", errno))
		return false;
	bad += !CHECK(q.attach_mode == mode, "%u vs %u", q.attach_mode, mode);
	bad += !CHECK(q.prog_id == id, "%u vs %u", q.prog_id, id);
	bad += !CHECK(q.drv_prog_id == drv, "%u vs %u", q.drv_prog_id, drv);
	bad += !CHECK(q.skb_prog_id == skb, "%u vs %u", q.skb_prog_id, skb);
	bad += !CHECK(q.hw_prog_id == 0, "%u", q.hw_prog_id);
	bad += !CHECK(qid == id, "%u vs %u", qid, id);
	bad += !CHECK(qdrv == drv, "%u vs %u", qdrv, drv);
	bad += !CHECK(qskb == skb, "%u vs %u", qskb, skb);
	return !bad;
}

/* Attach, replace (checked by old_prog_fd) and detach in one mode. */
static void xdp_mode_cycle(__u32 mode)
{
	bool skb = mode == XDP_FLAGS_SKB_MODE;
	__u8 attached = skb ? XDP_ATTACHED_SKB : XDP_ATTACHED_DRV;
	LIBBPF_OPTS(bpf_xdp_attach_opts, ao);
	libbpf_print_fn_t old = NULL;
	struct xdp_env e;
	int rx;

	if (env_open(&e)) {
		test_fail(__FILE__, __LINE__, "cannot load xdp_count (errno %d)", errno);
		goto out;
	}
	rx = e.ns.ifindex1;
	GO_TRUE(check_query(rx, XDP_ATTACHED_NONE, 0, 0, 0));

	GO_OK(bpf_xdp_attach(rx, e.a, mode, NULL));
	GO_TRUE(check_query(rx, attached, e.id_a, skb ? 0 : e.id_a, skb ? e.id_a : 0));
	/* frames sent from the peer run the program on the receive side */
	GO_EQ(kenv_send_frames(e.ns.ifindex0, 5), 5);
	GO_EQ(wait_hits(&e, 0, 5), 5);

	/* a second attach with UPDATE_IF_NOEXIST is refused */
	logbuf[0] = 0;
	old = libbpf_set_print(capture_print);
	GO_ERR(bpf_xdp_attach(rx, e.b, mode | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL), EBUSY);
	/* a replace that names the wrong current program too */
	ao.old_prog_fd = e.b;
	GO_ERR(bpf_xdp_attach(rx, e.b, mode, &ao), EEXIST);
	libbpf_set_print(old);
	old = NULL;
	test_log("captured: %s", logbuf);
	/* the failures were logged with the kernel's own explanation */
	GO_TRUE(strstr(logbuf, "XDP attach to ifindex") != NULL);
	GO_TRUE(strstr(logbuf, "(kernel: ") != NULL);
	GO_TRUE(check_query(rx, attached, e.id_a, skb ? 0 : e.id_a, skb ? e.id_a : 0));

	/* the right old program: replaced in place */
	ao.old_prog_fd = e.a;
	GO_OK(bpf_xdp_attach(rx, e.b, mode, &ao));
	GO_TRUE(check_query(rx, attached, e.id_b, skb ? 0 : e.id_b, skb ? e.id_b : 0));
	GO_EQ(kenv_send_frames(e.ns.ifindex0, 3), 3);
	GO_EQ(wait_hits(&e, 1, 3), 3);
	GO_EQ(hits(&e, 0), 5);

	/* detach with a wrong expected program fails, the right one works */
	ao.old_prog_fd = e.a;
	old = libbpf_set_print(NULL);
	GO_ERR(bpf_xdp_detach(rx, mode, &ao), EEXIST);
	libbpf_set_print(old);
	old = NULL;
	ao.old_prog_fd = e.b;
	GO_OK(bpf_xdp_detach(rx, mode, &ao));
	GO_TRUE(check_query(rx, XDP_ATTACHED_NONE, 0, 0, 0));
	GO_EQ(kenv_send_frames(e.ns.ifindex0, 4), 4);
	kenv_settle();
	GO_EQ(hits(&e, 1), 3);
	GO_EQ(hits(&e, 0), 5);
out:
	if (old)
		libbpf_set_print(old);
	env_close(&e);
}

KTEST(xdp_skb_mode)
{
	xdp_mode_cycle(XDP_FLAGS_SKB_MODE);
}

KTEST(xdp_native_mode)
{
	xdp_mode_cycle(XDP_FLAGS_DRV_MODE);
}

/* Without a mode flag the kernel picks native where the driver has it. */
KTEST(xdp_default_mode_and_plain_detach)
{
	struct xdp_env e;

	if (env_open(&e)) {
		test_fail(__FILE__, __LINE__, "cannot load xdp_count (errno %d)", errno);
		goto out;
	}
	GO_OK(bpf_xdp_attach(e.ns.ifindex1, e.a, 0, NULL));
	GO_TRUE(check_query(e.ns.ifindex1, XDP_ATTACHED_DRV, e.id_a, e.id_a, 0));
	/* a plain attach replaces without checks */
	GO_OK(bpf_xdp_attach(e.ns.ifindex1, e.b, 0, NULL));
	GO_TRUE(check_query(e.ns.ifindex1, XDP_ATTACHED_DRV, e.id_b, e.id_b, 0));
	GO_OK(bpf_xdp_detach(e.ns.ifindex1, 0, NULL));
	GO_TRUE(check_query(e.ns.ifindex1, XDP_ATTACHED_NONE, 0, 0, 0));
	/* detaching nothing is not an error */
	GO_OK(bpf_xdp_detach(e.ns.ifindex1, 0, NULL));
out:
	env_close(&e);
}

KTEST(xdp_query_features)
{
	struct {
		struct bpf_xdp_query_opts q;
		char guard[16];
	} old_caller;
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	libbpf_print_fn_t old;
	struct xdp_env e;
	__u32 id;

	if (env_open(&e)) {
		test_fail(__FILE__, __LINE__, "cannot load xdp_count (errno %d)", errno);
		goto out;
	}
	GO_OK(bpf_xdp_attach(e.ns.ifindex0, e.a, XDP_FLAGS_SKB_MODE, NULL));
	q.feature_flags = ~0ull;
	q.xdp_zc_max_segs = ~0u;
	GO_OK(bpf_xdp_query(e.ns.ifindex0, 0, &q));
	GO_EQ(q.attach_mode, XDP_ATTACHED_SKB);
	GO_EQ(q.skb_prog_id, e.id_a);
	test_log("veth xdp features 0x%llx zc_max_segs %u\n",
		 (unsigned long long)q.feature_flags, q.xdp_zc_max_segs);
	/* this kernel has the netdev family: veth reports at least BASIC */
	GO_TRUE(q.feature_flags != ~0ull);
	GO_TRUE(q.feature_flags & XDP_ACT_BASIC);
	GO_TRUE(q.xdp_zc_max_segs != ~0u);

	/* a caller built against the 1.1 header (opts end at attach_mode):
	 * nothing is written past its struct */
	memset(&old_caller, 0xab, sizeof(old_caller));
	old_caller.q.sz = offsetof(struct bpf_xdp_query_opts, feature_flags);
	GO_OK(bpf_xdp_query(e.ns.ifindex0, XDP_FLAGS_SKB_MODE, &old_caller.q));
	GO_EQ(old_caller.q.skb_prog_id, e.id_a);
	GO_EQ(old_caller.q.attach_mode, XDP_ATTACHED_SKB);
	GO_EQ((__u8)old_caller.guard[0], 0xab);
	GO_EQ(old_caller.q.feature_flags, 0xababababababababull);

	/* a device that is not there */
	old = libbpf_set_print(NULL);
	GO_ERR(bpf_xdp_query(1 << 30, 0, &q), ENODEV);
	GO_ERR(bpf_xdp_query_id(1 << 30, 0, &id), ENODEV);
	GO_ERR(bpf_xdp_attach(1 << 30, e.a, XDP_FLAGS_SKB_MODE, NULL), ENODEV);
	libbpf_set_print(old);
	GO_OK(bpf_xdp_detach(e.ns.ifindex0, XDP_FLAGS_SKB_MODE, NULL));
out:
	env_close(&e);
}

/* Generic and native mode are exclusive on one device. */
KTEST(xdp_modes_exclusive)
{
	libbpf_print_fn_t old = NULL;
	struct xdp_env e;

	if (env_open(&e)) {
		test_fail(__FILE__, __LINE__, "cannot load xdp_count (errno %d)", errno);
		goto out;
	}
	GO_OK(bpf_xdp_attach(e.ns.ifindex1, e.a, XDP_FLAGS_SKB_MODE, NULL));
	old = libbpf_set_print(NULL);
	GO_ERR(bpf_xdp_attach(e.ns.ifindex1, e.b, XDP_FLAGS_DRV_MODE, NULL), EEXIST);
	libbpf_set_print(old);
	old = NULL;
	GO_TRUE(check_query(e.ns.ifindex1, XDP_ATTACHED_SKB, e.id_a, 0, e.id_a));
out:
	if (old)
		libbpf_set_print(old);
	env_close(&e);
}

/* Debian's libbpf reads back what we attach, in both modes. */
KTEST(xdp_matches_system_libbpf)
{
	char dir[] = "/tmp/bpfkit-xdpref-XXXXXX", line[128], want[128];
	struct xdp_env e;

	ref_build(dir);
	if (env_open(&e)) {
		test_fail(__FILE__, __LINE__, "cannot load xdp_count (errno %d)", errno);
		goto out;
	}
	GO_TRUE(ref_run(line, sizeof(line), "xdp-query %d", e.ns.ifindex1));
	GO_TRUE(!strcmp(line, "mode=0 id=0 drv=0 skb=0"));
	GO_OK(bpf_xdp_attach(e.ns.ifindex1, e.a, XDP_FLAGS_SKB_MODE, NULL));
	GO_TRUE(ref_run(line, sizeof(line), "xdp-query %d", e.ns.ifindex1));
	snprintf(want, sizeof(want), "mode=%d id=%u drv=0 skb=%u", XDP_ATTACHED_SKB, e.id_a,
		 e.id_a);
	GO_TRUE(!strcmp(line, want));
	GO_OK(bpf_xdp_detach(e.ns.ifindex1, XDP_FLAGS_SKB_MODE, NULL));
	GO_OK(bpf_xdp_attach(e.ns.ifindex0, e.b, XDP_FLAGS_DRV_MODE, NULL));
	GO_TRUE(ref_run(line, sizeof(line), "xdp-query %d", e.ns.ifindex0));
	snprintf(want, sizeof(want), "mode=%d id=%u drv=%u skb=0", XDP_ATTACHED_DRV, e.id_b,
		 e.id_b);
	GO_TRUE(!strcmp(line, want));
	GO_OK(bpf_xdp_detach(e.ns.ifindex0, XDP_FLAGS_DRV_MODE, NULL));
out:
	env_close(&e);
	ref_clean(dir);
}
