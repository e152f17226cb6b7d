"""A tandem's life on the employee portal, from the kick-off to the end; its tours."""

import re
from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ZURICH, PortalCase, local_in_zurich


@tagged("post_install", "-at_install", "is_tour")
class TestPortalTours(PortalCase):
    def test_member_moves_a_session(self):
        session = self.planned_session
        day = local_in_zurich(session.start).date()
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
            "odoo.sql_db", "odoo.addons.reverse_mentoring.controllers.portal_forms"
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
        self.assertEqual(local_in_zurich(session.start).time(), time(10))
        self.assertEqual(
            local_in_zurich(session.start).date(),
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
