// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Build-time check that every name libbpf's BPF-side headers offer to
 * programs exists in ours (list: libbpf v1.7.0 names from bpf-side.txt).
 * Per-architecture internals (bpf_target_*, __PT_*_REG) are left out: only
 * the selected target defines them. Never loaded.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/usdt.bpf.h>

/* macros */
#ifndef BPF_CORE_READ
#error "BPF_CORE_READ missing"
#endif
#ifndef BPF_CORE_READ_BITFIELD
#error "BPF_CORE_READ_BITFIELD missing"
#endif
#ifndef BPF_CORE_READ_BITFIELD_PROBED
#error "BPF_CORE_READ_BITFIELD_PROBED missing"
#endif
#ifndef BPF_CORE_READ_INTO
#error "BPF_CORE_READ_INTO missing"
#endif
#ifndef BPF_CORE_READ_STR_INTO
#error "BPF_CORE_READ_STR_INTO missing"
#endif
#ifndef BPF_CORE_READ_USER
#error "BPF_CORE_READ_USER missing"
#endif
#ifndef BPF_CORE_READ_USER_INTO
#error "BPF_CORE_READ_USER_INTO missing"
#endif
#ifndef BPF_CORE_READ_USER_STR_INTO
#error "BPF_CORE_READ_USER_STR_INTO missing"
#endif
#ifndef BPF_CORE_WRITE_BITFIELD
#error "BPF_CORE_WRITE_BITFIELD missing"
#endif
#ifndef BPF_PROBE_READ
#error "BPF_PROBE_READ missing"
#endif
#ifndef BPF_PROBE_READ_INTO
#error "BPF_PROBE_READ_INTO missing"
#endif
#ifndef BPF_PROBE_READ_STR_INTO
#error "BPF_PROBE_READ_STR_INTO missing"
#endif
#ifndef BPF_PROBE_READ_USER
#error "BPF_PROBE_READ_USER missing"
#endif
#ifndef BPF_PROBE_READ_USER_INTO
#error "BPF_PROBE_READ_USER_INTO missing"
#endif
#ifndef BPF_PROBE_READ_USER_STR_INTO
#error "BPF_PROBE_READ_USER_STR_INTO missing"
#endif
#ifndef __CORE_BITFIELD_PROBE_READ
#error "__CORE_BITFIELD_PROBE_READ missing"
#endif
#ifndef __CORE_RELO
#error "__CORE_RELO missing"
#endif
#ifndef ___apply
#error "___apply missing"
#endif
#ifndef ___arrow
#error "___arrow missing"
#endif
#ifndef ___arrow1
#error "___arrow1 missing"
#endif
#ifndef ___arrow10
#error "___arrow10 missing"
#endif
#ifndef ___arrow2
#error "___arrow2 missing"
#endif
#ifndef ___arrow3
#error "___arrow3 missing"
#endif
#ifndef ___arrow4
#error "___arrow4 missing"
#endif
#ifndef ___arrow5
#error "___arrow5 missing"
#endif
#ifndef ___arrow6
#error "___arrow6 missing"
#endif
#ifndef ___arrow7
#error "___arrow7 missing"
#endif
#ifndef ___arrow8
#error "___arrow8 missing"
#endif
#ifndef ___arrow9
#error "___arrow9 missing"
#endif
#ifndef ___bpf_field_ref
#error "___bpf_field_ref missing"
#endif
#ifndef ___bpf_field_ref1
#error "___bpf_field_ref1 missing"
#endif
#ifndef ___bpf_field_ref2
#error "___bpf_field_ref2 missing"
#endif
#ifndef ___bpf_typeof
#error "___bpf_typeof missing"
#endif
#ifndef ___bpf_typeof1
#error "___bpf_typeof1 missing"
#endif
#ifndef ___concat
#error "___concat missing"
#endif
#ifndef ___core_read
#error "___core_read missing"
#endif
#ifndef ___core_read0
#error "___core_read0 missing"
#endif
#ifndef ___core_readN
#error "___core_readN missing"
#endif
#ifndef ___empty
#error "___empty missing"
#endif
#ifndef ___last
#error "___last missing"
#endif
#ifndef ___last1
#error "___last1 missing"
#endif
#ifndef ___last10
#error "___last10 missing"
#endif
#ifndef ___last2
#error "___last2 missing"
#endif
#ifndef ___last3
#error "___last3 missing"
#endif
#ifndef ___last4
#error "___last4 missing"
#endif
#ifndef ___last5
#error "___last5 missing"
#endif
#ifndef ___last6
#error "___last6 missing"
#endif
#ifndef ___last7
#error "___last7 missing"
#endif
#ifndef ___last8
#error "___last8 missing"
#endif
#ifndef ___last9
#error "___last9 missing"
#endif
#ifndef ___narg
#error "___narg missing"
#endif
#ifndef ___nolast
#error "___nolast missing"
#endif
#ifndef ___nolast10
#error "___nolast10 missing"
#endif
#ifndef ___nolast2
#error "___nolast2 missing"
#endif
#ifndef ___nolast3
#error "___nolast3 missing"
#endif
#ifndef ___nolast4
#error "___nolast4 missing"
#endif
#ifndef ___nolast5
#error "___nolast5 missing"
#endif
#ifndef ___nolast6
#error "___nolast6 missing"
#endif
#ifndef ___nolast7
#error "___nolast7 missing"
#endif
#ifndef ___nolast8
#error "___nolast8 missing"
#endif
#ifndef ___nolast9
#error "___nolast9 missing"
#endif
#ifndef ___nth
#error "___nth missing"
#endif
#ifndef ___rd_first
#error "___rd_first missing"
#endif
#ifndef ___rd_last
#error "___rd_last missing"
#endif
#ifndef ___rd_p1
#error "___rd_p1 missing"
#endif
#ifndef ___rd_p2
#error "___rd_p2 missing"
#endif
#ifndef ___rd_p3
#error "___rd_p3 missing"
#endif
#ifndef ___rd_p4
#error "___rd_p4 missing"
#endif
#ifndef ___rd_p5
#error "___rd_p5 missing"
#endif
#ifndef ___rd_p6
#error "___rd_p6 missing"
#endif
#ifndef ___rd_p7
#error "___rd_p7 missing"
#endif
#ifndef ___rd_p8
#error "___rd_p8 missing"
#endif
#ifndef ___rd_p9
#error "___rd_p9 missing"
#endif
#ifndef ___read
#error "___read missing"
#endif
#ifndef ___read_ptrs
#error "___read_ptrs missing"
#endif
#ifndef ___type
#error "___type missing"
#endif
#ifndef bpf_core_cast
#error "bpf_core_cast missing"
#endif
#ifndef bpf_core_enum_value
#error "bpf_core_enum_value missing"
#endif
#ifndef bpf_core_enum_value_exists
#error "bpf_core_enum_value_exists missing"
#endif
#ifndef bpf_core_field_exists
#error "bpf_core_field_exists missing"
#endif
#ifndef bpf_core_field_offset
#error "bpf_core_field_offset missing"
#endif
#ifndef bpf_core_field_size
#error "bpf_core_field_size missing"
#endif
#ifndef bpf_core_read
#error "bpf_core_read missing"
#endif
#ifndef bpf_core_read_str
#error "bpf_core_read_str missing"
#endif
#ifndef bpf_core_read_user
#error "bpf_core_read_user missing"
#endif
#ifndef bpf_core_read_user_str
#error "bpf_core_read_user_str missing"
#endif
#ifndef bpf_core_type_exists
#error "bpf_core_type_exists missing"
#endif
#ifndef bpf_core_type_id_kernel
#error "bpf_core_type_id_kernel missing"
#endif
#ifndef bpf_core_type_id_local
#error "bpf_core_type_id_local missing"
#endif
#ifndef bpf_core_type_matches
#error "bpf_core_type_matches missing"
#endif
#ifndef bpf_core_type_size
#error "bpf_core_type_size missing"
#endif
#ifndef ___bpf_mvb
#error "___bpf_mvb missing"
#endif
#ifndef ___bpf_swab16
#error "___bpf_swab16 missing"
#endif
#ifndef ___bpf_swab32
#error "___bpf_swab32 missing"
#endif
#ifndef ___bpf_swab64
#error "___bpf_swab64 missing"
#endif
#ifndef __bpf_be64_to_cpu
#error "__bpf_be64_to_cpu missing"
#endif
#ifndef __bpf_constant_be64_to_cpu
#error "__bpf_constant_be64_to_cpu missing"
#endif
#ifndef __bpf_constant_cpu_to_be64
#error "__bpf_constant_cpu_to_be64 missing"
#endif
#ifndef __bpf_constant_htonl
#error "__bpf_constant_htonl missing"
#endif
#ifndef __bpf_constant_htons
#error "__bpf_constant_htons missing"
#endif
#ifndef __bpf_constant_ntohl
#error "__bpf_constant_ntohl missing"
#endif
#ifndef __bpf_constant_ntohs
#error "__bpf_constant_ntohs missing"
#endif
#ifndef __bpf_cpu_to_be64
#error "__bpf_cpu_to_be64 missing"
#endif
#ifndef __bpf_htonl
#error "__bpf_htonl missing"
#endif
#ifndef __bpf_htons
#error "__bpf_htons missing"
#endif
#ifndef __bpf_ntohl
#error "__bpf_ntohl missing"
#endif
#ifndef __bpf_ntohs
#error "__bpf_ntohs missing"
#endif
#ifndef bpf_be64_to_cpu
#error "bpf_be64_to_cpu missing"
#endif
#ifndef bpf_cpu_to_be64
#error "bpf_cpu_to_be64 missing"
#endif
#ifndef bpf_htonl
#error "bpf_htonl missing"
#endif
#ifndef bpf_htons
#error "bpf_htons missing"
#endif
#ifndef bpf_ntohl
#error "bpf_ntohl missing"
#endif
#ifndef bpf_ntohs
#error "bpf_ntohs missing"
#endif
#ifndef __bpf_fastcall
#error "__bpf_fastcall missing"
#endif
#ifndef BPF_PRINTK_FMT_MOD
#error "BPF_PRINTK_FMT_MOD missing"
#endif
#ifndef BPF_SEQ_PRINTF
#error "BPF_SEQ_PRINTF missing"
#endif
#ifndef BPF_SNPRINTF
#error "BPF_SNPRINTF missing"
#endif
#ifndef KERNEL_VERSION
#error "KERNEL_VERSION missing"
#endif
#ifndef NULL
#error "NULL missing"
#endif
#ifndef SEC
#error "SEC missing"
#endif
#ifndef ___bpf_apply
#error "___bpf_apply missing"
#endif
#ifndef ___bpf_concat
#error "___bpf_concat missing"
#endif
#ifndef ___bpf_fill
#error "___bpf_fill missing"
#endif
#ifndef ___bpf_fill0
#error "___bpf_fill0 missing"
#endif
#ifndef ___bpf_fill1
#error "___bpf_fill1 missing"
#endif
#ifndef ___bpf_fill10
#error "___bpf_fill10 missing"
#endif
#ifndef ___bpf_fill11
#error "___bpf_fill11 missing"
#endif
#ifndef ___bpf_fill12
#error "___bpf_fill12 missing"
#endif
#ifndef ___bpf_fill2
#error "___bpf_fill2 missing"
#endif
#ifndef ___bpf_fill3
#error "___bpf_fill3 missing"
#endif
#ifndef ___bpf_fill4
#error "___bpf_fill4 missing"
#endif
#ifndef ___bpf_fill5
#error "___bpf_fill5 missing"
#endif
#ifndef ___bpf_fill6
#error "___bpf_fill6 missing"
#endif
#ifndef ___bpf_fill7
#error "___bpf_fill7 missing"
#endif
#ifndef ___bpf_fill8
#error "___bpf_fill8 missing"
#endif
#ifndef ___bpf_fill9
#error "___bpf_fill9 missing"
#endif
#ifndef ___bpf_narg
#error "___bpf_narg missing"
#endif
#ifndef ___bpf_nth
#error "___bpf_nth missing"
#endif
#ifndef ___bpf_pick_printk
#error "___bpf_pick_printk missing"
#endif
#ifndef __always_inline
#error "__always_inline missing"
#endif
#ifndef __arg_arena
#error "__arg_arena missing"
#endif
#ifndef __arg_ctx
#error "__arg_ctx missing"
#endif
#ifndef __arg_nonnull
#error "__arg_nonnull missing"
#endif
#ifndef __arg_nullable
#error "__arg_nullable missing"
#endif
#ifndef __arg_trusted
#error "__arg_trusted missing"
#endif
#ifndef __arg_untrusted
#error "__arg_untrusted missing"
#endif
#ifndef __array
#error "__array missing"
#endif
#ifndef __bpf_printk
#error "__bpf_printk missing"
#endif
#ifndef __bpf_unreachable
#error "__bpf_unreachable missing"
#endif
#ifndef __bpf_vprintk
#error "__bpf_vprintk missing"
#endif
#ifndef __hidden
#error "__hidden missing"
#endif
#ifndef __kconfig
#error "__kconfig missing"
#endif
#ifndef __kptr
#error "__kptr missing"
#endif
#ifndef __kptr_untrusted
#error "__kptr_untrusted missing"
#endif
#ifndef __ksym
#error "__ksym missing"
#endif
#ifndef __noinline
#error "__noinline missing"
#endif
#ifndef __percpu_kptr
#error "__percpu_kptr missing"
#endif
#ifndef __type
#error "__type missing"
#endif
#ifndef __uint
#error "__uint missing"
#endif
#ifndef __ulong
#error "__ulong missing"
#endif
#ifndef __uptr
#error "__uptr missing"
#endif
#ifndef __weak
#error "__weak missing"
#endif
#ifndef barrier
#error "barrier missing"
#endif
#ifndef barrier_var
#error "barrier_var missing"
#endif
#ifndef bpf_for
#error "bpf_for missing"
#endif
#ifndef bpf_for_each
#error "bpf_for_each missing"
#endif
#ifndef bpf_ksym_exists
#error "bpf_ksym_exists missing"
#endif
#ifndef bpf_printk
#error "bpf_printk missing"
#endif
#ifndef bpf_repeat
#error "bpf_repeat missing"
#endif
#ifndef bpf_stream_printk
#error "bpf_stream_printk missing"
#endif
#ifndef container_of
#error "container_of missing"
#endif
#ifndef likely
#error "likely missing"
#endif
#ifndef offsetof
#error "offsetof missing"
#endif
#ifndef unlikely
#error "unlikely missing"
#endif
#ifndef BPF_KPROBE
#error "BPF_KPROBE missing"
#endif
#ifndef BPF_KPROBE_READ_RET_IP
#error "BPF_KPROBE_READ_RET_IP missing"
#endif
#ifndef BPF_KPROBE_SYSCALL
#error "BPF_KPROBE_SYSCALL missing"
#endif
#ifndef BPF_KRETPROBE
#error "BPF_KRETPROBE missing"
#endif
#ifndef BPF_KRETPROBE_READ_RET_IP
#error "BPF_KRETPROBE_READ_RET_IP missing"
#endif
#ifndef BPF_KSYSCALL
#error "BPF_KSYSCALL missing"
#endif
#ifndef BPF_PROG
#error "BPF_PROG missing"
#endif
#ifndef BPF_PROG2
#error "BPF_PROG2 missing"
#endif
#ifndef BPF_UPROBE
#error "BPF_UPROBE missing"
#endif
#ifndef BPF_URETPROBE
#error "BPF_URETPROBE missing"
#endif
#ifndef PT_REGS_FP
#error "PT_REGS_FP missing"
#endif
#ifndef PT_REGS_FP_CORE
#error "PT_REGS_FP_CORE missing"
#endif
#ifndef PT_REGS_IP
#error "PT_REGS_IP missing"
#endif
#ifndef PT_REGS_IP_CORE
#error "PT_REGS_IP_CORE missing"
#endif
#ifndef PT_REGS_PARM1
#error "PT_REGS_PARM1 missing"
#endif
#ifndef PT_REGS_PARM1_CORE
#error "PT_REGS_PARM1_CORE missing"
#endif
#ifndef PT_REGS_PARM1_CORE_SYSCALL
#error "PT_REGS_PARM1_CORE_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM1_SYSCALL
#error "PT_REGS_PARM1_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM2
#error "PT_REGS_PARM2 missing"
#endif
#ifndef PT_REGS_PARM2_CORE
#error "PT_REGS_PARM2_CORE missing"
#endif
#ifndef PT_REGS_PARM2_CORE_SYSCALL
#error "PT_REGS_PARM2_CORE_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM2_SYSCALL
#error "PT_REGS_PARM2_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM3
#error "PT_REGS_PARM3 missing"
#endif
#ifndef PT_REGS_PARM3_CORE
#error "PT_REGS_PARM3_CORE missing"
#endif
#ifndef PT_REGS_PARM3_CORE_SYSCALL
#error "PT_REGS_PARM3_CORE_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM3_SYSCALL
#error "PT_REGS_PARM3_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM4
#error "PT_REGS_PARM4 missing"
#endif
#ifndef PT_REGS_PARM4_CORE
#error "PT_REGS_PARM4_CORE missing"
#endif
#ifndef PT_REGS_PARM4_CORE_SYSCALL
#error "PT_REGS_PARM4_CORE_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM4_SYSCALL
#error "PT_REGS_PARM4_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM5
#error "PT_REGS_PARM5 missing"
#endif
#ifndef PT_REGS_PARM5_CORE
#error "PT_REGS_PARM5_CORE missing"
#endif
#ifndef PT_REGS_PARM5_CORE_SYSCALL
#error "PT_REGS_PARM5_CORE_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM5_SYSCALL
#error "PT_REGS_PARM5_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM6
#error "PT_REGS_PARM6 missing"
#endif
#ifndef PT_REGS_PARM6_CORE
#error "PT_REGS_PARM6_CORE missing"
#endif
#ifndef PT_REGS_PARM6_CORE_SYSCALL
#error "PT_REGS_PARM6_CORE_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM6_SYSCALL
#error "PT_REGS_PARM6_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM7
#error "PT_REGS_PARM7 missing"
#endif
#ifndef PT_REGS_PARM7_CORE
#error "PT_REGS_PARM7_CORE missing"
#endif
#ifndef PT_REGS_PARM7_CORE_SYSCALL
#error "PT_REGS_PARM7_CORE_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM7_SYSCALL
#error "PT_REGS_PARM7_SYSCALL missing"
#endif
#ifndef PT_REGS_PARM8
#error "PT_REGS_PARM8 missing"
#endif
#ifndef PT_REGS_PARM8_CORE
#error "PT_REGS_PARM8_CORE missing"
#endif
#ifndef PT_REGS_RC
#error "PT_REGS_RC missing"
#endif
#ifndef PT_REGS_RC_CORE
#error "PT_REGS_RC_CORE missing"
#endif
#ifndef PT_REGS_RET
#error "PT_REGS_RET missing"
#endif
#ifndef PT_REGS_RET_CORE
#error "PT_REGS_RET_CORE missing"
#endif
#ifndef PT_REGS_SP
#error "PT_REGS_SP missing"
#endif
#ifndef PT_REGS_SP_CORE
#error "PT_REGS_SP_CORE missing"
#endif
#ifndef PT_REGS_SYSCALL_REGS
#error "PT_REGS_SYSCALL_REGS missing"
#endif
#ifndef __BPF_TARGET_MISSING
#error "__BPF_TARGET_MISSING missing"
#endif
#ifndef ___bpf_ctx_arg
#error "___bpf_ctx_arg missing"
#endif
#ifndef ___bpf_ctx_arg0
#error "___bpf_ctx_arg0 missing"
#endif
#ifndef ___bpf_ctx_arg1
#error "___bpf_ctx_arg1 missing"
#endif
#ifndef ___bpf_ctx_arg10
#error "___bpf_ctx_arg10 missing"
#endif
#ifndef ___bpf_ctx_arg11
#error "___bpf_ctx_arg11 missing"
#endif
#ifndef ___bpf_ctx_arg12
#error "___bpf_ctx_arg12 missing"
#endif
#ifndef ___bpf_ctx_arg2
#error "___bpf_ctx_arg2 missing"
#endif
#ifndef ___bpf_ctx_arg3
#error "___bpf_ctx_arg3 missing"
#endif
#ifndef ___bpf_ctx_arg4
#error "___bpf_ctx_arg4 missing"
#endif
#ifndef ___bpf_ctx_arg5
#error "___bpf_ctx_arg5 missing"
#endif
#ifndef ___bpf_ctx_arg6
#error "___bpf_ctx_arg6 missing"
#endif
#ifndef ___bpf_ctx_arg7
#error "___bpf_ctx_arg7 missing"
#endif
#ifndef ___bpf_ctx_arg8
#error "___bpf_ctx_arg8 missing"
#endif
#ifndef ___bpf_ctx_arg9
#error "___bpf_ctx_arg9 missing"
#endif
#ifndef ___bpf_ctx_cast
#error "___bpf_ctx_cast missing"
#endif
#ifndef ___bpf_ctx_cast0
#error "___bpf_ctx_cast0 missing"
#endif
#ifndef ___bpf_ctx_cast1
#error "___bpf_ctx_cast1 missing"
#endif
#ifndef ___bpf_ctx_cast10
#error "___bpf_ctx_cast10 missing"
#endif
#ifndef ___bpf_ctx_cast11
#error "___bpf_ctx_cast11 missing"
#endif
#ifndef ___bpf_ctx_cast12
#error "___bpf_ctx_cast12 missing"
#endif
#ifndef ___bpf_ctx_cast2
#error "___bpf_ctx_cast2 missing"
#endif
#ifndef ___bpf_ctx_cast3
#error "___bpf_ctx_cast3 missing"
#endif
#ifndef ___bpf_ctx_cast4
#error "___bpf_ctx_cast4 missing"
#endif
#ifndef ___bpf_ctx_cast5
#error "___bpf_ctx_cast5 missing"
#endif
#ifndef ___bpf_ctx_cast6
#error "___bpf_ctx_cast6 missing"
#endif
#ifndef ___bpf_ctx_cast7
#error "___bpf_ctx_cast7 missing"
#endif
#ifndef ___bpf_ctx_cast8
#error "___bpf_ctx_cast8 missing"
#endif
#ifndef ___bpf_ctx_cast9
#error "___bpf_ctx_cast9 missing"
#endif
#ifndef ___bpf_ctx_decl
#error "___bpf_ctx_decl missing"
#endif
#ifndef ___bpf_ctx_decl0
#error "___bpf_ctx_decl0 missing"
#endif
#ifndef ___bpf_ctx_decl1
#error "___bpf_ctx_decl1 missing"
#endif
#ifndef ___bpf_ctx_decl10
#error "___bpf_ctx_decl10 missing"
#endif
#ifndef ___bpf_ctx_decl11
#error "___bpf_ctx_decl11 missing"
#endif
#ifndef ___bpf_ctx_decl12
#error "___bpf_ctx_decl12 missing"
#endif
#ifndef ___bpf_ctx_decl2
#error "___bpf_ctx_decl2 missing"
#endif
#ifndef ___bpf_ctx_decl3
#error "___bpf_ctx_decl3 missing"
#endif
#ifndef ___bpf_ctx_decl4
#error "___bpf_ctx_decl4 missing"
#endif
#ifndef ___bpf_ctx_decl5
#error "___bpf_ctx_decl5 missing"
#endif
#ifndef ___bpf_ctx_decl6
#error "___bpf_ctx_decl6 missing"
#endif
#ifndef ___bpf_ctx_decl7
#error "___bpf_ctx_decl7 missing"
#endif
#ifndef ___bpf_ctx_decl8
#error "___bpf_ctx_decl8 missing"
#endif
#ifndef ___bpf_ctx_decl9
#error "___bpf_ctx_decl9 missing"
#endif
#ifndef ___bpf_kprobe_args
#error "___bpf_kprobe_args missing"
#endif
#ifndef ___bpf_kprobe_args0
#error "___bpf_kprobe_args0 missing"
#endif
#ifndef ___bpf_kprobe_args1
#error "___bpf_kprobe_args1 missing"
#endif
#ifndef ___bpf_kprobe_args2
#error "___bpf_kprobe_args2 missing"
#endif
#ifndef ___bpf_kprobe_args3
#error "___bpf_kprobe_args3 missing"
#endif
#ifndef ___bpf_kprobe_args4
#error "___bpf_kprobe_args4 missing"
#endif
#ifndef ___bpf_kprobe_args5
#error "___bpf_kprobe_args5 missing"
#endif
#ifndef ___bpf_kprobe_args6
#error "___bpf_kprobe_args6 missing"
#endif
#ifndef ___bpf_kprobe_args7
#error "___bpf_kprobe_args7 missing"
#endif
#ifndef ___bpf_kprobe_args8
#error "___bpf_kprobe_args8 missing"
#endif
#ifndef ___bpf_kretprobe_args
#error "___bpf_kretprobe_args missing"
#endif
#ifndef ___bpf_kretprobe_args0
#error "___bpf_kretprobe_args0 missing"
#endif
#ifndef ___bpf_kretprobe_args1
#error "___bpf_kretprobe_args1 missing"
#endif
#ifndef ___bpf_narg2
#error "___bpf_narg2 missing"
#endif
#ifndef ___bpf_nth2
#error "___bpf_nth2 missing"
#endif
#ifndef ___bpf_reg_cnt
#error "___bpf_reg_cnt missing"
#endif
#ifndef ___bpf_reg_cnt0
#error "___bpf_reg_cnt0 missing"
#endif
#ifndef ___bpf_reg_cnt1
#error "___bpf_reg_cnt1 missing"
#endif
#ifndef ___bpf_reg_cnt10
#error "___bpf_reg_cnt10 missing"
#endif
#ifndef ___bpf_reg_cnt11
#error "___bpf_reg_cnt11 missing"
#endif
#ifndef ___bpf_reg_cnt12
#error "___bpf_reg_cnt12 missing"
#endif
#ifndef ___bpf_reg_cnt2
#error "___bpf_reg_cnt2 missing"
#endif
#ifndef ___bpf_reg_cnt3
#error "___bpf_reg_cnt3 missing"
#endif
#ifndef ___bpf_reg_cnt4
#error "___bpf_reg_cnt4 missing"
#endif
#ifndef ___bpf_reg_cnt5
#error "___bpf_reg_cnt5 missing"
#endif
#ifndef ___bpf_reg_cnt6
#error "___bpf_reg_cnt6 missing"
#endif
#ifndef ___bpf_reg_cnt7
#error "___bpf_reg_cnt7 missing"
#endif
#ifndef ___bpf_reg_cnt8
#error "___bpf_reg_cnt8 missing"
#endif
#ifndef ___bpf_reg_cnt9
#error "___bpf_reg_cnt9 missing"
#endif
#ifndef ___bpf_syscall_args
#error "___bpf_syscall_args missing"
#endif
#ifndef ___bpf_syscall_args0
#error "___bpf_syscall_args0 missing"
#endif
#ifndef ___bpf_syscall_args1
#error "___bpf_syscall_args1 missing"
#endif
#ifndef ___bpf_syscall_args2
#error "___bpf_syscall_args2 missing"
#endif
#ifndef ___bpf_syscall_args3
#error "___bpf_syscall_args3 missing"
#endif
#ifndef ___bpf_syscall_args4
#error "___bpf_syscall_args4 missing"
#endif
#ifndef ___bpf_syscall_args5
#error "___bpf_syscall_args5 missing"
#endif
#ifndef ___bpf_syscall_args6
#error "___bpf_syscall_args6 missing"
#endif
#ifndef ___bpf_syscall_args7
#error "___bpf_syscall_args7 missing"
#endif
#ifndef ___bpf_syswrap_args
#error "___bpf_syswrap_args missing"
#endif
#ifndef ___bpf_syswrap_args0
#error "___bpf_syswrap_args0 missing"
#endif
#ifndef ___bpf_syswrap_args1
#error "___bpf_syswrap_args1 missing"
#endif
#ifndef ___bpf_syswrap_args2
#error "___bpf_syswrap_args2 missing"
#endif
#ifndef ___bpf_syswrap_args3
#error "___bpf_syswrap_args3 missing"
#endif
#ifndef ___bpf_syswrap_args4
#error "___bpf_syswrap_args4 missing"
#endif
#ifndef ___bpf_syswrap_args5
#error "___bpf_syswrap_args5 missing"
#endif
#ifndef ___bpf_syswrap_args6
#error "___bpf_syswrap_args6 missing"
#endif
#ifndef ___bpf_syswrap_args7
#error "___bpf_syswrap_args7 missing"
#endif
#ifndef ___bpf_treg_cnt
#error "___bpf_treg_cnt missing"
#endif
#ifndef ___bpf_union_arg
#error "___bpf_union_arg missing"
#endif
#ifndef BPF_USDT
#error "BPF_USDT missing"
#endif
#ifndef BPF_USDT_MAX_ARG_CNT
#error "BPF_USDT_MAX_ARG_CNT missing"
#endif
#ifndef BPF_USDT_MAX_IP_CNT
#error "BPF_USDT_MAX_IP_CNT missing"
#endif
#ifndef BPF_USDT_MAX_SPEC_CNT
#error "BPF_USDT_MAX_SPEC_CNT missing"
#endif
#ifndef ___bpf_usdt_args
#error "___bpf_usdt_args missing"
#endif
#ifndef ___bpf_usdt_args0
#error "___bpf_usdt_args0 missing"
#endif
#ifndef ___bpf_usdt_args1
#error "___bpf_usdt_args1 missing"
#endif
#ifndef ___bpf_usdt_args10
#error "___bpf_usdt_args10 missing"
#endif
#ifndef ___bpf_usdt_args11
#error "___bpf_usdt_args11 missing"
#endif
#ifndef ___bpf_usdt_args12
#error "___bpf_usdt_args12 missing"
#endif
#ifndef ___bpf_usdt_args2
#error "___bpf_usdt_args2 missing"
#endif
#ifndef ___bpf_usdt_args3
#error "___bpf_usdt_args3 missing"
#endif
#ifndef ___bpf_usdt_args4
#error "___bpf_usdt_args4 missing"
#endif
#ifndef ___bpf_usdt_args5
#error "___bpf_usdt_args5 missing"
#endif
#ifndef ___bpf_usdt_args6
#error "___bpf_usdt_args6 missing"
#endif
#ifndef ___bpf_usdt_args7
#error "___bpf_usdt_args7 missing"
#endif
#ifndef ___bpf_usdt_args8
#error "___bpf_usdt_args8 missing"
#endif
#ifndef ___bpf_usdt_args9
#error "___bpf_usdt_args9 missing"
#endif

/* enum constants, kconfig externs; functions, kfuncs and helpers (unevaluated) */
SEC("tc")
int all_names(struct __sk_buff *skb)
{
	unsigned long sum = 0;

	sum += BPF_ENUMVAL_EXISTS;
	sum += BPF_ENUMVAL_VALUE;
	sum += BPF_FIELD_BYTE_OFFSET;
	sum += BPF_FIELD_BYTE_SIZE;
	sum += BPF_FIELD_EXISTS;
	sum += BPF_FIELD_LSHIFT_U64;
	sum += BPF_FIELD_RSHIFT_U64;
	sum += BPF_FIELD_SIGNED;
	sum += BPF_TYPE_EXISTS;
	sum += BPF_TYPE_ID_LOCAL;
	sum += BPF_TYPE_ID_TARGET;
	sum += BPF_TYPE_MATCHES;
	sum += BPF_TYPE_SIZE;
	sum += sizeof(&bpf_rdonly_cast);
	sum += sizeof(&bpf_bind);
	sum += sizeof(&bpf_bprm_opts_set);
	sum += sizeof(&bpf_btf_find_by_name_kind);
	sum += sizeof(&bpf_cgrp_storage_delete);
	sum += sizeof(&bpf_cgrp_storage_get);
	sum += sizeof(&bpf_check_mtu);
	sum += sizeof(&bpf_clone_redirect);
	sum += sizeof(&bpf_copy_from_user);
	sum += sizeof(&bpf_copy_from_user_task);
	sum += sizeof(&bpf_csum_diff);
	sum += sizeof(&bpf_csum_level);
	sum += sizeof(&bpf_csum_update);
	sum += sizeof(&bpf_current_task_under_cgroup);
	sum += sizeof(&bpf_d_path);
	sum += sizeof(&bpf_dynptr_data);
	sum += sizeof(&bpf_dynptr_from_mem);
	sum += sizeof(&bpf_dynptr_read);
	sum += sizeof(&bpf_dynptr_write);
	sum += sizeof(&bpf_fib_lookup);
	sum += sizeof(&bpf_find_vma);
	sum += sizeof(&bpf_for_each_map_elem);
	sum += sizeof(&bpf_get_attach_cookie);
	sum += sizeof(&bpf_get_branch_snapshot);
	sum += sizeof(&bpf_get_cgroup_classid);
	sum += sizeof(&bpf_get_current_ancestor_cgroup_id);
	sum += sizeof(&bpf_get_current_cgroup_id);
	sum += sizeof(&bpf_get_current_comm);
	sum += sizeof(&bpf_get_current_pid_tgid);
	sum += sizeof(&bpf_get_current_task);
	sum += sizeof(&bpf_get_current_task_btf);
	sum += sizeof(&bpf_get_current_uid_gid);
	sum += sizeof(&bpf_get_func_arg);
	sum += sizeof(&bpf_get_func_arg_cnt);
	sum += sizeof(&bpf_get_func_ip);
	sum += sizeof(&bpf_get_func_ret);
	sum += sizeof(&bpf_get_hash_recalc);
	sum += sizeof(&bpf_get_listener_sock);
	sum += sizeof(&bpf_get_local_storage);
	sum += sizeof(&bpf_get_netns_cookie);
	sum += sizeof(&bpf_get_ns_current_pid_tgid);
	sum += sizeof(&bpf_get_numa_node_id);
	sum += sizeof(&bpf_get_prandom_u32);
	sum += sizeof(&bpf_get_retval);
	sum += sizeof(&bpf_get_route_realm);
	sum += sizeof(&bpf_get_smp_processor_id);
	sum += sizeof(&bpf_get_socket_cookie);
	sum += sizeof(&bpf_get_socket_uid);
	sum += sizeof(&bpf_get_stack);
	sum += sizeof(&bpf_get_stackid);
	sum += sizeof(&bpf_get_task_stack);
	sum += sizeof(&bpf_getsockopt);
	sum += sizeof(&bpf_ima_file_hash);
	sum += sizeof(&bpf_ima_inode_hash);
	sum += sizeof(&bpf_inode_storage_delete);
	sum += sizeof(&bpf_inode_storage_get);
	sum += sizeof(&bpf_jiffies64);
	sum += sizeof(&bpf_kallsyms_lookup_name);
	sum += sizeof(&bpf_kptr_xchg);
	sum += sizeof(&bpf_ktime_get_boot_ns);
	sum += sizeof(&bpf_ktime_get_coarse_ns);
	sum += sizeof(&bpf_ktime_get_ns);
	sum += sizeof(&bpf_ktime_get_tai_ns);
	sum += sizeof(&bpf_l3_csum_replace);
	sum += sizeof(&bpf_l4_csum_replace);
	sum += sizeof(&bpf_load_hdr_opt);
	sum += sizeof(&bpf_loop);
	sum += sizeof(&bpf_lwt_push_encap);
	sum += sizeof(&bpf_lwt_seg6_action);
	sum += sizeof(&bpf_lwt_seg6_adjust_srh);
	sum += sizeof(&bpf_lwt_seg6_store_bytes);
	sum += sizeof(&bpf_map_delete_elem);
	sum += sizeof(&bpf_map_lookup_elem);
	sum += sizeof(&bpf_map_lookup_percpu_elem);
	sum += sizeof(&bpf_map_peek_elem);
	sum += sizeof(&bpf_map_pop_elem);
	sum += sizeof(&bpf_map_push_elem);
	sum += sizeof(&bpf_map_update_elem);
	sum += sizeof(&bpf_msg_apply_bytes);
	sum += sizeof(&bpf_msg_cork_bytes);
	sum += sizeof(&bpf_msg_pop_data);
	sum += sizeof(&bpf_msg_pull_data);
	sum += sizeof(&bpf_msg_push_data);
	sum += sizeof(&bpf_msg_redirect_hash);
	sum += sizeof(&bpf_msg_redirect_map);
	sum += sizeof(&bpf_override_return);
	sum += sizeof(&bpf_per_cpu_ptr);
	sum += sizeof(&bpf_perf_event_output);
	sum += sizeof(&bpf_perf_event_read);
	sum += sizeof(&bpf_perf_event_read_value);
	sum += sizeof(&bpf_perf_prog_read_value);
	sum += sizeof(&bpf_probe_read);
	sum += sizeof(&bpf_probe_read_kernel);
	sum += sizeof(&bpf_probe_read_kernel_str);
	sum += sizeof(&bpf_probe_read_str);
	sum += sizeof(&bpf_probe_read_user);
	sum += sizeof(&bpf_probe_read_user_str);
	sum += sizeof(&bpf_probe_write_user);
	sum += sizeof(&bpf_rc_keydown);
	sum += sizeof(&bpf_rc_pointer_rel);
	sum += sizeof(&bpf_rc_repeat);
	sum += sizeof(&bpf_read_branch_records);
	sum += sizeof(&bpf_redirect);
	sum += sizeof(&bpf_redirect_map);
	sum += sizeof(&bpf_redirect_neigh);
	sum += sizeof(&bpf_redirect_peer);
	sum += sizeof(&bpf_reserve_hdr_opt);
	sum += sizeof(&bpf_ringbuf_discard);
	sum += sizeof(&bpf_ringbuf_discard_dynptr);
	sum += sizeof(&bpf_ringbuf_output);
	sum += sizeof(&bpf_ringbuf_query);
	sum += sizeof(&bpf_ringbuf_reserve);
	sum += sizeof(&bpf_ringbuf_reserve_dynptr);
	sum += sizeof(&bpf_ringbuf_submit);
	sum += sizeof(&bpf_ringbuf_submit_dynptr);
	sum += sizeof(&bpf_send_signal);
	sum += sizeof(&bpf_send_signal_thread);
	sum += sizeof(&bpf_seq_printf);
	sum += sizeof(&bpf_seq_printf_btf);
	sum += sizeof(&bpf_seq_write);
	sum += sizeof(&bpf_set_hash);
	sum += sizeof(&bpf_set_hash_invalid);
	sum += sizeof(&bpf_set_retval);
	sum += sizeof(&bpf_setsockopt);
	sum += sizeof(&bpf_sk_ancestor_cgroup_id);
	sum += sizeof(&bpf_sk_assign);
	sum += sizeof(&bpf_sk_cgroup_id);
	sum += sizeof(&bpf_sk_fullsock);
	sum += sizeof(&bpf_sk_lookup_tcp);
	sum += sizeof(&bpf_sk_lookup_udp);
	sum += sizeof(&bpf_sk_redirect_hash);
	sum += sizeof(&bpf_sk_redirect_map);
	sum += sizeof(&bpf_sk_release);
	sum += sizeof(&bpf_sk_select_reuseport);
	sum += sizeof(&bpf_sk_storage_delete);
	sum += sizeof(&bpf_sk_storage_get);
	sum += sizeof(&bpf_skb_adjust_room);
	sum += sizeof(&bpf_skb_ancestor_cgroup_id);
	sum += sizeof(&bpf_skb_cgroup_classid);
	sum += sizeof(&bpf_skb_cgroup_id);
	sum += sizeof(&bpf_skb_change_head);
	sum += sizeof(&bpf_skb_change_proto);
	sum += sizeof(&bpf_skb_change_tail);
	sum += sizeof(&bpf_skb_change_type);
	sum += sizeof(&bpf_skb_ecn_set_ce);
	sum += sizeof(&bpf_skb_get_tunnel_key);
	sum += sizeof(&bpf_skb_get_tunnel_opt);
	sum += sizeof(&bpf_skb_get_xfrm_state);
	sum += sizeof(&bpf_skb_load_bytes);
	sum += sizeof(&bpf_skb_load_bytes_relative);
	sum += sizeof(&bpf_skb_output);
	sum += sizeof(&bpf_skb_pull_data);
	sum += sizeof(&bpf_skb_set_tstamp);
	sum += sizeof(&bpf_skb_set_tunnel_key);
	sum += sizeof(&bpf_skb_set_tunnel_opt);
	sum += sizeof(&bpf_skb_store_bytes);
	sum += sizeof(&bpf_skb_under_cgroup);
	sum += sizeof(&bpf_skb_vlan_pop);
	sum += sizeof(&bpf_skb_vlan_push);
	sum += sizeof(&bpf_skc_lookup_tcp);
	sum += sizeof(&bpf_skc_to_mptcp_sock);
	sum += sizeof(&bpf_skc_to_tcp6_sock);
	sum += sizeof(&bpf_skc_to_tcp_request_sock);
	sum += sizeof(&bpf_skc_to_tcp_sock);
	sum += sizeof(&bpf_skc_to_tcp_timewait_sock);
	sum += sizeof(&bpf_skc_to_udp6_sock);
	sum += sizeof(&bpf_skc_to_unix_sock);
	sum += sizeof(&bpf_snprintf);
	sum += sizeof(&bpf_snprintf_btf);
	sum += sizeof(&bpf_sock_from_file);
	sum += sizeof(&bpf_sock_hash_update);
	sum += sizeof(&bpf_sock_map_update);
	sum += sizeof(&bpf_sock_ops_cb_flags_set);
	sum += sizeof(&bpf_spin_lock);
	sum += sizeof(&bpf_spin_unlock);
	sum += sizeof(&bpf_store_hdr_opt);
	sum += sizeof(&bpf_strncmp);
	sum += sizeof(&bpf_strtol);
	sum += sizeof(&bpf_strtoul);
	sum += sizeof(&bpf_sys_bpf);
	sum += sizeof(&bpf_sys_close);
	sum += sizeof(&bpf_sysctl_get_current_value);
	sum += sizeof(&bpf_sysctl_get_name);
	sum += sizeof(&bpf_sysctl_get_new_value);
	sum += sizeof(&bpf_sysctl_set_new_value);
	sum += sizeof(&bpf_tail_call);
	sum += sizeof(&bpf_task_pt_regs);
	sum += sizeof(&bpf_task_storage_delete);
	sum += sizeof(&bpf_task_storage_get);
	sum += sizeof(&bpf_tcp_check_syncookie);
	sum += sizeof(&bpf_tcp_gen_syncookie);
	sum += sizeof(&bpf_tcp_raw_check_syncookie_ipv4);
	sum += sizeof(&bpf_tcp_raw_check_syncookie_ipv6);
	sum += sizeof(&bpf_tcp_raw_gen_syncookie_ipv4);
	sum += sizeof(&bpf_tcp_raw_gen_syncookie_ipv6);
	sum += sizeof(&bpf_tcp_send_ack);
	sum += sizeof(&bpf_tcp_sock);
	sum += sizeof(&bpf_this_cpu_ptr);
	sum += sizeof(&bpf_timer_cancel);
	sum += sizeof(&bpf_timer_init);
	sum += sizeof(&bpf_timer_set_callback);
	sum += sizeof(&bpf_timer_start);
	sum += sizeof(&bpf_trace_printk);
	sum += sizeof(&bpf_trace_vprintk);
	sum += sizeof(&bpf_user_ringbuf_drain);
	sum += sizeof(&bpf_xdp_adjust_head);
	sum += sizeof(&bpf_xdp_adjust_meta);
	sum += sizeof(&bpf_xdp_adjust_tail);
	sum += sizeof(&bpf_xdp_get_buff_len);
	sum += sizeof(&bpf_xdp_load_bytes);
	sum += sizeof(&bpf_xdp_output);
	sum += sizeof(&bpf_xdp_store_bytes);
	sum += LIBBPF_PIN_BY_NAME;
	sum += LIBBPF_PIN_NONE;
	sum += TRI_MODULE;
	sum += TRI_NO;
	sum += TRI_YES;
	sum += sizeof(&bpf_iter_num_destroy);
	sum += sizeof(&bpf_iter_num_new);
	sum += sizeof(&bpf_iter_num_next);
	sum += sizeof(&bpf_tail_call_static);
	sum += BPF_USDT_ARG_CONST;
	sum += BPF_USDT_ARG_REG;
	sum += BPF_USDT_ARG_REG_DEREF;
	sum += BPF_USDT_ARG_SIB;
	sum += LINUX_HAS_BPF_COOKIE;
	sum += sizeof(&__bpf_usdt_spec_id);
	sum += sizeof(&bpf_usdt_arg);
	sum += sizeof(&bpf_usdt_arg_cnt);
	sum += sizeof(&bpf_usdt_arg_size);
	sum += sizeof(&bpf_usdt_cookie);
	return sum;
}

char LICENSE[] SEC("license") = "GPL";
