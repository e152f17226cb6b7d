"""The first day in the back end: where people land, what they click and read.

The views offer only what the models accept, say where the user is, and show
dates and figures so that they read at a glance.
"""

import importlib.util
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytz
from lxml import etree

from odoo.tests import Form

from ..models.hr_employee_free_slots import YEAR_END_DAYS
from ..report.mentoring_program_results_report import MISSED, svg_targets_chart
from ..wizards.mentoring_matching_wizard import _Explainer
from .common import MentoringCase


class FirstDayCase(MentoringCase):
    def _arch(self, model, view_type, user=None):
        views = (
            self.env[model]
            .with_user(user or self.coordinator)
            .get_views([(False, view_type)])
        )
        return etree.fromstring(views["views"][view_type]["arch"])

    def _run(self, xml_id, user):
        return self.env.ref(xml_id).with_user(user).run()


class TestWhereAmI(FirstDayCase):
    def test_the_app_opens_on_programs_for_coordinators(self):
        root = self.env.ref("reverse_mentoring.menu_reverse_mentoring_root")
        home = self.env.ref("reverse_mentoring.action_mentoring_home")
        self.assertEqual(root.action, home)
        action = self._run("reverse_mentoring.action_mentoring_home", self.coordinator)
        self.assertEqual(action["res_model"], "mentoring.program")
        self.assertEqual(action["name"], "Programs")

    def test_a_member_of_one_tandem_lands_on_it(self):
        for xml_id in (
            "reverse_mentoring.action_mentoring_home",
            "reverse_mentoring.action_mentoring_my_tandems",
        ):
            with self.subTest(xml_id=xml_id):
                action = self._run(xml_id, self.mentee_user)
                self.assertEqual(
                    (action["res_model"], action["res_id"], action["views"]),
                    ("mentoring.tandem", self.tandem.id, [(False, "form")]),
                )
        # Someone in no tandem finds the programs, where they enrol.
        action = self._run("reverse_mentoring.action_mentoring_home", self.other_user)
        self.assertEqual(action["res_model"], "mentoring.program")
        # My Tandems still says they are in no tandem yet.
        action = self._run(
            "reverse_mentoring.action_mentoring_my_tandems", self.other_user
        )
        self.assertEqual(
            (action["res_model"], action["name"]), ("mentoring.tandem", "My Tandems")
        )

    def test_a_member_of_several_tandems_gets_the_board(self):
        second = self._employee("Second Mentee", parent=self.ceo)
        self._enrol(second, "mentee")
        self.env["mentoring.tandem"].create(
            {
                "program_id": self.program.id,
                "mentor_id": self.mentor.id,
                "mentee_id": second.id,
            }
        )
        action = self._run("reverse_mentoring.action_mentoring_home", self.mentor_user)
        self.assertEqual(action["res_model"], "mentoring.tandem")
        self.assertFalse(action.get("res_id"))
        self.assertTrue(action["view_mode"].startswith("kanban"))
        # Their board holds the columns of their tandems, not every empty
        # stage before them (on a phone the first column is all one sees);
        # the coordinators' board keeps every stage to move tandems into.
        Tandem = self.env["mentoring.tandem"]
        Stage = self.env["mentoring.tandem.stage"]
        stages = Stage.search([])
        mine = Tandem.search([("mentor_id", "=", self.mentor.id)])
        theirs = Stage.search([("id", "in", mine.stage_id.ids)])
        self.assertLess(len(theirs), len(stages))
        for user, expected in ((self.mentor_user, theirs), (self.coordinator, stages)):
            with self.subTest(user=user.login):
                groups = Tandem.with_user(user).web_read_group(
                    [], ["stage_id"], ["stage_id"]
                )["groups"]
                self.assertEqual(
                    [group["stage_id"][0] for group in groups], expected.ids
                )

    def test_proposals_named_once_and_a_notice_says_why_the_board_is_filtered(self):
        self.tandem.session_ids.unlink()
        self.tandem.unlink()
        wizard = (
            self.env["mentoring.matching.wizard"]
            .with_user(self.coordinator)
            .create({"program_id": self.program.id})
        )
        self.assertEqual(wizard.display_name, "Proposals for Digital Leadership")
        self.assertFalse(wizard.action_compute(), "no second breadcrumb")
        self.assertEqual(wizard.line_ids.mentee_id, self.mentee)
        action = wizard.action_confirm()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["title"], "1 tandems proposed")
        self.assertIn("still in Proposed", action["params"]["message"])
        board = action["params"]["next"]
        self.assertEqual(board["res_model"], "mentoring.tandem")
        self.assertEqual(board["context"]["search_default_proposed"], 1)
        search = self._arch("mentoring.tandem", "search")
        self.assertTrue(search.xpath("//filter[@name='proposed']"))


class TestTraps(FirstDayCase):
    def test_cancelling_a_program_asks_first(self):
        form = self._arch("mentoring.program", "form")
        (button,) = form.xpath("//button[@name='action_cancel']")
        self.assertTrue(button.get("confirm"))

    def test_fields_only_the_addon_sets_show_read_only(self):
        for user in (self.mentee_user, self.coordinator):
            with self.subTest(user=user.login):
                views = (
                    self.env["mentoring.tandem"]
                    .with_user(user)
                    .get_views([(False, "form")])
                )
                described = views["models"]["mentoring.tandem"]["fields"]
                self.assertTrue(described["match_score"]["readonly"])
                self.assertFalse(described["mentor_expectations"]["readonly"])

    def test_no_delete_icon_on_a_tandems_sessions(self):
        form = self._arch("mentoring.tandem", "form")
        (sessions,) = form.xpath("//field[@name='session_ids']/list")
        self.assertEqual(sessions.get("delete"), "0")

    def test_mark_as_held_only_once_the_session_started(self):
        past = self._session(self.tandem, days=-1)
        self.assertFalse(self.planned_session.has_started)
        self.assertTrue(past.has_started)
        form = self._arch("mentoring.session", "form")
        (button,) = form.xpath("//button[@name='action_done']")
        self.assertIn("not has_started", button.get("invisible"))

    def test_a_cohort_events_end_follows_its_start(self):
        start = datetime.combine(date.today() + timedelta(days=7), datetime.min.time())
        events = self.env["mentoring.cohort.event"].with_user(self.coordinator)
        with Form(events.with_context(default_program_id=self.program.id)) as form:
            form.name = "Kick-off Workshop"
            form.start = start
            self.assertEqual(form.stop, start + timedelta(hours=2))
        event = form.record
        with Form(event) as form:
            form.stop = start + timedelta(hours=3)
            form.start = start + timedelta(days=1)
            self.assertEqual(form.stop, start + timedelta(days=1, hours=3))
        self.assertEqual(event.stop, start + timedelta(days=1, hours=3))
        self.assertEqual(event.calendar_event_id.stop, event.stop)


class TestHardToRead(FirstDayCase):
    def test_times_show_without_seconds(self):
        checked = 0
        for model, view_types in (
            ("mentoring.tandem", ("kanban", "list", "form")),
            ("mentoring.session", ("list", "form")),
            ("mentoring.cohort.event", ("list", "form")),
            ("mentoring.session.plan", ("form",)),
            ("mentoring.session.move", ("form",)),
        ):
            for view_type in view_types:
                views = self.env[model].get_views([(False, view_type)])
                arch = etree.fromstring(views["views"][view_type]["arch"])
                fields = {
                    name: description
                    for described in views["models"].values()
                    for name, description in described["fields"].items()
                }
                for node in arch.iter("field"):
                    if fields.get(node.get("name"), {}).get("type") != "datetime":
                        continue
                    if node.get("invisible") in ("1", "True"):
                        continue
                    checked += 1
                    name = node.get("name")
                    with self.subTest(model=model, view=view_type, field=name):
                        self.assertIn("'show_seconds': false", node.get("options", ""))
        self.assertGreater(checked, 10)

    def test_plan_sessions_names_the_weekday(self):
        wizard = self.env["mentoring.session.plan"].create(
            {
                "tandem_id": self.tandem.id,
                "line_ids": [
                    (0, 0, {"start": datetime(2027, 12, 23, 9), "duration": 1.0})
                ],
            }
        )
        self.assertEqual(wizard.line_ids.weekday, "Thursday")

    def test_no_session_is_proposed_around_the_turn_of_the_year(self):
        self.mentor.tz = "Europe/Zurich"
        free = self.mentor._mentoring_free_intervals(
            datetime(2027, 12, 20), datetime(2028, 1, 8)
        )[self.mentor]
        zone = pytz.timezone("Europe/Zurich")
        days = {start.astimezone(zone).date() for start, _stop, _r in free}
        self.assertTrue(days, "the mentor works in these weeks")
        self.assertIn(date(2027, 12, 23), days)
        self.assertIn(date(2027, 12, 27), days)
        for month, day in YEAR_END_DAYS:
            year = 2027 if month == 12 else 2028
            self.assertNotIn(date(year, month, day), days)

    def test_kanban_figures_carry_their_label(self):
        kanban = etree.tostring(
            self._arch("mentoring.tandem", "kanban"), encoding="unicode"
        )
        for label in ("goals reached", " held", "Match ", " overdue"):
            self.assertIn(label, kanban)

    def test_figure_columns_are_wide_enough_for_their_header(self):
        arch = self._arch("mentoring.mentor.pool", "list")
        for name in ("open_tandem_count", "free_capacity"):
            (column,) = arch.xpath(f"//field[@name='{name}']")
            self.assertTrue(column.get("width"), name)

    def test_one_level_is_singular(self):
        explainer = object.__new__(_Explainer)
        explainer.env = self.env
        explainer.data = SimpleNamespace(
            mentee_people=SimpleNamespace(depth=[1, 1]),
            mentor_people=SimpleNamespace(depth=[2, 3]),
        )
        self.assertEqual(
            explainer._hierarchy(0, 0), "the mentor is one level below the mentee"
        )
        self.assertEqual(
            explainer._hierarchy(1, 1), "the mentor is 2 levels below the mentee"
        )

    def test_the_results_tab_hides_what_has_nothing_to_show(self):
        admin = self.env.ref("base.user_admin")
        form = self._arch("mentoring.program", "form", user=admin)
        (talent,) = form.xpath("//group[@string='Talent spotting']")
        self.assertEqual(talent.get("invisible"), "not top_mentor_ids")
        (cohort,) = form.xpath("//group[@name='cohort_results']")
        self.assertEqual(cohort.get("invisible"), "not cohort_event_count")

    def test_a_cost_below_its_reference_is_not_drawn_red(self):
        below = svg_targets_chart([("Cost per mentee", 800.0, 1000.0, "", True)])
        above = svg_targets_chart([("Cost per mentee", 1200.0, 1000.0, "", True)])
        short = svg_targets_chart([("Sessions", 3.0, 6.0, "", False)])
        self.assertNotIn(MISSED, below)
        self.assertIn(MISSED, above)
        self.assertIn(MISSED, short)


class TestPairedMailUpgrade(MentoringCase):
    """The 18.0.1.4.0 migration of the noupdate "you are paired" mail."""

    def _migration(self):
        path = (
            Path(__file__).parents[1] / "migrations" / "18.0.1.4.0" / "post-migrate.py"
        )
        spec = importlib.util.spec_from_file_location("rm_migrate_18_0_1_4_0", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def _template(self, migration, body):
        template = self.env.ref("reverse_mentoring.mail_template_tandem_proposed")
        template.write({"subject": migration.PREVIOUS_SUBJECT, "body_html": body})
        return template

    def test_the_mail_as_shipped_before_gets_the_new_body(self):
        migration = self._migration()
        template = self._template(migration, migration.PREVIOUS_BODY)
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        self.assertIn("/my/mentoring/tandem/", template.body_html)
        self.assertIn("you are the mentor of", template.body_html)
        self.assertNotIn("as mentor with", template.body_html)

    def test_a_mail_the_company_changed_stays_as_written(self):
        migration = self._migration()
        body = migration.PREVIOUS_BODY.replace("As a first step", "First of all")
        template = self._template(migration, body)
        written = template.body_html
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(template.body_html, written)
        self.assertNotIn("/my/mentoring/tandem/", template.body_html)
