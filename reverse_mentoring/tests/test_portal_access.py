"""The employee portal: who may open which page and download, and what it costs."""

import re

import pytz

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import convert_file

from .common import MentoringCase, PortalCase

# Queries of /my/mentoring once warm, whatever the number of tandems.
LIST_QUERY_BUDGET = 30
TANDEM_PAGE_QUERY_BUDGET = 60


@tagged("post_install", "-at_install")
class TestPortalAccess(PortalCase):
    def _routes(self, tandem_id, session_id, goal_id):
        """Every route of a tandem page, with harmless but valid form values."""
        slot, _utc = self._later()
        base = f"/my/mentoring/tandem/{tandem_id}"
        return [
            ("GET", base, None),
            ("POST", f"{base}/goal/{goal_id}/done", {"x": "1"}),
            ("POST", f"{base}/session/new", {**slot, "duration": "1"}),
            (
                "POST",
                f"{base}/session/{session_id}/move",
                {**slot, "duration": "1", "reason": "forged"},
            ),
            ("POST", f"{base}/session/{session_id}/notes", {"notes": "forged"}),
            ("POST", f"{base}/session/{session_id}/agenda", {"agenda": "forged"}),
            ("POST", f"{base}/session/{session_id}/done", {"x": "1"}),
            ("POST", f"{base}/expectations", {"expectations": "forged"}),
            ("POST", f"{base}/kickoff/agree", {"x": "1"}),
            ("POST", f"{base}/goal/new", {"name": "forged", "date_deadline": ""}),
            ("POST", f"{base}/goal/{goal_id}/edit", {"name": "forged"}),
            ("POST", f"{base}/goal/{goal_id}/remove", {"x": "1"}),
            ("POST", f"{base}/closure/propose", {"reason": "forged"}),
            ("POST", f"{base}/closure/agree", {"x": "1"}),
            ("POST", f"{base}/closure/decline", {"x": "1"}),
            ("POST", f"{base}/continue", {"x": "1"}),
            ("POST", f"{base}/concern", {"description": "forged"}),
            (
                "POST",
                f"{base}/new_partner",
                {"reason": "forged", "share_reason": "1"},
            ),
        ]

    def _targets(self):
        return [
            (self.tandem.id, self.planned_session.id, self.goal.id),
            (self.other_tandem.id, self.other_session.id, self.other_goal.id),
            (self.missing_id, self.missing_id, self.missing_id),
            (2**31 + 7, 2**31 + 7, 2**31 + 7),
        ]

    def _call(self, method, url, data):
        response = self._get(url) if method == "GET" else self._post(url, data)
        # The page embeds a fresh CSRF token each time; the rest must not differ.
        return response, re.sub(r'csrf_token: "\w+"', "", response.text)

    def _assert_hidden(self, body):
        for secret in (
            "Hans Senior",
            "Mia Junior",
            "Else Mentor",
            "Use LinkedIn confidently",
            "Digital Leadership",
        ):
            self.assertNotIn(secret, body)

    def test_members_see_their_tandem(self):
        self.planned_session.with_user(
            self.mentee_user
        ).private_notes = "<p>Ask about hashtags</p>"
        for user, partner in (
            (self.mentee_user, "Mia Junior"),
            (self.mentor_user, "Hans Senior"),
        ):
            with self.subTest(user=user.login):
                self._login(user)
                response = self._get(self._url())
                self.assertEqual(response.status_code, 200)
                body = response.text
                self.assertIn(partner, body)
                self.assertIn("Digital Leadership", body)
                self.assertIn("Use LinkedIn confidently", body)
                self.assertIn(f'data-session-id="{self.planned_session.id}"', body)
                self.assertIn("Ask about hashtags", body)
                self.assertIn(self.tandem.stage_id.name, body)

    def test_portal_member_sees_their_tandem(self):
        self._login(self.portal_mentor_user)
        response = self._get(self._url(self.portal_tandem.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Max Learner", response.text)
        self.assertIn(f'data-session-id="{self.portal_session.id}"', response.text)
        listing = self._get("/my/mentoring")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Max Learner", listing.text)
        self.assertNotIn("Hans Senior", listing.text)

    def test_outsiders_get_the_same_not_found(self):
        before = self._sessions_state()
        self._assert_not_found(self._outsiders(), self._targets())
        self.assertEqual(self._sessions_state(), before)

    def test_members_do_not_reach_other_tandems(self):
        before = self._sessions_state()
        self._assert_not_found(
            (self.mentor_user, self.mentee_user), self._targets()[1:]
        )
        self.assertEqual(self._sessions_state(), before)

    def _assert_not_found(self, users, targets):
        """Every route of every target answers each user the same "not found"."""
        for user in users:
            self._login(user)
            reference = None
            for target in targets:
                for method, url, data in self._routes(*target):
                    with self.subTest(user=user.login, method=method, url=url):
                        response, body = self._call(method, url, data)
                        self.assertEqual(response.status_code, 404)
                        reference = reference or body
                        # The same answer whether the tandem exists or not.
                        self.assertEqual(body, reference)
                        self._assert_hidden(body)

    def test_public_is_sent_to_login_whatever_the_id(self):
        before = self._sessions_state()
        self._login(None)
        for target in self._targets():
            for method, url, data in self._routes(*target):
                with self.subTest(method=method, url=url):
                    response, _body = self._call(method, url, data)
                    self.assertEqual(response.status_code, 303)
                    location = response.headers["Location"]
                    self.assertIn("/web/login?redirect=", location)
                    self._assert_hidden(response.text)
        response = self._get("/my/mentoring")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(self._sessions_state(), before)

    def test_list_shows_only_own_tandems(self):
        self.env["survey.user_input"]._mentoring_invite(
            self.tandem, self.program.pulse_survey_id, self.mentee
        )
        self._login(self.mentee_user)
        body = self._get("/my/mentoring").text
        self.assertIn(f"/my/mentoring/tandem/{self.tandem.id}", body)
        self.assertIn("Mia Junior", body)
        self.assertIn(self.tandem.stage_id.name, body)
        self.assertIn('o_mentoring_pending_count">1<', body)
        self.assertNotIn(f"/my/mentoring/tandem/{self.other_tandem.id}", body)
        for user in (
            self.other_user,
            self.coordinator,
            self.foreign_coordinator,
            self.foreign_portal_user,
        ):
            with self.subTest(user=user.login):
                self._login(user)
                response = self._get("/my/mentoring")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("/my/mentoring/tandem/", response.text)
                self._assert_hidden(response.text)

    def test_list_shows_times_in_the_members_time_zone(self):
        """Their own time zone, else that of the program's company (Zurich), not
        that of their own company (New York)."""
        self.other_company.partner_id.tz = "America/New_York"
        start = pytz.utc.localize(self.portal_session.start)
        self._login(self.portal_mentor_user)
        zones = ("Europe/Zurich", "America/New_York", "Asia/Tokyo")
        for user_tz, shown in ((False, "Europe/Zurich"), ("Asia/Tokyo", "Asia/Tokyo")):
            with self.subTest(user_tz=user_tz):
                self.portal_mentor_user.tz = user_tz
                body = self._get("/my/mentoring").text
                row = re.search(
                    rf'data-tandem-id="{self.portal_tandem.id}".*?</tr>', body, re.S
                ).group(0)
                for zone in zones:
                    local = start.astimezone(pytz.timezone(zone)).strftime("%H:%M")
                    if zone == shown:
                        self.assertIn(local, row)
                    else:
                        self.assertNotIn(local, row)

    def test_home_counts_the_tandems(self):
        self._login(self.mentee_user)
        home = self._get("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/mentoring"', home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["mentoring_tandem_count"]}
        )
        self.assertEqual(counters["mentoring_tandem_count"], 1)
        self._login(self.other_user)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["mentoring_tandem_count"]}
        )
        self.assertEqual(counters["mentoring_tandem_count"], 0)


@tagged("post_install", "-at_install", "is_query_count")
class TestPortalQueries(MentoringCase, HttpCase):
    def _add_tandems(self, count):
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Mentee {index}", "company_id": self.company.id}
                for index in range(count)
            ]
        )
        for employee in employees:
            self._enrol(employee, "mentee")
        tandems = self.env["mentoring.tandem"].create(
            [
                {
                    "program_id": self.program.id,
                    "mentor_id": self.mentor.id,
                    "mentee_id": employee.id,
                }
                for employee in employees
            ]
        )
        for index, tandem in enumerate(tandems):
            self._session(tandem, days=3 + index % 20)
            self.env["survey.user_input"]._mentoring_invite(
                tandem, self.program.pulse_survey_id, self.mentor
            )

    def _page_queries(self, url, budget):
        self.env.flush_all()
        # Warm-up: the routing map, the compiled templates, the session.
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        count0 = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - count0, response.text

    def _mentor_of_many(self):
        """The mentor, logged in, with room for 200 tandems and one invitation."""
        self.program.max_mentees_per_mentor = 300
        self.mentor_participant.capacity = 300
        self.env["survey.user_input"]._mentoring_invite(
            self.tandem, self.program.pulse_survey_id, self.mentor
        )
        self.authenticate(self.mentor_user.login, self.mentor_user.login)

    def test_list_costs_the_same_for_20_and_200_tandems(self):
        self._mentor_of_many()
        self._add_tandems(19)
        twenty, body = self._page_queries("/my/mentoring", LIST_QUERY_BUDGET)
        self.assertEqual(body.count("o_mentoring_tandem_row"), 20)
        self._add_tandems(180)
        two_hundred, body = self._page_queries("/my/mentoring", LIST_QUERY_BUDGET)
        self.assertEqual(body.count("o_mentoring_tandem_row"), 200)
        self.assertEqual(body.count('o_mentoring_pending_count">1<'), 200)
        self.assertEqual(twenty, two_hundred)

    def test_tandem_page_costs_the_same_for_20_and_200_tandems(self):
        """Whatever the number of the mentor's tandems, and of the tandem's own
        goals and sessions."""
        self._mentor_of_many()
        url = f"/my/mentoring/tandem/{self.tandem.id}"
        self._add_tandems(19)
        twenty, body = self._page_queries(url, TANDEM_PAGE_QUERY_BUDGET)
        self.assertIn(self.goal.name, body)
        self._add_tandems(180)
        for day in range(10, 20):
            self._session(self.tandem, days=day)
            self.env["mentoring.goal"].create(
                {"tandem_id": self.tandem.id, "name": f"Goal of day {day}"}
            )
        two_hundred, body = self._page_queries(url, TANDEM_PAGE_QUERY_BUDGET)
        self.assertIn("Goal of day 19", body)
        self.assertEqual(twenty, two_hundred)


@tagged("post_install", "-at_install")
class TestPortalCertificate(PortalCase):
    def test_members_download_their_certificate_once_done(self):
        url = self._url() + "/certificate?report_type=html"
        self._login(self.mentee_user)
        self.assertEqual(self._get(url).status_code, 404)
        self.assertNotIn("/certificate", self._get(self._url()).text)
        self.tandem.stage_id = self.stage_done
        self.assertIn("/certificate", self._get(self._url()).text)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("took part as a mentee", response.text)
        self.assertNotIn("took part as a mentor", response.text)
        for user in (self.other_user, self.portal_mentor_user):
            with self.subTest(user=user.login):
                self._login(user)
                self.assertEqual(self._get(url).status_code, 404)

    def test_certificate_is_checked_at_every_request(self):
        self.tandem.stage_id = self.stage_done
        urls = [
            f"{self._url(tandem_id)}/certificate?report_type={report_type}"
            for tandem_id in (self.tandem.id, self.missing_id, 2**31 + 7)
            for report_type in ("html", "pdf")
        ]
        own = self._url() + "/certificate?report_type=html"
        for user in self._outsiders():
            self._login(user)
            for url in urls:
                with self.subTest(user=user.login, url=url):
                    response = self._get(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn("took part as", response.text)
        self._login(None)
        response = self._get(own)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

        # The mentor leaves the program: their certificate goes, the mentee's stays.
        self.mentor_participant.action_cancel()
        self._login(self.mentor_user)
        self.assertEqual(self._get(own).status_code, 404)
        self.assertNotIn("o_mentoring_certificate", self._get(self._url()).text)
        self._login(self.mentee_user)
        self.assertEqual(self._get(own).status_code, 200)
        # A cancelled tandem prints no certificate for anyone.
        self.tandem.stage_id = self.stage_cancelled
        self.assertEqual(self._get(own).status_code, 404)
        self.assertNotIn("o_mentoring_certificate", self._get(self._url()).text)

    def test_back_end_report_needs_read_access(self):
        self.tandem.stage_id = self.stage_done
        url = (
            "/report/html/reverse_mentoring.report_mentoring_certificate/"
            f"{self.tandem.id}"
        )
        self._login(self.coordinator)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("took part as a mentee", response.text)
        for user in (self.other_user, self.foreign_coordinator):
            with self.subTest(user=user.login):
                self._login(user)
                response = self._get(url)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn("took part as", response.text)


@tagged("post_install", "-at_install")
class TestPortalBriefing(PortalCase):
    """Briefings are streamed by the portal, to members in the role they are
    for, checked at every request; no token opens them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mentor_guide = cls._file("Mentor guide.pdf", b"For mentors only")
        cls.mentee_guide = cls._file("Mentee guide.pdf", b"For mentees only")
        guides = cls.mentor_guide | cls.mentee_guide
        # Before, the program gave each briefing a token for portal links.
        guides.generate_access_token()
        cls.old_links = [
            f"/web/content/{guide.id}?access_token={guide.access_token}&download=true"
            for guide in guides
        ]
        cls.program.with_user(cls.coordinator).write(
            {
                "mentor_briefing_ids": [Command.link(cls.mentor_guide.id)],
                "mentee_briefing_ids": [Command.link(cls.mentee_guide.id)],
            }
        )
        # A file that is no briefing, and the briefing of another program.
        cls.stray_file = cls._file("Salaries.pdf", b"Salaries")
        cls.other_program = cls.env["mentoring.program"].create(
            {
                "name": "Elsewhere",
                "company_id": cls.company.id,
                "date_start": cls.program.date_start,
                "date_end": cls.program.date_end,
            }
        )
        cls.other_guide = cls._file("Other guide.pdf", b"Other guide")
        cls.other_program.mentor_briefing_ids = [Command.link(cls.other_guide.id)]

    @classmethod
    def _file(cls, name, content):
        """A file the coordinator uploads."""
        return (
            cls.env["ir.attachment"]
            .with_user(cls.coordinator)
            .create(
                {
                    "name": name,
                    "raw": content,
                    "res_model": "mentoring.program",
                    "res_id": 0,
                }
            )
        )

    def _briefing_url(self, attachment, tandem=None):
        return f"{self._url(tandem and tandem.id)}/briefing/{attachment.id}"

    def _assert_refused(self, url):
        response = self._get(url)
        self.assertEqual(response.status_code, 404)
        for secret in (b"only", b"Salaries", b"Other guide"):
            self.assertNotIn(secret, response.content)

    def test_members_download_the_briefing_of_their_role(self):
        for user, tandem, mine, theirs in (
            (self.mentor_user, self.tandem, self.mentor_guide, self.mentee_guide),
            (self.mentee_user, self.tandem, self.mentee_guide, self.mentor_guide),
            (
                self.portal_mentor_user,
                self.portal_tandem,
                self.mentor_guide,
                self.mentee_guide,
            ),
        ):
            with self.subTest(user=user.login):
                self._login(user)
                page = self._get(self._url(tandem.id)).text
                self.assertIn(f'href="{self._briefing_url(mine, tandem)}"', page)
                self.assertIn(mine.name, page)
                self.assertNotIn(theirs.name, page)
                self.assertNotIn("/web/content/", page)
                response = self._get(self._briefing_url(mine, tandem))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.content, mine.raw)
                self.assertIn("attachment", response.headers["Content-Disposition"])
                self.assertIn("no-store", response.headers["Cache-Control"])
                # The briefing of the other role, of another program, or no
                # briefing at all.
                for attachment in (theirs, self.other_guide, self.stray_file):
                    self._assert_refused(self._briefing_url(attachment, tandem))

    def _assert_file_refused(self, user, attachment, secret):
        """`user` neither downloads nor reads `attachment` outside the portal."""
        self._login(user)
        for url in (
            f"/web/content/{attachment.id}?download=true",
            f"/web/content/ir.attachment/{attachment.id}/raw",
            f"/web/content/ir.attachment/{attachment.id}/datas",
        ):
            response = self._get(url)
            self.assertNotEqual(response.status_code, 200, url)
            self.assertNotIn(secret, response.content)
        # /web/image answers a placeholder instead.
        self.assertNotIn(secret, self._get(f"/web/image/{attachment.id}").content)
        files = self.env["ir.attachment"].with_user(user)
        with self.assertRaises(AccessError):
            attachment.with_user(user).read(["raw"])
        with self.assertRaises(AccessError):
            files.browse(attachment.id).datas  # noqa: B018
        if not user.share:
            found = files.search([("res_model", "=", "mentoring.program")])
            self.assertNotIn(attachment, found)

    def test_files_open_outside_the_portal_for_coordinators_only(self):
        """/web/content and the ORM: a briefing is the coordinators' file, even
        for the members of the role it is for; New Round's copies too."""
        readers = {
            self.mentor_guide: (b"For mentors only", self.mentee_user),
            self.mentee_guide: (b"For mentees only", self.mentor_user),
        }
        for guide, (secret, other_role) in readers.items():
            for user in (
                other_role,
                self.mentor_user,
                self.mentee_user,
                self.portal_mentor_user,
                self.other_user,
                self.foreign_coordinator,
                self.foreign_portal_user,
            ):
                with self.subTest(guide=guide.name, user=user.login):
                    self._assert_file_refused(user, guide, secret)
            self._login(self.coordinator)
            response = self._get(f"/web/content/{guide.id}?download=true")
            self.assertEqual(response.content, secret)
        new = self.program.with_user(self.coordinator).action_new_round()
        copies = self.env["mentoring.program"].browse(new["res_id"]).mentor_briefing_ids
        self.assertEqual(copies.raw, b"For mentors only")
        for user in (self.mentor_user, self.other_user, self.foreign_coordinator):
            with self.subTest(copy=True, user=user.login):
                self._assert_file_refused(user, copies, b"For mentors only")
        # Nothing changed on the way.
        self.assertEqual(self.mentor_guide.raw, b"For mentors only")
        self.assertEqual(self.program.mentor_briefing_ids, self.mentor_guide)

    def test_a_file_of_another_record_never_becomes_a_briefing(self):
        """A coordinator who links someone else's file as a briefing does not
        get it streamed to them by the portal."""
        secret = self.env["ir.attachment"].create(
            {
                "name": "Payslip.pdf",
                "raw": b"Salaries",
                "res_model": "res.partner",
                "res_id": self.mentee.work_contact_id.id,
            }
        )
        for guide in (secret, self.other_guide):
            with self.subTest(file=guide.name), self.assertRaises(AccessError):
                self.program.with_user(self.coordinator).mentor_briefing_ids = [
                    Command.link(guide.id)
                ]
        self.assertEqual(self.program.mentor_briefing_ids, self.mentor_guide)
        self._login(self.mentor_user)
        self._assert_refused(self._briefing_url(secret))

    def test_outsiders_are_refused(self):
        urls = [
            f"{self._url(tandem_id)}/briefing/{attachment_id}"
            for tandem_id in (self.tandem.id, self.missing_id, 2**31 + 7)
            for attachment_id in (
                self.mentor_guide.id,
                self.mentee_guide.id,
                self.stray_file.id,
                2**31 + 7,
            )
        ]
        for user in self._outsiders():
            self._login(user)
            for url in urls:
                with self.subTest(user=user.login, url=url):
                    self._assert_refused(url)
        # Members do not reach them through another tandem either.
        self._login(self.mentor_user)
        self._assert_refused(self._briefing_url(self.mentor_guide, self.other_tandem))

    def test_public_is_sent_to_login(self):
        self._login(None)
        response = self._get(self._briefing_url(self.mentor_guide))
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertNotIn(b"only", response.content)

    def test_former_members_are_refused(self):
        mentor_url = self._briefing_url(self.mentor_guide)
        mentee_url = self._briefing_url(self.mentee_guide)
        # A done tandem keeps its briefings.
        self.tandem.stage_id = self.stage_done
        for user, url in (
            (self.mentor_user, mentor_url),
            (self.mentee_user, mentee_url),
        ):
            self._login(user)
            self.assertEqual(self._get(url).status_code, 200)
        # The mentor leaves the program.
        self.mentor_participant.action_cancel()
        self._login(self.mentor_user)
        self._assert_refused(mentor_url)
        self.assertNotIn("o_mentoring_briefing", self._get(self._url()).text)
        self._login(self.mentee_user)
        self.assertEqual(self._get(mentee_url).status_code, 200)
        # The tandem is cancelled.
        self.tandem.stage_id = self.stage_cancelled
        self._assert_refused(mentee_url)
        self.assertNotIn("o_mentoring_briefing", self._get(self._url()).text)
        # The mentee's employee is no longer theirs.
        self.tandem.stage_id = self.stage_active
        self.assertEqual(self._get(mentee_url).status_code, 200)
        self.mentee.user_id = False
        self._assert_refused(mentee_url)

    def test_old_token_links_no_longer_work(self):
        self.assertFalse(self.mentor_guide.access_token)
        self.assertFalse(self.mentee_guide.access_token)
        # A link with a valid token does work, for a file that is no briefing.
        self.stray_file.generate_access_token()
        valid = f"/web/content/{self.stray_file.id}?access_token="
        for user in (None, self.foreign_portal_user, self.mentor_user):
            self._login(user)
            with self.subTest(user=user and user.login):
                response = self._get(valid + self.stray_file.access_token)
                self.assertEqual(response.status_code, 200)
                for link in self.old_links:
                    response = self._get(link)
                    self.assertIn(response.status_code, (403, 404))
                    self.assertNotIn(b"only", response.content)

    def test_update_revokes_the_tokens_of_every_program(self):
        """A database where the briefings still have their tokens: updating the
        module revokes them, for every program."""
        guides = self.mentor_guide | self.mentee_guide | self.other_guide
        guides.generate_access_token()
        self.other_program.active = False
        link = f"/web/content/{self.other_guide.id}?access_token="
        link += self.other_guide.access_token
        self._login(self.foreign_portal_user)
        self.assertEqual(self._get(link).status_code, 200)
        convert_file(
            self.env,
            "reverse_mentoring",
            "views/portal_templates.xml",
            {},
            mode="update",
        )
        self.assertFalse(any(guides.mapped("access_token")))
        self.assertIn(self._get(link).status_code, (403, 404))
