/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Tracing helpers for BPF programs: where each architecture keeps function
 * and syscall arguments in struct pt_regs (PT_REGS_*), and wrappers that
 * turn a raw context into named, typed arguments (BPF_PROG, BPF_KPROBE,
 * BPF_KSYSCALL, BPF_UPROBE, ...).
 *
 * The target is chosen with -D__TARGET_ARCH_<arch> (the BPF target itself
 * has no notion of the traced machine); without it the host compiler's
 * predefined macros are used, which only works for non-BPF builds.
 */
#ifndef __BPF_TRACING_H__
#define __BPF_TRACING_H__

#include "bpf_helpers.h"
#include "bpf_core_read.h"

/* ---- target selection ------------------------------------------------ */

#if defined(__TARGET_ARCH_x86)
#define bpf_target_x86
#define bpf_target_defined
#elif defined(__TARGET_ARCH_s390)
#define bpf_target_s390
#define bpf_target_defined
#elif defined(__TARGET_ARCH_arm)
#define bpf_target_arm
#define bpf_target_defined
#elif defined(__TARGET_ARCH_arm64)
#define bpf_target_arm64
#define bpf_target_defined
#elif defined(__TARGET_ARCH_mips)
#define bpf_target_mips
#define bpf_target_defined
#elif defined(__TARGET_ARCH_powerpc)
#define bpf_target_powerpc
#define bpf_target_defined
#elif defined(__TARGET_ARCH_sparc)
#define bpf_target_sparc
#define bpf_target_defined
#elif defined(__TARGET_ARCH_riscv)
#define bpf_target_riscv
#define bpf_target_defined
#elif defined(__TARGET_ARCH_arc)
#define bpf_target_arc
#define bpf_target_defined
#elif defined(__TARGET_ARCH_loongarch)
#define bpf_target_loongarch
#define bpf_target_defined
#else
/* No explicit target: guess from the compiler (not for -target bpf). */
#if defined(__x86_64__) || defined(__i386__)
#define bpf_target_x86
#define bpf_target_defined
#elif defined(__s390__)
#define bpf_target_s390
#define bpf_target_defined
#elif defined(__arm__)
#define bpf_target_arm
#define bpf_target_defined
#elif defined(__aarch64__)
#define bpf_target_arm64
#define bpf_target_defined
#elif defined(__mips__)
#define bpf_target_mips
#define bpf_target_defined
#elif defined(__powerpc__)
#define bpf_target_powerpc
#define bpf_target_defined
#elif defined(__sparc__)
#define bpf_target_sparc
#define bpf_target_defined
#elif defined(__riscv) && __riscv_xlen == 64
#define bpf_target_riscv
#define bpf_target_defined
#elif defined(__arc__)
#define bpf_target_arc
#define bpf_target_defined
#elif defined(__loongarch__)
#define bpf_target_loongarch
#define bpf_target_defined
#endif
#endif

/* Emitted (as a compile error) when a PT_REGS_* macro is used without a target. */
#define __BPF_TARGET_MISSING "GCC error \"Must specify a BPF target arch via __TARGET_ARCH_xxx\""

/*
 * ---- per-architecture register layout ---------------------------------
 *
 * __PT_PARMn_REG: n-th function argument; __PT_RET_REG: return address
 * (or where it is found); __PT_FP_REG/__PT_SP_REG/__PT_IP_REG: frame,
 * stack and instruction pointers; __PT_RC_REG: return value.
 * __PT_PARMn_SYSCALL_REG: n-th syscall argument when it differs.
 * __PT_REGS_CAST: the struct whose fields these names are, if not pt_regs.
 * ___bpf_has_syscall_wrapper: 1 when syscall entry points receive a
 * pointer to the user's pt_regs as their only argument.
 */

#if defined(bpf_target_x86)

#if defined(__i386__)
/* i386 kernel is built with regparm(3). */
#if defined(__KERNEL__) || defined(__VMLINUX_H__)
#define __PT_PARM1_REG ax
#define __PT_PARM2_REG dx
#define __PT_PARM3_REG cx
#define __PT_PARM1_SYSCALL_REG bx
#define __PT_PARM2_SYSCALL_REG cx
#define __PT_PARM3_SYSCALL_REG dx
#define __PT_PARM4_SYSCALL_REG si
#define __PT_PARM5_SYSCALL_REG di
#define __PT_PARM6_SYSCALL_REG bp
#define __PT_RET_REG sp
#define __PT_FP_REG bp
#define __PT_RC_REG ax
#define __PT_SP_REG sp
#define __PT_IP_REG ip
#else
#define __PT_PARM1_REG eax
#define __PT_PARM2_REG edx
#define __PT_PARM3_REG ecx
#define __PT_PARM1_SYSCALL_REG ebx
#define __PT_PARM2_SYSCALL_REG ecx
#define __PT_PARM3_SYSCALL_REG edx
#define __PT_PARM4_SYSCALL_REG esi
#define __PT_PARM5_SYSCALL_REG edi
#define __PT_PARM6_SYSCALL_REG ebp
#define __PT_RET_REG esp
#define __PT_FP_REG ebp
#define __PT_RC_REG eax
#define __PT_SP_REG esp
#define __PT_IP_REG eip
#endif
#define ___bpf_has_syscall_wrapper 0

#else /* x86-64 */
/* The kernel's pt_regs (vmlinux.h) and the uapi one name registers differently. */
#if defined(__KERNEL__) || defined(__VMLINUX_H__)
#define __PT_PARM1_REG di
#define __PT_PARM2_REG si
#define __PT_PARM3_REG dx
#define __PT_PARM4_REG cx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_RET_REG sp
#define __PT_FP_REG bp
#define __PT_RC_REG ax
#define __PT_SP_REG sp
#define __PT_IP_REG ip
#else
#define __PT_PARM1_REG rdi
#define __PT_PARM2_REG rsi
#define __PT_PARM3_REG rdx
#define __PT_PARM4_REG rcx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_RET_REG rsp
#define __PT_FP_REG rbp
#define __PT_RC_REG rax
#define __PT_SP_REG rsp
#define __PT_IP_REG rip
#endif
/* The syscall ABI passes the 4th argument in r10 (rcx is clobbered). */
#define __PT_PARM4_SYSCALL_REG r10
#define ___bpf_has_syscall_wrapper 1
#endif

#elif defined(bpf_target_s390)

/* Kernel pt_regs starts with the uapi user_pt_regs. */
#define __PT_REGS_CAST(x) ((const user_pt_regs *)(x))
#define __PT_PARM1_REG gprs[2]
#define __PT_PARM2_REG gprs[3]
#define __PT_PARM3_REG gprs[4]
#define __PT_PARM4_REG gprs[5]
#define __PT_PARM5_REG gprs[6]
#define __PT_RET_REG gprs[14]
#define __PT_FP_REG gprs[11]
#define __PT_RC_REG gprs[2]
#define __PT_SP_REG gprs[15]
#define __PT_IP_REG psw.addr
/* gpr2 is overwritten by the return value; the kernel saves it. */
struct pt_regs___s390 {
	unsigned long orig_gpr2;
} __attribute__((preserve_access_index));
#define __PT_PARM1_SYSCALL_ORIG(x) BPF_CORE_READ((const struct pt_regs___s390 *)(x), orig_gpr2)
#define __PT_RET_IP_IN_REG
#define __PT_PARM2_SYSCALL_REG gprs[3]
#define __PT_PARM3_SYSCALL_REG gprs[4]
#define __PT_PARM4_SYSCALL_REG gprs[5]
#define __PT_PARM5_SYSCALL_REG gprs[6]
#define __PT_PARM6_SYSCALL_REG gprs[7]
#define ___bpf_has_syscall_wrapper 1

#elif defined(bpf_target_arm)

#define __PT_PARM1_REG uregs[0]
#define __PT_PARM2_REG uregs[1]
#define __PT_PARM3_REG uregs[2]
#define __PT_PARM4_REG uregs[3]
#define __PT_PARM5_SYSCALL_REG uregs[4]
#define __PT_PARM6_SYSCALL_REG uregs[5]
#define __PT_PARM7_SYSCALL_REG uregs[6]
#define __PT_RET_REG uregs[14]
#define __PT_FP_REG uregs[11]
#define __PT_RC_REG uregs[0]
#define __PT_SP_REG uregs[13]
#define __PT_IP_REG uregs[12]
#define __PT_RET_IP_IN_REG
#define ___bpf_has_syscall_wrapper 0

#elif defined(bpf_target_arm64)

#define __PT_REGS_CAST(x) ((const struct user_pt_regs *)(x))
#define __PT_PARM1_REG regs[0]
#define __PT_PARM2_REG regs[1]
#define __PT_PARM3_REG regs[2]
#define __PT_PARM4_REG regs[3]
#define __PT_PARM5_REG regs[4]
#define __PT_PARM6_REG regs[5]
#define __PT_PARM7_REG regs[6]
#define __PT_PARM8_REG regs[7]
#define __PT_RET_REG regs[30]
#define __PT_FP_REG regs[29]
#define __PT_RC_REG regs[0]
#define __PT_SP_REG sp
#define __PT_IP_REG pc
/* x0 doubles as the return register; the kernel keeps the original. */
struct pt_regs___arm64 {
	unsigned long orig_x0;
} __attribute__((preserve_access_index));
#define __PT_PARM1_SYSCALL_ORIG(x) BPF_CORE_READ((const struct pt_regs___arm64 *)(x), orig_x0)
#define __PT_RET_IP_IN_REG
#define ___bpf_has_syscall_wrapper 1

#elif defined(bpf_target_mips)

/* n64 ABI: a0..a7 are $4..$11. */
#define __PT_PARM1_REG regs[4]
#define __PT_PARM2_REG regs[5]
#define __PT_PARM3_REG regs[6]
#define __PT_PARM4_REG regs[7]
#define __PT_PARM5_REG regs[8]
#define __PT_PARM6_REG regs[9]
#define __PT_PARM7_REG regs[10]
#define __PT_PARM8_REG regs[11]
#define __PT_RET_REG regs[31]
#define __PT_FP_REG regs[30]
#define __PT_RC_REG regs[2]
#define __PT_SP_REG regs[29]
#define __PT_IP_REG cp0_epc
#define __PT_RET_IP_IN_REG
#define ___bpf_has_syscall_wrapper 0

#elif defined(bpf_target_powerpc)

#define __PT_PARM1_REG gpr[3]
#define __PT_PARM2_REG gpr[4]
#define __PT_PARM3_REG gpr[5]
#define __PT_PARM4_REG gpr[6]
#define __PT_PARM5_REG gpr[7]
#define __PT_PARM6_REG gpr[8]
#define __PT_PARM7_REG gpr[9]
#define __PT_PARM8_REG gpr[10]
#define __PT_RET_REG link
#define __PT_RC_REG gpr[3]
#define __PT_SP_REG gpr[1]
#define __PT_IP_REG nip
/* r3 carries both the first argument and the result; the kernel saves it. */
struct pt_regs___ppc {
	unsigned long orig_gpr3;
} __attribute__((preserve_access_index));
#define __PT_PARM1_SYSCALL_ORIG(x) BPF_CORE_READ((const struct pt_regs___ppc *)(x), orig_gpr3)
#define ___bpf_has_syscall_wrapper 1
#define __PT_RET_IP_IN_REG

#elif defined(bpf_target_sparc)

/* %i0..%i5 are u_regs[8..13] (UREG_I0..UREG_I5). */
#define __PT_PARM1_REG u_regs[8]
#define __PT_PARM2_REG u_regs[9]
#define __PT_PARM3_REG u_regs[10]
#define __PT_PARM4_REG u_regs[11]
#define __PT_PARM5_REG u_regs[12]
#define __PT_PARM6_REG u_regs[13]
#define __PT_RET_REG u_regs[15]
#define __PT_RC_REG u_regs[8]
#define __PT_SP_REG u_regs[14]
#if defined(__arch64__)
#define __PT_IP_REG tpc
#else
#define __PT_IP_REG pc
#endif
#define ___bpf_has_syscall_wrapper 0
#define __PT_RET_IP_IN_REG

#elif defined(bpf_target_riscv)

#define __PT_REGS_CAST(x) ((const struct user_regs_struct *)(x))
#define __PT_PARM1_REG a0
#define __PT_PARM2_REG a1
#define __PT_PARM3_REG a2
#define __PT_PARM4_REG a3
#define __PT_PARM5_REG a4
#define __PT_PARM6_REG a5
#define __PT_PARM7_REG a6
#define __PT_PARM8_REG a7
#define __PT_RET_REG ra
#define __PT_FP_REG s0
#define __PT_RC_REG a0
#define __PT_SP_REG sp
#define __PT_IP_REG pc
struct pt_regs___riscv {
	unsigned long orig_a0;
} __attribute__((preserve_access_index));
#define __PT_PARM1_SYSCALL_ORIG(x) BPF_CORE_READ((const struct pt_regs___riscv *)(x), orig_a0)
#define __PT_RET_IP_IN_REG
#define ___bpf_has_syscall_wrapper 1

#elif defined(bpf_target_arc)

#define __PT_REGS_CAST(x) ((const struct user_regs_struct *)(x))
#define __PT_PARM1_REG scratch.r0
#define __PT_PARM2_REG scratch.r1
#define __PT_PARM3_REG scratch.r2
#define __PT_PARM4_REG scratch.r3
#define __PT_PARM5_REG scratch.r4
#define __PT_PARM6_REG scratch.r5
#define __PT_PARM7_REG scratch.r6
#define __PT_PARM8_REG scratch.r7
#define __PT_RET_REG scratch.blink
#define __PT_FP_REG scratch.fp
#define __PT_RC_REG scratch.r0
#define __PT_SP_REG scratch.sp
#define __PT_IP_REG scratch.ret
#define __PT_RET_IP_IN_REG
#define ___bpf_has_syscall_wrapper 0

#elif defined(bpf_target_loongarch)

/* a0..a7 are $r4..$r11; orig_a0 is part of the uapi struct here. */
#define __PT_REGS_CAST(x) ((const struct user_pt_regs *)(x))
#define __PT_PARM1_REG regs[4]
#define __PT_PARM2_REG regs[5]
#define __PT_PARM3_REG regs[6]
#define __PT_PARM4_REG regs[7]
#define __PT_PARM5_REG regs[8]
#define __PT_PARM6_REG regs[9]
#define __PT_PARM7_REG regs[10]
#define __PT_PARM8_REG regs[11]
#define __PT_RET_REG regs[1]
#define __PT_FP_REG regs[22]
#define __PT_RC_REG regs[4]
#define __PT_SP_REG regs[3]
#define __PT_IP_REG csr_era
#define __PT_RET_IP_IN_REG
#define __PT_PARM1_SYSCALL_REG orig_a0
#define ___bpf_has_syscall_wrapper 1

#endif

#if defined(bpf_target_defined)

#ifndef __PT_REGS_CAST
#define __PT_REGS_CAST(x) (x)
#endif

/* Syscall arguments default to the function-call registers. */
#ifndef __PT_PARM1_SYSCALL_REG
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#endif
#ifndef __PT_PARM2_SYSCALL_REG
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#endif
#ifndef __PT_PARM3_SYSCALL_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#endif
#ifndef __PT_PARM4_SYSCALL_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#endif
#if !defined(__PT_PARM5_SYSCALL_REG) && defined(__PT_PARM5_REG)
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#endif
#if !defined(__PT_PARM6_SYSCALL_REG) && defined(__PT_PARM6_REG)
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#endif
#if !defined(__PT_PARM7_SYSCALL_REG) && defined(__PT_PARM7_REG)
#define __PT_PARM7_SYSCALL_REG __PT_PARM7_REG
#endif

/* Use of a register this architecture does not provide: compile error. */
#define ___bpf_no_reg(what)                                                  \
	({                                                                   \
		_Pragma("GCC error \"this PT_REGS_* register is not available on this architecture\""); \
		0l;                                                          \
	})

#define ___bpf_reg(x, reg) (__PT_REGS_CAST(x)->reg)
#define ___bpf_reg_core(x, reg) BPF_CORE_READ(__PT_REGS_CAST(x), reg)

#define PT_REGS_PARM1(x) ___bpf_reg(x, __PT_PARM1_REG)
#define PT_REGS_PARM2(x) ___bpf_reg(x, __PT_PARM2_REG)
#define PT_REGS_PARM3(x) ___bpf_reg(x, __PT_PARM3_REG)
#define PT_REGS_PARM1_CORE(x) ___bpf_reg_core(x, __PT_PARM1_REG)
#define PT_REGS_PARM2_CORE(x) ___bpf_reg_core(x, __PT_PARM2_REG)
#define PT_REGS_PARM3_CORE(x) ___bpf_reg_core(x, __PT_PARM3_REG)
#ifdef __PT_PARM4_REG
#define PT_REGS_PARM4(x) ___bpf_reg(x, __PT_PARM4_REG)
#define PT_REGS_PARM4_CORE(x) ___bpf_reg_core(x, __PT_PARM4_REG)
#else
#define PT_REGS_PARM4(x) ___bpf_no_reg("PT_REGS_PARM4")
#define PT_REGS_PARM4_CORE(x) ___bpf_no_reg("PT_REGS_PARM4_CORE")
#endif
#ifdef __PT_PARM5_REG
#define PT_REGS_PARM5(x) ___bpf_reg(x, __PT_PARM5_REG)
#define PT_REGS_PARM5_CORE(x) ___bpf_reg_core(x, __PT_PARM5_REG)
#else
#define PT_REGS_PARM5(x) ___bpf_no_reg("PT_REGS_PARM5")
#define PT_REGS_PARM5_CORE(x) ___bpf_no_reg("PT_REGS_PARM5_CORE")
#endif
#ifdef __PT_PARM6_REG
#define PT_REGS_PARM6(x) ___bpf_reg(x, __PT_PARM6_REG)
#define PT_REGS_PARM6_CORE(x) ___bpf_reg_core(x, __PT_PARM6_REG)
#else
#define PT_REGS_PARM6(x) ___bpf_no_reg("PT_REGS_PARM6")
#define PT_REGS_PARM6_CORE(x) ___bpf_no_reg("PT_REGS_PARM6_CORE")
#endif
#ifdef __PT_PARM7_REG
#define PT_REGS_PARM7(x) ___bpf_reg(x, __PT_PARM7_REG)
#define PT_REGS_PARM7_CORE(x) ___bpf_reg_core(x, __PT_PARM7_REG)
#else
#define PT_REGS_PARM7(x) ___bpf_no_reg("PT_REGS_PARM7")
#define PT_REGS_PARM7_CORE(x) ___bpf_no_reg("PT_REGS_PARM7_CORE")
#endif
#ifdef __PT_PARM8_REG
#define PT_REGS_PARM8(x) ___bpf_reg(x, __PT_PARM8_REG)
#define PT_REGS_PARM8_CORE(x) ___bpf_reg_core(x, __PT_PARM8_REG)
#else
#define PT_REGS_PARM8(x) ___bpf_no_reg("PT_REGS_PARM8")
#define PT_REGS_PARM8_CORE(x) ___bpf_no_reg("PT_REGS_PARM8_CORE")
#endif

#define PT_REGS_RET(x) ___bpf_reg(x, __PT_RET_REG)
#define PT_REGS_RC(x) ___bpf_reg(x, __PT_RC_REG)
#define PT_REGS_SP(x) ___bpf_reg(x, __PT_SP_REG)
#define PT_REGS_IP(x) ___bpf_reg(x, __PT_IP_REG)
#define PT_REGS_RET_CORE(x) ___bpf_reg_core(x, __PT_RET_REG)
#define PT_REGS_RC_CORE(x) ___bpf_reg_core(x, __PT_RC_REG)
#define PT_REGS_SP_CORE(x) ___bpf_reg_core(x, __PT_SP_REG)
#define PT_REGS_IP_CORE(x) ___bpf_reg_core(x, __PT_IP_REG)
#ifdef __PT_FP_REG
#define PT_REGS_FP(x) ___bpf_reg(x, __PT_FP_REG)
#define PT_REGS_FP_CORE(x) ___bpf_reg_core(x, __PT_FP_REG)
#else
#define PT_REGS_FP(x) ___bpf_no_reg("PT_REGS_FP")
#define PT_REGS_FP_CORE(x) ___bpf_no_reg("PT_REGS_FP_CORE")
#endif

/* Syscall arguments, read from the pt_regs the syscall was entered with. */
#ifdef __PT_PARM1_SYSCALL_ORIG
#define PT_REGS_PARM1_SYSCALL(x) __PT_PARM1_SYSCALL_ORIG(x)
#define PT_REGS_PARM1_CORE_SYSCALL(x) __PT_PARM1_SYSCALL_ORIG(x)
#else
#define PT_REGS_PARM1_SYSCALL(x) ___bpf_reg(x, __PT_PARM1_SYSCALL_REG)
#define PT_REGS_PARM1_CORE_SYSCALL(x) ___bpf_reg_core(x, __PT_PARM1_SYSCALL_REG)
#endif
#define PT_REGS_PARM2_SYSCALL(x) ___bpf_reg(x, __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_SYSCALL(x) ___bpf_reg(x, __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_SYSCALL(x) ___bpf_reg(x, __PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM2_CORE_SYSCALL(x) ___bpf_reg_core(x, __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_CORE_SYSCALL(x) ___bpf_reg_core(x, __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_CORE_SYSCALL(x) ___bpf_reg_core(x, __PT_PARM4_SYSCALL_REG)
#ifdef __PT_PARM5_SYSCALL_REG
#define PT_REGS_PARM5_SYSCALL(x) ___bpf_reg(x, __PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM5_CORE_SYSCALL(x) ___bpf_reg_core(x, __PT_PARM5_SYSCALL_REG)
#else
#define PT_REGS_PARM5_SYSCALL(x) ___bpf_no_reg("PT_REGS_PARM5_SYSCALL")
#define PT_REGS_PARM5_CORE_SYSCALL(x) ___bpf_no_reg("PT_REGS_PARM5_CORE_SYSCALL")
#endif
#ifdef __PT_PARM6_SYSCALL_REG
#define PT_REGS_PARM6_SYSCALL(x) ___bpf_reg(x, __PT_PARM6_SYSCALL_REG)
#define PT_REGS_PARM6_CORE_SYSCALL(x) ___bpf_reg_core(x, __PT_PARM6_SYSCALL_REG)
#else
#define PT_REGS_PARM6_SYSCALL(x) ___bpf_no_reg("PT_REGS_PARM6_SYSCALL")
#define PT_REGS_PARM6_CORE_SYSCALL(x) ___bpf_no_reg("PT_REGS_PARM6_CORE_SYSCALL")
#endif
/* Only some 32-bit ABIs pass a 7th syscall argument in a register. */
#ifdef __PT_PARM7_SYSCALL_REG
#define PT_REGS_PARM7_SYSCALL(x) ___bpf_reg(x, __PT_PARM7_SYSCALL_REG)
#define PT_REGS_PARM7_CORE_SYSCALL(x) ___bpf_reg_core(x, __PT_PARM7_SYSCALL_REG)
#else
#define PT_REGS_PARM7_SYSCALL(x) ___bpf_no_reg("PT_REGS_PARM7_SYSCALL")
#define PT_REGS_PARM7_CORE_SYSCALL(x) ___bpf_no_reg("PT_REGS_PARM7_CORE_SYSCALL")
#endif

/*
 * The pt_regs holding the syscall arguments, given a kprobe on the
 * syscall's entry function: with a syscall wrapper it is the entry
 * function's first argument, otherwise the probe's own registers.
 */
#if ___bpf_has_syscall_wrapper
#define PT_REGS_SYSCALL_REGS(ctx) ((struct pt_regs *)PT_REGS_PARM1(ctx))
#else
#define PT_REGS_SYSCALL_REGS(ctx) ((struct pt_regs *)(ctx))
#endif

/*
 * Return address of the probed function: in the link register on most
 * architectures, on the stack on x86.
 */
#ifdef __PT_RET_IP_IN_REG
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ({ (ip) = PT_REGS_RET(ctx); })
#define BPF_KRETPROBE_READ_RET_IP BPF_KPROBE_READ_RET_IP
#else
/* At function entry it is on top of the stack ... */
#define BPF_KPROBE_READ_RET_IP(ip, ctx)                                      \
	({ bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)PT_REGS_RET(ctx)); })
/* ... at return it sits just above the saved frame pointer. */
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx)                                   \
	({ bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)(PT_REGS_FP(ctx) + sizeof(ip))); })
#endif

#else /* !bpf_target_defined */

#define PT_REGS_PARM1(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM2(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM3(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM4(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM5(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM6(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM7(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM8(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_RET(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_FP(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_RC(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_SP(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_IP(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM1_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM2_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM3_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM4_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM5_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM6_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM7_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM8_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_RET_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_FP_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_RC_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_SP_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_IP_CORE(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM1_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM2_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM3_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM4_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM5_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM6_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM7_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM1_CORE_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM2_CORE_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM3_CORE_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM4_CORE_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM5_CORE_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM6_CORE_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM7_CORE_SYSCALL(x) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_SYSCALL_REGS(ctx) ({ _Pragma(__BPF_TARGET_MISSING); (struct pt_regs *)0; })
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) ({ _Pragma(__BPF_TARGET_MISSING); 0l; })

#endif /* bpf_target_defined */

/* ---- argument counting for the wrappers below ------------------------- */

#ifndef ___bpf_concat
#define ___bpf_concat(a, b) a##b
#endif
#ifndef ___bpf_apply
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#endif
#ifndef ___bpf_nth
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#endif
#ifndef ___bpf_narg
#define ___bpf_narg(...) ___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#endif

/* ---- BPF_PROG: tp_btf / fentry / fexit / raw_tp / LSM ------------------ */

/*
 * These programs get an array of u64, one per traced-function argument.
 * ctx, ctx[0], ctx[1], ... become the inner function's arguments.
 */
#define ___bpf_ctx_cast0() ctx
#define ___bpf_ctx_cast1(x) ___bpf_ctx_cast0(), (void *)ctx[0]
#define ___bpf_ctx_cast2(x, args...) ___bpf_ctx_cast1(args), (void *)ctx[1]
#define ___bpf_ctx_cast3(x, args...) ___bpf_ctx_cast2(args), (void *)ctx[2]
#define ___bpf_ctx_cast4(x, args...) ___bpf_ctx_cast3(args), (void *)ctx[3]
#define ___bpf_ctx_cast5(x, args...) ___bpf_ctx_cast4(args), (void *)ctx[4]
#define ___bpf_ctx_cast6(x, args...) ___bpf_ctx_cast5(args), (void *)ctx[5]
#define ___bpf_ctx_cast7(x, args...) ___bpf_ctx_cast6(args), (void *)ctx[6]
#define ___bpf_ctx_cast8(x, args...) ___bpf_ctx_cast7(args), (void *)ctx[7]
#define ___bpf_ctx_cast9(x, args...) ___bpf_ctx_cast8(args), (void *)ctx[8]
#define ___bpf_ctx_cast10(x, args...) ___bpf_ctx_cast9(args), (void *)ctx[9]
#define ___bpf_ctx_cast11(x, args...) ___bpf_ctx_cast10(args), (void *)ctx[10]
#define ___bpf_ctx_cast12(x, args...) ___bpf_ctx_cast11(args), (void *)ctx[11]
#define ___bpf_ctx_cast(args...) ___bpf_apply(___bpf_ctx_cast, ___bpf_narg(args))(args)

/*
 * `int BPF_PROG(name, struct task_struct *t, int x) { ... }` declares the
 * program entry `name(unsigned long long *ctx)` and an always-inlined
 * body that receives the typed arguments. The casts from u64 to the
 * declared types are intended, so the conversion warning is silenced.
 */
#define BPF_PROG(name, args...)                                              \
	name(unsigned long long *ctx);                                       \
	static __always_inline typeof(name(0))                               \
	____##name(unsigned long long *ctx, ##args);                         \
	typeof(name(0)) name(unsigned long long *ctx)                        \
	{                                                                    \
		_Pragma("GCC diagnostic push")                               \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")       \
		return ____##name(___bpf_ctx_cast(args));                    \
		_Pragma("GCC diagnostic pop")                                \
	}                                                                    \
	static __always_inline typeof(name(0))                               \
	____##name(unsigned long long *ctx, ##args)

/* ---- BPF_PROG2: arguments given as (type, name) pairs -------------------- */

/* Counts pairs: 2 macro arguments per function argument. */
#define ___bpf_nth2(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, \
		    _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, N, ...) N
#define ___bpf_narg2(...)                                                    \
	___bpf_nth2(_, ##__VA_ARGS__, 12, 12, 11, 11, 10, 10, 9, 9, 8, 8, 7, 7, \
		    6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0)

/* How many u64 slots a value of type t occupies (structs up to 16 bytes). */
#define ___bpf_treg_cnt(t)                                                   \
	__builtin_choose_expr(sizeof(t) == 1, 1,                             \
	__builtin_choose_expr(sizeof(t) == 2, 1,                             \
	__builtin_choose_expr(sizeof(t) == 4, 1,                             \
	__builtin_choose_expr(sizeof(t) == 8, 1,                             \
	__builtin_choose_expr(sizeof(t) == 16, 2,                            \
			      (void)0)))))

#define ___bpf_reg_cnt0() (0)
#define ___bpf_reg_cnt1(t, x) (___bpf_reg_cnt0() + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt2(t, x, args...) (___bpf_reg_cnt1(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt3(t, x, args...) (___bpf_reg_cnt2(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt4(t, x, args...) (___bpf_reg_cnt3(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt5(t, x, args...) (___bpf_reg_cnt4(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt6(t, x, args...) (___bpf_reg_cnt5(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt7(t, x, args...) (___bpf_reg_cnt6(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt8(t, x, args...) (___bpf_reg_cnt7(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt9(t, x, args...) (___bpf_reg_cnt8(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt10(t, x, args...) (___bpf_reg_cnt9(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt11(t, x, args...) (___bpf_reg_cnt10(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt12(t, x, args...) (___bpf_reg_cnt11(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt(args...) ___bpf_apply(___bpf_reg_cnt, ___bpf_narg2(args))(args)

/* Rebuild a value of type t from the u64 slot(s) starting at ctx[n]. */
#define ___bpf_union_arg(t, x, n)                                            \
	__builtin_choose_expr(sizeof(t) == 1,                                \
		({ union { __u8 z[1]; t x; } ___u = { .z = { ctx[n] } }; ___u.x; }), \
	__builtin_choose_expr(sizeof(t) == 2,                                \
		({ union { __u16 z[1]; t x; } ___u = { .z = { ctx[n] } }; ___u.x; }), \
	__builtin_choose_expr(sizeof(t) == 4,                                \
		({ union { __u32 z[1]; t x; } ___u = { .z = { ctx[n] } }; ___u.x; }), \
	__builtin_choose_expr(sizeof(t) == 8,                                \
		({ union { __u64 z[1]; t x; } ___u = { .z = { ctx[n] } }; ___u.x; }), \
	__builtin_choose_expr(sizeof(t) == 16,                               \
		({ union { __u64 z[2]; t x; } ___u = { .z = { ctx[n], ctx[n + 1] } }; ___u.x; }), \
		(void)0)))))

/* n is the total slot count; each argument starts where the rest ends. */
#define ___bpf_ctx_arg0(n, args...)
#define ___bpf_ctx_arg1(n, t, x) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt1(t, x))
#define ___bpf_ctx_arg2(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt2(t, x, args)) ___bpf_ctx_arg1(n, args)
#define ___bpf_ctx_arg3(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt3(t, x, args)) ___bpf_ctx_arg2(n, args)
#define ___bpf_ctx_arg4(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt4(t, x, args)) ___bpf_ctx_arg3(n, args)
#define ___bpf_ctx_arg5(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt5(t, x, args)) ___bpf_ctx_arg4(n, args)
#define ___bpf_ctx_arg6(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt6(t, x, args)) ___bpf_ctx_arg5(n, args)
#define ___bpf_ctx_arg7(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt7(t, x, args)) ___bpf_ctx_arg6(n, args)
#define ___bpf_ctx_arg8(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt8(t, x, args)) ___bpf_ctx_arg7(n, args)
#define ___bpf_ctx_arg9(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt9(t, x, args)) ___bpf_ctx_arg8(n, args)
#define ___bpf_ctx_arg10(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt10(t, x, args)) ___bpf_ctx_arg9(n, args)
#define ___bpf_ctx_arg11(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt11(t, x, args)) ___bpf_ctx_arg10(n, args)
#define ___bpf_ctx_arg12(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt12(t, x, args)) ___bpf_ctx_arg11(n, args)
#define ___bpf_ctx_arg(args...) ___bpf_apply(___bpf_ctx_arg, ___bpf_narg2(args))(___bpf_reg_cnt(args), args)

/* (t1, x1, t2, x2) -> ", t1 x1, t2 x2" */
#define ___bpf_ctx_decl0()
#define ___bpf_ctx_decl1(t, x) , t x
#define ___bpf_ctx_decl2(t, x, args...) , t x ___bpf_ctx_decl1(args)
#define ___bpf_ctx_decl3(t, x, args...) , t x ___bpf_ctx_decl2(args)
#define ___bpf_ctx_decl4(t, x, args...) , t x ___bpf_ctx_decl3(args)
#define ___bpf_ctx_decl5(t, x, args...) , t x ___bpf_ctx_decl4(args)
#define ___bpf_ctx_decl6(t, x, args...) , t x ___bpf_ctx_decl5(args)
#define ___bpf_ctx_decl7(t, x, args...) , t x ___bpf_ctx_decl6(args)
#define ___bpf_ctx_decl8(t, x, args...) , t x ___bpf_ctx_decl7(args)
#define ___bpf_ctx_decl9(t, x, args...) , t x ___bpf_ctx_decl8(args)
#define ___bpf_ctx_decl10(t, x, args...) , t x ___bpf_ctx_decl9(args)
#define ___bpf_ctx_decl11(t, x, args...) , t x ___bpf_ctx_decl10(args)
#define ___bpf_ctx_decl12(t, x, args...) , t x ___bpf_ctx_decl11(args)
#define ___bpf_ctx_decl(args...) ___bpf_apply(___bpf_ctx_decl, ___bpf_narg2(args))(args)

/*
 * Like BPF_PROG, but each argument is written as "type, name" so that
 * struct arguments passed by value (up to 16 bytes, two slots) are
 * reassembled correctly.
 */
#define BPF_PROG2(name, args...)                                             \
	name(unsigned long long *ctx);                                       \
	static __always_inline typeof(name(0))                               \
	____##name(unsigned long long *ctx ___bpf_ctx_decl(args));           \
	typeof(name(0)) name(unsigned long long *ctx)                        \
	{                                                                    \
		return ____##name(ctx ___bpf_ctx_arg(args));                 \
	}                                                                    \
	static __always_inline typeof(name(0))                               \
	____##name(unsigned long long *ctx ___bpf_ctx_decl(args))

/* ---- kprobes / uprobes ------------------------------------------------- */

struct pt_regs;

#define ___bpf_kprobe_args0() ctx
#define ___bpf_kprobe_args1(x) ___bpf_kprobe_args0(), (void *)PT_REGS_PARM1(ctx)
#define ___bpf_kprobe_args2(x, args...) ___bpf_kprobe_args1(args), (void *)PT_REGS_PARM2(ctx)
#define ___bpf_kprobe_args3(x, args...) ___bpf_kprobe_args2(args), (void *)PT_REGS_PARM3(ctx)
#define ___bpf_kprobe_args4(x, args...) ___bpf_kprobe_args3(args), (void *)PT_REGS_PARM4(ctx)
#define ___bpf_kprobe_args5(x, args...) ___bpf_kprobe_args4(args), (void *)PT_REGS_PARM5(ctx)
#define ___bpf_kprobe_args6(x, args...) ___bpf_kprobe_args5(args), (void *)PT_REGS_PARM6(ctx)
#define ___bpf_kprobe_args7(x, args...) ___bpf_kprobe_args6(args), (void *)PT_REGS_PARM7(ctx)
#define ___bpf_kprobe_args8(x, args...) ___bpf_kprobe_args7(args), (void *)PT_REGS_PARM8(ctx)
#define ___bpf_kprobe_args(args...) ___bpf_apply(___bpf_kprobe_args, ___bpf_narg(args))(args)

/* Function-entry probe with the probed function's arguments by name. */
#define BPF_KPROBE(name, args...)                                            \
	name(struct pt_regs *ctx);                                           \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args);                             \
	typeof(name(0)) name(struct pt_regs *ctx)                            \
	{                                                                    \
		_Pragma("GCC diagnostic push")                               \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")       \
		return ____##name(___bpf_kprobe_args(args));                 \
		_Pragma("GCC diagnostic pop")                                \
	}                                                                    \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args)

#define ___bpf_kretprobe_args0() ctx
#define ___bpf_kretprobe_args1(x) ___bpf_kretprobe_args0(), (void *)PT_REGS_RC(ctx)
#define ___bpf_kretprobe_args(args...) ___bpf_apply(___bpf_kretprobe_args, ___bpf_narg(args))(args)

/* Function-return probe; the only (optional) argument is the return value. */
#define BPF_KRETPROBE(name, args...)                                         \
	name(struct pt_regs *ctx);                                           \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args);                             \
	typeof(name(0)) name(struct pt_regs *ctx)                            \
	{                                                                    \
		_Pragma("GCC diagnostic push")                               \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")       \
		return ____##name(___bpf_kretprobe_args(args));              \
		_Pragma("GCC diagnostic pop")                                \
	}                                                                    \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args)

/* User-space probes see the same register layout. */
#define BPF_UPROBE(name, args...) BPF_KPROBE(name, ##args)
#define BPF_URETPROBE(name, args...) BPF_KRETPROBE(name, ##args)

/* ---- syscall kprobes ---------------------------------------------------- */

/* Without a wrapper the syscall's registers are the probe's own ones. */
#define ___bpf_syscall_args0() ctx
#define ___bpf_syscall_args1(x) ___bpf_syscall_args0(), (void *)PT_REGS_PARM1_SYSCALL(regs)
#define ___bpf_syscall_args2(x, args...) ___bpf_syscall_args1(args), (void *)PT_REGS_PARM2_SYSCALL(regs)
#define ___bpf_syscall_args3(x, args...) ___bpf_syscall_args2(args), (void *)PT_REGS_PARM3_SYSCALL(regs)
#define ___bpf_syscall_args4(x, args...) ___bpf_syscall_args3(args), (void *)PT_REGS_PARM4_SYSCALL(regs)
#define ___bpf_syscall_args5(x, args...) ___bpf_syscall_args4(args), (void *)PT_REGS_PARM5_SYSCALL(regs)
#define ___bpf_syscall_args6(x, args...) ___bpf_syscall_args5(args), (void *)PT_REGS_PARM6_SYSCALL(regs)
#define ___bpf_syscall_args7(x, args...) ___bpf_syscall_args6(args), (void *)PT_REGS_PARM7_SYSCALL(regs)
#define ___bpf_syscall_args(args...) ___bpf_apply(___bpf_syscall_args, ___bpf_narg(args))(args)

/* With a wrapper they are in kernel memory behind regs: probe-read them. */
#define ___bpf_syswrap_args0() ctx
#define ___bpf_syswrap_args1(x) ___bpf_syswrap_args0(), (void *)PT_REGS_PARM1_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args2(x, args...) ___bpf_syswrap_args1(args), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args3(x, args...) ___bpf_syswrap_args2(args), (void *)PT_REGS_PARM3_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args4(x, args...) ___bpf_syswrap_args3(args), (void *)PT_REGS_PARM4_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args5(x, args...) ___bpf_syswrap_args4(args), (void *)PT_REGS_PARM5_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args6(x, args...) ___bpf_syswrap_args5(args), (void *)PT_REGS_PARM6_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args7(x, args...) ___bpf_syswrap_args6(args), (void *)PT_REGS_PARM7_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args(args...) ___bpf_apply(___bpf_syswrap_args, ___bpf_narg(args))(args)

/*
 * Kprobe on a syscall entry (e.g. SEC("ksyscall/openat")) with the
 * syscall's arguments by name. Whether the kernel wraps syscalls is asked
 * from the loader at load time (LINUX_HAS_SYSCALL_WRAPPER), so one object
 * works on both kinds of kernel.
 */
#define BPF_KSYSCALL(name, args...)                                          \
	name(struct pt_regs *ctx);                                           \
	extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;                    \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args);                             \
	typeof(name(0)) name(struct pt_regs *ctx)                            \
	{                                                                    \
		struct pt_regs *regs = LINUX_HAS_SYSCALL_WRAPPER             \
				       ? (struct pt_regs *)PT_REGS_PARM1(ctx) \
				       : ctx;                                \
		(void)regs;                                                  \
		_Pragma("GCC diagnostic push")                               \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")       \
		if (LINUX_HAS_SYSCALL_WRAPPER)                               \
			return ____##name(___bpf_syswrap_args(args));        \
		else                                                         \
			return ____##name(___bpf_syscall_args(args));        \
		_Pragma("GCC diagnostic pop")                                \
	}                                                                    \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args)

#define BPF_KPROBE_SYSCALL BPF_KSYSCALL

#endif /* __BPF_TRACING_H__ */
