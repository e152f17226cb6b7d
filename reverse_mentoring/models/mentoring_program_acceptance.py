from odoo import fields, models


class MentoringProgram(models.Model):
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    members_accept_match = fields.Boolean(
        string="Members Accept Their Match",
        default=True,
        help="A tandem the matching proposes waits until both people accept it; "
        "either may decline, and the two are then offered again by the next "
        "matching, never together.",
    )
    match_answer_days = fields.Integer(
        string="Remind to Answer After (days)",
        default=3,
        help="Days after which a person who neither accepted nor declined their "
        "match is reminded, once.",
    )
