//! ARM resource id parsing and "is this the right kind of resource" checks.

/// `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmResourceId {
    pub subscription: String,
    pub resource_group: String,
    pub namespace: String,
    /// `(type, name)` pairs, outermost first: `[("virtualNetworks","vnet"),("subnets","default")]`.
    pub segments: Vec<(String, String)>,
}

impl ArmResourceId {
    /// Parses an id; `subscriptions`, `resourceGroups` and `providers` are matched
    /// case-insensitively (ARM returns `resourcegroups` in places).
    pub fn parse(text: &str) -> Result<ArmResourceId, String> {
        let t = text.trim();
        let shape = crate::msg_str!(
            "An ARM resource id looks like /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}."
        );
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) || t.contains("//") {
            return Err(crate::msg!("{shape} It must not contain spaces or empty segments."));
        }
        let parts: Vec<&str> = t.strip_prefix('/').ok_or(shape)?.split('/').collect();
        let lit = |i: usize, w: &str| parts.get(i).is_some_and(|p| p.eq_ignore_ascii_case(w));
        if !(lit(0, "subscriptions") && lit(2, "resourceGroups") && lit(4, "providers")) {
            return Err(shape.to_string());
        }
        if parts.len() < 8 || !parts.len().is_multiple_of(2) {
            return Err(shape.to_string());
        }
        if !is_guid(parts[1]) {
            return Err(crate::msg!("“{}” is not a subscription id (a GUID).", parts[1]));
        }
        let segments = parts[6..].chunks(2).map(|c| (c[0].to_string(), c[1].to_string())).collect();
        Ok(ArmResourceId {
            subscription: parts[1].to_string(),
            resource_group: parts[3].to_string(),
            namespace: parts[5].to_string(),
            segments,
        })
    }

    /// The full type, e.g. `Microsoft.Network/virtualNetworks/subnets`.
    pub fn full_type(&self) -> String {
        let mut s = self.namespace.clone();
        for (t, _) in &self.segments {
            s.push('/');
            s.push_str(t);
        }
        s
    }

    /// The last name segment (the resource's own name).
    pub fn name(&self) -> &str {
        self.segments.last().map(|(_, n)| n.as_str()).unwrap_or("")
    }
}

/// The resource types attach and networking fields accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    VirtualMachine,
    HdInsight,
    Databricks,
    DataLakeAnalytics,
    /// Arc-enabled cluster or AKS.
    Kubernetes,
    SynapseSparkPool,
    Aks,
    Subnet,
    UserAssignedIdentity,
    CustomImage,
}

impl ResourceKind {
    /// Accepted full types (compared case-insensitively).
    pub fn types(self) -> &'static [&'static str] {
        match self {
            ResourceKind::VirtualMachine => &["Microsoft.Compute/virtualMachines"],
            ResourceKind::HdInsight => &["Microsoft.HDInsight/clusters"],
            ResourceKind::Databricks => &["Microsoft.Databricks/workspaces"],
            ResourceKind::DataLakeAnalytics => &["Microsoft.DataLakeAnalytics/accounts"],
            ResourceKind::Kubernetes => {
                &["Microsoft.Kubernetes/connectedClusters", "Microsoft.ContainerService/managedClusters"]
            }
            ResourceKind::SynapseSparkPool => &["Microsoft.Synapse/workspaces/bigDataPools"],
            ResourceKind::Aks => &["Microsoft.ContainerService/managedClusters"],
            ResourceKind::Subnet => &["Microsoft.Network/virtualNetworks/subnets"],
            ResourceKind::UserAssignedIdentity => &["Microsoft.ManagedIdentity/userAssignedIdentities"],
            ResourceKind::CustomImage => &[
                "Microsoft.Compute/galleries/images/versions",
                "Microsoft.Compute/galleries/images",
                "Microsoft.Compute/images",
            ],
        }
    }

    /// What the user should paste, for messages.
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::VirtualMachine => crate::msg_str!("a virtual machine"),
            ResourceKind::HdInsight => crate::msg_str!("an HDInsight cluster"),
            ResourceKind::Databricks => crate::msg_str!("an Azure Databricks workspace"),
            ResourceKind::DataLakeAnalytics => crate::msg_str!("a Data Lake Analytics account"),
            ResourceKind::Kubernetes => crate::msg_str!("an Arc-enabled Kubernetes or AKS cluster"),
            ResourceKind::SynapseSparkPool => crate::msg_str!("a Synapse Spark pool"),
            ResourceKind::Aks => crate::msg_str!("an AKS cluster"),
            ResourceKind::Subnet => crate::msg_str!("a virtual network subnet"),
            ResourceKind::UserAssignedIdentity => crate::msg_str!("a user-assigned managed identity"),
            ResourceKind::CustomImage => crate::msg_str!("a VM image"),
        }
    }
}

/// Parses `text` and checks it is one of `kind`'s types.
pub fn check_resource_id(text: &str, kind: ResourceKind) -> Result<ArmResourceId, String> {
    let id = ArmResourceId::parse(text)?;
    let full = id.full_type();
    if kind.types().iter().any(|t| t.eq_ignore_ascii_case(&full)) {
        return Ok(id);
    }
    let label = kind.label();
    Err(match kind.types() {
        [a, b] => crate::msg!("This is the id of a {full}, not of {label} ({a} or {b})."),
        types => crate::msg!("This is the id of a {full}, not of {label} ({}).", types.join(", ")),
    })
}

fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub(crate) fn is_guid_text(s: &str) -> bool {
    is_guid(s)
}
