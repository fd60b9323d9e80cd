/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfkit: the object, program, map and link API, source compatible with
 * libbpf 1.x.
 */
#ifndef __BPFKIT_LIBBPF_H
#define __BPFKIT_LIBBPF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/bpf.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* libbpf API level this library implements (always 1 for 1.x). */
LIBBPF_API __u32 libbpf_major_version(void);
/* Minor API level of libbpf 1.x that this library matches. */
LIBBPF_API __u32 libbpf_minor_version(void);
/* "v1.7" style string of the libbpf API level. */
LIBBPF_API const char *libbpf_version_string(void);
/* bpfkit's own release version, e.g. "1.7.0". */
LIBBPF_API const char *bpfkit_version_string(void);

enum libbpf_errno {
	__LIBBPF_ERRNO__START = 4000,
	LIBBPF_ERRNO__LIBELF = __LIBBPF_ERRNO__START,
	LIBBPF_ERRNO__FORMAT,
	LIBBPF_ERRNO__KVERSION,
	LIBBPF_ERRNO__ENDIAN,
	LIBBPF_ERRNO__INTERNAL,
	LIBBPF_ERRNO__RELOC,
	LIBBPF_ERRNO__LOAD,
	LIBBPF_ERRNO__VERIFY,
	LIBBPF_ERRNO__PROG2BIG,
	LIBBPF_ERRNO__KVER,
	LIBBPF_ERRNO__PROGTYPE,
	LIBBPF_ERRNO__WRNGPID,
	LIBBPF_ERRNO__INVSEQ,
	LIBBPF_ERRNO__NLPARSE,
	__LIBBPF_ERRNO__END,
};

/* Write a message for error code err (negative or positive errno, or a
 * LIBBPF_ERRNO__ value) into buf; returns 0, or -EINVAL for an unknown code
 * (buf still gets a generic message). */
LIBBPF_API int libbpf_strerror(int err, char *buf, size_t size);

/* Name of a bpf_attach_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_attach_type_str(enum bpf_attach_type t);
/* Name of a bpf_link_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_link_type_str(enum bpf_link_type t);
/* Name of a bpf_map_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_map_type_str(enum bpf_map_type t);
/* Name of a bpf_prog_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t);

enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};

typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level,
				 const char *, va_list ap);

/* Install the function that receives every library message; NULL silences
 * the library. Returns the previous function. The default prints warnings
 * and info to stderr. */
LIBBPF_API libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

/* Number of possible CPUs (from /sys/devices/system/cpu/possible), cached;
 * negative errno on failure. */
LIBBPF_API int libbpf_num_possible_cpus(void);

#ifdef __cplusplus
}
#endif

#endif
