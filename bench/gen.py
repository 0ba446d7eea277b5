#!/usr/bin/env python3
"""Deterministic benchmark corpus for `briefing` (and the same corpus for Hugo).

    python3 bench/gen.py --pairs N --out DIR [--seed 1] [--hugo] [--repo PATH]

Without --hugo, DIR is a briefing site: site.yaml (and its UI file), templates/,
static/ and content/data, content/pages copied from the repository, plus N pairs
content/briefings/bench-NNNNN.{it,en}.md.  With --hugo, DIR is a Hugo site holding
the same logical corpus (same seed -> same titles, dates, terms and bodies) and the
hand-written config and layouts of bench/hugo/, doing comparable work.
Standard library only.
"""
import argparse
import datetime
import random
import shutil
import sys
from pathlib import Path

# Term keys from site.yaml, with the display names used as Hugo terms.
COUNTRIES = {
    "china": ("Cina", "China"), "kazakhstan": ("Kazakistan", "Kazakhstan"),
    "kyrgyzstan": ("Kirghizistan", "Kyrgyzstan"), "tajikistan": ("Tagikistan", "Tajikistan"),
    "turkmenistan": ("Turkmenistan", "Turkmenistan"), "uzbekistan": ("Uzbekistan", "Uzbekistan"),
}
TOPICS = {
    "trade": ("Commercio", "Trade"), "energy": ("Energia", "Energy"),
    "infrastructure": ("Infrastrutture", "Infrastructure"), "diplomacy": ("Diplomazia", "Diplomacy"),
    "security": ("Sicurezza", "Security"), "health": ("Salute", "Health"), "culture": ("Cultura", "Culture"),
}
PLACES = [("Astana", "Astana"), ("Almaty", "Almaty"), ("Biškek", "Bishkek"), ("Dušanbe", "Dushanbe"),
          ("Ashgabat", "Ashgabat"), ("Tashkent", "Tashkent"), ("Samarcanda", "Samarkand"),
          ("Xi'an", "Xi'an"), ("Pechino", "Beijing"), ("Urumqi", "Urumqi"), ("Khorgos", "Khorgos")]
SOURCES = ["Xinhua", "Kazinform", "AKIpress", "Asia-Plus", "Gazeta.uz", "Turkmenistan Today",
           "Eurasianet", "Reuters", "The Diplomat", "Kun.uz", "24.kg", "Global Times", "Trend"]

# Sentence parts, one dictionary per language.  A sentence is
# [opener] subject verb object tail.  Lists were written for this file.
WORDS = {
    "it": {
        "subjects": ["il governo di Astana", "la delegazione cinese", "il ministero dell'Energia",
                     "l'analista regionale", "la banca di sviluppo", "il consiglio dei ministri",
                     "una società statale", "il presidente uzbeko", "l'autorità doganale",
                     "il comitato congiunto", "un consorzio di imprese", "la città di Khorgos",
                     "il parlamento kirghiso", "l'agenzia per gli investimenti", "la compagnia ferroviaria"],
        "verbs": ["ha annunciato", "ha firmato", "ha approvato", "prevede", "ha rinviato",
                  "sostiene", "ha presentato", "valuta", "ha avviato", "ha confermato",
                  "intende finanziare", "ha sospeso", "descrive", "ha rilanciato"],
        "objects": ["un accordo sul gas naturale", "il nuovo corridoio ferroviario",
                    "una zona economica speciale", "il piano di cooperazione sanitaria",
                    "un prestito agevolato", "la costruzione di una centrale solare",
                    "il raddoppio della linea elettrica", "un programma di borse di studio",
                    "la riforma delle dogane", "un memorandum sulla sicurezza alimentare",
                    "l'apertura di un consolato", "il progetto della diga", "nuove quote di esportazione",
                    "un centro logistico", "la modernizzazione dell'oleodotto"],
        "tails": ["entro la fine dell'anno", "nel quadro della Nuova via della seta",
                  "dopo mesi di trattative", "con un investimento di 1,2 miliardi di dollari",
                  "secondo fonti ufficiali", "malgrado le critiche dell'opposizione",
                  "in vista del prossimo vertice", "per la prima volta in dieci anni",
                  "con il sostegno di Pechino", "nonostante il calo dei prezzi",
                  "a beneficio delle regioni di confine", "perché la domanda è cresciuta",
                  "con tempi più lunghi del previsto", "già nel prossimo trimestre"],
        "openers": ["Inoltre, ", "Secondo gli esperti, ", "Tuttavia, ", "Nel frattempo, ",
                    "Come previsto, ", "In particolare, ", "Di conseguenza, ", "Allo stesso tempo, "],
        "headings": ["Che cosa è successo", "Perché conta", "Il contesto regionale",
                     "Le cifre principali", "Le reazioni", "Che cosa aspettarsi",
                     "Il ruolo della Cina", "Rischi e opportunità", "La posizione del governo",
                     "Gli effetti sull'economia"],
        "titles": ["{c}: {o} {t}", "{c} e {c2}, {o}", "{o}: la scelta di {c}",
                   "{c}, il governo punta su {o}"],
        "table": ["Indicatore", "Valore", "Variazione", "Fonte"],
        "rows": ["Interscambio", "Investimenti", "Export di gas", "Merci in transito",
                 "Studenti", "Prestiti"],
        "note": "Nota: i dati sono provvisori e",
        "see": ["rapporto completo", "comunicato ufficiale", "studio della banca",
                "scheda paese", "analisi precedente"],
    },
    "en": {
        "subjects": ["the government in Astana", "the Chinese delegation", "the energy ministry",
                     "a regional analyst", "the development bank", "the cabinet",
                     "a state-owned company", "the Uzbek president", "the customs authority",
                     "the joint committee", "a consortium of firms", "the city of Khorgos",
                     "the Kyrgyz parliament", "the investment agency", "the railway company"],
        "verbs": ["announced", "signed", "approved", "expects", "postponed", "supports",
                  "presented", "is weighing", "launched", "confirmed", "plans to fund",
                  "suspended", "describes", "revived"],
        "objects": ["a natural gas agreement", "the new rail corridor", "a special economic zone",
                    "the health cooperation plan", "a concessional loan",
                    "the construction of a solar plant", "the doubling of the power line",
                    "a scholarship programme", "the customs reform", "a food security memorandum",
                    "the opening of a consulate", "the dam project", "new export quotas",
                    "a logistics hub", "the modernisation of the oil pipeline"],
        "tails": ["by the end of the year", "as part of the Belt and Road Initiative",
                  "after months of talks", "with an investment of 1.2 billion dollars",
                  "according to official sources", "despite criticism from the opposition",
                  "ahead of the next summit", "for the first time in ten years",
                  "with backing from Beijing", "despite falling prices",
                  "to the benefit of the border regions", "because demand has grown",
                  "more slowly than planned", "as early as next quarter"],
        "openers": ["Moreover, ", "According to experts, ", "However, ", "Meanwhile, ",
                    "As expected, ", "In particular, ", "As a result, ", "At the same time, "],
        "headings": ["What happened", "Why it matters", "The regional context", "Key figures",
                     "Reactions", "What to expect", "China's role", "Risks and opportunities",
                     "The government's position", "Effects on the economy"],
        "titles": ["{c}: {o} {t}", "{c} and {c2}: {o}", "{o}: {c}'s choice",
                   "{c} bets on {o}"],
        "table": ["Indicator", "Value", "Change", "Source"],
        "rows": ["Trade", "Investment", "Gas exports", "Goods in transit", "Students", "Loans"],
        "note": "Note: figures are provisional and",
        "see": ["full report", "official statement", "bank study", "country profile",
                "earlier analysis"],
    },
}
LANGS = ("it", "en")
MARKER = ".bench-corpus"  # gen.py only ever deletes a directory holding this file


def sentence(rng, w, markup=False):
    """One sentence; with markup, maybe emphasis or an external link."""
    obj = rng.choice(w["objects"])
    if markup:
        roll = rng.random()
        if roll < 0.25:
            obj = f"*{obj}*"
        elif roll < 0.35:
            obj = f"**{obj}**"
        elif roll < 0.5:
            slug = rng.choice(w["see"]).replace(" ", "-")
            obj = f"[{obj}](https://example.org/{slug}/{rng.randrange(1, 9999)})"
    opener = rng.choice(w["openers"]) if rng.random() < 0.3 else ""
    text = f"{rng.choice(w['subjects'])} {rng.choice(w['verbs'])} {obj} {rng.choice(w['tails'])}."
    if opener:
        return opener + text
    return text[0].upper() + text[1:]


def paragraph(rng, w):
    return " ".join(sentence(rng, w, markup=True) for _ in range(rng.randint(3, 6)))


def table(rng, lang):
    w = WORDS[lang]
    lines = ["| " + " | ".join(w["table"]) + " |", "|---|--:|--:|---|"]
    for row in rng.sample(w["rows"], 4):
        sep = "," if lang == "it" else "."
        value = f"{rng.randint(10, 990)}{sep}{rng.randint(0, 9)}"
        lines.append(f"| {row} | {value} | {rng.randint(-30, 60):+d}% | {rng.choice(SOURCES)} |")
    return "\n".join(lines)


def body(rng, lang, with_table):
    """Markdown body of 600-900 words: paragraphs, ## headings, lists, maybe a table."""
    w = WORDS[lang]
    target = rng.randint(600, 900)
    headings = rng.sample(w["headings"], len(w["headings"]))
    blocks, words, since_heading, lists = [], 0, 0, 0
    while words < target:
        if since_heading >= rng.randint(2, 3) and headings:
            blocks.append("## " + headings.pop())
            since_heading = 0
            if with_table and len(headings) == len(w["headings"]) - 1:
                blocks.append(table(rng, lang))
                blocks.append(w["note"] + " " + sentence(rng, w).lower())
        if lists < 2 and since_heading == 1 and rng.random() < 0.4:
            items = [f"- {sentence(rng, w, markup=True)}" for _ in range(rng.randint(3, 5))]
            blocks.append("\n".join(items))
            lists += 1
        else:
            blocks.append(paragraph(rng, w))
        words += len(blocks[-1].split())
        since_heading += 1
    return "\n\n".join(blocks) + "\n"


def random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def make_pair(rng, index):
    """The logical content of one pair: shared metadata and one text per language."""
    countries = rng.sample(sorted(COUNTRIES), rng.choice([1, 1, 2]))
    topics = rng.sample(sorted(TOPICS), rng.choice([1, 2, 2]))
    date = random_date(rng, datetime.date(2015, 1, 1), datetime.date(2025, 12, 31))
    pair = {"name": f"bench-{index:05d}", "date": date, "countries": countries, "topics": topics,
            "sources": rng.sample(SOURCES, rng.randint(1, 3)), "event": None, "text": {}}
    if rng.random() < 0.2:
        when = date - datetime.timedelta(days=rng.randint(0, 20))
        pair["event"] = {"date": when, "place": rng.choice(PLACES), "kind": rng.randrange(4)}
    for lang_i, lang in enumerate(LANGS):
        w = WORDS[lang]
        c = COUNTRIES[countries[0]][lang_i]
        c2 = COUNTRIES[countries[-1] if len(countries) > 1 else "china"][lang_i]
        title = rng.choice(w["titles"]).format(
            c=c, c2=c2, o=rng.choice(w["objects"]), t=rng.choice(w["tails"]))
        title = title[0].upper() + title[1:]
        summary = " ".join(sentence(rng, w) for _ in range(rng.randint(1, 2)))
        pair["text"][lang] = {"title": title, "summary": summary,
                              "body": body(rng, lang, with_table=index % 10 == 0)}
    return pair


EVENT_NAMES = {
    "it": ["Vertice Cina-Asia centrale", "Forum degli investimenti", "Visita di Stato",
           "Riunione del comitato congiunto"],
    "en": ["China-Central Asia summit", "Investment forum", "State visit",
           "Joint committee meeting"],
}


def q(text):
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(pair, lang, hugo):
    lang_i = LANGS.index(lang)
    t = pair["text"][lang]
    lines = ["---", f"title: {q(t['title'])}", f"date: {pair['date'].isoformat()}",
             f"summary: {q(t['summary'])}", f"slug: {pair['name']}"]
    if hugo:  # Hugo terms are display names; our site maps keys through site.yaml.
        countries = [COUNTRIES[k][lang_i] for k in pair["countries"]]
        topics = [TOPICS[k][lang_i] for k in pair["topics"]]
    else:
        countries, topics = pair["countries"], pair["topics"]
    lines.append("countries: [" + ", ".join(countries) + "]")
    lines.append("topics: [" + ", ".join(topics) + "]")
    if pair["event"]:
        ev = pair["event"]
        lines += ["event:", f"  date: {ev['date'].isoformat()}",
                  f"  name: {q(EVENT_NAMES[lang][ev['kind']])}",
                  f"  place: {q(ev['place'][lang_i])}"]
    lines.append("sources:")
    lines += [f"  - name: {q(name)}" for name in pair["sources"]]
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def write_pairs(pairs, content_dir, hugo):
    content_dir.mkdir(parents=True, exist_ok=True)
    for pair in pairs:
        for lang in LANGS:
            path = content_dir / f"{pair['name']}.{lang}.md"
            path.write_text(front_matter(pair, lang, hugo) + pair["text"][lang]["body"],
                            encoding="utf-8")


def copy_tree(src, dst):
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        print(f"gen.py: note: {src} does not exist, not copied", file=sys.stderr)


def write_briefing_site(out, repo, pairs):
    config = repo / "site.yaml"
    if not config.is_file():
        sys.exit(f"gen.py: {config} not found; pass --repo")
    shutil.copy2(config, out / "site.yaml")
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("ui:"):  # the sibling file holding the UI strings
            ui = line.split(":", 1)[1].strip().strip("'\"")
            if (repo / ui).is_file():
                shutil.copy2(repo / ui, out / ui)
    for sub in ("templates", "static", "content/data", "content/pages"):
        copy_tree(repo / sub, out / sub)
    write_pairs(pairs, out / "content" / "briefings", hugo=False)


def write_hugo_site(out, pairs):
    """bench/hugo/ holds hugo.toml, layouts/, i18n/, static/ and the section indexes."""
    shutil.copytree(Path(__file__).resolve().parent / "hugo", out, dirs_exist_ok=True)
    write_pairs(pairs, out / "content" / "briefings", hugo=True)


def main():
    default_repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, required=True, help="number of it/en pairs")
    ap.add_argument("--out", type=Path, required=True, help="directory to (re)create")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--hugo", action="store_true", help="write a Hugo site instead")
    ap.add_argument("--repo", type=Path, default=default_repo,
                    help="repository providing site.yaml, templates/, static/")
    args = ap.parse_args()
    if args.pairs < 1:
        sys.exit("gen.py: --pairs must be at least 1")
    rng = random.Random(args.seed)
    pairs = [make_pair(rng, i) for i in range(1, args.pairs + 1)]
    marker = args.out / MARKER
    if args.out.exists() and any(args.out.iterdir()):
        if not marker.is_file():
            sys.exit(f"gen.py: {args.out} is not empty and was not made by gen.py; not touching it")
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    marker.write_text("made by bench/gen.py; safe to delete\n", encoding="utf-8")
    if args.hugo:
        write_hugo_site(args.out, pairs)
    else:
        write_briefing_site(args.out, args.repo.resolve(), pairs)


if __name__ == "__main__":
    main()
