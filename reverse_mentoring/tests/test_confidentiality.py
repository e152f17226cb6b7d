"""What belongs to a tandem's two people, attacked by every other role.

Each test logs in as the role that tries, proves the refusal and proves that
nothing changed.
"""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..matching.scoring import CRITERIA
from .common import MentoringCase
from .test_matching import MatchingCase

NOTES = "<p>Hans admits he has never posted on LinkedIn.</p>"


def notes_of(session, user):
    session = session.with_user(user)
    session.invalidate_recordset()
    return session.private_notes


@tagged("post_install", "-at_install")
class TestNotesMembership(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planned_session.with_user(cls.mentee_user).private_notes = NOTES
        cls.hr_officer = new_test_user(
            cls.env,
            login="rm_hr_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def test_nobody_rewrites_the_member_users_of_a_tandem(self):
        for user in (self.coordinator, self.mentoring_admin):
            for field in ("mentor_user_id", "mentee_user_id"):
                with self.subTest(user=user.login, field=field):
                    with self.assertRaisesRegex(AccessError, "Mentee User|Mentor User"):
                        self.tandem.with_user(user).write({field: user.id})
                    self.assertEqual(self.tandem.mentor_user_id, self.mentor_user)
                    self.assertEqual(self.tandem.mentee_user_id, self.mentee_user)
                    self.assertFalse(notes_of(self.planned_session, user))

    def test_a_user_linked_later_reads_no_earlier_note(self):
        # HR officers no longer re-link a member (test_trust.py); the
        # superuser still can, and the notes stay with their writers.
        with self.assertRaises(UserError):
            self.mentee.with_user(self.hr_officer).user_id = self.hr_officer
        self.assertEqual(self.tandem.mentee_user_id, self.mentee_user)
        self.mentee.user_id = self.hr_officer
        self.assertEqual(self.tandem.mentee_user_id, self.hr_officer)
        self.assertFalse(notes_of(self.planned_session, self.hr_officer))
        self.assertEqual(notes_of(self.planned_session, self.mentor_user), NOTES)
        # What they write from now on is a note of the new pair; the earlier
        # one stays as it was, for the people who wrote it.
        self.planned_session.with_user(self.hr_officer).private_notes = "<p>Mine</p>"
        self.assertEqual(notes_of(self.planned_session, self.hr_officer), "<p>Mine</p>")
        self.mentee.user_id = self.mentee_user
        self.assertEqual(notes_of(self.planned_session, self.mentee_user), NOTES)

    def test_onchange_with_another_tandem_reveals_nothing(self):
        """A coordinator who is a member elsewhere cannot borrow that membership."""
        own = self._employee("Cora Coordinator", user=self.coordinator, parent=self.ceo)
        self._enrol(own, "mentor")
        mentee = self._employee("Cora's Mentee", parent=self.ceo)
        self._enrol(mentee, "mentee")
        own_tandem = self.env["mentoring.tandem"].create(
            {"program_id": self.program.id, "mentor_id": own.id, "mentee_id": mentee.id}
        )
        session = self.planned_session.with_user(self.coordinator)
        result = session.onchange(
            {"tandem_id": own_tandem.id},
            ["tandem_id"],
            {"tandem_id": {}, "is_member": {}, "private_notes": {}},
        )
        self.assertNotIn("LinkedIn", str(result))
        self.assertFalse(notes_of(self.planned_session, self.coordinator))

    def test_notes_leave_by_no_other_way(self):
        for user in (self.coordinator, self.mentoring_admin, self.hr_officer):
            with self.subTest(user=user.login):
                sessions = self.env["mentoring.session"].with_user(user)
                with self.assertRaisesRegex(ValueError, "private_notes"):
                    sessions.read_group([], ["private_notes"], ["private_notes"])
                if user == self.hr_officer:
                    continue
                self.assertFalse(sessions.name_search("LinkedIn"))
        texts = " ".join(
            (self.planned_session.message_ids | self.tandem.message_ids).mapped("body")
            + self.env["mail.activity"].search([]).mapped("note")
            + self.env["mail.mail"].search([]).mapped("body_html")
        )
        self.assertNotIn("LinkedIn", texts)

    def test_pasted_images_leave_the_session(self):
        """The editor uploads a pasted image to the session; saving hides it."""
        image = (
            self.env["ir.attachment"]
            .with_user(self.mentee_user)
            .create(
                {
                    "name": "whiteboard.png",
                    "raw": b"\x89PNG\r\n\x1a\n",
                    "res_model": "mentoring.session",
                    "res_id": self.planned_session.id,
                }
            )
        )
        token = image.sudo().generate_access_token()[0]
        body = f'<p>Board</p><img src="/web/image/{image.id}-abc?access_token={token}">'
        self.planned_session.with_user(self.mentee_user).private_notes = body
        attachments = self.env["ir.attachment"].with_user(self.coordinator)
        self.assertFalse(
            attachments.search(
                [
                    ("res_model", "=", "mentoring.session"),
                    ("res_id", "=", self.planned_session.id),
                ]
            )
        )
        with self.assertRaises(AccessError):
            attachments.browse(image.id).read(["raw"])
        self.assertIn(token, notes_of(self.planned_session, self.mentor_user))
        self.assertEqual(image.sudo().res_model, "mentoring.session.note")


@tagged("post_install", "-at_install")
class TestOwnership(MentoringCase):
    def _held(self):
        session = self._session(self.tandem, days=-1)
        session.action_done()
        return session

    def test_members_cannot_move_parts_elsewhere(self):
        other_program = self.env["mentoring.program"].create(
            {"name": "Elsewhere", "company_id": self.other_company.id}
        )
        for record in (self.planned_session, self.goal):
            for field, value in (
                ("company_id", self.other_company.id),
                ("program_id", other_program.id),
            ):
                with self.subTest(model=record._name, field=field):
                    with self.assertRaises(AccessError):
                        record.with_user(self.mentee_user).write({field: value})
                    self.assertEqual(record[field], self.tandem[field])
        with self.assertRaises(AccessError):
            self.planned_session.with_user(self.mentor_user).reschedule_count = 9
        self.assertEqual(self.planned_session.reschedule_count, 0)

    def test_forged_context_does_not_relink_the_event(self):
        other = self.env["calendar.event"].create(
            {
                "name": "Lunch",
                "start": self.planned_session.start,
                "stop": self.planned_session.stop,
            }
        )
        session = self.planned_session.with_user(self.mentee_user).with_context(
            mentoring_calendar_sync=True
        )
        with self.assertRaises(AccessError):
            session.write({"calendar_event_id": other.id})
        self.assertNotEqual(self.planned_session.calendar_event_id, other)

    def test_a_held_session_stays_held(self):
        held = self._held()
        start = held.start
        for vals in (
            {"state": "planned"},
            {"state": "cancelled"},
            {"start": start - timedelta(hours=2)},
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, "held"):
                    held.with_user(self.mentee_user).write(vals)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            held.with_user(self.mentee_user).unlink()
        self.assertRecordValues(held, [{"state": "done", "start": start}])

    def test_coordinators_cannot_forge_agreements_or_scores(self):
        for field, value in (
            ("kickoff_mentor_agreed", True),
            ("closure_mentee_agreed", True),
            ("match_score", 100),
            ("closed_early", True),
            ("health", "on_track"),
        ):
            with self.subTest(field=field):
                with self.assertRaises(AccessError):
                    self.tandem.with_user(self.coordinator).write({field: value})
                self.assertNotEqual(self.tandem[field], value)

    def test_ownership_set_at_creation_never_changes(self):
        other_program = self.env["mentoring.program"].create(
            {"name": "Second round", "company_id": self.company.id}
        )
        for record, field, value in (
            (self.program, "company_id", self.other_company),
            (self.tandem, "program_id", other_program),
            (self._enrol(self.other, "mentee"), "program_id", other_program),
        ):
            with self.subTest(model=record._name, field=field):
                with self.assertRaisesRegex(UserError, "never changes"):
                    record.with_user(self.coordinator).write({field: value.id})
                self.assertNotEqual(record[field], value)


@tagged("post_install", "-at_install")
class TestClosedTandemIsFrozen(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls.planned_session.calendar_event_id
        cls.tandem.stage_id = cls.stage_done

    def test_sessions_and_goals_stay_as_they_were(self):
        session = self.planned_session.with_user(self.mentee_user)
        attempts = (
            lambda: session.write({"location": "Elsewhere"}),
            lambda: self.env["mentoring.session"]
            .with_user(self.mentee_user)
            .create({"tandem_id": self.tandem.id, "start": session.start}),
            lambda: self.goal.with_user(self.mentee_user).write({"is_done": True}),
            lambda: self.env["mentoring.goal"]
            .with_user(self.mentor_user)
            .create({"tandem_id": self.tandem.id, "name": "One more"}),
            lambda: self.goal.with_user(self.coordinator).unlink(),
        )
        for index, attempt in enumerate(attempts):
            with (
                self.subTest(attempt=index),
                self.assertRaisesRegex(UserError, "is closed"),
            ):
                attempt()
        self.assertRecordValues(self.goal, [{"is_done": False}])
        self.assertFalse(self.planned_session.location)
        self.assertEqual(len(self.tandem.session_ids), 1)
        self.assertEqual(len(self.tandem.goal_ids), 1)

    def test_members_still_keep_their_notes(self):
        self.planned_session.with_user(self.mentor_user).private_notes = NOTES
        self.assertEqual(notes_of(self.planned_session, self.mentee_user), NOTES)

    def test_the_calendar_does_not_move_the_session(self):
        start = self.planned_session.start
        with self.assertRaisesRegex(UserError, "is closed"):
            self.event.with_user(self.mentee_user).write(
                {
                    "start": start + timedelta(days=1),
                    "stop": start + timedelta(days=1, hours=1),
                }
            )
        self.assertEqual(self.planned_session.start, start)
        self.assertEqual(self.event.start, start)


@tagged("post_install", "-at_install")
class TestCalendarShowsBusyTimeOnly(MentoringCase):
    def test_colleagues_find_no_tandem_by_name(self):
        events = self.env["calendar.event"].with_user(self.other_user)
        for name in (self.mentor.name, self.mentee.name, self.tandem.name):
            with self.subTest(name=name):
                self.assertFalse(events.search([("name", "ilike", name)]))
        event = self.planned_session.calendar_event_id.with_user(self.other_user)
        self.assertFalse(event.user_id, "no organiser to tell who meets")
        with self.assertRaises(AccessError):
            event.read(["mentoring_session_ids"])

    def test_the_event_of_a_held_session_stays(self):
        held = self._session(self.tandem, days=-1)
        held.action_done()
        event = held.calendar_event_id
        with self.assertRaisesRegex(UserError, "Only a planned session"):
            event.with_user(self.mentor_user).write(
                {
                    "start": held.start + timedelta(hours=1),
                    "stop": held.stop + timedelta(hours=1),
                }
            )
        with self.assertRaisesRegex(UserError, "stays in the calendar"):
            event.with_user(self.mentor_user).unlink()
        self.assertTrue(event.exists())
        self.assertEqual(held.state, "done")


@tagged("post_install", "-at_install")
class TestHostileInput(MentoringCase):
    def test_texts_are_refused_whole(self):
        session = self.planned_session.with_user(self.mentee_user)
        for vals, message in (
            ({"location": "Room\x00 1"}, "NUL"),
            ({"location": "x" * 201}, "at most 200 characters"),
            ({"name": "Lunch", "location": "y" * 10_000}, "at most 200 characters"),
            ({"private_notes": "<p>" + "z" * 200_001 + "</p>"}, "at most 200000"),
        ):
            with self.subTest(field=list(vals)):
                with self.assertRaisesRegex(ValidationError, message):
                    session.write(vals)
        self.assertRecordValues(
            self.planned_session, [{"location": False, "name": "Mentoring session"}]
        )
        self.assertFalse(notes_of(self.planned_session, self.mentee_user))
        with self.assertRaisesRegex(ValidationError, "NUL"):
            self.env["mentoring.goal"].with_user(self.mentor_user).create(
                {"tandem_id": self.tandem.id, "name": "Goal\x00"}
            )
        self.assertEqual(len(self.tandem.goal_ids), 1)

    def test_a_long_move_reason_is_cut(self):
        session = self.planned_session.with_user(self.mentee_user)
        session.with_context(mentoring_move_reason="r" * 100_000 + "\x00").write(
            {"start": session.start + timedelta(hours=2)}
        )
        body = self.planned_session.message_ids[0].body
        self.assertIn("r" * 500, body)
        self.assertNotIn("r" * 501, body)


@tagged("post_install", "-at_install")
class TestAgeStaysCoarse(MatchingCase):
    def test_only_the_band_of_the_age_gap_reaches_the_score(self):
        self.program.write(
            {f"weight_{criterion}": 0 for criterion in CRITERIA} | {"weight_age": 100}
        )
        mentee = self._person("Senior", "mentee", born=1960)
        mentors = [
            self._person(f"Mentor {year}", "mentor", born=year, capacity=1)
            for year in (1988, 1999)
        ]
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == mentee)
        scores = {line.mentor_id: line.score}
        other = set(mentors) - {line.mentor_id}
        line.mentor_id = other.pop()
        scores[line.mentor_id] = line.score
        self.assertEqual(len(scores), 2)
        self.assertEqual(
            set(scores.values()), {100.0}, "28 and 39 years apart: the same band"
        )
