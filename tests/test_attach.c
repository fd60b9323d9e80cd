// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracing side of the attach API of <bpf/libbpf.h>: tracepoints, raw
 * tracepoints, tp_btf, perf events, iterators, fentry/LSM, and
 * bpf_program__attach() auto-attach by SEC() name, including registered
 * handlers. Programs (tests/progs/attach_trace.bpf.c) count their runs for
 * this process and keep the attach cookie they saw, so each test checks
 * that the attachment really runs, and stops running once destroyed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "test.h"

struct tenv {
	struct bpf_object *obj;
	int hits;
};

/* Opens and loads attach_trace with this process as the one to count. */
static int tenv_open(struct tenv *e)
{
	__u32 zero = 0, pid = getpid();
	int cfg;

	e->hits = -1;
	e->obj = bpf_object__open_file(test_obj_path("attach_trace"), NULL);
	if (!e->obj)
		return -errno;
	if (bpf_object__load(e->obj))
		return -errno;
	e->hits = bpf_object__find_map_fd_by_name(e->obj, "hits");
	cfg = bpf_object__find_map_fd_by_name(e->obj, "cfg");
	if (e->hits < 0 || cfg < 0)
		return -ENOENT;
	return bpf_map_update_elem(cfg, &zero, &pid, 0);
}

static struct bpf_program *prog_of(struct tenv *e, const char *name)
{
	return bpf_object__find_program_by_name(e->obj, name);
}

static void getppids(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getppid);
}

/* Log capture, to check that a failure logs one line naming the program. */
static char logbuf[4096];
static size_t loglen;

static int capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level != LIBBPF_WARN || loglen >= sizeof(logbuf) - 1)
		return 0;
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen = strlen(logbuf);
	return 0;
}

static libbpf_print_fn_t capture_start(void)
{
	loglen = 0;
	logbuf[0] = '\0';
	return libbpf_set_print(capture);
}

/* Lines captured since capture_start(); all must name prog. */
static int captured_lines(const char *prog)
{
	int lines = 0;

	for (const char *p = logbuf; *p; p++)
		lines += *p == '\n';
	if (prog && !strstr(logbuf, prog))
		return -1;
	return lines;
}

KTEST(attach_tracepoint_cookie)
{
	struct tenv e = {};
	struct bpf_link *l = NULL;
	LIBBPF_OPTS(bpf_tracepoint_opts, o, .bpf_cookie = 0x7711);
	struct kenv_slot s;
	int pfd;

	if (!test_tracefs())
		test_skip(true, "tracefs not available");
	GO_OK(tenv_open(&e));
	l = bpf_program__attach_tracepoint_opts(prog_of(&e, "tp_bare"), "syscalls",
						"sys_enter_getppid", &o);
	GO_TRUE(l != NULL);
	/* the link's fd is the BPF perf link, not the perf event */
	GO_TRUE(bpf_link__fd(l) > 2);
	getppids(5);
	s = kenv_slot_read(e.hits, 5);
	GO_EQ(s.count, 5);
	GO_EQ(s.cookie, 0x7711);
	pfd = bpf_link__fd(l);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_TRUE(fcntl(pfd, F_GETFD) < 0);
	getppids(3);
	GO_EQ(kenv_count(e.hits, 5), 5);

	/* without options: cookie 0 */
	GO_TRUE((l = bpf_program__attach_tracepoint(prog_of(&e, "tp_bare"), "syscalls",
						    "sys_enter_getppid")) != NULL);
	getppids(2);
	s = kenv_slot_read(e.hits, 5);
	GO_EQ(s.count, 7);
	GO_EQ(s.cookie, 0);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

/* SEC("tracepoint/CAT/NAME") and SEC("tp/CAT/NAME") attach themselves. */
KTEST(attach_auto_tracepoint)
{
	struct tenv e = {};
	struct bpf_link *l1 = NULL, *l2 = NULL;

	if (!test_tracefs())
		test_skip(true, "tracefs not available");
	GO_OK(tenv_open(&e));
	GO_TRUE((l1 = bpf_program__attach(prog_of(&e, "tp_full"))) != NULL);
	GO_TRUE((l2 = bpf_program__attach(prog_of(&e, "tp_short"))) != NULL);
	getppids(4);
	GO_EQ(kenv_count(e.hits, 0), 4);
	GO_EQ(kenv_count(e.hits, 1), 4);
	/* destroying one leaves the other running */
	GO_OK(bpf_link__destroy(l1));
	l1 = NULL;
	getppids(2);
	GO_EQ(kenv_count(e.hits, 0), 4);
	GO_EQ(kenv_count(e.hits, 1), 6);
out:
	bpf_link__destroy(l1);
	bpf_link__destroy(l2);
	bpf_object__close(e.obj);
}

KTEST(attach_raw_tracepoint)
{
	struct tenv e = {};
	struct bpf_link *l = NULL, *l2 = NULL, *l3 = NULL;
	LIBBPF_OPTS(bpf_raw_tracepoint_opts, o, .cookie = 0xabcd);
	struct kenv_slot s;
	__u64 before;

	GO_OK(tenv_open(&e));
	GO_TRUE((l = bpf_program__attach_raw_tracepoint_opts(prog_of(&e, "raw_bare"), "sys_enter",
							     &o)) != NULL);
	getppids(10);
	s = kenv_slot_read(e.hits, 6);
	GO_GE(s.count, 10);
	GO_EQ(s.cookie, 0xabcd);
	/* auto-attach: raw_tp/NAME and raw_tracepoint/NAME */
	GO_TRUE((l2 = bpf_program__attach(prog_of(&e, "raw_named"))) != NULL);
	GO_TRUE((l3 = bpf_program__attach(prog_of(&e, "raw_long"))) != NULL);
	getppids(10);
	GO_GE(kenv_count(e.hits, 2), 10);
	GO_GE(kenv_count(e.hits, 7), 10);

	GO_OK(bpf_link__destroy(l));
	l = NULL;
	before = kenv_count(e.hits, 6);
	getppids(10);
	GO_EQ(kenv_count(e.hits, 6), before);
out:
	bpf_link__destroy(l);
	bpf_link__destroy(l2);
	bpf_link__destroy(l3);
	bpf_object__close(e.obj);
}

KTEST(attach_tp_btf)
{
	struct tenv e = {};
	struct bpf_link *l = NULL;
	LIBBPF_OPTS(bpf_trace_opts, o, .cookie = 0x5eed);
	struct kenv_slot s;
	__u64 before;

	GO_OK(tenv_open(&e));
	GO_TRUE((l = bpf_program__attach(prog_of(&e, "btf_named"))) != NULL);
	getppids(10);
	GO_GE(kenv_count(e.hits, 3), 10);
	GO_OK(bpf_link__destroy(l));
	before = kenv_count(e.hits, 3);
	getppids(10);
	GO_EQ(kenv_count(e.hits, 3), before);

	GO_TRUE((l = bpf_program__attach_trace_opts(prog_of(&e, "btf_named"), &o)) != NULL);
	getppids(10);
	s = kenv_slot_read(e.hits, 3);
	GO_GE(s.count, before + 10);
	GO_EQ(s.cookie, 0x5eed);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

/* Spin on this thread until slot key counts at least min (or ~3 s pass). */
static void spin_until(int map, uint32_t key, uint64_t min)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (kenv_count(map, key) < min && t.tv_sec - t0.tv_sec < 3);
}

/* The link owns the perf event fd: destroy closes it. */
KTEST(attach_perf_event)
{
	struct tenv e = {};
	struct bpf_link *l = NULL;
	LIBBPF_OPTS(bpf_perf_event_opts, o, .bpf_cookie = 0xbeef);
	struct kenv_slot s;
	int pfd = -1;

	GO_OK(tenv_open(&e));
	pfd = kenv_perf_cpu_clock(100000);
	if (pfd < 0)
		test_skip(true, "perf_event_open(cpu-clock): %s", strerror(-pfd));
	GO_TRUE((l = bpf_program__attach_perf_event_opts(prog_of(&e, "on_perf"), pfd, &o)) != NULL);
	GO_TRUE(bpf_link__fd(l) != pfd);
	spin_until(e.hits, 4, 3);
	s = kenv_slot_read(e.hits, 4);
	GO_GE(s.count, 3);
	GO_EQ(s.cookie, 0xbeef);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_TRUE(fcntl(pfd, F_GETFD) < 0 && errno == EBADF);
	pfd = -1;
out:
	bpf_link__destroy(l);
	KENV_CLOSE(pfd);
	bpf_object__close(e.obj);
}

/* The ioctl way: no cookie possible, the link's fd is the event itself;
 * dont_enable leaves enabling to the caller. */
KTEST(attach_perf_event_ioctl)
{
	struct tenv e = {};
	struct bpf_link *l = NULL;
	LIBBPF_OPTS(bpf_perf_event_opts, o, .force_ioctl_attach = true, .bpf_cookie = 1);
	int pfd = -1;
	__u64 before;

	GO_OK(tenv_open(&e));
	pfd = kenv_perf_cpu_clock(100000);
	if (pfd < 0)
		test_skip(true, "perf_event_open(cpu-clock): %s", strerror(-pfd));
	/* refused: the caller still owns pfd */
	GO_TRUE(bpf_program__attach_perf_event_opts(prog_of(&e, "on_perf"), pfd, &o) == NULL);
	GO_EQ(errno, EOPNOTSUPP);
	GO_TRUE(fcntl(pfd, F_GETFD) >= 0);

	GO_OK(ioctl(pfd, PERF_EVENT_IOC_DISABLE, 0));
	LIBBPF_OPTS_RESET(o, .force_ioctl_attach = true, .dont_enable = true);
	GO_TRUE((l = bpf_program__attach_perf_event_opts(prog_of(&e, "on_perf"), pfd, &o)) != NULL);
	GO_EQ(bpf_link__fd(l), pfd);
	for (volatile int i = 0; i < 3000000; i++)
		;
	GO_EQ(kenv_count(e.hits, 4), 0);
	GO_OK(ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0));
	spin_until(e.hits, 4, 3);
	GO_GE(kenv_count(e.hits, 4), 3);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	pfd = -1;
	before = kenv_count(e.hits, 4);
	for (volatile int i = 0; i < 3000000; i++)
		;
	GO_EQ(kenv_count(e.hits, 4), before);
out:
	bpf_link__destroy(l);
	KENV_CLOSE(pfd);
	bpf_object__close(e.obj);
}

/* Reads 4-byte records from an iterator link; returns how many, -1 on error. */
static int iter_read(struct bpf_link *l, __u32 *recs, int max)
{
	int fd = bpf_iter_create(bpf_link__fd(l)), n = 0;
	__u32 buf[64];
	ssize_t r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r / 4; i++, n++)
			if (n < max)
				recs[n] = buf[i];
	}
	close(fd);
	return r < 0 ? -1 : n;
}

KTEST(attach_iter)
{
	struct tenv e = {};
	struct bpf_link *l = NULL;
	union bpf_iter_link_info li;
	LIBBPF_OPTS(bpf_iter_attach_opts, o, .link_info = &li, .link_info_len = sizeof(li));
	static __u32 recs[65536];
	int n, mine = 0, elems;
	__u64 v = 1;

	GO_OK(tenv_open(&e));
	/* every task: this process among them */
	GO_TRUE((l = bpf_program__attach(prog_of(&e, "iter_task"))) != NULL);
	GO_GE(n = iter_read(l, recs, 65536), 2);
	for (int i = 0; i < n && i < 65536; i++)
		mine += recs[i] == (__u32)getpid();
	GO_GE(mine, 1);
	bpf_link__destroy(l);

	/* only this process's tasks */
	memset(&li, 0, sizeof(li));
	li.task.pid = getpid();
	GO_TRUE((l = bpf_program__attach_iter(prog_of(&e, "iter_task"), &o)) != NULL);
	GO_GE(n = iter_read(l, recs, 65536), 1);
	for (int i = 0; i < n; i++)
		GO_EQ(recs[i], getpid());
	bpf_link__destroy(l);

	/* one map's elements, given by fd */
	elems = bpf_object__find_map_fd_by_name(e.obj, "elems");
	GO_OK(elems);
	for (__u32 k = 0; k < 5; k++)
		GO_OK(bpf_map_update_elem(elems, &k, &v, 0));
	memset(&li, 0, sizeof(li));
	li.map.map_fd = elems;
	GO_TRUE((l = bpf_program__attach_iter(prog_of(&e, "iter_elem"), &o)) != NULL);
	GO_EQ(iter_read(l, recs, 65536), 5);
	for (__u32 k = 0; k < 5; k++)
		GO_EQ(recs[k], k);
	bpf_link__destroy(l);
	/* that target needs the map */
	l = bpf_program__attach_iter(prog_of(&e, "iter_elem"), NULL);
	GO_TRUE(l == NULL && errno);
	/* half-given link_info */
	LIBBPF_OPTS_RESET(o, .link_info = &li);
	l = bpf_program__attach_iter(prog_of(&e, "iter_elem"), &o);
	GO_TRUE(l == NULL && errno == EINVAL);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

/* Failures: NULL + errno, one log line naming the program, no fd left. */
KTEST(attach_errors)
{
	struct tenv e = {};
	struct bpf_object *unloaded = NULL;
	struct bpf_link *l = NULL;
	libbpf_print_fn_t old = NULL;
	bool capturing = false;
	int fds;

	if (!test_tracefs())
		test_skip(true, "tracefs not available");
	GO_OK(tenv_open(&e));
	GO_TRUE((unloaded = bpf_object__open_file(test_obj_path("attach_trace"), NULL)) != NULL);
	fds = test_count_fds();
	old = capture_start();
	capturing = true;

	/* not loaded */
	l = bpf_program__attach_tracepoint(bpf_object__find_program_by_name(unloaded, "tp_bare"),
					   "syscalls", "sys_enter_getppid");
	GO_TRUE(l == NULL && errno == EINVAL);
	GO_EQ(captured_lines("tp_bare"), 1);
	capture_start();
	l = bpf_program__attach(bpf_object__find_program_by_name(unloaded, "tp_full"));
	GO_TRUE(l == NULL && errno == EINVAL);
	GO_EQ(captured_lines("tp_full"), 1);
	l = bpf_program__attach_raw_tracepoint(bpf_object__find_program_by_name(unloaded,
										"raw_bare"),
					       "sys_enter");
	GO_TRUE(l == NULL && errno == EINVAL);
	l = bpf_program__attach_iter(bpf_object__find_program_by_name(unloaded, "iter_task"),
				     NULL);
	GO_TRUE(l == NULL && errno == EINVAL);

	/* no auto-attach for the section, or no target in its name */
	capture_start();
	l = bpf_program__attach(prog_of(&e, "on_perf"));
	GO_TRUE(l == NULL && errno == EOPNOTSUPP);
	GO_EQ(captured_lines("on_perf"), 1);
	capture_start();
	l = bpf_program__attach(prog_of(&e, "tp_bare"));
	GO_TRUE(l == NULL && errno == EOPNOTSUPP);
	GO_EQ(captured_lines("tp_bare"), 1);
	l = bpf_program__attach(prog_of(&e, "raw_bare"));
	GO_TRUE(l == NULL && errno == EOPNOTSUPP);

	/* tracepoints that do not exist, or are not names */
	capture_start();
	l = bpf_program__attach_tracepoint(prog_of(&e, "tp_bare"), "syscalls",
					   "bpfkit_no_such_tracepoint");
	GO_TRUE(l == NULL && errno == ENOENT);
	GO_EQ(captured_lines("tp_bare"), 1);
	l = bpf_program__attach_tracepoint(prog_of(&e, "tp_bare"), "bpfkit_no_such_cat", "x");
	GO_TRUE(l == NULL && errno == ENOENT);
	l = bpf_program__attach_tracepoint(prog_of(&e, "tp_bare"), "..", "syscalls");
	GO_TRUE(l == NULL && errno == EINVAL);
	l = bpf_program__attach_tracepoint(prog_of(&e, "tp_bare"), "syscalls", NULL);
	GO_TRUE(l == NULL && errno == EINVAL);
	capture_start();
	l = bpf_program__attach_raw_tracepoint(prog_of(&e, "raw_bare"), "bpfkit_no_such_tp");
	GO_TRUE(l == NULL && errno == ENOENT);
	GO_EQ(captured_lines("raw_bare"), 1);
	l = bpf_program__attach_raw_tracepoint(prog_of(&e, "raw_bare"), NULL);
	GO_TRUE(l == NULL && errno == EINVAL);
	/* a wrong program type for the hook */
	l = bpf_program__attach_tracepoint(prog_of(&e, "raw_bare"), "syscalls",
					   "sys_enter_getppid");
	GO_TRUE(l == NULL && errno == EINVAL);
	l = bpf_program__attach_perf_event(prog_of(&e, "on_perf"), -1);
	GO_TRUE(l == NULL && errno == EINVAL);
	l = bpf_program__attach(NULL);
	GO_TRUE(l == NULL && errno == EINVAL);
	GO_EQ(test_count_fds(), fds);
out:
	if (capturing)
		libbpf_set_print(old);
	bpf_link__destroy(l);
	bpf_object__close(unloaded);
	bpf_object__close(e.obj);
}

/* fentry and LSM programs: lockdown refuses their load (EPERM). */
static void fentry_lsm_case(const char *name, int (*trigger)(void))
{
	struct bpf_object *obj = NULL;
	struct bpf_program *p;
	struct bpf_link *l = NULL;
	struct bpf_map *bss;
	char skip[160] = "";
	__u64 vals[2] = { 0 };
	__u32 zero = 0;
	int err;

	obj = bpf_object__open_file(test_obj_path("attach_fentry"), NULL);
	GO_TRUE(obj != NULL);
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), name));
	err = bpf_object__load(obj);
	if (err == -EPERM) {
		snprintf(skip, sizeof(skip), "kernel refuses %s program loads (EPERM, lockdown)",
			 name);
		goto out;
	}
	GO_OK(err);
	GO_TRUE((l = bpf_program__attach(bpf_object__find_program_by_name(obj, name))) != NULL);
	GO_OK(trigger());
	bss = bpf_object__find_map_by_name(obj, ".bss");
	GO_TRUE(bss != NULL);
	GO_OK(bpf_map_lookup_elem(bpf_map__fd(bss), &zero, vals));
	/* fentry_hits or lsm_hits, whichever program ran */
	GO_GE(vals[0] + vals[1], 1);
out:
	bpf_link__destroy(l);
	bpf_object__close(obj);
	if (skip[0])
		test_skip_absent("%s", skip);
}

static int trigger_getppid(void)
{
	getppids(3);
	return 0;
}

static int trigger_open(void)
{
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

KTEST(attach_fentry)
{
	fentry_lsm_case("on_getppid", trigger_getppid);
}

KTEST(attach_lsm)
{
	fentry_lsm_case("on_file_open", trigger_open);
}

/* ---- registered section handlers ---------------------------------------- */

static int custom_calls;

/* Attaches to the raw tracepoint named by the cookie. */
static int custom_attach(const struct bpf_program *prog, long cookie, struct bpf_link **link)
{
	custom_calls++;
	*link = bpf_program__attach_raw_tracepoint(prog, (const char *)cookie);
	return *link ? 0 : -errno;
}

static int custom_no_target(const struct bpf_program *prog, long cookie, struct bpf_link **link)
{
	(void)prog;
	(void)cookie;
	*link = NULL;
	return 0;
}

static int custom_fails(const struct bpf_program *prog, long cookie, struct bpf_link **link)
{
	(void)prog;
	(void)cookie;
	*link = NULL;
	return -E2BIG;
}

/* Registers a handler taking over "raw_tp/bpfkit_custom" (a built-in
 * section name: handlers come first), loads attach_custom and
 * tries bpf_program__attach on it; returns the link (or NULL + errno). */
static struct bpf_link *custom_case(libbpf_prog_attach_fn_t fn, struct bpf_object **objp,
				    int *hits)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, ho, .prog_attach_fn = fn,
		    .cookie = (long)"sys_enter");
	__u32 zero = 0, pid = getpid();
	struct bpf_link *l;
	int id, err;

	id = libbpf_register_prog_handler("raw_tp/bpfkit_custom", BPF_PROG_TYPE_RAW_TRACEPOINT, 0,
					  &ho);
	if (id <= 0)
		return NULL;
	*objp = bpf_object__open_file(test_obj_path("attach_custom"), NULL);
	err = *objp ? bpf_object__load(*objp) : -1;
	*hits = bpf_object__find_map_fd_by_name(*objp, "hits");
	if (!err)
		err = bpf_map_update_elem(bpf_object__find_map_fd_by_name(*objp, "cfg"), &zero,
					  &pid, 0);
	l = err ? NULL : bpf_program__attach(bpf_object__find_program_by_name(*objp, "custom"));
	err = errno;
	libbpf_unregister_prog_handler(id);
	errno = err;
	return l;
}

KTEST(attach_custom_handler)
{
	struct bpf_object *obj = NULL;
	struct bpf_link *l = NULL;
	int hits = -1;

	custom_calls = 0;
	l = custom_case(custom_attach, &obj, &hits);
	GO_TRUE(l != NULL);
	GO_EQ(custom_calls, 1);
	getppids(5);
	GO_GE(kenv_count(hits, 0), 5);
	bpf_link__destroy(l);
	bpf_object__close(obj);
	obj = NULL;

	/* a handler with nothing to attach, or failing, or none */
	l = custom_case(custom_no_target, &obj, &hits);
	GO_TRUE(l == NULL && errno == EOPNOTSUPP);
	bpf_object__close(obj);
	obj = NULL;
	l = custom_case(custom_fails, &obj, &hits);
	GO_TRUE(l == NULL && errno == E2BIG);
	bpf_object__close(obj);
	obj = NULL;
	l = custom_case(NULL, &obj, &hits);
	GO_TRUE(l == NULL && errno == EOPNOTSUPP);
out:
	bpf_link__destroy(l);
	bpf_object__close(obj);
}
