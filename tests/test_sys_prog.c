// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Program commands of the syscall layer: load (with and without verifier
 * log), test runs, statistics, map binding and the error paths. */
#include <linux/if_ether.h>
#include <stdlib.h>

#include "sys_common.h"

/* Packet used for test runs: an Ethernet header and a little payload. */
static unsigned char pkt[64] = {
	0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00, 0x45, 0x00, 0xde, 0xad,
};

/* A program that fails verification (r0 never written) after a few
 * instructions, so its log is a few hundred bytes at level 2. */
static const struct bpf_insn bad_insns[] = {
	BPF_MOV64_IMM(BPF_REG_1, 1),
	BPF_MOV64_IMM(BPF_REG_2, 2),
	BPF_MOV64_IMM(BPF_REG_3, 3),
	BPF_MOV64_IMM(BPF_REG_4, 4),
	BPF_MOV64_IMM(BPF_REG_5, 5),
	BPF_EXIT_INSN(),
};

/* XDP program returning the first u32 of array map fd's element 0 (0 if
 * the lookup fails). */
static int load_map_reader(int map_fd)
{
	struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_LD_MAP_FD(BPF_REG_1, map_fd),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	return bpf_prog_load(BPF_PROG_TYPE_XDP, "map_reader", "GPL", insns, INSN_CNT(insns),
			     NULL);
}

static int run_xdp(int prog, int repeat, __u32 *retval, __u32 *duration)
{
	unsigned char out[sizeof(pkt)];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .data_out = out, .data_size_out = sizeof(out), .repeat = repeat);
	int err = bpf_prog_test_run_opts(prog, &opts);

	*retval = opts.retval;
	if (duration)
		*duration = opts.duration;
	return err;
}

KTEST(sys_prog_load_fd_and_info)
{
	struct bpf_prog_info info;
	int fd = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 7);

	ASSERT_OK(fd);
	CHECK(sys_fd_good(fd), "fd %d must be > 2 and O_CLOEXEC", fd);
	info = sys_prog_info(fd);
	CHECK_EQ(info.type, BPF_PROG_TYPE_SOCKET_FILTER);
	CHECK(!strcmp(info.name, "sys_ret"), "name '%s'", info.name);
	CHECK_GT(info.id, 0);
	/* two instructions went in, as xlated_prog_len tells */
	CHECK_EQ(info.xlated_prog_len, 2 * sizeof(struct bpf_insn));
	close(fd);
}

KTEST(sys_prog_load_invalid_program)
{
	/* the verifier rejects reading an uninitialised r0 with EACCES */
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bad", "GPL", bad_insns,
				 INSN_CNT(bad_insns), NULL),
		   EACCES);
	/* an unknown program type is EINVAL */
	ASSERT_ERR(bpf_prog_load(1000, "bad", "GPL", bad_insns, INSN_CNT(bad_insns), NULL),
		   EINVAL);
}

KTEST(sys_prog_load_bad_args)
{
	struct bpf_insn insns[] = { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };
	char log[256];
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	struct {
		struct bpf_prog_load_opts o;
		int extra;
	} big;

	/* log_buf without log_size, and the reverse */
	opts.log_buf = log;
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", insns, 2, &opts),
		   EINVAL);
	opts.log_buf = NULL;
	opts.log_size = sizeof(log);
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", insns, 2, &opts),
		   EINVAL);
	opts.log_size = 0;
	opts.attach_prog_fd = 5;
	opts.attach_btf_obj_fd = 6;
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", insns, 2, &opts),
		   EINVAL);
	opts.attach_prog_fd = 0;
	opts.attach_btf_obj_fd = 0;
	opts.attempts = -1;
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", insns, 2, &opts),
		   EINVAL);
	/* no instructions */
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", NULL, 0, NULL),
		   EINVAL);
	/* a newer caller's opts with an unknown field set */
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.extra = 1;
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", insns, 2, &big.o),
		   EINVAL);
	/* the kernel refuses names outside [A-Za-z0-9_.] */
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "a-b", "GPL", insns, 2, NULL),
		   EINVAL);
}

KTEST(sys_prog_log_level_on_success)
{
	struct bpf_insn insns[] = { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() };
	char log[4096];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = sizeof(log),
		    .log_level = 2);
	int fd;

	memset(log, 'x', sizeof(log));
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "logged", "GPL", insns, 2, &opts);
	ASSERT_OK(fd);
	/* level 2 logs every instruction and a summary */
	CHECK(strstr(log, "processed 2 insns") != NULL, "log: '%.200s'", log);
	CHECK_EQ(opts.log_true_size, strlen(log) + 1);
	close(fd);
}

KTEST(sys_prog_log_small_buffer_enospc)
{
	char small[32], *full;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = small, .log_size = sizeof(small),
		    .log_level = 2);
	__u32 need;

	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bad", "GPL", bad_insns,
				 INSN_CNT(bad_insns), &opts),
		   ENOSPC);
	/* the kernel tells how much room the whole log needs */
	need = opts.log_true_size;
	ASSERT_GT(need, sizeof(small));
	CHECK_EQ(strlen(small), sizeof(small) - 1);

	/* with exactly that much room the real verdict comes back */
	full = calloc(1, need);
	ASSERT_PTR(full);
	opts.log_buf = full;
	opts.log_size = need;
	opts.log_true_size = 0;
	errno = 0;
	int ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bad", "GPL", bad_insns,
				INSN_CNT(bad_insns), &opts);
	int err = errno;
	size_t len = strlen(full);
	bool has_r0 = strstr(full, "R0 !read_ok") != NULL;

	free(full);
	CHECK_EQ(ret, -EACCES);
	CHECK_EQ(err, EACCES);
	CHECK_EQ(opts.log_true_size, need);
	CHECK_EQ(len + 1, need);
	CHECK(has_r0, "the log names the problem");
}

KTEST(sys_prog_log_only_on_failure)
{
	struct bpf_insn good[] = { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() };
	char log[4096];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = sizeof(log));
	int fd;

	/* log_level 0 with a buffer: a good load leaves the buffer alone */
	strcpy(log, "untouched");
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "good", "GPL", good, 2, &opts);
	ASSERT_OK(fd);
	close(fd);
	ASSERT_STREQ(log, "untouched");
	/* a failing one is loaded again with a log so the reason is there */
	ASSERT_ERR(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bad", "GPL", bad_insns,
				 INSN_CNT(bad_insns), &opts),
		   EACCES);
	CHECK(strstr(log, "R0 !read_ok") != NULL, "log: '%.200s'", log);
	CHECK_EQ(opts.log_true_size, strlen(log) + 1);
}

KTEST(sys_prog_test_run_retval_and_data)
{
	unsigned char out[128];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
	int fd = sys_load_ret(BPF_PROG_TYPE_XDP, XDP_TX);

	ASSERT_OK(fd);
	memset(out, 0, sizeof(out));
	ASSERT_EQ(bpf_prog_test_run_opts(fd, &opts), 0);
	CHECK_EQ(opts.retval, XDP_TX);
	/* the untouched packet comes back whole */
	CHECK_EQ(opts.data_size_out, sizeof(pkt));
	CHECK(!memcmp(out, pkt, sizeof(pkt)), "data_out differs from data_in");
	close(fd);
}

KTEST(sys_prog_test_run_repeat_duration)
{
	__u32 ret = 0, dur = 0;
	int fd = sys_load_ret(BPF_PROG_TYPE_XDP, XDP_PASS);

	ASSERT_OK(fd);
	ASSERT_EQ(run_xdp(fd, 100000, &ret, &dur), 0);
	CHECK_EQ(ret, XDP_PASS);
	/* the average time per run is reported (and is small) */
	CHECK_GT(dur, 0);
	CHECK(dur < 10000000, "duration %u ns", dur);
	close(fd);
}

KTEST(sys_prog_test_run_socket_filter)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt));
	int fd = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 0x1234);

	ASSERT_OK(fd);
	ASSERT_EQ(bpf_prog_test_run_opts(fd, &opts), 0);
	CHECK_EQ(opts.retval, 0x1234);
	close(fd);
}

KTEST(sys_prog_test_run_data_out_too_small)
{
	unsigned char out[20];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .data_out = out, .data_size_out = sizeof(out));
	int fd = sys_load_ret(BPF_PROG_TYPE_XDP, XDP_PASS);

	ASSERT_OK(fd);
	ASSERT_ERR(bpf_prog_test_run_opts(fd, &opts), ENOSPC);
	/* the full size is reported and the part that fit was copied */
	CHECK_EQ(opts.data_size_out, sizeof(pkt));
	CHECK(!memcmp(out, pkt, sizeof(out)), "partial data_out");
	close(fd);
}

KTEST(sys_prog_test_run_errors)
{
	struct {
		struct bpf_test_run_opts o;
		__u64 extra;
	} big;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = 4);
	int fd = sys_load_ret(BPF_PROG_TYPE_XDP, XDP_PASS);

	ASSERT_OK(fd);
	/* shorter than an Ethernet header */
	ASSERT_ERR(bpf_prog_test_run_opts(fd, &opts), EINVAL);
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.extra = 7;
	ASSERT_ERR(bpf_prog_test_run_opts(fd, &big.o), EINVAL);
	opts.data_size_in = sizeof(pkt);
	ASSERT_ERR(bpf_prog_test_run_opts(-1, &opts), EBADF);
	close(fd);
}

KTEST(sys_prog_reads_map_value)
{
	__u32 key = 0, val = 31337, ret = 0;
	int map, prog;

	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "rd", 4, 4, 1, NULL);
	ASSERT_OK(map);
	prog = load_map_reader(map);
	ASSERT_OK(prog);
	ASSERT_EQ(run_xdp(prog, 1, &ret, NULL), 0);
	CHECK_EQ(ret, 0);
	/* an update from user space is what the program sees next */
	ASSERT_EQ(bpf_map_update_elem(map, &key, &val, BPF_ANY), 0);
	ASSERT_EQ(run_xdp(prog, 1, &ret, NULL), 0);
	CHECK_EQ(ret, 31337);
	/* the program holds the map: it shows in the program's map ids */
	CHECK_EQ(sys_prog_info(prog).nr_map_ids, 1);
	close(prog);
	close(map);
}

static __u32 prog_map_ids(int prog, __u32 *ids, __u32 n)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = n;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_prog_get_info_by_fd(prog, &info, &len))
		return 0;
	return info.nr_map_ids;
}

KTEST(sys_prog_bind_map_shows_in_info)
{
	__u32 ids[4] = { 0 };
	int prog, map;

	prog = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 0);
	ASSERT_OK(prog);
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bound", 4, 4, 1, NULL);
	ASSERT_OK(map);
	ASSERT_EQ(prog_map_ids(prog, ids, 4), 0);
	ASSERT_EQ(bpf_prog_bind_map(prog, map, NULL), 0);
	ASSERT_EQ(prog_map_ids(prog, ids, 4), 1);
	CHECK_EQ(ids[0], sys_map_info(map).id);
	/* binding again changes nothing */
	ASSERT_EQ(bpf_prog_bind_map(prog, map, NULL), 0);
	CHECK_EQ(prog_map_ids(prog, ids, 4), 1);
	/* the program keeps the map alive after our fd is gone */
	__u32 id = ids[0];
	close(map);
	map = bpf_map_get_fd_by_id(id);
	CHECK_GE(map, 0);
	if (map >= 0)
		close(map);
	LIBBPF_OPTS(bpf_prog_bind_opts, bad, .flags = 1);
	ASSERT_ERR(bpf_prog_bind_map(prog, -1, NULL), EBADF);
	ASSERT_ERR(bpf_prog_bind_map(prog, map, &bad), EINVAL);
	close(prog);
}

KTEST(sys_prog_enable_stats_counts_runs)
{
	struct bpf_prog_info info;
	__u32 ret;
	int prog, stats;

	prog = sys_load_ret(BPF_PROG_TYPE_XDP, XDP_PASS);
	ASSERT_OK(prog);
	stats = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats < 0)
		close(prog);
	ASSERT_OK(stats);
	CHECK(sys_fd_good(stats), "stats fd %d", stats);
	__u64 before = sys_prog_info(prog).run_cnt;
	ASSERT_EQ(run_xdp(prog, 50, &ret, NULL), 0);
	info = sys_prog_info(prog);
	/* every repetition of the test run was counted and timed */
	CHECK_GE(info.run_cnt, before + 50);
	CHECK_GT(info.run_time_ns, 0);
	close(stats);
	close(prog);
	ASSERT_ERR(bpf_enable_stats(77), EINVAL);
}

KTEST(sys_prog_ids_and_fd_by_id)
{
	__u32 id, next = 0, cur = 0;
	bool found = false;
	int prog, fd2;

	prog = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 3);
	ASSERT_OK(prog);
	id = sys_prog_info(prog).id;
	while (!bpf_prog_get_next_id(cur, &next)) {
		if (next == id)
			found = true;
		cur = next;
	}
	CHECK_EQ(errno, ENOENT);
	CHECK(found, "id %u not found by BPF_PROG_GET_NEXT_ID", id);
	fd2 = bpf_prog_get_fd_by_id(id);
	ASSERT_OK(fd2);
	CHECK(sys_fd_good(fd2), "fd %d", fd2);
	CHECK(fd2 != prog, "a new fd");
	CHECK_EQ(sys_prog_info(fd2).id, id);
	close(fd2);
	close(prog);
	/* once closed the id is gone (freeing is RCU-deferred: retry a bit) */
	for (int i = 0; i < 100; i++) {
		fd2 = bpf_prog_get_fd_by_id(id);
		if (fd2 < 0)
			break;
		close(fd2);
		usleep(10000);
	}
	CHECK_EQ(fd2, -ENOENT);
}

KTEST(sys_prog_stream_read_empty)
{
	char buf[64];
	int prog = sys_load_ret(BPF_PROG_TYPE_XDP, XDP_PASS);
	int n;

	ASSERT_OK(prog);
	/* nothing was printed, so the stderr stream is empty */
	n = bpf_prog_stream_read(prog, 2, buf, sizeof(buf), NULL);
	if (n == -EINVAL || n == -EOPNOTSUPP) {
		close(prog);
		test_skip(true, "BPF_PROG_STREAM_READ_BY_FD not supported: %d", n);
	}
	CHECK_EQ(n, 0);
	/* only the stdout/stderr stream ids exist */
	n = bpf_prog_stream_read(prog, 99, buf, sizeof(buf), NULL);
	CHECK_EQ(n, -ENOENT);
	close(prog);
}

KTEST(sys_prog_test_run_ctx_in_out)
{
	struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct __sk_buff, mark)),
		BPF_EXIT_INSN(),
	};
	struct __sk_buff ctx_in, ctx_out;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .ctx_in = &ctx_in, .ctx_size_in = sizeof(ctx_in), .ctx_out = &ctx_out,
		    .ctx_size_out = sizeof(ctx_out));
	int fd;

	fd = bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, "ctx_mark", "GPL", insns, INSN_CNT(insns),
			   NULL);
	ASSERT_OK(fd);
	memset(&ctx_in, 0, sizeof(ctx_in));
	memset(&ctx_out, 0, sizeof(ctx_out));
	ctx_in.mark = 0x5a5a;
	ASSERT_EQ(bpf_prog_test_run_opts(fd, &opts), 0);
	/* the program saw our context and the kernel gave it back */
	CHECK_EQ(opts.retval, 0x5a5a);
	CHECK_EQ(opts.ctx_size_out, sizeof(ctx_out));
	CHECK_EQ(ctx_out.mark, 0x5a5a);
	/* context fields the kernel doesn't let us set are refused */
	ctx_in.pkt_type = 1;
	ASSERT_ERR(bpf_prog_test_run_opts(fd, &opts), EINVAL);
	close(fd);
}

KTEST(sys_prog_fd_array_cnt_binds_maps)
{
	struct bpf_insn insns[] = { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };
	int maps[2] = { -1, -1 }, prog;
	__u32 ids[4] = { 0 };
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .fd_array = maps, .fd_array_cnt = 2);

	maps[0] = bpf_map_create(BPF_MAP_TYPE_ARRAY, "fa0", 4, 4, 1, NULL);
	maps[1] = bpf_map_create(BPF_MAP_TYPE_ARRAY, "fa1", 4, 4, 1, NULL);
	ASSERT_OK(maps[0]);
	ASSERT_OK(maps[1]);
	/* with fd_array_cnt every map in fd_array is bound, used or not */
	prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "fa", "GPL", insns, 2, &opts);
	if (prog == -EINVAL) {
		close(maps[0]);
		close(maps[1]);
		test_skip(true, "kernel does not know fd_array_cnt (Linux < 6.14)");
	}
	ASSERT_OK(prog);
	ASSERT_EQ(prog_map_ids(prog, ids, 4), 2);
	__u32 a = sys_map_info(maps[0]).id, b = sys_map_info(maps[1]).id;
	CHECK((ids[0] == a && ids[1] == b) || (ids[0] == b && ids[1] == a),
	      "map ids %u %u, want %u %u", ids[0], ids[1], a, b);
	close(prog);
	close(maps[0]);
	close(maps[1]);
}
