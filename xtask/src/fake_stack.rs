//! Hidden commands for the clean-stop test (xtask/tests/clean_stop.rs): a stack shaped like the
//! dev stack — started through the same `Service` code — whose services are this binary:
//!
//! - `_fake-stack P1 P2 P3`: an "Azurite" on P1 that ignores SIGTERM, and a "trunk" on P2 that
//!   started a "cargo" of its own on P3 (a grandchild in its process group, ignoring SIGTERM
//!   too); prints `ready` once every port answers, then waits like `xtask dev`.
//! - `_fake-service PORT [--ignore-term] [--child PORT2]`: listens on PORT until killed.

use std::net::TcpListener;
use std::time::Duration;

use crate::proc::{self, Service};

pub fn stack(args: &[String]) -> Result<(), String> {
    let ports: Vec<u16> =
        args.iter().map(|a| a.parse().map_err(|_| format!("bad port {a}"))).collect::<Result<_, _>>()?;
    let [azurite, trunk, cargo] = ports[..] else { return Err("_fake-stack P1 P2 P3".into()) };
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let logs = std::env::temp_dir();
    let service = |name, args: Vec<String>| {
        let mut c = std::process::Command::new(&me);
        c.arg("_fake-service").args(args);
        Service::spawn(name, c, &logs.join(format!("xtask-fake-{name}-{}.log", std::process::id())))
    };
    let services = [
        service("azurite", vec![azurite.to_string(), "--ignore-term".into()])?,
        service("trunk", vec![trunk.to_string(), "--child".into(), cargo.to_string()])?,
    ];
    for port in [azurite, trunk, cargo] {
        let start = std::time::Instant::now();
        while !proc::port_in_use(port) {
            if start.elapsed() > Duration::from_secs(20) {
                return Err(format!("fake service on {port} did not start"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    println!("ready");
    let mut services = services;
    loop {
        for s in &mut services {
            s.check_alive()?;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

pub fn service(args: &[String]) -> Result<(), String> {
    let port: u16 = args.first().and_then(|p| p.parse().ok()).ok_or("_fake-service PORT")?;
    if args.iter().any(|a| a == "--ignore-term") {
        // SAFETY: setting a signal disposition to SIG_IGN has no memory effects.
        unsafe { libc::signal(libc::SIGTERM, libc::SIG_IGN) };
    }
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("bind {port}: {e}"))?;
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let child_port = args.get(i + 1).ok_or("--child PORT")?;
        // Same process group, not a Service: like the cargo build trunk starts.
        let me = std::env::current_exe().map_err(|e| e.to_string())?;
        std::process::Command::new(me)
            .args(["_fake-service", child_port, "--ignore-term"])
            .spawn()
            .map_err(|e| e.to_string())?;
    }
    for conn in listener.incoming() {
        drop(conn);
    }
    Ok(())
}
