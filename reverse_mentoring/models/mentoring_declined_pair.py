from odoo import api, fields, models


class MentoringDeclinedPair(models.Model):
    """A mentor and a mentee one of whom declined their proposed match.

    The matching never proposes the two again, in any program
    (`_avoided_pairs`). Made by the decline itself; only coordinators read it,
    the reason included: the partner never learns why.
    """

    _name = "mentoring.declined.pair"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Declined Match"
    _order = "id desc"
    _text_limits = {"reason": 2000}

    tandem_id = fields.Many2one(
        "mentoring.tandem", string="Tandem", readonly=True, ondelete="set null"
    )
    program_id = fields.Many2one(
        "mentoring.program",
        string="Program",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True
    )
    mentor_id = fields.Many2one(
        "hr.employee",
        string="Mentor",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    mentee_id = fields.Many2one(
        "hr.employee",
        string="Mentee",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    declined_side = fields.Selection(
        [("mentor", "Mentor"), ("mentee", "Mentee")],
        string="Declined By",
        required=True,
        readonly=True,
    )
    reason = fields.Text(readonly=True)

    @api.model
    def _avoided_pairs(self, employees):
        """(mentor id, mentee id) of every declined pair among `employees`."""
        # sudo: the matching reads the declined pairs whoever runs it; only the
        # fact that the two declined is used, never the reason.
        pairs = self.sudo().search_fetch(
            [("mentor_id", "in", employees.ids), ("mentee_id", "in", employees.ids)],
            ["mentor_id", "mentee_id"],
        )
        return [(pair.mentor_id.id, pair.mentee_id.id) for pair in pairs]
