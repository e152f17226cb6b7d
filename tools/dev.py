#!/usr/bin/env python3
"""Developer commands behind `make run`, `make test`, `make test-core`, `make bench`,
`make load`.

Odoo 18.0 is a prerequisite, like for every Odoo addon: this script never
fetches or installs Odoo itself.  It only checks that `import odoo` works,
then prepares PostgreSQL, a database and the tools the tests need.

Only the standard library is imported at module level, so that a missing
Odoo gives a one-line explanation instead of a traceback.
"""

import argparse
import ast
import collections
import contextlib
import getpass
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = "reverse_mentoring"
# The addons of this repository: the addon and its bridge to Odoo's Dashboards app.
ADDONS = (ADDON, "reverse_mentoring_dashboard")
CACHE_DIR = ROOT / ".cache"

ODOO_MISSING = """\
Odoo 18.0 is a prerequisite of {addon} and `import odoo` fails with {python}.
Provide it the way your Odoo servers get it, for example from a source checkout:
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo /opt/odoo
    {python} -m pip install -r /opt/odoo/requirements.txt
    {python} -m pip install -e /opt/odoo
or with Odoo's official 18.0 packages. Then run this command again.
"""

# PyPI distributions the test suite needs, with the module that proves each is there.
TEST_DISTRIBUTIONS = {
    "pytest-odoo": "pytest_odoo",
    "odoo-test-helper": "odoo_test_helper",
    "websocket-client": "websocket",
    "click-odoo-contrib": "click_odoo_contrib",
}
RUN_DISTRIBUTIONS = {"click-odoo-contrib": "click_odoo_contrib"}
POT_DISTRIBUTIONS = {**RUN_DISTRIBUTIONS, "polib": "polib"}
# Debian package of the msgmerge that click-odoo-makepot runs.
POT_DEBIAN = {"gettext": "msgmerge"}
# Debian packages the tests need, with the executable that proves each one is there
# (npm installs axe-core, the accessibility rules the tests run in Chromium).
TEST_DEBIAN = {
    "postgresql": "pg_ctlcluster",
    "chromium": "chromium",
    "nodejs": "node",
    "npm": "npm",
}
# npm packages the tests need, pinned; installed into .cache/npm, never committed.
TEST_NPM = {"axe-core": "4.14.1"}
NPM_DIR = CACHE_DIR / "npm"
# Where tests/test_accessibility.py finds axe-core.
AXE_ENV = "REVERSE_MENTORING_AXE"

ODOO_CLI = [sys.executable, "-c", "import odoo.cli; odoo.cli.main()"]

# Odoo's own apps that the addon extends: `make test-core` runs their post_install
# tests in a database where the addon is installed.
CORE_MODULES = ("hr", "hr_skills", "calendar", "survey", "portal")

# Manifest import names whose PyPI distribution has another name.
PYPI_NAMES = {"sklearn": "scikit-learn", "dateutil": "python-dateutil"}


def say(message):
    print(f"[{ADDON}] {message}", flush=True)


def die(message, code=2):
    sys.stderr.write(message if message.endswith("\n") else message + "\n")
    sys.exit(code)


def require_odoo():
    """Return the `odoo` package, or stop with a short explanation."""
    try:
        import odoo.release  # pylint: disable=import-outside-toplevel
    except ImportError:
        die(ODOO_MISSING.format(addon=ADDON, python=sys.executable))
    if odoo.release.version_info[:2] != (18, 0):
        die(
            f"{ADDON} needs Odoo 18.0, but `import odoo` gives Odoo "
            f"{odoo.release.version} ({Path(odoo.__file__).parent}).\n"
            "Make Odoo 18.0 the one this python3 imports, then run this command again."
        )
    return odoo


def addons_path(addons_root=ROOT):
    """`addons_root` (our repository) plus the addons folder of Odoo's source checkout.

    Odoo always adds its own `odoo/addons` folder; a source checkout keeps
    the other standard addons in `addons/` beside the `odoo` package.
    """
    import odoo  # pylint: disable=import-outside-toplevel

    paths = [addons_root]
    source_addons = Path(odoo.__file__).resolve().parent.parent / "addons"
    if (source_addons / "web" / "__manifest__.py").is_file():
        paths.append(source_addons)
    return ",".join(str(path) for path in paths)


def manifest():
    return ast.literal_eval((ROOT / ADDON / "__manifest__.py").read_text())


def run(cmd, check=True, **kwargs):
    return subprocess.run(cmd, check=check, **kwargs)


# ------------------------------------------------------------------ system packages


def as_root(cmd):
    """Prefix `cmd` so that it runs as root, or return None when that is impossible."""
    if os.geteuid() == 0:
        return cmd
    if shutil.which("sudo"):
        return ["sudo", "-n", *cmd]
    return None


def ensure_debian(packages):
    """Stop, naming the command to run, when a system package is missing.

    System packages are the machine owner's to install: the commands install
    Python packages (pip) and npm packages (into .cache/npm) only.
    """
    missing = [
        name for name, executable in packages.items() if not find_executable(executable)
    ]
    if missing:
        die(
            "System packages are missing; install them, then run the command again:\n"
            f"    sudo apt-get install --no-install-recommends {' '.join(missing)}"
        )


def find_executable(name):
    if shutil.which(name):
        return True
    # The PostgreSQL server binaries are not on PATH on Debian.
    return any(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))


def ensure_pypi(distributions):
    """pip-install the distributions whose module cannot be imported."""
    missing = [
        dist
        for dist, module in distributions.items()
        if importlib.util.find_spec(module) is None
    ]
    if missing:
        say(f"installing Python packages: {' '.join(missing)}")
        run([sys.executable, "-m", "pip", "install", "--quiet", *missing])
        importlib.invalidate_caches()


def ensure_npm(packages):
    """npm-install the pinned `packages` into NPM_DIR unless that version is there."""
    missing = []
    for name, version in packages.items():
        installed = NPM_DIR / "node_modules" / name / "package.json"
        if not installed.is_file() or (
            json.loads(installed.read_text()).get("version") != version
        ):
            missing.append(f"{name}@{version}")
    if missing:
        say(f"installing npm packages into {NPM_DIR}: {' '.join(missing)}")
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund"]
            + ["--prefix", str(NPM_DIR), *missing]
        )


def addon_python_dependencies():
    modules = manifest().get("external_dependencies", {}).get("python", [])
    return {PYPI_NAMES.get(module, module): module for module in modules}


# ------------------------------------------------------------------ PostgreSQL


def pg_answers():
    return run(["pg_isready", "-q"], check=False).returncode == 0


def start_postgres():
    """Start the local Debian cluster (creating one if there is none)."""
    if not shutil.which("pg_lsclusters"):
        die(
            "PostgreSQL does not answer and no local cluster can be started: start "
            "your PostgreSQL server."
        )
    clusters = run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True
    ).stdout.split()
    if clusters:
        version, name = clusters[0], clusters[1]
        cmd = as_root(["pg_ctlcluster", version, name, "start"])
    else:
        versions = sorted(p.name for p in Path("/usr/lib/postgresql").iterdir())
        cmd = as_root(["pg_createcluster", versions[-1], "main", "--start"])
    if cmd is None:
        die(
            "PostgreSQL does not answer; starting it needs root: start your PostgreSQL "
            "server."
        )
    say("starting PostgreSQL")
    run(cmd)
    for _attempt in range(60):
        if pg_answers():
            return
        time.sleep(0.5)
    die(
        "PostgreSQL was started but does not answer; see its log in "
        "/var/log/postgresql."
    )


def ensure_postgres():
    if not pg_answers():
        start_postgres()
    probe = run(
        ["psql", "-d", "postgres", "-Atqc", "select 1"],
        check=False,
        capture_output=True,
        text=True,
    )
    if probe.returncode == 0:
        return
    user = getpass.getuser()
    if "does not exist" not in probe.stderr:
        die(f"PostgreSQL refuses the connection for {user}: {probe.stderr.strip()}")
    say(f"creating the PostgreSQL role {user}")
    if os.geteuid() == 0:
        cmd = [
            "runuser",
            "-u",
            "postgres",
            "--",
            "createuser",
            "--createdb",
            "--superuser",
            user,
        ]
    elif shutil.which("sudo"):
        cmd = ["sudo", "-n", "-u", "postgres", "createuser", "--createdb", user]
    else:
        die(
            f"Create a PostgreSQL role for {user} (createuser --createdb {user}) and "
            f"run this command again."
        )
    run(cmd)


# ------------------------------------------------------------------ databases


def odoo_config(name, addons_root=ROOT, **options):
    """Write an Odoo configuration file for this checkout and return its path.

    `addons_root` replaces this checkout, e.g. by an older version of the addon.
    """
    CACHE_DIR.mkdir(exist_ok=True)
    path = CACHE_DIR / f"{name}.conf"
    lines = [
        "[options]",
        f"addons_path = {addons_path(addons_root)}",
        *(f"{key} = {value}" for key, value in options.items()),
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def database_exists(name):
    out = run(
        [
            "psql",
            "-d",
            "postgres",
            "-Atqc",
            f"select 1 from pg_database where datname = {quote(name)}",
        ],
        capture_output=True,
        text=True,
    ).stdout
    return out.strip() == "1"


def quote(value):
    return "'" + value.replace("'", "''") + "'"


def cmd_run(args):
    require_odoo()
    ensure_pypi(RUN_DISTRIBUTIONS)
    ensure_pypi(addon_python_dependencies())
    ensure_postgres()
    config = odoo_config(
        "run", db_name=args.db, http_port=args.port, dbfilter=f"^{args.db}$"
    )
    if database_exists(args.db):
        say(f"database {args.db} exists: upgrading {ADDON} if its code changed")
        run(
            [
                "click-odoo-update",
                "-c",
                str(config),
                "-d",
                args.db,
                "--ignore-core-addons",
                "--log-level",
                "warn",
            ]
        )
        # A database made before an addon of this repository existed gets it now.
        installed = run(
            [
                "psql",
                "-d",
                args.db,
                "-Atqc",
                "select name from ir_module_module where state = 'installed'",
            ],
            capture_output=True,
            text=True,
        ).stdout.split()
        missing = [addon for addon in ADDONS if addon not in installed]
        if missing:
            say(f"installing {', '.join(missing)} into {args.db}")
            run(
                [*ODOO_CLI, "-c", str(config), "-i", ",".join(missing)]
                + ["--stop-after-init", "--no-http"]
            )
    else:
        say(
            f"creating database {args.db} with {ADDON} and its demo data (about a "
            f"minute)"
        )
        # initdb records the addons' checksums:
        # the next run upgrades only on a real change.
        run(
            [
                "click-odoo-initdb",
                "-c",
                str(config),
                "-n",
                args.db,
                "-m",
                ",".join(ADDONS),
                "--demo",
                "--no-cache",
            ]
        )
    say(
        f"serving http://localhost:{args.port}  (database {args.db}; demo logins: "
        "admin / admin for a coordinator and administrator, demo / demo for a mentee, "
        "mentor / mentor for a mentor of a partner organisation on the portal)"
    )
    os.execv(sys.executable, [*ODOO_CLI, "server", "-c", str(config)])


def build_database(config, name, prefix, modules=ADDONS):
    """A fresh database with `modules` (this repository's addons by default) and
    their demo data.

    It comes from a template cached on the modules and the addons' content; each
    database name has its own templates, so that runs beside each other (other
    checkouts, other TEST_DB) never drop a template another run is copying.
    """
    # click-odoo-initdb takes prefixes of up to 8 characters.
    prefix += hashlib.sha1(name.encode()).hexdigest()[:6]
    run(["click-odoo-dropdb", "-c", str(config), "--if-exists", name])
    say(
        f"building database {name} (a cached template is reused when the addons did "
        f"not change)"
    )
    run(
        [
            "click-odoo-initdb",
            "-c",
            str(config),
            "-n",
            name,
            "-m",
            ",".join(modules),
            "--demo",
            "--cache-prefix",
            prefix,
            "--cache-max-size",
            "3",
        ]
    )
    # Odoo installs a module whose demo data fail without them and only warns.
    without_demo = run(
        [
            "psql",
            "-d",
            name,
            "-Atqc",
            "select name from ir_module_module where state = 'installed' and not demo",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    if without_demo:
        die(f"the demo data of {', '.join(without_demo)} failed to install (see above)")


def prepare_tests():
    """Check Odoo; install what the tests need; start PostgreSQL."""
    require_odoo()
    ensure_debian(TEST_DEBIAN)
    ensure_pypi(TEST_DISTRIBUTIONS)
    ensure_pypi(addon_python_dependencies())
    ensure_npm(TEST_NPM)
    os.environ[AXE_ENV] = str(NPM_DIR / "node_modules" / "axe-core" / "axe.min.js")
    ensure_postgres()


def pytest_test_ids(pytest_cmd):
    """module.Class.test_method of every test that `pytest_cmd` collects."""
    collected = run(
        [*pytest_cmd, "--collect-only", "-q"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if collected.returncode:
        die(f"pytest cannot collect the tests:\n{collected.stdout}{collected.stderr}")
    # A node id reads "reverse_mentoring/tests/test_x.py::TestClass::test_method".
    return {
        ".".join([Path(path).stem, *names])
        for path, *names in (
            line.split("::") for line in collected.stdout.splitlines() if "::" in line
        )
    }


def odoo_test_ids(config):
    """module.Class.test_method of every test `odoo-bin --test-tags /<addon>` runs.

    Odoo's loader takes the test modules imported by the addon's tests/__init__.py,
    in each the test methods defined by its own classes derived from BaseCase;
    the tags keep those of the selection that run at install or post install.
    """
    # pylint: disable=import-outside-toplevel
    from odoo.tools import config as odoo_options

    # Like odoo-bin: the addons path of `config`, and the tests enabled (before
    # odoo.tests is imported: it logs an error outside of test mode).
    odoo_options.parse_config(
        ["-c", str(config), "--test-tags", ",".join(f"/{a}" for a in ADDONS)],
        setup_logging=False,
    )
    from odoo.tests import loader, tag_selector

    selection = tag_selector.TagsSelector(odoo_options["test_tags"])
    phases = [tag_selector.TagsSelector(p) for p in ("at_install", "post_install")]
    # A test's id reads "odoo.addons.<addon>.tests.test_x.TestClass.test_method".
    return {
        ".".join(test.id().split(".")[-3:])
        for addon in ADDONS
        for module in loader.get_test_modules(addon)
        for test in loader.get_module_test_cases(module)
        if selection.check(test) and any(phase.check(test) for phase in phases)
    }


def check_runners_agree(config, pytest_cmd):
    """Stop unless pytest-odoo and Odoo's runner would run the same tests."""
    by_pytest, by_odoo = pytest_test_ids(pytest_cmd), odoo_test_ids(config)
    if by_pytest == by_odoo:
        say(f"pytest-odoo and Odoo's test runner both collect {len(by_odoo)} tests")
        return
    differences = [
        (
            "only pytest-odoo collects (Odoo's runner takes test modules imported "
            "by tests/__init__.py, classes derived from odoo.tests.BaseCase tagged "
            "at_install or post_install and standard, no inherited test methods):",
            by_pytest - by_odoo,
        ),
        (
            f"only `odoo-bin --test-tags /{ADDON}` runs (pytest collects test_*.py "
            "files and their Test* classes):",
            by_odoo - by_pytest,
        ),
    ]
    lines = ["The two test runners would not run the same tests:"]
    for title, test_ids in differences:
        if test_ids:
            lines += [title, *(f"    {test_id}" for test_id in sorted(test_ids))]
    die("\n".join(lines))


def cmd_test(args):
    prepare_tests()
    config = odoo_config("test", db_name=args.db, http_port=args.port)
    pytest_cmd = [
        "pytest",
        f"--odoo-config={config}",
        f"--odoo-database={args.db}",
        "--odoo-http",
        "--odoo-log-level=warn",
    ]
    check_runners_agree(config, pytest_cmd)
    build_database(config, args.db, "rt")
    pytest_cmd += args.pytest_args
    say(" ".join(pytest_cmd))
    sys.exit(run(pytest_cmd, check=False, cwd=ROOT).returncode)


# ------------------------------------------------------------------ Odoo's own tests

# A record of Odoo's log: "<date> <time> <pid> <LEVEL> <database> <logger>: <message>";
# the lines that do not match continue the record before them (tracebacks).
LOG_RECORD = re.compile(
    r"^\S+ \S+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>[\w.]+): (?P<message>.*)"
)
# Every test logs "Starting TestClass.test_method ..." as it starts, to the logger
# of its Python module (odoo.tests.stats also counts setUpClass and tearDownClass).
TEST_LOGGER = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.tests\.")
TEST_START = re.compile(r"^Starting \S+ \.\.\.")
# odoo.tests.result, once a database when the tests are over.
TEST_SUMMARY = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests "
)
# Loggers whose INFO records `make test-core` shows besides warnings and errors.
SHOWN_LOGGERS = ("odoo.tests.result",)


class TestLog:
    """What Odoo's log says about a test run, read one line at a time.

    Odoo's exit code counts the failed tests but not an empty selection, and
    an error logged during a test does not always fail it; runbot fails on both.
    """

    def __init__(self):
        self.tests = collections.Counter()  # module: number of tests run
        self.summary = None  # (failed, errors, tests) from odoo.tests.result
        self.errors = []  # first line of every other ERROR or CRITICAL record
        self.shown = False  # whether the current record is worth showing

    def read(self, line):
        """Record what `line` says; return whether it is worth showing."""
        record = LOG_RECORD.match(line)
        if not record:
            return self.shown
        level, logger, message = record.group("level", "logger", "message")
        test = TEST_LOGGER.match(logger)
        summary = TEST_SUMMARY.match(message)
        if test and TEST_START.match(message):
            self.tests[test["module"]] += 1
        elif logger == "odoo.tests.result" and summary:
            self.summary = tuple(int(n) for n in summary.group(1, 2, 3))
        elif level in ("ERROR", "CRITICAL"):
            self.errors.append(line.rstrip())
        self.shown = level not in ("DEBUG", "INFO") or logger in SHOWN_LOGGERS
        return self.shown

    def problems(self, modules):
        """Why the run fails, one sentence each; none when every test passed."""
        if self.summary is None:
            return ["Odoo logged no test summary: the tests did not run to the end"]
        failed, errors, total = self.summary
        problems = []
        if failed or errors:
            problems.append(f"{failed} failed, {errors} error(s) of {total} tests")
        silent = [module for module in modules if not self.tests.get(module)]
        if silent or not total:
            problems.append(f"no test ran for {', '.join(silent) or 'the selection'}")
        others = [
            error
            for error in self.errors
            if not LOG_RECORD.match(error)["message"].startswith(("FAIL:", "ERROR:"))
        ]
        if others:
            problems.append(f"{len(others)} error(s) logged beside the test results")
        return problems


def run_odoo(config, log_path, log, *options):
    """Run Odoo once on `config` with `options`, then stop; see run_logged."""
    return run_logged(
        [
            *ODOO_CLI,
            "server",
            "-c",
            str(config),
            *options,
            "--stop-after-init",
            "--log-level=info",
        ],
        log_path,
        log,
    )


def run_logged(cmd, log_path, log):
    """Run `cmd` with its whole output in `log_path`; show what `log` finds worth it.

    Returns the exit code of `cmd`.
    """
    with (
        log_path.open("w", encoding="utf-8") as copy,
        subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        ) as process,
    ):
        for line in process.stdout:
            copy.write(line)
            if log.read(line):
                sys.stdout.write(line)
                sys.stdout.flush()
    return process.returncode


def cmd_test_core(args):
    """Run the post_install tests of Odoo's own apps in a database with the addon.

    Without -i or -u, odoo-bin runs the tests that --test-tags selects in an
    installed database: the at_install ones while it loads each module, before
    the code of the modules above it (ours) is loaded, then the post_install
    ones with every module loaded. Only the latter test the apps with the addon,
    so -at_install leaves out the former. With --without-addon the database
    holds the apps alone, to tell the failures the addon causes from the others.
    """
    prepare_tests()
    modules = CORE_MODULES if args.without_addon else (ADDON,)
    database = f"{args.db}_without_addon" if args.without_addon else args.db
    config = odoo_config(database, db_name=database, http_port=args.port)
    build_database(config, database, "rc", modules)
    selection = args.test_tags or ",".join(f"/{module}" for module in CORE_MODULES)
    tags = f"{selection},-at_install"
    log_path = CACHE_DIR / f"{database}.log"
    say(f"running the post_install tests {tags} in {database}; full log: {log_path}")
    log = TestLog()
    start = time.monotonic()
    code = run_odoo(config, log_path, log, "--test-tags", tags)
    counts = ", ".join(f"{module} {n}" for module, n in sorted(log.tests.items()))
    say(f"tests run: {counts or 'none'} ({time.monotonic() - start:.0f}s)")
    problems = log.problems([] if args.test_tags else CORE_MODULES)
    for error in log.errors:
        say(error[:300])
    for problem in problems:
        say(f"FAILED: {problem}")
    if code and not problems:
        say(f"FAILED: Odoo exited with code {code}")
    sys.exit(1 if code or problems else 0)


@contextlib.contextmanager
def throwaway_database(name, distributions):
    """A fresh database with the addon, dropped afterwards.

    Yields the path of its configuration file and its name.
    """
    require_odoo()
    ensure_pypi(distributions)
    ensure_pypi(addon_python_dependencies())
    ensure_postgres()
    database = f"{ADDON}_{name}"
    config = odoo_config(name, db_name=database)
    build_database(config, database, "rt")
    try:
        yield str(config), database
    finally:
        run(["click-odoo-dropdb", "-c", config, "--if-exists", database])


def cmd_pot(_args):
    """Export the terms with OCA's click-odoo-makepot; count what is left per language.

    click-odoo-makepot writes each addon's i18n/<addon>.pot and merges it into every
    .po (no fuzzy guesses: a changed term is to translate again); what it does not
    do is the count of what is left to translate in each shipped language.
    """
    ensure_debian(POT_DEBIAN)
    with throwaway_database("pot", POT_DISTRIBUTIONS) as (config, database):
        run(
            [
                "click-odoo-makepot",
                "-c",
                config,
                "-d",
                database,
                "--addons-dir",
                str(ROOT),
                "--modules",
                ",".join(ADDONS),
                "--msgmerge",
                "--no-fuzzy-matching",
                "--purge-old-translations",
            ]
        )
    import polib  # pylint: disable=import-outside-toplevel

    for addon in ADDONS:
        # msgmerge leaves a backup of each file it merged into
        for backup in (ROOT / addon / "i18n").glob("*.po~"):
            backup.unlink()
        for po_path in sorted((ROOT / addon / "i18n").glob("*.po")):
            po = polib.pofile(str(po_path))
            untranslated = len(po.untranslated_entries()) + len(po.fuzzy_entries())
            say(
                f"{addon}/i18n/{po_path.name}: {po.percent_translated()}% translated, "
                f"{untranslated} terms to translate"
            )


def cmd_bench(_args):
    """Run the matching benchmark in a throwaway database."""
    bench = ROOT / "tools" / "bench_matching.py"
    with throwaway_database("bench", RUN_DISTRIBUTIONS) as (config, database):
        code = run(
            [sys.executable, str(bench), "-c", config, "-d", database], check=False
        )
    sys.exit(code.returncode)


# ------------------------------------------------------------------ upgrades


class UpgradeLog:
    """What Odoo's log says about an upgrade, read one line at a time.

    Shows the warnings, the errors and the migration steps (INFO records of
    odoo.modules.migration), and keeps the first line of every warning and error.
    """

    def __init__(self):
        self.problems = []
        self.shown = False

    def read(self, line):
        """Record what `line` says; return whether it is worth showing."""
        record = LOG_RECORD.match(line)
        if not record:
            return self.shown
        level, logger = record.group("level", "logger")
        if level in ("WARNING", "ERROR", "CRITICAL"):
            self.problems.append(line.rstrip())
        self.shown = level != "DEBUG" and (
            level != "INFO" or logger == "odoo.modules.migration"
        )
        return self.shown


def cmd_upgrade_check(args):
    """Upgrade a database of the addon as of `args.from_commit` to this checkout.

    The old addon comes from git (git archive, nothing is fetched) into a
    temporary folder, which replaces this checkout in the addons_path of
    the database's build, with demo data. tools/upgrade_check.py records what
    people have and read there, Odoo upgrades the database with -u, and
    tools/upgrade_check.py checks that they still have and read the same.
    The database stays for inspection until the next run.
    """
    require_odoo()
    ensure_pypi(RUN_DISTRIBUTIONS)
    ensure_pypi(addon_python_dependencies())
    ensure_postgres()
    check = [sys.executable, str(ROOT / "tools" / "upgrade_check.py")]
    state = CACHE_DIR / f"{args.db}.json"
    with tempfile.TemporaryDirectory(prefix=f"{ADDON}_") as old_root:
        say(f"{ADDON} as of {args.from_commit}: extracting it into {old_root}")
        tarball = Path(old_root) / "addon.tar"
        run(["git", "-C", ROOT, "archive", "-o", tarball, args.from_commit, ADDON])
        run(["tar", "-xf", tarball, "-C", old_root])
        old_config = odoo_config(f"{args.db}_old", old_root, db_name=args.db)
        build_database(old_config, args.db, "ru", (ADDON,))
        run([*check, "before", "-c", old_config, "-d", args.db, "--state", state])
    config = odoo_config(args.db, db_name=args.db)
    log_path = CACHE_DIR / f"{args.db}.log"
    say(f"upgrading {args.db} to this checkout; full log: {log_path}")
    log = UpgradeLog()
    start = time.monotonic()
    code = run_odoo(config, log_path, log, "-u", ADDON, "--no-http")
    say(f"upgrade done in {time.monotonic() - start:.0f}s, exit code {code}")
    if code:
        die(f"FAILED: Odoo could not upgrade {args.db} (exit {code}): {log_path}", 1)
    checked = run(
        [*check, "after", "-c", config, "-d", args.db, "--state", state], check=False
    )
    if log.problems:
        say(f"FAILED: the upgrade logged {len(log.problems)} warning(s) or error(s)")
    sys.exit(1 if log.problems or checked.returncode else 0)


# ------------------------------------------------------------------ load


# The reference of `make load`: Odoo's own portal home; our pages' p95 targets.
LOAD_REFERENCE = "/my"
LOAD_P95_RATIO = 1.5
# What tools/locustfile.py asks for: none may be missing from the figures.
LOAD_REQUESTS = {
    LOAD_REFERENCE,
    "/my/mentoring",
    "/my/mentoring/tandem/<id>",
    "/my/mentoring/tandem/<id>/session/<id>/move",
    "kanban web_read_group",
    "kanban web_search_read",
}


# The users of tools/locustfile.py that `make load` runs (`make cluster` runs others).
LOAD_USER_CLASSES = ("Member", "Coordinator")


def locust_command(locust, url, users, run_time, *options, classes=LOAD_USER_CLASSES):
    """Locust headless with `users` of tools/locustfile.py's `classes` on `url`."""
    return [
        locust,
        "-m",
        "locust",
        "-f",
        str(ROOT / "tools" / "locustfile.py"),
        "--headless",
        *("--users", str(users), "--spawn-rate", "5", "--run-time", run_time),
        *("--host", url, "--only-summary", "--loglevel", "WARNING"),
        *options,
        *classes,
    ]


def odoo_bin():
    """The odoo-bin script of the Odoo that `import odoo` finds."""
    origin = Path(importlib.util.find_spec("odoo").origin).parent.parent
    script = origin / "odoo-bin"
    if not script.exists():
        script = Path(shutil.which("odoo") or shutil.which("odoo-bin") or script)
    return str(script)


def locust_python():
    """The Python of a virtual environment of Locust's own, made when missing.

    Not Odoo's: Locust needs newer Werkzeug, gevent and requests than Odoo 18 runs.
    """
    venv = CACHE_DIR / "locust-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        run([sys.executable, "-m", "venv", str(venv)])
    probe = [str(python), "-c", "import locust"]
    if run(probe, check=False, capture_output=True).returncode:
        say(f"installing Locust from PyPI into {venv}")
        run([str(python), "-m", "pip", "install", "--quiet", "locust"])
    return str(python)


def wait_for_server(url, server, log_path):
    import urllib.request  # pylint: disable=import-outside-toplevel

    for _attempt in range(120):
        if server.poll() is not None:
            die(f"the Odoo server stopped (exit {server.returncode}): {log_path}")
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=5):
                return
        except OSError:
            time.sleep(1)
    die(f"the Odoo server does not answer on {url}: {log_path}")


def load_report(stats_path, users, duration):
    """Print p50, p95, throughput and errors per request; return whether the
    targets are met (no error, our p95 within LOAD_P95_RATIO of /my's)."""
    import csv  # pylint: disable=import-outside-toplevel

    with open(stats_path, encoding="utf-8") as stats:
        rows = [row for row in csv.DictReader(stats) if row["Name"] != "Aggregated"]
    by_name = {row["Name"]: row for row in rows}
    reference = float(by_name.get(LOAD_REFERENCE, {}).get("95%") or 0)
    say(f"{users} users for {duration}; p50/p95 in ms, throughput in requests/s")
    say(
        f"{'request':<46}{'count':>7}{'errors':>7}{'p50':>7}{'p95':>7}{'req/s':>7}"
        f"{'p95 / /my':>11}"
    )
    missing = LOAD_REQUESTS - set(by_name)
    if missing:
        say(f"no measure of {', '.join(sorted(missing))}")
    met = bool(reference) and not missing
    for row in rows:
        p95 = float(row["95%"] or 0)
        ratio = p95 / reference if reference else 0
        ours = row["Name"] not in (LOAD_REFERENCE, "get_views")
        errors = int(row["Failure Count"])
        met = met and not errors and (not ours or ratio <= LOAD_P95_RATIO)
        say(
            f"{row['Name']:<46}{row['Request Count']:>7}{errors:>7}"
            f"{row['50%']:>7}{row['95%']:>7}{float(row['Requests/s']):>7.1f}"
            f"{f'{ratio:.2f}' if ours else '':>11}"
        )
    say(
        f"targets: no error, p95 of our requests within {LOAD_P95_RATIO}x the p95 "
        f"of {LOAD_REFERENCE}: {'met' if met else 'NOT met'}"
    )
    return met


def cmd_load(args):
    """Load test: 200 tandems, Odoo with 2 workers, Locust's users for a while.

    Without --url, builds the database anew, serves it with --workers=2 and
    --max-cron-threads=0 on --port, and stops that server at the end; with
    --url, prepares the data in --db and loads the server at --url (for
    example one that reads from a replica).
    """
    require_odoo()
    ensure_pypi(RUN_DISTRIBUTIONS)
    ensure_pypi(addon_python_dependencies())
    ensure_postgres()
    locust = locust_python()
    port = int(args.port)
    config = odoo_config(
        args.db,
        db_name=args.db,
        dbfilter=f"^{args.db}$",
        http_interface="127.0.0.1",
        http_port=port,
        gevent_port=port + 1,
        workers=2,
        max_cron_threads=0,
        log_level="warn",
    )
    if not args.url:
        build_database(config, args.db, "rl")
    data_path = CACHE_DIR / f"{args.db}_data.json"
    run(
        [
            sys.executable,
            str(ROOT / "tools" / "load_data.py"),
            "-c",
            str(config),
            "-d",
            args.db,
            "--out",
            str(data_path),
        ]
    )
    url = args.url or f"http://127.0.0.1:{port}"
    server = None
    if not args.url:
        log_path = CACHE_DIR / f"{args.db}_server.log"
        say(f"starting Odoo with 2 workers on {url}; its log: {log_path}")
        with open(log_path, "w", encoding="utf-8") as log:
            server = subprocess.Popen(
                # odoo-bin itself: with workers, Odoo starts its gevent process
                # by running its own command line again.
                [sys.executable, odoo_bin(), "server", "-c", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for_server(url, server, log_path)
    stats_prefix = CACHE_DIR / f"{args.db}_locust"
    sessions_path = CACHE_DIR / f"{args.db}_sessions.json"
    load_env = {
        **os.environ,
        "RM_LOAD_DATA": str(data_path),
        "RM_LOAD_SESSIONS": str(sessions_path),
    }

    def locust_run(users, duration, *options):
        run(
            locust_command(locust, url, users, duration, *options),
            env=load_env,
            check=False,
            stdout=subprocess.DEVNULL,
        )

    try:
        say("logging the mentors and the coordinator in (not measured)")
        run([locust, str(ROOT / "tools" / "locustfile.py"), url], env=load_env)
        # Both workers compile their templates and fill their caches first.
        say(f"warming up the server at {url} (not measured)")
        locust_run(4, "20s")
        say(f"Locust: {args.users} users for {args.time} against {url}")
        locust_run(args.users, args.time, "--reset-stats", "--csv", str(stats_prefix))
    finally:
        if server:
            server.terminate()
            server.wait(timeout=60)
    met = load_report(f"{stats_prefix}_stats.csv", args.users, args.time)
    sys.exit(0 if met else 1)


def cmd_check_odoo(_args):
    require_odoo()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="serve the addon with demo data")
    p_run.add_argument("--db", default=ADDON)
    p_run.add_argument("--port", default="8069")
    p_run.set_defaults(func=cmd_run)
    p_test = sub.add_parser(
        "test", help="run the whole test suite, browser tours included"
    )
    p_test.add_argument("--db", default=f"{ADDON}_test")
    p_test.add_argument("--port", default="8069", help="HTTP port of the browser tours")
    p_test.add_argument(
        "pytest_args", nargs="*", help="extra pytest arguments, after --"
    )
    p_test.set_defaults(func=cmd_test)
    p_core = sub.add_parser(
        "test-core",
        help="run the post_install tests of Odoo's "
        f"{', '.join(CORE_MODULES)} in a database with the addon",
    )
    p_core.add_argument("--db", default=f"{ADDON}_core")
    p_core.add_argument("--port", default="8079", help="HTTP port of the browser tours")
    p_core.add_argument(
        "--test-tags",
        help="Odoo's --test-tags instead of the apps' standard tests (their "
        "post_install tests run)",
    )
    p_core.add_argument(
        "--without-addon",
        action="store_true",
        help="run them in <db>_without_addon, with the apps alone",
    )
    p_core.set_defaults(func=cmd_test_core)
    p_pot = sub.add_parser(
        "pot", help="export the terms to translate and merge them into the .po files"
    )
    p_pot.set_defaults(func=cmd_pot)
    p_bench = sub.add_parser(
        "bench", help="benchmark the matching in a throwaway database"
    )
    p_bench.set_defaults(func=cmd_bench)
    p_upgrade = sub.add_parser(
        "upgrade-check",
        help="upgrade a database with demo data from an older commit and check that "
        "people keep their data",
    )
    p_upgrade.add_argument("--db", default=f"{ADDON}_upgrade")
    p_upgrade.add_argument(
        "--from", dest="from_commit", default="c459923", help="the last released commit"
    )
    p_upgrade.set_defaults(func=cmd_upgrade_check)
    p_load = sub.add_parser(
        "load", help="load-test the portal and the tandem kanban with Locust"
    )
    p_load.add_argument("--db", default=f"{ADDON}_load")
    p_load.add_argument("--port", default="8075", help="HTTP port of the server")
    p_load.add_argument(
        "--url", default="", help="load this running server instead of starting one"
    )
    p_load.add_argument("--users", default="20")
    p_load.add_argument("--time", default="60s", help="how long, as Locust says it")
    p_load.set_defaults(func=cmd_load)
    sub.add_parser(
        "check-odoo", help="stop with a clear message when Odoo 18 is missing"
    ).set_defaults(func=cmd_check_odoo)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
