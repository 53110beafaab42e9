//! The whole test binary's server logs in one file: every [`crate::http::TestApp`] installs
//! (once) the production log subscriber (`web::http::registro::assinante`, JSON lines, the
//! production filter, secrets masked) writing to `<target>/debug/plenario-logs/<binary>.jsonl`,
//! emptied when the binary starts. `.ci/run` greps these files for the suite's planted
//! secrets after the tests (`tools/segredos-nos-logs.sh`); the `web` test
//! `registro::planted_secrets_never_reach_the_logs` greps its own binary's file.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

static ARQUIVO: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Installs the subscriber on first call; the file's path (None if it could not be made).
pub fn capturar() -> Option<PathBuf> {
    ARQUIVO
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let nome = exe.file_stem()?.to_string_lossy().into_owned();
            let pasta = exe.parent()?.parent()?.join("plenario-logs");
            std::fs::create_dir_all(&pasta).ok()?;
            let caminho = pasta.join(format!("{nome}.jsonl"));
            let f = std::fs::File::create(&caminho).ok()?;
            let saida = web::http::registro::Arquivo(Arc::new(Mutex::new(f)));
            let assinante =
                web::http::registro::assinante("info,sqlx=warn,tower_http=warn", true, saida);
            tracing::subscriber::set_global_default(assinante).ok()?;
            Some(caminho)
        })
        .clone()
}

/// Everything logged so far by this binary.
pub fn lidos() -> String {
    capturar()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default()
}
