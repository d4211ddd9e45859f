//! The local stand-in for Azure plus the console: Azurite (blob), the emulator (ARM + Entra ID),
//! and the console served either by `trunk serve` (dev) or as built static files (test, bench).

use std::path::PathBuf;
use std::time::Duration;

use crate::proc::{self, Service};
use crate::{azurite, paths, static_site as serve};

#[derive(Clone, Copy)]
pub struct Ports {
    pub emulator: u16,
    pub console: u16,
    pub azurite: u16,
}

impl Ports {
    /// Dev ports from docs/CONTRACTS.md.
    pub const DEV: Ports = Ports { emulator: 7070, console: 8080, azurite: 10000 };
    /// Test ports differ, so a running `cargo xtask dev` does not disturb `cargo xtask test`.
    pub const TEST: Ports = Ports { emulator: 17070, console: 18080, azurite: 20000 };
    pub const BENCH: Ports = Ports { emulator: 27070, console: 28080, azurite: 30000 };

    /// `AML_PORT_OFFSET=N` shifts every port by N, so two test runs (two people, or two
    /// worktrees) on one machine don't collide.
    pub fn offset_from_env(self) -> Ports {
        let n: u16 = std::env::var("AML_PORT_OFFSET").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
        Ports { emulator: self.emulator + n, console: self.console + n, azurite: self.azurite + n }
    }

    pub fn console_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.console)
    }
    pub fn emulator_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.emulator)
    }
    /// The data plane named by the emulator's discovery document: the same emulator on a second
    /// loopback address, so the flows prove the console follows the document.
    pub fn data_plane_url(&self) -> String {
        format!("http://127.0.0.2:{}", self.emulator)
    }
}

pub enum Console {
    /// `trunk serve` with rebuild on change (dev).
    Trunk,
    /// A folder from `xtask dist` (config.json for these ports inside) served like a storage
    /// static website at `/`.
    Static(PathBuf),
    /// Already served on the console port by an earlier stack of this process (a static
    /// website outlives its stack): a second pass with other services behind the same build.
    AlreadyServed,
}

pub struct StackOptions {
    pub bench_computes: Option<u32>,
    pub test_hooks: bool,
    pub persist: bool,
    /// More places the console is served from (e.g. `http://127.0.0.1:18081/console/`): each is
    /// registered as a redirect URI and its origin gets the Azurite CORS rule.
    pub extra_console_urls: Vec<String>,
    /// Azurite on HTTPS with this test certificate and OAuth (bearer tokens) on; `None`: plain
    /// HTTP, Shared Key and SAS only (the dev stack).
    pub azurite_tls: Option<crate::tls::TestCert>,
}

pub struct Stack {
    services: Vec<Service>,
}

pub fn logs_dir() -> PathBuf {
    let d = paths::target_dir().join("xtask").join("logs");
    let _ = std::fs::create_dir_all(&d);
    d
}

/// The console's runtime config for a given set of ports (same shape as public/config.json).
pub fn console_config(ports: Ports) -> String {
    let emu = ports.emulator_url();
    serde_json::json!({
        "cloud": "Emulator",
        "armEndpoint": emu,
        "armScope": "https://management.azure.com/user_impersonation",
        "authorityHost": emu,
        "tenant": "3f2b6c1d-8e4a-4b7f-9c2d-5a6e7f8b9c0d",
        "clientId": "5e3c7a5b-2f8e-4d61-9b0a-3c1f6e2d4a90",
        "redirectUri": null,
        "apiVersion": "2025-12-01",
        // No dataPlaneEndpoint: the console follows each workspace's discovery document, which
        // names the emulator's second loopback address (`Ports::data_plane_url`); the console
        // trusts it with a token, and the CSP allows it, because it is listed here.
        "dataPlaneOrigins": [ports.data_plane_url()],
        // Read by `xtask dist` only: the CSP's connect-src for SAS URLs (Azurite, this port).
        // Both schemes: the HTTPS pass of `xtask test` runs Azurite on the same port with TLS.
        "storageOrigins": [format!("http://127.0.0.1:{}", ports.azurite), format!("https://127.0.0.1:{}", ports.azurite)],
    })
    .to_string()
}

pub fn build_emulator() -> Result<(), String> {
    let mut c = proc::cmd("cargo");
    c.args(["build", "--quiet", "-p", "aml-emulator"]);
    proc::run(c)
}

/// Stops every service at once (each may take the grace period), then drops them.
impl Drop for Stack {
    fn drop(&mut self) {
        let groups: Vec<i32> = self.services.iter().map(Service::group).collect();
        crate::stop::stop_groups(&groups, crate::stop::GRACE);
    }
}

impl Stack {
    pub fn start(ports: Ports, console: Console, opts: StackOptions) -> Result<Stack, String> {
        for (what, port) in [("emulator", ports.emulator), ("console", ports.console), ("Azurite", ports.azurite)] {
            if proc::port_in_use(port) && !(what == "console" && matches!(console, Console::AlreadyServed)) {
                return Err(format!(
                    "port {port} for the {what} is taken: stop what runs there first, or run with AML_PORT_OFFSET=<n> (another test run may be using it)"
                ));
            }
        }
        let logs = logs_dir();
        let mut services = Vec::new();

        let mut az = proc::cmd(&paths::node_bin().join("azurite-blob").to_string_lossy());
        az.args(["--blobHost", "127.0.0.1", "--blobPort", &ports.azurite.to_string(), "--skipApiVersionCheck"]);
        if let Some(tls) = &opts.azurite_tls {
            az.arg("--cert").arg(&tls.cert).arg("--key").arg(&tls.key).args(["--oauth", "basic"]);
        }
        if opts.persist {
            let dir = paths::root().join(".azurite");
            let _ = std::fs::create_dir_all(&dir);
            az.args(["--location", &dir.to_string_lossy()]);
        } else {
            az.arg("--inMemoryPersistence");
        }
        let mut az = Service::spawn("Azurite", az, &logs.join("azurite.log"))?;
        match &opts.azurite_tls {
            None => {
                proc::wait_for_http(&mut az, ports.azurite, "/devstoreaccount1?comp=list", Duration::from_secs(60))?
            }
            Some(_) => wait_for_port(&mut az, ports.azurite, Duration::from_secs(60))?,
        }
        services.push(az);
        let mut origins =
            vec![ports.console_url().trim_end_matches('/').to_string(), format!("http://localhost:{}", ports.console)];
        for url in &opts.extra_console_urls {
            origins.push(url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/"));
        }
        match &opts.azurite_tls {
            None => azurite::set_cors(ports.azurite, &origins)?,
            Some(tls) => azurite::set_cors_tls(ports.azurite, &origins, &tls.ca)?,
        }

        build_emulator()?;
        let mut emu = proc::cmd(&paths::emulator_bin().to_string_lossy());
        emu.args(["serve", "--port", &ports.emulator.to_string()]);
        let scheme = if opts.azurite_tls.is_some() { "https" } else { "http" };
        emu.args(["--azurite-url", &format!("{scheme}://127.0.0.1:{}/devstoreaccount1", ports.azurite)]);
        if let Some(tls) = &opts.azurite_tls {
            emu.arg("--azurite-ca").arg(&tls.ca);
        }
        if !matches!(console, Console::Trunk) {
            emu.args(["--data-plane-url", &ports.data_plane_url()]);
        }
        let work = paths::target_dir().join("xtask").join(format!("emulator-{}", ports.emulator));
        emu.args(["--work-dir", &work.join("runs").to_string_lossy()]);
        // The conda/pip environment cache outlives a run: building one is the slow part of a job.
        emu.args(["--cache-dir", &paths::target_dir().join("xtask").join("env-cache").to_string_lossy()]);
        emu.args(["--redirect-uri", &ports.console_url()]);
        emu.args(["--redirect-uri", &format!("http://localhost:{}/", ports.console)]);
        for url in &opts.extra_console_urls {
            emu.args(["--redirect-uri", url]);
        }
        if let Some(n) = opts.bench_computes {
            emu.args(["--bench-computes", &n.to_string()]);
        }
        if opts.test_hooks {
            emu.arg("--test-hooks");
        }
        let mut emu = Service::spawn("emulator", emu, &logs.join("emulator.log"))?;
        proc::wait_for_http(&mut emu, ports.emulator, "/_emulator/health", Duration::from_secs(60))?;
        services.push(emu);

        match console {
            Console::Trunk => {
                let mut t = proc::cmd("trunk");
                t.args(["serve", "--address", "127.0.0.1", "--port", &ports.console.to_string()]);
                let mut t = Service::spawn("console (trunk serve)", t, &logs.join("trunk.log"))?;
                println!("  building the console (first build takes a few minutes) …");
                proc::wait_for_http(&mut t, ports.console, "/", Duration::from_secs(900))?;
                services.push(t);
            }
            // A storage static website: config.json is whatever `xtask dist` put into the
            // folder (nothing swaps it at serve time), deep links get index.html with 404.
            Console::Static(dir) => serve::spawn_static_website(dir, ports.console, "/")?,
            Console::AlreadyServed => {}
        }
        Ok(Stack { services })
    }

    /// Blocks until one of the services exits (dev mode: Ctrl-C stops them all).
    pub fn wait_any(&mut self) -> Result<(), String> {
        loop {
            for s in &mut self.services {
                s.check_alive()?;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

/// Waits until something listens on the port (an HTTPS server does not answer the plain-HTTP
/// probe of `proc::wait_for_http`).
fn wait_for_port(svc: &mut Service, port: u16, limit: Duration) -> Result<(), String> {
    let start = std::time::Instant::now();
    while !proc::port_in_use(port) {
        svc.check_alive()?;
        if start.elapsed() > limit {
            return Err(format!("{} did not listen on port {port} within {limit:?}", svc.name));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    println!("  {} (HTTPS) is up on 127.0.0.1:{port} ({:.1}s)", svc.name, start.elapsed().as_secs_f32());
    Ok(())
}
