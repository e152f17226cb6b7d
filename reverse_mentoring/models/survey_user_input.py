from odoo import fields, models
from odoo.tools import SQL


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    mentoring_tandem_id = fields.Many2one(
        "mentoring.tandem", string="Mentoring Tandem", index=True, ondelete="cascade"
    )
    mentoring_session_id = fields.Many2one(
        "mentoring.session", string="Mentoring Session", index=True, ondelete="set null"
    )
    mentoring_program_id = fields.Many2one(
        related="mentoring_tandem_id.program_id", store=True, index=True
    )

    def init(self):
        super().init()
        # Never two open invitations for the same person, tandem, session and survey.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS survey_user_input_mentoring_open_uniq
                    ON survey_user_input (
                        survey_id, partner_id, mentoring_tandem_id,
                        COALESCE(mentoring_session_id, 0)
                    )
                 WHERE mentoring_tandem_id IS NOT NULL AND state != 'done'
                """
            )
        )
