#!/usr/bin/env bash
# Benchmark (not a test): the soak of issue #14. Two `plenario serve` processes on one
# cluster with CAMARAS pooled câmaras; first the peak (both processes flat out, no pacing),
# then MINUTES minutes at FRACTION of that peak, spread over every câmara and four public
# pages. Prints per minute: requests, achieved req/s, errors (non-2xx/3xx answers and socket
# errors; target 0) and the RSS of each process (target: flat).
#
# Usage: bench/soak.sh [MINUTES=10] [CAMARAS=1000] [FRACTION=0.8]
# Runs its own embedded cluster under .bench/ (removed first). Needs curl and wrk (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-10}
CAMARAS=${2:-1000}
FRACTION=${3:-0.8}
C=16 # connections per process

command -v wrk > /dev/null || { echo "wrk not found: apt-get install wrk"; exit 2; }
cargo build --release -q -p plenario
BIN=$(realpath "${CARGO_TARGET_DIR:-target}")/release/plenario
export PLENARIO_HOME=$PWD/.bench/home PLENARIO_LOG=warn
# The rate limits would answer 429 to a load tool: the soak measures the pages.
export PLENARIO_LIMITE_IP=0 PLENARIO_LIMITE_CAMARA=0
unset DATABASE_URL PLENARIO_CLUSTERS
rm -rf .bench && mkdir -p .bench
chmod 755 .bench
wait_http() { until curl -sf "http://127.0.0.1:$1/healthz" > /dev/null; do sleep 0.1; done; }

$BIN serve --listen 127.0.0.1:18088 > .bench/keeper.log 2>&1 &
KEEPER=$!
A= B=
trap 'kill -INT $A $B $KEEPER 2>/dev/null; wait 2>/dev/null || true' EXIT
wait_http 18088
export DATABASE_URL="postgres://postgres@localhost/plenario?host=$PLENARIO_HOME/run"

t0=$(date +%s)
for i in $(seq 1 "$CAMARAS"); do
    $BIN tenant create --slug "soak-$i" --nome "Câmara Municipal de Teste $i" \
        --municipio Olinda --uf PE --mesmo-municipio > /dev/null
done
echo "$CAMARAS câmaras provisioned in $(( $(date +%s) - t0 )) s"

$BIN serve --listen 127.0.0.1:18091 > .bench/a.log 2>&1 & A=$!
$BIN serve --listen 127.0.0.1:18092 > .bench/b.log 2>&1 & B=$!
wait_http 18091; wait_http 18092
rss() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

# Both processes at once, wrk per process; prints "requests errors" summed.
carga() { # seconds delay_ms
    for p in 18091 18092; do
        CAMARAS=$CAMARAS DELAY_MS=$2 wrk -t1 -c$C -d"$1s" -s bench/soak.lua \
            "http://127.0.0.1:$p" > ".bench/wrk-$p.txt" 2>&1 &
    done
    wait %?wrk 2> /dev/null || true
    while pgrep -f "wrk -t1 -c$C" > /dev/null; do sleep 0.2; done
    cat .bench/wrk-18091.txt .bench/wrk-18092.txt | awk '
        /requests in/ {req += $1}
        /Non-2xx/ {err += $5}
        /Socket errors/ {gsub(",", ""); err += $4 + $6 + $8 + $10}
        END {print req + 0, err + 0}'
}

read -r req err < <(carga 20 0)
PICO=$(( req / 20 ))
echo "peak (two processes, $((2 * C)) connections, no pacing): $PICO req/s, $err errors"
ALVO=$(awk -v p="$PICO" -v f="$FRACTION" 'BEGIN {printf "%d", p * f}')
# Each connection waits DELAY_MS between its requests: 2C connections give ALVO req/s
# (a request's own time, about what it took at the peak, is part of each cycle).
DELAY=$(awk -v a="$ALVO" -v p="$PICO" -v c="$C" \
    'BEGIN {d = 2 * c * 1000 / a - 2 * c * 1000 / p; printf "%d", (d < 1 ? 1 : d + 0.5)}')
echo "soak: $MINUTES min at $FRACTION of the peak (target $ALVO req/s, $DELAY ms between requests per connection)"
echo
echo "| minute | requests | req/s | errors | RSS A (MB) | RSS B (MB) |"
echo "|---|---|---|---|---|---|"
echo "| 0 | - | - | - | $(rss $A) | $(rss $B) |"
total=0
for m in $(seq 1 "$MINUTES"); do
    read -r req err < <(carga 60 "$DELAY")
    total=$((total + err))
    echo "| $m | $req | $((req / 60)) | $err | $(rss $A) | $(rss $B) |"
done
echo
echo "errors in all: $total (target 0)"
