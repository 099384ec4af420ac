# Quick start: `make demo` serves the demo edition, `make test` runs the whole suite.
# Everything installs from uv.lock (exact versions and hashes); `make lock` re-resolves it from pyproject.toml.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000
PYTEST_ARGS ?= -n 2

# uv uses the project's .venv and this machine's Python; it never downloads an interpreter.
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: install install-production lock demo serve test messages bench clean

# The installer itself comes from the lock: pip installs the exact uv file the lock names, checking its hash.
$(UV): uv.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) tools/locked_requirement.py uv > $(VENV)/uv-requirement.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(VENV)/uv-requirement.txt
	touch $@

# An exact sync: installs what the lock says and removes anything else; fails if the lock is out of date
# with pyproject.toml (run `make lock`).
install: $(UV)
	$(UV) sync --locked --extra dev --python $(PY) --quiet

# A server: the same lock, without the test tools.
install-production: $(UV)
	$(UV) sync --locked --python $(PY) --quiet

lock: $(UV)
	$(UV) lock --upgrade
	$(UV) sync --locked --extra dev --python $(PY)

# The demo's e-mails and certificate QR codes point at the port it serves on, unless DJANGO_SITE_URL says otherwise.
demo: export PORT := $(PORT)
demo: export DJANGO_SITE_URL ?= http://127.0.0.1:$(PORT)
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	@$(MAKE) --no-print-directory serve

# The development server and the background worker (e-mails, the pack, the scheduled reminders) together:
# Ctrl+C, or the end of this command for any reason, stops both.
serve:
	@echo "Serving on http://127.0.0.1:$(PORT)/ with a background worker  (Ctrl+C to stop both)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py send_reminders --schedule; \
	$(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# Regenerate the translation catalogues after changing strings (the compiled .mo files are committed).
messages: install
	$(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=static --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# pretalx, the peer, is installed from PyPI into bench/.pretalx-venv on first use (never into .venv); NO_PEER=1 leaves it out.
bench: install
	$(PY) bench/run.py $(if $(QUICK),--quick,) $(if $(NO_PEER),--no-peer,)

clean:
	rm -rf $(VENV) .pytest_cache var/test-private
