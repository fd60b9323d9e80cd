// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Programs of an object: the bpf_program__*() accessors and loading, i.e.
 * relocation (relo.c) followed by BPF_PROG_LOAD with BTF func/line info and
 * a verifier log that is printed, with the source line of the failing
 * instruction, when the kernel refuses the program.
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>

#include "btf_ext.h"
#include "btf_internal.h"
#include "features.h"
#include "sec_def.h"
#include "object_internal.h"

/* Own log buffer sizes: start, and the most we grow to on ENOSPC. */
#define LOG_BUF_START (1u << 20)
#define LOG_BUF_MAX (1u << 28)

void prog_free(struct bpf_program *prog)
{
	free(prog->name);
	free(prog->sec_name);
	free(prog->insns);
	free(prog->relos);
	free(prog->func_info);
	free(prog->line_info);
	free(prog->instance_fds);
	close_fd_safe(prog->fd);
	prog->fd = -1;
}

/* ---- verifier log ---- */

/* Index of the last instruction the verifier log talks about ("N: (op)"
 * lines), or -1. */
static long last_log_insn(const char *log)
{
	long last = -1;

	for (const char *l = log; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char *end;
		long v;

		if (!isdigit((unsigned char)*l))
			continue;
		v = strtol(l, &end, 10);
		if (end[0] == ':' && end[1] == ' ' && end[2] == '(')
			last = v;
	}
	return last;
}

/* Log where in the source the instruction the verifier stopped at is. */
static void report_source_line(const struct bpf_program *prog, const char *log)
{
	const struct bpf_object *obj = prog->obj;
	const struct bpf_line_info *best = NULL;
	long insn = log ? last_log_insn(log) : -1;
	const char *file, *text;

	if (insn < 0 || !prog->line_info || !obj->btf)
		return;
	for (__u32 i = 0; i < prog->line_info_cnt; i++) {
		const struct bpf_line_info *li =
			(const void *)((const char *)prog->line_info + i * prog->line_info_rec_size);

		if (li->insn_off <= (unsigned long)insn)
			best = li;
	}
	if (!best)
		return;
	file = btf__name_by_offset(obj->btf, best->file_name_off);
	text = btf__name_by_offset(obj->btf, best->line_off);
	while (text && isspace((unsigned char)*text))
		text++;
	pr_warn("prog '%s': verifier stopped at insn %ld: %s @ %s:%u\n", prog->name, insn,
		text ? text : "", file ? file : "?", BPF_LINE_INFO_LINE_NUM(best->line_col));
}

/* ---- loading ---- */

/* KERNEL_VERSION(a, b, c) of uname's release, 0 if unreadable. */
static __u32 running_kernel_version(void)
{
	unsigned int a = 0, b = 0, c = 0;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + min(c, 255u);
}

struct log_ctx {
	char *buf;
	size_t size;
	__u32 level;
	bool own;
};

static void log_setup(const struct bpf_program *prog, struct log_ctx *lc)
{
	const struct bpf_object *obj = prog->obj;

	memset(lc, 0, sizeof(*lc));
	lc->level = prog->log_level ? prog->log_level : obj->kernel_log_level;
	if (prog->log_buf) {
		lc->buf = prog->log_buf;
		lc->size = prog->log_size;
	} else if (obj->kernel_log_buf) {
		lc->buf = obj->kernel_log_buf;
		lc->size = obj->kernel_log_size;
	}
}

/* Make sure lc has a buffer when logging; 0 or -ENOMEM. */
static int log_prepare(struct log_ctx *lc)
{
	size_t sz;
	char *nb;

	if (!lc->level || (lc->buf && !lc->own))
		return 0;
	sz = lc->buf ? lc->size * 2 : LOG_BUF_START;
	nb = realloc(lc->own ? lc->buf : NULL, sz);
	if (!nb)
		return -ENOMEM;
	lc->buf = nb;
	lc->size = sz;
	lc->own = true;
	nb[0] = '\0';
	return 0;
}

/* ---- BTF attach targets ---- */

/* Id of the vmlinux BTF type a program of attach_type attaches to when
 * its target is called name (tp_btf: btf_trace_<tp>, lsm: bpf_lsm_<hook>,
 * iter: bpf_iter_<target>, else the function itself). */
static int find_attach_id(const struct btf *btf, const char *name,
			  enum bpf_attach_type attach_type)
{
	const char *pfx = "";
	int kind = BTF_KIND_FUNC;
	char buf[256];

	if (attach_type == BPF_TRACE_RAW_TP) {
		pfx = "btf_trace_";
		kind = BTF_KIND_TYPEDEF;
	} else if (attach_type == BPF_LSM_MAC || attach_type == BPF_LSM_CGROUP) {
		pfx = "bpf_lsm_";
	} else if (attach_type == BPF_TRACE_ITER) {
		pfx = "bpf_iter_";
	}
	if (snprintf(buf, sizeof(buf), "%s%s", pfx, name) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	return btf__find_by_name_kind(btf, buf, kind);
}

LIBBPF_API int libbpf_find_vmlinux_btf_id(const char *name, enum bpf_attach_type attach_type)
{
	struct btf *btf;
	int id;

	if (!name)
		return libbpf_err(-EINVAL);
	btf = btf__load_vmlinux_btf();
	if (!btf)
		return libbpf_err(-errno);
	id = find_attach_id(btf, name, attach_type);
	btf__free(btf);
	if (id < 0)
		pr_warn("%s is not a BTF attach target of attach type %d in vmlinux\n", name,
			attach_type);
	return libbpf_err(id);
}

int prog_find_func_btf_id(int prog_fd, const char *name)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct btf *btf;
	int id;

	if (bpf_prog_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	/* callers log the failure */
	if (!info.btf_id)
		return -EINVAL;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	btf__free(btf);
	return id;
}

/* The attach target named by the SEC() name ("fentry/do_unlinkat"). */
static int resolve_sec_target(struct bpf_program *prog)
{
	const char *slash = strchr(prog->sec_name, '/');
	struct btf *btf;
	int id;

	if (prog->attach_btf_id || !prog->sec_def || !(prog->sec_def->flags & SEC_F_ATTACH_BTF))
		return 0;
	if (!slash || !slash[1]) {
		pr_warn("prog '%s': section '%s' names no attach target; use bpf_program__set_attach_target()\n",
			prog->name, prog->sec_name);
		return -EINVAL;
	}
	if (prog->attach_prog_fd) {
		id = prog_find_func_btf_id(prog->attach_prog_fd, slash + 1);
	} else {
		btf = obj_vmlinux_btf(prog->obj);
		if (!btf)
			return -errno;
		id = find_attach_id(btf, slash + 1, prog->expected_attach_type);
	}
	if (id < 0) {
		pr_warn("prog '%s': attach target '%s' not found: %s\n", prog->name, slash + 1,
			errstr(id));
		return id;
	}
	prog->attach_btf_id = id;
	return 0;
}

LIBBPF_API int bpf_program__set_attach_target(struct bpf_program *prog, int attach_prog_fd,
					      const char *attach_func_name)
{
	struct btf *btf;
	int id;

	if (!prog || attach_prog_fd < 0)
		return libbpf_err(-EINVAL);
	if (prog->obj->loaded)
		return libbpf_err(-EBUSY);
	if (attach_prog_fd && !attach_func_name) {
		/* the function comes from the SEC() name at load */
		prog->attach_prog_fd = attach_prog_fd;
		prog->attach_btf_id = 0;
		return 0;
	}
	if (!attach_func_name)
		return libbpf_err(-EINVAL);
	if (attach_prog_fd) {
		id = prog_find_func_btf_id(attach_prog_fd, attach_func_name);
	} else {
		btf = btf__load_vmlinux_btf();
		if (!btf)
			return libbpf_err(-errno);
		id = find_attach_id(btf, attach_func_name, prog->expected_attach_type);
		btf__free(btf);
	}
	if (id < 0) {
		pr_warn("prog '%s': attach target '%s' not found: %s\n", prog->name,
			attach_func_name, errstr(id));
		return libbpf_err(id);
	}
	prog->attach_btf_id = id;
	prog->attach_prog_fd = attach_prog_fd;
	return 0;
}

static void fill_load_opts(const struct bpf_program *prog, struct bpf_prog_load_opts *o)
{
	const struct bpf_object *obj = prog->obj;

	o->expected_attach_type = prog->expected_attach_type;
	o->prog_flags = prog->prog_flags;
	o->prog_ifindex = prog->prog_ifindex;
	o->attach_btf_id = prog->attach_btf_id;
	o->attach_prog_fd = prog->attach_prog_fd;
	o->attach_btf_obj_fd = prog->attach_btf_obj_fd;
	o->kern_version = obj->kern_version;
	/* Old kernels checked it for kprobes: default to the running one. */
	if (!o->kern_version && prog->type == BPF_PROG_TYPE_KPROBE)
		o->kern_version = running_kernel_version();
	if (obj->btf_fd >= 0) {
		o->prog_btf_fd = obj->btf_fd;
		/* without BTF_KIND_FUNC the kernel refuses any func/line info */
		if (prog->func_info_cnt && kernel_supports(FEAT_BTF_FUNC)) {
			o->func_info = prog->func_info;
			o->func_info_cnt = prog->func_info_cnt;
			o->func_info_rec_size = prog->func_info_rec_size;
		}
		if (prog->line_info_cnt && o->func_info_cnt) {
			o->line_info = prog->line_info;
			o->line_info_cnt = prog->line_info_cnt;
			o->line_info_rec_size = prog->line_info_rec_size;
		}
	}
}

/* One BPF_PROG_LOAD of insns for prog; the fd goes to *out_fd. */
static int prog_load_insns(struct bpf_program *prog, const struct bpf_insn *insns, size_t cnt,
			   struct bpf_prog_load_opts *o, int *out_fd)
{
	const struct bpf_object *obj = prog->obj;
	char name[BPF_OBJ_NAME_LEN];
	const char *license = obj->license[0] ? obj->license : "";
	struct log_ctx lc;
	int fd, err;

	snprintf(name, sizeof(name), "%s", prog->name);
	log_setup(prog, &lc);
	for (;;) {
		err = log_prepare(&lc);
		if (err)
			break;
		o->log_buf = lc.level ? lc.buf : NULL;
		o->log_size = lc.level ? lc.size : 0;
		o->log_level = lc.level;
		/* kernels before 4.15 refuse a name */
		fd = bpf_prog_load(prog->type, kernel_supports(FEAT_PROG_NAME) ? name : NULL,
				   license, insns, cnt, o);
		if (fd >= 0) {
			if (lc.own && lc.buf[0])
				pr_debug("prog '%s': verifier log:\n%s\n", prog->name, lc.buf);
			*out_fd = fd;
			err = 0;
			break;
		}
		err = -errno;
		/* Retry once with a log to show why; grow our own buffer
		 * when the log did not fit. */
		if (!lc.level) {
			lc.level = 1;
			continue;
		}
		if (lc.own && err == -ENOSPC && lc.size < LOG_BUF_MAX)
			continue;
		pr_warn("prog '%s': BPF program load failed: %s\n", prog->name, errstr(err));
		if (lc.own && lc.buf && lc.buf[0])
			pr_warn("prog '%s': -- BEGIN PROG LOAD LOG --\n%s-- END PROG LOAD LOG --\n",
				prog->name, lc.buf);
		report_source_line(prog, lc.buf);
		break;
	}
	if (lc.own)
		free(lc.buf);
	return err;
}

static int map_fds(const struct bpf_object *obj, int **out)
{
	int *fds = calloc(obj->nr_maps ? obj->nr_maps : 1, sizeof(int));

	if (!fds)
		return -ENOMEM;
	for (int i = 0; i < obj->nr_maps; i++)
		fds[i] = obj->maps[i].fd;
	*out = fds;
	return 0;
}

/* Final instructions and BTF func/line info of a main program. */
static int prog_relocate(struct bpf_program *prog, const int *fds)
{
	struct relo_env env = { .map_fds = fds };
	struct relo_unit *units = NULL;
	int nr_units = 0, err;

	err = relo_apply(prog->obj, prog, &env, &units, &nr_units);
	if (err) {
		pr_warn("prog '%s': relocation failed: %s\n", prog->name, errstr(err));
		return err;
	}
	err = relo_btf_ext(prog->obj, prog, units, nr_units);
	free(units);
	if (!err)
		prog->relocated = true;
	return err;
}

/* bpf_program__set_prep(): load one rewritten copy per instance. */
static int prog_load_instances(struct bpf_program *prog, struct bpf_prog_load_opts *o)
{
	int err = 0;

	for (int i = 0; i < prog->nr_instances && !err; i++) {
		struct bpf_prog_prep_result res = {};

		if (prog->prep(prog, i, prog->insns, prog->insn_cnt, &res)) {
			pr_warn("prog '%s': preprocessor failed for instance %d\n", prog->name, i);
			return -LIBBPF_ERRNO__INTERNAL;
		}
		if (!res.new_insn_ptr || res.new_insn_cnt <= 0) {
			pr_debug("prog '%s': instance %d skipped by the preprocessor\n", prog->name,
				 i);
			if (res.pfd)
				*res.pfd = -1;
			continue;
		}
		struct bpf_prog_load_opts io = *o;

		/* BTF func/line info describe the relocated program; a
		 * rewrite of another length cannot use them. */
		if ((size_t)res.new_insn_cnt != prog->insn_cnt) {
			io.func_info = io.line_info = NULL;
			io.func_info_cnt = io.line_info_cnt = 0;
			io.func_info_rec_size = io.line_info_rec_size = 0;
		}
		err = prog_load_insns(prog, res.new_insn_ptr, res.new_insn_cnt, &io,
				      &prog->instance_fds[i]);
		if (!err && res.pfd)
			*res.pfd = prog->instance_fds[i];
	}
	prog->fd = prog->instance_fds[0];
	return err;
}

static int prog_load(struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	const struct sec_def *def = prog->sec_def;
	int err;

	if (prog->type == BPF_PROG_TYPE_UNSPEC) {
		pr_warn("prog '%s': unknown program type for section '%s'; use bpf_program__set_type()\n",
			prog->name, prog->sec_name);
		return -EINVAL;
	}
	err = resolve_sec_target(prog);
	err = err ?: st_ops_prog_check(prog);
	if (err)
		return err;
	fill_load_opts(prog, &o);
	if (def && def->prog_prepare_load_fn) {
		err = def->prog_prepare_load_fn(prog, &o, def->cookie);
		if (err < 0) {
			pr_warn("prog '%s': custom prepare-load callback failed: %s\n", prog->name,
				errstr(err));
			return err;
		}
	}
	if (prog->prep)
		return prog_load_instances(prog, &o);
	return prog_load_insns(prog, prog->insns, prog->insn_cnt, &o, &prog->fd);
}

static bool prog_wanted(const struct bpf_program *p)
{
	return !p->is_subprog && p->autoload;
}

int obj_relocate_progs(struct bpf_object *obj)
{
	int *fds, err;

	err = map_fds(obj, &fds);
	if (err)
		return err;
	for (int i = 0; i < obj->nr_progs && !err; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (prog_wanted(p) && !p->relocated)
			err = prog_relocate(p, fds);
	}
	free(fds);
	return err;
}

int obj_load_progs(struct bpf_object *obj)
{
	int err;

	/* Programs switched on after bpf_object__prepare() still need it. */
	err = obj_relocate_progs(obj);
	for (int i = 0; i < obj->nr_progs && !err; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (prog_wanted(p))
			err = prog_load(p);
	}
	return err;
}

void obj_unload_progs(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_progs; i++)
		bpf_program__unload(&obj->progs[i]);
}

/* ---- accessors ---- */

#define PROG_SETTER_CHECK(prog)                                              \
	do {                                                                 \
		if (!(prog))                                                 \
			return libbpf_err(-EINVAL);                          \
		if ((prog)->obj->loaded)                                     \
			return libbpf_err(-EBUSY);                           \
	} while (0)

LIBBPF_API void bpf_program__unload(struct bpf_program *prog)
{
	if (!prog)
		return;
	for (int i = 0; i < prog->nr_instances; i++) {
		if (prog->instance_fds[i] != prog->fd)
			close_fd_safe(prog->instance_fds[i]);
		prog->instance_fds[i] = -1;
	}
	close_fd_safe(prog->fd);
	prog->fd = -1;
}

LIBBPF_API int bpf_program__set_prep(struct bpf_program *prog, int nr_instance,
				     bpf_program_prep_t prep)
{
	int *fds;

	if (!prog || nr_instance <= 0 || !prep || prog->prep || prog->obj->loaded) {
		pr_warn("prog '%s': preprocessor needs instances, a callback, and an unloaded program set once\n",
			prog ? prog->name : "?");
		return libbpf_err(-EINVAL);
	}
	fds = malloc(nr_instance * sizeof(*fds));
	if (!fds)
		return libbpf_err(-ENOMEM);
	for (int i = 0; i < nr_instance; i++)
		fds[i] = -1;
	prog->instance_fds = fds;
	prog->nr_instances = nr_instance;
	prog->prep = prep;
	return 0;
}

LIBBPF_API int bpf_program__nth_fd(const struct bpf_program *prog, int n)
{
	int fd;

	if (!prog)
		return libbpf_err(-EINVAL);
	/* A program without preprocessor is its own single instance. */
	if (!prog->nr_instances && n == 0 && prog->fd >= 0)
		return prog->fd;
	if (n < 0 || n >= prog->nr_instances) {
		pr_warn("prog '%s': no instance %d (%d instances)\n", prog->name, n,
			prog->nr_instances);
		return libbpf_err(-EINVAL);
	}
	fd = prog->instance_fds[n];
	if (fd < 0) {
		pr_debug("prog '%s': instance %d is not loaded\n", prog->name, n);
		return libbpf_err(-ENOENT);
	}
	return fd;
}

LIBBPF_API int bpf_program__set_attach_instance(struct bpf_program *prog, int n)
{
	int cnt = prog && prog->nr_instances ? prog->nr_instances : 1;

	if (!prog || n < 0 || n >= cnt) {
		pr_warn("prog '%s': cannot attach instance %d (%d instances)\n",
			prog ? prog->name : "?", n, cnt);
		return libbpf_err(-EINVAL);
	}
	prog->attach_instance = n;
	return 0;
}

LIBBPF_API const char *bpf_program__name(const struct bpf_program *prog)
{
	return prog ? prog->name : NULL;
}

LIBBPF_API const char *bpf_program__section_name(const struct bpf_program *prog)
{
	return prog ? prog->sec_name : NULL;
}

LIBBPF_API int bpf_program__fd(const struct bpf_program *prog)
{
	if (!prog)
		return libbpf_err(-EINVAL);
	return prog->fd >= 0 ? prog->fd : libbpf_err(-ENOENT);
}

LIBBPF_API enum bpf_prog_type bpf_program__type(const struct bpf_program *prog)
{
	return prog->type;
}

LIBBPF_API int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type)
{
	PROG_SETTER_CHECK(prog);
	if (prog->type == type)
		return 0;
	prog->type = type;
	/* The SEC() handler belonged to the old type. */
	prog->sec_def = NULL;
	return 0;
}

LIBBPF_API enum bpf_attach_type bpf_program__expected_attach_type(const struct bpf_program *prog)
{
	return prog->expected_attach_type;
}

LIBBPF_API int bpf_program__set_expected_attach_type(struct bpf_program *prog,
						     enum bpf_attach_type type)
{
	PROG_SETTER_CHECK(prog);
	prog->expected_attach_type = type;
	return 0;
}

LIBBPF_API __u32 bpf_program__flags(const struct bpf_program *prog)
{
	return prog->prog_flags;
}

LIBBPF_API int bpf_program__set_flags(struct bpf_program *prog, __u32 flags)
{
	PROG_SETTER_CHECK(prog);
	prog->prog_flags = flags;
	return 0;
}

LIBBPF_API void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex)
{
	if (prog)
		prog->prog_ifindex = ifindex;
}

LIBBPF_API bool bpf_program__autoload(const struct bpf_program *prog)
{
	return prog && prog->autoload;
}

LIBBPF_API int bpf_program__set_autoload(struct bpf_program *prog, bool autoload)
{
	if (!prog)
		return libbpf_err(-EINVAL);
	if (prog->obj->loaded)
		return libbpf_err(-EINVAL);
	prog->autoload = autoload;
	return 0;
}

LIBBPF_API bool bpf_program__autoattach(const struct bpf_program *prog)
{
	return prog && prog->autoattach;
}

LIBBPF_API void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach)
{
	if (prog)
		prog->autoattach = autoattach;
}

LIBBPF_API const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog)
{
	return prog->insns;
}

LIBBPF_API size_t bpf_program__insn_cnt(const struct bpf_program *prog)
{
	return prog->insn_cnt;
}

LIBBPF_API int bpf_program__set_insns(struct bpf_program *prog, struct bpf_insn *new_insns,
				      size_t new_insn_cnt)
{
	struct bpf_insn *n;

	PROG_SETTER_CHECK(prog);
	if (!new_insns || !new_insn_cnt || new_insn_cnt > UINT32_MAX / BPF_INSN_SZ)
		return libbpf_err(-EINVAL);
	n = malloc(new_insn_cnt * BPF_INSN_SZ);
	if (!n)
		return libbpf_err(-ENOMEM);
	memcpy(n, new_insns, new_insn_cnt * BPF_INSN_SZ);
	free(prog->insns);
	prog->insns = n;
	prog->insn_cnt = new_insn_cnt;
	prog->insns_set = true;
	return 0;
}

LIBBPF_API __u32 bpf_program__log_level(const struct bpf_program *prog)
{
	return prog->log_level;
}

LIBBPF_API int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level)
{
	PROG_SETTER_CHECK(prog);
	prog->log_level = log_level;
	return 0;
}

LIBBPF_API const char *bpf_program__log_buf(const struct bpf_program *prog, size_t *log_size)
{
	if (log_size)
		*log_size = prog->log_size;
	return prog->log_buf;
}

LIBBPF_API int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf,
					size_t log_size)
{
	PROG_SETTER_CHECK(prog);
	if ((log_size && !log_buf) || log_size > UINT32_MAX)
		return libbpf_err(-EINVAL);
	prog->log_buf = log_buf;
	prog->log_size = log_size;
	return 0;
}

LIBBPF_API struct bpf_func_info *bpf_program__func_info(const struct bpf_program *prog)
{
	return prog->func_info_cnt ? prog->func_info : libbpf_err_ptr(-ENOENT);
}

LIBBPF_API __u32 bpf_program__func_info_cnt(const struct bpf_program *prog)
{
	return prog->func_info_cnt;
}

LIBBPF_API struct bpf_line_info *bpf_program__line_info(const struct bpf_program *prog)
{
	return prog->line_info_cnt ? prog->line_info : libbpf_err_ptr(-ENOENT);
}

LIBBPF_API __u32 bpf_program__line_info_cnt(const struct bpf_program *prog)
{
	return prog->line_info_cnt;
}
