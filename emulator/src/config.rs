//! Fixed identities (from docs/CONTRACTS.md) and the runtime settings of one emulator instance.

/// Tenant of the emulated Entra ID directory.
pub const TENANT_ID: &str = "3f2b6c1d-8e4a-4b7f-9c2d-5a6e7f8b9c0d";
/// The one registered single-page application (the console).
pub const CLIENT_ID: &str = "5e3c7a5b-2f8e-4d61-9b0a-3c1f6e2d4a90";
/// HS256 key used when `--signing-key` is not given. EMULATOR ONLY: it is public on purpose so
/// that `aml-emulator token` and a running server agree without any setup. Real Entra ID signs
/// with RS256 keys that never leave Microsoft.
pub const DEV_SIGNING_KEY: &str = "aml-emulator-dev-signing-key-not-a-secret";

/// A demo user of the emulated directory.
#[derive(Debug, Clone, Copy)]
pub struct DemoUser {
    pub upn: &'static str,
    pub name: &'static str,
    pub oid: &'static str,
}

pub const USERS: &[DemoUser] = &[
    DemoUser { upn: "ada@contoso.example", name: "Ada Lovelace", oid: "a0d1e2f3-0000-4000-8000-00000000ada1" },
    DemoUser { upn: "grace@contoso.example", name: "Grace Hopper", oid: "a0d1e2f3-0000-4000-8000-0000000067ac" },
    READER_USER,
];

/// The demo user whose role on `ws-demo` is Reader (Contributor on the other workspaces), to show
/// what the console does for a user who may not write (docs/CONTRACTS.md "Identity").
pub const READER_USER: DemoUser = DemoUser {
    upn: "katherine@contoso.example",
    name: "Katherine Johnson",
    oid: "a0d1e2f3-0000-4000-8000-00000000ca71",
};

pub fn user_by_upn(upn: &str) -> Option<&'static DemoUser> {
    USERS.iter().find(|u| u.upn.eq_ignore_ascii_case(upn.trim()))
}

pub fn user_by_oid(oid: &str) -> Option<&'static DemoUser> {
    USERS.iter().find(|u| u.oid == oid)
}

/// Everything the command line can set. Live-changeable values (token lifetime, page size)
/// are copied into `state::Settings` so the test hooks can change them later.
#[derive(Debug, Clone)]
pub struct Config {
    pub port: u16,
    pub page_size: usize,
    pub token_lifetime: u64,
    pub state_file: Option<std::path::PathBuf>,
    pub redirect_uris: Vec<String>,
    pub bench_computes: usize,
    /// Jobs generated into ws-bench (`seed::bench`).
    pub bench_jobs: usize,
    /// Page size of the jobs list; `None`: `page_size`. The service's is not documented.
    pub jobs_page_size: Option<usize>,
    pub test_hooks: bool,
    /// Base URL used in nextLinks, token audiences and discovery URLs (no trailing slash).
    pub public_url: String,
    /// The data-plane base the discovery document names (`api`, `history`, …). Empty: the public
    /// URL. Another loopback address (`http://127.0.0.2:7070`) makes the emulator listen there
    /// too, so a client that follows the document provably calls another host.
    pub data_plane_url: String,
    /// Whether the data plane (`/history`, `/mlflow`, `/discovery`) answers browsers with CORS
    /// headers at start-up (`--no-data-plane-cors`; live: `dataPlaneCors` in the settings hook).
    pub data_plane_cors: bool,
    pub signing_key: String,
    /// Blob endpoint of Azurite including the account (`http://127.0.0.1:10000/devstoreaccount1`).
    /// Every workspace's storage account maps to it.
    pub azurite_url: String,
    pub azurite_account: String,
    /// Base64 account key (Azurite's public dev key by default).
    pub azurite_key: String,
    /// PEM certificate to trust for an Azurite on HTTPS (a self-signed test certificate); the
    /// system roots are not used, as Azurite only ever runs on loopback.
    pub azurite_ca: Option<std::path::PathBuf>,
    /// Where cached Python environments live (one venv per conda-file hash).
    pub cache_dir: std::path::PathBuf,
    /// Where job work folders (snapshot, inputs, outputs) are created.
    pub work_dir: std::path::PathBuf,
    /// Jobs running at the same time; more wait in `Queued`.
    pub max_jobs: usize,
    /// Fault rules in force at start-up (`--faults FILE.json`, `--fault-seed N`); `reset`
    /// returns to them.
    pub faults: crate::faults::FaultConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 7070,
            page_size: 5,
            token_lifetime: 3600,
            state_file: None,
            redirect_uris: vec!["http://127.0.0.1:8080/".into(), "http://localhost:8080/".into()],
            bench_computes: 0,
            bench_jobs: 0,
            jobs_page_size: None,
            test_hooks: false,
            public_url: "http://127.0.0.1:7070".into(),
            data_plane_url: String::new(),
            data_plane_cors: true,
            signing_key: DEV_SIGNING_KEY.into(),
            azurite_url: format!("http://127.0.0.1:10000/{}", crate::storage::DEV_ACCOUNT),
            azurite_account: crate::storage::DEV_ACCOUNT.into(),
            azurite_key: crate::storage::DEV_KEY.into(),
            azurite_ca: None,
            cache_dir: std::env::temp_dir().join("aml-emulator").join("cache"),
            work_dir: std::env::temp_dir().join("aml-emulator").join("runs"),
            max_jobs: 4,
            faults: crate::faults::FaultConfig::default(),
        }
    }
}

impl Config {
    /// The base the discovery document names for the data plane.
    pub fn data_plane_base(&self) -> &str {
        if self.data_plane_url.is_empty() {
            self.public_url.trim_end_matches('/')
        } else {
            self.data_plane_url.trim_end_matches('/')
        }
    }

    /// The ARM audiences a token may carry: the public cloud's two resource ids (with and without
    /// slash, as ARM accepts) plus this emulator's own base URL (the Python SDK asks `<url>/.default`).
    pub fn allowed_audiences(&self) -> Vec<String> {
        let base = self.public_url.trim_end_matches('/');
        vec![
            "https://management.core.windows.net/".into(),
            "https://management.core.windows.net".into(),
            "https://management.azure.com/".into(),
            "https://management.azure.com".into(),
            base.to_string(),
            format!("{base}/"),
        ]
    }

    /// The data plane (RunHistory) also takes tokens for Azure ML's own resource, which is what
    /// its TypeSpec declares (`https://ml.azure.com/.default`).
    pub fn data_plane_audiences(&self) -> Vec<String> {
        let mut v = self.allowed_audiences();
        v.extend(["https://ml.azure.com".to_string(), "https://ml.azure.com/".to_string()]);
        v
    }
}
