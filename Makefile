# Backend Advisor: `make run` serves the app, `make test` runs lint and the whole suite.
# `install` and `run` need Python 3.11 alone; the test tools (Node.js, npm, Java) come with
# the targets that test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app advisor_web

.PHONY: install test-tools lock run serve test test-fast lint bench clean messages

# Exact, hashed versions of everything installed (README, "Upgrading a dependency").
LOCK := requirements/lock.txt
INSTALLER := requirements/installer.txt
# pip-compile runs from a venv of its own, so it never lands in (or drifts) the app's venv.
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2

# The stamp is newer than the lock once exactly the locked versions are installed, then the
# project itself (editable, without dependencies: the lock holds them all, the build backend too).
$(VENV)/.installed: $(LOCK) $(INSTALLER) pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(INSTALLER)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The W3C Nu HTML checker for tests/web/test_pages_are_valid_html.py, run with `java -jar`:
# npm's vnu-jar is the checker's own release (PyPI's copies bundle a 2020 one).
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): | $(VENV)/.installed
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)

# pa11y (tests/browser/test_pa11y.py) drives Debian's Chromium, so Puppeteer downloads none.
PA11Y := tests/a11y/node_modules/.package-lock.json
$(PA11Y): tests/a11y/package-lock.json
	cd tests/a11y && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

# What the tests need beyond Python: the Nu checker and pa11y (Node.js and npm, and Java).
test-tools: $(VNU_JAR) $(PA11Y)

# The interface's translations (Flask-Babel): each catalog compiled from its .po, which is the
# only one committed. `make messages` re-extracts the strings and merges them into every .po.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard advisor_web/translations/*/LC_MESSAGES/messages.po))
%.mo: %.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l --no-location --omit-header \
		-o advisor_web/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i advisor_web/translations/messages.pot \
		-d advisor_web/translations

install: $(VENV)/.installed $(CATALOGS)

# Refresh the lock after a change to pyproject.toml's dependencies; pins already in the lock
# stay unless named: `make lock UPGRADE=flask` (or "flask sqlalchemy"), `make lock UPGRADE=all`.
UPGRADE ?=
UPGRADE_FLAGS := $(if $(filter all,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package=,$(UPGRADE)))
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	$(UPGRADE_FLAGS)

lock:
	test -x $(LOCK_VENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCK_VENV) \
		&& $(LOCK_VENV)/bin/python -m pip install --quiet '$(PIP_TOOLS)')
	$(COMPILE) --extra test --extra redis --build-deps-for editable --output-file $(LOCK) pyproject.toml
	$(COMPILE) --output-file $(INSTALLER) requirements/installer.in

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

test: lint test-tools
	$(BIN)/python -m pytest

test-fast: install $(VNU_JAR)
	$(BIN)/python -m pytest -m "not slow and not browser"

# wrk (Debian's package) is the load generator; installed here when it is missing.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .ruff_cache
