//! Git properties the SDK records on a job (`get_git_properties` in
//! `operations/_job_ops_helper.py`, then the `has_pat_token` check in `_job_operations.py`),
//! worked out from the contents of files in the picked folder's `.git/` instead of running git:
//!
//! | key | SDK source | here |
//! |---|---|---|
//! | `mlflow.source.git.repoURL` | `git ls-remote --get-url` | remote of `branch.<b>.remote`, else `origin`; its first `url`, rewritten by `url.<base>.insteadOf` |
//! | `mlflow.source.git.branch` | `git symbolic-ref --short HEAD` | `HEAD`'s ref, absent when detached |
//! | `mlflow.source.git.commit` | `git rev-parse HEAD` | loose ref file, else `packed-refs`; absent on an unborn branch |
//! | `azureml.git.dirty` | `git status --porcelain .` non-empty → `"True"`, else `"False"` | see [`super::index_dirty`]; absent when unknown |
//!
//! When the URL carries a token (`https://user:tok@…` or `https://tok@…`, the SDK's regex
//! `https://(?:[^/@]+/)?([^/@]+)@`) all four keys are dropped. Not covered: the SDK's
//! `AZUREML_GIT_*` environment overrides (no environment in a browser), `[include]` in config,
//! and `.git` being a file (worktrees, submodules) — the caller then has no `.git/` to read.

use std::collections::BTreeMap;

pub const PROP_REPO_URL: &str = "mlflow.source.git.repoURL";
pub const PROP_BRANCH: &str = "mlflow.source.git.branch";
pub const PROP_COMMIT: &str = "mlflow.source.git.commit";
pub const PROP_DIRTY: &str = "azureml.git.dirty";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// `ref: refs/heads/main` — the full ref name.
    Symbolic(String),
    /// A detached HEAD's object id.
    Detached(String),
}

/// Parses `.git/HEAD`. `None` when it is neither a ref nor an object id (not a repository).
pub fn parse_head(text: &str) -> Option<Head> {
    let t = text.trim();
    if let Some(r) = t.strip_prefix("ref:") {
        let r = r.trim();
        return (!r.is_empty()).then(|| Head::Symbolic(r.to_string()));
    }
    is_object_id(t).then(|| Head::Detached(t.to_ascii_lowercase()))
}

fn is_object_id(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Contents of the `.git/` files involved. Read `HEAD` first; if [`parse_head`] gives a
/// `Symbolic(r)`, also read the loose ref file `.git/<r>` when it exists.
#[derive(Debug, Clone, Copy, Default)]
pub struct GitRepoFiles<'a> {
    pub head: &'a str,
    pub loose_ref: Option<&'a str>,
    pub packed_refs: Option<&'a str>,
    pub config: Option<&'a str>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitInfo {
    pub repo_url: Option<String>,
    pub branch: Option<String>,
    pub commit: Option<String>,
    pub dirty: Option<bool>,
}

impl GitInfo {
    /// Everything but `dirty`, which comes from [`super::index_dirty`] (pass its result).
    pub fn from_files(files: &GitRepoFiles<'_>, dirty: Option<bool>) -> GitInfo {
        let Some(head) = parse_head(files.head) else {
            return GitInfo::default(); // not inside a work tree: the SDK records nothing
        };
        let config = files.config.map(parse_config).unwrap_or_default();
        let (branch, commit) = match &head {
            Head::Detached(sha) => (None, Some(sha.clone())),
            Head::Symbolic(r) => {
                let loose = files.loose_ref.map(str::trim).filter(|s| is_object_id(s));
                let packed = files.packed_refs.and_then(|p| packed_ref(p, r));
                let short = r.strip_prefix("refs/heads/").or_else(|| r.strip_prefix("refs/")).unwrap_or(r);
                (Some(short.to_string()), loose.map(str::to_ascii_lowercase).or(packed))
            }
        };
        let remote =
            branch.as_deref().and_then(|b| config_get(&config, "branch", Some(b), "remote")).unwrap_or("origin");
        let repo_url = config_get(&config, "remote", Some(remote), "url").map(|u| insteadof(&config, u));
        GitInfo { repo_url: clean(repo_url), branch: clean(branch), commit: clean(commit), dirty }
    }

    /// The job properties map, after the SDK's credential check.
    pub fn properties(&self) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        if self.repo_url.as_deref().is_some_and(has_pat_token) {
            return m; // the SDK drops all four keys and only logs a warning
        }
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v.clone());
            }
        };
        put(PROP_REPO_URL, &self.repo_url);
        put(PROP_BRANCH, &self.branch);
        put(PROP_COMMIT, &self.commit);
        // Python's str(True) / str(False).
        put(PROP_DIRTY, &self.dirty.map(|d| if d { "True".into() } else { "False".into() }));
        m
    }
}

/// `_clean_git_property_str`: stripped, empty → absent.
fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The SDK's `has_pat_token`: `re.search(r"https://(?:[^/@]+/)?([^/@]+)@", url)`. Note it is
/// case-sensitive and `https` only, so `http://user:pw@host` is kept, as in the SDK.
pub fn has_pat_token(url: &str) -> bool {
    let seg = |s: &str| s.find(['/', '@']).unwrap_or(s.len());
    url.match_indices("https://").any(|(i, m)| {
        let rest = &url[i + m.len()..];
        let n = seg(rest);
        if n == 0 {
            return false;
        }
        // `tok@` directly, or `x/tok@` (one leading segment).
        if rest[n..].starts_with('@') {
            return true;
        }
        if rest[n..].starts_with('/') {
            let r2 = &rest[n + 1..];
            let n2 = seg(r2);
            return n2 > 0 && r2[n2..].starts_with('@');
        }
        false
    })
}

/// Looks `refname` up in `packed-refs` (`<sha> <ref>` lines; `#` header and `^` peel lines skipped).
fn packed_ref(text: &str, refname: &str) -> Option<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('^'))
        .filter_map(|l| l.split_once(' '))
        .find(|(_, r)| r.trim() == refname)
        .map(|(sha, _)| sha.to_ascii_lowercase())
        .filter(|s| is_object_id(s))
}

/// (section lower-cased, subsection, key lower-cased, value) in file order.
type Config = Vec<(String, Option<String>, String, String)>;

fn config_get<'c>(cfg: &'c Config, section: &str, sub: Option<&str>, key: &str) -> Option<&'c str> {
    cfg.iter().find(|(s, ss, k, _)| s == section && ss.as_deref() == sub && k == key).map(|(_, _, _, v)| v.as_str())
}

/// `url.<base>.insteadOf = <prefix>`: the longest matching prefix is replaced by `<base>`.
fn insteadof(cfg: &Config, url: &str) -> String {
    let best = cfg
        .iter()
        .filter(|(s, ss, k, v)| s == "url" && ss.is_some() && k == "insteadof" && url.starts_with(v.as_str()))
        .max_by_key(|(_, _, _, v)| v.len());
    match best {
        Some((_, Some(base), _, prefix)) => format!("{base}{}", &url[prefix.len()..]),
        _ => url.to_string(),
    }
}

/// A small git-config reader: sections (`[s]`, `[s "sub"]`, legacy `[s.sub]`), `key = value`,
/// bare keys (true), quotes, `\\n`/`\\t`/`\\"` escapes and continuations, `#`/`;` comments.
fn parse_config(text: &str) -> Config {
    let mut out = Config::new();
    let (mut section, mut sub): (String, Option<String>) = (String::new(), None);
    let mut lines = text.lines();
    while let Some(raw) = lines.next() {
        let line = raw.trim_start();
        if line.starts_with('[') {
            let Some(close) = line.rfind(']') else {
                continue;
            };
            let inner = line[1..close].trim();
            if let Some((s, rest)) = inner.split_once(char::is_whitespace) {
                section = s.to_ascii_lowercase();
                let q = rest.trim().trim_matches('"');
                sub = Some(q.replace("\\\"", "\"").replace("\\\\", "\\"));
            } else if let Some((s, ss)) = inner.split_once('.') {
                section = s.to_ascii_lowercase();
                sub = Some(ss.to_ascii_lowercase());
            } else {
                section = inner.to_ascii_lowercase();
                sub = None;
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let (key, mut rest) = match line.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), v.to_string()),
            None => (line.trim().to_ascii_lowercase(), String::from("true")),
        };
        let mut value = String::new();
        // Unquoted whitespace is kept only between words: it waits in `ws` until more text comes.
        let mut ws = String::new();
        let mut quoted = false;
        'outer: loop {
            let mut chars = rest.chars();
            while let Some(c) = chars.next() {
                let ch = match c {
                    '"' => {
                        quoted = !quoted;
                        continue;
                    }
                    '\\' => match chars.next() {
                        None => {
                            // Continuation: the value goes on on the next line.
                            rest = lines.next().unwrap_or("").to_string();
                            continue 'outer;
                        }
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some(o) => o,
                    },
                    '#' | ';' if !quoted => break 'outer,
                    c if c.is_whitespace() && !quoted => {
                        if !value.is_empty() {
                            ws.push(c);
                        }
                        continue;
                    }
                    c => c,
                };
                value.push_str(&ws);
                ws.clear();
                value.push(ch);
            }
            break;
        }
        out.push((section.clone(), sub.clone(), key, value));
    }
    out
}
