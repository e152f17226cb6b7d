from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.resource.models.utils import Intervals

from .mentoring_tandem_stage import CLOSED_PHASES
from .utils import window_action

# Sessions start on a quarter of an hour.
SLOT_STEP = timedelta(minutes=15)


def _aware(value):
    return pytz.utc.localize(value)


def _busy_bounds(event):
    """When an event keeps its attendees busy: all-day events take whole days."""
    if not event.allday:
        return _aware(event.start), _aware(event.stop)
    first = datetime.combine(event.start.date(), datetime.min.time())
    last = datetime.combine(event.stop.date() + timedelta(days=1), datetime.min.time())
    return _aware(first), _aware(last)


def first_slot(free, duration):
    """Start of the first stretch of `duration` inside `free`, on a SLOT_STEP boundary.

    `free` are Intervals of aware datetimes; the start comes back naive, in UTC.
    """
    for start, stop, _records in free:
        naive = start.astimezone(pytz.utc).replace(tzinfo=None)
        rounded = naive + (SLOT_STEP - (naive - datetime.min) % SLOT_STEP) % SLOT_STEP
        if _aware(rounded) + duration <= stop:
            return rounded
    return None


class MentoringTandem(models.Model):
    _name = "mentoring.tandem"
    _description = "Mentoring Tandem"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "program_id desc, id desc"
    # Both members may write in the chatter of a tandem they can only read.
    _mail_post_access = "read"

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

    feedback_count = fields.Integer(
        string="Feedback", compute="_compute_feedback_count"
    )

    _sql_constraints = [
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

    def _compute_feedback_count(self):
        # sudo: the count of answers is shown to whoever sees the tandem; the
        # answers themselves stay behind the survey access rules.
        counts = dict(
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("mentoring_tandem_id", "in", self.ids), ("state", "=", "done")],
                ["mentoring_tandem_id"],
                ["__count"],
            )
        )
        for tandem in self:
            tandem.feedback_count = counts.get(tandem._origin, 0)

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
        for tandem in self:
            for boss, report in (
                (tandem.mentor_id, tandem.mentee_id),
                (tandem.mentee_id, tandem.mentor_id),
            ):
                if boss in report._mentoring_managers():
                    raise ValidationError(
                        self.env._(
                            "%(report)s reports to %(boss)s: nobody mentors anyone in "
                            "their own "
                            "reporting line.",
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
                            "%(name)s is not a confirmed %(role)s of the program "
                            "%(program)s: "
                            "enrol and confirm them first.",
                            name=employee.name,
                            role=roles[role],
                            program=tandem.program_id.name,
                        )
                    )

    @api.constrains("program_id", "mentor_id", "mentee_id", "stage_id")
    def _check_open_pair_unique(self):
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
                        "%(mentor)s and %(mentee)s already form an open tandem in "
                        "%(program)s.",
                        mentor=tandem.mentor_id.name,
                        mentee=tandem.mentee_id.name,
                        program=tandem.program_id.name,
                    )
                )

    @api.constrains("program_id", "mentor_id", "stage_id")
    def _check_mentor_capacity(self):
        # sudo: the capacity counts every tandem of the mentor, visible or not.
        mentors = (
            self.env["mentoring.participant"]
            .sudo()
            .search(
                [
                    ("program_id", "in", self.program_id.ids),
                    ("employee_id", "in", self.mentor_id.ids),
                    ("role", "=", "mentor"),
                ]
            )
        )
        counts = mentors._count_open_tandems()
        for mentor in mentors:
            if counts[mentor.id] > mentor.capacity:
                raise ValidationError(
                    self.env._(
                        "%(name)s can take %(capacity)s mentees in %(program)s and "
                        "would have "
                        "%(count)s open tandems.",
                        name=mentor.employee_id.name,
                        capacity=mentor.capacity,
                        program=mentor.program_id.name,
                        count=counts[mentor.id],
                    )
                )

    # ------------------------------------------------------------------ followers

    def _member_partners(self):
        return (self.mentor_id | self.mentee_id).work_contact_id

    @api.model_create_multi
    def create(self, vals_list):
        tandems = super().create(vals_list)
        for tandem in tandems:
            tandem.message_subscribe(partner_ids=tandem._member_partners().ids)
        return tandems

    def write(self, vals):
        people_change = {"mentor_id", "mentee_id"} & set(vals)
        changed = self.filtered(
            lambda t: any(t[f].id != vals[f] for f in people_change)
        )
        if changed.session_ids:
            raise UserError(
                self.env._(
                    "A tandem that has sessions keeps its two people, so that what was "
                    "said in it stays "
                    "between them: cancel this tandem and create a new one instead."
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
        template = self.env.ref("reverse_mentoring.mail_template_tandem_proposed")
        for tandem in self:
            for employee in tandem.mentor_id | tandem.mentee_id:
                partner = employee.work_contact_id
                if not partner:
                    continue
                tandem.with_context(
                    lang=partner.lang or self.env.lang,
                    mentoring_recipient=employee.name,
                ).message_post_with_source(
                    template,
                    partner_ids=partner.ids,
                    subtype_xmlid="mail.mt_note",
                )

    # ------------------------------------------------------------------ scheduling

    def _free_intervals(self, start, stop, ignore_events=None):
        """When both people can meet between `start` and `stop` (naive UTC).

        Both must be within their working hours, each in their own time zone,
        not on time off, and without another busy event in Calendar.
        """
        self.ensure_one()
        begin, end = _aware(start), _aware(stop)
        # sudo: working hours, time off and other people's meetings are read
        # only as busy or free times, never shown.
        people = (self.mentor_id | self.mentee_id).sudo()
        free = Intervals([(begin, end, self.env["resource.resource"])])
        for employee in people:
            calendar = (
                employee.resource_calendar_id
                or employee.company_id.resource_calendar_id
            )
            if calendar:
                resource = employee.resource_id
                free &= calendar._work_intervals_batch(begin, end, resources=resource)[
                    resource.id
                ]
        events = (
            self.env["calendar.event"]
            .sudo()
            .search_fetch(
                [
                    ("partner_ids", "in", people.work_contact_id.ids),
                    ("start", "<", stop),
                    ("stop", ">", start),
                    ("show_as", "=", "busy"),
                    ("id", "not in", (ignore_events or self.env["calendar.event"]).ids),
                ],
                ["start", "stop", "allday"],
            )
        )
        busy = Intervals(
            [(*_busy_bounds(event), self.env["resource.resource"]) for event in events]
        )
        return free - busy

    def _next_slot(self, start, stop, duration, ignore_events=None):
        """The earliest start of a common free stretch of `duration` hours, or None."""
        return first_slot(
            self._free_intervals(start, stop, ignore_events), timedelta(hours=duration)
        )

    def _remaining_series(self):
        """One proposed session start per remaining period of the program's cadence.

        Periods run from the later of now and the last session plus one period
        to the end of the program; a period without a common free slot is skipped.
        """
        self.ensure_one()
        program = self.program_id
        step = program._cadence_step()
        first, last = program._window_bounds()
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        latest = max(
            self.session_ids.filtered(lambda s: s.state != "cancelled").mapped("start"),
            default=None,
        )
        begin = max(first, now, latest + step if latest else first)
        starts = []
        while begin < last:
            end = min(begin + step, last)
            slot = self._next_slot(begin, end, program.session_duration)
            if slot:
                starts.append(slot)
            begin = end
        if not starts:
            raise self._no_common_time_error()
        return starts

    def _no_common_time_error(self):
        return UserError(
            self.env._(
                "%(mentor)s and %(mentee)s have no common free time left in the "
                "program %(program)s: check their working hours, time off and "
                "meetings, or plan a session by hand.",
                mentor=self.mentor_id.name,
                mentee=self.mentee_id.name,
                program=self.program_id.name,
            )
        )

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

    # ------------------------------------------------------------------ feedback

    def _invite_feedback(self, survey, employees, session=None):
        """Invite `employees` of this tandem to answer `survey`, by mail.

        Someone who already has an open invitation for the same survey, tandem
        and session gets no second one.
        """
        self.ensure_one()
        if not survey:
            return self.env["survey.user_input"]
        # sudo: a participant marking a session held has no rights on surveys;
        # the invitations are for the tandem's own two members.
        inputs = self.env["survey.user_input"].sudo()
        partners = employees.work_contact_id
        open_inputs = inputs.search(
            [
                ("survey_id", "=", survey.id),
                ("mentoring_tandem_id", "=", self.id),
                ("mentoring_session_id", "=", session.id if session else False),
                ("partner_id", "in", partners.ids),
                ("state", "!=", "done"),
            ]
        )
        template = self.env.ref("reverse_mentoring.mail_template_feedback_invite")
        invited = inputs
        for partner in partners - open_inputs.partner_id:
            answer = survey.sudo()._create_answer(
                partner=partner,
                check_attempts=False,
                mentoring_tandem_id=self.id,
                mentoring_session_id=session.id if session else False,
            )
            template.sudo().send_mail(answer.id)
            invited |= answer
        return invited

    def _invite_final(self):
        """The final evaluation for each member, according to their role."""
        for tandem in self:
            program = tandem.program_id
            tandem._invite_feedback(program.final_mentee_survey_id, tandem.mentee_id)
            tandem._invite_feedback(program.final_mentor_survey_id, tandem.mentor_id)

    def _pending_feedback(self, partner):
        """The survey invitations of these tandems that `partner` has not answered."""
        # sudo: a member reads their own invitations, even without survey rights.
        return (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [
                    ("mentoring_tandem_id", "in", self.ids),
                    ("partner_id", "=", partner.id),
                    ("state", "!=", "done"),
                ]
            )
        )

    def action_open_feedback(self):
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_feedback",
            [("mentoring_tandem_id", "=", self.id)],
        )

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
