from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import escape_psql

INTEREST_NAME_LIMIT = 60
# New interests one profile save may add.
NEW_INTERESTS_LIMIT = 5


class MentoringInterest(models.Model):
    """A personal interest people share, a tag of their enrolment profile.

    Administrators curate the list (rename, merge by archiving, translate).
    Participants do not edit it: naming a new interest in their profile adds
    it through `_find_or_create`, which never renames or removes one.
    """

    _name = "mentoring.interest"
    _description = "Mentoring Interest"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()

    @api.model
    def _find_or_create(self, names):
        """The interests named `names`, those not found yet added.

        Matched case-insensitively against the active interests in the
        current language, so that "Hiking" and "hiking" are one interest.
        """
        wanted = {}
        for name in names:
            text = " ".join(name.split()) if isinstance(name, str) else ""
            if not text:
                continue
            if len(text) > INTEREST_NAME_LIMIT or "\x00" in text:
                raise UserError(
                    self.env._(
                        "An interest is named in at most %(limit)s characters.",
                        limit=INTEREST_NAME_LIMIT,
                    )
                )
            wanted.setdefault(text.casefold(), text)
        if not wanted:
            return self.browse()
        if len(wanted) > NEW_INTERESTS_LIMIT:
            raise UserError(
                self.env._(
                    "Name at most %(limit)s new interests at a time.",
                    limit=NEW_INTERESTS_LIMIT,
                )
            )
        # sudo: participants read interests but do not create them; a new
        # name from a checked profile is added here, nothing else changes.
        interests = self.sudo()
        known = {
            interest.name.casefold(): interest
            for interest in interests.search(
                expression.OR(
                    [
                        [("name", "=ilike", escape_psql(name))]
                        for name in wanted.values()
                    ]
                )
            )
        }
        found = interests.browse([known[key].id for key in wanted if key in known])
        new = interests.create(
            [{"name": text} for key, text in wanted.items() if key not in known]
        )
        return (found | new).sudo(False)
