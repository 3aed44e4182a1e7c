#!/bin/bash
# Runs once, on the PostgreSQL container's first start (an empty data volume): the `youyue` role
# the services connect as, and one database per service, owned by it. The official postgres
# image runs every *.sh and *.sql in /docker-entrypoint-initdb.d as POSTGRES_USER.
set -euo pipefail
: "${YOUYUE_DB_PASSWORD:?YOUYUE_DB_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
     --set=password="$YOUYUE_DB_PASSWORD" <<'SQL'
CREATE ROLE youyue LOGIN PASSWORD :'password';
CREATE DATABASE youyue_intake OWNER youyue;
CREATE DATABASE youyue_routing OWNER youyue;
CREATE DATABASE youyue_supervision OWNER youyue;
CREATE DATABASE youyue_evaluation OWNER youyue;
CREATE DATABASE youyue_procuratorate_bridge OWNER youyue;
CREATE DATABASE youyue_console OWNER youyue;
REVOKE ALL ON DATABASE youyue_intake, youyue_routing, youyue_supervision, youyue_evaluation,
    youyue_procuratorate_bridge, youyue_console FROM PUBLIC;
SQL
