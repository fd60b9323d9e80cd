/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Kernel config parsing for `.kconfig` externs (CONFIG_*,
 * LINUX_KERNEL_VERSION). Parsing is pure (text in, table out); the *_system
 * and kernel_version_code() functions are thin readers of the running
 * system.
 *
 * Line format, as libbpf reads it:
 *   - only lines starting with "CONFIG_" are entries; every other line
 *     (blank, comments, anything else) is ignored, except that
 *     "# CONFIG_FOO is not set" is recorded as a tristate 'n' entry with
 *     not_set = true (libbpf ignores that line; see kconfig_resolve()).
 *   - an entry without '=' or without a value is malformed: -EINVAL, with
 *     one warning naming the line number.
 *   - the value's first character decides its kind, as in libbpf:
 *     'y'/'m'/'n' -> tristate; '"' -> string, which must end with '"';
 *     anything else -> integer via strtoull(base 0), so decimal, 0x hex and
 *     0 octal, and "-1" wraps to 2^64-1 exactly as in libbpf; a value that
 *     is not entirely a number is malformed.
 *   - the same name twice: the first one wins (libbpf never overwrites an
 *     extern it has already set); as libbpf skips "is not set" lines, a
 *     later value of the same name wins over such a line.
 *   - a trailing "\r" is stripped along with the "\n".
 *
 * Strings: `value` keeps the text between the quotes verbatim, which is what
 * libbpf copies into a char-array extern; `str` additionally undoes the
 * backslash escapes (\" and \\) that the kernel's .config writer adds.
 *
 * libbpf semantics of bpf_object_open_opts.kconfig (the user string):
 * it is consulted first and entry by entry; an extern it sets is final. The
 * system config (/boot/config-$(uname -r), else /proc/config.gz) is read
 * only if some CONFIG_* extern is still unset afterwards, and only fills
 * those. So the user string is an override per entry, not a replacement of
 * the whole system config; kconfig_resolve() implements that lookup order.
 * Externs left unset are zero if __weak, otherwise the load fails.
 * LINUX_KERNEL_VERSION comes from kernel_version_code(); LINUX_HAS_BPF_COOKIE
 * and LINUX_HAS_SYSCALL_WRAPPER are feature probes of the loader, not config.
 *
 * One deliberate difference: libbpf checks a value's syntax only for names
 * the object uses, while this parser checks every entry, so a config with a
 * bad value anywhere is refused. Kernel-generated configs never have one.
 */
#ifndef __BPFKIT_KCONFIG_H
#define __BPFKIT_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kconfig_kind {
	KCONFIG_TRISTATE,	/* tristate: 'y', 'm' or 'n' */
	KCONFIG_INT,		/* number: num */
	KCONFIG_STR,		/* quoted string: str / str_len */
};

/* Same numbering as enum libbpf_tristate of the BPF-side headers. */
enum kconfig_tristate {
	KCONFIG_TRI_NO = 0,
	KCONFIG_TRI_YES = 1,
	KCONFIG_TRI_MODULE = 2,
};

struct kconfig_entry {
	const char *name;	/* "CONFIG_FOO" */
	const char *value;	/* text after '=' (between the quotes for strings) */
	const char *str;	/* KCONFIG_STR: unescaped contents, NUL-terminated */
	size_t str_len;		/* KCONFIG_STR: length of str */
	uint64_t num;		/* KCONFIG_INT: value; KCONFIG_TRISTATE: kconfig_tristate */
	enum kconfig_kind kind;
	char tristate;		/* KCONFIG_TRISTATE: 'y', 'm' or 'n' */
	bool not_set;		/* from "# CONFIG_FOO is not set" */
	unsigned int line;	/* 1-based line number in the source text */
};

struct kconfig;

/* Parse config text (need not be NUL-terminated). Returns 0 and a new
 * table in *cfg, or -EINVAL (malformed line) / -ENOMEM. */
int kconfig_parse_text(const char *text, size_t len, struct kconfig **cfg);

/* Read the running kernel's config: /boot/config-$(uname -r) first, then
 * /proc/config.gz (libbpf's order); either may be gzip-compressed or
 * plain. -ENOENT when neither exists. */
int kconfig_load_system(struct kconfig **cfg);

/* Read one config file (gzip or plain). */
int kconfig_load_file(const char *path, struct kconfig **cfg);

void kconfig_free(struct kconfig *cfg);

/* Entry by full name ("CONFIG_FOO"), or NULL. "not set" entries are
 * returned too (not_set == true). */
const struct kconfig_entry *kconfig_get(const struct kconfig *cfg, const char *name);

/* Number of entries and the i-th one in file order. */
size_t kconfig_count(const struct kconfig *cfg);
const struct kconfig_entry *kconfig_entry_at(const struct kconfig *cfg, size_t i);

/* libbpf's lookup order for a CONFIG_* extern: the user string, then the
 * system config; "not set" lines count as absent in both, as in libbpf.
 * Either table may be NULL. NULL result: the extern stays unset. */
const struct kconfig_entry *kconfig_resolve(const struct kconfig *user, const struct kconfig *sys,
					    const char *name);

/* C type of a `.kconfig` extern, as the loader classifies it from BTF. */
enum kconfig_ext_type {
	KCONFIG_EXT_BOOL,	/* bool */
	KCONFIG_EXT_TRISTATE,	/* enum libbpf_tristate */
	KCONFIG_EXT_CHAR,	/* char */
	KCONFIG_EXT_INT,	/* integer of 1, 2, 4 or 8 bytes */
	KCONFIG_EXT_CHAR_ARR,	/* char[size] */
};

/*
 * Write entry e into an extern of the given type and size at dst (native
 * byte order), with libbpf's conversion rules:
 *   tristate y/m/n -> bool (y = 1, n = 0, m refused), tristate enum, or
 *                     char (the letter itself); not into int or char[]
 *   string         -> char[] only, copied raw (see `value`) and cut to
 *                     size - 1 bytes plus NUL, with a warning when cut
 *   number         -> int, char, or bool (only 0 and 1); it must fit the
 *                     size (and sign), else -ERANGE
 * Returns 0, -EINVAL (type mismatch) or -ERANGE, with one warning.
 */
int kconfig_entry_store(const struct kconfig_entry *e, enum kconfig_ext_type type, size_t size,
			bool is_signed, void *dst);

/* The number rule above on its own, e.g. for LINUX_KERNEL_VERSION. */
int kconfig_store_num(const char *name, uint64_t v, enum kconfig_ext_type type, size_t size,
		      bool is_signed, void *dst);

/* KERNEL_VERSION(a, b, c) from a uname release such as "6.18.44-foo";
 * c is clamped to 255 as the kernel's macro does, a missing c is 0. When
 * version (uname -v) contains "Debian X.Y.Z" or ubuntu_sig (the contents of
 * /proc/version_signature) reads "Ubuntu ... X.Y.Z", that upstream version
 * is used instead, as libbpf does. 0 when nothing parses. */
uint32_t kernel_version_parse(const char *release, const char *version, const char *ubuntu_sig);

/* The running kernel's LINUX_KERNEL_VERSION (0 if uname fails to parse). */
uint32_t kernel_version_code(void);

/* Read a whole file (regular or /proc, where st_size is 0) into a malloc()ed
 * NUL-terminated buffer, at most max bytes. -E2BIG beyond max. */
int read_whole_file(const char *path, void **buf, size_t *len, size_t max);

#endif
