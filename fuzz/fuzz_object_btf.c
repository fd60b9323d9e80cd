// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for BTF inside ELF objects: open the input with the ELF
 * reader and hand its .BTF, .BTF.ext and .BTF.base sections to the BTF
 * parsers the way btf__parse_elf() does, then check the records against the types and walk
 * them, so mutations of whole objects reach the BTF code too.
 */
#include <stdint.h>
#include <string.h>

#include "btf_ext.h"
#include "elf.h"
#include "libbpf_internal.h"

static volatile uint8_t sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static const void *sec_data(const struct elf_file *ef, const char *name, __u32 *size)
{
	const struct elf_sec *sec = elf_sec_by_name(ef, name);

	if (!sec || !sec->data || sec->size > UINT32_MAX)
		return NULL;
	*size = sec->size;
	return sec->data;
}

static void walk_types(const struct btf *btf)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t)
			__builtin_trap();
		sink ^= (uint8_t)strlen(btf__name_by_offset(btf, t->name_off) ?: "");
		btf__resolve_size(btf, id);
		btf__align_of(btf, id);
	}
}

static void walk_ext(const struct btf_ext *ext, const struct btf *btf)
{
	for (int k = 0; k < BTF_EXT_KIND_CNT; k++) {
		const struct btf_ext_info *info = btf_ext_info(ext, k);
		const struct btf_ext_sec *sec;
		const __u32 *rec;
		__u32 i;

		for_each_btf_ext_sec(info, sec) {
			if (!btf_ext_sec_name(btf, sec))
				__builtin_trap();
			/* every kind's record starts with insn_off */
			for_each_btf_ext_rec(info, sec, i, rec)
				sink ^= (uint8_t)rec[0];
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const void *btf_data, *ext_data, *dist_data;
	__u32 btf_size = 0, ext_size = 0, dist_size = 0;
	struct btf *dist = NULL;
	struct btf_ext *ext = NULL;
	struct elf_file *ef;
	struct btf *btf;

	if (elf_open_mem(data, size, "fuzz", &ef))
		return 0;
	btf_data = sec_data(ef, ".BTF", &btf_size);
	ext_data = sec_data(ef, ".BTF.ext", &ext_size);
	dist_data = sec_data(ef, ".BTF.base", &dist_size);
	/* a distilled base, as in out-of-tree kernel modules */
	if (dist_data)
		dist = btf__new(dist_data, dist_size);
	btf = btf_data ? btf__new_split(btf_data, btf_size, dist) : NULL;
	if (btf && ext_data)
		ext = btf_ext__new(ext_data, ext_size);
	if (btf)
		walk_types(btf);
	if (ext && !btf_ext_check(ext, btf))
		walk_ext(ext, btf);
	btf_ext__free(ext);
	btf__free(btf);
	btf__free(dist);
	elf_close(ef);
	return 0;
}
