# Two commands from a fresh clone: `make demo` and `make test`. Each builds .venv on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps, both named after pyproject.toml's checksum: the review's own install (the package
# and its runtime dependencies, what `make demo` needs) and the dev one on top of it (the test,
# lint and benchmark tools and the [embed] extra, for `make test`). `make test` after `make
# demo` adds only what is missing; `make demo` after `make test` installs nothing.
# The review's install skips pip's byte-compiling of every file of every package (a fifth of its
# CPU time, numpy's tests and pygments' lexers included): Python compiles what the app imports,
# once, on its first start.
SUM := $(shell cksum < pyproject.toml | cut -d' ' -f1)
STAMP := $(VENV)/.installed-run-$(SUM)
DEV_STAMP := $(VENV)/.installed-dev-$(SUM)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check $(PIPFLAGS)
ARTICLE := corpora/kazakhstan-2022

.PHONY: demo test lint format bench venv system-tools clean

venv: $(DEV_STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sverka needs Python 3.11 or newer; found " + sys.version.split()[0] + " (set PYTHON=python3.x)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@rm -f $(VENV)/.installed-*
	$(PIP) --no-compile -e .
	@touch $@

$(DEV_STAMP): $(STAMP)
	$(PIP) -e '.[dev,embed]'
	@touch $@

# gettext's msgfmt and tmux are used by the tests; install them from the system's packages when missing.
system-tools:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v tmux >/dev/null || missing="$$missing tmux"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# The review app on the bundled article, with both bundled glossaries (the article's own and
# the MT pitfalls list, used by default). The review file is kept beside the article
# (en.review.po, not in git): run it again and the work is where you left it.
demo: $(STAMP)
	$(BIN)/sverka review $(ARTICLE)/ru.txt $(ARTICLE)/en.txt -g kazakhstan-2022

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(DEV_STAMP) system-tools lint
	$(BIN)/python -m pytest -n auto -q

bench: $(DEV_STAMP)
	$(BIN)/python bench/align/run.py
	$(BIN)/python bench/checks/run.py
	$(BIN)/python bench/score/run.py
	$(BIN)/python bench/po/run.py
	$(BIN)/python bench/tui/run.py
	$(BIN)/python bench/reliability/run.py
	$(BIN)/python bench/reliability/adversarial.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench/out
