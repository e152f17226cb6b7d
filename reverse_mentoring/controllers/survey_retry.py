"""Survey's *Take Again*: a new attempt at a mentoring survey still counts.

Survey's `/survey/retry` route creates the new answer with the values of
`_prepare_retry_additional_values`; without the tandem and the session, the
new answer would belong to no tandem and feed no figure.
"""

from odoo.addons.survey.controllers.main import Survey


class MentoringSurvey(Survey):
    def _prepare_retry_additional_values(self, answer):
        values = super()._prepare_retry_additional_values(answer)
        if answer.mentoring_tandem_id:
            values["mentoring_tandem_id"] = answer.mentoring_tandem_id.id
            values["mentoring_session_id"] = answer.mentoring_session_id.id
        return values
