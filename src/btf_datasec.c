// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_datasec.h"

__s32 btf_find_datasec(const struct btf *btf, const char *name)
{
	__u32 n;

	if (!btf || !name)
		return -ENOENT;
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *tname;

		if (!t || !btf_is_datasec(t))
			continue;
		tname = btf__name_by_offset(btf, t->name_off);
		if (tname && !strcmp(tname, name))
			return id;
	}
	return -ENOENT;
}
