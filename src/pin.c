// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Pinning maps and programs of an object in a BPF filesystem: explicit
 * bpf_map__pin() / bpf_program__pin() and the object-wide variants, and
 * the load-time side of LIBBPF_PIN_BY_NAME (reuse the map already pinned
 * at the map's pin path when it is compatible, otherwise create and pin).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <bpf/bpf.h>

#include "object_internal.h"

#define BPF_FS_MAGIC 0xcafe4a11

/* Pins must go to a BPF filesystem: check the directory of path. */
int pin_check_bpffs(const char *path)
{
	char dir[PATH_MAX];
	struct statfs st;
	char *slash;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (statfs(dir, &st)) {
		pr_warn("pin path '%s': cannot stat its directory: %s\n", path, errstr(-errno));
		return -errno;
	}
	if (st.f_type != BPF_FS_MAGIC) {
		pr_warn("pin path '%s' is not on a BPF filesystem\n", path);
		return -EINVAL;
	}
	return 0;
}

/* Create the directory holding path if it is missing (one level, as the
 * pin root of LIBBPF_PIN_BY_NAME maps may not exist yet). */
int pin_make_parent_dir(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) && errno != EEXIST) {
		pr_warn("pin path '%s': cannot create directory '%s': %s\n", path, dir,
			errstr(-errno));
		return -errno;
	}
	return 0;
}

/* dir/name, with the '.' bpffs refuses in names (".data" maps) turned
 * into '_' as libbpf does. */
static int join_path(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/", dir);

	if (n < 0 || snprintf(buf + n, size - n, "%s", name) >= (int)(size - n)) {
		pr_warn("pin path '%s/%s' is too long\n", dir, name);
		return -ENAMETOOLONG;
	}
	for (char *p = buf + n; *p; p++)
		if (*p == '.')
			*p = '_';
	return 0;
}

int map_default_pin_path(struct bpf_map *map)
{
	char buf[PATH_MAX];
	int err;

	err = join_path(buf, sizeof(buf), map->obj->pin_root_path, map->name);
	if (err)
		return err;
	free(map->pin_path);
	map->pin_path = strdup(buf);
	return map->pin_path ? 0 : -ENOMEM;
}

/* ---- maps ---- */

LIBBPF_API int bpf_map__set_pin_path(struct bpf_map *map, const char *path)
{
	char *p = NULL;

	if (!map)
		return libbpf_err(-EINVAL);
	if (path && !(p = strdup(path)))
		return libbpf_err(-ENOMEM);
	free(map->pin_path);
	map->pin_path = p;
	return 0;
}

LIBBPF_API const char *bpf_map__pin_path(const struct bpf_map *map)
{
	return map ? map->pin_path : NULL;
}

LIBBPF_API bool bpf_map__is_pinned(const struct bpf_map *map)
{
	return map && map->pinned;
}

LIBBPF_API int bpf_map__pin(struct bpf_map *map, const char *path)
{
	int err;

	if (!map)
		return libbpf_err(-EINVAL);
	if (map->pinned) {
		if (path && map->pin_path && strcmp(path, map->pin_path)) {
			pr_warn("map '%s': already pinned at '%s'\n", map->name, map->pin_path);
			return libbpf_err(-EEXIST);
		}
		return 0;
	}
	if (path && map->pin_path && strcmp(path, map->pin_path)) {
		pr_warn("map '%s': pin path '%s' differs from its set pin path '%s'\n",
			map->name, path, map->pin_path);
		return libbpf_err(-EINVAL);
	}
	if (!path && !map->pin_path) {
		pr_warn("map '%s': no path to pin at\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (map->fd < 0) {
		pr_warn("map '%s': not created, cannot pin\n", map->name);
		return libbpf_err(-EINVAL);
	}
	if (!map->pin_path && bpf_map__set_pin_path(map, path))
		return libbpf_err(-ENOMEM);
	err = pin_make_parent_dir(map->pin_path);
	err = err ?: pin_check_bpffs(map->pin_path);
	if (err)
		return libbpf_err(err);
	if (bpf_obj_pin(map->fd, map->pin_path)) {
		err = -errno;
		pr_warn("map '%s': cannot pin at '%s': %s\n", map->name, map->pin_path,
			errstr(err));
		return libbpf_err(err);
	}
	map->pinned = true;
	return 0;
}

LIBBPF_API int bpf_map__unpin(struct bpf_map *map, const char *path)
{
	int err;

	if (!map)
		return libbpf_err(-EINVAL);
	if (path && map->pin_path && strcmp(path, map->pin_path)) {
		pr_warn("map '%s': unpin path '%s' is not its pin path '%s'\n", map->name, path,
			map->pin_path);
		return libbpf_err(-EINVAL);
	}
	if (!path)
		path = map->pin_path;
	if (!path) {
		pr_warn("map '%s': no path to unpin\n", map->name);
		return libbpf_err(-EINVAL);
	}
	err = pin_check_bpffs(path);
	if (err)
		return libbpf_err(err);
	if (unlink(path)) {
		err = -errno;
		pr_warn("map '%s': cannot unpin '%s': %s\n", map->name, path, errstr(err));
		return libbpf_err(err);
	}
	map->pinned = false;
	return 0;
}

/* Whether the pinned map behind fd can stand in for map's definition. */
static bool pinned_map_compatible(const struct bpf_map *map, int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_map_get_info_by_fd(fd, &info, &len))
		return false;
	return info.type == map->def.type && info.key_size == map->def.key_size &&
	       info.value_size == map->def.value_size &&
	       info.max_entries == map->def.max_entries &&
	       info.map_flags == map->def.map_flags && info.map_extra == map->def.map_extra;
}

int map_reuse_pinned(struct bpf_map *map)
{
	int fd, err;

	fd = bpf_obj_get(map->pin_path);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT)
			return 0; /* nothing pinned yet: create, then pin */
		pr_warn("map '%s': cannot open pinned map '%s': %s\n", map->name, map->pin_path,
			errstr(err));
		return err;
	}
	if (!pinned_map_compatible(map, fd)) {
		pr_warn("map '%s': map pinned at '%s' has a different definition\n", map->name,
			map->pin_path);
		close(fd);
		return -EINVAL;
	}
	err = map_reuse_fd(map, fd);
	close(fd);
	if (err)
		return err;
	map->pinned = true;
	return 1;
}

void obj_unpin_created(struct bpf_object *obj)
{
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (m->pinned && !m->reused)
			bpf_map__unpin(m, NULL);
	}
}

/* Undo the pins of maps [0, end) made under dir (or their own paths). */
static void unpin_maps_upto(struct bpf_object *obj, const char *dir, int end)
{
	char buf[PATH_MAX];

	for (int i = 0; i < end; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (!m->pinned)
			continue;
		if (dir && join_path(buf, sizeof(buf), dir, m->name))
			continue;
		bpf_map__unpin(m, dir ? buf : NULL);
	}
}

LIBBPF_API int bpf_object__pin_maps(struct bpf_object *obj, const char *path)
{
	char buf[PATH_MAX];
	int err;

	if (!obj)
		return libbpf_err(-ENOENT);
	if (!obj->loaded) {
		pr_warn("object '%s': not loaded, nothing to pin\n", obj->name);
		return libbpf_err(-ENOENT);
	}
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (!m->autocreate)
			continue;
		if (path) {
			err = join_path(buf, sizeof(buf), path, m->name);
			if (err)
				goto fail;
		} else if (!m->pin_path) {
			continue;
		}
		err = bpf_map__pin(m, path ? buf : NULL);
		if (err)
			goto fail;
		continue;
fail:
		unpin_maps_upto(obj, path, i);
		return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API int bpf_object__unpin_maps(struct bpf_object *obj, const char *path)
{
	char buf[PATH_MAX];
	int err;

	if (!obj)
		return libbpf_err(-ENOENT);
	for (int i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *m = &obj->maps[i];

		if (path) {
			err = join_path(buf, sizeof(buf), path, m->name);
			if (err)
				return libbpf_err(err);
		} else if (!m->pin_path) {
			continue;
		}
		err = bpf_map__unpin(m, path ? buf : NULL);
		if (err)
			return libbpf_err(err);
	}
	return 0;
}

/* ---- programs ---- */

LIBBPF_API int bpf_program__pin(struct bpf_program *prog, const char *path)
{
	int err;

	if (!prog || !path)
		return libbpf_err(-EINVAL);
	if (prog->fd < 0) {
		pr_warn("prog '%s': not loaded, cannot pin\n", prog->name);
		return libbpf_err(-EINVAL);
	}
	err = pin_check_bpffs(path);
	if (err)
		return libbpf_err(err);
	if (bpf_obj_pin(prog->fd, path)) {
		err = -errno;
		pr_warn("prog '%s': cannot pin at '%s': %s\n", prog->name, path, errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API int bpf_program__unpin(struct bpf_program *prog, const char *path)
{
	int err;

	if (!prog || !path)
		return libbpf_err(-EINVAL);
	err = pin_check_bpffs(path);
	if (err)
		return libbpf_err(err);
	if (unlink(path)) {
		err = -errno;
		pr_warn("prog '%s': cannot unpin '%s': %s\n", prog->name, path, errstr(err));
		return libbpf_err(err);
	}
	return 0;
}

/* Loaded main programs take part in object-wide pinning. */
static bool prog_pinnable(const struct bpf_program *p)
{
	return !p->is_subprog && p->autoload;
}

LIBBPF_API int bpf_object__pin_programs(struct bpf_object *obj, const char *path)
{
	char buf[PATH_MAX];
	int err = 0, i;

	if (!obj || !path)
		return libbpf_err(-EINVAL);
	if (!obj->loaded) {
		pr_warn("object '%s': not loaded, nothing to pin\n", obj->name);
		return libbpf_err(-ENOENT);
	}
	for (i = 0; i < obj->nr_progs && !err; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (!prog_pinnable(p))
			continue;
		err = join_path(buf, sizeof(buf), path, p->name);
		err = err ?: bpf_program__pin(p, buf);
	}
	if (!err)
		return 0;
	/* Undo the pins made before the failing one. */
	for (int j = 0; j < i - 1; j++) {
		if (prog_pinnable(&obj->progs[j]) &&
		    !join_path(buf, sizeof(buf), path, obj->progs[j].name))
			unlink(buf);
	}
	return libbpf_err(err);
}

LIBBPF_API int bpf_object__unpin_programs(struct bpf_object *obj, const char *path)
{
	char buf[PATH_MAX];
	int err;

	if (!obj || !path)
		return libbpf_err(-EINVAL);
	for (int i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *p = &obj->progs[i];

		if (!prog_pinnable(p))
			continue;
		err = join_path(buf, sizeof(buf), path, p->name);
		err = err ?: bpf_program__unpin(p, buf);
		if (err)
			return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API int bpf_object__pin(struct bpf_object *obj, const char *path)
{
	int err;

	err = bpf_object__pin_maps(obj, path);
	if (err)
		return libbpf_err(err);
	err = bpf_object__pin_programs(obj, path);
	if (err) {
		bpf_object__unpin_maps(obj, path);
		return libbpf_err(err);
	}
	return 0;
}

LIBBPF_API int bpf_object__unpin(struct bpf_object *obj, const char *path)
{
	int err;

	err = bpf_object__unpin_maps(obj, path);
	if (err)
		return libbpf_err(err);
	return libbpf_err(bpf_object__unpin_programs(obj, path));
}
