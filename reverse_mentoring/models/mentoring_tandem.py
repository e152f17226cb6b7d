from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .mentoring_participant import ROLES
from .mentoring_tandem_stage import CLOSED_PHASES, left_only_by_departure
from .utils import window_action

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


class MentoringTandem(models.Model):
    _name = "mentoring.tandem"
    _description = "Mentoring Tandem"
    _inherit = ["mentoring.guard.mixin", "mail.thread", "mail.activity.mixin"]
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
        help="How well the two fit together, from 0 to 100, as computed by the "
        "matching, without the points of a wish: who wished whom stays with the "
        "coordinators.",
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

    my_side = fields.Selection(
        ROLES,
        compute="_compute_my_side",
        help="The current user's side in this tandem, if they are a member.",
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

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

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
        roles = self.env["mentoring.participant"]._role_names()
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

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

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
            tandem.my_side = tandem._side_of(self.env.user)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Every stage on the coordinators' board, to move tandems into; on a
        member's board, only the stages their own tandems are in."""
        if self.env.user.has_group("reverse_mentoring.group_mentoring_coordinator"):
            return stages.search([])
        return stages

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

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

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

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
            return mine._get_records_action(name=mine.display_name)
        return actions._for_xml_id("reverse_mentoring.action_mentoring_tandem_my")

    def action_raise_concern(self):
        """The form of a new concern about this tandem, for one of its members."""
        self.ensure_one()
        self._check_member()
        return self.env["mentoring.concern"]._get_records_action(
            name=self.env._("Raise a Concern"),
            views=[(self.env.ref(RAISE_CONCERN_FORM).id, "form")],
            target="new",
            context={"default_tandem_id": self.id},
        )

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

    # ------------------------------------------------------------
    # MEMBERS
    # ------------------------------------------------------------

    def _side_of(self, person):
        """The side of `person` (an employee or a user) in this tandem:
        "mentor", "mentee", or False for anyone who is not one of its members.

        The one rule of who is which member of a tandem.
        """
        self.ensure_one()
        if person._name == "res.users":
            mentor, mentee = self.mentor_user_id, self.mentee_user_id
        else:
            mentor, mentee = self.mentor_id, self.mentee_id
        if person and person == mentor:
            return "mentor"
        if person and person == mentee:
            return "mentee"
        return False

    def _other_member(self, side):
        """The employee on the other side than `side`."""
        return self.mentee_id if side == "mentor" else self.mentor_id

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

    def _member_partners(self):
        # sudo: the contacts of the tandem's own two people, which a member
        # of another company or a portal member may not read.
        return (self.mentor_id | self.mentee_id).sudo().work_contact_id

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

    def _check_coordinator(self):
        """Refuse anyone but a coordinator who may change this tandem."""
        self.program_id._check_coordinated()
        self.check_access("write")

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
                mentoring_recipient_side=self._side_of(employee),
            ).message_post_with_source(
                template,
                partner_ids=partner.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _notify_proposed(self):
        """Tell both people, each in their own language, that they form a tandem."""
        for tandem in self:
            tandem._notify_members(
                "reverse_mentoring.mail_template_tandem_proposed",
                tandem.mentor_id | tandem.mentee_id,
            )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _check_left_stage(self, stage_ids):
        """Only the departure of a member moves a tandem into or out of Left."""
        stages = self.env["mentoring.tandem.stage"].browse(stage_ids)
        if not self.env.su and (
            "left" in stages.mapped("phase") or "left" in self.mapped("phase")
        ):
            raise left_only_by_departure(self.env)

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

    def _check_closable(self):
        if self.phase in CLOSED_PHASES:
            raise UserError(self.env._("This tandem is already closed."))

    def _move_to_phase(self, phase, message):
        stage = self.env["mentoring.tandem.stage"].search(
            [("phase", "=", phase)], limit=1
        )
        # sudo: the move follows an agreement of both members.
        self.sudo().stage_id = stage
        self.message_post(body=message, subtype_xmlid="mail.mt_note")

    def _future_sessions(self):
        """The planned sessions that have not started yet."""
        now = fields.Datetime.now()
        return self.session_ids.filtered(
            lambda s: s.state == "planned" and s.start > now
        )

    # ------------------------------------------------------------
    # REPORT
    # ------------------------------------------------------------

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
        own = [line for line in members if line[1] == self.my_side]
        return own or members
