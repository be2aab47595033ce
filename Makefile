# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
RUN_ENV := DEBUG=1 DEMO_MODE=1
# Every Python package at an exact version with its hashes (runtime + dev), made from pyproject.toml
# by `make lock`; pass e.g. LOCK_ARGS="--upgrade-package django" or LOCK_ARGS=--upgrade to move pins.
LOCK := requirements.lock
LOCK_ARGS ?=

.PHONY: install lock run test fuzz fuzz-ci lint format bench messages node clean

$(VENV)/.installed: pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Keeps the versions already in the lock and resolves only what pyproject.toml added or changed.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet 'uv>=0.13'
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --quiet --custom-compile-command 'make lock' $(LOCK_ARGS) -o $(LOCK)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

run: install
	mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_nghean_2023 --demo
	exec env $(RUN_ENV) ./scripts/run-all.sh  # exec: make's SIGTERM goes straight to the script

# The whole suite but the form fuzz's posts (tests/fuzz/test_forms.py: `make fuzz-ci`, `make fuzz`); the
# fuzz's registry (every form is covered) runs here. On TEST_WORKERS processes (pytest-xdist, each with its
# own database and Redis db); TEST_WORKERS=0 runs them in this one.
TEST_WORKERS ?= 2
# Tests that point the process's Celery app at unreachable brokers: run after the rest, in a process of their own.
OWN_PROCESS := tests/hotline/test_reliability.py
test: install node
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=15 --ignore=tests/fuzz/test_forms.py \
		--ignore=$(OWN_PROCESS) $(PYTEST_ARGS) || test $$? -eq 5  # 5: PYTEST_ARGS selected none of these
	$(PY) -m pytest $(OWN_PROCESS) $(PYTEST_ARGS) || test $$? -eq 5

# Hostile posts to every form, 100 per form, reproducible (CI runs it after `make test`); prints the posts
# per form and status.
fuzz-ci: install
	$(PY) -m pytest tests/fuzz -q -p no:cacheprovider $(PYTEST_ARGS)

# The same with 1,000 posts per form, random.
fuzz: install
	$(PY) -m pytest tests/fuzz -q -p no:cacheprovider --hypothesis-profile=fuzz $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) -m tests.perf.bench

# The English catalogue is extracted from the source; locale/vi holds only hand-kept overrides of Django's and
# the packages' strings (never extracted), compiled here with it. Both .mo files are committed.
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages -l en -l vi --ignore=.venv

clean:
	rm -rf var/db.sqlite3 var/celery var/cache
