# The two commands a newcomer needs: `make book` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements.txt
VENDOR := _build/vendor
VENDORED := _build/.vendor-installed
# Same numbers on every run: fixed hash seed, one thread for BLAS and torch.
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1

.PHONY: book serve test execute clean distclean

book: $(INSTALLED) $(VENDORED)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is in $(CURDIR)/_build/html/index.html (make serve shows it on http://127.0.0.1:8000)"

serve:
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

test: book
	$(BIN)/python -m pytest helpers tests chapters --doctest-modules --nbval --nbval-current-env

execute: $(INSTALLED)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 chapters/*.ipynb

clean:
	rm -rf _build .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV) node_modules

# The virtual environment, reinstalled only when requirements.txt changes.
$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	cp requirements.txt $@

# MathJax and the ipywidgets HTML manager, installed from npm and served by the site itself.
$(VENDORED): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/html-manager
	cp -r node_modules/mathjax/es5 $(VENDOR)/mathjax
	cp node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js $(VENDOR)/html-manager/
	find node_modules/@jupyter-widgets/html-manager/dist -maxdepth 1 -type f \
	  \( -name '*.woff*' -o -name '*.ttf' -o -name '*.eot' -o -name '*.svg' -o -name '[0-9]*.js' \) \
	  -exec cp {} $(VENDOR)/html-manager/ \;
	cp node_modules/requirejs/require.js $(VENDOR)/require.js
	touch $@
