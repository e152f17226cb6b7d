"""Cohort events: group events of a program in Calendar, with attendance."""

from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MentoringCase

FIGURES = [
    "cohort_event_count",
    "cohort_acceptance_rate",
    "cohort_kickoff_attendance",
    "cohort_midterm_attendance",
    "cohort_closing_attendance",
]
# Queries to compute the figures of the cohort events of a program.
FIGURES_QUERY_BUDGET = 7


class CohortCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = cls._user("rm_cohort_hr", "base.group_user,hr.group_hr_user")
        cls.portal_user = new_test_user(
            cls.env, login="rm_cohort_portal", groups="base.group_portal"
        )
        cls.outsiders = {
            "mentor": cls.mentor_user,
            "mentee": cls.mentee_user,
            "other employee": cls.other_user,
            "HR officer": cls.hr_officer,
            "portal user": cls.portal_user,
            "coordinator of another company": cls.foreign_coordinator,
        }
        # Another program of the same company, with its own mentor.
        cls.other_program = cls.env["mentoring.program"].create(
            {"name": "Other Program", "company_id": cls.company.id, "state": "running"}
        )
        cls.stranger = cls._employee("Stella Stranger", parent=cls.ceo)
        cls._enrol(cls.stranger, "mentor", cls.other_program)
        cls.in_a_week = datetime.combine(
            fields.Date.today() + timedelta(days=7), time(9)
        )

    def _event(self, audience="both", kind="kickoff", start=None, user=None):
        start = start or self.in_a_week
        return (
            self.env["mentoring.cohort.event"]
            .with_user(user or self.coordinator)
            .create(
                {
                    "name": "Kick-off Workshop",
                    "program_id": self.program.id,
                    "kind": kind,
                    "audience": audience,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                }
            )
        )

    def _invited(self, event):
        return event.sudo().attendance_ids.employee_id


class TestCohortEvents(CohortCase):
    def test_an_event_invites_the_program_by_role(self):
        self._enrol(
            self._employee("Dora Draft", parent=self.ceo), "mentee", state="draft"
        )
        event = self._event(audience="mentee")
        calendar = event.calendar_event_id
        self.assertEqual(self._invited(event), self.mentee)
        self.assertEqual(calendar.partner_ids, self.mentee.work_contact_id)
        self.assertEqual(
            (calendar.privacy, calendar.user_id), ("public", self.coordinator)
        )
        both = self._event(audience="both", kind="closing")
        self.assertEqual(self._invited(both), self.mentor | self.mentee)
        self.assertEqual(
            both.calendar_event_id.partner_ids,
            (self.mentor | self.mentee).work_contact_id,
        )
        # A normal company event: a colleague sees it as such in Calendar.
        self.assertEqual(
            calendar.with_user(self.other_user).read(["name"])[0]["name"],
            "Kick-off Workshop",
        )
        # The audience changes, and so does the list.
        event.with_user(self.coordinator).audience = "mentor"
        self.assertEqual(self._invited(event), self.mentor)
        self.assertEqual(calendar.partner_ids, self.mentor.work_contact_id)

    def test_later_participants_join_upcoming_events_of_their_role(self):
        past = self._event(start=datetime.now() - timedelta(days=2))
        mentors_event = self._event(audience="mentor")
        mentees_event = self._event(audience="mentee", kind="midterm")
        newcomer = self._employee("Nina Newcomer", parent=self.ceo)
        enrolment = self._enrol(newcomer, "mentor", state="draft")
        self.assertNotIn(newcomer, self._invited(mentors_event))
        enrolment.with_user(self.coordinator).action_confirm()
        self.assertIn(newcomer, self._invited(mentors_event))
        self.assertIn(
            newcomer.work_contact_id, mentors_event.calendar_event_id.partner_ids
        )
        self.assertNotIn(newcomer, self._invited(mentees_event))
        self.assertNotIn(newcomer, self._invited(past))
        enrolment.with_user(self.coordinator).action_cancel()
        self.assertNotIn(newcomer, self._invited(mentors_event))
        self.assertNotIn(
            newcomer.work_contact_id, mentors_event.calendar_event_id.partner_ids
        )
        self.assertNotIn(
            self.stranger, self._invited(mentors_event | mentees_event | past)
        )

    def test_answers_attendance_and_figures(self):
        event = self._event()
        attendees = event.calendar_event_id.attendee_ids
        mentee_invitation = attendees.filtered(
            lambda a: a.partner_id == self.mentee.work_contact_id
        )
        mentor_invitation = attendees - mentee_invitation
        mentee_invitation.with_user(self.mentee_user).do_accept()
        mentor_invitation.with_user(self.mentor_user).do_decline()
        lines = event.attendance_ids
        mentee_line = lines.filtered(lambda a: a.employee_id == self.mentee)
        self.assertEqual(mentee_line.response, "accepted")
        self.assertEqual((lines - mentee_line).response, "declined")
        self.assertEqual((event.accepted_count, event.declined_count), (1, 1))
        self.assertEqual(self.program.cohort_acceptance_rate, 50.0)
        self.assertEqual(self.program.cohort_event_count, 1)
        with self.assertRaisesRegex(UserError, "once the event has started"):
            mentee_line.with_user(self.coordinator).attended = True
        self.assertFalse(mentee_line.attended)
        with freeze_time(self.in_a_week + timedelta(hours=3)):
            mentee_line.with_user(self.coordinator).attended = True
            self.program.invalidate_recordset()
            self.assertEqual(event.attended_count, 1)
            self.assertEqual(self.program.cohort_kickoff_attendance, 50.0)
            self.assertEqual(self.program.cohort_closing_attendance, 0.0)
            # The closing event has not started: it does not count yet.
            self._event(kind="closing", start=datetime.now() + timedelta(days=1))
            self.program.invalidate_recordset()
            self.assertEqual(self.program.cohort_closing_attendance, 0.0)
            self.assertEqual(self.program.cohort_event_count, 2)

    def test_only_the_invited_person_answers(self):
        event = self._event()
        calendar = event.calendar_event_id
        mentee_invitation = calendar.attendee_ids.filtered(
            lambda a: a.partner_id == self.mentee.work_contact_id
        )
        forgers = dict(self.outsiders, coordinator=self.coordinator)
        del forgers["mentee"]
        for role, user in forgers.items():
            with self.subTest(role=role):
                for state in ("accepted", "declined", "tentative"):
                    with self.assertRaises(AccessError):
                        mentee_invitation.with_user(user).write({"state": state})
                with self.assertRaises(AccessError):
                    mentee_invitation.with_user(user).do_accept()
                with self.assertRaises(AccessError):
                    mentee_invitation.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["calendar.attendee"].with_user(user).create(
                        {
                            "event_id": calendar.id,
                            "partner_id": user.partner_id.id,
                            "state": "accepted",
                        }
                    )
        self.assertEqual(mentee_invitation.state, "needsAction")
        self.assertEqual(len(calendar.attendee_ids), 2)
        self.assertEqual(event.accepted_count, 0)
        self.assertEqual(self.program.cohort_acceptance_rate, 0.0)
        # The invited person answers; a coordinator who moves the event asks
        # the organiser again, as Calendar does.
        mentee_invitation.with_user(self.mentee_user).do_accept()
        self.env.invalidate_all()
        self.assertEqual(event.accepted_count, 1)
        calendar.with_user(self.coordinator).write(
            {
                "start": self.in_a_week + timedelta(hours=1),
                "stop": self.in_a_week + timedelta(hours=3),
            }
        )
        self.assertEqual(event.start, self.in_a_week + timedelta(hours=1))

    def test_outsiders_cannot_add_events_or_change_attendance(self):
        event = self._event()
        line = event.attendance_ids[0]
        calendar = event.calendar_event_id
        with freeze_time(self.in_a_week + timedelta(hours=3)):
            for role, user in self.outsiders.items():
                with self.subTest(role=role):
                    with self.assertRaises(AccessError):
                        self._event(user=user)
                    with self.assertRaises(AccessError):
                        event.with_user(user).write({"name": "Party"})
                    with self.assertRaises(AccessError):
                        line.with_user(user).write({"attended": True})
                    with self.assertRaises(AccessError):
                        event.with_user(user).unlink()
        # Nobody types in an attendee, not even a coordinator.
        with self.assertRaises(AccessError):
            self.env["mentoring.cohort.attendance"].with_user(self.coordinator).create(
                {"event_id": event.id, "employee_id": self.stranger.id}
            )
        with self.assertRaises(UserError):
            line.with_user(self.coordinator).employee_id = self.stranger
        event.invalidate_recordset()
        self.assertEqual(self.program.cohort_event_ids, event)
        self.assertEqual(event.name, "Kick-off Workshop")
        self.assertFalse(event.attendance_ids.filtered("attended"))
        self.assertEqual(self._invited(event), self.mentor | self.mentee)
        self.assertEqual(
            calendar.partner_ids, (self.mentor | self.mentee).work_contact_id
        )

    def test_who_reads_what(self):
        event = self._event(audience="mentee")
        model = self.env["mentoring.cohort.event"]
        lines = self.env["mentoring.cohort.attendance"]
        self.assertEqual(model.with_user(self.mentee_user).search([]), event)
        self.assertEqual(
            lines.with_user(self.mentee_user).search([]).employee_id, self.mentee
        )
        for role in ("mentor", "other employee", "HR officer", "portal user"):
            user = self.outsiders[role]
            with self.subTest(role=role):
                self.assertFalse(model.with_user(user).search([]))
                self.assertFalse(lines.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    event.with_user(user).read(["name"])
        foreign = self.foreign_coordinator
        self.assertFalse(model.with_user(foreign).search([]))
        self.assertFalse(
            model.with_user(foreign).read_group([], ["kind"], ["kind"]),
        )
        with self.assertRaises(AccessError):
            event.with_user(foreign).read(["name"])
        self.assertEqual(model.with_user(self.mentoring_admin).search([]), event)

    def test_the_calendar_event_moves_only_for_those_who_may(self):
        event = self._event()
        calendar = event.calendar_event_id
        later = self.in_a_week + timedelta(days=1)
        for user in (self.mentor_user, self.other_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    calendar.with_user(user).write(
                        {"start": later, "stop": later + timedelta(hours=2)}
                    )
                with self.assertRaises(AccessError):
                    calendar.with_user(user).write(
                        {
                            "partner_ids": [
                                Command.link(self.stranger.work_contact_id.id)
                            ]
                        }
                    )
                with self.assertRaises(AccessError):
                    calendar.with_user(user).unlink()
        self.assertEqual(event.start, self.in_a_week)
        calendar.with_user(self.coordinator).write(
            {"start": later, "stop": later + timedelta(hours=2)}
        )
        self.assertEqual(event.start, later)
        # Deleting the calendar event removes the cohort event with it.
        calendar.with_user(self.coordinator).unlink()
        self.assertFalse(event.exists())


@tagged("is_query_count")
class TestCohortQueries(CohortCase):
    def _figures_query_count(self, events):
        """Queries to compute the program's event figures, for `events` events."""
        for index in range(events):
            self._event(kind=("kickoff", "midterm", "closing")[index % 3])
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.program.read(FIGURES)
        return self.env.cr.sql_log_count - before

    def test_the_figures_cost_the_same_for_any_number_of_events(self):
        few = self._figures_query_count(1)
        many = self._figures_query_count(8)
        self.assertEqual(few, many)
        self.assertLessEqual(many, FIGURES_QUERY_BUDGET)
