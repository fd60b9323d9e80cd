// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The SEC() name table of libbpf 1.x and the section-name queries built on
 * it: libbpf_prog_type_by_name(), libbpf_attach_type_by_name() and the
 * user-registered handlers.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "libbpf_internal.h"
#include "sec_def.h"
#include "uapi_compat.h"

/* Program and attach types newer than the 6.1 uapi headers, as typed
 * enum values (numbers from uapi_compat.h). */
#define BPFK_PROG_TYPE_NETFILTER ((enum bpf_prog_type)BPFKIT_BPF_PROG_TYPE_NETFILTER)
#define BPFK_AT(x) ((enum bpf_attach_type)BPFKIT_BPF_##x)
#define BPFK_NETFILTER BPFK_AT(NETFILTER)
#define BPFK_TCX_INGRESS BPFK_AT(TCX_INGRESS)
#define BPFK_TCX_EGRESS BPFK_AT(TCX_EGRESS)
#define BPFK_TRACE_UPROBE_MULTI BPFK_AT(TRACE_UPROBE_MULTI)
#define BPFK_CGROUP_UNIX_CONNECT BPFK_AT(CGROUP_UNIX_CONNECT)
#define BPFK_CGROUP_UNIX_SENDMSG BPFK_AT(CGROUP_UNIX_SENDMSG)
#define BPFK_CGROUP_UNIX_RECVMSG BPFK_AT(CGROUP_UNIX_RECVMSG)
#define BPFK_CGROUP_UNIX_GETPEERNAME BPFK_AT(CGROUP_UNIX_GETPEERNAME)
#define BPFK_CGROUP_UNIX_GETSOCKNAME BPFK_AT(CGROUP_UNIX_GETSOCKNAME)
#define BPFK_NETKIT_PRIMARY BPFK_AT(NETKIT_PRIMARY)
#define BPFK_NETKIT_PEER BPFK_AT(NETKIT_PEER)
#define BPFK_TRACE_KPROBE_SESSION BPFK_AT(TRACE_KPROBE_SESSION)
#define BPFK_TRACE_UPROBE_SESSION BPFK_AT(TRACE_UPROBE_SESSION)

#define EXACT SEC_MATCH_EXACT
#define PFX SEC_MATCH_PREFIX
#define OPT SEC_MATCH_OPT_SUFFIX

/* Shorthands for the flag combinations the table uses. */
#define F_NONE SEC_F_NONE
#define F_ATT SEC_F_ATTACHABLE
#define F_ATT_OPT (SEC_F_ATTACHABLE | SEC_F_EXP_ATTACH_OPT)
#define F_BTF SEC_F_ATTACH_BTF
#define F_SLP SEC_F_SLEEPABLE
#define F_MULTI SEC_F_MULTI
#define F_RET SEC_F_RETPROBE

#define SD(n, m, pt, at, fl, ak)                                             \
	{                                                                    \
		.name = n, .match = m, .prog_type = BPF_PROG_TYPE_##pt,      \
		.expected_attach_type = (enum bpf_attach_type)(at),          \
		.flags = fl, .attach = SEC_ATTACH_##ak,                      \
	}

/*
 * Order matters only where one entry could shadow another; libbpf 1.x's
 * own order is kept so a lookup picks the same entry it would.
 */
static const struct sec_def builtin_defs[] = {
	SD("socket", EXACT, SOCKET_FILTER, 0, F_NONE, NONE),
	SD("sk_reuseport/migrate", EXACT, SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, F_ATT, NONE),
	SD("sk_reuseport", EXACT, SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, F_ATT, NONE),
	SD("kprobe", OPT, KPROBE, 0, F_NONE, KPROBE),
	SD("uprobe", OPT, KPROBE, 0, F_NONE, UPROBE),
	SD("uprobe.s", OPT, KPROBE, 0, F_SLP, UPROBE),
	SD("kretprobe", OPT, KPROBE, 0, F_RET, KPROBE),
	SD("uretprobe", OPT, KPROBE, 0, F_RET, UPROBE),
	SD("uretprobe.s", OPT, KPROBE, 0, F_RET | F_SLP, UPROBE),
	SD("kprobe.multi", OPT, KPROBE, BPF_TRACE_KPROBE_MULTI, F_MULTI, KPROBE_MULTI),
	SD("kretprobe.multi", OPT, KPROBE, BPF_TRACE_KPROBE_MULTI, F_MULTI | F_RET, KPROBE_MULTI),
	SD("kprobe.session", OPT, KPROBE, BPFK_TRACE_KPROBE_SESSION, F_MULTI, KPROBE_SESSION),
	SD("uprobe.multi", OPT, KPROBE, BPFK_TRACE_UPROBE_MULTI, F_MULTI, UPROBE_MULTI),
	SD("uretprobe.multi", OPT, KPROBE, BPFK_TRACE_UPROBE_MULTI, F_MULTI | F_RET, UPROBE_MULTI),
	SD("uprobe.session", OPT, KPROBE, BPFK_TRACE_UPROBE_SESSION, F_MULTI, UPROBE_MULTI),
	SD("uprobe.multi.s", OPT, KPROBE, BPFK_TRACE_UPROBE_MULTI, F_MULTI | F_SLP, UPROBE_MULTI),
	SD("uretprobe.multi.s", OPT, KPROBE, BPFK_TRACE_UPROBE_MULTI, F_MULTI | F_RET | F_SLP, UPROBE_MULTI),
	SD("uprobe.session.s", OPT, KPROBE, BPFK_TRACE_UPROBE_SESSION, F_MULTI | F_SLP, UPROBE_MULTI),
	SD("ksyscall", OPT, KPROBE, 0, F_NONE, KSYSCALL),
	SD("kretsyscall", OPT, KPROBE, 0, F_RET, KSYSCALL),
	SD("usdt", OPT, KPROBE, 0, SEC_F_USDT, USDT),
	SD("usdt.s", OPT, KPROBE, 0, SEC_F_USDT | F_SLP, USDT),
	/* tc/ingress and tc/egress are the tcx hooks under their old names */
	SD("tc/ingress", EXACT, SCHED_CLS, BPFK_TCX_INGRESS, F_NONE, NONE),
	SD("tc/egress", EXACT, SCHED_CLS, BPFK_TCX_EGRESS, F_NONE, NONE),
	SD("tcx/ingress", EXACT, SCHED_CLS, BPFK_TCX_INGRESS, F_NONE, NONE),
	SD("tcx/egress", EXACT, SCHED_CLS, BPFK_TCX_EGRESS, F_NONE, NONE),
	SD("tc", EXACT, SCHED_CLS, 0, F_NONE, NONE),
	SD("classifier", EXACT, SCHED_CLS, 0, F_NONE, NONE),
	SD("action", EXACT, SCHED_ACT, 0, F_NONE, NONE),
	SD("netkit/primary", EXACT, SCHED_CLS, BPFK_NETKIT_PRIMARY, F_NONE, NONE),
	SD("netkit/peer", EXACT, SCHED_CLS, BPFK_NETKIT_PEER, F_NONE, NONE),
	SD("tracepoint", OPT, TRACEPOINT, 0, F_NONE, TRACEPOINT),
	SD("tp", OPT, TRACEPOINT, 0, F_NONE, TRACEPOINT),
	SD("raw_tracepoint", OPT, RAW_TRACEPOINT, 0, F_NONE, RAW_TP),
	SD("raw_tp", OPT, RAW_TRACEPOINT, 0, F_NONE, RAW_TP),
	SD("raw_tracepoint.w", OPT, RAW_TRACEPOINT_WRITABLE, 0, F_NONE, RAW_TP),
	SD("raw_tp.w", OPT, RAW_TRACEPOINT_WRITABLE, 0, F_NONE, RAW_TP),
	SD("tp_btf", OPT, TRACING, BPF_TRACE_RAW_TP, F_BTF, TRACE),
	SD("fentry", OPT, TRACING, BPF_TRACE_FENTRY, F_BTF, TRACE),
	SD("fmod_ret", OPT, TRACING, BPF_MODIFY_RETURN, F_BTF, TRACE),
	SD("fexit", OPT, TRACING, BPF_TRACE_FEXIT, F_BTF, TRACE),
	SD("fentry.s", OPT, TRACING, BPF_TRACE_FENTRY, F_BTF | F_SLP, TRACE),
	SD("fmod_ret.s", OPT, TRACING, BPF_MODIFY_RETURN, F_BTF | F_SLP, TRACE),
	SD("fexit.s", OPT, TRACING, BPF_TRACE_FEXIT, F_BTF | F_SLP, TRACE),
	SD("freplace", OPT, EXT, 0, F_BTF, TRACE),
	SD("lsm", OPT, LSM, BPF_LSM_MAC, F_BTF, LSM),
	SD("lsm.s", OPT, LSM, BPF_LSM_MAC, F_BTF | F_SLP, LSM),
	SD("lsm_cgroup", OPT, LSM, BPF_LSM_CGROUP, F_BTF, NONE),
	SD("iter", OPT, TRACING, BPF_TRACE_ITER, F_BTF, ITER),
	SD("iter.s", OPT, TRACING, BPF_TRACE_ITER, F_BTF | F_SLP, ITER),
	SD("syscall", EXACT, SYSCALL, 0, F_SLP, NONE),
	SD("xdp.frags/devmap", EXACT, XDP, BPF_XDP_DEVMAP, SEC_F_XDP_FRAGS, NONE),
	SD("xdp/devmap", EXACT, XDP, BPF_XDP_DEVMAP, F_ATT, NONE),
	SD("xdp.frags/cpumap", EXACT, XDP, BPF_XDP_CPUMAP, SEC_F_XDP_FRAGS, NONE),
	SD("xdp/cpumap", EXACT, XDP, BPF_XDP_CPUMAP, F_ATT, NONE),
	SD("xdp.frags", EXACT, XDP, BPF_XDP, SEC_F_XDP_FRAGS, NONE),
	SD("xdp", EXACT, XDP, BPF_XDP, F_ATT_OPT, NONE),
	SD("perf_event", EXACT, PERF_EVENT, 0, F_NONE, NONE),
	SD("lwt_in", EXACT, LWT_IN, 0, F_NONE, NONE),
	SD("lwt_out", EXACT, LWT_OUT, 0, F_NONE, NONE),
	SD("lwt_xmit", EXACT, LWT_XMIT, 0, F_NONE, NONE),
	SD("lwt_seg6local", EXACT, LWT_SEG6LOCAL, 0, F_NONE, NONE),
	SD("sockops", EXACT, SOCK_OPS, BPF_CGROUP_SOCK_OPS, F_ATT_OPT, NONE),
	SD("sk_skb/stream_parser", EXACT, SK_SKB, BPF_SK_SKB_STREAM_PARSER, F_ATT_OPT, NONE),
	SD("sk_skb/stream_verdict", EXACT, SK_SKB, BPF_SK_SKB_STREAM_VERDICT, F_ATT_OPT, NONE),
	SD("sk_skb/verdict", EXACT, SK_SKB, BPF_SK_SKB_VERDICT, F_ATT_OPT, NONE),
	SD("sk_skb", EXACT, SK_SKB, 0, F_NONE, NONE),
	SD("sk_msg", EXACT, SK_MSG, BPF_SK_MSG_VERDICT, F_ATT_OPT, NONE),
	SD("lirc_mode2", EXACT, LIRC_MODE2, BPF_LIRC_MODE2, F_ATT_OPT, NONE),
	SD("flow_dissector", EXACT, FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, F_ATT_OPT, NONE),
	SD("cgroup_skb/ingress", EXACT, CGROUP_SKB, BPF_CGROUP_INET_INGRESS, F_ATT_OPT, NONE),
	SD("cgroup_skb/egress", EXACT, CGROUP_SKB, BPF_CGROUP_INET_EGRESS, F_ATT_OPT, NONE),
	SD("cgroup/skb", EXACT, CGROUP_SKB, 0, F_NONE, NONE),
	SD("cgroup/sock_create", EXACT, CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, F_ATT, NONE),
	SD("cgroup/sock_release", EXACT, CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, F_ATT, NONE),
	SD("cgroup/sock", EXACT, CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, F_ATT_OPT, NONE),
	SD("cgroup/post_bind4", EXACT, CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, F_ATT, NONE),
	SD("cgroup/post_bind6", EXACT, CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, F_ATT, NONE),
	SD("cgroup/bind4", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, F_ATT, NONE),
	SD("cgroup/bind6", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, F_ATT, NONE),
	SD("cgroup/connect4", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, F_ATT, NONE),
	SD("cgroup/connect6", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, F_ATT, NONE),
	SD("cgroup/connect_unix", EXACT, CGROUP_SOCK_ADDR, BPFK_CGROUP_UNIX_CONNECT, F_ATT, NONE),
	SD("cgroup/sendmsg4", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, F_ATT, NONE),
	SD("cgroup/sendmsg6", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, F_ATT, NONE),
	SD("cgroup/sendmsg_unix", EXACT, CGROUP_SOCK_ADDR, BPFK_CGROUP_UNIX_SENDMSG, F_ATT, NONE),
	SD("cgroup/recvmsg4", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, F_ATT, NONE),
	SD("cgroup/recvmsg6", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, F_ATT, NONE),
	SD("cgroup/recvmsg_unix", EXACT, CGROUP_SOCK_ADDR, BPFK_CGROUP_UNIX_RECVMSG, F_ATT, NONE),
	SD("cgroup/getpeername4", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, F_ATT, NONE),
	SD("cgroup/getpeername6", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, F_ATT, NONE),
	SD("cgroup/getpeername_unix", EXACT, CGROUP_SOCK_ADDR, BPFK_CGROUP_UNIX_GETPEERNAME, F_ATT, NONE),
	SD("cgroup/getsockname4", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, F_ATT, NONE),
	SD("cgroup/getsockname6", EXACT, CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, F_ATT, NONE),
	SD("cgroup/getsockname_unix", EXACT, CGROUP_SOCK_ADDR, BPFK_CGROUP_UNIX_GETSOCKNAME, F_ATT, NONE),
	SD("cgroup/sysctl", EXACT, CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, F_ATT, NONE),
	SD("cgroup/getsockopt", EXACT, CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, F_ATT, NONE),
	SD("cgroup/setsockopt", EXACT, CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, F_ATT, NONE),
	SD("cgroup/dev", EXACT, CGROUP_DEVICE, BPF_CGROUP_DEVICE, F_ATT_OPT, NONE),
	SD("struct_ops", OPT, STRUCT_OPS, 0, F_NONE, NONE),
	SD("struct_ops.s", OPT, STRUCT_OPS, 0, F_SLP, NONE),
	SD("sk_lookup", EXACT, SK_LOOKUP, BPF_SK_LOOKUP, F_ATT, NONE),
	{
		.name = "netfilter", .match = EXACT,
		.prog_type = BPFK_PROG_TYPE_NETFILTER,
		.expected_attach_type = BPFK_NETFILTER,
	},
};

size_t sec_def_builtin_cnt(void)
{
	return ARRAY_SIZE(builtin_defs);
}

const struct sec_def *sec_def_builtin(size_t idx)
{
	return idx < ARRAY_SIZE(builtin_defs) ? &builtin_defs[idx] : NULL;
}

void sec_def_pattern(const struct sec_def *def, char *buf, size_t size)
{
	static const char suffix[] = {
		[SEC_MATCH_EXACT] = '\0',
		[SEC_MATCH_PREFIX] = '/',
		[SEC_MATCH_OPT_SUFFIX] = '+',
	};

	if (!def->name) {
		snprintf(buf, size, "(fallback)");
		return;
	}
	snprintf(buf, size, "%s%.1s", def->name, &suffix[def->match]);
}

bool sec_def_matches(const struct sec_def *def, const char *sec_name)
{
	size_t len;

	if (!def->name || !sec_name)
		return false;
	len = strlen(def->name);
	switch (def->match) {
	case SEC_MATCH_EXACT:
		return strcmp(sec_name, def->name) == 0;
	case SEC_MATCH_PREFIX:
		return strncmp(sec_name, def->name, len) == 0 && sec_name[len] == '/';
	case SEC_MATCH_OPT_SUFFIX:
		return strncmp(sec_name, def->name, len) == 0 &&
		       (sec_name[len] == '\0' || sec_name[len] == '/');
	}
	return false;
}

/* Registered handlers. Like libbpf's, this registry is not thread-safe:
 * callers register before opening objects. */
static struct sec_def *custom_defs;
static size_t custom_cnt;
static size_t custom_cap;
static struct sec_def fallback_def;
static bool has_fallback;
static int last_handler_id;

/* Built-in entries grouped by the first character of their name, table
 * order kept within a group: every built-in name is non-empty, so only
 * entries starting with the section name's first character can match.
 * Name lengths are kept alongside so a match needs no strlen(). */
#define BUILTIN_CNT ARRAY_SIZE(builtin_defs)
static uint8_t builtin_order[BUILTIN_CNT];	/* indices grouped by first char */
static uint8_t builtin_len[BUILTIN_CNT];
static uint16_t bucket_start[257];		/* group c is [start[c], start[c+1]) */
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

_Static_assert(ARRAY_SIZE(builtin_defs) <= 255, "builtin_order holds uint8_t indices");

static void build_buckets(void)
{
	uint16_t fill[256];

	for (size_t i = 0; i < BUILTIN_CNT; i++) {
		bucket_start[(uint8_t)builtin_defs[i].name[0] + 1]++;
		builtin_len[i] = strlen(builtin_defs[i].name);
	}
	for (int c = 0; c < 256; c++) {
		bucket_start[c + 1] += bucket_start[c];
		fill[c] = bucket_start[c];
	}
	for (size_t i = 0; i < BUILTIN_CNT; i++)
		builtin_order[fill[(uint8_t)builtin_defs[i].name[0]]++] = i;
}

/* sec_def_matches() for a built-in entry of known name length. */
static bool builtin_matches(size_t i, const char *sec_name)
{
	const struct sec_def *def = &builtin_defs[i];
	size_t len = builtin_len[i];

	if (strncmp(sec_name, def->name, len))
		return false;
	switch (def->match) {
	case SEC_MATCH_EXACT:
		return sec_name[len] == '\0';
	case SEC_MATCH_PREFIX:
		return sec_name[len] == '/';
	case SEC_MATCH_OPT_SUFFIX:
		return sec_name[len] == '\0' || sec_name[len] == '/';
	}
	return false;
}

const struct sec_def *sec_def_find(const char *sec_name)
{
	uint8_t c;
	size_t i;

	if (!sec_name)
		return NULL;
	for (i = 0; i < custom_cnt; i++) {
		if (sec_def_matches(&custom_defs[i], sec_name))
			return &custom_defs[i];
	}
	pthread_once(&buckets_once, build_buckets);
	c = sec_name[0];
	for (i = bucket_start[c]; i < bucket_start[c + 1]; i++) {
		if (builtin_matches(builtin_order[i], sec_name))
			return &builtin_defs[builtin_order[i]];
	}
	return has_fallback ? &fallback_def : NULL;
}

LIBBPF_API int libbpf_prog_type_by_name(const char *name, enum bpf_prog_type *prog_type,
					enum bpf_attach_type *expected_attach_type)
{
	const struct sec_def *def;

	if (!name || !prog_type || !expected_attach_type) {
		pr_warn("libbpf_prog_type_by_name: NULL %s\n",
			!name ? "section name" : "output pointer");
		return libbpf_err(-EINVAL);
	}
	def = sec_def_find(name);
	if (!def) {
		/* A miss is routine for callers probing names, so keep it at
		 * debug level like libbpf does. */
		pr_debug("no SEC() definition matches section name '%s'\n", name);
		return libbpf_err(-ESRCH);
	}
	*prog_type = def->prog_type;
	*expected_attach_type = def->expected_attach_type;
	return 0;
}

LIBBPF_API int libbpf_attach_type_by_name(const char *name,
					  enum bpf_attach_type *attach_type)
{
	const struct sec_def *def;

	if (!name || !attach_type) {
		pr_warn("libbpf_attach_type_by_name: NULL %s\n",
			!name ? "section name" : "output pointer");
		return libbpf_err(-EINVAL);
	}
	def = sec_def_find(name);
	if (!def) {
		/* libbpf reports an unknown name here as -EINVAL, not -ESRCH */
		pr_debug("no SEC() definition matches section name '%s'\n", name);
		return libbpf_err(-EINVAL);
	}
	/* Registered handlers load programs their own way, so libbpf never
	 * treats them as attachable; same for built-ins without the flag. */
	if (def->handler_id || !(def->flags & SEC_F_ATTACHABLE)) {
		pr_debug("section '%s' has no attach type for BPF_PROG_ATTACH\n", name);
		return libbpf_err(-EINVAL);
	}
	*attach_type = def->expected_attach_type;
	return 0;
}

/* Splits "abc", "abc/" or "abc+" into name and match kind. */
static int parse_pattern(const char *sec, char **name, enum sec_match *match)
{
	size_t len = strlen(sec);

	*match = SEC_MATCH_EXACT;
	if (len && sec[len - 1] == '/')
		*match = SEC_MATCH_PREFIX;
	else if (len && sec[len - 1] == '+')
		*match = SEC_MATCH_OPT_SUFFIX;
	if (*match != SEC_MATCH_EXACT)
		len--;
	if (!len)
		return -EINVAL;
	*name = strndup(sec, len);
	return *name ? 0 : -ENOMEM;
}

static void fill_handler(struct sec_def *def, enum bpf_prog_type prog_type,
			 enum bpf_attach_type exp_attach_type,
			 const struct libbpf_prog_handler_opts *opts)
{
	def->prog_type = prog_type;
	def->expected_attach_type = exp_attach_type;
	def->flags = SEC_F_NONE;
	def->cookie = OPTS_GET(opts, cookie, 0);
	def->prog_setup_fn = OPTS_GET(opts, prog_setup_fn, NULL);
	def->prog_prepare_load_fn = OPTS_GET(opts, prog_prepare_load_fn, NULL);
	def->prog_attach_fn = OPTS_GET(opts, prog_attach_fn, NULL);
	def->attach = def->prog_attach_fn ? SEC_ATTACH_CUSTOM : SEC_ATTACH_NONE;
	def->handler_id = ++last_handler_id;
}

static int register_fallback(enum bpf_prog_type prog_type, enum bpf_attach_type exp_attach_type,
			     const struct libbpf_prog_handler_opts *opts)
{
	if (has_fallback) {
		pr_warn("prog handler: a fallback handler (sec NULL) is already registered\n");
		return libbpf_err(-EBUSY);
	}
	memset(&fallback_def, 0, sizeof(fallback_def));
	fill_handler(&fallback_def, prog_type, exp_attach_type, opts);
	has_fallback = true;
	return fallback_def.handler_id;
}

LIBBPF_API int libbpf_register_prog_handler(const char *sec, enum bpf_prog_type prog_type,
					    enum bpf_attach_type exp_attach_type,
					    const struct libbpf_prog_handler_opts *opts)
{
	enum sec_match match;
	struct sec_def *def;
	char *name;
	int err;

	if (!OPTS_VALID(opts, libbpf_prog_handler_opts))
		return libbpf_err(-EINVAL);
	if (last_handler_id == INT_MAX) {
		pr_warn("prog handler '%s': handler ids exhausted\n", sec ? sec : "(fallback)");
		return libbpf_err(-E2BIG);
	}
	if (!sec)
		return register_fallback(prog_type, exp_attach_type, opts);
	err = parse_pattern(sec, &name, &match);
	if (err) {
		pr_warn("prog handler '%s': %s\n", sec,
			err == -EINVAL ? "empty section name" : errstr(err));
		return libbpf_err(err);
	}
	err = libbpf_ensure_mem((void **)&custom_defs, &custom_cap, sizeof(*custom_defs),
				custom_cnt + 1);
	if (err) {
		pr_warn("prog handler '%s': %s\n", sec, errstr(err));
		free(name);
		return libbpf_err(err);
	}
	def = &custom_defs[custom_cnt];
	memset(def, 0, sizeof(*def));
	def->name = name;
	def->match = match;
	fill_handler(def, prog_type, exp_attach_type, opts);
	custom_cnt++;
	return def->handler_id;
}

LIBBPF_API int libbpf_unregister_prog_handler(int handler_id)
{
	size_t i;

	if (handler_id <= 0) {
		pr_warn("unregister prog handler: invalid id %d\n", handler_id);
		return libbpf_err(-EINVAL);
	}
	if (has_fallback && fallback_def.handler_id == handler_id) {
		memset(&fallback_def, 0, sizeof(fallback_def));
		has_fallback = false;
		return 0;
	}
	for (i = 0; i < custom_cnt; i++) {
		if (custom_defs[i].handler_id == handler_id)
			break;
	}
	if (i == custom_cnt) {
		pr_warn("unregister prog handler: no handler with id %d\n", handler_id);
		return libbpf_err(-ENOENT);
	}
	free((char *)custom_defs[i].name);
	memmove(&custom_defs[i], &custom_defs[i + 1],
		(custom_cnt - i - 1) * sizeof(*custom_defs));
	custom_cnt--;
	return 0;
}
