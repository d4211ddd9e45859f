//! Clean stops: every process xtask starts (services and foreground commands) runs in a process
//! group of its own, and xtask stops those groups whole — its direct children and whatever they
//! started (trunk's cargo, the emulator's job processes) — when
//! - a `Service` is dropped (a test run ends or fails),
//! - xtask gets SIGTERM, SIGINT or SIGHUP (a process manager, a script, Ctrl-C, a closed
//!   terminal): the signal watcher stops every registered group, then exits with 128 + signal;
//! - xtask itself dies without a chance to clean up (SIGKILL, abort): each direct child gets
//!   SIGKILL from the kernel (`PR_SET_PDEATHSIG`), which frees the ports the services hold;
//!   grandchildren (a build trunk had started) then finish on their own.
//!
//! A stop sends SIGTERM to the group, waits up to a grace period, then sends SIGKILL: Azurite
//! ignores SIGTERM. Its own process group also means a terminal's Ctrl-C reaches a child only
//! through xtask, which is what makes the stop the same on every path. Linux only (prctl, /proc),
//! like the machines this project runs on.

use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a group gets between SIGTERM and SIGKILL.
pub const GRACE: Duration = Duration::from_secs(3);

/// Process group ids (= the pid of the child that leads each) of everything running now.
static GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Set once a signal arrived: the watcher is stopping everything and will exit the process.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Called where xtask waits for or starts children: once a stop is under way, a child that
/// ended is no failure to report and nothing new may start; this thread waits for the exit.
pub fn halt_if_stopping() {
    while STOPPING.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Makes `c` start in a process group of its own that the kernel kills with SIGKILL when
/// xtask dies. The "parent" for PR_SET_PDEATHSIG is the spawning *thread*: spawn from a thread
/// that lives as long as the child should (xtask spawns from its main thread).
pub fn own_group(c: &mut Command) {
    c.process_group(0);
    let parent = std::process::id() as i32;
    // SAFETY: only async-signal-safe calls (prctl, getppid, _exit) between fork and exec.
    unsafe {
        c.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // xtask died between fork and prctl: the signal would never come.
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

pub fn register(pgid: u32) {
    GROUPS.lock().unwrap_or_else(|e| e.into_inner()).push(pgid as i32);
}

pub fn unregister(pgid: u32) {
    GROUPS.lock().unwrap_or_else(|e| e.into_inner()).retain(|g| *g != pgid as i32);
}

/// SIGTERM to every group, up to `grace` for them to go, then SIGKILL to what is left. Returns
/// once no process of the groups is alive (zombies aside) or after the SIGKILL settled.
pub fn stop_groups(groups: &[i32], grace: Duration) {
    let signal = |sig| {
        for &g in groups {
            // SAFETY: kill(2) with a negative pid signals that process group; no memory involved.
            unsafe { libc::kill(-g, sig) };
        }
    };
    signal(libc::SIGTERM);
    let all_gone = |limit: Duration| {
        let start = Instant::now();
        loop {
            reap(groups);
            if !groups.iter().any(|&g| group_alive(g)) {
                return true;
            }
            if start.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    if !all_gone(grace) {
        signal(libc::SIGKILL);
        all_gone(Duration::from_secs(2));
    }
}

/// Collects the exit status of group members that are xtask's own children (the leaders), so
/// they don't linger as zombies. Others are reaped by whoever adopted them.
fn reap(groups: &[i32]) {
    for &g in groups {
        // SAFETY: waitpid on a process group with WNOHANG; the status is written to a local.
        while unsafe { libc::waitpid(-g, std::ptr::null_mut(), libc::WNOHANG) } > 0 {}
    }
}

/// True while a process of the group is alive (running or stopped, not a zombie).
pub fn group_alive(pgid: i32) -> bool {
    let Ok(dir) = std::fs::read_dir("/proc") else { return false };
    dir.flatten().any(|e| {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else { return false };
        proc_stat(pid).is_some_and(|s| s.pgrp == pgid && s.alive())
    })
}

/// The fields of `/proc/<pid>/stat` this module needs.
pub struct ProcStat {
    pub state: char,
    pub pgrp: i32,
}

impl ProcStat {
    pub fn alive(&self) -> bool {
        !matches!(self.state, 'Z' | 'X' | 'x')
    }
}

pub fn proc_stat(pid: i32) -> Option<ProcStat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid pgrp …`; comm may contain spaces and parentheses.
    let mut f = text.get(text.rfind(')')? + 1..)?.split_whitespace();
    let state = f.next()?.chars().next()?;
    let _ppid = f.next()?;
    Some(ProcStat { state, pgrp: f.next()?.parse().ok()? })
}

/// Installs the watcher: on SIGTERM, SIGINT or SIGHUP every registered group is stopped and
/// xtask exits with 128 + the signal number. The handlers are in place when this returns.
pub fn stop_children_on_signals() -> Result<(), String> {
    use tokio::signal::unix::{signal, SignalKind};
    let rt = tokio::runtime::Builder::new_current_thread().enable_io().build().map_err(|e| e.to_string())?;
    let listen = |kind| {
        let _in_runtime = rt.enter();
        signal(kind).map_err(|e| format!("signal handler: {e}"))
    };
    let (mut term, mut int, mut hup) =
        (listen(SignalKind::terminate())?, listen(SignalKind::interrupt())?, listen(SignalKind::hangup())?);
    std::thread::spawn(move || {
        let signo = rt.block_on(async {
            tokio::select! {
                _ = term.recv() => libc::SIGTERM,
                _ = int.recv() => libc::SIGINT,
                _ = hup.recv() => libc::SIGHUP,
            }
        });
        STOPPING.store(true, Ordering::SeqCst);
        let groups = std::mem::take(&mut *GROUPS.lock().unwrap_or_else(|e| e.into_inner()));
        eprintln!("\nxtask: signal {signo}: stopping {} process group(s)", groups.len());
        stop_groups(&groups, GRACE);
        std::process::exit(128 + signo);
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_proc_stat_of_itself() {
        let me = proc_stat(std::process::id() as i32).expect("own /proc entry");
        assert!(me.alive());
        // SAFETY: a plain getter.
        assert_eq!(me.pgrp, unsafe { libc::getpgrp() });
    }

    #[test]
    fn a_group_that_ignores_sigterm_is_killed_after_the_grace() {
        // A shell that ignores SIGTERM (like Azurite) with a child of its own in the group.
        let mut c = Command::new("sh");
        c.args(["-c", "trap '' TERM; sleep 60 & wait"]);
        own_group(&mut c);
        let mut child = c.spawn().expect("sh");
        let pgid = child.id() as i32;
        std::thread::sleep(Duration::from_millis(200));
        assert!(group_alive(pgid));
        let t = Instant::now();
        stop_groups(&[pgid], Duration::from_millis(300));
        assert!(!group_alive(pgid), "group {pgid} still has live processes");
        assert!(t.elapsed() >= Duration::from_millis(300), "SIGTERM alone should not have stopped it");
        let _ = child.wait(); // reaped by stop_groups already: settles std's handle
    }
}
