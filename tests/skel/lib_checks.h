/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Subskeleton checks on skel_lib.bpf.o, compiled against our generated
 * subskeleton (lib.c) and bpftool's (lib_bpftool.c). The object is opened
 * with the plain API, as the application owning a linked object would,
 * and the library's subskeleton binds to it.
 *
 * argv[1]: path of skel_lib.bpf.o.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "app.h"

static void run_lib(struct skel_lib_bpf *lib)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts);
	int err = bpf_prog_test_run_opts(bpf_program__fd(lib->progs.lib_run), &topts);

	APP_REQUIRE(!err, "test_run lib_run: %d", err);
}

static int run_checks(int argc, char **argv)
{
	struct skel_lib_bpf *lib;
	struct bpf_object *obj;
	int fds = app_count_fds(), err;
	__u32 zero = 0;
	__u64 v = 0;

	APP_REQUIRE(argc == 2, "usage: app skel_lib.bpf.o");
	obj = bpf_object__open_file(argv[1], NULL);
	APP_REQUIRE(obj, "open %s: %d", argv[1], -errno);
	lib = skel_lib_bpf__open(obj);
	APP_REQUIRE(lib, "subskeleton open: %d", -errno);
	APP_CHECK(lib->maps.lib_map == bpf_object__find_map_by_name(obj, "lib_map"), "lib_map");
	APP_CHECK(lib->progs.lib_run == bpf_object__find_program_by_name(obj, "lib_run"),
		  "lib_run");
	APP_REQUIRE(lib->rodata.lib_scale && lib->data.lib_base && lib->bss.lib_out &&
		    lib->bss.lib_arr, "variable pointers");
	APP_CHECK(*lib->rodata.lib_scale == 2 && *lib->data.lib_base == 10, "initial values");

	*lib->rodata.lib_scale = 3;
	*lib->data.lib_base = 13;
	err = bpf_object__load(obj);
	APP_REQUIRE(!err, "load: %d", err);
	run_lib(lib);
	APP_CHECK(*lib->bss.lib_out == 39, "lib_out %llu", (unsigned long long)*lib->bss.lib_out);
	APP_CHECK((*lib->bss.lib_arr)[2] == 14, "lib_arr[2] %d", (*lib->bss.lib_arr)[2]);
	APP_CHECK(!bpf_map__lookup_elem(lib->maps.lib_map, &zero, 4, &v, 8, 0) && v == 39,
		  "lib_map %llu", (unsigned long long)v);

	/* the pointers are the live maps after load */
	*lib->data.lib_base = 20;
	run_lib(lib);
	APP_CHECK(*lib->bss.lib_out == 60, "lib_out after update %llu",
		  (unsigned long long)*lib->bss.lib_out);

	skel_lib_bpf__destroy(lib);
	skel_lib_bpf__destroy(NULL);
	bpf_object__close(obj);
	return app_finish(argv[0], fds);
}
