from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.utils import format_weekday


class MentoringSessionPlan(models.TransientModel):
    _name = "mentoring.session.plan"
    _inherit = ["mentoring.guard"]
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


class MentoringSessionPlanLine(models.TransientModel):
    _name = "mentoring.session.plan.line"
    _inherit = ["mentoring.guard"]
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
