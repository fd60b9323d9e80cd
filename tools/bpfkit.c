// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpfkit command-line tool: dispatches to subcommands. */
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "cli.h"

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("bpfkit %s (libbpf API %s)\n", bpfkit_version_string(), libbpf_version_string());
	return 0;
}

int cmd_btf(int argc, char **argv);
int cmd_gen(int argc, char **argv);

static const struct cli_cmd cmds[] = {
	{ "btf", cmd_btf, "inspect BTF: btf dump file PATH|id ID [format raw|c]" },
	{ "gen", cmd_gen, "generate code: gen skeleton|subskeleton FILE [name NAME], gen object OUT.o IN.o..." },
	{ "version", cmd_version, "print the version" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: bpfkit COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "bpfkit: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
