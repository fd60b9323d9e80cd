// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BPF arenas (BPF_MAP_TYPE_ARENA): memory shared by BPF programs and user
 * space at the same addresses. The loader mmap()s an arena right after
 * creating it, since the kernel only lets programs use an arena whose
 * user address is known (from map_extra or that first mmap()). Globals
 * in .addr_space.1 live inside the arena: their image is copied to the
 * arena's last pages, away from address 0 of the arena so a NULL-ish
 * arena pointer never lands on them, and loads of their addresses become
 * map-value loads with that offset.
 */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "elf.h"
#include "object_internal.h"
#include "uapi_compat.h"

/* Largest map-value offset an ld_imm64 may carry (the verifier's limit
 * on direct value offsets). */
#define ARENA_MAX_VALUE_OFF (1u << 29)

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t arena_size(const struct bpf_map *map)
{
	return (size_t)map->def.max_entries * page_size();
}

static int find_arena_map(struct bpf_object *obj)
{
	int idx = -1;

	for (int i = 0; i < obj->nr_maps; i++) {
		if (obj->maps[i].def.type != BPFKIT_BPF_MAP_TYPE_ARENA)
			continue;
		if (idx >= 0) {
			pr_warn("object '%s': .addr_space.1 needs exactly one arena map, found '%s' and '%s'\n",
				obj->name, obj->maps[idx].name, obj->maps[i].name);
			return -ENOTSUP;
		}
		idx = i;
	}
	if (idx < 0)
		pr_warn("object '%s': section .addr_space.1 has globals but no arena map is defined\n",
			obj->name);
	return idx < 0 ? -ENOENT : idx;
}

int obj_init_arena(struct bpf_object *obj)
{
	const struct elf_sec *s;
	size_t pg = page_size(), alloc, size;
	int idx;

	if (obj->arena_sec_idx < 0)
		return 0;
	s = elf_sec_by_idx(obj->elf, obj->arena_sec_idx);
	if (!s || !s->size)
		return 0;
	idx = find_arena_map(obj);
	if (idx < 0)
		return idx;
	size = arena_size(&obj->maps[idx]);
	alloc = (s->size + pg - 1) / pg * pg;
	if (alloc < s->size || alloc > size) {
		pr_warn("map '%s': arena of %zu bytes cannot hold %llu bytes of .addr_space.1\n",
			obj->maps[idx].name, size, (unsigned long long)s->size);
		return -E2BIG;
	}
	obj->arena_data = calloc(1, s->size);
	if (!obj->arena_data)
		return -ENOMEM;
	if (s->type != SHT_NOBITS)
		memcpy(obj->arena_data, s->data, s->size);
	obj->arena_data_sz = s->size;
	obj->arena_map_idx = idx;
	/* End of the arena when the offset fits an ld_imm64, else start. */
	obj->arena_data_off = size - alloc < ARENA_MAX_VALUE_OFF ? size - alloc : 0;
	return 0;
}

int arena_map_mmap(struct bpf_object *obj, struct bpf_map *map)
{
	size_t size = arena_size(map);
	int flags = MAP_SHARED;
	void *want = NULL, *p;

	if (map->def.map_extra) {
		want = (void *)(uintptr_t)map->def.map_extra;
		flags |= MAP_FIXED_NOREPLACE;
	}
	p = mmap(want, size, PROT_READ | PROT_WRITE, flags, map->fd, 0);
	if (p == MAP_FAILED) {
		int err = -errno;

		pr_warn("map '%s': cannot mmap() the arena (%zu bytes at %p): %s\n", map->name,
			size, want, errstr(err));
		return err;
	}
	map->mmaped = p;
	map->mmap_sz = size;
	if (obj->arena_map_idx == map - obj->maps && obj->arena_data_sz)
		memcpy((char *)p + obj->arena_data_off, obj->arena_data, obj->arena_data_sz);
	return 0;
}

void obj_free_arena(struct bpf_object *obj)
{
	free(obj->arena_data);
	obj->arena_data = NULL;
	obj->arena_data_sz = 0;
}
