from markupsafe import Markup

from odoo import fields, models


class MentoringTopicAgenda(models.Model):
    """One suggested session of a topic's short curriculum.

    Written for a leader who is new to the topic: what the session is about,
    what to prepare for it, and what to try until the next one. *Plan Sessions*
    gives each planned session the next of these (see mentoring.session).
    """

    _name = "mentoring.topic.agenda"
    _description = "Suggested Session of a Topic"
    _order = "topic_id, sequence, id"

    topic_id = fields.Many2one(
        "mentoring.topic", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True, translate=True)
    preparation = fields.Text(
        string="To Prepare",
        translate=True,
        help="What the two bring or do before the session.",
    )
    practice = fields.Text(
        string="To Try until Next Time",
        translate=True,
        help="What the leader tries on their own until the next session.",
    )

    def _agenda_html(self):
        """A session's agenda from this suggested session, in the user's language."""
        self.ensure_one()
        env = self.env
        parts = [Markup("<h4>%s</h4>") % self.name]
        for label, text in (
            (env._("To prepare"), self.preparation),
            (env._("To try until next time"), self.practice),
        ):
            if text:
                parts.append(
                    Markup("<p><strong>%s</strong><br/>%s</p>") % (label, text)
                )
        return Markup("").join(parts)
