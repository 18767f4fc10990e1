"""An editor's round trip on a scratch copy of the project: scaffold, build, and a build that refuses."""
from __future__ import annotations

import re
import subprocess
import sys

from bs4 import BeautifulSoup

from conftest import PROJECT, copy_project, run_build
from stepkb.labels import Labels


def test_build_aborts_on_a_bad_record_and_publishes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    record = project / "partners/at/asys/institution.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("kind: association", "kind: club").replace("website:", "webiste:"), encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "partners/at/asys/institution.yml:9:1: webiste: is not a field of this record; did you mean 'website'?" in output
    assert "partners/at/asys/institution.yml:6:7: kind: 'club' is not valid here; expected one of association" in output
    assert "The records have 2 problems in 1 file; nothing was built." in output
    assert "Traceback" not in output
    assert not site.exists() or not any(site.iterdir())


# Three languages, one in another script: that every record has a page in all eleven is checked on the
# shared site (test_site_pages.py); this build shows that a new record reaches each kind of page.
BUILT = ["en", "de", "el"]


def test_new_institution_from_the_scaffold_appears_everywhere(tmp_path):
    project = copy_project(tmp_path / "project", languages=BUILT)

    def stepkb(*args):
        result = subprocess.run([sys.executable, "-m", "stepkb.cli", "--project", str(project), *args],
                                capture_output=True, text=True, cwd=PROJECT / "hooks")
        assert result.returncode == 0, result.stdout
        return result.stdout

    # Serbia: a country without a record yet (every EU and EEA country has one), so the scaffold writes it too.
    out = stepkb("new-institution", "--country", "rs", "--slug", "beograd-porodicna-terapija", "--name", "Institut za porodičnu terapiju Beograd",
                 "--kind", "training-institute")
    assert out.startswith("Wrote partners/rs/beograd-porodicna-terapija/institution.yml: the institution, with 2 placeholders to replace.\n"
                          "Wrote partners/rs/country.yml: Serbia had no country record yet: this is one, with 2 placeholders to replace.\n"), out
    out = stepkb("new-programme", "--country", "rs", "--institution", "beograd-porodicna-terapija", "--slug", "osnovni-kurs-porodicne-terapije",
                 "--title", "Osnovni kurs porodične terapije")
    assert out.startswith("Wrote partners/rs/beograd-porodicna-terapija/curricula/osnovni-kurs-porodicne-terapije.yml: the programme, with 3 placeholders"), out
    # ... filled in as an editor would: every placeholder replaced
    for path in (project / "partners/rs").rglob("*.yml"):
        text = path.read_text(encoding="utf-8").replace('"To be written: one of continuing, practitioner, psychotherapist, supervisor"', "practitioner")
        path.write_text(re.sub(r"To be written: [^\n\"]*", "Written from the sources.", text), encoding="utf-8")
    assert stepkb("check") == "All records are valid: 33 countries, 87 institutions, 97 programmes, 12 benchmarks, 2260 translations.\n"
    site = tmp_path / "site"
    build = run_build(project, site)
    assert build.returncode == 0, build.stdout + build.stderr
    for lang in BUILT:
        root = site if lang == "en" else site / lang
        assert (root / "institutions/beograd-porodicna-terapija/index.html").is_file(), lang
        assert (root / "countries/rs/index.html").is_file(), lang
        for index in ("institutions", "countries"):
            doc = BeautifulSoup((root / index / "index.html").read_text(encoding="utf-8"), "html.parser")
            hrefs = [a["href"] for a in doc.select("article a[href]")]
            target = "beograd-porodicna-terapija/" if index == "institutions" else "rs/"
            assert any(h.endswith(target) for h in hrefs), (lang, index)
        compare = BeautifulSoup((root / "compare/index.html").read_text(encoding="utf-8"), "html.parser")
        assert compare.select_one("tr#programme-osnovni-kurs-porodicne-terapije") is not None, lang
        country = BeautifulSoup((root / "countries/rs/index.html").read_text(encoding="utf-8"), "html.parser")
        assert any(a["href"].endswith("osnovni-kurs-porodicne-terapije/") for a in country.select("article a[href]")), lang
        home = BeautifulSoup((root / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert home.select_one('svg a[data-code="RS"]') is not None, lang  # the map shades Serbia now
    data = (site / "data/stepkb.json").read_text(encoding="utf-8")
    assert '"osnovni-kurs-porodicne-terapije"' in data and '"beograd-porodicna-terapija"' in data
    assert "osnovni-kurs-porodicne-terapije" in (site / "data/programmes.csv").read_text(encoding="utf-8")
    # Nothing is translated yet: German readers get the English text, marked and with a German notice.
    page = BeautifulSoup((site / "de/institutions/beograd-porodicna-terapija/index.html").read_text(encoding="utf-8"), "html.parser")
    fallback = page.select_one(".stepkb-summary.stepkb-fallback")
    assert fallback is not None and fallback["lang"] == "en"
    notice = fallback.select_one(".stepkb-fallback__notice")
    assert notice["lang"] == "de" and notice.get_text(strip=True) == Labels("de")("fallback.notice")
    assert "Written from the sources." in fallback.get_text()
