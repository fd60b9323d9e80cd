/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfkit BPF-side helpers: section/map annotations, printk wrappers,
 * compiler hints, open-coded iterator loops. Include <linux/bpf.h> (or a
 * vmlinux.h) and <linux/types.h> before this header.
 */
#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__

/*
 * The helper table is generated at build time. Next to this header after
 * `make install`; in the build tree (BUILD/include/bpf) during development.
 */
#if defined(__has_include) && __has_include("bpf_helper_defs.h")
#include "bpf_helper_defs.h"
#else
#include <bpf/bpf_helper_defs.h>
#endif

/* ---- BTF-defined map description ----------------------------------- */

/* An integer attribute is encoded as the array size of a pointer type. */
#define __uint(name, val) int (*name)[val]
/* A type attribute (key, value) is the pointee of a pointer member. */
#define __type(name, val) typeof(val) *name
/* Initial contents of map-in-map / prog-array slots. */
#define __array(name, val) typeof(val) *name[]
/* A value too wide for __uint (e.g. 64-bit map_extra) as an enum. */
#define __ulong(name, val) enum { ___bpf_concat(__unique_value, __COUNTER__) = val } name

/* Map pinning, value of the "pinning" attribute. */
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME,	/* pin at <pin_root_path>/<map name> */
};

/* Values of tristate Kconfig externs (CONFIG_X=y/n/m). */
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/* ---- placement and linkage ----------------------------------------- */

/*
 * Put a program or variable in an ELF section; "used" keeps clang from
 * dropping it. The pragma hides the warning clang gives for some targets.
 */
#if __GNUC__ && !__clang__
#define SEC(name) __attribute__((section(name), used))
#else
#define SEC(name)                                                            \
	_Pragma("GCC diagnostic push")                                       \
	_Pragma("GCC diagnostic ignored \"-Wignored-attributes\"")           \
	__attribute__((section(name), used))                                 \
	_Pragma("GCC diagnostic pop")
#endif

#undef __always_inline
#define __always_inline inline __attribute__((always_inline))
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
/* Global function the loader must keep static (not a separate BPF func). */
#define __hidden __attribute__((visibility("hidden")))

/* Extern resolved by the loader: a kernel symbol (kfunc or variable). */
#define __ksym __attribute__((section(".ksyms")))
/* Extern resolved by the loader from the kernel config / loader facts. */
#define __kconfig __attribute__((section(".kconfig")))

/* BTF type tags understood by the verifier for kernel pointers in maps. */
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#define __kptr __attribute__((btf_type_tag("kptr")))
#define __percpu_kptr __attribute__((btf_type_tag("percpu_kptr")))
#define __uptr __attribute__((btf_type_tag("uptr")))

/* BTF decl tags describing global-function arguments to the verifier. */
#define __arg_ctx __attribute__((btf_decl_tag("arg:ctx")))
#define __arg_nonnull __attribute__((btf_decl_tag("arg:nonnull")))
#define __arg_nullable __attribute__((btf_decl_tag("arg:nullable")))
#define __arg_trusted __attribute__((btf_decl_tag("arg:trusted")))
#define __arg_untrusted __attribute__((btf_decl_tag("arg:untrusted")))
#define __arg_arena __attribute__((btf_decl_tag("arg:arena")))

/* ---- generic C helpers ----------------------------------------------- */

#ifndef NULL
#define NULL ((void *)0)
#endif

#ifndef KERNEL_VERSION
/* Same packing as LINUX_VERSION_CODE; sublevel saturates at 255. */
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

#ifndef offsetof
#define offsetof(type, member) ((unsigned long)&((type *)0)->member)
#endif
#ifndef container_of
#define container_of(ptr, type, member)                                      \
	({                                                                   \
		void *__mptr = (void *)(ptr);                                \
		((type *)(__mptr - offsetof(type, member)));                 \
	})
#endif

#ifndef likely
#define likely(x) (__builtin_expect(!!(x), 1))
#endif
#ifndef unlikely
#define unlikely(x) (__builtin_expect(!!(x), 0))
#endif

/* Compiler-only memory barrier. */
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif

/*
 * Make the compiler forget what it knows about @var (range, constness) so
 * it keeps the value in a register and the verifier sees the real checks.
 */
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

/*
 * Marks code that must never be reached. Calling a non-existent function
 * makes such a path fail at load time instead of misbehaving silently.
 */
#if __clang_major__ >= 8 && defined(__bpf__)
#define __bpf_unreachable() __builtin_trap()
#else
#define __bpf_unreachable() do { } while (0)
#endif

/*
 * Tail call with a compile-time slot: emitted as one fixed instruction
 * sequence so the verifier/JIT can turn it into a direct jump.
 */
#if __clang_major__ >= 8 && defined(__bpf__)
static __always_inline void bpf_tail_call_static(void *ctx, const void *map, const __u32 slot)
{
	if (!__builtin_constant_p(slot))
		__bpf_unreachable();

	asm volatile("r1 = %[ctx]\n\t"
		     "r2 = %[map]\n\t"
		     "r3 = %[slot]\n\t"
		     "call 12"
		     :
		     : [ctx] "r"(ctx), [map] "r"(map), [slot] "i"(slot)
		     : "r0", "r1", "r2", "r3", "r4", "r5");
}
#endif

/*
 * True when the __weak __ksym @sym was found in the running kernel. The
 * assert catches a non-weak extern, which would always look present.
 */
#define bpf_ksym_exists(sym)                                                 \
	({                                                                   \
		_Static_assert(!__builtin_constant_p(!!sym),                 \
			       #sym " must be declared __weak");             \
		!!sym;                                                       \
	})

/* ---- variadic argument machinery ------------------------------------ */

#define ___bpf_concat(a, b) a##b
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
/* Number of arguments (0..12). */
#define ___bpf_narg(...) ___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

/* Store each argument into consecutive slots of array @arr. */
#define ___bpf_fill0(arr, p, x) do { } while (0)
#define ___bpf_fill1(arr, p, x) arr[p] = x
#define ___bpf_fill2(arr, p, x, args...) arr[p] = x; ___bpf_fill1(arr, p + 1, args)
#define ___bpf_fill3(arr, p, x, args...) arr[p] = x; ___bpf_fill2(arr, p + 1, args)
#define ___bpf_fill4(arr, p, x, args...) arr[p] = x; ___bpf_fill3(arr, p + 1, args)
#define ___bpf_fill5(arr, p, x, args...) arr[p] = x; ___bpf_fill4(arr, p + 1, args)
#define ___bpf_fill6(arr, p, x, args...) arr[p] = x; ___bpf_fill5(arr, p + 1, args)
#define ___bpf_fill7(arr, p, x, args...) arr[p] = x; ___bpf_fill6(arr, p + 1, args)
#define ___bpf_fill8(arr, p, x, args...) arr[p] = x; ___bpf_fill7(arr, p + 1, args)
#define ___bpf_fill9(arr, p, x, args...) arr[p] = x; ___bpf_fill8(arr, p + 1, args)
#define ___bpf_fill10(arr, p, x, args...) arr[p] = x; ___bpf_fill9(arr, p + 1, args)
#define ___bpf_fill11(arr, p, x, args...) arr[p] = x; ___bpf_fill10(arr, p + 1, args)
#define ___bpf_fill12(arr, p, x, args...) arr[p] = x; ___bpf_fill11(arr, p + 1, args)
#define ___bpf_fill(arr, args...) ___bpf_apply(___bpf_fill, ___bpf_narg(args))(arr, 0, args)

/*
 * Pack the arguments into a u64 array on the stack, as the "v" (vector)
 * printing helpers want. Pointers are stored as integers on purpose.
 */
#define ___bpf_pack_args(arr, args...)                                       \
	unsigned long long arr[___bpf_narg(args)];                           \
	_Pragma("GCC diagnostic push")                                       \
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")               \
	___bpf_fill(arr, args);                                              \
	_Pragma("GCC diagnostic pop")

/* ---- printing ------------------------------------------------------- */

/* Format strings go to .rodata unless the target has no global data. */
#ifdef BPF_NO_GLOBAL_DATA
#define BPF_PRINTK_FMT_MOD
#else
#define BPF_PRINTK_FMT_MOD static const
#endif

/* bpf_seq_printf() with the arguments given inline. */
#define BPF_SEQ_PRINTF(seq, fmt, args...)                                    \
	({                                                                   \
		static const char ___fmt[] = fmt;                            \
		___bpf_pack_args(___param, args)                             \
		bpf_seq_printf(seq, ___fmt, sizeof(___fmt), ___param,        \
			       sizeof(___param));                            \
	})

/* bpf_snprintf() with the arguments given inline. */
#define BPF_SNPRINTF(out, out_size, fmt, args...)                            \
	({                                                                   \
		static const char ___fmt[] = fmt;                            \
		___bpf_pack_args(___param, args)                             \
		bpf_snprintf(out, out_size, ___fmt, ___param,                \
			     sizeof(___param));                              \
	})

/* Up to three arguments: the classic bpf_trace_printk() helper. */
#define __bpf_printk(fmt, ...)                                               \
	({                                                                   \
		BPF_PRINTK_FMT_MOD char ____fmt[] = fmt;                     \
		bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__);   \
	})

/* More arguments: bpf_trace_vprintk() (kernel 5.16+) takes an array. */
#define __bpf_vprintk(fmt, args...)                                          \
	({                                                                   \
		static const char ___fmt[] = fmt;                            \
		___bpf_pack_args(___param, args)                             \
		bpf_trace_vprintk(___fmt, sizeof(___fmt), ___param,          \
				  sizeof(___param));                         \
	})

/* Picks __bpf_printk for 0..3 arguments and __bpf_vprintk beyond. */
#define ___bpf_pick_printk(...)                                              \
	___bpf_nth(_, ##__VA_ARGS__, __bpf_vprintk, __bpf_vprintk,           \
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,              \
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,              \
		   __bpf_vprintk, __bpf_printk, __bpf_printk, __bpf_printk,  \
		   __bpf_printk)

/* printf-like output to the trace pipe; any number of arguments (<= 12). */
#define bpf_printk(fmt, args...) ___bpf_pick_printk(args)(fmt, ##args)

/* Program stream output (kernel 6.17+): 1 = stdout, 2 = stderr. */
extern int bpf_stream_vprintk(int stream_id, const char *fmt__str, const void *args,
			      __u32 len__sz, void *aux__prog) __weak __ksym;

#define bpf_stream_printk(stream_id, fmt, args...)                           \
	({                                                                   \
		static const char ___fmt[] = fmt;                            \
		___bpf_pack_args(___param, args)                             \
		bpf_stream_vprintk(stream_id, ___fmt, ___param,              \
				   sizeof(___param), NULL);                  \
	})

/* ---- open-coded iterators (kernel 6.4+) ----------------------------- */

/*
 * The iterator state struct comes from a uapi header >= 6.4 or vmlinux.h;
 * only its name is needed here.
 */
struct bpf_iter_num;

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

/*
 * for (cur = first element; cur; cur = next element) over any kernel
 * iterator family @type (bpf_iter_<type>_new/next/destroy). The iterator
 * lives in the loop scope and is destroyed when the loop is left.
 */
#ifndef bpf_for_each
#define bpf_for_each(type, cur, args...)                                     \
	for (struct bpf_iter_##type ___it __attribute__((aligned(8),         \
			cleanup(bpf_iter_##type##_destroy))),                \
	     *___once __attribute__((unused)) = (                            \
			bpf_iter_##type##_new(&___it, ##args),               \
			(void)bpf_iter_##type##_destroy, (void *)0);         \
	     ((cur) = bpf_iter_##type##_next(&___it));)
#endif

/*
 * for (i = start; i < end; i++) that the verifier accepts without
 * unrolling. The extra range test tells it that @i stays in bounds.
 */
#ifndef bpf_for
#define bpf_for(i, start, end)                                               \
	for (struct bpf_iter_num ___it __attribute__((aligned(8),            \
			cleanup(bpf_iter_num_destroy))),                     \
	     *___once __attribute__((unused)) = (                            \
			bpf_iter_num_new(&___it, (start), (end)),            \
			(void)bpf_iter_num_destroy, (void *)0);              \
	     ({                                                              \
		     int *___cur = bpf_iter_num_next(&___it);                \
		     ___cur && ((i) = *___cur, (i) >= (start) && (i) < (end)); \
	     });)
#endif

/* Run the loop body @n times. */
#ifndef bpf_repeat
#define bpf_repeat(n)                                                        \
	for (struct bpf_iter_num ___it __attribute__((aligned(8),            \
			cleanup(bpf_iter_num_destroy))),                     \
	     *___once __attribute__((unused)) = (                            \
			bpf_iter_num_new(&___it, 0, (n)),                    \
			(void)bpf_iter_num_destroy, (void *)0);              \
	     bpf_iter_num_next(&___it);)
#endif

#endif /* __BPF_HELPERS__ */
