//! The document cache's files: entries read back as written, and a damaged,
//! truncated or foreign shard read as empty.

use super::*;

fn entry(n: u64) -> Entry {
    Entry {
        len: 10 + n as usize,
        hash: n,
        eager_first: n.is_multiple_of(2),
        toc: vec![TocEntry {
            level: 2,
            id: format!("h{n}"),
            title: "Titolo è".into(),
        }],
        words: 42,
        search: BodyWords::from_parts("città autorità".into(), 99),
        problems: vec![BodyProblem {
            line: 3,
            col: 4,
            message: "m".into(),
            hint: "h".into(),
        }],
        links: vec!["@/briefings/a.md".into()],
        calls: vec![
            Call {
                file: false,
                src: "a/b.jpg".into(),
                alt: "alt".into(),
                lazy: true,
                outcome: Outcome::Refused("no".into(), "fix".into()),
            },
            Call {
                file: true,
                src: "a/c.pdf".into(),
                alt: String::new(),
                lazy: false,
                outcome: Outcome::Done,
            },
        ],
    }
}

/// Saves 40 entries into the cache of `root`.
fn saved(root: &Path) -> HashSet<String> {
    let fresh: Vec<(PathBuf, Entry)> = (0..40)
        .map(|n| (PathBuf::from(format!("content/b/{n}.en.md")), entry(n)))
        .collect();
    let live = fresh
        .iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    DocCache::open(root, false).save(fresh, &live);
    live
}

#[test]
fn entries_read_back_as_written_and_keyed_by_their_body() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    saved(dir.path());
    let cache = DocCache::open(dir.path(), true);
    for n in 0..40 {
        let path = PathBuf::from(format!("content/b/{n}.en.md"));
        let e = entry(n);
        assert_eq!(
            cache.get(&path, e.len, e.hash, e.eager_first),
            Some(e.clone())
        );
        assert_eq!(
            cache.get(&path, e.len + 1, e.hash, e.eager_first),
            None,
            "length"
        );
        assert_eq!(
            cache.get(&path, e.len, e.hash + 1, e.eager_first),
            None,
            "hash"
        );
        assert_eq!(
            cache.get(&path, e.len, e.hash, !e.eager_first),
            None,
            "cover"
        );
    }
    // `--clean` reads nothing.
    let e = entry(1);
    let cold = DocCache::open(dir.path(), false);
    assert_eq!(
        cold.get(Path::new("content/b/1.en.md"), e.len, e.hash, e.eager_first),
        None
    );
}

#[test]
fn a_damaged_truncated_or_foreign_shard_is_empty() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    saved(dir.path());
    let docs = dir.path().join(".briefing-cache/docs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&docs)
        .expect("the cache folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), SHARDS, "{files:?}");
    let bytes = std::fs::read(&files[0]).expect("a shard");
    // A byte changed in an entry, the file cut short, another binary's stamp.
    let mut flipped = bytes.clone();
    let last = flipped.len() - 3;
    flipped[last] ^= 0x20;
    std::fs::write(&files[0], &flipped).expect("a write");
    std::fs::write(&files[1], &bytes[..bytes.len() / 2]).expect("a write");
    std::fs::write(&files[2], b"not a shard").expect("a write");
    let other = std::fs::read(&files[3]).expect("a shard");
    let stamp = crate::incremental::version();
    let foreign = String::from_utf8_lossy(&other).replacen(&stamp, &"x".repeat(stamp.len()), 1);
    std::fs::write(&files[3], foreign.as_bytes()).expect("a write");
    let cache = DocCache::open(dir.path(), true);
    for (n, shard) in cache.shards.iter().enumerate() {
        assert_eq!(shard.index.is_empty(), n < 4, "shard {n}");
    }
}
