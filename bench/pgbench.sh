#!/usr/bin/env bash
# Benchmark (not a test): the five main read-only pages with the page cache OFF, side by side
# in one run with `pgbench -S -M prepared` on the same PostgreSQL cluster, so the figures
# read as a fraction of what this machine's database can do (absolute figures drift on a
# shared machine). Prints, per page at concurrency C: req/s, p50, p99 and req/s ÷ pgbench
# tps. Issue #9's target: every page ≥ 0.15 of pgbench, p99 ≤ 20 ms.
#
# Usage: bench/pgbench.sh [SECONDS=10] [C=32]
# Runs its own embedded cluster under .bench/ (removed first). Needs curl and wrk (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
C=${2:-32}

command -v wrk > /dev/null || { echo "wrk not found: apt-get install wrk"; exit 2; }
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pgbench | tail -1)")
cargo build --release -q -p plenario
BIN=$(realpath "${CARGO_TARGET_DIR:-target}")/release/plenario
export PLENARIO_HOME=$PWD/.bench/home PLENARIO_LOG=warn
# The rate limits (issue #14) would answer 429 to a load tool: benchmarks measure the page.
export PLENARIO_LIMITE_IP=0 PLENARIO_LIMITE_CAMARA=0
unset DATABASE_URL PLENARIO_CLUSTERS
rm -rf .bench && mkdir -p .bench
chmod 755 .bench
PORT=18090
SERVE=

wait_http() { until curl -sf "http://127.0.0.1:$1/healthz" > /dev/null; do sleep 0.1; done; }

$BIN serve --listen 127.0.0.1:18088 > .bench/keeper.log 2>&1 &
KEEPER=$!
trap 'kill -INT $SERVE $KEEPER 2>/dev/null; wait 2>/dev/null || true' EXIT
wait_http 18088
SOCK=$PLENARIO_HOME/run
export DATABASE_URL="postgres://postgres@localhost/plenario?host=$SOCK"
$BIN tenant create --slug sapl --nome "Câmara Municipal de Olinda" --municipio Olinda --uf PE --mesmo-municipio > /dev/null
$BIN tenant seed sapl --escala sapl --semente 7 > /dev/null

# pgbench's own database on the same cluster (scale 10: fits in memory like our rows do).
RUNAS=()
[ "$(id -u)" = 0 ] && RUNAS=(runuser -u nobody --)
"${RUNAS[@]}" "$PGBIN/createdb" -h "$SOCK" -U postgres pgbench 2> /dev/null || true
"${RUNAS[@]}" "$PGBIN/pgbench" -h "$SOCK" -U postgres -i -s 10 -q pgbench > /dev/null 2>&1
PG=$("${RUNAS[@]}" "$PGBIN/pgbench" -h "$SOCK" -U postgres -S -M prepared -c "$C" -j 2 -T "$SECS" pgbench 2>/dev/null \
    | awk '/^tps/ {print int($3)}')
echo "pgbench -S -M prepared -c $C: $PG tps"

PLENARIO_CACHE_PUBLICO=0 $BIN serve --listen 127.0.0.1:$PORT > .bench/serve.log 2>&1 & SERVE=$!
wait_http $PORT
H="Host: sapl.localhost"
SLUG=$(curl -s -H "$H" "http://127.0.0.1:$PORT/api/v1/parlamentares" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$SLUG" ] || { echo "no parlamentar slug from the API"; exit 1; }
echo
echo "| page (cache off) | c | req/s | p50 | p99 | ÷ pgbench |"
echo "|---|---|---|---|---|---|"
for p in / /parlamentares "/parlamentares/$SLUG" /noticias /api/v1/parlamentares; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "$H" "http://127.0.0.1:$PORT$p")
    [ "$code" = 200 ] || { echo "$p answered $code"; exit 1; }
    out=$(wrk -t2 -c"$C" -d"${SECS}s" --latency -H "$H" "http://127.0.0.1:$PORT$p")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    razao=$(awk -v r="$rps" -v t="$PG" 'BEGIN { printf "%.3f", r / t }')
    echo "| $p | $C | $rps | $p50 | $p99 | $razao |"
done
