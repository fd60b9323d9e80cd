/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * DEFLATE (RFC 1951) decoder and gzip (RFC 1952) container, so that
 * /proc/config.gz can be read without zlib. Pure: input and output are
 * memory buffers; nothing here touches files.
 *
 * All functions return 0 or a negative errno:
 *   -EINVAL  corrupt input (one pr_warn line names the input, the byte
 *            offset and why)
 *   -E2BIG   the output would exceed max_out
 *   -ENOMEM  allocation failed
 * On failure *out is NULL and nothing is left allocated.
 */
#ifndef __BPFKIT_INFLATE_H
#define __BPFKIT_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/* Decode a gzip file: one or more members, each with its CRC-32 and ISIZE
 * verified. Trailing zero bytes after the last member are tolerated (as the
 * gzip tool does); other trailing bytes are corruption. *out is malloc()ed
 * (NUL-terminated for the convenience of text users; the NUL is not counted
 * in *out_len) and must be free()d by the caller. */
int gzip_inflate(const void *in, size_t in_len, void **out, size_t *out_len, size_t max_out);

/* Same, naming the input (e.g. its path) in the warning. */
int gzip_inflate_named(const void *in, size_t in_len, void **out, size_t *out_len, size_t max_out,
		       const char *name);

/* Decode a raw DEFLATE stream (no container). *consumed, if not NULL, gets
 * the number of input bytes up to the end of the final block. */
int deflate_inflate(const void *in, size_t in_len, void **out, size_t *out_len, size_t max_out,
		    size_t *consumed);

/* True when buf starts with the gzip magic bytes. */
int gzip_is_gzip(const void *buf, size_t len);

/* CRC-32 (IEEE 802.3, as used by gzip) of buf, continuing from crc (0 to
 * start). */
uint32_t gzip_crc32(uint32_t crc, const void *buf, size_t len);

#endif
