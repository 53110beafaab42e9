//! Emendas, subemendas and substitutivos: proposições with a mãe (created by
//! [`super::criar`], numbered within the mãe and their tipo), with their own data in
//! `app.emenda` (tipo de emenda, dispositivo, the emenda a subemenda belongs to, the
//! parecer on them). Their result is an event of their own history (`votada`). An approved
//! substitutivo replaces the mãe's text, and the redação final records the approved text:
//! each is a new version in `app.proposicao_texto` (the original kept as version 1).

use domain::emendas::{Especie, TipoEmenda, TipoTexto};
use domain::proposicoes::{Evento, Regime, Situacao};
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::{AutorNovo, Criada, EventoNovo, NovaProposicao, criar, registrar_evento};
use crate::auditoria::{self, Autor};
use crate::error::invalido;
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

/// What is presented as an emenda.
#[derive(Debug, Clone)]
pub struct NovaEmenda {
    pub mae_id: Uuid,
    /// An acessório tipo (EME, SUB, SUBS): it decides the especie.
    pub tipo_id: Uuid,
    pub tipo_emenda: TipoEmenda,
    /// The emenda (`app.emenda` id) a subemenda belongs to.
    pub emenda_id: Option<Uuid>,
    pub dispositivo: String,
    pub ementa: String,
    pub texto: String,
    pub justificativa: String,
    pub apresentada_em: Date,
    pub autores: Vec<AutorNovo>,
}

/// The acessório tipos of the câmara: (id, sigla, nome).
pub async fn tipos(tx: &mut TenantTx) -> Result<Vec<(Uuid, String, String)>> {
    tx.todas(
        "SELECT id, sigla, nome FROM app.tipo_proposicao
          WHERE tenant_id = $1 AND acessorio AND ativo ORDER BY ordem, sigla",
    )
    .await
}

/// Presents an emenda to `mae_id`: a proposição numbered within the mãe, and its data.
/// Run it behind `TenantTx::tentar`.
pub async fn criar_emenda(tx: &mut TenantTx, autor: &Autor, n: &NovaEmenda) -> Result<Criada> {
    let tenant = tx.tenant_id();
    let tipo: Option<(String, bool)> = sqlx::query_as(
        "SELECT sigla, acessorio FROM app.tipo_proposicao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(n.tipo_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((sigla, true)) = tipo else {
        return Err(invalido(
            "tipo_id",
            "Escolha emenda, subemenda ou substitutivo.",
        ));
    };
    let especie = Especie::da_sigla(&sigla);
    let mae: Option<Option<Uuid>> =
        sqlx::query_scalar("SELECT mae_id FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(n.mae_id)
            .fetch_optional(tx.conn())
            .await?;
    match mae {
        None => return Err(Error::NotFound("Proposição não encontrada.".into())),
        Some(Some(_)) => {
            return Err(invalido(
                "mae_id",
                "Emendas são apresentadas à proposição principal; para emendar uma emenda, apresente uma subemenda.",
            ));
        }
        Some(None) => {}
    }
    if let Err(erros) = domain::emendas::validar(
        especie,
        n.tipo_emenda,
        &n.dispositivo,
        n.emenda_id.is_some(),
    ) && let Some(e) = erros.into_iter().next()
    {
        return Err(e.into());
    }
    let nova = NovaProposicao {
        tipo_id: n.tipo_id,
        mae_id: Some(n.mae_id),
        ementa: n.ementa.clone(),
        texto: n.texto.clone(),
        justificativa: n.justificativa.clone(),
        regime: Regime::Ordinario,
        apresentada_em: n.apresentada_em,
        autores: n.autores.clone(),
        descricao: String::new(),
    };
    let criada = criar(tx, autor, &nova).await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.emenda (tenant_id, id, proposicao_id, especie, tipo_emenda, emenda_id, dispositivo)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(id)
    .bind(criada.id)
    .bind(especie.as_str())
    .bind(n.tipo_emenda.as_str())
    .bind(n.emenda_id)
    .bind(n.dispositivo.trim())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::criado(
        tx,
        autor,
        "emenda",
        id,
        serde_json::json!({
            "proposicao": criada.identificacao(), "mae_id": n.mae_id, "especie": especie.as_str(),
            "tipo_emenda": n.tipo_emenda.as_str(), "emenda_id": n.emenda_id,
            "dispositivo": n.dispositivo.trim(),
        }),
    )
    .await?;
    Ok(criada)
}

/// An emenda as its lists show it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Emenda {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    pub mae_id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub especie: String,
    pub tipo_emenda: String,
    pub emenda_id: Option<Uuid>,
    /// The number of the emenda a subemenda belongs to.
    pub emenda_numero: Option<i32>,
    pub dispositivo: String,
    pub ementa: String,
    pub texto: String,
    pub justificativa: String,
    pub autores: String,
    pub parecer_id: Option<Uuid>,
    pub parecer_conclusao: Option<String>,
    pub parecer_texto: String,
    pub situacao: Option<String>,
}

impl Emenda {
    /// "Emenda nº 2", "Subemenda nº 1 à Emenda nº 2", "Substitutivo nº 1".
    pub fn titulo(&self) -> String {
        let especie = Especie::parse(&self.especie).unwrap_or(Especie::Emenda);
        match self.emenda_numero {
            Some(e) => format!("{} nº {} à Emenda nº {e}", especie.rotulo(), self.numero),
            None => format!("{} nº {}", especie.rotulo(), self.numero),
        }
    }

    pub fn tipo_label(&self) -> &'static str {
        TipoEmenda::parse(&self.tipo_emenda)
            .map(TipoEmenda::rotulo)
            .unwrap_or("")
    }

    /// Aprovada, rejeitada or, before its result, em tramitação.
    pub fn resultado_label(&self) -> &'static str {
        match self.situacao.as_deref().and_then(Situacao::parse) {
            Some(Situacao::Aprovada) => "Aprovada",
            Some(Situacao::Rejeitada) => "Rejeitada",
            Some(Situacao::Retirada) => "Retirada",
            Some(Situacao::Arquivada) => "Arquivada",
            _ => "Em tramitação",
        }
    }

    pub fn parecer_label(&self) -> &'static str {
        match self.parecer_conclusao.as_deref() {
            Some("favoravel") => "Favorável",
            Some("contrario") => "Contrário",
            _ => "",
        }
    }

    pub fn texto_html(&self) -> String {
        domain::texto::markdown_seguro(&self.texto)
    }

    pub fn parecer_html(&self) -> String {
        domain::texto::markdown_seguro(&self.parecer_texto)
    }
}

const EMENDA: &str = "SELECT e.id, e.proposicao_id, p.mae_id, t.sigla, p.numero, p.ano, e.especie,
    e.tipo_emenda, e.emenda_id, pp.numero AS emenda_numero, e.dispositivo, p.ementa, p.texto,
    p.justificativa,
    COALESCE((SELECT string_agg(COALESCE(pa.nome_parlamentar, c.nome, a.nome), ', ' ORDER BY a.ordem)
                FROM app.proposicao_autor a
                LEFT JOIN app.parlamentar pa ON pa.tenant_id = a.tenant_id AND pa.id = a.parlamentar_id
                LEFT JOIN app.comissao c ON c.tenant_id = a.tenant_id AND c.id = a.comissao_id
               WHERE a.tenant_id = p.tenant_id AND a.proposicao_id = p.id), '') AS autores,
    e.parecer_id, e.parecer_conclusao, e.parecer_texto, p.situacao
    FROM app.emenda e
    JOIN app.proposicao p ON p.tenant_id = e.tenant_id AND p.id = e.proposicao_id
    JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
    LEFT JOIN app.emenda pe ON pe.tenant_id = e.tenant_id AND pe.id = e.emenda_id
    LEFT JOIN app.proposicao pp ON pp.tenant_id = pe.tenant_id AND pp.id = pe.proposicao_id";

/// The emendas, subemendas and substitutivos of a proposição: what its public page lists.
/// Emendas and substitutivos by number, each subemenda after its emenda.
pub async fn emendas_da_proposicao(tx: &mut TenantTx, mae_id: Uuid) -> Result<Vec<Emenda>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{EMENDA} WHERE e.tenant_id = $1 AND p.mae_id = $2
          ORDER BY array_position(ARRAY['substitutivo', 'emenda'], COALESCE(pe.especie, e.especie)),
                   COALESCE(pp.numero, p.numero), e.emenda_id IS NOT NULL, p.numero"
    )))
    .bind(tenant)
    .bind(mae_id)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn emenda(tx: &mut TenantTx, id: Uuid) -> Result<Option<Emenda>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{EMENDA} WHERE e.tenant_id = $1 AND e.id = $2")),
        id,
    )
    .await
}

/// Records the comissão's opinion on an emenda (favorável or contrário, with its text).
pub async fn registrar_parecer(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    favoravel: bool,
    texto: &str,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let antes = emenda(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Emenda não encontrada.".into()))?;
    sqlx::query(
        "UPDATE app.emenda SET parecer_conclusao = $3, parecer_texto = $4 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(if favoravel { "favoravel" } else { "contrario" })
    .bind(texto.trim())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let depois = emenda(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "emenda",
        id,
        "parecer",
        auditoria::json(&antes),
        auditoria::json(&depois),
    )
    .await
}

/// Records an emenda's result (its `votada` event; it is first made ready for deliberation
/// when it is not). An approved substitutivo replaces the mãe's text (a new version).
pub async fn registrar_resultado(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    aprovada: bool,
) -> Result<Situacao> {
    let e = emenda(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Emenda não encontrada.".into()))?;
    if matches!(
        e.situacao.as_deref().and_then(Situacao::parse),
        Some(Situacao::Aprovada | Situacao::Rejeitada)
    ) {
        return Err(Error::Conflict(
            "O resultado desta emenda já foi registrado.".into(),
        ));
    }
    if e.situacao.as_deref() != Some(Situacao::ProntaParaPauta.as_str()) {
        let pronta = EventoNovo {
            evento: Evento::ProntaParaPauta,
            unidade_id: None,
            descricao: format!("{} em deliberação.", e.titulo()),
            ocorrido_em: None,
            origem_id: None,
        };
        registrar_evento(tx, autor, e.proposicao_id, &pronta).await?;
    }
    let votada = EventoNovo {
        evento: Evento::Votada {
            aprovada,
            ultimo_turno: true,
        },
        unidade_id: None,
        descricao: format!(
            "{} {}.",
            e.titulo(),
            if aprovada { "aprovada" } else { "rejeitada" }
        ),
        ocorrido_em: None,
        origem_id: None,
    };
    let (_, situacao) = registrar_evento(tx, autor, e.proposicao_id, &votada).await?;
    if aprovada && e.especie == Especie::Substitutivo.as_str() {
        nova_versao(
            tx,
            autor,
            e.mae_id,
            TipoTexto::Substitutivo,
            &e.texto,
            Some(e.proposicao_id),
        )
        .await?;
    }
    Ok(situacao)
}

/// One version of a proposição's text.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct VersaoTexto {
    pub id: Uuid,
    pub versao: i32,
    pub tipo: String,
    pub texto: String,
    pub origem_id: Option<Uuid>,
    pub registrado_em: time::OffsetDateTime,
}

impl VersaoTexto {
    pub fn tipo_label(&self) -> &'static str {
        TipoTexto::parse(&self.tipo)
            .map(TipoTexto::rotulo)
            .unwrap_or("")
    }

    pub fn texto_html(&self) -> String {
        domain::texto::markdown_seguro(&self.texto)
    }
}

/// The versions of a proposição's text, the latest first.
pub async fn textos(tx: &mut TenantTx, proposicao_id: Uuid) -> Result<Vec<VersaoTexto>> {
    tx.linhas(
        "SELECT id, versao, tipo, texto, origem_id, registrado_em FROM app.proposicao_texto
          WHERE tenant_id = $1 AND proposicao_id = $2 ORDER BY versao DESC",
        proposicao_id,
    )
    .await
}

/// Records the redação final of `proposicao_id`: the approved text, as a new version that
/// becomes its text.
pub async fn redacao_final(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
    texto: &str,
) -> Result<i32> {
    if texto.trim().chars().count() < 10 {
        return Err(invalido(
            "texto",
            "Escreva o texto da redação final (ao menos 10 caracteres).",
        ));
    }
    nova_versao(
        tx,
        autor,
        proposicao_id,
        TipoTexto::RedacaoFinal,
        texto,
        None,
    )
    .await
}

/// Appends a version of the text of `proposicao_id` (the current text kept first as the
/// original when it has no version yet) and makes it the proposição's text.
async fn nova_versao(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
    tipo: TipoTexto,
    texto: &str,
    origem: Option<Uuid>,
) -> Result<i32> {
    let tenant = tx.tenant_id();
    let atual: Option<(String, Option<Uuid>)> = sqlx::query_as(
        "SELECT texto, mae_id FROM app.proposicao WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((atual, mae)) = atual else {
        return Err(Error::NotFound("Proposição não encontrada.".into()));
    };
    if mae.is_some() {
        return Err(invalido(
            "texto",
            "O texto aprovado é o da proposição principal, não o de uma emenda.",
        ));
    }
    let mut versao: i32 = sqlx::query_scalar(
        "SELECT COALESCE(max(versao), 0) FROM app.proposicao_texto WHERE tenant_id = $1 AND proposicao_id = $2",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .fetch_one(tx.conn())
    .await?;
    let inserir = async |tx: &mut TenantTx,
                         versao: i32,
                         tipo: TipoTexto,
                         texto: &str,
                         origem: Option<Uuid>| {
        sqlx::query(
            "INSERT INTO app.proposicao_texto (tenant_id, id, proposicao_id, versao, tipo, texto,
                                               origem_id, usuario_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(proposicao_id)
        .bind(versao)
        .bind(tipo.as_str())
        .bind(texto)
        .bind(origem)
        .bind(autor.usuario_id)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)
    };
    if versao == 0 {
        versao = 1;
        inserir(tx, versao, TipoTexto::Original, &atual, None).await?;
    }
    versao += 1;
    inserir(tx, versao, tipo, texto.trim(), origem).await?;
    sqlx::query("UPDATE app.proposicao SET texto = $3, atualizado_em = now() WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(proposicao_id)
        .bind(texto.trim())
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "proposicao_texto",
        Some(&proposicao_id.to_string()),
        tipo.as_str(),
        Some(serde_json::json!({ "texto": atual })),
        Some(serde_json::json!({ "versao": versao, "texto": texto.trim(), "origem_id": origem })),
    )
    .await?;
    Ok(versao)
}
