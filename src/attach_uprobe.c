// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uprobe and uprobe_multi attachment: finding the binary ("libc.so.6",
 * "bash" or a path), resolving function names to file offsets with our
 * ELF reader, and the section-name driven auto-attach.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "elf_exec.h"
#include "link_internal.h"
#include "probe_internal.h"
#include "uapi_compat.h"

#ifndef BPF_F_UPROBE_MULTI_RETURN
#define BPF_F_UPROBE_MULTI_RETURN (1U << 0)
#endif

#if defined(__x86_64__)
#define MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MULTIARCH "aarch64-linux-gnu"
#elif defined(__i386__)
#define MULTIARCH "i386-linux-gnu"
#elif defined(__s390x__)
#define MULTIARCH "s390x-linux-gnu"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MULTIARCH "powerpc64le-linux-gnu"
#elif defined(__riscv) && __riscv_xlen == 64
#define MULTIARCH "riscv64-linux-gnu"
#else
#define MULTIARCH ""
#endif

/* ---- finding the binary ---- */

/* Whether file name base is library lib or a versioned name of it
 * ("libc.so" finds "libc.so.6"). */
static bool lib_name_matches(const char *base, const char *lib)
{
	size_t len = strlen(lib);

	return !strncmp(base, lib, len) && (!base[len] || base[len] == '.');
}

/* The copy of library lib mapped into process pid (0: ourselves). */
FILE *probe_open_maps(pid_t pid)
{
	char maps[64];

	if (pid > 0)
		snprintf(maps, sizeof(maps), "/proc/%d/maps", (int)pid);
	else
		snprintf(maps, sizeof(maps), "/proc/self/maps");
	return fopen(maps, "re");
}

static int lib_from_maps(const char *lib, pid_t pid, char *buf, size_t size)
{
	char line[PATH_MAX + 128], *path, *base;
	int ret = -ENOENT;
	FILE *f = probe_open_maps(pid);

	if (!f)
		return -ENOENT;
	while (ret && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		path = strchr(line, '/');
		if (!path)
			continue;
		base = strrchr(path, '/') + 1;
		if (lib_name_matches(base, lib) && strlen(path) < size) {
			strcpy(buf, path);
			ret = 0;
		}
	}
	fclose(f);
	return ret;
}

/* First dir of the ':'-separated list dirs holding file name. */
static int search_dirs(const char *dirs, const char *name, char *buf, size_t size)
{
	const char *d = dirs, *end;
	int n;

	for (; d && *d; d = *end ? end + 1 : end) {
		end = strchrnul(d, ':');
		if (end == d)
			continue;
		n = snprintf(buf, size, "%.*s/%s", (int)(end - d), d, name);
		if (n > 0 && (size_t)n < size && !access(buf, F_OK))
			return 0;
	}
	return -ENOENT;
}

int probe_resolve_path(const char *name, pid_t pid, char *buf, size_t size)
{
	static const char lib_dirs[] = "/lib64:/usr/lib64:/lib:/usr/lib:/lib/" MULTIARCH
				       ":/usr/lib/" MULTIARCH;
	const char *env;

	if (!name || !*name)
		return -EINVAL;
	if (strchr(name, '/')) {
		if (strlen(name) >= size)
			return -ENAMETOOLONG;
		strcpy(buf, name);
		return access(buf, F_OK) ? -errno : 0;
	}
	if (strstr(name, ".so")) {
		if (!lib_from_maps(name, pid, buf, size))
			return 0;
		env = getenv("LD_LIBRARY_PATH");
		if (env && !search_dirs(env, name, buf, size))
			return 0;
		return search_dirs(lib_dirs, name, buf, size);
	}
	env = getenv("PATH");
	return search_dirs(env ? env : "/usr/local/bin:/usr/bin:/bin", name, buf, size);
}

/* ---- uprobes ---- */

static const char *uprobe_kind(bool retprobe)
{
	return retprobe ? "uretprobe" : "uprobe";
}

/* Offset of func_name in binary path, logging failures. */
static int func_offset(const struct bpf_program *prog, const char *kind, const char *path,
		       const char *func_name, uint64_t *off)
{
	struct exec_elf *ee;
	int err;

	err = exec_elf_open(path, &ee);
	if (err) {
		pr_warn("%s: program '%s': cannot read ELF binary '%s': %s\n", kind,
			bpf_program__name(prog), path, errstr(err));
		return err;
	}
	err = exec_elf_func_offset(ee, func_name, off);
	exec_elf_close(ee);
	if (err == -ENOENT)
		pr_warn("%s: program '%s': no function '%s' in '%s'\n", kind,
			bpf_program__name(prog), func_name, path);
	else if (err)
		pr_warn("%s: program '%s': function '%s' of '%s' has several addresses\n", kind,
			bpf_program__name(prog), func_name, path);
	return err;
}

LIBBPF_API struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog,
							  pid_t pid, const char *binary_path,
							  size_t func_offset_arg,
							  const struct bpf_uprobe_opts *opts)
{
	struct probe_spec ps = { .uprobe = true };
	const char *func_name, *kind;
	char path[PATH_MAX];
	uint64_t off = 0;
	int err;

	if (!prog || !OPTS_VALID(opts, bpf_uprobe_opts))
		return libbpf_err_ptr(-EINVAL);
	ps.retprobe = OPTS_GET(opts, retprobe, false);
	kind = uprobe_kind(ps.retprobe);
	if (!binary_path || pid < -1) {
		pr_warn("%s: program '%s': %s\n", kind, bpf_program__name(prog),
			binary_path ? "bad pid" : "no binary path");
		return libbpf_err_ptr(-EINVAL);
	}
	err = probe_resolve_path(binary_path, pid, path, sizeof(path));
	if (err) {
		pr_warn("%s: program '%s': binary '%s' not found: %s\n", kind,
			bpf_program__name(prog), binary_path, errstr(err));
		return libbpf_err_ptr(err);
	}
	func_name = OPTS_GET(opts, func_name, NULL);
	if (func_name && *func_name) {
		err = func_offset(prog, kind, path, func_name, &off);
		if (err)
			return libbpf_err_ptr(err);
	}
	ps.target = path;
	ps.offset = off + func_offset_arg;
	ps.ref_ctr_off = OPTS_GET(opts, ref_ctr_offset, 0);
	ps.pid = pid;
	ps.cookie = OPTS_GET(opts, bpf_cookie, 0);
	ps.mode = OPTS_GET(opts, attach_mode, PROBE_ATTACH_MODE_DEFAULT);
	return probe_attach(prog, &ps);
}

LIBBPF_API struct bpf_link *bpf_program__attach_uprobe(const struct bpf_program *prog,
						     bool retprobe, pid_t pid,
						     const char *binary_path, size_t func_offset)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = retprobe);

	return bpf_program__attach_uprobe_opts(prog, pid, binary_path, func_offset, &opts);
}

/* ---- uprobe_multi ---- */

struct multi_offsets {
	const char *pattern;
	unsigned long *offs;
	size_t cnt, cap;
	int err;
};

static int collect_match(const struct exec_sym *s, void *ctx)
{
	struct multi_offsets *mo = ctx;
	char name[256];
	size_t len = strcspn(s->name, "@");

	if (s->hidden_version || len >= sizeof(name))
		return 0;
	memcpy(name, s->name, len);
	name[len] = 0;
	if (!probe_glob_match(name, mo->pattern))
		return 0;
	mo->err = libbpf_ensure_mem((void **)&mo->offs, &mo->cap, sizeof(*mo->offs), mo->cnt + 1);
	if (mo->err)
		return 1;
	mo->offs[mo->cnt++] = s->offset;
	return 0;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* File offsets of the functions matching pattern, each address once
 * (.symtab and .dynsym both list exported functions). */
static int multi_glob(struct exec_elf *ee, const char *pattern, struct multi_offsets *mo)
{
	size_t i, j;

	mo->pattern = pattern;
	exec_elf_for_each_func(ee, collect_match, mo);
	if (mo->err)
		return mo->err;
	if (!mo->cnt)
		return -ENOENT;
	qsort(mo->offs, mo->cnt, sizeof(*mo->offs), cmp_ulong);
	for (i = 1, j = 1; i < mo->cnt; i++)
		if (mo->offs[i] != mo->offs[j - 1])
			mo->offs[j++] = mo->offs[i];
	mo->cnt = j;
	return 0;
}

static int multi_syms(struct exec_elf *ee, const char **syms, size_t cnt,
		      struct multi_offsets *mo, const char **bad)
{
	uint64_t off;
	size_t i;
	int err;

	mo->offs = calloc(cnt, sizeof(*mo->offs));
	if (!mo->offs)
		return -ENOMEM;
	for (i = 0; i < cnt; i++) {
		err = syms[i] ? exec_elf_func_offset(ee, syms[i], &off) : -EINVAL;
		if (err) {
			*bad = syms[i] ? syms[i] : "(null)";
			return err;
		}
		mo->offs[i] = off;
	}
	mo->cnt = cnt;
	return 0;
}

static int uprobe_multi_check(const char *pattern, const struct bpf_uprobe_multi_opts *opts,
			      const char **why)
{
	const char **syms = OPTS_GET(opts, syms, NULL);
	const unsigned long *offsets = OPTS_GET(opts, offsets, NULL);
	size_t cnt = OPTS_GET(opts, cnt, 0);

	*why = "exactly one of func_pattern, syms and offsets must be given";
	if (!!pattern + !!syms + !!offsets != 1)
		return -EINVAL;
	*why = "func_pattern takes no cnt, ref_ctr_offsets or cookies";
	if (pattern && (cnt || OPTS_GET(opts, ref_ctr_offsets, NULL) || OPTS_GET(opts, cookies, NULL)))
		return -EINVAL;
	*why = "syms/offsets need a cnt";
	if (!pattern && (!cnt || cnt > UINT32_MAX))
		return -EINVAL;
	*why = "a session probe is not a return probe";
	if (OPTS_GET(opts, session, false) && OPTS_GET(opts, retprobe, false))
		return -EINVAL;
	return 0;
}

/* Offsets to probe: given, or resolved from syms / the pattern. */
static int multi_offsets(const struct bpf_program *prog, const char *path, const char *pattern,
			 const struct bpf_uprobe_multi_opts *opts, struct multi_offsets *mo)
{
	const char **syms = OPTS_GET(opts, syms, NULL);
	const char *bad = pattern;
	struct exec_elf *ee;
	int err;

	if (!pattern && !syms)
		return 0;
	err = exec_elf_open(path, &ee);
	if (err) {
		pr_warn("uprobe_multi: program '%s': cannot read ELF binary '%s': %s\n",
			bpf_program__name(prog), path, errstr(err));
		return err;
	}
	if (pattern)
		err = multi_glob(ee, pattern, mo);
	else
		err = multi_syms(ee, syms, OPTS_GET(opts, cnt, 0), mo, &bad);
	exec_elf_close(ee);
	if (err)
		pr_warn("uprobe_multi: program '%s': %s '%s' in '%s': %s\n",
			bpf_program__name(prog), pattern ? "no function matches" : "cannot resolve",
			bad, path, errstr(err));
	return err;
}

LIBBPF_API struct bpf_link *
bpf_program__attach_uprobe_multi(const struct bpf_program *prog, pid_t pid,
				 const char *binary_path, const char *func_pattern,
				 const struct bpf_uprobe_multi_opts *opts)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	enum bpf_attach_type type = (enum bpf_attach_type)BPFKIT_BPF_TRACE_UPROBE_MULTI;
	struct multi_offsets mo = {};
	char path[PATH_MAX];
	const char *why;
	int prog_fd, lfd, err;

	if (!prog || !OPTS_VALID(opts, bpf_uprobe_multi_opts))
		return libbpf_err_ptr(-EINVAL);
	err = uprobe_multi_check(func_pattern, opts, &why);
	if (!err && (!binary_path || pid < -1)) {
		why = binary_path ? "bad pid" : "no binary path";
		err = -EINVAL;
	}
	if (err) {
		pr_warn("uprobe_multi: program '%s': %s\n", bpf_program__name(prog), why);
		return libbpf_err_ptr(err);
	}
	prog_fd = attach_prog_fd(prog, "uprobe_multi");
	if (prog_fd < 0)
		return libbpf_err_ptr(prog_fd);
	err = probe_resolve_path(binary_path, pid, path, sizeof(path));
	if (err) {
		pr_warn("uprobe_multi: program '%s': binary '%s' not found: %s\n",
			bpf_program__name(prog), binary_path, errstr(err));
		return libbpf_err_ptr(err);
	}
	err = multi_offsets(prog, path, func_pattern, opts, &mo);
	if (err)
		goto out;
	lo.uprobe_multi.path = path;
	lo.uprobe_multi.offsets = mo.offs ? mo.offs : OPTS_GET(opts, offsets, NULL);
	lo.uprobe_multi.cnt = mo.offs ? mo.cnt : OPTS_GET(opts, cnt, 0);
	lo.uprobe_multi.ref_ctr_offsets = OPTS_GET(opts, ref_ctr_offsets, NULL);
	lo.uprobe_multi.cookies = OPTS_GET(opts, cookies, NULL);
	/* the kernel's pid 0 means every process */
	lo.uprobe_multi.pid = pid == 0 ? getpid() : pid < 0 ? 0 : pid;
	if (OPTS_GET(opts, retprobe, false))
		lo.uprobe_multi.flags = BPF_F_UPROBE_MULTI_RETURN;
	if (OPTS_GET(opts, session, false))
		type = (enum bpf_attach_type)BPFKIT_BPF_TRACE_UPROBE_SESSION;
	lfd = bpf_link_create(prog_fd, 0, type, &lo);
	if (lfd < 0) {
		err = -errno;
		pr_warn("uprobe_multi: program '%s': BPF_LINK_CREATE on '%s' (%u probes) failed: %s\n",
			bpf_program__name(prog), path, lo.uprobe_multi.cnt, errstr(err));
	}
out:
	free(mo.offs);
	if (err)
		return libbpf_err_ptr(err);
	return libbpf_ptr(link_from_fd(lfd));
}

/* ---- auto-attach ---- */

/* Split "PATH:REST" into a malloc'd path and a pointer to REST. */
static int split_path(const struct bpf_program *prog, const char *kind, const char *spec,
		      char **path, const char **rest)
{
	const char *colon = strchr(spec, ':');

	if (!colon || colon == spec || !colon[1]) {
		pr_warn("%s: program '%s': section target '%s' is not PATH:FUNCTION\n", kind,
			bpf_program__name(prog), spec);
		return -EINVAL;
	}
	*path = strndup(spec, colon - spec);
	if (!*path)
		return -ENOMEM;
	*rest = colon + 1;
	return 0;
}

int uprobe_auto(const struct bpf_program *prog, const char *spec, bool retprobe,
		struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = retprobe);
	const char *func, *plus;
	char *path, *name = NULL, *end;
	unsigned long off = 0;
	int err;

	err = split_path(prog, uprobe_kind(retprobe), spec, &path, &func);
	if (err)
		return err;
	/* FUNC, FUNC+OFF, or a bare file offset */
	plus = strrchr(func, '+');
	if (func[0] >= '0' && func[0] <= '9')
		plus = func - 1;
	if (plus) {
		errno = 0;
		off = strtoul(plus + 1, &end, 0);
		if (errno || end == plus + 1 || *end) {
			pr_warn("%s: program '%s': bad offset in section target '%s'\n",
				uprobe_kind(retprobe), bpf_program__name(prog), spec);
			err = -EINVAL;
			goto out;
		}
	}
	if (!plus || plus > func) {
		name = strndup(func, plus ? (size_t)(plus - func) : strlen(func));
		if (!name) {
			err = -ENOMEM;
			goto out;
		}
		opts.func_name = name;
	}
	*link = bpf_program__attach_uprobe_opts(prog, -1, path, off, &opts);
	err = *link ? 0 : -errno;
out:
	free(name);
	free(path);
	return err;
}

int uprobe_multi_auto(const struct bpf_program *prog, const char *spec, bool retprobe,
		      bool session, struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_uprobe_multi_opts, opts, .retprobe = retprobe, .session = session);
	const char *pattern;
	char *path;
	int err;

	err = split_path(prog, "uprobe_multi", spec, &path, &pattern);
	if (err)
		return err;
	*link = bpf_program__attach_uprobe_multi(prog, -1, path, pattern, &opts);
	err = *link ? 0 : -errno;
	free(path);
	return err;
}
