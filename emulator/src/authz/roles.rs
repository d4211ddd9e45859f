//! The built-in role definitions the emulator assigns, with their real ids and permissions
//! (docs/azure-ml-rest.md §13.2; the same definitions are in tests/fixtures/rbac/).

/// `(actions, notActions)` of a role's one permission entry.
pub struct RoleDefinition {
    pub name: &'static str,
    pub id: &'static str,
    pub actions: &'static [&'static str],
    pub not_actions: &'static [&'static str],
}

pub const OWNER: RoleDefinition =
    RoleDefinition { name: "Owner", id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", actions: &["*"], not_actions: &[] };

pub const CONTRIBUTOR: RoleDefinition = RoleDefinition {
    name: "Contributor",
    id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    actions: &["*"],
    not_actions: &[
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Blueprint/blueprintAssignments/write",
        "Microsoft.Blueprint/blueprintAssignments/delete",
        "Microsoft.Compute/galleries/share/action",
        "Microsoft.Purview/consents/write",
        "Microsoft.Purview/consents/delete",
        "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
        "Microsoft.Subscription/cancel/action",
        "Microsoft.Subscription/enable/action",
    ],
};

pub const READER: RoleDefinition = RoleDefinition {
    name: "Reader",
    id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    actions: &["*/read"],
    not_actions: &[],
};

pub const DATA_SCIENTIST: RoleDefinition = RoleDefinition {
    name: "AzureML Data Scientist",
    id: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
    actions: &[
        "Microsoft.MachineLearningServices/workspaces/*/read",
        "Microsoft.MachineLearningServices/workspaces/*/action",
        "Microsoft.MachineLearningServices/workspaces/*/delete",
        "Microsoft.MachineLearningServices/workspaces/*/write",
    ],
    not_actions: &[
        "Microsoft.MachineLearningServices/workspaces/delete",
        "Microsoft.MachineLearningServices/workspaces/write",
        "Microsoft.MachineLearningServices/workspaces/computes/*/write",
        "Microsoft.MachineLearningServices/workspaces/computes/*/delete",
        "Microsoft.MachineLearningServices/workspaces/computes/listKeys/action",
        "Microsoft.MachineLearningServices/workspaces/listKeys/action",
        "Microsoft.MachineLearningServices/workspaces/hubs/write",
        "Microsoft.MachineLearningServices/workspaces/hubs/delete",
        "Microsoft.MachineLearningServices/workspaces/featurestores/write",
        "Microsoft.MachineLearningServices/workspaces/featurestores/delete",
    ],
};

pub const COMPUTE_OPERATOR: RoleDefinition = RoleDefinition {
    name: "AzureML Compute Operator",
    id: "e503ece1-11d0-4e8e-8e2c-7a6c3bf38815",
    actions: &[
        "Microsoft.MachineLearningServices/workspaces/computes/*",
        "Microsoft.MachineLearningServices/workspaces/notebooks/vm/*",
    ],
    not_actions: &[],
};

pub const BUILT_IN: [&RoleDefinition; 5] = [&OWNER, &CONTRIBUTOR, &READER, &DATA_SCIENTIST, &COMPUTE_OPERATOR];

pub fn by_name(name: &str) -> Option<&'static RoleDefinition> {
    BUILT_IN.iter().copied().find(|r| r.name.eq_ignore_ascii_case(name) || r.id.eq_ignore_ascii_case(name))
}

impl RoleDefinition {
    /// The role's entry of a `permissions` answer.
    pub fn permission_json(&self) -> serde_json::Value {
        serde_json::json!({"actions": self.actions, "notActions": self.not_actions, "dataActions": [], "notDataActions": []})
    }

    /// Whether the role grants `action` (its own notActions subtract; see `matches`).
    pub fn grants(&self, action: &str) -> bool {
        self.actions.iter().any(|p| super::pattern::matches(p, action))
            && !self.not_actions.iter().any(|p| super::pattern::matches(p, action))
    }
}
