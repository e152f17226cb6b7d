from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime


class MentoringSession(models.Model):
    _name = "mentoring.session"
    _description = "Mentoring Session"
    _inherit = ["mentoring.tandem.part", "mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
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
    start = fields.Datetime(required=True, index=True, tracking=True)
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
        tracking=True,
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
        "calendar.event", string="Meeting", index=True, ondelete="set null", copy=False
    )
    reschedule_count = fields.Integer(
        string="Moved",
        readonly=True,
        copy=False,
        help="How many times this session was moved.",
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

    def _inverse_stop(self):
        for session in self:
            if session.start and session.stop:
                session.duration = (session.stop - session.start).total_seconds() / 3600

    @api.depends("tandem_id.mentor_user_id", "tandem_id.mentee_user_id")
    @api.depends_context("uid")
    def _compute_is_member(self):
        user = self.env.user
        for session in self:
            tandem = session.tandem_id
            session.is_member = user in (tandem.mentor_user_id | tandem.mentee_user_id)

    @api.depends("is_member")
    @api.depends_context("uid")
    def _compute_private_notes(self):
        members_of = self.filtered("is_member")._origin
        # sudo: the notes model is closed to every group;
        # membership was checked just above.
        notes = (
            self.env["mentoring.session.note"]
            .sudo()
            .search([("session_id", "in", members_of.ids)])
        )
        body_of = {note.session_id.id: note.body for note in notes}
        for session in self:
            session.private_notes = (
                body_of.get(session._origin.id, False) if session.is_member else False
            )

    def _inverse_private_notes(self):
        if not all(self.mapped("is_member")):
            raise AccessError(
                self.env._(
                    "Only the mentor and the mentee can write the private notes of a "
                    "session."
                )
            )
        # sudo: the notes model is closed to every group;
        # membership was checked just above.
        notes = self.env["mentoring.session.note"].sudo()
        existing = {
            note.session_id: note
            for note in notes.search([("session_id", "in", self.ids)])
        }
        for session in self:
            if session in existing:
                existing[session].body = session.private_notes
            else:
                notes.create({"session_id": session.id, "body": session.private_notes})

    def _search_private_notes(self, operator, value):
        raise UserError(
            self.env._(
                "Private notes cannot be searched: they belong to the tandem's two "
                "members."
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
            first, last = program._window_bounds()
            if session.start < first or session.stop > last:
                raise ValidationError(
                    self.env._(
                        "The session on %(date)s lies outside the program %(program)s "
                        "(%(start)s to %(end)s).",
                        date=format_datetime(self.env, session.start),
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
                        "The session on %(date)s has not started yet: it can be marked "
                        "as held "
                        "once it has taken place.",
                        date=format_datetime(self.env, session.start),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        if any(session.state == "done" for session in self):
            raise UserError(
                self.env._(
                    "A session that was held cannot be deleted: it counts in the "
                    "program's results."
                )
            )

    # ------------------------------------------------------------------ actions

    def action_done(self):
        """Mark the sessions as held (only possible once they have started)."""
        if any(session.state != "planned" for session in self):
            raise UserError(self.env._("Only a planned session can be marked as held."))
        self.write({"state": "done"})

    def action_cancel(self):
        if any(session.state == "done" for session in self):
            raise UserError(self.env._("A session that was held cannot be cancelled."))
        self.write({"state": "cancelled"})

    def action_plan(self):
        self.write({"state": "planned"})
