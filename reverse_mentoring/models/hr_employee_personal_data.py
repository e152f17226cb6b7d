import json

from odoo import api, fields, models
from odoo.tools import html2plaintext

from .mentoring_participant_profile import DAY_TIMES
from .survey_user_input import MENTORING_ATTACHED


def answer_text(line):
    """What one answer line says, as text."""
    if line.skipped:
        return None
    if line.answer_type == "suggestion":
        if line.matrix_row_id:
            return f"{line.matrix_row_id.value}: {line.suggested_answer_id.value}"
        return line.suggested_answer_id.value
    value = line[f"value_{line.answer_type}"]
    return value if isinstance(value, str | int | float) else str(value)


class HrEmployeePersonalData(models.Model):
    """The export of a person's mentoring data.

    The person themselves (from /my/mentoring) gets everything of theirs, the
    confidential texts included (their private notes, their own feedback
    answers, their own kick-off expectations, the sessions' agendas, their
    wishes, the concerns they raised and the reasons of the matches they
    declined). HR officers get the same file for any employee they manage,
    without those texts, which belong to the tandem's two people, to the
    respondent and to the coordinators only (see the threat model in
    README.md).
    """

    _inherit = "hr.employee"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mentoring_export(self):
        """Download the mentoring data of this employee (checked by the route)."""
        self.ensure_one()
        self._mentoring_personal_data()
        return {
            "type": "ir.actions.act_url",
            "url": f"/mentoring/personal-data/{self.id}",
            "target": "download",
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _mentoring_personal_data(self):
        """Everything of reverse mentoring about these employees, as plain data.

        Everyone exports their own data, confidential texts included; HR
        officers export the data of the employees they manage without the
        confidential texts (private notes, feedback answers, kick-off
        expectations, agendas, wishes, concerns, reasons of declined matches).
        Anyone else is refused.
        """
        others = self.filtered(lambda e: not e._mentoring_is_own())
        if others:
            others._mentoring_check_hr()
        return [
            employee.sudo()._mentoring_data_of(full=employee._mentoring_is_own())
            for employee in self
        ]

    def _mentoring_personal_data_file(self):
        """(file name, JSON bytes) of `_mentoring_personal_data()`."""
        data = {
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "people": self._mentoring_personal_data(),
        }
        name = "mentoring-data-{}.json".format("-".join(str(i) for i in self.ids))
        return name, json.dumps(data, indent=2, ensure_ascii=False).encode()

    def _mentoring_data_of(self, full):
        """The mentoring data of one employee (in sudo, checked by the caller)."""
        self.ensure_one()
        employee = self.with_context(active_test=False)
        roles = self.env["mentoring.participant"]._role_names()

        def label(record, field):
            selection = dict(record._fields[field]._description_selection(self.env))
            return selection.get(record[field])

        participations = self.env["mentoring.participant"].search(
            [("employee_id", "=", employee.id)]
        )
        tandems = self.env["mentoring.tandem"].search(
            ["|", ("mentor_id", "=", employee.id), ("mentee_id", "=", employee.id)]
        )
        user = employee.user_id
        notes = (
            self.env["mentoring.session.note"].search([("user_ids", "in", user.ids)])
            if full and user
            else self.env["mentoring.session.note"]
        )
        data = {
            "name": employee.name,
            "work_email": employee.work_email or None,
            "complete": full,
            "participations": [
                {
                    "program": p.program_id.name,
                    "role": roles.get(p.role),
                    "state": label(p, "state"),
                    "topics": p.topic_ids.mapped("name"),
                    "motivation": p.motivation or None,
                    "open_to_remote_sessions": p.accepts_remote,
                    "mandatory": p.mandatory,
                    "enrolled_on": fields.Datetime.to_string(p.create_date),
                    "interests": p.interest_ids.mapped("name"),
                    "communication_style": label(p, "communication_style"),
                    "meeting_format": label(p, "meeting_format"),
                    "times_of_day": [
                        p._fields[name]._description_string(self.env)
                        for name in DAY_TIMES
                        if p[name]
                    ],
                    "languages": p.language_ids.mapped("name"),
                    "others_may_wish_for_me": p.visible_for_wishes,
                    # Whom they wished for, never who wished for them.
                    **(
                        {"my_wishes": p.wish_participant_ids.employee_id.mapped("name")}
                        if full
                        else {}
                    ),
                }
                for p in participations
            ],
            "tandems": [],
        }
        for tandem in tandems:
            side = tandem._side_of(employee)
            partner = tandem._other_member(side)
            entry = {
                "program": tandem.program_id.name,
                "role": roles.get(side),
                "partner": partner.name,
                "stage": tandem.stage_id.name,
                "program_start": fields.Date.to_string(tandem.program_id.date_start),
                "program_end": fields.Date.to_string(tandem.program_id.date_end),
                "formed_on": fields.Datetime.to_string(tandem.create_date),
                "closed_early": tandem.closed_early,
                "continued": tandem.continued,
                "goals": [
                    {
                        "goal": goal.name,
                        "topic": goal.topic_id.name or None,
                        "deadline": fields.Date.to_string(goal.date_deadline) or None,
                        "reached": goal.is_done,
                    }
                    for goal in tandem.goal_ids
                ],
                "sessions": [],
            }
            if full:
                entry["my_expectations"] = tandem[f"{side}_expectations"] or None
                entry["my_skill_ratings"] = [
                    {
                        "topic": rating.topic_id.name,
                        "moment": label(rating, "moment"),
                        "level": rating.level,
                        "skill_level": rating.skill_level_id.name or None,
                    }
                    for rating in tandem.skill_assessment_ids
                    if rating.employee_id == employee
                ]
            for session in tandem.session_ids.sorted("start"):
                item = {
                    "start": fields.Datetime.to_string(session.start),
                    "end": fields.Datetime.to_string(session.stop),
                    "state": label(session, "state"),
                    "place": session.location or None,
                }
                if full:
                    item["agenda"] = (
                        html2plaintext(session.agenda) if session.agenda else None
                    )
                    item["private_notes"] = [
                        html2plaintext(note.body or "")
                        for note in notes
                        if note.session_id == session
                    ]
                entry["sessions"].append(item)
            data["tandems"].append(entry)
        if full:
            data["feedback"] = self._mentoring_my_feedback()
            data["concerns"] = [
                {
                    "program": concern.program_id.name,
                    "raised_on": fields.Datetime.to_string(concern.create_date),
                    "concern": concern.description,
                    "state": label(concern, "state"),
                }
                for concern in self.env["mentoring.concern"].search(
                    [("user_id", "in", user.ids)]
                )
            ]
            data["declined_matches"] = [
                {
                    "program": pair.program_id.name,
                    "role": roles.get(pair.declined_side),
                    "partner": pair[
                        "mentee_id" if pair.declined_side == "mentor" else "mentor_id"
                    ].name,
                    "declined_on": fields.Datetime.to_string(pair.create_date),
                    "reason": pair.reason or None,
                }
                for pair in self.env["mentoring.declined.pair"].search(
                    [
                        "|",
                        "&",
                        ("mentor_id", "=", employee.id),
                        ("declined_side", "=", "mentor"),
                        "&",
                        ("mentee_id", "=", employee.id),
                        ("declined_side", "=", "mentee"),
                    ]
                )
            ]
        return data

    @api.model
    def _mentoring_my_feedback(self):
        """The current user's own answers to the mentoring surveys.

        Found by the answers' own respondent, the user's contact, as the
        survey rules give them to them: never by an employee's work contact,
        which HR may point at someone else's.
        """
        answers = self.env["survey.user_input"].search(
            [*MENTORING_ATTACHED, ("partner_id", "=", self.env.user.partner_id.id)],
            order="create_date, id",
        )
        states = dict(answers._fields["state"]._description_selection(self.env))
        return [
            {
                "survey": answer.survey_id.title,
                "program": answer.mentoring_program_id.name,
                "state": states.get(answer.state),
                "invited_on": fields.Datetime.to_string(answer.create_date),
                "answers": [
                    {"question": line.question_id.title, "answer": answer_text(line)}
                    for line in answer.user_input_line_ids
                ],
            }
            for answer in answers
        ]
