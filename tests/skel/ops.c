// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * struct_ops through our skeleton: typed views of the maps' images
 * (skel->struct_ops.X) before load, both algorithms registered by
 * skeleton attach (one link per map in skel->links), unregistered by
 * detach and by destroy.
 */
#include <stdio.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "skel_ops.skel.h"
#include "app.h"

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
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, args);
}

int main(int argc, char **argv)
{
	struct skel_ops_bpf *skel;
	char nl[16], np[16];
	int fds = app_count_fds(), err;

	(void)argc;
	libbpf_set_print(quiet);
	snprintf(nl, sizeof(nl), "skl_%d", (int)getpid() % 1000000);
	snprintf(np, sizeof(np), "skp_%d", (int)getpid() % 1000000);

	skel = skel_ops_bpf__open();
	APP_REQUIRE(skel, "open: %d", -errno);
	APP_REQUIRE(skel->struct_ops.ca_link && skel->struct_ops.ca_plain, "struct_ops views");
	APP_CHECK(!strcmp(skel->struct_ops.ca_link->name, "skel_ca_l"), "name %s",
		  skel->struct_ops.ca_link->name);
	APP_CHECK(skel->struct_ops.ca_link->cong_avoid == skel->progs.sk_cong_avoid &&
		  skel->struct_ops.ca_plain->ssthresh == skel->progs.sk_ssthresh,
		  "function members hold the programs");
	snprintf(skel->struct_ops.ca_link->name, 16, "%s", nl);
	snprintf(skel->struct_ops.ca_plain->name, 16, "%s", np);

	err = skel_ops_bpf__load(skel);
	APP_REQUIRE(!err, "load: %d", err);
	APP_CHECK(ca_available(nl) == 0 && ca_available(np) == 0, "registered before attach");

	err = skel_ops_bpf__attach(skel);
	APP_REQUIRE(!err, "attach: %d", err);
	APP_CHECK(skel->links.ca_link && skel->links.ca_plain, "struct_ops links");
	APP_CHECK(!skel->links.sk_cong_avoid, "struct_ops programs get no link of their own");
	APP_CHECK(ca_available(nl) == 1 && ca_available(np) == 1, "registered by attach");

	skel_ops_bpf__detach(skel);
	APP_CHECK(!skel->links.ca_link && !skel->links.ca_plain, "links cleared");
	APP_CHECK(ca_available(nl) == 0 && ca_available(np) == 0, "unregistered by detach");

	/* autoattach off for one map: attach registers only the other */
	bpf_map__set_autoattach(skel->maps.ca_plain, false);
	err = skel_ops_bpf__attach(skel);
	APP_REQUIRE(!err, "attach again: %d", err);
	APP_CHECK(skel->links.ca_link && !skel->links.ca_plain, "autoattach honoured");
	APP_CHECK(ca_available(nl) == 1 && ca_available(np) == 0, "only ca_link registered");
	skel_ops_bpf__destroy(skel);
	APP_CHECK(ca_available(nl) == 0, "unregistered by destroy");
	return app_finish(argv[0], fds);
}
