"""The employee portal's pages and downloads: /my/mentoring for the two members
of each tandem.

The controllers follow Odoo's portal pattern: `_document_check_access` checks
that the current user may read the tandem (record rules give its two members,
internal or portal users, their tandems, goals and sessions). Anyone who is not
a member gets the same "not found" answer, whether the tandem exists or not.
Pages are rendered from the checked tandem in sudo, for the names of the people
and the program, which portal users may not read.

Briefings and certificates are downloaded through routes of this portal, which
check at every request that the user still takes part: no link keeps working
after someone leaves the program.

The member's forms (the POST routes) are in `portal_forms.py`; reading what
they send is in `forms.py`.
"""

import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import html2plaintext

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.mentoring_tandem_stage import CLOSED_PHASES
from . import forms
from .forms import MAX_ID

# Where a notice waits for the next display of a page (post/redirect/get).
NOTICE_KEY = "reverse_mentoring_portal_notice"
LIST_URL = "/my/mentoring"
TANDEM_URL = "/my/mentoring/tandem/%s"
PERSONAL_DATA_URL = "/my/mentoring/personal-data"


class MentoringPortal(CustomerPortal):
    # ------------------------------------------------------------------ helpers

    def _mentoring_domain(self):
        """The tandems the current user is a member of."""
        uid = request.env.uid
        return ["|", ("mentor_user_id", "=", uid), ("mentee_user_id", "=", uid)]

    def _mentoring_tandems(self):
        """The current user's own tandems (coordinators may read more).

        Only the fields the list shows are read.
        """
        return request.env["mentoring.tandem"].search_fetch(
            self._mentoring_domain(),
            [
                "program_id",
                "company_id",
                "mentor_id",
                "mentee_id",
                "mentor_user_id",
                "stage_id",
                "next_session_start",
            ],
        )

    def _mentoring_tandem(self, tandem_id):
        """The tandem `tandem_id` if the current user is one of its members.

        Raises "not found" otherwise, whether the tandem exists or not, so that
        nobody learns which tandems exist (coordinators, who may read it in the
        back end, included); an id beyond PostgreSQL's integers is not found
        either. Returns the tandem as the user.
        """
        if not 0 < tandem_id <= MAX_ID:
            raise request.not_found()
        try:
            tandem_sudo = self._document_check_access("mentoring.tandem", tandem_id)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        # Not `my_side`: `_document_check_access` gives the tandem as the
        # superuser, whose side it is not.
        if (
            request.env.user
            not in tandem_sudo.mentor_user_id | tandem_sudo.mentee_user_id
        ):
            raise request.not_found()
        return request.env["mentoring.tandem"].browse(tandem_id)

    def _mentoring_tz_of(self, tandems):
        """The time zone in which the user reads and types the times of each tandem.

        Their own, or else the tandem's company's, or else UTC.
        """
        user_tz = request.env.user.tz
        if user_tz:
            return dict.fromkeys(tandems.ids, user_tz)
        # sudo: the companies' time zones, which portal members may not read;
        # their partners' time zones only, not every field of a partner.
        tandems = tandems.sudo()
        tandems.company_id.partner_id.fetch(["tz"])
        return {
            tandem.id: tandem.company_id.partner_id.tz or "UTC" for tandem in tandems
        }

    def _mentoring_tz(self, tandem):
        """The time zone in which the user reads and types the times of `tandem`."""
        return self._mentoring_tz_of(tandem)[tandem.id]

    def _mentoring_notice(self, url):
        """The notice waiting for the page `url`, shown once."""
        notice = request.session.get(NOTICE_KEY)
        if notice and notice.get("url") == url:
            request.session.pop(NOTICE_KEY)
            return notice
        return None

    # ------------------------------------------------------------------ home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mentoring_tandem_count" in counters:
            # The user's own tandems, and the programs they may still enrol
            # in, so that the card leads there too.
            programs = self._mentoring_open_programs_sudo()
            values["mentoring_tandem_count"] = request.env[
                "mentoring.tandem"
            ].search_count(self._mentoring_domain()) + len(
                programs - self._mentoring_enrolments(programs).program_id
            )
        return values

    def _mentoring_layout_values(self):
        """The portal layout's values, with the page's language on <html>.

        Odoo's portal layout names the language only when Website is installed;
        screen readers need it to pronounce the page.
        """
        values = self._prepare_portal_layout_values()
        values["html_data"] = {"lang": request.env.lang.replace("_", "-")}
        return values

    def _mentoring_enrolments(self, programs):
        """The current user's own participations in `programs`."""
        return request.env["mentoring.participant"].search(
            [("program_id", "in", programs.ids), ("user_id", "=", request.env.uid)]
        )

    def _mentoring_current_role(self, tandem):
        """The current user's role in `tandem` if they still take part, else None.

        They do while the tandem is not cancelled and their participation in
        the program in that role is neither cancelled nor left. Downloads ask at
        every request, so that nothing stays reachable after someone leaves.
        """
        if tandem.phase == "cancelled":
            return None
        role = tandem.my_side
        employee = tandem[f"{role}_id"]
        taking_part = request.env["mentoring.participant"].search_count(
            [
                ("program_id", "=", tandem.program_id.id),
                ("employee_id", "=", employee.id),
                ("role", "=", role),
                ("state", "not in", ("cancelled", "left")),
            ],
            limit=1,
        )
        return role if taking_part else None

    def _mentoring_briefings(self, tandem, role):
        """The briefing material of the program for `role` (none for no role)."""
        if role not in ("mentor", "mentee"):
            return request.env["ir.attachment"]
        # sudo: the briefing of the role the member takes part in (checked by
        # the caller); the field and its files are the coordinators'.
        program = tandem.program_id.sudo()
        return program[f"{role}_briefing_ids"].filtered(
            lambda a: (a.res_model, a.res_id) == (program._name, program.id)
        )

    # ------------------------------------------------------------------ pages

    # The pages and downloads only read: readonly=True lets Odoo serve them from
    # a read replica (db_replica_host). Their one change, the notice shown once,
    # lives in the HTTP session, not in the database.
    @http.route(
        ["/my/mentoring"], type="http", auth="user", website=True, readonly=True
    )
    def portal_my_mentoring(self, **kw):
        # sudo: to show the names of the people and programs of the user's
        # own tandems, which portal users may not read.
        tandems = self._mentoring_tandems().sudo()
        # The list shows the names of the partners and programs only: reading
        # every employee or program field, as a lazy read would, costs more
        # than the rest of the page.
        (tandems.mentor_id | tandems.mentee_id).fetch(["name"])
        tandems.program_id.fetch(["name"])
        user = request.env.user
        pending_count = dict.fromkeys(tandems.ids, 0)
        for answer in request.env["survey.user_input"]._mentoring_pending(
            tandems, user.partner_id
        ):
            pending_count[answer.mentoring_tandem_id.id] += 1
        programs = self._mentoring_open_programs_sudo()
        all_topics = request.env["mentoring.topic"].search([])
        values = self._mentoring_layout_values()
        values.update(
            {
                "page_name": "mentoring",
                "tandems": tandems,
                "pending_count": pending_count,
                "tz_of": self._mentoring_tz_of(tandems),
                "open_programs": programs,
                "enrolments": self._mentoring_enrolments(programs),
                "reenroll_from": {
                    program.id: request.env["mentoring.participant"]._reenroll_source(
                        program
                    )
                    for program in programs
                },
                "topics_of": {
                    program.id: program.topic_ids or all_topics for program in programs
                },
                "notice": self._mentoring_notice(LIST_URL),
                "text_limits": forms.text_limits(request.env),
                "personal_data_url": request.env[
                    "hr.employee"
                ]._mentoring_my_employees()
                and PERSONAL_DATA_URL,
            }
        )
        return request.render("reverse_mentoring.portal_my_mentoring", values)

    def _mentoring_open_programs_sudo(self):
        """The programs the current user's employees may enrol in now."""
        # sudo: portal users may not read employees. The user's own are kept,
        # in the companies where `res.users.employee_ids` (through which they
        # enrol) finds them, and only their companies are read, not every
        # employee field (see the list above).
        user = request.env.user
        companies = (
            request.env["hr.employee"]
            .sudo()
            .search_fetch(
                [("user_id", "=", user.id), *user._employee_ids_domain()],
                ["company_id"],
            )
            .company_id
        )
        if not companies:
            return request.env["mentoring.program"]
        today = fields.Date.context_today(request.env.user)
        # sudo: portal users may not read programs; the domain keeps only those
        # open for enrolment to the user's own companies (or to any company).
        return (
            request.env["mentoring.program"]
            .sudo()
            .search_fetch(
                [
                    ("state", "=", "enrollment"),
                    "|",
                    ("enrollment_deadline", "=", False),
                    ("enrollment_deadline", ">=", today),
                    "|",
                    ("company_id", "in", companies.ids),
                    ("allow_cross_company", "=", True),
                ],
                # What the list shows of them (see the list above).
                [
                    "name",
                    "date_start",
                    "date_end",
                    "enrollment_deadline",
                    "objective",
                    "topic_ids",
                    "previous_program_id",
                ],
            )
        )

    def _mentoring_tandem_values(self, tandem):
        # sudo: to show the names of the people and the program of a tandem
        # the user was allowed to read, which portal users may not read.
        tandem = tandem.sudo()
        user = request.env.user
        env = request.env
        # The page is only shown to a member: their side is never empty.
        my_side = tandem.my_side
        is_mentor = my_side == "mentor"
        role = self._mentoring_current_role(tandem)
        tz = self._mentoring_tz(tandem)
        zone = pytz.timezone(tz)
        now = fields.Datetime.now()
        sessions = tandem.session_ids
        upcoming = sessions.filtered(
            lambda s: s.state == "planned" and s.start >= now
        ).sorted("start")

        def local(value):
            return pytz.utc.localize(value).astimezone(zone)

        other_side = "mentee" if is_mentor else "mentor"
        # The partner's card shows these only (see the list above).
        (tandem.mentor_id | tandem.mentee_id).fetch(
            ["name", "job_title", "company_id", "work_email"]
        )
        program = tandem.program_id
        today = local(now).date()

        values = self._mentoring_layout_values()
        values.update(
            {
                "page_name": "mentoring_tandem",
                "tandem": tandem,
                "is_mentor": is_mentor,
                "my_side": my_side,
                "other_side": other_side,
                "my_expectations": tandem[f"{my_side}_expectations"] or "",
                "partner_expectations": tandem[f"{other_side}_expectations"] or "",
                "in_kickoff": tandem.phase in ("proposed", "kickoff"),
                "agreed": lambda agreement, side: tandem[f"{agreement}_{side}_agreed"],
                # What going on asks for: the end of the program, or a closing tandem.
                "may_continue": tandem.phase == "closing"
                or (
                    tandem.phase not in CLOSED_PHASES + ("continued",)
                    and today >= program.date_end
                ),
                "goal_topics": program.topic_ids
                or request.env["mentoring.topic"].search([]),
                "program_start": program.date_start.isoformat(),
                "program_end": program.date_end.isoformat(),
                "now": now,
                "me": tandem[f"{my_side}_id"],
                "partner": tandem[f"{other_side}_id"],
                "is_closed": tandem.phase in CLOSED_PHASES,
                "goals": tandem.goal_ids,
                "upcoming_sessions": upcoming,
                "session_subject": env["mentoring.session"].default_get(["name"])[
                    "name"
                ],
                "past_sessions": sessions - upcoming,
                "pending_feedback": request.env["survey.user_input"]._mentoring_pending(
                    tandem, user.partner_id
                ),
                "notice": self._mentoring_notice(TANDEM_URL % tandem.id),
                "briefings": self._mentoring_briefings(tandem, role),
                "concerns": self._mentoring_concerns(tandem),
                "skills": self._mentoring_skill_values(tandem.sudo(False)),
                "certificate": bool(role) and tandem.phase == "done",
                "text_limits": forms.text_limits(request.env),
                "tz": tz,
                "local_date": lambda value: local(value).strftime("%Y-%m-%d"),
                "local_time": lambda value: local(value).strftime("%H:%M"),
                "notes_text": lambda session: (
                    # Without link footnotes, so that saving keeps the text as is.
                    html2plaintext(session.private_notes, include_references=False)
                    if session.private_notes
                    else ""
                ),
                "today": local(now).strftime("%Y-%m-%d"),
            }
        )
        return values

    def _mentoring_concerns(self, tandem):
        """The concerns the current user raised about `tandem`, as the user."""
        return request.env["mentoring.concern"].search(
            [("tandem_id", "=", tandem.id), ("user_id", "=", request.env.uid)]
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_mentoring_tandem(self, tandem_id, **kw):
        tandem = self._mentoring_tandem(tandem_id)
        return request.render(
            "reverse_mentoring.portal_my_mentoring_tandem",
            self._mentoring_tandem_values(tandem),
        )

    @http.route([PERSONAL_DATA_URL], type="http", auth="user")
    def portal_my_mentoring_personal_data(self, **kw):
        """The current user's own mentoring data, as a JSON file."""
        employees = request.env["hr.employee"]._mentoring_my_employees()
        if not employees:
            raise request.not_found()
        return self._mentoring_data_response(employees)

    @http.route(
        ["/mentoring/personal-data/<int:employee_id>"], type="http", auth="user"
    )
    def mentoring_personal_data(self, employee_id, **kw):
        """An employee's mentoring data for HR officers (the model decides)."""
        if not 0 < employee_id <= MAX_ID:
            raise request.not_found()
        employee = request.env["hr.employee"].browse(employee_id)
        try:
            return self._mentoring_data_response(employee)
        except (AccessError, MissingError):
            raise request.not_found() from None

    def _mentoring_data_response(self, employees):
        name, content = employees._mentoring_personal_data_file()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(name)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/certificate"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_mentoring_certificate(self, tandem_id, report_type="pdf", **kw):
        tandem = self._mentoring_tandem(tandem_id)
        # Checked at every request: a member of a done tandem who still takes
        # part in the program.
        if (
            tandem.phase != "done"
            or not self._mentoring_current_role(tandem)
            or report_type not in ("html", "pdf")
        ):
            raise request.not_found()
        return self._show_report(
            # sudo: as Odoo's portal reports, on the record checked above.
            model=tandem.sudo(),
            report_type=report_type,
            report_ref="reverse_mentoring.action_report_mentoring_certificate",
            download=report_type == "pdf",
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/briefing/<int:attachment_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_mentoring_briefing(self, tandem_id, attachment_id, **kw):
        """A briefing of the program, for a member who still takes part in the
        role it is for; checked at every request, with no token to keep."""
        tandem = self._mentoring_tandem(tandem_id)
        briefings = self._mentoring_briefings(
            tandem, self._mentoring_current_role(tandem)
        )
        attachment = briefings.filtered(lambda a: a.id == attachment_id)
        if not attachment:
            raise request.not_found()
        # sudo: one of the briefings of the user's own role, checked just
        # above; only coordinators open them otherwise.
        response = (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )
        # Never kept by a shared cache: whoever asks next is checked again.
        response.headers["Cache-Control"] = "private, no-store"
        return response

    # ------------------------------------------------------------------ skills

    def _mentoring_skill_values(self, tandem):
        """The skill ratings the member sees on their tandem's page.

        Read as the user: the ratings are the tandem's two people's alone.
        Each topic comes with the levels it is rated on (its skill's levels,
        lowest first, or none for the 0 to 100 scale), the member's own rating
        at the open moment and both people's ratings at every moment.
        """
        moment = tandem._assessment_moment()
        ratings = tandem.skill_assessment_ids
        topics = tandem._assessment_topics() | ratings.topic_id
        my_side = tandem.my_side
        rows = []
        for topic in topics:
            skill = topic._assessment_skill()
            mine = ratings.filtered(lambda a, t=topic: a.topic_id == t)
            rows.append(
                {
                    "topic": topic,
                    "levels": skill.skill_type_id.skill_level_ids.sorted(
                        "level_progress"
                    ),
                    "current": mine.filtered(
                        lambda a: a.moment == moment and a.side == my_side
                    ),
                    "ratings": {(a.moment, a.side): a for a in mine},
                    "open": topic in tandem._assessment_topics(),
                }
            )
        moment_field = request.env["mentoring.skill.assessment"]._fields["moment"]
        moments = dict(moment_field._description_selection(request.env))
        return {
            "moment": moment,
            "moment_label": moments.get(moment),
            "moments": moments,
            "rows": rows,
            # sudo: the name of a level of the topic's skill, which portal
            # users may not read.
            "label": lambda a: a.skill_level_id.sudo().name or f"{a.level} / 100",
            "missing": bool(moment) and tandem.skill_rating_missing,
            "may_write_back": my_side == "mentee"
            and any(
                a.moment == "closing" and a.side == "mentee" and a.skill_level_id
                for a in ratings
            ),
        }
