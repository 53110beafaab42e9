//! `plenario tenant export|backup|restore`, `backup all` and `dr drill`, run as an operator
//! would (issue #14, items 3, 4 and 9).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use testkit::unique;

const CHAVE: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

async fn plenario(args: &[&str], chave: bool) -> Output {
    let url = testkit::cluster::ready().await.url("plenario");
    let mut c = Command::new(env!("CARGO_BIN_EXE_plenario"));
    c.args(args)
        .env("DATABASE_URL", url)
        .env_remove("PLENARIO_CLUSTERS")
        .env("PLENARIO_FILES_DIR", testkit::cluster::get().files_dir())
        .env("PLENARIO_LOG", "warn");
    if chave {
        c.env("PLENARIO_BACKUP_KEY", CHAVE);
    } else {
        c.env_remove("PLENARIO_BACKUP_KEY");
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

async fn ok(args: &[&str], chave: bool) -> Output {
    let o = plenario(args, chave).await;
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
    o
}

async fn criar(slug: &str) {
    ok(
        &[
            "tenant",
            "create",
            "--slug",
            slug,
            "--nome",
            "Câmara Municipal de Teste",
            "--municipio",
            "Olinda",
            "--uf",
            "PE",
            "--admin-email",
            "ti@teste.example",
            "--mesmo-municipio",
        ],
        false,
    )
    .await;
}

/// An export with the catalog id taken out (rows' tenant_id, file keys' prefix).
fn normalizado(out: &Output) -> Value {
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["camara_config"][0]["tenant_id"].as_i64().unwrap();
    store::plataforma::backup::drill::sem_id_do_catalogo(&mut v, &format!("camaras/{id}/"));
    v
}

#[tokio::test]
async fn tenant_export_prints_no_secrets_unless_asked() {
    let slug = unique("cli-segredo");
    criar(&slug).await;
    ok(&["tenant", "seed", &slug, "--escala", "pequena"], false).await;
    let env = testkit::TestEnv::new().await;
    let t = store::infra::catalog::get_by_slug(env.store.control(), &slug)
        .await
        .unwrap();
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::of(&t.placement))
        .await
        .unwrap();
    // What the outside tester found: a TOTP secret, a password hash, an unmasked CPF.
    sqlx::query(
        "UPDATE app.usuario SET totp_segredo = 'SEGREDOTOTPPLANTADO234567' WHERE tenant_id = $1",
    )
    .bind(t.id)
    .execute(&mut conn)
    .await
    .unwrap();
    let (nome, pslug): (String, String) = sqlx::query_as(
        "UPDATE app.parlamentar SET cpf = '52998224725'
          WHERE tenant_id = $1 AND id = (SELECT id FROM app.parlamentar WHERE tenant_id = $1
                                          AND ativo ORDER BY slug LIMIT 1)
         RETURNING nome_parlamentar, slug",
    )
    .bind(t.id)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let hash: String =
        sqlx::query_scalar("SELECT senha_hash FROM app.usuario WHERE tenant_id = $1")
            .bind(t.id)
            .fetch_one(&mut conn)
            .await
            .unwrap();

    let o = ok(&["tenant", "export", &slug], false).await;
    let saida = String::from_utf8_lossy(&o.stdout);
    for segredo in [hash.as_str(), "SEGREDOTOTPPLANTADO234567", "52998224725"] {
        assert!(!saida.contains(segredo), "a exportação imprimiu {segredo}");
    }
    assert!(saida.contains("***.982.247-**"), "{saida}");
    assert!(saida.contains("[omitido]"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--incluir-segredos"));

    let o = ok(&["tenant", "export", &slug, "--incluir-segredos"], false).await;
    let saida = String::from_utf8_lossy(&o.stdout);
    for segredo in [hash.as_str(), "SEGREDOTOTPPLANTADO234567", "52998224725"] {
        assert!(saida.contains(segredo), "pedido explícito: falta {segredo}");
    }
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("ATENÇÃO: esta exportação contém segredos")
    );

    // The platform audit log says which export it was, and holds no secret itself.
    let detalhes: Vec<Value> = sqlx::query_scalar(
        "SELECT details FROM control.platform_audit WHERE tenant_slug = $1 AND action = 'tenant.export' ORDER BY id",
    )
    .bind(&slug)
    .fetch_all(env.store.control())
    .await
    .unwrap();
    assert_eq!(
        detalhes,
        vec![
            serde_json::json!({"segredos": false}),
            serde_json::json!({"segredos": true})
        ]
    );
    // Nor does the câmara's own audit log, nor the open data.
    let auditoria: Vec<Value> =
        sqlx::query_scalar("SELECT to_jsonb(a) FROM app.auditoria a WHERE tenant_id = $1")
            .bind(t.id)
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let auditoria = serde_json::to_string(&auditoria).unwrap();
    assert!(!auditoria.contains(&hash) && !auditoria.contains("52998224725"));
    let app = env.app();
    let host = testkit::http::host_of(&t);
    let perfil = format!("/parlamentares/{pslug}");
    for rota in ["/api/v1/parlamentares", "/parlamentares", perfil.as_str()] {
        let r = app.get(&host, rota).await;
        assert_eq!(r.status, 200, "{rota}");
        assert!(r.body.contains(&nome), "{rota} sem {nome}");
        for segredo in ["52998224725", "982.247", "SEGREDOTOTPPLANTADO"] {
            assert!(!r.body.contains(segredo), "{rota} mostra {segredo}");
        }
    }
}

#[tokio::test]
async fn backup_then_restore_as_another_slug_in_the_other_placement_is_the_same_camara() {
    let slug = unique("cli-bk");
    criar(&slug).await;
    ok(&["tenant", "seed", &slug, "--escala", "pequena"], false).await;
    let pasta = std::env::temp_dir().join(unique("backups"));
    let pasta_s = pasta.to_string_lossy().into_owned();
    let o = ok(&["tenant", "backup", &slug, "--to", &pasta_s], true).await;
    assert!(
        text(&o).contains("cifrados com a chave do operador"),
        "{}",
        text(&o)
    );
    let arquivos: Vec<_> = std::fs::read_dir(pasta.join(&slug))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(arquivos.len(), 1, "{arquivos:?}");
    let arquivo = arquivos[0].to_string_lossy().into_owned();
    assert!(arquivo.ends_with(".plenario.tar.gz"), "{arquivo}");

    let copia = unique("cli-bk-copia");
    let o = ok(
        &[
            "tenant",
            "restore",
            &arquivo,
            "--as",
            &copia,
            "--placement",
            "dedicated",
        ],
        true,
    )
    .await;
    assert!(
        text(&o).contains("restaurada em dedicated@main/"),
        "{}",
        text(&o)
    );

    let a = ok(&["tenant", "export", &slug, "--incluir-segredos"], false).await;
    let b = ok(&["tenant", "export", &copia, "--incluir-segredos"], false).await;
    let (a, b) = (normalizado(&a), normalizado(&b));
    assert!(
        a["parlamentar"].as_array().unwrap().len() >= 9,
        "{}",
        a["parlamentar"]
    );
    for (tabela, linhas) in a.as_object().unwrap() {
        assert_eq!(&b[tabela], linhas, "tabela {tabela} difere");
    }
    assert_eq!(a, b);

    // The files came along: the restored portal serves every parlamentar's photo.
    let env = testkit::TestEnv::new().await;
    let t = store::infra::catalog::get_by_slug(env.store.control(), &copia)
        .await
        .unwrap();
    let app = env.app();
    let mut fotos = 0;
    for p in b["parlamentar"].as_array().unwrap() {
        if p["foto_key"].is_string() {
            let r = app
                .get(
                    &testkit::http::host_of(&t),
                    &format!("/parlamentares/{}/foto.jpg", p["slug"].as_str().unwrap()),
                )
                .await;
            assert_eq!(r.status, 200, "{}", p["slug"]);
            assert_eq!(r.header("content-type"), "image/jpeg");
            fotos += 1;
        }
    }
    assert!(fotos >= 1, "o seed pequeno tem fotos");

    // Restoring the same archive under its own slug while the câmara lives is refused.
    let o = plenario(&["tenant", "restore", &arquivo], true).await;
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--as NOVO_SLUG"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&pasta);
}

fn arquivos_de(pasta: &Path, slug: &str) -> usize {
    std::fs::read_dir(pasta.join(slug)).map_or(0, |d| d.count())
}

#[tokio::test]
async fn backup_all_records_each_camara_and_the_drill_restores_compares_and_cleans_up() {
    let slug = unique("cli-todas");
    criar(&slug).await;
    let pasta = std::env::temp_dir().join(unique("backups-todas"));
    let pasta_s = pasta.to_string_lossy().into_owned();
    let o = plenario(&["backup", "all", "--to", &pasta_s, "--jobs", "2"], false).await;
    // Other tests create and delete câmaras meanwhile; this one must have been copied.
    assert!(text(&o).contains("câmaras copiadas para"), "{}", text(&o));
    assert!(
        !text(&o).contains(&format!("falhou: {slug}:")),
        "{}",
        text(&o)
    );
    assert_eq!(arquivos_de(&pasta, &slug), 1);

    let env = testkit::TestEnv::new().await;
    let ultimos = store::plataforma::backup::registro::ultimos_backups(&env.store)
        .await
        .unwrap();
    let meu = ultimos.iter().find(|u| u.slug == slug).expect("registrado");
    assert!(meu.local.as_deref().unwrap().contains(&slug));
    assert!(meu.bytes.unwrap() > 0);

    let o = ok(&["dr", "drill", &slug, "--from", &pasta_s], false).await;
    let t = text(&o);
    assert!(t.contains("RPO alcançado:"), "{t}");
    assert!(t.contains("RTO medido:"), "{t}");
    assert!(t.contains("comparação: idêntica"), "{t}");
    let temporaria = t
        .lines()
        .find_map(|l| l.trim().strip_prefix("cópia temporária: "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .to_owned();
    assert!(
        store::infra::catalog::get_by_slug(env.store.control(), &temporaria)
            .await
            .is_err(),
        "a cópia temporária {temporaria} ficou"
    );

    // A change after the backup shows in the drill's comparison.
    let tenant = store::infra::catalog::get_by_slug(env.store.control(), &slug)
        .await
        .unwrap();
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::of(&tenant.placement))
        .await
        .unwrap();
    sqlx::query("UPDATE app.camara_config SET endereco = 'Rua Nova, 1' WHERE tenant_id = $1")
        .bind(tenant.id)
        .execute(&mut conn)
        .await
        .unwrap();
    let o = ok(&["dr", "drill", &slug, "--from", &pasta_s], false).await;
    assert!(
        text(&o).contains(
            "camara_config: 1 linhas no backup, 1 em produção (0 novas, 0 removidas, 1 alteradas"
        ),
        "{}",
        text(&o)
    );
    let _ = std::fs::remove_dir_all(&pasta);
}

#[tokio::test]
async fn the_master_panel_shows_each_camaras_last_backup_and_its_age() {
    use store::plataforma::backup::registro::{Tentativa, registrar};
    let env = testkit::TestEnv::new().await;
    // First in the list (by slug), so on the first page.
    let com = env.camara_with_slug(&unique("aaa-bk-com"), "pool").await;
    let sem = env.camara_with_slug(&unique("aaa-bk-sem"), "pool").await;
    registrar(
        &env.store,
        &Tentativa {
            tenant_id: com.id,
            instantaneo: None,
            bytes: Some(1234),
            sha256: Some("ab"),
            local: Some("/var/backups/x"),
            erro: None,
            duracao_ms: 3,
        },
    )
    .await
    .unwrap();
    let app = env.app();
    let p = testkit::plataforma::logada(&app, &env.store).await;
    let host = app.state.config.platform_host.clone();
    let r = app.get_as(&host, "/admin-master", &p.cookie).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Último backup"), "{}", r.body);
    let linha = |slug: &str| {
        r.body
            .split("<tr>")
            .find(|l| l.contains(&format!("/admin-master/camaras/{slug}\"")))
            .unwrap_or_else(|| panic!("{slug} fora da página: {}", r.body))
            .to_owned()
    };
    assert!(
        linha(&com.slug).contains("(há menos de 1 min)"),
        "{}",
        linha(&com.slug)
    );
    assert!(
        linha(&sem.slug).contains("<td>nunca</td>"),
        "{}",
        linha(&sem.slug)
    );
}
