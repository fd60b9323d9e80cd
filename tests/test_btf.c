// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BTF parsing and queries against the running kernel's BTF, with bpftool's
 * raw dump as the ground truth. */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "btf_helpers.h"
#include "test.h"

/* What bpftool prints for one type line "[id] KIND 'name' k=v ...". */
struct ref_type {
	char kind[16];
	char *name;
	long long size, vlen, type_id; /* -1 when not printed */
};

static struct ref_type *refs;
static __u32 nrefs; /* highest id + 1 */

static long long ref_field(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static void parse_ref_line(const char *line)
{
	char kind[16], name[512];
	struct ref_type *r;
	unsigned id;

	if (sscanf(line, "[%u] %15s '%511[^']'", &id, kind, name) != 3 || id >= nrefs)
		return;
	r = &refs[id];
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	r->name = strdup(strcmp(name, "(anon)") ? name : "");
	r->size = ref_field(line, " size=");
	r->vlen = ref_field(line, " vlen=");
	r->type_id = ref_field(line, " type_id=");
}

/* Load bpftool's raw dump of vmlinux once; false when bpftool is missing. */
static bool load_refs(void)
{
	static char line[4096];
	FILE *f;

	if (refs)
		return true;
	f = popen("bpftool btf dump file " VMLINUX " format raw 2>/dev/null", "r");
	if (!f)
		return false;
	nrefs = 1 << 22;
	refs = calloc(nrefs, sizeof(*refs));
	while (refs && fgets(line, sizeof(line), f))
		if (line[0] == '[')
			parse_ref_line(line);
	pclose(f);
	return refs && refs[1].name;
}

static struct btf *need_vmlinux(void)
{
	struct btf *btf;

	if (access(VMLINUX, R_OK))
		test_skip(true, "%s not readable", VMLINUX);
	btf = vmlinux_btf();
	ASSERT_PTR(btf);
	return btf;
}

static void need_refs(void)
{
	need_vmlinux();
	if (!load_refs())
		test_skip(true, "bpftool raw dump of vmlinux unavailable");
}

static long count_with_bpftool(void)
{
	char buf[64] = "";
	FILE *f = popen("bpftool btf dump file " VMLINUX " format raw | grep -c '^\\['", "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	pclose(f);
	return buf[0] ? atol(buf) : -1;
}

TEST(btf_vmlinux_type_count)
{
	struct btf *btf = need_vmlinux();
	long n = count_with_bpftool();

	if (n <= 0)
		test_skip(true, "bpftool not usable");
	/* bpftool lists ids 1..N; type_cnt also counts void. */
	ASSERT_EQ(btf__type_cnt(btf), n + 1);
	ASSERT(btf__base_btf(btf) == NULL, "vmlinux is not split");
	ASSERT_EQ(btf__endianness(btf), BTF_LITTLE_ENDIAN);
	ASSERT_EQ(btf__fd(btf), -1);
}

TEST(btf_vmlinux_task_struct)
{
	struct btf *btf;
	const struct btf_type *t;
	long long want_pid_off = -1;
	__s32 id;
	int i, found = 0;
	FILE *f;
	char line[4096];

	need_refs();
	btf = vmlinux_btf();
	id = btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	ASSERT_GT(id, 0);
	ASSERT_STREQ(refs[id].kind, "STRUCT");
	ASSERT_STREQ(refs[id].name, "task_struct");
	t = btf__type_by_id(btf, id);
	ASSERT_PTR(t);
	ASSERT(btf_is_struct(t), "kind %u", btf_kind(t));
	ASSERT_EQ(t->size, refs[id].size);
	ASSERT_EQ(btf_vlen(t), refs[id].vlen);
	ASSERT_EQ(btf__resolve_size(btf, id), refs[id].size);

	/* The member lines follow the type line in bpftool's dump. */
	snprintf(line, sizeof(line),
		 "bpftool btf dump file " VMLINUX " format raw | "
		 "sed -n '/^\\[%d\\] STRUCT/,/^\\[/p' | grep \"^\t'pid' \"", id);
	f = popen(line, "r");
	ASSERT_PTR(f);
	if (fgets(line, sizeof(line), f))
		want_pid_off = ref_field(line, "bits_offset=");
	pclose(f);
	ASSERT_GT(want_pid_off, 0);
	for (i = 0; i < btf_vlen(t); i++) {
		const char *n = btf__name_by_offset(btf, btf_members(t)[i].name_off);

		if (n && !strcmp(n, "pid")) {
			ASSERT_EQ(btf_member_bit_offset(t, i), want_pid_off);
			ASSERT_EQ(btf__resolve_size(btf, btf_members(t)[i].type), 4);
			found++;
		}
	}
	ASSERT_EQ(found, 1);
}

/* Every type of vmlinux against bpftool: kind, name, size, vlen, type. */
TEST(btf_vmlinux_differential_bpftool)
{
	struct btf *btf;
	__u32 id, cnt, checked = 0;

	need_refs();
	btf = vmlinux_btf();
	cnt = btf__type_cnt(btf);
	ASSERT_LT(cnt, nrefs);
	for (id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct ref_type *r = &refs[id];
		const char *name = btf__name_by_offset(btf, t->name_off);
		static const char *const kinds[] = {
			"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM",
			"FWD", "TYPEDEF", "VOLATILE", "CONST", "RESTRICT", "FUNC",
			"FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG",
			"TYPE_TAG", "ENUM64",
		};

		ASSERT(r->name, "bpftool has no type %u", id);
		ASSERT_STREQ(kinds[btf_kind(t)], r->kind);
		ASSERT_STREQ(name, r->name);
		if (r->size >= 0)
			ASSERT_EQ(t->size, r->size);
		if (r->vlen >= 0)
			ASSERT_EQ(btf_vlen(t), r->vlen);
		if (r->type_id >= 0 && !btf_is_array(t))
			ASSERT_EQ(t->type, r->type_id);
		if (btf_is_array(t))
			ASSERT_EQ(btf_array(t)->type, r->type_id);
		checked++;
	}
	ASSERT_EQ(checked, cnt - 1);
}

TEST(btf_vmlinux_find_by_name)
{
	struct btf *btf;
	__u32 id, cnt, step, n = 0;

	need_refs();
	btf = vmlinux_btf();
	ASSERT_EQ(btf__find_by_name(btf, "void"), 0);
	ASSERT_EQ(btf__find_by_name_kind(btf, "anything", BTF_KIND_UNKN), 0);
	ASSERT_ERR(btf__find_by_name(btf, "no_such_type_bpfkit"), ENOENT);
	ASSERT_ERR(btf__find_by_name_kind(btf, "task_struct", BTF_KIND_UNION), ENOENT);
	/* The index must agree with the definition: first id with that name
	 * and kind. Check a spread of named types. */
	cnt = btf__type_cnt(btf);
	step = cnt / 500 + 1;
	for (id = 1; id < cnt; id += step) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		__u32 first, j;

		if (!name[0])
			continue;
		for (first = 1; first <= id; first++) {
			const struct btf_type *u = btf__type_by_id(btf, first);

			if (btf_kind(u) == btf_kind(t) &&
			    !strcmp(btf__name_by_offset(btf, u->name_off), name))
				break;
		}
		ASSERT_EQ(btf__find_by_name_kind(btf, name, btf_kind(t)), first);
		for (j = 1; j <= first; j++)
			if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, j)->name_off), name))
				break;
		ASSERT_EQ(btf__find_by_name(btf, name), j);
		n++;
	}
	ASSERT_GT(n, 100);
}

/* Ids and names well known in every kernel. */
TEST(btf_vmlinux_resolve)
{
	struct btf *btf = need_vmlinux();
	__s32 u64_id = btf__find_by_name_kind(btf, "u64", BTF_KIND_TYPEDEF);
	__s32 pid_t_id = btf__find_by_name_kind(btf, "pid_t", BTF_KIND_TYPEDEF);
	__s32 lh = btf__find_by_name_kind(btf, "list_head", BTF_KIND_STRUCT);
	const struct btf_type *t;
	int r;

	ASSERT_GT(u64_id, 0);
	ASSERT_GT(pid_t_id, 0);
	ASSERT_GT(lh, 0);
	/* u64 -> __u64 -> unsigned long long */
	ASSERT_EQ(btf__resolve_size(btf, u64_id), 8);
	r = btf__resolve_type(btf, u64_id);
	ASSERT_GT(r, 0);
	t = btf__type_by_id(btf, r);
	ASSERT(btf_is_int(t), "u64 resolves to kind %u", btf_kind(t));
	ASSERT_EQ(btf__resolve_size(btf, pid_t_id), 4);
	ASSERT_EQ(btf__resolve_size(btf, lh), 16);
	ASSERT_EQ(btf__align_of(btf, u64_id), 8);
	ASSERT_EQ(btf__align_of(btf, pid_t_id), 4);
	ASSERT_EQ(btf__align_of(btf, lh), 8);
	ASSERT_EQ(btf__pointer_size(btf), 8);
	ASSERT_ERR(btf__resolve_size(btf, btf__type_cnt(btf)), EINVAL);
	ASSERT_ERR(btf__resolve_type(btf, btf__type_cnt(btf)), EINVAL);
	errno = 0;
	ASSERT(btf__type_by_id(btf, btf__type_cnt(btf)) == NULL, "out of range id");
	ASSERT_EQ(errno, EINVAL);
	ASSERT(btf__name_by_offset(btf, 0x7ffffff0) == NULL, "bad string offset");
	ASSERT(btf_is_void(btf__type_by_id(btf, 0)), "id 0 is void");
}

TEST(btf_vmlinux_load_apis)
{
	struct btf *a, *b;
	const void *raw;
	__u32 sz;
	struct stat st;

	need_vmlinux();
	a = btf__load_vmlinux_btf();
	ASSERT_PTR(a);
	b = libbpf_find_kernel_btf();
	ASSERT_PTR(b);
	ASSERT_EQ(btf__type_cnt(a), btf__type_cnt(b));
	ASSERT_EQ(btf__type_cnt(a), btf__type_cnt(vmlinux_btf()));
	/* Unmodified: raw data is the file itself. */
	raw = btf__raw_data(a, &sz);
	ASSERT_PTR(raw);
	ASSERT_EQ(stat(VMLINUX, &st), 0);
	ASSERT_EQ(sz, st.st_size);
	raw = btf__get_raw_data(b, &sz);
	ASSERT_PTR(raw);
	ASSERT_EQ(sz, st.st_size);
	btf__free(a);
	btf__free(b);
	ASSERT(btf__load_module_btf("../vmlinux", vmlinux_btf()) == NULL, "path in module name");
	ASSERT_EQ(errno, EINVAL);
	ASSERT(btf__load_module_btf("no_such_module_bpfkit", vmlinux_btf()) == NULL,
	       "missing module");
	ASSERT_EQ(errno, ENOENT);
}

TEST(btf_vmlinux_module_split)
{
	struct btf *base = need_vmlinux(), *mod;
	struct dirent *de;
	char name[256] = "";
	DIR *d = opendir("/sys/kernel/btf");
	__u32 id;

	ASSERT_PTR(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] != '.' && strcmp(de->d_name, "vmlinux")) {
			snprintf(name, sizeof(name), "%s", de->d_name);
			break;
		}
	}
	closedir(d);
	if (!name[0])
		test_skip(false, "no kernel module BTF under /sys/kernel/btf (no modules loaded)");
	mod = btf__load_module_btf(name, base);
	ASSERT_PTR(mod);
	ASSERT(btf__base_btf(mod) == base, "base");
	ASSERT_GT(btf__type_cnt(mod), btf__type_cnt(base));
	/* Ids continue after the base and base ids resolve through it. */
	ASSERT(btf__type_by_id(mod, 1) == btf__type_by_id(base, 1), "base id via split");
	for (id = btf__type_cnt(base); id < btf__type_cnt(mod); id++)
		ASSERT_PTR(btf__type_by_id(mod, id));
	btf__free(mod);
}

/* Split BTF built on vmlinux: ids and string offsets continue the base's. */
TEST(btf_vmlinux_split_build)
{
	struct btf *base = need_vmlinux(), *split, *copy;
	__u32 base_cnt = btf__type_cnt(base);
	__s32 ts = btf__find_by_name_kind(base, "task_struct", BTF_KIND_STRUCT);
	int ptr, st, off;
	const void *raw;
	__u32 sz;

	split = btf__new_empty_split(base);
	ASSERT_PTR(split);
	ASSERT_EQ(btf__type_cnt(split), base_cnt);
	/* A string the base has is reused from the base. */
	off = btf__add_str(split, "task_struct");
	ASSERT_EQ(off, btf__type_by_id(base, ts)->name_off);
	ptr = btf__add_ptr(split, ts);
	ASSERT_EQ(ptr, base_cnt);
	st = btf__add_struct(split, "bpfkit_split_s", 8);
	ASSERT_EQ(st, base_cnt + 1);
	ASSERT_OK(btf__add_field(split, "task", ptr, 0, 0));
	raw = btf__raw_data(base, &sz);
	ASSERT_PTR(raw);
	/* New strings go after all of the base's strings. */
	ASSERT_GE(btf__type_by_id(split, st)->name_off, ((const struct btf_header *)raw)->str_len);
	ASSERT_EQ(btf__find_by_name_kind(split, "bpfkit_split_s", BTF_KIND_STRUCT), st);
	ASSERT_EQ(btf__find_by_name_kind(split, "task_struct", BTF_KIND_STRUCT), ts);
	ASSERT_EQ(btf__resolve_size(split, st), 8);
	ASSERT_EQ(btf__align_of(split, st), 8);

	raw = btf__raw_data(split, &sz);
	ASSERT_PTR(raw);
	copy = btf__new_split(raw, sz, base);
	ASSERT_PTR(copy);
	ASSERT_EQ(btf__type_cnt(copy), base_cnt + 2);
	ASSERT_STREQ(btf__name_by_offset(copy, btf__type_by_id(copy, st)->name_off),
		     "bpfkit_split_s");
	ASSERT_EQ(btf__type_by_id(copy, ptr)->type, ts);
	/* Without the base the same blob is not valid BTF. */
	ASSERT(btf__new(raw, sz) == NULL, "split blob without base");
	btf__free(copy);

	/* The same through a file, like a module's /sys/kernel/btf/<mod>. */
	{
		char path[64];
		FILE *f;

		snprintf(path, sizeof(path), "/tmp/bpfkit-split-%d.btf", getpid());
		f = fopen(path, "w");
		ASSERT_PTR(f);
		ASSERT_EQ(fwrite(raw, 1, sz, f), sz);
		fclose(f);
		copy = btf__parse_raw_split(path, base);
		CHECK(copy != NULL, "parse_raw_split");
		if (copy)
			CHECK_EQ(btf__type_cnt(copy), base_cnt + 2);
		btf__free(copy);
		copy = btf__parse_split(path, base);
		CHECK(copy != NULL, "parse_split");
		if (copy)
			CHECK_EQ(btf__find_by_name_kind(copy, "bpfkit_split_s", BTF_KIND_STRUCT), st);
		btf__free(copy);
		unlink(path);
	}
	btf__free(split);
}

/* All of vmlinux byte-swapped and parsed back: same types everywhere. */
TEST(btf_vmlinux_big_endian_roundtrip)
{
	struct btf *btf = need_vmlinux(), *be;
	const void *raw;
	void *copy;
	__u32 sz, id;

	ASSERT_OK(btf__set_endianness(btf, BTF_BIG_ENDIAN));
	raw = btf__raw_data(btf, &sz);
	ASSERT_OK(btf__set_endianness(btf, BTF_LITTLE_ENDIAN));
	ASSERT_PTR(raw);
	copy = malloc(sz);
	ASSERT_PTR(copy);
	memcpy(copy, raw, sz);
	be = btf__new(copy, sz);
	ASSERT_PTR(be);
	ASSERT_EQ(btf__endianness(be), BTF_BIG_ENDIAN);
	ASSERT_EQ(btf__type_cnt(be), btf__type_cnt(btf));
	for (id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *a = btf__type_by_id(btf, id), *b = btf__type_by_id(be, id);
		int rec = sizeof(*a);

		switch (btf_kind(a)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM64:
		case BTF_KIND_DATASEC:
			rec += btf_vlen(a) * 12;
			break;
		case BTF_KIND_ENUM:
		case BTF_KIND_FUNC_PROTO:
			rec += btf_vlen(a) * 8;
			break;
		case BTF_KIND_ARRAY:
			rec += 12;
			break;
		case BTF_KIND_INT:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
			rec += 4;
			break;
		}
		ASSERT(!memcmp(a, b, rec), "type %u differs after BE round trip", id);
	}
	/* Back to the original bytes when emitted little-endian again. */
	ASSERT_OK(btf__set_endianness(be, BTF_LITTLE_ENDIAN));
	raw = btf__raw_data(be, &sz);
	ASSERT_PTR(raw);
	ASSERT_EQ(sz, btf__raw_data(btf, &id) ? id : 0);
	ASSERT(!memcmp(raw, btf__raw_data(btf, &id), sz), "LE bytes differ");
	btf__free(be);
	free(copy);
}

/* Parses of vmlinux share one read-only mapping: freeing or modifying one
 * BTF must not disturb another. */
TEST(btf_vmlinux_shared_mapping)
{
	struct btf *a, *b;
	const void *ra, *rb;
	__u32 sa, sb, cnt;
	__s32 ts;

	need_vmlinux();
	a = btf__parse(VMLINUX, NULL);
	b = btf__parse_raw(VMLINUX);
	ASSERT_PTR(a);
	ASSERT_PTR(b);
	ra = btf__raw_data(a, &sa);
	rb = btf__raw_data(b, &sb);
	ASSERT(ra == rb, "both borrow the same mapping");
	ASSERT_EQ(sa, sb);
	cnt = btf__type_cnt(a);
	ts = btf__find_by_name_kind(a, "task_struct", BTF_KIND_STRUCT);
	/* a gets its own writable copy; b still sees the original. */
	ASSERT_EQ(btf__add_int(a, "bpfkit_extra", 4, 0), cnt);
	ASSERT_EQ(btf__type_cnt(b), cnt);
	ASSERT_EQ(btf__find_by_name(b, "bpfkit_extra"), -ENOENT);
	ASSERT_EQ(btf__find_by_name(a, "bpfkit_extra"), cnt);
	btf__free(a);
	ASSERT_EQ(btf__find_by_name_kind(b, "task_struct", BTF_KIND_STRUCT), ts);
	ASSERT(btf__raw_data(b, &sb) == rb, "mapping kept");
	btf__free(b);
	/* And it is still there for the next parse. */
	a = btf__load_vmlinux_btf();
	ASSERT_PTR(a);
	ASSERT_EQ(btf__find_by_name_kind(a, "task_struct", BTF_KIND_STRUCT), ts);
	btf__free(a);
}
