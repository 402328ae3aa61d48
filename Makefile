# chaingraph — the two quick-start commands of the README, and the pieces CI calls.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# the tests that need no browser, server, notebook kernel or system package (make test-fast)
FAST   := not browser and not servers and not notebooks and not system

.PHONY: demo test test-fast lint system-deps dev venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

## demo: install chaingraph and run the gap analysis on the bundled Qijiang data
demo: venv
	$(BIN)/python -m pip install --quiet .
	$(BIN)/chaingraph validate
	$(BIN)/chaingraph info
	$(BIN)/chaingraph gaps --region 綦江区

## dev: install chaingraph in editable mode with its test extras (ruff, mypy, pytest, the browser driver…)
dev: venv
	$(BIN)/python -m pip install --quiet -e '.[test]'

## system-deps: the Debian packages the whole suite needs (chromium, CJK fonts, poppler, a GBK locale, Virtuoso)
system-deps:
	.ci/system-deps

## test: everything the suite needs, the linters (ruff, mypy) and the whole test suite
test: system-deps dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

## test-fast: the inner loop — ruff and the tests that need no browser, server, notebook kernel or system package
test-fast: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -m "$(FAST)"

## lint: ruff and mypy
lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache test-artifacts
