// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * ELF64 writer for the static linker. The image is built in memory (BPF
 * objects are small) and written with one loop of write() calls; the
 * section name table is appended last.
 */
#include <elf.h>
#include <stdlib.h>
#include <unistd.h>

#include "elf_write.h"
#include "libbpf_internal.h"

struct elfw_sec {
	Elf64_Shdr hdr;
	const void *data;
};

struct elf_writer {
	struct elfw_sec *secs;  /* [0] is the null section */
	size_t cnt, cap;
	char *names;            /* section name table being built */
	size_t names_len, names_cap;
};

static int names_add(struct elf_writer *w, const char *s)
{
	size_t len = strlen(s) + 1, off = w->names_len;

	if (libbpf_ensure_mem((void **)&w->names, &w->names_cap, 1, off + len))
		return -ENOMEM;
	memcpy(w->names + off, s, len);
	w->names_len += len;
	return (int)off;
}

struct elf_writer *elfw_new(void)
{
	struct elf_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	/* null section and the empty name at offset 0 */
	if (libbpf_ensure_mem((void **)&w->secs, &w->cap, sizeof(*w->secs), 1) ||
	    names_add(w, "") < 0) {
		elfw_free(w);
		return NULL;
	}
	memset(&w->secs[0], 0, sizeof(w->secs[0]));
	w->cnt = 1;
	return w;
}

void elfw_free(struct elf_writer *w)
{
	if (!w)
		return;
	free(w->secs);
	free(w->names);
	free(w);
}

int elfw_add_sec(struct elf_writer *w, const char *name, uint32_t type, uint64_t flags,
		 const void *data, uint64_t size, uint64_t align, uint64_t entsize)
{
	struct elfw_sec *s;
	int name_off;

	if (w->cnt >= SHN_LORESERVE)
		return -E2BIG;
	if (libbpf_ensure_mem((void **)&w->secs, &w->cap, sizeof(*w->secs), w->cnt + 1))
		return -ENOMEM;
	name_off = names_add(w, name);
	if (name_off < 0)
		return name_off;
	s = &w->secs[w->cnt];
	memset(s, 0, sizeof(*s));
	s->hdr.sh_name = name_off;
	s->hdr.sh_type = type;
	s->hdr.sh_flags = flags;
	s->hdr.sh_size = size;
	s->hdr.sh_addralign = align ? align : 1;
	s->hdr.sh_entsize = entsize;
	s->data = data;
	return (int)w->cnt++;
}

void elfw_set_link(struct elf_writer *w, int idx, uint32_t link, uint32_t info)
{
	if (idx <= 0 || (size_t)idx >= w->cnt)
		return;
	w->secs[idx].hdr.sh_link = link;
	w->secs[idx].hdr.sh_info = info;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int elfw_write(struct elf_writer *w, int fd, uint16_t machine)
{
	uint64_t off = sizeof(Elf64_Ehdr), shoff;
	Elf64_Ehdr *eh;
	char *img;
	int shstr, err;
	size_t i;

	shstr = elfw_add_sec(w, ".shstrtab", SHT_STRTAB, 0, NULL, 0, 1, 0);
	if (shstr < 0)
		return shstr;
	/* the table is final only now that its own name is in it */
	w->secs[shstr].data = w->names;
	w->secs[shstr].hdr.sh_size = w->names_len;
	for (i = 1; i < w->cnt; i++) {
		Elf64_Shdr *h = &w->secs[i].hdr;

		off = align_up(off, h->sh_addralign);
		h->sh_offset = off;
		if (h->sh_type != SHT_NOBITS)
			off += h->sh_size;
	}
	shoff = align_up(off, 8);
	img = calloc(1, shoff + w->cnt * sizeof(Elf64_Shdr));
	if (!img)
		return -ENOMEM;
	eh = (Elf64_Ehdr *)img;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	/* everything is written in host order (the linker refuses inputs
	 * of the other byte order) */
	eh->e_ident[EI_DATA] = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? ELFDATA2MSB : ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_REL;
	eh->e_machine = machine;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shoff = shoff;
	eh->e_shnum = w->cnt;
	eh->e_shstrndx = shstr;
	for (i = 1; i < w->cnt; i++) {
		const struct elfw_sec *s = &w->secs[i];

		if (s->hdr.sh_type != SHT_NOBITS && s->hdr.sh_size && s->data)
			memcpy(img + s->hdr.sh_offset, s->data, s->hdr.sh_size);
	}
	for (i = 0; i < w->cnt; i++)
		memcpy(img + shoff + i * sizeof(Elf64_Shdr), &w->secs[i].hdr, sizeof(Elf64_Shdr));
	err = write_all(fd, img, shoff + w->cnt * sizeof(Elf64_Shdr));
	free(img);
	return err;
}
