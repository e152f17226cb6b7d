from odoo import fields, models

from .mentoring_participant import ROLES


class MentoringTandemExpectation(models.Model):
    """What each member of a tandem expects from it, written at the kick-off.

    Stored apart from the tandem, in a table no group may access: the only way
    in is `mentoring.tandem.mentor_expectations` / `mentee_expectations`, which
    hand the texts to the two members, and to the coordinators only where the
    program allows it.
    """

    _name = "mentoring.tandem.expectation"
    _description = "Kick-off Expectations"

    tandem_id = fields.Many2one(
        "mentoring.tandem", required=True, index=True, ondelete="cascade"
    )
    side = fields.Selection(ROLES, required=True)
    body = fields.Text()

    _sql_constraints = [
        (
            "tandem_side_uniq",
            "UNIQUE(tandem_id, side)",
            "A tandem has one text of expectations per side.",
        ),
    ]
