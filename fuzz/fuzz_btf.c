// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the BTF parser: the input is a raw BTF blob, parsed
 * on its own and as split BTF over a small fixed base. Whatever parses is
 * walked through every query of the public API, serialized and parsed back,
 * deduplicated on a copy and appended to an empty BTF; split inputs are also
 * distilled and relocated back onto their base. Invariants that the
 * parser promises (references in range, serialized output parses) trap.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include "libbpf_internal.h"

static volatile uint8_t sink;
static struct btf *base;

/* int, long, char, a struct with two fields, a pointer to it, an enum and
 * a typedef: enough for split inputs to reference every family of kinds. */
static struct btf *build_base(void)
{
	struct btf *b = btf__new_empty();
	int s;

	if (!b)
		return NULL;
	btf__add_int(b, "int", 4, BTF_INT_SIGNED);               /* 1 */
	btf__add_int(b, "long", 8, BTF_INT_SIGNED);              /* 2 */
	btf__add_int(b, "char", 1, BTF_INT_CHAR);                /* 3 */
	s = btf__add_struct(b, "pair", 16);                      /* 4 */
	btf__add_field(b, "a", 1, 0, 0);
	btf__add_field(b, "b", 2, 64, 0);
	btf__add_ptr(b, s);                                      /* 5 */
	btf__add_enum(b, "color", 4);                            /* 6 */
	btf__add_enum_value(b, "RED", 0);
	btf__add_typedef(b, "pair_t", s);                        /* 7 */
	btf__add_fwd(b, "opaque", BTF_FWD_STRUCT);               /* 8 */
	return b;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* malformed input is the normal case here: keep the log quiet */
	libbpf_set_print(NULL);
	base = build_base();
	if (!base)
		abort();
	return 0;
}

static void touch_str(const char *s)
{
	if (!s)
		__builtin_trap();
	sink ^= (uint8_t)strlen(s);
}

static void check_ref(const struct btf *btf, __u32 id)
{
	if (id >= btf__type_cnt(btf))
		__builtin_trap();
}

static void walk_vlen(const struct btf *btf, const struct btf_type *t)
{
	__u16 vlen = btf_vlen(t);

	for (__u16 i = 0; i < vlen; i++) {
		switch (btf_kind(t)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			touch_str(btf__name_by_offset(btf, btf_members(t)[i].name_off));
			check_ref(btf, btf_members(t)[i].type);
			sink ^= btf_member_bit_offset(t, i) ^ btf_member_bitfield_size(t, i);
			break;
		case BTF_KIND_ENUM:
			touch_str(btf__name_by_offset(btf, btf_enum(t)[i].name_off));
			break;
		case BTF_KIND_ENUM64:
			touch_str(btf__name_by_offset(btf, btf_enum64(t)[i].name_off));
			sink ^= (uint8_t)btf_enum64_value(&btf_enum64(t)[i]);
			break;
		case BTF_KIND_FUNC_PROTO:
			btf__name_by_offset(btf, btf_params(t)[i].name_off);
			check_ref(btf, btf_params(t)[i].type);
			break;
		case BTF_KIND_DATASEC:
			check_ref(btf, btf_var_secinfos(t)[i].type);
			break;
		default:
			break;
		}
	}
}

static void walk_type(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	if (!t)
		__builtin_trap();
	name = btf__name_by_offset(btf, t->name_off);
	/* "void" always resolves to id 0, whatever the types are called */
	if (name && *name && strcmp(name, "void")) {
		__s32 found = btf__find_by_name_kind(btf, name, btf_kind(t));

		/* the first type of that name and kind: never a later one */
		if (found <= 0 || (__u32)found > id)
			__builtin_trap();
		btf__find_by_name(btf, name);
	}
	btf__resolve_size(btf, id);
	btf__resolve_type(btf, id);
	btf__align_of(btf, id);
	if (btf_is_array(t)) {
		check_ref(btf, btf_array(t)->type);
		check_ref(btf, btf_array(t)->index_type);
	}
	walk_vlen(btf, t);
}

static void walk(const struct btf *btf)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 id = 0; id < n; id++)
		walk_type(btf, id);
	if (btf__type_by_id(btf, n))
		__builtin_trap();
}

/* Serialize and parse the result again: what we emit must be valid. */
static void round_trip(const struct btf *btf, struct btf *b)
{
	const void *raw;
	struct btf *again;
	__u32 size;

	raw = btf__raw_data(btf, &size);
	if (!raw)
		return; /* ENOMEM only */
	again = btf__new_split(raw, size, b);
	if (!again || btf__type_cnt(again) != btf__type_cnt(btf))
		__builtin_trap();
	btf__free(again);
}

/* Dedup a copy (dedup rewrites in place) built with btf__add_btf, which
 * itself is the append path under test. */
static void dedup_copy(const struct btf *btf, struct btf *b)
{
	struct btf *copy = b ? btf__new_empty_split(b) : btf__new_empty();
	int first;

	if (!copy)
		return;
	first = btf__add_btf(copy, btf);
	if (first > 0 && !btf__dedup(copy, NULL)) {
		walk(copy);
		round_trip(copy, b);
	}
	btf__free(copy);
}

/* Distill split BTF and relocate the result back onto the base it came
 * from: every distilled type has its original there, so this must work. */
static void distill_back(const struct btf *btf, struct btf *b)
{
	struct btf *nb, *ns;

	if (btf__distill_base(btf, &nb, &ns))
		return; /* ENOMEM, or a string/type limit */
	walk(ns);
	if (btf__relocate(ns, b) || btf__base_btf(ns) != b ||
	    btf__type_cnt(ns) < btf__type_cnt(btf))
		__builtin_trap();
	walk(ns);
	btf__free(ns);
	btf__free(nb);
}

static void exercise(const struct btf *btf, struct btf *b)
{
	walk(btf);
	round_trip(btf, b);
	dedup_copy(btf, b);
	if (b)
		distill_back(btf, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf *btf;

	if (size > UINT32_MAX)
		return 0;
	btf = btf__new(data, size);
	if (btf) {
		exercise(btf, NULL);
		btf__free(btf);
	}
	btf = btf__new_split(data, size, base);
	if (btf) {
		exercise(btf, base);
		btf__free(btf);
	}
	return 0;
}
