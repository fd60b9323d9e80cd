// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_map__lookup_elem() and friends: element access through a map of an
 * object, with key and value sizes checked against the map's definition
 * (per-CPU values: one slot per possible CPU) before the syscall.
 */
#include <errno.h>
#include <bpf/bpf.h>

#include "object_internal.h"

static bool map_is_percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

static int check_op(const struct bpf_map *map, size_t key_sz, bool has_val, size_t val_sz)
{
	size_t want;

	if (!map)
		return -EINVAL;
	if (map->fd < 0) {
		pr_warn("map '%s': not created, no element access\n", map->name);
		return -ENOENT;
	}
	if (key_sz != map->def.key_size) {
		pr_warn("map '%s': key size %zu, map has %u\n", map->name, key_sz,
			map->def.key_size);
		return -EINVAL;
	}
	if (!has_val)
		return 0;
	want = map->def.value_size;
	if (map_is_percpu(map->def.type)) {
		int cpus = libbpf_num_possible_cpus();

		if (cpus < 0)
			return cpus;
		want = (want + 7) / 8 * 8 * cpus;
	}
	if (val_sz != want) {
		pr_warn("map '%s': value size %zu, map needs %zu\n", map->name, val_sz, want);
		return -EINVAL;
	}
	return 0;
}

LIBBPF_API int bpf_map__lookup_elem(const struct bpf_map *map, const void *key, size_t key_sz,
				    void *value, size_t value_sz, __u64 flags)
{
	int err = check_op(map, key_sz, true, value_sz);

	if (err)
		return libbpf_err(err);
	return bpf_map_lookup_elem_flags(map->fd, key, value, flags);
}

LIBBPF_API int bpf_map__update_elem(const struct bpf_map *map, const void *key, size_t key_sz,
				    const void *value, size_t value_sz, __u64 flags)
{
	int err = check_op(map, key_sz, true, value_sz);

	if (err)
		return libbpf_err(err);
	return bpf_map_update_elem(map->fd, key, value, flags);
}

LIBBPF_API int bpf_map__delete_elem(const struct bpf_map *map, const void *key, size_t key_sz,
				    __u64 flags)
{
	int err = check_op(map, key_sz, false, 0);

	if (err)
		return libbpf_err(err);
	return bpf_map_delete_elem_flags(map->fd, key, flags);
}

LIBBPF_API int bpf_map__lookup_and_delete_elem(const struct bpf_map *map, const void *key,
					       size_t key_sz, void *value, size_t value_sz,
					       __u64 flags)
{
	int err = check_op(map, key_sz, true, value_sz);

	if (err)
		return libbpf_err(err);
	return bpf_map_lookup_and_delete_elem_flags(map->fd, key, value, flags);
}

LIBBPF_API int bpf_map__get_next_key(const struct bpf_map *map, const void *cur_key,
				     void *next_key, size_t key_sz)
{
	int err = check_op(map, key_sz, false, 0);

	if (err)
		return libbpf_err(err);
	return bpf_map_get_next_key(map->fd, cur_key, next_key);
}
