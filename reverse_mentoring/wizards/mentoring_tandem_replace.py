from odoo import api, fields, models

from ..models.mentoring_participant import ROLES


class MentoringTandemReplace(models.TransientModel):
    """A coordinator replaces one member of a tandem; the tandem checks it all."""

    _name = "mentoring.tandem.replace"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Replace a Tandem Member"
    _text_limits = {"reason": 2000}
    _parent_access = {"tandem_id": "write"}

    tandem_id = fields.Many2one(
        "mentoring.tandem", required=True, readonly=True, ondelete="cascade"
    )
    side = fields.Selection(
        ROLES, string="Member to Replace", required=True, default="mentor"
    )
    enroll = fields.Boolean(
        string="Enrol Them",
        help="The new member is not a confirmed participant of the program in "
        "this role yet: enrol and confirm them now.",
    )
    candidate_ids = fields.Many2many(
        "hr.employee", compute="_compute_candidate_ids", string="Candidates"
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="New Member",
        required=True,
        domain="[('id', 'in', candidate_ids)] if not enroll else []",
        help="A confirmed participant of the program in that role without an "
        "open tandem (a mentor with a free place), or anyone you enrol now.",
    )
    reason = fields.Text(required=True)

    @api.depends("tandem_id", "side")
    def _compute_candidate_ids(self):
        for wizard in self:
            wizard.candidate_ids = (
                wizard.tandem_id._replacement_candidates(wizard.side)
                if wizard.tandem_id and wizard.side
                else False
            )

    def action_confirm(self):
        self.ensure_one()
        self.tandem_id.action_replace_member(
            self.side, self.employee_id.id, self.reason, enroll=self.enroll
        )
        return {"type": "ir.actions.act_window_close"}
