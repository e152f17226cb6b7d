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

    def _mentoring_cohort_events(self):
        """The cohort events these calendar events show (for the addon only)."""
        linked = self.filtered(lambda e: e.res_model == "mentoring.cohort.event")
        # sudo: the link is read whoever edits the calendar event.
        return (
            self.env["mentoring.cohort.event"]
            .sudo()
            .search([("calendar_event_id", "in", linked.ids)])
            if linked
            else self.env["mentoring.cohort.event"]
        )

    def _check_mentoring_cohort(self, operation):
        """A cohort event changes on its program, by those who may change it."""
        if self.env.context.get(SYNCING) or self.env.su:
            return self.env["mentoring.cohort.event"]
        cohort = self._mentoring_cohort_events()
        if cohort:
            cohort.with_env(self.env).check_access(operation)
        return cohort

    def write(self, values):
        cohort = self.env["mentoring.cohort.event"]
        if {"start", "stop", "partner_ids", "attendee_ids", "name"} & set(values):
            cohort = self._check_mentoring_cohort("write")
        result = super().write(values)
        for event in cohort:
            # Moved in Calendar by a coordinator: the cohort event follows.
            calendar_event = event.calendar_event_id
            if (event.start, event.stop) != (calendar_event.start, calendar_event.stop):
                event.with_context(**{SYNCING: True}).write(
                    {"start": calendar_event.start, "stop": calendar_event.stop}
                )
        if {"start", "stop"} & set(values):
            # Whoever moves the event moves its session, under the session's
            # rules: a held session, or one of a closed tandem, stays put.
            self._mentoring_sessions().filtered(
                lambda s: (s.start, s.stop)
                != (s.calendar_event_id.start, s.calendar_event_id.stop)
            )._sync_from_events()
        return result

    def unlink(self):
        # The cohort event goes with its calendar event (ondelete cascade).
        self._check_mentoring_cohort("unlink")
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
