// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the CO-RE engine: the input is a BPF object. Its
 * .BTF serves as local BTF and, parsed a second time, as target; every
 * CO-RE record of .BTF.ext is computed (as recorded and with its kind
 * changed) and patched into a copy of its section's instructions. Checked
 * invariants trap.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf_ext.h"
#include "core.h"
#include "elf.h"
#include "libbpf_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static void run_relo(const struct btf *local, const struct btf *targ,
		     struct core_cands_cache *cache, const struct bpf_core_relo *r,
		     struct bpf_insn *insns, size_t cnt)
{
	struct core_relo_res res;

	if (core_calc_relo(local, r, targ, cache, &res))
		return;
	/* a resolved value comes with a description; a poison with a reason */
	if (!res.desc[0] || (res.poison && !res.why[0]))
		__builtin_trap();
	if (insns)
		core_patch_insn("fuzz", insns, cnt, r, 0, &res);
}

static void run_sec(const struct btf *local, const struct btf *targ,
		    struct core_cands_cache *cache, struct elf_file *ef,
		    const struct btf_ext_info *ci, const struct btf_ext_sec *sec)
{
	const char *name = btf_ext_sec_name(local, sec);
	const struct elf_sec *es = name ? elf_sec_by_name(ef, name) : NULL;
	const struct bpf_core_relo *r;
	struct bpf_insn *insns = NULL;
	size_t cnt = 0;
	__u32 i;

	if (es && es->data && es->size && es->size % 8 == 0 && es->size < (1 << 20)) {
		insns = malloc(es->size);
		if (insns) {
			memcpy(insns, es->data, es->size);
			cnt = es->size / 8;
		}
	}
	for_each_btf_ext_rec(ci, sec, i, r) {
		struct bpf_core_relo rr = *r;

		run_relo(local, targ, cache, &rr, insns, cnt);
		rr.kind = (rr.kind + 1 + i) % (BPF_CORE_TYPE_MATCHES + 2);
		run_relo(local, targ, NULL, &rr, insns, cnt);
	}
	free(insns);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf *local = NULL, *targ = NULL;
	const struct elf_sec *bs, *es;
	struct core_cands_cache *cache = NULL;
	const struct btf_ext_info *ci;
	const struct btf_ext_sec *sec;
	struct btf_ext *ext = NULL;
	struct elf_file *ef;

	if (elf_open_mem(data, size, "fuzz", &ef))
		return 0;
	bs = elf_sec_by_name(ef, ".BTF");
	es = elf_sec_by_name(ef, ".BTF.ext");
	if (!bs || !es || !bs->data || !es->data || bs->size > UINT32_MAX || es->size > UINT32_MAX)
		goto out;
	local = btf__new(bs->data, bs->size);
	targ = btf__new(bs->data, bs->size);
	ext = btf_ext__new(es->data, es->size);
	cache = core_cands_cache_new(NULL, 0);
	if (!local || !targ || !ext || !cache || btf_ext_check(ext, local))
		goto out;
	ci = btf_ext_info(ext, BTF_EXT_CORE_RELO);
	for_each_btf_ext_sec(ci, sec)
		run_sec(local, targ, cache, ef, ci, sec);
out:
	core_cands_cache_free(cache);
	btf_ext__free(ext);
	btf__free(local);
	btf__free(targ);
	elf_close(ef);
	return 0;
}
