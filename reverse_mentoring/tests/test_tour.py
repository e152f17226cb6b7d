"""Browser tours in Chromium, as coordinators and participants would click."""

from datetime import datetime, time, timedelta

from odoo.tests import HttpCase, tagged

from .common import MentoringCase


@tagged("post_install", "-at_install", "is_tour")
class TestTandemKanbanTour(MentoringCase, HttpCase):
    def test_coordinator_moves_a_tandem_from_kickoff_to_active(self):
        self.tandem.stage_id = self.stage_kickoff
        self.start_tour(
            "/odoo/action-reverse_mentoring.action_mentoring_tandem",
            "reverse_mentoring_tandem_kanban",
            login=self.coordinator.login,
        )
        self.assertEqual(self.tandem.stage_id, self.stage_active)


@tagged("post_install", "-at_install", "is_tour")
class TestSessionMoveTour(MentoringCase, HttpCase):
    def test_participant_moves_a_session(self):
        session = self.planned_session
        old_start = session.start
        # The tour moves it a week later, at 10:30 in the browser's time zone
        # (UTC: Odoo sets it for itself and the Chromium it starts), inside the
        # program, which runs for five more months.
        week_later = old_start.date() + timedelta(weeks=1)
        self.start_tour(
            f"/odoo/action-reverse_mentoring.action_mentoring_session/{session.id}",
            "reverse_mentoring_session_move",
            login=self.mentee_user.login,
        )
        self.assertNotEqual(session.start, old_start)
        self.assertEqual(session.start, datetime.combine(week_later, time(10, 30)))
        self.assertEqual(session.reschedule_count, 1)
        self.assertEqual(session.calendar_event_id.start, session.start)
        self.assertEqual(session.calendar_event_id.stop, session.stop)
