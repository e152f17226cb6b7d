from odoo import fields, models
from odoo.tools import SQL

from .mentoring_tandem_stage import CLOSED_PHASES

# The programs whose mentors count towards a person's current load.
CURRENT_STATES = ("enrollment", "running")


class MentoringMentorPool(models.Model):
    """One line per person who mentored or mentors in a program: the mentor pool.

    Read-only, for coordinators, and only for the people of their companies
    (record rule on the employee's company). It holds counts of the mentoring
    models and what every colleague sees on a public profile (name,
    department), nothing of HR's restricted data.
    """

    _name = "mentoring.mentor.pool"
    _description = "Mentor Pool"
    _auto = False
    _order = "program_count desc, employee_id"
    # What the view reads: pending writes are flushed before it is searched.
    _depends = {
        "mentoring.participant": [
            "employee_id",
            "program_id",
            "role",
            "state",
            "capacity",
        ],
        "mentoring.tandem": ["mentor_id", "program_id", "phase"],
        "mentoring.program": ["date_start", "state"],
        "hr.employee": ["active", "company_id", "department_id"],
    }

    employee_id = fields.Many2one("hr.employee", string="Mentor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    program_count = fields.Integer(string="Programs", readonly=True)
    last_date_start = fields.Date(
        string="Last Round",
        readonly=True,
        help="When the latest program this person mentors in starts.",
    )
    tandem_count = fields.Integer(
        string="Tandems",
        readonly=True,
        help="Tandems as a mentor, cancelled ones aside.",
    )
    done_tandem_count = fields.Integer(string="Tandems Done", readonly=True)
    open_tandem_count = fields.Integer(
        string="Open Tandems",
        readonly=True,
        help="Open tandems as a mentor in the programs open for enrolment or running.",
    )
    capacity = fields.Integer(
        readonly=True,
        help="Mentees this person takes in the programs open for enrolment or "
        "running, over all of them.",
    )
    free_capacity = fields.Integer(
        string="Free Places",
        readonly=True,
        help="Capacity minus open tandems: how many more mentees this person takes "
        "now.",
    )
    program_ids = fields.Many2many(
        "mentoring.program",
        string="Program History",
        compute="_compute_program_ids",
        help="The programs this person mentors or mentored in, among those you may "
        "read.",
    )

    def _compute_program_ids(self):
        """The programs as the reader: a coordinator lists only their companies'."""
        participations = self.env["mentoring.participant"].search_fetch(
            [
                ("employee_id", "in", self.ids),
                ("role", "=", "mentor"),
                ("state", "!=", "cancelled"),
            ],
            ["employee_id", "program_id"],
        )
        for line in self:
            line.program_ids = participations.filtered(
                lambda p, line=line: p.employee_id.id == line.id
            ).program_id

    @property
    def _table_query(self):
        return SQL(
            """
                    WITH mentoring AS (
                        SELECT p.employee_id,
                               COUNT(DISTINCT p.program_id) AS program_count,
                               MAX(program.date_start) AS last_date_start,
                               COALESCE(SUM(p.capacity) FILTER (
                                   WHERE program.state IN %(current)s
                               ), 0) AS capacity
                          FROM mentoring_participant p
                          JOIN mentoring_program program ON program.id = p.program_id
                         WHERE p.role = 'mentor' AND p.state != 'cancelled'
                      GROUP BY p.employee_id
                    ), tandems AS (
                        SELECT t.mentor_id AS employee_id,
                               COUNT(*) FILTER (WHERE t.phase != 'cancelled')
                                   AS tandem_count,
                               COUNT(*) FILTER (WHERE t.phase = 'done')
                                   AS done_tandem_count,
                               COUNT(*) FILTER (
                                   WHERE t.phase NOT IN %(closed)s
                                     AND program.state IN %(current)s
                               ) AS open_tandem_count
                          FROM mentoring_tandem t
                          JOIN mentoring_program program ON program.id = t.program_id
                      GROUP BY t.mentor_id
                    )
                    SELECT e.id AS id,
                           e.id AS employee_id,
                           e.company_id,
                           e.department_id,
                           m.program_count,
                           m.last_date_start,
                           COALESCE(t.tandem_count, 0) AS tandem_count,
                           COALESCE(t.done_tandem_count, 0) AS done_tandem_count,
                           COALESCE(t.open_tandem_count, 0) AS open_tandem_count,
                           m.capacity,
                           m.capacity - COALESCE(t.open_tandem_count, 0)
                               AS free_capacity
                      FROM mentoring m
                      JOIN hr_employee e ON e.id = m.employee_id
                 LEFT JOIN tandems t ON t.employee_id = m.employee_id
                     WHERE e.active
                """,
            current=CURRENT_STATES,
            closed=CLOSED_PHASES,
        )

    def action_open_participations(self):
        self.ensure_one()
        return (
            self.env["hr.employee"]
            .browse(self.id)
            .action_open_mentoring_participations()
        )
