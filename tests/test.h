/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfkit test framework.
 *
 *   TEST(name)  { ... }   a test that needs no kernel access
 *   KTEST(name) { ... }   a test that needs bpf(); skips (or fails under
 *                         BPFKIT_REQUIRE_KERNEL=1) when bpf() is refused
 *
 * ASSERT_* stop the test on failure; CHECK_* record the failure and go on.
 * test__start_subtest("x") returns false when -t filters the subtest out.
 * After a passing test the runner checks that no fd was leaked.
 */
#ifndef __BPFKIT_TEST_H
#define __BPFKIT_TEST_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	bool kernel;
	const char *file;
	struct test_case *next;
};

void test_register(struct test_case *tc);

#define __TEST(tname, is_kernel)                                             \
	static void test_##tname(void);                                      \
	static struct test_case tc_##tname = {                               \
		.name = #tname, .fn = test_##tname, .kernel = is_kernel,     \
		.file = __FILE__,                                            \
	};                                                                   \
	__attribute__((constructor)) static void reg_##tname(void)           \
	{                                                                    \
		test_register(&tc_##tname);                                  \
	}                                                                    \
	static void test_##tname(void)

#define TEST(name) __TEST(name, false)
#define KTEST(name) __TEST(name, true)

/* Record a failure with a message (printf style); the test goes on. */
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Abort the current test (after a failure was recorded). */
void test_abort(void) __attribute__((noreturn));
/* Skip the current test with a reason. Under BPFKIT_REQUIRE_KERNEL=1 (set
 * by CI) a skip with kernel == true is a failure: use it when something CI
 * provides is missing (bpf() permission, bpffs, clang, bpftool, the
 * reference loader), so a broken setup cannot hide as a skip. */
void test_skip(bool kernel, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* Skip because the running kernel provably lacks a feature (e.g. kprobes
 * not compiled in, tracing programs refused under lockdown), detected at run
 * time. Unlike test_skip(true, ...), this stays a skip under
 * BPFKIT_REQUIRE_KERNEL=1: the kernel works, it just has no such feature. */
void test_skip_absent(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Verbose output (-v only). */
void test_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool test_verbose(void);
/* Subtests: returns whether this subtest is selected. */
bool test__start_subtest(const char *name);

/* Path of a built BPF object, e.g. test_obj_path("minimal") ->
 * "<build>/tests/progs/minimal.bpf.o". Returns a static buffer. */
const char *test_obj_path(const char *name);
/* Path under the source tree / build tree. Static buffers. */
const char *test_src_path(const char *rel);
const char *test_build_path(const char *rel);
/* A per-run directory in /sys/fs/bpf (bpffs mounted if needed), created on
 * first use and removed when the runner exits. Static buffer. */
const char *test_pin_dir(void);
/* Mount tracefs at /sys/kernel/tracing if needed; returns its path or NULL. */
const char *test_tracefs(void);
/* Number of open fds of this process. */
int test_count_fds(void);

#define CHECK(cond, fmt, ...)                                                \
	({                                                                   \
		bool __ok = !!(cond);                                        \
		if (!__ok)                                                   \
			test_fail(__FILE__, __LINE__, "%s: " fmt, #cond,     \
				  ##__VA_ARGS__);                            \
		__ok;                                                        \
	})

#define ASSERT(cond, fmt, ...)                                               \
	do {                                                                 \
		if (!CHECK(cond, fmt, ##__VA_ARGS__))                        \
			test_abort();                                        \
	} while (0)

#define __CMP(fatal, a, op, b)                                               \
	do {                                                                 \
		long long __a = (long long)(a), __b = (long long)(b);        \
		if (!(__a op __b)) {                                         \
			test_fail(__FILE__, __LINE__,                        \
				  "%s %s %s: %lld vs %lld (errno %d)", #a,   \
				  #op, #b, __a, __b, errno);                 \
			if (fatal)                                           \
				test_abort();                                \
		}                                                            \
	} while (0)

#define ASSERT_EQ(a, b) __CMP(1, a, ==, b)
#define ASSERT_NE(a, b) __CMP(1, a, !=, b)
#define ASSERT_LT(a, b) __CMP(1, a, <, b)
#define ASSERT_LE(a, b) __CMP(1, a, <=, b)
#define ASSERT_GT(a, b) __CMP(1, a, >, b)
#define ASSERT_GE(a, b) __CMP(1, a, >=, b)
#define CHECK_EQ(a, b) __CMP(0, a, ==, b)
#define CHECK_NE(a, b) __CMP(0, a, !=, b)
#define CHECK_GE(a, b) __CMP(0, a, >=, b)
#define CHECK_GT(a, b) __CMP(0, a, >, b)

/* Success of an fd- or 0-returning call (>= 0). */
#define ASSERT_OK(x) __CMP(1, x, >=, 0)
/* Call expected to fail with -E (return value) and errno E. */
#define ASSERT_ERR(x, e)                                                     \
	do {                                                                 \
		errno = 0;                                                   \
		long long __r = (long long)(x);                              \
		int __e = errno;                                             \
		if (__r != -(e) || __e != (e)) {                             \
			test_fail(__FILE__, __LINE__,                        \
				  "%s: want -%s, got %lld (errno %d)", #x,   \
				  #e, __r, __e);                             \
			test_abort();                                        \
		}                                                            \
	} while (0)

#define ASSERT_STREQ(a, b)                                                   \
	do {                                                                 \
		const char *__a = (a), *__b = (b);                           \
		if (!__a || !__b || strcmp(__a, __b)) {                      \
			test_fail(__FILE__, __LINE__, "%s == %s: '%s' vs '%s'", \
				  #a, #b, __a ? __a : "(null)",              \
				  __b ? __b : "(null)");                     \
			test_abort();                                        \
		}                                                            \
	} while (0)

#define ASSERT_PTR(p)                                                        \
	do {                                                                 \
		if (!(p)) {                                                  \
			test_fail(__FILE__, __LINE__, "%s is NULL (errno %d)", #p, \
				  errno);                                    \
			test_abort();                                        \
		}                                                            \
	} while (0)

#endif
