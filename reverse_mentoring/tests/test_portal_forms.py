"""The employee portal's forms: what a member types is what the tandem keeps."""

import re
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import PortalCase, local_in_zurich


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

    def test_times_show_without_seconds_in_the_members_time_zone(self):
        """Sessions and concerns read as core's portal writes times: the weekday,
        the member's time zone and no seconds; the mails neither."""
        self.tandem.stage_id = self.stage_active
        start = datetime.combine(
            fields.Date.today() + timedelta(days=5), time(12, 34, 56)
        )
        self.planned_session.start = start
        self._login(self.mentor_user)
        self._post(self._url() + "/concern", {"description": "Too many cancellations"})
        # English's formats in Odoo: %m/%d/%Y and %H:%M:%S, the seconds hidden.
        shown = local_in_zurich(start).strftime("%a %m/%d/%Y %H:%M")
        with_seconds = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
        for url in (self._url(), "/my/mentoring"):
            with self.subTest(url=url):
                page = self._get(url).text
                main = page[page.index("<main") : page.index("</main>")]
                self.assertIn(shown, main)
                self.assertNotIn(start.strftime("%H:%M"), main, "shown in UTC")
                self.assertFalse(with_seconds.findall(main))
        templates = self.env["mail.template"].search(
            [("model", "=", "mentoring.tandem")]
        )
        self.assertTrue(templates)
        for template in templates:
            with self.subTest(template=template.name):
                body = template.with_context(
                    mentoring_recipient="Hans Senior"
                )._render_field("body_html", self.tandem.ids)[self.tandem.id]
                self.assertFalse(with_seconds.findall(body))

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
            local_in_zurich(session.start).replace(tzinfo=None),
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
