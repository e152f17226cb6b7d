from odoo import fields, models
from odoo.exceptions import UserError


class MentoringTandemPart(models.AbstractModel):
    """What belongs to one tandem (goals, sessions) and never moves to another."""

    _name = "mentoring.tandem.part"
    _description = "Part of a Tandem"

    tandem_id = fields.Many2one(
        "mentoring.tandem",
        string="Tandem",
        required=True,
        index=True,
        ondelete="cascade",
    )
    program_id = fields.Many2one(related="tandem_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="tandem_id.company_id", store=True, index=True)

    def write(self, vals):
        if "tandem_id" in vals and any(
            record.tandem_id.id != vals["tandem_id"] for record in self
        ):
            raise UserError(
                self.env._(
                    "Goals and sessions belong to their tandem: create a new one in "
                    "the other tandem instead of moving this one."
                )
            )
        return super().write(vals)
