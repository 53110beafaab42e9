# What the page benchmarks share (sourced by portal.sh, normas.sh and proposicoes.sh, after
# they set RUNAS, PGBIN, SOCK and SECS): pgbench -S on the same cluster as the yardstick,
# and one wrk measure of a page against it.

# pgbench's own database on the same cluster (scale 10: fits in memory like our rows do).
pgbench_preparar() {
    "${RUNAS[@]}" "$PGBIN/createdb" -h "$SOCK" -U postgres pgbench 2> /dev/null || true
    "${RUNAS[@]}" "$PGBIN/pgbench" -h "$SOCK" -U postgres -i -s 10 -q pgbench > /dev/null 2>&1
}

# PG[8] and PG[32]: pgbench -S -M prepared tps at those concurrencies, printed.
declare -A PG
pgbench_s() {
    for c in 8 32; do
        PG[$c]=$("${RUNAS[@]}" "$PGBIN/pgbench" -h "$SOCK" -U postgres -S -M prepared -c "$c" -j 2 -T "$SECS" pgbench 2>/dev/null \
            | awk '/^tps/ {print int($3)}')
        echo "pgbench -S -M prepared -c $c: ${PG[$c]} tps"
    done
}

# medir HEADER URL C: wrk for SECS seconds; sets rps, p50, p99, non2xx and razao (÷ pgbench
# at the same concurrency, so pgbench_s first) and COLUNAS, the table's tail
# "| req/s | p50 | p99 | ÷ pgbench |" with any non-2xx count.
medir() {
    local out
    out=$(wrk -t2 -c"$3" -d"${SECS}s" --latency -H "$1" "$2")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    razao=$(awk -v r="$rps" -v t="${PG[$3]}" 'BEGIN { printf "%.3f", r / t }')
    COLUNAS="| $rps | $p50 | $p99 | $razao |${non2xx:+ non-2xx: $non2xx}"
}
