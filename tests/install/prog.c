// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An ordinary libbpf-style program, built by tests/test_install.c against an
 * installed bpfkit through pkg-config: creates a map, loads a program and runs
 * it with BPF_PROG_TEST_RUN. Prints "ok <retval> <value>" on success. */
#include <stdio.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

int main(void)
{
	/* r0 = 7; exit */
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 7 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1);
	__u32 key = 0;
	__u64 val = 41, out = 0;
	int map_fd, prog_fd, err;

	/* Only bpfkit's header has this: proves which header was found. */
	printf("bpfkit %s\n", bpfkit_version_string());
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "inst_map", sizeof(key), sizeof(val), 1, NULL);
	if (map_fd < 0) {
		fprintf(stderr, "map create: %d\n", map_fd);
		return 1;
	}
	err = bpf_map_update_elem(map_fd, &key, &val, BPF_ANY);
	err = err ?: bpf_map_lookup_elem(map_fd, &key, &out);
	if (err) {
		fprintf(stderr, "map update/lookup: %d\n", err);
		return 1;
	}
	prog_fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "inst_prog", "GPL", insns, 2, NULL);
	if (prog_fd < 0) {
		fprintf(stderr, "prog load: %d\n", prog_fd);
		return 1;
	}
	err = bpf_prog_test_run_opts(prog_fd, &topts);
	if (err) {
		fprintf(stderr, "test run: %d\n", err);
		return 1;
	}
	printf("ok %u %llu\n", topts.retval, (unsigned long long)out);
	close(prog_fd);
	close(map_fd);
	return 0;
}
