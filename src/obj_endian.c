// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Objects of the other byte order (clang -target bpfeb on x86): opened
 * for inspection with their instructions turned to host order, as
 * libbpf does, but never loaded: the kernel only runs its own order.
 */
#include "btf_internal.h"
#include "elf.h"
#include "object_internal.h"

bool obj_is_foreign_endian(const struct bpf_object *obj)
{
	return obj->elf && elf_is_big_endian(obj->elf) != host_is_big_endian();
}

/* Byte-swap instructions: both register nibbles trade places, off and
 * imm change order; the opcode is one byte. */
void insns_bswap(struct bpf_insn *insns, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++) {
		__u8 regs = *((__u8 *)&insns[i] + 1);

		*((__u8 *)&insns[i] + 1) = (__u8)(regs << 4 | regs >> 4);
		insns[i].off = (__s16)__builtin_bswap16((__u16)insns[i].off);
		insns[i].imm = (__s32)__builtin_bswap32((__u32)insns[i].imm);
	}
}

int obj_check_native(const struct bpf_object *obj)
{
	if (!obj_is_foreign_endian(obj))
		return 0;
	pr_warn("object '%s': byte order differs from the host's: can be opened, not loaded\n",
		obj->name);
	return -LIBBPF_ERRNO__ENDIAN;
}
