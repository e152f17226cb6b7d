"""The mentors' managers release the time: a monthly notice of the hours given."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import MentoringCase, PortalCase


class ManagerNoticeCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ceo.work_email = "clara.ceo@example.com"
        cls.mentor.work_email = "mia.junior@example.com"
        cls.month = fields.Date.today().replace(day=1) - relativedelta(months=1)
        cls.program.date_start = cls.month - relativedelta(months=1)
        cls.cron = cls.env["mentoring.program"]

    def _mails_to(self, employee):
        """The notices about mentoring hours (not the pulse surveys, say)."""
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", employee.work_contact_id.ids),
                ("model", "=", "mentoring.participant"),
                # Both notices speak of releasing the time, no other mail does.
                "|",
                ("body_html", "ilike", "releas"),
                ("body_html", "ilike", "freigeben"),
            ]
        )

    def _held_last_month(self, day, hours, tandem=None):
        start = datetime.combine(self.month + timedelta(days=day), time(9))
        session = self._session(tandem or self.tandem, duration=hours, start=start)
        session.action_done()
        return session

    def _attended_last_month(self, hours):
        start = datetime.combine(self.month + timedelta(days=20), time(14))
        event = self.env["mentoring.cohort.event"].create(
            {
                "name": "Mid-term Workshop",
                "program_id": self.program.id,
                "kind": "midterm",
                "audience": "both",
                "start": start,
                "stop": start + timedelta(hours=hours),
            }
        )
        event.attendance_ids.filtered(
            lambda a: a.employee_id == self.mentor
        ).sudo().attended = True
        return event


@tagged("post_install", "-at_install")
class TestManagerNotice(ManagerNoticeCase):
    def test_off_by_default_no_manager_hears_anything(self):
        self._held_last_month(5, 1.5)
        self.assertFalse(self.program.notify_mentor_managers)
        self.cron._cron_notify_mentor_managers()
        self.assertFalse(self._mails_to(self.ceo))
        self.assertFalse(self._mails_to(self.mentor))

    def test_the_manager_gets_the_hours_without_anything_of_the_tandem(self):
        self.planned_session.agenda = "<p>Ask about the TikTok campaign</p>"
        self._held_last_month(3, 1.5)
        self._held_last_month(10, 1.0)
        self._attended_last_month(2.0)
        # A session planned, and one held this month, do not count.
        this_month = datetime.combine(self.month + relativedelta(months=1), time(0))
        self._session(self.tandem, duration=0.5, start=this_month).action_done()
        self.program.with_user(self.coordinator).notify_mentor_managers = True
        self.cron._cron_notify_mentor_managers()
        [mail] = self._mails_to(self.ceo)
        text = f"{mail.subject} {mail.body_html}"
        self.assertIn("Mia Junior", text)
        self.assertIn("4.5 hours", text)
        self.assertIn("Sessions held: 2", text)
        self.assertIn("Cohort events attended: 1", text)
        for secret in (
            self.mentee.name,
            self.topic.name,
            self.goal.name,
            "TikTok",
            self.tandem.name,
        ):
            self.assertNotIn(secret, text)
        self.assertEqual(self.mentor_participant.manager_notice_month, self.month)

    def test_in_the_manager_s_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["reverse_mentoring"], ["de_DE"], overwrite=True
        )
        self.ceo.work_contact_id.lang = "de_DE"
        self._held_last_month(3, 2.0)
        self.program.notify_mentor_managers = True
        self.cron._cron_notify_mentor_managers()
        [mail] = self._mails_to(self.ceo)
        self.assertIn("Stunden", mail.body_html)
        self.assertNotIn(" hours", mail.body_html)

    def test_never_twice_for_the_same_month(self):
        self._held_last_month(3, 1.0)
        self.program.notify_mentor_managers = True
        self.cron._cron_notify_mentor_managers()
        self.cron._cron_notify_mentor_managers()
        self.assertEqual(len(self._mails_to(self.ceo)), 1)

    def test_a_mentor_without_a_manager_is_skipped(self):
        lone = self._tandem(name="Lone")
        lone.mentor_id.parent_id = False
        self._held_last_month(4, 1.0, tandem=lone)
        self._held_last_month(4, 1.0)
        self.program.notify_mentor_managers = True
        self.cron._cron_notify_mentor_managers()
        self.assertEqual(len(self._mails_to(self.ceo)), 1)
        lone_participation = self.program.participant_ids.filtered(
            lambda p: p.employee_id == lone.mentor_id
        )
        self.assertFalse(lone_participation.manager_notice_month)

    def test_the_mentor_is_told_once_when_it_is_switched_on_or_they_join(self):
        self.program.with_user(self.coordinator).notify_mentor_managers = True
        [told] = self._mails_to(self.mentor)
        self.assertIn("never names your mentee", told.body_html)
        self.assertFalse(self._mails_to(self.mentee))
        self.program.notify_mentor_managers = False
        self.program.notify_mentor_managers = True
        self.assertEqual(len(self._mails_to(self.mentor)), 1)
        newcomer = self._employee("Nora New", parent=self.ceo)
        newcomer.work_email = "nora@example.com"
        participation = self._enrol(newcomer, "mentor", state="draft")
        self.assertFalse(self._mails_to(newcomer))
        participation.with_user(self.coordinator).action_confirm()
        self.assertEqual(len(self._mails_to(newcomer)), 1)

    def test_only_coordinators_and_administrators_switch_it(self):
        hr_officer = self._user("rm_notice_hr", "base.group_user,hr.group_hr_user")
        for user in (
            self.mentor_user,
            self.mentee_user,
            self.other_user,
            hr_officer,
            self.foreign_coordinator,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.program.with_user(user).write({"notify_mentor_managers": True})
        self.assertFalse(self.program.notify_mentor_managers)
        self.assertFalse(self._mails_to(self.mentor))
        for user in (self.mentor_user, self.coordinator, self.mentoring_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.mentor_participant.with_user(user).write(
                    {"manager_notice_month": self.month, "manager_notice_told": True}
                )
        self.assertFalse(self.mentor_participant.manager_notice_told)
        self.program.with_user(self.mentoring_admin).notify_mentor_managers = True
        self.assertTrue(self.program.notify_mentor_managers)

    def test_the_mentor_reads_on_their_tandem_form_that_it_is_on(self):
        views = (
            self.env["mentoring.tandem"]
            .with_user(self.mentor_user)
            .get_views([(False, "form")])
        )
        arch = etree.fromstring(views["views"]["form"]["arch"])
        [notice] = arch.xpath("//div[contains(@class, 'o_mentoring_manager_notice')]")
        self.assertIn("once a month with the hours", notice.text)

        def shown(user):
            [values] = self.tandem.with_user(user).read(
                ["my_side", "notify_mentor_managers"]
            )
            return not safe_eval(notice.get("invisible"), values)

        self.assertFalse(shown(self.mentor_user))
        self.program.notify_mentor_managers = True
        self.assertTrue(shown(self.mentor_user))
        self.assertFalse(shown(self.mentee_user))


@tagged("post_install", "-at_install")
class TestManagerNoticePortal(PortalCase):
    def test_the_mentor_sees_on_the_portal_that_it_is_on(self):
        notice = "Your manager gets a short notice once a month"
        self._login(self.mentor_user)
        self.assertNotIn(notice, self._get(self._url()).text)
        self.program.notify_mentor_managers = True
        self.assertIn(notice, self._get(self._url()).text)
        self._login(self.mentee_user)
        self.assertNotIn(notice, self._get(self._url()).text)
