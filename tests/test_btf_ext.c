// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* .BTF.ext parsing (hand-built blobs and a clang-built object), BTF from
 * ELF files, and BTF loaded into / fetched from the kernel. */
#include <stdarg.h>
#include <stdio.h>
#include <bpf/bpf.h>

#include "btf_ext.h"
#include "btf_helpers.h"
#include "elf.h"
#include "test.h"

/* ---- hand-built .BTF.ext ---- */

struct ext_blob {
	__u32 w[128];
	int n;
};

static void eb_w(struct ext_blob *b, __u32 v)
{
	b->w[b->n++] = v;
}

/* Header (8 words) then: func_info {rec 8: 2 records in sec name 1},
 * line_info {rec 16: 1 record}, core_relo {rec 16: 1 record}. */
static __u32 build_ext(struct ext_blob *b, __u32 func_rec)
{
	int fi, li, cr, i;

	memset(b, 0, sizeof(*b));
	eb_w(b, BTF_MAGIC | (1 << 16)); /* magic, version 1, flags 0 */
	eb_w(b, 32);
	b->n = 8;
	fi = b->n;
	eb_w(b, func_rec);
	eb_w(b, 1), eb_w(b, 2);
	for (i = 0; i < 2; i++) {
		eb_w(b, i * 8), eb_w(b, i + 1);
		for (__u32 k = 8; k < func_rec; k += 4)
			eb_w(b, 0xabcd0000 + k);
	}
	li = b->n;
	eb_w(b, 16);
	eb_w(b, 1), eb_w(b, 1);
	eb_w(b, 0), eb_w(b, 3), eb_w(b, 5), eb_w(b, (7 << 10) | 2);
	cr = b->n;
	eb_w(b, 16);
	eb_w(b, 5), eb_w(b, 1);
	eb_w(b, 8), eb_w(b, 2), eb_w(b, 7), eb_w(b, BPF_CORE_FIELD_BYTE_OFFSET);
	b->w[2] = (fi - 8) * 4;
	b->w[3] = (li - fi) * 4;
	b->w[4] = (li - 8) * 4;
	b->w[5] = (cr - li) * 4;
	b->w[6] = (cr - 8) * 4;
	b->w[7] = (b->n - cr) * 4;
	return b->n * 4;
}

/* BTF for build_ext(): strings "a"(1) "sec"(3) "0:1"(7); 2 types. */
static struct btf *ext_btf(void)
{
	struct btf *btf = btf__new_empty();

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_str(btf, "a"), 1);
	ASSERT_EQ(btf__add_str(btf, "sec"), 3);
	ASSERT_EQ(btf__add_str(btf, "0:1"), 7);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_func_proto(btf, 1), 2);
	return btf;
}

/* Byte-swap a valid .BTF.ext blob (our own walk, independent of the
 * library's) to get its big-endian twin. */
static void swap_ext(__u32 *w, __u32 size)
{
	__u32 hdr_len = w[1], k;
	__u32 min_rec[3] = { 8, 16, 16 };

	for (k = 0; k < 3; k++) {
		__u32 off = (hdr_len + w[2 + 2 * k]) / 4, len = w[3 + 2 * k] / 4;
		__u32 rec = w[off] / 4, p = off + 1, end = off + len, i, j;

		if (!len)
			continue;
		w[off] = bswap_32(w[off]);
		while (p < end) {
			__u32 n = w[p + 1];

			w[p] = bswap_32(w[p]);
			w[p + 1] = bswap_32(w[p + 1]);
			p += 2;
			for (i = 0; i < n; i++, p += rec)
				for (j = 0; j < min_rec[k] / 4; j++)
					w[p + j] = bswap_32(w[p + j]);
		}
	}
	for (k = 1; k < hdr_len / 4 && k < size / 4; k++)
		w[k] = bswap_32(w[k]);
	*(__u16 *)w = bswap_16(*(__u16 *)w);
}

static void check_ext_records(const struct btf_ext *ext, __u32 func_rec)
{
	const struct btf_ext_info *fi = btf_ext_info(ext, BTF_EXT_FUNC_INFO);
	const struct btf_ext_info *li = btf_ext_info(ext, BTF_EXT_LINE_INFO);
	const struct btf_ext_info *cr = btf_ext_info(ext, BTF_EXT_CORE_RELO);
	const struct btf_ext_sec *sec;
	const struct bpf_func_info *f;
	const struct bpf_line_info *l;
	const struct bpf_core_relo *r;
	__u32 i, n = 0;

	ASSERT(fi && li && cr, "info of every kind");
	ASSERT_EQ(fi->rec_size, func_rec);
	ASSERT_EQ(fi->nr_secs, 1);
	for_each_btf_ext_sec(fi, sec) {
		ASSERT_EQ(sec->sec_name_off, 1);
		for_each_btf_ext_rec(fi, sec, i, f) {
			ASSERT_EQ(f->insn_off, i * 8);
			ASSERT_EQ(f->type_id, i + 1);
			n++;
		}
	}
	ASSERT_EQ(n, 2);
	ASSERT_EQ(li->nr_secs, 1);
	l = li->secs[0].data;
	ASSERT_EQ(l->file_name_off, 3);
	ASSERT_EQ(l->line_off, 5);
	ASSERT_EQ(BPF_LINE_INFO_LINE_NUM(l->line_col), 7);
	ASSERT_EQ(BPF_LINE_INFO_LINE_COL(l->line_col), 2);
	ASSERT_EQ(cr->nr_secs, 1);
	ASSERT_EQ(cr->secs[0].num_info, 1);
	ASSERT_EQ(cr->secs[0].sec_name_off, 5);
	r = cr->secs[0].data;
	ASSERT_EQ(r->insn_off, 8);
	ASSERT_EQ(r->type_id, 2);
	ASSERT_EQ(r->access_str_off, 7);
	ASSERT_EQ(r->kind, BPF_CORE_FIELD_BYTE_OFFSET);
	ASSERT(btf_ext_info(ext, BTF_EXT_KIND_CNT) == NULL, "bad kind");
}

TEST(btf_ext_valid)
{
	struct ext_blob b;
	struct btf_ext *ext;
	struct btf *btf = ext_btf();
	const void *raw;
	__u32 size, rsz, rec;

	/* Minimal record size and a larger one (future fields skipped). */
	for (rec = 8; rec <= 16; rec += 8) {
		size = build_ext(&b, rec);
		ext = btf_ext__new((const __u8 *)b.w, size);
		ASSERT_PTR(ext);
		check_ext_records(ext, rec);
		ASSERT_EQ(btf_ext__endianness(ext), BTF_LITTLE_ENDIAN);
		raw = btf_ext__raw_data(ext, &rsz);
		ASSERT_EQ(rsz, size);
		ASSERT(!memcmp(raw, b.w, size), "raw data is the input");
		raw = btf_ext__get_raw_data(ext, &rsz);
		ASSERT_PTR(raw);
		ASSERT_EQ(btf_ext_check(ext, btf), 0);
		ASSERT_STREQ(btf_ext_sec_name(btf, &btf_ext_info(ext, BTF_EXT_FUNC_INFO)->secs[0]),
			     "a");
		btf_ext__free(ext);
	}
	/* A header without the CO-RE fields (24 bytes). */
	size = build_ext(&b, 8);
	b.w[1] = 24;
	memmove(&b.w[6], &b.w[8], size - 32);
	ext = btf_ext__new((const __u8 *)b.w, size - 8);
	ASSERT_PTR(ext);
	ASSERT_EQ(btf_ext_info(ext, BTF_EXT_CORE_RELO)->nr_secs, 0);
	ASSERT_EQ(btf_ext_info(ext, BTF_EXT_FUNC_INFO)->nr_secs, 1);
	btf_ext__free(ext);
	btf__free(btf);
}

TEST(btf_ext_big_endian)
{
	struct ext_blob b, be;
	struct btf_ext *ext;
	const void *raw;
	__u32 size, rsz;

	size = build_ext(&b, 12);
	be = b;
	swap_ext(be.w, size);
	ext = btf_ext__new((const __u8 *)be.w, size);
	ASSERT_PTR(ext);
	ASSERT_EQ(btf_ext__endianness(ext), BTF_BIG_ENDIAN);
	check_ext_records(ext, 12);
	raw = btf_ext__raw_data(ext, &rsz);
	ASSERT_EQ(rsz, size);
	ASSERT(!memcmp(raw, be.w, size), "big-endian bytes reproduced");
	ASSERT_OK(btf_ext__set_endianness(ext, BTF_LITTLE_ENDIAN));
	raw = btf_ext__raw_data(ext, &rsz);
	ASSERT(!memcmp(raw, b.w, size), "little-endian conversion");
	ASSERT_ERR(btf_ext__set_endianness(ext, 2), EINVAL);
	btf_ext__free(ext);
}

static void ext_bad_at(const __u32 *w, __u32 size, int line)
{
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	struct btf_ext *ext;
	int err;

	errno = 0;
	ext = btf_ext__new((const __u8 *)w, size);
	err = errno;
	libbpf_set_print(old);
	if (ext || err != EINVAL) {
		btf_ext__free(ext);
		test_fail(__FILE__, line, "malformed .BTF.ext: got %p errno %d", ext, err);
		test_abort();
	}
}

#define ext_bad(w, s) ext_bad_at(w, s, __LINE__)

TEST(btf_ext_malformed)
{
	struct ext_blob b;
	__u32 size = build_ext(&b, 8);
	const __u32 fi = 8 + b.w[2] / 4, li = 8 + b.w[4] / 4;

	ext_bad(NULL, 100);
	ext_bad(b.w, 0);
	ext_bad(b.w, 20);
#define MUT(stmt)                                                            \
	do {                                                                 \
		build_ext(&b, 8);                                            \
		stmt;                                                        \
		ext_bad(b.w, size);                                          \
	} while (0)
	MUT(b.w[0] ^= 1);                        /* magic */
	MUT(b.w[0] = BTF_MAGIC | (2 << 16));     /* version */
	MUT(b.w[0] = BTF_MAGIC | (1 << 16) | (1 << 24)); /* flags */
	MUT(b.w[1] = 20);                        /* header too short */
	MUT(b.w[1] = size + 4);                  /* header past the end */
	MUT(b.w[1] = 30);                        /* misaligned header */
	MUT(b.w[3] = size);                      /* func_info past the end */
	MUT(b.w[2] = 0xfffffff0);                /* offset wraps */
	MUT(b.w[4] += 2);                        /* misaligned line_info */
	MUT(b.w[7] = 2);                         /* core_relo without rec size */
	MUT(b.w[fi] = 4);                        /* func rec below minimum */
	MUT(b.w[fi] = 10);                       /* rec size not word multiple */
	MUT(b.w[li] = 12);                       /* line rec below minimum */
	MUT(b.w[fi + 2] = 0);                    /* section with no records */
	MUT(b.w[fi + 2] = 3);                    /* more records than bytes */
	MUT(b.w[fi + 2] = 0x20000001);           /* count overflowing */
	MUT(b.w[3] += 4);                        /* trailing half section hdr */
#undef MUT
	build_ext(&b, 8);
	struct btf_ext *ext = btf_ext__new((const __u8 *)b.w, size);

	ASSERT_PTR(ext);
	btf_ext__free(ext);
}

/* Offsets and ids checked against the BTF the .BTF.ext belongs to. */
TEST(btf_ext_check_against_btf)
{
	struct ext_blob b;
	struct btf *btf = ext_btf();
	libbpf_print_fn_t old;
	__u32 size = build_ext(&b, 8);
	const __u32 fi = 8 + b.w[2] / 4, li = 8 + b.w[4] / 4, cr = 8 + b.w[6] / 4;
	struct {
		__u32 idx, val;
	} bad[] = {
		{ fi + 1, 1000 },   /* section name */
		{ fi + 1, 0 },      /* empty section name */
		{ fi + 4, 99 },     /* func_info type id */
		{ li + 4, 1000 },   /* line_info file name */
		{ li + 5, 1000 },   /* line_info line */
		{ cr + 4, 3 },      /* core_relo type id */
		{ cr + 5, 1000 },   /* access string */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct btf_ext *ext;

		build_ext(&b, 8);
		b.w[bad[i].idx] = bad[i].val;
		ext = btf_ext__new((const __u8 *)b.w, size);
		ASSERT_PTR(ext);
		old = libbpf_set_print(NULL);
		CHECK_EQ(btf_ext_check(ext, btf), -EINVAL);
		libbpf_set_print(old);
		btf_ext__free(ext);
	}
	btf__free(btf);
}

TEST(btf_ext_flip_sweep)
{
	struct ext_blob b, m;
	struct btf *btf = ext_btf();
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	__u32 size = build_ext(&b, 12), i, accepted = 0;
	int big;

	for (big = 0; big < 2; big++) {
		if (big)
			swap_ext(b.w, size);
		for (i = 0; i <= size; i++) {
			struct btf_ext *ext;
			const struct btf_ext_sec *sec;
			const __u32 *rec;
			__u32 k, j, sum = 0;

			m = b;
			if (i < size)
				((unsigned char *)m.w)[i] ^= 0xff;
			ext = btf_ext__new((const __u8 *)m.w, i < size ? size : size / 2);
			if (!ext)
				continue;
			accepted++;
			for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
				const struct btf_ext_info *info = btf_ext_info(ext, k);

				for_each_btf_ext_sec(info, sec)
					for_each_btf_ext_rec(info, sec, j, rec)
						sum += rec[0] + rec[1];
			}
			btf_ext_check(ext, btf);
			btf_ext__raw_data(ext, &j);
			(void)sum;
			btf_ext__free(ext);
		}
	}
	libbpf_set_print(old);
	ASSERT_LT(accepted, 2 * size);
	btf__free(btf);
}

/* ---- ELF objects ---- */

TEST(btf_parse_elf_object)
{
	const char *obj = test_obj_path("btf_sample");
	struct btf_ext *ext = NULL;
	struct btf *btf, *again;
	const struct btf_type *t;
	const struct btf_ext_info *info;
	const struct bpf_core_relo *r;
	__s32 id, task;
	int i;

	btf = btf__parse_elf(obj, &ext);
	ASSERT_PTR(btf);
	ASSERT_PTR(ext);
	ASSERT_EQ(btf__pointer_size(btf), 8);
	id = btf__find_by_name_kind(btf, "btf_sample_pair", BTF_KIND_STRUCT);
	ASSERT_GT(id, 0);
	t = btf__type_by_id(btf, id);
	ASSERT_EQ(t->size, 24);
	ASSERT(btf_kflag(t), "bitfields use kflag");
	ASSERT_EQ(btf_vlen(t), 5);
	ASSERT_STREQ(btf__name_by_offset(btf, btf_members(t)[2].name_off), "mode");
	ASSERT_EQ(btf_member_bit_offset(t, 2), 35);
	ASSERT_EQ(btf_member_bitfield_size(t, 2), 5);
	ASSERT_EQ(btf__resolve_size(btf, btf__find_by_name(btf, "btf_sample_pair_t")), 24);
	ASSERT_EQ(btf__align_of(btf, id), 8);
	id = btf__find_by_name_kind(btf, "btf_sample_color", BTF_KIND_ENUM);
	ASSERT_GT(id, 0);
	ASSERT_EQ(btf_vlen(btf__type_by_id(btf, id)), 3);
	ASSERT_GT(btf__find_by_name_kind(btf, ".data", BTF_KIND_DATASEC), 0);
	ASSERT_GT(btf__find_by_name_kind(btf, "btf_sample_helper", BTF_KIND_FUNC), 0);
	task = btf__find_by_name_kind(btf, "btf_sample_task", BTF_KIND_STRUCT);
	ASSERT_GT(task, 0);

	/* .BTF.ext: both functions have func_info, there are line infos,
	 * and the t->tgid access is a CO-RE field offset relocation. */
	ASSERT_EQ(btf_ext_check(ext, btf), 0);
	info = btf_ext_info(ext, BTF_EXT_FUNC_INFO);
	ASSERT_EQ(info->nr_secs, 2);
	ASSERT_GT(btf_ext_info(ext, BTF_EXT_LINE_INFO)->nr_secs, 0);
	info = btf_ext_info(ext, BTF_EXT_CORE_RELO);
	ASSERT_EQ(info->nr_secs, 1);
	ASSERT_STREQ(btf_ext_sec_name(btf, &info->secs[0]), "socket");
	r = info->secs[0].data;
	for (i = 0; i < (int)info->secs[0].num_info; i++, r++)
		if (r->type_id == (__u32)task)
			break;
	ASSERT_LT(i, (int)info->secs[0].num_info);
	ASSERT_STREQ(btf__name_by_offset(btf, r->access_str_off), "0:1");
	ASSERT_EQ(r->kind, BPF_CORE_FIELD_BYTE_OFFSET);
	btf_ext__free(ext);

	/* btf__parse() falls back to ELF; the split/no-ext variants agree. */
	again = btf__parse(obj, &ext);
	ASSERT_PTR(again);
	ASSERT_PTR(ext);
	ASSERT_EQ(btf__type_cnt(again), btf__type_cnt(btf));
	btf_ext__free(ext);
	btf__free(again);
	again = btf__parse_elf(obj, NULL);
	ASSERT_PTR(again);
	btf__free(again);
	again = btf__parse_split(obj, NULL);
	ASSERT_PTR(again);
	btf__free(again);
	btf__free(btf);
}

TEST(btf_parse_elf_errors)
{
	struct btf_ext *ext = (struct btf_ext *)1;
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	char path[64], cmd[1024];
	FILE *f;

	ASSERT(btf__parse_elf("/nonexistent/bpfkit.o", &ext) == NULL, "missing file");
	ASSERT(ext == NULL, "ext reset");
	ASSERT_EQ(errno, ENOENT);
	snprintf(path, sizeof(path), "/tmp/bpfkit-notelf-%d", getpid());
	f = fopen(path, "w");
	ASSERT_PTR(f);
	fputs("this is neither BTF nor ELF", f);
	fclose(f);
	ASSERT(btf__parse(path, &ext) == NULL, "garbage");
	ASSERT(btf__parse_elf(path, NULL) == NULL, "garbage as ELF");
	unlink(path);

	/* A valid object without .BTF (stripped with llvm-objcopy). */
	snprintf(cmd, sizeof(cmd),
		 "llvm-objcopy --remove-section=.BTF --remove-section=.BTF.ext "
		 "--remove-section=.rel.BTF --remove-section=.rel.BTF.ext %s %s 2>/dev/null",
		 test_obj_path("btf_sample"), path);
	if (system(cmd) == 0) {
		ASSERT(btf__parse_elf(path, &ext) == NULL, "object without .BTF");
		ASSERT_EQ(errno, ENODATA);
		ASSERT(btf__parse(path, NULL) == NULL, "object without .BTF");
		ASSERT_EQ(errno, ENODATA);
		unlink(path);
	} else {
		test_log("llvm-objcopy unavailable: no-.BTF case not run\n");
	}
	libbpf_set_print(old);
}

/* The object's .BTF.ext, byte-swapped by the test, parses identically. */
TEST(btf_ext_object_big_endian)
{
	struct elf_file *ef;
	const struct elf_sec *sec;
	struct btf_ext *le, *be;
	__u32 *copy, k, size;

	ASSERT_EQ(elf_open_file(test_obj_path("btf_sample"), &ef), 0);
	sec = elf_sec_by_name(ef, BTF_EXT_ELF_SEC);
	ASSERT_PTR(sec);
	size = sec->size;
	copy = malloc(size);
	memcpy(copy, sec->data, size);
	elf_close(ef);
	le = btf_ext__new((const __u8 *)copy, size);
	ASSERT_PTR(le);
	swap_ext(copy, size);
	be = btf_ext__new((const __u8 *)copy, size);
	ASSERT_PTR(be);
	for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
		const struct btf_ext_info *a = btf_ext_info(le, k), *b = btf_ext_info(be, k);
		__u32 s;

		ASSERT_EQ(a->nr_secs, b->nr_secs);
		ASSERT_EQ(a->rec_size, b->rec_size);
		for (s = 0; s < a->nr_secs; s++) {
			ASSERT_EQ(a->secs[s].num_info, b->secs[s].num_info);
			ASSERT(!memcmp(a->secs[s].data, b->secs[s].data,
				       a->secs[s].num_info * a->rec_size),
			       "records of kind %u section %u", k, s);
		}
	}
	btf_ext__free(be);
	btf_ext__free(le);
	free(copy);
}

/* ---- kernel ---- */

KTEST(btf_load_into_kernel)
{
	struct btf *btf = btf__new_empty(), *back;
	struct bpf_btf_info info;
	__u32 len = sizeof(info);
	int fd, s, bad;

	ASSERT_PTR(btf);
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1);
	s = btf__add_struct(btf, "bpfkit_kern_s", 8);
	ASSERT_OK(btf__add_field(btf, "a", 1, 0, 0));
	ASSERT_OK(btf__add_field(btf, "b", 1, 32, 0));
	ASSERT_EQ(btf__fd(btf), -1);
	/* Even a BTF set to emit big-endian is loaded in host order. */
	ASSERT_OK(btf__set_endianness(btf, BTF_BIG_ENDIAN));
	ASSERT_OK(btf__load_into_kernel(btf));
	fd = btf__fd(btf);
	ASSERT_GT(fd, 2);
	ASSERT_ERR(btf__load_into_kernel(btf), EEXIST);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(bpf_btf_get_info_by_fd(fd, &info, &len), 0);
	ASSERT_GT(info.id, 0);
	back = btf__load_from_kernel_by_id(info.id);
	ASSERT_PTR(back);
	ASSERT_EQ(btf__type_cnt(back), 3);
	ASSERT_EQ(btf__find_by_name_kind(back, "bpfkit_kern_s", BTF_KIND_STRUCT), s);
	ASSERT_EQ(btf__fd(back), -1);
	btf__free(back);
	btf__free(btf); /* closes fd */

	/* The kernel refuses a FUNC whose type is not a FUNC_PROTO. */
	btf = btf__new_empty();
	ASSERT_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1);
	ASSERT_EQ(btf__add_func(btf, "f", BTF_FUNC_GLOBAL, 1), 2);
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	bad = btf__load_into_kernel(btf);
	libbpf_set_print(old);
	ASSERT_LT(bad, 0);
	ASSERT_EQ(btf__fd(btf), -1);
	btf__free(btf);
	old = libbpf_set_print(NULL);
	ASSERT(btf__load_from_kernel_by_id(0x7ffffff0) == NULL, "no such id");
	libbpf_set_print(old);
	ASSERT_EQ(errno, ENOENT);
}

/* The kernel's own vmlinux BTF object, fetched by id, equals sysfs. */
KTEST(btf_load_vmlinux_by_id)
{
	struct bpf_btf_info info;
	char name[64];
	__u32 id = 0, len, found = 0;
	struct btf *btf;
	int fd;

	if (access(VMLINUX, R_OK))
		test_skip(true, "no %s", VMLINUX);
	while (!found && !bpf_btf_get_next_id(id, &id)) {
		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		info.name = (__u64)(unsigned long)name;
		info.name_len = sizeof(name);
		len = sizeof(info);
		if (!bpf_btf_get_info_by_fd(fd, &info, &len) && info.kernel_btf &&
		    !strcmp(name, "vmlinux"))
			found = id;
		close(fd);
	}
	if (!found)
		test_skip(true, "vmlinux BTF object not visible through bpf()");
	btf = btf__load_from_kernel_by_id(found);
	ASSERT_PTR(btf);
	ASSERT_EQ(btf__type_cnt(btf), btf__type_cnt(vmlinux_btf()));
	ASSERT_EQ(btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT),
		  btf__find_by_name_kind(vmlinux_btf(), "task_struct", BTF_KIND_STRUCT));
	btf__free(btf);
}
