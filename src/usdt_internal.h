/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * USDT internals shared by usdt.c and its tests: the spec layout that
 * <bpf/usdt.bpf.h> reads from the __bpf_usdt_specs map, and the parser of
 * SystemTap SDT argument descriptions ("-4@-20(%rbp)", "8@%rax", "4@$5").
 */
#ifndef __BPFKIT_USDT_INTERNAL_H
#define __BPFKIT_USDT_INTERNAL_H

#include <stdbool.h>
#include <linux/types.h>

#define USDT_MAX_ARGS 12

/* Mirrors enum __bpf_usdt_arg_type of usdt.bpf.h. */
enum usdt_arg_type {
	USDT_ARG_CONST,
	USDT_ARG_REG,
	USDT_ARG_REG_DEREF,
	USDT_ARG_SIB,
};

/* Mirrors struct __bpf_usdt_arg_spec: 16 bytes, the SIB fields packed in
 * the 32-bit word after val_off. */
struct usdt_arg_spec {
	__u64 val_off;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__u32 arg_type : 8;
	__u32 idx_reg_off : 12;
	__u32 scale_bitshift : 4;
	__u32 reserved : 8;
#else
	__u32 reserved : 8;
	__u32 scale_bitshift : 4;
	__u32 idx_reg_off : 12;
	__u32 arg_type : 8;
struct exec_elf;

/* Find the sites of provider:name in ee and parse each one's arguments
 * into spec (for tests and fuzzing). Number of sites, or -errno. */
int usdt_scan_sites(const struct exec_elf *ee, const char *provider, const char *name,
		    struct usdt_spec *spec);

#endif
	short reg_off;
	bool arg_signed;
	char arg_bitshift;
};

/* Mirrors struct __bpf_usdt_spec. */
struct usdt_spec {
	struct usdt_arg_spec args[USDT_MAX_ARGS];
	__u64 usdt_cookie;
	short arg_cnt;
};

/* Parse the space-separated argument descriptions of one probe site
 * into spec (args and arg_cnt; the cookie is left alone). 0, or -EINVAL
 * for a form we cannot fetch (logged by the caller), -EOPNOTSUPP on an
 * architecture whose register names we do not know. */
int usdt_parse_args(const char *args, struct usdt_spec *spec);

struct exec_elf;

/* Find the sites of provider:name in ee and parse each one's arguments
 * into spec (for tests and fuzzing). Number of sites, or -errno. */
int usdt_scan_sites(const struct exec_elf *ee, const char *provider, const char *name,
		    struct usdt_spec *spec);

#endif
