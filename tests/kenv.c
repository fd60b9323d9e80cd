// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel test environment helpers (see kenv.h). The environment parts
 * (netns, devices, cgroups, perf events, probes, BTF) use raw syscalls on
 * purpose, so they do not depend on the code under test; only the small
 * program/map helpers at the end go through <bpf/bpf.h>. */
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <bpf/bpf.h>
#include <unistd.h>

#include "kenv.h"
#include "insn.h"
#include "test.h"

/* ---- network namespaces and devices (rtnetlink, no external tools) ----- */

/* VETH_INFO_PEER and IFLA_NETKIT_PEER_INFO share the number */
#define KENV_PEER_INFO 1
#define KENV_IFLA_NETKIT_MODE 5
#define KENV_NETKIT_L2 0

/* Our requests are a few short attributes (names < IFNAMSIZ), far below
 * the buffer size, so appending needs no bounds check. */
struct nl_msg {
	char buf[1024];
	size_t len;
};

static struct rtattr *nl_put(struct nl_msg *m, int type, const void *data, size_t dlen)
{
	struct rtattr *rta = (struct rtattr *)(m->buf + m->len);

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(dlen);
	if (dlen)
		memcpy(RTA_DATA(rta), data, dlen);
	m->len += RTA_ALIGN(rta->rta_len);
	return rta;
}

/* Nested attributes: open with nl_put(m, type, NULL, 0), close here. */
static void nl_end(struct nl_msg *m, struct rtattr *nest)
{
	nest->rta_len = m->buf + m->len - (char *)nest;
}

/* Send a request and read the (first) reply message into reply; returns
 * its length or negative errno. */
static int nl_request(struct nl_msg *m, char *reply, size_t reply_len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	((struct nlmsghdr *)m->buf)->nlmsg_len = m->len;
	if (sendto(fd, m->buf, m->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		n = -errno;
	else
		n = recv(fd, reply, reply_len, 0);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n >= 0 && (n < (ssize_t)sizeof(struct nlmsghdr) ||
		       ((struct nlmsghdr *)reply)->nlmsg_len > (size_t)n))
		return -EIO;
	return n;
}

/* A request answered by an ACK: 0 or the kernel's negative errno. */
static int nl_talk(struct nl_msg *m)
{
	char reply[1024];
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	int n = nl_request(m, reply, sizeof(reply));

	if (n < 0)
		return n;
	if (h->nlmsg_type != NLMSG_ERROR || n < (int)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		return -EIO;
	return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

/* Name of the root qdisc of a device (IFLA_QDISC), e.g. "noop" while
 * the device is not yet activated. 0 or negative errno. */
static int link_qdisc(int ifindex, char *qdisc, size_t len)
{
	static char reply[32768];
	struct nl_msg m;
	struct nlmsghdr *h = (struct nlmsghdr *)m.buf;
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct rtattr *rta;
	int n, attrlen;

	memset(&m, 0, sizeof(m));
	h->nlmsg_type = RTM_GETLINK;
	h->nlmsg_flags = NLM_F_REQUEST;
	m.len = NLMSG_LENGTH(0);
	memcpy(m.buf + m.len, &ifi, sizeof(ifi));
	m.len += NLMSG_ALIGN(sizeof(ifi));
	n = nl_request(&m, reply, sizeof(reply));
	if (n < 0)
		return n;
	h = (struct nlmsghdr *)reply;
	if (h->nlmsg_type == NLMSG_ERROR && n >= (int)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		return ((struct nlmsgerr *)NLMSG_DATA(h))->error ?: -EIO;
	if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifi)))
		return -EIO;
	rta = IFLA_RTA((struct ifinfomsg *)NLMSG_DATA(h));
	attrlen = IFLA_PAYLOAD(h);
	for (; RTA_OK(rta, attrlen); rta = RTA_NEXT(rta, attrlen)) {
		if (rta->rta_type != IFLA_QDISC)
			continue;
		snprintf(qdisc, len, "%.*s", (int)RTA_PAYLOAD(rta), (char *)RTA_DATA(rta));
		return 0;
	}
	return -ENOENT;
}

/* RTM_NEWLINK for a device pair of the given kind; both veth and netkit
 * describe the peer as attribute 1 of IFLA_INFO_DATA holding its own
 * ifinfomsg and IFLA_IFNAME. netkit_mode >= 0 adds IFLA_NETKIT_MODE. */
static int new_pair(const char *kind, const char *name, const char *peer, int netkit_mode)
{
	struct nl_msg m;
	struct nlmsghdr *h = (struct nlmsghdr *)m.buf;
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *linkinfo, *data, *peerinfo;
	__u32 mode = netkit_mode;

	memset(&m, 0, sizeof(m));
	h->nlmsg_type = RTM_NEWLINK;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	m.len = NLMSG_LENGTH(0);
	memcpy(m.buf + m.len, &ifi, sizeof(ifi));
	m.len += NLMSG_ALIGN(sizeof(ifi));
	nl_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = nl_put(&m, IFLA_LINKINFO, NULL, 0);
	nl_put(&m, IFLA_INFO_KIND, kind, strlen(kind));
	data = nl_put(&m, IFLA_INFO_DATA, NULL, 0);
	if (netkit_mode >= 0)
		nl_put(&m, KENV_IFLA_NETKIT_MODE, &mode, sizeof(mode));
	peerinfo = nl_put(&m, KENV_PEER_INFO, &ifi, sizeof(ifi));
	nl_put(&m, IFLA_IFNAME, peer, strlen(peer) + 1);
	nl_end(&m, peerinfo);
	nl_end(&m, data);
	nl_end(&m, linkinfo);
	return nl_talk(&m);
}

int kenv_netkit_create(const char *name, const char *peer)
{
	/* L2 mode so plain Ethernet frames can be sent through it */
	return new_pair("netkit", name, peer, KENV_NETKIT_L2);
}

int kenv_link_up(const char *ifname)
{
	struct ifreq ifr;
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		err = -errno;
		goto out;
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		err = -errno;
out:
	close(fd);
	return err;
}

/* Device flags (SIOCGIFFLAGS) or negative errno. */
static int if_flags(const char *ifname)
{
	struct ifreq ifr;
	int fd, ret;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ret = ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 ? -errno : (unsigned short)ifr.ifr_flags;
	close(fd);
	return ret;
}

int kenv_wait_running(const char *ifname)
{
	int idx = kenv_ifindex(ifname);
	char qdisc[32];

	if (idx < 0)
		return idx;
	/* Until the link watcher has seen carrier, the device sends into the
	 * "noop" qdisc, which silently drops. IFF_RUNNING alone can show up
	 * a moment earlier, so wait for both. Up to ~3 s. */
	for (int i = 0; i < 3000; i++) {
		int fl = if_flags(ifname);

		if (fl < 0)
			return fl;
		if ((fl & IFF_RUNNING) && link_qdisc(idx, qdisc, sizeof(qdisc)) == 0 &&
		    strcmp(qdisc, "noop"))
			return 0;
		usleep(1000);
	}
	return -ETIMEDOUT;
}

int kenv_ifindex(const char *ifname)
{
	unsigned int idx = if_nametoindex(ifname);

	return idx ? (int)idx : -errno;
}

static void write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, val, strlen(val)) < 0)
		test_log("kenv: write %s: %s\n", path, strerror(errno));
	close(fd);
}

int kenv_netns_enter(struct kenv_netns *ns, char *why, size_t why_len)
{
	int err;

	memset(ns, 0, sizeof(*ns));
	ns->orig_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (ns->orig_fd < 0) {
		err = -errno;
		snprintf(why, why_len, "cannot open /proc/self/ns/net: %s", strerror(-err));
		return err;
	}
	if (unshare(CLONE_NEWNET)) {
		err = -errno;
		snprintf(why, why_len, "unshare(CLONE_NEWNET): %s", strerror(-err));
		close(ns->orig_fd);
		return err;
	}
	ns->entered = true;
	/* No IPv6 autoconfiguration chatter: tests count exact packets. */
	write_str("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
	write_str("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	/* Names only need to be unique inside the private netns, but carrying
	 * the pid makes them easy to trace back if something leaks. */
	snprintf(ns->veth0, sizeof(ns->veth0), "bk%da", (int)getpid() % 1000000);
	snprintf(ns->veth1, sizeof(ns->veth1), "bk%db", (int)getpid() % 1000000);
	err = new_pair("veth", ns->veth0, ns->veth1, -1);
	if (err) {
		snprintf(why, why_len, "cannot create a veth pair over rtnetlink: %s",
			 strerror(-err));
		goto fail;
	}
	err = kenv_link_up("lo");
	err = err ?: kenv_link_up(ns->veth0);
	err = err ?: kenv_link_up(ns->veth1);
	err = err ?: kenv_wait_running(ns->veth0);
	err = err ?: kenv_wait_running(ns->veth1);
	if (err) {
		snprintf(why, why_len, "cannot set devices up: %s", strerror(-err));
		goto fail;
	}
	ns->ifindex0 = kenv_ifindex(ns->veth0);
	ns->ifindex1 = kenv_ifindex(ns->veth1);
	if (ns->ifindex0 < 0 || ns->ifindex1 < 0) {
		snprintf(why, why_len, "veth created but has no ifindex");
		err = -ENODEV;
		goto fail;
	}
	return 0;
fail:
	kenv_netns_leave(ns);
	return err;
}

void kenv_netns_leave(struct kenv_netns *ns)
{
	if (ns->entered && setns(ns->orig_fd, CLONE_NEWNET))
		fprintf(stderr, "kenv: cannot return to the original netns: %s\n", strerror(errno));
	if (ns->orig_fd > 0)
		close(ns->orig_fd);
	ns->orig_fd = -1;
	ns->entered = false;
}

/* ---- cgroup v2 ---------------------------------------------------------- */

const char *kenv_cgroup2_root(void)
{
	static char root[256];
	char dev[128], dir[256], type[64];
	FILE *f;

	if (root[0])
		return root;
	f = fopen("/proc/mounts", "re");
	if (!f)
		return NULL;
	while (fscanf(f, "%127s %255s %63s %*[^\n]", dev, dir, type) == 3) {
		if (!strcmp(type, "cgroup2")) {
			snprintf(root, sizeof(root), "%s", dir);
			break;
		}
	}
	fclose(f);
	return root[0] ? root : NULL;
}

static uint64_t cgroup_id_of(const char *path)
{
	/* the handle of a cgroup2 directory is its 64-bit id */
	union {
		struct file_handle fh;
		char raw[sizeof(struct file_handle) + 8];
	} h;
	uint64_t id;
	int mount_id;

	h.fh.handle_bytes = sizeof(id);
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0))
		return 0;
	memcpy(&id, h.raw + sizeof(struct file_handle), sizeof(id));
	return id;
}

int kenv_cgroup_create(struct kenv_cgroup *cg, char *why, size_t why_len)
{
	static int seq;
	const char *root = kenv_cgroup2_root();
	int err;

	memset(cg, 0, sizeof(*cg));
	cg->fd = -1;
	if (!root) {
		snprintf(why, why_len, "no cgroup2 hierarchy in /proc/mounts");
		return -ENOENT;
	}
	snprintf(cg->path, sizeof(cg->path), "%s/bpfkit-test-%d-%d", root, (int)getpid(), ++seq);
	if (mkdir(cg->path, 0755)) {
		err = -errno;
		snprintf(why, why_len, "mkdir %s: %s", cg->path, strerror(-err));
		cg->path[0] = 0;
		return err;
	}
	cg->fd = open(cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cg->id = cgroup_id_of(cg->path);
	if (cg->fd < 0 || !cg->id) {
		err = -errno;
		snprintf(why, why_len, "open/handle of %s: %s", cg->path, strerror(-err));
		kenv_cgroup_destroy(cg);
		return err;
	}
	return 0;
}

static int join_cgroup(const struct kenv_cgroup *cg)
{
	char procs[600];
	int fd, ok;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg->path);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, "0\n", 2) == 2;
	close(fd);
	return ok ? 0 : -1;
}

int kenv_cgroup_run(const struct kenv_cgroup *cg, int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* 200 = could not join: tell it apart from fn's own codes. */
		if (join_cgroup(cg))
			_exit(200);
		_exit(fn(arg) & 0xff);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFEXITED(status))
		return -EINTR;
	if (WEXITSTATUS(status) == 200)
		return -EACCES;
	return WEXITSTATUS(status);
}

void kenv_cgroup_destroy(struct kenv_cgroup *cg)
{
	if (cg->fd >= 0)
		close(cg->fd);
	cg->fd = -1;
	if (cg->path[0] && rmdir(cg->path))
		fprintf(stderr, "kenv: rmdir %s: %s\n", cg->path, strerror(errno));
	cg->path[0] = 0;
}

/* ---- perf events -------------------------------------------------------- */

static int perf_open(struct perf_event_attr *attr)
{
	int fd;

	attr->size = sizeof(*attr);
	fd = syscall(__NR_perf_event_open, attr, 0 /* this thread */, -1, -1,
		     PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int kenv_perf_cpu_clock(uint64_t period_ns)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_period = period_ns;
	return perf_open(&attr);
}

int kenv_tracepoint_id(const char *cat, const char *name)
{
	const char *tfs = test_tracefs();
	char path[512], buf[32];
	ssize_t n;
	int fd;

	if (!tfs)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", tfs, cat, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	return atoi(buf) > 0 ? atoi(buf) : -EINVAL;
}

int kenv_perf_tracepoint(int tp_id)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = tp_id;
	attr.sample_period = 1;
	return perf_open(&attr);
}

static int read_int_file(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	return atoi(buf);
}

int kenv_perf_uprobe(const char *path, uint64_t offset)
{
	struct perf_event_attr attr;
	int type = read_int_file("/sys/bus/event_source/devices/uprobe/type");

	if (type < 0)
		return -ENOENT;
	memset(&attr, 0, sizeof(attr));
	attr.type = type;
	attr.sample_period = 1;
	attr.config1 = (uint64_t)(unsigned long)path; /* uprobe_path */
	attr.config2 = offset;			      /* probe_offset */
	return perf_open(&attr);
}

int kenv_perf_kprobe(const char *func)
{
	struct perf_event_attr attr;
	int type = read_int_file("/sys/bus/event_source/devices/kprobe/type");

	if (type < 0)
		return -ENOENT;
	memset(&attr, 0, sizeof(attr));
	attr.type = type;
	attr.sample_period = 1;
	attr.config1 = (uint64_t)(unsigned long)func; /* kprobe_func */
	return perf_open(&attr);
}

int kenv_addr_to_file_offset(const void *addr, char *path, size_t path_len, uint64_t *offset)
{
	unsigned long a = (unsigned long)addr, start, end, off;
	char line[1024], perms[8], file[600];
	int ret = -ENOENT;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		file[0] = 0;
		if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %599s", &start, &end, perms, &off, file) < 4)
			continue;
		if (a < start || a >= end || perms[2] != 'x' || file[0] != '/')
			continue;
		snprintf(path, path_len, "%s", file);
		*offset = a - start + off;
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

/* ---- feature probes ----------------------------------------------------- */

bool kenv_has_kprobes(void)
{
	return access("/sys/bus/event_source/devices/kprobe", F_OK) == 0;
}

bool kenv_has_uprobes(void)
{
	return access("/sys/bus/event_source/devices/uprobe", F_OK) == 0;
}

bool kenv_tracing_refused(char *why, size_t why_len)
{
	/* r0 = 0; exit */
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int id, fd;

	id = kenv_vmlinux_btf_id("bpf_fentry_test1", BTF_KIND_FUNC);
	if (id < 0) {
		snprintf(why, why_len, "vmlinux BTF has no bpf_fentry_test1 (%s)", strerror(-id));
		return true;
	}
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACING;
	attr.expected_attach_type = BPF_TRACE_FENTRY;
	attr.attach_btf_id = id;
	attr.insns = (uint64_t)(unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (uint64_t)(unsigned long)"GPL";
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return false;
	}
	if (errno == EPERM)
		snprintf(why, why_len,
			 "kernel refuses fentry programs (EPERM, e.g. lockdown or no trampoline)");
	else
		snprintf(why, why_len, "fentry program load fails: %s", strerror(errno));
	return true;
}

/* ---- minimal vmlinux BTF scan ------------------------------------------- */

/* Bytes of kind-specific data that follow a struct btf_type. */
static long btf_extra_size(const struct btf_type *t)
{
	unsigned int vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
	case BTF_KIND_ENUM64:
		return vlen * 12L;
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		return vlen * 8L;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

static char *read_whole(const char *path, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap), *nb;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf)
		goto fail;
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += r;
		if (n < cap)
			continue;
		nb = realloc(buf, cap * 2);
		if (!nb)
			goto fail;
		buf = nb;
		cap *= 2;
	}
	if (r < 0)
		goto fail;
	close(fd);
	*len = n;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static int btf_scan(const char *data, size_t len, const char *name, unsigned int kind)
{
	const struct btf_header *h = (const void *)data;
	const char *types, *strs;
	size_t off = 0;
	int id = 1;

	if (len < sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len > len ||
	    (uint64_t)h->hdr_len + h->type_off + h->type_len > len ||
	    (uint64_t)h->hdr_len + h->str_off + h->str_len > len)
		return -EINVAL;
	types = data + h->hdr_len + h->type_off;
	strs = data + h->hdr_len + h->str_off;
	while (off + sizeof(struct btf_type) <= h->type_len) {
		const struct btf_type *t = (const void *)(types + off);
		long extra = btf_extra_size(t);

		if (extra < 0)
			return -EINVAL;
		if (BTF_INFO_KIND(t->info) == kind && t->name_off < h->str_len &&
		    !strncmp(strs + t->name_off, name, h->str_len - t->name_off) &&
		    strlen(name) < h->str_len - t->name_off)
			return id;
		off += sizeof(*t) + extra;
		id++;
	}
	return -ENOENT;
}

int kenv_vmlinux_btf_id(const char *name, unsigned int kind)
{
	size_t len;
	char *data = read_whole("/sys/kernel/btf/vmlinux", &len);
	int id;

	if (!data)
		return -errno ? -errno : -ENOMEM;
	id = btf_scan(data, len, name, kind);
	free(data);
	return id;
}

/* ---- small programs and maps -------------------------------------------- */

int kenv_counter_map(unsigned int n)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "kenv_cnt", 4, sizeof(struct kenv_slot), n, NULL);

	return fd < 0 ? -errno : fd;
}

struct kenv_slot kenv_slot_read(int map_fd, uint32_t key)
{
	struct kenv_slot s = { 0, 0 };

	if (bpf_map_lookup_elem(map_fd, &key, &s))
		memset(&s, 0, sizeof(s));
	return s;
}

int kenv_counter_insns(struct bpf_insn *buf, int map_fd, uint32_t key, int ret, uint32_t tgid,
		       bool want_cookie)
{
	int n = 0, jumps[2], nj = 0;

	buf[n++] = BPF_MOV64_REG(BPF_REG_6, BPF_REG_1);
	if (tgid) {
		buf[n++] = BPF_EMIT_CALL(BPF_FUNC_get_current_pid_tgid);
		buf[n++] = BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 32);
		jumps[nj++] = n;
		buf[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_0, (int)tgid, 0);
	}
	if (want_cookie) {
		buf[n++] = BPF_MOV64_REG(BPF_REG_1, BPF_REG_6);
		buf[n++] = BPF_EMIT_CALL(BPF_FUNC_get_attach_cookie);
		buf[n++] = BPF_MOV64_REG(BPF_REG_7, BPF_REG_0);
	}
	buf[n++] = BPF_ST_MEM(BPF_W, BPF_REG_10, -4, (int)key);
	buf[n++] = BPF_MOV64_REG(BPF_REG_2, BPF_REG_10);
	buf[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4);
	struct bpf_insn ld[] = { BPF_LD_MAP_FD(BPF_REG_1, map_fd) };

	buf[n++] = ld[0];
	buf[n++] = ld[1];
	buf[n++] = BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem);
	jumps[nj++] = n;
	buf[n++] = BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 0);
	buf[n++] = BPF_MOV64_IMM(BPF_REG_1, 1);
	buf[n++] = BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_0, BPF_REG_1, 0);
	if (want_cookie)
		buf[n++] = BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_7, 8);
	/* every early-out jump lands on the return below */
	for (int i = 0; i < nj; i++)
		buf[jumps[i]].off = n - jumps[i] - 1;
	buf[n++] = BPF_MOV64_IMM(BPF_REG_0, ret);
	buf[n++] = BPF_EXIT_INSN();
	return n;
}

uint64_t kenv_wait_count(int map_fd, uint32_t key, uint64_t want)
{
	uint64_t c = 0;

	/* received frames are processed from softirq context, possibly after
	 * the sender's syscall returned: poll for up to ~2 s */
	for (int i = 0; i < 2000; i++) {
		c = kenv_slot_read(map_fd, key).count;
		if (c >= want)
			break;
		usleep(1000);
	}
	return c;
}

void kenv_settle(void)
{
	usleep(30000);
}

int kenv_prog_load(int prog_type, int attach_type, uint32_t attach_btf_id,
		   const struct bpf_insn *insns, size_t cnt)
{
	static char log[16384];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach_type,
		    .attach_btf_id = attach_btf_id);
	int fd, err;

	fd = bpf_prog_load(prog_type, "kenv_prog", "GPL", insns, cnt, &opts);
	if (fd >= 0)
		return fd;
	err = -errno;
	if (test_verbose()) {
		/* load again with a log only to explain the failure */
		opts.log_buf = log;
		opts.log_size = sizeof(log);
		opts.log_level = 1;
		log[0] = 0;
		fd = bpf_prog_load(prog_type, "kenv_prog", "GPL", insns, cnt, &opts);
		if (fd >= 0)
			close(fd);
		test_log("prog load (type %d) failed: %s\n%s\n", prog_type, strerror(-err), log);
	}
	return err;
}

int kenv_counter_prog(int prog_type, int attach_type, uint32_t attach_btf_id, int map_fd,
		      uint32_t key, int ret, uint32_t tgid, bool want_cookie)
{
	struct bpf_insn insns[32];
	int n = kenv_counter_insns(insns, map_fd, key, ret, tgid, want_cookie);

	return kenv_prog_load(prog_type, attach_type, attach_btf_id, insns, n);
}

uint32_t kenv_prog_id(int prog_fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_prog_get_info_by_fd(prog_fd, &info, &len) ? 0 : info.id;
}

uint32_t kenv_map_id(int map_fd)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_map_get_info_by_fd(map_fd, &info, &len) ? 0 : info.id;
}

uint32_t kenv_link_id(int link_fd)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_link_get_info_by_fd(link_fd, &info, &len) ? 0 : info.id;
}

int kenv_send_frames(int ifindex, int n)
{
	unsigned char frame[60];
	struct sockaddr_ll sll;
	int fd, sent = 0;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, 6);	/* broadcast destination */
	frame[6] = 0x02;	/* locally administered source */
	frame[11] = 0x01;
	frame[12] = 0x88;	/* local experimental ethertype 0x88b5 */
	frame[13] = 0xb5;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifindex;
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);
	for (int i = 0; i < n; i++)
		if (sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll, sizeof(sll)) ==
		    (ssize_t)sizeof(frame))
			sent++;
	close(fd);
	return sent;
}

int kenv_udp_loopback(int n)
{
	struct sockaddr_in sin;
	int fd, sent = 0;
	char msg[16] = "bpfkit";

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(9); /* discard */
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < n; i++)
		if (sendto(fd, msg, sizeof(msg), 0, (struct sockaddr *)&sin, sizeof(sin)) > 0)
			sent++;
	close(fd);
	return sent;
}

static int udp_child(void *arg)
{
	int n = *(int *)arg;

	/* exit code 0 only if every datagram left */
	return kenv_udp_loopback(n) == n ? 0 : 1;
}

int kenv_cgroup_udp(const struct kenv_cgroup *cg, int n)
{
	return kenv_cgroup_run(cg, udp_child, &n);
}

uint64_t kenv_count(int map_fd, uint32_t key)
{
	return kenv_slot_read(map_fd, key).count;
}

void kenv_cgroup_or_skip(struct kenv_cgroup *cg)
{
	char why[256];

	if (kenv_cgroup_create(cg, why, sizeof(why)))
		test_skip(true, "%s", why);
}

void kenv_netns_or_skip(struct kenv_netns *ns)
{
	char why[256];

	if (kenv_netns_enter(ns, why, sizeof(why)))
		test_skip(true, "%s", why);
}
