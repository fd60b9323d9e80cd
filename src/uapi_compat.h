/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Kernel ABI facts newer than the installed uapi headers (Linux 6.1).
 *
 * Everything carries a BPFKIT_ prefix so it never clashes with a newer
 * <linux/bpf.h>; values are the kernel's ABI numbers (stable by design).
 * union bk_attr is our own description of the bpf() attribute block as of
 * Linux 6.18, with one named member per command, so we can fill fields the
 * 6.1 union bpf_attr lacks.
 */
#ifndef __BPFKIT_UAPI_COMPAT_H
#define __BPFKIT_UAPI_COMPAT_H

#include <linux/types.h>

/* enum bpf_cmd */
#define BPFKIT_BPF_TOKEN_CREATE			36
#define BPFKIT_BPF_PROG_STREAM_READ_BY_FD	37
#define BPFKIT_BPF_PROG_ASSOC_STRUCT_OPS	38

/* enum bpf_map_type */
#define BPFKIT_BPF_MAP_TYPE_CGRP_STORAGE	32
#define BPFKIT_BPF_MAP_TYPE_ARENA		33
#define BPFKIT_MAX_BPF_MAP_TYPE			34

/* enum bpf_prog_type */
#define BPFKIT_BPF_PROG_TYPE_NETFILTER		32
#define BPFKIT_MAX_BPF_PROG_TYPE		33

/* enum bpf_attach_type */
#define BPFKIT_BPF_STRUCT_OPS			44
#define BPFKIT_BPF_NETFILTER			45
#define BPFKIT_BPF_TCX_INGRESS			46
#define BPFKIT_BPF_TCX_EGRESS			47
#define BPFKIT_BPF_TRACE_UPROBE_MULTI		48
#define BPFKIT_BPF_CGROUP_UNIX_CONNECT		49
#define BPFKIT_BPF_CGROUP_UNIX_SENDMSG		50
#define BPFKIT_BPF_CGROUP_UNIX_RECVMSG		51
#define BPFKIT_BPF_CGROUP_UNIX_GETPEERNAME	52
#define BPFKIT_BPF_CGROUP_UNIX_GETSOCKNAME	53
#define BPFKIT_BPF_NETKIT_PRIMARY		54
#define BPFKIT_BPF_NETKIT_PEER			55
#define BPFKIT_BPF_TRACE_KPROBE_SESSION		56
#define BPFKIT_BPF_TRACE_UPROBE_SESSION		57
#define BPFKIT_MAX_BPF_ATTACH_TYPE		58

/* enum bpf_link_type */
#define BPFKIT_BPF_LINK_TYPE_NETFILTER		10
#define BPFKIT_BPF_LINK_TYPE_TCX		11
#define BPFKIT_BPF_LINK_TYPE_UPROBE_MULTI	12
#define BPFKIT_BPF_LINK_TYPE_NETKIT		13
#define BPFKIT_BPF_LINK_TYPE_SOCKMAP		14
#define BPFKIT_MAX_BPF_LINK_TYPE		15

/* attach flags (BPF_PROG_ATTACH/DETACH, link_create relative ordering) */
#define BPFKIT_BPF_F_BEFORE			(1U << 3)
#define BPFKIT_BPF_F_AFTER			(1U << 4)
#define BPFKIT_BPF_F_ID				(1U << 5)
#define BPFKIT_BPF_F_PREORDER			(1U << 6)
#define BPFKIT_BPF_F_LINK			(1U << 13)

/* object flags shared by several commands */
#define BPFKIT_BPF_F_PATH_FD			(1U << 14)
#define BPFKIT_BPF_F_VTYPE_BTF_OBJ_FD		(1U << 15)
#define BPFKIT_BPF_F_TOKEN_FD			(1U << 16)

/* program load flags */
#define BPFKIT_BPF_F_XDP_DEV_BOUND_ONLY		(1U << 6)

/* BPF stream ids for BPF_PROG_STREAM_READ_BY_FD */
#define BPFKIT_BPF_STDOUT			1
#define BPFKIT_BPF_STDERR			2

/* Relative-position triple shared by tcx, netkit and cgroup links. */
struct bk_attr_rel {
	__u32 relative_fd_or_id;
	__u32 pad;
	__u64 expected_revision;
};

union bk_attr {
	struct {
		__u32 map_type;
		__u32 key_size;
		__u32 value_size;
		__u32 max_entries;
		__u32 map_flags;
		__u32 inner_map_fd;
		__u32 numa_node;
		char map_name[16];
		__u32 map_ifindex;
		__u32 btf_fd;
		__u32 btf_key_type_id;
		__u32 btf_value_type_id;
		__u32 btf_vmlinux_value_type_id;
		__u64 map_extra;
		__s32 value_type_btf_obj_fd;
		__s32 map_token_fd;
		__u64 excl_prog_hash;
		__u32 excl_prog_hash_size;
	} map_create;

	struct {
		__u32 map_fd;
		__u64 key;
		__u64 value; /* next_key for GET_NEXT_KEY */
		__u64 flags;
	} elem;

	struct {
		__u64 in_batch;
		__u64 out_batch;
		__u64 keys;
		__u64 values;
		__u32 count;
		__u32 map_fd;
		__u64 elem_flags;
		__u64 flags;
	} batch;

	struct {
		__u32 prog_type;
		__u32 insn_cnt;
		__u64 insns;
		__u64 license;
		__u32 log_level;
		__u32 log_size;
		__u64 log_buf;
		__u32 kern_version;
		__u32 prog_flags;
		char prog_name[16];
		__u32 prog_ifindex;
		__u32 expected_attach_type;
		__u32 prog_btf_fd;
		__u32 func_info_rec_size;
		__u64 func_info;
		__u32 func_info_cnt;
		__u32 line_info_rec_size;
		__u64 line_info;
		__u32 line_info_cnt;
		__u32 attach_btf_id;
		__u32 attach_prog_fd; /* or attach_btf_obj_fd */
		__u32 core_relo_cnt;
		__u64 fd_array;
		__u64 core_relos;
		__u32 core_relo_rec_size;
		__u32 log_true_size;
		__s32 prog_token_fd;
		__u32 fd_array_cnt;
		__u64 signature;
		__u32 signature_size;
		__s32 keyring_id;
	} prog_load;

	struct {
		__u64 pathname;
		__u32 bpf_fd;
		__u32 file_flags;
		__s32 path_fd;
	} obj;

	struct {
		__u32 target_fd; /* or target_ifindex */
		__u32 attach_bpf_fd;
		__u32 attach_type;
		__u32 attach_flags;
		__u32 replace_bpf_fd;
		__u32 relative_fd_or_id;
		__u64 expected_revision;
	} attach;

	struct {
		__u32 prog_fd;
		__u32 retval;
		__u32 data_size_in;
		__u32 data_size_out;
		__u64 data_in;
		__u64 data_out;
		__u32 repeat;
		__u32 duration;
		__u32 ctx_size_in;
		__u32 ctx_size_out;
		__u64 ctx_in;
		__u64 ctx_out;
		__u32 flags;
		__u32 cpu;
		__u32 batch_size;
	} test;

	struct {
		__u32 start_id; /* or prog_id/map_id/btf_id/link_id */
		__u32 next_id;
		__u32 open_flags;
		__s32 token_fd;
	} id;

	struct {
		__u32 bpf_fd;
		__u32 info_len;
		__u64 info;
	} info;

	struct {
		__u32 target_fd; /* or target_ifindex */
		__u32 attach_type;
		__u32 query_flags;
		__u32 attach_flags;
		__u64 prog_ids;
		__u32 prog_cnt;
		__u32 pad;
		__u64 prog_attach_flags;
		__u64 link_ids;
		__u64 link_attach_flags;
		__u64 revision;
	} query;

	struct {
		__u64 name;
		__u32 prog_fd;
		__u32 pad;
		__u64 cookie;
	} raw_tp;

	struct {
		__u64 btf;
		__u64 btf_log_buf;
		__u32 btf_size;
		__u32 btf_log_size;
		__u32 btf_log_level;
		__u32 btf_log_true_size;
		__u32 btf_flags;
		__s32 btf_token_fd;
	} btf_load;

	struct {
		__u32 pid;
		__u32 fd;
		__u32 flags;
		__u32 buf_len;
		__u64 buf;
		__u32 prog_id;
		__u32 fd_type;
		__u64 probe_offset;
		__u64 probe_addr;
	} task_fd_query;

	struct {
		__u32 prog_fd; /* or map_fd for struct_ops */
		__u32 target_fd; /* or target_ifindex */
		__u32 attach_type;
		__u32 flags;
		union {
			__u32 target_btf_id;
			struct {
				__u64 iter_info;
				__u32 iter_info_len;
			};
			struct {
				__u64 bpf_cookie;
			} perf_event;
			struct {
				__u32 flags;
				__u32 cnt;
				__u64 syms;
				__u64 addrs;
				__u64 cookies;
			} kprobe_multi;
			struct {
				__u32 target_btf_id;
				__u64 cookie;
			} tracing;
			struct {
				__u32 pf;
				__u32 hooknum;
				__s32 priority;
				__u32 flags;
			} netfilter;
			struct bk_attr_rel tcx;
			struct {
				__u64 path;
				__u64 offsets;
				__u64 ref_ctr_offsets;
				__u64 cookies;
				__u32 cnt;
				__u32 flags;
				__u32 pid;
			} uprobe_multi;
			struct bk_attr_rel netkit;
			struct bk_attr_rel cgroup;
		};
	} link_create;

	struct {
		__u32 link_fd;
		__u32 new_fd; /* program, or struct_ops map */
		__u32 flags;
		__u32 old_fd;
	} link_update;

	struct {
		__u32 link_fd;
	} link_detach;

	struct {
		__u32 type;
	} enable_stats;

	struct {
		__u32 link_fd;
		__u32 flags;
	} iter_create;

	struct {
		__u32 prog_fd;
		__u32 map_fd;
		__u32 flags;
	} prog_bind_map;

	struct {
		__u32 flags;
		__u32 bpffs_fd;
	} token_create;

	struct {
		__u64 stream_buf;
		__u32 stream_buf_len;
		__u32 stream_id;
		__u32 prog_fd;
	} prog_stream_read;

	struct {
		__u32 map_fd;
		__u32 prog_fd;
		__u32 flags;
	} prog_assoc_struct_ops;
} __attribute__((aligned(8)));

/* Size of the attribute block up to and including member.field. */
#define BK_ATTR_SZ(field) offsetofend(union bk_attr, field)

#endif
