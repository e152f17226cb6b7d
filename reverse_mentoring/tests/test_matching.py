"""The matching wizard: hard rules, optimal proposals, confirmation and privacy."""

from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import execute_cr
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..matching.odoo_data import MatchingData
from .common import MentoringCase


class MatchingCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social = cls.env.ref("reverse_mentoring.topic_social_media")
        cls.ai = cls.env.ref("reverse_mentoring.topic_ai_tools")
        # Start from an empty program: no tandem and no participant yet.
        cls.tandem.session_ids.unlink()
        cls.tandem.unlink()
        (cls.mentor_participant | cls.mentee_participant).action_cancel()
        cls.sales = cls.env["hr.department"].create({"name": "Sales"})
        cls.it = cls.env["hr.department"].create({"name": "IT"})

    @classmethod
    def _person(cls, name, role, topics=(), born=None, department=None, **enrol):
        employee = cls._employee(name, parent=cls.ceo)
        employee.write(
            {
                "birthday": born and date(born, 6, 1),
                "department_id": department.id if department else False,
            }
        )
        participant = cls._enrol(employee, role, **enrol)
        participant.topic_ids = [Command.set([t.id for t in topics])]
        return employee

    @classmethod
    def _open_tandems(cls, mentor, count):
        """`count` more open tandems of `mentor`, with mentees matched earlier."""
        for _n in range(count):
            mentee = cls._person(f"Matched to {mentor.name}", "mentee", [cls.social])
            cls.env["mentoring.tandem"].create(
                {
                    "program_id": cls.program.id,
                    "mentor_id": mentor.id,
                    "mentee_id": mentee.id,
                }
            )

    @classmethod
    def _young_and_senior(cls):
        """Two mentors of IT, one who teaches what the senior of Sales wants."""
        cls.young = cls._person("Young", "mentor", [cls.social], 2000, cls.it)
        cls.other_young = cls._person("Other Young", "mentor", [cls.ai], 1999, cls.it)
        cls.senior = cls._person("Senior", "mentee", [cls.social], 1962, cls.sales)

    def _wizard(self, user=None):
        wizard = (
            self.env["mentoring.matching.wizard"]
            .with_user(user or self.coordinator)
            .create({"program_id": self.program.id})
        )
        wizard.action_compute()
        return wizard

    def _pairs(self, wizard):
        return {(line.mentor_id, line.mentee_id) for line in wizard.line_ids}


class TestMatchingRules(MatchingCase):
    def test_opposites_attract_and_topics_decide(self):
        # Both mentees want social media; only Mia teaches it.
        senior = self._person("Senior", "mentee", [self.social], 1965, self.sales)
        young = self._person("Young Social", "mentor", [self.social], 2001, self.it)
        ai_mentor = self._person("Young AI", "mentor", [self.ai], 2001, self.it)
        wizard = self._wizard()
        self.assertEqual(
            self._pairs(wizard) & {(young, senior), (ai_mentor, senior)},
            {(young, senior)},
        )
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == senior)
        self.assertGreater(line.score, 60)
        self.assertIn(
            "teaches 1 of the 1 wished topics: Social media", line.explanation
        )
        self.assertIn("large age gap", line.explanation)
        self.assertIn("different departments", line.explanation)
        self.assertIn(ai_mentor, line.alternative_ids)
        self.assertIn("Young AI (", line.alternatives)

    def test_globally_optimal_not_greedy(self):
        # Greedy would give Ann (the best pair overall) to Max, leaving Bea
        # without anyone; the optimum gives Ann to Bea and Max to Cleo.
        ann = self._person("Ann", "mentor", [self.social, self.ai], 2000, capacity=1)
        cleo = self._person("Cleo", "mentor", [self.ai], 2000, capacity=1)
        max_ = self._person("Max", "mentee", [self.social, self.ai], 1965)
        bea = self._person("Bea", "mentee", [self.social], 1965)
        pairs = self._pairs(self._wizard())
        self.assertEqual(
            pairs & {(ann, bea), (cleo, max_), (ann, max_)}, {(ann, bea), (cleo, max_)}
        )

    def test_reporting_line_never_proposed(self):
        boss = self._person("Boss", "mentee", [self.social], 1960)
        report = self._employee("Report", parent=boss)
        self._enrol(report, "mentor").topic_ids = [Command.set(self.social.ids)]
        report.birthday = date(2002, 1, 1)
        other = self._person("Other Mentor", "mentor", [], 1990)
        wizard = self._wizard()
        self.assertNotIn((report, boss), self._pairs(wizard))
        self.assertIn((other, boss), self._pairs(wizard), "the weaker but allowed pair")

    def test_one_reporting_line_for_matching_and_tandems(self):
        # ceo > director > manager > young: the same lines, at any depth, in one
        # query, keep the matching from proposing and a tandem from being saved.
        director = self._person("Director", "mentee", [self.social], 1965)
        manager = self._employee("Manager", parent=director)
        young = self._employee("Young", parent=manager)
        self._enrol(young, "mentor").topic_ids = [Command.set(self.social.ids)]
        employees = self.env["hr.employee"].with_user(self.coordinator)
        people = employees.browse((young | director | self.ceo).ids)
        self.env.flush_all()
        with self.assertQueryCount(1):
            lines = people._mentoring_reporting_lines()
        self.assertEqual(
            {employee_id: set(ids) for employee_id, ids in lines.items()},
            {
                young.id: {manager.id, director.id, self.ceo.id},
                director.id: {self.ceo.id},
                self.ceo.id: set(),
            },
        )
        wizard = self._wizard()
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.unmatched_ids.mentee_id, director)
        self.assertIn("in the same reporting line", wizard.unmatched_ids.reason)
        with self.assertRaisesRegex(ValidationError, "reports to"):
            self.env["mentoring.tandem"].create(
                {
                    "program_id": self.program.id,
                    "mentor_id": young.id,
                    "mentee_id": director.id,
                }
            )

    def test_avoided_pair_never_proposed(self):
        mentee = self._person("Avoider", "mentee", [self.social], 1960)
        mentor = self._person("Avoided", "mentor", [self.social], 2000)
        participation = self.env["mentoring.participant"].search(
            [("employee_id", "=", mentee.id), ("program_id", "=", self.program.id)]
        )
        participation.avoid_employee_ids = mentor
        wizard = self._wizard()
        self.assertNotIn((mentor, mentee), self._pairs(wizard))
        unmatched = wizard.unmatched_ids.filtered(lambda u: u.mentee_id == mentee)
        self.assertIn("asked not to be paired", unmatched.reason)

    def test_other_company_only_for_cross_company_programs(self):
        outsider = self._employee("Outside Mentor", company=self.other_company)
        self.program.allow_cross_company = True
        self._enrol(outsider, "mentor").topic_ids = [Command.set(self.social.ids)]
        mentee = self._person("Inside Mentee", "mentee", [self.social], 1960)
        self.assertIn((outsider, mentee), self._pairs(self._wizard()))
        self.program.allow_cross_company = False
        wizard = self._wizard()
        self.assertNotIn((outsider, mentee), self._pairs(wizard))
        reason = wizard.unmatched_ids.filtered(lambda u: u.mentee_id == mentee).reason
        self.assertIn("from another company", reason)

    def test_only_confirmed_participants(self):
        mentee = self._person(
            "Waiting Mentee", "mentee", [self.social], 1960, state="draft"
        )
        mentor = self._person(
            "Waiting Mentor", "mentor", [self.social], 2000, state="draft"
        )
        wizard = self._wizard()
        self.assertNotIn(
            mentee, wizard.line_ids.mentee_id | wizard.unmatched_ids.mentee_id
        )
        self.assertNotIn(mentor, wizard.line_ids.mentor_id)

    def test_capacity_and_existing_tandems(self):
        mentor = self._person("Busy Mentor", "mentor", [self.social], 2000, capacity=2)
        kept = self._person("Kept Mentee", "mentee", [self.social], 1960)
        newcomers = [
            self._person(f"New {n}", "mentee", [self.social], 1960) for n in range(3)
        ]
        existing = self.env["mentoring.tandem"].create(
            {
                "program_id": self.program.id,
                "mentor_id": mentor.id,
                "mentee_id": kept.id,
            }
        )
        wizard = self._wizard()
        self.assertEqual(wizard.kept_tandem_count, 1)
        self.assertNotIn(kept, wizard.line_ids.mentee_id, "a mentee in an open tandem")
        self.assertEqual(len(wizard.line_ids), 1, "one place left of two")
        self.assertEqual(wizard.line_ids.mentor_id, mentor)
        left_out = wizard.unmatched_ids
        self.assertEqual(len(left_out), 2)
        self.assertLessEqual(
            left_out.mentee_id, self.env["hr.employee"].concat(*newcomers)
        )
        self.assertIn("went to mentees who fit them better", left_out[0].reason)
        self.assertTrue(existing.exists())

    def test_a_mentor_whose_tandems_fill_the_capacity_is_not_proposed(self):
        full = self._person("Full Mentor", "mentor", [self.social], 2000, capacity=2)
        nearly = self._person("Nearly Full", "mentor", [self.social], 2000, capacity=3)
        self._open_tandems(full, 2)
        self._open_tandems(nearly, 2)
        for n in range(3):
            self._person(f"New {n}", "mentee", [self.social], 1960)
        wizard = self._wizard()
        self.assertEqual(len(wizard.line_ids), 1, "the last free place of the two")
        self.assertEqual(wizard.line_ids.mentor_id, nearly)
        self.assertEqual(len(wizard.unmatched_ids), 2)
        wizard.action_confirm()
        mentors = self.env["mentoring.participant"].search(
            [("employee_id", "in", (full | nearly).ids)]
        )
        self.assertEqual(mentors.mapped("open_tandem_count"), [2, 3])

    def test_a_confirmation_past_the_free_places_names_the_proposal(self):
        mentor = self._person("Rachel", "mentor", [self.social], 2000, capacity=2)
        self._open_tandems(mentor, 1)
        late = self._person("Late Mentee", "mentee", [self.social], 1960)
        wizard = self._wizard()
        self.assertEqual(self._pairs(wizard), {(mentor, late)})
        # Meanwhile, another coordinator gave Rachel her last place.
        self._open_tandems(mentor, 1)
        count = self.env["mentoring.tandem"].search_count([])
        with self.assertRaisesRegex(
            UserError,
            "Rachel already has 2 open tandems for 2 places in Digital Leadership: "
            "choose another mentor for Late Mentee",
        ):
            wizard.action_confirm()
        self.assertEqual(self.env["mentoring.tandem"].search_count([]), count)

    def test_unmatched_mentee_carries_a_reason(self):
        mentor = self._person("Full Mentor", "mentor", [self.social], 2000, capacity=1)
        first = self._person("First", "mentee", [self.social], 1960)
        mentee = self._person("Alone", "mentee", [self.social], 1960)
        self.env["mentoring.tandem"].create(
            {
                "program_id": self.program.id,
                "mentor_id": mentor.id,
                "mentee_id": first.id,
            }
        )
        wizard = self._wizard()
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.unmatched_ids.mentee_id, mentee)
        self.assertIn("1 without a free place", wizard.unmatched_ids.reason)

    def test_same_data_same_proposals(self):
        for index in range(4):
            self._person(
                f"Mentor {index}",
                "mentor",
                [self.social, self.ai][: index % 2 + 1],
                1995 + index,
            )
            self._person(
                f"Mentee {index}",
                "mentee",
                [self.ai, self.social][: index % 2 + 1],
                1960 + index,
            )
        first = [
            (line.mentor_id, line.mentee_id, line.score)
            for line in self._wizard().line_ids
        ]
        second = [
            (line.mentor_id, line.mentee_id, line.score)
            for line in self._wizard().line_ids
        ]
        self.assertEqual(first, second)

    def test_weights_change_the_proposal(self):
        mentee = self._person(
            "Weighted Mentee", "mentee", [self.social], 1960, self.sales
        )
        teacher = self._person(
            "Same Dept Teacher", "mentor", [self.social], 1990, self.sales, capacity=1
        )
        stranger = self._person(
            "Young Stranger", "mentor", [], 2004, self.it, capacity=1
        )
        self.assertIn((teacher, mentee), self._pairs(self._wizard()))
        self.program.write(
            {"weight_topic": 0, "weight_age": 50, "weight_department": 50}
        )
        self.assertIn((stranger, mentee), self._pairs(self._wizard()))

    def test_match_only_while_enrolling_or_running(self):
        self.program.state = "draft"
        with self.assertRaises(UserError):
            self.program.with_user(self.coordinator).action_open_matching()
        self.program.state = "enrollment"
        action = self.program.with_user(self.coordinator).action_open_matching()
        self.assertEqual(action["res_model"], "mentoring.matching.wizard")

    def test_participants_cannot_match(self):
        with self.assertRaises(AccessError):
            self.env["mentoring.matching.wizard"].with_user(self.mentee_user).create(
                {"program_id": self.program.id}
            )


class TestPairsThatClick(MatchingCase):
    """Interests, style, format, times, spoken languages and wishes count."""

    def _participation(self, employees):
        return self.env["mentoring.participant"].search(
            [("program_id", "=", self.program.id), ("employee_id", "in", employees.ids)]
        )

    def _twins(self):
        """A senior and two mentors alike in everything the program knew so far."""
        senior = self._person("Senior", "mentee", [self.social], 1962, self.sales)
        first = self._person(
            "First", "mentor", [self.social], 2000, self.it, capacity=1
        )
        second = self._person(
            "Second", "mentor", [self.social], 2000, self.it, capacity=1
        )
        return senior, first, second

    def _line(self, wizard, mentee):
        return wizard.line_ids.filtered(lambda line: line.mentee_id == mentee)

    def test_shared_interests_style_times_and_language_win(self):
        senior, first, second = self._twins()
        hiking = self.env.ref("reverse_mentoring.interest_hiking")
        gardening = self.env.ref("reverse_mentoring.interest_gardening")
        gaming = self.env.ref("reverse_mentoring.interest_gaming")
        german = self.env.ref("base.lang_de")
        profile = {
            "interest_ids": [Command.set((hiking | gardening).ids)],
            "communication_style": "direct",
            "meeting_format": "in_person",
            "time_morning": True,
            "language_ids": [Command.set(german.ids)],
        }
        self._participation(senior).write(profile)
        self._participation(second).write(profile)
        self._participation(first).write(
            {
                "interest_ids": [Command.set(gaming.ids)],
                "communication_style": "exploratory",
                "meeting_format": "remote",
                "time_evening": True,
                "language_ids": [Command.set(self.env.ref("base.lang_fr").ids)],
            }
        )
        wizard = self._wizard()
        line = self._line(wizard, senior)
        self.assertEqual(line.mentor_id, second)
        for words in (
            "Shared Interests: 2 shared interests: Hiking, Gardening",
            "Communication Style: same communication style",
            "Meeting Format: the preferred meeting formats suit both",
            "Times of Day: suit both: Mornings",
            "Shared Spoken Language: a language in common",
        ):
            self.assertIn(words, line.explanation)
        self.assertFalse(line.wish_note)
        line.mentor_id = first
        for words in (
            "Shared Interests: no shared interest (0 points)",
            "Communication Style: different communication styles (0 points)",
            "Meeting Format: one prefers to meet in person, the other remotely",
            "Times of Day: no time of day suits both (0 points)",
            "Shared Spoken Language: no language in common (0 points)",
        ):
            self.assertIn(words, line.explanation)

    def test_a_mutual_wish_wins_and_stays_with_the_coordinators(self):
        senior, first, second = self._twins()
        senior_user = self._user("rm_click_senior")
        second_user = self._user("rm_click_second")
        senior.user_id, second.user_id = senior_user, second_user
        wisher = self._participation(senior)
        (wisher | self._participation(first | second)).visible_for_wishes = True
        wisher.wish_participant_ids = self._participation(first | second)
        self._participation(second).wish_participant_ids = wisher
        wizard = self._wizard()
        line = self._line(wizard, senior)
        self.assertEqual(
            line.mentor_id, second, "the mutual wish beats a one-sided one"
        )
        self.assertIn("First (", line.alternatives)
        self.assertIn(
            "Preferred Partner: mutual wish: Senior and Second wished to be paired "
            "together",
            line.wish_note,
        )
        self.assertGreater(line.wish_points, 0)
        line.mentor_id = first
        self.assertIn("Senior wished to be paired with First", line.wish_note)
        one_sided = line.wish_points
        line.mentor_id = second
        self.assertAlmostEqual(line.wish_points, 2 * one_sided, places=0)
        for text in (line.explanation, line.alternatives):
            self.assertNotIn("Preferred Partner", text)
            self.assertNotIn("wished to be paired", text)
        score, explanation = line.score, line.explanation
        wizard.action_confirm()
        tandem = self.program.tandem_ids.filtered(lambda t: t.mentee_id == senior)
        self.assertEqual(tandem.mentor_id, second)
        # The members read the tandem: neither its score nor its explanation
        # tells whether the partner wished for them.
        self.assertAlmostEqual(tandem.match_score, score - line.wish_points, places=1)
        for user in (senior_user, second_user):
            with self.subTest(user=user.login):
                read = tandem.with_user(user).read(["match_score", "match_explanation"])
                self.assertEqual(read[0]["match_explanation"], explanation)
                self.assertAlmostEqual(read[0]["match_score"], tandem.match_score)
                with self.assertRaises(AccessError):
                    line.with_user(user).read(["wish_note"])


class TestPairingHistory(MatchingCase):
    """People who formed a tandem before are not proposed again, unless allowed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.senior = cls._person("Senior", "mentee", [cls.social], 1965, cls.sales)
        cls.young = cls._person("Young", "mentor", [cls.social], 2001, cls.it)
        cls.second = cls._person("Second Best", "mentor", [], 1995, cls.sales)
        cls.earlier = cls.program.copy({"name": "Pilot 2025", "state": "closed"})

    def _earlier_tandem(self, stage, program=None, reverse=False):
        program = program or self.earlier
        mentor, mentee = (
            (self.senior, self.young) if reverse else (self.young, self.senior)
        )
        self._enrol(mentor, "mentor", program)
        self._enrol(mentee, "mentee", program)
        return self.env["mentoring.tandem"].create(
            {
                "program_id": program.id,
                "mentor_id": mentor.id,
                "mentee_id": mentee.id,
                "stage_id": stage.id,
            }
        )

    def test_pair_of_an_earlier_program_is_not_proposed_again(self):
        self._earlier_tandem(self.stage_done)
        wizard = self._wizard()
        self.assertEqual(self._pairs(wizard), {(self.second, self.senior)})
        explanation = wizard.line_ids.explanation
        self.assertIn("Young would have scored", explanation)
        self.assertIn(
            "Senior and Young already formed a tandem in Pilot 2025", explanation
        )

    def test_the_program_may_allow_pairing_again(self):
        self._earlier_tandem(self.stage_done)
        self.program.with_user(self.coordinator).allow_pairing_again = True
        wizard = self._wizard()
        self.assertEqual(self._pairs(wizard), {(self.young, self.senior)})
        self.assertNotIn("already formed a tandem", wizard.line_ids.explanation)

    def test_cancelled_at_proposal_does_not_count(self):
        self._earlier_tandem(self.stage_cancelled)
        self.assertEqual(self._pairs(self._wizard()), {(self.young, self.senior)})
        # Cancelled after both agreed on the kick-off: they did work together.
        self.env["mentoring.tandem"].search(
            [("program_id", "=", self.earlier.id)]
        ).write({"kickoff_mentor_agreed": True, "kickoff_mentee_agreed": True})
        self.assertEqual(self._pairs(self._wizard()), {(self.second, self.senior)})

    def test_either_role_and_the_unmatched_reason(self):
        # They were paired the other way round; the only other mentor leaves.
        self._earlier_tandem(self.stage_done, reverse=True)
        self.env["mentoring.participant"].search(
            [("program_id", "=", self.program.id), ("employee_id", "=", self.second.id)]
        ).action_cancel()
        wizard = self._wizard()
        self.assertFalse(wizard.line_ids)
        self.assertIn(
            "1 already paired in a tandem before", wizard.unmatched_ids.reason
        )
        self.assertIn("Pilot 2025", wizard.unmatched_ids.reason)

    def test_foreign_program_name_is_not_shown(self):
        foreign = self.program.copy(
            {
                "name": "Secret Foreign Pilot",
                "company_id": self.other_company.id,
                "allow_cross_company": True,
            }
        )
        self._earlier_tandem(self.stage_done, program=foreign)
        explanation = self._wizard().line_ids.explanation
        self.assertIn("already formed a tandem in an earlier program", explanation)
        self.assertNotIn("Secret Foreign Pilot", explanation)

    def test_the_background_matching_names_no_program_its_coordinator_cannot_read(self):
        """The job runs as superuser, but writes what the coordinator may read."""
        foreign = self.program.copy(
            {
                "name": "Secret Foreign Pilot",
                "company_id": self.other_company.id,
                "allow_cross_company": True,
            }
        )
        self._earlier_tandem(self.stage_done, program=foreign)
        self.env["ir.config_parameter"].set_param(
            "reverse_mentoring.background_matching_threshold", 1
        )
        self.program.with_user(self.coordinator).action_open_matching()
        self.env["mentoring.matching"].sudo()._cron_run_matching()
        self.assertEqual(self.program.matching_state, "ready")
        explanation = self.program.matching_wizard_id.line_ids.explanation
        self.assertIn("already formed a tandem in an earlier program", explanation)
        self.assertNotIn("Secret Foreign Pilot", explanation)
        self.assertNotIn("Secret Foreign Pilot", explanation)


class TestMatchingConfirm(MatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._young_and_senior()
        for employee, login in ((cls.young, "rm_young"), (cls.senior, "rm_senior")):
            employee.user_id = cls._user(login)

    def test_confirm_creates_proposed_tandems_and_tells_both(self):
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == self.senior)
        self.assertEqual(line.mentor_id, self.young)
        wizard.action_confirm()
        tandem = self.env["mentoring.tandem"].search(
            [("mentee_id", "=", self.senior.id)]
        )
        self.assertRecordValues(
            tandem,
            [
                {
                    "mentor_id": self.young.id,
                    "stage_id": self.stage_proposed.id,
                    "match_score": line.score,
                }
            ],
        )
        self.assertEqual(tandem.match_explanation, line.explanation)
        notes = tandem.message_ids.filtered(
            lambda m: m.subject and "Your reverse-mentoring tandem" in m.subject
        )
        self.assertEqual(len(notes), 2, "one message to each person")
        self.assertEqual(notes.partner_ids, (self.young | self.senior).work_contact_id)
        names = {
            self.young.work_contact_id: "Young",
            self.senior.work_contact_id: "Senior",
        }
        # Each is spoken to, and the button opens their tandem.
        told = {
            self.young.work_contact_id: "you are the mentor of <strong>Senior</strong>",
            self.senior.work_contact_id: "<strong>Young</strong> is your mentor",
        }
        for note in notes:
            self.assertIn("Digital Leadership", note.body)
            self.assertIn(f"Hello {names[note.partner_ids]},", note.body)
            self.assertIn(told[note.partner_ids], note.body)
            self.assertIn(f'/my/mentoring/tandem/{tandem.id}"', note.body)

    def test_coordinator_swaps_the_mentor(self):
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == self.senior)
        self.assertIn(self.other_young, line.alternative_ids)
        before = line.score
        line.mentor_id = self.other_young
        self.assertLess(line.score, before)
        self.assertIn("teaches none of the 1 wished topics", line.explanation)
        wizard.action_confirm()
        tandem = self.env["mentoring.tandem"].search(
            [("mentee_id", "=", self.senior.id)]
        )
        self.assertEqual(tandem.mentor_id, self.other_young)

    def test_dropped_proposal_is_not_created(self):
        other = self._person("Other Senior", "mentee", [self.ai], 1963, self.sales)
        wizard = self._wizard()
        wizard.line_ids.filtered(lambda line: line.mentee_id == self.senior).unlink()
        wizard.action_confirm()
        tandems = self.env["mentoring.tandem"].search(
            [("program_id", "=", self.program.id)]
        )
        self.assertEqual(tandems.mentee_id, other)

    def test_confirm_twice(self):
        wizard = self._wizard()
        wizard.action_confirm()
        count = self.env["mentoring.tandem"].search_count([])
        with self.assertRaisesRegex(UserError, "already confirmed"):
            wizard.action_confirm()
        self.assertEqual(self.env["mentoring.tandem"].search_count([]), count)

    def test_proposal_that_became_invalid(self):
        first, second = self._wizard(), self._wizard()
        first.action_confirm()
        count = self.env["mentoring.tandem"].search_count([])
        with self.assertRaisesRegex(UserError, "already has an open tandem"):
            second.action_confirm()
        self.assertEqual(self.env["mentoring.tandem"].search_count([]), count)

    def test_a_pair_that_asked_not_to_be_paired_since_is_not_confirmed(self):
        """Confirming checks the matching's rules again, with the words a
        replacement uses for the same rule."""
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == self.senior)
        self.env["mentoring.participant"].search(
            [("employee_id", "=", self.senior.id), ("program_id", "=", self.program.id)]
        ).avoid_employee_ids = line.mentor_id
        count = self.env["mentoring.tandem"].search_count([])
        with self.assertRaisesRegex(
            UserError,
            f"^Senior and {line.mentor_id.name} asked not to be paired together.$",
        ):
            wizard.action_confirm()
        self.assertEqual(self.env["mentoring.tandem"].search_count([]), count)
        self.assertEqual(wizard.state, "draft")

    def test_integrity_rules_checked_again(self):
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == self.senior)
        # Meanwhile, HR records that the mentee now reports to the mentor.
        self.senior.parent_id = line.mentor_id
        count = self.env["mentoring.tandem"].search_count([])
        with self.assertRaisesRegex(ValidationError, "reports to"):
            wizard.action_confirm()
        self.assertEqual(self.env["mentoring.tandem"].search_count([]), count)
        self.assertEqual(wizard.state, "draft")


# What a coordinator might send to make a proposal say more than the matching.
FORGED = [
    {"score": 100.0},
    {"explanation": "Perfect fit: forged"},
    {"alternatives": "Nobody (99)"},
]


class ProposalCase(MatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._young_and_senior()
        cls.other_senior = cls._person("Other Senior", "mentee", [cls.ai], 1961)

    def _forgeries(self, wizard, line):
        """Every write of the proposals that would change what the addon computed."""
        return [
            *(("line", vals) for vals in FORGED),
            ("line", {"mentee_id": self.other_senior.id}),
            ("line", {"alternative_ids": [Command.set(self.other_young.ids)]}),
            *(
                ("wizard", {"line_ids": [Command.update(line.id, vals)]})
                for vals in FORGED
            ),
            (
                "wizard",
                {
                    "line_ids": [
                        Command.create(
                            {
                                "mentee_id": self.other_senior.id,
                                "mentor_id": self.young.id,
                                "score": 100.0,
                            }
                        )
                    ]
                },
            ),
            ("wizard", {"state": "draft"}),
            ("wizard", {"kept_tandem_count": 9}),
        ]

    def _assert_tandem_as_computed(self, line):
        tandem = self.env["mentoring.tandem"].search(
            [("mentee_id", "=", line.mentee_id.id)]
        )
        self.assertEqual(len(tandem), 1)
        self.assertEqual(tandem.match_score, line.score)
        self.assertEqual(tandem.match_explanation, line.explanation)
        self.assertNotIn("forged", tandem.match_explanation)


class TestProposalsAreTheMatchings(ProposalCase):
    def test_a_coordinator_cannot_forge_a_score_or_explanation(self):
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == self.senior)
        computed = line.read(["score", "explanation", "alternatives", "mentee_id"])
        for target, vals in self._forgeries(wizard, line):
            record = (wizard if target == "wizard" else line).with_user(
                self.coordinator
            )
            with self.subTest(target=target, vals=vals), self.assertRaises(AccessError):
                record.write(vals)
        self.assertEqual(
            line.read(["score", "explanation", "alternatives", "mentee_id"]),
            computed,
        )
        # Picking another mentor scores that pair on the server, whatever the
        # client showed.
        line.with_user(self.coordinator).mentor_id = self.other_young
        self.assertIn("teaches none of the 1 wished topics", line.explanation)
        self.assertLess(line.score, computed[0]["score"])
        wizard.with_user(self.coordinator).action_confirm()
        self._assert_tandem_as_computed(line)
        with self.assertRaises(AccessError):
            wizard.with_user(self.coordinator).write({"state": "draft"})
        self.assertEqual(wizard.state, "done")


@tagged("post_install", "-at_install")
class TestProposalsOverJsonRpc(ProposalCase, HttpCase):
    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_the_form_and_call_kw_cannot_forge_a_proposal(self):
        wizard = self._wizard()
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == self.senior)
        computed = line.read(["score", "explanation", "alternatives", "mentee_id"])
        self.authenticate(self.coordinator.login, self.coordinator.login)
        for target, vals in self._forgeries(wizard, line):
            model, record = (
                ("mentoring.matching.wizard", wizard)
                if target == "wizard"
                else ("mentoring.matching.wizard.line", line)
            )
            for method in ("write", "web_save"):
                with self.subTest(target=target, vals=vals, method=method):
                    with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                        self._call(model, method, record.ids, vals)
        self.env.invalidate_all()
        self.assertEqual(
            line.read(["score", "explanation", "alternatives", "mentee_id"]),
            computed,
        )
        # The form's onchange shows the score of another mentor, and saving it
        # with a forged score is refused; without it, the server computes it.
        shown = self._call(
            "mentoring.matching.wizard.line",
            "onchange",
            [line.id],
            {"mentor_id": self.other_young.id},
            ["mentor_id"],
            {"mentor_id": {}, "score": {}, "explanation": {}},
        )["value"]
        self._call(
            "mentoring.matching.wizard",
            "web_save",
            wizard.ids,
            {"line_ids": [Command.update(line.id, {"mentor_id": self.other_young.id})]},
            specification={"state": {}},
        )
        self.env.invalidate_all()
        self.assertEqual(line.mentor_id, self.other_young)
        self.assertEqual(line.score, shown["score"])
        self.assertEqual(line.explanation, shown["explanation"])
        self._call("mentoring.matching.wizard", "action_confirm", wizard.ids)
        self._assert_tandem_as_computed(line)


class TestMatchingPrivacy(MatchingCase):
    def test_no_age_reaches_a_coordinator_without_hr_rights(self):
        mentee = self._person("Old Leader", "mentee", [self.social], 1949)
        mentor = self._person("Young Talent", "mentor", [self.social], 2007)
        self.assertFalse(self.coordinator.has_group("hr.group_hr_user"))
        with self.assertRaises(AccessError):
            mentee.with_user(self.coordinator).read(["birthday"])
        wizard = self._wizard(self.coordinator)
        line = wizard.line_ids.filtered(lambda line: line.mentee_id == mentee)
        self.assertEqual(line.mentor_id, mentor)
        wizard.action_confirm()
        tandem = self.env["mentoring.tandem"].search([("mentee_id", "=", mentee.id)])
        texts = [line.explanation, line.alternatives or "", tandem.match_explanation]
        texts += tandem.message_ids.mapped("body")
        # Ages 77 and 19 (or one less), a gap of 58 years, the birth years.
        figures = r"\b(77|76|19|18|58|1949|2007)\b"
        for text in texts:
            self.assertNotRegex(str(text), figures)
        self.assertIn("large age gap", line.explanation)
        for model in (
            "mentoring.matching.wizard",
            "mentoring.matching.wizard.line",
            "mentoring.tandem",
        ):
            names = self.env[model].with_user(self.coordinator).fields_get().keys()
            self.assertFalse(
                [n for n in names if "age" in n.split("_") or "birth" in n], model
            )


# Queries to compute the proposals of a program, whatever its size.
# 25: the pairing history of the program's people is one query, and so is the
# count of participants that decides whether it runs in the background; one
# more since this round's access checks of the proposals (the same for any size),
# and one for the declined matches of the program's people; 29 with the
# profiles: the interests, spoken languages and wishes of all the program's
# people are one query each (the languages' codes one more, when anyone
# recorded a spoken language).
COMPUTE_QUERY_BUDGET = 29


@tagged("is_query_count")
class TestMatchingQueries(MatchingCase):
    def _wizard_for(self, count):
        """A wizard on the program, now with `count` new confirmed participants."""
        self.env["mentoring.participant"].search(
            [("program_id", "=", self.program.id), ("state", "=", "confirmed")]
        ).unlink()
        topics = [self.social, self.ai]
        for index in range(count // 2):
            name = f"{count}-{index}"
            self._person(
                f"Mentor {name}", "mentor", topics[: index % 2 + 1], 1990, self.it
            )
            self._person(
                f"Mentee {name}", "mentee", topics[index % 2 :], 1965, self.sales
            )
        wizard = self.env["mentoring.matching.wizard"].create(
            {"program_id": self.program.id}
        )
        self.env.invalidate_all()
        return wizard

    def test_compute_queries_do_not_grow_with_participants(self):
        counts = []
        for count in (20, 200):
            wizard = self._wizard_for(count).with_user(self.coordinator)
            # Warm the registry caches (access rules are cached per user) once
            # the participants exist: creating them may push entries out of
            # the caches' LRU, depending on what earlier tests left there.
            wizard.copy().action_compute()
            # What the set-up left to write (such as bus notifications) is
            # written now, not counted with the compute.
            self.env.cr.flush()
            self.env.invalidate_all()
            queries = self.cr.sql_log_count
            with self.assertQueryCount(COMPUTE_QUERY_BUDGET):
                wizard.action_compute()
            counts.append(self.cr.sql_log_count - queries)
            self.assertEqual(len(wizard.line_ids), count // 2)
        self.assertEqual(counts[0], counts[1])


class TestBackgroundMatching(MatchingCase):
    """Above the threshold, Match runs as a scheduled action, outside HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "reverse_mentoring.background_matching_threshold", 3
        )
        cls.senior = cls._person("Senior", "mentee", [cls.social], 1965, cls.sales)
        cls.director = cls._person("Director", "mentee", [cls.ai], 1962, cls.sales)
        cls.young = cls._person("Young", "mentor", [cls.social, cls.ai], 2001, cls.it)
        cls.cron = cls.env.ref("reverse_mentoring.ir_cron_run_matching")

    def _match(self, user=None):
        return self.program.with_user(user or self.coordinator).action_open_matching()

    def _run_job(self):
        self.env["mentoring.matching"]._cron_run_matching()

    def test_match_is_queued_then_proposals_wait_for_the_coordinator(self):
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        self._match()
        self.assertEqual(self.program.matching_state, "queued")
        self.assertFalse(self.program.matching_wizard_id.line_ids)
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
            - triggers,
            "Match asks the scheduler to run now",
        )
        self._run_job()
        self.assertEqual(self.program.matching_state, "ready")
        self.assertEqual(self.program.matching_progress, 100)
        self.assertIn("2 proposals are ready", self.program.matching_message)
        action = self.program.with_user(self.coordinator).action_open_proposals()
        wizard = self.env["mentoring.matching.wizard"].with_user(self.coordinator)
        wizard = wizard.browse(action["res_id"])
        self.assertEqual(len(wizard.line_ids), 2)
        wizard.action_confirm()
        self.assertEqual(self.program.matching_state, "idle")
        self.assertEqual(len(self.program.tandem_ids), 2)

    def test_compute_again_of_a_large_program_runs_in_the_background_too(self):
        self._match()
        self._run_job()
        reviewed = self.program.matching_wizard_id.with_user(self.coordinator)
        self.assertEqual(len(reviewed.line_ids), 2)
        with patch.object(MatchingData, "match") as solve:
            action = reviewed.action_compute()
        solve.assert_not_called()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("mentoring.program", self.program.id),
        )
        self.assertFalse(reviewed.exists())
        self.assertEqual(self.program.matching_state, "queued")
        self._run_job()
        self.assertEqual(self.program.matching_state, "ready")
        self.assertEqual(len(self.program.matching_wizard_id.line_ids), 2)
        # Confirmed proposals are not computed again, nor queued.
        confirmed = self.program.matching_wizard_id.with_user(self.coordinator)
        confirmed.action_confirm()
        with self.assertRaisesRegex(UserError, "already confirmed"):
            confirmed.action_compute()
        self.assertEqual(self.program.matching_state, "idle")
        self.assertEqual(len(self.program.tandem_ids), 2)

    def test_the_job_counts_every_open_tandem_of_a_mentor(self):
        full = self._person("Full", "mentor", [self.social, self.ai], 2001, capacity=2)
        self._open_tandems(full, 2)
        self.env["mentoring.participant"].search(
            [("employee_id", "=", self.young.id)]
        ).capacity = 1
        self._match()
        self._run_job()
        lines = self.program.matching_wizard_id.line_ids
        self.assertEqual(len(lines), 1, "Young's one place; Full has none left")
        self.assertEqual(lines.mentor_id, self.young)

    def test_the_members_do_not_read_the_matching_job(self):
        self._match()
        self.env["mentoring.matching"].search(
            [("program_id", "=", self.program.id)]
        ).write({"state": "failed", "message": f"{self.young.name} has no place"})
        job = [
            "matching_ids",
            "matching_state",
            "matching_progress",
            "matching_message",
            "matching_wizard_id",
        ]
        self.assertEqual(
            self.program.with_user(self.coordinator).read(["matching_state"])[0][
                "matching_state"
            ],
            "failed",
        )
        # Young takes part in the program: they read it, not its matching.
        member = self._user("rm_young")
        self.young.user_id = member
        program = self.program.with_user(member)
        program.read(["name"])
        for name in job:
            with self.subTest(field=name), self.assertRaises(AccessError):
                program.read([name])
        with self.assertRaises(AccessError):
            self.env["mentoring.matching"].with_user(member).search([])

    def test_small_program_still_matches_at_once(self):
        self.env["ir.config_parameter"].set_param(
            "reverse_mentoring.background_matching_threshold", 2000
        )
        action = self._match()
        self.assertEqual(action["res_model"], "mentoring.matching.wizard")
        self.assertEqual(self.program.matching_state, "idle")
        first = self.env["mentoring.matching.wizard"].browse(action["res_id"])
        self.assertEqual(len(first.line_ids), 2)
        # The proposals are stored: a new Match replaces the unconfirmed ones.
        second = self._match()
        self.assertFalse(first.exists())
        self.assertTrue(
            self.env["mentoring.matching.wizard"].browse(second["res_id"]).line_ids
        )

    def test_second_match_while_one_runs_is_refused(self):
        self._match()
        wizard = self.program.matching_wizard_id
        with self.assertRaisesRegex(UserError, "already running"):
            self._match()
        self.program.matching_ids.sudo().state = "running"
        with self.assertRaisesRegex(UserError, "already running"):
            self._match()
        self.assertEqual(self.program.matching_wizard_id, wizard)

    def test_a_crash_keeps_no_partial_proposal(self):
        self._match()
        wizard = self.program.matching_wizard_id
        with (
            patch.object(
                MatchingData, "match", side_effect=RuntimeError("solver exploded")
            ),
            mute_logger("odoo.addons.reverse_mentoring.models.mentoring_matching"),
        ):
            self._run_job()
        self.assertEqual(self.program.matching_state, "failed")
        self.assertIn("solver exploded", self.program.matching_message)
        self.assertFalse(wizard.line_ids)
        self.assertFalse(wizard.unmatched_ids)
        # Match can run again, and this time it works.
        self._match()
        self.assertEqual(self.program.matching_state, "queued")
        self._run_job()
        self.assertEqual(self.program.matching_state, "ready")

    def test_a_matching_whose_worker_was_killed_fails_then_runs_again(self):
        """A cron worker killed while writing the proposals left its last
        commit: running at 80 %, no proposal. The next run of the job shows
        the failure instead of leaving the program running for ever."""
        self._match()
        wizard = self.program.matching_wizard_id
        self.program.matching_ids.sudo().write({"state": "running", "progress": 80})
        self._run_job()
        self.assertEqual(self.program.matching_state, "failed")
        self.assertIn("stopped before the end", self.program.matching_message)
        self.assertFalse(wizard.line_ids)
        self._match()
        self._run_job()
        self.assertEqual(self.program.matching_state, "ready")
        self.assertEqual(len(self.program.matching_wizard_id.line_ids), 2)

    def test_nobody_else_reads_or_moves_the_matching_job(self):
        """The background job is the program's coordinators' to read and the
        addon's to move: a member, another company's coordinator, an HR
        officer and a portal user are refused by the ORM and by RPC's
        dispatch, and the job stays as it was."""
        self._match()
        job = self.program.matching_ids
        fields_read = ["state", "progress", "message", "wizard_id"]
        before = job.read(fields_read)
        users = (
            self.mentee_user,
            self.foreign_coordinator,
            self._user("rm_job_hr", "base.group_user,hr.group_hr_user"),
            self._user("rm_job_portal", "base.group_portal"),
        )
        for user in users:
            model = self.env["mentoring.matching"].with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    job.with_user(user).read(fields_read)
                if user == self.foreign_coordinator:
                    self.assertFalse(model.search([("id", "in", job.ids)]))
                else:
                    with self.assertRaises(AccessError):
                        model.search([("id", "in", job.ids)])
                with self.assertRaises(AccessError):
                    job.with_user(user).write({"state": "idle"})
                with self.assertRaises(AccessError):
                    model.create({"program_id": self._open_program().id})
                for method, args in (
                    ("read", [job.ids, fields_read]),
                    ("write", [job.ids, {"state": "ready"}]),
                    ("_cron_run_matching", []),
                ):
                    with self.assertRaises(AccessError):
                        execute_cr(self.cr, user.id, model._name, method, *args)
        with self.assertRaises(AccessError):
            job.with_user(self.coordinator).write({"state": "idle"})
        job.invalidate_recordset()
        self.assertEqual(job.read(fields_read), before)
        self.assertEqual(self.program.matching_state, "queued")

    def test_others_cannot_see_or_confirm_the_proposals(self):
        self._match()
        self._run_job()
        wizard = self.program.matching_wizard_id
        lines = wizard.line_ids
        for user in (self.foreign_coordinator, self.mentor_user, self.other_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    wizard.with_user(user).read(["line_ids"])
                with self.assertRaises(AccessError):
                    lines.with_user(user).read(["mentor_id", "explanation"])
                with self.assertRaises(AccessError):
                    wizard.with_user(user).action_confirm()
                with self.assertRaises(AccessError):
                    lines.with_user(user).write({"mentor_id": self.young.id})
                if user == self.foreign_coordinator:
                    found = self.env["mentoring.matching.wizard.line"].with_user(user)
                    self.assertFalse(found.search([("id", "in", lines.ids)]))
                    with self.assertRaises(AccessError):
                        self.program.with_user(user).action_open_proposals()
                    with self.assertRaises(AccessError):
                        self.program.with_user(user).write({"matching_state": "idle"})
        # The program's coordinator cannot forge the job's state either.
        with self.assertRaises(AccessError):
            self.program.with_user(self.coordinator).write({"matching_state": "idle"})
        self.assertEqual(self.program.matching_state, "ready")
        self.assertFalse(self.program.tandem_ids)
        self.assertEqual(len(wizard.line_ids), 2)
