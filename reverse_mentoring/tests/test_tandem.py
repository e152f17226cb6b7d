"""Tandems: progress, counters, followers, stages; the employee's mentoring role."""

from odoo.exceptions import AccessError

from .common import COORDINATOR_GROUPS, MentoringCase


class TestTandem(MentoringCase):
    def test_company_follows_the_program(self):
        self.assertEqual(self.tandem.company_id, self.company)
        self.assertEqual(self.planned_session.company_id, self.company)
        self.assertEqual(self.goal.company_id, self.company)

    def test_progress_from_goals_reached(self):
        self.assertEqual(self.tandem.progress, 0)
        goals = self.env["mentoring.goal"].create(
            [
                {"tandem_id": self.tandem.id, "name": name}
                for name in ("Post weekly", "Try an AI assistant", "Host a call")
            ]
        )
        self.goal.with_user(self.mentee_user).is_done = True
        self.assertEqual(
            (self.tandem.goal_count, self.tandem.goal_done_count, self.tandem.progress),
            (4, 1, 25),
        )
        goals[:2].with_user(self.mentor_user).write({"is_done": True})
        self.assertEqual(self.tandem.progress, 75)
        self.assertTrue(self.goal.date_done)
        self.goal.is_done = False
        self.assertFalse(self.goal.date_done)
        self.assertEqual(self.tandem.progress, 50)

    def test_session_counters_and_next_session(self):
        held = self._session(self.tandem, days=-3)
        held.action_done()
        sooner = self._session(self.tandem, days=2)
        cancelled = self._session(self.tandem, days=1)
        cancelled.action_cancel()
        self.assertEqual(
            self.tandem.session_count,
            3,
            "held and planned sessions count, cancelled ones do not",
        )
        self.assertEqual(self.tandem.session_done_count, 1)
        self.assertEqual(self.tandem.next_session_start, sooner.start)
        sooner.with_user(self.mentee_user).action_cancel()
        self.assertEqual(self.tandem.next_session_start, self.planned_session.start)

    def test_both_people_follow_the_tandem(self):
        tandem = self.tandem.with_context(tracking_disable=False)
        followers = tandem.message_partner_ids
        self.assertIn(self.mentor_user.partner_id, followers)
        self.assertIn(self.mentee_user.partner_id, followers)
        self.assertNotIn(self.other_user.partner_id, followers)

    def test_each_member_sees_their_own_side(self):
        tandem = self.tandem
        for person, side in (
            (self.mentor_user, "mentor"),
            (self.mentee_user, "mentee"),
            (self.mentor, "mentor"),
            (self.mentee, "mentee"),
            (self.other_user, False),
            (self.env["hr.employee"], False),
        ):
            self.assertEqual(tandem._side_of(person), side, person.display_name)
        self.assertEqual(tandem.with_user(self.mentee_user).my_side, "mentee")
        self.assertEqual(tandem.with_user(self.mentor_user).my_side, "mentor")
        self.assertFalse(tandem.my_side, "the administrator is no member")
        session = self.planned_session
        self.assertTrue(session.with_user(self.mentee_user).is_member)
        self.assertFalse(session.is_member)

    def test_replacing_a_person_before_any_session_moves_the_follower(self):
        tandem = self._tandem(name="Early")
        old_mentor_partner = tandem.mentor_id.work_contact_id
        new_mentor, _mentee = self._pair(name="Replacement")
        tandem.with_user(self.coordinator).mentor_id = new_mentor
        self.assertIn(new_mentor.work_contact_id, tandem.message_partner_ids)
        self.assertNotIn(old_mentor_partner, tandem.message_partner_ids)

    def test_kanban_shows_every_stage(self):
        groups = (
            self.env["mentoring.tandem"]
            .with_user(self.coordinator)
            .web_read_group(
                [("program_id", "=", self.program.id)], ["stage_id"], ["stage_id"]
            )["groups"]
        )
        stages = self.env["mentoring.tandem.stage"].search([])
        self.assertEqual([g["stage_id"][0] for g in groups], stages.ids)
        folded = [g["stage_id"][0] for g in groups if g["__fold"]]
        self.assertEqual(
            folded,
            (self.stage_cancelled | self.env.ref("reverse_mentoring.stage_left")).ids,
        )

    def test_new_tandem_starts_as_proposed(self):
        self.assertEqual(self.tandem.stage_id, self.stage_proposed)
        self.assertEqual(self.tandem.phase, "proposed")


class TestEmployee(MentoringCase):
    def test_mentoring_role(self):
        self.assertEqual(self.mentor.mentoring_role, "mentor")
        self.assertEqual(self.mentee.mentoring_role, "mentee")
        self.assertEqual(self.other.mentoring_role, "none")
        self._enrol(self.mentor, "mentee")
        self.assertEqual(self.mentor.mentoring_role, "both")
        self.program.state = "closed"
        self.assertEqual(
            self.mentor.mentoring_role,
            "none",
            "a closed program no longer gives a role",
        )

    def test_role_visible_on_the_public_profile(self):
        public = (
            self.env["hr.employee.public"]
            .with_user(self.other_user)
            .browse(self.mentor.id)
        )
        self.assertEqual(public.mentoring_role, "mentor")

    def test_smart_buttons_for_an_hr_coordinator(self):
        hr_coordinator = self._user(
            "rm_hr_coordinator", f"{COORDINATOR_GROUPS},hr.group_hr_user"
        )
        employee = self.mentor.with_user(hr_coordinator)
        self.assertEqual(employee.mentoring_tandem_count, 1)
        self.assertEqual(employee.mentoring_participation_count, 1)
        action = employee.action_open_mentoring_tandems()
        self.assertEqual(
            self.env["mentoring.tandem"].search(action["domain"]), self.tandem
        )
        action = employee.action_open_mentoring_participations()
        self.assertEqual(
            self.env["mentoring.participant"].search(action["domain"]),
            self.mentor_participant,
        )

    def test_every_employee_reads_the_profiles(self):
        """Odoo reads all fields of hr.employee through the public profile.

        Every field the addon adds must be there too, or the read fails.
        """
        for user in (self.other_user, self.coordinator):
            with self.subTest(user=user.login):
                employee = (
                    self.env["hr.employee"].with_user(user).browse(self.mentor.id)
                )
                employee.read([])
                self.assertEqual(
                    employee.read(["mentoring_role"])[0]["mentoring_role"], "mentor"
                )
        values = self.mentor.with_user(self.coordinator).read(
            ["mentoring_tandem_count", "mentoring_participation_count"]
        )[0]
        self.assertEqual(values["mentoring_tandem_count"], 1)
        self.assertEqual(values["mentoring_participation_count"], 1)

    def test_counts_are_for_coordinators_only(self):
        hr_officer = self._user("rm_hr_officer", "base.group_user,hr.group_hr_user")
        self.assertEqual(self.mentor.with_user(hr_officer).mentoring_role, "mentor")
        with self.assertRaises(AccessError):
            self.mentor.with_user(hr_officer).read(["mentoring_tandem_count"])
