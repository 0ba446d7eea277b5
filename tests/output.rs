//! SPEC P4 under attack: the output folder as a careless user, CI, a watcher plus
//! `make`, a crash or a full disk would meet it. Every case runs the real binary and
//! then compares whole trees: the output is always one complete build (old or new),
//! nothing outside it is lost, and the exit code says what happened.
//!
//! The crash cases use `BRIEFING_DEBUG_PAUSE=STEP:MS` (read by debug builds only) to
//! stop the build at a step of the swap and kill it there.

mod common;

use common::run::{BIN, Bin, Run, build, build_args};
use common::site::{copy_tree, fixture, listing as tree};
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The output tests' guard against a hang: [`common::run::LIMIT`].
const LIMIT: Duration = common::run::LIMIT;

/// `briefing ARGS` with `env`, started with stderr piped (stdout is noise here).
fn spawn(args: &[&str], env: &[(&str, &str)]) -> Child {
    Bin::new(args).envs(env).quiet().spawn()
}

/// Waits for a build started by [`spawn`]; fails the test if it outlives [`LIMIT`].
fn finish(child: Child) -> Run {
    common::run::finish(child, LIMIT, "briefing build")
}

#[track_caller]
fn succeeds(run: &Run) {
    run.ok();
}
/// Versions A and B of a site and a broken one under `dir`, with the trees A and B
/// build to (built once into `ref-a` and `ref-b`).
struct Sites {
    a: PathBuf,
    b: PathBuf,
    broken: PathBuf,
    tree_a: BTreeMap<String, Vec<u8>>,
    tree_b: BTreeMap<String, Vec<u8>>,
}

fn sites(dir: &Path, pairs: usize) -> Sites {
    let a = site(&dir.join("a"), pairs, "version A");
    let b = site(&dir.join("b"), pairs, "version B");
    let broken = site(&dir.join("broken"), pairs, "version C");
    fs::write(
        broken.join("content/briefings/bad.it.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let (ref_a, ref_b) = (dir.join("ref-a"), dir.join("ref-b"));
    succeeds(&build(&a, &ref_a));
    succeeds(&build(&b, &ref_b));
    let (tree_a, tree_b) = (tree(&ref_a), tree(&ref_b));
    Sites {
        a,
        b,
        broken,
        tree_a,
        tree_b,
    }
}

/// The fixture site at `dir`, with `pairs` more briefing pairs whose bodies say
/// `version`: two versions of one site build to different trees.
fn site(dir: &Path, pairs: usize, version: &str) -> PathBuf {
    copy_tree(&fixture("basic"), dir);
    for i in 0..pairs {
        for lang in ["it", "en"] {
            fs::write(
                dir.join(format!("content/briefings/extra{i}.{lang}.md")),
                format!(
                    "---\ntitle: \"Extra {i} {lang}\"\ndate: 2025-03-{:02}\nsummary: \"Summary {i}.\"\ncountries: [china]\ntopics: [trade]\n---\n{version}: body {i}[^a].\n\n## One\n\nMore.\n\n[^a]: Note.\n",
                    i % 28 + 1
                ),
            )
            .unwrap();
        }
    }
    dir.to_path_buf()
}

/// The names in `dir` beside the ones expected.
fn extra_names(dir: &Path, expected: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !expected.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// Which of the complete trees `output` is, or a description of what it is instead.
#[track_caller]
fn which(output: &Path, trees: &[(&str, &BTreeMap<String, Vec<u8>>)]) -> String {
    let now = tree(output);
    for (name, t) in trees {
        if now == **t {
            return name.to_string();
        }
    }
    let sample: Vec<&String> = now.keys().take(8).collect();
    panic!(
        "{} is not a complete build: {} entries ({sample:?}...)",
        output.display(),
        now.len()
    );
}

/// A scratch folder in memory (tmpfs) where there is one: the tests that build dozens
/// of times stay fast on a busy disk. The exchange and the lock work the same there.
fn scratch_in_memory() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

/// A tiny deterministic generator, seeded from the clock and printed, for kill times.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        eprintln!("random seed {seed}");
        Random(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

// ---------------------------------------------------------------------------------
// 1. The site's own source inside the output
// ---------------------------------------------------------------------------------

#[test]
fn an_output_that_holds_the_site_is_refused_and_the_site_survives() {
    let tmp = tempfile::tempdir().unwrap();
    let base = site(&tmp.path().join("base"), 0, "v1");
    let anc = tmp.path().join("anc");
    fs::create_dir(&anc).unwrap();
    succeeds(&build(&base, &anc));
    let mysite = anc.join("mysite");
    copy_tree(&base, &mysite);
    let before = tree(&anc);
    let run = build(&mysite, &anc);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    run.says(&["holds the site itself"]);
    assert_eq!(tree(&anc), before, "the site or its old build changed");
    // The site itself as the output, and its parent spelled with `..`, too.
    for output in [mysite.clone(), mysite.join("content/..")] {
        let run = build(&mysite, &output);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(tree(&anc), before);
    }
}

// ---------------------------------------------------------------------------------
// 2. Builds at once
// ---------------------------------------------------------------------------------

#[test]
fn builds_at_once_wait_their_turn_and_leave_one_complete_output() {
    let tmp = scratch_in_memory();
    let Sites {
        a,
        b,
        broken,
        tree_a,
        tree_b,
    } = sites(tmp.path(), 20);
    let output = tmp.path().join("public");
    let mut random = Random::new();
    let started = Instant::now();
    let rounds = 4;
    for round in 0..rounds {
        // Five builds: at once in even rounds, up to 0.8 s apart in odd ones; one of
        // them has a broken input and must say so, the others must succeed.
        let mut children = Vec::new();
        for i in 0..5 {
            if round % 2 == 1 {
                std::thread::sleep(Duration::from_millis(random.below(200)));
            }
            let root = match i {
                2 => &broken,
                i if i % 2 == 0 => &a,
                _ => &b,
            };
            children.push((i, spawn(&build_args(root, &output), &[])));
        }
        for (i, child) in children {
            let run = finish(child);
            let expected = if i == 2 { 1 } else { 0 };
            assert_eq!(
                run.code,
                Some(expected),
                "round {round}, build {i}:\n{}",
                run.stderr
            );
            if i == 2 {
                run.says(&["bad.it.md"]);
            }
        }
        which(&output, &[("A", &tree_a), ("B", &tree_b)]);
        let left = extra_names(
            tmp.path(),
            &["a", "b", "broken", "ref-a", "ref-b", "public"],
        );
        assert!(left.is_empty(), "round {round} left {left:?}");
    }
    eprintln!("{rounds} rounds of 5 builds in {:?}", started.elapsed());
}

#[test]
fn a_second_build_waits_for_the_first_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(&tmp.path().join("site"), 0, "v1");
    let output = tmp.path().join("public");
    let mut first = spawn(
        &build_args(&root, &output),
        &[("BRIEFING_DEBUG_PAUSE", "locked:1500")],
    );
    wait_for_line(&mut first, "debug: paused at locked");
    let second = finish(spawn(&build_args(&root, &output), &[]));
    succeeds(&second);
    assert!(
        second.stderr.contains(&format!(
            "waiting for another build of {} (lock {})...",
            output.display(),
            tmp.path().join(".public.briefing-lock").display()
        )),
        "{}",
        second.stderr
    );
    assert_eq!(first.wait().unwrap().code(), Some(0));
    assert!(extra_names(tmp.path(), &["site", "public"]).is_empty());
}

/// Reads `child`'s stderr up to a line containing `needle`; the rest keeps draining.
fn wait_for_line(child: &mut Child, needle: &str) {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let needle = needle.to_string();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains(&needle) {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(LIMIT)
        .expect("the build never reached the step");
}

// ---------------------------------------------------------------------------------
// 3. Crashes: killed at random moments and between the steps of the swap
// ---------------------------------------------------------------------------------

#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_old_or_new_site() {
    let tmp = scratch_in_memory();
    let a = site(&tmp.path().join("a"), 20, "version A");
    let b = site(&tmp.path().join("b"), 20, "version B");
    let (ref_a, ref_b) = (tmp.path().join("ref-a"), tmp.path().join("ref-b"));
    succeeds(&build(&a, &ref_a));
    succeeds(&build(&b, &ref_b));
    // Timed as the rounds run: over an existing output, with the share cards already in
    // the media cache (a first build draws them and takes several times longer).
    let timed = Instant::now();
    succeeds(&build(&b, &ref_b));
    let build_ms = timed.elapsed().as_millis() as u64;
    let (tree_a, tree_b) = (tree(&ref_a), tree(&ref_b));
    let output = tmp.path().join("public");
    succeeds(&build(&a, &output));
    let mut random = Random::new();
    let rounds = 30;
    let mut seen = BTreeMap::new();
    // Kills land anywhere from the start to a little past a build's length; when
    // builds run slower than measured (a loaded machine), the window widens until
    // some kills come after the swap too.
    let mut window = build_ms * 6 / 5 + 1;
    let mut current = "A".to_string();
    for round in 0..rounds {
        let (root, next) = if current == "A" { (&b, "B") } else { (&a, "A") };
        let mut child = spawn(&build_args(root, &output), &[]);
        std::thread::sleep(Duration::from_millis(random.below(window)));
        let _ = child.kill();
        let _ = child.wait();
        let now = which(&output, &[("A", &tree_a), ("B", &tree_b)]);
        let swapped = now == next;
        *seen
            .entry(if swapped {
                "after the swap"
            } else {
                "before it"
            })
            .or_insert(0) += 1;
        if !swapped && round % 3 == 2 && !seen.contains_key("after the swap") {
            window = window * 3 / 2;
        }
        current = now;
    }
    eprintln!("{rounds} kills within {window} ms (builds took {build_ms} ms): {seen:?}");
    assert_eq!(seen.len(), 2, "no kill landed after a swap: {seen:?}");
    // The next build sweeps whatever the kills left.
    succeeds(&build(&b, &output));
    assert_eq!(tree(&output), tree_b);
    let left = extra_names(tmp.path(), &["a", "b", "ref-a", "ref-b", "public"]);
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Builds `root` into `output` with `env`, and kills it once it says it paused at `step`.
fn kill_at(root: &Path, output: &Path, step: &str, env: &[(&str, &str)]) {
    let pause = format!("{step}:5000");
    let mut env = env.to_vec();
    env.push(("BRIEFING_DEBUG_PAUSE", &pause));
    let mut child = spawn(&build_args(root, output), &env);
    wait_for_line(&mut child, &format!("debug: paused at {step}"));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_build_killed_between_the_steps_of_the_swap_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let Sites {
        a,
        b,
        broken,
        tree_a,
        tree_b,
    } = sites(tmp.path(), 0);
    let output = tmp.path().join("public");
    succeeds(&build(&a, &output));
    let expected = ["a", "b", "broken", "ref-a", "ref-b", "public"];
    // With the exchange: before it the old site, after it the new one, never neither.
    kill_at(&b, &output, "locked", &[]);
    assert_eq!(which(&output, &[("A", &tree_a)]), "A");
    kill_at(&b, &output, "swap", &[]);
    assert_eq!(which(&output, &[("A", &tree_a)]), "A");
    kill_at(&b, &output, "cleanup", &[]);
    assert_eq!(which(&output, &[("B", &tree_b)]), "B");
    assert!(
        !extra_names(tmp.path(), &expected).is_empty(),
        "the kill left nothing to sweep"
    );
    succeeds(&build(&a, &output));
    assert!(extra_names(tmp.path(), &expected).is_empty());
    // The fallback of two renames (platforms without an exchange): killed between
    // them, the output is gone for a moment; the next build puts it back first, even
    // one that then fails on a broken input.
    kill_at(
        &b,
        &output,
        "between",
        &[("BRIEFING_DEBUG_NO_EXCHANGE", "1")],
    );
    assert!(
        !output.exists(),
        "the kill did not come between the renames"
    );
    let run = build(&broken, &output);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    run.says(&["put back the previous build"]);
    assert_eq!(which(&output, &[("A", &tree_a)]), "A");
    assert!(extra_names(tmp.path(), &expected).is_empty());
}

#[test]
fn what_an_older_version_left_mid_swap_is_put_back() {
    // The previous version swapped with two renames through `.public.briefing-old`;
    // a crash between them left the site only there.
    let tmp = tempfile::tempdir().unwrap();
    let broken = site(&tmp.path().join("site"), 0, "v1");
    let output = tmp.path().join("public");
    succeeds(&build(&broken, &output));
    let before = tree(&output);
    fs::rename(&output, tmp.path().join(".public.briefing-old")).unwrap();
    fs::write(
        broken.join("content/briefings/bad.it.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let run = build(&broken, &output);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(tree(&output), before);
    assert!(extra_names(tmp.path(), &["site", "public"]).is_empty());
}

// ---------------------------------------------------------------------------------
// 4. `..` and symlinks cannot steer the output into the inputs
// ---------------------------------------------------------------------------------

#[test]
fn dot_dot_cannot_put_the_output_into_static_or_content() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(&tmp.path().join("base"), 0, "v1");
    let before = tree(&root);
    for spelled in [
        "base/nope/../static/x",
        "base/nope/../content/x",
        "base/./templates/../content",
    ] {
        let output = tmp.path().join(spelled);
        let run = build(&root, &output);
        assert_eq!(run.code, Some(1), "{spelled}: {}", run.stderr);
        run.says(&["inside the site's"]);
        assert_eq!(tree(&root), before, "{spelled} wrote into the site");
        assert!(extra_names(tmp.path(), &["base"]).is_empty());
    }
    #[cfg(unix)]
    {
        // A link that leads into static/ is where it leads.
        std::os::unix::fs::symlink(root.join("content"), tmp.path().join("link")).unwrap();
        let run = build(&root, &tmp.path().join("link/out"));
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(tree(&root), before);
    }
}

// ---------------------------------------------------------------------------------
// 5. A previous build that cannot be removed
// ---------------------------------------------------------------------------------

/// Makes `file` impossible to remove: immutable for root (`chattr +i`), in a
/// read-only folder for anyone else. False when this machine allows neither.
fn pin(file: &Path) -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        return Command::new("chattr")
            .arg("+i")
            .arg(file)
            .status()
            .is_ok_and(|s| s.success());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = file.parent().unwrap();
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).is_ok()
    }
    #[cfg(not(unix))]
    false
}

/// Undoes [`pin`] on `file`, wherever the builds moved it.
fn unpin(file: &Path) {
    let _ = Command::new("chattr")
        .arg("-i")
        .arg(file)
        .stderr(Stdio::null())
        .status();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(file.parent().unwrap(), fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_file_that_cannot_be_removed_is_a_warning_and_never_blocks_a_build() {
    let tmp = tempfile::tempdir().unwrap();
    let a = site(&tmp.path().join("a"), 0, "version A");
    let b = site(&tmp.path().join("b"), 0, "version B");
    let (ref_a, ref_b) = (tmp.path().join("ref-a"), tmp.path().join("ref-b"));
    succeeds(&build(&a, &ref_a));
    succeeds(&build(&b, &ref_b));
    let output = tmp.path().join("public");
    let expected = ["a", "b", "ref-a", "ref-b", "public"];
    succeeds(&build(&a, &output));
    // As a build run with sudo would leave it.
    let stuck = output.join("it/stuck.txt");
    fs::write(&stuck, "root's").unwrap();
    if !pin(&stuck) {
        common::skip::skip(
            "this machine lets anyone remove any file (no chattr, no permissions)",
            "run as root on a file system with `chattr +i`, or as a user without write access",
        );
        return;
    }
    let runs = [build(&b, &output), build(&a, &output), build(&b, &output)];
    let leftovers = extra_names(tmp.path(), &expected);
    for name in &leftovers {
        unpin(&tmp.path().join(name).join("it/stuck.txt"));
    }
    unpin(&stuck);
    for run in &runs {
        succeeds(run);
        run.says(&["warning: could not remove"]);
        run.says(&["stuck.txt"]);
    }
    assert_eq!(
        tree(&output),
        tree(&ref_b),
        "the new build is not the output"
    );
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    // Once the file may go, the next build sweeps it.
    succeeds(&build(&a, &output));
    assert_eq!(tree(&output), tree(&ref_a));
    assert!(extra_names(tmp.path(), &expected).is_empty());
}

// ---------------------------------------------------------------------------------
// 6. Folders that only look like ours
// ---------------------------------------------------------------------------------

#[test]
fn lookalike_folders_without_the_marker_are_never_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(&tmp.path().join("site"), 0, "v1");
    let output = tmp.path().join("public");
    succeeds(&build(&root, &output));
    let names = [
        ".public.briefing-old",
        ".public.briefing-staging",
        ".public.briefing-staging-1-2-0",
        ".public.briefing-old-3-4-0",
    ];
    for name in names {
        fs::create_dir(tmp.path().join(name)).unwrap();
        fs::write(tmp.path().join(name).join("notes.txt"), "mine").unwrap();
    }
    let before: Vec<_> = names.iter().map(|n| tree(&tmp.path().join(n))).collect();
    let run = build(&root, &output);
    succeeds(&run);
    for (name, before) in names.iter().zip(&before) {
        assert_eq!(&tree(&tmp.path().join(name)), before, "{name} was touched");
        assert!(
            run.stderr.contains(name),
            "no word about {name}: {}",
            run.stderr
        );
    }
    // With our marker, the same names are swept.
    for name in names {
        fs::write(tmp.path().join(name).join(".briefing-build"), "").unwrap();
    }
    succeeds(&build(&root, &output));
    assert!(extra_names(tmp.path(), &["site", "public"]).is_empty());
}

// ---------------------------------------------------------------------------------
// 7. An output that is a symlink
// ---------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_built_into_its_target_and_stays_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let a = site(&tmp.path().join("a"), 0, "version A");
    let b = site(&tmp.path().join("b"), 0, "version B");
    let deploy = tmp.path().join("deploy/site");
    succeeds(&build(&a, &deploy));
    let link = tmp.path().join("public");
    std::os::unix::fs::symlink(&deploy, &link).unwrap();
    let ref_b = tmp.path().join("ref-b");
    succeeds(&build(&b, &ref_b));
    succeeds(&build(&b, &link));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced"
    );
    assert_eq!(fs::read_link(&link).unwrap(), deploy);
    assert_eq!(tree(&deploy), tree(&ref_b), "the link's target is stale");
    assert!(extra_names(&tmp.path().join("deploy"), &["site"]).is_empty());
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_output_is_refused_before_anything_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(&tmp.path().join("site"), 0, "v1");
    // A broken input too: refused before the content is even read, it is not mentioned.
    fs::write(
        root.join("content/briefings/bad.it.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let link = tmp.path().join("public");
    std::os::unix::fs::symlink(tmp.path().join("gone"), &link).unwrap();
    let run = build(&root, &link);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    run.says(&["is a symlink to"]);
    assert!(
        !run.stderr.contains("bad.it.md"),
        "it read the content first: {}",
        run.stderr
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!tmp.path().join("gone").exists());
    assert!(extra_names(tmp.path(), &["site", "public"]).is_empty());
}

// ---------------------------------------------------------------------------------
// 8. A full disk
// ---------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_failing_disk_is_one_error_with_its_own_exit_code_and_the_old_site_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(&tmp.path().join("site"), 40, "v1");
    let output = tmp.path().join("public");
    succeeds(&build(&root, &output));
    let before = tree(&output);
    fs::write(
        root.join("content/briefings/extra0.it.md"),
        "---\ntitle: Changed\ndate: 2025-01-01\nsummary: s\n---\nNew.\n",
    )
    .unwrap();
    // Files over 4 KiB cannot be written (`ulimit -f`, with SIGXFSZ ignored): every
    // page fails the way it would on a full disk, with an error instead of a signal.
    let script = "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"";
    let child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(build_args(&root, &output))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let run = finish(child);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "one error, not one per file:\n{}",
        run.stderr
    );
    assert!(errors[0].contains("File too large"), "{}", errors[0]);
    // Pages, feeds and search files are written at once: whichever fails first is named.
    assert!(
        [".html", ".js", ".xml"]
            .iter()
            .any(|ext| errors[0].contains(&format!("{ext}:"))),
        "the error names no file: {}",
        errors[0]
    );
    assert_eq!(tree(&output), before, "the previous output changed");
    assert!(extra_names(tmp.path(), &["site", "public"]).is_empty());
    // A folder where the output's parent should be is the same kind of failure.
    fs::write(tmp.path().join("file"), "x").unwrap();
    let run = build(&root, &tmp.path().join("file/public"));
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    run.says(&["file"]);
}

#[test]
fn an_empty_unmarked_staging_folder_from_a_kill_is_swept_and_a_full_one_kept() {
    // A build killed between making its staging folder and marking it leaves it empty.
    let tmp = tempfile::tempdir().unwrap();
    let root = site(&tmp.path().join("site"), 0, "version A");
    let output = tmp.path().join("public");
    let empty = tmp.path().join(".public.briefing-staging-1-0");
    let full = tmp.path().join(".public.briefing-staging-2-0");
    fs::create_dir_all(&empty).unwrap();
    fs::create_dir_all(&full).unwrap();
    fs::write(full.join("notes.txt"), "someone's").unwrap();
    succeeds(&build(&root, &output));
    assert!(!empty.exists(), "the empty leftover stays");
    assert_eq!(
        fs::read_to_string(full.join("notes.txt")).unwrap(),
        "someone's"
    );
}
