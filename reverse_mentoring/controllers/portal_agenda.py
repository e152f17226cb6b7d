"""The agenda of a session on the portal, written by the tandem's two members."""

from odoo import http
from odoo.http import request
from odoo.tools import html2plaintext, plaintext2html

from .portal_forms import MentoringPortalForms


class MentoringAgendaPortal(MentoringPortalForms):
    def _mentoring_tandem_values(self, tandem):
        values = super()._mentoring_tandem_values(tandem)
        values["agenda_text"] = lambda session: (
            # Without link footnotes, so that saving keeps the text as is.
            html2plaintext(session.agenda, include_references=False)
            if session.agenda
            else ""
        )
        return values

    @http.route(
        ["/my/mentoring/tandem/<int:tandem_id>/session/<int:session_id>/agenda"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_mentoring_session_agenda(self, tandem_id, session_id, agenda=None, **kw):
        def change(tandem):
            session = self._mentoring_session(tandem, session_id)
            # Required: a form without the field must not erase the agenda.
            text = self._mentoring_text("agenda", agenda, required=True)
            # The session's own check lets only the two members write it.
            session.agenda = plaintext2html(text) if text else False

        return self._mentoring_tandem_change(
            tandem_id, change, request.env._("The agenda is saved.")
        )
