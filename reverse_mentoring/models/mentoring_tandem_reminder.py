from datetime import timedelta

from odoo import api, fields, models

from .mentoring_tandem_stage import CLOSED_PHASES
from .utils import schedule_coordinator_activities


def due(since, last, days, today):
    """Whether something done at most once per `days` is due on `today`.

    Due `days` after `since` (the start of the stretch that is counted), and
    again `days` after `last`, the last time it was done.
    """
    return since + days <= today and (not last or last + days <= today)


class MentoringTandemReminder(models.Model):
    """What the addon asks of a tandem over time: to meet when idle, the
    mid-term check-in, to wrap up near the end, and the final evaluation."""

    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    inactivity_reminder_date = fields.Date(
        readonly=True, copy=False, help="When the tandem was last reminded to meet."
    )
    end_reminder_sent = fields.Boolean(readonly=True, copy=False)
    midterm_sent = fields.Boolean(
        string="Mid-term Check-in Sent",
        readonly=True,
        copy=False,
        help="Both members were invited to the mid-term check-in of the program.",
    )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _cron_remind_inactive(self):
        """Remind the idle tandems of running programs, once per reminder period.

        Idle: no session held (or, without one, no program start) for the
        program's `reminder_days`; running it twice reminds nobody twice.
        """
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("phase", "in", ("proposed", "kickoff", "active")),
            ]
        )
        held = tandems._last_held_starts()

        def idle(tandem):
            return due(
                tandem._idle_since(held),
                tandem.inactivity_reminder_date,
                timedelta(days=tandem.program_id.reminder_days),
                today,
            )

        tandems.filtered(idle)._remind_inactive()

    def _idle_since(self, held):
        """Since when the tandem held no session: its last held session (`held`,
        from `_last_held_starts`), or the start of its program; for the stall
        clock, the day the coordinators last gave it more time, if later."""
        self.ensure_one()
        last = held.get(self)
        return last.date() if last else self.program_id.date_start

    def _remind_inactive(self):
        """Tandems still before their kick-off get a reminder to hold it; the
        others an activity for the mentor; the coordinators a notice."""
        today = fields.Date.context_today(self)
        for tandem in self:
            program = tandem.program_id
            if tandem.phase in ("proposed", "kickoff"):
                tandem._notify_members(
                    "reverse_mentoring.mail_template_kickoff_reminder",
                    tandem.mentor_id | tandem.mentee_id,
                )
                continue
            # In the language of the mentor asked.
            env = self.with_context(
                lang=tandem.mentor_id.work_contact_id.lang or self.env.lang
            ).env
            tandem.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Plan the next session"),
                note=env._(
                    "No session of %(tandem)s was held for %(days)s days.",
                    tandem=tandem.name,
                    days=program.reminder_days,
                ),
                user_id=(tandem.mentor_user_id or program.coordinator_ids[:1]).id,
            )
            tandem.message_post(
                body=self.env._(
                    "No session was held for %(days)s days: the mentor was asked to plan the next one.",  # noqa: E501
                    days=program.reminder_days,
                ),
                partner_ids=program.coordinator_ids.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self.inactivity_reminder_date = today

    @api.model
    def _cron_invite_midterm(self):
        """Invite both members of each open tandem to the mid-term check-in, once,
        from half of its program on."""
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("program_id.midterm_survey_id", "!=", False),
                ("phase", "in", ("kickoff", "active")),
                ("midterm_sent", "=", False),
            ]
        )
        due = tandems.filtered(
            lambda t: t.program_id.date_start
            + (t.program_id.date_end - t.program_id.date_start) / 2
            <= today
        )
        invite = self.env["survey.user_input"]._mentoring_invite
        for tandem in due:
            survey = tandem.program_id.midterm_survey_id
            invite(tandem, survey, tandem.mentor_id | tandem.mentee_id)
        due.midterm_sent = True

    def _ask_checkin(self):
        """A low check-in answer: an activity for the coordinators to check in
        with the tandem, which tells neither the answer nor who gave it."""
        for tandem in self:
            schedule_coordinator_activities(
                tandem,
                tandem.program_id.coordinator_ids,
                lambda env, tandem=tandem: (
                    env._("Check in with %(tandem)s", tandem=tandem.name),
                    env._(
                        "The mid-term check-in of %(tandem)s asks for a talk with its members about how the tandem is going.",  # noqa: E501
                        tandem=tandem.name,
                    ),
                ),
            )
        self._update_health()

    @api.model
    def _cron_remind_end(self):
        """Ask the open tandems of running programs to wrap up, once, near the end."""
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("phase", "not in", (*CLOSED_PHASES, "continued")),
                ("end_reminder_sent", "=", False),
            ]
        )
        tandems.filtered(
            lambda t: t.program_id.date_end
            - timedelta(days=t.program_id.end_reminder_days)
            <= today
        )._remind_end()

    def _remind_end(self):
        """Ask both people to wrap up and to answer the final evaluation."""
        for tandem in self:
            tandem._invite_final()
            tandem._notify_members(
                "reverse_mentoring.mail_template_end_approaching",
                tandem.mentor_id | tandem.mentee_id,
            )
        self.end_reminder_sent = True

    def _invite_final(self):
        """The final evaluation for each member, according to their role."""
        for tandem in self:
            program = tandem.program_id
            invite = self.env["survey.user_input"]._mentoring_invite
            invite(tandem, program.final_mentee_survey_id, tandem.mentee_id)
            invite(tandem, program.final_mentor_survey_id, tandem.mentor_id)
