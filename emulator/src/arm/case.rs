//! ARM matches the literal segments of a path (`subscriptions`, `resourceGroups`, `providers`,
//! the namespace, resource types, actions such as `listKeys`) case-insensitively, while names
//! (subscription, resource group, workspace, compute, job) keep the case they were sent with.
//! axum's router matches exactly, so the app rewrites each request path before routing: when it
//! fits a route template ignoring the case of the template's literal segments, those segments
//! take the template's spelling and everything else stays as sent. The path as sent stays
//! available as `OriginalUri` (nextLinks and error messages echo it).
//!
//! The templates are the routes themselves: `Routes` registers each route with axum and keeps its
//! template for the `CaseTable`, so the two can never disagree.

use crate::state::AppState;
use axum::extract::{OriginalUri, Request};
use axum::http::uri::{PathAndQuery, Uri};
use axum::routing::MethodRouter;
use axum::Router;
use percent_encoding::percent_decode_str;

/// Routes whose literal segments match case-insensitively (ARM and its data plane).
#[derive(Default)]
pub struct Routes {
    pub router: Router<AppState>,
    pub templates: Vec<String>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    pub fn route(mut self, path: &str, method_router: MethodRouter<AppState>) -> Routes {
        self.router = self.router.route(path, method_router);
        self.templates.push(path.to_string());
        self
    }

    /// Router-wide settings (fallbacks, layers) that do not add templates.
    pub fn map_router(mut self, f: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Routes {
        self.router = f(self.router);
        self
    }
}

#[derive(Debug, PartialEq)]
enum Segment {
    Literal(String),
    /// `{name}`: one segment, any text.
    Param,
    /// `{*rest}`: one or more segments.
    Rest,
}

/// The route templates, split into segments, to canonicalise request paths against.
pub struct CaseTable {
    templates: Vec<Vec<Segment>>,
}

impl CaseTable {
    pub fn new<'a>(templates: impl IntoIterator<Item = &'a String>) -> CaseTable {
        let mut templates: Vec<Vec<Segment>> = templates
            .into_iter()
            .map(|t| {
                segments(t)
                    .map(|s| match s.strip_prefix('{') {
                        Some(p) if p.starts_with('*') => Segment::Rest,
                        Some(_) => Segment::Param,
                        None => Segment::Literal(s.to_string()),
                    })
                    .collect()
            })
            .collect();
        // Exact routes first: a catch-all only decides the spelling of paths nothing else fits.
        templates.sort_by_key(|t| t.last() == Some(&Segment::Rest));
        CaseTable { templates }
    }

    /// `path` with its literal segments spelled as in the first template it fits, if that
    /// changes anything.
    pub fn canonical(&self, path: &str) -> Option<String> {
        let sent: Vec<&str> = segments(path).collect();
        let template = self.templates.iter().find(|t| fits(t, &sent))?;
        let mut changed = false;
        let mut out = String::with_capacity(path.len());
        for (i, seg) in sent.iter().enumerate() {
            out.push('/');
            match template.get(i) {
                Some(Segment::Literal(lit)) if lit != seg => {
                    out.push_str(lit);
                    changed = true;
                }
                _ => out.push_str(seg),
            }
        }
        changed.then_some(out)
    }

    /// Rewrites the request's path (the query stays) and records the URI as sent.
    pub fn normalise(&self, mut req: Request) -> Request {
        if req.extensions().get::<OriginalUri>().is_none() {
            let sent = OriginalUri(req.uri().clone());
            req.extensions_mut().insert(sent);
        }
        if let Some(path) = self.canonical(req.uri().path()) {
            let path_and_query = match req.uri().query() {
                Some(q) => format!("{path}?{q}"),
                None => path,
            };
            let mut parts = req.uri().clone().into_parts();
            if let Ok(pq) = PathAndQuery::try_from(path_and_query) {
                parts.path_and_query = Some(pq);
                if let Ok(uri) = Uri::from_parts(parts) {
                    *req.uri_mut() = uri;
                }
            }
        }
        req
    }
}

/// The segments after the leading `/` (an empty path has none).
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/').unwrap_or(path).split('/').filter(|_| path.len() > 1)
}

fn fits(template: &[Segment], sent: &[&str]) -> bool {
    let rest = template.last() == Some(&Segment::Rest);
    let fixed = if rest { template.len() - 1 } else { template.len() };
    if (rest && sent.len() <= fixed) || (!rest && sent.len() != fixed) {
        return false;
    }
    template[..fixed].iter().zip(sent).all(|(t, s)| match t {
        Segment::Literal(lit) => percent_decode_str(s).decode_utf8_lossy().eq_ignore_ascii_case(lit),
        Segment::Param | Segment::Rest => !s.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> CaseTable {
        let t: Vec<String> = [
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}",
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/computes/{name}/listNodes",
            "/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/{*rest}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        CaseTable::new(&t)
    }

    #[test]
    fn literals_take_the_template_spelling_and_names_keep_theirs() {
        let t = table();
        let sent = "/SUBSCRIPTIONS/S1/resourcegroups/RG-X/PROVIDERS/microsoft.machinelearningservices/WORKSPACES/Computes/COMPUTES/Start/LISTNODES";
        assert_eq!(
            t.canonical(sent).as_deref(),
            Some("/subscriptions/S1/resourceGroups/RG-X/providers/Microsoft.MachineLearningServices/workspaces/Computes/computes/Start/listNodes")
        );
    }

    #[test]
    fn canonical_paths_and_unknown_paths_are_left_alone() {
        let t = table();
        let path = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
        assert_eq!(t.canonical(path), None);
        assert_eq!(t.canonical("/nothing/here"), None);
        assert_eq!(t.canonical("/"), None);
        // One segment too many for every exact template and outside the catch-all.
        assert_eq!(t.canonical(&format!("{}/x", path.to_uppercase())), None);
    }

    #[test]
    fn a_catch_all_spells_its_prefix_and_keeps_the_rest() {
        let t = table();
        assert_eq!(
            t.canonical("/Subscriptions/s/Providers/MICROSOFT.MachineLearningServices/Widgets/w").as_deref(),
            Some("/subscriptions/s/providers/Microsoft.MachineLearningServices/Widgets/w")
        );
        // The catch-all needs at least one segment.
        assert_eq!(t.canonical("/Subscriptions/s/Providers/MICROSOFT.MachineLearningServices"), None);
    }

    #[test]
    fn percent_encoded_literals_match_and_names_stay_encoded() {
        let t = table();
        let sent =
            "/subscriptions/s/resourceGroups/r%20g/providers/Microsoft.MachineLearningServices/%77orkspaces/a%2Fb";
        assert_eq!(
            t.canonical(sent).as_deref(),
            Some("/subscriptions/s/resourceGroups/r%20g/providers/Microsoft.MachineLearningServices/workspaces/a%2Fb")
        );
    }

    #[test]
    fn normalise_rewrites_the_uri_and_keeps_the_original() {
        let t = table();
        let req = Request::builder()
            .uri("http://127.0.0.1/SUBSCRIPTIONS/s/providers/Microsoft.MachineLearningServices/x?api-version=1&a=B")
            .body(axum::body::Body::empty())
            .unwrap();
        let req = t.normalise(req);
        assert_eq!(req.uri().path(), "/subscriptions/s/providers/Microsoft.MachineLearningServices/x");
        assert_eq!(req.uri().query(), Some("api-version=1&a=B"));
        let sent = req.extensions().get::<OriginalUri>().unwrap();
        assert_eq!(sent.path(), "/SUBSCRIPTIONS/s/providers/Microsoft.MachineLearningServices/x");
    }
}
