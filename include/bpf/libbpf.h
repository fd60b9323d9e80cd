/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfkit: the object, program, map and link API, source compatible with
 * libbpf 1.x.
 */
#ifndef __BPFKIT_LIBBPF_H
#define __BPFKIT_LIBBPF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/bpf.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* libbpf API level this library implements (always 1 for 1.x). */
LIBBPF_API __u32 libbpf_major_version(void);
/* Minor API level of libbpf 1.x that this library matches. */
LIBBPF_API __u32 libbpf_minor_version(void);
/* "v1.7" style string of the libbpf API level. */
LIBBPF_API const char *libbpf_version_string(void);
/* bpfkit's own release version, e.g. "1.7.0". */
LIBBPF_API const char *bpfkit_version_string(void);

enum libbpf_errno {
	__LIBBPF_ERRNO__START = 4000,
	LIBBPF_ERRNO__LIBELF = __LIBBPF_ERRNO__START,
	LIBBPF_ERRNO__FORMAT,
	LIBBPF_ERRNO__KVERSION,
	LIBBPF_ERRNO__ENDIAN,
	LIBBPF_ERRNO__INTERNAL,
	LIBBPF_ERRNO__RELOC,
	LIBBPF_ERRNO__LOAD,
	LIBBPF_ERRNO__VERIFY,
	LIBBPF_ERRNO__PROG2BIG,
	LIBBPF_ERRNO__KVER,
	LIBBPF_ERRNO__PROGTYPE,
	LIBBPF_ERRNO__WRNGPID,
	LIBBPF_ERRNO__INVSEQ,
	LIBBPF_ERRNO__NLPARSE,
	__LIBBPF_ERRNO__END,
};

/* Write a message for error code err (negative or positive errno, or a
 * LIBBPF_ERRNO__ value) into buf; returns 0, or -EINVAL for an unknown code
 * (buf still gets a generic message). */
LIBBPF_API int libbpf_strerror(int err, char *buf, size_t size);

/* Name of a bpf_attach_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_attach_type_str(enum bpf_attach_type t);
/* Name of a bpf_link_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_link_type_str(enum bpf_link_type t);
/* Name of a bpf_map_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_map_type_str(enum bpf_map_type t);
/* Name of a bpf_prog_type, or NULL if unknown. */
LIBBPF_API const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t);

enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};

typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level,
				 const char *, va_list ap);

/* Install the function that receives every library message; NULL silences
 * the library. Returns the previous function. The default prints warnings
 * and info to stderr. */
LIBBPF_API libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

/* Number of possible CPUs (from /sys/devices/system/cpu/possible), cached;
 * negative errno on failure. */
LIBBPF_API int libbpf_num_possible_cpus(void);

/* ---------------------------------------------------------------------
 * Objects: an opened ELF file with its programs, maps and BTF.
 * ------------------------------------------------------------------- */

struct bpf_object;
struct bpf_program;
struct bpf_map;
struct bpf_link;
struct btf;
struct bpf_insn;
struct bpf_func_info;
struct bpf_line_info;
struct bpf_prog_info;
struct bpf_prog_load_opts;
struct bpf_prog_assoc_struct_ops_opts;
struct perf_event_attr;
struct perf_event_header;

struct bpf_object_open_opts {
	size_t sz;
	/* Replaces the name derived from the file path (or, for memory
	 * buffers, from the buffer address and size). */
	const char *object_name;
	/* Accept map definitions with unknown extra attributes. */
	bool relaxed_maps;
	/* Directory where maps with LIBBPF_PIN_BY_NAME are pinned
	 * (default /sys/fs/bpf). */
	const char *pin_root_path;
	__u32 :32; /* placeholder of a field libbpf 1.0 removed */
	/* Extra "CONFIG_X=val" lines that override the system Kconfig for
	 * __kconfig externs. */
	const char *kconfig;
	/* BTF file used instead of vmlinux BTF for CO-RE relocations only. */
	const char *btf_custom_path;
	/* Caller-owned buffer receiving the kernel's BTF and verifier logs;
	 * kernel_log_size is its size. */
	char *kernel_log_buf;
	size_t kernel_log_size;
	/* Verifier/BTF log level for every load; 0 asks for a log only when a
	 * load fails. */
	__u32 kernel_log_level;
	size_t :0;
	/* bpffs mount to derive a BPF token from; "" disables tokens. When
	 * NULL, the LIBBPF_BPF_TOKEN_PATH environment variable decides. */
	const char *bpf_token_path;
	size_t :0;
};
#define bpf_object_open_opts__last_field bpf_token_path

/* Open the BPF ELF object at path with default options; NULL + errno on
 * failure. */
LIBBPF_API struct bpf_object *bpf_object__open(const char *path);
/* Open the BPF ELF object at path; opts may be NULL. */
LIBBPF_API struct bpf_object *
bpf_object__open_file(const char *path, const struct bpf_object_open_opts *opts);
/* Open a BPF ELF object held in memory (the buffer is copied). */
LIBBPF_API struct bpf_object *
bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
		     const struct bpf_object_open_opts *opts);
/* Do everything of loading except creating maps and loading programs:
 * resolve externs, relocations and BTF so setters still work after. */
LIBBPF_API int bpf_object__prepare(struct bpf_object *obj);
/* Create maps and load every autoload program into the kernel. */
LIBBPF_API int bpf_object__load(struct bpf_object *obj);
/* Free the object with all its fds; NULL is a no-op. */
LIBBPF_API void bpf_object__close(struct bpf_object *obj);

/* Pin every map under directory path (NULL: each map's own pin_path). */
LIBBPF_API int bpf_object__pin_maps(struct bpf_object *obj, const char *path);
/* Remove the pins created by bpf_object__pin_maps(). */
LIBBPF_API int bpf_object__unpin_maps(struct bpf_object *obj, const char *path);
/* Pin every loaded program under directory path. */
LIBBPF_API int bpf_object__pin_programs(struct bpf_object *obj, const char *path);
/* Remove the pins created by bpf_object__pin_programs(). */
LIBBPF_API int bpf_object__unpin_programs(struct bpf_object *obj, const char *path);
/* Pin maps and programs under path. */
LIBBPF_API int bpf_object__pin(struct bpf_object *object, const char *path);
/* Undo bpf_object__pin(). */
LIBBPF_API int bpf_object__unpin(struct bpf_object *object, const char *path);

/* Object name (file base name or open_opts.object_name). */
LIBBPF_API const char *bpf_object__name(const struct bpf_object *obj);
/* Kernel version from the "version" section, 0 if absent. */
LIBBPF_API unsigned int bpf_object__kversion(const struct bpf_object *obj);
/* Override the kernel version passed at load; fails once loaded. */
LIBBPF_API int bpf_object__set_kversion(struct bpf_object *obj, __u32 kern_version);
/* Token fd in use by this object, or -1 if it uses none. */
LIBBPF_API int bpf_object__token_fd(const struct bpf_object *obj);

/* The object's own BTF, or NULL if it has none. */
LIBBPF_API struct btf *bpf_object__btf(const struct bpf_object *obj);
/* Fd of the object's BTF once loaded, else negative. */
LIBBPF_API int bpf_object__btf_fd(const struct bpf_object *obj);

/* Program with this C function name, or NULL (errno ENOENT). */
LIBBPF_API struct bpf_program *
bpf_object__find_program_by_name(const struct bpf_object *obj, const char *name);

/* Program type and expected attach type implied by a SEC() name.
 * Returns 0, -ESRCH if no section definition matches, -EINVAL on NULL
 * arguments. */
LIBBPF_API int libbpf_prog_type_by_name(const char *name, enum bpf_prog_type *prog_type,
					enum bpf_attach_type *expected_attach_type);
/* Attach type of a SEC() name for programs attached with BPF_PROG_ATTACH
 * style calls. -ESRCH if unknown, -EINVAL if the section is not of an
 * attachable kind. */
LIBBPF_API int libbpf_attach_type_by_name(const char *name,
					  enum bpf_attach_type *attach_type);
/* vmlinux BTF id of the function/tracepoint target for attach_type
 * (fentry, tp_btf, lsm...); negative errno if not found. */
LIBBPF_API int libbpf_find_vmlinux_btf_id(const char *name,
					  enum bpf_attach_type attach_type);

/* ---------------------------------------------------------------------
 * Programs
 * ------------------------------------------------------------------- */

/* Program following prog in obj (first one for prog == NULL), or NULL. */
LIBBPF_API struct bpf_program *
bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);
/* Program preceding prog (last one for prog == NULL), or NULL. */
LIBBPF_API struct bpf_program *
bpf_object__prev_program(const struct bpf_object *obj, struct bpf_program *prog);

/* Iterate pos over every program of obj. */
#define bpf_object__for_each_program(pos, obj)                               \
	for ((pos) = bpf_object__next_program((obj), NULL); (pos) != NULL;   \
	     (pos) = bpf_object__next_program((obj), (pos)))

/* Offload the program to device ifindex at load time. */
LIBBPF_API void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex);
/* C function name of the program. */
LIBBPF_API const char *bpf_program__name(const struct bpf_program *prog);
/* ELF section name, e.g. "kprobe/do_sys_open". */
LIBBPF_API const char *bpf_program__section_name(const struct bpf_program *prog);
/* Whether bpf_object__load() loads this program. */
LIBBPF_API bool bpf_program__autoload(const struct bpf_program *prog);
/* Choose whether the program gets loaded; -EINVAL after load. */
LIBBPF_API int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);
/* Whether skeleton attach attaches this program. */
LIBBPF_API bool bpf_program__autoattach(const struct bpf_program *prog);
/* Choose whether skeleton attach attaches this program. */
LIBBPF_API void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach);

/* Current instructions (they change during load: relocations, appended
 * subprograms, map fds). Never NULL. */
LIBBPF_API const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog);
/* Replace the instructions (copied); meant for prepare-load callbacks. */
LIBBPF_API int bpf_program__set_insns(struct bpf_program *prog,
				      struct bpf_insn *new_insns, size_t new_insn_cnt);
/* Number of instructions bpf_program__insns() returns. */
LIBBPF_API size_t bpf_program__insn_cnt(const struct bpf_program *prog);
/* BTF func_info records of the program (after load), or NULL. */
LIBBPF_API struct bpf_func_info *bpf_program__func_info(const struct bpf_program *prog);
/* Number of func_info records. */
LIBBPF_API __u32 bpf_program__func_info_cnt(const struct bpf_program *prog);
/* BTF line_info records of the program (after load), or NULL. */
LIBBPF_API struct bpf_line_info *bpf_program__line_info(const struct bpf_program *prog);
/* Number of line_info records. */
LIBBPF_API __u32 bpf_program__line_info_cnt(const struct bpf_program *prog);

/* Fd of the loaded program; -ENOENT if it is not loaded. */
LIBBPF_API int bpf_program__fd(const struct bpf_program *prog);
/* Pin the loaded program at path on bpffs. */
LIBBPF_API int bpf_program__pin(struct bpf_program *prog, const char *path);
/* Remove the pin at path. */
LIBBPF_API int bpf_program__unpin(struct bpf_program *prog, const char *path);
/* Close the program's fd(s); the program may be loaded again. */
LIBBPF_API void bpf_program__unload(struct bpf_program *prog);

/*
 * Program instances (kept by bpfkit; libbpf 1.0 dropped them): one ELF
 * program can be loaded nr_instance times, each time rewritten by a
 * preprocessor callback.
 */
struct bpf_prog_prep_result {
	/* Instructions to load for this instance; NULL skips the instance. */
	struct bpf_insn *new_insn_ptr;
	int new_insn_cnt;
	/* If not NULL, receives the fd of the loaded instance. */
	int *pfd;
};

/* Called once per instance n (0..nr_instance-1) with the original
 * instructions; fills res. Non-zero return aborts the load. */
typedef int (*bpf_program_prep_t)(struct bpf_program *prog, int n,
				  struct bpf_insn *insns, int insns_cnt,
				  struct bpf_prog_prep_result *res);

/* Load prog as nr_instance instances produced by prep. Only before load;
 * -EINVAL for nr_instance <= 0, NULL prep or a second call. */
LIBBPF_API int bpf_program__set_prep(struct bpf_program *prog, int nr_instance,
				     bpf_program_prep_t prep);
/* Fd of instance n: -EINVAL if n is out of range or the program has no
 * instances, -ENOENT if the preprocessor skipped that instance. */
LIBBPF_API int bpf_program__nth_fd(const struct bpf_program *prog, int n);
/* bpfkit: make the attach functions (bpf_program__attach*(), skeleton
 * attach) attach instance n of prog instead of instance 0; before or
 * after load. -EINVAL if n is out of range. Attaching an instance the
 * preprocessor skipped fails with ENOENT. */
LIBBPF_API int bpf_program__set_attach_instance(struct bpf_program *prog, int n);

/* ---------------------------------------------------------------------
 * Links
 * ------------------------------------------------------------------- */

/* Open a link pinned at path. */
LIBBPF_API struct bpf_link *bpf_link__open(const char *path);
/* Fd of the link (or of the attachment it stands for). */
LIBBPF_API int bpf_link__fd(const struct bpf_link *link);
/* Path the link is pinned at, or NULL. */
LIBBPF_API const char *bpf_link__pin_path(const struct bpf_link *link);
/* Pin the link at path on bpffs so it outlives the process. */
LIBBPF_API int bpf_link__pin(struct bpf_link *link, const char *path);
/* Remove the link's pin. */
LIBBPF_API int bpf_link__unpin(struct bpf_link *link);
/* Swap the program behind an attached link (BPF_LINK_UPDATE). */
LIBBPF_API int bpf_link__update_program(struct bpf_link *link, struct bpf_program *prog);
/* Make bpf_link__destroy() release memory only, leaving the attachment. */
LIBBPF_API void bpf_link__disconnect(struct bpf_link *link);
/* Force-detach the link in the kernel (BPF_LINK_DETACH). */
LIBBPF_API int bpf_link__detach(struct bpf_link *link);
/* Detach (unless disconnected) and free the link; NULL is a no-op. */
LIBBPF_API int bpf_link__destroy(struct bpf_link *link);

/* ---------------------------------------------------------------------
 * Attaching programs
 * ------------------------------------------------------------------- */

/* Attach according to the program's SEC() definition; NULL + errno
 * (EOPNOTSUPP if the section can't auto-attach). */
LIBBPF_API struct bpf_link *bpf_program__attach(const struct bpf_program *prog);

struct bpf_perf_event_opts {
	size_t sz;
	/* Value for bpf_get_attach_cookie(). */
	__u64 bpf_cookie;
	/* Use PERF_EVENT_IOC_SET_BPF even if perf links work. */
	bool force_ioctl_attach;
	/* Leave the event disabled; the caller enables it (libbpf 1.7). */
	bool dont_enable;
	size_t :0;
};
#define bpf_perf_event_opts__last_field dont_enable

/* Attach to an opened perf event fd (the link takes ownership of pfd). */
LIBBPF_API struct bpf_link *
bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);
/* Same with options. */
LIBBPF_API struct bpf_link *
bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
				    const struct bpf_perf_event_opts *opts);

/* How a kprobe/uprobe is created. */
enum probe_attach_mode {
	/* best mechanism the kernel offers */
	PROBE_ATTACH_MODE_DEFAULT = 0,
	/* tracefs kprobe_events/uprobe_events */
	PROBE_ATTACH_MODE_LEGACY,
	/* perf_event_open() with the kprobe/uprobe PMU */
	PROBE_ATTACH_MODE_PERF,
	/* perf event plus BPF link */
	PROBE_ATTACH_MODE_LINK,
};

struct bpf_kprobe_opts {
	size_t sz;
	/* Value for bpf_get_attach_cookie(). */
	__u64 bpf_cookie;
	/* Offset inside the function. */
	size_t offset;
	/* Return probe instead of entry probe. */
	bool retprobe;
	enum probe_attach_mode attach_mode;
	size_t :0;
};
#define bpf_kprobe_opts__last_field attach_mode

/* Attach a kprobe (or kretprobe) to kernel function func_name. */
LIBBPF_API struct bpf_link *
bpf_program__attach_kprobe(const struct bpf_program *prog, bool retprobe,
			   const char *func_name);
/* Same with options. */
LIBBPF_API struct bpf_link *
bpf_program__attach_kprobe_opts(const struct bpf_program *prog, const char *func_name,
				const struct bpf_kprobe_opts *opts);

struct bpf_kprobe_multi_opts {
	size_t sz;
	/* Function names (exclusive with addrs and pattern). */
	const char **syms;
	/* Function addresses. */
	const unsigned long *addrs;
	/* Optional per-function cookies. */
	const __u64 *cookies;
	/* Entries in syms/addrs/cookies. */
	size_t cnt;
	/* Return probes. */
	bool retprobe;
	/* Session probes (entry + return, entry may veto the return). */
	bool session;
	/* Fail unless the pattern matches exactly one function. */
	bool unique_match;
	size_t :0;
};
#define bpf_kprobe_multi_opts__last_field unique_match

/* Attach to every kernel function matching glob pattern (or the list in
 * opts) through one kprobe_multi link. */
LIBBPF_API struct bpf_link *
bpf_program__attach_kprobe_multi_opts(const struct bpf_program *prog, const char *pattern,
				      const struct bpf_kprobe_multi_opts *opts);

struct bpf_uprobe_multi_opts {
	size_t sz;
	/* Symbol names (exclusive with offsets and func_pattern). */
	const char **syms;
	/* File offsets of the probes. */
	const unsigned long *offsets;
	/* Optional reference counter (semaphore) offsets. */
	const unsigned long *ref_ctr_offsets;
	/* Optional per-probe cookies. */
	const __u64 *cookies;
	/* Entries in the arrays above. */
	size_t cnt;
	/* Return probes. */
	bool retprobe;
	/* Session probes. */
	bool session;
	size_t :0;
};
#define bpf_uprobe_multi_opts__last_field session

/* Attach to many user functions of binary_path (matching func_pattern, or
 * given in opts) through one uprobe_multi link. pid: 0 self, -1 all. */
LIBBPF_API struct bpf_link *
bpf_program__attach_uprobe_multi(const struct bpf_program *prog, pid_t pid,
				 const char *binary_path, const char *func_pattern,
				 const struct bpf_uprobe_multi_opts *opts);

struct bpf_ksyscall_opts {
	size_t sz;
	/* Value for bpf_get_attach_cookie(). */
	__u64 bpf_cookie;
	/* Probe syscall exit instead of entry. */
	bool retprobe;
	size_t :0;
};
#define bpf_ksyscall_opts__last_field retprobe

/* Attach a kprobe to the kernel's handler of syscall_name (e.g. "bpf"),
 * finding the arch-specific symbol name. */
LIBBPF_API struct bpf_link *
bpf_program__attach_ksyscall(const struct bpf_program *prog, const char *syscall_name,
			     const struct bpf_ksyscall_opts *opts);

struct bpf_uprobe_opts {
	size_t sz;
	/* Offset of the USDT semaphore (reference counter). */
	size_t ref_ctr_offset;
	/* Value for bpf_get_attach_cookie(). */
	__u64 bpf_cookie;
	/* Return probe. */
	bool retprobe;
	/* Function to resolve ("f" or "f@LIB"); func_offset is then relative
	 * to it. */
	const char *func_name;
	enum probe_attach_mode attach_mode;
	size_t :0;
};
#define bpf_uprobe_opts__last_field attach_mode

/* Attach a uprobe at func_offset of binary_path. pid: 0 self, -1 all. */
LIBBPF_API struct bpf_link *
bpf_program__attach_uprobe(const struct bpf_program *prog, bool retprobe, pid_t pid,
			   const char *binary_path, size_t func_offset);
/* Same with options. */
LIBBPF_API struct bpf_link *
bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t pid,
				const char *binary_path, size_t func_offset,
				const struct bpf_uprobe_opts *opts);

struct bpf_usdt_opts {
	size_t sz;
	/* Value for bpf_usdt_cookie(). */
	__u64 usdt_cookie;
	size_t :0;
};
#define bpf_usdt_opts__last_field usdt_cookie

/* Attach to every site of USDT probe usdt_provider:usdt_name in
 * binary_path. pid: 0 self, -1 all. */
LIBBPF_API struct bpf_link *
bpf_program__attach_usdt(const struct bpf_program *prog, pid_t pid,
			 const char *binary_path, const char *usdt_provider,
			 const char *usdt_name, const struct bpf_usdt_opts *opts);

struct bpf_tracepoint_opts {
	size_t sz;
	/* Value for bpf_get_attach_cookie(). */
	__u64 bpf_cookie;
};
#define bpf_tracepoint_opts__last_field bpf_cookie

/* Attach to tracepoint tp_category:tp_name. */
LIBBPF_API struct bpf_link *
bpf_program__attach_tracepoint(const struct bpf_program *prog, const char *tp_category,
			       const char *tp_name);
/* Same with options. */
LIBBPF_API struct bpf_link *
bpf_program__attach_tracepoint_opts(const struct bpf_program *prog,
				    const char *tp_category, const char *tp_name,
				    const struct bpf_tracepoint_opts *opts);

struct bpf_raw_tracepoint_opts {
	size_t sz;
	/* Value for bpf_get_attach_cookie(). */
	__u64 cookie;
	size_t :0;
};
#define bpf_raw_tracepoint_opts__last_field cookie

/* Attach to raw tracepoint tp_name. */
LIBBPF_API struct bpf_link *
bpf_program__attach_raw_tracepoint(const struct bpf_program *prog, const char *tp_name);
/* Same with options. */
LIBBPF_API struct bpf_link *
bpf_program__attach_raw_tracepoint_opts(const struct bpf_program *prog,
					const char *tp_name,
					struct bpf_raw_tracepoint_opts *opts);

struct bpf_trace_opts {
	size_t sz;
	/* Value for bpf_get_attach_cookie(). */
	__u64 cookie;
};
#define bpf_trace_opts__last_field cookie

/* Attach a BTF-typed tracing program (fentry/fexit/fmod_ret/tp_btf/iter
 * targets resolved at load). */
LIBBPF_API struct bpf_link *bpf_program__attach_trace(const struct bpf_program *prog);
/* Same with options. */
LIBBPF_API struct bpf_link *
bpf_program__attach_trace_opts(const struct bpf_program *prog,
			       const struct bpf_trace_opts *opts);

/* Attach an LSM program to its hook. */
LIBBPF_API struct bpf_link *bpf_program__attach_lsm(const struct bpf_program *prog);
/* Attach to a cgroup (fd of the cgroup directory) through a link. */
LIBBPF_API struct bpf_link *
bpf_program__attach_cgroup(const struct bpf_program *prog, int cgroup_fd);
/* Attach to a network namespace (fd of /proc/PID/ns/net). */
LIBBPF_API struct bpf_link *
bpf_program__attach_netns(const struct bpf_program *prog, int netns_fd);
/* Attach to a sockmap/sockhash given by fd. */
LIBBPF_API struct bpf_link *
bpf_program__attach_sockmap(const struct bpf_program *prog, int map_fd);
/* Attach an XDP program to interface ifindex through a link. */
LIBBPF_API struct bpf_link *
bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex);
/* Attach a freplace program over function attach_func_name of the
 * program target_fd (both 0/NULL: use the target set before load). */
LIBBPF_API struct bpf_link *
bpf_program__attach_freplace(const struct bpf_program *prog, int target_fd,
			     const char *attach_func_name);

struct bpf_netfilter_opts {
	size_t sz;
	/* NFPROTO_* family. */
	__u32 pf;
	/* NF_INET_* hook. */
	__u32 hooknum;
	__s32 priority;
	__u32 flags;
};
#define bpf_netfilter_opts__last_field flags

/* Attach a netfilter program to the hook described by opts. */
LIBBPF_API struct bpf_link *
bpf_program__attach_netfilter(const struct bpf_program *prog,
			      const struct bpf_netfilter_opts *opts);

struct bpf_tcx_opts {
	size_t sz;
	/* BPF_F_BEFORE / BPF_F_AFTER / BPF_F_ID ... */
	__u32 flags;
	/* Anchor program or link for the relative flags. */
	__u32 relative_fd;
	__u32 relative_id;
	/* Fail with -ESTALE unless the hook is at this revision (0: any). */
	__u64 expected_revision;
	size_t :0;
};
#define bpf_tcx_opts__last_field expected_revision

/* Attach to the tcx ingress/egress hook of ifindex. */
LIBBPF_API struct bpf_link *
bpf_program__attach_tcx(const struct bpf_program *prog, int ifindex,
			const struct bpf_tcx_opts *opts);

struct bpf_netkit_opts {
	size_t sz;
	__u32 flags;
	__u32 relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_netkit_opts__last_field expected_revision

/* Attach to the primary/peer hook of netkit device ifindex. */
LIBBPF_API struct bpf_link *
bpf_program__attach_netkit(const struct bpf_program *prog, int ifindex,
			   const struct bpf_netkit_opts *opts);

struct bpf_cgroup_opts {
	size_t sz;
	__u32 flags;
	__u32 relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};
#define bpf_cgroup_opts__last_field expected_revision

/* Attach to a cgroup with ordering options (relative placement). */
LIBBPF_API struct bpf_link *
bpf_program__attach_cgroup_opts(const struct bpf_program *prog, int cgroup_fd,
				const struct bpf_cgroup_opts *opts);

/* Register a struct_ops map with the kernel and return its link. */
LIBBPF_API struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map);
/* Replace the struct_ops map behind a struct_ops link. */
LIBBPF_API int bpf_link__update_map(struct bpf_link *link, const struct bpf_map *map);

struct bpf_iter_attach_opts {
	size_t sz;
	/* Iterator parameters (map fd, cgroup, task...). */
	union bpf_iter_link_info *link_info;
	__u32 link_info_len;
};
#define bpf_iter_attach_opts__last_field link_info_len

/* Create an iterator link; read it through bpf_iter_create(). */
LIBBPF_API struct bpf_link *
bpf_program__attach_iter(const struct bpf_program *prog,
			 const struct bpf_iter_attach_opts *opts);

/* Program type (from SEC() or bpf_program__set_type()). */
LIBBPF_API enum bpf_prog_type bpf_program__type(const struct bpf_program *prog);
/* Override the program type; -EBUSY after load. */
LIBBPF_API int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type);
/* Expected attach type used at load. */
LIBBPF_API enum bpf_attach_type
bpf_program__expected_attach_type(const struct bpf_program *prog);
/* Override the expected attach type; -EBUSY after load. */
LIBBPF_API int bpf_program__set_expected_attach_type(struct bpf_program *prog,
						     enum bpf_attach_type type);
/* BPF_F_* program load flags. */
LIBBPF_API __u32 bpf_program__flags(const struct bpf_program *prog);
/* Set load flags (e.g. BPF_F_SLEEPABLE); -EBUSY after load. */
LIBBPF_API int bpf_program__set_flags(struct bpf_program *prog, __u32 flags);

/* Verifier log level of this program. */
LIBBPF_API __u32 bpf_program__log_level(const struct bpf_program *prog);
/* Set the verifier log level; -EBUSY after load. */
LIBBPF_API int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level);
/* Caller-provided verifier log buffer of this program (and its size). */
LIBBPF_API const char *bpf_program__log_buf(const struct bpf_program *prog,
					    size_t *log_size);
/* Give the program its own verifier log buffer; -EBUSY after load. */
LIBBPF_API int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf,
					size_t log_size);

/* Set the BTF attach target of fentry/fexit/fmod_ret/freplace/tp_btf/lsm
 * programs: a function of program attach_prog_fd, or of the kernel when
 * attach_prog_fd is 0. */
LIBBPF_API int bpf_program__set_attach_target(struct bpf_program *prog, int attach_prog_fd,
					      const char *attach_func_name);
/* Tie a program to a struct_ops map so its kfuncs see that instance. */
LIBBPF_API int bpf_program__assoc_struct_ops(struct bpf_program *prog, struct bpf_map *map,
					     struct bpf_prog_assoc_struct_ops_opts *opts);

/* ---------------------------------------------------------------------
 * Maps
 * ------------------------------------------------------------------- */

/* Map called name (".bss" style internal names included), or NULL. */
LIBBPF_API struct bpf_map *
bpf_object__find_map_by_name(const struct bpf_object *obj, const char *name);
/* Fd of the map called name, or negative errno. */
LIBBPF_API int bpf_object__find_map_fd_by_name(const struct bpf_object *obj,
					       const char *name);
/* Map following map (first for NULL), or NULL. */
LIBBPF_API struct bpf_map *
bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *map);
/* Map preceding map (last for NULL), or NULL. */
LIBBPF_API struct bpf_map *
bpf_object__prev_map(const struct bpf_object *obj, const struct bpf_map *map);

/* Iterate pos over every map of obj. */
#define bpf_object__for_each_map(pos, obj)                                   \
	for ((pos) = bpf_object__next_map((obj), NULL); (pos) != NULL;       \
	     (pos) = bpf_object__next_map((obj), (pos)))
/* Older spelling of bpf_object__for_each_map. */
#define bpf_map__for_each bpf_object__for_each_map

/* Choose whether load creates this map; -EBUSY after load. */
LIBBPF_API int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate);
/* Whether load creates this map. */
LIBBPF_API bool bpf_map__autocreate(const struct bpf_map *map);
/* Choose whether skeleton attach registers this struct_ops map. */
LIBBPF_API int bpf_map__set_autoattach(struct bpf_map *map, bool autoattach);
/* Whether skeleton attach registers this struct_ops map. */
LIBBPF_API bool bpf_map__autoattach(const struct bpf_map *map);

/* Fd of the map; negative until the map exists (or reuses an fd). */
LIBBPF_API int bpf_map__fd(const struct bpf_map *map);
/* Use the existing map fd instead of creating one (fd is duplicated). */
LIBBPF_API int bpf_map__reuse_fd(struct bpf_map *map, int fd);
/* Map name. */
LIBBPF_API const char *bpf_map__name(const struct bpf_map *map);
/* Map type. */
LIBBPF_API enum bpf_map_type bpf_map__type(const struct bpf_map *map);
/* Change the map type before load. */
LIBBPF_API int bpf_map__set_type(struct bpf_map *map, enum bpf_map_type type);
/* max_entries. */
LIBBPF_API __u32 bpf_map__max_entries(const struct bpf_map *map);
/* Change max_entries before load. */
LIBBPF_API int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);
/* BPF_F_* map flags. */
LIBBPF_API __u32 bpf_map__map_flags(const struct bpf_map *map);
/* Change map flags before load. */
LIBBPF_API int bpf_map__set_map_flags(struct bpf_map *map, __u32 flags);
/* NUMA node (used with BPF_F_NUMA_NODE). */
LIBBPF_API __u32 bpf_map__numa_node(const struct bpf_map *map);
/* Change the NUMA node before load. */
LIBBPF_API int bpf_map__set_numa_node(struct bpf_map *map, __u32 numa_node);
/* Key size in bytes. */
LIBBPF_API __u32 bpf_map__key_size(const struct bpf_map *map);
/* Change the key size before load. */
LIBBPF_API int bpf_map__set_key_size(struct bpf_map *map, __u32 size);
/* Value size in bytes. */
LIBBPF_API __u32 bpf_map__value_size(const struct bpf_map *map);
/* Change the value size before load; for .data/.bss style maps the
 * mapped image is resized too (and the last array variable in BTF, when
 * possible). */
LIBBPF_API int bpf_map__set_value_size(struct bpf_map *map, __u32 size);
/* BTF type id of the key, 0 if none. */
LIBBPF_API __u32 bpf_map__btf_key_type_id(const struct bpf_map *map);
/* BTF type id of the value, 0 if none. */
LIBBPF_API __u32 bpf_map__btf_value_type_id(const struct bpf_map *map);
/* Offload device ifindex. */
LIBBPF_API __u32 bpf_map__ifindex(const struct bpf_map *map);
/* Set the offload device before load. */
LIBBPF_API int bpf_map__set_ifindex(struct bpf_map *map, __u32 ifindex);
/* map_extra (bloom filter hashes, arena address...). */
LIBBPF_API __u64 bpf_map__map_extra(const struct bpf_map *map);
/* Change map_extra before load. */
LIBBPF_API int bpf_map__set_map_extra(struct bpf_map *map, __u64 map_extra);

/* Replace the initial contents of a global-data map; size must equal the
 * value size. */
LIBBPF_API int bpf_map__set_initial_value(struct bpf_map *map, const void *data,
					  size_t size);
/* Memory image of a global-data (or struct_ops) map; *psize gets its size. */
LIBBPF_API void *bpf_map__initial_value(struct bpf_map *map, size_t *psize);
/* True for maps the library made itself (.data, .bss, .rodata, .kconfig). */
LIBBPF_API bool bpf_map__is_internal(const struct bpf_map *map);
/* Record where the map is pinned at load (does not pin yet). */
LIBBPF_API int bpf_map__set_pin_path(struct bpf_map *map, const char *path);
/* Recorded pin path, or NULL. */
LIBBPF_API const char *bpf_map__pin_path(const struct bpf_map *map);
/* Whether the map is pinned. */
LIBBPF_API bool bpf_map__is_pinned(const struct bpf_map *map);
/* Pin the map at path (NULL: its pin path). */
LIBBPF_API int bpf_map__pin(struct bpf_map *map, const char *path);
/* Remove the map's pin (path NULL: its pin path). */
LIBBPF_API int bpf_map__unpin(struct bpf_map *map, const char *path);
/* Inner map template fd for map-in-map types, before load. */
LIBBPF_API int bpf_map__set_inner_map_fd(struct bpf_map *map, int fd);
/* Inner map definition of a map-in-map, or NULL. */
LIBBPF_API struct bpf_map *bpf_map__inner_map(struct bpf_map *map);
/* Only prog may use this map (exclusive maps); before load, same object. */
LIBBPF_API int bpf_map__set_exclusive_program(struct bpf_map *map, struct bpf_program *prog);
/* Program set by bpf_map__set_exclusive_program(), or NULL. */
LIBBPF_API struct bpf_program *bpf_map__exclusive_program(struct bpf_map *map);

/* Element lookup checking key_sz and value_sz against the map (per-CPU
 * maps: value_sz = round_up(value_size, 8) * possible CPUs). */
LIBBPF_API int bpf_map__lookup_elem(const struct bpf_map *map, const void *key,
				    size_t key_sz, void *value, size_t value_sz,
				    __u64 flags);
/* Element update with the same size checks. */
LIBBPF_API int bpf_map__update_elem(const struct bpf_map *map, const void *key,
				    size_t key_sz, const void *value, size_t value_sz,
				    __u64 flags);
/* Element delete with a key size check. */
LIBBPF_API int bpf_map__delete_elem(const struct bpf_map *map, const void *key,
				    size_t key_sz, __u64 flags);
/* Lookup then delete atomically, with size checks. */
LIBBPF_API int bpf_map__lookup_and_delete_elem(const struct bpf_map *map,
					       const void *key, size_t key_sz,
					       void *value, size_t value_sz, __u64 flags);
/* Next key after cur_key (first key for NULL); -ENOENT at the end. */
LIBBPF_API int bpf_map__get_next_key(const struct bpf_map *map, const void *cur_key,
				     void *next_key, size_t key_sz);

/* ---------------------------------------------------------------------
 * XDP and TC through netlink
 * ------------------------------------------------------------------- */

struct bpf_xdp_set_link_opts {
	size_t sz;
	int old_fd;
	size_t :0;
};
#define bpf_xdp_set_link_opts__last_field old_fd

struct bpf_xdp_attach_opts {
	size_t sz;
	/* Replace only if this program is attached (XDP_FLAGS_REPLACE). */
	int old_prog_fd;
	size_t :0;
};
#define bpf_xdp_attach_opts__last_field old_prog_fd

struct bpf_xdp_query_opts {
	size_t sz;
	/* All fields below are outputs. */
	__u32 prog_id;
	__u32 drv_prog_id;
	__u32 hw_prog_id;
	__u32 skb_prog_id;
	__u8 attach_mode;
	__u64 feature_flags;
	__u32 xdp_zc_max_segs;
	size_t :0;
};
#define bpf_xdp_query_opts__last_field xdp_zc_max_segs

/* Attach prog_fd as XDP program of ifindex (XDP_FLAGS_* in flags). With
 * opts->old_prog_fd set, only replaces that program (-EEXIST otherwise). */
LIBBPF_API int bpf_xdp_attach(int ifindex, int prog_fd, __u32 flags,
			      const struct bpf_xdp_attach_opts *opts);
/* Remove the XDP program of ifindex in the mode given by flags. */
LIBBPF_API int bpf_xdp_detach(int ifindex, __u32 flags,
			      const struct bpf_xdp_attach_opts *opts);
/* Report attached XDP programs (ids per mode, XDP_ATTACHED_* mode) and the
 * device's XDP features (0 on kernels without the netdev family). flags
 * may name at most one mode. */
LIBBPF_API int bpf_xdp_query(int ifindex, int flags, struct bpf_xdp_query_opts *opts);
/* Id of the XDP program attached in the mode given by flags (0: none). */
LIBBPF_API int bpf_xdp_query_id(int ifindex, int flags, __u32 *prog_id);

enum bpf_tc_attach_point {
	BPF_TC_INGRESS = 1 << 0,
	BPF_TC_EGRESS = 1 << 1,
	BPF_TC_CUSTOM = 1 << 2,
};

/* tc handle "a:b" as one __u32. */
#define BPF_TC_PARENT(a, b) ((((a) << 16) & 0xFFFF0000U) | ((b) & 0x0000FFFFU))

enum bpf_tc_flags {
	BPF_TC_F_REPLACE = 1 << 0,
};

struct bpf_tc_hook {
	size_t sz;
	int ifindex;
	enum bpf_tc_attach_point attach_point;
	/* Parent qdisc for BPF_TC_CUSTOM. */
	__u32 parent;
	size_t :0;
};
#define bpf_tc_hook__last_field parent

struct bpf_tc_opts {
	size_t sz;
	int prog_fd;
	__u32 flags;
	__u32 prog_id;
	__u32 handle;
	__u32 priority;
	size_t :0;
};
#define bpf_tc_opts__last_field priority

/* Create the clsact qdisc of the hook; -EEXIST if it is there. */
LIBBPF_API int bpf_tc_hook_create(struct bpf_tc_hook *hook);
/* INGRESS|EGRESS: delete the clsact qdisc with every filter on it;
 * INGRESS or EGRESS alone: delete that side's filters only. */
LIBBPF_API int bpf_tc_hook_destroy(struct bpf_tc_hook *hook);
/* Add a direct-action cls_bpf filter (BPF_TC_F_REPLACE: replace the one
 * with this handle/priority); zero handle/priority are picked by the
 * kernel. Fills handle, priority and prog_id in opts. */
LIBBPF_API int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);
/* Remove the classifier identified by handle and priority. */
LIBBPF_API int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts);
/* Look up the classifier identified by handle and priority; fills prog_id. */
LIBBPF_API int bpf_tc_query(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);

/* ---------------------------------------------------------------------
 * BPF ring buffers
 * ------------------------------------------------------------------- */

struct ring_buffer;
struct ring;
struct user_ring_buffer;

/* Called for each record; a negative return stops consumption and is
 * passed back to the caller. */
typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

struct ring_buffer_opts {
	size_t sz;
};
#define ring_buffer_opts__last_field sz

/* Consumer for BPF_MAP_TYPE_RINGBUF map_fd; more rings with
 * ring_buffer__add(). */
LIBBPF_API struct ring_buffer *
ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
		 const struct ring_buffer_opts *opts);
/* Free the consumer; NULL is a no-op. */
LIBBPF_API void ring_buffer__free(struct ring_buffer *rb);
/* Add another ring to the consumer. */
LIBBPF_API int ring_buffer__add(struct ring_buffer *rb, int map_fd,
				ring_buffer_sample_fn sample_cb, void *ctx);
/* Wait up to timeout_ms for data and consume it; records consumed or
 * negative errno. */
LIBBPF_API int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);
/* Consume whatever is available without waiting. */
LIBBPF_API int ring_buffer__consume(struct ring_buffer *rb);
/* Consume at most n records without waiting. */
LIBBPF_API int ring_buffer__consume_n(struct ring_buffer *rb, size_t n);
/* Epoll fd covering every ring, for the caller's own event loop. */
LIBBPF_API int ring_buffer__epoll_fd(const struct ring_buffer *rb);
/* Ring number idx (in ring_buffer__add() order), or NULL + errno. */
LIBBPF_API struct ring *ring_buffer__ring(struct ring_buffer *rb, unsigned int idx);
/* Consumer position of one ring. */
LIBBPF_API unsigned long ring__consumer_pos(const struct ring *r);
/* Producer position of one ring. */
LIBBPF_API unsigned long ring__producer_pos(const struct ring *r);
/* Bytes written but not yet consumed (racy snapshot). */
LIBBPF_API size_t ring__avail_data_size(const struct ring *r);
/* Size of the ring's data area. */
LIBBPF_API size_t ring__size(const struct ring *r);
/* Map fd behind the ring. */
LIBBPF_API int ring__map_fd(const struct ring *r);
/* Consume one ring without waiting. */
LIBBPF_API int ring__consume(struct ring *r);
/* Consume at most n records of one ring. */
LIBBPF_API int ring__consume_n(struct ring *r, size_t n);

struct user_ring_buffer_opts {
	size_t sz;
};
#define user_ring_buffer_opts__last_field sz

/* Producer for BPF_MAP_TYPE_USER_RINGBUF map_fd. */
LIBBPF_API struct user_ring_buffer *
user_ring_buffer__new(int map_fd, const struct user_ring_buffer_opts *opts);
/* Reserve size bytes (8-byte aligned); NULL + E2BIG (never fits) or
 * ENOSPC (no room now). Not thread-safe. */
LIBBPF_API void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size);
/* Like reserve but waits up to timeout_ms (-1 forever) for room. */
LIBBPF_API void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb,
						    __u32 size, int timeout_ms);
/* Publish a reserved sample to the kernel. */
LIBBPF_API void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample);
/* Drop a reserved sample. */
LIBBPF_API void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample);
/* Free the producer; NULL is a no-op. */
LIBBPF_API void user_ring_buffer__free(struct user_ring_buffer *rb);

/* ---------------------------------------------------------------------
 * Perf buffers
 * ------------------------------------------------------------------- */

struct perf_buffer;

typedef void (*perf_buffer_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
typedef void (*perf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);

struct perf_buffer_opts {
	size_t sz;
	/* Wake up after this many samples (default 1). */
	__u32 sample_period;
	size_t :0;
};
#define perf_buffer_opts__last_field sample_period

/* One perf ring of page_cnt pages (a power of two) per CPU for the
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY map_fd. */
LIBBPF_API struct perf_buffer *
perf_buffer__new(int map_fd, size_t page_cnt, perf_buffer_sample_fn sample_cb,
		 perf_buffer_lost_fn lost_cb, void *ctx,
		 const struct perf_buffer_opts *opts);

enum bpf_perf_event_ret {
	LIBBPF_PERF_EVENT_DONE = 0,
	LIBBPF_PERF_EVENT_ERROR = -1,
	LIBBPF_PERF_EVENT_CONT = -2,
};

typedef enum bpf_perf_event_ret (*perf_buffer_event_fn)(void *ctx, int cpu,
							 struct perf_event_header *event);

struct perf_buffer_raw_opts {
	size_t sz;
	long :0;
	long :0;
	/* 0: every possible CPU; otherwise the number of cpus/map_keys. */
	int cpu_cnt;
	int *cpus;
	int *map_keys;
};
#define perf_buffer_raw_opts__last_field map_keys

/* Perf buffer with a caller-chosen perf_event_attr and raw event callback. */
LIBBPF_API struct perf_buffer *
perf_buffer__new_raw(int map_fd, size_t page_cnt, struct perf_event_attr *attr,
		     perf_buffer_event_fn event_cb, void *ctx,
		     const struct perf_buffer_raw_opts *opts);
/* Free the perf buffer; NULL is a no-op. */
LIBBPF_API void perf_buffer__free(struct perf_buffer *pb);
/* Epoll fd covering every per-CPU ring. */
LIBBPF_API int perf_buffer__epoll_fd(const struct perf_buffer *pb);
/* Wait up to timeout_ms and consume the rings that have data; returns how
 * many rings were ready, or negative errno. */
LIBBPF_API int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms);
/* Consume every ring without waiting. */
LIBBPF_API int perf_buffer__consume(struct perf_buffer *pb);
/* Consume ring buf_idx without waiting. */
LIBBPF_API int perf_buffer__consume_buffer(struct perf_buffer *pb, size_t buf_idx);
/* Number of per-CPU rings. */
LIBBPF_API size_t perf_buffer__buffer_cnt(const struct perf_buffer *pb);
/* Perf event fd of ring buf_idx. */
LIBBPF_API int perf_buffer__buffer_fd(const struct perf_buffer *pb, size_t buf_idx);
/* The mmap()ed area of ring buf_idx: *buf starts at its struct
 * perf_event_mmap_page, *buf_size is the data area after that page. */
LIBBPF_API int perf_buffer__buffer(struct perf_buffer *pb, int buf_idx, void **buf,
				   size_t *buf_size);

/* ---------------------------------------------------------------------
 * Line info of loaded programs
 * ------------------------------------------------------------------- */

struct bpf_prog_linfo;

/* Free a line-info index; NULL is a no-op. */
LIBBPF_API void bpf_prog_linfo__free(struct bpf_prog_linfo *prog_linfo);
/* Index the line info returned by BPF_OBJ_GET_INFO_BY_FD. */
LIBBPF_API struct bpf_prog_linfo *bpf_prog_linfo__new(const struct bpf_prog_info *info);
/* Line info for a jited address inside function func_idx, skipping
 * nr_skip earlier matches. */
LIBBPF_API const struct bpf_line_info *
bpf_prog_linfo__lfind_addr_func(const struct bpf_prog_linfo *prog_linfo, __u64 addr,
				__u32 func_idx, __u32 nr_skip);
/* Line info for instruction offset insn_off, skipping nr_skip matches. */
LIBBPF_API const struct bpf_line_info *
bpf_prog_linfo__lfind(const struct bpf_prog_linfo *prog_linfo, __u32 insn_off,
		      __u32 nr_skip);

/* ---------------------------------------------------------------------
 * Feature probes: 1 supported, 0 not, negative errno if undecidable.
 * opts must be NULL.
 * ------------------------------------------------------------------- */

/* Does the kernel load programs of prog_type? */
LIBBPF_API int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts);
/* Does the kernel create maps of map_type? */
LIBBPF_API int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);
/* May programs of prog_type call helper helper_id? */
LIBBPF_API int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type,
				       enum bpf_func_id helper_id, const void *opts);

/* ---------------------------------------------------------------------
 * Skeletons (generated by bpftool gen skeleton)
 * ------------------------------------------------------------------- */

struct bpf_map_skeleton {
	const char *name;
	struct bpf_map **map;
	/* Where the mmap()ed global data of the map is published. */
	void **mmaped;
	/* Where a struct_ops map's link is stored by attach. */
	struct bpf_link **link;
};

struct bpf_prog_skeleton {
	const char *name;
	struct bpf_program **prog;
	struct bpf_link **link;
};

struct bpf_object_skeleton {
	size_t sz;
	const char *name;
	/* Embedded ELF image. */
	const void *data;
	size_t data_sz;
	struct bpf_object **obj;
	int map_cnt;
	/* sizeof(struct bpf_map_skeleton) the generator used. */
	int map_skel_sz;
	struct bpf_map_skeleton *maps;
	int prog_cnt;
	/* sizeof(struct bpf_prog_skeleton) the generator used. */
	int prog_skel_sz;
	struct bpf_prog_skeleton *progs;
};

/* Open the embedded object and fill the map/program pointers. */
LIBBPF_API int bpf_object__open_skeleton(struct bpf_object_skeleton *s,
					 const struct bpf_object_open_opts *opts);
/* Load the object and mmap() global data into the skeleton. */
LIBBPF_API int bpf_object__load_skeleton(struct bpf_object_skeleton *s);
/* Auto-attach every program (and struct_ops map) that supports it. */
LIBBPF_API int bpf_object__attach_skeleton(struct bpf_object_skeleton *s);
/* Destroy every link created by attach. */
LIBBPF_API void bpf_object__detach_skeleton(struct bpf_object_skeleton *s);
/* Detach, close the object and free s; NULL is a no-op. */
LIBBPF_API void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s);

struct bpf_var_skeleton {
	const char *name;
	struct bpf_map **map;
	void **addr;
};

struct bpf_object_subskeleton {
	size_t sz;
	const struct bpf_object *obj;
	int map_cnt;
	int map_skel_sz;
	struct bpf_map_skeleton *maps;
	int prog_cnt;
	int prog_skel_sz;
	struct bpf_prog_skeleton *progs;
	int var_cnt;
	int var_skel_sz;
	struct bpf_var_skeleton *vars;
};

/* Bind a subskeleton (library part of a linked object) to obj's maps,
 * programs and variables. */
LIBBPF_API int bpf_object__open_subskeleton(struct bpf_object_subskeleton *s);
/* Free a subskeleton (the object stays open). */
LIBBPF_API void bpf_object__destroy_subskeleton(struct bpf_object_subskeleton *s);

struct gen_loader_opts {
	size_t sz;
	/* Outputs: the generated loader program and its data blob. */
	const char *data;
	const char *insns;
	__u32 data_sz;
	__u32 insns_sz;
	/* Let the loader check a hash of its data (signed light skeletons). */
	bool gen_hash;
};
#define gen_loader_opts__last_field gen_hash

/* Make bpf_object__load() emit a light-skeleton loader program instead of
 * touching the kernel. */
LIBBPF_API int bpf_object__gen_loader(struct bpf_object *obj, struct gen_loader_opts *opts);

/* Value of a tristate Kconfig extern. */
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/* How a map's "pinning" attribute is honoured. libbpf keeps this enum in
 * the BPF-side bpf_helpers.h; the guard lets both headers share one
 * definition when a file includes both. */
#ifndef BPFKIT_HAVE_LIBBPF_PIN_TYPE
#define BPFKIT_HAVE_LIBBPF_PIN_TYPE
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	/* pin at <pin_root_path>/<map name> and reuse an existing pin */
	LIBBPF_PIN_BY_NAME,
};
#endif

/* ---------------------------------------------------------------------
 * Static linker (bpftool gen object)
 * ------------------------------------------------------------------- */

struct bpf_linker_opts {
	size_t sz;
};
#define bpf_linker_opts__last_field sz

struct bpf_linker_file_opts {
	size_t sz;
};
#define bpf_linker_file_opts__last_field sz

struct bpf_linker;

/* Start linking into output file filename. */
LIBBPF_API struct bpf_linker *bpf_linker__new(const char *filename,
					      struct bpf_linker_opts *opts);
/* Start linking into an already open fd (not closed by the linker). */
LIBBPF_API struct bpf_linker *bpf_linker__new_fd(int fd, struct bpf_linker_opts *opts);
/* Add the BPF object file filename. */
LIBBPF_API int bpf_linker__add_file(struct bpf_linker *linker, const char *filename,
				    const struct bpf_linker_file_opts *opts);
/* Add a BPF object read from fd. */
LIBBPF_API int bpf_linker__add_fd(struct bpf_linker *linker, int fd,
				  const struct bpf_linker_file_opts *opts);
/* Add a BPF object held in memory. */
LIBBPF_API int bpf_linker__add_buf(struct bpf_linker *linker, void *buf, size_t buf_sz,
				   const struct bpf_linker_file_opts *opts);
/* Resolve everything and write the output. */
LIBBPF_API int bpf_linker__finalize(struct bpf_linker *linker);
/* Free the linker; NULL is a no-op. */
LIBBPF_API void bpf_linker__free(struct bpf_linker *linker);

/* ---------------------------------------------------------------------
 * Custom SEC() handlers
 * ------------------------------------------------------------------- */

/* Run at open for each program the handler matches; may call setters. */
typedef int (*libbpf_prog_setup_fn_t)(struct bpf_program *prog, long cookie);
/* Run right before the program is loaded; may edit the load options. */
typedef int (*libbpf_prog_prepare_load_fn_t)(struct bpf_program *prog,
					     struct bpf_prog_load_opts *opts, long cookie);
/* Auto-attach: return 0 with *link set, 0 with *link NULL for "not
 * attachable" (skipped by skeletons), or a negative errno. */
typedef int (*libbpf_prog_attach_fn_t)(const struct bpf_program *prog, long cookie,
				       struct bpf_link **link);

struct libbpf_prog_handler_opts {
	size_t sz;
	/* Passed unchanged to the three callbacks. */
	long cookie;
	/* Each callback is optional. */
	libbpf_prog_setup_fn_t prog_setup_fn;
	libbpf_prog_prepare_load_fn_t prog_prepare_load_fn;
	libbpf_prog_attach_fn_t prog_attach_fn;
};
#define libbpf_prog_handler_opts__last_field prog_attach_fn

/* Register a SEC() handler. sec is "x" (exactly "x"), "x/" (any "x/..."),
 * "x+" ("x" or "x/...") or NULL (fallback for otherwise unknown sections;
 * only one). Custom handlers are tried before built-in ones. Returns a
 * positive handler id, or -EINVAL (bad opts, empty or already registered
 * sec), -EBUSY (a fallback exists), -E2BIG, -ENOMEM. Not thread-safe. */
LIBBPF_API int libbpf_register_prog_handler(const char *sec, enum bpf_prog_type prog_type,
					    enum bpf_attach_type exp_attach_type,
					    const struct libbpf_prog_handler_opts *opts);
/* Remove a handler by id; -ENOENT if there is none. Not thread-safe. */
LIBBPF_API int libbpf_unregister_prog_handler(int handler_id);

/* Does the running kernel support programs of prog_type? 1 yes, 0 no,
 * negative errno on error (-EOPNOTSUPP for a type this library cannot
 * probe). opts must be NULL. */
LIBBPF_API int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts);
/* Same for maps of map_type. */
LIBBPF_API int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);
/* Can programs of prog_type call helper helper_id? 1 yes, 0 no, negative
 * errno on error. opts must be NULL. */
LIBBPF_API int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id,
				       const void *opts);

#ifdef __cplusplus
}
#endif

#endif
