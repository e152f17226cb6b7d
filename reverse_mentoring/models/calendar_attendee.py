from odoo import api, models
from odoo.exceptions import AccessError


class CalendarAttendee(models.Model):
    """The answers to a cohort event are their attendees' own.

    Calendar lets any employee write any attendee; the program's acceptance
    figures count these answers, so on the calendar events of cohort events an
    answer is given only by the attendee's own user (the invitation links of
    the mails run as superuser, after Calendar's token check). Calendar sets
    an answer back to "needs action" when the event moves: that is allowed to
    those who may change the cohort event, and to nobody else. Attendees of
    those events are added and removed by the addon only.
    """

    _inherit = "calendar.attendee"

    def _mentoring_cohort_attendees(self):
        """Those of these attendees who are invited to a cohort event."""
        cohort = self.event_id._mentoring_cohort_events()
        return self.filtered(lambda a: a.event_id in cohort.calendar_event_id)

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

    def _check_mentoring_attendees(self):
        if not self.env.su and self._mentoring_cohort_attendees():
            raise AccessError(
                self.env._(
                    "The program's participants are invited to a cohort event by the event itself, in Reverse Mentoring."  # noqa: E501
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
        if {"event_id", "partner_id"} & set(values):
            self._check_mentoring_attendees()
        result = super().write(values)
        if {"event_id", "partner_id"} & set(values):
            self._check_mentoring_attendees()
        return result

    def unlink(self):
        self._check_mentoring_attendees()
        return super().unlink()
