/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* State shared by btf_dump.c (C declarations) and btf_dump_data.c (values). */
#ifndef __BPFKIT_BTF_DUMP_INTERNAL_H
#define __BPFKIT_BTF_DUMP_INTERNAL_H

#include <stdarg.h>
#include <bpf/btf.h>

#include "libbpf_internal.h"

/* Growable output text; flushed through the user's printf callback. */
struct dump_buf {
	char *s;
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed: output is truncated */
};

/* Identifier -> number of distinct types using it (open addressing). */
struct name_slot {
	char *name;
	__u32 hash;
	__u32 cnt;
};

struct name_map {
	struct name_slot *slots;
	size_t cap; /* power of two, 0 = empty */
	size_t cnt;
};

struct btf_dump {
	const struct btf *btf;
	btf_dump_printf_fn_t printf_fn;
	void *ctx;

	__u32 nr;        /* types covered by the per-type arrays */
	__u8 *state;     /* DS_* flags */
	__u32 *name_dup; /* 0: unresolved, 1: plain name, N: name___N */
	__u16 *lay;      /* cached alignment (low 12 bits), LAY_* flags */
	struct name_map tags;   /* struct/union/enum/fwd names */
	struct name_map idents; /* typedef names and enumerators */

	struct dump_buf out;
	int depth;

	/* btf_dump__dump_type_data() state */
	const char *data_indent;
	int data_level;
	bool data_compact;
	bool data_skip_names;
	bool data_zeroes;
	const void *data_end;
};

void dbuf_putc(struct dump_buf *b, char c);
void dbuf_puts(struct dump_buf *b, const char *s);
void dbuf_printf(struct dump_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand everything buffered so far to the printf callback. */
void btf_dump_flush(struct btf_dump *d);
/* Make the per-type arrays cover every type of d->btf. */
int btf_dump_sync(struct btf_dump *d);
/* Append the (possibly suffixed) C name of a named type; "struct " etc.
 * prefixes are not included. */
void btf_dump_put_name(struct btf_dump *d, __u32 id);
/* Append a declaration of type id named field (may be "" or NULL). */
int btf_dump_put_decl(struct btf_dump *d, __u32 id, const char *field, int indent,
		      bool strip_mods);

#endif
