/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Kernel test environment helpers: private network namespaces with a veth
 * pair, throw-away cgroup v2 directories, perf events, feature probes and a
 * minimal vmlinux BTF lookup. Every object carries the pid in its name so two
 * runs never collide, and each create has a matching destroy.
 *
 * Functions return 0 / an fd on success and a negative errno on failure;
 * "why" buffers get a one-line reason meant for test_skip().
 */
#ifndef __BPFKIT_TEST_KENV_H
#define __BPFKIT_TEST_KENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A private network namespace the calling process lives in until
 * kenv_netns_leave(); it holds a veth pair (both ends up) and lo (up), all
 * made over rtnetlink so no iproute2 is needed. IPv6 is off inside, so the
 * only packets are the ones a test sends. */
struct kenv_netns {
	int orig_fd;	 /* our original netns, to return to */
	bool entered;
	char veth0[16];	 /* names of the two veth ends */
	char veth1[16];
	int ifindex0;
	int ifindex1;
};

/* Create and enter a fresh netns with a veth pair. */
int kenv_netns_enter(struct kenv_netns *ns, char *why, size_t why_len);
/* Return to the original netns; the private one (and its devices, with
 * anything attached to them) goes away with its last reference. */
void kenv_netns_leave(struct kenv_netns *ns);
/* ifindex of a device in the current netns, or negative errno. */
int kenv_ifindex(const char *ifname);
/* Set a device of the current netns up; 0 or negative errno. */
int kenv_link_up(const char *ifname);
/* Wait until an up device is really running (carrier seen), so frames
 * sent through it are not dropped; 0 or negative errno. */
int kenv_wait_running(const char *ifname);

/* Create a netkit pair (L2 mode) in the current netns through rtnetlink;
 * returns 0 or negative errno (-EOPNOTSUPP without CONFIG_NETKIT). */
int kenv_netkit_create(const char *name, const char *peer);

/* A cgroup v2 directory bpfkit-test-<pid>-<n> under the unified hierarchy. */
struct kenv_cgroup {
	char path[512];
	int fd;		/* O_RDONLY directory fd, for attach/query */
	uint64_t id;	/* cgroup id (kernfs node id) */
};

/* Mount point of the cgroup2 hierarchy (from /proc/mounts), or NULL. */
const char *kenv_cgroup2_root(void);
int kenv_cgroup_create(struct kenv_cgroup *cg, char *why, size_t why_len);
/* Fork a child, move it into the cgroup, run fn(arg) there and wait; returns
 * fn's result (0..255 from the child's exit code) or negative errno. */
int kenv_cgroup_run(const struct kenv_cgroup *cg, int (*fn)(void *), void *arg);
/* Close the fd and remove the directory (attached programs go with it). */
void kenv_cgroup_destroy(struct kenv_cgroup *cg);

/* perf_event_open() of the software cpu-clock event on this thread,
 * sampling every period_ns nanoseconds. Returns fd or negative errno. */
int kenv_perf_cpu_clock(uint64_t period_ns);
/* Tracepoint id from tracefs events/<cat>/<name>/id, or negative errno. */
int kenv_tracepoint_id(const char *cat, const char *name);
/* perf_event_open() of a tracepoint id on this thread (every hit samples). */
int kenv_perf_tracepoint(int tp_id);
/* perf_event_open() of a uprobe at file offset `offset` of `path`, on this
 * process. Returns fd, or negative errno (-ENOENT: no uprobe PMU). */
int kenv_perf_uprobe(const char *path, uint64_t offset);
/* perf_event_open() of a kprobe on kernel function func, on this thread.
 * Returns fd, or negative errno (-ENOENT: no kprobe PMU). */
int kenv_perf_kprobe(const char *func);
/* File offset of a code address of this process, from /proc/self/maps;
 * the mapped file's path goes to path. Returns 0 or negative errno. */
int kenv_addr_to_file_offset(const void *addr, char *path, size_t path_len, uint64_t *offset);

/* Whether the kernel has kprobe support (the kprobe PMU exists). */
bool kenv_has_kprobes(void);
/* Whether the uprobe PMU exists. */
bool kenv_has_uprobes(void);
/* Try to load a tiny fentry program: returns true (with a reason) when the
 * kernel refuses tracing programs, e.g. EPERM under lockdown. */
bool kenv_tracing_refused(char *why, size_t why_len);

/* Type id of the first vmlinux BTF type with this name and kind (BTF_KIND_*),
 * found by a minimal scan of /sys/kernel/btf/vmlinux; negative errno if
 * absent or the file is unreadable/malformed. */
int kenv_vmlinux_btf_id(const char *name, unsigned int kind);

/* ---- small programs and maps for tests (use <bpf/bpf.h>) ---------------- */

struct bpf_insn;

/* One counter slot: how often the program ran, and the last attach cookie
 * it saw (when built with want_cookie). */
struct kenv_slot {
	uint64_t count;
	uint64_t cookie;
};

/* ARRAY map of n struct kenv_slot. Returns fd or negative errno. */
int kenv_counter_map(unsigned int n);
/* Read slot key of a counter map (zeroes on failure). */
struct kenv_slot kenv_slot_read(int map_fd, uint32_t key);
/* Wait (bounded) until slot key counts at least want; returns the count.
 * Use after sending frames: their processing may be deferred. */
uint64_t kenv_wait_count(int map_fd, uint32_t key, uint64_t want);
/* Give deferred packet processing time to finish before checking that
 * something did NOT happen. */
void kenv_settle(void);
/* Write a program into buf (room for at least 32 insns) that adds 1 to
 * slot[key].count and returns ret. tgid != 0 counts only that process;
 * want_cookie also stores bpf_get_attach_cookie(ctx) in slot[key].cookie.
 * Returns the number of instructions. */
int kenv_counter_insns(struct bpf_insn *buf, int map_fd, uint32_t key, int ret, uint32_t tgid,
		       bool want_cookie);
/* bpf_prog_load() with a verifier log shown under -v on failure. Returns fd
 * or negative errno. */
int kenv_prog_load(int prog_type, int attach_type, uint32_t attach_btf_id,
		   const struct bpf_insn *insns, size_t cnt);
/* A counter program loaded in one go (see kenv_counter_insns()). */
int kenv_counter_prog(int prog_type, int attach_type, uint32_t attach_btf_id, int map_fd,
		      uint32_t key, int ret, uint32_t tgid, bool want_cookie);
/* Id of a loaded program / map / link (0 on failure). */
uint32_t kenv_prog_id(int prog_fd);
uint32_t kenv_map_id(int map_fd);
uint32_t kenv_link_id(int link_fd);
/* Send n small raw Ethernet frames out of ifindex (AF_PACKET); returns the
 * number sent or negative errno. */
int kenv_send_frames(int ifindex, int n);
/* Send n UDP datagrams to 127.0.0.1:9 from this process; returns the number
 * sent or negative errno. */
int kenv_udp_loopback(int n);
/* Same from a child moved into cg; 0 when all n left. */
int kenv_cgroup_udp(const struct kenv_cgroup *cg, int n);


/* ---- checks that jump to a cleanup label ------------------------------- */

/* Like the test.h checks, but on failure record it and `goto out`, so the
 * test still releases its netns, cgroup and fds. Need "test.h". */
#define GO_TRUE(c)                                                           \
	do {                                                                 \
		if (!(c)) {                                                  \
			test_fail(__FILE__, __LINE__, "%s (errno %d)", #c, errno); \
			goto out;                                            \
		}                                                            \
	} while (0)
#define GO_OK(x)                                                             \
	do {                                                                 \
		long long __r = (long long)(x);                              \
		if (__r < 0) {                                               \
			test_fail(__FILE__, __LINE__, "%s: %lld (errno %d)", #x, \
				  __r, errno);                               \
			goto out;                                            \
		}                                                            \
	} while (0)
#define GO_CMP(a, op, b)                                                     \
	do {                                                                 \
		long long __a = (long long)(a), __b = (long long)(b);        \
		if (!(__a op __b)) {                                         \
			test_fail(__FILE__, __LINE__,                        \
				  "%s %s %s: %lld vs %lld (errno %d)", #a,   \
				  #op, #b, __a, __b, errno);                 \
			goto out;                                            \
		}                                                            \
	} while (0)
#define GO_EQ(a, b) GO_CMP(a, ==, b)
#define GO_NE(a, b) GO_CMP(a, !=, b)
#define GO_GT(a, b) GO_CMP(a, >, b)
#define GO_GE(a, b) GO_CMP(a, >=, b)
/* A call that must fail with -e and errno e. */
#define GO_ERR(x, e)                                                         \
	do {                                                                 \
		errno = 0;                                                   \
		long long __r = (long long)(x);                              \
		int __e = errno;                                             \
		if (__r != -(e) || __e != (e)) {                             \
			test_fail(__FILE__, __LINE__,                        \
				  "%s: want -%s, got %lld (errno %d)", #x,   \
				  #e, __r, __e);                             \
			goto out;                                            \
		}                                                            \
	} while (0)

/* Close an fd variable if open and mark it closed. */
#define KENV_CLOSE(fd)                                                       \
	do {                                                                 \
		if ((fd) >= 0)                                               \
			close(fd);                                           \
		(fd) = -1;                                                   \
	} while (0)

/* Counter of slot key in a kenv_counter_map(). */
uint64_t kenv_count(int map_fd, uint32_t key);
/* Create a cgroup / enter a fresh netns, or skip the test with the reason. */
void kenv_cgroup_or_skip(struct kenv_cgroup *cg);
void kenv_netns_or_skip(struct kenv_netns *ns);

#endif
