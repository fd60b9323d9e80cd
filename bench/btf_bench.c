// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BTF benchmarks, each figure next to its baseline and the ratio:
 *  (i)  parse + walk of vmlinux BTF: bpfkit vs the system libbpf
 *       (btf_walk built twice, run as separate processes);
 *  (ii) vmlinux.h generation: `bpfkit btf dump ... format c` vs
 *       `bpftool btf dump ... format c`, best wall time of 5 runs and peak
 *       RSS of the child (from wait4()).
 * usage: btf_bench BPFKIT_CLI [BTF_PATH] [WALK_ITERS]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Run argv with stdout to out_fd (or a pipe when out is non-NULL);
 * returns wall ns, fills peak RSS in KB. */
static long long run(char *const argv[], long *rss_kb, char *out, size_t out_sz)
{
	int pfd[2] = { -1, -1 }, st;
	struct rusage ru;
	long long t0;
	pid_t pid;

	if (out && pipe(pfd))
		return -1;
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = out ? pfd[1] : open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (out) {
		size_t n = 0;
		ssize_t r;

		close(pfd[1]);
		while (n + 1 < out_sz && (r = read(pfd[0], out + n, out_sz - n - 1)) > 0)
			n += r;
		out[n] = '\0';
		close(pfd[0]);
	}
	if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "btf_bench: %s failed\n", argv[0]);
		exit(1);
	}
	t0 = now_ns() - t0;
	*rss_kb = ru.ru_maxrss;
	return t0;
}

static void row(const char *what, double ours, double base, const char *unit)
{
	printf("%-34s %12.3f %-3s baseline %12.3f %-3s ratio %.3f\n", what, ours, unit, base, unit,
	       base ? ours / base : 0.0);
}

static void walk_bench(const char *path, const char *iters)
{
	char out1[256], out2[256];
	long long ns1, ns2;
	long rss1, rss2, dummy;
	char *a1[] = { "./btf_walk_ours", (char *)path, (char *)iters, NULL };
	char *a2[] = { "./btf_walk_libbpf", (char *)path, (char *)iters, NULL };

	run(a1, &dummy, out1, sizeof(out1));
	run(a2, &dummy, out2, sizeof(out2));
	if (sscanf(out1, "ns_per_iter=%lld maxrss_kb=%ld", &ns1, &rss1) != 2 ||
	    sscanf(out2, "ns_per_iter=%lld maxrss_kb=%ld", &ns2, &rss2) != 2) {
		fprintf(stderr, "btf_bench: bad walk output:\n%s%s", out1, out2);
		exit(1);
	}
	printf("(i) btf__parse + walk of %s, %s iterations (bpfkit vs libbpf)\n", path, iters);
	row("  time per iteration", ns1 / 1e6, ns2 / 1e6, "ms");
	row("  peak RSS", rss1 / 1024.0, rss2 / 1024.0, "MiB");
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* One parse + walk per fresh process, so no per-process cache (such as a
 * reused mapping of the BTF file) helps either side: median of 9 runs. */
static void cold_bench(const char *path)
{
	char *a1[] = { "./btf_walk_ours", (char *)path, "1", NULL };
	char *a2[] = { "./btf_walk_libbpf", (char *)path, "1", NULL };
	long long ns1[9], ns2[9];
	char out[256];
	long rss;

	for (int i = 0; i < 9; i++) {
		run(a1, &rss, out, sizeof(out));
		if (sscanf(out, "ns_per_iter=%lld", &ns1[i]) != 1)
			goto bad;
		run(a2, &rss, out, sizeof(out));
		if (sscanf(out, "ns_per_iter=%lld", &ns2[i]) != 1)
			goto bad;
	}
	qsort(ns1, 9, sizeof(ns1[0]), cmp_ll);
	qsort(ns2, 9, sizeof(ns2[0]), cmp_ll);
	row("  first parse, new process (med 9)", ns1[4] / 1e6, ns2[4] / 1e6, "ms");
	return;
bad:
	fprintf(stderr, "btf_bench: bad walk output:\n%s", out);
	exit(1);
}

static void gen_bench(const char *cli, const char *path)
{
	char *a1[] = { (char *)cli, "btf", "dump", "file", (char *)path, "format", "c", NULL };
	char *a2[] = { "bpftool", "btf", "dump", "file", (char *)path, "format", "c", NULL };
	long long best1 = -1, best2 = -1;
	long rss1 = 0, rss2 = 0, r;

	for (int i = 0; i < 5; i++) {
		long long t = run(a1, &r, NULL, 0);

		if (best1 < 0 || t < best1)
			best1 = t;
		rss1 = r > rss1 ? r : rss1;
		t = run(a2, &r, NULL, 0);
		if (best2 < 0 || t < best2)
			best2 = t;
		rss2 = r > rss2 ? r : rss2;
	}
	printf("(ii) vmlinux.h generation from %s (bpfkit vs bpftool, best of 5)\n", path);
	row("  wall time", best1 / 1e6, best2 / 1e6, "ms");
	row("  peak RSS", rss1 / 1024.0, rss2 / 1024.0, "MiB");
}

int main(int argc, char **argv)
{
	const char *cli = argc > 1 ? argv[1] : "../build/bpfkit";
	const char *path = argc > 2 ? argv[2] : "/sys/kernel/btf/vmlinux";
	const char *iters = argc > 3 ? argv[3] : "20";

	walk_bench(path, iters);
	cold_bench(path);
	gen_bench(cli, path);
	return 0;
}
