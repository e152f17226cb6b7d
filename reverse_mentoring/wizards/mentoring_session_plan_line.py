from datetime import timedelta

from odoo import api, fields, models

from ..models.utils import format_weekday


class MentoringSessionPlanLine(models.TransientModel):
    _name = "mentoring.session.plan.line"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Proposed Mentoring Session"
    _parent_access = {"wizard_id": "write"}
    _order = "start"

    wizard_id = fields.Many2one(
        "mentoring.session.plan", required=True, ondelete="cascade"
    )
    start = fields.Datetime(required=True)
    duration = fields.Float(required=True)
    stop = fields.Datetime(compute="_compute_stop")
    weekday = fields.Char(string="Day", compute="_compute_weekday")

    @api.depends("start", "duration")
    def _compute_stop(self):
        for line in self:
            line.stop = line.start and line.start + timedelta(hours=line.duration)

    @api.depends("start")
    def _compute_weekday(self):
        for line in self:
            line.weekday = line.start and format_weekday(self.env, line.start)
