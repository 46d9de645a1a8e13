//! CPython as a reference the team did not write: `python3` run on a
//! script with its input on stdin. Shared by the native tests (answers
//! compared with `re`'s) and the benchmark (`re` timed on the page's inputs).

use std::io::Write;
use std::process::{Child, Command, Stdio};

/// What `python3 -c script args…` printed with `input` on its stdin;
/// `None` where this machine has no `python3` (the caller says what it
/// leaves out), an error where it failed.
pub fn run(script: &str, args: &[&str], input: &[u8]) -> Option<Result<Vec<u8>, String>> {
    let child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    Some(finish(child, input))
}

/// Feeds `input` to a started `python3` and waits for what it prints.
fn finish(mut child: Child, input: &[u8]) -> Result<Vec<u8>, String> {
    child
        .stdin
        .take()
        .ok_or("no stdin for python3")?
        .write_all(input)
        .map_err(|e| format!("python3 did not take its input: {e}"))?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "python3 failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out.stdout)
}
