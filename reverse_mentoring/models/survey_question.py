from odoo import fields, models

# The three questions of the mid-term check-in, each a 1 to 5 scale, and the
# program's figure of each (see mentoring.program's feedback figures).
CHECKIN_KPIS = [
    ("checkin_plan", "Check-in: We Meet as Planned"),
    ("checkin_ask", "Check-in: I Can Ask Anything"),
    ("checkin_learn", "Check-in: I Learn Something"),
]


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    mentoring_kpi = fields.Selection(
        [
            ("usefulness", "Session Usefulness"),
            ("recommend", "Would Recommend the Program"),
            ("goals", "Tandem Reached Its Goals"),
            ("gain", "What the Mentor Gained"),
            ("fit", "How Well the Pairing Fitted"),
            *CHECKIN_KPIS,
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
