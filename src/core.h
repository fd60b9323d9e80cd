/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * CO-RE relocation engine (pure: no bpf()).
 *
 * Clang records each __builtin_preserve_*() use as a struct bpf_core_relo in
 * .BTF.ext: an instruction, a root type of the program's own ("local") BTF,
 * an access string ("0:1:2": first an index into the root seen as an array,
 * then member / array-element indices) and a kind. The engine computes the
 * value the compiler baked in (from local BTF) and the value the target
 * kernel needs (from its BTF), then patches the one instruction.
 *
 * Typical use by the loader, per object:
 *
 *	struct core_cands_cache *cache = core_cands_cache_new(mods, nr_mods);
 *	for each relocation rec of program prog (index i):
 *		err = core_apply_relo(prog_name, insns, insn_cnt, obj_btf, rec, i,
 *				      vmlinux_btf, cache);
 *	core_cands_cache_free(cache);
 *
 * Failure convention: a relocation that cannot be satisfied on this target
 * (type or field missing, mismatching kinds) is not an error. The
 * instruction is "poisoned": replaced by a call to helper id
 * CORE_POISON_HELPER (0xbad2310), so a program that guards the access
 * (bpf_core_field_exists() etc.) loads fine because the instruction is dead,
 * while an unguarded one is rejected by the verifier with
 * "invalid func unknown#195896080" pointing at the exact instruction. Both
 * halves of a 64-bit immediate load are poisoned. Only the field kinds
 * (but FIELD_EXISTS) and ENUMVAL_VALUE poison; the *_EXISTS kinds and all
 * type-based kinds become 0 instead (TYPE_SIZE / TYPE_ID_TARGET of a type
 * the target lacks are 0, like libbpf). A load/store whose field changed
 * size in a way the access can't follow (signed integers) is poisoned too.
 *
 * Instructions are in host byte order (the loader swaps a foreign-endian
 * object's instructions before and after).
 *
 * Real errors (malformed record, ambiguous candidates, an instruction that
 * does not hold the value the compiler should have put there) return
 * -EINVAL / -EOPNOTSUPP / -ENOMEM and the load must fail.
 */
#ifndef __BPFKIT_CORE_H
#define __BPFKIT_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <bpf/btf.h>

/* Helper id of a poisoned instruction (reads as "bad relo"). */
#define CORE_POISON_HELPER 0xbad2310

/* Candidates per local type id, looked up once per object: one target
 * search serves every relocation against the same local type. */
struct core_cands_cache;

/*
 * mod_btfs: module split BTFs (on top of the vmlinux BTF passed to
 * core_calc_relo()), searched only for types vmlinux lacks, in order. The
 * array is copied; the BTFs must outlive the cache. The cache binds to the
 * first (local, target) pair it serves and starts over if either changes.
 * NULL with errno set on allocation failure.
 */
struct core_cands_cache *core_cands_cache_new(const struct btf *const *mod_btfs, int mod_cnt);
void core_cands_cache_free(struct core_cands_cache *cache);
/* Number of target searches done so far (cache misses), for tests. */
unsigned int core_cands_cache_searches(const struct core_cands_cache *cache);

struct core_relo_res {
	__u64 orig_val;         /* what the compiler put in the insn */
	__u64 new_val;          /* what the target needs */
	/* Memory access size of the field for FIELD_BYTE_OFFSET of a scalar
	 * field (0: not applicable); a load/store is resized when they differ. */
	__u32 orig_sz;
	__u32 new_sz;
	bool poison;            /* replace the insn with the poison call */
	bool validate;          /* insn must hold orig_val (off for bitfields) */
	bool fail_memsz_adjust; /* sizes differ in a way a load can't follow */
	/* Target BTF that holds new_val for TYPE_ID_TARGET (vmlinux or a
	 * module), NULL otherwise. */
	const struct btf *targ_btf;
	/* "KIND <type> access <spec>" of the relocation, for log lines. */
	char desc[128];
	/* Why it poisoned or failed; "" otherwise. */
	char why[160];
};

/*
 * Compute res for relo against targ_btf (plus the cache's modules). cache
 * may be NULL (no caching, no modules). Silent: the caller logs (see
 * core_apply_relo()). Returns 0 (res->poison may be set) or a negative
 * error with res->why filled.
 */
int core_calc_relo(const struct btf *local_btf, const struct bpf_core_relo *relo,
		   const struct btf *targ_btf, struct core_cands_cache *cache,
		   struct core_relo_res *res);

/*
 * Patch the instruction at relo->insn_off (bytes, from the start of insns)
 * according to res: ALU/ALU64 immediate, LDX/ST/STX offset (and access size
 * when the field size changed), or the 64-bit immediate of BPF_LD_IMM64.
 * With res->validate, the instruction must hold res->orig_val, otherwise
 * -EINVAL ("unexpected insn"). Logs one line on failure or poisoning.
 */
int core_patch_insn(const char *prog_name, struct bpf_insn *insns, size_t insn_cnt,
		    const struct bpf_core_relo *relo, int relo_idx,
		    const struct core_relo_res *res);

/* Whether local type lid may stand for target type tid as CO-RE sees it
 * (same kinds, recursively through pointers, arrays and function
 * prototypes; composite names not compared). Used for typed __ksym and
 * kfunc externs against kernel BTF. */
bool core_types_compat(const struct btf *local_btf, __u32 lid, const struct btf *targ_btf,
		       __u32 tid);

/* core_calc_relo() + core_patch_insn(), logging one line on any failure. */
int core_apply_relo(const char *prog_name, struct bpf_insn *insns, size_t insn_cnt,
		    const struct btf *local_btf, const struct bpf_core_relo *relo, int relo_idx,
		    const struct btf *targ_btf, struct core_cands_cache *cache);

/* "FIELD_BYTE_OFFSET" etc., "UNKNOWN" for other values. */
const char *core_relo_kind_str(__u32 kind);

#endif
