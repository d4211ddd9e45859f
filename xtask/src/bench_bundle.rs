//! Bundle sizes (raw, gzip, brotli) of the split release build. "First load" is measured, not
//! assumed: a fresh Chromium opens the compute list deep link, signs in and waits for the list
//! (tests/e2e/bench/first_load.mjs); every file of the site it fetched counts. The chunks it did
//! not fetch are the lazily loaded part, printed per page plus one line for the shared chunks.

use std::io::Write;
use std::path::Path;

use crate::proc;
use crate::stack::Ports;

#[derive(Default, Clone, Copy)]
struct Size {
    raw: usize,
    gz: usize,
    br: usize,
}

impl Size {
    fn of(path: &Path) -> Result<Size, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Size { raw: bytes.len(), gz: gzip_len(&bytes), br: brotli_len(&bytes) })
    }
    fn add(&mut self, o: Size) {
        self.raw += o.raw;
        self.gz += o.gz;
        self.br += o.br;
    }
    fn line(&self, label: &str) -> String {
        format!("bundle {label:<4}  raw {:>8} B  gzip {:>8} B  brotli {:>8} B", self.raw, self.gz, self.br)
    }
}

/// One line per kind of file fetched on the first load, their total, then the lazy chunks.
pub fn bundle_sizes(dist: &Path, ports: Ports) -> Result<Vec<String>, String> {
    let (first, lazy_cluster) = fetched_files(dist, ports)?;
    let mut lines = Vec::new();
    let mut total = Size::default();
    for ext in ["wasm", "js", "css", "html"] {
        let mut sum = Size::default();
        let mut names = Vec::new();
        for name in first.iter().filter(|n| n.ends_with(&format!(".{ext}"))) {
            sum.add(Size::of(&dist.join(name))?);
            names.push(name.as_str());
        }
        lines.push(format!("{}  ({} file(s))", sum.line(ext), names.len()));
        total.add(sum);
    }
    let config = std::fs::metadata(dist.join("config.json")).map(|m| m.len()).unwrap_or(0);
    lines.push(format!(
        "bundle total raw {:>8} B  gzip {:>8} B  brotli {:>8} B  (first load: the {} files the compute list fetched, + config.json {config} B; budget 250 KB brotli)",
        total.raw, total.gz, total.br, first.len()
    ));

    // The Turkish catalog: fetched beside config.json only when Turkish is the language, so a
    // Turkish first load is the total above plus this (the English one measured above is not).
    let tr = Size::of(&dist.join("i18n-tr.json"))?;
    let fetched = if first.iter().any(|n| n == "i18n-tr.json") { "FETCHED" } else { "not fetched" };
    lines.push(format!("{}  (Turkish only; {fetched} by the English first load above)", tr.line("i18n tr.json")));

    // Lazily loaded: one line per page (its split module), one for the chunks shared by pages.
    let mut shared = Size::default();
    let mut shared_count = 0;
    let mut lazy_total = Size::default();
    let mut names: Vec<String> =
        list(dist)?.into_iter().filter(|n| n.ends_with(".wasm") && !first.contains(n)).collect();
    names.sort();
    for name in &names {
        let size = Size::of(&dist.join(name))?;
        lazy_total.add(size);
        match name.strip_prefix("split_") {
            Some(page) => lines.push(size.line(&format!("lazy {}", page_name(page)))),
            None => {
                shared.add(size);
                shared_count += 1;
            }
        }
    }
    lines.push(format!(
        "{}  ({shared_count} files, each fetched with the first page that needs it)",
        shared.line("lazy shared chunks")
    ));
    let cluster = lazy_cluster.iter().filter(|n| n.ends_with(".wasm")).try_fold(Size::default(), |mut s, n| {
        s.add(Size::of(&dist.join(n))?);
        Ok::<_, String>(s)
    })?;
    lines.push(format!(
        "{}  ({} files fetched on opening it from the list)",
        cluster.line("lazy create-cluster page"),
        lazy_cluster.len()
    ));
    lines.push(lazy_total.line("lazy total"));
    Ok(lines)
}

/// `__new_cluster_route_view_<n>-<hash>.wasm` → `new_cluster_route`.
fn page_name(split_file: &str) -> String {
    let s = split_file.trim_start_matches('_');
    s.split("_view_").next().unwrap_or(s).to_string()
}

fn list(dist: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dist).map_err(|e| e.to_string())? {
        out.push(e.map_err(|e| e.to_string())?.file_name().to_string_lossy().to_string());
    }
    Ok(out)
}

/// (files fetched up to the painted compute list, files fetched on opening the create-cluster
/// page), as names of files in `dist`; config.json is left out (reported apart), and paths that
/// are not files (deep links) are the index.html the static website answers with.
fn fetched_files(dist: &Path, ports: Ports) -> Result<(Vec<String>, Vec<String>), String> {
    let out = proc::cmd("node")
        .arg("tests/e2e/bench/first_load.mjs")
        .env("CONSOLE_URL", ports.console_url())
        .env("EMULATOR_URL", ports.emulator_url())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!("first-load bench failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let (mut first, mut lazy) = (Vec::new(), Vec::new());
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Some((kind, path)) = line.split_once(' ') else { continue };
        let name = path.trim_start_matches('/');
        let name = if dist.join(name).is_file() { name.to_string() } else { "index.html".to_string() };
        let into = if kind == "fetched" { &mut first } else { &mut lazy };
        if name != "config.json" && !into.contains(&name) {
            into.push(name);
        }
    }
    if !first.iter().any(|n| n.ends_with(".wasm")) {
        return Err("first-load bench: no .wasm fetched?".into());
    }
    Ok((first, lazy))
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).expect("in-memory write");
    e.finish().expect("in-memory gzip").len()
}

fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).expect("in-memory write");
    }
    out.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_names() {
        assert_eq!(
            super::page_name("__new_cluster_route_view_6640219443415506531-0872fc46b93a37e4.wasm"),
            "new_cluster_route"
        );
    }
}
