/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Small helpers shared by the bpf() syscall-layer tests (test_sys_*.c). */
#ifndef __BPFKIT_TEST_SYS_COMMON_H
#define __BPFKIT_TEST_SYS_COMMON_H

#include <bpf/bpf.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "insn.h"
#include "test.h"

/* Every fd the library returns must be above stdio and close-on-exec. */
static inline bool sys_fd_good(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fd > 2 && fl >= 0 && (fl & FD_CLOEXEC);
}

/* Load "r0 = ret; exit" as a program of the given type; returns the fd. */
static inline int sys_load_ret(enum bpf_prog_type type, int ret)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, ret),
		BPF_EXIT_INSN(),
	};

	return bpf_prog_load(type, "sys_ret", "GPL", insns, INSN_CNT(insns), NULL);
}

static inline struct bpf_map_info sys_map_info(int fd)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_map_get_info_by_fd(fd, &info, &len))
		memset(&info, 0xff, sizeof(info));
	return info;
}

static inline struct bpf_prog_info sys_prog_info(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_prog_get_info_by_fd(fd, &info, &len))
		memset(&info, 0xff, sizeof(info));
	return info;
}

/* A name unique to this process, so parallel runs never collide. */
static inline const char *sys_uniq(const char *base)
{
	static __thread char buf[64];

	snprintf(buf, sizeof(buf), "%s_%d", base, (int)getpid() % 100000);
	return buf;
}

#endif
