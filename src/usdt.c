// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT attachment. A USDT probe is a nop in the traced binary described by
 * a SystemTap SDT note (.note.stapsdt): the nop's address, an optional
 * semaphore the tracer increments while attached, and where each argument
 * lives at the nop ("-4@-20(%rbp)"). We parse every site of the probe,
 * store each distinct argument layout as a spec in the program's
 * __bpf_usdt_specs map, and put one uprobe on each site with the spec's id
 * as BPF cookie, which is how <bpf/usdt.bpf.h> finds the spec (on kernels
 * without cookies it looks the probe's IP up in __bpf_usdt_ip_to_spec_id
 * instead, which we fill then).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <bpf/bpf.h>

#include "libbpf_internal.h"
#include "attach_internal.h"
#include "elf_exec.h"
#include "features.h"
#include "link_internal.h"
#include "object_internal.h"
#include "probe_internal.h"
#include "usdt_internal.h"

_Static_assert(sizeof(struct usdt_arg_spec) == 16, "usdt.bpf.h arg spec layout");
_Static_assert(sizeof(struct usdt_spec) == 208, "usdt.bpf.h spec layout");

#define SDT_NOTE_TYPE 3
#define SDT_NOTE_NAME "stapsdt"

/* ---- argument descriptions ---- */

#if defined(__x86_64__)
/* Names of one register (64/32/16/8-bit) and its struct pt_regs offset in
 * the x86-64 kernel layout. */
static const struct {
	const char *names[4];
	short off;
} regs[] = {
	{ { "r15", "r15d", "r15w", "r15b" }, 0 },
	{ { "r14", "r14d", "r14w", "r14b" }, 8 },
	{ { "r13", "r13d", "r13w", "r13b" }, 16 },
	{ { "r12", "r12d", "r12w", "r12b" }, 24 },
	{ { "rbp", "ebp", "bp", "bpl" }, 32 },
	{ { "rbx", "ebx", "bx", "bl" }, 40 },
	{ { "r11", "r11d", "r11w", "r11b" }, 48 },
	{ { "r10", "r10d", "r10w", "r10b" }, 56 },
	{ { "r9", "r9d", "r9w", "r9b" }, 64 },
	{ { "r8", "r8d", "r8w", "r8b" }, 72 },
	{ { "rax", "eax", "ax", "al" }, 80 },
	{ { "rcx", "ecx", "cx", "cl" }, 88 },
	{ { "rdx", "edx", "dx", "dl" }, 96 },
	{ { "rsi", "esi", "si", "sil" }, 104 },
	{ { "rdi", "edi", "di", "dil" }, 112 },
	{ { "rip", "eip" }, 128 },
	{ { "rsp", "esp", "sp", "spl" }, 152 },
};

/* pt_regs offset of register name (len bytes, no '%'), or -EINVAL. The
 * high-byte registers (%ah...) are refused: a fetch cannot shift them. */
static int reg_offset(const char *name, size_t len)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(regs); i++)
		for (j = 0; j < 4 && regs[i].names[j]; j++)
			if (strlen(regs[i].names[j]) == len && !strncmp(regs[i].names[j], name, len))
				return regs[i].off;
	return -EINVAL;
}
#define USDT_ARCH_KNOWN 1
#else
static int reg_offset(const char *name, size_t len)
{
	(void)name;
	(void)len;
	return -EOPNOTSUPP;
}
#define USDT_ARCH_KNOWN 0
#endif

/* "%reg" at *p: its pt_regs offset, advancing *p. */
static int parse_reg(const char **p)
{
	const char *s = *p, *e;

	if (*s != '%')
		return -EINVAL;
	for (e = ++s; (*e >= 'a' && *e <= 'z') || (*e >= '0' && *e <= '9'); e++)
		;
	*p = e;
	return reg_offset(s, e - s);
}

/* A signed number at *p (decimal or 0x hex), advancing *p. */
static int parse_num(const char **p, long long *val)
{
	char *end;

	errno = 0;
	*val = strtoll(*p, &end, 0);
	if (errno || end == *p)
		return -EINVAL;
	*p = end;
	return 0;
}

/* "[DISP](%base[,%index[,SCALE]])". */
static int parse_mem(const char **p, struct usdt_arg_spec *a)
{
	long long disp = 0, scale = 1;
	int base, idx;

	if (**p != '(' && parse_num(p, &disp))
		return -EINVAL;
	if (*(*p)++ != '(')
		return -EINVAL;
	base = parse_reg(p);
	if (base < 0)
		return base;
	a->val_off = disp;
	a->reg_off = base;
	a->arg_type = USDT_ARG_REG_DEREF;
	if (**p == ',') {
		(*p)++;
		idx = parse_reg(p);
		if (idx < 0)
			return idx;
		if (**p == ',') {
			(*p)++;
			if (parse_num(p, &scale))
				return -EINVAL;
		}
		if (scale != 1 && scale != 2 && scale != 4 && scale != 8)
			return -EINVAL;
		a->arg_type = USDT_ARG_SIB;
		a->idx_reg_off = idx;
		a->scale_bitshift = __builtin_ctzll(scale);
	}
	return *(*p)++ == ')' ? 0 : -EINVAL;
}

/* One "[-]SIZE@OPERAND". */
static int parse_arg(const char **p, struct usdt_arg_spec *a)
{
	long long size, imm;
	int err, reg;

	memset(a, 0, sizeof(*a));
	if (parse_num(p, &size) || *(*p)++ != '@')
		return -EINVAL;
	a->arg_signed = size < 0;
	if (size < 0)
		size = -size;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	a->arg_bitshift = 64 - 8 * size;
	switch (**p) {
	case '$':
		(*p)++;
		err = parse_num(p, &imm);
		a->arg_type = USDT_ARG_CONST;
		a->val_off = imm;
		break;
	case '%':
		reg = err = parse_reg(p);
		a->arg_type = USDT_ARG_REG;
		a->reg_off = reg;
		break;
	default:
		err = parse_mem(p, a);
		break;
	}
	if (err < 0)
		return err;
	/* each description ends at a space or the end */
	return **p == ' ' || **p == 0 ? 0 : -EINVAL;
}

int usdt_parse_args(const char *args, struct usdt_spec *spec)
{
	const char *p = args;
	int err, n = 0;

	if (!USDT_ARCH_KNOWN)
		return -EOPNOTSUPP;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (n == USDT_MAX_ARGS)
			return -EINVAL;
		err = parse_arg(&p, &spec->args[n]);
		if (err)
			return err;
		n++;
	}
	spec->arg_cnt = n;
	return 0;
}

/* ---- spec ids ---- */

/*
 * Ids into a __bpf_usdt_specs map are handed out per map (kernel map id),
 * since several programs of an object share it, and returned when their
 * link is destroyed. A pool goes away when its last id does.
 */
struct spec_pool {
	__u32 map_id;
	size_t cap;
	unsigned char *used;
	size_t in_use;
	struct spec_pool *next;
};

static struct spec_pool *spec_pools;
static pthread_mutex_t spec_lock = PTHREAD_MUTEX_INITIALIZER;

static struct spec_pool *pool_get(__u32 map_id, size_t cap)
{
	struct spec_pool *sp;

	for (sp = spec_pools; sp; sp = sp->next)
		if (sp->map_id == map_id)
			return sp;
	sp = calloc(1, sizeof(*sp));
	if (!sp)
		return NULL;
	sp->used = calloc(cap, 1);
	if (!sp->used) {
		free(sp);
		return NULL;
	}
	sp->map_id = map_id;
	sp->cap = cap;
	sp->next = spec_pools;
	spec_pools = sp;
	return sp;
}

static void pool_put_locked(__u32 map_id, const int *ids, size_t n)
{
	struct spec_pool **pp, *sp;
	size_t i;

	for (pp = &spec_pools; *pp && (*pp)->map_id != map_id; pp = &(*pp)->next)
		;
	sp = *pp;
	if (!sp)
		return;
	for (i = 0; i < n; i++) {
		if (ids[i] >= 0 && (size_t)ids[i] < sp->cap && sp->used[ids[i]]) {
			sp->used[ids[i]] = 0;
			sp->in_use--;
		}
	}
	if (!sp->in_use) {
		*pp = sp->next;
		free(sp->used);
		free(sp);
	}
}

static void spec_ids_put(__u32 map_id, const int *ids, size_t n)
{
	pthread_mutex_lock(&spec_lock);
	pool_put_locked(map_id, ids, n);
	pthread_mutex_unlock(&spec_lock);
}

/* n free ids of the map with map_id and cap entries; -ENOSPC when full. */
static int spec_ids_get(__u32 map_id, size_t cap, int *ids, size_t n)
{
	struct spec_pool *sp;
	size_t i, got = 0;
	int err = 0;

	pthread_mutex_lock(&spec_lock);
	sp = pool_get(map_id, cap);
	if (!sp)
		err = -ENOMEM;
	for (i = 0; sp && i < sp->cap && got < n; i++) {
		if (sp->used[i])
			continue;
		sp->used[i] = 1;
		sp->in_use++;
		ids[got++] = i;
	}
	if (!err && got < n)
		err = -ENOSPC;
	/* give back what we took (and a pool left empty) */
	if (err && sp)
		pool_put_locked(map_id, ids, got);
	pthread_mutex_unlock(&spec_lock);
	return err;
}

/* ---- SDT notes ---- */

struct usdt_site {
	uint64_t vaddr;		/* link-time address of the nop */
	uint64_t off;		/* file offset of the nop */
	uint64_t sema_off;	/* file offset of the semaphore, 0: none */
	const char *args;	/* inside the mapped binary */
	int spec_idx;		/* into the distinct specs of this attach */
};

struct sdt_note {
	uint64_t pc, base, sema;
	const char *provider, *name, *args;
};

static uint64_t align4(uint64_t v)
{
	return (v + 3) & ~3ULL;
}

/* The next stapsdt note at *pos of a note section: 1 and *n, 0 at the
 * end, -EINVAL if malformed. */
static int next_sdt_note(const unsigned char *data, size_t size, size_t *pos, struct sdt_note *n)
{
	uint32_t hdr[3];
	uint64_t name_off, desc_off, next;
	const char *s, *end;

	while (*pos + sizeof(hdr) <= size) {
		memcpy(hdr, data + *pos, sizeof(hdr));
		name_off = *pos + sizeof(hdr);
		desc_off = name_off + align4(hdr[0]);
		next = desc_off + align4(hdr[1]);
		if (desc_off > size || next > size || desc_off + hdr[1] > size)
			return -EINVAL;
		*pos = next;
		if (hdr[2] != SDT_NOTE_TYPE || hdr[0] != sizeof(SDT_NOTE_NAME) ||
		    memcmp(data + name_off, SDT_NOTE_NAME, sizeof(SDT_NOTE_NAME)))
			continue;
		if (hdr[1] < 3 * sizeof(uint64_t) + 3)
			return -EINVAL;
		memcpy(&n->pc, data + desc_off, 8);
		memcpy(&n->base, data + desc_off + 8, 8);
		memcpy(&n->sema, data + desc_off + 16, 8);
		s = (const char *)data + desc_off + 24;
		end = (const char *)data + desc_off + hdr[1];
		n->provider = s;
		s = memchr(s, 0, end - s);
		n->name = s ? s + 1 : NULL;
		s = s ? memchr(n->name, 0, end - n->name) : NULL;
		n->args = s ? s + 1 : NULL;
		s = s && n->args < end ? memchr(n->args, 0, end - n->args) : NULL;
		if (!s)
			return -EINVAL;
		return 1;
	}
	return 0;
}

struct site_list {
	struct usdt_site *sites;
	size_t cnt, cap;
};

/* File offsets of one note's site, after undoing prelink's shift. */
static int note_site(const struct exec_elf *ee, const struct sdt_note *n, int64_t delta,
		     struct usdt_site *site)
{
	uint64_t pc = n->pc, sema = n->sema;

	if (n->base) {
		pc += delta;
		if (sema)
			sema += delta;
	}
	site->sema_off = 0;
	site->args = n->args;
	site->vaddr = pc;
	if (exec_elf_vaddr_to_off(ee, pc, &site->off))
		return -EINVAL;
	if (sema && exec_elf_vaddr_to_off(ee, sema, &site->sema_off))
		return -EINVAL;
	return 0;
}

/* Every site of provider:name in ee. *why says what was wrong. */
static int collect_sites(const struct exec_elf *ee, const char *provider, const char *name,
			 struct site_list *sl, const char **why)
{
	const Elf64_Shdr *notes, *base_sec;
	const void *data, *base_data;
	struct sdt_note n;
	size_t pos = 0;
	int64_t delta = 0;
	int ret;

	*why = "no .note.stapsdt section";
	notes = exec_elf_sec(ee, ".note.stapsdt", &data);
	if (!notes || notes->sh_type != SHT_NOTE)
		return -ENOENT;
	base_sec = exec_elf_sec(ee, ".stapsdt.base", &base_data);
	while ((ret = next_sdt_note(data, notes->sh_size, &pos, &n)) > 0) {
		if (strcmp(n.provider, provider) || strcmp(n.name, name))
			continue;
		/* the note recorded .stapsdt.base's link-time address */
		if (base_sec)
			delta = (int64_t)(base_sec->sh_addr - n.base);
		ret = libbpf_ensure_mem((void **)&sl->sites, &sl->cap, sizeof(*sl->sites),
					sl->cnt + 1);
		if (ret)
			return ret;
		*why = "probe address or semaphore outside the loaded segments";
		ret = note_site(ee, &n, delta, &sl->sites[sl->cnt]);
		if (ret)
			return ret;
		sl->cnt++;
	}
	if (ret < 0) {
		*why = "malformed SDT note";
		return ret;
	}
	*why = "no such USDT probe";
	return sl->cnt ? 0 : -ENOENT;
}

int usdt_scan_sites(const struct exec_elf *ee, const char *provider, const char *name,
		    struct usdt_spec *spec)
{
	struct site_list sl = {};
	const char *why;
	size_t i;
	int err;

	err = collect_sites(ee, provider, name, &sl, &why);
	for (i = 0; !err && i < sl.cnt; i++)
		err = usdt_parse_args(sl.sites[i].args, spec);
	free(sl.sites);
	return err ?: (int)min(sl.cnt, (size_t)INT_MAX);
}

/* ---- the link ---- */

struct usdt_link {
	struct bpf_link link;
	struct bpf_link **uprobes;
	size_t uprobe_cnt;
	__u32 map_id;
	int *spec_ids;
	size_t spec_cnt;
	/* without BPF cookies: our entries of __bpf_usdt_ip_to_spec_id */
	int ip_map_fd;
	long *ips;
	size_t ip_cnt;
};

struct usdt_ctx {
	const struct bpf_program *prog;
	const char *path;
	int specs_fd;
	struct usdt_spec *specs; /* distinct specs */
	size_t spec_cnt;
};

static int usdt_link_detach(struct bpf_link *link)
{
	struct usdt_link *ul = (struct usdt_link *)link;
	int err = 0, e;
	size_t i;

	for (i = 0; i < ul->uprobe_cnt; i++) {
		e = bpf_link__destroy(ul->uprobes[i]);
		err = err ?: e;
	}
	ul->uprobe_cnt = 0;
	if (ul->spec_cnt)
		spec_ids_put(ul->map_id, ul->spec_ids, ul->spec_cnt);
	ul->spec_cnt = 0;
	for (i = 0; i < ul->ip_cnt; i++)
		bpf_map_delete_elem(ul->ip_map_fd, &ul->ips[i]);
	ul->ip_cnt = 0;
	return err;
}

static void usdt_link_dealloc(struct bpf_link *link)
{
	struct usdt_link *ul = (struct usdt_link *)link;

	free(ul->uprobes);
	free(ul->spec_ids);
	free(ul->ips);
	close_fd_safe(ul->ip_map_fd);
	free(ul);
}

/* ---- kernels without BPF cookies: the IP -> spec id map ---- */

/* Address at which file offset off of path is mapped executable in
 * process pid (0: ourselves). */
static int mapped_ip(const char *path, pid_t pid, uint64_t off, long *ip)
{
	unsigned long start, end, moff, ino;
	char line[PATH_MAX + 128], perms[8];
	unsigned int maj, mnr;
	struct stat st;
	int ret = -ENOENT;
	FILE *f;

	if (stat(path, &st))
		return -errno;
	f = probe_open_maps(pid);
	if (!f)
		return -errno;
	while (ret && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &start, &end, perms, &moff, &maj, &mnr,
			   &ino) != 7)
			continue;
		if (perms[2] != 'x' || ino != st.st_ino || makedev(maj, mnr) != st.st_dev)
			continue;
		if (off < moff || off - moff >= end - start)
			continue;
		*ip = start + (off - moff);
		ret = 0;
	}
	fclose(f);
	return ret;
}

/*
 * Without cookies the BPF side looks the spec id up by the probe's IP:
 * the link-time address in a fixed-address executable, else where the
 * target process mapped the site (so a pid is needed).
 */
static int store_ips(struct usdt_ctx *c, const struct exec_elf *ee, const struct site_list *sl,
		     pid_t pid, struct usdt_link *ul, const char **why)
{
	struct bpf_map *map;
	__u32 id;
	size_t i;
	int err;

	*why = "the program's object has no __bpf_usdt_ip_to_spec_id map";
	map = bpf_object__find_map_by_name(c->prog->obj, "__bpf_usdt_ip_to_spec_id");
	if (!map || bpf_map__fd(map) < 0)
		return -EINVAL;
	*why = "duplicating the IP map fd";
	ul->ip_map_fd = ensure_good_fd(fcntl(bpf_map__fd(map), F_DUPFD_CLOEXEC, 3));
	if (ul->ip_map_fd < 0)
		return ul->ip_map_fd == -1 ? -errno : ul->ip_map_fd;
	ul->ips = calloc(sl->cnt, sizeof(*ul->ips));
	if (!ul->ips)
		return -ENOMEM;
	for (i = 0; i < sl->cnt; i++) {
		long *ip = &ul->ips[ul->ip_cnt];

		if (exec_elf_type(ee) == ET_EXEC) {
			*ip = sl->sites[i].vaddr;
		} else if (pid < 0) {
			*why = "without BPF cookies, a USDT of a shared object or PIE needs a pid";
			return -EOPNOTSUPP;
		} else {
			*why = "finding the probe in the process' mappings";
			err = mapped_ip(c->path, pid, sl->sites[i].off, ip);
			if (err)
				return err;
		}
		id = ul->spec_ids[sl->sites[i].spec_idx];
		*why = "adding the probe IP to __bpf_usdt_ip_to_spec_id (attached twice?)";
		if (bpf_map_update_elem(ul->ip_map_fd, ip, &id, BPF_NOEXIST))
			return -errno;
		ul->ip_cnt++;
	}
	return 0;
}

/* ---- attach ---- */


/* The program's __bpf_usdt_specs map and its id. */
static int specs_map(const struct bpf_program *prog, int *fd, __u32 *id, size_t *cap,
		     const char **why)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct bpf_map *map;

	*why = "the program's object has no __bpf_usdt_specs map (include <bpf/usdt.bpf.h>)";
	map = bpf_object__find_map_by_name(prog->obj, "__bpf_usdt_specs");
	if (!map || bpf_map__fd(map) < 0)
		return -EINVAL;
	*why = "__bpf_usdt_specs has another value layout than this library's";
	if (bpf_map__value_size(map) != sizeof(struct usdt_spec))
		return -EINVAL;
	*fd = bpf_map__fd(map);
	*why = "reading the __bpf_usdt_specs map id";
	if (bpf_map_get_info_by_fd(*fd, &info, &len))
		return -errno;
	*id = info.id;
	*cap = bpf_map__max_entries(map);
	return 0;
}

/* Parse every site's arguments; sites with the same text share a spec. */
static int build_specs(struct site_list *sl, __u64 cookie, struct usdt_ctx *c, const char **why)
{
	size_t i, j;
	int err;

	c->specs = calloc(sl->cnt, sizeof(*c->specs));
	if (!c->specs)
		return -ENOMEM;
	for (i = 0; i < sl->cnt; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(sl->sites[j].args, sl->sites[i].args))
				break;
		if (j < i) {
			sl->sites[i].spec_idx = sl->sites[j].spec_idx;
			continue;
		}
		sl->sites[i].spec_idx = c->spec_cnt;
		err = usdt_parse_args(sl->sites[i].args, &c->specs[c->spec_cnt]);
		if (err) {
			*why = err == -EOPNOTSUPP ? "USDT arguments on this architecture"
						  : "unsupported argument description";
			return err;
		}
		c->specs[c->spec_cnt++].usdt_cookie = cookie;
	}
	return 0;
}

static int store_specs(struct usdt_ctx *c, struct usdt_link *ul, size_t cap, const char **why)
{
	size_t i;
	int err;

	ul->spec_ids = calloc(c->spec_cnt, sizeof(int));
	if (!ul->spec_ids)
		return -ENOMEM;
	*why = "no free slot in __bpf_usdt_specs";
	err = spec_ids_get(ul->map_id, cap, ul->spec_ids, c->spec_cnt);
	if (err)
		return err;
	ul->spec_cnt = c->spec_cnt;
	*why = "writing __bpf_usdt_specs";
	for (i = 0; i < c->spec_cnt; i++)
		if (bpf_map_update_elem(c->specs_fd, &ul->spec_ids[i], &c->specs[i], BPF_ANY))
			return -errno;
	return 0;
}

/* One uprobe per site; failures are logged by probe_attach(). */
static int attach_sites(struct usdt_ctx *c, const struct site_list *sl, pid_t pid,
			bool cookies, struct usdt_link *ul)
{
	struct probe_spec ps = { .uprobe = true, .target = c->path, .pid = pid };
	struct bpf_link *l;
	size_t i;

	ul->uprobes = calloc(sl->cnt, sizeof(*ul->uprobes));
	if (!ul->uprobes)
		return -ENOMEM;
	for (i = 0; i < sl->cnt; i++) {
		ps.offset = sl->sites[i].off;
		ps.ref_ctr_off = sl->sites[i].sema_off;
		ps.cookie = cookies ? ul->spec_ids[sl->sites[i].spec_idx] : 0;
		l = probe_attach(c->prog, &ps);
		if (!l)
			return -errno;
		ul->uprobes[ul->uprobe_cnt++] = l;
	}
	return 0;
}

static int usdt_attach(struct usdt_ctx *c, const char *provider, const char *name, pid_t pid,
		       __u64 cookie, struct usdt_link *ul, const char **why)
{
	struct site_list sl = {};
	struct exec_elf *ee;
	size_t cap = 0;
	int err;

	bool cookies = kernel_supports(FEAT_BPF_COOKIE);

	err = specs_map(c->prog, &c->specs_fd, &ul->map_id, &cap, why);
	if (err)
		return err;
	*why = "reading the ELF binary";
	err = exec_elf_open(c->path, &ee);
	if (err)
		return err;
	err = collect_sites(ee, provider, name, &sl, why);
	if (!err)
		err = build_specs(&sl, cookie, c, why);
	if (!err)
		err = store_specs(c, ul, cap, why);
	if (!err && !cookies)
		err = store_ips(c, ee, &sl, pid, ul, why);
	if (!err) {
		err = attach_sites(c, &sl, pid, cookies, ul);
		if (err)
			*why = NULL; /* probe_attach() said why */
	}
	free(sl.sites);
	exec_elf_close(ee);
	return err;
}

LIBBPF_API struct bpf_link *bpf_program__attach_usdt(const struct bpf_program *prog, pid_t pid,
						   const char *binary_path,
						   const char *usdt_provider,
						   const char *usdt_name,
						   const struct bpf_usdt_opts *opts)
{
	struct usdt_ctx c = {};
	struct usdt_link *ul;
	char path[PATH_MAX];
	const char *why = "bad arguments";
	int err;

	if (!prog || !OPTS_VALID(opts, bpf_usdt_opts))
		return libbpf_err_ptr(-EINVAL);
	if (!binary_path || !usdt_provider || !usdt_name || pid < -1) {
		pr_warn("usdt: program '%s': binary path, provider and name are required\n",
			bpf_program__name(prog));
		return libbpf_err_ptr(-EINVAL);
	}
	err = attach_prog_fd(prog, "usdt");
	if (err < 0)
		return libbpf_err_ptr(err);
	err = probe_resolve_path(binary_path, pid, path, sizeof(path));
	if (err) {
		pr_warn("usdt: program '%s': binary '%s' not found: %s\n", bpf_program__name(prog),
			binary_path, errstr(err));
		return libbpf_err_ptr(err);
	}
	ul = (struct usdt_link *)link_new(sizeof(*ul), -1, usdt_link_detach);
	if (!ul)
		return libbpf_err_ptr(-ENOMEM);
	ul->link.dealloc = usdt_link_dealloc;
	ul->ip_map_fd = -1;
	c.prog = prog;
	c.path = path;
	err = usdt_attach(&c, usdt_provider, usdt_name, pid, OPTS_GET(opts, usdt_cookie, 0), ul,
			  &why);
	free(c.specs);
	if (!err)
		return &ul->link;
	if (why)
		pr_warn("usdt: program '%s': %s:%s in '%s': %s: %s\n", bpf_program__name(prog),
			usdt_provider, usdt_name, path, why, errstr(err));
	bpf_link__destroy(&ul->link);
	return libbpf_err_ptr(err);
}

/* "usdt/PATH:PROVIDER:NAME"; the path may itself hold ':'. */
int usdt_auto(const struct bpf_program *prog, const char *spec, struct bpf_link **link)
{
	const char *name = strrchr(spec, ':'), *prov;
	char *path = NULL, *provider = NULL;
	int err = -EINVAL;

	for (prov = name ? name - 1 : NULL; prov && prov > spec && *prov != ':'; prov--)
		;
	if (!name || !prov || prov == spec || prov + 1 == name || !name[1]) {
		pr_warn("usdt: program '%s': section target '%s' is not PATH:PROVIDER:NAME\n",
			bpf_program__name(prog), spec);
		return -EINVAL;
	}
	path = strndup(spec, prov - spec);
	provider = strndup(prov + 1, name - prov - 1);
	if (path && provider) {
		*link = bpf_program__attach_usdt(prog, -1, path, provider, name + 1, NULL);
		err = *link ? 0 : -errno;
	} else {
		err = -ENOMEM;
	}
	free(path);
	free(provider);
	return err;
}
