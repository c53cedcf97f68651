# Two commands do everything: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
# TensorFlow's C++ start-up messages are noise in notebooks and test logs. Both must be
# set before Python starts. Without oneDNN's reordered kernels, results also agree
# across CPU types (and this small network trains as fast).
TF_CPP_MIN_LOG_LEVEL ?= 2
TF_ENABLE_ONEDNN_OPTS ?= 0
export TF_CPP_MIN_LOG_LEVEL TF_ENABLE_ONEDNN_OPTS
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
EXECUTE := $(PY) -m jupyter nbconvert --to notebook --execute --inplace \
	--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False

.PHONY: run test lint lab slides site bench nav clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $(STAMP)

## run: execute every notebook in order (in place), then write reports/leaderboard.*
run: $(STAMP)
	$(PY) tools/nav.py
	$(EXECUTE) $(NOTEBOOKS)
	$(PY) tools/clean_notebooks.py $(NOTEBOOKS)
	$(PY) -m churnlab compare --out reports --quiet
	cp reports/leaderboard.png docs/figures/leaderboard.png

## test: lint, package tests (with doctests), then every notebook under nbval
test: $(STAMP) lint
	$(PY) -m pytest tests src
	$(PY) -m pytest --nbval-lax --no-header -q notebooks

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests tools data
	$(VENV)/bin/nbqa ruff notebooks
	$(PY) tools/nav.py --check

## lab: JupyterLab on the notebooks
lab: $(STAMP)
	$(PY) -m jupyter lab notebooks

## slides: reveal.js slides of each notebook in build/slides (present with any browser)
slides: $(STAMP)
	$(PY) -m jupyter nbconvert --to slides --output-dir build/slides $(NOTEBOOKS)

## site: static HTML of every notebook in build/site
site: $(STAMP)
	$(PY) -m jupyter nbconvert --to html --output-dir build/site $(NOTEBOOKS)

## bench: our ANN fit against the video's recipe (writes reports/bench.json)
bench: $(STAMP)
	$(PY) -m churnlab bench --out reports

## nav: regenerate the previous · contents · next lines
nav: $(STAMP)
	$(PY) tools/nav.py

clean:
	rm -rf $(VENV) build reports
