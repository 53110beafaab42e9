//! The OAI-PMH provider at `/oai`: every verb and every protocol error; a harvest as the
//! LexML harvester does it (ListRecords with tokens to the end, an insert between pages,
//! then an insert and a deletion and an incremental harvest `from` the last responseDate
//! that sees exactly those two); EVERY oai_lexml record of the câmara validated by xmllint
//! against oai_lexml.xsd (tests/data/lexml) and every response against the OAI-PMH 2.0
//! schema (tests/data/oai); câmara A's normas never in B's provider.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use domain::normas::TipoVinculo;
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::normas::NovoVinculo;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::http::{TestApp, TestResponse, host_of};
use time::macros::date;
use uuid::Uuid;

const TEXTO: &str = "Art. 1º Fica instituído o programa.\nArt. 2º Esta Lei entra em vigor na data de sua publicação.";

fn dados() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// `n` leis of the câmara, dated in 2020 (one second apart), so that what the test writes
/// later is after every one of them.
async fn semear(env: &TestEnv, t: &Tenant, n: usize, rotulo: &str) -> Vec<Uuid> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let mut ids = Vec::new();
    for i in 0..n {
        let mut d = testkit::fixtures::normas::dados(
            lo,
            format!("Institui o programa {rotulo} número {i} & <outros>"),
            TEXTO.to_owned(),
            date!(2024 - 03 - 15),
        );
        d.indexacao = "cultura, educação; hortas".into();
        d.autoria = "Vereadora Maria".into();
        ids.push(
            store::normas::criar(&mut tx, &Autor::cli("teste"), &d)
                .await
                .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    no_passado(env, t).await;
    ids
}

/// Every norma of the câmara dated in 2020, one second apart (in id order).
async fn no_passado(env: &TestEnv, t: &Tenant) {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    sqlx::query(
        "UPDATE app.norma n SET atualizado_em = timestamptz '2020-01-01 00:00:00+00'
                                + x.ordem * interval '1 second'
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS ordem FROM app.norma
                  WHERE tenant_id = $1) x
          WHERE n.tenant_id = $1 AND n.id = x.id",
    )
    .bind(t.id)
    .execute(tx.conn())
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn oai(app: &TestApp, host: &str, q: &str) -> TestResponse {
    let r = app.get(host, &format!("/oai?{q}")).await;
    assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
    assert!(r.content_type.starts_with("text/xml"), "{}", r.content_type);
    r
}

/// Every piece of `s` between `abre` (an element's start, up to its name) and `fecha`.
fn pedacos<'a>(s: &'a str, abre: &str, fecha: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut resto = s;
    while let Some(i) = resto.find(abre) {
        let Some(j) = resto[i..].find(fecha) else {
            break;
        };
        out.push(&resto[i..i + j + fecha.len()]);
        resto = &resto[i + j + fecha.len()..];
    }
    out
}

fn texto_de(s: &str, tag: &str) -> Option<String> {
    let abre = format!("<{tag}");
    let i = s.find(&abre)?;
    let ini = i + s[i..].find('>')? + 1;
    let fim = ini + s[ini..].find(&format!("</{tag}>"))?;
    Some(s[ini..fim].to_owned())
}

fn codigo_erro(body: &str) -> Option<String> {
    let i = body.find("<error code=\"")? + 13;
    Some(body[i..i + body[i..].find('"')?].to_owned())
}

fn token(body: &str) -> Option<String> {
    texto_de(body, "resumptionToken").filter(|t| !t.is_empty())
}

/// Runs xmllint on `docs` (each written to its own file) against `xsd`; panics with its
/// messages when any is invalid.
fn validar(docs: &[String], xsd: &Path) {
    let dir = tempdir();
    let arquivos: Vec<PathBuf> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let p = dir.join(format!("{i:05}.xml"));
            std::fs::write(&p, d).unwrap();
            p
        })
        .collect();
    for lote in arquivos.chunks(200) {
        let saida = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--nonet")
            .arg("--schema")
            .arg(xsd)
            .args(lote)
            .output()
            .expect("xmllint (Debian libxml2-utils) is installed");
        assert!(
            saida.status.success(),
            "xmllint refused: {}",
            String::from_utf8_lossy(&saida.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("plenario-oai-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn envelope(docs: &[String]) {
    validar(docs, &dados().join("oai/OAI-PMH.xsd"));
}

#[tokio::test]
async fn every_verb_and_every_protocol_error() {
    let env = TestEnv::new().await;
    let t = env.camara("oai-verbos", "pool").await;
    let ids = semear(&env, &t, 3, "verbos").await;
    let app = env.app();
    let host = host_of(&t);
    let ns = host.clone();
    let id = format!("oai:{ns}:plenario/norma/{}", ids[0]);
    let mut respostas = Vec::new();

    let r = oai(&app, &host, "verb=Identify").await;
    for m in [
        "<deletedRecord>persistent</deletedRecord>",
        "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>",
        "<protocolVersion>2.0</protocolVersion>",
        "<earliestDatestamp>2020-01-01T00:00:01Z</earliestDatestamp>",
        &format!("<baseURL>http://{host}/oai</baseURL>"),
        "<request verb=\"Identify\">",
    ] {
        assert!(r.body.contains(m), "{m}: {}", r.body);
    }
    respostas.push(r.body);
    let r = oai(&app, &host, "verb=ListMetadataFormats").await;
    assert!(
        r.body
            .contains("<metadataPrefix>oai_lexml</metadataPrefix>")
    );
    assert!(r.body.contains("<metadataPrefix>oai_dc</metadataPrefix>"));
    respostas.push(r.body);
    let r = oai(
        &app,
        &host,
        &format!("verb=ListMetadataFormats&identifier={id}"),
    )
    .await;
    assert_eq!(codigo_erro(&r.body), None, "{}", r.body);
    respostas.push(r.body);

    let r = oai(
        &app,
        &host,
        &format!("verb=GetRecord&identifier={id}&metadataPrefix=oai_lexml"),
    )
    .await;
    let lexml = texto_de(&r.body, "metadata").unwrap();
    assert!(
        lexml.contains(
            "<DocumentoIndividual>urn:lex:br;pernambuco;olinda:municipal:lei:2024-03-15;"
        )
    );
    assert!(lexml.contains("<Epigrafe>Lei Ordinária nº "));
    assert!(lexml.contains("de 15 de março de 2024</Epigrafe>"));
    assert!(lexml.contains("&amp; &lt;outros&gt;"), "escaped: {lexml}");
    assert!(lexml.contains("<Indexacao>educação</Indexacao>"));
    respostas.push(r.body);
    let r = oai(
        &app,
        &host,
        &format!("verb=GetRecord&identifier={id}&metadataPrefix=oai_dc"),
    )
    .await;
    assert!(r.body.contains("<dc:creator>Vereadora Maria</dc:creator>"));
    assert!(r.body.contains("<dc:subject>hortas</dc:subject>"));
    respostas.push(r.body);
    let r = oai(&app, &host, "verb=ListIdentifiers&metadataPrefix=oai_dc").await;
    assert_eq!(pedacos(&r.body, "<header", "</header>").len(), 3);
    assert!(!r.body.contains("<metadata"));
    assert!(!r.body.contains("resumptionToken"), "one page, no token");
    respostas.push(r.body);

    // POST, as the protocol allows.
    let p = app
        .send(
            Method::POST,
            &host,
            "/oai",
            &[("content-type", "application/x-www-form-urlencoded")],
            "verb=Identify",
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(p.body.contains("<Identify>"));

    let outro = format!("oai:{ns}:plenario/norma/{}", Uuid::now_v7());
    for (q, codigo, atributos) in [
        ("", "badVerb", false),
        ("verb=Harvest", "badVerb", false),
        ("verb=Identify&verb=Identify", "badVerb", false),
        ("verb=Identify&metadataPrefix=oai_dc", "badArgument", false),
        ("verb=ListRecords", "badArgument", false),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=15/03/2024",
            "badArgument",
            false,
        ),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-01T00:00:00Z",
            "badArgument",
            false,
        ),
        ("verb=GetRecord&identifier=x", "badArgument", false),
        (
            "verb=ListRecords&metadataPrefix=marc21",
            "cannotDisseminateFormat",
            true,
        ),
        (
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:x.y:z",
            "idDoesNotExist",
            true,
        ),
        (
            "verb=ListMetadataFormats&identifier=oai:x.y:z",
            "idDoesNotExist",
            true,
        ),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2100-01-01",
            "noRecordsMatch",
            true,
        ),
        (
            "verb=ListIdentifiers&metadataPrefix=oai_dc&until=2019-12-31T23:59:59Z",
            "noRecordsMatch",
            true,
        ),
        (
            "verb=ListRecords&resumptionToken=oai_dc.-.-.1.2.3.4",
            "badResumptionToken",
            true,
        ),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&set=leis",
            "noRecordsMatch",
            true,
        ),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&set=LO%20LC",
            "badArgument",
            false,
        ),
        (
            "verb=ListSets&resumptionToken=x",
            "badResumptionToken",
            true,
        ),
    ] {
        let r = oai(&app, &host, q).await;
        assert_eq!(
            codigo_erro(&r.body).as_deref(),
            Some(codigo),
            "{q}: {}",
            r.body
        );
        // badVerb and badArgument: the request element without attributes.
        assert_eq!(!r.body.contains("<request>"), atributos, "{q}: {}", r.body);
        respostas.push(r.body);
    }
    let r = oai(
        &app,
        &host,
        &format!("verb=GetRecord&metadataPrefix=oai_lexml&identifier={outro}"),
    )
    .await;
    assert_eq!(codigo_erro(&r.body).as_deref(), Some("idDoesNotExist"));
    // until of a second covers it; from of a day its start.
    let r = oai(
        &app,
        &host,
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01&until=2020-01-01",
    )
    .await;
    assert_eq!(pedacos(&r.body, "<header", "</header>").len(), 3);
    let r = oai(&app, &host, "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01T00:00:02Z&until=2020-01-01T00:00:02Z").await;
    assert_eq!(
        pedacos(&r.body, "<header", "</header>").len(),
        1,
        "{}",
        r.body
    );
    respostas.push(r.body);
    envelope(&respostas);
}

/// The whole list with its tokens: every record (or header), the last responseDate, the
/// completeListSize of each page, and the norma inserted after the first page when
/// `inserir_apos_a_primeira` is given.
struct Colheita {
    registros: Vec<String>,
    data: String,
    tamanhos: Vec<String>,
    inserida: Option<Uuid>,
}

async fn colher(
    app: &TestApp,
    host: &str,
    primeira: &str,
    inserir_apos_a_primeira: Option<(&store::Store, &Tenant)>,
    respostas: &mut Vec<String>,
) -> Colheita {
    let mut q = primeira.to_owned();
    let mut c = Colheita {
        registros: Vec::new(),
        data: String::new(),
        tamanhos: Vec::new(),
        inserida: None,
    };
    let verbo = if primeira.contains("ListRecords") {
        "ListRecords"
    } else {
        "ListIdentifiers"
    };
    let (abre, fecha) = if verbo == "ListRecords" {
        ("<record>", "</record>")
    } else {
        ("<header", "</header>")
    };
    loop {
        let r = oai(app, host, &q).await;
        assert_eq!(codigo_erro(&r.body), None, "{q}: {}", r.body);
        c.data = texto_de(&r.body, "responseDate").unwrap();
        c.registros
            .extend(pedacos(&r.body, abre, fecha).into_iter().map(str::to_owned));
        if let Some(i) = r.body.find("completeListSize=\"") {
            let ini = i + 18;
            c.tamanhos
                .push(r.body[ini..ini + r.body[ini..].find('"').unwrap()].to_owned());
        }
        let proximo = token(&r.body);
        respostas.push(r.body);
        let Some(t) = proximo else {
            return c;
        };
        if let (Some((store, camara)), None) = (inserir_apos_a_primeira, c.inserida) {
            c.inserida = Some(inserir(store, camara, "inserida entre páginas").await);
        }
        q = format!("verb={verbo}&resumptionToken={t}");
    }
}

fn identificadores(registros: &[String]) -> Vec<String> {
    registros
        .iter()
        .filter_map(|r| texto_de(r, "identifier"))
        .collect()
}

#[tokio::test]
async fn a_harvest_with_tokens_inserts_deletions_and_every_record_valid() {
    let env = TestEnv::new().await;
    let t = env.camara("oai-colheita", "pool").await;
    let b = env.camara("oai-colheita-b", "pool").await;
    let ids = semear(&env, &t, 230, "colheita").await;
    semear(&env, &b, 2, "alheia").await;
    // Vínculos: the record of the norma that makes them names them (Relacionamento).
    {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        for (tipo, disp, novo) in [
            (
                TipoVinculo::Altera,
                Some("art1"),
                "Art. 1º Fica instituído o programa e a feira.",
            ),
            (TipoVinculo::Revoga, Some("art2"), ""),
            (TipoVinculo::Regulamenta, None, ""),
        ] {
            let v = NovoVinculo {
                alvo_id: ids[0],
                tipo,
                dispositivo: disp.map(str::to_owned),
                texto_novo: novo.to_owned(),
                vigencia: date!(2024 - 06 - 01),
                observacao: String::new(),
            };
            store::normas::vinculos::adicionar(&mut tx, &Autor::cli("teste"), ids[1], &v)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        no_passado(&env, &t).await;
    }
    let app = env.app();
    let host = host_of(&t);
    let mut respostas = Vec::new();

    // Page by page; a norma inserted after the first page is delivered at the end, and
    // nothing is skipped or repeated.
    let c = colher(
        &app,
        &host,
        "verb=ListRecords&metadataPrefix=oai_lexml",
        Some((&env.store, &t)),
        &mut respostas,
    )
    .await;
    let nova = c.inserida.unwrap();
    let lidos = identificadores(&c.registros);
    let unicos: BTreeSet<&String> = lidos.iter().collect();
    assert_eq!(lidos.len(), 231, "every norma once");
    assert_eq!(unicos.len(), 231);
    assert!(
        lidos.last().unwrap().ends_with(&nova.to_string()),
        "the insert last"
    );
    assert_eq!(c.tamanhos.first().map(String::as_str), Some("230"));
    assert_eq!(c.tamanhos.last().map(String::as_str), Some("231"));
    assert_eq!(
        c.tamanhos.len(),
        3,
        "pages of 100: a token on each but the last"
    );
    for id in &ids {
        assert!(unicos.iter().any(|u| u.ends_with(&id.to_string())));
    }
    // EVERY oai_lexml record of the câmara against oai_lexml.xsd.
    let lexml: Vec<String> = c
        .registros
        .iter()
        .map(|r| pedacos(r, "<LexML ", "</LexML>").concat())
        .collect();
    assert!(lexml.iter().all(|l| !l.is_empty()));
    let relacoes = c
        .registros
        .iter()
        .find(|r| r.contains(&ids[1].to_string()))
        .unwrap();
    for m in [
        "<Relacionamento tipo=\"altera\">urn:lex:br;pernambuco;olinda:municipal:lei:2024-03-15;",
        "<Relacionamento tipo=\"revoga.dispositivo\">urn:lex:",
        "!art2</Relacionamento>",
        "<Relacionamento tipo=\"regulamenta\">",
    ] {
        assert!(relacoes.contains(m), "{m}: {relacoes}");
    }
    validar(&lexml, &dados().join("lexml/oai_lexml.xsd"));

    // An incremental harvest from the last responseDate: an insert and a deletion between.
    // With second granularity `from` includes the whole second of that responseDate, so a
    // record written in that very second comes again (the protocol allows it; harvesters
    // keep the newest): the earlier insert is dated back, so "exactly" can be asserted.
    {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE app.norma SET atualizado_em = timestamptz '2020-06-01 00:00:00+00'
              WHERE tenant_id = $1 AND id = $2",
        )
        .bind(t.id)
        .bind(nova)
        .execute(tx.conn())
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let data = colher(
        &app,
        &host,
        "verb=ListIdentifiers&metadataPrefix=oai_dc",
        None,
        &mut respostas,
    )
    .await
    .data;
    let outra = inserir(&env.store, &t, "depois da colheita").await;
    // The secretaria deletes it from its page, after the confirmation.
    let (_, cookie) = testkit::fixtures::logged_in(&env.store, &t, Papel::Secretaria).await;
    let excluir = format!("/admin/normas/{}/excluir", ids[5]);
    let r = app.get_as(&host, &excluir, &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Esta ação não pode ser desfeita."),
        "{}",
        r.body
    );
    let csrf = app.csrf(&host, &cookie).await;
    let r = app
        .post_as(&host, &excluir, &cookie, &[("_csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get_as(&host, r.header("location"), &cookie).await;
    assert!(r.body.contains("Norma excluída."), "{}", r.body);
    let pagina = app
        .get(&host, &format!("/legislativo/normas/{}", ids[5]))
        .await;
    assert_eq!(pagina.status, StatusCode::NOT_FOUND);
    let registros = colher(
        &app,
        &host,
        &format!("verb=ListRecords&metadataPrefix=oai_lexml&from={data}"),
        None,
        &mut respostas,
    )
    .await
    .registros;
    assert_eq!(
        registros.len(),
        2,
        "exactly the insert and the tombstone: {registros:?}"
    );
    let novo = registros
        .iter()
        .find(|r| r.contains(&outra.to_string()))
        .unwrap();
    assert!(novo.contains("<LexML "));
    let lapide = registros
        .iter()
        .find(|r| r.contains(&ids[5].to_string()))
        .unwrap();
    assert!(lapide.contains("<header status=\"deleted\">"));
    assert!(
        !lapide.contains("<metadata>"),
        "a tombstone has no metadata"
    );
    let r = oai(
        &app,
        &host,
        &format!(
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{host}:plenario/norma/{}",
            ids[5]
        ),
    )
    .await;
    assert!(r.body.contains("status=\"deleted\""));
    respostas.push(r.body);
    assert!(!registros.iter().any(|r| r.contains(&nova.to_string())));

    // Câmara B's provider lists only B's normas; A's id under B's namespace does not exist.
    let hb = host_of(&b);
    let deb = colher(
        &app,
        &hb,
        "verb=ListIdentifiers&metadataPrefix=oai_lexml",
        None,
        &mut respostas,
    )
    .await
    .registros;
    assert_eq!(deb.len(), 2);
    for id in &ids {
        assert!(!deb.iter().any(|r| r.contains(&id.to_string())));
    }
    let r = oai(
        &app,
        &hb,
        &format!(
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{hb}:plenario/norma/{}",
            ids[0]
        ),
    )
    .await;
    assert_eq!(codigo_erro(&r.body).as_deref(), Some("idDoesNotExist"));
    envelope(&respostas);
}

async fn inserir(store: &store::Store, t: &Tenant, rotulo: &str) -> Uuid {
    let mut tx = TenantTx::begin(store, t, Access::Write).await.unwrap();
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let d = testkit::fixtures::normas::dados(
        lo,
        format!("Institui o programa {rotulo}"),
        TEXTO.to_owned(),
        date!(2025 - 01 - 10),
    );
    let id = store::normas::criar(&mut tx, &Autor::cli("teste"), &d)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// One set per tipo de norma: ListSets lists them (setSpec the sigla, setName the name),
/// `set=` keeps a list to its tipo (tombstones included), every header names its setSpec,
/// and every response is valid OAI-PMH.
#[tokio::test]
async fn one_set_per_tipo_de_norma() {
    let env = TestEnv::new().await;
    let t = env.camara("oai-sets", "pool").await;
    let leis = semear(&env, &t, 3, "sets").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let lc = testkit::fixtures::normas::tipo(&mut tx, "LC").await;
    let mut complementares = Vec::new();
    for i in 0..2 {
        let d = testkit::fixtures::normas::dados(
            lc,
            format!("Institui o código complementar número {i}"),
            TEXTO.to_owned(),
            date!(2024 - 04 - 15),
        );
        complementares.push(
            store::normas::criar(&mut tx, &Autor::cli("teste"), &d)
                .await
                .unwrap(),
        );
    }
    store::normas::oai::excluir(&mut tx, &Autor::cli("teste"), complementares[1])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    no_passado(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let mut respostas = Vec::new();

    let r = oai(&app, &host, "verb=ListSets").await;
    assert!(
        r.body
            .contains("<set><setSpec>LO</setSpec><setName>Lei Ordinária</setName></set>"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<setSpec>LC</setSpec><setName>Lei Complementar</setName>")
    );
    assert!(
        r.body.contains("<setSpec>RES</setSpec>"),
        "every tipo, even without normas"
    );
    respostas.push(r.body);

    // set=LC: the living lei complementar and the tombstone of the deleted one, each with
    // its setSpec; none of the leis ordinárias.
    let r = oai(
        &app,
        &host,
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=LC",
    )
    .await;
    let headers = pedacos(&r.body, "<header", "</header>");
    assert_eq!(headers.len(), 2, "{}", r.body);
    assert!(headers.iter().all(|h| h.contains("<setSpec>LC</setSpec>")));
    assert!(headers.iter().any(|h| h.contains("status=\"deleted\"")
        && h.contains(&complementares[1].to_string())));
    assert!(leis.iter().all(|l| !r.body.contains(&l.to_string())));
    respostas.push(r.body);
    let r = oai(
        &app,
        &host,
        "verb=ListRecords&metadataPrefix=oai_lexml&set=LO",
    )
    .await;
    let registros = pedacos(&r.body, "<record", "</record>");
    assert_eq!(registros.len(), 3);
    assert!(
        registros
            .iter()
            .all(|h| h.contains("<setSpec>LO</setSpec>"))
    );
    assert!(
        complementares
            .iter()
            .all(|c| !r.body.contains(&c.to_string()))
    );
    respostas.push(r.body);
    // Without a set, every header names exactly one setSpec.
    let r = oai(&app, &host, "verb=ListIdentifiers&metadataPrefix=oai_dc").await;
    let headers = pedacos(&r.body, "<header", "</header>");
    assert_eq!(headers.len(), 5);
    assert!(headers.iter().all(|h| h.matches("<setSpec>").count() == 1));
    respostas.push(r.body);
    let r = oai(
        &app,
        &host,
        &format!(
            "verb=GetRecord&metadataPrefix=oai_lexml&identifier=oai:{host}:plenario/norma/{}",
            complementares[0]
        ),
    )
    .await;
    assert!(r.body.contains("<setSpec>LC</setSpec>"), "{}", r.body);
    respostas.push(r.body);
    // A tipo with no norma: no records.
    let r = oai(
        &app,
        &host,
        "verb=ListRecords&metadataPrefix=oai_dc&set=RES",
    )
    .await;
    assert_eq!(codigo_erro(&r.body).as_deref(), Some("noRecordsMatch"));
    respostas.push(r.body);
    envelope(&respostas);
}
