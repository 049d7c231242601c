# The two commands a newcomer needs: `make book` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements.txt
VENDOR := _build/vendor
VENDORED := _build/.vendor-installed
# Debian's Chromium drives the browser tests and `make shots` (Playwright's own download does not work here).
CHROMIUM := /usr/bin/chromium
# Same numbers on every run: fixed hash seed, one thread for BLAS and torch.
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1

.PHONY: book serve test execute clean distclean shots exercises grade

book: $(INSTALLED) $(VENDORED)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is in $(CURDIR)/_build/html/index.html (make serve shows it on http://127.0.0.1:8000)"

serve:
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

test: book $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest helpers tools tests chapters --doctest-modules --nbval --nbval-current-env
	$(BIN)/python -m pytest solutions --nbval-lax --nbval-current-env

# Screenshots of every page (desktop 1280 px, phone 390 px, dark mode) in _build/screenshots/.
shots: book $(CHROMIUM)
	$(BIN)/python tests/screenshots.py --site _build/html --out _build/screenshots

# Both targets first write the repository of _config.yml (url, branch) into every notebook's first cell, the README
# and pyproject.toml (tools/repository.py).
# Exercises: regenerate exercises/ (learner notebooks and public tests), solutions/pages/ (the site's exercise pages)
# and _build/autograder/*.zip from the master notebooks in solutions/ (otter assign; each master must pass its tests).
exercises: $(INSTALLED)
	$(BIN)/python tools/repository.py
	$(BIN)/python grading/make_exercises.py --jobs 2

# Grade every notebook in SUBMISSIONS with otter run, hidden tests included: GRADES/grades.csv and GRADES/summary.csv.
GRADES ?= _build/grades
grade: $(INSTALLED)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=<folder of notebooks> [GRADES=<output folder>]"; exit 2; }
	$(BIN)/python grading/grade.py "$(SUBMISSIONS)" --grades "$(GRADES)" --jobs 2

execute: $(INSTALLED)
	$(BIN)/python tools/repository.py
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 \
	  --ExecutePreprocessor.store_widget_state=False chapters/*.ipynb

clean:
	rm -rf _build .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV) node_modules

# The virtual environment, reinstalled only when requirements.txt changes.
$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	cp requirements.txt $@

# MathJax, installed from npm and served by the site itself.
$(VENDORED): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp -r node_modules/mathjax/es5 $(VENDOR)/mathjax
	touch $@

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "The browser tests need Chromium at $@: sudo apt-get install chromium"; exit 1; fi
