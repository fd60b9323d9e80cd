// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tests of the /proc/kallsyms parser: format, modules, duplicates and
 * libbpf's ambiguity rule, streaming, malformed lines, the real file
 * against awk, speed, and the zero-address (-EPERM) case. */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kallsyms.h"
#include "libbpf_internal.h"
#include "test.h"

static char last_warn[512];
static int nwarn;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN) {
		nwarn++;
		vsnprintf(last_warn, sizeof(last_warn), fmt, ap);
	}
	return 0;
}

static const char sample[] =
	"ffffffff81000000 T _stext\n"
	"ffffffff81000000 T _text\n"
	"ffffffff81001000 t dup_same\n"
	"ffffffff81001000 t dup_same\n"
	"ffffffff81002000 t dup_diff\n"
	"ffffffff81003000 t dup_diff\n"
	"ffffffff82000010 D jiffies\n"
	"ffffffff82000020 d counter.llvm.1234567\n"
	"ffffffff82000030 t helper.llvm.99\n"
	"ffffffffc0201000 t ftrace_trampoline\t[__builtin__ftrace]\n"
	"ffffffffc00254c0 t bpf_dispatcher_xdp\t[bpf]\n"
	"ffffffffc00254d0 T bpf_mod_fn\t[bpf]\n"
	"ffffffffc0300000 T dup_mod\t[mod_a]\n"
	"ffffffff81004000 T dup_mod\n"
	"0000000000000000 A fixed_percpu_data\n"
	"ffffffff81005000 W weak_fn";

static struct kallsyms *parse(const char *text, size_t len)
{
	struct kallsyms *ks = NULL;

	CHECK_EQ(kallsyms_parse(text, len, &ks), 0);
	return ks;
}

TEST(kallsyms_parse_basic)
{
	struct kallsyms *ks = parse(sample, sizeof(sample) - 1);
	struct ksym s;
	uint64_t addr;

	ASSERT_PTR(ks);
	/* 16 lines plus the alias "counter" */
	CHECK_EQ(kallsyms_count(ks), 17);
	ASSERT_EQ(kallsyms_find(ks, "_text", &s), 0);
	CHECK(s.addr == 0xffffffff81000000ull && s.type == 'T' && !s.module, "_text");
	ASSERT_EQ(kallsyms_find(ks, "jiffies", &s), 0);
	CHECK(s.addr == 0xffffffff82000010ull && s.type == 'D', "jiffies");
	ASSERT_EQ(kallsyms_find(ks, "weak_fn", &s), 0);	/* last line, no newline */
	CHECK(s.addr == 0xffffffff81005000ull && s.type == 'W', "weak_fn");
	ASSERT_EQ(kallsyms_find(ks, "fixed_percpu_data", &s), 0);
	CHECK(s.addr == 0 && s.type == 'A', "absolute zero symbol");
	CHECK(!kallsyms_all_zero(ks), "not all zero");

	/* module suffix */
	ASSERT_EQ(kallsyms_find(ks, "bpf_dispatcher_xdp", &s), 0);
	ASSERT_STREQ(s.module, "bpf");
	CHECK_EQ(s.addr, 0xffffffffc00254c0ull);
	ASSERT_EQ(kallsyms_find(ks, "bpf_mod_fn", &s), 0);
	ASSERT_STREQ(s.module, "bpf");
	ASSERT_EQ(kallsyms_find(ks, "ftrace_trampoline", &s), 0);
	ASSERT_STREQ(s.module, "__builtin__ftrace");

	/* absent names */
	CHECK_EQ(kallsyms_find(ks, "nope", &s), -ENOENT);
	CHECK_EQ(kallsyms_find(ks, "_tex", &s), -ENOENT);
	CHECK_EQ(kallsyms_resolve(ks, "nope", &addr), -ENOENT);

	/* entries in order */
	ASSERT_EQ(kallsyms_at(ks, 0, &s), 0);
	ASSERT_STREQ(s.name, "_stext");
	CHECK_EQ(kallsyms_at(ks, kallsyms_count(ks), &s), -ENOENT);
	kallsyms_free(ks);
}

TEST(kallsyms_duplicates)
{
	libbpf_print_fn_t old = libbpf_set_print(capture_print);
	struct kallsyms *ks = parse(sample, sizeof(sample) - 1);
	uint64_t addr = 0;
	struct ksym s;
	int n = 0;

	ASSERT_PTR(ks);
	/* same name, same address: resolves (libbpf accepts it) */
	ASSERT_EQ(kallsyms_resolve(ks, "dup_same", &addr), 0);
	CHECK_EQ(addr, 0xffffffff81001000ull);
	/* same name, different addresses: ambiguous, one warning */
	nwarn = 0;
	CHECK_EQ(kallsyms_resolve(ks, "dup_diff", &addr), -EINVAL);
	CHECK_EQ(nwarn, 1);
	CHECK(strstr(last_warn, "ambiguous") && strstr(last_warn, "dup_diff"), "'%s'", last_warn);
	/* vmlinux and a module: also ambiguous */
	CHECK_EQ(kallsyms_resolve(ks, "dup_mod", &addr), -EINVAL);
	/* all entries of a name, in input order */
	ASSERT_EQ(kallsyms_find(ks, "dup_diff", &s), 0);
	do {
		CHECK_EQ(s.addr, 0xffffffff81002000ull + 0x1000 * n);
		n++;
	} while (!kallsyms_find_next(ks, &s));
	CHECK_EQ(n, 2);
	ASSERT_EQ(kallsyms_find(ks, "dup_mod", &s), 0);
	ASSERT_STREQ(s.module, "mod_a");
	ASSERT_EQ(kallsyms_find_next(ks, &s), 0);
	CHECK(!s.module && s.addr == 0xffffffff81004000ull, "vmlinux dup_mod second");
	CHECK_EQ(kallsyms_find_next(ks, &s), -ENOENT);

	/* data symbol with an LLVM suffix answers to its stem; text does not */
	ASSERT_EQ(kallsyms_resolve(ks, "counter", &addr), 0);
	CHECK_EQ(addr, 0xffffffff82000020ull);
	ASSERT_EQ(kallsyms_find(ks, "counter", &s), 0);
	CHECK(s.llvm_alias && s.type == 'd', "alias flagged");
	ASSERT_EQ(kallsyms_find(ks, "counter.llvm.1234567", &s), 0);
	CHECK(!s.llvm_alias, "the real entry");
	CHECK_EQ(kallsyms_find(ks, "helper", &s), -ENOENT);
	kallsyms_free(ks);
	libbpf_set_print(old);
}

TEST(kallsyms_malformed)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "zzzz T name\n", "bad address" },
		{ "ffffffff81000000 T ok\nffff T\n", "line 2" },
		{ "ffffffff81000000\n", "no type" },
		{ "ffffffff81000000 T\n", "no name" },
		{ "ffffffff81000000T name\n", "no type" },
		{ "11111111111111111 T name\n", "bad address" },
		{ "ffffffff81000000 T name extra\n", "junk after the name" },
		{ "ffffffff81000000 T name\t[mod\n", "junk after the name" },
		{ "ffffffff81000000 T name\t[]\n", "junk after the name" },
		{ "ffffffff81000000 T name\t[a b]\n", "junk after the name" },
	};
	libbpf_print_fn_t old = libbpf_set_print(capture_print);
	struct kallsyms *ks;
	char *big;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		nwarn = 0;
		last_warn[0] = 0;
		ks = (struct kallsyms *)1;
		CHECK_EQ(kallsyms_parse(cases[i].text, strlen(cases[i].text), &ks), -EINVAL);
		CHECK(ks == NULL, "case %zu", i);
		CHECK_EQ(nwarn, 1);
		CHECK(strstr(last_warn, cases[i].msg) != NULL, "case %zu: want '%s' in '%s'", i,
		      cases[i].msg, last_warn);
	}
	/* an embedded NUL would cut the name short for C-string lookups */
	ks = (struct kallsyms *)1;
	CHECK_EQ(kallsyms_parse("ffffffff81000000 T na\0me\n", 25, &ks), -EINVAL);
	CHECK(ks == NULL && strstr(last_warn, "NUL byte"), "'%s'", last_warn);
	/* a line longer than any symbol can be, fed in pieces */
	big = malloc(10000);
	ASSERT_PTR(big);
	memset(big, 'a', 10000);
	ks = kallsyms_new();
	ASSERT_PTR(ks);
	CHECK_EQ(kallsyms_feed(ks, "ffffffff81000000 T ", 19), 0);
	CHECK_EQ(kallsyms_feed(ks, big, 10000), -EINVAL);
	CHECK(strstr(last_warn, "too long") != NULL, "'%s'", last_warn);
	CHECK_EQ(kallsyms_finish(ks), -EINVAL);
	kallsyms_free(ks);
	free(big);
	/* blank lines and CRLF are tolerated; empty input is empty */
	ASSERT_EQ(kallsyms_parse("\n\nffffffff81000000 T a\r\n\n", 25, &ks), 0);
	CHECK_EQ(kallsyms_count(ks), 1);
	kallsyms_free(ks);
	ASSERT_EQ(kallsyms_parse("", 0, &ks), 0);
	CHECK_EQ(kallsyms_count(ks), 0);
	CHECK(!kallsyms_all_zero(ks), "empty is not all-zero");
	kallsyms_free(ks);
	libbpf_set_print(old);
}

TEST(kallsyms_streaming_chunks)
{
	struct kallsyms *whole = parse(sample, sizeof(sample) - 1);

	ASSERT_PTR(whole);
	for (size_t chunk = 1; chunk <= 29; chunk += 4) {
		struct kallsyms *ks = kallsyms_new();
		struct ksym a, b;

		ASSERT_PTR(ks);
		for (size_t off = 0; off < sizeof(sample) - 1; off += chunk) {
			size_t n = min(chunk, sizeof(sample) - 1 - off);

			ASSERT_EQ(kallsyms_feed(ks, sample + off, n), 0);
		}
		ASSERT_EQ(kallsyms_finish(ks), 0);
		ASSERT_EQ(kallsyms_count(ks), kallsyms_count(whole));
		for (size_t i = 0; i < kallsyms_count(ks); i++) {
			ASSERT_EQ(kallsyms_at(ks, i, &a), 0);
			ASSERT_EQ(kallsyms_at(whole, i, &b), 0);
			CHECK(a.addr == b.addr && a.type == b.type && !strcmp(a.name, b.name) &&
			      !a.module == !b.module && (!a.module || !strcmp(a.module, b.module)),
			      "chunk %zu entry %zu", chunk, i);
		}
		/* feeding after finish is refused */
		CHECK_EQ(kallsyms_feed(ks, "x", 1), -EINVAL);
		kallsyms_free(ks);
	}
	kallsyms_free(whole);
}

TEST(kallsyms_zero_addresses)
{
	const char *text = "0000000000000000 T _stext\n0000000000000000 t foo\t[bar]\n";
	struct kallsyms *ks = parse(text, strlen(text));
	uint64_t addr = 1;

	ASSERT_PTR(ks);
	CHECK(kallsyms_all_zero(ks), "all zero detected");
	CHECK_EQ(kallsyms_resolve(ks, "foo", &addr), 0);
	CHECK_EQ(addr, 0);
	kallsyms_free(ks);
}

/* As an unprivileged user the kernel shows zeros: load_system says -EPERM. */
TEST(kallsyms_unprivileged_eperm)
{
	int status;
	pid_t pid;

	if (geteuid() != 0)
		test_skip(false, "needs root to switch to an unprivileged user");
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		struct kallsyms *ks = NULL;
		int err;

		libbpf_set_print(NULL);
		if (setgid(65534) || setuid(65534))
			_exit(3);
		err = kallsyms_load_system(&ks);
		kallsyms_free(ks);
		_exit(err == -EPERM ? 0 : err == 0 ? 2 : 1);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT(WIFEXITED(status), "child died");
	if (WEXITSTATUS(status) == 2)
		test_skip(false, "kernel shows addresses to unprivileged users here");
	CHECK_EQ(WEXITSTATUS(status), 0);
}

/* Output of cmd with a leading newline, so every line is "\n...\n". */
static int grep_lines(const char *cmd, char **out)
{
	size_t len = 1, cap = 1 << 16;
	char *buf = malloc(cap), *p;
	FILE *f = popen(cmd, "r");
	size_t n;

	if (!f || !buf) {
		if (f)
			pclose(f);
		free(buf);
		return -1;
	}
	buf[0] = '\n';
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			p = realloc(buf, cap *= 2);
			if (!p)
				break;
			buf = p;
		}
	}
	buf[len] = 0;
	pclose(f);
	*out = buf;
	return 0;
}

static bool is_bpf_sym(const struct ksym *s)
{
	return s->module && !strcmp(s->module, "bpf");
}

KTEST(kallsyms_system_vs_awk)
{
	char names_path[64], cmd[256], line[1024], *out;
	struct kallsyms *ks = NULL;
	size_t n, picks[50];
	uint64_t seed = 0x12345;
	int err, matched = 0;
	FILE *f;

	err = kallsyms_load_system(&ks);
	if (err == -EPERM)
		test_skip(true, "kallsyms addresses are hidden");
	ASSERT_EQ(err, 0);
	n = kallsyms_count(ks);
	CHECK_GT(n, 10000);

	/* 50 pseudo-random real (non-alias) entries. Symbols of JITed BPF
	 * programs ("[bpf]") come and go whenever any process loads one, as a
	 * concurrent test run does, so they are never picked or counted. */
	snprintf(names_path, sizeof(names_path), "/tmp/bpfkit-ksyms-%d", getpid());
	f = fopen(names_path, "w");
	ASSERT_PTR(f);
	for (int i = 0; i < 50; i++) {
		struct ksym s;

		do {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			picks[i] = (seed >> 33) % n;
			ASSERT_EQ(kallsyms_at(ks, picks[i], &s), 0);
		} while (s.llvm_alias || is_bpf_sym(&s));
		fprintf(f, "%s\n", s.name);
	}
	fclose(f);

	/* every /proc/kallsyms line of those names, by exact field match */
	snprintf(cmd, sizeof(cmd), "awk 'NR==FNR{w[$1]=1;next} ($3 in w)' %s /proc/kallsyms",
		 names_path);
	f = popen(cmd, "r");
	ASSERT_PTR(f);
	while (fgets(line, sizeof(line), f)) {
		char name[600], type, mod[600] = "";
		unsigned long long addr;
		struct ksym s;
		bool found = false;

		ASSERT_GE(sscanf(line, "%llx %c %599s [%599[^]]", &addr, &type, name, mod), 3);
		ASSERT_EQ(kallsyms_find(ks, name, &s), 0);
		do {
			found |= s.addr == addr && s.type == type &&
				 !strcmp(s.module ? s.module : "", mod);
		} while (!found && !kallsyms_find_next(ks, &s));
		CHECK(found, "'%s' not in our table", line);
		matched++;
	}
	pclose(f);
	unlink(names_path);
	/* and the other way round: each pick's line is in the file (one grep
	 * of exact lines for all 50) */
	f = fopen(names_path, "w");
	ASSERT_PTR(f);
	for (int i = 0; i < 50; i++) {
		struct ksym s;

		kallsyms_at(ks, picks[i], &s);
		fprintf(f, "%016llx %c %s%s%s%s\n", (unsigned long long)s.addr, s.type, s.name,
			s.module ? "\t[" : "", s.module ? s.module : "", s.module ? "]" : "");
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "grep -F -x -f %s /proc/kallsyms", names_path);
	ASSERT(grep_lines(cmd, &out) == 0, "%s", cmd);
	unlink(names_path);
	for (int i = 0; i < 50; i++) {
		struct ksym s;

		kallsyms_at(ks, picks[i], &s);
		snprintf(line, sizeof(line), "\n%016llx %c %s%s%s%s\n", (unsigned long long)s.addr,
			 s.type, s.name, s.module ? "\t[" : "", s.module ? s.module : "",
			 s.module ? "]" : "");
		CHECK(strstr(out, line) != NULL, "grep lacks %s", line + 1);
	}
	free(out);
	/* one entry per line of the file, plus the LLVM aliases */
	{
		size_t real = 0, lines = 0;
		struct ksym s;

		for (size_t i = 0; i < n; i++)
			real += !kallsyms_at(ks, i, &s) && !s.llvm_alias && !is_bpf_sym(&s);
		f = popen("grep -vc '\\[bpf\\]$' /proc/kallsyms", "r");
		ASSERT_PTR(f);
		CHECK_EQ(fscanf(f, "%zu", &lines), 1);
		pclose(f);
		CHECK_EQ(real, lines);
	}
	test_log("kallsyms: %zu entries, %d awk lines matched\n", n, matched);
	CHECK_GE(matched, 50);
	kallsyms_free(ks);
}

/* The streaming loader (kallsyms_load_system) and a parse of the whole
 * file read in one go see the same symbols. (Speed is a benchmark
 * matter, not a test's.) */
KTEST(kallsyms_system_matches_parse)
{
	size_t len = 0, cap = 16 << 20;
	char *buf = malloc(cap);
	struct kallsyms *ks = NULL, *ks2 = NULL;
	struct ksym a, b;
	FILE *f;
	size_t n;

	ASSERT_PTR(buf);
	if (kallsyms_load_system(&ks) == -EPERM) {
		free(buf);
		test_skip(true, "kallsyms addresses are hidden");
	}
	ASSERT_PTR(ks);
	f = fopen("/proc/kallsyms", "r");
	ASSERT_PTR(f);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0)
		len += n;
	fclose(f);
	ASSERT_LT(len, cap);
	ASSERT_EQ(kallsyms_parse(buf, len, &ks2), 0);
	CHECK_GT(kallsyms_count(ks), 1000);
	CHECK_EQ(kallsyms_count(ks), kallsyms_count(ks2));
	for (size_t i = 0; i < kallsyms_count(ks) && i < kallsyms_count(ks2); i += 997) {
		ASSERT_EQ(kallsyms_at(ks, i, &a), 0);
		ASSERT_EQ(kallsyms_at(ks2, i, &b), 0);
		CHECK(a.addr == b.addr && !strcmp(a.name, b.name), "symbol %zu differs: %s vs %s", i,
		      a.name, b.name);
	}
	kallsyms_free(ks);
	kallsyms_free(ks2);
	free(buf);
}
