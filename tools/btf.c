// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * `bpfkit btf dump`: print a BTF object as a raw listing of its types (the
 * same text bpftool prints) or as a vmlinux.h-style C header.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_internal.h"
#include "cli.h"

static const char *kind_name(const struct btf_type *t)
{
	return btf_kind_str(btf_kind(t));
}

static const char *str_or_anon(const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);

	return s && *s ? s : "(anon)";
}

static const char *int_encoding(const struct btf_type *t)
{
	switch (btf_int_encoding(t)) {
	case 0:
		return "(none)";
	case BTF_INT_SIGNED:
		return "SIGNED";
	case BTF_INT_CHAR:
		return "CHAR";
	case BTF_INT_BOOL:
		return "BOOL";
	default:
		return "UNKN";
	}
}

static const char *func_linkage(__u32 l)
{
	switch (l) {
	case 0:
		return "static";
	case 1:
		return "global";
	case 2:
		return "extern";
	default:
		return "(unknown)";
	}
}

static void raw_members(const struct btf *btf, const struct btf_type *t, FILE *f)
{
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		__u32 bits = btf_member_bitfield_size(t, i);

		fprintf(f, "\n\t'%s' type_id=%u bits_offset=%u", str_or_anon(btf, m->name_off),
			m->type, btf_member_bit_offset(t, i));
		if (bits)
			fprintf(f, " bitfield_size=%u", bits);
	}
}

static void raw_enum(const struct btf *btf, const struct btf_type *t, FILE *f)
{
	bool sgn = btf_kflag(t);

	fprintf(f, "encoding=%s size=%u vlen=%u", sgn ? "SIGNED" : "UNSIGNED", t->size,
		btf_vlen(t));
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;

			fprintf(f, sgn ? "\n\t'%s' val=%d" : "\n\t'%s' val=%u",
				str_or_anon(btf, e->name_off), e->val);
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;
			__u64 v = btf_enum64_value(e);

			if (sgn)
				fprintf(f, "\n\t'%s' val=%lldLL", str_or_anon(btf, *(const __u32 *)e),
					(long long)v);
			else
				fprintf(f, "\n\t'%s' val=%lluULL", str_or_anon(btf, *(const __u32 *)e),
					(unsigned long long)v);
		}
	}
}

static void raw_type(const struct btf *btf, __u32 id, FILE *f)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	fprintf(f, "[%u] %s '%s' ", id, kind_name(t), str_or_anon(btf, t->name_off));
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		fprintf(f, "size=%u bits_offset=%u nr_bits=%u encoding=%s", t->size,
			btf_int_offset(t), btf_int_bits(t), int_encoding(t));
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		fprintf(f, "type_id=%u", t->type);
		break;
	case BTF_KIND_ARRAY:
		fprintf(f, "type_id=%u index_type_id=%u nr_elems=%u", btf_array(t)->type,
			btf_array(t)->index_type, btf_array(t)->nelems);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		fprintf(f, "size=%u vlen=%u", t->size, btf_vlen(t));
		raw_members(btf, t, f);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		raw_enum(btf, t, f);
		break;
	case BTF_KIND_FWD:
		fprintf(f, "fwd_kind=%s", btf_kflag(t) ? "union" : "struct");
		break;
	case BTF_KIND_FUNC:
		fprintf(f, "type_id=%u linkage=%s", t->type, func_linkage(btf_vlen(t)));
		break;
	case BTF_KIND_FUNC_PROTO:
		fprintf(f, "ret_type_id=%u vlen=%u", t->type, btf_vlen(t));
		for (__u16 i = 0; i < btf_vlen(t); i++)
			fprintf(f, "\n\t'%s' type_id=%u", str_or_anon(btf, btf_params(t)[i].name_off),
				btf_params(t)[i].type);
		break;
	case BTF_KIND_VAR:
		fprintf(f, "type_id=%u, linkage=%s", t->type, func_linkage(btf_var(t)->linkage));
		break;
	case BTF_KIND_DATASEC:
		fprintf(f, "size=%u vlen=%u", t->size, btf_vlen(t));
		for (__u16 i = 0; i < btf_vlen(t); i++) {
			const struct btf_var_secinfo *v = btf_var_secinfos(t) + i;
			const struct btf_type *vt = btf__type_by_id(btf, v->type);

			fprintf(f, "\n\ttype_id=%u offset=%u size=%u (%s '%s')", v->type, v->offset,
				v->size, vt ? kind_name(vt) : "UNKNOWN",
				vt ? str_or_anon(btf, vt->name_off) : "(anon)");
		}
		break;
	case BTF_KIND_FLOAT:
		fprintf(f, "size=%u", t->size);
		break;
	case BTF_KIND_DECL_TAG:
		fprintf(f, "type_id=%u component_idx=%d", t->type,
			*(const __s32 *)btf_decl_tag(t));
		break;
	default:
		break;
	}
	fputc('\n', f);
}

static void dump_raw(const struct btf *btf, FILE *f)
{
	const struct btf *base = btf__base_btf(btf);
	__u32 start = base ? btf__type_cnt(base) : 1, cnt = btf__type_cnt(btf);

	for (__u32 id = start; id < cnt; id++)
		raw_type(btf, id, f);
}

static void print_to_file(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

static int dump_c(const struct btf *btf, FILE *f)
{
	struct btf_dump *d = btf_dump__new(btf, print_to_file, f, NULL);
	__u32 cnt = btf__type_cnt(btf);
	int err = 0;

	if (!d)
		return -errno;
	fprintf(f, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n");
	fprintf(f, "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
		   "#pragma clang attribute push (__attribute__((preserve_access_index)), "
		   "apply_to = record)\n#endif\n\n");
	for (__u32 id = 1; id < cnt && !err; id++)
		err = btf_dump__dump_type(d, id);
	fprintf(f, "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n");
	fprintf(f, "#endif /* __VMLINUX_H__ */\n");
	btf_dump__free(d);
	return err;
}

/* Kernel module BTF under /sys/kernel/btf is split on top of vmlinux. */
static struct btf *parse_file(const char *path, struct btf **base)
{
	const char *dir = "/sys/kernel/btf/";

	*base = NULL;
	if (!strncmp(path, dir, strlen(dir)) && strcmp(path + strlen(dir), "vmlinux")) {
		*base = btf__parse("/sys/kernel/btf/vmlinux", NULL);
		if (!*base)
			return NULL;
		return btf__parse_split(path, *base);
	}
	return btf__parse(path, NULL);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bpfkit btf dump file PATH [format raw|c]\n"
		   "       bpfkit btf dump id ID [format raw|c]\n");
}

static int cmd_btf_dump(int argc, char **argv)
{
	struct btf *btf = NULL, *base = NULL;
	bool c_fmt = false;
	char *end;
	int err;

	if (argc != 3 && !(argc == 5 && !strcmp(argv[3], "format"))) {
		usage(stderr);
		return 2;
	}
	if (argc == 5) {
		if (!strcmp(argv[4], "c")) {
			c_fmt = true;
		} else if (strcmp(argv[4], "raw")) {
			fprintf(stderr, "bpfkit: unknown format '%s'\n", argv[4]);
			return 2;
		}
	}
	if (!strcmp(argv[1], "file")) {
		btf = parse_file(argv[2], &base);
	} else if (!strcmp(argv[1], "id")) {
		unsigned long id = strtoul(argv[2], &end, 0);

		if (*end || !*argv[2]) {
			fprintf(stderr, "bpfkit: invalid BTF id '%s'\n", argv[2]);
			return 2;
		}
		btf = btf__load_from_kernel_by_id(id);
	} else {
		usage(stderr);
		return 2;
	}
	if (!btf) {
		err = -errno;
		fprintf(stderr, "bpfkit: failed to load BTF from %s: %s\n", argv[2], strerror(-err));
		btf__free(base);
		return 1;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	err = 0;
	if (c_fmt)
		err = dump_c(btf, stdout);
	else
		dump_raw(btf, stdout);
	if (fflush(stdout) && !err)
		err = -errno;
	if (err)
		fprintf(stderr, "bpfkit: btf dump failed: %s\n", strerror(-err));
	btf__free(btf);
	btf__free(base);
	return err ? 1 : 0;
}

int cmd_btf(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "dump"))
		return cmd_btf_dump(argc - 1, argv + 1);
	usage(argc >= 2 && !strcmp(argv[1], "help") ? stdout : stderr);
	return 2;
}
