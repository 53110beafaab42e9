//! What never leaves the database in the clear: credentials (password hashes, TOTP
//! secrets, recovery codes, reset and session tokens), tokens that act for a person, and
//! personal numbers (CPF). Every row dump (`tenant export`, the backup archive) goes through
//! this list; the store test `backup_segredos::every_secret_looking_column_is_classified`
//! fails when a new column looks like a secret and is not listed here.

use serde_json::Value;

/// What a dump does with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tratamento {
    /// A credential: `tenant export` omits it; a backup leaves it out (or encrypts it).
    Credencial,
    /// A token that acts for someone (cancellation links): omitted by `tenant export`,
    /// kept by the backup (the câmara needs it to keep working).
    Token,
    /// A CPF: `tenant export` masks it (`***.456.789-**`), the backup keeps it.
    Cpf,
}

/// (table, column, treatment).
pub const COLUNAS: &[(&str, &str, Tratamento)] = &[
    ("usuario", "senha_hash", Tratamento::Credencial),
    ("usuario", "totp_segredo", Tratamento::Credencial),
    ("sessao", "token_hash", Tratamento::Credencial),
    ("sessao", "csrf", Tratamento::Credencial),
    ("usuario_recuperacao", "codigo_hash", Tratamento::Credencial),
    ("senha_reset", "token_hash", Tratamento::Credencial),
    ("acompanhamento", "confirmacao_hash", Tratamento::Token),
    ("acompanhamento", "cancelar_token", Tratamento::Token),
    ("acompanhamento_pedido", "email_hash", Tratamento::Token),
    ("parlamentar", "cpf", Tratamento::Cpf),
];

/// Tables that are credentials as a whole (sessions, single-use codes): a backup without
/// the operator key carries none of their rows.
pub const TABELAS_DE_CREDENCIAIS: &[&str] = &["sessao", "usuario_recuperacao", "senha_reset"];

/// Column names that look like a secret (the class the test guards).
pub const PARECE_SEGREDO: &str = "(senha|hash|token|segredo|secret|totp|cpf|csrf|chave|codigo_rec)";

/// Column names that match [`PARECE_SEGREDO`] and are not secrets.
pub const NAO_SAO_SEGREDO: &[(&str, &str)] = &[
    ("usuario", "trocar_senha"),
    ("usuario", "totp_ativo"),
    ("usuario", "totp_ultimo_passo"),
    // The deduplication key of a job ("prazo:<id>:<dia>"), not a credential.
    ("job", "chave"),
];

/// What `tenant export` prints in place of an omitted value.
pub const OMITIDO: &str = "[omitido]";

/// How a dump treats secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modo {
    /// `tenant export`: credentials and tokens replaced by "[omitido]", CPFs masked.
    Exportacao,
    /// Everything as stored (`--incluir-segredos`).
    Tudo,
}

/// Applies `modo` to a full export (`{ table: [row, …] }`) in place.
pub fn aplicar(export: &mut Value, modo: Modo) {
    if modo == Modo::Tudo {
        return;
    }
    let Some(tabelas) = export.as_object_mut() else {
        return;
    };
    for (tabela, coluna, tratamento) in COLUNAS {
        let Some(linhas) = tabelas.get_mut(*tabela).and_then(Value::as_array_mut) else {
            continue;
        };
        for linha in linhas {
            let Some(v) = linha.get_mut(*coluna) else {
                continue;
            };
            if v.is_null() {
                continue;
            }
            *v = match tratamento {
                Tratamento::Cpf => {
                    Value::String(domain::documentos::mascarar_cpf(v.as_str().unwrap_or("")))
                }
                Tratamento::Credencial | Tratamento::Token => Value::String(OMITIDO.into()),
            };
        }
    }
}
