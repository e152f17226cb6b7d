import functools

from odoo import api, models
from odoo.exceptions import AccessError

# The fields of Reverse Mentoring that hold files, by model.
MENTORING_FILE_FIELDS = {
    "mentoring.program": ("mentor_briefing_ids", "mentee_briefing_ids"),
}


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

    def _check_access(self, operation):
        """Files of Reverse Mentoring open only for who may read their field.

        For an internal user, Odoo checks the record an attachment belongs to
        when it searches attachments, not when it reads one by its id (as
        /web/content does). For the addon's files, that check runs on every
        access too: a briefing opens for the users who may read its program's
        briefing field (the program's coordinators); members download theirs
        through the portal's checked route.
        """
        result = super()._check_access(operation)
        if result or self.env.su:
            return result
        # sudo: where the files belong, to check the user's access to that.
        files = self.sudo().filtered(
            lambda a: a.res_field in MENTORING_FILE_FIELDS.get(a.res_model, ())
        )
        forbidden = self.browse(
            file.id for file in files if not file._mentoring_may_open(self.env)
        )
        if forbidden:
            return forbidden, functools.partial(
                AccessError,
                self.env._(
                    "This file of Reverse Mentoring opens for the program's coordinators; members download their briefing from their tandem's page."  # noqa: E501
                ),
            )
        return None

    def _mentoring_may_open(self, env):
        """Whether the user of `env` may read the field and record of this file
        (a file not attached yet: whether they uploaded it)."""
        if not self.res_id:
            return self.create_uid == env.user
        record = env[self.res_model].browse(self.res_id)
        return (
            record._fields[self.res_field].is_accessible(env)
            and record.exists()
            and record.has_access("read")
        )
