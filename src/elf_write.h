/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Minimal writer of host-endian ELF64 relocatable objects: sections are
 * registered in order (index 1, 2, ...), their contents borrowed until
 * elfw_write(), which lays everything out and writes one image.
 */
#ifndef __BPFKIT_ELF_WRITE_H
#define __BPFKIT_ELF_WRITE_H

#include <stddef.h>
#include <stdint.h>

struct elf_writer;

struct elf_writer *elfw_new(void);
void elfw_free(struct elf_writer *w);

/* Add a section; data (size bytes, ignored for SHT_NOBITS) must stay
 * valid until elfw_write(). Returns its index (>= 1) or -ENOMEM. */
int elfw_add_sec(struct elf_writer *w, const char *name, uint32_t type, uint64_t flags,
		 const void *data, uint64_t size, uint64_t align, uint64_t entsize);
/* Set sh_link/sh_info of section idx. */
void elfw_set_link(struct elf_writer *w, int idx, uint32_t link, uint32_t info);
/* Lay out and write the whole object to fd (ET_REL, machine). 0 or -errno. */
int elfw_write(struct elf_writer *w, int fd, uint16_t machine);

#endif
