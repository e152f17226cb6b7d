from odoo import api, fields, models


class MentoringTandemPart(models.AbstractModel):
    """What belongs to one tandem (goals, sessions) and never moves to another.

    Once the tandem is closed, its parts are frozen: they are what the tandem
    did, and count in the program's results.
    """

    _name = "mentoring.tandem.part.mixin"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Part of a Tandem"
    _fixed_fields = ("tandem_id",)
    # What may still change once the tandem is closed.
    _writable_when_closed = ()

    tandem_id = fields.Many2one(
        "mentoring.tandem",
        string="Tandem",
        required=True,
        index=True,
        ondelete="cascade",
    )
    program_id = fields.Many2one(related="tandem_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="tandem_id.company_id", store=True, index=True)

    def _check_tandem_open(self, tandems):
        """Refuse to change the parts of closed tandems, except as superuser."""
        if not self.env.su:
            tandems._check_open_for_changes()

    @api.model_create_multi
    def create(self, vals_list):
        tandem_ids = [vals["tandem_id"] for vals in vals_list if vals.get("tandem_id")]
        self._check_tandem_open(self.env["mentoring.tandem"].browse(tandem_ids))
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - set(self._writable_when_closed):
            self._check_tandem_open(self.tandem_id)
        return super().write(vals)

    def unlink(self):
        self._check_tandem_open(self.tandem_id)
        return super().unlink()
