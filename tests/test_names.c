// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf_bpf_*_type_str(): libbpf's spelling of every value up to the
 * Linux 6.18 enums, and NULL outside them. */
#include <bpf/libbpf.h>

#include "test.h"

/* Expected names, indexed by ABI value. */
static const char *const attach_names[] = {
	"cgroup_inet_ingress", "cgroup_inet_egress", "cgroup_inet_sock_create",
	"cgroup_sock_ops", "sk_skb_stream_parser", "sk_skb_stream_verdict", "cgroup_device",
	"sk_msg_verdict", "cgroup_inet4_bind", "cgroup_inet6_bind", "cgroup_inet4_connect",
	"cgroup_inet6_connect", "cgroup_inet4_post_bind", "cgroup_inet6_post_bind",
	"cgroup_udp4_sendmsg", "cgroup_udp6_sendmsg", "lirc_mode2", "flow_dissector",
	"cgroup_sysctl", "cgroup_udp4_recvmsg", "cgroup_udp6_recvmsg", "cgroup_getsockopt",
	"cgroup_setsockopt", "trace_raw_tp", "trace_fentry", "trace_fexit", "modify_return",
	"lsm_mac", "trace_iter", "cgroup_inet4_getpeername", "cgroup_inet6_getpeername",
	"cgroup_inet4_getsockname", "cgroup_inet6_getsockname", "xdp_devmap",
	"cgroup_inet_sock_release", "xdp_cpumap", "sk_lookup", "xdp", "sk_skb_verdict",
	"sk_reuseport_select", "sk_reuseport_select_or_migrate", "perf_event",
	"trace_kprobe_multi", "lsm_cgroup", "struct_ops", "netfilter", "tcx_ingress",
	"tcx_egress", "trace_uprobe_multi", "cgroup_unix_connect", "cgroup_unix_sendmsg",
	"cgroup_unix_recvmsg", "cgroup_unix_getpeername", "cgroup_unix_getsockname",
	"netkit_primary", "netkit_peer", "trace_kprobe_session", "trace_uprobe_session",
};

static const char *const link_names[] = {
	"unspec", "raw_tracepoint", "tracing", "cgroup", "iter", "netns", "xdp", "perf_event",
	"kprobe_multi", "struct_ops", "netfilter", "tcx", "uprobe_multi", "netkit", "sockmap",
};

static const char *const map_names[] = {
	"unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash",
	"percpu_array", "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash",
	"lpm_trie", "array_of_maps", "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap",
	"sockhash", "cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage", "queue",
	"stack", "sk_storage", "devmap_hash", "struct_ops", "ringbuf", "inode_storage",
	"task_storage", "bloom_filter", "user_ringbuf", "cgrp_storage", "arena",
};

static const char *const prog_names[] = {
	"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act", "tracepoint", "xdp",
	"perf_event", "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit",
	"sock_ops", "sk_skb", "cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr",
	"lwt_seg6local", "lirc_mode2", "sk_reuseport", "flow_dissector", "cgroup_sysctl",
	"raw_tracepoint_writable", "cgroup_sockopt", "tracing", "struct_ops", "ext", "lsm",
	"sk_lookup", "syscall", "netfilter",
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

TEST(names_attach_types)
{
	ASSERT_EQ(N(attach_names), 58);
	for (int i = 0; i < N(attach_names); i++)
		ASSERT_STREQ(libbpf_bpf_attach_type_str(i), attach_names[i]);
	ASSERT(libbpf_bpf_attach_type_str(N(attach_names)) == NULL, "past the end");
	ASSERT(libbpf_bpf_attach_type_str(-1) == NULL, "negative");
	ASSERT_STREQ(libbpf_bpf_attach_type_str(BPF_CGROUP_INET_INGRESS), "cgroup_inet_ingress");
	ASSERT_STREQ(libbpf_bpf_attach_type_str(BPF_XDP), "xdp");
}

TEST(names_link_types)
{
	ASSERT_EQ(N(link_names), 15);
	for (int i = 0; i < N(link_names); i++)
		ASSERT_STREQ(libbpf_bpf_link_type_str(i), link_names[i]);
	ASSERT(libbpf_bpf_link_type_str(N(link_names)) == NULL, "past the end");
	ASSERT(libbpf_bpf_link_type_str(1000) == NULL, "far past the end");
}

TEST(names_map_types)
{
	ASSERT_EQ(N(map_names), 34);
	for (int i = 0; i < N(map_names); i++)
		ASSERT_STREQ(libbpf_bpf_map_type_str(i), map_names[i]);
	ASSERT(libbpf_bpf_map_type_str(N(map_names)) == NULL, "past the end");
	ASSERT_STREQ(libbpf_bpf_map_type_str(BPF_MAP_TYPE_HASH), "hash");
	/* the old alias of cgroup_storage has the same value and name */
	ASSERT_STREQ(libbpf_bpf_map_type_str(BPF_MAP_TYPE_CGROUP_STORAGE), "cgroup_storage");
}

TEST(names_prog_types)
{
	ASSERT_EQ(N(prog_names), 33);
	for (int i = 0; i < N(prog_names); i++)
		ASSERT_STREQ(libbpf_bpf_prog_type_str(i), prog_names[i]);
	ASSERT(libbpf_bpf_prog_type_str(N(prog_names)) == NULL, "past the end");
	ASSERT(libbpf_bpf_prog_type_str(-5) == NULL, "negative");
	ASSERT_STREQ(libbpf_bpf_prog_type_str(BPF_PROG_TYPE_SOCKET_FILTER), "socket_filter");
}
