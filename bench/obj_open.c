// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader benchmark. Built twice: against bpfkit (-I../include,
 * static lib) and against the system libbpf, so both run the same loop.
 *
 * usage: obj_open open|load PATH [ITERS]
 *   open: bpf_object__open_file() + bpf_object__close() per iteration
 *   load: open + bpf_object__load() + close per iteration (needs root)
 * ITERS 0 (the default) repeats for about half a second. With more than
 * one iteration, one untimed warm-up iteration runs first; with ITERS 1
 * the single timed open is the first one in the process.
 *
 * Prints one line: "mode=M iters=N wall_ns=W cpu_ns=C user_ns=U sys_ns=S
 * maxrss_kb=R progs=P maps=M" (times per iteration; cpu = user + sys).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include <bpf/libbpf.h>

static long long clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long tv_ns(const struct timeval *tv)
{
	return tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL;
}

static int nr_progs, nr_maps;

/* After a load, every program meant to load and every map has an fd:
 * a loader that "succeeds" without doing the work must not win. */
static int check_loaded(struct bpf_object *obj, const char *path)
{
	struct bpf_program *prog;
	struct bpf_map *map;

	bpf_object__for_each_program(prog, obj) {
		if (bpf_program__autoload(prog) && bpf_program__fd(prog) < 0) {
			fprintf(stderr, "obj_open: %s: program %s has no fd after load\n", path,
				bpf_program__name(prog));
			return -1;
		}
	}
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__fd(map) < 0) {
			fprintf(stderr, "obj_open: %s: map %s has no fd after load\n", path,
				bpf_map__name(map));
			return -1;
		}
	}
	return 0;
}

static void count(struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_map *map;

	nr_progs = nr_maps = 0;
	bpf_object__for_each_program(prog, obj)
		nr_progs++;
	bpf_object__for_each_map(map, obj)
		nr_maps++;
}

static int one_iter(const char *path, int load)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	int err;

	if (!obj || libbpf_get_error(obj)) {
		fprintf(stderr, "obj_open: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	count(obj);
	if (load) {
		err = bpf_object__load(obj);
		if (err) {
			fprintf(stderr, "obj_open: load %s: %s\n", path, strerror(-err));
			bpf_object__close(obj);
			return -1;
		}
		if (check_loaded(obj, path)) {
			bpf_object__close(obj);
			return -1;
		}
	}
	bpf_object__close(obj);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int load = !strcmp(mode, "load");
	long long w0, c0, budget = 500000000LL;
	struct rusage r0, r1;
	const char *path;
	int iters, n;

	if (argc < 3 || (!load && strcmp(mode, "open"))) {
		fprintf(stderr, "usage: obj_open open|load PATH [ITERS]\n");
		return 2;
	}
	path = argv[2];
	iters = argc > 3 ? atoi(argv[3]) : 0;
	libbpf_set_print(NULL); /* no log lines in the timed loop */
	if (iters != 1 && one_iter(path, load))
		return 1;
	getrusage(RUSAGE_SELF, &r0);
	w0 = clock_ns(CLOCK_MONOTONIC);
	c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	for (n = 0; iters > 0 ? n < iters : (n < 3 || clock_ns(CLOCK_MONOTONIC) - w0 < budget);
	     n++) {
		if (one_iter(path, load))
			return 1;
	}
	c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - c0;
	w0 = clock_ns(CLOCK_MONOTONIC) - w0;
	getrusage(RUSAGE_SELF, &r1);
	printf("mode=%s iters=%d wall_ns=%lld cpu_ns=%lld user_ns=%lld sys_ns=%lld maxrss_kb=%ld "
	       "progs=%d maps=%d minflt=%ld\n",
	       mode, n, w0 / n, c0 / n, (tv_ns(&r1.ru_utime) - tv_ns(&r0.ru_utime)) / n,
	       (tv_ns(&r1.ru_stime) - tv_ns(&r0.ru_stime)) / n, r1.ru_maxrss, nr_progs, nr_maps,
	       (r1.ru_minflt - r0.ru_minflt) / n);
	return 0;
}
