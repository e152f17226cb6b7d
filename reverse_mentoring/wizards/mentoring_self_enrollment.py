from odoo import api, fields, models

from ..models.mentoring_participant import ROLES


class MentoringSelfEnrollment(models.TransientModel):
    _name = "mentoring.self.enrollment"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Enrol in a Mentoring Program"
    _text_limits = {"motivation": 5000}
    _parent_access = {"program_id": "read"}

    program_id = fields.Many2one(
        "mentoring.program", required=True, readonly=True, ondelete="cascade"
    )
    role = fields.Selection(ROLES, required=True, default="mentee")
    topic_ids = fields.Many2many(
        "mentoring.topic",
        string="Topics",
        domain="[('id', 'in', available_topic_ids)]",
        help="The topics you offer to teach, or want to learn.",
    )
    available_topic_ids = fields.Many2many(
        "mentoring.topic",
        string="Available Topics",
        compute="_compute_available_topic_ids",
    )
    motivation = fields.Text(help="Why you take part, and what you expect.")

    @api.depends("program_id")
    def _compute_available_topic_ids(self):
        for wizard in self:
            wizard.available_topic_ids = wizard.program_id._enrollment_topics()

    def action_enroll(self):
        self.ensure_one()
        participant = self.env["mentoring.participant"]._self_enroll(
            self.program_id, self.role, self.topic_ids, self.motivation
        )
        participant.sudo(False)._write_profile(self._profile_values())
        return {"type": "ir.actions.act_window_close"}
