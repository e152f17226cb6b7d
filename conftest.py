"""pytest hooks for the reverse_mentoring suite.

A skipped test is not a passing test: Odoo skips every browser tour when
Chromium or the `websocket-client` package is missing, and the suite would
look green. Any skip makes the run fail.
"""

import logging

_skipped = []


class _TestFrameworkImportFilter(logging.Filter):
    """pytest-odoo imports odoo.tests before any test runs, and Odoo logs that
    as an error meant for business code importing the test framework."""

    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_TestFrameworkImportFilter())


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(
            f"{report.nodeid}: {report.longrepr[-1] if report.longrepr else ''}"
        )


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.section("skipped tests fail the run", sep="!", red=True)
        for line in _skipped:
            terminalreporter.line(line, red=True)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == 0:
        session.exitstatus = 1
