from odoo import fields, models

PHASES = [
    ("proposed", "Proposed"),
    ("kickoff", "Kick-off"),
    ("active", "Active"),
    ("closing", "Closing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("continued", "Continued"),
    ("left", "Left"),
]
# A tandem is open until it reaches one of these phases.
CLOSED_PHASES = ("done", "cancelled", "left")


class MentoringTandemStage(models.Model):
    _name = "mentoring.tandem.stage"
    _description = "Tandem Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Show this column folded in the tandem kanban view.",
    )
    phase = fields.Selection(
        PHASES,
        required=True,
        default="active",
        help="What this stage means for the program: tandems in a Done, Cancelled or "
        "Left stage are closed and no longer count against a mentor's capacity.",
    )
    description = fields.Text(translate=True)
