from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import models

from odoo.addons.resource.models.utils import Intervals

# (month, day) of the days around the turn of the year that no session is
# proposed on, in each person's time zone: many companies close on them without
# recording them as public holidays. Public holidays themselves come from the
# working-time calendars' leaves (resource.calendar.leaves).
YEAR_END_DAYS = ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))


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


class HrEmployeeFreeSlots(models.Model):
    """When people are free to meet: their working hours, time off, public
    holidays, the turn of the year and their busy events in Calendar."""

    _inherit = "hr.employee"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

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
