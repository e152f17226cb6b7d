"""The employee portal under hostile input: foreign ids, tampered fields, huge texts."""

from unittest.mock import patch

from odoo import Command, http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalCase


@tagged("post_install", "-at_install")
class TestPortalHostileInput(PortalCase):
    """Every form of the portal, fed what no browser sends: a clear message on
    the page (or a documented cut), never a server error, and nothing stored."""

    MEGABYTE = "x" * 1_000_000

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_program = cls._open_program(topic_ids=[Command.set(cls.topic.ids)])

    def setUp(self):
        super().setUp()
        self._login(self.mentee_user)

    def _state(self):
        state = self._sessions_state()
        sessions = self.env["mentoring.session"].search([])
        state["locations"] = sorted((s.id, s.location or "") for s in sessions)
        state["messages"] = self.env["mail.message"].search_count(
            [("model", "=", "mentoring.session")]
        )
        state["events"] = self.env["calendar.event"].search_count([])
        state["participants"] = sorted(
            (p.id, p.state, p.motivation or "")
            for p in self.env["mentoring.participant"].search([])
        )
        return state

    def _send(self, url, fields=(), files=None, body=None):
        """Post `fields` (pairs, so that a name may repeat), files or a raw body."""
        token = http.Request.csrf_token(self)
        if body is not None:
            return self.opener.post(
                self.base_url() + url,
                data=f"csrf_token={token}&".encode() + body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                allow_redirects=False,
                timeout=60,
            )
        return self.opener.post(
            self.base_url() + url,
            data=[("csrf_token", token), *fields],
            files=files,
            allow_redirects=False,
            timeout=60,
        )

    def _assert_refused(self, url, page_url, cases):
        """Each case is refused with a message on `page_url`; nothing changes."""
        for label, kwargs in cases:
            with self.subTest(url=url, case=label):
                before = self._state()
                response = self._send(url, **kwargs)
                self.assertEqual(response.status_code, 303, response.text[:300])
                self.assertTrue(response.headers["Location"].endswith(page_url))
                page = self._get(page_url)
                self.assertEqual(page.status_code, 200)
                self.assertIn("alert-danger", page.text)
                self.assertEqual(self._state(), before)

    def _slot(self):
        slot, _utc = self._later(days=6)
        return [("date", slot["date"]), ("time", slot["time"]), ("duration", "1")]

    def _text_cases(self, name, valid):
        """Hostile values of the text field `name`, the other fields valid."""
        return [
            ("NUL", {"fields": [*valid, (name, "Canteen\x00; DROP")]}),
            ("only NUL", {"fields": [*valid, (name, "\x00")]}),
            ("twice", {"fields": [*valid, (name, "a"), (name, "b")]}),
            ("file", {"fields": valid, "files": {name: ("a.txt", b"Canteen")}}),
        ]

    def _scalar_cases(self, valid):
        """Hostile dates, times and durations, the other fields valid."""
        cases = [("missing all", {"fields": []})]
        for name in ("date", "time", "duration"):
            others = [pair for pair in valid if pair[0] != name]
            cases += [
                (f"{name} NUL", {"fields": [*others, (name, "1\x00")]}),
                (f"{name} megabyte", {"fields": [*others, (name, "9" * 1_000_000)]}),
                (f"{name} twice", {"fields": [*valid, (name, "1")]}),
                (
                    f"{name} file",
                    {"fields": others, "files": {name: ("x", b"2030-01-01")}},
                ),
                (
                    f"{name} bad UTF-8",
                    {
                        "body": b"&".join(f"{k}={v}".encode() for k, v in others)
                        + f"&{name}=".encode()
                        + b"%FF%FE%ED%A0%80"
                    },
                ),
            ]
        return cases

    def test_new_session(self):
        url = self._url() + "/session/new"
        valid = self._slot()
        cases = self._text_cases("location", valid) + self._scalar_cases(valid)
        cases.append(
            ("megabyte place", {"fields": [*valid, ("location", self.MEGABYTE)]})
        )
        self._assert_refused(url, self._url(), cases)

    def test_move_a_session(self):
        url = self._url() + f"/session/{self.planned_session.id}/move"
        valid = self._slot()
        cases = self._text_cases("reason", valid) + self._scalar_cases(valid)
        self._assert_refused(url, self._url(), cases)
        # Sessions that are not this tandem's, whatever the id.
        for session_id in (self.other_session.id, self.missing_id, 2**31 + 7, 10**30):
            self._assert_refused(
                self._url() + f"/session/{session_id}/move",
                self._url(),
                [("session", {"fields": valid})],
            )

    def test_a_long_reason_is_cut(self):
        """The reason of a move goes to the chatter, cut to MOVE_REASON_LIMIT."""
        session = self.planned_session
        response = self._send(
            self._url() + f"/session/{session.id}/move",
            [*self._slot(), ("reason", self.MEGABYTE)],
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(session.reschedule_count, 1)
        body = session.message_ids[:1].body
        self.assertIn("x" * 500, body)
        self.assertNotIn("x" * 501, body)

    def test_private_notes(self):
        session = self.planned_session
        session.with_user(self.mentee_user).private_notes = "<p>Kept</p>"
        url = self._url() + f"/session/{session.id}/notes"
        cases = self._text_cases("notes", [])
        cases += [
            ("megabyte", {"fields": [("notes", self.MEGABYTE)]}),
            # A form without the field must not erase the notes.
            ("missing", {"fields": []}),
        ]
        self._assert_refused(url, self._url(), cases)
        self.assertIn("Kept", session.with_user(self.mentee_user).private_notes)
        for session_id in (self.other_session.id, 2**31 + 7):
            self._assert_refused(
                self._url() + f"/session/{session_id}/notes",
                self._url(),
                [("session", {"fields": [("notes", "forged")]})],
            )

    def test_goal_done(self):
        for goal_id in (self.other_goal.id, self.missing_id, 2**31 + 7, 10**30, -1):
            self._assert_refused(
                self._url() + f"/goal/{goal_id}/done",
                self._url(),
                [("goal", {"fields": [("x", "\x00")]})],
            )

    def test_enrol(self):
        self._login(self.other_user)
        url = f"/my/mentoring/program/{self.open_program.id}/enroll"
        valid = [("role", "mentee"), ("topic_ids", str(self.topic.id))]
        cases = self._text_cases("motivation", valid)
        cases += [
            ("megabyte", {"fields": [*valid, ("motivation", self.MEGABYTE)]}),
            ("no role", {"fields": [("motivation", "Hi")]}),
            ("role NUL", {"fields": [("role", "mentee\x00")]}),
            ("both roles", {"fields": [("role", "mentee"), ("role", "mentor")]}),
            ("role file", {"files": {"role": ("role", b"mentee")}}),
            ("role bad UTF-8", {"body": b"role=%FF%FEmentee"}),
        ]
        self._assert_refused(url, "/my/mentoring", cases)

    def test_odd_topics_are_left_out(self):
        self._login(self.other_user)
        response = self._send(
            f"/my/mentoring/program/{self.open_program.id}/enroll",
            [
                ("role", "mentee"),
                *(
                    ("topic_ids", value)
                    for value in ("\x00", "9" * 5000, str(2**63), "-1", "1e3", "x")
                ),
            ],
        )
        self.assertEqual(response.status_code, 303)
        participant = self.env["mentoring.participant"].search(
            [
                ("program_id", "=", self.open_program.id),
                ("employee_id", "=", self.other.id),
            ]
        )
        self.assertEqual(participant.role, "mentee")
        self.assertFalse(participant.topic_ids)

    def test_bad_utf8_in_a_text_is_read_as_replacement_characters(self):
        """The web server decodes what is not UTF-8 as U+FFFD: what is stored
        is text the database takes, never the bytes."""
        body = b"&".join(f"{k}={v}".encode() for k, v in self._slot())
        response = self._send(
            self._url() + "/session/new",
            body=body + b"&location=Caf%E9%FF%ED%A0%80",
        )
        self.assertEqual(response.status_code, 303)
        session = self.tandem.session_ids.filtered(lambda s: s.location)
        self.assertEqual(len(session), 1)
        self.assertTrue(session.location.startswith("Caf\ufffd"))
        session.location.encode("utf-8")

    def test_a_refusal_by_the_database_is_a_message(self):
        """Should a check be missing, what the database refuses still rolls the
        whole change back and shows a message."""
        session_class = type(self.env["mentoring.session"])
        create = session_class.create
        for query, params in (("SELECT %s", ("\x00",)), ("SELECT 1 / 0", None)):

            def create_then_fail(records, vals_list, query=query, params=params):
                sessions = create(records, vals_list)
                records.env.cr.execute(query, params)
                return sessions

            with (
                self.subTest(query=query),
                patch.object(session_class, "create", create_then_fail),
                mute_logger("odoo.sql_db"),
            ):
                self._assert_refused(
                    self._url() + "/session/new",
                    self._url(),
                    [("database", {"fields": self._slot()})],
                )

    def test_expectations(self):
        url = self._url() + "/expectations"
        valid = [("side", "mentee")]
        cases = self._text_cases("expectations", valid)
        cases += [
            ("megabyte", {"fields": [*valid, ("expectations", self.MEGABYTE)]}),
            ("5001", {"fields": [*valid, ("expectations", "x" * 5001)]}),
            # A form without the field must not erase the text.
            ("missing", {"fields": valid}),
            ("bad UTF-8 side", {"body": b"expectations=Hi&side=%FF%FEmentee"}),
        ]
        for side in ("mentor", "both", "mentee\x00", "", "mentor_expectations"):
            cases.append(
                (f"side {side!r}", {"fields": [("expectations", "Hi"), ("side", side)]})
            )
        cases.append(
            (
                "side twice",
                {
                    "fields": [
                        ("expectations", "Hi"),
                        ("side", "mentee"),
                        ("side", "mentor"),
                    ]
                },
            )
        )
        self.tandem.with_user(self.mentee_user).mentee_expectations = "Kept"
        # An empty side is the user's own: that one is taken.
        cases = [case for case in cases if case[0] != "side ''"]
        self._assert_refused(url, self._url(), cases)
        self.assertEqual(self.tandem.mentee_expectations, "Kept")

    def test_closure_reason(self):
        url = self._url() + "/closure/propose"
        cases = self._text_cases("reason", [])
        cases += [
            ("megabyte", {"fields": [("reason", self.MEGABYTE)]}),
            ("2001", {"fields": [("reason", "x" * 2001)]}),
            ("missing", {"fields": []}),
            ("blank", {"fields": [("reason", " \t\n ")]}),
        ]
        self._assert_refused(url, self._url(), cases)

    def test_new_partner(self):
        url = self._url() + "/new_partner"
        cases = self._text_cases("reason", [])
        cases += [
            ("megabyte", {"fields": [("reason", self.MEGABYTE)]}),
            ("share NUL", {"fields": [("reason", "a"), ("share_reason", "1\x00")]}),
            (
                "share twice",
                {
                    "fields": [
                        ("reason", "a"),
                        ("share_reason", "1"),
                        ("share_reason", "1"),
                    ]
                },
            ),
            (
                "share file",
                {"fields": [("reason", "a")], "files": {"share_reason": ("x", b"1")}},
            ),
        ]
        self._assert_refused(url, self._url(), cases)

    def test_goal_forms(self):
        valid = [("name", "Post a reel"), ("date_deadline", "")]
        cases = self._text_cases("name", [("date_deadline", "")])
        cases += self._text_cases("description", valid)
        cases += [
            ("megabyte name", {"fields": [("name", self.MEGABYTE)]}),
            (
                "megabyte description",
                {"fields": [*valid, ("description", self.MEGABYTE)]},
            ),
            (
                "megabyte deadline",
                {"fields": [("name", "a"), ("date_deadline", "9" * 10**6)]},
            ),
            (
                "deadline NUL",
                {"fields": [("name", "a"), ("date_deadline", "2030-01-01\x00")]},
            ),
            ("deadline twice", {"fields": [*valid, ("date_deadline", "")]}),
            ("deadline bad UTF-8", {"body": b"name=a&date_deadline=%FF%FE"}),
            ("topic twice", {"fields": [*valid, ("topic_id", "1"), ("topic_id", "2")]}),
        ]
        for topic in ("\x00", "9" * 5000, str(2**63), "-1", "1e3", "x", "0"):
            cases.append(
                (f"topic {topic[:8]!r}", {"fields": [*valid, ("topic_id", topic)]})
            )
        self._assert_refused(self._url() + "/goal/new", self._url(), cases)
        edit = self._url() + f"/goal/{self.goal.id}/edit"
        self._assert_refused(
            edit, self._url(), [case for case in cases if case[0] != "missing all"]
        )
        self._assert_refused(edit, self._url(), [("nothing", {"fields": []})])
        # Goals that are not this tandem's, whatever the id.
        for goal_id in (self.other_goal.id, self.missing_id, 2**31 + 7, 10**30):
            for action in ("edit", "remove"):
                self._assert_refused(
                    self._url() + f"/goal/{goal_id}/{action}",
                    self._url(),
                    [("goal", {"fields": valid})],
                )
        for session_id in (self.other_session.id, self.missing_id, 2**31 + 7, 10**30):
            self._assert_refused(
                self._url() + f"/session/{session_id}/done",
                self._url(),
                [("session", {"fields": [("x", "1")]})],
            )

    def test_odd_urls(self):
        before = self._state()
        for url in (
            "/my/mentoring/tandem/abc/session/new",
            f"/my/mentoring/tandem/{10**30}/session/new",
            f"/my/mentoring/tandem/{self.tandem.id}/session/1e3/notes",
            f"/my/mentoring/tandem/{self.tandem.id}/session/%00/move",
            "/my/mentoring/%00",
            f"/my/mentoring/tandem/{self.tandem.id}/goal/%00/done",
            "/my/mentoring/program/abc/enroll",
            f"/my/mentoring/program/{10**30}/enroll",
            f"/my/mentoring/tandem/{10**30}/briefing/1",
            f"/my/mentoring/tandem/{self.tandem.id}/briefing/{10**30}",
            f"/my/mentoring/tandem/{10**30}/certificate",
        ):
            with self.subTest(url=url):
                response = self._send(url, [*self._slot(), ("role", "mentee")])
                self.assertEqual(response.status_code, 404)
        for url in ("/my/mentoring/%00", "/%00", "/my/%00/mentoring"):
            with self.subTest(url=url, method="GET"):
                self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self._state(), before)
