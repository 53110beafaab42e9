#!/usr/bin/env bash
# Benchmark (not a test): time and size of `plenario tenant backup` and `tenant restore`
# (into a dedicated database), and the DR drill, for câmaras of the demo, small and
# SAPL sizes, plus `backup all` over them.
#
# Usage: bench/backup.sh            (PROFILE=debug to reuse a debug build)
# Runs its own embedded cluster under .bench-backup/ (removed first). Needs curl.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then cargo build --release -q -p plenario; else cargo build -q -p plenario; fi
BIN=$(realpath "${CARGO_TARGET_DIR:-target}")/$PROFILE/plenario
export PLENARIO_HOME=$PWD/.bench-backup/home PLENARIO_LOG=warn
unset DATABASE_URL PLENARIO_CLUSTERS PLENARIO_BACKUP_KEY
rm -rf .bench-backup && mkdir -p .bench-backup
OUT=$PWD/.bench-backup/backups

$BIN serve --listen 127.0.0.1:18098 > .bench-backup/keeper.log 2>&1 &
KEEPER=$!
trap 'kill -INT $KEEPER 2>/dev/null; wait 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:18098/healthz" > /dev/null; do sleep 0.1; done
export DATABASE_URL="postgres://postgres@localhost/plenario?host=$PLENARIO_HOME/run"

printf "%-10s %8s %10s %10s %11s %10s\n" escala linhas bytes backup_ms restore_ms drill_ms
for escala in pequena demo sapl; do
    slug="bench-$escala"
    $BIN tenant create --slug "$slug" --nome "Câmara Municipal de $escala" \
        --municipio Olinda --uf PE --mesmo-municipio --admin-email "ti@$slug.example" > /dev/null
    $BIN tenant seed "$slug" --escala "$escala" > /dev/null
    b=$($BIN tenant backup "$slug" --to "$OUT")
    backup_ms=$(sed -n 's/.*feito em \([0-9]*\) ms/\1/p' <<< "$b")
    bytes=$(sed -n 's/^  \([0-9]*\) bytes.*/\1/p' <<< "$b")
    arquivo=$(ls "$OUT/$slug"/*.plenario.tar.gz | tail -1)
    r=$($BIN tenant restore "$arquivo" --as "$slug-r" --placement dedicated)
    restore_ms=$(sed -n 's/.*restaurada em \([0-9]*\) ms/\1/p' <<< "$r")
    linhas=$(sed -n 's/^  \([0-9]*\) linhas em.*/\1/p' <<< "$r")
    d=$($BIN dr drill "$slug" --from "$OUT")
    drill_ms=$(sed -n 's/.*RTO medido: \([0-9]*\) ms.*/\1/p' <<< "$d")
    grep -q "idêntica" <<< "$d" || { echo "drill: $d" >&2; exit 1; }
    printf "%-10s %8s %10s %10s %11s %10s\n" "$escala" "$linhas" "$bytes" "$backup_ms" "$restore_ms" "$drill_ms"
done

echo "== backup all (jobs 4) over $($BIN tenant list | tail -1)"
$BIN backup all --to "$OUT/all" --jobs 4
du -sh "$OUT/all"
