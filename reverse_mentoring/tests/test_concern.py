"""Concerns: raised by a member, read by them and the program's coordinators only."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import COORDINATOR_GROUPS, HR_OFFICER_GROUPS, MentoringCase, PortalCase

CONCERN = "Hans cancelled our last four sessions at short notice."


class ConcernCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tandem.stage_id = cls.stage_active
        cls.hr_officer = cls._user("rm_concern_hr", HR_OFFICER_GROUPS)
        cls.survey_officer = cls._user(
            "rm_concern_survey", "base.group_user,survey.group_survey_user"
        )
        # A coordinator of the company who does not coordinate this program.
        cls.other_coordinator = cls._user("rm_concern_coord", COORDINATOR_GROUPS)

    def _raise(self, user=None, text=CONCERN, **vals):
        return (
            self.env["mentoring.concern"]
            .with_user(user or self.mentor_user)
            .create({"tandem_id": self.tandem.id, "description": text, **vals})
        )

    def _state(self):
        """Everything a refused attempt could have changed."""
        self.env.invalidate_all()
        concerns = self.env["mentoring.concern"].search([])
        return {
            "concerns": sorted(
                (c.id, c.tandem_id.id, c.user_id.id, c.description, c.state)
                for c in concerns
            ),
            "activities": sorted(
                (a.res_model, a.res_id, a.user_id.id)
                for a in self.env["mail.activity"].search([])
            ),
            "tandem_messages": self.tandem.message_ids.ids,
            "tandem_followers": self.tandem.message_partner_ids.ids,
        }

    # Everyone but the member who raised it and the program's coordinators.
    OUTSIDERS = (
        "mentee_user",
        "other_user",
        "hr_officer",
        "survey_officer",
        "other_coordinator",
        "foreign_coordinator",
    )


class TestConcern(ConcernCase):
    def test_member_raises_a_concern_the_partner_never_learns_of(self):
        messages = self.tandem.message_ids
        followers = self.tandem.message_partner_ids
        tandem_activities = self.tandem.activity_ids
        concern = self._raise()
        self.assertEqual(concern.user_id, self.mentor_user)
        self.assertEqual(concern.state, "open")
        # The coordinators get an activity on the concern, not on the tandem.
        activity = concern.activity_ids
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertEqual(self.tandem.activity_ids, tandem_activities)
        # Nothing reaches the tandem or the partner.
        self.assertEqual(self.tandem.message_ids, messages)
        self.assertEqual(self.tandem.message_partner_ids, followers)
        partner = self.mentee_user.partner_id
        self.assertNotIn(partner, concern.message_partner_ids)
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("res_partner_id", "=", partner.id),
                    ("mail_message_id.model", "=", "mentoring.concern"),
                ]
            )
        )
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "=", self.mentee_user.id)])
        )
        # The member and the coordinator read it.
        self.assertEqual(
            self.tandem.with_user(self.mentor_user).concern_ids.description, CONCERN
        )
        self.assertEqual(
            self.tandem.with_user(self.coordinator).concern_ids.description, CONCERN
        )

    def test_outsiders_neither_read_nor_change_a_concern(self):
        concern = self._raise()
        before = self._state()
        self.assertFalse(self.tandem.with_user(self.mentee_user).concern_ids)
        for user in self._outsiders():
            with self.subTest(user=user.login):
                as_user = self.env["mentoring.concern"].with_user(user)
                self.assertFalse(as_user.search([]))
                self.assertEqual(as_user.search_count([]), 0)
                with self.assertRaises(AccessError):
                    concern.with_user(user).read(["description", "state"])
                with self.assertRaises(AccessError):
                    concern.with_user(user).write({"state": "resolved"})
                with self.assertRaises(AccessError):
                    concern.with_user(user).action_resolve()
                with self.assertRaises(AccessError):
                    concern.with_user(user).unlink()
                self.assertFalse(
                    self.env["mail.activity"]
                    .with_user(user)
                    .search([("res_model", "=", "mentoring.concern")])
                )
                self.assertFalse(
                    self.env["mail.message"]
                    .with_user(user)
                    .search([("model", "=", "mentoring.concern")])
                )
        self.assertEqual(self._state(), before)

    def test_partner_who_coordinates_the_program_does_not_read_it(self):
        self.mentee_user.groups_id = [
            Command.link(
                self.env.ref("reverse_mentoring.group_mentoring_coordinator").id
            )
        ]
        self.program.coordinator_ids = [Command.link(self.mentee_user.id)]
        concern = self._raise()
        self.assertEqual(concern.activity_ids.user_id, self.coordinator)
        self.assertFalse(
            self.env["mentoring.concern"].with_user(self.mentee_user).search([])
        )
        with self.assertRaises(AccessError):
            concern.with_user(self.mentee_user).read(["description"])

    def test_only_a_member_raises_one_and_as_themselves(self):
        before = self._state()
        for user in (self.other_user, self.coordinator, self.hr_officer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._raise(user)
        self.assertEqual(self._state(), before)
        # Whoever the client names, the concern is the writer's.
        concern = (
            self.env["mentoring.concern"]
            .with_user(self.mentor_user)
            .with_context(default_user_id=self.mentee_user.id)
            .create(
                {
                    "tandem_id": self.tandem.id,
                    "description": CONCERN,
                    "user_id": self.mentee_user.id,
                }
            )
        )
        self.assertEqual(concern.user_id, self.mentor_user)
        with self.assertRaises(ValidationError):
            self._raise(text="   ")

    def test_member_sees_the_status_but_does_not_set_it(self):
        concern = self._raise()
        mine = concern.with_user(self.mentor_user)
        for change in (
            lambda: mine.write({"state": "resolved"}),
            mine.action_resolve,
        ):
            with self.assertRaises(AccessError):
                change()
        # Its text is fixed when it is raised, for the coordinators too.
        with self.assertRaises(UserError):
            mine.write({"description": "Changed my mind"})
        self.assertEqual(concern.state, "open")

        as_coordinator = concern.with_user(self.coordinator)
        as_coordinator.action_start()
        self.assertEqual(mine.state, "in_progress")
        with self.assertRaises(UserError):
            as_coordinator.write({"description": "Edited"})
        with self.assertRaises(AccessError):
            as_coordinator.unlink()
        as_coordinator.action_resolve()
        self.assertEqual(mine.state, "resolved")
        self.assertFalse(concern.activity_ids)
        self.assertEqual(concern.description, CONCERN)

    def test_only_the_member_exports_their_concern(self):
        self._raise()
        employees = self.mentor | self.mentee
        own = self.mentor.with_user(self.mentor_user)._mentoring_personal_data()
        (concern,) = own[0]["concerns"]
        self.assertEqual(concern["concern"], CONCERN)
        self.assertEqual(concern["state"], "Open")
        partner = self.mentee.with_user(self.mentee_user)._mentoring_personal_data()
        self.assertEqual(partner[0]["concerns"], [])
        by_hr = employees.with_user(self.hr_officer)._mentoring_personal_data()
        self.assertNotIn(CONCERN, str(by_hr))


@tagged("post_install", "-at_install")
class TestConcernPortal(PortalCase):
    def test_member_raises_a_concern_on_the_portal(self):
        self.tandem.stage_id = self.stage_active
        messages = self.tandem.message_ids
        self._login(self.mentor_user)
        url = self._url() + "/concern"
        response = self._post(url, {"description": CONCERN})
        self.assertEqual(response.status_code, 303)
        page = self._get(self._url()).text
        self.assertIn("Your concern is sent to the coordinators", page)
        self.assertIn("o_mentoring_concern_item", page)
        self.assertIn("Open", page)
        concern = self.env["mentoring.concern"].search([])
        self.assertEqual(concern.user_id, self.mentor_user)
        self.assertEqual(concern.activity_ids.user_id, self.coordinator)
        concern.with_user(self.coordinator).action_start()
        self.assertIn("In Progress", self._get(self._url()).text)
        # The partner's page says nothing of it.
        self._login(self.mentee_user)
        page = self._get(self._url()).text
        self.assertNotIn("cancelled our last four sessions", page)
        self.assertNotIn("o_mentoring_concern_item", page)
        self.assertEqual(self.tandem.message_ids, messages)

    def test_nobody_else_raises_one_through_the_portal(self):
        before = self._sessions_state()
        for user in self._outsiders():
            with self.subTest(user=user.login):
                self._login(user)
                response = self._post(
                    self._url() + "/concern", {"description": "forged"}
                )
                self.assertEqual(response.status_code, 404)
        self._login(self.mentor_user)
        self._post(self._url() + "/concern", {"description": "  "})
        self.assertIn("alert-danger", self._get(self._url()).text)
        self.assertEqual(self._sessions_state(), before)
