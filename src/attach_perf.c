// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Programs on perf events: bpf_program__attach_perf_event*() for an event
 * the caller opened, and tracepoints, whose perf event we open from the
 * id tracefs gives. The link owns the perf event fd from then on.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "features.h"
#include "link_internal.h"
#include "object_internal.h"

/* A link on a perf event. fd (in the base) is the BPF link when the kernel
 * made one, else the perf event fd itself (ioctl attachment). */
struct perf_link {
	struct bpf_link link;
	int perf_fd;
};

static int perf_link_detach(struct bpf_link *link)
{
	struct perf_link *pl = (struct perf_link *)link;
	int err = 0;

	if (ioctl(pl->perf_fd, PERF_EVENT_IOC_DISABLE, 0) < 0)
		err = -errno;
	/* the base fd is closed by bpf_link__destroy() */
	if (pl->perf_fd != link->fd)
		close(pl->perf_fd);
	return err;
}

static const char *perf_err_hint(int err)
{
	return err == -EPROTO ? " (the event must allow kernel callchains for this program)" :
				"";
}

/* Makes the BPF link (or SET_BPF ioctl) for pfd; returns the link fd to
 * keep, pfd itself for the ioctl way, or -errno (logged). */
static int perf_bind(const struct bpf_program *prog, int prog_fd, int pfd,
		     const struct bpf_perf_event_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	__u64 cookie = OPTS_GET(opts, bpf_cookie, 0);
	int fd, err;

	if (kernel_supports(FEAT_PERF_LINK_COOKIE) && !OPTS_GET(opts, force_ioctl_attach, false)) {
		lo.perf_event.bpf_cookie = cookie;
		fd = bpf_link_create(prog_fd, pfd, BPF_PERF_EVENT, &lo);
		if (fd >= 0)
			return fd;
		err = -errno;
		pr_warn("prog '%s': link to perf event fd %d failed: %s%s\n", prog->name, pfd,
			errstr(err), perf_err_hint(err));
		return err;
	}
	if (cookie) {
		pr_warn("prog '%s': perf event fd %d: bpf_cookie needs BPF perf links, which the kernel lacks or were refused by force_ioctl_attach\n",
			prog->name, pfd);
		return -EOPNOTSUPP;
	}
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0) {
		err = -errno;
		pr_warn("prog '%s': PERF_EVENT_IOC_SET_BPF on fd %d failed: %s%s\n", prog->name,
			pfd, errstr(err), perf_err_hint(err));
		return err;
	}
	return pfd;
}

LIBBPF_API struct bpf_link *
bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
				    const struct bpf_perf_event_opts *opts)
{
	struct perf_link *pl;
	int prog_fd, fd, err;

	if (!prog || !OPTS_VALID(opts, bpf_perf_event_opts))
		return libbpf_err_ptr(-EINVAL);
	if (pfd < 0) {
		pr_warn("prog '%s': invalid perf event fd %d\n", prog->name, pfd);
		return libbpf_err_ptr(-EINVAL);
	}
	prog_fd = attach_prog_fd(prog, "perf event");
	if (prog_fd < 0)
		return libbpf_err_ptr(prog_fd);
	pl = (struct perf_link *)link_new(sizeof(*pl), -1, perf_link_detach);
	if (!pl) {
		pr_warn("prog '%s': perf event fd %d: out of memory\n", prog->name, pfd);
		return libbpf_err_ptr(-ENOMEM);
	}
	fd = perf_bind(prog, prog_fd, pfd, opts);
	if (fd < 0) {
		free(pl);
		return libbpf_err_ptr(fd);
	}
	pl->link.fd = fd;
	pl->perf_fd = pfd;
	if (!OPTS_GET(opts, dont_enable, false) && ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		err = -errno;
		pr_warn("prog '%s': enabling perf event fd %d failed: %s\n", prog->name, pfd,
			errstr(err));
		/* pfd stays the caller's; a BPF link goes, an ioctl
		 * attachment (which has no undo) ends when pfd is closed */
		if (fd != pfd)
			close(fd);
		free(pl);
		return libbpf_err_ptr(err);
	}
	return &pl->link;
}

LIBBPF_API struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog,
							   int pfd)
{
	return bpf_program__attach_perf_event_opts(prog, pfd, NULL);
}

/* ---- tracepoints --------------------------------------------------------- */

static const char tracefs_mnt[] = "/sys/kernel/tracing";
static const char debugfs_tracing[] = "/sys/kernel/debug/tracing";

static bool has_events(const char *root)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/events", root);
	return access(path, F_OK) == 0;
}

/* Where tracefs is; mounted at its usual place when nowhere. NULL if it
 * cannot be had. */
static const char *tracefs_lookup(void)
{
	if (has_events(tracefs_mnt))
		return tracefs_mnt;
	if (has_events(debugfs_tracing))
		return debugfs_tracing;
	if (mount("tracefs", tracefs_mnt, "tracefs", 0, NULL) == 0 && has_events(tracefs_mnt))
		return tracefs_mnt;
	pr_debug("tracefs not found and mounting it at %s failed: %s\n", tracefs_mnt,
		 errstr(-errno));
	return NULL;
}

/* Looked up on every use (a few access() calls, cheap next to
 * perf_event_open) so an unmount or a new mount namespace is noticed;
 * the lock keeps two threads from mounting it twice. */
const char *attach_tracefs_root(void)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	const char *root;
	int saved = errno;

	pthread_mutex_lock(&lock);
	root = tracefs_lookup();
	pthread_mutex_unlock(&lock);
	errno = saved;
	return root;
}

/* A tracefs path component: no separators, no dot names. */
static bool tp_part_ok(const char *s)
{
	return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..") &&
	       strlen(s) < 128;
}

/* Tracepoint id from events/<cat>/<name>/id, or -errno. */
static int tracepoint_id(const char *cat, const char *name)
{
	const char *root = attach_tracefs_root();
	char path[384], buf[32], *end;
	ssize_t n;
	long id;
	int fd, err;

	if (!root)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", root, cat, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	errno = 0;
	id = strtol(buf, &end, 10);
	if (errno || end == buf || id < 0 || id > INT32_MAX)
		return -EINVAL;
	return (int)id;
}

/* perf event of a tracepoint (system-wide: BPF programs on tracepoints
 * run on every CPU whatever the event's CPU). Returns fd or -errno. */
static int tracepoint_perf_open(int id)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = id;
	fd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -errno;
	return ensure_good_fd(fd);
}

LIBBPF_API struct bpf_link *
bpf_program__attach_tracepoint_opts(const struct bpf_program *prog, const char *tp_category,
				    const char *tp_name, const struct bpf_tracepoint_opts *opts)
{
	LIBBPF_OPTS(bpf_perf_event_opts, pe);
	struct bpf_link *link;
	int id, pfd, err;

	if (!prog || !OPTS_VALID(opts, bpf_tracepoint_opts))
		return libbpf_err_ptr(-EINVAL);
	if (!tp_part_ok(tp_category) || !tp_part_ok(tp_name)) {
		pr_warn("prog '%s': bad tracepoint name '%s/%s'\n", prog->name,
			tp_category ?: "(null)", tp_name ?: "(null)");
		return libbpf_err_ptr(-EINVAL);
	}
	err = attach_prog_fd(prog, "tracepoint");
	if (err < 0)
		return libbpf_err_ptr(err);
	id = tracepoint_id(tp_category, tp_name);
	pfd = id < 0 ? id : tracepoint_perf_open(id);
	if (pfd < 0) {
		pr_warn("prog '%s': tracepoint '%s/%s': %s %s\n", prog->name, tp_category, tp_name,
			id < 0 ? "no id in tracefs:" : "perf_event_open failed:", errstr(pfd));
		return libbpf_err_ptr(pfd);
	}
	pe.bpf_cookie = OPTS_GET(opts, bpf_cookie, 0);
	link = bpf_program__attach_perf_event_opts(prog, pfd, &pe);
	if (!link) {
		err = -errno;
		close(pfd);
		return libbpf_err_ptr(err);
	}
	return link;
}

LIBBPF_API struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog,
							   const char *tp_category,
							   const char *tp_name)
{
	return bpf_program__attach_tracepoint_opts(prog, tp_category, tp_name, NULL);
}

int attach_tracepoint_auto(const struct bpf_program *prog, const char *target,
			   struct bpf_link **link)
{
	const char *slash = strchr(target, '/');
	char cat[128];
	size_t len;

	*link = NULL;
	len = slash ? (size_t)(slash - target) : 0;
	if (!slash || !len || len >= sizeof(cat) || !slash[1]) {
		pr_warn("prog '%s': section '%s' is not tracepoint/<category>/<name>\n", prog->name,
			prog->sec_name);
		return -EINVAL;
	}
	memcpy(cat, target, len);
	cat[len] = '\0';
	*link = bpf_program__attach_tracepoint(prog, cat, slash + 1);
	return *link ? 0 : -errno;
}
