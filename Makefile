# Two commands for a newcomer: `make reports` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
# One stamp per Python version: a .venv made with another Python is recreated, not reused.
STAMP := $(VENV)/.installed-py$(PY_VERSION)
SUPPORTED_PYTHONS := 3.11 3.12 3.13
JOBS ?= 2
CORPUS ?= seeds

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	@if [ -z "$(filter $(PY_VERSION),$(SUPPORTED_PYTHONS))" ]; then \
		echo "$(PYTHON) is Python $(or $(PY_VERSION),(not found)); this project needs one of $(SUPPORTED_PYTHONS): make PYTHON=python3.12 ..." >&2; exit 1; fi
	@if [ -x $(BIN)/python ]; then \
		have=$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
		if [ "$$have" != "$(PY_VERSION)" ]; then \
			echo "$(VENV) was made with Python $${have:-(broken)}, but $(PYTHON) is Python $(PY_VERSION): recreating $(VENV)"; \
			rm -rf $(VENV); fi; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

.PHONY: help venv build reports report notebooks test test-fast lab bench params clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-12s %s\n", $$1, $$2}'

venv: $(STAMP) ## create .venv and install the project with its dev tools

build: $(STAMP) ## build the tables of CORPUS (default seeds/) into data/processed*/
	$(BIN)/python -m analysis build --corpus "$(CORPUS)"

reports: $(STAMP) ## every notebook report for CORPUS (default seeds/): make reports CORPUS=path JOBS=2 -> reports/<corpus>/index.html
	$(BIN)/python -m analysis reports --corpus "$(CORPUS)" --jobs $(JOBS)

report: $(STAMP) ## run one report: make report NB=10-profile-province PARAMS="province=Thanh Hóa" [CORPUS=path]
	$(BIN)/python -m analysis report "$(NB)" --params "$(PARAMS)" $(if $(filter command line environment,$(origin CORPUS)),--corpus "$(CORPUS)",)

params: $(STAMP) ## show the parameters a notebook takes: make params NB=10-profile-province
	$(BIN)/python -m analysis params "$(NB)"

notebooks: $(STAMP) ## re-execute the committed notebooks in place (their outputs are nbval's reference)
	$(BIN)/python -m analysis build
	$(BIN)/python -m analysis notebooks

test: $(STAMP) ## run the whole test suite, nbval on the committed notebooks included
	$(BIN)/python -m analysis build
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope --doctest-modules tests analysis
	$(BIN)/python -m pytest -p no:xdist --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg notebooks

test-fast: $(STAMP) ## unit tests only (no notebooks)
	$(BIN)/python -m pytest -p no:nbval -n $(JOBS) tests

lab: $(STAMP) ## open JupyterLab at the project root (notebooks, reports, figures, seeds); works as root in a container
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)

bench: $(STAMP) ## corpus-build benchmark (prints numbers)
	$(BIN)/python -m analysis bench

clean: ## remove generated tables (of every corpus) and reports (keeps .venv and the cache)
	rm -rf data/processed data/processed-* reports
