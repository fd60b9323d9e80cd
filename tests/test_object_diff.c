// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Differential proof of the object loader: every object in tests/progs is
 * loaded once by Debian's libbpf (tests/ref-loader, a subprocess) and once
 * by bpfkit, and the kernel's translated instructions of each program are
 * compared with map references mapped by map name (tests/xlated_map.h).
 * Objects libbpf cannot load are listed below with the reason; the test
 * checks libbpf really fails on each, so the list cannot go stale.
 */
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "test.h"
#include "xlated_map.h"

static const struct {
	const char *name;
	const char *why;
} excluded[] = {
	{ "arena", "libbpf 1.1.2 predates arenas: it does not mmap() the arena before load" },
	{ "arena_nomap", "deliberately broken: .addr_space.1 without an arena map" },
	{ "btf_dump_kinds", "btf_dump fixture: the kernel rejects its BTF kinds" },
	{ "btf_sample", "BTF fixture: CO-RE relocation to a local-only struct fails" },
	{ "core_custom", "CO-RE only against a custom BTF (obj_core_btf_custom_path)" },
	{ "hdr_compile", "compile-only: libbpf 1.1.2 rejects enum map_extra" },
	{ "linked_a", "linker input: externs defined in linked_b (test_linker.c)" },
	{ "linked_c", "linker input: extern map defined elsewhere (test_linker.c)" },
	{ "lskel_bad", "deliberately broken: rejected by the verifier (light skeleton loader failure)" },
	{ "obj_bad_attr", "deliberately broken: unknown map attribute" },
	{ "obj_bad_kfunc_proto", "deliberately broken: kfunc prototype differs from the kernel's" },
	{ "obj_bad_ksym_type", "deliberately broken: typed ksym of another type than the kernel's" },
	{ "obj_bad_kconfig", "deliberately broken: struct-typed Kconfig extern" },
	{ "obj_bad_ksym", "deliberately broken: strong __ksym the kernel lacks" },
	{ "obj_extern", "deliberately broken: extern function missing from the kernel" },
	{ "obj_ksym_proto", "libbpf 1.1.2 refuses a weak kfunc of another prototype and kfunc flavors (newer libbpf treats the first as missing, as bpfkit does)" },
	{ "obj_legacy", "legacy 'maps' section: refused by libbpf 1.x" },
	{ "obj_unknown_sec", "deliberately broken: unknown SEC() name" },
	{ "obj_verifier_err", "deliberately broken: rejected by the verifier" },
	{ "struct_ops_bad", "deliberately broken: struct_ops the kernel cannot take" },
	{ "struct_ops_bad_ptr", "deliberately broken: program in a data pointer member" },
	{ "struct_ops_dummy", "libbpf 1.1.2 predates SEC(\"struct_ops.s\")" },
	{ "subskel_app", "half of a linked object: extern lib_base is defined by skel_lib" },
	{ "struct_ops_link", "libbpf 1.1.2 predates .struct_ops.link and loads unused struct_ops programs" },
	{ "probe_multi", "uprobe.multi sections: newer than libbpf 1.1.2" },
};

/* Known differences (open bugs or libbpf 1.1.2 limits), each asserted to
 * still differ: prog NULL means bpfkit fails to load the object. */
static const struct {
	const char *obj, *prog, *why;
} known[] = {
	{ "hdr_tracing", "ksys_getpgid",
	  "libbpf 1.1.2 probes LINUX_HAS_SYSCALL_WRAPPER with a kprobe (not in this kernel): "
	  "it reads 0, bpfkit 1" },
};

static int known_idx(const char *obj, const char *prog)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].obj, obj) &&
		    (prog ? known[i].prog && !strcmp(known[i].prog, prog) : !known[i].prog))
			return i;
	return -1;
}

#define NR_EXCLUDED (sizeof(excluded) / sizeof(excluded[0]))

static int excluded_idx(const char *name)
{
	for (size_t i = 0; i < NR_EXCLUDED; i++)
		if (!strcmp(excluded[i].name, name))
			return i;
	return -1;
}

/* Run cmd, its stdout into a malloc()ed string; *status is its exit. */
static char *run_capture(const char *cmd, int *status)
{
	size_t n = 0, cap = 1 << 16, k;
	char *out = malloc(cap);
	FILE *f = popen(cmd, "r");

	if (!out || !f) {
		free(out);
		if (f)
			pclose(f);
		return NULL;
	}
	while ((k = fread(out + n, 1, cap - 1 - n, f)) > 0) {
		n += k;
		if (n == cap - 1) {
			char *bigger = realloc(out, cap * 2);

			if (!bigger)
				break;
			out = bigger;
			cap *= 2;
		}
	}
	out[n] = '\0';
	*status = pclose(f);
	return out;
}

/* The "xmap NAME N" block of prog name inside ref-loader output. */
static const char *find_block(const char *out, const char *name)
{
	char hdr[256];
	const char *p = out;
	size_t len = snprintf(hdr, sizeof(hdr), "xmap %s ", name);

	while ((p = strstr(p, hdr))) {
		if (p == out || p[-1] == '\n')
			return p;
		p += len;
	}
	return NULL;
}

/* Compare two xmap blocks line by line; on a difference, fail naming the
 * program and the first differing instruction. */
static int compare_blocks(const char *obj, const char *prog, const char *ref, const char *mine)
{
	int line = 0, k = known_idx(obj, prog);

	for (;;) {
		const char *re = strchr(ref, '\n'), *me = strchr(mine, '\n');
		size_t rl = re ? (size_t)(re - ref) : strlen(ref);
		size_t ml = me ? (size_t)(me - mine) : strlen(mine);

		if (!*mine)
			break;
		if (rl != ml || memcmp(ref, mine, ml)) {
			if (k >= 0) {
				test_log("%s/%s: known difference: %s\n", obj, prog, known[k].why);
				return 1;
			}
			CHECK(0, "%s/%s: %s at line %d\n  libbpf: %.*s\n  bpfkit: %.*s", obj, prog,
			      line ? "first differing instruction" : "instruction count differs",
			      line - 1, (int)rl, ref, (int)ml, mine);
			return -1;
		}
		if (!me)
			break;
		ref += rl + 1;
		mine += ml + 1;
		line++;
	}
	CHECK(k < 0, "%s/%s is listed as a known difference (%s) but matches libbpf now", obj,
	      prog, known[k].why);
	return 0;
}

/* Both loaders on object name; returns the number of programs compared. */
static int diff_object(const char *loader, const char *name)
{
	char path[512], *cmd, *out, *mine = NULL;
	struct bpf_object *obj;
	struct bpf_program *p;
	size_t len = 0, cap = 8192, mine_sz = 0;
	int status = -1, compared = 0;

	snprintf(path, sizeof(path), "%s", test_obj_path(name));
	obj = bpf_object__open(path);
	CHECK(obj, "%s: bpfkit open failed: %d", name, -errno);
	if (!obj)
		return 0;
	cmd = malloc(cap);
	ASSERT_PTR(cmd);
	len = snprintf(cmd, cap, "%s %s load", loader, path);
	bpf_object__for_each_program(p, obj)
		if (bpf_program__autoload(p) && len + 300 < cap)
			len += snprintf(cmd + len, cap - len, " xmap %s", bpf_program__name(p));
	out = run_capture(cmd, &status);
	free(cmd);
	ASSERT_PTR(out);
	CHECK(status == 0, "%s: libbpf failed (status %d):\n%s", name, status, out);
	if (known_idx(name, NULL) >= 0) {
		libbpf_print_fn_t old = libbpf_set_print(NULL);

		CHECK(bpf_object__load(obj) < 0, "%s: listed as failing in bpfkit (%s) but loads",
		      name, known[known_idx(name, NULL)].why);
		libbpf_set_print(old);
		test_log("%s: known difference: %s\n", name, known[known_idx(name, NULL)].why);
	} else {
		CHECK(bpf_object__load(obj) == 0, "%s: bpfkit load failed: %d", name, -errno);
	}
	bpf_object__for_each_program(p, obj) {
		const char *ref;
		FILE *m;

		if (!bpf_program__autoload(p) || bpf_program__fd(p) < 0)
			continue;
		ref = find_block(out, bpf_program__name(p));
		CHECK(ref, "%s/%s: no libbpf output", name, bpf_program__name(p));
		m = open_memstream(&mine, &mine_sz);
		ASSERT_PTR(m);
		CHECK_EQ(xm_print(m, bpf_program__name(p), bpf_program__fd(p)), 0);
		fclose(m);
		if (ref && !compare_blocks(name, bpf_program__name(p), ref, mine))
			compared++;
		free(mine);
		mine = NULL;
	}
	free(out);
	bpf_object__close(obj);
	return compared;
}

/* An excluded object: libbpf must really fail on it. */
static void check_excluded(const char *loader, int idx)
{
	char cmd[1024], *out;
	int status = 0;

	snprintf(cmd, sizeof(cmd), "%s %s load 2>&1", loader, test_obj_path(excluded[idx].name));
	out = run_capture(cmd, &status);
	ASSERT_PTR(out);
	CHECK(status != 0, "%s is excluded (%s) but libbpf loads it:\n%s", excluded[idx].name,
	      excluded[idx].why, out);
	free(out);
}

KTEST(obj_diff_every_object_vs_libbpf)
{
	char loader[512], dir_path[512];
	bool seen[NR_EXCLUDED] = {};
	int objects = 0, progs = 0;
	struct dirent *de;
	DIR *dir;

	snprintf(loader, sizeof(loader), "%s", test_build_path("tests/ref-loader"));
	if (access(loader, X_OK))
		test_skip(true, "reference loader not built (%s)", loader);
	snprintf(dir_path, sizeof(dir_path), "%s", test_build_path("tests/progs"));
	dir = opendir(dir_path);
	ASSERT_PTR(dir);
	while ((de = readdir(dir))) {
		size_t n = strlen(de->d_name);
		char name[256];
		int idx;

		if (n <= 6 || n >= sizeof(name) || strcmp(de->d_name + n - 6, ".bpf.o"))
			continue;
		memcpy(name, de->d_name, n - 6);
		name[n - 6] = '\0';
		idx = excluded_idx(name);
		if (idx >= 0) {
			seen[idx] = true;
			check_excluded(loader, idx);
			continue;
		}
		progs += diff_object(loader, name);
		objects++;
	}
	closedir(dir);
	for (size_t i = 0; i < NR_EXCLUDED; i++)
		CHECK(seen[i], "excluded object %s does not exist any more", excluded[i].name);
	test_log("%d objects, %d programs identical to libbpf\n", objects, progs);
	CHECK_GT(objects, 10);
	CHECK_GT(progs, 40);
}
