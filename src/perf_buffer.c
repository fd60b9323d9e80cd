// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Perf buffers: one perf event ring per CPU, each registered in a
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY at its CPU's index, so that
 * bpf_perf_event_output() from a program running on that CPU lands there.
 *
 * Each ring is an mmap of one control page (struct perf_event_mmap_page,
 * with data_head written by the kernel and data_tail by us) followed by
 * page_cnt data pages. Records (struct perf_event_header first, 8-byte
 * aligned) are written back to back and may wrap around the end of the
 * data area; such a record is copied out so callbacks see it whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"

struct perf_cpu_buf {
	struct perf_buffer *pb;
	void *base;		/* mmap()ed area: control page, then data */
	void *copy;		/* scratch copy of a record that wraps */
	size_t copy_sz;
	int fd;
	int cpu;
	int map_key;
};

struct perf_buffer {
	perf_buffer_event_fn event_cb;
	perf_buffer_sample_fn sample_cb;
	perf_buffer_lost_fn lost_cb;
	void *ctx;

	size_t page_size;
	size_t mmap_size;	/* data area only: page_cnt pages */
	struct perf_cpu_buf **cpu_bufs;
	struct epoll_event *events;
	int cpu_cnt;		/* entries of cpu_bufs; NULL for skipped CPUs */
	int epoll_fd;
	int map_fd;
};

/* Everything perf_buffer__new() and perf_buffer__new_raw() differ in. */
struct perf_buffer_params {
	struct perf_event_attr *attr;
	perf_buffer_event_fn event_cb;
	perf_buffer_sample_fn sample_cb;
	perf_buffer_lost_fn lost_cb;
	void *ctx;
	int cpu_cnt;
	int *cpus;
	int *map_keys;
};

/* A PERF_RECORD_SAMPLE of a PERF_SAMPLE_RAW-only event. */
struct perf_raw_sample {
	struct perf_event_header header;
	__u32 size;
	char data[];
};

/* PERF_RECORD_LOST. */
struct perf_lost_record {
	struct perf_event_header header;
	__u64 id;
	__u64 lost;
};

static void cpu_buf_free(struct perf_cpu_buf *cb)
{
	if (!cb)
		return;
	if (cb->base)
		munmap(cb->base, cb->pb->mmap_size + cb->pb->page_size);
	if (cb->fd >= 0) {
		ioctl(cb->fd, PERF_EVENT_IOC_DISABLE, 0);
		close(cb->fd);
	}
	free(cb->copy);
	free(cb);
}

LIBBPF_API void perf_buffer__free(struct perf_buffer *pb)
{
	int saved = errno;

	if (!pb)
		return;
	for (int i = 0; pb->cpu_bufs && i < pb->cpu_cnt; i++) {
		struct perf_cpu_buf *cb = pb->cpu_bufs[i];

		if (!cb)
			continue;
		/* drop the map's reference to the event we are closing */
		bpf_map_delete_elem(pb->map_fd, &cb->map_key);
		cpu_buf_free(cb);
	}
	free(pb->cpu_bufs);
	free(pb->events);
	close_fd_safe(pb->epoll_fd);
	free(pb);
	errno = saved;
}

/* Which of the first n CPUs are online; a malloc'd array. */
static int read_online_cpus(bool **maskp, int n)
{
	const char *path = "/sys/devices/system/cpu/online";
	char buf[1024];
	bool *mask;
	ssize_t len;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("perf buffer: failed to open %s: %s\n", path, errstr(err));
		return err;
	}
	len = read(fd, buf, sizeof(buf) - 1);
	err = len < 0 ? -errno : 0;
	close(fd);
	if (len <= 0) {
		err = err ? err : -EINVAL;
		pr_warn("perf buffer: failed to read %s: %s\n", path, errstr(err));
		return err;
	}
	buf[len] = '\0';
	mask = calloc(n, sizeof(*mask));
	if (!mask)
		return -ENOMEM;
	err = cpu_list_parse(buf, mask, n);
	if (err < 0) {
		pr_warn("perf buffer: cannot parse online CPU list '%s'\n", buf);
		free(mask);
		return err;
	}
	*maskp = mask;
	return 0;
}

/* Open, map and enable the perf event of one CPU and publish it in the
 * map at map_key. */
static int cpu_buf_open(struct perf_buffer *pb, struct perf_event_attr *attr, int cpu,
			int map_key, struct perf_cpu_buf **out)
{
	struct perf_cpu_buf *cb;
	int err;

	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return -ENOMEM;
	cb->pb = pb;
	cb->cpu = cpu;
	cb->map_key = map_key;
	cb->fd = ensure_good_fd(syscall(__NR_perf_event_open, attr, -1, cpu, -1,
					PERF_FLAG_FD_CLOEXEC));
	if (cb->fd < 0) {
		err = cb->fd < -1 ? cb->fd : -errno;
		cb->fd = -1;
		pr_warn("perf buffer: failed to open perf event on CPU %d: %s\n", cpu,
			errstr(err));
		goto err_out;
	}
	cb->base = mmap(NULL, pb->mmap_size + pb->page_size, PROT_READ | PROT_WRITE,
			MAP_SHARED, cb->fd, 0);
	if (cb->base == MAP_FAILED) {
		err = -errno;
		cb->base = NULL;
		pr_warn("perf buffer: failed to mmap ring of CPU %d: %s\n", cpu, errstr(err));
		goto err_out;
	}
	if (ioctl(cb->fd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		err = -errno;
		pr_warn("perf buffer: failed to enable perf event on CPU %d: %s\n", cpu,
			errstr(err));
		goto err_out;
	}
	if (bpf_map_update_elem(pb->map_fd, &map_key, &cb->fd, 0)) {
		err = -errno;
		pr_warn("perf buffer: failed to set map key %d to the event of CPU %d: %s\n",
			map_key, cpu, errstr(err));
		goto err_out;
	}
	*out = cb;
	return 0;
err_out:
	cpu_buf_free(cb);
	return err;
}

/* Number of rings to set up and, when the caller named none, the online
 * mask deciding which CPUs get one. */
static int plan_cpus(struct perf_buffer *pb, const struct perf_buffer_params *p,
		     __u32 max_entries, bool **online)
{
	int n;

	if (p->cpu_cnt > 0) {
		pb->cpu_cnt = p->cpu_cnt;
		return 0;
	}
	n = libbpf_num_possible_cpus();
	if (n < 0)
		return n;
	if (max_entries && (__u32)n > max_entries)
		n = max_entries;
	pb->cpu_cnt = n;
	return read_online_cpus(online, n);
}

static int perf_buffer_setup(struct perf_buffer *pb, const struct perf_buffer_params *p)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	bool *online = NULL;
	int err;

	memset(&info, 0, sizeof(info));
	if (bpf_map_get_info_by_fd(pb->map_fd, &info, &len)) {
		err = -errno;
		pr_warn("perf buffer: failed to get info of map fd %d: %s\n", pb->map_fd,
			errstr(err));
		return err;
	}
	if (info.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		const char *have = libbpf_bpf_map_type_str(info.type);

		pr_warn("perf buffer: map fd %d has type %s, not perf_event_array\n",
			pb->map_fd, have ? have : "unknown");
		return -EINVAL;
	}
	err = plan_cpus(pb, p, info.max_entries, &online);
	if (err)
		return err;
	pb->cpu_bufs = calloc(pb->cpu_cnt, sizeof(*pb->cpu_bufs));
	pb->events = calloc(pb->cpu_cnt, sizeof(*pb->events));
	if (!pb->cpu_bufs || !pb->events) {
		free(online);
		return -ENOMEM;
	}
	for (int i = 0; i < pb->cpu_cnt; i++) {
		int cpu = p->cpu_cnt > 0 ? p->cpus[i] : i;
		int key = p->cpu_cnt > 0 ? p->map_keys[i] : i;
		struct epoll_event ev = { .events = EPOLLIN };

		/* CPUs the caller did not name explicitly get a ring only
		 * while online: perf events cannot be opened on others */
		if (online && !online[i])
			continue;
		err = cpu_buf_open(pb, p->attr, cpu, key, &pb->cpu_bufs[i]);
		if (err)
			break;
		ev.data.ptr = pb->cpu_bufs[i];
		if (epoll_ctl(pb->epoll_fd, EPOLL_CTL_ADD, pb->cpu_bufs[i]->fd, &ev) < 0) {
			err = -errno;
			pr_warn("perf buffer: failed to add CPU %d ring to epoll: %s\n", cpu,
				errstr(err));
			break;
		}
	}
	free(online);
	return err;
}

static struct perf_buffer *perf_buffer_create(int map_fd, size_t page_cnt,
					      const struct perf_buffer_params *p)
{
	struct perf_buffer *pb;
	int err;

	if (page_cnt == 0 || (page_cnt & (page_cnt - 1))) {
		pr_warn("perf buffer: page count %zu is not a power of two\n", page_cnt);
		return libbpf_err_ptr(-EINVAL);
	}
	if (p->cpu_cnt > 0 && (!p->cpus || !p->map_keys)) {
		pr_warn("perf buffer: cpu_cnt %d without cpus and map_keys\n", p->cpu_cnt);
		return libbpf_err_ptr(-EINVAL);
	}
	pb = calloc(1, sizeof(*pb));
	if (!pb)
		return libbpf_err_ptr(-ENOMEM);
	pb->event_cb = p->event_cb;
	pb->sample_cb = p->sample_cb;
	pb->lost_cb = p->lost_cb;
	pb->ctx = p->ctx;
	pb->map_fd = map_fd;
	pb->page_size = sysconf(_SC_PAGESIZE);
	pb->epoll_fd = -1;
	if (page_cnt > (SIZE_MAX - pb->page_size) / pb->page_size) {
		free(pb);
		return libbpf_err_ptr(-E2BIG);
	}
	pb->mmap_size = page_cnt * pb->page_size;
	pb->epoll_fd = ensure_good_fd(epoll_create1(EPOLL_CLOEXEC));
	if (pb->epoll_fd < 0) {
		err = pb->epoll_fd < -1 ? pb->epoll_fd : -errno;
		pb->epoll_fd = -1;
		pr_warn("perf buffer: failed to create epoll instance: %s\n", errstr(err));
		goto err_out;
	}
	err = perf_buffer_setup(pb, p);
	if (err)
		goto err_out;
	return pb;
err_out:
	perf_buffer__free(pb);
	return libbpf_err_ptr(err);
}

LIBBPF_API struct perf_buffer *perf_buffer__new(int map_fd, size_t page_cnt,
						perf_buffer_sample_fn sample_cb,
						perf_buffer_lost_fn lost_cb, void *ctx,
						const struct perf_buffer_opts *opts)
{
	struct perf_buffer_params p = {};
	struct perf_event_attr attr = {};
	__u32 period;

	if (!OPTS_VALID(opts, perf_buffer_opts))
		return libbpf_err_ptr(-EINVAL);
	period = OPTS_GET(opts, sample_period, 0);
	if (!period)
		period = 1;
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = period;
	/* wake poll()ers once per period samples */
	attr.wakeup_events = period;

	p.attr = &attr;
	p.sample_cb = sample_cb;
	p.lost_cb = lost_cb;
	p.ctx = ctx;
	return perf_buffer_create(map_fd, page_cnt, &p);
}

LIBBPF_API struct perf_buffer *perf_buffer__new_raw(int map_fd, size_t page_cnt,
						    struct perf_event_attr *attr,
						    perf_buffer_event_fn event_cb, void *ctx,
						    const struct perf_buffer_raw_opts *opts)
{
	struct perf_buffer_params p = {};

	if (!OPTS_VALID(opts, perf_buffer_raw_opts))
		return libbpf_err_ptr(-EINVAL);
	if (!attr || !event_cb) {
		pr_warn("perf buffer: raw perf buffer needs an attr and an event callback\n");
		return libbpf_err_ptr(-EINVAL);
	}
	p.attr = attr;
	p.event_cb = event_cb;
	p.ctx = ctx;
	p.cpu_cnt = OPTS_GET(opts, cpu_cnt, 0);
	p.cpus = OPTS_GET(opts, cpus, NULL);
	p.map_keys = OPTS_GET(opts, map_keys, NULL);
	return perf_buffer_create(map_fd, page_cnt, &p);
}

/* Default handling of perf_buffer__new() rings: samples and losses. */
static enum bpf_perf_event_ret handle_record(struct perf_cpu_buf *cb,
					     struct perf_event_header *e)
{
	struct perf_buffer *pb = cb->pb;

	if (pb->event_cb)
		return pb->event_cb(pb->ctx, cb->cpu, e);
	if (e->type == PERF_RECORD_SAMPLE) {
		struct perf_raw_sample *s = (void *)e;

		if (e->size < sizeof(*s) || s->size > e->size - sizeof(*s)) {
			pr_warn("perf buffer: malformed sample on CPU %d\n", cb->cpu);
			return LIBBPF_PERF_EVENT_ERROR;
		}
		if (pb->sample_cb)
			pb->sample_cb(pb->ctx, cb->cpu, s->data, s->size);
	} else if (e->type == PERF_RECORD_LOST) {
		struct perf_lost_record *l = (void *)e;

		if (e->size < sizeof(*l)) {
			pr_warn("perf buffer: malformed lost record on CPU %d\n", cb->cpu);
			return LIBBPF_PERF_EVENT_ERROR;
		}
		if (pb->lost_cb)
			pb->lost_cb(pb->ctx, cb->cpu, l->lost);
	} else {
		pr_warn("perf buffer: unexpected record type %u on CPU %d\n", e->type, cb->cpu);
		return LIBBPF_PERF_EVENT_ERROR;
	}
	return LIBBPF_PERF_EVENT_CONT;
}

/* A record that runs past the end of the data area, made contiguous in
 * the per-ring scratch buffer. */
static struct perf_event_header *record_unwrap(struct perf_cpu_buf *cb, const char *data,
					       size_t off, size_t len)
{
	size_t ring = cb->pb->mmap_size, first = ring - off;

	if (cb->copy_sz < len) {
		void *p = realloc(cb->copy, len);

		if (!p)
			return NULL;
		cb->copy = p;
		cb->copy_sz = len;
	}
	memcpy(cb->copy, data + off, first);
	memcpy((char *)cb->copy + first, data, len - first);
	return cb->copy;
}

/* Deliver every record between data_tail and data_head of one ring.
 * Returns 0, or the callback's stopping value when it is an error. */
static int cpu_buf_process(struct perf_cpu_buf *cb)
{
	struct perf_event_mmap_page *hdr = cb->base;
	const char *data = (const char *)cb->base + cb->pb->page_size;
	size_t ring = cb->pb->mmap_size;
	__u64 head, tail;
	int ret = 0;

	head = __atomic_load_n(&hdr->data_head, __ATOMIC_ACQUIRE);
	tail = hdr->data_tail;
	while (tail != head) {
		size_t off = tail & (ring - 1);
		struct perf_event_header *e = (void *)(data + off);
		enum bpf_perf_event_ret r;
		size_t len;

		/* the 8-byte header itself never wraps (records are aligned) */
		len = e->size;
		if (len < sizeof(*e) || len > head - tail) {
			pr_warn("perf buffer: bad record size %zu on CPU %d\n", len, cb->cpu);
			ret = -EINVAL;
			break;
		}
		if (off + len > ring) {
			e = record_unwrap(cb, data, off, len);
			if (!e) {
				ret = -ENOMEM;
				break;
			}
		}
		r = handle_record(cb, e);
		tail += len;
		if (r != LIBBPF_PERF_EVENT_CONT) {
			ret = r < 0 ? (int)r : 0;
			break;
		}
	}
	/* release: we are done reading the records before the kernel may
	 * overwrite them */
	__atomic_store_n(&hdr->data_tail, tail, __ATOMIC_RELEASE);
	return ret;
}

LIBBPF_API int perf_buffer__epoll_fd(const struct perf_buffer *pb)
{
	if (!pb)
		return libbpf_err(-EINVAL);
	return pb->epoll_fd;
}

LIBBPF_API int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms)
{
	int cnt;

	if (!pb)
		return libbpf_err(-EINVAL);
	cnt = epoll_wait(pb->epoll_fd, pb->events, pb->cpu_cnt, timeout_ms);
	if (cnt < 0)
		return libbpf_err(-errno);
	for (int i = 0; i < cnt; i++) {
		struct perf_cpu_buf *cb = pb->events[i].data.ptr;
		int err = cpu_buf_process(cb);

		if (err) {
			pr_warn("perf buffer: processing ring of CPU %d failed: %d\n", cb->cpu,
				err);
			return libbpf_err(err);
		}
	}
	return cnt;
}

LIBBPF_API int perf_buffer__consume_buffer(struct perf_buffer *pb, size_t buf_idx)
{
	int err;

	if (!pb || buf_idx >= (size_t)pb->cpu_cnt)
		return libbpf_err(-EINVAL);
	if (!pb->cpu_bufs[buf_idx])
		return libbpf_err(-ENOENT);
	err = cpu_buf_process(pb->cpu_bufs[buf_idx]);
	return libbpf_err(err);
}

LIBBPF_API int perf_buffer__consume(struct perf_buffer *pb)
{
	if (!pb)
		return libbpf_err(-EINVAL);
	for (int i = 0; i < pb->cpu_cnt; i++) {
		struct perf_cpu_buf *cb = pb->cpu_bufs[i];
		int err;

		if (!cb)
			continue;
		err = cpu_buf_process(cb);
		if (err) {
			pr_warn("perf buffer: processing ring of CPU %d failed: %d\n", cb->cpu,
				err);
			return libbpf_err(err);
		}
	}
	return 0;
}

LIBBPF_API size_t perf_buffer__buffer_cnt(const struct perf_buffer *pb)
{
	return pb ? (size_t)pb->cpu_cnt : 0;
}

LIBBPF_API int perf_buffer__buffer_fd(const struct perf_buffer *pb, size_t buf_idx)
{
	if (!pb || buf_idx >= (size_t)pb->cpu_cnt)
		return libbpf_err(-EINVAL);
	if (!pb->cpu_bufs[buf_idx])
		return libbpf_err(-ENOENT);
	return pb->cpu_bufs[buf_idx]->fd;
}

LIBBPF_API int perf_buffer__buffer(struct perf_buffer *pb, int buf_idx, void **buf,
				   size_t *buf_size)
{
	if (!pb || buf_idx < 0 || buf_idx >= pb->cpu_cnt || !buf || !buf_size)
		return libbpf_err(-EINVAL);
	if (!pb->cpu_bufs[buf_idx])
		return libbpf_err(-ENOENT);
	*buf = pb->cpu_bufs[buf_idx]->base;
	*buf_size = pb->mmap_size;
	return 0;
}
