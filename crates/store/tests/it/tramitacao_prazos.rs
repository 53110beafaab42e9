//! Tramitação's prazos: dias úteis over the câmara's calendar, and the prazos shown on the
//! dashboard and sent as alerts (split from tramitacao.rs).

use domain::calendario::{SituacaoPrazo, feriados_nacionais};
use store::DataDb;
use store::calendario::{self, NovoFeriado, NovoRecesso};
use store::tramitacao::{self as tr, NovaTramitacao, Prazo};
use testkit::TestEnv;
use time::macros::date;
use time::{Date, Weekday};

use super::tramitacao::*;

#[tokio::test]
async fn prazos_count_dias_uteis_over_carnaval_municipal_holidays_and_recesso() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-prazo", "pool").await;
    let mut tx = begin(&env, &t).await;
    // Without the câmara's holidays: Friday 5 Feb 2027 + 3, Carnaval (8, 9) skipped: 10, 11, 12.
    assert_eq!(
        tr::prazo_em(&mut tx, date!(2027 - 02 - 05), 3)
            .await
            .unwrap(),
        date!(2027 - 02 - 12)
    );
    let a = autor();
    let feriado = |data, nome: &str, anual| NovoFeriado {
        data,
        nome: nome.into(),
        abrangencia: "municipal".into(),
        anual,
    };
    calendario::criar_feriado(
        &mut tx,
        &a,
        &feriado(date!(2027 - 02 - 10), "Padroeira", false),
    )
    .await
    .unwrap();
    calendario::criar_feriado(
        &mut tx,
        &a,
        &feriado(date!(2026 - 03 - 12), "Aniversário", true),
    )
    .await
    .unwrap();
    calendario::criar_recesso(
        &mut tx,
        &a,
        &NovoRecesso {
            inicio: date!(2027 - 07 - 01),
            fim: date!(2027 - 07 - 31),
            descricao: "Recesso de julho".into(),
        },
    )
    .await
    .unwrap();
    // Carnaval (8, 9) and the municipal holiday (10): 11, 12, 15.
    assert_eq!(
        tr::prazo_em(&mut tx, date!(2027 - 02 - 05), 3)
            .await
            .unwrap(),
        date!(2027 - 02 - 15)
    );
    // A yearly holiday repeats: Friday 12 March 2027.
    assert_eq!(
        tr::prazo_em(&mut tx, date!(2027 - 03 - 11), 1)
            .await
            .unwrap(),
        date!(2027 - 03 - 15)
    );
    // The recesso: Wednesday 30 June + 1 → Monday 2 August.
    assert_eq!(
        tr::prazo_em(&mut tx, date!(2027 - 06 - 30), 1)
            .await
            .unwrap(),
        date!(2027 - 08 - 02)
    );
    // A national holiday need not be entered; overlapping recessos are refused.
    let e = calendario::criar_feriado(&mut tx, &a, &feriado(date!(2027 - 02 - 09), "X", false))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("feriado nacional"));
    let e = calendario::criar_recesso(
        &mut tx,
        &a,
        &NovoRecesso {
            inicio: date!(2027 - 07 - 20),
            fim: date!(2027 - 08 - 05),
            descricao: "Outro".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("coincide"));
    let (dias, recessos) = calendario::ano(&mut tx, 2027).await.unwrap();
    assert!(
        dias.iter()
            .any(|d| d.data == date!(2027 - 02 - 08) && d.origem == "Nacional")
    );
    assert!(
        dias.iter()
            .any(|d| d.data == date!(2027 - 02 - 10) && d.nome == "Padroeira")
    );
    assert!(
        dias.iter()
            .any(|d| d.data == date!(2027 - 03 - 12) && d.nome == "Aniversário")
    );
    assert_eq!(recessos.len(), 1);

    // End to end: the next two weekdays from today are municipal holidays; a tramitação
    // with a prazo of 1 dia útil ends after them.
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let util_nacional = |d: Date| {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !feriados_nacionais(d.year()).iter().any(|f| f.data == d)
    };
    let mut d = hoje;
    let mut bloqueados = Vec::new();
    while bloqueados.len() < 2 {
        d = d.next_day().unwrap();
        if util_nacional(d) {
            bloqueados.push(d);
        }
    }
    for b in &bloqueados {
        calendario::criar_feriado(&mut tx, &a, &feriado(*b, "Ponto municipal", false))
            .await
            .unwrap();
    }
    let cal = calendario::calendario(&mut tx).await.unwrap();
    let mut esperado = bloqueados[1].next_day().unwrap();
    while !cal.eh_util(esperado) {
        esperado = esperado.next_day().unwrap();
    }
    assert!(util_nacional(esperado));
    let (p, _) = proposicao(&mut tx).await;
    let cj = comissao(&mut tx).await;
    let mut n = despacho(
        unidade(&mut tx, "Protocolo").await,
        vec![cj],
        status(&mut tx, "Para parecer").await,
    );
    n.prazo = Prazo::DiasUteis(1);
    tr::tramitar(&mut tx, &a, p, &n).await.unwrap();
    let h = tr::historico(&mut tx, p).await.unwrap();
    assert_eq!(
        h[0].prazo,
        Some(esperado),
        "today {hoje}, holidays {bloqueados:?}"
    );
    assert_eq!(h[0].prazo_dias, Some(1));
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn prazos_vencendo_and_vencidos_of_the_users_unidades_and_their_alerts() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-alerta", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = autor();
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let procuradoria = unidade(&mut tx, "Procuradoria Jurídica").await;
    let secretaria = unidade(&mut tx, "Secretaria Legislativa").await;
    let enc = status(&mut tx, "Encaminhada").await;
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let com_prazo = |destino, prazo| NovaTramitacao {
        prazo,
        ..despacho(protocolo, vec![destino], enc)
    };
    let (vence_hoje, vh) = proposicao(&mut tx).await;
    tr::tramitar(
        &mut tx,
        &a,
        vence_hoje,
        &com_prazo(procuradoria, Prazo::Data(hoje)),
    )
    .await
    .unwrap();
    let (longe, _) = proposicao(&mut tx).await;
    tr::tramitar(
        &mut tx,
        &a,
        longe,
        &com_prazo(procuradoria, Prazo::DiasUteis(30)),
    )
    .await
    .unwrap();
    let (vencida, vd) = proposicao(&mut tx).await;
    let r = tr::tramitar(
        &mut tx,
        &a,
        vencida,
        &com_prazo(procuradoria, Prazo::DiasUteis(2)),
    )
    .await
    .unwrap();
    let (outra, _) = proposicao(&mut tx).await;
    tr::tramitar(
        &mut tx,
        &a,
        outra,
        &com_prazo(secretaria, Prazo::Data(hoje)),
    )
    .await
    .unwrap();
    let ana = usuario(&mut tx, "Ana Procuradora").await;
    tr::vincular(&mut tx, &a, procuradoria, ana).await.unwrap();
    tx.commit().await.unwrap();
    // Time passes for one of them (the owner may; the application may not).
    let mut admin = env
        .store
        .admin_connect(&DataDb::of(&t.placement))
        .await
        .unwrap();
    sqlx::query("UPDATE app.tramitacao SET prazo = $2 WHERE tenant_id = $1 AND id = $3")
        .bind(t.id)
        .bind(hoje - time::Duration::days(3))
        .bind(r[0].id)
        .execute(&mut admin)
        .await
        .unwrap();
    let mut tx = begin(&env, &t).await;
    let v = tr::prazos_do_usuario(&mut tx, ana).await.unwrap();
    let got: Vec<(&str, SituacaoPrazo)> = v
        .iter()
        .map(|p| (p.identificacao.as_str(), p.situacao))
        .collect();
    assert_eq!(
        got,
        vec![
            (vd.as_str(), SituacaoPrazo::Vencido),
            (vh.as_str(), SituacaoPrazo::Vencendo)
        ]
    );
    let alertas = tr::alertas_de_prazo(&mut tx).await.unwrap();
    assert_eq!(alertas.len(), 2);
    let proc_ = alertas
        .iter()
        .find(|x| x.unidade_id == procuradoria)
        .unwrap();
    assert_eq!(proc_.prazos.len(), 2);
    assert_eq!(proc_.emails.len(), 1);
    let sec = alertas.iter().find(|x| x.unidade_id == secretaria).unwrap();
    assert!(sec.emails.is_empty());
    let msgs = tr::mensagens_de_prazo("Câmara de Teste", "https://teste.example", &alertas);
    assert_eq!(msgs.len(), 1);
    assert_eq!(
        msgs[0].assunto,
        "Procuradoria Jurídica: 1 prazo(s) vencido(s) e 1 vencendo"
    );
    assert!(msgs[0].corpo.contains(&format!("{vd} (")));
    assert!(msgs[0].corpo.contains("venceu em"));
    assert!(msgs[0].corpo.find(&vd) < msgs[0].corpo.find(&vh));
    // Once it leaves the Procuradoria, its prazo is no one's.
    tr::tramitar(
        &mut tx,
        &a,
        vencida,
        &despacho(procuradoria, vec![secretaria], enc),
    )
    .await
    .unwrap();
    assert_eq!(tr::prazos_do_usuario(&mut tx, ana).await.unwrap().len(), 1);
    tx.rollback().await.unwrap();
}
