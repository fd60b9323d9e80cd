// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bootstrap: prints process exec and exit events received through a BPF
 * ring buffer; -d hides processes that lived less than the given time. */
#include <argp.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <bpf/libbpf.h>
#include "bootstrap.h"
#include "bootstrap.skel.h"

static struct env {
	bool verbose;
	bool timestamp;
	long min_duration_ms;
	int ppid;
} env;

const char *argp_program_version = "bootstrap 1.0";
static const char argp_doc[] =
	"bootstrap: trace process exec and exit through a BPF ring buffer.\n"
	"\n"
	"USAGE: bootstrap [-v] [-T] [-d MIN-DURATION-MS] [-P PPID]\n";

static const struct argp_option opts[] = {
	{ "verbose", 'v', NULL, 0, "Verbose libbpf output", 0 },
	{ "timestamp", 'T', NULL, 0, "Print a timestamp on each event", 0 },
	{ "duration", 'd', "DURATION-MS", 0, "Minimum process duration (ms) to report", 0 },
	{ "ppid", 'P', "PPID", 0, "Only children of this process", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	char *end;

	switch (key) {
	case 'v': env.verbose = true; break;
	case 'T': env.timestamp = true; break;
	case 'd':
		errno = 0;
		env.min_duration_ms = strtol(arg, &end, 10);
		if (errno || *end || env.min_duration_ms < 0) {
			fprintf(stderr, "invalid duration: %s\n", arg);
			argp_usage(state);
		}
		break;
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

static volatile sig_atomic_t exiting;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

static int handle_event(void *ctx, void *data, size_t data_sz)
{
	const struct event *e = data;
	char ts[32] = "";
	struct tm tm;
	time_t t;

	(void)ctx;
	if (data_sz < sizeof(*e))
		return 0;
	if (env.timestamp) {
		time(&t);
		localtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%H:%M:%S ", &tm);
	}
	if (e->exit_event) {
		printf("%s%-5s %-16s %-7d %-7d [%u]", ts, "EXIT", e->comm, e->pid, e->ppid,
		       e->exit_code);
		if (e->duration_ns)
			printf(" (%llums)", e->duration_ns / 1000000);
		printf("\n");
	} else {
		printf("%s%-5s %-16s %-7d %-7d %s\n", ts, "EXEC", e->comm, e->pid, e->ppid,
		       e->filename);
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct bootstrap_bpf *skel;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;

	libbpf_set_print(print_fn);
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);

	skel = bootstrap_bpf__open();
	if (!skel) {
		fprintf(stderr, "failed to open and load BPF skeleton\n");
		return 1;
	}
	skel->rodata->min_duration_ns = env.min_duration_ms * 1000000ULL;
	skel->rodata->targ_ppid = env.ppid;

	err = bootstrap_bpf__load(skel);
	if (err) {
		fprintf(stderr, "failed to load and verify BPF skeleton\n");
		goto cleanup;
	}
	err = bootstrap_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "failed to attach BPF skeleton\n");
		goto cleanup;
	}

	rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "failed to create ring buffer\n");
		goto cleanup;
	}

	printf("ready\n");
	fflush(stdout);
	while (!exiting) {
		err = ring_buffer__poll(rb, 100 /* ms */);
		if (err == -EINTR) {
			err = 0;
			break;
		}
		if (err < 0) {
			fprintf(stderr, "error polling ring buffer: %d\n", err);
			break;
		}
		err = 0;
	}
	/* whatever is still queued belongs to the run too */
	ring_buffer__consume(rb);

cleanup:
	ring_buffer__free(rb);
	bootstrap_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
