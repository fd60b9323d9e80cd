/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef __BPFKIT_CLI_H
#define __BPFKIT_CLI_H

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

/* bpfkit gen object (tools/gen_object.c); argv[0] is "object". */
int cmd_gen_object(int argc, char **argv);

#endif
