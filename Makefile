# STEP knowledge base: the README's commands.
#   make serve   install into .venv, build and serve on http://127.0.0.1:8000
#   make test    install what the tests need (a browser too) and run them all
#   make check   validate partners/ only, no site build
#   make build   build the whole site into site/, every language at once (one process per core)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
ADDR   ?= 127.0.0.1:8000
# Pins are read from pyproject.toml, so the file the Makefile installs from is the one people edit.
PINS    = $(PY) -c 'import sys,tomllib;p=tomllib.load(open("pyproject.toml","rb"))["project"];print("\n".join(p["dependencies"]+(p["optional-dependencies"]["test"] if "test" in sys.argv else [])))'

.PHONY: install install-test serve serve-all bench build check test browser node-tools clean new-institution

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

# Debian's Chromium: Playwright's own browser download cannot reach its servers here. Where another
# browser is wanted (CI on Ubuntu, whose chromium package is only a snap stub), STEPKB_CHROMIUM names it.
browser:
	@if [ -n "$$STEPKB_CHROMIUM" ]; then \
	  command -v "$$STEPKB_CHROMIUM" >/dev/null || { echo "STEPKB_CHROMIUM=$$STEPKB_CHROMIUM is not a browser"; exit 1; }; \
	else command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }; fi

check: install
	PYTHONPATH=hooks $(PY) -m stepkb.cli check

# make new-institution COUNTRY=at SLUG=my-institute NAME="Mein Institut" KIND=training-institute
new-institution: install
	PYTHONPATH=hooks $(PY) -m stepkb.cli new-institution --country "$(COUNTRY)" --slug "$(SLUG)" --name "$(NAME)" $(if $(KIND),--kind "$(KIND)")

# Every language at once, one process per core (hooks/stepkb/parallel_build.py): the same site, byte for
# byte, as `mkdocs build --strict`, which builds one language after another. JOBS=1 builds them in turn.
ALL_LANGUAGES = PYTHONPATH=hooks $(PY) -m stepkb.parallel_build
build: install
	$(ALL_LANGUAGES) build --strict $(if $(JOBS),--jobs $(JOBS))

# One language by default, for a fast edit loop: make serve SITE_LANG=de previews German.
SITE_LANG ?= en
serve: install
	BUILD_ONLY_LOCALE=$(SITE_LANG) $(VENV)/bin/mkdocs serve --livereload --dev-addr $(ADDR)

# Every language, as published, built at once as by make build (slower than one language).
serve-all: install
	$(ALL_LANGUAGES) serve --livereload --dev-addr $(ADDR) $(if $(JOBS),--jobs $(JOBS))

bench: install
	$(PY) tests/bench.py $(if $(SIZES),--sizes $(SIZES)) $(if $(ONLY),--only $(ONLY))

# One test process per core (pytest-xdist; TEST_JOBS=0 runs them in this process), the slowest listed.
TEST_JOBS ?= auto
test: install-test
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadgroup --durations=15

clean:
	rm -rf site docs/*/institutions docs/*/programmes docs/*/countries
