from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

PHASES = [
    ("proposed", "Proposed"),
    ("kickoff", "Kick-off"),
    ("active", "Active"),
    ("closing", "Closing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("continued", "Continued"),
    ("left", "Left"),
]
# A tandem is open until it reaches one of these phases.
CLOSED_PHASES = ("done", "cancelled", "left")


def left_only_by_departure(env):
    """The refusal of a Left that does not come from a departure."""
    return AccessError(
        env._(
            "A tandem ends as left only when one of its two people leaves the company, and it stays so."  # noqa: E501
        )
    )


class MentoringTandemStage(models.Model):
    _name = "mentoring.tandem.stage"
    _description = "Tandem Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Show this column folded in the tandem kanban view.",
    )
    phase = fields.Selection(
        PHASES,
        required=True,
        default="active",
        help="What this stage means for the program: tandems in a Done, Cancelled or "
        "Left stage are closed and no longer count against a mentor's capacity.",
    )
    description = fields.Text(translate=True)

    @api.model_create_multi
    def create(self, vals_list):
        # The addon's own Left stage (data) is the only one of its phase.
        if not self.env.su and any(v.get("phase") == "left" for v in vals_list):
            raise left_only_by_departure(self.env)
        return super().create(vals_list)

    def write(self, vals):
        if "phase" in vals and not self.env.su:
            self._check_phase_change(vals["phase"])
        return super().write(vals)

    def _check_phase_change(self, phase):
        """A stage's phase is what its tandems are: changing it would move them
        all at once, past every rule of the tandems' own changes."""
        changed = self.filtered(lambda stage: stage.phase != phase)
        if "left" in (phase, *changed.mapped("phase")):
            raise left_only_by_departure(self.env)
        # sudo: whether tandems sit in the stage, whoever may read them.
        held = changed.filtered(
            lambda stage: self.env["mentoring.tandem"]
            .sudo()
            .search_count([("stage_id", "=", stage.id)], limit=1)
        )
        if held:
            raise UserError(
                self.env._(
                    "The phase of %(stages)s does not change while tandems are in it: create a stage with the other phase and move the tandems there.",  # noqa: E501
                    stages=", ".join(held.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_left(self):
        if not self.env.su and "left" in self.mapped("phase"):
            raise left_only_by_departure(self.env)
