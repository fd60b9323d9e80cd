// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tcpcc: registers the BPF congestion control "bpfkit_cc" (struct_ops map
 * attached with bpf_map__attach_struct_ops) until a signal, then prints
 * how many sockets used it. Sockets opt in with setsockopt(TCP_CONGESTION). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "tcpcc.skel.h"

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

int main(int argc, char **argv)
{
	struct bpf_link *link = NULL;
	struct tcpcc_bpf *skel;
	int opt, err = 0;

	while ((opt = getopt(argc, argv, "vh")) != -1) {
		switch (opt) {
		case 'v': verbose = true; break;
		default:
			fprintf(stderr, "usage: %s [-v]\n", argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}

	libbpf_set_print(print_fn);
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);

	skel = tcpcc_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load BPF skeleton: %s\n", strerror(errno));
		return 1;
	}
	/* registering the ops is what makes "bpfkit_cc" selectable */
	link = bpf_map__attach_struct_ops(skel->maps.bpfkit_cc);
	if (!link) {
		err = -errno;
		fprintf(stderr, "failed to register the congestion control: %d\n", err);
		goto cleanup;
	}

	printf("ready\n");
	fflush(stdout);
	while (!exiting)
		usleep(100000);
	printf("sockets=%llu\n", (unsigned long long)skel->bss->sockets);
	if (verbose)
		fprintf(stderr, "acks=%llu losses=%llu\n", (unsigned long long)skel->bss->acks,
			(unsigned long long)skel->bss->losses);

cleanup:
	bpf_link__destroy(link);
	tcpcc_bpf__destroy(skel);
	return err ? 1 : 0;
}
