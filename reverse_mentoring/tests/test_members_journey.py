"""The tandem belongs to its two people: each writes and agrees for their own side.

Every rule both ways: allowed for a member on their own side; refused on the
other side, to outsiders and to other tandems' members, with nothing changed.
"""

from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MentoringCase


@tagged("post_install", "-at_install")
class JourneyCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tandem.stage_id = cls.stage_kickoff
        cls.other_tandem = cls._tandem(name="Other")
        cls.other_member = cls._user("rm_other_member")
        cls.other_tandem.mentee_id.user_id = cls.other_member
        cls.outsiders = (
            cls.other_user,
            cls.coordinator,
            cls.mentoring_admin,
            cls.other_member,
        )

    def as_(self, user):
        return self.tandem.with_user(user)

    def _messages(self, partner):
        return self.tandem.message_ids.filtered(lambda m: partner in m.partner_ids)


class TestExpectations(JourneyCase):
    def test_each_member_writes_their_own_side(self):
        self.as_(self.mentee_user).mentee_expectations = "Post on LinkedIn"
        self.as_(self.mentor_user).mentor_expectations = "Honest questions"
        for user in (self.mentor_user, self.mentee_user):
            tandem = self.as_(user)
            tandem.invalidate_recordset()
            self.assertEqual(tandem.mentee_expectations, "Post on LinkedIn")
            self.assertEqual(tandem.mentor_expectations, "Honest questions")
        attempts = [
            (self.mentor_user, "mentee_expectations"),
            (self.mentee_user, "mentor_expectations"),
            (self.coordinator, "mentee_expectations"),
            (self.mentoring_admin, "mentor_expectations"),
        ]
        for user, field in attempts:
            with self.subTest(user=user.login, field=field):
                with self.assertRaises(AccessError):
                    self.as_(user).write({field: "Overwritten"})
        self.tandem.invalidate_recordset()
        self.assertEqual(self.tandem.mentee_expectations, "Post on LinkedIn")
        self.assertEqual(self.tandem.mentor_expectations, "Honest questions")

    def test_members_write_nothing_else_on_the_tandem(self):
        for field, value in (
            ("stage_id", self.stage_active.id),
            ("mentor_id", self.other.id),
            ("color", 3),
        ):
            with self.subTest(field=field):
                with self.assertRaises(AccessError):
                    self.as_(self.mentee_user).write({field: value})
        self.assertEqual(self.tandem.stage_id, self.stage_kickoff)
        self.assertEqual(self.tandem.mentor_id, self.mentor)

    def test_coordinators_read_the_texts_only_where_the_program_says(self):
        self.as_(self.mentee_user).mentee_expectations = "I never used Teams"
        coordinator = self.as_(self.coordinator)
        self.assertFalse(coordinator.mentee_expectations)
        self.program.coordinators_read_expectations = True
        coordinator.invalidate_recordset()
        self.assertEqual(coordinator.mentee_expectations, "I never used Teams")
        with self.assertRaises(AccessError):
            self.as_(self.other_member).read(["mentee_expectations"])
        storage = self.env["mentoring.tandem.expectation"]
        for user in (self.mentee_user, self.coordinator, self.mentoring_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                storage.with_user(user).search_read([], ["body"])

    def test_kickoff_needs_both_texts_and_a_goal(self):
        mentee, mentor = self.as_(self.mentee_user), self.as_(self.mentor_user)
        mentee.mentee_expectations = "Post on LinkedIn"
        with self.assertRaisesRegex(UserError, "both of you write"):
            mentee.action_agree_kickoff()
        mentor.mentor_expectations = "Honest questions"
        self.goal.unlink()
        with self.assertRaisesRegex(UserError, "at least one learning goal"):
            mentee.action_agree_kickoff()
        self.assertFalse(self.tandem.kickoff_mentee_agreed)
        self.env["mentoring.goal"].with_user(self.mentor_user).create(
            {"tandem_id": self.tandem.id, "name": "Post weekly"}
        )
        mentee.action_agree_kickoff()
        mentor.action_agree_kickoff()
        self.assertEqual(self.tandem.phase, "active")


class TestGoalsAndSessions(JourneyCase):
    def test_members_propose_edit_and_reach_goals(self):
        goals = self.env["mentoring.goal"].with_user(self.mentee_user)
        goal = goals.create(
            {
                "tandem_id": self.tandem.id,
                "name": "Use Teams",
                "date_deadline": fields.Date.today() + timedelta(days=20),
            }
        )
        goal.name = "Use Teams every day"
        goal.with_user(self.mentor_user).is_done = True
        self.assertRecordValues(
            goal, [{"name": "Use Teams every day", "is_done": True}]
        )
        with self.assertRaises(AccessError):
            goals.with_user(self.other_member).create(
                {"tandem_id": self.tandem.id, "name": "Intruder"}
            )
        with self.assertRaises(AccessError):
            goal.with_user(self.other_user).write({"name": "Changed"})
        self.assertEqual(goal.name, "Use Teams every day")

    def test_members_mark_a_session_held(self):
        session = self._session(self.tandem, days=-1)
        with self.assertRaises(AccessError):
            session.with_user(self.other_member).action_done()
        session.with_user(self.mentor_user).action_done()
        self.assertEqual(session.state, "done")


class TestEarlyClosure(JourneyCase):
    def setUp(self):
        super().setUp()
        self.tandem.stage_id = self.stage_active

    def test_proposed_by_one_confirmed_by_the_other_with_final_evaluations(self):
        self.as_(self.mentee_user).action_propose_early_closure("The topic is covered")
        self.assertRecordValues(
            self.tandem,
            [
                {
                    "closure_proposed_side": "mentee",
                    "closure_reason": "The topic is covered",
                    "phase": "active",
                }
            ],
        )
        self.assertTrue(self._messages(self.mentor.work_contact_id))
        for user in self.outsiders:
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.as_(user).action_agree_early_closure()
        self.as_(self.mentor_user).action_agree_early_closure()
        self.assertRecordValues(self.tandem, [{"phase": "done", "closed_early": True}])
        finals = self.env["survey.user_input"].search(
            [("mentoring_tandem_id", "=", self.tandem.id)]
        )
        self.assertEqual(
            {(a.partner_id, a.survey_id) for a in finals},
            {
                (self.mentor.work_contact_id, self.program.final_mentor_survey_id),
                (self.mentee.work_contact_id, self.program.final_mentee_survey_id),
            },
        )
        self.assertEqual(self.program.early_closure_count, 1)
        self.assertEqual(self.program.early_closure_rate, 50.0, "1 of 2 tandems")

    def test_the_other_declines(self):
        self.as_(self.mentor_user).action_propose_early_closure("Too busy")
        with self.assertRaises(UserError):
            self.as_(self.mentor_user).action_decline_early_closure()
        self.as_(self.mentee_user).action_decline_early_closure()
        self.assertRecordValues(
            self.tandem,
            [
                {
                    "closure_proposed_side": False,
                    "closure_reason": False,
                    "phase": "active",
                }
            ],
        )

    def test_nobody_else_proposes_or_writes_the_reason(self):
        for user in self.outsiders:
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self.as_(user).action_propose_early_closure("Not theirs")
                with self.assertRaises(AccessError):
                    self.as_(user).write({"closure_reason": "Not theirs"})
        self.assertFalse(self.tandem.closure_reason)

    def test_reasons_show_over_the_minimum_number_only(self):
        self.program.feedback_min_answers = 3
        for index in range(3):
            tandem = self._tandem(name=f"Early {index}", stage_id=self.stage_active.id)
            tandem.sudo().write(
                {"closed_early": True, "closure_reason": f"Done {index}"}
            )
            self.program.invalidate_recordset()
            reasons = self.program.with_user(self.coordinator).early_closure_reasons
            self.assertEqual(bool(reasons), index == 2)
        self.assertIn("Done 0", reasons)


class TestGoingOn(JourneyCase):
    def test_both_go_on_and_keep_planning_after_the_program(self):
        self.tandem.stage_id = self.env.ref("reverse_mentoring.stage_closing")
        self.as_(self.mentor_user).action_agree_continue()
        self.assertEqual(self.tandem.phase, "closing")
        self.as_(self.mentee_user).action_agree_continue()
        self.assertEqual(self.tandem.phase, "continued")
        self.assertTrue(self.tandem.continued)
        after = datetime.combine(self.program.date_end + timedelta(days=20), time(9))
        session = (
            self.env["mentoring.session"]
            .with_user(self.mentee_user)
            .create({"tandem_id": self.tandem.id, "start": after})
        )
        self.assertTrue(session.after_program)
        self.program.invalidate_recordset()
        self.assertEqual(self.program.session_planned_count, 1, "only in-program ones")
        with self.assertRaises(UserError):
            self.as_(self.other_member).action_agree_continue()


class TestNewPartner(JourneyCase):
    def _activities(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "mentoring.participant")]
        )

    def test_asked_confidentially_and_the_pair_not_proposed_again(self):
        self.as_(self.mentee_user).action_request_new_partner("We never meet", False)
        activity = self._activities()
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertNotIn("We never meet", str(activity.note))
        self.assertEqual(activity.res_id, self.mentee_participant.id)
        self.assertIn(self.mentor, self.mentee_participant.avoid_employee_ids)
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.mentor_user).browse(
                activity.id
            ).read(["note"])
        self.assertFalse(
            self.tandem.message_ids.filtered(lambda m: "new partner" in (m.body or ""))
        )

    def test_the_coordinators_match_both_again_but_not_together(self):
        self.as_(self.mentee_user).action_request_new_partner()
        self.tandem.with_user(self.coordinator).stage_id = self.stage_cancelled
        wizard = (
            self.env["mentoring.matching.wizard"]
            .with_user(self.coordinator)
            .create({"program_id": self.program.id})
        )
        wizard.action_compute()
        pairs = {(line.mentor_id, line.mentee_id) for line in wizard.line_ids}
        self.assertNotIn((self.mentor, self.mentee), pairs)
        self.assertIn(
            self.mentee,
            wizard.line_ids.mentee_id | wizard.unmatched_ids.mentee_id,
            "matched again, with someone else",
        )

    def test_the_reason_only_if_shared(self):
        self.as_(self.mentor_user).action_request_new_partner("No chemistry", True)
        self.assertIn("No chemistry", str(self._activities().note))

    def test_outsiders_cannot_ask(self):
        for user in self.outsiders:
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.as_(user).action_request_new_partner("Not theirs", True)
        self.assertFalse(self._activities())


class TestNotices(JourneyCase):
    def test_notices_speak_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["reverse_mentoring"], ["de_DE"], overwrite=True
        )
        self.mentor.work_contact_id.lang = "de_DE"
        self.mentee.work_contact_id.lang = "en_US"
        self.tandem.stage_id = self.stage_active
        self.as_(self.mentee_user).action_propose_early_closure("Covered")
        notice = self._messages(self.mentor.work_contact_id)[:1]
        self.assertIn("Covered", notice.body)
        self.assertIn("Ihr/e Tandempartner/in", notice.body)
        self.as_(self.mentor_user).action_agree_early_closure()
        english = self._messages(self.mentee.work_contact_id)[:1]
        self.assertIn("You both agreed to close the tandem", english.body)
