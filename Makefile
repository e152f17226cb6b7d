# Developer commands for the reverse_mentoring Odoo addon. See README.md.
PYTHON ?= python3
DB ?= reverse_mentoring
PORT ?= 8069
TEST_DB ?= reverse_mentoring_test
# HTTP port of the browser tours of make test: another one for a second run at once
TEST_PORT ?= 8069
# make test-core: its own database and HTTP port, beside a running make test
CORE_DB ?= reverse_mentoring_core
CORE_PORT ?= 8079
# Extra arguments of tools/dev.py test-core, e.g. --without-addon or --test-tags
CORE_ARGS ?=
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k tour"
PYTEST_ARGS ?=
# make upgrade-check: the last released commit, upgraded to this checkout, and its database
UPGRADE_FROM ?= c459923
UPGRADE_DB ?= reverse_mentoring_upgrade

# make load: its database, the server's HTTP port (and the next one for its
# gevent process), Locust's users and run time; LOAD_URL loads a running server
LOAD_DB ?= reverse_mentoring_load
LOAD_PORT ?= 8075
LOAD_USERS ?= 20
LOAD_TIME ?= 60s
LOAD_URL ?=
# make cluster: Locust's users and the seconds of each phase (steady, each fault, recovery)
CLUSTER_USERS ?= 10
CLUSTER_PHASE ?= 25

.PHONY: run test test-core upgrade-check pot bench load cluster lint readme

## make run: serve the addon with demo data on http://localhost:$(PORT)
run:
	@$(PYTHON) tools/dev.py run --db "$(DB)" --port "$(PORT)"

## make test: build a fresh test database and run the whole suite, browser tours included
test:
	@$(PYTHON) tools/dev.py test --db "$(TEST_DB)" --port "$(TEST_PORT)" -- $(PYTEST_ARGS)

## make test-core: run the post_install tests of Odoo's hr, hr_skills, calendar, survey
## and portal in a database with the addon and demo data: the addon must break none
test-core:
	@$(PYTHON) tools/dev.py test-core --db "$(CORE_DB)" --port "$(CORE_PORT)" $(CORE_ARGS)

## make upgrade-check: build a database with demo data from $(UPGRADE_FROM), upgrade it to this
## checkout and check that people keep their programs, tandems, notes and answers
upgrade-check:
	@$(PYTHON) tools/dev.py upgrade-check --db "$(UPGRADE_DB)" --from "$(UPGRADE_FROM)"

## make pot: export the terms to translate into i18n/reverse_mentoring.pot and merge them into the .po files
pot:
	@$(PYTHON) tools/dev.py pot

## make bench: benchmark the matching (1,000 mentees, 500 mentors) in a throwaway database
bench:
	@$(PYTHON) tools/dev.py bench

## make load: 200 tandems, Odoo with 2 workers, Locust's users on the portal and the
## tandem kanban; p50, p95, throughput and errors against Odoo's own /my
load:
	@$(PYTHON) tools/dev.py load --db "$(LOAD_DB)" --port "$(LOAD_PORT)" \
	  --users "$(LOAD_USERS)" --time "$(LOAD_TIME)" --url "$(LOAD_URL)"

## make cluster: a PostgreSQL primary and replica, two Odoo servers and nginx on this machine,
## Locust's users, and faults injected one after the other; checks that nothing was lost
cluster:
	@$(PYTHON) tools/cluster.py --users "$(CLUSTER_USERS)" --phase "$(CLUSTER_PHASE)"

## make lint: the checks of OCA's addons-repository template (.pre-commit-config.yaml: ruff,
## pylint-odoo, OCA's module and .po checks, prettier) on every file; pre-commit builds
## each tool's environment once, from PyPI and npm. `pre-commit install` runs them on each commit
lint:
	@$(PYTHON) -m pre_commit --version >/dev/null 2>&1 || { \
	  echo "[reverse_mentoring] installing Python packages: pre-commit==4.7.0"; \
	  $(PYTHON) -m pip install --quiet pre-commit==4.7.0; }
	@$(PYTHON) -m pre_commit run --all-files --show-diff-on-failure

## make readme: generate each addon's README.rst and static/description/index.html from its readme/*.md
## with OCA's oca-gen-addon-readme (from OCA/maintainer-tools, which is not published on PyPI)
readme:
	@command -v oca-gen-addon-readme >/dev/null 2>&1 || { \
	  echo "make readme needs OCA's oca-gen-addon-readme, which is not on PyPI; install it in a"; \
	  echo "virtual environment of its own (its requirements are not Odoo's), for example:"; \
	  echo "    python3 -m venv ~/.oca && ~/.oca/bin/pip install pypandoc-binary \\"; \
	  echo "      'oca-maintainers-tools @ git+https://github.com/OCA/maintainer-tools'"; \
	  echo "then put ~/.oca/bin/oca-gen-addon-readme on the PATH and run make readme again."; exit 2; }
	for addon in reverse_mentoring reverse_mentoring_dashboard; do \
	  oca-gen-addon-readme --addon-dir=$$addon --branch=18.0 \
	    --org-name=reverse-mentoring --repo-name=reverse_mentoring --no-commit || exit 1; \
	done
