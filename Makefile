# storydesk: `make run` to use it, `make test` to check it. Both set everything up first.
# `make check` is the everyday loop: lint, then the suite on SQLite on every core, without the slow tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
BROWSER_TESTS := tests/browser
AXE_STAMP := $(BROWSER_TESTS)/node_modules/.package-lock.json
# The browser tests drive Debian's Chromium (scripts/system-deps.sh): nothing here may fetch a browser build.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Test processes in parallel (pytest-xdist); e.g. `make check JOBS=4`. ARGS go to pytest as they are.
JOBS ?= auto
ARGS ?=

.PHONY: install run test check test-deps system-deps clean

# The translations are compiled (storydesk/catalogues.py) whenever a catalogue changed.
install: $(STAMP)
	@$(PY) -m storydesk.catalogues

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(VENV)/bin/storydesk run

# What the tests need: Debian's packages (fonts to draw signs on test photos, Chromium, Node.js, …) when
# missing, then axe-core for the accessibility tests, as tests/browser/package-lock.json pins it.
test-deps: system-deps $(AXE_STAMP)

system-deps:
	@bash scripts/system-deps.sh

# npm ci keeps its own copy of the lock in node_modules: missing, or older than the lock, means install again.
$(AXE_STAMP): $(BROWSER_TESTS)/package-lock.json | system-deps
	cd $(BROWSER_TESTS) && npm ci --ignore-scripts --no-audit --no-fund

test: install test-deps
	@JOBS=$(JOBS) bash scripts/test.sh

check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -n $(JOBS) --dist worksteal -m "not slow" $(ARGS)

clean:
	rm -rf $(VENV) var *.egg-info $(BROWSER_TESTS)/node_modules
