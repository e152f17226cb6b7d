"""The employee portal: /my/mentoring for the two members of each tandem.

Portal users (mentors from other organisations) have no access to the
back-end models, and internal participants only through record rules. Every
page therefore first finds the tandem with a sudo search on its id *and* the
current user's membership; only after that check does the controller work on
the record with sudo. Anyone who is not a member gets the same "not found"
answer, whether the tandem exists or not.
"""

import math
from datetime import datetime

import pytz

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import format_datetime, html2plaintext, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.mentoring_tandem_stage import CLOSED_PHASES

# Where a notice waits for the next display of a page (post/redirect/get).
NOTICE_KEY = "reverse_mentoring_portal_notice"
LIST_URL = "/my/mentoring"
TANDEM_URL = "/my/mentoring/tandem/%s"
# The largest id PostgreSQL's integer columns hold.
MAX_ID = 2**31 - 1


class MentoringPortal(CustomerPortal):
    # ------------------------------------------------------------------ helpers

    def _mentoring_domain(self):
        """The tandems the current user is a member of."""
        uid = request.env.uid
        return ["|", ("mentor_user_id", "=", uid), ("mentee_user_id", "=", uid)]

    def _mentoring_tandems_sudo(self):
        # sudo: the domain keeps only the current user's own tandems; portal
        # users may not read the back-end models at all.
        return request.env["mentoring.tandem"].sudo().search(self._mentoring_domain())

    def _mentoring_record_sudo(self, model, record_id, domain):
        """The record `record_id` of `model` if it matches `domain`, else nothing.

        sudo: callers pass a domain that keeps only what the user may reach.
        An id beyond PostgreSQL's integers matches nothing, like a missing one.
        """
        if not 0 < record_id <= MAX_ID:
            return request.env[model]
        return (
            request.env[model].sudo().search([("id", "=", record_id), *domain], limit=1)
        )

    def _mentoring_tandem_sudo(self, tandem_id):
        """The tandem `tandem_id` if the current user is a member of it.

        Raises "not found" otherwise, whether the tandem exists or not, so that
        nobody learns which tandems exist.
        """
        tandem = self._mentoring_record_sudo(
            "mentoring.tandem", tandem_id, self._mentoring_domain()
        )
        if not tandem:
            raise request.not_found()
        return tandem

    def _mentoring_tz(self, tandem):
        """The time zone in which the user reads and types times."""
        return request.env.user.tz or tandem.company_id.partner_id.tz or "UTC"

    def _mentoring_parse_start(self, tandem, date, time):
        """A date and a time typed in the user's time zone, as naive UTC.

        Refuses what cannot be read and starts in the past.
        """
        env = request.env
        text = f"{(date or '').strip()} {(time or '').strip()}"
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
                    "Give the start of the session as a date and a time, "
                    "for example 2025-03-14 and 09:30."
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

    def _mentoring_session_sudo(self, tandem, session_id):
        """The session `session_id` of this tandem; refuses any other id."""
        # The tandem's membership was checked; the session must be its own.
        session = self._mentoring_record_sudo(
            "mentoring.session", session_id, [("tandem_id", "=", tandem.id)]
        )
        if not session:
            raise UserError(
                request.env._("This session is not one of this tandem's sessions.")
            )
        return session

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
        return self._mentoring_notify(url, success, "success")

    # ------------------------------------------------------------------ home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mentoring_tandem_count" in counters:
            # sudo: counts only the current user's own tandems, and the programs
            # they may still enrol in, so that the card leads there too.
            programs = self._mentoring_open_programs_sudo()
            values["mentoring_tandem_count"] = request.env[
                "mentoring.tandem"
            ].sudo().search_count(self._mentoring_domain()) + len(
                programs - self._mentoring_enrolments_sudo(programs).program_id
            )
        return values

    def _mentoring_enrolments_sudo(self, programs):
        """The current user's own participations in `programs`."""
        return (
            request.env["mentoring.participant"]
            .sudo()
            .search(
                [("program_id", "in", programs.ids), ("user_id", "=", request.env.uid)]
            )
        )

    def _mentoring_check_open(self, tandem):
        if tandem.phase in CLOSED_PHASES:
            raise UserError(
                request.env._(
                    "This tandem is closed: its goals and sessions no longer change."
                )
            )

    # ------------------------------------------------------------------ pages

    @http.route(["/my/mentoring"], type="http", auth="user", website=True)
    def portal_my_mentoring(self, **kw):
        tandems = self._mentoring_tandems_sudo()
        user = request.env.user
        pending_count = dict.fromkeys(tandems.ids, 0)
        for answer in tandems._pending_feedback(user.partner_id):
            pending_count[answer.mentoring_tandem_id.id] += 1
        programs = self._mentoring_open_programs_sudo()
        all_topics = request.env["mentoring.topic"].sudo().search([])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mentoring",
                "tandems": tandems,
                "pending_count": pending_count,
                "tz_of": {tandem.id: self._mentoring_tz(tandem) for tandem in tandems},
                "open_programs": programs,
                "enrolments": self._mentoring_enrolments_sudo(programs),
                "topics_of": {
                    program.id: program.topic_ids or all_topics for program in programs
                },
                "notice": self._mentoring_notice(LIST_URL),
            }
        )
        return request.render("reverse_mentoring.portal_my_mentoring", values)

    def _mentoring_open_programs_sudo(self):
        """The programs the current user's employees may enrol in now."""
        employees = request.env.user.employee_ids
        if not employees:
            return request.env["mentoring.program"]
        today = fields.Date.context_today(request.env.user)
        # sudo: portal users may not read programs; the domain keeps only those
        # open for enrolment to the user's own companies (or to any company).
        return (
            request.env["mentoring.program"]
            .sudo()
            .search(
                [
                    ("state", "=", "enrollment"),
                    "|",
                    ("enrollment_deadline", "=", False),
                    ("enrollment_deadline", ">=", today),
                    "|",
                    ("company_id", "in", employees.company_id.ids),
                    ("allow_cross_company", "=", True),
                ]
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
            if role not in ("mentor", "mentee"):
                raise UserError(
                    request.env._("Choose whether you enrol as mentor or as mentee.")
                )
            topic_ids = set()
            for value in request.httprequest.form.getlist("topic_ids"):
                try:
                    topic_id = int(value)
                except ValueError:
                    continue
                if 0 < topic_id <= MAX_ID:
                    topic_ids.add(topic_id)
            program._self_enroll(
                role,
                request.env["mentoring.topic"].sudo().browse(topic_ids),
                (motivation or "").strip() or False,
            )

        return self._mentoring_apply(
            LIST_URL,
            change,
            request.env._(
                "Thank you: you are enrolled, and a coordinator will confirm it."
            ),
        )

    def _mentoring_tandem_values(self, tandem):
        user = request.env.user
        env = request.env
        is_mentor = tandem.mentor_user_id == user
        tz = self._mentoring_tz(tandem)
        zone = pytz.timezone(tz)
        now = fields.Datetime.now()
        sessions = tandem.session_ids
        upcoming = sessions.filtered(
            lambda s: s.state == "planned" and s.start >= now
        ).sorted("start")

        def local(value):
            return pytz.utc.localize(value).astimezone(zone)

        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mentoring_tandem",
                "tandem": tandem,
                "is_mentor": is_mentor,
                "me": tandem.mentor_id if is_mentor else tandem.mentee_id,
                "partner": tandem.mentee_id if is_mentor else tandem.mentor_id,
                "is_closed": tandem.phase in CLOSED_PHASES,
                "goals": tandem.goal_ids,
                "upcoming_sessions": upcoming,
                "past_sessions": sessions - upcoming,
                "pending_feedback": tandem._pending_feedback(user.partner_id),
                "notice": self._mentoring_notice(TANDEM_URL % tandem.id),
                "briefings": (
                    tandem.program_id.mentor_briefing_ids
                    if is_mentor
                    else tandem.program_id.mentee_briefing_ids
                ),
                "tz": tz,
                "format_dt": lambda value: format_datetime(
                    env, value, tz=tz, dt_format="medium"
                ),
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

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_mentoring_tandem(self, tandem_id, **kw):
        tandem = self._mentoring_tandem_sudo(tandem_id)
        return request.render(
            "reverse_mentoring.portal_my_mentoring_tandem",
            self._mentoring_tandem_values(tandem),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/certificate"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_mentoring_certificate(self, tandem_id, report_type="pdf", **kw):
        tandem = self._mentoring_tandem_sudo(tandem_id)
        if tandem.phase != "done" or report_type not in ("html", "pdf"):
            raise request.not_found()
        return self._show_report(
            model=tandem,
            report_type=report_type,
            report_ref="reverse_mentoring.action_report_mentoring_certificate",
            download=report_type == "pdf",
        )

    # ------------------------------------------------------------------ forms

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/goal/<int:goal_id>/done"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_goal_done(self, tandem_id, goal_id, **kw):
        tandem = self._mentoring_tandem_sudo(tandem_id)

        def change():
            self._mentoring_check_open(tandem)
            # The membership was checked; the goal must be the tandem's own.
            goal = self._mentoring_record_sudo(
                "mentoring.goal", goal_id, [("tandem_id", "=", tandem.id)]
            )
            if not goal:
                raise UserError(
                    request.env._("This goal is not one of this tandem's goals.")
                )
            goal.is_done = True

        return self._mentoring_apply(
            TANDEM_URL % tandem.id,
            change,
            request.env._("Well done: the goal is reached."),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/session/new"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_session_new(
        self, tandem_id, date=None, time=None, duration=None, location=None, **kw
    ):
        tandem = self._mentoring_tandem_sudo(tandem_id)

        def change():
            self._mentoring_check_open(tandem)
            start = self._mentoring_parse_start(tandem, date, time)
            hours = self._mentoring_parse_duration(duration)
            # sudo: the membership was checked; the models' own rules apply.
            request.env["mentoring.session"].sudo().create(
                {
                    "tandem_id": tandem.id,
                    "start": start,
                    "duration": hours,
                    "location": (location or "").strip() or False,
                }
            )

        return self._mentoring_apply(
            TANDEM_URL % tandem.id,
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
        tandem = self._mentoring_tandem_sudo(tandem_id)

        def change():
            self._mentoring_check_open(tandem)
            session = self._mentoring_session_sudo(tandem, session_id)
            session._check_movable()
            start = self._mentoring_parse_start(tandem, date, time)
            hours = self._mentoring_parse_duration(duration, default=session.duration)
            # The same path as the back end's Move: counts the move, tells the
            # chatter when and why, and moves the calendar event.
            session.with_context(
                mentoring_move_reason=(reason or "").strip() or False
            ).write({"start": start, "duration": hours})

        return self._mentoring_apply(
            TANDEM_URL % tandem.id,
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
        tandem = self._mentoring_tandem_sudo(tandem_id)

        def change():
            session = self._mentoring_session_sudo(tandem, session_id)
            text = (notes or "").strip()
            # The session's own check lets only the two members write the notes.
            session.private_notes = plaintext2html(text) if text else False

        return self._mentoring_apply(
            TANDEM_URL % tandem.id,
            change,
            request.env._("Your private notes are saved."),
        )
