//! Backup and restore of one câmara, and dumps without secrets (issue #14, items 3 and 9).

use std::collections::BTreeSet;

use domain::PlacementTarget;
use store::Error;
use store::infra::catalog;
use store::plataforma::backup::cifra::Chave;
use store::plataforma::backup::destino::{Destino, Retencao};
use store::plataforma::backup::drill::{comparavel, diferencas};
use store::plataforma::backup::formato::{self, Manifesto};
use store::plataforma::backup::registro::{self, Tentativa};
use store::plataforma::backup::{self, Restauracao, segredos};
use testkit::TestEnv;
use testkit::fixtures::populate;

fn chave() -> Chave {
    Chave::de_hex(&"0123456789abcdef".repeat(4)).unwrap()
}

fn restauracao(novo: &str, placement: &str, chave: Option<Chave>) -> Restauracao {
    Restauracao {
        novo_slug: Some(novo.to_owned()),
        placement: PlacementTarget::parse(placement).unwrap(),
        base_domain: testkit::BASE_DOMAIN.into(),
        actor: "test".into(),
        suspensa: false,
        chave,
    }
}

async fn app_tables(env: &TestEnv) -> Vec<String> {
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::pool("main"))
        .await
        .unwrap();
    let mut t = store::infra::moves::app_tables(&mut conn).await.unwrap();
    t.sort();
    t
}

/// A real uploaded file (the brasão), as the portal serves it; returns its key.
async fn com_brasao(env: &TestEnv, t: &store::infra::catalog::Tenant) -> String {
    let key = env
        .store
        .arquivos()
        .guardar(
            t.id,
            "brasao",
            "png",
            format!("imagem de {}", t.slug).into_bytes(),
        )
        .await
        .unwrap();
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::of(&t.placement))
        .await
        .unwrap();
    sqlx::query("UPDATE app.camara_config SET brasao_key = $2 WHERE tenant_id = $1")
        .bind(t.id)
        .bind(&key)
        .execute(&mut conn)
        .await
        .unwrap();
    key
}

#[tokio::test]
async fn every_secret_looking_column_is_classified() {
    let env = TestEnv::new().await;
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::pool("main"))
        .await
        .unwrap();
    let suspeitas: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.relname::text, a.attname::text FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid
          WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
            AND a.attnum > 0 AND NOT a.attisdropped AND a.attname ~ $1
          ORDER BY 1, 2",
    )
    .bind(segredos::PARECE_SEGREDO)
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(suspeitas.len() >= 10, "{suspeitas:?}");
    let faltam: Vec<_> = suspeitas
        .iter()
        .filter(|(t, c)| {
            !segredos::COLUNAS.iter().any(|(x, y, _)| x == t && y == c)
                && !segredos::NAO_SAO_SEGREDO
                    .iter()
                    .any(|(x, y)| x == t && y == c)
        })
        .collect();
    assert!(
        faltam.is_empty(),
        "colunas que parecem segredo sem tratamento em segredos::COLUNAS: {faltam:?}"
    );
    // And every listed one exists (a rename must update the list).
    for (t, c, _) in segredos::COLUNAS {
        assert!(
            suspeitas.iter().any(|(x, y)| x == t && y == c),
            "{t}.{c} não existe"
        );
    }
}

#[tokio::test]
async fn export_omits_credentials_and_masks_cpfs_unless_asked() {
    let env = TestEnv::new().await;
    let t = env.camara("bk-exp", "pool").await;
    populate(&env.store, &t).await;
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::pool("main"))
        .await
        .unwrap();
    sqlx::query("UPDATE app.parlamentar SET cpf = '52998224725' WHERE tenant_id = $1")
        .bind(t.id)
        .execute(&mut conn)
        .await
        .unwrap();
    let segredos_plantados: Vec<String> = sqlx::query_scalar(
        "SELECT senha_hash FROM app.usuario WHERE tenant_id = $1
         UNION ALL SELECT totp_segredo FROM app.usuario WHERE tenant_id = $1 AND totp_segredo IS NOT NULL
         UNION ALL SELECT csrf FROM app.sessao WHERE tenant_id = $1
         UNION ALL SELECT cancelar_token FROM app.acompanhamento WHERE tenant_id = $1",
    )
    .bind(t.id)
    .fetch_all(&mut conn)
    .await
    .unwrap();
    // Values long enough to be found only where they were planted.
    let segredos_plantados: Vec<String> = segredos_plantados
        .into_iter()
        .filter(|s| s.len() >= 16)
        .collect();
    assert!(segredos_plantados.len() >= 3, "{segredos_plantados:?}");

    let mut v = store::infra::moves::export(&env.store, &t).await.unwrap();
    let completo = v.to_string();
    for s in &segredos_plantados {
        assert!(
            completo.contains(s.as_str()),
            "a exportação completa tem {s}"
        );
    }
    assert!(completo.contains("52998224725"));
    segredos::aplicar(&mut v, segredos::Modo::Exportacao);
    let seguro = v.to_string();
    for s in &segredos_plantados {
        assert!(!seguro.contains(s.as_str()), "vazou {s}");
    }
    assert!(!seguro.contains("52998224725"), "CPF sem máscara");
    assert!(seguro.contains("***.982.247-**"), "CPF mascarado");
    // Hashes in bytea columns (tokens, codes) are omitted too.
    for (tabela, coluna, _) in segredos::COLUNAS {
        for linha in v[*tabela].as_array().unwrap() {
            let x = &linha[*coluna];
            assert!(
                x.is_null()
                    || x == segredos::OMITIDO
                    || x.as_str().is_some_and(|s| s.starts_with("***")),
                "{tabela}.{coluna} = {x}"
            );
        }
    }
}

#[tokio::test]
async fn the_archive_has_every_app_table_and_no_credentials() {
    let env = TestEnv::new().await;
    let t = env.camara("bk-tab", "pool").await;
    populate(&env.store, &t).await;
    let key = com_brasao(&env, &t).await;
    let b = backup::fazer(&env.store, &t, None).await.unwrap();
    let lido = formato::ler(&b.bytes).unwrap();
    let mut no_arquivo: Vec<String> = lido
        .manifesto
        .tabelas()
        .map(|(t, _)| t.to_owned())
        .collect();
    no_arquivo.sort();
    assert_eq!(no_arquivo, app_tables(&env).await, "tabelas do arquivo");
    assert_eq!(
        lido.manifesto.esquema_app,
        store::infra::migrate::Scope::App.latest()
    );
    assert_eq!(lido.manifesto.segredos, "omitidos");
    let hash: String =
        sqlx::query_scalar("SELECT senha_hash FROM app.usuario WHERE tenant_id = $1 LIMIT 1")
            .bind(t.id)
            .fetch_one(
                &mut env
                    .store
                    .admin_connect(&store::DataDb::pool("main"))
                    .await
                    .unwrap(),
            )
            .await
            .unwrap();
    for (caminho, dados) in &lido.partes {
        let texto = String::from_utf8_lossy(dados);
        assert!(!texto.contains(&hash), "{caminho} tem um hash de senha");
    }
    for tabela in segredos::TABELAS_DE_CREDENCIAIS {
        let p = lido
            .manifesto
            .tabelas()
            .find(|(x, _)| x == tabela)
            .unwrap()
            .1;
        assert_eq!(p.linhas, Some(0), "{tabela}");
    }
    // Files referenced by rows are inside (the fixture has uploads).
    let arquivos: Vec<&str> = lido.manifesto.arquivos().map(|(k, _)| k).collect();
    assert_eq!(arquivos, vec![key.as_str()]);
}

#[tokio::test]
async fn round_trip_into_the_other_placement_is_identical_but_for_catalog_ids() {
    let env = TestEnv::new().await;
    let t = env.camara("bk-ida", "pool").await;
    populate(&env.store, &t).await;
    let key = com_brasao(&env, &t).await;
    // The operator's rate limits go with the câmara.
    store::plataforma::limites::definir(&env.store, &t, Some(120), Some(0), "teste")
        .await
        .unwrap();
    let b = backup::fazer(&env.store, &t, Some(&chave())).await.unwrap();
    let novo = testkit::unique("bk-volta");
    let r = backup::restaurar(
        &env.store,
        &b.bytes,
        &restauracao(&novo, "dedicated", Some(chave())),
    )
    .await
    .unwrap();
    assert!(!r.segredos_omitidos);
    assert_eq!(
        r.tenant.placement.to_string(),
        format!("dedicated@main/plenario_{}", novo.replace('-', "_"))
    );
    let (a, c) = (
        comparavel(&env.store, &t, false).await.unwrap(),
        comparavel(&env.store, &r.tenant, false).await.unwrap(),
    );
    assert_eq!(diferencas(&c, &a), Vec::<String>::new());
    assert_eq!(a.len(), app_tables(&env).await.len());
    assert_ne!(r.tenant.id, t.id);
    assert_eq!(
        (r.tenant.limite_ip, r.tenant.limite_camara),
        (Some(120), Some(0))
    );
    // Every file is readable under the new câmara, and through its portal.
    let app = env.app();
    let r_ = app
        .get(&testkit::http::host_of(&r.tenant), "/brasao.png")
        .await;
    assert_eq!(r_.status, 200);
    assert_eq!(r_.body, format!("imagem de {}", t.slug));
    assert!(!key.is_empty());
    for (chave_antiga, parte) in formato::ler(&b.bytes).unwrap().manifesto.arquivos() {
        let nova = chave_antiga.replacen(
            &format!("camaras/{}/", t.id),
            &format!("camaras/{}/", r.tenant.id),
            1,
        );
        let dados = env
            .store
            .arquivos()
            .ler(r.tenant.id, &nova)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(formato::sha256_hex(&dados), parte.sha256);
    }

    // Without the key, the same archive restores without credentials (and says so).
    let sem = testkit::unique("bk-sem");
    let r2 = backup::restaurar(&env.store, &b.bytes, &restauracao(&sem, "pool", None))
        .await
        .unwrap();
    assert!(r2.segredos_omitidos);
    let c2 = comparavel(&env.store, &r2.tenant, true).await.unwrap();
    assert_eq!(
        diferencas(&c2, &comparavel(&env.store, &t, true).await.unwrap()),
        Vec::<String>::new()
    );
    // A wrong key is refused before anything is made.
    let outra = Chave::de_hex(&"f".repeat(64)).unwrap();
    let slug3 = testkit::unique("bk-chave");
    let e = backup::restaurar(
        &env.store,
        &b.bytes,
        &restauracao(&slug3, "pool", Some(outra)),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e}");
    assert!(
        catalog::get_by_slug(env.store.control(), &slug3)
            .await
            .is_err()
    );
}

/// Rewrites an archive's manifest (and re-signs its parts) to test refusals.
fn alterar(bytes: &[u8], f: impl FnOnce(&mut Manifesto)) -> Vec<u8> {
    let lido = formato::ler(bytes).unwrap();
    let mut m = lido.manifesto;
    f(&mut m);
    formato::escrever(&mut m, &lido.partes).unwrap()
}

#[tokio::test]
async fn restore_refuses_newer_schemas_damaged_archives_and_leaves_nothing_on_failure() {
    let env = TestEnv::new().await;
    let t = env.camara("bk-rec", "pool").await;
    populate(&env.store, &t).await;
    let b = backup::fazer(&env.store, &t, None).await.unwrap();

    let mais_novo = alterar(&b.bytes, |m| m.esquema_app += 1);
    let slug = testkit::unique("bk-novo");
    let e = backup::restaurar(&env.store, &mais_novo, &restauracao(&slug, "pool", None))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("esquema mais novo"), "{e}");

    // A byte changed inside a part: the checksum refuses it, naming the part.
    let mut lido = formato::ler(&b.bytes).unwrap();
    lido.partes
        .get_mut("tabelas/camara_config.json")
        .unwrap()
        .push(b' ');
    let e = formato::ler(&{
        // The manifest keeps the old checksums, as an altered archive would.
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut tar = tar::Builder::new(gz);
        let json = serde_json::to_vec(&lido.manifesto).unwrap();
        let mut put = |p: &str, d: &[u8]| {
            let mut h = tar::Header::new_gnu();
            h.set_size(d.len() as u64);
            h.set_cksum();
            tar.append_data(&mut h, p, d).unwrap();
        };
        put("manifesto.json", &json);
        for (p, d) in &lido.partes {
            put(p, d);
        }
        tar.into_inner().unwrap().finish().unwrap()
    })
    .err()
    .unwrap();
    assert!(e.to_string().contains("tabelas/camara_config.json"), "{e}");
    // A damaged archive (a byte flipped in the compressed stream) is refused too.
    let mut cru = b.bytes.clone();
    let meio = cru.len() / 2;
    cru[meio] ^= 0xff;
    assert!(
        backup::restaurar(&env.store, &cru, &restauracao(&slug, "pool", None))
            .await
            .is_err()
    );

    // A failure halfway (rows refused by the database) into a dedicated database: no
    // catalog row, no database left.
    let quebrado = {
        let mut lido = formato::ler(&b.bytes).unwrap();
        let p = lido.partes.get_mut("tabelas/camara_config.json").unwrap();
        let mut rows: serde_json::Value = serde_json::from_slice(p).unwrap();
        rows[0]["nome"] = serde_json::json!("X"); // violates the length check
        *p = serde_json::to_vec(&rows).unwrap();
        let mut m = lido.manifesto;
        formato::escrever(&mut m, &lido.partes).unwrap()
    };
    let e = backup::restaurar(
        &env.store,
        &quebrado,
        &restauracao(&slug, "dedicated", None),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("camara_config"), "{e}");
    assert!(
        catalog::get_by_slug(env.store.control(), &slug)
            .await
            .is_err()
    );
    let bancos: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_database WHERE datname = $1")
        .bind(format!("plenario_{}", slug.replace('-', "_")))
        .fetch_one(env.store.control())
        .await
        .unwrap();
    assert_eq!(bancos, 0, "banco da restauração falha ficou");

    // The archive's own slug is taken while the câmara lives.
    let e = backup::restaurar(
        &env.store,
        &b.bytes,
        &Restauracao {
            novo_slug: None,
            ..restauracao("x", "pool", None)
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e}");
}

#[tokio::test]
async fn an_older_schema_archive_is_restored_with_the_new_columns_defaulted() {
    let env = TestEnv::new().await;
    let t = env.camara("bk-velho", "pool").await;
    let b = backup::fazer(&env.store, &t, None).await.unwrap();
    // As an archive written before camara_config.exigir_2fa existed (app 3).
    let velho = {
        let mut lido = formato::ler(&b.bytes).unwrap();
        let p = lido.partes.get_mut("tabelas/camara_config.json").unwrap();
        let mut rows: serde_json::Value = serde_json::from_slice(p).unwrap();
        rows[0].as_object_mut().unwrap().remove("exigir_2fa");
        *p = serde_json::to_vec(&rows).unwrap();
        let mut m = lido.manifesto;
        m.esquema_app -= 1;
        for parte in &mut m.partes {
            if let Some(c) = &mut parte.colunas {
                c.retain(|x| x != "exigir_2fa");
            }
        }
        formato::escrever(&mut m, &lido.partes).unwrap()
    };
    let slug = testkit::unique("bk-velho-r");
    let r = backup::restaurar(&env.store, &velho, &restauracao(&slug, "pool", None))
        .await
        .unwrap();
    assert!(r.de_esquema < store::infra::migrate::Scope::App.latest());
    let mut tx = store::TenantTx::begin(&env.store, &r.tenant, store::Access::Read)
        .await
        .unwrap();
    let exigir: bool = sqlx::query_scalar("SELECT exigir_2fa FROM app.camara_config")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert!(!exigir, "a coluna nova recebe o padrão");
}

#[test]
fn retention_keeps_daily_weekly_and_monthly_newest() {
    use time::macros::datetime;
    let nomes: Vec<(String, time::OffsetDateTime)> = (0..120)
        .map(|d| {
            let q = datetime!(2026-01-01 03:00 UTC) + time::Duration::days(d);
            (backup::nome_do_arquivo("x", q), q)
        })
        .chain(std::iter::once((
            backup::nome_do_arquivo("x", datetime!(2026-04-30 15:00 UTC)),
            datetime!(2026-04-30 15:00 UTC),
        )))
        .collect();
    let manter = Retencao {
        diarios: 3,
        semanais: 2,
        mensais: 2,
    }
    .manter(&nomes);
    let esperado: BTreeSet<String> = [
        // days: 30/04 (newest of the day), 29/04, 28/04; weeks: this one (30/04), the one
        // before (ends Sunday 26/04); months: April (30/04), March (31/03).
        datetime!(2026-04-30 15:00 UTC),
        datetime!(2026-04-29 03:00 UTC),
        datetime!(2026-04-28 03:00 UTC),
        datetime!(2026-04-26 03:00 UTC),
        datetime!(2026-03-31 03:00 UTC),
    ]
    .into_iter()
    .map(|q| backup::nome_do_arquivo("x", q))
    .collect();
    assert_eq!(manter, esperado);
    assert_eq!(
        store::plataforma::backup::destino::quando_do_nome(
            "x",
            &backup::nome_do_arquivo("x", datetime!(2026-04-30 15:00 UTC))
        ),
        Some(datetime!(2026-04-30 15:00 UTC))
    );
}

#[tokio::test]
async fn backups_go_to_an_s3_store_with_retention_and_are_recorded() {
    let env = TestEnv::new().await;
    let t = env.camara("bk-s3", "pool").await;
    let (endpoint, _raiz) = crate::arquivos::servidor_s3("backups").await;
    let builder = object_store::aws::AmazonS3Builder::new()
        .with_bucket_name("backups")
        .with_region("us-east-1")
        .with_endpoint(&endpoint)
        .with_allow_http(true)
        .with_access_key_id("chave")
        .with_secret_access_key("segredo-de-teste");
    let d = Destino::s3(builder, "noturno", "s3://backups/noturno").unwrap();
    let b = backup::fazer(&env.store, &t, None).await.unwrap();
    // Three archives of the same câmara on three days; retention of one daily keeps one.
    for dia in ["20260101T030000Z", "20260102T030000Z"] {
        d.gravar(
            &t.slug,
            &format!("{}-{dia}.plenario.tar.gz", t.slug),
            b.bytes.clone(),
        )
        .await
        .unwrap();
    }
    let local = d.gravar(&t.slug, &b.nome, b.bytes.clone()).await.unwrap();
    assert_eq!(d.listar(&t.slug).await.unwrap().len(), 3);
    let apagados = d
        .aplicar_retencao(
            &t.slug,
            Retencao {
                diarios: 1,
                semanais: 0,
                mensais: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(apagados.len(), 2, "{apagados:?}");
    assert_eq!(d.ler(&t.slug, &b.nome).await.unwrap(), b.bytes);

    let antes = registro::ultimos_backups(&env.store).await.unwrap();
    assert!(!antes.iter().any(|u| u.tenant_id == t.id));
    registro::registrar(
        &env.store,
        &Tentativa {
            tenant_id: t.id,
            instantaneo: None,
            bytes: Some(b.bytes.len() as i64),
            sha256: Some(&b.sha256),
            local: Some(&local),
            erro: None,
            duracao_ms: 5,
        },
    )
    .await
    .unwrap();
    registro::registrar(
        &env.store,
        &Tentativa {
            tenant_id: t.id,
            instantaneo: None,
            bytes: None,
            sha256: None,
            local: Some(&local),
            erro: Some("disco cheio"),
            duracao_ms: 5,
        },
    )
    .await
    .unwrap();
    let u = registro::ultimos_backups(&env.store).await.unwrap();
    let meu = u.iter().find(|u| u.tenant_id == t.id).unwrap();
    assert_eq!(meu.sha256.as_deref(), Some(b.sha256.as_str()));
    assert_eq!(meu.local.as_deref(), Some(local.as_str()));
    assert!(meu.falhou_depois);
    assert!(meu.idade_s >= 0.0 && meu.idade_s < 600.0);
}

#[tokio::test]
async fn database_errors_never_carry_the_failing_row() {
    // PostgreSQL's DETAIL of a check violation is the whole row ("Failing row contains
    // (…)"), password hash included; what the store shows (CLI messages, logs, pages) is
    // the message alone.
    let env = TestEnv::new().await;
    let t = env.camara("bk-erro", "pool").await;
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::pool("main"))
        .await
        .unwrap();
    let hash: String =
        sqlx::query_scalar("SELECT senha_hash FROM app.usuario WHERE tenant_id = $1")
            .bind(t.id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    let e = sqlx::query("UPDATE app.usuario SET nome = 'X' WHERE tenant_id = $1")
        .bind(t.id)
        .execute(&mut conn)
        .await
        .unwrap_err();
    let detalhe = e
        .as_database_error()
        .and_then(|d| d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>())
        .and_then(|d| d.detail().map(str::to_owned))
        .unwrap_or_default();
    // (PostgreSQL cuts long values short in the DETAIL: look for the hash's start.)
    let inicio = &hash[..40];
    assert!(detalhe.contains(inicio), "o DETAIL traz a linha: {detalhe}");
    let e = Error::from(e);
    assert!(!e.to_string().contains(inicio), "{e}");
    assert!(!format!("{e:#}").contains(inicio));
}
