//! From rustc's .wasm to the console's split modules: `wasm_split_cli_support` (the splitter
//! cargo-leptos runs for `--split`, used here as a library so there is nothing to install) cuts
//! the module at the `#[lazy_route]` split points (src/lazy_routes.rs), wasm-bindgen generates
//! the JS glue for the main part only, wasm-opt shrinks every module, and every file name gets
//! the build's hash so a browser never combines parts of two builds.
//!
//! Output files (all in one folder; every reference between them is relative, so the folder
//! works under any `--base`):
//! - `aml-console-<hash>.js` + `aml-console-<hash>_bg.wasm`: wasm-bindgen's glue and the main
//!   module (what paints sign-in, the workspace picker and the compute list);
//! - `aml-console-<hash>-loader.js`: the splitter's loader, imported by the glue; it fetches
//!   chunks with `new URL("./…", import.meta.url)`, i.e. next to itself;
//! - `split_<page>-<hash>.wasm` (one per lazy page) and `chunk_<n>-<hash>.wasm` (code shared by
//!   several lazy pages, fetched with the first of them).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::proc;

/// Part of the name hash: a change to this pipeline renames the files even for the same input.
const PIPELINE_VERSION: &str = "split-2";

/// binaryen flags for every module. The chunks have no `target_features` section for wasm-opt to
/// read, so the features rustc uses by default for wasm32 must be named. `--converge` repeats the
/// passes while they still shrink the module (~200 B brotli off the first load); the `producers`
/// and `target_features` sections are toolchain notes no browser reads (~290 B raw).
const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--converge",
    "--strip-producers",
    "--strip-target-features",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
];

/// What [`split_and_bind`] wrote into the output folder.
pub struct SplitOutput {
    /// `aml-console-<hash>.js`: the module the page imports and calls `init` of.
    pub main_js: String,
    /// `aml-console-<hash>_bg.wasm`.
    pub main_wasm: String,
    /// `aml-console-<hash>-loader.js` (imported by `main_js`).
    pub loader_js: String,
    /// The lazily fetched .wasm files.
    pub chunks: Vec<String>,
}

/// Splits `input` (rustc's output, linked with `--emit-relocs`), binds and optimizes the
/// parts into `out` (created empty), using `work` for intermediate files.
pub fn split_and_bind(input: &Path, work: &Path, out: &Path) -> Result<SplitOutput, String> {
    let wasm = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let hash = build_hash(&wasm);
    let stem = format!("aml-console-{hash}");
    for dir in [work, out] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }

    // 1. Split. The main part imports the chunk loaders from `link_name`, which wasm-bindgen
    //    turns into a JS import of that (relative) path in the glue.
    let split_dir = work.join("split");
    let main_split = split_dir.join(format!("{stem}.wasm"));
    let main_module = format!("./{stem}.js");
    let loader_js = format!("{stem}-loader.js");
    let link_name = format!("./{loader_js}");
    let split = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(&wasm);
        o.output_dir = &split_dir;
        o.main_out_path = &main_split;
        o.main_module = &main_module;
        o.link_name = &link_name;
        o
    })
    .map_err(|e| format!("wasm-split: {e:?}"))?;
    drop(wasm);

    // 2. JS glue for the main part. The splitter's exports (shared functions, memory, table)
    //    must survive wasm-bindgen's clean-up: the chunks import them.
    let mut bindgen = proc::cmd("wasm-bindgen");
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--keep-lld-exports",
            "--no-demangle",
            "--out-name",
            &stem,
            "--out-dir",
        ])
        .arg(out)
        .arg(&main_split);
    proc::run(bindgen)?;
    if out.join("snippets").exists() {
        // Nothing in the console uses inline JS snippets; dist copies files only.
        return Err("wasm-bindgen wrote snippets/: xtask dist does not ship folders".into());
    }

    // 3. Chunks: renamed with the hash, the loader pointed at the new names.
    let mut loader = std::fs::read_to_string(split_dir.join(&loader_js)).map_err(|e| format!("{loader_js}: {e}"))?;
    let mut chunks = Vec::new();
    for path in &split.split_modules {
        let name = path.file_stem().and_then(|s| s.to_str()).ok_or("chunk without a name")?;
        let hashed = format!("{name}-{hash}.wasm");
        let quoted = format!("\"./{name}.wasm\"");
        if !loader.contains(&quoted) {
            continue; // an empty split: the loader never fetches it, so it doesn't ship
        }
        loader = loader.replace(&quoted, &format!("\"./{hashed}\""));
        std::fs::copy(path, out.join(&hashed)).map_err(|e| format!("{hashed}: {e}"))?;
        chunks.push(hashed);
    }
    chunks.sort();

    // 4. Smaller modules and scripts, as trunk makes them for the unsplit build.
    let main_wasm = format!("{stem}_bg.wasm");
    for name in std::iter::once(&main_wasm).chain(&chunks) {
        wasm_opt(&out.join(name))?;
    }
    std::fs::write(out.join(&loader_js), minify(&loader)).map_err(|e| e.to_string())?;
    let glue_path = out.join(format!("{stem}.js"));
    let glue = std::fs::read_to_string(&glue_path).map_err(|e| format!("{}: {e}", glue_path.display()))?;
    if !glue.contains(&link_name) {
        return Err(format!("the wasm-bindgen glue does not import {link_name}"));
    }
    std::fs::write(&glue_path, minify(&terminate_imports(&glue))).map_err(|e| e.to_string())?;

    Ok(SplitOutput { main_js: format!("{stem}.js"), main_wasm, loader_js, chunks })
}

/// Two spellings in wasm-bindgen's glue that minify-js cannot parse, rewritten to equivalents:
/// imports of other modules (our loader) without a `;`, and `export { …, x as default }`.
fn terminate_imports(js: &str) -> String {
    js.lines()
        .map(|l| {
            if l.starts_with("import ") && !l.trim_end().ends_with(';') {
                format!("{l};\n")
            } else if l == "export { initSync, __wbg_init as default };" {
                "export { initSync };\nexport default __wbg_init;\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// The first 16 hex digits of sha256(pipeline version, wasm-bindgen version, rustc's wasm).
fn build_hash(wasm: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(PIPELINE_VERSION);
    h.update(crate::tools::locked_wasm_bindgen_version().unwrap_or_default());
    h.update(wasm);
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn wasm_opt(file: &Path) -> Result<(), String> {
    let mut c = proc::cmd(&crate::paths::node_bin().join("wasm-opt").to_string_lossy());
    c.args(WASM_OPT_ARGS).arg(file).arg("-o").arg(file);
    proc::run(c)
}

/// The same JS minifier trunk applies to its glue in release builds (minify-js); the input is
/// returned unchanged if it cannot be parsed.
fn minify(js: &str) -> Vec<u8> {
    let session = minify_js::Session::new();
    let mut out = Vec::new();
    match minify_js::minify(&session, minify_js::TopLevelMode::Module, js.as_bytes(), &mut out) {
        Ok(()) => out,
        Err(e) => {
            eprintln!("warning: JS minification failed ({e:?}); shipping it unminified");
            js.as_bytes().to_vec()
        }
    }
}

/// Where cargo puts the console's wasm for a release build.
pub fn rustc_output() -> PathBuf {
    crate::paths::target_dir().join("wasm32-unknown-unknown").join("release").join("aml-console.wasm")
}
