/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef __BPFKIT_BTF_DATASEC_H
#define __BPFKIT_BTF_DATASEC_H

#include <linux/types.h>

struct btf;

/* Id of the first DATASEC named name in btf, or -ENOENT. A plain scan:
 * the object loader needs a handful of DATASECs per object, which is
 * cheaper than building btf__find_by_name_kind()'s name index. */
__s32 btf_find_datasec(const struct btf *btf, const char *name);

#endif
