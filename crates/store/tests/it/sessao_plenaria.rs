//! Database rules of sessao_plenaria.
