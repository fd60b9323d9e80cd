// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the .BTF.ext parser. Input layout: a 4-byte
 * little-endian length N, then N bytes of .BTF, then the .BTF.ext blob.
 * The .BTF.ext is parsed on its own; when the BTF part parses too, the
 * records are checked against it and every record is read.
 */
#include <stdint.h>
#include <string.h>

#include "btf_ext.h"
#include "libbpf_internal.h"

static volatile uint8_t sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static void touch(const void *p, __u32 len)
{
	const uint8_t *b = p;

	if (!len)
		return;
	sink ^= b[0] ^ b[len - 1];
}

static void walk_kind(const struct btf_ext *ext, const struct btf *btf,
		      enum btf_ext_kind kind)
{
	const struct btf_ext_info *info = btf_ext_info(ext, kind);
	const struct btf_ext_sec *sec;
	const void *rec;
	__u32 i;

	if (!info)
		__builtin_trap();
	for_each_btf_ext_sec(info, sec) {
		if (!sec->num_info)
			__builtin_trap();
		if (btf) {
			const char *name = btf_ext_sec_name(btf, sec);

			/* btf_ext_check() vouched for every name */
			if (!name)
				__builtin_trap();
			sink ^= (uint8_t)strlen(name);
		}
		for_each_btf_ext_rec(info, sec, i, rec)
			touch(rec, info->rec_size);
	}
}

static void round_trip(const struct btf_ext *ext)
{
	struct btf_ext *again;
	const void *raw;
	__u32 size;

	raw = btf_ext__raw_data(ext, &size);
	if (!raw)
		__builtin_trap();
	again = btf_ext__new(raw, size);
	if (!again)
		__builtin_trap();
	btf_ext__free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf_ext *ext;
	struct btf *btf = NULL;
	__u32 btf_len;

	if (size < 4 || size > UINT32_MAX)
		return 0;
	btf_len = data[0] | data[1] << 8 | data[2] << 16 | (__u32)data[3] << 24;
	data += 4;
	size -= 4;
	if (btf_len > size)
		btf_len = size;
	ext = btf_ext__new(data + btf_len, size - btf_len);
	if (!ext)
		return 0;
	if (btf_len)
		btf = btf__new(data, btf_len);
	if (btf && btf_ext_check(ext, btf)) {
		btf__free(btf);
		btf = NULL;
	}
	for (int k = 0; k < BTF_EXT_KIND_CNT; k++)
		walk_kind(ext, btf, k);
	round_trip(ext);
	btf__free(btf);
	btf_ext__free(ext);
	return 0;
}
