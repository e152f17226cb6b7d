from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mentoring_retention_months = fields.Integer(
        related="company_id.mentoring_retention_months", readonly=False
    )
    mentoring_background_threshold = fields.Integer(
        "Background Matching Threshold",
        config_parameter="reverse_mentoring.background_matching_threshold",
        default=2000,
        help="Programs with more confirmed participants than this are matched by a "
        "scheduled job outside the web workers.",
    )
