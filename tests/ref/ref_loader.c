// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ref-loader: loads BPF objects with the SYSTEM libbpf (Debian's), so the
 * tests of our BPF-side headers can run real programs before bpfkit has
 * its own object loader. Never linked into bpfkit.
 *
 *   ref-loader OBJ|- CMD [ARGS] [CMD [ARGS]]...
 *
 * Commands run in order; the object is opened and loaded on first need:
 *   load                       print "prog NAME ok insns=N" per program
 *   run PROG [HEX] [REPEAT]    BPF_PROG_TEST_RUN: "retval=N" "data_out=HEX"
 *   attach PROG                auto-attach by section: "attached PROG"
 *   uprobe PROG FUNC [ret]     attach to FUNC of this binary
 *   call-target A B C          call the uprobe target: "target=N"
 *   usdt PROG COOKIE           attach to this binary's bpfkit:probe3 USDT
 *   call-usdt A B              fire bpfkit:probe3 with (A, B, 7)
 *   syscall NR ARG             syscall(NR, ARG)
 *   map NAME KEY               "map NAME[KEY]=HEX" (u32 key)
 *   set NAME KEY VALUE         store a u64 VALUE at u32 KEY
 *   btf TYPE [MEMBER]          vmlinux BTF: "btf TYPE id=N size=N [off=N bits=N]"
 *   btf-enum ENUM NAME         vmlinux BTF: "enum NAME=V" / "enum NAME missing"
 *   xlated PROG                "xlated PROG=HEX": the kernel's xlated insns
 *                              with every ld_imm64 immediate zeroed (ids and
 *                              addresses differ between loads)
 *   xlated-insns PROG          the kernel's view of the loaded program, as is:
 *                              "xlated-insns N" then "insn I CODE DST SRC OFF IMM"
 *   xmap PROG                  xlated insns, one a line, map ids as names,
 *                              per-load kernel pointers masked
 *                              (tests/xlated_map.h)
 *   insns PROG                 libbpf's final instructions (after its relocations, as
 *                              handed to the kernel): "insns N" then "insn ..." lines
 * Exit status 0 if every command worked, 1 otherwise.
 * REF_LOADER_BTF=PATH makes libbpf relocate CO-RE against that BTF file
 * instead of the running kernel's (btf_custom_path).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../xlated_map.h"

#define MAX_LINKS 16

static const char *obj_path;
static struct bpf_object *obj;
static struct bpf_link *links[MAX_LINKS];
static int link_cnt;
static struct btf *vmlinux;

/* Traced by uprobe tests; kept out of line so it has its own symbol. */
__attribute__((noinline, used)) long ref_uprobe_target(int a, long b, int c)
{
	asm volatile("" ::: "memory");
	return a * 100 + b * 10 + c;
}

/*
 * A USDT probe site "bpfkit:probe3" with three arguments (int a, long b,
 * the constant 7), described in a .note.stapsdt ELF note the way USDT
 * tooling expects: probe address, base address, semaphore (none),
 * provider, name, and argument specs "SIZE@LOCATION" (negative size =
 * signed). The nop is the traced instruction.
 */
__attribute__((noinline, used)) void ref_usdt_site(int a, long b)
{
	asm volatile("990:\tnop\n"
		     "\t.pushsection .note.stapsdt,\"?\",\"note\"\n"
		     "\t.balign 4\n"
		     "\t.4byte 992f-991f, 994f-993f, 3\n"
		     "991:\t.asciz \"stapsdt\"\n"
		     "992:\t.balign 4\n"
		     "993:\t.8byte 990b\n"
		     "\t.8byte _.stapsdt.base\n"
		     "\t.8byte 0\n"
		     "\t.asciz \"bpfkit\"\n"
		     "\t.asciz \"probe3\"\n"
		     "\t.asciz \"-4@%0 -8@%1 -4@$7\"\n"
		     "994:\t.balign 4\n"
		     "\t.popsection\n"
		     "\t.ifndef _.stapsdt.base\n"
		     "\t.pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n"
		     "\t.weak _.stapsdt.base\n"
		     "\t.hidden _.stapsdt.base\n"
		     "_.stapsdt.base:\t.space 1\n"
		     "\t.size _.stapsdt.base, 1\n"
		     "\t.popsection\n"
		     "\t.endif\n"
		     :
		     : "r"(a), "r"(b));
}

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("REF_LOADER_DEBUG"))
		return 0;
	return vfprintf(stdout, fmt, ap);
}

static int ensure_loaded(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = getenv("REF_LOADER_BTF"));
	int err;

	if (obj)
		return 0;
	if (!strcmp(obj_path, "-")) {
		printf("error: no object given\n");
		return -EINVAL;
	}
	obj = bpf_object__open_file(obj_path, &oo);
	if (!obj) {
		err = -errno;
		printf("error: open %s: %s\n", obj_path, strerror(-err));
		return err;
	}
	err = bpf_object__load(obj);
	if (err) {
		printf("error: load %s: %s\n", obj_path, strerror(-err));
		return err;
	}
	return 0;
}

static struct bpf_program *find_prog(const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	if (!p)
		printf("error: no program %s\n", name);
	return p;
}

static int hex_decode(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = strlen(hex) / 2;

	if (strlen(hex) % 2 || n > cap)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned int v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = v;
	}
	return (int)n;
}

static void hex_print(const char *label, const unsigned char *p, size_t n)
{
	printf("%s=", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static int cmd_load(void)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj) {
		if (!bpf_program__autoload(p))
			continue;
		printf("prog %s ok insns=%zu\n", bpf_program__name(p), bpf_program__insn_cnt(p));
	}
	return 0;
}

/* The kernel's xlated instructions of a loaded program (caller frees), or
 * NULL with a line saying why. */
static struct bpf_insn *get_xlated(const char *name, __u32 *cnt)
{
	struct bpf_program *p = find_prog(name);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), n;
	struct bpf_insn *insns;

	if (!p)
		return NULL;
	if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len)) {
		printf("error: prog info %s: %s\n", name, strerror(errno));
		return NULL;
	}
	n = info.xlated_prog_len / sizeof(*insns);
	insns = calloc(n ? n : 1, sizeof(*insns));
	if (!insns)
		return NULL;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = n * sizeof(*insns);
	info.xlated_prog_insns = (__u64)(unsigned long)insns;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len)) {
		printf("error: prog insns %s: %s\n", name, strerror(errno));
		free(insns);
		return NULL;
	}
	*cnt = n;
	return insns;
}

static int cmd_xlated(const char *name)
{
	struct bpf_insn *insns;
	char label[128];
	__u32 n;

	insns = get_xlated(name, &n);
	if (!insns)
		return -1;
	for (__u32 i = 0; i + 1 < n; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		insns[i].imm = 0;
		insns[++i].imm = 0;
	}
	snprintf(label, sizeof(label), "xlated %s", name);
	hex_print(label, (const unsigned char *)insns, n * sizeof(*insns));
	free(insns);
	return 0;
}

static int cmd_run(const char *name, const char *hex, const char *repeat)
{
	unsigned char in[1024] = { 0 }, out[2048];
	struct bpf_program *p = find_prog(name);
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int n = 64, err;

	if (!p)
		return -ENOENT;
	if (hex && strcmp(hex, "-")) {
		n = hex_decode(hex, in, sizeof(in));
		if (n < 0) {
			printf("error: bad hex data\n");
			return -EINVAL;
		}
	}
	opts.data_in = in;
	opts.data_size_in = n;
	opts.data_out = out;
	opts.data_size_out = sizeof(out);
	opts.repeat = repeat ? atoi(repeat) : 1;
	err = bpf_prog_test_run_opts(bpf_program__fd(p), &opts);
	if (err) {
		printf("error: test_run %s: %s\n", name, strerror(errno));
		return -errno;
	}
	printf("retval=%u\n", opts.retval);
	hex_print("data_out", out, opts.data_size_out < sizeof(out) ? opts.data_size_out
								    : sizeof(out));
	return 0;
}

static int add_link(struct bpf_link *l, const char *name)
{
	if (!l) {
		int err = -errno;

		printf("error: attach %s: %s\n", name, strerror(-err));
		return err;
	}
	if (link_cnt == MAX_LINKS) {
		bpf_link__destroy(l);
		return -E2BIG;
	}
	links[link_cnt++] = l;
	printf("attached %s\n", name);
	return 0;
}

static int cmd_attach(const char *name)
{
	struct bpf_program *p = find_prog(name);

	if (!p)
		return -ENOENT;
	return add_link(bpf_program__attach(p), name);
}

static int cmd_uprobe(const char *name, const char *func, int retprobe)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = func, .retprobe = retprobe);
	struct bpf_program *p = find_prog(name);

	if (!p)
		return -ENOENT;
	return add_link(bpf_program__attach_uprobe_opts(p, 0, "/proc/self/exe", 0, &opts), name);
}

static int cmd_usdt(const char *name, const char *cookie)
{
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = strtoull(cookie, NULL, 0));
	struct bpf_program *p = find_prog(name);

	if (!p)
		return -ENOENT;
	return add_link(bpf_program__attach_usdt(p, 0, "/proc/self/exe", "bpfkit", "probe3",
						 &opts),
			name);
}

static int cmd_map(const char *name, const char *key_s)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);
	unsigned char val[4096];
	__u32 key = strtoul(key_s, NULL, 0);
	size_t vsz;

	if (!m) {
		printf("error: no map %s\n", name);
		return -ENOENT;
	}
	vsz = bpf_map__value_size(m);
	if (vsz > sizeof(val) || bpf_map_lookup_elem(bpf_map__fd(m), &key, val)) {
		printf("error: lookup %s[%u]: %s\n", name, key, strerror(errno));
		return -errno;
	}
	printf("map %s[%u]", name, key);
	hex_print("", val, vsz);
	return 0;
}

static int cmd_set(const char *name, const char *key_s, const char *val_s)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);
	__u32 key = strtoul(key_s, NULL, 0);
	__u64 val = strtoull(val_s, NULL, 0);

	if (!m || bpf_map__value_size(m) != sizeof(val)) {
		printf("error: no map %s with u64 values\n", name);
		return -ENOENT;
	}
	if (bpf_map_update_elem(bpf_map__fd(m), &key, &val, 0)) {
		printf("error: update %s[%u]: %s\n", name, key, strerror(errno));
		return -errno;
	}
	return 0;
}

static int ensure_btf(void)
{
	if (vmlinux)
		return 0;
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		printf("error: no vmlinux BTF: %s\n", strerror(errno));
		return -errno;
	}
	return 0;
}

/* Print offset/bitfield size of @name in @t, looking into anonymous members. */
static int find_member(const struct btf_type *t, const char *name, unsigned int base_bits)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(vmlinux, m->name_off);
		unsigned int bits = base_bits + btf_member_bit_offset(t, i);
		const struct btf_type *mt;

		if (mn && !strcmp(mn, name)) {
			printf(" off=%u bits=%u", bits / 8, btf_member_bitfield_size(t, i));
			return 1;
		}
		if (mn && *mn)
			continue;
		mt = btf__type_by_id(vmlinux, btf__resolve_type(vmlinux, m->type));
		if (mt && (btf_is_struct(mt) || btf_is_union(mt)) && find_member(mt, name, bits))
			return 1;
	}
	return 0;
}

static int cmd_btf(const char *type, const char *member)
{
	const struct btf_type *t;
	int id;

	if (ensure_btf())
		return -ENOENT;
	id = btf__find_by_name_kind(vmlinux, type, BTF_KIND_STRUCT);
	if (id < 0)
		id = btf__find_by_name_kind(vmlinux, type, BTF_KIND_UNION);
	if (id < 0) {
		printf("btf %s missing\n", type);
		return 0;
	}
	t = btf__type_by_id(vmlinux, id);
	printf("btf %s id=%d size=%u", type, id, t->size);
	if (member)
		find_member(t, member, 0);
	printf("\n");
	return 0;
}

static int cmd_btf_enum(const char *type, const char *name)
{
	const struct btf_type *t;
	int id;

	if (ensure_btf())
		return -ENOENT;
	id = btf__find_by_name_kind(vmlinux, type, BTF_KIND_ENUM);
	if (id < 0) {
		printf("enum %s missing\n", name);
		return 0;
	}
	t = btf__type_by_id(vmlinux, id);
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_enum *e = btf_enum(t) + i;

		if (!strcmp(btf__name_by_offset(vmlinux, e->name_off), name)) {
			printf("enum %s=%d\n", name, e->val);
			return 0;
		}
	}
	printf("enum %s missing\n", name);
	return 0;
}

static void print_insns(const char *what, const struct bpf_insn *insns, size_t n)
{
	printf("%s %zu\n", what, n);
	for (size_t i = 0; i < n; i++)
		printf("insn %zu %u %u %u %d %d\n", i, insns[i].code, insns[i].dst_reg,
		       insns[i].src_reg, insns[i].off, insns[i].imm);
}

static int cmd_xlated_insns(const char *name)
{
	struct bpf_insn *insns;
	__u32 n;

	insns = get_xlated(name, &n);
	if (!insns)
		return -1;
	print_insns("xlated-insns", insns, n);
	free(insns);
	return 0;
}

static int cmd_insns(const char *name)
{
	struct bpf_program *p = find_prog(name);

	if (!p)
		return -ENOENT;
	print_insns("insns", bpf_program__insns(p), bpf_program__insn_cnt(p));
	return 0;
}

/* xlated instructions with map ids as names (tests/xlated_map.h). */
static int cmd_xmap(const char *name)
{
	struct bpf_program *p = find_prog(name);

	if (!p)
		return -ENOENT;
	return xm_print(stdout, name, bpf_program__fd(p));
}

/* Number of arguments each command takes (min, max). */
static const struct {
	const char *name;
	int min, max;
	int needs_obj;
} cmds[] = {
	{ "load", 0, 0, 1 },	 { "run", 1, 3, 1 },	  { "attach", 1, 1, 1 },
	{ "uprobe", 2, 3, 1 },	 { "call-target", 3, 3, 0 }, { "syscall", 2, 2, 0 },
	{ "map", 2, 2, 1 },	 { "btf", 1, 2, 0 },	  { "btf-enum", 2, 2, 0 },
	{ "usdt", 2, 2, 1 },	 { "call-usdt", 2, 2, 0 }, { "set", 3, 3, 1 },
	{ "xlated", 1, 1, 1 },	 { "xlated-insns", 1, 1, 1 }, { "insns", 1, 1, 1 },
	{ "xmap", 1, 1, 1 },
};

static int next_cmd(int argc, char **argv, int i)
{
	for (int j = i + 1; j < argc; j++)
		for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
			if (!strcmp(argv[j], cmds[k].name))
				return j;
	return argc;
}

static int dispatch(const char *c, int n, char **a)
{
	if (!strcmp(c, "load"))
		return cmd_load();
	if (!strcmp(c, "run"))
		return cmd_run(a[0], n > 1 ? a[1] : NULL, n > 2 ? a[2] : NULL);
	if (!strcmp(c, "attach"))
		return cmd_attach(a[0]);
	if (!strcmp(c, "uprobe"))
		return cmd_uprobe(a[0], a[1], n > 2 && !strcmp(a[2], "ret"));
	if (!strcmp(c, "call-target")) {
		printf("target=%ld\n", ref_uprobe_target(atoi(a[0]), atol(a[1]), atoi(a[2])));
		return 0;
	}
	if (!strcmp(c, "usdt"))
		return cmd_usdt(a[0], a[1]);
	if (!strcmp(c, "call-usdt")) {
		ref_usdt_site(atoi(a[0]), atol(a[1]));
		return 0;
	}
	if (!strcmp(c, "syscall")) {
		syscall(strtol(a[0], NULL, 0), strtol(a[1], NULL, 0));
		return 0;
	}
	if (!strcmp(c, "map"))
		return cmd_map(a[0], a[1]);
	if (!strcmp(c, "set"))
		return cmd_set(a[0], a[1], a[2]);
	if (!strcmp(c, "btf"))
		return cmd_btf(a[0], n > 1 ? a[1] : NULL);
	if (!strcmp(c, "xlated"))
		return cmd_xlated(a[0]);
	if (!strcmp(c, "xlated-insns"))
		return cmd_xlated_insns(a[0]);
	if (!strcmp(c, "xmap"))
		return cmd_xmap(a[0]);
	if (!strcmp(c, "insns"))
		return cmd_insns(a[0]);
	return cmd_btf_enum(a[0], a[1]);
}

int main(int argc, char **argv)
{
	int status = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3) {
		fprintf(stderr, "usage: %s OBJ|- CMD [ARGS]...\n", argv[0]);
		return 2;
	}
	libbpf_set_print(print_fn);
	obj_path = argv[1];
	for (int i = 2; i < argc;) {
		int end = next_cmd(argc, argv, i), n = end - i - 1, k;

		for (k = 0; k < (int)(sizeof(cmds) / sizeof(cmds[0])); k++)
			if (!strcmp(argv[i], cmds[k].name))
				break;
		if (k == (int)(sizeof(cmds) / sizeof(cmds[0])) || n < cmds[k].min ||
		    n > cmds[k].max) {
			printf("error: bad command '%s'\n", argv[i]);
			status = 1;
			break;
		}
		if (cmds[k].needs_obj && ensure_loaded()) {
			status = 1;
			break;
		}
		if (dispatch(argv[i], n, argv + i + 1))
			status = 1;
		i = end;
	}
	for (int i = 0; i < link_cnt; i++)
		bpf_link__destroy(links[i]);
	bpf_object__close(obj);
	btf__free(vmlinux);
	return status;
}
