from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.resource.models.utils import Intervals

from .mentoring_participant import ROLES
from .mentoring_tandem_stage import CLOSED_PHASES
from .utils import window_action

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


def busy_bounds(event):
    """When an event keeps its attendees busy: all-day events take whole days."""
    if not event.allday:
        return aware_utc(event.start), aware_utc(event.stop)
    first = datetime.combine(event.start.date(), time.min)
    last = datetime.combine(event.stop.date() + timedelta(days=1), time.min)
    return aware_utc(first), aware_utc(last)


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
        result = super().write(vals)
        if "active" in vals and not vals["active"]:
            self._mentoring_depart()
        return result

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
        their time off (the work intervals of `resource`, with the calendar
        leaves), and without another busy event in Calendar besides
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
        return {
            employee: work[employee.resource_id.id] - busy[employee]
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
