from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .mentoring_skill_assessment import MOMENTS
from .mentoring_tandem import MentoringTandem

# Which rating each phase of a tandem asks for: the kick-off one until the
# tandem closes, the end one from the closing on (until the follow-up asks
# for the last one).
KICKOFF_PHASES = ("proposed", "kickoff", "active")
ENDED_PHASES = ("done", "continued")


class MentoringTandemSkill(models.Model):
    """The skills of a tandem, rated at the kick-off, the end and the follow-up."""

    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited
    _system_fields = MentoringTandem._system_fields + ("date_ended", "follow_up_date")

    skill_assessment_ids = fields.One2many(
        "mentoring.skill.assessment",
        "tandem_id",
        string="Skill Ratings",
        help="Read by the tandem's two people only.",
    )
    skill_moment = fields.Selection(
        MOMENTS, string="Rating Now", compute="_compute_skill_moment"
    )
    my_employee_id = fields.Many2one(
        "hr.employee",
        compute="_compute_skill_moment",
        help="The current user's employee in this tandem, if they are a member.",
    )
    skill_rating_missing = fields.Boolean(
        compute="_compute_skill_moment",
        help="The current user has not yet rated every topic of the tandem for "
        "the moment that is open.",
    )
    date_ended = fields.Date(
        readonly=True, copy=False, help="When the tandem reached its Done stage."
    )
    follow_up_date = fields.Date(
        readonly=True,
        copy=False,
        help="When both people were asked for the follow-up survey and rating.",
    )

    @api.depends(
        "phase",
        "follow_up_date",
        "goal_ids.topic_id",
        "my_side",
        "skill_assessment_ids",
    )
    @api.depends_context("uid")
    def _compute_skill_moment(self):
        for tandem in self:
            moment = tandem._assessment_moment()
            tandem.skill_moment = moment
            tandem.my_employee_id = tandem.my_side and tandem[f"{tandem.my_side}_id"]
            tandem.skill_rating_missing = bool(
                moment and tandem.my_side and tandem._missing_ratings(moment)
            )

    def _assessment_moment(self):
        """The moment whose ratings are open now, or False."""
        self.ensure_one()
        if self.phase in KICKOFF_PHASES:
            return "kickoff"
        if self.phase in ENDED_PHASES and self.follow_up_date:
            return "follow_up"
        if self.phase in ("closing",) + ENDED_PHASES:
            return "closing"
        return False

    def _assessment_topics(self):
        """The topics of the learning goals, or the mentee's wishes before any goal."""
        self.ensure_one()
        # sudo: which topics, for a member who may not read the participations.
        tandem = self.sudo()
        topics = tandem.goal_ids.topic_id
        if not topics:
            topics = tandem._participation(tandem.mentee_id, "mentee").topic_ids
        return self.env["mentoring.topic"].browse(topics.ids)

    def _missing_ratings(self, moment):
        """The topics the current user has not yet rated at `moment`."""
        self.ensure_one()
        rated = self.skill_assessment_ids.filtered(
            lambda a: a.moment == moment and a.side == self.my_side
        ).topic_id
        return self._assessment_topics() - rated

    def action_rate_skills(self, ratings):
        """Store the current member's ratings for the open moment.

        `ratings` maps a topic id to a skill level id (topics with a skill) or a
        level from 0 to 100 (topics without one). Each rating is the member's
        own: the assessment model checks the side, the moment and the topics.
        """
        self.ensure_one()
        side = self._check_member()
        moment = self._assessment_moment()
        mine = {
            a.topic_id.id: a
            for a in self.skill_assessment_ids
            if a.moment == moment and a.side == side
        }
        assessments = self.env["mentoring.skill.assessment"]
        for topic_id, value in ratings.items():
            topic = self.env["mentoring.topic"].browse(topic_id)
            key = "skill_level_id" if topic._assessment_skill() else "level"
            if topic_id in mine:
                mine[topic_id].write({key: value})
            else:
                assessments.create(
                    {"tandem_id": self.id, "topic_id": topic_id, key: value}
                )
        return True

    def action_write_back_skills(self):
        """The mentee's choice: their end levels into their own Odoo skills.

        Nothing leaves the tandem without it. Only the mentee asks it, for
        themselves.
        Running it twice sets the same levels.
        """
        self.ensure_one()
        if self._check_member() != "mentee":
            raise AccessError(
                self.env._("Only the mentee writes their levels into their skills.")
            )
        ratings = self.skill_assessment_ids.filtered(
            lambda a: a.side == "mentee" and a.moment == "closing" and a.skill_level_id
        )
        if not ratings:
            raise UserError(
                self.env._("Rate your skills at the end of the tandem first.")
            )
        # sudo: hr_skills records every change of a skill in a history that
        # employees may not write; the mentee, checked above, writes their own
        # skills only, to the levels of their own ratings.
        employee_skills = self.env["hr.employee.skill"].sudo()
        current = {
            skill.skill_id: skill
            for skill in employee_skills.search(
                [("employee_id", "=", self.mentee_id.id)]
            )
        }
        for rating in ratings:
            if rating.skill_id in current:
                if current[rating.skill_id].skill_level_id != rating.skill_level_id:
                    current[rating.skill_id].skill_level_id = rating.skill_level_id
            else:
                employee_skills.create(
                    {
                        "employee_id": self.mentee_id.id,
                        "skill_type_id": rating.skill_type_id.id,
                        "skill_id": rating.skill_id.id,
                        "skill_level_id": rating.skill_level_id.id,
                    }
                )
        return True

    def write(self, vals):
        done_before = self.filtered(lambda t: t.phase == "done")
        result = super().write(vals)
        ended = self.filtered(lambda t: t.phase == "done") - done_before
        if ended:
            # sudo: the date a tandem ended is the addon's record.
            ended.sudo().date_ended = fields.Date.today()
        return result

    # ------------------------------------------------------------------ follow-up

    def _ended_on(self):
        self.ensure_one()
        if self.phase == "done" and self.date_ended:
            return self.date_ended
        return self.program_id.date_closed or self.program_id.date_end

    @api.model
    def _cron_send_follow_up(self):
        """Ask both people of each tandem ended long enough ago for the follow-up.

        Safe to run twice: a tandem asked once has its follow-up date and is
        never asked again.
        """
        today = fields.Date.today()
        tandems = self.search(
            [
                ("phase", "in", ENDED_PHASES),
                ("follow_up_date", "=", False),
                ("program_id.follow_up_months", ">", 0),
            ]
        )
        due = tandems.filtered(
            lambda t: t._ended_on()
            and t._ended_on() + relativedelta(months=t.program_id.follow_up_months)
            <= today
        )
        due._send_follow_up()

    def _send_follow_up(self):
        invite = self.env["survey.user_input"]._mentoring_invite
        for tandem in self:
            invite(
                tandem,
                tandem.program_id.follow_up_survey_id,
                tandem.mentor_id | tandem.mentee_id,
            )
        self.follow_up_date = fields.Date.today()
