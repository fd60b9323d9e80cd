// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* xdp: counts UDP packets to a port at XDP, attached either as a BPF link
 * (bpf_program__attach_xdp, default) or through netlink (bpf_xdp_attach, -N). */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/libbpf.h>
#include "xdp.skel.h"

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
	const char *ifname = "lo";
	bool netlink = false, drop = false, attached = false;
	__u32 flags = XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST;
	struct xdp_bpf *skel;
	int ifindex, port = 0, opt, err;

	while ((opt = getopt(argc, argv, "vi:p:NDh")) != -1) {
		switch (opt) {
		case 'v': verbose = true; break;
		case 'i': ifname = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'N': netlink = true; break;
		case 'D': drop = true; break;
		default:
			fprintf(stderr, "usage: %s [-v] [-N] [-D] [-i IFNAME] [-p UDP-PORT]\n",
				argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}
	ifindex = if_nametoindex(ifname);
	if (!ifindex) {
		fprintf(stderr, "no interface %s\n", ifname);
		return 1;
	}

	libbpf_set_print(print_fn);
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);

	skel = xdp_bpf__open();
	if (!skel) {
		fprintf(stderr, "failed to open BPF skeleton\n");
		return 1;
	}
	skel->rodata->targ_port = port;
	skel->rodata->drop = drop;
	err = xdp_bpf__load(skel);
	if (err) {
		fprintf(stderr, "failed to load BPF skeleton: %d\n", err);
		goto cleanup;
	}

	if (netlink) {
		err = bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.xdp_udp_count), flags, NULL);
		attached = !err;
	} else {
		skel->links.xdp_udp_count = bpf_program__attach_xdp(skel->progs.xdp_udp_count, ifindex);
		err = skel->links.xdp_udp_count ? 0 : -errno;
	}
	if (err) {
		fprintf(stderr, "failed to attach XDP program to %s: %d\n", ifname, err);
		goto cleanup;
	}

	printf("ready\n");
	fflush(stdout);
	while (!exiting)
		usleep(100000);

	printf("udp packets=%llu bytes=%llu\n", (unsigned long long)skel->bss->packets,
	       (unsigned long long)skel->bss->bytes);

cleanup:
	if (attached) {
		/* legacy attachments outlive the process: remove ours */
		if (bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL))
			fprintf(stderr, "failed to detach XDP program\n");
	}
	xdp_bpf__destroy(skel);
	return err ? 1 : 0;
}
