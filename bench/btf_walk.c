// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Parse a BTF file and visit every type and every name in it, N times.
 * Built twice: against bpfkit (-I../include, static lib) and against the
 * system libbpf, so both sides run the very same walk in their own
 * process. Prints "ns_per_iter=N maxrss_kb=M checksum=C".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>

#include <bpf/btf.h>

static unsigned long name_sum(const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);

	return s ? (unsigned long)s[0] + 1 : 0;
}

static unsigned long walk(const struct btf *btf)
{
	unsigned long sum = 0;
	__u32 cnt = btf__type_cnt(btf);

	for (__u32 id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		__u16 vlen = btf_vlen(t);

		sum += btf_kind(t) + name_sum(btf, t->name_off);
		if (btf_is_composite(t)) {
			for (__u16 i = 0; i < vlen; i++)
				sum += name_sum(btf, btf_members(t)[i].name_off) +
				       btf_members(t)[i].type;
		} else if (btf_is_enum(t)) {
			for (__u16 i = 0; i < vlen; i++)
				sum += name_sum(btf, btf_enum(t)[i].name_off);
		} else if (btf_is_func_proto(t)) {
			for (__u16 i = 0; i < vlen; i++)
				sum += name_sum(btf, btf_params(t)[i].name_off);
		}
	}
	return sum;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/sys/kernel/btf/vmlinux";
	int iters = argc > 2 ? atoi(argv[2]) : 20;
	unsigned long sum = 0;
	struct rusage ru;
	long long t0;

	if (iters < 1)
		iters = 1;
	t0 = now_ns();
	for (int i = 0; i < iters; i++) {
		struct btf *btf = btf__parse(path, NULL);

		if (!btf) {
			perror("btf__parse");
			return 1;
		}
		sum += walk(btf);
		btf__free(btf);
	}
	t0 = now_ns() - t0;
	getrusage(RUSAGE_SELF, &ru);
	printf("ns_per_iter=%lld maxrss_kb=%ld checksum=%lu\n", t0 / iters, ru.ru_maxrss, sum);
	return 0;
}
