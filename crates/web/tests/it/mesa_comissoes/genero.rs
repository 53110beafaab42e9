//! The cargos agree with their holder's gênero (issue #13, item 6): the field on the
//! parlamentar's form (refused outside its list), the public Mesa, the comissão page, the
//! parlamentar's page and the open data (the raw cargo kept, the agreed one beside it).

use super::*;
use testkit::http::multipart;

#[tokio::test]
async fn a_woman_is_shown_the_feminine_cargo_everywhere_and_presidente_stays() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-genero", "pool").await;
    let s = semear(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let (ana, carla) = (s.p[0], s.p[2]);

    // Carla relator of CFO too (a comissão cargo of the regular shape).
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let cfo: Uuid = sqlx::query_scalar("SELECT id FROM app.comissao WHERE sigla = 'CFO'")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    comissoes::designar(
        &mut tx,
        &Autor::cli("t"),
        &NovoMembroComissao {
            comissao_id: cfo,
            parlamentar_id: carla,
            cargo: "relator".into(),
            titular: true,
            designacao: l.inicio,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let editar = async |id: Uuid, nome: &str, genero: &str| {
        let pagina = format!("/admin/parlamentares/{id}");
        let form = app.get_as(&host, &pagina, &cookie).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert!(
            form.body.contains("<select id=\"genero\" name=\"genero\""),
            "{}",
            form.body
        );
        let csrf = form.field("_csrf").unwrap();
        let (ct, body) = multipart(
            &[
                ("nome_parlamentar", nome),
                ("nome_civil", &format!("{nome} da Silva")),
                ("genero", genero),
            ],
            &[],
        );
        app.post_multipart_as(
            &host,
            &format!("{pagina}?_csrf={csrf}"),
            &cookie,
            (ct, body),
        )
        .await
    };
    // A value outside the list is refused by the table, with its message, and nothing kept.
    let r = editar(carla, "Carla Reis", "outro").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Escolha o gênero da lista"), "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let g: Option<String> = sqlx::query_scalar("SELECT genero FROM app.parlamentar WHERE id = $1")
        .bind(carla)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(g, None);
    drop(tx);
    for id in [ana, carla] {
        let nome = if id == ana {
            "Ana Lúcia"
        } else {
            "Carla Reis"
        };
        let r = editar(id, nome, "feminino").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let form = app
        .get_as(&host, &format!("/admin/parlamentares/{carla}"), &cookie)
        .await;
    assert!(form.body.contains("<option value=\"feminino\" selected>"));

    // The public Mesa: Carla is "1ª Secretária"; Ana (who presided) stays "Presidente".
    let r = app.get(&host, "/parlamentares/mesa-diretora").await;
    assert_eq!(r.status, StatusCode::OK);
    let (atual, historico) = r.body.split_once("Histórico por período").unwrap();
    assert!(atual.contains("1ª Secretária"), "{atual}");
    assert!(!atual.contains("1º Secretário"), "{atual}");
    assert!(atual.contains("Presidente") && !r.body.contains("Presidenta"));
    assert!(historico.contains("1ª Secretária"), "{historico}");

    // Her page: the Mesa's cargo and the comissão's.
    let r = app.get(&host, "/parlamentares/carla-reis").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("1ª Secretária"), "{}", r.body);
    assert!(r.body.contains("Relatora"), "{}", r.body);

    // The comissão pages.
    let r = app.get(&host, "/legislativo/comissoes/cfo").await;
    assert!(r.body.contains("Relatora"), "{}", r.body);
    assert!(
        r.body.contains("Relator<"),
        "Davi, who left, stays Relator: {}",
        r.body
    );
    let r = app.get(&host, "/legislativo/comissoes/cjr").await;
    assert!(r.body.contains("Presidente") && !r.body.contains("Presidenta"));

    // The open data keeps the câmara's cargo and adds the agreed one; no gênero field.
    let r = app.get(&host, "/api/v1/mesa-diretora").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("\"cargo\":\"1º Secretário\"")
            && r.body.contains("\"cargo_do_titular\":\"1ª Secretária\""),
        "{}",
        r.body
    );
    assert!(!r.body.contains("genero"), "{}", r.body);
}
