// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BTF and the kernel: loading a BTF object, fetching one by id. */
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "btf_internal.h"

/* Largest verifier log we grow to when explaining a rejected BTF. */
#define BTF_LOG_MAX (16u << 20)

/* On failure, load again with a log so the one warning line says why. */
static void report_load_failure(const void *raw, __u32 size, int err)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts);
	__u32 log_size = 64 * 1024;
	char *log = NULL;
	int fd = -1;

	for (; log_size <= BTF_LOG_MAX; log_size *= 4) {
		char *p = realloc(log, log_size);

		if (!p)
			break;
		log = p;
		log[0] = 0;
		opts.log_buf = log;
		opts.log_size = log_size;
		opts.log_level = 1;
		fd = bpf_btf_load(raw, size, &opts);
		if (fd >= 0 || errno != ENOSPC)
			break;
	}
	if (fd >= 0)
		close(fd);
	pr_warn("BTF: kernel rejected BTF (%u bytes): %s%s%s\n", size, errstr(err),
		log && log[0] ? "\n" : "", log ? log : "");
	free(log);
}

LIBBPF_API int btf__load_into_kernel(struct btf *btf)
{
	void *raw;
	__u32 size;
	int fd, err;

	if (btf->fd >= 0) {
		pr_warn("BTF: already loaded (fd %d)\n", btf->fd);
		return libbpf_err(-EEXIST);
	}
	/* The kernel takes BTF in its own byte order, whatever btf emits. */
	raw = btf_serialize(btf, &size);
	if (!raw)
		return libbpf_err(-ENOMEM);
	fd = bpf_btf_load(raw, size, NULL);
	if (fd < 0) {
		err = -errno;
		report_load_failure(raw, size, err);
		free(raw);
		return libbpf_err(err);
	}
	free(raw);
	btf->fd = fd;
	return 0;
}

/* Copy out the raw BTF of a kernel BTF object. */
static int fetch_btf(int fd, void **data, __u32 *size)
{
	struct bpf_btf_info info;
	__u32 len, want = 4096;
	void *buf = NULL;
	int err, tries;

	for (tries = 0; tries < 4; tries++) {
		void *p = realloc(buf, want);

		if (!p) {
			free(buf);
			return -ENOMEM;
		}
		buf = p;
		memset(&info, 0, sizeof(info));
		info.btf = ptr_to_u64(buf);
		info.btf_size = want;
		len = sizeof(info);
		err = bpf_btf_get_info_by_fd(fd, &info, &len);
		if (err) {
			err = -errno;
			free(buf);
			return err;
		}
		if (info.btf_size <= want) {
			*data = buf;
			*size = info.btf_size;
			return 0;
		}
		/* Too small: the kernel told us the real size. */
		want = info.btf_size;
	}
	free(buf);
	return -E2BIG;
}

LIBBPF_API struct btf *btf__load_from_kernel_by_id_split(__u32 id, struct btf *base_btf)
{
	struct btf *btf;
	void *data = NULL;
	__u32 size = 0;
	int fd, err;

	fd = bpf_btf_get_fd_by_id(id);
	if (fd < 0) {
		err = -errno;
		pr_warn("BTF: can't get fd of kernel BTF id %u: %s\n", id, errstr(err));
		return libbpf_err_ptr(err);
	}
	err = fetch_btf(fd, &data, &size);
	close(fd);
	if (err) {
		pr_warn("BTF: can't read kernel BTF id %u: %s\n", id, errstr(err));
		return libbpf_err_ptr(err);
	}
	btf = btf_new_from_blob(data, size, false, base_btf);
	return libbpf_ptr(btf);
}

LIBBPF_API struct btf *btf__load_from_kernel_by_id(__u32 id)
{
	return btf__load_from_kernel_by_id_split(id, NULL);
}
