# STEP knowledge base: the README's commands.
#   make serve   install into .venv, build and serve on http://127.0.0.1:8000
#   make test    install what the tests need (a browser too) and run them all
#   make check   validate partners/ only, no site build (FORMAT=github for annotations)
#   make build   build the whole site into site/, every language at once (one process per core)
#   make lighthouse  Lighthouse (mobile) scores of the main page types
#   make mutants plant realistic bugs one at a time and check that a test catches each

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
ADDR   ?= 127.0.0.1:8000
# Pins are read from pyproject.toml, so the file the Makefile installs from is the one people edit.
PINS    = $(PY) -c 'import sys,tomllib;p=tomllib.load(open("pyproject.toml","rb"))["project"];print("\n".join(p["dependencies"]+(p["optional-dependencies"]["test"] if "test" in sys.argv else [])))'

.PHONY: install install-test serve serve-all bench build check test mutants browser node-tools clean new-institution new-programme generate lighthouse

$(VENV)/.site-installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PINS) > $(VENV)/site-requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/site-requirements.txt
	@touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed
	$(PINS) test > $(VENV)/test-requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/test-requirements.txt
	@touch $@

install: $(VENV)/.site-installed
install-test: $(VENV)/.test-installed browser node-tools

# axe-core and the W3C Nu HTML checker (vnu.jar, run with Java) for the accessibility and HTML tests
node-tools: tests/node_modules/.installed
tests/node_modules/.installed: tests/package.json tests/package-lock.json
	@command -v java >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }
	cd tests && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# Debian's Chromium and its headless shell (the same engine without the desktop browser: the tests'
# page walks take a third less CPU in it): Playwright's own browser download cannot reach its servers
# here. Where another browser is wanted (CI on Ubuntu, whose chromium package is only a snap stub),
# STEPKB_CHROMIUM names it. The headless shell is optional (sudo -n: never a password prompt); without
# it the tests drive Chromium itself.
browser:
	@if [ -n "$$STEPKB_CHROMIUM" ]; then \
	  command -v "$$STEPKB_CHROMIUM" >/dev/null || { echo "STEPKB_CHROMIUM=$$STEPKB_CHROMIUM is not a browser"; exit 1; }; \
	else SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  command -v chromium >/dev/null 2>&1 || { \
	    echo "Installing Chromium from Debian's packages"; \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; } || exit 1; \
	  OPTIONAL=$${SUDO:+sudo -n}; \
	  command -v chromium-headless-shell >/dev/null 2>&1 || { \
	    echo "Installing Chromium's headless shell from Debian's packages"; \
	    { apt-cache show chromium-headless-shell >/dev/null 2>&1 || $$OPTIONAL apt-get update -qq; } && \
	    $$OPTIONAL apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 || \
	    echo "No chromium-headless-shell package here: the tests drive Chromium itself"; }; fi

# make prints "make: *** [Makefile:NN: check] Error 1" under a failing recipe, which reads like a crash to an
# editor who has just been told what to fix. These targets end make quietly instead: the exit status is still
# non-zero (141), so CI and pre-commit fail as they should.
QUIETLY = || kill -PIPE $$PPID

# make check                  every problem as file:line:column: field: message, then a count
# make check FORMAT=github    the same as GitHub Actions annotations (shown on the pull request's lines)
check: install
	@PYTHONPATH=hooks $(PY) -m stepkb.cli --project "$(CURDIR)" check $(if $(FORMAT),--format "$(FORMAT)") $(QUIETLY)

# make new-institution COUNTRY=at SLUG=my-institute NAME="Mein Institut" [KIND=training-institute]
# make new-programme COUNTRY=at INSTITUTION=my-institute SLUG=systemic-foundation TITLE="Systemische Grundausbildung"
# The values reach the command through the environment (make exports command-line variables), so that
# quotes or other signs in a name need no escaping.
new-institution: install
	@PYTHONPATH=hooks $(PY) -m stepkb.cli --project "$(CURDIR)" new-institution --country "$$COUNTRY" --slug "$$SLUG" --name "$$NAME" --kind "$$KIND" $(QUIETLY)

new-programme: install
	@PYTHONPATH=hooks $(PY) -m stepkb.cli --project "$(CURDIR)" new-programme --country "$$COUNTRY" --institution "$$INSTITUTION" --slug "$$SLUG" --title "$$TITLE" $(QUIETLY)

# The files made from the schemas: the field reference (hooks/stepkb/schema/README.md) and the issue forms
# (.github/ISSUE_TEMPLATE/). Run it after changing a schema, and commit what it writes.
generate: install
	@PYTHONPATH=hooks $(PY) -m stepkb.cli --project "$(CURDIR)" generate

# Every language at once, one process per core (hooks/stepkb/parallel_build.py): the same site, byte for
# byte, as `mkdocs build --strict`, which builds one language after another. JOBS=1 builds them in turn.
ALL_LANGUAGES = PYTHONPATH=hooks $(PY) -m stepkb.parallel_build
build: install
	$(ALL_LANGUAGES) build --strict $(if $(JOBS),--jobs $(JOBS))

# One language by default, for a fast edit loop: make serve SITE_LANG=de previews German.
# --dirty: a save renders only the pages whose Markdown changed (hooks/stepkb/preview.py says how the rest
# stays right); --no-strict: a warning is printed, and does not stop the preview.
SITE_LANG ?= en
serve: install
	BUILD_ONLY_LOCALE=$(SITE_LANG) $(VENV)/bin/mkdocs serve --livereload --dirty --no-strict --dev-addr $(ADDR)

# Every language, as published, built at once as by make build (slower than one language).
serve-all: install
	$(ALL_LANGUAGES) serve --livereload --dev-addr $(ADDR) $(if $(JOBS),--jobs $(JOBS))

bench: install
	$(PY) tests/bench.py $(if $(SIZES),--sizes $(SIZES)) $(if $(ONLY),--only $(ONLY))

# Lighthouse (mobile) scores of the main page types; LANG=de scores the German pages.
lighthouse: install browser node-tools
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) tests/lighthouse.py $(if $(LANG_SCORED),--lang $(LANG_SCORED))

# One test process per core (pytest-xdist; TEST_JOBS=0 runs them in this process), the slowest listed.
TEST_JOBS ?= auto
test: install-test
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadgroup --durations=15

# The mutation check (tests/mutants.py): each realistic bug listed in tests/mutants.yml is planted alone and
# only the tests mapped to it run; it reports the mutants killed and survived. MUTANTS="id id" runs those.
mutants: install-test
	$(PY) tests/mutants.py $(MUTANTS)

clean:
	rm -rf site docs/*/institutions docs/*/programmes docs/*/countries
