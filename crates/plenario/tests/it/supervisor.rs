//! `plenario dev` supervises its embedded PostgreSQL (issue #8): a killed postmaster is
//! reaped (no zombie) and started again, and the câmaras answer again by themselves.

use std::time::{Duration, Instant};

use super::comum::{DevServer, http_get};

fn postmaster_pid(home: &std::path::Path) -> Option<i32> {
    let text = std::fs::read_to_string(home.join("data").join("postmaster.pid")).ok()?;
    let pid: i32 = text.lines().next()?.trim().parse().ok()?;
    let ready = text.lines().nth(7).is_some_and(|l| l.trim() == "ready");
    ready.then_some(pid)
}

/// The process state letter (`R`, `S`, `Z`…), if the process exists.
fn state_of(pid: i32) -> Option<char> {
    let st = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    st.rsplit_once(')')?.1.trim_start().chars().next()
}

fn status(resp: &str) -> u16 {
    resp.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn dev_restarts_a_killed_postmaster_and_serves_again() {
    // The loop below asks as fast as it can while the database is down: no rate limit, so
    // a slow restart on a loaded machine is not answered 429 (the limits have their tests).
    let mut dev = DevServer::start_with(&[("PLENARIO_LIMITE_IP", "0")]);
    let port = dev.port;
    assert_eq!(status(&http_get(port, "olinda.localhost", "/")), 200);
    let old = postmaster_pid(&dev.home).expect("postmaster.pid");

    // SAFETY: killing the server `plenario dev` started for this test.
    assert_eq!(unsafe { libc::kill(old, libc::SIGKILL) }, 0);

    let started = Instant::now();
    let mut seen = Vec::new();
    let new = loop {
        // Every answer meanwhile is fast and either the page or a 503, never a 500.
        let t = Instant::now();
        let resp = http_get(port, "olinda.localhost", "/");
        let s = status(&resp);
        assert!(matches!(s, 200 | 503), "{resp}");
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        seen.push(s);
        if let Some(pid) = postmaster_pid(&dev.home).filter(|p| *p != old)
            && s == 200
        {
            break pid;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the postmaster was not restarted: {seen:?}"
        );
        std::thread::yield_now();
    };
    eprintln!(
        "postmaster {old} killed, {new} serving after {:?} ({} requests meanwhile)",
        started.elapsed(),
        seen.len()
    );
    // The dead postmaster was reaped by its parent, not left as a zombie.
    assert_ne!(
        state_of(old),
        Some('Z'),
        "the killed postmaster is a zombie"
    );
    assert!(matches!(state_of(new), Some(c) if c != 'Z'));
    // The restart went through PostgreSQL's crash recovery.
    let log = std::fs::read_to_string(dev.home.join("postgres.log")).unwrap_or_default();
    assert!(
        log.contains("not properly shut down") || log.contains("automatic recovery"),
        "no crash recovery in the log"
    );

    // Ctrl-C still stops the server and the (new) cluster cleanly.
    let home = dev.home.clone();
    assert!(dev.stop(), "dev did not exit cleanly");
    assert!(!home.join("data").join("postmaster.pid").exists());
    assert!(state_of(new).is_none_or(|c| c == 'Z'));
}
