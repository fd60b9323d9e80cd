/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Helpers shared by the BTF tests: hand-built blobs and kernel BTF access. */
#ifndef __BPFKIT_TEST_BTF_HELPERS_H
#define __BPFKIT_TEST_BTF_HELPERS_H

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <byteswap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VMLINUX "/sys/kernel/btf/vmlinux"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* A raw blob assembled word by word: types in words[], strings in strs[]. */
struct raw_btf {
	__u32 words[256];
	int nw;
	char strs[256];
	int slen;
	unsigned char out[4096];
	__u32 out_len;
};

static inline void rb_init(struct raw_btf *rb)
{
	memset(rb, 0, sizeof(*rb));
	rb->slen = 1; /* "" at offset 0 */
}

static inline __u32 rb_str(struct raw_btf *rb, const char *s)
{
	__u32 off = rb->slen;

	strcpy(rb->strs + off, s);
	rb->slen += strlen(s) + 1;
	return off;
}

static inline void rb_w(struct raw_btf *rb, __u32 w)
{
	rb->words[rb->nw++] = w;
}

static inline __u32 rb_info(__u32 kind, __u32 kflag, __u32 vlen)
{
	return (kflag << 31) | (kind << 24) | vlen;
}

/* Type header (name_off, info, size/type). */
static inline void rb_t(struct raw_btf *rb, __u32 name, __u32 kind, __u32 kflag, __u32 vlen,
			__u32 size_type)
{
	rb_w(rb, name);
	rb_w(rb, rb_info(kind, kflag, vlen));
	rb_w(rb, size_type);
}

/* Assemble header + types + strings into rb->out. */
static inline const void *rb_blob(struct raw_btf *rb)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = rb->nw * 4,
		.str_off = rb->nw * 4, .str_len = rb->slen,
	};

	memcpy(rb->out, &h, sizeof(h));
	memcpy(rb->out + sizeof(h), rb->words, h.type_len);
	memcpy(rb->out + sizeof(h) + h.type_len, rb->strs, h.str_len);
	rb->out_len = sizeof(h) + h.type_len + h.str_len;
	return rb->out;
}

static inline struct btf_header *rb_hdr(struct raw_btf *rb)
{
	return (struct btf_header *)rb->out;
}

/* The running kernel's BTF, parsed once per process (never freed). */
static inline struct btf *vmlinux_btf(void)
{
	static struct btf *btf;

	if (!btf)
		btf = btf__parse_raw(VMLINUX);
	return btf;
}

#endif
