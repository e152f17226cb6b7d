"""The demo data show every feature on the first `make run` (README's Quick start)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    def setUp(self):
        super().setUp()
        self.program = self.env.ref("reverse_mentoring.demo_program_digital_leadership")

    def test_a_portal_mentor_of_a_partner_organisation(self):
        user = self.env["res.users"].search([("login", "=", "mentor")])
        self.assertTrue(user._is_portal())
        # The password the README names (refused, this raises AccessDenied).
        user.with_user(user)._check_credentials(
            {"type": "password", "password": "mentor"}, {"interactive": False}
        )
        employee = self.env.ref("reverse_mentoring.demo_employee_brandt")
        self.assertEqual(employee.user_id, user)
        self.assertNotEqual(employee.company_id, self.program.company_id)
        self.assertTrue(self.program.allow_cross_company)
        tandems = self.env["mentoring.tandem"].search([("mentor_id", "=", employee.id)])
        tandem = tandems.filtered(lambda t: t.phase == "active")
        self.assertTrue(tandem)
        self.assertTrue(
            (tandems - tandem).filtered("awaits_acceptance"),
            "a second match waits for her answer",
        )
        self.assertTrue(
            self.env["survey.user_input"]._mentoring_pending(tandem, user.partner_id),
            "a pulse waits on her portal",
        )

    def test_the_matching_explains_with_real_data(self):
        wizard = self.env["mentoring.matching.wizard"].create(
            {"program_id": self.program.id}
        )
        wizard.action_compute()
        self.assertTrue(wizard.line_ids, "mentees wait for the matching")
        explanations = "\n".join(wizard.line_ids.mapped("explanation"))
        self.assertNotIn("not recorded", explanations)

    def test_briefings_cohort_events_goals_and_a_closed_program(self):
        self.assertTrue(self.program.mentor_briefing_ids)
        self.assertTrue(self.program.mentee_briefing_ids)
        briefings = self.program.mentor_briefing_ids | self.program.mentee_briefing_ids
        self.assertEqual(set(briefings.mapped("res_id")), {self.program.id})
        events = self.env["mentoring.cohort.event"].search(
            [("program_id", "=", self.program.id)]
        )
        past = events.filtered(lambda e: e.attended_count)
        self.assertTrue(
            past and events - past, "one past event with attendance, one ahead"
        )
        months = {
            goal.date_done.strftime("%Y-%m")
            for goal in self.env["mentoring.goal"].search([("is_done", "=", True)])
        }
        self.assertGreaterEqual(len(months), 3, "goals reached over several months")
        closed_programs = self.env["mentoring.program"].search(
            [("state", "=", "closed")]
        )
        self.assertTrue(closed_programs, "a closed program with results")
        for closed in closed_programs:
            self.assertTrue(closed.date_closed)
            self.assertTrue(closed.tandem_ids)
            self.assertEqual(set(closed.tandem_ids.mapped("phase")), {"done"})
