//! Azure RBAC from the caller's side: what the signed-in user may do on a workspace, so the
//! console can disable what would only end in a 403, and explain a 403 when one comes anyway.
//!
//! * [`Permissions`] — the answer of `GET {scope}/providers/Microsoft.Authorization/permissions`
//!   (`{value: [{actions, notActions, dataActions, notDataActions}]}`, one entry per role the
//!   caller holds at or above the scope) and [`Permissions::allows`], evaluated as Azure does
//!   (docs/azure-ml-rest.md §13): an action is allowed when **some** entry lists it under
//!   `actions` and not under that **same** entry's `notActions` (a `notActions` only subtracts
//!   from its own role; another role may grant the action again). Patterns match without regard
//!   to case; `*` stands for any run of characters.
//! * [`actions`] — the action an ARM request needs (`{namespace}/{types…}/{read|write|delete}`
//!   or `…/{operation}/action`), and the ones the console's buttons stand for.
//! * [`denied`] — reading ARM's `AuthorizationFailed` answer (the action and the scope are in
//!   its message) and the guidance the console shows for any 403.

pub mod actions;
pub mod denied;

use serde::Deserialize;
use serde_json::Value;

use crate::arm::WorkspaceRef;
use crate::request::{HttpRequest, Method};
use crate::url::encode_query_value;

/// api-version of `Microsoft.Authorization/permissions` (the stable version of the spec's
/// `Permissions_ListForResource`).
pub const PERMISSIONS_API_VERSION: &str = "2022-04-01";

/// One role's permissions as the service lists them. Missing arrays read as empty.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PermissionEntry {
    pub actions: Vec<String>,
    pub not_actions: Vec<String>,
    pub data_actions: Vec<String>,
    pub not_data_actions: Vec<String>,
}

impl PermissionEntry {
    fn grants(&self, action: &str) -> bool {
        self.actions.iter().any(|p| pattern_matches(p, action))
            && !self.not_actions.iter().any(|p| pattern_matches(p, action))
    }

    fn grants_data(&self, action: &str) -> bool {
        self.data_actions.iter().any(|p| pattern_matches(p, action))
            && !self.not_data_actions.iter().any(|p| pattern_matches(p, action))
    }
}

/// What the caller may do at one scope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Permissions {
    pub entries: Vec<PermissionEntry>,
}

impl Permissions {
    /// From the list answer(s): the `value` arrays of every page, concatenated. Entries that are
    /// not objects are ignored (they grant nothing).
    pub fn from_pages(pages: &[Value]) -> Permissions {
        let entries = pages
            .iter()
            .filter_map(|p| p["value"].as_array())
            .flatten()
            .filter(|e| e.is_object())
            .filter_map(|e| serde_json::from_value(e.clone()).ok())
            .collect();
        Permissions { entries }
    }

    /// Whether a control-plane action is allowed (see the module docs).
    pub fn allows(&self, action: &str) -> bool {
        self.entries.iter().any(|e| e.grants(action))
    }

    /// Whether a data action is allowed (same rule over `dataActions` / `notDataActions`).
    pub fn allows_data(&self, action: &str) -> bool {
        self.entries.iter().any(|e| e.grants_data(action))
    }

    /// The first of `needed` that is not allowed, if any (what a button's hint names).
    pub fn first_missing<'a>(&self, needed: &[&'a str]) -> Option<&'a str> {
        needed.iter().copied().find(|a| !self.allows(a))
    }
}

/// GET the caller's permissions on a workspace (`Permissions_ListForResource`; paged by
/// `nextLink`).
pub fn permissions_request(arm_base: &str, ws: &WorkspaceRef) -> HttpRequest {
    let url = format!(
        "{}{}/providers/Microsoft.Authorization/permissions?api-version={}",
        arm_base.trim_end_matches('/'),
        ws.arm_path(),
        encode_query_value(PERMISSIONS_API_VERSION)
    );
    HttpRequest {
        method: Method::Get,
        url,
        headers: vec![("Accept".to_string(), "application/json".to_string())],
        body: None,
    }
}

/// Does an action pattern of a role definition cover `action`? Case-insensitive; `*` matches any
/// run of characters, `/` included. A `*` that fills a whole path segment (`…/computes/*/write`)
/// also matches no segment at all (`…/computes/write`): the built-in "AzureML Data Scientist"
/// role relies on it — its `notActions` `…/workspaces/computes/*/write` is documented to keep it
/// from creating computes (`…/workspaces/computes/write`), and its `actions`
/// `…/workspaces/*/read` to let it read the workspace (`…/workspaces/read`).
pub fn pattern_matches(pattern: &str, action: &str) -> bool {
    let tokens = compile(&pattern.trim().to_ascii_lowercase());
    let action = action.trim().to_ascii_lowercase();
    // A set of NFA states (positions in `tokens`), stepped once per character of the action:
    // linear in both lengths, whatever the number of stars (the lists come from the service).
    let mut states = vec![false; tokens.len() + 1];
    states[0] = true;
    close(&tokens, &mut states);
    for c in action.bytes() {
        let mut next = vec![false; tokens.len() + 1];
        for (i, t) in tokens.iter().enumerate().filter(|(i, _)| states[*i]) {
            match *t {
                Token::Lit(x) if x == c => next[i + 1] = true,
                Token::Star => next[i] = true,
                _ => {}
            }
        }
        close(&tokens, &mut next);
        if !next.contains(&true) {
            return false;
        }
        states = next;
    }
    states[tokens.len()]
}

#[derive(Clone, Copy, Debug)]
enum Token {
    Lit(u8),
    /// Any run of characters.
    Star,
    /// The next `n` tokens may be skipped (`/*/` → `/`, then an optional `*/`).
    Optional(usize),
}

fn compile(pattern: &str) -> Vec<Token> {
    let b = pattern.as_bytes();
    let mut out = Vec::with_capacity(b.len() + 4);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') && b.get(i + 2) == Some(&b'/') => {
                out.extend([Token::Lit(b'/'), Token::Optional(2), Token::Star, Token::Lit(b'/')]);
                i += 3;
            }
            b'*' => {
                out.push(Token::Star);
                i += 1;
            }
            c => {
                out.push(Token::Lit(c));
                i += 1;
            }
        }
    }
    out
}

/// Adds the states reachable without reading a character.
fn close(tokens: &[Token], states: &mut [bool]) {
    for i in 0..tokens.len() {
        if !states[i] {
            continue;
        }
        match tokens[i] {
            Token::Star => states[i + 1] = true,
            Token::Optional(n) => {
                states[i + 1] = true;
                states[i + 1 + n] = true;
            }
            Token::Lit(_) => {}
        }
    }
}
