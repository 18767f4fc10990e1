"""Benchmark: `make bench` (or `python tests/bench.py --sizes 50 250 1000`).

For each size, generates that many synthetic but realistic institutions (each with a programme, records
in 30 countries, German and French translations for half of them) in a temporary copy of the project,
builds the whole site in every language, and prints: wall time, pages per second, peak memory, time
spent in our hooks, the largest page, one record page's size (it must not grow with the number of
records) and each language's search index; for the largest site, search in Chromium (search_in_browser). It then builds the same generated pages as plain Markdown,
without our hooks, and prints our build's time as a ratio of that. Last, it times validation alone.

Targets (README, "Performance"): the real site builds in under 60 s; per-page time at 1,000 institutions
within 1.3 times that at 250; our hooks add at most 10% over the plain build; 1,000 records validate in
under 1 s; record pages do not grow with the number of records.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "hooks"))
sys.path.insert(0, str(PROJECT / "tests"))

COUNTRIES = ["AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IS",
             "IT", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI"]
WORDS = ("systemic practice family therapy social work supervision reflecting team circular questions genogram "
         "training programme foundation intermediate qualifying hours placement seminar group practitioners "
         "children families network consultation accreditation university institute module assessment theory "
         "relationships patterns change resources safeguarding local authority reflective learning").split()
LEVELS = ["foundation", "intermediate", "qualifying", "specialist", "continuing"]
BUILD = """
import json, resource, sys, time
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]])
except SystemExit as exc:
    if exc.code:
        raise
print(json.dumps({"wall": time.perf_counter() - start, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


from stepkb.generate import FIELDS_PAGE, GENERATED_FOLDERS  # noqa: E402  (after the sys.path line)


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(" ".join(sentence(rng, rng.randint(10, 22)) for _ in range(5)) for _ in range(count))


def block(text: str) -> str:
    return "|-\n" + "\n".join(("  " + line) if line else "" for line in text.splitlines())


def make_records(partners: Path, institutions: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    shutil.rmtree(partners, ignore_errors=True)
    partners.mkdir(parents=True)
    shutil.copy(PROJECT / "partners/glossary.yml", partners / "glossary.yml")
    files = 1
    for code in COUNTRIES:
        folder = partners / code.lower()
        folder.mkdir()
        (folder / "country.yml").write_text(f"code: {code}\nsummary: {sentence(rng, 18)}\npsychotherapy: {block(paragraphs(rng, 1))}\n"
                                            f"sources:\n  - title: National source\n    url: https://example.org/{code.lower()}\n", encoding="utf-8")
        files += 1
    for i in range(institutions):
        code = COUNTRIES[i % len(COUNTRIES)]
        slug = f"institute-{i:05d}"
        folder = partners / code.lower() / slug
        (folder / "curricula").mkdir(parents=True)
        (folder / "institution.yml").write_text(
            f"name: Institute {i} for Systemic Practice\nkind: training-institute\ncountry: {code}\ncity: City {i % 97}\n"
            f"website: https://example.org/{slug}/\nsummary: {sentence(rng, 20)}\ndescription: {block(paragraphs(rng, 3))}\n"
            f"sources:\n  - title: The institute's website\n    url: https://example.org/{slug}/about\n", encoding="utf-8")
        hours = {"taught": rng.randint(60, 900), "supervision": rng.randint(10, 300), "self_study": rng.randint(60, 1400)}
        hours["total"] = sum(hours.values())
        (folder / "curricula" / f"programme-{i:05d}.yml").write_text(
            f"title: Systemic practice course {i}\nlevel: {rng.choice(LEVELS)}\nmode: part-time\nduration_months: {rng.choice([12, 24, 36, 48])}\n"
            f"hours:\n" + "".join(f"  {k}: {v}\n" for k, v in hours.items()) +
            f"ects: {rng.choice([30, 60, 90, 120])}\naccreditation: [{rng.choice(['AFT', 'DGSF', 'EFTA', 'NVRG'])}]\nlanguages: [en]\n"
            f"summary: {sentence(rng, 20)}\ndescription: {block(paragraphs(rng, 2))}\nsources:\n  - title: Course page\n    url: https://example.org/{slug}/course\n",
            encoding="utf-8")
        files += 2
        if i % 2 == 0:
            for lang in ("de", "fr"):
                (folder / f"institution.{lang}.yml").write_text(f"summary: {sentence(rng, 20)}\n", encoding="utf-8")
                files += 1
    return files


def project_copy(target: Path, institutions: int) -> Path:
    target.mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(PROJECT / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT / "docs", target / "docs", ignore=shutil.ignore_patterns(*GENERATED_FOLDERS, Path(FIELDS_PAGE).name))
    make_records(target / "partners", institutions)
    return target


def plain_config(project: Path) -> Path:
    """The same site without our hooks: the generated pages are already under docs/."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("hooks:\n  - hooks/step_hooks.py\n", "")
    path = project / "mkdocs-plain.yml"
    path.write_text(text, encoding="utf-8")
    return path


def build(config: Path, site: Path, env: dict | None = None) -> dict:
    result = subprocess.run([sys.executable, "-c", BUILD, str(config), str(site)], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, cwd=config.parent)
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(size: int, work: Path) -> dict:
    project = project_copy(work / f"size-{size}", size)
    timings_file = work / f"timings-{size}.json"
    ours = build(project / "mkdocs.yml", work / f"site-{size}", {"STEPKB_TIMINGS": str(timings_file)})
    hooks = json.loads(timings_file.read_text(encoding="utf-8"))
    site = work / f"site-{size}"
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    record_page = site / "institutions/institute-00000/index.html"
    plain = build(plain_config(project), work / f"plain-{size}")
    shutil.rmtree(work / f"plain-{size}")
    return {
        "search_gzip": gzip_sizes(site),
        "size": size, "pages": len(pages), "wall": ours["wall"], "maxrss_mb": ours["maxrss_kb"] / 1024,
        "hooks": sum(hooks["timings"].values()), "hooks_detail": hooks["timings"], "search": hooks["search_index_bytes"],
        "largest": (largest.relative_to(site).as_posix(), largest.stat().st_size), "record_page": record_page.stat().st_size,
        "plain_wall": plain["wall"], "plain_maxrss_mb": plain["maxrss_kb"] / 1024, "project": project,
    }


def search_folders(site: Path) -> dict[str, Path]:
    """Each language's search index folder (hooks/stepkb/search_index.py)."""
    return {("en" if meta.parent.parent == site else meta.parent.parent.name): meta.parent
            for meta in sorted(site.glob("**/search/stepkb.json"))}


def gzip_sizes(site: Path) -> dict[str, int]:
    """Each language's whole search index, gzip-compressed file by file as a server sends them (a reader
    downloads only a few of these files: search_in_browser measures what)."""
    return {lang: sum(len(gzip.compress(f.read_bytes(), 6)) for f in folder.rglob("*.json"))
            for lang, folder in search_folders(site).items()}


def search_in_browser(site: Path) -> dict[str, dict]:
    """Search as a reader meets it, per language (tests/bench_search.py): the bytes (gzip) downloaded
    before the first result, the time to it, and the time from the last keystroke to the results.
    Targets (README, "Search"): at most 150 KB before the first result; results within 100 ms."""
    from bench_search import measure as measure_search

    return measure_search(site, "stepkb")


def print_search(size: int, figures: dict[str, dict]) -> None:
    most = max(f["bytes"] for f in figures.values())
    slowest = max(f["max_ms"] for f in figures.values())
    print(f"\nSearch at {size} institutions, in Chromium (KB gzip before the first result / ms to it / ms from the last "
          f"keystroke to the results once loaded, median-slowest / slowest when the words' files are still to fetch):")
    print("  " + ", ".join(f"{k} {v['bytes'] / 1024:.0f}/{v['first_ms']:.0f}/{v['median_ms']:.0f}-{v['max_ms']:.0f}/{v['cold_max_ms']:.0f}"
                           for k, v in figures.items()))
    print(f"  most downloaded before the first result: {most / 1024:.0f} KB   target <= 150 KB: {'met' if most <= 150 * 1024 else 'MISSED'}")
    print(f"  slowest results after the last keystroke: {slowest:.0f} ms   target <= 100 ms: {'met' if slowest <= 100 else 'MISSED'}")


def time_validation(project: Path) -> tuple[int, float]:
    from stepkb.labels import site_languages
    from stepkb.validate import read_partners

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        collection, problems = read_partners(project / "partners", project, site_languages())
        best = min(best, time.perf_counter() - start)
    assert not problems, problems[:3]
    records = len(collection.countries) + len(collection.institutions) + len(collection.curricula)
    return records, best


def real_site(work: Path) -> dict:
    result = build(PROJECT / "mkdocs.yml", work / "real-site")
    pages = list((work / "real-site").rglob("*.html"))
    sizes = {lang: sum(f.stat().st_size for f in folder.rglob("*.json")) for lang, folder in search_folders(work / "real-site").items()}
    return {"wall": result["wall"], "pages": len(pages), "maxrss_mb": result["maxrss_kb"] / 1024, "search": sizes,
            "search_gzip": gzip_sizes(work / "real-site")}


# Save-to-preview (make serve): how long an editor waits, after saving a record, to see the edit in the
# browser. Self-contained: it serves a copy of the project as `make serve` does (one language, the Makefile's
# options), opens the record's page in Chromium, and times several edits from the save to the new text on
# the page (the page reloads by itself). Without Playwright (`make install-test`), it polls the server instead.

PREVIEW_EDITS = 7


def _serve_options() -> list[str]:
    line = next(l for l in (PROJECT / "Makefile").read_text(encoding="utf-8").splitlines() if "mkdocs serve" in l and "BUILD_ONLY_LOCALE" in l)
    return [option for option in line.split() if option.startswith("--") and option != "--dev-addr"]


def save_to_preview(project: Path, record: str, url: str, edits: int = PREVIEW_EDITS) -> dict:
    import re
    import socket
    import statistics
    import urllib.request

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    log_path = project / "serve-bench.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *_serve_options(), "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "BUILD_ONLY_LOCALE": "en"})
        try:
            deadline = time.time() + 600
            while "Serving on" not in log_path.read_text(encoding="utf-8"):
                if server.poll() is not None or time.time() > deadline:
                    raise SystemExit("mkdocs serve did not start:\n" + log_path.read_text(encoding="utf-8"))
                time.sleep(0.2)
            path = project / record
            original = path.read_text(encoding="utf-8")
            address = f"http://127.0.0.1:{port}{url}"
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:
                sync_playwright = None
            times, builds = [], []

            def edit(i: int) -> str:
                token = f"Preview check {i} {time.time_ns()}"
                path.write_text(re.sub(r"(?m)^summary: .*$", f"summary: {token}.", original, count=1), encoding="utf-8")
                return token

            def count() -> int:
                return log_path.read_text(encoding="utf-8").count("Building documentation")

            if sync_playwright is not None:
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=["--no-sandbox"])
                    page = browser.new_page()
                    page.goto(address)
                    for i in range(edits):
                        time.sleep(1.5)  # the server's watcher has seen the last save; a new save is a new event
                        before = count()
                        token = edit(i)
                        started = time.perf_counter()
                        page.wait_for_function(f"document.body && document.body.innerText.includes({json.dumps(token)})", timeout=120000, polling=20)
                        times.append(time.perf_counter() - started)
                        time.sleep(1.5)
                        builds.append(count() - before)
                    browser.close()
                how = "in Chromium"
            else:
                for i in range(edits):
                    time.sleep(1.5)
                    before = count()
                    token = edit(i)
                    started = time.perf_counter()
                    while token not in urllib.request.urlopen(address).read().decode("utf-8"):
                        time.sleep(0.02)
                    times.append(time.perf_counter() - started)
                    time.sleep(1.5)
                    builds.append(count() - before)
                how = "on the server (no browser: make install-test for Chromium)"
            path.write_text(original, encoding="utf-8")
        finally:
            server.terminate()
            server.wait(timeout=60)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "edits": len(times),
            "builds_per_save": max(builds), "how": how}


def preview_report(work: Path) -> None:
    """The save-to-preview figure for the real site and for the benchmark's site of 250 institutions."""
    real = work / "preview-real"
    real.mkdir()
    for name in ("mkdocs.yml", "hooks", "partners", "docs"):
        src = PROJECT / name
        if src.is_dir():
            shutil.copytree(src, real / name, ignore=shutil.ignore_patterns("__pycache__", *GENERATED_FOLDERS, Path(FIELDS_PAGE).name))
        else:
            shutil.copy(src, real / name)
    sites = [("the real site", real, "partners/at/asys/institution.yml", "/institutions/asys/"),
             ("250 institutions", project_copy(work / "preview-250", 250), "partners/at/institute-00000/institution.yml", "/institutions/institute-00000/")]
    print("\nSave to preview (make serve, one language): median of a record edit, from the save to the new text "
          "on the page   target <= 1.5 s")
    for name, project, record, url in sites:
        r = save_to_preview(project, record, url)
        print(f"  {name}: {r['median']:.2f} s (min {r['min']:.2f}, max {r['max']:.2f}, {r['edits']} edits, measured {r['how']}); "
              f"builds per save: {r['builds_per_save']}   {'met' if r['median'] <= 1.5 else 'MISSED'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 250, 1000], help="numbers of institutions")
    parser.add_argument("--preview-only", action="store_true", help="only the save-to-preview time of make serve")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stepkb-bench-") as tmp:
        work = Path(tmp)
        if args.preview_only:
            preview_report(work)
            return 0
        real = real_site(work)
        print(f"Real site: {real['pages']} pages in all languages, {real['wall']:.1f} s, peak memory {real['maxrss_mb']:.0f} MB"
              f"   target < 60 s: {'met' if real['wall'] < 60 else 'MISSED'}")
        print("  search index per language, all files (KB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in real["search"].items()))
        print("  the same, gzip-compressed file by file (KB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in real["search_gzip"].items()))
        rows = []
        for size in args.sizes:
            r = measure(size, work)
            rows.append(r)
            print(f"\n{size} institutions ({size * 2 + len(COUNTRIES)} records): {r['pages']} pages, {r['wall']:.1f} s, "
                  f"{r['pages'] / r['wall']:.0f} pages/s, {1000 * r['wall'] / r['pages']:.2f} ms/page, peak memory {r['maxrss_mb']:.0f} MB")
            print(f"  our hooks: {r['hooks']:.2f} s (" + ", ".join(f"{k} {v:.2f}" for k, v in r["hooks_detail"].items()) + ")")
            print(f"  plain Markdown, no hooks: {r['plain_wall']:.1f} s, peak {r['plain_maxrss_mb']:.0f} MB; "
                  f"ours / plain = {r['wall'] / r['plain_wall']:.2f}   target <= 1.10: {'met' if r['wall'] <= 1.10 * r['plain_wall'] else 'MISSED'}")
            print(f"  largest page: {r['largest'][0]} ({r['largest'][1] / 1024:.0f} KB); a record page: {r['record_page'] / 1024:.1f} KB")
            print("  search index per language, all files (KB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in r["search"].items()))
            print("  the same, gzip-compressed file by file (KB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in r["search_gzip"].items()))
        by_size = {r["size"]: r for r in rows}
        if 250 in by_size and 1000 in by_size:
            ratio = (by_size[1000]["wall"] / by_size[1000]["pages"]) / (by_size[250]["wall"] / by_size[250]["pages"])
            print(f"\nPer-page time at 1,000 / at 250 institutions: {ratio:.2f}   target <= 1.3: {'met' if ratio <= 1.3 else 'MISSED'}")
        if len(rows) > 1:
            growth = rows[-1]["record_page"] - rows[0]["record_page"]
            print(f"A record page from {rows[0]['size']} to {rows[-1]['size']} institutions grows by {growth} bytes   "
                  f"target: constant: {'met' if abs(growth) < 512 else 'MISSED'}")
        largest = rows[-1]
        print_search(largest["size"], search_in_browser(work / f"site-{largest['size']}"))
        records, seconds = time_validation(rows[-1]["project"])
        per_thousand = seconds * 1000 / records
        print(f"Validation: {records} records in {seconds:.2f} s, {per_thousand:.2f} s per 1,000 records   "
              f"target < 1 s: {'met' if per_thousand < 1 else 'MISSED'}")
        preview_report(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
