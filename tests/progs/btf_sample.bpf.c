// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object for the BTF tests: compiled with -g it carries .BTF (structs with
 * bitfields, an enum, a typedef, global variables in data sections) and
 * .BTF.ext (func_info, line_info, and one CO-RE relocation from
 * __builtin_preserve_access_index). Plain C, no helper headers.
 */
#define SEC(name) __attribute__((section(name), used))

enum btf_sample_color { BTF_RED, BTF_GREEN = 5, BTF_BLUE = -1 };

struct btf_sample_pair {
	int a;
	unsigned int flags : 3;
	unsigned int mode : 5;
	long long big;
	enum btf_sample_color color;
};

typedef struct btf_sample_pair btf_sample_pair_t;

struct btf_sample_task {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

btf_sample_pair_t btf_sample_global = { .a = 1, .big = 2 };
int btf_sample_counter;

char _license[] SEC("license") = "GPL";

__attribute__((noinline)) int btf_sample_helper(btf_sample_pair_t *p, int x)
{
	return p->a + x + p->flags;
}

SEC("socket") int btf_sample_prog(struct btf_sample_task *t)
{
	btf_sample_counter++;
	return btf_sample_helper(&btf_sample_global, t->tgid);
}
