from odoo import fields, models


class MentoringTandemManagerNotice(models.Model):
    """The mentor reads on their tandem that their manager gets the monthly notice."""

    # An extension of its own (one job per file), like the program's side.
    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    notify_mentor_managers = fields.Boolean(related="program_id.notify_mentor_managers")
