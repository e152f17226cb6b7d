"""Every model against every role: what each may read, write, create and delete."""

from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import MentoringCase

R, W, C, U = "read", "write", "create", "unlink"
EVERYTHING = {R, W, C, U}


class TestAccessMatrix(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "participant": cls.mentee_user,
            "other employee": cls.other_user,
            "coordinator": cls.coordinator,
            "coordinator of another company": cls.foreign_coordinator,
            "administrator": cls.mentoring_admin,
        }

    # For each model: a new record inside the participant's world, the values
    # of a create, the field a write changes, and who may do what.
    def _new_topic(self):
        return self.env["mentoring.topic"].create({"name": "Podcasting"})

    def _new_stage(self):
        return self.env["mentoring.tandem.stage"].create(
            {"name": "On hold", "phase": "active"}
        )

    def _new_program(self):
        program = self.env["mentoring.program"].create(
            {"name": "Second round", "company_id": self.company.id}
        )
        self._enrol(self.mentee, "mentee", program)
        return program

    def _new_participation(self):
        return self._new_program().participant_ids

    def _new_tandem(self):
        mentor = self._employee("Second Mentor", parent=self.ceo)
        self._enrol(mentor, "mentor")
        return self.env["mentoring.tandem"].create(
            {
                "program_id": self.program.id,
                "mentor_id": mentor.id,
                "mentee_id": self.mentee.id,
            }
        )

    def _new_goal(self):
        return self.env["mentoring.goal"].create(
            {"tandem_id": self.tandem.id, "name": "Post on the intranet"}
        )

    def _new_session(self):
        return self._session(self.tandem, days=14)

    def _new_cost(self):
        return self.env["mentoring.program.cost"].create(
            {"program_id": self.program.id, "name": "Workshop", "unit_cost": 900.0}
        )

    def _create_values(self, model):
        start = datetime.combine(fields.Date.today() + timedelta(days=3), time(10))
        if model == "mentoring.participant":
            newcomer = self._employee("Newcomer", parent=self.ceo)
            return {
                "program_id": self.program.id,
                "employee_id": newcomer.id,
                "role": "mentee",
            }
        if model == "mentoring.tandem":
            mentor, mentee = self._pair(name="Created")
            return {
                "program_id": self.program.id,
                "mentor_id": mentor.id,
                "mentee_id": mentee.id,
            }
        return {
            "mentoring.topic": {"name": "Podcasting"},
            "mentoring.tandem.stage": {"name": "On hold", "phase": "active"},
            "mentoring.program": {
                "name": "Created program",
                "company_id": self.company.id,
            },
            "mentoring.goal": {"tandem_id": self.tandem.id, "name": "Created goal"},
            "mentoring.session": {
                "tandem_id": self.tandem.id,
                "start": start,
                "duration": 1.0,
            },
            "mentoring.program.cost": {
                "program_id": self.program.id,
                "name": "Trainer",
                "unit_cost": 1500.0,
            },
        }[model]

    # Who may do what, per role, for the three kinds of models.
    CONFIGURATION = {
        "participant": {R},
        "other employee": {R},
        "coordinator": {R},
        "coordinator of another company": {R},
        "administrator": EVERYTHING,
    }
    COORDINATED = {
        "participant": {R},
        "other employee": set(),
        "coordinator": EVERYTHING,
        "coordinator of another company": set(),
        "administrator": EVERYTHING,
    }
    SHARED_WITH_MEMBERS = dict(COORDINATED, participant=EVERYTHING)
    # What a program costs: its coordinators' business alone.
    COORDINATORS_ONLY = dict(COORDINATED, participant=set())

    MODELS = {
        # model: (factory, field written, allowed per role)
        "mentoring.topic": ("_new_topic", "description", CONFIGURATION),
        "mentoring.tandem.stage": ("_new_stage", "description", CONFIGURATION),
        "mentoring.program": ("_new_program", "objective", COORDINATED),
        "mentoring.participant": ("_new_participation", "motivation", COORDINATED),
        "mentoring.tandem": ("_new_tandem", "color", COORDINATED),
        "mentoring.goal": ("_new_goal", "name", SHARED_WITH_MEMBERS),
        "mentoring.session": ("_new_session", "location", SHARED_WITH_MEMBERS),
        "mentoring.program.cost": ("_new_cost", "name", COORDINATORS_ONLY),
    }

    def test_access_matrix(self):
        for model, (factory, field, allowed_by_role) in self.MODELS.items():
            for role, user in self.roles.items():
                allowed = allowed_by_role[role]
                for operation in (R, W, C, U):
                    with self.subTest(model=model, role=role, operation=operation):
                        check = getattr(self, f"_check_{operation}")
                        check(
                            model,
                            getattr(self, factory),
                            field,
                            user,
                            operation in allowed,
                        )

    def _check_read(self, model, factory, field, user, allowed):
        record = factory().with_user(user)
        if allowed:
            self.assertEqual(record.read([field])[0]["id"], record.id)
            self.assertIn(record, record.search([("id", "=", record.id)]))
        else:
            with self.assertRaises(AccessError):
                record.read([field])
            if not self.env[model].with_user(user).has_access(R):
                # No access to the model at all: searching it is refused too.
                with self.assertRaises(AccessError):
                    record.search([("id", "=", record.id)])
                return
            self.assertFalse(
                record.search([("id", "=", record.id)]),
                "a refused record must not be found either",
            )

    def _check_write(self, model, factory, field, user, allowed):
        record = factory()
        before = record[field]
        value = 7 if field == "color" else f"written by {user.login}"
        if allowed:
            record.with_user(user).write({field: value})
            self.assertEqual(record[field], value)
        else:
            with self.assertRaises(AccessError):
                record.with_user(user).write({field: value})
            record.invalidate_recordset()
            self.assertEqual(record[field], before, "a refused write changes nothing")

    def _check_create(self, model, factory, field, user, allowed):
        vals = self._create_values(model)
        count = self.env[model].search_count([])
        if allowed:
            created = self.env[model].with_user(user).create(vals)
            self.assertTrue(created.exists())
            self.assertEqual(self.env[model].search_count([]), count + 1)
        else:
            with self.assertRaises(AccessError):
                self.env[model].with_user(user).create(vals)
            self.assertEqual(
                self.env[model].search_count([]),
                count,
                "a refused create writes nothing",
            )

    def _check_unlink(self, model, factory, field, user, allowed):
        record = factory()
        if allowed:
            record.with_user(user).unlink()
            self.assertFalse(record.exists())
        else:
            with self.assertRaises(AccessError):
                record.with_user(user).unlink()
            self.assertTrue(record.exists(), "a refused delete keeps the record")


class TestRecordScope(MentoringCase):
    """Rules that go beyond the matrix: whose records a role sees in a list."""

    def test_participant_sees_only_own_participation(self):
        visible = (
            self.env["mentoring.participant"].with_user(self.mentee_user).search([])
        )
        self.assertEqual(visible, self.mentee_participant)
        with self.assertRaises(AccessError):
            self.mentor_participant.with_user(self.mentee_user).read(["motivation"])

    def test_participant_sees_only_own_tandems_goals_and_sessions(self):
        stranger_tandem = self._tandem(name="Stranger")
        self._session(stranger_tandem, days=2)
        self.env["mentoring.goal"].create(
            {"tandem_id": stranger_tandem.id, "name": "Hidden goal"}
        )
        for user in (self.mentee_user, self.mentor_user):
            with self.subTest(user=user.login):
                env = self.env(user=user)
                self.assertEqual(env["mentoring.tandem"].search([]), self.tandem)
                self.assertEqual(env["mentoring.goal"].search([]), self.goal)
                self.assertEqual(
                    env["mentoring.session"].search([]), self.planned_session
                )

    def test_participant_cannot_move_a_goal_or_session_to_another_tandem(self):
        stranger_tandem = self._tandem(name="Stranger")
        goal = self.goal.with_user(self.mentee_user)
        session = self.planned_session.with_user(self.mentee_user)
        with self.assertRaises(UserError):
            goal.write({"tandem_id": stranger_tandem.id})
        with self.assertRaises(UserError):
            session.write({"tandem_id": stranger_tandem.id})
        self.assertEqual(self.goal.tandem_id, self.tandem)
        self.assertEqual(self.planned_session.tandem_id, self.tandem)

    def test_coordinator_sees_company_programs_only(self):
        foreign_program = self.env["mentoring.program"].create(
            {"name": "Elsewhere program", "company_id": self.other_company.id}
        )
        programs = self.env["mentoring.program"].with_user(self.coordinator).search([])
        self.assertIn(self.program, programs)
        self.assertNotIn(foreign_program, programs)
        foreign_programs = (
            self.env["mentoring.program"].with_user(self.foreign_coordinator).search([])
        )
        self.assertEqual(foreign_programs, foreign_program)

    def test_participant_reads_tandem_partner_without_hr_rights(self):
        tandem = self.tandem.with_user(self.mentee_user)
        self.assertEqual(tandem.mentor_id.name, "Mia Junior")
        self.assertEqual(tandem.name, "Mia Junior & Hans Senior")

    def test_participant_may_post_in_tandem_chatter(self):
        message = self.tandem.with_user(self.mentee_user).message_post(
            body="See you on Tuesday"
        )
        self.assertEqual(message.author_id, self.mentee_user.partner_id)
        with self.assertRaises(AccessError):
            self.tandem.with_user(self.other_user).message_post(body="Let me in")
