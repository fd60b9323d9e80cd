// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_tc_hook_create/destroy, bpf_tc_attach/detach/query over rtnetlink,
 * on a veth pair in a private netns. Programs of tests/progs/tc_count.bpf.c
 * count the test frames in their own slot, so each attach, replace and
 * detach is checked by its effect on traffic. Debian's libbpf (through
 * tests/ref/ref_netlink.c, built at run time) reads back what we attach
 * and attaches what we read back.
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

struct tc_env {
	struct kenv_netns ns;
	struct bpf_object *obj;
	int prog[3];	/* tc_count_a/b/c (owned by obj) */
	__u32 id[3];
	int hits;	/* counter map (owned by obj) */
};

static int env_open(struct tc_env *e)
{
	static const char *const names[] = { "tc_count_a", "tc_count_b", "tc_count_c" };

	memset(e, 0, sizeof(*e));
	kenv_netns_or_skip(&e->ns);
	e->obj = bpf_object__open_file(test_obj_path("tc_count"), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	for (int i = 0; i < 3; i++) {
		e->prog[i] = bpf_program__fd(bpf_object__find_program_by_name(e->obj, names[i]));
		e->id[i] = kenv_prog_id(e->prog[i]);
		if (e->prog[i] < 0 || !e->id[i])
			return -1;
	}
	e->hits = bpf_map__fd(bpf_object__find_map_by_name(e->obj, "hits"));
	return e->hits >= 0 ? 0 : -1;
}

static void env_close(struct tc_env *e)
{
	bpf_object__close(e->obj);
	kenv_netns_leave(&e->ns);
}

static __u64 hits(struct tc_env *e, __u32 slot)
{
	__u64 v = 0;

	bpf_map_lookup_elem(e->hits, &slot, &v);
	return v;
}

static __u64 wait_hits(struct tc_env *e, __u32 slot, __u64 want)
{
	__u64 v = 0;

	for (int i = 0; i < 2000 && (v = hits(e, slot)) < want; i++)
		usleep(1000);
	return v;
}

/* prog_id of the filter handle/prio on the hook, or negative errno. */
static long long query_id(const struct bpf_tc_hook *hook, __u32 handle, __u32 prio)
{
	LIBBPF_OPTS(bpf_tc_opts, q, .handle = handle, .priority = prio);
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	int err = bpf_tc_query(hook, &q);

	libbpf_set_print(old);
	return err ? err : (long long)q.prog_id;
}

/* Log lines captured with their level. */
static char log_warn[2048], log_debug[2048];

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *buf = level == LIBBPF_WARN ? log_warn : log_debug;
	size_t n = strlen(buf);

	if (n < sizeof(log_warn) - 1)
		vsnprintf(buf + n, sizeof(log_warn) - n, fmt, ap);
	return 0;
}

TEST(tc_args_checked)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = 1, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = 3, .handle = 1, .priority = 1);
	LIBBPF_OPTS(bpf_tc_opts, hp, .handle = 1, .priority = 1);
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	struct bpf_tc_hook bad = hook;

	CHECK_EQ(bpf_tc_hook_create(NULL), -EINVAL);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(bpf_tc_attach(NULL, &opts), -EINVAL);
	CHECK_EQ(bpf_tc_attach(&hook, NULL), -EINVAL);
	CHECK_EQ(bpf_tc_detach(&hook, NULL), -EINVAL);
	CHECK_EQ(bpf_tc_query(&hook, NULL), -EINVAL);

	bad.ifindex = 0;
	CHECK_EQ(bpf_tc_hook_create(&bad), -EINVAL);
	CHECK_EQ(bpf_tc_hook_destroy(&bad), -EINVAL);
	CHECK_EQ(bpf_tc_attach(&bad, &opts), -EINVAL);
	/* qdiscs other than clsact are the caller's business */
	bad = hook;
	bad.attach_point = BPF_TC_CUSTOM;
	CHECK_EQ(bpf_tc_hook_create(&bad), -EOPNOTSUPP);
	CHECK_EQ(errno, EOPNOTSUPP);
	CHECK_EQ(bpf_tc_hook_destroy(&bad), -EOPNOTSUPP);
	/* a custom hook needs its parent, ingress/egress must not have one */
	CHECK_EQ(bpf_tc_attach(&bad, &opts), -EINVAL);
	bad = hook;
	bad.parent = BPF_TC_PARENT(1, 0);
	CHECK_EQ(bpf_tc_attach(&bad, &opts), -EINVAL);
	bad = hook;
	bad.attach_point = 0;
	CHECK_EQ(bpf_tc_hook_create(&bad), -EINVAL);
	CHECK_EQ(bpf_tc_hook_destroy(&bad), -EINVAL);
	bad.attach_point = 8;
	CHECK_EQ(bpf_tc_attach(&bad, &opts), -EINVAL);

	/* attach: a program, no id, known flags, a 16-bit priority */
	opts.prog_fd = 0;
	CHECK_EQ(bpf_tc_attach(&hook, &opts), -EINVAL);
	/* a bad fd is found when its name is looked up, as in libbpf: the
	 * error is the kernel's (EBADF, or EBADFD on newer kernels) */
	opts.prog_fd = -1;
	int r = bpf_tc_attach(&hook, &opts);

	CHECK(r < 0 && r != -EINVAL && errno == -r, "got %d, errno %d", r, errno);
	opts.prog_fd = 3;
	opts.prog_id = 42;
	CHECK_EQ(bpf_tc_attach(&hook, &opts), -EINVAL);
	opts.prog_id = 0;
	opts.flags = 2;
	CHECK_EQ(bpf_tc_attach(&hook, &opts), -EINVAL);
	opts.flags = 0;
	opts.priority = 0x10000;
	CHECK_EQ(bpf_tc_attach(&hook, &opts), -EINVAL);

	/* detach/query: exactly handle and priority */
	hp.handle = 0;
	CHECK_EQ(bpf_tc_detach(&hook, &hp), -EINVAL);
	CHECK_EQ(bpf_tc_query(&hook, &hp), -EINVAL);
	hp.handle = 1;
	hp.priority = 0;
	CHECK_EQ(bpf_tc_detach(&hook, &hp), -EINVAL);
	CHECK_EQ(bpf_tc_query(&hook, &hp), -EINVAL);
	hp.priority = 1;
	hp.prog_fd = 3;
	CHECK_EQ(bpf_tc_detach(&hook, &hp), -EINVAL);
	CHECK_EQ(bpf_tc_query(&hook, &hp), -EINVAL);
	hp.prog_fd = 0;
	hp.prog_id = 5;
	CHECK_EQ(bpf_tc_query(&hook, &hp), -EINVAL);
	hp.prog_id = 0;
	hp.flags = BPF_TC_F_REPLACE;
	CHECK_EQ(bpf_tc_detach(&hook, &hp), -EINVAL);
	hp.flags = 0;
	hp.priority = 0x10000;
	CHECK_EQ(bpf_tc_query(&hook, &hp), -EINVAL);
	libbpf_set_print(old);
}

KTEST(tc_hook_create_destroy)
{
	LIBBPF_OPTS(bpf_tc_hook, in, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_hook, both, .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	libbpf_print_fn_t old = NULL;
	struct kenv_netns ns;
	struct bpf_tc_hook eg;

	kenv_netns_or_skip(&ns);
	in.ifindex = both.ifindex = ns.ifindex0;
	eg = in;
	eg.attach_point = BPF_TC_EGRESS;
	GO_OK(bpf_tc_hook_create(&in));
	log_warn[0] = log_debug[0] = 0;
	old = libbpf_set_print(capture_print);
	/* one clsact qdisc serves both sides: it exists for either. Callers
	 * expect that answer, so it is only a debug line */
	GO_ERR(bpf_tc_hook_create(&in), EEXIST);
	GO_TRUE(log_warn[0] == 0);
	GO_TRUE(strstr(log_debug, "create clsact qdisc of ifindex") != NULL);
	/* a real failure is a warning, with the kernel's words */
	eg.ifindex = 1 << 30;
	GO_ERR(bpf_tc_hook_create(&eg), ENODEV);
	eg.ifindex = ns.ifindex0;
	test_log("warn: %s", log_warn);
	GO_TRUE(strstr(log_warn, "create clsact qdisc of ifindex") != NULL);
	GO_ERR(bpf_tc_hook_create(&eg), EEXIST);
	GO_ERR(bpf_tc_hook_create(&both), EEXIST);
	libbpf_set_print(old);
	old = NULL;
	GO_OK(bpf_tc_hook_destroy(&both));
	/* gone: can be made again, from the egress side this time */
	GO_OK(bpf_tc_hook_create(&eg));
	GO_OK(bpf_tc_hook_destroy(&both));
	old = libbpf_set_print(NULL);
	GO_TRUE(bpf_tc_hook_destroy(&both) < 0);
	libbpf_set_print(old);
	old = NULL;
	GO_OK(bpf_tc_hook_create(&both));
	GO_OK(bpf_tc_hook_destroy(&both));
out:
	if (old)
		libbpf_set_print(old);
	kenv_netns_leave(&ns);
}

KTEST(tc_attach_query_replace_detach)
{
	LIBBPF_OPTS(bpf_tc_hook, in, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_hook, eg, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_hook, both, .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, ia, .handle = 1, .priority = 1);
	LIBBPF_OPTS(bpf_tc_opts, ea);
	LIBBPF_OPTS(bpf_tc_opts, hp, .handle = 1, .priority = 1);
	libbpf_print_fn_t old = NULL;
	struct tc_env e;

	if (env_open(&e)) {
		test_fail(__FILE__, __LINE__, "cannot load tc_count (errno %d)", errno);
		goto out;
	}
	/* egress of veth0 sees the frames we send, ingress of veth1 gets them */
	eg.ifindex = e.ns.ifindex0;
	in.ifindex = e.ns.ifindex1;
	both.ifindex = e.ns.ifindex1;
	GO_OK(bpf_tc_hook_create(&in));
	GO_OK(bpf_tc_hook_create(&eg));

	ia.prog_fd = e.prog[0];
	GO_OK(bpf_tc_attach(&in, &ia));
	GO_EQ(ia.prog_id, e.id[0]);
	GO_EQ(ia.handle, 1);
	GO_EQ(ia.priority, 1);
	/* zero handle and priority: the kernel picks and we report them */
	ea.prog_fd = e.prog[1];
	GO_OK(bpf_tc_attach(&eg, &ea));
	GO_EQ(ea.prog_id, e.id[1]);
	GO_NE(ea.handle, 0);
	GO_NE(ea.priority, 0);
	test_log("kernel picked handle 0x%x prio %u\n", ea.handle, ea.priority);

	GO_EQ(query_id(&in, 1, 1), e.id[0]);
	GO_EQ(query_id(&eg, ea.handle, ea.priority), e.id[1]);
	/* the sides are separate */
	GO_EQ(query_id(&eg, 1, 1) < 0 || ea.handle == 1, 1);

	GO_EQ(kenv_send_frames(e.ns.ifindex0, 6), 6);
	GO_EQ(wait_hits(&e, 1, 6), 6);
	GO_EQ(wait_hits(&e, 0, 6), 6);

	/* same handle/priority again: only with BPF_TC_F_REPLACE */
	ia.prog_fd = e.prog[2];
	ia.prog_id = 0;
	old = libbpf_set_print(NULL);
	GO_ERR(bpf_tc_attach(&in, &ia), EEXIST);
	libbpf_set_print(old);
	old = NULL;
	GO_EQ(query_id(&in, 1, 1), e.id[0]);
	ia.flags = BPF_TC_F_REPLACE;
	GO_OK(bpf_tc_attach(&in, &ia));
	GO_EQ(ia.prog_id, e.id[2]);
	GO_EQ(query_id(&in, 1, 1), e.id[2]);
	GO_EQ(kenv_send_frames(e.ns.ifindex0, 2), 2);
	GO_EQ(wait_hits(&e, 2, 2), 2);
	kenv_settle();
	GO_EQ(hits(&e, 0), 6);

	/* detach: the filter is gone, and with it the counting. A filter
	 * still there on the side keeps its chain: a missing one is ENOENT */
	hp.handle = 2;
	hp.prog_fd = e.prog[0];
	GO_OK(bpf_tc_attach(&in, &hp));
	hp.prog_fd = 0;
	hp.prog_id = 0;
	hp.handle = 1;
	GO_OK(bpf_tc_detach(&in, &hp));
	GO_EQ(query_id(&in, 1, 1), -ENOENT);
	GO_EQ(query_id(&in, 2, 1), e.id[0]);
	old = libbpf_set_print(NULL);
	GO_ERR(bpf_tc_detach(&in, &hp), ENOENT);
	hp.handle = 2;
	GO_OK(bpf_tc_detach(&in, &hp));
	/* the last filter took the chain along: for a query of it the
	 * kernel (and so libbpf, see tc_matches_system_libbpf) says EINVAL,
	 * for a delete ENOENT */
	GO_ERR(bpf_tc_detach(&in, &hp), ENOENT);
	libbpf_set_print(old);
	old = NULL;
	GO_EQ(query_id(&in, 2, 1), -EINVAL);
	GO_EQ(kenv_send_frames(e.ns.ifindex0, 3), 3);
	GO_EQ(wait_hits(&e, 1, 11), 11);
	kenv_settle();
	GO_EQ(hits(&e, 2), 2);
	GO_EQ(hits(&e, 0), 6);

	/* destroying one side flushes its filters and keeps the qdisc */
	ia.flags = 0;
	ia.prog_id = 0;
	ia.prog_fd = e.prog[0];
	GO_OK(bpf_tc_attach(&in, &ia));
	hp.handle = 2;
	hp.prog_fd = e.prog[2];
	GO_OK(bpf_tc_attach(&in, &hp));
	GO_OK(bpf_tc_hook_destroy(&in));
	GO_EQ(query_id(&in, 1, 1), -EINVAL);
	GO_EQ(query_id(&in, 2, 1), -EINVAL);
	GO_EQ(query_id(&eg, ea.handle, ea.priority), e.id[1]);
	old = libbpf_set_print(NULL);
	GO_ERR(bpf_tc_hook_create(&in), EEXIST);
	libbpf_set_print(old);
	old = NULL;

	/* destroying both sides takes the qdisc and every filter */
	ia.prog_id = 0;
	GO_OK(bpf_tc_attach(&in, &ia));
	GO_OK(bpf_tc_hook_destroy(&both));
	/* no qdisc, no filter: the kernel says EINVAL ("Parent Qdisc
	 * doesn't exists"); the traffic proves it */
	GO_EQ(query_id(&in, 1, 1), -EINVAL);
	GO_EQ(query_id(&eg, ea.handle, ea.priority), e.id[1]);
	GO_OK(bpf_tc_hook_create(&in));
	GO_EQ(query_id(&in, 1, 1), -EINVAL);
	eg.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
	GO_OK(bpf_tc_hook_destroy(&eg));
	eg.attach_point = BPF_TC_EGRESS;
	GO_EQ(query_id(&eg, ea.handle, ea.priority), -EINVAL);
	GO_OK(bpf_tc_hook_destroy(&both));
	GO_EQ(kenv_send_frames(e.ns.ifindex0, 5), 5);
	kenv_settle();
	GO_EQ(hits(&e, 0), 6);
	GO_EQ(hits(&e, 1), 11);
	GO_EQ(hits(&e, 2), 2);
out:
	if (old)
		libbpf_set_print(old);
	env_close(&e);
}

/* ---- against Debian's libbpf ------------------------------------------- */

KTEST(tc_matches_system_libbpf)
{
	LIBBPF_OPTS(bpf_tc_hook, in, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_hook, eg, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, o);
	LIBBPF_OPTS(bpf_tc_opts, hp, .handle = 7, .priority = 3);
	char dir[] = "/tmp/bpfkit-tcref-XXXXXX", line[128], want[128];
	unsigned int h = 0, p = 0, id = 0;
	struct tc_env e;

	ref_build(dir);
	if (env_open(&e)) {
		test_fail(__FILE__, __LINE__, "cannot load tc_count (errno %d)", errno);
		goto out;
	}
	in.ifindex = e.ns.ifindex1;
	eg.ifindex = e.ns.ifindex0;
	GO_OK(bpf_tc_hook_create(&in));
	GO_OK(bpf_tc_hook_create(&eg));

	/* libbpf attaches, we read it back and see it count */
	GO_TRUE(ref_run(line, sizeof(line), "tc-attach %d in %u 7 3", in.ifindex, e.id[0]));
	snprintf(want, sizeof(want), "handle=7 prio=3 id=%u", e.id[0]);
	GO_TRUE(!strcmp(line, want));
	GO_EQ(query_id(&in, 7, 3), e.id[0]);
	GO_EQ(kenv_send_frames(e.ns.ifindex0, 4), 4);
	GO_EQ(wait_hits(&e, 0, 4), 4);

	/* we attach with kernel-picked handle/priority, libbpf reads it */
	o.prog_fd = e.prog[1];
	GO_OK(bpf_tc_attach(&eg, &o));
	GO_TRUE(ref_run(line, sizeof(line), "tc-query %d out %u %u", eg.ifindex, o.handle,
			o.priority));
	snprintf(want, sizeof(want), "id=%u", e.id[1]);
	GO_TRUE(!strcmp(line, want));
	/* both answer a missing filter alike */
	GO_TRUE(ref_run(line, sizeof(line), "tc-query %d out 99 9", eg.ifindex));
	snprintf(want, sizeof(want), "err=%lld", query_id(&eg, 99, 9));
	GO_TRUE(!strcmp(line, want));

	/* libbpf's kernel-picked values are where we look them up */
	GO_TRUE(ref_run(line, sizeof(line), "tc-attach %d out %u 0 0", eg.ifindex, e.id[2]));
	GO_EQ(sscanf(line, "handle=%u prio=%u id=%u", &h, &p, &id), 3);
	GO_EQ(id, e.id[2]);
	GO_EQ(query_id(&eg, h, p), e.id[2]);

	/* libbpf detaches what we attached */
	GO_TRUE(ref_run(line, sizeof(line), "tc-detach %d out %u %u", eg.ifindex, o.handle,
			o.priority));
	GO_TRUE(!strcmp(line, "ok"));
	GO_EQ(query_id(&eg, o.handle, o.priority), -ENOENT);
	GO_EQ(query_id(&eg, h, p), e.id[2]);
	GO_OK(bpf_tc_detach(&in, &hp));
	/* the last filter of a side took its chain along: the kernel now
	 * says EINVAL ("Cannot find specified filter chain"), for both */
	GO_TRUE(ref_run(line, sizeof(line), "tc-query %d in 7 3", in.ifindex));
	snprintf(want, sizeof(want), "err=%lld", query_id(&in, 7, 3));
	GO_TRUE(!strcmp(line, want));
out:
	env_close(&e);
	ref_clean(dir);
}
