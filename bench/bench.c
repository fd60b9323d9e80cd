// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpfkit benchmarks, each figure next to its baseline and the ratio
 * (ours / baseline, so below 1 is better):
 *  (i)   parse + walk of vmlinux BTF: bpfkit vs the system libbpf
 *        (btf_walk built twice, run as separate processes);
 *  (ii)  vmlinux.h generation: `bpfkit btf dump ... format c` vs
 *        `bpftool btf dump ... format c`, best wall time of 5 runs and peak
 *        RSS of the child (from wait4());
 *  (iii) the object loader, per NAME=PATH object: open + close, first open
 *        in a fresh process, open + load + close (root only), with
 *        obj_open built twice like btf_walk; also open's userspace
 *        instruction count under valgrind --tool=callgrind, which unlike
 *        CPU time holds still on a busy machine.
 * usage: bench BPFKIT_CLI [BTF_PATH] [WALK_ITERS] [NAME=OBJ_PATH...]
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
		fprintf(stderr, "bench: %s failed\n", argv[0]);
		exit(1);
	}
	t0 = now_ns() - t0;
	*rss_kb = ru.ru_maxrss;
	return t0;
}

static void row(const char *what, double ours, double base, const char *unit)
{
	printf("%-40s %12.3f %-3s baseline %12.3f %-3s ratio %.3f\n", what, ours, unit, base, unit,
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
		fprintf(stderr, "bench: bad walk output:\n%s%s", out1, out2);
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
	fprintf(stderr, "bench: bad walk output:\n%s", out);
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

/* One line of obj_open output. */
struct obj_res {
	long long wall, cpu, user;
	long rss;
	int progs, maps;
};

static void obj_run(const char *side, const char *mode, const char *path, const char *iters,
		    struct obj_res *res)
{
	char bin[64], out[512];
	char *argv[] = { bin, (char *)mode, (char *)path, (char *)iters, NULL };
	long dummy;

	snprintf(bin, sizeof(bin), "./obj_open_%s", side);
	run(argv, &dummy, out, sizeof(out));
	if (sscanf(out, "mode=%*s iters=%*d wall_ns=%lld cpu_ns=%lld user_ns=%lld sys_ns=%*d "
		   "maxrss_kb=%ld progs=%d maps=%d",
		   &res->wall, &res->cpu, &res->user, &res->rss, &res->progs, &res->maps) != 6) {
		fprintf(stderr, "bench: bad obj_open output from %s %s %s:\n%s", bin, mode, path,
			out);
		exit(1);
	}
}

static void obj_min(struct obj_res *best, const struct obj_res *r, int first)
{
	if (first) {
		*best = *r;
		return;
	}
	best->wall = r->wall < best->wall ? r->wall : best->wall;
	best->cpu = r->cpu < best->cpu ? r->cpu : best->cpu;
	best->user = r->user < best->user ? r->user : best->user;
	best->rss = r->rss > best->rss ? r->rss : best->rss;
}

/* Steady state: a timed loop of about half a second per process, three
 * processes per side taken in turns, best of each figure (peak RSS: worst). */
static void obj_steady(const char *mode, const char *path, struct obj_res *o,
		       struct obj_res *l)
{
	struct obj_res r;

	for (int i = 0; i < 3; i++) {
		obj_run("ours", mode, path, "0", &r);
		obj_min(o, &r, !i);
		obj_run("libbpf", mode, path, "0", &r);
		obj_min(l, &r, !i);
	}
	if (o->progs != l->progs || o->maps != l->maps)
		printf("  WARNING: bpfkit sees %d programs/%d maps, libbpf %d/%d\n", o->progs,
		       o->maps, l->progs, l->maps);
}

/* Instructions valgrind's callgrind counts for one run; stderr holds
 * "Collected : N". Returns -1 when valgrind is missing or fails. */
static long long cg_count(const char *side, const char *path, const char *iters)
{
	char bin[64], err[8192];
	char *argv[] = { "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", bin,
			 "open", (char *)path, (char *)iters, NULL };
	int pfd[2], st;
	size_t n = 0;
	ssize_t r;
	const char *p;
	pid_t pid;

	snprintf(bin, sizeof(bin), "./obj_open_%s", side);
	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(pfd[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	while (n + 1 < sizeof(err) && (r = read(pfd[0], err + n, sizeof(err) - n - 1)) > 0)
		n += r;
	err[n] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	p = strstr(err, "Collected : ");
	return p ? atoll(p + 12) : -1;
}

/* Userspace work of one open + close as an instruction count: the
 * difference of a 30- and a 10-iteration run, over 20, so process start
 * and dynamic linking (libbpf pulls in libelf and libz) cancel out. Unlike
 * CPU time it does not move with the machine's load. */
static void obj_instr(const char *path)
{
	long long o10 = cg_count("ours", path, "10"), o30 = cg_count("ours", path, "30");
	long long l10 = cg_count("libbpf", path, "10"), l30 = cg_count("libbpf", path, "30");

	if (o10 < 0 || o30 < 0 || l10 < 0 || l30 < 0) {
		printf("  open+close instructions row skipped: valgrind not usable\n");
		return;
	}
	row("  open+close user instructions/iter", (o30 - o10) / 20e3, (l30 - l10) / 20e3, "K");
}

static void obj_bench(const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *path = eq ? eq + 1 : arg;
	long long c1[9], c2[9], w1[9], w2[9];
	struct obj_res o, l;

	obj_steady("open", path, &o, &l);
	printf("(iii) object %.*s: %s, %d programs, %d maps (bpfkit vs libbpf)\n",
	       eq ? (int)(eq - arg) : 0, arg, path, o.progs, o.maps);
	row("  open+close user CPU/iter", o.user / 1e3, l.user / 1e3, "us");
	row("  open+close user+sys CPU/iter", o.cpu / 1e3, l.cpu / 1e3, "us");
	row("  open+close wall/iter", o.wall / 1e3, l.wall / 1e3, "us");
	row("  open+close peak RSS", o.rss / 1024.0, l.rss / 1024.0, "MiB");
	printf("  target open user CPU <= 0.5 x libbpf: %s (ratio %.3f)\n",
	       o.user * 2 <= l.user ? "MET" : "NOT MET", l.user ? (double)o.user / l.user : 0.0);
	obj_instr(path);
	/* The first open in a process: one open per fresh process, median of 9;
	 * CPU from CLOCK_PROCESS_CPUTIME_ID, since rusage's user/sys split is
	 * tick sampled and too coarse for a single open. */
	for (int i = 0; i < 9; i++) {
		obj_run("ours", "open", path, "1", &o);
		c1[i] = o.cpu;
		w1[i] = o.wall;
		obj_run("libbpf", "open", path, "1", &l);
		c2[i] = l.cpu;
		w2[i] = l.wall;
	}
	qsort(c1, 9, sizeof(c1[0]), cmp_ll);
	qsort(c2, 9, sizeof(c2[0]), cmp_ll);
	qsort(w1, 9, sizeof(w1[0]), cmp_ll);
	qsort(w2, 9, sizeof(w2[0]), cmp_ll);
	row("  first open, new process CPU (med 9)", c1[4] / 1e3, c2[4] / 1e3, "us");
	row("  first open, new process wall (med 9)", w1[4] / 1e3, w2[4] / 1e3, "us");
	if (geteuid()) {
		printf("  open+load+close rows skipped: loading needs root\n");
		return;
	}
	obj_steady("load", path, &o, &l);
	row("  open+load+close wall/iter", o.wall / 1e6, l.wall / 1e6, "ms");
	row("  open+load+close user CPU/iter", o.user / 1e3, l.user / 1e3, "us");
	row("  open+load+close user+sys CPU/iter", o.cpu / 1e3, l.cpu / 1e3, "us");
	row("  open+load+close peak RSS", o.rss / 1024.0, l.rss / 1024.0, "MiB");
}

int main(int argc, char **argv)
{
	const char *cli = argc > 1 ? argv[1] : "../build/bpfkit";
	const char *path = argc > 2 ? argv[2] : "/sys/kernel/btf/vmlinux";
	const char *iters = argc > 3 ? argv[3] : "20";

	setvbuf(stdout, NULL, _IOLBF, 0);
	walk_bench(path, iters);
	cold_bench(path);
	gen_bench(cli, path);
	for (int i = 4; i < argc; i++)
		obj_bench(argv[i]);
	return 0;
}
