"""For the next round: matching weights learned from the fit ratings of the
earlier rounds, a suggestion the coordinator applies with one click or ignores."""

import numpy as np

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..matching import CRITERIA, score_pairs
from ..matching.learning import MIN_RATED_TANDEMS, TOO_FEW, learn_weights
from ..matching.odoo_data import read_matching_data
from .mentoring_program import COORDINATOR_GROUP


class MentoringProgram(models.Model):
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    # Figures over the rated tandems of the earlier rounds, never one tandem's
    # rating: computed here from the answers in sudo, for the coordinators.
    learned_weights_ready = fields.Boolean(
        groups=COORDINATOR_GROUP,
        string="Suggested Weights Available",
        compute="_compute_learned_weights",
    )
    learned_weights_minimum = fields.Integer(
        groups=COORDINATOR_GROUP,
        string="Rated Tandems Needed",
        compute="_compute_learned_weights",
        help="The fewest rated tandems of the earlier rounds a suggestion rests on; "
        "more if the program's minimum of answers is higher.",
    )
    learned_weights_count = fields.Integer(
        groups=COORDINATOR_GROUP,
        string="Rated Tandems of the Earlier Rounds",
        compute="_compute_learned_weights",
    )
    learned_weights_r2 = fields.Float(
        groups=COORDINATOR_GROUP,
        string="Ratings Explained (R²)",
        compute="_compute_learned_weights",
        help="The share of the differences between the fit ratings that the "
        "suggested weights explain, from 0 (none) to 1 (all).",
    )
    learned_weights_table = fields.Html(
        groups=COORDINATOR_GROUP,
        string="Suggested Weights",
        compute="_compute_learned_weights",
        sanitize=False,
        help="Weights learned from how each criterion went with the fit ratings "
        "of the earlier rounds' tandems (non-negative least squares).",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_learned_weights(self):
        labels = self.fields_get(
            [f"weight_{criterion}" for criterion in self._weighted_criteria()],
            ["string"],
        )
        for program in self:
            learned = program._origin._learn_weights()
            # Under the minimum, not even how many tandems were rated.
            too_few = learned.reason == TOO_FEW
            program.learned_weights_ready = learned.weights is not None
            program.learned_weights_minimum = program._origin._learned_weights_minimum()
            program.learned_weights_count = 0 if too_few else learned.n
            program.learned_weights_r2 = learned.r2 or 0.0
            program.learned_weights_table = self.env["ir.qweb"]._render(
                "reverse_mentoring.learned_weights_table",
                {
                    "rows": [
                        {
                            "label": labels[f"weight_{criterion}"]["string"],
                            "suggested": learned.weights[criterion],
                            "correlation": learned.correlations[criterion],
                        }
                        for criterion in program._weighted_criteria()
                    ]
                    if learned.weights
                    else [],
                    "too_few": too_few,
                },
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_apply_learned_weights(self):
        """Write the suggested weights, recomputed here from the answers."""
        self.ensure_one()
        self.check_access("write")
        self._check_coordinated()
        learned = self._learn_weights()
        if learned.weights is None:
            raise UserError(
                self.env._(
                    "There are no suggested weights for %(program)s: they need at least %(minimum)s rated tandems of its earlier rounds whose ratings tell the criteria apart.",  # noqa: E501
                    program=self.name,
                    minimum=self._learned_weights_minimum(),
                )
            )
        self.write(
            {
                f"weight_{criterion}": weight
                for criterion, weight in learned.weights.items()
            }
        )
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _protected_field_names(self):
        return super()._protected_field_names() | {
            "learned_weights_ready",
            "learned_weights_minimum",
            "learned_weights_count",
            "learned_weights_r2",
            "learned_weights_table",
        }

    @api.model
    def _weighted_criteria(self):
        """The engine's criteria that have a weight field on the program."""
        return [c for c in CRITERIA if f"weight_{c}" in self._fields]

    def _learned_weights_minimum(self):
        """The fewest rated tandems a suggestion rests on: a feedback figure."""
        self.ensure_one()
        return max(MIN_RATED_TANDEMS, self._min_answers())

    def _learn_weights(self):
        """The suggestion (:class:`..matching.learning.LearnedWeights`) from the
        rated tandems of the rounds before this one."""
        self.ensure_one()
        fits, ratings = self._earlier_fits()
        return learn_weights(
            fits,
            ratings,
            self._weighted_criteria(),
            min_samples=self._learned_weights_minimum(),
        )

    def _earlier_fits(self):
        """(fits (n, k), ratings (n,)) of the rated tandems of the earlier rounds.

        Each criterion's fit is recomputed by the engine from the two people's
        current data, read as the matching reads them, with that criterion
        alone weighing.

        sudo: the ratings are the members' answers and the data HR data; only
        the learned weights and figures over enough tandems leave this method.
        """
        criteria = self._weighted_criteria()
        rounds = self.sudo()._earlier_rounds()
        tandems = (
            self.env["mentoring.tandem"]
            .sudo()
            .search_fetch(
                [("program_id", "in", rounds.ids), ("fit_answer_count", ">", 0)],
                ["program_id", "mentor_id", "mentee_id", "fit_rating"],
                order="id",
            )
        )
        participants = (
            self.env["mentoring.participant"]
            .sudo()
            .search_fetch(
                [
                    ("program_id", "in", rounds.ids),
                    ("employee_id", "in", (tandems.mentor_id | tandems.mentee_id).ids),
                ],
                ["program_id", "employee_id", "role"],
            )
        )
        by_key = {(p.program_id.id, p.role, p.employee_id.id): p for p in participants}
        fit_rows, ratings = [], []
        for program in rounds:
            pairs = [
                (mentee, mentor, tandem.fit_rating)
                for tandem in tandems
                if tandem.program_id == program
                and (mentee := by_key.get((program.id, "mentee", tandem.mentee_id.id)))
                and (mentor := by_key.get((program.id, "mentor", tandem.mentor_id.id)))
            ]
            if pairs:
                fit_rows.append(self._pair_fits(program, pairs, criteria))
                ratings.extend(rating for _mentee, _mentor, rating in pairs)
        if not fit_rows:
            return np.zeros((0, len(criteria))), np.zeros(0)
        return np.clip(np.vstack(fit_rows), 0.0, 1.0), np.array(ratings)

    @api.model
    def _pair_fits(self, program, pairs, criteria):
        """The fit (n, k) of each criterion for each (mentee, mentor, _) of
        `pairs`, participants of `program`: the engine's score of the pair with
        that criterion alone weighing, in [0, 1]."""
        participants = program.env["mentoring.participant"]
        data = read_matching_data(
            program,
            participants.browse(list(dict.fromkeys(pair[0].id for pair in pairs))),
            participants.browse(list(dict.fromkeys(pair[1].id for pair in pairs))),
        )
        row = {participant: k for k, participant in enumerate(data.mentees)}
        column = {participant: k for k, participant in enumerate(data.mentors)}
        mentees = data.mentee_people.take([row[pair[0]] for pair in pairs])
        mentors = data.mentor_people.take([column[pair[1]] for pair in pairs])
        return np.column_stack(
            [
                score_pairs(mentees, mentors, {criterion: 1}, data.cross_company)[1][
                    criterion
                ]
                / 100.0
                for criterion in criteria
            ]
        )
