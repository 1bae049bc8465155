# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint neo4j-start neo4j-stop screenshot bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: the main job: the web app on the embedded store, with the demo account loaded
run: install
	$(BIN)/stakegraph demo
	$(BIN)/stakegraph serve

## test: lint, type-check, and every test, against SQLite and a real local Neo4j
test: install
	scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

neo4j-start:
	scripts/neo4j.sh start

neo4j-stop:
	scripts/neo4j.sh stop

## bench: every benchmark at full size, one after the other (about 15 min; starts the local
## Neo4j itself); each writes bench/results/NAME.json and prints its table; last, every
## target of issue 23 with met / not met (bench/summary.py)
bench: install
	$(BIN)/python -m bench.analyze
	$(BIN)/python -m bench.importing
	$(BIN)/python -m bench.portfolio
	$(BIN)/python -m bench.map
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.activity
	$(BIN)/python -m bench.deals
	$(BIN)/python -m bench.summary

## screenshot: the README's pictures (the demo map; page 1 of the demo's account report), made by the project's own exports,
## and the web app's account page, a person card and the map in English and Chinese (the running app in headless Chromium)
screenshot: install
	STAKEGRAPH_STORE=sqlite:///$$(mktemp -d)/demo.db sh -c '$(BIN)/stakegraph demo && $(BIN)/stakegraph export demo --format png --output docs/demo-map.png && $(BIN)/stakegraph report demo --output docs/demo-report.pdf'
	$(BIN)/python -c "import pypdfium2 as p; d = p.PdfDocument('docs/demo-report.pdf'); [d[i].render(scale=1.5).to_pil().save(f'docs/demo-report-page-{i + 1}.png') for i in range(2)]"
	rm docs/demo-report.pdf
	$(BIN)/python scripts/screenshots.py --output docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
