#!/usr/bin/env bash
# Benchmark (not a test): provisioning time, `plenario migrate` over many câmaras, idle
# memory of `serve` with 1,000 pooled câmaras, and home-page throughput.
#
# Usage: bench/tenancy.sh [POOLED=100] [DEDICATED=100] [RSS_POOLED=1000]
# Runs its own embedded cluster under .bench/ (removed first). Needs curl and psql; uses
# wrk (Debian package) for throughput if present.
set -euo pipefail
cd "$(dirname "$0")/.."
POOLED=${1:-100}
DEDICATED=${2:-100}
RSS_POOLED=${3:-1000}

cargo build --release -q -p plenario
BIN=$(realpath "${CARGO_TARGET_DIR:-target}")/release/plenario
export PLENARIO_HOME=$PWD/.bench/home PLENARIO_LOG=warn
# The rate limits (issue #14) would answer 429 to a load tool: benchmarks measure the page.
export PLENARIO_LIMITE_IP=0 PLENARIO_LIMITE_CAMARA=0
unset DATABASE_URL PLENARIO_CLUSTERS
rm -rf .bench && mkdir -p .bench
PORT=18089

ms() { date +%s%3N; }
wait_http() { until curl -sf "http://127.0.0.1:$1/healthz" > /dev/null; do sleep 0.1; done; }
stats() { sort -n | awk '{a[NR]=$1} END {print a[1] "/" a[int((NR+1)/2)] "/" a[NR]}'; }

# The keeper owns the embedded cluster for the whole run; everything else connects to it.
$BIN serve --listen 127.0.0.1:18088 > .bench/keeper.log 2>&1 &
KEEPER=$!
SERVE=
trap 'kill -INT $SERVE $KEEPER 2>/dev/null; wait 2>/dev/null || true' EXIT
wait_http 18088
SOCK=$PLENARIO_HOME/run
export DATABASE_URL="postgres://postgres@localhost/plenario?host=$SOCK"

create() { # slug placement → in-process milliseconds
    $BIN tenant create --slug "$1" --nome "Câmara Municipal de Teste $1" \
        --municipio Olinda --uf PE --mesmo-municipio --placement "$2" | sed -n 's/.*provisionada em \([0-9]*\) ms/\1/p'
}

echo "== provisioning"
for kind in pool dedicated; do
    n=$POOLED; [ $kind = dedicated ] && n=$DEDICATED
    t0=$(ms)
    for i in $(seq 1 "$n"); do create "$kind-$i" $kind; done > .bench/prov-$kind.txt
    t1=$(ms)
    echo "$kind: $n câmaras; wall per CLI call $(( (t1 - t0) / n )) ms; in-process min/median/max $(stats < .bench/prov-$kind.txt) ms"
done

$BIN serve --listen 127.0.0.1:$PORT > .bench/serve.log 2>&1 & SERVE=$!
wait_http $PORT
curl -s -o /dev/null -H 'Host: novinha.localhost' http://127.0.0.1:$PORT/   # cached as unknown
t0=$(ms); $BIN tenant create --slug novinha --nome "Câmara Municipal Nova" --municipio Olinda --uf PE --mesmo-municipio > /dev/null
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: novinha.localhost' http://127.0.0.1:$PORT/)" = 200 ]; do :; done
t1=$(ms); echo "tenant create → first 200 on its host from a running server: $((t1 - t0)) ms"
kill -INT $SERVE; wait $SERVE || true; SERVE=

echo "== migrate: $((POOLED + 1)) pooled câmaras in one database + $DEDICATED dedicated databases"
t0=$(ms); $BIN migrate > .bench/migrate-warm.log 2>&1; t1=$(ms)
echo "nothing pending (versions + tenancy check of every database): $((t1 - t0)) ms"
# Cold: drop the app schema everywhere (this data is disposable) and apply it again.
for db in $(psql -Atq "host=$SOCK dbname=postgres user=postgres" -c \
        "SELECT datname FROM pg_database WHERE datname = 'plenario' OR datname LIKE 'plenario\_%'"); do
    psql -q "host=$SOCK dbname=$db user=postgres" -c \
        "DROP SCHEMA app CASCADE; DELETE FROM plenario.migrations WHERE scope = 'app'" > /dev/null 2>&1
done
if $BIN serve --listen 127.0.0.1:$PORT > .bench/refused.log 2>&1; then echo "serve accepted outdated databases!"; exit 1; fi
echo "serve on outdated databases refused to start: $(head -c 160 .bench/refused.log)"
t0=$(ms); $BIN migrate --parallel 8 > .bench/migrate-cold.log 2>&1; t1=$(ms)
echo "app schema applied to $((DEDICATED + 1)) databases (parallel 8): $((t1 - t0)) ms"
grep -c 'plenario_' .bench/migrate-cold.log | xargs echo "databases listed with versions:"

echo "== idle memory of serve with $RSS_POOLED pooled câmaras"
for s in $($BIN tenant list --per-page 1000 | awk 'NR>1 && $1 != "página" {print $1}'); do
    $BIN tenant delete "$s" --confirm "$s" > /dev/null
done
for i in $(seq 1 "$RSS_POOLED"); do create "c-$i" pool; done > /dev/null
$BIN serve --listen 127.0.0.1:$PORT > .bench/serve.log 2>&1 & SERVE=$!
wait_http $PORT
rss() { awk '/VmRSS/ {print $2}' /proc/$SERVE/status; }
echo "RSS after start: $(rss) kB"
for i in $(seq 1 "$RSS_POOLED"); do curl -s -o /dev/null -H "Host: c-$i.localhost" http://127.0.0.1:$PORT/; done
echo "RSS after one request to each of the $RSS_POOLED câmaras: $(rss) kB"
if command -v wrk > /dev/null; then
    for c in 8 32; do
        echo "== wrk: GET / on c-1.localhost, 10 s, $c connections"
        wrk -t2 -c$c -d10s --latency -H "Host: c-1.localhost" http://127.0.0.1:$PORT/ | grep -E 'Requests/sec|  50%|  99%'
    done
    echo "RSS after load: $(rss) kB"
fi
