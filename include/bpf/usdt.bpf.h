/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * USDT (user statically defined tracing) support for BPF programs.
 *
 * When a program is attached to a USDT probe the loader decodes each
 * probe site's argument descriptions (e.g. "-4@-8(%rbp)") into a spec and
 * stores it in __bpf_usdt_specs; the spec id reaches the program through
 * the BPF cookie, or, on kernels without cookies, through the probe IP
 * (__bpf_usdt_ip_to_spec_id). The functions below fetch arguments with
 * that spec. Map names and struct layouts are shared with the userspace
 * loader and must not change.
 */
#ifndef __USDT_BPF_H__
#define __USDT_BPF_H__

#include <linux/errno.h>
#include "bpf_helpers.h"
#include "bpf_tracing.h"

/* Capacity of the spec map; a program may raise it before including us. */
#ifndef BPF_USDT_MAX_SPEC_CNT
#define BPF_USDT_MAX_SPEC_CNT 256
#endif
/* Capacity of the IP -> spec id map (only used without BPF cookies). */
#ifndef BPF_USDT_MAX_IP_CNT
#define BPF_USDT_MAX_IP_CNT (4 * BPF_USDT_MAX_SPEC_CNT)
#endif
/* Most arguments a USDT probe can have. */
#define BPF_USDT_MAX_ARG_CNT 12

/* How an argument's value is found. */
enum __bpf_usdt_arg_type {
	BPF_USDT_ARG_CONST,		/* the value is val_off itself */
	BPF_USDT_ARG_REG,		/* the value is in a register */
	BPF_USDT_ARG_REG_DEREF,		/* at address reg + val_off */
	BPF_USDT_ARG_SIB,		/* at base + (index << scale) + val_off */
};

/*
 * One argument's location, written by the loader. 16 bytes: the SIB
 * fields share the 32-bit word after val_off with arg_type, so reg_off
 * and the rest stay where loaders without SIB support put them.
 */
struct __bpf_usdt_arg_spec {
	__u64 val_off;			/* constant, or displacement */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	enum __bpf_usdt_arg_type arg_type: 8;
	__u32 idx_reg_off: 12;		/* pt_regs offset of the SIB index */
	__u32 scale_bitshift: 4;	/* SIB scale as a shift */
	__u32 __reserved: 8;
#else
	__u32 __reserved: 8;
	__u32 scale_bitshift: 4;
	__u32 idx_reg_off: 12;
	enum __bpf_usdt_arg_type arg_type: 8;
#endif
	short reg_off;			/* pt_regs offset of the base register */
	_Bool arg_signed;		/* sign-extend after extraction */
	/* 64 - 8 * size: shifts that cut the value down to its size */
	char arg_bitshift;
};

_Static_assert(sizeof(struct __bpf_usdt_arg_spec) == 16, "USDT arg spec layout");

/* All arguments of one probe site plus the user's cookie. */
struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[BPF_USDT_MAX_ARG_CNT];
	__u64 usdt_cookie;
	short arg_cnt;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPF_USDT_MAX_SPEC_CNT);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPF_USDT_MAX_IP_CNT);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps") __weak;

/* Set by the loader: does the kernel pass BPF cookies to uprobes? */
extern const _Bool LINUX_HAS_BPF_COOKIE __kconfig;

/* Spec id of the probe site that fired, or -ESRCH. */
static __always_inline int __bpf_usdt_spec_id(struct pt_regs *ctx)
{
	if (!LINUX_HAS_BPF_COOKIE) {
		long ip = PT_REGS_IP(ctx);
		int *spec_id;

		spec_id = bpf_map_lookup_elem(&__bpf_usdt_ip_to_spec_id, &ip);
		return spec_id ? *spec_id : -ESRCH;
	}
	return bpf_get_attach_cookie(ctx);
}

static __always_inline struct __bpf_usdt_spec *___bpf_usdt_spec(struct pt_regs *ctx)
{
	int spec_id = __bpf_usdt_spec_id(ctx);

	if (spec_id < 0)
		return NULL;
	return bpf_map_lookup_elem(&__bpf_usdt_specs, &spec_id);
}

/* Number of arguments of the probe that fired, or a negative error. */
__weak __hidden int bpf_usdt_arg_cnt(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = ___bpf_usdt_spec(ctx);

	if (!spec)
		return -ESRCH;
	return spec->arg_cnt;
}

/* Size in bytes of argument @arg_num, or a negative error. */
static __always_inline int bpf_usdt_arg_size(struct pt_regs *ctx, __u64 arg_num)
{
	struct __bpf_usdt_spec *spec = ___bpf_usdt_spec(ctx);

	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT || arg_num >= (__u64)spec->arg_cnt)
		return -ENOENT;
	/* unsigned math: BPF has no signed division */
	return (64u - (unsigned char)spec->args[arg_num].arg_bitshift) / 8;
}

/* Read the pt_regs slot at byte offset @off. */
static __always_inline int ___bpf_usdt_reg(struct pt_regs *ctx, long off, unsigned long *val)
{
	return bpf_probe_read_kernel(val, sizeof(*val), (void *)ctx + off);
}

/*
 * Fetch argument @arg_num (0-based) of the probe that fired, converted to
 * a long of the argument's signedness. Returns 0 or a negative error; *res
 * is 0 on error.
 */
__weak __hidden int bpf_usdt_arg(struct pt_regs *ctx, __u64 arg_num, long *res)
{
	struct __bpf_usdt_spec *spec = ___bpf_usdt_spec(ctx);
	struct __bpf_usdt_arg_spec *arg;
	unsigned long val = 0, idx;
	int err;

	*res = 0;
	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT)
		return -ENOENT;
	barrier_var(arg_num);
	if (arg_num >= (__u64)spec->arg_cnt)
		return -ENOENT;

	arg = &spec->args[arg_num];
	switch (arg->arg_type) {
	case BPF_USDT_ARG_CONST:
		val = arg->val_off;
		break;
	case BPF_USDT_ARG_REG:
		err = ___bpf_usdt_reg(ctx, arg->reg_off, &val);
		if (err)
			return err;
		break;
	case BPF_USDT_ARG_REG_DEREF:
		err = ___bpf_usdt_reg(ctx, arg->reg_off, &val);
		if (err)
			return err;
		err = bpf_probe_read_user(&val, sizeof(val), (void *)val + arg->val_off);
		if (err)
			return err;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		/* a short value sits in the high bytes of what we loaded */
		val >>= arg->arg_bitshift;
#endif
		break;
	case BPF_USDT_ARG_SIB:
		err = ___bpf_usdt_reg(ctx, arg->reg_off, &val);
		if (err)
			return err;
		err = ___bpf_usdt_reg(ctx, arg->idx_reg_off, &idx);
		if (err)
			return err;
		val += (idx << arg->scale_bitshift) + arg->val_off;
		err = bpf_probe_read_user(&val, sizeof(val), (void *)val);
		if (err)
			return err;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		val >>= arg->arg_bitshift;
#endif
		break;
	default:
		return -EINVAL;
	}

	/* Keep only the argument's bytes, extending its sign if needed. */
	val <<= arg->arg_bitshift;
	if (arg->arg_signed)
		val = (unsigned long)((long)val >> arg->arg_bitshift);
	else
		val >>= arg->arg_bitshift;
	*res = val;
	return 0;
}

/* The cookie given when the program was attached to this USDT. */
__weak __hidden long bpf_usdt_cookie(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = ___bpf_usdt_spec(ctx);

	return spec ? spec->usdt_cookie : 0;
}

#define ___bpf_usdt_args0() ctx
#define ___bpf_usdt_args1(x) ___bpf_usdt_args0(), ({ long ___a; bpf_usdt_arg(ctx, 0, &___a); ___a; })
#define ___bpf_usdt_args2(x, args...) ___bpf_usdt_args1(args), ({ long ___a; bpf_usdt_arg(ctx, 1, &___a); ___a; })
#define ___bpf_usdt_args3(x, args...) ___bpf_usdt_args2(args), ({ long ___a; bpf_usdt_arg(ctx, 2, &___a); ___a; })
#define ___bpf_usdt_args4(x, args...) ___bpf_usdt_args3(args), ({ long ___a; bpf_usdt_arg(ctx, 3, &___a); ___a; })
#define ___bpf_usdt_args5(x, args...) ___bpf_usdt_args4(args), ({ long ___a; bpf_usdt_arg(ctx, 4, &___a); ___a; })
#define ___bpf_usdt_args6(x, args...) ___bpf_usdt_args5(args), ({ long ___a; bpf_usdt_arg(ctx, 5, &___a); ___a; })
#define ___bpf_usdt_args7(x, args...) ___bpf_usdt_args6(args), ({ long ___a; bpf_usdt_arg(ctx, 6, &___a); ___a; })
#define ___bpf_usdt_args8(x, args...) ___bpf_usdt_args7(args), ({ long ___a; bpf_usdt_arg(ctx, 7, &___a); ___a; })
#define ___bpf_usdt_args9(x, args...) ___bpf_usdt_args8(args), ({ long ___a; bpf_usdt_arg(ctx, 8, &___a); ___a; })
#define ___bpf_usdt_args10(x, args...) ___bpf_usdt_args9(args), ({ long ___a; bpf_usdt_arg(ctx, 9, &___a); ___a; })
#define ___bpf_usdt_args11(x, args...) ___bpf_usdt_args10(args), ({ long ___a; bpf_usdt_arg(ctx, 10, &___a); ___a; })
#define ___bpf_usdt_args12(x, args...) ___bpf_usdt_args11(args), ({ long ___a; bpf_usdt_arg(ctx, 11, &___a); ___a; })
#define ___bpf_usdt_args(args...) ___bpf_apply(___bpf_usdt_args, ___bpf_narg(args))(args)

/*
 * `int BPF_USDT(name, int a, char *b) { ... }`: a USDT program with the
 * probe's arguments by name (missing ones read as 0).
 */
#define BPF_USDT(name, args...)                                              \
	name(struct pt_regs *ctx);                                           \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args);                             \
	typeof(name(0)) name(struct pt_regs *ctx)                            \
	{                                                                    \
		_Pragma("GCC diagnostic push")                               \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")       \
		return ____##name(___bpf_usdt_args(args));                   \
		_Pragma("GCC diagnostic pop")                                \
	}                                                                    \
	static __always_inline typeof(name(0))                               \
	____##name(struct pt_regs *ctx, ##args)

#endif /* __USDT_BPF_H__ */
