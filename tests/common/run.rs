//! Running the `briefing` binary as a user runs it: a process with arguments and an
//! environment, bounded in time (and, when asked, in memory), whose exit code, stdout
//! and stderr come back as one [`Run`].
//!
//! Cargo builds the binary once per `cargo test` run and names it in
//! `CARGO_BIN_EXE_briefing`: no test builds it again.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_briefing");

/// How long one run may take before the test fails as a hang: generous for a debug
/// build on a loaded 2-core machine (a guard, not a benchmark).
pub const LIMIT: Duration = Duration::from_secs(60);

/// What one run of the binary gave.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Fails the test unless the run exited with `code`; returns the run for more checks.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Fails the test unless the run succeeded.
    #[track_caller]
    pub fn ok(&self) -> &Run {
        self.code(0)
    }

    /// Fails the test unless stderr holds every one of `needles`.
    #[track_caller]
    pub fn says(&self, needles: &[&str]) -> &Run {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "expected `{needle}` in stderr:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// One invocation of the binary, built up like a `Command` (after fd's `TestEnv`).
#[derive(Debug, Clone)]
pub struct Bin {
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    cwd: Option<PathBuf>,
    limit: Duration,
    memory_kib: Option<u64>,
    stdout: bool,
}

impl Bin {
    /// `briefing ARGS...`; `SOURCE_DATE_EPOCH` and `RUST_BACKTRACE` are not inherited.
    pub fn new<S: AsRef<OsStr>>(args: &[S]) -> Bin {
        Bin {
            args: args.iter().map(|a| a.as_ref().to_owned()).collect(),
            env: Vec::new(),
            cwd: None,
            limit: LIMIT,
            memory_kib: None,
            stdout: true,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Bin {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args(mut self, args: &[&str]) -> Bin {
        self.args.extend(args.iter().map(OsString::from));
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Bin {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    pub fn envs(mut self, pairs: &[(&str, &str)]) -> Bin {
        for (key, value) in pairs {
            self = self.env(key, value);
        }
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Bin {
        self.cwd = Some(dir.to_owned());
        self
    }

    /// Kills the process and fails the test when it runs longer than `limit`.
    pub fn limit(mut self, limit: Duration) -> Bin {
        self.limit = limit;
        self
    }

    /// Caps the address space (`ulimit -v`, in KiB), so a runaway input fails fast.
    pub fn memory_kib(mut self, kib: u64) -> Bin {
        self.memory_kib = Some(kib);
        self
    }

    /// Sends stdout to /dev/null (for processes killed mid-run, whose output is noise).
    pub fn quiet(mut self) -> Bin {
        self.stdout = false;
        self
    }

    /// The `Command` this describes, with stdin closed and the pipes not yet set.
    pub fn command(&self) -> Command {
        let mut command = match self.memory_kib {
            Some(kib) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
                    .arg(BIN);
                sh
            }
            None => Command::new(BIN),
        };
        command
            .args(&self.args)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        if let Some(dir) = &self.cwd {
            command.current_dir(dir);
        }
        command
    }

    /// Starts the process with stdout and stderr piped (stdout dropped when `quiet`).
    pub fn spawn(&self) -> Child {
        let stdout = if self.stdout {
            Stdio::piped()
        } else {
            Stdio::null()
        };
        self.command()
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
    }

    /// Runs to the end (bounded by the limit) and returns what it gave.
    pub fn run(&self) -> Run {
        finish(self.spawn(), self.limit, &self.describe())
    }

    fn describe(&self) -> String {
        let args: Vec<_> = self.args.iter().map(|a| a.to_string_lossy()).collect();
        format!("briefing {}", args.join(" "))
    }
}

/// Waits for `child` (reading its pipes meanwhile); kills it and fails the test when it
/// outlives `limit`. A panic in the binary fails the test too: it is never an answer.
pub fn finish(mut child: Child, limit: Duration, what: &str) -> Run {
    let started = Instant::now();
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).to_string()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{what}` still ran after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        code: status.code(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
        elapsed: started.elapsed(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "`{what}` panicked:\n{}",
        run.stderr
    );
    run
}

/// `briefing ARGS...`, run to the end.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Run {
    Bin::new(args).run()
}

/// `briefing ARGS...` with the environment variables `env`.
pub fn run_env<S: AsRef<OsStr>>(args: &[S], env: &[(&str, &str)]) -> Run {
    Bin::new(args).envs(env).run()
}

/// The arguments of `briefing build --root ROOT --output OUTPUT`.
pub fn build_args<'a>(root: &'a Path, output: &'a Path) -> [&'a str; 5] {
    [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]
}

/// `briefing build --root ROOT --output OUTPUT`, run (it may fail: see [`Run::ok`]).
pub fn build(root: &Path, output: &Path) -> Run {
    run(&build_args(root, output))
}

/// `briefing check --root ROOT EXTRA...`, run.
pub fn check(root: &Path, extra: &[&str]) -> Run {
    Bin::new(&["check", "--root"]).arg(root).args(extra).run()
}

/// `briefing check --root ROOT --format json EXTRA...` and its report, parsed.
#[track_caller]
pub fn check_json(root: &Path, extra: &[&str]) -> (Run, serde_json::Value) {
    let run = check(root, &[&["--format", "json"], extra].concat());
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (run, report)
}
