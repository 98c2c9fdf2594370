# The one entry point for building, testing, linting and benchmarking.
# `make test` is what the README and CI run: it builds the wheel that would
# be published (`make wheels`), installs it into a fresh virtualenv and runs
# the tests against it: on every core (pytest-xdist), then those marked
# `serial` (they time calls against threads and signals) alone.

PYTHON ?= python3
TEST_VENV := .venv-test
LINT_VENV := .venv-lint
BUILD_VENV := .venv-build
SDIST_VENV := .venv-sdist
DOCS_VENV := .venv-docs
WHEEL_DIR := dist
# The wheel PyPI gets: abi3 (every CPython from 3.10) and manylinux2014
# (glibc 2.17: RHEL/Rocky 8, Ubuntu 20.04, Debian 11, Amazon Linux 2 and
# every newer Linux), linked by zig against glibc 2.17's symbols.
PUBLISHED_TAG := manylinux_2_17_x86_64
PUBLISHED_WHEEL = $(WHEEL_DIR)/wordsift-*-cp310-abi3-manylinux2014_x86_64.$(PUBLISHED_TAG).whl

.PHONY: build wheels test test-rust test-python sdist-smoke docs docs-check lint memcheck bench bench-smoke bench-report clean

# A wheel for this machine only (tagged for its glibc), the quickest to make.
build:
	rm -rf $(WHEEL_DIR)
	maturin build --release --locked --out $(WHEEL_DIR)

# The release artefacts: the manylinux2014 abi3 wheel and the sdist.
# `auditwheel show` must find the wheel consistent with the manylinux2014
# tag: only glibc 2.17's symbols, and no library outside the manylinux
# policy's list.
wheels:
	$(PYTHON) -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/pip install --quiet --disable-pip-version-check "maturin>=1.9.3,<2" "ziglang==0.17.1" "auditwheel>=6"
	rm -rf $(WHEEL_DIR)
	PATH="$(CURDIR)/$(BUILD_VENV)/bin:$$PATH" maturin build --release --locked --zig --compatibility manylinux2014 --out $(WHEEL_DIR)
	$(BUILD_VENV)/bin/maturin sdist --out $(WHEEL_DIR)
	$(BUILD_VENV)/bin/auditwheel show $(PUBLISHED_WHEEL) | tee $(WHEEL_DIR)/auditwheel.txt
	tr -s ' \n' ' ' < $(WHEEL_DIR)/auditwheel.txt | grep -q 'is consistent with the following platform tag: "$(PUBLISHED_TAG)"'

test: test-rust test-python

test-rust:
	cargo test --locked

test-python: wheels
	rm -rf $(TEST_VENV)
	$(PYTHON) -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install --quiet --disable-pip-version-check "$$(ls $(PUBLISHED_WHEEL))[test,bench]" mypy
	$(TEST_VENV)/bin/python -m mypy.stubtest wordsift._core
	$(TEST_VENV)/bin/python -m pytest -n auto --dist worksteal -m "not serial" tests
	$(TEST_VENV)/bin/python -m pytest -m serial tests

# The sdist (from `make wheels`) built and installed by pip in a fresh
# virtualenv, as on a platform without a wheel, then the seed, the licences
# and the command tried. Built unoptimised: this checks that the sdist holds
# all it needs, not its speed, and a release build would take CI minutes.
sdist-smoke:
	rm -rf $(SDIST_VENV)
	$(PYTHON) -m venv $(SDIST_VENV)
	MATURIN_PEP517_ARGS="--profile dev" $(SDIST_VENV)/bin/pip install --quiet --disable-pip-version-check "$$(ls $(WHEEL_DIR)/wordsift-*.tar.gz)" pytest hypothesis
	$(SDIST_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/test_seeds.py tests/test_packaging.py
	$(SDIST_VENV)/bin/wordsift --version

# The documentation site (site/), strictly: a warning (a broken link, a name
# the API page cannot find) fails. The API reference reads the installed
# package, so the published wheel (made if missing) goes into the docs venv,
# beside the `docs` extra's requirements (read from pyproject.toml: a wheel
# made before they changed would carry the old ones).
docs:
	test -n "$$(ls $(PUBLISHED_WHEEL) 2>/dev/null)" || $(MAKE) wheels
	$(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["docs"]))' > $(DOCS_VENV)/requirements.txt
	$(DOCS_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(DOCS_VENV)/requirements.txt
	$(DOCS_VENV)/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$$(ls $(PUBLISHED_WHEEL))"
	NO_MKDOCS_2_WARNING=1 $(DOCS_VENV)/bin/mkdocs build --strict

# The built site opened in headless Chromium (Debian's `chromium`).
docs-check: docs
	$(PYTHON) scripts/check_site.py site

lint:
	cargo fmt --check
	cargo clippy --locked --all-targets --all-features -- -D warnings
	$(PYTHON) -m venv $(LINT_VENV)
	$(LINT_VENV)/bin/pip install --quiet --disable-pip-version-check "ruff>=0.6" "mypy>=1.10"
	$(LINT_VENV)/bin/ruff check python tests benches scripts
	$(LINT_VENV)/bin/ruff format --check python tests benches scripts
	$(LINT_VENV)/bin/mypy --strict python/wordsift
	$(PYTHON) scripts/generate_unicode_tables.py --check
	$(PYTHON) scripts/generate_html_references.py --check

# The Rust unit tests under valgrind: no invalid memory access, no definite
# or indirect leak (the Unicode tables, kept for the life of the process,
# count as "possibly lost" and are not shown). Two property tests of the
# corpus pipeline, two of the batch engine, the vectorizers' model tests
# (src/vectorize/tests.rs), the corpus's n-gram tests
# (src/corpus/vectorize_tests.rs), the spans' walk through every option
# set (src/tokenize/offsets_tests.rs), the exhaustive checks of the
# normaliser's shortcuts (src/unicode/normalize.rs) and the web text rules
# on megabytes of hostile input (src/web/tests.rs) are left to `cargo
# test`: they run safe code only, and take minutes under valgrind (megabytes
# of text through every split, engine, n-gram range and thread count, or a
# quarter of a million normalisations).
# Then the Arrow import of every column the fuzzer kept (offsets out of
# order or past the data, bad views, nulls): no read outside its buffers.
MEMCHECK_SKIP := --skip tokenising_the_pieces_one_by_one_gives_the_tokens_of_the_whole \
	--skip results_come_in_input_order_whatever_the_threads \
	--skip every_engine_gives_each_texts_tokens_in_order \
	--skip a_failing_check_stops_every_engine \
	--skip vectorize::tests:: \
	--skip corpus::vectorize_tests:: \
	--skip spans_lie_on_character_boundaries_in_order_whatever_the_options \
	--skip the_quick_check_agrees_with_normalising_on_every_maybe_pair \
	--skip normalising_by_pieces_is_normalising_whole \
	--skip pathological_inputs_are_linear \
	--skip html_of_hostile_input_is_linear
memcheck:
	cargo test --locked --lib --no-run
	valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		$$(cargo test --locked --lib --no-run 2>&1 | sed -n 's|.*Executable unittests src/lib.rs (\(.*\))|\1|p') --test-threads=2 $(MEMCHECK_SKIP)
	cargo test --locked --test fuzz_corpus --no-run
	valgrind --quiet --error-exitcode=99 \
		$$(cargo test --locked --test fuzz_corpus --no-run 2>&1 | sed -n 's|.*Executable fuzz/replay.rs (\(.*\))|\1|p') every_kept_arrow_input

# Runs every benchmark once, untimed, on a quarter of the corpus, to prove they work (CI).
bench-smoke:
	$(TEST_VENV)/bin/python -m pytest benches --benchmark-disable -q

# Real measurements; needs `make test-python` (or any release install) first.
bench:
	$(TEST_VENV)/bin/python -m pytest benches --benchmark-only --benchmark-group-by=group --benchmark-columns=median,ops,rounds

# The comparison table and charts: one timed run written to JSON, the bag-of-words
# ratios of benches/vectorize.py, the MB/s per language of benches/multilingual.py, then docs/benchmarks.md and its charts from them. Needs a release install
# with the `bench` extra (`make test-python`); BENCH_PYTHON picks another one.
BENCH_PYTHON ?= $(TEST_VENV)/bin/python
BENCH_JSON ?= .benchmarks/report.json
VECTORIZE_JSON ?= .benchmarks/vectorize.json
MULTILINGUAL_JSON ?= .benchmarks/multilingual.json

bench-report:
	mkdir -p $(dir $(BENCH_JSON)) $(dir $(VECTORIZE_JSON))
	$(BENCH_PYTHON) -m pytest benches --benchmark-only --benchmark-json=$(BENCH_JSON)
	$(BENCH_PYTHON) benches/vectorize.py --json $(VECTORIZE_JSON)
	$(BENCH_PYTHON) benches/multilingual.py --json $(MULTILINGUAL_JSON)
	$(BENCH_PYTHON) benches/report.py $(BENCH_JSON) --vectorize-json $(VECTORIZE_JSON) --multilingual-json $(MULTILINGUAL_JSON)

clean:
	rm -rf $(WHEEL_DIR) $(TEST_VENV) $(LINT_VENV) $(BUILD_VENV) $(SDIST_VENV) $(DOCS_VENV) site target
