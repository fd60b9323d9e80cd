// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* cgroup: attaches a cgroup_skb/egress program to a cgroup (v2 directory)
 * with a BPF link and counts the UDP datagrams its processes send to a
 * port. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "cgroup.skel.h"

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
	const char *cg_path = "/sys/fs/cgroup";
	struct cgroup_bpf *skel;
	int cg_fd, port = 0, opt, err;

	while ((opt = getopt(argc, argv, "vc:p:h")) != -1) {
		switch (opt) {
		case 'v': verbose = true; break;
		case 'c': cg_path = optarg; break;
		case 'p': port = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-v] [-c CGROUP-DIR] [-p UDP-PORT]\n", argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}
	cg_fd = open(cg_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg_fd < 0) {
		fprintf(stderr, "cannot open cgroup %s: %s\n", cg_path, strerror(errno));
		return 1;
	}

	libbpf_set_print(print_fn);
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);

	skel = cgroup_bpf__open();
	if (!skel) {
		fprintf(stderr, "failed to open BPF skeleton\n");
		close(cg_fd);
		return 1;
	}
	skel->rodata->targ_port = port;
	err = cgroup_bpf__load(skel);
	if (err) {
		fprintf(stderr, "failed to load BPF skeleton: %d\n", err);
		goto cleanup;
	}
	skel->links.count_egress = bpf_program__attach_cgroup(skel->progs.count_egress, cg_fd);
	if (!skel->links.count_egress) {
		err = -errno;
		fprintf(stderr, "failed to attach to cgroup %s: %d\n", cg_path, err);
		goto cleanup;
	}

	printf("ready\n");
	fflush(stdout);
	while (!exiting)
		usleep(100000);
	printf("udp packets=%llu bytes=%llu\n", (unsigned long long)skel->bss->packets,
	       (unsigned long long)skel->bss->bytes);

cleanup:
	cgroup_bpf__destroy(skel);
	close(cg_fd);
	return err ? 1 : 0;
}
