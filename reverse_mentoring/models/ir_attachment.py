from odoo import api, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _get_serve_attachment(self, url, extra_domain=None, order=None):
        # A path no route serves is looked up as an attachment's URL: with a
        # NUL character (e.g. /my/mentoring/%00) the database would refuse the
        # query and the visitor get a server error instead of "not found".
        if "\x00" in url:
            return self.browse()
        return super()._get_serve_attachment(url, extra_domain, order)
