from contextlib import contextmanager
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields, http
from odoo.tests import HttpCase, TransactionCase, new_test_user

COORDINATOR_GROUPS = "base.group_user,reverse_mentoring.group_mentoring_coordinator"
ADMIN_GROUPS = "base.group_user,reverse_mentoring.group_mentoring_admin"
HR_OFFICER_GROUPS = "base.group_user,hr.group_hr_user"


# The progress bar of the tandem kanban's columns, as its view declares it.
HEALTH_BAR = {
    "field": "health",
    "colors": {"on_track": "success", "check_in": "warning", "at_risk": "danger"},
}


def kanban_specification(env):
    """The fields the tandem kanban view reads, as the web client asks for them."""
    view = env["mentoring.tandem"].get_views([(False, "kanban")])["views"]["kanban"]
    names = {node.get("name") for node in etree.fromstring(view["arch"]).iter("field")}
    fields = env["mentoring.tandem"]._fields
    many2one = {"fields": {"display_name": {}}}
    return {
        name: many2one if fields[name].type == "many2one" else {}
        for name in names | {"activity_state", "stage_id"}
    }


class MentoringCase(TransactionCase):
    """A company with a running program, one tandem and the five roles around it.

    - ``mentee_user`` / ``mentor_user``: the two members of ``tandem``;
    - ``other_user``: an employee of the same company outside the tandem;
    - ``coordinator``: a coordinator of the company;
    - ``foreign_coordinator``: a coordinator of another company;
    - ``mentoring_admin``: the functional administrator of reverse mentoring.
    """

    # The users who may not reach what a test case protects, by attribute name:
    # each case names its own; `_outsiders()` gives them.
    OUTSIDERS = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "Mentoring AG"})
        cls.company.partner_id.tz = "Europe/Zurich"
        cls.other_company = cls.env["res.company"].create({"name": "Elsewhere GmbH"})
        cls.coordinator = cls._user("rm_coordinator", COORDINATOR_GROUPS)
        cls.foreign_coordinator = cls._user(
            "rm_foreign_coordinator", COORDINATOR_GROUPS, cls.other_company
        )
        cls.mentoring_admin = cls._user("rm_admin", ADMIN_GROUPS)
        cls.mentor_user = cls._user("rm_mentor")
        cls.mentee_user = cls._user("rm_mentee")
        cls.other_user = cls._user("rm_other")

        cls.ceo = cls._employee("Clara CEO")
        cls.mentee = cls._employee("Hans Senior", user=cls.mentee_user, parent=cls.ceo)
        cls.mentor = cls._employee("Mia Junior", user=cls.mentor_user, parent=cls.ceo)
        cls.other = cls._employee("Otto Other", user=cls.other_user, parent=cls.ceo)

        today = fields.Date.today()
        cls.program = cls.env["mentoring.program"].create(
            {
                "name": "Digital Leadership",
                "company_id": cls.company.id,
                "date_start": today - relativedelta(months=1),
                "date_end": today + relativedelta(months=5),
                "coordinator_ids": [Command.set(cls.coordinator.ids)],
                "state": "running",
            }
        )
        cls.mentor_participant = cls._enrol(cls.mentor, "mentor")
        cls.mentee_participant = cls._enrol(cls.mentee, "mentee")
        cls.topic = cls.env.ref("reverse_mentoring.topic_social_media")
        cls.stage_proposed = cls.env.ref("reverse_mentoring.stage_proposed")
        cls.stage_kickoff = cls.env.ref("reverse_mentoring.stage_kickoff")
        cls.stage_active = cls.env.ref("reverse_mentoring.stage_active")
        cls.stage_done = cls.env.ref("reverse_mentoring.stage_done")
        cls.stage_cancelled = cls.env.ref("reverse_mentoring.stage_cancelled")
        cls.tandem = cls.env["mentoring.tandem"].create(
            {
                "program_id": cls.program.id,
                "mentor_id": cls.mentor.id,
                "mentee_id": cls.mentee.id,
            }
        )
        cls.goal = cls.env["mentoring.goal"].create(
            {
                "tandem_id": cls.tandem.id,
                "name": "Use LinkedIn confidently",
                "topic_id": cls.topic.id,
            }
        )
        cls.planned_session = cls._session(cls.tandem, days=7)

    def _outsiders(self):
        """The users the case names in `OUTSIDERS`, in that order."""
        return tuple(getattr(self, name) for name in self.OUTSIDERS)

    @contextmanager
    def assertRaisesRegex(self, exception, pattern):
        """unittest's assertRaisesRegex inside a savepoint, like Odoo's assertRaises.

        A refused change is rolled back, so the test can prove that nothing was written.
        """
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    # ------------------------------------------------------------------ factories

    @classmethod
    def _user(cls, login, groups="base.group_user", company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _employee(cls, name, user=None, parent=None, company=None):
        return cls.env["hr.employee"].create(
            {
                "name": name,
                "user_id": user.id if user else False,
                "parent_id": parent.id if parent else False,
                "company_id": (company or cls.company).id,
            }
        )

    @classmethod
    def _open_program(cls, **vals):
        """A program of the company open for enrolment, starting in a month."""
        today = fields.Date.today()
        return cls.env["mentoring.program"].create(
            {
                "name": "Digital Next",
                "company_id": cls.company.id,
                "date_start": today + timedelta(days=30),
                "date_end": today + timedelta(days=200),
                "coordinator_ids": [Command.set(cls.coordinator.ids)],
                "state": "enrollment",
                **vals,
            }
        )

    @classmethod
    def _enrol(cls, employee, role, program=None, capacity=None, state="confirmed"):
        vals = {
            "program_id": (program or cls.program).id,
            "employee_id": employee.id,
            "role": role,
            "state": state,
        }
        if capacity:
            vals["capacity"] = capacity
        return cls.env["mentoring.participant"].create(vals)

    @classmethod
    def _pair(cls, program=None, name="Pair"):
        """Two new employees, confirmed as mentor and mentee of the program."""
        mentor = cls._employee(f"{name} Mentor", parent=cls.ceo)
        mentee = cls._employee(f"{name} Mentee", parent=cls.ceo)
        cls._enrol(mentor, "mentor", program)
        cls._enrol(mentee, "mentee", program)
        return mentor, mentee

    @classmethod
    def _tandem(cls, program=None, name="Pair", **vals):
        mentor, mentee = cls._pair(program, name)
        return cls.env["mentoring.tandem"].create(
            {
                "program_id": (program or cls.program).id,
                "mentor_id": mentor.id,
                "mentee_id": mentee.id,
                **vals,
            }
        )

    @classmethod
    def _session(cls, tandem, days=0, hour=9, duration=1.0, **vals):
        """A session `days` from today at `hour` (UTC)."""
        start = datetime.combine(fields.Date.today() + timedelta(days=days), time(hour))
        return cls.env["mentoring.session"].create(
            {"tandem_id": tandem.id, "start": start, "duration": duration, **vals}
        )


ZURICH = pytz.timezone("Europe/Zurich")
# What the members' actions on a tandem change, to prove that a refusal did not.
TANDEM_FIELDS = (
    "id",
    "stage_id",
    "mentor_expectations",
    "mentee_expectations",
    "kickoff_mentor_agreed",
    "kickoff_mentee_agreed",
    "closure_reason",
    "closure_proposed_side",
    "closure_mentor_agreed",
    "closure_mentee_agreed",
    "closed_early",
    "continue_mentor_agreed",
    "continue_mentee_agreed",
)


def local_in_zurich(value):
    """A naive UTC datetime, read in Zurich."""
    return pytz.utc.localize(value).astimezone(ZURICH)


class PortalCase(MentoringCase, HttpCase):
    """The tandem of MentoringCase, another tandem, and a mentor from a partner
    organisation who logs in as a portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.allow_cross_company = True
        (cls.mentor_user | cls.mentee_user).tz = "Europe/Zurich"
        cls.other_tandem = cls._tandem(name="Else")
        cls.other_goal = cls.env["mentoring.goal"].create(
            {"tandem_id": cls.other_tandem.id, "name": "Someone else's goal"}
        )
        cls.other_session = cls._session(cls.other_tandem, days=8)

        # A mentor of a partner organisation: a portal user linked to an employee.
        cls.portal_mentor_user = cls._portal_user("rm_portal_mentor")
        cls.portal_mentor = cls._employee(
            "Pia Partner", user=cls.portal_mentor_user, company=cls.other_company
        )
        cls.portal_mentee = cls._employee("Max Learner", parent=cls.ceo)
        cls._enrol(cls.portal_mentor, "mentor")
        cls._enrol(cls.portal_mentee, "mentee")
        cls.portal_tandem = cls.env["mentoring.tandem"].create(
            {
                "program_id": cls.program.id,
                "mentor_id": cls.portal_mentor.id,
                "mentee_id": cls.portal_mentee.id,
            }
        )
        cls.portal_session = cls._session(cls.portal_tandem, days=9)

        # A portal user of another organisation who is in no tandem.
        cls.foreign_portal_user = cls._portal_user("rm_foreign_portal")
        cls._employee(
            "Fritz Foreign", user=cls.foreign_portal_user, company=cls.other_company
        )

        cls.env.cr.execute("SELECT max(id) FROM mentoring_tandem")
        cls.missing_id = cls.env.cr.fetchone()[0] + 1000

    # Everyone who may not reach the tandem: another employee, coordinators of both
    # companies, the mentoring admin, a foreign portal user and a member of another
    # tandem (the portal mentor).
    OUTSIDERS = (
        "other_user",
        "coordinator",
        "foreign_coordinator",
        "mentoring_admin",
        "foreign_portal_user",
        "portal_mentor_user",
    )

    @classmethod
    def _portal_user(cls, login):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    # ------------------------------------------------------------------ http

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, data=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.opener.post(
            self.base_url() + url, data=data, allow_redirects=False, timeout=30
        )

    def _url(self, tandem_id=None):
        return f"/my/mentoring/tandem/{tandem_id or self.tandem.id}"

    def _submit(self, path, data=None, tandem=None):
        """Post a form of a tandem page as a member; the page shown afterwards."""
        url = self._url(tandem and tandem.id) + path
        response = self._post(url, data)
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertTrue(
            response.headers["Location"].endswith(self._url(tandem and tandem.id))
        )
        page = self._get(self._url(tandem and tandem.id))
        self.assertEqual(page.status_code, 200)
        self.env.invalidate_all()
        return page.text

    def _later(self, days=3, hour=14, minute=30):
        """A date and time in the program, as typed in the form (Zurich)."""
        day = fields.Date.today() + timedelta(days=days)
        local = ZURICH.localize(datetime.combine(day, time(hour, minute)))
        utc = local.astimezone(pytz.utc).replace(tzinfo=None)
        return {"date": day.isoformat(), "time": f"{hour:02d}:{minute:02d}"}, utc

    def _sessions_state(self):
        """What a forged post could have changed, to prove that nothing was."""
        self.env.invalidate_all()
        sessions = self.env["mentoring.session"].search([])
        return {
            "sessions": sorted(
                (s.id, s.start, s.duration, s.reschedule_count, s.state, s.agenda)
                for s in sessions
            ),
            "goals": sorted(
                (g.id, g.is_done) for g in self.env["mentoring.goal"].search([])
            ),
            "notes": sorted(
                (n.session_id.id, n.body)
                for n in self.env["mentoring.session.note"].search([])
            ),
            "goal_values": sorted(
                (g.id, g.name, g.topic_id.id, g.date_deadline, g.description or "")
                for g in self.env["mentoring.goal"].search([])
            ),
            "tandems": sorted(
                tuple(
                    t[name] if name != "stage_id" else t.stage_id.id
                    for name in TANDEM_FIELDS
                )
                for t in self.env["mentoring.tandem"].search([])
            ),
            "activities": sorted(
                (a.res_model, a.res_id, a.user_id.id, str(a.note))
                for a in self.env["mail.activity"].search([])
            ),
            "concerns": sorted(
                (c.id, c.description, c.state)
                for c in self.env["mentoring.concern"].search([])
            ),
            "avoid": sorted(
                (p.id, tuple(p.avoid_employee_ids.ids))
                for p in self.env["mentoring.participant"].search([])
            ),
        }
