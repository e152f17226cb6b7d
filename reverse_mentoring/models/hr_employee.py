from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .mentoring_participant import ROLES
from .mentoring_tandem_stage import CLOSED_PHASES
from .utils import window_action

# The roles of mentoring.participant, plus none and both for a person.
MENTORING_ROLES = [("none", "None"), *ROLES, ("both", "Mentor and Mentee")]


def set_mentoring_counts(records):
    """Set the participation and tandem counts of employees or public profiles.

    A public profile shares the id of its employee.
    """
    env = records.env
    ids = records.ids
    participations = dict(
        env["mentoring.participant"]._read_group(
            [("employee_id", "in", ids)], ["employee_id"], ["__count"]
        )
    )
    tandem_model = env["mentoring.tandem"]
    as_mentor = dict(
        tandem_model._read_group([("mentor_id", "in", ids)], ["mentor_id"], ["__count"])
    )
    as_mentee = dict(
        tandem_model._read_group([("mentee_id", "in", ids)], ["mentee_id"], ["__count"])
    )
    for record in records:
        employee = env["hr.employee"].browse(record.id)
        record.mentoring_participation_count = participations.get(employee, 0)
        record.mentoring_tandem_count = as_mentor.get(employee, 0) + as_mentee.get(
            employee, 0
        )


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    mentoring_participant_ids = fields.One2many(
        "mentoring.participant",
        "employee_id",
        string="Mentoring Participations",
        # Not on the public profile: other employees read hr.employee through it.
        groups="hr.group_hr_user",
    )
    mentoring_role = fields.Selection(
        MENTORING_ROLES,
        compute="_compute_mentoring_role",
        store=True,
        default="none",
        help="The role this person holds in the reverse-mentoring programs "
        "that are not over yet.",
    )
    mentoring_participation_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )
    mentoring_tandem_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends(
        "mentoring_participant_ids.role",
        "mentoring_participant_ids.state",
        "mentoring_participant_ids.program_id.state",
    )
    def _compute_mentoring_role(self):
        for employee in self:
            roles = set(
                employee.mentoring_participant_ids.filtered(
                    lambda p: (
                        p.state not in ("cancelled", "left")
                        and p.program_id.state not in ("closed", "cancelled")
                    )
                ).mapped("role")
            )
            if len(roles) == 2:
                employee.mentoring_role = "both"
            else:
                employee.mentoring_role = roles.pop() if roles else "none"

    def _compute_mentoring_counts(self):
        set_mentoring_counts(self)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        self._check_mentoring_identity(vals)
        result = super().write(vals)
        if "active" in vals and not vals["active"]:
            self._mentoring_depart()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_mentoring_data(self):
        """Refuse to delete people who still have mentoring records.

        Their participations and tandems count in the programs' figures: HR
        erases their mentoring data first, which keeps the records anonymous.
        """
        # sudo: whether mentoring records exist, whoever may read them.
        blocked = self.sudo()._mentoring_records_of()
        if blocked:
            raise UserError(
                self.env._(
                    "%(names)s still take part in reverse mentoring. Erase their mentoring data first (Erase Mentoring Data on the employee form): their participations and tandems then stay as anonymous records, and the employee can be deleted.",  # noqa: E501
                    names=", ".join(sorted(blocked.mapped("name"))),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_mentoring_participations(self):
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_participant",
            [("employee_id", "=", self.id)],
        )

    def action_open_mentoring_tandems(self):
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_tandem",
            ["|", ("mentor_id", "=", self.id), ("mentee_id", "=", self.id)],
        )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _check_mentoring_identity(self, vals):
        """Who takes part in reverse mentoring stays who they are.

        The user of an employee is the member of their tandems and a reader
        of their private notes; their user's contact answers their feedback.
        Whoever could re-link them (an HR officer linking a member to their
        own user, or pointing them at another contact) would read what belongs
        to the tandem's two people. So, once an employee has a participation or
        a tandem, their user and work contact are only ever removed, never set
        to another one, except by the superuser (who reads every table
        anyway); after an erasure, they are free again.
        """
        new = {
            name: vals[name]
            for name in ("user_id", "work_contact_id")
            if vals.get(name)
        }
        if self.env.su or not new:
            return
        # sudo: the link and the mentoring records, whoever edits the employee.
        changed = self.sudo().filtered(
            lambda employee: any(
                employee[name].id != value for name, value in new.items()
            )
        )
        taking_part = changed._mentoring_records_of()
        if taking_part:
            raise UserError(
                self.env._(
                    "%(names)s take part in reverse mentoring: their user and work contact name them in their tandems, private notes and feedback, and cannot be changed to another one.",  # noqa: E501
                    names=", ".join(sorted(taking_part.mapped("name"))),
                )
            )

    def _mentoring_records_of(self):
        """Those of these employees who have participations or tandems."""
        participants = self.env["mentoring.participant"].search(
            [("employee_id", "in", self.ids)]
        )
        tandems = self.env["mentoring.tandem"].search(
            ["|", ("mentor_id", "in", self.ids), ("mentee_id", "in", self.ids)]
        )
        return participants.employee_id | (
            (tandems.mentor_id | tandems.mentee_id) & self
        )

    def _mentoring_depart(self):
        """These people left: their open tandems and participations end as left.

        Called when the employee, or their user, is archived (by whoever may
        do that, e.g. HR through the departure wizard); reactivating them
        later reopens nothing. sudo: their tandems and participations may lie
        in programs the person archiving them does not read.
        """
        employees = self.sudo()
        tandems = (
            self.env["mentoring.tandem"]
            .sudo()
            .search(
                [
                    ("phase", "not in", CLOSED_PHASES),
                    "|",
                    ("mentor_id", "in", employees.ids),
                    ("mentee_id", "in", employees.ids),
                ]
            )
        )
        for tandem in tandems:
            tandem._end_as_left((tandem.mentor_id | tandem.mentee_id) & employees)
        employees.mentoring_participant_ids._end_as_left()

    def _mentoring_reporting_lines(self):
        """{employee id: ids of every manager above them}, at any depth, in one query.

        The one reporting-line rule of the addon: the tandem constraint and the
        matching both use it (nobody mentors anyone in their own reporting
        line; the number of managers above someone is their hierarchy depth).
        hr.employee keeps no parent_path, so the line is walked in SQL. It is
        read whoever asks, like an integrity rule: records the user may not
        read still count. Every employee of `self` is a key.
        """
        self.env["hr.employee"].flush_model(["parent_id"])
        # UNION, not UNION ALL: the walk stops on a cycle instead of looping.
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE chain(employee_id, manager_id) AS (
                    SELECT id, parent_id FROM hr_employee
                     WHERE id = ANY(%(ids)s) AND parent_id IS NOT NULL
                    UNION
                    SELECT chain.employee_id, boss.parent_id
                      FROM chain JOIN hr_employee boss ON boss.id = chain.manager_id
                     WHERE boss.parent_id IS NOT NULL
                )
                SELECT employee_id, manager_id FROM chain
                """,
                ids=self.ids,
            )
        )
        managers = {employee_id: [] for employee_id in self.ids}
        for employee_id, manager_id in self.env.cr.fetchall():
            managers[employee_id].append(manager_id)
        return managers

    # ------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------

    @api.model
    def _mentoring_my_employees(self):
        """The current user's own employees, in every company."""
        # sudo: portal users may not read employees; only their own are kept.
        employees = (
            self.sudo()
            .with_context(active_test=False)
            .search([("user_id", "=", self.env.uid)])
        )
        return employees.sudo(False)

    def _mentoring_check_hr(self):
        """HR officers who may edit these employees, and nobody else."""
        if not self.env.su and not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(
                self.env._(
                    "Only HR officers export or erase the mentoring data of other people."  # noqa: E501
                )
            )
        # Their company rules apply: an HR officer of another company is refused.
        self.check_access("write")

    def _mentoring_is_own(self):
        self.ensure_one()
        # sudo: the link to the user, which portal users may not read.
        return self.sudo().user_id == self.env.user
