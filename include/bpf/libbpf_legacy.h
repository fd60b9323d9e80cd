/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Compatibility entry points kept from libbpf's 0.x to 1.0 transition. */
#ifndef __BPFKIT_LIBBPF_LEGACY_H
#define __BPFKIT_LIBBPF_LEGACY_H

#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/types.h>
#include "libbpf_common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum libbpf_strict_mode {
	LIBBPF_STRICT_ALL = 0xffffffff,
	LIBBPF_STRICT_NONE = 0x00,
	LIBBPF_STRICT_CLEAN_PTRS = 0x01,
	LIBBPF_STRICT_DIRECT_ERRS = 0x02,
	LIBBPF_STRICT_SEC_NAME = 0x04,
	LIBBPF_STRICT_NO_OBJECT_LIST = 0x08,
	LIBBPF_STRICT_AUTO_RLIMIT_MEMLOCK = 0x10,
	LIBBPF_STRICT_MAP_DEFINITIONS = 0x20,
	__LIBBPF_STRICT_LAST,
};

/* 1.x is always strict; accepted and ignored for old callers. */
LIBBPF_API int libbpf_set_strict_mode(enum libbpf_strict_mode mode);

/* Error of a pointer-returning call: -errno if ptr is NULL, else 0. */
LIBBPF_API long libbpf_get_error(const void *ptr);

#define DECLARE_LIBBPF_OPTS LIBBPF_OPTS

struct btf;
struct btf_ext;
struct bpf_program;
struct bpf_map;

/* Old names of bpf_program__type(), bpf_program__expected_attach_type()
 * and bpf_map__pin_path(). */
LIBBPF_API enum bpf_prog_type bpf_program__get_type(const struct bpf_program *prog);
LIBBPF_API enum bpf_attach_type
bpf_program__get_expected_attach_type(const struct bpf_program *prog);
LIBBPF_API const char *bpf_map__get_pin_path(const struct bpf_map *map);

/* Old names of btf__load_vmlinux_btf(), btf__raw_data(), btf_ext__raw_data(). */
LIBBPF_API struct btf *libbpf_find_kernel_btf(void);
LIBBPF_API const void *btf__get_raw_data(const struct btf *btf, __u32 *size);
LIBBPF_API const void *btf_ext__get_raw_data(const struct btf_ext *btf_ext, __u32 *size);

#ifdef __cplusplus
}
#endif

#endif
