from odoo import api, fields, models
from odoo.exceptions import AccessError

from .mentoring_session import MentoringSession


class MentoringSessionAgenda(models.Model):
    """A session's agenda, from the curriculum of its tandem's topics.

    *Plan Sessions* gives each session it plans the next suggested session of
    the tandem's topics that no earlier session of the tandem had; the two
    members then edit the agenda freely. Coordinators of the program read it;
    it reaches the calendar event's description, which Calendar shows to the
    event's attendees only (the event is private).
    """

    _inherit = "mentoring.session"
    _system_fields = MentoringSession._system_fields + ("agenda_item_id",)
    _text_limits = {**MentoringSession._text_limits, "agenda": 20_000}

    agenda = fields.Html(
        sanitize=True,
        help="What the two plan to do in this session; the two members edit it.",
    )
    agenda_item_id = fields.Many2one(
        "mentoring.topic.agenda",
        string="Suggested Session",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The suggested session of a topic this session's agenda came from.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            tandems = self.env["mentoring.tandem"].browse(
                {vals.get("tandem_id") for vals in vals_list if vals.get("agenda")}
            )
            # sudo: who the tandem's members are, to refuse anyone else.
            for tandem in tandems.sudo():
                if self.env.user not in tandem.mentor_user_id | tandem.mentee_user_id:
                    self._refuse_agenda()
        return super().create(vals_list)

    def write(self, vals):
        if "agenda" in vals and not self.env.su and not all(self.mapped("is_member")):
            self._refuse_agenda()
        return super().write(vals)

    def _refuse_agenda(self):
        raise AccessError(
            self.env._(
                "Only the mentor and the mentee can write the agenda of a session."
            )
        )

    def _give_agendas(self):
        """Give these sessions, by start, the next suggested sessions of their tandems.

        Next: the suggested sessions of the tandem's topics (in the topics'
        order, each topic's in its own) that no other session of the tandem
        had, cancelled ones included; a session the topics have no more
        suggestions for keeps its agenda.
        """
        for tandem in self.tandem_id:
            sessions = self.filtered(lambda s, t=tandem: s.tandem_id == t).sorted(
                "start"
            )
            used = (tandem.session_ids - sessions).agenda_item_id
            items = self.env["mentoring.topic.agenda"].concat(
                *(topic.agenda_ids for topic in tandem._assessment_topics().sorted())
            )
            for session, item in zip(sessions, items - used, strict=False):
                # sudo: the addon fills the agenda of a session just planned
                # (by a member or a coordinator) and keeps which suggestion it was.
                session.sudo().write(
                    {"agenda": item._agenda_html(), "agenda_item_id": item.id}
                )
