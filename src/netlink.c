// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Minimal netlink client (see netlink.h). Everything the kernel sends back
 * is treated as untrusted: every header and attribute length is checked
 * against the bytes actually received before it is looked at.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "libbpf_internal.h"
#include "netlink.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* First receive buffer; grown when the kernel has a bigger datagram. */
#define NL_RECV_START 32768
/* Hard limit on one datagram, far above what a link dump message needs. */
#define NL_RECV_MAX (4u << 20)

int nl_open(struct nl_sock *sk, int proto)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int one = 1, fd, err;

	memset(sk, 0, sizeof(*sk));
	sk->fd = -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	fd = ensure_good_fd(fd);
	if (fd < 0)
		return fd;
	/* Both are best effort: without them errors still arrive, only
	 * without the kernel's explanation or with the request echoed. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen)) {
		err = -errno;
		close(fd);
		return err;
	}
	if (salen != sizeof(sa) || sa.nl_family != AF_NETLINK) {
		close(fd);
		return -EINVAL;
	}
	sk->fd = fd;
	sk->pid = sa.nl_pid;
	/* any start value works; a time-based one makes stale replies of an
	 * earlier socket with a recycled port id unlikely to match */
	sk->seq = (__u32)time(NULL);
	return 0;
}

void nl_close(struct nl_sock *sk)
{
	if (sk->fd >= 0)
		close(sk->fd);
	sk->fd = -1;
}

void nl_req_init(struct nl_req *req, __u16 type, __u16 flags)
{
	memset(req->buf, 0, NLMSG_HDRLEN);
	req->hdr.nlmsg_len = NLMSG_HDRLEN;
	req->hdr.nlmsg_type = type;
	/* always acked, so the end of the answer is never a guess */
	req->hdr.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req->err = 0;
}

void nl_req_init_dump(struct nl_req *req, __u16 type)
{
	nl_req_init(req, type, 0);
	req->hdr.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
}

/* Room for len more bytes (aligned) at the end of the request. */
static void *req_tail(struct nl_req *req, size_t len)
{
	size_t cur = NLMSG_ALIGN(req->hdr.nlmsg_len);
	void *p;

	if (req->err)
		return NULL;
	if (len > sizeof(req->buf) || cur + NLMSG_ALIGN(len) > sizeof(req->buf)) {
		req->err = -EMSGSIZE;
		return NULL;
	}
	p = req->buf + cur;
	memset(p, 0, NLMSG_ALIGN(len));
	req->hdr.nlmsg_len = cur + NLMSG_ALIGN(len);
	return p;
}

void *nl_req_header(struct nl_req *req, size_t len)
{
	return req_tail(req, len);
}

int nl_put(struct nl_req *req, __u16 type, const void *data, size_t len)
{
	struct nlattr *a;

	if (len > 0xffff - NLA_HDRLEN) {
		req->err = req->err ?: -EMSGSIZE;
		return req->err;
	}
	a = req_tail(req, NLA_HDRLEN + len);
	if (!a)
		return req->err;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	return 0;
}

int nl_put_u32(struct nl_req *req, __u16 type, __u32 val)
{
	return nl_put(req, type, &val, sizeof(val));
}

int nl_put_str(struct nl_req *req, __u16 type, const char *str)
{
	return nl_put(req, type, str, strlen(str) + 1);
}

size_t nl_nest_begin(struct nl_req *req, __u16 type)
{
	size_t off = NLMSG_ALIGN(req->hdr.nlmsg_len);

	if (nl_put(req, type | NLA_F_NESTED, NULL, 0))
		return 0;
	return off;
}

void nl_nest_end(struct nl_req *req, size_t off)
{
	struct nlattr *a;

	/* a failed begin (off 0) already marked the request broken */
	if (req->err || !off)
		return;
	a = (struct nlattr *)(req->buf + off);
	a->nla_len = req->hdr.nlmsg_len - off;
}

int nl_parse(const struct nlattr **tb, int max, const void *data, size_t len)
{
	const char *p = data;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t step;
		int type;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -EINVAL;
		type = a->nla_type & NLA_TYPE_MASK;
		if (type <= max)
			tb[type] = a;
		step = NLA_ALIGN(a->nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

int nl_parse_nested(const struct nlattr **tb, int max, const struct nlattr *nest)
{
	return nl_parse(tb, max, nl_data(nest), nl_len(nest));
}

const void *nl_msg_header(const struct nlmsghdr *h, size_t len)
{
	if (h->nlmsg_len < NLMSG_HDRLEN + len)
		return NULL;
	return NLMSG_DATA(h);
}

int nl_parse_msg(const struct nlattr **tb, int max, const struct nlmsghdr *h, size_t hdr_len)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hdr_len);

	if (h->nlmsg_len < off) {
		memset(tb, 0, sizeof(*tb) * (max + 1));
		return -EINVAL;
	}
	return nl_parse(tb, max, (const char *)h + off, h->nlmsg_len - off);
}

static bool get_fixed(const struct nlattr *a, void *out, size_t size)
{
	if (!a || nl_len(a) < size)
		return false;
	memcpy(out, nl_data(a), size);
	return true;
}

bool nl_get_u8(const struct nlattr *a, __u8 *out)
{
	return get_fixed(a, out, sizeof(*out));
}

bool nl_get_u16(const struct nlattr *a, __u16 *out)
{
	return get_fixed(a, out, sizeof(*out));
}

bool nl_get_u32(const struct nlattr *a, __u32 *out)
{
	return get_fixed(a, out, sizeof(*out));
}

bool nl_get_u64(const struct nlattr *a, __u64 *out)
{
	return get_fixed(a, out, sizeof(*out));
}

bool nl_str_eq(const struct nlattr *a, const char *s)
{
	size_t n = strlen(s);

	if (!a || nl_len(a) < n + 1)
		return false;
	return !memcmp(nl_data(a), s, n) && ((const char *)nl_data(a))[n] == '\0';
}

/* Keep the NLMSGERR_ATTR_MSG string of the TLVs at [p, p + len). */
static void save_extack(struct nl_sock *sk, const char *p, size_t len)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlattr *m;
	size_t n;

	if (nl_parse(tb, NLMSGERR_ATTR_MAX, p, len))
		return;
	m = tb[NLMSGERR_ATTR_MSG];
	if (!m)
		return;
	n = strnlen(nl_data(m), nl_len(m));
	n = min(n, sizeof(sk->extack) - 1);
	memcpy(sk->extack, nl_data(m), n);
	sk->extack[n] = '\0';
}

/* NLMSG_ERROR: 0 for an ack, else the kernel's negative errno with its
 * message (if any) saved. */
static int handle_error(struct nl_sock *sk, const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = nl_msg_header(h, sizeof(*e));
	size_t off, total = h->nlmsg_len - NLMSG_HDRLEN;

	if (!e)
		return -EBADMSG;
	if (e->error >= 0)
		return 0;
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* the TLVs follow the echoed request, or only its header when
		 * the kernel capped it */
		off = sizeof(*e);
		if (!(h->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len > NLMSG_HDRLEN)
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		if (off < total)
			save_extack(sk, (const char *)NLMSG_DATA(h) + off, total - off);
	}
	return e->error;
}

/* NLMSG_DONE: a dump may end with an error code (and TLVs) in it. */
static int handle_done(struct nl_sock *sk, const struct nlmsghdr *h)
{
	const int *err = nl_msg_header(h, sizeof(*err));
	size_t total = h->nlmsg_len - NLMSG_HDRLEN;

	if (!err || *err >= 0)
		return 0;
	if ((h->nlmsg_flags & NLM_F_ACK_TLVS) && total > NLMSG_ALIGN(sizeof(int)))
		save_extack(sk, (const char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(int)),
			    total - NLMSG_ALIGN(sizeof(int)));
	return *err;
}

/* Receive one datagram into *buf (grown as needed). Returns its length
 * or negative errno. */
static ssize_t recv_datagram(int fd, char **buf, size_t *cap)
{
	ssize_t n;
	char *nb;

	do {
		n = recv(fd, *buf, *cap, MSG_PEEK | MSG_TRUNC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n > *cap) {
		if ((size_t)n > NL_RECV_MAX)
			return -EMSGSIZE;
		nb = realloc(*buf, n);
		if (!nb)
			return -ENOMEM;
		*buf = nb;
		*cap = n;
	}
	do {
		n = recv(fd, *buf, *cap, 0);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

int nl_walk(struct nl_sock *sk, const char *buf, size_t len, nl_msg_fn fn, void *ctx, int *res)
{
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		size_t step;
		int r;

		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > len) {
			*res = -EBADMSG;
			return 1;
		}
		/* replies to someone else's (or an older) request */
		if (h->nlmsg_pid != sk->pid || h->nlmsg_seq != sk->seq)
			goto next;
		switch (h->nlmsg_type) {
		case NLMSG_ERROR:
			*res = handle_error(sk, h);
			return 1;
		case NLMSG_DONE:
			*res = handle_done(sk, h);
			return 1;
		case NLMSG_NOOP:
		case NLMSG_OVERRUN:
			break;
		default:
			r = fn ? fn(h, ctx) : 0;
			if (r) {
				*res = r < 0 ? r : 0;
				return 1;
			}
		}
next:
		step = NLMSG_ALIGN(h->nlmsg_len);
		if (step >= len)
			break;
		buf += step;
		len -= step;
	}
	return 0;
}

int nl_send(struct nl_sock *sk, struct nl_req *req)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	sk->extack[0] = '\0';
	if (req->err)
		return req->err;
	req->hdr.nlmsg_seq = ++sk->seq;
	req->hdr.nlmsg_pid = 0;
	if (sendto(sk->fd, req->buf, req->hdr.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

int nl_recv(struct nl_sock *sk, nl_msg_fn fn, void *ctx)
{
	size_t cap = NL_RECV_START;
	char *buf = malloc(cap);
	ssize_t n;
	int res = 0;

	sk->extack[0] = '\0';
	if (!buf)
		return -ENOMEM;
	for (;;) {
		n = recv_datagram(sk->fd, &buf, &cap);
		if (n < 0) {
			res = n;
			break;
		}
		if (n == 0) {
			res = -EPIPE;
			break;
		}
		if (nl_walk(sk, buf, n, fn, ctx, &res))
			break;
	}
	free(buf);
	return res;
}

int nl_talk(struct nl_sock *sk, struct nl_req *req, nl_msg_fn fn, void *ctx)
{
	int err = nl_send(sk, req);

	return err ?: nl_recv(sk, fn, ctx);
}

int nl_do(int proto, struct nl_req *req, nl_msg_fn fn, void *ctx, const char *what,
	  int routine_err)
{
	struct nl_sock sk;
	int err;

	err = nl_open(&sk, proto);
	if (err) {
		pr_warn("%s: cannot open a netlink socket: %s\n", what, errstr(err));
		return err;
	}
	err = nl_talk(&sk, req, fn, ctx);
	if (err && err == routine_err)
		pr_debug("%s: %s%s%s%s\n", what, errstr(err), sk.extack[0] ? " (kernel: " : "",
			 sk.extack, sk.extack[0] ? ")" : "");
	else if (err)
		pr_warn("%s: %s%s%s%s\n", what, errstr(err), sk.extack[0] ? " (kernel: " : "",
			sk.extack, sk.extack[0] ? ")" : "");
	nl_close(&sk);
	return err;
}

static int family_id_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	__u16 id;

	if (h->nlmsg_type != GENL_ID_CTRL)
		return 0;
	if (nl_parse_msg(tb, CTRL_ATTR_MAX, h, GENL_HDRLEN) ||
	    !nl_get_u16(tb[CTRL_ATTR_FAMILY_ID], &id))
		return -EBADMSG;
	*(int *)ctx = id;
	return 1;
}

int genl_family_id(const char *name)
{
	struct genlmsghdr *g;
	struct nl_sock sk;
	struct nl_req req;
	int err, id = -ENOENT;

	nl_req_init(&req, GENL_ID_CTRL, 0);
	g = nl_req_header(&req, GENL_HDRLEN);
	if (g) {
		g->cmd = CTRL_CMD_GETFAMILY;
		g->version = 1;
	}
	nl_put_str(&req, CTRL_ATTR_FAMILY_NAME, name);
	err = nl_open(&sk, NETLINK_GENERIC);
	if (err)
		return err;
	err = nl_talk(&sk, &req, family_id_cb, &id);
	nl_close(&sk);
	return err ?: id;
}
