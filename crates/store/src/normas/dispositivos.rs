//! The articulated text as rows: one per dispositivo in reading order, `(ordem, nivel)`
//! rebuilding the tree of `domain::normas::Texto`.

use domain::normas::{Dispositivo, Texto, Tipo};
use uuid::Uuid;

use crate::infra::recusas;
use crate::{Result, TenantTx};

fn tipo_str(t: Tipo) -> &'static str {
    match t {
        Tipo::Parte => "parte",
        Tipo::Livro => "livro",
        Tipo::Titulo => "titulo",
        Tipo::Capitulo => "capitulo",
        Tipo::Secao => "secao",
        Tipo::Subsecao => "subsecao",
        Tipo::Artigo => "artigo",
        Tipo::Caput => "caput",
        Tipo::Paragrafo => "paragrafo",
        Tipo::Inciso => "inciso",
        Tipo::Alinea => "alinea",
        Tipo::Item => "item",
    }
}

fn tipo_de(s: &str) -> Option<Tipo> {
    use Tipo::*;
    [
        Parte, Livro, Titulo, Capitulo, Secao, Subsecao, Artigo, Caput, Paragrafo, Inciso, Alinea,
        Item,
    ]
    .into_iter()
    .find(|t| tipo_str(*t) == s)
}

/// Replaces the norma's dispositivos by those of `texto`.
pub async fn gravar(tx: &mut TenantTx, norma: Uuid, texto: &Texto) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.norma_dispositivo WHERE tenant_id = $1 AND norma_id = $2")
        .bind(tenant)
        .bind(norma)
        .execute(tx.conn())
        .await?;
    for (ordem, (id, d, nivel)) in texto.percorrer().into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO app.norma_dispositivo (tenant_id, id, norma_id, ordem, nivel, fragmento,
                                                tipo, numero, sufixo, unico, texto, nota)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(norma)
        .bind(i32::try_from(ordem).unwrap_or(i32::MAX))
        .bind(i16::try_from(nivel).unwrap_or(i16::MAX))
        .bind(&id)
        .bind(tipo_str(d.tipo))
        .bind(i32::try_from(d.numero).unwrap_or(i32::MAX))
        .bind(i16::try_from(d.sufixo).unwrap_or(i16::MAX))
        .bind(d.unico)
        .bind(&d.texto)
        .bind(&d.nota)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    Ok(())
}

type Row = (i16, String, i32, i16, bool, String, Option<String>);

/// The norma's text back as a tree (without its preâmbulo).
pub async fn ler(tx: &mut TenantTx, norma: Uuid) -> Result<Vec<Dispositivo>> {
    let tenant = tx.tenant_id();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT nivel, tipo, numero, sufixo, unico, texto, nota FROM app.norma_dispositivo
          WHERE tenant_id = $1 AND norma_id = $2 ORDER BY ordem",
    )
    .bind(tenant)
    .bind(norma)
    .fetch_all(tx.conn())
    .await?;
    Ok(arvore(rows))
}

fn arvore(rows: Vec<Row>) -> Vec<Dispositivo> {
    // A stack of (nivel, dispositivo): a row closes every open one at its level or deeper.
    let mut raiz: Vec<Dispositivo> = Vec::new();
    let mut pilha: Vec<(usize, Dispositivo)> = Vec::new();
    fn fechar(pilha: &mut Vec<(usize, Dispositivo)>, raiz: &mut Vec<Dispositivo>) {
        if let Some((_, d)) = pilha.pop() {
            match pilha.last_mut() {
                Some((_, pai)) => pai.filhos.push(d),
                None => raiz.push(d),
            }
        }
    }
    for (nivel, tipo, numero, sufixo, unico, texto, nota) in rows {
        let Some(tipo) = tipo_de(&tipo) else { continue };
        let nivel = usize::try_from(nivel).unwrap_or(0);
        while pilha.last().is_some_and(|(n, _)| *n >= nivel) {
            fechar(&mut pilha, &mut raiz);
        }
        let mut d = Dispositivo::novo(tipo, u32::try_from(numero).unwrap_or(0));
        d.sufixo = u32::try_from(sufixo).unwrap_or(0);
        d.unico = unico;
        d.texto = texto;
        d.nota = nota;
        pilha.push((nivel, d));
    }
    while !pilha.is_empty() {
        fechar(&mut pilha, &mut raiz);
    }
    raiz
}
