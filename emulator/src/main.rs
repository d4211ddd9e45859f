//! `aml-emulator serve …` runs the emulator; `aml-emulator token …` prints an access token
//! signed with the same key, for curl and scripts.

use aml_emulator::auth::jwt::{access_claims, sign};
use aml_emulator::config::{user_by_upn, Config};
use aml_emulator::util::now_secs;

const USAGE: &str = "usage:
  aml-emulator serve [--port 7070] [--page-size 5] [--token-lifetime 3600] [--state-file PATH]
                     [--redirect-uri URI]... [--bench-computes N] [--bench-jobs N]
                     [--jobs-page-size N] [--test-hooks]
                     [--public-url http://127.0.0.1:7070] [--signing-key KEY]
                     [--data-plane-url http://127.0.0.2:7070] [--no-data-plane-cors]
                     [--azurite-url http://127.0.0.1:10000/devstoreaccount1] [--azurite-account NAME]
                     [--azurite-key BASE64] [--azurite-ca CERT.pem] [--cache-dir DIR] [--work-dir DIR] [--max-jobs 4]
                     [--faults FILE.json] [--fault-seed N]
  aml-emulator token [--user ada@contoso.example] [--lifetime SECS]
                     [--audience https://management.azure.com/] [--signing-key KEY]
env: AML_EMU_PORT (port), AML_EMU_REDIRECT_URIS (comma-separated extra redirect URIs),
     AML_EMU_AZURITE_URL, AML_EMU_AZURITE_ACCOUNT, AML_EMU_AZURITE_KEY, AML_EMU_CACHE_DIR";

fn fail(msg: &str) -> ! {
    eprintln!("aml-emulator: {msg}\n{USAGE}");
    std::process::exit(2)
}

/// Splits `--flag value` / `--flag=value` arguments.
fn parse_flags(args: &[String], switches: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if !a.starts_with("--") {
            fail(&format!("unexpected argument '{a}'"));
        }
        if let Some((k, v)) = a.split_once('=') {
            out.push((k.to_string(), v.to_string()));
        } else if switches.contains(&a.as_str()) {
            out.push((a.clone(), String::new()));
        } else {
            let v = args.get(i + 1).unwrap_or_else(|| fail(&format!("{a} needs a value")));
            out.push((a.clone(), v.clone()));
            i += 1;
        }
        i += 1;
    }
    out
}

fn num<T: std::str::FromStr>(flag: &str, v: &str) -> T {
    v.parse().unwrap_or_else(|_| fail(&format!("{flag}: '{v}' is not a number")))
}

fn serve_config(args: &[String]) -> Config {
    let mut c = Config { public_url: String::new(), ..Config::default() };
    if let Ok(p) = std::env::var("AML_EMU_PORT") {
        c.port = num("AML_EMU_PORT", &p);
    }
    if let Ok(list) = std::env::var("AML_EMU_REDIRECT_URIS") {
        c.redirect_uris.extend(list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from));
    }
    if let Ok(v) = std::env::var("AML_EMU_AZURITE_URL") {
        c.azurite_url = v;
    }
    if let Ok(v) = std::env::var("AML_EMU_AZURITE_ACCOUNT") {
        c.azurite_account = v;
    }
    if let Ok(v) = std::env::var("AML_EMU_AZURITE_KEY") {
        c.azurite_key = v;
    }
    if let Ok(v) = std::env::var("AML_EMU_CACHE_DIR") {
        c.cache_dir = v.into();
    }
    let mut fault_seed: Option<u64> = None;
    for (k, v) in parse_flags(args, &["--test-hooks", "--no-data-plane-cors"]) {
        match k.as_str() {
            "--port" => c.port = num(&k, &v),
            "--page-size" => c.page_size = num::<usize>(&k, &v).max(1),
            "--token-lifetime" => c.token_lifetime = num(&k, &v),
            "--state-file" => c.state_file = Some(v.into()),
            "--redirect-uri" => c.redirect_uris.push(v),
            "--bench-computes" => c.bench_computes = num(&k, &v),
            "--bench-jobs" => c.bench_jobs = num(&k, &v),
            "--jobs-page-size" => c.jobs_page_size = Some(num::<usize>(&k, &v).max(1)),
            "--test-hooks" => c.test_hooks = true,
            "--public-url" => c.public_url = v,
            "--data-plane-url" => c.data_plane_url = v,
            "--no-data-plane-cors" => c.data_plane_cors = false,
            "--signing-key" => c.signing_key = v,
            "--azurite-url" => c.azurite_url = v,
            "--azurite-account" => c.azurite_account = v,
            "--azurite-key" => c.azurite_key = v,
            "--azurite-ca" => c.azurite_ca = Some(v.into()),
            "--cache-dir" => c.cache_dir = v.into(),
            "--work-dir" => c.work_dir = v.into(),
            "--max-jobs" => c.max_jobs = num::<usize>(&k, &v).max(1),
            "--faults" => {
                let text = std::fs::read(&v).unwrap_or_else(|e| fail(&format!("--faults {v}: {e}")));
                c.faults = aml_emulator::faults::FaultConfig::parse(&text)
                    .unwrap_or_else(|e| fail(&format!("--faults {v}: {e}")));
            }
            "--fault-seed" => fault_seed = Some(num(&k, &v)),
            _ => fail(&format!("unknown option {k}")),
        }
    }
    // The seed flag wins over the file's seed, whatever the order of the flags.
    if let Some(seed) = fault_seed {
        c.faults.seed = seed;
    }
    c
}

fn print_token(args: &[String]) {
    let mut user = "ada@contoso.example".to_string();
    let mut lifetime = 3600u64;
    let mut audience = "https://management.azure.com/".to_string();
    let mut key = Config::default().signing_key;
    for (k, v) in parse_flags(args, &[]) {
        match k.as_str() {
            "--user" => user = v,
            "--lifetime" => lifetime = num(&k, &v),
            "--audience" => audience = v,
            "--signing-key" => key = v,
            _ => fail(&format!("unknown option {k}")),
        }
    }
    let u = user_by_upn(&user).unwrap_or_else(|| fail(&format!("unknown user '{user}'")));
    println!("{}", sign(&access_claims(u, &audience, now_secs(), lifetime), &key));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => {
            let config = serve_config(&args[1..]);
            let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
            let result = rt.block_on(async move {
                let bound = aml_emulator::bind(config).await?;
                println!(
                    "aml-emulator listening on http://{} (public URL {}, data plane {})",
                    bound.addr,
                    bound.state.config.public_url,
                    bound.state.config.data_plane_base()
                );
                bound.serve().await
            });
            if let Err(e) = result {
                eprintln!("aml-emulator: {e}");
                std::process::exit(1);
            }
        }
        Some("token") => print_token(&args[1..]),
        Some("-h" | "--help" | "help") => println!("{USAGE}"),
        _ => fail("expected a command: serve or token"),
    }
}
