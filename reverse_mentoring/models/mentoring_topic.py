from odoo import fields, models


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
