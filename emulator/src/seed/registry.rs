//! The `azureml` registry's curated environments: what the service publishes for every
//! workspace to use by registry id (`azureml://registries/azureml/environments/{name}/…`),
//! instead of copies inside each workspace. A handful of well-known names, each with a few
//! versions; the last one listed is what the `latest` label points at.

/// The one registry the emulator models.
pub const REGISTRY: &str = "azureml";
/// Where the registry lives in ARM terms. In Azure it is a subscription of Microsoft's, not the
/// user's; the emulator picks fixed values that no seeded workspace shares.
pub const REGISTRY_SUBSCRIPTION: &str = "5f5c2e6b-3c2a-4a34-9b59-0a0f4a9f7e21";
pub const REGISTRY_RESOURCE_GROUP: &str = "registry-builtin-prod-eastus-01";
pub const REGISTRY_REGION: &str = "eastus";

pub struct CuratedEnv {
    pub name: &'static str,
    /// Oldest first; the last one is `latest`.
    pub versions: &'static [&'static str],
    /// Image repository under `mcr.microsoft.com/azureml/curated/`; the tag is the version.
    pub image: &'static str,
    pub description: &'static str,
}

pub const CURATED: &[CuratedEnv] = &[
    CuratedEnv {
        name: "AzureML-sklearn-1.5",
        versions: &["19", "20", "21"],
        image: "sklearn-1.5",
        description: "An environment for tasks such as regression, clustering, and classification with Scikit-learn.",
    },
    CuratedEnv {
        name: "AzureML-pytorch-2.2-cuda12.1",
        versions: &["12", "13", "14"],
        image: "pytorch-2.2-cuda12.1",
        description: "Recommended environment for deep learning with PyTorch on Azure.",
    },
    CuratedEnv {
        name: "AzureML-tensorflow-2.16-cuda12",
        versions: &["8", "9"],
        image: "tensorflow-2.16-cuda12",
        description: "An environment for deep learning with TensorFlow.",
    },
    CuratedEnv {
        name: "AzureML-lightgbm-3.3",
        versions: &["40", "41"],
        image: "lightgbm-3.3",
        description: "An environment for gradient boosting with LightGBM.",
    },
    CuratedEnv {
        name: "AzureML-ACPT-pytorch-2.2-cuda12.1",
        versions: &["6", "7"],
        image: "acpt-pytorch-2.2-cuda12.1",
        description: "Azure Container for PyTorch: PyTorch with DeepSpeed, ONNX Runtime training and Nebula.",
    },
    CuratedEnv {
        name: "AzureML-minimal-ubuntu22.04-py39-cpu",
        versions: &["10", "11"],
        image: "minimal-ubuntu22.04-py39-cpu",
        description: "A minimal environment with Python 3.9 on Ubuntu 22.04.",
    },
];

impl CuratedEnv {
    pub fn latest(&self) -> &'static str {
        self.versions.last().copied().unwrap_or("1")
    }
}

/// The curated environment of that name (names compare without regard to case, as the service's do).
pub fn find(name: &str) -> Option<&'static CuratedEnv> {
    CURATED.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}
