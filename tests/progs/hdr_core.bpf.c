// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_core_read.h against the running kernel. A tc program's context is
 * really the kernel's struct sk_buff, so CO-RE reads of sk_buff fields
 * through it must give the same values as the __sk_buff view.
 *
 * The local structs below list only a few fields, deliberately in another
 * order than the kernel's, so that wrong offsets would show.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct net_device {
	char name[16];
	int ifindex;
} __attribute__((preserve_access_index));

struct sk_buff {
	unsigned int len;
	__u8 pkt_type : 3;
	struct net_device *dev;
	__u32 mark;
} __attribute__((preserve_access_index));

/* A flavour (___suffix) of sk_buff with a field the kernel lacks. */
struct sk_buff___fake {
	unsigned int len;
	int bpfkit_no_such_field;
} __attribute__((preserve_access_index));

/* A type the kernel does not have at all. */
struct bpfkit_no_such_type {
	int x;
};

/* Kernel enum with made-up local values: relocation must fix them. */
enum pid_type {
	PIDTYPE_SID = 50,
	PIDTYPE_MAX = 100,
	PIDTYPE_BPFKIT_BOGUS = 7,
};

/* skb->len through BPF_CORE_READ must equal the __sk_buff view. */
SEC("tc")
int core_len(struct __sk_buff *ctx)
{
	struct sk_buff *skb = (void *)ctx;
	unsigned int len = BPF_CORE_READ(skb, len);

	return len == ctx->len ? len : 0xdead;
}

/* Pointer chain: skb->dev->ifindex (loopback in test_run: 1). */
SEC("tc")
int core_chain(struct __sk_buff *ctx)
{
	struct sk_buff *skb = (void *)ctx;
	int ifindex = 0;

	BPF_CORE_READ_INTO(&ifindex, skb, dev, ifindex);
	if (ifindex != BPF_CORE_READ(skb, dev, ifindex))
		return -1;
	return ifindex == ctx->ifindex ? ifindex : 0xdead;
}

/* String through a pointer chain: skb->dev->name is "lo". */
SEC("tc")
int core_str(struct __sk_buff *ctx)
{
	struct sk_buff *skb = (void *)ctx;
	struct net_device *dev = NULL;
	char name[16] = {};
	char name2[16] = {};
	long n;

	n = BPF_CORE_READ_STR_INTO(&name, skb, dev, name);
	bpf_core_read(&dev, sizeof(dev), &skb->dev);
	bpf_core_read_str(name2, sizeof(name2), &dev->name);
	if (name[0] != name2[0] || name[1] != name2[1])
		return -1;
	/* length incl. NUL in the low byte, first two chars above */
	return (name[0] << 16) | (name[1] << 8) | n;
}

/* Bitfield pkt_type (broadcast destination: PACKET_BROADCAST = 1). */
SEC("tc")
int core_bitfield(struct __sk_buff *ctx)
{
	struct sk_buff *skb = (void *)ctx;
	__u64 v = BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);

	return v == ctx->pkt_type ? (int)v + 100 : 0xdead;
}

/* Scratch copy of the kernel's sk_buff, to exercise direct bitfield loads/stores. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[512]);
} skb_copy SEC(".maps");

/*
 * BPF_CORE_READ_BITFIELD / BPF_CORE_WRITE_BITFIELD on a map-value copy:
 * bit 0: read matches __sk_buff; bit 1: write 5 reads back 5; bit 2: write
 * 0 reads back 0; bit 3: restoring the value restores every byte around.
 */
SEC("tc")
int core_bitfield_rw(struct __sk_buff *ctx)
{
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&skb_copy, &zero);
	struct sk_buff *copy;
	__u64 orig, before[2], after[2];
	__u32 off;
	int r = 0;

	if (!buf)
		return -1;
	if (bpf_core_type_size(struct sk_buff) > 512)
		return -2;
	bpf_probe_read_kernel(buf, bpf_core_type_size(struct sk_buff), ctx);
	copy = (void *)buf;

	orig = BPF_CORE_READ_BITFIELD(copy, pkt_type);
	if (orig == ctx->pkt_type)
		r |= 1;
	off = bpf_core_field_offset(struct sk_buff, pkt_type) & ~7u;
	if (off > 512 - 16)
		return -3;
	__builtin_memcpy(before, buf + off, 16);

	BPF_CORE_WRITE_BITFIELD(copy, pkt_type, 5);
	if (BPF_CORE_READ_BITFIELD(copy, pkt_type) == 5)
		r |= 2;
	BPF_CORE_WRITE_BITFIELD(copy, pkt_type, 0);
	if (BPF_CORE_READ_BITFIELD(copy, pkt_type) == 0)
		r |= 4;
	BPF_CORE_WRITE_BITFIELD(copy, pkt_type, orig);
	__builtin_memcpy(after, buf + off, 16);
	if (before[0] == after[0] && before[1] == after[1])
		r |= 8;
	return r;
}

/* Field queries: exists (1 then 0), size, offset. */
SEC("tc")
int core_field_exists(struct __sk_buff *ctx)
{
	struct sk_buff___fake *f = (void *)ctx;

	return bpf_core_field_exists(f->len) * 10 + bpf_core_field_exists(f->bpfkit_no_such_field);
}

SEC("tc")
int core_field_size(struct __sk_buff *ctx)
{
	return bpf_core_field_size(struct sk_buff, len) * 1000 +
	       bpf_core_field_size(((struct sk_buff *)0)->dev);
}

SEC("tc")
int core_field_offset(struct __sk_buff *ctx)
{
	return bpf_core_field_offset(struct sk_buff, len);
}

SEC("tc")
int core_field_offset_dev(struct __sk_buff *ctx)
{
	struct sk_buff *skb = (void *)ctx;

	return bpf_core_field_offset(skb->dev);
}

SEC("tc")
int core_field_signed(struct __sk_buff *ctx)
{
	/* ifindex is int, len unsigned int */
	return bpf_core_field_signed(struct net_device, ifindex) * 10 +
	       bpf_core_field_signed(struct sk_buff, len);
}

/* Type queries. */
SEC("tc")
int core_type_exists(struct __sk_buff *ctx)
{
	return bpf_core_type_exists(struct sk_buff) * 10 +
	       bpf_core_type_exists(struct bpfkit_no_such_type);
}

SEC("tc")
int core_type_size(struct __sk_buff *ctx)
{
	return bpf_core_type_size(struct sk_buff);
}

SEC("tc")
int core_type_id(struct __sk_buff *ctx)
{
	return bpf_core_type_id_kernel(struct sk_buff);
}

SEC("tc")
int core_type_id_local(struct __sk_buff *ctx)
{
	/* local ids are > 0 and differ between distinct types */
	return bpf_core_type_id_local(struct sk_buff) > 0 &&
	       bpf_core_type_id_local(struct sk_buff) != bpf_core_type_id_local(struct net_device);
}

/* Enum queries: kernel value of PIDTYPE_SID, and existence. */
SEC("tc")
int core_enum_value(struct __sk_buff *ctx)
{
	return bpf_core_enum_value(enum pid_type, PIDTYPE_SID);
}

SEC("tc")
int core_enum_exists(struct __sk_buff *ctx)
{
	return bpf_core_enum_value_exists(enum pid_type, PIDTYPE_MAX) * 10 +
	       bpf_core_enum_value_exists(enum pid_type, PIDTYPE_BPFKIT_BOGUS);
}

/* Non-CO-RE probe reads with the local (uapi-like) layout of __sk_buff. */
SEC("tc")
int probe_read_chain(struct __sk_buff *ctx)
{
	struct sk_buff *skb = (void *)ctx;
	/* BPF_PROBE_READ uses compile-time offsets: only check it runs */
	unsigned int v = BPF_PROBE_READ(skb, len);

	(void)v;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
