// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gen-helper-defs: build bpf_helper_defs.h from a uapi <linux/bpf.h>.
 *
 * The uapi header documents every helper in one big comment (a prototype
 * line in kernel types, then "Description" and "Return" blocks) and lists
 * the helper ids in the __BPF_FUNC_MAPPER / ___BPF_FUNC_MAPPER macro. Old
 * headers (<= 6.1) give ids by position, newer ones as FN(name, id, ...).
 * We join both and print one function-pointer constant per helper, with
 * the kernel types turned into what a BPF program can name.
 *
 * Usage: gen-helper-defs /usr/include/linux/bpf.h > bpf_helper_defs.h
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HELPERS 1024
#define MAX_ARGS 16
#define MAX_STRUCTS 256

struct helper_doc {
	char *name;		/* without the bpf_ prefix */
	char *ret;		/* kernel return type, e.g. "long", "void *" */
	char *args;		/* raw argument list between the parens */
	char *desc;		/* description text, one line per line */
	char *retdoc;		/* text of the Return block */
	bool fastcall;		/* documented with the __bpf_fastcall attribute */
	int overloads;		/* how many prototypes share this name */
};

struct helper_id {
	char *name;
	long id;
};

static struct helper_doc docs[MAX_HELPERS];
static int doc_cnt;
static struct helper_id ids[MAX_HELPERS];
static int id_cnt;
static char *structs[MAX_STRUCTS];
static int struct_cnt;

/*
 * Helpers that kernels newer than some installed uapi headers provide; used
 * only when the parsed header does not know the id, so that programs built
 * against an older uapi can still call them. Prototypes are in BPF types.
 */
static const struct {
	long id;
	const char *name;
	const char *ret;
	const char *args;
	const char *desc;
} extra_helpers[] = {
	{ 210, "cgrp_storage_get", "void *",
	  "void *map, struct cgroup *cgroup, void *value, __u64 flags",
	  "Get (or with BPF_LOCAL_STORAGE_GET_F_CREATE create) the cgroup local\n"
	  "storage of *cgroup* in *map*. Returns the value pointer or NULL." },
	{ 211, "cgrp_storage_delete", "long", "void *map, struct cgroup *cgroup",
	  "Delete the cgroup local storage of *cgroup* in *map*.\n"
	  "Returns 0 or a negative error." },
};

/*
 * Argument types that later kernels widened or made const without changing
 * the ABI; applied so a program that passes the newer types (e.g. a const
 * dynptr) still compiles when built against an older uapi header.
 */
static const struct {
	const char *name;
	int arg;
	const char *type;
} arg_updates[] = {
	{ "redirect_map", 1, "__u64 key" },
	{ "dynptr_read", 2, "const struct bpf_dynptr *src" },
	{ "dynptr_write", 0, "const struct bpf_dynptr *dst" },
	{ "dynptr_data", 0, "const struct bpf_dynptr *ptr" },
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "gen-helper-defs: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xrealloc(void *p, size_t sz)
{
	p = realloc(p, sz);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *r = xrealloc(NULL, n + 1);

	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Append one line to a growing text buffer. */
static void text_append(char **buf, const char *line)
{
	size_t old = *buf ? strlen(*buf) : 0, n = strlen(line);

	*buf = xrealloc(*buf, old + n + 2);
	memcpy(*buf + old, line, n);
	(*buf)[old + n] = '\n';
	(*buf)[old + n + 1] = '\0';
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t cap = 1 << 16, len = 0, n;
	char *buf;

	if (!f)
		die("cannot open %s", path);
	buf = xrealloc(NULL, cap);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 4096) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	if (ferror(f))
		die("read error on %s", path);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static struct helper_doc *doc_find(const char *name)
{
	for (int i = 0; i < doc_cnt; i++)
		if (!strcmp(docs[i].name, name))
			return &docs[i];
	return NULL;
}

/*
 * A prototype line looks like " * RET bpf_NAME(ARGS)": text right after
 * " * " (no tab, which would be body text) with a bpf_ call at the end.
 */
static struct helper_doc *parse_proto(const char *line)
{
	const char *p, *open, *close, *name;
	struct helper_doc *d;
	char *nm;

	if (strncmp(line, " * ", 3) || !isalpha((unsigned char)line[3]))
		return NULL;
	p = line + 3;
	open = strchr(p, '(');
	close = strrchr(p, ')');
	if (!open || !close || close < open)
		return NULL;
	for (const char *t = close + 1; *t; t++)
		if (!isspace((unsigned char)*t))
			return NULL;
	name = open;
	while (name > p && (isalnum((unsigned char)name[-1]) || name[-1] == '_'))
		name--;
	if (strncmp(name, "bpf_", 4) || name == p)
		return NULL;
	if (name[-1] != ' ' && name[-1] != '*')
		return NULL;

	nm = xstrndup(name + 4, open - name - 4);
	d = doc_find(nm);
	if (d) {
		/* Same helper documented once per context type. */
		d->overloads++;
		free(nm);
		return NULL;
	}
	if (doc_cnt == MAX_HELPERS)
		die("too many helpers");
	d = &docs[doc_cnt++];
	d->name = nm;
	d->ret = xstrndup(p, name - p);
	d->ret = trim(d->ret);
	d->args = xstrndup(open + 1, close - open - 1);
	d->overloads = 1;
	return d;
}

enum block { BLK_NONE, BLK_DESC, BLK_RET, BLK_ATTR };

/* Walk the helper documentation comment. */
static void parse_docs(char *text)
{
	char *start = strstr(text, "Start of BPF helper function descriptions");
	struct helper_doc *cur = NULL;
	enum block blk = BLK_NONE;
	char *line, *next;

	if (!start)
		die("helper documentation not found");
	start = strchr(start, '\n');
	for (line = start ? start + 1 : NULL; line; line = next) {
		char *body;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, " */", 3))
			break;
		struct helper_doc *d = parse_proto(line);
		if (d || (!strncmp(line, " * ", 3) && isalpha((unsigned char)line[3]))) {
			/* a new prototype (or a repeated one we skip) */
			cur = d;
			blk = BLK_NONE;
			continue;
		}
		if (!cur || strncmp(line, " *", 2))
			continue;
		body = trim(line + 2);
		if (!strcmp(body, "Description")) {
			blk = BLK_DESC;
			continue;
		}
		if (!strcmp(body, "Return")) {
			blk = BLK_RET;
			continue;
		}
		if (!strcmp(body, "Attributes")) {
			blk = BLK_ATTR;
			continue;
		}
		if (blk == BLK_DESC)
			text_append(&cur->desc, body);
		else if (blk == BLK_RET)
			text_append(&cur->retdoc, body);
		else if (blk == BLK_ATTR && strstr(body, "__bpf_fastcall"))
			cur->fastcall = true;
	}
}

/* Read the FN(...) entries of the helper id mapper macro. */
static void parse_mapper(char *text)
{
	char *p = strstr(text, "#define ___BPF_FUNC_MAPPER(");

	if (!p)
		p = strstr(text, "#define __BPF_FUNC_MAPPER(");
	if (!p)
		die("helper id list (__BPF_FUNC_MAPPER) not found");
	p = strchr(p, '\n');
	while (p) {
		char *line = p + 1, *end = strchr(line, '\n'), *fn, *q;
		bool more;

		if (!end)
			break;
		*end = '\0';
		p = end;
		more = strchr(line, '\\') != NULL;
		fn = strstr(line, "FN(");
		if (fn) {
			fn += 3;
			q = fn;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (id_cnt == MAX_HELPERS)
				die("too many helper ids");
			ids[id_cnt].name = xstrndup(fn, q - fn);
			while (*q == ' ')
				q++;
			if (*q == ',')
				ids[id_cnt].id = strtol(q + 1, NULL, 0);
			else
				ids[id_cnt].id = id_cnt;
			id_cnt++;
		}
		if (!more)
			break;
	}
	if (id_cnt < 2)
		die("helper id list is empty");
}

/* Replace whole word @from in @s by @to (returns a new string). */
static char *replace_word(const char *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), cap = strlen(s) * 2 + 64, n = 0;
	char *r = xrealloc(NULL, cap);
	const char *p = s;

	while (*p) {
		bool start = p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');

		if (start && !strncmp(p, from, fl) &&
		    !(isalnum((unsigned char)p[fl]) || p[fl] == '_')) {
			if (n + tl + 1 >= cap)
				r = xrealloc(r, cap = cap * 2 + tl);
			memcpy(r + n, to, tl);
			n += tl;
			p += fl;
			continue;
		}
		if (n + 2 >= cap)
			r = xrealloc(r, cap *= 2);
		r[n++] = *p++;
	}
	r[n] = '\0';
	return r;
}

/*
 * Kernel type -> type a BPF program uses. Maps are opaque to programs (the
 * map's BTF object is passed as void *), kernel socket/packet structs are
 * seen through their uapi context structs, and u32-style names are the
 * uapi __u32 ones.
 */
static char *map_type(const char *ktype)
{
	static const char *const words[][2] = {
		{ "u8", "__u8" },   { "u16", "__u16" }, { "u32", "__u32" },
		{ "u64", "__u64" }, { "s8", "__s8" },   { "s16", "__s16" },
		{ "s32", "__s32" }, { "s64", "__s64" }, { "size_t", "unsigned long" },
	};
	static const char *const structs_map[][2] = {
		{ "struct bpf_map", "void" },
		{ "struct sk_buff", "struct __sk_buff" },
		{ "struct sk_msg_buff", "struct sk_msg_md" },
		{ "struct xdp_buff", "struct xdp_md" },
	};
	char *t = xstrndup(ktype, strlen(ktype)), *n;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = replace_word(t, words[i][0], words[i][1]);
		free(t);
		t = n;
	}
	for (size_t i = 0; i < sizeof(structs_map) / sizeof(structs_map[0]); i++) {
		char *hit = strstr(t, structs_map[i][0]);
		size_t l = strlen(structs_map[i][0]);

		if (!hit || isalnum((unsigned char)hit[l]) || hit[l] == '_')
			continue;
		n = xrealloc(NULL, strlen(t) + strlen(structs_map[i][1]) + 1);
		sprintf(n, "%.*s%s%s", (int)(hit - t), t, structs_map[i][1], hit + l);
		free(t);
		t = n;
	}
	return t;
}

/* Remember "struct X" names so they can be forward-declared. */
static void note_structs(const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "struct "))) {
		const char *b = p + 7, *e = b;
		char *nm;
		int i;

		while (isalnum((unsigned char)*e) || *e == '_')
			e++;
		p = e;
		if (e == b)
			continue;
		nm = xstrndup(b, e - b);
		for (i = 0; i < struct_cnt; i++)
			if (!strcmp(structs[i], nm))
				break;
		if (i < struct_cnt || struct_cnt == MAX_STRUCTS) {
			free(nm);
			continue;
		}
		structs[struct_cnt++] = nm;
	}
}

/* Split "a, b, c" into up to MAX_ARGS trimmed pieces; returns the count. */
static int split_args(char *args, char **out)
{
	int n = 0;
	char *p = args;

	if (!*trim(args) || !strcmp(trim(args), "void"))
		return 0;
	for (;;) {
		char *comma = strchr(p, ',');

		if (n == MAX_ARGS)
			die("too many arguments in '%s'", args);
		if (comma)
			*comma = '\0';
		out[n++] = trim(p);
		if (!comma)
			break;
		p = comma + 1;
	}
	return n;
}

/* Build the BPF-side argument list of one helper. */
static char *bpf_args(const struct helper_doc *d)
{
	char *raw = xstrndup(d->args, strlen(d->args)), *argv[MAX_ARGS];
	char *out = xrealloc(NULL, 1);
	int n = split_args(raw, argv);

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		/*
		 * A helper documented once per context type takes whatever
		 * context the program has: its first argument is void *ctx.
		 */
		char *a = (i == 0 && d->overloads > 1) ? xstrndup("void *ctx", 9)
						       : map_type(argv[i]);

		for (size_t k = 0; k < sizeof(arg_updates) / sizeof(arg_updates[0]); k++) {
			if (strcmp(arg_updates[k].name, d->name) || arg_updates[k].arg != i)
				continue;
			free(a);
			a = xstrndup(arg_updates[k].type, strlen(arg_updates[k].type));
		}
		size_t l = strlen(out);

		out = xrealloc(out, l + strlen(a) + 3);
		sprintf(out + l, "%s%s", i ? ", " : "", a);
		free(a);
	}
	if (!n) {
		free(out);
		out = xstrndup("void", 4);
	}
	free(raw);
	return out;
}

static void print_comment_block(const char *title, const char *text)
{
	const char *p = text;
	int lines = 0;

	if (!text)
		return;
	printf(" *\n * %s\n", title);
	/* Keep it short: the first paragraph only. */
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (!l && lines)
			break;
		if (l) {
			/* never let the doc text close our comment */
			printf(" *\t");
			for (size_t i = 0; i < l; i++) {
				if (p[i] == '*' && i + 1 < l && p[i + 1] == '/')
					fputs("*\\", stdout);
				else
					putchar(p[i]);
			}
			putchar('\n');
			lines++;
		}
		if (!e)
			break;
		p = e + 1;
	}
}

static void emit_helper(const char *name, long id, const char *ret, const char *args,
			const char *desc, const char *retdoc, bool fastcall)
{
	size_t rl = strlen(ret);
	bool ptr = rl && ret[rl - 1] == '*';

	printf("/*\n * bpf_%s (helper id %ld)\n", name, id);
	print_comment_block("Description", desc);
	print_comment_block("Returns", retdoc);
	printf(" */\n");
	printf("static %s%s(* const bpf_%s)(%s)%s = (void *) %ld;\n\n", ret, ptr ? "" : " ",
	       name, args, fastcall ? " __bpf_fastcall" : "", id);
}

static bool id_known(const char *name)
{
	for (int i = 0; i < id_cnt; i++)
		if (!strcmp(ids[i].name, name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	char *text, *text2;
	char **ret = NULL, **args = NULL;

	if (argc != 2) {
		fprintf(stderr, "usage: %s path/to/linux/bpf.h\n", argv[0]);
		return 2;
	}
	text = read_file(argv[1]);
	text2 = xstrndup(text, strlen(text));
	parse_docs(text);
	parse_mapper(text2);

	ret = xrealloc(NULL, sizeof(*ret) * id_cnt);
	args = xrealloc(NULL, sizeof(*args) * id_cnt);
	for (int i = 0; i < id_cnt; i++) {
		struct helper_doc *d = doc_find(ids[i].name);

		ret[i] = args[i] = NULL;
		if (!strcmp(ids[i].name, "unspec"))
			continue;
		if (!d) {
			/* Still declare it so the id is usable. */
			fprintf(stderr, "gen-helper-defs: warning: bpf_%s is not documented\n",
				ids[i].name);
			ret[i] = xstrndup("long", 4);
			args[i] = xstrndup("", 0);
			continue;
		}
		ret[i] = map_type(d->ret);
		args[i] = bpf_args(d);
		note_structs(ret[i]);
		note_structs(args[i]);
	}
	for (size_t i = 0; i < sizeof(extra_helpers) / sizeof(extra_helpers[0]); i++)
		if (!id_known(extra_helpers[i].name))
			note_structs(extra_helpers[i].args);

	printf("/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */\n");
	printf("/* Generated by bpfkit's gen-helper-defs from %s; do not edit. */\n", argv[1]);
	printf("#ifndef __BPF_HELPER_DEFS_H\n#define __BPF_HELPER_DEFS_H\n\n");
	printf("/* Helpers the verifier calls without clobbering caller registers. */\n");
	printf("#ifndef __bpf_fastcall\n#if __has_attribute(bpf_fastcall)\n");
	printf("#define __bpf_fastcall __attribute__((bpf_fastcall))\n");
	printf("#else\n#define __bpf_fastcall\n#endif\n#endif\n\n");
	printf("/* Kernel and uapi structs named by the prototypes below. */\n");
	for (int i = 0; i < struct_cnt; i++)
		printf("struct %s;\n", structs[i]);
	printf("\n");

	for (int i = 0; i < id_cnt; i++) {
		struct helper_doc *d = doc_find(ids[i].name);

		if (!ret[i])
			continue;
		emit_helper(ids[i].name, ids[i].id, ret[i], args[i], d ? d->desc : NULL,
			    d ? d->retdoc : NULL, d && d->fastcall);
	}
	for (size_t i = 0; i < sizeof(extra_helpers) / sizeof(extra_helpers[0]); i++) {
		if (id_known(extra_helpers[i].name))
			continue;
		emit_helper(extra_helpers[i].name, extra_helpers[i].id, extra_helpers[i].ret,
			    extra_helpers[i].args, extra_helpers[i].desc, NULL, false);
	}
	printf("#endif /* __BPF_HELPER_DEFS_H */\n");
	if (fflush(stdout) || ferror(stdout))
		die("write error");
	return 0;
}
