// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The bpf_link object (src/link.c): pin/open, update, detach, destroy and
 * disconnect, on real cgroup links whose programs count packets. Links
 * are made with bpf_link_create and wrapped the way attach code wraps
 * them, so these tests do not depend on any attach function. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "link_internal.h"
#include "test.h"

struct link_env {
	struct kenv_cgroup cg;
	struct bpf_object *obj;
	struct bpf_program *a, *b;
	int hits_fd;
};

static int env_open(struct link_env *e)
{
	e->obj = bpf_object__open_file(test_obj_path("link_cg"), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	e->a = bpf_object__find_program_by_name(e->obj, "count_a");
	e->b = bpf_object__find_program_by_name(e->obj, "count_b");
	e->hits_fd = bpf_object__find_map_fd_by_name(e->obj, "hits");
	return e->a && e->b && e->hits_fd >= 0 ? 0 : -1;
}

static struct bpf_link *cg_link(struct link_env *e, struct bpf_program *p)
{
	int fd = bpf_link_create(bpf_program__fd(p), e->cg.fd, BPF_CGROUP_INET_EGRESS, NULL);

	return fd < 0 ? NULL : link_from_fd(fd);
}

KTEST(link_update_detach_destroy)
{
	struct link_env e = {};
	struct bpf_link *l = NULL;

	kenv_cgroup_or_skip(&e.cg);
	GO_OK(env_open(&e));
	GO_TRUE((l = cg_link(&e, e.a)) != NULL);
	GO_TRUE(bpf_link__fd(l) > 2);
	GO_EQ(kenv_cgroup_udp(&e.cg, 3), 0);
	GO_EQ(kenv_count(e.hits_fd, 0), 3);

	/* the same link now runs program b */
	GO_OK(bpf_link__update_program(l, e.b));
	GO_EQ(kenv_cgroup_udp(&e.cg, 2), 0);
	GO_EQ(kenv_count(e.hits_fd, 0), 3);
	GO_EQ(kenv_count(e.hits_fd, 1), 2);

	/* detached: nothing counts, the fd stays until destroy */
	GO_OK(bpf_link__detach(l));
	GO_EQ(kenv_cgroup_udp(&e.cg, 2), 0);
	GO_EQ(kenv_count(e.hits_fd, 1), 2);
	GO_ERR(bpf_link__update_program(l, e.a), ENOLINK);
	GO_EQ(bpf_link__destroy(l), 0);
	l = NULL;
	GO_EQ(bpf_link__destroy(NULL), 0);
	GO_ERR(bpf_link__fd(NULL), EINVAL);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_cgroup_destroy(&e.cg);
}

KTEST(link_destroy_detaches)
{
	struct link_env e = {};
	struct bpf_link *l = NULL;

	kenv_cgroup_or_skip(&e.cg);
	GO_OK(env_open(&e));
	GO_TRUE((l = cg_link(&e, e.a)) != NULL);
	GO_EQ(bpf_link__destroy(l), 0);
	l = NULL;
	GO_EQ(kenv_cgroup_udp(&e.cg, 2), 0);
	GO_EQ(kenv_count(e.hits_fd, 0), 0);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_cgroup_destroy(&e.cg);
}

/* Pinned, the attachment outlives destroy; bpf_link__open gets it back. */
KTEST(link_pin_open_unpin)
{
	struct link_env e = {};
	struct bpf_link *l = NULL, *l2 = NULL;
	char path[512];

	kenv_cgroup_or_skip(&e.cg);
	GO_OK(env_open(&e));
	snprintf(path, sizeof(path), "%s/lnk/cg", test_pin_dir());
	GO_TRUE((l = cg_link(&e, e.a)) != NULL);
	GO_EQ(bpf_link__pin_path(l), NULL);
	GO_OK(bpf_link__pin(l, path));
	GO_TRUE(bpf_link__pin_path(l) && !strcmp(bpf_link__pin_path(l), path));
	GO_ERR(bpf_link__pin(l, path), EBUSY);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(kenv_cgroup_udp(&e.cg, 2), 0);
	GO_EQ(kenv_count(e.hits_fd, 0), 2);

	GO_TRUE((l2 = bpf_link__open(path)) != NULL);
	GO_TRUE(bpf_link__pin_path(l2) && !strcmp(bpf_link__pin_path(l2), path));
	GO_OK(bpf_link__update_program(l2, e.b));
	GO_EQ(kenv_cgroup_udp(&e.cg, 1), 0);
	GO_EQ(kenv_count(e.hits_fd, 1), 1);
	GO_OK(bpf_link__unpin(l2));
	GO_EQ(bpf_link__pin_path(l2), NULL);
	GO_TRUE(access(path, F_OK) != 0);
	GO_ERR(bpf_link__unpin(l2), EINVAL);
	/* last reference gone: detached */
	GO_OK(bpf_link__destroy(l2));
	l2 = NULL;
	GO_EQ(kenv_cgroup_udp(&e.cg, 1), 0);
	GO_EQ(kenv_count(e.hits_fd, 1), 1);

	GO_TRUE(bpf_link__open(path) == NULL);
	GO_EQ(errno, ENOENT);
	/* pins must be on bpffs */
	GO_TRUE((l = cg_link(&e, e.a)) != NULL);
	GO_ERR(bpf_link__pin(l, "/tmp/bpfkit-not-bpffs-link"), EINVAL);
out:
	bpf_link__destroy(l);
	bpf_link__destroy(l2);
	unlink(path);
	bpf_object__close(e.obj);
	kenv_cgroup_destroy(&e.cg);
}

/* Disconnected: destroy frees the memory and leaves the program attached
 * (the fd stays open, as the attachment lives on it). */
KTEST(link_disconnect_keeps_attachment)
{
	struct link_env e = {};
	struct bpf_link *l = NULL;
	int fd = -1;

	kenv_cgroup_or_skip(&e.cg);
	GO_OK(env_open(&e));
	GO_TRUE((l = cg_link(&e, e.a)) != NULL);
	fd = bpf_link__fd(l);
	bpf_link__disconnect(l);
	GO_OK(bpf_link__destroy(l));
	l = NULL;
	GO_EQ(kenv_cgroup_udp(&e.cg, 2), 0);
	GO_EQ(kenv_count(e.hits_fd, 0), 2);
	GO_TRUE(fcntl(fd, F_GETFD) >= 0);
out:
	if (fd >= 0)
		close(fd);
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
	kenv_cgroup_destroy(&e.cg);
}
