#!/usr/bin/env bash
# Benchmark (not a test): the public portal at SAPL size. Seeds one câmara with the
# generator's `sapl` scale (3 legislaturas, 36 parlamentares, 300 sessões, 500 notícias) and
# SMALL (default 1,000) small pooled câmaras around it, then measures throughput and latency
# (p50/p99) of the main public pages at concurrency 8 and 32 with wrk, and the server's RSS,
# twice: with the public-page micro-cache (the default, 5 s) and with it off; side by side
# in the same run with `pgbench -S -M prepared` on the same cluster at the same concurrency
# (the ÷ pgbench column: absolute figures drift on a shared machine; issue #9's target is
# ≥ 0.15 of pgbench with p99 ≤ 20 ms, cache off, c=32).
#
# Usage: bench/portal.sh [SMALL=1000] [SECONDS=10]
# Runs its own embedded cluster under .bench/ (removed first). Needs curl and wrk (Debian).
# PLENARIO_BIN=<a release binary> skips the build; ONLY_OFF=1 measures only with the cache off.
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${1:-1000}
SECS=${2:-10}

command -v wrk > /dev/null || { echo "wrk not found: apt-get install wrk"; exit 2; }
if [ -z "${PLENARIO_BIN:-}" ]; then
    cargo build --release -q -p plenario
    BIN=$(realpath "${CARGO_TARGET_DIR:-target}")/release/plenario
else
    BIN=$PLENARIO_BIN
fi
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pgbench | tail -1)")
export PLENARIO_HOME=$PWD/.bench/home PLENARIO_LOG=warn
# The rate limits (issue #14) would answer 429 to a load tool: benchmarks measure the page.
export PLENARIO_LIMITE_IP=0 PLENARIO_LIMITE_CAMARA=0
unset DATABASE_URL PLENARIO_CLUSTERS
rm -rf .bench && mkdir -p .bench && chmod 755 .bench
PORT=18090

ms() { date +%s%3N; }
wait_http() { until curl -sf "http://127.0.0.1:$1/healthz" > /dev/null; do sleep 0.1; done; }

# The keeper owns the embedded cluster for the whole run; everything else connects to it.
$BIN serve --listen 127.0.0.1:18088 > .bench/keeper.log 2>&1 &
KEEPER=$!
SERVE=
trap 'kill -INT $SERVE $KEEPER 2>/dev/null; wait 2>/dev/null || true' EXIT
wait_http 18088
export DATABASE_URL="postgres://postgres@localhost/plenario?host=$PLENARIO_HOME/run"

echo "== seeding"
t0=$(ms)
$BIN tenant create --slug sapl --nome "Câmara Municipal de Olinda" --municipio Olinda --uf PE --mesmo-municipio > /dev/null
$BIN tenant seed sapl --escala sapl --semente 7
t1=$(ms); echo "SAPL-size câmara created and seeded in $((t1 - t0)) ms"
t0=$(ms)
seq 1 "$SMALL" | xargs -P 2 -I{} sh -c \
    "$BIN tenant create --slug p-{} --nome 'Câmara Municipal de Teste {}' --municipio Olinda --uf PE --mesmo-municipio > /dev/null && $BIN tenant seed p-{} --escala pequena --semente {} > /dev/null"
t1=$(ms); echo "$SMALL small câmaras created and seeded in $((t1 - t0)) ms"

RUNAS=()
[ "$(id -u)" = 0 ] && RUNAS=(runuser -u nobody --)
SOCK=$PLENARIO_HOME/run
. bench/comum.sh
pgbench_preparar

measure() { # label, then the environment of serve
    local label=$1; shift
    env "$@" $BIN serve --listen 127.0.0.1:$PORT > .bench/serve.log 2>&1 & SERVE=$!
    wait_http $PORT
    echo
    echo "== $label"
    echo "RSS after start: $(rss) kB"
    H="Host: sapl.localhost"
    SLUG=$(curl -s -H "$H" "http://127.0.0.1:$PORT/api/v1/parlamentares" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
    [ -n "$SLUG" ] || { echo "no parlamentar slug from the API"; exit 1; }
    PAGES="/ /parlamentares /parlamentares/$SLUG /noticias /api/v1/parlamentares"
    for p in $PAGES; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "$H" "http://127.0.0.1:$PORT$p")
        [ "$code" = 200 ] || { echo "$p answered $code"; exit 1; }
    done
    # One request to each small câmara: every identity and pool path is warm.
    for i in $(seq 1 "$SMALL"); do curl -s -o /dev/null -H "Host: p-$i.localhost" "http://127.0.0.1:$PORT/"; done
    echo "RSS after one request to each of the $((SMALL + 1)) câmaras: $(rss) kB"
    echo
    pgbench_s
    echo
    echo "| page | c | req/s | p50 | p99 | ÷ pgbench |"
    echo "|---|---|---|---|---|---|"
    for p in $PAGES; do
        for c in 8 32; do
            medir "$H" "http://127.0.0.1:$PORT$p" "$c"
            echo "| $p | $c $COLUNAS"
        done
    done
    echo
    echo "RSS after load: $(rss) kB"
    kill -INT $SERVE; wait $SERVE || true; SERVE=
}
rss() { awk '/VmRSS/ {print $2}' /proc/$SERVE/status; }

[ -n "${ONLY_OFF:-}" ] || measure "public pages kept 5 s in memory (the default)" PLENARIO_CACHE_PUBLICO=5
measure "every request to the database (PLENARIO_CACHE_PUBLICO=0)" PLENARIO_CACHE_PUBLICO=0
