// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tests of the library's base utilities: print callback, errors, versions. */
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <unistd.h>

#include "libbpf_internal.h"
#include "test.h"

static char last_msg[512];
static int nmsgs;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	nmsgs++;
	return vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
}

TEST(util_set_print)
{
	libbpf_print_fn_t old = libbpf_set_print(capture_print);
	libbpf_print_fn_t mine;
	char buf[8];

	ASSERT_PTR(old);
	nmsgs = 0;
	errno = 42;
	libbpf_print(LIBBPF_WARN, "hello %d\n", 5);
	ASSERT_EQ(errno, 42);
	ASSERT_EQ(nmsgs, 1);
	ASSERT_STREQ(last_msg, "hello 5\n");
	/* NULL silences the library. */
	ASSERT(libbpf_set_print(NULL) == capture_print, "previous callback returned");
	libbpf_print(LIBBPF_WARN, "dropped\n");
	ASSERT_EQ(nmsgs, 1);
	libbpf_set_print(capture_print);
	mine = libbpf_set_print(old);
	ASSERT(mine == capture_print, "set_print returns the previous callback");
	snprintf(buf, sizeof(buf), "ok");
}

TEST(util_strerror)
{
	char buf[128];

	ASSERT_EQ(libbpf_strerror(-ENOENT, buf, sizeof(buf)), 0);
	ASSERT_STREQ(buf, "No such file or directory");
	ASSERT_EQ(libbpf_strerror(ENOENT, buf, sizeof(buf)), 0);
	ASSERT_STREQ(buf, "No such file or directory");
	ASSERT_EQ(libbpf_strerror(-LIBBPF_ERRNO__VERIFY, buf, sizeof(buf)), 0);
	ASSERT(strstr(buf, "verifier") != NULL, "got '%s'", buf);
	ASSERT_EQ(libbpf_strerror(LIBBPF_ERRNO__RELOC, buf, 4), 0);
	ASSERT_EQ(strlen(buf), 3);
	ASSERT_ERR(libbpf_strerror(99999, buf, sizeof(buf)), ENOENT);
	ASSERT(strstr(buf, "Unknown") != NULL, "got '%s'", buf);
}

TEST(util_versions)
{
	char want[32];

	ASSERT_EQ(libbpf_major_version(), LIBBPF_MAJOR_VERSION);
	ASSERT_EQ(libbpf_minor_version(), LIBBPF_MINOR_VERSION);
	snprintf(want, sizeof(want), "v%d.%d", LIBBPF_MAJOR_VERSION, LIBBPF_MINOR_VERSION);
	ASSERT_STREQ(libbpf_version_string(), want);
	snprintf(want, sizeof(want), "%d.%d.%d", BPFKIT_MAJOR_VERSION, BPFKIT_MINOR_VERSION,
		 BPFKIT_PATCH_VERSION);
	ASSERT_STREQ(bpfkit_version_string(), want);
}

TEST(util_num_possible_cpus)
{
	int n = libbpf_num_possible_cpus();
	long conf = sysconf(_SC_NPROCESSORS_CONF);

	ASSERT_GT(n, 0);
	ASSERT_GE(n, conf);
	ASSERT_EQ(libbpf_num_possible_cpus(), n);
}

TEST(util_get_error)
{
	int x;

	errno = ENOENT;
	ASSERT_EQ(libbpf_get_error(NULL), -ENOENT);
	ASSERT_EQ(libbpf_get_error(&x), 0);
	ASSERT_EQ(libbpf_set_strict_mode(LIBBPF_STRICT_ALL), 0);
}

struct fake_opts {
	size_t sz;
	int a;
	long b;
};

TEST(util_opts_macros)
{
	LIBBPF_OPTS(fake_opts, o, .a = 3);

	ASSERT_EQ(o.sz, sizeof(struct fake_opts));
	ASSERT_EQ(o.a, 3);
	ASSERT_EQ(o.b, 0);
	o.b = 7;
	LIBBPF_OPTS_RESET(o, .b = 5);
	ASSERT_EQ(o.sz, sizeof(struct fake_opts));
	ASSERT_EQ(o.a, 0);
	ASSERT_EQ(o.b, 5);
}
