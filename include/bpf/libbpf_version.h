/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The libbpf API level bpfkit implements, and bpfkit's own version. */
#ifndef __BPFKIT_LIBBPF_VERSION_H
#define __BPFKIT_LIBBPF_VERSION_H

#define LIBBPF_MAJOR_VERSION 1
#define LIBBPF_MINOR_VERSION 7

#define BPFKIT_MAJOR_VERSION 1
#define BPFKIT_MINOR_VERSION 7
#define BPFKIT_PATCH_VERSION 0

#endif
