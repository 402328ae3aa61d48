# chaingraph — the two quick-start commands of the README, and the pieces CI calls.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint venv clean

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

## test: install chaingraph with its test extras and run the linter and the whole test suite
test: venv
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache test-artifacts
