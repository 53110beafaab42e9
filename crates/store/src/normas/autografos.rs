//! The autógrafo of an approved proposição: made from it (redação final, the tipo de norma
//! it becomes, sent to and received by the Executivo, or for the Mesa's promulgação), read
//! with its steps and its state derived on a day (`domain::normas::sancao::estado_em`:
//! the sanção tácita is never stored), listed, and its pending prazos. The steps are
//! `passos`.

use domain::ValidationError;
use domain::calendario::Calendario;
use domain::normas::sancao::{self, EstadoAutografo, Origem, Promulgador};
use domain::proposicoes::{Evento, Situacao};
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::criar::ler_texto;
use super::tipos;
use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::proposicoes::{EventoNovo, registrar_evento};
use crate::{Error, Result, TenantTx};

/// dd/mm/aaaa, for messages and descriptions.
pub(crate) fn br(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// What the form gives to make an autógrafo.
#[derive(Debug, Clone, Serialize)]
pub struct NovoAutografo {
    pub proposicao_id: Uuid,
    pub tipo_norma_id: Uuid,
    /// The redação final as articulated text.
    pub texto: String,
    /// Ignored for a tipo without sanção (the Mesa promulgates it).
    pub enviado_em: Option<Date>,
    pub recebido_em: Option<Date>,
}

/// An autógrafo with its proposição's identification.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Autografo {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
    pub tipo_norma_id: Uuid,
    pub tipo_norma: String,
    pub texto: String,
    pub mesa: bool,
    pub enviado_em: Option<Date>,
    pub recebido_em: Option<Date>,
    pub criado_em: OffsetDateTime,
    /// The latest step's state (none: aguardando sanção, or promulgação by the Mesa).
    pub guardado: Option<String>,
}

impl Autografo {
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    fn estado_guardado(&self) -> EstadoAutografo {
        self.guardado
            .as_deref()
            .and_then(EstadoAutografo::parse)
            .unwrap_or(EstadoAutografo::AguardandoSancao)
    }
}

/// One step of the history.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Passo {
    pub id: Uuid,
    pub autografo_id: Uuid,
    pub estado: String,
    pub data: Date,
    pub dispositivos: Vec<String>,
    pub razoes: String,
    pub veto_recebido_em: Option<Date>,
    pub sessao_id: Option<Uuid>,
    /// The sessão's title, when there is one.
    pub sessao: Option<String>,
    pub promulgador: Option<String>,
    pub norma_id: Option<Uuid>,
    pub observacao: String,
    pub registrado_em: OffsetDateTime,
    pub usuario: Option<String>,
}

impl Passo {
    pub fn estado(&self) -> Option<EstadoAutografo> {
        EstadoAutografo::parse(&self.estado)
    }

    pub fn promulgador(&self) -> Option<Promulgador> {
        self.promulgador.as_deref().and_then(Promulgador::parse)
    }

    pub fn rotulo(&self) -> &'static str {
        match (self.estado(), self.promulgador()) {
            (Some(EstadoAutografo::Promulgado), Some(Promulgador::Mesa)) => "Promulgado pela Mesa",
            (Some(EstadoAutografo::Promulgado), Some(Promulgador::Prefeito)) => {
                "Promulgado pelo Prefeito"
            }
            (Some(EstadoAutografo::Promulgado), Some(Promulgador::VicePresidente)) => {
                "Promulgado pelo Vice-Presidente da Câmara"
            }
            (Some(EstadoAutografo::Promulgado), _) => "Promulgado pelo Presidente da Câmara",
            (Some(e), _) => e.rotulo(),
            (None, _) => "—",
        }
    }
}

/// The autógrafo on a day: its steps, the state derived from them and the dates, and the
/// prazo running (the Executivo's, or the câmara's for a veto), if any.
#[derive(Debug, Clone)]
pub struct Quadro {
    pub autografo: Autografo,
    pub passos: Vec<Passo>,
    pub estado: EstadoAutografo,
    /// The last day of the Executivo's prazo (not for the Mesa's).
    pub prazo_sancao: Option<Date>,
    /// The last day of the câmara's prazo to deliberate the veto, while it is pending.
    pub prazo_veto: Option<Date>,
    /// The norma it became (from the sanção or the promulgação).
    pub norma_id: Option<Uuid>,
    /// After a sanção tácita or a veto's derrubada: who must promulgate on the day (the
    /// Prefeito within 48 horas, then the Presidente da Câmara, then the Vice-Presidente),
    /// the last day of that prazo, and what opened it.
    pub promulgacao: Option<(Promulgador, Date, Origem)>,
}

impl Quadro {
    /// The prazo that matters now: the Executivo's while aguardando sanção, the câmara's
    /// while a veto waits.
    pub fn prazo(&self) -> Option<Date> {
        match self.estado {
            EstadoAutografo::AguardandoSancao => self.prazo_sancao,
            EstadoAutografo::SancaoTacita | EstadoAutografo::VetoDerrubado => {
                self.promulgacao.map(|(_, d, _)| d)
            }
            e if e.veto_pendente() => self.prazo_veto,
            _ => None,
        }
    }

    /// The steps that may come next (the forms the page offers).
    pub fn proximos(&self) -> Vec<EstadoAutografo> {
        EstadoAutografo::ALL
            .iter()
            .copied()
            .filter(|p| *p != EstadoAutografo::SancaoTacita)
            .filter(|p| self.estado.can_become(*p, self.autografo.mesa))
            .collect()
    }

    /// The state's label, the Mesa's promulgação pending named as such.
    pub fn estado_rotulo(&self) -> &'static str {
        if self.autografo.mesa && self.estado == EstadoAutografo::AguardandoSancao {
            "Aguardando promulgação pela Mesa"
        } else {
            self.estado.rotulo()
        }
    }

    /// "Promulgação pelo Prefeito (48 horas após a sanção tácita)", "… pelo Presidente da
    /// Câmara …" or "… pelo Vice-Presidente da Câmara …", while a promulgação is due.
    pub fn promulgacao_devida(&self) -> Option<String> {
        self.promulgacao.map(|(quem, _, origem)| match quem {
            Promulgador::Prefeito => {
                format!("Promulgação pelo Prefeito (48 horas {})", origem.apos())
            }
            Promulgador::Presidente => format!(
                "Promulgação {} (o Prefeito não promulgou em 48 horas)",
                quem.por()
            ),
            _ => format!(
                "Promulgação {} (nem o Prefeito nem o Presidente da Câmara promulgaram em 48 horas)",
                quem.por()
            ),
        })
    }

    /// The veto step (total or parcial), if any.
    pub fn veto(&self) -> Option<&Passo> {
        self.passos.iter().find(|p| {
            matches!(
                p.estado(),
                Some(EstadoAutografo::Vetado | EstadoAutografo::SancionadoParcialmente)
            )
        })
    }
}

/// The state on `hoje` of an autógrafo whose latest step is `guardado`.
pub fn estado_em(a: &Autografo, cal: &Calendario, hoje: Date) -> EstadoAutografo {
    let guardado = a.estado_guardado();
    match (a.mesa, a.recebido_em) {
        (false, Some(r)) => sancao::estado_em(guardado, cal, r, hoje),
        _ => guardado,
    }
}

const COLUNAS: &str = "a.id, a.proposicao_id, tp.sigla, p.numero, p.ano, p.ementa, a.tipo_norma_id,
        tn.nome AS tipo_norma, a.texto, a.mesa, a.enviado_em, a.recebido_em, a.criado_em,
        (SELECT s.estado FROM app.autografo_passo s
          WHERE s.tenant_id = a.tenant_id AND s.autografo_id = a.id
          ORDER BY s.registrado_em DESC, s.id DESC LIMIT 1) AS guardado
   FROM app.autografo a
   JOIN app.proposicao p ON p.tenant_id = a.tenant_id AND p.id = a.proposicao_id
   JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
   JOIN app.tipo_norma tn ON tn.tenant_id = a.tenant_id AND tn.id = a.tipo_norma_id";

/// `COLUNAS` without the latest step, which `listar` takes from the steps it reads.
const COLUNAS_LISTA: &str = "a.id, a.proposicao_id, tp.sigla, p.numero, p.ano, p.ementa,
        a.tipo_norma_id, tn.nome AS tipo_norma, a.texto, a.mesa, a.enviado_em, a.recebido_em,
        a.criado_em, NULL::text AS guardado
   FROM app.autografo a
   JOIN app.proposicao p ON p.tenant_id = a.tenant_id AND p.id = a.proposicao_id
   JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
   JOIN app.tipo_norma tn ON tn.tenant_id = a.tenant_id AND tn.id = a.tipo_norma_id";

/// Every check of the autógrafo `n` without writing (for its confirmation page): whether
/// the Mesa promulgates it (no sanção), or the first refusal.
pub async fn conferir(tx: &mut TenantTx, n: &NovoAutografo, hoje: Date) -> Result<bool> {
    let tenant = tx.tenant_id();
    let p: Option<(Option<String>, bool, String)> = sqlx::query_as(
        "SELECT p.situacao, tp.sancao, tp.sigla FROM app.proposicao p
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = $2 FOR UPDATE OF p",
    )
    .bind(tenant)
    .bind(n.proposicao_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((situacao, sancao, _)) = p else {
        return Err(Error::NotFound("Proposição não encontrada.".into()));
    };
    if situacao.as_deref() != Some(Situacao::Aprovada.as_str()) {
        return Err(ValidationError::new(
            "proposicao_id",
            "Só uma proposição aprovada na votação final tem autógrafo.",
        )
        .into());
    }
    let mut erros = Vec::new();
    if let Err(e) = ler_texto(&n.texto) {
        erros.push(e);
    }
    if tipos::por_id(tx, n.tipo_norma_id).await?.is_none() {
        erros.push(
            ValidationError::new("tipo_norma_id", "Escolha um tipo de norma da lista.").into(),
        );
    }
    let mesa = !sancao;
    if !mesa {
        match (n.enviado_em, n.recebido_em) {
            (Some(e), Some(r)) if r < e => erros.push(
                ValidationError::new(
                    "recebido_em",
                    "O recebimento não pode ser anterior ao envio.",
                )
                .into(),
            ),
            (Some(_), Some(r)) if r > hoje => erros.push(
                ValidationError::new("recebido_em", "O recebimento não pode ser uma data futura.")
                    .into(),
            ),
            (Some(_), Some(_)) => {}
            (None, _) => erros.push(
                ValidationError::new(
                    "enviado_em",
                    "Informe quando o autógrafo foi enviado ao Executivo.",
                )
                .into(),
            ),
            (_, None) => erros.push(
                ValidationError::new(
                    "recebido_em",
                    "Informe quando o Executivo recebeu o autógrafo.",
                )
                .into(),
            ),
        }
    }
    if let Some(e) = erros.into_iter().next() {
        return Err(e);
    }
    if da_proposicao(tx, n.proposicao_id).await?.is_some() {
        return Err(Error::Conflict("Esta proposição já tem autógrafo.".into()));
    }
    Ok(mesa)
}

/// Makes the autógrafo of the proposição `n.proposicao_id`, which must be aprovada (after
/// its last turno): for a tipo with sanção it is sent to the Executivo (event "enviada à
/// sanção"), otherwise it waits for the Mesa's promulgação. Returns its id. Run it behind
/// `TenantTx::tentar`.
pub async fn criar(
    tx: &mut TenantTx,
    autor: &Autor,
    n: &NovoAutografo,
    hoje: Date,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let mesa = conferir(tx, n, hoje).await?;
    let (enviado, recebido) = if mesa {
        (None, None)
    } else {
        (n.enviado_em, n.recebido_em)
    };
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.autografo (tenant_id, id, proposicao_id, tipo_norma_id, texto, mesa,
                                    enviado_em, recebido_em, usuario_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant)
    .bind(id)
    .bind(n.proposicao_id)
    .bind(n.tipo_norma_id)
    .bind(n.texto.trim())
    .bind(mesa)
    .bind(enviado)
    .bind(recebido)
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let (evento, descricao) = match (enviado, recebido) {
        (Some(e), Some(r)) => (
            Evento::EnviadaSancao,
            format!(
                "Autógrafo enviado à sanção do Executivo em {}, recebido em {}.",
                br(e),
                br(r)
            ),
        ),
        _ => (
            Evento::AutografoPromulgacao,
            "Autógrafo expedido para promulgação pela Mesa.".to_owned(),
        ),
    };
    registrar_evento(
        tx,
        autor,
        n.proposicao_id,
        &EventoNovo {
            evento,
            unidade_id: None,
            descricao,
            ocorrido_em: None,
            origem_id: None,
        },
    )
    .await?;
    auditoria::criado(
        tx,
        autor,
        "autografo",
        id,
        serde_json::json!({
            "proposicao_id": n.proposicao_id, "tipo_norma_id": n.tipo_norma_id, "mesa": mesa,
            "enviado_em": enviado, "recebido_em": recebido,
        }),
    )
    .await?;
    Ok(id)
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Autografo>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} WHERE a.tenant_id = $1 AND a.id = $2"
        )),
        id,
    )
    .await
}

/// The autógrafo of a proposição, if it has one.
pub async fn da_proposicao(tx: &mut TenantTx, proposicao: Uuid) -> Result<Option<Autografo>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} WHERE a.tenant_id = $1 AND a.proposicao_id = $2"
        )),
        proposicao,
    )
    .await
}

pub async fn passos(tx: &mut TenantTx, autografo: Uuid) -> Result<Vec<Passo>> {
    passos_de(tx, &[autografo]).await
}

/// The steps of every autógrafo in `ids`, in one query, each one's in its order.
async fn passos_de(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<Passo>> {
    tx.linhas("SELECT s.id, s.autografo_id, s.estado, s.data, s.dispositivos, s.razoes, s.veto_recebido_em, s.sessao_id,
                CASE WHEN sp.id IS NOT NULL THEN
                    format('%s nº %s, %s', ts.nome, sp.numero,
                           to_char(sp.inicio AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY')) END AS sessao,
                s.promulgador, s.norma_id, s.observacao, s.registrado_em,
                u.email AS usuario
           FROM app.autografo_passo s
           LEFT JOIN app.sessao_plenaria sp ON sp.tenant_id = s.tenant_id AND sp.id = s.sessao_id
           LEFT JOIN app.tipo_sessao ts ON ts.tenant_id = sp.tenant_id AND ts.id = sp.tipo_id
           LEFT JOIN app.camara_config c ON c.tenant_id = s.tenant_id
           LEFT JOIN app.usuario u ON u.tenant_id = s.tenant_id AND u.id = s.usuario_id
          WHERE s.tenant_id = $1 AND s.autografo_id = ANY($2)
          ORDER BY s.autografo_id, s.registrado_em, s.id", ids).await
}

/// The autógrafo with its steps and its state on `hoje`.
pub async fn quadro(
    tx: &mut TenantTx,
    a: Autografo,
    cal: &Calendario,
    hoje: Date,
) -> Result<Quadro> {
    let passos = passos(tx, a.id).await?;
    Ok(montar(a, passos, cal, hoje))
}

fn montar(a: Autografo, passos: Vec<Passo>, cal: &Calendario, hoje: Date) -> Quadro {
    let estado = estado_em(&a, cal, hoje);
    let prazo_sancao = match (a.mesa, a.recebido_em) {
        (false, Some(r)) => sancao::prazo_sancao(cal, r),
        _ => None,
    };
    let prazo_veto = passos
        .iter()
        .filter(|p| {
            matches!(
                p.estado(),
                Some(EstadoAutografo::Vetado | EstadoAutografo::SancionadoParcialmente)
            )
        })
        .find_map(|p| p.veto_recebido_em)
        .map(sancao::prazo_veto);
    let norma_id = passos.iter().find_map(|p| p.norma_id);
    let promulgacao = inicio_promulgacao(estado, prazo_sancao, &passos).map(|(inicio, origem)| {
        let (quem, ate) = sancao::promulgacao_devida(inicio, hoje);
        (quem, ate, origem)
    });
    Quadro {
        autografo: a,
        passos,
        estado,
        prazo_sancao,
        prazo_veto,
        norma_id,
        promulgacao,
    }
}

/// Every autógrafo of the câmara, newest first, with its state on `hoje`: two queries, the
/// autógrafos and then the steps of all of them (never one per autógrafo).
pub async fn listar(tx: &mut TenantTx, cal: &Calendario, hoje: Date) -> Result<Vec<Quadro>> {
    let tenant = tx.tenant_id();
    let todos: Vec<Autografo> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS_LISTA} WHERE a.tenant_id = $1 ORDER BY a.criado_em DESC, a.id DESC"
    )))
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?;
    let ids: Vec<Uuid> = todos.iter().map(|a| a.id).collect();
    let mut por_autografo: std::collections::HashMap<Uuid, Vec<Passo>> =
        std::collections::HashMap::new();
    if !ids.is_empty() {
        for p in passos_de(tx, &ids).await? {
            por_autografo.entry(p.autografo_id).or_default().push(p);
        }
    }
    Ok(todos
        .into_iter()
        .map(|mut a| {
            let passos = por_autografo.remove(&a.id).unwrap_or_default();
            a.guardado = passos.last().map(|p| p.estado.clone());
            montar(a, passos, cal, hoje)
        })
        .collect())
}

/// A prazo of the workflow that needs attention.
#[derive(Debug, Clone, Serialize)]
pub struct PrazoPendente {
    pub autografo_id: Uuid,
    pub proposicao: String,
    pub ementa: String,
    /// "Sanção ou veto pelo Executivo", "Deliberação do veto pela Câmara", or the
    /// promulgação due after a sanção tácita (`Quadro::promulgacao_devida`).
    pub o_que: String,
    pub vence_em: Date,
    pub vencido: bool,
}

/// The câmara's pending autógrafo prazos on `hoje`: the Executivo's prazo of sanção (its
/// last days), after a sanção tácita the promulgação's (the Prefeito's 48 horas, then the
/// Presidente da Câmara's) and the câmara's 30 days to deliberate a veto, overdue or ending
/// within `dias` days, soonest first. For the dashboard.
pub async fn prazos_pendentes(
    tx: &mut TenantTx,
    cal: &Calendario,
    hoje: Date,
    dias: i64,
) -> Result<Vec<PrazoPendente>> {
    let ate = hoje + time::Duration::days(dias);
    let mut out = Vec::new();
    for q in listar(tx, cal, hoje).await? {
        let (o_que, vence) = match q.estado {
            EstadoAutografo::AguardandoSancao => {
                ("Sanção ou veto pelo Executivo".to_owned(), q.prazo_sancao)
            }
            EstadoAutografo::SancaoTacita => {
                (q.promulgacao_devida().unwrap_or_default(), q.prazo())
            }
            e if e.veto_pendente() => ("Deliberação do veto pela Câmara".to_owned(), q.prazo_veto),
            _ => continue,
        };
        let Some(vence_em) = vence else { continue };
        if vence_em > ate {
            continue;
        }
        out.push(PrazoPendente {
            autografo_id: q.autografo.id,
            proposicao: q.autografo.identificacao(),
            ementa: q.autografo.ementa.clone(),
            o_que,
            vence_em,
            vencido: vence_em < hoje,
        });
    }
    out.sort_by_key(|p| (p.vence_em, p.autografo_id));
    Ok(out)
}

/// The câmara's latest sessões plenárias (id and title), for the deliberação's form.
pub async fn sessoes_recentes(tx: &mut TenantTx) -> Result<Vec<(Uuid, String)>> {
    tx.todas(
        "SELECT sp.id, format('%s nº %s, %s', ts.nome, sp.numero,
                              to_char(sp.inicio AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY'))
           FROM app.sessao_plenaria sp
           JOIN app.tipo_sessao ts ON ts.tenant_id = sp.tenant_id AND ts.id = sp.tipo_id
           JOIN app.camara_config c ON c.tenant_id = sp.tenant_id
          WHERE sp.tenant_id = $1 AND sp.status = 'agendada'
          ORDER BY sp.inicio DESC LIMIT 60",
    )
    .await
}

/// Where the chain of promulgação starts, when one is due: the last day of the prazo de
/// sanção after a sanção tácita, the derrubada's day after a veto is derrubado.
pub fn inicio_promulgacao(
    estado: EstadoAutografo,
    prazo_sancao: Option<Date>,
    passos: &[Passo],
) -> Option<(Date, Origem)> {
    match estado {
        EstadoAutografo::SancaoTacita => prazo_sancao.map(|d| (d, Origem::SancaoTacita)),
        EstadoAutografo::VetoDerrubado => passos
            .iter()
            .rev()
            .find(|p| p.estado() == Some(EstadoAutografo::VetoDerrubado))
            .map(|p| (p.data, Origem::Derrubada)),
        _ => None,
    }
}
