from odoo import api, fields, models

from .mentoring_session import SYNCING


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    mentoring_session_ids = fields.One2many(
        "mentoring.session", "calendar_event_id", string="Mentoring Sessions"
    )

    @api.model
    def _get_activity_excluded_models(self):
        # A session is its own reminder: no extra "Meeting" activity on it.
        return super()._get_activity_excluded_models() + ["mentoring.session"]

    def write(self, values):
        result = super().write(values)
        if not self.env.context.get(SYNCING) and {"start", "stop"} & set(values):
            # sudo: whoever may move the event in Calendar moves its session.
            self.sudo().mentoring_session_ids.filtered(
                lambda s: s.state == "planned"
            )._sync_from_events()
        return result

    def unlink(self):
        if not self.env.context.get(SYNCING):
            # sudo: deleting a session's event cancels the session, never deletes it.
            self.sudo().mentoring_session_ids.filtered(
                lambda s: s.state == "planned"
            ).with_context(**{SYNCING: True}).write({"state": "cancelled"})
        return super().unlink()
