# 《金融机构客户服务规范(标准版)》: `make site` builds the site and PDFs, `make test` tests it all.
# Both set up everything first: the .venv with the pinned packages, and the Debian packages.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DATA ?= policy_data
OUT ?= site
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

SITE_DEBS := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
TEST_DEBS := $(SITE_DEBS) chromium git libreoffice-writer-nogui

.PHONY: all setup site test check serve bench bench-search lock clean system-site system-test

all: site

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本：$(PYTHON)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed

system-site:
	@scripts/system-deps.sh $(SITE_DEBS)

system-test:
	@scripts/system-deps.sh $(TEST_DEBS)

# A failed check ends with the checker's own lines and summary. make would add
# "make: *** [Makefile:NN: check] Error 1", which reads like a crash; instead the recipe ends make
# itself with SIGPIPE, which shells do not report (exit status 141: still a failure for scripts).
check: setup
	@$(BIN)/policy check --data $(DATA) || kill -PIPE $$PPID

# TODAY=YYYY-MM-DD: the reference date for each edition's status (default: today in Beijing);
# ENGINE: the site engine (mkdocs).
ENGINE ?= mkdocs
site: setup system-site
	$(BIN)/policy build-site --data $(DATA) --out $(OUT) --engine $(ENGINE) $(if $(TODAY),--today $(TODAY))

PORT ?= 8000
serve: setup system-site
	$(BIN)/policy serve --data $(DATA) --port $(PORT)

# Benchmarks: the synthetic corpus at ×1, ×10, ×100; the table is printed and written to
# build/bench.json. It measures and reports the budgets; it never fails on time.
bench: setup system-test
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.search

# Search quality on the gold set of staff-worded queries, typed into the search box in Chromium:
# hit@1, hit@3 and MRR per engine, for the tuning and the held-out half (build/search.json).
bench-search: setup system-test
	$(BIN)/python -m benchmarks.search

test: setup system-test
	$(BIN)/python -m pytest

lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
		-o requirements.lock requirements.in

clean:
	rm -rf $(OUT) build .pytest_cache test-artifacts
