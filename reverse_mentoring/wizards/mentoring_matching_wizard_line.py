from odoo import api, fields, models
from odoo.exceptions import UserError

from ..matching import AVOIDED, CRITERIA, OTHER_COMPANY, PAIRED_BEFORE
from ..matching.odoo_data import read_matching_data, score_program
from ..models.mentoring_matching import pair_refusal
from ..models.mentoring_tandem_stage import CLOSED_PHASES
from .mentoring_matching_wizard import _Explainer

# The matching's hard rules that a confirmation checks again itself.
RECHECKED = (AVOIDED, OTHER_COMPANY, PAIRED_BEFORE)


class MentoringMatchingWizardLine(models.Model):
    """One proposed pair. The coordinator only drops it or picks another mentor;
    the score and the explanation are the matching's, computed again on the
    server whenever the mentor changes."""

    _name = "mentoring.matching.wizard.line"
    _description = "Tandem Proposal"
    _inherit = ["mentoring.guard.mixin"]
    _system_fields = (
        "wizard_id",
        "mentee_id",
        "alternative_ids",
        "alternatives",
        "score",
        "explanation",
        "wish_note",
        "wish_points",
    )
    _order = "score desc, id"

    wizard_id = fields.Many2one(
        "mentoring.matching.wizard", required=True, ondelete="cascade"
    )
    mentee_id = fields.Many2one(
        "hr.employee", string="Mentee", required=True, readonly=True
    )
    mentor_id = fields.Many2one(
        "hr.employee",
        string="Mentor",
        required=True,
        domain="[('id', 'in', allowed_mentor_ids)]",
    )
    alternative_ids = fields.Many2many(
        "hr.employee",
        "mentoring_matching_line_alternative_rel",
        "line_id",
        "employee_id",
        string="Other Good Mentors",
        readonly=True,
    )
    alternatives = fields.Char(
        readonly=True,
        help="The next best mentors, with their score.",
    )
    allowed_mentor_ids = fields.Many2many(
        "hr.employee", compute="_compute_allowed_mentor_ids"
    )
    score = fields.Float(digits=(5, 1), readonly=True)
    explanation = fields.Text(readonly=True)
    wish_note = fields.Char(
        string="Wishes",
        readonly=True,
        help="Who wished to be paired with whom. For the coordinators only: the "
        "tandem keeps neither this note nor its points.",
    )
    wish_points = fields.Float(digits=(5, 1), readonly=True)

    @api.depends("mentor_id", "alternative_ids")
    def _compute_allowed_mentor_ids(self):
        for line in self:
            line.allowed_mentor_ids = line.alternative_ids | line._origin.mentor_id

    def _match_values(self):
        """The score and explanation of this line's pair, as the matching gives them."""
        self.ensure_one()
        program = self.wizard_id.program_id
        participants = self.env["mentoring.participant"].search(
            [
                ("program_id", "=", program.id),
                ("state", "=", "confirmed"),
                ("employee_id", "in", (self.mentee_id | self.mentor_id).ids),
            ]
        )
        mentee = participants.filtered(lambda p: p.role == "mentee")[:1]
        mentor = participants.filtered(lambda p: p.role == "mentor")[:1]
        if not (mentee and mentor):
            return {
                "score": 0.0,
                "explanation": False,
                "wish_note": False,
                "wish_points": 0.0,
            }
        data, scores, parts = score_program(program, mentee, mentor)
        explainer = _Explainer(self.env, program, data)
        points = {criterion: parts[criterion][0, 0] for criterion in CRITERIA}
        return {
            "score": scores[0, 0],
            "explanation": explainer.explain(0, 0, points),
            **explainer.wish_values(0, 0, points),
        }

    @api.onchange("mentor_id")
    def _onchange_mentor_id(self):
        """Show the score of the mentor just picked (saving computes it again)."""
        for line in self:
            line.update(line._match_values())

    def write(self, vals):
        result = super().write(vals)
        if "mentor_id" in vals:
            for line in self:
                # sudo: the pair's score and explanation, computed here.
                line.sudo().write(line._match_values())
        return result

    def _check_still_possible(self):
        """Refuse proposals that became impossible since they were computed.

        The hard rules are the matching's own (its reason codes, read once
        for all the proposals), with the words of `pair_refusal`. The rules
        that the tandems' constraints check again when they are created (the
        same person, the reporting line) are left to them; a mentor's free
        places are counted over all their proposals, to name the ones to
        change.
        """
        program = self.wizard_id.program_id
        taken = self.env["mentoring.tandem"].search(
            [
                ("program_id", "=", program.id),
                ("mentee_id", "in", self.mentee_id.ids),
                ("phase", "not in", CLOSED_PHASES),
            ]
        )
        participants = self.env["mentoring.participant"].search(
            [
                ("program_id", "=", program.id),
                ("employee_id", "in", (self.mentee_id | self.mentor_id).ids),
            ],
            order="id",
        )
        mentees = participants.filtered(lambda p: p.role == "mentee")
        mentors = participants.filtered(lambda p: p.role == "mentor")
        self._check_mentor_places(mentors)
        data = read_matching_data(program, mentees, mentors)
        reasons = data.reasons(range(len(mentees))) if mentees and mentors else None
        row = {employee_id: i for i, employee_id in enumerate(data.mentee_ids)}
        column = {employee_id: j for j, employee_id in enumerate(data.mentor_ids)}
        for line in self:
            if line.mentee_id in taken.mentee_id:
                raise UserError(
                    self.env._(
                        "%(mentee)s already has an open tandem in %(program)s: compute the proposals again.",  # noqa: E501
                        mentee=line.mentee_id.name,
                        program=program.name,
                    )
                )
            i, j = row.get(line.mentee_id.id), column.get(line.mentor_id.id)
            if reasons is None or i is None or j is None:
                continue
            if reasons[i, j] in RECHECKED:
                raise UserError(
                    pair_refusal(
                        self.env,
                        int(reasons[i, j]),
                        line.mentor_id,
                        line.mentee_id,
                        program,
                    )
                )

    def _check_mentor_places(self, mentors):
        """Refuse proposals beyond a mentor's free places, naming them.

        The tandems' own rule would refuse them too, but without saying
        which proposal to change: the lowest-scored ones past the free places.
        """
        load = mentors._count_open_tandems()
        for mentor in mentors:
            lines = self.filtered(
                lambda line, person=mentor.employee_id: line.mentor_id == person
            )
            free = max(mentor.capacity - load[mentor.id], 0)
            if len(lines) > free:
                raise UserError(
                    self.env._(
                        "%(mentor)s already has %(count)s open tandems for %(capacity)s places in %(program)s: choose another mentor for %(mentees)s, or drop that proposal.",  # noqa: E501
                        mentor=mentor.employee_id.name,
                        count=load[mentor.id],
                        capacity=mentor.capacity,
                        program=mentor.program_id.name,
                        mentees=", ".join(lines[free:].mentee_id.mapped("name")),
                    )
                )
