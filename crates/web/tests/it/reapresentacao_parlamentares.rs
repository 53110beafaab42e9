//! A refused write in the composition's admin re-renders the form in the request's own
//! transaction (the write ran behind a savepoint): the page comes back with the input and
//! every message, and the câmara saw exactly two tenant transactions — the admin guard's
//! session check and the handler's — where a reopened read transaction made three.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestResponse, host_of, multipart};
use uuid::Uuid;

async fn id(env: &TestEnv, t: &store::infra::catalog::Tenant, sql: &'static str) -> Uuid {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    sqlx::query_scalar(sql).fetch_one(tx.conn()).await.unwrap()
}

/// The address, the fields posted, and what must come back.
type Caso<'a> = (String, Vec<(&'a str, &'a str)>, Recusa<'a>);

/// What one refused form must come back with.
struct Recusa<'a> {
    caso: &'a str,
    status: StatusCode,
    mensagens: &'a [&'a str],
    entrada: &'a [&'a str],
}

fn conferir(r: &TestResponse, esperado: &Recusa, antes: u64, depois: u64) {
    let caso = esperado.caso;
    assert_eq!(r.status, esperado.status, "{caso}: {}", r.body);
    for m in esperado.mensagens {
        assert!(
            r.body.contains(m),
            "{caso}: message {m:?} missing: {}",
            r.body
        );
    }
    for v in esperado.entrada {
        // A date comes back in its native input as aaaa-mm-dd.
        let campo = format!("value=\"{}\"", web::kit::formato::campo_data(v));
        assert!(
            r.body.contains(&campo) || r.body.contains(&format!(">{v}</textarea>")),
            "{caso}: input {v:?} not kept: {}",
            r.body
        );
    }
    assert_eq!(
        depois - antes,
        2,
        "{caso}: tenant transactions opened (the guard's and the handler's only)"
    );
}

#[tokio::test]
async fn every_refused_composition_form_comes_back_from_the_same_transaction() {
    let env = TestEnv::new().await;
    let t = env.camara("reapresenta", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let tok = app.csrf(&host, &cookie).await;
    let ok = async |path: &str, pares: &[(&str, &str)]| {
        let mut com = vec![("_csrf", tok.as_str())];
        com.extend_from_slice(pares);
        let r = app.post_as(&host, path, &cookie, &com).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
        r.location
    };

    // The composition the refusals run into.
    let leg = ok(
        "/admin/legislaturas",
        &[
            ("numero", "20"),
            ("inicio", "01/01/2025"),
            ("fim", "31/12/2028"),
        ],
    )
    .await;
    let leg_b = ok(
        "/admin/legislaturas",
        &[
            ("numero", "19"),
            ("inicio", "01/01/2021"),
            ("fim", "31/12/2024"),
        ],
    )
    .await;
    let leg_id = leg.rsplit('/').next().unwrap().to_owned();
    ok(
        &format!("{leg}/sessoes"),
        &[
            ("numero", "1"),
            ("inicio", "01/02/2025"),
            ("fim", "22/12/2025"),
        ],
    )
    .await;
    ok(
        "/admin/partidos",
        &[
            ("sigla", "PCA"),
            ("nome", "Partido da Câmara"),
            ("numero", ""),
        ],
    )
    .await;
    ok(
        "/admin/partidos",
        &[("sigla", "PCB"), ("nome", "Partido B"), ("numero", "")],
    )
    .await;
    let mut parlamentares = Vec::new();
    for (nome, civil) in [
        ("Joana da Saúde", "Joana Maria da Silva"),
        ("Pedro Alves", "Pedro Alves Lima"),
    ] {
        let (ct, body) = multipart(&[("nome_parlamentar", nome), ("nome_civil", civil)], &[]);
        let r = app
            .post_multipart_as(
                &host,
                &format!("/admin/parlamentares?_csrf={tok}"),
                &cookie,
                (ct, body),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        parlamentares.push(r.location.split('?').next().unwrap().to_owned());
    }
    let (joana, pedro) = (parlamentares[0].clone(), parlamentares[1].clone());
    ok(
        &format!("{joana}/mandatos"),
        &[
            ("legislatura", &leg_id),
            ("tipo", "titular"),
            ("votos", "1.000"),
            ("inicio", "01/01/2025"),
            ("fim", "31/12/2028"),
        ],
    )
    .await;
    let pca = id(&env, &t, "SELECT id FROM app.partido WHERE sigla = 'PCA'").await;
    let pcb = id(&env, &t, "SELECT id FROM app.partido WHERE sigla = 'PCB'").await;
    ok(
        &format!("{joana}/filiacoes"),
        &[
            ("partido", &pca.to_string()),
            ("inicio", "01/03/2020"),
            ("fim", ""),
        ],
    )
    .await;
    ok(
        &format!("{joana}/redes"),
        &[
            ("rede", "instagram"),
            ("url", "https://instagram.com/joanadasaude"),
        ],
    )
    .await;
    let mandato = id(&env, &t, "SELECT id FROM app.mandato").await;
    ok(
        &format!("/admin/mandatos/{mandato}/afastamentos"),
        &[
            ("tipo", "licenca_saude"),
            ("inicio", "01/03/2025"),
            ("fim", "31/03/2025"),
            ("suplente", ""),
            ("observacao", ""),
        ],
    )
    .await;
    let afastamento = id(&env, &t, "SELECT id FROM app.afastamento").await;
    let sessao = id(&env, &t, "SELECT id FROM app.sessao_legislativa").await;
    let filiacao = id(&env, &t, "SELECT id FROM app.filiacao").await;

    let pcb_id = pcb.to_string();
    let (c422, c409) = (StatusCode::UNPROCESSABLE_ENTITY, StatusCode::CONFLICT);
    let casos: Vec<Caso> = vec![
        (
            "/admin/legislaturas".into(),
            vec![("numero", "x"), ("inicio", "31/02/2025"), ("fim", "")],
            Recusa {
                caso: "legislatura com três campos errados (validada antes do banco)",
                status: c422,
                mensagens: &[
                    "Informe o número (inteiro positivo).",
                    "Use o formato dd/mm/aaaa.",
                    "Informe a data (dd/mm/aaaa).",
                ],
                entrada: &["x", "31/02/2025"],
            },
        ),
        (
            "/admin/legislaturas".into(),
            vec![
                ("numero", "21"),
                ("inicio", "01/06/2028"),
                ("fim", "31/12/2032"),
            ],
            Recusa {
                caso: "legislatura sobreposta (criar)",
                status: c422,
                mensagens: &["O período se sobrepõe ao de outra legislatura."],
                entrada: &["21", "01/06/2028", "31/12/2032"],
            },
        ),
        (
            leg_b.clone(),
            vec![
                ("numero", "19"),
                ("inicio", "01/01/2021"),
                ("fim", "30/06/2026"),
            ],
            Recusa {
                caso: "legislatura sobreposta (editar)",
                status: c422,
                mensagens: &["O período se sobrepõe ao de outra legislatura."],
                entrada: &["30/06/2026"],
            },
        ),
        (
            format!("{leg}/sessoes"),
            vec![
                ("numero", "2"),
                ("inicio", "01/02/2029"),
                ("fim", "22/12/2029"),
            ],
            Recusa {
                caso: "sessão legislativa fora da legislatura (criar)",
                status: c422,
                mensagens: &["A sessão legislativa deve estar dentro do período da legislatura."],
                entrada: &["01/02/2029", "22/12/2029"],
            },
        ),
        (
            format!("/admin/sessoes-legislativas/{sessao}"),
            vec![
                ("numero", "1"),
                ("inicio", "01/02/2025"),
                ("fim", "22/12/2030"),
            ],
            Recusa {
                caso: "sessão legislativa fora da legislatura (editar)",
                status: c422,
                mensagens: &["A sessão legislativa deve estar dentro do período da legislatura."],
                entrada: &["22/12/2030"],
            },
        ),
        (
            "/admin/partidos".into(),
            vec![("sigla", "PCA"), ("nome", "Outro Partido"), ("numero", "")],
            Recusa {
                caso: "sigla repetida (criar)",
                status: c422,
                mensagens: &["Já existe um partido com essa sigla."],
                entrada: &["Outro Partido"],
            },
        ),
        (
            format!("/admin/partidos/{pcb}"),
            vec![
                ("sigla", "PCA"),
                ("nome", "Partido B Renomeado"),
                ("numero", ""),
            ],
            Recusa {
                caso: "sigla repetida (editar)",
                status: c422,
                mensagens: &["Já existe um partido com essa sigla."],
                entrada: &["Partido B Renomeado"],
            },
        ),
        (
            format!("{joana}/mandatos"),
            vec![
                ("legislatura", &leg_id),
                ("tipo", "titular"),
                ("votos", "4.321"),
                ("inicio", "01/01/2025"),
                ("fim", "31/12/2028"),
            ],
            Recusa {
                caso: "mandato sobreposto",
                status: c422,
                mensagens: &["O parlamentar já tem um mandato que se sobrepõe a este período."],
                entrada: &["4.321"],
            },
        ),
        (
            format!("/admin/mandatos/{mandato}"),
            vec![
                ("legislatura", &leg_id),
                ("tipo", "titular"),
                ("votos", "9.876"),
                ("inicio", "01/01/2024"),
                ("fim", "31/12/2028"),
            ],
            Recusa {
                caso: "mandato fora da legislatura (editar)",
                status: c422,
                mensagens: &["O mandato deve estar dentro do período da legislatura."],
                entrada: &["9.876", "01/01/2024"],
            },
        ),
        (
            format!("/admin/mandatos/{mandato}/encerrar"),
            vec![("fim", "01/01/2030")],
            Recusa {
                caso: "encerramento fora do mandato",
                status: c422,
                mensagens: &[
                    "A data de encerramento deve estar entre o início e o fim do mandato.",
                ],
                entrada: &["01/01/2030"],
            },
        ),
        (
            format!("/admin/mandatos/{mandato}/afastamentos"),
            vec![
                ("tipo", "licenca_saude"),
                ("inicio", "01/01/2030"),
                ("fim", ""),
                ("suplente", ""),
                ("observacao", "Pedido recusado"),
            ],
            Recusa {
                caso: "afastamento fora do mandato (criar)",
                status: c422,
                mensagens: &["O afastamento deve estar dentro do período do mandato."],
                entrada: &["01/01/2030", "Pedido recusado"],
            },
        ),
        (
            format!("/admin/afastamentos/{afastamento}"),
            vec![
                ("tipo", "licenca_saude"),
                ("inicio", "01/01/2024"),
                ("fim", "31/01/2024"),
                ("suplente", ""),
                ("observacao", "Edição recusada"),
            ],
            Recusa {
                caso: "afastamento fora do mandato (editar)",
                status: c422,
                mensagens: &["O afastamento deve estar dentro do período do mandato."],
                entrada: &["01/01/2024", "Edição recusada"],
            },
        ),
        (
            format!("{joana}/filiacoes"),
            vec![("partido", &pcb_id), ("inicio", "01/01/2022"), ("fim", "")],
            Recusa {
                caso: "filiação sobreposta",
                status: c422,
                mensagens: &[
                    "O parlamentar já tem uma filiação partidária nesse período; encerre-a antes.",
                ],
                entrada: &["01/01/2022"],
            },
        ),
        (
            format!("/admin/filiacoes/{filiacao}/encerrar"),
            vec![("fim", "01/01/2019")],
            Recusa {
                caso: "desfiliação antes da filiação",
                status: c422,
                mensagens: &[
                    "Desfiliação do PCA",
                    "A data de desfiliação deve ser posterior à de filiação.",
                ],
                entrada: &[],
            },
        ),
        (
            format!("{joana}/redes"),
            vec![
                ("rede", "instagram"),
                ("url", "https://instagram.com/joanadasaude"),
            ],
            Recusa {
                caso: "rede repetida",
                status: c422,
                mensagens: &["Este endereço já está entre as redes do parlamentar."],
                entrada: &[],
            },
        ),
        (
            format!("{joana}/redes"),
            vec![("rede", "instagram"), ("url", "http://inseguro.example")],
            Recusa {
                caso: "rede sem https",
                status: c422,
                mensagens: &["O endereço deve começar com https://"],
                entrada: &["http://inseguro.example"],
            },
        ),
        (
            format!("/admin/partidos/{pca}/excluir"),
            vec![],
            Recusa {
                caso: "partido com filiações (excluir)",
                status: c409,
                mensagens: &[
                    "O partido tem 1 filiação(ões) registrada(s) e não pode ser excluído.",
                ],
                entrada: &[],
            },
        ),
        (
            format!("{leg}/excluir"),
            vec![],
            Recusa {
                caso: "legislatura com mandatos (excluir)",
                status: c409,
                mensagens: &["A legislatura tem 1 mandato(s) e não pode ser excluída."],
                entrada: &[],
            },
        ),
    ];
    for (path, mut pares, esperado) in casos {
        pares.insert(0, ("_csrf", tok.as_str()));
        let antes = env.store.aberturas(t.id);
        let r = app.post_as(&host, &path, &cookie, &pares).await;
        let depois = env.store.aberturas(t.id);
        conferir(&r, &esperado, antes, depois);
    }

    // The parlamentar's own form (multipart): every message at once, the input kept.
    let (ct, body) = multipart(
        &[
            ("nome_parlamentar", "Pedro Editado"),
            ("nome_civil", "Pedro Alves Lima"),
            ("email", "nao-e-email"),
            ("telefone", "123"),
        ],
        &[],
    );
    let antes = env.store.aberturas(t.id);
    let r = app
        .post_multipart_as(&host, &format!("{pedro}?_csrf={tok}"), &cookie, (ct, body))
        .await;
    let depois = env.store.aberturas(t.id);
    conferir(
        &r,
        &Recusa {
            caso: "parlamentar com e-mail e telefone inválidos",
            status: c422,
            mensagens: &[
                "E-mail inválido.",
                "Telefone inválido. Use o formato (81) 3429-0000.",
            ],
            entrada: &["Pedro Editado", "nao-e-email", "123"],
        },
        antes,
        depois,
    );

    // Nothing refused was kept.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let contagem: (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM app.legislatura), (SELECT count(*) FROM app.sessao_legislativa),
                (SELECT count(*) FROM app.partido), (SELECT count(*) FROM app.afastamento),
                (SELECT count(*) FROM app.parlamentar_rede)",
    )
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(contagem, (2, 1, 2, 1, 1));
}
