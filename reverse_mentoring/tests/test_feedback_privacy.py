"""Feedback is private: who reaches mentoring surveys, answers and enrolment news.

Every role of the database is tried on answers, answer lines and surveys, with
search, search_count, read_group and read; the respondent keeps their own, the
coordinators get figures over enough answers and anonymous comments only.
"""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user

from .common import COORDINATOR_GROUPS
from .test_feedback import FeedbackCase

SURVEY_USER = "base.group_user,survey.group_survey_user"
SURVEY_MANAGER = "base.group_user,survey.group_survey_manager"
HR_USER = "base.group_user,hr.group_hr_user"


class PrivacyCase(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey_officer = cls._user("rm_survey_officer", SURVEY_USER)
        cls.survey_manager = cls._user("rm_survey_manager", SURVEY_MANAGER)
        cls.hr_officer = cls._user("rm_hr_officer", HR_USER)
        cls.coordinator_officer = cls._user(
            "rm_coordinator_officer", f"{COORDINATOR_GROUPS},survey.group_survey_user"
        )
        # A certification outside mentoring, answered by someone: Odoo's own
        # rules keep it open to Survey officers and managers.
        cls.certification = cls.env["survey.survey"].create(
            {
                "title": "Forklift Certification",
                "survey_type": "assessment",
                "certification": True,
                "scoring_type": "scoring_with_answers",
                "access_mode": "token",
            }
        )
        cls.cert_question = cls.env["survey.question"].create(
            {
                "survey_id": cls.certification.id,
                "title": "Maximum load?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    Command.create({"value": "2 t", "is_correct": True}),
                    Command.create({"value": "20 t", "is_correct": False}),
                ],
            }
        )
        cls.outsider = cls.env["res.partner"].create({"name": "Frank Forklift"})
        cls.cert_answer = cls.certification._create_answer(
            partner=cls.outsider, check_attempts=False
        )
        cls.cert_answer._save_lines(
            cls.cert_question, cls.cert_question.suggested_answer_ids[0].id
        )
        cls.cert_answer._mark_done()

    def _pulses(self, count, tandem=None, employee=None, useful=4, comment=None):
        """`count` finished pulses of `employee` about sessions of `tandem`."""
        tandem = tandem or self.tandem
        employee = employee or tandem.mentee_id
        answers = self.env["survey.user_input"]
        for day in range(count):
            session = self._session(tandem, days=-1 - day)
            values = {"q_pulse_useful": useful, "q_pulse_covered": "Secret topic"}
            if comment:
                values["q_pulse_comment"] = f"{comment} {day}"
            answers |= self._answer(tandem, self.pulse, employee, values, session)
        return answers

    def assertClosed(self, records, user, msg=None):
        """`user` finds nothing of `records`, by any way the client reads."""
        model = self.env[records._name].with_user(user)
        domain = [("id", "in", records.ids)]
        with self.subTest(user=user.login, model=records._name, msg=msg):
            try:
                found = model.search(domain)
            except AccessError:
                found = model.browse()
            self.assertFalse(found)
            try:
                count = model.search_count(domain)
            except AccessError:
                count = 0
            self.assertEqual(count, 0)
            try:
                groups = model.read_group(domain, ["id:count"], [])
            except AccessError:
                groups = []
            self.assertEqual(sum(g.get("__count", 0) for g in groups), 0)
            with self.assertRaises(AccessError):
                records.with_user(user).read(["display_name"])


class TestAnswersArePrivate(PrivacyCase):
    def setUp(self):
        super().setUp()
        self.answer = self._answer(
            self.tandem,
            self.final_mentee,
            self.mentee,
            {
                "q_mentee_recommend": 3,
                "q_mentee_goals": "a_mentee_goals_no",
                "q_mentee_improve": "My mentor never listens",
            },
        )
        self.pulse_answers = self._pulses(5, comment="Fine")

    def test_every_other_role_finds_no_mentoring_answer(self):
        answers = self.answer | self.pulse_answers
        for user in (
            self.survey_officer,
            self.survey_manager,
            self.coordinator,
            self.coordinator_officer,
            self.foreign_coordinator,
            self.mentoring_admin,
            self.hr_officer,
            self.other_user,
            self.mentor_user,
        ):
            self.assertClosed(answers, user)
            self.assertClosed(answers.user_input_line_ids, user)

    def test_no_survey_right_opens_mentoring_answers(self):
        """Whatever rules other apps give, mentoring answers stay closed.

        Odoo's own Survey rules already leave out the survey type "mentoring";
        the global rules also close the answers of tandems on a survey of another
        type, and hold against a rule that opens every answer to a group.
        """
        generic = self.env["survey.survey"].create(
            {"title": "Old pulse", "survey_type": "survey"}
        )
        generic_question = self.env["survey.question"].create(
            {"survey_id": generic.id, "title": "Useful?", "question_type": "text_box"}
        )
        answer = generic._create_answer(
            partner=self.mentee.work_contact_id,
            check_attempts=False,
            mentoring_tandem_id=self.tandem.id,
        )
        answer._save_lines(generic_question, "Not really")
        for model in ("survey_user_input", "survey_user_input_line"):
            self.env["ir.rule"].create(
                {
                    "name": "Another app: every answer for Survey officers",
                    "model_id": self.env.ref(f"survey.model_{model}").id,
                    "groups": [
                        Command.link(self.env.ref("survey.group_survey_user").id)
                    ],
                    "domain_force": "[(1, '=', 1)]",
                }
            )
        for user in (
            self.survey_officer,
            self.survey_manager,
            self.coordinator_officer,
        ):
            self.assertClosed(answer | self.answer | self.pulse_answers, user)
            self.assertClosed(answer.user_input_line_ids, user)
            # The rule of the other app does open the other answers.
            self.assertEqual(
                self.env["survey.user_input"]
                .with_user(user)
                .search([("id", "=", self.cert_answer.id)]),
                self.cert_answer,
            )

    def test_generic_survey_rights_still_reach_other_surveys(self):
        """The closing rules are about mentoring only: a control that can fail."""
        for user in (
            self.survey_officer,
            self.survey_manager,
            self.coordinator_officer,
        ):
            with self.subTest(user=user.login):
                inputs = self.env["survey.user_input"].with_user(user)
                self.assertEqual(
                    inputs.search([("survey_id", "=", self.certification.id)]),
                    self.cert_answer,
                )
                self.assertTrue(
                    self.cert_answer.with_user(user).user_input_line_ids.read(
                        ["suggested_answer_id"]
                    )
                )
                # Among everything the officer reads, no mentoring answer.
                self.assertFalse(
                    inputs.search([]).filtered(lambda i: i.mentoring_tandem_id)
                )

    def test_the_respondent_reads_their_own_answer_only(self):
        # Employees have no survey rights: they read their invitations through
        # the portal; with survey rights, the back end shows them their own.
        self.mentee_user.groups_id += self.env.ref("survey.group_survey_user")
        inputs = self.env["survey.user_input"].with_user(self.mentee_user)
        mine = self.answer | self.pulse_answers
        self.assertEqual(inputs.search([("mentoring_tandem_id", "!=", False)]), mine)
        self.assertIn(
            "My mentor never listens",
            self.answer.with_user(self.mentee_user).user_input_line_ids.mapped(
                "value_text_box"
            ),
        )
        # The mentor's answer in the same tandem is not the mentee's to read.
        mentor_answer = self._answer(
            self.tandem,
            self.final_mentor,
            self.mentor,
            {"q_mentor_recommend": 9, "q_mentor_goals": "a_mentor_goals_yes"},
        )
        self.assertClosed(mentor_answer, self.mentee_user)

    def test_the_respondent_answers_their_invitation_by_token(self):
        """The survey pages work in sudo with the token: the rules do not stop them."""
        session = self._session(self.tandem, days=-2)
        invitation = self.env["survey.user_input"]._mentoring_invite(
            self.tandem, self.pulse, self.mentee, session
        )
        pending = (
            self.env["survey.user_input"]
            .with_user(self.mentee_user)
            ._mentoring_pending(self.tandem, self.mentee_user.partner_id)
        )
        self.assertEqual(pending, invitation)
        # What the survey controller does with the token of the invitation.
        survey_sudo = (
            self.env["survey.survey"]
            .with_user(self.mentee_user)
            .sudo()
            .search([("access_token", "=", self.pulse.access_token)])
        )
        answer_sudo = (
            self.env["survey.user_input"]
            .with_user(self.mentee_user)
            .sudo()
            .search(
                [
                    ("survey_id", "=", survey_sudo.id),
                    ("access_token", "=", invitation.access_token),
                ]
            )
        )
        self.assertEqual(answer_sudo, invitation)
        self._fill(answer_sudo, {"q_pulse_useful": 5, "q_pulse_covered": "TikTok"})
        self.assertEqual(invitation.state, "done")


class TestSurveysArePrivate(PrivacyCase):
    def test_survey_officers_and_managers_reach_no_mentoring_survey(self):
        mentoring = self.pulse | self.final_mentee | self.final_mentor
        for user in (
            self.survey_officer,
            self.survey_manager,
            self.hr_officer,
            self.other_user,
        ):
            self.assertClosed(mentoring, user)
            self.assertClosed(mentoring.question_ids, user)
            self.assertClosed(mentoring.question_ids.suggested_answer_ids, user)
        # They keep their own surveys: a control that can fail.
        for user in (self.survey_officer, self.survey_manager):
            self.assertEqual(
                self.env["survey.survey"]
                .with_user(user)
                .search([("id", "=", self.certification.id)]),
                self.certification,
            )

    def test_coordinators_read_the_mentoring_surveys_only(self):
        surveys = self.env["survey.survey"].with_user(self.coordinator)
        found = surveys.search([])
        self.assertIn(self.pulse, found)
        self.assertEqual(set(found.mapped("survey_type")), {"mentoring"})
        self.assertFalse(self.coordinator.has_group("survey.group_survey_user"))
        self.assertClosed(self.certification, self.coordinator)
        # No correct answer, no access token of a certification.
        self.assertClosed(self.cert_question, self.coordinator)
        self.assertClosed(self.cert_question.suggested_answer_ids, self.coordinator)
        # The questionnaires they choose for a program open, the survey form's
        # counts included (they count only the coordinator's own answers).
        values = self.pulse.with_user(self.coordinator).read()[0]
        self.assertEqual(values["answer_count"], 0)
        self.assertTrue(self.pulse.question_ids.with_user(self.coordinator).read())
        # A coordinator who is a Survey officer as well gets Odoo's surveys too.
        self.assertEqual(
            self.env["survey.survey"]
            .with_user(self.coordinator_officer)
            .search([("id", "in", (self.certification | self.pulse).ids)]),
            self.certification | self.pulse,
        )

    def test_mentoring_administrators_edit_mentoring_surveys_only(self):
        self.pulse.with_user(self.mentoring_admin).title = "Pulse"
        self.assertEqual(self.pulse.title, "Pulse")
        with self.assertRaises(AccessError):
            self.certification.with_user(self.mentoring_admin).title = "Mine"
        with self.assertRaises(AccessError):
            self.pulse.with_user(self.coordinator).title = "Coordinator's"

    def test_a_mentoring_survey_stays_one(self):
        with self.assertRaisesRegex(ValidationError, "must stay of the type"):
            self.pulse.survey_type = "survey"
        with self.assertRaisesRegex(ValidationError, "not a reverse-mentoring survey"):
            self.program.final_mentee_survey_id = self.certification

    def test_surveys_in_use_become_mentoring_surveys_on_update(self):
        # A survey chosen, or answered, before the type existed.
        old = self.env["survey.survey"].create(
            {"title": "Old pulse", "survey_type": "survey"}
        )
        self.env.cr.execute(
            "UPDATE mentoring_program SET pulse_survey_id = %s WHERE id = %s",
            (old.id, self.program.id),
        )
        self.env.invalidate_all()
        self.env["survey.survey"]._mark_mentoring_surveys()
        self.assertEqual(old.survey_type, "mentoring")
        self.assertEqual(self.certification.survey_type, "assessment")


class TestMinimumAnswers(PrivacyCase):
    def _coordinator_view(self):
        self.env.invalidate_all()
        return self.program.with_user(self.coordinator)

    def test_the_minimum_is_five_by_default_and_never_below_three(self):
        self.assertEqual(self.program.feedback_min_answers, 5)
        self.program.feedback_min_answers = 3
        with self.assertRaisesRegex(ValidationError, "at least 3 answers"):
            self.program.feedback_min_answers = 2

    def test_figures_appear_with_the_fifth_answer(self):
        self._pulses(4, useful=2, comment="Too short")
        program = self._coordinator_view()
        self.assertRecordValues(
            program,
            [
                {
                    "feedback_answer_count": 4,
                    "feedback_enough": False,
                    "feedback_invitation_count": 0,
                    "response_rate": 0.0,
                    "session_usefulness_enough": False,
                    "session_usefulness": 0.0,
                    "feedback_comments": False,
                }
            ],
        )
        self._pulses(1, useful=5, comment="Great")
        program = self._coordinator_view()
        self.assertRecordValues(
            program,
            [
                {
                    "feedback_answer_count": 5,
                    "feedback_enough": True,
                    "feedback_invitation_count": 5,
                    "response_rate": 100.0,
                    "session_usefulness_enough": True,
                    "session_usefulness": (4 * 2 + 5) / 5,
                    # No final evaluation yet: those figures still wait.
                    "promoter_enough": False,
                    "promoter_share": 0.0,
                    "goals_reached_enough": False,
                }
            ],
        )
        comments = str(program.feedback_comments)
        for text in ("Great 0", "Too short 0", "Too short 3"):
            self.assertIn(text, comments)
        # In alphabetical order, without names nor what the tandem covered.
        self.assertLess(comments.index("Great 0"), comments.index("Too short 0"))
        for secret in ("Secret topic", self.mentee.name, self.mentor.name):
            self.assertNotIn(secret, comments)

    def test_each_figure_and_each_survey_needs_its_own_answers(self):
        self.program.feedback_min_answers = 3
        self._pulses(3, comment="Pulse")
        # One mentor's final evaluation: its comment and the recommendation
        # would point at that mentor.
        self._answer(
            self.tandem,
            self.final_mentor,
            self.mentor,
            {
                "q_mentor_recommend": 0,
                "q_mentor_goals": "a_mentor_goals_no",
                "q_mentor_improve": "Only I answered this",
            },
        )
        program = self._coordinator_view()
        self.assertTrue(program.feedback_enough)
        self.assertTrue(program.session_usefulness_enough)
        self.assertFalse(program.promoter_enough)
        self.assertEqual(program.net_promoter_score, 0.0)
        self.assertIn("Pulse 0", str(program.feedback_comments))
        self.assertNotIn("Only I answered this", str(program.feedback_comments))

    def test_comments_are_escaped(self):
        self.program.feedback_min_answers = 3
        self._pulses(3, comment="<script>alert(1)</script>")
        comments = str(self._coordinator_view().feedback_comments)
        self.assertNotIn("<script>", comments)
        self.assertIn("&lt;script&gt;", comments)


class TestTalentSpotting(PrivacyCase):
    def setUp(self):
        super().setUp()
        self.hr_coordinator = self._user(
            "rm_hr_coordinator", f"{COORDINATOR_GROUPS},hr.group_hr_user"
        )

    def _top(self):
        self.env.invalidate_all()
        return self.program.with_user(self.hr_coordinator).top_mentor_ids

    def test_a_mentor_is_ranked_from_enough_answers_on(self):
        second = self._tandem(name="Second")
        self._pulses(4, tandem=second, useful=5)
        self._pulses(5, tandem=self.tandem, useful=3)
        # The mentor's own pulses do not rate them.
        self._pulses(5, tandem=second, employee=second.mentor_id, useful=5)
        self.assertEqual(self._top(), self.mentor, "4 answers rank nobody")
        self._answer(
            second,
            self.final_mentee,
            second.mentee_id,
            {"q_mentee_recommend": 10, "q_mentee_goals": "a_mentee_goals_yes"},
        )
        self.assertEqual(self._top().ids, (second.mentor_id | self.mentor).ids)

    def test_a_low_pulse_is_a_tandem_signal(self):
        self.tandem.stage_id = self.env.ref("reverse_mentoring.stage_active")
        self._session(self.tandem, days=-1).action_done()
        self._pulses(1, useful=5)
        low = self.env["survey.user_input"]._mentoring_low_pulse_tandems
        self.assertFalse(low(self.tandem))
        self.tandem._update_health()
        self.assertEqual(self.tandem.health, "on_track")
        self._pulses(1, useful=2)
        self.assertEqual(low(self.tandem), self.tandem)
        self.tandem._update_health()
        self.assertEqual(self.tandem.health, "check_in")


class TestTestEntries(PrivacyCase):
    """A survey manager tries a survey out: the test entry counts nowhere."""

    def _test_pulse(self, useful, comment):
        """A finished test entry of the pulse about a session of the tandem, by
        the administrator trying the survey out."""
        answer = self.pulse._create_answer(
            user=self.env.ref("base.user_admin"),
            check_attempts=False,
            test_entry=True,
            mentoring_tandem_id=self.tandem.id,
            mentoring_session_id=self._session(self.tandem, days=-1).id,
        )
        return self._fill(
            answer,
            {
                "q_pulse_useful": useful,
                "q_pulse_covered": "Trying the survey",
                "q_pulse_comment": comment,
            },
        )

    def test_a_test_entry_never_counts_in_the_figures(self):
        self.program.feedback_min_answers = 3
        self.tandem.stage_id = self.env.ref("reverse_mentoring.stage_active")
        self._session(self.tandem, days=-1).action_done()
        self._pulses(3, useful=4, comment="Real")
        hr_coordinator = self._user(
            "rm_hr_test_entries", f"{COORDINATOR_GROUPS},hr.group_hr_user"
        )
        self.env.invalidate_all()
        before = self.program.with_user(hr_coordinator).read(
            ["feedback_answer_count", "feedback_invitation_count", "top_mentor_ids"]
        )
        for _n in range(3):
            self._test_pulse(1, "Only a test")
        self.env.invalidate_all()
        program = self.program.with_user(hr_coordinator)
        self.assertEqual(
            program.read(
                ["feedback_answer_count", "feedback_invitation_count", "top_mentor_ids"]
            ),
            before,
        )
        self.assertRecordValues(
            program,
            [{"feedback_answer_count": 3, "session_usefulness": 4.0}],
        )
        self.assertEqual(program.top_mentor_ids, self.mentor)
        self.assertIn("Real 0", str(program.feedback_comments))
        self.assertNotIn("Only a test", str(program.feedback_comments))
        # Nor in the tandem's health: the latest real pulse rated it well.
        self.tandem._update_health()
        self.assertEqual(self.tandem.health, "on_track")


class TestEnrollmentNews(PrivacyCase):
    def test_only_the_coordinators_are_told_who_enrolled(self):
        program = self._open_program()
        self.env["mentoring.participant"].with_user(self.other_user)._self_enroll(
            program, "mentee", self.topic
        )
        domain = [("model", "=", program._name), ("res_id", "=", program.id)]
        messages = self.env["mail.message"]
        news = messages.search(domain).filtered(lambda m: "Otto Other" in m.body)
        self.assertEqual(len(news), 1)
        # The coordinator is told, in their inbox.
        self.assertIn(self.coordinator.partner_id, news.partner_ids)
        self.assertTrue(
            news.notification_ids.filtered(
                lambda n: n.res_partner_id == self.coordinator.partner_id
            )
        )
        self.assertEqual(
            messages.with_user(self.coordinator)
            .search(domain)
            .filtered(lambda m: "Otto Other" in m.body),
            news,
        )
        # Another employee reads the open program, not the news.
        colleague = new_test_user(
            self.env,
            login="rm_colleague",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        for user in (colleague, self.mentor_user, self.survey_manager):
            with self.subTest(user=user.login):
                self.assertEqual(program.with_user(user).name, "Digital Next")
                self.assertFalse(
                    messages.with_user(user)
                    .search(domain)
                    .filtered(lambda m: "Otto Other" in (m.body or ""))
                )
                self.assertFalse(
                    program.with_user(user).message_ids.filtered(
                        lambda m: "Otto Other" in (m.body or "")
                    )
                )
                with self.assertRaises(AccessError):
                    news.with_user(user).read(["body"])


class TestProgramForm(PrivacyCase):
    def test_the_form_opens_for_coordinators_and_employees(self):
        """The figures' "not enough answers" parts stay in coordinators' pages."""
        for user in (self.coordinator, self.other_user, self.hr_officer):
            with self.subTest(user=user.login):
                views = (
                    self.env["mentoring.program"]
                    .with_user(user)
                    .get_views([(False, "form")])
                )
                arch = views["views"]["form"]["arch"]
                coordinator = user.has_group(
                    "reverse_mentoring.group_mentoring_coordinator"
                )
                self.assertEqual("feedback_comments" in arch, coordinator)
                self.assertEqual("Not enough answers yet" in arch, coordinator)
