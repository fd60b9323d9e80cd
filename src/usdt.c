// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include "libbpf_internal.h"
#include "probe_internal.h"

int usdt_auto(const struct bpf_program *prog, const char *spec, struct bpf_link **link)
{
	(void)prog; (void)spec; *link = NULL;
	return -EOPNOTSUPP;
}
