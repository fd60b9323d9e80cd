// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Pure tests of relo.c on handcrafted objects: map and global data
 * references, subprogram calls (appended once, only when reachable),
 * function addresses and the error cases. No bpf(): map fds are made up.
 */
#include <stdlib.h>
#include <bpf/libbpf.h>

#include "insn.h"
#include "object_internal.h"
#include "test.h"

enum { SEC_MAIN = 1, SEC_TEXT = 2, SEC_DATA = 3, NR_SECS = 4 };

struct fixture {
	struct bpf_object obj;
	enum sec_kind kinds[NR_SECS];
	struct bpf_map maps[2];
	struct obj_extern ext;
	struct bpf_program progs[5];
};

static void add_prog(struct fixture *f, const char *name, int sec, __u32 off,
		     const struct bpf_insn *insns, size_t cnt)
{
	struct bpf_program *p = &f->progs[f->obj.nr_progs++];

	p->obj = &f->obj;
	p->name = strdup(name);
	p->sec_name = strdup(sec == SEC_TEXT ? ".text" : "xdp");
	p->sec_idx = sec;
	p->sec_insn_off = off;
	p->sec_insn_cnt = cnt;
	p->is_subprog = sec == SEC_TEXT;
	p->insn_cnt = cnt;
	p->insns = malloc(cnt * sizeof(*insns));
	p->fd = -1;
	memcpy(p->insns, insns, cnt * sizeof(*insns));
}

static void add_relo(struct bpf_program *p, struct relo_desc d)
{
	p->relos = realloc(p->relos, (p->nr_relos + 1) * sizeof(d));
	p->relos[p->nr_relos++] = d;
}

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->kinds[SEC_MAIN] = SEC_KIND_PROG;
	f->kinds[SEC_TEXT] = SEC_KIND_PROG;
	f->kinds[SEC_DATA] = SEC_KIND_DATA;
	f->obj.sec_kinds = f->kinds;
	f->obj.nr_secs = NR_SECS;
	f->obj.progs = f->progs;
	f->obj.maps = f->maps;
	f->obj.nr_maps = 2;
	f->maps[0].name = "hmap";
	f->maps[1].name = "obj.data";
	f->ext.name = "some_extern";
	f->obj.externs = &f->ext;
	f->obj.nr_externs = 1;
	f->obj.text_sec_idx = SEC_TEXT;
}

static void fixture_free(struct fixture *f)
{
	for (int i = 0; i < f->obj.nr_progs; i++)
		prog_free(&f->progs[i]);
}

/* .text: sub_a (0..3) calls sub_b (4..5) without a relocation; sub_c
 * (6..7) is never called. */
static void add_text(struct fixture *f)
{
	struct bpf_insn sub_a[] = {
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn sub_b[] = { BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN() };
	struct bpf_insn sub_c[] = { BPF_MOV64_IMM(BPF_REG_0, 3), BPF_EXIT_INSN() };

	add_prog(f, "sub_a", SEC_TEXT, 0, sub_a, 4);
	add_prog(f, "sub_b", SEC_TEXT, 4, sub_b, 2);
	add_prog(f, "sub_c", SEC_TEXT, 6, sub_c, 2);
}

static const int fds[2] = { 100, 200 };

TEST(relo_maps_data_and_calls)
{
	struct bpf_insn main_insns[] = {
		BPF_LD_IMM64(BPF_REG_1, 0),
		BPF_LD_IMM64(BPF_REG_2, 4),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		BPF_EXIT_INSN(),
	};
	struct relo_env env = { .map_fds = fds };
	struct relo_unit *units = NULL;
	struct fixture f;
	struct bpf_program *m;
	const struct bpf_insn *in;
	int n = 0;

	fixture_init(&f);
	add_prog(&f, "main", SEC_MAIN, 0, main_insns, 7);
	add_text(&f);
	m = &f.progs[0];
	add_relo(m, (struct relo_desc){ .kind = RELO_MAP, .insn_idx = 0, .map_idx = 0 });
	add_relo(m, (struct relo_desc){ .kind = RELO_DATA, .insn_idx = 2, .map_idx = 1,
					.sym_off = 8 });
	add_relo(m, (struct relo_desc){ .kind = RELO_CALL, .insn_idx = 4, .sym_sec_idx = SEC_TEXT,
					.sym_off = 0 });
	add_relo(m, (struct relo_desc){ .kind = RELO_CALL, .insn_idx = 5, .sym_sec_idx = SEC_TEXT,
					.sym_off = 4 });

	ASSERT_EQ(relo_apply(&f.obj, m, &env, &units, &n), 0);
	in = m->insns;
	/* main (7) + sub_a (4) + sub_b (2); sub_c is unreachable */
	CHECK_EQ(m->insn_cnt, 13);
	CHECK_EQ(n, 3);
	CHECK(units[0].prog == m && units[0].off == 0, "unit 0");
	CHECK(units[1].prog == &f.progs[1] && units[1].off == 7, "unit 1");
	CHECK(units[2].prog == &f.progs[2] && units[2].off == 11, "unit 2");
	CHECK_EQ(in[0].src_reg, BPF_PSEUDO_MAP_FD);
	CHECK_EQ(in[0].imm, 100);
	CHECK_EQ(in[1].imm, 0);
	CHECK_EQ(in[2].src_reg, BPF_PSEUDO_MAP_VALUE);
	CHECK_EQ(in[2].imm, 200);
	CHECK_EQ(in[3].imm, 4 + 8);
	CHECK_EQ(in[4].imm, 7 - 5);	/* -> sub_a */
	CHECK_EQ(in[5].imm, 11 - 6);	/* -> sub_b */
	CHECK_EQ(in[8].imm, 11 - 9);	/* sub_a -> sub_b, appended once */
	CHECK_EQ(in[11].imm, 2);	/* sub_b's body copied as is */
	/* subprograms keep their original instructions */
	CHECK_EQ(f.progs[1].insns[1].imm, 2);
	free(units);
	fixture_free(&f);
}

TEST(relo_function_address)
{
	struct bpf_insn main_insns[] = {
		BPF_LD_IMM64(BPF_REG_2, 6 * 8), /* byte addend: sub_c */
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	struct relo_env env = { .map_fds = fds };
	struct relo_unit *units = NULL;
	struct fixture f;
	int n = 0;

	fixture_init(&f);
	add_prog(&f, "main", SEC_MAIN, 0, main_insns, 4);
	add_text(&f);
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_SUBPROG_ADDR, .insn_idx = 0,
						  .sym_sec_idx = SEC_TEXT, .sym_off = 0 });
	ASSERT_EQ(relo_apply(&f.obj, &f.progs[0], &env, &units, &n), 0);
	CHECK_EQ(n, 2);
	CHECK(units[1].prog == &f.progs[3], "sub_c appended");
	CHECK_EQ(f.progs[0].insn_cnt, 6);
	CHECK_EQ(f.progs[0].insns[0].src_reg, BPF_PSEUDO_FUNC);
	CHECK_EQ(f.progs[0].insns[0].imm, 4 - 1);
	CHECK_EQ(f.progs[0].insns[1].imm, 0);
	free(units);
	fixture_free(&f);
}

TEST(relo_self_recursion_appended_once)
{
	struct bpf_insn main_insns[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn rec[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		BPF_EXIT_INSN(),
	};
	struct relo_env env = { .map_fds = fds };
	struct relo_unit *units = NULL;
	struct fixture f;
	int n = 0;

	fixture_init(&f);
	add_prog(&f, "main", SEC_MAIN, 0, main_insns, 2);
	add_prog(&f, "rec", SEC_TEXT, 0, rec, 2);
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_CALL, .insn_idx = 0,
						  .sym_sec_idx = SEC_TEXT });
	add_relo(&f.progs[1], (struct relo_desc){ .kind = RELO_CALL, .insn_idx = 0,
						  .sym_sec_idx = SEC_TEXT });
	ASSERT_EQ(relo_apply(&f.obj, &f.progs[0], &env, &units, &n), 0);
	CHECK_EQ(n, 2);
	CHECK_EQ(f.progs[0].insn_cnt, 4);
	CHECK_EQ(f.progs[0].insns[0].imm, 1);
	CHECK_EQ(f.progs[0].insns[2].imm, -1); /* calls itself */
	free(units);
	fixture_free(&f);
}

/* Apply one relocation to a 3-insn main program and return the error. */
static int apply_bad(struct relo_desc d, const int *map_fds, bool with_text)
{
	struct bpf_insn main_insns[] = {
		BPF_LD_IMM64(BPF_REG_1, 0),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		BPF_EXIT_INSN(),
	};
	struct relo_env env = { .map_fds = map_fds };
	struct relo_unit *units = NULL;
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	struct fixture f;
	int n = 0, err;

	fixture_init(&f);
	add_prog(&f, "main", SEC_MAIN, 0, main_insns, 4);
	if (with_text)
		add_text(&f);
	add_relo(&f.progs[0], d);
	err = relo_apply(&f.obj, &f.progs[0], &env, &units, &n);
	libbpf_set_print(old);
	/* on failure the program is untouched */
	if (err)
		CHECK(!memcmp(f.progs[0].insns, main_insns, sizeof(main_insns)), "insns changed");
	free(units);
	fixture_free(&f);
	return err;
}

TEST(relo_errors)
{
	const int no_fds[2] = { -1, -1 };

	/* call into the middle of nowhere */
	CHECK_EQ(apply_bad((struct relo_desc){ .kind = RELO_CALL, .insn_idx = 2,
					       .sym_sec_idx = SEC_TEXT, .sym_off = 100 },
			   fds, true),
		 -LIBBPF_ERRNO__RELOC);
	/* call with no .text at all */
	CHECK_EQ(apply_bad((struct relo_desc){ .kind = RELO_CALL, .insn_idx = 2,
					       .sym_sec_idx = SEC_TEXT },
			   fds, false),
		 -LIBBPF_ERRNO__RELOC);
	/* call into a main program */
	CHECK_EQ(apply_bad((struct relo_desc){ .kind = RELO_CALL, .insn_idx = 2,
					       .sym_sec_idx = SEC_MAIN, .sym_off = 0 },
			   fds, true),
		 -LIBBPF_ERRNO__RELOC);
	/* map not created */
	CHECK_EQ(apply_bad((struct relo_desc){ .kind = RELO_MAP, .insn_idx = 0, .map_idx = 0 },
			   no_fds, true),
		 -ENOENT);
	/* map index out of range */
	CHECK_EQ(apply_bad((struct relo_desc){ .kind = RELO_MAP, .insn_idx = 0, .map_idx = 7 },
			   fds, true),
		 -LIBBPF_ERRNO__RELOC);
	/* externs are the next slice */
	CHECK_EQ(apply_bad((struct relo_desc){ .kind = RELO_EXTERN, .insn_idx = 2,
					       .ext_idx = 0 },
			   fds, true),
		 -ENOTSUP);
	/* the call at insn 2 has no relocation: it stays in its own section,
	 * where it lands on the main program itself */
	CHECK_EQ(apply_bad((struct relo_desc){ .kind = RELO_MAP, .insn_idx = 0, .map_idx = 0 },
			   fds, true),
		 -LIBBPF_ERRNO__RELOC);
}

TEST(relo_misaligned_func_addr)
{
	struct bpf_insn main_insns[] = {
		BPF_LD_IMM64(BPF_REG_2, 3),
		BPF_EXIT_INSN(),
	};
	struct relo_env env = { .map_fds = fds };
	struct relo_unit *units = NULL;
	libbpf_print_fn_t old = libbpf_set_print(NULL);
	struct fixture f;
	int n = 0, err;

	fixture_init(&f);
	add_prog(&f, "main", SEC_MAIN, 0, main_insns, 3);
	add_text(&f);
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_SUBPROG_ADDR, .insn_idx = 0,
						  .sym_sec_idx = SEC_TEXT });
	err = relo_apply(&f.obj, &f.progs[0], &env, &units, &n);
	libbpf_set_print(old);
	CHECK_EQ(err, -LIBBPF_ERRNO__RELOC);
	free(units);
	fixture_free(&f);
}

TEST(relo_extern_patches)
{
	struct bpf_insn main_insns[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		BPF_LD_IMM64(BPF_REG_1, 0),
		BPF_LD_IMM64(BPF_REG_2, 0),
		BPF_LD_IMM64(BPF_REG_3, 0),
		BPF_EXIT_INSN(),
	};
	struct obj_extern ext[4] = {
		{ .name = "kfunc", .kind = EXT_KFUNC, .found = true, .kern_btf_id = 77 },
		{ .name = "weak_kfunc", .kind = EXT_KFUNC, .is_weak = true },
		{ .name = "sym", .kind = EXT_KSYM_ADDR, .found = true,
		  .addr = 0xffffffff81000010ull },
		{ .name = "CONFIG_X", .kind = EXT_KCONFIG, .found = true, .kcfg_off = 8 },
	};
	struct relo_env env = { .map_fds = fds };
	struct relo_unit *units = NULL;
	struct fixture f;
	const struct bpf_insn *in;
	int n = 0;

	fixture_init(&f);
	f.obj.externs = ext;
	f.obj.nr_externs = 4;
	f.obj.kconfig_map_idx = 1;
	add_prog(&f, "main", SEC_MAIN, 0, main_insns, 9);
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_EXTERN, .insn_idx = 0, .ext_idx = 0 });
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_EXTERN, .insn_idx = 1, .ext_idx = 1 });
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_EXTERN, .insn_idx = 2, .ext_idx = 2 });
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_EXTERN, .insn_idx = 4, .ext_idx = 3 });
	add_relo(&f.progs[0], (struct relo_desc){ .kind = RELO_EXTERN, .insn_idx = 6, .ext_idx = 1 });
	ASSERT_EQ(relo_apply(&f.obj, &f.progs[0], &env, &units, &n), 0);
	in = f.progs[0].insns;
	/* kfunc: its vmlinux BTF id */
	CHECK_EQ(in[0].src_reg, BPF_PSEUDO_KFUNC_CALL);
	CHECK_EQ(in[0].imm, 77);
	/* missing weak kfunc: a helper no kernel has (dead code only) */
	CHECK_EQ(in[1].src_reg, 0);
	CHECK_GT(in[1].imm, 0x10000);
	/* untyped ksym: the address in both halves */
	CHECK_EQ(in[2].src_reg, 0);
	CHECK_EQ((__u32)in[2].imm, 0x81000010u);
	CHECK_EQ((__u32)in[3].imm, 0xffffffffu);
	/* kconfig: the .kconfig map value at the extern's offset */
	CHECK_EQ(in[4].src_reg, BPF_PSEUDO_MAP_VALUE);
	CHECK_EQ(in[4].imm, 200);
	CHECK_EQ(in[5].imm, 8);
	/* address of a missing weak kfunc (bpf_ksym_exists()): 0 */
	CHECK_EQ(in[6].src_reg, 0);
	CHECK_EQ(in[6].imm, 0);
	CHECK_EQ(in[7].imm, 0);
	free(units);
	fixture_free(&f);
}
