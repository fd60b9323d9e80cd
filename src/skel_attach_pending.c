// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * TEMPORARY: weak stand-in for bpf_map__attach_struct_ops(), which skeleton
 * attach calls, until the struct_ops branch is merged (its strong
 * definition wins). Removed at that merge.
 */
#include <errno.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"

__attribute__((weak)) LIBBPF_API struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map)
{
	(void)map;
	return libbpf_err_ptr(-EOPNOTSUPP);
}
