// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skel_basic through the skeleton `bpfkit gen skeleton` made. */
#include "skel_basic_types.h"
#include "skel_basic.skel.h"
#include "basic_checks.h"

int main(int argc, char **argv)
{
	return run_checks(argc, argv);
}
