"""Lighthouse (mobile) scores of the main page types: `make lighthouse`.

Builds the site for the address it serves it at (so canonical and hreflang links point at the same
host, as once published), serves it on a free local port, runs Lighthouse 12 (tests/node_modules, pinned
in tests/package.json) with Debian's Chromium on each page, and prints one row of scores per page.
Exits non-zero when accessibility, best practices or SEO is below 95 on any page.

    python tests/lighthouse.py [--lang de] [--keep DIR]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = PROJECT / "tests" / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "",
    "record page": "programmes/sysoma/",
    "compare": "compare/",
    "country": "countries/gb/",
    "glossary": "glossary/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
REQUIRED = {"accessibility": 95, "best-practices": 95, "seo": 95}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chromium() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit("Chromium is not installed: `make browser` installs it from Debian's packages")
    return path


def run(url: str, out: Path, chrome: str) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={flags}"],
        check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [a["id"] for a in report["audits"].values() if a.get("score") is not None and a["score"] < 1
               and a.get("scoreDisplayMode") == "binary"]
    return {"scores": scores, "failing": failing}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", help="the language whose pages to score (default en)")
    parser.add_argument("--keep", type=Path, help="keep the built site and the reports in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: `make node-tools` installs it (npm ci in tests/)")
    chrome = chromium()
    work = args.keep or Path(tempfile.mkdtemp(prefix="stepkb-lighthouse-"))
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/"
    site = work / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=PROJECT, env={**os.environ, "SITE_URL": site_url}, capture_output=True, text=True,
    )
    if build.returncode:
        sys.exit(build.stdout + build.stderr)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = site_url + ("" if args.lang == "en" else args.lang + "/")
    low = []
    try:
        print(f"Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}, "
              f"mobile, {args.lang}, {site_url}")
        print(f"| page | {' | '.join(CATEGORIES)} |")
        print("| --- |" + " --- |" * len(CATEGORIES))
        for name, path in PAGES.items():
            result = run(root + path, work / f"{name.replace(' ', '-')}.json", chrome)
            s = result["scores"]
            print(f"| {name} (/{path}) | " + " | ".join(str(s[c]) for c in CATEGORIES) + " |")
            for category, minimum in REQUIRED.items():
                if s[category] < minimum:
                    low.append(f"{name}: {category} {s[category]} < {minimum}; failing audits: {', '.join(result['failing'])}")
    finally:
        server.shutdown()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    for line in low:
        print(line, file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
