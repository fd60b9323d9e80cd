// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Light skeleton app (built by test_gen_loader.c against a header from
 * `bpfkit gen skeleton -L`, without linking bpfkit). Exit status 0 when
 * everything checked out, else the number of the failed step. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lskel_basic.lskel.h"

static long run(int prog_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	if (skel_sys_bpf(BPF_PROG_RUN, &attr, sizeof(attr)))
		return -1;
	return attr.test.retval;
}

static __u64 count(int map_fd, __u32 key)
{
	union bpf_attr attr;
	__u64 v = ~0ULL;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (long)&key;
	attr.value = (long)&v;
	skel_sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr));
	return v;
}

int main(void)
{
	struct lskel_basic_bpf *skel = lskel_basic_bpf__open();
	__u64 before;
	int ret = 0;

	if (!skel)
		return 10;
	/* edits before load reach the maps */
	skel->rodata->lskel_target_pid = getpid();
	skel->rodata->lskel_ro_val = 100;
	skel->data->lskel_data_val = 5;
	if (lskel_basic_bpf__load(skel)) {
		fprintf(stderr, "load failed: %m\n");
		ret = 11;
		goto out;
	}
	if (skel->rodata->lskel_ro_val != 100 || skel->maps.lskel_counts.map_fd <= 2) {
		ret = 12;
		goto out;
	}
	if (run(skel->progs.lskel_sum.prog_fd) != 100 + 5 + 1) {
		ret = 13;
		goto out;
	}
	/* the globals are the maps' memory now */
	if (skel->bss->lskel_bss_hits != 1) {
		ret = 14;
		goto out;
	}
	skel->data->lskel_data_val = 50;
	if (run(skel->progs.lskel_sum.prog_fd) != 100 + 50 + 2) {
		ret = 15;
		goto out;
	}
	if (lskel_basic_bpf__attach(skel) || skel->links.lskel_count_fd <= 2) {
		ret = 16;
		goto out;
	}
	before = count(skel->maps.lskel_counts.map_fd, 1);
	for (int i = 0; i < 10; i++)
		syscall(SYS_getppid);
	if (count(skel->maps.lskel_counts.map_fd, 1) - before < 10) {
		ret = 17;
		goto out;
	}
	lskel_basic_bpf__detach(skel);
#ifdef LSKEL_OURS
	/* ours also forgets the closed link fds */
	if (skel->links.lskel_count_fd)
		ret = 18;
#endif
out:
	lskel_basic_bpf__destroy(skel);
	return ret;
}
