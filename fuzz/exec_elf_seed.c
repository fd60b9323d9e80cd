// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Seed binary for fuzz_exec_elf: a few functions and two SDT probe sites
 * (one with a semaphore), built small at seed time. */
#define SITE(provider, name, args, sema)                                      \
	"990:\tnop\n"                                                         \
	"\t.pushsection .note.stapsdt,\"?\",\"note\"\n"                       \
	"\t.balign 4\n"                                                       \
	"\t.4byte 992f-991f, 994f-993f, 3\n"                                  \
	"991:\t.asciz \"stapsdt\"\n"                                          \
	"992:\t.balign 4\n"                                                   \
	"993:\t.8byte 990b\n"                                                 \
	"\t.8byte _.stapsdt.base\n"                                           \
	"\t.8byte " sema "\n"                                                 \
	"\t.asciz \"" provider "\"\n"                                         \
	"\t.asciz \"" name "\"\n"                                             \
	"\t.asciz \"" args "\"\n"                                             \
	"994:\t.balign 4\n"                                                   \
	"\t.popsection\n"                                                     \
	"\t.ifndef _.stapsdt.base\n"                                          \
	"\t.pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n" \
	"\t.weak _.stapsdt.base\n"                                            \
	"\t.hidden _.stapsdt.base\n"                                          \
	"_.stapsdt.base:\t.space 1\n"                                         \
	"\t.size _.stapsdt.base, 1\n"                                         \
	"\t.popsection\n"                                                     \
	"\t.endif\n"

unsigned short fz_two_semaphore __attribute__((section(".probes"), used));

__attribute__((noinline)) void one(int a, long b)
{
	asm volatile(SITE("fz", "one", "-4@%0 8@%1 -4@$3", "0") : : "r"(a), "r"(b));
}

__attribute__((noinline)) void two(long *p, long i)
{
	asm volatile(SITE("fz", "two", "-8@-8(%%rdi,%%rsi,8) 2@(%%rdi)", "fz_two_semaphore")
		     : : "D"(p), "S"(i) : "memory");
}

int main(void)
{
	long v[2] = { 1, 2 };

	one(1, 2);
	two(v, 1);
	return 0;
}
