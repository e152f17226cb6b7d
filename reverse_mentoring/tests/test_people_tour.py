"""Both say yes on a phone: a portal mentor and an internal mentee accept."""

from odoo.tests import tagged

from .common import PortalCase


@tagged("post_install", "-at_install", "is_tour")
class TestAcceptMatchTour(PortalCase):
    browser_size = "390x844"
    touch_enabled = True

    def _awaiting(self, tandem):
        tandem.write(
            {"stage_id": self.stage_proposed.id, "match_answer_required": True}
        )

    def test_portal_mentor_accepts_first(self):
        tandem = self.portal_tandem
        self._awaiting(tandem)
        self.start_tour(
            "/my/mentoring",
            "reverse_mentoring_portal_accept_match",
            login=self.portal_mentor_user.login,
        )
        self.env.invalidate_all()
        self.assertTrue(tandem.match_mentor_accepted)
        self.assertFalse(tandem.match_mentee_accepted)
        self.assertEqual(tandem.phase, "proposed", "the mentee has not answered yet")

    def test_internal_mentee_accepts_second_and_the_kickoff_begins(self):
        tandem = self.tandem
        self._awaiting(tandem)
        tandem.match_mentor_accepted = True
        self.start_tour(
            "/my/mentoring",
            "reverse_mentoring_portal_accept_match",
            login=self.mentee_user.login,
        )
        self.env.invalidate_all()
        self.assertTrue(tandem.match_mentee_accepted)
        self.assertEqual(tandem.phase, "kickoff")
