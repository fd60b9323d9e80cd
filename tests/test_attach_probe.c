// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Probe attachment (src/attach_probe.c, attach_uprobe.c, elf_exec.c):
 * uprobes and uprobe_multi on functions of this runner and of libc, for
 * real, with hits counted by tests/progs/probe_uprobe.bpf.c; kprobes where
 * the kernel has them; error paths; and the executable ELF reader on
 * damaged copies of this runner.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "attach_internal.h"
#include "elf_exec.h"
#include "kenv.h"
#include "probe_internal.h"
#include "test.h"

/* slots of probe_uprobe.bpf.c's `hits` */
enum {
	H_ENTRY, H_ARG, H_RET_CNT, H_RET_VAL, H_COOKIE, H_MULTI, H_MULTI_COOKIES, H_LIBC,
	H_AUTO, H_AUTO_RET, H_AUTO_MULTI, H_KPROBE, H_SLEEP,
};

/* Traced functions. Called through volatile pointers so the compiler
 * cannot inline them or call a specialised clone instead. */
__attribute__((noinline, used)) long probe_target(long x)
{
	asm volatile("" ::: "memory");
	return x * 3 + 1;
}

__attribute__((noinline, used)) long probe_auto_target(long x)
{
	asm volatile("" ::: "memory");
	return x + 1000;
}

__attribute__((noinline, used)) long probe_multi_a(long x)
{
	asm volatile("" ::: "memory");
	return x + 1;
}

__attribute__((noinline, used)) long probe_multi_b(long x)
{
	asm volatile("" ::: "memory");
	return x + 2;
}

__attribute__((noinline, used)) long probe_multi_c(long x)
{
	asm volatile("" ::: "memory");
	return x + 3;
}

static long (*volatile call_target)(long) = probe_target;
static long (*volatile call_auto)(long) = probe_auto_target;
static long (*volatile call_multi_a)(long) = probe_multi_a;
static long (*volatile call_multi_b)(long) = probe_multi_b;
static long (*volatile call_multi_c)(long) = probe_multi_c;
static pid_t (*volatile call_getpid)(void) = getpid;

struct penv {
	struct bpf_object *obj;
	int hits;
};

static int penv_open_obj(struct penv *e, const char *name)
{
	e->hits = -1;
	e->obj = bpf_object__open_file(test_obj_path(name), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	e->hits = bpf_object__find_map_fd_by_name(e->obj, "hits");
	return e->hits >= 0 ? 0 : -1;
}

static int penv_open(struct penv *e)
{
	return penv_open_obj(e, "probe_uprobe");
}

static struct bpf_program *prog(struct penv *e, const char *name)
{
	return bpf_object__find_program_by_name(e->obj, name);
}

static uint64_t hit(struct penv *e, uint32_t k)
{
	uint64_t v = 0;

	bpf_map_lookup_elem(e->hits, &k, &v);
	return v;
}

static void uprobes_or_skip(void)
{
	if (!kenv_has_uprobes())
		test_skip_absent("no uprobe PMU");
}

/* Counting libbpf warnings, to check that a failure logs one line. */
static int warn_lines;

static int count_warn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		warn_lines++;
	if (test_verbose())
		vfprintf(stderr, fmt, ap);
	return 0;
}

/* Call that must fail with NULL, errno e and exactly one warning. */
#define GO_FAILS_ONCE(call, e)                                               \
	do {                                                                 \
		void *__p;                                                   \
		warn_lines = 0;                                              \
		errno = 0;                                                   \
		__p = (void *)(call);                                        \
		GO_TRUE(__p == NULL);                                        \
		GO_EQ(errno, e);                                             \
		GO_EQ(warn_lines, 1);                                        \
	} while (0)

static struct bpf_link *uprobe_named(struct bpf_program *p, pid_t pid, const char *bin,
				     const char *func, bool ret, __u64 cookie)
{
	LIBBPF_OPTS(bpf_uprobe_opts, o, .func_name = func, .retprobe = ret, .bpf_cookie = cookie);

	return bpf_program__attach_uprobe_opts(p, pid, bin, 0, &o);
}

KTEST(uprobe_by_name_entry_and_return)
{
	struct bpf_link *in = NULL, *out_l = NULL;
	struct penv e = {};
	int i;

	uprobes_or_skip();
	GO_OK(penv_open(&e));
	in = uprobe_named(prog(&e, "up_entry"), getpid(), "/proc/self/exe", "probe_target", false, 0);
	GO_TRUE(in != NULL);
	out_l = uprobe_named(prog(&e, "up_ret"), getpid(), "/proc/self/exe", "probe_target", true, 0);
	GO_TRUE(out_l != NULL);
	GO_GT(bpf_link__fd(in), 2);
	for (i = 0; i < 3; i++)
		call_target(7);
	GO_EQ(hit(&e, H_ENTRY), 3);
	GO_EQ(hit(&e, H_ARG), 7);
	GO_EQ(hit(&e, H_RET_CNT), 3);
	GO_EQ(hit(&e, H_RET_VAL), 22);

	/* destroyed links stop counting */
	GO_EQ(bpf_link__destroy(in), 0);
	in = NULL;
	GO_EQ(bpf_link__destroy(out_l), 0);
	out_l = NULL;
	call_target(1);
	GO_EQ(hit(&e, H_ENTRY), 3);
	GO_EQ(hit(&e, H_RET_CNT), 3);
out:
	bpf_link__destroy(in);
	bpf_link__destroy(out_l);
	bpf_object__close(e.obj);
}

KTEST(uprobe_by_offset)
{
	struct bpf_link *l = NULL, *r = NULL;
	struct penv e = {};
	char path[PATH_MAX];
	uint64_t off;

	uprobes_or_skip();
	GO_OK(penv_open(&e));
	GO_OK(kenv_addr_to_file_offset((void *)probe_target, path, sizeof(path), &off));
	l = bpf_program__attach_uprobe(prog(&e, "up_entry"), false, 0, path, off);
	GO_TRUE(l != NULL);
	r = bpf_program__attach_uprobe(prog(&e, "up_ret"), true, 0, path, off);
	GO_TRUE(r != NULL);
	call_target(5);
	call_target(6);
	GO_EQ(hit(&e, H_ENTRY), 2);
	GO_EQ(hit(&e, H_ARG), 6);
	GO_EQ(hit(&e, H_RET_VAL), 19);
out:
	bpf_link__destroy(l);
	bpf_link__destroy(r);
	bpf_object__close(e.obj);
}

KTEST(uprobe_pid_filter)
{
	struct bpf_link *mine = NULL, *all = NULL;
	struct penv e = {};
	pid_t child;
	int i, status;

	uprobes_or_skip();
	GO_OK(penv_open(&e));
	mine = uprobe_named(prog(&e, "up_entry"), getpid(), "/proc/self/exe", "probe_target", false,
			    0);
	GO_TRUE(mine != NULL);
	/* pid -1: every process running this binary */
	all = uprobe_named(prog(&e, "up_libc"), -1, "/proc/self/exe", "probe_target", false, 0);
	GO_TRUE(all != NULL);
	child = fork();
	GO_TRUE(child >= 0);
	if (!child) {
		for (i = 0; i < 5; i++)
			call_target(100);
		_exit(0);
	}
	GO_EQ(waitpid(child, &status, 0), child);
	GO_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	call_target(1);
	call_target(2);
	GO_EQ(hit(&e, H_ENTRY), 2);
	GO_EQ(hit(&e, H_ARG), 2);
	GO_GE(hit(&e, H_LIBC), 7);
out:
	bpf_link__destroy(mine);
	bpf_link__destroy(all);
	bpf_object__close(e.obj);
}

KTEST(uprobe_libc_by_name)
{
	struct bpf_link *l = NULL;
	struct penv e = {};
	char path[PATH_MAX];
	int i;

	uprobes_or_skip();
	GO_OK(penv_open(&e));
	/* "libc.so.6" resolves to the copy this process has mapped */
	GO_OK(probe_resolve_path("libc.so.6", 0, path, sizeof(path)));
	GO_TRUE(path[0] == '/' && strstr(path, "libc.so.6"));
	l = uprobe_named(prog(&e, "up_libc"), getpid(), "libc.so.6", "getpid", false, 0);
	GO_TRUE(l != NULL);
	for (i = 0; i < 4; i++)
		call_getpid();
	GO_GE(hit(&e, H_LIBC), 4);
	GO_TRUE(hit(&e, H_LIBC) < 100);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

KTEST(uprobe_cookie_and_modes)
{
	LIBBPF_OPTS(bpf_uprobe_opts, o, .func_name = "probe_target");
	libbpf_print_fn_t old = NULL;
	struct bpf_link *l = NULL;
	struct penv e = {};

	uprobes_or_skip();
	GO_OK(penv_open(&e));
	l = uprobe_named(prog(&e, "up_cookie"), getpid(), "/proc/self/exe", "probe_target", false,
			 0x1234567890ULL);
	GO_TRUE(l != NULL);
	call_target(1);
	GO_EQ(hit(&e, H_COOKIE), 0x1234567890ULL);
	bpf_link__destroy(l);
	l = NULL;

	/* PERF mode: program set by ioctl on the perf event, which is the
	 * link's fd; it cannot carry a cookie */
	o.attach_mode = PROBE_ATTACH_MODE_PERF;
	l = bpf_program__attach_uprobe_opts(prog(&e, "up_entry"), getpid(), "/proc/self/exe", 0, &o);
	GO_TRUE(l != NULL);
	call_target(9);
	GO_EQ(hit(&e, H_ENTRY), 1);
	bpf_link__destroy(l);
	l = NULL;
	o.bpf_cookie = 5;
	old = libbpf_set_print(count_warn);
	GO_FAILS_ONCE(bpf_program__attach_uprobe_opts(prog(&e, "up_entry"), getpid(),
						      "/proc/self/exe", 0, &o),
		      EOPNOTSUPP);
	libbpf_set_print(old);
	old = NULL;

	/* LINK mode with the cookie */
	o.attach_mode = PROBE_ATTACH_MODE_LINK;
	o.bpf_cookie = 77;
	l = bpf_program__attach_uprobe_opts(prog(&e, "up_cookie"), getpid(), "/proc/self/exe", 0,
					    &o);
	GO_TRUE(l != NULL);
	call_target(1);
	GO_EQ(hit(&e, H_COOKIE), 77);
out:
	if (old)
		libbpf_set_print(old);
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

/* Whether uprobe_events lists an event of ours (bpfkit_<pid>_...). */
static bool legacy_event_listed(const char *tracefs)
{
	char path[256], line[512], tag[64];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/uprobe_events", tracefs);
	snprintf(tag, sizeof(tag), "bpfkit_%d_", getpid());
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		found |= strstr(line, tag) != NULL;
	fclose(f);
	return found;
}

KTEST(uprobe_legacy_tracefs)
{
	LIBBPF_OPTS(bpf_uprobe_opts, o, .func_name = "probe_target",
		    .attach_mode = PROBE_ATTACH_MODE_LEGACY);
	struct bpf_link *l = NULL, *r = NULL;
	const char *tracefs;
	char path[256];
	struct penv e = {};

	uprobes_or_skip();
	tracefs = test_tracefs();
	if (!tracefs)
		test_skip(true, "tracefs cannot be mounted");
	snprintf(path, sizeof(path), "%s/uprobe_events", tracefs);
	if (access(path, F_OK))
		test_skip_absent("no uprobe_events in tracefs");
	GO_OK(penv_open(&e));
	l = bpf_program__attach_uprobe_opts(prog(&e, "up_entry"), getpid(), "/proc/self/exe", 0, &o);
	GO_TRUE(l != NULL);
	o.retprobe = true;
	r = bpf_program__attach_uprobe_opts(prog(&e, "up_ret"), getpid(), "/proc/self/exe", 0, &o);
	GO_TRUE(r != NULL);
	GO_TRUE(legacy_event_listed(tracefs));
	call_target(4);
	GO_EQ(hit(&e, H_ENTRY), 1);
	GO_EQ(hit(&e, H_ARG), 4);
	GO_EQ(hit(&e, H_RET_VAL), 13);
	/* destroy removes the tracefs events again */
	GO_EQ(bpf_link__destroy(l), 0);
	l = NULL;
	GO_EQ(bpf_link__destroy(r), 0);
	r = NULL;
	GO_TRUE(!legacy_event_listed(tracefs));
out:
	bpf_link__destroy(l);
	bpf_link__destroy(r);
	bpf_object__close(e.obj);
}

KTEST(uprobe_multi_pattern_syms_cookies)
{
	const char *syms[] = { "probe_multi_a", "probe_multi_c" };
	__u64 cookies[] = { 1, 100 };
	LIBBPF_OPTS(bpf_uprobe_multi_opts, o, .syms = syms, .cookies = cookies, .cnt = 2);
	struct bpf_link *l = NULL;
	struct penv e = {};

	uprobes_or_skip();
	GO_OK(penv_open_obj(&e, "probe_multi"));
	/* the pattern matches exactly probe_multi_a/b/c */
	l = bpf_program__attach_uprobe_multi(prog(&e, "up_multi"), 0, "/proc/self/exe",
					     "probe_multi_?", NULL);
	if (!l && errno == EOPNOTSUPP)
		test_skip_absent("no uprobe_multi links");
	GO_TRUE(l != NULL);
	call_multi_a(0);
	call_multi_b(0);
	call_multi_b(0);
	call_multi_c(0);
	call_multi_c(0);
	call_multi_c(0);
	GO_EQ(hit(&e, H_MULTI), 6);
	GO_EQ(hit(&e, H_MULTI_COOKIES), 0);
	bpf_link__destroy(l);
	l = NULL;

	/* by name, with a cookie per function */
	l = bpf_program__attach_uprobe_multi(prog(&e, "up_multi"), 0, "/proc/self/exe", NULL, &o);
	GO_TRUE(l != NULL);
	call_multi_a(0);
	call_multi_b(0);
	call_multi_c(0);
	call_multi_c(0);
	GO_EQ(hit(&e, H_MULTI), 9);
	GO_EQ(hit(&e, H_MULTI_COOKIES), 201);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

/* bpf_program__attach(): the section name says where. */
static struct bpf_link *auto_attach(struct bpf_program *p)
{
	return bpf_program__attach(p);
}

KTEST(uprobe_auto_attach_sections)
{
	struct bpf_link *a = NULL, *r = NULL, *m = NULL, *sl = NULL, *none = NULL;
	libbpf_print_fn_t old;
	struct penv e = {}, em = {};

	uprobes_or_skip();
	GO_OK(penv_open(&e));
	GO_OK(penv_open_obj(&em, "probe_multi"));
	a = auto_attach(prog(&e, "up_auto"));
	GO_TRUE(a != NULL);
	r = auto_attach(prog(&e, "up_auto_ret"));
	GO_TRUE(r != NULL);
	m = auto_attach(prog(&em, "up_auto_multi"));
	GO_TRUE(m != NULL);
	sl = auto_attach(prog(&em, "up_sleepable"));
	GO_TRUE(sl != NULL);
	call_auto(5);
	call_multi_b(0);
	call_multi_c(0);
	GO_GE(hit(&em, H_SLEEP), 1);
	/* pid -1 (every process), so at least our calls */
	GO_GE(hit(&e, H_AUTO), 1);
	GO_EQ(hit(&e, H_AUTO_RET), 1005);
	GO_GE(hit(&em, H_AUTO_MULTI), 1);
	/* bare "uprobe": no target, nothing attached */
	old = libbpf_set_print(NULL);
	errno = 0;
	none = auto_attach(prog(&e, "up_entry"));
	libbpf_set_print(old);
	GO_TRUE(none == NULL);
	GO_EQ(errno, EOPNOTSUPP);
out:
	bpf_link__destroy(a);
	bpf_link__destroy(r);
	bpf_link__destroy(m);
	bpf_link__destroy(sl);
	bpf_link__destroy(none);
	bpf_object__close(e.obj);
	bpf_object__close(em.obj);
}

KTEST(uprobe_errors)
{
	LIBBPF_OPTS(bpf_uprobe_opts, o, .func_name = "no_such_function_bpfkit");
	LIBBPF_OPTS(bpf_uprobe_multi_opts, mo);
	libbpf_print_fn_t old = libbpf_set_print(count_warn);
	const char *syms[] = { "probe_multi_a" };
	struct bpf_link *l = NULL;
	struct penv e = {}, em = {};
	struct bpf_program *p;

	GO_OK(penv_open(&e));
	GO_OK(penv_open_obj(&em, "probe_multi"));
	p = prog(&e, "up_entry");
	GO_FAILS_ONCE(bpf_program__attach_uprobe_opts(p, 0, "/proc/self/exe", 0, &o), ENOENT);
	GO_FAILS_ONCE(bpf_program__attach_uprobe(p, false, 0, "/nonexistent/bpfkit_bin", 0),
		      ENOENT);
	GO_FAILS_ONCE(bpf_program__attach_uprobe(p, false, 0, "bpfkit_no_such_prog", 0), ENOENT);
	GO_FAILS_ONCE(bpf_program__attach_uprobe(p, false, 0, NULL, 0), EINVAL);
	/* not an ELF file */
	o.func_name = "main";
	GO_FAILS_ONCE(bpf_program__attach_uprobe_opts(p, 0, test_src_path("Makefile"), 0, &o),
		      ENOEXEC);
	GO_FAILS_ONCE(bpf_program__attach_uprobe_multi(prog(&em, "up_multi"), 0, "/proc/self/exe",
						       "bpfkit_nothing_*", NULL),
		      ENOENT);
	mo.syms = syms;
	mo.cnt = 1;
	GO_FAILS_ONCE(bpf_program__attach_uprobe_multi(prog(&em, "up_multi"), 0, "/proc/self/exe",
						       "probe_multi_?", &mo),
		      EINVAL);
	/* bad section targets */
	warn_lines = 0;
	GO_EQ(attach_probe_auto(p, "uprobe/no_colon_here", SEC_ATTACH_UPROBE, &l), -EINVAL);
	GO_TRUE(l == NULL);
	GO_EQ(attach_probe_auto(p, "uprobe//proc/self/exe:probe_target+zz", SEC_ATTACH_UPROBE, &l),
	      -EINVAL);
	GO_EQ(attach_probe_auto(p, "uprobe/", SEC_ATTACH_UPROBE, &l), -EINVAL);
	GO_EQ(attach_probe_auto(p, "kprobe/func+1x", SEC_ATTACH_KPROBE, &l), -EINVAL);
	GO_EQ(attach_probe_auto(p, "uprobe.multi//proc/self/exe", SEC_ATTACH_UPROBE_MULTI, &l),
	      -EINVAL);
	GO_EQ(warn_lines, 5);
	GO_TRUE(l == NULL);
out:
	libbpf_set_print(old);
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	bpf_object__close(em.obj);
}

/* ---- kprobes ---- */

KTEST(kprobe_attach)
{
	LIBBPF_OPTS(bpf_kprobe_opts, ko, .offset = 1, .retprobe = true);
	libbpf_print_fn_t old = libbpf_set_print(count_warn);
	struct bpf_link *k = NULL, *s = NULL;
	struct penv e = {};
	int i;

	GO_OK(penv_open(&e));
	/* an offset makes no sense on a return probe */
	GO_FAILS_ONCE(bpf_program__attach_kprobe_opts(prog(&e, "kp"), "x", &ko), EINVAL);
	if (!kenv_has_kprobes()) {
		/* a clean failure naming the missing PMU, nothing left open */
		GO_FAILS_ONCE(bpf_program__attach_kprobe(prog(&e, "kp"), false, "do_nanosleep"),
			      EOPNOTSUPP);
		libbpf_set_print(old);
		bpf_object__close(e.obj);
		test_skip_absent("no kprobe PMU (kprobes not compiled in)");
	}
	s = auto_attach(prog(&e, "kp_sys"));
	GO_TRUE(s != NULL);
	for (i = 0; i < 3; i++)
		getppid();
	GO_GE(hit(&e, H_KPROBE), 3);
	bpf_link__destroy(s);
	s = NULL;
	k = bpf_program__attach_kprobe(prog(&e, "kp"), true, "do_nanosleep");
	GO_TRUE(k != NULL);
out:
	libbpf_set_print(old);
	bpf_link__destroy(k);
	bpf_link__destroy(s);
	bpf_object__close(e.obj);
}

KTEST(kprobe_multi_attach)
{
	libbpf_print_fn_t old = libbpf_set_print(count_warn);
	const char *syms[] = { "do_nanosleep" };
	LIBBPF_OPTS(bpf_kprobe_multi_opts, ko, .syms = syms, .cnt = 1);
	struct bpf_link *l = NULL;
	struct penv e = {};

	GO_OK(penv_open(&e));
	/* pattern and syms together */
	GO_FAILS_ONCE(bpf_program__attach_kprobe_multi_opts(prog(&e, "kp_multi"), "x*", &ko),
		      EINVAL);
	if (!kenv_has_kprobes()) {
		libbpf_set_print(old);
		bpf_object__close(e.obj);
		test_skip_absent("no kprobes (kprobe_multi needs fprobe)");
	}
	/* patterns are matched against tracefs' available_filter_functions */
	GO_TRUE(test_tracefs() != NULL);
	l = bpf_program__attach_kprobe_multi_opts(prog(&e, "kp_multi"), "do_nanoslee?", NULL);
	GO_TRUE(l != NULL);
	bpf_link__destroy(l);
	l = bpf_program__attach_kprobe_multi_opts(prog(&e, "kp_multi"), NULL, &ko);
	GO_TRUE(l != NULL);
out:
	libbpf_set_print(old);
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

/* ---- the ELF reader ---- */

TEST(probe_glob)
{
	ASSERT(probe_glob_match("probe_multi_a", "probe_multi_?"), "?");
	ASSERT(probe_glob_match("probe_multi_a", "probe_*"), "*");
	ASSERT(probe_glob_match("abc", "*"), "*");
	ASSERT(probe_glob_match("", "*"), "empty");
	ASSERT(probe_glob_match("aXbXc", "a*b*c"), "two stars");
	ASSERT(!probe_glob_match("probe_multi_ab", "probe_multi_?"), "one char");
	ASSERT(!probe_glob_match("abd", "a*c"), "no c");
	ASSERT(probe_glob_match("aaab", "*ab"), "backtrack");
}

TEST(exec_elf_offsets_match_mappings)
{
	struct exec_elf *ee = NULL;
	char path[PATH_MAX];
	uint64_t want, got;

	ASSERT_OK(kenv_addr_to_file_offset((void *)probe_multi_b, path, sizeof(path), &want));
	ASSERT_OK(exec_elf_open("/proc/self/exe", &ee));
	CHECK_EQ(exec_elf_func_offset(ee, "probe_multi_b", &got), 0);
	CHECK_EQ(got, want);
	CHECK_EQ(exec_elf_func_offset(ee, "bpfkit_missing_fn", &got), -ENOENT);
	exec_elf_close(ee);

	/* a libc function through .dynsym, default version only */
	ASSERT_OK(kenv_addr_to_file_offset((void *)getpid, path, sizeof(path), &want));
	ASSERT_OK(exec_elf_open(path, &ee));
	CHECK_EQ(exec_elf_func_offset(ee, "getpid", &got), 0);
	CHECK_EQ(got, want);
	exec_elf_close(ee);
}

struct libc_check {
	const struct exec_elf *ee;
	void *handle;
	const char *path;
	int checked, wrong;
};

static int check_libc_sym(const struct exec_sym *s, void *ctx)
{
	struct libc_check *c = ctx;
	char where[PATH_MAX];
	uint64_t want, got;
	void *addr;

	/* what the dynamic linker binds a plain name to: the default
	 * version; an IFUNC binds to the implementation it picked */
	if (!s->dynsym || s->hidden_version || s->ifunc || s->bind == STB_LOCAL)
		return 0;
	addr = dlsym(c->handle, s->name);
	if (!addr || kenv_addr_to_file_offset(addr, where, sizeof(where), &want) ||
	    strcmp(where, c->path))
		return 0;
	c->checked++;
	if (exec_elf_func_offset(c->ee, s->name, &got) || got != want) {
		if (c->wrong++ < 5)
			test_fail(__FILE__, __LINE__, "libc '%s': offset 0x%llx, dlsym says 0x%llx",
				  s->name, (unsigned long long)got, (unsigned long long)want);
	}
	return 0;
}

/* Every function name of libc resolves to the code the dynamic linker
 * binds it to (symbol versions, weak aliases, PT_LOAD offsets). */
TEST(exec_elf_libc_agrees_with_dlsym)
{
	struct libc_check c = {};
	struct exec_elf *ee = NULL;
	char path[PATH_MAX];
	uint64_t off;

	ASSERT_OK(kenv_addr_to_file_offset((void *)getpid, path, sizeof(path), &off));
	c.handle = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	ASSERT(c.handle != NULL, "dlopen libc: %s", dlerror());
	if (exec_elf_open(path, &ee)) {
		dlclose(c.handle);
		ASSERT(false, "opening %s", path);
	}
	c.ee = ee;
	c.path = path;
	exec_elf_for_each_func(ee, check_libc_sym, &c);
	exec_elf_close(ee);
	dlclose(c.handle);
	test_log("%d libc functions checked\n", c.checked);
	CHECK_GT(c.checked, 500);
	CHECK_EQ(c.wrong, 0);
}

static void *read_self(size_t *size)
{
	void *buf = NULL;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return NULL;
	if (!fstat(fd, &st) && (buf = malloc(st.st_size)) &&
	    read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	*size = st.st_size;
	close(fd);
	return buf;
}

/* Open a damaged image and look functions up: errors are fine, crashes
 * and out-of-bounds reads (under ASan) are not. */
static int try_damaged(const void *buf, size_t size)
{
	struct exec_elf *ee;
	uint64_t off;
	int err;

	err = exec_elf_open_mem(buf, size, &ee);
	if (err)
		return err;
	exec_elf_func_offset(ee, "probe_target", &off);
	exec_elf_func_offset(ee, "getpid", &off);
	exec_elf_close(ee);
	return 0;
}

/* Damage one field of the ELF header, try, restore. */
#define EHDR_TRY(field, val, want)                                           \
	do {                                                                 \
		__typeof__(eh->field) __saved = eh->field;                   \
		eh->field = (val);                                           \
		CHECK_EQ(try_damaged(buf, size), want);                      \
		eh->field = __saved;                                         \
	} while (0)

TEST(exec_elf_damaged_images)
{
	unsigned char *buf, saved[2];
	size_t size, shdrs, span, at[2], i;
	unsigned int seed = 12345;
	Elf64_Ehdr *eh;

	buf = read_self(&size);
	ASSERT(buf != NULL, "reading our binary");
	eh = (Elf64_Ehdr *)buf;
	CHECK_EQ(try_damaged(buf, size), 0);
	CHECK_EQ(try_damaged(buf, 40), -ENOEXEC);
	CHECK_EQ(try_damaged(buf + 1, size - 1), -EINVAL);
	EHDR_TRY(e_shoff, size - 16, -EINVAL);
	EHDR_TRY(e_shoff, eh->e_shoff + 4, -EINVAL);
	EHDR_TRY(e_phoff, size - 8, -EINVAL);
	EHDR_TRY(e_shentsize, 7, -EINVAL);
	EHDR_TRY(e_shnum, 0xff00, -EINVAL);
	EHDR_TRY(e_type, ET_REL, -ENOEXEC);
	EHDR_TRY(e_ident[EI_CLASS], ELFCLASS32, -ENOEXEC);

	/* two random bytes of the section header table at a time */
	shdrs = eh->e_shoff;
	span = (size_t)eh->e_shnum * sizeof(Elf64_Shdr);
	ASSERT(shdrs + span <= size, "section table inside the file");
	for (i = 0; i < 3000; i++) {
		at[0] = shdrs + rand_r(&seed) % span;
		at[1] = shdrs + rand_r(&seed) % span;
		saved[0] = buf[at[0]];
		saved[1] = buf[at[1]];
		buf[at[0]] ^= 0x80 >> (rand_r(&seed) % 8);
		buf[at[1]] = 0xff;
		try_damaged(buf, size);
		buf[at[1]] = saved[1];
		buf[at[0]] = saved[0];
	}
	/* cut short anywhere */
	for (i = 0; i < 50; i++)
		try_damaged(buf, rand_r(&seed) % size);
	free(buf);
}
