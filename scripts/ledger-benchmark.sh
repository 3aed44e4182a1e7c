#!/usr/bin/env bash
# The opinion ledger at scale: 1,000,000 generated Chinese opinions, then full-text search with a
# street filter (target p95 < 50 ms), statistics by street and by month (< 200 ms), and public
# submission through the JSON API at 32 connections beside the bare Hummingbird echo.
# Usage: scripts/ledger-benchmark.sh [sqlite|postgres|both] [COUNT]     (defaults: both, 1000000)
# The filled databases are kept (.youyue-bench/ledger.sqlite and PostgreSQL database
# youyue_ledger_bench on YOUYUE_BENCH_POSTGRES_URL), so a second run skips the fill. Opinions
# submitted by wrk stay in the ledger; the query phase runs before them and says how many there are.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
backends=${1:-both}
count=${2:-1000000}
server_url=${YOUYUE_BENCH_POSTGRES_URL:-postgres://youyue:youyue@127.0.0.1:5432/postgres}
seconds=10
connections=32
port=18091
case $backends in
    sqlite|postgres) ;;
    both) backends="sqlite postgres" ;;
    *) echo "usage: $0 [sqlite|postgres|both] [COUNT]" >&2; exit 64 ;;
esac

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
for product in youyue-ledger-benchmark youyue-benchmark-server; do
    swift build -c release --scratch-path .build-release --product "$product" >&2
done
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)
mkdir -p .youyue-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each request a different opinion: station, problem and a counter vary.
cat > "$work/submit.lua" <<'LUA'
local stations = { "jh-minzu-office", "jh-hualou-liaison", "jh-xinhua-office", "jh-wansong-yunfan-building", "jh-minzu-c03-reception", "jh-beihu-liaison" }
local problems = {
  { "housingProperty", "老旧小区没有电梯，老人上下楼非常困难，居民多次提出加装电梯，希望代表帮助协调街道加快审批。" },
  { "urbanConstruction", "小区门口一段路灯不亮已经一个多月，晚上出行很不安全，下雨天路面积水，希望尽快维修。" },
  { "transport", "小区车位严重不足，晚上停车难，车辆停满消防通道，希望规划建设停车场并加强管理。" },
  { "environment", "附近工地夜间施工，噪音扰民，居民无法休息，已经打过市民热线，希望有关部门尽快处理。" },
}
local counter = 0
request = function()
  counter = counter + 1
  local problem = problems[counter % #problems + 1]
  local body = string.format('{"station":"%s","category":"%s","content":"%s（第%d条）"}',
    stations[counter % #stations + 1], problem[1], problem[2], counter)
  return wrk.format("POST", "/api/v1/opinions", { ["Content-Type"] = "application/json" }, body)
end
LUA
# The foundation's echo, with the body scripts/benchmark.sh sends it.
cat > "$work/echo.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"stationID":"st_jianghan_minzu_01","category":"urbanManagement","channel":"qrOnline","title":"老旧小区加装电梯进度慢","content":"我们小区是上世纪九十年代建的老旧小区，共七层，没有电梯。老人上下楼非常困难，居民多次提出加装电梯，已征得大部分住户同意，但审批和资金补贴进展缓慢，希望代表帮助协调街道和相关部门加快推进。","latitude":30.5928,"longitude":114.2713,"contact":"13812345678"}'
LUA

wait_for_port() {
    for _ in $(seq 1 300); do
        (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on $port" >&2; return 1
}

# Runs wrk against a server started by the command given; prints "requests/s p99 non-2xx".
load() { # name script path command...
    local name=$1 script=$2 path=$3
    shift 3
    "$@" 2>"$work/$name.log" &
    local pid=$!
    wait_for_port
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port$path" > "$work/$name.wrk"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    awk '/Requests\/sec/ {rps=$2} $1=="99%" {p99=$2} /Non-2xx/ {errors=$4} END {print rps, p99, errors+0}' "$work/$name.wrk"
}

for backend in $backends; do
    if [ "$backend" = sqlite ]; then
        url="sqlite://$PWD/.youyue-bench/ledger.sqlite"
    else
        url="${server_url%/*}/youyue_ledger_bench"
    fi
    echo "== $backend: fill to $count opinions ==" >&2
    "$bin/youyue-ledger-benchmark" fill --database "$url" --count "$count"
    echo "== $backend: search and statistics ==" >&2
    "$bin/youyue-ledger-benchmark" query --database "$url" | tee "$work/$backend.query" >&2
    echo "== $backend: submissions (wrk, $connections connections, ${seconds}s) ==" >&2
    read -r submit_rps submit_p99 submit_errors < <(load "submit-$backend" "$work/submit.lua" / "$bin/youyue-ledger-benchmark" serve --database "$url" --port "$port")
    read -r echo_rps echo_p99 _ < <(load "echo-$backend" "$work/echo.lua" /echo "$bin/youyue-benchmark-server" echo "$port")
    {
        echo
        cat "$work/$backend.query"
        printf '%-34s %12s %10s %8s\n' "POST ($connections connections, ${seconds}s)" "requests/s" "p99" "non-2xx"
        printf '%-34s %12s %10s %8s\n' "POST /api/v1/opinions (ledger)" "$submit_rps" "$submit_p99" "$submit_errors"
        printf '%-34s %12s %10s %8s\n' "bare Hummingbird JSON echo" "$echo_rps" "$echo_p99" ""
        awk -v s="$submit_rps" -v e="$echo_rps" 'BEGIN { printf "submission / echo = %.0f %%\n", 100 * s / e }'
    } >> "$work/summary"
done
echo
echo "=== summary (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores) ==="
cat "$work/summary"
