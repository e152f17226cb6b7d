"""The portal side of the enrolment profile and of accepting a match.

A person fills in their profile (interests, communication style, meeting
format, times of day, languages, preferred partners) on /my/mentoring until
they are matched; a member of a tandem waiting for both answers sees who was
proposed (name, department, topics and interests: nothing HR-restricted) and
accepts or declines. Every change goes through the model's own checked
method, as the user.
"""

from odoo import http
from odoo.http import request

from ..models.mentoring_participant_profile import DAY_TIMES, MAX_WISHES
from .portal import LIST_URL, MAX_ID, TANDEM_URL
from .portal_forms import MentoringPortalForms


class MentoringAcceptancePortal(MentoringPortalForms):
    # ------------------------------------------------------------------ values

    def _mentoring_profiles(self):
        """The current user's own participations whose profile they may still edit."""
        participants = request.env["mentoring.participant"].search(
            [
                ("user_id", "=", request.env.uid),
                ("state", "in", ("draft", "confirmed")),
                ("program_id.state", "in", ("enrollment", "running")),
            ]
        )
        return participants.filtered(lambda p: not p.is_matched)

    def _mentoring_profile_values(self):
        env = request.env
        participant_model = env["mentoring.participant"]
        profiles = self._mentoring_profiles()
        return {
            "profiles": profiles,
            # sudo: the names of the people offered for wishes, who agreed to it.
            "wish_candidates": {p.id: p._wish_candidates() for p in profiles},
            "max_wishes": MAX_WISHES,
            "all_interests": env["mentoring.interest"].search([]),
            "all_languages": env["res.lang"]
            .with_context(active_test=False)
            .search([], order="name"),
            "styles": participant_model._fields[
                "communication_style"
            ]._description_selection(env),
            "formats": participant_model._fields[
                "meeting_format"
            ]._description_selection(env),
            "day_times": [
                (name, participant_model._fields[name]._description_string(env))
                for name in DAY_TIMES
            ],
        }

    def _mentoring_partner_card(self, tandem):
        """What a member waiting for their answer sees of the proposed partner."""
        # sudo: the partner's name, department, topics and interests, which a
        # member may not read; nothing HR-restricted.
        tandem = tandem.sudo()
        is_mentor = tandem.mentor_user_id == request.env.user
        partner = tandem.mentee_id if is_mentor else tandem.mentor_id
        side = "mentee" if is_mentor else "mentor"
        participation = tandem._participation(partner, side)
        return {
            "name": partner.name,
            "department": partner.department_id.name,
            "topics": participation.topic_ids.mapped("name"),
            "interests": participation.interest_ids.mapped("name"),
        }

    def _mentoring_tandem_values(self, tandem):
        values = super()._mentoring_tandem_values(tandem)
        awaits = tandem.awaits_acceptance
        values.update(
            {
                "awaits_acceptance": awaits,
                "my_match_accepted": tandem.my_match_accepted,
                "match_partner": awaits and self._mentoring_partner_card(tandem),
                "decline_limit": request.env["mentoring.declined.pair"]._text_limits[
                    "reason"
                ],
            }
        )
        return values

    @http.route()
    def portal_my_mentoring(self, **kw):
        response = super().portal_my_mentoring(**kw)
        response.qcontext.update(self._mentoring_profile_values())
        return response

    # ------------------------------------------------------------------ forms

    def _mentoring_ids(self, name):
        """The distinct ids a multiple choice `name` of the form sent."""
        ids = set()
        for value in request.httprequest.form.getlist(name):
            if (
                not (value.isascii() and value.isdigit())
                or not 0 < int(value) <= MAX_ID
            ):
                raise self._mentoring_form_error()
            ids.add(int(value))
        return sorted(ids)

    def _mentoring_choice(self, name, value, field):
        """A choice of the selection `field` of participations, or False."""
        text = self._mentoring_text(name, value)
        choices = dict(request.env["mentoring.participant"]._fields[field].selection)
        if text and text not in choices:
            raise self._mentoring_form_error()
        return text or False

    @http.route(
        ["/my/mentoring/participant/<int:participant_id>/profile"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_profile(self, participant_id, **kw):
        participant = self._mentoring_profiles().filtered(
            lambda p: p.id == participant_id
        )
        if not participant:
            raise request.not_found()

        def change():
            form = request.httprequest.form
            new = self._mentoring_text("new_interests", form.get("new_interests"))
            vals = {
                "interest_ids": request.env["mentoring.interest"]
                .browse(self._mentoring_ids("interest_ids"))
                .exists()
                .ids,
                "communication_style": self._mentoring_choice(
                    "communication_style",
                    form.get("communication_style"),
                    "communication_style",
                ),
                "meeting_format": self._mentoring_choice(
                    "meeting_format", form.get("meeting_format"), "meeting_format"
                ),
                "language_ids": request.env["res.lang"]
                .with_context(active_test=False)
                .browse(self._mentoring_ids("language_ids"))
                .exists()
                .ids,
                "visible_for_wishes": self._mentoring_flag(
                    "visible_for_wishes", form.get("visible_for_wishes")
                ),
                **{
                    name: self._mentoring_flag(name, form.get(name))
                    for name in DAY_TIMES
                },
            }
            if participant.program_id.state == "enrollment":
                vals["wish_participant_ids"] = self._mentoring_ids(
                    "wish_participant_ids"
                )
            participant._write_profile(
                vals, new_interests=[n for n in new.split(",") if n.strip()]
            )

        return self._mentoring_apply(
            LIST_URL, change, request.env._("Your profile is saved.")
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/match/accept"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_match_accept(self, tandem_id, **kw):
        return self._mentoring_tandem_change(
            tandem_id,
            lambda tandem: tandem.action_accept_match(),
            request.env._(
                "You accepted your match; once both of you have, the kick-off begins."
            ),
        )

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/match/decline"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_match_decline(self, tandem_id, reason=None, **kw):
        tandem = self._mentoring_tandem(tandem_id)

        def change():
            tandem.action_decline_match(self._mentoring_text("reason", reason))

        return self._mentoring_apply(
            TANDEM_URL % tandem.id,
            change,
            request.env._(
                "You declined the match: the next matching proposes you someone else."
            ),
        )
