// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Logging, error strings, version queries and small shared utilities. */
#include <fcntl.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "libbpf_internal.h"

static int default_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static libbpf_print_fn_t print_fn = default_print;

LIBBPF_API libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn)
{
	libbpf_print_fn_t old = __atomic_exchange_n(&print_fn, fn, __ATOMIC_RELAXED);

	return old;
}

void libbpf_print(enum libbpf_print_level level, const char *fmt, ...)
{
	libbpf_print_fn_t fn = __atomic_load_n(&print_fn, __ATOMIC_RELAXED);
	int saved_errno = errno;
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	fn(level, fmt, ap);
	va_end(ap);
	errno = saved_errno;
}

const char *errstr(int err)
{
	static __thread char buf[64];
	const char *s;

	if (err < 0)
		err = -err;
	s = strerror_r(err, buf, sizeof(buf));
	if (s != buf)
		snprintf(buf, sizeof(buf), "%s", s);
	return buf;
}

static const char *const libbpf_errstrs[] = {
	[LIBBPF_ERRNO__LIBELF - __LIBBPF_ERRNO__START] = "Something wrong in libelf",
	[LIBBPF_ERRNO__FORMAT - __LIBBPF_ERRNO__START] = "BPF object format invalid",
	[LIBBPF_ERRNO__KVERSION - __LIBBPF_ERRNO__START] = "'version' section incorrect or lost",
	[LIBBPF_ERRNO__ENDIAN - __LIBBPF_ERRNO__START] = "Endian mismatch",
	[LIBBPF_ERRNO__INTERNAL - __LIBBPF_ERRNO__START] = "Internal error in libbpf",
	[LIBBPF_ERRNO__RELOC - __LIBBPF_ERRNO__START] = "Relocation failed",
	[LIBBPF_ERRNO__LOAD - __LIBBPF_ERRNO__START] = "Load program failed",
	[LIBBPF_ERRNO__VERIFY - __LIBBPF_ERRNO__START] = "Kernel verifier blocks program loading",
	[LIBBPF_ERRNO__PROG2BIG - __LIBBPF_ERRNO__START] = "Program too big",
	[LIBBPF_ERRNO__KVER - __LIBBPF_ERRNO__START] = "Incorrect kernel version",
	[LIBBPF_ERRNO__PROGTYPE - __LIBBPF_ERRNO__START] = "Kernel doesn't support this program type",
	[LIBBPF_ERRNO__WRNGPID - __LIBBPF_ERRNO__START] = "Wrong pid in netlink message",
	[LIBBPF_ERRNO__INVSEQ - __LIBBPF_ERRNO__START] = "Invalid netlink sequence",
	[LIBBPF_ERRNO__NLPARSE - __LIBBPF_ERRNO__START] = "Incorrect netlink message parsing",
};

LIBBPF_API int libbpf_strerror(int err, char *buf, size_t size)
{
	char tmp[128];
	const char *msg;

	if (!buf || !size)
		return libbpf_err(-EINVAL);
	if (err < 0)
		err = -err;
	if (err < __LIBBPF_ERRNO__START) {
		msg = strerror_r(err, tmp, sizeof(tmp));
		snprintf(buf, size, "%s", msg);
		return 0;
	}
	if (err < __LIBBPF_ERRNO__END) {
		snprintf(buf, size, "%s", libbpf_errstrs[err - __LIBBPF_ERRNO__START]);
		return 0;
	}
	snprintf(buf, size, "Unknown libbpf error %d", err);
	return libbpf_err(-ENOENT);
}

LIBBPF_API long libbpf_get_error(const void *ptr)
{
	if (ptr)
		return 0;
	return -errno;
}

LIBBPF_API int libbpf_set_strict_mode(enum libbpf_strict_mode mode)
{
	(void)mode;
	return 0;
}

LIBBPF_API __u32 libbpf_major_version(void)
{
	return LIBBPF_MAJOR_VERSION;
}

LIBBPF_API __u32 libbpf_minor_version(void)
{
	return LIBBPF_MINOR_VERSION;
}

#define STR_(x) #x
#define STR(x) STR_(x)

LIBBPF_API const char *libbpf_version_string(void)
{
	return "v" STR(LIBBPF_MAJOR_VERSION) "." STR(LIBBPF_MINOR_VERSION);
}

LIBBPF_API const char *bpfkit_version_string(void)
{
	return STR(BPFKIT_MAJOR_VERSION) "." STR(BPFKIT_MINOR_VERSION) "." STR(BPFKIT_PATCH_VERSION);
}

int cpu_list_parse(const char *s, bool *mask, int n)
{
	int count = 0;

	while (*s && *s != '\n') {
		char *end;
		long a = strtol(s, &end, 10), b;

		if (end == s || a < 0)
			return -EINVAL;
		b = a;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			if (end == s + 1 || b < a)
				return -EINVAL;
			s = end;
		}
		for (long c = a; mask && c <= b && c < n; c++)
			mask[c] = true;
		if (b + 1 > count)
			count = b + 1;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return -EINVAL;
	}
	return count ? count : -EINVAL;
}

LIBBPF_API int libbpf_num_possible_cpus(void)
{
	static int cached;
	char buf[256];
	ssize_t n;
	int fd, cpus;

	cpus = __atomic_load_n(&cached, __ATOMIC_RELAXED);
	if (cpus > 0)
		return cpus;
	fd = open("/sys/devices/system/cpu/possible", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pr_warn("failed to open /sys/devices/system/cpu/possible: %s\n", errstr(errno));
		return libbpf_err(-errno);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		pr_warn("failed to read /sys/devices/system/cpu/possible\n");
		return libbpf_err(n < 0 ? -errno : -EINVAL);
	}
	buf[n] = '\0';
	cpus = cpu_list_parse(buf, NULL, 0);
	if (cpus < 0) {
		pr_warn("cannot parse possible CPU list '%s'\n", buf);
		return libbpf_err(cpus);
	}
	__atomic_store_n(&cached, cpus, __ATOMIC_RELAXED);
	return cpus;
}

bool libbpf_validate_opts(const char *opts, size_t opts_sz, size_t user_sz,
			  const char *type_name)
{
	if (user_sz < sizeof(size_t)) {
		pr_warn("%s size (%zu) is too small\n", type_name, user_sz);
		return false;
	}
	for (size_t i = opts_sz; i < user_sz; i++) {
		if (opts[i]) {
			pr_warn("%s has non-zero extra bytes\n", type_name);
			return false;
		}
	}
	return true;
}

int ensure_good_fd(int fd)
{
	int nfd, saved;

	if (fd < 0)
		return fd;
	if (fd > 2) {
		/* Still make sure it's close-on-exec. */
		int fl = fcntl(fd, F_GETFD);

		if (fl >= 0 && !(fl & FD_CLOEXEC))
			fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
		return fd;
	}
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	saved = errno;
	close(fd);
	errno = saved;
	if (nfd < 0) {
		pr_warn("failed to move fd %d above stdio: %s\n", fd, errstr(saved));
		return -saved;
	}
	return nfd;
}

void close_fd_safe(int fd)
{
	int saved = errno;

	if (fd >= 0)
		close(fd);
	errno = saved;
}

int libbpf_ensure_mem(void **data, size_t *cap, size_t elem_sz, size_t need)
{
	size_t new_cap;
	void *p;

	if (need <= *cap)
		return 0;
	new_cap = *cap ? *cap : 16;
	while (new_cap < need) {
		if (new_cap > SIZE_MAX / 2)
			return -ENOMEM;
		new_cap *= 2;
	}
	if (elem_sz && new_cap > SIZE_MAX / elem_sz)
		return -ENOMEM;
	p = realloc(*data, new_cap * elem_sz);
	if (!p)
		return -ENOMEM;
	*data = p;
	*cap = new_cap;
	return 0;
}

int read_fd_all(int fd, void **bufp, size_t *lenp, size_t max)
{
	size_t len = 0, cap = 0;
	struct stat st;
	char *buf = NULL;
	int err = 0;

	/* /proc and /sys files report size 0; regular ones get one exact
	 * allocation (plus the NUL) */
	if (!fstat(fd, &st) && st.st_size > 0 && (size_t)st.st_size < max)
		cap = st.st_size + 1;
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			err = libbpf_ensure_mem((void **)&buf, &cap, 1, cap ? cap * 2 : 65536);
			if (err)
				break;
		} else if (!buf && !(buf = malloc(cap))) {
			err = -ENOMEM;
			break;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (!n)
			break;
		len += n;
		if (len > max) {
			err = -E2BIG;
			break;
		}
	}
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}
