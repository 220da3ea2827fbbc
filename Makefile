# The two commands of the README: `make run` and `make test`. Both set up .venv/ first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast test-sqlite lint catalogs bench detector detector-report wording wording-report

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The compiled message catalogs (bot/locales/<lang>/LC_MESSAGES/messages.mo): built here, never fetched at run time.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard bot/locales/*/LC_MESSAGES/messages.po))
%.mo: %.po $(VENV)/.installed
	@$(VENV)/bin/pybabel compile --statistics -i $< -o $@ 2>&1 | grep -v '^compiling' || true

run: $(VENV)/.installed $(MO_FILES)
	$(PY) app.py

# Lint and type-check, then the whole suite on SQLite and on a throwaway PostgreSQL server.
test: lint $(MO_FILES)
	tests/with_postgres.sh $(PY) -m pytest $(PYTEST_ARGS)

# ruff and mypy, configured in pyproject.toml: clean on bot/ and tests/, or the tests do not run.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check bot tests bench app.py migrations
	$(VENV)/bin/mypy

# While you work: everything but the fault and kill matrices and the PostgreSQL half (markers in pyproject.toml).
test-fast: lint $(MO_FILES)
	$(PY) -m pytest -m "not matrix and not postgres" $(PYTEST_ARGS)

# Without PostgreSQL: the PostgreSQL half is skipped.
test-sqlite: $(VENV)/.installed $(MO_FILES)
	$(PY) -m pytest $(PYTEST_ARGS)

# Retrain the intro detector from tests/domain/corpus/ (writes bot/domain/detection/weights.json) ...
detector: $(VENV)/.installed
	$(PY) -m bot.train_detector

# ... and measure it on writers it never saw (writes docs/detection.md).
detector-report: $(VENV)/.installed
	$(PY) -m bot.train_detector --report

# Retrain the wording check from tests/domain/wording_corpus/ (writes bot/domain/wording_weights.json) ...
wording: $(VENV)/.installed
	$(PY) -m bot.train_wording

# ... and measure it on writers it never saw (writes docs/wording.md).
wording-report: $(VENV)/.installed
	$(PY) -m bot.train_wording --report

# After adding or changing user-facing text: gather every _() string into messages.pot and merge it into each
# language's catalog, whose translator then fills the new entries (see docs/languages.md).
catalogs: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _n:1,2 --add-comments=Translators: --sort-by-file \
		--project="Intro Etiquette" -w 120 -o bot/locales/messages.pot bot
	$(VENV)/bin/pybabel -q update -i bot/locales/messages.pot -d bot/locales -D messages --no-fuzzy-matching --ignore-obsolete -w 120
