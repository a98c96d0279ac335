#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 server for tests: an independent engine to check
# tenglong's numbers against (issue 3: "ours agree with PostGIS within 0.01 m² per batch").
#
#   scripts/pg.sh start DIR   create a cluster in DIR (must not exist or be empty), start it on a
#                             unix socket in DIR and a free port, create database "tenglong"
#                             with CREATE EXTENSION postgis, and print on stdout
#                                 export PGHOST=DIR PGPORT=N PGDATABASE=tenglong PGUSER=...
#                             (eval "$(scripts/pg.sh start DIR)"); the same lines go to DIR/env.sh.
#   scripts/pg.sh stop DIR    stop the server (fast shutdown) and remove DIR. Safe to call twice,
#                             or on a DIR whose start failed half-way; refuses to delete a DIR that
#                             pg.sh did not create (no DIR/.tenglong-pg marker).
#   scripts/pg.sh status DIR  exit 0 when the server in DIR accepts connections.
#
# The server listens on the unix socket only (listen_addresses = ''), with trust authentication
# for local connections: it is for tests on this machine, never for data that matters.
# Postgres refuses to run as root: when this script runs as root the server runs as the user
# named by $TL_PG_USER (default "postgres", which the Debian package creates); DIR is chowned to
# it, so DIR's parent directories must be traversable by that user (/tmp and /work are).
# When the packages are missing and we are root, they are installed with apt-get; otherwise the
# script prints the apt-get line and exits 2.
#
# Environment: PGBIN (default /usr/lib/postgresql/15/bin), TL_PG_USER (see above),
# TL_PG_DB (default tenglong). Logs go to stderr and DIR/server.log.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DB=${TL_PG_DB:-tenglong}
MARKER=.tenglong-pg
PACKAGES=(postgresql-15 postgresql-15-postgis-3)

log() { echo "pg.sh: $*" >&2; }
die() { echo "pg.sh: error: $*" >&2; exit "${2:-1}"; }

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}

have_packages() {
    [[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" ]] || return 1
    compgen -G "/usr/share/postgresql/15/extension/postgis.control" >/dev/null || return 1
}

ensure_packages() {
    have_packages && return 0
    if [[ $(id -u) -ne 0 ]]; then
        die "PostgreSQL 15 / PostGIS 3 not found under $PGBIN; install them with:
    sudo apt-get install -y ${PACKAGES[*]}" 2
    fi
    log "installing ${PACKAGES[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${PACKAGES[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${PACKAGES[@]}" >&2; }
    have_packages || die "packages installed but $PGBIN/initdb or postgis.control still missing"
}

# Run a command as the server's user (ourselves unless we are root).
RUNAS=""
as_server() {
    if [[ -n "$RUNAS" ]]; then
        runuser -u "$RUNAS" -- "$@"
    else
        "$@"
    fi
}

pick_user() {
    if [[ $(id -u) -eq 0 ]]; then
        RUNAS=${TL_PG_USER:-postgres}
        id "$RUNAS" >/dev/null 2>&1 || die "running as root, and user '$RUNAS' does not exist to run the server; set TL_PG_USER to an unprivileged user"
        SERVER_USER=$RUNAS
    else
        SERVER_USER=$(id -un)
    fi
}

# A TCP port nobody listens on (the server itself listens on its unix socket, whose name
# carries the port; a free TCP port keeps the pair unambiguous if TCP is ever switched on).
free_port() {
    local used port i
    used=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u || true)
    for i in $(seq 1 200); do
        port=$(( 20000 + (RANDOM % 20000) ))
        grep -qx "$port" <<<"$used" && continue
        compgen -G "/tmp/.s.PGSQL.$port" >/dev/null && continue
        echo "$port"
        return 0
    done
    die "no free port found"
}

cmd_start() {
    local dir=$1
    ensure_packages
    pick_user
    if [[ -e "$dir" && -n "$(ls -A "$dir" 2>/dev/null)" ]]; then
        die "$dir exists and is not empty; choose a new directory (or 'pg.sh stop $dir' first)"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    # Unix socket paths are limited to 107 bytes: DIR/.s.PGSQL.NNNNN must fit.
    (( ${#dir} <= 90 )) || die "$dir is too long for a unix socket path (max 90 characters); use a shorter DIR such as /tmp/tl-pg.XXXX"
    touch "$dir/$MARKER"
    if [[ -n "$RUNAS" ]]; then
        chown -R "$RUNAS" "$dir"
        as_server test -w "$dir" || die "user '$RUNAS' cannot write $dir (a parent directory is not traversable for it); use a directory under /tmp"
    fi
    local port
    port=$(free_port)
    log "initdb in $dir/data (server user $SERVER_USER, port $port)"
    as_server "$PGBIN/initdb" -D "$dir/data" -U "$SERVER_USER" --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }
    {
        echo "listen_addresses = ''"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        echo "fsync = off"                       # throwaway data: speed over durability
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        echo "max_connections = 20"
        echo "shared_buffers = 64MB"
    } | as_server tee -a "$dir/data/postgresql.conf" >/dev/null
    as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >&2 \
        || { tail -n 30 "$dir/server.log" >&2 || true; die "server did not start (log above: $dir/server.log)"; }
    local psql=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U "$SERVER_USER")
    "$PGBIN/createdb" -h "$dir" -p "$port" -U "$SERVER_USER" "$DB" >&2
    "${psql[@]}" -d "$DB" -c "CREATE EXTENSION postgis;" >&2
    local ver
    ver=$("${psql[@]}" -d "$DB" -At -c "SELECT postgis_full_version();" | cut -c1-120)
    log "ready: $ver"
    local env="export PGHOST=$dir PGPORT=$port PGDATABASE=$DB PGUSER=$SERVER_USER"
    echo "$env" >"$dir/env.sh"
    echo "$env"
}

cmd_stop() {
    local dir=$1
    [[ -e "$dir" ]] || { log "$dir does not exist; nothing to stop"; return 0; }
    [[ -e "$dir/$MARKER" ]] || die "$dir was not created by pg.sh (no $MARKER); not touching it"
    dir=$(cd "$dir" && pwd -P)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        pick_user
        # The owner of the data directory is who the server runs as.
        local owner
        owner=$(stat -c %U "$dir/data")
        if [[ $(id -u) -eq 0 && "$owner" != root ]]; then RUNAS=$owner; fi
        as_server "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 || {
            # Last resort: the postmaster's own pid, and only that.
            local pid
            pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
                log "pg_ctl stop failed; sending SIGQUIT to postmaster $pid"
                kill -QUIT "$pid" 2>/dev/null || true
                sleep 2
            fi
        }
    fi
    rm -rf -- "$dir"
    log "stopped and removed $dir"
}

cmd_status() {
    local dir=$1
    [[ -f "$dir/env.sh" ]] || exit 1
    # shellcheck disable=SC1091
    ( source "$dir/env.sh" && "$PGBIN/pg_isready" -q )
}

[[ $# -eq 2 ]] || usage
case "$1" in
    start) cmd_start "$2" ;;
    stop) cmd_stop "$2" ;;
    status) cmd_status "$2" ;;
    *) usage ;;
esac
