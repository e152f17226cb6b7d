"""Browser tours in Chromium, as a coordinator would click."""

from odoo.tests import HttpCase, tagged

from .common import MentoringCase


@tagged("post_install", "-at_install", "is_tour")
class TestTandemKanbanTour(MentoringCase, HttpCase):
    def test_coordinator_moves_a_tandem_from_kickoff_to_active(self):
        self.tandem.stage_id = self.stage_kickoff
        self.start_tour(
            "/odoo/action-reverse_mentoring.action_mentoring_tandem",
            "reverse_mentoring_tandem_kanban",
            login=self.coordinator.login,
        )
        self.assertEqual(self.tandem.stage_id, self.stage_active)
