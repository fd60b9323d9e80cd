// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BTF from ELF objects: the .BTF and .BTF.ext sections, and btf__parse()
 * which accepts either a raw BTF file or an ELF file. */
#include "btf_ext.h"
#include "btf_internal.h"
#include "elf.h"

/* Data of a named section, or NULL when absent; -EINVAL if it has none. */
static int sec_data(struct elf_file *ef, const char *name, const void **data, __u32 *size)
{
	const struct elf_sec *sec = elf_sec_by_name(ef, name);

	*data = NULL;
	*size = 0;
	if (!sec)
		return 0;
	if (!sec->data || sec->size > UINT32_MAX) {
		pr_warn("BTF: %s: section %s has no usable data\n", elf_name(ef), name);
		return -EINVAL;
	}
	*data = sec->data;
	*size = sec->size;
	return 0;
}

static struct btf *parse_elf(const char *path, struct btf *base, struct btf_ext **ext)
{
	struct elf_file *ef = NULL;
	const void *data, *ext_data;
	__u32 size, ext_size;
	struct btf *btf = NULL;
	int err;

	if (ext)
		*ext = NULL;
	if (!path)
		return libbpf_err_ptr(-EINVAL);
	err = elf_open_file(path, &ef);
	if (err)
		return libbpf_err_ptr(err);
	err = sec_data(ef, BTF_ELF_SEC, &data, &size);
	if (!err && !data) {
		pr_warn("BTF: %s has no %s section\n", path, BTF_ELF_SEC);
		err = -ENODATA;
	}
	if (!err && ext)
		err = sec_data(ef, BTF_EXT_ELF_SEC, &ext_data, &ext_size);
	if (err)
		goto out;
	btf = btf__new_split(data, size, base);
	if (!btf) {
		err = -errno;
		goto out;
	}
	/* bpfkit reads ELF64 only: 64-bit pointers. */
	btf->ptr_sz = 8;
	if (ext && ext_data) {
		*ext = btf_ext__new(ext_data, ext_size);
		if (!*ext) {
			err = -errno;
			btf__free(btf);
			btf = NULL;
		}
	}
out:
	elf_close(ef);
	return btf ? btf : libbpf_err_ptr(err);
}

LIBBPF_API struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext)
{
	return parse_elf(path, NULL, btf_ext);
}

LIBBPF_API struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf)
{
	return parse_elf(path, base_btf, NULL);
}

static struct btf *parse_any(const char *path, struct btf *base, struct btf_ext **ext)
{
	struct btf *btf;

	if (ext)
		*ext = NULL;
	btf = btf__parse_raw_split(path, base);
	if (btf || errno != EPROTO)
		return btf;
	/* Not raw BTF: try it as an ELF object. */
	return parse_elf(path, base, ext);
}

LIBBPF_API struct btf *btf__parse(const char *path, struct btf_ext **btf_ext)
{
	return parse_any(path, NULL, btf_ext);
}

LIBBPF_API struct btf *btf__parse_split(const char *path, struct btf *base_btf)
{
	return parse_any(path, base_btf, NULL);
}
