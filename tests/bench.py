"""Benchmark: `make bench` (or `python tests/bench.py --sizes 50 250 1000`, `--only sizes validation`).

Each measurement is one function in MEASUREMENTS, printing its own lines; they share a Bench (the work
folder and the synthetic projects, made once per size).

- real_site: the real site, built one language after another (`mkdocs build`) and every language at once
  (`make build`, stepkb.parallel_build): wall time, CPU time, pages, peak memory, search index sizes.
- sizes: for each size, that many synthetic but realistic institutions (each with a programme, records in
  30 countries, German and French translations for half of them) in a temporary copy of the project,
  built in every language: sequentially (with the time spent in our hooks), in parallel (and whether that
  site is byte-identical to the sequential one), and as the plain baseline. The baseline is the same
  Markdown pages (ours, already generated) through the same MkDocs, Material and static-i18n with the same
  file filtering (stepkb.language_files, the one thing of ours that makes static-i18n cheaper), and none
  of our hooks' work; so "ours / plain" is what our hooks cost. Both are sequential builds, compared by
  CPU time (the machine is shared: wall time varies with what else runs) and shown in wall time too.
- growth: per-page time at 1,000 institutions against 250 (linear?), and a record page's size (constant?).
- validation: reading and validating the largest synthetic set alone.

Targets (README, "Performance"): the real site builds in under 60 s; 1,000 institutions build in under
120 s with the parallel build, byte-identical to the sequential one; our hooks cost at most 10% over the
plain build; per-page time at 1,000 institutions within 1.3 times that at 250; 1,000 records validate in
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
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "hooks"))

COUNTRIES = ["AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IS",
             "IT", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI"]
WORDS = ("systemic practice family therapy social work supervision reflecting team circular questions genogram "
         "training programme foundation intermediate qualifying hours placement seminar group practitioners "
         "children families network consultation accreditation university institute module assessment theory "
         "relationships patterns change resources safeguarding local authority reflective learning").split()
OUTCOMES = ["continuing", "practitioner", "psychotherapist", "supervisor"]
ACADEMIC = ["none", "certificate", "master", "specialisation"]
# One build in a fresh interpreter: wall time, and CPU time and peak memory of the build and of the
# worker processes it forks (STEPKB_JOBS set: the parallel build).
BUILD = """
import json, resource, sys, time
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]])
except SystemExit as exc:
    if exc.code:
        raise
wall = time.perf_counter() - start
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
                  "maxrss_kb": own.ru_maxrss, "workers_maxrss_kb": workers.ru_maxrss}))
"""
# The plain baseline's hooks: the same file filter as ours (see stepkb/language_files.py), and the labels
# our theme's templates look up (footer, 404 page, search panel), which any theme in eleven languages needs.
PLAIN_HOOKS = '''"""The benchmark's plain baseline: our file filter and the theme's labels, nothing else of ours."""
from mkdocs.plugins import event_priority

from stepkb import theme
from stepkb.labels import Labels
from stepkb.language_files import own_and_default


@event_priority(-50)  # as in step_hooks.py: before static-i18n (-100) sorts the files into languages
def on_files(files, config):
    i18n = config.plugins["i18n"]
    return own_and_default(files, i18n.current_language, [lang.locale for lang in i18n.config.languages])


def on_env(env, config, files):
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    env.globals["stepkb_label"] = Labels(lang)
    theme.install(env, config, env.globals["stepkb_label"], lang, i18n.config.languages[0].locale)
    return env
'''


from stepkb.generate import FIELDS_PAGE, GENERATED_FOLDERS  # noqa: E402  (after the sys.path line)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# --- synthetic records -----------------------------------------------------------------------------

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
    shutil.copytree(PROJECT / "partners/benchmarks", partners / "benchmarks")
    # Place names in every language, as the real records have them (partners/places.yml)
    (partners / "places.yml").write_text("".join(
        f"City {n}: {{" + ", ".join(f"{lang}: City {n} {lang}" for lang in ("de", "fr", "it", "nl", "da", "sv", "fi", "es", "pl", "el")) + "}\n"
        for n in range(97)), encoding="utf-8")
    files = 3 + len(list((partners / "benchmarks").glob("*.yml")))
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
            f"title: Systemic practice course {i}\noutcome: {rng.choice(OUTCOMES)}\nacademic_level: {rng.choice(ACADEMIC)}\n"
            f"social_workers: {rng.choice(['aimed', 'open'])}\nmode: part-time\nduration_months: {rng.choice([12, 24, 36, 48])}\nstatus: running\n"
            f"hours:\n" + "".join(f"  {k}: {v}\n" for k, v in hours.items()) +
            f"ects: {rng.choice([30, 60, 90, 120])}\naccredited_by: [{rng.choice(['AFT', 'DGSF', 'EFTA', 'NVRG'])}]\nlanguages: [en]\n"
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
    """The same site with the plain baseline's hook instead of ours (the generated pages are under docs/)."""
    (project / "hooks" / "bench_plain_hooks.py").write_text(PLAIN_HOOKS, encoding="utf-8")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - hooks/step_hooks.py\n" in text, "mkdocs.yml no longer names hooks/step_hooks.py"
    path = project / "mkdocs-plain.yml"
    path.write_text(text.replace("  - hooks/step_hooks.py\n", "  - hooks/bench_plain_hooks.py\n"), encoding="utf-8")
    return path


# --- builds and what is measured on them -----------------------------------------------------------

@dataclass
class Build:
    wall: float
    cpu: float
    maxrss_mb: float
    workers_maxrss_mb: float


def build(config: Path, site: Path, env: dict | None = None) -> Build:
    result = subprocess.run([sys.executable, "-c", BUILD, str(config), str(site)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(config.parent / "hooks"), **(env or {})}, cwd=config.parent)
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    r = json.loads(result.stdout.strip().splitlines()[-1])
    return Build(r["wall"], r["cpu"], r["maxrss_kb"] / 1024, r["workers_maxrss_kb"] / 1024)


def parallel_env() -> dict:
    return {"STEPKB_JOBS": str(cores())}


def differing_files(left: Path, right: Path) -> list[str]:
    files = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted(files ^ others) + [n for n in sorted(files & others) if (left / n).read_bytes() != (right / n).read_bytes()]


def search_folders(site: Path) -> dict[str, Path]:
    """Each language's search index folder (hooks/stepkb/search_index.py), the default language first."""
    found = {("en" if meta.parent.parent == site else meta.parent.parent.name): meta.parent for meta in sorted(site.glob("**/search/stepkb.json"))}
    return {k: found[k] for k in sorted(found, key=lambda lang: (lang != "en", lang))}


def search_sizes(site: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Each language's whole search index: bytes, and bytes gzip-compressed file by file as web servers
    send them (a reader downloads only a few of these files: measure_search measures what)."""
    raw, compressed = {}, {}
    for lang, folder in search_folders(site).items():
        files = [f.read_bytes() for f in folder.rglob("*.json")]
        raw[lang], compressed[lang] = sum(map(len, files)), sum(len(gzip.compress(data, 6)) for data in files)
    return raw, compressed


def kb(sizes: dict[str, int]) -> str:
    return ", ".join(f"{k} {v / 1024:.0f}" for k, v in sizes.items())


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


@dataclass
class Bench:
    work: Path
    sizes: list[int]
    projects: dict[int, Path] = field(default_factory=dict)
    results: dict[int, dict] = field(default_factory=dict)  # per size, filled by measure_sizes

    def project(self, size: int) -> Path:
        if size not in self.projects:
            self.projects[size] = project_copy(self.work / f"size-{size}", size)
        return self.projects[size]


def measure_real_site(bench: Bench) -> None:
    sequential = build(PROJECT / "mkdocs.yml", bench.work / "real-site")
    parallel = build(PROJECT / "mkdocs.yml", bench.work / "real-site-parallel", parallel_env())
    site = bench.work / "real-site"
    pages = len(list(site.rglob("*.html")))
    same = not differing_files(site, bench.work / "real-site-parallel")
    print(f"Real site: {pages} pages in all languages; one language after another {sequential.wall:.1f} s "
          f"(CPU {sequential.cpu:.1f} s, peak memory {sequential.maxrss_mb:.0f} MB); every language at once "
          f"({cores()} processes) {parallel.wall:.1f} s, {'byte-identical' if same else 'DIFFERENT'}   "
          f"target < 60 s: {met(parallel.wall < 60 and same)}")
    raw, compressed = search_sizes(site)
    print(f"  search index per language (KB): {kb(raw)}")
    print(f"  the same, gzip-compressed as served (KB): {kb(compressed)}")
    shutil.rmtree(bench.work / "real-site-parallel")


def measure_sizes(bench: Bench) -> None:
    for size in bench.sizes:
        project = bench.project(size)
        timings_file = bench.work / f"timings-{size}.json"
        site, parallel_site = bench.work / f"site-{size}", bench.work / f"parallel-{size}"
        ours = build(project / "mkdocs.yml", site, {"STEPKB_TIMINGS": str(timings_file)})
        hooks = json.loads(timings_file.read_text(encoding="utf-8"))
        parallel = build(project / "mkdocs.yml", parallel_site, parallel_env())
        different = differing_files(site, parallel_site)
        shutil.rmtree(parallel_site)
        plain = build(plain_config(project), bench.work / f"plain-{size}")
        shutil.rmtree(bench.work / f"plain-{size}")
        pages = list(site.rglob("*.html"))
        largest = max(pages, key=lambda p: p.stat().st_size)
        raw, compressed = search_sizes(site)
        r = bench.results[size] = {
            "pages": len(pages), "wall": ours.wall, "record_page": (site / "institutions/institute-00000/index.html").stat().st_size,
        }
        print(f"\n{size} institutions ({size * 2 + len(COUNTRIES)} records), {len(pages)} pages in all languages:")
        print(f"  one language after another: {ours.wall:.1f} s, {len(pages) / ours.wall:.0f} pages/s, CPU {ours.cpu:.1f} s, "
              f"peak memory {ours.maxrss_mb:.0f} MB")
        print(f"  every language at once ({cores()} processes): {parallel.wall:.1f} s, CPU {parallel.cpu:.1f} s, peak memory "
              f"{parallel.maxrss_mb:.0f} MB (workers {parallel.workers_maxrss_mb:.0f} MB); "
              + ("byte-identical to the sequential build" if not different else f"DIFFERS in {len(different)} files: {different[:5]}")
              + (f"   target < 120 s: {met(parallel.wall < 120 and not different)}" if size == 1000 else ""))
        own = sum(hooks["timings"].values())
        print(f"  our hooks' own CPU time: {own:.2f} s, {100 * own / (ours.cpu - own):.0f}% of the rest of the build (" +
              ", ".join(f"{k} {v:.2f}" for k, v in hooks["timings"].items()) + ")")
        ratio, wall_ratio = ours.cpu / plain.cpu, ours.wall / plain.wall
        print(f"  plain baseline (same pages and file filter, none of our hooks' work): {plain.wall:.1f} s, CPU {plain.cpu:.1f} s; "
              f"ours / plain = {ratio:.2f} in CPU time ({wall_ratio:.2f} in wall time)   target <= 1.10: {met(ratio <= 1.10)}")
        print(f"  largest page: {largest.relative_to(site).as_posix()} ({largest.stat().st_size / 1024:.0f} KB); "
              f"a record page: {r['record_page'] / 1024:.1f} KB")
        print(f"  search index per language (KB): {kb(raw)}")
        print(f"  the same, gzip-compressed as served (KB): {kb(compressed)}")
        if size == max(bench.sizes):
            r["site"] = site  # for measure_search
        else:
            shutil.rmtree(site)


def measure_growth(bench: Bench) -> None:
    by_size = bench.results
    if 250 in by_size and 1000 in by_size:
        ratio = (by_size[1000]["wall"] / by_size[1000]["pages"]) / (by_size[250]["wall"] / by_size[250]["pages"])
        print(f"\nPer-page time at 1,000 / at 250 institutions: {ratio:.2f}   target <= 1.3: {met(ratio <= 1.3)}")
    sizes = sorted(by_size)
    if len(sizes) > 1:
        growth = by_size[sizes[-1]]["record_page"] - by_size[sizes[0]]["record_page"]
        print(f"A record page from {sizes[0]} to {sizes[-1]} institutions grows by {growth} bytes   "
              f"target: constant: {met(abs(growth) < 512)}")


def measure_validation(bench: Bench) -> None:
    from stepkb.labels import site_languages
    from stepkb.validate import read_partners

    project = bench.project(max(bench.sizes))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        collection, problems = read_partners(project / "partners", project, site_languages())
        best = min(best, time.perf_counter() - start)
    assert not problems, problems[:3]
    records = len(collection.countries) + len(collection.institutions) + len(collection.curricula)
    per_thousand = best * 1000 / records
    print(f"Validation: {records} records in {best:.2f} s, {per_thousand:.2f} s per 1,000 records   target < 1 s: {met(per_thousand < 1)}")


def measure_search(bench: Bench) -> None:
    """Search as a reader meets it, per language, in Chromium (tests/bench_search.py), on the largest site:
    the bytes (gzip) downloaded before the first result, the time to it, and the time from the last
    keystroke to the results. Targets (README, "Search"): at most 150 KB before the first result; results
    within 100 ms."""
    from bench_search import measure as measure_browser

    size = max(bench.sizes)
    site = bench.results.get(size, {}).get("site")
    if site is None or not site.exists():
        site = bench.work / f"site-{size}"
        build(bench.project(size) / "mkdocs.yml", site)
    print_search(size, measure_browser(site, "stepkb"))


def print_search(size: int, figures: dict[str, dict]) -> None:
    most = max(f["bytes"] for f in figures.values())
    slowest = max(f["max_ms"] for f in figures.values())
    print(f"\nSearch at {size} institutions, in Chromium (KB gzip before the first result / ms to it / ms from the last "
          f"keystroke to the results once loaded, median-slowest / slowest when the words' files are still to fetch):")
    print("  " + ", ".join(f"{k} {v['bytes'] / 1024:.0f}/{v['first_ms']:.0f}/{v['median_ms']:.0f}-{v['max_ms']:.0f}/{v['cold_max_ms']:.0f}"
                           for k, v in figures.items()))
    print(f"  most downloaded before the first result: {most / 1024:.0f} KB   target <= 150 KB: {'met' if most <= 150 * 1024 else 'MISSED'}")
    print(f"  slowest results after the last keystroke: {slowest:.0f} ms   target <= 100 ms: {'met' if slowest <= 100 else 'MISSED'}")


def measure_preview(bench: Bench) -> None:
    preview_report(bench.work)


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


MEASUREMENTS = {
    "real_site": measure_real_site,
    "sizes": measure_sizes,
    "growth": measure_growth,
    "validation": measure_validation,
    "search": measure_search,
    "preview": measure_preview,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 250, 1000], help="numbers of institutions")
    parser.add_argument("--only", nargs="+", choices=list(MEASUREMENTS), default=list(MEASUREMENTS), help="measurements to run")
    args = parser.parse_args()
    print(f"{cores()} cores; load average {os.getloadavg()[0]:.1f} at the start (other work slows the wall times)")
    with tempfile.TemporaryDirectory(prefix="stepkb-bench-") as tmp:
        bench = Bench(Path(tmp), args.sizes)
        for name in args.only:
            MEASUREMENTS[name](bench)
    return 0


if __name__ == "__main__":
    sys.exit(main())
