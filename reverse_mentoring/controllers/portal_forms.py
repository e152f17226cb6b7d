"""The member's forms on the employee portal: every POST route of /my/mentoring.

Everything a member does with their tandem in the back end, they do here too:
write their own expectations, agree on the kick-off, set, edit, reach and
remove goals, plan, move and note sessions, mark one held, propose, confirm or
decline an early closure, choose to go on, ask the coordinators for a new
partner, raise a concern, rate their skills. Each form calls the model's own
action or write as the user; the models decide.

Forms take hostile input: each change runs in a savepoint, and whatever refuses
it (the reading of the form in `forms.py`, the models' rules on lengths and
characters, or the database) rolls it back whole and shows a message on the
page, never a server error.
"""

import logging

import psycopg2

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import plaintext2html

from . import forms
from .forms import MAX_ID
from .portal import LIST_URL, NOTICE_KEY, TANDEM_URL, MentoringPortal

_logger = logging.getLogger(__name__)


class MentoringPortalForms(MentoringPortal):
    # ------------------------------------------------------------------ helpers

    def _mentoring_notify(self, url, message, level):
        request.session[NOTICE_KEY] = {"url": url, "message": message, "level": level}
        return request.redirect(url)

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
        """The form field `name` as text (see `forms.text`)."""
        return forms.text(
            request.env,
            value,
            repeated=len(request.httprequest.values.getlist(name)) > 1,
            required=required,
        )

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

    def _mentoring_goal(self, tandem, goal_id):
        return self._mentoring_part(
            "mentoring.goal",
            tandem,
            goal_id,
            request.env._("This goal is not one of this tandem's goals."),
        )

    def _mentoring_session(self, tandem, session_id):
        return self._mentoring_part(
            "mentoring.session",
            tandem,
            session_id,
            request.env._("This session is not one of this tandem's sessions."),
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
            topic_id = forms.record_id(
                env, self._mentoring_text("topic_id", form.get("topic_id"))
            )
            values["topic_id"] = topic_id or False
        if form.get("date_deadline") is not None:
            values["date_deadline"] = forms.date(
                env, self._mentoring_text("date_deadline", form.get("date_deadline"))
            )
        if form.get("description") is not None:
            text = self._mentoring_text("description", form.get("description"))
            values["description"] = text or False
        return values

    def _mentoring_start(self, tandem, date, time):
        """The start typed in a session form, in the user's time zone for `tandem`."""
        return forms.session_start(
            request.env,
            self._mentoring_text("date", date),
            self._mentoring_text("time", time),
            self._mentoring_tz(tandem),
            fields.Datetime.now(),
        )

    def _mentoring_tandem_change(self, tandem_id, change, success):
        """Run `change(tandem)` on the user's own tandem; the page tells how it went."""
        tandem = self._mentoring_tandem(tandem_id)
        return self._mentoring_apply(
            TANDEM_URL % tandem.id, lambda: change(tandem), success
        )

    # ------------------------------------------------------------------ enrolment

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
            topic_ids = forms.checked_ids(request.httprequest.form.getlist("topic_ids"))
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

    # ------------------------------------------------------------------ goals, sessions

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
            start = self._mentoring_start(tandem, date, time)
            hours = forms.duration(
                request.env, self._mentoring_text("duration", duration)
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
            start = self._mentoring_start(tandem, date, time)
            hours = forms.duration(
                request.env,
                self._mentoring_text("duration", duration),
                default=session.duration,
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
                raise forms.form_error(request.env)
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
                raise forms.form_error(request.env)
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
            share = forms.flag(self._mentoring_text("share_reason", share_reason))
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
                ratings[topic.id] = forms.whole_number(request.env, text)
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
