//! The users of a câmara, seen from the platform: the list (an audited read), a new account,
//! a change of role, and behind a confirmation page a one-time password, deactivation and
//! reactivation. Every action is POST-redirect-GET: a reload of the page it lands on
//! repeats nothing. A one-time password is handed to that page once, in a short-lived
//! cookie scoped to it, and forgotten when shown.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use domain::auth::{AcaoUsuario, Papel};
use serde::Deserialize;
use store::conta::usuarios::{self, NovoUsuario, Usuario};
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use uuid::Uuid;

use super::acoes::ConfirmarPage;
use super::{Logado, camara, logado};
use crate::error::WebError;
use crate::http::entrada::{Form, Path, Query};
use crate::kit::formato::de_camara;
use crate::state::AppState;

/// The cookie that carries a one-time password to the users page, once.
const SENHA_COOKIE: &str = "plenario_plataforma_senha";

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/usuarios.html")]
pub(super) struct UsuariosPage {
    admin: String,
    csrf: String,
    t: Tenant,
    /// "da Câmara Municipal de …".
    da_camara: String,
    usuarios: Vec<Usuario>,
    total: i64,
    papeis: Vec<Papel>,
    nova_senha: Option<(String, String)>,
    feito: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub(super) struct FeitoQuery {
    feito: Option<String>,
}

fn usuarios_path(t: &Tenant) -> String {
    format!("/admin-master/camaras/{}/usuarios", t.slug)
}

/// The message of `?feito=` after an action.
fn feito_texto(feito: Option<&str>) -> Option<&'static str> {
    Some(match feito? {
        "criado" => "Usuário criado.",
        "senha" => "Senha provisória gerada.",
        "desativado" => "Usuário desativado; as sessões abertas foram encerradas.",
        "reativado" => "Usuário reativado.",
        "papel" => "Perfil alterado.",
        _ => return None,
    })
}

pub(super) async fn usuarios(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    jar: CookieJar,
    Path(slug): Path<String>,
    Query(q): Query<FeitoQuery>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
    let (lista, total) = usuarios::listar(&mut tx, 200, 0).await?;
    drop(tx);
    l.leu(&state, &t, "usuários").await?;
    // The one-time password is shown only for an account of this câmara's list.
    let nova_senha = jar
        .get(SENHA_COOKIE)
        .and_then(|c| c.value().split_once('.'))
        .and_then(|(id, senha)| {
            let id: Uuid = id.parse().ok()?;
            let u = lista.iter().find(|u| u.id == id)?;
            Some((u.email.clone(), senha.to_owned()))
        });
    let jar = jar.remove(Cookie::build((SENHA_COOKIE, "")).path(usuarios_path(&t)));
    let page = UsuariosPage {
        admin: l.admin.nome.clone(),
        csrf: l.csrf.clone(),
        da_camara: de_camara(&t.nome_oficial),
        t,
        usuarios: lista,
        total,
        papeis: Papel::ALL.to_vec(),
        nova_senha,
        feito: feito_texto(q.feito.as_deref()),
    };
    Ok((jar, page).into_response())
}

/// After an action: back to the list, with the message and (for a new password) the cookie.
fn voltar(state: &AppState, t: &Tenant, feito: &str, senha: Option<(Uuid, String)>) -> Response {
    let destino = Redirect::to(&format!("{}?feito={feito}", usuarios_path(t)));
    match senha {
        Some((id, senha)) => {
            let c = Cookie::build((SENHA_COOKIE, format!("{id}.{senha}")))
                .path(usuarios_path(t))
                .http_only(true)
                .secure(state.config.secure)
                .same_site(SameSite::Strict)
                .max_age(time::Duration::minutes(2));
            (CookieJar::new().add(c), destino).into_response()
        }
        None => destino.into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct NovoForm {
    nome: String,
    email: String,
    papel: String,
}

/// Creates an account of any role with a one-time password (the platform is above the
/// câmara's roles: docs/identity.md, "Who manages whom").
pub(super) async fn criar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
    Form(f): Form<NovoForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    domain::auth::pode_gerir_como_plataforma(AcaoUsuario::Criar)
        .map_err(|_| WebError::Forbidden)?;
    let t = camara(&state, &slug).await?;
    let novo = NovoUsuario::validar(&f.nome, &f.email, &f.papel).map_err(store::Error::from)?;
    let mut tx = TenantTx::begin(&state.store, &t, Access::Write).await?;
    let autor = store::auditoria::Autor::cli(&l.actor());
    let (u, senha) = usuarios::criar(&mut tx, &autor, &novo).await?;
    tx.commit().await?;
    l.registrou(
        &state,
        "user.create",
        Some(&t),
        serde_json::json!({ "email": u.email, "papel": u.papel.as_str() }),
    )
    .await?;
    Ok(voltar(&state, &t, "criado", Some((u.id, senha))))
}

#[derive(Deserialize)]
pub(super) struct PapelForm {
    papel: String,
}

/// Changes an account's role (the last active administrator keeps theirs: `usuarios::editar`).
pub(super) async fn papel(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<PapelForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    domain::auth::pode_gerir_como_plataforma(AcaoUsuario::Editar)
        .map_err(|_| WebError::Forbidden)?;
    let t = camara(&state, &slug).await?;
    let (mut tx, u) = conta(&state, &t, &id).await?;
    let papel = Papel::parse(&f.papel).map_err(store::Error::from)?;
    let autor = store::auditoria::Autor::cli(&l.actor());
    usuarios::editar(&mut tx, &autor, &u, &u.nome, papel, u.parlamentar_id).await?;
    tx.commit().await?;
    l.registrou(
        &state,
        "user.role",
        Some(&t),
        serde_json::json!({ "email": u.email, "de": u.papel.as_str(), "para": papel.as_str() }),
    )
    .await?;
    Ok(voltar(&state, &t, "papel", None))
}

/// The account `id` of câmara `t`, in a write transaction (404 for another câmara's).
async fn conta(state: &AppState, t: &Tenant, id: &str) -> Result<(TenantTx, Usuario), WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let mut tx = TenantTx::begin(&state.store, t, Access::Write).await?;
    let u = usuarios::por_id(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((tx, u))
}

/// The actions behind a confirmation page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Acao {
    Senha,
    Desativar,
    Reativar,
}

impl Acao {
    fn dominio(self) -> AcaoUsuario {
        match self {
            Self::Senha => AcaoUsuario::RedefinirSenha,
            Self::Desativar => AcaoUsuario::Desativar,
            Self::Reativar => AcaoUsuario::Reativar,
        }
    }

    fn caminho(self) -> &'static str {
        match self {
            Self::Senha => "senha",
            Self::Desativar => "desativar",
            Self::Reativar => "reativar",
        }
    }

    fn textos(self, u: &Usuario, da_camara: &str) -> (&'static str, String) {
        match self {
            Self::Senha => (
                "Gerar senha provisória",
                format!(
                    "{} ({}) receberá uma senha provisória, a ser trocada no primeiro acesso; \
                     a senha atual deixa de valer e as sessões abertas são encerradas.",
                    u.nome, u.email
                ),
            ),
            Self::Desativar => (
                "Desativar usuário",
                format!(
                    "{} ({}) não poderá mais entrar na administração {da_camara}; as sessões \
                     abertas são encerradas. A conta pode ser reativada depois.",
                    u.nome, u.email
                ),
            ),
            Self::Reativar => (
                "Reativar usuário",
                format!(
                    "{} ({}) poderá voltar a entrar na administração {da_camara}.",
                    u.nome, u.email
                ),
            ),
        }
    }
}

async fn confirmar(
    state: AppState,
    ext: axum::http::Extensions,
    slug: String,
    id: String,
    acao: Acao,
) -> Result<ConfirmarPage, WebError> {
    let l = logado(&ext)?;
    domain::auth::pode_gerir_como_plataforma(acao.dominio()).map_err(|_| WebError::Forbidden)?;
    let t = camara(&state, &slug).await?;
    let (tx, u) = conta(&state, &t, &id).await?;
    drop(tx);
    let (titulo, texto) = acao.textos(&u, &de_camara(&t.nome_oficial));
    Ok(ConfirmarPage::new(
        &l,
        titulo,
        texto,
        format!("{}/{}/{}", usuarios_path(&t), u.id, acao.caminho()),
        usuarios_path(&t),
    ))
}

async fn executar(
    state: AppState,
    l: Logado,
    slug: String,
    id: String,
    acao: Acao,
) -> Result<Response, WebError> {
    domain::auth::pode_gerir_como_plataforma(acao.dominio()).map_err(|_| WebError::Forbidden)?;
    let t = camara(&state, &slug).await?;
    let (mut tx, u) = conta(&state, &t, &id).await?;
    let autor = store::auditoria::Autor::cli(&l.actor());
    let (registro, feito, senha) = match acao {
        Acao::Senha => {
            let senha = usuarios::senha_provisoria()?;
            usuarios::definir_senha(&mut tx, &autor, &u, &senha, true, None).await?;
            ("user.reset_password", "senha", Some((u.id, senha)))
        }
        Acao::Desativar => {
            usuarios::definir_ativo(&mut tx, &autor, &u, false).await?;
            ("user.deactivate", "desativado", None)
        }
        Acao::Reativar => {
            usuarios::definir_ativo(&mut tx, &autor, &u, true).await?;
            ("user.reactivate", "reativado", None)
        }
    };
    tx.commit().await?;
    l.registrou(
        &state,
        registro,
        Some(&t),
        serde_json::json!({ "email": u.email }),
    )
    .await?;
    Ok(voltar(&state, &t, feito, senha))
}

macro_rules! acao {
    ($confirmar:ident, $executar:ident, $acao:expr) => {
        pub(super) async fn $confirmar(
            State(state): State<AppState>,
            ext: axum::http::Extensions,
            Path((slug, id)): Path<(String, String)>,
        ) -> Result<ConfirmarPage, WebError> {
            confirmar(state, ext, slug, id, $acao).await
        }

        pub(super) async fn $executar(
            State(state): State<AppState>,
            ext: axum::http::Extensions,
            Path((slug, id)): Path<(String, String)>,
        ) -> Result<Response, WebError> {
            let l = logado(&ext)?;
            executar(state, l, slug, id, $acao).await
        }
    };
}

acao!(senha_confirmar, senha, Acao::Senha);
acao!(desativar_confirmar, desativar, Acao::Desativar);
acao!(reativar_confirmar, reativar, Acao::Reativar);
