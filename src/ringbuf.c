// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * BPF ring buffers: the consumer side of BPF_MAP_TYPE_RINGBUF
 * (ring_buffer__*, ring__*) and the producer side of
 * BPF_MAP_TYPE_USER_RINGBUF (user_ring_buffer__*).
 *
 * Both maps share one mmap layout: page 0 holds consumer_pos, page 1 holds
 * producer_pos, then the data area of max_entries bytes (a power of two) is
 * mapped twice in a row so a record that runs past the end of the ring is
 * still contiguous in our address space. Each record starts with an 8-byte
 * header: a 32-bit length whose top bits flag BUSY (not committed yet) and
 * DISCARD, and a 32-bit page offset the kernel uses internally. Records are
 * 8-byte aligned. Positions only grow; the ring offset is pos & (size - 1).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "libbpf_internal.h"

/* Largest sample the kernel hands to a BPF program as a dynptr (24 bits). */
#define URB_MAX_SAMPLE ((1U << 24) - 1)

struct ring {
	ring_buffer_sample_fn sample_cb;
	void *ctx;
	void *data;
	unsigned long *consumer_pos;
	unsigned long *producer_pos;
	unsigned long mask;
	int map_fd;
};

struct ring_buffer {
	struct epoll_event *events;
	struct ring **rings;
	size_t page_size;
	int epoll_fd;
	int ring_cnt;
};

struct user_ring_buffer {
	unsigned long *consumer_pos;
	unsigned long *producer_pos;
	void *data;
	unsigned long mask;
	size_t page_size;
	int map_fd;
	int epoll_fd;
};

static inline unsigned long load_acquire(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(unsigned long *p, unsigned long v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Bytes a record with this header length occupies in the ring. */
static inline size_t record_size(__u32 len)
{
	len &= ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
	return ((size_t)len + BPF_RINGBUF_HDR_SZ + 7) & ~(size_t)7;
}

/* Map type and data size of a ring map, checked against want_type. */
static int ring_map_size(int map_fd, enum bpf_map_type want_type, __u32 *size)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	err = bpf_map_get_info_by_fd(map_fd, &info, &len);
	if (err) {
		err = -errno;
		pr_warn("ringbuf: failed to get info of map fd %d: %s\n", map_fd, errstr(err));
		return err;
	}
	if (info.type != want_type) {
		const char *have = libbpf_bpf_map_type_str(info.type);

		pr_warn("ringbuf: map fd %d has type %s, not %s\n", map_fd,
			have ? have : "unknown", libbpf_bpf_map_type_str(want_type));
		return -EINVAL;
	}
	if (!info.max_entries || (info.max_entries & (info.max_entries - 1))) {
		pr_warn("ringbuf: map fd %d size %u is not a power of two\n", map_fd,
			info.max_entries);
		return -EINVAL;
	}
	*size = info.max_entries;
	return 0;
}

/* Length of the producer page plus the doubled data area, or 0 when it
 * does not fit in size_t (only possible on 32-bit hosts). */
static size_t prod_map_len(size_t page_size, __u32 size)
{
	if ((size_t)size > (SIZE_MAX - page_size) / 2)
		return 0;
	return page_size + 2 * (size_t)size;
}

static void ring_free(struct ring *r, size_t page_size)
{
	if (!r)
		return;
	if (r->consumer_pos)
		munmap(r->consumer_pos, page_size);
	if (r->producer_pos)
		munmap(r->producer_pos, prod_map_len(page_size, r->mask + 1));
	free(r);
}

LIBBPF_API void ring_buffer__free(struct ring_buffer *rb)
{
	if (!rb)
		return;
	for (int i = 0; i < rb->ring_cnt; i++)
		ring_free(rb->rings[i], rb->page_size);
	close_fd_safe(rb->epoll_fd);
	free(rb->events);
	free(rb->rings);
	free(rb);
}

LIBBPF_API struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb,
						void *ctx, const struct ring_buffer_opts *opts)
{
	struct ring_buffer *rb;
	int err;

	if (!OPTS_VALID(opts, ring_buffer_opts))
		return libbpf_err_ptr(-EINVAL);
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return libbpf_err_ptr(-ENOMEM);
	rb->page_size = sysconf(_SC_PAGESIZE);
	rb->epoll_fd = ensure_good_fd(epoll_create1(EPOLL_CLOEXEC));
	if (rb->epoll_fd < 0) {
		err = rb->epoll_fd < -1 ? rb->epoll_fd : -errno;
		pr_warn("ringbuf: failed to create epoll instance: %s\n", errstr(err));
		rb->epoll_fd = -1;
		ring_buffer__free(rb);
		return libbpf_err_ptr(err);
	}
	err = ring_buffer__add(rb, map_fd, sample_cb, ctx);
	if (err) {
		ring_buffer__free(rb);
		return libbpf_err_ptr(err);
	}
	return rb;
}

/* mmap the consumer page (read-write) and the producer page plus data
 * (read-only) of a BPF_MAP_TYPE_RINGBUF. */
static int ring_map(struct ring *r, int map_fd, __u32 size, size_t page_size)
{
	size_t len = prod_map_len(page_size, size);
	void *p;

	if (!len) {
		pr_warn("ringbuf: map fd %d of %u bytes is too big to map\n", map_fd, size);
		return -E2BIG;
	}
	p = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED) {
		int err = -errno;

		pr_warn("ringbuf: failed to mmap consumer page of map fd %d: %s\n", map_fd,
			errstr(err));
		return err;
	}
	r->consumer_pos = p;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, map_fd, page_size);
	if (p == MAP_FAILED) {
		int err = -errno;

		pr_warn("ringbuf: failed to mmap data pages of map fd %d: %s\n", map_fd,
			errstr(err));
		return err;
	}
	r->producer_pos = p;
	r->data = (char *)p + page_size;
	return 0;
}

LIBBPF_API int ring_buffer__add(struct ring_buffer *rb, int map_fd,
				ring_buffer_sample_fn sample_cb, void *ctx)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct ring **rings;
	struct epoll_event *events;
	struct ring *r;
	__u32 size;
	int err;

	if (!rb)
		return libbpf_err(-EINVAL);
	err = ring_map_size(map_fd, BPF_MAP_TYPE_RINGBUF, &size);
	if (err)
		return libbpf_err(err);
	rings = realloc(rb->rings, (rb->ring_cnt + 1) * sizeof(*rings));
	if (!rings)
		return libbpf_err(-ENOMEM);
	rb->rings = rings;
	events = realloc(rb->events, (rb->ring_cnt + 1) * sizeof(*events));
	if (!events)
		return libbpf_err(-ENOMEM);
	rb->events = events;

	r = calloc(1, sizeof(*r));
	if (!r)
		return libbpf_err(-ENOMEM);
	r->sample_cb = sample_cb;
	r->ctx = ctx;
	r->map_fd = map_fd;
	r->mask = size - 1;
	err = ring_map(r, map_fd, size, rb->page_size);
	if (err)
		goto err_out;
	ev.data.u32 = rb->ring_cnt;
	if (epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev) < 0) {
		err = -errno;
		pr_warn("ringbuf: failed to add map fd %d to epoll: %s\n", map_fd, errstr(err));
		goto err_out;
	}
	rb->rings[rb->ring_cnt++] = r;
	return 0;
err_out:
	ring_free(r, rb->page_size);
	return libbpf_err(err);
}

/* Hand committed records of one ring to its callback, at most n of them.
 * Returns the records delivered or a callback's negative return value;
 * the record whose callback failed counts as consumed. */
static int64_t ring_process(struct ring *r, size_t n)
{
	unsigned long cons = *r->consumer_pos, prod;
	int64_t cnt = 0;
	bool progress;

	do {
		progress = false;
		prod = load_acquire(r->producer_pos);
		while (cons < prod && (size_t)cnt < n) {
			__u32 *hdr = (__u32 *)((char *)r->data + (cons & r->mask));
			__u32 len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			int err;

			if (len & BPF_RINGBUF_BUSY_BIT)
				goto done;
			cons += record_size(len);
			progress = true;
			if (len & BPF_RINGBUF_DISCARD_BIT || !r->sample_cb) {
				store_release(r->consumer_pos, cons);
				continue;
			}
			err = r->sample_cb(r->ctx, (char *)hdr + BPF_RINGBUF_HDR_SZ, len);
			store_release(r->consumer_pos, cons);
			if (err < 0)
				return err;
			cnt++;
		}
	} while (progress && (size_t)cnt < n);
done:
	return cnt;
}

static int cap_count(int64_t cnt)
{
	return cnt > INT_MAX ? INT_MAX : (int)cnt;
}

LIBBPF_API int ring_buffer__consume_n(struct ring_buffer *rb, size_t n)
{
	int64_t total = 0;

	if (!rb)
		return libbpf_err(-EINVAL);
	for (int i = 0; i < rb->ring_cnt && (size_t)total < n; i++) {
		int64_t got = ring_process(rb->rings[i], n - total);

		if (got < 0)
			return libbpf_err((int)got);
		total += got;
	}
	return cap_count(total);
}

LIBBPF_API int ring_buffer__consume(struct ring_buffer *rb)
{
	return ring_buffer__consume_n(rb, SIZE_MAX);
}

LIBBPF_API int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms)
{
	int64_t total = 0;
	int cnt;

	if (!rb)
		return libbpf_err(-EINVAL);
	cnt = epoll_wait(rb->epoll_fd, rb->events, rb->ring_cnt, timeout_ms);
	if (cnt < 0)
		return libbpf_err(-errno);
	for (int i = 0; i < cnt; i++) {
		__u32 idx = rb->events[i].data.u32;
		int64_t got;

		if (idx >= (__u32)rb->ring_cnt)
			continue;
		got = ring_process(rb->rings[idx], SIZE_MAX);
		if (got < 0)
			return libbpf_err((int)got);
		total += got;
	}
	return cap_count(total);
}

LIBBPF_API int ring_buffer__epoll_fd(const struct ring_buffer *rb)
{
	if (!rb)
		return libbpf_err(-EINVAL);
	return rb->epoll_fd;
}

LIBBPF_API struct ring *ring_buffer__ring(struct ring_buffer *rb, unsigned int idx)
{
	if (!rb || idx >= (unsigned int)rb->ring_cnt)
		return libbpf_err_ptr(-ENOENT);
	return rb->rings[idx];
}

LIBBPF_API unsigned long ring__consumer_pos(const struct ring *r)
{
	return load_acquire(r->consumer_pos);
}

LIBBPF_API unsigned long ring__producer_pos(const struct ring *r)
{
	return load_acquire(r->producer_pos);
}

LIBBPF_API size_t ring__avail_data_size(const struct ring *r)
{
	unsigned long cons = ring__consumer_pos(r);

	return ring__producer_pos(r) - cons;
}

LIBBPF_API size_t ring__size(const struct ring *r)
{
	return r->mask + 1;
}

LIBBPF_API int ring__map_fd(const struct ring *r)
{
	return r->map_fd;
}

LIBBPF_API int ring__consume_n(struct ring *r, size_t n)
{
	int64_t got;

	if (!r)
		return libbpf_err(-EINVAL);
	got = ring_process(r, n);
	if (got < 0)
		return libbpf_err((int)got);
	return cap_count(got);
}

LIBBPF_API int ring__consume(struct ring *r)
{
	return ring__consume_n(r, SIZE_MAX);
}

/* ---- user ring buffer: userspace produces, BPF drains ---------------- */

LIBBPF_API void user_ring_buffer__free(struct user_ring_buffer *rb)
{
	if (!rb)
		return;
	if (rb->consumer_pos)
		munmap(rb->consumer_pos, rb->page_size);
	if (rb->producer_pos)
		munmap(rb->producer_pos, prod_map_len(rb->page_size, rb->mask + 1));
	close_fd_safe(rb->epoll_fd);
	free(rb);
}

/* The kernel lets us write the producer page and data only; the consumer
 * page is read-only here. */
static int user_ring_map(struct user_ring_buffer *rb, __u32 size)
{
	size_t len = prod_map_len(rb->page_size, size);
	void *p;

	if (!len) {
		pr_warn("user ringbuf: map fd %d of %u bytes is too big to map\n", rb->map_fd,
			size);
		return -E2BIG;
	}
	p = mmap(NULL, rb->page_size, PROT_READ, MAP_SHARED, rb->map_fd, 0);
	if (p == MAP_FAILED) {
		int err = -errno;

		pr_warn("user ringbuf: failed to mmap consumer page of map fd %d: %s\n",
			rb->map_fd, errstr(err));
		return err;
	}
	rb->consumer_pos = p;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, rb->map_fd, rb->page_size);
	if (p == MAP_FAILED) {
		int err = -errno;

		pr_warn("user ringbuf: failed to mmap data pages of map fd %d: %s\n",
			rb->map_fd, errstr(err));
		return err;
	}
	rb->producer_pos = p;
	rb->data = (char *)p + rb->page_size;
	return 0;
}

LIBBPF_API struct user_ring_buffer *user_ring_buffer__new(int map_fd,
							  const struct user_ring_buffer_opts *opts)
{
	/* edge-triggered: the map stays writable while any space is free, so
	 * level-triggered waits would spin when a big sample does not fit */
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLET };
	struct user_ring_buffer *rb;
	__u32 size;
	int err;

	if (!OPTS_VALID(opts, user_ring_buffer_opts))
		return libbpf_err_ptr(-EINVAL);
	err = ring_map_size(map_fd, BPF_MAP_TYPE_USER_RINGBUF, &size);
	if (err)
		return libbpf_err_ptr(err);
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return libbpf_err_ptr(-ENOMEM);
	rb->map_fd = map_fd;
	rb->mask = size - 1;
	rb->page_size = sysconf(_SC_PAGESIZE);
	rb->epoll_fd = ensure_good_fd(epoll_create1(EPOLL_CLOEXEC));
	if (rb->epoll_fd < 0) {
		err = rb->epoll_fd < -1 ? rb->epoll_fd : -errno;
		pr_warn("user ringbuf: failed to create epoll instance: %s\n", errstr(err));
		rb->epoll_fd = -1;
		goto err_out;
	}
	err = user_ring_map(rb, size);
	if (err)
		goto err_out;
	/* the map is writable (EPOLLOUT) while the ring has free space; the
	 * kernel signals it after BPF drains samples */
	if (epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev) < 0) {
		err = -errno;
		pr_warn("user ringbuf: failed to add map fd %d to epoll: %s\n", map_fd,
			errstr(err));
		goto err_out;
	}
	return rb;
err_out:
	user_ring_buffer__free(rb);
	return libbpf_err_ptr(err);
}

LIBBPF_API void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size)
{
	unsigned long cons, prod;
	size_t total;
	__u32 *hdr;

	if (!rb)
		return libbpf_err_ptr(-EINVAL);
	total = record_size(size);
	if (size > URB_MAX_SAMPLE || total > rb->mask + 1)
		return libbpf_err_ptr(-E2BIG);
	/* we are the only producer, so our own position needs no ordering;
	 * the consumer's must be seen before we reuse the space it freed */
	cons = load_acquire(rb->consumer_pos);
	prod = *rb->producer_pos;
	if (total > rb->mask + 1 - (prod - cons))
		return libbpf_err_ptr(-ENOSPC);

	hdr = (__u32 *)((char *)rb->data + (prod & rb->mask));
	hdr[1] = 0;
	/* BUSY makes the kernel stop here until submit or discard */
	__atomic_store_n(&hdr[0], size | BPF_RINGBUF_BUSY_BIT, __ATOMIC_RELAXED);
	store_release(rb->producer_pos, prod + total);
	return (char *)hdr + BPF_RINGBUF_HDR_SZ;
}

static void user_ring_commit(void *sample, __u32 flag)
{
	__u32 *hdr = (__u32 *)((char *)sample - BPF_RINGBUF_HDR_SZ);
	__u32 len = hdr[0] & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);

	/* release: the sample's bytes are visible before the length */
	__atomic_store_n(&hdr[0], len | flag, __ATOMIC_RELEASE);
}

LIBBPF_API void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample)
{
	(void)rb;
	if (sample)
		user_ring_commit(sample, 0);
}

LIBBPF_API void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample)
{
	(void)rb;
	if (sample)
		user_ring_commit(sample, BPF_RINGBUF_DISCARD_BIT);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

LIBBPF_API void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb, __u32 size,
						    int timeout_ms)
{
	int64_t deadline;
	void *sample;

	if (!rb || timeout_ms < -1)
		return libbpf_err_ptr(-EINVAL);
	deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		struct epoll_event ev;
		int64_t left;
		int n;

		sample = user_ring_buffer__reserve(rb, size);
		if (sample || errno != ENOSPC)
			return sample;
		left = timeout_ms < 0 ? -1 : deadline - now_ms();
		if (timeout_ms >= 0 && left <= 0)
			return libbpf_err_ptr(-ENOSPC);
		n = epoll_wait(rb->epoll_fd, &ev, 1, (int)left);
		if (n < 0 && errno != EINTR) {
			int err = -errno;

			pr_warn("user ringbuf: epoll_wait failed: %s\n", errstr(err));
			return libbpf_err_ptr(err);
		}
	}
}
