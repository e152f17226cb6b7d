from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .mentoring_participant import ROLES
from .mentoring_tandem_stage import CLOSED_PHASES


class MentoringTandemAgreement(models.Model):
    """What the two members agree on: their expectations, the kick-off, an
    early closure, going on after the program. Each side writes and confirms
    for itself."""

    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    mentor_expectations = fields.Text(
        compute="_compute_expectations",
        inverse="_inverse_mentor_expectations",
        help="What the mentor expects from the tandem and offers to it; written by "
        "the mentor, read by both and, where the program allows it, by the "
        "coordinators.",
    )
    mentee_expectations = fields.Text(
        compute="_compute_expectations",
        inverse="_inverse_mentee_expectations",
        help="What the mentee expects from the tandem and wants to learn; written "
        "by the mentee, read by both and, where the program allows it, by the "
        "coordinators.",
    )
    kickoff_mentor_agreed = fields.Boolean(string="Mentor Agreed on Kick-off")
    kickoff_mentee_agreed = fields.Boolean(string="Mentee Agreed on Kick-off")
    closure_reason = fields.Text(
        string="Reason for Closing Early",
        help="Why a member proposes to close the tandem before the end of the "
        "program; the other confirms or declines.",
    )
    closure_proposed_side = fields.Selection(
        ROLES, string="Early Closure Proposed by", readonly=True, copy=False
    )
    closure_mentor_agreed = fields.Boolean(string="Mentor Agreed to Close Early")
    closure_mentee_agreed = fields.Boolean(string="Mentee Agreed to Close Early")
    closed_early = fields.Boolean(
        readonly=True,
        help="Both members agreed to close the tandem before the end of the "
        "program; it counts as completed.",
    )
    continue_mentor_agreed = fields.Boolean(string="Mentor Wants to Continue")
    continue_mentee_agreed = fields.Boolean(string="Mentee Wants to Continue")
    continued = fields.Boolean(
        compute="_compute_continued",
        store=True,
        help="Both members chose to go on after the program.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("my_side", "program_id.coordinators_read_expectations")
    @api.depends_context("uid")
    def _compute_expectations(self):
        """Both texts for the two members; for coordinators where the program says."""
        coordinated = self.program_id._coordinated()
        readable = self.filtered(
            lambda t: self.env.su
            or t.my_side
            or (
                t.program_id in coordinated
                and t.program_id.coordinators_read_expectations
            )
        )
        # sudo: the texts are closed to every group; who may read them is
        # decided just above.
        texts = {
            (text.tandem_id.id, text.side): text.body
            for text in self.env["mentoring.tandem.expectation"]
            .sudo()
            .search([("tandem_id", "in", readable._origin.ids)])
        }
        for tandem in self:
            key = tandem._origin.id
            tandem.mentor_expectations = texts.get((key, "mentor"), False)
            tandem.mentee_expectations = texts.get((key, "mentee"), False)

    def _inverse_mentor_expectations(self):
        self._write_expectations("mentor")

    def _inverse_mentee_expectations(self):
        self._write_expectations("mentee")

    def _write_expectations(self, side):
        """Store the expectations of `side`, written by that member only."""
        for tandem in self:
            if not self.env.su and tandem.my_side != side:
                raise AccessError(
                    self.env._(
                        "Each member writes their own expectations, and only theirs."
                    )
                )
        if not self.env.su:
            self._check_open_for_changes()
        storage = self.env["mentoring.tandem.expectation"].sudo()
        existing = {
            text.tandem_id: text
            for text in storage.search(
                [("tandem_id", "in", self.ids), ("side", "=", side)]
            )
        }
        for tandem in self:
            body = tandem[f"{side}_expectations"]
            if tandem in existing:
                existing[tandem].body = body
            else:
                storage.create({"tandem_id": tandem.id, "side": side, "body": body})

    @api.depends("continue_mentor_agreed", "continue_mentee_agreed")
    def _compute_continued(self):
        for tandem in self:
            tandem.continued = (
                tandem.continue_mentor_agreed and tandem.continue_mentee_agreed
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_agree_kickoff(self):
        """Confirm the expectations and goals; both confirmations start the tandem."""
        self.ensure_one()
        if self.phase not in ("proposed", "kickoff"):
            raise UserError(self.env._("The kick-off of this tandem is over."))
        self._check_member()
        if not self._expectations_written() or not self.goal_ids:
            raise UserError(
                self.env._(
                    "Before agreeing on the kick-off, both of you write what you expect from the tandem, and you set at least one learning goal together."  # noqa: E501
                )
            )
        if self._agree("kickoff"):
            self._move_to_phase(
                "active",
                self.env._(
                    "Both agreed on their expectations and goals: the tandem is active."
                ),
            )
        return True

    def action_propose_early_closure(self, reason):
        """Propose to close the tandem early, with a reason; the other confirms."""
        self.ensure_one()
        self._check_closable()
        side = self._check_member()
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why the tandem should close early."))
        if self.closure_proposed_side:
            raise UserError(
                self.env._(
                    "An early closure is already proposed: confirm or decline it first."
                )
            )
        self._check_text("closure_reason", reason)
        # sudo: system fields, set by the member for their own side, checked above.
        self.sudo().write(
            {
                "closure_reason": reason,
                "closure_proposed_side": side,
                "closure_mentor_agreed": side == "mentor",
                "closure_mentee_agreed": side == "mentee",
            }
        )
        self._notify_members(
            "reverse_mentoring.mail_template_closure_proposed",
            self._other_member(side),
        )
        return True

    def action_agree_early_closure(self):
        """Confirm the early closure the other member proposed: the tandem is done,
        and both get their final evaluation."""
        self.ensure_one()
        self._check_closable()
        side = self._check_member()
        if not self.closure_proposed_side:
            raise UserError(
                self.env._("Propose the early closure with a reason first.")
            )
        if self.closure_proposed_side == side:
            raise UserError(
                self.env._("Your partner confirms the early closure you proposed.")
            )
        self._agree("closure")
        # sudo: a system field, set once both members agreed, checked above.
        self.sudo().closed_early = True
        self._move_to_phase(
            "done",
            self.env._(
                "Both agreed to close the tandem early: %(reason)s",
                reason=self.closure_reason,
            ),
        )
        self._invite_final()
        self._notify_members(
            "reverse_mentoring.mail_template_closure_agreed",
            self.mentor_id | self.mentee_id,
        )
        return True

    def action_decline_early_closure(self):
        """Decline the early closure the other member proposed: the tandem goes on."""
        self.ensure_one()
        side = self._check_member()
        if not self.closure_proposed_side or self.closure_proposed_side == side:
            raise UserError(
                self.env._("There is no early closure of your partner to decline.")
            )
        # sudo: system fields, reset by the member asked, checked above.
        self.sudo().write(
            {
                "closure_reason": False,
                "closure_proposed_side": False,
                "closure_mentor_agreed": False,
                "closure_mentee_agreed": False,
            }
        )
        self.message_post(
            body=self.env._("The early closure was declined: the tandem goes on."),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_agree_continue(self):
        """Choose to go on after the program; once both chose, the tandem continues."""
        self.ensure_one()
        if self.phase in CLOSED_PHASES + ("continued",):
            raise UserError(
                self.env._("Only a tandem still in the program can choose to go on.")
            )
        if fields.Date.context_today(self) < self.program_id.date_end and (
            self.phase != "closing"
        ):
            raise UserError(
                self.env._(
                    "Going on after the program is chosen at its end, or once the tandem is closing."  # noqa: E501
                )
            )
        if self._agree("continue"):
            self._move_to_phase(
                "continued",
                self.env._(
                    "Both chose to go on after the program: the tandem continues."
                ),
            )
            self._notify_members(
                "reverse_mentoring.mail_template_going_on",
                self.mentor_id | self.mentee_id,
            )
        return True

    def action_request_new_partner(self, reason=False, share_reason=False):
        """Ask, confidentially, for a new partner: the coordinators are told.

        The partner learns nothing; the coordinators get an activity on the
        member's participation (which the partner cannot read), with the reason
        only if the member shares it, and the pair is never proposed again.
        """
        self.ensure_one()
        self._check_closable()
        side = self._check_member()
        reason = reason.strip() if isinstance(reason, str) else ""
        if reason:
            self._check_text("closure_reason", reason)
        me, partner = (
            (self.mentor_id, self.mentee_id)
            if side == "mentor"
            else (self.mentee_id, self.mentor_id)
        )
        # sudo: the member's own participation; its list of people not to be
        # paired with is for the matching, whoever asks.
        participation = self.sudo()._participation(me, side)
        participation.avoid_employee_ids = [fields.Command.link(partner.id)]
        participation._schedule_coordinator_activities(
            lambda env: (
                env._("A member asks for a new partner"),
                reason
                if reason and share_reason
                else env._("The member did not share a reason."),
            )
        )
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _expectations_written(self):
        """Whether both members wrote their expectations (whoever asks)."""
        self.ensure_one()
        # sudo: whether the texts exist, not what they say.
        return (
            self.env["mentoring.tandem.expectation"]
            .sudo()
            .search_count(
                [("tandem_id", "=", self.id), ("body", "not in", (False, ""))]
            )
            == 2
        )

    def _agree(self, agreement):
        """Record the current member's agreement; True once both have agreed."""
        side = self._check_member()
        # sudo: agreements are system fields; a member sets their own side
        # only, checked just above.
        tandem = self.sudo()
        tandem[f"{agreement}_{side}_agreed"] = True
        return (
            tandem[f"{agreement}_mentor_agreed"]
            and tandem[f"{agreement}_mentee_agreed"]
        )
