// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tests of the kernel config parser, the system config readers, libbpf's
 * override order for opts.kconfig, and LINUX_KERNEL_VERSION. */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kconfig.h"
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

static struct kconfig *parse(const char *text)
{
	struct kconfig *cfg = NULL;
	int err = kconfig_parse_text(text, strlen(text), &cfg);

	CHECK_EQ(err, 0);
	return cfg;
}

static void expect_tri(const struct kconfig *cfg, const char *name, char v)
{
	const struct kconfig_entry *e = kconfig_get(cfg, name);

	if (!CHECK(e != NULL, "%s missing", name))
		return;
	CHECK_EQ(e->kind, KCONFIG_TRISTATE);
	CHECK(e->tristate == v, "%s: '%c' vs '%c'", name, e->tristate, v);
	CHECK_EQ(e->num, v == 'y'   ? KCONFIG_TRI_YES :
			 v == 'm' ? KCONFIG_TRI_MODULE : KCONFIG_TRI_NO);
}

static void expect_int(const struct kconfig *cfg, const char *name, uint64_t v)
{
	const struct kconfig_entry *e = kconfig_get(cfg, name);

	if (!CHECK(e != NULL, "%s missing", name))
		return;
	CHECK_EQ(e->kind, KCONFIG_INT);
	CHECK(e->num == v, "%s: %llu vs %llu", name, (unsigned long long)e->num,
	      (unsigned long long)v);
}

TEST(kconfig_parse_kinds)
{
	const char *text = "#\n"
			   "# Automatically generated file; DO NOT EDIT.\n"
			   "\n"
			   "CONFIG_Y=y\n"
			   "CONFIG_M=m\n"
			   "CONFIG_N=n\n"
			   "# CONFIG_UNSET is not set\n"
			   "CONFIG_DEC=123\n"
			   "CONFIG_HEX=0x1f\n"
			   "CONFIG_OCT=017\n"
			   "CONFIG_NEG=-1\n"
			   "CONFIG_BIG=18446744073709551615\n"
			   "CONFIG_STR=\"a \\\"quoted\\\" string \\\\ with a backslash\"\n"
			   "CONFIG_EMPTY=\"\"\n"
			   "CONFIG_CRLF=y\r\n"
			   "  CONFIG_INDENTED=y\n"
			   "OTHER_THING=1\n"
			   "some junk line without an equals sign\n"
			   "# a comment mentioning CONFIG_FOO in passing\n"
			   "CONFIG_Y=n\n"
			   "CONFIG_LAST=42";
	const struct kconfig_entry *e;
	struct kconfig *cfg = parse(text);

	ASSERT_PTR(cfg);
	expect_tri(cfg, "CONFIG_Y", 'y');	/* first wins over the later =n */
	expect_tri(cfg, "CONFIG_M", 'm');
	expect_tri(cfg, "CONFIG_N", 'n');
	expect_tri(cfg, "CONFIG_CRLF", 'y');
	expect_int(cfg, "CONFIG_DEC", 123);
	expect_int(cfg, "CONFIG_HEX", 0x1f);
	expect_int(cfg, "CONFIG_OCT", 017);
	expect_int(cfg, "CONFIG_NEG", UINT64_MAX);
	expect_int(cfg, "CONFIG_BIG", UINT64_MAX);
	expect_int(cfg, "CONFIG_LAST", 42);

	e = kconfig_get(cfg, "CONFIG_UNSET");
	ASSERT_PTR(e);
	CHECK(e->not_set && e->kind == KCONFIG_TRISTATE && e->tristate == 'n', "not set");
	CHECK_EQ(e->line, 7);
	CHECK(!kconfig_get(cfg, "CONFIG_Y")->not_set, "CONFIG_Y is set");

	e = kconfig_get(cfg, "CONFIG_STR");
	ASSERT_PTR(e);
	CHECK_EQ(e->kind, KCONFIG_STR);
	ASSERT_STREQ(e->str, "a \"quoted\" string \\ with a backslash");
	CHECK_EQ(e->str_len, strlen(e->str));
	/* value is the raw text between the quotes, as libbpf copies it */
	ASSERT_STREQ(e->value, "a \\\"quoted\\\" string \\\\ with a backslash");
	e = kconfig_get(cfg, "CONFIG_EMPTY");
	ASSERT_PTR(e);
	CHECK(e->kind == KCONFIG_STR && e->str_len == 0 && !e->str[0], "empty string");

	/* only lines starting with CONFIG_ count */
	CHECK(!kconfig_get(cfg, "CONFIG_INDENTED"), "indented line taken");
	CHECK(!kconfig_get(cfg, "OTHER_THING"), "non-CONFIG line taken");
	CHECK(!kconfig_get(cfg, "CONFIG_FOO"), "comment taken");
	CHECK(!kconfig_get(cfg, "CONFIG_NOPE"), "absent name found");
	CHECK(!kconfig_get(cfg, "CONFIG_"), "prefix found");
	/* both CONFIG_Y lines are in the list, in file order */
	CHECK_EQ(kconfig_count(cfg), 14);
	ASSERT_STREQ(kconfig_entry_at(cfg, 0)->name, "CONFIG_Y");
	ASSERT_STREQ(kconfig_entry_at(cfg, kconfig_count(cfg) - 1)->name, "CONFIG_LAST");
	CHECK(!kconfig_entry_at(cfg, kconfig_count(cfg)), "past the end");
	kconfig_free(cfg);
}

TEST(kconfig_malformed)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "CONFIG_A=y\nCONFIG_NOEQ\n", "line 2" },
		{ "CONFIG_A=\n", "no value" },
		{ "# x\n\nCONFIG_A=abc\n", "line 3" },
		{ "CONFIG_A=12abc\n", "not a tristate, string or number" },
		{ "CONFIG_A=0x\n", "CONFIG_A=0x" },
		{ "CONFIG_A=99999999999999999999999\n", "number" },
		{ "CONFIG_S=\"abc\n", "unterminated string" },
		{ "CONFIG_S=\"\n", "unterminated string" },
		{ "CONFIG_S=\"abc\\\"\n", "escaped quote" },
	};
	libbpf_print_fn_t old = libbpf_set_print(capture_print);
	struct kconfig *cfg;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		nwarn = 0;
		last_warn[0] = 0;
		cfg = (struct kconfig *)1;
		CHECK_EQ(kconfig_parse_text(cases[i].text, strlen(cases[i].text), &cfg), -EINVAL);
		CHECK(cfg == NULL, "case %zu left a table", i);
		CHECK_EQ(nwarn, 1);
		CHECK(strstr(last_warn, cases[i].msg) != NULL, "case %zu: want '%s' in '%s'", i,
		      cases[i].msg, last_warn);
	}
	/* an empty text is a valid, empty config */
	ASSERT_EQ(kconfig_parse_text("", 0, &cfg), 0);
	CHECK_EQ(kconfig_count(cfg), 0);
	CHECK(!kconfig_get(cfg, "CONFIG_A"), "empty config");
	kconfig_free(cfg);
	/* not NUL-terminated: the length is honoured */
	ASSERT_EQ(kconfig_parse_text("CONFIG_A=1234", 11, &cfg), 0);
	expect_int(cfg, "CONFIG_A", 12);
	kconfig_free(cfg);
	libbpf_set_print(old);
}

TEST(kconfig_override_semantics)
{
	struct kconfig *sys = parse("CONFIG_BPF=y\n"
				    "CONFIG_BPF_SYSCALL=y\n"
				    "CONFIG_HZ=250\n"
				    "# CONFIG_KPROBES is not set\n"
				    "CONFIG_ONLY_SYS=m\n");
	struct kconfig *user = parse("CONFIG_BPF=n\n"
				     "# CONFIG_BPF_SYSCALL is not set\n"
				     "CONFIG_HZ=1000\n"
				     "CONFIG_KPROBES=y\n"
				     "CONFIG_ONLY_USER=\"x\"\n"
				     "# CONFIG_LATE is not set\n"
				     "CONFIG_LATE=m\n");
	const struct kconfig_entry *e;

	ASSERT(sys && user, "parse");
	/* the user string wins entry by entry */
	e = kconfig_resolve(user, sys, "CONFIG_BPF");
	CHECK(e && e->tristate == 'n', "user n over system y");
	e = kconfig_resolve(user, sys, "CONFIG_HZ");
	CHECK(e && e->num == 1000, "user HZ");
	e = kconfig_resolve(user, sys, "CONFIG_KPROBES");
	CHECK(e && e->tristate == 'y', "user y over system 'not set'");
	/* "is not set" is ignored, as by libbpf, so the system value shows */
	e = kconfig_resolve(user, sys, "CONFIG_BPF_SYSCALL");
	CHECK(e && e->tristate == 'y' && !e->not_set, "system value behind user 'not set'");
	/* entries the user string lacks come from the system config */
	/* within one text, a real value after an "is not set" line counts */
	e = kconfig_resolve(user, sys, "CONFIG_LATE");
	CHECK(e && e->tristate == 'm' && !e->not_set, "value after 'not set'");
	e = kconfig_get(user, "CONFIG_LATE");
	CHECK(e && !e->not_set && e->line == 7, "the later line is indexed");
	e = kconfig_resolve(user, sys, "CONFIG_ONLY_SYS");
	CHECK(e && e->tristate == 'm', "system only");
	e = kconfig_resolve(user, sys, "CONFIG_ONLY_USER");
	CHECK(e && e->kind == KCONFIG_STR && !strcmp(e->str, "x"), "user only");
	/* absent everywhere, or only "not set": unresolved */
	CHECK(!kconfig_resolve(user, sys, "CONFIG_MISSING"), "missing");
	CHECK(!kconfig_resolve(NULL, sys, "CONFIG_KPROBES"), "system 'not set' only");
	e = kconfig_resolve(NULL, sys, "CONFIG_BPF");
	CHECK(e && e->tristate == 'y', "no user string");
	e = kconfig_resolve(user, NULL, "CONFIG_BPF");
	CHECK(e && e->tristate == 'n', "no system config");
	CHECK(!kconfig_resolve(NULL, NULL, "CONFIG_BPF"), "nothing");
	kconfig_free(user);
	kconfig_free(sys);
}

/* Our own minimal reading of one raw line, for the comparisons below. */
static bool raw_entry(const char *line, char *name, size_t name_sz, const char **value)
{
	const char *eq = strchr(line, '=');

	if (strncmp(line, "CONFIG_", 7) || !eq || (size_t)(eq - line) >= name_sz)
		return false;
	memcpy(name, line, eq - line);
	name[eq - line] = 0;
	*value = eq + 1;
	return true;
}

static void check_against_raw(const struct kconfig_entry *e, const char *raw)
{
	char want[1024];

	switch (e->kind) {
	case KCONFIG_TRISTATE:
		snprintf(want, sizeof(want), "%c", e->tristate);
		break;
	case KCONFIG_INT:
		snprintf(want, sizeof(want), "%s", e->value);
		CHECK(strtoull(raw, NULL, 0) == e->num, "%s: %s vs %llu", e->name, raw,
		      (unsigned long long)e->num);
		break;
	default:
		snprintf(want, sizeof(want), "\"%s\"", e->value);
		break;
	}
	CHECK(!strcmp(want, raw), "%s: ours '%s', raw '%s'", e->name, want, raw);
}

static FILE *open_config_text(void)
{
	struct utsname u;
	char cmd[512];

	uname(&u);
	snprintf(cmd, sizeof(cmd),
		 "test -r /boot/config-%s && cat /boot/config-%s || zcat /proc/config.gz",
		 u.release, u.release);
	return popen(cmd, "r");
}

TEST(kconfig_system_vs_raw_text)
{
	static const char *const names[] = {
		"CONFIG_BPF", "CONFIG_BPF_SYSCALL", "CONFIG_BPF_JIT", "CONFIG_HZ",
		"CONFIG_NR_CPUS", "CONFIG_LOCALVERSION", "CONFIG_DEBUG_INFO_BTF",
		"CONFIG_CGROUP_BPF", "CONFIG_NET", "CONFIG_KPROBES", "CONFIG_64BIT",
		"CONFIG_X86_64", "CONFIG_PAGE_SHIFT", "CONFIG_CC_VERSION_TEXT",
		"CONFIG_BPF_EVENTS", "CONFIG_MODULES", "CONFIG_PRINTK", "CONFIG_LOG_BUF_SHIFT",
		"CONFIG_DEFAULT_HOSTNAME", "CONFIG_SECURITY", "CONFIG_TRACING",
		"CONFIG_FTRACE", "CONFIG_PREEMPT", "CONFIG_SMP", "CONFIG_NUMA",
	};
	size_t raw_entries = 0, checked = 0;
	struct kconfig *cfg = NULL;
	char line[4096], name[512];
	const char *value;
	int err;
	FILE *f;

	{
		struct utsname u;
		char boot[300];

		/* decide the skip ourselves: ENOENT from the loader could be a
		 * bug in its own path logic */
		uname(&u);
		snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
		if (access(boot, R_OK) && access("/proc/config.gz", R_OK))
			test_skip(true, "no kernel config on this system");
	}
	err = kconfig_load_system(&cfg);
	ASSERT_EQ(err, 0);
	CHECK_GT(kconfig_count(cfg), 1000);

	/* raw text -> ours: every CONFIG_ line is in the table, same value */
	f = open_config_text();
	ASSERT_PTR(f);
	while (fgets(line, sizeof(line), f)) {
		const struct kconfig_entry *e;

		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "# CONFIG_", 9) && strstr(line, " is not set")) {
			*strstr(line, " is not set") = 0;
			e = kconfig_get(cfg, line + 2);
			CHECK(e && e->not_set, "%s: not set in raw text", line + 2);
			continue;
		}
		if (!raw_entry(line, name, sizeof(name), &value))
			continue;
		raw_entries++;
		e = kconfig_get(cfg, name);
		if (!CHECK(e != NULL, "%s missing", name))
			continue;
		check_against_raw(e, value);
	}
	pclose(f);
	CHECK_GT(raw_entries, 1000);

	/* ours -> raw text: named entries looked up with grep */
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct kconfig_entry *e = kconfig_get(cfg, names[i]);
		char cmd[600], out[1024] = "";

		snprintf(cmd, sizeof(cmd),
			 "(test -r /boot/config-$(uname -r) && cat /boot/config-$(uname -r) || "
			 "zcat /proc/config.gz) | grep -E '^(# )?%s[= ]'",
			 names[i]);
		f = popen(cmd, "r");
		ASSERT_PTR(f);
		if (!fgets(out, sizeof(out), f))
			out[0] = 0;
		pclose(f);
		out[strcspn(out, "\n")] = 0;
		if (!out[0]) {
			CHECK(!e, "%s: ours has it, grep does not", names[i]);
			continue;
		}
		if (!CHECK(e != NULL, "%s: grep has '%s', ours does not", names[i], out))
			continue;
		checked++;
		if (e->not_set) {
			CHECK(strstr(out, "is not set") != NULL, "%s: '%s'", names[i], out);
			continue;
		}
		check_against_raw(e, strchr(out, '=') + 1);
	}
	test_log("kconfig: %zu entries, %zu raw CONFIG_ lines, %zu grep checks\n",
		 kconfig_count(cfg), raw_entries, checked);
	CHECK_GE(checked, 20);
	kconfig_free(cfg);
}

TEST(kconfig_load_file_plain_and_gz)
{
	const char *text = "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"x\"\nCONFIG_D=0x10\n";
	char plain[64], gz[64], cmd[200];
	struct kconfig *a = NULL, *b = NULL;
	libbpf_print_fn_t old;
	FILE *f;

	snprintf(plain, sizeof(plain), "/tmp/bpfkit-kconfig-%d", getpid());
	snprintf(gz, sizeof(gz), "%s.gz", plain);
	f = fopen(plain, "w");
	ASSERT_PTR(f);
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "gzip -c %s > %s", plain, gz);
	ASSERT_EQ(system(cmd), 0);
	CHECK_EQ(kconfig_load_file(plain, &a), 0);
	CHECK_EQ(kconfig_load_file(gz, &b), 0);
	unlink(plain);
	unlink(gz);
	ASSERT(a && b, "both loaded");
	CHECK_EQ(kconfig_count(a), 4);
	CHECK_EQ(kconfig_count(b), 4);
	for (size_t i = 0; i < kconfig_count(a); i++) {
		const struct kconfig_entry *x = kconfig_entry_at(a, i), *y = kconfig_entry_at(b, i);

		CHECK(!strcmp(x->name, y->name) && !strcmp(x->value, y->value) &&
		      x->kind == y->kind && x->num == y->num, "entry %zu differs", i);
	}
	expect_int(b, "CONFIG_D", 16);
	kconfig_free(a);
	kconfig_free(b);

	old = libbpf_set_print(capture_print);
	nwarn = 0;
	CHECK_EQ(kconfig_load_file("/nonexistent/config", &a), -ENOENT);
	CHECK(a == NULL && nwarn == 1, "one warning, no table");
	libbpf_set_print(old);
}

TEST(kconfig_store_rules)
{
	struct kconfig *cfg = parse("CONFIG_Y=y\nCONFIG_M=m\nCONFIG_N=n\n"
				    "CONFIG_S=\"hello \\\"x\\\"\"\nCONFIG_I=300\nCONFIG_NEG=-1\n"
				    "CONFIG_ONE=1\nCONFIG_BIG=0x100000000\n");
	libbpf_print_fn_t old = libbpf_set_print(capture_print);
	uint8_t b8 = 0xaa;
	uint32_t u32 = 0;
	int32_t s32 = 0;
	int64_t s64 = 0;
	char arr[8];

#define STORE(name, type, size, sgn, dst) \
	kconfig_entry_store(kconfig_get(cfg, name), type, size, sgn, dst)
	ASSERT_PTR(cfg);
	/* tristates */
	CHECK_EQ(STORE("CONFIG_Y", KCONFIG_EXT_BOOL, 1, false, &b8), 0);
	CHECK_EQ(b8, 1);
	CHECK_EQ(STORE("CONFIG_N", KCONFIG_EXT_BOOL, 1, false, &b8), 0);
	CHECK_EQ(b8, 0);
	CHECK_EQ(STORE("CONFIG_M", KCONFIG_EXT_BOOL, 1, false, &b8), -EINVAL);
	CHECK(strstr(last_warn, "CONFIG_M") && strstr(last_warn, "bool"), "'%s'", last_warn);
	CHECK_EQ(STORE("CONFIG_M", KCONFIG_EXT_TRISTATE, 4, false, &u32), 0);
	CHECK_EQ(u32, KCONFIG_TRI_MODULE);
	CHECK_EQ(STORE("CONFIG_Y", KCONFIG_EXT_TRISTATE, 4, false, &u32), 0);
	CHECK_EQ(u32, KCONFIG_TRI_YES);
	CHECK_EQ(STORE("CONFIG_M", KCONFIG_EXT_CHAR, 1, false, &b8), 0);
	CHECK_EQ(b8, 'm');
	CHECK_EQ(STORE("CONFIG_Y", KCONFIG_EXT_INT, 4, false, &u32), -EINVAL);
	CHECK_EQ(STORE("CONFIG_Y", KCONFIG_EXT_CHAR_ARR, sizeof(arr), false, arr), -EINVAL);
	/* strings: raw text, cut to fit with a warning */
	CHECK_EQ(STORE("CONFIG_S", KCONFIG_EXT_INT, 4, false, &u32), -EINVAL);
	nwarn = 0;
	CHECK_EQ(STORE("CONFIG_S", KCONFIG_EXT_CHAR_ARR, sizeof(arr), false, arr), 0);
	CHECK_EQ(nwarn, 1);
	ASSERT_STREQ(arr, "hello \\");
	/* numbers: range by size and sign */
	CHECK_EQ(STORE("CONFIG_I", KCONFIG_EXT_INT, 4, true, &s32), 0);
	CHECK_EQ(s32, 300);
	CHECK_EQ(STORE("CONFIG_I", KCONFIG_EXT_INT, 1, false, &b8), -ERANGE);
	CHECK_EQ(STORE("CONFIG_NEG", KCONFIG_EXT_INT, 4, true, &s32), 0);
	CHECK_EQ(s32, -1);
	CHECK_EQ(STORE("CONFIG_NEG", KCONFIG_EXT_INT, 4, false, &u32), -ERANGE);
	CHECK_EQ(STORE("CONFIG_NEG", KCONFIG_EXT_INT, 8, true, &s64), 0);
	CHECK_EQ(s64, -1);
	CHECK_EQ(STORE("CONFIG_BIG", KCONFIG_EXT_INT, 4, false, &u32), -ERANGE);
	CHECK_EQ(STORE("CONFIG_ONE", KCONFIG_EXT_BOOL, 1, false, &b8), 0);
	CHECK_EQ(b8, 1);
	CHECK_EQ(STORE("CONFIG_I", KCONFIG_EXT_BOOL, 1, false, &b8), -EINVAL);
	CHECK_EQ(STORE("CONFIG_I", KCONFIG_EXT_CHAR_ARR, sizeof(arr), false, arr), -EINVAL);
	CHECK_EQ(STORE("CONFIG_I", KCONFIG_EXT_INT, 3, false, &u32), -ERANGE);
#undef STORE
	CHECK_EQ(kconfig_store_num("LINUX_KERNEL_VERSION", 0x61200, KCONFIG_EXT_INT, 4, false,
				   &u32), 0);
	CHECK_EQ(u32, 0x61200);
	libbpf_set_print(old);
	kconfig_free(cfg);
}

#define KV(a, b, c) (((a) << 16) + ((b) << 8) + (c))

TEST(kconfig_kernel_version)
{
	struct utsname u;
	unsigned int a, b, c = 0;

	CHECK_EQ(kernel_version_parse("6.18.44-fc-v769", NULL, NULL), KV(6, 18, 44));
	CHECK_EQ(kernel_version_parse("5.4.300", NULL, NULL), KV(5, 4, 255));
	CHECK_EQ(kernel_version_parse("4.19.255", NULL, NULL), KV(4, 19, 255));
	CHECK_EQ(kernel_version_parse("6.1", NULL, NULL), KV(6, 1, 0));
	CHECK_EQ(kernel_version_parse("6.9-rc1", NULL, NULL), KV(6, 9, 0));
	CHECK_EQ(kernel_version_parse("garbage", NULL, NULL), 0);
	CHECK_EQ(kernel_version_parse(NULL, NULL, NULL), 0);
	/* Debian: the upstream version from uname -v */
	CHECK_EQ(kernel_version_parse("6.1.0-18-amd64",
				      "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)", NULL),
		 KV(6, 1, 76));
	CHECK_EQ(kernel_version_parse("6.1.0-18-amd64", "#1 SMP Debian", NULL), KV(6, 1, 0));
	/* Ubuntu: /proc/version_signature */
	CHECK_EQ(kernel_version_parse("5.15.0-91-generic", "#101-Ubuntu SMP",
				      "Ubuntu 5.15.0-91.101-generic 5.15.131\n"),
		 KV(5, 15, 131));
	CHECK_EQ(kernel_version_parse("5.15.0-91-generic", NULL, "nonsense"), KV(5, 15, 0));

	ASSERT_EQ(uname(&u), 0);
	ASSERT_GE(sscanf(u.release, "%u.%u.%u", &a, &b, &c), 2);
	if (access("/proc/version_signature", F_OK) && !strstr(u.version, "Debian "))
		CHECK_EQ(kernel_version_code(), KV(a, b, c > 255 ? 255 : c));
	CHECK_GT(kernel_version_code(), KV(2, 6, 0));
}
