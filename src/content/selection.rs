//! Which of the loaded documents a build publishes: drafts, scheduled and expired ones,
//! dated by the build's "now".

use super::Document;
use crate::diagnostics::Problem;
use jiff::civil::Date;

/// Which documents a build takes: drafts only when asked, scheduled ones (dated after
/// `today`) only with `future`, expired ones (`expires` before `today`) never.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub drafts: bool,
    pub future: bool,
    /// The build's "now": the clock, or `SOURCE_DATE_EPOCH` (see [`today`]).
    pub today: Date,
    /// Whether each body is left on disk once loaded (`briefing build`) rather than
    /// kept in memory (`serve`, `check`).
    pub(crate) bodies_on_disk: bool,
    /// Whether the document cache is used (`briefing build`): `Some(true)` reads it,
    /// `Some(false)` (`--clean`) ignores it and writes it anew.
    pub(crate) doc_cache: Option<bool>,
}

impl Selection {
    /// Drafts and future items as asked, dated by the clock or `SOURCE_DATE_EPOCH`.
    pub fn new(drafts: bool, future: bool) -> Result<Selection, Problem> {
        Ok(Selection {
            drafts,
            future,
            today: today()?,
            bodies_on_disk: false,
            doc_cache: None,
        })
    }

    /// The same selection, leaving each body on disk once it is loaded.
    pub(crate) fn bodies_on_disk(self) -> Selection {
        Selection {
            bodies_on_disk: true,
            ..self
        }
    }

    /// The same selection, checking bodies through the document cache (bodies left on
    /// disk only): read it when `warm`, else ignore it and write it anew.
    pub(crate) fn with_doc_cache(self, warm: bool) -> Selection {
        Selection {
            doc_cache: Some(warm),
            ..self
        }
    }
}

/// Today's date (UTC), or the date of `SOURCE_DATE_EPOCH` when it is set: the
/// reproducible-builds convention, so a build of the same input at another time gives
/// the same bytes.
pub fn today() -> Result<Date, Problem> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
            .ok_or_else(|| {
                Problem::new(
                    "SOURCE_DATE_EPOCH",
                    format!("`{text}` is not a number of seconds since 1970-01-01"),
                )
                .hint("set it to a Unix timestamp, e.g. `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`, or unset it")
            }),
        Err(_) => Ok(jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()),
    }
}

/// Why a valid document is not published by this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// Dated after the build's today; `--future` publishes it.
    Scheduled(Date),
    /// Its `expires` date has passed.
    Expired(Date),
}

impl Selection {
    /// Why this build leaves `doc` out, if it does.
    pub fn holds(&self, doc: &Document) -> Option<Held> {
        match doc.meta.expires {
            Some(expires) if expires < self.today => Some(Held::Expired(expires)),
            _ if doc.meta.date > self.today && !self.future => Some(Held::Scheduled(doc.meta.date)),
            _ => None,
        }
    }
}
