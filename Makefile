# Backend Advisor: `make run` serves the app, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app advisor_web

.PHONY: install run serve test test-fast lint bench clean

# The stamp is newer than pyproject.toml once the project and its test extra are installed.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The W3C Nu HTML checker for tests/web/test_pages_are_valid_html.py, run with `java -jar`:
# npm's vnu-jar is the checker's own release (PyPI's copies bundle a 2020 one).
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): | $(VENV)/.installed
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)

install: $(VENV)/.installed $(VNU_JAR)

run: install
	$(FLASK) db upgrade
	@echo "Backend Advisor: http://127.0.0.1:$(PORT)/"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-style serving: gunicorn with the settings in advisor_web/gunicorn_config.py.
# Needs ADVISOR_ENV=production and SECRET_KEY (and DATABASE_URL for PostgreSQL) in the env.
serve: install
	$(FLASK) db upgrade
	$(BIN)/gunicorn -c python:advisor_web.gunicorn_config 'advisor_web:create_app()'

lint: install
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser"

# wrk (Debian's package) is the load generator; installed here when it is missing.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
