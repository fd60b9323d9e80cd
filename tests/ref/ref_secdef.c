// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Reference oracle for test_sec_def.c: built at test time against the
 * SYSTEM libbpf (no -Iinclude), it answers the two section-name queries
 * for every line of stdin as
 *   NAME <tab> RET1 <tab> PROG_TYPE <tab> EXP_ATTACH <tab> RET2 <tab> ATTACH
 * where RET1/RET2 are the return values of libbpf_prog_type_by_name() and
 * libbpf_attach_type_by_name(); the types are -1 when the call failed.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int main(void)
{
	char line[512];

	libbpf_set_print(quiet);
	while (fgets(line, sizeof(line), stdin)) {
		enum bpf_prog_type pt = 0;
		enum bpf_attach_type et = 0, at = 0;
		int r1, r2;

		line[strcspn(line, "\n")] = '\0';
		r1 = libbpf_prog_type_by_name(line, &pt, &et);
		r2 = libbpf_attach_type_by_name(line, &at);
		printf("%s\t%d\t%d\t%d\t%d\t%d\n", line, r1, r1 ? -1 : (int)pt,
		       r1 ? -1 : (int)et, r2, r2 ? -1 : (int)at);
	}
	return 0;
}
