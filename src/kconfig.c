// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel config text -> name/value table with a hash index. The semantics
 * (which lines count, value kinds, first-wins) follow libbpf's reading of
 * kconfig for `.kconfig` externs; see kconfig.h.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "inflate.h"
#include "kconfig.h"
#include "libbpf_internal.h"

#define KCONFIG_MAX_SIZE (64u << 20)	/* real configs are ~250 KB */
#define NOT_SET_SUFFIX " is not set"

struct kconfig {
	struct kconfig_entry *ents;
	size_t cnt;
	size_t cap;
	uint32_t *hash;		/* entry index + 1; 0 is an empty slot */
	size_t hash_mask;
	char *arena;		/* all names and values, never reallocated */
	size_t arena_len;
	size_t arena_cap;
};

/* Copy n bytes plus a NUL into the arena. The arena is sized up front for
 * the worst case of the whole text, so this cannot run out. */
static char *arena_put(struct kconfig *cfg, const char *s, size_t n)
{
	char *p = cfg->arena + cfg->arena_len;

	memcpy(p, s, n);
	p[n] = '\0';
	cfg->arena_len += n + 1;
	return p;
}

static struct kconfig_entry *new_entry(struct kconfig *cfg, const char *name, size_t name_len,
				       unsigned int line)
{
	struct kconfig_entry *e;

	if (libbpf_ensure_mem((void **)&cfg->ents, &cfg->cap, sizeof(*e), cfg->cnt + 1)) {
		pr_warn("kconfig: out of memory at line %u\n", line);
		return NULL;
	}
	e = &cfg->ents[cfg->cnt++];
	memset(e, 0, sizeof(*e));
	e->name = arena_put(cfg, name, name_len);
	e->line = line;
	return e;
}

static int set_tristate(struct kconfig_entry *e, char c)
{
	e->kind = KCONFIG_TRISTATE;
	e->tristate = c;
	e->num = c == 'y' ? KCONFIG_TRI_YES : c == 'm' ? KCONFIG_TRI_MODULE : KCONFIG_TRI_NO;
	return 0;
}

/* Undo the \" and \\ escapes of the .config writer; false if the text
 * ends in a lone backslash (the closing quote was escaped). */
static bool unescape(char *dst, const char *src, size_t n, size_t *out_n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (src[i] == '\\') {
			if (++i == n)
				return false;
		}
		dst[o++] = src[i];
	}
	dst[o] = '\0';
	*out_n = o;
	return true;
}

static int set_string(struct kconfig *cfg, struct kconfig_entry *e, const char *v, size_t n)
{
	char *str;

	if (n < 2 || v[n - 1] != '"') {
		pr_warn("kconfig: line %u: %s: unterminated string value\n", e->line, e->name);
		return -EINVAL;
	}
	e->kind = KCONFIG_STR;
	e->value = arena_put(cfg, v + 1, n - 2);
	str = cfg->arena + cfg->arena_len;
	if (!unescape(str, v + 1, n - 2, &e->str_len)) {
		pr_warn("kconfig: line %u: %s: string ends in an escaped quote\n", e->line,
			e->name);
		return -EINVAL;
	}
	e->str = str;
	cfg->arena_len += e->str_len + 1;
	return 0;
}

static int set_number(struct kconfig_entry *e)
{
	char *end;

	errno = 0;
	e->num = strtoull(e->value, &end, 0);
	if (errno || end == e->value || *end) {
		pr_warn("kconfig: line %u: %s=%s: value is not a tristate, string or number\n",
			e->line, e->name, e->value);
		return -EINVAL;
	}
	e->kind = KCONFIG_INT;
	return 0;
}

/* "# CONFIG_FOO is not set": recorded as 'n', flagged not_set. */
static int parse_not_set(struct kconfig *cfg, const char *s, size_t n, unsigned int line)
{
	size_t suffix = sizeof(NOT_SET_SUFFIX) - 1, name_len;
	struct kconfig_entry *e;

	if (n <= 9 + suffix || memcmp(s, "# CONFIG_", 9) ||
	    memcmp(s + n - suffix, NOT_SET_SUFFIX, suffix))
		return 0;
	name_len = n - 2 - suffix;
	if (memchr(s + 2, ' ', name_len))
		return 0;	/* a free-form comment that merely looks similar */
	e = new_entry(cfg, s + 2, name_len, line);
	if (!e)
		return -ENOMEM;
	e->value = arena_put(cfg, "", 0);
	e->not_set = true;
	return set_tristate(e, 'n');
}

static int parse_line(struct kconfig *cfg, const char *s, size_t n, unsigned int line)
{
	const char *sep, *v;
	struct kconfig_entry *e;
	size_t vlen;

	if (n && s[n - 1] == '\r')
		n--;
	if (n && s[0] == '#')
		return parse_not_set(cfg, s, n, line);
	if (n < 7 || memcmp(s, "CONFIG_", 7))
		return 0;
	sep = memchr(s, '=', n);
	if (!sep) {
		pr_warn("kconfig: line %u: '%.*s': no '=' separator\n", line, (int)min(n, 200),
			s);
		return -EINVAL;
	}
	v = sep + 1;
	vlen = s + n - v;
	if (!vlen) {
		pr_warn("kconfig: line %u: '%.*s': no value\n", line, (int)min(n, 200), s);
		return -EINVAL;
	}
	e = new_entry(cfg, s, sep - s, line);
	if (!e)
		return -ENOMEM;
	switch (*v) {
	case 'y':
	case 'm':
	case 'n':
		e->value = arena_put(cfg, v, vlen);
		return set_tristate(e, *v);
	case '"':
		return set_string(cfg, e, v, vlen);
	default:
		e->value = arena_put(cfg, v, vlen);
		return set_number(e);
	}
}

/* Slot holding name, or the empty slot where it would go. */
static size_t hash_slot(const struct kconfig *cfg, const char *name)
{
	size_t i = str_hash_n(name, SIZE_MAX) & cfg->hash_mask;

	while (cfg->hash[i] && strcmp(cfg->ents[cfg->hash[i] - 1].name, name))
		i = (i + 1) & cfg->hash_mask;
	return i;
}

static int build_hash(struct kconfig *cfg)
{
	size_t size = 16;

	while (size < cfg->cnt * 2)
		size *= 2;
	cfg->hash = calloc(size, sizeof(*cfg->hash));
	if (!cfg->hash) {
		pr_warn("kconfig: out of memory for the index of %zu entries\n", cfg->cnt);
		return -ENOMEM;
	}
	cfg->hash_mask = size - 1;
	for (size_t k = 0; k < cfg->cnt; k++) {
		size_t i = hash_slot(cfg, cfg->ents[k].name);
		uint32_t old = cfg->hash[i];

		/* The first assignment of a name wins, as in libbpf, which also
		 * skips "is not set" lines: a later real value beats those. */
		if (!old || (cfg->ents[old - 1].not_set && !cfg->ents[k].not_set))
			cfg->hash[i] = k + 1;
	}
	return 0;
}

int kconfig_parse_text(const char *text, size_t len, struct kconfig **cfgp)
{
	const char *p = text, *end = text + len;
	unsigned int line = 0;
	struct kconfig *cfg;
	int err = 0;

	*cfgp = NULL;
	if (!text && len)
		return -EINVAL;
	if (len > KCONFIG_MAX_SIZE || len >= UINT32_MAX / 2) {
		pr_warn("kconfig: text of %zu bytes is too large\n", len);
		return -E2BIG;
	}
	cfg = calloc(1, sizeof(*cfg));
	if (cfg) {
		/* name + NUL + value + NUL + unescaped copy + NUL fits twice
		 * the line; that bounds every arena_put() */
		cfg->arena_cap = 2 * len + 16;
		cfg->arena = malloc(cfg->arena_cap);
	}
	if (!cfg || !cfg->arena) {
		pr_warn("kconfig: out of memory for %zu bytes of config text\n", len);
		kconfig_free(cfg);
		return -ENOMEM;
	}
	while (p < end && !err) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;

		err = parse_line(cfg, p, eol - p, ++line);
		p = eol + 1;
	}
	err = err ?: build_hash(cfg);
	if (err) {
		kconfig_free(cfg);
		return err;
	}
	*cfgp = cfg;
	return 0;
}

void kconfig_free(struct kconfig *cfg)
{
	if (!cfg)
		return;
	free(cfg->ents);
	free(cfg->hash);
	free(cfg->arena);
	free(cfg);
}

const struct kconfig_entry *kconfig_get(const struct kconfig *cfg, const char *name)
{
	uint32_t idx;

	if (!cfg || !name)
		return NULL;
	idx = cfg->hash[hash_slot(cfg, name)];
	return idx ? &cfg->ents[idx - 1] : NULL;
}

size_t kconfig_count(const struct kconfig *cfg)
{
	return cfg ? cfg->cnt : 0;
}

const struct kconfig_entry *kconfig_entry_at(const struct kconfig *cfg, size_t i)
{
	return cfg && i < cfg->cnt ? &cfg->ents[i] : NULL;
}

const struct kconfig_entry *kconfig_resolve(const struct kconfig *user, const struct kconfig *sys,
					    const char *name)
{
	const struct kconfig_entry *e = kconfig_get(user, name);

	if (e && !e->not_set)
		return e;
	e = kconfig_get(sys, name);
	return e && !e->not_set ? e : NULL;
}

/* ---- values into externs ---- */

/* Does v, a u64 from strtoull, survive a store into size bytes? For
 * signed targets, v + 2^(bits-1) must lie in [0, 2^bits). */
static bool fits(uint64_t v, size_t size, bool is_signed)
{
	unsigned int bits = size * 8;

	if (size >= 8)
		return true;
	if (is_signed)
		return v + (1ull << (bits - 1)) < (1ull << bits);
	return !(v >> bits);
}

static int store_int(uint64_t v, size_t size, void *dst)
{
	switch (size) {
	case 1:
		*(uint8_t *)dst = v;
		return 0;
	case 2:
		*(uint16_t *)dst = v;
		return 0;
	case 4:
		*(uint32_t *)dst = v;
		return 0;
	case 8:
		*(uint64_t *)dst = v;
		return 0;
	default:
		return -EINVAL;
	}
}

int kconfig_store_num(const char *name, uint64_t v, enum kconfig_ext_type type, size_t size,
		      bool is_signed, void *dst)
{
	if (type != KCONFIG_EXT_INT && type != KCONFIG_EXT_CHAR && type != KCONFIG_EXT_BOOL) {
		pr_warn("extern (kcfg) '%s': value %llu needs an integer, char or bool\n", name,
			(unsigned long long)v);
		return -EINVAL;
	}
	if (type == KCONFIG_EXT_BOOL && v > 1) {
		pr_warn("extern (kcfg) '%s': value %llu is not a bool\n", name,
			(unsigned long long)v);
		return -EINVAL;
	}
	if (!fits(v, size, is_signed) || store_int(v, size, dst)) {
		pr_warn("extern (kcfg) '%s': value %llu does not fit in %zu bytes\n", name,
			(unsigned long long)v, size);
		return -ERANGE;
	}
	return 0;
}

static const char *ext_type_name(enum kconfig_ext_type type)
{
	static const char *const names[] = {
		[KCONFIG_EXT_BOOL] = "bool",
		[KCONFIG_EXT_TRISTATE] = "tristate",
		[KCONFIG_EXT_CHAR] = "char",
		[KCONFIG_EXT_INT] = "integer",
		[KCONFIG_EXT_CHAR_ARR] = "char array",
	};

	return (unsigned int)type < ARRAY_SIZE(names) ? names[type] : "unknown type";
}

static int store_tristate(const struct kconfig_entry *e, enum kconfig_ext_type type, size_t size,
			  void *dst)
{
	int err = -EINVAL;

	switch (type) {
	case KCONFIG_EXT_BOOL:
		if (e->tristate != 'm')
			err = store_int(e->tristate == 'y', size, dst);
		break;
	case KCONFIG_EXT_TRISTATE:
		err = store_int(e->num, size, dst);
		break;
	case KCONFIG_EXT_CHAR:
		err = store_int((uint8_t)e->tristate, size, dst);
		break;
	default:
		break;
	}
	if (err)
		pr_warn("extern (kcfg) '%s': value '%c' cannot be stored in a %s of %zu bytes\n",
			e->name, e->tristate, ext_type_name(type), size);
	return err;
}

static int store_string(const struct kconfig_entry *e, enum kconfig_ext_type type, size_t size,
			void *dst)
{
	size_t len = strlen(e->value);

	if (type != KCONFIG_EXT_CHAR_ARR || !size) {
		pr_warn("extern (kcfg) '%s': string value needs a char array\n", e->name);
		return -EINVAL;
	}
	if (len >= size) {
		pr_warn("extern (kcfg) '%s': string of %zu bytes cut to %zu\n", e->name, len,
			size - 1);
		len = size - 1;
	}
	memcpy(dst, e->value, len);
	((char *)dst)[len] = '\0';
	return 0;
}

int kconfig_entry_store(const struct kconfig_entry *e, enum kconfig_ext_type type, size_t size,
			bool is_signed, void *dst)
{
	if (!e || !dst) {
		pr_warn("extern (kcfg): no entry or no destination to store into\n");
		return -EINVAL;
	}
	switch (e->kind) {
	case KCONFIG_TRISTATE:
		return store_tristate(e, type, size, dst);
	case KCONFIG_STR:
		return store_string(e, type, size, dst);
	default:
		return kconfig_store_num(e->name, e->num, type, size, is_signed, dst);
	}
}

/* ---- readers of the running system ---- */

int read_whole_file(const char *path, void **bufp, size_t *lenp, size_t max)
{
	int fd, err;

	*bufp = NULL;
	*lenp = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("failed to open '%s': %s\n", path, errstr(err));
		return err;
	}
	err = read_fd_all(fd, bufp, lenp, max);
	close(fd);
	if (err)
		pr_warn("failed to read '%s': %s\n", path, errstr(err));
	return err;
}

int kconfig_load_file(const char *path, struct kconfig **cfg)
{
	void *raw, *text;
	size_t raw_len, len;
	int err;

	*cfg = NULL;
	err = read_whole_file(path, &raw, &raw_len, KCONFIG_MAX_SIZE);
	if (err)
		return err;
	if (!gzip_is_gzip(raw, raw_len)) {
		err = kconfig_parse_text(raw, raw_len, cfg);
		free(raw);
		return err;
	}
	err = gzip_inflate_named(raw, raw_len, &text, &len, KCONFIG_MAX_SIZE, path);
	free(raw);
	if (err)
		return err;
	err = kconfig_parse_text(text, len, cfg);
	free(text);
	return err;
}

int kconfig_load_system(struct kconfig **cfg)
{
	char path[sizeof("/boot/config-") + sizeof(((struct utsname *)0)->release)];
	struct utsname u = {};

	*cfg = NULL;
	if (!uname(&u)) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		if (!access(path, R_OK))
			return kconfig_load_file(path, cfg);
	}
	if (!access("/proc/config.gz", R_OK))
		return kconfig_load_file("/proc/config.gz", cfg);
	pr_warn("kconfig: no kernel config found (/boot/config-%s, /proc/config.gz)\n",
		u.release);
	return -ENOENT;
}

static uint32_t kver(unsigned int a, unsigned int b, unsigned int c)
{
	return (a << 16) + (b << 8) + min(c, 255u);
}

/* "X.Y[.Z]" at s; true when at least X.Y parsed */
static bool parse_xyz(const char *s, unsigned int *a, unsigned int *b, unsigned int *c)
{
	*c = 0;
	return sscanf(s, "%u.%u.%u", a, b, c) >= 2;
}

uint32_t kernel_version_parse(const char *release, const char *version, const char *ubuntu_sig)
{
	unsigned int a, b, c;
	const char *p;

	/* "Ubuntu 5.15.0-91.101-generic 5.15.131": the third word */
	if (ubuntu_sig && sscanf(ubuntu_sig, "%*s %*s %u.%u.%u", &a, &b, &c) == 3)
		return kver(a, b, c);
	p = version ? strstr(version, "Debian ") : NULL;
	if (p && sscanf(p, "Debian %u.%u.%u", &a, &b, &c) == 3)
		return kver(a, b, c);
	if (release && parse_xyz(release, &a, &b, &c))
		return kver(a, b, c);
	return 0;
}

uint32_t kernel_version_code(void)
{
	char sig[256] = "";
	struct utsname u;
	ssize_t n;
	int fd;

	if (uname(&u)) {
		pr_warn("uname() failed: %s\n", errstr(errno));
		return 0;
	}
	fd = open("/proc/version_signature", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, sig, sizeof(sig) - 1);
		sig[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	return kernel_version_parse(u.release, u.version, sig[0] ? sig : NULL);
}
