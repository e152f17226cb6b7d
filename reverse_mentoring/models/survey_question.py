from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    mentoring_kpi = fields.Selection(
        [
            ("usefulness", "Session Usefulness"),
            ("recommend", "Would Recommend the Program"),
            ("goals", "Tandem Reached Its Goals"),
            ("gain", "What the Mentor Gained"),
        ],
        string="Mentoring Figure",
        help="Which figure of a reverse-mentoring program the answers to this "
        "question feed: usefulness (a scale), recommendation (a 0 to 10 scale), "
        "goals reached (a choice where the answers that mean yes are marked) or "
        "what the mentor gained (a scale).",
    )
    mentoring_comment = fields.Boolean(
        string="Anonymous Comment for Coordinators",
        help="The answers to this free-text question are shown to the program's "
        "coordinators, without names and once the survey has enough answers. "
        "Leave it off for questions about what was said in a tandem.",
    )


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    mentoring_goal_reached = fields.Boolean(
        string="Means Goals Reached",
        help="Choosing this answer to a goals question counts the tandem's goals "
        "as reached.",
    )
