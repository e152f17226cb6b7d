from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The survey type of the feedback questionnaires of reverse mentoring. Like
# Odoo's own specialised types (e.g. "recruitment"), it takes these surveys and
# their answers out of what Survey officers and managers reach; the global
# rules of security.xml close them to everyone but the respondents and the
# mentoring coordinators (who read the questionnaires, never the answers).
MENTORING_SURVEY_TYPE = "mentoring"
# The surveys a program sends: each must be a mentoring survey.
PROGRAM_SURVEY_FIELDS = (
    "pulse_survey_id",
    "final_mentee_survey_id",
    "final_mentor_survey_id",
    "follow_up_survey_id",
    "midterm_survey_id",
)


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[(MENTORING_SURVEY_TYPE, "Reverse Mentoring")],
        ondelete={MENTORING_SURVEY_TYPE: "set default"},
    )

    @api.depends("survey_type")
    @api.depends_context("uid")
    def _compute_allowed_survey_types(self):
        result = super()._compute_allowed_survey_types()
        if self.env.user.has_group("reverse_mentoring.group_mentoring_admin"):
            for survey in self:
                survey.allowed_survey_types = [
                    *(survey.allowed_survey_types or []),
                    MENTORING_SURVEY_TYPE,
                ]
        return result

    @api.onchange("survey_type")
    def _onchange_survey_type(self):
        result = super()._onchange_survey_type()
        if self.survey_type == MENTORING_SURVEY_TYPE:
            # Feedback, not a test: no scoring, no time limit, answered by token.
            self.write(
                {
                    "certification": False,
                    "is_time_limited": False,
                    "scoring_type": "no_scoring",
                    "access_mode": "token",
                }
            )
        return result

    @api.constrains("survey_type")
    def _check_mentoring_survey_type(self):
        """A survey that holds mentoring feedback stays a mentoring survey.

        Otherwise its answers would fall back under the generic survey rules.
        """
        # sudo: the check must see every program and answer, whoever edits.
        leaving = self.sudo().filtered(lambda s: s.survey_type != MENTORING_SURVEY_TYPE)
        if not leaving:
            return
        used = leaving._mentoring_used()
        if used:
            raise ValidationError(
                self.env._(
                    "The survey %(survey)s collects reverse-mentoring feedback: it must stay of the type Reverse Mentoring.",  # noqa: E501
                    survey=used[0].title,
                )
            )

    def _mentoring_used(self):
        """Those of these surveys that a program uses or that hold mentoring answers."""
        programs = self.env["mentoring.program"].with_context(active_test=False)
        used = self.browse()
        for field in PROGRAM_SURVEY_FIELDS:
            used |= programs.search([(field, "in", self.ids)])[field]
        answered = self.env["survey.user_input"].search(
            [("survey_id", "in", self.ids), ("mentoring_tandem_id", "!=", False)]
        )
        return (used | answered.survey_id) & self

    @api.model
    def _mark_mentoring_surveys(self):
        """Make the surveys that programs use, or that hold mentoring answers,
        mentoring surveys; called on each install and update of the addon, so
        that surveys chosen before the type existed are closed as well."""
        surveys = self.sudo().with_context(active_test=False).search([])
        surveys._mentoring_used().filtered(
            lambda s: s.survey_type != MENTORING_SURVEY_TYPE
        ).write({"survey_type": MENTORING_SURVEY_TYPE})
