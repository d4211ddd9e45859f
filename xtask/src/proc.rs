//! Running commands and background services.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{paths, stop};

/// A command with the project's tool PATH, run from the repository root.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(paths::root()).env("PATH", paths::tool_path());
    c
}

/// Runs a command to completion; Err names it when it fails. It runs in a process group of its
/// own that a signal to xtask stops with it (stop.rs).
pub fn run(mut c: Command) -> Result<(), String> {
    let shown = format!("{c:?}");
    println!("$ {}", shown.replace('"', ""));
    stop::own_group(&mut c);
    stop::halt_if_stopping();
    let mut child = c.spawn().map_err(|e| format!("could not start {shown}: {e}"))?;
    stop::register(child.id());
    let status = child.wait();
    stop::halt_if_stopping();
    stop::unregister(child.id());
    let status = status.map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", shown.replace('"', "")))
    }
}

/// Runs a command and returns its trimmed stdout, or None if it can't run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A background process, in a process group of its own, stopped with everything it started when
/// dropped or when xtask is told to stop (stop.rs), so no run leaves Azurite, the emulator or
/// trunk holding their ports.
pub struct Service {
    pub name: &'static str,
    child: Child,
}

impl Service {
    pub fn spawn(name: &'static str, mut c: Command, log: &Path) -> Result<Self, String> {
        let file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = file.try_clone().map_err(|e| e.to_string())?;
        c.stdout(Stdio::from(file)).stderr(Stdio::from(err)).stdin(Stdio::null());
        stop::own_group(&mut c);
        stop::halt_if_stopping();
        let child = c.spawn().map_err(|e| format!("could not start {name}: {e}"))?;
        stop::register(child.id());
        Ok(Service { name, child })
    }

    /// Its process group id (the child leads the group).
    pub fn group(&self) -> i32 {
        self.child.id() as i32
    }

    /// Fails early with a clear message if the process already died.
    pub fn check_alive(&mut self) -> Result<(), String> {
        stop::halt_if_stopping();
        match self.child.try_wait() {
            Ok(Some(status)) => Err(format!("{} exited early ({status})", self.name)),
            _ => Ok(()),
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        stop::stop_groups(&[self.group()], stop::GRACE);
        stop::unregister(self.child.id());
        // Already reaped by stop_groups; this only settles std's view of the child.
        let _ = self.child.try_wait();
    }
}

/// Status code of `GET path` on 127.0.0.1:port, or None if nothing answers.
pub fn http_status(port: u16, path: &str) -> Option<u16> {
    let addr = format!("127.0.0.1:{port}");
    let mut s = TcpStream::connect_timeout(&addr.parse().ok()?, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).ok()?;
    let head = std::str::from_utf8(&buf[..n]).ok()?;
    head.split_whitespace().nth(1)?.parse().ok()
}

/// Waits until something answers on the port (any status), checking the service is alive.
pub fn wait_for_http(svc: &mut Service, port: u16, path: &str, limit: Duration) -> Result<(), String> {
    let start = Instant::now();
    loop {
        if http_status(port, path).is_some() {
            println!("  {} is up on 127.0.0.1:{port} ({:.1}s)", svc.name, start.elapsed().as_secs_f32());
            return Ok(());
        }
        svc.check_alive()?;
        if start.elapsed() > limit {
            return Err(format!("{} did not answer on port {port} within {limit:?}", svc.name));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// True if something already listens on the port (so we don't start a second copy).
pub fn port_in_use(port: u16) -> bool {
    TcpStream::connect_timeout(&format!("127.0.0.1:{port}").parse().expect("valid address"), Duration::from_millis(300))
        .is_ok()
}
