// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Arena maps (src/arena.c): the loader mmap()s the arena at creation, so
 * programs using it load; .addr_space.1 globals are copied to the end of
 * the arena and their address relocated there; bpf_map__initial_value()
 * is the globals' image before load and the arena memory after. */
#include <errno.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "test.h"

KTEST(arena_globals_and_pages)
{
	struct bpf_object *obj = NULL;
	struct bpf_map *arena, *data;
	LIBBPF_OPTS(bpf_test_run_opts, run);
	long page = sysconf(_SC_PAGESIZE), v = 0x9abc, *img, *out;
	char *mem;
	size_t sz = 0;

	obj = bpf_object__open_file(test_obj_path("arena"), NULL);
	GO_TRUE(obj != NULL);
	GO_TRUE((arena = bpf_object__find_map_by_name(obj, "arena")) != NULL);
	GO_TRUE((data = bpf_object__find_map_by_name(obj, ".data")) != NULL);

	/* before load: the image of .addr_space.1, which can be changed */
	img = bpf_map__initial_value(arena, &sz);
	GO_TRUE(img != NULL);
	GO_EQ(sz, sizeof(long));
	GO_EQ(*img, 0x5678);
	GO_ERR(bpf_map__set_initial_value(arena, &v, 3), EINVAL);
	GO_OK(bpf_map__set_initial_value(arena, &v, sizeof(v)));

	GO_OK(bpf_object__load(obj));
	mem = bpf_map__initial_value(arena, &sz);
	GO_TRUE(mem != NULL);
	GO_EQ(sz, 4 * page);
	/* the globals sit in the arena's last page */
	GO_EQ(*(long *)(mem + 3 * page), 0x9abc);

	GO_OK(bpf_prog_test_run_opts(
		bpf_program__fd(bpf_object__find_program_by_name(obj, "alloc")), &run));
	GO_EQ(run.retval, 0);
	out = bpf_map__initial_value(data, NULL);
	GO_TRUE(out != NULL);
	/* the program sees the same addresses as this process */
	GO_EQ(out[1], (long)(mem + 3 * page));
	GO_TRUE(out[0] >= (long)mem && out[0] < (long)(mem + 3 * page));
	GO_EQ(*(long *)out[0], 0); /* a fresh zeroed page, writable here */
	*(long *)out[0] = 42;
	GO_EQ(*(long *)out[0], 42);
out:
	bpf_object__close(obj);
}

TEST(arena_section_without_map)
{
	struct bpf_object *obj = bpf_object__open_file(test_obj_path("arena_nomap"), NULL);

	ASSERT(obj == NULL, "open succeeded");
	CHECK_EQ(errno, ENOENT);
	bpf_object__close(obj);
}
