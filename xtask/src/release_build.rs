//! The release build of the console, split into lazily loaded chunks (what dist, test and bench
//! ship). trunk 0.21 cannot split (trunk-rs/trunk#1022), so the wasm goes through our own steps:
//!
//! 1. `cargo rustc --release --features split` for wasm32, linked with `--emit-relocs` (the
//!    splitter needs the relocations to move code between modules);
//! 2. split, wasm-bindgen, wasm-opt per module (wasm_split.rs);
//! 3. trunk builds everything else from index.html — CSS, `public/`, minified HTML — with the
//!    rust link marked `data-trunk-skip`;
//! 4. the page gets the loader trunk would have written: preloads and one inline module script
//!    calling the glue's `init` (its hash goes into the CSP in `dist::finalize`).
//!
//! Every URL in index.html is absolute (`/name`) here; `dist::finalize` moves them under `--base`.

use std::path::{Path, PathBuf};

use crate::wasm_split::{self, SplitOutput};
use crate::{paths, proc};

/// Release build with public URL `/` into `stage` (each caller its own folder, so concurrent
/// runs never serve each other's half-written files). Returns the chunk file names.
pub fn build(stage: &Path) -> Result<Vec<String>, String> {
    // cargo, wasm-bindgen and trunk share intermediate files under target/: two builds at once
    // (two test runs, AML_PORT_OFFSET) can hand one of them a truncated .wasm. One release
    // build at a time per target dir; the lock is released when the file closes.
    let xt = paths::target_dir().join("xtask");
    let lock_path = xt.join("trunk-build.lock");
    let _ = std::fs::create_dir_all(&xt);
    let lock = std::fs::File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    lock.lock().map_err(|e| format!("locking {}: {e}", lock_path.display()))?;

    let mut cargo = proc::cmd("cargo");
    cargo.args([
        "rustc",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "aml-console",
        "--bin",
        "aml-console",
        "--features",
        "split",
        "--",
        "-C",
        "link-arg=--emit-relocs",
    ]);
    proc::run(cargo)?;

    let modules = xt.join("release-modules");
    let split = wasm_split::split_and_bind(&wasm_split::rustc_output(), &xt.join("release-split-work"), &modules)?;

    let html_src = xt.join("release-html").join("index.html");
    write_assets_only_html(&paths::root().join("index.html"), &html_src)?;
    let mut trunk = proc::cmd("trunk");
    trunk.args(["build", "--release", "--public-url", "/", "--dist"]).arg(stage).arg(&html_src);
    proc::run(trunk)?;

    for entry in std::fs::read_dir(&modules).map_err(|e| e.to_string())? {
        let p = entry.map_err(|e| e.to_string())?.path();
        let name = p.file_name().expect("a file in the folder");
        if p.extension().is_some_and(|e| e == "wasm")
            && !std::fs::read(&p).map_err(|e| e.to_string())?.starts_with(b"\0asm")
        {
            return Err(format!("{} is not a wasm module (a concurrent build?): run again", p.display()));
        }
        std::fs::copy(&p, stage.join(name)).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    let index = stage.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let html = one_stylesheet(stage, &html)?;
    std::fs::write(&index, insert_loader(&html, &split)?).map_err(|e| e.to_string())?;
    Ok(split.chunks)
}

/// index.html for trunk without the Rust app: the rust link gets `data-trunk-skip`, and every
/// trunk asset path is made relative to the copy's folder (trunk resolves them from there and
/// does not take absolute paths).
fn write_assets_only_html(src: &Path, dest: &Path) -> Result<(), String> {
    let html = std::fs::read_to_string(src).map_err(|e| format!("{}: {e}", src.display()))?;
    std::fs::create_dir_all(dest.parent().expect("has parent")).map_err(|e| e.to_string())?;
    let root = relative_path(dest.parent().expect("has parent"), &paths::root())?;
    let mut out = String::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find("<link data-trunk ") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').ok_or("index.html: unclosed <link data-trunk")? + i + 1;
        out.push_str(&trunk_link_for_copy(&rest[i..end], &root)?);
        rest = &rest[end..];
    }
    out.push_str(rest);
    std::fs::write(dest, out).map_err(|e| format!("{}: {e}", dest.display()))
}

/// `to` as seen from the folder `from` (both absolute): `../../x`.
fn relative_path(from: &Path, to: &Path) -> Result<PathBuf, String> {
    let (from, to) = (from.canonicalize().unwrap_or(from.to_path_buf()), to.canonicalize().unwrap_or(to.to_path_buf()));
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return Err(format!("{} and {} share no folder", from.display(), to.display()));
    }
    let mut rel = PathBuf::new();
    for _ in from.components().skip(common) {
        rel.push("..");
    }
    rel.extend(to.components().skip(common));
    Ok(rel)
}

fn trunk_link_for_copy(tag: &str, root: &Path) -> Result<String, String> {
    if tag.contains("rel=\"rust\"") {
        // Skipped, but trunk still reads the crate's metadata from `href` (default: beside the html).
        let manifest = root.join("Cargo.toml");
        return Ok(tag.replacen(
            "<link data-trunk ",
            &format!("<link data-trunk data-trunk-skip href=\"{}\" ", manifest.display()),
            1,
        ));
    }
    let Some(start) = tag.find("href=\"") else { return Ok(tag.to_string()) };
    let start = start + "href=\"".len();
    let len = tag[start..].find('"').ok_or("index.html: unclosed href")?;
    let abs: PathBuf = root.join(&tag[start..start + len]);
    Ok(format!("{}{}{}", &tag[..start], abs.display(), &tag[start + len..]))
}

/// trunk's stylesheets (one per style/*.css) joined into one `style-<hash>.css`, in page order:
/// one request instead of six, and brotli compresses the whole ~20 % better than the parts.
fn one_stylesheet(stage: &Path, html: &str) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    let (mut out, mut css, mut first_at) = (String::new(), String::new(), None);
    let mut rest = html;
    while let Some(i) = rest.find("<link ") {
        let end = i + rest[i..].find('>').ok_or("index.html: unclosed <link")? + 1;
        let tag = &rest[i..end];
        out.push_str(&rest[..i]);
        let href = tag.split([' ', '>']).find_map(|a| a.strip_prefix("href=/")).filter(|h| h.ends_with(".css"));
        match href {
            Some(name) if tag.contains("rel=stylesheet") => {
                let path = stage.join(name);
                css.push_str(&std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?);
                css.push('\n');
                std::fs::remove_file(&path).map_err(|e| e.to_string())?;
                first_at.get_or_insert(out.len());
            }
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let Some(at) = first_at else { return Ok(out) };
    let hash: String = Sha256::digest(css.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect();
    let name = format!("style-{hash}.css");
    std::fs::write(stage.join(&name), css).map_err(|e| e.to_string())?;
    out.insert_str(at, &format!("<link rel=stylesheet href=\"/{name}\">"));
    Ok(out)
}

/// Preloads for the three files every page needs, and the start-up script (a module script, so
/// it runs after parsing, like trunk's).
fn insert_loader(html: &str, s: &SplitOutput) -> Result<String, String> {
    let (js, wasm, loader) = (&s.main_js, &s.main_wasm, &s.loader_js);
    let tags = format!(
        "<link rel=modulepreload href=\"/{js}\"><link rel=modulepreload href=\"/{loader}\">\
         <link rel=preload href=\"/{wasm}\" as=fetch type=application/wasm crossorigin>\
         <script type=module>import init from '/{js}';init({{module_or_path:'/{wasm}'}});</script>"
    );
    let html = without_skipped_rust_link(html);
    let at = html.find("</head>").or_else(|| html.find("<body")).ok_or("index.html: no </head> or <body>")?;
    Ok(format!("{}{tags}{}", &html[..at], &html[at..]))
}

/// trunk leaves the skipped `<link … rel=rust>` in its output; the browser has no use for it.
fn without_skipped_rust_link(html: &str) -> String {
    let Some(skip) = html.find("data-trunk-skip") else { return html.to_string() };
    let (Some(start), Some(len)) = (html[..skip].rfind("<link"), html[skip..].find('>')) else {
        return html.to_string();
    };
    format!("{}{}", &html[..start], &html[skip + len + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_for_the_trunk_copy() {
        let root = relative_path(Path::new("/repo/target/xtask/html"), Path::new("/repo")).unwrap();
        assert_eq!(root, Path::new("../../.."));
        let rust = r#"<link data-trunk rel="rust" data-bin="aml-console">"#;
        assert_eq!(
            trunk_link_for_copy(rust, &root).unwrap(),
            r#"<link data-trunk data-trunk-skip href="../../../Cargo.toml" rel="rust" data-bin="aml-console">"#
        );
        let css = r#"<link data-trunk rel="css" href="style/a.css">"#;
        assert_eq!(
            trunk_link_for_copy(css, &root).unwrap(),
            r#"<link data-trunk rel="css" href="../../../style/a.css">"#
        );
    }

    #[test]
    fn loader_goes_into_the_head() {
        let s = SplitOutput {
            main_js: "a-1.js".into(),
            main_wasm: "a-1_bg.wasm".into(),
            loader_js: "a-1-loader.js".into(),
            chunks: vec![],
        };
        let html = insert_loader("<html><head><title>x</title><link data-trunk data-trunk-skip href=../Cargo.toml rel=rust></head><body></body></html>", &s).unwrap();
        assert!(!html.contains("rel=rust"));
        assert!(html.contains("import init from '/a-1.js';init({module_or_path:'/a-1_bg.wasm'});</script></head>"));
        assert!(html.contains("href=\"/a-1-loader.js\""));
    }
}
