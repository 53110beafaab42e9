//! Integration tests of the HTTP layer, against the test binary's private PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod acompanhamento;
mod api_filtros;
mod auth;
mod auth_usuarios;
mod browser;
mod cabecalhos;
mod cache;
mod comissoes_trabalho;
mod configuracoes;
mod conteudo;
mod conteudo_paginas;
mod entrada;
mod fila_agendados;
mod fora_do_ar;
mod fuzz;
mod gestao_usuarios;
mod ids_alheios;
mod isolation;
mod mesa_comissoes;
mod openapi;
mod parlamentares;
mod parlamentares_admin;
mod parlamentares_admin_confirmacoes;
mod plataforma;
mod plataforma_acesso;
mod plataforma_fila;
mod portal;
mod proposicoes_admin;
mod proposicoes_publico;
mod protocolo;
mod protocolo_eletronica;
mod reapresentacao;
mod reapresentacao_parlamentares;
mod resiliencia;
mod routing;
mod segundo_fator;
mod senha_reset;
mod sessoes_plenarias;
mod throttling;
mod tramitacao;
mod transparencia;
