from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentoringGoal(models.Model):
    _name = "mentoring.goal"
    _inherit = ["mentoring.tandem.part.mixin"]
    _description = "Learning Goal"
    _text_limits = {"name": 200, "description": 5000}
    _order = "is_done, date_deadline, sequence, id"

    name = fields.Char(string="Goal", required=True)
    description = fields.Text()
    sequence = fields.Integer(default=10)
    topic_id = fields.Many2one("mentoring.topic", string="Topic")
    date_deadline = fields.Date(string="Deadline")
    is_done = fields.Boolean(string="Reached")
    date_done = fields.Date(
        string="Reached On",
        compute="_compute_date_done",
        store=True,
        readonly=False,
        copy=False,
    )

    @api.onchange("topic_id")
    def _onchange_topic_id(self):
        """A goal created from a topic takes its name and its time box."""
        if self.topic_id and not self.name:
            self.name = self.topic_id.name
        if self.topic_id.time_box_days and not self.date_deadline:
            self.date_deadline = fields.Date.context_today(self) + timedelta(
                days=self.topic_id.time_box_days
            )

    @api.depends("is_done")
    def _compute_date_done(self):
        for goal in self:
            if not goal.is_done:
                goal.date_done = False
            elif not goal.date_done:
                goal.date_done = fields.Date.context_today(goal)

    @api.constrains("topic_id", "tandem_id")
    def _check_topic_of_the_program(self):
        for goal in self.filtered("topic_id"):
            program = goal.tandem_id.program_id
            if program.topic_ids and goal.topic_id not in program.topic_ids:
                raise ValidationError(
                    self.env._(
                        "The topic %(topic)s is not one of the program %(program)s.",
                        topic=goal.topic_id.name,
                        program=program.name,
                    )
                )

    @api.constrains("date_deadline", "tandem_id")
    def _check_deadline_in_program_window(self):
        for goal in self.filtered("date_deadline"):
            program = goal.tandem_id.program_id
            if not program.date_start <= goal.date_deadline <= program.date_end:
                raise ValidationError(
                    self.env._(
                        "The deadline of the goal %(goal)s must lie within the program %(program)s (%(start)s to %(end)s).",  # noqa: E501
                        goal=goal.name,
                        program=program.name,
                        start=program.date_start,
                        end=program.date_end,
                    )
                )
