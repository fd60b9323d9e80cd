/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The netlink reference (tests/ref/ref_netlink.c) for test_tc.c and
 * test_xdp.c: built at run time against Debian's libbpf, run as a child
 * (so in the test's netns) with one result line read back.
 */
#ifndef __BPFKIT_TEST_NETLINK_REF_H
#define __BPFKIT_TEST_NETLINK_REF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char ref_bin[64];

static inline void ref_clean(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		test_log("cannot remove %s\n", dir);
}

/* Build the reference in a fresh directory from the template dir (which
 * is rewritten); skips the test when it cannot be built. */
static inline void ref_build(char *dir)
{
	char cmd[1024];

	if (!mkdtemp(dir))
		test_skip(true, "mkdtemp: %s", strerror(errno));
	snprintf(ref_bin, sizeof(ref_bin), "%s/ref", dir);
	/* no -Iinclude: the reference must see the system <bpf/libbpf.h> */
	snprintf(cmd, sizeof(cmd), "cc -std=gnu11 -O1 %s -lbpf -o %s 2>%s/cc.log",
		 test_src_path("tests/ref/ref_netlink.c"), ref_bin, dir);
	if (system(cmd) != 0) {
		ref_clean(dir);
		test_skip(true, "cannot build the reference against the system libbpf");
	}
}

/* Run the reference with printf-style args; its output line goes to out
 * (newline stripped). True when it ran and printed. */
static inline __attribute__((format(printf, 3, 4))) bool ref_run(char *out, size_t len,
								 const char *fmt, ...)
{
	char args[256], cmd[512];
	va_list ap;
	FILE *f;
	bool ok;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s", ref_bin, args);
	out[0] = 0;
	fflush(NULL);
	f = popen(cmd, "re");
	if (!f)
		return false;
	ok = fgets(out, len, f) != NULL;
	ok = pclose(f) == 0 && ok;
	out[strcspn(out, "\n")] = 0;
	test_log("ref %s -> %s\n", args, out);
	return ok;
}

#endif
