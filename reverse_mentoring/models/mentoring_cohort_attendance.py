from odoo import api, fields, models
from odoo.exceptions import UserError


class MentoringCohortAttendance(models.Model):
    """One invited person of a cohort event: their answer and whether they came.

    The answer is the one they give in Calendar (accepted, declined...); a
    coordinator marks who attended once the event has started. The lines are
    made by the event from its program's participants only.
    """

    _name = "mentoring.cohort.attendance"
    _description = "Cohort Event Attendance"
    _inherit = ["mentoring.guard.mixin"]
    _fixed_fields = ("event_id", "employee_id")
    _order = "event_id, employee_id"

    event_id = fields.Many2one(
        "mentoring.cohort.event",
        string="Event",
        required=True,
        index=True,
        ondelete="cascade",
    )
    program_id = fields.Many2one(related="event_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="event_id.company_id", store=True, index=True)
    kind = fields.Selection(related="event_id.kind", store=True)
    event_start = fields.Datetime(related="event_id.start", store=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Participant", required=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", store=True, index=True, string="User"
    )
    response = fields.Selection(
        [
            ("needsAction", "Needs Action"),
            ("tentative", "Maybe"),
            ("declined", "Declined"),
            ("accepted", "Accepted"),
        ],
        compute="_compute_response",
        help="The answer to the invitation, given in Calendar.",
    )
    attended = fields.Boolean(
        help="Set by a coordinator once the event has started.",
    )

    _sql_constraints = [
        (
            "event_employee_uniq",
            "UNIQUE(event_id, employee_id)",
            "A person is invited once to an event.",
        ),
    ]

    def _compute_response(self):
        # sudo: the answers to the invitations of events the user may read.
        attendees = (
            self.env["calendar.attendee"]
            .sudo()
            .search_fetch(
                [("event_id", "in", self.sudo().event_id.calendar_event_id.ids)],
                ["event_id", "partner_id", "state"],
            )
        )
        answers = {(a.event_id.id, a.partner_id.id): a.state for a in attendees}
        for line in self:
            line.response = answers.get(
                (
                    line.sudo().event_id.calendar_event_id.id,
                    line.sudo().employee_id.work_contact_id.id,
                ),
                "needsAction",
            )

    def write(self, vals):
        if "attended" in vals:
            now = fields.Datetime.now()
            if any(line.event_id.start > now for line in self):
                raise UserError(
                    self.env._("Who attended is marked once the event has started.")
                )
        return super().write(vals)

    @api.depends("employee_id", "event_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.event_id.name} – {line.employee_id.name}"
