//! One distribuição: the relator (designação and redistribution, with the prazo), the
//! relator's parecer (text and optional PDF) and the comissão's vote on it, one vote per
//! member serving on the date; the parecer's PDF for the admin and, once it is the parecer
//! da comissão, for everyone.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::ValidationError;
use domain::comissoes::{Conclusao, Voto};
use store::TenantTx;
use store::camara;
use store::comissoes::distribuicao::{self, Distribuicao, Resumo};
use store::comissoes::pareceres::{self, ArquivoParecer, NovoParecer, Parecer, VotoRegistrado};
use store::comissoes::participacao;
use store::comissoes::relatoria::{self, NovaRelatoria, Relatoria};
use store::proposicoes::emendas::{self, Emenda};
use uuid::Uuid;

use super::materias::{MENU, campo, todos};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::formato::DataBr;
use crate::kit::formulario::{self, Erros, escolha, id_de, invalido, redirecionar};
use crate::kit::multiparte::{Multiparte, Retido};
use crate::kit::shell::Shell;
use crate::state::AppState;

/// The parecer form's limit: a 20 MB PDF and the text.
pub(super) const PARECER_FORM_MAX: usize = 20 * 1024 * 1024 + 512 * 1024;
const PDF_MAX: usize = 20 * 1024 * 1024;

#[derive(Default)]
pub(super) struct FormParecer {
    pub(super) conclusao: String,
    pub(super) texto: String,
    pub(super) data: String,
    pub(super) emendas: Vec<String>,
    /// A good PDF of a refused try, kept for the next.
    pub(super) retido: Option<Retido>,
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/distribuicao.html")]
pub(super) struct PaginaDistribuicao {
    shell: Shell,
    d: Distribuicao,
    p: Resumo,
    relatorias: Vec<Relatoria>,
    membros: Vec<(Uuid, String)>,
    pareceres: Vec<Parecer>,
    emendas: Vec<Emenda>,
    conclusoes: &'static [Conclusao],
    erros_relator: Erros,
    relator: (String, String, String, String),
    erros_parecer: Erros,
    form: FormParecer,
}

impl PaginaDistribuicao {
    fn acao_parecer(&self) -> String {
        format!("/admin/comissoes/distribuicoes/{}/parecer", self.d.id)
    }

    fn emenda_escolhida(&self, id: &Uuid) -> bool {
        self.form.emendas.iter().any(|e| *e == id.to_string())
    }
}

async fn distribuicao_alvo(tx: &mut TenantTx, id: &str) -> Result<Distribuicao, WebError> {
    distribuicao::distribuicao(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn pagina(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    d: Distribuicao,
) -> Result<PaginaDistribuicao, WebError> {
    let hoje = camara::hoje(tx).await?;
    let p = distribuicao::resumo(tx, d.proposicao_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let prazo = domain::comissoes::prazo_padrao(
        domain::proposicoes::Regime::parse(&p.regime)
            .unwrap_or(domain::proposicoes::Regime::Ordinario),
    );
    Ok(PaginaDistribuicao {
        shell: Shell::new(current, logado, MENU),
        relatorias: relatoria::relatorias(tx, d.id).await?,
        membros: pareceres::membros_em(tx, d.comissao_id, hoje).await?,
        pareceres: pareceres::da_distribuicao(tx, d.id).await?,
        emendas: emendas::emendas_da_proposicao(tx, p.id).await?,
        conclusoes: Conclusao::ALL,
        erros_relator: Erros::default(),
        relator: (
            String::new(),
            hoje.max(d.data).br(),
            prazo.to_string(),
            String::new(),
        ),
        erros_parecer: Erros::default(),
        form: FormParecer {
            data: hoje.br(),
            ..FormParecer::default()
        },
        d,
        p,
    })
}

pub(super) async fn ver(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<PaginaDistribuicao, WebError> {
    let d = distribuicao_alvo(&mut tx, &id).await?;
    pagina(&mut tx, &current, &logado, d).await
}

/// Designates (or redistributes to) a relator: `membro`, `data`, `prazo_dias`, `motivo`.
pub(super) async fn designar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let d = distribuicao_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let membro = erros.campo(escolha(
        "membro_id",
        campo(&campos, "membro"),
        "Escolha o relator entre os membros da comissão.",
    ));
    let data = erros.campo(formulario::data("data", campo(&campos, "data")));
    let prazo = erros.campo(
        campo(&campos, "prazo_dias")
            .trim()
            .parse::<u32>()
            .map_err(|_| {
                ValidationError::new("prazo_dias", "Informe o prazo em dias úteis (0 a 365).")
            }),
    );
    let motivo = campo(&campos, "motivo").to_owned();
    if let (Some(membro_id), Some(data), Some(prazo_dias)) = (membro, data, prazo) {
        let n = NovaRelatoria {
            distribuicao_id: d.id,
            membro_id,
            data,
            prazo_dias,
            motivo: motivo.clone(),
        };
        match tx
            .tentar(async |tx| relatoria::designar_relator(tx, &logado.autor, &n).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/comissoes/distribuicoes/{}",
                    d.id
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina(&mut tx, &current, &logado, d).await?;
    page.erros_relator = erros;
    page.relator = (
        campo(&campos, "membro").to_owned(),
        campo(&campos, "data").to_owned(),
        campo(&campos, "prazo_dias").to_owned(),
        motivo,
    );
    Ok(invalido(page))
}

/// Reads the parecer form (multipart: `conclusao`, `texto`, `data`, `emenda` repeated, and
/// an optional PDF `arquivo`, stored once the form is valid): the fields as typed and the
/// parecer for `distribuicao_id`, or every error at once. The secretaria's form and the
/// relator's own (`minhas`) share it.
pub(super) async fn ler_parecer(
    state: &AppState,
    tx: &TenantTx,
    multipart: &mut axum::extract::Multipart,
    distribuicao_id: Uuid,
) -> Result<(FormParecer, Result<NovoParecer, Erros>), WebError> {
    let mut erros = Erros::default();
    let grande = "O PDF deve ter no máximo 20 MB.";
    let mut envio = Multiparte::ler_em(multipart, &["arquivo"], grande, &mut erros).await;
    let arquivos = state.store.arquivos();
    let arquivo = match envio.arquivo("arquivo") {
        Some(a) => Some(a),
        None => Retido::retomar(arquivos, tx.tenant_id(), "arquivo", &envio).await?,
    }
    .map(|a| {
        let nome = if a.nome.is_empty() {
            "parecer.pdf".to_owned()
        } else {
            a.nome
        };
        (nome, a.bytes)
    });
    let campos = envio.campos.as_slice();
    let conclusao = Conclusao::parse(campo(campos, "conclusao"));
    if conclusao.is_none() {
        erros.push(ValidationError::new(
            "conclusao",
            "Escolha a conclusão do parecer: favorável, contrário ou favorável com emendas.",
        ));
    }
    let data = erros.campo(formulario::data("data", campo(campos, "data")));
    let escolhidas: Vec<String> = todos(campos, "emenda")
        .into_iter()
        .map(str::to_owned)
        .collect();
    let emendas: Vec<Uuid> = escolhidas.iter().filter_map(|s| s.parse().ok()).collect();
    if let Some((nome, dados)) = &arquivo {
        if !dados.starts_with(b"%PDF-") {
            erros.push(ValidationError::new("arquivo", "Envie o parecer em PDF."));
        } else if dados.len() > PDF_MAX {
            erros.push(ValidationError::new(
                "arquivo",
                "O PDF deve ter no máximo 20 MB.",
            ));
        } else if nome.chars().count() > 200 {
            erros.push(ValidationError::new(
                "arquivo",
                "O nome do arquivo deve ter no máximo 200 caracteres.",
            ));
        }
    }
    let mut form = FormParecer {
        conclusao: campo(campos, "conclusao").to_owned(),
        texto: campo(campos, "texto").to_owned(),
        data: campo(campos, "data").to_owned(),
        emendas: escolhidas,
        retido: None,
    };
    let (Some(conclusao), Some(data), true) = (conclusao, data, erros.vazio()) else {
        // A good PDF is kept for the next try.
        if let Some((nome, dados)) = arquivo
            && erros.de("arquivo").is_none()
        {
            let r = Retido::guardar(arquivos, tx.tenant_id(), "arquivo", "pdf", dados, &nome);
            form.retido = Some(r.await?);
        }
        return Ok((form, Err(erros)));
    };
    let arquivo = match arquivo {
        Some((nome, dados)) => {
            let tamanho = dados.len() as i64;
            let key = arquivos
                .guardar(tx.tenant_id(), "pareceres", "pdf", dados)
                .await?;
            Some(ArquivoParecer { key, nome, tamanho })
        }
        None => None,
    };
    let n = NovoParecer {
        distribuicao_id,
        conclusao,
        texto: form.texto.clone(),
        data,
        arquivo,
        emendas,
    };
    Ok((form, Ok(n)))
}

/// The relator's parecer, recorded by the secretaria (see [`ler_parecer`]).
pub(super) async fn apresentar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let d = distribuicao_alvo(&mut tx, &id).await?;
    let (form, lido) = ler_parecer(&state, &tx, &mut multipart, d.id).await?;
    let erros = match lido {
        Ok(n) => match tx
            .tentar(async |tx| pareceres::apresentar(tx, &logado.autor, &n).await)
            .await
        {
            Ok(p) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/pareceres/{p}")));
            }
            Err(e) => Erros::do_store(e)?,
        },
        Err(erros) => erros,
    };
    let mut page = pagina(&mut tx, &current, &logado, d).await?;
    page.erros_parecer = erros;
    page.form = form;
    Ok(invalido(page))
}

// ---------------------------------------------------------------- the comissão's vote

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/parecer.html")]
pub(super) struct PaginaParecer {
    shell: Shell,
    x: Parecer,
    p: Resumo,
    membros: Vec<(Uuid, String)>,
    votos: Vec<VotoRegistrado>,
    opcoes: &'static [Voto],
    erros: Erros,
    data: String,
    escolhidos: Vec<(String, String)>,
    /// The open electronic vote, with the votes cast (membership, name, vote).
    pub(super) eletronica: Option<participacao::VotacaoEletronica>,
    eletronicos: Vec<(Uuid, String, String)>,
    pub(super) erros_eletronica: Erros,
}

impl PaginaParecer {
    /// The member's electronic vote, when they voted in the open electronic vote.
    fn voto_eletronico(&self, membro: &Uuid) -> Option<&'static str> {
        self.eletronicos
            .iter()
            .find(|(m, _, _)| m == membro)
            .and_then(|(_, _, v)| Voto::parse(v))
            .map(Voto::rotulo)
    }

    /// The vote chosen for a member in the form sent (or "sim" by default).
    fn escolhido(&self, membro: &Uuid, voto: &Voto) -> bool {
        let chave = format!("voto_{membro}");
        match self.escolhidos.iter().find(|(k, _)| *k == chave) {
            Some((_, v)) => v == voto.as_str(),
            None => match self.eletronicos.iter().find(|(m, _, _)| m == membro) {
                Some((_, _, v)) => v == voto.as_str(),
                None => *voto == Voto::Ausente,
            },
        }
    }
}

pub(super) async fn parecer_alvo(tx: &mut TenantTx, id: &str) -> Result<Parecer, WebError> {
    pareceres::parecer(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

pub(super) async fn pagina_parecer(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    x: Parecer,
    data: Option<String>,
) -> Result<PaginaParecer, WebError> {
    let hoje = camara::hoje(tx).await?;
    let dia = data
        .as_deref()
        .and_then(crate::kit::formato::ler_data)
        .unwrap_or(hoje);
    let eletronica = participacao::aberta(tx, x.id).await?;
    let eletronicos = match &eletronica {
        Some(v) => participacao::votos_eletronicos(tx, v.id).await?,
        None => Vec::new(),
    };
    let dia = eletronica.as_ref().map_or(dia, |v| v.data);
    let data = data.or_else(|| eletronica.as_ref().map(|v| v.data.br()));
    Ok(PaginaParecer {
        eletronica,
        eletronicos,
        erros_eletronica: Erros::default(),
        shell: Shell::new(current, logado, MENU),
        p: distribuicao::resumo(tx, x.proposicao_id)
            .await?
            .ok_or(WebError::NotFound)?,
        membros: pareceres::membros_em(tx, x.comissao_id, dia).await?,
        votos: pareceres::votos(tx, x.id).await?,
        opcoes: Voto::ALL,
        erros: Erros::default(),
        data: data.unwrap_or_else(|| hoje.br()),
        escolhidos: Vec::new(),
        x,
    })
}

pub(super) async fn ver_parecer(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<PaginaParecer, WebError> {
    let x = parecer_alvo(&mut tx, &id).await?;
    pagina_parecer(&mut tx, &current, &logado, x, None).await
}

/// The comissão's vote: `data` and one `voto_<membro>` per member (sim, nao, abstencao,
/// ausente).
pub(super) async fn votar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let x = parecer_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let data = erros.campo(formulario::data("data", campo(&campos, "data")));
    let mut votos = Vec::new();
    for (k, v) in &campos {
        let Some(membro) = k.strip_prefix("voto_") else {
            continue;
        };
        match (membro.parse::<Uuid>(), Voto::parse(v)) {
            (Ok(m), Some(v)) => votos.push((m, v)),
            _ => erros.push(ValidationError::new(
                "votos",
                "Escolha o voto de cada membro: sim, não, abstenção ou ausente.",
            )),
        }
    }
    if let (Some(data), true) = (data, erros.vazio()) {
        match tx
            .tentar(async |tx| pareceres::votar(tx, &logado.autor, x.id, data, &votos).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/comissoes/pareceres/{}",
                    x.id
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_parecer(
        &mut tx,
        &current,
        &logado,
        x,
        Some(campo(&campos, "data").to_owned()),
    )
    .await?;
    page.erros = erros;
    page.escolhidos = campos;
    Ok(invalido(page))
}

// ---------------------------------------------------------------- the PDF

fn servir_pdf(bytes: axum::body::Bytes, nome: &str, privado: bool) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao("inline", nome),
            ),
            (
                header::CACHE_CONTROL,
                if privado {
                    "private, no-store"
                } else {
                    "public, max-age=300"
                }
                .to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn pdf(
    state: &AppState,
    current: &CurrentTenant,
    x: &Parecer,
    privado: bool,
) -> Result<Response, WebError> {
    let (Some(key), Some(nome)) = (&x.arquivo_key, &x.arquivo_nome) else {
        return Err(WebError::NotFound);
    };
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, key)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(servir_pdf(bytes, nome, privado))
}

/// Any parecer's PDF, for the secretaria.
pub(super) async fn arquivo_admin(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let x = parecer_alvo(&mut tx, &id).await?;
    tx.commit().await?;
    pdf(&state, &current, &x, true).await
}

/// The PDF of a parecer da comissão (an approved one); the others are not public.
pub(super) async fn arquivo_publico(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let x = parecer_alvo(&mut tx, &id).await?;
    tx.commit().await?;
    if x.resultado.as_deref() != Some("aprovado") {
        return Err(WebError::NotFound);
    }
    pdf(&state, &current, &x, false).await
}
