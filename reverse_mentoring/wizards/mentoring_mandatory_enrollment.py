import ast

from odoo import api, fields, models
from odoo.exceptions import UserError


class MentoringMandatoryEnrollment(models.TransientModel):
    _name = "mentoring.mandatory.enrollment"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Enrol Employees as Mentees"
    _parent_access = {"program_id": "write"}

    program_id = fields.Many2one(
        "mentoring.program", required=True, readonly=True, ondelete="cascade"
    )
    employee_domain = fields.Char(
        string="Employees",
        default="[('child_ids', '!=', False)]",
        help="Which employees take part, e.g. everyone who manages a team.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        compute="_compute_employee_ids",
        string="Mentees to Enrol",
    )

    @api.depends("employee_domain", "program_id")
    def _compute_employee_ids(self):
        for wizard in self:
            domain = wizard._employee_filter()
            wizard.employee_ids = self.env["hr.employee"].search(
                domain + [("company_id", "=", wizard.program_id.company_id.id)]
            )

    def _employee_filter(self):
        """The typed filter as a domain; a clear error for anything else."""
        try:
            domain = ast.literal_eval(self.employee_domain or "[]")
        except (ValueError, SyntaxError):
            domain = None
        if not isinstance(domain, list):
            raise UserError(
                self.env._(
                    "The filter of the employees is not a valid domain: %(filter)s",
                    filter=self.employee_domain,
                )
            )
        return domain

    def action_enroll(self):
        self.ensure_one()
        self.env["mentoring.participant"]._enroll_mandatory(
            self.program_id, self.employee_ids
        )
        return self.program_id.action_open_participants()
