// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_internal.h"
#include "btf_datasec.h"

/* Walks the type offsets directly: this runs for every .maps and global
 * data section of every object opened, over all of its types. */
static __s32 find_own(const struct btf *btf, const char *name)
{
	for (__u32 i = 0; i < btf->nr_types; i++) {
		const struct btf_type *t;
		const char *tname;

		t = (const struct btf_type *)((const char *)btf->types + btf->type_offs[i]);
		if (BTF_INFO_KIND(t->info) != BTF_KIND_DATASEC)
			continue;
		tname = btf__name_by_offset(btf, t->name_off);
		if (tname && !strcmp(tname, name))
			return btf->start_id + i;
	}
	return -ENOENT;
}

__s32 btf_find_datasec(const struct btf *btf, const char *name)
{
	__s32 id;

	if (!btf || !name)
		return -ENOENT;
	/* base types have the lower ids: search them first */
	id = btf_find_datasec(btf->base, name);
	return id > 0 ? id : find_own(btf, name);
}
