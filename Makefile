# Tutela's developer commands. `make demo` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser)
export DEBUG ?= 1

.PHONY: install demo serve test test-unit test-browser bench lint format messages clean

$(BIN)/tutela: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/tutela

install: $(BIN)/tutela

demo: install
	$(BIN)/tutela migrate --no-input
	$(BIN)/tutela load_reference_data
	$(BIN)/tutela load_frameworks
	$(BIN)/tutela load_risk_matrices
	$(BIN)/tutela load_violation_vocabularies
	$(BIN)/tutela demo_data --scale small --seed 2026
	$(BIN)/tutela runserver 127.0.0.1:8000

serve: install
	$(BIN)/tutela migrate --no-input
	$(BIN)/tutela runserver 127.0.0.1:8000

# Unit, API, schemathesis and authorization-matrix tests, then the browser tests in their own
# process (Playwright's event loop must not share a process with database setup).
test: test-unit test-browser

test-unit: install
	$(BIN)/pytest -m "not browser" -q --junitxml=var/test-results/unit.xml $(PYTEST_ARGS)

test-browser: install
	@test -n "$(CHROMIUM)" || { echo "Chromium is missing: apt-get install -y chromium"; exit 1; }
	TUTELA_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -m browser -q --junitxml=var/test-results/browser.xml $(PYTEST_ARGS)

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

messages: install
	cd src/tutela && ../../$(BIN)/tutela makemessages --locale fr --locale es --locale ru --locale zh_Hans --locale ar --no-obsolete
	cd src/tutela && ../../$(BIN)/tutela compilemessages

clean:
	rm -rf $(VENV) var
