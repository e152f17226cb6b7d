import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError


class MentoringProgramRound(models.Model):
    """Rounds: a program continued by the next one, New Round."""

    # Each concern of the program extends it from a file of its own.
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    round_schedule = fields.Selection(
        [
            ("consecutive", "Right After This Round"),
            ("yearly", "Same Period Next Year"),
        ],
        string="Next Round",
        default="consecutive",
        required=True,
        help="When New Round starts the next round: the day after this round ends, "
        "for as long as this one; or on the same dates one year later (for example "
        "November to May each year).",
    )
    previous_program_id = fields.Many2one(
        "mentoring.program",
        string="Previous Round",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The round this program continues: New Round on that program created it.",
    )
    next_program_ids = fields.One2many(
        "mentoring.program", "previous_program_id", string="Next Rounds"
    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_new_round(self):
        """Create the next round: this program's settings, in draft, dates moved.

        Everything that configures the program is copied (fields copied by
        `copy()`: topics, weights, surveys, costs, coordinators...); the
        briefing files are copied too, so that each round owns its own. No
        participant, tandem, session or answer comes along.
        """
        self.ensure_one()
        self.check_access("read")
        self._check_may_plan_rounds()
        following = self.next_program_ids.filtered(lambda p: p.state != "cancelled")
        if following:
            raise UserError(
                self.env._(
                    "%(program)s already has its next round: %(next)s.",
                    program=self.name,
                    next=following[0].name,
                )
            )
        start, end, shift = self._next_round_dates()
        briefings = {
            name: self[name].copy({"res_id": False})
            for name in ("mentor_briefing_ids", "mentee_briefing_ids")
        }
        new = self.copy(
            {
                "name": self._next_round_name(start),
                "date_start": start,
                "date_end": end,
                "enrollment_deadline": self.enrollment_deadline
                and self.enrollment_deadline + shift,
                **{name: [Command.set(files.ids)] for name, files in briefings.items()},
            }
        )
        # sudo: the link to the previous round is history, written only here,
        # after the checks above.
        new.sudo().previous_program_id = self
        return new._action_open_form()

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _earlier_rounds(self):
        """The rounds before this one, the latest first."""
        self.ensure_one()
        rounds = self.browse()
        program = self.previous_program_id
        while program and program not in rounds and program != self:
            rounds |= program
            program = program.previous_program_id
        return rounds

    def _later_rounds(self):
        """Every round that follows this one, at any distance."""
        rounds = self.browse()
        following = self.next_program_ids
        while following - rounds - self:
            rounds |= following
            following = following.next_program_ids
        return rounds - self

    def _next_round_dates(self):
        """(start, end, shift) of the round after this one.

        Consecutive: it starts the day after this round ends and lasts as long
        (a club that runs one round after the other). Yearly: the same dates in
        the first year in which they come after this round's end (a group-wide
        round from November to May each year). `shift` moves any other date of
        the round, such as its enrolment deadline, by as much as its start.
        """
        self.ensure_one()
        if self.round_schedule == "yearly":
            years = 1
            while self.date_start + relativedelta(years=years) <= self.date_end:
                years += 1
            shift = relativedelta(years=years)
            return self.date_start + shift, self.date_end + shift, shift
        start = self.date_end + timedelta(days=1)
        shift = relativedelta(start, self.date_start)
        return start, start + shift - timedelta(days=1), shift

    def _next_round_name(self, start):
        """The years in the name move with the period; otherwise the round number."""
        self.ensure_one()
        years = start.year - self.date_start.year
        if years and re.search(r"\b(19|20)\d\d\b", self.name):
            return re.sub(
                r"\b(19|20)\d\d\b",
                lambda match: str(int(match.group()) + years),
                self.name,
            )
        # "Club Program (Round 2)" becomes "Club Program (Round 3)", in any language.
        base = re.sub(r"\s*\(\D*\d+\)$", "", self.name)
        return self.env._(
            "%(name)s (Round %(number)s)",
            name=base,
            number=len(self._earlier_rounds()) + 2,
        )

    def _check_may_plan_rounds(self):
        """Only the program's own coordinators and the administrators."""
        if self.env.su or self.env.user.has_group(
            "reverse_mentoring.group_mentoring_admin"
        ):
            return
        for program in self:
            if self.env.user not in program.coordinator_ids:
                raise AccessError(
                    self.env._(
                        "Only the coordinators of %(program)s and the mentoring administrators start its next round.",  # noqa: E501
                        program=program.name,
                    )
                )
