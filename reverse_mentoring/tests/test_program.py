"""Programs: default window, lifecycle buttons and counters."""

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import MentoringCase


class TestProgram(MentoringCase):
    @freeze_time("2026-11-22")
    def test_new_program_runs_six_months_from_next_month(self):
        program = (
            self.env["mentoring.program"]
            .with_user(self.coordinator)
            .create({"name": "Next round"})
        )
        self.assertEqual(program.date_start, fields.Date.to_date("2026-12-01"))
        self.assertEqual(program.date_end, fields.Date.to_date("2027-05-31"))
        self.assertEqual(program.state, "draft")
        self.assertEqual(program.company_id, self.company)
        self.assertEqual(program.coordinator_ids, self.coordinator)

    def test_lifecycle_buttons(self):
        program = (
            self.env["mentoring.program"]
            .with_user(self.coordinator)
            .create({"name": "Lifecycle"})
        )
        program.action_open_enrollment()
        self.assertEqual(program.state, "enrollment")
        program.action_start()
        self.assertEqual(program.state, "running")
        program.action_close()
        self.assertEqual(program.state, "closed")

    def test_a_draft_program_may_start_without_enrolment_phase(self):
        program = (
            self.env["mentoring.program"]
            .with_user(self.coordinator)
            .create({"name": "Direct"})
        )
        program.action_start()
        self.assertEqual(program.state, "running")

    def test_refused_transitions(self):
        program = (
            self.env["mentoring.program"]
            .with_user(self.coordinator)
            .create({"name": "Strict"})
        )
        with self.assertRaisesRegex(UserError, "is Draft and cannot become Closed"):
            program.action_close()
        with self.assertRaisesRegex(UserError, "cannot become Draft"):
            program.action_reset_to_draft()
        program.action_cancel()
        with self.assertRaisesRegex(
            UserError, "is Cancelled and cannot become Running"
        ):
            program.action_start()
        program.action_reset_to_draft()
        self.assertEqual(program.state, "draft")

    def test_participant_cannot_press_the_buttons(self):
        with self.assertRaises(AccessError):
            self.program.with_user(self.mentee_user).action_close()
        self.assertEqual(self.program.state, "running")

    def test_counters(self):
        self._tandem(name="Second")  # one more mentor, mentee and tandem
        request = self._employee("Late Applicant", parent=self.ceo)
        self._enrol(request, "mentor", state="draft")
        self._session(self.tandem, days=-2).action_done()
        self._session(self.tandem, days=-1)  # planned, not held
        program = self.program.with_user(self.mentee_user)
        self.assertRecordValues(
            program,
            [
                {
                    "mentor_count": 2,
                    "mentee_count": 2,
                    "enrollment_request_count": 1,
                    "tandem_count": 2,
                    "open_tandem_count": 2,
                    "session_done_count": 1,
                }
            ],
        )
        self.tandem.stage_id = self.stage_done
        self.program.invalidate_recordset()
        self.assertEqual(self.program.open_tandem_count, 1)

    def test_window_follows_the_company_time_zone(self):
        first, last = self.program._window_bounds()
        # Zurich is one or two hours ahead of UTC:
        # in UTC, the window starts the evening before.
        self.assertEqual(first.date(), self.program.date_start - relativedelta(days=1))
        self.assertIn(first.hour, (22, 23))
        self.assertEqual(last.date(), self.program.date_end)

    def test_settings_keep_retention_per_company_and_threshold(self):
        settings = self.env["res.config.settings"].create(
            {"mentoring_retention_months": 36, "mentoring_background_threshold": 500}
        )
        settings.execute()
        self.assertEqual(self.env.company.mentoring_retention_months, 36)
        self.assertEqual(
            self.env["ir.config_parameter"].get_param(
                "reverse_mentoring.background_matching_threshold"
            ),
            "500",
        )
        with self.assertRaises(ValidationError):
            self.env.company.mentoring_retention_months = 0
        self.assertEqual(self.env.company.mentoring_retention_months, 36)
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.mentoring_admin).create(
                {"mentoring_retention_months": 1}
            )
