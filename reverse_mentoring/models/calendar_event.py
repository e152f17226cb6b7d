from odoo import api, fields, models
from odoo.exceptions import UserError

from .mentoring_session import SYNCING


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    mentoring_session_ids = fields.One2many(
        "mentoring.session",
        "calendar_event_id",
        string="Mentoring Sessions",
        # Kept for the addon's own use: colleagues who see the event as busy
        # time must not learn that a tandem meets.
        groups="base.group_system",
    )

    @api.model
    def _get_activity_excluded_models(self):
        # A session is its own reminder: no extra "Meeting" activity on it.
        return super()._get_activity_excluded_models() + ["mentoring.session"]

    def _mentoring_sessions(self):
        # sudo: the link is kept for the addon only; the sessions' own
        # rules decide what may change.
        return self.sudo().mentoring_session_ids

    def write(self, values):
        result = super().write(values)
        if {"start", "stop"} & set(values):
            # Whoever moves the event moves its session, under the session's
            # rules: a held session, or one of a closed tandem, stays put.
            self._mentoring_sessions().filtered(
                lambda s: (s.start, s.stop)
                != (s.calendar_event_id.start, s.calendar_event_id.stop)
            )._sync_from_events()
        return result

    def unlink(self):
        if not self.env.context.get(SYNCING):
            sessions = self._mentoring_sessions()
            if sessions.filtered(lambda s: s.state != "planned"):
                raise UserError(
                    self.env._(
                        "The meeting of a held mentoring session stays in the calendar."
                    )
                )
            # Deleting a session's event cancels the session, never deletes it.
            sessions.with_context(**{SYNCING: True}).write({"state": "cancelled"})
        return super().unlink()
