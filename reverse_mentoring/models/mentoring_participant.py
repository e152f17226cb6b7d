from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .mentoring_tandem_stage import CLOSED_PHASES
from .utils import schedule_coordinator_activities

ROLES = [("mentor", "Mentor"), ("mentee", "Mentee")]


class MentoringParticipant(models.Model):
    _name = "mentoring.participant"
    _description = "Program Participant"
    _inherit = [
        "mentoring.guard.mixin",
        "mentoring.search.scope.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
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
            ("left", "Left"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    open_tandem_count = fields.Integer(
        string="Open Tandems", compute="_compute_open_tandem_count"
    )

    reenroll_program_id = fields.Many2one(
        "mentoring.program",
        string="Next Round Open",
        compute="_compute_reenroll_program_id",
        help="The next round of this program, open for enrolment now, in which "
        "this mentor may enrol again with one click.",
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
        roles = self._role_names()
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
                        "%(employee)s works for %(company)s, but the program %(program)s only admits employees of %(program_company)s. Allow cross-company tandems on the program to enrol them.",  # noqa: E501
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
                        "%(name)s already mentors %(count)s open tandems in %(program)s; their capacity cannot be lower.",  # noqa: E501
                        name=mentor.employee_id.name,
                        count=counts[mentor.id],
                        program=mentor.program_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        participants = super().create(vals_list)
        participants.program_id._sync_cohort_attendees()
        return participants

    def write(self, vals):
        if vals.get("state") == "left" and not self.env.su:
            raise AccessError(
                self.env._(
                    "A participation ends as left only when the person leaves the company."  # noqa: E501
                )
            )
        if {"program_id", "employee_id", "role"} & set(vals) and any(
            self._count_open_tandems().values()
        ):
            raise UserError(
                self.env._(
                    "This participant is in an open tandem: close or cancel the tandem before changing the program, person or role."  # noqa: E501
                )
            )
        result = super().write(vals)
        if {"state", "role"} & set(vals):
            self.program_id._sync_cohort_attendees()
        return result

    def action_confirm(self):
        """A coordinator accepts the enrolment.

        Matching only uses confirmed participants.
        """
        self.filtered(lambda p: p.state != "confirmed").write({"state": "confirmed"})
        return True

    def action_cancel(self):
        counts = self._count_open_tandems()
        busy = self.filtered(lambda p: counts[p.id])
        if busy:
            raise UserError(
                self.env._(
                    "Close or cancel the open tandems of %(names)s before cancelling their participation.",  # noqa: E501
                    names=", ".join(busy.mapped("employee_id.name")),
                )
            )
        self.write({"state": "cancelled"})
        return True

    def action_reset_to_draft(self):
        self.write({"state": "draft"})
        return True

    def _schedule_coordinator_activities(self, texts):
        """A to-do for each coordinator of the program on these participations.

        `texts(env)` gives the summary and the note in the language of `env`,
        which is the coordinator's. Besides the coordinators, only the person
        of the participation reads it: never their tandem partner.
        """
        for participation in self:
            schedule_coordinator_activities(
                participation, participation.sudo().program_id.coordinator_ids, texts
            )

    def _end_as_left(self):
        """End the open participations of people who left the company.

        Programs that are over keep their participants as they were.
        """
        # sudo: called by the departure, checked by the archiving of the
        # employee or user; the state is the addon's to set.
        self.sudo().filtered(
            lambda p: p.state in ("draft", "confirmed")
            and p.program_id.state not in ("closed", "cancelled")
        ).write({"state": "left"})

    # ------------------------------------------------------------------ enrolment

    def _role_names(self):
        """{role: its name in the language of this environment}."""
        return dict(self._fields["role"]._description_selection(self.env))

    @api.model
    def _self_enroll(self, program, role, topics, motivation=False, capacity=None):
        """Enrol the current user's employee in `program`; a coordinator confirms.

        Of `topics`, only those the program offers are kept; a mentor's
        `capacity` defaults to the program's.
        """
        program.ensure_one()
        program._check_open_for_enrollment()
        if role not in self._role_names():
            raise UserError(
                self.env._("Choose whether you enrol as mentor or as mentee.")
            )
        # The employee in the program's company first, then one elsewhere
        # where the program admits other companies.
        employee = self.env.user.employee_ids.sorted(
            lambda e: e.company_id != program.company_id
        ).filtered(
            lambda e: e.company_id == program.company_id or program.allow_cross_company
        )[:1]
        if not employee:
            raise UserError(
                self.env._(
                    "Your user is not linked to an employee who may take part in %(program)s.",  # noqa: E501
                    program=program.name,
                )
            )
        # sudo: the employee may not read the other participations of the program.
        if self.sudo().search_count(
            [
                ("program_id", "=", program.id),
                ("employee_id", "=", employee.id),
                ("role", "=", role),
            ],
            limit=1,
        ):
            raise UserError(
                self.env._(
                    "You are already enrolled in %(program)s as %(role)s.",
                    program=program.name,
                    role=self._role_names()[role],
                )
            )
        # sudo: employees may not create participations; they enrol only
        # themselves, in a program open for enrolment, checked just above.
        participant = self.sudo().create(
            {
                "program_id": program.id,
                "employee_id": employee.id,
                "role": role,
                "topic_ids": [
                    fields.Command.set((topics & program._enrollment_topics()).ids)
                ],
                "motivation": motivation,
                **({"capacity": capacity} if capacity else {}),
            }
        )
        participant._notify_coordinators()
        return participant

    @api.model
    def _reenroll_source(self, program):
        """The current user's latest confirmed mentor participation before `program`.

        A participation in an earlier round of the same chain of rounds; an
        empty recordset when there is none.
        """
        return self.search(
            [
                ("user_id", "=", self.env.uid),
                ("role", "=", "mentor"),
                ("state", "=", "confirmed"),
                ("program_id", "in", program._earlier_rounds().ids),
            ],
            # The programs' own order: the latest round first.
            order="program_id",
            limit=1,
        )

    @api.model
    def _reenroll_as_mentor(self, program):
        """Enrol the current user as a mentor of `program` again, in one click.

        They must have been a confirmed mentor of an earlier round; their
        topics and capacity come along. `_self_enroll` does the rest: the
        round must be open, and nobody is enrolled twice.
        """
        source = self._reenroll_source(program)
        if not source:
            raise UserError(
                self.env._(
                    "Only the mentors of an earlier round of %(program)s enrol again in one click; enrol with the Enrol button instead.",  # noqa: E501
                    program=program.name,
                )
            )
        return self._self_enroll(
            program,
            "mentor",
            source.topic_ids,
            source.motivation,
            capacity=source.capacity,
        )

    def _compute_reenroll_program_id(self):
        """The round open now that this mentor of an earlier round may join again.

        Shown to the mentor themselves only, while they are not enrolled in it.
        """
        employees = self.env.user.employee_ids
        for participant in self:
            participant.reenroll_program_id = False
            if (
                participant.user_id != self.env.user
                or participant.role != "mentor"
                or participant.state != "confirmed"
            ):
                continue
            # sudo: the next rounds are shown whatever the mentor may read of
            # them; enrolment itself checks everything again, as the mentor.
            for program in (
                participant.program_id.sudo()._later_rounds().sorted("date_start")
            ):
                if (
                    program._is_open_for_enrollment()
                    and (
                        program.allow_cross_company
                        or program.company_id in employees.company_id
                    )
                    and not program.participant_ids.filtered(
                        lambda p: p.role == "mentor" and p.employee_id in employees
                    )
                ):
                    participant.reenroll_program_id = program.id
                    break

    def action_reenroll(self):
        """A mentor enrols in the next round again, with their topics and capacity."""
        self.ensure_one()
        if self.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(name)s enrols themselves again.",
                    name=self.employee_id.name,
                )
            )
        if not self.reenroll_program_id:
            raise UserError(
                self.env._(
                    "No next round of %(program)s takes enrolments now.",
                    program=self.program_id.name,
                )
            )
        # sudo: the round, which a mentor of another company may not read in
        # the back end; the enrolment checks it again and enrols only them.
        self._reenroll_as_mentor(self.reenroll_program_id.sudo())
        return True

    def _notify_coordinators(self):
        """Tell the coordinators, and only them, that these people enrolled.

        Who enrols is not news for the program's chatter, which every employee
        reads while enrolment is open: the coordinators get a notification of
        their own (a message the other readers of the program do not reach).
        """
        for participant in self:
            program = participant.program_id
            by_lang = {}
            # sudo: the enrolling employee may not read the coordinators' partners.
            for partner in program.sudo().coordinator_ids.partner_id:
                by_lang.setdefault(partner.lang or self.env.lang, []).append(partner.id)
            for lang, partner_ids in by_lang.items():
                # In the language of the coordinators told, not of the employee.
                env = self.with_context(lang=lang).env
                # sudo: the employee may post on no program; this notification
                # reaches the coordinators only.
                program.with_env(env).sudo().message_notify(
                    partner_ids=partner_ids,
                    body=env._(
                        "%(employee)s enrolled in %(program)s as %(role)s and waits for confirmation.",  # noqa: E501
                        employee=participant.employee_id.name,
                        program=program.name,
                        role=participant.with_env(env)._role_names()[participant.role],
                    ),
                    subject=env._("New enrolment in %(program)s", program=program.name),
                )

    @api.model
    def _enroll_mandatory(self, program, employees):
        """Enrol `employees` as confirmed mentees of `program` and tell each of them.

        Who already takes part in the program, in either role, is left as is.
        """
        program.ensure_one()
        if program.state not in ("enrollment", "running"):
            raise UserError(
                self.env._(
                    "Mentees are enrolled while %(program)s is open for enrolment or running.",  # noqa: E501
                    program=program.name,
                )
            )
        new = employees - program.participant_ids.employee_id
        participants = self.create(
            [
                {
                    "program_id": program.id,
                    "employee_id": employee.id,
                    "role": "mentee",
                    "mandatory": True,
                    "state": "confirmed",
                }
                for employee in new
            ]
        )
        for participant in participants:
            contact = participant.employee_id.work_contact_id
            # In the language of the person told, not of the coordinator.
            env = self.with_context(lang=contact.lang or self.env.lang).env
            participant.message_post(
                body=env._(
                    "You take part in the reverse-mentoring program %(program)s as a mentee: a younger colleague will coach you on digital topics. Please tell us what you want to learn.",  # noqa: E501
                    program=program.name,
                ),
                partner_ids=contact.ids,
                subtype_xmlid="mail.mt_note",
            )
        return participants
