// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Skeletons: the apps in tests/skel/ (built against headers our CLI and
 * Debian's bpftool generated at build time), a text comparison of the two
 * generators' headers, the `bpfkit gen` command line, and the skeleton API
 * driven by hand-built tables (old entry sizes, error paths).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "test.h"

/* Exit status of running prog with one argument (-1: did not run). */
static int run_app(const char *prog, const char *arg)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (!pid) {
		execl(prog, prog, arg, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void app_test(const char *app, const char *obj, bool bpftool)
{
	char path[512];
	int rc;

	snprintf(path, sizeof(path), "%s", test_build_path(app));
	rc = run_app(path, test_obj_path(obj));
	if (bpftool && rc == 77)
		test_skip(true, "bpftool was not installed when the test headers were built");
	ASSERT_EQ(rc, 0);
}

KTEST(skel_app_basic)
{
	app_test("tests/skel/basic", "skel_basic", false);
}

KTEST(skel_app_basic_bpftool)
{
	app_test("tests/skel/basic_bpftool", "skel_basic", true);
}

KTEST(skel_app_subskel)
{
	app_test("tests/skel/lib", "skel_lib", false);
}

KTEST(skel_app_subskel_bpftool)
{
	app_test("tests/skel/lib_bpftool", "skel_lib", true);
}

KTEST(skel_app_struct_ops)
{
	app_test("tests/skel/ops", "skel_ops", false);
}

KTEST(skel_app_struct_ops_bpftool)
{
	app_test("tests/skel/ops_bpftool", "skel_ops", true);
}

/* The library's subskeleton bound to an object linked from an app and
 * the library, where its globals moved: linked once by bpftool's linker
 * and once by ours. */
KTEST(skel_app_subskel_linked)
{
	const char *apps[] = { "tests/skel/lib", "tests/skel/lib_bpftool" };
	char bpfkit_gen[512], out[256], cmd[1024], app[512];
	const char *linkers[2];

	if (system("command -v bpftool >/dev/null 2>&1"))
		test_skip(true, "bpftool not installed");
	snprintf(bpfkit_gen, sizeof(bpfkit_gen), "'%s' gen object", test_build_path("bpfkit"));
	linkers[0] = "bpftool gen object";
	linkers[1] = bpfkit_gen;
	snprintf(out, sizeof(out), "/tmp/bpfkit_skel_linked_%d.o", (int)getpid());
	for (size_t l = 0; l < 2; l++) {
		snprintf(cmd, sizeof(cmd), "%s %s %s %s", linkers[l], out,
			 test_obj_path("subskel_app"), test_obj_path("skel_lib"));
		ASSERT(!system(cmd), "%s", cmd);
		for (size_t i = 0; i < sizeof(apps) / sizeof(apps[0]); i++) {
			int rc;

			snprintf(app, sizeof(app), "%s", test_build_path(apps[i]));
			rc = run_app(app, out);
			CHECK(rc == 0 || (i == 1 && rc == 77), "%s on the object linked by %s: %d",
			      apps[i], linkers[l], rc);
		}
		unlink(out);
	}
}

/* ---- generated text ----------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Copy of the text from the first `start` to the next `end`, or NULL. */
static char *section(const char *text, const char *start, const char *end)
{
	const char *a = strstr(text, start), *b;

	if (!a)
		return NULL;
	b = strstr(a, end);
	return b ? strndup(a, b - a) : NULL;
}

/* All lines containing needle, concatenated. */
static char *lines_with(const char *text, const char *needle)
{
	size_t cap = strlen(text) + 1, len = 0;
	char *out = calloc(1, cap);
	const char *p = text;

	while (out && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (memmem(p, n, needle, strlen(needle))) {
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
	}
	return out;
}

static void compare_part(const char *ours, const char *ref, const char *start, const char *end)
{
	char *a = section(ours, start, end), *b = section(ref, start, end);

	CHECK(a && b, "'%s' section missing (ours %p, bpftool %p)", start, a, b);
	if (a && b && strcmp(a, b))
		test_fail(__FILE__, __LINE__, "'%s' differs:\n--- ours\n%s\n--- bpftool\n%s", start,
			  a, b);
	free(a);
	free(b);
}

static void compare_lines(const char *ours, const char *ref, const char *needle)
{
	char *a = lines_with(ours, needle), *b = lines_with(ref, needle);

	ASSERT(a && b, "out of memory");
	if (strcmp(a, b))
		test_fail(__FILE__, __LINE__, "lines with '%s' differ:\n--- ours\n%s--- bpftool\n%s",
			  needle, a, b);
	free(a);
	free(b);
}

static void load_pair(const char *name, char **ours, char **ref)
{
	char p[512];

	snprintf(p, sizeof(p), "tests/skel/%s.h", name);
	*ours = slurp(test_build_path(p));
	ASSERT(*ours, "%s not generated", p);
	snprintf(p, sizeof(p), "tests/skel/%s", name);
	/* skel_basic.skel -> skel_basic.bpftool.skel */
	*strchr(p + strlen("tests/skel/"), '.') = '\0';
	strcat(p, strstr(name, ".subskel") ? ".bpftool.subskel.h" : ".bpftool.skel.h");
	*ref = slurp(test_build_path(p));
	ASSERT(*ref, "%s not generated", p);
	if (strstr(*ref, "SKEL_NO_BPFTOOL")) {
		free(*ours);
		free(*ref);
		test_skip(true, "bpftool was not installed when the test headers were built");
	}
}

/* Same skeleton struct (maps, progs, links, data structs with their
 * padding), same functions, same table entries and layout asserts as
 * bpftool for the same object. */
TEST(skel_gen_matches_bpftool)
{
	static const char *const funcs[] = {
		"skel_basic_bpf__destroy(", "skel_basic_bpf__open_opts(", "skel_basic_bpf__open(",
		"skel_basic_bpf__load(", "skel_basic_bpf__open_and_load(",
		"skel_basic_bpf__attach(", "skel_basic_bpf__detach(",
		"skel_basic_bpf__elf_bytes(", "skel_basic_bpf__create_skeleton(",
		"skel_basic_bpf__assert(", "bpf_object__open_skeleton(obj->skeleton, opts)",
	};
	char *ours, *ref;

	load_pair("skel_basic.skel", &ours, &ref);
	compare_part(ours, ref, "struct skel_basic_bpf {", "};\n\n");
	compare_lines(ours, ref, "_Static_assert(sizeof");
	compare_lines(ours, ref, ".prog = ");
	compare_lines(ours, ref, ".link = ");
	compare_lines(ours, ref, ".mmaped = ");
	compare_lines(ours, ref, ".map = ");
	compare_lines(ours, ref, "::");
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		CHECK(strstr(ours, funcs[i]) && strstr(ref, funcs[i]), "%s", funcs[i]);
	free(ours);
	free(ref);

	load_pair("skel_lib.subskel", &ours, &ref);
	compare_part(ours, ref, "struct skel_lib_bpf {", "};\n\n");
	compare_lines(ours, ref, ".map = ");
	compare_lines(ours, ref, ".prog = ");
	compare_lines(ours, ref, "].name = ");
	compare_lines(ours, ref, "::");
	CHECK(strstr(ours, "skel_lib_bpf__open(const struct bpf_object *src)"), "open");
	free(ours);
	free(ref);
}

/* stdout of cmd into a malloc()ed string; NULL when it fails. */
static char *run_capture(const char *cmd)
{
	size_t cap = 1 << 16, len = 0, n;
	char *buf = malloc(cap);
	FILE *f = popen(cmd, "r");

	if (!f || !buf) {
		if (f)
			pclose(f);
		free(buf);
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *p = realloc(buf, cap *= 2);

			if (!p)
				break;
			buf = p;
		}
	}
	buf[len] = '\0';
	if (pclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Every test object bpftool accepts gets the same skeleton struct and
 * layout asserts from both generators. */
TEST(skel_gen_all_progs_match_bpftool)
{
	char cmd[1024], name[128], start[160];
	int compared = 0;
	FILE *ls;

	if (system("command -v bpftool >/dev/null 2>&1"))
		test_skip(true, "bpftool not installed");
	snprintf(cmd, sizeof(cmd), "ls %s", test_build_path("tests/progs"));
	ls = popen(cmd, "r");
	ASSERT_PTR(ls);
	while (fscanf(ls, "%100s", name) == 1) {
		char *dot = strstr(name, ".bpf.o"), *ours, *ref;

		if (!dot || dot[6])
			continue;
		*dot = '\0';
		snprintf(cmd, sizeof(cmd), "bpftool gen skeleton %s 2>/dev/null",
			 test_obj_path(name));
		ref = run_capture(cmd);
		if (!ref)
			continue; /* objects old bpftool cannot open */
		snprintf(cmd, sizeof(cmd), "%s gen skeleton %s", test_build_path("bpfkit"),
			 test_obj_path(name));
		ours = run_capture(cmd);
		CHECK(ours, "bpfkit gen skeleton %s failed", name);
		/* Debian's bpftool predates skel->struct_ops and struct_ops
		 * links; those parts are checked by the struct_ops app */
		if (ours && !strstr(ours, "} struct_ops;")) {
			snprintf(start, sizeof(start), "struct %s_bpf {", name);
			compare_part(ours, ref, start, "#ifdef __cplusplus");
			compare_lines(ours, ref, "_Static_assert(sizeof");
			compared++;
		}
		free(ours);
		free(ref);
	}
	pclose(ls);
	CHECK_GE(compared, 20);
	test_log("%d objects compared\n", compared);
}

/* Exit status and stdout of `bpfkit ARGS` (shell words), stdout in out. */
static int run_cli(const char *args, char *out, size_t out_sz)
{
	char cmd[1024];
	FILE *f;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", test_build_path("bpfkit"), args);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(out, 1, out_sz - 1, f);
	out[n] = '\0';
	/* drain the rest so the child does not block */
	while (fread(cmd, 1, sizeof(cmd), f) > 0)
		;
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(skel_gen_cli)
{
	static char out[1 << 16];
	char args[768];

	snprintf(args, sizeof(args), "gen skeleton %s name my_app", test_obj_path("skel_lib"));
	ASSERT_EQ(run_cli(args, out, sizeof(out)), 0);
	CHECK(strstr(out, "#ifndef __MY_APP_SKEL_H__"), "guard");
	CHECK(strstr(out, "struct my_app {"), "struct name");
	CHECK(strstr(out, "s->name = \"my_app\";"), "object name");
	CHECK(strstr(out, "struct my_app__bss {"), "data struct name");
	CHECK(strstr(out, "my_app__open_and_load(void)"), "functions");

	snprintf(args, sizeof(args), "gen subskeleton %s name my_lib", test_obj_path("skel_lib"));
	ASSERT_EQ(run_cli(args, out, sizeof(out)), 0);
	CHECK(strstr(out, "#ifndef __MY_LIB_SUBSKEL_H__"), "guard");
	CHECK(strstr(out, "typeof(int[4]) *lib_arr;"), "array var");

	snprintf(args, sizeof(args), "gen skeleton %s name 1bad", test_obj_path("skel_lib"));
	CHECK_EQ(run_cli(args, out, sizeof(out)), 2);
	CHECK_EQ(run_cli("gen skeleton", out, sizeof(out)), 2);
	CHECK_EQ(run_cli("gen frobnicate x", out, sizeof(out)), 2);
	CHECK_EQ(run_cli("gen skeleton /nonexistent/x.bpf.o", out, sizeof(out)), 1);
	snprintf(args, sizeof(args), "gen skeleton %s", test_src_path("Makefile"));
	CHECK_EQ(run_cli(args, out, sizeof(out)), 1);
}

/* The headers also serve C++ applications (static member wrappers). */
TEST(skel_gen_cxx)
{
	static const char *const hdrs[] = { "skel_basic.skel.h", "skel_ops.skel.h",
					    "skel_lib.subskel.h" };
	char cmd[2048];

	if (system("command -v c++ >/dev/null 2>&1"))
		test_skip(false, "no C++ compiler");
	for (size_t i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		snprintf(cmd, sizeof(cmd),
			 "c++ -std=gnu++17 -Wall -Wextra -Werror -fsyntax-only -I%s -I%s "
			 "-include linux/types.h -include %s -x c++ %s/%s",
			 test_src_path("include"), test_build_path("include"),
			 test_src_path("tests/skel/skel_basic_types.h"),
			 test_build_path("tests/skel"), hdrs[i]);
		CHECK(!system(cmd), "%s does not compile as C++", hdrs[i]);
	}
}

/* ---- API with hand-built tables ----------------------------------------- */

/* A map entry as the first libbpf skeletons laid it out (no link). */
struct old_map_skel {
	const char *name;
	struct bpf_map **map;
	void **mmaped;
};

struct hand_skel {
	struct bpf_object *obj;
	struct bpf_map *results, *bss;
	struct bpf_program *on_enter, *compute;
	struct bpf_link *on_enter_link, *compute_link;
	void *bss_data;
	void *elf;
	size_t elf_sz;
};

static void read_obj(struct hand_skel *h, const char *name)
{
	int fd = open(test_obj_path(name), O_RDONLY | O_CLOEXEC);
	struct stat st;

	ASSERT_OK(fd);
	ASSERT_OK(fstat(fd, &st));
	h->elf = malloc(st.st_size);
	ASSERT_PTR(h->elf);
	ASSERT_EQ(read(fd, h->elf, st.st_size), st.st_size);
	h->elf_sz = st.st_size;
	close(fd);
}

/* Address of global variable var in the data image of map sec. */
static void *var_ptr(struct bpf_object *obj, const char *sec, const char *var)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, sec);
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	char *base;
	__s32 id;

	ASSERT(map && btf, "map %s", sec);
	base = bpf_map__initial_value(map, NULL);
	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	ASSERT(base && id > 0, "datasec %s", sec);
	t = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(t);
	for (int i = 0; i < btf_vlen(t); i++, vs++)
		if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, vs->type)->name_off), var))
			return base + vs->offset;
	ASSERT(0, "no var %s in %s", var, sec);
	return NULL;
}

/* Skeleton of skel_basic with old-style 24-byte map entries, built the
 * way a generated create_skeleton does (destroy frees it all). */
static struct bpf_object_skeleton *hand_build(struct hand_skel *h, const char *bss_name)
{
	struct bpf_object_skeleton *s = calloc(1, sizeof(*s));
	struct old_map_skel *maps = calloc(2, sizeof(*maps));
	struct bpf_prog_skeleton *progs = calloc(2, sizeof(*progs));

	ASSERT(s && maps && progs, "out of memory");
	s->sz = sizeof(*s);
	s->name = "hand_skel";
	s->obj = &h->obj;
	s->data = h->elf;
	s->data_sz = h->elf_sz;
	maps[0] = (struct old_map_skel){ "results", &h->results, NULL };
	maps[1] = (struct old_map_skel){ bss_name, &h->bss, &h->bss_data };
	s->map_cnt = 2;
	s->map_skel_sz = sizeof(*maps);
	s->maps = (struct bpf_map_skeleton *)maps;
	progs[0] = (struct bpf_prog_skeleton){ "on_enter", &h->on_enter, &h->on_enter_link };
	progs[1] = (struct bpf_prog_skeleton){ "compute", &h->compute, &h->compute_link };
	s->prog_cnt = 2;
	s->prog_skel_sz = sizeof(*progs);
	s->progs = progs;
	return s;
}

KTEST(skel_api_old_entries)
{
	struct hand_skel h = {};
	struct bpf_object_skeleton *s;
	void *before;
	__u64 *count;
	int pid = getpid();

	read_obj(&h, "skel_basic");
	s = hand_build(&h, ".bss");
	ASSERT_EQ(bpf_object__open_skeleton(s, NULL), 0);
	ASSERT(h.obj && h.results && h.bss && h.on_enter && h.compute && h.bss_data,
	       "pointers filled");
	CHECK_EQ(h.bss, bpf_object__find_map_by_name(h.obj, ".bss"));
	CHECK_EQ(h.bss_data, bpf_map__initial_value(h.bss, NULL));
	ASSERT_STREQ(bpf_object__name(h.obj), "hand_skel");
	before = h.bss_data;
	*(int *)var_ptr(h.obj, ".rodata", "target_pid") = pid;
	count = var_ptr(h.obj, ".bss", "enter_count");
	ASSERT_EQ(bpf_object__load_skeleton(s), 0);
	CHECK_EQ(h.bss_data, before);
	/* autoattach off: skipped */
	bpf_program__set_autoattach(h.on_enter, false);
	ASSERT_EQ(bpf_object__attach_skeleton(s), 0);
	CHECK(!h.on_enter_link, "autoattach off");
	bpf_program__set_autoattach(h.on_enter, true);
	ASSERT_EQ(bpf_object__attach_skeleton(s), 0);
	ASSERT_PTR(h.on_enter_link);
	CHECK(!h.compute_link, "no link for SEC(\"syscall\")");
	for (int i = 0; i < 5; i++)
		getppid();
	CHECK_GE(*count, 5);
	/* a second attach keeps the existing link */
	{
		struct bpf_link *l = h.on_enter_link;

		ASSERT_EQ(bpf_object__attach_skeleton(s), 0);
		CHECK_EQ(h.on_enter_link, l);
	}
	bpf_object__destroy_skeleton(s);
	CHECK(!h.obj, "destroy clears *obj");
	free(h.elf);
}

KTEST(skel_api_errors)
{
	struct hand_skel h = {};
	struct bpf_object_skeleton *s;
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "renamed");

	read_obj(&h, "skel_basic");
	ASSERT_ERR(bpf_object__open_skeleton(NULL, NULL), EINVAL);
	ASSERT_ERR(bpf_object__load_skeleton(NULL), EINVAL);
	ASSERT_ERR(bpf_object__attach_skeleton(NULL), EINVAL);
	bpf_object__destroy_skeleton(NULL);
	bpf_object__detach_skeleton(NULL);

	/* a map the object does not have: ESRCH, object left for destroy */
	s = hand_build(&h, ".bss.nope");
	ASSERT_ERR(bpf_object__open_skeleton(s, NULL), ESRCH);
	CHECK(h.obj != NULL, "object kept for destroy");
	bpf_object__destroy_skeleton(s);
	CHECK(!h.obj, "closed");

	/* entries smaller than the oldest layout */
	s = hand_build(&h, ".bss");
	s->map_skel_sz = 8;
	ASSERT_ERR(bpf_object__open_skeleton(s, NULL), EINVAL);
	bpf_object__destroy_skeleton(s);

	/* object_name from opts wins; section names still find data maps */
	s = hand_build(&h, ".bss");
	ASSERT_EQ(bpf_object__open_skeleton(s, &opts), 0);
	ASSERT_STREQ(bpf_object__name(h.obj), "renamed");
	CHECK(h.bss_data != NULL, "bss image");
	/* programs are not loaded yet: attach fails, no link is stored */
	CHECK(bpf_object__attach_skeleton(s) < 0, "attach before load fails");
	CHECK(!h.on_enter_link, "no link");
	bpf_object__destroy_skeleton(s);

	/* a half-built skeleton (generated code's error path) */
	s = calloc(1, sizeof(*s));
	ASSERT_PTR(s);
	bpf_object__destroy_skeleton(s);
	free(h.elf);
}

KTEST(skel_api_subskel_errors)
{
	struct bpf_object *obj = bpf_object__open_file(test_obj_path("skel_lib"), NULL);
	struct bpf_object_subskeleton *s;
	struct bpf_map *bss = NULL;
	int *out = NULL;

	ASSERT_PTR(obj);
	ASSERT_ERR(bpf_object__open_subskeleton(NULL), EINVAL);

	s = calloc(1, sizeof(*s));
	ASSERT_PTR(s);
	s->sz = sizeof(*s);
	s->obj = obj;
	s->map_cnt = 1;
	s->map_skel_sz = sizeof(*s->maps);
	s->maps = calloc(1, sizeof(*s->maps));
	s->var_cnt = 1;
	s->var_skel_sz = sizeof(*s->vars);
	s->vars = calloc(1, sizeof(*s->vars));
	ASSERT(s->maps && s->vars, "out of memory");
	s->maps[0] = (struct bpf_map_skeleton){ .name = ".bss", .map = &bss };
	s->vars[0] = (struct bpf_var_skeleton){ .name = "no_such_var", .map = &bss,
						.addr = (void **)&out };
	ASSERT_ERR(bpf_object__open_subskeleton(s), ESRCH);
	/* a static or missing var must not bind; a real one does */
	s->vars[0].name = "lib_out";
	ASSERT_EQ(bpf_object__open_subskeleton(s), 0);
	CHECK_EQ(bss, bpf_object__find_map_by_name(obj, ".bss"));
	CHECK_EQ((void *)out, var_ptr(obj, ".bss", "lib_out"));
	/* a var whose map is not a data map */
	s->maps[0].name = "lib_map";
	ASSERT_ERR(bpf_object__open_subskeleton(s), EINVAL);
	bpf_object__destroy_subskeleton(s);
	bpf_object__destroy_subskeleton(NULL);
	bpf_object__close(obj);
}
