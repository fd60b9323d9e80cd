// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the gzip/DEFLATE decoder. The input is decoded both
 * as a gzip file and as a raw DEFLATE stream; besides the sanitizers, the
 * result contract is checked and traps: success gives a NUL-terminated
 * buffer within the limit, failure one of the documented errors and no
 * buffer. Whatever decodes as gzip is also fed to the kconfig and kallsyms
 * text parsers, which read the same untrusted kind of text.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inflate.h"
#include "kallsyms.h"
#include "kconfig.h"
#include "libbpf_internal.h"

#define MAX_OUT (1u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static void check_result(int err, void *out, size_t out_len)
{
	if (err) {
		if ((err != -EINVAL && err != -E2BIG && err != -ENOMEM) || out || out_len)
			__builtin_trap();
		return;
	}
	if (!out || out_len > MAX_OUT || ((uint8_t *)out)[out_len] != 0)
		__builtin_trap();
}

static void parse_text(const char *text, size_t len)
{
	struct kallsyms *ks;
	struct kconfig *cfg;
	struct ksym sym;
	uint64_t addr;

	if (!kconfig_parse_text(text, len, &cfg)) {
		for (size_t i = 0; i < kconfig_count(cfg); i++) {
			const struct kconfig_entry *e = kconfig_entry_at(cfg, i);

			if (!e || !kconfig_get(cfg, e->name))
				__builtin_trap();
		}
		kconfig_free(cfg);
	}
	if (!kallsyms_parse(text, len, &ks)) {
		for (size_t i = 0; i < kallsyms_count(ks); i++) {
			if (kallsyms_at(ks, i, &sym) || kallsyms_find(ks, sym.name, &sym))
				__builtin_trap();
			kallsyms_resolve(ks, sym.name, &addr);
		}
		kallsyms_free(ks);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t out_len = 0, used = 0;
	void *out = NULL;
	int err;

	err = gzip_inflate(data, size, &out, &out_len, MAX_OUT);
	check_result(err, out, out_len);
	if (!err) {
		parse_text(out, out_len);
		free(out);
	}
	err = deflate_inflate(data, size, &out, &out_len, MAX_OUT, &used);
	check_result(err, out, out_len);
	if (!err) {
		if (used > size)
			__builtin_trap();
		free(out);
	}
	return 0;
}
