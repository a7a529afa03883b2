# Two commands on a fresh machine: `make run` (the product on its embedded defaults) and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run test lint bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

run: install
	mkdir -p var/mail/inbox var/mail/sent
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/agreement.py
	$(BIN)/python bench/ask.py
	$(BIN)/python bench/cases.py
	$(BIN)/python bench/mail.py
	$(BIN)/python bench/chat.py
