// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the text parsers of extern resolution: the input is
 * parsed as kernel config text and as /proc/kallsyms text, the latter both
 * at once and streamed in chunks whose size comes from the first byte. The
 * two kallsyms parses must agree; every listed entry must be found again by
 * name; otherwise the sanitizers judge.
 */
#include <stdint.h>
#include <string.h>

#include "kallsyms.h"
#include "kconfig.h"
#include "libbpf_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static void fuzz_kconfig(const char *text, size_t len)
{
	struct kconfig *cfg;

	if (kconfig_parse_text(text, len, &cfg))
		return;
	for (size_t i = 0; i < kconfig_count(cfg); i++) {
		const struct kconfig_entry *e = kconfig_entry_at(cfg, i), *f;

		f = kconfig_get(cfg, e->name);
		/* the first entry of a name is the one found, unless that is
		 * an "is not set" line and a later one sets a value */
		if (!f || strcmp(f->name, e->name))
			__builtin_trap();
		if (f > e && !(e->not_set && !f->not_set))
			__builtin_trap();
		if (e->kind == KCONFIG_STR && strlen(e->str) > e->str_len)
			__builtin_trap();
		kconfig_resolve(cfg, NULL, e->name);
		/* every type, in sizes that fit and some that do not */
		for (int t = KCONFIG_EXT_BOOL; t <= KCONFIG_EXT_CHAR_ARR; t++) {
			static const size_t sizes[] = { 1, 2, 3, 4, 8, 16 };
			uint8_t buf[16];

			for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
				kconfig_entry_store(e, t, sizes[k], k & 1, buf);
		}
	}
	kconfig_free(cfg);
}

static struct kallsyms *streamed(const char *text, size_t len, size_t chunk)
{
	struct kallsyms *ks = kallsyms_new();

	if (!ks)
		return NULL;
	for (size_t off = 0; off < len; off += chunk) {
		if (kallsyms_feed(ks, text + off, min(chunk, len - off))) {
			kallsyms_free(ks);
			return NULL;
		}
	}
	if (kallsyms_finish(ks)) {
		kallsyms_free(ks);
		return NULL;
	}
	return ks;
}

static void fuzz_kallsyms(const char *text, size_t len, size_t chunk)
{
	struct kallsyms *ks, *ks2;
	struct ksym a, b;
	uint64_t addr;
	int err;

	err = kallsyms_parse(text, len, &ks);
	ks2 = streamed(text, len, chunk);
	if (!err != !!ks2)
		__builtin_trap();
	if (err)
		return;
	if (kallsyms_count(ks) != kallsyms_count(ks2))
		__builtin_trap();
	for (size_t i = 0; i < kallsyms_count(ks); i++) {
		if (kallsyms_at(ks, i, &a) || kallsyms_at(ks2, i, &b))
			__builtin_trap();
		if (a.addr != b.addr || strcmp(a.name, b.name))
			__builtin_trap();
		if (kallsyms_find(ks, a.name, &b))
			__builtin_trap();
		while (b.idx != i)
			if (kallsyms_find_next(ks, &b))
				__builtin_trap();
		kallsyms_resolve(ks, a.name, &addr);
	}
	kallsyms_free(ks);
	kallsyms_free(ks2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chunk = size ? data[0] % 64 + 1 : 1;

	fuzz_kconfig((const char *)data, size);
	fuzz_kallsyms((const char *)data, size, chunk);
	return 0;
}
