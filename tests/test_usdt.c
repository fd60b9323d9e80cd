// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT attachment (src/usdt.c): probes defined below by hand-written SDT
 * notes (the .note.stapsdt format of <sys/sdt.h>), attached for real with
 * tests/progs/probe_usdt.bpf.c checking the argument values it fetches;
 * the argument description parser; and error paths.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "elf_exec.h"
#include "features.h"
#include "kenv.h"
#include "test.h"
#include "usdt_internal.h"

enum {
	U_CNT, U_A, U_B, U_C, U_ARGCNT, U_COOKIE, U_SUM, U_SIB, U_SEMA, U_AUTO, U_AUTO_A, U_SIZES,
};

/*
 * One SDT note for a probe site: the nop at local label 990 is the probed
 * instruction; the note records its address, the .stapsdt.base address
 * (to detect prelinking), the semaphore's address (or 0), provider, name
 * and argument descriptions. Used inside extended asm, so "%%" is a '%'.
 */
#define SDT_SITE(provider, name, args, sema)                                 \
	"990:\tnop\n"                                                        \
	"\t.pushsection .note.stapsdt,\"?\",\"note\"\n"                      \
	"\t.balign 4\n"                                                      \
	"\t.4byte 992f-991f, 994f-993f, 3\n"                                 \
	"991:\t.asciz \"stapsdt\"\n"                                         \
	"992:\t.balign 4\n"                                                  \
	"993:\t.8byte 990b\n"                                                \
	"\t.8byte _.stapsdt.base\n"                                          \
	"\t.8byte " sema "\n"                                                \
	"\t.asciz \"" provider "\"\n"                                        \
	"\t.asciz \"" name "\"\n"                                            \
	"\t.asciz \"" args "\"\n"                                            \
	"994:\t.balign 4\n"                                                  \
	"\t.popsection\n"                                                    \
	"\t.ifndef _.stapsdt.base\n"                                         \
	"\t.pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n" \
	"\t.weak _.stapsdt.base\n"                                           \
	"\t.hidden _.stapsdt.base\n"                                         \
	"_.stapsdt.base:\t.space 1\n"                                        \
	"\t.size _.stapsdt.base, 1\n"                                        \
	"\t.popsection\n"                                                    \
	"\t.endif\n"

/* bpfkit_t:three, site 1: arguments in registers (int, long, constant). */
__attribute__((noinline, used)) void t_usdt_three_regs(int a, long b)
{
	asm volatile(SDT_SITE("bpfkit_t", "three", "-4@%0 -8@%1 -4@$7", "0") : : "r"(a), "r"(b));
}

/* bpfkit_t:three, site 2: the same arguments in memory (a stack slot,
 * "N(%rsp)" or "-N(%rbp)"), so a second spec. */
__attribute__((noinline, used)) void t_usdt_three_mem(int a, long b)
{
	asm volatile(SDT_SITE("bpfkit_t", "three", "-4@%0 -8@%1 -4@$-9", "0") : : "m"(a), "m"(b));
}

/* bpfkit_t:sib: base + index * 8 + 8 addressing. */
__attribute__((noinline, used)) void t_usdt_sib(const long *arr, long idx)
{
	asm volatile(SDT_SITE("bpfkit_t", "sib", "-8@8(%%rdi,%%rsi,8)", "0")
		     : : "D"(arr), "S"(idx) : "memory");
}

/* The semaphore of bpfkit_t:sema, counting attached tracers. */
unsigned short bpfkit_t_sema_semaphore __attribute__((section(".probes"), used));

__attribute__((noinline, used)) void t_usdt_sema(int a)
{
	asm volatile(SDT_SITE("bpfkit_t", "sema", "-4@%0", "bpfkit_t_sema_semaphore") : : "r"(a));
}

/* bpfkit_t:auto, for the section-name attach; a 16-bit argument. */
__attribute__((noinline, used)) void t_usdt_auto(short a)
{
	asm volatile(SDT_SITE("bpfkit_t", "auto", "-2@%0", "0") : : "r"(a));
}

/* bpfkit_t:bad: an argument we cannot fetch (a high-byte register). */
__attribute__((noinline, used)) void t_usdt_bad(void)
{
	asm volatile(SDT_SITE("bpfkit_t", "bad", "1@%%ah", "0") : :);
}

static void (*volatile fire_three_regs)(int, long) = t_usdt_three_regs;
static void (*volatile fire_three_mem)(int, long) = t_usdt_three_mem;
static void (*volatile fire_sib)(const long *, long) = t_usdt_sib;
static void (*volatile fire_sema)(int) = t_usdt_sema;
static void (*volatile fire_auto)(short) = t_usdt_auto;

struct uenv {
	struct bpf_object *obj;
	int out;
};

static int uenv_open(struct uenv *e)
{
	e->obj = bpf_object__open_file(test_obj_path("probe_usdt"), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	e->out = bpf_object__find_map_fd_by_name(e->obj, "usdt_out");
	return e->out >= 0 ? 0 : -1;
}

static struct bpf_program *uprog(struct uenv *e, const char *name)
{
	return bpf_object__find_program_by_name(e->obj, name);
}

static long out(struct uenv *e, uint32_t k)
{
	long v = 0;

	bpf_map_lookup_elem(e->out, &k, &v);
	return v;
}

static void uprobes_or_skip(void)
{
	if (!kenv_has_uprobes())
		test_skip_absent("no uprobe PMU");
}

KTEST(usdt_args_two_sites_cookie)
{
	LIBBPF_OPTS(bpf_usdt_opts, o, .usdt_cookie = 0xc00c1e);
	struct bpf_link *l = NULL;
	struct uenv e = {};

	uprobes_or_skip();
	GO_OK(uenv_open(&e));
	l = bpf_program__attach_usdt(uprog(&e, "u_three"), getpid(), "/proc/self/exe", "bpfkit_t",
				     "three", &o);
	GO_TRUE(l != NULL);
	/* one link for the whole probe, no fd of its own */
	GO_EQ(bpf_link__fd(l), -1);
	fire_three_regs(-5, 1234567890123L);
	GO_EQ(out(&e, U_CNT), 1);
	GO_EQ(out(&e, U_A), -5);
	GO_EQ(out(&e, U_B), 1234567890123L);
	GO_EQ(out(&e, U_C), 7);
	GO_EQ(out(&e, U_ARGCNT), 3);
	GO_EQ(out(&e, U_COOKIE), 0xc00c1e);
	GO_EQ(out(&e, U_SIZES), 484);
	/* the second site reads its arguments from the stack */
	fire_three_mem(-77, -9876543210L);
	GO_EQ(out(&e, U_CNT), 2);
	GO_EQ(out(&e, U_A), -77);
	GO_EQ(out(&e, U_B), -9876543210L);
	GO_EQ(out(&e, U_C), -9);
	GO_EQ(out(&e, U_COOKIE), 0xc00c1e);
	GO_EQ(out(&e, U_SUM), -82);
	GO_EQ(bpf_link__destroy(l), 0);
	l = NULL;
	fire_three_regs(1, 1);
	GO_EQ(out(&e, U_CNT), 2);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

KTEST(usdt_sib_and_semaphore)
{
	long arr[4] = { 10, 20, 30, 40 };
	struct bpf_link *s = NULL, *m = NULL, *m2 = NULL;
	struct uenv e = {};

	uprobes_or_skip();
	GO_OK(uenv_open(&e));
	s = bpf_program__attach_usdt(uprog(&e, "u_sib"), 0, "/proc/self/exe", "bpfkit_t", "sib",
				     NULL);
	GO_TRUE(s != NULL);
	fire_sib(arr, 2);
	GO_EQ(out(&e, U_SIB), 40);
	fire_sib(arr, 0);
	GO_EQ(out(&e, U_SIB), 20);

	/* the kernel counts us in the semaphore while attached (pid-filtered
	 * attachments only: another runner's must not touch ours) */
	GO_EQ(bpfkit_t_sema_semaphore, 0);
	m = bpf_program__attach_usdt(uprog(&e, "u_sema"), getpid(), "/proc/self/exe", "bpfkit_t",
				     "sema", NULL);
	GO_TRUE(m != NULL);
	GO_EQ(bpfkit_t_sema_semaphore, 1);
	fire_sema(31337);
	GO_EQ(out(&e, U_SEMA), 31337);
	/* a second attach reads the binary again while the probe is live:
	 * that must not count us twice (it would if the binary were mapped) */
	m2 = bpf_program__attach_usdt(uprog(&e, "u_sema"), getpid(), "/proc/self/exe",
				      "bpfkit_t", "sema", NULL);
	GO_TRUE(m2 != NULL);
	GO_EQ(bpfkit_t_sema_semaphore, 1);
	GO_EQ(bpf_link__destroy(m2), 0);
	m2 = NULL;
	GO_EQ(bpfkit_t_sema_semaphore, 1);
	GO_EQ(bpf_link__destroy(m), 0);
	m = NULL;
	GO_EQ(bpfkit_t_sema_semaphore, 0);
out:
	bpf_link__destroy(s);
	bpf_link__destroy(m);
	bpf_link__destroy(m2);
	bpf_object__close(e.obj);
}

KTEST(usdt_auto_attach)
{
	struct bpf_link *l = NULL;
	struct uenv e = {};

	uprobes_or_skip();
	GO_OK(uenv_open(&e));
	l = bpf_program__attach(uprog(&e, "u_auto"));
	GO_TRUE(l != NULL);
	fire_auto(-1234);
	GO_GE(out(&e, U_AUTO), 1);
	GO_EQ(out(&e, U_AUTO_A), -1234);
out:
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

/* Attach a second object's program to the same probe while the first is
 * attached: each object's spec map is its own. */
KTEST(usdt_two_objects)
{
	LIBBPF_OPTS(bpf_usdt_opts, o1, .usdt_cookie = 1);
	LIBBPF_OPTS(bpf_usdt_opts, o2, .usdt_cookie = 2);
	struct bpf_link *a = NULL, *b = NULL;
	struct uenv e1 = {}, e2 = {};

	uprobes_or_skip();
	GO_OK(uenv_open(&e1));
	GO_OK(uenv_open(&e2));
	a = bpf_program__attach_usdt(uprog(&e1, "u_three"), 0, "/proc/self/exe", "bpfkit_t",
				     "three", &o1);
	GO_TRUE(a != NULL);
	b = bpf_program__attach_usdt(uprog(&e2, "u_three"), 0, "/proc/self/exe", "bpfkit_t",
				     "three", &o2);
	GO_TRUE(b != NULL);
	fire_three_mem(3, 4);
	GO_EQ(out(&e1, U_COOKIE), 1);
	GO_EQ(out(&e2, U_COOKIE), 2);
	GO_EQ(out(&e1, U_B), 4);
	GO_EQ(out(&e2, U_B), 4);
out:
	bpf_link__destroy(a);
	bpf_link__destroy(b);
	bpf_object__close(e1.obj);
	bpf_object__close(e2.obj);
}

static int map_entries(int fd)
{
	long key, next;
	int n = 0;

	if (bpf_map_get_next_key(fd, NULL, &key))
		return 0;
	for (n = 1; !bpf_map_get_next_key(fd, &key, &next); n++)
		key = next;
	return n;
}

/* As on kernels without bpf_get_attach_cookie(): the BPF side finds the
 * spec through the probe IP, which the attach stored in
 * __bpf_usdt_ip_to_spec_id (runtime addresses of this PIE runner). */
KTEST(usdt_without_cookies)
{
	LIBBPF_OPTS(bpf_usdt_opts, o, .usdt_cookie = 0x77);
	libbpf_print_fn_t old = NULL;
	struct bpf_link *l = NULL;
	struct uenv e = {};
	int ip_map;

	uprobes_or_skip();
	feature_set_override(~FEAT_BIT(FEAT_BPF_COOKIE));
	GO_OK(uenv_open(&e));
	ip_map = bpf_object__find_map_fd_by_name(e.obj, "__bpf_usdt_ip_to_spec_id");
	GO_TRUE(ip_map >= 0);
	l = bpf_program__attach_usdt(uprog(&e, "u_three"), 0, "/proc/self/exe", "bpfkit_t",
				     "three", &o);
	GO_TRUE(l != NULL);
	GO_EQ(map_entries(ip_map), 2);
	fire_three_regs(11, 22);
	GO_EQ(out(&e, U_A), 11);
	GO_EQ(out(&e, U_B), 22);
	GO_EQ(out(&e, U_C), 7);
	GO_EQ(out(&e, U_COOKIE), 0x77);
	fire_three_mem(-1, -2);
	GO_EQ(out(&e, U_B), -2);
	GO_EQ(out(&e, U_C), -9);
	GO_EQ(out(&e, U_CNT), 2);
	/* the same probe again in this object: its IPs are taken */
	old = libbpf_set_print(NULL);
	errno = 0;
	GO_TRUE(!bpf_program__attach_usdt(uprog(&e, "u_three"), 0, "/proc/self/exe", "bpfkit_t",
					  "three", &o));
	GO_EQ(errno, EEXIST);
	/* a PIE's addresses are per process: every process (-1) won't do */
	errno = 0;
	GO_TRUE(!bpf_program__attach_usdt(uprog(&e, "u_sib"), -1, "/proc/self/exe", "bpfkit_t",
					  "sib", NULL));
	GO_EQ(errno, EOPNOTSUPP);
	libbpf_set_print(old);
	old = NULL;
	GO_EQ(bpf_link__destroy(l), 0);
	l = NULL;
	GO_EQ(map_entries(ip_map), 0);
out:
	if (old)
		libbpf_set_print(old);
	feature_set_override(~0ULL);
	bpf_link__destroy(l);
	bpf_object__close(e.obj);
}

static int warn_lines;

static int count_warn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		warn_lines++;
	if (test_verbose())
		vfprintf(stderr, fmt, ap);
	return 0;
}

#define GO_FAILS_ONCE(call, e)                                               \
	do {                                                                 \
		void *__p;                                                   \
		warn_lines = 0;                                              \
		errno = 0;                                                   \
		__p = (void *)(call);                                        \
		GO_TRUE(__p == NULL);                                        \
		GO_EQ(errno, e);                                             \
		GO_EQ(warn_lines, 1);                                        \
	} while (0)

KTEST(usdt_errors)
{
	libbpf_print_fn_t old = libbpf_set_print(count_warn);
	struct bpf_object *plain = NULL;
	struct bpf_program *p, *nospec;
	struct uenv e = {};

	GO_OK(uenv_open(&e));
	p = uprog(&e, "u_three");
	GO_FAILS_ONCE(bpf_program__attach_usdt(p, 0, "/proc/self/exe", "bpfkit_t", "nope", NULL),
		      ENOENT);
	GO_FAILS_ONCE(bpf_program__attach_usdt(p, 0, "/proc/self/exe", "bpfkit_t", "bad", NULL),
		      EINVAL);
	GO_FAILS_ONCE(bpf_program__attach_usdt(p, 0, "/nonexistent/bpfkit", "bpfkit_t", "three",
					       NULL),
		      ENOENT);
	GO_FAILS_ONCE(bpf_program__attach_usdt(p, 0, "/proc/self/exe", NULL, "three", NULL),
		      EINVAL);
	/* a binary without SDT notes */
	GO_FAILS_ONCE(bpf_program__attach_usdt(p, 0, "libc.so.6", "bpfkit_t", "three", NULL),
		      ENOENT);
	/* a program whose object has no spec map */
	plain = bpf_object__open_file(test_obj_path("probe_uprobe"), NULL);
	GO_TRUE(plain && !bpf_object__load(plain));
	nospec = bpf_object__find_program_by_name(plain, "up_entry");
	GO_FAILS_ONCE(bpf_program__attach_usdt(nospec, 0, "/proc/self/exe", "bpfkit_t", "three",
					       NULL),
		      EINVAL);
	/* section targets that are not PATH:PROVIDER:NAME */
	GO_FAILS_ONCE(bpf_program__attach(bpf_object__find_program_by_name(e.obj, "u_three")),
		      EOPNOTSUPP);
out:
	libbpf_set_print(old);
	bpf_object__close(plain);
	bpf_object__close(e.obj);
}

/* ---- argument descriptions ---- */

TEST(usdt_parse_arg_forms)
{
	struct usdt_spec s;
	const struct usdt_arg_spec *a = s.args;

	memset(&s, 0, sizeof(s));
	ASSERT_EQ(usdt_parse_args("-4@%eax 8@%rdi 4@$5 -4@$-9 -4@-20(%rbp) 8@(%rsp) "
				  "-8@8(%rdi,%rsi,8) 2@(%rax,%rbx) 1@%r8b 8@0x10(%r15)",
				  &s),
		  0);
	ASSERT_EQ(s.arg_cnt, 10);
	CHECK_EQ(a[0].arg_type, USDT_ARG_REG);
	CHECK_EQ(a[0].reg_off, 80);
	CHECK_EQ(a[0].arg_signed, 1);
	CHECK_EQ(a[0].arg_bitshift, 32);
	CHECK_EQ(a[1].reg_off, 112);
	CHECK_EQ(a[1].arg_signed, 0);
	CHECK_EQ(a[1].arg_bitshift, 0);
	CHECK_EQ(a[2].arg_type, USDT_ARG_CONST);
	CHECK_EQ(a[2].val_off, 5);
	CHECK_EQ((long long)a[3].val_off, -9);
	CHECK_EQ(a[4].arg_type, USDT_ARG_REG_DEREF);
	CHECK_EQ((long long)a[4].val_off, -20);
	CHECK_EQ(a[4].reg_off, 32);
	CHECK_EQ(a[5].arg_type, USDT_ARG_REG_DEREF);
	CHECK_EQ(a[5].val_off, 0);
	CHECK_EQ(a[5].reg_off, 152);
	CHECK_EQ(a[6].arg_type, USDT_ARG_SIB);
	CHECK_EQ(a[6].val_off, 8);
	CHECK_EQ(a[6].reg_off, 112);
	CHECK_EQ(a[6].idx_reg_off, 104);
	CHECK_EQ(a[6].scale_bitshift, 3);
	CHECK_EQ(a[7].arg_type, USDT_ARG_SIB);
	CHECK_EQ(a[7].idx_reg_off, 40);
	CHECK_EQ(a[7].scale_bitshift, 0);
	CHECK_EQ(a[7].arg_bitshift, 48);
	CHECK_EQ(a[8].reg_off, 72);
	CHECK_EQ(a[8].arg_bitshift, 56);
	CHECK_EQ(a[9].val_off, 16);
	CHECK_EQ(a[9].reg_off, 0);

	/* empty: no arguments */
	ASSERT_EQ(usdt_parse_args("", &s), 0);
	CHECK_EQ(s.arg_cnt, 0);
	/* 12 fit, 13 do not */
	ASSERT_EQ(usdt_parse_args("1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1",
				  &s),
		  0);
	CHECK_EQ(s.arg_cnt, 12);
	CHECK_EQ(usdt_parse_args("1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1",
				 &s),
		 -EINVAL);
}

TEST(usdt_parse_arg_rejects)
{
	static const char *const bad[] = {
		"3@%eax", "4@%ah", "4@foo(%rip)", "4@%eax)", "@%eax", "4%eax", "4@$",
		"4@(%rax,%rbx,3)", "4@-20(%rbp", "4@", "16@%rax", "4@%xmm0", "4@$5x",
		"4@(%rax,)", "4@%rax,", "99999999999999999999@%rax",
	};
	struct usdt_spec s;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(usdt_parse_args(bad[i], &s) == -EINVAL, "'%s' accepted", bad[i]);
}

/* The notes of this runner, without attaching anything. */
TEST(usdt_scan_own_notes)
{
	struct exec_elf *ee;
	struct usdt_spec s;

	ASSERT_OK(exec_elf_open("/proc/self/exe", &ee));
	CHECK_EQ(usdt_scan_sites(ee, "bpfkit_t", "three", &s), 2);
	CHECK_EQ(usdt_scan_sites(ee, "bpfkit_t", "sib", &s), 1);
	CHECK_EQ(s.arg_cnt, 1);
	CHECK_EQ(s.args[0].arg_type, USDT_ARG_SIB);
	CHECK_EQ(usdt_scan_sites(ee, "bpfkit_t", "sema", &s), 1);
	CHECK_EQ(usdt_scan_sites(ee, "bpfkit_t", "nope", &s), -ENOENT);
	CHECK_EQ(usdt_scan_sites(ee, "bpfkit_t", "bad", &s), -EINVAL);
	exec_elf_close(ee);
}
