// Placeholder: replaced by the real generator in the BPF-side headers work.
#include <stdio.h>
int main(void)
{
	puts("/* generated */\n#ifndef __BPF_HELPER_DEFS_H\n#define __BPF_HELPER_DEFS_H\n#endif");
	return 0;
}
