//! `plenario tenant …`, `migrate` and `check` against the test cluster.

use std::process::{Command, Output};

use testkit::unique;

async fn plenario(args: &[&str]) -> Output {
    let url = testkit::cluster::ready().await.url("plenario");
    Command::new(env!("CARGO_BIN_EXE_plenario"))
        .args(args)
        .env("DATABASE_URL", url)
        .env_remove("PLENARIO_CLUSTERS")
        // Uploaded and generated files go to the test cluster's folder, not the source tree.
        .env("PLENARIO_FILES_DIR", testkit::cluster::get().files_dir())
        .env("PLENARIO_LOG", "warn")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn bad_input_exits_2_with_a_clear_message() {
    let slug = unique("cli-bad");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--slug".into(), "Câmara X".into()],
            "só pode conter letras minúsculas",
        ),
        (
            vec!["--slug".into(), slug.clone(), "--uf".into(), "XY".into()],
            "UF inválida",
        ),
        (
            vec![
                "--slug".into(),
                slug.clone(),
                "--municipio".into(),
                "Olinda".into(),
                "--uf".into(),
                "SP".into(),
            ],
            "Olinda/PE",
        ),
        (
            vec![
                "--slug".into(),
                slug.clone(),
                "--domain".into(),
                "http://x.leg.br".into(),
            ],
            "Domínio inválido",
        ),
        (
            vec![
                "--slug".into(),
                slug.clone(),
                "--placement".into(),
                "nuvem".into(),
            ],
            "Posicionamento inválido",
        ),
        (
            vec![
                "--slug".into(),
                slug.clone(),
                "--admin-email".into(),
                "sem-arroba".into(),
            ],
            "E-mail inválido",
        ),
        (
            vec!["--slug".into(), slug.clone(), "--nome".into(), "X".into()],
            "nome oficial",
        ),
    ];
    for (overrides, expected) in cases {
        let mut args: Vec<String> = vec![
            "tenant".into(),
            "create".into(),
            "--slug".into(),
            slug.clone(),
            "--nome".into(),
            "Câmara Municipal de Olinda".into(),
            "--municipio".into(),
            "Olinda".into(),
            "--uf".into(),
            "PE".into(),
            "--mesmo-municipio".into(),
        ];
        // Later flags win in clap? No: replace the earlier value explicitly.
        for pair in overrides.chunks(2) {
            if let Some(i) = args.iter().position(|a| a == &pair[0]) {
                args[i + 1] = pair[1].clone();
            } else {
                args.extend(pair.iter().cloned());
            }
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = plenario(&refs).await;
        assert_eq!(out.status.code(), Some(2), "{refs:?}: {}", text(&out));
        assert!(text(&out).contains(expected), "{refs:?}: {}", text(&out));
    }
    // Nothing was created by any of them.
    let out = plenario(&["tenant", "show", &slug]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("Câmara não encontrada"),
        "{}",
        text(&out)
    );
}

#[tokio::test]
async fn a_camaras_life_from_the_command_line() {
    let slug = unique("cli-vida");
    let out = plenario(&[
        "tenant",
        "create",
        "--slug",
        &slug,
        "--nome",
        "Câmara Municipal de São João del-Rei",
        "--municipio",
        "sao joao del rei",
        "--uf",
        "mg",
        "--domain",
        &format!("{slug}.mg.leg.br"),
        "--admin-email",
        "Presidencia@SJDR.mg.leg.br",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("São João del Rei/MG"), "{t}");
    assert!(t.contains("provisionada em"), "{t}");
    assert!(t.contains(&format!("http://{slug}.localhost/")), "{t}");

    let out = plenario(&["tenant", "list", "--per-page", "1000"]).await;
    assert!(text(&out).contains(&slug), "{}", text(&out));
    let out = plenario(&["tenant", "list", "--page", "0"]).await;
    assert_eq!(out.status.code(), Some(2));

    let out = plenario(&["tenant", "show", &slug]).await;
    let t = text(&out);
    assert!(
        t.contains("estado: ativa") && t.contains("presidencia@sjdr.mg.leg.br"),
        "{t}"
    );
    assert!(t.contains(&format!("{slug}.mg.leg.br/ (principal)")), "{t}");

    let out = plenario(&["tenant", "suspend", &slug]).await;
    assert!(text(&out).contains("ativa → suspensa"), "{}", text(&out));
    let out = plenario(&["tenant", "suspend", &slug]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = plenario(&["tenant", "resume", &slug]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let out = plenario(&["tenant", "move", &slug, "--to", "dedicated"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("camara_config: 1 linhas"),
        "{}",
        text(&out)
    );

    let out = plenario(&["tenant", "export", &slug]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["camara_config"][0]["nome"],
        "Câmara Municipal de São João del-Rei"
    );

    let out = plenario(&["tenant", "delete", &slug]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("não pode ser desfeito"),
        "{}",
        text(&out)
    );
    let out = plenario(&["tenant", "delete", &slug, "--confirm", "outra"]).await;
    assert_eq!(out.status.code(), Some(2));
    let out = plenario(&["tenant", "delete", &slug, "--confirm", &slug]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = plenario(&["tenant", "show", &slug]).await;
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn migrate_and_check_report_every_database() {
    let out = plenario(&["migrate"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("main:pool") && t.contains("sem problemas"),
        "{t}"
    );
    let out = plenario(&["check"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[tokio::test]
async fn a_machine_without_postgresql_gets_one_clear_message() {
    let home = std::env::temp_dir().join(unique("sem-pg"));
    let out = Command::new(env!("CARGO_BIN_EXE_plenario"))
        .args(["tenant", "list"])
        .env_remove("DATABASE_URL")
        .env("PATH", "/nonexistent")
        .env("PLENARIO_PG_LIBDIR", "/nonexistent")
        .env("PLENARIO_HOME", &home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("apt-get install postgresql"),
        "{}",
        text(&out)
    );
    assert_eq!(text(&out).lines().count(), 1, "{}", text(&out));
    let _ = std::fs::remove_dir_all(home);
}

#[tokio::test]
async fn users_from_the_command_line() {
    let slug = unique("cli-user");
    let out = plenario(&[
        "tenant",
        "create",
        "--slug",
        &slug,
        "--nome",
        "Câmara Municipal de Olinda",
        "--municipio",
        "Olinda",
        "--uf",
        "PE",
        "--admin-email",
        "chefe@olinda.example",
        "--mesmo-municipio",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("senha provisória:"), "{}", text(&out));

    let out = plenario(&[
        "user",
        "create",
        "--tenant",
        &slug,
        "--email",
        "Op@Olinda.example",
        "--nome",
        "Operadora do Painel",
        "--papel",
        "operador",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let senha = text(&out)
        .lines()
        .find_map(|l| l.trim().strip_prefix("senha provisória: "))
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .unwrap();
    assert_eq!(senha.len(), 19, "{senha}");

    let out = plenario(&[
        "user",
        "create",
        "--tenant",
        &slug,
        "--email",
        "op@olinda.example",
        "--nome",
        "Outra",
        "--papel",
        "EDITOR",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("Já existe um usuário"),
        "{}",
        text(&out)
    );
    let out = plenario(&[
        "user",
        "create",
        "--tenant",
        &slug,
        "--email",
        "x@olinda.example",
        "--nome",
        "Outra",
        "--papel",
        "REI",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("Papel inválido"), "{}", text(&out));

    let out = plenario(&["user", "list", "--tenant", &slug]).await;
    let t = text(&out);
    assert!(
        t.contains("chefe@olinda.example")
            && t.contains("op@olinda.example")
            && t.contains("2 usuários"),
        "{t}"
    );

    let out = plenario(&[
        "user",
        "reset-password",
        "--tenant",
        &slug,
        "--email",
        "op@olinda.example",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains(&senha));
    let out = plenario(&[
        "user",
        "disable",
        "--tenant",
        &slug,
        "--email",
        "op@olinda.example",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = plenario(&["user", "list", "--tenant", &slug]).await;
    assert!(text(&out).contains("desativado"), "{}", text(&out));
    let out = plenario(&[
        "user",
        "disable",
        "--tenant",
        &slug,
        "--email",
        "ninguem@olinda.example",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("Usuário não encontrado"),
        "{}",
        text(&out)
    );
}

#[tokio::test]
async fn platform_admins_from_the_command_line() {
    let email = format!("{}@plataforma.example", unique("cli-pa"));
    let out = plenario(&[
        "platform-admin",
        "create",
        "--email",
        &email,
        "--nome",
        "Operador da Plataforma",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("otpauth://totp/")
            && t.contains("chave TOTP")
            && t.contains("/admin-master/login"),
        "{t}"
    );
    let out = plenario(&[
        "platform-admin",
        "create",
        "--email",
        &email,
        "--nome",
        "Outro",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("Já existe um administrador da plataforma"),
        "{}",
        text(&out)
    );
    // A new one-time password (the printed one expires in 24 hours if unused).
    let out = plenario(&["platform-admin", "reset-password", "--email", &email]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Nova senha provisória") && text(&out).contains("24 horas"),
        "{}",
        text(&out)
    );
    let out = plenario(&[
        "platform-admin",
        "reset-password",
        "--email",
        "ninguem@plataforma.example",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("não encontrado"), "{}", text(&out));
}
