#!/bin/sh
# run.sh [ROOT]: the checks of rco-analyze, against the source tree at ROOT
# (default: the one this script is in).
#
#  1. Each snippet here, analyzed as release code and with -DRCO_DEBUG,
#     gives exactly the findings its comments announce:
#         /* expect: KIND */   a finding of KIND reported on this line
#         /* note: TEXT */     a note on this line says TEXT
#     KIND is leak, use-after-release, not-owned or returns-borrowed. Lines
#     without "expect" must stay silent, and the exit status must be 1 when
#     something is expected and 0 when not.
#  2. The seed examples give the findings seeds.expect lists (they are the
#     bugs the seeds are about; their lines are found by their text).
#  3. The project's code that uses the library, listed in clean.list,
#     analyzes clean.
#  4. rco-analyze says why it cannot run: no clang, code that does not
#     compile (exit 2).
# Exits 77 (skipped, for CTest) when there is no clang to run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${1:-$here/../..}" && pwd)
tool=$root/tools/rco-analyze

if ! clang=$("$tool" --print-clang 2>/dev/null); then
    echo "static analysis checks skipped: no clang to run (Debian: apt-get install -y clang; make analyze installs it)"
    exit 77
fi
echo "analyzer: $("$clang" --version | head -1)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rco-analyze-checks.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

fail() {
    echo "FAIL $1"
    failures=$((failures + 1))
}

# The kind of a finding, from the words rco-analyze starts its message with.
kinds='
/: warning: leak: /                                 { k = "leak" }
/: warning: use after release: /                    { k = "use-after-release" }
/: warning: release of a reference not owned here/  { k = "not-owned" }
/: warning: a borrowed reference returned as a new/ { k = "returns-borrowed" }
/: warning: / {
    if (k == "") k = "unknown"
    split($0, p, ":"); print p[2], k; k = ""
}'

# check NAME FILE EXPECTED_FINDINGS EXPECTED_NOTES [-- FLAGS]: analyze FILE
# and compare. EXPECTED_FINDINGS holds "LINE KIND" lines, EXPECTED_NOTES
# "LINE TEXT" lines.
check() {
    name=$1 file=$2 want=$3 want_notes=$4
    shift 4
    checks=$((checks + 1))
    "$tool" -q "$file" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    awk "$kinds" "$tmp/out" | sort >"$tmp/got"
    sort "$want" >"$tmp/want"
    expected_status=0
    [ -s "$tmp/want" ] && expected_status=1
    problem=""
    if [ $status -ne $expected_status ]; then
        problem="exit status $status, expected $expected_status"
    elif ! cmp -s "$tmp/got" "$tmp/want"; then
        problem="findings differ (< expected, > reported): $(diff "$tmp/want" "$tmp/got" | grep '^[<>]' | tr '\n' ';')"
    else
        while read -r line text; do
            if ! grep -F ":$line:" "$tmp/out" | grep ': note: ' | grep -qF -- "$text"; then
                problem="no note on line $line saying \"$text\""
                break
            fi
        done <"$want_notes"
    fi
    if [ -n "$problem" ]; then
        fail "$name: $problem"
        sed 's/^/    /' "$tmp/out" "$tmp/err"
    else
        echo "ok   $name ($(wc -l <"$tmp/want" | tr -d ' ') findings)"
    fi
}

# 1. Snippets: the markers in their comments.
for snippet in "$here"/*.c; do
    awk '{
        rest = $0
        while (match(rest, /expect: [a-z-]+/)) {
            print NR, substr(rest, RSTART + 8, RLENGTH - 8)
            rest = substr(rest, RSTART + RLENGTH)
        }
    }' "$snippet" >"$tmp/want_findings"
    awk '{
        rest = $0
        while (match(rest, /note: [^*]*\*\//)) {
            t = substr(rest, RSTART + 6, RLENGTH - 8); sub(/ +$/, "", t)
            print NR, t
            rest = substr(rest, RSTART + RLENGTH)
        }
    }' "$snippet" >"$tmp/want_notes"
    if [ ! -s "$tmp/want_findings" ]; then
        fail "$(basename "$snippet"): announces no finding (a snippet pairs bugs with clean code)"
        continue
    fi
    base=$(basename "$snippet")
    check "$base" "$snippet" "$tmp/want_findings" "$tmp/want_notes"
    check "$base -DRCO_DEBUG" "$snippet" "$tmp/want_findings" "$tmp/want_notes" -- -DRCO_DEBUG
done

# 2. The seed examples: "FILE | KIND or note: TEXT | text of a line [| offset]".
seeds=$(grep -v '^#' "$here/seeds.expect" | grep -v '^ *$' | cut -d'|' -f1 | sed 's/ *$//' | sort -u)
for seed in $seeds; do
    : >"$tmp/want_findings"
    : >"$tmp/want_notes"
    grep -v '^#' "$here/seeds.expect" | while IFS='|' read -r file what text offset; do
        file=$(echo "$file" | sed 's/ *$//')
        [ "$file" = "$seed" ] || continue
        what=$(echo "$what" | sed 's/^ *//; s/ *$//')
        text=$(echo "$text" | sed 's/^ *//; s/ *$//')
        [ "$what" = clean ] && continue
        line=$(grep -nF -- "$text" "$root/$seed" | cut -d: -f1)
        if [ "$(echo "$line" | wc -w)" -ne 1 ]; then
            echo "seeds.expect: \"$text\" is not on exactly one line of $seed" >&2
            echo "0 unfound-line" >>"$tmp/want_findings"
            continue
        fi
        line=$((line + ${offset:-0}))
        case "$what" in
            note:*) echo "$line $(echo "${what#note:}" | sed 's/^ *//')" >>"$tmp/want_notes" ;;
            *) echo "$line $what" >>"$tmp/want_findings" ;;
        esac
    done
    check "$seed" "$root/$seed" "$tmp/want_findings" "$tmp/want_notes" -- -DRCO_DEBUG
done

# 3. The project's own library-using code: "PATTERN [FLAGS]" per line,
#    the pattern relative to ROOT.
: >"$tmp/none"
grep -v '^#' "$here/clean.list" | grep -v '^ *$' | while read -r pattern flags; do
    for file in $root/$pattern; do
        # shellcheck disable=SC2086 # the flags are words
        check "${file#"$root"/} (must be clean)" "$file" "$tmp/none" "$tmp/none" -- $flags
    done
done >"$tmp/clean_report"
cat "$tmp/clean_report"
checks=$((checks + $(grep -c '^ok \|^FAIL' "$tmp/clean_report")))
failures=$((failures + $(grep -c '^FAIL' "$tmp/clean_report")))

# 4. When it cannot run.
checks=$((checks + 1))
msg=$(RCO_CLANG=/nonexistent/clang "$tool" "$here/classes.c" 2>&1)
status=$?
if [ $status -eq 2 ] && echo "$msg" | grep -q "apt-get install clang"; then
    echo "ok   no clang: exit 2, says what to install"
else
    fail "no clang: exit $status, said: $msg"
fi
checks=$((checks + 1))
printf '#include <rco.h>\nrco_object *broken(void) { return rco_int(1) +; }\n' >"$tmp/broken.c"
msg=$("$tool" "$tmp/broken.c" 2>&1)
status=$?
if [ $status -eq 2 ] && echo "$msg" | grep -q "error:" && echo "$msg" | grep -q "could not be analyzed"; then
    echo "ok   code that does not compile: exit 2, shows the error"
else
    fail "code that does not compile: exit $status, said: $msg"
fi

echo "$((checks - failures)) of $checks static analysis checks passed"
[ $failures -eq 0 ]
