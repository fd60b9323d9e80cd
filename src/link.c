// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The bpf_link object: lifetime, pinning, update and detach. Making links
 * is the attach code's business (attach_*.c); this file only manages
 * them once they exist.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "link_internal.h"
#include "object_internal.h"

struct bpf_link *link_new(size_t size, int fd, link_detach_fn detach)
{
	struct bpf_link *link;

	if (size < sizeof(*link))
		size = sizeof(*link);
	link = calloc(1, size);
	if (!link) {
		errno = ENOMEM;
		return NULL;
	}
	link->fd = fd;
	link->detach = detach;
	return link;
}

struct bpf_link *link_from_fd(int fd)
{
	struct bpf_link *link = link_new(sizeof(*link), fd, NULL);

	if (!link) {
		close(fd);
		errno = ENOMEM;
	}
	return link;
}

/* libbpf 0.x returned error pointers; programs ported from it may still
 * hand one to destroy, which must ignore it as libbpf does. */
static bool link_ptr_bad(const struct bpf_link *link)
{
	return !link || (uintptr_t)link >= (uintptr_t)-4095;
}

LIBBPF_API struct bpf_link *bpf_link__open(const char *path)
{
	struct bpf_link *link;
	int fd;

	if (!path)
		return libbpf_err_ptr(-EINVAL);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		fd = -errno;
		pr_warn("link: cannot open pinned link '%s': %s\n", path, errstr(fd));
		return libbpf_err_ptr(fd);
	}
	link = link_from_fd(fd);
	if (!link)
		return libbpf_err_ptr(-ENOMEM);
	link->pin_path = strdup(path);
	if (!link->pin_path) {
		bpf_link__destroy(link);
		return libbpf_err_ptr(-ENOMEM);
	}
	return link;
}

LIBBPF_API int bpf_link__fd(const struct bpf_link *link)
{
	if (link_ptr_bad(link))
		return libbpf_err(-EINVAL);
	return link->fd;
}

LIBBPF_API const char *bpf_link__pin_path(const struct bpf_link *link)
{
	return link_ptr_bad(link) ? NULL : link->pin_path;
}

LIBBPF_API int bpf_link__pin(struct bpf_link *link, const char *path)
{
	char *copy;
	int err;

	if (link_ptr_bad(link) || !path)
		return libbpf_err(-EINVAL);
	if (link->pin_path) {
		pr_warn("link: already pinned at '%s'\n", link->pin_path);
		return libbpf_err(-EBUSY);
	}
	if (link->fd < 0) {
		pr_warn("link: pin '%s': this link has no fd to pin\n", path);
		return libbpf_err(-EINVAL);
	}
	err = pin_make_parent_dir(path);
	err = err ?: pin_check_bpffs(path);
	if (err)
		return libbpf_err(err);
	copy = strdup(path);
	if (!copy)
		return libbpf_err(-ENOMEM);
	if (bpf_obj_pin(link->fd, path)) {
		err = -errno;
		pr_warn("link: pin at '%s' failed: %s\n", path, errstr(err));
		free(copy);
		return libbpf_err(err);
	}
	link->pin_path = copy;
	return 0;
}

LIBBPF_API int bpf_link__unpin(struct bpf_link *link)
{
	int err;

	if (link_ptr_bad(link) || !link->pin_path)
		return libbpf_err(-EINVAL);
	if (unlink(link->pin_path)) {
		err = -errno;
		pr_warn("link: unpin '%s' failed: %s\n", link->pin_path, errstr(err));
		return libbpf_err(err);
	}
	free(link->pin_path);
	link->pin_path = NULL;
	return 0;
}

LIBBPF_API int bpf_link__update_program(struct bpf_link *link, struct bpf_program *prog)
{
	int prog_fd, err;

	if (link_ptr_bad(link) || !prog)
		return libbpf_err(-EINVAL);
	prog_fd = bpf_program__fd(prog);
	if (prog_fd < 0) {
		pr_warn("link: update to program '%s', which is not loaded\n",
			bpf_program__name(prog));
		return libbpf_err(-EINVAL);
	}
	if (bpf_link_update(link->fd, prog_fd, NULL)) {
		err = -errno;
		pr_warn("link: update to program '%s' failed: %s\n", bpf_program__name(prog),
			errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API void bpf_link__disconnect(struct bpf_link *link)
{
	if (!link_ptr_bad(link))
		link->disconnected = true;
}

LIBBPF_API int bpf_link__detach(struct bpf_link *link)
{
	int err;

	if (link_ptr_bad(link))
		return libbpf_err(-EINVAL);
	if (bpf_link_detach(link->fd)) {
		err = -errno;
		pr_warn("link: detach of link fd %d failed: %s\n", link->fd, errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API int bpf_link__destroy(struct bpf_link *link)
{
	int err = 0;

	if (link_ptr_bad(link))
		return 0;
	/* A disconnected link keeps its fd open on purpose: closing the
	 * last fd of an unpinned kernel link would detach it. */
	if (!link->disconnected) {
		if (link->detach)
			err = link->detach(link);
		if (link->fd >= 0)
			close(link->fd);
	}
	free(link->pin_path);
	if (link->dealloc)
		link->dealloc(link);
	else
		free(link);
	return err ? libbpf_err(err) : 0;
}
