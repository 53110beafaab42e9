//! Integration tests of the store, against the test binary's private PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod arquivos;
mod autografos;
mod backup;
mod busca_portugues;
mod comissoes_membros;
mod comissoes_trabalho;
mod composicao_periodos;
mod contador;
mod conteudo;
mod emendas;
mod leitura;
mod mesa_comissoes;
mod migrate;
mod moves;
mod normas;
mod normas_autografos_lista;
mod perfil;
mod proposicoes;
mod proposicoes_admin;
mod proposicoes_busca;
mod protocolo;
mod provision;
mod recusas;
mod sessao_plenaria;
mod sessoes_em_curso;
mod tenancy;
mod tramitacao;
mod tramitacao_prazos;
