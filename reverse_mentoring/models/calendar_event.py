from odoo import api, fields, models
from odoo.exceptions import UserError

# What a member may change on a session's event in Calendar: its time. The
# rest (title, attendees, privacy, place...) is the session's, set by the addon.
SESSION_EVENT_MOVES = {"start", "stop", "duration", "alarm_ids"}


class CalendarEvent(models.Model):
    """The events of sessions and cohort events follow their records.

    What the addon may do to them is decided from the records themselves, never
    from a context key a client could send: the addon's own changes run as
    superuser, after its checks; anyone else changes a cohort event's calendar
    event only where they may change the cohort event, and only moves a
    session's event, under the session's rules.
    """

    _name = "calendar.event"
    _inherit = ["calendar.event", "mentoring.search.scope.mixin"]

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

    @api.model
    def _search_scope(self, fnames):
        """A search or grouping on private fields leaves out the sessions one
        does not attend.

        Calendar hides the private fields of a private event from whoever does
        not attend (its title, description, place, attendees, linked record...)
        but lets them filter, sort and group on them: a session's agenda would
        leak character by character, and its place and who meets with it.
        """
        if self.env.su or not fnames - self._get_public_fields() - {"__count"}:
            return super()._search_scope(fnames)
        return [
            "|",
            ("res_model", "!=", "mentoring.session"),
            ("partner_ids", "in", self.env.user.partner_id.ids),
        ]

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # A follower of a session's event would be told who answers its
        # invitation: its two people follow it, nobody else (the addon, as
        # superuser, keeps its followers). Refused as Calendar refuses a
        # record one may not follow: nothing is subscribed.
        if not self.env.su and partner_ids:
            sessions = self._mentoring_sessions().calendar_event_id
            if any(set(partner_ids) - set(event.partner_ids.ids) for event in sessions):
                return False
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _mentoring_linked(self, model):
        """The records of `model` these events show (for the addon only).

        The events the addon made name their record (`res_model`), which
        nobody else changes: the checks below refuse it.
        """
        # sudo: the link is read whoever edits the event; the records' own
        # rules decide what may change. Searched, so that records deleted in
        # this transaction are not among them.
        linked = self.sudo().filtered(lambda event: event.res_model == model)
        return (
            self.env[model].sudo().search([("calendar_event_id", "in", linked.ids)])
            if linked
            else self.env[model].sudo()
        )

    def _mentoring_sessions(self):
        return self._mentoring_linked("mentoring.session")

    def _mentoring_cohort_events(self):
        return self._mentoring_linked("mentoring.cohort.event")

    def _check_mentoring_cohort(self, operation):
        """A cohort event changes on its program, by those who may change it."""
        cohort = self._mentoring_cohort_events()
        if cohort and not self.env.su:
            cohort.with_env(self.env).check_access(operation)
        return cohort

    def _check_mentoring_session_event(self, values):
        if self.env.su or not set(values) - SESSION_EVENT_MOVES:
            return
        if self._mentoring_sessions():
            raise UserError(
                self.env._(
                    "The meeting of a mentoring session shows its session: change the session, in Reverse Mentoring."  # noqa: E501
                )
            )

    def write(self, values):
        cohort = self._check_mentoring_cohort("write")
        self._check_mentoring_session_event(values)
        result = super().write(values)
        for event in cohort:
            # Moved in Calendar by a coordinator: the cohort event follows.
            calendar_event = event.calendar_event_id
            if (event.start, event.stop) != (calendar_event.start, calendar_event.stop):
                event.write(
                    {"start": calendar_event.start, "stop": calendar_event.stop}
                )
        if {"start", "stop", "duration"} & set(values):
            # Whoever moves the event moves its session, under the session's
            # rules: a held session, or one of a closed tandem, stays put.
            self._mentoring_sessions().filtered(
                lambda s: (s.start, s.stop)
                != (s.calendar_event_id.start, s.calendar_event_id.stop)
            ).with_env(self.env)._sync_from_events()
        return result

    def unlink(self):
        # The cohort event goes with its calendar event (ondelete cascade).
        self._check_mentoring_cohort("unlink")
        sessions = self._mentoring_sessions()
        if not self.env.su and sessions.filtered(lambda s: s.state == "done"):
            raise UserError(
                self.env._(
                    "The meeting of a held mentoring session stays in the calendar."
                )
            )
        # Deleting a session's event cancels the session, never deletes it;
        # the addon deletes the events of sessions already cancelled or gone.
        planned = sessions.filtered(lambda s: s.state == "planned")
        if planned:
            # sudo: the link is the addon's; the event goes, so the session
            # keeps none, and cancelling it below has no event to remove.
            planned.write({"calendar_event_id": False})
            planned.with_env(self.env).write({"state": "cancelled"})
        return super().unlink()
