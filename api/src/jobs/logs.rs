//! Live logs, the sans-IO half: RunDetails (data plane) lists the log files with read SAS URLs;
//! each file is re-read with `Range: bytes=<offset>-` so only new bytes travel. This module
//! keeps the list and the offsets; the console sends the reads and feeds the answers back.

use serde_json::Value;

use super::storage::{error_code, origin_of};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFile {
    /// `user_logs/std_log.txt`, `user_logs/std_log_process_1.txt`, …
    pub name: String,
    pub text: String,
    /// Bytes of the file shown so far (the next read starts here).
    pub offset: u64,
    /// The read SAS URL (renewed by every RunDetails answer).
    pub url: String,
    /// Storage refused the read (CORS or SAS): shown on the tab instead of new text.
    pub error: Option<String>,
}

/// What one RunDetails answer says about the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunInfo {
    pub status: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub error: Option<String>,
}

/// User logs first (std_log, then per-process in rank order), system logs after.
pub(crate) fn log_order(name: &str) -> (u8, u64, String) {
    let group = if name.starts_with("user_logs/") { 0 } else { 1 };
    let rank = match name.rsplit_once("process_") {
        Some((_, r)) => r.trim_end_matches(".txt").parse::<u64>().unwrap_or(0),
        None => 0,
    };
    (group, rank, name.to_string())
}

/// Reads RunDetails: adds a tab for every new log file, renews the SAS URL of known ones (it
/// may expire), keeps their text and offsets, and sorts the tabs.
pub fn merge_log_files(files: &mut Vec<LogFile>, details: &Value) {
    if let Some(m) = details["logFiles"].as_object() {
        for (name, url) in m {
            let url = url.as_str().unwrap_or_default().to_string();
            match files.iter_mut().find(|f| &f.name == name) {
                Some(f) => f.url = url,
                None => files.push(LogFile { name: name.clone(), url, ..Default::default() }),
            }
        }
    }
    files.sort_by_key(|f| log_order(&f.name));
}

/// Status, start, end and the error message of a RunDetails answer.
pub fn run_info(details: &Value) -> RunInfo {
    let opt = |k: &str| details[k].as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let error = match &details["error"] {
        Value::Null => None,
        e => Some(
            e["error"]["message"]
                .as_str()
                .or(e["message"].as_str())
                .map(str::to_string)
                .unwrap_or_else(|| e.to_string()),
        ),
    };
    RunInfo { status: opt("status").unwrap_or_default(), start: opt("startTimeUtc"), end: opt("endTimeUtc"), error }
}

impl LogFile {
    /// The header of the next read.
    pub fn range_header(&self) -> (String, String) {
        ("Range".into(), format!("bytes={}-", self.offset))
    }

    /// Feeds a storage answer to the last read.
    pub fn on_answer(&mut self, status: u16, body: &str) {
        match status {
            206 => {
                self.offset += body.len() as u64;
                self.text.push_str(body);
                self.error = None;
            }
            200 => {
                // The range was ignored: the whole file came back; keep only the unseen part.
                let skip = (self.offset as usize).min(body.len());
                let skip = (0..=skip).rev().find(|i| body.is_char_boundary(*i)).unwrap_or(0);
                self.text.push_str(&body[skip..]);
                self.offset = body.len() as u64;
                self.error = None;
            }
            // Nothing new since the offset.
            416 => self.error = None,
            s => {
                let code = error_code(body).map(|c| format!(" {c}")).unwrap_or_default();
                self.error = Some(format!("storage answered HTTP {s}{code}"));
            }
        }
    }

    /// The read got no answer at all (retries exhausted): `message` says why.
    pub fn on_failure(&mut self, message: &str) {
        self.error = Some(message.to_string());
    }

    /// The browser got no response (CORS not configured for this origin, or unreachable).
    pub fn on_blocked(&mut self) {
        self.error = Some(format!(
            "The browser could not read this log from {} (storage CORS rule missing for this origin?).",
            origin_of(&self.url)
        ));
    }
}
