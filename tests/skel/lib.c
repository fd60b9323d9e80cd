// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skel_lib through the subskeleton `bpfkit gen subskeleton` made. */
#include "skel_lib.subskel.h"
#include "lib_checks.h"

int main(int argc, char **argv)
{
	return run_checks(argc, argv);
}
