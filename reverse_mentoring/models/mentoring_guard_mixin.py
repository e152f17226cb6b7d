from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError


class MentoringGuard(models.AbstractModel):
    """Rules on what a user's create or write may carry, for every mentoring model.

    - Stored related and read-only computed fields, plus the model's
      `_system_fields`, are set by the addon's own checked actions (which run
      as superuser after their checks), never by a user's create or write:
      whoever could write a copy of a tandem's member users could read what
      belongs to its two people.
    - `_fixed_fields` are set at creation and never change afterwards.
    - Free texts never hold NUL characters (the database refuses them) and
      stay within `_text_limits` (field name: most characters).
    - A wizard is made only on records its creator may act on:
      `_parent_access` maps its field to the operation the user needs on the
      record that field points to (a member's request on a tandem they may
      write, a move on a session they may write...). Its record rules give it
      to its creator alone (`security.xml`).
    """

    _name = "mentoring.guard.mixin"
    _description = "Mentoring Write Rules"

    _system_fields = ()
    _fixed_fields = ()
    _text_limits = {}
    _parent_access = {}

    @api.model
    def _protected_field_names(self):
        return set(self._system_fields) | {
            name
            for name, field in self._fields.items()
            if field.store and (field.related or (field.compute and field.readonly))
        }

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The fields a user's write would be refused show read-only in every view."""
        descriptions = super().fields_get(allfields, attributes)
        if not self.env.su:
            for name in self._protected_field_names() & descriptions.keys():
                if attributes is None or "readonly" in attributes:
                    descriptions[name]["readonly"] = True
        return descriptions

    def _check_vals(self, vals_list):
        names = {name for vals in vals_list for name in vals}
        forbidden = names & self._protected_field_names()
        if forbidden and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s change only through the actions of Reverse Mentoring, never by editing them.",  # noqa: E501
                    fields=", ".join(
                        sorted(self._fields[name].string for name in forbidden)
                    ),
                    model=self._description,
                )
            )
        for vals in vals_list:
            for name, value in vals.items():
                if isinstance(value, str):
                    self._check_text(name, value)

    @api.model
    def _check_text(self, name, value):
        label = self._fields[name].string if name in self._fields else name
        if "\x00" in value:
            raise ValidationError(
                self.env._(
                    "%(field)s contains a NUL character, which cannot be stored.",
                    field=label,
                )
            )
        limit = self._text_limits.get(name)
        if limit and len(value) > limit:
            raise ValidationError(
                self.env._(
                    "%(field)s may hold at most %(limit)s characters; %(length)s were given.",  # noqa: E501
                    field=label,
                    limit=limit,
                    length=len(value),
                )
            )

    def _check_fixed(self, vals):
        if self.env.su:
            return
        changed = [
            name
            for name in self._fixed_fields
            if name in vals
            and any(
                record[name] != record[name].browse(vals[name])
                if self._fields[name].type == "many2one"
                else record[name] != vals[name]
                for record in self
            )
        ]
        if changed:
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s is set when it is created and never changes: create a new one instead.",  # noqa: E501
                    fields=", ".join(sorted(self._fields[n].string for n in changed)),
                    model=self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_vals(vals_list)
        records = super().create(vals_list)
        records._check_parent_access(self._parent_access)
        return records

    def write(self, vals):
        self._check_vals([vals])
        self._check_fixed(vals)
        result = super().write(vals)
        self._check_parent_access(
            {name: op for name, op in self._parent_access.items() if name in vals}
        )
        return result

    def _check_parent_access(self, parent_access):
        if self.env.su:
            return
        for name, operation in parent_access.items():
            self.mapped(name).check_access(operation)
