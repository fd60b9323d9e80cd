/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * CO-RE (compile once, run everywhere) reads and queries.
 *
 * Clang records every field access, type or enum query made through the
 * __builtin_preserve_* builtins as a relocation in .BTF.ext; the loader
 * rewrites the instruction for the running kernel's BTF. The enums below
 * are the "kind" values those builtins take (fixed by the BTF ABI).
 */
#ifndef __BPF_CORE_READ_H__
#define __BPF_CORE_READ_H__

/* Kind argument of __builtin_preserve_field_info(). */
enum bpf_field_info_kind {
	BPF_FIELD_BYTE_OFFSET = 0,	/* offset of the field in its struct */
	BPF_FIELD_BYTE_SIZE = 1,	/* bytes to load to get the field */
	BPF_FIELD_EXISTS = 2,		/* 1 if the kernel has the field */
	BPF_FIELD_SIGNED = 3,		/* 1 for a signed integer field */
	BPF_FIELD_LSHIFT_U64 = 4,	/* bitfield extraction: left shift */
	BPF_FIELD_RSHIFT_U64 = 5,	/* bitfield extraction: right shift */
};

/* Kind argument of __builtin_btf_type_id(). */
enum bpf_type_id_kind {
	BPF_TYPE_ID_LOCAL = 0,		/* id in the program's own BTF */
	BPF_TYPE_ID_TARGET = 1,		/* id in the kernel's BTF */
};

/* Kind argument of __builtin_preserve_type_info(). */
enum bpf_type_info_kind {
	BPF_TYPE_EXISTS = 0,		/* kernel has a compatible type */
	BPF_TYPE_SIZE = 1,		/* size of the kernel's type */
	BPF_TYPE_MATCHES = 2,		/* kernel type matches field by field */
};

/* Kind argument of __builtin_preserve_enum_value(). */
enum bpf_enum_value_kind {
	BPF_ENUMVAL_EXISTS = 0,		/* kernel enum has the enumerator */
	BPF_ENUMVAL_VALUE = 1,		/* the enumerator's kernel value */
};

/* Relocated property @info of @src->@field. */
#define __CORE_RELO(src, field, info)                                        \
	__builtin_preserve_field_info((src)->field, BPF_FIELD_##info)

/*
 * Where the bytes of a bitfield's storage unit land inside a u64 so the
 * shifts below work on both byte orders.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __CORE_BITFIELD_PROBE_READ(dst, src, fld)                            \
	bpf_probe_read_kernel((void *)(dst), __CORE_RELO(src, fld, BYTE_SIZE), \
			      (const void *)(src) + __CORE_RELO(src, fld, BYTE_OFFSET))
#else
#define __CORE_BITFIELD_PROBE_READ(dst, src, fld)                            \
	bpf_probe_read_kernel((void *)(dst) + (8 - __CORE_RELO(src, fld, BYTE_SIZE)), \
			      __CORE_RELO(src, fld, BYTE_SIZE),                \
			      (const void *)(src) + __CORE_RELO(src, fld, BYTE_OFFSET))
#endif

/*
 * Turn the raw storage unit in @val into the field's value: shift the
 * field up to bit 63, then back down, sign-extending if it is signed.
 */
#define ___bpf_bitfield_extract(val, s, field)                               \
	({                                                                   \
		val <<= __CORE_RELO(s, field, LSHIFT_U64);                   \
		if (__CORE_RELO(s, field, SIGNED))                           \
			val = (unsigned long long)((long long)val >>         \
				__CORE_RELO(s, field, RSHIFT_U64));          \
		else                                                         \
			val = val >> __CORE_RELO(s, field, RSHIFT_U64);      \
		val;                                                         \
	})

/* Bitfield read through bpf_probe_read_kernel() (tracing of raw pointers). */
#define BPF_CORE_READ_BITFIELD_PROBED(s, field)                              \
	({                                                                   \
		unsigned long long ___val = 0;                               \
		__CORE_BITFIELD_PROBE_READ(&___val, s, field);               \
		___bpf_bitfield_extract(___val, s, field);                   \
	})

/*
 * Bitfield read by direct loads, for pointers the verifier lets the
 * program dereference (BTF pointers in tp_btf/fentry, ctx structs).
 */
#define BPF_CORE_READ_BITFIELD(s, field)                                     \
	({                                                                   \
		const void *___p = (const void *)(s) +                       \
				   __CORE_RELO(s, field, BYTE_OFFSET);       \
		unsigned long long ___val;                                   \
		/* keep the relocated offset in its own insn */              \
		asm volatile("" : "+r"(___p));                               \
		switch (__CORE_RELO(s, field, BYTE_SIZE)) {                  \
		case 1: ___val = *(const unsigned char *)___p; break;        \
		case 2: ___val = *(const unsigned short *)___p; break;       \
		case 4: ___val = *(const unsigned int *)___p; break;         \
		case 8: ___val = *(const unsigned long long *)___p; break;   \
		default: ___val = 0; break;                                  \
		}                                                            \
		___bpf_bitfield_extract(___val, s, field);                   \
	})

/* Store @new_val into a bitfield by direct read-modify-write. */
#define BPF_CORE_WRITE_BITFIELD(s, field, new_val)                           \
	({                                                                   \
		void *___p = (void *)(s) + __CORE_RELO(s, field, BYTE_OFFSET); \
		unsigned int ___lsh = __CORE_RELO(s, field, LSHIFT_U64);     \
		unsigned int ___rsh = __CORE_RELO(s, field, RSHIFT_U64);     \
		unsigned long long ___mask, ___old, ___nv = (new_val);       \
		asm volatile("" : "+r"(___p));                               \
		switch (__CORE_RELO(s, field, BYTE_SIZE)) {                  \
		case 1: ___old = *(unsigned char *)___p; break;              \
		case 2: ___old = *(unsigned short *)___p; break;             \
		case 4: ___old = *(unsigned int *)___p; break;               \
		case 8: ___old = *(unsigned long long *)___p; break;         \
		default: ___old = 0; break;                                  \
		}                                                            \
		/* field bits sit at [rsh - lsh, 64 - lsh) of the unit */    \
		___mask = (~0ULL << ___rsh) >> ___lsh;                       \
		___old = (___old & ~___mask) |                               \
			 ((___nv << (___rsh - ___lsh)) & ___mask);           \
		switch (__CORE_RELO(s, field, BYTE_SIZE)) {                  \
		case 1: *(unsigned char *)___p = ___old; break;              \
		case 2: *(unsigned short *)___p = ___old; break;             \
		case 4: *(unsigned int *)___p = ___old; break;               \
		case 8: *(unsigned long long *)___p = ___old; break;         \
		}                                                            \
	})

/* ---- argument-list plumbing (up to 10 items) ------------------------- */

#define ___concat(a, b) a##b
#define ___apply(fn, n) ___concat(fn, n)
#define ___nth(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, __11, N, ...) N
/* Number of arguments, 1..10. */
#define ___narg(...) ___nth(_, ##__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
/* 0 for no arguments, N otherwise. */
#define ___empty(...) ___nth(_, ##__VA_ARGS__, N, N, N, N, N, N, N, N, N, N, 0)

#define ___last1(x) x
#define ___last2(a, x) x
#define ___last3(a, b, x) x
#define ___last4(a, b, c, x) x
#define ___last5(a, b, c, d, x) x
#define ___last6(a, b, c, d, e, x) x
#define ___last7(a, b, c, d, e, f, x) x
#define ___last8(a, b, c, d, e, f, g, x) x
#define ___last9(a, b, c, d, e, f, g, h, x) x
#define ___last10(a, b, c, d, e, f, g, h, i, x) x
#define ___last(...) ___apply(___last, ___narg(__VA_ARGS__))(__VA_ARGS__)

#define ___nolast2(a, _) a
#define ___nolast3(a, b, _) a, b
#define ___nolast4(a, b, c, _) a, b, c
#define ___nolast5(a, b, c, d, _) a, b, c, d
#define ___nolast6(a, b, c, d, e, _) a, b, c, d, e
#define ___nolast7(a, b, c, d, e, f, _) a, b, c, d, e, f
#define ___nolast8(a, b, c, d, e, f, g, _) a, b, c, d, e, f, g
#define ___nolast9(a, b, c, d, e, f, g, h, _) a, b, c, d, e, f, g, h
#define ___nolast10(a, b, c, d, e, f, g, h, i, _) a, b, c, d, e, f, g, h, i
#define ___nolast(...) ___apply(___nolast, ___narg(__VA_ARGS__))(__VA_ARGS__)

/* ___arrow(s, a, b) -> s->a->b */
#define ___arrow1(a) a
#define ___arrow2(a, b) a->b
#define ___arrow3(a, b, c) a->b->c
#define ___arrow4(a, b, c, d) a->b->c->d
#define ___arrow5(a, b, c, d, e) a->b->c->d->e
#define ___arrow6(a, b, c, d, e, f) a->b->c->d->e->f
#define ___arrow7(a, b, c, d, e, f, g) a->b->c->d->e->f->g
#define ___arrow8(a, b, c, d, e, f, g, h) a->b->c->d->e->f->g->h
#define ___arrow9(a, b, c, d, e, f, g, h, i) a->b->c->d->e->f->g->h->i
#define ___arrow10(a, b, c, d, e, f, g, h, i, j) a->b->c->d->e->f->g->h->i->j
#define ___arrow(...) ___apply(___arrow, ___narg(__VA_ARGS__))(__VA_ARGS__)

/* Type of the whole chain, e.g. typeof(s->a->b). */
#define ___type(...) typeof(___arrow(__VA_ARGS__))

/* One read of src->accessor (src viewed as src_type) into *dst. */
#define ___read(read_fn, dst, src_type, src, accessor)                       \
	read_fn((void *)(dst), sizeof(*(dst)), &((src_type)(src))->accessor)

/*
 * Pointer hops: each intermediate pointer is read into the local __t,
 * which then serves as the base of the next hop.
 */
#define ___rd_first(fn, src, a) ___read(fn, &__t, ___type(src), src, a);
#define ___rd_last(fn, ...)                                                  \
	___read(fn, &__t, ___type(___nolast(__VA_ARGS__)), __t, ___last(__VA_ARGS__));
#define ___rd_p1(fn, ...) const void *__t; ___rd_first(fn, __VA_ARGS__)
#define ___rd_p2(fn, ...) ___rd_p1(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p3(fn, ...) ___rd_p2(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p4(fn, ...) ___rd_p3(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p5(fn, ...) ___rd_p4(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p6(fn, ...) ___rd_p5(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p7(fn, ...) ___rd_p6(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p8(fn, ...) ___rd_p7(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p9(fn, ...) ___rd_p8(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___read_ptrs(fn, src, ...)                                           \
	___apply(___rd_p, ___narg(__VA_ARGS__))(fn, src, __VA_ARGS__)

/* Single hop: read src->a directly into dst. */
#define ___core_read0(fn, fn_ptr, dst, src, a) ___read(fn, dst, ___type(src), src, a);
/* Several hops: walk the pointers with fn_ptr, read the last field with fn. */
#define ___core_readN(fn, fn_ptr, dst, src, ...)                             \
	___read_ptrs(fn_ptr, src, ___nolast(__VA_ARGS__))                    \
	___read(fn, dst, ___type(src, ___nolast(__VA_ARGS__)), __t,          \
		___last(__VA_ARGS__));
#define ___core_read(fn, fn_ptr, dst, src, a, ...)                           \
	___apply(___core_read, ___empty(__VA_ARGS__))(fn, fn_ptr, dst, src, a, ##__VA_ARGS__)

/* ---- single relocatable reads --------------------------------------- */

/* bpf_probe_read_kernel() of @src with the access recorded for CO-RE. */
#define bpf_core_read(dst, sz, src)                                          \
	bpf_probe_read_kernel(dst, sz, (const void *)__builtin_preserve_access_index(src))
/* Same for a user-space pointer. */
#define bpf_core_read_user(dst, sz, src)                                     \
	bpf_probe_read_user(dst, sz, (const void *)__builtin_preserve_access_index(src))
/* NUL-terminated string variants. */
#define bpf_core_read_str(dst, sz, src)                                      \
	bpf_probe_read_kernel_str(dst, sz, (const void *)__builtin_preserve_access_index(src))
#define bpf_core_read_user_str(dst, sz, src)                                 \
	bpf_probe_read_user_str(dst, sz, (const void *)__builtin_preserve_access_index(src))

/* ---- pointer-chain reads --------------------------------------------- */

/* *dst = src->a->b->... with every hop relocated. */
#define BPF_CORE_READ_INTO(dst, src, a, ...)                                 \
	({ ___core_read(bpf_core_read, bpf_core_read, dst, (src), a, ##__VA_ARGS__) })
#define BPF_CORE_READ_USER_INTO(dst, src, a, ...)                            \
	({ ___core_read(bpf_core_read_user, bpf_core_read_user, dst, (src), a, ##__VA_ARGS__) })
/* Like BPF_CORE_READ_INTO, but the last field is a string copied into dst. */
#define BPF_CORE_READ_STR_INTO(dst, src, a, ...)                             \
	({ ___core_read(bpf_core_read_str, bpf_core_read, dst, (src), a, ##__VA_ARGS__) })
#define BPF_CORE_READ_USER_STR_INTO(dst, src, a, ...)                        \
	({ ___core_read(bpf_core_read_user_str, bpf_core_read_user, dst, (src), a, ##__VA_ARGS__) })

/* Non-relocated variants (plain probe reads, fixed offsets). */
#define BPF_PROBE_READ_INTO(dst, src, a, ...)                                \
	({ ___core_read(bpf_probe_read_kernel, bpf_probe_read_kernel, dst, (src), a, ##__VA_ARGS__) })
#define BPF_PROBE_READ_USER_INTO(dst, src, a, ...)                           \
	({ ___core_read(bpf_probe_read_user, bpf_probe_read_user, dst, (src), a, ##__VA_ARGS__) })
#define BPF_PROBE_READ_STR_INTO(dst, src, a, ...)                            \
	({ ___core_read(bpf_probe_read_kernel_str, bpf_probe_read_kernel, dst, (src), a, ##__VA_ARGS__) })
#define BPF_PROBE_READ_USER_STR_INTO(dst, src, a, ...)                       \
	({ ___core_read(bpf_probe_read_user_str, bpf_probe_read_user, dst, (src), a, ##__VA_ARGS__) })

/* Value of src->a->b->... (the helpers zero it when a read fails). */
#define BPF_CORE_READ(src, a, ...)                                           \
	({                                                                   \
		___type((src), a, ##__VA_ARGS__) __r;                        \
		BPF_CORE_READ_INTO(&__r, (src), a, ##__VA_ARGS__);           \
		__r;                                                         \
	})
#define BPF_CORE_READ_USER(src, a, ...)                                      \
	({                                                                   \
		___type((src), a, ##__VA_ARGS__) __r;                        \
		BPF_CORE_READ_USER_INTO(&__r, (src), a, ##__VA_ARGS__);      \
		__r;                                                         \
	})
#define BPF_PROBE_READ(src, a, ...)                                          \
	({                                                                   \
		___type((src), a, ##__VA_ARGS__) __r;                        \
		BPF_PROBE_READ_INTO(&__r, (src), a, ##__VA_ARGS__);          \
		__r;                                                         \
	})
#define BPF_PROBE_READ_USER(src, a, ...)                                     \
	({                                                                   \
		___type((src), a, ##__VA_ARGS__) __r;                        \
		BPF_PROBE_READ_USER_INTO(&__r, (src), a, ##__VA_ARGS__);     \
		__r;                                                         \
	})

/* ---- relocatable queries ----------------------------------------------- */

/* A field given as an expression (s->f) or as (type, field). */
#define ___bpf_field_ref1(field) (field)
#define ___bpf_field_ref2(type, field) (((typeof(type) *)0)->field)
#define ___bpf_field_ref(args...) ___apply(___bpf_field_ref, ___narg(args))(args)

/* A null pointer of @type, for the type-query builtins. */
#define ___bpf_typeof1(type) ((typeof(type) *)0)
#define ___bpf_typeof(type...) ___apply(___bpf_typeof, ___narg(type))(type)

/* 1 if the running kernel has the field, else 0. */
#define bpf_core_field_exists(field...)                                      \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_EXISTS)
/* Size of the field in the running kernel. */
#define bpf_core_field_size(field...)                                        \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_SIZE)
/* Byte offset of the field in the running kernel. */
#define bpf_core_field_offset(field...)                                      \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_OFFSET)
/* 1 if the field is a signed integer in the running kernel. */
#define bpf_core_field_signed(field...)                                      \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_SIGNED)

/* BTF type id of @type in the program's own BTF. */
#define bpf_core_type_id_local(type...)                                      \
	__builtin_btf_type_id(*___bpf_typeof(type), BPF_TYPE_ID_LOCAL)
/* BTF type id of the matching type in the kernel's BTF (0 if none). */
#define bpf_core_type_id_kernel(type...)                                     \
	__builtin_btf_type_id(*___bpf_typeof(type), BPF_TYPE_ID_TARGET)
/* 1 if the kernel has a type compatible with @type. */
#define bpf_core_type_exists(type...)                                        \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_EXISTS)
/* 1 if the kernel's type matches @type member by member. */
#if defined(__clang__) && __clang_major__ < 15
/* Older clang aborts on this relocation kind: give a readable error. */
#define bpf_core_type_matches(type...)                                       \
	({                                                                   \
		_Pragma("GCC error \"bpf_core_type_matches() needs clang 15 or newer\""); \
		0;                                                           \
	})
#else
#define bpf_core_type_matches(type...)                                       \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_MATCHES)
#endif
/* sizeof() of the kernel's version of @type. */
#define bpf_core_type_size(type...)                                          \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_SIZE)

/* 1 if the kernel's enum @enum_type has enumerator @enum_value. */
#define bpf_core_enum_value_exists(enum_type, enum_value)                    \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_EXISTS)
/* The kernel's value of enumerator @enum_value. */
#define bpf_core_enum_value(enum_type, enum_value)                           \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_VALUE)

/* Kernel kfunc: view @obj as a read-only object of kernel type @btf_id. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __attribute__((section(".ksyms"))) __attribute__((weak));

/* Cast @ptr to a (read-only) pointer to kernel @type the verifier trusts. */
#define bpf_core_cast(ptr, type)                                             \
	((typeof(type) *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(type)))

#endif /* __BPF_CORE_READ_H__ */
