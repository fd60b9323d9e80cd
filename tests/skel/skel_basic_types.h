/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Types of skel_basic.bpf.c's globals: as with bpftool, skeletons name
 * them but the application provides the definitions. */
#ifndef __SKEL_BASIC_TYPES_H
#define __SKEL_BASIC_TYPES_H

#include <linux/types.h>

struct point {
	int x;
	long long y;
};

enum skel_mode { MODE_OFF, MODE_COUNT, MODE_SUM };

#endif
