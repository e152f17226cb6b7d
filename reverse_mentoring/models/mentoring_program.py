import re
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..matching import DEFAULT_WEIGHTS
from .mentoring_tandem_stage import CLOSED_PHASES
from .survey_question import CHECKIN_KPIS
from .survey_survey import MENTORING_SURVEY_TYPE, PROGRAM_SURVEY_FIELDS
from .survey_user_input import MENTORING_ATTACHED
from .utils import window_action

# Coordinators see feedback only as figures over at least this many answers; a
# program may ask for more, never for fewer.
FEEDBACK_MIN_ANSWERS_FLOOR = 3
FEEDBACK_MIN_ANSWERS_DEFAULT = 5
# Records the retention job deletes or detaches per batch (and per commit when
# it runs as a scheduled action).
RETENTION_BATCH_SIZE = 1000
COORDINATOR_GROUP = "reverse_mentoring.group_mentoring_coordinator"
# A company's average hourly cost prices its people's session hours only when
# at least this many of its active employees have a cost: under it, the
# average would come close to one person's value.
COMPANY_COST_MIN_EMPLOYEES = 5


def feedback_figures(answers, min_answers=FEEDBACK_MIN_ANSWERS_FLOOR):
    """The feedback figures of a program from its answers.

    `answers` are (figure, tandem id, scale value, means goals reached) tuples,
    one per answered question that feeds a figure. A figure computed over fewer
    than `min_answers` answers could tell what one person answered: it is 0 and
    its "enough" flag is False.
    """
    usefulness = [value for kpi, _t, value, _r in answers if kpi == "usefulness"]
    recommend = [value for kpi, _t, value, _r in answers if kpi == "recommend"]
    goal_answers = [(t, reached) for kpi, t, _v, reached in answers if kpi == "goals"]
    gains = [value for kpi, _t, value, _r in answers if kpi == "gain"]
    goals = {}
    for tandem, reached in goal_answers:
        goals[tandem] = goals.get(tandem, True) and reached
    promoters = sum(value >= 9 for value in recommend)
    detractors = sum(value <= 6 for value in recommend)
    usefulness_enough = len(usefulness) >= min_answers
    promoter_enough = len(recommend) >= min_answers
    goals_enough = len(goal_answers) >= min_answers
    gain_enough = len(gains) >= min_answers
    checkin = {}
    for kpi, _label in CHECKIN_KPIS:
        values = [value for k, _t, value, _r in answers if k == kpi]
        enough = len(values) >= min_answers
        checkin[f"{kpi}_enough"] = enough
        checkin[kpi] = sum(values) / len(values) if enough else 0.0
    return {
        **checkin,
        "session_usefulness_enough": usefulness_enough,
        "session_usefulness": (
            sum(usefulness) / len(usefulness) if usefulness_enough else 0.0
        ),
        "promoter_enough": promoter_enough,
        "promoter_share": 100 * promoters / len(recommend) if promoter_enough else 0.0,
        "net_promoter_score": (
            100 * (promoters - detractors) / len(recommend) if promoter_enough else 0.0
        ),
        "goals_reached_enough": goals_enough,
        "goals_reached_share": (
            100 * sum(goals.values()) / len(goals) if goals_enough else 0.0
        ),
        "mentor_gain_enough": gain_enough,
        "mentor_gain": sum(gains) / len(gains) if gain_enough else 0.0,
    }


# Which state each button leads to, and from which states it may be pressed.
TRANSITIONS = {
    "enrollment": ("draft",),
    "running": ("draft", "enrollment"),
    "closed": ("running",),
    "cancelled": ("draft", "enrollment", "running"),
    "draft": ("cancelled",),
}


class MentoringProgram(models.Model):
    _name = "mentoring.program"
    _description = "Reverse Mentoring Program"
    _inherit = ["mentoring.guard", "mail.thread", "mail.activity.mixin"]
    _fixed_fields = ("company_id",)
    # History: only New Round links a program to the one before it, and the
    # retention period runs from the date the program closed; the matching
    # job alone reports its state.
    _system_fields = (
        "previous_program_id",
        "date_closed",
        "matching_state",
        "matching_progress",
        "matching_message",
        "matching_wizard_id",
    )
    _text_limits = {"name": 200, "objective": 5000}
    _order = "date_start desc, id desc"

    def _default_date_start(self):
        return fields.Date.today() + relativedelta(months=1, day=1)

    def _default_date_end(self):
        return self._default_date_start() + relativedelta(months=6, days=-1)

    def _coordinator_domain(self):
        return [
            (
                "groups_id",
                "in",
                self.env.ref("reverse_mentoring.group_mentoring_coordinator").id,
            )
        ]

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    coordinator_ids = fields.Many2many(
        "res.users",
        "mentoring_program_coordinator_rel",
        "program_id",
        "user_id",
        string="Coordinators",
        default=lambda self: self.env.user,
        domain=_coordinator_domain,
    )
    objective = fields.Text(
        help="The measurable objective of the program, "
        "anchored in the company strategy.",
    )
    description = fields.Html()
    date_start = fields.Date(
        string="Start", required=True, default=_default_date_start, tracking=True
    )
    date_end = fields.Date(
        string="End", required=True, default=_default_date_end, tracking=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("enrollment", "Enrolment"),
            ("running", "Running"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    date_closed = fields.Date(
        string="Closed On",
        readonly=True,
        copy=False,
        help="When the program was closed. Its private notes are deleted and its "
        "feedback answers made anonymous once the company's retention period "
        "has passed since then (since its end date for programs closed before "
        "this date was recorded).",
    )
    topic_ids = fields.Many2many("mentoring.topic", string="Topics")
    allow_cross_company = fields.Boolean(
        string="Cross-Company Tandems",
        help="Participants may come from other companies, for example mentors "
        "from partner organisations.",
    )
    allow_pairing_again = fields.Boolean(
        string="Pair People Again",
        help="Matching may propose two people who already formed a tandem, in "
        "this or an earlier program. Off: such pairs are never proposed, and "
        "the explanation says so when it skipped a better match for this reason.",
    )
    # The background matching job is its own model; the program shows its state.
    matching_ids = fields.One2many(
        "mentoring.matching", "program_id", string="Matching", readonly=True
    )
    matching_state = fields.Selection(related="matching_ids.state")
    matching_progress = fields.Integer(related="matching_ids.progress")
    matching_message = fields.Char(related="matching_ids.message")
    matching_wizard_id = fields.Many2one(related="matching_ids.wizard_id")
    max_mentees_per_mentor = fields.Integer(
        string="Mentees per Mentor",
        default=2,
        help="How many mentees a mentor takes by default; "
        "each mentor's capacity can be changed.",
    )
    session_cadence = fields.Selection(
        [("weekly", "Weekly"), ("biweekly", "Every Two Weeks"), ("monthly", "Monthly")],
        default="biweekly",
        required=True,
        help="How often the tandems meet; Plan Sessions proposes one session per "
        "period.",
    )
    session_duration = fields.Float(
        default=1.0,
        required=True,
        help="Length of a session planned by Plan Sessions, in hours.",
    )
    alarm_ids = fields.Many2many(
        "calendar.alarm",
        string="Reminders",
        default=lambda self: self._default_alarm_ids(),
        help="Reminders set on the calendar events of the sessions.",
    )
    coordinators_read_expectations = fields.Boolean(
        string="Coordinators Read the Kick-off Texts",
        help="Whether the coordinators may read what the members of each tandem "
        "wrote about their expectations. Off, they only see that both agreed.",
    )
    enrollment_deadline = fields.Date(
        help="Last day on which employees can enrol themselves; none means until "
        "the program starts running.",
    )
    mentor_briefing_ids = fields.Many2many(
        "ir.attachment",
        "mentoring_program_mentor_briefing_rel",
        "program_id",
        "attachment_id",
        string="Briefing for Mentors",
        copy=False,
        # Members download their role's briefing from their tandem's page only.
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="Guidelines and workshop material the mentors of the program read.",
    )
    mentee_briefing_ids = fields.Many2many(
        "ir.attachment",
        "mentoring_program_mentee_briefing_rel",
        "program_id",
        "attachment_id",
        string="Briefing for Mentees",
        copy=False,
        # Members download their role's briefing from their tandem's page only.
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="Guidelines and workshop material the mentees of the program read.",
    )
    # Targets and what the program achieved against them.
    target_promoter_share = fields.Float(
        string="Target: Would Recommend (%)",
        default=90.0,
        help="Share of participants who should recommend the program.",
    )
    target_sessions_per_tandem = fields.Float(
        string="Target: Sessions Held per Tandem", default=6.0
    )
    target_goals_reached = fields.Float(
        string="Target: Tandems that Reach Their Goals (%)", default=80.0
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    hourly_cost = fields.Monetary(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Cost of an Hour",
        help="What an hour of a participant costs the company, to price the time "
        "spent in sessions where too few employees of the participant's company "
        "have an hourly cost for an average.",
    )
    reference_cost = fields.Monetary(
        groups="reverse_mentoring.group_mentoring_coordinator",
        string="Reference Cost per Executive",
        help="What the company spends on another development format per executive, "
        "e.g. a conference visit, to compare with the cost per mentee.",
    )
    session_planned_count = fields.Integer(
        string="Sessions Planned", compute="_compute_results"
    )
    sessions_per_tandem = fields.Float(
        string="Sessions Held per Tandem",
        compute="_compute_results",
        help="Sessions held, divided by the tandems that have started: a tandem "
        "still proposed counts once it has held a session; cancelled and left "
        "tandems are not counted.",
    )
    goal_done_share = fields.Float(
        string="Goals Reached (%)", compute="_compute_results"
    )
    early_closure_count = fields.Integer(
        string="Closed Early", compute="_compute_results"
    )
    early_closure_rate = fields.Float(
        string="Closed Early (%)",
        compute="_compute_results",
        help="Share of the program's tandems (cancelled ones and those a member "
        "left aside) that closed early by mutual agreement.",
    )
    early_closure_reasons = fields.Html(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_early_closure_reasons",
        help="Why tandems closed early, without names, in alphabetical order, once "
        "the program has at least its minimum number of answers of early closures.",
    )
    continuation_rate = fields.Float(
        string="Continuation Rate (%)",
        compute="_compute_results",
        help="Among the tandems that reached the end, the share that goes on.",
    )
    hours_spent = fields.Float(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_results",
        help="Hours both people spent in held sessions.",
    )
    cost_line_ids = fields.One2many(
        "mentoring.program.cost",
        "program_id",
        string="Fixed Costs",
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="What the program costs besides the time spent in sessions: "
        "workshops, coordination hours, trainers, events.",
    )
    session_cost = fields.Monetary(
        string="Cost of Session Time",
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_results",
        help="The hours of the held sessions, for both people, each at the average "
        "hourly cost of their company's employees in the Employees app, or at the "
        "program's Cost of an Hour where too few of them have a cost; never at one "
        "person's own cost.",
    )
    fixed_cost = fields.Monetary(
        string="Fixed Costs Total",
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_results",
    )
    total_cost = fields.Monetary(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_results",
        help="Cost of session time plus the fixed costs.",
    )
    cost_per_mentee = fields.Monetary(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_results",
        help="Total cost divided by the confirmed mentees.",
    )
    cost_reference_ratio = fields.Float(
        string="Cost per Mentee against Reference (%)",
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_results",
        help="The cost per mentee as a share of the Reference Cost per Executive: "
        "under 100, the program costs less than the other format.",
    )
    results_by_month = fields.Json(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_results_by_month",
        help="Sessions held and planned, goals reached, by month of the program.",
    )
    participation_by_place = fields.Json(
        groups="reverse_mentoring.group_mentoring_coordinator",
        compute="_compute_participation_by_place",
        help="Confirmed mentors and mentees by country and department.",
    )
    top_mentor_ids = fields.Many2many(
        "hr.employee",
        string="Mentors Rated Highest",
        compute="_compute_top_mentor_ids",
        groups="hr.group_hr_user",
        help="The mentors whose mentees rate them highest (session usefulness and "
        "would recommend), among those with enough answers: young talents ready "
        "for more.",
    )
    reminder_days = fields.Integer(
        string="Remind after Days without a Session",
        default=21,
        help="When a tandem has held no session for this many days, its mentor gets "
        "an activity and the coordinators a notice; at most once per period.",
    )
    stall_days = fields.Integer(
        string="Stalled after Days without a Session",
        default=60,
        help="When a tandem has held no session for this many days although both "
        "were reminded, the coordinators are asked to close it or to give it "
        "more time; nothing closes by itself.",
    )
    end_reminder_days = fields.Integer(
        string="Wrap-up Reminder (days before the end)",
        default=14,
        help="This many days before the end, open tandems are asked to wrap up and "
        "to answer the final evaluation.",
    )
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
    # Matching weights: how much each criterion counts in a match score.
    weight_topic = fields.Integer(
        string="Topic Fit",
        default=DEFAULT_WEIGHTS["topic"],
        help="The mentor teaches what the mentee wants to learn, "
        "stronger with a higher skill level.",
    )
    weight_age = fields.Integer(
        string="Age Gap",
        default=DEFAULT_WEIGHTS["age"],
        help="The mentor is much younger than the mentee.",
    )
    weight_hierarchy = fields.Integer(
        string="Hierarchy Distance",
        default=DEFAULT_WEIGHTS["hierarchy"],
        help="The mentor stands several levels below the mentee in the organisation.",
    )
    weight_department = fields.Integer(
        string="Other Department",
        default=DEFAULT_WEIGHTS["department"],
        help="The two work in different departments.",
    )
    weight_company = fields.Integer(
        string="Other Company",
        default=DEFAULT_WEIGHTS["company"],
        help="The two work for different companies (cross-company programs only).",
    )
    weight_language = fields.Integer(
        string="Shared Language",
        default=DEFAULT_WEIGHTS["language"],
        help="The two speak the same language.",
    )
    weight_location = fields.Integer(
        string="Meeting Place",
        default=DEFAULT_WEIGHTS["location"],
        help="The two work at the same place, or both are open to remote sessions.",
    )
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
    participant_ids = fields.One2many(
        "mentoring.participant", "program_id", string="Participants"
    )
    tandem_ids = fields.One2many("mentoring.tandem", "program_id", string="Tandems")
    session_ids = fields.One2many("mentoring.session", "program_id", string="Sessions")
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
    mentor_count = fields.Integer(string="Mentors", compute="_compute_results")
    mentee_count = fields.Integer(string="Mentees", compute="_compute_results")
    enrollment_request_count = fields.Integer(
        string="To Confirm", compute="_compute_results"
    )
    tandem_count = fields.Integer(
        string="Number of Tandems",
        compute="_compute_results",
        help="Every tandem of the program, the closed and cancelled ones included.",
    )
    open_tandem_count = fields.Integer(
        string="Open Tandems",
        compute="_compute_results",
        help="Tandems not closed, cancelled or left.",
    )
    session_done_count = fields.Integer(
        string="Sessions Held", compute="_compute_results"
    )

    _sql_constraints = [
        (
            "session_duration_positive",
            "CHECK(session_duration > 0)",
            "A session lasts some time: its duration must be positive.",
        ),
        (
            "stall_days_positive",
            "CHECK(stall_days > 0)",
            "The days before a tandem stalls must be positive.",
        ),
        (
            "max_mentees_per_mentor_positive",
            "CHECK(max_mentees_per_mentor > 0)",
            "A mentor takes at least one mentee.",
        ),
        (
            "matching_weights_positive",
            "CHECK(weight_topic >= 0 AND weight_age >= 0 AND weight_hierarchy >= 0 "
            "AND weight_department >= 0 AND weight_company >= 0 "
            "AND weight_language >= 0 AND weight_location >= 0)",
            "Matching weights cannot be negative.",
        ),
    ]

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

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for program in self:
            if program.date_end <= program.date_start:
                raise ValidationError(
                    self.env._(
                        "The program %(name)s must end after it starts.",
                        name=program.name,
                    )
                )
        sessions = self.session_ids.filtered(
            lambda session: session.state != "cancelled"
        )
        sessions._check_in_program_window()
        self.tandem_ids.goal_ids._check_deadline_in_program_window()

    @api.depends(
        "participant_ids.state",
        "participant_ids.role",
        "tandem_ids.phase",
        "session_ids.state",
        "session_ids.duration",
        "cost_line_ids.amount",
        "hourly_cost",
        "reference_cost",
    )
    def _compute_results(self):
        """Every count, result and cost of the programs, in a fixed number of queries.

        The one computation behind the Results tab, the kanban, the lists, the
        Program Results report and the spreadsheet dashboard.
        sudo: program figures every reader of the program may see, while the
        records behind them are restricted to their members and coordinators;
        session time is priced with the company averages of
        `_company_hour_costs`, never with one person's own hourly cost.
        """
        env = self.sudo().env
        domain = [("program_id", "in", self._origin.ids)]
        participants = {
            (program.id, role, state): count
            for program, role, state, count in env["mentoring.participant"]._read_group(
                domain, ["program_id", "role", "state"], ["__count"]
            )
        }
        sessions = {}
        for program, tandem, state, count, hours in env[
            "mentoring.session"
        ]._read_group(
            domain + [("after_program", "=", False)],
            ["program_id", "tandem_id", "state"],
            ["__count", "duration:sum"],
        ):
            sessions.setdefault(program.id, []).append((tandem, state, count, hours))
        tandems = env["mentoring.tandem"].browse(
            {tandem.id for rows in sessions.values() for tandem, *_rest in rows}
        )
        tandems.fetch(["mentor_id", "mentee_id", "phase"])
        people = tandems.mentor_id | tandems.mentee_id
        people.fetch(["company_id"])
        company_hour = self._company_hour_costs(people.company_id)
        fixed_costs = {
            program.id: amount
            for program, amount in env["mentoring.program.cost"]._read_group(
                domain, ["program_id"], ["amount:sum"]
            )
        }
        goals = {
            (program.id, done): count
            for program, done, count in env["mentoring.goal"]._read_group(
                domain, ["program_id", "is_done"], ["__count"]
            )
        }
        tandem_rows = env["mentoring.tandem"]._read_group(
            domain,
            ["program_id", "phase", "closed_early", "continued"],
            ["__count"],
        )
        for program in self:
            pid = program._origin.id
            rate = program.sudo().hourly_cost
            mine = [row[1:] for row in tandem_rows if row[0].id == pid]
            held = planned = 0
            hours = session_cost = 0.0
            for tandem, state, count, duration in sessions.get(pid, ()):
                if state == "planned":
                    planned += count
                elif state == "done":
                    held += count
                    hours += duration
                    session_cost += duration * sum(
                        company_hour.get(person.company_id.id, rate)
                        for person in (tandem.mentor_id, tandem.mentee_id)
                    )
            done_goals = goals.get((pid, True), 0)
            all_goals = done_goals + goals.get((pid, False), 0)
            # A tandem that ended because someone left is neither a success
            # nor a failure: like a cancelled one, it is not counted.
            counted = sum(
                n for phase, _e, _c, n in mine if phase not in ("cancelled", "left")
            )
            ended = sum(n for phase, _e, _c, n in mine if phase in ("closing", "done"))
            # Sessions are counted per tandem that has started: a tandem just
            # proposed, with no session held yet, has had no chance to meet.
            waiting = sum(n for phase, _e, _c, n in mine if phase == "proposed")
            met = {
                tandem
                for tandem, state, _n, _h in sessions.get(pid, ())
                if state == "done" and tandem.phase == "proposed"
            }
            started = counted - waiting + len(met)
            program.mentor_count = participants.get((pid, "mentor", "confirmed"), 0)
            program.mentee_count = participants.get((pid, "mentee", "confirmed"), 0)
            program.enrollment_request_count = sum(
                participants.get((pid, role, "draft"), 0)
                for role in ("mentor", "mentee")
            )
            program.tandem_count = sum(n for *_rest, n in mine)
            program.open_tandem_count = sum(
                n for phase, _e, _c, n in mine if phase not in CLOSED_PHASES
            )
            program.session_done_count = held
            program.session_planned_count = planned
            program.sessions_per_tandem = held / started if started else 0.0
            program.goal_done_share = 100 * done_goals / all_goals if all_goals else 0.0
            program.early_closure_count = sum(n for _ph, early, _c, n in mine if early)
            program.early_closure_rate = (
                100 * program.early_closure_count / counted if counted else 0.0
            )
            program.continuation_rate = (
                100 * sum(n for _ph, _e, went_on, n in mine if went_on) / ended
                if ended
                else 0.0
            )
            # Both people spend the time of a session.
            program.hours_spent = 2 * hours
            program.session_cost = session_cost
            program.fixed_cost = fixed_costs.get(pid, 0.0)
            program.total_cost = session_cost + program.fixed_cost
            program.cost_per_mentee = (
                program.total_cost / program.mentee_count
                if program.mentee_count
                else 0.0
            )
            reference = program.sudo().reference_cost
            program.cost_reference_ratio = (
                100 * program.cost_per_mentee / reference if reference else 0.0
            )

    @api.model
    def _company_hour_costs(self, companies):
        """The price of a person-hour in each of `companies`: the average hourly
        cost over all its active employees that have one, for the companies
        where at least COMPANY_COST_MIN_EMPLOYEES such employees exist.

        Who is averaged depends on the Employees app only, never on a program,
        its sessions, participants or rate, nor on the context: no choice of a
        coordinator isolates one person's cost.
        sudo: coordinators cannot read hourly_cost; only the averages leave.
        """
        return {
            company.id: average
            for company, count, average in self.env["hr.employee"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("active", "=", True),
                    ("hourly_cost", ">", 0),
                ],
                ["company_id"],
                ["__count", "hourly_cost:avg"],
            )
            if count >= COMPANY_COST_MIN_EMPLOYEES
        }

    @api.depends("session_ids.state", "session_ids.start", "tandem_ids.goal_ids")
    def _compute_results_by_month(self):
        """Sessions held and planned, goals reached, by month: the time series
        of the report's chart, in a fixed number of queries.

        sudo: counts only, as for the other results of the program.
        """
        env = self.sudo().env
        domain = [("program_id", "in", self._origin.ids)]
        by_month = {}
        for program, month, state, count in env["mentoring.session"]._read_group(
            domain + [("after_program", "=", False), ("state", "!=", "cancelled")],
            ["program_id", "start:month", "state"],
            ["__count"],
        ):
            row = by_month.setdefault(program.id, {}).setdefault(
                fields.Date.to_string(month), {"held": 0, "planned": 0, "goals": 0}
            )
            row["held" if state == "done" else "planned"] += count
        for program, month, count in env["mentoring.goal"]._read_group(
            domain + [("is_done", "=", True), ("date_done", "!=", False)],
            ["program_id", "date_done:month"],
            ["__count"],
        ):
            row = by_month.setdefault(program.id, {}).setdefault(
                fields.Date.to_string(month), {"held": 0, "planned": 0, "goals": 0}
            )
            row["goals"] += count
        for program in self:
            months = by_month.get(program._origin.id, {})
            program.results_by_month = [
                {"month": month, **months[month]} for month in sorted(months)
            ]

    @api.depends("participant_ids.state", "participant_ids.employee_id")
    def _compute_participation_by_place(self):
        """Confirmed mentors and mentees by country and department.

        A person's country is the one of their work address, or of their
        company. sudo: counts of the program's participations, which stay when
        a person's data are erased.
        """
        participants = (
            self.env["mentoring.participant"]
            .sudo()
            .search_fetch(
                [("program_id", "in", self._origin.ids), ("state", "=", "confirmed")],
                ["program_id", "employee_id", "role"],
            )
        )
        employees = participants.employee_id
        employees.fetch(["department_id", "address_id", "company_id"])
        employees.address_id.fetch(["country_id"])
        employees.company_id.partner_id.fetch(["country_id"])
        employees.department_id.fetch(["complete_name"])
        counts = {}
        for participant in participants:
            employee = participant.employee_id
            country = (
                employee.address_id.country_id
                or employee.company_id.partner_id.country_id
            )
            key = (
                participant.program_id.id,
                country.name or "",
                employee.department_id.complete_name or "",
            )
            row = counts.setdefault(key, {"mentor": 0, "mentee": 0})
            row[participant.role] += 1
        for program in self:
            program.participation_by_place = [
                {"country": country, "department": department, **roles}
                for (pid, country, department), roles in sorted(counts.items())
                if pid == program._origin.id
            ]

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

    def _sync_cohort_attendees(self):
        """Bring the upcoming cohort events in line with the participants."""
        # sudo: whoever changes a participation changes who is invited.
        self.sudo().cohort_event_ids._upcoming()._sync_attendees()

    def action_open_cohort_events(self):
        return self._action_open_related(
            "reverse_mentoring.action_mentoring_cohort_event"
        )

    def _compute_top_mentor_ids(self):
        """Mentors ranked by their mentees' ratings, over enough answers each.

        A mentor's figure is the mean of the ratings their mentees gave on
        the rating questions (session usefulness and would recommend), each
        as a share of its scale; a mentor is ranked only when that figure
        rests on at least `feedback_min_answers` answers, so that the ranking
        never stands for what one answer said.
        """
        # sudo: HR officers see a ranking of names, never the answers.
        answers = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("user_input_id.mentoring_program_id", "in", self._origin.ids),
                    ("user_input_id.state", "=", "done"),
                    ("user_input_id.test_entry", "=", False),
                    ("question_id.mentoring_kpi", "in", ("usefulness", "recommend")),
                    ("answer_type", "=", "scale"),
                    ("skipped", "=", False),
                ],
                ["user_input_id", "question_id", "value_scale"],
            )
        )
        answers.user_input_id.fetch(["partner_id", "mentoring_tandem_id"])
        answers.question_id.fetch(["scale_min", "scale_max"])
        scores = {}
        for line in answers:
            tandem = line.user_input_id.mentoring_tandem_id
            question = line.question_id
            span = question.scale_max - question.scale_min
            if (
                span > 0
                and line.user_input_id.partner_id == tandem.mentee_id.work_contact_id
            ):
                scores.setdefault((tandem.program_id, tandem.mentor_id), []).append(
                    (line.value_scale - question.scale_min) / span
                )
        for program in self:
            minimum = max(program.feedback_min_answers, FEEDBACK_MIN_ANSWERS_FLOOR)
            ranked = sorted(
                (
                    (-sum(values) / len(values), mentor.name, mentor.id)
                    for (p, mentor), values in scores.items()
                    if p == program._origin and len(values) >= minimum
                ),
            )
            program.top_mentor_ids = self.env["hr.employee"].browse(
                [row[2] for row in ranked[:5]]
            )

    # ------------------------------------------------------------------ coordinators

    # Coordinator rights follow the program's company: a coordinator of
    # another company reads a program they take part in as a participant does.
    # Record rules keep its writes to the coordinators of its company; the
    # fields of coordinators (costs, figures, participation by place...) are
    # given to them alone, in reads, exports, searches and groupings.

    def _coordinated(self):
        """Those of these programs that the current user coordinates."""
        if self.env.su:
            return self
        if not self.env.user.has_group(COORDINATOR_GROUP):
            return self.browse()
        return self.filtered(lambda program: program.company_id in self.env.companies)

    def _check_coordinated(self):
        """Refuse anyone but a coordinator of these programs' companies."""
        others = self - self._coordinated()
        if others:
            raise AccessError(
                self.env._(
                    "Only the coordinators of %(program)s can do this.",
                    program=", ".join(others.mapped("name")),
                )
            )

    @api.model
    def _coordinator_fields(self):
        return {
            name
            for name, field in self._fields.items()
            if field.groups and COORDINATOR_GROUP in field.groups.split(",")
        }

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        hidden = set(fnames) & self._coordinator_fields()
        others = set((self - self._coordinated()).ids) if hidden else ()
        for values in result:
            if values["id"] in others:
                values.update(dict.fromkeys(hidden, False))
        return result

    def export_data(self, fields_to_export):
        names = {path.split("/")[0] for path in fields_to_export}
        if names & self._coordinator_fields():
            self._check_coordinated()
        return super().export_data(fields_to_export)

    @api.model
    def _coordinator_domain_scope(self, names):
        """The domain keeping a search on coordinator fields to coordinated programs."""
        if (
            self.env.su
            or not {name.split(".")[0].split(":")[0] for name in names}
            & self._coordinator_fields()
        ):
            return []
        return [("company_id", "in", self.env.companies.ids)]

    @api.model
    def _coordinator_names(self, domain=(), order=None):
        """The field names a domain and an order use."""
        names = [leaf[0] for leaf in domain if isinstance(leaf, list | tuple)]
        return names + [part.split()[0] for part in (order or "").split(",") if part]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        scope = self._coordinator_domain_scope(self._coordinator_names(domain, order))
        if scope:
            domain = expression.AND([domain, scope])
        return super()._search(domain, offset, limit, order)

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        names = [*groupby, *aggregates, *self._coordinator_names(having, order)]
        scope = self._coordinator_domain_scope(names)
        if scope:
            domain = expression.AND([domain, scope])
        return super()._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model_create_multi
    def create(self, vals_list):
        programs = super().create(vals_list)
        programs._attach_briefings()
        return programs

    def write(self, vals):
        result = super().write(vals)
        if {"mentor_briefing_ids", "mentee_briefing_ids"} & set(vals):
            self._attach_briefings()
        return result

    def _attach_briefings(self):
        """Make the briefings files of their program that only its coordinators open.

        Each file is attached to its program's briefing field (res_model,
        res_id, res_field), so that ir.attachment's own check lets only the
        users who may read that field of that program open it in the back end
        (`ir.attachment._check_access`). Members of tandems, portal users
        included, download their role's briefing from the portal, which checks
        at every request that they still take part in that role. No token gives
        access past that check: any given out before is revoked here (and for
        every program on update). A file of another record never becomes a
        briefing: New Round copies the files instead.
        """
        for program in self:
            for name in ("mentor_briefing_ids", "mentee_briefing_ids"):
                # sudo: the files' links, set here for the program the user edits.
                files = program.sudo()[name]
                foreign = files.filtered(
                    lambda a, p=program: (a.res_model, a.res_id)
                    not in (("mentoring.program", p.id), ("mentoring.program", 0))
                    or not (a.res_id or self.env.su or a.create_uid == self.env.user)
                )
                if foreign and not self.env.su:
                    raise AccessError(
                        self.env._(
                            "A briefing of %(program)s is a file uploaded for it: %(files)s belong elsewhere.",  # noqa: E501
                            program=program.name,
                            files=", ".join(foreign.mapped("name")),
                        )
                    )
                (files - foreign).filtered(
                    lambda a, n=name: not a.res_id or a.res_field != n
                ).write(
                    {"res_model": self._name, "res_id": program.id, "res_field": name}
                )
                # Revoking a token grants nothing, whoever owns the file.
                files.filtered("access_token").write({"access_token": False})

    def _is_open_for_enrollment(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self.state == "enrollment" and not (
            self.enrollment_deadline and self.enrollment_deadline < today
        )

    def _check_open_for_enrollment(self):
        if not self._is_open_for_enrollment():
            raise UserError(
                self.env._(
                    "The program %(program)s does not take enrolments now.",
                    program=self.name,
                )
            )

    def _enrollment_topics(self):
        """The topics offered to those who enrol: the program's, or all of them."""
        self.ensure_one()
        return self.topic_ids or self.env["mentoring.topic"].search([])

    @api.model
    def _default_survey(self, xml_id):
        return self.env.ref(f"reverse_mentoring.{xml_id}", raise_if_not_found=False)

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
            [("mentoring_program_id", "in", self.ids), ("test_entry", "=", False)],
            ["mentoring_program_id", "state"],
            ["__count"],
        )
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("user_input_id.mentoring_program_id", "in", self.ids),
                    ("user_input_id.state", "=", "done"),
                    ("user_input_id.test_entry", "=", False),
                    ("question_id.mentoring_kpi", "!=", False),
                    ("skipped", "=", False),
                ],
                ["user_input_id", "question_id", "value_scale", "suggested_answer_id"],
            )
        )
        lines.user_input_id.fetch(["mentoring_program_id", "mentoring_tandem_id"])
        lines.question_id.fetch(["mentoring_kpi"])
        lines.suggested_answer_id.fetch(["mentoring_goal_reached"])
        for program in self:
            minimum = max(program.feedback_min_answers, FEEDBACK_MIN_ANSWERS_FLOOR)
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
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("user_input_id.mentoring_program_id", "in", self.ids),
                    ("user_input_id.state", "=", "done"),
                    ("user_input_id.test_entry", "=", False),
                    ("question_id.mentoring_comment", "=", True),
                    ("answer_type", "in", ("text_box", "char_box")),
                    ("skipped", "=", False),
                ],
                ["user_input_id", "question_id", "value_text_box", "value_char_box"],
            )
        )
        lines.user_input_id.fetch(["mentoring_program_id", "survey_id"])
        counts = {
            (program.id, survey.id): count
            for program, survey, count in self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("mentoring_program_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("test_entry", "=", False),
                ],
                ["mentoring_program_id", "survey_id"],
                ["__count"],
            )
        }
        for program in self:
            minimum = max(program.feedback_min_answers, FEEDBACK_MIN_ANSWERS_FLOOR)
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
                if len(reasons) >= program.feedback_min_answers
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

    @api.model
    def _default_alarm_ids(self):
        """A reminder the day before and a quarter of an hour before."""
        return [
            alarm.id
            for alarm in (
                self.env.ref("calendar.alarm_notif_5", raise_if_not_found=False),
                self.env.ref("calendar.alarm_notif_1", raise_if_not_found=False),
            )
            if alarm
        ]

    def _cadence_step(self):
        """The period between two sessions of a tandem."""
        self.ensure_one()
        return {
            "weekly": relativedelta(weeks=1),
            "biweekly": relativedelta(weeks=2),
            "monthly": relativedelta(months=1),
        }[self.session_cadence]

    def _window_bounds(self):
        """First and last instant of the program, as naive UTC datetimes.

        The program's dates are read in the time zone of its company, so a
        session at 23:30 in Zurich on the last day is still inside the window.
        """
        self.ensure_one()
        # sudo: the company's time zone, for whoever plans a session (portal
        # members may not read the company).
        tz = pytz.timezone(self.company_id.sudo().partner_id.tz or "UTC")
        start = tz.localize(datetime.combine(self.date_start, time.min))
        end = tz.localize(
            datetime.combine(self.date_end + relativedelta(days=1), time.min)
        )
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _set_state(self, state):
        for program in self:
            if program.state not in TRANSITIONS[state]:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "The program %(name)s is %(current)s and cannot become %(target)s.",  # noqa: E501
                        name=program.name,
                        current=states[program.state],
                        target=states[state],
                    )
                )
        self.write({"state": state})
        if state == "closed":
            # sudo: the closing date is a system field, set by this action only.
            self.sudo().date_closed = fields.Date.today()

    def action_open_enrollment(self):
        self._set_state("enrollment")
        return True

    def action_start(self):
        self._set_state("running")
        return True

    def action_close(self):
        self._set_state("closed")
        return True

    def action_cancel(self):
        self._set_state("cancelled")
        return True

    def action_reset_to_draft(self):
        self._set_state("draft")
        return True

    def _action_open_related(self, xml_id):
        self.ensure_one()
        return window_action(
            self.env,
            xml_id,
            [("program_id", "=", self.id)],
            {"default_program_id": self.id},
        )

    def action_open_matching(self):
        """Match the program now, or queue a large one for the background job."""
        self.ensure_one()
        return self.env["mentoring.matching"]._start(self)

    def action_open_proposals(self):
        """The proposals the background matching prepared."""
        self.ensure_one()
        return self.env["mentoring.matching"]._open_proposals(self)

    # ------------------------------------------------------------------ rounds

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

    def _action_open_form(self):
        """The program's form, as an action."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_participants(self):
        return self._action_open_related(
            "reverse_mentoring.action_mentoring_participant"
        )

    def action_open_tandems(self):
        return self._action_open_related("reverse_mentoring.action_mentoring_tandem")

    def action_open_sessions(self):
        return self._action_open_related("reverse_mentoring.action_mentoring_session")

    def action_open_session_analysis(self):
        """Sessions held and planned of the program, by month."""
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_session_analysis",
            [("program_id", "=", self.id), ("state", "!=", "cancelled")],
        )

    def action_open_goal_analysis(self):
        """Learning goals the program's tandems reached, by month."""
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_goal_analysis",
            [("program_id", "=", self.id), ("is_done", "=", True)],
        )

    # ------------------------------------------------------------------ retention

    @api.model
    def _retention_expired_domain(self):
        """Domain of the programs closed longer ago than their company keeps data.

        Each company sets its own period (`mentoring_retention_months`); a
        program closed before `date_closed` was recorded counts from its end.
        """
        today = fields.Date.today()
        # sudo: the retention periods of every company, for the scheduled job.
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([], ["mentoring_retention_months"])
        )
        per_company = []
        for company in companies:
            cutoff = today - relativedelta(months=company.mentoring_retention_months)
            per_company.append(
                [
                    "&",
                    ("company_id", "=", company.id),
                    "|",
                    ("date_closed", "<", cutoff),
                    "&",
                    ("date_closed", "=", False),
                    ("date_end", "<", cutoff),
                ]
            )
        return [("state", "=", "closed")] + (
            expression.OR(per_company) if per_company else [(0, "=", 1)]
        )

    @api.model
    def _cron_apply_retention(self, batch_size=RETENTION_BATCH_SIZE):
        """Delete the private notes and detach the feedback answers of old programs.

        For the programs closed longer ago than their company's retention
        period: their private notes are deleted, their feedback answers
        detached from who gave them (they still count in the figures). Safe
        to run twice: what is done is not found again. It works in batches of
        `batch_size`, each in a fixed number of queries; run as a scheduled
        action, it reports its progress and commits after each batch.
        """
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(
                self.env._(
                    "Only the scheduled action applies the retention of mentoring data."  # noqa: E501
                )
            )
        # sudo: the job runs over every company's programs, notes and answers.
        programs = (
            self.sudo()
            .with_context(active_test=False)
            .search(self._retention_expired_domain())
        )
        if not programs:
            return
        in_cron = bool(self.env.context.get("cron_id"))
        notes = self.env["mentoring.session.note"].sudo()
        answers = self.env["survey.user_input"].sudo()
        notes_domain = [("session_id.tandem_id.program_id", "in", programs.ids)]
        answers_domain = [("mentoring_program_id", "in", programs.ids)] + list(
            MENTORING_ATTACHED
        )
        remaining = notes.search_count(notes_domain) + answers.search_count(
            answers_domain
        )
        done = 0
        for model, domain, apply in (
            (notes, notes_domain, lambda batch: batch.unlink()),
            (
                answers,
                answers_domain,
                lambda batch: batch._mentoring_detach_respondents(),
            ),
        ):
            while batch := model.search(domain, limit=batch_size):
                apply(batch)
                done += len(batch)
                remaining = max(remaining - len(batch), 0)
                if in_cron:
                    self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
                    # A scheduled action keeps each finished batch, so that a
                    # timeout on a large backlog loses nothing done so far.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
