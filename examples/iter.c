// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* iter: lists processes by reading a BPF task iterator (bpf_iter_create on
 * the iterator link). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "iter.skel.h"

static bool verbose;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static int dump(int iter_fd)
{
	char buf[4096];
	ssize_t n;

	/* the kernel produces the text one read at a time until EOF */
	while ((n = read(iter_fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	return n < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	struct iter_bpf *skel;
	struct bpf_link *link = NULL;
	int ppid = 0, opt, iter_fd = -1, err;

	while ((opt = getopt(argc, argv, "vP:h")) != -1) {
		switch (opt) {
		case 'v': verbose = true; break;
		case 'P': ppid = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-v] [-P PPID]\n", argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}

	libbpf_set_print(print_fn);
	signal(SIGPIPE, SIG_IGN);

	skel = iter_bpf__open();
	if (!skel) {
		fprintf(stderr, "failed to open BPF skeleton\n");
		return 1;
	}
	skel->rodata->targ_ppid = ppid;
	err = iter_bpf__load(skel);
	if (err) {
		fprintf(stderr, "failed to load BPF skeleton: %d\n", err);
		goto cleanup;
	}

	link = bpf_program__attach_iter(skel->progs.dump_procs, NULL);
	if (!link) {
		err = -errno;
		fprintf(stderr, "failed to attach iterator: %d\n", err);
		goto cleanup;
	}
	iter_fd = bpf_iter_create(bpf_link__fd(link));
	if (iter_fd < 0) {
		err = iter_fd;
		fprintf(stderr, "failed to create iterator: %d\n", err);
		goto cleanup;
	}
	printf("%-7s %-7s %s\n", "PID", "PPID", "COMM");
	fflush(stdout);
	err = dump(iter_fd);
	if (err)
		fprintf(stderr, "failed to read iterator: %d\n", err);

cleanup:
	if (iter_fd >= 0)
		close(iter_fd);
	bpf_link__destroy(link);
	iter_bpf__destroy(skel);
	return err ? 1 : 0;
}
