# shellcheck shell=bash
# Makes sure the PostgreSQL server programs (initdb, pg_ctl, postgres) are installed.
# Muster runs its embedded default cluster from them; psql and pg_dump come along for operators.

postgres_bindir() {
    local dir
    if [ -n "${MUSTER_PG_BIN:-}" ] && [ -x "$MUSTER_PG_BIN/initdb" ]; then
        echo "$MUSTER_PG_BIN"; return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

ensure_postgres_server() {
    if [ -n "${DATABASE_URL:-}" ]; then return 0; fi
    if postgres_bindir >/dev/null; then return 0; fi
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing the PostgreSQL server programs (apt-get install postgresql)"
        # Debian's package would create and start a cluster of its own; Muster runs its own instead.
        mkdir -p /etc/postgresql-common
        [ -f /etc/postgresql-common/createcluster.conf ] ||
            echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        postgres_bindir >/dev/null && return 0
        echo "error: apt-get finished but the PostgreSQL server programs are still missing." >&2
        return 1
    fi
    echo "error: the PostgreSQL server programs (initdb, pg_ctl, postgres) are not installed." >&2
    echo "Install them with:  sudo apt-get install -y postgresql" >&2
    echo "or set DATABASE_URL to an existing PostgreSQL server." >&2
    return 1
}
