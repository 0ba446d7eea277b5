//! `briefing init DIR`: a new site that builds and passes `check` at once: a commented
//! site.yaml, a ui.yaml with every UI string in every language, one example briefing
//! per language, and no templates (the builtin theme serves).
//!
//! Languages the builtin strings know (it, en, ru) get their own texts; any other
//! supported locale gets the English ones, each marked `# TODO: translate`, so the
//! site builds at once and an editor sees what is left to do.

use crate::config::BUILTIN_UI;
use crate::config::raw::RawText;
use crate::config::ui;
use crate::diagnostics::{Failure, Problem, Written};
use crate::frontmatter_writer::quote;
use crate::i18n::{Format, LocaleError};
use crate::urls::is_valid_slug;
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What init writes for a language: its name, the site's title and description, the
/// example briefing and the names of the example taxonomy.
struct Texts {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    briefings: &'static str,
    pages: &'static str,
    welcome_title: &'static str,
    welcome_summary: &'static str,
    welcome_body: &'static str,
    topics: &'static str,
    general: &'static str,
}

const ENGLISH: Texts = Texts {
    name: "English",
    title: "My briefing",
    description: "Short, sourced briefings.",
    briefings: "Briefings",
    pages: "Pages",
    welcome_title: "Welcome to the briefing",
    welcome_summary: "The first briefing: replace it with your own.",
    welcome_body: "This site was made by `briefing init`. Edit site.yaml for the languages, sections and taxonomies, write briefings in content/briefings/, and run `briefing serve` to see them.",
    topics: "Topics",
    general: "General",
};

/// The languages init has its own texts for (the builtin UI strings cover them too).
fn texts(code: &str) -> Option<Texts> {
    Some(match code {
        "en" => ENGLISH,
        "it" => Texts {
            name: "Italiano",
            title: "Il mio briefing",
            description: "Analisi brevi e verificate.",
            briefings: "Analisi",
            pages: "Pagine",
            welcome_title: "Benvenuti nel briefing",
            welcome_summary: "La prima analisi: sostituitela con la vostra.",
            welcome_body: "Questo sito è stato creato da `briefing init`. Modificate site.yaml per lingue, sezioni e tassonomie, scrivete le analisi in content/briefings/ e lanciate `briefing serve` per vederle.",
            topics: "Temi",
            general: "Generale",
        },
        "ru" => Texts {
            name: "Русский",
            title: "Мой обзор",
            description: "Краткие обзоры со ссылками на источники.",
            briefings: "Обзоры",
            pages: "Страницы",
            welcome_title: "Добро пожаловать",
            welcome_summary: "Первый обзор: замените его своим.",
            welcome_body: "Этот сайт создан командой `briefing init`. Языки, разделы и таксономии задаются в site.yaml, обзоры пишутся в content/briefings/, а `briefing serve` показывает результат.",
            topics: "Темы",
            general: "Общее",
        },
        _ => return None,
    })
}

/// What `briefing init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to create the site in: empty or absent.
    pub dir: PathBuf,
    /// The language codes, the first the default.
    pub languages: Vec<String>,
}

/// `briefing init DIR --languages A,B`: writes the new site; returns the files written.
/// A DIR that exists and is not empty is refused, and nothing is written then.
pub fn run(options: &InitOptions) -> Result<Written, Failure> {
    let (dir, languages) = (options.dir.as_path(), options.languages.as_slice());
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Problem::new(
            dir,
            "the folder is not empty; `init` writes only into an empty or new folder",
        )
        .hint("pick a new folder, e.g. `briefing init my-site`")
        .into());
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Problem::new(dir, "this is a file, not a folder")
            .hint("pick a new folder")
            .into());
    }
    let codes = check_languages(languages)?;
    let files = files(&codes)?;
    let mut written = Written::default();
    for (relative, text) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.0.push(path);
    }
    Ok(written)
}

/// The language codes, checked: well formed, distinct, and with CLDR data.
fn check_languages(languages: &[String]) -> Result<Vec<String>, Failure> {
    let codes: Vec<String> = languages
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let mut problems = Vec::new();
    if codes.is_empty() {
        problems.push(
            Problem::new("--languages", "no language given")
                .hint("write them like `--languages it,en`"),
        );
    }
    for (i, code) in codes.iter().enumerate() {
        if codes[..i].contains(code) {
            problems.push(
                Problem::new("--languages", format!("`{code}` is given twice"))
                    .hint("name each language once"),
            );
        } else if !is_valid_slug(code) || code.contains('_') {
            problems.push(
                Problem::new("--languages", format!("`{code}` is not a language code"))
                    .hint("use lowercase codes such as `it`, `en`, `ru`"),
            );
        } else if let Err(err) = Format::new(code) {
            let why = match err {
                LocaleError::Invalid => "is not a BCP 47 language code",
                LocaleError::Unsupported => {
                    "has no CLDR dates, numbers and plural rules in this build"
                }
            };
            problems.push(
                Problem::new("--languages", format!("`{code}` {why}"))
                    .hint("the README lists the supported locales"),
            );
        }
    }
    if problems.is_empty() {
        Ok(codes)
    } else {
        Err(problems.into())
    }
}

/// Every file of the new site: path relative to DIR -> text.
fn files(codes: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    let mut files = BTreeMap::new();
    files.insert("site.yaml".to_string(), site_yaml(codes));
    files.insert("ui.yaml".to_string(), ui_yaml(codes)?);
    for code in codes {
        let t = texts(code).unwrap_or(ENGLISH);
        let todo = if texts(code).is_none() {
            " # TODO: translate"
        } else {
            ""
        };
        files.insert(
            format!("content/briefings/welcome.{code}.md"),
            format!(
                "---\n# An example: replace it with your first briefing.\ntitle: {}{todo}\ndate: 2025-01-01\nsummary: {}{todo}\nslug: welcome\ntopics: [general]\n---\n\n{}\n",
                quote(t.welcome_title),
                quote(t.welcome_summary),
                t.welcome_body
            ),
        );
    }
    files.insert(".gitignore".to_string(), "public/\n".to_string());
    Ok(files)
}

/// The commented site.yaml: `init/site.yaml` with the languages' names filled in.
const SITE_YAML: &str = include_str!("init/site.yaml");

fn site_yaml(codes: &[String]) -> String {
    let lang_map = |pick: &dyn Fn(&Texts) -> &str| {
        let parts: Vec<String> = codes
            .iter()
            .map(|c| format!("{c}: {}", quote(pick(&texts(c).unwrap_or(ENGLISH)))))
            .collect();
        format!("{{ {} }}", parts.join(", "))
    };
    let same = |slug: &str| {
        let parts: Vec<String> = codes.iter().map(|c| format!("{c}: {slug}")).collect();
        format!("{{ {} }}", parts.join(", "))
    };
    let mut languages = String::new();
    for code in codes {
        let known = texts(code);
        let t = known.as_ref().unwrap_or(&ENGLISH);
        let todo = if known.is_none() {
            "  # TODO: translate"
        } else {
            ""
        };
        let name = if known.is_some() { t.name } else { code };
        let _ = writeln!(languages, "  {code}:");
        let _ = writeln!(languages, "    name: {}{todo}", quote(name));
        let _ = writeln!(languages, "    locale: {code}");
        let _ = writeln!(languages, "    title: {}{todo}", quote(t.title));
        let _ = writeln!(languages, "    description: {}{todo}", quote(t.description));
    }
    let mut general = String::new();
    for code in codes {
        let t = texts(code).unwrap_or(ENGLISH);
        let _ = writeln!(
            general,
            "        {code}: {{ name: {}, slug: general }}",
            quote(t.general)
        );
    }
    let fills = [
        ("default_language", codes[0].clone()),
        ("languages", languages),
        ("briefings_name", lang_map(&|t| t.briefings)),
        ("briefings_slug", same("briefings")),
        ("pages_name", lang_map(&|t| t.pages)),
        ("pages_slug", same("pages")),
        ("timeline_slug", same("timeline")),
        ("search_slug", same("search")),
        ("topics_name", lang_map(&|t| t.topics)),
        ("topics_slug", same("topics")),
        ("general_terms", general),
        ("ada", same("\"Ada Rossi\"")),
    ];
    let mut out = SITE_YAML.to_string();
    for (key, text) in fills {
        out = out.replace(&format!("{{{{{key}}}}}"), &text);
    }
    out
}

/// Every builtin UI string in every language of `codes`: the builtin text where there
/// is one, else the English one marked for translation (with the plural forms the
/// language needs).
fn ui_yaml(codes: &[String]) -> Result<String, Failure> {
    let builtin = ui::parse(BUILTIN_UI, Path::new("<builtin>/ui.yaml"))?;
    let formats: Vec<(String, Format)> = codes
        .iter()
        .filter_map(|c| Format::new(c).ok().map(|f| (c.clone(), f)))
        .collect();
    let mut out = String::from(
        "# The interface strings of the site, one key per block, a text per language.\n\
         # Plural strings give each CLDR form the language uses; `{n}` is the number.\n\
         # Lines marked `TODO: translate` hold the English text.\n",
    );
    // The drafts' prose is left out: every language has it, in English at worst.
    let mut keys: Vec<&String> = builtin
        .keys()
        .filter(|k| !k.starts_with(crate::frontmatter_writer::PROSE_PREFIX))
        .collect();
    // The `in_CODE` phrases of languages the builtin strings do not know.
    let extra: Vec<String> = codes
        .iter()
        .map(|c| format!("in_{c}"))
        .filter(|k| !builtin.contains_key(k))
        .collect();
    keys.extend(extra.iter());
    for key in keys {
        let _ = writeln!(out, "{key}:");
        for (code, format) in &formats {
            let own = builtin.get(key).and_then(|texts| texts.get(code));
            let english = builtin.get(key).and_then(|texts| texts.get("en"));
            match (own, english) {
                (Some(text), _) => write_text(&mut out, code, text, ""),
                (None, Some(RawText::Plural(forms))) => {
                    let _ = writeln!(out, "  {code}:  # TODO: translate");
                    for category in format.plural_categories() {
                        let text = forms
                            .get(category)
                            .or_else(|| forms.get("other"))
                            .cloned()
                            .unwrap_or_default();
                        let _ = writeln!(out, "    {category}: {}", quote(&text));
                    }
                }
                (None, Some(RawText::Text(text))) => {
                    let _ = writeln!(out, "  {code}: {}  # TODO: translate", quote(text));
                }
                (None, None) => {
                    // `in_xx` of a language the builtin strings do not know.
                    let target = key.trim_start_matches("in_");
                    let _ = writeln!(
                        out,
                        "  {code}: {}  # TODO: translate",
                        quote(&format!("in {target}"))
                    );
                }
            }
        }
    }
    Ok(out)
}

fn write_text(out: &mut String, code: &str, text: &RawText, note: &str) {
    match text {
        RawText::Text(text) => {
            let _ = writeln!(out, "  {code}: {}{note}", quote(text));
        }
        RawText::Plural(forms) => {
            let _ = writeln!(out, "  {code}:{note}");
            for (category, text) in forms {
                let _ = writeln!(out, "    {category}: {}", quote(text));
            }
        }
    }
}
