//! Compute instance start/stop schedules (spec `ComputeStartStopSchedule`).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::fields::opt;
use crate::models::ComputeStartStopSchedule;

const WEEK_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A start or stop schedule (spec `ComputeStartStopSchedule`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    /// `Start` or `Stop`.
    pub action: String,
    pub enabled: bool,
    /// `Cron` or `Recurrence`.
    pub trigger_type: String,
    /// NCronTab expression (Cron).
    pub cron_expression: String,
    /// `Minute`, `Hour`, `Day`, `Week`, `Month` (Recurrence).
    pub frequency: String,
    pub interval: String,
    /// Comma-separated hours / minutes, e.g. `18` / `0,30` (Recurrence).
    pub hours: String,
    pub minutes: String,
    /// `Monday` … `Sunday` (Recurrence, optional).
    pub week_days: Vec<String>,
    /// `yyyy-MM-ddTHH:mm:ss`, optional.
    pub start_time: String,
    /// Windows time zone name; empty = the service default (UTC).
    pub time_zone: String,
}

impl Default for ScheduleForm {
    fn default() -> Self {
        ScheduleForm {
            action: "Stop".into(),
            enabled: true,
            trigger_type: "Cron".into(),
            cron_expression: String::new(),
            frequency: "Day".into(),
            interval: "1".into(),
            hours: String::new(),
            minutes: String::new(),
            week_days: Vec::new(),
            start_time: String::new(),
            time_zone: String::new(),
        }
    }
}

impl ScheduleForm {
    pub(crate) fn check(&self) -> Result<(), String> {
        if !matches!(self.action.as_str(), "Start" | "Stop") {
            return Err(crate::msg_str!("A schedule's action is Start or Stop.").into());
        }
        match self.trigger_type.as_str() {
            "Cron" => {
                let fields = self.cron_expression.split_whitespace().count();
                if !(5..=6).contains(&fields) {
                    return Err(crate::msg!(
                        "“{}” is not a cron expression (5 fields, e.g. “0 18 * * 1-5”).",
                        self.cron_expression
                    ));
                }
            }
            "Recurrence" => {
                if !["Minute", "Hour", "Day", "Week", "Month"].contains(&self.frequency.as_str()) {
                    return Err(crate::msg_str!("Choose a recurrence frequency.").into());
                }
                match self.interval.trim().parse::<i32>() {
                    Ok(n) if n >= 1 => {}
                    _ => return Err(crate::msg_str!("The recurrence interval must be a whole number ≥ 1.").into()),
                }
                parse_list(&self.hours, 23)
                    .map_err(|_| crate::msg_str!("Hours are numbers 0–23 separated by commas.").to_string())?;
                parse_list(&self.minutes, 59)
                    .map_err(|_| crate::msg_str!("Minutes are numbers 0–59 separated by commas.").to_string())?;
                if parse_list(&self.hours, 23)?.is_empty() || parse_list(&self.minutes, 59)?.is_empty() {
                    return Err(crate::msg_str!("A recurrence needs at least one hour and one minute.").into());
                }
                if let Some(d) = self.week_days.iter().find(|d| !WEEK_DAYS.contains(&d.as_str())) {
                    return Err(crate::msg!("“{d}” is not a week day."));
                }
            }
            _ => return Err(crate::msg_str!("A schedule's trigger is Cron or Recurrence.").into()),
        }
        let st = self.start_time.trim();
        let shape_ok = st.len() == 19
            && st.char_indices().all(|(i, c)| match i {
                4 | 7 => c == '-',
                10 => c == 'T',
                13 | 16 => c == ':',
                _ => c.is_ascii_digit(),
            });
        if !st.is_empty() && !shape_ok {
            return Err(crate::msg_str!("The start time is written yyyy-MM-ddTHH:mm:ss.").into());
        }
        // The service takes Windows ids ("Turkey Standard Time"), not IANA names.
        let tz = self.time_zone.trim();
        if !tz.is_empty() && !crate::timezone::is_windows_id(tz) {
            return Err(match crate::timezone::windows_id_for_iana(tz) {
                Some(id) => crate::msg!("“{tz}” is an IANA name; schedules take the Windows time zone “{id}”."),
                None => crate::msg!("“{tz}” is not a Windows time zone id (e.g. “UTC”, “Turkey Standard Time”)."),
            });
        }
        Ok(())
    }

    pub(crate) fn to_schedule(&self) -> ComputeStartStopSchedule {
        let mut trigger = serde_json::Map::new();
        let kind = if self.trigger_type == "Recurrence" {
            trigger.insert("frequency".into(), json!(self.frequency));
            trigger.insert("interval".into(), json!(self.interval.trim().parse::<i64>().unwrap_or(1)));
            let mut sched = json!({
                "hours": parse_list(&self.hours, 23).unwrap_or_default(),
                "minutes": parse_list(&self.minutes, 59).unwrap_or_default(),
            });
            if !self.week_days.is_empty() {
                sched["weekDays"] = json!(self.week_days);
            }
            trigger.insert("schedule".into(), sched);
            "recurrence"
        } else {
            trigger.insert("expression".into(), json!(self.cron_expression.trim()));
            "cron"
        };
        if let Some(st) = opt(&self.start_time) {
            trigger.insert("startTime".into(), json!(st));
        }
        if let Some(tz) = opt(&self.time_zone) {
            trigger.insert("timeZone".into(), json!(tz));
        }
        let mut s = ComputeStartStopSchedule {
            status: Some(if self.enabled { "Enabled" } else { "Disabled" }.into()),
            action: Some(self.action.clone()),
            trigger_type: Some(self.trigger_type.clone()),
            ..Default::default()
        };
        match kind {
            "cron" => s.cron = Some(Value::Object(trigger)),
            _ => s.recurrence = Some(Value::Object(trigger)),
        }
        s
    }
}

/// `"0, 30"` → `[0, 30]`, each ≤ `max`.
pub fn parse_list(text: &str, max: i64) -> Result<Vec<i64>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => Ok(n),
            _ => Err(crate::msg!("“{s}” is out of range")),
        })
        .collect()
}
