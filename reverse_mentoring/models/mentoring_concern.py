from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .utils import schedule_coordinator_activities


class MentoringConcern(models.Model):
    """A concern a member raises about their tandem, for the coordinators only.

    Who reads it is decided by record rules (security.xml): the member who
    raised it, and the coordinators of the tandem's program in its company
    who are not themselves in the tandem. Nothing of it reaches the tandem:
    no message, no follower, no activity there; the partner never learns of it.
    """

    _name = "mentoring.concern"
    _description = "Concern about a Tandem"
    _inherit = ["mentoring.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _fixed_fields = ("tandem_id", "user_id", "description")
    _text_limits = {"description": 5000}

    tandem_id = fields.Many2one(
        "mentoring.tandem",
        string="Tandem",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    program_id = fields.Many2one(related="tandem_id.program_id", store=True)
    company_id = fields.Many2one(related="tandem_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Raised by",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The member who raised the concern; nobody else of the tandem reads it.",
    )
    description = fields.Text(
        required=True,
        help="What worries you about the tandem, for example sessions cancelled "
        "again and again, or a lack of respect.",
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
        ],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )

    @api.depends("tandem_id", "create_date")
    def _compute_display_name(self):
        for concern in self:
            concern.display_name = self.env._(
                "Concern about %(tandem)s", tandem=concern.sudo().tandem_id.name
            )

    @api.constrains("description")
    def _check_description(self):
        if any(not (concern.description or "").strip() for concern in self):
            raise ValidationError(self.env._("Describe your concern."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Whoever writes it raises it: never someone named by the client.
            for vals in vals_list:
                vals["user_id"] = self.env.uid
        concerns = super().create(vals_list)
        concerns._notify_coordinators()
        return concerns

    def _coordinators(self):
        """The program's coordinators who may read the concern (see its rules)."""
        self.ensure_one()
        tandem = self.sudo().tandem_id
        return tandem.program_id.coordinator_ids.filtered(
            lambda user: tandem.company_id in user.company_ids
        ) - (tandem.mentor_user_id | tandem.mentee_user_id)

    def _notify_coordinators(self):
        """A to-do on the concern for each of its coordinators, in their language.

        sudo: the member who raised it may not write it; the activities are
        the coordinators', on a record only they and the member read.
        """
        for concern in self.sudo():
            schedule_coordinator_activities(
                concern,
                concern._coordinators(),
                lambda env, concern=concern: (
                    env._(
                        "A member raised a concern about %(tandem)s",
                        tandem=concern.tandem_id.name,
                    ),
                    env._("Read the concern, talk to the member and follow it up."),
                ),
            )

    def action_start(self):
        return self.write({"state": "in_progress"})

    def action_resolve(self):
        self.write({"state": "resolved"})
        self.activity_ids.action_feedback()
        return True

    def action_reopen(self):
        return self.write({"state": "open"})
