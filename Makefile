# Developer commands for the reverse_mentoring Odoo addon. See README.md.
PYTHON ?= python3
DB ?= reverse_mentoring
PORT ?= 8069
TEST_DB ?= reverse_mentoring_test
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k tour"
PYTEST_ARGS ?=

.PHONY: run test pot bench

## make run: serve the addon with demo data on http://localhost:$(PORT)
run:
	@$(PYTHON) tools/dev.py run --db "$(DB)" --port "$(PORT)"

## make test: build a fresh test database and run the whole suite, browser tours included
test:
	@$(PYTHON) tools/dev.py test --db "$(TEST_DB)" -- $(PYTEST_ARGS)

## make pot: export the terms to translate into i18n/reverse_mentoring.pot and merge them into the .po files
pot:
	@$(PYTHON) tools/dev.py pot

## make bench: benchmark the matching (1,000 mentees, 500 mentors) in a throwaway database
bench:
	@$(PYTHON) tools/dev.py bench
