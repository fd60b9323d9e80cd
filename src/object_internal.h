/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Private object model of <bpf/libbpf.h>: struct bpf_object with its
 * programs and maps, shared by object.c (open/close, ELF classification),
 * map.c (map definitions, creation, accessors), prog.c (program accessors,
 * loading) and relo.c (pure instruction relocation).
 *
 * Life cycle: open parses the ELF into programs (instructions copied out of
 * their sections), maps (definitions and initial images) and relocation
 * records; load creates maps, loads BTF, relocates each program into a
 * fresh instruction array and loads it. Nothing keeps pointers into the
 * ELF contents after open: the end of open drops them (elf_drop_data()),
 * so obj->elf then only has section headers and names (data NULL, no
 * symbols). Whatever load needs from the file is copied at open.
 */
#ifndef __BPFKIT_OBJECT_INTERNAL_H
#define __BPFKIT_OBJECT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"

struct elf_file;
struct sec_def;
struct gen_loader;

#define BPF_INSN_SZ ((size_t)sizeof(struct bpf_insn))

/* What an ELF section is to the loader. */
enum sec_kind {
	SEC_KIND_UNUSED,	/* ignored (debug info, symtab, ...) */
	SEC_KIND_PROG,		/* SHF_EXECINSTR: programs / subprograms */
	SEC_KIND_DATA,		/* .data, .data.*: global data map */
	SEC_KIND_RODATA,	/* .rodata, .rodata.*: read-only data map */
	SEC_KIND_BSS,		/* .bss, .bss.*: zeroed data map */
	SEC_KIND_MAPS,		/* .maps: BTF-defined maps */
	SEC_KIND_LEGACY_MAPS,	/* maps: struct bpf_map_def records */
	SEC_KIND_RELO,		/* SHT_REL of a program section */
	SEC_KIND_ARENA,		/* .addr_space.1: globals in the arena map */
	SEC_KIND_STRUCT_OPS,	/* .struct_ops, .struct_ops.link (struct_ops.c) */
};

/* Kind of a relocation recorded at open time. */
enum relo_kind {
	RELO_MAP,		/* ld_imm64 of a map: BPF_PSEUDO_MAP_FD */
	RELO_DATA,		/* ld_imm64 into a data map: BPF_PSEUDO_MAP_VALUE */
	RELO_CALL,		/* BPF_PSEUDO_CALL to a subprogram */
	RELO_SUBPROG_ADDR,	/* ld_imm64 BPF_PSEUDO_FUNC of a subprogram */
	RELO_EXTERN,		/* reference to an extern (next slice) */
};

struct relo_desc {
	enum relo_kind kind;
	__u32 insn_idx;		/* relative to the program's first insn */
	int map_idx;		/* RELO_MAP / RELO_DATA */
	__u32 sym_off;		/* RELO_DATA: symbol value added to imm;
				 * calls/addr: target section insn (see relo.c) */
	int sym_sec_idx;	/* section of the target (calls, addr) */
	int ext_idx;		/* RELO_EXTERN: index into obj->externs */
};

struct bpf_program {
	struct bpf_object *obj;
	char *name;
	char *sec_name;
	bool names_joined;	/* sec_name lives in name's block */
	int sec_idx;
	__u32 sec_insn_off;	/* first insn inside its section */
	__u32 sec_insn_cnt;	/* insns of this function in its section */
	bool is_subprog;	/* .text function: only appended to callers */

	/* Working instructions: the original function until load, then the
	 * relocated program with its appended subprograms. */
	struct bpf_insn *insns;
	size_t insn_cnt;
	bool insns_set;		/* replaced by bpf_program__set_insns() */

	struct relo_desc *relos;	/* sorted by insn_idx */
	int nr_relos;

	const struct sec_def *sec_def;
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	__u32 prog_flags;
	__u32 prog_ifindex;
	/* BTF attach target (fentry, tp_btf, lsm, iter, freplace...): from
	 * bpf_program__set_attach_target() or, at load, the SEC() name. */
	__u32 attach_btf_id;
	int attach_prog_fd;	/* 0: the kernel; caller's fd otherwise */
	/* struct_ops of a kernel module: its BTF fd (owned by the map) */
	int attach_btf_obj_fd;
	bool autoload;
	bool autoattach;
	bool relocated;		/* insns/func_info are final */

	char *log_buf;		/* caller's, never freed here */
	size_t log_size;
	__u32 log_level;

	/* func_info / line_info in kernel form (insn_off in insns) of the
	 * loaded program; owned. */
	void *func_info;
	__u32 func_info_cnt;
	__u32 func_info_rec_size;
	void *line_info;
	__u32 line_info_cnt;
	__u32 line_info_rec_size;

	int fd;
	/* Program instances (bpf_program__set_prep, next slice): when
	 * nr_instances > 0, instance_fds[i] is the fd of instance i (-1 when
	 * skipped) and fd is instance 0. */
	int nr_instances;
	int *instance_fds;
	bpf_program_prep_t prep;
	/* Instance the attach functions use (bpf_program__set_attach_instance). */
	int attach_instance;
};

/* Map definition fields (what BPF_MAP_CREATE gets). */
struct map_def {
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	__u32 numa_node;
	__u64 map_extra;
	__u32 pinning;
};

enum map_kind {
	MAP_KIND_BTF,		/* from .maps */
	MAP_KIND_LEGACY,	/* from maps */
	MAP_KIND_DATA,		/* internal: .data* */
	MAP_KIND_RODATA,	/* internal: .rodata* */
	MAP_KIND_KCONFIG,	/* internal: values of .kconfig externs */
	MAP_KIND_BSS,		/* internal: .bss* */
	MAP_KIND_INNER,		/* inner map template of a map-in-map */
	MAP_KIND_STRUCT_OPS,	/* a variable of .struct_ops[.link] */
};

struct st_ops;

struct bpf_map {
	struct bpf_object *obj;
	char *name;		/* bpf_map__name(), kernel name of internal maps */
	char *real_name;	/* ".data" etc. for internal maps, else name
				 * (then the same pointer) */
	enum map_kind kind;
	int sec_idx;
	__u64 sec_offset;	/* offset of the definition (symbol value) */
	struct map_def def;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_var_idx;	/* type id of the VAR (BTF maps) */
	__u32 ifindex;

	/* Initial image of global data maps: malloc()ed while image_heap,
	 * else an anonymous mapping (once its address was handed out, see
	 * map_image_pin()), replaced by a shared mapping of the map itself
	 * after creation so pointers handed out stay valid (skeletons). */
	void *mmaped;
	size_t mmap_sz;
	bool image_heap;

	/* Inner map template of ARRAY/HASH_OF_MAPS (parsed from `values`). */
	struct bpf_map *inner_map;
	int inner_map_fd;

	/* `values = { [i] = &x }` initializers: for map-in-map the index of
	 * map x in obj->maps, for prog arrays that of program x in
	 * obj->progs; -1 for empty slots. */
	__u32 values_off;	/* byte offset of `values` in the definition */
	bool has_values;
	int *init_slots;
	__u32 nr_init_slots;

	char *pin_path;
	bool pinned;
	bool autocreate;
	bool autoattach;
	bool reused;		/* fd given by bpf_map__reuse_fd() */
	/* bpf_map__set_exclusive_program(): created bound to its digest */
	struct bpf_program *excl_prog;
	/* struct_ops maps (struct_ops.c): local image and kernel value */
	struct st_ops *st_ops;
	__u32 btf_vmlinux_value_type_id;
	int fd;
};

enum extern_kind {
	EXT_UNKNOWN,		/* not resolved (yet) */
	EXT_KFUNC,		/* kernel function: kfunc call / bpf_ksym_exists */
	EXT_KSYM_TYPED,		/* kernel variable with BTF (per-CPU vars) */
	EXT_KSYM_ADDR,		/* untyped kernel symbol: its address */
	EXT_KCONFIG,		/* Kconfig value in the .kconfig map */
};

/* How a .kconfig extern's value is stored (from its BTF type). */
enum kcfg_type {
	KCFG_UNKNOWN,
	KCFG_BOOL,		/* bool: y = 1, n = 0 */
	KCFG_CHAR,		/* char: 'y', 'n', 'm' */
	KCFG_TRISTATE,		/* enum libbpf_tristate: y = 1, n = 0, m = 2 */
	KCFG_INT,		/* integer or enum of 1, 2, 4 or 8 bytes */
	KCFG_CHAR_ARR,		/* char[N]: string value */
};

/* An extern symbol (.ksyms, undefined function; .kconfig is the next
 * slice). Resolved at load by extern.c, consumed by relo.c. */
struct obj_extern {
	char *name;
	int sym_idx;
	bool is_func;		/* referenced by a call */
	bool is_weak;		/* may stay unresolved: reads as 0 / dead call */
	bool in_kconfig;	/* listed in .kconfig */
	enum extern_kind kind;
	bool found;		/* resolved in the running kernel */
	__u32 kern_btf_id;	/* EXT_KFUNC / EXT_KSYM_TYPED, in vmlinux BTF */
	__u32 btf_id;		/* its FUNC / VAR in the object's BTF, or 0 */
	__u64 addr;		/* EXT_KSYM_ADDR */
	/* EXT_KCONFIG: layout in the .kconfig map value */
	enum kcfg_type kcfg_type;
	__u32 kcfg_off;
	__u32 kcfg_size;
	bool kcfg_signed;
};

struct bpf_object {
	char *name;		/* name, path, pin_root_path: in obj's block */
	char *path;
	struct elf_file *elf;	/* section names only after open */

	char license[64];
	__u32 kern_version;

	struct btf *btf;
	struct btf_ext *btf_ext;
	int btf_fd;
	struct btf *vmlinux_btf;	/* parsed once per load, see obj_vmlinux_btf() */

	struct bpf_program *progs;
	int nr_progs;
	struct bpf_map *maps;
	int nr_maps;
	int maps_cap;		/* room in maps */
	/* obj_map_by_def() index: non-internal maps by section and offset */
	int *map_def_order;
	int nr_map_def_order;
	struct obj_extern *externs;
	int nr_externs;

	/* Per ELF section: kind and, for data sections, the map index. */
	enum sec_kind *sec_kinds;
	int *sec_map_idx;
	/* first DATASEC named after the section (0: none), for the first
	 * section of each name; noted while fixing up the object BTF */
	__u32 *sec_datasec_id;
	size_t nr_secs;
	int text_sec_idx;	/* ".text" or -1 */
	int kconfig_map_idx;	/* the .kconfig map or -1 */
	/* .addr_space.1 globals: their image (copied into the arena map's
	 * memory at load) and where in the arena they go. */
	int arena_sec_idx;	/* or -1 */
	int arena_map_idx;	/* the arena map the section belongs to, or -1 */
	void *arena_data;
	size_t arena_data_sz;
	size_t arena_data_off;
	int maps_sec_idx;	/* ".maps" or -1 */
	int legacy_maps_sec_idx; /* "maps" or -1 */

	/* Open options kept for load and later slices. */
	bool relaxed_maps;
	char *pin_root_path;
	char *kconfig;
	char *btf_custom_path;
	char *kernel_log_buf;
	size_t kernel_log_size;
	__u32 kernel_log_level;

	/* bpf_object__gen_loader(): load records a loader program */
	struct gen_loader *gen;

	bool prepared;		/* maps created, programs relocated */
	int prepare_err;	/* why preparing failed (then nothing is left) */
	bool loaded;		/* bpf_object__load() ran (even if it failed) */
};

/* ---- object.c ---- */
const char *obj_sec_name(const struct bpf_object *obj, int sec_idx);

/* ---- prog.c ---- */
/* Id of BTF_KIND_FUNC name in the BTF of loaded program prog_fd; -EINVAL
 * when it has no BTF, -ENOENT when no such function. Logs nothing. */
int prog_find_func_btf_id(int prog_fd, const char *name);

/* CO-RE of every program against the running kernel (or the custom BTF). */
int obj_core(struct bpf_object *obj);

/* ---- gen_loader.c ---- */
/* bpf_object__load() of an object with a loader generator. */
int gen_loader_load(struct bpf_object *obj);
void gen_loader_free(struct gen_loader *gen);

/* ---- map.c ---- */
/* Map types created with BTF key/value ids. */
bool map_takes_btf(__u32 type);
/* Build the maps of obj from .maps, maps and data sections. */
int obj_init_maps(struct bpf_object *obj);
/* Create every map (after obj->btf_fd is known); on failure the maps
 * created so far are closed by obj_unload_maps(). */
int obj_create_maps(struct bpf_object *obj);
void obj_unload_maps(struct bpf_object *obj);
void obj_free_maps(struct bpf_object *obj);
/* Record the `values` initializers of .maps (its REL section). */
int obj_collect_map_slots(struct bpf_object *obj, int relsec_idx);
/* Fill map-in-map slots (after every map exists) / prog array slots
 * (after the programs are loaded). */
int obj_init_map_slots(struct bpf_object *obj);
int obj_init_prog_slots(struct bpf_object *obj);
/* Map index owning the symbol at sec_idx/value (a .maps/maps definition),
 * or -1. */
int obj_map_by_def(const struct bpf_object *obj, int sec_idx, __u64 value);
/* Internal data map of section sec_idx, or -1. */
int obj_map_by_sec(const struct bpf_object *obj, int sec_idx);
bool map_is_internal(const struct bpf_map *map);
/* The internal map holding .kconfig values (size bytes); sets
 * obj->kconfig_map_idx. */
int obj_add_kconfig_map(struct bpf_object *obj, __u32 size);
/* A new zeroed map at the end of obj->maps (pointers to maps move). */
struct bpf_map *obj_add_map(struct bpf_object *obj);
/* Take a duplicate of map fd fd as map's fd, adopting its definition. */
int map_reuse_fd(struct bpf_map *map, int fd);
/* Give a heap-held data image its own page-aligned mapping, so that its
 * address can be handed out and survives load. 0 or -errno. */
int map_image_pin(struct bpf_map *map);

/* ---- obj_endian.c ---- */
/* The ELF's byte order is not the host's (opened, never loaded). */
bool obj_is_foreign_endian(const struct bpf_object *obj);
void insns_bswap(struct bpf_insn *insns, size_t cnt);
/* -LIBBPF_ERRNO__ENDIAN with one log line for a foreign object. */
int obj_check_native(const struct bpf_object *obj);

/* ---- map_excl.c ---- */
/* SHA-256 of insns with map immediates zeroed: the kernel's digest. */
int insns_digest(const struct bpf_insn *insns, size_t cnt, __u8 out[32]);
/* Digest of map->excl_prog's final instructions, for excl_prog_hash. */
int map_excl_prog_hash(struct bpf_map *map, __u8 out[32]);

/* ---- pin.c ---- */
/* LIBBPF_PIN_BY_NAME at load: 1 when the map pinned at map->pin_path was
 * reused, 0 when nothing is pinned there (create, then pin), or -errno
 * (incompatible pinned map, ...). */
int map_reuse_pinned(struct bpf_map *map);
/* pin_root_path/<name> for LIBBPF_PIN_BY_NAME maps. */
int map_default_pin_path(struct bpf_map *map);
/* After a failed load: remove the pins this load created. */
void obj_unpin_created(struct bpf_object *obj);
/* 0 when the directory of path is on a BPF filesystem, else -errno
 * (logged). */
int pin_check_bpffs(const char *path);
/* Create the directory holding path if missing (one level). */
int pin_make_parent_dir(const char *path);

/* ---- arena.c ---- */
/* At open, after the maps: bind .addr_space.1 to the object's arena map
 * and keep the section's image. */
int obj_init_arena(struct bpf_object *obj);
/* After the arena map is created: mmap() it (which also fixes its user
 * address for the verifier) and copy the globals' image in. */
int arena_map_mmap(struct bpf_object *obj, struct bpf_map *map);
void obj_free_arena(struct bpf_object *obj);

/* ---- extern.c ---- */
/* Kind of every extern from the object BTF, and the .kconfig layout and
 * map (at open). */
int obj_classify_externs(struct bpf_object *obj);
/* The running kernel's BTF, parsed on first use and shared by externs,
 * CO-RE and attach targets until the load ends. NULL with errno set. */
struct btf *obj_vmlinux_btf(struct bpf_object *obj);
void obj_drop_vmlinux_btf(struct bpf_object *obj);

/* Resolve every extern against the running kernel (vmlinux BTF,
 * /proc/kallsyms). Fails for strong externs that are missing and for
 * kinds not supported yet, naming the extern. */
int obj_resolve_externs(struct bpf_object *obj);
/* BTF the kernel accepts: extern FUNCs/VARs and the .ksyms/.kconfig
 * DATASECs (no ELF section behind them) rewritten. */
int obj_fixup_extern_btf(struct bpf_object *obj);

/* ---- struct_ops.c ---- */
/* .struct_ops, .struct_ops.link and their "?" (not created) forms. */
bool sec_is_struct_ops(const char *name);
/* At open: one map per .struct_ops[.link] variable, programs bound to
 * members by the sections' relocations; struct_ops programs no map uses
 * are not loaded. */
int obj_init_struct_ops(struct bpf_object *obj);
/* At load, before maps and programs: kernel types, the kernel value with
 * the data members, and each program's attach_btf_id/member index. */
int obj_prepare_struct_ops(struct bpf_object *obj);
/* After the programs are loaded: their fds in the kernel values. */
int obj_struct_ops_set_prog_fds(struct bpf_object *obj);
/* BPF_MAP_CREATE of a struct_ops map: fd or -errno. */
int st_ops_map_create(struct bpf_map *map);
/* 0, or -EINVAL (logged) for a struct_ops program with no member. */
int st_ops_prog_check(const struct bpf_program *prog);
/* bpf_map__initial_value() of a struct_ops map: its local image. */
void *st_ops_image(struct bpf_map *map, size_t *psize);
void st_ops_free(struct bpf_map *map);

/* ---- prog.c ---- */
/* Relocate every autoload main program not relocated yet. */
int obj_relocate_progs(struct bpf_object *obj);
/* Same with fds[i] standing for map i. */
int obj_relocate_progs_fds(struct bpf_object *obj, const int *fds);
/* Load attributes of prog (type, attach target, flags...), resolving its
 * SEC() attach target. */
int prog_load_opts(struct bpf_program *prog, struct bpf_prog_load_opts *o);
/* Relocate what is left, then load every autoload main program. */
int obj_load_progs(struct bpf_object *obj);
void obj_unload_progs(struct bpf_object *obj);
void prog_free(struct bpf_program *prog);

/* ---- relo.c: pure, no bpf() ---- */
/* Decode the REL section relsec (of program section sec_idx) into the
 * relocation records of the programs of that section, sorted by
 * instruction (relo_apply() relies on it). */
int relo_collect(struct bpf_object *obj, int sec_idx, int relsec_idx);

/* Inputs of relo_apply(): everything that comes from the kernel. */
struct relo_env {
	const int *map_fds;	/* fd of each obj->maps[i], or -1 */
};

/* One function in the final layout of a main program: units[0] is the
 * main program at offset 0, then each appended subprogram. */
struct relo_unit {
	struct bpf_program *prog;
	__u32 off;		/* first insn in the final program */
};

/* Build the final instructions of main program prog from its original
 * insns (prog->insns) and those of the subprograms: append each reachable
 * subprogram once, patch calls, function addresses and map references.
 * On success prog->insns/insn_cnt are replaced and *units (caller frees)
 * describes the layout. Errors: -LIBBPF_ERRNO__RELOC (bad target),
 * -ENOENT (map not created), -ENOTSUP (extern), -ENOMEM. */
int relo_apply(struct bpf_object *obj, struct bpf_program *prog, const struct relo_env *env,
	       struct relo_unit **units, int *nr_units);

/* func_info / line_info of a relocated program from .BTF.ext, adjusted
 * to the final layout. Fills prog->func_info / line_info (left empty when
 * the object has no usable records). */
int relo_btf_ext(struct bpf_object *obj, struct bpf_program *prog,
		 const struct relo_unit *units, int nr_units);

/* Number of sections with CO-RE relocations in .BTF.ext (0: none). */
int relo_core_count(const struct bpf_object *obj);
/* Apply every CO-RE relocation to the original instructions of the
 * programs and subprograms, against target BTF targ (core.c). Once per
 * object, before relo_apply(). */
int relo_core(struct bpf_object *obj, const struct btf *targ);

/* Program of section sec_idx whose function contains section insn
 * insn_off, or NULL. */
struct bpf_program *obj_prog_at(const struct bpf_object *obj, int sec_idx, __u32 insn_off);

static inline bool insn_is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static inline bool insn_is_pseudo_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

#endif
