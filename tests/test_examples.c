// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The example applications in examples/ are built twice from the same
 * sources: against bpfkit (our headers, `bpfkit gen skeleton`, libbpfkit.a)
 * and against Debian's libbpf (its headers, bpftool's skeleton, -lbpf).
 * Each test runs both builds under the same generated workload and checks
 * that they report the same events (pids and timings normalized away), that
 * they exit cleanly on a signal, and that none of their programs outlive
 * them (no link, tc filter or XDP attachment left behind).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "kenv.h"

#define OUT_MAX 16384
#define MAX_PROG_IDS 64

/* A sanitizer build of the library needs its runtime (of the same
 * compiler) in the apps too. */
#if defined(__SANITIZE_ADDRESS__)
#define EXAMPLES_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXAMPLES_ASAN 1
#endif
#endif
#if defined(EXAMPLES_ASAN) && defined(__clang__)
#define SAN_MAKE_ARGS "CC=clang APP_SAN='-fsanitize=address,undefined'"
#elif defined(EXAMPLES_ASAN)
#define SAN_MAKE_ARGS "CC=gcc APP_SAN='-fsanitize=address,undefined'"
#else
#define SAN_MAKE_ARGS ""
#endif

enum variant { KIT, REF, NR_VARIANTS };
static const char *const variant_name[] = { "kit", "ref" };

/* 0 not tried, 1 built, -1 failed (make output in the log), -2 no tools */
static int built[NR_VARIANTS];

/* A diagnostic command whose own failure changes nothing. */
static void shell_quiet(const char *cmd)
{
	int rc = system(cmd);

	(void)rc;
}

static bool have_ref_tools(void)
{
	return !system("command -v bpftool >/dev/null 2>&1") &&
	       !access("/usr/include/bpf/libbpf.h", F_OK);
}

/* make -C examples apps-kit|apps-ref into BUILD/examples, once per run.
 * The outer make's jobserver is not ours to use: its variables go. */
static int build_variant(enum variant v)
{
	char cmd[2048], log[600];

	if (built[v])
		return built[v];
	if (v == REF && !have_ref_tools())
		return built[v] = -2;
	snprintf(log, sizeof(log), "%s", test_build_path("examples/build.log"));
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/examples && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "
		 "make -s -j2 -C %s BUILD=%s %s apps-%s >%s 2>&1",
		 test_build_path(""), test_src_path("examples"), test_build_path(""),
		 SAN_MAKE_ARGS, variant_name[v], log);
	built[v] = system(cmd) ? -1 : 1;
	if (built[v] < 0) {
		snprintf(cmd, sizeof(cmd), "tail -n 30 %s >&2", log);
		shell_quiet(cmd);
	}
	return built[v];
}

/* Both variants built, or the test skips (no bpftool / libbpf-dev) or fails. */
static bool build_or_skip(void)
{
	if (build_variant(KIT) < 0) {
		test_fail(__FILE__, __LINE__, "building the bpfkit examples failed (see above)");
		return false;
	}
	if (build_variant(REF) == -2)
		test_skip(true, "bpftool or libbpf-dev missing: no reference build");
	if (built[REF] < 0) {
		test_fail(__FILE__, __LINE__, "building the libbpf examples failed (see above)");
		return false;
	}
	return true;
}

static const char *app_path(enum variant v, const char *app)
{
	static char path[600];
	char rel[64];

	snprintf(rel, sizeof(rel), "examples/%s/%s", variant_name[v], app);
	snprintf(path, sizeof(path), "%s", test_build_path(rel));
	return path;
}

/* ---- program ids: which of the app's programs exist ------------------- */

struct prog_ids {
	unsigned int n;
	__u32 id[MAX_PROG_IDS];
};

static bool prog_ids_has(const struct prog_ids *ids, __u32 id)
{
	for (unsigned int i = 0; i < ids->n; i++)
		if (ids->id[i] == id)
			return true;
	return false;
}

/* Programs a process holds: its prog and link fds say "prog_id:" in their
 * fdinfo. By process, not by name, so that another test run with the same
 * apps at the same time cannot be mistaken for this one. */
static void prog_ids_of_pid(pid_t pid, struct prog_ids *ids)
{
	char path[64], line[128];

	ids->n = 0;
	for (int fd = 3; fd < 256; fd++) {
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
		f = fopen(path, "re");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			unsigned int id;

			if (sscanf(line, "prog_id: %u", &id) == 1 && id &&
			    !prog_ids_has(ids, id) && ids->n < MAX_PROG_IDS)
				ids->id[ids->n++] = id;
		}
		fclose(f);
	}
}

/* Every id names one of the app's programs (kernel names are cut at 15
 * characters). */
static void check_prog_names(const struct prog_ids *ids, const char *const *names)
{
	for (unsigned int i = 0; i < ids->n; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(ids->id[i]);
		bool known = false;

		if (fd < 0)
			continue; /* gone meanwhile */
		if (bpf_prog_get_info_by_fd(fd, &info, &len)) {
			close(fd);
			continue;
		}
		close(fd);
		for (const char *const *n = names; *n && !known; n++)
			known = !strncmp(info.name, *n, sizeof(info.name) - 1);
		CHECK(known, "program %u '%s' is not one of the app's", ids->id[i], info.name);
	}
}

/* Program freeing is deferred in the kernel: give it up to two seconds. */
static bool progs_gone(const struct prog_ids *ids)
{
	for (int tries = 0; tries < 40; tries++) {
		bool any = false;

		for (unsigned int i = 0; i < ids->n; i++) {
			int fd = bpf_prog_get_fd_by_id(ids->id[i]);

			if (fd >= 0) {
				close(fd);
				any = true;
			}
		}
		if (!any)
			return true;
		usleep(50000);
	}
	return false;
}

/* ---- running an app ----------------------------------------------------- */

struct app_run {
	pid_t pid;
	int out_fd;	/* read end of the app's stdout */
	size_t len;
	char out[OUT_MAX];
	char err_path[128]; /* the app's stderr, shown on failure */
	long long err_len;
	const char *const *prog_names;
	struct prog_ids seen;	/* its programs, seen while it ran */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int app_start(struct app_run *r, enum variant v, const char *app, char *const argv[],
		     const char *const *prog_names)
{
	char *args[16];
	int p[2], i;

	memset(r, 0, sizeof(*r));
	r->pid = -1;
	r->out_fd = -1;
	r->prog_names = prog_names;
	snprintf(r->err_path, sizeof(r->err_path), "/tmp/bpfkit-ex-%d-%s-%s.err", getpid(), app,
		 variant_name[v]);
	args[0] = (char *)app_path(v, app);
	for (i = 0; argv && argv[i] && i < 14; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
	if (pipe2(p, O_CLOEXEC))
		return -errno;
	fflush(NULL);
	r->pid = fork();
	if (r->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (r->pid == 0) {
		int efd = open(r->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(p[1], 1);
		if (efd >= 0)
			dup2(efd, 2);
		execv(args[0], args);
		_exit(127);
	}
	close(p[1]);
	r->out_fd = p[0];
	return 0;
}

/* Read what the app printed, for up to timeout_ms; false at EOF. */
static bool app_read(struct app_run *r, int timeout_ms)
{
	struct pollfd pfd = { .fd = r->out_fd, .events = POLLIN };
	ssize_t n;

	if (r->out_fd < 0 || poll(&pfd, 1, timeout_ms) <= 0)
		return r->out_fd >= 0;
	n = read(r->out_fd, r->out + r->len, sizeof(r->out) - 1 - r->len);
	if (n <= 0) {
		close(r->out_fd);
		r->out_fd = -1;
		return false;
	}
	r->len += n;
	r->out[r->len] = 0;
	return true;
}

static unsigned int count_lines(const char *s, const char *prefix)
{
	unsigned int n = 0;

	for (const char *l = s; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (!strncmp(l, prefix, strlen(prefix)))
			n++;
	return n;
}

/* Wait until at least want lines starting with prefix were printed. */
static bool app_wait_lines(struct app_run *r, const char *prefix, unsigned int want,
			   int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	while (count_lines(r->out, prefix) < want) {
		long long left = end - now_ms();

		if (left <= 0 || !app_read(r, (int)left))
			return count_lines(r->out, prefix) >= want;
	}
	return true;
}

/* Wait for the ready line and note which programs the app has loaded. */
static bool app_ready(struct app_run *r, const char *ready)
{
	if (!app_wait_lines(r, ready, 1, 30000))
		return false;
	prog_ids_of_pid(r->pid, &r->seen);
	check_prog_names(&r->seen, r->prog_names);
	return true;
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (long long)st.st_size;
}

static void show_stderr(const struct app_run *r)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "head -c 2000 %s >&2", r->err_path);
	shell_quiet(cmd);
}

/* Send sig (0: none, the app ends by itself), collect the rest of the
 * output, reap the app; its exit code, or -1 when it had to be killed. */
static int app_finish(struct app_run *r, int sig)
{
	long long end = now_ms() + 10000;
	int status = 0, rc = -1;

	if (r->pid <= 0)
		return -1;
	if (sig)
		kill(r->pid, sig);
	while (r->out_fd >= 0 && now_ms() < end)
		app_read(r, 200);
	for (;;) {
		pid_t w = waitpid(r->pid, &status, WNOHANG);

		if (w == r->pid)
			break;
		if (now_ms() >= end) {
			kill(r->pid, SIGKILL);
			waitpid(r->pid, &status, 0);
			break;
		}
		usleep(20000);
	}
	if (r->out_fd >= 0)
		close(r->out_fd);
	r->out_fd = -1;
	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	r->err_len = file_size(r->err_path);
	if (rc != 0 || r->err_len)
		show_stderr(r);
	unlink(r->err_path);
	r->pid = -1;
	return rc;
}

/* Exit code 0, output saved, and nothing of the app left in the kernel. */
static bool app_done(struct app_run *r, int sig, bool need_progs)
{
	int rc;

	rc = app_finish(r, sig);
	CHECK_EQ(rc, 0);
	/* a quiet run of libbpf is a quiet run of bpfkit: no warnings */
	CHECK(r->err_len == 0, "the app wrote %lld bytes to stderr (above)", r->err_len);
	if (need_progs)
		CHECK(r->seen.n > 0, "no program of the app was seen while it ran");
	CHECK(progs_gone(&r->seen), "programs of the app outlived it");
	return rc == 0;
}

/* ---- workloads ------------------------------------------------------------ */

/* A child that blocks until go() and then runs fn; its pid is the filter
 * the apps get. */
struct workload {
	pid_t pid;
	int go_fd;
};

static int workload_start(struct workload *w, void (*fn)(void *), void *arg)
{
	int p[2];
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (w->pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(2);
		fn(arg);
		_exit(0);
	}
	close(p[0]);
	w->go_fd = p[1];
	return 0;
}

/* Let it run and wait for its end; its exit code. */
static int workload_run(struct workload *w)
{
	int status = 0;

	if (w->go_fd >= 0 && write(w->go_fd, "g", 1) != 1)
		kill(w->pid, SIGKILL);
	if (w->go_fd >= 0)
		close(w->go_fd);
	w->go_fd = -1;
	if (waitpid(w->pid, &status, 0) != w->pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* fork, exec path with argv (copied into the child's stack first: tracers
 * read argv without faulting pages in, and string literals of a freshly
 * forked child are not mapped yet), wait */
static void run_and_wait(const char *path, char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char buf[512], *args[16];
		size_t off = 0;
		int i, devnull;

		for (i = 0; argv[i] && i < 15; i++) {
			size_t len = strlen(argv[i]) + 1;

			if (off + len > sizeof(buf))
				break;
			memcpy(buf + off, argv[i], len);
			args[i] = buf + off;
			off += len;
		}
		args[i] = NULL;
		argv = args;
		devnull = open("/dev/null", O_WRONLY);

		if (devnull >= 0) {
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execv(path, argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
}

/* ---- normalization ------------------------------------------------------- */

static void append(char *dst, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *dst, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(dst);
	va_list ap;

	if (len >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(dst + len, cap - len, fmt, ap);
	va_end(ap);
}

/* Apply fn to each line of text (copied: fn may use strtok). */
static void for_each_line(const char *text, void (*fn)(char *line, void *ctx), void *ctx)
{
	char *copy = strdup(text), *save = NULL;

	if (!copy)
		return;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		fn(l, ctx);
	free(copy);
}

struct norm {
	char out[OUT_MAX];
	int ppid;	/* expected parent, or 0 */
	bool bad_ppid;
};

/* bootstrap: "EXEC comm pid ppid filename" / "EXIT comm pid ppid [code] (ms)"
 * -> "EXEC comm filename" / "EXIT comm [code]" */
static void norm_bootstrap(char *line, void *ctx)
{
	struct norm *n = ctx;
	char kind[8], comm[32], rest[256];
	int pid, ppid;

	if (sscanf(line, "%7s %31s %d %d %255s", kind, comm, &pid, &ppid, rest) != 5)
		return;
	if (n->ppid && ppid != n->ppid)
		n->bad_ppid = true;
	append(n->out, sizeof(n->out), "%s %s %s\n", kind, comm, rest);
}

/* execsnoop: "comm pid ppid ret args..." -> "comm ret args..." */
static void norm_execsnoop(char *line, void *ctx)
{
	struct norm *n = ctx;
	char comm[32];
	int pid, ppid, ret, off = 0;

	if (sscanf(line, "%31s %d %d %d %n", comm, &pid, &ppid, &ret, &off) != 4 || !off)
		return;
	if (n->ppid && ppid != n->ppid)
		n->bad_ppid = true;
	append(n->out, sizeof(n->out), "%s %d %s\n", comm, ret, line + off);
}

/* iter: "pid ppid comm" -> "comm" */
static void norm_iter(char *line, void *ctx)
{
	struct norm *n = ctx;
	char comm[32];
	int pid, ppid;

	if (sscanf(line, "%d %d %31s", &pid, &ppid, comm) != 3)
		return;
	if (n->ppid && ppid != n->ppid)
		n->bad_ppid = true;
	append(n->out, sizeof(n->out), "%s\n", comm);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lines of s in sorted order (in place). */
static void sort_lines(char *s, size_t cap)
{
	char *lines[256], *copy = strdup(s), *save = NULL;
	size_t n = 0;

	if (!copy)
		return;
	for (char *l = strtok_r(copy, "\n", &save); l && n < 256; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	qsort(lines, n, sizeof(lines[0]), cmp_str);
	s[0] = 0;
	for (size_t i = 0; i < n; i++)
		append(s, cap, "%s\n", lines[i]);
	free(copy);
}

/* Both variants gave the expected text. */
static void check_same(const char *what, const char *kit, const char *ref, const char *want)
{
	CHECK(!strcmp(kit, ref), "%s: bpfkit and libbpf builds differ:\n--- bpfkit\n%s--- libbpf\n%s",
	      what, kit, ref);
	CHECK(!strcmp(kit, want), "%s: unexpected output:\n--- got\n%s--- want\n%s", what, kit,
	      want);
}

/* ---- minimal ---------------------------------------------------------------- */

static const char *const minimal_progs[] = { "handle_write", NULL };

/* ten write()s of 1..10 bytes */
static void write_ten(void *arg)
{
	char buf[16] = "0123456789";
	int fd = open("/dev/null", O_WRONLY);

	(void)arg;
	for (int i = 1; i <= 10; i++)
		if (write(fd, buf, i) != i)
			_exit(3);
	close(fd);
}

static void minimal_run(enum variant v, bool own_pid, char *out, size_t cap)
{
	struct workload w = { .pid = -1, .go_fd = -1 };
	struct app_run *r = calloc(1, sizeof(*r));
	char pid_arg[16];
	char *argv_pid[] = { "-p", pid_arg, NULL };
	char *argv_self[] = { "-d", "1", NULL };

	out[0] = 0;
	if (!r)
		return;
	if (own_pid) {
		/* counts its own "ready\n", a single 6-byte write, for a second */
		if (!app_start(r, v, "minimal", argv_self, minimal_progs) && app_ready(r, "ready"))
			app_done(r, 0, true);
		else
			app_finish(r, SIGKILL);
		snprintf(out, cap, "%s", r->out);
		free(r);
		return;
	}
	if (workload_start(&w, write_ten, NULL)) {
		free(r);
		return;
	}
	snprintf(pid_arg, sizeof(pid_arg), "%d", w.pid);
	if (!app_start(r, v, "minimal", argv_pid, minimal_progs) && app_ready(r, "ready")) {
		CHECK_EQ(workload_run(&w), 0);
		app_done(r, SIGINT, true);
	} else {
		CHECK(false, "minimal (%s) did not start", variant_name[v]);
		app_finish(r, SIGKILL);
		workload_run(&w);
	}
	snprintf(out, cap, "%s", r->out);
	free(r);
}

KTEST(examples_minimal)
{
	char kit[256], ref[256];

	if (!build_or_skip())
		return;
	minimal_run(KIT, false, kit, sizeof(kit));
	minimal_run(REF, false, ref, sizeof(ref));
	check_same("minimal -p PID", kit, ref, "ready\nwrites=10 bytes=55\n");
	minimal_run(KIT, true, kit, sizeof(kit));
	minimal_run(REF, true, ref, sizeof(ref));
	check_same("minimal (own pid through .bss)", kit, ref, "ready\nwrites=1 bytes=6\n");
}

/* ---- bootstrap / execsnoop: exec workloads --------------------------------- */

/* /bin/true and /bin/false, three times each, one after the other */
static void exec_true_false(void *arg)
{
	char *t[] = { "true", NULL }, *f[] = { "false", NULL };

	(void)arg;
	for (int i = 0; i < 3; i++) {
		run_and_wait("/bin/true", t);
		run_and_wait("/bin/false", f);
	}
}

static const char *const bootstrap_progs[] = { "handle_exec", "handle_exit", NULL };

/* Run bootstrap with extra args over exec_true_false; normalized events. */
static void bootstrap_run(enum variant v, const char *min_ms, unsigned int want_exits,
			  struct norm *n)
{
	struct workload w = { .pid = -1, .go_fd = -1 };
	struct app_run *r = calloc(1, sizeof(*r));
	char pid_arg[16];
	char *argv[] = { "-P", pid_arg, "-d", (char *)min_ms, NULL };

	memset(n, 0, sizeof(*n));
	if (!r || workload_start(&w, exec_true_false, NULL)) {
		free(r);
		return;
	}
	snprintf(pid_arg, sizeof(pid_arg), "%d", w.pid);
	n->ppid = w.pid;
	if (!app_start(r, v, "bootstrap", argv, bootstrap_progs) && app_ready(r, "ready")) {
		CHECK_EQ(workload_run(&w), 0);
		/* events still in flight: wait for the last exit, or a little */
		app_wait_lines(r, "EXIT", want_exits, want_exits ? 5000 : 300);
		app_done(r, SIGINT, true);
	} else {
		CHECK(false, "bootstrap (%s) did not start", variant_name[v]);
		app_finish(r, SIGKILL);
		workload_run(&w);
	}
	for_each_line(r->out, norm_bootstrap, n);
	CHECK(!n->bad_ppid, "bootstrap (%s): event of another parent than %d:\n%s",
	      variant_name[v], n->ppid, r->out);
	free(r);
}

KTEST(examples_bootstrap)
{
	static struct norm kit, ref;
	const char *want = "EXEC true /bin/true\nEXIT true [0]\n"
			   "EXEC false /bin/false\nEXIT false [1]\n"
			   "EXEC true /bin/true\nEXIT true [0]\n"
			   "EXEC false /bin/false\nEXIT false [1]\n"
			   "EXEC true /bin/true\nEXIT true [0]\n"
			   "EXEC false /bin/false\nEXIT false [1]\n";

	if (!build_or_skip())
		return;
	bootstrap_run(KIT, "0", 6, &kit);
	bootstrap_run(REF, "0", 6, &ref);
	check_same("bootstrap", kit.out, ref.out, want);
	/* a minimum duration (.rodata) no short process reaches: no events */
	bootstrap_run(KIT, "60000", 0, &kit);
	bootstrap_run(REF, "60000", 0, &ref);
	check_same("bootstrap -d 60000", kit.out, ref.out, "");
}

/* an exec with arguments, a failing exec, and one with more than 8 args */
static void exec_args(void *arg)
{
	char *a[] = { "true", "alpha", "beta", NULL };
	char *b[] = { "nope", "x", NULL };
	char *c[] = { "true", "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL };

	(void)arg;
	run_and_wait("/bin/true", a);
	run_and_wait("/nonexistent/bpfkit-example", b);
	run_and_wait("/bin/true", c);
}

static const char *const execsnoop_progs[] = { "tracepoint__syscalls__sys_enter_execve", NULL };

static void execsnoop_run(enum variant v, struct norm *n)
{
	struct workload w = { .pid = -1, .go_fd = -1 };
	struct app_run *r = calloc(1, sizeof(*r));
	char pid_arg[16];
	char *argv[] = { "-P", pid_arg, NULL };

	memset(n, 0, sizeof(*n));
	if (!r || workload_start(&w, exec_args, NULL)) {
		free(r);
		return;
	}
	snprintf(pid_arg, sizeof(pid_arg), "%d", w.pid);
	n->ppid = w.pid;
	if (!app_start(r, v, "execsnoop", argv, execsnoop_progs) && app_ready(r, "PCOMM")) {
		CHECK_EQ(workload_run(&w), 0);
		/* header + three events */
		app_wait_lines(r, "", 4, 5000);
		app_done(r, SIGTERM, true);
	} else {
		CHECK(false, "execsnoop (%s) did not start", variant_name[v]);
		app_finish(r, SIGKILL);
		workload_run(&w);
	}
	for_each_line(r->out, norm_execsnoop, n);
	/* a perf buffer is per CPU: events of different CPUs come in any order */
	sort_lines(n->out, sizeof(n->out));
	CHECK(!n->bad_ppid, "execsnoop (%s): event of another parent than %d:\n%s",
	      variant_name[v], n->ppid, r->out);
	free(r);
}

KTEST(examples_execsnoop)
{
	static struct norm kit, ref;
	char want[512];

	if (!build_or_skip())
		return;
	execsnoop_run(KIT, &kit);
	execsnoop_run(REF, &ref);
	/* the failed exec keeps the forking process's name: ours */
	snprintf(want, sizeof(want),
		 "true 0 true alpha beta\n%s -2 nope x\ntrue 0 true 1 2 3 4 5 6 7\n",
		 program_invocation_short_name);
	sort_lines(want, sizeof(want));
	check_same("execsnoop", kit.out, ref.out, want);
}

/* ---- uprobe ------------------------------------------------------------------ */

static const char *const uprobe_progs[] = { "uprobe_add", "uretprobe_add", NULL };

KTEST(examples_uprobe)
{
	char *argv_n[] = { "-n", "3", NULL };
	static struct app_run r[NR_VARIANTS];
	const char *want = "ready\n"
			   "uprobed_add(1, 10)\nuprobed_add returned 11\n"
			   "uprobed_add(2, 20)\nuprobed_add returned 22\n"
			   "uprobed_add(3, 30)\nuprobed_add returned 33\n";

	if (!build_or_skip())
		return;
	if (access("/sys/bus/event_source/devices/uprobe", F_OK))
		test_skip_absent("no uprobe PMU in this kernel");
	/* a fixed number of calls: the app ends by itself */
	for (int v = 0; v < NR_VARIANTS; v++) {
		if (app_start(&r[v], v, "uprobe", argv_n, uprobe_progs)) {
			CHECK(false, "uprobe (%s) did not start", variant_name[v]);
			continue;
		}
		app_wait_lines(&r[v], "ready", 1, 30000);
		app_done(&r[v], 0, false);
	}
	check_same("uprobe -n 3", r[KIT].out, r[REF].out, want);

	/* one call a second until SIGINT: links seen while running, gone after */
	for (int v = 0; v < NR_VARIANTS; v++) {
		if (app_start(&r[v], v, "uprobe", NULL, uprobe_progs) ||
		    !app_ready(&r[v], "ready")) {
			CHECK(false, "uprobe (%s) did not start", variant_name[v]);
			app_finish(&r[v], SIGKILL);
			continue;
		}
		CHECK(app_wait_lines(&r[v], "uprobed_add returned", 1, 5000),
		      "uprobe (%s): no call seen", variant_name[v]);
		app_done(&r[v], SIGINT, true);
	}
}

/* ---- tc / xdp: UDP on lo in a private netns --------------------------------- */

#define UDP_PORT 4242

/* count datagrams of len bytes to port on 127.0.0.1 */
static void send_udp(int port, int count, int len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	char buf[64] = "bpfkit-example-payload-0123456789";
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (!CHECK(fd >= 0, "socket: %d", errno))
		return;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < count; i++)
		CHECK_EQ(sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)), len);
	close(fd);
}

/* Run app (in the current netns) while 5 datagrams of 7 bytes go to the
 * counted port and 3 to another one. */
static void net_run(enum variant v, const char *app, char *const argv[],
		    const char *const *progs, char *out, size_t cap)
{
	struct app_run *r = calloc(1, sizeof(*r));

	out[0] = 0;
	if (!r)
		return;
	if (!app_start(r, v, app, argv, progs) && app_ready(r, "ready")) {
		send_udp(UDP_PORT, 5, 7);
		send_udp(UDP_PORT + 1, 3, 7);
		usleep(100000);
		app_done(r, SIGINT, true);
	} else {
		CHECK(false, "%s (%s) did not start", app, variant_name[v]);
		app_finish(r, SIGKILL);
	}
	snprintf(out, cap, "%s", r->out);
	free(r);
}

static const char *const tc_progs[] = { "tc_ingress", NULL };

/* No filter left, and the clsact qdisc the app made is gone too: making
 * it again succeeds instead of finding it there (EEXIST). */
static void tc_check_removed(struct bpf_tc_hook *hook, struct bpf_tc_opts *q, const char *who)
{
	libbpf_print_fn_t old_print = libbpf_set_print(NULL);
	/* the kernel's "no such qdisc" is the expected answer: not logged */
	int err = bpf_tc_query(hook, q);

	libbpf_set_print(old_print);

	CHECK(err == -ENOENT || err == -EINVAL, "tc (%s): filter left after exit: %d", who, err);
	err = bpf_tc_hook_create(hook);
	CHECK(err == 0, "tc (%s): clsact qdisc left after exit: %d", who, err);
	if (!err) {
		hook->attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(hook);
		hook->attach_point = BPF_TC_INGRESS;
	}
}

KTEST(examples_tc)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, q, .handle = 1, .priority = 1);
	char *argv[] = { "-i", "lo", "-p", "4242", NULL };
	char kit[256], ref[256];
	struct kenv_netns ns = {};

	if (!build_or_skip())
		return;
	kenv_netns_or_skip(&ns);
	hook.ifindex = kenv_ifindex("lo");
	net_run(KIT, "tc", argv, tc_progs, kit, sizeof(kit));
	tc_check_removed(&hook, &q, "bpfkit");
	net_run(REF, "tc", argv, tc_progs, ref, sizeof(ref));
	tc_check_removed(&hook, &q, "libbpf");
	check_same("tc", kit, ref, "ready\nudp packets=5 bytes=35\n");
	kenv_netns_leave(&ns);
}

static const char *const xdp_progs[] = { "xdp_udp_count", NULL };

static void xdp_check_detached(int ifindex, const char *how)
{
	__u32 id = 1;

	CHECK_EQ(bpf_xdp_query_id(ifindex, XDP_FLAGS_SKB_MODE, &id), 0);
	CHECK(id == 0, "xdp (%s): program %u still attached after exit", how, id);
}

/* The leftover check can fail: an app killed before its cleanup leaves its
 * netlink XDP attachment (and so its program) behind. */
static void xdp_killed_leaves_prog(int ifindex)
{
	char *argv[] = { "-N", "-i", "lo", NULL };
	static struct app_run r;
	__u32 id = 0;

	if (app_start(&r, KIT, "xdp", argv, xdp_progs) || !app_ready(&r, "ready")) {
		CHECK(false, "xdp -N did not start");
		app_finish(&r, SIGKILL);
		return;
	}
	app_finish(&r, SIGKILL);
	CHECK(r.seen.n == 1, "xdp -N: %u programs seen", r.seen.n);
	CHECK(!progs_gone(&r.seen), "program of a killed xdp -N went away");
	CHECK_EQ(bpf_xdp_query_id(ifindex, XDP_FLAGS_SKB_MODE, &id), 0);
	CHECK(r.seen.n == 1 && id == r.seen.id[0], "attached %u, app's %u", id, r.seen.id[0]);
	CHECK_EQ(bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL), 0);
	CHECK(progs_gone(&r.seen), "program still there after the detach");
}

KTEST(examples_xdp)
{
	char *argv_link[] = { "-i", "lo", "-p", "4242", NULL };
	char *argv_nl[] = { "-N", "-i", "lo", "-p", "4242", NULL };
	char kit[256], ref[256];
	struct kenv_netns ns = {};
	int lo;

	if (!build_or_skip())
		return;
	kenv_netns_or_skip(&ns);
	lo = kenv_ifindex("lo");
	net_run(KIT, "xdp", argv_link, xdp_progs, kit, sizeof(kit));
	xdp_check_detached(lo, "link");
	net_run(REF, "xdp", argv_link, xdp_progs, ref, sizeof(ref));
	xdp_check_detached(lo, "link");
	check_same("xdp (bpf_program__attach_xdp)", kit, ref, "ready\nudp packets=5 bytes=35\n");
	net_run(KIT, "xdp", argv_nl, xdp_progs, kit, sizeof(kit));
	xdp_check_detached(lo, "netlink");
	net_run(REF, "xdp", argv_nl, xdp_progs, ref, sizeof(ref));
	xdp_check_detached(lo, "netlink");
	check_same("xdp -N (bpf_xdp_attach)", kit, ref, "ready\nudp packets=5 bytes=35\n");
	xdp_killed_leaves_prog(lo);
	kenv_netns_leave(&ns);
}

/* ---- iter -------------------------------------------------------------------- */

static const char *const iter_progs[] = { "dump_procs", NULL };

KTEST(examples_iter)
{
	static struct norm n[NR_VARIANTS];
	static struct app_run r;
	pid_t kids[3] = { -1, -1, -1 };
	char pid_arg[16];
	char *argv[] = { "-P", pid_arg, NULL };
	int p[2], ready[2];
	char c;

	if (!build_or_skip())
		return;
	ASSERT(!pipe2(p, O_CLOEXEC), "pipe: %d", errno);
	if (pipe2(ready, O_CLOEXEC)) {
		close(p[0]);
		close(p[1]);
		ASSERT(false, "pipe: %d", errno);
	}
	/* three named children that live until the pipe closes */
	for (int i = 0; i < 3; i++) {
		fflush(NULL);
		kids[i] = fork();
		if (kids[i] == 0) {
			char name[16];

			snprintf(name, sizeof(name), "bpfkit-kid-%d", i);
			prctl(PR_SET_NAME, name);
			close(p[1]);
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			if (read(p[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
	}
	close(p[0]);
	close(ready[1]);
	/* each child says when it has its name */
	for (int i = 0; i < 3; i++)
		CHECK_EQ(read(ready[0], &c, 1), 1);
	close(ready[0]);
	snprintf(pid_arg, sizeof(pid_arg), "%d", getpid());
	for (int v = 0; v < NR_VARIANTS; v++) {
		memset(&n[v], 0, sizeof(n[v]));
		n[v].ppid = getpid();
		if (app_start(&r, v, "iter", argv, iter_progs)) {
			CHECK(false, "iter (%s) did not start", variant_name[v]);
			continue;
		}
		app_done(&r, 0, false);
		CHECK(!strncmp(r.out, "PID", 3), "iter (%s): no header:\n%s", variant_name[v],
		      r.out);
		for_each_line(r.out, norm_iter, &n[v]);
		sort_lines(n[v].out, sizeof(n[v].out));
		CHECK(!n[v].bad_ppid, "iter (%s): task of another parent:\n%s", variant_name[v],
		      r.out);
	}
	close(p[1]);
	for (int i = 0; i < 3; i++)
		if (kids[i] > 0)
			waitpid(kids[i], NULL, 0);
	/* the app itself is one of our children as well */
	check_same("iter", n[KIT].out, n[REF].out,
		   "bpfkit-kid-0\nbpfkit-kid-1\nbpfkit-kid-2\niter\n");
}

/* ---- cgroup --------------------------------------------------------------- */

static const char *const cgroup_progs[] = { "count_egress", NULL };

/* in the cgroup: 4 datagrams of 9 bytes to the counted port, 2 elsewhere */
static int send_from_cgroup(void *arg)
{
	(void)arg;
	send_udp(UDP_PORT, 4, 9);
	send_udp(UDP_PORT + 1, 2, 9);
	return 0;
}

static void cgroup_run(enum variant v, const struct kenv_cgroup *cg, char *out, size_t cap)
{
	char *argv[] = { "-c", (char *)cg->path, "-p", "4242", NULL };
	struct app_run *r = calloc(1, sizeof(*r));
	__u32 cnt = 1;

	out[0] = 0;
	if (!r)
		return;
	if (!app_start(r, v, "cgroup", argv, cgroup_progs) && app_ready(r, "ready")) {
		CHECK_EQ(kenv_cgroup_run(cg, send_from_cgroup, NULL), 0);
		/* outside the cgroup: not counted */
		send_udp(UDP_PORT, 3, 9);
		app_done(r, SIGTERM, true);
	} else {
		CHECK(false, "cgroup (%s) did not start", variant_name[v]);
		app_finish(r, SIGKILL);
	}
	/* the link went with the app: nothing attached to the cgroup */
	CHECK_EQ(bpf_prog_query(cg->fd, BPF_CGROUP_INET_EGRESS, 0, NULL, NULL, &cnt), 0);
	CHECK(cnt == 0, "cgroup (%s): %u programs still attached", variant_name[v], cnt);
	snprintf(out, cap, "%s", r->out);
	free(r);
}

KTEST(examples_cgroup)
{
	struct kenv_cgroup cg = { .fd = -1 };
	struct kenv_netns ns = {};
	char kit[256], ref[256];

	if (!build_or_skip())
		return;
	kenv_cgroup_or_skip(&cg);
	kenv_netns_or_skip(&ns);
	cgroup_run(KIT, &cg, kit, sizeof(kit));
	cgroup_run(REF, &cg, ref, sizeof(ref));
	check_same("cgroup", kit, ref, "ready\nudp packets=4 bytes=36\n");
	kenv_netns_leave(&ns);
	kenv_cgroup_destroy(&cg);
}
