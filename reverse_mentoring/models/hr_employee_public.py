from odoo import fields, models

from .hr_employee import MENTORING_ROLES


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    mentoring_role = fields.Selection(MENTORING_ROLES, readonly=True)
