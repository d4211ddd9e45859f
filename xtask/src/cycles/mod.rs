//! `cargo xtask cycles`: import cycles between the modules of each crate (console, api,
//! emulator, xtask). Module A depends on module B when A names something B defines — through
//! `use` or a path in code, following `pub use` re-exports to where the item really is. A `mod`
//! declaration alone is no dependency, so `mod tests { use super::*; }` is not a cycle. The
//! strongly connected components of more than one module are the cycles; any cycle fails.

mod scan;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::path::Path;

use scan::Module;

/// (package, crate root files below the repository root).
const CRATES: &[(&str, &[&str])] = &[
    ("console", &["src/lib.rs", "src/main.rs"]),
    ("api", &["api/src/lib.rs"]),
    ("emulator", &["emulator/src/lib.rs", "emulator/src/main.rs"]),
    ("xtask", &["xtask/src/main.rs"]),
];

/// `cargo xtask cycles [REPO]`: this repository, or another checkout of it (before/after).
pub fn run(args: &[String]) -> Result<(), String> {
    let repo = match args {
        [] => crate::paths::root(),
        [dir] => std::path::PathBuf::from(dir),
        _ => return Err("usage: cargo xtask cycles [REPO]".into()),
    };
    let (lines, total) = report(&repo)?;
    for l in lines {
        println!("{l}");
    }
    if total > 0 {
        Err(format!("{total} import cycle(s)"))
    } else {
        Ok(())
    }
}

/// One line per crate and a total line; the number of cycles.
pub fn report(repo: &Path) -> Result<(Vec<String>, usize), String> {
    let (mut lines, mut total, mut per_crate) = (Vec::new(), 0, Vec::new());
    for (name, roots) in CRATES {
        let (mut modules, mut edges, mut cycles) = (0, 0, Vec::new());
        for root in roots.iter().map(|r| repo.join(r)).filter(|r| r.is_file()) {
            let graph = Graph::of_crate(&root)?;
            modules += graph.names.len();
            edges += graph.edges.iter().map(BTreeSet::len).sum::<usize>();
            cycles.extend(graph.cycles());
        }
        total += cycles.len();
        per_crate.push(format!("{name} {}", cycles.len()));
        let list: Vec<String> = cycles.iter().map(|c| c.join(" ↔ ")).collect();
        let detail = if list.is_empty() { String::new() } else { format!(": {}", list.join("; ")) };
        lines.push(format!("cycles {name}: {} in {modules} modules, {edges} dependencies{detail}", cycles.len()));
    }
    lines.push(format!("import cycles: {total} ({})", per_crate.join(", ")));
    Ok((lines, total))
}

/// Modules (by index) and who depends on whom.
pub struct Graph {
    pub names: Vec<String>,
    pub edges: Vec<BTreeSet<usize>>,
}

impl Graph {
    pub fn of_crate(root: &Path) -> Result<Graph, String> {
        let mods = scan::read_crate(root)?;
        Ok(Graph::of_modules(&mods))
    }

    pub fn of_modules(mods: &[Module]) -> Graph {
        let names: Vec<String> =
            mods.iter().map(|m| if m.path.is_empty() { "crate".into() } else { m.path.join("::") }).collect();
        let mut edges = vec![BTreeSet::new(); mods.len()];
        let r = Resolver { mods };
        for (from, m) in mods.iter().enumerate() {
            for mention in &m.mentions {
                if let Some(to) = r.resolve(from, mention, 0) {
                    if to != from {
                        edges[from].insert(to);
                    }
                }
            }
        }
        Graph { names, edges }
    }

    /// Strongly connected components with more than one module (Tarjan), as sorted names.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let n = self.names.len();
        let mut t =
            Tarjan { index: vec![None; n], low: vec![0; n], on: vec![false; n], stack: vec![], next: 0, out: vec![] };
        for v in 0..n {
            if t.index[v].is_none() {
                t.visit(v, &self.edges);
            }
        }
        let mut out: Vec<Vec<String>> = t
            .out
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut names: Vec<String> = c.iter().map(|&i| self.names[i].clone()).collect();
                names.sort();
                names
            })
            .collect();
        out.sort();
        out
    }
}

struct Tarjan {
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    out: Vec<Vec<usize>>,
}

impl Tarjan {
    fn visit(&mut self, v: usize, edges: &[BTreeSet<usize>]) {
        self.index[v] = Some(self.next);
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on[v] = true;
        for &w in &edges[v] {
            match self.index[w] {
                None => {
                    self.visit(w, edges);
                    self.low[v] = self.low[v].min(self.low[w]);
                }
                Some(iw) if self.on[w] => self.low[v] = self.low[v].min(iw),
                _ => {}
            }
        }
        if Some(self.low[v]) == self.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            self.out.push(comp);
        }
    }
}

struct Resolver<'a> {
    mods: &'a [Module],
}

impl Resolver<'_> {
    fn find(&self, path: &[String]) -> Option<usize> {
        self.mods.iter().position(|m| m.path == path)
    }

    /// The module that defines what `mention` (seen in module `from`) names; None for paths
    /// outside the crate.
    fn resolve(&self, from: usize, mention: &[String], hops: usize) -> Option<usize> {
        let here = &self.mods[from];
        let first = mention.first()?;
        let (mut cur, rest): (Vec<String>, &[String]) = match first.as_str() {
            "crate" => (vec![], &mention[1..]),
            "self" => (here.path.clone(), &mention[1..]),
            "super" => {
                let supers = mention.iter().take_while(|s| *s == "super").count();
                (here.path[..here.path.len().checked_sub(supers)?].to_vec(), &mention[supers..])
            }
            name if here.children.iter().any(|c| c == name) => (here.path.clone(), mention),
            _ => return None,
        };
        let mut rest = rest.iter();
        let mut item = None;
        for seg in rest.by_ref() {
            let m = &self.mods[self.find(&cur)?];
            if m.children.contains(seg) {
                cur.push(seg.clone());
            } else {
                item = Some(seg.clone());
                break;
            }
        }
        let at = self.find(&cur)?;
        let Some(item) = item.filter(|i| i != "*") else { return Some(at) };
        if hops < 8 && !self.mods[at].items.contains(&item) {
            if let Some(real) = self.reexported(at, &item, hops) {
                return Some(real);
            }
        }
        Some(at)
    }

    /// Where module `at` gets `item` from when it only re-exports it (a named `pub use`, then
    /// globs; a `#[macro_export]` macro at the crate root comes from the module defining it).
    fn reexported(&self, at: usize, item: &str, hops: usize) -> Option<usize> {
        let m = &self.mods[at];
        if m.path.is_empty() {
            if let Some(def) = self.mods.iter().position(|d| d.exported_macros.iter().any(|x| x == item)) {
                return Some(def);
            }
        }
        if let Some((_, target)) = m.reexports.iter().find(|(name, _)| name == item) {
            return self.resolve(at, target, hops + 1);
        }
        m.reexports.iter().filter(|(name, _)| name == "*").find_map(|(_, glob)| {
            let mut p = glob[..glob.len() - 1].to_vec();
            p.push(item.to_string());
            let to = self.resolve(at, &p, hops + 1)?;
            self.mods[to].items.iter().any(|i| i == item).then_some(to)
        })
    }
}
