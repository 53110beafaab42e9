#!/usr/bin/env bash
# Benchmark (not a test): the public search of proposições at scale. One câmara with
# 50,000 proposições and 300,000 events (bench/proposicoes.sql, bulk SQL with
# generate_series, ementas drawn from a word list of municipal subjects) among SMALL
# (default 1,000) small câmaras with 30 proposições each, page cache OFF; then
# /legislativo/proposicoes with text queries and with filters, and the open data, at
# concurrency 8 and 32 with wrk, side by side with `pgbench -S -M prepared` on the same
# cluster at the same concurrency (absolute figures drift on a shared machine). Prints
# req/s, p50, p99 and req/s ÷ pgbench tps, then the EXPLAIN (ANALYZE, BUFFERS) of the
# text search as the application role under row level security.
# Issue #10's target: p99 ≤ 50 ms and ≥ 1,000 req/s.
#
# Usage: bench/proposicoes.sh [SMALL=1000] [SECONDS=10]
# Runs its own embedded cluster under .bench/ (removed first). Needs curl, wrk, psql.
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${1:-1000}
SECS=${2:-10}
N_BIG=${N_BIG:-50000}

command -v wrk > /dev/null || { echo "wrk not found: apt-get install wrk"; exit 2; }
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pgbench | tail -1)")
# PLENARIO_BIN: a plenario binary to use instead of building the release one; HTTP=0: only
# the database side (seeding needs the binary, any build; the HTTP figures need a release).
if [ -z "${PLENARIO_BIN:-}" ]; then
    cargo build --release -q -p plenario
    BIN=$(realpath "${CARGO_TARGET_DIR:-target}")/release/plenario
else
    BIN=$PLENARIO_BIN
fi
HTTP=${HTTP:-1}
export PLENARIO_HOME=$PWD/.bench/home PLENARIO_LOG=warn
# The rate limits (issue #14) would answer 429 to a load tool: benchmarks measure the page.
export PLENARIO_LIMITE_IP=0 PLENARIO_LIMITE_CAMARA=0
unset DATABASE_URL PLENARIO_CLUSTERS
# REUSE=1: keep the cluster of the previous run (already seeded) and measure again.
REUSE=${REUSE:-}
[ -n "$REUSE" ] && [ -d .bench/home ] || { REUSE=; rm -rf .bench && mkdir -p .bench; }
chmod 755 .bench
PORT=18090
SERVE=
ms() { date +%s%3N; }
wait_http() { until curl -sf "http://127.0.0.1:$1/healthz" > /dev/null; do sleep 0.1; done; }

$BIN serve --listen 127.0.0.1:18088 > .bench/keeper.log 2>&1 &
KEEPER=$!
trap 'kill -INT $SERVE $KEEPER 2>/dev/null; wait 2>/dev/null || true' EXIT
wait_http 18088
SOCK=$PLENARIO_HOME/run
export DATABASE_URL="postgres://postgres@localhost/plenario?host=$SOCK"
RUNAS=()
[ "$(id -u)" = 0 ] && RUNAS=(runuser -u nobody --)
PSQL=("${RUNAS[@]}" "$PGBIN/psql" -h "$SOCK" -U postgres -X -q)

if [ -z "$REUSE" ]; then
echo "== seeding"
t0=$(ms)
$BIN tenant create --slug busca --nome "Câmara Municipal de Olinda" --municipio Olinda --uf PE --mesmo-municipio > /dev/null
$BIN tenant seed busca --escala sapl --semente 7 > /dev/null
# The small câmaras' own generated data (parlamentares, sessões…) only with SEED_SMALL=1:
# their proposições come from the SQL below either way (without autores when unseeded).
SEMEAR=true
[ -n "${SEED_SMALL:-}" ] && SEMEAR="$BIN tenant seed p-{} --escala pequena --semente {} > /dev/null"
seq 1 "$SMALL" | xargs -P 2 -I{} sh -c \
    "$BIN tenant create --slug p-{} --nome 'Câmara Municipal de Teste {}' --municipio Olinda --uf PE --mesmo-municipio > /dev/null && $SEMEAR"
t1=$(ms); echo "$((SMALL + 1)) câmaras created and seeded in $((t1 - t0)) ms"
t0=$(ms)
"${PSQL[@]}" -d plenario -v big=busca -v n_big="$N_BIG" -v ev_big=6 -v n_small=30 < bench/proposicoes.sql
"${PSQL[@]}" -d plenario -c "VACUUM ANALYZE app.proposicao, app.proposicao_autor, app.proposicao_evento"
t1=$(ms); echo "proposições and events generated in $((t1 - t0)) ms"
"${PSQL[@]}" -d plenario -At -F ' ' -c "
  SELECT 'câmara busca:', count(*) FILTER (WHERE r.slug = 'busca'), 'proposições;',
         'all câmaras:', count(*), 'proposições in', count(DISTINCT p.tenant_id), 'câmaras'
    FROM app.proposicao p JOIN plenario.resident r USING (tenant_id)"
"${PSQL[@]}" -d plenario -At -F ' ' -c "
  SELECT 'events: busca', count(*) FILTER (WHERE r.slug = 'busca'), '; all', count(*)
    FROM app.proposicao_evento e JOIN plenario.resident r USING (tenant_id)"

fi

. bench/comum.sh
pgbench_preparar
pgbench_s

TID=$("${PSQL[@]}" -d plenario -At -c "SELECT tenant_id FROM plenario.resident WHERE slug = 'busca'")

# The database side alone: the search's statements as store::proposicoes::busca runs them
# (bench/proposicoes_*.pgbench), as plenario_app under RLS, with pgbench at the same
# concurrency; p99 from pgbench's per-transaction log.
mkdir -p .bench/pgl && chmod 777 .bench/pgl
echo
echo "| statements (database only) | c | tps | p50 | p99 | ÷ pgbench -S |"
echo "|---|---|---|---|---|---|"
for f in texto filtros; do
    for c in 8 32; do
        rm -f .bench/pgl/*
        tps=$(cd .bench/pgl && "${RUNAS[@]}" "$PGBIN/pgbench" -h "$SOCK" -U postgres -n -M prepared -D tid="$TID" \
            -f "$OLDPWD/bench/proposicoes_$f.pgbench" -c "$c" -j 2 -T "$SECS" -l plenario 2>/dev/null \
            | awk '/^tps/ {print int($3)}')
        read -r p50 p99 < <(cat .bench/pgl/pgbench_log.* | awk '{print $3}' | sort -n \
            | awk '{a[NR] = $1} END {printf "%.1fms %.1fms\n", a[int(NR * 0.5)] / 1000, a[int(NR * 0.99)] / 1000}')
        razao=$(awk -v r="$tps" -v t="${PG[$c]}" 'BEGIN { printf "%.3f", r / t }')
        echo "| $f | $c | $tps | $p50 | $p99 | $razao |"
    done
done

# The plan of the search as the application runs it: role plenario_app, row level
# security on, the tenant in app.tenant_id.
explain() {
    echo
    echo "== EXPLAIN (ANALYZE, BUFFERS) as plenario_app under RLS: $1"
    "${PSQL[@]}" -d plenario <<SQL
BEGIN;
SET LOCAL ROLE plenario_app;
SELECT set_config('app.tenant_id', '$TID', true) \gset
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT p.id FROM app.proposicao p
 WHERE p.tenant_id = $TID AND $2
 ORDER BY $3 LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*) FROM (SELECT 1 FROM app.proposicao p WHERE p.tenant_id = $TID AND $2 LIMIT 1001) x;
ROLLBACK;
SQL
}
Q="websearch_to_tsquery('app.portugues', app.portugues_normalizado('licitação'))"
# A broad word (more than 1,000 matches): the page is newest first (busca::Ordem::Recentes);
# a narrow query (1,000 or fewer) is ranked.
explain "texto=licitação (past 1,000: newest first)" "p.busca @@ $Q" "p.apresentada_em DESC, p.id DESC"
Q2="websearch_to_tsquery('app.portugues', app.portugues_normalizado('creche boa vista'))"
explain "texto=creche boa vista (ranked)" "p.busca @@ $Q2" "ts_rank(p.busca, $Q2) DESC, p.apresentada_em DESC, p.id DESC"
explain "situacao=em_comissao" "p.situacao = 'em_comissao'" "p.apresentada_em DESC, p.id DESC"
explain "tipo=PL&ano=2024&situacao=em_comissao" \
    "p.tipo_id = (SELECT id FROM app.tipo_proposicao WHERE sigla = 'PL') AND p.ano = 2024 AND p.situacao = 'em_comissao'" \
    "p.apresentada_em DESC, p.id DESC"

[ "$HTTP" = 1 ] || { echo "HTTP=0: no HTTP figures"; exit 0; }
PLENARIO_CACHE_PUBLICO=0 $BIN serve --listen 127.0.0.1:$PORT > .bench/serve.log 2>&1 & SERVE=$!
wait_http $PORT
H="Host: busca.localhost"
SLUG=$(curl -s -H "$H" "http://127.0.0.1:$PORT/api/v1/parlamentares" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$SLUG" ] || { echo "no parlamentar slug from the API"; exit 1; }
PAGES=(
    "/legislativo/proposicoes?texto=licita%C3%A7%C3%A3o"
    "/legislativo/proposicoes?texto=creche+boa+vista"
    "/legislativo/proposicoes?texto=%22merenda+escolar%22+-rural"
    "/legislativo/proposicoes?tipo=PL&ano=2024&situacao=em_comissao"
    "/legislativo/proposicoes?autor=$SLUG&de=01%2F01%2F2020&ate=31%2F12%2F2022"
    "/legislativo/proposicoes?assunto=Sa%C3%BAde&texto=unidades+basicas"
    "/legislativo/proposicoes"
    "/api/v1/proposicoes?texto=ilumina%C3%A7%C3%A3o+p%C3%BAblica"
)
echo
echo "| page (cache off) | results | c | req/s | p50 | p99 | ÷ pgbench |"
echo "|---|---|---|---|---|---|---|"
for p in "${PAGES[@]}"; do
    code=$(curl -s -o .bench/page.html -w '%{http_code}' -H "$H" "http://127.0.0.1:$PORT$p")
    [ "$code" = 200 ] || { echo "$p answered $code"; exit 1; }
    achados=$(grep -o '[0-9.]* proposiç[ãõ][oe]s\? encontradas\?\|Mais de 1.000\|Nenhuma proposição' .bench/page.html | head -1 || true)
    [ -n "$achados" ] || achados="$(grep -o '"id"' .bench/page.html | wc -l) rows"
    for c in 8 32; do
        medir "$H" "http://127.0.0.1:$PORT$p" "$c"
        echo "| $p | $achados | $c $COLUNAS"
    done
done
