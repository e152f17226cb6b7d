"""WCAG 2.1 AA in Chromium: axe-core over the portal and the back end, and the
portal by keyboard alone.

axe-core comes from the npm registry: `make test` installs the version that
tools/dev.py pins into .cache/npm and tells this module where it is with
REVERSE_MENTORING_AXE. Every critical or serious violation fails, unless an
entry of a11y/baseline.json shows that it comes from core's markup (each entry
says why, and where core shows the same on its own pages).
"""

import json
import os
import time
import unittest
from pathlib import Path

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .common import MentoringCase

HERE = Path(__file__).resolve().parent
AXE_ENV = "REVERSE_MENTORING_AXE"
AXE_DEFAULT = HERE.parents[2] / ".cache/npm/node_modules/axe-core/axe.min.js"
# Desktop and phone, as the issue measured them.
SIZES = ((1440, 900), (390, 844))
LANGS = ("en_US", "de_DE")
# The most Tab presses a page may need: every action once, and some chrome.
MAX_TABS = 400


def axe_source():
    path = Path(os.environ.get(AXE_ENV) or AXE_DEFAULT)
    if not path.is_file():
        raise unittest.SkipTest(
            f"axe-core is not installed ({path}): make test installs it"
        )
    return path.read_text(encoding="utf-8")


def baseline():
    entries = json.loads((HERE / "a11y" / "baseline.json").read_text())["entries"]
    for entry in entries:
        assert entry.get("reason") and entry.get("core_page"), entry
    return entries


class Tab:
    """One Chromium tab driven over the DevTools protocol."""

    def __init__(self, case, scripts):
        self.case = case
        self.browser = ChromeBrowser(case)
        self.scripts = scripts

    def close(self):
        self.browser.stop()

    def evaluate(self, expression, timeout=60):
        answer = self.browser._websocket_request(
            "Runtime.evaluate",
            params={
                "expression": expression,
                "awaitPromise": True,
                "returnByValue": True,
            },
            timeout=timeout,
        )
        if "exceptionDetails" in answer:
            self.case.fail(f"{expression[:80]}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def resize(self, width, height):
        self.browser._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={
                "width": width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": width < 576,
            },
        )

    def wait_for(self, selector, timeout=30, fresh=False):
        """Wait until `selector` shows; `fresh`: in the action route() opened."""
        probe = (
            f"[...document.querySelectorAll({json.dumps(selector)})]"
            f".some(e => !{json.dumps(fresh)} || !e.closest('.o_rm_a11y_left'))"
        )
        deadline = time.monotonic() + timeout
        while not self.evaluate(probe):
            if time.monotonic() > deadline:
                self.case.fail(f"{selector} did not appear in {self.url()}")
            time.sleep(0.1)
        # Let the widgets render their last parts (avatars, counters, tooltips).
        time.sleep(0.4)

    def url(self):
        return self.evaluate("location.pathname + location.search")

    def open(self, url, ready):
        self.browser.navigate_to(f"{self.case.base_url()}{url}")
        # The first page of a test waits for Odoo to build its assets.
        self.wait_for(ready, timeout=120)
        for script in self.scripts:
            self.evaluate(script)

    def route(self, url, ready):
        """Go to `url` inside the web client, as its router does on Back: no
        reload, the assets stay. `ready` must appear in the new action."""
        self.evaluate(
            "document.querySelectorAll('.o_action').forEach("
            "a => a.classList.add('o_rm_a11y_left'));"
            f"history.pushState({{}}, '', {json.dumps(url)});"
            "window.dispatchEvent(new PopStateEvent('popstate', {state: {}}))"
        )
        self.wait_for(ready, fresh=True)

    def open_details(self):
        self.evaluate(
            "document.querySelectorAll('details').forEach(d => d.open = true)"
        )

    def click(self, selector, ready):
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        self.wait_for(ready)

    def follow(self, selector, ready):
        """Open the page the link `selector` leads to."""
        href = self.evaluate(f"document.querySelector({json.dumps(selector)}).href")
        self.open(href.removeprefix(self.case.base_url()), ready)

    def audit(self, entries):
        return self.evaluate(f"rmA11y.audit({json.dumps(entries)})")

    def press(self, key, key_code, text=None):
        """Press and release a key, as a person at the keyboard does."""
        for kind in ("keyDown", "keyUp"):
            params = {
                "type": kind,
                "key": key,
                "code": key,
                "windowsVirtualKeyCode": key_code,
            }
            if text and kind == "keyDown":
                params["text"] = text
            self.browser._websocket_request("Input.dispatchKeyEvent", params=params)


@tagged("post_install", "-at_install", "is_tour")
class TestAccessibility(MentoringCase, HttpCase):
    """The pages of a running program with a tandem in the middle of its life:
    goals open and reached, sessions held, due and planned, private notes, a
    survey to answer, a program open for enrolment and proposals to review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(
            ["web", "portal", "reverse_mentoring", "reverse_mentoring_dashboard"],
            ["de_DE"],
        )
        cls.tandem.stage_id = cls.stage_active
        cls.env["mentoring.goal"].create(
            {"tandem_id": cls.tandem.id, "name": "Post every week", "is_done": True}
        )
        held = cls._session(cls.tandem, days=-6)
        held.action_done()
        held.with_user(cls.mentee_user).private_notes = "<p>Try stories next.</p>"
        # Started and not marked held yet: "Mark as Held" shows.
        cls._session(cls.tandem, days=-1)
        cls.open_program = cls._open_program(topic_ids=[cls.topic.id])
        # Two people without a tandem yet: the match review proposes them.
        cls._pair(name="Free")
        cls.wizard_id = cls.program.action_open_matching()["res_id"]

    def setUp(self):
        super().setUp()
        self.entries = baseline()
        self.tab = Tab(
            self,
            [axe_source(), (HERE / "a11y" / "a11y_check.js").read_text()],
        )
        self.addCleanup(self.tab.close)
        self.http_request_key = self.canonical_tag + "_browser_js"

    def login(self, user, lang):
        user.lang = lang
        self.authenticate(user.login, user.login, browser=self.tab.browser)
        self.cr.flush()
        self.cr.clear()

    def portal_pages(self):
        tandem = f"/my/mentoring/tandem/{self.tandem.id}"
        return [
            ("/my/mentoring", ".o_mentoring_tandem_link", None),
            (tandem, ".o_mentoring_tandem_page", None),
            # The survey as the tandem page links to it.
            (
                tandem,
                "a.o_mentoring_answer",
                (
                    "follow",
                    "a.o_mentoring_answer",
                    ".o_survey_form button[value=start]:not(.disabled)",
                ),
            ),
        ]

    def back_end_pages(self):
        program = "/odoo/action-reverse_mentoring.action_mentoring_program"
        tandem = "/odoo/action-reverse_mentoring.action_mentoring_tandem"
        session = self.planned_session.id
        return [
            (program, ".o_kanban_record", None),
            (f"{program}/{self.program.id}", ".o_form_view .o_notebook", None),
            (
                f"{program}/{self.program.id}",
                ".o_form_view .o_notebook",
                (
                    "click",
                    ".o_notebook_headers a[name='results']",
                    "[name='target_promoter_share']",
                ),
            ),
            (tandem, ".o_kanban_record", None),
            (f"{tandem}/{self.tandem.id}", ".o_form_view", None),
            (
                f"/odoo/action-reverse_mentoring.action_mentoring_session/{session}",
                ".o_form_view",
                None,
            ),
            (f"/odoo/mentoring.matching.wizard/{self.wizard_id}", ".o_form_view", None),
            (
                "/odoo/action-reverse_mentoring.action_mentoring_mentor_pool",
                ".o_list_renderer .o_data_row",
                None,
            ),
            (
                "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
                ".o_spreadsheet_dashboard_action canvas",
                None,
            ),
        ]

    def audit_pages(self, user, pages, in_web_client):
        """Audit `pages` as `user` in every language and size; return what fails.

        A server-rendered page lays itself out again when resized; the web
        client is opened again at each size, and goes from page to page
        through its router.
        """
        found = []
        for lang in LANGS:
            self.login(user, lang)
            for index, (width, height) in enumerate(SIZES):
                self.tab.resize(width, height)
                if in_web_client or not index:
                    found += self.audit_sizes(pages, lang, in_web_client)
        return found

    def audit_sizes(self, pages, lang, in_web_client):
        found = []
        opened = None
        for url, ready, click in pages:
            if url != opened:
                if in_web_client and opened:
                    self.tab.route(url, ready)
                else:
                    self.tab.open(url, ready)
                opened = url
            if click:
                how, selector, target = click
                getattr(self.tab, how)(selector, target)
            self.tab.open_details()
            sizes = [None] if in_web_client else SIZES
            for size in sizes:
                if size:
                    self.tab.resize(*size)
                width, height = self.tab.evaluate("[innerWidth, innerHeight]")
                where = f"{self.tab.url()} {lang} {width}x{height}"
                found += [
                    f"{where}: {v['impact']} {v['rule']} {v['target']}\n"
                    f"    {v['html']}\n    {v['why']}"
                    for v in self.tab.audit(self.entries)
                ]
        return found

    def test_portal_pages_pass_axe(self):
        found = self.audit_pages(self.mentee_user, self.portal_pages(), False)
        self.assertFalse(found, "\n".join(found))

    def test_back_end_pages_pass_axe(self):
        found = self.audit_pages(self.coordinator, self.back_end_pages(), True)
        self.assertFalse(found, "\n".join(found))

    def test_portal_titles_name_the_page(self):
        self.login(self.mentee_user, "en_US")
        self.tab.open("/my/mentoring", ".o_mentoring_tandem_link")
        self.assertTrue(self.tab.evaluate("document.title").startswith("My Mentoring"))
        self.tab.open(f"/my/mentoring/tandem/{self.tandem.id}", "main")
        title = self.tab.evaluate("document.title")
        self.assertIn(self.program.name, title)
        self.assertIn(self.mentor.name, title)

    def test_portal_actions_work_by_keyboard(self):
        """Tab reaches every action of the tandem page, its folded parts open,
        each with a visible focus.

        The folded parts are native <details>: Enter and Space open them in
        Chromium. In the test browser a click handler of the test assets
        swallows that key press, so the test opens them itself.
        """
        self.login(self.mentee_user, "en_US")
        self.tab.resize(*SIZES[0])
        self.tab.open(
            f"/my/mentoring/tandem/{self.tandem.id}", ".o_mentoring_tandem_page"
        )
        self.tab.open_details()
        self.assertGreater(self.tab.evaluate("rmA11y.startKeyboardWalk()"), 40)
        for _press in range(MAX_TABS):
            self.tab.press("Tab", 9)
            if self.tab.evaluate("rmA11y.focusStep()"):
                break
        report = self.tab.evaluate("rmA11y.keyboardReport()")
        self.assertFalse(report["missed"], "Tab never reaches these actions")
        self.assertFalse(report["invisibleFocus"], "no visible focus on these")
