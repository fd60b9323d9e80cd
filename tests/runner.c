// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The test runner: runs every registered test, prints one line per test and
 * a final "N passed, M failed, K skipped". */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <linux/bpf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test.h"

#define BPF_FS_MAGIC 0xcafe4a11
#define TRACEFS_MAGIC 0x74726163

enum test_state { T_PASS, T_FAIL, T_SKIP };

static struct test_case *tests;
static int ntests;
static const char *filters[64];
static int nfilters;
static bool verbose;
static bool require_kernel;

static struct {
	const struct test_case *tc;
	enum test_state state;
	char reason[512];
	int nfail;
	char subtest[128];
	jmp_buf jmp;
} cur;

void test_register(struct test_case *tc)
{
	tc->next = tests;
	tests = tc;
	ntests++;
}

bool test_verbose(void)
{
	return verbose;
}

void test_log(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	if (!cur.nfail++)
		snprintf(cur.reason, sizeof(cur.reason), "%s%s%s:%d: %s", cur.subtest,
			 cur.subtest[0] ? ": " : "", base, line, msg);
	cur.state = T_FAIL;
	printf("    %s:%d: %s%s%s\n", base, line, cur.subtest, cur.subtest[0] ? ": " : "", msg);
}

void test_abort(void)
{
	longjmp(cur.jmp, 1);
}

void test_skip(bool kernel, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cur.reason, sizeof(cur.reason), fmt, ap);
	va_end(ap);
	if (kernel && require_kernel) {
		char tmp[sizeof(cur.reason)];

		snprintf(tmp, sizeof(tmp), "would skip (BPFKIT_REQUIRE_KERNEL=1): %s", cur.reason);
		strcpy(cur.reason, tmp);
		cur.state = T_FAIL;
		cur.nfail++;
	} else if (cur.state != T_FAIL) {
		cur.state = T_SKIP;
	}
	longjmp(cur.jmp, 1);
}

void test_skip_absent(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cur.reason, sizeof(cur.reason), fmt, ap);
	va_end(ap);
	if (cur.state != T_FAIL)
		cur.state = T_SKIP;
	longjmp(cur.jmp, 1);
}

/* Filters: "test" or "test/subtest"; a test matches if its name contains
 * the test part. */
static bool filter_match(const char *test, const char *sub)
{
	if (!nfilters)
		return true;
	for (int i = 0; i < nfilters; i++) {
		const char *f = filters[i], *slash = strchr(f, '/');
		size_t tl = slash ? (size_t)(slash - f) : strlen(f);
		char tpart[256];

		snprintf(tpart, sizeof(tpart), "%.*s", (int)tl, f);
		if (!strstr(test, tpart))
			continue;
		if (!sub || !slash || strstr(sub, slash + 1))
			return true;
	}
	return false;
}

bool test__start_subtest(const char *name)
{
	if (!filter_match(cur.tc->name, name))
		return false;
	snprintf(cur.subtest, sizeof(cur.subtest), "%s", name);
	test_log("  subtest %s/%s\n", cur.tc->name, name);
	return true;
}

static char path_buf[4][4096];
static int path_idx;

static char *next_buf(void)
{
	return path_buf[path_idx++ % 4];
}

const char *test_build_path(const char *rel)
{
	const char *b = getenv("BPFKIT_BUILD");
	char *p = next_buf();

	snprintf(p, 4096, "%s/%s", b ? b : "..", rel);
	return p;
}

const char *test_src_path(const char *rel)
{
	const char *r = getenv("BPFKIT_ROOT");
	char *p = next_buf();

	snprintf(p, 4096, "%s/%s", r ? r : "../..", rel);
	return p;
}

const char *test_obj_path(const char *name)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "tests/progs/%s.bpf.o", name);
	return test_build_path(rel);
}

static char pin_dir[256];

static bool fs_is(const char *path, long magic)
{
	struct statfs st;

	return statfs(path, &st) == 0 && st.f_type == magic;
}

const char *test_pin_dir(void)
{
	if (pin_dir[0])
		return pin_dir;
	if (!fs_is("/sys/fs/bpf", BPF_FS_MAGIC)) {
		mkdir("/sys/fs/bpf", 0755);
		if (mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL) && !fs_is("/sys/fs/bpf", BPF_FS_MAGIC))
			test_skip(true, "cannot mount bpffs at /sys/fs/bpf: %s", strerror(errno));
	}
	snprintf(pin_dir, sizeof(pin_dir), "/sys/fs/bpf/bpfkit-test-%d", getpid());
	if (mkdir(pin_dir, 0700) && errno != EEXIST) {
		int e = errno;

		pin_dir[0] = 0;
		test_skip(true, "cannot create pin dir: %s", strerror(e));
	}
	return pin_dir;
}

const char *test_tracefs(void)
{
	static const char *dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

	for (size_t i = 0; i < 2; i++)
		if (fs_is(dirs[i], TRACEFS_MAGIC))
			return dirs[i];
	if (mount("tracefs", dirs[0], "tracefs", 0, NULL) == 0)
		return dirs[0];
	return NULL;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup_pin_dir(void)
{
	if (pin_dir[0])
		nftw(pin_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int test_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own fd */
}

/* Whether bpf() works here: try creating a tiny array map. */
static int kernel_probe(char *why, size_t len)
{
	static int state; /* 0 unknown, 1 ok, -1 no */
	static char reason[200];
	union bpf_attr attr;
	int fd;

	if (state) {
		snprintf(why, len, "%s", reason);
		return state;
	}
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	fd = syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	if (fd < 0) {
		snprintf(reason, sizeof(reason), "bpf() not permitted here: %s", strerror(errno));
		state = -1;
	} else {
		close(fd);
		state = 1;
	}
	snprintf(why, len, "%s", reason);
	return state;
}

static int cmp_tests(const void *a, const void *b)
{
	const struct test_case *x = *(struct test_case *const *)a;
	const struct test_case *y = *(struct test_case *const *)b;
	int r = strcmp(x->file, y->file);

	return r ? r : strcmp(x->name, y->name);
}

static void run_one(const struct test_case *tc)
{
	char why[200];
	int fds_before;

	memset(&cur, 0, sizeof(cur));
	cur.tc = tc;
	cur.state = T_PASS;
	fds_before = test_count_fds();
	if (setjmp(cur.jmp) == 0) {
		if (tc->kernel && kernel_probe(why, sizeof(why)) < 0)
			test_skip(true, "%s", why);
		tc->fn();
	}
	cur.subtest[0] = 0;
	if (cur.state == T_PASS) {
		int fds_after = test_count_fds();

		if (fds_after > fds_before)
			test_fail(tc->file, 0, "leaked %d fd(s)", fds_after - fds_before);
	}
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-v] [-l] [-t NAME[/SUBTEST]]...\n"
		"  -t  run only tests whose name contains NAME (repeatable, comma lists)\n"
		"  -v  verbose: print subtests and test logs\n"
		"  -l  list tests\n",
		prog);
}

int main(int argc, char **argv)
{
	struct test_case **arr;
	int opt, passed = 0, failed = 0, skipped = 0, n = 0;
	bool list = false;
	const char *rk = getenv("BPFKIT_REQUIRE_KERNEL");

	require_kernel = rk && strcmp(rk, "0") && *rk;
	while ((opt = getopt(argc, argv, "vlt:h")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		case 'l':
			list = true;
			break;
		case 't': {
			char *s = strdup(optarg), *tok, *save;

			for (tok = strtok_r(s, ",", &save); tok && nfilters < 64;
			     tok = strtok_r(NULL, ",", &save))
				filters[nfilters++] = tok;
			break;
		}
		default:
			usage(argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	arr = calloc(ntests ? ntests : 1, sizeof(*arr));
	for (struct test_case *t = tests; t; t = t->next)
		arr[n++] = t;
	qsort(arr, n, sizeof(*arr), cmp_tests);
	atexit(cleanup_pin_dir);
	for (int i = 0; i < n; i++) {
		const struct test_case *tc = arr[i];

		if (!filter_match(tc->name, NULL))
			continue;
		if (list) {
			printf("%s\n", tc->name);
			continue;
		}
		run_one(tc);
		switch (cur.state) {
		case T_PASS:
			passed++;
			printf("PASS %s\n", tc->name);
			break;
		case T_FAIL:
			failed++;
			printf("FAIL %s: %s\n", tc->name, cur.reason);
			break;
		case T_SKIP:
			skipped++;
			printf("SKIP %s: %s\n", tc->name, cur.reason);
			break;
		}
	}
	free(arr);
	if (!list)
		printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
