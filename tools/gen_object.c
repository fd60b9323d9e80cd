// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpfkit gen object OUT.o IN1.o [IN2.o ...]: static linking of BPF objects. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "cli.h"

/* argv[0] is "object". */
int cmd_gen_object(int argc, char **argv)
{
	struct bpf_linker *linker;
	int i, err;

	if (argc < 3) {
		fprintf(stderr, "usage: bpfkit gen object OUT.o IN1.o [IN2.o ...]\n");
		return 2;
	}
	linker = bpf_linker__new(argv[1], NULL);
	if (!linker) {
		fprintf(stderr, "bpfkit: cannot create %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		err = bpf_linker__add_file(linker, argv[i], NULL);
		if (err) {
			fprintf(stderr, "bpfkit: cannot link %s: %s\n", argv[i], strerror(-err));
			goto fail;
		}
	}
	err = bpf_linker__finalize(linker);
	if (err) {
		fprintf(stderr, "bpfkit: cannot write %s: %s\n", argv[1], strerror(-err));
		goto fail;
	}
	bpf_linker__free(linker);
	return 0;
fail:
	bpf_linker__free(linker);
	/* no half-written output left behind */
	remove(argv[1]);
	return 1;
}
