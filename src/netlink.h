/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A small netlink client for the XDP and TC attach API: one socket per
 * operation, requests built in a fixed buffer with (nested) attributes,
 * replies walked with bounds checks, kernel errors reported with their
 * extended-ack message.
 */
#ifndef __BPFKIT_NETLINK_H
#define __BPFKIT_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

/* Our requests carry a handful of short attributes; 1 KiB is plenty and
 * every append is still checked against it. */
#define NL_REQ_MAX 1024
/* Longest extended-ack message kept for the error line. */
#define NL_EXTACK_MAX 256

struct nl_sock {
	int fd;
	__u32 pid;	/* our port id, as the kernel assigned it */
	__u32 seq;	/* sequence number of the last request */
	char extack[NL_EXTACK_MAX];	/* kernel's message for the last error */
};

struct nl_req {
	union {
		struct nlmsghdr hdr;
		char buf[NL_REQ_MAX];
	};
	/* sticky: the first append that did not fit; the request is not sent */
	int err;
};

/* Open a netlink socket of protocol proto (NETLINK_ROUTE, NETLINK_GENERIC),
 * with extended acks on. 0 or negative errno. */
int nl_open(struct nl_sock *sk, int proto);
void nl_close(struct nl_sock *sk);

/* Start a request of the given type and flags (NLM_F_REQUEST and
 * NLM_F_ACK are added). */
void nl_req_init(struct nl_req *req, __u16 type, __u16 flags);
/* Start a dump request (NLM_F_DUMP; the flag bits are type-specific, so
 * a dump is said explicitly rather than guessed from them). */
void nl_req_init_dump(struct nl_req *req, __u16 type);
/* Append a family header (ifinfomsg, tcmsg, genlmsghdr) right after the
 * netlink header. Returns a pointer to it in the buffer, or NULL. */
void *nl_req_header(struct nl_req *req, size_t len);
/* Append one attribute; 0 or -EMSGSIZE (also kept in req->err). */
int nl_put(struct nl_req *req, __u16 type, const void *data, size_t len);
int nl_put_u32(struct nl_req *req, __u16 type, __u32 val);
int nl_put_str(struct nl_req *req, __u16 type, const char *str);
/* Open a nested attribute (NLA_F_NESTED set); returns its offset for
 * nl_nest_end(), or 0 when it did not fit. */
size_t nl_nest_begin(struct nl_req *req, __u16 type);
void nl_nest_end(struct nl_req *req, size_t off);

/* Called for every data message of the reply. Return 0 to go on, > 0 to
 * stop with success, < 0 to stop with that error. */
typedef int (*nl_msg_fn)(const struct nlmsghdr *h, void *ctx);

/* The two halves of nl_talk(): send req with the next sequence number;
 * read the answer to it (replies with another sequence number or port id
 * are skipped). */
int nl_send(struct nl_sock *sk, struct nl_req *req);
int nl_recv(struct nl_sock *sk, nl_msg_fn fn, void *ctx);
/* Walk the messages of one received datagram [buf, buf + len) for the
 * request sk->seq of port sk->pid (pure: no I/O, for nl_recv() and the
 * fuzzer). Returns 1 when the exchange is over (*res holds its result),
 * 0 when more datagrams are to come. */
int nl_walk(struct nl_sock *sk, const char *buf, size_t len, nl_msg_fn fn, void *ctx, int *res);
/* Send req and read replies until the kernel's ack (or NLMSG_DONE for a
 * dump), feeding data messages to fn (may be NULL). Returns 0 or negative
 * errno; on a kernel error, sk->extack holds its message (or ""). */
int nl_talk(struct nl_sock *sk, struct nl_req *req, nl_msg_fn fn, void *ctx);

/* One operation on a fresh socket: open, talk, close. When it fails,
 * logs one line "what: error (kernel: extack)" and returns negative errno.
 * routine_err (a negative errno, or 0 for none) is an answer callers
 * expect and test for, like "exists" or "not found": logged at debug
 * level only. */
int nl_do(int proto, struct nl_req *req, nl_msg_fn fn, void *ctx, const char *what,
	  int routine_err);

/* Attribute walking. tb[0..max] get pointers to the attributes of the
 * stream [data, data + len) (the last one of a type wins, unknown types
 * above max are skipped). Returns 0 or -EINVAL on a malformed stream. */
int nl_parse(const struct nlattr **tb, int max, const void *data, size_t len);
/* Attributes of a nested attribute. */
int nl_parse_nested(const struct nlattr **tb, int max, const struct nlattr *nest);
/* Attributes after a family header of hdr_len bytes in message h. */
int nl_parse_msg(const struct nlattr **tb, int max, const struct nlmsghdr *h, size_t hdr_len);
/* Payload access; false when the attribute is absent or too short. */
bool nl_get_u8(const struct nlattr *a, __u8 *out);
bool nl_get_u16(const struct nlattr *a, __u16 *out);
bool nl_get_u32(const struct nlattr *a, __u32 *out);
bool nl_get_u64(const struct nlattr *a, __u64 *out);
/* Whether a is a string attribute equal to s (NUL inside the payload). */
bool nl_str_eq(const struct nlattr *a, const char *s);
static inline const void *nl_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}
static inline size_t nl_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

/* Family header of message h if it is at least len bytes long, else NULL. */
const void *nl_msg_header(const struct nlmsghdr *h, size_t len);

/* Generic netlink: id of the family called name; negative errno
 * (-ENOENT when the kernel has no such family). Logs nothing. */
int genl_family_id(const char *name);

#endif
