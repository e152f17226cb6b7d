from odoo import fields, models


class MentoringTandemRequest(models.TransientModel):
    """A member's request with a reason: to close early, or for a new partner."""

    _name = "mentoring.tandem.request"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Request of a Tandem Member"
    _text_limits = {"reason": 2000}
    _parent_access = {"tandem_id": "write"}

    tandem_id = fields.Many2one(
        "mentoring.tandem", required=True, readonly=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [("closure", "Close Early"), ("new_partner", "New Partner")],
        required=True,
        readonly=True,
    )
    reason = fields.Text()
    share_reason = fields.Boolean(
        string="Share the Reason with the Coordinators",
        help="Without it, the coordinators only learn that you ask for a new partner.",
    )

    def action_confirm(self):
        self.ensure_one()
        if self.kind == "closure":
            self.tandem_id.action_propose_early_closure(self.reason)
        else:
            self.tandem_id.action_request_new_partner(self.reason, self.share_reason)
        return {"type": "ir.actions.act_window_close"}
