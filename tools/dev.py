#!/usr/bin/env python3
"""Developer commands behind `make run`, `make test` and `make bench`.

Odoo 18.0 is a prerequisite, like for every Odoo addon: this script never
fetches or installs Odoo itself.  It only checks that `import odoo` works,
then prepares PostgreSQL, a database and the tools the tests need.

Only the standard library is imported at module level, so that a missing
Odoo gives a one-line explanation instead of a traceback.
"""

import argparse
import ast
import contextlib
import getpass
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = "reverse_mentoring"
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
# Debian packages the tests need, with the executable that proves each one is there.
TEST_DEBIAN = {"postgresql": "pg_ctlcluster", "chromium": "chromium"}

ODOO_CLI = [sys.executable, "-c", "import odoo.cli; odoo.cli.main()"]

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


def addons_path():
    """Our repository plus the addons folder of a source checkout of Odoo.

    Odoo always adds its own `odoo/addons` folder; a source checkout keeps
    the other standard addons in `addons/` beside the `odoo` package.
    """
    import odoo  # pylint: disable=import-outside-toplevel

    paths = [ROOT]
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
    missing = [
        name for name, executable in packages.items() if not find_executable(executable)
    ]
    if not missing:
        return
    cmd = as_root(["apt-get", "install", "-y", "--no-install-recommends", *missing])
    if not shutil.which("apt-get") or cmd is None:
        die(f"Please install these system packages first: {' '.join(missing)}")
    say(f"installing Debian packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(as_root(["apt-get", "update", "-qq"]), env=env)
    run(cmd, env=env)


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


def odoo_config(name, **options):
    """Write an Odoo configuration file for this checkout and return its path."""
    CACHE_DIR.mkdir(exist_ok=True)
    path = CACHE_DIR / f"{name}.conf"
    lines = [
        "[options]",
        f"addons_path = {addons_path()}",
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
                ADDON,
                "--demo",
                "--no-cache",
            ]
        )
    say(
        f"serving http://localhost:{args.port}  (database {args.db}; demo logins: "
        f"admin / admin "
        "for a coordinator and administrator, demo / demo for a mentee)"
    )
    os.execv(sys.executable, [*ODOO_CLI, "server", "-c", str(config)])


def build_database(config, name, prefix):
    """A fresh database with the addon and its demo data.

    It comes from a template cached on the addons' content.
    """
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
            ADDON,
            "--demo",
            "--cache-prefix",
            prefix,
            "--cache-max-size",
            "3",
        ]
    )


def cmd_test(args):
    require_odoo()
    ensure_debian(TEST_DEBIAN)
    ensure_pypi(TEST_DISTRIBUTIONS)
    ensure_pypi(addon_python_dependencies())
    ensure_postgres()
    config = odoo_config("test", db_name=args.db)
    build_database(config, args.db, "rmtest")
    pytest_cmd = [
        "pytest",
        f"--odoo-config={config}",
        f"--odoo-database={args.db}",
        "--odoo-http",
        "--odoo-log-level=warn",
        *args.pytest_args,
    ]
    say(" ".join(pytest_cmd))
    sys.exit(run(pytest_cmd, check=False, cwd=ROOT).returncode)


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
    build_database(config, database, "rmtest")
    try:
        yield str(config), database
    finally:
        run(["click-odoo-dropdb", "-c", config, "--if-exists", database])


def cmd_pot(_args):
    """Export the addon's terms to i18n/<addon>.pot; merge them into every .po file."""
    i18n = ROOT / ADDON / "i18n"
    i18n.mkdir(exist_ok=True)
    pot_path = i18n / f"{ADDON}.pot"
    with throwaway_database("pot", POT_DISTRIBUTIONS) as (config, database):
        run(
            [
                *ODOO_CLI,
                "-c",
                config,
                "-d",
                database,
                "--i18n-export",
                str(pot_path),
                "--modules",
                ADDON,
            ]
        )
    import polib  # pylint: disable=import-outside-toplevel

    pot = polib.pofile(str(pot_path))
    for po_path in sorted(i18n.glob("*.po")):
        po = polib.pofile(str(po_path))
        po.merge(pot)
        po.save()
        untranslated = len(po.untranslated_entries()) + len(po.fuzzy_entries())
        say(
            f"{po_path.name}: {po.percent_translated()}% translated, {untranslated} "
            f"terms to translate"
        )


def cmd_bench(_args):
    """Run the matching benchmark in a throwaway database."""
    bench = ROOT / "tools" / "bench_matching.py"
    with throwaway_database("bench", RUN_DISTRIBUTIONS) as (config, database):
        code = run(
            [sys.executable, str(bench), "-c", config, "-d", database], check=False
        )
    sys.exit(code.returncode)


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
    p_test.add_argument(
        "pytest_args", nargs="*", help="extra pytest arguments, after --"
    )
    p_test.set_defaults(func=cmd_test)
    p_pot = sub.add_parser(
        "pot", help="export the terms to translate and merge them into the .po files"
    )
    p_pot.set_defaults(func=cmd_pot)
    p_bench = sub.add_parser(
        "bench", help="benchmark the matching in a throwaway database"
    )
    p_bench.set_defaults(func=cmd_bench)
    sub.add_parser(
        "check-odoo", help="stop with a clear message when Odoo 18 is missing"
    ).set_defaults(func=cmd_check_odoo)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
