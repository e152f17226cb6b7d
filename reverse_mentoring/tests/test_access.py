"""Every model against every role: what each may read, write, create and delete."""

from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import COORDINATOR_GROUPS, MentoringCase

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


class TestEveryModelSweep(MentoringCase):
    """Every model of the addon, found in the registry, against every role of
    the README's "Who sees what" table, for every operation.

    A model the addon adds later fails `test_every_model_is_in_the_sweep`
    until it is given its line below (who may do what), and fails
    `test_every_opened_model_has_record_rules` until its access rights come
    with record rules.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.allow_cross_company = True
        cls.foreign_member_user = cls._user(
            "rm_foreign_member", COORDINATOR_GROUPS, cls.other_company
        )
        cls.foreign_member = cls._employee(
            "Fiona Foreign", user=cls.foreign_member_user, company=cls.other_company
        )
        cls._enrol(cls.foreign_member, "mentor")
        cls.hr_officer = cls._user("rm_sweep_hr", "base.group_user,hr.group_hr_user")
        cls.survey_manager = cls._user(
            "rm_sweep_survey", "base.group_user,survey.group_survey_manager"
        )
        cls.portal_user = cls._user("rm_sweep_portal", "base.group_portal")
        # The roles of the README's table (a participant on each side of the
        # tandem), and a coordinator of another company who takes part.
        cls.roles = {
            "member": cls.mentee_user,
            "partner": cls.mentor_user,
            "colleague": cls.other_user,
            "coordinator": cls.coordinator,
            "coordinator of another company": cls.foreign_coordinator,
            "coordinator of another company who takes part": cls.foreign_member_user,
            "administrator": cls.mentoring_admin,
            "HR officer": cls.hr_officer,
            "Survey manager": cls.survey_manager,
            "portal user": cls.portal_user,
        }

    def _addon_models(self):
        return sorted(
            name
            for name, model in self.env.registry.items()
            if model._original_module == "reverse_mentoring" and not model._abstract
        )

    # ------------------------------------------------------------ the records

    def _start(self, days=0):
        return datetime.combine(fields.Date.today() + timedelta(days=days), time(10))

    def _program(self):
        program = self.env["mentoring.program"].create(
            {
                "name": "Swept program",
                "company_id": self.company.id,
                "allow_cross_company": True,
            }
        )
        self._enrol(self.mentee, "mentee", program)
        self._enrol(self.foreign_member, "mentor", program)
        return program

    def _cohort_event(self, days=-1):
        return self.env["mentoring.cohort.event"].create(
            {
                "name": "Kick-off",
                "program_id": self.program.id,
                "start": self._start(days),
                "stop": self._start(days) + timedelta(hours=2),
            }
        )

    def _matching(self):
        return self.env["mentoring.matching.wizard"].create(
            {"program_id": self.program.id}
        )

    def _as(self, login, model, vals):
        user = self.env["res.users"].search([("login", "=", login)])
        return self.env[model].with_user(user).create(vals).sudo(False)

    def _request(self):
        return self._as(
            "rm_mentee",
            "mentoring.tandem.request",
            {"tandem_id": self.tandem.id, "kind": "new_partner", "reason": "Mine"},
        )

    def _plan(self):
        return self._as(
            "rm_mentee", "mentoring.session.plan", {"tandem_id": self.tandem.id}
        )

    # model: (record factory, create values, field and value a write sets,
    #         {operation: roles allowed})
    def _sweep(self):
        everyone = set(self.roles)
        members = {"member", "partner"}
        coordinators = {"coordinator", "administrator"}
        internal = everyone - {"portal user"}
        configuration = {R: everyone, W: {"administrator"}}
        configuration.update({C: {"administrator"}, U: {"administrator"}})
        coordinated = dict.fromkeys((W, C, U), coordinators)
        shared = dict.fromkeys((R, W, C, U), members | coordinators)
        nobody = {}

        def own(owner, create, unlink=()):
            return {R: {owner}, W: {owner}, C: create, U: set(unlink)}

        open_program = self._open_program
        return {
            "mentoring.topic": (
                lambda: self.env["mentoring.topic"].create({"name": "Podcasts"}),
                lambda: {"name": "Vlogs"},
                ("description", "Written"),
                configuration,
            ),
            "mentoring.topic.agenda": (
                lambda: self.env["mentoring.topic.agenda"].create(
                    {"topic_id": self.topic.id, "name": "Post a story"}
                ),
                lambda: {"topic_id": self.topic.id, "name": "Go live"},
                ("practice", "Written"),
                configuration,
            ),
            "mentoring.tandem.stage": (
                lambda: self.env["mentoring.tandem.stage"].create(
                    {"name": "On hold", "phase": "active"}
                ),
                lambda: {"name": "Paused", "phase": "active"},
                ("description", "Written"),
                configuration,
            ),
            "mentoring.program": (
                self._program,
                lambda: {"name": "Created", "company_id": self.company.id},
                ("objective", "Written"),
                {
                    R: coordinators
                    | {"member", "coordinator of another company who takes part"},
                    **coordinated,
                },
            ),
            "mentoring.program.cost": (
                lambda: self.env["mentoring.program.cost"].create(
                    {"program_id": self.program.id, "name": "Room", "unit_cost": 90}
                ),
                lambda: {
                    "program_id": self.program.id,
                    "name": "Trainer",
                    "unit_cost": 5,
                },
                ("name", "Written"),
                dict.fromkeys((R, W, C, U), coordinators),
            ),
            "mentoring.participant": (
                lambda: self._program().participant_ids.filtered(
                    lambda p: p.employee_id == self.foreign_member
                ),
                lambda: {
                    "program_id": self.program.id,
                    "employee_id": self._employee("Newcomer", parent=self.ceo).id,
                    "role": "mentee",
                },
                ("motivation", "Written"),
                {
                    R: coordinators | {"coordinator of another company who takes part"},
                    **coordinated,
                },
            ),
            "mentoring.tandem": (
                lambda: self._tandem(name="Swept"),
                lambda: dict(
                    zip(
                        ("mentor_id", "mentee_id"),
                        [e.id for e in self._pair(name="Created")],
                        strict=True,
                    ),
                    program_id=self.program.id,
                ),
                ("color", 7),
                {R: coordinators, **coordinated},
            ),
            "mentoring.tandem.expectation": (
                lambda: self.env["mentoring.tandem.expectation"].create(
                    {"tandem_id": self._tandem(name="Kick").id, "side": "mentee"}
                ),
                lambda: {"tandem_id": self.tandem.id, "side": "mentor"},
                ("body", "Written"),
                nobody,
            ),
            "mentoring.goal": (
                lambda: self.env["mentoring.goal"].create(
                    {"tandem_id": self.tandem.id, "name": "Blog"}
                ),
                lambda: {"tandem_id": self.tandem.id, "name": "Created"},
                ("name", "Written"),
                shared,
            ),
            "mentoring.session": (
                lambda: self._session(self.tandem, days=14),
                lambda: {"tandem_id": self.tandem.id, "start": self._start(3)},
                ("location", "Written"),
                shared,
            ),
            "mentoring.session.note": (
                lambda: self.env["mentoring.session.note"].create(
                    {
                        "session_id": self._session(self.tandem, days=20).id,
                        "user_ids": [fields.Command.set(self.mentee_user.ids)],
                        "readers_key": str(self.mentee_user.id),
                        "body": "<p>Private</p>",
                    }
                ),
                lambda: {"session_id": self.planned_session.id, "body": "<p>x</p>"},
                ("body", "<p>Written</p>"),
                nobody,
            ),
            "mentoring.mentor.pool": (
                lambda: self.env["mentoring.mentor.pool"].search(
                    [("employee_id", "=", self.mentor.id)]
                ),
                lambda: {"employee_id": self.mentor.id},
                ("capacity", 9),
                {R: coordinators},
            ),
            "mentoring.cohort.event": (
                self._cohort_event,
                lambda: {
                    "name": "Created",
                    "program_id": self.program.id,
                    "start": self._start(5),
                    "stop": self._start(5) + timedelta(hours=1),
                },
                ("location", "Written"),
                {
                    R: coordinators
                    | members
                    | {"coordinator of another company who takes part"},
                    **coordinated,
                },
            ),
            "mentoring.cohort.attendance": (
                lambda: self._cohort_event().attendance_ids.filtered(
                    lambda a: a.employee_id == self.foreign_member
                ),
                lambda: {
                    "event_id": self._cohort_event().id,
                    "employee_id": self.other.id,
                },
                ("attended", True),
                {
                    R: coordinators | {"coordinator of another company who takes part"},
                    W: coordinators,
                },
            ),
            "mentoring.matching": (
                lambda: self.env["mentoring.matching"].create(
                    {"program_id": self._program().id}
                ),
                lambda: {"program_id": self._program().id},
                # The background job's state: coordinators read it, only the
                # job and its checked actions move it.
                ("message", "Written"),
                {R: coordinators},
            ),
            "mentoring.matching.wizard": (
                self._matching,
                lambda: {"program_id": self.program.id},
                # What it holds is the matching's: nobody writes it.
                ("kept_tandem_count", 9),
                dict.fromkeys((R, C, U), coordinators),
            ),
            "mentoring.matching.wizard.line": (
                lambda: self.env["mentoring.matching.wizard.line"].create(
                    {
                        "wizard_id": self._matching().id,
                        "mentee_id": self.mentee.id,
                        "mentor_id": self.mentor.id,
                    }
                ),
                lambda: {
                    "wizard_id": self._matching().id,
                    "mentee_id": self.mentee.id,
                    "mentor_id": self.mentor.id,
                },
                # Coordinators change a proposal's mentor (the addon scores the
                # pair again); only the matching makes proposals.
                ("mentor_id", self.other.id),
                dict.fromkeys((R, W, U), coordinators),
            ),
            "mentoring.matching.wizard.unmatched": (
                lambda: self.env["mentoring.matching.wizard.unmatched"].create(
                    {"wizard_id": self._matching().id, "mentee_id": self.mentee.id}
                ),
                lambda: {"wizard_id": self._matching().id, "mentee_id": self.mentee.id},
                ("reason", "Written"),
                dict.fromkeys((R, U), coordinators),
            ),
            "mentoring.self.enrollment": (
                lambda: self._as(
                    "rm_other",
                    "mentoring.self.enrollment",
                    {"program_id": open_program().id, "motivation": "Mine"},
                ),
                lambda: {"program_id": open_program().id},
                ("motivation", "Written"),
                own(
                    "colleague",
                    internal
                    - {
                        "coordinator of another company",
                        "coordinator of another company who takes part",
                    },
                ),
            ),
            "mentoring.mandatory.enrollment": (
                lambda: self._as(
                    "rm_coordinator",
                    "mentoring.mandatory.enrollment",
                    {"program_id": open_program().id},
                ),
                lambda: {"program_id": open_program().id},
                ("employee_domain", "[]"),
                own("coordinator", coordinators),
            ),
            "mentoring.tandem.request": (
                self._request,
                lambda: {"tandem_id": self.tandem.id, "kind": "new_partner"},
                ("share_reason", True),
                own("member", members),
            ),
            "mentoring.tandem.replace": (
                lambda: self._as(
                    "rm_coordinator",
                    "mentoring.tandem.replace",
                    {
                        "tandem_id": self.tandem.id,
                        "employee_id": self.other.id,
                        "reason": "Mine",
                    },
                ),
                lambda: {
                    "tandem_id": self.tandem.id,
                    "employee_id": self.other.id,
                    "reason": "Created",
                },
                ("reason", "Written"),
                own("coordinator", coordinators),
            ),
            "mentoring.session.move": (
                lambda: self._as(
                    "rm_mentee",
                    "mentoring.session.move",
                    {
                        "session_id": self.planned_session.id,
                        "start": self._start(8),
                        "duration": 1.0,
                        "reason": "Mine",
                    },
                ),
                lambda: {
                    "session_id": self.planned_session.id,
                    "start": self._start(9),
                    "duration": 1.0,
                },
                ("reason", "Written"),
                own("member", members | coordinators),
            ),
            "mentoring.session.plan": (
                self._plan,
                lambda: {"tandem_id": self.tandem.id},
                ("tandem_id", self.tandem.id),
                own("member", members | coordinators),
            ),
            "mentoring.session.plan.line": (
                lambda: self.env["mentoring.session.plan.line"]
                .with_user(self.mentee_user)
                .create(
                    {
                        "wizard_id": self._plan().id,
                        "start": self._start(4),
                        "duration": 1,
                    }
                )
                .sudo(False),
                lambda: {
                    "wizard_id": self._plan().id,
                    "start": self._start(6),
                    "duration": 1,
                },
                ("duration", 2.0),
                own("member", {"member"}, unlink={"member"}),
            ),
            "mentoring.erasure.wizard": (
                lambda: self._as(
                    "rm_sweep_hr",
                    "mentoring.erasure.wizard",
                    {"employee_id": self.other.id},
                ),
                lambda: {"employee_id": self.other.id},
                ("confirm", True),
                own("HR officer", {"HR officer"}),
            ),
            "mentoring.concern": (
                lambda: self._as(
                    "rm_mentee",
                    "mentoring.concern",
                    {"tandem_id": self.tandem.id, "description": "Mine"},
                ),
                lambda: {"tandem_id": self.tandem.id, "description": "Created"},
                ("state", "in_progress"),
                {R: {"member", "coordinator"}, W: {"coordinator"}, C: members},
            ),
            "mentoring.interest": (
                lambda: self.env["mentoring.interest"].create({"name": "Sailing"}),
                lambda: {"name": "Chess"},
                ("name", "Written"),
                configuration,
            ),
            "mentoring.declined.pair": (
                lambda: self.env["mentoring.declined.pair"].create(
                    {
                        "program_id": self.program.id,
                        "mentor_id": self.mentor.id,
                        "mentee_id": self.mentee.id,
                        "declined_side": "mentee",
                        "reason": "Mine",
                    }
                ),
                lambda: {
                    "program_id": self.program.id,
                    "mentor_id": self.mentor.id,
                    "mentee_id": self.other.id,
                    "declined_side": "mentor",
                },
                ("reason", "Written"),
                {R: coordinators},
            ),
            "mentoring.skill.assessment": (
                self._rating,
                lambda: {
                    "tandem_id": self.tandem.id,
                    "topic_id": self._rated_topic().id,
                    "level": 40,
                },
                ("level", 60),
                {R: members, W: {"member"}, C: members},
            ),
        }

    def _rated_topic(self):
        """A new topic of a learning goal of the tandem, at its kick-off."""
        self.tandem.stage_id = self.stage_kickoff
        topic = self.env["mentoring.topic"].create(
            {"name": f"Rated {len(self.tandem.goal_ids)}"}
        )
        self.env["mentoring.goal"].create(
            {"tandem_id": self.tandem.id, "name": topic.name, "topic_id": topic.id}
        )
        return topic

    def _rating(self):
        return self.env["mentoring.skill.assessment"].create(
            {
                "tandem_id": self.tandem.id,
                "employee_id": self.mentee.id,
                "side": "mentee",
                "topic_id": self._rated_topic().id,
                "moment": "kickoff",
                "level": 20,
            }
        )

    # ------------------------------------------------------------ the sweep

    def test_every_model_is_in_the_sweep(self):
        self.assertEqual(
            self._addon_models(),
            sorted(self._sweep()),
            "every model of the addon says here who may do what with its records",
        )

    def test_every_opened_model_has_record_rules(self):
        """Each right a group has on a model comes with that group's rules."""
        rules = self.env["ir.rule"].sudo().search([])
        for access in (
            self.env["ir.model.access"]
            .sudo()
            .search([("model_id.model", "in", self._addon_models())])
        ):
            model = access.model_id.model
            for operation in (R, W, C, U):
                if not access[f"perm_{operation}"]:
                    continue
                with self.subTest(
                    model=model, group=access.group_id.name, op=operation
                ):
                    implied = access.group_id.trans_implied_ids | access.group_id
                    self.assertTrue(
                        rules.filtered(
                            lambda r, model=model, op=operation, groups=implied: (
                                r.model_id.model == model
                                and r[f"perm_{op}"]
                                # a global rule binds every group
                                and (r.groups & groups or not r.groups)
                            )
                        ),
                        f"{model} opens {operation} to {access.group_id.name} "
                        "without a record rule",
                    )

    def test_every_model_as_every_role(self):
        for model, (factory, values, (field, value), allowed) in self._sweep().items():
            record = factory().sudo(False)
            self.assertTrue(record, model)
            for role, user in self.roles.items():
                with self.subTest(model=model, role=role), self.env.cr.savepoint():
                    self._sweep_read(record, field, user, role in allowed.get(R, ()))
                    self._sweep_write(
                        factory, field, value, user, role in allowed.get(W, ())
                    )
                    self._sweep_create(model, values, user, role in allowed.get(C, ()))
                    self._sweep_unlink(factory, user, role in allowed.get(U, ()))

    def _sweep_read(self, record, field, user, allowed):
        model = record.with_user(user)
        domain = [("id", "=", record.id)]
        try:
            found = model.search(domain)
            grouped = model.read_group(domain, ["__count"], [])
        except AccessError:
            self.assertFalse(allowed, "a reader may search and group")
            found, grouped = model.browse(), [{"__count": 0}]
        self.assertEqual(found == record, allowed)
        self.assertEqual(grouped[0]["__count"] if grouped else 0, int(allowed))
        if allowed:
            self.assertEqual(model.read([field])[0]["id"], record.id)
        else:
            with self.assertRaises(AccessError):
                model.read([field])

    def _sweep_write(self, factory, field, value, user, allowed):
        record = factory()
        before = record[field]
        if allowed:
            record.with_user(user).write({field: value})
            self.assertEqual(
                record[field],
                record[field].browse(value)
                if record._fields[field].type == "many2one"
                else value,
            )
            return
        with self.assertRaises(AccessError):
            record.with_user(user).write({field: value})
        record.invalidate_recordset()
        self.assertEqual(record[field], before, "a refused write changes nothing")

    def _sweep_create(self, model, values, user, allowed):
        vals = values()
        count = self.env[model].sudo().search_count([])
        if allowed:
            self.assertTrue(self.env[model].with_user(user).create(vals))
            self.assertEqual(self.env[model].sudo().search_count([]), count + 1)
            return
        with self.assertRaises(AccessError):
            self.env[model].with_user(user).create(vals)
        self.assertEqual(self.env[model].sudo().search_count([]), count)

    def _sweep_unlink(self, factory, user, allowed):
        record = factory()
        if allowed:
            record.with_user(user).unlink()
            self.assertFalse(record.exists())
            return
        with self.assertRaises(AccessError):
            record.with_user(user).unlink()
        self.assertTrue(record.exists(), "a refused delete keeps the record")
