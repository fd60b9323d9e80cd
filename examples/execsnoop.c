// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* execsnoop: prints execve() calls (comm, pid, ppid, result, arguments)
 * received through a perf buffer. */
#include <argp.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "execsnoop.h"
#include "execsnoop.skel.h"

#define PERF_BUFFER_PAGES 64
#define PERF_POLL_TIMEOUT_MS 100

static struct env {
	bool verbose;
	bool timestamp;
	bool fails;
	int ppid;
	long uid;
} env = { .uid = -1 };

static volatile sig_atomic_t exiting;
static unsigned long long lost_total;

const char *argp_program_version = "execsnoop 1.0";
static const char argp_doc[] =
	"execsnoop: trace exec() syscalls through a perf buffer.\n"
	"\n"
	"USAGE: execsnoop [-v] [-T] [-x] [-u UID] [-P PPID]\n";

static const struct argp_option opts[] = {
	{ "verbose", 'v', NULL, 0, "Verbose libbpf output", 0 },
	{ "timestamp", 'T', NULL, 0, "Print a timestamp on each event", 0 },
	{ "fails", 'x', NULL, 0, "Only failed exec()s", 0 },
	{ "uid", 'u', "UID", 0, "Only this user", 0 },
	{ "ppid", 'P', "PPID", 0, "Only children of this process", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'v': env.verbose = true; break;
	case 'T': env.timestamp = true; break;
	case 'x': env.fails = true; break;
	case 'u': env.uid = atol(arg); break;
	case 'P': env.ppid = atoi(arg); break;
	case ARGP_KEY_ARG: argp_usage(state); break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	.options = opts,
	.parser = parse_arg,
	.doc = argp_doc,
};

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

static void print_args(const struct event *e)
{
	for (int i = 0; i < e->args_count && i < MAX_ARGS; i++) {
		const char *a = e->args + i * ARGSIZE;

		printf("%s%.*s", i ? " " : "", ARGSIZE, a);
	}
}

static void handle_event(void *ctx, int cpu, void *data, __u32 data_sz)
{
	const struct event *e = data;
	char ts[32] = "";
	struct tm tm;
	time_t t;

	(void)ctx;
	(void)cpu;
	if (data_sz < sizeof(*e))
		return;
	if (env.fails && e->retval >= 0)
		return;
	if (env.timestamp) {
		time(&t);
		localtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%H:%M:%S ", &tm);
	}
	printf("%s%-16s %-7d %-7d %4d ", ts, e->comm, e->pid, e->ppid, e->retval);
	print_args(e);
	printf("\n");
	fflush(stdout);
}

static void handle_lost_events(void *ctx, int cpu, __u64 lost_cnt)
{
	(void)ctx;
	lost_total += lost_cnt;
	fprintf(stderr, "lost %llu events on CPU #%d\n", (unsigned long long)lost_cnt, cpu);
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts);
	struct perf_buffer *pb = NULL;
	struct execsnoop_bpf *obj;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;

	libbpf_set_print(print_fn);

	obj = execsnoop_bpf__open_opts(&open_opts);
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->targ_ppid = env.ppid;
	obj->rodata->targ_uid = env.uid;

	err = execsnoop_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}
	err = execsnoop_bpf__attach(obj);
	if (err) {
		fprintf(stderr, "failed to attach BPF programs\n");
		goto cleanup;
	}

	pb = perf_buffer__new(bpf_map__fd(obj->maps.events), PERF_BUFFER_PAGES,
			      handle_event, handle_lost_events, NULL, NULL);
	if (!pb) {
		err = -errno;
		fprintf(stderr, "failed to open perf buffer: %d\n", err);
		goto cleanup;
	}

	if (signal(SIGINT, sig_handler) == SIG_ERR || signal(SIGTERM, sig_handler) == SIG_ERR) {
		fprintf(stderr, "can't set signal handler: %s\n", strerror(errno));
		err = 1;
		goto cleanup;
	}

	printf("%s%-16s %-7s %-7s %4s %s\n", env.timestamp ? "TIME     " : "", "PCOMM", "PID",
	       "PPID", "RET", "ARGS");
	fflush(stdout);
	while (!exiting) {
		err = perf_buffer__poll(pb, PERF_POLL_TIMEOUT_MS);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "error polling perf buffer: %s\n", strerror(-err));
			goto cleanup;
		}
		err = 0;
	}
	perf_buffer__consume(pb);
	if (lost_total)
		fprintf(stderr, "lost %llu events in total\n", lost_total);

cleanup:
	perf_buffer__free(pb);
	execsnoop_bpf__destroy(obj);
	return err != 0;
}
