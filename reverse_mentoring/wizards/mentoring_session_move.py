from odoo import fields, models

from ..models.mentoring_session import MOVE_REASON_LIMIT


class MentoringSessionMove(models.TransientModel):
    _name = "mentoring.session.move"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Move a Mentoring Session"
    _text_limits = {"reason": MOVE_REASON_LIMIT}
    _parent_access = {"session_id": "write"}

    session_id = fields.Many2one(
        "mentoring.session", required=True, readonly=True, ondelete="cascade"
    )
    start = fields.Datetime(string="New Start", required=True)
    duration = fields.Float(required=True)
    reason = fields.Char(help="Shown in the session's chatter, e.g. a board meeting.")

    def action_move(self):
        self.ensure_one()
        self.session_id.with_context(mentoring_move_reason=self.reason).write(
            {"start": self.start, "duration": self.duration}
        )
        return {"type": "ir.actions.act_window_close"}
