"""What a program achieved: results against targets, cost, talent spotting."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.misc import format_date

from .common import COORDINATOR_GROUPS, MentoringCase
from .test_feedback import FeedbackCase


class TestResults(FeedbackCase):
    def test_results_on_a_known_program(self):
        self.program.hourly_cost = 100.0
        closing = self._tandem(name="Closing", stage_id=self.stage_closing.id)
        early = self._tandem(name="Early", stage_id=self.stage_active.id)
        self._tandem(name="Stopped", stage_id=self.stage_cancelled.id)
        # Matched just now: it has had no chance to meet yet.
        self._tandem(name="Just Proposed", stage_id=self.stage_proposed.id)
        for tandem, days, hours in ((self.tandem, -3, 1.0), (closing, -2, 1.5)):
            self._session(tandem, days=days, duration=hours).action_done()
        closing.write({"continue_mentor_agreed": True, "continue_mentee_agreed": True})
        early.write({"closed_early": True, "stage_id": self.stage_done.id})
        self.goal.is_done = True
        self.env["mentoring.goal"].create({"tandem_id": closing.id, "name": "Open"})
        program = self.program.with_user(self.coordinator)
        self.assertRecordValues(
            program,
            [
                {
                    # planned_session of the common fixture
                    "session_planned_count": 1,
                    "session_done_count": 2,
                    # three tandems that started and were not cancelled
                    "sessions_per_tandem": 2 / 3,
                    "tandem_count": 5,
                    "open_tandem_count": 3,
                    "goal_done_share": 50.0,
                    "early_closure_count": 1,
                    # closing and done: the one closing goes on
                    "continuation_rate": 50.0,
                    "hours_spent": 5.0,
                    "cost_per_mentee": 5.0 * 100.0 / program.mentee_count,
                }
            ],
        )
        self.assertEqual(program.mentee_count, 5)

    def test_talent_spotting_is_for_hr_only(self):
        self.program.feedback_min_answers = 3
        second = self._tandem(name="Second")
        # Each mentor rated by three answers of their mentee, as shares of the
        # scales: 3 of 5 twice and 7 of 10, against 5 of 5 three times.
        for days in (1, 2):
            self._answer(
                self.tandem,
                self.pulse,
                self.mentee,
                {"q_pulse_useful": 3, "q_pulse_covered": "AI"},
                self._session(self.tandem, days=-days),
            )
        self._answer(
            self.tandem,
            self.final_mentee,
            self.mentee,
            {"q_mentee_recommend": 7, "q_mentee_goals": "a_mentee_goals_yes"},
        )
        for days in (1, 2, 3):
            self._answer(
                second,
                self.pulse,
                second.mentee_id,
                {"q_pulse_useful": 5, "q_pulse_covered": "AI"},
                self._session(second, days=-days),
            )
        # A mentor's own answer does not rate them.
        self._answer(
            self.tandem,
            self.final_mentor,
            self.mentor,
            {"q_mentor_recommend": 10, "q_mentor_goals": "a_mentor_goals_yes"},
        )
        hr_coordinator = self._user(
            "rm_hr_coordinator", f"{COORDINATOR_GROUPS},hr.group_hr_user"
        )
        self.assertEqual(
            self.program.with_user(hr_coordinator).top_mentor_ids.ids,
            (second.mentor_id | self.mentor).ids,
        )
        self.assertFalse(self.coordinator.has_group("hr.group_hr_user"))
        with self.assertRaises(AccessError):
            self.program.with_user(self.coordinator).read(["top_mentor_ids"])

    def test_a_goal_from_a_topic_takes_its_name_and_time_box(self):
        self.topic.time_box_days = 14
        with Form(self.env["mentoring.goal"]) as goal:
            goal.tandem_id = self.tandem
            goal.topic_id = self.topic
            self.assertEqual(goal.name, self.topic.name)
            self.assertEqual(
                goal.date_deadline, fields.Date.today() + timedelta(days=14)
            )


class TestCertificate(MentoringCase):
    REPORT = "reverse_mentoring.report_mentoring_certificate"

    def _render(self, user):
        report = self.env["ir.actions.report"].with_user(user)
        html, _kind = report._render_qweb_html(self.REPORT, self.tandem.ids)
        return html.decode()

    def test_certificate_of_each_member(self):
        self._session(self.tandem, days=-3, duration=1.5).action_done()
        self.goal.is_done = True
        self.tandem.stage_id = self.stage_done
        both = self._render(self.coordinator)
        self.assertEqual(both.count("o_mentoring_certificate_name"), 2)
        self.assertIn("took part as a mentor", both)
        self.assertIn("took part as a mentee", both)
        self.assertIn("Digital Leadership", both)
        self.assertIn("01:30", both)
        self.assertIn("Social media", both)
        own = self._render(self.mentee_user)
        self.assertEqual(own.count("o_mentoring_certificate_name"), 1)
        self.assertIn("took part as a mentee", own)
        self.assertNotIn("took part as a mentor", own)

    def test_only_done_tandems_are_certified(self):
        for stage in (self.stage_active, self.stage_cancelled):
            self.tandem.stage_id = stage
            with self.assertRaisesRegex(UserError, "once the tandem is done"):
                self._render(self.coordinator)

    def test_costs_and_feedback_figures_are_for_coordinators(self):
        self.program.hourly_cost = 90
        self.assertEqual(self.program.with_user(self.coordinator).hourly_cost, 90)
        program = self.program.with_user(self.mentee_user)
        self.assertEqual(program.name, "Digital Leadership")
        for field in ("hourly_cost", "cost_per_mentee", "promoter_share"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                program.read([field])

    def test_outsiders_print_nothing(self):
        with self.assertRaises(AccessError):
            self._render(self.other_user)


# Fields of the program's results, as the Results tab, the report and the
# dashboard read them.
RESULT_FIELDS = [
    "mentor_count",
    "mentee_count",
    "tandem_count",
    "open_tandem_count",
    "session_done_count",
    "session_planned_count",
    "sessions_per_tandem",
    "goal_done_share",
    "early_closure_rate",
    "continuation_rate",
    "hours_spent",
    "session_cost",
    "fixed_cost",
    "total_cost",
    "cost_per_mentee",
    "cost_reference_ratio",
    "results_by_month",
    "participation_by_place",
]


class ResultsCase(FeedbackCase):
    """A known program, its figures computed by hand in the comments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.ch")
        cls.board = cls.env["hr.department"].create(
            {"name": "Board", "company_id": cls.company.id}
        )
        cls.mentee.department_id = cls.board
        cls.program.write(
            {
                "hourly_cost": 100.0,
                "reference_cost": 1000.0,
                "objective": "Every leader posts on LinkedIn by May.",
            }
        )
        # Hourly costs from the Employees app for the first tandem only.
        cls.mentor.hourly_cost = 40.0
        cls.mentee.hourly_cost = 150.0
        cls.closing = cls._tandem(name="Closing", stage_id=cls.stage_closing.id)
        cls.held = cls._session(cls.tandem, days=-3, duration=1.5, state="done")
        cls._session(cls.closing, days=-2, duration=2.0, state="done")
        cls._session(cls.closing, days=-1, duration=4.0, state="cancelled")
        cls.goal.is_done = True
        program = cls.program.with_user(cls.coordinator)
        cls.env["mentoring.program.cost"].with_user(cls.coordinator).create(
            [
                {
                    "program_id": program.id,
                    "cost_type": "workshop",
                    "name": "Kick-off workshop",
                    "unit_cost": 500.0,
                },
                {
                    "program_id": program.id,
                    "cost_type": "coordination",
                    "name": "Coordination",
                    "quantity": 10.0,
                    "unit_cost": 60.0,
                },
            ]
        )


class TestOneComputation(ResultsCase):
    def test_figures_of_a_known_program(self):
        program = self.program.with_user(self.coordinator)
        self.assertRecordValues(
            program,
            [
                {
                    # Mia Junior and Closing Mentor; Hans Senior and Closing Mentee.
                    "mentor_count": 2,
                    "mentee_count": 2,
                    "tandem_count": 2,
                    # 1.5 h in the first tandem, 2 h in the closing one; the
                    # cancelled 4 h count nowhere; the fixture's session is planned.
                    "session_done_count": 2,
                    "session_planned_count": 1,
                    "sessions_per_tandem": 1.0,
                    # The only goal is reached.
                    "goal_done_share": 100.0,
                    # Both people sit in each session: 2 × (1.5 + 2) = 7 h.
                    "hours_spent": 7.0,
                    # Only two employees of the company have a cost, too few
                    # for an average: 7 h at the program's rate of 100.
                    "session_cost": 700.0,
                    # Workshop 1 × 500 + coordination 10 h × 60 = 1,100.
                    "fixed_cost": 1100.0,
                    # 700 + 1,100 = 1,800, for 2 mentees: 900 each,
                    # 90 % of the reference cost of 1,000 per executive.
                    "total_cost": 1800.0,
                    "cost_per_mentee": 900.0,
                    "cost_reference_ratio": 90.0,
                }
            ],
        )
        month = self.held.start.strftime("%Y-%m-01")
        self.assertIn(month, [row["month"] for row in program.results_by_month])
        self.assertEqual(sum(row["held"] for row in program.results_by_month), 2)
        self.assertEqual(sum(row["goals"] for row in program.results_by_month), 1)
        # Everybody works for the Swiss company; only Hans Senior is on the Board.
        self.assertEqual(
            program.participation_by_place,
            [
                {"country": "Switzerland", "department": "", "mentor": 2, "mentee": 1},
                {
                    "country": "Switzerland",
                    "department": "Board",
                    "mentor": 0,
                    "mentee": 1,
                },
            ],
        )

    def test_a_cost_changes_the_figures_at_once(self):
        program = self.program.with_user(self.coordinator)
        self.assertEqual(program.total_cost, 1800.0)
        program.cost_line_ids[0].unit_cost = 900.0
        # 1,800 - 500 + 900 = 2,200.
        self.assertEqual(program.total_cost, 2200.0)
        self.assertEqual(program.cost_per_mentee, 1100.0)


# Queries to compute every result of a program, whatever its size (one of
# them for the companies' average hourly costs).
RESULTS_QUERY_BUDGET = 19


@tagged("is_query_count")
class TestResultQueries(ResultsCase):
    def _program(self, tandems):
        program = self.program.copy({"name": f"{tandems} tandems"})
        for index in range(tandems):
            tandem = self._tandem(program, name=f"P{tandems}-{index}")
            tandem.mentor_id.hourly_cost = 30.0 if index % 2 else 0.0
            self._session(tandem, days=-2, state="done")
            self._session(tandem, days=3)
            self.env["mentoring.goal"].create(
                {"tandem_id": tandem.id, "name": "Goal", "is_done": True}
            )
            self.env["mentoring.program.cost"].create(
                {"program_id": program.id, "name": "Lunch", "unit_cost": 20.0}
            )
        return program

    def _results(self, program):
        self.env.invalidate_all()
        return program.with_user(self.coordinator).read(RESULT_FIELDS)[0]

    def test_results_cost_the_same_for_1_and_12_tandems(self):
        small, large = self._program(1), self._program(12)
        self._results(small)  # warm the caches (access rules are cached per user)
        with self.assertQueryCount(RESULTS_QUERY_BUDGET):
            figures = self._results(small)
        self.assertEqual(figures["session_done_count"], 1)
        with self.assertQueryCount(RESULTS_QUERY_BUDGET):
            figures = self._results(large)
        self.assertEqual(figures["session_done_count"], 12)
        # 8 employees of the company have a cost (40, 150 and 6 mentors at
        # 30): 46.25 on average, for the 12 × 2 person-hours = 1,110, plus 12
        # lunches of 20.
        self.assertEqual(figures["total_cost"], 1110.0 + 240.0)


class TestCostsAreForCoordinators(ResultsCase):
    """Individual hourly costs stay with HR; coordinators see program totals."""

    def test_coordinators_never_read_a_persons_hourly_cost(self):
        coordinator = self.coordinator
        self.assertFalse(coordinator.has_group("hr.group_hr_user"))
        mentee = self.mentee.with_user(coordinator)
        with self.assertRaises(AccessError):
            mentee.read(["hourly_cost"])
        # Searching or grouping by it is refused (for users without HR rights,
        # Odoo searches the public employees, which have no hourly cost).
        employees = self.env["hr.employee"].with_user(coordinator)
        with self.assertRaisesRegex(ValueError, "hr.employee.public.hourly_cost"):
            employees.search([("hourly_cost", "=", 150.0)])
        with self.assertRaises(AccessError):
            employees.read_group([], ["hourly_cost:sum"], [])
        tandems = self.env["mentoring.tandem"].with_user(coordinator)
        with self.assertRaises(AccessError):
            tandems.search([("mentee_id.hourly_cost", "=", 150.0)])
        # What the program shows are totals.
        program = self.program.with_user(coordinator)
        self.assertEqual(program.session_cost, 700.0)
        self.assertNotIn("hourly_cost", str(program.participation_by_place))
        # Nothing changed on the way.
        self.assertEqual(self.mentee.hourly_cost, 150.0)

    @classmethod
    def _colleagues_with_costs(cls, *costs):
        for cost in costs:
            cls._employee(f"Colleague at {cost}").hourly_cost = cost

    def _throw_away(self, name):
        """What a coordinator can set up: a program of their own at a rate of
        0, with one held hour of a tandem of two colleagues."""
        program = self.program.with_user(self.coordinator).copy(
            {"name": name, "hourly_cost": 0.0}
        )
        tandem = self._tandem(program, name=name)
        self._session(tandem, days=-2, state="done")
        return program, tandem

    def test_a_throw_away_program_shows_no_ones_hourly_cost(self):
        program, tandem = self._throw_away("Probe")
        tandem.mentee_id.hourly_cost = 150.0
        # Three employees with a cost, too few for an average: the rate of 0
        # prices every hour, whoever has a cost.
        self.assertEqual(program.session_cost, 0.0)
        # With five (40, 150, 150, 10 and 50), their average of 80 prices
        # every hour: the same as for two colleagues without a cost.
        self._colleagues_with_costs(10.0, 50.0)
        self.env.invalidate_all()
        self.assertEqual(program.session_cost, 160.0)
        other, _tandem = self._throw_away("Control")
        self.assertEqual(other.session_cost, 160.0)
        self.assertEqual(tandem.mentee_id.hourly_cost, 150.0)

    def test_the_rate_tells_nothing_of_who_has_a_cost(self):
        """An unsaved change of the rate moves the cost of session time by the
        rate times all hours spent (under the threshold) or not at all."""
        form = Form(self.program.with_user(self.coordinator))
        form.hourly_cost = 0.0
        at_zero = form.session_cost
        form.hourly_cost = 1.0
        self.assertEqual(form.session_cost - at_zero, form.hours_spent)
        self._colleagues_with_costs(10.0, 50.0, 150.0)
        form = Form(self.program.with_user(self.coordinator))
        form.hourly_cost = 0.0
        at_zero = form.session_cost
        form.hourly_cost = 1.0
        self.assertEqual(form.session_cost, at_zero)
        self.assertEqual(self.program.hourly_cost, 100.0)

    def test_a_known_program_at_the_company_average(self):
        # 40, 150, 10, 50 and 150: 80 on average; an archived employee and
        # one of another company are not counted.
        self._colleagues_with_costs(10.0, 50.0, 150.0)
        self._employee("Former", company=self.other_company).hourly_cost = 1000.0
        archived = self._employee("Archived")
        archived.write({"hourly_cost": 1000.0, "active": False})
        program = self.program.with_user(self.coordinator)
        # 7 person-hours × 80 = 560, plus the fixed costs of 1,100.
        self.assertRecordValues(
            program, [{"session_cost": 560.0, "total_cost": 1660.0}]
        )

    def test_hr_reads_hourly_costs_but_no_program_costs(self):
        hr_officer = self._user("rm_hr_officer", "base.group_user,hr.group_hr_user")
        self.assertEqual(self.mentee.with_user(hr_officer).hourly_cost, 150.0)
        for field in ("session_cost", "total_cost", "cost_line_ids"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                self.program.with_user(hr_officer).read([field])

    def test_cost_lines_belong_to_the_programs_coordinators(self):
        lines = self.program.cost_line_ids
        self.assertEqual(
            lines.with_user(self.coordinator).mapped("amount"), [500.0, 600.0]
        )
        self.assertEqual(len(lines.with_user(self.mentoring_admin).read(["amount"])), 2)
        hr_officer = self._user("rm_hr_officer", "base.group_user,hr.group_hr_user")
        survey_officer = self._user(
            "rm_survey_officer", "base.group_user,survey.group_survey_user"
        )
        portal = self._user("rm_portal", "base.group_portal")
        for user in (
            self.foreign_coordinator,
            self.mentee_user,
            self.other_user,
            hr_officer,
            survey_officer,
            portal,
        ):
            cost = self.env["mentoring.program.cost"].with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    lines.with_user(user).read(["amount"])
                if user == self.foreign_coordinator:
                    self.assertFalse(cost.search([("id", "in", lines.ids)]))
                else:
                    with self.assertRaises(AccessError):
                        cost.search([])
                with self.assertRaises(AccessError):
                    lines.with_user(user).write({"unit_cost": 1.0})
                with self.assertRaises(AccessError):
                    cost.create(
                        {
                            "program_id": self.program.id,
                            "name": "Mine",
                            "unit_cost": 1.0,
                        }
                    )
                with self.assertRaises(AccessError):
                    lines.with_user(user).unlink()
        self.assertEqual(lines.mapped("unit_cost"), [500.0, 60.0])
        self.assertEqual(len(self.program.cost_line_ids), 2)

    def test_the_program_of_a_cost_never_changes(self):
        other = self.program.copy({"name": "Other"})
        with self.assertRaisesRegex(UserError, "never changes"):
            self.program.cost_line_ids[0].with_user(self.coordinator).write(
                {"program_id": other.id}
            )


class TestAnalysisViews(ResultsCase):
    def test_sessions_and_goals_by_month_for_the_programs_coordinators(self):
        action = self.program.with_user(self.coordinator).action_open_session_analysis()
        self.assertEqual(action["view_mode"], "graph,pivot,list")
        sessions = self.env["mentoring.session"].with_user(self.coordinator)
        views = sessions.get_views([(False, "graph"), (False, "pivot")])["views"]
        self.assertIn('interval="month"', views["graph"]["arch"])
        by_month = sessions.read_group(
            action["domain"], ["duration:sum"], ["start:month", "state"], lazy=False
        )
        # Held: 1.5 h and 2 h; planned: the fixture's hour; the cancelled one is out.
        counts = {}
        for row in by_month:
            counts[row["state"]] = counts.get(row["state"], 0) + row["__count"]
        self.assertEqual(counts, {"done": 2, "planned": 1})
        goals = self.env["mentoring.goal"].with_user(self.coordinator)
        action = self.program.with_user(self.coordinator).action_open_goal_analysis()
        reached = goals.read_group(action["domain"], [], ["date_done:month"])
        self.assertEqual(sum(row["date_done_count"] for row in reached), 1)
        # A coordinator of another company finds none of them.
        self.assertFalse(
            self.env["mentoring.session"]
            .with_user(self.foreign_coordinator)
            .read_group([("program_id", "=", self.program.id)], [], ["start:month"])
        )
        self.assertFalse(
            self.env["mentoring.goal"]
            .with_user(self.foreign_coordinator)
            .search_count([("program_id", "=", self.program.id)])
        )


class TestProgramResultsReport(ResultsCase):
    REPORT = "reverse_mentoring.report_mentoring_program_results"

    def _render(self, user):
        report = self.env["ir.actions.report"].with_user(user)
        html, _kind = report._render_qweb_html(self.REPORT, self.program.ids)
        return html.decode()

    def test_the_report_shows_the_programs_own_figures(self):
        html = self._render(self.coordinator)
        program = self.program.with_user(self.coordinator)
        self.assertIn("Every leader posts on LinkedIn by May.", html)
        self.assertIn("Results against the targets", html)
        # Charts drawn on the server: inline SVG, no script.
        self.assertEqual(html.count('<svg xmlns="http://www.w3.org/2000/svg"'), 2)
        self.assertNotIn("<script", html.split("<body")[1])
        # The same figures as the Results tab: 900.00 per mentee, 90 % of the
        # reference, 1,800 in total; the sessions per tandem against 6.
        self.assertIn("900.00", html)
        self.assertIn("1,800.00", html)
        self.assertIn(">90</", html.replace(" ", "").replace("%", ""))
        self.assertEqual(program.sessions_per_tandem, 1.0)
        self.assertIn("1.0 of 6.0", html)
        self.assertIn("Board", html)
        self.assertIn("Switzerland", html)
        # No answer yet: no recommendation figure, no comment.
        self.assertIn("Not enough answers yet", html)
        self.assertNotIn("What participants said", html)

    def test_only_comments_the_minimum_allows(self):
        self.program.feedback_min_answers = 3
        for day in (1, 2):
            self._answer(
                self.tandem,
                self.pulse,
                self.mentee,
                {
                    "q_pulse_useful": 4,
                    "q_pulse_covered": "AI",
                    "q_pulse_comment": f"Eye-opener {day}",
                },
                self._session(self.tandem, days=-day - 5),
            )
        self.assertNotIn("Eye-opener", self._render(self.coordinator))
        # A new request computes the figures again.
        self.env.invalidate_all()
        self._answer(
            self.tandem,
            self.pulse,
            self.mentee,
            {
                "q_pulse_useful": 4,
                "q_pulse_covered": "AI",
                "q_pulse_comment": "Eye-opener 3",
            },
            self._session(self.tandem, days=-8),
        )
        html = self._render(self.coordinator)
        for day in (1, 2, 3):
            self.assertIn(f"Eye-opener {day}", html)
        self.assertNotIn(self.mentee.name, html)

    def test_in_the_language_of_the_reader(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env.ref(
            "reverse_mentoring.report_mentoring_program_results_document"
        ).update_field_translations(
            "arch_db", {"de_DE": {"Cost per mentee": "Kosten pro Mentee"}}
        )
        self.assertIn("Cost per mentee", self._render(self.coordinator))
        self.coordinator.lang = "de_DE"
        html = self._render(self.coordinator)
        self.assertIn("Kosten pro Mentee", html)
        self.assertIn("900,00", html)
        self.assertIn("1.800,00", html)
        german = self.env(context=dict(self.env.context, lang="de_DE"))
        month = format_date(german, self.held.start.date(), date_format="MMM y")
        self.assertIn(month, html)

    def test_only_coordinators_of_the_program_print_it(self):
        hr_officer = self._user("rm_hr_officer", "base.group_user,hr.group_hr_user")
        # The mentee reads the program, but not its results.
        self.assertEqual(
            self.program.with_user(self.mentee_user).name, "Digital Leadership"
        )
        for user in (
            self.mentee_user,
            self.other_user,
            self.foreign_coordinator,
            hr_officer,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._render(user)
        # The Print menu of the program offers it to its coordinators only.
        action = self.env.ref(
            "reverse_mentoring.action_report_mentoring_program_results"
        )
        for user, offered in ((self.coordinator, True), (self.mentee_user, False)):
            bindings = (
                self.env["ir.actions.actions"]
                .with_user(user)
                .get_bindings("mentoring.program")
            )
            printable = [report["id"] for report in bindings.get("report", ())]
            self.assertEqual(action.id in printable, offered, user.login)
