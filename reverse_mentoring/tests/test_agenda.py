"""Session agendas from the topics' curriculum: planned, edited, confidential."""

import xmlrpc.client
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, get_db_name, tagged

from .common import COORDINATOR_GROUPS, MentoringCase, PortalCase

# Fault code of an AccessError on /xmlrpc/2 (odoo.addons.base.controllers.rpc).
ACCESS_ERROR_FAULT = 4
SECRET = "Ask Clara about the board's view on TikTok"


class AgendaCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social = cls.topic
        cls.hybrid = cls.env.ref("reverse_mentoring.topic_hybrid_work")
        cls.hr_officer = cls._user("rm_agenda_hr", "base.group_user,hr.group_hr_user")
        cls.foreign_hr_coordinator = cls._user(
            "rm_agenda_foreign", COORDINATOR_GROUPS, cls.other_company
        )

    def _plan(self, days, user=None):
        """Plan sessions `days` from today at 10:00 (UTC) with Plan Sessions."""
        tandem = self.tandem.with_user(user or self.mentee_user)
        wizard = (
            self.env["mentoring.session.plan"]
            .with_user(user or self.mentee_user)
            .create(
                {
                    "tandem_id": tandem.id,
                    "line_ids": [
                        Command.create(
                            {
                                "start": datetime.combine(
                                    fields.Date.today() + timedelta(days=day), time(10)
                                ),
                                "duration": 1.0,
                            }
                        )
                        for day in days
                    ],
                }
            )
        )
        before = tandem.session_ids
        wizard.action_confirm()
        return (tandem.session_ids - before).sorted("start")


@tagged("post_install", "-at_install")
class TestPlannedAgendas(AgendaCase):
    def test_every_shipped_topic_has_a_curriculum_in_english_and_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["reverse_mentoring"], ["de_DE"], overwrite=True
        )
        topics = self.env["mentoring.topic"].search([])
        self.assertTrue(topics)
        for topic in topics:
            self.assertTrue(4 <= len(topic.agenda_ids) <= 6, topic.name)
            for item in topic.agenda_ids:
                self.assertTrue(item.preparation and item.practice, item.name)
                german = item.with_context(lang="de_DE")
                self.assertNotEqual(german.name, item.name)
                self.assertNotEqual(german.practice, item.practice)

    def test_plan_sessions_gives_the_next_items_in_order_and_never_repeats(self):
        self.env["mentoring.goal"].create(
            {
                "tandem_id": self.tandem.id,
                "name": "Lead remote days",
                "topic_id": self.hybrid.id,
            }
        )
        curriculum = self.social.agenda_ids | self.hybrid.agenda_ids
        # Planned in two rounds, the second given out of order by date.
        first = self._plan([20, 13])
        second = self._plan([41, 27, 34])
        planned = first | second
        expected = curriculum[:5]
        self.assertEqual(first.agenda_item_id, expected[:2])
        self.assertEqual(
            [s.agenda_item_id for s in planned.sorted("start")], list(expected)
        )
        self.assertIn(expected[0].name, first[0].agenda)
        self.assertIn(expected[0].practice, first[0].agenda)
        # The social media curriculum first, then hybrid work's, none twice.
        rest = self._plan(range(48, 48 + len(curriculum)))
        given = (planned | rest).agenda_item_id
        self.assertEqual(len(given), len(curriculum))
        self.assertEqual(set(given), set(curriculum))
        self.assertFalse(rest.sorted("start")[-5:].agenda_item_id)
        self.assertFalse(rest.sorted("start")[-1].agenda)
        # The session planned by hand before keeps its empty agenda.
        self.assertFalse(self.planned_session.agenda)

    def test_a_coordinator_plans_sessions_with_agendas_too(self):
        sessions = self._plan([15], user=self.coordinator)
        self.assertEqual(sessions.agenda_item_id, self.social.agenda_ids[:1])

    def test_nobody_sets_which_suggestion_a_session_had(self):
        session = self._plan([15])
        for user in (self.mentee_user, self.mentor_user, self.coordinator):
            with self.assertRaises(AccessError):
                session.with_user(user).write(
                    {"agenda_item_id": self.social.agenda_ids[3].id}
                )
        self.assertEqual(session.agenda_item_id, self.social.agenda_ids[:1])


@tagged("post_install", "-at_install")
class TestAgendaEditAndPrivacy(AgendaCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls.planned_session
        cls.session.with_user(cls.mentee_user).agenda = f"<p>{SECRET}</p>"
        cls.event = cls.session.calendar_event_id

    def _outsiders(self):
        return (self.other_user, self.hr_officer, self.foreign_hr_coordinator)

    def test_a_member_edits_it_and_the_partner_reads_it_also_in_the_calendar(self):
        self.session.with_user(self.mentor_user).agenda = "<p>Hashtags first</p>"
        self.assertIn("Hashtags first", self.session.with_user(self.mentee_user).agenda)
        as_mentee = self.event.with_user(self.mentee_user)
        as_mentee.invalidate_recordset()
        self.assertIn("Hashtags first", as_mentee.description)
        self.assertEqual(as_mentee.name, "Mentoring session")
        # Found again by the attendees who search their calendar for it.
        events = self.env["calendar.event"].with_user(self.mentor_user)
        self.assertEqual(
            events.search([("description", "ilike", "Hashtags")]), self.event
        )

    def test_the_program_coordinator_reads_it_but_does_not_write_it(self):
        as_coordinator = self.session.with_user(self.coordinator)
        self.assertIn(SECRET, as_coordinator.agenda)
        with self.assertRaises(AccessError):
            as_coordinator.agenda = "<p>Rewritten</p>"
        self.assertIn(SECRET, self.session.agenda)
        sessions = self.env["mentoring.session"]
        before = sessions.search_count([])
        with self.assertRaises(AccessError):
            sessions.with_user(self.coordinator).create(
                {
                    "tandem_id": self.session.tandem_id.id,
                    "start": self.session.start,
                    "duration": 1.0,
                    "agenda": "<p>Written by the coordinator</p>",
                }
            )
        self.assertEqual(sessions.search_count([]), before)

    def test_outsiders_neither_read_nor_write_nor_find_it(self):
        sessions = self.env["mentoring.session"]
        events = self.env["calendar.event"]
        for user in self._outsiders():
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.session.with_user(user).read(["agenda"])
                self.assertFalse(
                    sessions.with_user(user).search_read(
                        [("id", "=", self.session.id)], ["agenda"]
                    )
                )
                with self.assertRaises(AccessError):
                    self.session.with_user(user).write({"agenda": "<p>Forged</p>"})
                # The calendar event: a busy slot without its description.
                [seen] = events.with_user(user).search_read(
                    [("id", "=", self.event.id)], ["name", "description"]
                )
                self.assertEqual(seen["name"], "Busy")
                self.assertFalse(seen["description"])
                self.assertFalse(
                    events.with_user(user).search_count(
                        [("description", "ilike", "TikTok")]
                    )
                )
                self.assertFalse(
                    events.with_user(user).search_count(
                        ["|", ("name", "=", "x"), ("description", "ilike", "TikTok")]
                    )
                )
        self.env.invalidate_all()
        self.assertIn(SECRET, self.session.agenda)
        self.assertIn(SECRET, self.event.description)

    def test_over_rpc_outsiders_get_a_refusal_or_busy(self):
        for user in self._outsiders():
            with self.subTest(user=user.login):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self.xmlrpc_object.execute_kw(
                        get_db_name(),
                        user.id,
                        user.login,
                        "mentoring.session",
                        "read",
                        [[self.session.id]],
                        {"fields": ["agenda"]},
                    )
                self.assertEqual(caught.exception.faultCode, ACCESS_ERROR_FAULT)
                [seen] = self.xmlrpc_object.execute_kw(
                    get_db_name(),
                    user.id,
                    user.login,
                    "calendar.event",
                    "read",
                    [[self.event.id]],
                    {"fields": ["description"]},
                )
                self.assertFalse(seen["description"])
        self.assertIn(SECRET, self.session.agenda)


@tagged("post_install", "-at_install")
class TestPortalAgenda(PortalCase):
    def test_a_member_edits_the_agenda_on_the_portal_and_the_partner_sees_it(self):
        session = self.planned_session
        self._login(self.mentee_user)
        page = self._submit(
            f"/session/{session.id}/agenda",
            {"agenda": "Set up a profile\nBring a photo"},
        )
        self.assertIn("The agenda is saved.", page)
        self.assertIn("Bring a photo", session.agenda)
        self.assertIn("Bring a photo", session.calendar_event_id.description)
        self._login(self.mentor_user)
        page = self._get(self._url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Bring a photo", page.text)

    def test_outsiders_cannot_write_a_tandem_s_agenda_on_the_portal(self):
        self.planned_session.agenda = "<p>Ours</p>"
        before = self._sessions_state()
        for user in self._outsiders():
            with self.subTest(user=user.login):
                self._login(user)
                url = self._url() + f"/session/{self.planned_session.id}/agenda"
                response = self._post(url, {"agenda": "Forged"})
                self.assertIn(response.status_code, (303, 404))
        self.assertEqual(self._sessions_state(), before)
        self.assertEqual(self.planned_session.agenda, "<p>Ours</p>")
