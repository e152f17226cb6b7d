from odoo import api, fields, models

from .mentoring_tandem_stage import CLOSED_PHASES

# A company's average hourly cost prices its people's session hours only when
# at least this many of its active employees have a cost: under it, the
# average would come close to one person's value.
COMPANY_COST_MIN_EMPLOYEES = 5


class MentoringProgramResults(models.Model):
    """What a program achieved and what it cost: the Results tab and report."""

    # Each concern of the program extends it from a file of its own.
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

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

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

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

    def _compute_top_mentor_ids(self):
        """Mentors ranked by their mentees' ratings, over enough answers each.

        A mentor's figure is the mean of the ratings their mentees gave on
        the rating questions (session usefulness and would recommend), each
        as a share of its scale; a mentor is ranked only when that figure
        rests on at least `feedback_min_answers` answers, so that the ranking
        never stands for what one answer said.
        """
        # HR officers see a ranking of names, never the answers.
        answers = self._feedback_lines(
            [
                ("question_id.mentoring_kpi", "in", ("usefulness", "recommend")),
                ("answer_type", "=", "scale"),
            ],
            ["user_input_id", "question_id", "value_scale"],
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
            minimum = program._min_answers()
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
