//! The câmara's users: the list, creation, and the actions on one user (edit, deactivate,
//! reactivate, provisional password, reset of the two-step verification).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::auth::{AcaoUsuario, Papel, Permissao, Recusa};
use serde::Deserialize;
use store::TenantTx;
use store::conta::usuarios::{self, NovoUsuario, Usuario};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::shell::Shell;

const POR_PAGINA: i64 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "conta/usuarios.html")]
pub(super) struct UsuariosPage {
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
pub(super) struct PaginaQuery {
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

pub(super) async fn usuarios_lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<PaginaQuery>,
) -> Result<UsuariosPage, WebError> {
    usuarios_page(&mut tx, &current, &logado, q.pagina.unwrap_or(1)).await
}

#[derive(Deserialize)]
pub(super) struct NovoUsuarioForm {
    nome: String,
    email: String,
    papel: String,
}

pub(super) async fn usuario_criar(
    Admin(mut tx, current, logado): Admin,
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

pub(super) async fn usuario_confirmar(
    Admin(mut tx, current, logado): Admin,
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
pub(super) struct EditarPage {
    shell: Shell,
    usuario: Usuario,
    papeis: Vec<(&'static str, &'static str)>,
    parlamentares: Vec<(Uuid, String)>,
    erro: Option<String>,
}

/// The fields of the user actions (only "editar" has any).
#[derive(Deserialize, Default)]
pub(super) struct AcaoForm {
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
pub(super) struct SenhaProvisoria {
    shell: Shell,
    usuario: Usuario,
    senha: String,
}

pub(super) async fn usuario_acao(
    Admin(mut tx, current, logado): Admin,
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
