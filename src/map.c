// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Maps of an object: definitions from BTF (.maps), legacy struct
 * bpf_map_def records (maps) and global data sections (.data, .rodata,
 * .bss and their .suffix variants), map creation at load, and the
 * bpf_map__*() accessors with their size-checked element operations.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <elf.h>
#include <bpf/bpf.h>

#include "elf.h"
#include "btf_datasec.h"
#include "uapi_compat.h"
#include "btf_internal.h"
#include "object_internal.h"
#include "features.h"

/* Layout of the legacy definition record (five u32 words). */
struct legacy_map_def {
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
};

bool map_is_internal(const struct bpf_map *map)
{
	return map->kind == MAP_KIND_DATA || map->kind == MAP_KIND_RODATA ||
	       map->kind == MAP_KIND_BSS || map->kind == MAP_KIND_KCONFIG;
}

/* Room for need maps in obj->maps. */
static int maps_reserve(struct bpf_object *obj, int need)
{
	struct bpf_map *m;

	if (need <= obj->maps_cap)
		return 0;
	m = realloc(obj->maps, need * sizeof(*m));
	if (!m)
		return -ENOMEM;
	obj->maps = m;
	obj->maps_cap = need;
	return 0;
}

/* The array doubles when full: an object with many maps does not copy it
 * once per map. */
static struct bpf_map *add_map(struct bpf_object *obj)
{
	struct bpf_map *m;

	if (obj->nr_maps == obj->maps_cap &&
	    maps_reserve(obj, obj->maps_cap ? 2 * obj->maps_cap : 4))
		return NULL;
	free(obj->map_def_order);
	obj->map_def_order = NULL;
	m = &obj->maps[obj->nr_maps++];
	memset(m, 0, sizeof(*m));
	m->obj = obj;
	m->fd = -1;
	m->inner_map_fd = -1;
	m->autocreate = true;
	m->autoattach = true;
	m->sec_idx = -1;
	return m;
}

/* Order of map definitions: section, offset, then index (so the first of
 * equal definitions comes first, as a scan would find it). */
static bool def_before(const struct bpf_map *maps, int a, int b)
{
	const struct bpf_map *x = &maps[a], *y = &maps[b];

	if (x->sec_idx != y->sec_idx)
		return x->sec_idx < y->sec_idx;
	if (x->sec_offset != y->sec_offset)
		return x->sec_offset < y->sec_offset;
	return a < b;
}

static int cmp_def(const void *a, const void *b, void *maps)
{
	int x = *(const int *)a, y = *(const int *)b;

	return def_before(maps, x, y) ? -1 : def_before(maps, y, x);
}

/* Index of the non-internal maps in def_before() order. Definitions are
 * added in that order in practice, so the sort is rarely needed. */
static int build_def_order(struct bpf_object *obj)
{
	int n = 0, *order = malloc((obj->nr_maps ? obj->nr_maps : 1) * sizeof(*order));
	bool sorted = true;

	if (!order)
		return -ENOMEM;
	for (int i = 0; i < obj->nr_maps; i++) {
		if (map_is_internal(&obj->maps[i]))
			continue;
		if (n && !def_before(obj->maps, order[n - 1], i))
			sorted = false;
		order[n++] = i;
	}
	if (!sorted)
		qsort_r(order, n, sizeof(*order), cmp_def, obj->maps);
	obj->map_def_order = order;
	obj->nr_map_def_order = n;
	return 0;
}

static int map_by_def_scan(const struct bpf_object *obj, int sec_idx, __u64 value)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		const struct bpf_map *m = &obj->maps[i];

		if (!map_is_internal(m) && m->sec_idx == sec_idx && m->sec_offset == value)
			return i;
	}
	return -1;
}

/* Programs refer to maps once per use: with many maps, binary search an
 * index built on the first lookup (dropped whenever a map is added). */
int obj_map_by_def(const struct bpf_object *obj, int sec_idx, __u64 value)
{
	/* the index is a cache: building it does not change what obj is */
	struct bpf_object *mut = (struct bpf_object *)obj;
	int lo = 0, hi;

	if (obj->nr_maps <= 8 || (!obj->map_def_order && build_def_order(mut)))
		return map_by_def_scan(obj, sec_idx, value);
	hi = obj->nr_map_def_order;
	/* first entry not before (sec_idx, value) */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct bpf_map *m = &obj->maps[obj->map_def_order[mid]];

		if (m->sec_idx < sec_idx || (m->sec_idx == sec_idx && m->sec_offset < value))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < obj->nr_map_def_order) {
		const struct bpf_map *m = &obj->maps[obj->map_def_order[lo]];

		if (m->sec_idx == sec_idx && m->sec_offset == value)
			return obj->map_def_order[lo];
	}
	return -1;
}

int obj_map_by_sec(const struct bpf_object *obj, int sec_idx)
{
	if (sec_idx < 0 || (size_t)sec_idx >= obj->nr_secs)
		return -1;
	return obj->sec_map_idx[sec_idx];
}

/* ---- BTF-defined maps ---- */

static bool map_is_map_in_map(__u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* Map types whose key/value are not plain data the kernel can check
 * against BTF (fds, CPUs, stack traces...): created without BTF ids. */
bool map_takes_btf(__u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case BPFKIT_BPF_MAP_TYPE_ARENA:
		return false;
	default:
		return true;
	}
}

/* btf_find_datasec(obj->btf, s->name) without the walk over all types:
 * the BTF fix-up at open noted the DATASEC of the first section of each
 * name. */
static __s32 sec_datasec(const struct bpf_object *obj, const struct elf_sec *s)
{
	if (obj->sec_datasec_id[s->idx])
		return obj->sec_datasec_id[s->idx];
	if (elf_sec_by_name(obj->elf, s->name) == s)
		return -ENOENT;
	return btf_find_datasec(obj->btf, s->name);
}

/* __uint(name, val): `int (*name)[val]`; __ulong(name, val): an enum with
 * the value. */
static int field_value(const struct btf *btf, const char *map, const struct btf_member *m,
		       const char *mname, __u64 *val)
{
	const struct btf_type *t = btf_skip_mods_typedefs(btf, m->type, NULL), *arr;

	if (t && btf_is_ptr(t)) {
		arr = btf__type_by_id(btf, t->type);
		if (arr && btf_is_array(arr)) {
			*val = btf_array(arr)->nelems;
			return 0;
		}
	} else if (t && btf_is_enum(t) && btf_vlen(t) == 1) {
		*val = (__u32)btf_enum(t)->val;
		return 0;
	} else if (t && btf_is_enum64(t) && btf_vlen(t) == 1) {
		*val = btf_enum64_value(btf_enum64(t));
		return 0;
	}
	pr_warn("map '%s': attribute '%s' is not an __uint()/__ulong() value\n", map, mname);
	return -EINVAL;
}

/* __type(name, T): `T *name`; gives T's id and size. */
static int field_type(const struct btf *btf, const char *map, const struct btf_member *m,
		      const char *mname, __u32 *id, __u32 *size)
{
	const struct btf_type *t = btf_skip_mods_typedefs(btf, m->type, NULL);
	__s64 sz;

	if (!t || !btf_is_ptr(t)) {
		pr_warn("map '%s': attribute '%s' is not a __type() pointer\n", map, mname);
		return -EINVAL;
	}
	sz = btf__resolve_size(btf, t->type);
	if (sz < 0 || sz > UINT32_MAX) {
		pr_warn("map '%s': cannot size the type of '%s'\n", map, mname);
		return -EINVAL;
	}
	*id = t->type;
	*size = sz;
	return 0;
}

static int set_sized(const char *map, const char *what, __u32 *cur, __u32 v)
{
	if (*cur && *cur != v) {
		pr_warn("map '%s': conflicting %s size %u vs %u\n", map, what, *cur, v);
		return -EINVAL;
	}
	*cur = v;
	return 0;
}

static int parse_map_def(struct bpf_object *obj, struct bpf_map *map, __u32 def_id,
			 bool is_inner);

/* `values`: inner map definition of a map-in-map (or prog array slots). */
static int parse_values(struct bpf_object *obj, struct bpf_map *map, const struct btf_member *m,
			bool is_inner)
{
	const struct btf_type *arr = btf_skip_mods_typedefs(obj->btf, m->type, NULL), *p, *def;
	__u32 def_id;

	if (!arr || !btf_is_array(arr) || is_inner) {
		pr_warn("map '%s': 'values' must be an array of pointers in an outer map\n",
			map->name);
		return -EINVAL;
	}
	p = btf_skip_mods_typedefs(obj->btf, btf_array(arr)->type, NULL);
	if (!p || !btf_is_ptr(p)) {
		pr_warn("map '%s': 'values' elements must be pointers\n", map->name);
		return -EINVAL;
	}
	def = btf_skip_mods_typedefs(obj->btf, p->type, &def_id);
	/* The outer map holds fds, whatever the C declaration says. */
	if (map->def.value_size && map->def.value_size != sizeof(__u32)) {
		pr_warn("map '%s': holds fds, value size must be 4, not %u\n", map->name,
			map->def.value_size);
		return -EINVAL;
	}
	map->def.value_size = sizeof(__u32);
	if (def && btf_is_func_proto(def))
		return 0; /* prog array slots: filled by the next slice */
	if (!def || !btf_is_struct(def)) {
		pr_warn("map '%s': 'values' must point to a map definition\n", map->name);
		return -EINVAL;
	}
	if (map->inner_map) {
		pr_warn("map '%s': more than one 'values' member\n", map->name);
		return -EINVAL;
	}
	map->inner_map = calloc(1, sizeof(*map->inner_map));
	if (!map->inner_map)
		return -ENOMEM;
	map->inner_map->obj = obj;
	map->inner_map->fd = -1;
	map->inner_map->inner_map_fd = -1;
	map->inner_map->kind = MAP_KIND_INNER;
	if (asprintf(&map->inner_map->name, "%s.inner", map->name) < 0) {
		map->inner_map->name = NULL;
		return -ENOMEM;
	}
	map->inner_map->real_name = strdup(map->inner_map->name);
	if (!map->inner_map->real_name)
		return -ENOMEM;
	return parse_map_def(obj, map->inner_map, def_id, true);
}

/* Attributes given as __uint()/__ulong() values. */
enum value_attr {
	ATTR_UNKNOWN,
	ATTR_TYPE,
	ATTR_MAX_ENTRIES,
	ATTR_MAP_FLAGS,
	ATTR_NUMA_NODE,
	ATTR_KEY_SIZE,
	ATTR_VALUE_SIZE,
	ATTR_PINNING,
	ATTR_MAP_EXTRA,
	ATTR_CNT,
};

static enum value_attr value_attr(const char *name)
{
	static const char *const names[ATTR_CNT] = {
		[ATTR_TYPE] = "type",		[ATTR_MAX_ENTRIES] = "max_entries",
		[ATTR_MAP_FLAGS] = "map_flags",	[ATTR_NUMA_NODE] = "numa_node",
		[ATTR_KEY_SIZE] = "key_size",	[ATTR_VALUE_SIZE] = "value_size",
		[ATTR_PINNING] = "pinning",	[ATTR_MAP_EXTRA] = "map_extra",
	};

	/* the first character rules out all but one or two candidates */
	for (int i = ATTR_UNKNOWN + 1; i < ATTR_CNT; i++)
		if (name[0] == names[i][0] && !strcmp(name, names[i]))
			return i;
	return ATTR_UNKNOWN;
}

static int parse_member(struct bpf_object *obj, struct bpf_map *map,
			const struct btf_member *m, bool is_inner)
{
	const char *mname = btf__name_by_offset(obj->btf, m->name_off);
	const struct btf *btf = obj->btf;
	struct map_def *d = &map->def;
	enum value_attr attr;
	__u32 id, sz;
	__u64 v = 0;
	int err;

	if (!mname || !*mname) {
		pr_warn("map '%s': unnamed attribute\n", map->name);
		return -EINVAL;
	}
	if (!strcmp(mname, "key") || !strcmp(mname, "value")) {
		bool key = mname[0] == 'k';

		err = field_type(btf, map->name, m, mname, &id, &sz);
		err = err ?: set_sized(map->name, mname, key ? &d->key_size : &d->value_size, sz);
		if (err)
			return err;
		*(key ? &map->btf_key_type_id : &map->btf_value_type_id) = id;
		return 0;
	}
	if (!strcmp(mname, "values")) {
		/* Definitions have no bitfields: offset is in bits. */
		map->has_values = true;
		map->values_off = (m->offset & 0xffffff) / 8;
		return parse_values(obj, map, m, is_inner);
	}
	attr = value_attr(mname);
	if (attr == ATTR_UNKNOWN) {
		if (obj->relaxed_maps) {
			pr_debug("map '%s': ignoring unknown attribute '%s'\n", map->name, mname);
			return 0;
		}
		pr_warn("map '%s': unknown attribute '%s'\n", map->name, mname);
		return -ENOTSUP;
	}
	err = field_value(btf, map->name, m, mname, &v);
	if (err)
		return err;
	if (attr != ATTR_MAP_EXTRA && v > UINT32_MAX) {
		pr_warn("map '%s': '%s' value %llu is too large\n", map->name, mname,
			(unsigned long long)v);
		return -EINVAL;
	}
	switch (attr) {
	case ATTR_TYPE:
		d->type = v;
		break;
	case ATTR_MAX_ENTRIES:
		d->max_entries = v;
		break;
	case ATTR_MAP_FLAGS:
		d->map_flags = v;
		break;
	case ATTR_NUMA_NODE:
		d->numa_node = v;
		break;
	case ATTR_MAP_EXTRA:
		d->map_extra = v;
		break;
	case ATTR_KEY_SIZE:
		return set_sized(map->name, "key", &d->key_size, v);
	case ATTR_VALUE_SIZE:
		return set_sized(map->name, "value", &d->value_size, v);
	default:
		if (v != LIBBPF_PIN_NONE && v != LIBBPF_PIN_BY_NAME) {
			pr_warn("map '%s': unknown pinning %llu\n", map->name,
				(unsigned long long)v);
			return -EINVAL;
		}
		d->pinning = v;
	}
	return 0;
}

static int parse_map_def(struct bpf_object *obj, struct bpf_map *map, __u32 def_id,
			 bool is_inner)
{
	const struct btf_type *t = btf_skip_mods_typedefs(obj->btf, def_id, NULL);
	const struct btf_member *m;
	int err;

	if (!t || !btf_is_struct(t)) {
		pr_warn("map '%s': definition is not a struct\n", map->name);
		return -EINVAL;
	}
	m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++) {
		err = parse_member(obj, map, &m[i], is_inner);
		if (err)
			return err;
	}
	if (map->inner_map && !map_is_map_in_map(map->def.type)) {
		pr_warn("map '%s': inner map definition on a map that holds no maps\n", map->name);
		return -EINVAL;
	}
	return 0;
}

static int init_btf_maps(struct bpf_object *obj)
{
	const struct btf_type *sec;
	const struct btf_var_secinfo *vsi;
	__s32 sec_id;
	int err;

	if (obj->maps_sec_idx < 0)
		return 0;
	if (!obj->btf) {
		pr_warn("object '%s': .maps needs BTF, which the object lacks\n", obj->name);
		return -LIBBPF_ERRNO__FORMAT;
	}
	sec_id = sec_datasec(obj, elf_sec_by_idx(obj->elf, obj->maps_sec_idx));
	if (sec_id < 0) {
		pr_warn("object '%s': no BTF DATASEC for .maps\n", obj->name);
		return -LIBBPF_ERRNO__FORMAT;
	}
	sec = btf__type_by_id(obj->btf, sec_id);
	vsi = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *var = btf__type_by_id(obj->btf, vsi[i].type);
		const char *name = var ? btf__name_by_offset(obj->btf, var->name_off) : NULL;
		struct bpf_map *map;

		if (!var || !btf_is_var(var) || !name || !*name) {
			pr_warn("object '%s': .maps entry %d is not a named variable\n", obj->name, i);
			return -LIBBPF_ERRNO__FORMAT;
		}
		map = add_map(obj);
		if (!map)
			return -ENOMEM;
		map->kind = MAP_KIND_BTF;
		map->sec_idx = obj->maps_sec_idx;
		map->sec_offset = vsi[i].offset;
		map->btf_var_idx = vsi[i].type;
		/* the same string: map_free() frees it once */
		map->name = map->real_name = strdup(name);
		if (!map->name)
			return -ENOMEM;
		err = parse_map_def(obj, map, var->type, false);
		if (err)
			return err;
	}
	return 0;
}

/* ---- legacy `maps` section ---- */

static int cmp_sym(const void *a, const void *b)
{
	const struct elf_sym *x = a, *y = b;

	return x->value < y->value ? -1 : x->value > y->value;
}

static int legacy_def(struct bpf_object *obj, struct bpf_map *map, const struct elf_sec *s,
		      __u64 off, size_t def_sz)
{
	struct legacy_map_def def = {};
	const __u8 *p = (const __u8 *)s->data + off;

	memcpy(&def, p, min(def_sz, sizeof(def)));
	for (size_t i = sizeof(def); i < def_sz; i++) {
		if (p[i] && !obj->relaxed_maps) {
			pr_warn("map '%s': definition has unknown non-zero fields\n", map->name);
			return -ENOTSUP;
		}
	}
	map->def.type = def.type;
	map->def.key_size = def.key_size;
	map->def.value_size = def.value_size;
	map->def.max_entries = def.max_entries;
	map->def.map_flags = def.map_flags;
	return 0;
}

static int init_legacy_maps(struct bpf_object *obj)
{
	const struct elf_sec *s;
	struct elf_sym sym, *syms = NULL;
	size_t n, cnt = 0, def_sz;
	int err = 0;

	if (obj->legacy_maps_sec_idx < 0)
		return 0;
	s = elf_sec_by_idx(obj->elf, obj->legacy_maps_sec_idx);
	n = elf_sym_cnt(obj->elf);
	for (size_t i = 1; i < n; i++) {
		if (elf_sym_get(obj->elf, i, &sym) || sym.shndx != s->idx ||
		    sym.type == STT_SECTION || !*sym.name)
			continue;
		struct elf_sym *ns = realloc(syms, (cnt + 1) * sizeof(*ns));

		if (!ns) {
			free(syms);
			return -ENOMEM;
		}
		syms = ns;
		syms[cnt++] = sym;
	}
	if (!cnt || !s->data) {
		free(syms);
		return 0;
	}
	qsort(syms, cnt, sizeof(*syms), cmp_sym);
	def_sz = s->size / cnt;
	if (def_sz < sizeof(__u32) * 4 || s->size % cnt) {
		pr_warn("object '%s': 'maps' section of %llu bytes cannot hold %zu definitions\n",
			obj->name, (unsigned long long)s->size, cnt);
		free(syms);
		return -LIBBPF_ERRNO__FORMAT;
	}
	for (size_t i = 0; i < cnt && !err; i++) {
		struct bpf_map *map = add_map(obj);

		if (!map || !(map->name = map->real_name = strdup(syms[i].name))) {
			err = -ENOMEM;
			break;
		}
		map->kind = MAP_KIND_LEGACY;
		map->sec_idx = s->idx;
		map->sec_offset = syms[i].value;
		/* value is untrusted: compare without an addition that can wrap */
		if (syms[i].value % def_sz || def_sz > s->size ||
		    syms[i].value > s->size - def_sz) {
			pr_warn("map '%s': definition at offset %llu is misplaced\n", map->name,
				(unsigned long long)syms[i].value);
			err = -LIBBPF_ERRNO__FORMAT;
			break;
		}
		err = legacy_def(obj, map, s, syms[i].value, def_sz);
	}
	free(syms);
	return err;
}

/* ---- global data maps ---- */

/* Kernel name of the map of section sec: the object name's head plus the
 * section name in BPF_OBJ_NAME_LEN - 1 characters (libbpf's rule: the
 * prefix leaves room for a 7-character suffix; ".data.x" style names get
 * no prefix), with characters the kernel refuses turned into '_'. */
static char *internal_map_name(const struct bpf_object *obj, const char *sec)
{
	size_t sfx = max((size_t)7, strlen(sec)), pfx, n;
	char buf[BPF_OBJ_NAME_LEN];

	if (sfx >= BPF_OBJ_NAME_LEN || strchr(sec + 1, '.'))
		pfx = 0;
	else
		pfx = min((size_t)BPF_OBJ_NAME_LEN - sfx - 1, strlen(obj->name));
	/* prefix + section name, truncated to fit: snprintf() cost more
	 * than the rest of the map setup */
	n = min(strlen(sec), sizeof(buf) - 1 - pfx);
	memcpy(buf, obj->name, pfx);
	memcpy(buf + pfx, sec, n);
	buf[pfx + n] = '\0';
	for (char *p = buf; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
	return strdup(buf);
}

/* A data map's image starts in malloc()ed memory: opening an object maps
 * nothing, and reused heap pages are already faulted in, where every fresh
 * mapping costs a fault per page on first touch and an munmap at close. */
static int map_image_alloc(struct bpf_map *map, const void *data, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t sz = (max(size, (size_t)1) + page - 1) / page * page;
	size_t len = data ? size : 0;
	char *p = malloc(sz);

	if (!p)
		return -ENOMEM;
	if (len)
		memcpy(p, data, len);
	memset(p + len, 0, sz - len);
	map->mmaped = p;
	map->mmap_sz = sz;
	map->image_heap = true;
	return 0;
}

static void map_image_free(struct bpf_map *map)
{
	if (map->mmaped && map->image_heap)
		free(map->mmaped);
	else if (map->mmaped)
		munmap(map->mmaped, map->mmap_sz);
	map->mmaped = NULL;
	map->mmap_sz = 0;
	map->image_heap = false;
}

int map_image_pin(struct bpf_map *map)
{
	void *p;

	if (!map->mmaped || !map->image_heap)
		return 0;
	p = mmap(NULL, map->mmap_sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		 0);
	if (p == MAP_FAILED) {
		int err = -errno;

		pr_warn("map '%s': cannot map its data image: %s\n", map->name, errstr(err));
		return err;
	}
	memcpy(p, map->mmaped, map->mmap_sz);
	free(map->mmaped);
	map->mmaped = p;
	map->image_heap = false;
	return 0;
}

static int init_data_map(struct bpf_object *obj, const struct elf_sec *s, enum sec_kind k)
{
	struct bpf_map *map;
	__s32 id;

	if (s->size > UINT32_MAX) {
		pr_warn("section '%s' is too large for a map\n", s->name);
		return -E2BIG;
	}
	map = add_map(obj);
	if (!map)
		return -ENOMEM;
	map->kind = k == SEC_KIND_DATA ? MAP_KIND_DATA :
		    k == SEC_KIND_RODATA ? MAP_KIND_RODATA : MAP_KIND_BSS;
	map->sec_idx = s->idx;
	map->name = internal_map_name(obj, s->name);
	map->real_name = strdup(s->name);
	if (!map->name || !map->real_name)
		return -ENOMEM;
	map->def.type = BPF_MAP_TYPE_ARRAY;
	map->def.key_size = sizeof(int);
	map->def.value_size = s->size;
	map->def.max_entries = 1;
	map->def.map_flags = BPF_F_MMAPABLE;
	if (k == SEC_KIND_RODATA)
		map->def.map_flags |= BPF_F_RDONLY_PROG;
	id = obj->btf ? sec_datasec(obj, s) : -1;
	if (id > 0)
		map->btf_value_type_id = id;
	obj->sec_map_idx[s->idx] = obj->nr_maps - 1;
	return map_image_alloc(map, s->type == SHT_NOBITS ? NULL : s->data, s->size);
}

int obj_add_kconfig_map(struct bpf_object *obj, __u32 size)
{
	struct bpf_map *map = add_map(obj);
	int id;

	if (!map)
		return -ENOMEM;
	map->kind = MAP_KIND_KCONFIG;
	map->name = internal_map_name(obj, ".kconfig");
	map->real_name = strdup(".kconfig");
	if (!map->name || !map->real_name)
		return -ENOMEM;
	map->def.type = BPF_MAP_TYPE_ARRAY;
	map->def.key_size = sizeof(int);
	map->def.value_size = size;
	map->def.max_entries = 1;
	map->def.map_flags = BPF_F_MMAPABLE | BPF_F_RDONLY_PROG;
	/* value type: the .kconfig DATASEC (laid out at load, extern.c) */
	id = obj->btf ? btf__find_by_name_kind(obj->btf, ".kconfig", BTF_KIND_DATASEC) : -1;
	if (id > 0)
		map->btf_value_type_id = id;
	obj->kconfig_map_idx = obj->nr_maps - 1;
	return map_image_alloc(map, NULL, size);
}

struct bpf_map *obj_add_map(struct bpf_object *obj)
{
	return add_map(obj);
}

/* Maps of .maps and of data sections: the array is sized for them at
 * once, so it is neither copied nor over-allocated while they are added. */
static int reserve_maps(struct bpf_object *obj)
{
	int want = obj->nr_maps;

	for (size_t i = 1; i < obj->nr_secs; i++) {
		enum sec_kind k = obj->sec_kinds[i];

		if (k == SEC_KIND_DATA || k == SEC_KIND_RODATA || k == SEC_KIND_BSS)
			want++;
	}
	/* only a size hint: the DATASEC noted for the section will do */
	if (obj->maps_sec_idx >= 0 && obj->btf && obj->sec_datasec_id[obj->maps_sec_idx])
		want += btf_vlen(btf__type_by_id(obj->btf,
						 obj->sec_datasec_id[obj->maps_sec_idx]));
	return maps_reserve(obj, want);
}

int obj_init_maps(struct bpf_object *obj)
{
	int err;

	err = reserve_maps(obj);
	err = err ?: init_btf_maps(obj);
	err = err ?: init_legacy_maps(obj);
	for (size_t i = 1; !err && i < obj->nr_secs; i++) {
		enum sec_kind k = obj->sec_kinds[i];
		const struct elf_sec *s;

		if (k != SEC_KIND_DATA && k != SEC_KIND_RODATA && k != SEC_KIND_BSS)
			continue;
		s = elf_sec_by_idx(obj->elf, i);
		/* An empty section makes no map (nothing can refer to it). */
		if (s->size)
			err = init_data_map(obj, s, k);
	}
	for (int i = 0; !err && i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (m->def.pinning == LIBBPF_PIN_BY_NAME)
			err = map_default_pin_path(m);
	}
	return err;
}

static void map_free(struct bpf_map *map)
{
	if (!map)
		return;
	free(map->init_slots);
	st_ops_free(map);
	if (map->inner_map) {
		map_free(map->inner_map);
		free(map->inner_map);
	}
	close_fd_safe(map->inner_map_fd);
	close_fd_safe(map->fd);
	map_image_free(map);
	if (map->real_name != map->name)
		free(map->real_name);
	free(map->name);
	free(map->pin_path);
}

void obj_free_maps(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_maps; i++)
		map_free(&obj->maps[i]);
	free(obj->maps);
	obj->maps = NULL;
	obj->nr_maps = 0;
	obj->maps_cap = 0;
	free(obj->map_def_order);
	obj->map_def_order = NULL;
}

/* ---- `values` initializers ---- */

static int set_slot(struct bpf_map *map, __u32 idx, int target)
{
	int *n;

	if (idx >= map->def.max_entries) {
		pr_warn("map '%s': initializer for slot %u beyond max_entries %u\n", map->name,
			idx, map->def.max_entries);
		return -EINVAL;
	}
	if (idx >= map->nr_init_slots) {
		n = realloc(map->init_slots, (idx + 1) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		for (__u32 i = map->nr_init_slots; i <= idx; i++)
			n[i] = -1;
		map->init_slots = n;
		map->nr_init_slots = idx + 1;
	}
	map->init_slots[idx] = target;
	return 0;
}

/* Map whose definition holds byte off of .maps: the last one starting
 * at or before off (an initialized `values` array makes a definition
 * longer than its BTF type says). */
static struct bpf_map *map_at(struct bpf_object *obj, __u64 off)
{
	struct bpf_map *best = NULL;

	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (m->kind == MAP_KIND_BTF && m->sec_offset <= off &&
		    (!best || m->sec_offset > best->sec_offset))
			best = m;
	}
	return best;
}

/* Target of one initializer: a map of .maps or a program. */
static int slot_target(struct bpf_object *obj, struct bpf_map *map, const struct elf_sym *sym)
{
	if (map->def.type == BPF_MAP_TYPE_PROG_ARRAY) {
		for (int i = 0; i < obj->nr_progs; i++) {
			const struct bpf_program *p = &obj->progs[i];

			if (p->sec_idx == sym->shndx && !p->is_subprog &&
			    p->sec_insn_off * BPF_INSN_SZ == sym->value)
				return i;
		}
		pr_warn("map '%s': '%s' in `values` is not a program\n", map->name, sym->name);
		return -EINVAL;
	}
	if (sym->shndx == obj->maps_sec_idx) {
		int idx = obj_map_by_def(obj, sym->shndx, sym->value);

		if (idx >= 0 && &obj->maps[idx] != map)
			return idx;
	}
	pr_warn("map '%s': '%s' in `values` is not another map of .maps\n", map->name, sym->name);
	return -EINVAL;
}

int obj_collect_map_slots(struct bpf_object *obj, int relsec_idx)
{
	const struct elf_sec *rs = elf_sec_by_idx(obj->elf, relsec_idx);
	size_t n = elf_rel_cnt(rs);

	for (size_t i = 0; i < n; i++) {
		struct bpf_map *map;
		struct elf_rel rel;
		struct elf_sym sym;
		__u64 rel_off;
		int target, err;

		if (elf_rel_get(obj->elf, rs, i, &rel) || elf_sym_get(obj->elf, rel.sym, &sym)) {
			pr_warn(".maps: bad relocation %zu\n", i);
			return -LIBBPF_ERRNO__FORMAT;
		}
		map = map_at(obj, rel.offset);
		rel_off = map ? rel.offset - map->sec_offset : 0;
		if (!map || !map->has_values || rel_off < map->values_off ||
		    (rel_off - map->values_off) % sizeof(__u64)) {
			pr_warn(".maps: relocation %zu at offset %llu is not in a `values` array\n", i,
				(unsigned long long)rel.offset);
			return -LIBBPF_ERRNO__FORMAT;
		}
		target = slot_target(obj, map, &sym);
		if (target < 0)
			return target;
		err = set_slot(map, (rel_off - map->values_off) / sizeof(__u64), target);
		if (err)
			return err;
	}
	return 0;
}

static int fill_slots(struct bpf_object *obj, bool progs)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (!m->nr_init_slots || m->fd < 0 ||
		    (m->def.type == BPF_MAP_TYPE_PROG_ARRAY) != progs)
			continue;
		for (__u32 k = 0; k < m->nr_init_slots; k++) {
			int t = m->init_slots[k], fd;

			if (t < 0)
				continue;
			fd = progs ? obj->progs[t].fd : obj->maps[t].fd;
			if (fd < 0) {
				/* libbpf leaves slots of programs or maps not
				 * loaded/created empty, so do we */
				pr_debug("map '%s': slot %u target not loaded, left empty\n",
					 m->name, k);
				continue;
			}
			if (bpf_map_update_elem(m->fd, &k, &fd, 0)) {
				int err = -errno;

				pr_warn("map '%s': cannot fill slot %u: %s\n", m->name, k,
					errstr(err));
				return err;
			}
		}
	}
	return 0;
}

int obj_init_map_slots(struct bpf_object *obj)
{
	return fill_slots(obj, false);
}

int obj_init_prog_slots(struct bpf_object *obj)
{
	return fill_slots(obj, true);
}

/* ---- creation ---- */

static int map_create_one(struct bpf_map *map, int btf_fd, int inner_fd)
{
	LIBBPF_OPTS(bpf_map_create_opts, o);
	struct map_def *d = &map->def;
	char name[BPF_OBJ_NAME_LEN];
	const char *kname;
	__u32 max_entries = d->max_entries;
	__u8 excl_hash[32];
	int fd;

	snprintf(name, sizeof(name), "%s", map->name);
	/* kernels before 4.15 refuse a name */
	kname = kernel_supports(FEAT_PROG_NAME) ? name : NULL;
	o.map_flags = d->map_flags;
	o.numa_node = d->numa_node;
	o.map_extra = d->map_extra;
	o.map_ifindex = map->ifindex;
	o.inner_map_fd = inner_fd >= 0 ? inner_fd : 0;
	if (map->excl_prog) {
		fd = map_excl_prog_hash(map, excl_hash);
		if (fd)
			return fd;
		o.excl_prog_hash = excl_hash;
		o.excl_prog_hash_size = sizeof(excl_hash);
	}
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !max_entries) {
		int cpus = libbpf_num_possible_cpus();

		max_entries = cpus > 0 ? cpus : 1;
	}
	if (btf_fd >= 0 && (map->btf_key_type_id || map->btf_value_type_id) &&
	    map_takes_btf(d->type)) {
		o.btf_fd = btf_fd;
		o.btf_key_type_id = map->btf_key_type_id;
		o.btf_value_type_id = map->btf_value_type_id;
		fd = bpf_map_create(d->type, kname, d->key_size, d->value_size, max_entries, &o);
		if (fd >= 0)
			return fd;
		pr_debug("map '%s': creation with BTF failed (%s), retrying without\n", map->name,
			 errstr(fd));
		o.btf_fd = o.btf_key_type_id = o.btf_value_type_id = 0;
	}
	fd = bpf_map_create(d->type, kname, d->key_size, d->value_size, max_entries, &o);
	return fd < 0 ? -errno : fd;
}

/* Fill a new global data map from its image, freeze .rodata, and put
 * the map's own memory where the image was so pointers stay valid. */
static int map_init_data(struct bpf_map *map)
{
	int zero = 0, prot = PROT_READ | PROT_WRITE;
	void *p;

	if (bpf_map_update_elem(map->fd, &zero, map->mmaped, 0))
		return -errno;
	if (map->kind == MAP_KIND_RODATA || map->kind == MAP_KIND_KCONFIG) {
		if (bpf_map_freeze(map->fd))
			return -errno;
		prot = PROT_READ;
	}
	if (map->image_heap) {
		/* nobody holds the image's address: map the map anywhere */
		p = mmap(NULL, map->mmap_sz, prot, MAP_SHARED, map->fd, 0);
		if (p == MAP_FAILED)
			return -errno;
		free(map->mmaped);
		map->mmaped = p;
		map->image_heap = false;
		return 0;
	}
	p = mmap(map->mmaped, map->mmap_sz, prot, MAP_SHARED | MAP_FIXED, map->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	return 0;
}

static int map_create(struct bpf_object *obj, struct bpf_map *map)
{
	int inner_fd = map->inner_map_fd, err = 0;

	if (map_is_internal(map) && !kernel_supports(FEAT_GLOBAL_DATA)) {
		pr_warn("map '%s': the kernel does not support global data\n", map->name);
		return -ENOTSUP;
	}
	if (map->pin_path) {
		err = map_reuse_pinned(map);
		if (err)
			return err < 0 ? err : 0;
	}
	if (inner_fd < 0 && map->inner_map) {
		inner_fd = map_create_one(map->inner_map, -1, -1);
		if (inner_fd < 0) {
			pr_warn("map '%s': cannot create inner map template: %s\n", map->name,
				errstr(inner_fd));
			return inner_fd;
		}
	}
	map->fd = map->st_ops ? st_ops_map_create(map) : map_create_one(map, obj->btf_fd, inner_fd);
	if (inner_fd != map->inner_map_fd)
		close_fd_safe(inner_fd);
	if (map->fd < 0) {
		err = map->fd;
		map->fd = -1;
		pr_warn("map '%s': cannot create: %s\n", map->name, errstr(err));
		return err;
	}
	if (map->def.type == BPFKIT_BPF_MAP_TYPE_ARENA) {
		err = arena_map_mmap(obj, map);
		if (err)
			return err;
	}
	if (map_is_internal(map)) {
		err = map_init_data(map);
		if (err) {
			pr_warn("map '%s': cannot set initial contents: %s\n", map->name,
				errstr(err));
			return err;
		}
	}
	if (map->pin_path)
		err = bpf_map__pin(map, NULL);
	return err;
}

int obj_create_maps(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];
		int err;

		if (!m->autocreate || m->reused)
			continue;
		err = map_create(obj, m);
		if (err)
			return err;
	}
	return 0;
}

void obj_unload_maps(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (m->reused)
			continue;
		/* an arena's memory goes with it; data maps keep their image */
		if (m->def.type == BPFKIT_BPF_MAP_TYPE_ARENA)
			map_image_free(m);
		close_fd_safe(m->fd);
		m->fd = -1;
	}
}

/* ---- accessors ---- */

#define MAP_SETTER_CHECK(map)                                                \
	do {                                                                 \
		if (!(map))                                                  \
			return libbpf_err(-EINVAL);                          \
		if ((map)->obj->prepared || (map)->reused)                   \
			return libbpf_err(-EBUSY);                           \
	} while (0)

LIBBPF_API struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj,
							const char *name)
{
	if (!obj || !name)
		return libbpf_err_ptr(-EINVAL);
	/* as libbpf: ".data" etc. by section name, otherwise by the map
	 * name, which for internal maps is also the kernel's
	 * ("obj_name.data") */
	for (int i = 0; i < obj->nr_maps; i++)
		if (!strcmp(obj->maps[i].real_name, name) ||
		    (name[0] != '.' && !strcmp(obj->maps[i].name, name)))
			return &obj->maps[i];
	return libbpf_err_ptr(-ENOENT);
}

LIBBPF_API int bpf_object__find_map_fd_by_name(const struct bpf_object *obj, const char *name)
{
	const struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	return m ? bpf_map__fd(m) : libbpf_err(-errno);
}

LIBBPF_API struct bpf_map *bpf_object__next_map(const struct bpf_object *obj,
						const struct bpf_map *map)
{
	int i;

	if (!obj)
		return NULL;
	if (map && map->obj != obj)
		return libbpf_err_ptr(-EINVAL);
	i = map ? (int)(map - obj->maps) + 1 : 0;
	return i < obj->nr_maps ? &obj->maps[i] : NULL;
}

LIBBPF_API struct bpf_map *bpf_object__prev_map(const struct bpf_object *obj,
						const struct bpf_map *map)
{
	int i;

	if (!obj)
		return NULL;
	if (map && map->obj != obj)
		return libbpf_err_ptr(-EINVAL);
	i = map ? (int)(map - obj->maps) - 1 : obj->nr_maps - 1;
	return i >= 0 ? &obj->maps[i] : NULL;
}

LIBBPF_API int bpf_map__fd(const struct bpf_map *map)
{
	if (!map)
		return libbpf_err(-EINVAL);
	/* libbpf gives a plain -1 (errno untouched) for a map not created. */
	return map->fd >= 0 ? map->fd : -1;
}

LIBBPF_API const char *bpf_map__name(const struct bpf_map *map)
{
	return map ? map->name : NULL;
}

LIBBPF_API enum bpf_map_type bpf_map__type(const struct bpf_map *map)
{
	return map->def.type;
}

LIBBPF_API int bpf_map__set_type(struct bpf_map *map, enum bpf_map_type type)
{
	MAP_SETTER_CHECK(map);
	map->def.type = type;
	return 0;
}

LIBBPF_API __u32 bpf_map__key_size(const struct bpf_map *map)
{
	return map->def.key_size;
}

LIBBPF_API int bpf_map__set_key_size(struct bpf_map *map, __u32 size)
{
	MAP_SETTER_CHECK(map);
	map->def.key_size = size;
	return 0;
}

LIBBPF_API __u32 bpf_map__value_size(const struct bpf_map *map)
{
	return map->def.value_size;
}

LIBBPF_API int bpf_map__set_value_size(struct bpf_map *map, __u32 size)
{
	MAP_SETTER_CHECK(map);
	if (map->mmaped) {
		struct bpf_map tmp = { .mmaped = NULL };
		int err = map_image_alloc(&tmp, NULL, size);

		if (err)
			return libbpf_err(err);
		memcpy(tmp.mmaped, map->mmaped, min(size, map->def.value_size));
		map_image_free(map);
		map->mmaped = tmp.mmaped;
		map->mmap_sz = tmp.mmap_sz;
		map->image_heap = tmp.image_heap;
		/* The DATASEC no longer describes the value. */
		map->btf_key_type_id = map->btf_value_type_id = 0;
	}
	map->def.value_size = size;
	return 0;
}

LIBBPF_API __u32 bpf_map__max_entries(const struct bpf_map *map)
{
	return map->def.max_entries;
}

LIBBPF_API int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries)
{
	MAP_SETTER_CHECK(map);
	map->def.max_entries = max_entries;
	return 0;
}

LIBBPF_API __u32 bpf_map__map_flags(const struct bpf_map *map)
{
	return map->def.map_flags;
}

LIBBPF_API int bpf_map__set_map_flags(struct bpf_map *map, __u32 flags)
{
	MAP_SETTER_CHECK(map);
	map->def.map_flags = flags;
	return 0;
}

LIBBPF_API __u32 bpf_map__numa_node(const struct bpf_map *map)
{
	return map->def.numa_node;
}

LIBBPF_API int bpf_map__set_numa_node(struct bpf_map *map, __u32 numa_node)
{
	MAP_SETTER_CHECK(map);
	map->def.numa_node = numa_node;
	return 0;
}

LIBBPF_API __u64 bpf_map__map_extra(const struct bpf_map *map)
{
	return map->def.map_extra;
}

LIBBPF_API int bpf_map__set_map_extra(struct bpf_map *map, __u64 map_extra)
{
	MAP_SETTER_CHECK(map);
	map->def.map_extra = map_extra;
	return 0;
}

LIBBPF_API __u32 bpf_map__ifindex(const struct bpf_map *map)
{
	return map->ifindex;
}

LIBBPF_API int bpf_map__set_ifindex(struct bpf_map *map, __u32 ifindex)
{
	MAP_SETTER_CHECK(map);
	map->ifindex = ifindex;
	return 0;
}

LIBBPF_API __u32 bpf_map__btf_key_type_id(const struct bpf_map *map)
{
	return map ? map->btf_key_type_id : 0;
}

LIBBPF_API __u32 bpf_map__btf_value_type_id(const struct bpf_map *map)
{
	return map ? map->btf_value_type_id : 0;
}

LIBBPF_API int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate)
{
	MAP_SETTER_CHECK(map);
	map->autocreate = autocreate;
	return 0;
}

LIBBPF_API bool bpf_map__autocreate(const struct bpf_map *map)
{
	return map && map->autocreate;
}

LIBBPF_API bool bpf_map__is_internal(const struct bpf_map *map)
{
	return map && map_is_internal(map);
}

/* Before load, an arena's "initial value" is the image of its
 * .addr_space.1 globals; after load it is the arena memory itself. */
static bool map_is_arena_image(const struct bpf_map *map)
{
	const struct bpf_object *obj = map->obj;

	return !map->mmaped && obj->arena_data && obj->arena_map_idx >= 0 &&
	       &obj->maps[obj->arena_map_idx] == map;
}

LIBBPF_API int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size)
{
	MAP_SETTER_CHECK(map);
	if (map_is_arena_image(map)) {
		if (!data || size != map->obj->arena_data_sz) {
			pr_warn("map '%s': arena initial value needs %zu bytes\n", map->name,
				map->obj->arena_data_sz);
			return libbpf_err(-EINVAL);
		}
		memcpy(map->obj->arena_data, data, size);
		return 0;
	}
	if (!map->mmaped || !data || size != map->def.value_size) {
		pr_warn("map '%s': initial value needs a global data map and %u bytes\n",
			map->name, map->def.value_size);
		return libbpf_err(-EINVAL);
	}
	memcpy(map->mmaped, data, size);
	return 0;
}

LIBBPF_API void *bpf_map__initial_value(struct bpf_map *map, size_t *psize)
{
	int err;

	if (map && map_is_arena_image(map)) {
		if (psize)
			*psize = map->obj->arena_data_sz;
		return map->obj->arena_data;
	}
	if (map && map->st_ops)
		return st_ops_image(map, psize);
	if (!map || !map->mmaped)
		return libbpf_err_ptr(-EINVAL);
	err = map_image_pin(map);
	if (err)
		return libbpf_err_ptr(err);
	if (psize)
		*psize = map->def.type == BPFKIT_BPF_MAP_TYPE_ARENA ? map->mmap_sz :
									map->def.value_size;
	return map->mmaped;
}

int map_reuse_fd(struct bpf_map *map, int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	int nfd, err;

	err = bpf_map_get_info_by_fd(fd, &info, &len);
	if (err) {
		err = -errno;
		pr_warn("map '%s': fd %d to reuse is no map: %s\n", map->name, fd, errstr(err));
		return err;
	}
	nfd = ensure_good_fd(fcntl(fd, F_DUPFD_CLOEXEC, 3));
	if (nfd < 0)
		return -errno;
	close_fd_safe(map->fd);
	map->fd = nfd;
	map->reused = true;
	map->def.type = info.type;
	map->def.key_size = info.key_size;
	map->def.value_size = info.value_size;
	map->def.max_entries = info.max_entries;
	map->def.map_flags = info.map_flags;
	map->def.map_extra = info.map_extra;
	map->btf_key_type_id = info.btf_key_type_id;
	map->btf_value_type_id = info.btf_value_type_id;
	return 0;
}

LIBBPF_API int bpf_map__reuse_fd(struct bpf_map *map, int fd)
{
	MAP_SETTER_CHECK(map);
	return libbpf_err(map_reuse_fd(map, fd));
}

LIBBPF_API int bpf_map__set_inner_map_fd(struct bpf_map *map, int fd)
{
	int nfd;

	MAP_SETTER_CHECK(map);
	if (!map_is_map_in_map(map->def.type)) {
		pr_warn("map '%s': not a map-in-map, no inner map\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (map->inner_map_fd >= 0) {
		pr_warn("map '%s': inner map fd already set\n", map->name);
		return libbpf_err(-EINVAL);
	}
	/* Our own copy: closed with the object, the caller keeps fd. */
	nfd = fd < 0 ? -EBADF : ensure_good_fd(fcntl(fd, F_DUPFD_CLOEXEC, 3));
	if (nfd < 0) {
		pr_warn("map '%s': bad inner map fd %d\n", map->name, fd);
		return libbpf_err(nfd == -1 ? -errno : nfd);
	}
	if (map->inner_map) {
		map_free(map->inner_map);
		free(map->inner_map);
		map->inner_map = NULL;
	}
	map->inner_map_fd = nfd;
	return 0;
}

LIBBPF_API struct bpf_map *bpf_map__inner_map(struct bpf_map *map)
{
	if (!map || !map->inner_map)
		return libbpf_err_ptr(-ENOENT);
	return map->inner_map;
}

LIBBPF_API int bpf_map__set_autoattach(struct bpf_map *map, bool autoattach)
{
	if (!map)
		return libbpf_err(-EINVAL);
	map->autoattach = autoattach;
	return 0;
}

LIBBPF_API bool bpf_map__autoattach(const struct bpf_map *map)
{
	return map && map->autoattach;
}
