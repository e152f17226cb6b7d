"""Feedback with Odoo Survey: invitations, figures and who reads the answers."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import MentoringCase


class FeedbackCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pulse = cls.env.ref("reverse_mentoring.survey_session_pulse")
        cls.final_mentee = cls.env.ref("reverse_mentoring.survey_final_mentee")
        cls.final_mentor = cls.env.ref("reverse_mentoring.survey_final_mentor")
        cls.stage_closing = cls.env.ref("reverse_mentoring.stage_closing")
        cls.partners = (cls.mentor | cls.mentee).work_contact_id

    def _inputs(self, **domain):
        return self.env["survey.user_input"].search(
            [(f"mentoring_{key}_id", "=", value.id) for key, value in domain.items()]
        )

    @classmethod
    def _answer(cls, tandem, survey, employee, answers, session=None):
        """A finished answer of `employee` with {question xml id: value}."""
        answer = survey._create_answer(
            partner=employee.work_contact_id,
            check_attempts=False,
            mentoring_tandem_id=tandem.id,
            mentoring_session_id=session.id if session else False,
        )
        return cls._fill(answer, answers)

    @classmethod
    def _fill(cls, answer, answers):
        for xml_id, value in answers.items():
            question = cls.env.ref(f"reverse_mentoring.{xml_id}")
            if question.question_type == "simple_choice":
                value = cls.env.ref(f"reverse_mentoring.{value}").id
            answer._save_lines(question, value)
        answer._mark_done()
        return answer


class TestInvitations(FeedbackCase):
    def test_a_held_session_invites_both_people_to_the_pulse(self):
        session = self._session(self.tandem, days=-2)
        session.with_user(self.mentee_user).action_done()
        invitations = self._inputs(session=session)
        self.assertEqual(invitations.partner_id, self.partners)
        self.assertEqual(invitations.survey_id, self.pulse)
        self.assertEqual(invitations.mentoring_tandem_id, self.tandem)
        self.assertEqual(set(invitations.mapped("state")), {"new"})
        mails = self.env["mail.mail"].search([("model", "=", "survey.user_input")])
        mails = mails.filtered(lambda m: m.res_id in invitations.ids)
        self.assertEqual(mails.recipient_ids, self.partners)
        for invitation in invitations:
            mail = mails.filtered(lambda m, i=invitation: m.res_id == i.id)
            self.assertIn(invitation.access_token, mail.body_html)

    def test_never_two_open_invitations(self):
        session = self._session(self.tandem, days=-2)
        session.action_done()
        again = self.env["survey.user_input"]._mentoring_invite(
            self.tandem, self.pulse, self.mentor | self.mentee, session
        )
        self.assertFalse(again)
        self.assertEqual(len(self._inputs(session=session)), 2)
        # The mentor answers; the mentee's invitation stays the only open one.
        mine = self._inputs(session=session).filtered(
            lambda i: i.partner_id == self.mentor.work_contact_id
        )
        self._fill(mine, {"q_pulse_useful": 4, "q_pulse_covered": "LinkedIn"})
        self.assertFalse(
            self.env["survey.user_input"]._mentoring_invite(
                self.tandem, self.pulse, self.mentee, session
            )
        )

    def test_no_pulse_when_the_program_asks_none(self):
        self.program.ask_session_pulse = False
        session = self._session(self.tandem, days=-2)
        session.action_done()
        self.assertFalse(self._inputs(session=session))

    def test_closing_sends_each_person_the_final_evaluation_of_their_role(self):
        self.tandem.stage_id = self.stage_closing
        finals = self._inputs(tandem=self.tandem)
        self.assertEqual(
            {(i.partner_id, i.survey_id) for i in finals},
            {
                (self.mentee.work_contact_id, self.final_mentee),
                (self.mentor.work_contact_id, self.final_mentor),
            },
        )
        self.tandem.stage_id = self.stage_active
        self.tandem.stage_id = self.stage_closing
        self.assertEqual(self._inputs(tandem=self.tandem), finals, "no duplicate")

    def test_a_member_sees_their_pending_feedback(self):
        self.tandem.stage_id = self.stage_closing
        pending = self.env["survey.user_input"]._mentoring_pending(
            self.tandem, self.mentee.work_contact_id
        )
        self.assertEqual(pending.survey_id, self.final_mentee)


class TestFigures(FeedbackCase):
    def _known_answers(self):
        second = self._tandem(name="Second")
        sessions = [self._session(self.tandem, days=-d) for d in (3, 2, 1)]
        for session, useful in zip(sessions, (5, 4, 3), strict=True):
            self._answer(
                self.tandem,
                self.pulse,
                self.mentee,
                {"q_pulse_useful": useful, "q_pulse_covered": "AI"},
                session,
            )
        for tandem, employee, survey, score, goals in (
            (self.tandem, self.mentee, self.final_mentee, 10, "a_mentee_goals_yes"),
            (self.tandem, self.mentor, self.final_mentor, 9, "a_mentor_goals_yes"),
            (second, second.mentee_id, self.final_mentee, 8, "a_mentee_goals_yes"),
            (second, second.mentor_id, self.final_mentor, 6, "a_mentor_goals_partly"),
        ):
            question = "q_mentee" if survey == self.final_mentee else "q_mentor"
            self._answer(
                tandem,
                survey,
                employee,
                {f"{question}_recommend": score, f"{question}_goals": goals},
            )
        # One invitation is still open.
        self.env["survey.user_input"]._mentoring_invite(
            self.tandem, self.pulse, self.mentor, sessions[0]
        )

    def test_figures_on_known_answers(self):
        # 3 pulses and 4 final answers: enough for a program asking for 3.
        self.program.feedback_min_answers = 3
        self._known_answers()
        self.assertRecordValues(
            self.program.with_user(self.coordinator),
            [
                {
                    "feedback_enough": True,
                    "session_usefulness_enough": True,
                    "promoter_enough": True,
                    "goals_reached_enough": True,
                    "feedback_invitation_count": 8,
                    "feedback_answer_count": 7,
                    "response_rate": 87.5,
                    "session_usefulness": 4.0,
                    # 10 and 9 promote, 8 is passive, 6 detracts.
                    "promoter_share": 50.0,
                    "net_promoter_score": 25.0,
                    # Both said yes in the first tandem; "partly" in the second.
                    "goals_reached_share": 50.0,
                }
            ],
        )

    def test_no_answer_no_figure(self):
        self.assertRecordValues(
            self.program,
            [
                {
                    "feedback_enough": False,
                    "response_rate": 0.0,
                    "promoter_share": 0.0,
                    "goals_reached_share": 0.0,
                }
            ],
        )

    def test_too_few_answers_no_figure(self):
        # The same answers, for a program that asks for the default five.
        self._known_answers()
        self.assertRecordValues(
            self.program.with_user(self.coordinator),
            [
                {
                    "feedback_answer_count": 7,
                    "feedback_enough": True,
                    # 3 pulses, 4 recommendations, 4 goal answers: all below 5.
                    "session_usefulness_enough": False,
                    "session_usefulness": 0.0,
                    "promoter_enough": False,
                    "promoter_share": 0.0,
                    "net_promoter_score": 0.0,
                    "goals_reached_enough": False,
                    "goals_reached_share": 0.0,
                }
            ],
        )


# One more than before the minimum of answers: the program's own settings.
FIGURES_QUERY_BUDGET = 6


@tagged("is_query_count")
class TestFigureQueries(FeedbackCase):
    def _figures(self):
        self.env.invalidate_all()
        program = self.program.with_user(self.coordinator)
        program.fetch(["name"])
        return program.promoter_share

    def test_figures_cost_the_same_for_few_and_many_answers(self):
        self._figures()  # warm the caches (access rules are cached per user)
        for count in (1, 10):
            while len(self._inputs(tandem=self.tandem)) < count:
                session = self._session(self.tandem, days=-1)
                self._answer(
                    self.tandem,
                    self.pulse,
                    self.mentee,
                    {"q_pulse_useful": 4, "q_pulse_covered": "AI"},
                    session,
                )
            with self.assertQueryCount(FIGURES_QUERY_BUDGET):
                self._figures()


@tagged("post_install", "-at_install")
class TestTakeAgain(FeedbackCase, HttpCase):
    def test_take_again_answers_for_the_same_tandem_and_session(self):
        session = self._session(self.tandem, days=-2)
        answers = {"q_pulse_useful": 4, "q_pulse_covered": "LinkedIn"}
        first = self._answer(self.tandem, self.pulse, self.mentee, answers, session)
        self.authenticate(self.mentee_user.login, self.mentee_user.login)
        response = self.url_open(
            f"/survey/retry/{self.pulse.access_token}/{first.access_token}",
            allow_redirects=False,
        )
        again = self._inputs(session=session) - first
        self.assertEqual(len(again), 1, "the new attempt belongs to the session")
        self.assertEqual(again.mentoring_tandem_id, self.tandem)
        self.assertEqual(again.partner_id, self.mentee.work_contact_id)
        self.assertIn(again.access_token, response.headers["Location"])


class TestWhoReadsAnswers(FeedbackCase):
    def test_coordinators_count_the_answers_but_read_none(self):
        """Coordinators see figures only (see test_feedback_privacy for every role)."""
        answer = self._answer(
            self.tandem,
            self.final_mentee,
            self.mentee,
            {"q_mentee_recommend": 10, "q_mentee_goals": "a_mentee_goals_yes"},
        )
        inputs = self.env["survey.user_input"]
        for coordinator in (self.coordinator, self.foreign_coordinator):
            self.assertFalse(
                inputs.with_user(coordinator).search(
                    [("mentoring_program_id", "=", self.program.id)]
                )
            )
            with self.assertRaises(AccessError):
                answer.with_user(coordinator).read(["partner_id"])
            with self.assertRaises(AccessError):
                answer.user_input_line_ids.with_user(coordinator).read(["value_scale"])
        self.assertEqual(
            self.program.with_user(self.coordinator).feedback_answer_count, 1
        )
        for user in (self.mentor_user, self.mentee_user, self.other_user):
            with self.assertRaises(AccessError):
                answer.with_user(user).read(["state"])
