//! Integration tests of the store, against the test binary's private PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod arquivos;
mod composicao_periodos;
mod contador;
mod conteudo;
mod mesa_comissoes;
mod migrate;
mod moves;
mod perfil;
mod proposicoes;
mod protocolo;
mod provision;
mod recusas;
mod sessao_plenaria;
mod tenancy;
