#!/usr/bin/env bash
# After the test suite: every test binary's server logs (testkit::logs writes them to
# $CARGO_TARGET_DIR/debug/plenario-logs/*.jsonl) must hold none of the suite's passwords
# (the literals of the tests and fixtures), no argon2 hash, no TOTP URI, no session
# cookie value and no unmasked reset token. Exit 1, naming the file and the secret, if one does.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${CARGO_TARGET_DIR:-target}/debug/plenario-logs"
[ -d "$DIR" ] || { echo "segredos nos logs: nenhum log de teste em $DIR"; exit 0; }
mapfile -t SENHAS < <(grep -rhoE '"[A-Z][A-Za-z]*#[A-Za-z0-9!#]{4,}"' crates | tr -d '"' | sort -u)
falhou=0
for f in "$DIR"/*.jsonl; do
    [ -e "$f" ] || continue
    for s in "${SENHAS[@]}"; do
        if grep -qF -- "$s" "$f"; then echo "segredo nos logs: senha $s em $f"; falhou=1; fi
    done
    for padrao in '\$argon2id\$v=' 'otpauth://totp' 'plenario_sessao=[0-9]+\.[A-Za-z0-9_-]{8,}' 'token=[A-Za-z0-9_-]{16,}'; do
        if grep -qE -- "$padrao" "$f"; then echo "segredo nos logs: /$padrao/ em $f"; falhou=1; fi
    done
done
n=$(ls "$DIR"/*.jsonl 2>/dev/null | wc -l)
[ "$falhou" = 0 ] && echo "segredos nos logs: nenhum em $n arquivo(s) de log dos testes (${#SENHAS[@]} senhas procuradas)"
exit "$falhou"
