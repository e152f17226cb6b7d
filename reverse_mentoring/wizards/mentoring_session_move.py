from odoo import fields, models


class MentoringSessionMove(models.TransientModel):
    _name = "mentoring.session.move"
    _description = "Move a Mentoring Session"

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
