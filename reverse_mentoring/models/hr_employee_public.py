from odoo import fields, models

from .hr_employee import MENTORING_ROLES, set_mentoring_counts


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    mentoring_role = fields.Selection(MENTORING_ROLES, readonly=True)
    # Coordinators without HR rights read employees through their public
    # profile: the counts must be there too.
    mentoring_participation_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )
    mentoring_tandem_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )

    def _compute_mentoring_counts(self):
        set_mentoring_counts(self)
