from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..matching import (
    ELIGIBLE,
    NO_CAPACITY,
    PAIRED_BEFORE,
)
from ..matching.odoo_data import pair_reason
from .mentoring_matching import pair_refusal
from .mentoring_tandem import REPLACING


class MentoringTandemDeparture(models.Model):
    """A member leaves: the tandem ends when they leave the company, or a
    coordinator replaces them by someone else."""

    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_replace(self):
        self.ensure_one()
        self._check_coordinator()
        self._check_closable()
        return self.env["mentoring.tandem.replace"]._get_records_action(
            name=self.env._("Replace a Member"),
            target="new",
            context={"default_tandem_id": self.id},
        )

    def action_replace_member(self, side, employee_id, reason, enroll=False):
        """A coordinator replaces the `side` member of the tandem by an employee.

        The newcomer must be a confirmed participant of the program in that
        role (or, with `enroll`, is enrolled and confirmed now) and form a pair
        the matching would allow. Private notes stay with the people who wrote
        them; the future sessions' events change attendee; the chatter tells
        who replaced whom, by whom, when and why.
        """
        self.ensure_one()
        self._check_coordinator()
        self._check_closable()
        roles = self.env["mentoring.participant"]._role_names()
        if side not in roles:
            raise UserError(
                self.env._("Choose whether the mentor or the mentee is replaced.")
            )
        employee = (
            self.env["hr.employee"]
            .browse(employee_id if isinstance(employee_id, int) else ())
            .exists()
        )
        reason = reason.strip() if isinstance(reason, str) else ""
        if not employee or not reason:
            raise UserError(
                self.env._("Say who joins the tandem, and why the member is replaced.")
            )
        self._check_text("closure_reason", reason)
        previous = self[f"{side}_id"]
        if employee in self.mentor_id | self.mentee_id:
            raise UserError(
                self.env._(
                    "%(name)s is already a member of %(tandem)s.",
                    name=employee.name,
                    tandem=self.name,
                )
            )
        if not employee.sudo().active:
            raise UserError(
                self.env._("%(name)s left the company.", name=employee.name)
            )
        participation = self._replacement_participation(side, employee, enroll, roles)
        self._check_replacement_pair(side, participation)
        old_partner = previous.sudo().work_contact_id
        new_partner = employee.sudo().work_contact_id
        agreements = {f"continue_{side}_agreed": False}
        if self.closure_proposed_side:
            agreements.update(
                closure_reason=False,
                closure_proposed_side=False,
                closure_mentor_agreed=False,
                closure_mentee_agreed=False,
            )
        if self.phase in ("proposed", "kickoff"):
            agreements[f"kickoff_{side}_agreed"] = False
        # sudo: the coordinator's checked replacement; the tandem's own
        # constraints (reporting line, enrolment, capacity, open pair) check
        # the new pair once more on this write.
        self.sudo().with_context(**{REPLACING: True}).write(
            {f"{side}_id": employee.id, **agreements}
        )
        # The expectations the person replaced wrote were theirs, not the
        # newcomer's to read: the newcomer writes their own. sudo: the texts
        # are closed to every group.
        self.env["mentoring.tandem.expectation"].sudo().search(
            [("tandem_id", "=", self.id), ("side", "=", side)]
        ).unlink()
        self.sudo().session_ids.message_unsubscribe(partner_ids=old_partner.ids)
        # Held sessions keep who was there; the future ones change attendee.
        self.sudo()._future_sessions()._swap_attendee(old_partner, new_partner)
        self.message_post(
            body=self.env._(
                "%(new)s replaces %(old)s as %(role)s, by %(user)s on %(date)s. Reason: %(reason)s",  # noqa: E501
                new=employee.name,
                old=previous.name,
                role=roles[side],
                user=self.env.user.name,
                date=format_date(self.env, fields.Date.context_today(self)),
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._notify_proposed()
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _end_as_left(self, leavers):
        """End this tandem because `leavers` (one or both members) left.

        Its future sessions are cancelled (their events leave the calendars),
        held sessions and private notes stay as they are; the partner is told
        and the coordinators get an activity to match them again. Run by the
        system only (see `hr.employee._mentoring_depart`).
        """
        self.ensure_one()
        # sudo: the departure is checked by the archiving of the person; the
        # tandem's sessions and stage are the addon's to change.
        tandem = self.sudo()
        tandem._future_sessions().action_cancel()
        partner = (tandem.mentor_id | tandem.mentee_id) - leavers
        names = ", ".join(leavers.mapped("name"))
        tandem._move_to_phase(
            "left",
            self.env._(
                "%(names)s left the company: the tandem ends here, and its future sessions are cancelled.",  # noqa: E501
                names=names,
            ),
        )
        if not partner:
            return
        tandem.with_context(mentoring_departed=names)._notify_members(
            "reverse_mentoring.mail_template_partner_left", partner
        )
        if tandem.program_id.state in ("closed", "cancelled"):
            return
        tandem._participation(
            partner, tandem._side_of(partner)
        )._schedule_coordinator_activities(
            lambda env: (
                env._("Find a new partner for %(name)s", name=partner.name),
                env._(
                    "%(left)s left the company, which ended the tandem %(tandem)s. Match %(name)s again with the matching of the program.",  # noqa: E501
                    left=names,
                    tandem=tandem.name,
                    name=partner.name,
                ),
            )
        )

    def _replacement_candidates(self, side):
        """The confirmed participants in `side` who could join: free mentees,
        mentors with a free place; the pairing rules are checked on confirming."""
        self.ensure_one()
        # sudo: counted for the coordinator over every tandem of the program.
        participants = (
            self.env["mentoring.participant"]
            .sudo()
            .search(
                [
                    ("program_id", "=", self.program_id.id),
                    ("role", "=", side),
                    ("state", "=", "confirmed"),
                    ("employee_id", "not in", (self.mentor_id | self.mentee_id).ids),
                ]
            )
        )
        counts = participants._count_open_tandems()
        return participants.filtered(lambda p: counts[p.id] < p.capacity).employee_id

    def _replacement_participation(self, side, employee, enroll, roles):
        """The confirmed participation of the newcomer, enrolled if asked."""
        # sudo: the coordinator may not read participations of other companies.
        participation = self.sudo()._participation(employee, side)
        if participation.state != "confirmed":
            if not enroll:
                raise UserError(
                    self.env._(
                        "%(name)s is not a confirmed %(role)s of %(program)s: choose a participant, or enrol them.",  # noqa: E501
                        name=employee.name,
                        role=roles[side],
                        program=self.program_id.name,
                    )
                )
            if participation:
                participation.with_env(self.env).action_confirm()
            else:
                # sudo: the coordinator checked above enrols someone who may
                # work for another company; the participation's own
                # constraints decide whether the program admits them.
                participation = (
                    self.env["mentoring.participant"]
                    .sudo()
                    .create(
                        {
                            "program_id": self.program_id.id,
                            "employee_id": employee.id,
                            "role": side,
                            "state": "confirmed",
                        }
                    )
                )
        if side == "mentee" and participation._count_open_tandems()[participation.id]:
            raise UserError(
                self.env._(
                    "%(name)s already has an open tandem in %(program)s.",
                    name=employee.name,
                    program=self.program_id.name,
                )
            )
        return participation

    def _check_replacement_pair(self, side, participation):
        """The pairing rules of the matching, for the pair the replacement makes."""
        other = "mentee" if side == "mentor" else "mentor"
        # sudo: the rules count every participation and tandem of the program.
        tandem = self.sudo()
        pair = {
            side: participation.sudo(),
            other: tandem._participation(tandem[f"{other}_id"], other),
        }
        mentee, mentor = pair["mentee"].employee_id, pair["mentor"].employee_id
        code = pair_reason(tandem.program_id, pair["mentee"], pair["mentor"])
        # The mentor who stays keeps this tandem's place.
        if side == "mentee" and code == NO_CAPACITY:
            code = ELIGIBLE
        if code in (ELIGIBLE, PAIRED_BEFORE) and tandem.search_count(
            [
                ("program_id", "=", tandem.program_id.id),
                ("mentor_id", "=", mentor.id),
                ("mentee_id", "=", mentee.id),
            ],
            limit=1,
        ):
            raise UserError(
                self.env._(
                    "%(mentor)s and %(mentee)s already were a tandem in %(program)s.",
                    mentor=mentor.name,
                    mentee=mentee.name,
                    program=tandem.program_id.name,
                )
            )
        if code == ELIGIBLE:
            return
        raise UserError(pair_refusal(self.env, code, mentor, mentee, tandem.program_id))
