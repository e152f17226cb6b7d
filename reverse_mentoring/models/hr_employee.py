from odoo import api, fields, models

from .utils import window_action

MENTORING_ROLES = [
    ("none", "None"),
    ("mentor", "Mentor"),
    ("mentee", "Mentee"),
    ("both", "Mentor and Mentee"),
]


def set_mentoring_counts(records):
    """Set the participation and tandem counts of employees or public profiles.

    A public profile shares the id of its employee.
    """
    env = records.env
    ids = records.ids
    participations = dict(
        env["mentoring.participant"]._read_group(
            [("employee_id", "in", ids)], ["employee_id"], ["__count"]
        )
    )
    tandem_model = env["mentoring.tandem"]
    as_mentor = dict(
        tandem_model._read_group([("mentor_id", "in", ids)], ["mentor_id"], ["__count"])
    )
    as_mentee = dict(
        tandem_model._read_group([("mentee_id", "in", ids)], ["mentee_id"], ["__count"])
    )
    for record in records:
        employee = env["hr.employee"].browse(record.id)
        record.mentoring_participation_count = participations.get(employee, 0)
        record.mentoring_tandem_count = as_mentor.get(employee, 0) + as_mentee.get(
            employee, 0
        )


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    mentoring_participant_ids = fields.One2many(
        "mentoring.participant",
        "employee_id",
        string="Mentoring Participations",
        # Not on the public profile: other employees read hr.employee through it.
        groups="hr.group_hr_user",
    )
    mentoring_role = fields.Selection(
        MENTORING_ROLES,
        compute="_compute_mentoring_role",
        store=True,
        default="none",
        help="The role this person holds in the reverse-mentoring programs "
        "that are not over yet.",
    )
    mentoring_participation_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )
    mentoring_tandem_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )

    @api.depends(
        "mentoring_participant_ids.role",
        "mentoring_participant_ids.state",
        "mentoring_participant_ids.program_id.state",
    )
    def _compute_mentoring_role(self):
        for employee in self:
            roles = set(
                employee.mentoring_participant_ids.filtered(
                    lambda p: (
                        p.state != "cancelled"
                        and p.program_id.state not in ("closed", "cancelled")
                    )
                ).mapped("role")
            )
            if len(roles) == 2:
                employee.mentoring_role = "both"
            else:
                employee.mentoring_role = roles.pop() if roles else "none"

    def _compute_mentoring_counts(self):
        set_mentoring_counts(self)

    def _mentoring_managers(self):
        """All managers above this employee, up to the top of the organisation."""
        self.ensure_one()
        # sudo: the reporting line is read to enforce integrity rules, whoever asks.
        managers = self.env["hr.employee"].sudo()
        manager = self.sudo().parent_id
        while manager and manager not in managers:
            managers |= manager
            manager = manager.parent_id
        return managers

    def action_open_mentoring_participations(self):
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_participant",
            [("employee_id", "=", self.id)],
        )

    def action_open_mentoring_tandems(self):
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_tandem",
            ["|", ("mentor_id", "=", self.id), ("mentee_id", "=", self.id)],
        )
