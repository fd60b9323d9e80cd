// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel feature probes: the answers on this kernel, the per-process
 * cache, the LINUX_HAS_* externs, and libbpf_probe_*() checked against
 * what Debian's bpftool reports for the same kernel.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "test.h"
#include "features.h"

/* kprobes are not compiled into the test kernel: kprobe_multi links
 * cannot exist. Everything else in a 6.18 kernel does. */
static bool kprobes_compiled(void)
{
	return access("/sys/kernel/tracing/kprobe_events", F_OK) == 0 ||
	       access("/sys/kernel/debug/tracing/kprobe_events", F_OK) == 0;
}

KTEST(features_all_modern)
{
	bool kprobes;

	test_tracefs();
	kprobes = kprobes_compiled();
	for (int f = 0; f < __FEAT_CNT; f++) {
		bool want = f == FEAT_KPROBE_MULTI_LINK ? kprobes : true;
		bool got = kernel_supports(f);

		test_log("%s: %d\n", feature_name(f), got);
		CHECK(got == want, "feature %s: got %d, want %d", feature_name(f), got, want);
	}
}

KTEST(features_cached)
{
	unsigned long before;
	__u64 m1, m2;

	m1 = kernel_features();
	before = feature_probe_runs();
	m2 = kernel_features();
	CHECK_EQ(m1, m2);
	CHECK_EQ(feature_probe_runs(), before);
	for (int i = 0; i < 100; i++)
		kernel_supports(FEAT_BTF_FUNC);
	CHECK_EQ(feature_probe_runs(), before);
}

static void *probe_all(void *arg)
{
	*(__u64 *)arg = kernel_features();
	return NULL;
}

/* Threads racing on an empty cache: each probe still runs exactly once
 * and every thread sees the same answers. */
KTEST(features_threads_probe_once)
{
	pthread_t th[6];
	__u64 masks[6];
	unsigned long before;

	feature_reset_cache();
	before = feature_probe_runs();
	for (int i = 0; i < 6; i++)
		ASSERT_EQ(pthread_create(&th[i], NULL, probe_all, &masks[i]), 0);
	for (int i = 0; i < 6; i++)
		pthread_join(th[i], NULL);
	CHECK_EQ(feature_probe_runs() - before, __FEAT_CNT);
	for (int i = 1; i < 6; i++)
		CHECK_EQ(masks[i], masks[0]);
	CHECK_EQ(masks[0], kernel_features());
	CHECK_EQ(feature_probe_runs() - before, __FEAT_CNT);
}

KTEST(features_override_mask)
{
	feature_set_override(~FEAT_BIT(FEAT_BTF_FLOAT));
	CHECK(!kernel_supports(FEAT_BTF_FLOAT), "override ignored");
	CHECK(kernel_supports(FEAT_BTF_FUNC), "other bits lost");
	CHECK(!(kernel_btf_features() & FEAT_BIT(FEAT_BTF_FLOAT)), "btf mask");
	feature_set_override(~0ULL);
	CHECK(kernel_supports(FEAT_BTF_FLOAT), "override not reset");
	CHECK(!kernel_supports(__FEAT_CNT), "out of range");
	ASSERT_STREQ(feature_name(FEAT_TOKEN), "token");
}

/* Probes must not leave fds behind (the runner also checks this). */
KTEST(features_no_fd_leak)
{
	int before = test_count_fds();

	kernel_features();
	CHECK_EQ(test_count_fds(), before);
	CHECK_EQ(libbpf_probe_bpf_map_type(BPF_MAP_TYPE_HASH_OF_MAPS, NULL), 1);
	CHECK_EQ(libbpf_probe_bpf_map_type(BPF_MAP_TYPE_SK_STORAGE, NULL), 1);
	CHECK_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, BPF_FUNC_map_lookup_elem, NULL), 1);
	CHECK_EQ(test_count_fds(), before);
}

/* ---- bpftool as the reference ---- */

#define MAX_LINES 4096

struct bpftool_out {
	char *lines[MAX_LINES];
	int n;
};

static void bpftool_read(struct bpftool_out *out)
{
	char buf[512];
	FILE *f;

	out->n = 0;
	f = popen("bpftool feature probe kernel 2>/dev/null", "r");
	if (!f)
		test_skip(true, "cannot run bpftool");
	while (fgets(buf, sizeof(buf), f) && out->n < MAX_LINES) {
		buf[strcspn(buf, "\n")] = '\0';
		out->lines[out->n++] = strdup(buf);
	}
	pclose(f);
	if (!out->n)
		test_skip(true, "bpftool printed nothing");
}

static void bpftool_free(struct bpftool_out *out)
{
	for (int i = 0; i < out->n; i++)
		free(out->lines[i]);
}

/* 1 / 0 from "eBPF <what> <name> is available" / "is NOT available",
 * -1 when bpftool did not mention it. */
static int bpftool_avail(const struct bpftool_out *out, const char *what, const char *name)
{
	char yes[128], no[128];

	snprintf(yes, sizeof(yes), "eBPF %s %s is available", what, name);
	snprintf(no, sizeof(no), "eBPF %s %s is NOT available", what, name);
	for (int i = 0; i < out->n; i++) {
		if (!strcmp(out->lines[i], yes))
			return 1;
		if (!strcmp(out->lines[i], no))
			return 0;
	}
	return -1;
}

/* Is "- helper" listed in the helper section of prog type ptype? */
static int bpftool_helper(const struct bpftool_out *out, const char *ptype, const char *helper)
{
	char hdr[128], item[128];
	bool in = false;

	snprintf(hdr, sizeof(hdr), "eBPF helpers supported for program type %s:", ptype);
	snprintf(item, sizeof(item), "\t- %s", helper);
	for (int i = 0; i < out->n; i++) {
		const char *l = out->lines[i];

		if (!strncmp(l, "eBPF helpers supported for program type ", 40)) {
			if (in)
				return 0;
			in = !strcmp(l, hdr);
			continue;
		}
		if (in && (!strcmp(l, item) || !strcmp(l, item + 1)))
			return 1;
	}
	return in ? 0 : -1;
}

static const struct {
	enum bpf_prog_type type;
	const char *name;
} prog_types[] = {
	{ BPF_PROG_TYPE_SOCKET_FILTER, "socket_filter" },
	{ BPF_PROG_TYPE_KPROBE, "kprobe" },
	{ BPF_PROG_TYPE_SCHED_CLS, "sched_cls" },
	{ BPF_PROG_TYPE_TRACEPOINT, "tracepoint" },
	{ BPF_PROG_TYPE_XDP, "xdp" },
	{ BPF_PROG_TYPE_PERF_EVENT, "perf_event" },
	{ BPF_PROG_TYPE_CGROUP_SKB, "cgroup_skb" },
	{ BPF_PROG_TYPE_CGROUP_SOCK, "cgroup_sock" },
	{ BPF_PROG_TYPE_LWT_XMIT, "lwt_xmit" },
	{ BPF_PROG_TYPE_SOCK_OPS, "sock_ops" },
	{ BPF_PROG_TYPE_SK_MSG, "sk_msg" },
	{ BPF_PROG_TYPE_RAW_TRACEPOINT, "raw_tracepoint" },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, "cgroup_sock_addr" },
	{ BPF_PROG_TYPE_LIRC_MODE2, "lirc_mode2" },
	{ BPF_PROG_TYPE_SK_REUSEPORT, "sk_reuseport" },
	{ BPF_PROG_TYPE_FLOW_DISSECTOR, "flow_dissector" },
	{ BPF_PROG_TYPE_CGROUP_SYSCTL, "cgroup_sysctl" },
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT, "cgroup_sockopt" },
	{ BPF_PROG_TYPE_TRACING, "tracing" },
	{ BPF_PROG_TYPE_STRUCT_OPS, "struct_ops" },
	{ BPF_PROG_TYPE_EXT, "ext" },
	{ BPF_PROG_TYPE_LSM, "lsm" },
	{ BPF_PROG_TYPE_SK_LOOKUP, "sk_lookup" },
	{ BPF_PROG_TYPE_SYSCALL, "syscall" },
};

KTEST(probe_prog_types_vs_bpftool)
{
	struct bpftool_out out;
	int compared = 0;

	bpftool_read(&out);
	for (size_t i = 0; i < sizeof(prog_types) / sizeof(prog_types[0]); i++) {
		int want = bpftool_avail(&out, "program_type", prog_types[i].name);
		int got = libbpf_probe_bpf_prog_type(prog_types[i].type, NULL);

		if (want < 0)
			continue;
		compared++;
		CHECK(got == want, "prog type %s: got %d, bpftool %d", prog_types[i].name, got,
		      want);
	}
	bpftool_free(&out);
	CHECK_GE(compared, 20);
}

static const struct {
	enum bpf_map_type type;
	const char *name;
} map_types[] = {
	{ BPF_MAP_TYPE_HASH, "hash" },
	{ BPF_MAP_TYPE_ARRAY, "array" },
	{ BPF_MAP_TYPE_PROG_ARRAY, "prog_array" },
	{ BPF_MAP_TYPE_PERF_EVENT_ARRAY, "perf_event_array" },
	{ BPF_MAP_TYPE_PERCPU_ARRAY, "percpu_array" },
	{ BPF_MAP_TYPE_STACK_TRACE, "stack_trace" },
	{ BPF_MAP_TYPE_LRU_HASH, "lru_hash" },
	{ BPF_MAP_TYPE_LPM_TRIE, "lpm_trie" },
	{ BPF_MAP_TYPE_ARRAY_OF_MAPS, "array_of_maps" },
	{ BPF_MAP_TYPE_HASH_OF_MAPS, "hash_of_maps" },
	{ BPF_MAP_TYPE_DEVMAP, "devmap" },
	{ BPF_MAP_TYPE_SOCKMAP, "sockmap" },
	{ BPF_MAP_TYPE_CPUMAP, "cpumap" },
	{ BPF_MAP_TYPE_XSKMAP, "xskmap" },
	{ BPF_MAP_TYPE_CGROUP_STORAGE, "cgroup_storage" },
	{ BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, "reuseport_sockarray" },
	{ BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, "percpu_cgroup_storage" },
	{ BPF_MAP_TYPE_QUEUE, "queue" },
	{ BPF_MAP_TYPE_STACK, "stack" },
	{ BPF_MAP_TYPE_SK_STORAGE, "sk_storage" },
	{ BPF_MAP_TYPE_DEVMAP_HASH, "devmap_hash" },
	{ BPF_MAP_TYPE_STRUCT_OPS, "struct_ops" },
	{ BPF_MAP_TYPE_RINGBUF, "ringbuf" },
	{ BPF_MAP_TYPE_INODE_STORAGE, "inode_storage" },
	{ BPF_MAP_TYPE_TASK_STORAGE, "task_storage" },
	{ BPF_MAP_TYPE_BLOOM_FILTER, "bloom_filter" },
	{ BPF_MAP_TYPE_USER_RINGBUF, "user_ringbuf" },
};

KTEST(probe_map_types_vs_bpftool)
{
	struct bpftool_out out;
	int compared = 0;

	bpftool_read(&out);
	for (size_t i = 0; i < sizeof(map_types) / sizeof(map_types[0]); i++) {
		int want = bpftool_avail(&out, "map_type", map_types[i].name);
		int got = libbpf_probe_bpf_map_type(map_types[i].type, NULL);

		if (want < 0)
			continue;
		compared++;
		CHECK(got == want, "map type %s: got %d, bpftool %d", map_types[i].name, got,
		      want);
	}
	bpftool_free(&out);
	CHECK_GE(compared, 25);
}

static const struct {
	enum bpf_prog_type type;
	const char *tname;
	enum bpf_func_id id;
	const char *hname;
} helpers[] = {
	{ BPF_PROG_TYPE_SOCKET_FILTER, "socket_filter", BPF_FUNC_map_lookup_elem,
	  "bpf_map_lookup_elem" },
	{ BPF_PROG_TYPE_SOCKET_FILTER, "socket_filter", BPF_FUNC_probe_read_kernel,
	  "bpf_probe_read_kernel" },
	{ BPF_PROG_TYPE_SOCKET_FILTER, "socket_filter", BPF_FUNC_skb_load_bytes,
	  "bpf_skb_load_bytes" },
	{ BPF_PROG_TYPE_XDP, "xdp", BPF_FUNC_redirect, "bpf_redirect" },
	{ BPF_PROG_TYPE_XDP, "xdp", BPF_FUNC_get_current_pid_tgid, "bpf_get_current_pid_tgid" },
	{ BPF_PROG_TYPE_XDP, "xdp", BPF_FUNC_xdp_adjust_head, "bpf_xdp_adjust_head" },
	{ BPF_PROG_TYPE_KPROBE, "kprobe", BPF_FUNC_get_current_pid_tgid,
	  "bpf_get_current_pid_tgid" },
	{ BPF_PROG_TYPE_KPROBE, "kprobe", BPF_FUNC_override_return, "bpf_override_return" },
	{ BPF_PROG_TYPE_KPROBE, "kprobe", BPF_FUNC_skb_load_bytes, "bpf_skb_load_bytes" },
	{ BPF_PROG_TYPE_TRACEPOINT, "tracepoint", BPF_FUNC_get_attach_cookie,
	  "bpf_get_attach_cookie" },
	{ BPF_PROG_TYPE_TRACEPOINT, "tracepoint", BPF_FUNC_probe_read_kernel,
	  "bpf_probe_read_kernel" },
	{ BPF_PROG_TYPE_SCHED_CLS, "sched_cls", BPF_FUNC_skb_store_bytes,
	  "bpf_skb_store_bytes" },
	{ BPF_PROG_TYPE_SCHED_CLS, "sched_cls", BPF_FUNC_xdp_adjust_head,
	  "bpf_xdp_adjust_head" },
	{ BPF_PROG_TYPE_CGROUP_SKB, "cgroup_skb", BPF_FUNC_ktime_get_coarse_ns,
	  "bpf_ktime_get_coarse_ns" },
	{ BPF_PROG_TYPE_CGROUP_SKB, "cgroup_skb", BPF_FUNC_redirect, "bpf_redirect" },
};

KTEST(probe_helpers_vs_bpftool)
{
	struct bpftool_out out;
	int compared = 0;

	bpftool_read(&out);
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		int want = bpftool_helper(&out, helpers[i].tname, helpers[i].hname);
		int got = libbpf_probe_bpf_helper(helpers[i].type, helpers[i].id, NULL);

		if (want < 0)
			continue;
		compared++;
		CHECK(got == want, "%s in %s: got %d, bpftool %d", helpers[i].hname,
		      helpers[i].tname, got, want);
	}
	bpftool_free(&out);
	CHECK_GE(compared, 10);
}

KTEST(probe_invalid_args)
{
	int dummy = 0;

	ASSERT_ERR(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, &dummy), EINVAL);
	ASSERT_ERR(libbpf_probe_bpf_map_type(BPF_MAP_TYPE_HASH, &dummy), EINVAL);
	ASSERT_ERR(libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, BPF_FUNC_map_lookup_elem, &dummy),
		   EINVAL);
	ASSERT_ERR(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_UNSPEC, NULL), EOPNOTSUPP);
	ASSERT_ERR(libbpf_probe_bpf_prog_type((enum bpf_prog_type)10000, NULL), EOPNOTSUPP);
	ASSERT_ERR(libbpf_probe_bpf_map_type((enum bpf_map_type)10000, NULL), EOPNOTSUPP);
	ASSERT_ERR(libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACING, BPF_FUNC_map_lookup_elem, NULL),
		   EOPNOTSUPP);
	/* an unknown helper is reported as absent, not as an error */
	CHECK_EQ(libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, (enum bpf_func_id)100000, NULL), 0);
}

static int run_xdp(struct bpf_object *obj, const char *name, __u32 *retval)
{
	static unsigned char pkt[64];
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);
	int err;

	if (!p)
		return -ENOENT;
	err = bpf_prog_test_run_opts(bpf_program__fd(p), &o);
	*retval = o.retval;
	return err;
}

/* LINUX_HAS_* externs come from the probes (and follow the override). */
KTEST(features_linux_has_externs)
{
	__u64 masks[] = { ~0ULL, ~FEAT_BIT(FEAT_BPF_COOKIE), ~FEAT_BIT(FEAT_SYSCALL_WRAPPER) };
	bool cookie = kernel_supports(FEAT_BPF_COOKIE);
	bool wrapper = kernel_supports(FEAT_SYSCALL_WRAPPER);

	CHECK(cookie, "bpf_cookie missing on a 6.18 kernel");
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		struct bpf_object *obj = bpf_object__open(test_obj_path("feat_sanitize"));
		__u32 ret = 0, want;
		int err;

		ASSERT_PTR(obj);
		feature_set_override(masks[i]);
		err = bpf_object__load(obj);
		feature_set_override(~0ULL);
		if (err)
			bpf_object__close(obj);
		ASSERT_OK(err);
		err = run_xdp(obj, "feat_externs", &ret);
		bpf_object__close(obj);
		ASSERT_OK(err);
		want = (i == 1 ? 0 : cookie) * 10 + (i == 2 ? 0 : wrapper);
		CHECK_EQ(ret, want);
	}
}

/* Without prog_name support the loader leaves the kernel name empty. */
KTEST(features_prog_name_follows_probe)
{
	for (int pass = 0; pass < 2; pass++) {
		struct bpf_object *obj = bpf_object__open(test_obj_path("obj_basic"));
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int err;

		ASSERT_PTR(obj);
		feature_set_override(pass ? ~FEAT_BIT(FEAT_PROG_NAME) : ~0ULL);
		err = bpf_object__load(obj);
		feature_set_override(~0ULL);
		if (!err)
			err = bpf_prog_get_info_by_fd(
				bpf_program__fd(bpf_object__find_program_by_name(obj, "read_rodata")),
				&info, &len);
		bpf_object__close(obj);
		ASSERT_OK(err);
		if (pass)
			CHECK(info.name[0] == '\0', "name '%s' with prog_name off", info.name);
		else
			CHECK(!strcmp(info.name, "read_rodata"), "name '%s'", info.name);
	}
}

/* Global data maps need the global_data feature; map names prog_name. */
KTEST(features_global_data_and_map_names)
{
	struct bpf_object *obj = bpf_object__open(test_obj_path("obj_basic"));
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	int err;

	ASSERT_PTR(obj);
	feature_set_override(~FEAT_BIT(FEAT_GLOBAL_DATA));
	err = bpf_object__load(obj);
	feature_set_override(~0ULL);
	bpf_object__close(obj);
	CHECK_EQ(err, -ENOTSUP);

	obj = bpf_object__open(test_obj_path("obj_basic"));
	ASSERT_PTR(obj);
	feature_set_override(~FEAT_BIT(FEAT_PROG_NAME));
	err = bpf_object__load(obj);
	feature_set_override(~0ULL);
	if (!err)
		err = bpf_map_get_info_by_fd(bpf_map__fd(bpf_object__find_map_by_name(obj, "hmap")),
					     &info, &len);
	bpf_object__close(obj);
	ASSERT_OK(err);
	CHECK(info.name[0] == '\0', "map name '%s' with prog_name off", info.name);
}
