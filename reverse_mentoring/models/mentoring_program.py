from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..matching import DEFAULT_WEIGHTS
from .utils import window_action

COORDINATOR_GROUP = "reverse_mentoring.group_mentoring_coordinator"

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
    _inherit = [
        "mentoring.guard.mixin",
        "mentoring.search.scope.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
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
    # Coordinators only, like the job itself: its message may name people.
    matching_ids = fields.One2many(
        "mentoring.matching",
        "program_id",
        string="Matching",
        readonly=True,
        groups=COORDINATOR_GROUP,
    )
    matching_state = fields.Selection(
        selection="_matching_states",
        string="Background Matching",
        compute="_compute_matching_state",
        compute_sudo=True,
        groups=COORDINATOR_GROUP,
    )
    matching_progress = fields.Integer(
        related="matching_ids.progress", groups=COORDINATOR_GROUP
    )
    matching_message = fields.Char(
        related="matching_ids.message", groups=COORDINATOR_GROUP
    )
    matching_wizard_id = fields.Many2one(
        related="matching_ids.wizard_id", groups=COORDINATOR_GROUP
    )
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
        string="Shared Spoken Language",
        default=DEFAULT_WEIGHTS["language"],
        help="The two speak a language in common: one of the languages of their "
        "profiles, or their user's language when they recorded none.",
    )
    weight_location = fields.Integer(
        string="Meeting Place",
        default=DEFAULT_WEIGHTS["location"],
        help="The two work at the same place, or both are open to remote sessions.",
    )
    weight_interest = fields.Integer(
        string="Shared Interests",
        default=DEFAULT_WEIGHTS["interest"],
        help="The two share personal interests: the more of them, the better.",
    )
    weight_style = fields.Integer(
        string="Communication Style",
        default=DEFAULT_WEIGHTS["style"],
        help="The two like to talk things through the same way.",
    )
    weight_format = fields.Integer(
        string="Meeting Format",
        default=DEFAULT_WEIGHTS["format"],
        help="The two prefer the same meeting format (in person or remote), or "
        "either one suits one of them.",
    )
    weight_times = fields.Integer(
        string="Times of Day",
        default=DEFAULT_WEIGHTS["times"],
        help="The times of day that suit one of them suit the other too.",
    )
    weight_wish = fields.Integer(
        string="Preferred Partner",
        default=DEFAULT_WEIGHTS["wish"],
        help="One of the two named the other as a preferred partner; a mutual "
        "wish counts twice. Who wished whom stays with the coordinators.",
    )
    participant_ids = fields.One2many(
        "mentoring.participant", "program_id", string="Participants"
    )
    tandem_ids = fields.One2many("mentoring.tandem", "program_id", string="Tandems")
    session_ids = fields.One2many("mentoring.session", "program_id", string="Sessions")

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
            "AND weight_language >= 0 AND weight_location >= 0 "
            "AND weight_interest >= 0 AND weight_style >= 0 AND weight_format >= 0 "
            "AND weight_times >= 0 AND weight_wish >= 0)",
            "Matching weights cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _matching_states(self):
        return self.env["mentoring.matching"]._fields["state"].selection

    @api.depends("matching_ids.state")
    def _compute_matching_state(self):
        for program in self:
            program.matching_state = program.matching_ids[:1].state or "idle"

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

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

    # ------------------------------------------------------------
    # ORM: THE COORDINATORS' SCOPE
    # ------------------------------------------------------------

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
    def _search_scope(self, fnames):
        """A search on coordinator fields keeps to the coordinated programs."""
        if self.env.su or not fnames & self._coordinator_fields():
            return super()._search_scope(fnames)
        return [("company_id", "in", self.env.companies.ids)]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

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

    def _action_open_form(self):
        """The program's form, as an action."""
        self.ensure_one()
        return self._get_records_action(context={})

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

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

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
