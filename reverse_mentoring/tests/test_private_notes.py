"""Private session notes: the tandem's two members, and nobody else."""

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import MentoringCase

NOTES = "<p>Hans admits he has never posted on LinkedIn.</p>"


class TestPrivateNotes(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planned_session.with_user(cls.mentee_user).private_notes = NOTES
        cls.odoo_admin = cls.env.ref("base.user_admin")
        cls.odoo_admin.write(
            {
                "company_ids": [Command.link(cls.company.id)],
                "company_id": cls.company.id,
            }
        )

    def _notes_as(self, user):
        session = self.planned_session.with_user(user)
        session.invalidate_recordset()
        return session.private_notes

    def test_both_members_read_the_notes(self):
        self.assertEqual(self._notes_as(self.mentee_user), NOTES)
        self.assertEqual(self._notes_as(self.mentor_user), NOTES)

    def test_member_writes_the_notes(self):
        self.planned_session.with_user(
            self.mentor_user
        ).private_notes = "<p>Next time: Instagram stories.</p>"
        self.assertEqual(
            self._notes_as(self.mentee_user), "<p>Next time: Instagram stories.</p>"
        )

    def test_coordinator_and_administrators_read_nothing(self):
        for user in (self.coordinator, self.mentoring_admin, self.odoo_admin):
            with self.subTest(user=user.login):
                self.assertFalse(self._notes_as(user))
                values = self.planned_session.with_user(user).read(
                    ["private_notes", "location"]
                )[0]
                self.assertFalse(values["private_notes"])

    def test_export_carries_no_notes(self):
        exported = self.planned_session.with_user(self.odoo_admin).export_data(
            ["name", "private_notes"]
        )["datas"]
        self.assertEqual(exported[0][0], "Mentoring session")
        self.assertNotIn("LinkedIn", str(exported))

    def test_coordinator_and_administrators_cannot_write(self):
        for user in (self.coordinator, self.mentoring_admin, self.odoo_admin):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.planned_session.with_user(user).write(
                        {"private_notes": "<p>Overwritten</p>"}
                    )
                self.assertEqual(self._notes_as(self.mentee_user), NOTES)

    def test_other_employee_gets_nothing(self):
        with self.assertRaises(AccessError):
            self.planned_session.with_user(self.other_user).read(["private_notes"])
        with self.assertRaises(AccessError):
            self.planned_session.with_user(self.other_user).write(
                {"private_notes": "<p>Hi</p>"}
            )

    def test_storage_is_closed_to_every_user(self):
        for user in (
            self.mentee_user,
            self.coordinator,
            self.mentoring_admin,
            self.odoo_admin,
        ):
            with self.subTest(user=user.login):
                notes = self.env["mentoring.session.note"].with_user(user)
                with self.assertRaises(AccessError):
                    notes.search_read([], ["body"])

    def test_should_an_access_right_open_the_storage_the_rules_still_hold(self):
        """The second wall: global rules keep each note its readers', each
        kick-off text its tandem's two people's."""
        self.tandem.with_user(self.mentor_user).mentor_expectations = "Learn budgets"
        access = self.env["ir.model.access"]
        for model in ("mentoring.session.note", "mentoring.tandem.expectation"):
            access.create(
                {
                    "name": f"opened {model}",
                    "model_id": self.env["ir.model"]._get_id(model),
                    "group_id": self.env.ref("base.group_user").id,
                    "perm_read": True,
                }
            )
        for model in ("mentoring.session.note", "mentoring.tandem.expectation"):
            with self.subTest(model=model):
                records = self.env[model]
                self.assertTrue(records.with_user(self.mentee_user).search([]))
                for user in (self.coordinator, self.mentoring_admin, self.other_user):
                    self.assertFalse(records.with_user(user).search([]), user.login)

    def test_notes_are_not_searchable(self):
        with self.assertRaisesRegex(UserError, "cannot be searched"):
            self.env["mentoring.session"].with_user(self.coordinator).search(
                [("private_notes", "ilike", "LinkedIn")]
            )

    def test_notes_never_pass_to_a_replacement_member(self):
        newcomer_user = self._user("rm_newcomer")
        newcomer = self._employee("Nina Newcomer", user=newcomer_user, parent=self.ceo)
        self._enrol(newcomer, "mentor")
        with self.assertRaises(UserError):
            self.tandem.with_user(self.coordinator).mentor_id = newcomer
        self.assertEqual(self.tandem.mentor_id, self.mentor)
        self.assertEqual(self._notes_as(self.mentor_user), NOTES)
