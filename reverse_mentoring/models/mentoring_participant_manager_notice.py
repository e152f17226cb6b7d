from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .utils import format_month


class MentoringParticipantManagerNotice(models.Model):
    """A mentor's side of the monthly notice to their manager (see the program)."""

    _inherit = "mentoring.participant"
    _system_fields = ("manager_notice_month", "manager_notice_told")

    manager_notice_month = fields.Date(
        string="Manager Told up to",
        readonly=True,
        copy=False,
        help="The first day of the last month whose hours the manager was told.",
    )
    manager_notice_told = fields.Boolean(
        string="Told of the Manager Notice",
        readonly=True,
        copy=False,
        help="Whether the mentor was told that their manager gets a monthly notice.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        participants = super().create(vals_list)
        participants.filtered(
            "program_id.notify_mentor_managers"
        )._tell_manager_notice()
        return participants

    def write(self, vals):
        result = super().write(vals)
        if {"state", "role"} & set(vals):
            self.filtered("program_id.notify_mentor_managers")._tell_manager_notice()
        return result

    def _tell_manager_notice(self):
        """Tell confirmed mentors, once, that their manager gets the monthly notice."""
        template = self.env.ref("reverse_mentoring.mail_template_manager_notice_mentor")
        # sudo: the addon tells the mentor, whoever confirmed them.
        for mentor in self.sudo().filtered(
            lambda p: p.role == "mentor"
            and p.state == "confirmed"
            and not p.manager_notice_told
        ):
            partner = mentor.employee_id.work_contact_id or mentor.user_id.partner_id
            if partner.email:
                template.with_context(
                    mentoring_lang=partner.lang or self.env.lang
                ).send_mail(mentor.id, email_values={"recipient_ids": partner.ids})
            mentor.manager_notice_told = True

    def _manager_notice_hours(self, month):
        """Sessions held, cohort events attended and their hours in `month`."""
        self.ensure_one()
        first = datetime.combine(month, time.min)
        last = first + relativedelta(months=1)
        sessions = self.env["mentoring.session"].search(
            [
                ("program_id", "=", self.program_id.id),
                ("tandem_id.mentor_id", "=", self.employee_id.id),
                ("state", "=", "done"),
                ("after_program", "=", False),
                ("start", ">=", first),
                ("start", "<", last),
            ]
        )
        attended = self.env["mentoring.cohort.attendance"].search(
            [
                ("program_id", "=", self.program_id.id),
                ("employee_id", "=", self.employee_id.id),
                ("attended", "=", True),
                ("event_start", ">=", first),
                ("event_start", "<", last),
            ]
        )
        hours = sum(sessions.mapped("duration")) + sum(
            attended.event_id.mapped("duration")
        )
        return len(sessions), len(attended), hours

    def _notify_manager_of_month(self, month):
        """Tell the mentors' managers the hours of `month`, once per month.

        Skipped: mentors without a manager (or whose manager has no e-mail) and
        months without an hour given; the month counts as told either way
        once handled, so that a second run tells nobody twice.
        """
        template = self.env.ref("reverse_mentoring.mail_template_manager_notice")
        for mentor in self.sudo().filtered(
            lambda p: not p.manager_notice_month or p.manager_notice_month < month
        ):
            manager = mentor.employee_id.parent_id
            partner = manager.work_contact_id or manager.user_id.partner_id
            if not partner.email:
                continue
            sessions, events, hours = mentor._manager_notice_hours(month)
            if hours:
                lang = partner.lang or mentor.env.lang
                template.with_context(
                    lang=lang,
                    mentoring_lang=lang,
                    mentoring_month=format_month(
                        mentor.with_context(lang=lang).env, month
                    ),
                    mentoring_sessions=sessions,
                    mentoring_events=events,
                    mentoring_hours=round(hours, 1),
                    mentoring_manager=manager.name,
                ).send_mail(mentor.id, email_values={"recipient_ids": partner.ids})
            mentor.manager_notice_month = month
