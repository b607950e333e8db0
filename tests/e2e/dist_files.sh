#!/bin/sh
# dist_files.sh: every source, header and test in the tree is named in the
# build files, so the release tarball (make dist) carries it and a test is
# run, not forgotten.  A header missing there builds here and breaks the
# tarball's build; a test missing there never runs.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

cd "$TEMAS_SRCDIR" || { echo "Bail out! no source directory"; exit 1; }
mk=$(cat Makefile.am $(find . -name local.mk -not -path './build*' -not -path './temas-*'))
missing=
for f in $(find include src tests/e2e tests/unit tests/fuzz tests/bench -type f \
		\( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.sql' \) | sort); do
	case "$mk" in
	*"$f"*) ;;
	*) missing="$missing $f" ;;
	esac
done
check_eq "every source, header and test is in the build files" "" "${missing# }"
finish
