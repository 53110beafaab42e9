//! The câmara's admin: login, first-login password change, dashboard, users, audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::auth::{AcaoUsuario, Papel, Permissao, Recusa};
use serde::Deserialize;
use store::auditoria::{self, Autor, Filtro, Registro};
use store::conta::sessoes_login;
use store::conta::usuarios::{self, NovoUsuario, Usuario};
use store::{Access, TenantTx};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::{self, Logado, SESSION_COOKIE};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::shell::Shell;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    use Permissao::*;
    Routes::new()
        .get("/admin/login", login_form)
        .post("/admin/login", login)
        .admin_post("/admin/sair", PainelVer, logout)
        .admin_get("/admin", PainelVer, painel)
        .admin_get("/admin/senha", PainelVer, senha_form)
        .admin_post("/admin/senha", PainelVer, trocar_senha)
        .admin_get("/admin/usuarios", UsuarioVer, usuarios_lista)
        .admin_post("/admin/usuarios", UsuarioGerir, usuario_criar)
        .admin_get(
            "/admin/usuarios/{id}/{acao}",
            UsuarioGerir,
            usuario_confirmar,
        )
        .admin_post("/admin/usuarios/{id}/{acao}", UsuarioGerir, usuario_acao)
        .admin_get("/admin/auditoria", AuditoriaVer, auditoria_lista)
        .merge(crate::areas::conta::segundo_fator::routes())
}

const POR_PAGINA: i64 = 20;

// ---------------------------------------------------------------- login

#[derive(Template, WebTemplate)]
#[template(path = "conta/login.html")]
struct LoginPage {
    camara: String,
    csrf: String,
    email: String,
    volta: String,
    erro: Option<String>,
}

#[derive(Deserialize)]
struct VoltaQuery {
    volta: Option<String>,
}

async fn login_form(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    Query(q): Query<VoltaQuery>,
) -> Result<Response, WebError> {
    if let Some(s) = auth::current_session(
        &state,
        &current,
        &jar,
        None,
        auth::request_id(&headers).as_deref(),
    )
    .await?
    {
        let to = if s.pendente_2fa {
            "/admin/login/2fa".to_owned()
        } else {
            auth::safe_return(q.volta.as_deref())
        };
        return Ok(Redirect::to(&to).into_response());
    }
    let csrf = sessoes_login::token_aleatorio(24)?;
    let page = LoginPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: csrf.clone(),
        email: String::new(),
        volta: auth::safe_return(q.volta.as_deref()),
        erro: None,
    };
    Ok((jar.add(auth::login_csrf_cookie(&state, csrf)), page).into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    senha: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
    volta: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    auth::check_login_csrf(&jar, &f.csrf)?;
    let ip = auth::client_ip(&state.config, &ext, &headers);
    let rid = auth::request_id(&headers);
    let volta = auth::safe_return(f.volta.as_deref());
    let page = |erro: String, email: &str| LoginPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: f.csrf.clone(),
        email: email.to_owned(),
        volta: volta.clone(),
        erro: Some(erro),
    };
    let Ok(email) = domain::auth::parse_email(&f.email) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page("Informe um e-mail válido.".into(), &f.email),
        )
            .into_response());
    };
    let mut tx = TenantTx::begin(&state.store, &current.tenant, Access::Write).await?;
    // Throttled per (e-mail, client), known account or not (the same answer either way).
    let limite = state.config.limite_login;
    if let Some(espera) =
        sessoes_login::espera(&mut tx, &email, ip, sessoes_login::Etapa::Senha, limite).await?
    {
        tx.commit().await?;
        let msg = sessoes_login::mensagem_espera(espera);
        return Ok((StatusCode::TOO_MANY_REQUESTS, page(msg, &email)).into_response());
    }
    let found = usuarios::por_email_com_hash(&mut tx, &email).await?;
    let ok =
        usuarios::verificar_senha_ou_simular(found.as_ref().map(|(_, h)| h.as_str()), &f.senha)
            .await;
    let autor = Autor {
        usuario_id: found.as_ref().map(|(u, _)| u.id),
        email: Some(email.clone()),
        ip,
        request_id: rid.clone(),
    };
    let usuario = match found {
        Some((u, _)) if ok && u.ativo => u,
        _ => {
            let conhecida = found.is_some();
            sessoes_login::registrar_falha_de(
                &mut tx,
                &email,
                ip,
                sessoes_login::Etapa::Senha,
                conhecida,
            )
            .await?;
            auditoria::registrar(&mut tx, &autor, "sessao", None, "login_falhou", None, None)
                .await?;
            tx.commit().await?;
            return Ok((
                StatusCode::UNAUTHORIZED,
                page("E-mail ou senha incorretos.".into(), &email),
            )
                .into_response());
        }
    };
    sessoes_login::limpar_falhas_do_cliente(&mut tx, &email, ip, sessoes_login::Etapa::Senha)
        .await?;
    // Rotation: whatever session this browser had ends now.
    if let Some((tid, secret)) = jar
        .get(SESSION_COOKIE)
        .and_then(|c| sessoes_login::parse_cookie(c.value()).map(|(t, s)| (t, s.to_owned())))
        && tid == current.tenant.id
        && let Some(old) =
            sessoes_login::validar(&mut tx, &secret, state.config.sessao, true).await?
    {
        sessoes_login::encerrar(&mut tx, old.id).await?;
    }
    let user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let nova = sessoes_login::criar(
        &mut tx,
        &usuario,
        ip,
        user_agent,
        state.config.sessao,
        usuario.totp_ativo,
    )
    .await?;
    let acao = if usuario.totp_ativo {
        "login_senha"
    } else {
        "login"
    };
    auditoria::registrar(
        &mut tx,
        &autor,
        "sessao",
        Some(&nova.id.to_string()),
        acao,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    let destino = if usuario.totp_ativo {
        let volta: String = form_urlencoded::byte_serialize(volta.as_bytes()).collect();
        format!("/admin/login/2fa?volta={volta}")
    } else if usuario.trocar_senha {
        "/admin/senha".to_owned()
    } else {
        volta
    };
    let jar = jar
        .add(auth::session_cookie(&state, nova.cookie))
        .remove(auth::login_csrf_removal());
    Ok((jar, Redirect::to(&destino)).into_response())
}

async fn logout(Tx(mut tx): Tx, logado: Logado, jar: CookieJar) -> Result<Response, WebError> {
    sessoes_login::encerrar(&mut tx, logado.sessao.id).await?;
    auditoria::registrar(
        &mut tx,
        &logado.autor,
        "sessao",
        Some(&logado.sessao.id.to_string()),
        "logout",
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok((
        jar.remove(auth::session_removal()),
        Redirect::to("/admin/login"),
    )
        .into_response())
}

// ---------------------------------------------------------------- dashboard and password

#[derive(Template, WebTemplate)]
#[template(path = "camara/inicio.html")]
struct Painel {
    shell: Shell,
    papel: Papel,
    permissoes: Vec<&'static str>,
}

async fn painel(current: CurrentTenant, logado: Logado) -> Painel {
    let papel = logado.sessao.usuario.papel;
    Painel {
        shell: Shell::new(&current, &logado, "/admin"),
        papel,
        permissoes: papel.permissoes().iter().map(|p| p.as_str()).collect(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "conta/senha.html")]
struct SenhaPage {
    shell: Shell,
    obrigatoria: bool,
    erro: Option<String>,
}

async fn senha_form(current: CurrentTenant, logado: Logado) -> SenhaPage {
    SenhaPage {
        obrigatoria: logado.sessao.usuario.trocar_senha,
        shell: Shell::new(&current, &logado, ""),
        erro: None,
    }
}

#[derive(Deserialize)]
struct SenhaForm {
    atual: String,
    nova: String,
    confirmacao: String,
}

async fn trocar_senha(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<SenhaForm>,
) -> Result<Response, WebError> {
    let usuario = &logado.sessao.usuario;
    let erro = |msg: &str| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            SenhaPage {
                obrigatoria: usuario.trocar_senha,
                shell: Shell::new(&current, &logado, ""),
                erro: Some(msg.to_owned()),
            },
        )
            .into_response()
    };
    let Some((_, hash)) = usuarios::por_email_com_hash(&mut tx, &usuario.email).await? else {
        return Err(WebError::Unauthorized);
    };
    if !usuarios::verificar_senha(&hash, &f.atual).await {
        return Ok(erro("A senha atual não confere."));
    }
    if f.nova != f.confirmacao {
        return Ok(erro("A nova senha e a confirmação são diferentes."));
    }
    if f.nova == f.atual {
        return Ok(erro("A nova senha deve ser diferente da atual."));
    }
    match usuarios::definir_senha(
        &mut tx,
        &logado.autor,
        usuario,
        &f.nova,
        false,
        Some(logado.sessao.id),
    )
    .await
    {
        Ok(()) => {}
        Err(store::Error::Validation(v)) => return Ok(erro(&v.message)),
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(Redirect::to("/admin").into_response())
}

// ---------------------------------------------------------------- users

#[derive(Template, WebTemplate)]
#[template(path = "conta/usuarios.html")]
struct UsuariosPage {
    shell: Shell,
    usuarios: Vec<Usuario>,
    pagina: i64,
    paginas: i64,
    total: i64,
    pode_gerir: bool,
    /// The listed users this user may act on (their action links are shown).
    geriveis: Vec<Uuid>,
    /// The logged-in user (only "Editar" on their own row).
    eu: Uuid,
    papeis: Vec<(&'static str, &'static str)>,
    erro: Option<String>,
    criado: Option<(Usuario, String)>,
    form_nome: String,
    form_email: String,
}

#[derive(Deserialize)]
struct PaginaQuery {
    pagina: Option<i64>,
}

async fn usuarios_page(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    pagina: i64,
) -> Result<UsuariosPage, WebError> {
    let (total_usuarios, paginas) = {
        let (_, total) = usuarios::listar(tx, 1, 0).await?;
        (total, ((total + POR_PAGINA - 1) / POR_PAGINA).max(1))
    };
    let pagina = pagina.clamp(1, paginas);
    let (lista, _) = usuarios::listar(tx, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let ator = logado.sessao.usuario.papel;
    let geriveis = lista
        .iter()
        .filter(|u| {
            domain::auth::pode_gerir(ator, u.papel, None, false, AcaoUsuario::Editar).is_ok()
        })
        .map(|u| u.id)
        .collect();
    Ok(UsuariosPage {
        geriveis,
        eu: logado.sessao.usuario.id,
        shell: Shell::new(current, logado, "/admin/usuarios"),
        usuarios: lista,
        pagina,
        paginas,
        total: total_usuarios,
        pode_gerir: logado.sessao.usuario.papel.pode(Permissao::UsuarioGerir),
        papeis: opcoes(&ator.concede()),
        erro: None,
        criado: None,
        form_nome: String::new(),
        form_email: String::new(),
    })
}

/// The role options of a form.
fn opcoes(papeis: &[Papel]) -> Vec<(&'static str, &'static str)> {
    papeis.iter().map(|p| (p.as_str(), p.label())).collect()
}

/// The roles the edit form offers for `alvo`: what the acting user may grant, and only the
/// current role on one's own account.
fn papeis_para(logado: &Logado, alvo: &Usuario) -> Vec<(&'static str, &'static str)> {
    if alvo.id == logado.sessao.usuario.id {
        return opcoes(&[alvo.papel]);
    }
    opcoes(&logado.sessao.usuario.papel.concede())
}

/// Applies [`domain::auth::pode_gerir`] to the logged-in user acting on `alvo`.
fn autorizar(
    logado: &Logado,
    alvo: &Usuario,
    novo: Option<Papel>,
    acao: AcaoUsuario,
) -> Result<(), Recusa> {
    domain::auth::pode_gerir(
        logado.sessao.usuario.papel,
        alvo.papel,
        novo,
        alvo.id == logado.sessao.usuario.id,
        acao,
    )
}

/// A refused user-management action: 403, the users page with the reason, read in the
/// request's transaction. Nothing was written (the transaction is dropped afterwards).
async fn recusado(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    recusa: Recusa,
) -> Result<Response, WebError> {
    let mut page = usuarios_page(tx, current, logado, 1).await?;
    page.erro = Some(recusa.to_string());
    Ok((StatusCode::FORBIDDEN, page).into_response())
}

async fn usuarios_lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<PaginaQuery>,
) -> Result<UsuariosPage, WebError> {
    usuarios_page(&mut tx, &current, &logado, q.pagina.unwrap_or(1)).await
}

#[derive(Deserialize)]
struct NovoUsuarioForm {
    nome: String,
    email: String,
    papel: String,
}

async fn usuario_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<NovoUsuarioForm>,
) -> Result<Response, WebError> {
    let result = match NovoUsuario::validar(&f.nome, &f.email, &f.papel) {
        Ok(novo) => {
            if let Err(r) = domain::auth::pode_gerir(
                logado.sessao.usuario.papel,
                novo.papel,
                Some(novo.papel),
                false,
                AcaoUsuario::Criar,
            ) {
                return recusado(&mut tx, &current, &logado, r).await;
            }
            tx.tentar(async |tx| usuarios::criar(tx, &logado.autor, &novo).await)
                .await
        }
        Err(v) => {
            // Every field's message, not only the first one [`NovoUsuario::validar`] stops at.
            let mut msgs = vec![v.message];
            let outros = [
                domain::auth::parse_email(&f.email).err(),
                Papel::parse(&f.papel).err(),
            ];
            for m in outros.into_iter().flatten().map(|e| e.message) {
                if !msgs.contains(&m) {
                    msgs.push(m);
                }
            }
            Err(store::Error::Validation(domain::ValidationError::new(
                v.field,
                msgs.join(" "),
            )))
        }
    };
    match result {
        Ok((usuario, senha)) => {
            let mut page = usuarios_page(&mut tx, &current, &logado, 1).await?;
            tx.commit().await?;
            page.criado = Some((usuario, senha));
            Ok((StatusCode::CREATED, page).into_response())
        }
        Err(e @ (store::Error::Validation(_) | store::Error::Conflict(_))) => {
            let mut page = usuarios_page(&mut tx, &current, &logado, 1).await?;
            page.erro = Some(e.to_string());
            page.form_nome = f.nome;
            page.form_email = f.email;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn acao_label(acao: &str) -> Option<(&'static str, &'static str)> {
    match acao {
        "desativar" => Some(("Desativar usuário", "Desativar")),
        "reativar" => Some(("Reativar usuário", "Reativar")),
        "senha" => Some(("Redefinir senha", "Gerar senha provisória")),
        "2fa" => Some(("Redefinir verificação em duas etapas", "Redefinir")),
        "editar" => Some(("Editar usuário", "Salvar")),
        _ => None,
    }
}

/// The user an id route names (an id of another câmara is recorded by
/// [`crate::http::alheio`]; the answer is the plain 404 of any unknown id).
async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Usuario, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    usuarios::por_id(tx, id).await?.ok_or(WebError::NotFound)
}

async fn usuario_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path((id, acao)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (titulo, botao) = acao_label(&acao).ok_or(WebError::NotFound)?;
    let u = alvo(&mut tx, &id).await?;
    let tipo = AcaoUsuario::parse(&acao).ok_or(WebError::NotFound)?;
    if let Err(r) = autorizar(&logado, &u, None, tipo) {
        return recusado(&mut tx, &current, &logado, r).await;
    }
    if acao == "editar" {
        return Ok(EditarPage {
            shell: Shell::new(&current, &logado, "/admin/usuarios"),
            papeis: papeis_para(&logado, &u),
            parlamentares: store::composicao::opcoes(&mut tx).await?,
            usuario: u,
            erro: None,
        }
        .into_response());
    }
    let texto = match acao.as_str() {
        "desativar" => format!(
            "{} ({}) não poderá mais entrar, e as sessões abertas serão encerradas.",
            u.nome, u.email
        ),
        "reativar" => format!("{} ({}) poderá voltar a entrar.", u.nome, u.email),
        "2fa" => format!(
            "A verificação em duas etapas de {} ({}) será desligada; no próximo acesso, a pessoa \
             poderá configurá-la de novo (e terá de, se a câmara a exigir).",
            u.nome, u.email
        ),
        _ => format!(
            "Uma senha provisória será gerada para {} ({}); a senha atual deixa de valer e as sessões abertas serão encerradas.",
            u.nome, u.email
        ),
    };
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, "/admin/usuarios"),
        titulo,
        texto,
        format!("/admin/usuarios/{}/{acao}", u.id),
        botao,
        "/admin/usuarios",
    )
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "conta/usuario_editar.html")]
struct EditarPage {
    shell: Shell,
    usuario: Usuario,
    papeis: Vec<(&'static str, &'static str)>,
    parlamentares: Vec<(Uuid, String)>,
    erro: Option<String>,
}

/// The fields of the user actions (only "editar" has any).
#[derive(Deserialize, Default)]
struct AcaoForm {
    #[serde(default)]
    nome: Option<String>,
    #[serde(default)]
    papel: Option<String>,
    /// The parlamentar an account belongs to (empty: none).
    #[serde(default)]
    parlamentar: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conta/senha_provisoria.html")]
struct SenhaProvisoria {
    shell: Shell,
    usuario: Usuario,
    senha: String,
}

async fn usuario_acao(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path((id, acao)): Path<(String, String)>,
    Form(f): Form<AcaoForm>,
) -> Result<Response, WebError> {
    acao_label(&acao).ok_or(WebError::NotFound)?;
    let tipo = AcaoUsuario::parse(&acao).ok_or(WebError::NotFound)?;
    let u = alvo(&mut tx, &id).await?;
    // The role the form asks for (role changes are checked with it; an invalid one is a
    // form error below).
    let novo = (tipo == AcaoUsuario::Editar)
        .then(|| Papel::parse(f.papel.as_deref().unwrap_or_default()).ok())
        .flatten();
    if let Err(r) = autorizar(&logado, &u, novo, tipo) {
        return recusado(&mut tx, &current, &logado, r).await;
    }
    match acao.as_str() {
        "editar" => {
            let parlamentar = match f.parlamentar.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(id) => id.parse::<Uuid>().map(Some).map_err(|_| {
                    store::Error::Validation(domain::ValidationError::new(
                        "parlamentar",
                        "Parlamentar inválido.",
                    ))
                }),
            };
            let result = match (
                Papel::parse(f.papel.as_deref().unwrap_or_default()),
                parlamentar,
            ) {
                (Ok(p), Ok(parl)) => {
                    let nome = f.nome.as_deref().unwrap_or_default();
                    tx.tentar(async |tx| {
                        usuarios::editar(tx, &logado.autor, &u, nome, p, parl).await
                    })
                    .await
                }
                (Err(v), _) => Err(v.into()),
                (_, Err(e)) => Err(e),
            };
            match result {
                Ok(_) => {
                    tx.commit().await?;
                    Ok(Redirect::to("/admin/usuarios").into_response())
                }
                Err(
                    e @ (store::Error::Validation(_)
                    | store::Error::Conflict(_)
                    | store::Error::NotFound(_)),
                ) => {
                    // The refused write was rolled back to its savepoint: the form's
                    // options are read in the same transaction, and the form shows what
                    // was submitted.
                    let papeis = papeis_para(&logado, &u);
                    let mut mostrado = u;
                    if let Some(nome) = f.nome {
                        mostrado.nome = nome;
                    }
                    if let Ok(p) = Papel::parse(f.papel.as_deref().unwrap_or_default()) {
                        mostrado.papel = p;
                    }
                    match f.parlamentar.as_deref().map(str::trim) {
                        None | Some("") => mostrado.parlamentar_id = None,
                        Some(id) => {
                            if let Ok(id) = id.parse() {
                                mostrado.parlamentar_id = Some(id);
                            }
                        }
                    }
                    Ok((
                        StatusCode::UNPROCESSABLE_ENTITY,
                        EditarPage {
                            shell: Shell::new(&current, &logado, "/admin/usuarios"),
                            papeis,
                            parlamentares: store::composicao::opcoes(&mut tx).await?,
                            usuario: mostrado,
                            erro: Some(e.to_string()),
                        },
                    )
                        .into_response())
                }
                Err(e) => Err(e.into()),
            }
        }
        "2fa" => {
            store::conta::segundo_fator::desativar(&mut tx, &logado.autor, &u, "redefinir_2fa")
                .await?;
            tx.commit().await?;
            Ok(Redirect::to("/admin/usuarios").into_response())
        }
        "desativar" | "reativar" => {
            usuarios::definir_ativo(&mut tx, &logado.autor, &u, acao == "reativar").await?;
            tx.commit().await?;
            Ok(Redirect::to("/admin/usuarios").into_response())
        }
        _ => {
            let senha = usuarios::senha_provisoria()?;
            usuarios::definir_senha(&mut tx, &logado.autor, &u, &senha, true, None).await?;
            tx.commit().await?;
            Ok(SenhaProvisoria {
                shell: Shell::new(&current, &logado, "/admin/usuarios"),
                usuario: u,
                senha,
            }
            .into_response())
        }
    }
}

// ---------------------------------------------------------------- audit log

#[derive(Template, WebTemplate)]
#[template(path = "auditoria/lista.html")]
struct AuditoriaPage {
    shell: Shell,
    registros: Vec<Registro>,
    entidades: Vec<String>,
    f_usuario: String,
    f_entidade: String,
    f_de: String,
    f_ate: String,
    erro: Option<String>,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
}

#[derive(Deserialize, Default)]
struct AuditoriaQuery {
    usuario: Option<String>,
    entidade: Option<String>,
    de: Option<String>,
    ate: Option<String>,
    pagina: Option<i64>,
}

/// dd/mm/aaaa → Date.
fn parse_data(s: &str) -> Result<Option<time::Date>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::kit::formato::ler_data(s)
        .map(Some)
        .ok_or_else(|| format!("Data inválida: \"{s}\". Use o formato dd/mm/aaaa."))
}

async fn auditoria_lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<AuditoriaQuery>,
) -> Result<AuditoriaPage, WebError> {
    let trimmed = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    let (f_usuario, f_entidade, f_de, f_ate) = (
        trimmed(&q.usuario),
        trimmed(&q.entidade),
        trimmed(&q.de),
        trimmed(&q.ate),
    );
    let mut erro = None;
    let de = parse_data(&f_de).unwrap_or_else(|e| {
        erro = Some(e);
        None
    });
    let ate = parse_data(&f_ate).unwrap_or_else(|e| {
        erro = Some(e);
        None
    });
    let filtro = Filtro {
        usuario_email: (!f_usuario.is_empty()).then(|| f_usuario.to_lowercase()),
        entidade: (!f_entidade.is_empty()).then(|| f_entidade.clone()),
        de,
        ate,
    };
    let pagina = q.pagina.unwrap_or(1).max(1);
    let (registros, total) =
        auditoria::listar(&mut tx, &filtro, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let entidades = auditoria::entidades(&mut tx).await?;
    let query_base: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("usuario", &f_usuario)
        .append_pair("entidade", &f_entidade)
        .append_pair("de", &f_de)
        .append_pair("ate", &f_ate)
        .finish();
    Ok(AuditoriaPage {
        shell: Shell::new(&current, &logado, "/admin/auditoria"),
        registros,
        entidades,
        f_usuario,
        f_entidade,
        f_de,
        f_ate,
        erro,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
    })
}
