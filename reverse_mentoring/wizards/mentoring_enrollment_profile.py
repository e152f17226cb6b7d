from odoo import fields, models

from ..models.mentoring_participant_profile import (
    COMMUNICATION_STYLES,
    DAY_TIMES,
    MEETING_FORMATS,
)


class MentoringSelfEnrollment(models.TransientModel):
    """The enrolment form asks for the profile too (interests, style, format,
    times of day, languages); the person changes it until they are matched."""

    _inherit = "mentoring.self.enrollment"  # pylint: disable=consider-merging-classes-inherited

    interest_ids = fields.Many2many("mentoring.interest", string="Interests")
    communication_style = fields.Selection(COMMUNICATION_STYLES)
    meeting_format = fields.Selection(
        MEETING_FORMATS, string="Preferred Meeting Format", default="either"
    )
    time_morning = fields.Boolean(string="Mornings")
    time_lunch = fields.Boolean(string="Lunchtime")
    time_afternoon = fields.Boolean(string="Afternoons")
    time_evening = fields.Boolean(string="Evenings")
    language_ids = fields.Many2many(
        "res.lang",
        string="Spoken Languages",
        context={"active_test": False},
        domain="[('active', 'in', (True, False))]",
    )
    visible_for_wishes = fields.Boolean(string="Others May Wish for Me")

    def _profile_values(self):
        """The profile typed in this form, as `_write_profile` takes it."""
        return {
            "interest_ids": self.interest_ids.ids,
            "communication_style": self.communication_style,
            "meeting_format": self.meeting_format,
            "language_ids": self.language_ids.ids,
            "visible_for_wishes": self.visible_for_wishes,
            **{name: self[name] for name in DAY_TIMES},
        }
