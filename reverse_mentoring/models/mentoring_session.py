from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .utils import format_meeting_time

# The most characters of a move's reason that the chatter keeps.
MOVE_REASON_LIMIT = 500
# The fields of a session its calendar event shows.
EVENT_FIELDS = {"name", "start", "stop", "duration", "location", "state", "agenda"}


class MentoringSession(models.Model):
    _name = "mentoring.session"
    _description = "Mentoring Session"
    _inherit = ["mentoring.tandem.part.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _system_fields = ("calendar_event_id", "reschedule_count")
    _writable_when_closed = ("private_notes",)
    _text_limits = {"name": 200, "location": 200, "private_notes": 200_000}
    # Both members may write in the chatter of a session.
    _mail_post_access = "read"

    name = fields.Char(
        string="Subject",
        required=True,
        default=lambda self: self.env._("Mentoring session"),
        tracking=True,
    )
    mentor_id = fields.Many2one(related="tandem_id.mentor_id")
    mentee_id = fields.Many2one(related="tandem_id.mentee_id")
    start = fields.Datetime(required=True, index=True)
    duration = fields.Float(
        default=1.0, required=True, help="Length of the session, in hours."
    )
    stop = fields.Datetime(
        compute="_compute_stop",
        inverse="_inverse_stop",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    location = fields.Char(
        help="Where the two meet, e.g. a meeting room, a video call or a restaurant."
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        copy=False,
        tracking=True,
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        index=True,
        ondelete="set null",
        copy=False,
        readonly=True,
        help="The event of this session in Calendar: moving either moves the other.",
    )
    reschedule_count = fields.Integer(
        string="Moved",
        readonly=True,
        copy=False,
        help="How many times this session was moved.",
    )
    after_program = fields.Boolean(
        compute="_compute_after_program",
        store=True,
        help="After the program's end, in a tandem that goes on: outside the "
        "program's figures.",
    )
    has_started = fields.Boolean(
        compute="_compute_has_started",
        help="Whether the session's start has passed: only then can it be "
        "marked as held.",
    )
    is_member = fields.Boolean(
        compute="_compute_is_member",
        help="Whether the current user is the mentor or the mentee.",
    )
    private_notes = fields.Html(
        compute="_compute_private_notes",
        inverse="_inverse_private_notes",
        search="_search_private_notes",
        sanitize=True,
        help="Only the mentor and the mentee can read and write these notes.",
    )

    @api.depends("start", "duration")
    def _compute_stop(self):
        for session in self:
            session.stop = session.start and session.start + timedelta(
                hours=session.duration
            )

    @api.depends("start")
    def _compute_has_started(self):
        now = fields.Datetime.now()
        for session in self:
            session.has_started = bool(session.start and session.start <= now)

    def _inverse_stop(self):
        for session in self:
            if session.start and session.stop:
                session.duration = (session.stop - session.start).total_seconds() / 3600

    @api.depends("start", "program_id.date_end")
    def _compute_after_program(self):
        for session in self:
            session.after_program = bool(
                session.start
                and session.program_id
                and session.start.date() > session.program_id.date_end
            )

    @api.depends("tandem_id.mentor_user_id", "tandem_id.mentee_user_id")
    @api.depends_context("uid")
    def _compute_is_member(self):
        user = self.env.user
        for session in self:
            tandem = session.tandem_id
            session.is_member = bool(tandem) and bool(tandem._side_of(user))

    @api.depends_context("uid")
    def _compute_private_notes(self):
        notes = self.env["mentoring.session.note"]._readable_notes(self._origin)
        for session in self:
            session.private_notes = notes.get(session._origin.id, False)

    def _inverse_private_notes(self):
        if not all(self.mapped("is_member")):
            raise AccessError(
                self.env._(
                    "Only the mentor and the mentee can write the private notes of a session."  # noqa: E501
                )
            )
        notes = self.env["mentoring.session.note"]
        for session in self:
            notes._write_notes(session, session.private_notes)

    def _search_private_notes(self, operator, value):
        raise UserError(
            self.env._(
                "Private notes cannot be searched: they belong to the tandem's two members."  # noqa: E501
            )
        )

    # ------------------------------------------------------------------ integrity

    @api.constrains("start", "stop", "duration")
    def _check_stop_after_start(self):
        for session in self:
            if session.stop <= session.start:
                raise ValidationError(
                    self.env._(
                        "The session %(name)s must end after it starts.",
                        name=session.name,
                    )
                )

    @api.constrains("start", "stop", "duration", "tandem_id", "state")
    def _check_in_program_window(self):
        for session in self.filtered(lambda s: s.state != "cancelled"):
            program = session.tandem_id.program_id
            first, last = session.tandem_id._session_window()
            if session.start < first or session.stop > last:
                raise ValidationError(
                    self.env._(
                        "The session on %(date)s lies outside the program %(program)s (%(start)s to %(end)s).",  # noqa: E501
                        date=format_meeting_time(self.env, session.start),
                        program=program.name,
                        start=program.date_start,
                        end=program.date_end,
                    )
                )

    @api.constrains("state", "start")
    def _check_held_after_start(self):
        now = fields.Datetime.now()
        for session in self:
            if session.state == "done" and session.start > now:
                raise ValidationError(
                    self.env._(
                        "The session on %(date)s has not started yet: it can be marked as held once it has taken place.",  # noqa: E501
                        date=format_meeting_time(self.env, session.start),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        if any(session.state == "done" for session in self):
            raise UserError(
                self.env._(
                    "A session that was held cannot be deleted: it counts in the program's results."  # noqa: E501
                )
            )

    # ------------------------------------------------------------------ calendar

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._sync_events()
        return sessions

    def write(self, vals):
        self._check_held_stays_held(vals)
        if "state" in vals:
            self._check_state_change(vals["state"])
        held_now = self.filtered(lambda s: s.state != "done")
        before = {session: session.start for session in self} if "start" in vals else {}
        result = super().write(vals)
        if vals.get("state") == "done":
            held_now._on_held()
        moved = self.filtered(
            lambda s: s in before and s.start != before[s] and s.state == "planned"
        )
        for session in moved:
            session._log_move(before[session])
        if EVENT_FIELDS & set(vals):
            self._sync_events()
        return result

    def unlink(self):
        events = self.calendar_event_id
        result = super().unlink()
        # sudo: the event mirrors the session the user was allowed to delete.
        events.sudo().unlink()
        return result

    def _check_held_stays_held(self, vals):
        """A held session keeps its time and its state: it counts in the results."""
        if {"start", "stop", "duration"} & set(vals) and any(
            session.state == "done" for session in self
        ):
            raise UserError(
                self.env._(
                    "A session that was held keeps its date and time: it counts in the program's results."  # noqa: E501
                )
            )

    def _check_state_change(self, state):
        allowed = {
            "planned": {"done", "cancelled"},
            "cancelled": {"planned"},
            "done": set(),
        }
        if any(state not in allowed[session.state] for session in self):
            raise UserError(
                self.env._(
                    "A session that was held stays held, and only a planned session can be marked as held or cancelled."  # noqa: E501
                )
            )

    def _log_move(self, previous_start):
        """Count a move and tell the chatter when, from where and why."""
        # The reason may come from any client: cut to its documented length.
        reason = (self.env.context.get("mentoring_move_reason") or "")[
            :MOVE_REASON_LIMIT
        ].replace("\x00", "")
        # sudo: the counter is kept by the addon, for every move it sees.
        self.sudo().write({"reschedule_count": self.reschedule_count + 1})
        body = self.env._(
            "Session moved from %(old)s to %(new)s.",
            old=format_meeting_time(self.env, previous_start),
            new=format_meeting_time(self.env, self.start),
        )
        if reason:
            body = self.env._("%(move)s Reason: %(reason)s", move=body, reason=reason)
        return self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _event_values(self):
        return {
            # Whoever sees the event outside the tandem learns nothing of it:
            # not who meets, nor the subject the two gave their session.
            "name": self.env._("Mentoring session"),
            "start": self.start,
            "stop": self.stop,
            "location": self.location or False,
            # Calendar shows a private event's description to its attendees only.
            "description": self.agenda or False,
        }

    def _sync_events(self):
        """Give every planned or held session one event; cancelled ones none."""
        # sudo: the event mirrors a session the user may write; attendees
        # (such as a portal mentor) need not be allowed to edit events.
        events = self.env["calendar.event"].sudo()
        cancelled = self.filtered(lambda s: s.state == "cancelled")
        cancelled.calendar_event_id.sudo().unlink()
        linked = (self - cancelled).filtered("calendar_event_id")
        for session in linked:
            event = session.calendar_event_id.sudo()
            # Only what changed: Calendar mails "Date updated" to both people
            # whenever it is given a start, moved or not.
            changes = {
                fname: value
                for fname, value in session._event_values().items()
                if event[fname] != value
            }
            if changes:
                event.write(changes)
        unlinked = self - cancelled - linked
        if not unlinked:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        created = events.create(
            [
                {
                    **session._event_values(),
                    "partner_ids": [
                        fields.Command.set(session.tandem_id._member_partners().ids)
                    ],
                    # No organiser: colleagues would see who meets.
                    "user_id": False,
                    "alarm_ids": [
                        fields.Command.set(session.tandem_id.program_id.alarm_ids.ids)
                    ],
                    # What a tandem discusses is confidential: colleagues
                    # looking at a calendar see a busy slot, not the tandem.
                    "privacy": "private",
                    "res_model_id": model_id,
                    "res_id": session.id,
                }
                for session in unlinked
            ]
        )
        for session, event in zip(unlinked, created, strict=True):
            # sudo: the link to the event is kept by the addon only.
            session.sudo().write({"calendar_event_id": event.id})

    def _swap_attendee(self, old_partner, new_partner):
        """Invite `new_partner` instead of `old_partner` to the sessions' events."""
        # sudo: the events mirror the sessions, changed by a checked action.
        self.calendar_event_id.sudo().write(
            {
                "partner_ids": [
                    fields.Command.unlink(partner.id) for partner in old_partner
                ]
                + [fields.Command.link(partner.id) for partner in new_partner]
            }
        )

    def _sync_from_events(self):
        """Copy the times of the events, moved in Calendar, to their sessions."""
        self._check_movable()
        for session in self:
            event = session.calendar_event_id
            if (session.start, session.stop) != (event.start, event.stop):
                session.write({"start": event.start, "stop": event.stop})

    def _check_movable(self):
        self.tandem_id._check_open_for_changes()
        if any(session.state != "planned" for session in self):
            raise UserError(self.env._("Only a planned session can be moved."))

    def action_open_move(self):
        self.ensure_one()
        self._check_movable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Move Session"),
            "res_model": "mentoring.session.move",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_session_id": self.id,
                "default_start": fields.Datetime.to_string(self.start),
                "default_duration": self.duration,
            },
        }

    def action_next_free_slot(self):
        """Move the session to the next time both people are free."""
        self.ensure_one()
        self._check_movable()
        first, last = self.tandem_id._session_window()
        slot = self.tandem_id._next_slot(
            max(first, self.tandem_id._soonest_proposal()),
            last,
            self.duration,
            self.calendar_event_id,
        )
        if not slot:
            raise self.tandem_id._no_common_time_error()
        self.with_context(
            mentoring_move_reason=self.env._("next common free slot")
        ).write({"start": slot})
        return True

    # ------------------------------------------------------------------ actions

    def action_done(self):
        """Mark the sessions as held (only possible once they have started)."""
        self.write({"state": "done"})
        return True

    def _on_held(self):
        """Once sessions are held: the tandem's health, and the pulse survey."""
        self.tandem_id._update_health()
        for session in self:
            program = session.program_id
            if program.ask_session_pulse:
                self.env["survey.user_input"]._mentoring_invite(
                    session.tandem_id,
                    program.pulse_survey_id,
                    session.mentor_id | session.mentee_id,
                    session,
                )

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def action_plan(self):
        self.write({"state": "planned"})
        return True
