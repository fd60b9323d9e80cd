// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * /proc/kallsyms parser. Names go to one growing string arena and entries
 * refer to it by offset, so the ~10 MB of text is never held: only the
 * current partial line is carried between chunks. finish() builds an
 * open-addressing hash over the names, with entries of equal names chained
 * in input order.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "kallsyms.h"
#include "libbpf_internal.h"

#define MAX_LINE 4096		/* KSYM_NAME_LEN is 512; anything longer is bogus */
#define NO_MODULE 0		/* arena offset 0 holds "" and means "vmlinux" */
#define LLVM_SUFFIX ".llvm."

struct ksym_ent {
	uint64_t addr;
	uint32_t name;		/* arena offset */
	uint32_t module;	/* arena offset, NO_MODULE for vmlinux */
	uint32_t hash;		/* of the name, computed while it is in cache */
	char type;
	bool alias;
};

struct hslot {
	uint32_t head;		/* first entry of a name + 1; 0 is empty */
	uint32_t hash;		/* of the name, to skip most string compares */
};

struct kallsyms {
	struct ksym_ent *ents;
	size_t cnt;
	size_t cap;
	char *arena;
	size_t arena_len;
	size_t arena_cap;
	struct hslot *hash;
	size_t hash_mask;
	uint32_t *next;		/* next entry of the same name + 1, 0 ends */
	char carry[MAX_LINE];	/* partial line from the previous chunk */
	size_t carry_len;
	size_t line;		/* lines seen, for messages */
	uint32_t last_mod;	/* module names repeat line after line: reuse */
	bool nonzero;		/* some address was not zero */
	bool done;
	bool failed;
};

/* Append n bytes + NUL; the arena offset, or -ENOMEM. */
static int64_t arena_put(struct kallsyms *ks, const char *s, size_t n)
{
	size_t off = ks->arena_len;

	if (off + n + 1 > UINT32_MAX)
		return -ENOMEM;
	if (libbpf_ensure_mem((void **)&ks->arena, &ks->arena_cap, 1, off + n + 1))
		return -ENOMEM;
	memcpy(ks->arena + off, s, n);
	ks->arena[off + n] = '\0';
	ks->arena_len += n + 1;
	return off;
}

/* Room for about len bytes of kallsyms text. Untouched capacity costs no
 * memory, while growing by realloc would copy megabytes several times. */
static int reserve(struct kallsyms *ks, size_t len)
{
	size_t lines = len / 32 + 16;	/* real lines average ~44 bytes */

	if (libbpf_ensure_mem((void **)&ks->ents, &ks->cap, sizeof(*ks->ents), lines) ||
	    libbpf_ensure_mem((void **)&ks->arena, &ks->arena_cap, 1, len / 2 + 64))
		return -ENOMEM;
	return 0;
}

static struct kallsyms *kallsyms_new_hint(size_t len)
{
	struct kallsyms *ks = calloc(1, sizeof(*ks));

	if (!ks || reserve(ks, len) || arena_put(ks, "", 0) < 0) {
		pr_warn("kallsyms: out of memory\n");
		kallsyms_free(ks);
		return NULL;
	}
	return ks;
}

struct kallsyms *kallsyms_new(void)
{
	return kallsyms_new_hint(0);
}

void kallsyms_free(struct kallsyms *ks)
{
	if (!ks)
		return;
	free(ks->ents);
	free(ks->arena);
	free(ks->hash);
	free(ks->next);
	free(ks);
}

static int malformed(struct kallsyms *ks, const char *s, size_t n, const char *why)
{
	pr_warn("kallsyms: line %zu: %s: '%.*s'\n", ks->line, why, (int)min(n, 120), s);
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int add_entry(struct kallsyms *ks, uint64_t addr, char type, const char *name,
		     size_t name_len, const char *mod, size_t mod_len)
{
	struct ksym_ent *e;
	int64_t off, moff = NO_MODULE;

	if (mod_len) {
		if (ks->last_mod && strlen(ks->arena + ks->last_mod) == mod_len &&
		    !memcmp(ks->arena + ks->last_mod, mod, mod_len)) {
			moff = ks->last_mod;
		} else {
			moff = arena_put(ks, mod, mod_len);
			ks->last_mod = moff < 0 ? 0 : moff;
		}
	}
	off = arena_put(ks, name, name_len);
	if (off < 0 || moff < 0 ||
	    libbpf_ensure_mem((void **)&ks->ents, &ks->cap, sizeof(*e), ks->cnt + 1)) {
		pr_warn("kallsyms: out of memory at line %zu\n", ks->line);
		return -ENOMEM;
	}
	e = &ks->ents[ks->cnt++];
	e->addr = addr;
	e->name = off;
	e->module = moff;
	e->hash = str_hash_n(name, name_len);
	e->type = type;
	e->alias = false;
	if (addr)
		ks->nonzero = true;
	return 0;
}

/* "ffffffff81000000 T _stext" or "... t name\t[module]" */
static int parse_line(struct kallsyms *ks, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *name, *mod = NULL;
	size_t name_len, mod_len = 0;
	uint64_t addr = 0;
	char type;
	int digits = 0;

	ks->line++;
	while (end > p && (end[-1] == '\r' || is_blank(end[-1])))
		end--;
	if (p == end)
		return 0;
	if (memchr(p, '\0', end - p))
		return malformed(ks, s, n, "NUL byte");
	for (int v; p < end && (v = hexval(*p)) >= 0; p++, digits++)
		addr = addr << 4 | v;
	if (!digits || digits > 16)
		return malformed(ks, s, n, "bad address");
	if (p == end || !is_blank(*p))
		return malformed(ks, s, n, "no type");
	while (p < end && is_blank(*p))
		p++;
	if (p == end)
		return malformed(ks, s, n, "no type");
	type = *p++;
	if (p == end || !is_blank(*p))
		return malformed(ks, s, n, "no name");
	while (p < end && is_blank(*p))
		p++;
	name = p;
	while (p < end && !is_blank(*p))
		p++;
	name_len = p - name;
	if (!name_len)
		return malformed(ks, s, n, "no name");
	while (p < end && is_blank(*p))
		p++;
	if (p < end) {
		if (*p != '[' || end[-1] != ']' || end - p < 3)
			return malformed(ks, s, n, "junk after the name");
		mod = p + 1;
		mod_len = end - p - 2;
		if (memchr(mod, ' ', mod_len) || memchr(mod, '\t', mod_len))
			return malformed(ks, s, n, "junk after the name");
	}
	return add_entry(ks, addr, type, name, name_len, mod, mod_len);
}

int kallsyms_feed(struct kallsyms *ks, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *nl;
	int err;

	if (ks->failed || ks->done)
		return -EINVAL;
	if (!len)
		return 0;
	if (ks->carry_len) {
		size_t take;

		nl = memchr(p, '\n', len);
		take = (nl ? nl : end) - p;
		if (ks->carry_len + take > MAX_LINE) {
			ks->failed = true;
			ks->line++;
			return malformed(ks, ks->carry, ks->carry_len, "line too long");
		}
		memcpy(ks->carry + ks->carry_len, p, take);
		ks->carry_len += take;
		if (!nl)
			return 0;
		err = parse_line(ks, ks->carry, ks->carry_len);
		ks->carry_len = 0;
		if (err)
			goto fail;
		p = nl + 1;
	}
	while (p < end && (nl = memchr(p, '\n', end - p))) {
		err = parse_line(ks, p, nl - p);
		if (err)
			goto fail;
		p = nl + 1;
	}
	if (end - p > MAX_LINE) {
		ks->failed = true;
		ks->line++;
		return malformed(ks, p, end - p, "line too long");
	}
	memcpy(ks->carry, p, end - p);
	ks->carry_len = end - p;
	return 0;
fail:
	ks->failed = true;
	return err;
}

static int add_llvm_aliases(struct kallsyms *ks)
{
	size_t n = ks->cnt;

	for (size_t i = 0; i < n; i++) {
		const char *name = ks->arena + ks->ents[i].name, *sfx;
		struct ksym_ent e = ks->ents[i];
		char stem[MAX_LINE];
		int err;

		if (e.type != 'd' || !(sfx = strstr(name, LLVM_SUFFIX)) || sfx == name)
			continue;
		/* copy out: adding the entry may move the arena under name */
		memcpy(stem, name, sfx - name);
		err = add_entry(ks, e.addr, e.type, stem, sfx - name, NULL, 0);
		if (err)
			return err;
		ks->ents[ks->cnt - 1].module = e.module;
		ks->ents[ks->cnt - 1].alias = true;
	}
	return 0;
}

/* Slot holding name, or the empty slot where it would go. */
static size_t hash_slot(const struct kallsyms *ks, const char *name, uint32_t h)
{
	size_t i = h & ks->hash_mask;

	while (ks->hash[i].head && (ks->hash[i].hash != h ||
				    strcmp(ks->arena + ks->ents[ks->hash[i].head - 1].name, name)))
		i = (i + 1) & ks->hash_mask;
	return i;
}

static int build_hash(struct kallsyms *ks)
{
	size_t size = 16;

	if (ks->cnt >= UINT32_MAX / 4) {
		pr_warn("kallsyms: too many entries (%zu)\n", ks->cnt);
		return -E2BIG;
	}
	while (size < ks->cnt * 2)
		size *= 2;
	ks->hash = calloc(size, sizeof(*ks->hash));
	ks->next = calloc(ks->cnt + 1, sizeof(*ks->next));
	if (!ks->hash || !ks->next) {
		pr_warn("kallsyms: out of memory for the index of %zu entries\n", ks->cnt);
		return -ENOMEM;
	}
	ks->hash_mask = size - 1;
	/* backwards, pushing each entry in front of its name's chain, so that
	 * chains come out in input order */
	for (size_t k = ks->cnt; k-- > 0;) {
		const struct ksym_ent *e = &ks->ents[k];
		size_t i = hash_slot(ks, ks->arena + e->name, e->hash);

		ks->next[k] = ks->hash[i].head;
		ks->hash[i].head = k + 1;
		ks->hash[i].hash = e->hash;
	}
	return 0;
}

int kallsyms_finish(struct kallsyms *ks)
{
	int err = 0;

	if (ks->failed || ks->done)
		return -EINVAL;
	if (ks->carry_len)
		err = parse_line(ks, ks->carry, ks->carry_len);
	ks->carry_len = 0;
	err = err ?: add_llvm_aliases(ks);
	err = err ?: build_hash(ks);
	if (err) {
		ks->failed = true;
		return err;
	}
	ks->done = true;
	return 0;
}

int kallsyms_parse(const char *text, size_t len, struct kallsyms **ksp)
{
	struct kallsyms *ks;
	int err;

	*ksp = NULL;
	if (!text && len)
		return -EINVAL;
	ks = kallsyms_new_hint(len);
	if (!ks)
		return -ENOMEM;
	err = kallsyms_feed(ks, text, len);
	err = err ?: kallsyms_finish(ks);
	if (err) {
		kallsyms_free(ks);
		return err;
	}
	*ksp = ks;
	return 0;
}

int kallsyms_load_system(struct kallsyms **ksp)
{
	static const char path[] = "/proc/kallsyms";
	struct kallsyms *ks;
	char *buf;
	int fd, err = 0;

	*ksp = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("kallsyms: cannot open %s: %s\n", path, errstr(err));
		return err;
	}
	buf = malloc(1 << 16);
	ks = kallsyms_new_hint(8 << 20);	/* typical x86-64 sizes are 5-10 MB */
	while (buf && ks && !err) {
		ssize_t n = read(fd, buf, 1 << 16);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			pr_warn("kallsyms: reading %s: %s\n", path, errstr(err));
		} else if (!n) {
			break;
		} else {
			err = kallsyms_feed(ks, buf, n);
		}
	}
	close(fd);
	if (!buf || !ks) {
		if (!buf)
			pr_warn("kallsyms: out of memory reading %s\n", path);
		err = -ENOMEM;
	}
	free(buf);
	err = err ?: kallsyms_finish(ks);
	if (!err && kallsyms_all_zero(ks)) {
		pr_warn("kallsyms: %s shows only zero addresses (needs CAP_SYSLOG)\n", path);
		err = -EPERM;
	}
	if (err) {
		kallsyms_free(ks);
		return err;
	}
	*ksp = ks;
	return 0;
}

size_t kallsyms_count(const struct kallsyms *ks)
{
	return ks && ks->done ? ks->cnt : 0;
}

static void fill(const struct kallsyms *ks, size_t i, struct ksym *sym)
{
	const struct ksym_ent *e = &ks->ents[i];

	sym->addr = e->addr;
	sym->name = ks->arena + e->name;
	sym->module = e->module == NO_MODULE ? NULL : ks->arena + e->module;
	sym->type = e->type;
	sym->llvm_alias = e->alias;
	sym->idx = i;
}

int kallsyms_at(const struct kallsyms *ks, size_t i, struct ksym *sym)
{
	if (i >= kallsyms_count(ks))
		return -ENOENT;
	fill(ks, i, sym);
	return 0;
}

int kallsyms_find(const struct kallsyms *ks, const char *name, struct ksym *sym)
{
	uint32_t head;

	if (!kallsyms_count(ks) || !name)
		return -ENOENT;
	head = ks->hash[hash_slot(ks, name, str_hash_n(name, strlen(name)))].head;
	if (!head)
		return -ENOENT;
	fill(ks, head - 1, sym);
	return 0;
}

int kallsyms_find_next(const struct kallsyms *ks, struct ksym *sym)
{
	uint32_t next;

	if (sym->idx >= kallsyms_count(ks))
		return -ENOENT;
	next = ks->next[sym->idx];
	if (!next)
		return -ENOENT;
	fill(ks, next - 1, sym);
	return 0;
}

int kallsyms_resolve(const struct kallsyms *ks, const char *name, uint64_t *addr)
{
	struct ksym sym;
	uint64_t first;

	if (kallsyms_find(ks, name, &sym)) {
		pr_debug("kallsyms: '%s' not found\n", name ? name : "(null)");
		return -ENOENT;
	}
	first = sym.addr;
	while (!kallsyms_find_next(ks, &sym)) {
		if (sym.addr != first) {
			pr_warn("kallsyms: '%s' is ambiguous: 0x%llx or 0x%llx\n", name,
				(unsigned long long)first, (unsigned long long)sym.addr);
			return -EINVAL;
		}
	}
	*addr = first;
	return 0;
}

bool kallsyms_all_zero(const struct kallsyms *ks)
{
	return kallsyms_count(ks) && !ks->nonzero;
}
