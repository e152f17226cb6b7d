"""Query budgets: the tandem kanban costs the same for 20 tandems as for 200."""

from odoo.tests import tagged

from .common import HEALTH_BAR, MentoringCase, kanban_specification

# Queries to read the kanban cards of one program, whatever its size.
KANBAN_QUERY_BUDGET = 13
# Queries for the kanban's columns and their progress bars (tandems by health).
COLUMNS_QUERY_BUDGET = 6


@tagged("is_query_count")
class TestKanbanQueries(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = kanban_specification(cls.env)

    def _program_with_tandems(self, count):
        program = self.env["mentoring.program"].create(
            {
                "name": f"{count} tandems",
                "company_id": self.company.id,
                "date_start": self.program.date_start,
                "date_end": self.program.date_end,
                "max_mentees_per_mentor": 10,
            }
        )
        mentor_count = count // 8  # each mentor takes eight mentees
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Person {index}", "company_id": self.company.id}
                for index in range(count + mentor_count)
            ]
        )
        mentors, mentees = employees[:mentor_count], employees[mentor_count:]
        self.env["mentoring.participant"].create(
            [
                {
                    "program_id": program.id,
                    "employee_id": e.id,
                    "role": "mentor",
                    "state": "confirmed",
                }
                for e in mentors
            ]
            + [
                {
                    "program_id": program.id,
                    "employee_id": e.id,
                    "role": "mentee",
                    "state": "confirmed",
                }
                for e in mentees
            ]
        )
        tandems = self.env["mentoring.tandem"].create(
            [
                {
                    "program_id": program.id,
                    "mentor_id": mentors[index % len(mentors)].id,
                    "mentee_id": mentee.id,
                    "stage_id": self.stage_active.id,
                }
                for index, mentee in enumerate(mentees)
            ]
        )
        for tandem in tandems:
            self._session(tandem, days=3)
            self.env["mentoring.goal"].create(
                {"tandem_id": tandem.id, "name": "Goal", "is_done": True}
            )
        tandems._update_health()
        tandems.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.coordinator.id
        )
        return program

    def _read_kanban(self, program):
        self.env.invalidate_all()
        result = (
            self.env["mentoring.tandem"]
            .with_user(self.coordinator)
            .web_search_read([("program_id", "=", program.id)], self.spec)
        )
        return result["records"]

    def _read_columns(self, program):
        """The kanban's columns with their counts, and the progress bars."""
        self.env.invalidate_all()
        tandems = self.env["mentoring.tandem"].with_user(self.coordinator)
        domain = [("program_id", "=", program.id)]
        columns = tandems.web_read_group(domain, ["stage_id"], ["stage_id"])
        bars = tandems.read_progress_bar(domain, "stage_id", HEALTH_BAR)
        return columns, bars

    def test_kanban_reads_200_tandems_with_the_queries_of_20(self):
        small, large = self._program_with_tandems(20), self._program_with_tandems(200)
        # Warm the registry caches (views, rules, access rights).
        self._read_kanban(small)
        self._read_columns(small)
        for program, count in ((small, 20), (large, 200)):
            with self.subTest(tandems=count):
                with self.assertQueryCount(KANBAN_QUERY_BUDGET):
                    records = self._read_kanban(program)
                self.assertEqual(len(records), count)
                self.assertTrue(
                    all(
                        record["progress"] == 100 and record["next_session_start"]
                        for record in records
                    )
                )
                self.assertTrue(
                    all(record["mentor_id"]["display_name"] for record in records)
                )
                with self.assertQueryCount(COLUMNS_QUERY_BUDGET):
                    columns, bars = self._read_columns(program)
                active = next(
                    c
                    for c in columns["groups"]
                    if c["stage_id"][0] == self.stage_active.id
                )
                self.assertEqual(active["stage_id_count"], count)
                # Every tandem in a bar of its column, by its health.
                self.assertEqual(sum(sum(bar.values()) for bar in bars.values()), count)
