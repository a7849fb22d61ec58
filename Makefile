# Kring: `make run` starts the demo on http://127.0.0.1:8000, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup system-run system-test check pytest bench messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages (gettext, npm, python3-venv; Chromium and fonts for the browser tests):
# installed when missing and running as root, otherwise the exact command is printed.
system-run:
	@PYTHON=$(PYTHON) sh scripts/system-packages.sh run

system-test:
	@PYTHON=$(PYTHON) sh scripts/system-packages.sh test

setup: system-run $(VENV)/.installed node_modules/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	@echo "Kring runs on http://127.0.0.1:$(PORT) (stop with Ctrl+C)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy kring tests
	$(PY) manage.py makemigrations --check --dry-run -v0
	KRING_ENV=production DEBUG=0 ALLOWED_HOSTS=kring.example.org \
	  SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	  $(PY) manage.py check --deploy --fail-level WARNING

pytest: system-test setup
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test: system-test check pytest

bench: setup
	$(PY) -m kring.bench all

messages: setup
	$(PY) manage.py makemessages -l nl --no-location --no-obsolete --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules var test-artifacts
