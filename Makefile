# storydesk: `make run` to use it, `make test` to check it. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-deps clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(VENV)/bin/storydesk run

# What the tests need from Debian (fonts to draw signs on test photos, …), installed when missing.
test-deps:
	@bash scripts/system-deps.sh

test: install test-deps
	@bash scripts/test.sh

clean:
	rm -rf $(VENV) var *.egg-info
