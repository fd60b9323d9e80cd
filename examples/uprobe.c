// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* uprobe: puts a uprobe and a uretprobe on a function of this program,
 * found by name, calls it and prints what the probes saw. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "uprobe.h"
#include "uprobe.skel.h"

static volatile sig_atomic_t exiting;
static bool verbose;

/* the probed function: not inlined, not static, so it has a symbol */
__attribute__((noinline)) int uprobed_add(int a, int b)
{
	asm volatile("" ::: "memory");
	return a + b;
}

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

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct probe_event *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	if (e->kind == PROBE_ENTRY)
		printf("uprobed_add(%ld, %ld)\n", e->a, e->b);
	else
		printf("uprobed_add returned %ld\n", e->ret);
	fflush(stdout);
	return 0;
}

static struct bpf_link *attach(struct bpf_program *prog, bool retprobe)
{
	LIBBPF_OPTS(bpf_uprobe_opts, uopts, .func_name = "uprobed_add", .retprobe = retprobe);

	/* pid 0: this process only; offset 0 with func_name: find the symbol */
	return bpf_program__attach_uprobe_opts(prog, 0, "/proc/self/exe", 0, &uopts);
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct uprobe_bpf *skel;
	int count = 0, opt, err = 0;

	while ((opt = getopt(argc, argv, "vn:h")) != -1) {
		switch (opt) {
		case 'v': verbose = true; break;
		case 'n': count = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-v] [-n CALLS]\n", argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}

	libbpf_set_print(print_fn);
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);

	skel = uprobe_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load BPF skeleton\n");
		return 1;
	}

	/* the skeleton destroys links stored in skel->links */
	skel->links.uprobe_add = attach(skel->progs.uprobe_add, false);
	if (!skel->links.uprobe_add) {
		err = -errno;
		fprintf(stderr, "failed to attach uprobe: %d\n", err);
		goto cleanup;
	}
	skel->links.uretprobe_add = attach(skel->progs.uretprobe_add, true);
	if (!skel->links.uretprobe_add) {
		err = -errno;
		fprintf(stderr, "failed to attach uretprobe: %d\n", err);
		goto cleanup;
	}

	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "failed to create ring buffer\n");
		goto cleanup;
	}

	printf("ready\n");
	fflush(stdout);
	/* -n N: N calls, then exit; otherwise one call a second until a signal */
	for (int i = 1; !exiting && (!count || i <= count); i++) {
		uprobed_add(i, i * 10);
		err = ring_buffer__poll(rb, count ? 0 : 1000);
		if (err < 0 && err != -EINTR)
			break;
		err = 0;
	}
	ring_buffer__consume(rb);

cleanup:
	ring_buffer__free(rb);
	uprobe_bpf__destroy(skel);
	return err ? 1 : 0;
}
