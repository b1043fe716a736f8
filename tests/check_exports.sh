#!/bin/sh
# Only rco_ symbols may be exported: from the shared libraries' dynamic
# symbol tables and among the static archives' global definitions.
status=0
for lib in "$@"; do
    case "$lib" in
        *.so*) syms=$(nm -D --defined-only "$lib" | awk '{print $3}') ;;
        *) syms=$(nm -g --defined-only "$lib" 2>/dev/null | awk 'NF==3 {print $3}') ;;
    esac
    bad=$(printf '%s\n' "$syms" | grep -v '^rco_' | grep -v '^$' | grep -v '^_init$\|^_fini$')
    if [ -n "$bad" ]; then
        echo "$lib exports symbols outside the rco_ namespace:"
        printf '  %s\n' $bad
        status=1
    fi
    # The one data symbol that is not API: gdb's extension finds the
    # library's layout through it, in the dynamic symbol table, which
    # stripping keeps (src/debug/layout.c).
    if ! printf '%s\n' "$syms" | grep -qx 'rco__debugger_layout'; then
        echo "$lib does not define rco__debugger_layout (tools/gdb/rco_gdb.py needs it)"
        status=1
    fi
    count=$(printf '%s\n' "$syms" | grep -c '^rco_')
    echo "$lib: $count rco_ symbols"
    [ "$count" -gt 50 ] || { echo "$lib: expected the public API"; status=1; }
done
exit $status
