//! One câmara cannot take the others offline (issue #8): request bodies are read before
//! any connection is taken, a câmara holds at most its share of a shared pool, and a
//! request that cannot get a connection answers 503 at once. Over real TCP sockets, to a
//! real server.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use domain::auth::Papel;
use store::{Access, DataDb, Limites, MAIN_CLUSTER, Store, StoreConfig, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use web::{AppState, WebConfig};

/// A store on the test cluster with production-like limits and a small pool.
pub fn store_pequeno(pool_max: u32) -> Store {
    let c = testkit::cluster::get();
    Store::new(StoreConfig {
        clusters: vec![(MAIN_CLUSTER.to_owned(), c.options("plenario"))],
        app_password: None,
        pool_max,
        assert_clean_connections: false,
        files_dir: c.files_dir(),
        files_url: None,
        limites: Limites::default(),
    })
    .unwrap()
}

/// `serve` on a free port: the whole application, with the client's address.
pub async fn servir(store: Store, corpo: web::http::corpo::Limites) -> (SocketAddr, AppState) {
    let config = WebConfig {
        corpo,
        ..WebConfig::new(testkit::BASE_DOMAIN, false)
    };
    let state = AppState::new(store, config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = web::app(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    (addr, state)
}

/// A GET over a fresh connection: status, time to the whole answer, the answer.
pub async fn get(addr: SocketAddr, host: &str, path: &str) -> (u16, Duration, String) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let resp = ler_tudo(&mut s).await;
    (status_of(&resp), started.elapsed(), resp)
}

async fn ler_tudo(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

pub fn status_of(resp: &str) -> u16 {
    resp.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// A multipart upload that announces `total` bytes and sends them a byte at a time, for
/// as long as the server listens. Resolves to the server's answer.
struct EnvioLento {
    answer: tokio::task::JoinHandle<String>,
}

async fn envio_lento(addr: SocketAddr, host: &str, path: &str, cookie: &str) -> EnvioLento {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let total = 100_000;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {total}\r\n\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"titulo\"\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let answer = tokio::spawn(async move {
        let (mut rd, mut wr) = s.into_split();
        let trickle = async move {
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if wr.write_all(b"a").await.is_err() {
                    break;
                }
            }
        };
        let read = async move {
            let mut out = Vec::new();
            let _ = rd.read_to_end(&mut out).await;
            String::from_utf8_lossy(&out).into_owned()
        };
        tokio::select! {
            r = read => r,
            () = trickle => String::new(),
        }
    });
    EnvioLento { answer }
}

/// The slowest of a few GETs.
async fn pior_de(addr: SocketAddr, host: &str, n: usize) -> Duration {
    let mut pior = Duration::ZERO;
    for _ in 0..n {
        let (status, t, resp) = get(addr, host, "/").await;
        assert_eq!(status, 200, "{host}: {resp}");
        pior = pior.max(t);
    }
    pior
}

/// Runs the attack of issue #8: `n` slow uploads on `a`, logged in, while `b` (and `a`'s
/// public pages) are measured.
async fn ataque(placement_a: &str, n: usize, pool_max: u32) {
    let env = TestEnv::new().await;
    let a = env.camara("lenta", placement_a).await;
    let b = env.camara("vizinha", "pool").await;
    let (ha, hb) = (host_of(&a), host_of(&b));
    let store = store_pequeno(pool_max);
    let corpo = web::http::corpo::Limites {
        prazo: Duration::from_secs(4),
        ocioso: Duration::from_secs(3),
        ..Default::default()
    };
    let (addr, _state) = servir(store.clone(), corpo).await;
    let (_, cookie) = logged_in(&env.store, &a, Papel::Editor).await;
    let tok = TestApp::new(env.store.clone())
        .get_as(&ha, "/admin", &cookie)
        .await
        .field("_csrf")
        .expect("csrf");

    // Before: how fast B (and A's portal) answer on this machine, now.
    let antes_b = pior_de(addr, &hb, 5).await;
    let antes_a = pior_de(addr, &ha, 5).await;

    let path = format!("/admin/noticias?_csrf={tok}");
    let mut envios = Vec::new();
    for _ in 0..n {
        envios.push(envio_lento(addr, &ha, &path, &cookie).await);
    }
    // Every upload is in flight (headers and the start of the body sent, the rest
    // trickling) while B and A's portal are measured.
    let durante_b = pior_de(addr, &hb, 10).await;
    let durante_a = pior_de(addr, &ha, 5).await;
    let folga = |antes: Duration| antes * 10 + Duration::from_millis(500);
    assert!(
        durante_b <= folga(antes_b),
        "B slowed down by A's slow uploads: {durante_b:?} vs {antes_b:?} before"
    );
    assert!(
        durante_a <= folga(antes_a),
        "A's portal slowed down by its own slow uploads: {durante_a:?} vs {antes_a:?}"
    );
    // The uploads are cut off by the body deadline with a Portuguese 408, never a 500.
    for e in envios {
        let resp = tokio::time::timeout(Duration::from_secs(30), e.answer)
            .await
            .expect("the server cut the slow upload off")
            .unwrap();
        assert_eq!(status_of(&resp), 408, "{resp}");
        assert!(resp.contains("demorou demais"), "{resp}");
    }
    eprintln!(
        "{placement_a}: B {antes_b:?} → {durante_b:?}, A {antes_a:?} → {durante_a:?} with {n} slow uploads"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn slow_uploads_on_one_camara_do_not_take_the_shared_pool_down() {
    // Before the fix, 17 slow uploads on a pool of 16 made every other câmara answer 500.
    ataque("pool", 17, 4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn slow_uploads_do_not_take_a_dedicated_database_down() {
    // Before the fix, 5 slow uploads exhausted a dedicated database's pool of 4.
    ataque("dedicated", 5, 4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_camara_at_its_share_of_the_pool_gets_503_and_the_others_do_not() {
    let env = TestEnv::new().await;
    let a = env.camara("gulosa", "pool").await;
    let b = env.camara("vizinha", "pool").await;
    let store = store_pequeno(8);
    let share = store.config().limites.camara_max(8);
    assert_eq!(share, 2, "a quarter of 8");
    let (addr, _state) = servir(store.clone(), Default::default()).await;
    // A's whole share is taken (as by long requests of A).
    let mut held = Vec::new();
    for _ in 0..share {
        held.push(TenantTx::begin(&store, &a, Access::Read).await.unwrap());
    }
    let (status, t, resp) = get(addr, &host_of(&a), "/").await;
    assert_eq!(status, 503, "{resp}");
    assert!(resp.contains("Sistema ocupado"), "{resp}");
    assert!(resp.to_lowercase().contains("retry-after: 5"), "{resp}");
    assert!(
        t < Duration::from_secs(3),
        "refused quickly, not after 10 s: {t:?}"
    );
    // B, in the same pool, is served.
    let (status, _, resp) = get(addr, &host_of(&b), "/").await;
    assert_eq!(status, 200, "{resp}");
    drop(held);
    let (status, _, resp) = get(addr, &host_of(&a), "/").await;
    assert_eq!(
        status, 200,
        "A is served again once its turns are back: {resp}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_pool_answers_503_busy_quickly_not_500_after_10_s() {
    let env = TestEnv::new().await;
    let b = env.camara("espera", "pool").await;
    let store = store_pequeno(4);
    let (addr, _state) = servir(store.clone(), Default::default()).await;
    let (status, _, _) = get(addr, &host_of(&b), "/").await;
    assert_eq!(status, 200);
    let pool = store.app_pool(&DataDb::pool(MAIN_CLUSTER)).await.unwrap();
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(pool.acquire().await.unwrap());
    }
    let (status, t, resp) = get(addr, &host_of(&b), "/").await;
    assert_eq!(status, 503, "{resp}");
    assert!(resp.contains("Sistema ocupado"), "{resp}");
    assert!(
        t < Duration::from_secs(3),
        "answered within the acquire timeout: {t:?}"
    );
    drop(held);
    let (status, _, _) = get(addr, &host_of(&b), "/").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn application_sessions_carry_statement_and_idle_timeouts() {
    let env = TestEnv::new().await;
    let a = env.camara("relogio", "pool").await;
    let c = testkit::cluster::get();
    let store = Store::new(StoreConfig {
        clusters: vec![(MAIN_CLUSTER.to_owned(), c.options("plenario"))],
        app_password: None,
        pool_max: 2,
        assert_clean_connections: false,
        files_dir: c.files_dir(),
        files_url: None,
        limites: Limites {
            statement_timeout: Duration::from_millis(300),
            idle_in_transaction_timeout: Duration::from_secs(7),
            ..Default::default()
        },
    })
    .unwrap();
    let mut tx = TenantTx::begin(&store, &a, Access::Read).await.unwrap();
    let (st, idle): (String, String) = sqlx::query_as(
        "SELECT current_setting('statement_timeout'), \
                current_setting('idle_in_transaction_session_timeout')",
    )
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!((st.as_str(), idle.as_str()), ("300ms", "7s"));
    let started = Instant::now();
    let e: store::Error = sqlx::query("SELECT pg_sleep(5)")
        .execute(tx.conn())
        .await
        .unwrap_err()
        .into();
    assert!(matches!(e, store::Error::Busy), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn broken_or_foreign_uploads_get_portuguese_answers() {
    let env = TestEnv::new().await;
    let a = env.camara("envios", "pool").await;
    let ha = host_of(&a);
    let store = store_pequeno(4);
    let corpo = web::http::corpo::Limites {
        max: 64 * 1024,
        ..Default::default()
    };
    let (addr, _state) = servir(store, corpo).await;
    let (_, cookie) = logged_in(&env.store, &a, Papel::Editor).await;
    let tok = TestApp::new(env.store.clone())
        .get_as(&ha, "/admin", &cookie)
        .await
        .field("_csrf")
        .expect("csrf");
    let path = format!("/admin/noticias?_csrf={tok}");
    let post = |ct: &'static str, body: Vec<u8>| {
        let (ha, path, cookie) = (ha.clone(), path.clone(), cookie.clone());
        async move {
            let mut s = TcpStream::connect(addr).await.unwrap();
            let head = format!(
                "POST {path} HTTP/1.1\r\nHost: {ha}\r\nCookie: {cookie}\r\nConnection: close\r\n\
                 Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            s.write_all(head.as_bytes()).await.unwrap();
            let _ = s.write_all(&body).await;
            ler_tudo(&mut s).await
        }
    };
    // Not multipart at all, and multipart without a boundary.
    for ct in ["multipart/form-data", "multipart/form-data; boundary=\"\""] {
        let r = post(ct, b"titulo=x".to_vec()).await;
        assert!(matches!(status_of(&r), 400 | 422), "{ct}: {r}");
        assert!(
            r.contains("Formulário inválido") || r.contains("malformado"),
            "{ct}: {r}"
        );
        assert!(!r.contains("grande demais"), "{ct}: {r}");
    }
    // A broken multipart body: malformed, not "too large".
    let r = post(
        "multipart/form-data; boundary=XyZ",
        b"--XyZ\r\nContent-Disposition: form-data; name=\"titulo\"\r\n\r\nsem fim".to_vec(),
    )
    .await;
    assert_eq!(status_of(&r), 422, "{r}");
    assert!(r.contains("incompleto ou malformado"), "{r}");
    assert!(!r.contains("grande demais"), "{r}");
    // Larger than the server takes: 413 with a Portuguese page, before reading it.
    let r = post("multipart/form-data; boundary=XyZ", vec![b'a'; 65 * 1024]).await;
    assert_eq!(status_of(&r), 413, "{r}");
    assert!(r.contains("grande demais"), "{r}");
    // A chunked body (size unknown until read) over the limit: the same page.
    let big = format!("_csrf={tok}&titulo={}", "a".repeat(70 * 1024));
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /admin/configuracoes HTTP/1.1\r\nHost: {ha}\r\nCookie: {cookie}\r\n\
         Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // Chunked, so the size is only known while reading.
    for chunk in big.as_bytes().chunks(8192) {
        let _ = s
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await;
        let _ = s.write_all(chunk).await;
        let _ = s.write_all(b"\r\n").await;
    }
    let _ = s.write_all(b"0\r\n\r\n").await;
    let r = ler_tudo(&mut s).await;
    assert_eq!(status_of(&r), 413, "{r}");
    assert!(r.contains("grande demais"), "{r}");
}
