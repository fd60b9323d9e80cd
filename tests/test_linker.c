// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linker (bpf_linker__*, `bpfkit gen object`): linked_a.bpf.c calls
 * a global function, reads a global variable and uses a map that
 * linked_b.bpf.c defines, each with a static helper of the same name and
 * .rodata of its own. The result must open and run like one unit, with
 * bpfkit and with Debian's libbpf, and so must bpftool's link of the same
 * inputs. Errors: duplicate strong symbols, incompatible extern map,
 * truncated input, unresolved extern at load.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btf_ext.h"
#include "test.h"

/* helper_a(1) + lb_add(5) + lb_shared + la_custom = 10 + (110 + 20 + 4) + 20 + 3 */
#define LINKED_RET 167
/* strong lb_add(1) + weak lw_only = (102 + 20 + 4) + 5 */
#define WEAK_RET 131
#define STR_(x) #x
#define STR(x) STR_(x)

static char logbuf[8192];
static size_t loglen;
static char cmd_out[8192];

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level == LIBBPF_DEBUG || loglen >= sizeof(logbuf) - 1)
		return 0;
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen += (size_t)n < sizeof(logbuf) - 1 - loglen ? (size_t)n
								  : sizeof(logbuf) - 1 - loglen;
	return 0;
}

static libbpf_print_fn_t capture_start(void)
{
	loglen = 0;
	logbuf[0] = '\0';
	return libbpf_set_print(capture_print);
}

static void capture_stop(libbpf_print_fn_t old)
{
	libbpf_set_print(old);
	if (test_verbose())
		printf("%s", logbuf);
}

/* A per-pid output path for tag; static buffer per call site. */
static const char *out_path(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "/tmp/bpfkit-linker-%d-%s.o", (int)getpid(), tag);
	return buf;
}

/* Link the named test objects into out with the library. */
static int link_objs(const char *out, const char *const *names, int n)
{
	struct bpf_linker *l = bpf_linker__new(out, NULL);
	int i, err = 0;

	if (!l)
		return -errno;
	for (i = 0; i < n && !err; i++)
		err = bpf_linker__add_file(l, test_obj_path(names[i]), NULL);
	if (!err)
		err = bpf_linker__finalize(l);
	bpf_linker__free(l);
	return err;
}

/* Run a shell command, output (stdout+stderr) into cmd_out; exit status. */
static int run(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	size_t n = 0;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(cmd_out, 1, sizeof(cmd_out) - 1, f);
	cmd_out[n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool have_tool(const char *tool)
{
	return run("command -v %s >/dev/null", tool) == 0;
}

/* Open and load path with bpfkit, run la_prog (or prog) on a packet:
 * its retval, and the u64 at lb_map[1] when map_val is not NULL. */
static int bpfkit_run(const char *path, const char *prog, __u32 *retval, __u64 *map_val)
{
	char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
	struct bpf_object *obj = bpf_object__open(path);
	struct bpf_program *p;
	struct bpf_map *m;
	__u32 key = 1;
	int err;

	if (!obj)
		return -errno;
	err = bpf_object__load(obj);
	p = bpf_object__find_program_by_name(obj, prog);
	if (!err && !p)
		err = -ENOENT;
	if (!err)
		err = bpf_prog_test_run_opts(bpf_program__fd(p), &o);
	*retval = o.retval;
	m = bpf_object__find_map_by_name(obj, "lb_map");
	if (!err && map_val)
		err = m ? bpf_map_lookup_elem(bpf_map__fd(m), &key, map_val) : -ENOENT;
	bpf_object__close(obj);
	return err;
}

static void read_file(const char *path, void **buf, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	ASSERT_OK(fd);
	ASSERT_EQ(fstat(fd, &st), 0);
	*len = st.st_size;
	*buf = malloc(*len);
	ASSERT_PTR(*buf);
	ASSERT_EQ(read(fd, *buf, *len), (ssize_t)*len);
	close(fd);
}


/* "kind sec off [line]" for every .BTF.ext record of path, one a line,
 * type ids resolved to names (ids differ between linkers). */
static char *ext_summary(const char *path)
{
	struct btf_ext *ext = NULL;
	struct btf *btf = btf__parse_elf(path, &ext);
	const struct btf_ext_sec *es;
	const __u32 *rec;
	size_t len = 0;
	char *buf = NULL;
	FILE *m;
	__u32 i;
	int k;

	if (!btf || !ext) {
		btf__free(btf);
		return NULL;
	}
	m = open_memstream(&buf, &len);
	for (k = 0; m && k < BTF_EXT_KIND_CNT; k++) {
		const struct btf_ext_info *info = btf_ext_info(ext, k);

		for_each_btf_ext_sec(info, es)
			for_each_btf_ext_rec(info, es, i, rec) {
				const struct btf_type *t = btf__type_by_id(btf, rec[1]);

				fprintf(m, "%d %s %u", k, btf_ext_sec_name(btf, es), rec[0]);
				if (k == BTF_EXT_LINE_INFO)
					fprintf(m, " %s:%u", btf__name_by_offset(btf, rec[1]),
						rec[3] >> 10);
				else if (t)
					fprintf(m, " %s", btf__name_by_offset(btf, t->name_off));
				fputc('\n', m);
			}
	}
	if (m)
		fclose(m);
	btf_ext__free(ext);
	btf__free(btf);
	return buf;
}

static const char *const ab[] = { "linked_a", "linked_b" };

TEST(linker_output_opens)
{
	char out[128];
	struct bpf_object *obj;
	struct btf_ext *ext = NULL;
	struct btf *btf;
	struct bpf_map *m;
	const struct btf_type *t;
	const char *maps[] = { "lb_map", ".rodata", ".bss", ".data", ".data.custom" };
	int id;
	size_t i;

	out_path(out, sizeof(out), "open");
	ASSERT_EQ(link_objs(out, ab, 2), 0);
	obj = bpf_object__open(out);
	ASSERT_PTR(obj);
	CHECK(bpf_object__find_program_by_name(obj, "la_prog") != NULL, "no la_prog");
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		m = bpf_object__find_map_by_name(obj, maps[i]);
		if (CHECK(m != NULL, "no map %s", maps[i]) && !strcmp(maps[i], ".rodata"))
			CHECK_EQ(bpf_map__value_size(m), 8); /* both files' .rodata */
	}
	bpf_object__close(obj);

	btf = btf__parse_elf(out, &ext);
	ASSERT_PTR(btf);
	CHECK(ext != NULL, "no .BTF.ext");
	/* the extern lb_add was replaced by the global definition */
	id = btf__find_by_name_kind(btf, "lb_add", BTF_KIND_FUNC);
	ASSERT_GE(id, 1);
	t = btf__type_by_id(btf, id);
	CHECK_EQ(btf_vlen(t), BTF_FUNC_GLOBAL);
	/* the Kconfig extern both files declare is declared once */
	for (id = 1, i = 0; id < (int)btf__type_cnt(btf); id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_var(t) && !strcmp(btf__name_by_offset(btf, t->name_off),
					     "LINUX_KERNEL_VERSION"))
			i++;
	}
	CHECK_EQ(i, 1);
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	ASSERT_GE(id, 1);
	t = btf__type_by_id(btf, id);
	CHECK_EQ(t->size, 8);
	CHECK_EQ(btf_vlen(t), 2);
	if (btf_vlen(t) == 2)
		CHECK_EQ(btf_var_secinfos(t)[1].offset, 4);
	btf_ext__free(ext);
	btf__free(btf);

	if (have_tool("llvm-readelf"))
	{
		CHECK_EQ(run("llvm-readelf -a '%s' > /dev/null", out), 0);
		CHECK(!strstr(cmd_out, "warning") && !strstr(cmd_out, "error"),
		      "llvm-readelf: %s", cmd_out);
	}
	else
		test_log("llvm-readelf not installed: readelf check left out\n");
	unlink(out);
}

KTEST(linker_run_bpfkit)
{
	char out[128];
	__u32 ret = 0;
	__u64 val = 0;

	out_path(out, sizeof(out), "run");
	ASSERT_EQ(link_objs(out, ab, 2), 0);
	ASSERT_EQ(bpfkit_run(out, "la_prog", &ret, &val), 0);
	CHECK_EQ(ret, LINKED_RET);
	CHECK_EQ(val, 1000);
	/* link order must not matter */
	{
		const char *const ba[] = { "linked_b", "linked_a" };

		ASSERT_EQ(link_objs(out, ba, 2), 0);
		ASSERT_EQ(bpfkit_run(out, "la_prog", &ret, &val), 0);
		CHECK_EQ(ret, LINKED_RET);
	}
	unlink(out);
}

KTEST(linker_weak_overridden)
{
	const char *const wab[] = { "linked_weak", "linked_a", "linked_b" };
	const char *const abw[] = { "linked_a", "linked_b", "linked_weak" };
	char out[128], loader[4096];
	__u32 ret = 0;

	out_path(out, sizeof(out), "weak");
	ASSERT_EQ(link_objs(out, wab, 3), 0);
	ASSERT_EQ(bpfkit_run(out, "lw_prog", &ret, NULL), 0);
	CHECK_EQ(ret, WEAK_RET);
	ASSERT_EQ(bpfkit_run(out, "la_prog", &ret, NULL), 0);
	CHECK_EQ(ret, LINKED_RET);
	ASSERT_EQ(link_objs(out, abw, 3), 0);
	ASSERT_EQ(bpfkit_run(out, "lw_prog", &ret, NULL), 0);
	CHECK_EQ(ret, WEAK_RET);
	/* Debian's libbpf agrees (its bpftool cannot link these inputs) */
	snprintf(loader, sizeof(loader), "%s", test_build_path("tests/ref-loader"));
	if (access(loader, X_OK))
		test_skip(true, "reference loader not built");
	ASSERT_EQ(run("'%s' '%s' run lw_prog", loader, out), 0);
	CHECK(strstr(cmd_out, "retval=" STR(WEAK_RET)) != NULL, "Debian libbpf: %s", cmd_out);
	unlink(out);
}

/* Our output loaded by Debian's libbpf; bpftool's output loaded by us. */
KTEST(linker_vs_bpftool)
{
	char ours[128], theirs[128];
	const char *loader = test_build_path("tests/ref-loader");
	char loader_path[4096];
	__u32 ret = 0;
	__u64 val = 0;

	snprintf(loader_path, sizeof(loader_path), "%s", loader);
	if (!have_tool("bpftool"))
		test_skip(true, "bpftool not installed");
	if (access(loader_path, X_OK))
		test_skip(true, "reference loader not built");
	out_path(ours, sizeof(ours), "cli");
	out_path(theirs, sizeof(theirs), "bpftool");
	ASSERT_EQ(run("'%s' gen object '%s' '%s' '%s'", test_build_path("bpfkit"), ours,
		      test_obj_path("linked_a"), test_obj_path("linked_b")), 0);
	ASSERT_EQ(run("bpftool gen object '%s' '%s' '%s'", theirs, test_obj_path("linked_a"),
		      test_obj_path("linked_b")), 0);

	ASSERT_EQ(run("'%s' '%s' run la_prog", loader_path, ours), 0);
	CHECK(strstr(cmd_out, "retval=" STR(LINKED_RET)) != NULL,
	      "Debian libbpf on our output: %s", cmd_out);
	ASSERT_EQ(run("'%s' '%s' run la_prog", loader_path, theirs), 0);
	CHECK(strstr(cmd_out, "retval=" STR(LINKED_RET)) != NULL, "Debian libbpf on bpftool's: %s", cmd_out);

	ASSERT_EQ(bpfkit_run(theirs, "la_prog", &ret, &val), 0);
	CHECK_EQ(ret, LINKED_RET);
	CHECK_EQ(val, 1000);
	ASSERT_EQ(bpfkit_run(ours, "la_prog", &ret, &val), 0);
	CHECK_EQ(ret, LINKED_RET);

	/* func_info, line_info and CO-RE records land at the same places */
	{
		char *a = ext_summary(ours), *b = ext_summary(theirs);

		CHECK(a && b && !strcmp(a, b), ".BTF.ext differs:\nours:\n%s\nbpftool:\n%s",
		      a ? a : "(none)", b ? b : "(none)");
		CHECK(a && strstr(a, "2 .text "), "no CO-RE record: %s", a ? a : "(none)");
		free(a);
		free(b);
	}
	unlink(ours);
	unlink(theirs);
}

TEST(linker_duplicate_strong)
{
	const char *const abb[] = { "linked_a", "linked_b", "linked_b" };
	libbpf_print_fn_t old = capture_start();
	char out[128];
	int err;

	out_path(out, sizeof(out), "dup");
	err = link_objs(out, abb, 3);
	capture_stop(old);
	CHECK_EQ(err, -EEXIST);
	CHECK(strstr(logbuf, "duplicate strong symbol 'lb_add'") != NULL, "log: %s", logbuf);
	unlink(out);
}

TEST(linker_map_conflict)
{
	const char *const bc[] = { "linked_b", "linked_c" };
	const char *const cb[] = { "linked_c", "linked_b" };
	libbpf_print_fn_t old = capture_start();
	char out[128];
	int err1, err2;

	out_path(out, sizeof(out), "conflict");
	err1 = link_objs(out, bc, 2);
	err2 = link_objs(out, cb, 2);
	capture_stop(old);
	CHECK_EQ(err1, -EINVAL);
	CHECK_EQ(err2, -EINVAL);
	CHECK(strstr(logbuf, "extern 'lb_map' has a type incompatible") != NULL, "log: %s",
	      logbuf);
	unlink(out);
}

KTEST(linker_unresolved_extern_fails_load)
{
	const char *const eb[] = { "obj_extern", "linked_b" };
	libbpf_print_fn_t old;
	struct bpf_object *obj;
	char out[128];
	int err;

	out_path(out, sizeof(out), "unres");
	ASSERT_EQ(link_objs(out, eb, 2), 0);
	obj = bpf_object__open(out);
	ASSERT_PTR(obj);
	old = capture_start();
	err = bpf_object__load(obj);
	capture_stop(old);
	CHECK(err < 0, "load of an unresolved extern worked");
	CHECK(strstr(logbuf, "no_such_function") != NULL, "log: %s", logbuf);
	bpf_object__close(obj);
	unlink(out);
}

/* Every prefix of a valid object fails cleanly (or, for prefixes that
 * still hold every section, works); nothing leaks, nothing crashes. */
TEST(linker_truncated_input)
{
	libbpf_print_fn_t old;
	char out[128];
	void *buf;
	size_t len, cut;
	int fd, fails = 0;

	read_file(test_obj_path("linked_a"), &buf, &len);
	fd = open(out_path(out, sizeof(out), "trunc"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ASSERT_OK(fd);
	old = capture_start();
	for (cut = 0; cut < len; cut += cut < 256 ? 1 : 61) {
		struct bpf_linker *l = bpf_linker__new_fd(fd, NULL);
		int err;

		if (!l)
			break;
		err = bpf_linker__add_buf(l, buf, cut ? cut : 1, NULL);
		if (err)
			fails++;
		if (!err)
			bpf_linker__finalize(l);
		bpf_linker__free(l);
	}
	capture_stop(old);
	CHECK(fails > 0, "no truncation was refused");
	{
		struct bpf_linker *l = bpf_linker__new_fd(fd, NULL);

		ASSERT_PTR(l);
		old = capture_start();
		CHECK_EQ(bpf_linker__add_buf(l, buf, len / 2, NULL), -EINVAL);
		CHECK_EQ(errno, EINVAL);
		capture_stop(old);
		CHECK(loglen > 0 && strchr(logbuf, '\n') == logbuf + loglen - 1,
		      "want one log line, got: %s", logbuf);
		bpf_linker__free(l);
	}
	close(fd);
	free(buf);
	unlink(out);
}

TEST(linker_api_misuse)
{
	struct bpf_linker_opts big = { .sz = sizeof(big) + 8 };
	libbpf_print_fn_t old = capture_start();
	struct bpf_linker *l;
	char out[128];
	int fd;

	errno = 0;
	CHECK(!bpf_linker__new(NULL, NULL), "NULL name");
	CHECK_EQ(errno, EINVAL);
	errno = 0;
	CHECK(!bpf_linker__new("/nonexistent-dir/x.o", NULL), "bad dir");
	CHECK_EQ(errno, ENOENT);
	errno = 0;
	CHECK(!bpf_linker__new_fd(-1, NULL), "bad fd");
	CHECK_EQ(errno, EINVAL);
	bpf_linker__free(NULL);

	out_path(out, sizeof(out), "misuse");
	l = bpf_linker__new(out, NULL);
	ASSERT_PTR(l);
	CHECK_EQ(bpf_linker__add_file(l, "/nonexistent.o", NULL), -ENOENT);
	CHECK_EQ(bpf_linker__add_buf(l, NULL, 10, NULL), -EINVAL);
	CHECK_EQ(bpf_linker__add_fd(l, -1, NULL), -EINVAL);
	fd = open(test_obj_path("linked_b"), O_RDONLY);
	ASSERT_OK(fd);
	CHECK_EQ(bpf_linker__add_fd(l, fd, NULL), 0);
	close(fd);
	CHECK_EQ(bpf_linker__finalize(l), 0);
	CHECK_EQ(bpf_linker__finalize(l), -EINVAL);
	CHECK_EQ(bpf_linker__add_file(l, test_obj_path("linked_a"), NULL), -EINVAL);
	bpf_linker__free(l);
	(void)big;
	capture_stop(old);
	{
		struct bpf_object *obj = bpf_object__open(out);

		CHECK(obj != NULL, "single-file link does not open");
		bpf_object__close(obj);
	}
	unlink(out);
}

/* A big-endian object among little-endian ones is refused by name. */
TEST(linker_mixed_endianness)
{
	libbpf_print_fn_t old;
	struct bpf_linker *l;
	char be[128], out[128];
	int err;

	if (!have_tool("clang"))
		test_skip(true, "clang not installed");
	out_path(be, sizeof(be), "bpfeb");
	out_path(out, sizeof(out), "mixed");
	ASSERT_EQ(run("clang -O2 -g -target bpfeb -D__TARGET_ARCH_x86 -I'%s' -I'%s' "
		      "-I/usr/include/$(clang -print-multiarch) -c '%s' -o '%s'",
		      test_src_path("include"), test_build_path("include"),
		      test_src_path("tests/progs/linked_b.bpf.c"), be),
		  0);
	l = bpf_linker__new(out, NULL);
	ASSERT_PTR(l);
	CHECK_EQ(bpf_linker__add_file(l, test_obj_path("linked_a"), NULL), 0);
	old = capture_start();
	err = bpf_linker__add_file(l, be, NULL);
	capture_stop(old);
	CHECK_EQ(err, -EOPNOTSUPP);
	CHECK(strstr(logbuf, "bpfeb.o: byte order differs") && strstr(logbuf, "mixed endianness"),
	      "log: %s", logbuf);
	bpf_linker__free(l);
	unlink(be);
	unlink(out);
}

/* A weak definition of another type than the strong one is an error. */
TEST(linker_weak_type_conflict)
{
	const char *const wc[] = { "linked_weak", "linked_weak2" };
	libbpf_print_fn_t old = capture_start();
	char out[128];
	int err;

	out_path(out, sizeof(out), "weakconf");
	err = link_objs(out, wc, 2);
	capture_stop(old);
	CHECK_EQ(err, -EINVAL);
	CHECK(strstr(logbuf, "definition of 'lw_only' has a type incompatible"), "log: %s",
	      logbuf);
	unlink(out);
}

/* add_file, add_fd and add_buf give byte-identical output (the output
 * depends on nothing but the inputs and their order). */
TEST(linker_inputs_same_output)
{
	char p1[128], p2[128];
	void *a, *b, *o1, *o2;
	size_t la, lb, l1, l2;
	struct bpf_linker *l;
	int fd, in;

	read_file(test_obj_path("linked_a"), &a, &la);
	read_file(test_obj_path("linked_b"), &b, &lb);
	out_path(p1, sizeof(p1), "same1");
	out_path(p2, sizeof(p2), "same2");
	ASSERT_EQ(link_objs(p1, ab, 2), 0);

	fd = open(p2, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ASSERT_OK(fd);
	l = bpf_linker__new_fd(fd, NULL);
	ASSERT_PTR(l);
	CHECK_EQ(bpf_linker__add_buf(l, a, la, NULL), 0);
	in = open(test_obj_path("linked_b"), O_RDONLY | O_CLOEXEC);
	ASSERT_OK(in);
	CHECK_EQ(bpf_linker__add_fd(l, in, NULL), 0);
	CHECK_EQ(bpf_linker__finalize(l), 0);
	bpf_linker__free(l);
	/* the caller's fds stay open and usable */
	CHECK_EQ(fcntl(fd, F_GETFD) >= 0, 1);
	CHECK_EQ(fcntl(in, F_GETFD) >= 0, 1);
	close(in);
	close(fd);

	read_file(p1, &o1, &l1);
	read_file(p2, &o2, &l2);
	CHECK_EQ(l1, l2);
	CHECK(l1 == l2 && !memcmp(o1, o2, l1), "outputs differ");
	free(a);
	free(b);
	free(o1);
	free(o2);
	unlink(p1);
	unlink(p2);
}
