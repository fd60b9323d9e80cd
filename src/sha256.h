/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* SHA-256 (FIPS 180-4): the digest the kernel keeps of a program, which
 * exclusive maps are bound to. */
#ifndef __BPFKIT_SHA256_H
#define __BPFKIT_SHA256_H

#include <stddef.h>
#include <linux/types.h>

#define SHA256_DIGEST_LEN 32

void sha256(const void *data, size_t len, __u8 out[SHA256_DIGEST_LEN]);

#endif
