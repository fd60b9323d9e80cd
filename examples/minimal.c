// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal: counts the write(2) calls and bytes of one process (default:
 * itself) and prints the totals on exit. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "minimal.skel.h"

static volatile sig_atomic_t exiting;
static bool verbose;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-v] [-p PID] [-d SECONDS]\n", prog);
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts);
	struct minimal_bpf *skel;
	int pid = 0, duration = 0, opt, err;

	while ((opt = getopt(argc, argv, "vp:d:h")) != -1) {
		switch (opt) {
		case 'v': verbose = true; break;
		case 'p': pid = atoi(optarg); break;
		case 'd': duration = atoi(optarg); break;
		default: usage(argv[0]); return opt == 'h' ? 0 : 1;
		}
	}

	libbpf_set_print(print_fn);
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);

	skel = minimal_bpf__open_opts(&open_opts);
	if (!skel) {
		fprintf(stderr, "failed to open BPF skeleton: %s\n", strerror(errno));
		return 1;
	}
	/* a pid given on the command line becomes a load-time constant;
	 * our own pid goes through .bss after load instead */
	skel->rodata->targ_pid = pid;

	err = minimal_bpf__load(skel);
	if (err) {
		fprintf(stderr, "failed to load BPF skeleton: %d\n", err);
		goto out;
	}
	if (!pid)
		skel->bss->my_pid = getpid();

	err = minimal_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "failed to attach BPF skeleton: %d\n", err);
		goto out;
	}

	printf("ready\n");
	fflush(stdout);
	for (int t = 0; !exiting && (!duration || t < duration * 10); t++)
		usleep(100000);

	printf("writes=%llu bytes=%llu\n", (unsigned long long)skel->bss->writes,
	       (unsigned long long)skel->bss->bytes);
out:
	minimal_bpf__destroy(skel);
	return err ? 1 : 0;
}
