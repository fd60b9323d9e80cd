// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * CO-RE relocations against real kernel structs, for tests/test_core.c:
 * our engine's results are checked against vmlinux BTF and against the
 * instructions Debian's libbpf loads (kernel xlated dump).
 *
 * The programs are loadable tc programs but never run. They store every
 * relocated value into globals and have no branches on relocated
 * constants, so the verifier removes no dead code and the xlated
 * instructions line up one to one with the object's (except core_flavor,
 * whose guarded read is dead code on purpose).
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* Local views, fields in another order than the kernel's. */
struct mm_struct {
	int map_count;
	unsigned long total_vm;
	unsigned long task_size;
} __attribute__((preserve_access_index));

struct task_struct {
	struct mm_struct *mm;
	int tgid;
	int pid;
	unsigned int in_execve : 1;
	unsigned int sched_reset_on_fork : 1;
	struct task_struct *real_parent;
	char comm[16];
} __attribute__((preserve_access_index));

/* A flavor with a field no kernel has. */
struct task_struct___bpfkit {
	int pid;
	long bpfkit_missing;
} __attribute__((preserve_access_index));

/* Kernel enum, local values made up: relocation must fix them. */
enum pid_type {
	PIDTYPE_SID = 77,
	PIDTYPE_MAX = 99,
	PIDTYPE_BPFKIT_NONE = 5,
};

struct bpfkit_no_such_type {
	int x;
};

/* Pointer source the compiler can't see through. */
volatile __u64 task_ptr;
__u64 out[32];

SEC("tc")
int core_reads(struct __sk_buff *ctx)
{
	struct task_struct *t = (void *)task_ptr;

	out[0] = BPF_CORE_READ(t, pid);
	out[1] = BPF_CORE_READ(t, real_parent, tgid);
	out[2] = BPF_CORE_READ(t, mm, total_vm);
	out[3] = BPF_CORE_READ(t, mm, map_count);
	out[4] = BPF_CORE_READ(t, real_parent, mm, task_size);
	out[5] = BPF_CORE_READ(t, comm[3]);
	return 0;
}

SEC("tc")
int core_queries(struct __sk_buff *ctx)
{
	struct task_struct *t = (void *)task_ptr;

	out[0] = bpf_core_field_offset(t->in_execve);
	out[1] = bpf_core_field_size(t->in_execve);
	out[2] = __builtin_preserve_field_info(t->in_execve, BPF_FIELD_LSHIFT_U64);
	out[3] = __builtin_preserve_field_info(t->in_execve, BPF_FIELD_RSHIFT_U64);
	out[4] = bpf_core_field_signed(t->in_execve);
	out[5] = __builtin_preserve_field_info(t->sched_reset_on_fork, BPF_FIELD_LSHIFT_U64);
	out[6] = bpf_core_field_offset(t->sched_reset_on_fork);
	out[7] = bpf_core_field_size(struct task_struct, comm);
	out[8] = bpf_core_field_signed(struct task_struct, pid);
	out[9] = bpf_core_field_exists(struct task_struct, real_parent);
	out[10] = bpf_core_type_size(struct task_struct);
	out[11] = bpf_core_type_size(struct mm_struct);
	out[12] = bpf_core_type_exists(struct task_struct);
	out[13] = bpf_core_type_exists(struct bpfkit_no_such_type);
	out[14] = bpf_core_type_id_kernel(struct mm_struct);
	out[15] = bpf_core_type_id_local(struct mm_struct);
	out[16] = bpf_core_enum_value(enum pid_type, PIDTYPE_SID);
	out[17] = bpf_core_enum_value(enum pid_type, PIDTYPE_MAX);
	out[18] = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_BPFKIT_NONE);
	out[19] = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_SID);
	out[20] = bpf_core_field_offset(struct mm_struct, task_size);
	/* type queries on a type the kernel lacks */
	out[21] = bpf_core_type_size(struct bpfkit_no_such_type);
	out[22] = bpf_core_type_id_kernel(struct bpfkit_no_such_type);
	return 0;
}

SEC("tc")
int core_flavor(struct __sk_buff *ctx)
{
	struct task_struct___bpfkit *f = (void *)task_ptr;

	out[0] = BPF_CORE_READ(f, pid);
	out[1] = bpf_core_field_exists(f->bpfkit_missing);
	/* dead on every kernel: the read below is poisoned, never reached */
	if (bpf_core_field_exists(f->bpfkit_missing))
		out[2] = BPF_CORE_READ(f, bpfkit_missing);
	return 0;
}

/* A local view whose total_vm is narrower than the kernel's unsigned long:
 * a direct load of it must grow from 4 to 8 bytes. */
struct mm_struct___narrow {
	unsigned int total_vm;
	int map_count;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[4096]);
} copy SEC(".maps");

/* Direct loads and stores (relocated LDX/STX/ST offsets) on a map value
 * laid out like the kernel's structs. */
SEC("tc")
int core_direct(struct __sk_buff *ctx)
{
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&copy, &zero);
	struct task_struct *t = (void *)buf;
	struct mm_struct___narrow *m = (void *)buf;

	if (!buf)
		return 0;
	out[0] = t->pid;
	out[1] = t->tgid;
	out[2] = m->total_vm;
	out[3] = m->map_count;
	t->tgid = out[4];
	t->pid = 7;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
