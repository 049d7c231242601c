# The two commands a newcomer needs: `make book` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
WHEELHOUSE := $(VENV)/wheelhouse
INSTALLED := $(WHEELHOUSE)/requirements.txt
VENDOR := _build/vendor
VENDORED := _build/.vendor-installed
# Debian's Chromium headless shell (the same engine as its `chromium`, at less than half the CPU per page load) drives
# the browser tests, `make shots` and `make pdf` (Playwright's own download does not work here); Debian's
# poppler-utils (pdftotext) reads the PDF in tests/test_pdf.py.
CHROMIUM := /usr/bin/chromium-headless-shell
# bubblewrap sandboxes every submission `make grade` runs (and the grading tests).
BWRAP := /usr/bin/bwrap
PDFTOTEXT := /usr/bin/pdftotext
PDF := _build/pdf/book.pdf
# Same numbers on every run: fixed hash seed, one thread for BLAS and torch.
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1

.PHONY: book serve test execute clean distclean shots exercises grade pdf publish notebooks

# The equations are typeset once here (tools/typeset_math.js, with MathJax from npm), not in every reader's browser.
book: $(INSTALLED) $(VENDORED)
	$(BIN)/jupyter-book build . -W -n --keep-going
	node tools/typeset_math.js _build/html
	$(BIN)/python tools/learner_edition.py
	@echo "The book is in $(CURDIR)/_build/html/index.html (make serve shows it on http://127.0.0.1:8000)"

# The learner's edition of every chapter and exercise notebook (what Colab, Binder and a download show: no MyST markup,
# no hidden test cells, links to the published pages) in _build/notebooks/ (tools/learner_edition.py).
notebooks: $(INSTALLED)
	$(BIN)/python tools/learner_edition.py

serve:
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# Tests run in parallel (pytest-xdist): most of them wait on browsers, kernels and installs, so more workers than
# cores pay off. tests/suites.py keeps what must share a worker together, starts the longest chains first (xdist
# keeps that order with --no-loadscope-reorder) and prints one line per suite at the end;
# tests/notebook_runs.py runs the chapters alone as on Colab and the master notebooks of solutions/ lax. The PDF is
# printed by the tests that read it (as `make pdf` prints it), first, while the other workers run the rest.
TEST_WORKERS ?= 4
test: book $(CHROMIUM) $(PDFTOTEXT) $(BWRAP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder \
	  helpers tools tests chapters solutions --doctest-modules --nbval --nbval-current-env --durations=10

# The whole book as one PDF (every page of _toc.yml printed by Chromium, merged in order): _build/pdf/book.pdf.
pdf: book $(CHROMIUM)
	$(BIN)/python tools/pdf.py --site _build/html --out $(PDF)

# Publish the site and its PDF: push them to the PAGES_BRANCH branch of REMOTE, which GitHub Pages serves, the way
# Jupyter Book documents it (ghp-import -n: with a .nojekyll file; -p: push; -f: force the push).
# `make publish REMOTE=upstream` publishes to another remote. CI publishes from main (.github/workflows/ci.yml).
REMOTE ?= origin
PAGES_BRANCH ?= gh-pages
PUBLISH := _build/publish
publish: book pdf
	rm -rf $(PUBLISH) && mkdir -p $(PUBLISH) && cp -r _build/html/. $(PUBLISH)/ && cp $(PDF) $(PUBLISH)/
	$(BIN)/ghp-import -n -p -f -r $(REMOTE) -b $(PAGES_BRANCH) -m "Publish the course site and its PDF" $(PUBLISH)

# Screenshots of every page (desktop 1280 px, phone 390 px, dark mode) in _build/screenshots/.
shots: book $(CHROMIUM)
	$(BIN)/python tests/screenshots.py --site _build/html --out _build/screenshots

# Both targets first write the repository of _config.yml (url, branch) into every notebook's first cell, the README
# and pyproject.toml (tools/repository.py).
# Exercises: regenerate exercises/ (learner notebooks and public tests), solutions/pages/ (the site's exercise pages)
# and _build/autograder/*.zip from the master notebooks in solutions/ (otter assign; each master must pass its tests).
# A master's source is its text, solutions/NN_name.md, paired with the notebook otter assign reads.
exercises: $(INSTALLED)
	$(BIN)/python tools/repository.py
	$(BIN)/jupytext --quiet --update --to ipynb solutions/[0-9][0-9]_*.md
	$(BIN)/python grading/make_exercises.py --jobs 2

# Grade every hand-in in SUBMISSIONS (a folder, or Canvas's zip), each in a bubblewrap sandbox, hidden tests included
# (grading/grade.py; README, "For instructors"): GRADES/grades.csv, summary.csv, files.csv, manual_scores.csv (your
# manual points, kept across runs), manual_<chapter>.md and executed/. A re-run grades only what changed.
# CHAPTER= forces the chapter of every notebook; LEARNERS=a,b grades those learners again and keeps the others;
# ROSTER=<Canvas's gradebook export> writes GRADES/canvas.csv, the same file with the points in, ready to import;
# JOBS notebooks at a time (one per core); TIMEOUT (s per notebook), CELL_TIMEOUT (s per cell and per question),
# MAX_OUTPUT (bytes per cell) and MEMORY (MB per notebook) are the sandbox's limits.
GRADES ?= _build/grades
JOBS ?= $(shell nproc)
TIMEOUT ?= 600
CELL_TIMEOUT ?= 60
MAX_OUTPUT ?= 1000000
MEMORY ?= 2048
grade: $(INSTALLED) $(BWRAP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=<folder or zip> [GRADES=<folder>] [CHAPTER=NN_name] [LEARNERS=a,b] [ROSTER=gradebook.csv] [JOBS=n] [TIMEOUT=s] [CELL_TIMEOUT=s] [MAX_OUTPUT=bytes] [MEMORY=MB]"; exit 2; }
	$(BIN)/python grading/grade.py "$(SUBMISSIONS)" --grades "$(GRADES)" --jobs $(JOBS) \
	  --timeout $(TIMEOUT) --cell-timeout $(CELL_TIMEOUT) --max-output $(MAX_OUTPUT) --memory $(MEMORY) \
	  $(if $(CHAPTER),--chapter "$(CHAPTER)") $(if $(LEARNERS),--learners "$(LEARNERS)") \
	  $(if $(ROSTER),--roster "$(ROSTER)")

# A chapter's source is its text, chapters/NN_name.md (MyST Markdown); its notebook chapters/NN_name.ipynb is that text
# with the outputs stored (a jupytext pair). `make execute` brings each notebook up to date with its text (jupytext
# --update keeps the cells' ids and outputs) and runs it; `make test` fails when a text and its notebook differ.
execute: $(INSTALLED)
	$(BIN)/python tools/repository.py
	$(BIN)/jupytext --quiet --update --to ipynb chapters/[0-9][0-9]_*.md
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 \
	  --ExecutePreprocessor.store_widget_state=False chapters/*.ipynb

clean:
	rm -rf _build .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV) node_modules

# The virtual environment, reinstalled only when requirements.txt changes. Every wheel it needs is fetched once
# into .venv/wheelhouse and installed from there, without an index: tests/test_binder.py installs the fresh Binder
# environment from the same wheels (about 30 s) instead of resolving the whole file against the registry again.
# pip compiles the modules one by one; compileall does it on every core (torch's test helper written in Python
# 3.12's syntax is the one file left out: it cannot compile on 3.11, and pip skips it too).
$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	rm -rf $(WHEELHOUSE)
	$(BIN)/python -m pip wheel --disable-pip-version-check -q -w $(WHEELHOUSE) -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-compile --no-index --find-links $(WHEELHOUSE) \
	  -r requirements.txt
	$(BIN)/python -m compileall -q -j 0 -x '/torch/testing/_internal/py312_' $(VENV)/lib
	cp requirements.txt $@

# MathJax, installed from npm: it typesets the equations when the book is built, and the site serves it itself.
$(VENDORED): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp -r node_modules/mathjax/es5 $(VENDOR)/mathjax
	touch $@

# Debian packages, installed when missing (as root, with apt-get), as .ci/run does.
define apt_install
@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(1); \
else echo "$@ is missing: sudo apt-get install $(1)"; exit 1; fi
endef

$(CHROMIUM):
	$(call apt_install,chromium-headless-shell)

$(PDFTOTEXT):
	$(call apt_install,poppler-utils)

$(BWRAP):
	$(call apt_install,bubblewrap)
