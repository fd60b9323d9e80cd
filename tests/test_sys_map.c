// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Map commands of the syscall layer: create, element ops, iteration,
 * freeze and the batch operations, each checked by its visible effect. */
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sys_common.h"

static int hash_map(__u32 max)
{
	return bpf_map_create(BPF_MAP_TYPE_HASH, "sys_hash", sizeof(__u32), sizeof(__u64), max,
			      NULL);
}

KTEST(sys_map_create_fd_and_info)
{
	struct bpf_map_info info;
	int fd;

	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "sys_arr", 4, 24, 7, NULL);
	ASSERT_OK(fd);
	CHECK(sys_fd_good(fd), "fd %d must be > 2 and O_CLOEXEC", fd);
	info = sys_map_info(fd);
	CHECK_EQ(info.type, BPF_MAP_TYPE_ARRAY);
	CHECK_EQ(info.key_size, 4);
	CHECK_EQ(info.value_size, 24);
	CHECK_EQ(info.max_entries, 7);
	CHECK(!strcmp(info.name, "sys_arr"), "name '%s'", info.name);
	CHECK_GT(info.id, 0);
	close(fd);
}

KTEST(sys_map_create_opts_flags)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC | BPF_F_RDONLY_PROG);
	struct bpf_map_info info;
	int fd;

	fd = bpf_map_create(BPF_MAP_TYPE_HASH, NULL, 4, 4, 16, &opts);
	ASSERT_OK(fd);
	info = sys_map_info(fd);
	CHECK_EQ(info.map_flags, BPF_F_NO_PREALLOC | BPF_F_RDONLY_PROG);
	CHECK_EQ(info.name[0], 0);
	close(fd);
}

KTEST(sys_map_create_long_name_truncated)
{
	struct bpf_map_info info;
	int fd;

	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "abcdefghijklmnopqrstuvwxyz", 4, 4, 1, NULL);
	ASSERT_OK(fd);
	info = sys_map_info(fd);
	/* the kernel keeps 15 characters plus the terminator */
	CHECK(!strcmp(info.name, "abcdefghijklmno"), "name '%s'", info.name);
	close(fd);
}

KTEST(sys_map_create_errors)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	struct {
		struct bpf_map_create_opts o;
		char tail[16];
	} big;

	/* array maps need 4-byte keys: the kernel says EINVAL */
	ASSERT_ERR(bpf_map_create(BPF_MAP_TYPE_ARRAY, "bad", 8, 4, 1, NULL), EINVAL);
	/* zero entries is refused too */
	ASSERT_ERR(bpf_map_create(BPF_MAP_TYPE_HASH, "bad", 4, 4, 0, NULL), EINVAL);
	/* opts from a "newer" caller with unknown non-zero bytes */
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.tail[3] = 1;
	ASSERT_ERR(bpf_map_create(BPF_MAP_TYPE_ARRAY, "bad", 4, 4, 1, &big.o), EINVAL);
	/* sz smaller than the sz field itself */
	opts.sz = 2;
	ASSERT_ERR(bpf_map_create(BPF_MAP_TYPE_ARRAY, "bad", 4, 4, 1, &opts), EINVAL);
	/* a larger sz whose tail is zero is fine */
	big.tail[3] = 0;
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "ok", 4, 4, 1, &big.o);
	ASSERT_OK(fd);
	close(fd);
}

KTEST(sys_map_update_then_lookup)
{
	__u32 key = 5;
	__u64 val = 0x1122334455667788ULL, out = 0;
	int fd = hash_map(8);

	ASSERT_OK(fd);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	ASSERT_EQ(bpf_map_lookup_elem(fd, &key, &out), 0);
	CHECK_EQ(out, val);
	/* overwrite and see the new value */
	val = 99;
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_EXIST), 0);
	ASSERT_EQ(bpf_map_lookup_elem_flags(fd, &key, &out, 0), 0);
	CHECK_EQ(out, 99);
	close(fd);
}

KTEST(sys_map_update_flags_semantics)
{
	__u32 key = 1;
	__u64 val = 1;
	int fd = hash_map(8);

	ASSERT_OK(fd);
	/* BPF_EXIST on a missing key and BPF_NOEXIST on a present one */
	ASSERT_ERR(bpf_map_update_elem(fd, &key, &val, BPF_EXIST), ENOENT);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_NOEXIST), 0);
	ASSERT_ERR(bpf_map_update_elem(fd, &key, &val, BPF_NOEXIST), EEXIST);
	/* an unknown flag value */
	ASSERT_ERR(bpf_map_update_elem(fd, &key, &val, 1000), EINVAL);
	close(fd);
}

KTEST(sys_map_full_hash_e2big)
{
	__u64 val = 0;
	int fd = hash_map(2);

	ASSERT_OK(fd);
	for (__u32 k = 0; k < 2; k++)
		ASSERT_EQ(bpf_map_update_elem(fd, &k, &val, BPF_ANY), 0);
	__u32 k = 3;
	ASSERT_ERR(bpf_map_update_elem(fd, &k, &val, BPF_ANY), E2BIG);
	close(fd);
}

KTEST(sys_map_lookup_missing_enoent)
{
	__u32 key = 77;
	__u64 out = 0xabc;
	int fd = hash_map(4);

	ASSERT_OK(fd);
	ASSERT_ERR(bpf_map_lookup_elem(fd, &key, &out), ENOENT);
	CHECK_EQ(out, 0xabc);
	close(fd);
}

KTEST(sys_map_delete_removes)
{
	__u32 key = 3;
	__u64 val = 42, out;
	int fd = hash_map(4);

	ASSERT_OK(fd);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	ASSERT_EQ(bpf_map_delete_elem(fd, &key), 0);
	ASSERT_ERR(bpf_map_lookup_elem(fd, &key, &out), ENOENT);
	ASSERT_ERR(bpf_map_delete_elem(fd, &key), ENOENT);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	ASSERT_EQ(bpf_map_delete_elem_flags(fd, &key, 0), 0);
	ASSERT_ERR(bpf_map_lookup_elem(fd, &key, &out), ENOENT);
	close(fd);
}

KTEST(sys_map_array_delete_einval)
{
	__u32 key = 0;
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "arr", 4, 8, 2, NULL);

	ASSERT_OK(fd);
	/* array elements always exist and can't be deleted */
	ASSERT_ERR(bpf_map_delete_elem(fd, &key), EINVAL);
	key = 2;
	__u64 v = 1;
	ASSERT_ERR(bpf_map_update_elem(fd, &key, &v, BPF_ANY), E2BIG);
	close(fd);
}

KTEST(sys_map_lookup_and_delete)
{
	__u32 key = 9;
	__u64 val = 1234, out = 0;
	int fd = hash_map(4);

	ASSERT_OK(fd);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	ASSERT_EQ(bpf_map_lookup_and_delete_elem(fd, &key, &out), 0);
	CHECK_EQ(out, 1234);
	ASSERT_ERR(bpf_map_lookup_elem(fd, &key, &out), ENOENT);
	ASSERT_ERR(bpf_map_lookup_and_delete_elem(fd, &key, &out), ENOENT);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	ASSERT_EQ(bpf_map_lookup_and_delete_elem_flags(fd, &key, &out, 0), 0);
	ASSERT_ERR(bpf_map_lookup_elem(fd, &key, &out), ENOENT);
	close(fd);
}

KTEST(sys_map_queue_push_pop)
{
	__u32 v, out;
	int fd = bpf_map_create(BPF_MAP_TYPE_QUEUE, "q", 0, 4, 4, NULL);

	ASSERT_OK(fd);
	for (v = 10; v < 13; v++)
		ASSERT_EQ(bpf_map_update_elem(fd, NULL, &v, BPF_ANY), 0);
	/* peek does not remove, pop does, in FIFO order */
	ASSERT_EQ(bpf_map_lookup_elem(fd, NULL, &out), 0);
	CHECK_EQ(out, 10);
	for (v = 10; v < 13; v++) {
		ASSERT_EQ(bpf_map_lookup_and_delete_elem(fd, NULL, &out), 0);
		CHECK_EQ(out, v);
	}
	ASSERT_ERR(bpf_map_lookup_and_delete_elem(fd, NULL, &out), ENOENT);
	close(fd);
}

KTEST(sys_map_get_next_key_walk)
{
	__u32 key, next, seen = 0;
	__u64 val = 0;
	int fd = hash_map(16), n = 0;

	ASSERT_OK(fd);
	for (key = 0; key < 5; key++)
		ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	/* NULL starts the walk; -ENOENT ends it */
	int err = bpf_map_get_next_key(fd, NULL, &next);
	while (!err) {
		ASSERT_LT(next, 5);
		seen |= 1U << next;
		n++;
		key = next;
		err = bpf_map_get_next_key(fd, &key, &next);
	}
	ASSERT_EQ(err, -ENOENT);
	CHECK_EQ(errno, ENOENT);
	CHECK_EQ(n, 5);
	CHECK_EQ(seen, 0x1f);
	close(fd);
}

KTEST(sys_map_percpu_values)
{
	int ncpu = libbpf_num_possible_cpus();
	__u32 key = 0;
	__u64 *vals, *out;
	int fd;

	ASSERT_GT(ncpu, 0);
	vals = calloc(ncpu, sizeof(*vals));
	out = calloc(ncpu, sizeof(*out));
	ASSERT_PTR(vals && out);
	for (int i = 0; i < ncpu; i++)
		vals[i] = 100 + i;
	fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "pcpu", 4, 8, 1, NULL);
	if (fd < 0) {
		free(vals);
		free(out);
	}
	ASSERT_OK(fd);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, vals, BPF_ANY), 0);
	ASSERT_EQ(bpf_map_lookup_elem(fd, &key, out), 0);
	for (int i = 0; i < ncpu; i++)
		CHECK_EQ(out[i], 100 + i);
	free(vals);
	free(out);
	close(fd);
}

KTEST(sys_map_in_map)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	__u32 key = 0, inner_id = 0;
	int inner, outer;

	inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, "inner", 4, 4, 1, NULL);
	ASSERT_OK(inner);
	opts.inner_map_fd = inner;
	outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "outer", 4, 4, 2, &opts);
	ASSERT_OK(outer);
	ASSERT_EQ(bpf_map_update_elem(outer, &key, &inner, BPF_ANY), 0);
	/* reading an element of a map-in-map gives the inner map's id */
	ASSERT_EQ(bpf_map_lookup_elem(outer, &key, &inner_id), 0);
	CHECK_EQ(inner_id, sys_map_info(inner).id);
	close(outer);
	close(inner);
}

KTEST(sys_map_freeze_blocks_updates)
{
	__u32 key = 0;
	__u64 val = 5, out = 0;
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "frz", 4, 8, 1, NULL);

	ASSERT_OK(fd);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	ASSERT_EQ(bpf_map_freeze(fd), 0);
	val = 6;
	ASSERT_ERR(bpf_map_update_elem(fd, &key, &val, BPF_ANY), EPERM);
	/* reads still work and see the value from before the freeze */
	ASSERT_EQ(bpf_map_lookup_elem(fd, &key, &out), 0);
	CHECK_EQ(out, 5);
	/* a frozen map is no longer writable from user space, so a second
	 * freeze is refused as well */
	ASSERT_ERR(bpf_map_freeze(fd), EPERM);
	close(fd);
}

KTEST(sys_map_bad_fd_ebadf)
{
	__u32 key = 0, next;
	__u64 val = 0;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	ASSERT_ERR(bpf_map_lookup_elem(-1, &key, &val), EBADF);
	ASSERT_ERR(bpf_map_update_elem(1000000, &key, &val, BPF_ANY), EBADF);
	ASSERT_ERR(bpf_map_delete_elem(-5, &key), EBADF);
	ASSERT_ERR(bpf_map_get_next_key(-1, NULL, &next), EBADF);
	ASSERT_ERR(bpf_map_freeze(-1), EBADF);
	/* a valid fd that is not a map */
	ASSERT_OK(fd);
	ASSERT_ERR(bpf_map_lookup_elem(fd, &key, &val), EINVAL);
	close(fd);
}

KTEST(sys_map_bad_pointer_efault)
{
	__u32 key = 0;
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "ef", 4, 8, 1, NULL);

	ASSERT_OK(fd);
	/* the kernel copies key_size bytes from the key pointer */
	ASSERT_ERR(bpf_map_lookup_elem(fd, (void *)8, &key), EFAULT);
	close(fd);
}

#define NBATCH 10

static int fill_hash(int fd, __u32 n)
{
	__u32 keys[NBATCH];
	__u64 vals[NBATCH];
	__u32 count = n;

	for (__u32 i = 0; i < n; i++) {
		keys[i] = i + 1;
		vals[i] = (i + 1) * 1000;
	}
	return bpf_map_update_batch(fd, keys, vals, &count, NULL) ?: (int)count;
}

KTEST(sys_map_batch_update_and_lookup)
{
	__u32 keys[NBATCH] = { 0 }, count = NBATCH, out_batch = 0;
	__u64 vals[NBATCH] = { 0 }, v;
	int fd = hash_map(NBATCH);

	ASSERT_OK(fd);
	ASSERT_EQ(fill_hash(fd, NBATCH), NBATCH);
	/* every element is visible through a plain lookup */
	for (__u32 k = 1; k <= NBATCH; k++) {
		ASSERT_EQ(bpf_map_lookup_elem(fd, &k, &v), 0);
		CHECK_EQ(v, k * 1000);
	}
	/* one batch read of the whole map: ENOENT says the walk is complete */
	int err = bpf_map_lookup_batch(fd, NULL, &out_batch, keys, vals, &count, NULL);
	CHECK(err == 0 || err == -ENOENT, "err %d", err);
	CHECK_EQ(count, NBATCH);
	for (int i = 0; i < NBATCH; i++)
		CHECK_EQ(vals[i], keys[i] * 1000);
	close(fd);
}

KTEST(sys_map_batch_lookup_in_chunks)
{
	__u32 keys[NBATCH], count, in, out, total = 0, seen = 0;
	__u64 vals[NBATCH];
	/* chunk sizes may grow up to NBATCH, which the arrays can hold */
	void *in_p = NULL;
	int fd = hash_map(NBATCH), err = 0;

	ASSERT_OK(fd);
	ASSERT_EQ(fill_hash(fd, NBATCH), NBATCH);
	__u32 chunk = 3;

	while (!err) {
		count = chunk;
		err = bpf_map_lookup_batch(fd, in_p, &out, keys, vals, &count, NULL);
		if (err == -ENOSPC && chunk < NBATCH) {
			/* one hash bucket holds more than a chunk: ask for more */
			chunk *= 2;
			err = 0;
			continue;
		}
		ASSERT(err == 0 || err == -ENOENT, "err %d", err);
		ASSERT_LE(count, chunk);
		for (__u32 i = 0; i < count; i++)
			seen |= 1U << keys[i];
		total += count;
		in = out;
		in_p = &in;
	}
	CHECK_EQ(total, NBATCH);
	CHECK_EQ(seen, 0x7fe);
	close(fd);
}

KTEST(sys_map_batch_lookup_and_delete_empties)
{
	__u32 keys[NBATCH], count = NBATCH, out, next;
	__u64 vals[NBATCH];
	int fd = hash_map(NBATCH);

	ASSERT_OK(fd);
	ASSERT_EQ(fill_hash(fd, NBATCH), NBATCH);
	int err = bpf_map_lookup_and_delete_batch(fd, NULL, &out, keys, vals, &count, NULL);
	CHECK(err == 0 || err == -ENOENT, "err %d", err);
	CHECK_EQ(count, NBATCH);
	for (int i = 0; i < NBATCH; i++)
		CHECK_EQ(vals[i], keys[i] * 1000);
	/* nothing is left */
	ASSERT_ERR(bpf_map_get_next_key(fd, NULL, &next), ENOENT);
	close(fd);
}

KTEST(sys_map_batch_delete_count)
{
	__u32 keys[5] = { 1, 2, 3, 4, 5 }, count = 5, k;
	__u64 v;
	int fd = hash_map(NBATCH);

	ASSERT_OK(fd);
	ASSERT_EQ(fill_hash(fd, NBATCH), NBATCH);
	ASSERT_EQ(bpf_map_delete_batch(fd, keys, &count, NULL), 0);
	CHECK_EQ(count, 5);
	for (k = 1; k <= 5; k++)
		ASSERT_ERR(bpf_map_lookup_elem(fd, &k, &v), ENOENT);
	for (k = 6; k <= NBATCH; k++)
		ASSERT_EQ(bpf_map_lookup_elem(fd, &k, &v), 0);
	/* deleting keys that are gone stops at the first and reports 0 done */
	count = 5;
	ASSERT_ERR(bpf_map_delete_batch(fd, keys, &count, NULL), ENOENT);
	CHECK_EQ(count, 0);
	close(fd);
}

KTEST(sys_map_batch_opts_checked)
{
	struct {
		struct bpf_map_batch_opts o;
		__u64 extra;
	} big;
	__u32 keys[1] = { 1 }, count = 1;
	__u64 vals[1] = { 1 };
	int fd = hash_map(4);

	ASSERT_OK(fd);
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.extra = 1;
	ASSERT_ERR(bpf_map_update_batch(fd, keys, vals, &count, &big.o), EINVAL);
	/* unknown elem_flags go to the kernel, which refuses them */
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = 1 << 20);
	ASSERT_ERR(bpf_map_update_batch(fd, keys, vals, &count, &opts), EINVAL);
	ASSERT_ERR(bpf_map_update_batch(fd, keys, vals, NULL, NULL), EINVAL);
	close(fd);
}

KTEST(sys_map_fd_never_stdio)
{
	int saved, map, prog, again;
	bool zero_free;

	/* With fd 0 free the kernel would hand it out; we must not. */
	saved = fcntl(0, F_DUPFD_CLOEXEC, 3);
	ASSERT_OK(saved);
	close(0);
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "nostdio", 4, 4, 1, NULL);
	prog = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 0);
	again = map >= 0 ? bpf_map_get_fd_by_id(sys_map_info(map).id) : -1;
	zero_free = fcntl(0, F_GETFD) < 0;
	dup2(saved, 0);
	close(saved);
	CHECK(sys_fd_good(map), "map fd %d", map);
	CHECK(sys_fd_good(prog), "prog fd %d", prog);
	CHECK(sys_fd_good(again), "fd-by-id %d", again);
	CHECK(zero_free, "fd 0 was not kept open by the library");
	if (map >= 0)
		close(map);
	if (prog >= 0)
		close(prog);
	if (again >= 0)
		close(again);
}

KTEST(sys_map_memlock_rlim_after_use)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "ml", 4, 4, 1, NULL);

	ASSERT_OK(fd);
	close(fd);
	/* the limit can only be chosen before the first object exists */
	ASSERT_ERR(libbpf_set_memlock_rlim(1 << 20), EBUSY);
}

KTEST(sys_map_bloom_map_extra)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_extra = 3);
	__u32 v = 1234, other = 99;
	int fd;

	/* map_extra carries the number of hash functions of a bloom filter */
	fd = bpf_map_create(BPF_MAP_TYPE_BLOOM_FILTER, "bloom", 0, 4, 64, &opts);
	ASSERT_OK(fd);
	CHECK_EQ(sys_map_info(fd).map_extra, 3);
	ASSERT_EQ(bpf_map_update_elem(fd, NULL, &v, BPF_ANY), 0);
	/* a lookup answers "maybe present" (0) or "surely absent" (ENOENT) */
	ASSERT_EQ(bpf_map_lookup_elem(fd, NULL, &v), 0);
	int err = bpf_map_lookup_elem(fd, NULL, &other);
	CHECK(err == 0 || err == -ENOENT, "err %d", err);
	close(fd);
	/* more than 15 hash functions is out of range */
	opts.map_extra = 16;
	ASSERT_ERR(bpf_map_create(BPF_MAP_TYPE_BLOOM_FILTER, "bloom", 0, 4, 64, &opts), EINVAL);
}

KTEST(sys_map_excl_prog_hash)
{
	struct bpf_insn insns[] = {
		BPF_LD_MAP_FD(BPF_REG_1, 0),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	unsigned char hash[32];
	LIBBPF_OPTS(bpf_map_create_opts, opts, .excl_prog_hash = hash,
		    .excl_prog_hash_size = sizeof(hash));
	int map, prog;

	/* a map reserved for the program whose SHA-256 is all 0x11 */
	memset(hash, 0x11, sizeof(hash));
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "excl", 4, 4, 1, &opts);
	if (map == -EINVAL || map == -E2BIG)
		test_skip(true, "kernel has no exclusive maps (excl_prog_hash): %d", map);
	ASSERT_OK(map);
	insns[0].imm = map;
	/* any other program is refused the map */
	prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "excl", "GPL", insns,
			     INSN_CNT(insns), NULL);
	if (prog >= 0)
		close(prog);
	close(map);
	CHECK(prog < 0, "program loaded with a map reserved for another one");
	CHECK_EQ(prog, -EACCES);
	/* a hash size that isn't SHA-256's is refused */
	opts.excl_prog_hash_size = 20;
	ASSERT_ERR(bpf_map_create(BPF_MAP_TYPE_ARRAY, "excl", 4, 4, 1, &opts), EINVAL);
}

/* The memlock limit can only be chosen before the first object exists: after
 * a map was created it is refused with -EBUSY, and the limit is unchanged. */
KTEST(sys_memlock_rlim_after_create)
{
	struct rlimit before, after;
	int fd;

	ASSERT_EQ(getrlimit(RLIMIT_MEMLOCK, &before), 0);
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "memlock", 4, 4, 1, NULL);
	ASSERT_OK(fd);
	close(fd);
	ASSERT_ERR(libbpf_set_memlock_rlim(1 << 20), EBUSY);
	ASSERT_EQ(getrlimit(RLIMIT_MEMLOCK, &after), 0);
	ASSERT_EQ(after.rlim_cur, before.rlim_cur);
}
