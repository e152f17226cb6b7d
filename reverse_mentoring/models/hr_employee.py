import json
import re
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html2plaintext

from odoo.addons.resource.models.utils import Intervals

from .mentoring_participant import ROLES
from .mentoring_tandem_stage import CLOSED_PHASES
from .survey_user_input import MENTORING_ATTACHED
from .utils import window_action

# (month, day) of the days around the turn of the year that no session is
# proposed on, in each person's time zone: many companies close on them without
# recording them as public holidays. Public holidays themselves come from the
# working-time calendars' leaves (resource.calendar.leaves).
YEAR_END_DAYS = ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))

# The roles of mentoring.participant, plus none and both for a person.
MENTORING_ROLES = [("none", "None"), *ROLES, ("both", "Mentor and Mentee")]


def set_mentoring_counts(records):
    """Set the participation and tandem counts of employees or public profiles.

    A public profile shares the id of its employee.
    """
    env = records.env
    ids = records.ids
    participations = dict(
        env["mentoring.participant"]._read_group(
            [("employee_id", "in", ids)], ["employee_id"], ["__count"]
        )
    )
    tandem_model = env["mentoring.tandem"]
    as_mentor = dict(
        tandem_model._read_group([("mentor_id", "in", ids)], ["mentor_id"], ["__count"])
    )
    as_mentee = dict(
        tandem_model._read_group([("mentee_id", "in", ids)], ["mentee_id"], ["__count"])
    )
    for record in records:
        employee = env["hr.employee"].browse(record.id)
        record.mentoring_participation_count = participations.get(employee, 0)
        record.mentoring_tandem_count = as_mentor.get(employee, 0) + as_mentee.get(
            employee, 0
        )


def aware_utc(value):
    """A naive UTC datetime, as an aware one."""
    return pytz.utc.localize(value)


def year_end_intervals(start, stop, tz, nothing):
    """Intervals of the YEAR_END_DAYS between naive UTC `start` and `stop`, in `tz`.

    `nothing` is the empty recordset the intervals carry.
    """
    zone = pytz.timezone(tz or "UTC")
    days = []
    for year in range(start.year - 1, stop.year + 1):
        for month, day in YEAR_END_DAYS:
            begin = zone.localize(datetime(year, month, day))
            end = zone.localize(datetime(year, month, day) + timedelta(days=1))
            if begin < aware_utc(stop) and end > aware_utc(start):
                days.append((begin, end, nothing))
    return Intervals(days)


def busy_bounds(event):
    """When an event keeps its attendees busy: all-day events take whole days."""
    if not event.allday:
        return aware_utc(event.start), aware_utc(event.stop)
    first = datetime.combine(event.start.date(), time.min)
    last = datetime.combine(event.stop.date() + timedelta(days=1), time.min)
    return aware_utc(first), aware_utc(last)


# The mentoring models whose chatter may name a person.
MENTORING_THREADS = (
    "mentoring.participant",
    "mentoring.tandem",
    "mentoring.session",
    "mentoring.program",
)


def without_alternative(text, name):
    """The "Name (score), ..." list of other good mentors, without `name`."""
    entries = re.findall(r"(.+?) \((\d+)\)(?:, |$)", text or "")
    kept = [f"{mentor} ({score})" for mentor, score in entries if mentor != name]
    return ", ".join(kept) or False


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


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    mentoring_participant_ids = fields.One2many(
        "mentoring.participant",
        "employee_id",
        string="Mentoring Participations",
        # Not on the public profile: other employees read hr.employee through it.
        groups="hr.group_hr_user",
    )
    mentoring_role = fields.Selection(
        MENTORING_ROLES,
        compute="_compute_mentoring_role",
        store=True,
        default="none",
        help="The role this person holds in the reverse-mentoring programs "
        "that are not over yet.",
    )
    mentoring_participation_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )
    mentoring_tandem_count = fields.Integer(
        compute="_compute_mentoring_counts",
        groups="reverse_mentoring.group_mentoring_coordinator",
    )

    @api.depends(
        "mentoring_participant_ids.role",
        "mentoring_participant_ids.state",
        "mentoring_participant_ids.program_id.state",
    )
    def _compute_mentoring_role(self):
        for employee in self:
            roles = set(
                employee.mentoring_participant_ids.filtered(
                    lambda p: (
                        p.state not in ("cancelled", "left")
                        and p.program_id.state not in ("closed", "cancelled")
                    )
                ).mapped("role")
            )
            if len(roles) == 2:
                employee.mentoring_role = "both"
            else:
                employee.mentoring_role = roles.pop() if roles else "none"

    def _compute_mentoring_counts(self):
        set_mentoring_counts(self)

    def write(self, vals):
        self._check_mentoring_identity(vals)
        result = super().write(vals)
        if "active" in vals and not vals["active"]:
            self._mentoring_depart()
        return result

    def _check_mentoring_identity(self, vals):
        """Who takes part in reverse mentoring stays who they are.

        The user of an employee is the member of their tandems and a reader
        of their private notes; their user's contact answers their feedback.
        Whoever could re-link them (an HR officer linking a member to their
        own user, or pointing them at another contact) would read what belongs
        to the tandem's two people. So, once an employee has a participation or
        a tandem, their user and work contact are only ever removed, never set
        to another one, except by the superuser (who reads every table
        anyway); after an erasure, they are free again.
        """
        new = {
            name: vals[name]
            for name in ("user_id", "work_contact_id")
            if vals.get(name)
        }
        if self.env.su or not new:
            return
        # sudo: the link and the mentoring records, whoever edits the employee.
        changed = self.sudo().filtered(
            lambda employee: any(
                employee[name].id != value for name, value in new.items()
            )
        )
        taking_part = changed._mentoring_records_of()
        if taking_part:
            raise UserError(
                self.env._(
                    "%(names)s take part in reverse mentoring: their user and work contact name them in their tandems, private notes and feedback, and cannot be changed to another one.",  # noqa: E501
                    names=", ".join(sorted(taking_part.mapped("name"))),
                )
            )

    def _mentoring_depart(self):
        """These people left: their open tandems and participations end as left.

        Called when the employee, or their user, is archived (by whoever may
        do that, e.g. HR through the departure wizard); reactivating them
        later reopens nothing. sudo: their tandems and participations may lie
        in programs the person archiving them does not read.
        """
        employees = self.sudo()
        tandems = (
            self.env["mentoring.tandem"]
            .sudo()
            .search(
                [
                    ("phase", "not in", CLOSED_PHASES),
                    "|",
                    ("mentor_id", "in", employees.ids),
                    ("mentee_id", "in", employees.ids),
                ]
            )
        )
        for tandem in tandems:
            tandem._end_as_left((tandem.mentor_id | tandem.mentee_id) & employees)
        employees.mentoring_participant_ids._end_as_left()

    def _mentoring_reporting_lines(self):
        """{employee id: ids of every manager above them}, at any depth, in one query.

        The one reporting-line rule of the addon: the tandem constraint and the
        matching both use it (nobody mentors anyone in their own reporting
        line; the number of managers above someone is their hierarchy depth).
        hr.employee keeps no parent_path, so the line is walked in SQL. It is
        read whoever asks, like an integrity rule: records the user may not
        read still count. Every employee of `self` is a key.
        """
        self.env["hr.employee"].flush_model(["parent_id"])
        # UNION, not UNION ALL: the walk stops on a cycle instead of looping.
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE chain(employee_id, manager_id) AS (
                    SELECT id, parent_id FROM hr_employee
                     WHERE id = ANY(%(ids)s) AND parent_id IS NOT NULL
                    UNION
                    SELECT chain.employee_id, boss.parent_id
                      FROM chain JOIN hr_employee boss ON boss.id = chain.manager_id
                     WHERE boss.parent_id IS NOT NULL
                )
                SELECT employee_id, manager_id FROM chain
                """,
                ids=self.ids,
            )
        )
        managers = {employee_id: [] for employee_id in self.ids}
        for employee_id, manager_id in self.env.cr.fetchall():
            managers[employee_id].append(manager_id)
        return managers

    def action_open_mentoring_participations(self):
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_participant",
            [("employee_id", "=", self.id)],
        )

    def action_open_mentoring_tandems(self):
        self.ensure_one()
        return window_action(
            self.env,
            "reverse_mentoring.action_mentoring_tandem",
            ["|", ("mentor_id", "=", self.id), ("mentee_id", "=", self.id)],
        )

    # ------------------------------------------------------------------ free slots

    def _mentoring_free_intervals(self, start, stop, ignore_events=None):
        """When each of these employees is free to meet between `start` and `stop`.

        Free is within their working hours, in their own time zone and outside
        their time off and public holidays (the work intervals of `resource`,
        with the calendar leaves) and the YEAR_END_DAYS, and without another
        busy event in Calendar besides
        `ignore_events`. `start` and `stop` are naive UTC; the result maps each
        employee to Intervals of aware datetimes. The queries do not grow with
        the number of employees, only with the number of their working-time
        calendars.
        """
        # sudo: working hours, time off and other people's meetings are read
        # only as busy or free times, never shown.
        employees = self.sudo()
        work, _calendar_work = employees.resource_id._get_valid_work_intervals(
            aware_utc(start), aware_utc(stop)
        )
        busy = employees._mentoring_busy_intervals(start, stop, ignore_events)
        nothing = self.env["resource.resource"]
        return {
            employee: work[employee.resource_id.id]
            - busy[employee]
            - year_end_intervals(start, stop, employee.tz, nothing)
            for employee in employees
        }

    def _mentoring_busy_intervals(self, start, stop, ignore_events=None):
        """{employee: Intervals} of their busy Calendar events, in one search."""
        events = self.env["calendar.event"].search_fetch(
            [
                ("partner_ids", "in", self.work_contact_id.ids),
                ("start", "<", stop),
                ("stop", ">", start),
                ("show_as", "=", "busy"),
                ("id", "not in", ignore_events.ids if ignore_events else []),
            ],
            ["start", "stop", "allday", "partner_ids"],
        )
        nothing = self.env["resource.resource"]
        busy = defaultdict(list)
        for event in events:
            bounds = busy_bounds(event)
            for partner in event.partner_ids:
                busy[partner.id].append((*bounds, nothing))
        return {
            employee: Intervals(busy[employee.work_contact_id.id]) for employee in self
        }

    # ------------------------------------------------------------------ personal data
    # A person's mentoring data: export it, erase it, and what blocks deleting them.
    #
    # - Export: the person themselves (from /my/mentoring) gets everything of theirs,
    #   the confidential texts included (their private notes, their own feedback
    #   answers, their own kick-off expectations). HR officers get the same file for
    #   any employee they manage, without those texts, which belong to the tandem's
    #   two people and to the respondent only (see the threat model in README.md).
    # - Erasure, by HR officers: the person's private notes are deleted, their
    #   feedback answers detached from them, and their participations and tandems
    #   passed to an anonymous, archived stand-in employee ("Former participant"),
    #   so that every count and figure of the programs stays as it was.

    @api.ondelete(at_uninstall=False)
    def _unlink_except_mentoring_data(self):
        """Refuse to delete people who still have mentoring records.

        Their participations and tandems count in the programs' figures: HR
        erases their mentoring data first, which keeps the records anonymous.
        """
        # sudo: whether mentoring records exist, whoever may read them.
        blocked = self.sudo()._mentoring_records_of()
        if blocked:
            raise UserError(
                self.env._(
                    "%(names)s still take part in reverse mentoring. Erase their mentoring data first (Erase Mentoring Data on the employee form): their participations and tandems then stay as anonymous records, and the employee can be deleted.",  # noqa: E501
                    names=", ".join(sorted(blocked.mapped("name"))),
                )
            )

    def _mentoring_records_of(self):
        """Those of these employees who have participations or tandems."""
        participants = self.env["mentoring.participant"].search(
            [("employee_id", "in", self.ids)]
        )
        tandems = self.env["mentoring.tandem"].search(
            ["|", ("mentor_id", "in", self.ids), ("mentee_id", "in", self.ids)]
        )
        return participants.employee_id | (
            (tandems.mentor_id | tandems.mentee_id) & self
        )

    # ------------------------------------------------------------------ access

    @api.model
    def _mentoring_my_employees(self):
        """The current user's own employees, in every company."""
        # sudo: portal users may not read employees; only their own are kept.
        employees = (
            self.sudo()
            .with_context(active_test=False)
            .search([("user_id", "=", self.env.uid)])
        )
        return employees.sudo(False)

    def _mentoring_check_hr(self):
        """HR officers who may edit these employees, and nobody else."""
        if not self.env.su and not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(
                self.env._(
                    "Only HR officers export or erase the mentoring data of other people."  # noqa: E501
                )
            )
        # Their company rules apply: an HR officer of another company is refused.
        self.check_access("write")

    def _mentoring_is_own(self):
        self.ensure_one()
        # sudo: the link to the user, which portal users may not read.
        return self.sudo().user_id == self.env.user

    # ------------------------------------------------------------------ export

    def _mentoring_personal_data(self):
        """Everything of reverse mentoring about these employees, as plain data.

        Everyone exports their own data, confidential texts included; HR
        officers export the data of the employees they manage without the
        confidential texts (private notes, feedback answers, kick-off
        expectations). Anyone else is refused.
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
        roles = dict(
            self.env["mentoring.participant"]
            ._fields["role"]
            ._description_selection(self.env)
        )

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
                }
                for p in participations
            ],
            "tandems": [],
        }
        for tandem in tandems:
            side = "mentor" if tandem.mentor_id == employee else "mentee"
            partner = tandem.mentee_id if side == "mentor" else tandem.mentor_id
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

    @api.model
    def _mentoring_answers_domain(self, employee):
        """The mentoring answers that still name `employee` as their respondent."""
        # By contact only: an email address may be shared by several people.
        partners = employee.work_contact_id | employee.user_id.partner_id
        return [*MENTORING_ATTACHED, ("partner_id", "in", partners.ids)]

    # ------------------------------------------------------------------ erasure

    def _mentoring_erasure_summary(self):
        """{what: how many} the erasure of this employee deletes or anonymises."""
        self.ensure_one()
        self._mentoring_check_hr()
        # sudo: counts only, for the HR officer who confirms the erasure.
        employee = self.sudo()
        env = employee.env
        tandems = env["mentoring.tandem"].search(
            ["|", ("mentor_id", "=", employee.id), ("mentee_id", "=", employee.id)]
        )
        return {
            "participations": env["mentoring.participant"].search_count(
                [("employee_id", "=", employee.id)]
            ),
            "tandems": len(tandems),
            "notes": env["mentoring.session.note"].search_count(
                [("user_ids", "in", employee.user_id.ids)]
            )
            if employee.user_id
            else 0,
            "answers": env["survey.user_input"].search_count(
                self._mentoring_answers_domain(employee)
            ),
        }

    def _mentoring_erase(self):
        """Erase the mentoring data of these employees; safe to run twice.

        HR officers only. The programs' counts and figures stay as they were.
        """
        self._mentoring_check_hr()
        for employee in self.sudo().with_context(active_test=False):
            employee._mentoring_erase_one()

    def _mentoring_erase_one(self):
        """Erase one person's mentoring data (in sudo, checked by the caller)."""
        self.ensure_one()
        env = self.env
        users = self.user_id
        partners = self.work_contact_id | users.partner_id
        if users:
            env["mentoring.session.note"].search(
                [("user_ids", "in", users.ids)]
            ).unlink()
        env["survey.user_input"].search(
            self._mentoring_answers_domain(self)
        )._mentoring_detach_respondents()
        participants = env["mentoring.participant"].search(
            [("employee_id", "=", self.id)]
        )
        as_mentor = env["mentoring.tandem"].search([("mentor_id", "=", self.id)])
        as_mentee = env["mentoring.tandem"].search([("mentee_id", "=", self.id)])
        env["mentoring.tandem.expectation"].search(
            [
                "|",
                "&",
                ("tandem_id", "in", as_mentor.ids),
                ("side", "=", "mentor"),
                "&",
                ("tandem_id", "in", as_mentee.ids),
                ("side", "=", "mentee"),
            ]
        ).unlink()
        participants.with_context(mail_notrack=True).write(
            {
                "motivation": False,
                "topic_ids": [fields.Command.clear()],
                "avoid_employee_ids": [fields.Command.clear()],
            }
        )
        tandems = as_mentor | as_mentee
        former = env._("Former participant")
        stand_in = env["hr.employee"]
        if participants or tandems:
            # The stand-in keeps the hourly cost, so the program's costs stay.
            stand_in = stand_in.with_context(tracking_disable=True).create(
                {
                    "name": former,
                    "active": False,
                    "company_id": self.company_id.id,
                    "hourly_cost": self.hourly_cost,
                }
            )
        self._mentoring_erase_proposals(former)
        self._mentoring_clean_chatter(
            participants, tandems, partners, users, stand_in, former
        )
        if stand_in:
            self._mentoring_pass_to(stand_in, participants, as_mentor, as_mentee)
            self._mentoring_pass_invitations(partners, stand_in, former)

    def _mentoring_pass_invitations(self, partners, stand_in, former):
        """Give the person's invitations to cohort events to the stand-in.

        The cohort events are seen by the whole program: their attendees and
        answers name the stand-in's contact instead, so the acceptance and
        attendance figures stay; the person's answers in their chatter lose
        their author and name.
        """
        env = self.env
        events = (
            env["mentoring.cohort.event"]
            .search([("calendar_event_id.partner_ids", "in", partners.ids)])
            .calendar_event_id
        )
        if not events or not partners:
            return
        contact = stand_in.work_contact_id
        env.flush_all()
        for table, column, event_column in (
            ("calendar_attendee", "partner_id", "event_id"),
            ("calendar_event_res_partner_rel", "res_partner_id", "calendar_event_id"),
        ):
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s IN %s AND %s IN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    contact.id,
                    SQL.identifier(column),
                    tuple(partners.ids),
                    SQL.identifier(event_column),
                    tuple(events.ids),
                )
            )
        env.invalidate_all()
        attendees = env["calendar.attendee"].search(
            [("event_id", "in", events.ids), ("partner_id", "=", contact.id)]
        )
        attendees.modified(["partner_id"])
        env["mentoring.cohort.attendance"].search(
            [("employee_id", "=", stand_in.id)]
        ).modified(["employee_id"])
        name = self.name or ""
        for message in env["mail.message"].search(
            [
                ("model", "=", "calendar.event"),
                ("res_id", "in", events.ids),
                ("author_id", "in", partners.ids),
            ]
        ):
            body = str(message.body or "")
            message.write(
                {
                    "author_id": False,
                    "email_from": False,
                    "body": body.replace(escape(name), escape(former))
                    if name
                    else body,
                }
            )
        env["mail.followers"].search(
            [
                ("res_model", "=", "calendar.event"),
                ("res_id", "in", events.ids),
                ("partner_id", "in", partners.ids),
            ]
        ).unlink()
        env.flush_all()

    def _mentoring_erase_proposals(self, former):
        """Take the person out of the stored matching proposals.

        Their own proposals (as mentee or mentor) and their "not matched" rows
        go; they leave the other good mentors offered, with their score; the
        explanations that name them (a better pair the pairing history
        skipped), in proposals and tandems, say `former` instead.
        """
        env = self.env
        lines = env["mentoring.matching.wizard.line"]
        lines.search(
            ["|", ("mentee_id", "=", self.id), ("mentor_id", "=", self.id)]
        ).unlink()
        env["mentoring.matching.wizard.unmatched"].search(
            [("mentee_id", "=", self.id)]
        ).unlink()
        name = self.name or ""
        for line in lines.search([("alternative_ids", "in", self.ids)]):
            line.write(
                {
                    "alternative_ids": [fields.Command.unlink(self.id)],
                    "alternatives": without_alternative(line.alternatives, name),
                }
            )
        if not name:
            return
        for model, field in (
            ("mentoring.matching.wizard.line", "explanation"),
            ("mentoring.matching.wizard.unmatched", "reason"),
            ("mentoring.tandem", "match_explanation"),
        ):
            for record in env[model].search([(field, "ilike", name)]):
                record.with_context(mail_notrack=True).write(
                    {field: record[field].replace(name, former)}
                )

    def _mentoring_clean_chatter(
        self, participants, tandems, partners, users, stand_in, former
    ):
        """Take the person's name out of the chatter of their mentoring records.

        Tracked changes of the person fields now show the stand-in, the
        messages they wrote lose their author, the record names and texts of
        the messages lose their name; their followers and activities go.
        """
        env = self.env
        threads = [
            ("mentoring.participant", participants.ids),
            ("mentoring.tandem", tandems.ids),
            ("mentoring.session", tandems.session_ids.ids),
        ]
        domain = [
            "&",
            ("model", "in", MENTORING_THREADS),
            ("author_id", "in", partners.ids),
        ]
        for model, ids in threads:
            domain = ["|", "&", ("model", "=", model), ("res_id", "in", ids), *domain]
        messages = env["mail.message"].search(domain)
        values = env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("field_id.name", "in", ("employee_id", "mentor_id", "mentee_id")),
            ]
        )
        for value in values:
            for when in ("old", "new"):
                if value[f"{when}_value_integer"] == self.id:
                    value[f"{when}_value_integer"] = stand_in.id
                    value[f"{when}_value_char"] = former
        name = self.name or ""
        for message in messages:
            changes = {}
            if message.author_id and message.author_id in partners:
                changes.update(author_id=False, email_from=False)
            if name and name in (message.record_name or ""):
                changes["record_name"] = message.record_name.replace(name, former)
            body = str(message.body or "")
            if name and escape(name) in body:
                changes["body"] = body.replace(escape(name), escape(former))
            if changes:
                message.write(changes)
        env["mail.followers"].search(
            [("res_model", "in", MENTORING_THREADS), ("partner_id", "in", partners.ids)]
        ).unlink()
        if users:
            env["mail.activity"].search(
                [("res_model", "in", MENTORING_THREADS), ("user_id", "in", users.ids)]
            ).unlink()

    def _mentoring_pass_to(self, stand_in, participants, as_mentor, as_mentee):
        """Give the person's participations and tandems to the anonymous stand-in.

        In SQL, as one change: the stand-in takes the person's place in every
        record at once, so that the rules on enrolments, capacities and
        reporting lines hold as they did, and no tracked change names them.
        """
        env = self.env
        env.flush_all()
        for table, column in (
            ("mentoring_participant", "employee_id"),
            ("mentoring_tandem", "mentor_id"),
            ("mentoring_tandem", "mentee_id"),
            ("mentoring_cohort_attendance", "employee_id"),
            ("mentoring_skill_assessment", "employee_id"),
        ):
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    stand_in.id,
                    SQL.identifier(column),
                    self.id,
                )
            )
        env.cr.execute(
            SQL(
                "DELETE FROM mentoring_participant_avoid_rel WHERE employee_id = %s",
                self.id,
            )
        )
        env.invalidate_all()
        participants.modified(["employee_id"])
        as_mentor.modified(["mentor_id"])
        as_mentee.modified(["mentee_id"])
        attendances = env["mentoring.cohort.attendance"].search(
            [("employee_id", "=", stand_in.id)]
        )
        attendances.modified(["employee_id"])
        # The person's role went with their participations.
        env.add_to_compute(self._fields["mentoring_role"], self)
        env.flush_all()

    def action_mentoring_export(self):
        """Download the mentoring data of this employee (checked by the route)."""
        self.ensure_one()
        self._mentoring_personal_data()
        return {
            "type": "ir.actions.act_url",
            "url": f"/mentoring/personal-data/{self.id}",
            "target": "download",
        }

    def action_mentoring_erase(self):
        """Open the confirmation of the erasure."""
        self.ensure_one()
        self._mentoring_check_hr()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Erase Mentoring Data"),
            "res_model": "mentoring.erasure.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_employee_id": self.id},
        }
