from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class MentoringProgramManagerNotice(models.Model):
    """The mentors' managers release the time: a monthly notice of the hours given.

    Off by default. When on, each mentor's manager gets, once a month, the
    hours their team member gave to the program the month before (sessions
    held and cohort events attended), never the mentee's name nor anything of
    what the tandem does. The mentors are told once that it is on.
    """

    # An extension of its own (one job per file), like the program skill figures.
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    notify_mentor_managers = fields.Boolean(
        string="Monthly Notice to the Mentors' Managers",
        tracking=True,
        help="Once a month, each mentor's manager is told how many hours their "
        "team member gave to the program (sessions held, cohort events "
        "attended), without the mentee's name or anything of the tandem. The "
        "mentors are told that it is on.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        programs = super().create(vals_list)
        programs.filtered("notify_mentor_managers")._mentors()._tell_manager_notice()
        return programs

    def write(self, vals):
        switched_on = (
            self.filtered(lambda p: not p.notify_mentor_managers)
            if vals.get("notify_mentor_managers")
            else self.browse()
        )
        result = super().write(vals)
        switched_on._mentors()._tell_manager_notice()
        return result

    def _mentors(self):
        # sudo: the program's confirmed mentors, whom the addon tells.
        return self.sudo().participant_ids.filtered(
            lambda p: p.role == "mentor" and p.state == "confirmed"
        )

    @api.model
    def _cron_notify_mentor_managers(self):
        """Tell each mentor's manager the hours of the month just ended, once."""
        month = fields.Date.today().replace(day=1) - relativedelta(months=1)
        month_end = month + relativedelta(months=1, days=-1)
        programs = self.search(
            [
                ("notify_mentor_managers", "=", True),
                ("state", "in", ("running", "closed")),
                ("date_start", "<=", month_end),
                ("date_end", ">=", month),
            ]
        )
        programs._mentors()._notify_manager_of_month(month)
