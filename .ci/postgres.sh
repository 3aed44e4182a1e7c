#!/usr/bin/env bash
# Brings up a local PostgreSQL for the test suite (Debian/Ubuntu, run as root; idempotent).
#
# - installs Debian's `postgresql` package if the server is missing (one apt-get update first)
# - uses the newest installed major version's cluster (prefers "main"; creates it if none)
# - listens on 127.0.0.1 only, port 5432 (or the next free one; PGPORT overrides),
#   max_connections = 500 (the whole suite, with the crash test and the access matrix, needs more than 200)
# - starts it, waits for pg_isready, makes login role youyue/youyue with CREATEDB
# - prints exactly one line on stdout, the URL:  postgres://youyue:youyue@127.0.0.1:PORT/postgres
#   Everything else (apt, pg_ctlcluster, psql) goes to stderr.
set -euo pipefail

# Keep stdout for the URL alone; send everything else to stderr.
exec 3>&1 1>&2

ROLE=youyue
PASSWORD=youyue
MAX_CONNECTIONS=500
REQUESTED_PORT="${PGPORT:-}"
# libpq would otherwise pick these up in the psql/pg_isready calls below.
unset PGPORT PGHOST PGUSER PGDATABASE PGPASSWORD PGSERVICE 2>/dev/null || true

log() { echo "postgres.sh: $*"; }
die() { echo "postgres.sh: error: $*"; exit 1; }

if [[ $(id -u) -eq 0 ]]; then
  as_root() { "$@"; }
  as_postgres() { runuser -u postgres -- "$@"; }
else
  command -v sudo >/dev/null || die "run as root (or have sudo)"
  as_root() { sudo -n "$@"; }
  as_postgres() { sudo -n -u postgres "$@"; }
fi

server_installed() {
  command -v pg_ctlcluster >/dev/null 2>&1 &&
    command -v pg_createcluster >/dev/null 2>&1 &&
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# --- 1. install -------------------------------------------------------------------------------
if ! server_installed; then
  log "PostgreSQL server not found; installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update
  as_root apt-get install -y --no-install-recommends postgresql
  server_installed || die "postgresql installed but pg_ctlcluster/postgres still missing"
fi

# Newest installed major version.
VERSION=$(ls -1 /usr/lib/postgresql/*/bin/postgres | awk -F/ '{print $5}' | sort -n | tail -n1)
[[ -n $VERSION ]] || die "could not determine the installed PostgreSQL version"

# --- 2. cluster -------------------------------------------------------------------------------
# pg_lsclusters -h: version cluster port status owner datadir logfile
clusters=$(pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" '$1 == v {print $2}')
if grep -qx main <<<"$clusters"; then
  CLUSTER=main
elif [[ -n $clusters ]]; then
  CLUSTER=$(head -n1 <<<"$clusters")
else
  CLUSTER=main
  log "creating cluster $VERSION/$CLUSTER"
  # --start-conf=manual: only this script starts it; it is not enabled at boot.
  as_root pg_createcluster --start-conf=manual "$VERSION" "$CLUSTER"
fi
log "using cluster $VERSION/$CLUSTER"

# The server outlives this script: start it with no descriptor of ours (stdout is the caller's
# pipe, which would otherwise never reach EOF), its output kept in a file and shown here.
detached() {
  local out rc=0
  out=$(mktemp)
  (
    # Also any descriptor inherited from whoever runs CI.
    for fd in $(ls /proc/$BASHPID/fd); do
      ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
    done
    "$@"
  ) </dev/null >"$out" 2>&1 || rc=$?
  cat "$out"
  rm -f "$out"
  return $rc
}

cluster_running() { pg_ctlcluster "$VERSION" "$CLUSTER" status >/dev/null 2>&1; }

port_busy() { (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- 3. port ----------------------------------------------------------------------------------
CONF_DIR=/etc/postgresql/$VERSION/$CLUSTER
DROPIN=$CONF_DIR/conf.d/youyue-ci.conf
# pg_lsclusters merges conf.d, so this is the effective port (ours from an earlier run, if any).
configured_port=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $3}')
if [[ -n $REQUESTED_PORT ]]; then
  PORT=$REQUESTED_PORT
  if port_busy "$PORT" && ! { cluster_running && [[ $configured_port == "$PORT" ]]; }; then
    die "PGPORT=$PORT is already in use by something else"
  fi
elif cluster_running && [[ -n $configured_port ]]; then
  PORT=$configured_port # already up from an earlier run: keep it
else
  PORT=""
  for candidate in $(seq 5432 5532); do
    if ! port_busy "$candidate"; then PORT=$candidate; break; fi
  done
  [[ -n $PORT ]] || die "no free port in 5432..5532"
fi
[[ $PORT =~ ^[0-9]+$ ]] || die "bad port '$PORT'"

# --- 4. configuration -------------------------------------------------------------------------
# A drop-in in conf.d (included at the end of Debian's postgresql.conf, so it wins); the main
# postgresql.conf is left alone.
changed=0
# In CI the cluster is thrown away with the machine: no fsync there, so the hundred databases the
# suite creates and drops in parallel do not queue on the disk. Elsewhere PostgreSQL stays durable.
CI_SPEED=""
if [[ ${CI:-} == true ]]; then
  CI_SPEED="
fsync = off
synchronous_commit = off
full_page_writes = off"
fi
want_conf="# Written by .ci/postgres.sh (Youyue test suite). Edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = $MAX_CONNECTIONS
password_encryption = 'scram-sha-256'$CI_SPEED"
if ! grep -Eq "^[[:space:]]*include_dir[[:space:]]*=?[[:space:]]*'conf\.d'" "$CONF_DIR/postgresql.conf"; then
  log "enabling include_dir 'conf.d' in $CONF_DIR/postgresql.conf"
  echo "include_dir = 'conf.d'" | as_root tee -a "$CONF_DIR/postgresql.conf" >/dev/null
  changed=1
fi
if [[ ! -f $DROPIN || "$(cat "$DROPIN")" != "$want_conf" ]]; then
  log "writing $DROPIN (127.0.0.1:$PORT, max_connections=$MAX_CONNECTIONS)"
  as_root mkdir -p "$CONF_DIR/conf.d"
  printf '%s\n' "$want_conf" | as_root tee "$DROPIN" >/dev/null
  as_root chown postgres:postgres "$DROPIN"
  changed=1
fi

# Password login over TCP from 127.0.0.1 (Debian's default pg_hba already has this line).
HBA=$(pg_conftool -s "$VERSION" "$CLUSTER" show hba_file 2>/dev/null || true)
[[ -n $HBA ]] || HBA=$CONF_DIR/pg_hba.conf
if ! grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+(all|youyue)[[:space:]]+127\.0\.0\.1/32[[:space:]]+(scram-sha-256|md5)' "$HBA"; then
  log "adding a scram-sha-256 rule for $ROLE from 127.0.0.1/32 to $HBA"
  tmp=$(mktemp)
  { echo "host    all             $ROLE          127.0.0.1/32            scram-sha-256"; cat "$HBA"; } >"$tmp"
  as_root cp "$tmp" "$HBA"
  rm -f "$tmp"
  changed=1
fi

# --- 5. start ---------------------------------------------------------------------------------
if cluster_running; then
  if [[ $changed -eq 1 ]]; then
    log "restarting $VERSION/$CLUSTER to apply configuration"
    detached as_root pg_ctlcluster "$VERSION" "$CLUSTER" restart
  else
    log "$VERSION/$CLUSTER already running on port $PORT"
  fi
else
  log "starting $VERSION/$CLUSTER on 127.0.0.1:$PORT"
  if ! detached as_root pg_ctlcluster "$VERSION" "$CLUSTER" start; then
    logfile=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $7}')
    [[ -n $logfile && -r $logfile ]] && tail -n 40 "$logfile"
    die "pg_ctlcluster start failed"
  fi
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT" -t 2; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT" || die "PostgreSQL did not become ready on 127.0.0.1:$PORT"

# --- 6. role ----------------------------------------------------------------------------------
# Over the Unix socket as the postgres superuser (peer auth); :'pw' quotes the literal safely.
as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres -v pw="$PASSWORD" <<SQL
SELECT format('CREATE ROLE %I', '$ROLE')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') \gexec
ALTER ROLE $ROLE WITH LOGIN CREATEDB PASSWORD :'pw';
SQL

# --- 7. verify password login over TCP ---------------------------------------------------------
PGPASSWORD=$PASSWORD psql -X -q -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d postgres -tAc 'select 1' >/dev/null ||
  die "password login as $ROLE over 127.0.0.1:$PORT failed"
log "ready: $ROLE can log in on 127.0.0.1:$PORT"

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres" >&3
