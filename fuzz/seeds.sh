#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Seed inputs for the BTF fuzz targets, made at run time from the built test
# objects: seeds.sh KIND BUILD SEEDDIR, KIND one of btf, btf_ext, linker.
#   btf:     the raw .BTF section of every object, plus a tiny one
#   btf_ext: 4-byte little-endian length of .BTF, .BTF, then .BTF.ext
#   linker:  every object, plus pairs of the linker test objects: 4-byte
#            little-endian length of the first, the first, the second
set -e
kind=$1 build=$2 seed=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the sizes as 4 raw little-endian bytes
le32() {
	n=$1
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((n & 255)) $((n >> 8 & 255)) \
		$((n >> 16 & 255)) $((n >> 24 & 255)))"
}

dump() {
	llvm-objcopy --dump-section "$2=$3" "$1" "$tmp/junk.o" 2>/dev/null
}

printf 'struct s { int a; char b[3]; } g;\nint f(struct s *p) { return p->a; }\n' >"$tmp/tiny.c"
clang -O2 -g -target bpf -c "$tmp/tiny.c" -o "$tmp/tiny.bpf.o"

if [ "$kind" = linker ]; then
	p=$build/tests/progs
	cp "$p"/*.bpf.o "$seed/" 2>/dev/null || true
	for pair in linked_a:linked_b linked_b:linked_a linked_weak:linked_b linked_b:linked_c; do
		a=$p/${pair%%:*}.bpf.o b=$p/${pair#*:}.bpf.o
		[ -f "$a" ] && [ -f "$b" ] || continue
		{ le32 "$(wc -c <"$a")"; cat "$a" "$b"; } >"$seed/${pair%%:*}-${pair#*:}.pair"
	done
	exit 0
fi

for o in "$build"/tests/progs/*.bpf.o "$tmp/tiny.bpf.o"; do
	[ -f "$o" ] || continue
	b=$(basename "$o" .bpf.o)
	dump "$o" .BTF "$tmp/btf" || continue
	case $kind in
	btf)
		cp "$tmp/btf" "$seed/$b.btf"
		;;
	btf_ext)
		dump "$o" .BTF.ext "$tmp/ext" || continue
		{ le32 "$(wc -c <"$tmp/btf")"; cat "$tmp/btf" "$tmp/ext"; } >"$seed/$b.in"
		;;
	esac
	rm -f "$tmp/btf" "$tmp/ext"
done
