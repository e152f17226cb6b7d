"""Pages served from a read replica never write.

Odoo's test server opens the cursor of a readonly route as a READ ONLY
transaction; a route that wrote would fail there, and Odoo would log a warning
and run it again on the primary. These tests ask for each readonly page and
call of the back-end kanban and accept no such warning.
"""

import werkzeug.routing

from odoo import Command
from odoo.tests import tagged

from .common import HEALTH_BAR, PortalCase, kanban_specification

RETRIED_ON_PRIMARY = "retrying with a read/write cursor"


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guide = (
            cls.env["ir.attachment"]
            .with_user(cls.coordinator)
            .create(
                {
                    "name": "Mentee guide.pdf",
                    "raw": b"For mentees",
                    "res_model": "mentoring.program",
                    "res_id": 0,
                }
            )
        )
        cls.program.mentee_briefing_ids = [Command.link(cls.guide.id)]
        # A first tandem of the mentee, done: its certificate is there to print.
        first_mentor = cls._employee("First Mentor", parent=cls.ceo)
        cls._enrol(first_mentor, "mentor")
        cls.done_tandem = cls.env["mentoring.tandem"].create(
            {
                "program_id": cls.program.id,
                "mentor_id": first_mentor.id,
                "mentee_id": cls.mentee.id,
                "stage_id": cls.stage_done.id,
            }
        )
        cls.readonly_pages = [
            "/my/mentoring",
            f"/my/mentoring/tandem/{cls.tandem.id}",
            f"/my/mentoring/tandem/{cls.tandem.id}/briefing/{cls.guide.id}",
            f"/my/mentoring/tandem/{cls.done_tandem.id}/certificate?report_type=html",
        ]

    def _routing(self, url, method="GET"):
        """The routing of the portal method that serves `method` `url`."""
        ir_http = self.env["ir.http"]
        modules = ["", *self.registry._init_modules]
        routes = werkzeug.routing.Map(converters=ir_http._get_converters())
        for pattern, endpoint in ir_http._generate_routing_rules(
            modules, converters=ir_http._get_converters()
        ):
            if not pattern.startswith("/my/mentoring"):
                continue  # others may need a request to build their converters
            routes.add(
                werkzeug.routing.Rule(
                    pattern, endpoint=endpoint, methods=endpoint.routing["methods"]
                )
            )
        endpoint, _args = routes.bind("localhost").match(
            url.split("?")[0], method=method
        )
        return endpoint.routing

    def test_member_pages_are_served_readonly(self):
        self.assertTrue(self.registry.test_readonly_enabled)
        self._login(self.mentee_user)
        for url in self.readonly_pages:
            with self.subTest(url=url):
                self.assertIs(self._routing(url)["readonly"], True)
                with self.assertNoLogs("odoo.http", "WARNING"):
                    response = self._get(url)
                self.assertEqual(response.status_code, 200)
        self.assertIn("For mentees", self._get(self.readonly_pages[2]).text)
        self.assertIn("took part as a mentee", self._get(self.readonly_pages[3]).text)

    def test_home_counter_is_served_readonly(self):
        """Odoo's /my/counters is readonly: so is the tandem count added to it."""
        self._login(self.mentee_user)
        with self.assertNoLogs("odoo.http", "WARNING"):
            counters = self.make_jsonrpc_request(
                "/my/counters", {"counters": ["mentoring_tandem_count"]}
            )
        self.assertEqual(counters["mentoring_tandem_count"], 2)

    def test_forms_stay_read_write(self):
        """What changes something is never sent to a replica."""
        for path in ("/session/new", "/goal/new", "/expectations", "/kickoff/agree"):
            with self.subTest(path=path):
                routing = self._routing(self._url() + path, method="POST")
                self.assertIs(routing["readonly"], False)
        self.assertIs(
            self._routing(f"/my/mentoring/program/{self.program.id}/enroll", "POST")[
                "readonly"
            ],
            False,
        )

    def test_backend_kanban_is_served_readonly(self):
        """The calls of the tandem kanban: its columns with their progress bars, and
        the cards of each column."""
        self.authenticate(self.coordinator.login, self.coordinator.login)
        model = self.env["mentoring.tandem"]
        domain = [("program_id", "=", self.program.id)]
        calls = [
            ("web_read_group", [domain, ["stage_id"], ["stage_id"]], {}),
            (
                "read_progress_bar",
                [domain, "stage_id", HEALTH_BAR],
                {},
            ),
            ("web_search_read", [domain, kanban_specification(self.env)], {}),
        ]
        for method, args, kwargs in calls:
            with self.subTest(method=method):
                # Odoo serves a call readonly when its method is marked so.
                self.assertTrue(getattr(getattr(model, method), "_readonly", False))
                with self.assertNoLogs("odoo.http", "WARNING"):
                    result = self.make_jsonrpc_request(
                        f"/web/dataset/call_kw/mentoring.tandem/{method}",
                        {
                            "model": "mentoring.tandem",
                            "method": method,
                            "args": args,
                            "kwargs": kwargs,
                        },
                    )
                self.assertTrue(result)
        cards = result["records"]
        self.assertEqual(len(cards), 4)
        self.assertTrue(all(card["mentor_id"]["display_name"] for card in cards))
