// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * SEC() name table: libbpf_prog_type_by_name(), libbpf_attach_type_by_name()
 * and registered handlers. Section names libbpf 1.1.2 knows are checked
 * against the system libbpf itself (tests/ref/ref_secdef.c, built at run
 * time); newer ones against values taken from the kernel's libbpf
 * "Program Types and ELF Sections" documentation and the 6.18 uapi enums.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "sec_def.h"
#include "test.h"

#define ESRCH_RET (-ESRCH)

/* Values newer than the 6.1 uapi headers, spelled out on purpose (ABI
 * positions of enum bpf_prog_type / enum bpf_attach_type in Linux 6.18),
 * so the test does not share constants with the code under test. */
#define PT_NETFILTER 32
#define AT_NETFILTER 45
#define AT_TCX_INGRESS 46
#define AT_TCX_EGRESS 47
#define AT_UPROBE_MULTI 48
#define AT_UNIX_CONNECT 49
#define AT_UNIX_SENDMSG 50
#define AT_UNIX_RECVMSG 51
#define AT_UNIX_GETPEERNAME 52
#define AT_UNIX_GETSOCKNAME 53
#define AT_NETKIT_PRIMARY 54
#define AT_NETKIT_PEER 55
#define AT_KPROBE_SESSION 56
#define AT_UPROBE_SESSION 57

/* Expected answers for one section name: return of prog_type_by_name with
 * the two types, return of attach_type_by_name with the attach type. */
struct expect {
	const char *name;
	int ret1, prog, exp;
	int ret2, att;
};

/* Sections libbpf 1.1.2 predates. "+" forms are listed with and without
 * a "/extra" suffix. */
static const struct expect newer[] = {
	{ "tc/ingress", 0, BPF_PROG_TYPE_SCHED_CLS, AT_TCX_INGRESS, -EINVAL, -1 },
	{ "tc/egress", 0, BPF_PROG_TYPE_SCHED_CLS, AT_TCX_EGRESS, -EINVAL, -1 },
	{ "tcx/ingress", 0, BPF_PROG_TYPE_SCHED_CLS, AT_TCX_INGRESS, -EINVAL, -1 },
	{ "tcx/egress", 0, BPF_PROG_TYPE_SCHED_CLS, AT_TCX_EGRESS, -EINVAL, -1 },
	{ "netkit/primary", 0, BPF_PROG_TYPE_SCHED_CLS, AT_NETKIT_PRIMARY, -EINVAL, -1 },
	{ "netkit/peer", 0, BPF_PROG_TYPE_SCHED_CLS, AT_NETKIT_PEER, -EINVAL, -1 },
	{ "kprobe.session", 0, BPF_PROG_TYPE_KPROBE, AT_KPROBE_SESSION, -EINVAL, -1 },
	{ "kprobe.session/x", 0, BPF_PROG_TYPE_KPROBE, AT_KPROBE_SESSION, -EINVAL, -1 },
	{ "uprobe.multi", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uprobe.multi/x", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uretprobe.multi", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uretprobe.multi/x", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uprobe.multi.s", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uprobe.multi.s/x", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uretprobe.multi.s", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uretprobe.multi.s/x", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_MULTI, -EINVAL, -1 },
	{ "uprobe.session", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_SESSION, -EINVAL, -1 },
	{ "uprobe.session/x", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_SESSION, -EINVAL, -1 },
	{ "uprobe.session.s", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_SESSION, -EINVAL, -1 },
	{ "uprobe.session.s/x", 0, BPF_PROG_TYPE_KPROBE, AT_UPROBE_SESSION, -EINVAL, -1 },
	{ "usdt.s", 0, BPF_PROG_TYPE_KPROBE, 0, -EINVAL, -1 },
	{ "usdt.s/x", 0, BPF_PROG_TYPE_KPROBE, 0, -EINVAL, -1 },
	{ "struct_ops.s", 0, BPF_PROG_TYPE_STRUCT_OPS, 0, -EINVAL, -1 },
	{ "struct_ops.s/x", 0, BPF_PROG_TYPE_STRUCT_OPS, 0, -EINVAL, -1 },
	{ "cgroup/connect_unix", 0, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, AT_UNIX_CONNECT, 0, AT_UNIX_CONNECT },
	{ "cgroup/sendmsg_unix", 0, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, AT_UNIX_SENDMSG, 0, AT_UNIX_SENDMSG },
	{ "cgroup/recvmsg_unix", 0, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, AT_UNIX_RECVMSG, 0, AT_UNIX_RECVMSG },
	{ "cgroup/getpeername_unix", 0, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, AT_UNIX_GETPEERNAME, 0, AT_UNIX_GETPEERNAME },
	{ "cgroup/getsockname_unix", 0, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, AT_UNIX_GETSOCKNAME, 0, AT_UNIX_GETSOCKNAME },
	{ "netfilter", 0, PT_NETFILTER, AT_NETFILTER, -EINVAL, -1 },
	{ "sk_skb/verdict", 0, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_VERDICT, 0, BPF_SK_SKB_VERDICT },
};

/* Extra names for the reference comparison: near misses around the
 * table's names. */
static const char *const edge_names[] = {
	"", "?kprobe/f", "?xdp", "kprobex", "kprobe.", "kprobe.multix", "kprobe.multi.s",
	"kprobe.s/f", "kprobe//", "KPROBE/f", " kprobe/f", "tc/", "tc/ingressx", "tcx",
	"xdp/", "xdp/foo", "xdp.frags/", "socket/", "socket/x", "sk_skb/", "sk_skb/foo",
	"cgroup", "cgroup/", "cgroup/sock/", "cgroup_skb", "fentry.s/f", "fentry.multi/f",
	"lsm/", "lsm.s", "iter/task", "iter.s/task", "raw_tp.w/x", "tp/sched/sched_switch",
	"tracepoint/a/b/c", "usdt/p:q:r", "struct_ops/x", "syscall/", "perf_event/x",
	"sk_reuseport/", "sk_reuseport/select", "action/", "classifier/x", "freplace/f",
	"lsm_cgroup/socket_bind", "uprobe/", "uprobe//bin/sh:main", "ksyscall/bpf",
	"kretsyscall/bpf",
};

static int lookup(const char *name, struct expect *out)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et, at;

	out->name = name;
	out->ret1 = libbpf_prog_type_by_name(name, &pt, &et);
	out->prog = out->ret1 ? -1 : (int)pt;
	out->exp = out->ret1 ? -1 : (int)et;
	out->ret2 = libbpf_attach_type_by_name(name, &at);
	out->att = out->ret2 ? -1 : (int)at;
	return 0;
}

static bool same(const struct expect *a, const struct expect *b)
{
	return a->ret1 == b->ret1 && a->prog == b->prog && a->exp == b->exp &&
	       a->ret2 == b->ret2 && a->att == b->att;
}

static void check_expect(const struct expect *want)
{
	struct expect got;

	lookup(want->name, &got);
	CHECK(same(&got, want), "'%s': got %d/%d/%d %d/%d, want %d/%d/%d %d/%d", want->name,
	      got.ret1, got.prog, got.exp, got.ret2, got.att, want->ret1, want->prog,
	      want->exp, want->ret2, want->att);
}

static const struct expect *find_newer_exact(const char *name)
{
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++) {
		if (!strcmp(newer[i].name, name))
			return &newer[i];
	}
	return NULL;
}

/* Expectation for name: listed as is, or "base/anything" when "base" is a
 * "+" section (listed both bare and as "base/x"). */
static const struct expect *find_newer(const char *name)
{
	const struct expect *e = find_newer_exact(name);
	const char *slash = strchr(name, '/');
	char base[128], with_x[140];

	if (e || !slash || slash - name >= (long)sizeof(base))
		return e;
	snprintf(base, sizeof(base), "%.*s", (int)(slash - name), name);
	snprintf(with_x, sizeof(with_x), "%s/x", base);
	if (!find_newer_exact(with_x))
		return NULL;
	return find_newer_exact(base);
}

/* Every name form of the built-in table, plus the edge names. */
static void write_names(FILE *f)
{
	char pat[128];

	for (size_t i = 0; i < sec_def_builtin_cnt(); i++) {
		const struct sec_def *d = sec_def_builtin(i);

		if (d->match != SEC_MATCH_PREFIX)
			fprintf(f, "%s\n", d->name);
		if (d->match != SEC_MATCH_EXACT)
			fprintf(f, "%s/\n%s/some_target\n", d->name, d->name);
		sec_def_pattern(d, pat, sizeof(pat));
		if (d->match != SEC_MATCH_EXACT)
			fprintf(f, "%s\n", pat); /* "kprobe+" itself is no name */
	}
	for (size_t i = 0; i < sizeof(edge_names) / sizeof(edge_names[0]); i++)
		fprintf(f, "%s\n", edge_names[i]);
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++)
		fprintf(f, "%s\n", newer[i].name);
}

static void rm_tmp(const char *dir)
{
	static const char *const files[] = { "names", "out", "ref", "cc.log" };
	char p[512];

	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Parses "NAME\tr1\tpt\tet\tr2\tat" in place; NAME may be empty. */
static bool parse_ref_line(char *line, struct expect *e)
{
	char *tab = strchr(line, '\t');

	if (!tab)
		return false;
	*tab = '\0';
	e->name = line;
	return sscanf(tab + 1, "%d\t%d\t%d\t%d\t%d", &e->ret1, &e->prog, &e->exp, &e->ret2,
		      &e->att) == 5;
}

/* Compares one reference answer with ours; returns 1 if it was compared
 * against the reference, 0 if it was a name 1.1.2 does not know. */
static int compare_ref(const struct expect *ref)
{
	const struct expect *want = find_newer(ref->name);
	struct expect ours;

	lookup(ref->name, &ours);
	if (ref->ret1 == ESRCH_RET && ours.ret1 != ESRCH_RET) {
		if (!CHECK(want != NULL, "'%s' is unknown to libbpf 1.1.2 but we know it; "
			   "it needs an explicit expectation", ref->name))
			return 0;
		CHECK(same(&ours, want), "'%s': ours %d/%d/%d %d/%d, expected %d/%d/%d %d/%d",
		      ref->name, ours.ret1, ours.prog, ours.exp, ours.ret2, ours.att,
		      want->ret1, want->prog, want->exp, want->ret2, want->att);
		return 0;
	}
	CHECK(same(&ours, ref), "'%s': ours %d/%d/%d %d/%d, libbpf 1.1.2 %d/%d/%d %d/%d",
	      ref->name, ours.ret1, ours.prog, ours.exp, ours.ret2, ours.att, ref->ret1,
	      ref->prog, ref->exp, ref->ret2, ref->att);
	CHECK(find_newer_exact(ref->name) == NULL,
	      "'%s' has an explicit expectation but 1.1.2 knows it", ref->name);
	return 1;
}

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* Writes the name list into dir, runs the reference over it and compares
 * each answer with ours. Returns the number of names compared with the
 * reference, or -1 if a step failed (already reported). */
static int run_reference(const char *dir, int *total)
{
	char cmd[2048], path[512], line[512];
	libbpf_print_fn_t old;
	int compared = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/names", dir);
	f = fopen(path, "w");
	if (!CHECK(f != NULL, "fopen %s", path))
		return -1;
	write_names(f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s/ref < %s/names > %s/out", dir, dir, dir);
	if (!CHECK(system(cmd) == 0, "running the reference failed"))
		return -1;
	snprintf(path, sizeof(path), "%s/out", dir);
	f = fopen(path, "r");
	if (!CHECK(f != NULL, "fopen %s", path))
		return -1;
	old = libbpf_set_print(quiet_print);
	while (fgets(line, sizeof(line), f)) {
		struct expect ref;

		line[strcspn(line, "\n")] = '\0';
		(*total)++;
		if (CHECK(parse_ref_line(line, &ref), "bad reference line '%s'", line))
			compared += compare_ref(&ref);
	}
	libbpf_set_print(old);
	fclose(f);
	return compared;
}

TEST(sec_def_matches_system_libbpf)
{
	char dir[] = "/tmp/bpfkit-secdef-XXXXXX";
	int compared, total = 0;
	char cmd[2048];

	ASSERT(mkdtemp(dir) != NULL, "mkdtemp");
	/* no -Iinclude: the reference must see the system <bpf/libbpf.h> */
	snprintf(cmd, sizeof(cmd), "cc -std=gnu11 -O1 %s -lbpf -o %s/ref 2>%s/cc.log",
		 test_src_path("tests/ref/ref_secdef.c"), dir, dir);
	if (system(cmd) != 0) {
		rm_tmp(dir);
		test_skip(true, "cannot build the reference against the system libbpf");
	}
	compared = run_reference(dir, &total);
	rm_tmp(dir);
	test_log("%d names, %d compared with libbpf 1.1.2\n", total, compared);
	ASSERT_GE(compared, 200);
	ASSERT_GE(total, compared + (int)(sizeof(newer) / sizeof(newer[0])));
}

TEST(sec_def_newer_sections)
{
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++)
		check_expect(&newer[i]);
}

TEST(sec_def_unknown_names)
{
	static const char *const unknown[] = {
		"", "foo", "kprobex", "kprobe.multix", "xdp/", "socket/x", "tc/ingress/x",
		"cgroup", "sk_skb/", "fentry.multi/f", "Kprobe/f", "struct_opsx",
	};
	enum bpf_prog_type pt = 77;
	enum bpf_attach_type et = 77, at = 77;
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);

	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		errno = 0;
		CHECK_EQ(libbpf_prog_type_by_name(unknown[i], &pt, &et), -ESRCH);
		CHECK_EQ(errno, ESRCH);
		errno = 0;
		/* libbpf answers an unknown name here with -EINVAL */
		CHECK_EQ(libbpf_attach_type_by_name(unknown[i], &at), -EINVAL);
		CHECK_EQ(errno, EINVAL);
	}
	libbpf_set_print(old);
	/* failed lookups leave the outputs alone */
	CHECK_EQ(pt, 77);
	CHECK_EQ(et, 77);
	CHECK_EQ(at, 77);
}

TEST(sec_def_null_arguments)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et, at;
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);

	ASSERT_ERR(libbpf_prog_type_by_name(NULL, &pt, &et), EINVAL);
	ASSERT_ERR(libbpf_prog_type_by_name("xdp", NULL, &et), EINVAL);
	ASSERT_ERR(libbpf_prog_type_by_name("xdp", &pt, NULL), EINVAL);
	ASSERT_ERR(libbpf_attach_type_by_name(NULL, &at), EINVAL);
	ASSERT_ERR(libbpf_attach_type_by_name("xdp", NULL), EINVAL);
	libbpf_set_print(old);
}

TEST(sec_def_prefix_edges)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et;

	/* "kprobe+" covers the bare name, "kprobe/" and "kprobe/x" */
	ASSERT_EQ(libbpf_prog_type_by_name("kprobe", &pt, &et), 0);
	ASSERT_EQ(pt, BPF_PROG_TYPE_KPROBE);
	ASSERT_EQ(et, 0);
	ASSERT_EQ(libbpf_prog_type_by_name("kprobe/", &pt, &et), 0);
	ASSERT_EQ(libbpf_prog_type_by_name("kprobe/do_nanosleep+0x10", &pt, &et), 0);
	ASSERT_EQ(et, 0);
	/* "kprobe.multi" is its own entry, not "kprobe" with a suffix */
	ASSERT_EQ(libbpf_prog_type_by_name("kprobe.multi", &pt, &et), 0);
	ASSERT_EQ(et, BPF_TRACE_KPROBE_MULTI);
	ASSERT_EQ(libbpf_prog_type_by_name("kprobe.multi/vfs_*", &pt, &et), 0);
	ASSERT_EQ(et, BPF_TRACE_KPROBE_MULTI);
	ASSERT_EQ(libbpf_prog_type_by_name("kretprobe.multi/vfs_*", &pt, &et), 0);
	ASSERT_EQ(et, BPF_TRACE_KPROBE_MULTI);
	ASSERT_EQ(libbpf_prog_type_by_name("kprobe.session/vfs_*", &pt, &et), 0);
	ASSERT_EQ(et, AT_KPROBE_SESSION);
	/* exact names take no suffix */
	ASSERT_EQ(libbpf_prog_type_by_name("xdp", &pt, &et), 0);
	ASSERT_EQ(et, BPF_XDP);
	ASSERT_EQ(libbpf_prog_type_by_name("xdp/devmap", &pt, &et), 0);
	ASSERT_EQ(et, BPF_XDP_DEVMAP);
	ASSERT_EQ(libbpf_prog_type_by_name("xdp.frags/cpumap", &pt, &et), 0);
	ASSERT_EQ(et, BPF_XDP_CPUMAP);
	ASSERT_EQ(libbpf_prog_type_by_name("sk_reuseport/migrate", &pt, &et), 0);
	ASSERT_EQ(et, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE);
	ASSERT_EQ(libbpf_prog_type_by_name("sk_skb/stream_verdict", &pt, &et), 0);
	ASSERT_EQ(et, BPF_SK_SKB_STREAM_VERDICT);
	/* tp_btf/fentry/lsm carry the BTF attach types */
	ASSERT_EQ(libbpf_prog_type_by_name("tp_btf/sched_switch", &pt, &et), 0);
	ASSERT_EQ(pt, BPF_PROG_TYPE_TRACING);
	ASSERT_EQ(et, BPF_TRACE_RAW_TP);
	ASSERT_EQ(libbpf_prog_type_by_name("lsm.s/file_open", &pt, &et), 0);
	ASSERT_EQ(pt, BPF_PROG_TYPE_LSM);
	ASSERT_EQ(et, BPF_LSM_MAC);
	ASSERT_EQ(libbpf_prog_type_by_name("freplace/xdp_pass", &pt, &et), 0);
	ASSERT_EQ(pt, BPF_PROG_TYPE_EXT);
}

TEST(sec_def_question_mark_is_loader_business)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et, at;
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);

	/* The "?" (no autoload) marker is stripped by the object loader;
	 * the name queries see it as part of an unknown name. */
	CHECK_EQ(libbpf_prog_type_by_name("?kprobe/f", &pt, &et), -ESRCH);
	CHECK_EQ(libbpf_prog_type_by_name("?xdp", &pt, &et), -ESRCH);
	CHECK_EQ(libbpf_attach_type_by_name("?xdp", &at), -EINVAL);
	CHECK(sec_def_find("?tc") == NULL, "find '?tc'");
	libbpf_set_print(old);
}

TEST(sec_def_attach_type_by_name)
{
	static const struct {
		const char *name;
		int att;
	} ok[] = {
		{ "xdp", BPF_XDP },
		{ "xdp/devmap", BPF_XDP_DEVMAP },
		{ "xdp/cpumap", BPF_XDP_CPUMAP },
		{ "sockops", BPF_CGROUP_SOCK_OPS },
		{ "sk_msg", BPF_SK_MSG_VERDICT },
		{ "sk_lookup", BPF_SK_LOOKUP },
		{ "cgroup/dev", BPF_CGROUP_DEVICE },
		{ "cgroup/sock", BPF_CGROUP_INET_SOCK_CREATE },
		{ "cgroup_skb/egress", BPF_CGROUP_INET_EGRESS },
		{ "cgroup/connect6", BPF_CGROUP_INET6_CONNECT },
		{ "flow_dissector", BPF_FLOW_DISSECTOR },
		{ "sk_reuseport", BPF_SK_REUSEPORT_SELECT },
	};
	static const char *const not_attachable[] = {
		"kprobe/f", "xdp.frags", "xdp.frags/devmap", "tc", "tcx/ingress", "tc/egress",
		"netkit/peer", "netfilter", "fentry/f", "tp_btf/x", "lsm/x", "lsm_cgroup/x",
		"iter/task", "sk_skb", "cgroup/skb", "socket", "struct_ops/x", "syscall",
	};
	enum bpf_attach_type at;
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		at = 999;
		CHECK_EQ(libbpf_attach_type_by_name(ok[i].name, &at), 0);
		CHECK_EQ(at, ok[i].att);
	}
	for (size_t i = 0; i < sizeof(not_attachable) / sizeof(not_attachable[0]); i++) {
		at = 999;
		errno = 0;
		CHECK_EQ(libbpf_attach_type_by_name(not_attachable[i], &at), -EINVAL);
		CHECK_EQ(errno, EINVAL);
		CHECK_EQ(at, 999);
	}
	libbpf_set_print(old);
}

static const struct sec_def *find_ok(const char *name)
{
	const struct sec_def *d = sec_def_find(name);

	if (!d)
		test_fail(__FILE__, __LINE__, "no definition for '%s'", name);
	return d;
}

#define FLAGS_OF(name) ({ const struct sec_def *__d = find_ok(name); __d ? __d->flags : 0u; })
#define ATTACH_OF(name) ({ const struct sec_def *__d = find_ok(name); __d ? (int)__d->attach : -1; })

TEST(sec_def_flags_and_attach_kinds)
{
	static const char *const sleepable[] = {
		"uprobe.s/x", "uretprobe.s", "uprobe.multi.s/x", "uretprobe.multi.s",
		"uprobe.session.s", "usdt.s/x", "fentry.s/f", "fmod_ret.s/f", "fexit.s/f",
		"lsm.s/x", "iter.s/x", "syscall", "struct_ops.s/x",
	};
	static const char *const btf[] = {
		"tp_btf/x", "fentry/f", "fmod_ret/f", "fexit/f", "freplace/f", "lsm/x",
		"lsm_cgroup/x", "iter/task",
	};
	static const char *const multi[] = {
		"kprobe.multi/x", "kretprobe.multi/x", "kprobe.session/x", "uprobe.multi/x",
		"uretprobe.multi.s/x", "uprobe.session/x",
	};

	for (size_t i = 0; i < sizeof(sleepable) / sizeof(sleepable[0]); i++)
		CHECK(FLAGS_OF(sleepable[i]) & SEC_F_SLEEPABLE, "%s sleepable", sleepable[i]);
	for (size_t i = 0; i < sizeof(btf) / sizeof(btf[0]); i++)
		CHECK(FLAGS_OF(btf[i]) & SEC_F_ATTACH_BTF, "%s needs BTF target", btf[i]);
	for (size_t i = 0; i < sizeof(multi) / sizeof(multi[0]); i++)
		CHECK(FLAGS_OF(multi[i]) & SEC_F_MULTI, "%s multi", multi[i]);
	CHECK(!(FLAGS_OF("kprobe/f") & (SEC_F_SLEEPABLE | SEC_F_MULTI | SEC_F_RETPROBE)), "kprobe");
	CHECK(FLAGS_OF("kretprobe/f") & SEC_F_RETPROBE, "kretprobe");
	CHECK(FLAGS_OF("uretprobe.multi/x") & SEC_F_RETPROBE, "uretprobe.multi");
	CHECK(FLAGS_OF("kretsyscall/bpf") & SEC_F_RETPROBE, "kretsyscall");
	CHECK(FLAGS_OF("xdp.frags") & SEC_F_XDP_FRAGS, "xdp.frags");
	CHECK(!(FLAGS_OF("xdp") & SEC_F_XDP_FRAGS), "xdp");
	CHECK(FLAGS_OF("xdp") & SEC_F_EXP_ATTACH_OPT, "xdp attach type optional");
	CHECK(!(FLAGS_OF("cgroup/connect4") & SEC_F_EXP_ATTACH_OPT), "connect4 needs it");
	CHECK(FLAGS_OF("usdt/a:b:c") & SEC_F_USDT, "usdt");

	CHECK_EQ(ATTACH_OF("kprobe/f"), SEC_ATTACH_KPROBE);
	CHECK_EQ(ATTACH_OF("kretprobe/f"), SEC_ATTACH_KPROBE);
	CHECK_EQ(ATTACH_OF("uprobe/p:f"), SEC_ATTACH_UPROBE);
	CHECK_EQ(ATTACH_OF("kprobe.multi/f*"), SEC_ATTACH_KPROBE_MULTI);
	CHECK_EQ(ATTACH_OF("kprobe.session/f*"), SEC_ATTACH_KPROBE_SESSION);
	CHECK_EQ(ATTACH_OF("uprobe.session/p:f"), SEC_ATTACH_UPROBE_MULTI);
	CHECK_EQ(ATTACH_OF("ksyscall/bpf"), SEC_ATTACH_KSYSCALL);
	CHECK_EQ(ATTACH_OF("usdt/p:a:b"), SEC_ATTACH_USDT);
	CHECK_EQ(ATTACH_OF("tp/a/b"), SEC_ATTACH_TRACEPOINT);
	CHECK_EQ(ATTACH_OF("raw_tp.w/x"), SEC_ATTACH_RAW_TP);
	CHECK_EQ(ATTACH_OF("fmod_ret/f"), SEC_ATTACH_TRACE);
	CHECK_EQ(ATTACH_OF("freplace/f"), SEC_ATTACH_TRACE);
	CHECK_EQ(ATTACH_OF("lsm.s/x"), SEC_ATTACH_LSM);
	CHECK_EQ(ATTACH_OF("iter/task"), SEC_ATTACH_ITER);
	CHECK_EQ(ATTACH_OF("lsm_cgroup/x"), SEC_ATTACH_NONE);
	CHECK_EQ(ATTACH_OF("xdp"), SEC_ATTACH_NONE);
	CHECK_EQ(ATTACH_OF("tcx/ingress"), SEC_ATTACH_NONE);
	CHECK_EQ(ATTACH_OF("struct_ops/x"), SEC_ATTACH_NONE);
}

TEST(sec_def_table_shape)
{
	char pat[128], pat2[128];
	size_t n = sec_def_builtin_cnt();

	/* one entry per section form listed in libbpf 1.x's documentation */
	ASSERT_EQ(n, 103);
	ASSERT(sec_def_builtin(n) == NULL, "past the end");
	for (size_t i = 0; i < n; i++) {
		const struct sec_def *d = sec_def_builtin(i);

		ASSERT(d->name && d->name[0], "entry %zu has a name", i);
		CHECK_EQ(d->handler_id, 0);
		sec_def_pattern(d, pat, sizeof(pat));
		for (size_t j = 0; j < i; j++) {
			sec_def_pattern(sec_def_builtin(j), pat2, sizeof(pat2));
			CHECK(strcmp(pat, pat2) != 0, "duplicate entry %s", pat);
		}
		/* every entry is reachable: nothing earlier shadows its name */
		CHECK(sec_def_find(d->name) == d || d->match == SEC_MATCH_PREFIX,
		      "%s is shadowed", pat);
	}
	sec_def_pattern(find_ok("kprobe/x"), pat, sizeof(pat));
	ASSERT_STREQ(pat, "kprobe+");
	sec_def_pattern(find_ok("xdp"), pat, sizeof(pat));
	ASSERT_STREQ(pat, "xdp");
}

static int dummy_setup(struct bpf_program *prog, long cookie)
{
	(void)prog;
	(void)cookie;
	return 0;
}

static int dummy_attach(const struct bpf_program *prog, long cookie, struct bpf_link **link)
{
	(void)prog;
	(void)cookie;
	*link = NULL;
	return 0;
}

TEST(sec_def_custom_handler_precedence)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, opts, .cookie = 42,
		    .prog_setup_fn = dummy_setup, .prog_attach_fn = dummy_attach);
	enum bpf_prog_type pt;
	enum bpf_attach_type et;
	const struct sec_def *d;
	int id;

	/* override built-in "kprobe/..." (but not the bare "kprobe") */
	id = libbpf_register_prog_handler("kprobe/", BPF_PROG_TYPE_SOCKET_FILTER, 0, &opts);
	ASSERT_GT(id, 0);
	CHECK_EQ(libbpf_prog_type_by_name("kprobe/do_exit", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_SOCKET_FILTER);
	d = sec_def_find("kprobe/do_exit");
	CHECK(d && d->handler_id == id, "custom def found");
	if (d) {
		CHECK_EQ(d->cookie, 42);
		CHECK(d->prog_setup_fn == dummy_setup, "setup fn kept");
		CHECK(d->prog_prepare_load_fn == NULL, "no prepare fn");
		CHECK(d->prog_attach_fn == dummy_attach, "attach fn kept");
		CHECK_EQ(d->attach, SEC_ATTACH_CUSTOM);
	}
	CHECK_EQ(libbpf_prog_type_by_name("kprobe", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_KPROBE);
	CHECK_EQ(libbpf_unregister_prog_handler(id), 0);
	CHECK_EQ(libbpf_prog_type_by_name("kprobe/do_exit", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_KPROBE);
}

TEST(sec_def_custom_handler_forms)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et;
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);
	int exact, pfx, opt;

	exact = libbpf_register_prog_handler("bk_exact", BPF_PROG_TYPE_XDP, BPF_XDP, NULL);
	pfx = libbpf_register_prog_handler("bk_pfx/", BPF_PROG_TYPE_SCHED_CLS, 0, NULL);
	opt = libbpf_register_prog_handler("bk_opt+", BPF_PROG_TYPE_TRACEPOINT, 0, NULL);
	CHECK_GT(exact, 0);
	CHECK_GT(pfx, exact);
	CHECK_GT(opt, pfx);

	CHECK_EQ(libbpf_prog_type_by_name("bk_exact", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_XDP);
	CHECK_EQ(et, BPF_XDP);
	CHECK_EQ(libbpf_prog_type_by_name("bk_exact/x", &pt, &et), -ESRCH);
	CHECK_EQ(libbpf_prog_type_by_name("bk_pfx", &pt, &et), -ESRCH);
	CHECK_EQ(libbpf_prog_type_by_name("bk_pfx/", &pt, &et), 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_pfx/abc", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_SCHED_CLS);
	CHECK_EQ(libbpf_prog_type_by_name("bk_pfxx", &pt, &et), -ESRCH);
	CHECK_EQ(libbpf_prog_type_by_name("bk_opt", &pt, &et), 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_opt/a/b", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_TRACEPOINT);
	CHECK_EQ(libbpf_prog_type_by_name("bk_optx", &pt, &et), -ESRCH);

	CHECK_EQ(libbpf_unregister_prog_handler(pfx), 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_pfx/abc", &pt, &et), -ESRCH);
	/* the others survive removal of a middle entry */
	CHECK_EQ(libbpf_prog_type_by_name("bk_opt", &pt, &et), 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_exact", &pt, &et), 0);
	CHECK_EQ(libbpf_unregister_prog_handler(exact), 0);
	CHECK_EQ(libbpf_unregister_prog_handler(opt), 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_opt", &pt, &et), -ESRCH);
	libbpf_set_print(old);
}

TEST(sec_def_custom_first_registered_wins)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et;
	int a, b;

	a = libbpf_register_prog_handler("bk_order+", BPF_PROG_TYPE_XDP, 0, NULL);
	b = libbpf_register_prog_handler("bk_order/", BPF_PROG_TYPE_LSM, 0, NULL);
	CHECK_GT(a, 0);
	CHECK_GT(b, 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_order/x", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_XDP);
	CHECK_EQ(libbpf_unregister_prog_handler(a), 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_order/x", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_LSM);
	CHECK_EQ(libbpf_unregister_prog_handler(b), 0);
}

TEST(sec_def_custom_fallback)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et, at;
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);
	int id, id2;

	id = libbpf_register_prog_handler(NULL, BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, NULL);
	ASSERT_GT(id, 0);
	/* unknown names now land on the fallback, known ones do not */
	CHECK_EQ(libbpf_prog_type_by_name("anything/at/all", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_SK_LOOKUP);
	CHECK_EQ(et, BPF_SK_LOOKUP);
	CHECK_EQ(libbpf_prog_type_by_name("xdp", &pt, &et), 0);
	CHECK_EQ(pt, BPF_PROG_TYPE_XDP);
	/* a registered handler never counts as attachable */
	CHECK_EQ(libbpf_attach_type_by_name("anything", &at), -EINVAL);
	/* only one fallback */
	errno = 0;
	id2 = libbpf_register_prog_handler(NULL, BPF_PROG_TYPE_XDP, 0, NULL);
	CHECK_EQ(id2, -EBUSY);
	CHECK_EQ(errno, EBUSY);
	CHECK_EQ(libbpf_unregister_prog_handler(id), 0);
	CHECK_EQ(libbpf_prog_type_by_name("anything/at/all", &pt, &et), -ESRCH);
	CHECK_EQ(libbpf_unregister_prog_handler(id), -ENOENT);
	libbpf_set_print(old);
}

TEST(sec_def_custom_invalid)
{
	struct {
		struct libbpf_prog_handler_opts o;
		char tail[16];
	} big;
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);
	enum bpf_attach_type at;
	int id;

	id = libbpf_register_prog_handler("bk_dup+", BPF_PROG_TYPE_XDP, BPF_XDP, NULL);
	ASSERT_GT(id, 0);
	/* a duplicate pattern is accepted, as libbpf does; the first one
	 * registered keeps answering until it is unregistered */
	int dup = libbpf_register_prog_handler("bk_dup+", BPF_PROG_TYPE_SCHED_CLS, 0, NULL);
	enum bpf_prog_type dpt;
	enum bpf_attach_type det;
	CHECK_GT(dup, id);
	CHECK_EQ(libbpf_prog_type_by_name("bk_dup/y", &dpt, &det), 0);
	CHECK_EQ(dpt, BPF_PROG_TYPE_XDP);
	CHECK_EQ(libbpf_unregister_prog_handler(id), 0);
	CHECK_EQ(libbpf_prog_type_by_name("bk_dup/y", &dpt, &det), 0);
	CHECK_EQ(dpt, BPF_PROG_TYPE_SCHED_CLS);
	CHECK_EQ(libbpf_unregister_prog_handler(dup), 0);
	id = libbpf_register_prog_handler("bk_dup+", BPF_PROG_TYPE_XDP, BPF_XDP, NULL);
	ASSERT_GT(id, 0);
	/* a different form of the same name is a different pattern */
	int id2 = libbpf_register_prog_handler("bk_dup", BPF_PROG_TYPE_XDP, 0, NULL);
	CHECK_GT(id2, 0);
	/* custom handlers are not attachable even with an attach type */
	CHECK_EQ(libbpf_attach_type_by_name("bk_dup/x", &at), -EINVAL);
	/* empty patterns */
	CHECK_EQ(libbpf_register_prog_handler("", BPF_PROG_TYPE_XDP, 0, NULL), -EINVAL);
	CHECK_EQ(libbpf_register_prog_handler("/", BPF_PROG_TYPE_XDP, 0, NULL), -EINVAL);
	CHECK_EQ(libbpf_register_prog_handler("+", BPF_PROG_TYPE_XDP, 0, NULL), -EINVAL);
	/* opts: too small, or unknown non-zero tail */
	memset(&big, 0, sizeof(big));
	big.o.sz = 4;
	CHECK_EQ(libbpf_register_prog_handler("bk_bad", BPF_PROG_TYPE_XDP, 0, &big.o), -EINVAL);
	big.o.sz = sizeof(big);
	big.tail[3] = 1;
	CHECK_EQ(libbpf_register_prog_handler("bk_bad", BPF_PROG_TYPE_XDP, 0, &big.o), -EINVAL);
	/* a larger struct with a zero tail is fine */
	big.tail[3] = 0;
	int id3 = libbpf_register_prog_handler("bk_big", BPF_PROG_TYPE_XDP, 0, &big.o);
	CHECK_GT(id3, 0);
	/* unregistering */
	CHECK_EQ(libbpf_unregister_prog_handler(0), -EINVAL);
	CHECK_EQ(libbpf_unregister_prog_handler(-3), -EINVAL);
	CHECK_EQ(libbpf_unregister_prog_handler(id3 + 1000), -ENOENT);
	CHECK_EQ(libbpf_unregister_prog_handler(id3), 0);
	CHECK_EQ(libbpf_unregister_prog_handler(id2), 0);
	CHECK_EQ(libbpf_unregister_prog_handler(id), 0);
	errno = 0;
	CHECK_EQ(libbpf_unregister_prog_handler(id), -ENOENT);
	CHECK_EQ(errno, ENOENT);
	CHECK(sec_def_find("bk_dup") == NULL, "all gone");
	libbpf_set_print(old);
}

TEST(sec_def_handler_ids_not_reused)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);
	int a, b;

	a = libbpf_register_prog_handler("bk_ids", BPF_PROG_TYPE_XDP, 0, NULL);
	ASSERT_GT(a, 0);
	ASSERT_EQ(libbpf_unregister_prog_handler(a), 0);
	b = libbpf_register_prog_handler("bk_ids", BPF_PROG_TYPE_XDP, 0, NULL);
	ASSERT_GT(b, a);
	/* the stale id no longer removes anything */
	ASSERT_EQ(libbpf_unregister_prog_handler(a), -ENOENT);
	ASSERT_EQ(libbpf_unregister_prog_handler(b), 0);
	libbpf_set_print(old);
}

static int nlines;
static enum libbpf_print_level last_level;
static char last_line[256];

static int count_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	nlines++;
	last_level = level;
	vsnprintf(last_line, sizeof(last_line), fmt, ap);
	return 0;
}

TEST(sec_def_miss_logs_one_line)
{
	enum bpf_prog_type pt;
	enum bpf_attach_type et, at;
	libbpf_print_fn_t old = libbpf_set_print(count_print);

	nlines = 0;
	CHECK_EQ(libbpf_prog_type_by_name("no_such_section/x", &pt, &et), -ESRCH);
	CHECK_EQ(nlines, 1);
	CHECK(strstr(last_line, "no_such_section/x") != NULL, "line names the section: %s",
	      last_line);
	/* a routine miss is not a warning (matches libbpf) */
	CHECK_EQ(last_level, LIBBPF_DEBUG);
	nlines = 0;
	CHECK_EQ(libbpf_attach_type_by_name("kprobe/f", &at), -EINVAL);
	CHECK_EQ(nlines, 1);
	CHECK(strlen(last_line) < 200, "short line: %s", last_line);
	nlines = 0;
	CHECK_EQ(libbpf_prog_type_by_name("xdp", &pt, &et), 0);
	CHECK_EQ(nlines, 0);
	libbpf_set_print(old);
}
