from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.resource.models.utils import Intervals

from .hr_employee_free_slots import aware_utc
from .mentoring_tandem_stage import CLOSED_PHASES

# Sessions start on a quarter of an hour.
SLOT_STEP = timedelta(minutes=15)


def first_slot(free, duration):
    """Start of the first stretch of `duration` inside `free`, on a SLOT_STEP boundary.

    `free` are Intervals of aware datetimes; the start comes back naive, in UTC.
    """
    for start, stop, _records in free:
        naive = start.astimezone(pytz.utc).replace(tzinfo=None)
        rounded = naive + (SLOT_STEP - (naive - datetime.min) % SLOT_STEP) % SLOT_STEP
        if aware_utc(rounded) + duration <= stop:
            return rounded
    return None


class MentoringTandemSchedule(models.Model):
    """The sessions a tandem can hold: its window, the two people's common
    free time, and the proposed series."""

    _inherit = "mentoring.tandem"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_plan_sessions(self):
        """Open the proposed series of sessions for review."""
        self.ensure_one()
        if self.phase in CLOSED_PHASES:
            raise UserError(self.env._("A closed tandem plans no more sessions."))
        duration = self.program_id.session_duration
        wizard = self.env["mentoring.session.plan"].create(
            {
                "tandem_id": self.id,
                "line_ids": [
                    fields.Command.create({"start": start, "duration": duration})
                    for start in self._remaining_series()
                ],
            }
        )
        return wizard._get_records_action(
            name=self.env._("Plan Sessions"), target="new"
        )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _session_window(self):
        """First and last instant of the tandem's sessions, as naive UTC.

        The program's window; a tandem that continues after the program keeps
        meeting for a year from now on.
        """
        self.ensure_one()
        first, last = self.program_id._window_bounds()
        if self.phase == "continued":
            last = max(last, fields.Datetime.now()) + timedelta(days=365)
        return first, last

    def _last_held_starts(self, planned=False):
        """{tandem: start of its last held session}, in one query.

        With `planned`, the last session that is held or still planned (the
        one a new series follows). Tandems without such a session are left out.
        """
        states = ["done", "planned"] if planned else ["done"]
        return dict(
            self.env["mentoring.session"]._read_group(
                [("tandem_id", "in", self.ids), ("state", "in", states)],
                ["tandem_id"],
                ["start:max"],
            )
        )

    def _free_intervals(self, start, stop, ignore_events=None):
        """When both people can meet between `start` and `stop` (naive UTC).

        Each one's free time comes from `hr.employee._mentoring_free_intervals`
        (working hours in their own time zone, no time off, no other busy
        event in Calendar); the tandem meets when both are free.
        """
        self.ensure_one()
        nothing = self.env["resource.resource"]
        free = Intervals([(aware_utc(start), aware_utc(stop), nothing)])
        people = self.mentor_id | self.mentee_id
        for person_free in people._mentoring_free_intervals(
            start, stop, ignore_events
        ).values():
            free &= person_free
        return free

    def _next_slot(self, start, stop, duration, ignore_events=None):
        """The earliest start of a common free stretch of `duration` hours, or None."""
        return first_slot(
            self._free_intervals(start, stop, ignore_events), timedelta(hours=duration)
        )

    def _remaining_series(self):
        """One proposed session start per remaining period of the program's cadence.

        Periods run from the later of tomorrow and the last session plus one
        period to the end of the program; a period without a common free slot is
        skipped. The common free time is read once, for all the periods.
        """
        self.ensure_one()
        program = self.program_id
        step = program._cadence_step()
        first, last = self._session_window()
        latest = self._last_held_starts(planned=True).get(self)
        begin = max(first, self._soonest_proposal(), latest + step if latest else first)
        free = self._free_intervals(begin, last) if begin < last else Intervals()
        duration = timedelta(hours=program.session_duration)
        nothing = self.env["resource.resource"]
        starts = []
        while begin < last:
            end = min(begin + step, last)
            period = Intervals([(aware_utc(begin), aware_utc(end), nothing)])
            slot = first_slot(free & period, duration)
            if slot:
                starts.append(slot)
            begin = end
        if not starts:
            raise self._no_common_time_error()
        return starts

    def _soonest_proposal(self):
        """The soonest start the addon proposes: the next day, in the asker's time zone.

        Proposing a session within the hour would leave neither member the time
        to prepare, nor to see the invitation.
        """
        tz = pytz.timezone(self.env.user.tz or self.mentor_id.tz or "UTC")
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
        tomorrow = tz.localize(datetime.combine(today + timedelta(days=1), time()))
        return tomorrow.astimezone(pytz.utc).replace(tzinfo=None)

    def _no_common_time_error(self):
        return UserError(
            self.env._(
                "%(mentor)s and %(mentee)s have no common free time left in the program %(program)s: check their working hours, time off and meetings, or plan a session by hand.",  # noqa: E501
                mentor=self.mentor_id.name,
                mentee=self.mentee_id.name,
                program=self.program_id.name,
            )
        )
