//! Two-factor login: the second step of the login, and each user's enrolment.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::auth::Permissao;
use serde::Deserialize;
use store::auditoria::{self, Autor};
use store::conta::segundo_fator;
use store::conta::sessoes_login;
use store::{Access, TenantTx};

use crate::error::WebError;
use crate::http::auth::{self, Admin, Logado};
use crate::http::entrada::{Form, Query};
use crate::http::pedido;
use crate::http::tenant::CurrentTenant;
use crate::kit::shell::Shell;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    use Permissao::PainelVer;
    Routes::new()
        .get("/admin/login/2fa", codigo_form)
        .post("/admin/login/2fa", codigo)
        .admin_get("/admin/2fa", PainelVer, estado)
        .admin_post("/admin/2fa/iniciar", PainelVer, iniciar)
        .admin_post("/admin/2fa/confirmar", PainelVer, confirmar)
        .admin_post("/admin/2fa/desativar", PainelVer, desativar)
}

// ---------------------------------------------------------------- login, second step

#[derive(Template, WebTemplate)]
#[template(path = "conta/login_2fa.html")]
struct CodigoPage {
    camara: String,
    csrf: String,
    volta: String,
    erro: Option<String>,
}

#[derive(Deserialize)]
struct VoltaQuery {
    volta: Option<String>,
}

async fn pending(
    state: &AppState,
    current: &CurrentTenant,
    jar: &CookieJar,
    headers: &HeaderMap,
) -> Result<Option<sessoes_login::Sessao>, WebError> {
    let s = auth::current_session(
        state,
        current,
        jar,
        None,
        pedido::request_id(headers).as_deref(),
    )
    .await?;
    Ok(s.filter(|s| s.pendente_2fa))
}

async fn codigo_form(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    Query(q): Query<VoltaQuery>,
) -> Result<Response, WebError> {
    let Some(s) = pending(&state, &current, &jar, &headers).await? else {
        return Ok(Redirect::to("/admin/login").into_response());
    };
    Ok(CodigoPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: s.csrf,
        volta: auth::safe_return(q.volta.as_deref()),
        erro: None,
    }
    .into_response())
}

#[derive(Deserialize)]
struct CodigoForm {
    codigo: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
    volta: Option<String>,
}

async fn codigo(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<CodigoForm>,
) -> Result<Response, WebError> {
    let Some(s) = pending(&state, &current, &jar, &headers).await? else {
        return Ok(Redirect::to("/admin/login").into_response());
    };
    if f.csrf != s.csrf {
        return Err(WebError::Csrf);
    }
    let ip = pedido::client_ip(&state.config.trusted_proxies, &ext, &headers);
    let autor = Autor {
        usuario_id: Some(s.usuario.id),
        email: Some(s.usuario.email.clone()),
        ip,
        request_id: pedido::request_id(&headers),
    };
    let volta = auth::safe_return(f.volta.as_deref());
    let page = |erro: String| CodigoPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: s.csrf.clone(),
        volta: volta.clone(),
        erro: Some(erro),
    };
    let mut tx = TenantTx::begin(&state.store, &current.tenant, Access::Write).await?;
    // Codes are throttled per (account, client) on their own: failed passwords of others
    // never slow the owner's second step.
    let etapa = sessoes_login::Etapa::SegundoFator;
    if let Some(espera) = sessoes_login::espera(
        &mut tx,
        &s.usuario.email,
        ip,
        etapa,
        state.config.limite_login,
    )
    .await?
    {
        tx.commit().await?;
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            page(sessoes_login::mensagem_espera(espera)),
        )
            .into_response());
    }
    if !segundo_fator::verificar(&mut tx, &autor, s.usuario.id, &f.codigo).await? {
        sessoes_login::registrar_falha_de(&mut tx, &s.usuario.email, ip, etapa, true).await?;
        let id = s.id.to_string();
        auditoria::evento(&mut tx, &autor, "sessao", Some(&id), "codigo_2fa_falhou").await?;
        tx.commit().await?;
        return Ok((
            StatusCode::UNAUTHORIZED,
            page("Código incorreto ou já usado. Use o código atual do aplicativo autenticador ou um código de recuperação.".into()),
        )
            .into_response());
    }
    sessoes_login::completar_2fa(&mut tx, &s).await?;
    sessoes_login::limpar_falhas_do_cliente(&mut tx, &s.usuario.email, ip, etapa).await?;
    let id = s.id.to_string();
    auditoria::evento(&mut tx, &autor, "sessao", Some(&id), "login").await?;
    tx.commit().await?;
    let destino = if s.usuario.trocar_senha {
        "/admin/senha".to_owned()
    } else {
        volta
    };
    Ok(Redirect::to(&destino).into_response())
}

// ---------------------------------------------------------------- enrolment

#[derive(Template, WebTemplate)]
#[template(path = "conta/2fa.html")]
struct EstadoPage {
    shell: Shell,
    ativo: bool,
    obrigatorio: bool,
    restantes: i64,
    /// Enrolment in progress: the QR code (SVG) and the secret typed by hand.
    qr_svg: Option<String>,
    segredo: Option<String>,
    codigos: Vec<String>,
    erro: Option<String>,
}

fn qr_svg(url: &str) -> Result<String, WebError> {
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| WebError::Store(store::Error::Migration(format!("QR: {e}"))))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

fn issuer(current: &CurrentTenant) -> String {
    format!("Plenário — {}", current.tenant.nome_oficial)
}

async fn page(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    erro: Option<String>,
) -> Result<EstadoPage, WebError> {
    let u = &logado.sessao.usuario;
    let fresh = store::conta::usuarios::por_id(tx, u.id)
        .await?
        .ok_or(WebError::Unauthorized)?;
    let pendente = if fresh.totp_ativo {
        None
    } else {
        segundo_fator::pendente(tx, &fresh, &issuer(current)).await?
    };
    let (qr_svg, segredo) = match pendente {
        Some((secret, url)) => (Some(qr_svg(&url)?), Some(secret)),
        None => (None, None),
    };
    Ok(EstadoPage {
        shell: Shell::new(current, logado, "/admin/2fa"),
        ativo: fresh.totp_ativo,
        obrigatorio: logado.sessao.exigir_2fa && fresh.papel.sensivel(),
        restantes: segundo_fator::codigos_restantes(tx, fresh.id).await?,
        qr_svg,
        segredo,
        codigos: Vec::new(),
        erro,
    })
}

async fn estado(Admin(mut tx, current, logado): Admin) -> Result<EstadoPage, WebError> {
    page(&mut tx, &current, &logado, None).await
}

async fn iniciar(Admin(mut tx, current, logado): Admin) -> Result<EstadoPage, WebError> {
    segundo_fator::iniciar(&mut tx, &logado.sessao.usuario, &issuer(&current)).await?;
    let p = page(&mut tx, &current, &logado, None).await?;
    tx.commit().await?;
    Ok(p)
}

#[derive(Deserialize)]
struct CodigoSimples {
    codigo: String,
}

async fn confirmar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<CodigoSimples>,
) -> Result<Response, WebError> {
    let u = &logado.sessao.usuario;
    match segundo_fator::confirmar(&mut tx, &logado.autor, u, &f.codigo).await? {
        Some(codigos) => {
            let mut p = page(&mut tx, &current, &logado, None).await?;
            tx.commit().await?;
            p.codigos = codigos;
            Ok(p.into_response())
        }
        None => {
            let p = page(
                &mut tx,
                &current,
                &logado,
                Some("Código incorreto. Confira o horário do celular e digite o código que aparece agora no aplicativo.".into()),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

async fn desativar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<CodigoSimples>,
) -> Result<Response, WebError> {
    let u = &logado.sessao.usuario;
    if logado.sessao.exigir_2fa && u.papel.sensivel() {
        let p = page(&mut tx, &current, &logado, Some("A câmara exige a verificação em duas etapas para o seu perfil; ela não pode ser desligada.".into())).await?;
        return Ok((StatusCode::CONFLICT, p).into_response());
    }
    if !segundo_fator::verificar(&mut tx, &logado.autor, u.id, &f.codigo).await? {
        let p = page(
            &mut tx,
            &current,
            &logado,
            Some("Código incorreto ou já usado.".into()),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    }
    segundo_fator::desativar(&mut tx, &logado.autor, u, "desativar_2fa").await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/2fa").into_response())
}
