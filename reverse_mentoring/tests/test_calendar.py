"""Sessions live in Odoo Calendar: two-way sync, moves, free slots and planning."""

from datetime import datetime, time, timedelta

import pytz
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MentoringCase


class CalendarCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls.planned_session
        cls.event = cls.session.calendar_event_id

    def _events_of(self, sessions):
        return self.env["calendar.event"].search(
            [("res_model", "=", "mentoring.session"), ("res_id", "in", sessions.ids)]
        )


class TestSessionToEvent(CalendarCase):
    def test_a_new_session_is_one_event_with_both_people(self):
        self.assertEqual(self._events_of(self.session), self.event)
        self.assertRecordValues(
            self.event,
            [
                {
                    "start": self.session.start,
                    "stop": self.session.stop,
                    "res_id": self.session.id,
                    "user_id": False,
                    "name": "Mentoring session",
                }
            ],
        )
        self.assertEqual(
            self.event.partner_ids, (self.mentor_user | self.mentee_user).partner_id
        )
        self.assertEqual(self.event.attendee_ids.partner_id, self.event.partner_ids)
        self.assertEqual(self.event.alarm_ids, self.program.alarm_ids)
        self.assertTrue(self.program.alarm_ids, "reminders by default")
        seen, attendees = {}, set(self.event.partner_ids.ids)
        for user in (self.mentor_user, self.mentee_user, self.other_user):
            self.env.invalidate_all()
            seen[user] = self.event.with_user(user).read(
                ["name", "partner_ids", "user_id"]
            )[0]
        for member in (self.mentor_user, self.mentee_user):
            self.assertEqual(seen[member]["name"], "Mentoring session")
            self.assertEqual(set(seen[member]["partner_ids"]), attendees)
        self.assertEqual(
            seen[self.other_user],
            {"id": self.event.id, "name": "Busy", "partner_ids": [], "user_id": False},
            "colleagues see busy time, not who meets",
        )

    def test_moving_and_resizing_the_session_moves_the_event(self):
        new_start = self.session.start + timedelta(days=2, hours=3)
        self.session.with_user(self.mentee_user).write({"start": new_start})
        self.assertEqual(self.event.start, new_start)
        self.assertEqual(self.event.stop, new_start + timedelta(hours=1))
        self.session.duration = 2.5
        self.assertEqual(self.event.stop, new_start + timedelta(hours=2.5))
        self.assertEqual(self.session.reschedule_count, 1, "a resize is not a move")
        self.assertEqual(self._events_of(self.session), self.event, "no duplicate")

    def test_cancel_removes_the_event_and_planning_again_adds_one(self):
        self.session.action_cancel()
        self.assertFalse(self.event.exists())
        self.assertFalse(self.session.calendar_event_id)
        self.session.action_plan()
        self.assertEqual(len(self._events_of(self.session)), 1)
        self.assertEqual(self.session.calendar_event_id.start, self.session.start)

    def test_deleting_a_session_deletes_its_event(self):
        self.session.with_user(self.mentor_user).unlink()
        self.assertFalse(self.event.exists())

    def test_a_held_session_cannot_be_deleted_and_keeps_its_event(self):
        past = self._session(self.tandem, days=-3)
        past.action_done()
        with self.assertRaisesRegex(UserError, "held cannot be deleted"):
            past.unlink()
        self.assertTrue(past.calendar_event_id.exists())

    def test_the_event_link_is_not_for_users_to_change(self):
        other = self.env["calendar.event"].create(
            {"name": "Lunch", "start": self.session.start, "stop": self.session.stop}
        )
        with self.assertRaisesRegex(AccessError, "change only through the actions"):
            self.session.with_user(self.mentee_user).write(
                {"calendar_event_id": other.id}
            )
        self.assertEqual(self.session.calendar_event_id, self.event)


class TestEventToSession(CalendarCase):
    def test_moving_the_event_in_calendar_moves_the_session(self):
        new_start = self.event.start + timedelta(days=1)
        self.event.with_user(self.mentee_user).write(
            {"start": new_start, "stop": new_start + timedelta(hours=1)}
        )
        self.assertEqual(self.session.start, new_start)
        self.assertEqual(self.session.reschedule_count, 1)
        self.assertEqual(self._events_of(self.session), self.event, "no duplicate")

    def test_resizing_the_event_resizes_the_session(self):
        self.event.with_user(self.mentor_user).write(
            {"stop": self.event.start + timedelta(minutes=90)}
        )
        self.assertEqual(self.session.duration, 1.5)
        self.assertEqual(self.session.reschedule_count, 0)

    def test_deleting_the_event_cancels_the_session(self):
        self.event.with_user(self.mentor_user).unlink()
        self.assertTrue(self.session.exists(), "never deleted")
        self.assertEqual(self.session.state, "cancelled")
        self.assertFalse(self.session.calendar_event_id)

    def test_other_events_are_left_alone(self):
        lunch = self.env["calendar.event"].create(
            {"name": "Lunch", "start": self.session.start, "stop": self.session.stop}
        )
        lunch.write({"start": lunch.start + timedelta(hours=1)})
        lunch.unlink()
        self.assertEqual(self.session.state, "planned")
        self.assertEqual(self.session.reschedule_count, 0)


class TestColleaguesSeeBusyTimeOnly(CalendarCase):
    """A plain colleague learns no more of a session's event than a busy slot."""

    AGENDA = "<p>Talk about the burnout</p>"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session.with_user(cls.mentee_user).write(
            {"agenda": cls.AGENDA, "location": "Therapy room"}
        )
        cls.colleague = new_test_user(
            cls.env, login="rm_colleague", groups="base.group_user"
        )
        cls.events = cls.env["calendar.event"].with_user(cls.colleague)
        cls.attendees = cls.env["calendar.attendee"].with_user(cls.colleague)
        cls.mine = cls.events.create(
            [
                {
                    "name": name,
                    "description": f"<p>{name}</p>",
                    "location": name,
                    "start": cls.session.start,
                    "stop": cls.session.stop,
                }
                for name in ("A", "U", "Z")
            ]
        )

    def _state(self):
        self.env.invalidate_all()
        return [
            (
                attendee.partner_id,
                attendee.state,
                attendee.access_token,
            )
            for attendee in self.event.attendee_ids.sorted("id")
        ], self.event.read(["name", "description", "location", "partner_ids"])

    def test_sorting_or_grouping_on_a_private_field_leaves_the_session_out(self):
        before = self._state()
        ids = [*self.mine.ids, self.event.id]
        for order in ("description", "description desc", "location", "name, id"):
            with self.subTest(order=order):
                found = self.events.search([("id", "in", ids)], order=order)
                self.assertEqual(set(found.ids), set(self.mine.ids))
        self.assertEqual(
            self.events.search([("id", "in", ids)], order="start, id"),
            self.events.browse(ids).sorted("id"),
            "a sort on the time shows the busy slot",
        )
        for groupby in ("location", "description", "name", "res_model"):
            with self.subTest(groupby=groupby):
                self.assertFalse(
                    self.events._read_group([("id", "=", self.event.id)], [groupby])
                )
        self.assertFalse(
            self.events._read_group(
                [("id", "=", self.event.id)], ["start:day"], ["location:count"]
            )
        )
        self.assertEqual(self._state(), before)

    def test_searching_a_private_field_finds_no_session(self):
        before = self._state()
        for domain in (
            [("location", "ilike", "Therapy")],
            [("description", "ilike", "burnout")],
            [("res_model", "=", "mentoring.session")],
            [("res_id", "=", self.session.id)],
            [("partner_ids", "in", self.mentor_user.partner_id.ids)],
            [("attendee_ids.partner_id", "=", self.mentee_user.partner_id.id)],
            [("id", "=", self.event.id), ("res_model", "=", "mentoring.session")],
        ):
            with self.subTest(domain=domain):
                self.assertFalse(self.events.search_count(domain))
        [seen] = self.events.search_read(
            [("id", "=", self.event.id)], ["name", "location", "description"]
        )
        self.assertEqual(
            seen,
            {
                "id": self.event.id,
                "name": "Busy",
                "location": False,
                "description": False,
            },
            "the busy slot itself stays",
        )
        self.assertEqual(self._state(), before)

    def test_the_attendees_are_hidden_and_left_alone(self):
        before = self._state()
        mentee_attendee = self.event.attendee_ids.filtered(
            lambda a: a.partner_id == self.mentee_user.partner_id
        )
        self.assertFalse(
            self.attendees.search_read(
                [("event_id", "=", self.event.id)], ["partner_id", "access_token"]
            )
        )
        self.env.invalidate_all()
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.colleague)
            .browse(self.event.partner_ids.ids)
            .get_attendee_detail([self.event.id])
        )
        with self.assertRaises(AccessError):
            mentee_attendee.with_user(self.colleague).read(["access_token"])
        with self.assertRaises(AccessError):
            self.attendees.create(
                {
                    "event_id": self.event.id,
                    "partner_id": self.colleague.partner_id.id,
                }
            )
        with self.assertRaises(AccessError):
            mentee_attendee.with_user(self.colleague).unlink()
        with self.assertRaises(AccessError):
            mentee_attendee.with_user(self.colleague).write({"state": "declined"})
        own = self.mine[0].attendee_ids.with_user(self.colleague)
        self.assertEqual(own.partner_id, self.colleague.partner_id)
        with self.assertRaises(AccessError):
            own.write({"event_id": self.event.id})
        self.assertEqual(self._state(), before)

    def test_nobody_else_follows_the_session_s_event(self):
        followers = self.event.message_partner_ids
        invitation = self.env.ref("calendar.subtype_invitation")
        for user in (self.colleague, self.mentor_user):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.event.with_user(user).message_subscribe(
                        partner_ids=self.colleague.partner_id.ids,
                        subtype_ids=invitation.ids,
                    )
                )
        self.assertEqual(self.event.message_partner_ids, followers)
        mentor_attendee = self.event.attendee_ids.filtered(
            lambda a: a.partner_id == self.mentor_user.partner_id
        )
        mentor_attendee.with_user(self.mentor_user).do_accept()
        self.assertFalse(
            self.env["mail.notification"].search(
                [("res_partner_id", "=", self.colleague.partner_id.id)]
            ),
            "no word of who accepts",
        )
        mine = self.mine[0].with_user(self.colleague)
        self.assertTrue(
            mine.message_subscribe(
                partner_ids=self.colleague.partner_id.ids, subtype_ids=invitation.ids
            ),
            "other events are followed as before",
        )

    def test_the_two_members_see_their_session_and_answer_their_own_invitation(self):
        for member in (self.mentor_user, self.mentee_user):
            with self.subTest(member=member.login):
                self.env.invalidate_all()
                events = self.env["calendar.event"].with_user(member)
                [seen] = events.search_read(
                    [("id", "=", self.event.id)],
                    ["name", "description", "location", "partner_ids"],
                )
                self.assertEqual(seen["name"], "Mentoring session")
                self.assertIn("burnout", seen["description"])
                self.assertEqual(seen["location"], "Therapy room")
                self.assertEqual(
                    set(seen["partner_ids"]), set(self.event.partner_ids.ids)
                )
                self.assertEqual(
                    events.search([("location", "ilike", "Therapy")]), self.event
                )
                attendees = self.env["calendar.attendee"].with_user(member)
                self.assertEqual(
                    {
                        row["partner_id"][0]
                        for row in attendees.search_read(
                            [("event_id", "=", self.event.id)], ["partner_id"]
                        )
                    },
                    set(self.event.partner_ids.ids),
                )
                own = self.event.attendee_ids.filtered(
                    lambda a, member=member: a.partner_id == member.partner_id
                )
                own.with_user(member).do_accept()
                self.assertEqual(own.state, "accepted")
                other = self.event.attendee_ids - own
                answer = other.state
                with self.assertRaises(AccessError):
                    other.with_user(member).write({"state": "declined"})
                with self.assertRaises(AccessError):
                    other.with_user(member).unlink()
                with self.assertRaises(AccessError):
                    attendees.create(
                        {
                            "event_id": self.event.id,
                            "partner_id": self.colleague.partner_id.id,
                        }
                    )
                self.assertEqual(other.state, answer)
        self.assertEqual(
            self.event.partner_ids, (self.mentor_user | self.mentee_user).partner_id
        )

    def test_an_agenda_edit_mails_no_date_update(self):
        def messages():
            return self.env["mail.message"].search_count(
                [("model", "=", "calendar.event"), ("res_id", "=", self.event.id)]
            )

        before = messages()
        start = self.event.start
        self.session.with_user(self.mentor_user).agenda = "<p>Rewritten</p>"
        self.assertIn("Rewritten", self.event.description)
        self.assertEqual(self.event.start, start)
        self.assertEqual(messages(), before, "no 'Date updated' for a new agenda")
        self.session.with_user(self.mentor_user).start = start + timedelta(hours=1)
        self.assertGreater(messages(), before, "a real move is mailed")


class TestMove(CalendarCase):
    def test_move_with_a_reason_goes_to_the_chatter(self):
        old_start = self.session.start
        new_start = old_start + timedelta(days=1, hours=2)
        action = self.session.with_user(self.mentee_user).action_open_move()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.mentee_user)
            .with_context(**action["context"])
            .create({"start": new_start, "reason": "Board meeting"})
        )
        self.assertEqual(wizard.duration, 1.0)
        wizard.action_move()
        self.assertEqual(self.session.start, new_start)
        self.assertEqual(self.session.reschedule_count, 1)
        self.assertEqual(self.event.start, new_start)
        note = self.session.message_ids[0]
        self.assertIn("Board meeting", note.body)
        self.assertEqual(note.author_id, self.mentee_user.partner_id)
        self.assertIn(str(old_start.year), note.body)

    def test_only_planned_sessions_move(self):
        self.session.action_cancel()
        with self.assertRaisesRegex(UserError, "Only a planned session can be moved"):
            self.session.action_open_move()

    def test_another_employee_cannot_move_the_session(self):
        with self.assertRaises(AccessError):
            self.session.with_user(self.other_user).write(
                {"start": self.session.start + timedelta(hours=1)}
            )
        self.assertEqual(self.session.reschedule_count, 0)


class TestFreeSlots(CalendarCase):
    """Mia works in Zurich, Hans in New York, both from 9:00 to 17:00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session.unlink()
        cls.zurich = cls._working_week("Zurich office", "Europe/Zurich")
        cls.new_york = cls._working_week("New York office", "America/New_York")
        cls.mentor.write({"resource_calendar_id": cls.zurich.id, "tz": "Europe/Zurich"})
        cls.mentee.write(
            {"resource_calendar_id": cls.new_york.id, "tz": "America/New_York"}
        )
        today = fields.Date.today()
        cls.monday = today + timedelta(days=14 - today.weekday())

    @classmethod
    def _working_week(cls, name, tz):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": tz,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )

    def _utc(self, day, hour, tz):
        local = pytz.timezone(tz).localize(datetime.combine(day, time(hour)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _day(self, day):
        start = datetime.combine(day, time())
        return start, start + timedelta(days=1)

    def test_earliest_time_both_work_in_their_time_zones(self):
        slot = self.tandem._next_slot(*self._day(self.monday), 1.0)
        # New York opens after Zurich and before Zurich closes.
        self.assertEqual(slot, self._utc(self.monday, 9, "America/New_York"))
        self.assertLess(slot, self._utc(self.monday, 17, "Europe/Zurich"))

    def test_a_meeting_of_either_person_is_avoided(self):
        opening = self._utc(self.monday, 9, "America/New_York")
        self.env["calendar.event"].create(
            {
                "name": "Budget review",
                "start": opening,
                "stop": opening + timedelta(minutes=50),
                "partner_ids": [Command.set(self.mentor_user.partner_id.ids)],
            }
        )
        slot = self.tandem._next_slot(*self._day(self.monday), 1.0)
        self.assertEqual(slot, opening + timedelta(hours=1), "next quarter hour")

    def test_time_off_is_avoided(self):
        start, stop = self._day(self.monday)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.new_york.id,
                "resource_id": self.mentee.resource_id.id,
                "date_from": start,
                "date_to": stop + timedelta(hours=12),
            }
        )
        slot = self.tandem._next_slot(start, stop + timedelta(days=1), 1.0)
        tuesday = self.monday + timedelta(days=1)
        self.assertEqual(slot, self._utc(tuesday, 9, "America/New_York"))

    def _free_hours(self, intervals, tz):
        zone = pytz.timezone(tz)
        return [
            (start.astimezone(zone).hour, stop.astimezone(zone).hour)
            for start, stop, _records in intervals
        ]

    def test_each_person_is_free_in_their_own_working_hours(self):
        start, stop = self._day(self.monday)
        self.env["calendar.event"].create(
            {
                "name": "Budget review",
                "start": self._utc(self.monday, 11, "Europe/Zurich"),
                "stop": self._utc(self.monday, 12, "Europe/Zurich"),
                "partner_ids": [Command.set(self.mentor_user.partner_id.ids)],
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Dentist",
                "calendar_id": self.new_york.id,
                "resource_id": self.mentee.resource_id.id,
                "date_from": self._utc(self.monday, 9, "America/New_York"),
                "date_to": self._utc(self.monday, 13, "America/New_York"),
            }
        )
        people = self.mentor | self.mentee
        free = people._mentoring_free_intervals(start, stop)
        self.assertEqual(set(free), set(people))
        self.assertEqual(
            self._free_hours(free[self.mentor], "Europe/Zurich"), [(9, 11), (12, 17)]
        )
        self.assertEqual(
            self._free_hours(free[self.mentee], "America/New_York"), [(13, 17)]
        )

    def test_free_time_costs_the_same_queries_for_two_or_twenty_people(self):
        start, stop = self._day(self.monday)
        colleagues = self.env["hr.employee"].create(
            [
                {
                    "name": f"Colleague {index}",
                    "company_id": self.company.id,
                    "resource_calendar_id": (self.zurich, self.new_york)[index % 2].id,
                }
                for index in range(18)
            ]
        )
        counts = []
        for people in (
            self.mentor | self.mentee,
            self.mentor | self.mentee | colleagues,
        ):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            free = people._mentoring_free_intervals(start, stop)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(free), len(people))
        self.assertEqual(counts[0], counts[1])

    def test_no_common_time_says_so(self):
        auckland = self._working_week("Auckland office", "Pacific/Auckland")
        self.mentee.write(
            {"resource_calendar_id": auckland.id, "tz": "Pacific/Auckland"}
        )
        self.assertIsNone(self.tandem._next_slot(*self._day(self.monday), 1.0))
        with self.assertRaisesRegex(UserError, "no common free time"):
            self.tandem.action_plan_sessions()
        session = self._session(self.tandem, days=7)
        with self.assertRaisesRegex(UserError, "no common free time"):
            session.action_next_free_slot()
        self.assertEqual(session.reschedule_count, 0)

    def test_next_common_free_slot_moves_the_session(self):
        session = self._session(self.tandem, days=3, hour=3)
        session.action_next_free_slot()
        local = pytz.utc.localize(session.start).astimezone(
            pytz.timezone("America/New_York")
        )
        self.assertEqual((local.hour, local.minute), (9, 0))
        self.assertLess(local.weekday(), 5)
        self.assertEqual(session.reschedule_count, 1)
        self.assertEqual(session.calendar_event_id.start, session.start)

    def test_plan_sessions_never_proposes_today(self):
        """Planned at 9:30 in New York while both are free, it starts tomorrow."""
        self.program.session_cadence = "monthly"
        planned_at = self._utc(self.monday, 9, "America/New_York") + timedelta(
            minutes=30
        )
        with freeze_time(planned_at):
            action = self.tandem.with_user(self.mentor_user).action_plan_sessions()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        first = pytz.utc.localize(min(wizard.line_ids.mapped("start"))).astimezone(
            pytz.timezone("America/New_York")
        )
        self.assertGreater(first.date(), self.monday)
        self.assertEqual((first.hour, first.minute), (9, 0))

    def test_next_free_slot_is_never_within_the_hour(self):
        asked_at = self._utc(self.monday, 9, "America/New_York") + timedelta(minutes=30)
        with freeze_time(asked_at):
            session = self._session(self.tandem, days=3, hour=3)
            session.with_user(self.mentor_user).action_next_free_slot()
        local = pytz.utc.localize(session.start).astimezone(
            pytz.timezone("America/New_York")
        )
        self.assertEqual(local.date(), self.monday + timedelta(days=1))
        self.assertEqual((local.hour, local.minute), (9, 0))

    def test_plan_sessions_proposes_one_per_period_then_creates_them(self):
        self.program.session_cadence = "monthly"
        action = self.tandem.with_user(self.mentor_user).action_plan_sessions()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        starts = wizard.line_ids.mapped("start")
        first, last = self.program._window_bounds()
        self.assertGreaterEqual(len(starts), 4)
        self.assertTrue(all(fields.Datetime.now() <= s < last for s in starts))
        gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
        self.assertTrue(all(gap >= timedelta(days=20) for gap in gaps), gaps)
        for start in starts:
            local = pytz.utc.localize(start).astimezone(
                pytz.timezone("America/New_York")
            )
            self.assertEqual((local.hour, local.minute), (9, 0))
        # The user changes the first proposal and drops the last one.
        changed = starts[0] + timedelta(hours=1)
        wizard.line_ids.sorted("start")[0].start = changed
        wizard.line_ids.sorted("start")[-1].unlink()
        wizard.with_user(self.mentor_user).action_confirm()
        sessions = self.tandem.session_ids.sorted("start")
        self.assertEqual(sessions.mapped("start"), [changed, *starts[1:-1]])
        self.assertEqual(self._events_of(sessions), sessions.calendar_event_id)
        self.assertEqual(len(sessions.calendar_event_id), len(sessions))


CALENDAR_QUERY_BUDGET = 10


@tagged("is_query_count")
class TestCalendarQueries(CalendarCase):
    SPEC = {
        "start": {},
        "stop": {},
        "display_name": {},
        "state": {},
        "location": {},
        "tandem_id": {"fields": {"display_name": {}}},
    }

    def _month(self, user):
        today = fields.Date.today()
        domain = [
            ("start", ">=", datetime.combine(today.replace(day=1), time())),
            (
                "start",
                "<",
                datetime.combine(today.replace(day=1), time()) + timedelta(days=62),
            ),
        ]
        self.env.invalidate_all()
        with self.assertQueryCount(CALENDAR_QUERY_BUDGET):
            return (
                self.env["mentoring.session"]
                .with_user(user)
                .web_search_read(domain, self.SPEC)
            )

    def test_a_month_costs_the_same_for_few_and_many_sessions(self):
        self._month(self.coordinator)  # warm the caches
        lengths, created = [], 0
        for count in (4, 40):
            while created < count:
                self._session(self._tandem(name=f"Q{created}"), days=created % 20)
                created += 1
            lengths.append(self._month(self.coordinator)["length"])
        self.assertGreater(lengths[1], lengths[0] + 30)
