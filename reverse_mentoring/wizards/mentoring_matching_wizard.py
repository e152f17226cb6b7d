import numpy as np

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..matching import (
    AVOIDED,
    CRITERIA,
    ELIGIBLE,
    NO_CAPACITY,
    OTHER_COMPANY,
    PAIRED_BEFORE,
    REPORTING_LINE,
    SAME_PERSON,
    age_gap_band,
    pair_fit,
    score_pairs,
)
from ..matching.odoo_data import DAY_TIMES, program_weights, read_matching_data
from ..models.mentoring_tandem_stage import CLOSED_PHASES

# How many other mentors a coordinator may choose from for each mentee.
ALTERNATIVE_COUNT = 3


class MentoringMatchingWizard(models.Model):
    """Proposals before tandems exist.

    A regular model, not a transient one: the proposals of a large program
    are computed by a scheduled action and wait, possibly for days, until a
    coordinator confirms them (a transient record would be vacuumed). A new
    matching of the program drops its earlier drafts.
    """

    _name = "mentoring.matching.wizard"
    _description = "Tandem Matching"
    _inherit = ["mentoring.guard.mixin"]
    _fixed_fields = ("program_id",)
    _system_fields = ("state", "kept_tandem_count")

    program_id = fields.Many2one(
        "mentoring.program", required=True, readonly=True, ondelete="cascade"
    )
    state = fields.Selection(
        [("draft", "To Review"), ("done", "Confirmed")],
        default="draft",
        readonly=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "mentoring.matching.wizard.line", "wizard_id", string="Proposals"
    )
    unmatched_ids = fields.One2many(
        "mentoring.matching.wizard.unmatched", "wizard_id", string="Not Matched"
    )
    kept_tandem_count = fields.Integer(
        string="Existing Tandems",
        readonly=True,
        copy=False,
        help="Open tandems of the program; they stay as they are.",
    )

    @api.depends("program_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._(
                "Proposals for %(program)s", program=wizard.program_id.name
            )

    def _action_reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Match Tandems"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _check_draft(self):
        if self.state == "done":
            raise UserError(self.env._("These proposals were already confirmed."))

    # ------------------------------------------------------------------ compute

    def action_compute(self):
        """Propose one mentor for every mentee that can be matched, globally optimal."""
        self.ensure_one()
        self._check_draft()
        program = self.program_id
        if self.env["mentoring.matching"]._in_background(program):
            # As Match does: these proposals give way to the scheduled action's.
            program.action_open_matching()
            return program._action_open_form()
        self._match_now()
        # Nothing to open: the form shows the new proposals in place, without
        # a second breadcrumb of the same record.
        return False

    def _match_now(self):
        """Match the program during this request and store the proposals."""
        data = read_matching_data(self.program_id)
        self._write_proposals(data, data.match())

    def _write_proposals(self, data, result):
        """Store the proposals of `result`, the matching of `data`.

        Replaces the earlier ones, with why each pair was chosen, the
        alternatives, and why the others were not matched.
        """
        self.ensure_one()
        self._check_draft()
        program = self.program_id
        candidates = result.candidates
        mentee_rows = np.array([i for i, _j in result.pairs], dtype=np.int64)
        mentor_cols = np.array([j for _i, j in result.pairs], dtype=np.int64)
        scores, parts = score_pairs(
            data.mentee_people.take(mentee_rows),
            data.mentor_people.take(mentor_cols),
            data.weights,
            data.cross_company,
        )
        explainer = _Explainer(self.env, program, data)
        lines = []
        for index, (mentee_index, mentor_index) in enumerate(result.pairs):
            mentors, mentor_scores = candidates.of(mentee_index)
            others = [
                (int(j), score)
                for j, score in zip(mentors, mentor_scores, strict=True)
                if j != mentor_index
            ][:ALTERNATIVE_COUNT]
            points = {criterion: parts[criterion][index] for criterion in CRITERIA}
            explanation = explainer.explain(mentee_index, mentor_index, points)
            skipped = explainer._paired_before(mentee_index, candidates, scores[index])
            lines.append(
                {
                    "mentee_id": data.mentee_ids[mentee_index],
                    "mentor_id": data.mentor_ids[mentor_index],
                    "score": scores[index],
                    "explanation": "\n".join(filter(None, [explanation, skipped])),
                    **explainer.wish_values(mentee_index, mentor_index, points),
                    "alternative_ids": [
                        Command.set([data.mentor_ids[j] for j, _score in others])
                    ],
                    "alternatives": ", ".join(
                        f"{data.names[data.mentor_ids[j]]} ({score:.0f})"
                        for j, score in others
                    ),
                }
            )
        matched = set(mentee_rows.tolist())
        unmatched = [
            {
                "mentee_id": data.mentee_ids[i],
                "reason": " ".join(
                    filter(
                        None,
                        [
                            explainer.why_unmatched(i, candidates),
                            explainer._paired_before(i, candidates, None),
                        ],
                    )
                ),
            }
            for i in range(len(data.mentees))
            if i not in matched
        ]
        kept = self.env["mentoring.tandem"].search_count(
            [("program_id", "=", program.id), ("phase", "not in", CLOSED_PHASES)]
        )
        # sudo: the proposals, their scores and explanations come from the
        # matching just computed, never from the user.
        self.sudo().write(
            {
                "line_ids": [Command.clear()] + [Command.create(v) for v in lines],
                "unmatched_ids": [Command.clear()]
                + [Command.create(v) for v in unmatched],
                "kept_tandem_count": kept,
            }
        )

    # ------------------------------------------------------------------ confirm

    def action_confirm(self):
        """Create the proposed tandems, check them again and tell both people."""
        self.ensure_one()
        self._check_draft()
        if not self.line_ids:
            raise UserError(self.env._("There is no proposal to confirm."))
        self.line_ids._check_still_possible()
        stage = self.env["mentoring.tandem.stage"].search(
            [("phase", "=", "proposed")], limit=1
        )
        tandems = self.env["mentoring.tandem"].create(
            [
                {
                    "program_id": self.program_id.id,
                    "mentor_id": line.mentor_id.id,
                    "mentee_id": line.mentee_id.id,
                    "stage_id": stage.id,
                }
                for line in self.line_ids
            ]
        )
        for tandem, line in zip(tandems, self.line_ids, strict=True):
            # sudo: the score and its explanation come from the matching just
            # computed, never from the user. Both members read them: the
            # points of a wish stay on the proposal, with the coordinators,
            # so that neither learns whether the other wished for them.
            tandem.sudo().write(
                {
                    "match_score": max(line.score - line.wish_points, 0.0),
                    "match_explanation": line.explanation,
                    "match_answer_required": self.program_id.members_accept_match,
                }
            )
        # sudo: the proposals are confirmed by this checked action only.
        self.sudo().state = "done"
        self.program_id.matching_ids._proposals_confirmed(self)
        tandems._notify_proposed()
        board = self.program_id.action_open_tandems()
        board["context"] = {**board["context"], "search_default_proposed": 1}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("%(count)s tandems proposed", count=len(tandems)),
                "message": self.env._(
                    "Both people of each tandem were told. The board shows the tandems of %(program)s still in Proposed.",  # noqa: E501
                    program=self.program_id.name,
                ),
                "next": board,
            },
        }


class _Explainer:
    """Each criterion's contribution to a match, in the user's words and language.

    Ages never appear: only a coarse band ("large age gap"), since birthdays are
    HR data that coordinators may not see; nor do the languages, which may be
    the user's language of the employee (HR data too). The explanation is
    copied to the tandem, read by both members, so wishes are not in it: they
    go to the proposal's own wish note (:meth:`wish_values`), read by the
    coordinators only.
    """

    def __init__(self, env, program, data):
        self.env = env
        self.data = data
        weights = program_weights(program)
        if not program.allow_cross_company:
            weights["company"] = 0
        self.wish_weighted = weights["wish"] > 0
        self.criteria = [c for c in CRITERIA if weights[c] > 0 and c != "wish"]
        labels = program.fields_get([f"weight_{c}" for c in CRITERIA], ["string"])
        self.labels = {c: labels[f"weight_{c}"]["string"] for c in CRITERIA}
        times = data.mentees.fields_get(list(DAY_TIMES), ["string"])
        self.time_labels = [times[name]["string"] for name in DAY_TIMES]
        # Read once: a thousand explanations name the same few tags.
        self.topic_names = data.topics.mapped("name")
        self.interest_names = data.interests.mapped("name")

    def explain(self, i, j, points):
        """The pair (mentee row i, mentor column j), `points` per criterion."""
        return "\n".join(
            self._line(criterion, getattr(self, f"_{criterion}")(i, j), points)
            for criterion in self.criteria
        )

    def _line(self, criterion, reason, points):
        return self.env._(
            "%(criterion)s: %(reason)s (%(points)s points)",
            criterion=self.labels[criterion],
            reason=reason,
            points=round(float(points[criterion])),
        )

    def wish_values(self, i, j, points):
        """The proposal's wish note and points: who wished whom, for the
        coordinators only (empty when neither wished the other)."""
        data = self.data
        asked = data.mentor_people.person[j] in data.mentee_people.wishes[i]
        wanted = data.mentee_people.person[i] in data.mentor_people.wishes[j]
        if not self.wish_weighted or not (asked or wanted):
            return {"wish_note": False, "wish_points": 0.0}
        names = {
            "mentee": data.names[data.mentee_ids[i]],
            "mentor": data.names[data.mentor_ids[j]],
        }
        if asked and wanted:
            reason = self.env._(
                "mutual wish: %(mentee)s and %(mentor)s wished to be paired together",
                **names,
            )
        else:
            wisher, wished = ("mentee", "mentor") if asked else ("mentor", "mentee")
            reason = self.env._(
                "%(wisher)s wished to be paired with %(wished)s",
                wisher=names[wisher],
                wished=names[wished],
            )
        return {
            "wish_note": self._line("wish", reason, points),
            "wish_points": float(points["wish"]),
        }

    def _topic(self, i, j):
        data = self.data
        wanted = data.mentee_people.topics[i]
        if not wanted.any():
            return self.env._("no topic chosen yet")
        covered = wanted & data.mentor_people.topics[j]
        if not covered.any():
            return self.env._(
                "teaches none of the %(count)s wished topics", count=int(wanted.sum())
            )
        return self.env._(
            "teaches %(covered)s of the %(count)s wished topics: %(topics)s",
            covered=int(covered.sum()),
            count=int(wanted.sum()),
            topics=", ".join(self.topic_names[k] for k in np.flatnonzero(covered)),
        )

    def _age(self, i, j):
        gap = self.data.mentee_people.age[i] - self.data.mentor_people.age[j]
        return {
            "large": self.env._("large age gap"),
            "medium": self.env._("clear age gap"),
            "small": self.env._("small age gap"),
            "reverse": self.env._("the mentor is the older one"),
            "unknown": self.env._("age not recorded"),
        }[age_gap_band(gap)]

    def _hierarchy(self, i, j):
        data = self.data
        levels = int(data.mentor_people.depth[j] - data.mentee_people.depth[i])
        if levels <= 0:
            return self.env._("the mentor is not below the mentee in the hierarchy")
        if levels == 1:
            return self.env._("the mentor is one level below the mentee")
        return self.env._(
            "the mentor is %(levels)s levels below the mentee", levels=levels
        )

    def _department(self, i, j):
        return self._compare(
            "department",
            i,
            j,
            same=self.env._("same department"),
            different=self.env._("different departments"),
            unknown=self.env._("department not recorded"),
        )

    def _company(self, i, j):
        return self._compare(
            "company",
            i,
            j,
            same=self.env._("same company"),
            different=self.env._("different companies"),
            unknown=self.env._("company not recorded"),
        )

    def _language(self, i, j):
        mine = self.data.mentee_people.languages[i]
        theirs = self.data.mentor_people.languages[j]
        if not mine.any() or not theirs.any():
            return self.env._("language not recorded")
        if (mine & theirs).any():
            return self.env._("a language in common")
        return self.env._("no language in common")

    def _interest(self, i, j):
        data = self.data
        mine, theirs = data.mentee_people.interests[i], data.mentor_people.interests[j]
        if not mine.any() or not theirs.any():
            return self.env._("interests not recorded")
        shared = mine & theirs
        if not shared.any():
            return self.env._("no shared interest")
        return self.env._(
            "%(count)s shared interests: %(interests)s",
            count=int(shared.sum()),
            interests=", ".join(self.interest_names[k] for k in np.flatnonzero(shared)),
        )

    def _style(self, i, j):
        return self._compare(
            "style",
            i,
            j,
            same=self.env._("same communication style"),
            different=self.env._("different communication styles"),
            unknown=self.env._("communication style not recorded"),
        )

    def _format(self, i, j):
        fit = pair_fit(
            "format",
            self.data.mentee_people.take([i]),
            self.data.mentor_people.take([j]),
        )[0]
        if fit == 0.5:
            return self.env._("meeting format not recorded")
        if fit:
            return self.env._("the preferred meeting formats suit both")
        return self.env._("one prefers to meet in person, the other remotely")

    def _times(self, i, j):
        mine, theirs = (
            self.data.mentee_people.times[i],
            self.data.mentor_people.times[j],
        )
        if not mine.any() or not theirs.any():
            return self.env._("times of day not recorded")
        shared = mine & theirs
        if not shared.any():
            return self.env._("no time of day suits both")
        return self.env._(
            "suit both: %(times)s",
            times=", ".join(self.time_labels[k] for k in np.flatnonzero(shared)),
        )

    def _location(self, i, j):
        mentee, mentor = self.data.mentee_people, self.data.mentor_people
        if mentee.location[i] and mentee.location[i] == mentor.location[j]:
            return self.env._("same work location")
        if mentee.remote[i] and mentor.remote[j]:
            return self.env._("both open to remote sessions")
        return self.env._("different places, not both open to remote sessions")

    def _compare(self, attribute, i, j, same, different, unknown):
        left = getattr(self.data.mentee_people, attribute)[i]
        right = getattr(self.data.mentor_people, attribute)[j]
        if not left or not right:
            return unknown
        return same if left == right else different

    def _paired_before(self, i, candidates, score):
        """Why a better partner of mentee row i was skipped, or None.

        `score` is the proposal's score (None when the mentee is unmatched).
        """
        j = int(candidates.refused_mentor[i])
        refused_score = float(candidates.refused_score[i])
        if j < 0 or (score is not None and refused_score <= score):
            return None
        mentee_id, mentor_id = self.data.mentee_ids[i], self.data.mentor_ids[j]
        program = self.env["mentoring.program"].browse(
            self.data.history[frozenset((mentee_id, mentor_id))]
        )
        return self.env._(
            "%(mentor)s would have scored %(score)s but was skipped: %(mentee)s and %(mentor)s already formed a tandem in %(program)s.",  # noqa: E501
            mentor=self.data.names[mentor_id],
            mentee=self.data.names[mentee_id],
            score=round(refused_score),
            program=self._program_name(program),
        )

    def _program_name(self, program):
        """The name of `program` if the user may read it, else a neutral word."""
        if not program.has_access("read"):
            return self.env._("an earlier program")
        return program.name

    def why_unmatched(self, i, candidates):
        if not len(self.data.mentors):
            return self.env._("The program has no confirmed mentor.")
        if candidates.of(i)[0].size:
            return self.env._(
                "Every suitable mentor's places went to mentees who fit them better."
            )
        counts = candidates.reason_counts[i]
        if counts[ELIGIBLE]:
            return self.env._("No mentor fits this mentee at all (every score is 0).")
        words = {
            SAME_PERSON: self.env._("%(count)s is the same person"),
            REPORTING_LINE: self.env._("%(count)s in the same reporting line"),
            OTHER_COMPANY: self.env._("%(count)s from another company"),
            AVOIDED: self.env._("%(count)s asked not to be paired"),
            NO_CAPACITY: self.env._("%(count)s without a free place"),
            PAIRED_BEFORE: self.env._("%(count)s already paired in a tandem before"),
        }
        details = [
            words[code] % {"count": int(counts[code])}
            for code in (
                REPORTING_LINE,
                NO_CAPACITY,
                OTHER_COMPANY,
                AVOIDED,
                PAIRED_BEFORE,
                SAME_PERSON,
            )
            if counts[code]
        ]
        return self.env._(
            "No eligible mentor: %(details)s.", details=", ".join(details)
        )
