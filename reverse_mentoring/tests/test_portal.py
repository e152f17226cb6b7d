"""The employee portal /my/mentoring: who sees what, forged forms, queries, tours."""

import re
from datetime import datetime, time, timedelta
from unittest.mock import patch

import pytz

from odoo import Command, fields, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import convert_file, mute_logger

from .common import MentoringCase

# Queries of /my/mentoring once warm, whatever the number of tandems.
LIST_QUERY_BUDGET = 30
TANDEM_PAGE_QUERY_BUDGET = 60
ZURICH = pytz.timezone("Europe/Zurich")
# What the members' actions on a tandem change, to prove that a refusal did not.
TANDEM_FIELDS = (
    "id",
    "stage_id",
    "mentor_expectations",
    "mentee_expectations",
    "kickoff_mentor_agreed",
    "kickoff_mentee_agreed",
    "closure_reason",
    "closure_proposed_side",
    "closure_mentor_agreed",
    "closure_mentee_agreed",
    "closed_early",
    "continue_mentor_agreed",
    "continue_mentee_agreed",
)


def _local(value):
    """A naive UTC datetime, read in Zurich."""
    return pytz.utc.localize(value).astimezone(ZURICH)


class PortalCase(MentoringCase, HttpCase):
    """The tandem of MentoringCase, another tandem, and a mentor from a partner
    organisation who logs in as a portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.allow_cross_company = True
        (cls.mentor_user | cls.mentee_user).tz = "Europe/Zurich"
        cls.other_tandem = cls._tandem(name="Else")
        cls.other_goal = cls.env["mentoring.goal"].create(
            {"tandem_id": cls.other_tandem.id, "name": "Someone else's goal"}
        )
        cls.other_session = cls._session(cls.other_tandem, days=8)

        # A mentor of a partner organisation: a portal user linked to an employee.
        cls.portal_mentor_user = cls._portal_user("rm_portal_mentor")
        cls.portal_mentor = cls._employee(
            "Pia Partner", user=cls.portal_mentor_user, company=cls.other_company
        )
        cls.portal_mentee = cls._employee("Max Learner", parent=cls.ceo)
        cls._enrol(cls.portal_mentor, "mentor")
        cls._enrol(cls.portal_mentee, "mentee")
        cls.portal_tandem = cls.env["mentoring.tandem"].create(
            {
                "program_id": cls.program.id,
                "mentor_id": cls.portal_mentor.id,
                "mentee_id": cls.portal_mentee.id,
            }
        )
        cls.portal_session = cls._session(cls.portal_tandem, days=9)

        # A portal user of another organisation who is in no tandem.
        cls.foreign_portal_user = cls._portal_user("rm_foreign_portal")
        cls._employee(
            "Fritz Foreign", user=cls.foreign_portal_user, company=cls.other_company
        )

        cls.env.cr.execute("SELECT max(id) FROM mentoring_tandem")
        cls.missing_id = cls.env.cr.fetchone()[0] + 1000

    def _outsiders(self):
        """Everyone who may not reach the tandem: another employee, coordinators
        of both companies, the mentoring admin, a foreign portal user and a
        member of another tandem (the portal mentor)."""
        return (
            self.other_user,
            self.coordinator,
            self.foreign_coordinator,
            self.mentoring_admin,
            self.foreign_portal_user,
            self.portal_mentor_user,
        )

    @classmethod
    def _portal_user(cls, login):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    # ------------------------------------------------------------------ http

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, data=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.opener.post(
            self.base_url() + url, data=data, allow_redirects=False, timeout=30
        )

    def _url(self, tandem_id=None):
        return f"/my/mentoring/tandem/{tandem_id or self.tandem.id}"

    def _submit(self, path, data=None, tandem=None):
        """Post a form of a tandem page as a member; the page shown afterwards."""
        url = self._url(tandem and tandem.id) + path
        response = self._post(url, data)
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertTrue(
            response.headers["Location"].endswith(self._url(tandem and tandem.id))
        )
        page = self._get(self._url(tandem and tandem.id))
        self.assertEqual(page.status_code, 200)
        self.env.invalidate_all()
        return page.text

    def _later(self, days=3, hour=14, minute=30):
        """A date and time in the program, as typed in the form (Zurich)."""
        day = fields.Date.today() + timedelta(days=days)
        local = ZURICH.localize(datetime.combine(day, time(hour, minute)))
        utc = local.astimezone(pytz.utc).replace(tzinfo=None)
        return {"date": day.isoformat(), "time": f"{hour:02d}:{minute:02d}"}, utc

    def _sessions_state(self):
        """What a forged post could have changed, to prove that nothing was."""
        self.env.invalidate_all()
        sessions = self.env["mentoring.session"].search([])
        return {
            "sessions": sorted(
                (s.id, s.start, s.duration, s.reschedule_count, s.state, s.agenda)
                for s in sessions
            ),
            "goals": sorted(
                (g.id, g.is_done) for g in self.env["mentoring.goal"].search([])
            ),
            "notes": sorted(
                (n.session_id.id, n.body)
                for n in self.env["mentoring.session.note"].search([])
            ),
            "goal_values": sorted(
                (g.id, g.name, g.topic_id.id, g.date_deadline, g.description or "")
                for g in self.env["mentoring.goal"].search([])
            ),
            "tandems": sorted(
                tuple(
                    t[name] if name != "stage_id" else t.stage_id.id
                    for name in TANDEM_FIELDS
                )
                for t in self.env["mentoring.tandem"].search([])
            ),
            "activities": sorted(
                (a.res_model, a.res_id, a.user_id.id, str(a.note))
                for a in self.env["mail.activity"].search([])
            ),
            "concerns": sorted(
                (c.id, c.description, c.state)
                for c in self.env["mentoring.concern"].search([])
            ),
            "avoid": sorted(
                (p.id, tuple(p.avoid_employee_ids.ids))
                for p in self.env["mentoring.participant"].search([])
            ),
        }


@tagged("post_install", "-at_install")
class TestPortalAccess(PortalCase):
    def _routes(self, tandem_id, session_id, goal_id):
        """Every route of a tandem page, with harmless but valid form values."""
        slot, _utc = self._later()
        base = f"/my/mentoring/tandem/{tandem_id}"
        return [
            ("GET", base, None),
            ("POST", f"{base}/goal/{goal_id}/done", {"x": "1"}),
            ("POST", f"{base}/session/new", {**slot, "duration": "1"}),
            (
                "POST",
                f"{base}/session/{session_id}/move",
                {**slot, "duration": "1", "reason": "forged"},
            ),
            ("POST", f"{base}/session/{session_id}/notes", {"notes": "forged"}),
            ("POST", f"{base}/session/{session_id}/agenda", {"agenda": "forged"}),
            ("POST", f"{base}/session/{session_id}/done", {"x": "1"}),
            ("POST", f"{base}/expectations", {"expectations": "forged"}),
            ("POST", f"{base}/kickoff/agree", {"x": "1"}),
            ("POST", f"{base}/goal/new", {"name": "forged", "date_deadline": ""}),
            ("POST", f"{base}/goal/{goal_id}/edit", {"name": "forged"}),
            ("POST", f"{base}/goal/{goal_id}/remove", {"x": "1"}),
            ("POST", f"{base}/closure/propose", {"reason": "forged"}),
            ("POST", f"{base}/closure/agree", {"x": "1"}),
            ("POST", f"{base}/closure/decline", {"x": "1"}),
            ("POST", f"{base}/continue", {"x": "1"}),
            ("POST", f"{base}/concern", {"description": "forged"}),
            (
                "POST",
                f"{base}/new_partner",
                {"reason": "forged", "share_reason": "1"},
            ),
        ]

    def _targets(self):
        return [
            (self.tandem.id, self.planned_session.id, self.goal.id),
            (self.other_tandem.id, self.other_session.id, self.other_goal.id),
            (self.missing_id, self.missing_id, self.missing_id),
            (2**31 + 7, 2**31 + 7, 2**31 + 7),
        ]

    def _call(self, method, url, data):
        response = self._get(url) if method == "GET" else self._post(url, data)
        # The page embeds a fresh CSRF token each time; the rest must not differ.
        return response, re.sub(r'csrf_token: "\w+"', "", response.text)

    def _assert_hidden(self, body):
        for secret in (
            "Hans Senior",
            "Mia Junior",
            "Else Mentor",
            "Use LinkedIn confidently",
            "Digital Leadership",
        ):
            self.assertNotIn(secret, body)

    def test_members_see_their_tandem(self):
        self.planned_session.with_user(
            self.mentee_user
        ).private_notes = "<p>Ask about hashtags</p>"
        for user, partner in (
            (self.mentee_user, "Mia Junior"),
            (self.mentor_user, "Hans Senior"),
        ):
            with self.subTest(user=user.login):
                self._login(user)
                response = self._get(self._url())
                self.assertEqual(response.status_code, 200)
                body = response.text
                self.assertIn(partner, body)
                self.assertIn("Digital Leadership", body)
                self.assertIn("Use LinkedIn confidently", body)
                self.assertIn(f'data-session-id="{self.planned_session.id}"', body)
                self.assertIn("Ask about hashtags", body)
                self.assertIn(self.tandem.stage_id.name, body)

    def test_portal_member_sees_their_tandem(self):
        self._login(self.portal_mentor_user)
        response = self._get(self._url(self.portal_tandem.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Max Learner", response.text)
        self.assertIn(f'data-session-id="{self.portal_session.id}"', response.text)
        listing = self._get("/my/mentoring")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Max Learner", listing.text)
        self.assertNotIn("Hans Senior", listing.text)

    def test_outsiders_get_the_same_not_found(self):
        before = self._sessions_state()
        self._assert_not_found(self._outsiders(), self._targets())
        self.assertEqual(self._sessions_state(), before)

    def test_members_do_not_reach_other_tandems(self):
        before = self._sessions_state()
        self._assert_not_found(
            (self.mentor_user, self.mentee_user), self._targets()[1:]
        )
        self.assertEqual(self._sessions_state(), before)

    def _assert_not_found(self, users, targets):
        """Every route of every target answers each user the same "not found"."""
        for user in users:
            self._login(user)
            reference = None
            for target in targets:
                for method, url, data in self._routes(*target):
                    with self.subTest(user=user.login, method=method, url=url):
                        response, body = self._call(method, url, data)
                        self.assertEqual(response.status_code, 404)
                        reference = reference or body
                        # The same answer whether the tandem exists or not.
                        self.assertEqual(body, reference)
                        self._assert_hidden(body)

    def test_public_is_sent_to_login_whatever_the_id(self):
        before = self._sessions_state()
        self._login(None)
        for target in self._targets():
            for method, url, data in self._routes(*target):
                with self.subTest(method=method, url=url):
                    response, _body = self._call(method, url, data)
                    self.assertEqual(response.status_code, 303)
                    location = response.headers["Location"]
                    self.assertIn("/web/login?redirect=", location)
                    self._assert_hidden(response.text)
        response = self._get("/my/mentoring")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(self._sessions_state(), before)

    def test_list_shows_only_own_tandems(self):
        self.env["survey.user_input"]._mentoring_invite(
            self.tandem, self.program.pulse_survey_id, self.mentee
        )
        self._login(self.mentee_user)
        body = self._get("/my/mentoring").text
        self.assertIn(f"/my/mentoring/tandem/{self.tandem.id}", body)
        self.assertIn("Mia Junior", body)
        self.assertIn(self.tandem.stage_id.name, body)
        self.assertIn('o_mentoring_pending_count">1<', body)
        self.assertNotIn(f"/my/mentoring/tandem/{self.other_tandem.id}", body)
        for user in (
            self.other_user,
            self.coordinator,
            self.foreign_coordinator,
            self.foreign_portal_user,
        ):
            with self.subTest(user=user.login):
                self._login(user)
                response = self._get("/my/mentoring")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("/my/mentoring/tandem/", response.text)
                self._assert_hidden(response.text)

    def test_list_shows_times_in_the_members_time_zone(self):
        """Their own time zone, else that of the program's company (Zurich), not
        that of their own company (New York)."""
        self.other_company.partner_id.tz = "America/New_York"
        start = pytz.utc.localize(self.portal_session.start)
        self._login(self.portal_mentor_user)
        zones = ("Europe/Zurich", "America/New_York", "Asia/Tokyo")
        for user_tz, shown in ((False, "Europe/Zurich"), ("Asia/Tokyo", "Asia/Tokyo")):
            with self.subTest(user_tz=user_tz):
                self.portal_mentor_user.tz = user_tz
                body = self._get("/my/mentoring").text
                row = re.search(
                    rf'data-tandem-id="{self.portal_tandem.id}".*?</tr>', body, re.S
                ).group(0)
                for zone in zones:
                    local = start.astimezone(pytz.timezone(zone)).strftime("%H:%M")
                    if zone == shown:
                        self.assertIn(local, row)
                    else:
                        self.assertNotIn(local, row)

    def test_home_counts_the_tandems(self):
        self._login(self.mentee_user)
        home = self._get("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/mentoring"', home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["mentoring_tandem_count"]}
        )
        self.assertEqual(counters["mentoring_tandem_count"], 1)
        self._login(self.other_user)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["mentoring_tandem_count"]}
        )
        self.assertEqual(counters["mentoring_tandem_count"], 0)


@tagged("post_install", "-at_install")
class TestPortalForms(PortalCase):
    def setUp(self):
        super().setUp()
        self._login(self.mentee_user)

    # ------------------------------------------------------------------ success

    def test_move_a_session(self):
        slot, utc = self._later(days=10, hour=16, minute=45)
        session = self.planned_session
        body = self._submit(
            f"/session/{session.id}/move",
            {**slot, "duration": "1.5", "reason": "Board meeting"},
        )
        self.assertIn("The session is moved", body)
        self.assertEqual(session.start, utc)
        self.assertEqual(session.duration, 1.5)
        self.assertEqual(session.reschedule_count, 1)
        self.assertEqual(session.calendar_event_id.start, utc)
        self.assertEqual(session.calendar_event_id.stop, session.stop)
        self.assertIn("Board meeting", session.message_ids[:1].body)

    def test_propose_a_session(self):
        slot, utc = self._later(days=4, hour=12)
        body = self._submit(
            "/session/new", {**slot, "duration": "2", "location": "Canteen"}
        )
        self.assertIn("The session is planned", body)
        session = self.tandem.session_ids.filtered(lambda s: s.start == utc)
        self.assertEqual(len(session), 1)
        self.assertEqual(session.duration, 2)
        self.assertEqual(session.location, "Canteen")
        self.assertEqual(session.calendar_event_id.start, utc)
        self.assertEqual(
            session.calendar_event_id.partner_ids,
            self.mentor_user.partner_id | self.mentee_user.partner_id,
        )

    def test_propose_a_session_with_a_subject(self):
        slot, utc = self._later(days=2, hour=9)
        body = self._submit(
            "/session/new", {**slot, "duration": "1", "name": "Hashtags that work"}
        )
        session = self.tandem.session_ids.filtered(lambda s: s.start == utc)
        self.assertEqual(session.name, "Hashtags that work")
        # The next session comes first on the page, with its subject, and the
        # list of sessions shows it too.
        first = body[body.index(" o_mentoring_next_session") :]
        subjects = re.findall(r'o_mentoring_session_subject"[^>]*>([^<]*)<', first)
        self.assertEqual(subjects[0], "Hashtags that work")
        self.assertIn("Hashtags that work", subjects[1:])
        # The calendar event does not tell the subject to outsiders.
        self.assertEqual(session.calendar_event_id.name, "Mentoring session")

    def test_the_subject_proposed_is_in_the_members_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["reverse_mentoring"], ["de_DE"], overwrite=True
        )
        self.mentee_user.lang = "de_DE"
        self._login(self.mentee_user)
        page = self.url_open(self._url()).text
        self.assertRegex(page, r'id="new_session_name"[^>]*value="Mentoring-Sitzung"')
        slot, utc = self._later(days=2, hour=9)
        response = self._post(
            self._url() + "/session/new", {**slot, "duration": "1", "name": " "}
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        session = self.tandem.session_ids.filtered(lambda s: s.start == utc)
        self.assertEqual(session.name, "Mentoring-Sitzung")

    def test_tandem_page_puts_the_weekly_things_first(self):
        """On a phone the page is one column: the next session, the goals, the
        sessions and the expectations come before the rarer actions."""
        self.tandem.stage_id = self.stage_active
        page = self._get(self._url()).text
        order = [
            "o_mentoring_next_session",
            "o_mentoring_goals",
            "o_mentoring_upcoming",
            "o_mentoring_past",
            "o_mentoring_expectations",
            "o_mentoring_partner",
            "o_mentoring_closure",
            "o_mentoring_new_partner",
        ]
        positions = [page.index(f' {name}"') for name in order]
        self.assertEqual(positions, sorted(positions))

    def test_mark_a_goal_reached(self):
        body = self._submit(f"/goal/{self.goal.id}/done", {"x": "1"})
        self.assertIn("the goal is reached", body)
        self.assertTrue(self.goal.is_done)
        self.assertEqual(self.tandem.progress, 100)

    def test_private_notes(self):
        session = self.planned_session
        body = self._submit(
            f"/session/{session.id}/notes", {"notes": "Ask <b>about</b> hashtags"}
        )
        self.assertIn("Your private notes are saved", body)
        # Typed as plain text: the markup is text, not HTML.
        self.assertIn("Ask &lt;b&gt;about&lt;/b&gt; hashtags", body)
        self.assertIn(
            "Ask &lt;b&gt;about&lt;/b&gt; hashtags",
            session.with_user(self.mentor_user).private_notes,
        )
        self.assertFalse(session.with_user(self.coordinator).private_notes)
        self._submit(f"/session/{session.id}/notes", {"notes": ""})
        self.assertFalse(session.with_user(self.mentor_user).private_notes)

    def test_notes_with_a_link_stay_as_typed(self):
        session = self.planned_session
        typed = "Call on https://meet.example.com/abc today"
        self._submit(f"/session/{session.id}/notes", {"notes": typed})
        for _again in range(2):
            page = self._get(self._url()).text
            shown = re.search(r'<textarea name="notes"[^>]*>([^<]*)</textarea>', page)
            self.assertEqual(shown.group(1), typed)
            self._submit(f"/session/{session.id}/notes", {"notes": shown.group(1)})
        self.assertIn(
            "https://meet.example.com/abc",
            session.with_user(self.mentor_user).private_notes,
        )

    def test_portal_mentor_moves_and_writes_notes(self):
        self._login(self.portal_mentor_user)
        session = self.portal_session
        slot = {
            "date": (fields.Date.today() + timedelta(days=5)).isoformat(),
            "time": "08:00",
        }
        self.portal_mentor_user.tz = False
        self._submit(f"/session/{session.id}/move", slot, tandem=self.portal_tandem)
        # Without a time zone of their own, the program's company's applies.
        self.assertEqual(
            _local(session.start).replace(tzinfo=None),
            datetime.combine(fields.Date.today() + timedelta(days=5), time(8)),
        )
        self.assertEqual(session.reschedule_count, 1)
        self.assertEqual(session.calendar_event_id.start, session.start)
        self._submit(
            f"/session/{session.id}/notes", {"notes": "Hi"}, tandem=self.portal_tandem
        )
        self.assertIn(
            "Hi", session.with_user(self.portal_mentor_user).sudo().private_notes
        )

    # ------------------------------------------------------------------ forged

    def _refused(self, path, data, message, tandem=None):
        before = self._sessions_state()
        body = self._submit(path, data, tandem)
        self.assertIn("o_mentoring_notice", body)
        self.assertIn("alert-danger", body)
        self.assertIn(message, body)
        self.assertEqual(self._sessions_state(), before)

    def test_session_of_another_tandem(self):
        slot, _utc = self._later()
        for path, data in (
            (f"/session/{self.other_session.id}/move", {**slot, "duration": "1"}),
            (f"/session/{self.other_session.id}/notes", {"notes": "forged"}),
            (f"/session/{self.missing_id}/move", {**slot, "duration": "1"}),
        ):
            with self.subTest(path=path):
                self._refused(path, data, "not one of this tandem")
        with self.subTest(goal=True):
            self._refused(
                f"/goal/{self.other_goal.id}/done", {"x": "1"}, "not one of this tandem"
            )

    def test_start_in_the_past(self):
        yesterday = {
            "date": (fields.Date.today() - timedelta(days=1)).isoformat(),
            "time": "10:00",
        }
        for path in ("/session/new", f"/session/{self.planned_session.id}/move"):
            with self.subTest(path=path):
                self._refused(
                    path, {**yesterday, "duration": "1"}, "cannot start in the past"
                )

    def test_stop_before_start(self):
        slot, _utc = self._later()
        for duration in ("0", "-1", "-0.25"):
            for path in ("/session/new", f"/session/{self.planned_session.id}/move"):
                with self.subTest(path=path, duration=duration):
                    self._refused(
                        path, {**slot, "duration": duration}, "must end after it starts"
                    )

    def test_garbage(self):
        slot, _utc = self._later()
        day = slot["date"]
        cases = [
            ({"date": "tomorrow", "time": "10:00", "duration": "1"}, "as a date"),
            ({"date": "2025-13-45", "time": "10:00", "duration": "1"}, "as a date"),
            ({"date": day, "time": "25:99", "duration": "1"}, "as a date"),
            ({"date": day, "duration": "1"}, "as a date"),
            ({"date": "0001-01-01", "time": "00:00", "duration": "1"}, "cannot"),
            ({"date": "9999-12-31", "time": "23:59", "duration": "1"}, "outside the"),
            ({**slot, "duration": "one hour"}, "in hours"),
            ({**slot, "duration": "nan"}, "in hours"),
            ({**slot, "duration": "inf"}, "in hours"),
            ({**slot, "duration": "1e300"}, "cannot be used"),
            ({**slot, "duration": "100000"}, "lies outside the program"),
        ]
        for data, message in cases:
            for path in ("/session/new", f"/session/{self.planned_session.id}/move"):
                with self.subTest(path=path, data=data):
                    self._refused(path, data, message)

    def test_outside_the_program(self):
        """The models' own rules apply, with their message, and nothing is written."""
        late = {
            "date": (self.program.date_end + timedelta(days=3)).isoformat(),
            "time": "10:00",
            "duration": "1",
        }
        for path in ("/session/new", f"/session/{self.planned_session.id}/move"):
            with self.subTest(path=path):
                self._refused(path, late, "lies outside the program")

    def test_only_planned_sessions_move(self):
        held = self._session(self.tandem, days=-2)
        held.action_done()
        slot, _utc = self._later()
        self._refused(
            f"/session/{held.id}/move",
            {**slot, "duration": "1"},
            "Only a planned session",
        )

    def test_closed_tandem_changes_no_more(self):
        slot, _utc = self._later()
        for stage in (self.stage_done, self.stage_cancelled):
            self.tandem.stage_id = stage
            for path, data in (
                ("/session/new", {**slot, "duration": "1"}),
                (f"/session/{self.planned_session.id}/move", {**slot, "duration": "1"}),
                (f"/goal/{self.goal.id}/done", {"x": "1"}),
            ):
                with self.subTest(stage=stage.name, path=path):
                    self._refused(path, data, "is closed: its goals and sessions")

    def test_missing_csrf_token(self):
        before = self._sessions_state()
        slot, _utc = self._later()
        for path, data in (
            ("/session/new", {**slot, "duration": "1"}),
            (f"/session/{self.planned_session.id}/move", {**slot, "duration": "1"}),
            (f"/session/{self.planned_session.id}/notes", {"notes": "x"}),
            (f"/goal/{self.goal.id}/done", {"x": "1"}),
        ):
            for token in (None, "forged"):
                with self.subTest(path=path, token=token):
                    if token:
                        data = {**data, "csrf_token": token}
                    response = self._post(self._url() + path, data, csrf=False)
                    self.assertEqual(response.status_code, 400)
        self.assertEqual(self._sessions_state(), before)

    def test_get_on_a_form_route(self):
        response = self._get(self._url() + f"/goal/{self.goal.id}/done")
        self.assertEqual(response.status_code, 405)
        self.env.invalidate_all()
        self.assertFalse(self.goal.is_done)


@tagged("post_install", "-at_install", "is_query_count")
class TestPortalQueries(MentoringCase, HttpCase):
    def _add_tandems(self, count):
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Mentee {index}", "company_id": self.company.id}
                for index in range(count)
            ]
        )
        for employee in employees:
            self._enrol(employee, "mentee")
        tandems = self.env["mentoring.tandem"].create(
            [
                {
                    "program_id": self.program.id,
                    "mentor_id": self.mentor.id,
                    "mentee_id": employee.id,
                }
                for employee in employees
            ]
        )
        for index, tandem in enumerate(tandems):
            self._session(tandem, days=3 + index % 20)
            self.env["survey.user_input"]._mentoring_invite(
                tandem, self.program.pulse_survey_id, self.mentor
            )

    def _page_queries(self, url, budget):
        self.env.flush_all()
        # Warm-up: the routing map, the compiled templates, the session.
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        count0 = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - count0, response.text

    def _mentor_of_many(self):
        """The mentor, logged in, with room for 200 tandems and one invitation."""
        self.program.max_mentees_per_mentor = 300
        self.mentor_participant.capacity = 300
        self.env["survey.user_input"]._mentoring_invite(
            self.tandem, self.program.pulse_survey_id, self.mentor
        )
        self.authenticate(self.mentor_user.login, self.mentor_user.login)

    def test_list_costs_the_same_for_20_and_200_tandems(self):
        self._mentor_of_many()
        self._add_tandems(19)
        twenty, body = self._page_queries("/my/mentoring", LIST_QUERY_BUDGET)
        self.assertEqual(body.count("o_mentoring_tandem_row"), 20)
        self._add_tandems(180)
        two_hundred, body = self._page_queries("/my/mentoring", LIST_QUERY_BUDGET)
        self.assertEqual(body.count("o_mentoring_tandem_row"), 200)
        self.assertEqual(body.count('o_mentoring_pending_count">1<'), 200)
        self.assertEqual(twenty, two_hundred)

    def test_tandem_page_costs_the_same_for_20_and_200_tandems(self):
        """Whatever the number of the mentor's tandems, and of the tandem's own
        goals and sessions."""
        self._mentor_of_many()
        url = f"/my/mentoring/tandem/{self.tandem.id}"
        self._add_tandems(19)
        twenty, body = self._page_queries(url, TANDEM_PAGE_QUERY_BUDGET)
        self.assertIn(self.goal.name, body)
        self._add_tandems(180)
        for day in range(10, 20):
            self._session(self.tandem, days=day)
            self.env["mentoring.goal"].create(
                {"tandem_id": self.tandem.id, "name": f"Goal of day {day}"}
            )
        two_hundred, body = self._page_queries(url, TANDEM_PAGE_QUERY_BUDGET)
        self.assertIn("Goal of day 19", body)
        self.assertEqual(twenty, two_hundred)


@tagged("post_install", "-at_install", "is_tour")
class TestPortalTours(PortalCase):
    def test_member_moves_a_session(self):
        session = self.planned_session
        day = _local(session.start).date()
        self.start_tour(
            "/my/mentoring",
            "reverse_mentoring_portal_session_move",
            login=self.mentee_user.login,
        )
        self.env.invalidate_all()
        expected = (
            ZURICH.localize(datetime.combine(day, time(16, 45)))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        self.assertEqual(session.start, expected)
        self.assertEqual(session.reschedule_count, 1)
        self.assertEqual(session.calendar_event_id.start, expected)
        self.assertEqual(session.calendar_event_id.stop, session.stop)
        self.assertIn("Board meeting", session.message_ids[:1].body)

    def test_member_answers_the_pulse(self):
        held = self._session(self.tandem, days=-2)
        held.action_done()
        pulse = self.env.ref("reverse_mentoring.survey_session_pulse")
        invitation = self.env["survey.user_input"]._mentoring_pending(
            self.tandem, self.mentee_user.partner_id
        )
        self.assertEqual(invitation.survey_id, pulse)
        self.start_tour(
            "/my/mentoring",
            "reverse_mentoring_portal_feedback",
            login=self.mentee_user.login,
        )
        self.env.invalidate_all()
        self.assertEqual(invitation.state, "done")
        self.assertEqual(invitation.mentoring_session_id, held)
        self.assertEqual(invitation.mentoring_tandem_id, self.tandem)
        self.assertFalse(
            self.env["survey.user_input"]._mentoring_pending(
                self.tandem, self.mentee_user.partner_id
            )
        )


@tagged("post_install", "-at_install")
class TestPortalCertificate(PortalCase):
    def test_members_download_their_certificate_once_done(self):
        url = self._url() + "/certificate?report_type=html"
        self._login(self.mentee_user)
        self.assertEqual(self._get(url).status_code, 404)
        self.assertNotIn("/certificate", self._get(self._url()).text)
        self.tandem.stage_id = self.stage_done
        self.assertIn("/certificate", self._get(self._url()).text)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("took part as a mentee", response.text)
        self.assertNotIn("took part as a mentor", response.text)
        for user in (self.other_user, self.portal_mentor_user):
            with self.subTest(user=user.login):
                self._login(user)
                self.assertEqual(self._get(url).status_code, 404)

    def test_certificate_is_checked_at_every_request(self):
        self.tandem.stage_id = self.stage_done
        urls = [
            f"{self._url(tandem_id)}/certificate?report_type={report_type}"
            for tandem_id in (self.tandem.id, self.missing_id, 2**31 + 7)
            for report_type in ("html", "pdf")
        ]
        own = self._url() + "/certificate?report_type=html"
        for user in self._outsiders():
            self._login(user)
            for url in urls:
                with self.subTest(user=user.login, url=url):
                    response = self._get(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn("took part as", response.text)
        self._login(None)
        response = self._get(own)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

        # The mentor leaves the program: their certificate goes, the mentee's stays.
        self.mentor_participant.action_cancel()
        self._login(self.mentor_user)
        self.assertEqual(self._get(own).status_code, 404)
        self.assertNotIn("o_mentoring_certificate", self._get(self._url()).text)
        self._login(self.mentee_user)
        self.assertEqual(self._get(own).status_code, 200)
        # A cancelled tandem prints no certificate for anyone.
        self.tandem.stage_id = self.stage_cancelled
        self.assertEqual(self._get(own).status_code, 404)
        self.assertNotIn("o_mentoring_certificate", self._get(self._url()).text)

    def test_back_end_report_needs_read_access(self):
        self.tandem.stage_id = self.stage_done
        url = (
            "/report/html/reverse_mentoring.report_mentoring_certificate/"
            f"{self.tandem.id}"
        )
        self._login(self.coordinator)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("took part as a mentee", response.text)
        for user in (self.other_user, self.foreign_coordinator):
            with self.subTest(user=user.login):
                self._login(user)
                response = self._get(url)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn("took part as", response.text)


@tagged("post_install", "-at_install")
class TestPortalBriefing(PortalCase):
    """Briefings are streamed by the portal, to members in the role they are
    for, checked at every request; no token opens them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mentor_guide = cls._file("Mentor guide.pdf", b"For mentors only")
        cls.mentee_guide = cls._file("Mentee guide.pdf", b"For mentees only")
        guides = cls.mentor_guide | cls.mentee_guide
        # Before, the program gave each briefing a token for portal links.
        guides.generate_access_token()
        cls.old_links = [
            f"/web/content/{guide.id}?access_token={guide.access_token}&download=true"
            for guide in guides
        ]
        cls.program.with_user(cls.coordinator).write(
            {
                "mentor_briefing_ids": [Command.link(cls.mentor_guide.id)],
                "mentee_briefing_ids": [Command.link(cls.mentee_guide.id)],
            }
        )
        # A file that is no briefing, and the briefing of another program.
        cls.stray_file = cls._file("Salaries.pdf", b"Salaries")
        cls.other_program = cls.env["mentoring.program"].create(
            {
                "name": "Elsewhere",
                "company_id": cls.company.id,
                "date_start": cls.program.date_start,
                "date_end": cls.program.date_end,
            }
        )
        cls.other_guide = cls._file("Other guide.pdf", b"Other guide")
        cls.other_program.mentor_briefing_ids = [Command.link(cls.other_guide.id)]

    @classmethod
    def _file(cls, name, content):
        """A file the coordinator uploads."""
        return (
            cls.env["ir.attachment"]
            .with_user(cls.coordinator)
            .create(
                {
                    "name": name,
                    "raw": content,
                    "res_model": "mentoring.program",
                    "res_id": 0,
                }
            )
        )

    def _briefing_url(self, attachment, tandem=None):
        return f"{self._url(tandem and tandem.id)}/briefing/{attachment.id}"

    def _assert_refused(self, url):
        response = self._get(url)
        self.assertEqual(response.status_code, 404)
        for secret in (b"only", b"Salaries", b"Other guide"):
            self.assertNotIn(secret, response.content)

    def test_members_download_the_briefing_of_their_role(self):
        for user, tandem, mine, theirs in (
            (self.mentor_user, self.tandem, self.mentor_guide, self.mentee_guide),
            (self.mentee_user, self.tandem, self.mentee_guide, self.mentor_guide),
            (
                self.portal_mentor_user,
                self.portal_tandem,
                self.mentor_guide,
                self.mentee_guide,
            ),
        ):
            with self.subTest(user=user.login):
                self._login(user)
                page = self._get(self._url(tandem.id)).text
                self.assertIn(f'href="{self._briefing_url(mine, tandem)}"', page)
                self.assertIn(mine.name, page)
                self.assertNotIn(theirs.name, page)
                self.assertNotIn("/web/content/", page)
                response = self._get(self._briefing_url(mine, tandem))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.content, mine.raw)
                self.assertIn("attachment", response.headers["Content-Disposition"])
                self.assertIn("no-store", response.headers["Cache-Control"])
                # The briefing of the other role, of another program, or no
                # briefing at all.
                for attachment in (theirs, self.other_guide, self.stray_file):
                    self._assert_refused(self._briefing_url(attachment, tandem))

    def _assert_file_refused(self, user, attachment, secret):
        """`user` neither downloads nor reads `attachment` outside the portal."""
        self._login(user)
        for url in (
            f"/web/content/{attachment.id}?download=true",
            f"/web/content/ir.attachment/{attachment.id}/raw",
            f"/web/content/ir.attachment/{attachment.id}/datas",
        ):
            response = self._get(url)
            self.assertNotEqual(response.status_code, 200, url)
            self.assertNotIn(secret, response.content)
        # /web/image answers a placeholder instead.
        self.assertNotIn(secret, self._get(f"/web/image/{attachment.id}").content)
        files = self.env["ir.attachment"].with_user(user)
        with self.assertRaises(AccessError):
            attachment.with_user(user).read(["raw"])
        with self.assertRaises(AccessError):
            files.browse(attachment.id).datas  # noqa: B018
        if not user.share:
            found = files.search([("res_model", "=", "mentoring.program")])
            self.assertNotIn(attachment, found)

    def test_files_open_outside_the_portal_for_coordinators_only(self):
        """/web/content and the ORM: a briefing is the coordinators' file, even
        for the members of the role it is for; New Round's copies too."""
        readers = {
            self.mentor_guide: (b"For mentors only", self.mentee_user),
            self.mentee_guide: (b"For mentees only", self.mentor_user),
        }
        for guide, (secret, other_role) in readers.items():
            for user in (
                other_role,
                self.mentor_user,
                self.mentee_user,
                self.portal_mentor_user,
                self.other_user,
                self.foreign_coordinator,
                self.foreign_portal_user,
            ):
                with self.subTest(guide=guide.name, user=user.login):
                    self._assert_file_refused(user, guide, secret)
            self._login(self.coordinator)
            response = self._get(f"/web/content/{guide.id}?download=true")
            self.assertEqual(response.content, secret)
        new = self.program.with_user(self.coordinator).action_new_round()
        copies = self.env["mentoring.program"].browse(new["res_id"]).mentor_briefing_ids
        self.assertEqual(copies.raw, b"For mentors only")
        for user in (self.mentor_user, self.other_user, self.foreign_coordinator):
            with self.subTest(copy=True, user=user.login):
                self._assert_file_refused(user, copies, b"For mentors only")
        # Nothing changed on the way.
        self.assertEqual(self.mentor_guide.raw, b"For mentors only")
        self.assertEqual(self.program.mentor_briefing_ids, self.mentor_guide)

    def test_a_file_of_another_record_never_becomes_a_briefing(self):
        """A coordinator who links someone else's file as a briefing does not
        get it streamed to them by the portal."""
        secret = self.env["ir.attachment"].create(
            {
                "name": "Payslip.pdf",
                "raw": b"Salaries",
                "res_model": "res.partner",
                "res_id": self.mentee.work_contact_id.id,
            }
        )
        for guide in (secret, self.other_guide):
            with self.subTest(file=guide.name), self.assertRaises(AccessError):
                self.program.with_user(self.coordinator).mentor_briefing_ids = [
                    Command.link(guide.id)
                ]
        self.assertEqual(self.program.mentor_briefing_ids, self.mentor_guide)
        self._login(self.mentor_user)
        self._assert_refused(self._briefing_url(secret))

    def test_outsiders_are_refused(self):
        urls = [
            f"{self._url(tandem_id)}/briefing/{attachment_id}"
            for tandem_id in (self.tandem.id, self.missing_id, 2**31 + 7)
            for attachment_id in (
                self.mentor_guide.id,
                self.mentee_guide.id,
                self.stray_file.id,
                2**31 + 7,
            )
        ]
        for user in self._outsiders():
            self._login(user)
            for url in urls:
                with self.subTest(user=user.login, url=url):
                    self._assert_refused(url)
        # Members do not reach them through another tandem either.
        self._login(self.mentor_user)
        self._assert_refused(self._briefing_url(self.mentor_guide, self.other_tandem))

    def test_public_is_sent_to_login(self):
        self._login(None)
        response = self._get(self._briefing_url(self.mentor_guide))
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertNotIn(b"only", response.content)

    def test_former_members_are_refused(self):
        mentor_url = self._briefing_url(self.mentor_guide)
        mentee_url = self._briefing_url(self.mentee_guide)
        # A done tandem keeps its briefings.
        self.tandem.stage_id = self.stage_done
        for user, url in (
            (self.mentor_user, mentor_url),
            (self.mentee_user, mentee_url),
        ):
            self._login(user)
            self.assertEqual(self._get(url).status_code, 200)
        # The mentor leaves the program.
        self.mentor_participant.action_cancel()
        self._login(self.mentor_user)
        self._assert_refused(mentor_url)
        self.assertNotIn("o_mentoring_briefing", self._get(self._url()).text)
        self._login(self.mentee_user)
        self.assertEqual(self._get(mentee_url).status_code, 200)
        # The tandem is cancelled.
        self.tandem.stage_id = self.stage_cancelled
        self._assert_refused(mentee_url)
        self.assertNotIn("o_mentoring_briefing", self._get(self._url()).text)
        # The mentee's employee is no longer theirs.
        self.tandem.stage_id = self.stage_active
        self.assertEqual(self._get(mentee_url).status_code, 200)
        self.mentee.user_id = False
        self._assert_refused(mentee_url)

    def test_old_token_links_no_longer_work(self):
        self.assertFalse(self.mentor_guide.access_token)
        self.assertFalse(self.mentee_guide.access_token)
        # A link with a valid token does work, for a file that is no briefing.
        self.stray_file.generate_access_token()
        valid = f"/web/content/{self.stray_file.id}?access_token="
        for user in (None, self.foreign_portal_user, self.mentor_user):
            self._login(user)
            with self.subTest(user=user and user.login):
                response = self._get(valid + self.stray_file.access_token)
                self.assertEqual(response.status_code, 200)
                for link in self.old_links:
                    response = self._get(link)
                    self.assertIn(response.status_code, (403, 404))
                    self.assertNotIn(b"only", response.content)

    def test_update_revokes_the_tokens_of_every_program(self):
        """A database where the briefings still have their tokens: updating the
        module revokes them, for every program."""
        guides = self.mentor_guide | self.mentee_guide | self.other_guide
        guides.generate_access_token()
        self.other_program.active = False
        link = f"/web/content/{self.other_guide.id}?access_token="
        link += self.other_guide.access_token
        self._login(self.foreign_portal_user)
        self.assertEqual(self._get(link).status_code, 200)
        convert_file(
            self.env,
            "reverse_mentoring",
            "views/portal_templates.xml",
            {},
            mode="update",
        )
        self.assertFalse(any(guides.mapped("access_token")))
        self.assertIn(self._get(link).status_code, (403, 404))


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


@tagged("post_install", "-at_install")
class TestPortalTandemLife(PortalCase):
    """What a member does with their tandem in the back end, they do on the
    portal: each form calls the model's own action as the user, and the
    models' rules decide (the refusals below carry the models' messages)."""

    def setUp(self):
        super().setUp()
        self._login(self.mentee_user)

    def _refused(self, path, data, message, tandem=None):
        before = self._sessions_state()
        body = self._submit(path, data, tandem)
        self.assertIn("alert-danger", body)
        self.assertIn(message, body)
        self.assertEqual(self._sessions_state(), before)
        return body

    def _ok(self, path, data=None, tandem=None):
        """Post a form as a member; the page must confirm it."""
        body = self._submit(path, data, tandem)
        notice = re.search(r'alert-(\w+) o_mentoring_notice">\s*([^<]*)', body)
        self.assertTrue(notice, "no notice on the page")
        self.assertEqual(notice.group(1), "success", notice.group(2))
        return body

    def _page(self, user=None, tandem=None):
        if user:
            self._login(user)
        response = self._get(self._url(tandem and tandem.id))
        self.assertEqual(response.status_code, 200)
        return response.text

    def _write_expectations(self, tandem=None):
        tandem = tandem or self.tandem
        tandem.with_user(tandem.mentor_user_id).mentor_expectations = "Teach reels"
        tandem.with_user(tandem.mentee_user_id).mentee_expectations = "Learn reels"

    # ------------------------------------------------------------------ expectations

    def test_each_member_writes_their_own_expectations(self):
        body = self._submit(
            "/expectations", {"expectations": "  Learn to post  ", "side": "mentee"}
        )
        self.assertIn("Your expectations are saved", body)
        self.assertIn(">Learn to post</textarea>", body)
        self.assertEqual(self.tandem.mentee_expectations, "Learn to post")
        self.assertFalse(self.tandem.mentor_expectations)
        # The mentor reads it, not in a form, and writes their own side: the
        # form's side may be left out.
        body = self._page(self.mentor_user)
        self.assertIn("o_mentoring_partner_expectations", body)
        self.assertIn("Learn to post", body)
        self.assertNotIn(">Learn to post</textarea>", body)
        self._submit("/expectations", {"expectations": "Teach Instagram"})
        self.env.invalidate_all()
        self.assertEqual(self.tandem.mentor_expectations, "Teach Instagram")
        self.assertEqual(self.tandem.mentee_expectations, "Learn to post")
        # Nobody writes the other side, whatever the form says: the tandem refuses.
        for user, side in ((self.mentor_user, "mentee"), (self.mentee_user, "mentor")):
            with self.subTest(user=user.login):
                self._login(user)
                self._refused(
                    "/expectations",
                    {"expectations": "forged", "side": side},
                    "writes their own expectations, and only theirs",
                )
        # Emptied by the member: the text goes.
        self._login(self.mentee_user)
        self._submit("/expectations", {"expectations": ""})
        self.env.invalidate_all()
        self.assertFalse(self.tandem.mentee_expectations)
        self.assertEqual(self.tandem.mentor_expectations, "Teach Instagram")

    def test_closed_tandem_keeps_its_expectations(self):
        self._write_expectations()
        self.tandem.stage_id = self.stage_done
        body = self._page()
        self.assertNotIn("o_mentoring_expectations_form", body)
        self.assertIn("Learn reels", body)
        self._refused("/expectations", {"expectations": "later"}, "is closed")

    # ------------------------------------------------------------------ kick-off

    def test_kickoff_tells_what_is_missing_then_both_agree(self):
        self.goal.unlink()
        body = self._page()
        self.assertIn("o_mentoring_kickoff_agree", body)
        self.assertIn("Write your expectations.", body)
        self.assertIn("has not written their expectations yet", body)
        self.assertIn("Add at least one learning goal.", body)
        self._refused("/kickoff/agree", {}, "Before agreeing on the kick-off")
        self._write_expectations()
        self._refused("/kickoff/agree", {}, "at least one learning goal")
        self._submit("/goal/new", {"name": "Post a reel"})
        body = self._page()
        self.assertNotIn("o_mentoring_kickoff_missing", body)

        body = self._submit("/kickoff/agree", {})
        self.assertIn("You agreed on the kick-off", body)
        self.assertIn("o_mentoring_kickoff_agreed", body)
        self.assertNotIn('o_mentoring_kickoff_agree"', body)
        self.assertTrue(self.tandem.kickoff_mentee_agreed)
        self.assertFalse(self.tandem.kickoff_mentor_agreed)
        self.assertIn(self.tandem.phase, ("proposed", "kickoff"))

        body = self._page(self.mentor_user)
        self.assertIn("o_mentoring_kickoff_partner_agreed", body)
        self._submit("/kickoff/agree", {})
        self.assertEqual(self.tandem.phase, "active")
        body = self._page()
        self.assertNotIn("o_mentoring_kickoff", body)
        self._refused("/kickoff/agree", {}, "The kick-off of this tandem is over")

    # ------------------------------------------------------------------ goals

    def test_add_edit_reach_and_remove_a_goal(self):
        deadline = fields.Date.today() + timedelta(days=20)
        body = self._page()
        self.assertIn(f'value="{self.topic.id}"', body)
        body = self._submit(
            "/goal/new",
            {
                "name": "Post a reel",
                "topic_id": str(self.topic.id),
                "date_deadline": deadline.isoformat(),
                "description": "With music",
            },
        )
        self.assertIn("The learning goal is added", body)
        goal = self.tandem.goal_ids.filtered(lambda g: g.name == "Post a reel")
        self.assertEqual(len(goal), 1)
        self.assertEqual(goal.topic_id, self.topic)
        self.assertEqual(goal.date_deadline, deadline)
        self.assertEqual(goal.description, "With music")
        self.assertIn(f'data-goal-id="{goal.id}"', body)

        # The partner edits it (both members set the goals).
        self._login(self.mentor_user)
        later = deadline + timedelta(days=5)
        body = self._submit(
            f"/goal/{goal.id}/edit",
            {
                "name": "Post two reels",
                "topic_id": "",
                "date_deadline": later.isoformat(),
                "description": "",
            },
        )
        self.assertIn("The learning goal is saved", body)
        self.assertEqual(goal.name, "Post two reels")
        self.assertFalse(goal.topic_id)
        self.assertEqual(goal.date_deadline, later)
        self.assertFalse(goal.description)
        # A form that leaves fields out leaves them as they are.
        self._submit(f"/goal/{goal.id}/edit", {"name": "Post three reels"})
        self.assertEqual(goal.date_deadline, later)

        self._submit(f"/goal/{goal.id}/done", {})
        self.assertTrue(goal.is_done)
        body = self._submit(f"/goal/{goal.id}/remove", {})
        self.assertIn("The learning goal is removed", body)
        self.assertFalse(goal.exists())
        self.assertEqual(self.tandem.goal_ids, self.goal)

    def test_goal_rules_are_the_models(self):
        outside = self.program.date_end + timedelta(days=1)
        for data, message in (
            ({"name": ""}, "Give the learning goal a name"),
            ({"name": "   "}, "Give the learning goal a name"),
            ({"date_deadline": "2030-01-01"}, "values it does not take"),
            (
                {"name": "Late", "date_deadline": outside.isoformat()},
                "must lie within the program",
            ),
            ({"name": "Odd", "date_deadline": "31.12.2030"}, "as a date"),
            ({"name": "Odd", "date_deadline": "2030-02-30"}, "as a date"),
            ({"name": "Odd", "topic_id": "abc"}, "values it does not take"),
            ({"name": "Odd", "topic_id": "-1"}, "values it does not take"),
            ({"name": "Odd", "topic_id": str(2**31 + 7)}, "values it does not take"),
            ({"name": "x" * 201}, "at most 200 characters"),
        ):
            with self.subTest(data=data):
                self._refused("/goal/new", data, message)
                if "name" in data:
                    self._refused(f"/goal/{self.goal.id}/edit", data, message)

    def test_missing_topic_is_refused(self):
        with mute_logger(
            "odoo.sql_db", "odoo.addons.reverse_mentoring.controllers.portal"
        ):
            self._refused(
                "/goal/new",
                {"name": "Odd", "topic_id": str(self.missing_id)},
                "could not be saved",
            )

    def test_goals_of_other_tandems_are_refused(self):
        for goal_id in (self.other_goal.id, self.missing_id, 2**31 + 7):
            for path, data in (
                (f"/goal/{goal_id}/edit", {"name": "forged"}),
                (f"/goal/{goal_id}/remove", {}),
                (f"/goal/{goal_id}/done", {}),
            ):
                with self.subTest(path=path):
                    self._refused(path, data, "not one of this tandem")
        # An edit without any field changes nothing.
        self._refused(f"/goal/{self.goal.id}/edit", {}, "values it does not take")

    def test_closed_tandem_goals_are_frozen(self):
        for stage in (self.stage_done, self.stage_cancelled):
            self.tandem.stage_id = stage
            body = self._page()
            self.assertNotIn("o_mentoring_new_goal", body)
            self.assertNotIn("o_mentoring_goal_remove", body)
            for path, data in (
                ("/goal/new", {"name": "Late"}),
                (f"/goal/{self.goal.id}/edit", {"name": "Late"}),
                (f"/goal/{self.goal.id}/remove", {}),
            ):
                with self.subTest(stage=stage.name, path=path):
                    self._refused(path, data, "is closed: its goals and sessions")

    # ------------------------------------------------------------------ sessions

    def test_mark_a_past_session_held(self):
        past = self._session(self.tandem, days=-2)
        body = self._page()
        # Only the planned session that has started offers to be marked held.
        self.assertEqual(re.findall(r'session/(\d+)/done"', body), [str(past.id)])
        body = self._submit(f"/session/{past.id}/done", {})
        self.assertIn("The session is marked as held", body)
        self.assertEqual(past.state, "done")
        self.assertNotIn("o_mentoring_session_done", body)
        # The pulse of the program is offered on the page.
        if self.program.ask_session_pulse:
            self.assertIn("o_mentoring_pending", body)
        self._refused(f"/session/{past.id}/done", {}, "stays held")
        self._refused(
            f"/session/{self.planned_session.id}/done", {}, "has not started yet"
        )
        for session_id in (self.other_session.id, self.missing_id, 2**31 + 7):
            with self.subTest(session_id=session_id):
                self._refused(
                    f"/session/{session_id}/done", {}, "not one of this tandem"
                )

    # ------------------------------------------------------------------ closing early

    def test_early_closure_proposed_declined_then_confirmed(self):
        self.tandem.stage_id = self.stage_active
        self._refused("/closure/propose", {"reason": "  "}, "Say why")
        self._refused("/closure/propose", {}, "values it does not take")
        self._refused("/closure/agree", {}, "Propose the early closure")
        self._refused("/closure/decline", {}, "no early closure of your partner")

        body = self._submit("/closure/propose", {"reason": "LinkedIn is covered"})
        self.assertIn("Your proposal to close early is sent", body)
        self.assertIn("o_mentoring_closure_proposed", body)
        self.assertNotIn("o_mentoring_closure_agree", body)
        self.assertEqual(self.tandem.closure_proposed_side, "mentee")
        self.assertEqual(self.tandem.closure_reason, "LinkedIn is covered")
        # The one who proposed does not confirm nor decline their own proposal,
        # nor propose again.
        self._refused("/closure/agree", {}, "Your partner confirms")
        self._refused("/closure/decline", {}, "no early closure of your partner")
        self._refused("/closure/propose", {"reason": "again"}, "already proposed")

        # The partner sees it, with the reason, and declines.
        body = self._page(self.mentor_user)
        self.assertIn("o_mentoring_closure_request", body)
        self.assertIn("LinkedIn is covered", body)
        self.assertIn("o_mentoring_closure_agree", body)
        body = self._submit("/closure/decline", {})
        self.assertIn("You declined to close early", body)
        self.assertFalse(self.tandem.closure_proposed_side)
        self.assertFalse(self.tandem.closure_reason)
        self.assertIn("o_mentoring_closure_propose", body)
        self.assertEqual(self.tandem.phase, "active")

        # The mentor proposes in turn; the mentee confirms.
        self._submit("/closure/propose", {"reason": "All goals reached"})
        self._login(self.mentee_user)
        body = self._submit("/closure/agree", {})
        self.assertIn("The tandem is closed early", body)
        self.assertEqual(self.tandem.phase, "done")
        self.assertTrue(self.tandem.closed_early)
        # Both get their final evaluation, listed under the surveys to answer,
        # and their certificate.
        for user, survey in (
            (self.mentee_user, self.program.final_mentee_survey_id),
            (self.mentor_user, self.program.final_mentor_survey_id),
        ):
            with self.subTest(user=user.login):
                body = self._page(user)
                self.assertIn("o_mentoring_certificate", body)
                self.assertIn(survey.title, body)
                self.assertIn("o_mentoring_answer", body)
                self.assertNotIn("o_mentoring_closure", body)
        self._refused("/closure/propose", {"reason": "again"}, "already closed")

    # ------------------------------------------------------------------ going on

    def test_going_on_at_the_end(self):
        self.tandem.stage_id = self.stage_active
        self.assertNotIn("o_mentoring_continue", self._page())
        self._refused("/continue", {}, "chosen at its end")
        self.tandem.stage_id = self.env.ref("reverse_mentoring.stage_closing")
        body = self._page()
        self.assertIn("o_mentoring_continue_agree", body)
        body = self._submit("/continue", {})
        self.assertIn("You chose to go on", body)
        self.assertTrue(self.tandem.continue_mentee_agreed)
        self.assertEqual(self.tandem.phase, "closing")
        body = self._page(self.mentor_user)
        self.assertIn("o_mentoring_continue_partner_agreed", body)
        self._submit("/continue", {})
        self.assertEqual(self.tandem.phase, "continued")
        body = self._page()
        self.assertIn("o_mentoring_continued", body)
        self.assertNotIn("o_mentoring_closure", body)
        self._refused("/continue", {}, "Only a tandem still in the program")
        # A continued tandem keeps planning sessions, after the program too.
        slot, utc = self._later(
            days=(self.program.date_end - fields.Date.today()).days + 10
        )
        body = self._submit("/session/new", {**slot, "duration": "1"})
        self.assertIn("The session is planned", body)
        self.assertTrue(self.tandem.session_ids.filtered(lambda s: s.start == utc))

    def test_program_end_offers_going_on(self):
        today = fields.Date.today()
        program = self.env["mentoring.program"].create(
            {
                "name": "Ends Today",
                "company_id": self.company.id,
                "date_start": today - timedelta(days=120),
                "date_end": today,
                "state": "running",
            }
        )
        self._enrol(self.mentor, "mentor", program)
        self._enrol(self.mentee, "mentee", program)
        tandem = self.env["mentoring.tandem"].create(
            {
                "program_id": program.id,
                "mentor_id": self.mentor.id,
                "mentee_id": self.mentee.id,
                "stage_id": self.stage_active.id,
            }
        )
        self.assertIn("o_mentoring_continue_agree", self._page(tandem=tandem))
        self._ok("/continue", {}, tandem)
        self.assertTrue(tandem.continue_mentee_agreed)

    # ------------------------------------------------------------------ new partner

    def _coordinator_activities(self, participant):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "mentoring.participant"),
                ("res_id", "=", participant.id),
            ]
        )

    def test_ask_for_a_new_partner_in_confidence(self):
        self.tandem.stage_id = self.stage_active
        messages = self.tandem.message_ids
        body = self._submit("/new_partner", {"reason": "We never meet"})
        self.assertIn("Your request is sent to the coordinators only", body)
        activity = self._coordinator_activities(self.mentee_participant)
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertNotIn("We never meet", str(activity.note))
        self.assertIn(self.mentor, self.mentee_participant.avoid_employee_ids)
        # The partner is told nothing.
        self.assertEqual(self.tandem.message_ids, messages)
        self.assertNotIn("We never meet", self._page(self.mentor_user))

        self._login(self.mentor_user)
        self._submit("/new_partner", {"reason": "Too busy", "share_reason": "1"})
        activity = self._coordinator_activities(self.mentor_participant)
        self.assertIn("Too busy", str(activity.note))
        self.assertNotIn("Too busy", self._page(self.mentee_user))
        self.assertEqual(self.tandem.message_ids, messages)
        # Without a reason too.
        self._submit("/new_partner", {})
        self.assertEqual(len(self._coordinator_activities(self.mentee_participant)), 2)

    # ------------------------------------------------------------------ portal users

    def test_portal_mentor_does_it_all(self):
        tandem = self.portal_tandem
        self._login(self.portal_mentor_user)
        self._ok("/expectations", {"expectations": "Teach"}, tandem)
        self.assertEqual(tandem.mentor_expectations, "Teach")
        self._ok("/goal/new", {"name": "A goal"}, tandem)
        goal = tandem.goal_ids
        self.assertEqual(goal.name, "A goal")
        self._ok(f"/goal/{goal.id}/edit", {"name": "The goal"}, tandem)
        self.assertEqual(goal.name, "The goal")
        tandem.sudo().mentee_expectations = "Learn"
        self._ok("/kickoff/agree", {}, tandem)
        self.assertTrue(tandem.kickoff_mentor_agreed)
        past = self._session(tandem, days=-1)
        self._ok(f"/session/{past.id}/done", {}, tandem)
        self.assertEqual(past.state, "done")
        self._ok(f"/goal/{goal.id}/done", {}, tandem)
        self.assertTrue(goal.is_done)
        self._ok("/closure/propose", {"reason": "Done"}, tandem)
        self.assertEqual(tandem.closure_proposed_side, "mentor")
        self._ok("/new_partner", {"reason": "x"}, tandem)
        self.assertTrue(
            self._coordinator_activities(
                self.env["mentoring.participant"].search(
                    [("employee_id", "=", self.portal_mentor.id)]
                )
            )
        )
        # and never the other side, or another tandem's goal.
        self._refused(
            "/expectations",
            {"expectations": "forged", "side": "mentee"},
            "only theirs",
            tandem,
        )
        self._refused(
            f"/goal/{self.goal.id}/edit", {"name": "forged"}, "not one of", tandem
        )

    def test_internal_member_of_a_cross_company_tandem(self):
        """An internal mentee whose mentor works for a partner organisation:
        what they do touches a person of a company they cannot read."""
        tandem = self.portal_tandem
        mentee_user = self._user("rm_cross_mentee")
        mentee_user.tz = "Europe/Zurich"
        self.portal_mentee.user_id = mentee_user
        tandem.stage_id = self.stage_active
        self._login(mentee_user)
        slot, utc = self._later(days=4)
        self._ok("/session/new", {**slot, "duration": "1"}, tandem)
        session = tandem.session_ids.filtered(lambda s: s.start == utc)
        self.assertEqual(
            session.calendar_event_id.partner_ids,
            self.portal_mentor_user.partner_id | mentee_user.partner_id,
        )
        past = self._session(tandem, days=-1)
        self._ok(f"/session/{past.id}/done", {}, tandem)
        self.assertEqual(past.state, "done")
        self._ok("/closure/propose", {"reason": "Covered"}, tandem)
        self._login(self.portal_mentor_user)
        self._ok("/closure/agree", {}, tandem)
        self.assertEqual(tandem.phase, "done")

    # ------------------------------------------------------------------ forged requests

    def test_missing_csrf_token(self):
        before = self._sessions_state()
        for path in (
            "/expectations",
            "/kickoff/agree",
            "/goal/new",
            f"/goal/{self.goal.id}/edit",
            f"/goal/{self.goal.id}/remove",
            f"/session/{self.planned_session.id}/done",
            "/closure/propose",
            "/closure/agree",
            "/closure/decline",
            "/continue",
            "/new_partner",
        ):
            for token in (None, "forged"):
                with self.subTest(path=path, token=token):
                    data = {"name": "x", "reason": "x", "expectations": "x"}
                    if token:
                        data["csrf_token"] = token
                    response = self._post(self._url() + path, data, csrf=False)
                    self.assertEqual(response.status_code, 400)
                    # and no GET either
                    response = self._get(self._url() + path)
                    self.assertEqual(response.status_code, 405)
        self.assertEqual(self._sessions_state(), before)


@tagged("post_install", "-at_install", "is_tour")
class TestPortalJourneyTour(PortalCase):
    """A mentor of a partner organisation (a portal user) and an internal
    mentee take their tandem from Proposed to Done on the portal, by
    themselves, in Chromium: one tour per turn, the logins alternating."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journey_mentee_user = cls._user("rm_journey_mentee")
        cls.journey_mentee_user.tz = "Europe/Zurich"
        cls.portal_mentor_user.tz = "Europe/Zurich"
        cls.portal_mentee.user_id = cls.journey_mentee_user
        cls.portal_session.unlink()

    def _turn(self, user, tour, url=None):
        self.start_tour(url or self._url(self.portal_tandem.id), tour, login=user.login)
        self.env.invalidate_all()

    def test_a_tandem_from_proposed_to_done(self):
        tandem = self.portal_tandem
        mentor, mentee = self.portal_mentor_user, self.journey_mentee_user
        self.assertEqual(tandem.phase, "proposed")
        self.assertFalse(tandem.goal_ids or tandem.session_ids)

        # Both write their expectations; the mentee adds a goal.
        self._turn(mentee, "reverse_mentoring_journey_mentee_start")
        self.assertEqual(
            tandem.mentee_expectations, "Use Instagram and LinkedIn confidently"
        )
        goal = tandem.goal_ids
        self.assertEqual(goal.name, "Post a reel every week")
        self.assertTrue(goal.topic_id)
        self.assertEqual(goal.date_deadline, self.program.date_end)

        # The mentor writes theirs and agrees; then the mentee agrees too and
        # plans a session.
        self._turn(mentor, "reverse_mentoring_journey_mentor_kickoff")
        self.assertEqual(tandem.mentor_expectations, "Show the tools I use every day")
        self.assertTrue(tandem.kickoff_mentor_agreed)
        self.assertIn(tandem.phase, ("proposed", "kickoff"))
        self._turn(mentee, "reverse_mentoring_journey_mentee_kickoff")
        self.assertEqual(tandem.phase, "active")
        session = tandem.session_ids
        self.assertEqual(len(session), 1)
        self.assertEqual(session.location, "Canteen")
        self.assertEqual(_local(session.start).time(), time(10))
        self.assertEqual(
            _local(session.start).date(),
            (datetime.now(ZURICH) + timedelta(days=1)).date(),
        )
        self.assertEqual(
            session.calendar_event_id.partner_ids,
            mentor.partner_id | mentee.partner_id,
        )

        # Time passes: the session took place two hours ago.
        session.start = fields.Datetime.now().replace(second=0, microsecond=0) - (
            timedelta(hours=2)
        )
        self._turn(mentor, "reverse_mentoring_journey_mentor_held")
        self.assertEqual(session.state, "done")
        self.assertTrue(goal.is_done)
        self.assertEqual(tandem.closure_proposed_side, "mentor")
        self.assertEqual(tandem.closure_reason, "We covered what we set out to learn")
        self.assertEqual(tandem.phase, "active")

        # The mentee answers the pulse of the session, then confirms.
        pulse = self.env["survey.user_input"]._mentoring_pending(
            tandem, mentee.partner_id
        )
        if self.program.ask_session_pulse:
            self.assertEqual(pulse.mentoring_session_id, session)
            self._turn(mentee, "reverse_mentoring_portal_feedback", "/my/mentoring")
            self.assertEqual(pulse.state, "done")
        self._turn(mentee, "reverse_mentoring_journey_mentee_close")
        self.assertEqual(tandem.phase, "done")
        self.assertTrue(tandem.closed_early)
        self._turn(mentor, "reverse_mentoring_journey_mentor_done")

        # Each has their final evaluation and their certificate.
        for user, survey in (
            (mentor, self.program.final_mentor_survey_id),
            (mentee, self.program.final_mentee_survey_id),
        ):
            with self.subTest(user=user.login):
                pending = self.env["survey.user_input"]._mentoring_pending(
                    tandem, user.partner_id
                )
                # (the mentor did not answer the pulse: it waits too)
                self.assertIn(survey, pending.survey_id)
                self._login(user)
                response = self._get(
                    self._url(tandem.id) + "/certificate?report_type=html"
                )
                self.assertEqual(response.status_code, 200)
