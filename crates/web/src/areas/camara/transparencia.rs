//! Transparência (the landing page of what the portal publishes, in the order of the PNTP
//! criteria) and privacidade (the LGPD notice: encarregado and policy), with the policy's
//! admin page.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::auth::Permissao;
use serde::Deserialize;
use store::camara::{self, Privacidade};

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Query};
use crate::http::tenant::Tx;
use crate::kit::portal::Portal;
use crate::kit::shell::Shell;
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/transparencia", transparencia)
        .get("/privacidade", privacidade)
        .admin_get(
            "/admin/configuracoes/privacidade",
            Permissao::ConfigVer,
            admin_pagina,
        )
        .admin_post(
            "/admin/configuracoes/privacidade",
            Permissao::ConfigGerir,
            admin_salvar,
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "camara/transparencia.html")]
struct Transparencia {
    portal: Portal,
    /// The open-data endpoints: (path, what it lists).
    apis: &'static [(&'static str, &'static str)],
}

/// The open-data collections, for the transparência page and the API index.
pub const APIS: &[(&str, &str)] = &[
    ("/api/v1/parlamentares", "Parlamentares"),
    ("/api/v1/legislaturas", "Legislaturas"),
    ("/api/v1/partidos", "Partidos"),
    ("/api/v1/mesa-diretora", "Mesa Diretora"),
    ("/api/v1/comissoes", "Comissões"),
    ("/api/v1/sessoes", "Sessões plenárias"),
    ("/api/v1/noticias", "Notícias"),
];

async fn transparencia(Tx(mut tx): Tx, jar: CookieJar) -> Result<Transparencia, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    tx.commit().await?;
    Ok(Transparencia { portal, apis: APIS })
}

#[derive(Template, WebTemplate)]
#[template(path = "camara/privacidade.html")]
struct PrivacidadePublica {
    portal: Portal,
    p: Privacidade,
    /// The câmara's own policy, rendered and sanitised; empty when it kept the default.
    politica_html: String,
}

async fn privacidade(Tx(mut tx): Tx, jar: CookieJar) -> Result<PrivacidadePublica, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let p = camara::privacidade(&mut tx).await?;
    tx.commit().await?;
    let politica_html = if p.politica_privacidade.trim().is_empty() {
        String::new()
    } else {
        domain::texto::markdown_seguro(&p.politica_privacidade)
    };
    Ok(PrivacidadePublica {
        portal,
        p,
        politica_html,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "conta/privacidade.html")]
struct AdminPrivacidade {
    shell: Shell,
    p: Privacidade,
    pode_gerir: bool,
    erro: Option<String>,
    salvo: bool,
}

#[derive(Deserialize)]
struct SalvoQuery {
    salvo: Option<String>,
}

async fn admin_pagina(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<SalvoQuery>,
) -> Result<AdminPrivacidade, WebError> {
    let p = camara::privacidade(&mut tx).await?;
    tx.commit().await?;
    Ok(AdminPrivacidade {
        shell: Shell::new(&current, &logado, "/admin/configuracoes"),
        pode_gerir: logado.sessao.usuario.papel.pode(Permissao::ConfigGerir),
        p,
        erro: None,
        salvo: q.salvo.is_some(),
    })
}

#[derive(Deserialize)]
struct PrivacidadeForm {
    #[serde(default)]
    encarregado_nome: String,
    #[serde(default)]
    encarregado_email: String,
    #[serde(default)]
    encarregado_telefone: String,
    #[serde(default)]
    politica_privacidade: String,
}

async fn admin_salvar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<PrivacidadeForm>,
) -> Result<Response, WebError> {
    let p = Privacidade {
        encarregado_nome: f.encarregado_nome,
        encarregado_email: f.encarregado_email,
        encarregado_telefone: f.encarregado_telefone,
        politica_privacidade: f.politica_privacidade,
    };
    match camara::atualizar_privacidade(&mut tx, &logado.autor, &p).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/configuracoes/privacidade?salvo=1").into_response())
        }
        Err(store::Error::Validation(v)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            AdminPrivacidade {
                shell: Shell::new(&current, &logado, "/admin/configuracoes"),
                p,
                pode_gerir: true,
                erro: Some(v.message),
                salvo: false,
            },
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
