// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The bpf() system call layer: one wrapper per command, filling our own
 * attribute block (union bk_attr, laid out as Linux 6.18 expects) and
 * passing only the bytes up to the last field a command uses, so older
 * kernels see a zero tail they accept.
 *
 * Failures return -errno with errno set. Kernel-reported errors are logged
 * at debug level only: many of them (ENOENT from a lookup, the end of an
 * id walk) are ordinary results callers test for in loops.
 */
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "uapi_compat.h"

#define PROG_LOAD_DEFAULT_ATTEMPTS 5

/* Our attribute block must match the kernel's where 6.1 already knew it. */
#define BK_SAME(ours, theirs)                                                \
	_Static_assert(offsetof(union bk_attr, ours) ==                      \
			       offsetof(union bpf_attr, theirs),             \
		       #ours " offset")
BK_SAME(map_create.map_extra, map_extra);
BK_SAME(elem.flags, flags);
BK_SAME(batch.flags, batch.flags);
BK_SAME(prog_load.fd_array, fd_array);
BK_SAME(prog_load.core_relo_rec_size, core_relo_rec_size);
BK_SAME(obj.file_flags, file_flags);
BK_SAME(attach.replace_bpf_fd, replace_bpf_fd);
BK_SAME(test.batch_size, test.batch_size);
BK_SAME(id.open_flags, open_flags);
BK_SAME(info.info, info.info);
BK_SAME(query.prog_attach_flags, query.prog_attach_flags);
BK_SAME(raw_tp.prog_fd, raw_tracepoint.prog_fd);
BK_SAME(btf_load.btf_log_level, btf_log_level);
BK_SAME(task_fd_query.probe_addr, task_fd_query.probe_addr);
BK_SAME(link_create.kprobe_multi.cookies, link_create.kprobe_multi.cookies);
BK_SAME(link_create.tracing.cookie, link_create.tracing.cookie);
BK_SAME(link_update.old_fd, link_update.old_prog_fd);
BK_SAME(prog_bind_map.flags, prog_bind_map.flags);
/* and the 6.18 additions, at their ABI offsets */
_Static_assert(offsetof(union bk_attr, map_create.excl_prog_hash_size) == 88, "map_create");
_Static_assert(offsetof(union bk_attr, prog_load.fd_array_cnt) == 148, "prog_load");
_Static_assert(offsetof(union bk_attr, obj.path_fd) == 16, "obj");
_Static_assert(offsetof(union bk_attr, attach.expected_revision) == 24, "attach");
_Static_assert(offsetof(union bk_attr, query.revision) == 56, "query");
_Static_assert(offsetof(union bk_attr, btf_load.btf_token_fd) == 36, "btf_load");
_Static_assert(offsetof(union bk_attr, link_create.uprobe_multi.pid) == 56, "uprobe_multi");
_Static_assert(offsetof(union bk_attr, link_create.tcx.expected_revision) == 24, "tcx");

/* ---- raw system call ---------------------------------------------------- */

/* Issue cmd; returns the kernel's result or -errno (errno left set). */
static int bk_sys(int cmd, union bk_attr *attr, unsigned int size)
{
	long ret = syscall(__NR_bpf, cmd, attr, size);

	return ret < 0 ? -errno : (int)ret;
}

/* Same for commands that return a new fd: keep it off stdio, cloexec. */
static int bk_sys_fd(int cmd, union bk_attr *attr, unsigned int size)
{
	int fd = bk_sys(cmd, attr, size);

	if (fd < 0)
		return fd;
	fd = ensure_good_fd(fd);
	if (fd < 0)
		errno = -fd;
	return fd;
}

/* Common exit of every wrapper: errno set on failure, one debug line. */
static int bk_done(const char *what, int ret)
{
	if (ret < 0)
		pr_debug("%s failed: %s\n", what, errstr(ret));
	return libbpf_err(ret);
}

/* Reject a call whose arguments are unusable before the kernel sees it. */
static int bk_inval(const char *what, const char *why)
{
	pr_warn("%s: %s\n", what, why);
	return libbpf_err(-EINVAL);
}

/* Are bytes [from, sz) of an opts struct zero? Used where a union member
 * only makes sense for one attach type. */
static bool opts_tail_zero(const void *opts, size_t from)
{
	const char *p = opts;
	size_t sz;

	if (!opts)
		return true;
	sz = *(const size_t *)opts;
	for (size_t i = from; i < sz; i++)
		if (p[i])
			return false;
	return true;
}

#define OPTS_ZEROED(opts, field)                                             \
	opts_tail_zero(opts, offsetofend(typeof(*(opts)), field))

static void copy_obj_name(char dst[16], const char *name)
{
	if (!name)
		return;
	/* the kernel wants a NUL within 16 bytes; longer names are cut */
	for (size_t i = 0; i < 15 && name[i]; i++)
		dst[i] = name[i];
}

/* ---- RLIMIT_MEMLOCK ----------------------------------------------------- */

static rlim_t memlock_rlim = RLIM_INFINITY;
static int memlock_done;

/* Kernels from 5.11 on charge BPF memory to the memory cgroup instead of
 * RLIMIT_MEMLOCK, so only older ones need the limit raised. */
static bool kernel_uses_memcg(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return true;
	return major > 5 || (major == 5 && minor >= 11);
}

static void bump_memlock(void)
{
	struct rlimit rl;

	if (__atomic_exchange_n(&memlock_done, 1, __ATOMIC_RELAXED))
		return;
	if (!memlock_rlim || kernel_uses_memcg())
		return;
	rl.rlim_cur = rl.rlim_max = memlock_rlim;
	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		pr_warn("could not raise RLIMIT_MEMLOCK: %s\n", errstr(errno));
}

LIBBPF_API int libbpf_set_memlock_rlim(size_t memlock_bytes)
{
	if (__atomic_load_n(&memlock_done, __ATOMIC_RELAXED)) {
		pr_warn("libbpf_set_memlock_rlim: must be called before any BPF object is created\n");
		return libbpf_err(-EBUSY);
	}
	memlock_rlim = memlock_bytes;
	return 0;
}

/* ---- maps --------------------------------------------------------------- */

LIBBPF_API int bpf_map_create(enum bpf_map_type map_type, const char *map_name,
			      __u32 key_size, __u32 value_size, __u32 max_entries,
			      const struct bpf_map_create_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(map_create.excl_prog_hash_size);
	union bk_attr attr;

	bump_memlock();
	if (!OPTS_VALID(opts, bpf_map_create_opts))
		return libbpf_err(-EINVAL);

	memset(&attr, 0, sz);
	attr.map_create.map_type = map_type;
	copy_obj_name(attr.map_create.map_name, map_name);
	attr.map_create.key_size = key_size;
	attr.map_create.value_size = value_size;
	attr.map_create.max_entries = max_entries;

	attr.map_create.btf_fd = OPTS_GET(opts, btf_fd, 0);
	attr.map_create.btf_key_type_id = OPTS_GET(opts, btf_key_type_id, 0);
	attr.map_create.btf_value_type_id = OPTS_GET(opts, btf_value_type_id, 0);
	attr.map_create.btf_vmlinux_value_type_id =
		OPTS_GET(opts, btf_vmlinux_value_type_id, 0);
	attr.map_create.value_type_btf_obj_fd = OPTS_GET(opts, value_type_btf_obj_fd, 0);
	attr.map_create.inner_map_fd = OPTS_GET(opts, inner_map_fd, 0);
	attr.map_create.map_flags = OPTS_GET(opts, map_flags, 0);
	attr.map_create.map_extra = OPTS_GET(opts, map_extra, 0);
	attr.map_create.numa_node = OPTS_GET(opts, numa_node, 0);
	attr.map_create.map_ifindex = OPTS_GET(opts, map_ifindex, 0);
	attr.map_create.map_token_fd = OPTS_GET(opts, token_fd, 0);
	if (attr.map_create.map_token_fd)
		attr.map_create.map_flags |= BPFKIT_BPF_F_TOKEN_FD;
	attr.map_create.excl_prog_hash = ptr_to_u64(OPTS_GET(opts, excl_prog_hash, NULL));
	attr.map_create.excl_prog_hash_size = OPTS_GET(opts, excl_prog_hash_size, 0);

	return bk_done("BPF_MAP_CREATE", bk_sys_fd(BPF_MAP_CREATE, &attr, sz));
}

static int map_elem_cmd(int cmd, const char *what, int fd, const void *key,
			void *value, __u64 flags)
{
	const unsigned int sz = BK_ATTR_SZ(elem.flags);
	union bk_attr attr;

	memset(&attr, 0, sz);
	attr.elem.map_fd = fd;
	attr.elem.key = ptr_to_u64(key);
	attr.elem.value = ptr_to_u64(value);
	attr.elem.flags = flags;
	return bk_done(what, bk_sys(cmd, &attr, sz));
}

LIBBPF_API int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags)
{
	return map_elem_cmd(BPF_MAP_UPDATE_ELEM, "BPF_MAP_UPDATE_ELEM", fd, key,
			    (void *)value, flags);
}

LIBBPF_API int bpf_map_lookup_elem(int fd, const void *key, void *value)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_ELEM, "BPF_MAP_LOOKUP_ELEM", fd, key, value, 0);
}

LIBBPF_API int bpf_map_lookup_elem_flags(int fd, const void *key, void *value, __u64 flags)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_ELEM, "BPF_MAP_LOOKUP_ELEM", fd, key, value, flags);
}

LIBBPF_API int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_AND_DELETE_ELEM, "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
			    fd, key, value, 0);
}

LIBBPF_API int bpf_map_lookup_and_delete_elem_flags(int fd, const void *key, void *value,
						    __u64 flags)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_AND_DELETE_ELEM, "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
			    fd, key, value, flags);
}

LIBBPF_API int bpf_map_delete_elem(int fd, const void *key)
{
	return map_elem_cmd(BPF_MAP_DELETE_ELEM, "BPF_MAP_DELETE_ELEM", fd, key, NULL, 0);
}

LIBBPF_API int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags)
{
	return map_elem_cmd(BPF_MAP_DELETE_ELEM, "BPF_MAP_DELETE_ELEM", fd, key, NULL, flags);
}

LIBBPF_API int bpf_map_get_next_key(int fd, const void *key, void *next_key)
{
	/* next_key shares the slot of value */
	return map_elem_cmd(BPF_MAP_GET_NEXT_KEY, "BPF_MAP_GET_NEXT_KEY", fd, key, next_key, 0);
}

LIBBPF_API int bpf_map_freeze(int fd)
{
	const unsigned int sz = BK_ATTR_SZ(elem.map_fd);
	union bk_attr attr;

	memset(&attr, 0, sz);
	attr.elem.map_fd = fd;
	return bk_done("BPF_MAP_FREEZE", bk_sys(BPF_MAP_FREEZE, &attr, sz));
}

static int map_batch_cmd(int cmd, const char *what, int fd, void *in_batch,
			 void *out_batch, const void *keys, const void *values,
			 __u32 *count, const struct bpf_map_batch_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(batch.flags);
	union bk_attr attr;
	int ret;

	if (!OPTS_VALID(opts, bpf_map_batch_opts))
		return libbpf_err(-EINVAL);
	if (!count)
		return bk_inval(what, "count must not be NULL");

	memset(&attr, 0, sz);
	attr.batch.map_fd = fd;
	attr.batch.in_batch = ptr_to_u64(in_batch);
	attr.batch.out_batch = ptr_to_u64(out_batch);
	attr.batch.keys = ptr_to_u64(keys);
	attr.batch.values = ptr_to_u64(values);
	attr.batch.count = *count;
	attr.batch.elem_flags = OPTS_GET(opts, elem_flags, 0);
	attr.batch.flags = OPTS_GET(opts, flags, 0);

	ret = bk_sys(cmd, &attr, sz);
	/* the kernel reports progress even when it stops early */
	*count = attr.batch.count;
	return bk_done(what, ret);
}

LIBBPF_API int bpf_map_delete_batch(int fd, const void *keys, __u32 *count,
				    const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_DELETE_BATCH, "BPF_MAP_DELETE_BATCH", fd, NULL, NULL,
			     keys, NULL, count, opts);
}

LIBBPF_API int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys,
				    void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_LOOKUP_BATCH, "BPF_MAP_LOOKUP_BATCH", fd, in_batch,
			     out_batch, keys, values, count, opts);
}

LIBBPF_API int bpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch,
					       void *keys, void *values, __u32 *count,
					       const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_LOOKUP_AND_DELETE_BATCH,
			     "BPF_MAP_LOOKUP_AND_DELETE_BATCH", fd, in_batch, out_batch,
			     keys, values, count, opts);
}

LIBBPF_API int bpf_map_update_batch(int fd, const void *keys, const void *values,
				    __u32 *count, const struct bpf_map_batch_opts *opts)
{
	return map_batch_cmd(BPF_MAP_UPDATE_BATCH, "BPF_MAP_UPDATE_BATCH", fd, NULL, NULL,
			     keys, values, count, opts);
}

/* ---- programs and BTF --------------------------------------------------- */

/* BPF_PROG_LOAD may fail with EAGAIN under verifier contention; retry. */
static int prog_load_retry(union bk_attr *attr, unsigned int sz, int attempts)
{
	int fd;

	do {
		fd = bk_sys_fd(BPF_PROG_LOAD, attr, sz);
	} while (fd == -EAGAIN && --attempts > 0);
	return fd;
}

static void prog_load_set_log(union bk_attr *attr, char *buf, __u32 size, __u32 level)
{
	attr->prog_load.log_buf = ptr_to_u64(buf);
	attr->prog_load.log_size = size;
	attr->prog_load.log_level = level;
}

static int prog_load_fill_attach(union bk_attr *attr, const struct bpf_prog_load_opts *opts)
{
	__u32 prog_fd = OPTS_GET(opts, attach_prog_fd, 0);
	__u32 obj_fd = OPTS_GET(opts, attach_btf_obj_fd, 0);

	/* one kernel field holds either, so both at once is ambiguous */
	if (prog_fd && obj_fd)
		return bk_inval("bpf_prog_load", "attach_prog_fd and attach_btf_obj_fd are exclusive");
	attr->prog_load.attach_prog_fd = prog_fd ? prog_fd : obj_fd;
	attr->prog_load.attach_btf_id = OPTS_GET(opts, attach_btf_id, 0);
	attr->prog_load.expected_attach_type = OPTS_GET(opts, expected_attach_type, 0);
	return 0;
}

static void prog_load_fill_btf(union bk_attr *attr, const struct bpf_prog_load_opts *opts)
{
	attr->prog_load.prog_btf_fd = OPTS_GET(opts, prog_btf_fd, 0);
	attr->prog_load.func_info = ptr_to_u64(OPTS_GET(opts, func_info, NULL));
	attr->prog_load.func_info_cnt = OPTS_GET(opts, func_info_cnt, 0);
	attr->prog_load.func_info_rec_size = OPTS_GET(opts, func_info_rec_size, 0);
	attr->prog_load.line_info = ptr_to_u64(OPTS_GET(opts, line_info, NULL));
	attr->prog_load.line_info_cnt = OPTS_GET(opts, line_info_cnt, 0);
	attr->prog_load.line_info_rec_size = OPTS_GET(opts, line_info_rec_size, 0);
}

static void prog_load_fill_misc(union bk_attr *attr, const struct bpf_prog_load_opts *opts)
{
	attr->prog_load.prog_flags = OPTS_GET(opts, prog_flags, 0);
	attr->prog_load.prog_ifindex = OPTS_GET(opts, prog_ifindex, 0);
	attr->prog_load.kern_version = OPTS_GET(opts, kern_version, 0);
	attr->prog_load.fd_array = ptr_to_u64(OPTS_GET(opts, fd_array, NULL));
	attr->prog_load.fd_array_cnt = OPTS_GET(opts, fd_array_cnt, 0);
	/* the kernel only looks at the token fd when the flag says so */
	attr->prog_load.prog_token_fd = OPTS_GET(opts, token_fd, 0);
	if (attr->prog_load.prog_token_fd)
		attr->prog_load.prog_flags |= BPFKIT_BPF_F_TOKEN_FD;
}

LIBBPF_API int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name,
			     const char *license, const struct bpf_insn *insns,
			     size_t insn_cnt, struct bpf_prog_load_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(prog_load.fd_array_cnt);
	union bk_attr attr;
	char *log_buf;
	__u32 log_size, log_level;
	int attempts, fd, err;

	bump_memlock();
	if (!OPTS_VALID(opts, bpf_prog_load_opts))
		return libbpf_err(-EINVAL);
	attempts = OPTS_GET(opts, attempts, 0);
	if (attempts < 0)
		return bk_inval("bpf_prog_load", "negative attempts");
	if (!attempts)
		attempts = PROG_LOAD_DEFAULT_ATTEMPTS;
	if (!insns || !insn_cnt)
		return bk_inval("bpf_prog_load", "no instructions");
	if (insn_cnt > UINT32_MAX) {
		pr_warn("bpf_prog_load: %zu instructions is too many\n", insn_cnt);
		return libbpf_err(-E2BIG);
	}
	log_buf = OPTS_GET(opts, log_buf, NULL);
	log_size = OPTS_GET(opts, log_size, 0);
	log_level = OPTS_GET(opts, log_level, 0);
	if (!!log_buf != !!log_size)
		return bk_inval("bpf_prog_load", "log_buf and log_size must be set together");

	memset(&attr, 0, sz);
	attr.prog_load.prog_type = prog_type;
	copy_obj_name(attr.prog_load.prog_name, prog_name);
	attr.prog_load.license = ptr_to_u64(license);
	attr.prog_load.insns = ptr_to_u64(insns);
	attr.prog_load.insn_cnt = (__u32)insn_cnt;
	err = prog_load_fill_attach(&attr, opts);
	if (err)
		return err;
	prog_load_fill_btf(&attr, opts);
	prog_load_fill_misc(&attr, opts);
	if (log_level)
		prog_load_set_log(&attr, log_buf, log_size, log_level);

	fd = prog_load_retry(&attr, sz, attempts);
	OPTS_SET(opts, log_true_size, attr.prog_load.log_true_size);
	if (fd >= 0 || !log_buf || log_level)
		return bk_done("BPF_PROG_LOAD", fd);

	/* A buffer with log_level 0 asks for a log only if loading fails:
	 * load again at level 1 so the caller learns why. */
	prog_load_set_log(&attr, log_buf, log_size, 1);
	fd = prog_load_retry(&attr, sz, attempts);
	OPTS_SET(opts, log_true_size, attr.prog_load.log_true_size);
	return bk_done("BPF_PROG_LOAD", fd);
}

static void btf_load_set_log(union bk_attr *attr, char *buf, __u32 size, __u32 level)
{
	attr->btf_load.btf_log_buf = ptr_to_u64(buf);
	attr->btf_load.btf_log_size = size;
	attr->btf_load.btf_log_level = level;
}

LIBBPF_API int bpf_btf_load(const void *btf_data, size_t btf_size,
			    struct bpf_btf_load_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(btf_load.btf_token_fd);
	union bk_attr attr;
	char *log_buf;
	__u32 log_size, log_level;
	int fd;

	bump_memlock();
	if (!OPTS_VALID(opts, bpf_btf_load_opts))
		return libbpf_err(-EINVAL);
	log_buf = OPTS_GET(opts, log_buf, NULL);
	log_size = OPTS_GET(opts, log_size, 0);
	log_level = OPTS_GET(opts, log_level, 0);
	if (!!log_buf != !!log_size)
		return bk_inval("bpf_btf_load", "log_buf and log_size must be set together");
	if (log_level && !log_buf)
		return bk_inval("bpf_btf_load", "log_level needs a log_buf");
	if (btf_size > UINT32_MAX) {
		pr_warn("bpf_btf_load: BTF of %zu bytes is too big\n", btf_size);
		return libbpf_err(-E2BIG);
	}

	memset(&attr, 0, sz);
	attr.btf_load.btf = ptr_to_u64(btf_data);
	attr.btf_load.btf_size = (__u32)btf_size;
	attr.btf_load.btf_flags = OPTS_GET(opts, btf_flags, 0);
	attr.btf_load.btf_token_fd = OPTS_GET(opts, token_fd, 0);
	if (attr.btf_load.btf_token_fd)
		attr.btf_load.btf_flags |= BPFKIT_BPF_F_TOKEN_FD;
	if (log_level)
		btf_load_set_log(&attr, log_buf, log_size, log_level);

	fd = bk_sys_fd(BPF_BTF_LOAD, &attr, sz);
	if (fd < 0 && log_buf && !log_level) {
		/* same "log only on failure" convention as bpf_prog_load() */
		btf_load_set_log(&attr, log_buf, log_size, 1);
		fd = bk_sys_fd(BPF_BTF_LOAD, &attr, sz);
	}
	OPTS_SET(opts, log_true_size, attr.btf_load.btf_log_true_size);
	return bk_done("BPF_BTF_LOAD", fd);
}

/* ---- bpffs pinning ------------------------------------------------------ */

LIBBPF_API int bpf_obj_pin_opts(int fd, const char *pathname,
				const struct bpf_obj_pin_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(obj.path_fd);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_obj_pin_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.obj.pathname = ptr_to_u64(pathname);
	attr.obj.bpf_fd = fd;
	attr.obj.file_flags = OPTS_GET(opts, file_flags, 0);
	attr.obj.path_fd = OPTS_GET(opts, path_fd, 0);
	return bk_done("BPF_OBJ_PIN", bk_sys(BPF_OBJ_PIN, &attr, sz));
}

LIBBPF_API int bpf_obj_pin(int fd, const char *pathname)
{
	return bpf_obj_pin_opts(fd, pathname, NULL);
}

LIBBPF_API int bpf_obj_get_opts(const char *pathname, const struct bpf_obj_get_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(obj.path_fd);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_obj_get_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.obj.pathname = ptr_to_u64(pathname);
	attr.obj.file_flags = OPTS_GET(opts, file_flags, 0);
	attr.obj.path_fd = OPTS_GET(opts, path_fd, 0);
	return bk_done("BPF_OBJ_GET", bk_sys_fd(BPF_OBJ_GET, &attr, sz));
}

LIBBPF_API int bpf_obj_get(const char *pathname)
{
	return bpf_obj_get_opts(pathname, NULL);
}

/* ---- attach / detach ---------------------------------------------------- */

/* relative_fd and relative_id name the same anchor two ways; the kernel
 * takes one number and BPF_F_ID says which. */
static int pick_relative(const char *what, __u32 rel_fd, __u32 rel_id, __u32 *flags,
			 __u32 *out)
{
	if (rel_fd && rel_id)
		return bk_inval(what, "relative_fd and relative_id are exclusive");
	if (rel_id) {
		*flags |= BPFKIT_BPF_F_ID;
		*out = rel_id;
	} else {
		*out = rel_fd;
	}
	return 0;
}

/* BPF_PROG_ATTACH and BPF_PROG_DETACH share their attribute layout. */
static int prog_attach_cmd(int cmd, const char *what, int prog_fd, int target,
			   enum bpf_attach_type type, __u32 flags, int rel_fd, __u32 rel_id,
			   int replace_fd, __u64 revision)
{
	const unsigned int sz = BK_ATTR_SZ(attach.expected_revision);
	union bk_attr attr;
	int err;

	memset(&attr, 0, sz);
	err = pick_relative(what, rel_fd, rel_id, &flags, &attr.attach.relative_fd_or_id);
	if (err)
		return err;
	attr.attach.target_fd = target;
	attr.attach.attach_bpf_fd = prog_fd;
	attr.attach.attach_type = type;
	attr.attach.attach_flags = flags;
	attr.attach.replace_bpf_fd = replace_fd;
	attr.attach.expected_revision = revision;
	return bk_done(cmd == BPF_PROG_ATTACH ? "BPF_PROG_ATTACH" : "BPF_PROG_DETACH",
		       bk_sys(cmd, &attr, sz));
}

LIBBPF_API int bpf_prog_attach_opts(int prog_fd, int target, enum bpf_attach_type type,
				    const struct bpf_prog_attach_opts *opts)
{
	if (!OPTS_VALID(opts, bpf_prog_attach_opts))
		return libbpf_err(-EINVAL);
	return prog_attach_cmd(BPF_PROG_ATTACH, "bpf_prog_attach_opts", prog_fd, target, type,
			       OPTS_GET(opts, flags, 0), OPTS_GET(opts, relative_fd, 0),
			       OPTS_GET(opts, relative_id, 0), OPTS_GET(opts, replace_fd, 0),
			       OPTS_GET(opts, expected_revision, 0));
}

LIBBPF_API int bpf_prog_attach(int prog_fd, int attachable_fd, enum bpf_attach_type type,
			       unsigned int flags)
{
	LIBBPF_OPTS(bpf_prog_attach_opts, opts, .flags = flags);

	return bpf_prog_attach_opts(prog_fd, attachable_fd, type, &opts);
}

LIBBPF_API int bpf_prog_detach_opts(int prog_fd, int target, enum bpf_attach_type type,
				    const struct bpf_prog_detach_opts *opts)
{
	if (!OPTS_VALID(opts, bpf_prog_detach_opts))
		return libbpf_err(-EINVAL);
	return prog_attach_cmd(BPF_PROG_DETACH, "bpf_prog_detach_opts", prog_fd, target, type,
			       OPTS_GET(opts, flags, 0), OPTS_GET(opts, relative_fd, 0),
			       OPTS_GET(opts, relative_id, 0), 0,
			       OPTS_GET(opts, expected_revision, 0));
}

LIBBPF_API int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type)
{
	return bpf_prog_detach_opts(0, attachable_fd, type, NULL);
}

LIBBPF_API int bpf_prog_detach2(int prog_fd, int attachable_fd, enum bpf_attach_type type)
{
	return bpf_prog_detach_opts(prog_fd, attachable_fd, type, NULL);
}

/* ---- links -------------------------------------------------------------- */

static bool is_cgroup_attach(int type)
{
	switch (type) {
	case BPF_CGROUP_INET_INGRESS:
	case BPF_CGROUP_INET_EGRESS:
	case BPF_CGROUP_INET_SOCK_CREATE:
	case BPF_CGROUP_INET_SOCK_RELEASE:
	case BPF_CGROUP_SOCK_OPS:
	case BPF_CGROUP_DEVICE:
	case BPF_CGROUP_INET4_BIND:
	case BPF_CGROUP_INET6_BIND:
	case BPF_CGROUP_INET4_CONNECT:
	case BPF_CGROUP_INET6_CONNECT:
	case BPF_CGROUP_INET4_POST_BIND:
	case BPF_CGROUP_INET6_POST_BIND:
	case BPF_CGROUP_UDP4_SENDMSG:
	case BPF_CGROUP_UDP6_SENDMSG:
	case BPF_CGROUP_UDP4_RECVMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
	case BPF_CGROUP_SYSCTL:
	case BPF_CGROUP_GETSOCKOPT:
	case BPF_CGROUP_SETSOCKOPT:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
	case BPFKIT_BPF_CGROUP_UNIX_CONNECT:
	case BPFKIT_BPF_CGROUP_UNIX_SENDMSG:
	case BPFKIT_BPF_CGROUP_UNIX_RECVMSG:
	case BPFKIT_BPF_CGROUP_UNIX_GETPEERNAME:
	case BPFKIT_BPF_CGROUP_UNIX_GETSOCKNAME:
		return true;
	default:
		return false;
	}
}

/* tcx, netkit and cgroup links share one relative-position layout. */
static int link_fill_rel(union bk_attr *attr, struct bk_attr_rel *rel, __u32 rel_fd,
			 __u32 rel_id, __u64 revision)
{
	int err = pick_relative("bpf_link_create", rel_fd, rel_id,
				&attr->link_create.flags, &rel->relative_fd_or_id);

	rel->expected_revision = revision;
	return err;
}

static int link_fill_kprobe_multi(union bk_attr *attr, const struct bpf_link_create_opts *opts)
{
	attr->link_create.kprobe_multi.flags = OPTS_GET(opts, kprobe_multi.flags, 0);
	attr->link_create.kprobe_multi.cnt = OPTS_GET(opts, kprobe_multi.cnt, 0);
	attr->link_create.kprobe_multi.syms = ptr_to_u64(OPTS_GET(opts, kprobe_multi.syms, NULL));
	attr->link_create.kprobe_multi.addrs = ptr_to_u64(OPTS_GET(opts, kprobe_multi.addrs, NULL));
	attr->link_create.kprobe_multi.cookies =
		ptr_to_u64(OPTS_GET(opts, kprobe_multi.cookies, NULL));
	return OPTS_ZEROED(opts, kprobe_multi) ? 0 : -EINVAL;
}

static int link_fill_uprobe_multi(union bk_attr *attr, const struct bpf_link_create_opts *opts)
{
	attr->link_create.uprobe_multi.flags = OPTS_GET(opts, uprobe_multi.flags, 0);
	attr->link_create.uprobe_multi.cnt = OPTS_GET(opts, uprobe_multi.cnt, 0);
	attr->link_create.uprobe_multi.path = ptr_to_u64(OPTS_GET(opts, uprobe_multi.path, NULL));
	attr->link_create.uprobe_multi.offsets =
		ptr_to_u64(OPTS_GET(opts, uprobe_multi.offsets, NULL));
	attr->link_create.uprobe_multi.ref_ctr_offsets =
		ptr_to_u64(OPTS_GET(opts, uprobe_multi.ref_ctr_offsets, NULL));
	attr->link_create.uprobe_multi.cookies =
		ptr_to_u64(OPTS_GET(opts, uprobe_multi.cookies, NULL));
	attr->link_create.uprobe_multi.pid = OPTS_GET(opts, uprobe_multi.pid, 0);
	return OPTS_ZEROED(opts, uprobe_multi) ? 0 : -EINVAL;
}

/* Fill the per-attach-type union; -EINVAL if opts carry fields that make
 * no sense for this attach type. */
static int link_fill_target(union bk_attr *attr, int type,
			    const struct bpf_link_create_opts *opts)
{
	switch (type) {
	case BPF_TRACE_ITER:
		attr->link_create.iter_info = ptr_to_u64(OPTS_GET(opts, iter_info, NULL));
		attr->link_create.iter_info_len = OPTS_GET(opts, iter_info_len, 0);
		return 0;
	case BPF_PERF_EVENT:
		attr->link_create.perf_event.bpf_cookie = OPTS_GET(opts, perf_event.bpf_cookie, 0);
		return OPTS_ZEROED(opts, perf_event) ? 0 : -EINVAL;
	case BPF_TRACE_KPROBE_MULTI:
	case BPFKIT_BPF_TRACE_KPROBE_SESSION:
		return link_fill_kprobe_multi(attr, opts);
	case BPFKIT_BPF_TRACE_UPROBE_MULTI:
	case BPFKIT_BPF_TRACE_UPROBE_SESSION:
		return link_fill_uprobe_multi(attr, opts);
	case BPF_TRACE_RAW_TP:
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
	case BPF_LSM_MAC:
		attr->link_create.tracing.cookie = OPTS_GET(opts, tracing.cookie, 0);
		return OPTS_ZEROED(opts, tracing) ? 0 : -EINVAL;
	case BPFKIT_BPF_NETFILTER:
		attr->link_create.netfilter.pf = OPTS_GET(opts, netfilter.pf, 0);
		attr->link_create.netfilter.hooknum = OPTS_GET(opts, netfilter.hooknum, 0);
		attr->link_create.netfilter.priority = OPTS_GET(opts, netfilter.priority, 0);
		attr->link_create.netfilter.flags = OPTS_GET(opts, netfilter.flags, 0);
		return OPTS_ZEROED(opts, netfilter) ? 0 : -EINVAL;
	case BPFKIT_BPF_TCX_INGRESS:
	case BPFKIT_BPF_TCX_EGRESS:
		if (link_fill_rel(attr, &attr->link_create.tcx, OPTS_GET(opts, tcx.relative_fd, 0),
				  OPTS_GET(opts, tcx.relative_id, 0),
				  OPTS_GET(opts, tcx.expected_revision, 0)))
			return -EINVAL;
		return OPTS_ZEROED(opts, tcx) ? 0 : -EINVAL;
	case BPFKIT_BPF_NETKIT_PRIMARY:
	case BPFKIT_BPF_NETKIT_PEER:
		if (link_fill_rel(attr, &attr->link_create.netkit,
				  OPTS_GET(opts, netkit.relative_fd, 0),
				  OPTS_GET(opts, netkit.relative_id, 0),
				  OPTS_GET(opts, netkit.expected_revision, 0)))
			return -EINVAL;
		return OPTS_ZEROED(opts, netkit) ? 0 : -EINVAL;
	default:
		if (is_cgroup_attach(type)) {
			if (link_fill_rel(attr, &attr->link_create.cgroup,
					  OPTS_GET(opts, cgroup.relative_fd, 0),
					  OPTS_GET(opts, cgroup.relative_id, 0),
					  OPTS_GET(opts, cgroup.expected_revision, 0)))
				return -EINVAL;
			return OPTS_ZEROED(opts, cgroup) ? 0 : -EINVAL;
		}
		return OPTS_ZEROED(opts, flags) ? 0 : -EINVAL;
	}
}

/* Old kernels can't create fentry/raw_tp style links through LINK_CREATE;
 * they have BPF_RAW_TRACEPOINT_OPEN for that. */
static bool raw_tp_fallback_ok(int type)
{
	switch (type) {
	case BPF_TRACE_RAW_TP:
	case BPF_LSM_MAC:
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
		return true;
	default:
		return false;
	}
}

LIBBPF_API int bpf_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
			       const struct bpf_link_create_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(link_create.uprobe_multi.pid);
	union bk_attr attr;
	__u32 target_btf_id, iter_info_len;
	int fd, err;

	if (!OPTS_VALID(opts, bpf_link_create_opts))
		return libbpf_err(-EINVAL);
	iter_info_len = OPTS_GET(opts, iter_info_len, 0);
	target_btf_id = OPTS_GET(opts, target_btf_id, 0);
	if (iter_info_len && target_btf_id)
		return bk_inval("bpf_link_create", "iter_info and target_btf_id are exclusive");

	memset(&attr, 0, sz);
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = attach_type;
	attr.link_create.flags = OPTS_GET(opts, flags, 0);
	if (target_btf_id) {
		if (!OPTS_ZEROED(opts, target_btf_id))
			return bk_inval("bpf_link_create", "target_btf_id with other options");
		attr.link_create.target_btf_id = target_btf_id;
	} else if (link_fill_target(&attr, attach_type, opts)) {
		return bk_inval("bpf_link_create", "options do not fit the attach type");
	}

	fd = bk_sys_fd(BPF_LINK_CREATE, &attr, sz);
	if (fd >= 0 || fd != -EINVAL)
		return bk_done("BPF_LINK_CREATE", fd);
	err = fd;
	if (target_fd || target_btf_id || !opts_tail_zero(opts, sizeof(size_t)) ||
	    !raw_tp_fallback_ok(attach_type))
		return bk_done("BPF_LINK_CREATE", err);
	return bpf_raw_tracepoint_open(NULL, prog_fd);
}

LIBBPF_API int bpf_link_detach(int link_fd)
{
	const unsigned int sz = BK_ATTR_SZ(link_detach.link_fd);
	union bk_attr attr;

	memset(&attr, 0, sz);
	attr.link_detach.link_fd = link_fd;
	return bk_done("BPF_LINK_DETACH", bk_sys(BPF_LINK_DETACH, &attr, sz));
}

LIBBPF_API int bpf_link_update(int link_fd, int new_prog_fd,
			       const struct bpf_link_update_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(link_update.old_fd);
	union bk_attr attr;
	__u32 old_prog, old_map;

	if (!OPTS_VALID(opts, bpf_link_update_opts))
		return libbpf_err(-EINVAL);
	old_prog = OPTS_GET(opts, old_prog_fd, 0);
	old_map = OPTS_GET(opts, old_map_fd, 0);
	if (old_prog && old_map)
		return bk_inval("bpf_link_update", "old_prog_fd and old_map_fd are exclusive");

	memset(&attr, 0, sz);
	attr.link_update.link_fd = link_fd;
	attr.link_update.new_fd = new_prog_fd;
	attr.link_update.flags = OPTS_GET(opts, flags, 0);
	attr.link_update.old_fd = old_prog ? old_prog : old_map;
	return bk_done("BPF_LINK_UPDATE", bk_sys(BPF_LINK_UPDATE, &attr, sz));
}

LIBBPF_API int bpf_iter_create(int link_fd)
{
	const unsigned int sz = BK_ATTR_SZ(iter_create.flags);
	union bk_attr attr;

	memset(&attr, 0, sz);
	attr.iter_create.link_fd = link_fd;
	return bk_done("BPF_ITER_CREATE", bk_sys_fd(BPF_ITER_CREATE, &attr, sz));
}

LIBBPF_API int bpf_raw_tracepoint_open_opts(int prog_fd, struct bpf_raw_tp_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(raw_tp.cookie);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_raw_tp_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.raw_tp.prog_fd = prog_fd;
	attr.raw_tp.name = ptr_to_u64(OPTS_GET(opts, tp_name, NULL));
	attr.raw_tp.cookie = OPTS_GET(opts, cookie, 0);
	return bk_done("BPF_RAW_TRACEPOINT_OPEN",
		       bk_sys_fd(BPF_RAW_TRACEPOINT_OPEN, &attr, sz));
}

LIBBPF_API int bpf_raw_tracepoint_open(const char *name, int prog_fd)
{
	LIBBPF_OPTS(bpf_raw_tp_opts, opts, .tp_name = name);

	return bpf_raw_tracepoint_open_opts(prog_fd, &opts);
}

/* ---- ids, fds by id, object info ---------------------------------------- */

static int next_id_cmd(int cmd, const char *what, __u32 start_id, __u32 *next_id)
{
	const unsigned int sz = BK_ATTR_SZ(id.next_id);
	union bk_attr attr;
	int err;

	if (!next_id)
		return bk_inval(what, "next_id must not be NULL");
	memset(&attr, 0, sz);
	attr.id.start_id = start_id;
	err = bk_sys(cmd, &attr, sz);
	if (!err)
		*next_id = attr.id.next_id;
	return bk_done(what, err);
}

LIBBPF_API int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id)
{
	return next_id_cmd(BPF_PROG_GET_NEXT_ID, "BPF_PROG_GET_NEXT_ID", start_id, next_id);
}

LIBBPF_API int bpf_map_get_next_id(__u32 start_id, __u32 *next_id)
{
	return next_id_cmd(BPF_MAP_GET_NEXT_ID, "BPF_MAP_GET_NEXT_ID", start_id, next_id);
}

LIBBPF_API int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id)
{
	return next_id_cmd(BPF_BTF_GET_NEXT_ID, "BPF_BTF_GET_NEXT_ID", start_id, next_id);
}

LIBBPF_API int bpf_link_get_next_id(__u32 start_id, __u32 *next_id)
{
	return next_id_cmd(BPF_LINK_GET_NEXT_ID, "BPF_LINK_GET_NEXT_ID", start_id, next_id);
}

static int fd_by_id_cmd(int cmd, const char *what, __u32 id,
			const struct bpf_get_fd_by_id_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(id.token_fd);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_get_fd_by_id_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.id.start_id = id;
	attr.id.open_flags = OPTS_GET(opts, open_flags, 0);
	attr.id.token_fd = OPTS_GET(opts, token_fd, 0);
	if (attr.id.token_fd)
		attr.id.open_flags |= BPFKIT_BPF_F_TOKEN_FD;
	return bk_done(what, bk_sys_fd(cmd, &attr, sz));
}

LIBBPF_API int bpf_prog_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	return fd_by_id_cmd(BPF_PROG_GET_FD_BY_ID, "BPF_PROG_GET_FD_BY_ID", id, opts);
}

LIBBPF_API int bpf_prog_get_fd_by_id(__u32 id)
{
	return bpf_prog_get_fd_by_id_opts(id, NULL);
}

LIBBPF_API int bpf_map_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	return fd_by_id_cmd(BPF_MAP_GET_FD_BY_ID, "BPF_MAP_GET_FD_BY_ID", id, opts);
}

LIBBPF_API int bpf_map_get_fd_by_id(__u32 id)
{
	return bpf_map_get_fd_by_id_opts(id, NULL);
}

LIBBPF_API int bpf_btf_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	return fd_by_id_cmd(BPF_BTF_GET_FD_BY_ID, "BPF_BTF_GET_FD_BY_ID", id, opts);
}

LIBBPF_API int bpf_btf_get_fd_by_id(__u32 id)
{
	return bpf_btf_get_fd_by_id_opts(id, NULL);
}

LIBBPF_API int bpf_link_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	return fd_by_id_cmd(BPF_LINK_GET_FD_BY_ID, "BPF_LINK_GET_FD_BY_ID", id, opts);
}

LIBBPF_API int bpf_link_get_fd_by_id(__u32 id)
{
	return bpf_link_get_fd_by_id_opts(id, NULL);
}

LIBBPF_API int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len)
{
	const unsigned int sz = BK_ATTR_SZ(info.info);
	union bk_attr attr;
	int err;

	if (!info_len)
		return bk_inval("bpf_obj_get_info_by_fd", "info_len must not be NULL");
	memset(&attr, 0, sz);
	attr.info.bpf_fd = bpf_fd;
	attr.info.info_len = *info_len;
	attr.info.info = ptr_to_u64(info);
	err = bk_sys(BPF_OBJ_GET_INFO_BY_FD, &attr, sz);
	if (!err)
		*info_len = attr.info.info_len;
	return bk_done("BPF_OBJ_GET_INFO_BY_FD", err);
}

LIBBPF_API int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info, __u32 *info_len)
{
	return bpf_obj_get_info_by_fd(prog_fd, info, info_len);
}

LIBBPF_API int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info, __u32 *info_len)
{
	return bpf_obj_get_info_by_fd(map_fd, info, info_len);
}

LIBBPF_API int bpf_btf_get_info_by_fd(int btf_fd, struct bpf_btf_info *info, __u32 *info_len)
{
	return bpf_obj_get_info_by_fd(btf_fd, info, info_len);
}

LIBBPF_API int bpf_link_get_info_by_fd(int link_fd, struct bpf_link_info *info, __u32 *info_len)
{
	return bpf_obj_get_info_by_fd(link_fd, info, info_len);
}

/* ---- queries ------------------------------------------------------------ */

LIBBPF_API int bpf_prog_query_opts(int target, enum bpf_attach_type type,
				   struct bpf_prog_query_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(query.revision);
	union bk_attr attr;
	int err;

	if (!OPTS_VALID(opts, bpf_prog_query_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.query.target_fd = target;
	attr.query.attach_type = type;
	attr.query.query_flags = OPTS_GET(opts, query_flags, 0);
	attr.query.prog_cnt = OPTS_GET(opts, count, 0);
	attr.query.prog_ids = ptr_to_u64(OPTS_GET(opts, prog_ids, NULL));
	attr.query.prog_attach_flags = ptr_to_u64(OPTS_GET(opts, prog_attach_flags, NULL));
	attr.query.link_ids = ptr_to_u64(OPTS_GET(opts, link_ids, NULL));
	attr.query.link_attach_flags = ptr_to_u64(OPTS_GET(opts, link_attach_flags, NULL));

	err = bk_sys(BPF_PROG_QUERY, &attr, sz);
	/* counts are meaningful on ENOSPC too: they say how much room is needed */
	OPTS_SET(opts, attach_flags, attr.query.attach_flags);
	OPTS_SET(opts, revision, attr.query.revision);
	OPTS_SET(opts, count, attr.query.prog_cnt);
	return bk_done("BPF_PROG_QUERY", err);
}

LIBBPF_API int bpf_prog_query(int target_fd, enum bpf_attach_type type, __u32 query_flags,
			      __u32 *attach_flags, __u32 *prog_ids, __u32 *prog_cnt)
{
	LIBBPF_OPTS(bpf_prog_query_opts, opts);
	int ret;

	if (!prog_cnt)
		return bk_inval("bpf_prog_query", "prog_cnt must not be NULL");
	opts.query_flags = query_flags;
	opts.prog_ids = prog_ids;
	opts.prog_cnt = *prog_cnt;
	ret = bpf_prog_query_opts(target_fd, type, &opts);
	if (attach_flags)
		*attach_flags = opts.attach_flags;
	*prog_cnt = opts.prog_cnt;
	return libbpf_err(ret);
}

LIBBPF_API int bpf_task_fd_query(int pid, int fd, __u32 flags, char *buf, __u32 *buf_len,
				 __u32 *prog_id, __u32 *fd_type, __u64 *probe_offset,
				 __u64 *probe_addr)
{
	const unsigned int sz = BK_ATTR_SZ(task_fd_query.probe_addr);
	union bk_attr attr;
	int err;

	if (!buf_len || !prog_id || !fd_type || !probe_offset || !probe_addr)
		return bk_inval("bpf_task_fd_query", "output pointers must not be NULL");
	memset(&attr, 0, sz);
	attr.task_fd_query.pid = pid;
	attr.task_fd_query.fd = fd;
	attr.task_fd_query.flags = flags;
	attr.task_fd_query.buf = ptr_to_u64(buf);
	attr.task_fd_query.buf_len = *buf_len;

	err = bk_sys(BPF_TASK_FD_QUERY, &attr, sz);
	/* buf_len reports the needed size on ENOSPC as well */
	*buf_len = attr.task_fd_query.buf_len;
	*prog_id = attr.task_fd_query.prog_id;
	*fd_type = attr.task_fd_query.fd_type;
	*probe_offset = attr.task_fd_query.probe_offset;
	*probe_addr = attr.task_fd_query.probe_addr;
	return bk_done("BPF_TASK_FD_QUERY", err);
}

/* ---- miscellaneous commands --------------------------------------------- */

LIBBPF_API int bpf_enable_stats(enum bpf_stats_type type)
{
	const unsigned int sz = BK_ATTR_SZ(enable_stats.type);
	union bk_attr attr;

	memset(&attr, 0, sz);
	attr.enable_stats.type = type;
	return bk_done("BPF_ENABLE_STATS", bk_sys_fd(BPF_ENABLE_STATS, &attr, sz));
}

LIBBPF_API int bpf_prog_bind_map(int prog_fd, int map_fd, const struct bpf_prog_bind_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(prog_bind_map.flags);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_prog_bind_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.prog_bind_map.prog_fd = prog_fd;
	attr.prog_bind_map.map_fd = map_fd;
	attr.prog_bind_map.flags = OPTS_GET(opts, flags, 0);
	return bk_done("BPF_PROG_BIND_MAP", bk_sys(BPF_PROG_BIND_MAP, &attr, sz));
}

LIBBPF_API int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(test.batch_size);
	union bk_attr attr;
	int err;

	if (!OPTS_VALID(opts, bpf_test_run_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = ptr_to_u64(OPTS_GET(opts, data_in, NULL));
	attr.test.data_out = ptr_to_u64(OPTS_GET(opts, data_out, NULL));
	attr.test.data_size_in = OPTS_GET(opts, data_size_in, 0);
	attr.test.data_size_out = OPTS_GET(opts, data_size_out, 0);
	attr.test.ctx_in = ptr_to_u64(OPTS_GET(opts, ctx_in, NULL));
	attr.test.ctx_out = ptr_to_u64(OPTS_GET(opts, ctx_out, NULL));
	attr.test.ctx_size_in = OPTS_GET(opts, ctx_size_in, 0);
	attr.test.ctx_size_out = OPTS_GET(opts, ctx_size_out, 0);
	attr.test.repeat = OPTS_GET(opts, repeat, 0);
	attr.test.flags = OPTS_GET(opts, flags, 0);
	attr.test.cpu = OPTS_GET(opts, cpu, 0);
	attr.test.batch_size = OPTS_GET(opts, batch_size, 0);

	err = bk_sys(BPF_PROG_TEST_RUN, &attr, sz);
	OPTS_SET(opts, data_size_out, attr.test.data_size_out);
	OPTS_SET(opts, ctx_size_out, attr.test.ctx_size_out);
	OPTS_SET(opts, duration, attr.test.duration);
	OPTS_SET(opts, retval, attr.test.retval);
	return bk_done("BPF_PROG_TEST_RUN", err);
}

LIBBPF_API int bpf_token_create(int bpffs_fd, struct bpf_token_create_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(token_create.bpffs_fd);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_token_create_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.token_create.bpffs_fd = bpffs_fd;
	attr.token_create.flags = OPTS_GET(opts, flags, 0);
	return bk_done("BPF_TOKEN_CREATE",
		       bk_sys_fd(BPFKIT_BPF_TOKEN_CREATE, &attr, sz));
}

LIBBPF_API int bpf_prog_stream_read(int prog_fd, __u32 stream_id, void *buf, __u32 buf_len,
				    struct bpf_prog_stream_read_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(prog_stream_read.prog_fd);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_prog_stream_read_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.prog_stream_read.stream_buf = ptr_to_u64(buf);
	attr.prog_stream_read.stream_buf_len = buf_len;
	attr.prog_stream_read.stream_id = stream_id;
	attr.prog_stream_read.prog_fd = prog_fd;
	return bk_done("BPF_PROG_STREAM_READ_BY_FD",
		       bk_sys(BPFKIT_BPF_PROG_STREAM_READ_BY_FD, &attr, sz));
}

LIBBPF_API int bpf_prog_assoc_struct_ops(int prog_fd, int map_fd,
					 struct bpf_prog_assoc_struct_ops_opts *opts)
{
	const unsigned int sz = BK_ATTR_SZ(prog_assoc_struct_ops.flags);
	union bk_attr attr;

	if (!OPTS_VALID(opts, bpf_prog_assoc_struct_ops_opts))
		return libbpf_err(-EINVAL);
	memset(&attr, 0, sz);
	attr.prog_assoc_struct_ops.map_fd = map_fd;
	attr.prog_assoc_struct_ops.prog_fd = prog_fd;
	attr.prog_assoc_struct_ops.flags = OPTS_GET(opts, flags, 0);
	return bk_done("BPF_PROG_ASSOC_STRUCT_OPS",
		       bk_sys(BPFKIT_BPF_PROG_ASSOC_STRUCT_OPS, &attr, sz));
}
