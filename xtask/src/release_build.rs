//! The release build of the console, split into lazily loaded chunks (what dist, test and bench
//! ship). trunk 0.21 cannot split (trunk-rs/trunk#1022) and, in a release build, would only
//! minify CSS and copy files, so this pipeline does without it (trunk stays the dev server):
//!
//! 1. `cargo rustc --release --features split` for wasm32, linked with `--emit-relocs` (the
//!    splitter needs the relocations to move code between modules);
//! 2. split, wasm-bindgen, wasm-opt per module (wasm_split.rs);
//! 3. the stylesheets index.html lists, in its order, joined and minified into one
//!    `style-<hash>.css`; `public/` copied;
//! 4. the hashing Web Worker's own module (hash_worker.rs) beside `hash-worker.js`;
//! 5. `index.html` from `xtask/templates/index.html`: the file names filled in, every URL
//!    relative to `<base href>`. `{{base}}` and `{{csp}}` stay for `dist::finalize`, so one
//!    build serves any base path.

use std::path::Path;

use crate::wasm_split::{self, SplitOutput};
use crate::{paths, proc};

/// The page of the release build. Placeholders: `{{glue}}`, `{{wasm}}`, `{{loader}}`,
/// `{{stylesheet}}` (filled here), `{{base}}`, `{{csp}}` (filled by `dist::finalize`).
pub const TEMPLATE: &str = include_str!("../templates/index.html");

/// Release build into `stage` (each caller its own folder, so concurrent runs never serve each
/// other's half-written files). Returns the chunk file names.
pub fn build(stage: &Path) -> Result<Vec<String>, String> {
    // cargo and wasm-bindgen share intermediate files under target/: two builds at once (two
    // test runs, AML_PORT_OFFSET) can hand one of them a truncated .wasm. One release build at
    // a time per target dir; the lock is released when the file closes.
    let xt = paths::target_dir().join("xtask");
    let lock_path = xt.join("release-build.lock");
    let _ = std::fs::create_dir_all(&xt);
    let lock = std::fs::File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    lock.lock().map_err(|e| format!("locking {}: {e}", lock_path.display()))?;

    let mut cargo = proc::cmd("cargo");
    cargo.args(["rustc", "--release", "--target", "wasm32-unknown-unknown", "-p", "aml-console", "--bin"]);
    cargo.args(["aml-console", "--features", "split"]);
    if let Some(flags) = remap_registry_paths() {
        cargo.args(["--config", &flags]);
    }
    cargo.args(["--", "-C", "link-arg=--emit-relocs"]);
    proc::run(cargo)?;
    let modules = xt.join("release-modules");
    let split = wasm_split::split_and_bind(&wasm_split::rustc_output(), &xt.join("release-split-work"), &modules)?;

    if stage.exists() {
        std::fs::remove_dir_all(stage).map_err(|e| format!("{}: {e}", stage.display()))?;
    }
    std::fs::create_dir_all(stage).map_err(|e| format!("{}: {e}", stage.display()))?;
    for dir in [modules.as_path(), &paths::root().join("public")] {
        copy_files(dir, stage)?;
    }
    // The hashing Web Worker's module, beside public/hash-worker.js which imports it.
    crate::hash_worker::build(stage)?;
    for name in std::iter::once(&split.main_wasm).chain(&split.chunks) {
        if !std::fs::read(stage.join(name)).map_err(|e| format!("{name}: {e}"))?.starts_with(b"\0asm") {
            return Err(format!("{name} is not a wasm module (a concurrent build?): run again"));
        }
    }
    let index = std::fs::read_to_string(paths::root().join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    let mut css = String::new();
    for href in stylesheets(&index) {
        let p = paths::root().join(&href);
        css.push_str(&std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?);
        css.push('\n');
    }
    let stylesheet = format!("style-{}.css", short_hash(css.as_bytes()));
    std::fs::write(stage.join(&stylesheet), minify_css(&css)).map_err(|e| e.to_string())?;
    std::fs::write(stage.join("index.html"), page(&split, &stylesheet)?).map_err(|e| e.to_string())?;
    Ok(split.chunks)
}

/// The template with this build's file names; `{{base}}` and `{{csp}}` left for dist.
fn page(s: &SplitOutput, stylesheet: &str) -> Result<String, String> {
    fill(
        TEMPLATE,
        &[("glue", &s.main_js), ("wasm", &s.main_wasm), ("loader", &s.loader_js), ("stylesheet", stylesheet)],
    )
}

/// Replaces each `{{key}}` with its value. Values are file names or a policy made by xtask;
/// the check keeps anything that could end an attribute or a script string out of them.
pub fn fill(template: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let mut out = template.to_string();
    for (key, value) in values {
        let slot = format!("{{{{{key}}}}}");
        if !out.contains(&slot) {
            return Err(format!("the page template has no {slot}"));
        }
        // The policy has 'self' and the like in a double-quoted attribute; names also go into
        // the script's single-quoted strings.
        let forbidden: &[char] = if *key == "csp" { &['"', '<', '>'] } else { &['"', '\'', '<', '>', '{', '}', '\\'] };
        if value.contains(forbidden) {
            return Err(format!("{key}: {value:?} cannot go into the page"));
        }
        out = out.replace(&slot, value);
    }
    Ok(out)
}

/// The stylesheets of index.html (`<link data-trunk rel="css" href="…">`), in page order: trunk
/// serves them in dev, so the list lives in one place.
fn stylesheets(index_html: &str) -> Vec<String> {
    index_html
        .lines()
        .filter(|l| l.contains("data-trunk") && l.contains("rel=\"css\""))
        .filter_map(|l| l.split("href=\"").nth(1)?.split('"').next().map(str::to_string))
        .collect()
}

/// Comments dropped, whitespace runs collapsed, and the spaces around `{ } ; , :` that CSS
/// never needs removed; strings are kept as they are.
pub fn minify_css(css: &str) -> String {
    let c: Vec<char> = css.chars().collect();
    let mut out = String::with_capacity(css.len());
    let mut i = 0;
    let tight = |ch: char| "{};,:".contains(ch);
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < c.len() && !(c[i] == '*' && c.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            }
            q @ ('"' | '\'') => {
                out.push(q);
                i += 1;
                while i < c.len() && c[i] != q {
                    if c[i] == '\\' {
                        out.push(c[i]);
                        i += 1;
                    }
                    if let Some(&ch) = c.get(i) {
                        out.push(ch);
                    }
                    i += 1;
                }
                out.push(q);
                i += 1;
            }
            ws if ws.is_whitespace() => {
                while i < c.len() && c[i].is_whitespace() {
                    i += 1;
                }
                // A space matters only between two other tokens (`a b`, `1px solid`), and before
                // `:` in a selector (`a :hover` is not `a:hover`).
                let prev = out.chars().last();
                let next = c.get(i).copied();
                let keep = prev.is_some_and(|p| !tight(p)) && next.is_some_and(|n| !tight(n) || n == ':');
                let starts_comment = next == Some('/') && c.get(i + 1) == Some(&'*');
                if keep && !starts_comment {
                    out.push(' ');
                }
            }
            ch => {
                if tight(ch) && ch != ':' && out.ends_with(' ') {
                    out.pop();
                }
                // The last declaration of a block needs no `;` (a string would end in a quote).
                if ch == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// Cargo config that shortens the dependencies' source paths in the wasm to `crates/…`. They are
/// kept as the locations of panic messages, and the registry's folder (`…/.cargo/registry/src/
/// index.crates.io-<hash>/`) made ~70 of them carry this machine's path (~400 B brotli of the first
/// load). The array is appended to `.cargo/config.toml`'s rustflags, not put in their place.
fn remap_registry_paths() -> Option<String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
    let mut flags: Vec<String> = std::fs::read_dir(home.join("registry").join("src"))
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| format!("\"--remap-path-prefix={}=crates\"", e.path().display()))
        .collect();
    flags.sort();
    (!flags.is_empty()).then(|| format!("target.wasm32-unknown-unknown.rustflags=[{}]", flags.join(",")))
}

fn copy_files(from: &Path, to: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let p = entry.map_err(|e| e.to_string())?.path();
        if p.is_file() {
            let name = p.file_name().expect("a file has a name");
            std::fs::copy(&p, to.join(name)).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    Ok(())
}

fn short_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_gets_relative_names_and_keeps_base_and_csp_for_dist() {
        let s = SplitOutput {
            main_js: "a-1.js".into(),
            main_wasm: "a-1_bg.wasm".into(),
            loader_js: "a-1-loader.js".into(),
            chunks: vec![],
        };
        let html = page(&s, "style-9.css").unwrap();
        assert!(html.contains(
            "<script type=\"module\">import init from './a-1.js';init({module_or_path:'a-1_bg.wasm'});</script>"
        ));
        assert!(html.contains("<link rel=\"modulepreload\" href=\"a-1-loader.js\">"));
        assert!(html.contains("<link rel=\"stylesheet\" href=\"style-9.css\">"));
        // No URL starts at the site root: `<base href>` alone decides where the files are.
        assert!(!html.contains("href=\"/") && !html.contains("'/"), "{html}");
        assert!(html.contains("{{base}}") && html.contains("{{csp}}"));
        assert!(fill(TEMPLATE, &[("glue", "x\"><script>")]).is_err());
        assert!(fill(TEMPLATE, &[("nothing", "x")]).is_err());
    }

    #[test]
    fn template_and_dev_page_agree() {
        // index.html is trunk's page (dev); the template is the release page: same head.
        let dev = std::fs::read_to_string(paths::root().join("index.html")).unwrap();
        for line in TEMPLATE.lines().filter(|l| l.starts_with("<meta name=") || l.starts_with("<title>")) {
            assert!(dev.contains(line), "index.html lacks {line}");
        }
        let listed = stylesheets(&dev);
        let mut on_disk: Vec<String> = std::fs::read_dir(paths::root().join("style"))
            .unwrap()
            .map(|e| format!("style/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".css"))
            .collect();
        on_disk.sort();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(sorted, on_disk, "every stylesheet once");
        assert_eq!(listed[0], "style/tokens.css", "tokens first");
    }

    #[test]
    fn css_minified_without_changing_meaning() {
        let css = "/* tokens */\n:root {\n  --gap: 4px;  /* x */\n}\n\na :hover ,\nb > c {\n  margin: 0 auto;\n  content: \"a  ;  b\";\n  font: 12px/1 'Segoe UI', sans-serif;\n}\n@media (min-width: 600px) { .x { color: red; } }\n";
        assert_eq!(
            minify_css(css),
            ":root{--gap:4px}a :hover,b > c{margin:0 auto;content:\"a  ;  b\";font:12px/1 'Segoe UI',sans-serif}@media (min-width:600px){.x{color:red}}"
        );
    }
}
