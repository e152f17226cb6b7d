from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

COHORT_KINDS = [
    ("kickoff", "Kick-off Workshop"),
    ("midterm", "Mid-term Exchange"),
    ("closing", "Closing Event"),
    ("other", "Other Event"),
]
# How long a new event lasts until the coordinator sets its end.
DEFAULT_EVENT_HOURS = 2
AUDIENCE_ROLES = {
    "mentor": ("mentor",),
    "mentee": ("mentee",),
    "both": ("mentor", "mentee"),
}


class MentoringCohortEvent(models.Model):
    """A group event of a program: a real calendar.event with its participants.

    Unlike a tandem's session it is a normal company event: public in
    Calendar, with the coordinator as organiser. Its attendees are the
    confirmed participants of its program in the roles it is for, and only
    them: the addon adds and removes them (nobody types in another person);
    who enrols later joins the upcoming events of their role.
    """

    _name = "mentoring.cohort.event"
    _description = "Program Cohort Event"
    _inherit = ["mentoring.guard.mixin"]
    _fixed_fields = ("program_id",)
    _system_fields = ("calendar_event_id",)
    _text_limits = {"name": 200, "location": 200}
    _order = "start, id"

    name = fields.Char(required=True)
    program_id = fields.Many2one(
        "mentoring.program",
        string="Program",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True
    )
    kind = fields.Selection(COHORT_KINDS, required=True, default="kickoff")
    audience = fields.Selection(
        [
            ("both", "Mentors and Mentees"),
            ("mentor", "Mentors"),
            ("mentee", "Mentees"),
        ],
        required=True,
        default="both",
        help="Which confirmed participants of the program are invited; who is "
        "confirmed later is added to the upcoming events of their role.",
    )
    start = fields.Datetime(required=True)
    stop = fields.Datetime(
        string="End",
        required=True,
        compute="_compute_stop",
        store=True,
        readonly=False,
        precompute=True,
    )
    duration = fields.Float(
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
        help="In hours: the end follows the start at this distance, two hours "
        "for a new event.",
    )
    location = fields.Char()
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Calendar Event",
        readonly=True,
        copy=False,
        ondelete="cascade",
    )
    attendance_ids = fields.One2many(
        "mentoring.cohort.attendance", "event_id", string="Attendance"
    )
    invited_count = fields.Integer(string="Invited", compute="_compute_counts")
    accepted_count = fields.Integer(string="Accepted", compute="_compute_counts")
    declined_count = fields.Integer(string="Declined", compute="_compute_counts")
    attended_count = fields.Integer(string="Attended", compute="_compute_counts")

    @api.depends("attendance_ids.attended")
    def _compute_counts(self):
        for event in self:
            lines = event.attendance_ids
            event.invited_count = len(lines)
            event.accepted_count = len(
                lines.filtered(lambda a: a.response == "accepted")
            )
            event.declined_count = len(
                lines.filtered(lambda a: a.response == "declined")
            )
            event.attended_count = len(lines.filtered("attended"))

    @api.depends("start", "stop")
    def _compute_duration(self):
        for event in self:
            event.duration = (
                (event.stop - event.start).total_seconds() / 3600
                if event.start and event.stop
                else 0.0
            )

    @api.depends("start", "duration")
    def _compute_stop(self):
        """The end from the start and the length, as Calendar does.

        Moving the start keeps the length: the length is not computed again
        from the old end while the end is being computed.
        """
        self.env.remove_to_compute(self._fields["duration"], self)
        for event in self:
            hours = event.duration if event.duration > 0 else DEFAULT_EVENT_HOURS
            event.stop = event.start and event.start + timedelta(
                minutes=round(hours * 60)
            )

    @api.constrains("start", "stop")
    def _check_dates(self):
        for event in self:
            if event.stop <= event.start:
                raise ValidationError(
                    self.env._(
                        "The event %(name)s must end after it starts.", name=event.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._sync_calendar()
        events._sync_attendees()
        return events

    def write(self, vals):
        result = super().write(vals)
        if {"name", "start", "stop", "duration", "location"} & set(vals):
            self._sync_calendar()
        if "audience" in vals:
            self._upcoming()._sync_attendees()
        return result

    def unlink(self):
        # sudo: the calendar event belongs to the cohort event, which the user
        # may delete.
        calendar_events = self.sudo().calendar_event_id
        result = super().unlink()
        calendar_events.unlink()
        return result

    def _upcoming(self):
        now = fields.Datetime.now()
        return self.filtered(lambda event: event.start > now)

    def _calendar_values(self):
        return {
            "name": self.name,
            "start": self.start,
            "stop": self.stop,
            "location": self.location or False,
        }

    def _sync_calendar(self):
        """Give every cohort event its public calendar event, and keep it alike."""
        # sudo: the calendar event mirrors a cohort event the user may write.
        for event in self.filtered("calendar_event_id"):
            event.calendar_event_id.sudo().write(event._calendar_values())
        new = self.filtered(lambda event: not event.calendar_event_id)
        if not new:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        created = (
            self.env["calendar.event"]
            .sudo()
            .create(
                [
                    {
                        **event._calendar_values(),
                        "user_id": self.env.user.id,
                        "partner_ids": [],
                        "privacy": "public",
                        "alarm_ids": [
                            fields.Command.set(event.program_id.alarm_ids.ids)
                        ],
                        "res_model_id": model_id,
                        "res_id": event.id,
                    }
                    for event in new
                ]
            )
        )
        for event, calendar_event in zip(new, created, strict=True):
            # sudo: the link to the calendar event is kept by the addon only.
            event.sudo().calendar_event_id = calendar_event

    def _sync_attendees(self):
        """Invite the confirmed participants of the audience; drop the others.

        Who attended stays on the list, whatever happened to their enrolment.
        """
        # sudo: the attendees are chosen here, from the program's participants,
        # never typed in by a user.
        for event in self.sudo():
            roles = AUDIENCE_ROLES[event.audience]
            expected = event.program_id.participant_ids.filtered(
                lambda p, roles=roles: p.state == "confirmed" and p.role in roles
            ).employee_id.filtered("work_contact_id")
            lines = event.attendance_ids
            gone = lines.filtered(
                lambda a, expected=expected: a.employee_id not in expected
                and not a.attended
            )
            new = expected - lines.employee_id
            calendar_event = event.calendar_event_id
            calendar_event.partner_ids = [
                *(
                    fields.Command.unlink(p.id)
                    for p in gone.employee_id.work_contact_id
                ),
                *(fields.Command.link(p.id) for p in new.work_contact_id),
            ]
            gone.unlink()
            self.env["mentoring.cohort.attendance"].sudo().create(
                [{"event_id": event.id, "employee_id": e.id} for e in new]
            )

    def action_open_calendar_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
