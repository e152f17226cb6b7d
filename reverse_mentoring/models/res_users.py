from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        result = super().write(vals)
        if "active" in vals and not vals["active"]:
            # Archiving someone's user is their departure too, in every
            # company (employee_ids shows those of the current one only).
            # sudo: whoever may archive the user ends their participations.
            self.env["hr.employee"].sudo().with_context(active_test=False).search(
                [("user_id", "in", self.ids)]
            )._mentoring_depart()
        return result
