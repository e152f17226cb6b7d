"""Browser tours in Chromium, as coordinators and participants would click."""

from datetime import datetime, time, timedelta

from odoo.tests import HttpCase, tagged

from .common import MentoringCase, PortalCase


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


@tagged("post_install", "-at_install", "is_tour")
class TestTandemKickoffTour(MentoringCase, HttpCase):
    def test_mentee_writes_expectations_and_agrees_on_kickoff(self):
        mentor_text = "Show Hans how LinkedIn works for recruiting, in short sessions."
        mentee_text = "Post on LinkedIn every week without help"
        self.tandem.stage_id = self.stage_kickoff
        # The mentor wrote their expectations, in their own name; the tandem
        # has a goal (MentoringCase's).
        self.tandem.with_user(self.mentor_user).mentor_expectations = mentor_text
        # and agreed on the kick-off; the action waits for both texts, so the
        # mentor's agreement is recorded as the action would record it.
        self.tandem.sudo().kickoff_mentor_agreed = True
        self.assertTrue(self.tandem.goal_ids)

        self.start_tour(
            f"/odoo/action-reverse_mentoring.action_mentoring_tandem/{self.tandem.id}",
            "reverse_mentoring_tandem_kickoff",
            login=self.mentee_user.login,
        )

        self.env.invalidate_all()
        self.assertEqual(self.tandem.stage_id, self.stage_active)
        self.assertEqual(self.tandem.phase, "active")
        self.assertTrue(self.tandem.kickoff_mentee_agreed)
        self.assertTrue(self.tandem.kickoff_mentor_agreed)
        as_mentee = self.tandem.with_user(self.mentee_user)
        self.assertEqual(as_mentee.mentee_expectations, mentee_text)
        self.assertEqual(as_mentee.mentor_expectations, mentor_text)
        as_mentor = self.tandem.with_user(self.mentor_user)
        self.assertEqual(as_mentor.mentor_expectations, mentor_text)
        self.assertEqual(as_mentor.mentee_expectations, mentee_text)


@tagged("post_install", "-at_install", "is_tour")
class TestPortalPhoneTour(PortalCase):
    """The portal on a phone, as a mentor of a partner organisation walks it."""

    browser_size = "390x844"
    touch_enabled = True

    def test_portal_mentor_on_a_phone(self):
        tandem = self.portal_tandem
        tandem.stage_id = self.stage_active
        self.portal_mentor_user.tz = "Europe/Zurich"
        held = self._session(tandem, days=-2)
        held.action_done()
        pulse = self.env["survey.user_input"]._mentoring_pending(
            tandem, self.portal_mentor_user.partner_id
        )
        self.assertEqual(len(pulse), 1)
        self.start_tour(
            "/my/mentoring",
            "reverse_mentoring_portal_phone_mentor",
            login=self.portal_mentor_user.login,
        )
        self.env.invalidate_all()
        proposed = tandem.session_ids.filtered(lambda s: s.name == "Hashtags that work")
        self.assertEqual(len(proposed), 1)
        self.assertEqual(proposed.state, "planned")
        self.assertEqual(pulse.state, "done")
        self.assertEqual(pulse.mentoring_session_id, held)


@tagged("post_install", "-at_install", "is_tour")
class TestPortalAgendaConcernTour(PortalCase):
    """On a phone, a mentor adapts the next session's agenda and raises a concern."""

    browser_size = "390x844"
    touch_enabled = True

    def test_portal_mentor_edits_an_agenda_and_raises_a_concern(self):
        tandem = self.portal_tandem
        tandem.stage_id = self.stage_active
        session = self.portal_session
        session.agenda = "<h4>Set up a profile</h4><p>Bring a recent photo.</p>"
        self.start_tour(
            f"/my/mentoring/tandem/{tandem.id}",
            "reverse_mentoring_portal_agenda_concern",
            login=self.portal_mentor_user.login,
        )
        self.env.invalidate_all()
        self.assertIn("Profile first, then a first post", session.agenda)
        self.assertIn(
            "Profile first, then a first post", session.calendar_event_id.description
        )
        concern = self.env["mentoring.concern"].search([("tandem_id", "=", tandem.id)])
        self.assertEqual(
            concern.description, "Our sessions are cancelled again and again."
        )
        self.assertEqual(concern.user_id, self.portal_mentor_user)
        self.assertEqual(concern.state, "open")
