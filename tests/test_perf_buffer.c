// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Perf buffers (src/perf_buffer.c): a tc program run through
 * BPF_PROG_TEST_RUN on a pinned CPU emits numbered samples with
 * bpf_perf_event_output(BPF_F_CURRENT_CPU); the tests check which CPU's
 * ring they arrive in, their contents across ring wraps, lost-sample
 * accounting and the raw event interface. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kenv.h"
#include "ringbuf_common.h"
#include "test.h"

/* PERF_SAMPLE_RAW pads u32 size + data to 8 bytes: 4 + 56 -> 64 */
#define RAW_SIZE 60

struct pb_env {
	struct bpf_object *obj;
	int prog_fd;
	int events_fd;
	int cfg_fd;
	cpu_set_t saved;
	bool pinned;
};

static int pb_env_open(struct pb_env *e)
{
	e->obj = bpf_object__open_file(test_obj_path("perfbuf_basic"), NULL);
	if (!e->obj || bpf_object__load(e->obj))
		return -1;
	e->prog_fd = bpf_program__fd(bpf_object__find_program_by_name(e->obj, "emit"));
	e->events_fd = bpf_object__find_map_fd_by_name(e->obj, "events");
	e->cfg_fd = bpf_object__find_map_fd_by_name(e->obj, "cfg");
	return e->prog_fd >= 0 && e->events_fd >= 0 && e->cfg_fd >= 0 ? 0 : -1;
}

static void pb_env_close(struct pb_env *e)
{
	if (e->pinned)
		sched_setaffinity(0, sizeof(e->saved), &e->saved);
	bpf_object__close(e->obj);
}

/* Run this thread on cpu only (restored by pb_env_close). */
static int pin_cpu(struct pb_env *e, int cpu)
{
	cpu_set_t set;

	if (!e->pinned && sched_getaffinity(0, sizeof(e->saved), &e->saved))
		return -1;
	e->pinned = true;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Emit cnt samples numbered from start on the current CPU; returns how
 * many bpf_perf_event_output() refused, or -1. */
static int emit(struct pb_env *e, __u32 cnt, __u32 start)
{
	char pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
	struct pb_cfg c = { .cnt = cnt, .start = start };
	__u32 zero = 0;

	if (bpf_map_update_elem(e->cfg_fd, &zero, &c, 0) || bpf_prog_test_run_opts(e->prog_fd, &o))
		return -1;
	if (bpf_map_lookup_elem(e->cfg_fd, &zero, &c))
		return -1;
	return c.fails;
}

static bool online_cpu(int cpu)
{
	char path[64], c = '1';
	int fd;

	if (cpu == 0)
		return true;
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = '0';
	close(fd);
	return c == '1';
}

static bool fd_good(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fd > 2 && fl >= 0 && (fl & FD_CLOEXEC);
}

struct pb_seen {
	__u32 seq[4096];
	int n;
	int bad;
	int wrong_cpu;
	int want_cpu;
	__u64 lost;
	int lost_calls;
	int copied;		/* samples delivered outside the mmap()ed ring */
	char *ring_lo, *ring_hi;
};

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct pb_seen *s = ctx;
	struct pb_rec r;

	if (cpu != s->want_cpu)
		s->wrong_cpu++;
	if (size != RAW_SIZE) {
		s->bad++;
		return;
	}
	memcpy(&r, data, sizeof(r));
	if (r.cpu != (__u32)cpu)
		s->wrong_cpu++;
	for (int k = 0; k < 6; k++)
		if (r.v[k] != rb_val(r.seq, k))
			s->bad++;
	if (s->ring_lo && ((char *)data < s->ring_lo || (char *)data >= s->ring_hi))
		s->copied++;
	if (s->n < (int)(sizeof(s->seq) / sizeof(s->seq[0])))
		s->seq[s->n] = r.seq;
	s->n++;
}

static void on_lost(void *ctx, int cpu, __u64 cnt)
{
	struct pb_seen *s = ctx;

	if (cpu != s->want_cpu)
		s->wrong_cpu++;
	s->lost += cnt;
	s->lost_calls++;
}

static bool seq_run(const struct pb_seen *s, int from, int n, __u32 first)
{
	for (int i = 0; i < n; i++)
		if (from + i >= s->n || s->seq[from + i] != first + i)
			return false;
	return true;
}

KTEST(perf_buffer_samples_per_cpu)
{
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;
	struct pb_seen *s = calloc(1, sizeof(*s));
	int ncpu = libbpf_num_possible_cpus(), ran = 0;

	GO_TRUE(s);
	GO_OK(pb_env_open(&e));
	pb = perf_buffer__new(e.events_fd, 4, on_sample, on_lost, s, NULL);
	GO_TRUE(pb);
	/* the map defaults to one slot per possible CPU */
	GO_EQ(perf_buffer__buffer_cnt(pb), ncpu);
	GO_TRUE(fd_good(perf_buffer__epoll_fd(pb)));
	GO_ERR(perf_buffer__buffer_fd(pb, ncpu), EINVAL);
	GO_ERR(perf_buffer__consume_buffer(pb, ncpu), EINVAL);
	for (int cpu = 0; cpu < ncpu && cpu < 4; cpu++) {
		if (!online_cpu(cpu)) {
			GO_ERR(perf_buffer__buffer_fd(pb, cpu), ENOENT);
			continue;
		}
		GO_TRUE(fd_good(perf_buffer__buffer_fd(pb, cpu)));
		GO_OK(pin_cpu(&e, cpu));
		s->want_cpu = cpu;
		s->n = 0;
		GO_EQ(emit(&e, 5, 100 * cpu), 0);
		GO_EQ(perf_buffer__poll(pb, 1000), 1);
		GO_EQ(s->n, 5);
		GO_TRUE(seq_run(s, 0, 5, 100 * cpu));
		GO_EQ(perf_buffer__poll(pb, 0), 0);
		ran++;
	}
	GO_GT(ran, 0);
	GO_EQ(s->bad + s->wrong_cpu, 0);
	GO_EQ(s->lost_calls, 0);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
	free(s);
}

KTEST(perf_buffer_poll_timeout_and_epoll)
{
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;
	struct pb_seen *s = calloc(1, sizeof(*s));
	struct timespec t0, t1;
	struct pollfd pfd;
	long ms;

	GO_TRUE(s);
	GO_OK(pb_env_open(&e));
	pb = perf_buffer__new(e.events_fd, 1, on_sample, on_lost, s, NULL);
	GO_TRUE(pb);
	pfd = (struct pollfd){ .fd = perf_buffer__epoll_fd(pb), .events = POLLIN };
	GO_EQ(poll(&pfd, 1, 0), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	GO_EQ(perf_buffer__poll(pb, 60), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	GO_GE(ms, 50);
	GO_OK(pin_cpu(&e, 0));
	GO_EQ(emit(&e, 2, 7), 0);
	GO_EQ(poll(&pfd, 1, 1000), 1);
	GO_EQ(perf_buffer__consume(pb), 0);
	GO_EQ(s->n, 2);
	GO_TRUE(seq_run(s, 0, 2, 7));
	GO_EQ(s->bad + s->wrong_cpu, 0);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
	free(s);
}

KTEST(perf_buffer_lost_samples)
{
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;
	struct pb_seen *s = calloc(1, sizeof(*s));
	int fails, got;

	GO_TRUE(s);
	GO_OK(pb_env_open(&e));
	pb = perf_buffer__new(e.events_fd, 1, on_sample, on_lost, s, NULL);
	GO_TRUE(pb);
	GO_OK(pin_cpu(&e, 0));
	/* 300 samples of 72 bytes cannot fit one 4096-byte page */
	fails = emit(&e, 300, 0);
	GO_GT(fails, 0);
	GO_EQ(perf_buffer__consume_buffer(pb, 0), 0);
	got = s->n;
	GO_EQ(got + fails, 300);
	GO_TRUE(seq_run(s, 0, got, 0));
	GO_EQ(s->lost_calls, 0);
	/* the kernel reports the loss ahead of the next sample that fits */
	GO_EQ(emit(&e, 1, 1000), 0);
	GO_EQ(perf_buffer__consume_buffer(pb, 0), 0);
	GO_EQ(s->lost_calls, 1);
	GO_EQ(s->lost, fails);
	GO_EQ(s->n, got + 1);
	GO_EQ(s->seq[got], 1000);
	GO_EQ(s->bad + s->wrong_cpu, 0);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
	free(s);
}

KTEST(perf_buffer_wraparound_contiguous)
{
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;
	struct pb_seen *s = calloc(1, sizeof(*s));
	size_t size;
	void *base;
	__u32 total = 0;

	GO_TRUE(s);
	GO_OK(pb_env_open(&e));
	pb = perf_buffer__new(e.events_fd, 1, on_sample, on_lost, s, NULL);
	GO_TRUE(pb);
	GO_OK(perf_buffer__buffer(pb, 0, &base, &size));
	GO_EQ(size, sysconf(_SC_PAGESIZE));
	GO_EQ(((struct perf_event_mmap_page *)base)->data_size, size);
	s->ring_lo = base;
	s->ring_hi = (char *)base + sysconf(_SC_PAGESIZE) + size;
	GO_OK(pin_cpu(&e, 0));
	/* 72-byte records over a 4096-byte ring: 1200 of them lap it about
	 * 21 times, and those crossing the end come from the copy buffer */
	for (int round = 0; round < 30; round++) {
		GO_EQ(emit(&e, 40, total), 0);
		s->n = 0;
		GO_EQ(perf_buffer__consume_buffer(pb, 0), 0);
		GO_EQ(s->n, 40);
		GO_TRUE(seq_run(s, 0, 40, total));
		total += 40;
	}
	GO_EQ(s->bad + s->wrong_cpu, 0);
	GO_GT(s->copied, 0);
	GO_EQ(s->lost_calls, 0);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
	free(s);
}

struct raw_seen {
	int samples;
	int other;
	int stop_after;
	int cpu_bad;
	int want_cpu;
	__u32 first_seq;
};

static enum bpf_perf_event_ret on_event(void *ctx, int cpu, struct perf_event_header *ev)
{
	struct raw_seen *r = ctx;

	if (cpu != r->want_cpu)
		r->cpu_bad++;
	if (ev->type != PERF_RECORD_SAMPLE) {
		r->other++;
		return LIBBPF_PERF_EVENT_CONT;
	}
	if (!r->samples++) {
		struct pb_rec rec;

		/* header, u32 size, then the raw data */
		memcpy(&rec, (char *)ev + sizeof(*ev) + 4, sizeof(rec));
		r->first_seq = rec.seq;
	}
	if (r->stop_after && r->samples == r->stop_after)
		return LIBBPF_PERF_EVENT_DONE;
	return LIBBPF_PERF_EVENT_CONT;
}

KTEST(perf_buffer_raw_events)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.wakeup_events = 1,
	};
	int cpus[1] = { 0 }, keys[1] = { 0 };
	LIBBPF_OPTS(perf_buffer_raw_opts, o, .cpu_cnt = 1, .cpus = cpus, .map_keys = keys);
	struct raw_seen r = {};
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;

	GO_OK(pb_env_open(&e));
	errno = 0;
	GO_TRUE(!perf_buffer__new_raw(e.events_fd, 1, NULL, on_event, &r, &o) && errno == EINVAL);
	GO_TRUE(!perf_buffer__new_raw(e.events_fd, 1, &attr, NULL, &r, &o) && errno == EINVAL);
	pb = perf_buffer__new_raw(e.events_fd, 2, &attr, on_event, &r, &o);
	GO_TRUE(pb);
	GO_EQ(perf_buffer__buffer_cnt(pb), 1);
	GO_TRUE(fd_good(perf_buffer__buffer_fd(pb, 0)));
	GO_OK(pin_cpu(&e, 0));
	GO_EQ(emit(&e, 6, 50), 0);
	/* DONE stops after the second event; the rest wait for next time */
	r.stop_after = 2;
	GO_EQ(perf_buffer__poll(pb, 1000), 1);
	GO_EQ(r.samples, 2);
	GO_EQ(r.first_seq, 50);
	r.stop_after = 0;
	GO_EQ(perf_buffer__consume(pb), 0);
	GO_EQ(r.samples, 6);
	GO_EQ(r.other + r.cpu_bad, 0);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
}

KTEST(perf_buffer_bad_args)
{
	struct {
		struct perf_buffer_opts o;
		char tail[8];
	} big = {};
	struct pb_env e = {};
	int before;

	perf_buffer__free(NULL);
	GO_OK(pb_env_open(&e));
	before = test_count_fds();
	errno = 0;
	/* page_cnt must be a power of two */
	GO_TRUE(!perf_buffer__new(e.events_fd, 3, on_sample, on_lost, NULL, NULL) &&
		errno == EINVAL);
	GO_TRUE(!perf_buffer__new(e.events_fd, 0, on_sample, on_lost, NULL, NULL) &&
		errno == EINVAL);
	/* not a PERF_EVENT_ARRAY */
	GO_TRUE(!perf_buffer__new(e.cfg_fd, 1, on_sample, on_lost, NULL, NULL) &&
		errno == EINVAL);
	big.o.sz = sizeof(big);
	big.tail[0] = 1;
	GO_TRUE(!perf_buffer__new(e.events_fd, 1, on_sample, on_lost, NULL, &big.o) &&
		errno == EINVAL);
	GO_ERR(perf_buffer__consume(NULL), EINVAL);
	GO_ERR(perf_buffer__epoll_fd(NULL), EINVAL);
	GO_EQ(test_count_fds(), before);
out:
	pb_env_close(&e);
}

KTEST(perf_buffer_free_clears_map)
{
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;

	GO_OK(pb_env_open(&e));
	pb = perf_buffer__new(e.events_fd, 1, on_sample, on_lost, NULL, NULL);
	GO_TRUE(pb);
	perf_buffer__free(pb);
	pb = NULL;
	/* the event fds are gone from the map: a sample has nowhere to go
	 * (a kept entry would hold the event open and take it) */
	GO_OK(pin_cpu(&e, 0));
	GO_EQ(emit(&e, 1, 0), 1);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
}

KTEST(perf_buffer_sample_period_batches_wakeups)
{
	LIBBPF_OPTS(perf_buffer_opts, o, .sample_period = 4);
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;
	struct pb_seen *s = calloc(1, sizeof(*s));

	GO_TRUE(s);
	GO_OK(pb_env_open(&e));
	pb = perf_buffer__new(e.events_fd, 1, on_sample, on_lost, s, &o);
	GO_TRUE(pb);
	GO_OK(pin_cpu(&e, 0));
	/* three samples are below the period: no wakeup yet */
	GO_EQ(emit(&e, 3, 0), 0);
	GO_EQ(perf_buffer__poll(pb, 50), 0);
	GO_EQ(s->n, 0);
	GO_EQ(emit(&e, 1, 3), 0);
	GO_EQ(perf_buffer__poll(pb, 1000), 1);
	GO_EQ(s->n, 4);
	GO_TRUE(seq_run(s, 0, 4, 0));
	GO_EQ(s->bad + s->wrong_cpu, 0);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
	free(s);
}

KTEST(perf_buffer_raw_explicit_cpu)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.wakeup_events = 1,
	};
	int cpu = online_cpu(1) ? 1 : 0;
	int cpus[1] = { cpu }, keys[1] = { cpu };
	LIBBPF_OPTS(perf_buffer_raw_opts, o, .cpu_cnt = 1, .cpus = cpus, .map_keys = keys);
	struct raw_seen r = { .want_cpu = cpu };
	struct pb_env e = {};
	struct perf_buffer *pb = NULL;

	GO_OK(pb_env_open(&e));
	pb = perf_buffer__new_raw(e.events_fd, 1, &attr, on_event, &r, &o);
	GO_TRUE(pb);
	GO_EQ(perf_buffer__buffer_cnt(pb), 1);
	/* only the named CPU's map slot is filled: others have no ring */
	if (cpu == 1) {
		GO_OK(pin_cpu(&e, 0));
		GO_EQ(emit(&e, 2, 0), 2);
	}
	GO_OK(pin_cpu(&e, cpu));
	GO_EQ(emit(&e, 3, 70), 0);
	GO_EQ(perf_buffer__poll(pb, 1000), 1);
	GO_EQ(r.samples, 3);
	GO_EQ(r.first_seq, 70);
	GO_EQ(r.cpu_bad + r.other, 0);
out:
	perf_buffer__free(pb);
	pb_env_close(&e);
}
