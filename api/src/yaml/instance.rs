//! az ml YAML for a compute instance (`type: computeinstance`).

use super::emit::{raw, render, s, Y};
use super::fields::{header, push_opt, tags};
use crate::forms::{ComputeInstanceForm, ScheduleForm, ScriptForm};

pub fn compute_instance_yaml(f: &ComputeInstanceForm, location: &str) -> String {
    let mut notes = Vec::new();
    if f.application_sharing_policy == "Personal" {
        notes.push("applicationSharingPolicy Personal cannot be expressed in az ml YAML (it sends Shared).".into());
    }
    for (label, sc) in [("creation", &f.creation_script), ("startup", &f.startup_script)] {
        if sc.source == "inline" {
            notes.push(format!("The inline {label} script cannot be expressed in az ml YAML (workspace paths only)."));
        }
    }
    let mut m = header(&notes, Some("computeInstance.schema.json"), &f.name, "computeinstance", location);
    push_opt(&mut m, "description", &f.description);
    push_opt(&mut m, "size", &f.vm_size);
    if !f.subnet_id.trim().is_empty() {
        m.push(("network_settings".into(), Y::Map(vec![("subnet".into(), s(f.subnet_id.trim()))])));
    }
    m.push(("ssh_public_access_enabled".into(), raw(f.ssh_public_access)));
    if !f.ssh_public_key.trim().is_empty() {
        m.push(("ssh_settings".into(), Y::Map(vec![("ssh_key_value".into(), s(f.ssh_public_key.trim()))])));
    }
    if !f.idle_shutdown_minutes.trim().is_empty() {
        m.push(("idle_time_before_shutdown_minutes".into(), raw(f.idle_shutdown_minutes.trim())));
    }
    if !f.assigned_user_object_id.trim().is_empty() {
        m.push((
            "create_on_behalf_of".into(),
            Y::Map(vec![
                ("user_tenant_id".into(), s(f.assigned_user_tenant_id.trim())),
                ("user_object_id".into(), s(f.assigned_user_object_id.trim())),
            ]),
        ));
    }
    if !f.schedules.is_empty() {
        let list = f.schedules.iter().map(schedule).collect();
        m.push(("schedules".into(), Y::Map(vec![("compute_start_stop".into(), Y::List(list))])));
    }
    let scripts: Vec<(String, Y)> = [("creation_script", &f.creation_script), ("startup_script", &f.startup_script)]
        .into_iter()
        .filter(|(_, sc)| sc.source == "workspaceStorage")
        .map(|(k, sc)| (k.to_string(), script(sc)))
        .collect();
    if !scripts.is_empty() {
        m.push(("setup_scripts".into(), Y::Map(scripts)));
    }
    m.push(("enable_node_public_ip".into(), raw(f.enable_node_public_ip)));
    tags(&mut m, &f.tags);
    render(&Y::Map(m))
}

fn schedule(sc: &ScheduleForm) -> Y {
    let mut t = Vec::new();
    if sc.trigger_type == "Recurrence" {
        t.push(("type".to_string(), raw("recurrence")));
        t.push(("frequency".into(), s(sc.frequency.to_ascii_lowercase())));
        t.push(("interval".into(), raw(sc.interval.trim())));
        let nums = |text: &str, max| {
            Y::List(crate::forms::parse_list(text, max).unwrap_or_default().into_iter().map(raw).collect())
        };
        let mut p = vec![("hours".to_string(), nums(&sc.hours, 23)), ("minutes".into(), nums(&sc.minutes, 59))];
        if !sc.week_days.is_empty() {
            p.push(("week_days".into(), Y::List(sc.week_days.iter().map(|d| s(d.to_ascii_lowercase())).collect())));
        }
        t.push(("schedule".into(), Y::Map(p)));
    } else {
        t.push(("type".to_string(), raw("cron")));
        t.push(("expression".into(), s(sc.cron_expression.trim())));
    }
    push_opt(&mut t, "start_time", &sc.start_time);
    push_opt(&mut t, "time_zone", &sc.time_zone);
    Y::Map(vec![
        ("action".into(), raw(sc.action.to_ascii_lowercase())),
        ("state".into(), raw(if sc.enabled { "enabled" } else { "disabled" })),
        ("trigger".into(), Y::Map(t)),
    ])
}

fn script(sc: &ScriptForm) -> Y {
    let mut m = vec![("path".to_string(), s(sc.data.trim()))];
    push_opt(&mut m, "command", &sc.arguments);
    if !sc.timeout_minutes.trim().is_empty() {
        m.push(("timeout_minutes".into(), raw(sc.timeout_minutes.trim())));
    }
    Y::Map(m)
}
