from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

COORDINATOR_GROUP = "reverse_mentoring.group_mentoring_coordinator"
ANSWER_FIELDS = (
    "match_answer_required",
    "match_mentor_accepted",
    "match_mentee_accepted",
    "match_reminder_sent",
)


class MentoringTandem(models.Model):
    """Both people say yes: a proposed tandem waits for each member's answer."""

    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    match_answer_required = fields.Boolean(
        string="Members Answer the Match",
        readonly=True,
        copy=False,
        help="Proposed by the matching of a program whose members accept their "
        "match: the kick-off begins once both accepted.",
    )
    match_mentor_accepted = fields.Boolean(
        string="Mentor Accepted", readonly=True, copy=False
    )
    match_mentee_accepted = fields.Boolean(
        string="Mentee Accepted", readonly=True, copy=False
    )
    match_reminder_sent = fields.Boolean(readonly=True, copy=False)
    awaits_acceptance = fields.Boolean(
        compute="_compute_awaits_acceptance",
        search="_search_awaits_acceptance",
        help="The program asks both people to accept their match, and one of "
        "them has not answered yet.",
    )
    my_match_accepted = fields.Boolean(
        string="I Accepted", compute="_compute_awaits_acceptance"
    )
    declined_pair_ids = fields.One2many(
        "mentoring.declined.pair",
        "tandem_id",
        string="Declines",
        groups=COORDINATOR_GROUP,
    )

    @api.model
    def _protected_field_names(self):
        return super()._protected_field_names() | set(ANSWER_FIELDS)

    @api.depends(
        "phase",
        "match_answer_required",
        "match_mentor_accepted",
        "match_mentee_accepted",
    )
    @api.depends_context("uid")
    def _compute_awaits_acceptance(self):
        for tandem in self:
            tandem.awaits_acceptance = (
                tandem.phase == "proposed"
                and tandem.match_answer_required
                and not (tandem.match_mentor_accepted and tandem.match_mentee_accepted)
            )
            side = tandem.my_side
            tandem.my_match_accepted = bool(side and tandem[f"match_{side}_accepted"])

    def _search_awaits_acceptance(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This search is not supported."))
        domain = [
            ("phase", "=", "proposed"),
            ("match_answer_required", "=", True),
            "|",
            ("match_mentor_accepted", "=", False),
            ("match_mentee_accepted", "=", False),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def write(self, vals):
        if "stage_id" in vals and not self.env.su:
            stage = self.env["mentoring.tandem.stage"].browse(vals["stage_id"])
            waiting = self.filtered("awaits_acceptance")
            if waiting and stage.phase not in ("proposed", "cancelled"):
                raise UserError(
                    self.env._(
                        "%(tandem)s waits for both people to accept their match: it moves on once they have.",  # noqa: E501
                        tandem=waiting[0].name,
                    )
                )
        return super().write(vals)

    def _check_awaiting_answer(self):
        """The current member's side of a tandem waiting for their answer."""
        self.ensure_one()
        side = self._check_member()
        if not self.awaits_acceptance:
            raise UserError(
                self.env._("This tandem does not wait for an answer to its match.")
            )
        if self[f"match_{side}_accepted"]:
            raise UserError(self.env._("You have accepted this match already."))
        return side

    def action_agree_kickoff(self):
        for tandem in self:
            if tandem.awaits_acceptance:
                raise UserError(
                    self.env._(
                        "Both of you accept the match before the kick-off begins."
                    )
                )
        return super().action_agree_kickoff()

    def action_accept_match(self):
        """Accept the match for the caller's own side; both accepted → kick-off."""
        self.ensure_one()
        side = self._check_awaiting_answer()
        # sudo: an answer is a system field; the member sets their own side
        # only, checked above.
        self.sudo()[f"match_{side}_accepted"] = True
        if self.match_mentor_accepted and self.match_mentee_accepted:
            self._move_to_phase(
                "kickoff",
                self.env._("Both accepted their match: the kick-off begins."),
            )
        return True

    def action_decline_match(self, reason=False):
        """Decline the match for the caller's own side: the tandem is cancelled.

        The reason reaches the coordinators only (on the declined pair, which
        no member reads); the two are never proposed again, and the next
        matching offers each of them someone else.
        """
        self.ensure_one()
        side = self._check_awaiting_answer()
        reason = reason.strip() if isinstance(reason, str) else ""
        if reason:
            self.env["mentoring.declined.pair"]._check_text("reason", reason)
        # sudo: declined pairs are made by this checked action only, and read
        # by the coordinators alone.
        self.env["mentoring.declined.pair"].sudo().create(
            {
                "tandem_id": self.id,
                "program_id": self.program_id.id,
                "mentor_id": self.mentor_id.id,
                "mentee_id": self.mentee_id.id,
                "declined_side": side,
                "reason": reason or False,
            }
        )
        self._move_to_phase(
            "cancelled",
            self.env._(
                "The match was declined: both of you will be offered a new partner."
            ),
        )
        self._schedule_decline_activities(side)
        return True

    def _schedule_decline_activities(self, side):
        """Tell the coordinators, on the decliner's participation (which the
        partner cannot read), that a match was declined."""
        employee = self.mentor_id if side == "mentor" else self.mentee_id
        # sudo: the member's own participation, for the coordinators' to-do.
        self.sudo()._participation(employee, side)._schedule_coordinator_activities(
            lambda env: (
                env._("A match was declined"),
                env._("The next matching proposes both people again, never together."),
            )
        )

    @api.model
    def _cron_remind_match_answer(self):
        """Remind, once, each member who has not answered their match in time."""
        today = fields.Date.context_today(self)
        waiting = self.search(
            [("awaits_acceptance", "=", True), ("match_reminder_sent", "=", False)]
        ).filtered(
            lambda t: t.create_date.date()
            + timedelta(days=t.program_id.match_answer_days)
            <= today
        )
        for tandem in waiting:
            silent = (tandem.mentor_id | tandem.mentee_id).filtered(
                lambda e, t=tandem: not t[f"match_{t._side_of(e)}_accepted"]
            )
            tandem._notify_members(
                "reverse_mentoring.mail_template_match_answer_reminder", silent
            )
        # sudo: a system field, set by this reminder only.
        waiting.sudo().write({"match_reminder_sent": True})
