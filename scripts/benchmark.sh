#!/usr/bin/env bash
# Throughput of the durable service-kit write path beside a bare Hummingbird JSON echo, on loopback.
# Usage: scripts/benchmark.sh [SECONDS] [CONNECTIONS] [ROUNDS]   (defaults: 10 s, 32 connections, 3 rounds)
# Builds in release mode, installs wrk from Debian if missing, runs each server alone, and prints
# requests/s, p50, p99, the server's peak RSS and its CPU time per request side by side. Each round
# runs the echo and then the durable endpoint; a shared machine's speed drifts by tens of percent
# within minutes, so each round's ratio compares two neighbouring runs, and the median of the
# rounds is the figure to quote.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-10}
connections=${2:-32}
rounds=${3:-3}
port=18090

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --scratch-path .build-release --product youyue-benchmark-server >&2
server=$(swift build -c release --scratch-path .build-release --show-bin-path)/youyue-benchmark-server

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"stationID":"st_jianghan_minzu_01","category":"urbanManagement","channel":"qrOnline","title":"老旧小区加装电梯进度慢","content":"我们小区是上世纪九十年代建的老旧小区，共七层，没有电梯。老人上下楼非常困难，居民多次提出加装电梯，已征得大部分住户同意，但审批和资金补贴进展缓慢，希望代表帮助协调街道和相关部门加快推进。","latitude":30.5928,"longitude":114.2713,"contact":"13812345678"}'
LUA

run() { # mode path
    local mode=$1 path=$2
    rm -rf "$work/data"
    "$server" "$mode" "$port" "$work/data" 2>"$work/$mode.log" &
    local pid=$!
    for _ in $(seq 1 100); do
        (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
        sleep 0.1
    done
    # The server's own CPU time (user + system, in clock ticks) around the measured run.
    local cpu_before cpu_after
    cpu_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port$path" > "$work/$mode.wrk"
    cpu_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    local rss
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$mode.wrk")
    p50=$(awk '$1=="50%" {print $2}' "$work/$mode.wrk")
    p99=$(awk '$1=="99%" {print $2}' "$work/$mode.wrk")
    errors=$(awk '/Non-2xx/ {print $4}' "$work/$mode.wrk")
    # Server CPU per request: what the two endpoints cost, apart from wrk's share of the machine.
    local requests cpu_us
    requests=$(awk '/requests in/ {print $1}' "$work/$mode.wrk")
    cpu_us=$(awk -v t="$((cpu_after - cpu_before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
    printf '%-34s %12s %10s %10s %10s MB %8s %8s us\n' "$3" "$rps" "$p50" "$p99" "$((rss / 1024))" "${errors:-0}" "$cpu_us"
    echo "$rps" > "$work/$mode.rps"
}

median() { sort -n | awk '{ value[NR] = $1 } END { print (NR % 2) ? value[(NR + 1) / 2] : (value[NR / 2] + value[NR / 2 + 1]) / 2 }'; }

printf '%-34s %12s %10s %10s %13s %8s %11s\n' "endpoint ($connections connections, ${seconds}s)" "requests/s" "p50" "p99" "peak RSS" "non-2xx" "CPU/req"
for round in $(seq 1 "$rounds"); do
    run echo /echo "bare Hummingbird JSON echo"
    run durable /api/v1/opinions "durable opinion (kit, on disk)"
    cat "$work/echo.rps" >> "$work/echo.all"
    cat "$work/durable.rps" >> "$work/durable.all"
    ratio=$(awk -v d="$(cat "$work/durable.rps")" -v e="$(cat "$work/echo.rps")" 'BEGIN { printf "%.1f", 100 * d / e }')
    echo "$ratio" >> "$work/ratio.all"
    echo "round $round of $rounds: durable / echo = $ratio %"
done
printf 'median of %s rounds: echo %s requests/s, durable %s requests/s, durable / echo = %s %% (target: at least 50 %%)\n' \
    "$rounds" "$(median < "$work/echo.all")" "$(median < "$work/durable.all")" "$(median < "$work/ratio.all")"
