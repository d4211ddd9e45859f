//! A real Azurite (blob only, in memory) per test, on a free loopback port, plus an emulator
//! linked to it. Tests skip with a message when `node_modules/.bin/azurite-blob` is missing
//! (`cargo xtask test` installs it).

use super::Emu;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct Azurite {
    child: Child,
    pub url: String,
}

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../node_modules/.bin/azurite-blob")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts Azurite, or returns None (after printing why) when it is not installed.
pub async fn start() -> Option<Azurite> {
    let bin = binary();
    if !bin.exists() {
        eprintln!("SKIPPED: {} is missing (run `npm ci` or `cargo xtask test`)", bin.display());
        return None;
    }
    let port = free_port();
    let child = Command::new(&bin)
        .args([
            "--inMemoryPersistence",
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            &port.to_string(),
            "--skipApiVersionCheck",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("azurite starts");
    let az = Azurite { child, url: format!("http://127.0.0.1:{port}/devstoreaccount1") };
    // A readiness wait, not a timing check: a loaded machine (CI, parallel builds) can take many seconds.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Some(az);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("Azurite did not start on port {port}");
}

/// An emulator linked to `az`, with its own cache and work folders.
pub async fn emulator(az: &Azurite) -> Emu {
    let url = az.url.clone();
    let tmp = std::env::temp_dir().join(format!("aml-emu-test-{}", uuid::Uuid::new_v4()));
    super::start_with(move |c| {
        c.azurite_url = url;
        c.cache_dir = tmp.join("cache");
        c.work_dir = tmp.join("runs");
    })
    .await
}
