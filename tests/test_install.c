// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* `make install` into a temporary prefix, then build an unchanged
 * libbpf-style program with pkg-config and run it against the shared lib. */
#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

/* A sanitizer build's .so needs the program built the same way. */
#if defined(__SANITIZE_ADDRESS__)
#define PROG_CC "clang -fsanitize=address,undefined"
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROG_CC "clang -fsanitize=address,undefined"
#endif
#endif
#ifndef PROG_CC
#define PROG_CC "cc"
#endif

static int rm_one(const char *p, const struct stat *st, int f, struct FTW *w)
{
	(void)st;
	(void)f;
	(void)w;
	return remove(p);
}

static int run(const char *cmd, char *out, size_t outsz)
{
	FILE *f = popen(cmd, "r");
	size_t n = 0;

	if (!f)
		return -1;
	if (out) {
		n = fread(out, 1, outsz - 1, f);
		out[n] = 0;
	} else {
		char buf[4096];

		while (fread(buf, 1, sizeof(buf), f) > 0)
			;
	}
	return pclose(f);
}

KTEST(install_pkgconfig_build)
{
	char tmpl[] = "/tmp/bpfkit-install-XXXXXX";
	char cmd[8192], out[4096];
	const char *dir = mkdtemp(tmpl);
	const char *root = getenv("BPFKIT_ROOT"), *build = getenv("BPFKIT_BUILD");
	int st;

	ASSERT_PTR(dir);
	ASSERT_PTR(root);
	ASSERT_PTR(build);
	snprintf(cmd, sizeof(cmd), "make -s -C %s BUILD=%s install PREFIX=%s/usr 2>&1", root,
		 build, dir);
	st = run(cmd, out, sizeof(out));
	if (!CHECK(st == 0, "make install failed: %s", out))
		goto out;
	snprintf(cmd, sizeof(cmd), "test -f %s/usr/include/bpfkit/bpf/libbpf.h && "
		 "test -f %s/usr/include/bpfkit/bpf/bpf_helper_defs.h && "
		 "test -x %s/usr/bin/bpfkit", dir, dir, dir);
	if (!CHECK(run(cmd, NULL, 0) == 0, "installed files missing"))
		goto out;
	snprintf(cmd, sizeof(cmd),
		 "PKG_CONFIG_PATH=%s/usr/lib/pkgconfig " PROG_CC " -Wall -Werror %s/tests/install/prog.c "
		 "-o %s/prog $(PKG_CONFIG_PATH=%s/usr/lib/pkgconfig pkg-config --cflags --libs "
		 "bpfkit) 2>&1",
		 dir, root, dir, dir);
	st = run(cmd, out, sizeof(out));
	if (!CHECK(st == 0, "pkg-config build failed: %s", out))
		goto out;
	/* Dynamically linked against the installed libbpfkit.so. */
	snprintf(cmd, sizeof(cmd), "LD_LIBRARY_PATH=%s/usr/lib %s/prog 2>&1", dir, dir);
	st = run(cmd, out, sizeof(out));
	CHECK(st == 0, "program failed: %s", out);
	CHECK(strstr(out, "ok 7 41") != NULL, "unexpected output: %s", out);
	snprintf(cmd, sizeof(cmd), "LD_LIBRARY_PATH=%s/usr/lib ldd %s/prog", dir, dir);
	run(cmd, out, sizeof(out));
	CHECK(strstr(out, dir) != NULL, "not linked to the installed .so: %s", out);
out:
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
