//! The ata as a document: created from the draft, edited (every version kept), approved
//! only through a later sessão's pauta item, published after that, immutable once approved
//! (a retificação is a new version with its motivo), each step audited; and the pauta's
//! moves written in the proposição's timeline.

use domain::sessoes_plenarias::pauta::AcaoItem;
use store::sessoes_plenarias::ata::documento as ata;
use store::sessoes_plenarias::pauta::Movimento;

use super::*;

/// An encerrada sessão on 10/03/2025 (everyone present) and an agendada one a week later.
async fn duas_sessoes(tx: &mut TenantTx, c: &Cenario) -> (Uuid, Uuid) {
    let a = autor();
    let s = aberta_com_todos(tx, c, datetime!(2025-03-10 18:00)).await;
    sp::transicionar(tx, &a, s, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    let seguinte = sp::criar(tx, &a, &nova(c.tipo, datetime!(2025-03-17 18:00)))
        .await
        .unwrap()
        .id;
    (s, seguinte)
}

async fn acoes_auditadas(tx: &mut TenantTx, id: Uuid) -> Vec<String> {
    let tenant = tx.tenant_id();
    sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'ata'
            AND entidade_id = $2 ORDER BY id",
    )
    .bind(tenant)
    .bind(id.to_string())
    .fetch_all(tx.conn())
    .await
    .unwrap()
}

async fn bruto(tx: &mut TenantTx, sql: &str, id: Uuid, valor: Option<Uuid>) -> Error {
    let tenant = tx.tenant_id();
    let sql = sql.to_owned();
    tx.tentar(async |tx| {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant)
            .bind(id)
            .bind(valor)
            .execute(tx.conn())
            .await
            .map_err(Error::from)
    })
    .await
    .unwrap_err()
}

#[tokio::test]
async fn the_ata_is_approved_only_by_a_later_sessao_then_published_and_then_only_rectified() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "ata-doc", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let do_dia = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Comunicado da Mesa"))
        .await
        .unwrap();
    sp::transicionar(&mut tx, &a, s, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    let seguinte = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-17 18:00)))
        .await
        .unwrap()
        .id;
    // An agendada sessão has no ata yet.
    let futura = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-04-01 18:00)))
        .await
        .unwrap()
        .id;
    let r = tx.tentar(async |tx| ata::criar(tx, &a, futura).await).await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("realizada")),
        "{r:?}"
    );

    // Created from the generated draft: version 1, a rascunho.
    let criada = ata::criar(&mut tx, &a, s).await.unwrap();
    assert_eq!((criada.status.as_str(), criada.versao), ("rascunho", 1));
    assert!(
        criada.texto.starts_with("# Ata da 1ª Sessão Ordinária"),
        "{}",
        criada.texto
    );
    assert!(criada.texto.contains("Vereador 00"), "{}", criada.texto);
    let r = tx.tentar(async |tx| ata::criar(tx, &a, s).await).await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");

    // Edited: each different text is a version; the same text saves nothing.
    let r = tx
        .tentar(async |tx| ata::salvar(tx, &a, s, "curta").await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "texto"),
        "{r:?}"
    );
    let texto = format!(
        "{}\n\nA Mesa registrou a presença do público.",
        criada.texto
    );
    let v2 = ata::salvar(&mut tx, &a, s, &texto).await.unwrap();
    assert_eq!(v2.versao, 2);
    assert_eq!(ata::salvar(&mut tx, &a, s, &texto).await.unwrap().versao, 2);
    let v3 = ata::regenerar(&mut tx, &a, s).await.unwrap();
    assert_eq!((v3.versao, v3.texto.trim()), (3, criada.texto.trim()));
    assert_eq!(ata::versoes(&mut tx, v3.id).await.unwrap().len(), 3);

    // Not published before the approval.
    let r = tx.tentar(async |tx| ata::publicar(tx, &a, s).await).await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("depois de aprovada em sessão posterior")),
        "{r:?}"
    );
    // Approval goes through a later sessão's pauta only: not its own, not by a raw write.
    let r = tx
        .tentar(async |tx| ata::enviar_para_aprovacao(tx, &a, s, Some(s)).await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "sessao_destino"),
        "{r:?}"
    );
    let r = tx
        .tentar(async |tx| ata::enviar_para_aprovacao(tx, &a, s, None).await)
        .await;
    assert!(matches!(r, Err(Error::Validation(_))), "{r:?}");
    let raw = bruto(
        &mut tx,
        "UPDATE app.ata SET status = 'publicada', publicada_em = now(), aprovada_em = now() WHERE tenant_id = $1 AND id = $2 AND $3::uuid IS NULL",
        v3.id,
        None,
    )
    .await;
    // Refused by the database (the checks answer before the AFTER trigger's order of moves).
    assert!(
        matches!(raw.constraint(), Some("ata_em_aprovacao" | "ata_transicao")),
        "{raw:?}"
    );
    // An item of the ata's own sessão cannot approve it, even written raw.
    let raw = bruto(
        &mut tx,
        "UPDATE app.ata SET item_id = $3 WHERE tenant_id = $1 AND id = $2",
        v3.id,
        Some(do_dia.id),
    )
    .await;
    assert_eq!(raw.constraint(), Some("ata_sessao_posterior"), "{raw:?}");

    let em = ata::enviar_para_aprovacao(&mut tx, &a, s, Some(seguinte))
        .await
        .unwrap();
    assert_eq!(
        (em.status.as_str(), em.sessao_aprovacao_id),
        ("em_aprovacao", Some(seguinte))
    );
    let itens = pauta::itens(&mut tx, seguinte).await.unwrap();
    assert_eq!(itens.len(), 1);
    assert_eq!(
        itens[0].titulo,
        "Leitura e votação da ata da 1ª Sessão Ordinária da 1ª Sessão Legislativa, de 10/03/2025"
    );
    assert_eq!(em.item_id, Some(itens[0].id));
    // While on the pauta, the text does not change.
    let r = tx
        .tentar(async |tx| ata::salvar(tx, &a, s, &texto).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("pauta")),
        "{r:?}"
    );

    // The later sessão votes it (a symbolic approval declared by the Mesa).
    sp::transicionar(&mut tx, &a, seguinte, StatusSessao::Aberta, None)
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, itens[0].id, TipoVotacao::Simbolica)
        .await
        .unwrap();
    votacao::encerrar(
        &mut tx,
        &a,
        v.id,
        &Encerramento {
            declarado: Some(Resultado::Aprovada),
            ..Encerramento::default()
        },
    )
    .await
    .unwrap();
    let aprovada = ata::da_sessao(&mut tx, s).await.unwrap().unwrap();
    assert_eq!(aprovada.status.as_str(), "aprovada");
    assert!(aprovada.aprovada_dia.is_some());
    assert!(
        ata::publicada(&mut tx, s).await.unwrap().is_none(),
        "not public yet"
    );

    // Approved: immutable, by the store and by the database; the votação is not reopened.
    let r = tx
        .tentar(async |tx| ata::salvar(tx, &a, s, &texto).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("retificação")),
        "{r:?}"
    );
    let r = tx.tentar(async |tx| ata::regenerar(tx, &a, s).await).await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    let raw = bruto(
        &mut tx,
        "UPDATE app.ata SET texto = texto || ' mexida' WHERE tenant_id = $1 AND id = $2 AND $3::uuid IS NULL",
        aprovada.id,
        None,
    )
    .await;
    assert_eq!(raw.constraint(), Some("ata_aprovada_imutavel"), "{raw:?}");
    let r = tx
        .tentar(async |tx| {
            votacao::mover(tx, &a, v.id, Acao::Reabrir, "Votação reaberta por engano").await
        })
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("ata")),
        "{r:?}"
    );

    let publicada = ata::publicar(&mut tx, &a, s).await.unwrap();
    assert_eq!(publicada.status.as_str(), "publicada");
    assert!(ata::publicada(&mut tx, s).await.unwrap().is_some());
    let r = tx.tentar(async |tx| ata::publicar(tx, &a, s).await).await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");

    // A retificação: a motivo, a different text; a new version, still published.
    let corrigido = format!(
        "{}\n\nRetificação: o Vereador 01 chegou às 18h10.",
        publicada.texto
    );
    let r = tx
        .tentar(async |tx| ata::retificar(tx, &a, s, &corrigido, "curto").await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "motivo"),
        "{r:?}"
    );
    let r = tx
        .tentar(async |tx| {
            ata::retificar(tx, &a, s, &publicada.texto, "Horário de chegada omitido").await
        })
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "texto"),
        "{r:?}"
    );
    let ret = ata::retificar(&mut tx, &a, s, &corrigido, "Horário de chegada omitido")
        .await
        .unwrap();
    assert_eq!(
        (ret.status.as_str(), ret.versao, ret.retificada),
        ("publicada", 4, true)
    );
    let versoes = ata::versoes(&mut tx, ret.id).await.unwrap();
    assert_eq!(
        versoes[0].motivo.as_deref(),
        Some("Horário de chegada omitido")
    );
    assert!(versoes[0].retificacao && !versoes[1].retificacao);

    assert_eq!(
        acoes_auditadas(&mut tx, ret.id).await,
        [
            "criar",
            "editar",
            "regenerar",
            "enviar_aprovacao",
            "aprovar",
            "publicar",
            "retificar"
        ]
    );
    // The history is append-only for the application.
    let tenant = tx.tenant_id();
    let r = tx
        .tentar(async |tx| {
            sqlx::query("UPDATE app.ata_versao SET texto = 'reescrita' WHERE tenant_id = $1")
                .bind(tenant)
                .execute(tx.conn())
                .await
                .map_err(Error::from)
        })
        .await;
    assert!(r.is_err(), "{r:?}");
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_rejected_or_withdrawn_approval_sends_the_ata_back_and_an_adiamento_carries_it() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "ata-volta", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let (s, seguinte) = duas_sessoes(&mut tx, &c).await;
    let terceira = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-24 18:00)))
        .await
        .unwrap()
        .id;
    ata::criar(&mut tx, &a, s).await.unwrap();
    let em = ata::enviar_para_aprovacao(&mut tx, &a, s, Some(seguinte))
        .await
        .unwrap();
    let item = em.item_id.unwrap();
    sp::transicionar(&mut tx, &a, seguinte, StatusSessao::Aberta, None)
        .await
        .unwrap();
    // Adiada: the ata follows its item to the later sessão.
    pauta::mover_item(
        &mut tx,
        &a,
        item,
        AcaoItem::Adiar,
        &Movimento {
            destino: Some(terceira),
            motivo: "Leitura adiada a pedido da Mesa".into(),
            ..Movimento::default()
        },
    )
    .await
    .unwrap();
    let levada = ata::da_sessao(&mut tx, s).await.unwrap().unwrap();
    assert_eq!(
        (levada.status.as_str(), levada.sessao_aprovacao_id),
        ("em_aprovacao", Some(terceira))
    );
    // Rejected there: back to rascunho, editable, with no item.
    sp::transicionar(&mut tx, &a, terceira, StatusSessao::Aberta, None)
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, levada.item_id.unwrap(), TipoVotacao::Simbolica)
        .await
        .unwrap();
    votacao::encerrar(
        &mut tx,
        &a,
        v.id,
        &Encerramento {
            declarado: Some(Resultado::Rejeitada),
            ..Encerramento::default()
        },
    )
    .await
    .unwrap();
    let devolvida = ata::da_sessao(&mut tx, s).await.unwrap().unwrap();
    assert_eq!(
        (devolvida.status.as_str(), devolvida.item_id),
        ("rascunho", None)
    );
    ata::salvar(
        &mut tx,
        &a,
        s,
        &format!("{}\n\nCorrigida.", devolvida.texto),
    )
    .await
    .unwrap();
    // Sent again and withdrawn from that pauta: back to rascunho too.
    let de_novo = ata::enviar_para_aprovacao(&mut tx, &a, s, Some(terceira))
        .await
        .unwrap();
    pauta::mover_item(
        &mut tx,
        &a,
        de_novo.item_id.unwrap(),
        AcaoItem::Retirar,
        &Movimento {
            motivo: "A ata será lida na próxima sessão".into(),
            ..Movimento::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        ata::da_sessao(&mut tx, s)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "rascunho"
    );
    let acoes = acoes_auditadas(&mut tx, devolvida.id).await;
    assert!(
        acoes.contains(&"adiar".to_owned())
            && acoes.iter().filter(|x| *x == "devolver").count() == 2,
        "{acoes:?}"
    );
    tx.commit().await.unwrap();
}

async fn eventos(tx: &mut TenantTx, p: Uuid) -> Vec<(String, String, String)> {
    let tenant = tx.tenant_id();
    sqlx::query_as(
        "SELECT tipo, situacao, descricao FROM app.proposicao_evento
          WHERE tenant_id = $1 AND proposicao_id = $2 ORDER BY ocorrido_em, id",
    )
    .bind(tenant)
    .bind(p)
    .fetch_all(tx.conn())
    .await
    .unwrap()
}

#[tokio::test]
async fn vista_adiamento_and_retirada_are_written_in_the_proposicao_timeline() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "ata-eventos", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let seguinte = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-17 18:00)))
        .await
        .unwrap()
        .id;
    let pl = pronta(&mut tx, "PL", "Institui a semana da árvore.").await;
    let item = pauta::adicionar_item(
        &mut tx,
        &a,
        s,
        &NovoItem {
            proposicao_id: Some(pl),
            ..item_livre("")
        },
    )
    .await
    .unwrap();
    let antes = eventos(&mut tx, pl).await.len();
    pauta::mover_item(
        &mut tx,
        &a,
        item.id,
        AcaoItem::PedirVista,
        &Movimento {
            prazo_dias: Some(5),
            ..Movimento::default()
        },
    )
    .await
    .unwrap();
    pauta::mover_item(
        &mut tx,
        &a,
        item.id,
        AcaoItem::DevolverVista,
        &Movimento::default(),
    )
    .await
    .unwrap();
    pauta::mover_item(
        &mut tx,
        &a,
        item.id,
        AcaoItem::Adiar,
        &Movimento {
            destino: Some(seguinte),
            motivo: "A pedido do autor da proposição".into(),
            ..Movimento::default()
        },
    )
    .await
    .unwrap();
    let outra = pronta(&mut tx, "PL", "Institui o dia do ciclista.").await;
    let i2 = pauta::adicionar_item(
        &mut tx,
        &a,
        s,
        &NovoItem {
            proposicao_id: Some(outra),
            ..item_livre("")
        },
    )
    .await
    .unwrap();
    pauta::mover_item(
        &mut tx,
        &a,
        i2.id,
        AcaoItem::Retirar,
        &Movimento {
            motivo: "Falta o parecer da comissão".into(),
            ..Movimento::default()
        },
    )
    .await
    .unwrap();
    let sessao = "1ª Sessão Ordinária da 1ª Sessão Legislativa, de 10/03/2025";
    let ev = eventos(&mut tx, pl).await;
    let novos: Vec<_> = ev[antes..].iter().collect();
    assert_eq!(novos.len(), 3, "{ev:?}");
    assert!(
        novos
            .iter()
            .all(|(t, sit, _)| t == "pauta" && sit == "pronta_para_pauta")
    );
    assert_eq!(
        novos[0].2,
        format!("Pedido de vista na {sessao}, até 15/03/2025.")
    );
    assert_eq!(novos[1].2, format!("Devolvida de vista na {sessao}."));
    assert_eq!(
        novos[2].2,
        format!(
            "Adiada na {sessao}, para a 2ª Sessão Ordinária da 1ª Sessão Legislativa, de 17/03/2025. Motivo: A pedido do autor da proposição"
        )
    );
    let ev2 = eventos(&mut tx, outra).await;
    let (tipo, _, d) = ev2.last().unwrap();
    assert_eq!(tipo, "pauta");
    assert_eq!(
        d,
        &format!("Retirada de pauta na {sessao}. Motivo: Falta o parecer da comissão")
    );
    // A final votação already writes its event ("Aprovada em 1º turno na …").
    let la = pauta::itens(&mut tx, seguinte).await.unwrap();
    sp::transicionar(&mut tx, &a, seguinte, StatusSessao::Aberta, None)
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, la[0].id, TipoVotacao::Simbolica)
        .await
        .unwrap();
    votacao::encerrar(
        &mut tx,
        &a,
        v.id,
        &Encerramento {
            declarado: Some(Resultado::Aprovada),
            ..Encerramento::default()
        },
    )
    .await
    .unwrap();
    let (tipo, sit, d) = eventos(&mut tx, pl).await.pop().unwrap();
    assert_eq!((tipo.as_str(), sit.as_str()), ("votada", "aprovada"));
    assert!(
        d.starts_with("Aprovada em 1º turno na 2ª Sessão Ordinária"),
        "{d}"
    );
    tx.commit().await.unwrap();
}
