// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Skeleton test program: every kind of global data a skeleton exposes
 * (.rodata, .data, .bss, custom .data.foo / .rodata.foo sections, .kconfig),
 * layouts that need padding, a static variable (not exposed), a BTF map, a
 * raw tracepoint counting this process's syscalls and a test_run program.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct point {
	int x;
	long long y;
};

enum skel_mode { MODE_OFF, MODE_COUNT, MODE_SUM };

const volatile int target_pid;		/* .rodata, set before load */
const volatile int ro_mult = 1;
const volatile struct point ro_pt = { .x = 1, .y = 2 };
const volatile enum skel_mode ro_mode = MODE_COUNT;

int data_add = 5;			/* .data */
char data_c = 'a';
long long data_ll = 40;			/* padding between data_c and data_ll */

__u64 enter_count;			/* .bss */
char bss_c;
__u64 bss_after;
int bss_arr[3];
struct point bss_pt;

static int static_counter;		/* static: not in the skeleton */

int foo_var SEC(".data.foo") = 7;	/* custom sections */
__u64 foo_big SEC(".data.foo") = 1000;
const volatile int rofoo_var SEC(".rodata.foo") = 3;

extern int LINUX_KERNEL_VERSION __kconfig;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} results SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("raw_tp/sys_enter")
int on_enter(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) != (__u32)target_pid)
		return 0;
	enter_count++;
	static_counter++;
	bss_after = static_counter;
	return 0;
}

SEC("syscall")
int compute(void *ctx)
{
	__u32 k = 0;
	__u64 v = data_add * ro_mult + ro_pt.y + foo_var + rofoo_var;

	if (ro_mode == MODE_SUM)
		v += 1000;
	bpf_map_update_elem(&results, &k, &v, 0);
	bss_arr[1] = data_c;
	bss_pt.x = ro_pt.x;
	bss_pt.y = data_ll + foo_big;
	k = 1;
	v = LINUX_KERNEL_VERSION;
	bpf_map_update_elem(&results, &k, &v, 0);
	return 0;
}

/* No auto-attach: skeleton attach skips these without an error. */
SEC("raw_tp")
int manual_tp(void *ctx)
{
	return 0;
}

SEC("xdp")
int pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
