/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* gzip decompression for /proc/config.gz (no zlib). Pure. */
#ifndef __BPFKIT_INFLATE_H
#define __BPFKIT_INFLATE_H

#include <stddef.h>

/* Decompress the gzip member in in[0..in_sz) into a malloc()ed buffer
 * (*out, *out_sz; caller frees). At most max_out bytes are produced.
 * Returns 0, -EINVAL (not gzip, corrupt data, CRC or length mismatch),
 * -E2BIG (output larger than max_out) or -ENOMEM. */
int gzip_inflate(const void *in, size_t in_sz, size_t max_out, void **out, size_t *out_sz);

#endif
