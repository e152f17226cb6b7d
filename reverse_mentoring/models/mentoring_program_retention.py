from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from .survey_user_input import MENTORING_ATTACHED

# Records the retention job deletes or detaches per batch (and per commit when
# it runs as a scheduled action).
RETENTION_BATCH_SIZE = 1000


class MentoringProgramRetention(models.Model):
    """The retention job: what a program keeps once its company's period is over."""

    # Each concern of the program extends it from a file of its own.
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _retention_expired_domain(self):
        """Domain of the programs closed longer ago than their company keeps data.

        Each company sets its own period (`mentoring_retention_months`); a
        program closed before `date_closed` was recorded counts from its end.
        """
        today = fields.Date.today()
        # sudo: the retention periods of every company, for the scheduled job.
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([], ["mentoring_retention_months"])
        )
        per_company = []
        for company in companies:
            cutoff = today - relativedelta(months=company.mentoring_retention_months)
            per_company.append(
                [
                    "&",
                    ("company_id", "=", company.id),
                    "|",
                    ("date_closed", "<", cutoff),
                    "&",
                    ("date_closed", "=", False),
                    ("date_end", "<", cutoff),
                ]
            )
        return [("state", "=", "closed")] + (
            expression.OR(per_company) if per_company else [(0, "=", 1)]
        )

    @api.model
    def _cron_apply_retention(self, batch_size=RETENTION_BATCH_SIZE):
        """Delete the private notes and detach the feedback answers of old programs.

        For the programs closed longer ago than their company's retention
        period: their private notes are deleted, their feedback answers
        detached from who gave them (they still count in the figures). Safe
        to run twice: what is done is not found again. It works in batches of
        `batch_size`, each in a fixed number of queries; run as a scheduled
        action, it reports its progress and commits after each batch.
        """
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(
                self.env._(
                    "Only the scheduled action applies the retention of mentoring data."  # noqa: E501
                )
            )
        # sudo: the job runs over every company's programs, notes and answers.
        programs = (
            self.sudo()
            .with_context(active_test=False)
            .search(self._retention_expired_domain())
        )
        if not programs:
            return
        in_cron = bool(self.env.context.get("cron_id"))
        notes = self.env["mentoring.session.note"].sudo()
        answers = self.env["survey.user_input"].sudo()
        notes_domain = [("session_id.tandem_id.program_id", "in", programs.ids)]
        answers_domain = [("mentoring_program_id", "in", programs.ids)] + list(
            MENTORING_ATTACHED
        )
        remaining = notes.search_count(notes_domain) + answers.search_count(
            answers_domain
        )
        done = 0
        for model, domain, apply in (
            (notes, notes_domain, lambda batch: batch.unlink()),
            (
                answers,
                answers_domain,
                lambda batch: batch._mentoring_detach_respondents(),
            ),
        ):
            while batch := model.search(domain, limit=batch_size):
                apply(batch)
                done += len(batch)
                remaining = max(remaining - len(batch), 0)
                if in_cron:
                    self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
                    # A scheduled action keeps each finished batch, so that a
                    # timeout on a large backlog loses nothing done so far.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
