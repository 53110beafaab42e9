//! One module per domain area, named as in `domain` and `store`; each has its public pages,
//! its admin and its open data.

pub mod acompanhamento;
pub mod auditoria;
pub mod busca;
pub mod camara;
pub mod comissoes;
pub mod composicao;
pub mod conta;
pub mod conteudo;
pub mod dados_abertos;
pub mod eletronica;
pub mod emendas;
pub mod mesa;
pub mod normas;
pub mod plataforma;
pub mod proposicoes;
pub mod protocolo;
pub mod sessoes_plenarias;
pub mod tramitacao;
