"""Personal data: export, erasure by HR, and the retention of closed programs."""

import json
import xmlrpc.client
from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, get_db_name, new_test_user

from .common import HR_OFFICER_GROUPS, MentoringCase
from .test_feedback import FeedbackCase

SURVEY_USER = "base.group_user,survey.group_survey_user"

# What a program shows of itself: counts, results and feedback figures.
FIGURES = (
    "mentor_count",
    "mentee_count",
    "enrollment_request_count",
    "tandem_count",
    "open_tandem_count",
    "session_done_count",
    "session_planned_count",
    "sessions_per_tandem",
    "goal_done_share",
    "early_closure_count",
    "continuation_rate",
    "hours_spent",
    "cost_per_mentee",
    "session_cost",
    "total_cost",
    "cohort_acceptance_rate",
    "cohort_kickoff_attendance",
    "feedback_answer_count",
    "feedback_enough",
    "feedback_invitation_count",
    "response_rate",
    "session_usefulness",
    "promoter_share",
    "net_promoter_score",
)


class PersonalDataCase(FeedbackCase):
    """The tandem of Hans (mentee) and Mia (mentor), with everything a person
    leaves behind: motivation, expectations, notes, chatter and feedback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = cls._user("rm_hr_officer", HR_OFFICER_GROUPS)
        cls.foreign_hr_officer = cls._user(
            "rm_foreign_hr_officer", HR_OFFICER_GROUPS, cls.other_company
        )
        cls.survey_officer = cls._user("rm_survey_officer", SURVEY_USER)
        cls.portal_user = new_test_user(
            cls.env, login="rm_portal", groups="base.group_portal"
        )
        cls.mentee_participant.write(
            {
                "motivation": "Hans wants to stop fearing TikTok",
                "topic_ids": [Command.set(cls.topic.ids)],
            }
        )
        cls.tandem.with_user(
            cls.mentee_user
        ).mentee_expectations = "Hans expects patience"
        cls.tandem.with_user(
            cls.mentor_user
        ).mentor_expectations = "Mia expects curiosity"
        cls.held = cls._session(cls.tandem, days=-3)
        cls.held.with_user(cls.mentee_user).private_notes = "<p>Hans confided X</p>"
        cls.pulses = cls._pulses_of(cls.mentee, 5, comment="Hans says")
        # Hans has an hourly cost (HR data); his kick-off workshop, attended.
        cls.mentee.hourly_cost = 150
        start = fields.Datetime.now() - timedelta(days=2)
        kickoff = cls.env["mentoring.cohort.event"].create(
            {
                "name": "Kick-off Workshop",
                "program_id": cls.program.id,
                "kind": "kickoff",
                "audience": "both",
                "start": start,
                "stop": start + timedelta(hours=2),
            }
        )
        kickoff.attendance_ids.filtered(
            lambda a: a.employee_id == cls.mentee
        ).attended = True
        cls.mentor_pulses = cls._pulses_of(cls.mentor, 2)
        cls._profiles_declines_and_concerns()

    @classmethod
    def _profiles_declines_and_concerns(cls):
        """Hans's profile and wishes, a match he declined, his concern, an agenda
        of the two; what others wished, declined and raised about him."""
        cls.french = cls.env.ref("base.lang_fr")
        cls.mentee_participant.write(
            {
                "interest_ids": [
                    Command.set(
                        cls.env["mentoring.interest"]._find_or_create(["Chess"]).ids
                    )
                ],
                "communication_style": "casual",
                "meeting_format": "remote",
                "time_morning": True,
                "time_evening": True,
                "language_ids": [Command.set(cls.french.ids)],
                "visible_for_wishes": True,
            }
        )
        cls.picked = cls._enrol(cls._employee("Paula Pick"), "mentee")
        cls.picked.visible_for_wishes = True
        cls.wisher = cls._enrol(cls._employee("Willa Wisher"), "mentor")
        cls.mentor_participant.visible_for_wishes = True
        cls.mentee_participant.wish_participant_ids = cls.mentor_participant
        cls.mentor_participant.wish_participant_ids = (
            cls.mentee_participant | cls.picked
        )
        cls.wisher.wish_participant_ids = cls.mentee_participant
        pairs = cls.env["mentoring.declined.pair"]
        cls.own_decline = pairs.create(
            {
                "program_id": cls.program.id,
                "mentor_id": cls._employee("Ben Bypassed").id,
                "mentee_id": cls.mentee.id,
                "declined_side": "mentee",
                "reason": "Hans wants someone outside finance",
            }
        )
        cls.their_decline = pairs.create(
            {
                "program_id": cls.program.id,
                "mentor_id": cls._employee("Dora Decliner").id,
                "mentee_id": cls.mentee.id,
                "declined_side": "mentor",
                "reason": "Dora knows Hans Senior too well",
            }
        )
        concerns = cls.env["mentoring.concern"]
        cls.own_concern = concerns.with_user(cls.mentee_user).create(
            {"tandem_id": cls.tandem.id, "description": "Hans worries about the pace"}
        )
        cls.partner_concern = concerns.with_user(cls.mentor_user).create(
            {"tandem_id": cls.tandem.id, "description": "Mia finds Hans Senior late"}
        )
        cls.held.with_user(
            cls.mentee_user
        ).agenda = "<p>Hans Senior shows his TikTok drafts</p>"

    @classmethod
    def _pulses_of(cls, employee, count, comment=None):
        """`count` finished pulses of `employee`, each about a held session."""
        answers = cls.env["survey.user_input"]
        questions = {
            xml_id: cls.env.ref(f"reverse_mentoring.{xml_id}")
            for xml_id in ("q_pulse_useful", "q_pulse_covered", "q_pulse_comment")
        }
        for day in range(count):
            session = cls._session(cls.tandem, days=-1 - day)
            answer = cls.pulse._create_answer(
                partner=employee.work_contact_id,
                check_attempts=False,
                mentoring_tandem_id=cls.tandem.id,
                mentoring_session_id=session.id,
            )
            answer._save_lines(questions["q_pulse_useful"], 4)
            answer._save_lines(questions["q_pulse_covered"], "Secret topic")
            if comment:
                answer._save_lines(questions["q_pulse_comment"], f"{comment} {day}")
            answer._mark_done()
            answers |= answer
        return answers

    def _figures(self):
        self.env.invalidate_all()
        return {name: self.program[name] for name in FIGURES}

    def _data(self, user, employee=None):
        return (employee or self.mentee).with_user(user)._mentoring_personal_data()[0]

    # Everyone but HR officers of the company and the person themselves.
    OUTSIDERS = (
        "coordinator",
        "foreign_coordinator",
        "mentoring_admin",
        "mentor_user",
        "other_user",
        "survey_officer",
        "portal_user",
        "foreign_hr_officer",
    )


class TestExport(PersonalDataCase):
    def test_the_person_exports_everything_of_theirs(self):
        data = self._data(self.mentee_user)
        self.assertTrue(data["complete"])
        self.assertEqual(data["name"], "Hans Senior")
        (participation,) = data["participations"]
        self.assertEqual(participation["program"], "Digital Leadership")
        self.assertEqual(participation["role"], "Mentee")
        self.assertEqual(participation["topics"], [self.topic.name])
        self.assertEqual(
            participation["motivation"], "Hans wants to stop fearing TikTok"
        )
        (tandem,) = data["tandems"]
        self.assertEqual(tandem["partner"], "Mia Junior")
        self.assertEqual(tandem["role"], "Mentee")
        self.assertEqual(tandem["stage"], self.tandem.stage_id.name)
        self.assertEqual(tandem["my_expectations"], "Hans expects patience")
        self.assertEqual(tandem["goals"][0]["goal"], "Use LinkedIn confidently")
        self.assertEqual(len(tandem["sessions"]), len(self.tandem.session_ids))
        self.assertEqual({s["state"] for s in tandem["sessions"]}, {"Planned"})
        notes = [n for s in tandem["sessions"] for n in s["private_notes"]]
        self.assertEqual(notes, ["Hans confided X"])
        self.assertEqual(len(data["feedback"]), 5)
        answers = [a["answer"] for f in data["feedback"] for a in f["answers"]]
        self.assertIn("Hans says 0", answers)
        self.assertIn(4, answers)
        # Only their own side: not the partner's expectations nor answers.
        text = json.dumps(data)
        self.assertNotIn("Mia expects curiosity", text)
        self.assertEqual(
            len(
                self.mentor.with_user(self.mentor_user)._mentoring_personal_data()[0][
                    "feedback"
                ]
            ),
            2,
        )

    def test_the_person_exports_their_profile_wishes_declines_and_concerns(self):
        data = self._data(self.mentee_user)
        (participation,) = data["participations"]
        self.assertEqual(participation["interests"], ["Chess"])
        self.assertEqual(participation["communication_style"], "Casual, over a coffee")
        self.assertEqual(participation["meeting_format"], "Remote")
        self.assertEqual(participation["times_of_day"], ["Mornings", "Evenings"])
        self.assertEqual(participation["languages"], [self.french.name])
        self.assertTrue(participation["others_may_wish_for_me"])
        self.assertEqual(participation["my_wishes"], ["Mia Junior"])
        (tandem,) = data["tandems"]
        agendas = {s["start"]: s["agenda"] for s in tandem["sessions"]}
        self.assertEqual(
            agendas[fields.Datetime.to_string(self.held.start)],
            "Hans Senior shows his TikTok drafts",
        )
        self.assertEqual(
            agendas[fields.Datetime.to_string(self.planned_session.start)], None
        )
        (concern,) = data["concerns"]
        self.assertEqual(concern["concern"], "Hans worries about the pace")
        self.assertEqual(concern["state"], "Open")
        (declined,) = data["declined_matches"]
        self.assertEqual(
            (declined["program"], declined["role"], declined["partner"]),
            ("Digital Leadership", "Mentee", "Ben Bypassed"),
        )
        self.assertEqual(declined["reason"], "Hans wants someone outside finance")
        # Nothing of others: whom the partner wished, who wished for him, who
        # declined him and why, what the partner raised.
        text = json.dumps(data)
        for other in ("Paula Pick", "Willa Wisher", "Dora", "Mia finds"):
            self.assertNotIn(other, text)

    def test_hr_exports_without_the_confidential_texts(self):
        data = self._data(self.hr_officer)
        self.assertFalse(data["complete"])
        (participation,) = data["participations"]
        self.assertEqual(
            participation["motivation"], ("Hans wants to stop fearing TikTok")
        )
        self.assertEqual(participation["interests"], ["Chess"])
        self.assertEqual(participation["times_of_day"], ["Mornings", "Evenings"])
        self.assertNotIn("my_wishes", participation)
        self.assertEqual(data["tandems"][0]["partner"], "Mia Junior")
        for section in ("feedback", "concerns", "declined_matches"):
            self.assertNotIn(section, data)
        text = json.dumps(data)
        for secret in (
            "Hans confided",
            "Hans expects",
            "Hans says",
            "private_notes",
            "TikTok drafts",
            "Hans worries",
            "outside finance",
        ):
            self.assertNotIn(secret, text)

    def test_a_portal_member_exports_their_own_data(self):
        portal_mentor = self._employee(
            "Pia Partner", user=self.portal_user, company=self.other_company
        )
        self.program.allow_cross_company = True
        self._enrol(portal_mentor, "mentor")
        employees = self.env["hr.employee"].with_user(self.portal_user)
        mine = employees._mentoring_my_employees()
        self.assertEqual(mine, portal_mentor)
        (data,) = mine._mentoring_personal_data()
        self.assertTrue(data["complete"])
        self.assertEqual(data["participations"][0]["role"], "Mentor")
        with self.assertRaises(AccessError):
            self.mentee.with_user(self.portal_user)._mentoring_personal_data()

    def test_nobody_else_exports_someone_elses_data(self):
        for user in self._outsiders():
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._data(user)
                with self.assertRaises(AccessError):
                    self.mentee.with_user(user).action_mentoring_export()


class TestErasure(PersonalDataCase):
    def _erase(self, employee=None, user=None):
        wizard = (
            self.env["mentoring.erasure.wizard"]
            .with_user(user or self.hr_officer)
            .create({"employee_id": (employee or self.mentee).id})
        )
        return wizard

    def test_the_wizard_says_what_goes_and_needs_the_tick(self):
        wizard = self._erase()
        self.assertEqual(
            (
                wizard.participation_count,
                wizard.tandem_count,
                wizard.note_count,
                wizard.answer_count,
            ),
            (1, 1, 1, 5),
        )
        with self.assertRaisesRegex(UserError, "Tick the box"):
            wizard.action_erase()
        self.assertEqual(self.tandem.mentee_id, self.mentee)
        wizard.confirm = True
        wizard.action_erase()
        self.assertNotEqual(self.tandem.mentee_id, self.mentee)

    def test_erasure_leaves_anonymous_records_and_the_figures(self):
        self.program.feedback_min_answers = 3
        before = self._figures()
        self.assertTrue(before["feedback_enough"])
        self.assertEqual(before["session_usefulness"], 4.0)
        self.assertEqual(before["cohort_kickoff_attendance"], 50.0)
        self.tandem.with_user(self.mentee_user).message_post(
            body="Hans Senior says thanks", message_type="comment"
        )
        wizard = self._erase()
        wizard.confirm = True
        wizard.action_erase()

        self.assertEqual(self._figures(), before)
        stand_in = self.tandem.mentee_id
        self.assertEqual(stand_in.name, "Former participant")
        self.assertFalse(stand_in.active)
        self.assertFalse(stand_in.user_id)
        self.assertEqual(self.mentee_participant.employee_id, stand_in)
        self.assertFalse(self.mentee_participant.motivation)
        self.assertFalse(self.mentee_participant.topic_ids)
        self.assertEqual(self.tandem.name, "Mia Junior & Former participant")
        self.assertEqual(self.mentee.mentoring_role, "none")
        self.assertEqual(stand_in.mentoring_role, "mentee")
        # The partner keeps the tandem, their notes end, their expectations stay.
        tandem = self.tandem.with_user(self.mentor_user)
        self.assertEqual(tandem.search([("id", "=", self.tandem.id)]), tandem)
        self.assertEqual(tandem.mentee_id.name, "Former participant")
        self.assertFalse(tandem.mentee_expectations)
        self.assertEqual(tandem.mentor_expectations, "Mia expects curiosity")
        self.assertFalse(self.held.with_user(self.mentor_user).private_notes)
        # Hans reads nothing of it any more.
        self.assertFalse(
            self.env["mentoring.tandem"].with_user(self.mentee_user).search([])
        )
        partners = self.mentee.work_contact_id | self.mentee_user.partner_id
        self.assertFalse(
            self.env["survey.user_input"].search([("partner_id", "in", partners.ids)])
        )
        # The answers still count, from nobody.
        self.assertFalse(self.pulses.partner_id)
        self.assertEqual(self.pulses.mapped("state"), ["done"] * 5)
        self.assertEqual(self.mentor_pulses.partner_id, self.mentor.work_contact_id)
        # The chatter no longer names him.
        messages = self.env["mail.message"].search(
            [("model", "=", "mentoring.tandem"), ("res_id", "=", self.tandem.id)]
        )
        self.assertTrue(messages)
        for message in messages:
            self.assertNotIn("Hans Senior", str(message.body))
            self.assertNotIn("Hans Senior", message.record_name or "")
            self.assertNotEqual(message.author_id, self.mentee.work_contact_id)
        self.assertNotIn(self.mentee.work_contact_id, self.tandem.message_partner_ids)

    def test_erasure_takes_the_profile_wishes_declines_and_concerns(self):
        """What Hans wrote alone goes; what others wrote stays without his name;
        he leaves the others' wishes and the declined pairs."""
        self.partner_concern.with_user(self.coordinator).message_post(
            body="Talked to Hans Senior", message_type="comment"
        )
        self.mentee.with_user(self.hr_officer)._mentoring_erase()
        self.env.invalidate_all()
        stand_in = self.tandem.mentee_id
        participation = self.mentee_participant
        self.assertEqual(participation.employee_id, stand_in)
        for name in (
            "interest_ids",
            "communication_style",
            "meeting_format",
            "time_morning",
            "time_lunch",
            "time_afternoon",
            "time_evening",
            "language_ids",
            "visible_for_wishes",
            "wish_participant_ids",
        ):
            self.assertFalse(participation[name], name)
        # Nobody wishes for him any more; the others' other wishes stay.
        self.assertEqual(self.mentor_participant.wish_participant_ids, self.picked)
        self.assertFalse(self.wisher.wish_participant_ids)
        # The declines stay, with the stand-in: his reason goes, Dora's loses his name.
        pairs = self.env["mentoring.declined.pair"]
        self.assertFalse(
            pairs.search(
                [
                    "|",
                    ("mentor_id", "=", self.mentee.id),
                    ("mentee_id", "=", self.mentee.id),
                ]
            )
        )
        self.assertEqual((self.own_decline | self.their_decline).mentee_id, stand_in)
        self.assertFalse(self.own_decline.reason)
        self.assertEqual(
            self.their_decline.reason, "Dora knows Former participant too well"
        )
        # His concern goes; Mia's stays, without his name.
        concerns = self.env["mentoring.concern"]
        self.assertFalse(self.own_concern.exists())
        self.assertFalse(concerns.search([("user_id", "=", self.mentee_user.id)]))
        self.assertEqual(self.tandem.concern_ids, self.partner_concern)
        self.assertEqual(
            self.partner_concern.description, "Mia finds Former participant late"
        )
        chatter = " ".join(str(m.body) for m in self.partner_concern.message_ids)
        self.assertIn("Talked to Former participant", chatter)
        self.assertNotIn("Hans", chatter)
        # The agenda is the two's: Mia keeps it, without his name, in Calendar too.
        self.assertEqual(
            self.held.with_user(self.mentor_user).agenda,
            "<p>Former participant shows his TikTok drafts</p>",
        )
        self.assertNotIn("Hans", str(self.held.calendar_event_id.description))
        self.assertIn(
            "Former participant", str(self.held.calendar_event_id.description)
        )

    def test_erasure_reaches_the_cohort_invitations(self):
        """The program sees its cohort events: the erased person no longer
        stands among their attendees, and the figures stay."""
        calendar = (
            self.env["mentoring.cohort.event"]
            .search([("program_id", "=", self.program.id)])
            .calendar_event_id
        )
        partners = self.mentee.work_contact_id | self.mentee_user.partner_id
        invitation = calendar.attendee_ids.filtered(lambda a: a.partner_id in partners)
        invitation.with_user(self.mentee_user).do_accept()
        before = self._figures()
        self.mentee.with_user(self.hr_officer)._mentoring_erase()
        self.env.invalidate_all()
        self.assertEqual(self._figures(), before)
        stand_in = self.tandem.mentee_id
        self.assertFalse(calendar.partner_ids & partners)
        self.assertFalse(calendar.attendee_ids.partner_id & partners)
        self.assertIn(stand_in.work_contact_id, calendar.partner_ids)
        self.assertEqual(invitation.common_name, "Former participant")
        self.assertEqual(invitation.state, "accepted")
        for message in calendar.message_ids:
            self.assertNotIn("Hans Senior", str(message.body))
            self.assertNotIn(message.author_id, partners)
        self.mentee.with_user(self.hr_officer).unlink()
        self.assertFalse(self.mentee.exists())

    def test_tracked_changes_show_the_stand_in(self):
        tandem = self._tandem(name="Tracked")
        # Changes are tracked from the next transaction on.
        self.env.flush_all()
        self.env.cr.precommit.run()
        tandem.with_context(tracking_disable=False).mentee_id = self.mentee
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        values = tandem.message_ids.tracking_value_ids
        self.assertIn("Hans Senior", values.mapped("new_value_char"))
        self.mentee.with_user(self.hr_officer)._mentoring_erase()
        self.env.invalidate_all()
        self.assertNotIn("Hans Senior", values.mapped("new_value_char"))
        self.assertIn("Former participant", values.mapped("new_value_char"))

    def test_the_employee_is_deleted_after_the_erasure_only(self):
        employee = self.mentee.with_user(self.hr_officer)
        with self.assertRaisesRegex(UserError, "Erase their mentoring data first"):
            employee.unlink()
        self.assertTrue(self.mentee.exists())
        employee._mentoring_erase()
        before = self._figures()
        employee.unlink()
        self.assertFalse(self.mentee.exists())
        self.assertEqual(self._figures(), before)

    def test_erasure_reaches_the_stored_proposals(self):
        """Proposals that name the person: theirs go, they leave the others'
        alternatives and explanations, and the employee can be deleted."""
        skipped = (
            "Hans Senior would have scored 84 but was skipped: Otto Other and "
            "Hans Senior already formed a tandem in Pilot."
        )
        wizard = self.env["mentoring.matching.wizard"].create(
            {"program_id": self.program.id}
        )
        wizard.sudo().write(
            {
                "line_ids": [
                    Command.create(
                        {"mentee_id": self.mentee.id, "mentor_id": self.mentor.id}
                    ),
                    Command.create(
                        {
                            "mentee_id": self.other.id,
                            "mentor_id": self.mentor.id,
                            "score": 70.0,
                            "alternative_ids": [Command.set(self.mentee.ids)],
                            "alternatives": "Hans Senior (84), Clara CEO (60)",
                            "explanation": skipped,
                        }
                    ),
                ],
                "unmatched_ids": [
                    Command.create({"mentee_id": self.mentee.id, "reason": skipped})
                ],
            }
        )
        other_tandem = self._tandem(name="Other")
        other_tandem.sudo().match_explanation = skipped
        employee = self.mentee.with_user(self.hr_officer)
        employee._mentoring_erase()
        line = wizard.line_ids
        self.assertEqual(line.mentee_id, self.other)
        self.assertFalse(wizard.unmatched_ids)
        self.assertFalse(line.alternative_ids)
        self.assertEqual(line.alternatives, "Clara CEO (60)")
        self.assertEqual(line.score, 70.0)
        for text in (line.explanation, other_tandem.match_explanation):
            self.assertNotIn("Hans", text)
            self.assertIn("Former participant would have scored 84", text)
        employee.unlink()
        self.assertFalse(self.mentee.exists())

    def test_erasure_is_idempotent(self):
        employee = self.mentee.with_user(self.hr_officer)
        employee._mentoring_erase()
        employees = self.env["hr.employee"].with_context(active_test=False)
        count = employees.search_count([])
        stand_in = self.tandem.mentee_id
        participants = self.env["mentoring.participant"].search([])
        summary = employee._mentoring_erasure_summary()
        self.assertEqual(
            summary, {"participations": 0, "tandems": 0, "notes": 0, "answers": 0}
        )
        employee._mentoring_erase()
        self.assertEqual(employees.search_count([]), count)
        self.assertEqual(self.tandem.mentee_id, stand_in)
        self.assertEqual(self.env["mentoring.participant"].search([]), participants)

    def test_nobody_but_hr_erases(self):
        for user in self._outsiders():
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.mentee.with_user(user)._mentoring_erase()
                with self.assertRaises(AccessError):
                    self.mentee.with_user(user).action_mentoring_erase()
                with self.assertRaises(AccessError):
                    self._erase(user=user).action_erase()
        self.assertEqual(self.tandem.mentee_id, self.mentee)
        self.assertEqual(self.mentee_participant.employee_id, self.mentee)
        self.assertEqual(
            self.held.with_user(self.mentor_user).private_notes,
            "<p>Hans confided X</p>",
        )
        self.assertEqual(self.pulses.partner_id, self.mentee.work_contact_id)
        self.assertEqual(self.mentee_participant.interest_ids.mapped("name"), ["Chess"])
        self.assertEqual(
            self.mentee_participant.wish_participant_ids, self.mentor_participant
        )
        self.assertEqual(self.wisher.wish_participant_ids, self.mentee_participant)
        self.assertEqual(self.own_decline.mentee_id, self.mentee)
        self.assertEqual(self.own_decline.reason, "Hans wants someone outside finance")
        self.assertTrue(self.own_concern.exists())
        self.assertEqual(self.partner_concern.description, "Mia finds Hans Senior late")


class TestRetention(PersonalDataCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.action_close()

    def _run(self, user=None):
        model = self.env["mentoring.program"]
        model = model.with_user(user) if user else model.sudo()
        model._cron_apply_retention()

    def _notes(self):
        return (
            self.env["mentoring.session.note"]
            .sudo()
            .search([("session_id.tandem_id.program_id", "=", self.program.id)])
        )

    def _state(self):
        answers = self.pulses | self.mentor_pulses
        return sorted(
            answers.read(["partner_id", "email", "write_date"], load=None),
            key=lambda row: row["id"],
        ), self._notes().ids

    def test_data_stay_during_the_retention_period(self):
        self.assertEqual(self.program.date_closed, fields.Date.today())
        self.company.mentoring_retention_months = 36
        with freeze_time(fields.Date.today() + relativedelta(months=25)):
            self._run()
        self.assertTrue(self._notes())
        self.assertEqual(self.pulses.partner_id, self.mentee.work_contact_id)

    def test_after_the_period_notes_go_and_answers_lose_their_respondent(self):
        self.program.feedback_min_answers = 3
        before = self._figures()
        later = fields.Datetime.now() + relativedelta(months=24, days=2)
        with freeze_time(later):
            self._run()
        self.assertFalse(self._notes())
        self.assertFalse((self.pulses | self.mentor_pulses).partner_id)
        self.assertEqual(self._figures(), before)
        first = self._state()
        with freeze_time(later + timedelta(hours=1)):
            self._run()
        self.assertEqual(self._state(), first, "the second run changes nothing")

    def test_a_program_still_running_keeps_its_data(self):
        program = self.env["mentoring.program"].create(
            {
                "name": "Old but running",
                "company_id": self.company.id,
                "date_start": fields.Date.today() - relativedelta(months=40),
                "date_end": fields.Date.today() - relativedelta(months=30),
                "state": "running",
            }
        )
        expired = self.env["mentoring.program"].search(
            self.env["mentoring.program"]._retention_expired_domain()
        )
        self.assertNotIn(program, expired)
        self.assertNotIn(self.program, expired)

    def test_nobody_else_runs_the_retention(self):
        cron = self.env.ref("reverse_mentoring.ir_cron_retention")
        with freeze_time(fields.Date.today() + relativedelta(months=30)):
            for user in (*self._outsiders(), self.hr_officer):
                with self.subTest(user=user.login):
                    with self.assertRaises(AccessError):
                        self._run(user)
                    with self.assertRaises(AccessError):
                        cron.with_user(user).method_direct_trigger()
        self.assertTrue(self._notes())
        self.assertEqual(self.pulses.partner_id, self.mentee.work_contact_id)

    def _many(self, count):
        """`count` notes and `count` answers of the program, created cheaply."""
        session = self.held
        start = self.env["mentoring.session.note"].sudo().search_count([])
        self.env["mentoring.session.note"].sudo().create(
            [
                {
                    "session_id": session.id,
                    "user_ids": [Command.set(self.mentor_user.ids)],
                    "readers_key": f"bulk-{start}-{i}",
                    "body": f"<p>note {i}</p>",
                }
                for i in range(count)
            ]
        )
        self.env["survey.user_input"].sudo().with_context(tracking_disable=True).create(
            [
                {
                    "survey_id": self.pulse.id,
                    "partner_id": self.mentor.work_contact_id.id,
                    "mentoring_tandem_id": self.tandem.id,
                    "state": "done",
                }
                for _i in range(count)
            ]
        )
        self.env.flush_all()

    def test_the_queries_do_not_grow_with_the_records(self):
        model = self.env["mentoring.program"].sudo()
        with freeze_time(fields.Date.today() + relativedelta(months=30)):
            self._run()
            self._many(10)
            self.env.invalidate_all()
            queries = self.env.cr.sql_log_count
            model._cron_apply_retention()
            queries = self.env.cr.sql_log_count - queries
            self.assertFalse(self._notes())
            self._many(150)
            self.env.invalidate_all()
            with self.assertQueryCount(queries):
                model._cron_apply_retention()
        self.assertFalse(self._notes())
        self.assertFalse(
            self.env["survey.user_input"].search_count(
                [
                    ("mentoring_program_id", "=", self.program.id),
                    ("partner_id", "!=", False),
                ]
            )
        )

    def test_as_a_scheduled_action_it_commits_each_batch(self):
        cron = self.env["ir.cron"]
        with (
            freeze_time(fields.Date.today() + relativedelta(months=30)),
            patch.object(self.env.cr, "commit") as commit,
            patch.object(type(cron), "_notify_progress") as progress,
        ):
            self._run()
            self.assertFalse(commit.called, "outside a scheduled action: no commit")
            self._many(10)
            self.env["mentoring.program"].sudo().with_context(
                cron_id=self.env.ref("reverse_mentoring.ir_cron_retention").id
            )._cron_apply_retention(batch_size=7)
        # 10 notes and 10 answers in batches of 7: 2 + 2 batches.
        self.assertEqual(commit.call_count, 4)
        self.assertEqual(progress.call_args.kwargs, {"done": 20, "remaining": 0})

    def test_its_closing_date_is_the_addons_to_write(self):
        with self.assertRaises(AccessError):
            self.program.with_user(self.coordinator).date_closed = "2020-01-01"
        self.assertEqual(self.program.date_closed, fields.Date.today())

    def test_it_works_in_batches(self):
        with freeze_time(fields.Date.today() + relativedelta(months=30)):
            self._many(25)
            self.env["mentoring.program"].sudo()._cron_apply_retention(batch_size=7)
        self.assertFalse(self._notes())
        self.assertFalse((self.pulses | self.mentor_pulses).partner_id)


class TestPersonalDataRoutes(MentoringCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = cls._user("rm_hr_officer", HR_OFFICER_GROUPS)
        cls.portal_user = new_test_user(
            cls.env, login="rm_portal", groups="base.group_portal"
        )
        cls.planned_session.with_user(cls.mentee_user).private_notes = "<p>Mine</p>"

    def _get(self, user, url):
        self.authenticate(user.login, user.login)
        return self.url_open(url, allow_redirects=False)

    def test_the_person_downloads_their_data_from_the_portal(self):
        page = self._get(self.mentee_user, "/my/mentoring")
        self.assertIn("/my/mentoring/personal-data", page.text)
        response = self._get(self.mentee_user, "/my/mentoring/personal-data")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        (data,) = response.json()["people"]
        self.assertEqual(data["name"], "Hans Senior")
        self.assertEqual(data["tandems"][0]["sessions"][0]["private_notes"], ["Mine"])

    def test_hr_downloads_from_the_employee_form_and_nobody_else(self):
        url = f"/mentoring/personal-data/{self.mentee.id}"
        action = self.mentee.with_user(self.hr_officer).action_mentoring_export()
        self.assertEqual(action["url"], url)
        response = self._get(self.hr_officer, url)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["people"][0]["complete"])
        for user in (
            self.coordinator,
            self.mentoring_admin,
            self.mentor_user,
            self.other_user,
            self.portal_user,
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._get(user, url).status_code, 404)
        self.assertEqual(
            self._get(self.portal_user, "/my/mentoring/personal-data").status_code, 404
        )

    def test_rpc_refuses_others(self):
        def call(user, method):
            return self.xmlrpc_object.execute_kw(
                get_db_name(),
                user.id,
                user.login,
                "hr.employee",
                method,
                [[self.mentee.id]],
                {},
            )

        for user in (self.coordinator, self.mentoring_admin, self.mentor_user):
            for method in (
                "action_mentoring_export",
                "action_mentoring_erase",
                "_mentoring_erase",
                "_mentoring_personal_data",
            ):
                with (
                    self.subTest(user=user.login, method=method),
                    self.assertRaises(xmlrpc.client.Fault),
                ):
                    call(user, method)
        self.assertEqual(self.tandem.mentee_id, self.mentee)
        # Private methods are refused even to HR: they go through the wizard.
        with self.assertRaises(xmlrpc.client.Fault):
            call(self.hr_officer, "_mentoring_erase")
        self.assertEqual(self.tandem.mentee_id, self.mentee)
        action = call(self.hr_officer, "action_mentoring_export")
        self.assertEqual(action["url"], f"/mentoring/personal-data/{self.mentee.id}")
