"""Pairs that click: the enrolment profile, wishes, and both people's yes."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from ..matching.eligibility import AVOIDED, ELIGIBLE
from ..matching.odoo_data import pair_reason
from .common import MentoringCase


class PeopleCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = cls._user("rm_people_hr", "base.group_user,hr.group_hr_user")
        cls.portal_user = cls._user("rm_people_portal", "base.group_portal")
        cls.open_program = cls._open_program()
        cls.hiking = cls.env.ref("reverse_mentoring.interest_hiking")
        cls.open_mentee = cls._enrol(cls.mentee, "mentee", cls.open_program)
        cls.open_mentor = cls._enrol(cls.mentor, "mentor", cls.open_program)
        cls.open_mentor.visible_for_wishes = True
        cls.other_participant = cls._enrol(cls.other, "mentor", cls.open_program)

    def _proposed(self, program=None):
        """A tandem the matching proposed in a program whose members answer it."""
        tandem = self._tandem(program, name="Proposed", stage_id=self.stage_proposed.id)
        tandem.match_answer_required = True
        return tandem


class TestProfile(PeopleCase):
    def test_person_writes_own_profile_and_names_new_interests(self):
        german = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "de_DE")])
        )
        self.open_mentee.with_user(self.mentee_user)._write_profile(
            {
                "interest_ids": self.hiking.ids,
                "communication_style": "direct",
                "meeting_format": "remote",
                "time_morning": True,
                "time_evening": True,
                "language_ids": german.ids,
            },
            new_interests=["Sailing", " sailing ", "hiking"],
        )
        profile = self.open_mentee
        self.assertEqual(profile.communication_style, "direct")
        self.assertEqual(profile.meeting_format, "remote")
        self.assertTrue(profile.time_morning and profile.time_evening)
        self.assertFalse(profile.time_lunch)
        self.assertEqual(profile.language_ids, german)
        self.assertEqual(
            sorted(profile.interest_ids.mapped("name")),
            ["Hiking", "Sailing"],
            "a new name is added once, a known one in any case is reused",
        )

    def test_new_interests_are_names_not_patterns_and_few_at_a_time(self):
        interests = self.env["mentoring.interest"]
        before = interests.search_count([])
        with self.assertRaisesRegex(UserError, "at most 5 new interests"):
            self.open_mentee.with_user(self.mentee_user)._write_profile(
                {}, new_interests=[f"Interest {n}" for n in range(6)]
            )
        self.assertEqual(interests.search_count([]), before)
        self.open_mentee.with_user(self.mentee_user)._write_profile(
            {}, new_interests=["%", "H_king"]
        )
        self.assertEqual(
            sorted(self.open_mentee.interest_ids.mapped("name")), ["%", "H_king"]
        )
        self.assertNotIn(self.hiking, self.open_mentee.interest_ids)

    def test_nobody_else_writes_a_profile(self):
        for user in (
            self.mentor_user,
            self.other_user,
            self.hr_officer,
            self.coordinator,
            self.foreign_coordinator,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.open_mentee.with_user(user)._write_profile(
                    {"communication_style": "casual"}
                )
        self.assertFalse(self.open_mentee.communication_style)

    def test_profile_holds_only_profile_fields(self):
        with self.assertRaises(AccessError):
            self.open_mentee.with_user(self.mentee_user)._write_profile(
                {"state": "confirmed", "capacity": 9}
            )

    def test_profile_is_read_only_once_matched(self):
        with self.assertRaisesRegex(UserError, "matched already"):
            self.mentee_participant.with_user(self.mentee_user)._write_profile(
                {"communication_style": "casual"}
            )
        self.assertFalse(self.mentee_participant.communication_style)
        self.assertTrue(self.mentee_participant.is_matched)

    def test_participants_do_not_curate_interests(self):
        interests = self.env["mentoring.interest"]
        for user in (self.mentee_user, self.portal_user, self.coordinator):
            with self.subTest(user=user.login):
                self.assertTrue(interests.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    interests.with_user(user).create({"name": "Chess"})
                with self.assertRaises(AccessError):
                    self.hiking.with_user(user).name = "Walking"
        self.assertEqual(self.hiking.name, "Hiking")
        interests.with_user(self.mentoring_admin).create({"name": "Chess"})

    def test_shipped_interests_speak_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["reverse_mentoring"], ["de_DE"], overwrite=True
        )
        self.assertEqual(self.hiking.with_context(lang="de_DE").name, "Wandern")

    def test_enrolment_form_takes_the_profile(self):
        program = self._open_program(name="Profiled")
        wizard = (
            self.env["mentoring.self.enrollment"]
            .with_user(self.other_user)
            .create(
                {
                    "program_id": program.id,
                    "role": "mentor",
                    "interest_ids": self.hiking.ids,
                    "communication_style": "exploratory",
                    "time_lunch": True,
                }
            )
        )
        wizard.action_enroll()
        participant = program.participant_ids
        self.assertEqual(participant.interest_ids, self.hiking)
        self.assertEqual(participant.communication_style, "exploratory")
        self.assertTrue(participant.time_lunch)


class TestWishes(PeopleCase):
    def _wish(self, user, participant, wished):
        participant.with_user(user)._write_profile({"wish_participant_ids": wished.ids})

    def test_wish_for_people_visible_for_wishes(self):
        self._wish(self.mentee_user, self.open_mentee, self.open_mentor)
        self.assertEqual(self.open_mentee.wish_participant_ids, self.open_mentor)

    def test_no_wish_for_who_did_not_agree_or_of_the_same_role(self):
        with self.assertRaisesRegex(UserError, "agreed to be wished for"):
            self._wish(self.mentee_user, self.open_mentee, self.other_participant)
        self.assertFalse(self.open_mentee.wish_participant_ids)
        colleague = self._enrol(
            self._employee("Mona Mentee", parent=self.ceo), "mentee", self.open_program
        )
        colleague.visible_for_wishes = True
        with self.assertRaises(ValidationError):
            self.open_mentee.wish_participant_ids = colleague

    def test_at_most_three_wishes(self):
        mentors = self.open_mentor
        for index in range(3):
            mentor = self._enrol(
                self._employee(f"Wished {index}", parent=self.ceo),
                "mentor",
                self.open_program,
            )
            mentor.visible_for_wishes = True
            mentors |= mentor
        with self.assertRaisesRegex(ValidationError, "at most 3"):
            self._wish(self.mentee_user, self.open_mentee, mentors)
        self.assertFalse(self.open_mentee.wish_participant_ids)

    def test_wishes_only_while_enrolment_is_open(self):
        self.open_program.state = "running"
        with self.assertRaisesRegex(UserError, "takes enrolments"):
            self._wish(self.mentee_user, self.open_mentee, self.open_mentor)

    def test_who_wished_whom_is_read_by_the_wisher_and_coordinators_only(self):
        self._wish(self.mentee_user, self.open_mentee, self.open_mentor)
        self.assertEqual(
            self.open_mentee.with_user(self.coordinator).wish_participant_ids,
            self.open_mentor,
        )
        for user in (
            self.mentee_user,
            self.mentor_user,
            self.other_user,
            self.hr_officer,
            self.portal_user,
            self.foreign_coordinator,
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.open_mentee.with_user(user).read(["wish_participant_ids"])
                self.assertFalse(
                    self.env["mentoring.participant"]
                    .with_user(user)
                    .search([("wish_participant_ids", "in", self.open_mentor.ids)]),
                    "the wished person cannot find who wished them",
                )
                with self.assertRaises(AccessError):
                    self.open_mentee.with_user(user).write(
                        {"wish_participant_ids": [fields.Command.clear()]}
                    )
        self.assertEqual(self.open_mentee.wish_participant_ids, self.open_mentor)

    def test_the_wished_person_learns_nothing_of_the_wish(self):
        """The mentor wished for the mentee: the mentee reads, finds, groups and
        exports nothing of it, and cannot change it."""
        self.open_mentee.visible_for_wishes = True
        self._wish(self.mentor_user, self.open_mentor, self.open_mentee)
        # Even a member allowed to export data.
        self.mentee_user.groups_id += self.env.ref("base.group_allow_export")
        participants = self.env["mentoring.participant"].with_user(self.mentee_user)
        mentor = self.open_mentor.with_user(self.mentee_user)
        with self.assertRaises(AccessError):
            mentor.read(["wish_participant_ids"])
        with self.assertRaises(AccessError):
            mentor.export_data(["wish_participant_ids/id"])
        self.assertFalse(
            participants.search([("wish_participant_ids", "in", self.open_mentee.ids)])
        )
        with self.assertRaises(AccessError):
            participants.search_read(
                [("role", "=", "mentor")], ["wish_participant_ids"]
            )
        groups = participants.read_group(
            [], ["wish_participant_ids"], ["wish_participant_ids"]
        )
        self.assertFalse(
            [
                group
                for group in groups
                if group["wish_participant_ids"]
                and group["wish_participant_ids"][0] in self.open_mentee.ids
            ],
            "nobody is counted as having wished for the mentee",
        )
        with self.assertRaises(AccessError):
            mentor.write({"wish_participant_ids": [fields.Command.clear()]})
        self.assertEqual(self.open_mentor.wish_participant_ids, self.open_mentee)

    def test_a_coordinator_wished_for_does_not_learn_by_whom(self):
        """A coordinator of the company who takes part reads no wish of it."""
        self.open_mentor.employee_id.user_id = self.coordinator
        self._wish(self.mentee_user, self.open_mentee, self.open_mentor)
        participants = self.env["mentoring.participant"].with_user(self.coordinator)
        wish = [("wish_participant_ids", "in", self.open_mentor.ids)]
        self.assertFalse(participants.search(wish))
        self.assertFalse(participants.search([("wish_participant_ids", "!=", False)]))
        self.assertEqual(
            self.open_mentee.with_user(self.coordinator).read(["wish_participant_ids"])[
                0
            ]["wish_participant_ids"],
            [],
        )
        groups = participants.read_group(
            [("program_id", "=", self.open_program.id)],
            ["wish_participant_ids"],
            ["wish_participant_ids"],
        )
        self.assertFalse([g for g in groups if g["wish_participant_ids"]])
        with self.assertRaises(AccessError):
            self.open_mentee.with_user(self.coordinator).export_data(
                ["wish_participant_ids/id"]
            )
        # Of a program they do not take part in, they read the wishes.
        self.open_mentor.employee_id.user_id = False
        self.assertEqual(participants.search(wish), self.open_mentee)
        self.assertEqual(self.open_mentee.wish_participant_ids, self.open_mentor)

    def test_wishes_and_consent_are_the_person_s_alone(self):
        self._wish(self.mentee_user, self.open_mentee, self.open_mentor)
        for vals in (
            {"wish_participant_ids": [fields.Command.clear()]},
            {"visible_for_wishes": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                (self.open_mentee | self.open_mentor).with_user(self.coordinator).write(
                    vals
                )
        self.assertEqual(self.open_mentee.wish_participant_ids, self.open_mentor)
        self.assertTrue(self.open_mentor.visible_for_wishes)
        # Withdrawing one's consent takes one off every wish list.
        self.open_mentor.with_user(self.mentor_user)._write_profile(
            {"visible_for_wishes": False}
        )
        self.assertFalse(self.open_mentee.wish_participant_ids)
        with self.assertRaises(ValidationError):
            self.open_mentee.wish_participant_ids = self.open_mentor


class TestAcceptance(PeopleCase):
    def test_matching_proposes_tandems_that_wait_for_both(self):
        program = self._open_program(name="Answered")
        mentor, mentee = self._pair(program, name="Matched")
        wizard = (
            self.env["mentoring.matching.wizard"]
            .with_user(self.coordinator)
            .create({"program_id": program.id})
        )
        wizard.action_compute()
        wizard.action_confirm()
        tandem = program.tandem_ids
        self.assertEqual(tandem.phase, "proposed")
        self.assertTrue(tandem.awaits_acceptance)
        self.assertEqual((tandem.mentor_id, tandem.mentee_id), (mentor, mentee))

    def test_both_accept_then_the_kickoff_begins(self):
        tandem = self._proposed()
        mentor_user = self._user("rm_people_mentor")
        mentee_user = self._user("rm_people_mentee")
        tandem.mentor_id.user_id = mentor_user
        tandem.mentee_id.user_id = mentee_user
        with self.assertRaisesRegex(UserError, "accept the match"):
            tandem.with_user(mentor_user).action_agree_kickoff()
        tandem.with_user(mentor_user).action_accept_match()
        self.assertTrue(tandem.match_mentor_accepted)
        self.assertFalse(tandem.match_mentee_accepted)
        self.assertEqual(tandem.phase, "proposed")
        with self.assertRaisesRegex(UserError, "accepted this match already"):
            tandem.with_user(mentor_user).action_accept_match()
        self.assertFalse(tandem.match_mentee_accepted, "nobody answers for the partner")
        tandem.with_user(mentee_user).action_accept_match()
        self.assertEqual(tandem.phase, "kickoff")
        self.assertFalse(tandem.awaits_acceptance)

    def test_only_members_answer_and_not_by_writing(self):
        tandem = self._proposed()
        for user in (self.other_user, self.coordinator, self.hr_officer):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    tandem.with_user(user).action_accept_match()
                with self.assertRaises(UserError):
                    tandem.with_user(user).action_decline_match("No")
        mentor_user = self._user("rm_people_writer")
        tandem.mentor_id.user_id = mentor_user
        with self.assertRaises(AccessError):
            tandem.with_user(mentor_user).write({"match_mentee_accepted": True})
        self.assertFalse(tandem.match_mentee_accepted)
        self.assertEqual(tandem.phase, "proposed")
        self.assertFalse(self.env["mentoring.declined.pair"].search([]))

    def test_nobody_moves_a_tandem_on_before_both_accepted(self):
        tandem = self._proposed()
        for stage in (self.stage_kickoff, self.stage_active):
            with self.subTest(stage=stage.name):
                with self.assertRaisesRegex(UserError, "waits for both people"):
                    tandem.with_user(self.coordinator).stage_id = stage
        self.assertEqual(tandem.phase, "proposed")
        self.assertTrue(tandem.awaits_acceptance)

    def _declined(self):
        tandem = self._proposed()
        decliner = self._user("rm_people_decliner")
        partner = self._user("rm_people_partner")
        tandem.mentee_id.user_id = decliner
        tandem.mentor_id.user_id = partner
        tandem.with_user(decliner).action_decline_match("  Too close to my team  ")
        return tandem, decliner, partner

    def test_a_decline_cancels_and_the_pair_is_never_proposed_again(self):
        tandem, _decliner, _partner = self._declined()
        self.assertEqual(tandem.phase, "cancelled")
        declined = self.env["mentoring.declined.pair"].search(
            [("tandem_id", "=", tandem.id)]
        )
        self.assertEqual(declined.reason, "Too close to my team")
        self.assertEqual(declined.declined_side, "mentee")
        mentor_participation = tandem._participation(tandem.mentor_id, "mentor")
        mentee_participation = tandem._participation(tandem.mentee_id, "mentee")
        self.assertFalse(mentee_participation.is_matched, "offered again")
        self.assertFalse(mentor_participation.is_matched, "offered again")
        self.assertEqual(
            pair_reason(self.program, mentee_participation, mentor_participation),
            AVOIDED,
        )
        other_mentor = self._enrol(
            self._employee("Fresh Mentor", parent=self.ceo), "mentor"
        )
        self.assertEqual(
            pair_reason(self.program, mentee_participation, other_mentor), ELIGIBLE
        )

    def test_the_decline_reason_is_for_the_coordinators_only(self):
        tandem, decliner, partner = self._declined()
        declined = tandem.declined_pair_ids
        self.assertEqual(
            declined.with_user(self.coordinator).read(["reason"])[0]["reason"],
            "Too close to my team",
        )
        self.assertEqual(tandem.with_user(self.coordinator).declined_pair_ids, declined)
        for user in (
            partner,
            decliner,
            self.other_user,
            self.hr_officer,
            self.portal_user,
            self.foreign_coordinator,
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    declined.with_user(user).read(["reason"])
                with self.assertRaises(AccessError):
                    declined.with_user(user).write({"reason": "Changed"})
        with self.assertRaises(AccessError):
            tandem.with_user(partner).read(["declined_pair_ids"])
        partner_view = tandem.with_user(partner)
        self.assertNotIn(
            "Too close",
            " ".join(partner_view.message_ids.mapped("body")),
            "the chatter the partner reads does not say why",
        )
        self.assertEqual(declined.reason, "Too close to my team")

    def test_a_coordinator_in_the_declined_pair_does_not_read_why(self):
        tandem, _decliner, partner = self._declined()
        coordinators = self.env.ref("reverse_mentoring.group_mentoring_coordinator")
        partner.groups_id |= coordinators
        self.program.coordinator_ids |= partner
        declined = tandem.declined_pair_ids
        self.assertEqual(
            self.env["mentoring.declined.pair"].with_user(self.coordinator).search([]),
            declined,
        )
        self.assertFalse(
            self.env["mentoring.declined.pair"].with_user(partner).search([])
        )
        with self.assertRaises(AccessError):
            declined.with_user(partner).read(["reason", "declined_side"])
        self.assertEqual(declined.reason, "Too close to my team")

    def test_answer_reminder_is_sent_once(self):
        tandem = self._proposed()
        mentor_user = self._user("rm_people_quick")
        tandem.mentor_id.user_id = mentor_user
        tandem.with_user(mentor_user).action_accept_match()
        self.env.cr.execute(
            "UPDATE mentoring_tandem SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=5), tandem.id),
        )
        tandem.invalidate_recordset(["create_date"])
        tandem.mentee_id.work_contact_id = self.env["res.partner"].create(
            {"name": tandem.mentee_id.name, "email": "silent@example.com"}
        )

        def reminders():
            return tandem.message_ids.filtered(
                lambda m: "waits for your answer" in (m.subject or "")
            )

        self.env["mentoring.tandem"]._cron_remind_match_answer()
        self.assertEqual(len(reminders()), 1)
        self.assertEqual(
            reminders().partner_ids,
            tandem.mentee_id.work_contact_id,
            "only the member who has not answered",
        )
        self.env["mentoring.tandem"]._cron_remind_match_answer()
        self.assertEqual(len(reminders()), 1, "a second run reminds nobody twice")
