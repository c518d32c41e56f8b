#!/usr/bin/env python3
"""Generates an N-page planverk site following the content model, for benchmarks.

    gen_corpus.py OUT [--pages N] [--hugo] [--nynorsk]

The site has districts, city and district plans (strategies, goals, measures that
implement the city's), courses with sessions that implement plan measures, networks,
services, newsletters, news with topics, districts and `@/` links, and plain pages.
Everything is derived from a fixed seed, so the same N gives the same files.

With --hugo the same pages are written as a Hugo site (front matter: title, date; the
same Markdown body with `@/` links made plain), with minimal layouts, for comparison.

With --nynorsk every page also gets a nynorsk translation beside it (`x.nn.md`, the same
front matter and ids with the title marked), and the config a `[languages.nn]` table: the
site then has twice the pages, in two language versions (benches/languages.sh).
"""

import argparse
import os
import random
import shutil

TOPICS = ["forebygging", "alkohol", "cannabis", "opioider", "ungdom", "eldre", "arbeidsliv",
          "skjenking", "overdose", "familie", "skole", "recovery", "kartlegging", "tidlig-innsats"]
AUDIENCES = ["ansatte i bydel", "skole", "helsestasjon", "NAV", "politi", "frivillige", "foreldre"]
UNITS = ["NAV", "HBU", "ALLE", "SALTO", "Helsestasjon", "Skole", "Utekontakten"]
WORDS = ("rus forebygging tiltak bydel plan kurs nettverk ungdom samarbeid kunnskap oppfølging "
         "tjeneste innsats strategi mål kartlegging tverrfaglig helse skole familie arbeid").split()


def para(rng, n=40):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def body(rng, links):
    """A Markdown body of about 1.5 KB with headings, a list, emphasis and links."""
    parts = [para(rng), "", "## " + para(rng, 4).rstrip("."), "", para(rng, 60), ""]
    parts += ["- " + para(rng, 8) for _ in range(4)]
    parts += ["", "**" + para(rng, 6) + "** " + para(rng, 30), ""]
    for text, target in links:
        parts.append(f"Les mer i [{text}]({target}).")
    parts += ["", "### " + para(rng, 3).rstrip("."), "", para(rng, 50), ""]
    return "\n".join(parts)


class Corpus:
    def __init__(self, out, pages, hugo, nynorsk=False):
        self.out, self.pages, self.hugo, self.nynorsk = out, pages, hugo, nynorsk
        self.rng = random.Random(20270308)
        self.written = 0

    def write(self, path, fm, text, title, date):
        """`fm` is planverk's front matter (YAML text without fences)."""
        self.written += 1
        full = os.path.join(self.out, "content", path + ".md")
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if self.hugo:
            plain = text.replace("(@/", "(/").replace(".md)", "/)").replace(".md#", "/#")
            head = f'title: "{title}"\n' + (f"date: {date}\n" if date else "")
            head += "".join(line + "\n" for line in fm.splitlines() if line.startswith("topics:"))
            text, fm = plain, head
        with open(full, "w", encoding="utf-8") as f:
            f.write("---\n" + fm + "---\n" + text)
        if self.nynorsk:
            nn_fm = "".join((line + " (nynorsk)" if line.startswith("title: ") else line) + "\n" for line in fm.splitlines())
            with open(os.path.join(self.out, "content", path + ".nn.md"), "w", encoding="utf-8") as f:
                f.write("---\n" + nn_fm + "---\n" + text)

    def generate(self):
        rng = self.rng
        n = self.pages
        n_districts = max(3, min(60, n // 200))
        n_city = max(1, n // 2000)
        n_dplans = max(1, n // 40)
        n_courses = max(1, n * 15 // 100)
        n_networks = max(1, n * 2 // 100)
        n_services = max(1, n * 5 // 100)
        n_letters = max(1, n * 2 // 100)
        n_pages = max(1, n * 3 // 100)
        fixed = n_districts + n_city + n_dplans + n_courses + n_networks + n_services + n_letters + n_pages + 9
        n_news = max(1, n - fixed)

        if not self.hugo:
            with open(os.path.join(self.out, "config.toml"), "w") as f:
                f.write('title = "Benchmark"\nbase_url = "https://bench.example.org"\nlanguage = "nb"\n'
                        'timezone = "Europe/Oslo"\noutput_dir = "public"\n')
        else:
            with open(os.path.join(self.out, "hugo.toml"), "w") as f:
                # Comparable work: topic pages, listings in pages of 20, feeds capped at 50
                # entries (as planverk's), a sitemap.
                f.write('title = "Benchmark"\nbaseURL = "https://bench.example.org/"\nlanguageCode = "nb"\n'
                        '[taxonomies]\ntopic = "topics"\n[pagination]\npagerSize = 20\n'
                        '[services.rss]\nlimit = 50\n')
            layouts = os.path.join(self.out, "layouts", "_default")
            os.makedirs(layouts, exist_ok=True)
            page = '<!doctype html><html lang="nb"><head><title>{{ .Title }}</title></head><body>' \
                   '<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>' \
                   '<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n'
            listing = page.replace("{{ .Content }}", "{{ .Content }}<ul>{{ range (.Paginate .Pages).Pages }}<li><a href=\"{{ .RelPermalink }}\">"
                                   "{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }} {{ .Summary }}</li>{{ end }}</ul>"
                                   "{{ template \"_internal/pagination.html\" . }}")
            for name, text in [("single.html", page), ("list.html", listing)]:
                with open(os.path.join(layouts, name), "w") as f:
                    f.write(text)

        sections = [("planer", "Planer", "plan"), ("kurs", "Kurs", "course"), ("nettverk", "Nettverk", "network"),
                    ("tilbud", "Tilbud", "service"), ("nyhetsbrev", "Nyhetsbrev", "newsletter"),
                    ("aktuelt", "Aktuelt", "news"), ("bydeler", "Bydeler", "district"), ("om", "Om oss", None)]
        self.write("_index", "title: Forside\n", body(rng, []), "Forside", None)
        for folder, title, kind in sections:
            fm = f"title: {title}\n" + (f"kind: {kind}\n" if kind else "")
            self.write(folder + "/_index", fm, para(rng) + "\n", title, None)

        districts = [f"bydel-{i}" for i in range(n_districts)]
        for i, d in enumerate(districts):
            fm = f"title: Bydel {i}\nnumber: {i + 1}\ncontact:\n  phone: \"2{i:07d}\"\n  email: post@{d}.example.org\n"
            self.write("bydeler/" + d, fm, body(rng, []), f"Bydel {i}", None)

        # City plans: goals M1..M8, strategies S1..S4 with measures S1-A..S1-F.
        city_items = []
        for c in range(n_city):
            path = f"planer/byplan-{c}"
            fm = [f"title: Byens strategiske plan {c}", "plan_type: strategy", "level: city", "status: adopted",
                  'period: "2027-2030"', "adopted: 2026-12-01", f"topics: [{rng.choice(TOPICS)}, {rng.choice(TOPICS)}]",
                  "goals:"]
            for g in range(1, 9):
                fm += [f"  - id: M{g}", f"    title: {para(rng, 6)}"]
            fm.append("strategies:")
            for s in range(1, 5):
                fm += [f"  - id: S{s}", f"    title: Innsatsområde {s}", f"    description: {para(rng, 15)}",
                       "    measures:"]
                for m in "ABCDEF":
                    mid = f"S{s}-{m}"
                    city_items.append(f"{path}#{mid}")
                    fm += [f"      - id: {mid}", f"        title: {para(rng, 7)}",
                           f"        goals: [M{rng.randint(1, 8)}]", f"        responsible: [{rng.choice(UNITS)}]",
                           f"        status: {rng.choice(['planned', 'ongoing', 'done'])}",
                           f"        deadline: {rng.randint(2027, 2030)}-Q{rng.randint(1, 4)}"]
            self.write(path, "\n".join(fm) + "\n", body(rng, []), f"Byens strategiske plan {c}", "2026-12-01")

        plan_items = list(city_items)
        for p in range(n_dplans):
            d = districts[p % len(districts)]
            city = f"planer/byplan-{p % n_city}"
            path = f"planer/{d}-plan-{p}"
            fm = [f"title: Handlingsplan {p} for {d}", "plan_type: action-plan", "level: district", f"district: {d}",
                  f"implements: {city}", "status: adopted", 'period: "2027-2028"', f"districts: [{d}]", "strategies:"]
            for s in range(1, 4):
                fm += [f"  - id: T{s}", f"    title: Tema {s}", "    measures:"]
                for m in range(1, 5):
                    mid = f"T{s}-{m}"
                    plan_items.append(f"{path}#{mid}")
                    target = rng.choice(city_items).replace("byplan-0", f"byplan-{p % n_city}")
                    target = target if target.startswith(city + "#") else f"{city}#S{rng.randint(1, 4)}-{rng.choice('ABCDEF')}"
                    if m == 1:
                        target += f", {city}#M{1 + (p * 3 + s) % 8}"
                    fm += [f"      - id: {mid}", f"        title: {para(rng, 6)}", f"        implements: [{target}]",
                           f"        responsible: [{rng.choice(UNITS)}]", f"        status: {rng.choice(['planned', 'ongoing'])}"]
            links = [("byplanen", f"@/{city}.md")]
            self.write(path, "\n".join(fm) + "\n", body(rng, links), f"Handlingsplan {p} for {d}", "2027-01-15")

        for c in range(n_courses):
            path = f"kurs/kurs-{c}"
            year = 2025 + c % 4
            month, day = 1 + c % 12, 1 + c % 27
            ds = rng.sample(districts, k=min(2, len(districts))) if c % 3 else []
            fm = [f"title: Kurs {c} om {rng.choice(TOPICS)}", f"format: {rng.choice(['course', 'conference', 'seminar', 'webinar'])}",
                  "organizer: KoRus Oslo", f"audience: [{rng.choice(AUDIENCES)}]", f"districts: [{', '.join(ds)}]",
                  f"implements: [{rng.choice(plan_items)}]", "location: Rådhuset", "status: open", "sessions:"]
            for s in range(1 + c % 3):
                fm += [f"  - start: {year}-{month:02d}-{day:02d}T{9 + s:02d}:00",
                       f"    end: {year}-{month:02d}-{day:02d}T{10 + s:02d}:30", f"    title: Økt {s + 1}"]
            fm += ["registration:", "  url: https://example.org/pamelding", f"  deadline: {year}-{month:02d}-{day:02d}",
                   "  capacity: 40", "contact:", "  name: Kari Nordmann", "  email: kari@example.org"]
            self.write(path, "\n".join(fm) + "\n", body(rng, []), f"Kurs {c}", f"{year}-{month:02d}-{day:02d}")

        for k in range(n_networks):
            path = f"nettverk/nettverk-{k}"
            members = rng.sample(districts, k=min(3, len(districts))) + ["NAV"]
            fm = [f"title: Nettverk {k}", "coordinator: KoRus Oslo", f"members: [{', '.join(members)}]",
                  f"implements: [{rng.choice(plan_items)}]", "meetings:",
                  f"  - start: 2027-{1 + k % 12:02d}-10T13:00", f"    end: 2027-{1 + k % 12:02d}-10T15:00"]
            self.write(path, "\n".join(fm) + "\n", body(rng, []), f"Nettverk {k}", None)

        for s in range(n_services):
            path = f"tilbud/tilbud-{s}"
            fm = [f"title: Tilbud {s}", f"provider: {rng.choice(UNITS)}", f"districts: [{rng.choice(districts)}]",
                  f"audience: [{rng.choice(AUDIENCES)}]", "opening_hours: Man–fre 08–16"]
            self.write(path, "\n".join(fm) + "\n", body(rng, []), f"Tilbud {s}", None)

        for p in range(n_pages):
            self.write(f"om/side-{p}", f"title: Side {p}\nweight: {p}\n", body(rng, []), f"Side {p}", None)

        for i in range(n_news):
            path = f"aktuelt/nyhet-{i}"
            y, dd = 2020 + (i // 365) % 8, i % 365
            month, day = 1 + dd // 31 % 12, 1 + dd % 28
            date = f"{y}-{month:02d}-{day:02d}"
            links = [("planen", f"@/planer/byplan-{i % n_city}.md#S{1 + i % 4}-A"),
                     ("kurset", f"@/kurs/kurs-{i % n_courses}.md")]
            fm = [f"title: Nyhet {i} – {para(rng, 5).rstrip('.')}", f"date: {date}",
                  f"topics: [{rng.choice(TOPICS)}, {rng.choice(TOPICS)}]",
                  f"districts: [{rng.choice(districts)}]", f"summary: {para(rng, 12)}"]
            extra = ["", "| Bydel | Tiltak | Status |", "|---|---|---|"]
            extra += [f"| {rng.choice(districts)} | {para(rng, 4)} | {rng.choice(['planlagt', 'pågår', 'ferdig'])} |" for _ in range(4)]
            extra += ["", "```toml", f'title = "Nyhet {i}"', f"topics = [\"{rng.choice(TOPICS)}\"]", "```", "", para(rng, 60), ""]
            self.write(path, "\n".join(fm) + "\n", body(rng, links) + "\n".join(extra), f"Nyhet {i}", date)

        for n_ in range(n_letters):
            y = 2020 + n_ // 12 % 8
            m = 1 + n_ % 12
            path = f"nyhetsbrev/nr-{n_}"
            fm = [f"title: Nyhetsbrev {n_}", f'issue: "{m}/{y}"', f"date: {y}-{m:02d}-28",
                  f"covers: {{from: {y}-{m:02d}-01, to: {y}-{m:02d}-28}}"]
            self.write(path, "\n".join(fm) + "\n", body(rng, []), f"Nyhetsbrev {n_}", f"{y}-{m:02d}-28")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--hugo", action="store_true", help="write a Hugo site instead")
    ap.add_argument("--nynorsk", action="store_true", help="give every page a nynorsk translation too")
    args = ap.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    c = Corpus(args.out, args.pages, args.hugo, args.nynorsk)
    c.generate()
    if args.nynorsk:
        with open(os.path.join(args.out, "config.toml"), "a") as f:
            f.write('\n[languages.nn]\ntitle = "Benchmark på nynorsk"\n')
    print(f"wrote {c.written} pages to {args.out}")


if __name__ == "__main__":
    main()
