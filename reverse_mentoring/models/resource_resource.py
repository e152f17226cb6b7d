from odoo import models


class ResourceResource(models.Model):
    _inherit = "resource.resource"

    def write(self, vals):
        if vals.get("user_id") and not self.env.su:
            # An employee's user is their resource's: the same rule applies.
            # sudo: the employees of these resources, whoever edits them.
            self.sudo().employee_id.with_env(self.env)._check_mentoring_identity(
                {"user_id": vals["user_id"]}
            )
        return super().write(vals)
