"""The employee portal: /my/mentoring for the two members of each tandem.

The controllers follow Odoo's portal pattern: `_document_check_access` checks
that the current user may read the tandem (record rules give its two members,
internal or portal users, their tandems, goals and sessions), and every change
is made as the user, so that the models' own rules decide. Anyone who is not a
member gets the same "not found" answer, whether the tandem exists or not.
Pages are rendered from the checked tandem in sudo, for the names of the people
and the program, which portal users may not read.

Everything a member does with their tandem in the back end, they do here too:
write their own expectations, agree on the kick-off, set, edit, reach and
remove goals, mark a session held, propose, confirm or decline an early
closure, choose to go on, ask the coordinators for a new partner. Each form
calls the model's own action or write as the user; the models decide.

Briefings and certificates are downloaded through routes of this portal, which
check at every request that the user still takes part: no link keeps working
after someone leaves the program.

Forms take hostile input: each change runs in a savepoint, and whatever refuses
it (the portal's own checks, the models' rules on lengths and characters, or the
database) rolls it back whole and shows a message on the page, never a server
error.
"""

import logging
import math
from datetime import datetime

import psycopg2
import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import html2plaintext, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.mentoring_session import MOVE_REASON_LIMIT
from ..models.mentoring_tandem_stage import CLOSED_PHASES

# Where a notice waits for the next display of a page (post/redirect/get).
NOTICE_KEY = "reverse_mentoring_portal_notice"
LIST_URL = "/my/mentoring"
TANDEM_URL = "/my/mentoring/tandem/%s"
PERSONAL_DATA_URL = "/my/mentoring/personal-data"
# The largest id PostgreSQL's integer columns hold.
MAX_ID = 2**31 - 1

_logger = logging.getLogger(__name__)


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
        if (
            request.env.user
            not in tandem_sudo.mentor_user_id | tandem_sudo.mentee_user_id
        ):
            raise request.not_found()
        return request.env["mentoring.tandem"].browse(tandem_id)

    def _mentoring_part(self, model, tandem, record_id, message):
        """The goal or session `record_id` of `tandem`, as the user; refuses others."""
        record = request.env[model]
        if 0 < record_id <= MAX_ID:
            record = record.search(
                [("id", "=", record_id), ("tandem_id", "=", tandem.id)], limit=1
            )
        if not record:
            raise UserError(message)
        return record

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

    def _mentoring_parse_start(self, tandem, date, time):
        """A date and a time typed in the user's time zone, as naive UTC.

        Refuses what cannot be read and starts in the past.
        """
        env = request.env
        text = f"{date} {time}"
        local = None
        for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
            try:
                local = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        if local is None:
            raise UserError(
                env._(
                    "Give the start of the session as a date and a time, for example 2025-03-14 and 09:30."  # noqa: E501
                )
            )
        try:
            start = (
                pytz.timezone(self._mentoring_tz(tandem))
                .localize(local)
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )
        except (OverflowError, ValueError) as error:
            raise UserError(env._("This date cannot be used for a session.")) from error
        if start < fields.Datetime.now():
            raise UserError(
                env._("A session cannot start in the past: pick a later date and time.")
            )
        return start

    def _mentoring_parse_duration(self, duration, default=None):
        """A duration in hours; the session's own rules refuse what is not positive."""
        env = request.env
        if duration in (None, "") and default is not None:
            return default
        try:
            hours = float(duration)
        except (TypeError, ValueError):
            hours = None
        if hours is None or not math.isfinite(hours):
            raise UserError(
                env._("Give the duration of the session in hours, for example 1.5.")
            )
        return hours

    def _mentoring_session(self, tandem, session_id):
        return self._mentoring_part(
            "mentoring.session",
            tandem,
            session_id,
            request.env._("This session is not one of this tandem's sessions."),
        )

    def _mentoring_notify(self, url, message, level):
        request.session[NOTICE_KEY] = {"url": url, "message": message, "level": level}
        return request.redirect(url)

    def _mentoring_notice(self, url):
        """The notice waiting for the page `url`, shown once."""
        notice = request.session.get(NOTICE_KEY)
        if notice and notice.get("url") == url:
            request.session.pop(NOTICE_KEY)
            return notice
        return None

    def _mentoring_apply(self, url, change, success):
        """Run `change()` inside a savepoint; tell the user how it went on `url`.

        The models refuse with their own, translated messages (ValidationError,
        UserError, AccessError are all UserErrors): the change is rolled back
        and the message shown on the tandem's page.
        """
        try:
            with request.env.cr.savepoint():
                change()
        except UserError as error:
            return self._mentoring_notify(url, error.args[0], "danger")
        except OverflowError:
            return self._mentoring_notify(
                url,
                request.env._("This date or duration cannot be used for a session."),
                "danger",
            )
        except (ValueError, psycopg2.DataError, psycopg2.IntegrityError) as error:
            # What the checks did not foresee, such as a value the database
            # refuses: rolled back like a refusal, never a server error.
            _logger.info("Portal change on %s refused: %s", url, error)
            return self._mentoring_notify(
                url,
                request.env._(
                    "This could not be saved: check what you typed and try again."
                ),
                "danger",
            )
        return self._mentoring_notify(url, success, "success")

    def _mentoring_text(self, name, value, required=False):
        """The form field `name` as text without surrounding blanks.

        An absent field reads as empty, unless `required`. Refuses what no form
        of the portal sends: a file or several values, and NUL characters, which
        the database cannot store (in any field, the reason of a move included).
        The models refuse texts longer than they take.
        """
        env = request.env
        if value is None and not required:
            return ""
        if (
            not isinstance(value, str)
            or len(request.httprequest.values.getlist(name)) > 1
        ):
            raise UserError(
                env._(
                    "The form was sent with values it does not take: reload the page and try again."  # noqa: E501
                )
            )
        if "\x00" in value:
            raise UserError(
                env._(
                    "The text contains a NUL character, which cannot be stored: remove it and try again."  # noqa: E501
                )
            )
        return value.strip()

    def _mentoring_text_limits(self):
        """The most characters the forms' free texts take (the models' limits),
        so that browsers stop there already."""
        env = request.env
        tandem_limits = env["mentoring.tandem"]._text_limits
        goal_limits = env["mentoring.goal"]._text_limits
        return {
            "location": env["mentoring.session"]._text_limits["location"],
            "session_name": env["mentoring.session"]._text_limits["name"],
            "motivation": env["mentoring.participant"]._text_limits["motivation"],
            "reason": MOVE_REASON_LIMIT,
            "expectations": tandem_limits.get("mentor_expectations"),
            "closure_reason": tandem_limits.get("closure_reason"),
            "goal_name": goal_limits.get("name"),
            "goal_description": goal_limits.get("description"),
            "concern": env["mentoring.concern"]._text_limits["description"],
        }

    def _mentoring_form_error(self):
        return UserError(
            request.env._(
                "The form was sent with values it does not take: reload the page and try again."  # noqa: E501
            )
        )

    def _mentoring_record_id(self, name, value):
        """The id typed in the form field `name`, or None when left empty.

        Only parses: whether the record may be used is for the model to say.
        """
        text = self._mentoring_text(name, value)
        if not text:
            return None
        if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
            raise self._mentoring_form_error()
        return int(text)

    def _mentoring_date(self, name, value):
        """The date typed in the form field `name` (YYYY-MM-DD), or False."""
        text = self._mentoring_text(name, value)
        if not text:
            return False
        try:
            return datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError as error:
            raise UserError(
                request.env._("Give the deadline as a date, for example 2025-03-14.")
            ) from error

    def _mentoring_flag(self, name, value):
        """A checkbox: ticked when sent (once), else not."""
        return bool(self._mentoring_text(name, value))

    def _mentoring_goal(self, tandem, goal_id):
        return self._mentoring_part(
            "mentoring.goal",
            tandem,
            goal_id,
            request.env._("This goal is not one of this tandem's goals."),
        )

    def _mentoring_goal_values(self, form, creating):
        """The values of a goal form; fields the form did not send stay as they are.

        The goal's own rules decide the rest (name required, deadline inside the
        program, lengths, the tandem still open).
        """
        env = request.env
        values = {}
        if creating or form.get("name") is not None:
            name = self._mentoring_text("name", form.get("name"), required=True)
            if not name:
                raise UserError(env._("Give the learning goal a name."))
            values["name"] = name
        if form.get("topic_id") is not None:
            topic_id = self._mentoring_record_id("topic_id", form.get("topic_id"))
            values["topic_id"] = topic_id or False
        if form.get("date_deadline") is not None:
            values["date_deadline"] = self._mentoring_date(
                "date_deadline", form.get("date_deadline")
            )
        if form.get("description") is not None:
            text = self._mentoring_text("description", form.get("description"))
            values["description"] = text or False
        return values

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
        role = "mentor" if tandem.mentor_user_id == request.env.user else "mentee"
        employee = tandem.mentor_id if role == "mentor" else tandem.mentee_id
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
                "text_limits": self._mentoring_text_limits(),
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

    @http.route(
        ["/my/mentoring/program/<int:program_id>/enroll"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_enroll(self, program_id, role=None, motivation=None, **kw):
        program = self._mentoring_open_programs_sudo().filtered(
            lambda p: p.id == program_id
        )
        if not program:
            raise request.not_found()

        def change():
            role_typed = self._mentoring_text("role", role)
            text = self._mentoring_text("motivation", motivation)
            topic_ids = set()
            for value in request.httprequest.form.getlist("topic_ids"):
                try:
                    topic_id = int(value)
                except ValueError:
                    continue
                if 0 < topic_id <= MAX_ID:
                    topic_ids.add(topic_id)
            request.env["mentoring.participant"]._self_enroll(
                program,
                role_typed,
                request.env["mentoring.topic"].browse(topic_ids).exists(),
                text or False,
            )

        return self._mentoring_apply(
            LIST_URL,
            change,
            request.env._(
                "Thank you: you are enrolled, and a coordinator will confirm it."
            ),
        )

    @http.route(
        ["/my/mentoring/program/<int:program_id>/reenroll"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_reenroll(self, program_id, **kw):
        """A mentor of an earlier round enrols in this one again, in one click."""
        program = self._mentoring_open_programs_sudo().filtered(
            lambda p: p.id == program_id
        )
        if not program:
            raise request.not_found()
        return self._mentoring_apply(
            LIST_URL,
            lambda: request.env["mentoring.participant"]._reenroll_as_mentor(program),
            request.env._(
                "Thank you: you are enrolled as a mentor again, with your topics and capacity, and a coordinator will confirm it."  # noqa: E501
            ),
        )

    def _mentoring_tandem_values(self, tandem):
        # sudo: to show the names of the people and the program of a tandem
        # the user was allowed to read, which portal users may not read.
        tandem = tandem.sudo()
        user = request.env.user
        env = request.env
        is_mentor = tandem.mentor_user_id == user
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

        my_side = "mentor" if is_mentor else "mentee"
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
                "me": tandem.mentor_id if is_mentor else tandem.mentee_id,
                "partner": tandem.mentee_id if is_mentor else tandem.mentor_id,
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
                "text_limits": self._mentoring_text_limits(),
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

    # ------------------------------------------------------------------ forms

    def _mentoring_tandem_change(self, tandem_id, change, success):
        """Run `change(tandem)` on the user's own tandem; the page tells how it went."""
        tandem = self._mentoring_tandem(tandem_id)
        return self._mentoring_apply(
            TANDEM_URL % tandem.id, lambda: change(tandem), success
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/goal/<int:goal_id>/done"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_goal_done(self, tandem_id, goal_id, **kw):
        def change(tandem):
            self._mentoring_goal(tandem, goal_id).is_done = True

        return self._mentoring_tandem_change(
            tandem_id, change, request.env._("Well done: the goal is reached.")
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/session/new"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_session_new(
        self,
        tandem_id,
        name=None,
        date=None,
        time=None,
        duration=None,
        location=None,
        **kw,
    ):
        def change(tandem):
            subject = self._mentoring_text("name", name)
            place = self._mentoring_text("location", location)
            start = self._mentoring_parse_start(
                tandem,
                self._mentoring_text("date", date),
                self._mentoring_text("time", time),
            )
            hours = self._mentoring_parse_duration(
                self._mentoring_text("duration", duration)
            )
            request.env["mentoring.session"].create(
                {
                    "tandem_id": tandem.id,
                    "start": start,
                    "duration": hours,
                    "location": place or False,
                    # Left empty, the model's default subject, in the page's language.
                    **({"name": subject} if subject else {}),
                }
            )

        return self._mentoring_tandem_change(
            tandem_id,
            change,
            request.env._(
                "The session is planned; both of you get a calendar invitation."
            ),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/session/<int:session_id>/move"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_session_move(
        self,
        tandem_id,
        session_id,
        date=None,
        time=None,
        duration=None,
        reason=None,
        **kw,
    ):
        def change(tandem):
            session = self._mentoring_session(tandem, session_id)
            session._check_movable()
            why = self._mentoring_text("reason", reason)
            start = self._mentoring_parse_start(
                tandem,
                self._mentoring_text("date", date),
                self._mentoring_text("time", time),
            )
            hours = self._mentoring_parse_duration(
                self._mentoring_text("duration", duration), default=session.duration
            )
            # The same path as the back end's Move: counts the move, tells the
            # chatter when and why, and moves the calendar event.
            session.with_context(mentoring_move_reason=why or False).write(
                {"start": start, "duration": hours}
            )

        return self._mentoring_tandem_change(
            tandem_id,
            change,
            request.env._("The session is moved; the calendar invitation follows."),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/session/<int:session_id>/notes"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_session_notes(self, tandem_id, session_id, notes=None, **kw):
        def change(tandem):
            session = self._mentoring_session(tandem, session_id)
            # Required: a form without the field must not erase the notes.
            text = self._mentoring_text("notes", notes, required=True)
            # The session's own check lets only the two members write the notes.
            session.private_notes = plaintext2html(text) if text else False

        return self._mentoring_tandem_change(
            tandem_id, change, request.env._("Your private notes are saved.")
        )

    # ------------------------------------------------------------------ a tandem's life
    #
    # What the two members do with their tandem in the back end, they do here:
    # each form calls the model's own action as the user, and the models decide
    # who may do what and when (their own side only, the tandem still open...).

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/expectations"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_expectations(
        self, tandem_id, expectations=None, side=None, **kw
    ):
        def change(tandem):
            # Required: a form without the field must not erase the text.
            text = self._mentoring_text("expectations", expectations, required=True)
            # The form names the side it shows, the user's own: the tandem
            # refuses anyone writing the other side.
            which = self._mentoring_text("side", side) or tandem.my_side
            if which not in ("mentor", "mentee"):
                raise self._mentoring_form_error()
            tandem[f"{which}_expectations"] = text or False

        return self._mentoring_tandem_change(
            tandem_id, change, request.env._("Your expectations are saved.")
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/kickoff/agree"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_kickoff_agree(self, tandem_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: tandem.action_agree_kickoff(),
            request.env._(
                "You agreed on the kick-off; once both of you have, the tandem is active."  # noqa: E501
            ),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/goal/new"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_goal_new(self, tandem_id, **kw):
        def change(tandem):
            values = self._mentoring_goal_values(kw, creating=True)
            request.env["mentoring.goal"].create({**values, "tandem_id": tandem.id})

        return self._mentoring_tandem_change(
            tandem_id, change, request.env._("The learning goal is added.")
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/goal/<int:goal_id>/edit"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_goal_edit(self, tandem_id, goal_id, **kw):
        def change(tandem):
            goal = self._mentoring_goal(tandem, goal_id)
            values = self._mentoring_goal_values(kw, creating=False)
            if not values:
                raise self._mentoring_form_error()
            goal.write(values)

        return self._mentoring_tandem_change(
            tandem_id, change, request.env._("The learning goal is saved.")
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/goal/<int:goal_id>/remove"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_goal_remove(self, tandem_id, goal_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: self._mentoring_goal(tandem, goal_id).unlink(),
            request.env._("The learning goal is removed."),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/session/<int:session_id>/done"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_session_done(self, tandem_id, session_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: self._mentoring_session(tandem, session_id).action_done(),
            request.env._("The session is marked as held. Thank you!"),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/closure/propose"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_closure_propose(self, tandem_id, reason=None, **kw):
        def change(tandem):
            why = self._mentoring_text("reason", reason, required=True)
            tandem.action_propose_early_closure(why)

        return self._mentoring_tandem_change(
            tandem_id,
            change,
            request.env._(
                "Your proposal to close early is sent; your tandem partner confirms or declines it."  # noqa: E501
            ),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/closure/agree"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_closure_agree(self, tandem_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: tandem.action_agree_early_closure(),
            request.env._(
                "The tandem is closed early. Please answer the final evaluation."
            ),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/closure/decline"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_closure_decline(self, tandem_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: tandem.action_decline_early_closure(),
            request.env._("You declined to close early: the tandem goes on."),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/continue"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_continue(self, tandem_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: tandem.action_agree_continue(),
            request.env._(
                "You chose to go on; once both of you have, the tandem continues."
            ),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/new_partner"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_new_partner(
        self, tandem_id, reason=None, share_reason=None, **kw
    ):
        def change(tandem):
            why = self._mentoring_text("reason", reason)
            share = self._mentoring_flag("share_reason", share_reason)
            tandem.action_request_new_partner(reason=why or False, share_reason=share)

        return self._mentoring_tandem_change(
            tandem_id,
            change,
            request.env._(
                "Your request is sent to the coordinators only; your tandem partner is not told."  # noqa: E501
            ),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/concern"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_concern(self, tandem_id, description=None, **kw):
        def change(tandem):
            text = self._mentoring_text("description", description, required=True)
            request.env["mentoring.concern"].create(
                {"tandem_id": tandem.id, "description": text}
            )

        return self._mentoring_tandem_change(
            tandem_id,
            change,
            request.env._(
                "Your concern is sent to the coordinators of the program only; your tandem partner is not told."  # noqa: E501
            ),
        )

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

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/skills"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_skills(self, tandem_id, **kw):
        def change(tandem):
            ratings = {}
            for topic in tandem._assessment_topics():
                name = f"topic_{topic.id}"
                text = self._mentoring_text(name, kw.get(name))
                if not text:
                    continue
                if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
                    raise self._mentoring_form_error()
                ratings[topic.id] = int(text)
            if not ratings:
                raise UserError(request.env._("Choose a level for at least one topic."))
            tandem.action_rate_skills(ratings)

        return self._mentoring_tandem_change(
            tandem_id, change, request.env._("Your ratings are saved.")
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/skills/write_back"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_skills_write_back(self, tandem_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: tandem.action_write_back_skills(),
            request.env._("Your levels at the end are in your skills now."),
        )
