"""Small site files and build settings, without a build: robots.txt, the per-page sitemaps and the
root's sitemap index, the parallel build's number of processes, what the preview watches."""
from __future__ import annotations

from stepkb import parallel_build, preview, sitefiles

SITE = "https://example.org/step/"
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url>
         <loc>https://example.org/step/</loc>
         <lastmod>2026-10-01</lastmod>
    </url>
    <url>
         <loc>https://example.org/step/programmes/sysoma/</loc>
         <lastmod>2026-11-02</lastmod>
         <xhtml:link rel="alternate" hreflang="en" href="https://example.org/step/programmes/sysoma/"/>
         <xhtml:link rel="alternate" hreflang="de" href="https://example.org/step/de/programmes/sysoma/"/>
    </url>
    <url>
         <loc>https://example.org/step/about/</loc>
         <lastmod>2026-09-15</lastmod>
    </url>
</urlset>
"""


def test_robots_allows_everything_and_names_the_sitemap():
    assert sitefiles.robots_txt(SITE) == "User-agent: *\nAllow: /\nSitemap: https://example.org/step/sitemap.xml\n"
    assert sitefiles.robots_txt("") == "User-agent: *\nAllow: /\n"


def test_each_page_gets_its_own_sitemap_in_each_language():
    pages = sitefiles.page_sitemaps(SITEMAP, SITE)
    assert sorted(pages) == ["about/", "de/programmes/sysoma/", "programmes/sysoma/"]  # the root keeps the whole one
    german = pages["de/programmes/sysoma/"]
    assert german.count("<url>") == 1 and "<loc>https://example.org/step/de/programmes/sysoma/</loc>" in german
    assert "<lastmod>2026-11-02</lastmod>" in german and 'hreflang="en"' in german
    assert "<loc>https://example.org/step/programmes/sysoma/</loc>" in pages["programmes/sysoma/"]
    assert "<loc>https://example.org/step/programmes/sysoma/</loc>" not in german


def test_the_sitemap_index_is_dated_by_the_latest_page():
    assert sitefiles.sitemap_index(SITEMAP, SITE) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "    <sitemap><loc>https://example.org/step/sitemap-pages.xml</loc><lastmod>2026-11-02</lastmod></sitemap>\n</sitemapindex>\n")


def test_the_parallel_build_runs_as_many_processes_as_asked():
    assert parallel_build.requested_jobs({"STEPKB_JOBS": "auto"}) == parallel_build.available_cores() >= 1
    assert parallel_build.requested_jobs({"STEPKB_JOBS": "3"}) == 3
    assert parallel_build.requested_jobs({"STEPKB_JOBS": ""}) == 0  # not asked: one language after another
    assert parallel_build.requested_jobs({}) == 0
    assert parallel_build.requested_jobs({"STEPKB_JOBS": "many"}) == 0


def test_the_preview_watches_hand_written_folders_and_not_generated_ones(tmp_path):
    for folder in ("en/about", "en/programmes", "en/institutions", "de/about", "de/programmes", "en/.cache", "assets"):
        (tmp_path / folder).mkdir(parents=True)
    watched = [(str(path.relative_to(tmp_path)), recursive) for path, recursive in preview.watch_paths(tmp_path, ("programmes", "institutions"))]
    assert watched == [(".", False), ("assets", False), ("de", False), ("de/about", True), ("en", False), ("en/about", True)]
