#!/usr/bin/env bash
# Benchmark (not a test): the normas at scale (issue #11's closing note). One câmara with
# N (default 5,000) normas generated in bulk SQL (generate_series; tipos LO, LC, RES and
# DL; ementas and indexação drawn from a word list of municipal subjects; datestamps one
# second apart), page cache OFF; then
#   * the OAI-PMH provider: a whole sequential harvest of
#     /oai?verb=ListRecords&metadataPrefix=oai_lexml following the resumptionTokens, as the
#     LexML harvester does (pages/s, records/s), and its first page and a resumed page
#     under wrk at c=8 and c=32 (each request is one page of 100 records);
#   * the public search /legislativo/normas (text, tipo/ano, assunto, the plain list) at
#     c=8 and c=32;
# side by side with `pgbench -S -M prepared` on the same cluster at the same concurrency
# (absolute figures drift on a shared machine). Prints req/s, p50, p99 and ÷ pgbench.
#
# Usage: bench/normas.sh [N=5000] [SECONDS=10]
# Runs its own embedded cluster under .bench/ (removed first). Needs curl, wrk, psql.
# PLENARIO_BIN=<binary> skips the release build (any build works to check the script; the
# figures need a release one).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
SECS=${2:-10}

command -v wrk > /dev/null || { echo "wrk not found: apt-get install wrk"; exit 2; }
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pgbench | tail -1)")
if [ -z "${PLENARIO_BIN:-}" ]; then
    cargo build --release -q -p plenario
    BIN=$(realpath "${CARGO_TARGET_DIR:-target}")/release/plenario
else
    BIN=$PLENARIO_BIN
fi
export PLENARIO_HOME=$PWD/.bench/home PLENARIO_LOG=warn
# The rate limits (issue #14) would answer 429 to a load tool: benchmarks measure the page.
export PLENARIO_LIMITE_IP=0 PLENARIO_LIMITE_CAMARA=0
unset DATABASE_URL PLENARIO_CLUSTERS
rm -rf .bench && mkdir -p .bench
chmod 755 .bench
# Ports of its own (other bench scripts use 18088/18090), overridable.
KEEPER_PORT=${KEEPER_PORT:-18188}
PORT=${PORT:-18190}
SERVE=
ms() { date +%s%3N; }
wait_http() { until curl -sf "http://127.0.0.1:$1/healthz" > /dev/null; do sleep 0.1; done; }

$BIN serve --listen 127.0.0.1:$KEEPER_PORT > .bench/keeper.log 2>&1 &
KEEPER=$!
trap 'kill -INT $SERVE $KEEPER 2>/dev/null; wait 2>/dev/null || true' EXIT
wait_http $KEEPER_PORT
SOCK=$PLENARIO_HOME/run
export DATABASE_URL="postgres://postgres@localhost/plenario?host=$SOCK"
RUNAS=()
[ "$(id -u)" = 0 ] && RUNAS=(runuser -u nobody --)
PSQL=("${RUNAS[@]}" "$PGBIN/psql" -h "$SOCK" -U postgres -X -q -v ON_ERROR_STOP=1)

echo "== seeding"
t0=$(ms)
$BIN tenant create --slug normas --nome "Câmara Municipal de Olinda" --municipio Olinda --uf PE --mesmo-municipio > /dev/null
TID=$("${PSQL[@]}" -d plenario -At -c "SELECT tenant_id FROM plenario.resident WHERE slug = 'normas'")
"${PSQL[@]}" -d plenario -v tid="$TID" -v n="$N" <<'SQL'
-- N normas of the câmara, numbered per tipo in a scope of their own (the tipos' counters
-- are left alone), dated over 1990-2025, their datestamps one second apart.
WITH palavras(w) AS (SELECT unnest(ARRAY[
        'saúde', 'educação', 'transporte coletivo', 'iluminação pública', 'merenda escolar',
        'coleta seletiva', 'hortas comunitárias', 'feiras livres', 'patrimônio histórico',
        'cultura popular', 'esporte amador', 'assistência social', 'meio ambiente',
        'arborização urbana', 'calçadas acessíveis', 'carnaval', 'turismo', 'pesca artesanal',
        'servidores municipais', 'tributos municipais'])),
     p AS (SELECT array_agg(w) AS a FROM palavras),
     tipos AS (SELECT array_agg(id ORDER BY sigla) AS ids, array_agg(sigla ORDER BY sigla) AS siglas
                 FROM app.tipo_norma WHERE tenant_id = :tid AND sigla IN ('LO', 'LC', 'RES', 'DL')),
     g AS (SELECT i, 1 + i % cardinality(t.ids) AS k, t.ids, t.siglas, p.a,
                  date '1990-01-01' + (i * 13 % 13000) AS d
             FROM generate_series(1, :n) i, tipos t, p)
INSERT INTO app.norma (tenant_id, id, tipo_id, numero, ano, escopo, data_assinatura, ementa,
                       indexacao, autoria, publicacao_veiculo, publicacao_data,
                       vigencia_inicio, atualizado_em)
SELECT :tid, gen_random_uuid(), g.ids[g.k], g.i, extract(year FROM g.d)::int,
       'bench:' || g.siglas[g.k], g.d,
       'Dispõe sobre ' || g.a[1 + g.i % 20] || ' e ' || g.a[1 + g.i * 7 % 20]
           || ' no município, e dá outras providências',
       g.a[1 + g.i % 20] || ', ' || g.a[1 + g.i * 3 % 20],
       'Vereador ' || (1 + g.i % 21), 'Diário Oficial do Município', g.d + 1, g.d + 1,
       timestamptz '2024-01-01 00:00:00+00' + g.i * interval '1 second'
  FROM g;
SQL
"${PSQL[@]}" -d plenario -c "VACUUM ANALYZE app.norma"
t1=$(ms); echo "$N normas generated in $((t1 - t0)) ms"
"${PSQL[@]}" -d plenario -At -F ' ' -c "
  SELECT t.sigla, count(*) FROM app.norma n JOIN app.tipo_norma t ON t.tenant_id = n.tenant_id AND t.id = n.tipo_id
   WHERE n.tenant_id = $TID GROUP BY t.sigla ORDER BY t.sigla"

. bench/comum.sh
pgbench_preparar
pgbench_s

PLENARIO_CACHE_PUBLICO=0 $BIN serve --listen 127.0.0.1:$PORT > .bench/serve.log 2>&1 & SERVE=$!
wait_http $PORT
H="Host: normas.localhost"
BASE="http://127.0.0.1:$PORT"

# The harvest as the harvester does it: one request after the other, every token followed.
echo
echo "== sequential harvest: ListRecords oai_lexml"
paginas=0
registros=0
q="verb=ListRecords&metadataPrefix=oai_lexml"
t0=$(ms)
while :; do
    curl -sf -H "$H" "$BASE/oai?$q" > .bench/oai.xml
    paginas=$((paginas + 1))
    registros=$((registros + $(grep -o '<record>' .bench/oai.xml | wc -l)))
    grep -q '<error' .bench/oai.xml && { echo "protocol error: $(grep -o '<error[^<]*' .bench/oai.xml)"; exit 1; }
    token=$(grep -o '<resumptionToken[^>]*>[^<]\+</resumptionToken>' .bench/oai.xml | sed 's/.*>\([^<]*\)<.*/\1/' || true)
    [ -n "$token" ] || break
    [ "$paginas" = 1 ] && RESUMIDA="verb=ListRecords&resumptionToken=$token"
    q="verb=ListRecords&resumptionToken=$token"
done
t1=$(ms)
[ "$registros" = "$N" ] || { echo "harvested $registros records, expected $N"; exit 1; }
awk -v p="$paginas" -v r="$registros" -v ms=$((t1 - t0)) \
    'BEGIN { printf "%d pages, %d records in %d ms: %.1f pages/s, %.0f records/s\n", p, r, ms, p * 1000 / ms, r * 1000 / ms }'

PAGES=(
    "/oai?verb=ListRecords&metadataPrefix=oai_lexml"
    "/oai?${RESUMIDA:-verb=ListRecords&metadataPrefix=oai_lexml&set=LO}"
    "/oai?verb=ListRecords&metadataPrefix=oai_lexml&set=LC"
    "/legislativo/normas?texto=merenda+escolar"
    "/legislativo/normas?texto=ilumina%C3%A7%C3%A3o+p%C3%BAblica"
    "/legislativo/normas?tipo=LO&ano=2020"
    "/legislativo/normas?assunto=carnaval"
    "/legislativo/normas"
)
echo
echo "| page (cache off) | c | req/s | p50 | p99 | ÷ pgbench |"
echo "|---|---|---|---|---|---|"
for p in "${PAGES[@]}"; do
    code=$(curl -s -o .bench/page.html -w '%{http_code}' -H "$H" "$BASE$p")
    [ "$code" = 200 ] || { echo "$p answered $code"; exit 1; }
    ! grep -q '<error code' .bench/page.html || { echo "$p: $(grep -o '<error[^<]*' .bench/page.html)"; exit 1; }
    for c in 8 32; do
        medir "$H" "$BASE$p" "$c"
        echo "| ${p:0:70} | $c $COLUNAS"
    done
done
