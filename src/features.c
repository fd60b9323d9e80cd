// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel feature probes (features.h) and the public libbpf_probe_*() API.
 * Every probe asks the kernel with the smallest possible BTF, map or
 * program built here and closes whatever it created; the answer is cached
 * for the life of the process.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"
#include "uapi_compat.h"
#include "kallsyms.h"
#include "kconfig.h"
#include "features.h"

/* ---- tiny instruction builders ---- */

static struct bpf_insn insn_mov64_imm(int dst, int imm)
{
	return (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = dst, .imm = imm };
}

static struct bpf_insn insn_call(int helper)
{
	return (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = helper };
}

static struct bpf_insn insn_exit(void)
{
	return (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
}

static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* Load insns as prog_type; 1 when the kernel accepts them. */
static int try_prog(enum bpf_prog_type type, const struct bpf_insn *insns, size_t cnt,
		    struct bpf_prog_load_opts *o)
{
	int fd = bpf_prog_load(type, NULL, "GPL", insns, cnt, o);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* ---- BTF probes ---- */

/* Load the raw BTF built by btf; 1 when accepted. Frees btf. */
static int try_btf(struct btf *btf)
{
	const void *raw;
	__u32 sz;
	int fd = -1;

	raw = btf ? btf__raw_data(btf, &sz) : NULL;
	if (raw)
		fd = bpf_btf_load(raw, sz, NULL);
	btf__free(btf);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* A BTF holding just "int" (id 1), the base of every BTF probe. */
static struct btf *btf_with_int(void)
{
	struct btf *btf = btf__new_empty();

	if (btf && btf__add_int(btf, "int", 4, BTF_INT_SIGNED) != 1) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}

static int probe_btf(void)
{
	return try_btf(btf_with_int());
}

/* int (1), proto int(int a) (2), func (3) with linkage. */
static struct btf *btf_with_func(int linkage)
{
	struct btf *btf = btf_with_int();

	if (!btf)
		return NULL;
	if (btf__add_func_proto(btf, 1) < 0 || btf__add_func_param(btf, "a", 1) < 0 ||
	    btf__add_func(btf, "f", linkage, 2) < 0) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}

static int probe_btf_func(void)
{
	return try_btf(btf_with_func(BTF_FUNC_STATIC));
}

static int probe_btf_global_func(void)
{
	return try_btf(btf_with_func(BTF_FUNC_GLOBAL));
}

static int btf_datasec_probe(const char *sec_name)
{
	struct btf *btf = btf_with_int();

	if (!btf)
		return 0;
	if (btf__add_var(btf, "x", BTF_VAR_GLOBAL_ALLOCATED, 1) < 0 ||
	    btf__add_datasec(btf, sec_name, 4) < 0 || btf__add_datasec_var_info(btf, 2, 0, 4) < 0) {
		btf__free(btf);
		return 0;
	}
	return try_btf(btf);
}

static int probe_btf_datasec(void)
{
	return btf_datasec_probe(".data");
}

static int probe_btf_qmark_datasec(void)
{
	return btf_datasec_probe("?.data");
}

static int probe_btf_float(void)
{
	struct btf *btf = btf_with_int();

	if (btf && btf__add_float(btf, "float", 4) < 0) {
		btf__free(btf);
		return 0;
	}
	return try_btf(btf);
}

static int probe_btf_decl_tag(void)
{
	struct btf *btf = btf_with_int();

	if (btf && (btf__add_var(btf, "x", BTF_VAR_STATIC, 1) < 0 ||
		    btf__add_decl_tag(btf, "tag", 2, -1) < 0)) {
		btf__free(btf);
		return 0;
	}
	return try_btf(btf);
}

static int probe_btf_type_tag(void)
{
	struct btf *btf = btf_with_int();

	/* the kernel wants a type tag right under a pointer */
	if (btf && (btf__add_type_tag(btf, "tag", 1) < 0 || btf__add_ptr(btf, 2) < 0)) {
		btf__free(btf);
		return 0;
	}
	return try_btf(btf);
}

static int probe_btf_enum64(void)
{
	struct btf *btf = btf__new_empty();

	if (btf && (btf__add_enum64(btf, "e", 8, false) < 0 ||
		    btf__add_enum64_value(btf, "v", 1ULL << 40) < 0)) {
		btf__free(btf);
		return 0;
	}
	return try_btf(btf);
}

/* A program with a func_info record naming a BTF_KIND_FUNC. */
static int probe_btf_func_info(void)
{
	struct btf *btf = btf_with_func(BTF_FUNC_GLOBAL);
	struct bpf_func_info fi = { .insn_off = 0, .type_id = 3 };
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	const void *raw;
	__u32 sz;
	int btf_fd, ret;

	/* socket filter ctx is a pointer; int is fine for an unused arg */
	raw = btf ? btf__raw_data(btf, &sz) : NULL;
	btf_fd = raw ? bpf_btf_load(raw, sz, NULL) : -1;
	btf__free(btf);
	if (btf_fd < 0)
		return 0;
	o.prog_btf_fd = btf_fd;
	o.func_info = &fi;
	o.func_info_cnt = 1;
	o.func_info_rec_size = sizeof(fi);
	ret = try_prog(BPF_PROG_TYPE_SOCKET_FILTER, ret0, ARRAY_SIZE(ret0), &o);
	if (!ret) {
		/* a global function must be checked against its proto: retry static */
		close(btf_fd);
		btf = btf_with_func(BTF_FUNC_STATIC);
		raw = btf ? btf__raw_data(btf, &sz) : NULL;
		btf_fd = raw ? bpf_btf_load(raw, sz, NULL) : -1;
		btf__free(btf);
		if (btf_fd < 0)
			return 0;
		o.prog_btf_fd = btf_fd;
		ret = try_prog(BPF_PROG_TYPE_SOCKET_FILTER, ret0, ARRAY_SIZE(ret0), &o);
	}
	close(btf_fd);
	return ret;
}

/* ---- map and program probes ---- */

static int probe_prog_name(void)
{
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bpfkit_probe", "GPL", ret0,
			       ARRAY_SIZE(ret0), NULL);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int probe_global_data(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = BPF_REG_1,
		  .src_reg = BPF_PSEUDO_MAP_VALUE },
		{ .imm = 0 },
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_1, .imm = 42 },
		insn_mov64_imm(BPF_REG_0, 0),
		insn_exit(),
	};
	int map_fd, ret;

	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 32, 1, NULL);
	if (map_fd < 0)
		return 0;
	insns[0].imm = map_fd;
	ret = try_prog(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), NULL);
	close(map_fd);
	return ret;
}

static int mmapable_array(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_MMAPABLE);

	return bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 8, 1, &o);
}

static int probe_mmapable(void)
{
	int fd = mmapable_array();

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int probe_array_mmap(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	int fd = mmapable_array();
	void *p;

	if (fd < 0)
		return 0;
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 0;
	munmap(p, pg);
	return 1;
}

static int probe_exp_attach_type(void)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_CGROUP_INET_SOCK_CREATE);

	return try_prog(BPF_PROG_TYPE_CGROUP_SOCK, ret0, ARRAY_SIZE(ret0), &o);
}

/* A tracepoint program calling helper (arguments left as the verifier
 * sees fit: only calls that take no pointer are used). */
static int helper_prog(enum bpf_prog_type type, int helper, const struct bpf_insn *pre,
		       size_t npre)
{
	struct bpf_insn insns[8];
	size_t n = 0;

	for (size_t i = 0; i < npre && i < 4; i++)
		insns[n++] = pre[i];
	insns[n++] = insn_call(helper);
	insns[n++] = insn_mov64_imm(BPF_REG_0, 0);
	insns[n++] = insn_exit();
	return try_prog(type, insns, n, NULL);
}

static int probe_probe_read_kern(void)
{
	/* bpf_probe_read_kernel(fp - 8, 8, NULL) */
	const struct bpf_insn pre[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_1, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_1, .imm = -8 },
		insn_mov64_imm(BPF_REG_2, 8),
		insn_mov64_imm(BPF_REG_3, 0),
	};

	return helper_prog(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_probe_read_kernel, pre,
			   ARRAY_SIZE(pre));
}

static int probe_bpf_cookie(void)
{
	/* r1 is already the context */
	return helper_prog(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_get_attach_cookie, NULL, 0);
}

/* bpf_ktime_get_coarse_ns() arrived with memcg accounting (5.11). */
static int probe_memcg_account(void)
{
	return helper_prog(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_ktime_get_coarse_ns, NULL, 0);
}

const char *arch_syscall_prefix(void)
{
#if defined(__x86_64__)
	return "__x64_";
#elif defined(__i386__)
	return "__ia32_";
#elif defined(__aarch64__)
	return "__arm64_";
#elif defined(__s390x__)
	return "__s390x_";
#elif defined(__s390__)
	return "__s390_";
#elif defined(__riscv)
	return "__riscv_";
#elif defined(__powerpc__)
	return "";
#elif defined(__loongarch__)
	return "";
#else
	return NULL;
#endif
}

static int probe_syscall_wrapper(void)
{
	const char *pfx = arch_syscall_prefix();
	struct kallsyms *ks;
	char name[64];
	uint64_t addr;
	int ret;

	if (!pfx || !*pfx)
		return 0;
	snprintf(name, sizeof(name), "%ssys_bpf", pfx);
	/* vmlinux BTF has the wrapper as a FUNC when kallsyms is hidden */
	if (kallsyms_load_system(&ks) == 0) {
		ret = kallsyms_resolve(ks, name, &addr) == 0;
		kallsyms_free(ks);
		if (ret)
			return 1;
	}
	{
		struct btf *vm = btf__load_vmlinux_btf();

		ret = vm && btf__find_by_name_kind(vm, name, BTF_KIND_FUNC) > 0;
		btf__free(vm);
	}
	return ret;
}

/* Load a KPROBE program with expected_attach_type att; fd or -1. */
static int multi_prog(enum bpf_attach_type att)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = att);

	return bpf_prog_load(BPF_PROG_TYPE_KPROBE, NULL, "GPL", ret0, ARRAY_SIZE(ret0), &o);
}

/* The kernel validates the target only once it knows the link type: a
 * directory as the binary gives EBADF when uprobe_multi exists. */
static int probe_uprobe_multi_link(void)
{
	unsigned long off = 0;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .uprobe_multi.path = "/",
		    .uprobe_multi.offsets = &off, .uprobe_multi.cnt = 1);
	int pfd = multi_prog((enum bpf_attach_type)BPFKIT_BPF_TRACE_UPROBE_MULTI);
	int lfd, err;

	if (pfd < 0)
		return 0;
	lfd = bpf_link_create(pfd, -1, (enum bpf_attach_type)BPFKIT_BPF_TRACE_UPROBE_MULTI, &lo);
	err = lfd < 0 ? errno : 0;
	if (lfd >= 0)
		close(lfd);
	close(pfd);
	return lfd >= 0 || err == EBADF;
}

/* A symbol that cannot exist: ESRCH proves the kernel looked it up. */
static int probe_kprobe_multi_link(void)
{
	const char *sym = "bpfkit_no_such_function_xyz";
	LIBBPF_OPTS(bpf_link_create_opts, lo, .kprobe_multi.syms = &sym, .kprobe_multi.cnt = 1);
	int pfd = multi_prog(BPF_TRACE_KPROBE_MULTI);
	int lfd, err;

	if (pfd < 0)
		return 0;
	lfd = bpf_link_create(pfd, -1, BPF_TRACE_KPROBE_MULTI, &lo);
	err = lfd < 0 ? errno : 0;
	if (lfd >= 0)
		close(lfd);
	close(pfd);
	return lfd >= 0 || err == ESRCH || err == ENOENT;
}

/* BPF_PERF_EVENT links carry the cookie: a bad perf fd gives EBADF. */
static int probe_perf_link_cookie(void)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo, .perf_event.bpf_cookie = 1);
	int pfd = bpf_prog_load(BPF_PROG_TYPE_TRACEPOINT, NULL, "GPL", ret0, ARRAY_SIZE(ret0),
				NULL);
	int lfd, err;

	if (pfd < 0)
		return 0;
	lfd = bpf_link_create(pfd, -1, BPF_PERF_EVENT, &lo);
	err = lfd < 0 ? errno : 0;
	if (lfd >= 0)
		close(lfd);
	close(pfd);
	return lfd >= 0 || err == EBADF;
}

/* An unknown command is EINVAL; a known one rejects the bad fd. */
static int probe_token(void)
{
	int fd = bpf_token_create(-1, NULL);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return errno == EBADF;
}

/* ---- cache ---- */

struct feature_desc {
	const char *name;
	int (*probe)(void);
};

static const struct feature_desc feature_descs[__FEAT_CNT] = {
	[FEAT_PROG_NAME] = { "prog_name", probe_prog_name },
	[FEAT_GLOBAL_DATA] = { "global_data", probe_global_data },
	[FEAT_BTF] = { "btf", probe_btf },
	[FEAT_BTF_FUNC] = { "btf_func", probe_btf_func },
	[FEAT_BTF_GLOBAL_FUNC] = { "btf_global_func", probe_btf_global_func },
	[FEAT_BTF_DATASEC] = { "btf_datasec", probe_btf_datasec },
	[FEAT_BTF_FLOAT] = { "btf_float", probe_btf_float },
	[FEAT_BTF_DECL_TAG] = { "btf_decl_tag", probe_btf_decl_tag },
	[FEAT_BTF_TYPE_TAG] = { "btf_type_tag", probe_btf_type_tag },
	[FEAT_BTF_ENUM64] = { "btf_enum64", probe_btf_enum64 },
	[FEAT_BTF_QMARK_DATASEC] = { "btf_qmark_datasec", probe_btf_qmark_datasec },
	[FEAT_BTF_FUNC_INFO] = { "btf_func_info", probe_btf_func_info },
	[FEAT_ARRAY_MMAP] = { "array_mmap", probe_array_mmap },
	[FEAT_MMAPABLE] = { "mmapable", probe_mmapable },
	[FEAT_EXP_ATTACH_TYPE] = { "exp_attach_type", probe_exp_attach_type },
	[FEAT_PROBE_READ_KERN] = { "probe_read_kernel", probe_probe_read_kern },
	[FEAT_BPF_COOKIE] = { "bpf_cookie", probe_bpf_cookie },
	[FEAT_SYSCALL_WRAPPER] = { "syscall_wrapper", probe_syscall_wrapper },
	[FEAT_MEMCG_ACCOUNT] = { "memcg_account", probe_memcg_account },
	[FEAT_UPROBE_MULTI_LINK] = { "uprobe_multi_link", probe_uprobe_multi_link },
	[FEAT_KPROBE_MULTI_LINK] = { "kprobe_multi_link", probe_kprobe_multi_link },
	[FEAT_PERF_LINK_COOKIE] = { "perf_link_cookie", probe_perf_link_cookie },
	[FEAT_TOKEN] = { "token", probe_token },
};

/* 0: not probed yet, 1: supported, -1: not supported. */
static int feature_cache[__FEAT_CNT];
static unsigned long probe_runs;
static __u64 override_mask = ~0ULL;
static pthread_mutex_t probe_lock = PTHREAD_MUTEX_INITIALIZER;

static bool feature_lookup(enum kern_feature f)
{
	int v = __atomic_load_n(&feature_cache[f], __ATOMIC_ACQUIRE);
	int saved_errno;

	if (v)
		return v > 0;
	/* one prober at a time: concurrent callers wait for its answer */
	pthread_mutex_lock(&probe_lock);
	v = __atomic_load_n(&feature_cache[f], __ATOMIC_ACQUIRE);
	if (!v) {
		saved_errno = errno;
		v = feature_descs[f].probe() > 0 ? 1 : -1;
		errno = saved_errno;
		__atomic_add_fetch(&probe_runs, 1, __ATOMIC_RELAXED);
		pr_debug("kernel feature '%s': %s\n", feature_descs[f].name,
			 v > 0 ? "supported" : "not supported");
		__atomic_store_n(&feature_cache[f], v, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&probe_lock);
	return v > 0;
}

bool kernel_supports(enum kern_feature f)
{
	if ((unsigned)f >= __FEAT_CNT)
		return false;
	if (!(__atomic_load_n(&override_mask, __ATOMIC_RELAXED) & FEAT_BIT(f)))
		return false;
	return feature_lookup(f);
}

__u64 kernel_features(void)
{
	__u64 mask = 0;

	for (int f = 0; f < __FEAT_CNT; f++)
		if (kernel_supports(f))
			mask |= FEAT_BIT(f);
	return mask;
}

__u64 kernel_btf_features(void)
{
	__u64 mask = 0;

	for (int f = 0; f < __FEAT_CNT; f++)
		if ((FEAT_BTF_ALL & FEAT_BIT(f)) && kernel_supports(f))
			mask |= FEAT_BIT(f);
	return mask;
}

const char *feature_name(enum kern_feature f)
{
	return (unsigned)f < __FEAT_CNT ? feature_descs[f].name : "?";
}

unsigned long feature_probe_runs(void)
{
	return __atomic_load_n(&probe_runs, __ATOMIC_RELAXED);
}

void feature_reset_cache(void)
{
	pthread_mutex_lock(&probe_lock);
	for (int f = 0; f < __FEAT_CNT; f++)
		__atomic_store_n(&feature_cache[f], 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&probe_lock);
}

void feature_set_override(__u64 mask)
{
	__atomic_store_n(&override_mask, mask, __ATOMIC_RELAXED);
}

/* ---- public libbpf_probe_*() ---- */

/* How to load a minimal program of a type: attach type, flags, and the
 * verifier message that proves the type exists when the load must fail. */
struct type_probe {
	enum bpf_attach_type att;
	__u32 flags;
	__u32 attach_btf_id;
	const char *exp_msg;
};

static int type_probe_setup(enum bpf_prog_type type, struct type_probe *tp)
{
	memset(tp, 0, sizeof(*tp));
	switch ((int)type) {
	case BPF_PROG_TYPE_UNSPEC:
		return -EOPNOTSUPP;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		tp->att = BPF_CGROUP_GETSOCKOPT;
		break;
	case BPF_PROG_TYPE_SK_LOOKUP:
		tp->att = BPF_SK_LOOKUP;
		break;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		/* the default attach type (0) is not a sock_addr hook */
		tp->att = BPF_CGROUP_INET4_CONNECT;
		break;
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_LIRC_MODE2:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		break;
	case BPF_PROG_TYPE_TRACING:
		tp->att = BPF_TRACE_FENTRY;
		tp->attach_btf_id = 1;
		tp->exp_msg = "attach_btf_id 1 is not a function";
		break;
	case BPF_PROG_TYPE_LSM:
		tp->att = BPF_LSM_MAC;
		tp->attach_btf_id = 1;
		tp->exp_msg = "attach_btf_id 1 is not a function";
		break;
	case BPF_PROG_TYPE_EXT:
		tp->attach_btf_id = 1;
		tp->exp_msg = "Cannot replace kernel functions";
		break;
	case BPF_PROG_TYPE_STRUCT_OPS:
		tp->attach_btf_id = 1;
		tp->exp_msg = "attach_btf_id 1 is not a supported struct";
		break;
	case BPF_PROG_TYPE_SYSCALL:
		tp->flags = BPF_F_SLEEPABLE;
		break;
	case BPFKIT_BPF_PROG_TYPE_NETFILTER:
		tp->att = (enum bpf_attach_type)BPFKIT_BPF_NETFILTER;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Load insns as type with the probe setup and a verifier log in buf.
 * 1: loaded, 0: refused (log in buf), <0: type not probeable. */
static int probe_load(enum bpf_prog_type type, const struct bpf_insn *insns, size_t cnt,
		      char *buf, size_t buf_sz)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .log_buf = buf, .log_size = buf_sz,
		    .log_level = buf ? 1 : 0);
	struct type_probe tp;
	int fd, err;

	err = type_probe_setup(type, &tp);
	if (err)
		return err;
	o.expected_attach_type = tp.att;
	o.prog_flags = tp.flags;
	o.attach_btf_id = tp.attach_btf_id;
	if (type == BPF_PROG_TYPE_KPROBE)
		o.kern_version = kernel_version_code();
	if (buf)
		buf[0] = '\0';
	fd = bpf_prog_load(type, NULL, "GPL", insns, cnt, &o);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (tp.exp_msg && buf)
		return strstr(buf, tp.exp_msg) ? 1 : 0;
	return 0;
}

LIBBPF_API int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts)
{
	char buf[4096];
	int ret;

	if (opts)
		return libbpf_err(-EINVAL);
	ret = probe_load(prog_type, ret0, ARRAY_SIZE(ret0), buf, sizeof(buf));
	return libbpf_err(ret);
}

LIBBPF_API int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id,
				       const void *opts)
{
	struct bpf_insn insns[] = { insn_call(helper_id), insn_mov64_imm(BPF_REG_0, 0),
				    insn_exit() };
	char buf[4096];
	int ret;

	if (opts)
		return libbpf_err(-EINVAL);
	/* these types cannot be loaded without a real attach target */
	switch ((int)prog_type) {
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return libbpf_err(-EOPNOTSUPP);
	default:
		break;
	}
	ret = probe_load(prog_type, insns, ARRAY_SIZE(insns), buf, sizeof(buf));
	if (ret < 0)
		return libbpf_err(ret);
	if (ret > 0)
		return 1;
	/* refused: only the verifier's verdict on the call itself counts;
	 * a rejected argument means the helper exists */
	if (strstr(buf, "invalid func ") || strstr(buf, "unknown func "))
		return 0;
	return buf[0] ? 1 : 0;
}

/* Map creation parameters that the kernel accepts for each type. */
struct map_probe {
	__u32 key_size, value_size, max_entries, flags;
	__u32 btf_key, btf_value, vmlinux_value;
	bool needs_btf, needs_inner;
	int ok_errno;	/* failure that still proves the type exists */
};

static int map_probe_setup(enum bpf_map_type type, struct map_probe *mp)
{
	memset(mp, 0, sizeof(*mp));
	mp->key_size = 4;
	mp->value_size = 4;
	mp->max_entries = 1;
	switch ((int)type) {
	case BPF_MAP_TYPE_UNSPEC:
		return -EOPNOTSUPP;
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		break;
	case BPF_MAP_TYPE_STACK_TRACE:
		mp->value_size = 8;
		break;
	case BPF_MAP_TYPE_LPM_TRIE:
		mp->key_size = 8;
		mp->value_size = 8;
		mp->flags = BPF_F_NO_PREALLOC;
		break;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		mp->needs_inner = true;
		break;
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		mp->key_size = sizeof(struct bpf_cgroup_storage_key);
		mp->max_entries = 0;
		break;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		mp->key_size = 0;
		break;
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPFKIT_BPF_MAP_TYPE_CGRP_STORAGE:
		mp->needs_btf = true;
		mp->max_entries = 0;
		mp->flags = BPF_F_NO_PREALLOC;
		mp->btf_key = 1;
		mp->btf_value = 3;
		mp->value_size = 8;
		break;
	case BPF_MAP_TYPE_STRUCT_OPS:
		/* no such struct: ENOTSUPP (524) means the type is known */
		mp->vmlinux_value = 1;
		mp->ok_errno = 524;
		break;
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		mp->key_size = 0;
		mp->value_size = 0;
		mp->max_entries = sysconf(_SC_PAGESIZE);
		break;
	case BPF_MAP_TYPE_BLOOM_FILTER:
		mp->key_size = 0;
		break;
	case BPFKIT_BPF_MAP_TYPE_ARENA:
		mp->key_size = 0;
		mp->value_size = 0;
		mp->flags = BPF_F_MMAPABLE;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return 0;
}

/* BTF for local storage maps: int (1), the value struct's long (2),
 * struct { long v; } (3). */
static int storage_btf_fd(void)
{
	struct btf *btf = btf_with_int();
	const void *raw;
	__u32 sz;
	int fd = -1;

	if (!btf)
		return -ENOMEM;
	if (btf__add_int(btf, "long", 8, BTF_INT_SIGNED) == 2 &&
	    btf__add_struct(btf, "val", 8) == 3 && !btf__add_field(btf, "v", 2, 0, 0)) {
		raw = btf__raw_data(btf, &sz);
		fd = raw ? bpf_btf_load(raw, sz, NULL) : -1;
		fd = fd < 0 ? -errno : fd;
	}
	btf__free(btf);
	return fd;
}

LIBBPF_API int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts)
{
	LIBBPF_OPTS(bpf_map_create_opts, o);
	struct map_probe mp;
	int fd, err, btf_fd = -1, inner_fd = -1;

	if (opts)
		return libbpf_err(-EINVAL);
	err = map_probe_setup(map_type, &mp);
	if (err)
		return libbpf_err(err);
	o.map_flags = mp.flags;
	o.btf_vmlinux_value_type_id = mp.vmlinux_value;
	if (mp.needs_btf) {
		btf_fd = storage_btf_fd();
		if (btf_fd < 0)
			return libbpf_err(btf_fd);
		o.btf_fd = btf_fd;
		o.btf_key_type_id = mp.btf_key;
		o.btf_value_type_id = mp.btf_value;
	}
	if (mp.needs_inner) {
		inner_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);
		if (inner_fd < 0)
			return libbpf_err(-errno);
		o.inner_map_fd = inner_fd;
	}
	fd = bpf_map_create(map_type, NULL, mp.key_size, mp.value_size, mp.max_entries, &o);
	err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	if (btf_fd >= 0)
		close(btf_fd);
	if (inner_fd >= 0)
		close(inner_fd);
	return fd >= 0 || (mp.ok_errno && err == mp.ok_errno) ? 1 : 0;
}
