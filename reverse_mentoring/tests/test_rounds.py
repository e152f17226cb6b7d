"""Recurring rounds: New Round, mentors enrolling again, the mentor pool."""

import base64
from datetime import date

from odoo import Command, http, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import COORDINATOR_GROUPS, MentoringCase

# Set on a program, or per round, never carried over as configuration.
NOT_CONFIGURATION = {
    *models.MAGIC_COLUMNS,
    "name",
    "date_start",
    "date_end",
    "enrollment_deadline",
    "mentor_briefing_ids",
    "mentee_briefing_ids",
}


class RoundsCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = cls._user("rm_hr_officer", "base.group_user,hr.group_hr_user")
        cls.portal_user = new_test_user(
            cls.env, login="rm_rounds_portal", groups="base.group_portal"
        )
        # A coordinator of the same company who does not run this program.
        cls.colleague_coordinator = cls._user("rm_colleague", COORDINATOR_GROUPS)
        cls.outsiders = {
            "mentor": cls.mentor_user,
            "mentee": cls.mentee_user,
            "other employee": cls.other_user,
            "HR officer": cls.hr_officer,
            "portal user": cls.portal_user,
            "coordinator of another program": cls.colleague_coordinator,
            "coordinator of another company": cls.foreign_coordinator,
        }

    def _program_count(self):
        return (
            self.env["mentoring.program"]
            .with_context(active_test=False)
            .search_count([])
        )

    def _next_round(self, program=None, user=None):
        action = (
            (program or self.program)
            .with_user(user or self.coordinator)
            .action_new_round()
        )
        return self.env["mentoring.program"].browse(action["res_id"])


class TestNewRound(RoundsCase):
    def test_the_next_round_keeps_the_settings_and_nobody(self):
        guide = self.env["ir.attachment"].create(
            {
                "name": "Mentor guide.pdf",
                "datas": base64.b64encode(b"Guidelines"),
                "res_model": "mentoring.program",
                "res_id": self.program.id,
            }
        )
        self.program.write(
            {
                "objective": "Every leader posts on LinkedIn",
                "topic_ids": [Command.set(self.topic.ids)],
                "session_cadence": "monthly",
                "max_mentees_per_mentor": 3,
                "allow_cross_company": True,
                "weight_topic": 9,
                "weight_age": 1,
                "feedback_min_answers": 7,
                "ask_session_pulse": False,
                "hourly_cost": 80.0,
                "reference_cost": 2500.0,
                "target_promoter_share": 85.0,
                "coordinators_read_expectations": True,
                "coordinator_ids": [Command.link(self.mentoring_admin.id)],
                "mentor_briefing_ids": [Command.set(guide.ids)],
            }
        )
        new = self._next_round()
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.previous_program_id, self.program)
        self.assertEqual(self.program.next_program_ids, new)
        copied = [
            name
            for name, field in new._fields.items()
            if field.copy and field.store and name not in NOT_CONFIGURATION
        ]
        self.assertIn("weight_location", copied)
        for name in copied:
            with self.subTest(field=name):
                self.assertEqual(new[name], self.program[name])
        self.assertEqual(new.coordinator_ids, self.coordinator | self.mentoring_admin)
        # Each round owns its briefing files, with the same content.
        self.assertNotEqual(new.mentor_briefing_ids, guide)
        self.assertEqual(new.mentor_briefing_ids.datas, guide.datas)
        self.assertEqual(new.mentor_briefing_ids.res_id, new.id)
        self.assertEqual(self.program.mentor_briefing_ids, guide)
        self.assertFalse(new.participant_ids)
        self.assertFalse(new.tandem_ids or new.session_ids)
        self.assertEqual(len(self.program.participant_ids), 2)
        self.assertEqual(self.program.tandem_ids, self.tandem)

    def test_consecutive_rounds_follow_each_other(self):
        club = self.env["mentoring.program"].create(
            {
                "name": "Communication Leads",
                "company_id": self.company.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 6, 30),
                "enrollment_deadline": date(2025, 12, 15),
                "round_schedule": "consecutive",
                "coordinator_ids": [Command.set(self.coordinator.ids)],
            }
        )
        second = self._next_round(club)
        self.assertEqual(
            (second.date_start, second.date_end, second.enrollment_deadline),
            (date(2026, 7, 1), date(2026, 12, 31), date(2026, 6, 15)),
        )
        self.assertEqual(second.name, "Communication Leads (Round 2)")
        third = self._next_round(second)
        self.assertEqual(
            (third.date_start, third.date_end), (date(2027, 1, 1), date(2027, 6, 30))
        )
        self.assertEqual(third.name, "Communication Leads (Round 3)")
        self.assertEqual(third._earlier_rounds(), second | club)
        self.assertEqual(club._later_rounds(), second | third)

    def test_yearly_rounds_keep_their_season(self):
        group = self.env["mentoring.program"].create(
            {
                "name": "Reverse Mentoring 2026-2027",
                "company_id": self.company.id,
                "date_start": date(2026, 11, 1),
                "date_end": date(2027, 5, 31),
                "round_schedule": "yearly",
                "coordinator_ids": [Command.set(self.coordinator.ids)],
            }
        )
        new = self._next_round(group)
        self.assertEqual(
            (new.date_start, new.date_end), (date(2027, 11, 1), date(2028, 5, 31))
        )
        self.assertEqual(new.name, "Reverse Mentoring 2027-2028")
        self.assertFalse(new.enrollment_deadline)
        self.assertEqual(new.round_schedule, "yearly")

    def test_one_next_round_at_a_time(self):
        new = self._next_round()
        with self.assertRaisesRegex(UserError, "already has its next round"):
            self._next_round()
        self.assertEqual(self.program.next_program_ids, new)
        # Once the next round is cancelled, another one may replace it.
        new.action_cancel()
        self.assertEqual(
            self._next_round(user=self.mentoring_admin).previous_program_id,
            self.program,
        )

    def test_only_its_coordinators_and_admins_start_a_round(self):
        before = self._program_count()
        for role, user in self.outsiders.items():
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._next_round(user=user)
        self.assertEqual(self._program_count(), before)
        self.assertFalse(self.program.next_program_ids)
        self.assertEqual(self._next_round(user=self.mentoring_admin).state, "draft")

    def test_both_forms_show_the_link(self):
        new = self._next_round()
        new.action_open_enrollment()
        newcomer = self._employee(
            "Nora New", user=self._user("rm_nora"), parent=self.ceo
        )
        self._enrol(newcomer, "mentee", new)
        for user in (self.coordinator, self.mentor_user, newcomer.user_id):
            coordinator = user.has_group(
                "reverse_mentoring.group_mentoring_coordinator"
            )
            with self.subTest(user=user.login):
                arch = (
                    self.env["mentoring.program"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertIn('name="previous_program_id"', arch)
                # The next round may still be a draft, which only coordinators read.
                self.assertEqual('name="next_program_ids"' in arch, coordinator)
        # Someone new in this round reads the name of the previous one.
        [values] = new.with_user(newcomer.user_id).web_read(
            {"previous_program_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(
            values["previous_program_id"]["display_name"],
            "Digital Leadership",
        )
        [values] = self.program.with_user(self.coordinator).web_read(
            {"next_program_ids": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(
            values["next_program_ids"], [{"id": new.id, "display_name": new.name}]
        )

    def test_the_link_to_the_previous_round_is_history(self):
        other = self.env["mentoring.program"].create(
            {"name": "Elsewhere", "company_id": self.company.id}
        )
        for user in (self.coordinator, self.mentoring_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                other.with_user(user).previous_program_id = self.program
            with self.assertRaises(AccessError):
                self.env["mentoring.program"].with_user(user).create(
                    {"name": "Forged", "previous_program_id": self.program.id}
                )
        self.assertFalse(other.previous_program_id)
        self.assertFalse(self.program.next_program_ids)


class ReenrolCase(RoundsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mentor_participant.write(
            {"topic_ids": [Command.set(cls.topic.ids)], "capacity": 3}
        )
        cls.next_program = cls.env["mentoring.program"].browse(
            cls.program.with_user(cls.coordinator).action_new_round()["res_id"]
        )
        cls.next_program.write({"topic_ids": [Command.set(cls.topic.ids)]})
        cls.next_program.action_open_enrollment()

    def _mentors_of_next_round(self):
        return self.next_program.participant_ids.filtered(lambda p: p.role == "mentor")


class TestReenrolInTheBackEnd(ReenrolCase):
    def test_a_mentor_enrols_again_with_one_click(self):
        mine = self.mentor_participant.with_user(self.mentor_user)
        self.assertEqual(mine.reenroll_program_id, self.next_program)
        mine.action_reenroll()
        again = self._mentors_of_next_round()
        self.assertEqual(again.employee_id, self.mentor)
        self.assertEqual(again.state, "draft", "a coordinator confirms it")
        self.assertEqual(again.topic_ids, self.topic)
        self.assertEqual(again.capacity, 3)
        # The button is gone, and a second click enrols nobody twice.
        mine.invalidate_recordset()
        self.assertFalse(mine.reenroll_program_id)
        with self.assertRaisesRegex(UserError, "takes enrolments now"):
            mine.action_reenroll()
        with self.assertRaisesRegex(UserError, "already enrolled"):
            self.env["mentoring.participant"].with_user(
                self.mentor_user
            )._reenroll_as_mentor(self.next_program)
        self.assertEqual(self._mentors_of_next_round(), again)

    def test_nobody_enrols_someone_else(self):
        for user in (self.coordinator, self.mentoring_admin):
            with self.subTest(user=user.login):
                participation = self.mentor_participant.with_user(user)
                self.assertFalse(participation.reenroll_program_id)
                with self.assertRaisesRegex(AccessError, "enrols themselves again"):
                    participation.action_reenroll()
        for user in (self.other_user, self.hr_officer, self.foreign_coordinator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.mentor_participant.with_user(user).action_reenroll()
        self.assertFalse(self.next_program.participant_ids)

    def test_only_mentors_of_an_earlier_round(self):
        mentee = self.mentee_participant.with_user(self.mentee_user)
        self.assertFalse(mentee.reenroll_program_id)
        for user in (self.mentee_user, self.other_user):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(
                    UserError, "Only the mentors of an earlier round"
                ),
            ):
                self.env["mentoring.participant"].with_user(user)._reenroll_as_mentor(
                    self.next_program
                )
        # A mentor whose participation was cancelled is not offered the round.
        self.mentor_participant.state = "cancelled"
        self.assertFalse(
            self.mentor_participant.with_user(self.mentor_user).reenroll_program_id
        )
        self.assertFalse(self.next_program.participant_ids)

    def test_only_while_the_round_takes_enrolments(self):
        self.next_program.action_start()
        mine = self.mentor_participant.with_user(self.mentor_user)
        self.assertFalse(mine.reenroll_program_id)
        with self.assertRaisesRegex(UserError, "does not take enrolments"):
            self.env["mentoring.participant"].with_user(
                self.mentor_user
            )._reenroll_as_mentor(self.next_program)
        self.assertFalse(self.next_program.participant_ids)


@tagged("post_install", "-at_install")
class TestReenrolOnThePortal(ReenrolCase, HttpCase):
    def _post(self, program_id):
        return self.opener.post(
            f"{self.base_url()}/my/mentoring/program/{program_id}/reenroll",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
            timeout=30,
        )

    def test_a_mentor_enrols_again_on_the_portal(self):
        self.authenticate(self.mentor_user.login, self.mentor_user.login)
        page = self.url_open("/my/mentoring").text
        self.assertIn(
            f'action="/my/mentoring/program/{self.next_program.id}/reenroll"', page
        )
        self.assertEqual(self._post(self.next_program.id).status_code, 303)
        self.assertIn("enrolled as a mentor again", self.url_open("/my/mentoring").text)
        again = self._mentors_of_next_round()
        self.assertEqual((again.employee_id, again.capacity), (self.mentor, 3))
        self.assertEqual(again.topic_ids, self.topic)
        page = self.url_open("/my/mentoring").text
        self.assertNotIn("o_mentoring_reenroll", page)
        # A second click enrols nobody twice.
        self.assertEqual(self._post(self.next_program.id).status_code, 303)
        self.assertIn("already enrolled", self.url_open("/my/mentoring").text)
        self.assertEqual(self._mentors_of_next_round(), again)

    def test_a_mentor_with_a_portal_user_enrols_again(self):
        # A mentor of a partner organisation, who works on the portal only.
        portal_mentor = self._user("rm_portal_mentor", "base.group_portal")
        self.mentor.user_id = portal_mentor
        self.authenticate(portal_mentor.login, portal_mentor.login)
        self.assertIn("o_mentoring_reenroll", self.url_open("/my/mentoring").text)
        self.assertEqual(self._post(self.next_program.id).status_code, 303)
        self.assertEqual(self._mentors_of_next_round().employee_id, self.mentor)

    def test_refusals(self):
        for user in (self.mentee_user, self.other_user):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertNotIn(
                    "o_mentoring_reenroll", self.url_open("/my/mentoring").text
                )
                self.assertEqual(self._post(self.next_program.id).status_code, 303)
                self.assertIn(
                    "Only the mentors of an earlier round",
                    self.url_open("/my/mentoring").text,
                )
        for user in (self.portal_user, self.foreign_coordinator):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertEqual(self._post(self.next_program.id).status_code, 404)
        self.authenticate(self.mentor_user.login, self.mentor_user.login)
        for program_id in (self.program.id, self.next_program.id + 1000):
            with self.subTest(program_id=program_id):
                self.assertEqual(self._post(program_id).status_code, 404)
        # Without the CSRF token, nothing happens.
        response = self.opener.post(
            f"{self.base_url()}/my/mentoring/program/{self.next_program.id}/reenroll",
            allow_redirects=False,
            timeout=30,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.next_program.participant_ids)


class TestMentorPool(ReenrolCase):
    def _pool(self, user):
        return self.env["mentoring.mentor.pool"].with_user(user).search([])

    def test_coordinators_see_their_companies_mentors(self):
        foreign = self._employee("Fritz Foreign", company=self.other_company)
        foreign_program = self.env["mentoring.program"].create(
            {"name": "Abroad", "company_id": self.other_company.id, "state": "running"}
        )
        self._enrol(foreign, "mentor", foreign_program)
        second_mentor, _mentee = self._pair(name="Second")
        pool = self._pool(self.coordinator)
        self.assertEqual(pool.employee_id, self.mentor | second_mentor)
        line = pool.filtered(lambda line: line.employee_id == self.mentor)
        self.assertEqual(
            (
                line.program_count,
                line.tandem_count,
                line.done_tandem_count,
                line.open_tandem_count,
                line.capacity,
                line.free_capacity,
            ),
            (1, 1, 0, 1, 3, 2),
        )
        self.assertEqual(line.program_ids, self.program)
        # A coordinator without HR rights reads the mentor's public name only.
        self.assertFalse(self.coordinator.has_group("hr.group_hr_user"))
        self.assertEqual(line.employee_id.name, "Mia Junior")
        self.assertEqual(self._pool(self.foreign_coordinator).employee_id, foreign)
        self.assertEqual(self._pool(self.mentoring_admin), pool)

    def test_history_and_load_across_rounds(self):
        self.tandem.stage_id = self.stage_done
        self.mentor_participant.with_user(self.mentor_user).action_reenroll()
        self._mentors_of_next_round().write({"state": "confirmed", "capacity": 1})
        line = self._pool(self.coordinator).filtered(
            lambda line: line.employee_id == self.mentor
        )
        self.assertEqual(line.program_ids, self.program | self.next_program)
        # Tandems: one done; capacity counts the programs open or running.
        self.assertEqual(
            (line.program_count, line.tandem_count, line.done_tandem_count),
            (2, 1, 1),
        )
        self.assertEqual((line.open_tandem_count, line.capacity), (0, 4))

    def test_nobody_else_reads_the_pool(self):
        for user in (
            self.mentor_user,
            self.other_user,
            self.hr_officer,
            self.portal_user,
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._pool(user)
                with self.assertRaises(AccessError):
                    self.env["mentoring.mentor.pool"].with_user(user).read_group(
                        [], ["tandem_count:sum"], []
                    )
