from odoo import api, fields, models
from odoo.exceptions import UserError


class MentoringErasureWizard(models.TransientModel):
    """HR confirms the erasure of a person's mentoring data, knowing what goes."""

    _name = "mentoring.erasure.wizard"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Erase Mentoring Data"
    _parent_access = {"employee_id": "write"}

    employee_id = fields.Many2one(
        "hr.employee", required=True, readonly=True, ondelete="cascade"
    )
    note_count = fields.Integer(
        string="Private Notes to Delete", compute="_compute_counts"
    )
    answer_count = fields.Integer(
        string="Feedback Answers to Detach", compute="_compute_counts"
    )
    participation_count = fields.Integer(
        string="Participations to Anonymise", compute="_compute_counts"
    )
    tandem_count = fields.Integer(
        string="Tandems to Anonymise", compute="_compute_counts"
    )
    confirm = fields.Boolean(
        string="I understand that this cannot be undone",
        help="The private notes are deleted; the feedback answers, participations "
        "and tandems no longer name this person, for good.",
    )

    @api.depends("employee_id")
    def _compute_counts(self):
        for wizard in self:
            summary = wizard.employee_id._mentoring_erasure_summary()
            wizard.participation_count = summary["participations"]
            wizard.tandem_count = summary["tandems"]
            wizard.note_count = summary["notes"]
            wizard.answer_count = summary["answers"]

    def action_erase(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(
                self.env._(
                    "Tick the box to confirm that the mentoring data of %(name)s is erased for good.",  # noqa: E501
                    name=self.employee_id.name,
                )
            )
        self.employee_id._mentoring_erase()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The mentoring data of %(name)s is erased.",
                    name=self.employee_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
