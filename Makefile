# Two commands set everything up on a fresh machine:
#   make run   - create .venv, install zcpark with its dependencies, run the default scenario
#   make test  - install the test extras and run the test suite
# Both install the exact versions of requirements.lock (every package, transitive ones too);
# `make lock` regenerates that file from the ranges in pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LOCK := requirements.lock
# The installer and the lock tool, pinned too.
PIP_PIN := pip==26.3
PIP_TOOLS_PIN := pip-tools==7.6.2
PIP_COMPILE_ARGS := --extra test --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links

.PHONY: install run test bench bench-detail clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(PIP_PIN)"

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[test]"
	touch $(STAMP) $(TEST_STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/zcpark run

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

# Issue 21's speed targets in one run, with a table of what is met (about half an hour on 2 idle cores);
# bench-detail: phase-by-phase times of every park, the direct-highspy floor, solver variants, sweeps.
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_targets.py

bench-detail: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_default.py --library
	$(BIN)/python benchmarks/bench_speed.py
	$(BIN)/python benchmarks/bench_sweep.py

# Resolve the newest versions that pyproject.toml's ranges allow (core dependencies and the test
# extra) in a throwaway venv and write them, with a header naming Python, platform and command,
# to $(LOCK). Run it with the Python the lock is for (CPython 3.11 on linux x86_64 here).
lock:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet "$(PIP_PIN)" "$(PIP_TOOLS_PIN)"; \
	"$$tmp/venv/bin/pip-compile" --quiet --no-header $(PIP_COMPILE_ARGS) \
	    --output-file "$$tmp/lock.txt" pyproject.toml; \
	target=$$("$$tmp/venv/bin/python" -c 'import platform, sysconfig; print(platform.python_implementation(), platform.python_version(), "on", sysconfig.get_platform())'); \
	{ echo "# Exact versions of zcpark's dependencies and its test extra, transitive ones included."; \
	  echo "# make run / make test / CI install with: pip install -c $(LOCK) -e \".[test]\""; \
	  echo "# Resolved for $$target from the ranges in pyproject.toml by \`make lock\`:"; \
	  echo "#   $(PIP_TOOLS_PIN), $(PIP_PIN)"; \
	  echo "#   pip-compile $(PIP_COMPILE_ARGS) pyproject.toml"; \
	  echo "# Do not edit by hand; change the ranges in pyproject.toml and run make lock."; \
	  cat "$$tmp/lock.txt"; } > $(LOCK).tmp; \
	mv $(LOCK).tmp $(LOCK); \
	echo "wrote $(LOCK) for $$target ($$(grep -c '^[^# ].*==' $(LOCK)) packages)"

clean:
	rm -rf $(VENV) results
