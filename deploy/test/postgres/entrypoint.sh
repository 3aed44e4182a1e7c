#!/bin/bash
# The subset of the official postgres image's entrypoint that deploy/compose.yaml relies on.
set -Eeuo pipefail
if [[ $(id -u) == 0 ]]; then
    mkdir -p "$PGDATA"
    chown -R postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi
if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
    POSTGRES_PASSWORD=$(<"$POSTGRES_PASSWORD_FILE")
fi
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE is required}"
export POSTGRES_USER=${POSTGRES_USER:-postgres}
if [[ ! -s $PGDATA/PG_VERSION ]]; then
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 -D "$PGDATA" >/dev/null
    printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
    # Initialise on the socket only, so that nobody sees the server before the scripts ran.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    for file in /docker-entrypoint-initdb.d/*; do
        case $file in
            *.sh) echo "entrypoint: running $file"; bash "$file" ;;
            *.sql) echo "entrypoint: running $file"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -f "$file" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "entrypoint: PostgreSQL initialised"
fi
if [[ ${1:-} == postgres ]]; then
    shift
    exec postgres -c listen_addresses='*' "$@"
fi
exec "$@"
