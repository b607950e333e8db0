#!/bin/sh
# cli_config.sh: the configuration file chooses the database after -d and
# $TEMAS_DB; a broken file is named with its line and stops temas before
# anything is opened or created.
. "${TEMAS_SRCDIR:-.}/tests/e2e/lib.sh"

conf="$XDG_CONFIG_HOME/temas/config"
mkdir -p "$XDG_CONFIG_HOME/temas"

printf 'theme = mono\n\n# next line is wrong\ncolour = red\n' > "$conf"
run_cmd init -d "$T_TMP/a.db"
check_eq "unknown key: exit 1" 1 "$RC"
check_eq "unknown key: message names file and line" \
	"temas: $conf:4: unknown key 'colour'" "$ERR"
check "unknown key: nothing created" test ! -e "$T_TMP/a.db"

printf 'theme mono\n' > "$conf"
run_cmd -d "$T_TMP/a.db"
check_eq "no '=': message" "temas: $conf:1: expected 'key = value'" "$ERR"

printf 'date_format = %%d.%%m.%%Y %%J\n' > "$conf"
run_cmd -d "$T_TMP/a.db"
check_eq "bad date format: message" \
	"temas: $conf:1: date_format: unknown conversion '%J'" "$ERR"
check_eq "bad date format: exit 1" 1 "$RC"

run_cmd --version
check_eq "--version works with a broken configuration" 0 "$RC"

printf '# shared team file\ndatabase = %s/conf.db\nchurn_days = 60\n' "$T_TMP" > "$conf"
run_cmd init
check_eq "database from the configuration: exit 0" 0 "$RC"
check "database from the configuration: created there" test -s "$T_TMP/conf.db"

TEMAS_DB="$T_TMP/env.db" run_cmd init
check "TEMAS_DB wins over the configuration" test -s "$T_TMP/env.db"

TEMAS_DB="$T_TMP/env2.db" run_cmd init -d "$T_TMP/opt.db"
check "-d wins over TEMAS_DB" test -s "$T_TMP/opt.db"
check "-d wins: TEMAS_DB file not created" test ! -e "$T_TMP/env2.db"

printf 'database = ~/team/home.db\n' > "$conf"
mkdir -p "$HOME/team"
run_cmd init
check "database = ~/...: under the home directory" test -s "$HOME/team/home.db"

# churn_days is the report's default churn window; the option still wins.
printf 'churn_days = 90\n' > "$conf"
run_cmd -d "$T_TMP/conf.db" report --format csv
check_contains "churn_days from the configuration" "churn,customers,days,90" "$OUT"
run_cmd -d "$T_TMP/conf.db" report --format csv --churn-days 30
check_contains "--churn-days wins over the configuration" "churn,customers,days,30" "$OUT"

rm -f "$conf"
run_cmd -d "$T_TMP/conf.db" report --format csv
check_contains "no churn_days: 365 days" "churn,customers,days,365" "$OUT"
run_cmd init -d "$T_TMP/noconf.db"
check_eq "no configuration file: fine" 0 "$RC"

finish
