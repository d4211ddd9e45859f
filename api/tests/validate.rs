//! Every validation rule with good and bad inputs.

mod common;

use aml_api::validate::*;
use common::*;

#[test]
fn compute_names_follow_the_spec_pattern() {
    for ok in ["abc", "cpu-cluster", "a-1b", "abc-x1", "A23456789012345678901234", "gpu-cluster-v2", "ab-"] {
        assert_eq!(check_compute_name(ok), Ok(()), "{ok}");
    }
    for bad in [
        "",
        "a",
        "ab",
        "1abc",
        "-abc",
        "abc-12",
        "abc-1",
        "x--9",
        "A234567890123456789012345",
        "abc_def",
        "abc.def",
        "naïve",
        "名前abc",
        "abc def",
    ] {
        assert!(check_compute_name(bad).is_err(), "{bad}");
    }
    assert!(check_compute_name("abc-12").unwrap_err().contains("hyphen followed by digits"));
    assert!(check_compute_name("1abc").unwrap_err().contains("start with a letter"));
    assert!(check_compute_name("a").unwrap_err().contains("3 to 24"));
    assert!(check_compute_name("naïve").unwrap_err().contains("“ï”"));
    let existing = vec!["CPU-Cluster".to_string()];
    assert!(check_unique_name("cpu-cluster", &existing).is_err());
    assert!(check_unique_name("cpu-cluster2", &existing).is_ok());
}

#[test]
fn node_counts_idle_and_ports() {
    assert!(check_node_counts(0, 4).is_empty());
    assert!(check_node_counts(4, 4).is_empty());
    assert_eq!(check_node_counts(5, 4)[0].0, "min_nodes");
    assert_eq!(check_node_counts(0, 0)[0].0, "max_nodes");
    assert_eq!(check_node_counts(-1, 4)[0].0, "min_nodes");
    assert!(!check_node_counts(0, 3_000_000_000).is_empty());
    assert!(parse_count(" 3 ", "x").is_ok() && parse_count("3.5", "x").is_err() && parse_count("", "x").is_err());
    assert_eq!(check_idle_seconds("0"), Ok(0));
    assert_eq!(check_idle_seconds("120"), Ok(120));
    assert!(check_idle_seconds("-1").is_err() && check_idle_seconds("two").is_err());
    assert_eq!(check_idle_shutdown_minutes("15"), Ok(15));
    assert_eq!(check_idle_shutdown_minutes("4320"), Ok(4320));
    assert!(check_idle_shutdown_minutes("14").is_err() && check_idle_shutdown_minutes("4321").is_err());
    assert_eq!(check_ssh_port("22"), Ok(22));
    assert_eq!(check_ssh_port("65535"), Ok(65535));
    for bad in ["0", "65536", "-22", "ssh", ""] {
        assert!(check_ssh_port(bad).is_err(), "{bad}");
    }
}

#[test]
fn usernames_and_passwords() {
    for ok in ["azureuser", "a1", "ml_admin", "ml-admin.x"] {
        assert_eq!(check_admin_username(ok), Ok(()), "{ok}");
    }
    for bad in ["", "1user", "_x", "root", "Admin", "a", "user.", "has space", "ünï", &"a".repeat(33)] {
        assert!(check_admin_username(bad).is_err(), "{bad}");
    }
    assert_eq!(check_new_password("Str0ng-Passw0rd"), Ok(()));
    assert_eq!(check_new_password("lowerUPPER1234"), Ok(()));
    for bad in ["", "Sh0rt!", "alllowercase1234", "ALLUPPER!!!!!!!", &format!("Aa1!{}", "x".repeat(70))] {
        assert!(check_new_password(bad).is_err(), "{bad}");
    }
    assert!(check_password_present("").is_err() && check_password_present("x").is_ok());
}

#[test]
fn ssh_public_keys() {
    assert_eq!(check_public_key(ED25519_PUB), Ok(()));
    assert_eq!(check_public_key(RSA_PUB), Ok(()));
    assert_eq!(check_public_key(&format!("  {RSA_PUB}\n")), Ok(()));
    // Type on the line does not match the blob.
    let swapped = ED25519_PUB.replacen("ssh-ed25519", "ssh-rsa", 1);
    assert!(check_public_key(&swapped).unwrap_err().contains("“ssh-ed25519” key"));
    let truncated = &RSA_PUB[..RSA_PUB.len() - 10];
    assert!(check_public_key(truncated).is_err());
    assert!(check_public_key("ssh-dss AAAAB3NzaC1kc3MAAACBAP").is_err());
    assert!(check_public_key("ssh-rsa not*base64").is_err());
    assert!(check_public_key("ssh-rsa").is_err());
    assert!(check_public_key(OPENSSH_PRIVATE).unwrap_err().contains("private key"));
    assert!(check_public_key("").is_err());
    // A short blob that decodes but is not a key.
    assert!(check_public_key("ssh-ed25519 AAAA").is_err());
}

#[test]
fn ssh_private_keys() {
    assert_eq!(check_private_key(OPENSSH_PRIVATE), Ok(()));
    let pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIBOgIBAAJBAKj34GkxFhD9\n-----END RSA PRIVATE KEY-----\n";
    assert_eq!(check_private_key(pem), Ok(()));
    assert!(check_private_key("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----").is_ok());
    assert!(check_private_key(ED25519_PUB).is_err());
    assert!(check_private_key("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----").is_err());
    assert!(check_private_key("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA")
        .unwrap_err()
        .contains("missing"));
    assert!(check_private_key("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----")
        .unwrap_err()
        .contains("damaged"));
    assert!(check_private_key("-----BEGIN RSA PRIVATE KEY-----\n*not*\n-----END RSA PRIVATE KEY-----").is_err());
    assert!(check_private_key("PuTTY-User-Key-File-3: ssh-rsa").unwrap_err().contains("PuTTY"));
    assert!(check_private_key(&format!("{OPENSSH_PRIVATE}trailing")).is_err());
}

#[test]
fn resource_ids_of_the_right_kind() {
    let cases = [
        (ResourceKind::VirtualMachine, "Microsoft.Compute/virtualMachines/vm1"),
        (ResourceKind::HdInsight, "Microsoft.HDInsight/clusters/hdi"),
        (ResourceKind::Databricks, "Microsoft.Databricks/workspaces/dbx"),
        (ResourceKind::DataLakeAnalytics, "Microsoft.DataLakeAnalytics/accounts/adla"),
        (ResourceKind::Kubernetes, "Microsoft.Kubernetes/connectedClusters/arc"),
        (ResourceKind::Kubernetes, "Microsoft.ContainerService/managedClusters/aks"),
        (ResourceKind::SynapseSparkPool, "Microsoft.Synapse/workspaces/syn/bigDataPools/pool"),
        (ResourceKind::Aks, "Microsoft.ContainerService/managedClusters/aks"),
        (ResourceKind::Subnet, "Microsoft.Network/virtualNetworks/vnet/subnets/default"),
        (ResourceKind::UserAssignedIdentity, "Microsoft.ManagedIdentity/userAssignedIdentities/uai"),
    ];
    for (kind, path) in cases {
        let parsed = check_resource_id(&id(path), kind).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(parsed.subscription, SUB);
        assert_eq!(parsed.resource_group, "rg-ml-dev");
        // Case-insensitive namespace/type and `resourcegroups`.
        let lower = id(path).to_lowercase();
        assert!(check_resource_id(&lower, kind).is_ok(), "{lower}");
    }
    let pool = ArmResourceId::parse(&id("Microsoft.Synapse/workspaces/syn/bigDataPools/pool")).unwrap();
    assert_eq!((pool.full_type().as_str(), pool.name()), ("Microsoft.Synapse/workspaces/bigDataPools", "pool"));
    // Wrong kind, with the actual type in the message.
    let e = check_resource_id(&id("Microsoft.Compute/virtualMachines/vm1"), ResourceKind::HdInsight).unwrap_err();
    assert!(e.contains("Microsoft.Compute/virtualMachines") && e.contains("HDInsight"), "{e}");
    assert!(check_resource_id(&id("Microsoft.ContainerService/managedClusters/x"), ResourceKind::Kubernetes).is_ok());
    assert!(check_resource_id(&id("Microsoft.Kubernetes/connectedClusters/x"), ResourceKind::Aks).is_err());
    assert!(check_resource_id(&id("Microsoft.Synapse/workspaces/syn"), ResourceKind::SynapseSparkPool).is_err());
    assert!(check_resource_id(&id("Microsoft.Network/virtualNetworks/vnet"), ResourceKind::Subnet).is_err());
    for bad in [
        "",
        "test-subnet-resource-id",
        "subscriptions/x/resourceGroups/rg/providers/A.B/c/d",
        "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines",
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/",
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups//providers/Microsoft.Compute/virtualMachines/vm",
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/my vm",
    ] {
        assert!(ArmResourceId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn urls_namespaces_tags() {
    assert_eq!(check_https_url("https://example.com/x"), Ok(()));
    for bad in [
        "http://example.com",
        "example.com",
        "https://",
        "https://localhost",
        "ftp://example.com",
        "https://user@example.com",
    ] {
        assert!(check_https_url(bad).is_err(), "{bad}");
    }
    assert_eq!(check_databricks_url("https://adb-1234567890123456.7.azuredatabricks.net"), Ok(()));
    assert_eq!(check_databricks_url("https://adb-1.2.azuredatabricks.net/"), Ok(()));
    for bad in [
        "http://adb-1.2.azuredatabricks.net",
        "https://azuredatabricks.net",
        "https://adb-1.2.azuredatabricks.net.evil.example",
        "https://evil-azuredatabricks.net",
    ] {
        assert!(check_databricks_url(bad).is_err(), "{bad}");
    }
    for ok in ["default", "azureml", "a", "team-1", &"a".repeat(63)] {
        assert_eq!(check_k8s_namespace(ok), Ok(()), "{ok}");
    }
    for bad in ["", "Default", "-x", "x-", "a_b", "a.b", &"a".repeat(64)] {
        assert!(check_k8s_namespace(bad).is_err(), "{bad}");
    }
    let t = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
    assert_eq!(check_tags(&t("team", "vision")), Ok(()));
    assert_eq!(check_tags(&t(&"k".repeat(512), &"v".repeat(256))), Ok(()));
    assert!(check_tags(&t(&"k".repeat(513), "v")).is_err());
    assert!(check_tags(&t("k", &"v".repeat(257))).is_err());
    for c in ["<", ">", "%", "&", "\\", "?", "/"] {
        assert!(check_tags(&t(&format!("a{c}b"), "v")).is_err(), "{c}");
    }
    assert!(check_tags(&t(" ", "v")).is_err());
    assert!(check_tags(&[("Team".into(), "a".into()), ("team".into(), "b".into())]).is_err());
    let many: Vec<(String, String)> = (0..51).map(|i| (format!("k{i}"), String::new())).collect();
    assert!(check_tags(&many).is_err());
}
