# helmpy developer entry points. Every target creates .venv on its own when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/helmpy template demo charts/hello

test: $(STAMP)
	$(VENV)/bin/ruff check helmpy tests bench
	TZ=UTC $(PY) -m pytest -n 2 -p no:cacheprovider tests

lint: $(STAMP)
	$(VENV)/bin/ruff check helmpy tests bench

bench: $(STAMP)
	TZ=UTC $(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
