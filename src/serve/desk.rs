//! The translation desk of `serve`: every translation with its status (missing, behind
//! its original, differences, in parity), and one pair side by side, section by section,
//! with the differences `check` reports marked. Served under `/__briefing/desk/` by
//! `serve` only, never built; it follows every good build like the site's pages.

mod page;

use super::Shared;
use super::http::{inject, respond, script_tag};
use crate::check::parity::{self, Survey};
use crate::config::Config;
use crate::content::{self, Document};
use crate::diagnostics::{Failure, Problem};
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where the desk is served.
pub(crate) const DESK: &str = "/__briefing/desk/";

/// The desk's source: the site's files, read again for the build being served.
pub(crate) struct Desk {
    root: PathBuf,
    drafts: bool,
    future: bool,
    /// The last reading, and the build it was made for.
    model: Mutex<Option<(u64, Arc<Model>)>>,
}

/// The content as the desk shows it, or why it cannot be read.
enum Model {
    Read(Box<Loaded>),
    Broken(Vec<Problem>),
}

struct Loaded {
    config: Config,
    documents: Vec<Document>,
    survey: Survey,
}

impl Desk {
    pub(crate) fn new(root: PathBuf, drafts: bool, future: bool) -> Desk {
        Desk {
            root,
            drafts,
            future,
            model: Mutex::new(None),
        }
    }

    /// The content of the good build `build`: read once per build, on the first visit.
    /// Between builds the files may be broken; the last good reading stays.
    fn model(&self, build: u64) -> Arc<Model> {
        let mut memo = self.model.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, model)) = memo.as_ref()
            && *seen == build
        {
            return model.clone();
        }
        let model = Arc::new(match self.read() {
            Ok(loaded) => Model::Read(Box::new(loaded)),
            Err(problems) => match memo.as_ref() {
                Some((_, last)) if matches!(**last, Model::Read(_)) => return last.clone(),
                _ => Model::Broken(problems),
            },
        });
        *memo = Some((build, model.clone()));
        model
    }

    fn read(&self) -> Result<Loaded, Vec<Problem>> {
        let config = Config::load(&self.root).map_err(|failure| match failure {
            Failure::Problems(problems) => problems,
            Failure::Io(err) => vec![Problem::new(&self.root, format!("{err:#}"))],
        })?;
        let selection = content::Selection::new(self.drafts, self.future).map_err(|p| vec![p])?;
        let documents = content::load(&config, selection)?.documents;
        let languages: Vec<&str> = config.codes().collect();
        let sides = parity::sides(&config, &documents);
        let survey = Survey::of(&sides, &languages);
        drop(sides);
        drop(languages);
        Ok(Loaded {
            config,
            documents,
            survey,
        })
    }
}

/// `GET /__briefing/desk/`: every pair and its status.
pub(super) async fn index(State(shared): State<Arc<Shared>>) -> Response {
    render(shared, |model| match model {
        Model::Read(loaded) => (StatusCode::OK, page::index(loaded)),
        Model::Broken(problems) => (StatusCode::SERVICE_UNAVAILABLE, page::broken(problems)),
    })
    .await
}

/// `GET /__briefing/desk/SECTION/NAME/LANG/`: one translation beside its original.
pub(super) async fn pair(
    State(shared): State<Arc<Shared>>,
    UrlPath((section, name, lang)): UrlPath<(String, String, String)>,
) -> Response {
    render(shared, move |model| match model {
        Model::Read(loaded) => match page::pair(loaded, &section, &name, &lang) {
            Some(html) => (StatusCode::OK, html),
            None => (StatusCode::NOT_FOUND, page::unknown(&section, &name, &lang)),
        },
        Model::Broken(problems) => (StatusCode::SERVICE_UNAVAILABLE, page::broken(problems)),
    })
    .await
}

/// `GET /__briefing/desk`: the desk is a folder.
pub(super) async fn folder() -> Response {
    let mut response = respond(
        StatusCode::MOVED_PERMANENTLY,
        "text/plain; charset=utf-8",
        Body::from("moved\n"),
    );
    response
        .headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static(DESK));
    response
}

/// Reads the model off the async threads and sends the page with the reload script.
async fn render(
    shared: Arc<Shared>,
    make: impl FnOnce(&Model) -> (StatusCode, String) + Send + 'static,
) -> Response {
    let build = shared.snapshot().build;
    let job = tokio::task::spawn_blocking(move || make(&shared.desk.model(build)));
    let (status, html) = match job.await {
        Ok(page) => page,
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            page::broken(&[Problem::new("serve", "the desk failed to read the site")]),
        ),
    };
    let body = inject(html.as_bytes(), &script_tag(build));
    respond(status, "text/html; charset=utf-8", Body::from(body))
}
