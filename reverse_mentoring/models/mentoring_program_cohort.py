from odoo import fields, models


class MentoringProgramCohort(models.Model):
    """The cohort events of a program and who attended them."""

    # Each concern of the program extends it from a file of its own.
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    cohort_event_ids = fields.One2many(
        "mentoring.cohort.event", "program_id", string="Cohort Events"
    )
    cohort_event_count = fields.Integer(
        string="Events", compute="_compute_cohort_attendance"
    )
    cohort_acceptance_rate = fields.Float(
        string="Invitations Accepted (%)",
        compute="_compute_cohort_attendance",
        help="Share of the invitations to the program's cohort events that were "
        "accepted in Calendar.",
    )
    cohort_kickoff_attendance = fields.Float(
        string="Kick-off Attendance (%)",
        compute="_compute_cohort_attendance",
        help="Among those invited to the kick-off workshops that have started, the "
        "share who attended.",
    )
    cohort_midterm_attendance = fields.Float(
        string="Mid-term Attendance (%)",
        compute="_compute_cohort_attendance",
        help="Among those invited to the mid-term exchanges that have started, the "
        "share who attended.",
    )
    cohort_closing_attendance = fields.Float(
        string="Closing Attendance (%)",
        compute="_compute_cohort_attendance",
        help="Among those invited to the closing events that have started, the "
        "share who attended.",
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    def _compute_cohort_attendance(self):
        """Events, answers and attendance of the cohort events, in three queries.

        sudo: figures of the programs the user reads; the lines behind them
        belong to their people and coordinators.
        """
        env = self.sudo().env
        domain = [("program_id", "in", self._origin.ids)]
        events = dict(
            env["mentoring.cohort.event"]._read_group(
                domain, ["program_id"], ["__count"]
            )
        )
        started = env["mentoring.cohort.attendance"]._read_group(
            domain + [("event_start", "<=", fields.Datetime.now())],
            ["program_id", "kind", "attended"],
            ["__count"],
        )
        lines = env["mentoring.cohort.attendance"].search(domain)
        for program in self:
            pid = program._origin
            mine = lines.filtered(lambda line, pid=pid: line.program_id == pid)
            program.cohort_event_count = events.get(pid, 0)
            program.cohort_acceptance_rate = (
                100 * len(mine.filtered(lambda a: a.response == "accepted")) / len(mine)
                if mine
                else 0.0
            )
            for kind in ("kickoff", "midterm", "closing"):
                rows = [
                    (attended, n)
                    for p, k, attended, n in started
                    if p == pid and k == kind
                ]
                invited = sum(n for _a, n in rows)
                program[f"cohort_{kind}_attendance"] = (
                    100 * sum(n for attended, n in rows if attended) / invited
                    if invited
                    else 0.0
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_cohort_events(self):
        return self._action_open_related(
            "reverse_mentoring.action_mentoring_cohort_event"
        )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _sync_cohort_attendees(self):
        """Bring the upcoming cohort events in line with the participants."""
        # sudo: whoever changes a participation changes who is invited.
        self.sudo().cohort_event_ids._upcoming()._sync_attendees()
