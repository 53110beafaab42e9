//! The tipos de proposição in the secretaria's admin: every error at once, created, edited,
//! deactivated when in use, deleted only unused (after a confirmation).

use axum::http::StatusCode;
use testkit::TestEnv;

use crate::proposicoes_admin::{cenario, tipo};

#[tokio::test]
async fn tipos_are_created_edited_deactivated_and_deleted_only_unused() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "prop-tipos-http").await;
    let r = c
        .post(
            "/admin/proposicoes/tipos",
            &[
                ("sigla", "pl"),
                ("nome", "X"),
                ("escopo_numeracao", "ano"),
                ("turnos", "4"),
                ("intersticio_dias_uteis", "99"),
                ("ordem", "abc"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for m in [
        "O nome do tipo deve ter de 3 a 120 caracteres.",
        "O número de turnos deve ser de 1 a 3.",
        "O interstício deve ser de 0 a 60 dias úteis.",
        "A ordem deve ser um número de 0 a 1000.",
    ] {
        assert!(r.body.contains(m), "missing {m:?}");
    }
    // "pl" becomes "PL", which exists: refused as a conflict, the input kept.
    let r = c
        .post(
            "/admin/proposicoes/tipos",
            &[
                ("sigla", "pl"),
                ("nome", "Projeto Duplicado"),
                ("escopo_numeracao", "ano"),
                ("turnos", "1"),
                ("quorum_1", "maioria_simples"),
                ("intersticio_dias_uteis", "0"),
                ("ordem", "0"),
                ("ativo", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Já existe um tipo de proposição com essa sigla.")
            && r.body.contains("Projeto Duplicado")
    );
    let r = c
        .post(
            "/admin/proposicoes/tipos",
            &[
                ("sigla", "PEL"),
                ("nome", "Proposta de Emenda"),
                ("escopo_numeracao", "legislatura"),
                ("vai_a_comissoes", "1"),
                ("turnos", "2"),
                ("quorum_1", "dois_tercos"),
                ("quorum_2", "tres_quintos"),
                ("intersticio_dias_uteis", "10"),
                ("nominal_obrigatoria", "1"),
                ("ativo", "1"),
                ("ordem", "30"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let l = c.get(&r.location).await;
    assert!(
        l.body.contains("Tipo criado.") && l.body.contains("2: Dois terços; Três quintos"),
        "{}",
        l.body
    );
    let id = tipo(&env, &c.t, "PEL").await;
    let r = c
        .post(&format!("/admin/proposicoes/tipos/{id}/ativo"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let n = c.get("/admin/proposicoes/nova").await;
    assert!(
        !n.body.contains("PEL — Proposta de Emenda"),
        "a deactivated tipo is not offered"
    );
    let r = c
        .post(&format!("/admin/proposicoes/tipos/{id}/excluir"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "an unused tipo is deleted");
    // A tipo in use: no deletion.
    let pl = tipo(&env, &c.t, "PL").await;
    c.nova(&pl, "02/03/2026").await;
    let conf = c
        .get(&format!("/admin/proposicoes/tipos/{pl}/excluir"))
        .await;
    assert!(conf.body.contains("desative-o"), "{}", conf.body);
    let r = c
        .post(&format!("/admin/proposicoes/tipos/{pl}/excluir"), &[])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}
