// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BPF ring buffers (src/ringbuf.c): records produced by a syscall program
 * run through BPF_PROG_TEST_RUN are consumed with the ring_buffer__ and ring__ API;
 * user ring buffer samples submitted here are drained by a BPF program
 * with bpf_user_ringbuf_drain(). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "ringbuf_common.h"
#include "test.h"

struct rb_env {
	struct bpf_object *obj;
	int prog_fd;
	int rb1_fd, rb2_fd;
};

static int rb_env_open(struct rb_env *e)
{
	e->obj = bpf_object__open_file(test_obj_path("ringbuf_basic"), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	e->prog_fd = bpf_program__fd(bpf_object__find_program_by_name(e->obj, "produce"));
	e->rb1_fd = bpf_object__find_map_fd_by_name(e->obj, "rb1");
	e->rb2_fd = bpf_object__find_map_fd_by_name(e->obj, "rb2");
	return e->prog_fd >= 0 && e->rb1_fd >= 0 && e->rb2_fd >= 0 ? 0 : -1;
}

/* Run the producer; returns the records it committed or -1. */
static int produce(struct rb_env *e, struct rb_args a)
{
	/* syscall programs get no ctx_out: the kernel writes ctx_in back */
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = &a, .ctx_size_in = sizeof(a));

	if (bpf_prog_test_run_opts(e->prog_fd, &o) || o.retval)
		return -1;
	return a.emitted;
}

static bool fd_good(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fd > 2 && fl >= 0 && (fl & FD_CLOEXEC);
}

/* What a consumer callback saw. */
struct seen {
	__u32 seq[4096];
	int n;
	int bad;		/* records with wrong size or contents */
	size_t want_size;
	int fail_at;		/* return -EIO on this record (1-based), 0: never */
};

static bool rec_ok(const struct rb_rec *r, size_t size)
{
	struct rb_rec full = {};

	full.seq = r->seq;
	full.cpu = r->cpu;
	for (int k = 0; k < 4; k++)
		full.v[k] = rb_val(r->seq, k);
	return !memcmp(r, &full, size < sizeof(full) ? size : sizeof(full));
}

static int on_rec(void *ctx, void *data, size_t size)
{
	struct seen *s = ctx;
	struct rb_rec r = {};

	if (size != s->want_size || (uintptr_t)data % 8)
		s->bad++;
	memcpy(&r, data, size < sizeof(r) ? size : sizeof(r));
	if (!rec_ok(&r, size))
		s->bad++;
	if (s->n < (int)(sizeof(s->seq) / sizeof(s->seq[0])))
		s->seq[s->n] = r.seq;
	s->n++;
	if (s->fail_at && s->n == s->fail_at)
		return -EIO;
	return 0;
}

static struct seen *seen_new(size_t want_size)
{
	struct seen *s = calloc(1, sizeof(*s));

	if (s)
		s->want_size = want_size;
	return s;
}

/* seq[from..from+n) == first, first+1, ... */
static bool seq_run(const struct seen *s, int from, int n, __u32 first)
{
	for (int i = 0; i < n; i++)
		if (from + i >= s->n || s->seq[from + i] != first + i)
			return false;
	return true;
}

KTEST(ringbuf_records_in_order)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *s = seen_new(sizeof(struct rb_rec));

	GO_TRUE(s);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, s, NULL);
	GO_TRUE(rb);
	GO_TRUE(fd_good(ring_buffer__epoll_fd(rb)));
	GO_EQ(ring_buffer__consume(rb), 0);
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 20, .start = 1000 }), 20);
	GO_EQ(ring_buffer__consume(rb), 20);
	GO_EQ(s->n, 20);
	GO_EQ(s->bad, 0);
	GO_TRUE(seq_run(s, 0, 20, 1000));
	GO_EQ(ring_buffer__consume(rb), 0);
out:
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(s);
}

KTEST(ringbuf_discarded_records_skipped)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *s = seen_new(sizeof(struct rb_rec));

	GO_TRUE(s);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, s, NULL);
	GO_TRUE(rb);
	/* every third reservation is discarded: 30 reserved, 20 committed */
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 30, .discard_every = 3 }), 20);
	/* the discarded ones still take ring space */
	GO_EQ(ring__avail_data_size(ring_buffer__ring(rb, 0)), 30 * 48);
	GO_EQ(ring_buffer__consume(rb), 20);
	GO_EQ(s->n, 20);
	GO_EQ(s->bad, 0);
	for (int i = 0, want = 0; i < 20; i++, want++) {
		if (want % 3 == 2)
			want++;
		GO_EQ(s->seq[i], want);
	}
	GO_EQ(ring__avail_data_size(ring_buffer__ring(rb, 0)), 0);
out:
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(s);
}

KTEST(ringbuf_callback_error_stops)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *s = seen_new(sizeof(struct rb_rec));

	GO_TRUE(s);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, s, NULL);
	GO_TRUE(rb);
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 10 }), 10);
	s->fail_at = 3;
	GO_ERR(ring_buffer__consume(rb), EIO);
	GO_EQ(s->n, 3);
	/* the failing record counts as consumed; the rest come next time */
	s->fail_at = 0;
	GO_EQ(ring_buffer__consume(rb), 7);
	GO_EQ(s->n, 10);
	GO_TRUE(seq_run(s, 0, 10, 0));
	/* the same through ring__consume */
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 4, .start = 10 }), 4);
	s->fail_at = 11;
	GO_ERR(ring__consume(ring_buffer__ring(rb, 0)), EIO);
	GO_EQ(s->n, 11);
	s->fail_at = 0;
	GO_EQ(ring__consume(ring_buffer__ring(rb, 0)), 3);
	GO_TRUE(seq_run(s, 0, 14, 0));
	GO_EQ(s->bad, 0);
out:
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(s);
}

KTEST(ringbuf_consume_n_limit)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *s = seen_new(sizeof(struct rb_rec));
	struct ring *r;

	GO_TRUE(s);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, s, NULL);
	GO_TRUE(rb);
	r = ring_buffer__ring(rb, 0);
	GO_TRUE(r);
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 10 }), 10);
	GO_EQ(ring_buffer__consume_n(rb, 3), 3);
	GO_EQ(s->n, 3);
	GO_EQ(ring__avail_data_size(r), 7 * 48);
	GO_EQ(ring__consume_n(r, 4), 4);
	GO_EQ(s->n, 7);
	GO_EQ(ring_buffer__consume_n(rb, 0), 0);
	GO_EQ(ring_buffer__consume_n(rb, 100), 3);
	GO_EQ(s->n, 10);
	GO_TRUE(seq_run(s, 0, 10, 0));
	GO_EQ(s->bad, 0);
out:
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(s);
}

KTEST(ringbuf_two_rings_own_ctx)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *a = seen_new(sizeof(struct rb_rec));
	struct seen *b = seen_new(sizeof(struct rb_rec));
	int arr = -1;

	GO_TRUE(a && b);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, a, NULL);
	GO_TRUE(rb);
	GO_OK(ring_buffer__add(rb, e.rb2_fd, on_rec, b));
	GO_EQ(ring__map_fd(ring_buffer__ring(rb, 0)), e.rb1_fd);
	GO_EQ(ring__map_fd(ring_buffer__ring(rb, 1)), e.rb2_fd);
	errno = 0;
	GO_TRUE(!ring_buffer__ring(rb, 2) && errno == ENOENT);

	GO_EQ(produce(&e, (struct rb_args){ .cnt = 5, .which = 0 }), 5);
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 7, .start = 100, .which = 1 }), 7);
	GO_EQ(ring_buffer__poll(rb, 1000), 12);
	GO_EQ(a->n, 5);
	GO_EQ(b->n, 7);
	GO_TRUE(seq_run(a, 0, 5, 0));
	GO_TRUE(seq_run(b, 0, 7, 100));
	GO_EQ(a->bad + b->bad, 0);

	/* only ring 2 has data: poll picks it through the shared epoll */
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 2, .start = 200, .which = 1 }), 2);
	GO_EQ(ring_buffer__poll(rb, 1000), 2);
	GO_EQ(a->n, 5);
	GO_TRUE(seq_run(b, 7, 2, 200));
	/* a map that is not a ring buffer cannot be added */
	arr = bpf_map_create(BPF_MAP_TYPE_ARRAY, "rb_arr", 4, 4, 1, NULL);
	GO_OK(arr);
	GO_ERR(ring_buffer__add(rb, arr, on_rec, a), EINVAL);
	/* the kernel says EBADF or (newer) EBADFD */
	GO_TRUE(ring_buffer__add(rb, -1, on_rec, a) == -errno && errno >= EBADF);
	GO_EQ(ring__size(ring_buffer__ring(rb, 1)), 4096);
out:
	KENV_CLOSE(arr);
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(a);
	free(b);
}

KTEST(ringbuf_positions_and_sizes)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *s = seen_new(13);
	struct ring *r;

	GO_TRUE(s);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, s, NULL);
	GO_TRUE(rb);
	r = ring_buffer__ring(rb, 0);
	GO_TRUE(r);
	GO_EQ(ring__size(r), 4096);
	GO_EQ(ring__consumer_pos(r), 0);
	GO_EQ(ring__producer_pos(r), 0);
	GO_EQ(ring__avail_data_size(r), 0);

	/* 13 bytes + 8 header, rounded to 8: 24 bytes each */
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 3, .size = 13 }), 3);
	GO_EQ(ring__producer_pos(r), 72);
	GO_EQ(ring__consumer_pos(r), 0);
	GO_EQ(ring__avail_data_size(r), 72);
	GO_EQ(ring__consume_n(r, 1), 1);
	GO_EQ(ring__consumer_pos(r), 24);
	GO_EQ(ring__avail_data_size(r), 48);
	GO_EQ(ring__consume(r), 2);
	GO_EQ(ring__consumer_pos(r), 72);
	GO_EQ(ring__avail_data_size(r), 0);
	GO_EQ(s->bad, 0);
	GO_TRUE(seq_run(s, 0, 3, 0));

	/* full-size records: 40 + 8 */
	s->want_size = sizeof(struct rb_rec);
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 2, .start = 3 }), 2);
	GO_EQ(ring__producer_pos(r), 72 + 96);
	GO_EQ(ring__consume(r), 2);
	GO_EQ(ring__consumer_pos(r), 72 + 96);
	GO_EQ(s->bad, 0);
out:
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(s);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

KTEST(ringbuf_epoll_and_poll_timeout)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *s = seen_new(sizeof(struct rb_rec));
	struct pollfd pfd;
	int64_t t0;

	GO_TRUE(s);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, s, NULL);
	GO_TRUE(rb);
	pfd = (struct pollfd){ .fd = ring_buffer__epoll_fd(rb), .events = POLLIN };
	GO_EQ(poll(&pfd, 1, 0), 0);

	t0 = mono_ms();
	GO_EQ(ring_buffer__poll(rb, 60), 0);
	GO_GE(mono_ms() - t0, 50);
	GO_EQ(ring_buffer__poll(rb, 0), 0);

	GO_EQ(produce(&e, (struct rb_args){ .cnt = 4 }), 4);
	GO_EQ(poll(&pfd, 1, 1000), 1);
	GO_TRUE(pfd.revents & POLLIN);
	GO_EQ(ring_buffer__poll(rb, -1), 4);
	GO_EQ(s->n, 4);
	GO_EQ(ring_buffer__poll(rb, 0), 0);
out:
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(s);
}

KTEST(ringbuf_wraparound)
{
	struct rb_env e = {};
	struct ring_buffer *rb = NULL;
	struct seen *s = seen_new(sizeof(struct rb_rec));
	int total = 0;

	GO_TRUE(s);
	GO_OK(rb_env_open(&e));
	rb = ring_buffer__new(e.rb1_fd, on_rec, s, NULL);
	GO_TRUE(rb);
	/* 48-byte records do not divide the 4096-byte ring, so some of the
	 * 1000 records (about 12 laps) straddle its end */
	for (int round = 0; round < 20; round++) {
		GO_EQ(produce(&e, (struct rb_args){ .cnt = 50, .start = total }), 50);
		s->n = 0;
		GO_EQ(ring_buffer__consume(rb), 50);
		GO_TRUE(seq_run(s, 0, 50, total));
		total += 50;
	}
	GO_EQ(s->bad, 0);
	GO_EQ(ring__consumer_pos(ring_buffer__ring(rb, 0)), 48 * 1000);

	/* a nearly full ring in one go, after the laps */
	s->n = 0;
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 85, .start = total }), 85);
	GO_EQ(produce(&e, (struct rb_args){ .cnt = 1, .start = 5000 }), 0);
	GO_EQ(ring_buffer__consume(rb), 85);
	GO_TRUE(seq_run(s, 0, 85, total));
	GO_EQ(s->bad, 0);
out:
	ring_buffer__free(rb);
	bpf_object__close(e.obj);
	free(s);
}

KTEST(ringbuf_bad_args)
{
	struct {
		struct ring_buffer_opts o;
		char tail[8];
	} big = {};
	struct rb_env e = {};
	int arr = -1, before;

	ring_buffer__free(NULL);
	user_ring_buffer__free(NULL);
	GO_OK(rb_env_open(&e));
	arr = bpf_map_create(BPF_MAP_TYPE_ARRAY, "rb_arr", 4, 4, 1, NULL);
	GO_OK(arr);
	before = test_count_fds();
	errno = 0;
	GO_TRUE(!ring_buffer__new(arr, on_rec, NULL, NULL) && errno == EINVAL);
	GO_TRUE(!ring_buffer__new(-1, on_rec, NULL, NULL) &&
		(errno == EBADF || errno == EBADFD));
	big.o.sz = sizeof(big);
	big.tail[1] = 1;
	GO_TRUE(!ring_buffer__new(e.rb1_fd, on_rec, NULL, &big.o) && errno == EINVAL);
	/* a consumer map is not a user ring buffer and vice versa */
	GO_TRUE(!user_ring_buffer__new(e.rb1_fd, NULL) && errno == EINVAL);
	GO_TRUE(!user_ring_buffer__new(arr, NULL) && errno == EINVAL);
	GO_ERR(ring_buffer__consume(NULL), EINVAL);
	/* nothing left open by the failures */
	GO_EQ(test_count_fds(), before);
out:
	KENV_CLOSE(arr);
	bpf_object__close(e.obj);
}

/* ---- user ring buffer ------------------------------------------------ */

struct urb_env {
	struct bpf_object *obj;
	int prog_fd;
	int urb_fd;
	int totals_fd;
};

static int urb_env_open(struct urb_env *e)
{
	e->obj = bpf_object__open_file(test_obj_path("ringbuf_user"), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	e->prog_fd = bpf_program__fd(bpf_object__find_program_by_name(e->obj, "drain"));
	e->urb_fd = bpf_object__find_map_fd_by_name(e->obj, "urb");
	e->totals_fd = bpf_object__find_map_fd_by_name(e->obj, "totals");
	return e->prog_fd >= 0 && e->urb_fd >= 0 && e->totals_fd >= 0 ? 0 : -1;
}

static int drain(struct urb_env *e, struct urb_args *out)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = out, .ctx_size_in = sizeof(*out));

	memset(out, 0, sizeof(*out));
	if (bpf_prog_test_run_opts(e->prog_fd, &o) || o.retval)
		return -1;
	return 0;
}

static int submit_u64(struct user_ring_buffer *urb, __u64 v, __u32 size)
{
	void *p = user_ring_buffer__reserve(urb, size);

	if (!p)
		return -errno;
	memset(p, 0xab, size);
	memcpy(p, &v, sizeof(v));
	user_ring_buffer__submit(urb, p);
	return 0;
}

KTEST(user_ringbuf_drain_sum)
{
	struct urb_env e = {};
	struct user_ring_buffer *urb = NULL;
	struct urb_args a;
	__u64 want = 0, total = 0;
	__u32 k = 0;
	void *p;

	GO_OK(urb_env_open(&e));
	urb = user_ring_buffer__new(e.urb_fd, NULL);
	GO_TRUE(urb);
	for (int i = 1; i <= 10; i++) {
		/* sizes 8..17: not all 8-byte multiples */
		GO_OK(submit_u64(urb, i * 7ULL, 7 + i));
		want += i * 7ULL;
	}
	/* a discarded sample is skipped by the kernel */
	p = user_ring_buffer__reserve(urb, 8);
	GO_TRUE(p);
	GO_EQ((uintptr_t)p % 8, 0);
	memcpy(p, &(__u64){ 1000000 }, 8);
	user_ring_buffer__discard(urb, p);
	GO_OK(submit_u64(urb, 5, 8));
	want += 5;

	GO_OK(drain(&e, &a));
	GO_EQ(a.ret, 11);
	GO_EQ(a.cnt, 11);
	GO_EQ(a.sum, want);
	GO_OK(bpf_map_lookup_elem(e.totals_fd, &k, &total));
	GO_EQ(total, want);
	/* drained: nothing more */
	GO_OK(drain(&e, &a));
	GO_EQ(a.cnt, 0);
out:
	user_ring_buffer__free(urb);
	bpf_object__close(e.obj);
}

KTEST(user_ringbuf_full_enospc_e2big)
{
	struct urb_env e = {};
	struct user_ring_buffer *urb = NULL;
	struct urb_args a;
	int n = 0;

	GO_OK(urb_env_open(&e));
	urb = user_ring_buffer__new(e.urb_fd, NULL);
	GO_TRUE(urb);
	errno = 0;
	GO_TRUE(!user_ring_buffer__reserve(urb, 4096) && errno == E2BIG);
	GO_TRUE(!user_ring_buffer__reserve(urb, 0xffffffffu) && errno == E2BIG);
	/* 64 + 8 bytes per sample: 56 fit in 4096 */
	while (submit_u64(urb, 1, 64) == 0 && n < 1000)
		n++;
	GO_EQ(n, 4096 / 72);
	errno = 0;
	GO_TRUE(!user_ring_buffer__reserve(urb, 64) && errno == ENOSPC);
	/* what is left (4096 - 56 * 72 = 64 bytes) still takes a small one */
	GO_OK(submit_u64(urb, 1, 56));
	GO_TRUE(!user_ring_buffer__reserve(urb, 1) && errno == ENOSPC);

	GO_OK(drain(&e, &a));
	GO_EQ(a.cnt, n + 1);
	GO_EQ(a.sum, n + 1);
	/* room again, and the samples wrap around the ring end now */
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 40; i++)
			GO_OK(submit_u64(urb, i, 64));
		GO_OK(drain(&e, &a));
		GO_EQ(a.cnt, 40);
		GO_EQ(a.sum, 40 * 39 / 2);
	}
out:
	user_ring_buffer__free(urb);
	bpf_object__close(e.obj);
}

struct drainer {
	struct urb_env *e;
	int delay_ms;
	int ok;
};

static void *drain_later(void *arg)
{
	struct drainer *d = arg;
	struct urb_args a;

	usleep(d->delay_ms * 1000);
	d->ok = drain(d->e, &a) == 0 && a.cnt > 0;
	return NULL;
}

KTEST(user_ringbuf_reserve_blocking)
{
	struct urb_env e = {};
	struct user_ring_buffer *urb = NULL;
	struct drainer d = { .e = &e, .delay_ms = 100 };
	bool started = false;
	pthread_t th;
	int64_t t0;
	void *p;

	GO_OK(urb_env_open(&e));
	urb = user_ring_buffer__new(e.urb_fd, NULL);
	GO_TRUE(urb);
	errno = 0;
	GO_TRUE(!user_ring_buffer__reserve_blocking(urb, 8, -2) && errno == EINVAL);
	GO_TRUE(!user_ring_buffer__reserve_blocking(urb, 8192, 10) && errno == E2BIG);
	/* room: no wait at all */
	p = user_ring_buffer__reserve_blocking(urb, 2000, 0);
	GO_TRUE(p);
	user_ring_buffer__submit(urb, p);
	/* 2008 of 4096 used: 2088 bytes left, a 2096-byte sample waits */
	errno = 0;
	t0 = mono_ms();
	GO_TRUE(!user_ring_buffer__reserve_blocking(urb, 2088, 80) && errno == ENOSPC);
	GO_GE(mono_ms() - t0, 70);
	GO_TRUE(!user_ring_buffer__reserve_blocking(urb, 2088, 0) && errno == ENOSPC);

	/* a drain on another thread makes room while we block */
	GO_EQ(pthread_create(&th, NULL, drain_later, &d), 0);
	started = true;
	t0 = mono_ms();
	p = user_ring_buffer__reserve_blocking(urb, 2088, 5000);
	GO_TRUE(p);
	GO_GE(mono_ms() - t0, 50);
	user_ring_buffer__submit(urb, p);
	pthread_join(th, NULL);
	started = false;
	GO_TRUE(d.ok);
out:
	if (started)
		pthread_join(th, NULL);
	user_ring_buffer__free(urb);
	bpf_object__close(e.obj);
}

KTEST(user_ringbuf_busy_sample_blocks_drain)
{
	struct urb_env e = {};
	struct user_ring_buffer *urb = NULL;
	struct urb_args a;
	void *first;

	GO_OK(urb_env_open(&e));
	urb = user_ring_buffer__new(e.urb_fd, NULL);
	GO_TRUE(urb);
	/* reserved but not submitted: the kernel must stop in front of it,
	 * even though a later sample is already submitted */
	first = user_ring_buffer__reserve(urb, 8);
	GO_TRUE(first);
	memcpy(first, &(__u64){ 40 }, 8);
	GO_OK(submit_u64(urb, 2, 8));
	GO_OK(drain(&e, &a));
	GO_EQ(a.cnt, 0);
	user_ring_buffer__submit(urb, first);
	GO_OK(drain(&e, &a));
	GO_EQ(a.cnt, 2);
	GO_EQ(a.sum, 42);
out:
	user_ring_buffer__free(urb);
	bpf_object__close(e.obj);
}
