// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object for the btf_dump tests: its BTF holds as many kinds as clang
 * emits (fwd, const/volatile/restrict, type and decl tags, func protos,
 * float, vars in several sections) so the raw dump is compared on all of
 * them. Plain C, no helper headers.
 */
#define SEC(name) __attribute__((section(name), used))
#define __tag(x) __attribute__((btf_type_tag(x)))
#define __dtag(x) __attribute__((btf_decl_tag(x)))

struct dk_opaque;
union dk_opaque_u;

enum dk_mode { DK_A = -2, DK_B = 7 };

typedef int (*dk_cb_t)(const char *restrict, volatile long *, ...);

struct dk_all {
	struct dk_opaque *op;
	union dk_opaque_u *opu;
	int __tag("user") *uptr;
	int grid[2][3];
	unsigned char flag : 1;
	unsigned char level : 4;
	float f;
	double d;
	dk_cb_t cb;
	enum dk_mode mode;
	union {
		int i;
		char c[4];
	} u;
	const volatile int cv;
	int tagged __dtag("marked");
} __attribute__((packed));

struct dk_all dk_global SEC(".data.dk");
static volatile int dk_counter;
const int dk_ro = 3;

__dtag("fn_tag") int dk_func(struct dk_all *a, int n)
{
	dk_counter += n;
	return a->grid[1][2] + dk_counter + dk_ro;
}

char _license[] SEC("license") = "GPL";
