// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skel_lib through the subskeleton Debian's `bpftool gen subskeleton`
 * made, compiled against bpfkit. */
#include "skel_lib.bpftool.subskel.h"
#ifdef SKEL_NO_BPFTOOL
#include <stdio.h>

int main(void)
{
	printf("bpftool not installed\n");
	return 77;
}
#else
#include "lib_checks.h"

int main(int argc, char **argv)
{
	return run_checks(argc, argv);
}
#endif
