#!/bin/sh
# doc.sh: --help and --version speak as GNU programs do, --help lists every
# registered command, and the manual pages format without a warning and
# document every command --help lists.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

: "${TEMAS_BUILDDIR:?TEMAS_BUILDDIR must point at the build directory}"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$TEMAS_BUILDDIR/config.h")

run_cmd --version
check_eq "--version: exit 0" 0 "$RC"
check_eq "--version: first line is name and version" "temas $version" \
	"$(printf '%s\n' "$OUT" | head -1)"
check_contains "--version: copyright line" "Copyright (C) " "$OUT"
check_contains "--version: warranty line" "NO WARRANTY" "$OUT"
check_eq "--version: three lines (name, copyright, warranty), nothing on stderr" \
	"3 lines, stderr ''" "$(printf '%s\n' "$OUT" | wc -l) lines, stderr '$ERR'"
run_cmd -V
check_eq "-V is --version" "temas $version" "$(printf '%s\n' "$OUT" | head -1)"

run_cmd --help
check_eq "--help: exit 0" 0 "$RC"
check_contains "--help: usage line" "Usage: temas" "$OUT"
help=$OUT
# The command table in main.c is the one place commands are registered.
cmds=$(sed -n 's/^[[:space:]]*{ "\([a-z][a-z-]*\)", [a-z_]*,.*/\1/p' "$TEMAS_SRCDIR/src/main.c")
[ -n "$cmds" ] || not_ok "commands found in src/main.c"
for c in $cmds; do
	case "$help" in
	*"
  $c "*) ok "--help lists $c" ;;
	*) not_ok "--help lists $c" ;;
	esac
done

if ! command -v man >/dev/null 2>&1; then
	T_COUNT=$((T_COUNT + 1))
	echo "ok $T_COUNT - manual pages # SKIP man is not installed"
	finish
	exit
fi
for page in temas.1 temas.theme.5 temas-macro.5; do
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$TEMAS_SRCDIR/doc/$page" 2>&1 >/dev/null)
	check_eq "$page formats without warnings" "" "$warn"
done
text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$TEMAS_SRCDIR/doc/temas.1" 2>/dev/null)
for c in $cmds; do
	case "$text" in
	*"
       $c"*) ok "temas.1 documents $c" ;;
	*) not_ok "temas.1 documents $c" ;;
	esac
done
for section in SYNOPSIS COMMANDS CONFIGURATION FILES ENVIRONMENT "EXIT STATUS"; do
	check_contains "temas.1 has $section" "
$section" "$text"
done
for var in TEMAS_DB XDG_CONFIG_HOME XDG_DATA_HOME NO_COLOR EDITOR TEMAS_NOW; do
	check_contains "temas.1 explains $var" "$var" "$text"
done

finish
