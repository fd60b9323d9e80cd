// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skel_basic through the skeleton Debian's `bpftool gen skeleton` made,
 * compiled against bpfkit's headers and library. */
#include "skel_basic_types.h"
#include "skel_basic.bpftool.skel.h"
#ifdef SKEL_NO_BPFTOOL
#include <stdio.h>

int main(void)
{
	printf("bpftool not installed\n");
	return 77;
}
#else
#include "basic_checks.h"

int main(int argc, char **argv)
{
	return run_checks(argc, argv);
}
#endif
