// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct_ops through the skeleton Debian's bpftool made: its map entries
 * predate struct_ops links, so skeleton attach leaves the maps alone (with
 * a warning, as libbpf) and the application registers them itself, as it
 * did with that libbpf.
 */
#include <stdio.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "skel_ops.bpftool.skel.h"
#ifdef SKEL_NO_BPFTOOL
int main(void)
{
	printf("bpftool not installed\n");
	return 77;
}
#else
#include "app.h"

/* Local layout of skel_ops.bpf.c's struct (name at offset 32). */
#define NAME_OFF 32

static int ca_available(const char *name)
{
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_available_congestion_control", "re");
	char word[64];
	int found = 0;

	if (!f)
		return -1;
	while (!found && fscanf(f, "%63s", word) == 1)
		found = !strcmp(word, name);
	fclose(f);
	return found;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)fmt;
	(void)args;
	(void)level;
	return 0;
}

int main(int argc, char **argv)
{
	struct skel_ops_bpf *skel;
	struct bpf_link *link;
	char np[16];
	size_t sz = 0;
	char *img;
	int fds = app_count_fds(), err;

	(void)argc;
	libbpf_set_print(quiet);
	snprintf(np, sizeof(np), "sbp_%d", (int)getpid() % 1000000);
	skel = skel_ops_bpf__open();
	APP_REQUIRE(skel, "open: %d", -errno);
	/* libbpf 1.1's bpftool knows no .struct_ops.link: ca_plain only */
	img = bpf_map__initial_value(skel->maps.ca_plain, &sz);
	APP_REQUIRE(img && sz >= NAME_OFF + 16 && !strcmp(img + NAME_OFF, "skel_ca_p"), "image");
	snprintf(img + NAME_OFF, 16, "%s", np);
	err = skel_ops_bpf__load(skel);
	APP_REQUIRE(!err, "load: %d", err);

	err = skel_ops_bpf__attach(skel);
	APP_REQUIRE(!err, "attach: %d", err);
	APP_CHECK(ca_available(np) == 0, "old skeleton: struct_ops maps left to the caller");

	link = bpf_map__attach_struct_ops(skel->maps.ca_plain);
	APP_REQUIRE(link, "manual attach: %d", -errno);
	APP_CHECK(ca_available(np) == 1, "registered by hand");
	bpf_link__destroy(link);
	APP_CHECK(ca_available(np) == 0, "unregistered");
	skel_ops_bpf__destroy(skel);
	return app_finish(argv[0], fds);
}
#endif
