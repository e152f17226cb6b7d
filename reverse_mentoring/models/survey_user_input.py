from datetime import timedelta

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

    mentoring_reminder_sent = fields.Boolean(readonly=True, copy=False)

    def _remind_mentoring_feedback(self):
        """Send each unanswered mentoring invitation once more, after the delay."""
        now = fields.Datetime.now()
        pending = self.search(
            [
                ("mentoring_tandem_id", "!=", False),
                ("state", "!=", "done"),
                ("mentoring_reminder_sent", "=", False),
            ]
        )
        due = pending.filtered(
            lambda i: i.create_date
            + timedelta(days=i.mentoring_program_id.survey_reminder_days)
            <= now
        )
        template = self.env.ref("reverse_mentoring.mail_template_feedback_invite")
        for invitation in due:
            template.send_mail(invitation.id)
        due.mentoring_reminder_sent = True

    def init(self):
        result = super().init()
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
        return result
