// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BTF from ELF objects: the .BTF and .BTF.ext sections, and btf__parse()
 * which accepts either a raw BTF file or an ELF file. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "btf_ext.h"
#include "btf_internal.h"
#include "elf.h"

#define PATH_MAX_BTF 512

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

/* .BTF split on the distilled .BTF.base of the object (kernel modules built
 * out of tree): relocated onto base when one is given, else the split BTF
 * keeps the distilled base and frees it with itself. */
static struct btf *split_on_distilled(const void *data, __u32 size, const void *dist_data,
				      __u32 dist_size, struct btf *base)
{
	struct btf *dist, *btf;
	int err;

	dist = btf__new(dist_data, dist_size);
	if (!dist)
		return NULL;
	dist->ptr_sz = 8;
	btf = btf__new_split(data, size, dist);
	if (!btf) {
		err = -errno;
		btf__free(dist);
		return libbpf_err_ptr(err);
	}
	btf->owns_base = true;
	if (base) {
		/* on success the distilled base is freed and base taken */
		err = btf__relocate(btf, base);
		if (err) {
			btf__free(btf);
			return libbpf_err_ptr(err);
		}
	}
	return btf;
}

static struct btf *parse_elf(const char *path, struct btf *base, struct btf_ext **ext)
{
	struct elf_file *ef = NULL;
	const void *data, *ext_data, *dist_data;
	__u32 size, ext_size, dist_size;
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
	if (!err)
		err = sec_data(ef, BTF_BASE_ELF_SEC, &dist_data, &dist_size);
	if (err)
		goto out;
	if (dist_data)
		btf = split_on_distilled(data, size, dist_data, dist_size, base);
	else
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

/* Where distributions keep an uncompressed vmlinux with BTF when the kernel
 * does not expose /sys/kernel/btf/vmlinux; %s is the release. */
static const char *const vmlinux_paths[] = {
	"/boot/vmlinux-%s",
	"/lib/modules/%s/vmlinux-%s",
	"/lib/modules/%s/build/vmlinux",
	"/usr/lib/modules/%s/kernel/vmlinux",
	"/usr/lib/debug/boot/vmlinux-%s",
	"/usr/lib/debug/boot/vmlinux-%s.debug",
	"/usr/lib/debug/lib/modules/%s/vmlinux",
};

struct btf *btf_load_vmlinux_fallback(void)
{
	struct utsname u;
	char path[PATH_MAX_BTF];
	size_t i;

	if (uname(&u))
		return libbpf_err_ptr(-errno);
	for (i = 0; i < ARRAY_SIZE(vmlinux_paths); i++) {
		struct btf *btf;

		/* Every format has at most two %s, both the release. */
		snprintf(path, sizeof(path), vmlinux_paths[i], u.release, u.release);
		if (access(path, R_OK))
			continue;
		btf = btf__parse(path, NULL);
		if (btf)
			return btf;
		pr_warn("BTF: %s: no usable BTF (%s)\n", path, errstr(-errno));
	}
	pr_warn("BTF: no kernel BTF: /sys/kernel/btf/vmlinux and vmlinux images missing\n");
	return libbpf_err_ptr(-ESRCH);
}
