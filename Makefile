# caseflow — the two commands of the README are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app caseflow
TRANSLATIONS := caseflow/translations

.PHONY: run test lint translations extract-messages clean bench bench-one bench-import lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgres]'
	$(FLASK) privacy warm  # deduce builds its lookup cache once (~1.5 min), not in a request
	touch $@

$(VENV)/.installed-dev: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	$(FLASK) privacy warm  # deduce builds its lookup cache once (~1.5 min), not in a request
	touch $@ $(VENV)/.installed-run

translations: $(VENV)/.installed-run
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS)

## run: install, upgrade the SQLite database, load the demo region once, serve on 127.0.0.1:5000
run: $(VENV)/.installed-run translations
	$(FLASK) db upgrade
	$(FLASK) demo --on-first-run
	$(FLASK) jobs run-daily  # the day's signals and reminders, so the demo is current
	@echo; cat instance/demo-accounts.txt 2>/dev/null || echo "(geen demo-accounts: de database bevatte al gegevens)"; echo
	@echo "Voorzitter en beheerder stellen bij hun eerste login tweestapsverificatie in (authenticator-app)."; echo
	$(FLASK) run --host 127.0.0.1 --port 5000

## test: lint, then the whole suite on SQLite and (when reachable) PostgreSQL, with a summary
test: $(VENV)/.installed-dev translations
	$(BIN)/ruff check caseflow tests migrations wsgi.py
	$(BIN)/bandit -q -c pyproject.toml -r caseflow
	$(BIN)/python -m tests.audit_dependencies
	$(BIN)/python -m tests.run_all

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check caseflow tests migrations wsgi.py

## extract-messages: refresh the English catalogue after changing UI text
extract-messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k NP_:1,2 -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching

## lock: pin the runtime dependencies with hashes into requirements.lock (needs PyPI; uv in a
## throwaway virtualenv). Run after changing install_requires; tests/test_lock_file.py checks it.
lock:
	$(PYTHON) -m venv /tmp/caseflow-lock-venv
	/tmp/caseflow-lock-venv/bin/pip install --quiet uv
	/tmp/caseflow-lock-venv/bin/uv pip compile setup.cfg --extra postgres --generate-hashes \
		--python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

## bench: the region at 5,000 and at 50,000 cases (5 million access-log rows) on PostgreSQL
## (BENCH_DATABASE_URL), every page under wrk through gunicorn, bulk jobs and writes; results in
## bench/results/<date>-<cases>.json and the growth table; see bench/README.md. Not in make test.
## One size only: make bench-one BENCH_CASES=5000 [BENCH_ARGS="--reuse --duration 8"]
BENCH_CASES ?= 5000
BENCH_DAY = $(shell date -u +%F)
bench: $(VENV)/.installed-dev translations
	$(BIN)/python bench/run.py --cases 5000 $(BENCH_ARGS)
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_bench}50k \
		$(BIN)/python bench/run.py --cases 50000 --reads-per-case 100 $(BENCH_ARGS)
	$(BIN)/python bench/compare.py bench/results/$(BENCH_DAY)-5000.json \
		bench/results/$(BENCH_DAY)-50000.json | tee bench/results/$(BENCH_DAY)-growth.md

bench-one: $(VENV)/.installed-dev translations
	$(BIN)/python bench/run.py --cases $(BENCH_CASES) $(BENCH_ARGS)

## bench-import: flask cases import of a 10,000-case file (streamed): time and peak memory of the
## importing process, on SQLite (BENCH_IMPORT_ARGS="--database postgresql+psycopg://..." for PG).
bench-import: $(VENV)/.installed-dev translations
	PYTHONPATH=. $(BIN)/python bench/import_memory.py --cases 10000 $(BENCH_IMPORT_ARGS)
