from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .mentoring_tandem_stage import CLOSED_PHASES

ROLES = [("mentor", "Mentor"), ("mentee", "Mentee")]


class MentoringParticipant(models.Model):
    _name = "mentoring.participant"
    _description = "Program Participant"
    _inherit = ["mentoring.guard", "mail.thread"]
    _fixed_fields = ("program_id", "employee_id")
    _text_limits = {"motivation": 5000}
    _order = "program_id, role, employee_id"

    program_id = fields.Many2one(
        "mentoring.program",
        string="Program",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Employee",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", store=True, index=True, string="User"
    )
    department_id = fields.Many2one(
        related="employee_id.department_id", string="Department"
    )
    role = fields.Selection(ROLES, required=True, tracking=True)
    topic_ids = fields.Many2many(
        "mentoring.topic",
        string="Topics",
        help="The topics a mentor offers to teach, or a mentee wants to learn.",
    )
    capacity = fields.Integer(
        compute="_compute_capacity",
        store=True,
        readonly=False,
        precompute=True,
        help="How many mentees this mentor takes in this program.",
    )
    motivation = fields.Text(help="Why the person takes part and what they expect.")
    accepts_remote = fields.Boolean(
        string="Open to Remote Sessions",
        default=True,
        help="The person is happy to meet by video call; matching may then pair "
        "them with someone from another site.",
    )
    avoid_employee_ids = fields.Many2many(
        "hr.employee",
        "mentoring_participant_avoid_rel",
        "participant_id",
        "employee_id",
        string="Not to Be Paired With",
        help="People this participant asked not to be paired with; "
        "the matching never proposes them.",
    )
    state = fields.Selection(
        [
            ("draft", "To Confirm"),
            ("confirmed", "Confirmed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    open_tandem_count = fields.Integer(
        string="Open Tandems", compute="_compute_open_tandem_count"
    )

    mandatory = fields.Boolean(
        readonly=True,
        help="The management made this participation mandatory.",
    )

    _sql_constraints = [
        (
            "employee_role_uniq",
            "UNIQUE(program_id, employee_id, role)",
            "An employee takes each role only once in a program.",
        ),
    ]

    @api.depends("program_id", "role")
    def _compute_capacity(self):
        for participant in self:
            if participant.role == "mentor":
                participant.capacity = (
                    participant.program_id.max_mentees_per_mentor or 1
                )
            else:
                participant.capacity = 1

    @api.depends("employee_id", "role", "program_id")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for participant in self:
            participant.display_name = self.env._(
                "%(employee)s (%(role)s)",
                employee=participant.employee_id.name or "",
                role=roles.get(participant.role, ""),
            )

    def _open_tandem_domain(self):
        """Domain of the open tandems these participants take part in, in their role."""
        domain = [
            ("phase", "not in", CLOSED_PHASES),
            ("program_id", "in", self.program_id.ids),
        ]
        mentors = self.filtered(lambda p: p.role == "mentor").employee_id
        mentees = self.filtered(lambda p: p.role == "mentee").employee_id
        return domain + [
            "|",
            ("mentor_id", "in", mentors.ids),
            ("mentee_id", "in", mentees.ids),
        ]

    def _count_open_tandems(self):
        """{participant id: open tandems in their program and role}.

        Counted for all readers alike, whatever they may read.
        """
        # sudo: integrity rules and counters must see every tandem of the program,
        # not only those the current user may read.
        tandems = self.env["mentoring.tandem"].sudo().search(self._open_tandem_domain())
        counts = Counter()
        for tandem in tandems:
            counts[tandem.program_id.id, "mentor", tandem.mentor_id.id] += 1
            counts[tandem.program_id.id, "mentee", tandem.mentee_id.id] += 1
        return {p.id: counts[p.program_id.id, p.role, p.employee_id.id] for p in self}

    def _compute_open_tandem_count(self):
        counts = self._origin._count_open_tandems()
        for participant in self:
            participant.open_tandem_count = counts.get(participant._origin.id, 0)

    @api.constrains("employee_id", "program_id")
    def _check_company(self):
        for participant in self:
            program = participant.program_id
            employee_company = participant.employee_id.company_id
            if (
                not program.allow_cross_company
                and employee_company
                and employee_company != program.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(employee)s works for %(company)s, but the program "
                        "%(program)s only admits "
                        "employees of %(program_company)s. Allow cross-company tandems "
                        "on the program "
                        "to enrol them.",
                        employee=participant.employee_id.name,
                        company=employee_company.name,
                        program=program.name,
                        program_company=program.company_id.name,
                    )
                )

    @api.constrains("capacity", "role")
    def _check_capacity(self):
        mentors = self.filtered(lambda p: p.role == "mentor")
        counts = mentors._count_open_tandems()
        for mentor in mentors:
            if mentor.capacity < 1:
                raise ValidationError(
                    self.env._(
                        "A mentor takes at least one mentee (%(name)s).",
                        name=mentor.employee_id.name,
                    )
                )
            if mentor.capacity < counts[mentor.id]:
                raise ValidationError(
                    self.env._(
                        "%(name)s already mentors %(count)s open tandems in "
                        "%(program)s; "
                        "their capacity cannot be lower.",
                        name=mentor.employee_id.name,
                        count=counts[mentor.id],
                        program=mentor.program_id.name,
                    )
                )

    def write(self, vals):
        if {"program_id", "employee_id", "role"} & set(vals) and any(
            self._count_open_tandems().values()
        ):
            raise UserError(
                self.env._(
                    "This participant is in an open tandem: close or cancel the tandem "
                    "before "
                    "changing the program, person or role."
                )
            )
        return super().write(vals)

    def action_confirm(self):
        """A coordinator accepts the enrolment.

        Matching only uses confirmed participants.
        """
        self.filtered(lambda p: p.state != "confirmed").write({"state": "confirmed"})

    def action_cancel(self):
        counts = self._count_open_tandems()
        busy = self.filtered(lambda p: counts[p.id])
        if busy:
            raise UserError(
                self.env._(
                    "Close or cancel the open tandems of %(names)s before cancelling "
                    "their participation.",
                    names=", ".join(busy.mapped("employee_id.name")),
                )
            )
        self.write({"state": "cancelled"})

    def action_reset_to_draft(self):
        self.write({"state": "draft"})
