from odoo import api, models
from odoo.exceptions import AccessError


class CalendarAttendee(models.Model):
    """The attendees of the addon's events are the addon's.

    Calendar lets any employee add, change and remove any attendee. The
    attendees of a session's event are its tandem's two members: the addon
    alone adds and removes them, and each member only answers their own
    invitation (a record rule hides them, with their invitation tokens, from
    everyone but the two). The program's acceptance figures count the answers
    to cohort events, so on those an answer is given only by the attendee's
    own user (the invitation links of the mails run as superuser, after
    Calendar's token check). Calendar sets an answer back to "needs action"
    when the event moves: that is allowed to those who may change the cohort
    event, and to nobody else. Attendees of those events are added and
    removed by the addon only.
    """

    _inherit = "calendar.attendee"

    def _mentoring_cohort_attendees(self):
        """Those of these attendees who are invited to a cohort event."""
        cohort = self.event_id._mentoring_cohort_events()
        return self.filtered(lambda a: a.event_id in cohort.calendar_event_id)

    def _mentoring_session_attendees(self):
        """Those of these attendees who are invited to a session."""
        sessions = self.event_id._mentoring_sessions()
        return self.filtered(lambda a: a.event_id in sessions.calendar_event_id)

    def _check_mentoring_answer(self, state):
        if self.env.su:
            return
        others = self._mentoring_cohort_attendees().filtered(
            lambda a: a.partner_id != self.env.user.partner_id
        )
        if not others:
            return
        if state == "needsAction":
            others.event_id._check_mentoring_cohort("write")
            return
        raise AccessError(
            self.env._(
                "Only the invited person answers the invitation to a cohort event."
            )
        )

    def _check_mentoring_attendees(self, values=None):
        """The addon's attendees change through the addon only.

        With `values`, a write: a member may still answer their own
        invitation to a session.
        """
        if self.env.su:
            return
        if self._mentoring_cohort_attendees() and (
            values is None or {"event_id", "partner_id"} & set(values)
        ):
            raise AccessError(
                self.env._(
                    "The program's participants are invited to a cohort event by the event itself, in Reverse Mentoring."  # noqa: E501
                )
            )
        session = self._mentoring_session_attendees()
        if session and (
            values is None
            or set(values) != {"state"}
            or session.partner_id != self.env.user.partner_id
        ):
            raise AccessError(
                self.env._(
                    "The two people of a tandem are invited to its sessions by the sessions themselves, in Reverse Mentoring; each answers their own invitation."  # noqa: E501
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        attendees = super().create(vals_list)
        attendees._check_mentoring_attendees()
        return attendees

    def write(self, values):
        if "state" in values:
            self._check_mentoring_answer(values["state"])
        self._check_mentoring_attendees(values)
        result = super().write(values)
        if {"event_id", "partner_id"} & set(values):
            self._check_mentoring_attendees()
        return result

    def unlink(self):
        self._check_mentoring_attendees()
        return super().unlink()
