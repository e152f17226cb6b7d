from datetime import date, datetime, timedelta

import pytz
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from odoo.addons.resource.models.utils import Intervals

from ..matching import (
    AVOIDED,
    ELIGIBLE,
    NO_CAPACITY,
    OTHER_COMPANY,
    PAIRED_BEFORE,
    REPORTING_LINE,
)
from ..matching.odoo_data import pair_reason
from .hr_employee import aware_utc
from .mentoring_participant import ROLES
from .mentoring_tandem_stage import CLOSED_PHASES, left_only_by_departure
from .utils import schedule_coordinator_activities, window_action

# What the members of a tandem write on it themselves: each their own
# expectations, and the goals and sessions (under their own rules).
MEMBER_FIELDS = {
    "mentor_expectations",
    "mentee_expectations",
    "goal_ids",
    "session_ids",
    "skill_assessment_ids",
}
# Set, as superuser, by the replacement of a member (a checked action): the
# only write that changes the people of a tandem that has sessions.
REPLACING = "mentoring_replacing_member"
# What a member fills in to raise a concern about their tandem.
RAISE_CONCERN_FORM = "reverse_mentoring.mentoring_concern_view_form_raise"
# The activity asking the coordinators what to do with a stalled tandem.
STALL_ACTIVITY = "reverse_mentoring.mail_activity_type_stalled"
# Sessions start on a quarter of an hour.
SLOT_STEP = timedelta(minutes=15)


def due(since, last, days, today):
    """Whether something done at most once per `days` is due on `today`.

    Due `days` after `since` (the start of the stretch that is counted), and
    again `days` after `last`, the last time it was done.
    """
    return since + days <= today and (not last or last + days <= today)


def first_slot(free, duration):
    """Start of the first stretch of `duration` inside `free`, on a SLOT_STEP boundary.

    `free` are Intervals of aware datetimes; the start comes back naive, in UTC.
    """
    for start, stop, _records in free:
        naive = start.astimezone(pytz.utc).replace(tzinfo=None)
        rounded = naive + (SLOT_STEP - (naive - datetime.min) % SLOT_STEP) % SLOT_STEP
        if aware_utc(rounded) + duration <= stop:
            return rounded
    return None


class MentoringTandem(models.Model):
    _name = "mentoring.tandem"
    _description = "Mentoring Tandem"
    _inherit = ["mentoring.guard", "mail.thread", "mail.activity.mixin"]
    _order = "program_id desc, id desc"
    # Both members may write in the chatter of a tandem they can only read.
    _mail_post_access = "read"
    _fixed_fields = ("program_id",)
    # Set by the matching, by the members' own agreements and by the addon's
    # reminders and health updates, each through its checked action.
    _system_fields = (
        "match_score",
        "match_explanation",
        "kickoff_mentor_agreed",
        "kickoff_mentee_agreed",
        "closure_reason",
        "closure_proposed_side",
        "closure_mentor_agreed",
        "closure_mentee_agreed",
        "closed_early",
        "continue_mentor_agreed",
        "continue_mentee_agreed",
        "health",
        "inactivity_reminder_date",
        "end_reminder_sent",
        "stalled",
        "stall_asked_date",
        "stall_clock_date",
        "stall_activity_ids",
        "midterm_sent",
    )
    _text_limits = {
        "mentor_expectations": 5000,
        "mentee_expectations": 5000,
        "closure_reason": 2000,
    }

    def _default_stage_id(self):
        return self.env["mentoring.tandem.stage"].search([], limit=1)

    name = fields.Char(compute="_compute_name", store=True)
    program_id = fields.Many2one(
        "mentoring.program",
        string="Program",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True
    )
    mentor_id = fields.Many2one(
        "hr.employee",
        string="Mentor",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    mentee_id = fields.Many2one(
        "hr.employee",
        string="Mentee",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    mentor_user_id = fields.Many2one(
        related="mentor_id.user_id", store=True, index=True, string="Mentor User"
    )
    mentee_user_id = fields.Many2one(
        related="mentee_id.user_id", store=True, index=True, string="Mentee User"
    )
    stage_id = fields.Many2one(
        "mentoring.tandem.stage",
        string="Stage",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        copy=False,
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
    )
    phase = fields.Selection(related="stage_id.phase", store=True, index=True)
    color = fields.Integer()
    match_score = fields.Float(
        digits=(5, 1),
        help="How well the two fit together, from 0 to 100, "
        "as computed by the matching.",
    )
    match_explanation = fields.Text(help="Why the matching proposed this tandem.")
    goal_ids = fields.One2many("mentoring.goal", "tandem_id", string="Goals")
    session_ids = fields.One2many("mentoring.session", "tandem_id", string="Sessions")
    # Each reader sees only the concerns the record rules let them read: a
    # member their own, the program's coordinators all (see mentoring.concern).
    concern_ids = fields.One2many("mentoring.concern", "tandem_id", string="Concerns")
    goal_count = fields.Integer(
        string="Number of Goals", compute="_compute_goal_stats", store=True
    )
    goal_done_count = fields.Integer(
        string="Goals Reached", compute="_compute_goal_stats", store=True
    )
    progress = fields.Integer(
        compute="_compute_goal_stats",
        store=True,
        aggregator="avg",
        help="Share of the tandem's learning goals that are reached, in percent.",
    )
    session_count = fields.Integer(
        string="Number of Sessions", compute="_compute_session_stats", store=True
    )
    session_done_count = fields.Integer(
        string="Sessions Held", compute="_compute_session_stats", store=True
    )
    next_session_start = fields.Datetime(
        string="Next Session",
        compute="_compute_session_stats",
        store=True,
        help="Start of the earliest session that is still planned.",
    )

    # Agreements of the two members: each side writes and confirms for itself.
    my_side = fields.Selection(
        ROLES,
        compute="_compute_my_side",
        help="The current user's side in this tandem, if they are a member.",
    )
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
    health = fields.Selection(
        [
            ("on_track", "On Track"),
            ("check_in", "Needs Check-in"),
            ("at_risk", "At Risk"),
        ],
        readonly=True,
        index=True,
        help="From the sessions held against the program's cadence and the overdue "
        "goals; updated every day.",
    )
    overdue_goal_count = fields.Integer(compute="_compute_overdue_goal_count")
    inactivity_reminder_date = fields.Date(
        readonly=True, copy=False, help="When the tandem was last reminded to meet."
    )
    end_reminder_sent = fields.Boolean(readonly=True, copy=False)
    midterm_sent = fields.Boolean(
        string="Mid-term Check-in Sent",
        readonly=True,
        copy=False,
        help="Both members were invited to the mid-term check-in of the program.",
    )
    stalled = fields.Boolean(
        readonly=True,
        copy=False,
        help="No session was held for the program's days before a tandem stalls, "
        "although both were reminded: the coordinators decide whether to close "
        "the tandem or to give it more time. Nothing closes by itself.",
    )
    stall_asked_date = fields.Date(
        string="Coordinators Asked On",
        readonly=True,
        copy=False,
        help="When the coordinators were last asked what to do with the tandem.",
    )
    stall_activity_ids = fields.Many2many(
        "mail.activity",
        string="Stall Activities",
        copy=False,
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="The coordinators' activities on the program asking about this tandem.",
    )
    stall_clock_date = fields.Date(
        string="More Time Given On",
        readonly=True,
        copy=False,
        help="The coordinators gave the tandem more time on this day: the days "
        "without a session count from here.",
    )

    _sql_constraints = [
        # The database's own guard against two open tandems of the same pair,
        # whichever code creates them and however many transactions at once.
        (
            "open_pair_uniq",
            "EXCLUDE (program_id WITH =, mentor_id WITH =, mentee_id WITH =) "
            f"WHERE (phase NOT IN ({', '.join(map(repr, CLOSED_PHASES))}))",
            "These two people already form an open tandem in this program.",
        ),
        (
            "match_score_range",
            "CHECK(match_score >= 0 AND match_score <= 100)",
            "The match score lies between 0 and 100.",
        ),
    ]

    @api.depends("mentor_id.name", "mentee_id.name")
    def _compute_name(self):
        for tandem in self:
            tandem.name = self.env._(
                "%(mentor)s & %(mentee)s",
                mentor=tandem.mentor_id.name or "",
                mentee=tandem.mentee_id.name or "",
            )

    @api.depends("goal_ids.is_done")
    def _compute_goal_stats(self):
        for tandem in self:
            total = len(tandem.goal_ids)
            done = len(tandem.goal_ids.filtered("is_done"))
            tandem.goal_count = total
            tandem.goal_done_count = done
            tandem.progress = round(100 * done / total) if total else 0

    @api.depends("session_ids.state", "session_ids.start")
    def _compute_session_stats(self):
        for tandem in self:
            sessions = tandem.session_ids
            planned = sessions.filtered(lambda s: s.state == "planned")
            tandem.session_count = len(
                sessions.filtered(lambda s: s.state != "cancelled")
            )
            tandem.session_done_count = len(
                sessions.filtered(lambda s: s.state == "done")
            )
            tandem.next_session_start = min(planned.mapped("start"), default=False)

    @api.depends("mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_my_side(self):
        for tandem in self:
            tandem.my_side = (
                "mentor"
                if tandem.mentor_user_id == self.env.user
                else "mentee"
                if tandem.mentee_user_id == self.env.user
                else False
            )

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

    @api.depends("continue_mentor_agreed", "continue_mentee_agreed")
    def _compute_continued(self):
        for tandem in self:
            tandem.continued = (
                tandem.continue_mentor_agreed and tandem.continue_mentee_agreed
            )

    @api.depends("goal_ids.is_done", "goal_ids.date_deadline")
    def _compute_overdue_goal_count(self):
        today = fields.Date.context_today(self)
        counts = dict(
            self.env["mentoring.goal"]._read_group(
                [
                    ("tandem_id", "in", self.ids),
                    ("is_done", "=", False),
                    ("date_deadline", "<", today),
                ],
                ["tandem_id"],
                ["__count"],
            )
        )
        for tandem in self:
            tandem.overdue_goal_count = counts.get(tandem._origin, 0)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([])

    # ------------------------------------------------------------------ integrity

    @api.constrains("mentor_id", "mentee_id")
    def _check_two_people(self):
        for tandem in self:
            if tandem.mentor_id == tandem.mentee_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot mentor themselves.", name=tandem.mentor_id.name
                    )
                )

    @api.constrains("mentor_id", "mentee_id")
    def _check_reporting_line(self):
        # The same reporting lines as the matching's, for all tandems at once.
        managers = (self.mentor_id | self.mentee_id)._mentoring_reporting_lines()
        for tandem in self:
            for boss, report in (
                (tandem.mentor_id, tandem.mentee_id),
                (tandem.mentee_id, tandem.mentor_id),
            ):
                if boss.id in managers.get(report.id, ()):
                    raise ValidationError(
                        self.env._(
                            "%(report)s reports to %(boss)s: nobody mentors anyone in their own reporting line.",  # noqa: E501
                            report=report.name,
                            boss=boss.name,
                        )
                    )

    @api.constrains("program_id", "mentor_id", "mentee_id")
    def _check_enrolled(self):
        # sudo: the check needs the enrolments of both people,
        # whoever creates the tandem.
        participants = (
            self.env["mentoring.participant"]
            .sudo()
            .search(
                [("program_id", "in", self.program_id.ids), ("state", "=", "confirmed")]
            )
        )
        enrolled = {(p.program_id.id, p.role, p.employee_id.id) for p in participants}
        roles = dict(
            self.env["mentoring.participant"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        for tandem in self:
            for role, employee in (
                ("mentor", tandem.mentor_id),
                ("mentee", tandem.mentee_id),
            ):
                if (tandem.program_id.id, role, employee.id) not in enrolled:
                    raise ValidationError(
                        self.env._(
                            "%(name)s is not a confirmed %(role)s of the program %(program)s: enrol and confirm them first.",  # noqa: E501
                            name=employee.name,
                            role=roles[role],
                            program=tandem.program_id.name,
                        )
                    )

    def _flush_pairs(self):
        """Write the tandems' pending changes before the checks read them.

        The database refuses a second open tandem of a pair itself
        (open_pair_uniq); that refusal comes as the same clear message.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.flush_model()
        except errors.ExclusionViolation as error:
            if error.diag.constraint_name != f"{self._table}_open_pair_uniq":
                raise
            raise ValidationError(
                self.env._(
                    "These two people already form an open tandem in this program."
                )
            ) from error

    @api.constrains("program_id", "mentor_id", "mentee_id", "stage_id")
    def _check_open_pair_unique(self):
        self._flush_pairs()
        for tandem in self.filtered(lambda t: t.phase not in CLOSED_PHASES):
            # sudo: a duplicate may be hidden from the current user by record rules.
            duplicates = self.sudo().search_count(
                [
                    ("id", "!=", tandem.id),
                    ("program_id", "=", tandem.program_id.id),
                    ("mentor_id", "=", tandem.mentor_id.id),
                    ("mentee_id", "=", tandem.mentee_id.id),
                    ("phase", "not in", CLOSED_PHASES),
                ]
            )
            if duplicates:
                raise ValidationError(
                    self.env._(
                        "%(mentor)s and %(mentee)s already form an open tandem in %(program)s.",  # noqa: E501
                        mentor=tandem.mentor_id.name,
                        mentee=tandem.mentee_id.name,
                        program=tandem.program_id.name,
                    )
                )

    @api.constrains("program_id", "mentor_id", "stage_id")
    def _check_mentor_capacity(self):
        """Every tandem created or reopened passes here: count under a lock.

        Two transactions adding a tandem to the same mentor at once would each
        count only their own. Both write the mentor's participation first: the
        later one waits for the earlier and, once that commits, fails with a
        serialization error, and Odoo retries its request, which then counts
        both. A row lock alone would not do: under Odoo's REPEATABLE READ, the
        later transaction would keep counting from its old snapshot.
        """
        self._flush_pairs()
        opened = self.filtered(lambda t: t.phase not in CLOSED_PHASES)
        if not opened:
            return
        # sudo: the capacity counts every tandem of the mentor, visible or not.
        mentors = (
            self.env["mentoring.participant"]
            .sudo()
            .search(
                [
                    ("program_id", "in", opened.program_id.ids),
                    ("employee_id", "in", opened.mentor_id.ids),
                    ("role", "=", "mentor"),
                ],
                order="id",
            )
        )
        if not mentors:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE mentoring_participant SET capacity = capacity WHERE id IN %s",
                tuple(mentors.ids),
            )
        )
        counts = mentors._count_open_tandems()
        for mentor in mentors:
            if counts[mentor.id] > mentor.capacity:
                raise ValidationError(
                    self.env._(
                        "%(name)s can take %(capacity)s mentees in %(program)s and would have %(count)s open tandems.",  # noqa: E501
                        name=mentor.employee_id.name,
                        capacity=mentor.capacity,
                        program=mentor.program_id.name,
                        count=counts[mentor.id],
                    )
                )

    def _check_open_for_changes(self):
        """Refuse changes to the goals and sessions of closed tandems."""
        closed = self.filtered(lambda t: t.phase in CLOSED_PHASES)
        if closed:
            raise UserError(
                self.env._(
                    "The tandem %(tandem)s is closed: its goals and sessions stay as they were.",  # noqa: E501
                    tandem=closed[0].name,
                )
            )

    # ------------------------------------------------------------------ followers

    def _member_partners(self):
        # sudo: the contacts of the tandem's own two people, which a member
        # of another company or a portal member may not read.
        return (self.mentor_id | self.mentee_id).sudo().work_contact_id

    def _check_left_stage(self, stage_ids):
        """Only the departure of a member moves a tandem into or out of Left."""
        stages = self.env["mentoring.tandem.stage"].browse(stage_ids)
        if not self.env.su and (
            "left" in stages.mapped("phase") or "left" in self.mapped("phase")
        ):
            raise left_only_by_departure(self.env)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_left_stage([v["stage_id"] for v in vals_list if v.get("stage_id")])
        tandems = super().create(vals_list)
        for tandem in tandems:
            tandem.message_subscribe(partner_ids=tandem._member_partners().ids)
        return tandems

    def write(self, vals):
        if (
            set(vals) - MEMBER_FIELDS
            and self.program_id - self.program_id._coordinated()
        ):
            raise AccessError(
                self.env._(
                    "Members change their tandem through its actions; they write only "
                    "their own expectations."
                )
            )
        if "stage_id" in vals:
            self._check_left_stage([vals["stage_id"]])
        people_change = {"mentor_id", "mentee_id"} & set(vals)
        changed = self.filtered(
            lambda t: any(t[f].id != vals[f] for f in people_change)
        )
        if changed.session_ids and not (
            self.env.su and self.env.context.get(REPLACING)
        ):
            raise UserError(
                self.env._(
                    "A tandem that has sessions keeps its two people, so that what was said in it stays between them: cancel this tandem and create a new one instead."  # noqa: E501
                )
            )
        previous = {tandem: tandem._member_partners() for tandem in changed}
        closing_before = self.filtered(lambda t: t.phase == "closing")
        result = super().write(vals)
        (self.filtered(lambda t: t.phase == "closing") - closing_before)._invite_final()
        for tandem, partners in previous.items():
            current = tandem._member_partners()
            # Someone who left the tandem must not read its conversation any more.
            tandem.message_unsubscribe(partner_ids=(partners - current).ids)
            tandem.message_subscribe(partner_ids=current.ids)
        return result

    def _notify_proposed(self):
        """Tell both people, each in their own language, that they form a tandem."""
        for tandem in self:
            tandem._notify_members(
                "reverse_mentoring.mail_template_tandem_proposed",
                tandem.mentor_id | tandem.mentee_id,
            )

    def _session_window(self):
        """First and last instant of the tandem's sessions, as naive UTC.

        The program's window; a tandem that continues after the program keeps
        meeting for a year from now on.
        """
        self.ensure_one()
        first, last = self.program_id._window_bounds()
        if self.phase == "continued":
            last = max(last, fields.Datetime.now()) + timedelta(days=365)
        return first, last

    # ------------------------------------------------------------------ scheduling

    def _last_held_starts(self, planned=False):
        """{tandem: start of its last held session}, in one query.

        With `planned`, the last session that is held or still planned (the
        one a new series follows). Tandems without such a session are left out.
        """
        states = ["done", "planned"] if planned else ["done"]
        return dict(
            self.env["mentoring.session"]._read_group(
                [("tandem_id", "in", self.ids), ("state", "in", states)],
                ["tandem_id"],
                ["start:max"],
            )
        )

    def _free_intervals(self, start, stop, ignore_events=None):
        """When both people can meet between `start` and `stop` (naive UTC).

        Each one's free time comes from `hr.employee._mentoring_free_intervals`
        (working hours in their own time zone, no time off, no other busy
        event in Calendar); the tandem meets when both are free.
        """
        self.ensure_one()
        nothing = self.env["resource.resource"]
        free = Intervals([(aware_utc(start), aware_utc(stop), nothing)])
        people = self.mentor_id | self.mentee_id
        for person_free in people._mentoring_free_intervals(
            start, stop, ignore_events
        ).values():
            free &= person_free
        return free

    def _next_slot(self, start, stop, duration, ignore_events=None):
        """The earliest start of a common free stretch of `duration` hours, or None."""
        return first_slot(
            self._free_intervals(start, stop, ignore_events), timedelta(hours=duration)
        )

    def _remaining_series(self):
        """One proposed session start per remaining period of the program's cadence.

        Periods run from the later of now and the last session plus one period
        to the end of the program; a period without a common free slot is skipped.
        The common free time is read once, for all the periods.
        """
        self.ensure_one()
        program = self.program_id
        step = program._cadence_step()
        first, last = self._session_window()
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        latest = self._last_held_starts(planned=True).get(self)
        begin = max(first, now, latest + step if latest else first)
        free = self._free_intervals(begin, last) if begin < last else Intervals()
        duration = timedelta(hours=program.session_duration)
        nothing = self.env["resource.resource"]
        starts = []
        while begin < last:
            end = min(begin + step, last)
            period = Intervals([(aware_utc(begin), aware_utc(end), nothing)])
            slot = first_slot(free & period, duration)
            if slot:
                starts.append(slot)
            begin = end
        if not starts:
            raise self._no_common_time_error()
        return starts

    def _no_common_time_error(self):
        return UserError(
            self.env._(
                "%(mentor)s and %(mentee)s have no common free time left in the program %(program)s: check their working hours, time off and meetings, or plan a session by hand.",  # noqa: E501
                mentor=self.mentor_id.name,
                mentee=self.mentee_id.name,
                program=self.program_id.name,
            )
        )

    @api.model
    def _action_my_mentoring(self, home=False):
        """Where the app opens: what the user most likely came for.

        With `home` (the app's own menu), coordinators land on the programs.
        A member of exactly one tandem opens it directly, not a board of every
        stage; a member of several gets their board. From the app's menu,
        someone in no tandem sees the programs, where they can enrol.
        """
        coordinator = self.env.user.has_group(
            "reverse_mentoring.group_mentoring_coordinator"
        )
        mine = self.search(
            [
                "|",
                ("mentor_user_id", "=", self.env.uid),
                ("mentee_user_id", "=", self.env.uid),
            ],
            limit=2,
        )
        actions = self.env["ir.actions.act_window"]
        if home and (coordinator or not mine):
            return actions._for_xml_id("reverse_mentoring.action_mentoring_program")
        if len(mine) == 1:
            return {
                "type": "ir.actions.act_window",
                "name": mine.display_name,
                "res_model": self._name,
                "res_id": mine.id,
                "views": [(False, "form")],
                "target": "current",
            }
        return actions._for_xml_id("reverse_mentoring.action_mentoring_tandem_my")

    def action_plan_sessions(self):
        """Open the proposed series of sessions for review."""
        self.ensure_one()
        if self.phase in CLOSED_PHASES:
            raise UserError(self.env._("A closed tandem plans no more sessions."))
        duration = self.program_id.session_duration
        wizard = self.env["mentoring.session.plan"].create(
            {
                "tandem_id": self.id,
                "line_ids": [
                    fields.Command.create({"start": start, "duration": duration})
                    for start in self._remaining_series()
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Sessions"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------ agreements

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Certificate %(tandem)s", tandem=self.name)

    def _certificate_members(self):
        """(person, role, tandem partner) of each certificate of participation.

        A member prints their own certificate, anyone else both. sudo: whoever
        reads the tandem may read the two names it prints.
        """
        self.ensure_one()
        tandem = self.sudo()
        members = [
            (tandem.mentor_id, "mentor", tandem.mentee_id),
            (tandem.mentee_id, "mentee", tandem.mentor_id),
        ]
        own = [line for line in members if line[0].user_id == self.env.user]
        return own or members

    def _check_member(self):
        """The current user's side in this tandem; refuses anyone else."""
        self.ensure_one()
        if not self.my_side:
            raise UserError(
                self.env._(
                    "Only the mentor and the mentee of %(tandem)s can do this.",
                    tandem=self.name,
                )
            )
        return self.my_side

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

    def _move_to_phase(self, phase, message):
        stage = self.env["mentoring.tandem.stage"].search(
            [("phase", "=", phase)], limit=1
        )
        # sudo: the move follows an agreement of both members.
        self.sudo().stage_id = stage
        self.message_post(body=message, subtype_xmlid="mail.mt_note")

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

    def _check_closable(self):
        if self.phase in CLOSED_PHASES:
            raise UserError(self.env._("This tandem is already closed."))

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

    def action_raise_concern(self):
        """The form of a new concern about this tandem, for one of its members."""
        self.ensure_one()
        self._check_member()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Raise a Concern"),
            "res_model": "mentoring.concern",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "reverse_mentoring.mentoring_concern_view_form_raise"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
            "context": {"default_tandem_id": self.id},
        }

    def _participation(self, employee, role):
        """The participation of `employee` in the tandem's program, in `role`."""
        return self.env["mentoring.participant"].search(
            [
                ("program_id", "=", self.program_id.id),
                ("employee_id", "=", employee.id),
                ("role", "=", role),
            ],
            limit=1,
        )

    def _side_of(self, employee):
        return "mentor" if employee == self.mentor_id else "mentee"

    def _future_sessions(self):
        """The planned sessions that have not started yet."""
        now = fields.Datetime.now()
        return self.session_ids.filtered(
            lambda s: s.state == "planned" and s.start > now
        )

    # ------------------------------------------------------------------ departures

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

    # ------------------------------------------------------------------ replacement

    def _check_coordinator(self):
        """Refuse anyone but a coordinator who may change this tandem."""
        self.program_id._check_coordinated()
        self.check_access("write")

    def action_open_replace(self):
        self.ensure_one()
        self._check_coordinator()
        self._check_closable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Replace a Member"),
            "res_model": "mentoring.tandem.replace",
            "view_mode": "form",
            "target": "new",
            "context": {"default_tandem_id": self.id},
        }

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
        names = {"mentor": mentor.name, "mentee": mentee.name}
        messages = {
            REPORTING_LINE: self.env._(
                "%(mentor)s and %(mentee)s are in the same reporting line: nobody mentors anyone in their own reporting line.",  # noqa: E501
                **names,
            ),
            OTHER_COMPANY: self.env._(
                "%(mentor)s and %(mentee)s work for different companies, and the program does not allow cross-company tandems.",  # noqa: E501
                **names,
            ),
            AVOIDED: self.env._(
                "%(mentee)s and %(mentor)s asked not to be paired together.", **names
            ),
            PAIRED_BEFORE: self.env._(
                "%(mentor)s and %(mentee)s already formed a tandem in an earlier program, and this program does not pair people again.",  # noqa: E501
                **names,
            ),
            NO_CAPACITY: self.env._(
                "%(mentor)s has no free place left in %(program)s.",
                mentor=mentor.name,
                program=tandem.program_id.name,
            ),
        }
        raise UserError(
            messages.get(
                code,
                self.env._(
                    "The matching of the program does not allow %(mentor)s and %(mentee)s as a pair.",  # noqa: E501
                    **names,
                ),
            )
        )

    def _other_member(self, side):
        """The employee on the other side than `side`."""
        return self.mentee_id if side == "mentor" else self.mentor_id

    def _notify_members(self, template_xmlid, employees):
        """Send the template to the tandem's `employees`, each in their language."""
        template = self.env.ref(template_xmlid)
        # sudo: the contacts of the tandem's own people, which a member of
        # another company or a portal member may not read.
        for employee in employees.sudo():
            partner = employee.work_contact_id
            if not partner:
                continue
            # sudo: members may not post on a tandem they only read; the
            # notice goes to its own members.
            self.sudo().with_context(
                lang=partner.lang or self.env.lang,
                mentoring_recipient=employee.name,
                mentoring_recipient_side="mentor"
                if employee == self.mentor_id
                else "mentee",
            ).message_post_with_source(
                template,
                partner_ids=partner.ids,
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ health

    def _health_of(self, today, last_held, overdue, low_pulse=False):
        """On track, needs check-in or at risk, from the cadence and the goals.

        A session rated low in the latest pulse asks for a check-in too.
        """
        self.ensure_one()
        step = self.program_id._cadence_step()
        since = last_held or self.program_id.date_start
        if since + step + step < today or overdue >= 2:
            return "at_risk"
        if since + step < today or overdue or low_pulse:
            return "check_in"
        return "on_track"

    def _update_health(self):
        """Store the health of these tandems; closed and proposed ones have none."""
        today = fields.Date.context_today(self)
        held = self._last_held_starts()
        inputs = self.env["survey.user_input"]
        low_pulse = inputs._mentoring_low_pulse_tandems(
            self
        ) | inputs._mentoring_low_checkin_tandems(self, held)
        for tandem in self:
            tracked = tandem.phase in ("kickoff", "active", "closing")
            last = held.get(tandem)
            health = tracked and tandem._health_of(
                today,
                last and last.date(),
                tandem.overdue_goal_count,
                low_pulse=tandem in low_pulse,
            )
            if tandem.health != health:
                # sudo: the health is a status the addon keeps, whoever
                # triggered the update (e.g. a member marking a session held).
                tandem.sudo().health = health

    @api.model
    def _cron_update_health(self):
        self.search([("phase", "not in", CLOSED_PHASES)])._update_health()

    # ------------------------------------------------------------------ reminders

    @api.model
    def _cron_remind_inactive(self):
        """Remind the idle tandems of running programs, once per reminder period.

        Idle: no session held (or, without one, no program start) for the
        program's `reminder_days`; running it twice reminds nobody twice.
        """
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("phase", "in", ("proposed", "kickoff", "active")),
            ]
        )
        held = tandems._last_held_starts()

        def idle(tandem):
            return due(
                tandem._idle_since(held),
                tandem.inactivity_reminder_date,
                timedelta(days=tandem.program_id.reminder_days),
                today,
            )

        tandems.filtered(idle)._remind_inactive()

    def _idle_since(self, held):
        """Since when the tandem held no session: its last held session (`held`,
        from `_last_held_starts`), or the start of its program; for the stall
        clock, the day the coordinators last gave it more time, if later."""
        self.ensure_one()
        last = held.get(self)
        return last.date() if last else self.program_id.date_start

    def _stall_since(self, held):
        self.ensure_one()
        return max(self._idle_since(held), self.stall_clock_date or date.min)

    @api.model
    def _cron_ask_stalled(self):
        """Ask the coordinators about the stalled tandems, once per stall period.

        Stalled: no session held for the program's `stall_days` (counted from
        the last time the coordinators gave it more time, if later), although
        both were reminded since. Nothing closes by itself: the coordinators
        get an activity and decide with one click on the tandem. Running it
        twice asks nobody twice; a tandem that met again is stalled no more.
        """
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("phase", "in", ("proposed", "kickoff", "active")),
            ]
        )
        held = tandems._last_held_starts()

        def still_idle(tandem):
            days = timedelta(days=tandem.program_id.stall_days)
            return tandem._stall_since(held) + days <= today

        def to_ask(tandem):
            since = tandem._stall_since(held)
            reminded = tandem.inactivity_reminder_date
            return bool(reminded and reminded >= since) and due(
                since,
                tandem.stall_asked_date,
                timedelta(days=tandem.program_id.stall_days),
                today,
            )

        # sudo (both): the stall is a status the addon keeps.
        tandems.filtered(lambda t: t.stalled and not still_idle(t)).sudo().write(
            {"stalled": False}
        )
        tandems.filtered(to_ask).sudo()._ask_stalled()

    def _ask_stalled(self):
        """Flag these tandems as stalled; an activity for each coordinator."""
        today = fields.Date.context_today(self)
        for tandem in self:
            program = tandem.program_id
            # On the program, naming the tandem: its members do not see it.
            tandem.stall_activity_ids |= schedule_coordinator_activities(
                program,
                program.coordinator_ids,
                lambda env, tandem=tandem, days=program.stall_days: (
                    env._(
                        "Stalled: close %(tandem)s or give it more time?",
                        tandem=tandem.name,
                    ),
                    env._(
                        "No session of %(tandem)s was held for %(days)s days, although both were reminded. Close the tandem or give it more time, with the buttons on the tandem.",  # noqa: E501
                        tandem=tandem.name,
                        days=days,
                    ),
                ),
                activity_type=STALL_ACTIVITY,
            )
        self.write({"stalled": True, "stall_asked_date": today})

    def _stall_activities(self):
        # sudo: the activities are the coordinators', checked by the actions.
        return self.sudo().stall_activity_ids

    def action_stall_more_time(self):
        """Give the stalled tandems more time: the stall clock starts again today."""
        self._check_coordinator()
        # sudo: the stall fields are the addon's; the coordinator was checked.
        self.sudo().write(
            {"stalled": False, "stall_clock_date": fields.Date.context_today(self)}
        )
        # Done without a message on the program, which its participants read.
        self._stall_activities().unlink()
        for tandem in self:
            tandem.message_post(
                body=self.env._(
                    "The coordinators gave the tandem %(days)s more days to hold a session.",  # noqa: E501
                    days=tandem.program_id.stall_days,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_stall_close(self):
        """Close the stalled tandems: their future sessions are cancelled."""
        self._check_coordinator()
        for tandem in self:
            tandem._future_sessions().action_cancel()
            tandem._move_to_phase(
                "cancelled",
                self.env._(
                    "No session was held for a long time: the coordinators closed the tandem, and its future sessions are cancelled."  # noqa: E501
                ),
            )
        # sudo: the stall fields are the addon's; the coordinator was checked.
        self.sudo().stalled = False
        self._stall_activities().unlink()
        return True

    @api.model
    def _cron_invite_midterm(self):
        """Invite both members of each open tandem to the mid-term check-in, once,
        from half of its program on."""
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("program_id.midterm_survey_id", "!=", False),
                ("phase", "in", ("kickoff", "active")),
                ("midterm_sent", "=", False),
            ]
        )
        due = tandems.filtered(
            lambda t: t.program_id.date_start
            + (t.program_id.date_end - t.program_id.date_start) / 2
            <= today
        )
        invite = self.env["survey.user_input"]._mentoring_invite
        for tandem in due:
            survey = tandem.program_id.midterm_survey_id
            invite(tandem, survey, tandem.mentor_id | tandem.mentee_id)
        due.midterm_sent = True

    def _ask_checkin(self):
        """A low check-in answer: an activity for the coordinators to check in
        with the tandem, which tells neither the answer nor who gave it."""
        for tandem in self:
            schedule_coordinator_activities(
                tandem,
                tandem.program_id.coordinator_ids,
                lambda env, tandem=tandem: (
                    env._("Check in with %(tandem)s", tandem=tandem.name),
                    env._(
                        "The mid-term check-in of %(tandem)s asks for a talk with its members about how the tandem is going.",  # noqa: E501
                        tandem=tandem.name,
                    ),
                ),
            )
        self._update_health()

    @api.model
    def _cron_remind_end(self):
        """Ask the open tandems of running programs to wrap up, once, near the end."""
        today = fields.Date.context_today(self)
        tandems = self.search(
            [
                ("program_id.state", "=", "running"),
                ("phase", "not in", (*CLOSED_PHASES, "continued")),
                ("end_reminder_sent", "=", False),
            ]
        )
        tandems.filtered(
            lambda t: t.program_id.date_end
            - timedelta(days=t.program_id.end_reminder_days)
            <= today
        )._remind_end()

    def _remind_inactive(self):
        """Tandems still before their kick-off get a reminder to hold it; the
        others an activity for the mentor; the coordinators a notice."""
        today = fields.Date.context_today(self)
        for tandem in self:
            program = tandem.program_id
            if tandem.phase in ("proposed", "kickoff"):
                tandem._notify_members(
                    "reverse_mentoring.mail_template_kickoff_reminder",
                    tandem.mentor_id | tandem.mentee_id,
                )
                continue
            # In the language of the mentor asked.
            env = self.with_context(
                lang=tandem.mentor_id.work_contact_id.lang or self.env.lang
            ).env
            tandem.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Plan the next session"),
                note=env._(
                    "No session of %(tandem)s was held for %(days)s days.",
                    tandem=tandem.name,
                    days=program.reminder_days,
                ),
                user_id=(tandem.mentor_user_id or program.coordinator_ids[:1]).id,
            )
            tandem.message_post(
                body=self.env._(
                    "No session was held for %(days)s days: the mentor was asked to plan the next one.",  # noqa: E501
                    days=program.reminder_days,
                ),
                partner_ids=program.coordinator_ids.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self.inactivity_reminder_date = today

    def _remind_end(self):
        """Ask both people to wrap up and to answer the final evaluation."""
        for tandem in self:
            tandem._invite_final()
            tandem._notify_members(
                "reverse_mentoring.mail_template_end_approaching",
                tandem.mentor_id | tandem.mentee_id,
            )
        self.end_reminder_sent = True

    # ------------------------------------------------------------------ feedback

    def _invite_final(self):
        """The final evaluation for each member, according to their role."""
        for tandem in self:
            program = tandem.program_id
            invite = self.env["survey.user_input"]._mentoring_invite
            invite(tandem, program.final_mentee_survey_id, tandem.mentee_id)
            invite(tandem, program.final_mentor_survey_id, tandem.mentor_id)

    # ------------------------------------------------------------------ actions

    def _action_open_children(self, xml_id):
        self.ensure_one()
        return window_action(
            self.env,
            xml_id,
            [("tandem_id", "=", self.id)],
            {"default_tandem_id": self.id},
        )

    def action_open_sessions(self):
        return self._action_open_children("reverse_mentoring.action_mentoring_session")

    def action_open_goals(self):
        return self._action_open_children("reverse_mentoring.action_mentoring_goal")
