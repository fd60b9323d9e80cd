// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Reference for test_tc.c / test_xdp.c: built at test time against the
 * SYSTEM libbpf (no -Iinclude), it runs the netlink attach API of Debian's
 * libbpf on programs the test loaded (found by id), in the test's netns:
 *
 *   tc-attach IFINDEX in|out PROG_ID HANDLE PRIO  "handle=H prio=P id=N"
 *   tc-query IFINDEX in|out HANDLE PRIO           "id=N" or "err=-E"
 *   tc-detach IFINDEX in|out HANDLE PRIO          "ok" or "err=-E"
 *   xdp-query IFINDEX                             "mode=M id=N drv=N skb=N"
 *
 * Exit status 0 when the call printed a result line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static void set_hook(struct bpf_tc_hook *hook, char **argv)
{
	hook->ifindex = atoi(argv[0]);
	hook->attach_point = strcmp(argv[1], "in") ? BPF_TC_EGRESS : BPF_TC_INGRESS;
}

static int tc_attach(char **argv)
{
	LIBBPF_OPTS(bpf_tc_hook, hook);
	LIBBPF_OPTS(bpf_tc_opts, opts);
	int fd, err;

	set_hook(&hook, argv);
	fd = bpf_prog_get_fd_by_id(strtoul(argv[2], NULL, 0));
	if (fd < 0) {
		printf("err=%d\n", -errno);
		return 0;
	}
	opts.prog_fd = fd;
	opts.handle = strtoul(argv[3], NULL, 0);
	opts.priority = strtoul(argv[4], NULL, 0);
	err = bpf_tc_attach(&hook, &opts);
	close(fd);
	if (err)
		printf("err=%d\n", err);
	else
		printf("handle=%u prio=%u id=%u\n", opts.handle, opts.priority, opts.prog_id);
	return 0;
}

static int tc_query(char **argv, int detach)
{
	LIBBPF_OPTS(bpf_tc_hook, hook);
	LIBBPF_OPTS(bpf_tc_opts, opts);
	int err;

	set_hook(&hook, argv);
	opts.handle = strtoul(argv[2], NULL, 0);
	opts.priority = strtoul(argv[3], NULL, 0);
	err = detach ? bpf_tc_detach(&hook, &opts) : bpf_tc_query(&hook, &opts);
	if (err)
		printf("err=%d\n", err);
	else if (detach)
		printf("ok\n");
	else
		printf("id=%u\n", opts.prog_id);
	return 0;
}

static int xdp_query(char **argv)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	int err = bpf_xdp_query(atoi(argv[0]), 0, &q);

	if (err)
		printf("err=%d\n", err);
	else
		printf("mode=%u id=%u drv=%u skb=%u\n", q.attach_mode, q.prog_id, q.drv_prog_id,
		       q.skb_prog_id);
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(quiet);
	if (argc == 7 && !strcmp(argv[1], "tc-attach"))
		return tc_attach(argv + 2);
	if (argc == 6 && !strcmp(argv[1], "tc-query"))
		return tc_query(argv + 2, 0);
	if (argc == 6 && !strcmp(argv[1], "tc-detach"))
		return tc_query(argv + 2, 1);
	if (argc == 3 && !strcmp(argv[1], "xdp-query"))
		return xdp_query(argv + 2);
	fprintf(stderr, "usage: see the comment at the top of %s\n", __FILE__);
	return 2;
}
