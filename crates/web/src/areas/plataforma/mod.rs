//! The master panel, on the platform host only: câmaras, their status and placement,
//! security events, schema versions, the platform audit log. Platform administrators log
//! in with password and TOTP code together.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use domain::{PlacementTarget, Slug, TenantStatus};
use serde::Deserialize;
use store::conta::sessoes_login;
use store::infra::catalog::{self, Tenant};
use store::infra::migrate;
use store::infra::provision::{self, NewTenant};
use store::plataforma::{self, Admin, Falha};
use store::{Access, TenantTx};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth;
use crate::http::entrada::{Form, Path, Query};
use crate::state::AppState;

mod senha;

const COOKIE: &str = "plenario_plataforma";
const CSRF_COOKIE: &str = "plenario_plataforma_csrf";
const POR_PAGINA: i64 = 50;

pub fn router(state: AppState) -> Router<AppState> {
    let protegidas = Router::new()
        .route("/admin-master", get(camaras))
        .route("/admin-master/sair", post(sair))
        .route("/admin-master/senha", get(senha::form).post(senha::trocar))
        .route("/admin-master/camaras/nova", get(nova_form).post(nova))
        .route("/admin-master/camaras/{slug}", get(detalhe))
        .route("/admin-master/camaras/{slug}/usuarios", get(usuarios))
        .route(
            "/admin-master/camaras/{slug}/usuarios/{id}/senha",
            post(redefinir_senha),
        )
        .route(
            "/admin-master/camaras/{slug}/dominios",
            post(dominio_adicionar),
        )
        .route(
            "/admin-master/camaras/{slug}/dominios/remover",
            post(dominio_remover),
        )
        .route("/admin-master/relatorios", get(relatorios))
        .route("/admin-master/monitoramento", get(monitoramento))
        .route(
            "/admin-master/camaras/{slug}/{acao}",
            get(confirmar).post(executar),
        )
        .route("/admin-master/seguranca", get(seguranca))
        .route("/admin-master/versoes", get(versoes))
        .route("/admin-master/auditoria", get(auditoria))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), guard));
    Router::new()
        .route("/admin-master/login", get(login_form).post(login))
        .merge(protegidas)
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            platform_host_only,
        ))
}

/// The master panel exists only on the platform host; elsewhere it is a plain 404.
async fn platform_host_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(domain::host::normalize);
    if host.as_deref() != Some(state.config.platform_host.as_str()) {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "404 Not Found\n",
        )
            .into_response();
    }
    next.run(req).await
}

#[derive(Clone)]
struct Logado {
    admin: Admin,
    csrf: String,
    sessao: Uuid,
}

impl Logado {
    fn actor(&self) -> String {
        format!("plataforma:{}", self.admin.email)
    }

    /// Records that the platform read `o_que` inside câmara `t`.
    async fn leu(&self, state: &AppState, t: &Tenant, o_que: &str) -> Result<(), WebError> {
        state
            .store
            .audit_platform(
                &self.actor(),
                "platform.read",
                Some((t.id, &t.slug)),
                serde_json::json!({ "o_que": o_que }),
            )
            .await?;
        Ok(())
    }
}

async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let sessao = match jar.get(COOKIE) {
        Some(c) => match plataforma::sessao(&state.store, c.value()).await {
            Ok(s) => s,
            Err(e) => return WebError::Store(e).into_response(),
        },
        None => None,
    };
    let Some((admin, csrf, sessao)) = sessao else {
        return Redirect::to("/admin-master/login").into_response();
    };
    // On the one-time password: nothing but changing it, or leaving.
    let path = req.uri().path();
    if admin.trocar_senha && path != "/admin-master/senha" && path != "/admin-master/sair" {
        return Redirect::to("/admin-master/senha").into_response();
    }
    let mut req = req;
    if req.method() != axum::http::Method::GET {
        req = match auth::check_csrf(req, &csrf).await {
            Ok(r) => r,
            Err(resp) => return resp,
        };
    }
    req.extensions_mut().insert(Logado {
        admin,
        csrf,
        sessao,
    });
    next.run(req).await
}

/// The câmara a panel URL names.
async fn camara(state: &AppState, slug: &str) -> Result<Tenant, WebError> {
    catalog::find_by_slug(state.store.control(), slug)
        .await?
        .ok_or(WebError::NotFound)
}

fn logado(ext: &axum::http::Extensions) -> Result<Logado, WebError> {
    ext.get::<Logado>().cloned().ok_or(WebError::Unauthorized)
}

// ---------------------------------------------------------------- login

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/login.html")]
struct LoginPage {
    csrf: String,
    email: String,
    erro: Option<String>,
}

async fn login_form(State(state): State<AppState>, jar: CookieJar) -> Result<Response, WebError> {
    let csrf = sessoes_login::token_aleatorio(24)?;
    let cookie = Cookie::build((CSRF_COOKIE, csrf.clone()))
        .path("/admin-master")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.secure)
        .build();
    Ok((
        jar.add(cookie),
        LoginPage {
            csrf,
            email: String::new(),
            erro: None,
        },
    )
        .into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    senha: String,
    codigo: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: axum::http::HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    if f.csrf.is_empty() || jar.get(CSRF_COOKIE).map(|c| c.value()) != Some(f.csrf.as_str()) {
        return Err(WebError::Csrf);
    }
    let ip = auth::client_ip(&state.config, &ext, &headers);
    let limite = state.config.limite_login;
    match plataforma::entrar(&state.store, &f.email, &f.senha, &f.codigo, ip, limite).await? {
        Ok((admin, cookie, _)) => {
            let c = Cookie::build((COOKIE, cookie))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(state.config.secure)
                .build();
            Ok((
                jar.add(c).remove(
                    Cookie::build((CSRF_COOKIE, ""))
                        .path("/admin-master")
                        .build(),
                ),
                Redirect::to(if admin.trocar_senha {
                    "/admin-master/senha"
                } else {
                    "/admin-master"
                }),
            )
                .into_response())
        }
        Err(falha) => {
            let (status, msg) = match falha {
                Falha::Espera(espera) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    sessoes_login::mensagem_espera(espera),
                ),
                Falha::Credenciais => (
                    StatusCode::UNAUTHORIZED,
                    "E-mail, senha ou código incorretos.".to_owned(),
                ),
                Falha::SenhaExpirada => (
                    StatusCode::UNAUTHORIZED,
                    "A senha provisória expirou sem ser usada (ela vale 24 horas). Peça uma nova \
                     ao operador: plenario platform-admin reset-password --email …"
                        .to_owned(),
                ),
            };
            Ok((
                status,
                LoginPage {
                    csrf: f.csrf,
                    email: f.email,
                    erro: Some(msg),
                },
            )
                .into_response())
        }
    }
}

async fn sair(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    plataforma::sair(&state.store, l.sessao).await?;
    Ok((
        jar.remove(Cookie::build((COOKIE, "")).path("/").build()),
        Redirect::to("/admin-master/login"),
    )
        .into_response())
}

// ---------------------------------------------------------------- câmaras

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/camaras.html")]
struct CamarasPage {
    admin: String,
    csrf: String,
    camaras: Vec<Tenant>,
    total: i64,
    pagina: i64,
    paginas: i64,
    base_domain: String,
}

#[derive(Deserialize)]
struct PaginaQuery {
    pagina: Option<i64>,
}

/// One page of the catalog: (câmaras, page, pages, total).
async fn pagina_de_camaras(
    state: &AppState,
    pedida: Option<i64>,
) -> Result<(Vec<Tenant>, i64, i64, i64), WebError> {
    let total = catalog::count(state.store.control()).await?;
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    let pagina = pedida.unwrap_or(1).clamp(1, paginas);
    let camaras =
        catalog::list(state.store.control(), POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    Ok((camaras, pagina, paginas, total))
}

async fn camaras(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<CamarasPage, WebError> {
    let l = logado(&ext)?;
    let (camaras, pagina, paginas, total) = pagina_de_camaras(&state, q.pagina).await?;
    Ok(CamarasPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        camaras,
        total,
        pagina,
        paginas,
        base_domain: state.config.base_domain.clone(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/detalhe.html")]
struct DetalhePage {
    admin: String,
    csrf: String,
    t: Tenant,
    dominios: Vec<(String, bool)>,
    usuarios: i64,
    base_domain: String,
}

async fn detalhe(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
) -> Result<DetalhePage, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let dominios = catalog::domains(state.store.control(), t.id).await?;
    // Reading inside a câmara: through its scoped transaction, and audited.
    let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
    let (_, usuarios) = store::conta::usuarios::listar(&mut tx, 1, 0).await?;
    drop(tx);
    l.leu(&state, &t, "contagem de usuários").await?;
    Ok(DetalhePage {
        admin: l.admin.nome,
        csrf: l.csrf,
        t,
        dominios,
        usuarios,
        base_domain: state.config.base_domain.clone(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/confirmar.html")]
struct ConfirmarPage {
    admin: String,
    csrf: String,
    titulo: String,
    texto: String,
    acao: String,
}

fn acao_texto(acao: &str, t: &Tenant) -> Option<(&'static str, String)> {
    match acao {
        "suspender" => Some((
            "Suspender câmara",
            format!(
                "O portal de {} passará a mostrar a página de manutenção.",
                t.nome_oficial
            ),
        )),
        "reativar" => Some((
            "Reativar câmara",
            format!("O portal de {} voltará ao ar.", t.nome_oficial),
        )),
        "mover-dedicado" => Some((
            "Mover para banco próprio",
            format!(
                "Os dados de {} serão copiados para um banco próprio; as alterações ficam suspensas durante a cópia.",
                t.nome_oficial
            ),
        )),
        "mover-pool" => Some((
            "Mover para o pool",
            format!(
                "Os dados de {} serão copiados para o banco compartilhado; as alterações ficam suspensas durante a cópia.",
                t.nome_oficial
            ),
        )),
        _ => None,
    }
}

async fn confirmar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, acao)): Path<(String, String)>,
) -> Result<ConfirmarPage, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let (titulo, texto) = acao_texto(&acao, &t).ok_or(WebError::NotFound)?;
    Ok(ConfirmarPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        titulo: titulo.into(),
        texto,
        acao: format!("/admin-master/camaras/{}/{acao}", t.slug),
    })
}

async fn executar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, acao)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    acao_texto(&acao, &t).ok_or(WebError::NotFound)?;
    let actor = l.actor();
    match acao.as_str() {
        "suspender" | "reativar" => {
            let to = if acao == "suspender" {
                TenantStatus::Suspended
            } else {
                TenantStatus::Active
            };
            catalog::set_status(state.store.control(), &t, to).await?;
            state
                .store
                .audit_platform(
                    &actor,
                    if to == TenantStatus::Suspended {
                        "tenant.suspend"
                    } else {
                        "tenant.resume"
                    },
                    Some((t.id, &t.slug)),
                    serde_json::json!({}),
                )
                .await?;
        }
        _ => {
            let target = PlacementTarget::parse(if acao == "mover-dedicado" {
                "dedicated"
            } else {
                "pool"
            })
            .map_err(store::Error::from)?;
            store::infra::moves::move_tenant(&state.store, &t.slug, &target, &actor, None).await?;
        }
    }
    Ok(Redirect::to(&format!("/admin-master/camaras/{}", t.slug)).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/nova.html")]
struct NovaPage {
    admin: String,
    csrf: String,
    f: NovaForm,
    erro: Option<String>,
    criada: Option<(Tenant, Option<String>, u128)>,
    base_domain: String,
}

#[derive(Deserialize, Default, Clone)]
struct NovaForm {
    slug: String,
    nome: String,
    municipio: String,
    uf: String,
    #[serde(default)]
    dominio: String,
    #[serde(default)]
    posicionamento: String,
    #[serde(default)]
    admin_email: String,
}

async fn nova_form(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<NovaPage, WebError> {
    let l = logado(&ext)?;
    Ok(NovaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        f: NovaForm {
            posicionamento: "pool".into(),
            ..Default::default()
        },
        erro: None,
        criada: None,
        base_domain: state.config.base_domain.clone(),
    })
}

async fn nova(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Form(f): Form<NovaForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let parsed = (|| -> Result<NewTenant, store::Error> {
        Ok(NewTenant {
            slug: Slug::parse(&f.slug)?,
            nome_oficial: provision::validate_nome(&f.nome)?,
            municipio: domain::municipios::find(&f.municipio, &f.uf)?,
            domain: (!f.dominio.trim().is_empty())
                .then(|| domain::host::parse_domain(&f.dominio))
                .transpose()?,
            placement: PlacementTarget::parse(if f.posicionamento.is_empty() {
                "pool"
            } else {
                &f.posicionamento
            })?,
            admin_email: (!f.admin_email.trim().is_empty())
                .then(|| provision::validate_email(&f.admin_email))
                .transpose()?,
        })
    })();
    let result = match parsed {
        Ok(new) => {
            provision::create(&state.store, new, &state.config.base_domain, &l.actor()).await
        }
        Err(e) => Err(e),
    };
    let page = |erro, criada| NovaPage {
        admin: l.admin.nome.clone(),
        csrf: l.csrf.clone(),
        f: f.clone(),
        erro,
        criada,
        base_domain: state.config.base_domain.clone(),
    };
    match result {
        Ok(done) => Ok((
            StatusCode::CREATED,
            page(
                None,
                Some((done.tenant, done.admin_password, done.elapsed.as_millis())),
            ),
        )
            .into_response()),
        Err(
            e @ (store::Error::Validation(_)
            | store::Error::Conflict(_)
            | store::Error::UnknownCluster(_)),
        ) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(Some(e.to_string()), None),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- security, versions, audit

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/seguranca.html")]
struct SegurancaPage {
    admin: String,
    csrf: String,
    eventos: Vec<store::plataforma::painel::Evento>,
    total: i64,
}

async fn seguranca(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<SegurancaPage, WebError> {
    let l = logado(&ext)?;
    let (eventos, total) =
        store::plataforma::painel::eventos_de_seguranca(&state.store, 200).await?;
    Ok(SegurancaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        eventos,
        total,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/versoes.html")]
struct VersoesPage {
    admin: String,
    csrf: String,
    esperada: i32,
    atualizados: usize,
    bancos: Vec<(String, i32, usize)>,
}

async fn versoes(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<VersoesPage, WebError> {
    let l = logado(&ext)?;
    let dbs = state.store.data_databases().await?;
    let mut bancos = Vec::with_capacity(dbs.len());
    for db in dbs {
        let lido = store::plataforma::painel::versao_do_banco(&state.store, &db).await;
        // A database dropped meanwhile (a câmara deleted or moved) is left out.
        if let Ok((v, residentes)) = lido {
            bancos.push((db.to_string(), v, residentes as usize));
        }
    }
    let esperada = migrate::Scope::App.latest();
    Ok(VersoesPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        esperada,
        atualizados: bancos.iter().filter(|(_, v, _)| *v >= esperada).count(),
        bancos,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/auditoria.html")]
struct AuditoriaPage {
    admin: String,
    csrf: String,
    registros: Vec<store::plataforma::painel::Registro>,
    pagina: i64,
    paginas: i64,
}

async fn auditoria(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<AuditoriaPage, WebError> {
    let l = logado(&ext)?;
    let total = store::plataforma::painel::auditoria_total(&state.store).await?;
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    let pagina = q.pagina.unwrap_or(1).clamp(1, paginas);
    let registros =
        store::plataforma::painel::auditoria(&state.store, POR_PAGINA, (pagina - 1) * POR_PAGINA)
            .await?;
    Ok(AuditoriaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        registros,
        pagina,
        paginas,
    })
}

// ---------------------------------------------------------------- users of a câmara

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/usuarios.html")]
struct UsuariosPage {
    admin: String,
    csrf: String,
    t: Tenant,
    usuarios: Vec<store::conta::usuarios::Usuario>,
    total: i64,
    nova_senha: Option<(String, String)>,
}

async fn usuarios_page(state: &AppState, l: &Logado, t: Tenant) -> Result<UsuariosPage, WebError> {
    let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
    let (usuarios, total) = store::conta::usuarios::listar(&mut tx, 200, 0).await?;
    drop(tx);
    l.leu(state, &t, "usuários").await?;
    Ok(UsuariosPage {
        admin: l.admin.nome.clone(),
        csrf: l.csrf.clone(),
        t,
        usuarios,
        total,
        nova_senha: None,
    })
}

async fn usuarios(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
) -> Result<UsuariosPage, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    usuarios_page(&state, &l, t).await
}

/// Gives a user of the câmara (typically its first administrator) a one-time password.
async fn redefinir_senha(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, id)): Path<(String, String)>,
) -> Result<UsuariosPage, WebError> {
    let l = logado(&ext)?;
    // The platform is above the câmara's roles: it may give any account, ADMIN included,
    // a one-time password (docs/identity.md, "Who manages whom"); audited below.
    domain::auth::pode_gerir_como_plataforma(domain::auth::AcaoUsuario::RedefinirSenha)
        .map_err(|_| WebError::Forbidden)?;
    let t = camara(&state, &slug).await?;
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let mut tx = TenantTx::begin(&state.store, &t, Access::Write).await?;
    let u = store::conta::usuarios::por_id(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let senha = store::conta::usuarios::senha_provisoria()?;
    let autor = store::auditoria::Autor::cli(&l.actor());
    store::conta::usuarios::definir_senha(&mut tx, &autor, &u, &senha, true, None).await?;
    tx.commit().await?;
    state
        .store
        .audit_platform(
            &l.actor(),
            "user.reset_password",
            Some((t.id, &t.slug)),
            serde_json::json!({ "email": u.email }),
        )
        .await?;
    let mut page = usuarios_page(&state, &l, t).await?;
    page.nova_senha = Some((u.email, senha));
    Ok(page)
}

// ---------------------------------------------------------------- domains

#[derive(Deserialize)]
struct DominioForm {
    dominio: String,
    #[serde(default)]
    principal: Option<String>,
}

async fn dominio_adicionar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
    Form(f): Form<DominioForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let host = domain::host::parse_domain(&f.dominio).map_err(store::Error::from)?;
    if host == state.config.platform_host {
        return Err(store::Error::from(domain::ValidationError::new(
            "dominio",
            format!("O domínio \"{host}\" é o endereço do painel da plataforma."),
        ))
        .into());
    }
    catalog::add_domain(
        state.store.control(),
        &t,
        &host,
        f.principal.is_some(),
        &state.config.base_domain,
    )
    .await?;
    state
        .store
        .audit_platform(
            &l.actor(),
            "tenant.domain_add",
            Some((t.id, &t.slug)),
            serde_json::json!({ "dominio": host }),
        )
        .await?;
    Ok(Redirect::to(&format!("/admin-master/camaras/{}", t.slug)).into_response())
}

async fn dominio_remover(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
    Form(f): Form<DominioForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    catalog::remove_domain(state.store.control(), &t, f.dominio.trim()).await?;
    state
        .store
        .audit_platform(
            &l.actor(),
            "tenant.domain_remove",
            Some((t.id, &t.slug)),
            serde_json::json!({ "dominio": f.dominio.trim() }),
        )
        .await?;
    Ok(Redirect::to(&format!("/admin-master/camaras/{}", t.slug)).into_response())
}

// ---------------------------------------------------------------- consolidated report

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/relatorios.html")]
struct RelatoriosPage {
    admin: String,
    csrf: String,
    linhas: Vec<(Tenant, Option<(i64, i64)>)>,
    pagina: i64,
    paginas: i64,
}

async fn contar_usuarios(state: &AppState, t: &Tenant) -> Result<(i64, i64), store::Error> {
    let mut tx = TenantTx::begin(&state.store, t, Access::Read).await?;
    store::conta::usuarios::contagem(&mut tx).await
}

/// Counts per câmara, read câmara by câmara through their scoped transactions (audited).
async fn relatorios(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<RelatoriosPage, WebError> {
    let l = logado(&ext)?;
    let (camaras, pagina, paginas, _) = pagina_de_camaras(&state, q.pagina).await?;
    let mut linhas = Vec::with_capacity(camaras.len());
    for t in camaras {
        // A câmara being moved or deleted meanwhile shows as unavailable, not as an error.
        let serving = matches!(
            t.status,
            TenantStatus::Active | TenantStatus::Suspended | TenantStatus::Moving
        );
        let contagem = if serving {
            contar_usuarios(&state, &t).await.ok()
        } else {
            None
        };
        linhas.push((t, contagem));
    }
    state
        .store
        .audit_platform(
            &l.actor(),
            "platform.read",
            None,
            serde_json::json!({ "o_que": "relatório consolidado", "pagina": pagina }),
        )
        .await?;
    Ok(RelatoriosPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        linhas,
        pagina,
        paginas,
    })
}

// ---------------------------------------------------------------- monitoring

/// One câmara's last 24 hours.
struct Uso {
    slug: String,
    nome: String,
    requisicoes: i64,
    erros: i64,
    media_ms: f64,
    p95_ms: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/monitoramento.html")]
struct MonitoramentoPage {
    admin: String,
    csrf: String,
    usos: Vec<Uso>,
}

async fn monitoramento(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<MonitoramentoPage, WebError> {
    let l = logado(&ext)?;
    // Flush this process's counters first, so the page includes the latest minute.
    crate::http::metrics::flush(&state).await?;
    let usos = store::plataforma::painel::uso_24h(&state.store)
        .await?
        .into_iter()
        .map(|u| Uso {
            p95_ms: match crate::http::metrics::percentile(&u.buckets, 0.95) {
                Some(v) if v.is_finite() => format!("≤ {v} ms"),
                Some(_) => "> 2500 ms".into(),
                None => "—".into(),
            },
            slug: u.slug,
            nome: u.nome,
            requisicoes: u.requisicoes,
            erros: u.erros,
            media_ms: u.media_ms,
        })
        .collect();
    Ok(MonitoramentoPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        usos,
    })
}
