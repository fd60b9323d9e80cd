/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Internal helpers shared by every source file of the library. */
#ifndef __BPFKIT_INTERNAL_H
#define __BPFKIT_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <bpf/libbpf.h>

#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define ptr_to_u64(p) ((__u64)(unsigned long)(p))
#define u64_to_ptr(v) ((void *)(unsigned long)(v))

__attribute__((format(printf, 2, 3))) void libbpf_print(enum libbpf_print_level level,
							  const char *fmt, ...);

#define pr_warn(fmt, ...) libbpf_print(LIBBPF_WARN, "libbpf: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) libbpf_print(LIBBPF_INFO, "libbpf: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) libbpf_print(LIBBPF_DEBUG, "libbpf: " fmt, ##__VA_ARGS__)

/* Thread-safe strerror for log lines; err may be negative. */
const char *errstr(int err);

/* Parse a sysfs CPU list ("0-3,5,7-8"): set mask[c] for listed CPUs c < n
 * (mask may be NULL) and return the highest CPU + 1, or -EINVAL. */
int cpu_list_parse(const char *s, bool *mask, int n);

/* libbpf 1.x convention: negative error returned and errno set to -ret. */
static inline int libbpf_err(int ret)
{
	if (ret < 0)
		errno = -ret;
	return ret;
}

/* Same for a syscall that already set errno: return -errno. */
static inline int libbpf_err_errno(int ret)
{
	return ret < 0 ? -errno : ret;
}

/* Pointer-returning API: NULL with errno set to -err. */
static inline void *libbpf_err_ptr(int err)
{
	errno = -err;
	return NULL;
}

/* Pointer-returning API: pass ptr through, setting errno when it's NULL. */
static inline void *libbpf_ptr(void *ptr)
{
	if (!ptr)
		errno = errno ? errno : ENOMEM;
	return ptr;
}

/* Options structs: `sz` first. A caller built against an older header passes
 * a smaller sz; a newer caller may pass a larger one whose extra tail must be
 * zero (we cannot honour fields we do not know). */
bool libbpf_validate_opts(const char *opts, size_t opts_sz, size_t user_sz,
			  const char *type_name);

#define offsetofend(TYPE, FIELD) (offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))

#define OPTS_VALID(opts, type)                                               \
	(!(opts) || libbpf_validate_opts((const char *)(opts),               \
					 offsetofend(struct type,            \
						     type##__last_field),    \
					 (opts)->sz, #type))
#define OPTS_HAS(opts, field)                                                \
	((opts) && (opts)->sz >= offsetofend(typeof(*(opts)), field))
#define OPTS_GET(opts, field, fallback_value)                                \
	(OPTS_HAS(opts, field) ? (opts)->field : fallback_value)
#define OPTS_SET(opts, field, value)                                         \
	do {                                                                 \
		if (OPTS_HAS(opts, field))                                   \
			(opts)->field = value;                               \
	} while (0)

/* Move fd above stdio (0..2) and make it O_CLOEXEC. Closes the original on
 * success; returns the new fd or -errno. A negative fd passes through. */
int ensure_good_fd(int fd);

/* Close fd if it is valid, preserving errno. */
void close_fd_safe(int fd);

/* Checked growth of a dynamic array: makes room for need elements of
 * elem_sz bytes in *data with capacity *cap. Returns 0 or -ENOMEM. */
int libbpf_ensure_mem(void **data, size_t *cap, size_t elem_sz, size_t need);

/* Read fd to its end into one malloc'd, NUL-terminated buffer (the NUL not
 * counted in *lenp). -E2BIG past max bytes, -ENOMEM, or -errno of read(). */
int read_fd_all(int fd, void **bufp, size_t *lenp, size_t max);

/* FNV-1a over at most n bytes of s, stopping at a NUL: the hash of the
 * short-name tables (ELF sections and symbols, kconfig, kallsyms, BTF
 * flavour chains). Pass SIZE_MAX for a whole NUL-terminated string. */
static inline uint32_t str_hash_n(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- && *s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

#endif
