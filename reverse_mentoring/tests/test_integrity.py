"""Integrity rules: bad input is refused with nothing written.

Each test also proves that the nearest good input passes.
"""

from datetime import datetime, time, timedelta

import pytz
from psycopg2.errors import UniqueViolation

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import MentoringCase


class TestTandemIntegrity(MentoringCase):
    def _create_tandem(self, mentor, mentee, **vals):
        return (
            self.env["mentoring.tandem"]
            .with_user(self.coordinator)
            .create(
                {
                    "program_id": self.program.id,
                    "mentor_id": mentor.id,
                    "mentee_id": mentee.id,
                    **vals,
                }
            )
        )

    def assertRefused(self, mentor, mentee, message, **vals):
        count = self.env["mentoring.tandem"].search_count([])
        with self.assertRaisesRegex(ValidationError, message):
            self._create_tandem(mentor, mentee, **vals)
        self.assertEqual(
            self.env["mentoring.tandem"].search_count([]),
            count,
            "nothing may be written",
        )

    def test_mentor_is_not_the_mentee(self):
        person = self._employee("Both Roles", parent=self.ceo)
        self._enrol(person, "mentor")
        self._enrol(person, "mentee")
        self.assertRefused(person, person, "cannot mentor themselves")
        other_mentee = self._employee("Real Mentee", parent=self.ceo)
        self._enrol(other_mentee, "mentee")
        self.assertTrue(self._create_tandem(person, other_mentee))

    def test_nobody_mentors_their_own_reporting_line(self):
        # ceo > director > manager; the young mentor reports to the manager.
        director = self._employee("Diana Director", parent=self.ceo)
        manager = self._employee("Max Manager", parent=director)
        young = self._employee("Yuri Young", parent=manager)
        peer = self._employee("Petra Peer", parent=self.ceo)
        self._enrol(young, "mentor", capacity=3)
        for boss in (manager, director, peer):
            self._enrol(boss, "mentee")
        self.assertRefused(young, manager, "reports to")  # direct boss
        self.assertRefused(young, director, "reports to")  # two levels up
        # and the other way round: a mentee who reports to the mentor
        senior_mentor = self._employee("Senior Mentor", parent=self.ceo)
        report = self._employee("Report Mentee", parent=senior_mentor)
        self._enrol(senior_mentor, "mentor")
        self._enrol(report, "mentee")
        self.assertRefused(senior_mentor, report, "reports to")
        # the nearest good input: someone outside the chain
        self.assertTrue(self._create_tandem(young, peer))

    def test_no_two_open_tandems_for_the_same_pair(self):
        self.mentor_participant.capacity = 3
        self.assertRefused(self.mentor, self.mentee, "already form an open tandem")
        self.tandem.stage_id = self.stage_done
        self.assertTrue(self._create_tandem(self.mentor, self.mentee))

    def test_reopening_a_closed_duplicate_is_refused(self):
        self.mentor_participant.capacity = 3
        self.tandem.stage_id = self.stage_done
        second = self._create_tandem(self.mentor, self.mentee)
        with self.assertRaisesRegex(ValidationError, "already form an open tandem"):
            self.tandem.with_user(self.coordinator).stage_id = self.stage_active
        self.assertEqual(self.tandem.stage_id, self.stage_done)
        self.assertEqual(second.stage_id, self.stage_proposed)

    def test_mentor_capacity(self):
        self.assertEqual(
            self.mentor_participant.capacity,
            2,
            "defaults to the program's mentees per mentor",
        )
        self.mentor_participant.capacity = 1
        second_mentee = self._employee("Second Mentee", parent=self.ceo)
        self._enrol(second_mentee, "mentee")
        self.assertRefused(self.mentor, second_mentee, "can take 1 mentees")
        # a cancelled tandem frees its place
        self.tandem.stage_id = self.stage_cancelled
        self.assertTrue(self._create_tandem(self.mentor, second_mentee))
        # and cannot come back while the place is taken
        with self.assertRaisesRegex(ValidationError, "can take 1 mentees"):
            self.tandem.stage_id = self.stage_active
        self.assertEqual(self.tandem.stage_id, self.stage_cancelled)

    def test_capacity_cannot_drop_below_open_tandems(self):
        second_mentee = self._employee("Second Mentee", parent=self.ceo)
        self._enrol(second_mentee, "mentee")
        self._create_tandem(self.mentor, second_mentee)
        with self.assertRaisesRegex(ValidationError, "their capacity cannot be lower"):
            self.mentor_participant.capacity = 1
        self.assertEqual(self.mentor_participant.capacity, 2)

    def test_only_confirmed_participants_form_tandems(self):
        mentor = self._employee("Unconfirmed Mentor", parent=self.ceo)
        participation = self._enrol(mentor, "mentor", state="draft")
        self.assertRefused(mentor, self.mentee, "not a confirmed Mentor")
        stranger = self._employee("Not Enrolled", parent=self.ceo)
        self.assertRefused(self.mentor, stranger, "not a confirmed Mentee")
        participation.with_user(self.coordinator).action_confirm()
        self.assertTrue(self._create_tandem(mentor, self.mentee))

    def test_cross_company_participants(self):
        outsider = self._employee("Ola Outside", company=self.other_company)
        count = self.env["mentoring.participant"].search_count([])
        with self.assertRaisesRegex(ValidationError, "works for Elsewhere GmbH"):
            self._enrol(outsider, "mentor")
        self.assertEqual(self.env["mentoring.participant"].search_count([]), count)
        self.program.allow_cross_company = True
        self.assertEqual(self._enrol(outsider, "mentor").company_id, self.company)

    def test_people_of_a_tandem_with_sessions_stay(self):
        mentor, _mentee = self._pair(name="Replacement")
        with self.assertRaises(UserError):
            self.tandem.with_user(self.coordinator).mentor_id = mentor
        self.assertEqual(self.tandem.mentor_id, self.mentor)


class TestSessionIntegrity(MentoringCase):
    def _at(self, date, hour):
        """The naive UTC datetime of `hour` o'clock in Zurich (the company's zone)."""
        local = pytz.timezone("Europe/Zurich").localize(
            datetime.combine(date, time(hour))
        )
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def assertSessionRefused(self, message, **vals):
        count = self.env["mentoring.session"].search_count([])
        with self.assertRaisesRegex(ValidationError, message):
            self.env["mentoring.session"].with_user(self.mentee_user).create(
                {"tandem_id": self.tandem.id, **vals}
            )
        self.assertEqual(
            self.env["mentoring.session"].search_count([]),
            count,
            "nothing may be written",
        )

    def test_stop_after_start(self):
        start = datetime.combine(fields.Date.today() + timedelta(days=2), time(9))
        self.assertSessionRefused("must end after it starts", start=start, stop=start)
        self.assertSessionRefused(
            "must end after it starts", start=start, stop=start - timedelta(minutes=30)
        )
        self.assertSessionRefused("must end after it starts", start=start, duration=0)
        session = (
            self.env["mentoring.session"]
            .with_user(self.mentee_user)
            .create(
                {
                    "tandem_id": self.tandem.id,
                    "start": start,
                    "stop": start + timedelta(minutes=45),
                }
            )
        )
        self.assertEqual(session.duration, 0.75)

    def test_moving_a_session_keeps_its_length(self):
        self.planned_session.duration = 1.5
        new_start = self.planned_session.start + timedelta(days=1)
        self.planned_session.start = new_start
        self.assertEqual(self.planned_session.stop, new_start + timedelta(hours=1.5))

    def test_sessions_stay_inside_the_program_window(self):
        first_day, last_day = self.program.date_start, self.program.date_end
        self.assertSessionRefused(
            "lies outside the program",
            start=self._at(first_day - timedelta(days=1), 23),
        )
        self.assertSessionRefused(
            "lies outside the program", start=self._at(last_day, 23), duration=1.5
        )
        # the nearest good inputs: the first morning and the last evening,
        # in the company's time zone
        Session = self.env["mentoring.session"].with_user(self.mentee_user)
        self.assertTrue(
            Session.create(
                {"tandem_id": self.tandem.id, "start": self._at(first_day, 0)}
            )
        )
        self.assertTrue(
            Session.create(
                {"tandem_id": self.tandem.id, "start": self._at(last_day, 23)}
            )
        )

    def test_program_dates_cannot_leave_sessions_outside(self):
        late = self._session(self.tandem, days=60)
        new_end = late.start.date() - timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "lies outside the program"):
            self.program.with_user(self.coordinator).date_end = new_end
        self.assertNotEqual(self.program.date_end, new_end)
        late.action_cancel()
        self.program.with_user(self.coordinator).date_end = new_end
        self.assertEqual(self.program.date_end, new_end)

    def test_goal_deadline_inside_the_program(self):
        Goal = self.env["mentoring.goal"].with_user(self.mentee_user)
        with self.assertRaisesRegex(ValidationError, "must lie within the program"):
            Goal.create(
                {
                    "tandem_id": self.tandem.id,
                    "name": "Too late",
                    "date_deadline": self.program.date_end + timedelta(1),
                }
            )
        self.assertFalse(self.env["mentoring.goal"].search([("name", "=", "Too late")]))
        goal = Goal.create(
            {
                "tandem_id": self.tandem.id,
                "name": "Just in time",
                "date_deadline": self.program.date_end,
            }
        )
        self.assertEqual(goal.date_deadline, self.program.date_end)

    def test_program_must_end_after_it_starts(self):
        Program = self.env["mentoring.program"].with_user(self.coordinator)
        today = fields.Date.today()
        with self.assertRaisesRegex(ValidationError, "must end after it starts"):
            Program.create(
                {"name": "Backwards", "date_start": today, "date_end": today}
            )
        self.assertFalse(
            self.env["mentoring.program"].search([("name", "=", "Backwards")])
        )
        self.assertTrue(
            Program.create(
                {
                    "name": "Forwards",
                    "date_start": today,
                    "date_end": today + timedelta(1),
                }
            )
        )

    def test_a_session_is_held_only_once_started(self):
        with self.assertRaisesRegex(ValidationError, "has not started yet"):
            self.planned_session.with_user(self.mentee_user).action_done()
        self.assertEqual(self.planned_session.state, "planned")
        past = self._session(self.tandem, days=-1)
        past.with_user(self.mentee_user).action_done()
        self.assertEqual(past.state, "done")
        with self.assertRaisesRegex(UserError, "stays held"):
            past.action_done()

    def test_a_held_session_cannot_be_deleted_or_cancelled(self):
        past = self._session(self.tandem, days=-1)
        past.action_done()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            past.with_user(self.coordinator).unlink()
        with self.assertRaisesRegex(UserError, "stays held"):
            past.action_cancel()
        self.assertEqual(past.state, "done")
        self.planned_session.with_user(self.mentee_user).unlink()
        self.assertFalse(self.planned_session.exists())


class TestParticipantIntegrity(MentoringCase):
    def test_one_role_per_person_and_program(self):
        with self.assertRaises(UniqueViolation), mute_logger("odoo.sql_db"):
            self._enrol(self.mentor, "mentor")
        self.assertTrue(self._enrol(self.mentor, "mentee"), "the other role is allowed")

    def test_participant_in_open_tandem_cannot_leave(self):
        with self.assertRaisesRegex(UserError, "Close or cancel the open tandems"):
            self.mentor_participant.with_user(self.coordinator).action_cancel()
        self.assertEqual(self.mentor_participant.state, "confirmed")
        with self.assertRaisesRegex(UserError, "is in an open tandem"):
            self.mentor_participant.with_user(self.coordinator).role = "mentee"
        self.tandem.stage_id = self.stage_cancelled
        self.mentor_participant.with_user(self.coordinator).action_cancel()
        self.assertEqual(self.mentor_participant.state, "cancelled")
