//! The `map` data kind: an editor's map file in `content/data/` (parsed; wired later).
