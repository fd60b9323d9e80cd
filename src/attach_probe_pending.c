// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * TEMPORARY placeholder for attach_probe_auto(), so the wt-attach branch
 * links before the probe attach code (src/attach_probe.c, branch wt-probe)
 * is merged. DELETE THIS FILE when src/attach_probe.c lands.
 */
#include <errno.h>

#include "libbpf_internal.h"
#include "attach_internal.h"

int attach_probe_auto(const struct bpf_program *prog, const char *sec_name,
		      enum sec_attach_kind kind, struct bpf_link **link)
{
	(void)kind;
	*link = NULL;
	pr_warn("prog '%s': auto-attach of section '%s' needs the probe attach code, not built in yet\n",
		bpf_program__name(prog), sec_name);
	return -EOPNOTSUPP;
}
