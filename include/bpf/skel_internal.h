/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Runtime of light skeletons (`bpfkit gen skeleton -L`): header-only, needs
 * nothing but libc and the bpf() syscall, so a generated *.lskel.h works in
 * programs that do not link bpfkit.
 *
 * A light skeleton embeds two blobs made by bpf_object__gen_loader(): a
 * BPF_PROG_TYPE_SYSCALL loader program and the data it reads. At load time
 * bpf_load_and_run() puts the data into a one-element array map, loads the
 * loader with that map as fd_array[0] and runs it once with
 * BPF_PROG_TEST_RUN on the skeleton's context: struct bpf_loader_ctx
 * followed by one struct bpf_map_desc per map and one struct bpf_prog_desc
 * per program of the object, in object order. The loader creates the maps,
 * fills global data from each desc's initial_value, loads the programs and
 * writes the fds back into the descs.
 */
#ifndef __SKEL_INTERNAL_H
#define __SKEL_INTERNAL_H

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/bpf.h>

#ifndef __NR_bpf
# if defined(__x86_64__)
#  define __NR_bpf 321
# elif defined(__i386__)
#  define __NR_bpf 357
# elif defined(__aarch64__) || defined(__riscv) || defined(__loongarch__)
#  define __NR_bpf 280
# elif defined(__arm__)
#  define __NR_bpf 386
# elif defined(__powerpc__)
#  define __NR_bpf 361
# elif defined(__s390__)
#  define __NR_bpf 351
# elif defined(__mips__) && defined(_ABIO32)
#  define __NR_bpf 4355
# elif defined(__mips__) && defined(_ABIN32)
#  define __NR_bpf 6319
# elif defined(__mips__) && defined(_ABI64)
#  define __NR_bpf 5315
# endif
#endif

#ifndef SHA256_DIGEST_LENGTH
#define SHA256_DIGEST_LENGTH 32
#endif

#ifndef offsetofend
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))
#endif

/* Per map of the object: map_fd is written by the loader; max_entries
 * (0: the object's value) and initial_value (address of the global data
 * image, 0: the image in the loader's data) are read by it. */
struct bpf_map_desc {
	int map_fd;
	__u32 max_entries;
	__aligned_u64 initial_value;
};

/* Per program of the object: written by the loader (0: not loaded). */
struct bpf_prog_desc {
	int prog_fd;
};

enum {
	/* initial_value addresses are kernel memory (loader run by a module) */
	BPF_SKEL_KERNEL = (1ULL << 0),
};

/* Head of the loader program's context; sz is the size of the whole
 * context (head + map descs + prog descs). log_* go to every program
 * load the loader makes. */
struct bpf_loader_ctx {
	__u32 sz;
	__u32 flags;
	__u32 log_level;
	__u32 log_size;
	__u64 log_buf;
};

struct bpf_load_and_run_opts {
	struct bpf_loader_ctx *ctx;
	const void *data;
	const void *insns;
	__u32 data_sz;
	__u32 insns_sz;
	/* out: which step failed */
	const char *errstr;
	/* signed loaders (not supported here: must stay NULL/0) */
	void *signature;
	__u32 signature_sz;
	__s32 keyring_id;
	void *excl_prog_hash;
	__u32 excl_prog_hash_sz;
};

static inline int skel_sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static inline void *skel_alloc(size_t size)
{
	return calloc(1, size);
}

static inline void skel_free(void *p)
{
	free(p);
}

/* Global data of a light skeleton lives in shared anonymous memory until
 * load (so the loader can read it and the caller can edit it), then the
 * same address is remapped onto the map (skel_finalize_map_data()). */
static inline void *skel_prep_map_data(const void *val, size_t mmap_sz, size_t val_sz)
{
	void *p = mmap(NULL, mmap_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, val, val_sz);
	return p;
}

/* Put map fd's memory at the address in *init_val (from
 * skel_prep_map_data()); flags are the PROT_ bits. NULL on failure. */
static inline void *skel_finalize_map_data(__u64 *init_val, size_t mmap_sz, int flags, int fd)
{
	void *p = mmap((void *)(long)*init_val, mmap_sz, flags, MAP_SHARED | MAP_FIXED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

static inline void skel_free_map_data(void *p, __u64 addr, size_t sz)
{
	(void)addr;
	munmap(p, sz);
}

/* Close fd when the loader set it (fds of a light skeleton start at 0,
 * meaning "none"). */
static inline int skel_closenz(int fd)
{
	return fd > 0 ? close(fd) : -EINVAL;
}

static inline int skel_map_create(enum bpf_map_type map_type, const char *map_name,
				  __u32 key_size, __u32 value_size, __u32 max_entries,
				  const void *excl_prog_hash, __u32 excl_prog_hash_sz)
{
	const size_t sz = offsetofend(union bpf_attr, map_extra);
	union bpf_attr attr;

	/* exclusive maps need a kernel newer than our uapi: not supported */
	if (excl_prog_hash || excl_prog_hash_sz) {
		errno = EOPNOTSUPP;
		return -EOPNOTSUPP;
	}
	memset(&attr, 0, sizeof(attr));
	attr.map_type = map_type;
	strncpy(attr.map_name, map_name, sizeof(attr.map_name) - 1);
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	return skel_sys_bpf(BPF_MAP_CREATE, &attr, sz);
}

static inline int skel_map_update_elem(int fd, const void *key, const void *value, __u64 flags)
{
	const size_t sz = offsetofend(union bpf_attr, flags);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (long)key;
	attr.value = (long)value;
	attr.flags = flags;
	return skel_sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sz);
}

static inline int skel_map_delete_elem(int fd, const void *key)
{
	const size_t sz = offsetofend(union bpf_attr, flags);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (long)key;
	return skel_sys_bpf(BPF_MAP_DELETE_ELEM, &attr, sz);
}

static inline int skel_map_freeze(int fd)
{
	const size_t sz = offsetofend(union bpf_attr, map_fd);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	return skel_sys_bpf(BPF_MAP_FREEZE, &attr, sz);
}

static inline int skel_map_get_fd_by_id(__u32 id)
{
	const size_t sz = offsetofend(union bpf_attr, flags);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;
	return skel_sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr, sz);
}

static inline int skel_obj_get_info_by_fd(int fd, void *info, __u32 *info_len)
{
	const size_t sz = offsetofend(union bpf_attr, info);
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info = (long)info;
	attr.info.info_len = *info_len;
	err = skel_sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sz);
	*info_len = attr.info.info_len;
	return err;
}

static inline int skel_raw_tracepoint_open(const char *name, int prog_fd)
{
	const size_t sz = offsetofend(union bpf_attr, raw_tracepoint.prog_fd);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = (long)name;
	attr.raw_tracepoint.prog_fd = prog_fd;
	return skel_sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr, sz);
}

static inline int skel_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type)
{
	const size_t sz = offsetofend(union bpf_attr, link_create.iter_info_len);
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = attach_type;
	return skel_sys_bpf(BPF_LINK_CREATE, &attr, sz);
}

/* errno of the failed call as a negative return value */
#define set_err err = -errno

/* Load the loader program with its data and run it on opts->ctx. 0 on
 * success (the descs after ctx hold the fds), else a negative errno with
 * errno set and opts->errstr naming the step. */
static inline int bpf_load_and_run(struct bpf_load_and_run_opts *opts)
{
	const size_t load_sz = offsetofend(union bpf_attr, fd_array);
	const size_t run_sz = offsetofend(union bpf_attr, test);
	int map_fd = -1, prog_fd = -1, key = 0, err;
	union bpf_attr attr;

	if (opts->signature || opts->signature_sz || opts->excl_prog_hash) {
		opts->errstr = "signed loaders are not supported";
		errno = EOPNOTSUPP;
		return -EOPNOTSUPP;
	}
	map_fd = skel_map_create(BPF_MAP_TYPE_ARRAY, "__loader.map", 4, opts->data_sz, 1, NULL,
				 0);
	if (map_fd < 0) {
		opts->errstr = "failed to create loader map";
		set_err;
		goto out;
	}
	if (skel_map_update_elem(map_fd, &key, opts->data, 0) < 0) {
		opts->errstr = "failed to update loader map";
		set_err;
		goto out;
	}
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SYSCALL;
	attr.insns = (long)opts->insns;
	attr.insn_cnt = opts->insns_sz / sizeof(struct bpf_insn);
	attr.license = (long)"Dual BSD/GPL";
	strncpy(attr.prog_name, "__loader.prog", sizeof(attr.prog_name) - 1);
	/* the loader reaches its data as fd_array[0] */
	attr.fd_array = (long)&map_fd;
	attr.log_level = opts->ctx->log_level;
	attr.log_size = opts->ctx->log_size;
	attr.log_buf = opts->ctx->log_buf;
	/* sleepable: it copies global data from user memory */
	attr.prog_flags = BPF_F_SLEEPABLE;
	prog_fd = skel_sys_bpf(BPF_PROG_LOAD, &attr, load_sz);
	if (prog_fd < 0) {
		opts->errstr = "failed to load loader prog";
		set_err;
		goto out;
	}
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.ctx_in = (long)opts->ctx;
	attr.test.ctx_size_in = opts->ctx->sz;
	err = skel_sys_bpf(BPF_PROG_RUN, &attr, run_sz);
	if (err < 0) {
		opts->errstr = "failed to execute loader prog";
		set_err;
		goto out;
	}
	err = (int)attr.test.retval;
	if (err < 0) {
		opts->errstr = "loader prog failed";
		errno = -err;
		goto out;
	}
	err = 0;
out:
	if (map_fd >= 0)
		close(map_fd);
	if (prog_fd >= 0)
		close(prog_fd);
	return err;
}

#endif
