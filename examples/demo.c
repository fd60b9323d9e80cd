// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpfkit demo: the syscall layer end to end, without any object file.
 *
 * Creates an array map, loads a small XDP program (written as raw
 * instructions) that returns the value stored in the map, stores a value
 * from user space and runs the program in the kernel with
 * BPF_PROG_TEST_RUN. Needs root (or CAP_BPF + CAP_NET_ADMIN).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define INSN(c, d, s, o, i)                                                  \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),     \
			    .off = (o), .imm = (i) })

static const __u32 demo_value = 42;

static int fail(const char *what, int err)
{
	fprintf(stderr, "demo: %s failed: %s\n", what, strerror(err < 0 ? -err : err));
	return 1;
}

/* r0 = *(u32 *)map_lookup_elem(map, &(u32){0}) or 0 if the lookup fails. */
static int load_prog(int map_fd, char *log, size_t log_sz)
{
	struct bpf_insn insns[] = {
		INSN(BPF_ST | BPF_W | BPF_MEM, BPF_REG_10, 0, -4, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),
		INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map_fd),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 2, 0),
		INSN(BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	/* log only if loading fails (log_level 0 with a buffer) */
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = log_sz);

	return bpf_prog_load(BPF_PROG_TYPE_XDP, "demo_prog", "GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
}

static int run(int map_fd, int prog_fd)
{
	unsigned char pkt[64] = { 0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00 };
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1000);
	__u32 key = 0, seen = 0;
	int err;

	err = bpf_map_update_elem(map_fd, &key, &demo_value, BPF_ANY);
	if (err)
		return fail("bpf_map_update_elem", err);
	err = bpf_map_lookup_elem(map_fd, &key, &seen);
	if (err)
		return fail("bpf_map_lookup_elem", err);
	err = bpf_prog_test_run_opts(prog_fd, &topts);
	if (err)
		return fail("bpf_prog_test_run_opts", err);
	printf("map value:     %u\n", seen);
	printf("program ret:   %u\n", topts.retval);
	printf("duration:      %u ns per run (%d runs)\n", topts.duration, topts.repeat);
	if (topts.retval != demo_value) {
		fprintf(stderr, "demo: program returned %u, expected %u\n", topts.retval,
			demo_value);
		return 1;
	}
	return 0;
}

int main(void)
{
	static char log[64 * 1024];
	int map_fd, prog_fd, ret;

	printf("bpfkit %s (libbpf API %s)\n", bpfkit_version_string(), libbpf_version_string());
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "demo_map", sizeof(__u32), sizeof(__u32), 1,
				NULL);
	if (map_fd < 0)
		return fail("bpf_map_create (are you root?)", map_fd);
	prog_fd = load_prog(map_fd, log, sizeof(log));
	if (prog_fd < 0) {
		ret = fail("bpf_prog_load", prog_fd);
		if (log[0])
			fprintf(stderr, "verifier log:\n%s\n", log);
		close(map_fd);
		return ret;
	}
	ret = run(map_fd, prog_fd);
	close(prog_fd);
	close(map_fd);
	if (!ret)
		printf("ok\n");
	return ret;
}
