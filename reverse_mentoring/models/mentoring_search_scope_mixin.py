from odoo import api, models
from odoo.osv import expression


class MentoringSearchScope(models.AbstractModel):
    """Searches and groupings that touch a field keep to the records whose
    value of that field the user may read.

    A model that hides some of its fields' values record by record (in
    `_read_format`) would still let anyone filter, sort or group on them and
    learn the values by elimination. Each model says in `_search_scope` which
    records a search or grouping touching some fields is kept to; this mixin
    applies it to `search`, `search_count`, `read_group` and `web_read_group`
    alike, with the fields of the domain, the order, the groupings, the
    aggregates and the `having` clause.
    """

    _name = "mentoring.search.scope.mixin"
    _description = "Mentoring Search Scope"

    @api.model
    def _search_scope(self, fnames):
        """The domain that a search or grouping touching `fnames` (a set of
        field names of this model, without path nor aggregate) is kept to;
        an empty list for no limit."""
        return []

    @api.model
    def _search_scope_fnames(self, domain=(), order=None, specs=()):
        """The field names that `domain`, `order` and the `specs` of a
        grouping (`"field.path:aggregate"`) touch."""
        specs = [
            *specs,
            *(leaf[0] for leaf in domain if isinstance(leaf, list | tuple)),
        ]
        specs += [part.split()[0] for part in (order or "").split(",") if part.strip()]
        return {
            spec.split(".")[0].split(":")[0] for spec in specs if isinstance(spec, str)
        }

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        scope = self._search_scope(self._search_scope_fnames(domain, order))
        if scope:
            domain = expression.AND([domain, scope])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        fnames = self._search_scope_fnames(having, order, [*groupby, *aggregates])
        scope = self._search_scope(fnames)
        if scope:
            domain = expression.AND([domain, scope])
        return super()._read_group(
            domain,
            groupby,
            aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )
