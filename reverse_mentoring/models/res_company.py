from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    mentoring_retention_months = fields.Integer(
        "Mentoring Data Retention (Months)",
        default=24,
        help="Months after a mentoring program closes after which its private notes "
        "are deleted and its feedback answers are made anonymous.",
    )

    @api.constrains("mentoring_retention_months")
    def _check_mentoring_retention_months(self):
        if any(company.mentoring_retention_months < 1 for company in self):
            raise ValidationError(
                _(
                    "Mentoring data must be kept at least one month after a program closes."  # noqa: E501
                )
            )
