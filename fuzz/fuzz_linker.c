// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the static linker. The input is one object, or two
 * when it starts with a little-endian 32-bit length n smaller than the rest
 * (first object: the next n bytes, second: what follows). The objects are
 * linked into a memfd; whenever that works, the output must parse again
 * with our ELF reader and open as a BPF object, or the target traps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "elf.h"
#include "libbpf_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

static void check_output(int fd)
{
	struct bpf_object *obj;
	struct elf_file *ef;
	size_t len = 0;
	void *buf = NULL;

	if (lseek(fd, 0, SEEK_SET) || read_fd_all(fd, &buf, &len, 1u << 28))
		__builtin_trap();
	if (elf_open_mem(buf, len, "linked", &ef))
		__builtin_trap();
	elf_close(ef);
	obj = bpf_object__open_mem(buf, len, NULL);
	bpf_object__close(obj);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpf_linker *l;
	uint32_t n = 0;
	int fd, err;

	fd = memfd_create("fuzz_linker", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	l = bpf_linker__new_fd(fd, NULL);
	if (!l) {
		close(fd);
		return 0;
	}
	if (size >= 4)
		memcpy(&n, data, 4);
	if (size >= 4 && n < size - 4) {
		err = bpf_linker__add_buf(l, (void *)(data + 4), n ? n : 1, NULL);
		if (!err && size - 4 - n)
			err = bpf_linker__add_buf(l, (void *)(data + 4 + n), size - 4 - n, NULL);
	} else {
		err = size ? bpf_linker__add_buf(l, (void *)data, size, NULL) : -1;
	}
	if (!err && !bpf_linker__finalize(l))
		check_output(fd);
	bpf_linker__free(l);
	close(fd);
	return 0;
}
