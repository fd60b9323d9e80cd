// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object for the ELF reader tests: plain C (no helper headers) with data in
 * .data, .bss and .rodata, two programs in their own sections and a call
 * into .text, so the object has REL sections to check.
 */
#define SEC(name) __attribute__((section(name), used))

int elf_counter = 7;			/* .data */
int elf_zeroed;				/* .bss */
const volatile int elf_limit = 42;	/* .rodata */

char _license[] SEC("license") = "GPL";

__attribute__((noinline)) int elf_helper(int x)
{
	elf_zeroed += x;
	return x * elf_limit;
}

SEC("socket") int elf_prog_one(void *ctx)
{
	(void)ctx;
	elf_counter++;
	return elf_helper(elf_counter);
}

SEC("xdp") int elf_prog_two(void *ctx)
{
	(void)ctx;
	return elf_helper(elf_zeroed) + elf_limit;
}
