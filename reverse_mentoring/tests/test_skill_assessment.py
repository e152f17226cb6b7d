"""Skills rated at the kick-off, the end and the follow-up; the figures they give."""

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.mentoring_program_feedback import feedback_figures
from .common import HR_OFFICER_GROUPS, MentoringCase, PortalCase

SURVEY_USER = "base.group_user,survey.group_survey_user"
SURVEY_MANAGER = "base.group_user,survey.group_survey_manager"


class SkillCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.level = {
            name: ref(f"reverse_mentoring.skill_level_{name}")
            for name in ("new", "beginner", "practising", "confident", "expert")
        }
        cls.stage_closing = ref("reverse_mentoring.stage_closing")
        # A topic without a skill is rated from 0 to 100.
        cls.plain_topic = cls.env["mentoring.topic"].create({"name": "Podcasting"})
        cls.env["mentoring.goal"].create(
            {
                "tandem_id": cls.tandem.id,
                "name": "Record a first episode",
                "topic_id": cls.plain_topic.id,
            }
        )
        cls.tandem.stage_id = cls.stage_kickoff
        cls.assessments = cls.env["mentoring.skill.assessment"]

    def _rate(self, user, ratings, tandem=None):
        (tandem or self.tandem).with_user(user).action_rate_skills(ratings)

    def _rating(self, tandem, employee, topic, moment, level, side="mentee"):
        """A rating as the addon stores it (superuser: no member needed)."""
        return self.assessments.create(
            {
                "tandem_id": tandem.id,
                "employee_id": employee.id,
                "side": side,
                "topic_id": topic.id,
                "moment": moment,
                "level": level,
                "skill_level_id": bool(topic._assessment_skill())
                and self.level_of(level).id,
            }
        )

    def level_of(self, progress):
        return next(lv for lv in self.level.values() if lv.level_progress == progress)


class TestRating(SkillCase):
    def test_shipped_topics_rate_on_the_digital_competences(self):
        skill_type = self.env.ref("reverse_mentoring.skill_type_digital_competences")
        self.assertEqual(
            sorted(skill_type.skill_level_ids.mapped("level_progress")),
            [0, 25, 50, 75, 100],
        )
        for xmlid in ("topic_social_media", "topic_ai_tools", "topic_work_ethics"):
            topic = self.env.ref(f"reverse_mentoring.{xmlid}")
            self.assertEqual(topic._assessment_skill().skill_type_id, skill_type)
        self.assertFalse(self.plain_topic._assessment_skill())

    def test_mentee_rates_and_mentor_adds_their_view(self):
        tandem = self.tandem.with_user(self.mentee_user)
        self.assertTrue(tandem.skill_rating_missing)
        self.assertEqual(tandem.skill_moment, "kickoff")
        self._rate(
            self.mentee_user,
            {self.topic.id: self.level["beginner"].id, self.plain_topic.id: 30},
        )
        self.assertFalse(tandem.skill_rating_missing)
        # The mentor has not rated yet: their own reminder stays.
        self.assertTrue(self.tandem.with_user(self.mentor_user).skill_rating_missing)
        self._rate(self.mentor_user, {self.topic.id: self.level["new"].id})
        ratings = self.assessments.with_user(self.mentor_user).search(
            [("tandem_id", "=", self.tandem.id)]
        )
        self.assertEqual(
            sorted((r.side, r.topic_id.name, r.moment, r.level) for r in ratings),
            [
                ("mentee", "Podcasting", "kickoff", 30),
                ("mentee", "Social media", "kickoff", 25),
                ("mentor", "Social media", "kickoff", 0),
            ],
        )
        self.assertEqual(
            ratings.filtered(lambda r: r.side == "mentee").employee_id, self.mentee
        )
        # Rating again changes the level, not the number of ratings.
        self._rate(self.mentee_user, {self.topic.id: self.level["practising"].id})
        self.assertEqual(
            self.assessments.search_count([("tandem_id", "=", self.tandem.id)]), 3
        )
        self.assertIn(50, ratings.mapped("level"))

    def test_the_level_comes_from_the_skill_level_never_the_client(self):
        assessments = self.assessments.with_user(self.mentee_user)
        with self.assertRaisesRegex(ValidationError, "progress of the chosen"):
            assessments.create(
                {
                    "tandem_id": self.tandem.id,
                    "topic_id": self.topic.id,
                    "skill_level_id": self.level["beginner"].id,
                    "level": 90,
                }
            )
        with self.assertRaisesRegex(ValidationError, "levels of its skill"):
            assessments.create(
                {"tandem_id": self.tandem.id, "topic_id": self.topic.id, "level": 90}
            )
        with self.assertRaisesRegex(ValidationError, "no skill"):
            assessments.create(
                {
                    "tandem_id": self.tandem.id,
                    "topic_id": self.plain_topic.id,
                    "skill_level_id": self.level["beginner"].id,
                }
            )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            assessments.create(
                {
                    "tandem_id": self.tandem.id,
                    "topic_id": self.plain_topic.id,
                    "level": 101,
                }
            )
        # A topic outside the tandem's goals is not rated.
        other_topic = self.env.ref("reverse_mentoring.topic_hybrid_work")
        with self.assertRaisesRegex(UserError, "topics of the tandem"):
            self._rate(self.mentee_user, {other_topic.id: self.level["expert"].id})
        self.assertFalse(self.assessments.search([("tandem_id", "=", self.tandem.id)]))

    def test_each_moment_opens_in_turn_and_closes(self):
        self._rate(self.mentee_user, {self.plain_topic.id: 20})
        kickoff = self.assessments.search([("tandem_id", "=", self.tandem.id)])
        self.tandem.stage_id = self.stage_closing
        with self.assertRaisesRegex(UserError, "not open"):
            kickoff.with_user(self.mentee_user).level = 90
        self.assertEqual(kickoff.level, 20)
        # Forging the moment is refused: the open one is the end.
        with self.assertRaisesRegex(UserError, "not open"):
            self.assessments.with_user(self.mentee_user).create(
                {
                    "tandem_id": self.tandem.id,
                    "topic_id": self.plain_topic.id,
                    "moment": "kickoff",
                    "level": 70,
                }
            )
        self._rate(self.mentee_user, {self.plain_topic.id: 70})
        closing = self.assessments.search(
            [("tandem_id", "=", self.tandem.id), ("moment", "=", "closing")]
        )
        self.assertEqual(closing.level, 70)
        self.tandem.stage_id = self.stage_cancelled
        self.assertFalse(self.tandem.skill_moment)
        with self.assertRaisesRegex(UserError, "not open"):
            self._rate(self.mentee_user, {self.plain_topic.id: 90})
        self.assertEqual(closing.level, 70)

    def test_rating_is_never_a_blocker_of_the_kickoff(self):
        members = ((self.mentor_user, "mentor"), (self.mentee_user, "mentee"))
        for user, side in members:
            self.tandem.with_user(user)[f"{side}_expectations"] = "Learn together"
        for user, _side in members:
            self.tandem.with_user(user).action_agree_kickoff()
        self.assertEqual(self.tandem.phase, "active")
        self.assertFalse(self.assessments.search([("tandem_id", "=", self.tandem.id)]))
        # The kick-off rating can still be given once the tandem is active.
        self.assertEqual(self.tandem.skill_moment, "kickoff")


class TestWhoSeesRatings(SkillCase):
    """The ratings are the tandem's two people's: every other role is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = cls._user("rm_skill_hr", HR_OFFICER_GROUPS)
        cls.survey_officer = cls._user("rm_skill_survey", SURVEY_USER)
        cls.survey_manager = cls._user("rm_skill_survey_mgr", SURVEY_MANAGER)
        cls.settings_admin = cls.env.ref("base.user_admin")
        cls.tandem.with_user(cls.mentee_user).action_rate_skills(
            {cls.topic.id: cls.level["beginner"].id, cls.plain_topic.id: 40}
        )
        cls.ratings = cls.assessments.search([("tandem_id", "=", cls.tandem.id)])

    OUTSIDERS = (
        "coordinator",
        "foreign_coordinator",
        "mentoring_admin",
        "settings_admin",
        "other_user",
        "hr_officer",
        "survey_officer",
        "survey_manager",
    )

    def _state(self):
        return sorted(
            self.ratings.mapped(lambda r: (r.id, r.level, r.skill_level_id.id))
        )

    def test_members_read_both_sides(self):
        for user in (self.mentee_user, self.mentor_user):
            mine = self.assessments.with_user(user).search(
                [("tandem_id", "=", self.tandem.id)]
            )
            self.assertEqual(mine, self.ratings)
            mine.read(["level", "topic_id", "employee_id"])

    def test_every_other_role_reads_nothing_on_any_path(self):
        before = self._state()
        for user in self._outsiders():
            with self.subTest(user=user.login):
                assessments = self.assessments.with_user(user)
                self.assertFalse(assessments.search([]))
                self.assertEqual(assessments.search_count([]), 0)
                self.assertFalse(
                    assessments._read_group([], ["topic_id"], ["level:sum"])
                )
                self.assertFalse(assessments.read_group([], ["level:avg"], ["moment"]))
                with self.assertRaises(AccessError):
                    self.ratings.with_user(user).read(["level"])
                # Refused for want of export rights, or by the rules.
                with self.assertRaises(UserError):
                    self.ratings.with_user(user).export_data(["level"])
                with self.assertRaises(AccessError):
                    self.ratings.with_user(user).web_read({"level": {}})
        # Through the tandem (coordinators read it): the ratings are not there.
        for user in (self.coordinator, self.mentoring_admin):
            tandem = self.tandem.with_user(user)
            spec = {"skill_assessment_ids": {"fields": {"level": {}}}}
            self.assertEqual(tandem.web_read(spec)[0]["skill_assessment_ids"], [])
            values = tandem.onchange({}, [], {"skill_assessment_ids": {"fields": {}}})
            self.assertFalse(values["value"].get("skill_assessment_ids"))
        self.assertEqual(self._state(), before)

    def test_nobody_but_the_respondent_writes(self):
        before = self._state()
        for user in (*self._outsiders(), self.mentor_user):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self.ratings.with_user(user).write({"level": 100})
                with self.assertRaises(UserError):
                    self.assessments.with_user(user).create(
                        {
                            "tandem_id": self.tandem.id,
                            "employee_id": self.mentee.id,
                            "side": "mentee",
                            "topic_id": self.plain_topic.id,
                            "moment": "kickoff",
                            "level": 100,
                        }
                    )
        for user in (*self._outsiders(), self.mentor_user, self.mentee_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.ratings.with_user(user).unlink()
        # Nor does the respondent move their rating to another person or moment.
        with self.assertRaises(AccessError):
            self.ratings[0].with_user(self.mentee_user).write({"moment": "closing"})
        self.assertEqual(self._state(), before)
        self.assertEqual(
            self.assessments.search_count([("tandem_id", "=", self.tandem.id)]), 2
        )

    def test_coordinators_see_figures_only(self):
        program = self.program.with_user(self.coordinator)
        # One mentee is below any minimum: no figure.
        self.assertFalse(program.skill_kickoff_enough)
        self.assertEqual(program.skill_kickoff_level, 0.0)
        self.assertNotIn("40", program.skill_results_table)
        with self.assertRaises(AccessError):
            self.program.with_user(self.other_user).read(["skill_improved_rate"])


class TestSkillFigures(SkillCase):
    """The figures of a known program, computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.known = cls.program.copy({"name": "Known", "feedback_min_answers": 3})
        cls.ai = cls.env.ref("reverse_mentoring.topic_ai_tools")
        cls.known_tandems = [cls._tandem(cls.known, name=f"K{i}") for i in range(4)]

    def _fill(self, rows):
        for tandem, (topic, kickoff, closing, follow_up) in rows:
            for moment, level in (
                ("kickoff", kickoff),
                ("closing", closing),
                ("follow_up", follow_up),
            ):
                if level is not None:
                    self._rating(tandem, tandem.mentee_id, topic, moment, level)

    def test_figures_over_enough_answers(self):
        t0, t1, t2, t3 = self.known_tandems
        self._fill(
            [
                # Social media (five levels): 25 -> 50 one level up.
                (t0, (self.topic, 25, 50, 50)),
                # 50 -> 50: no change.
                (t1, (self.topic, 50, 50, 75)),
                # 0 -> 75: up.
                (t2, (self.topic, 0, 75, None)),
                # Plain scale: 30 -> 45 is less than 20 points; 30 -> 50 is one level.
                (t0, (self.plain_topic, 30, 45, None)),
                (t3, (self.plain_topic, 30, 50, None)),
            ]
        )
        # The mentor's view never counts.
        self._rating(t3, t3.mentor_id, self.plain_topic, "closing", 0, side="mentor")
        program = self.known.with_user(self.coordinator)
        # Mentees with both ratings: t0 (up in social media), t1 (no), t2 (up),
        # t3 (up, 20 points): 3 of 4.
        self.assertTrue(program.skill_improved_enough)
        self.assertEqual(program.skill_improved_rate, 75.0)
        # Kick-off: 25, 50, 0, 30, 30 -> 135 / 5 = 27, from 4 mentees.
        self.assertTrue(program.skill_kickoff_enough)
        self.assertEqual(program.skill_kickoff_level, 27.0)
        # End: 50, 50, 75, 45, 50 -> 270 / 5 = 54.
        self.assertEqual(program.skill_closing_level, 54.0)
        # Follow-up: two mentees only, under the minimum of 3.
        self.assertFalse(program.skill_follow_up_enough)
        self.assertEqual(program.skill_follow_up_level, 0.0)
        by_topic = {row["topic"]: row for row in program.skill_results_by_topic}
        # Social media: 3 mentees -> (25 + 50 + 0) / 3 = 25, end 175 / 3.
        self.assertEqual(by_topic["Social media"]["kickoff"], 25.0)
        self.assertAlmostEqual(by_topic["Social media"]["closing"], 175 / 3)
        self.assertIsNone(by_topic["Social media"]["follow_up"])
        # Podcasting: 2 mentees, under the minimum: nothing shown.
        self.assertEqual(
            by_topic["Podcasting"],
            {
                "topic": "Podcasting",
                "kickoff": None,
                "closing": None,
                "follow_up": None,
            },
        )
        self.assertIn("58", program.skill_results_table)
        # A third follow-up reaches the minimum: (50 + 75 + 100) / 3 = 75.
        self._rating(t2, t2.mentee_id, self.topic, "follow_up", 100)
        self.env.invalidate_all()
        self.assertTrue(program.skill_follow_up_enough)
        self.assertEqual(program.skill_follow_up_level, 75.0)
        by_topic = {row["topic"]: row for row in program.skill_results_by_topic}
        self.assertEqual(by_topic["Social media"]["follow_up"], 75.0)

    def test_under_the_minimum_nothing_is_shown(self):
        t0, t1, *_rest = self.known_tandems
        self._fill([(t0, (self.topic, 25, 50, None)), (t1, (self.topic, 0, 0, None))])
        program = self.known.with_user(self.coordinator)
        self.assertFalse(program.skill_improved_enough)
        self.assertEqual(program.skill_improved_rate, 0.0)
        self.assertFalse(program.skill_kickoff_enough)
        self.assertEqual(
            program.skill_results_by_topic,
            [
                {
                    "topic": "Social media",
                    "kickoff": None,
                    "closing": None,
                    "follow_up": None,
                }
            ],
        )
        # The program's own minimum, never below the floor of 3.
        self.known.feedback_min_answers = 5
        self._fill([(t, (self.ai, 0, 100, None)) for t in self.known_tandems])
        self.env.invalidate_all()
        self.assertFalse(program.skill_improved_enough)

    def test_the_report_draws_before_and_after(self):
        report = self.env["ir.actions.report"].with_user(self.coordinator)

        def render():
            html, _kind = report._render_qweb_html(
                "reverse_mentoring.report_mentoring_program_results", self.known.ids
            )
            return html.decode()

        # Nothing rated: no section.
        self.assertNotIn("o_mentoring_report_skills", render())
        self._fill([(t, (self.topic, 25, 50, None)) for t in self.known_tandems])
        self.env.invalidate_all()
        html = render()
        section = html.split("o_mentoring_report_skills")[1]
        self.assertIn("Did they learn?", section)
        # 4 of 4 improved against the target of 80; one chart per topic group.
        self.assertIn("100 % of 80 %", section)
        self.assertIn("Social media", section)
        self.assertEqual(section.count("<svg"), 2)
        self.env["res.lang"]._activate_lang("de_DE")
        self.coordinator.lang = "de_DE"
        self.env.invalidate_all()
        self.assertIn("100 % von 80 %", render())

    def test_mentors_gain_over_enough_answers(self):
        answers = [
            ("gain", tandem, value, False) for tandem, value in enumerate((4, 5, 3))
        ]
        figures = feedback_figures(answers, 3)
        self.assertTrue(figures["mentor_gain_enough"])
        self.assertEqual(figures["mentor_gain"], 4.0)
        figures = feedback_figures(answers[:2], 3)
        self.assertFalse(figures["mentor_gain_enough"])
        self.assertEqual(figures["mentor_gain"], 0.0)


class TestFollowUp(SkillCase):
    def _end(self, months_ago):
        self.tandem.stage_id = self.stage_done
        self.tandem.date_ended = fields.Date.today() - relativedelta(months=months_ago)

    def _invitations(self):
        return self.env["survey.user_input"].search(
            [
                ("mentoring_tandem_id", "=", self.tandem.id),
                (
                    "survey_id",
                    "=",
                    self.env.ref("reverse_mentoring.survey_follow_up").id,
                ),
            ]
        )

    def test_follow_up_sent_once_to_both(self):
        self._end(months_ago=4)
        self.assertEqual(self.program.follow_up_months, 3)
        self.assertEqual(self.tandem.skill_moment, "closing")
        self.env["mentoring.tandem"]._cron_send_follow_up()
        invitations = self._invitations()
        self.assertEqual(
            invitations.partner_id,
            (self.mentor | self.mentee).work_contact_id,
        )
        self.assertEqual(self.tandem.follow_up_date, fields.Date.today())
        self.assertEqual(self.tandem.skill_moment, "follow_up")
        # Even once answered, a second run sends nothing more.
        invitations.state = "done"
        self.env["mentoring.tandem"]._cron_send_follow_up()
        self.assertEqual(self._invitations(), invitations)
        # Both rate once more.
        self._rate(self.mentee_user, {self.plain_topic.id: 80})
        self.assertEqual(
            self.assessments.search([("tandem_id", "=", self.tandem.id)]).moment,
            "follow_up",
        )

    def test_no_follow_up_too_early_or_when_off(self):
        self._end(months_ago=2)
        self.env["mentoring.tandem"]._cron_send_follow_up()
        self.assertFalse(self._invitations())
        self.tandem.date_ended = fields.Date.today() - relativedelta(months=6)
        self.program.follow_up_months = 0
        self.env["mentoring.tandem"]._cron_send_follow_up()
        self.assertFalse(self._invitations())
        self.assertFalse(self.tandem.follow_up_date)

    def test_the_follow_up_survey_is_a_mentoring_survey(self):
        survey = self.env.ref("reverse_mentoring.survey_follow_up")
        self.assertEqual(self.program.follow_up_survey_id, survey)
        with self.assertRaisesRegex(ValidationError, "must stay of the type"):
            survey.survey_type = "survey"
        other = self.env["survey.survey"].create(
            {"title": "Generic", "survey_type": "survey"}
        )
        with self.assertRaisesRegex(ValidationError, "not a reverse-mentoring"):
            self.program.follow_up_survey_id = other

    def test_the_end_date_is_recorded(self):
        self.tandem.stage_id = self.stage_done
        self.assertEqual(self.tandem.date_ended, fields.Date.today())


class TestWriteBack(SkillCase):
    def _employee_skills(self):
        return self.env["hr.employee.skill"].search(
            [("employee_id", "=", self.mentee.id)]
        )

    def test_only_the_mentees_choice_writes_their_skills(self):
        self._rate(self.mentee_user, {self.topic.id: self.level["beginner"].id})
        self.tandem.stage_id = self.stage_closing
        self._rate(self.mentee_user, {self.topic.id: self.level["confident"].id})
        self._rate(self.mentor_user, {self.topic.id: self.level["expert"].id})
        # Rating at the end writes nothing into the skills.
        self.assertFalse(self._employee_skills())
        for user in (self.mentor_user, self.coordinator, self.other_user):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.tandem.with_user(user).action_write_back_skills()
        self.assertFalse(self._employee_skills())
        self.tandem.with_user(self.mentee_user).action_write_back_skills()
        skill = self._employee_skills()
        self.assertEqual(skill.skill_id, self.topic._assessment_skill())
        # The mentee's own level, not the mentor's view.
        self.assertEqual(skill.skill_level_id, self.level["confident"])
        self.tandem.with_user(self.mentee_user).action_write_back_skills()
        self.assertEqual(self._employee_skills(), skill)
        self.assertEqual(skill.skill_level_id, self.level["confident"])


@tagged("is_query_count")
class TestSkillQueries(SkillCase):
    def _program(self, tandems):
        program = self.program.copy({"name": f"{tandems} tandems"})
        for index in range(tandems):
            tandem = self._tandem(program, name=f"S{tandems}-{index}")
            for moment, level in (("kickoff", 25), ("closing", 75)):
                self._rating(tandem, tandem.mentee_id, self.topic, moment, level)
                self._rating(tandem, tandem.mentee_id, self.plain_topic, moment, level)
        return program

    def _results(self, program):
        self.env.invalidate_all()
        return program.with_user(self.coordinator).read(
            ["skill_improved_rate", "skill_kickoff_level", "skill_results_by_topic"]
        )[0]

    def test_skill_results_cost_the_same_for_1_and_12_tandems(self):
        small, large = self._program(1), self._program(12)
        # Warm the caches (access rules are cached per user).
        self._results(small)
        self._results(large)
        with self.assertQueryCount(SKILL_QUERY_BUDGET):
            self._results(small)
        with self.assertQueryCount(SKILL_QUERY_BUDGET):
            figures = self._results(large)
        self.assertEqual(figures["skill_improved_rate"], 100.0)
        self.assertEqual(figures["skill_kickoff_level"], 25.0)


# Queries to compute the skill figures of a program, whatever its size.
SKILL_QUERY_BUDGET = 11


class TestRatingThroughTheForm(SkillCase):
    def test_mentee_adds_a_rating_in_the_tandem_form(self):
        tandem = self.tandem.with_user(self.mentee_user)
        tandem.write(
            {
                "skill_assessment_ids": [
                    Command.create(
                        {
                            "topic_id": self.topic.id,
                            "moment": "kickoff",
                            "side": "mentee",
                            "employee_id": self.mentee.id,
                            "skill_level_id": self.level["practising"].id,
                        }
                    )
                ]
            }
        )
        self.assertEqual(tandem.skill_assessment_ids.level, 50)


class TestPortalSkills(PortalCase):
    """The rating form of the tandem's page, as every role, with forged forms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level = cls.env.ref("reverse_mentoring.skill_level_beginner")
        cls.tandem.stage_id = cls.stage_kickoff
        cls.env["mentoring.goal"].create(
            {
                "tandem_id": cls.portal_tandem.id,
                "name": "Reels",
                "topic_id": cls.topic.id,
            }
        )

    def _ratings(self, tandem=None):
        return self.env["mentoring.skill.assessment"].search(
            [("tandem_id", "=", (tandem or self.tandem).id)]
        )

    def test_members_rate_on_their_page(self):
        self._login(self.mentee_user)
        page = self._get(self._url()).text
        self.assertIn("o_mentoring_skill_reminder", page)
        self.assertIn(f'name="topic_{self.topic.id}"', page)
        page = self._submit("/skills", {f"topic_{self.topic.id}": str(self.level.id)})
        self.assertIn("Your ratings are saved", page)
        self.assertNotIn("o_mentoring_skill_reminder", page)
        rating = self._ratings()
        self.assertEqual((rating.employee_id, rating.level), (self.mentee, 25))
        # A mentor of a partner organisation, a portal user, adds their view.
        self._login(self.portal_mentor_user)
        page = self._submit(
            "/skills",
            {f"topic_{self.topic.id}": str(self.level.id)},
            tandem=self.portal_tandem,
        )
        self.assertIn("Your ratings are saved", page)
        self.assertEqual(self._ratings(self.portal_tandem).side, "mentor")

    def test_outsiders_and_forged_forms_change_nothing(self):
        data = {f"topic_{self.topic.id}": str(self.level.id)}
        for user in self._outsiders():
            with self.subTest(user=user.login):
                self._login(user)
                response = self._post(self._url() + "/skills", data)
                self.assertEqual(response.status_code, 404)
                response = self._post(self._url() + "/skills/write_back")
                self.assertEqual(response.status_code, 404)
        self.assertFalse(self._ratings())
        self._login(self.mentee_user)
        other_level = self.env["hr.skill.level"].create(
            {"name": "Elsewhere", "level_progress": 90}
        )
        for forged in ("abc", "-1", "99999999999", str(other_level.id)):
            with self.subTest(forged=forged):
                page = self._submit("/skills", {f"topic_{self.topic.id}": forged})
                self.assertIn("alert-danger", page)
        self.assertFalse(self._ratings())


@tagged("post_install", "-at_install", "is_tour")
class TestPortalSkillsTour(SkillCase, HttpCase):
    browser_size = "375x740"

    def test_mentee_rates_at_the_kickoff_on_a_phone(self):
        self.start_tour(
            f"/my/mentoring/tandem/{self.tandem.id}",
            "reverse_mentoring_portal_skills",
            login=self.mentee_user.login,
        )
        ratings = self.assessments.search([("tandem_id", "=", self.tandem.id)])
        self.assertEqual(
            sorted((r.topic_id.name, r.level) for r in ratings),
            [("Podcasting", 30), ("Social media", 25)],
        )


class TestPersonalData(SkillCase):
    """A person's ratings are theirs: in their own export, kept by the erasure."""

    def test_export_and_erasure(self):
        self._rate(self.mentee_user, {self.plain_topic.id: 40})
        self._rate(self.mentor_user, {self.plain_topic.id: 20})
        (tandem,) = self.mentee.with_user(self.mentee_user)._mentoring_personal_data()[
            0
        ]["tandems"]
        self.assertEqual(
            tandem["my_skill_ratings"],
            [
                {
                    "topic": "Podcasting",
                    "moment": "Kick-off",
                    "level": 40,
                    "skill_level": None,
                }
            ],
        )
        hr_officer = self._user("rm_skill_hr_export", HR_OFFICER_GROUPS)
        (tandem,) = self.mentee.with_user(hr_officer)._mentoring_personal_data()[0][
            "tandems"
        ]
        self.assertNotIn("my_skill_ratings", tandem)
        ratings = self.assessments.search([("tandem_id", "=", self.tandem.id)])
        self.mentee.with_user(hr_officer)._mentoring_erase()
        self.env.invalidate_all()
        # The ratings stay for the figures, under the stand-in.
        self.assertEqual(ratings.exists(), ratings)
        mine = ratings.filtered(lambda r: r.side == "mentee")
        self.assertNotEqual(mine.employee_id, self.mentee)
        self.assertEqual(mine.employee_id, self.tandem.mentee_id)
        self.assertEqual(mine.level, 40)
