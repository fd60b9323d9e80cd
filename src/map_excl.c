// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Exclusive maps (Linux 6.18): a map created with excl_prog_hash only
 * accepts the program whose instruction digest is that hash. The kernel's
 * digest is SHA-256 of the instructions as loaded, with the fd/offset
 * immediates of map loads (BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE)
 * zeroed, since those are not known when the map is created.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "object_internal.h"
#include "sha256.h"

LIBBPF_API int bpf_map__set_exclusive_program(struct bpf_map *map, struct bpf_program *prog)
{
	if (!map || !prog)
		return libbpf_err(-EINVAL);
	if (map->obj->prepared || map->fd >= 0) {
		pr_warn("map '%s': exclusive program must be set before the map is created\n",
			map->name);
		return libbpf_err(-EINVAL);
	}
	if (map->obj != prog->obj || prog->is_subprog) {
		pr_warn("map '%s': exclusive program '%s' must be a program of the same object\n",
			map->name, prog->name);
		return libbpf_err(-EINVAL);
	}
	map->excl_prog = prog;
	return 0;
}

LIBBPF_API struct bpf_program *bpf_map__exclusive_program(struct bpf_map *map)
{
	return map ? map->excl_prog : NULL;
}

/* Digest of insns as the kernel computes it (map immediates zeroed). */
int insns_digest(const struct bpf_insn *insns, size_t cnt, __u8 out[SHA256_DIGEST_LEN])
{
	struct bpf_insn *purged = calloc(cnt ? cnt : 1, sizeof(*purged));

	if (!purged)
		return -ENOMEM;
	memcpy(purged, insns, cnt * sizeof(*purged));
	for (size_t i = 0; i + 1 < cnt; i++) {
		if (!insn_is_ldimm64(&purged[i]))
			continue;
		if (purged[i].src_reg == BPF_PSEUDO_MAP_FD ||
		    purged[i].src_reg == BPF_PSEUDO_MAP_VALUE) {
			purged[i].imm = 0;
			purged[i + 1].imm = 0;
		}
		i++;
	}
	sha256(purged, cnt * sizeof(*purged), out);
	free(purged);
	return 0;
}

/* Digest of map->excl_prog before any map exists: relocate a scratch copy
 * against placeholder fds (their immediates are zeroed anyway). */
int map_excl_prog_hash(struct bpf_map *map, __u8 out[SHA256_DIGEST_LEN])
{
	struct bpf_program *prog = map->excl_prog;
	struct bpf_object *obj = map->obj;
	struct bpf_insn *orig = prog->insns;
	size_t orig_cnt = prog->insn_cnt;
	struct relo_env env;
	struct relo_unit *units = NULL;
	int *fds, nr_units = 0, err;

	if (prog->relocated)
		return insns_digest(prog->insns, prog->insn_cnt, out);
	fds = calloc(obj->nr_maps ? obj->nr_maps : 1, sizeof(*fds));
	prog->insns = calloc(orig_cnt ? orig_cnt : 1, sizeof(*orig));
	if (!fds || !prog->insns) {
		free(fds);
		free(prog->insns);
		prog->insns = orig;
		return -ENOMEM;
	}
	memcpy(prog->insns, orig, orig_cnt * sizeof(*orig));
	for (int i = 0; i < obj->nr_maps; i++)
		fds[i] = 1;
	env.map_fds = fds;
	err = relo_apply(obj, prog, &env, &units, &nr_units);
	if (!err)
		err = insns_digest(prog->insns, prog->insn_cnt, out);
	free(units);
	free(fds);
	free(prog->insns);
	prog->insns = orig;
	prog->insn_cnt = orig_cnt;
	if (err)
		pr_warn("map '%s': cannot compute the digest of exclusive program '%s': %s\n",
			map->name, prog->name, errstr(err));
	return err;
}
