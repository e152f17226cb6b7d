from odoo import fields, models
from odoo.exceptions import UserError


class MentoringSessionPlan(models.TransientModel):
    _name = "mentoring.session.plan"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Plan the Sessions of a Tandem"
    _parent_access = {"tandem_id": "write"}

    tandem_id = fields.Many2one(
        "mentoring.tandem", required=True, readonly=True, ondelete="cascade"
    )
    line_ids = fields.One2many(
        "mentoring.session.plan.line", "wizard_id", string="Proposed Sessions"
    )

    def action_confirm(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("There is no session to plan."))
        sessions = self.env["mentoring.session"].create(
            [
                {
                    "tandem_id": self.tandem_id.id,
                    "start": line.start,
                    "duration": line.duration,
                }
                for line in self.line_ids
            ]
        )
        sessions._give_agendas()
        return {"type": "ir.actions.act_window_close"}
