//! Live logs, the sans-IO half: RunDetails (data plane) lists the log files with read SAS URLs;
//! each file is re-read with `Range: bytes=<offset>-` so only new bytes travel. This module
//! keeps the list and the offsets; the console sends the reads and feeds the answers back.

use serde_json::Value;

use super::storage::{error_code, origin_of};

/// Bytes of a log file held in memory by default: its tail. Older parts are read on demand
/// ([`LogFile::older_range`]), and a long job's log never grows the page without bound.
pub const KEEP_BYTES: usize = 1 << 20;
/// The first read of a file: its head, and (`Content-Range`) its size. A file up to this size
/// is done in one read; a bigger one is then read from where its kept tail starts.
pub const PROBE_BYTES: u64 = 64 * 1024;
/// One "load older" step.
pub const OLDER_BYTES: u64 = 256 * 1024;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFile {
    /// `user_logs/std_log.txt`, `user_logs/std_log_process_1.txt`, …
    pub name: String,
    /// The held part of the file: bytes `start..offset`, whole lines (but for a line longer
    /// than what is held).
    pub text: String,
    /// Bytes of the file read so far (the next read starts here).
    pub offset: u64,
    /// Where `text` starts in the file: 0 when all of it is held.
    pub start: u64,
    /// The read SAS URL (renewed by every RunDetails answer).
    pub url: String,
    /// Storage refused the read (CORS or SAS): shown on the tab instead of new text.
    pub error: Option<String>,
    /// The first read (the probe) has been answered.
    pub sized: bool,
    /// The next read starts inside a line: drop up to its end.
    pub mid_line: bool,
    /// The user read older parts: everything from `start` is held from then on (the part they
    /// are reading must not slide away as the log grows).
    pub pinned: bool,
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
    /// The header of the next read: the probe first, then everything after what was read.
    pub fn range_header(&self) -> (String, String) {
        let range = if self.sized { format!("bytes={}-", self.offset) } else { format!("bytes=0-{}", PROBE_BYTES - 1) };
        ("Range".into(), range)
    }

    /// Whether the last answer asks for another read at once (the probe found a big file).
    pub fn wants_read_now(&self) -> bool {
        self.sized && self.mid_line && self.text.is_empty() && self.offset > 0
    }

    /// Feeds a storage answer to the last read (`content_range`: its `Content-Range` header).
    pub fn on_answer(&mut self, status: u16, content_range: Option<&str>, body: &str) {
        match status {
            206 if !self.sized => {
                self.sized = true;
                self.error = None;
                let total = content_range.and_then(range_total).unwrap_or(body.len() as u64);
                if total <= body.len() as u64 || total <= KEEP_BYTES as u64 {
                    // Small enough to hold whole: keep what came, read on from there.
                    self.append(body);
                } else {
                    // Big: only its tail is read, from the first whole line of it.
                    self.offset = total - KEEP_BYTES as u64;
                    self.start = self.offset;
                    self.mid_line = true;
                }
            }
            206 => {
                self.append(body);
                self.error = None;
            }
            200 => {
                // The range was ignored: the whole file came back; keep only the unseen part
                // (a file shorter than what was read was rotated: nothing is duplicated).
                let skip = (self.offset as usize).min(body.len());
                let skip = (0..=skip).rev().find(|i| body.is_char_boundary(*i)).unwrap_or(0);
                self.offset = skip as u64;
                self.sized = true;
                self.append(&body[skip..]);
                self.error = None;
            }
            // Nothing new since the offset (or an empty file).
            416 => {
                self.sized = true;
                self.error = None;
            }
            s => {
                let code = error_code(body).map(|c| format!(" {c}")).unwrap_or_default();
                self.error = Some(format!("storage answered HTTP {s}{code}"));
            }
        }
    }

    /// Adds bytes read at `offset`, then lets go of the oldest whole lines beyond what is held.
    fn append(&mut self, body: &str) {
        let mut piece = body;
        if self.mid_line {
            match piece.find('\n') {
                Some(i) => {
                    piece = &piece[i + 1..];
                    self.start = self.offset + (i + 1) as u64;
                    self.mid_line = false;
                }
                None => {
                    self.offset += body.len() as u64;
                    self.start = self.offset;
                    return;
                }
            }
        }
        self.offset += body.len() as u64;
        self.text.push_str(piece);
        if !self.pinned && self.text.len() > KEEP_BYTES {
            let over = self.text.len() - KEEP_BYTES;
            let cut = match self.text[over..].find('\n') {
                Some(i) if over + i + 1 < self.text.len() => over + i + 1,
                _ => (over..=self.text.len()).find(|i| self.text.is_char_boundary(*i)).unwrap_or(over),
            };
            self.text.drain(..cut);
            self.start += cut as u64;
        }
    }

    /// The header that reads the part just before what is held, or `None` when all is held.
    pub fn older_range(&self) -> Option<(String, String)> {
        (self.start > 0 && !self.mid_line)
            .then(|| ("Range".into(), format!("bytes={}-{}", self.start.saturating_sub(OLDER_BYTES), self.start - 1)))
    }

    /// Feeds the answer to [`Self::older_range`]'s read: the part goes before the held text
    /// (from its first whole line, unless it reaches the file's start), and is held from now on.
    pub fn on_older(&mut self, status: u16, body: &str) -> Result<(), String> {
        if status != 206 {
            let code = error_code(body).map(|c| format!(" {c}")).unwrap_or_default();
            return Err(format!("storage answered HTTP {status}{code}"));
        }
        let from = self.start.saturating_sub(body.len() as u64);
        let piece = match body.find('\n') {
            Some(i) if from > 0 => &body[i + 1..],
            _ => body,
        };
        self.start = self.start.saturating_sub(piece.len() as u64);
        self.pinned = true;
        self.text.insert_str(0, piece);
        Ok(())
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

    /// Bytes of the file not held (before `start`).
    pub fn not_held(&self) -> u64 {
        self.start
    }
}

/// The size after the slash of a `Content-Range: bytes a-b/size` header.
fn range_total(v: &str) -> Option<u64> {
    v.rsplit_once('/').and_then(|(_, t)| t.trim().parse().ok())
}
