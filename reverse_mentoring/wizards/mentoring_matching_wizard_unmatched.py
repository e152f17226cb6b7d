from odoo import fields, models


class MentoringMatchingWizardUnmatched(models.Model):
    _name = "mentoring.matching.wizard.unmatched"
    _description = "Mentee Not Matched"
    _inherit = ["mentoring.guard.mixin"]
    _system_fields = ("wizard_id", "mentee_id", "reason")

    wizard_id = fields.Many2one(
        "mentoring.matching.wizard", required=True, ondelete="cascade"
    )
    mentee_id = fields.Many2one(
        "hr.employee", string="Mentee", required=True, readonly=True
    )
    reason = fields.Char(readonly=True)
