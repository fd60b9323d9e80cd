// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tc: attaches a classifier at TC ingress of an interface (clsact qdisc
 * made by bpf_tc_hook_create) and counts UDP packets to a port. */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "tc.skel.h"

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
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, tc_hook, .attach_point = BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, tc_opts, .handle = 1, .priority = 1);
	const char *ifname = "lo";
	bool hook_created = false;
	struct tc_bpf *skel;
	int port = 0, opt, err;

	while ((opt = getopt(argc, argv, "vi:p:h")) != -1) {
		switch (opt) {
		case 'v': verbose = true; break;
		case 'i': ifname = optarg; break;
		case 'p': port = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-v] [-i IFNAME] [-p UDP-PORT]\n", argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}
	tc_hook.ifindex = if_nametoindex(ifname);
	if (!tc_hook.ifindex) {
		fprintf(stderr, "no interface %s\n", ifname);
		return 1;
	}

	libbpf_set_print(print_fn);
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);

	skel = tc_bpf__open();
	if (!skel) {
		fprintf(stderr, "failed to open BPF skeleton\n");
		return 1;
	}
	skel->rodata->targ_port = port;
	err = tc_bpf__load(skel);
	if (err) {
		fprintf(stderr, "failed to load BPF skeleton: %d\n", err);
		goto cleanup;
	}

	/* an existing clsact qdisc is fine, but then it is not ours to remove */
	err = bpf_tc_hook_create(&tc_hook);
	if (!err)
		hook_created = true;
	if (err && err != -EEXIST) {
		fprintf(stderr, "failed to create TC hook: %d\n", err);
		goto cleanup;
	}

	tc_opts.prog_fd = bpf_program__fd(skel->progs.tc_ingress);
	err = bpf_tc_attach(&tc_hook, &tc_opts);
	if (err) {
		fprintf(stderr, "failed to attach TC program: %d\n", err);
		goto cleanup;
	}

	printf("ready\n");
	fflush(stdout);
	while (!exiting)
		usleep(100000);

	/* detach needs the same handle/priority and no prog_fd/prog_id */
	tc_opts.flags = tc_opts.prog_fd = tc_opts.prog_id = 0;
	err = bpf_tc_detach(&tc_hook, &tc_opts);
	if (err)
		fprintf(stderr, "failed to detach TC program: %d\n", err);
	printf("udp packets=%llu bytes=%llu\n", (unsigned long long)skel->bss->packets,
	       (unsigned long long)skel->bss->bytes);

cleanup:
	if (hook_created) {
		/* ingress alone would only flush its filters: both removes
		 * the clsact qdisc itself */
		tc_hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&tc_hook);
	}
	tc_bpf__destroy(skel);
	return err ? 1 : 0;
}
