from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .mentoring_participant import ROLES

MOMENTS = [
    ("kickoff", "Kick-off"),
    ("closing", "End"),
    ("follow_up", "Follow-up"),
]
# On the plain 0-100 scale of a topic without a skill, "one level" is this
# many points: a fifth of the scale, as one of the five shipped skill levels.
PLAIN_LEVEL_STEP = 20


def improved_by_a_level(progresses, before, after):
    """Whether `after` is at least one level above `before`.

    `progresses` are the level progresses (0-100) of the topic's skill type:
    one level up means reaching a level above `before`. Without levels (a topic
    without a skill, rated on the plain scale) it means `PLAIN_LEVEL_STEP`
    points more.
    """
    if progresses:
        return any(before < progress <= after for progress in progresses)
    return after - before >= PLAIN_LEVEL_STEP


class MentoringSkillAssessment(models.Model):
    """A person's rating of the mentee's level in a topic, at one moment.

    The mentee rates their own level; the mentor may add their view of it.
    Read by the tandem's two people only (global rules of security.xml),
    written by its respondent only, while its moment is open. Coordinators
    see the program's averages, never a rating.
    """

    _name = "mentoring.skill.assessment"
    _inherit = ["mentoring.guard.mixin"]
    _description = "Skill Assessment"
    _order = "tandem_id, moment, topic_id, side desc, id"
    _fixed_fields = ("tandem_id", "topic_id", "moment", "employee_id", "side")

    tandem_id = fields.Many2one(
        "mentoring.tandem",
        string="Tandem",
        required=True,
        index=True,
        ondelete="cascade",
    )
    program_id = fields.Many2one(related="tandem_id.program_id", store=True, index=True)
    topic_id = fields.Many2one(
        "mentoring.topic", string="Topic", required=True, ondelete="restrict"
    )
    moment = fields.Selection(MOMENTS, required=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee",
        string="Respondent",
        required=True,
        index=True,
        ondelete="cascade",
    )
    side = fields.Selection(
        ROLES,
        string="Rated by",
        required=True,
        help="Mentee: the mentee's own rating; mentor: the mentor's view of the "
        "mentee's level.",
    )
    skill_id = fields.Many2one(
        "hr.skill", compute="_compute_skill_id", string="Skill", compute_sudo=True
    )
    skill_type_id = fields.Many2one(
        "hr.skill.type", compute="_compute_skill_id", compute_sudo=True
    )
    skill_level_id = fields.Many2one(
        "hr.skill.level",
        string="Skill Level",
        ondelete="restrict",
        domain="[('skill_type_id', '=', skill_type_id)]",
        help="The level on the topic's skill; it gives the level from 0 to 100.",
    )
    level = fields.Integer(
        aggregator=False,
        help="From 0 (new to it) to 100 (masters it): the progress of the chosen "
        "skill level, or the level given on that scale for a topic without a skill.",
    )

    _sql_constraints = [
        (
            "respondent_uniq",
            "UNIQUE(tandem_id, topic_id, moment, employee_id)",
            "Each person rates a topic once per moment of a tandem.",
        ),
        (
            "level_range",
            "CHECK(level >= 0 AND level <= 100)",
            "A level lies between 0 and 100.",
        ),
    ]

    @api.depends("topic_id")
    def _compute_skill_id(self):
        for assessment in self:
            skill = assessment.topic_id._assessment_skill()
            assessment.skill_id = skill
            assessment.skill_type_id = skill.skill_type_id

    @api.constrains("skill_level_id", "topic_id")
    def _check_skill_level(self):
        # sudo: the check reads the topic's skill type, which portal users
        # (mentors of partner organisations) may not read.
        for assessment in self.sudo():
            skill_type = assessment.topic_id._assessment_skill().skill_type_id
            if assessment.skill_level_id.skill_type_id != skill_type:
                raise ValidationError(
                    self.env._(
                        "Rate %(topic)s on the levels of its skill.",
                        topic=assessment.topic_id.name,
                    )
                    if skill_type
                    else self.env._(
                        "%(topic)s has no skill: rate it from 0 to 100.",
                        topic=assessment.topic_id.name,
                    )
                )

    @api.model
    def _level_values(self, vals):
        """The level follows the chosen skill level, never the client."""
        if vals.get("skill_level_id"):
            # sudo: the progress of a level of the topic's skill (checked by
            # _check_skill_level), which portal users may not read.
            level = self.env["hr.skill.level"].sudo().browse(vals["skill_level_id"])
            if "level" in vals and vals["level"] != level.level_progress:
                raise ValidationError(
                    self.env._("The level is the progress of the chosen skill level.")
                )
            vals["level"] = level.level_progress
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            vals_list = [self._own_values(dict(vals)) for vals in vals_list]
        return super().create([self._level_values(vals) for vals in vals_list])

    @api.model
    def _own_values(self, vals):
        """What a member's new rating carries: their own side, the open moment."""
        tandem = self.env["mentoring.tandem"].browse(vals.get("tandem_id"))
        tandem.check_access("read")
        if not tandem.my_side:
            raise AccessError(
                self.env._("Each member rates for themselves, and only for themselves.")
            )
        side = tandem.my_side
        me = tandem[f"{side}_id"]
        if vals.get("employee_id", me.id) != me.id or vals.get("side", side) != side:
            raise AccessError(
                self.env._("Each member rates for themselves, and only for themselves.")
            )
        moment = tandem._assessment_moment()
        if not moment or vals.get("moment", moment) != moment:
            raise UserError(self._closed_message(tandem))
        if vals.get("topic_id") not in tandem._assessment_topics().ids:
            raise UserError(
                self.env._(
                    "Rate the topics of the tandem's learning goals only.",
                )
            )
        vals.update(employee_id=me.id, side=side, moment=moment)
        return vals

    def write(self, vals):
        if not self.env.su:
            if set(vals) - {"level", "skill_level_id"}:
                raise AccessError(
                    self.env._("Only the level of a rating can be changed.")
                )
            for assessment in self:
                if assessment.employee_id.user_id != self.env.user:
                    raise AccessError(
                        self.env._(
                            "Each member rates for themselves, and only for themselves."
                        )
                    )
                if assessment.moment != assessment.tandem_id._assessment_moment():
                    raise UserError(self._closed_message(assessment.tandem_id))
        return super().write(self._level_values(dict(vals)))

    def _closed_message(self, tandem):
        return self.env._(
            "The skills of %(tandem)s are rated at the kick-off, at the end and at the follow-up; this moment is not open.",  # noqa: E501
            tandem=tandem.name,
        )
