//! `cargo xtask dev`: install what is missing, start Azurite + emulator + console (trunk serve,
//! rebuilding on change) and print the one URL to open.

use crate::stack::{Console, Ports, Stack, StackOptions};
use crate::tools;

/// The demo workspace the printed URL opens (seeded by the emulator, see docs/CONTRACTS.md).
pub const DEMO_WORKSPACE: &str = "ws/0b1f6471-1bf0-4dda-aec3-cb9272f09590/rg-ml-dev/ws-demo/computes";

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("dev: unknown argument '{a}'"));
    }
    tools::ensure_all()?;
    let ports = Ports::DEV;
    let mut stack = Stack::start(
        ports,
        Console::Trunk,
        StackOptions {
            bench_computes: None,
            test_hooks: true,
            persist: true,
            extra_console_urls: vec![],
            azurite_tls: None,
        },
    )?;
    println!();
    println!("  Azurite (blob)  http://127.0.0.1:{}/devstoreaccount1", ports.azurite);
    println!("  emulator (ARM + Entra ID)  {}", ports.emulator_url());
    println!("  logs: {}", crate::stack::logs_dir().display());
    println!();
    println!("  Open the console: {}{DEMO_WORKSPACE}", ports.console_url());
    println!("  (sign in as a demo user on the emulator's page; Ctrl-C stops everything)");
    stack.wait_any()
}
