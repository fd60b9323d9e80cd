// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the ELF reader: open the input as an object and read
 * every section, symbol and relocation through the accessors. Besides the
 * sanitizers, a few invariants of the accessors are checked and trap.
 */
#include <stdint.h>
#include <string.h>

#include "elf.h"
#include "libbpf_internal.h"

static volatile uint8_t sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* malformed input is the normal case here: keep the log quiet */
	libbpf_set_print(NULL);
	return 0;
}

static void touch(const void *p, uint64_t len)
{
	const uint8_t *b = p;

	if (!p || !len)
		return;
	/* ASan checks both ends of what the reader claims is in bounds */
	sink ^= b[0] ^ b[len - 1];
}

static void walk_sec(const struct elf_file *ef, const struct elf_sec *s, size_t i)
{
	const struct elf_sec *named;
	struct elf_rel rel;
	struct elf_sym sym;

	if (!s || s->idx != i || !s->name)
		__builtin_trap();
	sink ^= (uint8_t)strlen(s->name);
	if (s->type != 8 /* SHT_NOBITS */)
		touch(s->data, s->size);
	named = elf_sec_by_name(ef, s->name);
	/* the first section of that name, so never a later one */
	if (!named || named->idx > i || strcmp(named->name, s->name))
		__builtin_trap();
	for (size_t k = 0; k < elf_rel_cnt(s); k++) {
		if (elf_rel_get(ef, s, k, &rel))
			continue;
		if (rel.sym >= elf_sym_cnt(ef) || elf_sym_get(ef, rel.sym, &sym) < -4095)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_file *ef;
	struct elf_sym sym;
	size_t raw_size;

	if (elf_open_mem(data, size, "fuzz", &ef))
		return 0;
	if (elf_raw(ef, &raw_size) != data || raw_size != size)
		__builtin_trap();
	for (size_t i = 0; i < elf_sec_cnt(ef); i++)
		walk_sec(ef, elf_sec_by_idx(ef, i), i);
	if (elf_sec_by_idx(ef, elf_sec_cnt(ef)))
		__builtin_trap();
	for (size_t i = 0; i < elf_sym_cnt(ef); i++) {
		if (elf_sym_get(ef, i, &sym))
			continue;
		sink ^= (uint8_t)strlen(sym.name);
		if (sym.shndx && sym.shndx < 0xff00 && sym.shndx >= elf_sec_cnt(ef))
			__builtin_trap();
		elf_sym_by_name(ef, sym.name, NULL);
	}
	if (elf_sym_get(ef, elf_sym_cnt(ef), &sym) != -22)
		__builtin_trap();
	elf_close(ef);
	return 0;
}
