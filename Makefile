# ogi-warehouse: every target sets itself up; `make run` and `make test` work on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: install run test lint ui bench dictionary clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install  ## ingest the bundled sample reports into data/warehouse/ and print the summary
	$(BIN)/ogi ingest data/raw

test: install  ## lint, then the whole test suite (installs Debian's chromium and LibreOffice Writer when missing)
	bash tests/setup/ensure_debian.sh chromium chromium fonts-noto-cjk
	bash tests/setup/ensure_debian.sh soffice libreoffice-writer-nogui
	$(BIN)/ruff check pipeline bench tests scripts
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check pipeline bench tests scripts

ui: install  ## the Dagster UI (data-quality dashboard) on http://127.0.0.1:3000
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

bench: install  ## parse, load and check throughput on a generated corpus and the real corpus, against the floors
	bash tests/setup/ensure_debian.sh pdftotext poppler-utils
	bash tests/setup/ensure_debian.sh soffice libreoffice-writer-nogui
	$(BIN)/python -m bench

dictionary: install  ## regenerate docs/data_dictionary.md from the warehouse COMMENTs
	$(BIN)/ogi dictionary -o docs/data_dictionary.md --readme README.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
