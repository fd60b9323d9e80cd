// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The netlink client of src/netlink.c without a kernel: requests are
 * built and checked byte for byte, and crafted (also malformed) replies
 * are fed to the reply reader through a seqpacket socketpair standing in
 * for the kernel's end.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "netlink.h"
#include "test.h"

#define PID 4321
#define SEQ 77

/* A fake netlink socket: sk reads what the test writes to *peer. */
static bool fake_sock(struct nl_sock *sk, int *peer)
{
	int fds[2];

	memset(sk, 0, sizeof(*sk));
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds))
		return false;
	sk->fd = fds[0];
	sk->pid = PID;
	sk->seq = SEQ;
	*peer = fds[1];
	return true;
}

/* Datagram under construction. */
struct dgram {
	char buf[70000];
	size_t len;
};

static struct nlmsghdr *msg_add(struct dgram *d, __u16 type, __u16 flags, __u32 seq,
				const void *payload, size_t plen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(d->buf + d->len);

	memset(h, 0, NLMSG_SPACE(plen));
	h->nlmsg_len = NLMSG_LENGTH(plen);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = PID;
	if (plen)
		memcpy(NLMSG_DATA(h), payload, plen);
	d->len += NLMSG_SPACE(plen);
	return h;
}

/* An error message: nlmsgerr, an optional echoed request payload of
 * echo bytes, then an optional NLMSGERR_ATTR_MSG of text (raw bytes,
 * tlen of them, so unterminated ones can be made). */
static void err_add(struct dgram *d, int error, size_t echo, const char *text, size_t tlen,
		    __u16 extra_flags)
{
	char payload[512];
	struct nlmsgerr *e = (struct nlmsgerr *)payload;
	size_t off = sizeof(*e);
	__u16 flags = extra_flags;

	memset(payload, 0, sizeof(payload));
	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN + echo;
	e->msg.nlmsg_seq = SEQ;
	if (!echo)
		flags |= NLM_F_CAPPED;
	off += NLMSG_ALIGN(echo);
	if (text) {
		struct nlattr *a = (struct nlattr *)(payload + off);

		flags |= NLM_F_ACK_TLVS;
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = NLA_HDRLEN + tlen;
		memcpy(payload + off + NLA_HDRLEN, text, tlen);
		off += NLA_ALIGN(a->nla_len);
	}
	msg_add(d, NLMSG_ERROR, flags, SEQ, payload, off);
}

static bool dgram_send(int peer, const struct dgram *d)
{
	return send(peer, d->buf, d->len, 0) == (ssize_t)d->len;
}

struct seen {
	int calls;
	__u16 last_type;
};

static int count_cb(const struct nlmsghdr *h, void *ctx)
{
	struct seen *s = ctx;

	s->calls++;
	s->last_type = h->nlmsg_type;
	return 0;
}

/* Feed datagrams [d, d + n) and read the reply: returns nl_recv()'s result. */
static int feed(struct nl_sock *sk, int peer, const struct dgram *d, int n, struct seen *s)
{
	for (int i = 0; i < n; i++)
		if (!dgram_send(peer, &d[i]))
			return -999;
	memset(s, 0, sizeof(*s));
	return nl_recv(sk, count_cb, s);
}

TEST(netlink_reply_walk)
{
	static struct dgram d[3];
	struct nl_sock sk;
	struct seen s;
	int peer;

	ASSERT(fake_sock(&sk, &peer), "socketpair: errno %d", errno);

	/* data, someone else's reply (other seq), then the ack */
	memset(d, 0, sizeof(*d));
	msg_add(&d[0], RTM_NEWLINK, 0, SEQ, "abcd", 4);
	msg_add(&d[0], RTM_NEWROUTE, 0, SEQ + 1, NULL, 0);
	err_add(&d[0], 0, 0, NULL, 0, 0);
	CHECK_EQ(feed(&sk, peer, d, 1, &s), 0);
	CHECK_EQ(s.calls, 1);
	CHECK_EQ(s.last_type, RTM_NEWLINK);

	/* a multipart dump over two datagrams, NLMSG_DONE at the end */
	d[0].len = d[1].len = 0;
	msg_add(&d[0], RTM_NEWLINK, NLM_F_MULTI, SEQ, "a", 1);
	msg_add(&d[0], RTM_NEWLINK, NLM_F_MULTI, SEQ, "b", 1);
	msg_add(&d[1], RTM_NEWLINK, NLM_F_MULTI, SEQ, "c", 1);
	msg_add(&d[1], NLMSG_DONE, NLM_F_MULTI, SEQ, "\0\0\0\0", 4);
	CHECK_EQ(feed(&sk, peer, d, 2, &s), 0);
	CHECK_EQ(s.calls, 3);

	/* a dump that ends in an error */
	d[0].len = 0;
	int enodev = -ENODEV;

	msg_add(&d[0], NLMSG_DONE, NLM_F_MULTI, SEQ, &enodev, sizeof(enodev));
	CHECK_EQ(feed(&sk, peer, d, 1, &s), -ENODEV);

	/* one datagram bigger than the first receive buffer */
	d[0].len = 0;
	static char big[65000];

	memset(big, 'x', sizeof(big));
	msg_add(&d[0], RTM_NEWLINK, 0, SEQ, big, sizeof(big));
	err_add(&d[0], 0, 0, NULL, 0, 0);
	CHECK_EQ(feed(&sk, peer, d, 1, &s), 0);
	CHECK_EQ(s.calls, 1);

	close(sk.fd);
	close(peer);
}

TEST(netlink_error_extack)
{
	static struct dgram d;
	struct nl_sock sk;
	struct seen s;
	int peer;

	ASSERT(fake_sock(&sk, &peer), "socketpair: errno %d", errno);

	/* capped request, message after the nlmsgerr */
	d.len = 0;
	err_add(&d, -EBUSY, 0, "device busy", 12, 0);
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EBUSY);
	ASSERT_STREQ(sk.extack, "device busy");

	/* full request echoed first: the TLVs come after it */
	d.len = 0;
	err_add(&d, -EEXIST, 36, "exists", 7, 0);
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EEXIST);
	ASSERT_STREQ(sk.extack, "exists");

	/* an unterminated message is cut at its attribute's end */
	d.len = 0;
	err_add(&d, -EINVAL, 0, "abcdefg", 7, 0);
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EINVAL);
	ASSERT_STREQ(sk.extack, "abcdefg");

	/* an overlong message is cut to the buffer */
	char longmsg[400];

	memset(longmsg, 'm', sizeof(longmsg));
	d.len = 0;
	err_add(&d, -EINVAL, 0, longmsg, sizeof(longmsg), 0);
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EINVAL);
	CHECK_EQ(strlen(sk.extack), NL_EXTACK_MAX - 1);

	/* an echoed length pointing past the message: no extack, same error */
	d.len = 0;
	err_add(&d, -EPERM, 0, "x", 2, 0);
	((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)d.buf))->msg.nlmsg_len = 5000;
	((struct nlmsghdr *)d.buf)->nlmsg_flags &= ~NLM_F_CAPPED;
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EPERM);
	CHECK_EQ(sk.extack[0], 0);

	/* a warning on a successful ack is no error */
	d.len = 0;
	err_add(&d, 0, 0, "just saying", 12, 0);
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), 0);

	close(sk.fd);
	close(peer);
}

TEST(netlink_malformed_replies)
{
	static struct dgram d;
	struct nl_sock sk;
	struct seen s;
	int peer;

	ASSERT(fake_sock(&sk, &peer), "socketpair: errno %d", errno);

	/* a length past the datagram */
	d.len = 0;
	msg_add(&d, RTM_NEWLINK, 0, SEQ, "abcd", 4)->nlmsg_len = 400;
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EBADMSG);
	CHECK_EQ(s.calls, 0);

	/* a length shorter than a header */
	d.len = 0;
	msg_add(&d, RTM_NEWLINK, 0, SEQ, "abcd", 4)->nlmsg_len = 8;
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EBADMSG);

	/* an error message too short for its nlmsgerr */
	d.len = 0;
	msg_add(&d, NLMSG_ERROR, 0, SEQ, "\xf0\xff\xff\xff", 4);
	CHECK_EQ(feed(&sk, peer, &d, 1, &s), -EBADMSG);

	/* the other end going away ends the exchange */
	close(peer);
	CHECK_EQ(nl_recv(&sk, count_cb, &s), -EPIPE);
	close(sk.fd);
}

TEST(netlink_attr_parse)
{
	/* [u32 type 1][nested type 2 (flag set) holding u16 type 1][type 40] */
	__attribute__((aligned(4))) char buf[64];
	const struct nlattr *tb[4], *in[2];
	struct nlattr *a;
	size_t off = 0;
	__u32 v32 = 0;
	__u16 v16 = 0;
	__u64 v64;

	memset(buf, 0, sizeof(buf));
	a = (struct nlattr *)buf;
	a->nla_type = 1;
	a->nla_len = 8;
	memcpy(buf + 4, "\x2a\0\0\0", 4);
	off = 8;
	a = (struct nlattr *)(buf + off);
	a->nla_type = 2 | NLA_F_NESTED;
	a->nla_len = 4 + 8;
	a = (struct nlattr *)(buf + off + 4);
	a->nla_type = 1;
	a->nla_len = 6;
	memcpy(buf + off + 8, "\x07\0", 2);
	off += 12;
	a = (struct nlattr *)(buf + off);
	a->nla_type = 40;
	a->nla_len = 4;
	off += 4;

	ASSERT_EQ(nl_parse(tb, 3, buf, off), 0);
	CHECK(tb[1] && tb[2] && !tb[3], "attrs found");
	CHECK(nl_get_u32(tb[1], &v32) && v32 == 42, "u32 %u", v32);
	CHECK(!nl_get_u64(tb[1], &v64), "u64 from a 4-byte attribute");
	ASSERT_EQ(nl_parse_nested(in, 1, tb[2]), 0);
	CHECK(nl_get_u16(in[1], &v16) && v16 == 7, "u16 %u", v16);
	CHECK(!nl_get_u32(in[1], &v32), "u32 from a 2-byte attribute");
	CHECK(!nl_get_u32(tb[3], &v32), "absent attribute");

	/* an attribute running past the stream, one shorter than its header */
	CHECK_EQ(nl_parse(tb, 3, buf, 14), -EINVAL);
	((struct nlattr *)buf)->nla_len = 2;
	CHECK_EQ(nl_parse(tb, 3, buf, off), -EINVAL);
	/* trailing bytes shorter than a header are ignored */
	((struct nlattr *)buf)->nla_len = 8;
	CHECK_EQ(nl_parse(tb, 3, buf, 11), 0);

	/* strings must end inside their attribute */
	a = (struct nlattr *)buf;
	a->nla_len = 4 + 3;
	memcpy(buf + 4, "bpf", 3);
	CHECK(!nl_str_eq(a, "bpf"), "unterminated");
	a->nla_len = 4 + 4;
	buf[7] = 0;
	CHECK(nl_str_eq(a, "bpf"), "terminated");
	CHECK(!nl_str_eq(a, "bp"), "prefix");
}

TEST(netlink_request_build)
{
	static struct nl_req req;
	struct ifinfomsg *ifi;
	const struct nlattr *tb[4], *in[3];
	struct nl_sock sk = { .fd = -1 };
	size_t nest;
	__u32 v = 0;
	int n = 0;

	nl_req_init(&req, RTM_SETLINK, 0);
	CHECK_EQ(req.hdr.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ifi = nl_req_header(&req, sizeof(*ifi));
	ASSERT_PTR(ifi);
	ifi->ifi_index = 9;
	nest = nl_nest_begin(&req, 3);
	nl_put_u32(&req, 1, 0x11);
	nl_put_str(&req, 2, "hi");
	nl_nest_end(&req, nest);
	nl_put_u32(&req, 1, 0x22);
	ASSERT_EQ(req.err, 0);
	ASSERT_EQ(nl_parse_msg(tb, 3, &req.hdr, sizeof(*ifi)), 0);
	CHECK(nl_get_u32(tb[1], &v) && v == 0x22, "outer u32 %u", v);
	ASSERT_PTR(tb[3]);
	CHECK(tb[3]->nla_type & NLA_F_NESTED, "nested flag");
	ASSERT_EQ(nl_parse_nested(in, 2, tb[3]), 0);
	CHECK(nl_get_u32(in[1], &v) && v == 0x11, "inner u32 %u", v);
	CHECK(nl_str_eq(in[2], "hi"), "inner string");

	nl_req_init_dump(&req, RTM_GETLINK);
	CHECK_EQ(req.hdr.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);

	/* appends past the buffer fail, stick, and keep it from being sent */
	nl_req_init(&req, RTM_SETLINK, 0);
	while (nl_put_u32(&req, 1, 0) == 0 && n < 10000)
		n++;
	CHECK_EQ(req.err, -EMSGSIZE);
	CHECK_EQ(nl_put_u32(&req, 1, 0), -EMSGSIZE);
	CHECK_EQ(nl_nest_begin(&req, 3), 0);
	CHECK(req.hdr.nlmsg_len <= sizeof(req.buf), "length %u", req.hdr.nlmsg_len);
	CHECK_EQ(nl_talk(&sk, &req, NULL, NULL), -EMSGSIZE);
	nl_req_init(&req, RTM_SETLINK, 0);
	CHECK_EQ(nl_put(&req, 1, NULL, 70000), -EMSGSIZE);
}
