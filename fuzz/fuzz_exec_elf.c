// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the executable ELF reader behind uprobes and USDT
 * (src/elf_exec.c) and the SDT note / argument parsing of src/usdt.c: the
 * input is opened as a binary, every function symbol is visited and looked
 * up by name, and the USDT sites of a few probe names are collected and
 * their argument descriptions parsed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf_exec.h"
#include "libbpf_internal.h"
#include "usdt_internal.h"

static volatile uint64_t sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static int visit(const struct exec_sym *s, void *ctx)
{
	const struct exec_elf *ee = ctx;
	uint64_t off;

	/* names are NUL-terminated inside what was read */
	sink ^= strlen(s->name) + s->offset;
	if (exec_elf_func_offset(ee, s->name, &off) == 0)
		sink ^= off;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const probes[][2] = {
		{ "fz", "one" }, { "fz", "two" }, { "bpfkit_t", "three" }, { "", "" },
	};
	struct exec_elf *ee;
	struct usdt_spec spec;
	const void *sec;
	void *buf;
	uint64_t off;
	size_t i;

	/* the reader wants its buffer 8-byte aligned, as malloc gives */
	buf = malloc(size ?: 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (exec_elf_open_mem(buf, size, &ee) == 0) {
		exec_elf_for_each_func(ee, visit, ee);
		if (exec_elf_sec(ee, ".note.stapsdt", &sec))
			sink ^= (uintptr_t)sec;
		for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
			sink ^= usdt_scan_sites(ee, probes[i][0], probes[i][1], &spec);
		if (exec_elf_vaddr_to_off(ee, 0x1000, &off) == 0)
			sink ^= off;
		exec_elf_close(ee);
	}
	free(buf);
	return 0;
}
