//! Database rules of perfil: afastamentos, delete rules, photos, CPF, the admin list.

use store::auditoria::Autor;
use store::composicao::{
    self as parl, DadosAfastamento, DadosMandato, DadosParlamentar, FiltroParlamentares,
    NovoParlamentar,
};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::Date;
use time::macros::date;
use uuid::Uuid;

struct Base {
    leg: Uuid,
    partido: Uuid,
    joana: Uuid,
    mandato: Uuid,
    suplente: Uuid,
}

async fn base(env: &TestEnv, t: &store::infra::catalog::Tenant) -> Base {
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let leg = parl::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let partido = parl::criar_partido(&mut tx, &a, "PCA", "Partido da Câmara", Some(77))
        .await
        .unwrap();
    let (joana, _) = parl::criar_parlamentar(
        &mut tx,
        &a,
        &NovoParlamentar {
            nome_civil: "Joana Maria da Silva".into(),
            nome_parlamentar: "Joana da Saúde".into(),
            cpf: Some("529.982.247-25".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (suplente, _) = parl::criar_parlamentar(
        &mut tx,
        &a,
        &NovoParlamentar {
            nome_civil: "Pedro Suplente Souza".into(),
            nome_parlamentar: "Pedro Suplente".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mandato = parl::criar_mandato(
        &mut tx,
        &a,
        joana,
        leg.id,
        true,
        Some(2100),
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    parl::filiar(&mut tx, &a, joana, partido, date!(2020 - 01 - 01), None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Base {
        leg: leg.id,
        partido,
        joana,
        mandato,
        suplente,
    }
}

fn afast(inicio: Date, fim: Option<Date>, suplente: Option<Uuid>) -> DadosAfastamento {
    DadosAfastamento {
        tipo: "licenca_saude".into(),
        inicio,
        fim,
        suplente,
        observacao: String::new(),
    }
}

#[tokio::test]
async fn afastamentos_never_overlap_and_stay_inside_the_mandato() {
    let env = TestEnv::new().await;
    let t = env.camara("afast", "pool").await;
    let b = base(&env, &t).await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    parl::criar_afastamento(
        &mut tx,
        &a,
        b.mandato,
        &afast(
            date!(2025 - 03 - 01),
            Some(date!(2025 - 06 - 30)),
            Some(b.suplente),
        ),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let tenta = async |d: DadosAfastamento| {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        parl::criar_afastamento(&mut tx, &a, b.mandato, &d)
            .await
            .unwrap_err()
    };
    let e = tenta(afast(date!(2025 - 06 - 01), None, None)).await;
    assert!(matches!(e, Error::Conflict(_)), "{e}");
    assert!(
        e.to_string()
            .contains("já tem um afastamento nesse período"),
        "{e}"
    );
    let e = tenta(afast(
        date!(2028 - 12 - 01),
        Some(date!(2029 - 02 - 01)),
        None,
    ))
    .await;
    assert!(
        e.to_string().contains("dentro do período do mandato"),
        "{e}"
    );
    let e = tenta(afast(
        date!(2024 - 12 - 01),
        Some(date!(2025 - 01 - 10)),
        None,
    ))
    .await;
    assert!(
        e.to_string().contains("dentro do período do mandato"),
        "{e}"
    );
    let e = tenta(afast(date!(2026 - 01 - 01), None, Some(b.joana))).await;
    assert!(
        e.to_string().contains("próprio parlamentar afastado"),
        "{e}"
    );
    let e = tenta(afast(
        date!(2026 - 05 - 01),
        Some(date!(2026 - 04 - 01)),
        None,
    ))
    .await;
    assert!(
        matches!(e, Error::Validation(ref v) if v.field == "fim"),
        "{e}"
    );
    let e = tenta(DadosAfastamento {
        tipo: "ferias".into(),
        ..afast(date!(2026 - 01 - 01), None, None)
    })
    .await;
    assert!(e.to_string().contains("tipo de afastamento"), "{e}");

    // The database itself refuses what the store checks (bypassing it).
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let e = sqlx::query(
        "INSERT INTO app.afastamento (tenant_id, id, mandato_id, tipo, inicio, fim) VALUES ($1, $2, $3, 'outro', '2025-05-01', '2025-05-02')",
    )
    .bind(t.id)
    .bind(Uuid::now_v7())
    .bind(b.mandato)
    .execute(tx.conn())
    .await
    .unwrap_err();
    assert_eq!(Error::from(e).constraint(), Some("afastamento_sobreposto"));
    drop(tx);

    // An open afastamento after it, then the mandato cannot shrink past it.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    parl::criar_afastamento(
        &mut tx,
        &a,
        b.mandato,
        &afast(date!(2027 - 01 - 01), None, None),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let e = parl::encerrar_mandato(&mut tx, &a, b.mandato, date!(2026 - 06 - 30))
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("afastamentos fora do novo período"),
        "{e}"
    );
    drop(tx);
    // Listed with the mandato, the suplente named.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let ms = parl::mandatos_de(&mut tx, b.joana).await.unwrap();
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].afastamentos.len(), 2);
    assert_eq!(
        ms[0].afastamentos[0].suplente_nome.as_deref(),
        Some("Pedro Suplente")
    );
    assert_eq!(ms[0].afastamentos[1].fim, None);
}

#[tokio::test]
async fn deletion_rules_for_parlamentares_legislaturas_and_partidos() {
    let env = TestEnv::new().await;
    let t = env.camara("excluir", "pool").await;
    let b = base(&env, &t).await;
    let a = Autor::cli("t");

    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let e = parl::excluir_parlamentar(&mut tx, &a, b.joana)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("desative-o"), "{e}");
    let e = parl::excluir_legislatura(&mut tx, &a, b.leg)
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("mandato(s) e não pode ser excluída"),
        "{e}"
    );
    let e = parl::excluir_partido(&mut tx, &a, b.partido)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("filiação(ões)"), "{e}");
    // Deactivated instead: out of the public list.
    parl::definir_ativo_parlamentar(&mut tx, &a, b.joana, false)
        .await
        .unwrap();
    let publicos =
        parl::da_legislatura_filtrada(&mut tx, b.leg, date!(2026 - 01 - 01), None, None, 50)
            .await
            .unwrap();
    assert!(publicos.is_empty());
    // Without mandatos: deleted, with its redes.
    parl::adicionar_rede(&mut tx, &a, b.suplente, "site", "https://pedro.example")
        .await
        .unwrap();
    parl::excluir_parlamentar(&mut tx, &a, b.suplente)
        .await
        .unwrap();
    assert!(
        parl::parlamentar_admin(&mut tx, b.suplente)
            .await
            .unwrap()
            .is_none()
    );
    // An empty legislatura goes with its sessões legislativas; an unused partido goes.
    let l2 = parl::criar_legislatura(
        &mut tx,
        &a,
        21,
        date!(2029 - 01 - 01),
        date!(2032 - 12 - 31),
    )
    .await
    .unwrap();
    let s = parl::criar_sessao_legislativa(
        &mut tx,
        &a,
        l2.id,
        1,
        date!(2029 - 02 - 01),
        date!(2029 - 12 - 22),
    )
    .await
    .unwrap();
    let s = parl::editar_sessao_legislativa(
        &mut tx,
        &a,
        s.id,
        1,
        date!(2029 - 02 - 02),
        date!(2029 - 12 - 20),
    )
    .await
    .unwrap();
    assert_eq!(s.inicio, date!(2029 - 02 - 02));
    let e = parl::editar_legislatura(
        &mut tx,
        &a,
        l2.id,
        21,
        date!(2029 - 03 - 01),
        date!(2032 - 12 - 31),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("sessões legislativas fora"), "{e}");
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    parl::excluir_legislatura(&mut tx, &a, l2.id).await.unwrap();
    assert!(
        parl::sessao_legislativa(&mut tx, s.id)
            .await
            .unwrap()
            .is_none()
    );
    let novo = parl::criar_partido(&mut tx, &a, "PNV", "Partido Novo", None)
        .await
        .unwrap();
    parl::editar_partido(&mut tx, &a, novo, "PNV2", "Partido Novo Dois", Some(12))
        .await
        .unwrap();
    assert_eq!(
        parl::partido(&mut tx, novo).await.unwrap().unwrap().sigla,
        "PNV2"
    );
    parl::excluir_partido(&mut tx, &a, novo).await.unwrap();
    // Filiação: encerrar with a date, then a new one may start.
    let f = parl::filiacoes_de(&mut tx, b.joana).await.unwrap();
    let e = tx
        .tentar(async |tx| parl::encerrar_filiacao(tx, &a, f[0].id, date!(2019 - 01 - 01)).await)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("posterior à de filiação"), "{e}");
    parl::encerrar_filiacao(&mut tx, &a, f[0].id, date!(2026 - 03 - 01))
        .await
        .unwrap();
    let outro = parl::criar_partido(&mut tx, &a, "PAZ", "Partido da Paz", None)
        .await
        .unwrap();
    parl::filiar(&mut tx, &a, b.joana, outro, date!(2026 - 03 - 01), None)
        .await
        .unwrap();
    let f = parl::filiacoes_de(&mut tx, b.joana).await.unwrap();
    assert_eq!(
        f.iter()
            .map(|f| (f.sigla.as_str(), f.fim))
            .collect::<Vec<_>>(),
        vec![("PAZ", None), ("PCA", Some(date!(2026 - 03 - 01)))]
    );
    // A mandato edited out of its legislatura is refused; inside it, saved.
    let e = parl::editar_mandato(
        &mut tx,
        &a,
        b.mandato,
        &DadosMandato {
            legislatura: b.leg,
            titular: false,
            votos: Some(10),
            inicio: date!(2024 - 01 - 01),
            fim: date!(2028 - 12 - 31),
        },
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("dentro do período da legislatura"),
        "{e}"
    );
    tx.commit().await.unwrap();
    // Every write above is in the audit log, and never with the CPF.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let dump: String = sqlx::query_scalar(
        "SELECT string_agg(coalesce(antes::text, '') || coalesce(depois::text, ''), ' ') FROM app.auditoria WHERE tenant_id = $1",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert!(!dump.contains("52998224725"), "CPF in the audit log");
    let acoes: Vec<String> = sqlx::query_scalar(
        "SELECT entidade || ':' || acao FROM app.auditoria WHERE tenant_id = $1",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    for esperado in [
        "parlamentar:desativar",
        "parlamentar:excluir",
        "legislatura:excluir",
        "partido:excluir",
        "filiacao:encerrar",
        "sessao_legislativa:editar",
    ] {
        assert!(acoes.iter().any(|a| a == esperado), "{esperado}: {acoes:?}");
    }
}

#[tokio::test]
async fn cpf_is_checked_by_its_digits_and_only_masked_in_the_admin() {
    // The digit rules themselves: domain::documentos's unit tests.
    let env = TestEnv::new().await;
    let t = env.camara("cpf", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let ruim = DadosParlamentar {
        nome_civil: "Maria".into(),
        nome_parlamentar: "M".into(),
        email: "não é e-mail".into(),
        cpf: Some("123.456.789-00".into()),
        gabinete_telefone: "12".into(),
        ..Default::default()
    };
    let erros = ruim.validar().unwrap_err();
    let campos: Vec<&str> = erros.iter().map(|e| e.field).collect();
    // The nome parlamentar's length is the table's check (it comes back when written).
    assert_eq!(
        campos,
        vec!["email", "gabinete_telefone", "cpf"],
        "{erros:?}"
    );
    let e = parl::criar_parlamentar_dados(&mut tx, &a, &ruim)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(_)));
    let (id, slug) = parl::criar_parlamentar_dados(
        &mut tx,
        &a,
        &DadosParlamentar {
            nome_civil: "Maria das Dores".into(),
            nome_parlamentar: "Dra. Maria".into(),
            cpf: Some("123.456.789-09".into()),
            gabinete_sala: "Sala 4".into(),
            gabinete_telefone: "(81) 3429-0004".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(slug, "dra-maria");
    // Editing without a CPF keeps it; Some("") removes it.
    let mut d = DadosParlamentar {
        nome_civil: "Maria das Dores".into(),
        nome_parlamentar: "Dra. Maria".into(),
        ..Default::default()
    };
    parl::editar_parlamentar(&mut tx, &a, id, &d).await.unwrap();
    let p = parl::parlamentar_admin(&mut tx, id).await.unwrap().unwrap();
    assert_eq!(p.cpf.as_deref(), Some("12345678909"));
    assert_eq!(p.gabinete_sala, "");
    d.cpf = Some(String::new());
    parl::editar_parlamentar(&mut tx, &a, id, &d).await.unwrap();
    assert_eq!(
        parl::parlamentar_admin(&mut tx, id)
            .await
            .unwrap()
            .unwrap()
            .cpf,
        None
    );
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[tokio::test]
async fn photos_are_resized_to_600_px_jpeg_and_logos_to_png() {
    let jpeg = parl::processar_foto(&png(1200, 900)).unwrap();
    assert_eq!(
        image::guess_format(&jpeg).unwrap(),
        image::ImageFormat::Jpeg
    );
    let d = image::load_from_memory(&jpeg).unwrap();
    assert_eq!((d.width(), d.height()), (600, 450));
    let pequena = parl::processar_foto(&png(200, 300)).unwrap();
    let d = image::load_from_memory(&pequena).unwrap();
    assert_eq!((d.width(), d.height()), (200, 300), "never enlarged");
    let e = parl::processar_foto(b"GIF89a nada").unwrap_err();
    assert_eq!(e.field, "foto");
    let e = parl::processar_foto(&vec![0u8; 5 * 1024 * 1024 + 1]).unwrap_err();
    assert!(e.message.contains("no máximo 5 MB"), "{e}");
    let logo = store::infra::arquivos::processar_imagem(&png(800, 800), &parl::LOGO).unwrap();
    assert_eq!(image::guess_format(&logo).unwrap(), image::ImageFormat::Png);
    assert_eq!(image::load_from_memory(&logo).unwrap().width(), 400);

    let env = TestEnv::new().await;
    let t = env.camara("foto", "pool").await;
    let b = base(&env, &t).await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let key = parl::definir_foto(&mut tx, &a, env.store.arquivos(), b.joana, jpeg.clone())
        .await
        .unwrap();
    assert!(
        key.starts_with(&format!("camaras/{}/parlamentares/", t.id)),
        "{key}"
    );
    assert_eq!(
        parl::foto_key_por_slug(&mut tx, "joana-da-saude")
            .await
            .unwrap(),
        Some(key.clone())
    );
    let p = parl::por_slug(
        &mut tx,
        "joana-da-saude",
        Some(b.leg),
        date!(2026 - 01 - 01),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(p.foto, Some(parl::foto_url("joana-da-saude", &key)));
    assert!(
        p.foto
            .as_deref()
            .unwrap()
            .starts_with("/parlamentares/joana-da-saude/foto.jpg?v=")
    );
    parl::remover_foto(&mut tx, &a, b.joana).await.unwrap();
    assert_eq!(
        parl::foto_key_por_slug(&mut tx, "joana-da-saude")
            .await
            .unwrap(),
        None
    );
    let lk = parl::definir_logo_partido(&mut tx, &a, env.store.arquivos(), b.partido, logo)
        .await
        .unwrap();
    let pa = parl::partido(&mut tx, b.partido).await.unwrap().unwrap();
    assert!(
        pa.logo
            .unwrap()
            .starts_with(&format!("/partidos/{}/logo.png?v=", b.partido))
    );
    assert_eq!(parl::logo_key(&mut tx, b.partido).await.unwrap(), Some(lk));
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_admin_list_searches_filters_and_pages() {
    let env = TestEnv::new().await;
    let t = env.camara("listaadm", "pool").await;
    let b = base(&env, &t).await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    for i in 0..5 {
        parl::criar_parlamentar(
            &mut tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("Ex-vereador Número {i}"),
                nome_parlamentar: format!("Antigo {i}"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    parl::definir_ativo_parlamentar(&mut tx, &a, b.suplente, false)
        .await
        .unwrap();
    let hoje = date!(2026 - 01 - 01);
    let (todos, total) = parl::listar_admin(&mut tx, &FiltroParlamentares::default(), hoje, 3, 0)
        .await
        .unwrap();
    assert_eq!((todos.len(), total), (3, 7));
    let (pagina3, _) = parl::listar_admin(&mut tx, &FiltroParlamentares::default(), hoje, 3, 6)
        .await
        .unwrap();
    assert_eq!(pagina3.len(), 1);
    let busca = FiltroParlamentares {
        busca: Some("SAUDE".into()),
        ..Default::default()
    };
    let (achados, n) = parl::listar_admin(&mut tx, &busca, hoje, 20, 0)
        .await
        .unwrap();
    assert_eq!((n, achados[0].partido.as_deref()), (1, Some("PCA")));
    let leg = FiltroParlamentares {
        legislatura: Some(b.leg),
        ..Default::default()
    };
    assert_eq!(
        parl::listar_admin(&mut tx, &leg, hoje, 20, 0)
            .await
            .unwrap()
            .1,
        1
    );
    let inativos = FiltroParlamentares {
        ativo: Some(false),
        ..Default::default()
    };
    let (l, n) = parl::listar_admin(&mut tx, &inativos, hoje, 20, 0)
        .await
        .unwrap();
    assert_eq!((n, l[0].nome_parlamentar.as_str()), (1, "Pedro Suplente"));
}

#[tokio::test]
async fn redes_and_gabinete_are_checked_by_the_database_too() {
    let env = TestEnv::new().await;
    let t = env.camara("redes", "pool").await;
    let b = base(&env, &t).await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    parl::adicionar_rede(
        &mut tx,
        &a,
        b.joana,
        "instagram",
        "https://instagram.com/joana",
    )
    .await
    .unwrap();
    parl::adicionar_rede(
        &mut tx,
        &a,
        b.joana,
        "youtube",
        "https://youtube.com/@joana",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let e = parl::adicionar_rede(&mut tx, &a, b.joana, "outra", "https://instagram.com/joana")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("já está entre as redes"), "{e}");
    drop(tx);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    for (rede, url, campo) in [
        ("orkut", "https://orkut.example", "rede"),
        ("site", "http://joana.example", "url"),
        ("site", "https://joana example", "url"),
    ] {
        let e = tx
            .tentar(async |tx| parl::adicionar_rede(tx, &a, b.joana, rede, url).await)
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Validation(ref v) if v.field == campo),
            "{rede} {url}: {e}"
        );
    }
    let redes = parl::redes(&mut tx, b.joana).await.unwrap();
    assert_eq!(
        redes.iter().map(|r| r.label()).collect::<Vec<_>>(),
        vec!["Instagram", "YouTube"]
    );
    parl::definir_gabinete(&mut tx, &a, b.joana, "Sala 2", "(81) 3429-0002")
        .await
        .unwrap();
    let e = parl::definir_gabinete(&mut tx, &a, b.joana, "Sala 2", "ramal 2")
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("Telefone do gabinete inválido"),
        "{e}"
    );
    tx.commit().await.unwrap();
    // Bypassing the store: the checks of the table refuse it.
    for (sql, constraint) in [
        (
            "UPDATE app.parlamentar SET gabinete_telefone = 'ramal' WHERE tenant_id = $1",
            "parlamentar_gabinete_telefone_check",
        ),
        (
            "UPDATE app.parlamentar SET foto_key = '../etc/passwd' WHERE tenant_id = $1",
            "parlamentar_foto_key_check",
        ),
        (
            "UPDATE app.parlamentar_rede SET url = 'javascript:alert(1)' WHERE tenant_id = $1",
            "parlamentar_rede_url_check",
        ),
        (
            "UPDATE app.afastamento SET tipo = 'ferias' WHERE tenant_id = $1",
            "afastamento_tipo_check",
        ),
    ] {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        if sql.contains("afastamento") {
            parl::criar_afastamento(
                &mut tx,
                &a,
                b.mandato,
                &afast(date!(2025 - 02 - 01), None, None),
            )
            .await
            .unwrap();
        }
        let e = sqlx::query(sql)
            .bind(t.id)
            .execute(tx.conn())
            .await
            .unwrap_err();
        assert_eq!(Error::from(e).constraint(), Some(constraint), "{sql}");
    }
}
