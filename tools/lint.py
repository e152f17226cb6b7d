#!/usr/bin/env python3
"""`make lint`: ruff and pylint-odoo with OCA's configuration for Odoo 18.0.

- ruff (`.ruff.toml`, OCA's addon template): `ruff check` and `ruff format --check`
  on the whole repository; nothing is rewritten.
- pylint with the pylint-odoo plugin and OCA's mandatory checks
  (`.pylintrc-mandatory`, valid-odoo-versions=18.0) on the addon.

The tools are pinned here; a missing or different version is pip-installed
first, the way `make test` installs what it needs. Exits non-zero when any
tool reports a finding.

    python3 tools/lint.py [--fix]
"""

import argparse
import importlib.metadata
import subprocess
import sys

from dev import ADDON, ADDONS, ROOT, die, say

# The versions `make lint` runs: findings differ from one release to the next.
PINNED = {"ruff": "0.9.9", "pylint-odoo": "9.1.3"}


def installed_version(distribution):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def ensure_pinned():
    wrong = {
        dist: version
        for dist, version in PINNED.items()
        if installed_version(dist) != version
    }
    if not wrong:
        return
    specs = [f"{dist}=={version}" for dist, version in wrong.items()]
    say(f"installing Python packages: {' '.join(specs)}")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", *specs]
    if subprocess.run(pip, check=False).returncode != 0:
        die(
            f"Could not install {' '.join(specs)}; install them with\n"
            f"    {sys.executable} -m pip install {' '.join(specs)}\n"
            "and run `make lint` again."
        )


def step(title, cmd):
    say(f"{title}: {' '.join(cmd[2:])}")
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fix",
        action="store_true",
        help="let ruff fix what it can and reformat, instead of only reporting",
    )
    args = parser.parse_args()
    ensure_pinned()
    ruff = [sys.executable, "-m", "ruff"]
    pylint = [sys.executable, "-m", "pylint"]
    output = [] if sys.stdout.isatty() else ["--output-format=text"]
    results = [
        step(
            "ruff check",
            [*ruff, "check", "--fix" if args.fix else "--no-fix", "."],
        ),
        step(
            "ruff format",
            [*ruff, "format", *([] if args.fix else ["--check"]), "."],
        ),
        step(
            "pylint-odoo",
            [*pylint, "--rcfile=.pylintrc-mandatory", *output, *ADDONS],
        ),
    ]
    if not all(results):
        die(f"[{ADDON}] lint: findings above; `make lint` fails until they are fixed.")
    say("lint: no findings")


if __name__ == "__main__":
    main()
