//! Shared test data: throwaway keys generated for these tests (not secrets) and sample ids.
#![allow(dead_code)]

pub const ED25519_PUB: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILO/Yhjn/uQ37MU/EZqp5RlqffgCb4Qxhswxs4+ffxDS test@example";
pub const RSA_PUB: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDcto7cKIj9gCk5V1adtL23JhQMpQ4bh8Ojzl4Gpl7qABuWj69Ek3wnBxs9yHW4Z05xx5sB745EU5pAcfW72cbAqI3Kv0LQybEHYKdASpbVkyMGXcH7VEds6FZ8hsXD5XPbVhrdZs29fnECTIs7a0WLUVHNEyZcZVPAL3kI8/6DmQ==";
pub const OPENSSH_PRIVATE: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACCzv2IY5/7kN+zFPxGaqeUZan34Am+EMYbMMbOPn38Q0gAAAJBeLBy4Xiwc\nuAAAAAtzc2gtZWQyNTUxOQAAACCzv2IY5/7kN+zFPxGaqeUZan34Am+EMYbMMbOPn38Q0g\nAAAEDWXcpqMXJSGMvp8zLPmgDTQpzlOplvA5gKr3qk3m16DLO/Yhjn/uQ37MU/EZqp5Rlq\nffgCb4Qxhswxs4+ffxDSAAAADHRlc3RAZXhhbXBsZQE=\n-----END OPENSSH PRIVATE KEY-----\n";
pub const SUB: &str = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

pub fn id(provider_path: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/rg-ml-dev/providers/{provider_path}")
}

pub fn subnet() -> String {
    id("Microsoft.Network/virtualNetworks/vnet1/subnets/default")
}

pub fn uai() -> String {
    id("Microsoft.ManagedIdentity/userAssignedIdentities/uai-ml")
}
