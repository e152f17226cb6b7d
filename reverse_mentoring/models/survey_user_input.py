from datetime import timedelta

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL

from .survey_question import CHECKIN_KPIS

# Mentoring answers that still tell who gave them.
MENTORING_ATTACHED = [
    ("mentoring_tandem_id", "!=", False),
    "|",
    "|",
    ("partner_id", "!=", False),
    ("email", "!=", False),
    ("nickname", "!=", False),
]

# The invitations that count, in the figures as in the signals: never a test
# entry of a survey; and the answers that count: those finished.
MENTORING_INVITED = [("test_entry", "=", False)]
MENTORING_COUNTED = [("state", "=", "done"), *MENTORING_INVITED]
# The answered lines of those answers.
MENTORING_ANSWERED_LINES = [
    *((f"user_input_id.{name}", op, value) for name, op, value in MENTORING_COUNTED),
    ("skipped", "=", False),
]

# Never two open invitations for the same person, tandem, session and survey.
OPEN_INVITATION_INDEX = "survey_user_input_mentoring_open_uniq"


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

    @api.model
    def _mentoring_invite(self, tandem, survey, employees, session=None):
        """Invite `employees` of `tandem` to answer `survey`, by mail.

        Someone who already has an open invitation for the same survey, tandem
        and session gets no second one.
        """
        tandem.ensure_one()
        if not survey:
            return self.browse()
        # sudo: a participant marking a session held has no rights on surveys;
        # the invitations are for the tandem's own two members.
        inputs = self.sudo()
        partners = employees.sudo().work_contact_id
        open_inputs = inputs.search(
            [
                ("survey_id", "=", survey.id),
                ("mentoring_tandem_id", "=", tandem.id),
                ("mentoring_session_id", "=", session.id if session else False),
                ("partner_id", "in", partners.ids),
                ("state", "!=", "done"),
            ]
        )
        template = self.env.ref("reverse_mentoring.mail_template_feedback_invite")
        invited = inputs
        for partner in partners - open_inputs.partner_id:
            try:
                with self.env.cr.savepoint():
                    answer = survey.sudo()._create_answer(
                        partner=partner,
                        check_attempts=False,
                        mentoring_tandem_id=tandem.id,
                        mentoring_session_id=session.id if session else False,
                    )
            except errors.UniqueViolation as error:
                if error.diag.constraint_name != OPEN_INVITATION_INDEX:
                    raise
                # Invited meanwhile by a concurrent transaction, which this
                # one's snapshot does not show: that invitation is the one.
                continue
            template.sudo().send_mail(answer.id)
            invited |= answer
        return invited

    def _mentoring_detach_respondents(self):
        """Detach these answers from who gave them: contact, email and nickname.

        The answers, their tandem and their program stay, so that they still
        count in the program's figures; nobody, the respondent included, can
        tell any more whose they were. Answers already detached are left out
        by `MENTORING_ATTACHED`, which keeps this idempotent.
        """
        if not self:
            return
        # In SQL, one query whatever the number of answers (the ORM splits its
        # updates by a hundred records): the retention job detaches thousands.
        # No stored field depends on these three. Answers are closed to
        # everyone but their respondent; the caller (an erasure by HR, the
        # retention job) decided which ones to detach.
        fnames = ["partner_id", "email", "nickname"]
        self.flush_recordset(fnames)
        self.env.cr.execute(
            SQL(
                """
                UPDATE survey_user_input
                   SET partner_id = NULL, email = NULL, nickname = NULL,
                       write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                 WHERE id = ANY(%(ids)s)
                """,
                uid=self.env.uid,
                ids=self.ids,
            )
        )
        self.invalidate_recordset([*fnames, "write_uid", "write_date"])

    @api.model
    def _mentoring_pending(self, tandems, partner):
        """The invitations of `tandems` that `partner` has not answered yet."""
        # sudo: a member reads their own invitations, even without survey rights.
        return self.sudo().search(
            [
                ("mentoring_tandem_id", "in", tandems.ids),
                ("partner_id", "=", partner.id),
                ("state", "!=", "done"),
            ]
        )

    @api.model
    def _cron_remind_mentoring_feedback(self):
        """Send each unanswered mentoring invitation once more, after the delay.

        Only once: running it twice sends nothing twice.
        """
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

    @api.model
    def _mentoring_low_pulse_tandems(self, tandems):
        """Those of `tandems` whose latest session pulse rated the session low.

        Low is the lower quarter of the usefulness scale (1 or 2 out of 5). It
        feeds the health of a tandem, a signal coordinators see, never the
        answer nor who gave it.
        """
        # sudo: the health is computed for whoever triggers it; the answers
        # stay unreadable to them.
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("user_input_id.mentoring_tandem_id", "in", tandems.ids),
                    *MENTORING_ANSWERED_LINES,
                    ("question_id.mentoring_kpi", "=", "usefulness"),
                    ("answer_type", "=", "scale"),
                ],
                ["user_input_id", "question_id", "value_scale"],
                order="id desc",
            )
        )
        latest = {}
        for line in lines:
            latest.setdefault(line.user_input_id.mentoring_tandem_id, line)
        low = set()
        for tandem, line in latest.items():
            question = line.question_id
            threshold = (
                question.scale_min + (question.scale_max - question.scale_min) / 4
            )
            if line.value_scale <= threshold:
                low.add(tandem.id)
        return tandems.filtered(lambda t: t.id in low)

    @api.model
    def _mentoring_low_checkin_lines(self, domain):
        """The answered lines of mid-term check-ins within `domain` that are low:
        1 or 2 out of 5, the lower quarter of the scale as for the pulse."""
        # sudo: the signal is computed for whoever triggers it; the answers
        # stay unreadable to them.
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    *domain,
                    *MENTORING_ANSWERED_LINES,
                    ("question_id.mentoring_kpi", "in", [k for k, _l in CHECKIN_KPIS]),
                    ("answer_type", "=", "scale"),
                ],
                ["user_input_id", "question_id", "value_scale"],
            )
        )
        return lines.filtered(
            lambda line: line.value_scale
            <= line.question_id.scale_min
            + (line.question_id.scale_max - line.question_id.scale_min) / 4
        )

    @api.model
    def _mentoring_low_checkin_tandems(self, tandems, held):
        """Those of `tandems` with a low check-in answer since their last held
        session (`held`, from `mentoring.tandem._last_held_starts`)."""
        lines = self._mentoring_low_checkin_lines(
            [("user_input_id.mentoring_tandem_id", "in", tandems.ids)]
        )
        return tandems.filtered(
            lambda t: any(
                line.user_input_id.mentoring_tandem_id == t
                and (not held.get(t) or line.user_input_id.end_datetime > held[t])
                for line in lines
            )
        )

    def _mark_done(self):
        result = super()._mark_done()
        low = self._mentoring_low_checkin_lines([("user_input_id", "in", self.ids)])
        low.user_input_id.mentoring_tandem_id._ask_checkin()
        self.mentoring_tandem_id._update_fit_rating()
        return result

    def init(self):
        result = super().init()
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS %s
                    ON survey_user_input (
                        survey_id, partner_id, mentoring_tandem_id,
                        COALESCE(mentoring_session_id, 0)
                    )
                 WHERE mentoring_tandem_id IS NOT NULL AND state != 'done'
                """,
                SQL.identifier(OPEN_INVITATION_INDEX),
            )
        )
        return result
