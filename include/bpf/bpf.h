/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfkit: thin wrappers around the bpf() system call, source compatible
 * with libbpf 1.x <bpf/bpf.h>.
 *
 * Every function returns a file descriptor or 0 on success and a negative
 * errno on failure, with errno set to the same (positive) value. Every fd
 * handed out is O_CLOEXEC and never 0, 1 or 2.
 *
 * Options structs start with `size_t sz` (set by LIBBPF_OPTS()); fields a
 * caller does not know about are treated as zero.
 */
#ifndef __BPFKIT_BPF_H
#define __BPFKIT_BPF_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Set the RLIMIT_MEMLOCK value applied on kernels that still charge BPF
 * memory against it (before 5.11); 0 leaves the limit alone. Must be called
 * before the first map or program is created, else -EBUSY. */
LIBBPF_API int libbpf_set_memlock_rlim(size_t memlock_bytes);

struct bpf_map_create_opts {
	size_t sz;

	__u32 btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_vmlinux_value_type_id;

	__u32 inner_map_fd;
	__u32 map_flags;
	__u64 map_extra;

	__u32 numa_node;
	__u32 map_ifindex;
	__s32 value_type_btf_obj_fd;

	__u32 token_fd;

	/* hash of the only program allowed to use this map */
	const void *excl_prog_hash;
	__u32 excl_prog_hash_size;
	size_t :0;
};
#define bpf_map_create_opts__last_field excl_prog_hash_size

/* Create a map; returns its fd. map_name may be NULL. */
LIBBPF_API int bpf_map_create(enum bpf_map_type map_type,
			      const char *map_name,
			      __u32 key_size,
			      __u32 value_size,
			      __u32 max_entries,
			      const struct bpf_map_create_opts *opts);

struct bpf_prog_load_opts {
	size_t sz;

	/* how many times to try BPF_PROG_LOAD while it fails with EAGAIN
	 * (0 means the default of 5) */
	int attempts;

	enum bpf_attach_type expected_attach_type;
	__u32 prog_btf_fd;
	__u32 prog_flags;
	__u32 prog_ifindex;
	__u32 kern_version;

	__u32 attach_btf_id;
	__u32 attach_prog_fd;
	__u32 attach_btf_obj_fd;

	const int *fd_array;

	/* .BTF.ext function records */
	const void *func_info;
	__u32 func_info_cnt;
	__u32 func_info_rec_size;

	/* .BTF.ext line records */
	const void *line_info;
	__u32 line_info_cnt;
	__u32 line_info_rec_size;

	/* verifier log */
	__u32 log_level;
	__u32 log_size;
	char *log_buf;
	/* out: full size the log needed, terminating NUL included */
	__u32 log_true_size;
	__u32 token_fd;

	/* number of entries in fd_array, if set */
	__u32 fd_array_cnt;
	size_t :0;
};
#define bpf_prog_load_opts__last_field fd_array_cnt

/* Load a program from insn_cnt instructions; returns its fd. */
LIBBPF_API int bpf_prog_load(enum bpf_prog_type prog_type,
			     const char *prog_name, const char *license,
			     const struct bpf_insn *insns, size_t insn_cnt,
			     struct bpf_prog_load_opts *opts);

/* Kept for old callers: loader flag with no effect in 1.x. */
#define MAPS_RELAX_COMPAT	0x01

/* A log buffer size every kernel accepts (the old verifier maximum). */
#define BPF_LOG_BUF_SIZE (UINT32_MAX >> 8)

struct bpf_btf_load_opts {
	size_t sz;

	/* kernel log */
	char *log_buf;
	__u32 log_level;
	__u32 log_size;
	/* out: full size the log needed, terminating NUL included */
	__u32 log_true_size;

	__u32 btf_flags;
	__u32 token_fd;
	size_t :0;
};
#define bpf_btf_load_opts__last_field token_fd

/* Load raw BTF data into the kernel; returns the BTF object fd. */
LIBBPF_API int bpf_btf_load(const void *btf_data, size_t btf_size,
			    struct bpf_btf_load_opts *opts);

/* Create or replace one element (flags: BPF_ANY, BPF_NOEXIST, BPF_EXIST,
 * BPF_F_LOCK). */
LIBBPF_API int bpf_map_update_elem(int fd, const void *key, const void *value,
				   __u64 flags);

/* Copy the value stored under key into value. */
LIBBPF_API int bpf_map_lookup_elem(int fd, const void *key, void *value);
/* Same, with lookup flags such as BPF_F_LOCK. */
LIBBPF_API int bpf_map_lookup_elem_flags(int fd, const void *key, void *value,
					 __u64 flags);
/* Look up and remove an element (also pops queue/stack maps: key NULL). */
LIBBPF_API int bpf_map_lookup_and_delete_elem(int fd, const void *key,
					      void *value);
/* Same, with flags. */
LIBBPF_API int bpf_map_lookup_and_delete_elem_flags(int fd, const void *key,
						    void *value, __u64 flags);
/* Remove the element stored under key. */
LIBBPF_API int bpf_map_delete_elem(int fd, const void *key);
/* Same, with flags. */
LIBBPF_API int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags);
/* Key following key (or the first key if key is NULL); -ENOENT at the end. */
LIBBPF_API int bpf_map_get_next_key(int fd, const void *key, void *next_key);
/* Make the map read-only for user space from now on. */
LIBBPF_API int bpf_map_freeze(int fd);

struct bpf_map_batch_opts {
	size_t sz;
	__u64 elem_flags;
	__u64 flags;
};
#define bpf_map_batch_opts__last_field flags

/* Delete *count keys; *count is updated to the number deleted. */
LIBBPF_API int bpf_map_delete_batch(int fd, const void *keys,
				    __u32 *count,
				    const struct bpf_map_batch_opts *opts);

/* Read up to *count elements starting after in_batch (NULL: from the
 * start); out_batch receives the position to continue from. *count is set
 * to the number read; -ENOENT once the whole map was read. */
LIBBPF_API int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch,
				    void *keys, void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts);

/* Like bpf_map_lookup_batch() but removes what it reads. */
LIBBPF_API int bpf_map_lookup_and_delete_batch(int fd, void *in_batch,
					       void *out_batch, void *keys,
					       void *values, __u32 *count,
					       const struct bpf_map_batch_opts *opts);

/* Write *count key/value pairs; *count is updated to the number written. */
LIBBPF_API int bpf_map_update_batch(int fd, const void *keys, const void *values,
				    __u32 *count,
				    const struct bpf_map_batch_opts *opts);

struct bpf_obj_pin_opts {
	size_t sz;

	__u32 file_flags;
	/* directory fd pathname is relative to (with BPF_F_PATH_FD) */
	int path_fd;

	size_t :0;
};
#define bpf_obj_pin_opts__last_field path_fd

/* Pin the object behind fd at pathname in a BPF filesystem. */
LIBBPF_API int bpf_obj_pin(int fd, const char *pathname);
/* Same, with opts. */
LIBBPF_API int bpf_obj_pin_opts(int fd, const char *pathname,
				const struct bpf_obj_pin_opts *opts);

struct bpf_obj_get_opts {
	size_t sz;

	__u32 file_flags;
	/* directory fd pathname is relative to (with BPF_F_PATH_FD) */
	int path_fd;

	size_t :0;
};
#define bpf_obj_get_opts__last_field path_fd

/* Open a new fd for the object pinned at pathname. */
LIBBPF_API int bpf_obj_get(const char *pathname);
/* Same, with opts. */
LIBBPF_API int bpf_obj_get_opts(const char *pathname,
				const struct bpf_obj_get_opts *opts);

/* Attach prog_fd to attachable_fd (e.g. a cgroup) with flags such as
 * BPF_F_ALLOW_MULTI. */
LIBBPF_API int bpf_prog_attach(int prog_fd, int attachable_fd,
			       enum bpf_attach_type type, unsigned int flags);
/* Detach whatever is attached for type (single-program attach points). */
LIBBPF_API int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type);
/* Detach the given program. */
LIBBPF_API int bpf_prog_detach2(int prog_fd, int attachable_fd,
				enum bpf_attach_type type);

struct bpf_prog_attach_opts {
	size_t sz;
	__u32 flags;
	union {
		int replace_prog_fd;
		int replace_fd;
	};
	int relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_prog_attach_opts__last_field expected_revision

struct bpf_prog_detach_opts {
	size_t sz;
	__u32 flags;
	int relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_prog_detach_opts__last_field expected_revision

/* Attach prog_fd to target (an fd, or an ifindex for tcx/netkit). */
LIBBPF_API int bpf_prog_attach_opts(int prog_fd, int target,
				    enum bpf_attach_type type,
				    const struct bpf_prog_attach_opts *opts);

/* Detach prog_fd (may be 0 for some attach points) from target. */
LIBBPF_API int bpf_prog_detach_opts(int prog_fd, int target,
				    enum bpf_attach_type type,
				    const struct bpf_prog_detach_opts *opts);

union bpf_iter_link_info; /* from linux/bpf.h */
struct bpf_link_create_opts {
	size_t sz;
	__u32 flags;
	union bpf_iter_link_info *iter_info;
	__u32 iter_info_len;
	__u32 target_btf_id;
	union {
		struct {
			__u64 bpf_cookie;
		} perf_event;
		struct {
			__u32 flags;
			__u32 cnt;
			const char **syms;
			const unsigned long *addrs;
			const __u64 *cookies;
		} kprobe_multi;
		struct {
			__u32 flags;
			__u32 cnt;
			const char *path;
			const unsigned long *offsets;
			const unsigned long *ref_ctr_offsets;
			const __u64 *cookies;
			__u32 pid;
		} uprobe_multi;
		struct {
			__u64 cookie;
		} tracing;
		struct {
			__u32 pf;
			__u32 hooknum;
			__s32 priority;
			__u32 flags;
		} netfilter;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} tcx;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} netkit;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} cgroup;
	};
	size_t :0;
};
#define bpf_link_create_opts__last_field uprobe_multi.pid

/* Create a BPF link attaching prog_fd to target_fd; returns the link fd. */
LIBBPF_API int bpf_link_create(int prog_fd, int target_fd,
			       enum bpf_attach_type attach_type,
			       const struct bpf_link_create_opts *opts);

/* Detach a link without closing it (it becomes defunct). */
LIBBPF_API int bpf_link_detach(int link_fd);

struct bpf_link_update_opts {
	size_t sz;
	__u32 flags;
	__u32 old_prog_fd; /* only replace if this program is attached */
	__u32 old_map_fd;  /* same for struct_ops links */
};
#define bpf_link_update_opts__last_field old_map_fd

/* Swap the program (or struct_ops map) behind a link. */
LIBBPF_API int bpf_link_update(int link_fd, int new_prog_fd,
			       const struct bpf_link_update_opts *opts);

/* Create an iterator fd from an iter link; read() it for output. */
LIBBPF_API int bpf_iter_create(int link_fd);

/* Layout kept from 0.x for source that still declares it. */
struct bpf_prog_test_run_attr {
	int prog_fd;
	int repeat;
	const void *data_in;
	__u32 data_size_in;
	void *data_out;
	__u32 data_size_out;
	__u32 retval;
	__u32 duration;
	const void *ctx_in;
	__u32 ctx_size_in;
	void *ctx_out;
	__u32 ctx_size_out;
};

/* Next id after start_id of a loaded program/map/BTF/link; -ENOENT when
 * there is none. */
LIBBPF_API int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_map_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_link_get_next_id(__u32 start_id, __u32 *next_id);

struct bpf_get_fd_by_id_opts {
	size_t sz;
	__u32 open_flags; /* BPF_F_RDONLY etc. */
	__u32 token_fd;
	size_t :0;
};
#define bpf_get_fd_by_id_opts__last_field token_fd

/* Open a new fd for the program/map/BTF/link with the given id. */
LIBBPF_API int bpf_prog_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_prog_get_fd_by_id_opts(__u32 id,
					  const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_map_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_map_get_fd_by_id_opts(__u32 id,
					 const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_btf_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_btf_get_fd_by_id_opts(__u32 id,
					 const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_link_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_link_get_fd_by_id_opts(__u32 id,
					  const struct bpf_get_fd_by_id_opts *opts);

/* Fill info (at most *info_len bytes) about any BPF object; *info_len is
 * set to the number of bytes the kernel wrote. info should be zeroed except
 * for array pointers/counts the caller wants filled. */
LIBBPF_API int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);

/* Typed variants of bpf_obj_get_info_by_fd(). */
LIBBPF_API int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info,
				       __u32 *info_len);
LIBBPF_API int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info,
				      __u32 *info_len);
LIBBPF_API int bpf_btf_get_info_by_fd(int btf_fd, struct bpf_btf_info *info,
				      __u32 *info_len);
LIBBPF_API int bpf_link_get_info_by_fd(int link_fd, struct bpf_link_info *info,
				       __u32 *info_len);

struct bpf_prog_query_opts {
	size_t sz;
	__u32 query_flags;
	__u32 attach_flags; /* out */
	__u32 *prog_ids;
	union {
		/* in: room in the arrays; out: number attached */
		__u32 prog_cnt;
		__u32 count;
	};
	__u32 *prog_attach_flags;
	__u32 *link_ids;
	__u32 *link_attach_flags;
	__u64 revision; /* out */
	size_t :0;
};
#define bpf_prog_query_opts__last_field revision

/* List the programs (and links) attached to target for type. */
LIBBPF_API int bpf_prog_query_opts(int target, enum bpf_attach_type type,
				   struct bpf_prog_query_opts *opts);
/* Older form of bpf_prog_query_opts(). */
LIBBPF_API int bpf_prog_query(int target_fd, enum bpf_attach_type type,
			      __u32 query_flags, __u32 *attach_flags,
			      __u32 *prog_ids, __u32 *prog_cnt);

struct bpf_raw_tp_opts {
	size_t sz;
	const char *tp_name;
	__u64 cookie;
	size_t :0;
};
#define bpf_raw_tp_opts__last_field cookie

/* Attach a raw tracepoint (or BTF-typed tracing) program; returns a link fd. */
LIBBPF_API int bpf_raw_tracepoint_open_opts(int prog_fd, struct bpf_raw_tp_opts *opts);
LIBBPF_API int bpf_raw_tracepoint_open(const char *name, int prog_fd);

/* Describe the BPF program attached through fd of process pid. */
LIBBPF_API int bpf_task_fd_query(int pid, int fd, __u32 flags, char *buf,
				 __u32 *buf_len, __u32 *prog_id, __u32 *fd_type,
				 __u64 *probe_offset, __u64 *probe_addr);

/* Turn on kernel-wide statistics (e.g. BPF_STATS_RUN_TIME) while the
 * returned fd stays open. */
#ifdef __cplusplus
LIBBPF_API int bpf_enable_stats(int type);
#else
enum bpf_stats_type; /* from linux/bpf.h */
LIBBPF_API int bpf_enable_stats(enum bpf_stats_type type);
#endif

struct bpf_prog_bind_opts {
	size_t sz;
	__u32 flags;
};
#define bpf_prog_bind_opts__last_field flags

/* Tie the lifetime of map_fd's map to the program's (shows in map_ids). */
LIBBPF_API int bpf_prog_bind_map(int prog_fd, int map_fd,
				 const struct bpf_prog_bind_opts *opts);

struct bpf_test_run_opts {
	size_t sz;
	const void *data_in;
	void *data_out;
	__u32 data_size_in;
	__u32 data_size_out; /* in: room in data_out; out: bytes written */
	const void *ctx_in;
	void *ctx_out;
	__u32 ctx_size_in;
	__u32 ctx_size_out; /* in: room in ctx_out; out: bytes written */
	__u32 retval;  /* out: the program's return value */
	int repeat;
	__u32 duration; /* out: average ns per run */
	__u32 flags;
	__u32 cpu;
	__u32 batch_size;
};
#define bpf_test_run_opts__last_field batch_size

/* Run the program in the kernel on the given input (BPF_PROG_TEST_RUN). */
LIBBPF_API int bpf_prog_test_run_opts(int prog_fd,
				      struct bpf_test_run_opts *opts);

struct bpf_token_create_opts {
	size_t sz;
	__u32 flags;
	size_t :0;
};
#define bpf_token_create_opts__last_field flags

/* Create a BPF token from a BPF filesystem mounted with delegation
 * options; the token fd can be passed as token_fd to other calls. */
LIBBPF_API int bpf_token_create(int bpffs_fd,
				struct bpf_token_create_opts *opts);

struct bpf_prog_stream_read_opts {
	size_t sz;
	size_t :0;
};
#define bpf_prog_stream_read_opts__last_field sz

/* Read up to buf_len bytes from a program's BPF stream (stdout/stderr);
 * returns the number of bytes read. */
LIBBPF_API int bpf_prog_stream_read(int prog_fd, __u32 stream_id, void *buf, __u32 buf_len,
				    struct bpf_prog_stream_read_opts *opts);

struct bpf_prog_assoc_struct_ops_opts {
	size_t sz;
	__u32 flags;
	size_t :0;
};
#define bpf_prog_assoc_struct_ops_opts__last_field flags

/* Associate a program with a struct_ops map (kernels with that command). */
LIBBPF_API int bpf_prog_assoc_struct_ops(int prog_fd, int map_fd,
					 struct bpf_prog_assoc_struct_ops_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
