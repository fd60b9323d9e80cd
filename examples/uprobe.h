/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef UPROBE_H
#define UPROBE_H

enum { PROBE_ENTRY = 1, PROBE_RETURN = 2 };

struct probe_event {
	int kind;
	int pid;
	long a;
	long b;
	long ret;
};

#endif
