// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kprobes, ksyscall and kprobe_multi attachment, plus what every perf
 * event based probe shares: the kprobe/uprobe PMUs, the tracefs
 * ("legacy") fallback and the link over a perf event fd. Also the
 * auto-attach entry for all probe section kinds.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "elf_exec.h"
#include "features.h"
#include "link_internal.h"
#include "probe_internal.h"
#include "uapi_compat.h"

#ifndef BPF_F_KPROBE_MULTI_RETURN
#define BPF_F_KPROBE_MULTI_RETURN (1U << 0)
#endif

/* Bit position of the uprobe reference counter offset in attr.config. */
#define UPROBE_REF_CTR_SHIFT 32
/* Longest tracefs event name the kernel takes (MAX_EVENT_NAME_LEN). */
#define TRACEFS_NAME_MAX 64

/* A link over a perf event: either a BPF link holding the perf event, or
 * the perf event itself with the program set by ioctl. */
struct perf_link {
	struct bpf_link link;
	int perf_fd;		/* the perf event when link.fd is a BPF link, else -1 */
	char *legacy_event;	/* "kprobes/NAME" to remove from tracefs, or NULL */
	bool legacy_uprobe;
};

/* ---- sysfs and tracefs ---- */

static int read_small_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = 0;
	return 0;
}

/* perf type of the "kprobe"/"uprobe" PMU, or -errno (ENOENT: none). */
static int pmu_type(const char *pmu)
{
	char path[128], buf[32];
	int err;

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", pmu);
	err = read_small_file(path, buf, sizeof(buf));
	if (err)
		return err;
	return atoi(buf);
}

/* Bit of attr.config that makes the PMU's probe a return probe. */
static int pmu_retprobe_bit(const char *pmu)
{
	char path[160], buf[64];
	int err, bit;

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
	err = read_small_file(path, buf, sizeof(buf));
	if (err)
		return err;
	if (sscanf(buf, "config:%d", &bit) != 1 || bit < 0 || bit > 63)
		return -EINVAL;
	return bit;
}

/* Root of tracefs (mounted if need be) when it has file, or NULL. */
static const char *tracefs_with(const char *file)
{
	const char *root = attach_tracefs_root();
	char path[256];

	if (!root)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", root, file);
	return access(path, F_OK) ? NULL : root;
}

static int tracefs_append(const char *root, const char *file, const char *line)
{
	char path[256];
	ssize_t n, len = strlen(line);
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, file);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, line, len);
	n = n < 0 ? -errno : n == len ? 0 : -EIO;
	close(fd);
	return n;
}

static const char *events_file(bool uprobe)
{
	return uprobe ? "uprobe_events" : "kprobe_events";
}

/* Remove tracefs probe event ("kprobes/NAME"). */
static int tracefs_remove(bool uprobe, const char *event)
{
	const char *root = tracefs_with(events_file(uprobe));
	char line[TRACEFS_NAME_MAX + 32];

	if (!root)
		return -ENOENT;
	snprintf(line, sizeof(line), "-:%s\n", event);
	return tracefs_append(root, events_file(uprobe), line);
}

/* Unique event name: ours, per process, then a hint of the target. */
static void legacy_name(char *buf, size_t size, const struct probe_spec *ps)
{
	static unsigned long counter;
	const char *hint = ps->target ? ps->target : "addr";
	const char *slash = strrchr(hint, '/');
	size_t i, len;

	if (slash)
		hint = slash + 1;
	snprintf(buf, size, "bpfkit_%d_%lu_%s", getpid(),
		 __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED), hint);
	len = strlen(buf);
	for (i = 0; i < len; i++)
		if (!(buf[i] == '_' || (buf[i] >= 'a' && buf[i] <= 'z') ||
		      (buf[i] >= 'A' && buf[i] <= 'Z') || (buf[i] >= '0' && buf[i] <= '9')))
			buf[i] = '_';
}

/* The definition line written to kprobe_events/uprobe_events. */
static void legacy_def(char *buf, size_t size, const struct probe_spec *ps, const char *event)
{
	char kind = ps->retprobe ? 'r' : 'p';

	if (ps->uprobe) {
		int n = snprintf(buf, size, "%c:%s %s:0x%llx", kind, event, ps->target,
				 (unsigned long long)ps->offset);

		if (ps->ref_ctr_off && n > 0 && (size_t)n < size)
			snprintf(buf + n, size - n, "(0x%llx)", (unsigned long long)ps->ref_ctr_off);
	} else if (!ps->target) {
		snprintf(buf, size, "%c:%s 0x%llx", kind, event, (unsigned long long)ps->offset);
	} else if (ps->offset) {
		snprintf(buf, size, "%c:%s %s+%llu", kind, event, ps->target,
			 (unsigned long long)ps->offset);
	} else {
		snprintf(buf, size, "%c:%s %s", kind, event, ps->target);
	}
	strncat(buf, "\n", size - strlen(buf) - 1);
}

static int perf_open(struct perf_event_attr *attr, const struct probe_spec *ps)
{
	pid_t pid = -1;
	int cpu = 0, fd;

	attr->size = sizeof(*attr);
	/* a uprobe for one process follows it on every CPU */
	if (ps->uprobe && ps->pid != -1) {
		pid = ps->pid;
		cpu = -1;
	}
	fd = syscall(__NR_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -errno;
	return ensure_good_fd(fd);
}

/* Perf event of a tracefs probe; *event gets "group/NAME" to remove. */
static int legacy_open(const struct probe_spec *ps, char **event, const char **step)
{
	const char *group = ps->uprobe ? "uprobes" : "kprobes";
	char name[TRACEFS_NAME_MAX], ev[TRACEFS_NAME_MAX + 16], path[256], buf[32];
	char def[PATH_MAX + 128];
	const char *root = tracefs_with(events_file(ps->uprobe));
	struct perf_event_attr attr = {};
	int err, fd = -1;

	*step = "tracefs";
	if (!root)
		return -EOPNOTSUPP;
	legacy_name(name, sizeof(name), ps);
	snprintf(ev, sizeof(ev), "%s/%s", group, name);
	legacy_def(def, sizeof(def), ps, ev);
	*step = "adding the tracefs probe event";
	err = tracefs_append(root, events_file(ps->uprobe), def);
	if (err)
		return err;
	*step = "reading the tracefs event id";
	snprintf(path, sizeof(path), "%s/events/%s/id", root, ev);
	err = read_small_file(path, buf, sizeof(buf));
	if (!err) {
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.config = strtoull(buf, NULL, 10);
		*step = "perf_event_open";
		err = fd = perf_open(&attr, ps);
	}
	if (err >= 0) {
		*event = strdup(ev);
		if (*event)
			return fd;
		close(fd);
		err = -ENOMEM;
	}
	tracefs_remove(ps->uprobe, ev);
	return err;
}

static int pmu_open(const struct probe_spec *ps, int type, const char **step)
{
	const char *pmu = ps->uprobe ? "uprobe" : "kprobe";
	struct perf_event_attr attr = {};
	int bit;

	attr.type = type;
	if (ps->retprobe) {
		*step = "reading the PMU's retprobe bit";
		bit = pmu_retprobe_bit(pmu);
		if (bit < 0)
			return bit;
		attr.config |= 1ULL << bit;
	}
	if (ps->uprobe)
		attr.config |= ps->ref_ctr_off << UPROBE_REF_CTR_SHIFT;
	attr.config1 = ptr_to_u64(ps->target);	/* kprobe_func / uprobe_path */
	attr.config2 = ps->offset;		/* probe_offset / kprobe_addr */
	*step = "perf_event_open";
	return perf_open(&attr, ps);
}

/* ---- links over perf events ---- */

static int perf_link_detach(struct bpf_link *link)
{
	struct perf_link *pl = (struct perf_link *)link;

	if (pl->perf_fd < 0)
		ioctl(link->fd, PERF_EVENT_IOC_DISABLE, 0);
	/* the tracefs event stays busy while any fd holds it */
	close_fd_safe(link->fd);
	link->fd = -1;
	close_fd_safe(pl->perf_fd);
	pl->perf_fd = -1;
	if (!pl->legacy_event)
		return 0;
	return tracefs_remove(pl->legacy_uprobe, pl->legacy_event);
}

static void perf_link_dealloc(struct bpf_link *link)
{
	free(((struct perf_link *)link)->legacy_event);
	free(link);
}

/* Attach prog_fd to perf event pfd; takes pfd (and event) in any case. */
static struct bpf_link *perf_link_make(int prog_fd, int pfd, const struct probe_spec *ps,
				       bool use_link, char *event, const char **step)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo, .perf_event.bpf_cookie = ps->cookie);
	struct perf_link *pl;
	int lfd = -1, err;

	pl = (struct perf_link *)link_new(sizeof(*pl), -1, perf_link_detach);
	if (!pl) {
		*step = "allocating the link";
		err = -ENOMEM;
		goto err_out;
	}
	pl->link.dealloc = perf_link_dealloc;
	pl->legacy_event = event;
	pl->legacy_uprobe = ps->uprobe;
	pl->perf_fd = -1;
	if (use_link) {
		*step = "BPF_LINK_CREATE on the perf event";
		lfd = bpf_link_create(prog_fd, pfd, BPF_PERF_EVENT, &lo);
		if (lfd < 0) {
			err = -errno;
			goto err_out;
		}
		pl->link.fd = lfd;
		pl->perf_fd = pfd;
		return &pl->link;
	}
	*step = "PERF_EVENT_IOC_SET_BPF";
	pl->link.fd = pfd;
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0) {
		err = -errno;
		goto err_destroy;
	}
	*step = "PERF_EVENT_IOC_ENABLE";
	if (ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		err = -errno;
		goto err_destroy;
	}
	return &pl->link;

err_destroy:
	bpf_link__destroy(&pl->link);
	errno = -err;
	return NULL;
err_out:
	close(pfd);
	if (event)
		tracefs_remove(ps->uprobe, event);
	if (pl)
		perf_link_dealloc(&pl->link);
	else
		free(event);
	errno = -err;
	return NULL;
}

static void probe_warn(const struct bpf_program *prog, const struct probe_spec *ps,
		       const char *step, int err)
{
	const char *kind = ps->uprobe ? (ps->retprobe ? "uretprobe" : "uprobe")
				      : (ps->retprobe ? "kretprobe" : "kprobe");

	if (ps->uprobe)
		pr_warn("%s: program '%s': %s:0x%llx: %s failed: %s\n", kind,
			bpf_program__name(prog), ps->target, (unsigned long long)ps->offset, step,
			errstr(err));
	else
		pr_warn("%s: program '%s': %s+0x%llx: %s failed: %s\n", kind,
			bpf_program__name(prog), ps->target ? ps->target : "",
			(unsigned long long)ps->offset, step, errstr(err));
}

/* Which mechanisms mode picks: *legacy (tracefs), *use_link (BPF link
 * over the perf event rather than ioctl). */
static int probe_mode(const struct probe_spec *ps, int pmu, bool *legacy, bool *use_link,
		      const char **step)
{
	*step = "choosing the attach mode";
	switch (ps->mode) {
	case PROBE_ATTACH_MODE_DEFAULT:
		*legacy = pmu < 0;
		*use_link = kernel_supports(FEAT_PERF_LINK_COOKIE);
		break;
	case PROBE_ATTACH_MODE_LEGACY:
		*legacy = true;
		*use_link = kernel_supports(FEAT_PERF_LINK_COOKIE);
		break;
	case PROBE_ATTACH_MODE_PERF:
		*legacy = false;
		*use_link = false;
		break;
	case PROBE_ATTACH_MODE_LINK:
		*legacy = false;
		*use_link = true;
		if (!kernel_supports(FEAT_PERF_LINK_COOKIE))
			return -EOPNOTSUPP;
		break;
	default:
		return -EINVAL;
	}
	if (!*legacy && pmu < 0) {
		*step = ps->uprobe ? "finding the uprobe PMU" : "finding the kprobe PMU";
		return pmu;
	}
	/* the PMU takes it in the upper half of attr.config */
	if (ps->ref_ctr_off > UINT32_MAX) {
		*step = "checking the reference counter offset (over 4 GiB)";
		return -EINVAL;
	}
	if (*legacy && !ps->target) {
		*step = "legacy probe by address";
		return -EOPNOTSUPP;
	}
	/* ioctl attachment cannot carry a cookie */
	if (!*use_link && ps->cookie) {
		*step = "a BPF cookie needs a perf link (ioctl attachment)";
		return -EOPNOTSUPP;
	}
	return 0;
}

struct bpf_link *probe_attach(const struct bpf_program *prog, const struct probe_spec *ps)
{
	bool legacy, use_link;
	const char *step;
	struct bpf_link *link;
	char *event = NULL;
	int prog_fd, pmu, pfd, err;

	prog_fd = attach_prog_fd(prog, ps->uprobe ? "uprobe" : "kprobe");
	if (prog_fd < 0)
		return libbpf_err_ptr(prog_fd);
	pmu = pmu_type(ps->uprobe ? "uprobe" : "kprobe");
	err = probe_mode(ps, pmu, &legacy, &use_link, &step);
	if (err)
		goto err_out;
	if (legacy)
		pfd = legacy_open(ps, &event, &step);
	else
		pfd = pmu_open(ps, pmu, &step);
	if (pfd < 0) {
		err = pfd;
		goto err_out;
	}
	link = perf_link_make(prog_fd, pfd, ps, use_link, event, &step);
	if (link)
		return link;
	err = -errno;
err_out:
	probe_warn(prog, ps, step, err);
	return libbpf_err_ptr(err);
}

/* ---- kprobes ---- */

LIBBPF_API struct bpf_link *bpf_program__attach_kprobe_opts(const struct bpf_program *prog,
							  const char *func_name,
							  const struct bpf_kprobe_opts *opts)
{
	struct probe_spec ps = {};

	if (!prog || !OPTS_VALID(opts, bpf_kprobe_opts))
		return libbpf_err_ptr(-EINVAL);
	ps.target = func_name;
	ps.retprobe = OPTS_GET(opts, retprobe, false);
	ps.offset = OPTS_GET(opts, offset, 0);
	ps.cookie = OPTS_GET(opts, bpf_cookie, 0);
	ps.mode = OPTS_GET(opts, attach_mode, PROBE_ATTACH_MODE_DEFAULT);
	if ((func_name && !*func_name) || (!func_name && !ps.offset)) {
		pr_warn("kprobe: program '%s': no function name or address\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	if (ps.retprobe && ps.offset && func_name) {
		pr_warn("kprobe: program '%s': kretprobe '%s' cannot have an offset\n",
			bpf_program__name(prog), func_name);
		return libbpf_err_ptr(-EINVAL);
	}
	return probe_attach(prog, &ps);
}

LIBBPF_API struct bpf_link *bpf_program__attach_kprobe(const struct bpf_program *prog,
						     bool retprobe, const char *func_name)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .retprobe = retprobe);

	return bpf_program__attach_kprobe_opts(prog, func_name, &opts);
}

LIBBPF_API struct bpf_link *bpf_program__attach_ksyscall(const struct bpf_program *prog,
						       const char *syscall_name,
						       const struct bpf_ksyscall_opts *opts)
{
	LIBBPF_OPTS(bpf_kprobe_opts, kopts);
	const char *pfx = arch_syscall_prefix();
	char func[128];

	if (!prog || !OPTS_VALID(opts, bpf_ksyscall_opts))
		return libbpf_err_ptr(-EINVAL);
	if (!syscall_name || !*syscall_name) {
		pr_warn("ksyscall: program '%s': no syscall name\n", bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	/* with wrappers the handler takes a pt_regs: __x64_sys_NAME */
	if (pfx && *pfx && kernel_supports(FEAT_SYSCALL_WRAPPER))
		snprintf(func, sizeof(func), "%ssys_%s", pfx, syscall_name);
	else
		snprintf(func, sizeof(func), "sys_%s", syscall_name);
	kopts.retprobe = OPTS_GET(opts, retprobe, false);
	kopts.bpf_cookie = OPTS_GET(opts, bpf_cookie, 0);
	return bpf_program__attach_kprobe_opts(prog, func, &kopts);
}

/* ---- kprobe_multi ---- */

struct name_list {
	char **names;
	size_t cnt, cap;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void name_list_free(struct name_list *nl)
{
	size_t i;

	for (i = 0; i < nl->cnt; i++)
		free(nl->names[i]);
	free(nl->names);
}

/* Names of available_filter_functions matching pattern, sorted, once
 * each (a name can be listed for several modules). */
static int kprobe_multi_glob(const char *pattern, struct name_list *nl, const char **step)
{
	const char *root = tracefs_with("available_filter_functions");
	char path[256], *text, *line, *next, *end;
	size_t len, i, j;
	void *buf;
	int fd, err;

	*step = "finding available_filter_functions in tracefs";
	if (!root)
		return -EOPNOTSUPP;
	snprintf(path, sizeof(path), "%s/available_filter_functions", root);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*step = "reading available_filter_functions";
	err = read_fd_all(fd, &buf, &len, 256u << 20);
	close(fd);
	if (err)
		return err;
	text = buf;
	*step = "collecting matching functions";
	for (line = text; line < text + len && !err; line = next) {
		next = strchrnul(line, '\n');
		end = line + strcspn(line, " \t\n");
		*next++ = 0;
		*end = 0;
		/* placeholders for functions ftrace could not resolve */
		if (!*line || !strncmp(line, "__ftrace_invalid_address__", 26))
			continue;
		if (!probe_glob_match(line, pattern))
			continue;
		err = libbpf_ensure_mem((void **)&nl->names, &nl->cap, sizeof(char *), nl->cnt + 1);
		if (!err && !(nl->names[nl->cnt++] = strdup(line)))
			err = -ENOMEM, nl->cnt--;
	}
	free(buf);
	if (err || !nl->cnt)
		return err;
	qsort(nl->names, nl->cnt, sizeof(char *), cmp_str);
	for (i = 1, j = 1; i < nl->cnt; i++) {
		if (strcmp(nl->names[i], nl->names[j - 1]))
			nl->names[j++] = nl->names[i];
		else
			free(nl->names[i]);
	}
	nl->cnt = j;
	return 0;
}

static int kprobe_multi_check(const char *pattern, const struct bpf_kprobe_multi_opts *opts,
			      const char **why)
{
	const char **syms = OPTS_GET(opts, syms, NULL);
	const unsigned long *addrs = OPTS_GET(opts, addrs, NULL);
	const __u64 *cookies = OPTS_GET(opts, cookies, NULL);
	size_t cnt = OPTS_GET(opts, cnt, 0);

	*why = "exactly one of pattern, syms and addrs must be given";
	if (!!pattern + !!syms + !!addrs != 1)
		return -EINVAL;
	*why = "pattern takes no cnt or cookies";
	if (pattern && (cnt || cookies))
		return -EINVAL;
	*why = "syms/addrs need a cnt";
	if (!pattern && (!cnt || cnt > UINT32_MAX))
		return -EINVAL;
	*why = "unique_match needs a pattern";
	if (!pattern && OPTS_GET(opts, unique_match, false))
		return -EINVAL;
	*why = "a session probe is not a return probe";
	if (OPTS_GET(opts, session, false) && OPTS_GET(opts, retprobe, false))
		return -EINVAL;
	return 0;
}

LIBBPF_API struct bpf_link *
bpf_program__attach_kprobe_multi_opts(const struct bpf_program *prog, const char *pattern,
				      const struct bpf_kprobe_multi_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	struct name_list nl = {};
	enum bpf_attach_type type = BPF_TRACE_KPROBE_MULTI;
	const char *step, *name = pattern ? pattern : "(list)";
	int prog_fd, lfd, err;

	if (!prog || !OPTS_VALID(opts, bpf_kprobe_multi_opts))
		return libbpf_err_ptr(-EINVAL);
	err = kprobe_multi_check(pattern, opts, &step);
	if (err) {
		pr_warn("kprobe_multi: program '%s': %s\n", bpf_program__name(prog), step);
		return libbpf_err_ptr(err);
	}
	prog_fd = attach_prog_fd(prog, "kprobe_multi");
	if (prog_fd < 0)
		return libbpf_err_ptr(prog_fd);
	lo.kprobe_multi.syms = OPTS_GET(opts, syms, NULL);
	lo.kprobe_multi.addrs = OPTS_GET(opts, addrs, NULL);
	lo.kprobe_multi.cookies = OPTS_GET(opts, cookies, NULL);
	lo.kprobe_multi.cnt = OPTS_GET(opts, cnt, 0);
	if (OPTS_GET(opts, retprobe, false))
		lo.kprobe_multi.flags = BPF_F_KPROBE_MULTI_RETURN;
	if (OPTS_GET(opts, session, false))
		type = (enum bpf_attach_type)BPFKIT_BPF_TRACE_KPROBE_SESSION;
	if (pattern) {
		err = kprobe_multi_glob(pattern, &nl, &step);
		if (!err && !nl.cnt) {
			step = "matching the pattern";
			err = -ENOENT;
		}
		if (!err && nl.cnt != 1 && OPTS_GET(opts, unique_match, false)) {
			step = "unique_match (several functions match)";
			err = -EINVAL;
		}
		if (err)
			goto out;
		lo.kprobe_multi.syms = (const char **)nl.names;
		lo.kprobe_multi.cnt = nl.cnt;
	}
	step = "BPF_LINK_CREATE";
	lfd = bpf_link_create(prog_fd, 0, type, &lo);
	err = lfd < 0 ? -errno : 0;
out:
	name_list_free(&nl);
	if (err) {
		pr_warn("kprobe_multi: program '%s': '%s': %s failed: %s\n",
			bpf_program__name(prog), name, step, errstr(err));
		return libbpf_err_ptr(err);
	}
	return libbpf_ptr(link_from_fd(lfd));
}

/* ---- auto-attach ---- */

/* "FUNC[+OFF]" of kprobe/kretprobe sections. */
static int kprobe_auto(const struct bpf_program *prog, const char *spec, bool retprobe,
		       struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .retprobe = retprobe);
	const char *plus = strchr(spec, '+');
	char *func, *end;

	if (plus) {
		errno = 0;
		opts.offset = strtoul(plus + 1, &end, 0);
		if (errno || end == plus + 1 || *end) {
			pr_warn("kprobe: program '%s': bad offset in section target '%s'\n",
				bpf_program__name(prog), spec);
			return -EINVAL;
		}
	}
	func = strndup(spec, plus ? (size_t)(plus - spec) : strlen(spec));
	if (!func)
		return -ENOMEM;
	*link = bpf_program__attach_kprobe_opts(prog, func, &opts);
	free(func);
	return *link ? 0 : -errno;
}

static int kprobe_multi_auto(const struct bpf_program *prog, const char *spec, bool retprobe,
			     bool session, struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .retprobe = retprobe, .session = session);

	*link = bpf_program__attach_kprobe_multi_opts(prog, spec, &opts);
	return *link ? 0 : -errno;
}

static int ksyscall_auto(const struct bpf_program *prog, const char *spec, bool retprobe,
			 struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_ksyscall_opts, opts, .retprobe = retprobe);

	*link = bpf_program__attach_ksyscall(prog, spec, &opts);
	return *link ? 0 : -errno;
}

int attach_probe_auto(const struct bpf_program *prog, const char *sec_name,
		      enum sec_attach_kind kind, struct bpf_link **link)
{
	const char *slash = strchr(sec_name, '/');
	size_t plen = slash ? (size_t)(slash - sec_name) : strlen(sec_name);
	/* the prefix says the flavour: kretprobe, uretprobe.multi.s, ... */
	bool retprobe = memmem(sec_name, plen, "ret", 3) != NULL;
	bool session = memmem(sec_name, plen, "session", 7) != NULL;
	const char *spec = slash ? slash + 1 : NULL;

	*link = NULL;
	if (!spec)
		return 0;
	if (!*spec) {
		pr_warn("attach: program '%s': section '%s' names no target\n",
			bpf_program__name(prog), sec_name);
		return -EINVAL;
	}
	switch (kind) {
	case SEC_ATTACH_KPROBE:
		return kprobe_auto(prog, spec, retprobe, link);
	case SEC_ATTACH_KSYSCALL:
		return ksyscall_auto(prog, spec, retprobe, link);
	case SEC_ATTACH_KPROBE_MULTI:
	case SEC_ATTACH_KPROBE_SESSION:
		return kprobe_multi_auto(prog, spec, retprobe, session, link);
	case SEC_ATTACH_UPROBE:
		return uprobe_auto(prog, spec, retprobe, link);
	case SEC_ATTACH_UPROBE_MULTI:
		return uprobe_multi_auto(prog, spec, retprobe, session, link);
	case SEC_ATTACH_USDT:
		return usdt_auto(prog, spec, link);
	default:
		pr_warn("attach: program '%s': section '%s' is not a probe\n",
			bpf_program__name(prog), sec_name);
		return -EOPNOTSUPP;
	}
}
