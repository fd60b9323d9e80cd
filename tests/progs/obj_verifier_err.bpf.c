// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object loader test program: the verifier must refuse bad_access (packet
 * read without a bounds check); good_prog in the same object is fine.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char _license[] SEC("license") = "GPL";

SEC("xdp") int good_prog(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp") int bad_access(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;

	return data[20] == 0x42 ? XDP_DROP : XDP_PASS; /* OBJ_BAD_LINE */
}
