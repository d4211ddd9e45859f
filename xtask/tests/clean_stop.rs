//! A terminated xtask leaves nothing running: the fake stack (`xtask _fake-stack`, started
//! through the same `Service` code as `xtask dev`) has a service that ignores SIGTERM (like
//! Azurite) and one with a child of its own (like trunk's cargo). After SIGTERM, SIGINT or
//! SIGHUP to xtask — only to xtask, as a process manager sends it — every port must be free and
//! no process it started may be alive. After SIGKILL, its direct children must be gone.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One fake stack at a time: a stack's ports come from binding port 0 and letting go, so a stack
/// started by a test running in parallel could be handed the ports another test just freed and
/// make them look "still held".
static ONE_STACK_AT_A_TIME: Mutex<()> = Mutex::new(());

fn free_ports() -> [u16; 3] {
    let l: Vec<TcpListener> = (0..3).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    [0, 1, 2].map(|i| l[i].local_addr().unwrap().port())
}

fn listening(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(200)).is_ok()
}

/// The ports among `ports` that still answer after `limit`. A killed service's listening socket
/// is released as the process exits, but the kernel may still complete a handshake for a moment
/// after /proc shows the process as a zombie (seen in about one run in four here), so the check
/// is a deadline, like the one for the processes themselves.
fn held_after(ports: &[u16], limit: Duration) -> Vec<u16> {
    let start = Instant::now();
    loop {
        let held: Vec<u16> = ports.iter().copied().filter(|p| listening(*p)).collect();
        if held.is_empty() || start.elapsed() >= limit {
            return held;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// (state, ppid) from /proc/<pid>/stat; None once the process is gone.
fn stat(pid: i32) -> Option<(char, i32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut f = text[text.rfind(')')? + 1..].split_whitespace();
    Some((f.next()?.chars().next()?, f.next()?.parse().ok()?))
}

fn alive(pid: i32) -> bool {
    stat(pid).is_some_and(|(s, _)| !matches!(s, 'Z' | 'X'))
}

/// Every live descendant of `root`.
fn descendants(root: i32) -> Vec<i32> {
    let all: Vec<(i32, i32)> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| stat(pid).filter(|(s, _)| *s != 'Z').map(|(_, ppid)| (pid, ppid)))
        .collect();
    let mut out = vec![];
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for &(pid, ppid) in &all {
            if ppid == p && !out.contains(&pid) {
                out.push(pid);
                frontier.push(pid);
            }
        }
    }
    out
}

struct Started {
    xtask: Child,
    ports: [u16; 3],
    children: Vec<i32>,
}

fn start_fake_stack() -> Started {
    let ports = free_ports();
    let mut xtask = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("_fake-stack")
        .args(ports.map(|p| p.to_string()))
        .stdout(Stdio::piped())
        .spawn()
        .expect("xtask");
    let mut line = String::new();
    BufReader::new(xtask.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready", "the fake stack did not come up");
    let children = descendants(xtask.id() as i32);
    assert_eq!(children.len(), 3, "two services and a grandchild: {children:?}");
    assert!(ports.iter().all(|p| listening(*p)));
    Started { xtask, ports, children }
}

fn wait_exit(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// Whatever a failed assertion leaves behind must not outlive the test.
fn kill_all(pids: &[i32]) {
    for &p in pids {
        unsafe { libc::kill(p, libc::SIGKILL) };
    }
}

fn stops_everything_on(signal: i32) {
    let _one = ONE_STACK_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = start_fake_stack();
    unsafe { libc::kill(s.xtask.id() as i32, signal) };
    let status = wait_exit(&mut s.xtask, Duration::from_secs(15));
    let survivors: Vec<i32> = {
        std::thread::sleep(Duration::from_millis(100));
        s.children.iter().copied().filter(|p| alive(*p)).collect()
    };
    let held = held_after(&s.ports, Duration::from_secs(5));
    kill_all(&s.children);
    assert_eq!(survivors, Vec::<i32>::new(), "processes that outlived xtask");
    assert_eq!(held, Vec::<u16>::new(), "ports still held");
    let status = status.expect("xtask did not exit within 15 s of the signal");
    assert_eq!(status.code(), Some(128 + signal), "exit status {status:?}");
}

#[test]
fn sigterm_stops_every_service_and_their_children() {
    stops_everything_on(libc::SIGTERM);
}

#[test]
fn sigint_and_sighup_do_too() {
    stops_everything_on(libc::SIGINT);
    stops_everything_on(libc::SIGHUP);
}

#[test]
fn sigkill_of_xtask_still_ends_its_services() {
    let _one = ONE_STACK_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = start_fake_stack();
    let direct: Vec<i32> =
        s.children.iter().copied().filter(|p| stat(*p).map(|(_, pp)| pp) == Some(s.xtask.id() as i32)).collect();
    assert_eq!(direct.len(), 2);
    s.xtask.kill().unwrap();
    s.xtask.wait().unwrap();
    let start = Instant::now();
    while direct.iter().any(|p| alive(*p)) && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let survivors: Vec<i32> = direct.iter().copied().filter(|p| alive(*p)).collect();
    let held = held_after(&s.ports[..2], Duration::from_secs(5));
    // The grandchild (a build trunk had started) is not covered by PR_SET_PDEATHSIG.
    kill_all(&s.children);
    assert_eq!(survivors, Vec::<i32>::new(), "services that outlived a killed xtask");
    assert_eq!(held, Vec::<u16>::new(), "service ports still held");
}
