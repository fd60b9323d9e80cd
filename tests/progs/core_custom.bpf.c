// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * CO-RE queries against a hand-built target BTF (tests/test_core.c builds
 * it and hands it to both our engine and Debian's libbpf). The programs
 * only store relocated constants, so they load whatever the target says;
 * nothing here reads kernel memory.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct cs_inner {
	int x;
	int y;
} __attribute__((preserve_access_index));

struct cs {
	int a;
	struct cs_inner in;
	int arr[4];
	unsigned int bf1 : 3;
	int bf2 : 9;
	unsigned char c;
	long l;
	union {
		int u1;
		long u2;
	};
} __attribute__((preserve_access_index));

typedef struct cs cs_t;

/* flavor: "missing" is not in the target's struct cs */
struct cs___flav {
	long l;
	int missing;
	int a;
} __attribute__((preserve_access_index));

enum ce {
	CE_A = 1,
	CE_B = 2,
	CE_C = 3,
};

volatile __u64 ptr;
__u64 out[64];

SEC("tc")
int custom_fields(struct __sk_buff *ctx)
{
	struct cs *s = (void *)ptr;

	out[0] = bpf_core_field_offset(s->a);
	out[1] = bpf_core_field_offset(s->in.y);
	out[2] = bpf_core_field_offset(s->in.x);
	out[3] = bpf_core_field_offset(s->arr[2]);
	out[4] = bpf_core_field_size(s->arr);
	out[5] = bpf_core_field_size(s->in);
	out[6] = bpf_core_field_offset(s->bf1);
	out[7] = bpf_core_field_size(s->bf1);
	out[8] = __builtin_preserve_field_info(s->bf1, BPF_FIELD_LSHIFT_U64);
	out[9] = __builtin_preserve_field_info(s->bf1, BPF_FIELD_RSHIFT_U64);
	out[10] = bpf_core_field_offset(s->bf2);
	out[11] = bpf_core_field_size(s->bf2);
	out[12] = __builtin_preserve_field_info(s->bf2, BPF_FIELD_LSHIFT_U64);
	out[13] = __builtin_preserve_field_info(s->bf2, BPF_FIELD_RSHIFT_U64);
	out[14] = bpf_core_field_signed(s->bf2);
	out[15] = bpf_core_field_signed(s->c);
	out[16] = bpf_core_field_offset(s->c);
	out[17] = bpf_core_field_offset(s->l);
	out[18] = bpf_core_field_size(s->l);
	out[19] = bpf_core_field_offset(s->u1);
	out[20] = bpf_core_field_offset(s->u2);
	out[21] = bpf_core_field_size(s->u2);
	out[22] = __builtin_preserve_field_info(s->c, BPF_FIELD_LSHIFT_U64);
	out[23] = bpf_core_field_exists(s->u2);
	out[24] = (__u64)__builtin_preserve_access_index(&s[2].l);
	out[25] = (__u64)__builtin_preserve_access_index(&s->arr[3]);
	return 0;
}

SEC("tc")
int custom_types(struct __sk_buff *ctx)
{
	struct cs___flav *f = (void *)ptr;

	out[0] = bpf_core_type_size(struct cs);
	out[1] = bpf_core_type_size(cs_t);
	out[2] = bpf_core_type_exists(cs_t);
	out[3] = bpf_core_type_id_kernel(struct cs);
	out[4] = bpf_core_type_id_kernel(cs_t);
	out[5] = bpf_core_type_size(struct cs___flav);
	out[6] = bpf_core_type_id_kernel(struct cs_inner);
	out[7] = bpf_core_enum_value(enum ce, CE_A);
	out[8] = bpf_core_enum_value(enum ce, CE_C);
	out[9] = bpf_core_enum_value_exists(enum ce, CE_B);
	out[10] = bpf_core_field_exists(f->missing);
	out[11] = bpf_core_field_offset(f->l);
	out[12] = bpf_core_field_offset(f->a);
	/* poisoned on this target, dead code */
	if (bpf_core_field_exists(f->missing))
		out[13] = bpf_core_field_offset(f->missing);
	if (bpf_core_enum_value_exists(enum ce, CE_B))
		out[14] = bpf_core_enum_value(enum ce, CE_B);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
