// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Object commands of the syscall layer: bpffs pinning, object info, id
 * walks and fds by id, raw BTF loading, and BPF tokens. */
#include <bpf/libbpf.h>
#include <linux/btf.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "sys_common.h"
#include "uapi_compat.h"

static const char *pin_path(const char *name)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/%s", test_pin_dir(), name);
	return buf;
}

static int small_array(void)
{
	return bpf_map_create(BPF_MAP_TYPE_ARRAY, "obj_arr", 4, 8, 4, NULL);
}

/* ---- pinning ------------------------------------------------------------ */

KTEST(sys_obj_pin_get_map_same_id)
{
	__u32 key = 1;
	__u64 val = 777, out = 0;
	const char *path = pin_path("map1");
	int fd, fd2;

	fd = small_array();
	ASSERT_OK(fd);
	ASSERT_EQ(bpf_obj_pin(fd, path), 0);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	close(fd);
	/* the pin keeps the map alive and gives it back */
	fd2 = bpf_obj_get(path);
	ASSERT_OK(fd2);
	CHECK(sys_fd_good(fd2), "fd %d", fd2);
	ASSERT_EQ(bpf_map_lookup_elem(fd2, &key, &out), 0);
	CHECK_EQ(out, 777);
	CHECK(!strcmp(sys_map_info(fd2).name, "obj_arr"), "same map");
	/* pinning again at the same path is refused */
	ASSERT_ERR(bpf_obj_pin(fd2, path), EEXIST);
	close(fd2);
	ASSERT_EQ(unlink(path), 0);
	ASSERT_ERR(bpf_obj_get(path), ENOENT);
}

KTEST(sys_obj_pin_get_prog_same_id)
{
	const char *path = pin_path("prog1");
	__u32 id;
	int fd, fd2;

	fd = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 5);
	ASSERT_OK(fd);
	id = sys_prog_info(fd).id;
	ASSERT_EQ(bpf_obj_pin(fd, path), 0);
	fd2 = bpf_obj_get(path);
	ASSERT_OK(fd2);
	CHECK_EQ(sys_prog_info(fd2).id, id);
	close(fd2);
	close(fd);
	unlink(path);
}

KTEST(sys_obj_get_rdonly_blocks_writes)
{
	LIBBPF_OPTS(bpf_obj_get_opts, opts, .file_flags = BPF_F_RDONLY);
	const char *path = pin_path("ro");
	__u32 key = 0;
	__u64 val = 1;
	int fd, ro;

	fd = small_array();
	ASSERT_OK(fd);
	ASSERT_EQ(bpf_obj_pin(fd, path), 0);
	ro = bpf_obj_get_opts(path, &opts);
	ASSERT_OK(ro);
	ASSERT_ERR(bpf_map_update_elem(ro, &key, &val, BPF_ANY), EPERM);
	ASSERT_EQ(bpf_map_lookup_elem(ro, &key, &val), 0);
	ASSERT_EQ(bpf_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	close(ro);
	close(fd);
	unlink(path);
}

KTEST(sys_obj_pin_relative_to_path_fd)
{
	LIBBPF_OPTS(bpf_obj_pin_opts, popts, .file_flags = BPFKIT_BPF_F_PATH_FD);
	LIBBPF_OPTS(bpf_obj_get_opts, gopts, .file_flags = BPFKIT_BPF_F_PATH_FD);
	__u32 id;
	int dir, fd, fd2;

	dir = open(test_pin_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_OK(dir);
	fd = small_array();
	ASSERT_OK(fd);
	id = sys_map_info(fd).id;
	popts.path_fd = dir;
	gopts.path_fd = dir;
	ASSERT_EQ(bpf_obj_pin_opts(fd, "rel", &popts), 0);
	/* it landed in the directory: reachable by absolute path too */
	fd2 = bpf_obj_get(pin_path("rel"));
	ASSERT_OK(fd2);
	CHECK_EQ(sys_map_info(fd2).id, id);
	close(fd2);
	fd2 = bpf_obj_get_opts("rel", &gopts);
	ASSERT_OK(fd2);
	CHECK_EQ(sys_map_info(fd2).id, id);
	close(fd2);
	/* path_fd without BPFKIT_BPF_F_PATH_FD is refused by the kernel */
	popts.file_flags = 0;
	ASSERT_ERR(bpf_obj_pin_opts(fd, "rel2", &popts), EINVAL);
	close(fd);
	close(dir);
	unlink(pin_path("rel"));
}

KTEST(sys_obj_pin_errors)
{
	struct {
		struct bpf_obj_pin_opts o;
		int extra;
	} big;
	int fd = small_array();

	ASSERT_OK(fd);
	test_pin_dir();
	/* only a BPF filesystem can hold pins */
	ASSERT_ERR(bpf_obj_pin(fd, "/tmp/bpfkit-not-bpffs"), EPERM);
	/* anything that is not a map, program or link: EINVAL */
	ASSERT_ERR(bpf_obj_pin(-1, pin_path("x")), EINVAL);
	ASSERT_ERR(bpf_obj_get(pin_path("does-not-exist")), ENOENT);
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.extra = 1;
	ASSERT_ERR(bpf_obj_pin_opts(fd, pin_path("x"), &big.o), EINVAL);
	close(fd);
}

/* ---- object info -------------------------------------------------------- */

KTEST(sys_obj_info_len_in_out)
{
	struct bpf_map_info info;
	unsigned char *big;
	__u32 len;
	int fd = small_array();

	ASSERT_OK(fd);
	/* a short buffer gets just that many bytes: type and id */
	memset(&info, 0, sizeof(info));
	len = 8;
	ASSERT_EQ(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
	CHECK_EQ(len, 8);
	CHECK_EQ(info.type, BPF_MAP_TYPE_ARRAY);
	CHECK_GT(info.id, 0);
	CHECK_EQ(info.key_size, 0);
	/* a large zeroed buffer: len comes back as what the kernel filled */
	big = calloc(1, 4096);
	ASSERT_PTR(big);
	len = 4096;
	int err = bpf_obj_get_info_by_fd(fd, big, &len);
	CHECK_EQ(err, 0);
	CHECK(len >= offsetof(struct bpf_map_info, map_extra) && len < 4096, "len %u", len);
	/* non-zero bytes the kernel doesn't know about: E2BIG */
	big[4000] = 1;
	len = 4096;
	err = bpf_obj_get_info_by_fd(fd, big, &len);
	free(big);
	CHECK_EQ(err, -E2BIG);
	close(fd);
}

KTEST(sys_obj_info_errors)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	/* the kernel answers EBADFD (not EBADF) for this command */
	ASSERT_ERR(bpf_obj_get_info_by_fd(-1, &info, &len), EBADFD);
	ASSERT_OK(fd);
	ASSERT_ERR(bpf_map_get_info_by_fd(fd, &info, &len), EINVAL);
	close(fd);
	fd = small_array();
	ASSERT_OK(fd);
	ASSERT_ERR(bpf_obj_get_info_by_fd(fd, &info, NULL), EINVAL);
	close(fd);
}

KTEST(sys_obj_map_ids_and_fd_by_id)
{
	__u32 id, cur = 0, next;
	bool found = false;
	int fd, fd2;

	fd = small_array();
	ASSERT_OK(fd);
	id = sys_map_info(fd).id;
	while (!bpf_map_get_next_id(cur, &next)) {
		found |= next == id;
		cur = next;
	}
	CHECK_EQ(errno, ENOENT);
	CHECK(found, "map id %u not listed", id);
	fd2 = bpf_map_get_fd_by_id(id);
	ASSERT_OK(fd2);
	CHECK(sys_fd_good(fd2), "fd %d", fd2);
	CHECK_EQ(sys_map_info(fd2).id, id);
	close(fd2);
	close(fd);
	ASSERT_ERR(bpf_map_get_fd_by_id(0xfffffff0), ENOENT);
	ASSERT_ERR(bpf_prog_get_next_id(0, NULL), EINVAL);
}

KTEST(sys_obj_fd_by_id_opts_rdonly)
{
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, opts, .open_flags = BPF_F_RDONLY);
	struct {
		struct bpf_get_fd_by_id_opts o;
		int extra;
	} big;
	__u32 key = 0;
	__u64 val = 3;
	int fd, ro;

	fd = small_array();
	ASSERT_OK(fd);
	ro = bpf_map_get_fd_by_id_opts(sys_map_info(fd).id, &opts);
	ASSERT_OK(ro);
	ASSERT_ERR(bpf_map_update_elem(ro, &key, &val, BPF_ANY), EPERM);
	ASSERT_EQ(bpf_map_lookup_elem(ro, &key, &val), 0);
	close(ro);
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.extra = 1;
	ASSERT_ERR(bpf_map_get_fd_by_id_opts(sys_map_info(fd).id, &big.o), EINVAL);
	/* unknown open flags reach the kernel and are refused there */
	opts.open_flags = 1U << 30;
	ASSERT_ERR(bpf_map_get_fd_by_id_opts(sys_map_info(fd).id, &opts), EINVAL);
	close(fd);
}

/* ---- BTF ---------------------------------------------------------------- */

/* A raw BTF blob built by hand: [1] int (4 bytes, signed) and
 * [2] struct val { int a; int b; } (8 bytes). */
struct test_btf {
	struct btf_header hdr;
	__u32 types[4 + 3 + 2 * 3];
	char strs[13];
};

/* the blob ends right after the strings (no tail padding) */
#define BTF_SZ (offsetof(struct test_btf, strs) + 13)

static void build_btf(struct test_btf *b, bool broken)
{
	static const char strs[] = "\0int\0val\0a\0b";
	__u32 *t = b->types;

	memset(b, 0, sizeof(*b));
	b->hdr.magic = BTF_MAGIC;
	b->hdr.version = BTF_VERSION;
	b->hdr.hdr_len = sizeof(b->hdr);
	b->hdr.type_off = 0;
	b->hdr.type_len = sizeof(b->types);
	b->hdr.str_off = sizeof(b->types);
	b->hdr.str_len = sizeof(strs);
	memcpy(b->strs, strs, sizeof(strs));
	/* [1] INT "int": name_off, info (kind << 24), size, encoding */
	*t++ = 1;
	*t++ = BTF_KIND_INT << 24;
	*t++ = 4;
	*t++ = (BTF_INT_SIGNED << 24) | 32;
	/* [2] STRUCT "val", two members */
	*t++ = 5;
	*t++ = (BTF_KIND_STRUCT << 24) | 2;
	*t++ = 8;
	/* members: name_off, type, bit offset; broken -> unknown type id */
	*t++ = 9;
	*t++ = broken ? 42 : 1;
	*t++ = 0;
	*t++ = 11;
	*t++ = 1;
	*t++ = 32;
}

_Static_assert(BTF_SZ == 24 + 13 * 4 + 13, "btf blob layout");

KTEST(sys_obj_btf_load_and_info)
{
	struct test_btf b, back;
	struct bpf_btf_info info;
	__u32 len = sizeof(info);
	int fd;

	build_btf(&b, false);
	fd = bpf_btf_load(&b, BTF_SZ, NULL);
	ASSERT_OK(fd);
	CHECK(sys_fd_good(fd), "fd %d", fd);
	memset(&info, 0, sizeof(info));
	memset(&back, 0, sizeof(back));
	info.btf = (__u64)(unsigned long)&back;
	info.btf_size = sizeof(back);
	ASSERT_EQ(bpf_btf_get_info_by_fd(fd, &info, &len), 0);
	CHECK_EQ(info.btf_size, BTF_SZ);
	CHECK_GT(info.id, 0);
	CHECK_EQ(info.kernel_btf, 0);
	/* the kernel hands back exactly the bytes we loaded */
	CHECK(!memcmp(&back, &b, BTF_SZ), "BTF data round trip");
	close(fd);
}

KTEST(sys_obj_btf_ids_and_fd_by_id)
{
	struct test_btf b;
	struct bpf_btf_info info;
	__u32 len = sizeof(info), id, cur = 0, next;
	bool found = false;
	int fd, fd2;

	build_btf(&b, false);
	fd = bpf_btf_load(&b, BTF_SZ, NULL);
	ASSERT_OK(fd);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(bpf_btf_get_info_by_fd(fd, &info, &len), 0);
	id = info.id;
	while (!bpf_btf_get_next_id(cur, &next)) {
		found |= next == id;
		cur = next;
	}
	CHECK(found, "btf id %u not listed", id);
	fd2 = bpf_btf_get_fd_by_id(id);
	ASSERT_OK(fd2);
	memset(&info, 0, sizeof(info));
	len = sizeof(info);
	ASSERT_EQ(bpf_btf_get_info_by_fd(fd2, &info, &len), 0);
	CHECK_EQ(info.id, id);
	close(fd2);
	close(fd);
}

KTEST(sys_obj_btf_map_types)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	struct bpf_btf_info binfo;
	struct bpf_map_info info;
	struct test_btf b;
	__u32 len = sizeof(binfo);
	int btf, map;

	build_btf(&b, false);
	btf = bpf_btf_load(&b, BTF_SZ, NULL);
	ASSERT_OK(btf);
	memset(&binfo, 0, sizeof(binfo));
	ASSERT_EQ(bpf_btf_get_info_by_fd(btf, &binfo, &len), 0);
	opts.btf_fd = btf;
	opts.btf_key_type_id = 1;
	opts.btf_value_type_id = 2;
	map = bpf_map_create(BPF_MAP_TYPE_HASH, "btf_map", 4, 8, 4, &opts);
	ASSERT_OK(map);
	info = sys_map_info(map);
	CHECK_EQ(info.btf_id, binfo.id);
	CHECK_EQ(info.btf_key_type_id, 1);
	CHECK_EQ(info.btf_value_type_id, 2);
	close(map);
	/* a value type whose size doesn't match value_size is refused */
	opts.btf_value_type_id = 1;
	ASSERT_ERR(bpf_map_create(BPF_MAP_TYPE_HASH, "btf_bad", 4, 8, 4, &opts), EINVAL);
	close(btf);
}

KTEST(sys_obj_btf_load_log)
{
	char log[4096], small[16];
	LIBBPF_OPTS(bpf_btf_load_opts, opts, .log_buf = log, .log_size = sizeof(log),
		    .log_level = 1);
	struct test_btf b;

	build_btf(&b, true);
	log[0] = 0;
	ASSERT_ERR(bpf_btf_load(&b, BTF_SZ, &opts), EINVAL);
	CHECK(strlen(log) > 0, "the kernel explains the rejection");
	CHECK_EQ(opts.log_true_size, strlen(log) + 1);
	__u32 need = opts.log_true_size;
	/* too small a buffer: ENOSPC with the size that was needed */
	opts.log_buf = small;
	opts.log_size = sizeof(small);
	opts.log_true_size = 0;
	ASSERT_ERR(bpf_btf_load(&b, BTF_SZ, &opts), ENOSPC);
	CHECK_EQ(opts.log_true_size, need);
	/* log_level 0 with a buffer: the log appears only on failure */
	opts.log_buf = log;
	opts.log_size = sizeof(log);
	opts.log_level = 0;
	log[0] = 0;
	ASSERT_ERR(bpf_btf_load(&b, BTF_SZ, &opts), EINVAL);
	CHECK(strlen(log) > 0, "log filled on the retry");
	/* argument checks */
	opts.log_size = 0;
	ASSERT_ERR(bpf_btf_load(&b, BTF_SZ, &opts), EINVAL);
	opts.log_buf = NULL;
	opts.log_level = 1;
	ASSERT_ERR(bpf_btf_load(&b, BTF_SZ, &opts), EINVAL);
}

/* ---- BPF token ---------------------------------------------------------- */

struct token_result {
	int stage;	   /* how far the child got */
	int err;	   /* errno at the failing stage */
	int plain_map;	   /* map create without token (expect -EPERM) */
	int token_fd_good; /* token fd > 2 and cloexec */
	int token_map;	   /* map create with token */
	int token_prog;	   /* prog load with token */
};

enum { TS_USERNS = 1, TS_NS_MAPS, TS_MNTNS, TS_FSOPEN, TS_SEND, TS_CONFIG, TS_FSMOUNT,
       TS_TOKEN, TS_DONE };

static const char *const token_stage_names[] = {
	[TS_USERNS] = "unshare(CLONE_NEWUSER)",
	[TS_NS_MAPS] = "writing uid/gid maps",
	[TS_MNTNS] = "unshare(CLONE_NEWNS)",
	[TS_FSOPEN] = "fsopen(\"bpf\") in a user namespace",
	[TS_SEND] = "passing the fs context fd",
	[TS_CONFIG] = "setting bpffs delegate_* options",
	[TS_FSMOUNT] = "fsmount() of the delegated bpffs",
	[TS_TOKEN] = "BPF_TOKEN_CREATE",
};

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -EIO;
}

static int send_fd(int sock, int fd)
{
	char c = 0, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;

	memset(ctl, 0, sizeof(ctl));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

static int recv_fd(int sock)
{
	char c, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* Child side: enter a user + mount namespace, open a bpffs context, let
 * the (privileged) parent add delegation, mount it and use a token. */
static void token_child_steps(int sock, struct token_result *r)
{
	char ok;
	int fs_fd, mnt_fd, root_fd, tok, fd;

	r->stage = TS_USERNS;
	if (unshare(CLONE_NEWUSER))
		return;
	r->stage = TS_NS_MAPS;
	if (write_file("/proc/self/setgroups", "deny") ||
	    write_file("/proc/self/uid_map", "0 0 1") ||
	    write_file("/proc/self/gid_map", "0 0 1"))
		return;
	r->stage = TS_MNTNS;
	if (unshare(CLONE_NEWNS))
		return;
	r->stage = TS_FSOPEN;
	fs_fd = syscall(SYS_fsopen, "bpf", FSOPEN_CLOEXEC);
	if (fs_fd < 0)
		return;
	r->stage = TS_SEND;
	if (send_fd(sock, fs_fd))
		return;
	r->stage = TS_CONFIG;
	if (read(sock, &ok, 1) != 1 || ok) {
		errno = ok > 0 ? ok : EIO;
		return;
	}
	r->stage = TS_FSMOUNT;
	mnt_fd = syscall(SYS_fsmount, fs_fd, FSMOUNT_CLOEXEC, 0);
	if (mnt_fd < 0)
		return;
	/* fsmount() gives an O_PATH fd; the token wants a real open */
	root_fd = openat(mnt_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		return;
	/* without a token this namespace may not create maps */
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "no_token", 4, 4, 1, NULL);
	r->plain_map = fd < 0 ? fd : 0;
	r->stage = TS_TOKEN;
	tok = bpf_token_create(root_fd, NULL);
	if (tok < 0)
		return;
	r->token_fd_good = sys_fd_good(tok);
	LIBBPF_OPTS(bpf_map_create_opts, mopts, .token_fd = tok);
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "with_token", 4, 4, 1, &mopts);
	r->token_map = fd < 0 ? fd : 1;
	struct bpf_insn insns[] = { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };
	LIBBPF_OPTS(bpf_prog_load_opts, popts, .token_fd = tok);
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "tok", "GPL", insns, 2, &popts);
	r->token_prog = fd < 0 ? fd : 1;
	r->stage = TS_DONE;
}

static void token_child(int sock)
{
	struct token_result r = { 0 };

	libbpf_set_print(NULL);
	token_child_steps(sock, &r);
	r.err = r.stage == TS_DONE ? 0 : errno;
	if (write(sock, &r, sizeof(r)) != sizeof(r))
		_exit(2);
	_exit(0);
}

/* Parent side: the delegation options need privilege in the initial user
 * namespace, which the child gave up. */
static int token_parent_config(int sock)
{
	static const char *const opts[] = { "delegate_cmds", "delegate_maps",
					    "delegate_progs", "delegate_attachs" };
	char status = 0;
	int fs_fd = recv_fd(sock);

	if (fs_fd < 0)
		return -1;
	for (size_t i = 0; i < 4 && !status; i++)
		if (syscall(SYS_fsconfig, fs_fd, FSCONFIG_SET_STRING, opts[i], "any", 0))
			status = errno;
	if (!status && syscall(SYS_fsconfig, fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		status = errno;
	close(fs_fd);
	return write(sock, &status, 1) == 1 ? 0 : -1;
}

KTEST(sys_obj_token_create_and_use)
{
	struct token_result r = { 0 };
	int sv[2], status, bpffs;
	pid_t pid;

	/* in the initial user namespace a token makes no sense */
	test_pin_dir();
	bpffs = open("/sys/fs/bpf", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bpffs >= 0) {
		int t = bpf_token_create(bpffs, NULL);

		close(bpffs);
		if (t >= 0)
			close(t);
		CHECK(t < 0, "token created in the initial user namespace");
	}
	ASSERT_ERR(bpf_token_create(-1, NULL), EBADF);

	ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		token_child(sv[1]);
	}
	close(sv[1]);
	if (pid > 0) {
		token_parent_config(sv[0]);
		if (read(sv[0], &r, sizeof(r)) != sizeof(r))
			r.stage = -1;
		waitpid(pid, &status, 0);
	}
	close(sv[0]);
	ASSERT_GT(pid, 0);
	ASSERT(r.stage > 0, "token child did not report");
	if (r.stage != TS_DONE && r.stage < TS_TOKEN)
		test_skip(true, "BPF token needs a delegated bpffs; %s failed: %s",
			  token_stage_names[r.stage], strerror(r.err));
	ASSERT(r.stage == TS_DONE, "BPF_TOKEN_CREATE failed: %s", strerror(r.err));
	CHECK(r.token_fd_good, "token fd must be > 2 and O_CLOEXEC");
	/* the token is what makes the difference */
	CHECK_EQ(r.plain_map, -EPERM);
	CHECK_EQ(r.token_map, 1);
	CHECK_EQ(r.token_prog, 1);
}

KTEST(sys_obj_prog_and_btf_fd_by_id_opts)
{
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, opts);
	struct bpf_btf_info binfo;
	struct test_btf b;
	__u32 len = sizeof(binfo), id;
	int prog, btf, fd;

	prog = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 1);
	ASSERT_OK(prog);
	id = sys_prog_info(prog).id;
	fd = bpf_prog_get_fd_by_id_opts(id, &opts);
	ASSERT_OK(fd);
	CHECK(sys_fd_good(fd), "fd %d", fd);
	CHECK_EQ(sys_prog_info(fd).id, id);
	close(fd);
	/* programs have no read-only view */
	opts.open_flags = BPF_F_RDONLY;
	ASSERT_ERR(bpf_prog_get_fd_by_id_opts(id, &opts), EINVAL);
	close(prog);

	build_btf(&b, false);
	btf = bpf_btf_load(&b, BTF_SZ, NULL);
	ASSERT_OK(btf);
	memset(&binfo, 0, sizeof(binfo));
	ASSERT_EQ(bpf_btf_get_info_by_fd(btf, &binfo, &len), 0);
	opts.open_flags = 0;
	fd = bpf_btf_get_fd_by_id_opts(binfo.id, &opts);
	ASSERT_OK(fd);
	memset(&binfo, 0, sizeof(binfo));
	len = sizeof(binfo);
	ASSERT_EQ(bpf_btf_get_info_by_fd(fd, &binfo, &len), 0);
	CHECK_EQ(binfo.btf_size, BTF_SZ);
	close(fd);
	close(btf);
	ASSERT_ERR(bpf_btf_get_fd_by_id_opts(0xfffffff0, NULL), ENOENT);
}

KTEST(sys_obj_assoc_struct_ops_refused)
{
	int prog, map;

	prog = sys_load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 0);
	ASSERT_OK(prog);
	map = small_array();
	ASSERT_OK(map);
	/* an array is not a struct_ops map (and 6.18 lacks the command):
	 * either way the kernel says EINVAL */
	int err = bpf_prog_assoc_struct_ops(prog, map, NULL);
	close(map);
	close(prog);
	ASSERT_EQ(err, -EINVAL);
	CHECK_EQ(errno, EINVAL);
}
