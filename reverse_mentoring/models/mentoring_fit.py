"""Did the fit work? The final evaluations' fit rating (1-5), per tandem and
per match-score band of a program."""

from odoo import api, fields, models

from .survey_user_input import MENTORING_ANSWERED_LINES

# Bands of the match score: (field prefix, lowest score, first score above).
FIT_BANDS = (
    ("fit_below_50", 0, 50),
    ("fit_50_69", 50, 70),
    ("fit_70_84", 70, 85),
    ("fit_85_up", 85, 101),
)


def fit_lines(env, domain):
    """The done, non-test fit answers matching `domain` (in sudo)."""
    # sudo: answers are their respondents'; only figures leave this module.
    return (
        env["survey.user_input.line"]
        .sudo()
        .search_fetch(
            [
                *domain,
                *MENTORING_ANSWERED_LINES,
                ("question_id.mentoring_kpi", "=", "fit"),
            ],
            ["user_input_id", "value_scale"],
        )
    )


class MentoringTandem(models.Model):
    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    # The average of both members' answers: with two answers it would tell one
    # person what the other answered, so no mentoring group reads it. The
    # program's figures (over its minimum of answers) and the learned matching
    # weights read it in sudo.
    fit_rating = fields.Float(
        digits=(3, 2),
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="How well the pairing fitted, 1 to 5, the average of the members' "
        "final evaluations; 0 while nobody answered.",
    )
    fit_answer_count = fields.Integer(
        readonly=True, copy=False, groups="base.group_system"
    )

    @api.model
    def _protected_field_names(self):
        return super()._protected_field_names() | {"fit_rating", "fit_answer_count"}

    def _update_fit_rating(self):
        lines = fit_lines(
            self.env, [("user_input_id.mentoring_tandem_id", "in", self.ids)]
        )
        lines.user_input_id.fetch(["mentoring_tandem_id"])
        for tandem in self:
            values = [
                line.value_scale
                for line in lines
                if line.user_input_id.mentoring_tandem_id == tandem
            ]
            # sudo: figures of the answers, set by the addon only.
            tandem.sudo().write(
                {
                    "fit_rating": sum(values) / len(values) if values else 0.0,
                    "fit_answer_count": len(values),
                }
            )


class MentoringProgram(models.Model):
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    fit_below_50 = fields.Float(
        string="Fit, Match Score below 50", compute="_compute_fit_bands"
    )
    fit_below_50_enough = fields.Boolean(compute="_compute_fit_bands")
    fit_50_69 = fields.Float(
        string="Fit, Match Score 50 to 69", compute="_compute_fit_bands"
    )
    fit_50_69_enough = fields.Boolean(compute="_compute_fit_bands")
    fit_70_84 = fields.Float(
        string="Fit, Match Score 70 to 84", compute="_compute_fit_bands"
    )
    fit_70_84_enough = fields.Boolean(compute="_compute_fit_bands")
    fit_85_up = fields.Float(
        string="Fit, Match Score 85 and Above", compute="_compute_fit_bands"
    )
    fit_85_up_enough = fields.Boolean(compute="_compute_fit_bands")

    def _compute_fit_bands(self):
        """The average fit rating (1-5) of the tandems in each match-score band.

        Each band's figure rests on at least the program's minimum of answers,
        or it is 0 and flagged as not enough, like the other feedback figures.
        """
        lines = fit_lines(
            self.env, [("user_input_id.mentoring_program_id", "in", self.ids)]
        )
        lines.user_input_id.fetch(["mentoring_program_id", "mentoring_tandem_id"])
        lines.user_input_id.mentoring_tandem_id.sudo().fetch(["match_score"])
        for program in self:
            minimum = program._min_answers()
            mine = [
                (
                    line.user_input_id.mentoring_tandem_id.sudo().match_score,
                    line.value_scale,
                )
                for line in lines
                if line.user_input_id.mentoring_program_id == program._origin
                and line.user_input_id.mentoring_tandem_id
            ]
            for name, low, high in FIT_BANDS:
                values = [value for score, value in mine if low <= score < high]
                enough = len(values) >= minimum
                program[name] = sum(values) / len(values) if enough else 0.0
                program[f"{name}_enough"] = enough
