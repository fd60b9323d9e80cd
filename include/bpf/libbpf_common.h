/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Definitions shared by every bpfkit userspace header. */
#ifndef __BPFKIT_LIBBPF_COMMON_H
#define __BPFKIT_LIBBPF_COMMON_H

#include <string.h>
#include "libbpf_version.h"

#ifndef LIBBPF_API
#define LIBBPF_API __attribute__((visibility("default")))
#endif

#define LIBBPF_DEPRECATED(msg) __attribute__((deprecated(msg)))

/* Deprecation markers that libbpf keys on its own version; bpfkit keeps every
 * 1.x name working, so these expand to nothing. */
#define LIBBPF_DEPRECATED_SINCE(major, minor, msg)
#define LIBBPF_OPTS_RESET_FIELDS(...)

/* Option structs start with `size_t sz`, set to sizeof() by the caller so the
 * library can tell which fields the caller knows about. */
#define LIBBPF_OPTS(TYPE, NAME, ...)                                         \
	struct TYPE NAME = ({                                                \
		memset(&NAME, 0, sizeof(struct TYPE));                       \
		(struct TYPE){                                               \
			.sz = sizeof(struct TYPE),                           \
			__VA_ARGS__                                          \
		};                                                           \
	})

/* Zero an existing opts struct and set it up again with new values. */
#define LIBBPF_OPTS_RESET(NAME, ...)                                         \
	do {                                                                 \
		typeof(NAME) ___##NAME = ({                                  \
			memset(&___##NAME, 0, sizeof(NAME));                 \
			(typeof(NAME)){                                      \
				.sz = sizeof(NAME),                          \
				__VA_ARGS__                                  \
			};                                                   \
		});                                                          \
		memcpy(&NAME, &___##NAME, sizeof(NAME));                     \
	} while (0)

#endif
