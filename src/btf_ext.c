// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * .BTF.ext parsing: func_info, line_info and CO-RE relocation records,
 * grouped by program section. The blob is copied once, converted to host
 * order and fully bounds-checked; the loader then walks it through the
 * helpers of btf_ext.h.
 */
#include <byteswap.h>
#include <stdlib.h>

#include "btf_ext.h"
#include "btf_internal.h"

/* On-disk header; the CO-RE fields exist when hdr_len covers them. */
struct btf_ext_hdr {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	__u32 core_relo_off;
	__u32 core_relo_len;
};

#define EXT_HDR_MIN offsetof(struct btf_ext_hdr, core_relo_off)

struct btf_ext {
	void *data;             /* host-order copy of the blob, after the struct */
	__u32 size;
	bool big_endian;        /* endianness emitted by raw_data() */
	void *raw_cache;        /* foreign-order copy for raw_data() */
	struct btf_ext_hdr hdr; /* host order; missing fields zero */
	struct btf_ext_info info[BTF_EXT_KIND_CNT];
	struct btf_ext_sec *secs_mem; /* the secs of every kind */
};

static const char *const ext_kind_names[BTF_EXT_KIND_CNT] = {
	"func_info", "line_info", "core_relo",
};

static const __u32 ext_min_rec[BTF_EXT_KIND_CNT] = {
	BTF_EXT_FUNC_INFO_MIN_REC, BTF_EXT_LINE_INFO_MIN_REC, BTF_EXT_CORE_RELO_MIN_REC,
};

static __u32 ext_off(const struct btf_ext_hdr *h, int kind)
{
	const __u32 offs[] = { h->func_info_off, h->line_info_off, h->core_relo_off };

	return offs[kind];
}

static __u32 ext_len(const struct btf_ext_hdr *h, int kind)
{
	const __u32 lens[] = { h->func_info_len, h->line_info_len, h->core_relo_len };

	return lens[kind];
}

/* Swap the header words of a blob of size bytes (at least EXT_HDR_MIN). */
static void swap_hdr(void *data, __u32 size, bool to_host)
{
	struct btf_ext_hdr *h = data;
	__u32 hdr_len = to_host ? bswap_32(h->hdr_len) : h->hdr_len, i, n;
	__u32 *w = &h->hdr_len;

	h->magic = bswap_16(h->magic);
	hdr_len = min(hdr_len, min(size, (__u32)sizeof(*h)));
	if (hdr_len < EXT_HDR_MIN)
		hdr_len = EXT_HDR_MIN;
	n = (hdr_len - offsetof(struct btf_ext_hdr, hdr_len)) / 4;
	for (i = 0; i < n; i++)
		w[i] = bswap_32(w[i]);
}

/* Swap an info area (rec_size, section headers, known record fields).
 * Never reads outside [p, p + len); stops at the first inconsistency,
 * which the host-order validation then reports. */
static void swap_info(char *p, __u32 len, __u32 min_rec, bool to_host)
{
	__u32 rec_size, pos, n, i, w;

	if (len < 4)
		return;
	rec_size = *(__u32 *)p;
	*(__u32 *)p = bswap_32(rec_size);
	if (to_host)
		rec_size = bswap_32(rec_size);
	if (rec_size < min_rec || rec_size % 4)
		return;
	pos = 4;
	while (len - pos >= 8) {
		__u32 *sh = (__u32 *)(p + pos);

		n = sh[1];
		sh[0] = bswap_32(sh[0]);
		sh[1] = bswap_32(sh[1]);
		if (to_host)
			n = sh[1];
		pos += 8;
		if (!n || n > (len - pos) / rec_size)
			return;
		for (i = 0; i < n; i++, pos += rec_size)
			for (w = 0; w < min_rec / 4; w++)
				((__u32 *)(p + pos))[w] = bswap_32(((__u32 *)(p + pos))[w]);
	}
}

static int parse_hdr(struct btf_ext *ext)
{
	struct btf_ext_hdr *h = &ext->hdr;
	__u64 end;
	int k;

	if (ext->size < EXT_HDR_MIN) {
		pr_warn("BTF.ext: %u bytes is smaller than the header\n", ext->size);
		return -EINVAL;
	}
	memcpy(h, ext->data, min((size_t)ext->size, sizeof(*h)));
	if (h->version != BTF_VERSION) {
		pr_warn("BTF.ext: unsupported version %u\n", h->version);
		return -EINVAL;
	}
	if (h->flags) {
		pr_warn("BTF.ext: unsupported flags 0x%x\n", h->flags);
		return -EINVAL;
	}
	if (h->hdr_len < EXT_HDR_MIN || h->hdr_len > ext->size || h->hdr_len % 4) {
		pr_warn("BTF.ext: invalid header length %u (blob %u bytes)\n", h->hdr_len,
			ext->size);
		return -EINVAL;
	}
	if (h->hdr_len < sizeof(*h))
		h->core_relo_off = h->core_relo_len = 0;
	for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
		end = (__u64)h->hdr_len + ext_off(h, k) + ext_len(h, k);
		if (!ext_len(h, k))
			continue;
		if (end > ext->size || ext_off(h, k) % 4) {
			pr_warn("BTF.ext: %s [%u,+%u) outside the %u-byte blob or misaligned\n",
				ext_kind_names[k], ext_off(h, k), ext_len(h, k), ext->size);
			return -EINVAL;
		}
	}
	return 0;
}

/* Count sections and check every bound of one info area (host order). */
static int scan_info(const char *p, __u32 len, int kind, __u32 *rec_size, __u32 *nr_secs)
{
	__u32 pos = 4, n, cnt = 0;

	if (len < 4) {
		pr_warn("BTF.ext: %s area of %u bytes has no record size\n", ext_kind_names[kind],
			len);
		return -EINVAL;
	}
	*rec_size = *(const __u32 *)p;
	if (*rec_size < ext_min_rec[kind] || *rec_size % 4) {
		pr_warn("BTF.ext: %s record size %u invalid (minimum %u)\n", ext_kind_names[kind],
			*rec_size, ext_min_rec[kind]);
		return -EINVAL;
	}
	while (pos < len) {
		const __u32 *sh = (const __u32 *)(p + pos);

		if (len - pos < 8) {
			pr_warn("BTF.ext: %s section %u: truncated header\n", ext_kind_names[kind],
				cnt);
			return -EINVAL;
		}
		n = sh[1];
		pos += 8;
		if (!n || n > (len - pos) / *rec_size) {
			pr_warn("BTF.ext: %s section %u: %u records of %u bytes don't fit in %u bytes\n",
				ext_kind_names[kind], cnt, n, *rec_size, len - pos);
			return -EINVAL;
		}
		pos += n * *rec_size;
		cnt++;
	}
	*nr_secs = cnt;
	return 0;
}

/* Section tables of every kind in one array (ext->secs_mem): sizes first,
 * then the entries. */
static int parse_infos(struct btf_ext *ext)
{
	const char *p[BTF_EXT_KIND_CNT] = {};
	struct btf_ext_sec *secs;
	__u32 total = 0, pos, i;
	int k, err;

	for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
		struct btf_ext_info *info = &ext->info[k];
		__u32 len = ext_len(&ext->hdr, k);

		if (!len)
			continue;
		p[k] = (const char *)ext->data + ext->hdr.hdr_len + ext_off(&ext->hdr, k);
		err = scan_info(p[k], len, k, &info->rec_size, &info->nr_secs);
		if (err)
			return err;
		total += info->nr_secs;
	}
	secs = calloc(total ? total : 1, sizeof(*secs));
	if (!secs)
		return -ENOMEM;
	ext->secs_mem = secs;
	for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
		struct btf_ext_info *info = &ext->info[k];

		if (!p[k])
			continue;
		info->secs = secs;
		secs += info->nr_secs;
		for (i = 0, pos = 4; i < info->nr_secs; i++) {
			const __u32 *sh = (const __u32 *)(p[k] + pos);

			info->secs[i].sec_name_off = sh[0];
			info->secs[i].num_info = sh[1];
			info->secs[i].data = sh + 2;
			pos += 8 + sh[1] * info->rec_size;
		}
	}
	return 0;
}

LIBBPF_API void btf_ext__free(struct btf_ext *ext)
{
	if (!ext)
		return;
	free(ext->secs_mem);
	free(ext->raw_cache);
	free(ext);	/* data with it */
}

static void swap_areas(struct btf_ext *ext, char *data, const struct btf_ext_hdr *h,
		       bool to_host)
{
	int k;

	for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
		__u64 end = (__u64)h->hdr_len + ext_off(h, k) + ext_len(h, k);

		/* Bounds are re-checked here because on the parse path the
		 * header is not validated yet. */
		if (!ext_len(h, k) || end > ext->size || ext_off(h, k) % 4 ||
		    h->hdr_len % 4 || h->hdr_len < EXT_HDR_MIN)
			continue;
		swap_info(data + h->hdr_len + ext_off(h, k), ext_len(h, k), ext_min_rec[k],
			  to_host);
	}
}

LIBBPF_API struct btf_ext *btf_ext__new(const __u8 *data, __u32 size)
{
	struct btf_ext *ext;
	int err = -EINVAL;
	__u16 magic;

	if (!data || size < EXT_HDR_MIN) {
		pr_warn("BTF.ext: missing or too short data (%u bytes)\n", size);
		return libbpf_err_ptr(-EINVAL);
	}
	memcpy(&magic, data, sizeof(magic));
	if (magic != BTF_MAGIC && magic != bswap_16(BTF_MAGIC)) {
		pr_warn("BTF.ext: bad magic 0x%04x\n", magic);
		return libbpf_err_ptr(-EINVAL);
	}
	/* the copy of the blob follows the struct in the same block */
	ext = malloc(sizeof(*ext) + size);
	if (!ext)
		return libbpf_err_ptr(-ENOMEM);
	memset(ext, 0, sizeof(*ext));
	ext->data = ext + 1;
	memcpy(ext->data, data, size);
	ext->size = size;
	ext->big_endian = host_is_big_endian();
	if (magic != BTF_MAGIC) {
		struct btf_ext_hdr h = {};

		ext->big_endian = !ext->big_endian;
		swap_hdr(ext->data, size, true);
		/* A short blob or header has no CO-RE fields: read only what
		 * the header covers, the rest stays zero (no area). */
		memcpy(&h, ext->data, min(size, (__u32)sizeof(h)));
		if (h.hdr_len < sizeof(h))
			memset((char *)&h + max(h.hdr_len, (__u32)EXT_HDR_MIN), 0,
			       sizeof(h) - max(h.hdr_len, (__u32)EXT_HDR_MIN));
		swap_areas(ext, ext->data, &h, true);
	}
	err = parse_hdr(ext);
	err = err ?: parse_infos(ext);
	if (!err)
		return ext;
	btf_ext__free(ext);
	return libbpf_err_ptr(err);
}

LIBBPF_API const void *btf_ext__raw_data(const struct btf_ext *cext, __u32 *size)
{
	struct btf_ext *ext = (struct btf_ext *)cext;
	char *copy;

	if (size)
		*size = ext->size;
	if (ext->big_endian == host_is_big_endian())
		return ext->data;
	if (ext->raw_cache)
		return ext->raw_cache;
	copy = malloc(ext->size);
	if (!copy)
		return libbpf_err_ptr(-ENOMEM);
	memcpy(copy, ext->data, ext->size);
	/* Areas first: they are located through the host-order header. */
	swap_areas(ext, copy, &ext->hdr, false);
	swap_hdr(copy, ext->size, false);
	ext->raw_cache = copy;
	return copy;
}

LIBBPF_API const void *btf_ext__get_raw_data(const struct btf_ext *ext, __u32 *size)
{
	return btf_ext__raw_data(ext, size);
}

LIBBPF_API enum btf_endianness btf_ext__endianness(const struct btf_ext *ext)
{
	return ext->big_endian ? BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN;
}

LIBBPF_API int btf_ext__set_endianness(struct btf_ext *ext, enum btf_endianness endian)
{
	if (endian != BTF_LITTLE_ENDIAN && endian != BTF_BIG_ENDIAN) {
		pr_warn("BTF.ext: invalid endianness %d\n", endian);
		return libbpf_err(-EINVAL);
	}
	ext->big_endian = endian == BTF_BIG_ENDIAN;
	free(ext->raw_cache);
	ext->raw_cache = NULL;
	return 0;
}

/* ---- loader helpers ---- */

const struct btf_ext_info *btf_ext_info(const struct btf_ext *ext, enum btf_ext_kind kind)
{
	if (!ext || kind >= BTF_EXT_KIND_CNT)
		return NULL;
	return &ext->info[kind];
}

const char *btf_ext_sec_name(const struct btf *btf, const struct btf_ext_sec *sec)
{
	const char *s = btf__str_by_offset(btf, sec->sec_name_off);

	return s && *s ? s : NULL;
}

static int bad_rec(int kind, const char *sec, __u32 i, const char *why, __u32 v)
{
	pr_warn("BTF.ext: %s of section '%s' record %u: %s %u\n", ext_kind_names[kind], sec, i,
		why, v);
	return -EINVAL;
}

static int check_rec(const struct btf *btf, int kind, const char *sec, __u32 i,
		     const __u32 *rec)
{
	__u32 cnt = btf__type_cnt(btf);

	switch (kind) {
	case BTF_EXT_FUNC_INFO:
		if (rec[1] >= cnt)
			return bad_rec(kind, sec, i, "type id out of range:", rec[1]);
		return 0;
	case BTF_EXT_LINE_INFO:
		if (!btf__str_by_offset(btf, rec[1]))
			return bad_rec(kind, sec, i, "invalid file name offset", rec[1]);
		if (!btf__str_by_offset(btf, rec[2]))
			return bad_rec(kind, sec, i, "invalid line offset", rec[2]);
		return 0;
	default:
		if (rec[1] >= cnt)
			return bad_rec(kind, sec, i, "type id out of range:", rec[1]);
		if (!btf__str_by_offset(btf, rec[2]))
			return bad_rec(kind, sec, i, "invalid access string offset", rec[2]);
		return 0;
	}
}

int btf_ext_check(const struct btf_ext *ext, const struct btf *btf)
{
	const struct btf_ext_sec *sec;
	const __u32 *rec;
	int k, err;
	__u32 i;

	for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
		const struct btf_ext_info *info = &ext->info[k];

		for_each_btf_ext_sec(info, sec) {
			const char *name = btf_ext_sec_name(btf, sec);

			if (!name) {
				pr_warn("BTF.ext: %s: invalid section name offset %u\n",
					ext_kind_names[k], sec->sec_name_off);
				return -EINVAL;
			}
			for_each_btf_ext_rec(info, sec, i, rec) {
				err = check_rec(btf, k, name, i, rec);
				if (err)
					return err;
			}
		}
	}
	return 0;
}

static int visit_rec(int kind, __u32 *rec, int (*str_fn)(__u32 *, void *),
		     int (*id_fn)(__u32 *, void *), void *ctx)
{
	int err;

	switch (kind) {
	case BTF_EXT_FUNC_INFO:
		return id_fn(&rec[1], ctx);
	case BTF_EXT_LINE_INFO:
		err = str_fn(&rec[1], ctx);
		return err ? err : str_fn(&rec[2], ctx);
	default:
		err = id_fn(&rec[1], ctx);
		return err ? err : str_fn(&rec[2], ctx);
	}
}

int btf_ext_visit(struct btf_ext *ext, int (*str_fn)(__u32 *off, void *ctx),
		  int (*id_fn)(__u32 *id, void *ctx), void *ctx)
{
	int k, err;
	__u32 s, i;

	free(ext->raw_cache);
	ext->raw_cache = NULL;
	for (k = 0; k < BTF_EXT_KIND_CNT; k++) {
		struct btf_ext_info *info = &ext->info[k];

		for (s = 0; s < info->nr_secs; s++) {
			struct btf_ext_sec *sec = &info->secs[s];
			/* The section header sits right before its records. */
			__u32 *hdr = (__u32 *)sec->data - 2;
			char *rec = (char *)sec->data;

			err = str_fn(&hdr[0], ctx);
			if (err)
				return err;
			sec->sec_name_off = hdr[0];
			for (i = 0; i < sec->num_info; i++, rec += info->rec_size) {
				err = visit_rec(k, (__u32 *)rec, str_fn, id_fn, ctx);
				if (err)
					return err;
			}
		}
	}
	return 0;
}
