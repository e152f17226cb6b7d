from odoo import api, fields, models

from .mentoring_skill_assessment import MOMENTS, improved_by_a_level
from .survey_survey import MENTORING_SURVEY_TYPE

COORDINATORS = "reverse_mentoring.group_mentoring_coordinator"


class MentoringProgramSkill(models.Model):
    """Did they learn? The mentees' levels before, after and months later."""

    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    follow_up_months = fields.Integer(
        string="Follow-up after (months)",
        default=3,
        help="That many months after a tandem ended, both people get the follow-up "
        "survey and rate the topics once more; 0 sends no follow-up.",
    )
    follow_up_survey_id = fields.Many2one(
        "survey.survey",
        string="Follow-up Survey",
        default=lambda self: self._default_survey("survey_follow_up"),
        domain=[("survey_type", "=", MENTORING_SURVEY_TYPE)],
        help="Sent to both people of a tandem at its follow-up.",
    )
    target_skill_improved = fields.Float(
        string="Target: Mentees Who Improved (%)",
        default=80.0,
        help="Share of the mentees who should rate themselves at least one level "
        "higher at the end than at the kick-off in a topic.",
    )
    skill_improved_enough = fields.Boolean(
        groups=COORDINATORS, compute="_compute_skill_results"
    )
    skill_improved_rate = fields.Float(
        groups=COORDINATORS,
        string="Mentees Who Improved",
        compute="_compute_skill_results",
        help="Among the mentees who rated a topic at the kick-off and at the end, "
        "the share who rated themselves at least one level higher at the end in "
        "at least one topic, in percent: one level of the topic's skill, or 20 "
        "points on the 0 to 100 scale of a topic without a skill. Shown once "
        "it rests on the program's minimum number of answers.",
    )
    skill_kickoff_enough = fields.Boolean(
        groups=COORDINATORS, compute="_compute_skill_results"
    )
    skill_kickoff_level = fields.Float(
        groups=COORDINATORS,
        string="Level at the Kick-off",
        compute="_compute_skill_results",
        help="The mentees' own average level at the kick-off, from 0 to 100.",
    )
    skill_closing_enough = fields.Boolean(
        groups=COORDINATORS, compute="_compute_skill_results"
    )
    skill_closing_level = fields.Float(
        groups=COORDINATORS,
        string="Level at the End",
        compute="_compute_skill_results",
        help="The mentees' own average level at the end, from 0 to 100.",
    )
    skill_follow_up_enough = fields.Boolean(
        groups=COORDINATORS, compute="_compute_skill_results"
    )
    skill_follow_up_level = fields.Float(
        groups=COORDINATORS,
        string="Level at the Follow-up",
        compute="_compute_skill_results",
        help="The mentees' own average level at the follow-up, from 0 to 100.",
    )
    skill_results_by_topic = fields.Json(
        groups=COORDINATORS,
        compute="_compute_skill_results",
        help="Per topic: its name and the mentees' average level at each moment "
        "(null under the minimum number of answers).",
    )
    skill_results_table = fields.Html(
        groups=COORDINATORS,
        string="Levels by Topic",
        compute="_compute_skill_results",
        sanitize=False,
    )
    mentor_gain_enough = fields.Boolean(
        groups=COORDINATORS, compute="_compute_feedback_figures"
    )
    mentor_gain = fields.Float(
        groups=COORDINATORS,
        string="Mentors' Gain (1 to 5)",
        compute="_compute_feedback_figures",
        help="The mentors' average answer, in their final evaluation, to what the "
        "tandem gave them: insight into leadership, network, visibility.",
    )

    _sql_constraints = [
        (
            "follow_up_months_positive",
            "CHECK(follow_up_months >= 0)",
            "The follow-up comes some months after the end, or never (0).",
        ),
    ]

    def _compute_skill_results(self):
        """The mentees' own levels, as averages over enough answers, in fixed queries.

        sudo: the ratings are read by the tandem's two people only; the
        programs' readers get averages over at least the program's minimum
        number of respondents, never a rating. The mentors' views stay in the
        tandem: only the mentees' own ratings count.
        """
        env = self.sudo().env
        rows = env["mentoring.skill.assessment"]._read_group(
            [("program_id", "in", self._origin.ids), ("side", "=", "mentee")],
            ["program_id", "employee_id", "topic_id", "moment"],
            ["level:max"],
        )
        topics = env["mentoring.topic"].browse({row[2].id for row in rows})
        topics.fetch(["name", "sequence", "skill_ids"])
        topics.skill_ids.skill_type_id.skill_level_ids.fetch(["level_progress"])
        steps = {
            topic: topic._assessment_skill().skill_type_id.skill_level_ids.mapped(
                "level_progress"
            )
            for topic in topics
        }
        ratings = {}
        for program, employee, topic, moment, level in rows:
            ratings.setdefault(program.id, {})[(employee, topic, moment)] = level
        for program in self:
            minimum = program._min_answers()
            mine = ratings.get(program._origin.id, {})
            figures = program._skill_figures(mine, steps, minimum)
            program.update(figures)
            program.skill_results_table = self.env["ir.qweb"]._render(
                "reverse_mentoring.skill_results_table",
                {"rows": figures["skill_results_by_topic"], "minimum": minimum},
            )

    @api.model
    def _skill_figures(self, ratings, steps, minimum):
        """The figures of one program's `ratings` {(mentee, topic, moment): level}."""

        def average(levels):
            return sum(levels) / len(levels) if len(levels) >= minimum else None

        figures = {}
        for moment, _label in MOMENTS:
            by_mentee = {}
            for (mentee, _topic, at), level in ratings.items():
                if at == moment:
                    by_mentee.setdefault(mentee, []).append(level)
            levels = [level for values in by_mentee.values() for level in values]
            enough = len(by_mentee) >= minimum
            figures[f"skill_{moment}_enough"] = enough
            figures[f"skill_{moment}_level"] = (
                sum(levels) / len(levels) if enough else 0.0
            )
        improved = {}
        for (mentee, topic, moment), before in ratings.items():
            after = ratings.get((mentee, topic, "closing"))
            if moment == "kickoff" and after is not None:
                improved[mentee] = improved.get(mentee, False) or improved_by_a_level(
                    steps[topic], before, after
                )
        enough = len(improved) >= minimum
        figures["skill_improved_enough"] = enough
        figures["skill_improved_rate"] = (
            100 * sum(improved.values()) / len(improved) if enough else 0.0
        )
        by_topic = []
        for topic in sorted(
            {key[1] for key in ratings}, key=lambda t: (t.sequence, t.id)
        ):
            row = {"topic": topic.name}
            for moment, _label in MOMENTS:
                row[moment] = average(
                    [
                        level
                        for (_m, t, at), level in ratings.items()
                        if t == topic and at == moment
                    ]
                )
            by_topic.append(row)
        figures["skill_results_by_topic"] = by_topic
        return figures
