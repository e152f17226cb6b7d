from datetime import date, timedelta

from odoo import api, fields, models

from .mentoring_tandem_reminder import due
from .mentoring_tandem_stage import CLOSED_PHASES
from .utils import schedule_coordinator_activities

# The activity asking the coordinators what to do with a stalled tandem.
STALL_ACTIVITY = "reverse_mentoring.mail_activity_type_stalled"


class MentoringTandemHealth(models.Model):
    """How a tandem is doing: its daily health and, when it held no session for
    long, the stall the coordinators decide on."""

    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    health = fields.Selection(
        [
            ("on_track", "On Track"),
            ("check_in", "Needs Check-in"),
            ("at_risk", "At Risk"),
        ],
        readonly=True,
        index=True,
        help="From the sessions held against the program's cadence and the overdue "
        "goals; updated every day.",
    )
    overdue_goal_count = fields.Integer(compute="_compute_overdue_goal_count")

    stalled = fields.Boolean(
        readonly=True,
        copy=False,
        help="No session was held for the program's days before a tandem stalls, "
        "although both were reminded: the coordinators decide whether to close "
        "the tandem or to give it more time. Nothing closes by itself.",
    )
    stall_asked_date = fields.Date(
        string="Coordinators Asked On",
        readonly=True,
        copy=False,
        help="When the coordinators were last asked what to do with the tandem.",
    )
    stall_activity_ids = fields.Many2many(
        "mail.activity",
        string="Stall Activities",
        copy=False,
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="The coordinators' activities on the program asking about this tandem.",
    )
    stall_clock_date = fields.Date(
        string="More Time Given On",
        readonly=True,
        copy=False,
        help="The coordinators gave the tandem more time on this day: the days "
        "without a session count from here.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("goal_ids.is_done", "goal_ids.date_deadline")
    def _compute_overdue_goal_count(self):
        today = fields.Date.context_today(self)
        counts = dict(
            self.env["mentoring.goal"]._read_group(
                [
                    ("tandem_id", "in", self.ids),
                    ("is_done", "=", False),
                    ("date_deadline", "<", today),
                ],
                ["tandem_id"],
                ["__count"],
            )
        )
        for tandem in self:
            tandem.overdue_goal_count = counts.get(tandem._origin, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_stall_more_time(self):
        """Give the stalled tandems more time: the stall clock starts again today."""
        self._check_coordinator()
        # sudo: the stall fields are the addon's; the coordinator was checked.
        self.sudo().write(
            {"stalled": False, "stall_clock_date": fields.Date.context_today(self)}
        )
        # Done without a message on the program, which its participants read.
        self._stall_activities().unlink()
        for tandem in self:
            tandem.message_post(
                body=self.env._(
                    "The coordinators gave the tandem %(days)s more days to hold a session.",  # noqa: E501
                    days=tandem.program_id.stall_days,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_stall_close(self):
        """Close the stalled tandems: their future sessions are cancelled."""
        self._check_coordinator()
        for tandem in self:
            tandem._future_sessions().action_cancel()
            tandem._move_to_phase(
                "cancelled",
                self.env._(
                    "No session was held for a long time: the coordinators closed the tandem, and its future sessions are cancelled."  # noqa: E501
                ),
            )
        # sudo: the stall fields are the addon's; the coordinator was checked.
        self.sudo().stalled = False
        self._stall_activities().unlink()
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _health_of(self, today, last_held, overdue, low_pulse=False):
        """On track, needs check-in or at risk, from the cadence and the goals.

        A session rated low in the latest pulse asks for a check-in too.
        """
        self.ensure_one()
        step = self.program_id._cadence_step()
        since = last_held or self.program_id.date_start
        if since + step + step < today or overdue >= 2:
            return "at_risk"
        if since + step < today or overdue or low_pulse:
            return "check_in"
        return "on_track"

    def _update_health(self):
        """Store the health of these tandems; closed and proposed ones have none."""
        today = fields.Date.context_today(self)
        held = self._last_held_starts()
        inputs = self.env["survey.user_input"]
        low_pulse = inputs._mentoring_low_pulse_tandems(
            self
        ) | inputs._mentoring_low_checkin_tandems(self, held)
        for tandem in self:
            tracked = tandem.phase in ("kickoff", "active", "closing")
            last = held.get(tandem)
            health = tracked and tandem._health_of(
                today,
                last and last.date(),
                tandem.overdue_goal_count,
                low_pulse=tandem in low_pulse,
            )
            if tandem.health != health:
                # sudo: the health is a status the addon keeps, whoever
                # triggered the update (e.g. a member marking a session held).
                tandem.sudo().health = health

    @api.model
    def _cron_update_health(self):
        self.search([("phase", "not in", CLOSED_PHASES)])._update_health()

    @api.model
    def _cron_ask_stalled(self):
        """Ask the coordinators about the stalled tandems, once per stall period.

        Stalled: no session held for the program's `stall_days` (counted from
        the last time the coordinators gave it more time, if later), although
        both were reminded since. Nothing closes by itself: the coordinators
        get an activity and decide with one click on the tandem. Running it
        twice asks nobody twice; a tandem that met again is stalled no more.
        """
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("phase", "in", ("proposed", "kickoff", "active")),
            ]
        )
        held = tandems._last_held_starts()

        def still_idle(tandem):
            days = timedelta(days=tandem.program_id.stall_days)
            return tandem._stall_since(held) + days <= today

        def to_ask(tandem):
            since = tandem._stall_since(held)
            reminded = tandem.inactivity_reminder_date
            return bool(reminded and reminded >= since) and due(
                since,
                tandem.stall_asked_date,
                timedelta(days=tandem.program_id.stall_days),
                today,
            )

        # sudo (both): the stall is a status the addon keeps.
        tandems.filtered(lambda t: t.stalled and not still_idle(t)).sudo().write(
            {"stalled": False}
        )
        tandems.filtered(to_ask).sudo()._ask_stalled()

    def _stall_since(self, held):
        self.ensure_one()
        return max(self._idle_since(held), self.stall_clock_date or date.min)

    def _ask_stalled(self):
        """Flag these tandems as stalled; an activity for each coordinator."""
        today = fields.Date.context_today(self)
        for tandem in self:
            program = tandem.program_id
            # On the program, naming the tandem: its members do not see it.
            tandem.stall_activity_ids |= schedule_coordinator_activities(
                program,
                program.coordinator_ids,
                lambda env, tandem=tandem, days=program.stall_days: (
                    env._(
                        "Stalled: close %(tandem)s or give it more time?",
                        tandem=tandem.name,
                    ),
                    env._(
                        "No session of %(tandem)s was held for %(days)s days, although both were reminded. Close the tandem or give it more time, with the buttons on the tandem.",  # noqa: E501
                        tandem=tandem.name,
                        days=days,
                    ),
                ),
                activity_type=STALL_ACTIVITY,
            )
        self.write({"stalled": True, "stall_asked_date": today})

    def _stall_activities(self):
        # sudo: the activities are the coordinators', checked by the actions.
        return self.sudo().stall_activity_ids
