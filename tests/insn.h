/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Builders for struct bpf_insn, so tests can write small programs inline:
 *
 *	struct bpf_insn prog[] = {
 *		BPF_MOV64_IMM(BPF_REG_0, 7),
 *		BPF_EXIT_INSN(),
 *	};
 *
 * Each macro yields one instruction, except the 64-bit immediate loads
 * (BPF_LD_IMM64*, BPF_LD_MAP_FD, BPF_LD_MAP_VALUE), which yield two.
 */
#ifndef __BPFKIT_TEST_INSN_H
#define __BPFKIT_TEST_INSN_H

#include <linux/bpf.h>

#define BPF_RAW_INSN(c, d, s, o, i)                                          \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),     \
			    .off = (o), .imm = (i) })

/* ALU: 64-bit (ALU64) and 32-bit (ALU) forms, immediate or register. */
#define BPF_ALU64_IMM(op, d, i) BPF_RAW_INSN(BPF_ALU64 | BPF_OP(op) | BPF_K, d, 0, 0, i)
#define BPF_ALU64_REG(op, d, s) BPF_RAW_INSN(BPF_ALU64 | BPF_OP(op) | BPF_X, d, s, 0, 0)
#define BPF_ALU32_IMM(op, d, i) BPF_RAW_INSN(BPF_ALU | BPF_OP(op) | BPF_K, d, 0, 0, i)
#define BPF_ALU32_REG(op, d, s) BPF_RAW_INSN(BPF_ALU | BPF_OP(op) | BPF_X, d, s, 0, 0)
#define BPF_MOV64_IMM(d, i) BPF_ALU64_IMM(BPF_MOV, d, i)
#define BPF_MOV64_REG(d, s) BPF_ALU64_REG(BPF_MOV, d, s)
#define BPF_MOV32_IMM(d, i) BPF_ALU32_IMM(BPF_MOV, d, i)
#define BPF_MOV32_REG(d, s) BPF_ALU32_REG(BPF_MOV, d, s)

/* Memory: dst = *(size *)(src + off); *(size *)(dst + off) = src / imm. */
#define BPF_LDX_MEM(sz, d, s, o) BPF_RAW_INSN(BPF_LDX | BPF_SIZE(sz) | BPF_MEM, d, s, o, 0)
#define BPF_STX_MEM(sz, d, s, o) BPF_RAW_INSN(BPF_STX | BPF_SIZE(sz) | BPF_MEM, d, s, o, 0)
#define BPF_ST_MEM(sz, d, o, i) BPF_RAW_INSN(BPF_ST | BPF_SIZE(sz) | BPF_MEM, d, 0, o, i)
#define BPF_ATOMIC_OP(sz, op, d, s, o)                                       \
	BPF_RAW_INSN(BPF_STX | BPF_SIZE(sz) | BPF_ATOMIC, d, s, o, op)

/* 64-bit immediate in two slots; src selects a pseudo meaning. */
#define BPF_LD_IMM64_RAW(d, s, i)                                            \
	BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, d, s, 0, (__u32)(i)),        \
	BPF_RAW_INSN(0, 0, 0, 0, (__u32)(((__u64)(i)) >> 32))
#define BPF_LD_IMM64(d, i) BPF_LD_IMM64_RAW(d, 0, i)
/* dst = pointer to the map behind fd (for helper calls). */
#define BPF_LD_MAP_FD(d, fd) BPF_LD_IMM64_RAW(d, BPF_PSEUDO_MAP_FD, fd)
/* dst = address of byte off of element 0 of an array map. */
#define BPF_LD_MAP_VALUE(d, fd, off)                                         \
	BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_VALUE, 0, fd), \
	BPF_RAW_INSN(0, 0, 0, 0, off)

/* Jumps: off counts instructions after the jump. */
#define BPF_JMP_IMM(op, d, i, o) BPF_RAW_INSN(BPF_JMP | BPF_OP(op) | BPF_K, d, 0, o, i)
#define BPF_JMP_REG(op, d, s, o) BPF_RAW_INSN(BPF_JMP | BPF_OP(op) | BPF_X, d, s, o, 0)
#define BPF_JMP32_IMM(op, d, i, o) BPF_RAW_INSN(BPF_JMP32 | BPF_OP(op) | BPF_K, d, 0, o, i)
#define BPF_JMP_A(o) BPF_RAW_INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)

/* Helper call by id (BPF_FUNC_*), and program exit (returns r0). */
#define BPF_EMIT_CALL(f) BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define BPF_EXIT_INSN() BPF_RAW_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#define INSN_CNT(a) (sizeof(a) / sizeof((a)[0]))

#endif
