from odoo import api, fields, models


class MentoringTopic(models.Model):
    _name = "mentoring.topic"
    _description = "Mentoring Topic"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    time_box_days = fields.Integer(
        string="Time Box (days)",
        help="How long a tandem usually needs for this topic, "
        "e.g. 14 for using Instagram and LinkedIn confidently.",
    )
    agenda_ids = fields.One2many(
        "mentoring.topic.agenda",
        "topic_id",
        string="Suggested Sessions",
        help="A short curriculum: the sessions Plan Sessions suggests, in order.",
    )
    skill_ids = fields.Many2many(
        "hr.skill",
        string="Skills",
        help="Digital competences from the employees' skills "
        "that show someone can teach this topic.",
    )

    _sql_constraints = [
        (
            "time_box_days_positive",
            "CHECK(time_box_days >= 0)",
            "The time box of a topic cannot be negative.",
        ),
    ]

    def _assessment_skill(self):
        """The skill whose levels rate this topic (one or none): its first one."""
        # sudo: the levels to rate on, for members who may not read skills.
        return self.sudo().skill_ids[:1]

    @api.model
    def _link_shipped_skills(self, links):
        """Give each shipped topic that has no skill its shipped skill.

        `links` maps topics' full xml ids to skills' full xml ids. Run with the data of
        every install and update, so that a database whose topics came before
        the skills gets them too; a topic the administrators linked to other
        skills keeps them.
        """
        for topic_xmlid, skill_xmlid in links.items():
            topic = self.env.ref(topic_xmlid, raise_if_not_found=False)
            skill = self.env.ref(skill_xmlid, raise_if_not_found=False)
            if topic and skill and not topic.skill_ids:
                topic.skill_ids = [fields.Command.link(skill.id)]
