#!/bin/sh
# install.sh: `make install DESTDIR=...` puts a working binary, the manual
# pages, the themes, templates and translations under the prefix, and
# `make uninstall` takes every file away again.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

: "${TEMAS_BUILDDIR:?TEMAS_BUILDDIR must point at the build directory}"
dest="$T_TMP/dest"
# This runs inside `make check`: the outer make's job server is not ours.
unset MAKEFLAGS MFLAGS MAKELEVEL
if make -s -C "$TEMAS_BUILDDIR" install DESTDIR="$dest" >"$T_TMP/install.log" 2>&1; then
	ok "make install DESTDIR"
else
	not_ok "make install DESTDIR" "$(tail -5 "$T_TMP/install.log")"
fi

bin=$(find "$dest" -path '*/bin/temas' -type f)
check "binary installed" test -x "$bin"
out=$("$bin" --version 2>&1)
check_eq "installed binary runs --version" "$("$TEMAS" --version)" "$out"

for page in man1/temas.1 man5/temas.theme.5; do
	f=$(find "$dest" -path "*/man/$page" -type f)
	check "$page installed" test -f "$f"
	if command -v man >/dev/null 2>&1 && [ -f "$f" ]; then
		check_contains "installed $page formats" "temas" \
			"$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$f" 2>/dev/null)"
	fi
done

# Every data file in the source tree lands under share/temas/.
for dir in themes templates; do
	for f in "$TEMAS_SRCDIR/$dir"/*; do
		[ -f "$f" ] || continue
		case "$f" in *.mk) continue ;; esac
		name=$(basename "$f")
		check "$dir/$name installed" \
			test -n "$(find "$dest" -path "*/share/temas/*/$name" -type f)"
	done
done
for lang in $(sed 's/#.*//' "$TEMAS_SRCDIR/po/LINGUAS"); do
	check "$lang translation installed" \
		test -n "$(find "$dest" -path "*/locale/$lang/LC_MESSAGES/temas.mo" -type f)"
done

make -s -C "$TEMAS_BUILDDIR" uninstall DESTDIR="$dest" >"$T_TMP/uninstall.log" 2>&1
check_eq "make uninstall leaves no files" "" "$(find "$dest" -type f)"

finish
