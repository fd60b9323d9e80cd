// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Old accessor names of programs and maps (libbpf_legacy.h). */
#include <bpf/libbpf.h>
#include <bpf/libbpf_legacy.h>

#include "libbpf_internal.h"

LIBBPF_API enum bpf_prog_type bpf_program__get_type(const struct bpf_program *prog)
{
	return bpf_program__type(prog);
}

LIBBPF_API enum bpf_attach_type
bpf_program__get_expected_attach_type(const struct bpf_program *prog)
{
	return bpf_program__expected_attach_type(prog);
}

LIBBPF_API const char *bpf_map__get_pin_path(const struct bpf_map *map)
{
	return bpf_map__pin_path(map);
}
