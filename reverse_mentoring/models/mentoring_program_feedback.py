from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .survey_question import CHECKIN_KPIS
from .survey_survey import MENTORING_SURVEY_TYPE, PROGRAM_SURVEY_FIELDS
from .survey_user_input import (
    MENTORING_ANSWERED_LINES,
    MENTORING_COUNTED,
    MENTORING_INVITED,
)

# Coordinators see feedback only as figures over at least this many answers; a
# program may ask for more, never for fewer.
FEEDBACK_MIN_ANSWERS_FLOOR = 3
FEEDBACK_MIN_ANSWERS_DEFAULT = 5
# The averaged figures whose question kind (`mentoring_kpi`) has another name.
KPI_OF_FIGURE = {"session_usefulness": "usefulness", "mentor_gain": "gain"}


def feedback_figures(answers, min_answers=FEEDBACK_MIN_ANSWERS_FLOOR):
    """The feedback figures of a program from its answers.

    `answers` are (figure, tandem id, scale value, means goals reached) tuples,
    one per answered question that feeds a figure. A figure computed over fewer
    than `min_answers` answers could tell what one person answered: it is 0 and
    its "enough" flag is False.
    """

    def values_of(figure):
        return [value for kpi, _t, value, _r in answers if kpi == figure]

    def enough(values):
        return len(values) >= min_answers

    def average(values):
        return sum(values) / len(values) if enough(values) else 0.0

    goal_answers = [(t, reached) for kpi, t, _v, reached in answers if kpi == "goals"]
    goals = {}
    for tandem, reached in goal_answers:
        goals[tandem] = goals.get(tandem, True) and reached
    recommend = values_of("recommend")
    promoters = sum(value >= 9 for value in recommend)
    detractors = sum(value <= 6 for value in recommend)
    figures = {}
    for name in ("session_usefulness", "mentor_gain", *(k for k, _l in CHECKIN_KPIS)):
        values = values_of(KPI_OF_FIGURE.get(name, name))
        figures[f"{name}_enough"] = enough(values)
        figures[name] = average(values)
    return {
        **figures,
        "promoter_enough": enough(recommend),
        "promoter_share": (
            100 * promoters / len(recommend) if enough(recommend) else 0.0
        ),
        "net_promoter_score": (
            100 * (promoters - detractors) / len(recommend)
            if enough(recommend)
            else 0.0
        ),
        "goals_reached_enough": enough(goal_answers),
        "goals_reached_share": (
            100 * sum(goals.values()) / len(goals) if enough(goal_answers) else 0.0
        ),
    }


class MentoringProgramFeedback(models.Model):
    """The program's surveys and what coordinators see of the answers: figures
    and anonymous comments over a minimum number of answers."""

    # Each concern of the program extends it from a file of its own.
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _default_survey(self, xml_id):
        return self.env.ref(f"reverse_mentoring.{xml_id}", raise_if_not_found=False)

    survey_reminder_days = fields.Integer(
        string="Survey Reminder after Days",
        default=7,
        help="An unanswered survey invitation is sent once more after this many days.",
    )
    ask_session_pulse = fields.Boolean(
        string="Pulse after Each Session",
        default=True,
        help="When a session is marked as held, both people are invited to the "
        "session pulse survey.",
    )
    pulse_survey_id = fields.Many2one(
        "survey.survey",
        string="Session Pulse",
        default=lambda self: self._default_survey("survey_session_pulse"),
        domain=[("survey_type", "=", MENTORING_SURVEY_TYPE)],
    )
    final_mentee_survey_id = fields.Many2one(
        "survey.survey",
        string="Final Evaluation (Mentees)",
        default=lambda self: self._default_survey("survey_final_mentee"),
        domain=[("survey_type", "=", MENTORING_SURVEY_TYPE)],
        help="Sent to the mentee when a tandem enters its closing stage.",
    )
    final_mentor_survey_id = fields.Many2one(
        "survey.survey",
        string="Final Evaluation (Mentors)",
        default=lambda self: self._default_survey("survey_final_mentor"),
        domain=[("survey_type", "=", MENTORING_SURVEY_TYPE)],
        help="Sent to the mentor when a tandem enters its closing stage.",
    )
    midterm_survey_id = fields.Many2one(
        "survey.survey",
        string="Mid-term Check-in",
        default=lambda self: self._default_survey("survey_midterm_checkin"),
        domain=[("survey_type", "=", MENTORING_SURVEY_TYPE)],
        help="Sent once to both members of each tandem at half of the program. A "
        "low answer asks the coordinators to check in with the tandem; they "
        "never see the answer, only the figures over the minimum of answers.",
    )
    checkin_plan_enough = fields.Boolean(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
    )
    checkin_plan = fields.Float(
        string="Check-in: We Meet as Planned",
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
        help="Average answer of the mid-term check-in, from 1 to 5.",
    )
    checkin_ask_enough = fields.Boolean(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
    )
    checkin_ask = fields.Float(
        string="Check-in: I Can Ask Anything",
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
        help="Average answer of the mid-term check-in, from 1 to 5.",
    )
    checkin_learn_enough = fields.Boolean(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
    )
    checkin_learn = fields.Float(
        string="Check-in: I Learn Something",
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
        help="Average answer of the mid-term check-in, from 1 to 5.",
    )
    feedback_min_answers = fields.Integer(
        string="Minimum Answers for Figures",
        default=FEEDBACK_MIN_ANSWERS_DEFAULT,
        help="Coordinators see a feedback figure, and the anonymous comments of a "
        "survey, only once it rests on at least this many answers, so that "
        "nobody's answer can be told apart.",
    )
    feedback_enough = fields.Boolean(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Enough Answers",
        compute="_compute_feedback_figures",
    )
    feedback_invitation_count = fields.Integer(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Invitations",
        compute="_compute_feedback_figures",
    )
    feedback_answer_count = fields.Integer(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Answers",
        compute="_compute_feedback_figures",
    )
    response_rate = fields.Float(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
        help="Share of the survey invitations that were answered, in percent.",
    )
    session_usefulness_enough = fields.Boolean(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
    )
    session_usefulness = fields.Float(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
        help="Average answer to the usefulness question of the session pulses.",
    )
    promoter_enough = fields.Boolean(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
    )
    goals_reached_enough = fields.Boolean(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
    )
    feedback_comments = fields.Html(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Anonymous Comments",
        compute="_compute_feedback_comments",
        help="The free-text answers meant for the coordinators, without names, "
        "in alphabetical order, of the surveys that have enough answers.",
    )
    promoter_share = fields.Float(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Would Recommend",
        compute="_compute_feedback_figures",
        help="Share of the final answers that give 9 or 10 out of 10 to "
        "recommending the program, in percent.",
    )
    net_promoter_score = fields.Float(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_feedback_figures",
        help="Share of 9 and 10 minus share of 0 to 6, from -100 to 100.",
    )
    goals_reached_share = fields.Float(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Tandems that Reached Their Goals",
        compute="_compute_feedback_figures",
        help="Among the tandems whose members answered the goals question, the "
        "share where every answer says the goals were reached, in percent.",
    )
    early_closure_reasons = fields.Html(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_early_closure_reasons",
        help="Why tandems closed early, without names, in alphabetical order, once "
        "the program has at least its minimum number of answers of early closures.",
    )

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("feedback_min_answers")
    def _check_feedback_min_answers(self):
        for program in self:
            if program.feedback_min_answers < FEEDBACK_MIN_ANSWERS_FLOOR:
                raise ValidationError(
                    self.env._(
                        "Feedback figures rest on at least %(floor)s answers: the program %(name)s cannot ask for fewer.",  # noqa: E501
                        floor=FEEDBACK_MIN_ANSWERS_FLOOR,
                        name=program.name,
                    )
                )

    @api.constrains(*PROGRAM_SURVEY_FIELDS)
    def _check_feedback_surveys(self):
        """Only mentoring surveys, whose answers the survey rules keep private."""
        for program in self:
            # sudo: the check must see the survey type whoever edits the program.
            surveys = self.env["survey.survey"].union(
                *(program[name] for name in PROGRAM_SURVEY_FIELDS)
            )
            for survey in surveys.sudo():
                if survey.survey_type != MENTORING_SURVEY_TYPE:
                    raise ValidationError(
                        self.env._(
                            "The survey %(survey)s is not a reverse-mentoring survey: its answers would not stay private. Choose a survey of the type Reverse Mentoring.",  # noqa: E501
                            survey=survey.title,
                        )
                    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    def _compute_feedback_figures(self):
        """Figures of the survey answers, in a fixed number of queries.

        Each figure rests on at least `feedback_min_answers` answers, or it is
        0 and flagged as not enough: below that, a figure could tell what one
        person answered.
        """
        # sudo: coordinators see the figures of their programs, never the
        # answers (they have no access to survey.user_input at all).
        inputs = self.env["survey.user_input"].sudo()
        counts = inputs._read_group(
            [("mentoring_program_id", "in", self._origin.ids), *MENTORING_INVITED],
            ["mentoring_program_id", "state"],
            ["__count"],
        )
        lines = self._feedback_lines(
            [("question_id.mentoring_kpi", "!=", False)],
            ["user_input_id", "question_id", "value_scale", "suggested_answer_id"],
        )
        lines.user_input_id.fetch(["mentoring_program_id", "mentoring_tandem_id"])
        lines.question_id.fetch(["mentoring_kpi"])
        lines.suggested_answer_id.fetch(["mentoring_goal_reached"])
        for program in self:
            minimum = program._min_answers()
            invited = sum(n for p, _state, n in counts if p == program._origin)
            answered = sum(
                n for p, state, n in counts if p == program._origin and state == "done"
            )
            enough = answered >= minimum
            mine = lines.filtered(
                lambda line, p=program: line.user_input_id.mentoring_program_id
                == p._origin
            )
            figures = feedback_figures(
                [
                    (
                        line.question_id.mentoring_kpi,
                        line.user_input_id.mentoring_tandem_id.id,
                        line.value_scale,
                        line.suggested_answer_id.mentoring_goal_reached,
                    )
                    for line in mine
                ],
                minimum,
            )
            # The number of answers shows how far the program is from its
            # figures; who was invited and the rate wait for enough answers.
            program.feedback_answer_count = answered
            program.feedback_enough = enough
            program.feedback_invitation_count = invited if enough else 0
            program.response_rate = 100 * answered / invited if enough else 0.0
            program.update(figures)

    def _compute_feedback_comments(self):
        """The free-text answers meant for the coordinators, without names.

        Only the surveys with at least `feedback_min_answers` answers in the
        program contribute; the comments of a question are sorted
        alphabetically, so their order tells neither who nor when.
        """
        # sudo: coordinators read no answer; they get the text of the comments
        # only, never the answer, its respondent, tandem, session or date.
        lines = self._feedback_lines(
            [
                ("question_id.mentoring_comment", "=", True),
                ("answer_type", "in", ("text_box", "char_box")),
            ],
            ["user_input_id", "question_id", "value_text_box", "value_char_box"],
        )
        lines.user_input_id.fetch(["mentoring_program_id", "survey_id"])
        counts = {
            (program.id, survey.id): count
            for program, survey, count in self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("mentoring_program_id", "in", self._origin.ids), *MENTORING_COUNTED],
                ["mentoring_program_id", "survey_id"],
                ["__count"],
            )
        }
        for program in self:
            minimum = program._min_answers()
            by_question = {}
            for line in lines:
                answer = line.user_input_id
                if answer.mentoring_program_id != program._origin:
                    continue
                if counts.get((program._origin.id, answer.survey_id.id), 0) < minimum:
                    continue
                text = (line.value_text_box or line.value_char_box or "").strip()
                if text:
                    by_question.setdefault(line.question_id, []).append(text)
            program.feedback_comments = self._render_feedback_comments(by_question)

    def _compute_early_closure_reasons(self):
        """The reasons of early closures, anonymous, over the minimum number."""
        # sudo: reasons without names, shown as a list once there are enough.
        closed = (
            self.env["mentoring.tandem"]
            .sudo()
            .search_fetch(
                [("program_id", "in", self._origin.ids), ("closed_early", "=", True)],
                ["program_id", "closure_reason"],
            )
        )
        for program in self:
            reasons = [
                tandem.closure_reason
                for tandem in closed
                if tandem.program_id == program._origin and tandem.closure_reason
            ]
            program.early_closure_reasons = (
                Markup("<ul>%s</ul>")
                % Markup("").join(
                    Markup("<li>%s</li>") % reason
                    for reason in sorted(reasons, key=str.casefold)
                )
                if len(reasons) >= program._min_answers()
                else False
            )

    @api.model
    def _render_feedback_comments(self, by_question):
        """HTML of {question: [comment]}: every text escaped, nothing but text."""
        if not by_question:
            return False
        parts = []
        for question in sorted(
            by_question, key=lambda q: (q.survey_id.title or "", q.sequence, q.id)
        ):
            items = Markup("").join(
                Markup("<li>%s</li>") % comment
                for comment in sorted(by_question[question], key=str.casefold)
            )
            parts.append(
                Markup("<h5>%s</h5><p class='text-muted'>%s</p><ul>%s</ul>")
                % (question.title, question.survey_id.title, items)
            )
        return Markup("").join(parts)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _min_answers(self):
        """The fewest answers a figure of this program rests on."""
        self.ensure_one()
        return max(self.feedback_min_answers, FEEDBACK_MIN_ANSWERS_FLOOR)

    def _feedback_lines(self, domain, fnames):
        """The answered lines of these programs' surveys within `domain`, with
        `fnames` fetched: the one source of the answers behind every figure,
        which never counts a test entry of a survey.

        sudo: coordinators and HR officers get figures of these lines, never
        the lines (they have no access to survey.user_input at all).
        """
        return (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("user_input_id.mentoring_program_id", "in", self._origin.ids),
                    *MENTORING_ANSWERED_LINES,
                    *domain,
                ],
                fnames,
            )
        )
