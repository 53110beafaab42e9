#!/usr/bin/env bash
# Schemathesis against the open-data API of a seeded câmara: `plenario dev` (demo câmaras
# with generated data) on a free port, its /api/v1/openapi.json, every operation, positive
# and negative cases. Fails on any server error or any answer the document does not allow.
#
#   tools/schemathesis.sh            # uses $CARGO_TARGET_DIR/debug/plenario (builds it)
#   PLENARIO_SCHEMATHESIS_RANDOM=1 PLENARIO_SCHEMATHESIS_EXAMPLES=300 tools/schemathesis.sh
#                                    # random (not reproducible) generation, more cases
#
# Schemathesis is pinned and installed from PyPI into a venv under /var/tmp
# (PLENARIO_SCHEMATHESIS_VENV to change it).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.32.5
VENV="${PLENARIO_SCHEMATHESIS_VENV:-/var/tmp/plenario-schemathesis}"
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$VERSION"; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install -q "schemathesis==$VERSION"
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/plenario-target}"
cargo build -q -p plenario
BIN="$CARGO_TARGET_DIR/debug/plenario"

WORK="$(mktemp -d /var/tmp/plenario-st.XXXXXX)"
chmod 755 "$WORK"
# The rate limits off: the run checks every answer against the document, and a 429 (which
# the document declares) would stand in for the handler's own answer.
env -u DATABASE_URL PLENARIO_HOME="$WORK/home" PLENARIO_LOG=warn \
    PLENARIO_LIMITE_IP=0 PLENARIO_LIMITE_CAMARA=0 \
    "$BIN" dev --listen 127.0.0.1:0 >"$WORK/dev.log" 2>&1 &
PID=$!
cleanup() {
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=""
for _ in $(seq 1 600); do
    PORT="$(sed -n 's#^Servindo em http://127.0.0.1:\([0-9]*\).*#\1#p' "$WORK/dev.log" | head -1)"
    [ -n "$PORT" ] && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/dev.log"; exit 1; }
    sleep 0.5
done
[ -n "$PORT" ] || { echo "plenario dev did not start"; cat "$WORK/dev.log"; exit 1; }

GERACAO=(--generation-deterministic)
if [ -n "${PLENARIO_SCHEMATHESIS_RANDOM:-}" ]; then
    GERACAO=(--generation-database=none)
fi
HOST="olinda.localhost"
curl -sf -H "Host: $HOST" "http://127.0.0.1:$PORT/api/v1/openapi.json" -o "$WORK/openapi.json"
"$VENV/bin/st" --no-color run "$WORK/openapi.json" \
    --url "http://127.0.0.1:$PORT" \
    -H "Host: $HOST" \
    --checks all \
    --mode all \
    --max-examples "${PLENARIO_SCHEMATHESIS_EXAMPLES:-60}" \
    "${GERACAO[@]}" \
    "$@"
