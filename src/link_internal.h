/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * struct bpf_link, shared by link.c (the bpf_link__* API) and every
 * attach_*.c file that makes links. A link is one attachment: usually a
 * kernel BPF link fd, sometimes a perf event fd or an old-style
 * attachment that needs its own detach step. Attach code that keeps more
 * state embeds struct bpf_link first in its own struct and passes its
 * size to link_new().
 */
#ifndef BPFKIT_LINK_INTERNAL_H
#define BPFKIT_LINK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/libbpf.h>

struct bpf_link;
typedef int (*link_detach_fn)(struct bpf_link *link);
typedef void (*link_dealloc_fn)(struct bpf_link *link);

struct bpf_link {
	/* What bpf_link__fd() returns; -1 for links with no fd of their own. */
	int fd;
	/* Set by bpf_link__pin() and bpf_link__open(). */
	char *pin_path;
	/* bpf_link__disconnect(): destroy frees memory only. */
	bool disconnected;
	/* Undo the attachment; NULL means closing fd is enough. Runs
	 * before fd is closed. Returns 0 or -errno. */
	link_detach_fn detach;
	/* Free state of a larger link struct; NULL means plain free(). */
	link_dealloc_fn dealloc;
};

/* Zeroed link of size bytes (>= sizeof(struct bpf_link)) holding fd.
 * NULL with errno ENOMEM; fd is left to the caller then. */
struct bpf_link *link_new(size_t size, int fd, link_detach_fn detach);

/* Link for a kernel BPF link fd (BPF_LINK_CREATE and friends), which
 * closing the fd detaches. On failure closes fd and returns NULL with
 * errno set. */
struct bpf_link *link_from_fd(int fd);

#endif
