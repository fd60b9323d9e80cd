// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tests of the BPF-side headers (bpf_helpers.h, bpf_helper_defs.h,
 * bpf_core_read.h, bpf_tracing.h, bpf_endian.h, usdt.bpf.h).
 *
 * The programs in tests/progs/hdr_*.bpf.c are loaded and run by
 * tests/ref-loader (the system libbpf, until bpfkit has its own object
 * loader); these tests check what the programs computed.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kenv.h"
#include "test.h"

#define OUT_CAP (256 * 1024)

/* syscall used by hdr_tracing.bpf.c (getpgid on x86-64) */
#define TRIGGER_NR "121"

/* Per-run first argument of the trigger syscall, so parallel runs don't mix. */
static void run_magic(char *buf, size_t cap)
{
	long m = 0x7e000000L | (getpid() & 0xffffff);

	snprintf(buf, cap, "%#lx", m);
}

static char out[OUT_CAP];

/*
 * Run a program with argv (NULL-terminated), stdout+stderr into out[].
 * Returns the exit status, or -1 if it could not run.
 */
static int run_argv(char *const argv[])
{
	int pfd[2], status;
	size_t len = 0;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n = read(pfd[0], out + len, OUT_CAP - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
		if (len == OUT_CAP - 1)
			break;
	}
	out[len] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (test_verbose())
		test_log("%s", out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ref-loader OBJ args...; obj is a tests/progs name or NULL for "-". */
static int ref(const char *obj, ...)
{
	char *argv[64], loader[4096], objp[4096];
	va_list ap;
	int n = 0;

	snprintf(loader, sizeof(loader), "%s", test_build_path("tests/ref-loader"));
	if (access(loader, X_OK))
		test_skip(true, "reference loader not built (%s)", loader);
	snprintf(objp, sizeof(objp), "%s", obj ? test_obj_path(obj) : "-");
	argv[n++] = loader;
	argv[n++] = objp;
	va_start(ap, obj);
	while (n < 63) {
		char *a = va_arg(ap, char *);

		if (!a)
			break;
		argv[n++] = a;
	}
	va_end(ap);
	argv[n] = NULL;
	return run_argv(argv);
}

/* Value of "key=NUMBER" in the n-th (0-based) line that has it; -1 if none. */
static long long kv_nth(const char *key, int nth)
{
	size_t kl = strlen(key);
	const char *p = out;

	while ((p = strstr(p, key))) {
		bool start = p == out || p[-1] == '\n' || p[-1] == ' ';

		if (start && p[kl] == '=' && nth-- == 0)
			return strtoll(p + kl + 1, NULL, 0);
		p += kl;
	}
	return -1;
}

static long long kv(const char *key)
{
	return kv_nth(key, 0);
}

/* A 64-byte test packet: @head bytes first, zeros after. */
static const char *packet(const char *head_hex)
{
	static char buf[129];

	memset(buf, '0', 128);
	buf[128] = '\0';
	memcpy(buf, head_hex, strlen(head_hex) < 128 ? strlen(head_hex) : 128);
	return buf;
}

/* Run one tc program of @obj on @pkt (NULL: zeros) and return its retval. */
static long long run_prog(const char *obj, const char *prog, const char *pkt)
{
	int rc = ref(obj, "run", prog, pkt ? pkt : packet(""), NULL);

	if (rc)
		test_fail(__FILE__, __LINE__, "ref-loader run %s/%s failed:\n%s", obj, prog, out);
	return kv("retval");
}

/* Little-endian u64 from the hex dump "map NAME[K]=HEX". */
static long long map_u64(const char *name, unsigned int key)
{
	char pat[128];
	unsigned long long v = 0;
	const char *p;

	snprintf(pat, sizeof(pat), "map %s[%u]=", name, key);
	p = strstr(out, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	for (int i = 0; i < 8 && isxdigit((unsigned char)p[2 * i]); i++) {
		unsigned int b;

		sscanf(p + 2 * i, "%2x", &b);
		v |= (unsigned long long)b << (8 * i);
	}
	return (long long)v;
}

/* ---- bpf_helper_defs.h against the reference (Debian libbpf) header ---- */

struct proto {
	char name[64];
	char ret[64];
	char args[16][64];
	int nargs;
	long id;
};

static void squeeze(char *s)
{
	char *d = s;
	bool sp = false;

	while (isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			sp = true;
			continue;
		}
		if (sp && d != s && *s != '*' && d[-1] != '*')
			*d++ = ' ';
		else if (sp && *s == '*' && d[-1] != ' ')
			*d++ = ' ';
		sp = false;
		*d++ = *s;
	}
	*d = '\0';
}

/* Type part of a parameter: drop the trailing identifier, if any. */
static void param_type(char *p)
{
	size_t l;

	squeeze(p);
	l = strlen(p);
	if (!strcmp(p, "...") || !strcmp(p, "void"))
		return;
	while (l && (isalnum((unsigned char)p[l - 1]) || p[l - 1] == '_'))
		l--;
	/* a bare type such as "int" has no name to drop */
	if (!l)
		return;
	p[l] = '\0';
	squeeze(p);
}

/* "static RET (*[ const] NAME)(ARGS)[ attr] = (void *) ID;" */
static bool parse_proto(const char *line, struct proto *pr)
{
	const char *open = strstr(line, "(*"), *name, *name_end, *args, *args_end, *eq;
	char buf[1024];

	if (strncmp(line, "static ", 7) || !open)
		return false;
	memset(pr, 0, sizeof(*pr));
	snprintf(pr->ret, sizeof(pr->ret), "%.*s", (int)(open - line - 7), line + 7);
	squeeze(pr->ret);
	name = open + 2;
	while (*name == ' ')
		name++;
	if (!strncmp(name, "const ", 6))
		name += 6;
	name_end = strchr(name, ')');
	if (!name_end)
		return false;
	snprintf(pr->name, sizeof(pr->name), "%.*s", (int)(name_end - name), name);
	args = name_end + 1;
	if (*args != '(')
		return false;
	args++;
	args_end = strchr(args, ')');
	eq = strstr(line, "(void *)");
	if (!args_end || !eq)
		return false;
	pr->id = strtol(eq + 8, NULL, 0);
	snprintf(buf, sizeof(buf), "%.*s", (int)(args_end - args), args);
	for (char *tok = strtok(buf, ","); tok && pr->nargs < 16; tok = strtok(NULL, ",")) {
		snprintf(pr->args[pr->nargs], sizeof(pr->args[0]), "%s", tok);
		param_type(pr->args[pr->nargs]);
		pr->nargs++;
	}
	if (pr->nargs == 1 && !strcmp(pr->args[0], "void"))
		pr->nargs = 0;
	return true;
}

static int load_protos(const char *path, struct proto *tab, int cap)
{
	FILE *f = fopen(path, "re");
	char line[2048];
	int n = 0;

	if (!f)
		return -1;
	while (n < cap && fgets(line, sizeof(line), f))
		if (parse_proto(line, &tab[n]))
			n++;
	fclose(f);
	return n;
}

static struct proto ours[512], theirs[512];

/*
 * Every helper of the installed uapi <linux/bpf.h> is declared with its
 * id (positional in the 6.1 header's FN(name) list, FN(name, id) later).
 */
static int check_uapi_ids(const struct proto *tab, int n)
{
	FILE *f = fopen("/usr/include/linux/bpf.h", "re");
	char line[512];
	bool in = false;
	int pos = 0, bad = 0, seen = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char name[128], full[140];
		const char *fn;
		long id;
		int j;

		if (!in) {
			in = strstr(line, "#define __BPF_FUNC_MAPPER(") ||
			     strstr(line, "#define ___BPF_FUNC_MAPPER(");
			continue;
		}
		fn = strstr(line, "FN(");
		if (fn && sscanf(fn + 3, "%127[a-z0-9_]", name) == 1) {
			const char *comma = fn + 3 + strlen(name);

			id = *comma == ',' ? strtol(comma + 1, NULL, 0) : pos;
			pos++;
			if (id) {
				seen++;
				snprintf(full, sizeof(full), "bpf_%s", name);
				for (j = 0; j < n; j++)
					if (!strcmp(tab[j].name, full))
						break;
				if (!CHECK(j < n && tab[j].id == id, "uapi helper %s (id %ld)",
					   full, id))
					bad++;
			}
		}
		if (!strchr(line, '\\'))
			break;
	}
	fclose(f);
	CHECK(seen > 200, "only %d uapi helpers found", seen);
	return bad;
}

TEST(hdr_helper_defs_vs_reference)
{
	const char *ref_path = "/usr/include/bpf/bpf_helper_defs.h";
	char our_path[4096];
	int n_ours, n_ref, mismatches = 0;
	long max_id = 0;

	snprintf(our_path, sizeof(our_path), "%s", test_build_path("include/bpf/bpf_helper_defs.h"));
	n_ours = load_protos(our_path, ours, 512);
	ASSERT_GT(n_ours, 200);
	n_ref = load_protos(ref_path, theirs, 512);
	if (n_ref < 0)
		test_skip(true, "no reference %s", ref_path);

	for (int i = 0; i < n_ref; i++) {
		struct proto *r = &theirs[i], *o = NULL;

		for (int j = 0; j < n_ours && !o; j++)
			if (!strcmp(ours[j].name, r->name))
				o = &ours[j];
		if (!CHECK(o, "helper %s missing", r->name)) {
			mismatches++;
			continue;
		}
		if (!CHECK(o->id == r->id, "%s: id %ld vs reference %ld", r->name, o->id, r->id))
			mismatches++;
		if (!CHECK(!strcmp(o->ret, r->ret), "%s: returns '%s' vs reference '%s'", r->name,
			   o->ret, r->ret))
			mismatches++;
		if (!CHECK(o->nargs == r->nargs, "%s: %d args vs reference %d", r->name, o->nargs,
			   r->nargs)) {
			mismatches++;
			continue;
		}
		for (int a = 0; a < r->nargs; a++)
			if (!CHECK(!strcmp(o->args[a], r->args[a]),
				   "%s: arg %d '%s' vs reference '%s'", r->name, a, o->args[a],
				   r->args[a]))
				mismatches++;
	}
	/* every id from 1 to the highest one is declared exactly once */
	for (int j = 0; j < n_ours; j++)
		if (ours[j].id > max_id)
			max_id = ours[j].id;
	for (long id = 1; id <= max_id; id++) {
		int cnt = 0;

		for (int j = 0; j < n_ours; j++)
			cnt += ours[j].id == id;
		CHECK(cnt == 1, "helper id %ld declared %d times", id, cnt);
	}
	mismatches += check_uapi_ids(ours, n_ours);
	test_log("%d helpers (reference %d), %d mismatches\n", n_ours, n_ref, mismatches);
	ASSERT_EQ(mismatches, 0);
	ASSERT_GE(n_ours, n_ref);
}

/* Run the generator on a synthetic uapi header; output into out[]. */
static int gen_from(const char *text)
{
	char path[] = "/tmp/bpfkit-hdr-XXXXXX", gen[4096];
	char *argv[] = { gen, path, NULL };
	int fd = mkstemp(path), rc;

	ASSERT_OK(fd);
	ASSERT_EQ(write(fd, text, strlen(text)), (long long)strlen(text));
	close(fd);
	snprintf(gen, sizeof(gen), "%s", test_build_path("gen-helper-defs"));
	rc = run_argv(argv);
	unlink(path);
	return rc;
}

#define FAKE_DOCS                                                            \
	"/*\n * Start of BPF helper function descriptions:\n *\n"           \
	" * void *bpf_map_lookup_elem(struct bpf_map *map, const void *key)\n" \
	" * \tDescription\n * \t\tLook up *key*.\n * \tReturn\n * \t\tValue or NULL.\n *\n" \
	" * u32 bpf_get_smp_processor_id(void)\n"                            \
	" * \tDescription\n * \t\tCPU id.\n * \tReturn\n * \t\tThe id.\n"    \
	" * \tAttributes\n * \t\t__bpf_fastcall\n *\n"                      \
	" * long bpf_skb_load_bytes(const struct sk_buff *skb, u32 offset, void *to, u32 len)\n" \
	" * \tDescription\n * \t\tCopy.\n * \tReturn\n * \t\t0.\n"           \
	" */\n"

TEST(hdr_gen_helper_defs_formats)
{
	/* Newer uapi: explicit ids, which need not be dense. */
	ASSERT_EQ(gen_from(FAKE_DOCS "#define ___BPF_FUNC_MAPPER(FN, ctx...)\t\\\n"
				     "\tFN(unspec, 0, ##ctx)\t\t\\\n"
				     "\tFN(map_lookup_elem, 1, ##ctx)\t\\\n"
				     "\tFN(get_smp_processor_id, 8, ##ctx)\t\\\n"
				     "\tFN(skb_load_bytes, 26, ##ctx)\t\\\n"
				     "\t/* */\n"),
		  0);
	ASSERT(strstr(out, "static void *(* const bpf_map_lookup_elem)(void *map, "
			   "const void *key) = (void *) 1;"),
	       "lookup_elem:\n%s", out);
	ASSERT(strstr(out, "static __u32 (* const bpf_get_smp_processor_id)(void) "
			   "__bpf_fastcall = (void *) 8;"),
	       "fastcall:\n%s", out);
	ASSERT(strstr(out, "static long (* const bpf_skb_load_bytes)(const struct __sk_buff *skb, "
			   "__u32 offset, void *to, __u32 len) = (void *) 26;"),
	       "skb_load_bytes:\n%s", out);
	ASSERT(strstr(out, "struct __sk_buff;"), "forward declaration");
	/* helpers newer than the header are still provided */
	ASSERT(strstr(out, "bpf_cgrp_storage_get)"), "extra helper");

	/* 6.1-style: ids by position. */
	ASSERT_EQ(gen_from(FAKE_DOCS "#define __BPF_FUNC_MAPPER(FN)\t\\\n"
				     "\tFN(unspec),\t\\\n\tFN(map_lookup_elem),\t\\\n"
				     "\tFN(skb_load_bytes),\t\\\n\tFN(get_smp_processor_id),\t\\\n"
				     "\t/* */\n"),
		  0);
	ASSERT(strstr(out, "bpf_skb_load_bytes)(const struct __sk_buff *skb, __u32 offset, "
			   "void *to, __u32 len) = (void *) 2;"),
	       "positional id:\n%s", out);
	ASSERT(strstr(out, "bpf_get_smp_processor_id)(void) __bpf_fastcall = (void *) 3;"),
	       "positional id 3:\n%s", out);

	/* No mapper at all: the generator must fail, not emit an empty table. */
	ASSERT_NE(gen_from(FAKE_DOCS), 0);
}

/* ---- include resolution ---- */

TEST(hdr_includes_resolve_locally)
{
	const char *hdrs[] = { "bpf_helpers.h", "bpf_helper_defs.h", "bpf_tracing.h",
			       "bpf_core_read.h", "bpf_endian.h",	"usdt.bpf.h" };
	char clang[] = "/usr/bin/clang", inc[4096], binc[4096], arch[512], src[4096];
	char *argv[] = { clang, "-target", "bpf", "-D__TARGET_ARCH_x86", inc, binc, arch,
			 "-M", src, NULL };
	char root_inc[4096], build_inc[4096];
	struct utsname u;
	const char *p;

	if (access(clang, X_OK))
		test_skip(true, "no %s", clang);
	uname(&u);
	snprintf(root_inc, sizeof(root_inc), "%s", test_src_path("include/bpf/"));
	snprintf(build_inc, sizeof(build_inc), "%s", test_build_path("include/bpf/"));
	snprintf(inc, sizeof(inc), "-I%s", test_src_path("include"));
	snprintf(binc, sizeof(binc), "-I%s", test_build_path("include"));
	snprintf(arch, sizeof(arch), "-I/usr/include/%s-linux-gnu", u.machine);
	snprintf(src, sizeof(src), "%s", test_src_path("tests/progs/hdr_compile.bpf.c"));
	ASSERT_EQ(run_argv(argv), 0);

	ASSERT(!strstr(out, "/usr/include/bpf/"), "system libbpf header used:\n%s", out);
	for (size_t i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		char want1[4200], want2[4200];

		snprintf(want1, sizeof(want1), "%s%s", root_inc, hdrs[i]);
		snprintf(want2, sizeof(want2), "%s%s", build_inc, hdrs[i]);
		CHECK(strstr(out, want1) || strstr(out, want2), "%s not from our tree", hdrs[i]);
	}
	/* every bpf/ header in the list is one of ours */
	for (p = out; (p = strstr(p, "/bpf/")); p++) {
		const char *s = p;

		while (s > out && !isspace((unsigned char)s[-1]))
			s--;
		CHECK(!strncmp(s, root_inc, strlen(root_inc)) ||
			      !strncmp(s, build_inc, strlen(build_inc)),
		      "foreign header %.*s", (int)(p - s + 20), s);
	}
}

/* ---- bpf_endian.h ---- */

KTEST(hdr_endian)
{
	const char *pkt = packet("0102030405060708");

	ASSERT_EQ(run_prog("hdr_endian", "endian_load32", pkt), 0x01020304);
	ASSERT_EQ(run_prog("hdr_endian", "endian_load16", pkt), 0x0506);
	ASSERT_EQ(run_prog("hdr_endian", "endian_checks", NULL), 0xff);
	ASSERT_EQ(run_prog("hdr_endian", "endian_store", NULL), 0);
	ASSERT(strstr(out, "data_out=abcd01020304"), "stored bytes:\n%s", out);
}

/* ---- bpf_core_read.h ---- */

/* Broadcast destination, IPv4 ethertype. */
#define PKT_BCAST "ffffffffffff0000000000000800"
/* Unicast to the loopback device's own (all-zero) address. */
#define PKT_HOST "0000000000000000000000000800"

KTEST(hdr_core_read_chains)
{
	/* skb->len == packet size (64) */
	ASSERT_EQ(run_prog("hdr_core", "core_len", packet(PKT_BCAST)), 64);
	/* skb->dev->ifindex of loopback */
	ASSERT_EQ(run_prog("hdr_core", "core_chain", packet(PKT_BCAST)), 1);
	/* skb->dev->name == "lo": 'l', 'o', 3 bytes copied incl. NUL */
	ASSERT_EQ(run_prog("hdr_core", "core_str", packet(PKT_BCAST)), ('l' << 16) | ('o' << 8) | 3);
	ASSERT_EQ(run_prog("hdr_core", "probe_read_chain", NULL), 1);
}

KTEST(hdr_core_bitfield)
{
	/* pkt_type from the sk_buff bitfield equals the __sk_buff view (+100) */
	ASSERT_EQ(run_prog("hdr_core", "core_bitfield", packet(PKT_HOST)), 100 + 0);
	ASSERT_EQ(run_prog("hdr_core", "core_bitfield", packet(PKT_BCAST)), 100 + 2);
	/* direct bitfield reads and read-modify-write stores on a copy */
	ASSERT_EQ(run_prog("hdr_core", "core_bitfield_rw", packet(PKT_BCAST)), 15);
	ASSERT_EQ(run_prog("hdr_core", "core_bitfield_rw", packet(PKT_HOST)), 15);
}

KTEST(hdr_core_field_queries)
{
	long long len_off, dev_off;

	ASSERT_EQ(ref(NULL, "btf", "sk_buff", "len", NULL), 0);
	len_off = kv("off");
	ASSERT_EQ(ref(NULL, "btf", "sk_buff", "dev", NULL), 0);
	dev_off = kv("off");
	ASSERT_GE(len_off, 0);
	ASSERT_GE(dev_off, 0);

	/* exists: 1 for len, 0 for a field the kernel lacks */
	ASSERT_EQ(run_prog("hdr_core", "core_field_exists", NULL), 10);
	/* size of len (4) and of the dev pointer (8) */
	ASSERT_EQ(run_prog("hdr_core", "core_field_size", NULL), 4008);
	ASSERT_EQ(run_prog("hdr_core", "core_field_offset", NULL), len_off);
	ASSERT_EQ(run_prog("hdr_core", "core_field_offset_dev", NULL), dev_off);
	/* int ifindex is signed, unsigned int len is not */
	ASSERT_EQ(run_prog("hdr_core", "core_field_signed", NULL), 10);
}

KTEST(hdr_core_type_queries)
{
	long long size, id;

	ASSERT_EQ(ref(NULL, "btf", "sk_buff", NULL), 0);
	size = kv("size");
	id = kv("id");
	ASSERT_GT(size, 0);
	ASSERT_GT(id, 0);
	ASSERT_EQ(run_prog("hdr_core", "core_type_exists", NULL), 10);
	ASSERT_EQ(run_prog("hdr_core", "core_type_size", NULL), size);
	ASSERT_EQ(run_prog("hdr_core", "core_type_id", NULL), id);
	ASSERT_EQ(run_prog("hdr_core", "core_type_id_local", NULL), 1);
}

KTEST(hdr_core_enum_queries)
{
	long long want;

	ASSERT_EQ(ref(NULL, "btf-enum", "pid_type", "PIDTYPE_SID", NULL), 0);
	want = kv("enum PIDTYPE_SID");
	ASSERT(strstr(out, "enum PIDTYPE_SID="), "kernel enum value:\n%s", out);
	/* the local definition says 50: the relocation must give the kernel's */
	ASSERT_NE(want, 50);
	ASSERT_EQ(run_prog("hdr_core", "core_enum_value", NULL), want);
	ASSERT_EQ(run_prog("hdr_core", "core_enum_exists", NULL), 10);
}

/* ---- bpf_helpers.h ---- */

/* Look for @needle in the trace buffer. */
static bool trace_has(const char *tracefs, const char *needle)
{
	char path[512], *buf;
	bool found = false;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/trace", tracefs);
	f = fopen(path, "re");
	if (!f)
		return false;
	buf = malloc(1 << 22);
	if (buf) {
		n = fread(buf, 1, (1 << 22) - 1, f);
		buf[n] = '\0';
		found = strstr(buf, needle) != NULL;
		free(buf);
	}
	fclose(f);
	return found;
}

/* Whether the trace ring buffer is recording. */
static bool tracing_on(const char *tracefs)
{
	char path[512], c = '0';
	FILE *f;

	snprintf(path, sizeof(path), "%s/tracing_on", tracefs);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fread(&c, 1, 1, f) != 1)
		c = '0';
	fclose(f);
	return c == '1';
}

KTEST(hdr_printk)
{
	unsigned int tag = (unsigned int)getpid() * 2654435761u;
	char pkt[16], want3[128], want5[128];
	const char *tracefs;

	/* tag as the packet's first word, little-endian as the program reads it */
	snprintf(pkt, sizeof(pkt), "%02x%02x%02x%02x", tag & 0xff, (tag >> 8) & 0xff,
		 (tag >> 16) & 0xff, tag >> 24);
	ASSERT_EQ(run_prog("hdr_helpers", "printk0", NULL), 1);
	ASSERT_EQ(run_prog("hdr_helpers", "printk3", packet(pkt)), 1);
	ASSERT_EQ(run_prog("hdr_helpers", "printk5", packet(pkt)), 1);

	tracefs = test_tracefs();
	if (!tracefs || !tracing_on(tracefs)) {
		test_log("trace output not checked (tracefs unavailable or tracing off)\n");
		return;
	}
	snprintf(want3, sizeof(want3), "bpfkit-hdr printk3 %u 2 3", tag);
	snprintf(want5, sizeof(want5), "bpfkit-hdr printk5 %u 2 3 4 5", tag);
	CHECK(trace_has(tracefs, want3), "'%s' not in trace", want3);
	CHECK(trace_has(tracefs, want5), "'%s' not in trace", want5);
	CHECK(trace_has(tracefs, "bpfkit-hdr printk0"), "printk0 not in trace");
}

KTEST(hdr_snprintf)
{
	/* 24 chars + NUL, and the text matched */
	ASSERT_EQ(run_prog("hdr_helpers", "snprintf_check", NULL), 25 * 256 + 1);
}

KTEST(hdr_tail_call_static)
{
	ASSERT_EQ(run_prog("hdr_helpers", "tail_hit", NULL), 42);
	ASSERT_EQ(run_prog("hdr_helpers", "tail_miss", NULL), 7);
}

KTEST(hdr_btf_maps)
{
	ASSERT_EQ(ref("hdr_helpers", "run", "map_in_map", packet(""), "map", "inner_a", "0", NULL), 0);
	ASSERT_EQ(kv("retval"), 1234);
	ASSERT_EQ(map_u64("inner_a", 0), 1234);
	ASSERT_EQ(run_prog("hdr_helpers", "use_attrs_map", NULL), 0);
}

KTEST(hdr_iterators)
{
	/* bpf_for 0..9 = 45, bpf_repeat(5), bpf_for_each(num, 3..5) = 12 */
	ASSERT_EQ(run_prog("hdr_helpers", "iter_loops", NULL), 45 * 10000 + 5 * 100 + 12);
}

KTEST(hdr_kconfig_ksym)
{
	struct utsname u;
	int a = 0, b = 0, c = 0;

	ASSERT_OK(uname(&u));
	sscanf(u.release, "%d.%d.%d", &a, &b, &c);
	if (c > 255)
		c = 255;
	ASSERT_EQ(run_prog("hdr_helpers", "kconfig_version", NULL), (a << 16) + (b << 8) + c);
	/* bpf_iter_num_new exists, bpfkit_no_such_kfunc does not */
	ASSERT_EQ(run_prog("hdr_helpers", "ksym_exists", NULL), 10);
}

KTEST(hdr_misc_macros)
{
	/* container_of, offsetof, KERNEL_VERSION, subprogs, enums */
	ASSERT_EQ(run_prog("hdr_helpers", "misc_macros", NULL), 63);
}

/* ---- bpf_tracing.h ---- */

KTEST(hdr_bpf_prog_raw_tp)
{
	char magic[32];
	run_magic(magic, sizeof(magic));
	ASSERT_EQ(ref("hdr_tracing", "set", "results", "0", magic, "attach", "on_sys_enter",
		      "attach", "on_sys_enter2", "syscall", TRIGGER_NR, magic, "syscall", TRIGGER_NR,
		      magic, "map", "results", "1", "map", "results", "2", "map", "results", "3",
		      NULL),
		  0);
	/* BPF_PROG: both calls seen, matched on the arg read by *_CORE_SYSCALL */
	ASSERT_EQ(map_u64("results", 1), 2);
	ASSERT_EQ(map_u64("results", 2), 121);
	/* BPF_PROG2 saw the same */
	ASSERT_EQ(map_u64("results", 3), 2);
}

KTEST(hdr_uprobe_args)
{
	int rc = ref("hdr_tracing", "uprobe", "on_target", "ref_uprobe_target", "uprobe",
		     "on_target_ret", "ref_uprobe_target", "ret", "call-target", "3", "4", "5",
		     "map", "results", "4", "map", "results", "5", "map", "results", "6", NULL);

	if (rc && strstr(out, "error: attach"))
		test_skip(true, "uprobes unavailable");
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(kv("target"), 345);
	/* BPF_UPROBE named args a=3, b=4, c=5 and PT_REGS_PARM2 */
	ASSERT_EQ(map_u64("results", 4), 3 * 10000 + 4 * 100 + 5);
	ASSERT_EQ(map_u64("results", 5), 4);
	/* BPF_URETPROBE return value */
	ASSERT_EQ(map_u64("results", 6), 345);
}

KTEST(hdr_tracing_progs_load)
{
	const char *progs[] = { "on_sys_enter", "on_sys_enter2", "on_target", "on_target_ret",
				"kp_args",	"kretp_ret",	 "ksys_getpgid", "kp_regs" };

	ASSERT_EQ(ref("hdr_tracing", "load", NULL), 0);
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		char want[128];

		snprintf(want, sizeof(want), "prog %s ok", progs[i]);
		CHECK(strstr(out, want), "%s did not load", progs[i]);
	}
	/* usdt.bpf.h: BPF_USDT and the argument fetchers pass the verifier */
	ASSERT_EQ(ref("hdr_usdt", "load", NULL), 0);
	ASSERT(strstr(out, "prog on_usdt ok"), "usdt prog:\n%s", out);
}

KTEST(hdr_ksyscall_attach)
{
	char magic[32];
	int rc;

	if (!kenv_has_kprobes())
		test_skip_absent("kprobes unavailable on this kernel (no kprobe PMU)");
	run_magic(magic, sizeof(magic));
	rc = ref("hdr_tracing", "set", "results", "0", magic, "attach", "ksys_getpgid", "syscall",
		 TRIGGER_NR, magic, "map", "results", "7", NULL);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(map_u64("results", 7), 1);
}

/* ---- bpf_tracing.h on every supported architecture (compile only) ---- */

struct arch_case {
	const char *arch;	/* __TARGET_ARCH_<arch> */
	const char *defs;	/* the register structs the arch's macros name */
	int parms;		/* PT_REGS_PARMn available in registers */
	bool fp;		/* PT_REGS_FP available */
};

static const struct arch_case arches[] = {
	{ "x86", "struct pt_regs { unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8,"
		 " rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss; };",
	  6, true },
	{ "s390", "typedef struct { unsigned long mask, addr; } psw_t;"
		  " typedef struct { unsigned long args[1]; psw_t psw;"
		  " unsigned long gprs[16]; } user_pt_regs; struct pt_regs;",
	  5, true },
	{ "arm", "struct pt_regs { long uregs[18]; };", 4, true },
	{ "arm64", "struct user_pt_regs { __u64 regs[31]; __u64 sp, pc, pstate; };"
		   " struct pt_regs;",
	  8, true },
	{ "mips", "struct pt_regs { unsigned long regs[32]; unsigned long lo, hi, cp0_epc; };",
	  8, true },
	{ "powerpc", "struct pt_regs { unsigned long gpr[32]; unsigned long nip, msr,"
		     " orig_gpr3, ctr, link; };",
	  8, false },
	{ "sparc", "struct pt_regs { unsigned long u_regs[16]; unsigned long tstate, tpc,"
		   " tnpc; unsigned int y, magic; unsigned long pc; };",
	  6, false },
	{ "riscv", "struct user_regs_struct { unsigned long pc, ra, sp, gp, tp, t0, t1, t2,"
		   " s0, s1, a0, a1, a2, a3, a4, a5, a6, a7; }; struct pt_regs;",
	  8, true },
	{ "arc", "struct user_regs_struct { long pad; struct { long bta, lp_start, lp_end,"
		 " lp_count, status32, ret, blink, fp, gp, r12, r11, r10, r9, r8, r7, r6,"
		 " r5, r4, r3, r2, r1, r0, sp; } scratch; }; struct pt_regs;",
	  8, true },
	{ "loongarch", "struct user_pt_regs { unsigned long regs[32]; unsigned long orig_a0,"
		       " csr_era, csr_badv, reserved[10]; }; struct pt_regs;",
	  8, true },
};

/* Compile @src for @arch; returns clang's exit status (output in out[]). */
static int compile_for(const char *arch, const char *src)
{
	char path[] = "/tmp/bpfkit-arch-XXXXXX.c", def[64], inc[4096], binc[4096];
	char clang[] = "/usr/bin/clang", arch_inc[256];
	char *argv[] = { clang,	 "-O2", "-g", "-target", "bpf", def,	    inc,   binc, arch_inc,
			 "-Wall", "-Werror", "-c",	  "-o",	 "/dev/null", path, NULL };
	struct utsname u;
	int fd = mkstemps(path, 2), rc;

	ASSERT_OK(fd);
	ASSERT_EQ(write(fd, src, strlen(src)), (long long)strlen(src));
	close(fd);
	uname(&u);
	snprintf(def, sizeof(def), "-D__TARGET_ARCH_%s", arch);
	snprintf(inc, sizeof(inc), "-I%s", test_src_path("include"));
	snprintf(binc, sizeof(binc), "-I%s", test_build_path("include"));
	snprintf(arch_inc, sizeof(arch_inc), "-I/usr/include/%s-linux-gnu", u.machine);
	rc = run_argv(argv);
	unlink(path);
	return rc;
}

static void append(char *buf, size_t cap, const char *fmt, ...)
{
	size_t l = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + l, cap - l, fmt, ap);
	va_end(ap);
}

TEST(hdr_tracing_all_arches)
{
	static char src[16384];

	if (access("/usr/bin/clang", X_OK))
		test_skip(true, "no clang");
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		const struct arch_case *a = &arches[i];

		src[0] = '\0';
		append(src, sizeof(src), "#include <linux/types.h>\n#include <linux/bpf.h>\n%s\n",
		       a->defs);
		append(src, sizeof(src), "#include <bpf/bpf_helpers.h>\n#include <bpf/bpf_tracing.h>\n");
		append(src, sizeof(src), "SEC(\"kprobe\") int f(struct pt_regs *ctx) {\n"
					 " struct pt_regs *r = PT_REGS_SYSCALL_REGS(ctx);\n"
					 " unsigned long ip = 0;\n long s = 0;\n");
		for (int p = 1; p <= a->parms; p++)
			append(src, sizeof(src), " s += PT_REGS_PARM%d(ctx) + PT_REGS_PARM%d_CORE(ctx);\n",
			       p, p);
		for (int p = 1; p <= 6; p++)
			append(src, sizeof(src),
			       " s += PT_REGS_PARM%d_SYSCALL(ctx) + PT_REGS_PARM%d_CORE_SYSCALL(r);\n",
			       p, p);
		append(src, sizeof(src), " s += PT_REGS_RET(ctx) + PT_REGS_RC(ctx) + PT_REGS_SP(ctx) +"
					 " PT_REGS_IP(ctx) + PT_REGS_RET_CORE(ctx) +"
					 " PT_REGS_RC_CORE(ctx) + PT_REGS_SP_CORE(ctx) +"
					 " PT_REGS_IP_CORE(ctx);\n");
		if (a->fp)
			append(src, sizeof(src), " s += PT_REGS_FP(ctx) + PT_REGS_FP_CORE(ctx);\n");
		append(src, sizeof(src), " BPF_KPROBE_READ_RET_IP(ip, ctx);\n");
		append(src, sizeof(src), " BPF_KRETPROBE_READ_RET_IP(ip, ctx);\n");
		append(src, sizeof(src), " return s + ip; }\n");
		append(src, sizeof(src), "SEC(\"kprobe\") int BPF_KPROBE(g, long a");
		for (int p = 2; p <= a->parms; p++)
			append(src, sizeof(src), ", long a%d", p);
		append(src, sizeof(src), ") { return a; }\n");
		append(src, sizeof(src), "SEC(\"ksyscall\") int BPF_KSYSCALL(h, long a, long b,"
					 " long c, long d, long e) { return a + e; }\n");
		append(src, sizeof(src), "char LICENSE[] SEC(\"license\") = \"GPL\";\n");
		if (!CHECK(compile_for(a->arch, src) == 0, "arch %s:\n%s\n%s", a->arch, out, src))
			continue;

		/* one register more than the arch has must not compile */
		if (a->parms < 8) {
			char bad[4096];

			snprintf(bad, sizeof(bad),
				 "#include <linux/types.h>\n#include <linux/bpf.h>\n%s\n"
				 "#include <bpf/bpf_helpers.h>\n#include <bpf/bpf_tracing.h>\n"
				 "SEC(\"kprobe\") int f(struct pt_regs *ctx)"
				 " { return PT_REGS_PARM%d(ctx); }\n",
				 a->defs, a->parms + 1);
			CHECK(compile_for(a->arch, bad) != 0, "arch %s: PARM%d compiled", a->arch,
			      a->parms + 1);
			CHECK(strstr(out, "not available"), "arch %s: no clear error:\n%s", a->arch,
			      out);
		}
	}

	/* without a target the macros must refuse to compile, with a hint */
	ASSERT_NE(compile_for("none_such", "#include <linux/types.h>\n#include <linux/bpf.h>\n"
					   "#include <bpf/bpf_helpers.h>\n"
					   "#include <bpf/bpf_tracing.h>\n"
					   "struct pt_regs;\nint f(struct pt_regs *ctx)"
					   " { return PT_REGS_PARM1(ctx); }\n"),
		  0);
	ASSERT(strstr(out, "__TARGET_ARCH_xxx"), "no hint:\n%s", out);
}

/* ---- usdt.bpf.h ---- */

KTEST(hdr_usdt_args)
{
	int rc = ref("hdr_usdt", "usdt", "on_usdt", "0xc00c1e", "call-usdt", "-5",
		     "-1234567890123", "map", "usdt_out", "0", "map", "usdt_out", "1", "map",
		     "usdt_out", "2", "map", "usdt_out", "3", "map", "usdt_out", "4", "map",
		     "usdt_out", "5", "map", "usdt_out", "6", "map", "usdt_out", "7", NULL);

	if (rc && strstr(out, "error: attach"))
		test_skip(true, "uprobes unavailable");
	ASSERT_EQ(rc, 0);
	/* BPF_USDT named args: register int (signed), register long, constant */
	ASSERT_EQ(map_u64("usdt_out", 0), -5);
	ASSERT_EQ(map_u64("usdt_out", 1), -1234567890123LL);
	ASSERT_EQ(map_u64("usdt_out", 2), 7);
	ASSERT_EQ(map_u64("usdt_out", 3), 3);		/* bpf_usdt_arg_cnt */
	ASSERT_EQ(map_u64("usdt_out", 4), 0xc00c1e);	/* bpf_usdt_cookie */
	ASSERT_EQ(map_u64("usdt_out", 5), 4 * 100 + 8);	/* bpf_usdt_arg_size */
	ASSERT_EQ(map_u64("usdt_out", 6), -ENOENT);	/* arg 3 does not exist */
	ASSERT_EQ(map_u64("usdt_out", 7), 0);		/* ... and *res is zeroed */
}
