from odoo import api, models
from odoo.exceptions import UserError


class MentoringCertificateReport(models.AbstractModel):
    _name = "report.reverse_mentoring.report_mentoring_certificate"
    _description = "Certificate of Participation"

    @api.model
    def _get_report_values(self, docids, data=None):
        tandems = self.env["mentoring.tandem"].browse(docids)
        # Whoever prints reads the tandems; the portal checks membership itself
        # at every request, and prints with sudo after that check.
        tandems.check_access("read")
        unfinished = tandems.filtered(lambda tandem: tandem.phase != "done")
        if unfinished:
            raise UserError(
                self.env._(
                    "A certificate of participation is printed once the tandem is done: %(tandems)s",  # noqa: E501
                    tandems=", ".join(unfinished.mapped("name")),
                )
            )
        return {
            "doc_ids": tandems.ids,
            "doc_model": "mentoring.tandem",
            "docs": tandems,
        }
