/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Tiny helpers shared by the skeleton test apps (the .c files here). Each app
 * is a standalone program built against a generated skeleton header, the
 * way applications use them; it exits 0 when every check passed, 1 on a
 * failure (reported on stderr) and 77 when the header could not be made
 * (bpftool missing). tests/test_skel.c runs them.
 */
#ifndef __SKEL_APP_H
#define __SKEL_APP_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_SKIP 77

static int app_failures;

#define APP_CHECK(cond, fmt, ...)                                               \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: check '%s' failed: " fmt "\n",  \
				__FILE__, __LINE__, #cond, ##__VA_ARGS__);      \
			app_failures++;                                         \
		}                                                               \
	} while (0)

/* Stop at the first failure of a check later steps depend on. */
#define APP_REQUIRE(cond, fmt, ...)                                             \
	do {                                                                    \
		int __fails = app_failures;                                     \
		APP_CHECK(cond, fmt, ##__VA_ARGS__);                            \
		if (app_failures != __fails)                                    \
			exit(1);                                                \
	} while (0)

static inline int app_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the directory's own fd */
}

static inline int app_finish(const char *name, int fds_before)
{
	int fds = app_count_fds();

	APP_CHECK(fds == fds_before, "fd leak: %d open at start, %d at the end", fds_before, fds);
	if (app_failures)
		fprintf(stderr, "%s: %d check(s) failed\n", name, app_failures);
	else
		printf("%s: ok\n", name);
	return app_failures ? 1 : 0;
}

#endif
