//! The admin of the sessões: the list, scheduling and editing, and the confirmations to
//! cancel, reactivate and delete one.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::sessoes_plenarias::{
    self as sp, EdicaoSessao, Filtro, NovaSessao, SessaoPlenaria, StatusSessao, TipoSessao,
};
use time::PrimitiveDateTime;

use super::{POR_PAGINA, pagina_de, paginas, tipo_de, valor};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{self, Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const VOLTAR: &str = "/admin/sessoes";

#[derive(Deserialize, Default)]
pub(super) struct AdminQuery {
    de: Option<String>,
    ate: Option<String>,
    tipo: Option<String>,
    status: Option<String>,
    q: Option<String>,
    pagina: Option<String>,
    aviso: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/lista.html")]
pub(super) struct AdminLista {
    shell: Shell,
    sessoes: Vec<SessaoPlenaria>,
    tipos: Vec<TipoSessao>,
    f_de: String,
    f_ate: String,
    f_tipo: String,
    f_status: String,
    f_q: String,
    erro: Option<String>,
    aviso: Option<&'static str>,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
}

fn aviso_de(a: Option<&str>) -> Option<&'static str> {
    match a? {
        "agendada" => Some("Sessão agendada."),
        "alterada" => Some("Sessão alterada."),
        "cancelada" => Some("Sessão cancelada."),
        "reativada" => Some("Sessão reativada."),
        "excluida" => Some("Sessão excluída."),
        _ => None,
    }
}

pub(super) async fn admin_lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<AdminQuery>,
) -> Result<AdminLista, WebError> {
    let texto = |o: &Option<String>| valor(o).unwrap_or("").to_owned();
    let (f_de, f_ate, f_q) = (texto(&q.de), texto(&q.ate), texto(&q.q));
    let mut erros = Erros::default();
    let de = erros.campo(formulario::data_opt("de", &f_de)).flatten();
    let ate = erros.campo(formulario::data_opt("ate", &f_ate)).flatten();
    let tipos = sp::tipos(&mut tx, false).await?;
    let tipo = valor(&q.tipo).and_then(|v| tipo_de(&tipos, v));
    let status = valor(&q.status).and_then(StatusSessao::parse);
    let filtro = Filtro {
        de,
        ate,
        tipo,
        status,
        busca: (!f_q.is_empty()).then(|| f_q.clone()),
        recentes_primeiro: true,
        ..Filtro::default()
    };
    let pagina = pagina_de(&q.pagina);
    let (sessoes, total) =
        sp::listar(&mut tx, &filtro, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let f_tipo = tipo.map(|t| t.to_string()).unwrap_or_default();
    let f_status = status.map(|s| s.as_str().to_owned()).unwrap_or_default();
    let query_base: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("de", &f_de)
        .append_pair("ate", &f_ate)
        .append_pair("tipo", &f_tipo)
        .append_pair("status", &f_status)
        .append_pair("q", &f_q)
        .finish();
    Ok(AdminLista {
        shell: Shell::new(&current, &logado, VOLTAR),
        sessoes,
        tipos,
        f_de,
        f_ate,
        f_tipo,
        f_status,
        f_q,
        erro: (!erros.vazio()).then(|| erros.mensagens().join(" ")),
        aviso: aviso_de(q.aviso.as_deref()),
        pagina,
        paginas: paginas(total),
        total,
        query_base,
    })
}

/// The fields of the sessão form, as typed.
#[derive(Deserialize, Default, Clone)]
pub(super) struct SessaoForm {
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    data: String,
    #[serde(default)]
    hora: String,
    #[serde(default)]
    hora_fim: String,
    #[serde(default)]
    local: String,
    #[serde(default)]
    observacoes: String,
    /// "1" once the operator saw the numbering warning and confirms.
    #[serde(default)]
    confirmar_numeracao: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/form.html")]
pub(super) struct FormPage {
    shell: Shell,
    titulo: String,
    acao: String,
    /// A new sessão (the tipo can be chosen) or an edit.
    nova: bool,
    tipos: Vec<TipoSessao>,
    f: SessaoForm,
    erros: Erros,
    /// Why this sessão cannot be changed now (a cancelled one), shown before anything is sent.
    impedimento: Option<String>,
    /// The numbering warning (a sessão dated before existing ones), confirmed by sending again.
    aviso_numeracao: Option<String>,
}

impl FormPage {
    fn nova(
        current: &CurrentTenant,
        logado: &Logado,
        tipos: Vec<TipoSessao>,
        f: SessaoForm,
    ) -> Self {
        Self {
            shell: Shell::new(current, logado, VOLTAR),
            titulo: "Agendar sessão plenária".into(),
            acao: "/admin/sessoes/nova".into(),
            nova: true,
            tipos,
            f,
            erros: Erros::default(),
            impedimento: None,
            aviso_numeracao: None,
        }
    }

    fn edicao(
        current: &CurrentTenant,
        logado: &Logado,
        s: &SessaoPlenaria,
        tipos: Vec<TipoSessao>,
        f: SessaoForm,
    ) -> Self {
        Self {
            shell: Shell::new(current, logado, VOLTAR),
            titulo: format!("Editar: {}", s.titulo()),
            acao: format!("/admin/sessoes/{}/editar", s.id),
            nova: false,
            tipos,
            f,
            erros: Erros::default(),
            impedimento: None,
            aviso_numeracao: None,
        }
    }
}

/// The form's values parsed: start and optional end; every wrong field is in `erros`.
fn interpretar(
    f: &SessaoForm,
    erros: &mut Erros,
) -> Option<(PrimitiveDateTime, Option<PrimitiveDateTime>)> {
    let data = erros.campo(formulario::data("data", &f.data));
    let hora = erros.campo(formulario::hora("hora", &f.hora));
    let hora_fim = if f.hora_fim.trim().is_empty() {
        Some(None)
    } else {
        erros
            .campo(formulario::hora("hora_fim", &f.hora_fim))
            .map(Some)
    };
    match (data, hora, hora_fim) {
        (Some(d), Some(h), Some(hf)) => Some((
            PrimitiveDateTime::new(d, h),
            hf.map(|hf| PrimitiveDateTime::new(d, hf)),
        )),
        _ => None,
    }
}

fn form_de(s: &SessaoPlenaria) -> SessaoForm {
    SessaoForm {
        tipo: s.tipo_id.to_string(),
        data: s.data(),
        hora: s.hora.clone(),
        hora_fim: s.hora_fim.clone().unwrap_or_default(),
        local: s.local.clone(),
        observacoes: s.observacoes.clone(),
        confirmar_numeracao: String::new(),
    }
}

pub(super) async fn nova_form(Admin(mut tx, current, logado): Admin) -> Result<FormPage, WebError> {
    let tipos = sp::tipos(&mut tx, true).await?;
    let f = SessaoForm {
        tipo: tipos.first().map(|t| t.id.to_string()).unwrap_or_default(),
        hora: "18:00".into(),
        local: "Plenário".into(),
        ..SessaoForm::default()
    };
    Ok(FormPage::nova(&current, &logado, tipos, f))
}

pub(super) async fn nova_criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<SessaoForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    let horario = interpretar(&f, &mut erros);
    let tipo_id = erros.campo(
        f.tipo
            .trim()
            .parse()
            .map_err(|_| domain::ValidationError::new("tipo", "Escolha o tipo da sessão.")),
    );
    if let (Some((inicio, fim)), Some(tipo_id)) = (horario, tipo_id) {
        let nova = NovaSessao {
            tipo_id,
            inicio,
            fim,
            local: f.local.clone(),
            observacoes: f.observacoes.clone(),
        };
        // Numbered before existing sessões: the operator is told and confirms first, once
        // the sessão is known to be valid (every refusal speaks before the warning: the
        // insert is tried, and rolled back when a confirmation is still due).
        let aviso = if f.confirmar_numeracao == "1" {
            None
        } else {
            sp::aviso_numeracao(&mut tx, tipo_id, inicio).await?
        };
        // A refused write rolls back to its savepoint (giving the number back); the form
        // is read again in the same transaction.
        match tx
            .tentar(async |tx| sp::criar(tx, &logado.autor, &nova).await)
            .await
        {
            Ok(_) => {
                if let Some(aviso) = aviso {
                    let tipos = sp::tipos(&mut tx, true).await?;
                    tx.rollback().await?;
                    let mut page = FormPage::nova(&current, &logado, tipos, f);
                    page.aviso_numeracao = Some(aviso);
                    page.f.confirmar_numeracao = "1".into();
                    return Ok(axum::response::IntoResponse::into_response(page));
                }
                tx.commit().await?;
                return Ok(redirecionar("/admin/sessoes?aviso=agendada"));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let tipos = sp::tipos(&mut tx, true).await?;
    let mut page = FormPage::nova(&current, &logado, tipos, f);
    page.erros = erros;
    Ok(invalido(page))
}

/// The sessão an id route names (an id of another câmara is recorded by
/// [`crate::http::alheio`]; the answer is the plain 404 of any unknown id).
async fn alvo(tx: &mut TenantTx, id: &str) -> Result<SessaoPlenaria, WebError> {
    sp::por_id(tx, id_de(id)?).await?.ok_or(WebError::NotFound)
}

pub(super) async fn editar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<FormPage, WebError> {
    let s = alvo(&mut tx, &id).await?;
    let tipos = sp::tipos(&mut tx, false).await?;
    let mut page = FormPage::edicao(&current, &logado, &s, tipos, form_de(&s));
    page.impedimento = s.status.impedimento_edicao().map(str::to_owned);
    Ok(page)
}

pub(super) async fn editar_salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(mut f): Form<SessaoForm>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    f.tipo = s.tipo_id.to_string();
    let mut erros = Erros::default();
    if let Some((inicio, fim)) = interpretar(&f, &mut erros) {
        let e = EdicaoSessao {
            inicio,
            fim,
            local: f.local.clone(),
            observacoes: f.observacoes.clone(),
        };
        match tx
            .tentar(async |tx| sp::editar(tx, &logado.autor, s.id, &e).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar("/admin/sessoes?aviso=alterada"));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let tipos = sp::tipos(&mut tx, false).await?;
    let mut page = FormPage::edicao(&current, &logado, &s, tipos, f);
    page.erros = erros;
    Ok(invalido(page))
}

fn descricao(s: &SessaoPlenaria) -> String {
    format!(
        "{}, em {} às {}{}.",
        s.titulo(),
        s.data(),
        s.hora,
        if s.local.is_empty() {
            String::new()
        } else {
            format!(", {}", s.local)
        }
    )
}

fn confirmar_cancelamento(
    current: &CurrentTenant,
    logado: &Logado,
    s: &SessaoPlenaria,
) -> Confirmacao {
    let c = Confirmacao::new(
        Shell::new(current, logado, VOLTAR),
        "Cancelar sessão",
        format!(
            "{} A sessão continuará no calendário público, marcada como cancelada, com o motivo.",
            descricao(s)
        ),
        format!("/admin/sessoes/{}/cancelar", s.id),
        "Cancelar a sessão",
        VOLTAR,
    );
    match s.status.impedimento(StatusSessao::Cancelada) {
        Some(porque) => c.impedida(porque),
        None => c,
    }
}

pub(super) async fn cancelar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let s = alvo(&mut tx, &id).await?;
    Ok(confirmar_cancelamento(&current, &logado, &s).pedindo_motivo("Motivo do cancelamento", ""))
}

#[derive(Deserialize, Default)]
pub(super) struct MotivoForm {
    #[serde(default)]
    motivo: String,
}

pub(super) async fn cancelar_salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<MotivoForm>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| sp::cancelar(tx, &logado.autor, s.id, &f.motivo).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/sessoes?aviso=cancelada"))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            Ok(invalido(
                confirmar_cancelamento(&current, &logado, &s)
                    .pedindo_motivo("Motivo do cancelamento", f.motivo)
                    .com_erros(&erros),
            ))
        }
    }
}

pub(super) async fn reativar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let s = alvo(&mut tx, &id).await?;
    let c = Confirmacao::new(
        Shell::new(&current, &logado, VOLTAR),
        "Reativar sessão",
        format!(
            "{} A sessão volta a constar como agendada, e o motivo do cancelamento é removido.",
            descricao(&s)
        ),
        format!("/admin/sessoes/{}/reativar", s.id),
        "Reativar",
        VOLTAR,
    );
    Ok(match s.status.impedimento(StatusSessao::Agendada) {
        Some(porque) => c.impedida(porque),
        None => c,
    })
}

pub(super) async fn reativar_salvar(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    sp::reativar(&mut tx, &logado.autor, s.id).await?;
    concluir(tx, "reativada").await
}

pub(super) async fn excluir_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let s = alvo(&mut tx, &id).await?;
    let c = Confirmacao::new(
        Shell::new(&current, &logado, VOLTAR),
        "Excluir sessão",
        format!(
            "{} A sessão será apagada do registro (use apenas para sessões agendadas por \
             engano); o número dela volta a ficar disponível.",
            descricao(&s)
        ),
        format!("/admin/sessoes/{}/excluir", s.id),
        "Excluir",
        VOLTAR,
    );
    Ok(match sp::impedimento_exclusao(&mut tx, &s).await? {
        Some(porque) => c.impedida(porque),
        None => c,
    })
}

pub(super) async fn excluir_salvar(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    sp::excluir(&mut tx, &logado.autor, s.id).await?;
    concluir(tx, "excluida").await
}

/// Commits and goes back to the list with the notice of what was done.
async fn concluir(tx: TenantTx, aviso: &str) -> Result<Response, WebError> {
    tx.commit().await?;
    Ok(redirecionar(&format!("/admin/sessoes?aviso={aviso}")))
}
