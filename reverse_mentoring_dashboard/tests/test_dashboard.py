"""The Reverse Mentoring dashboard: what it reads, and who opens it."""

import json

from odoo.exceptions import AccessError

from odoo.addons.reverse_mentoring.tests.common import MentoringCase
from odoo.addons.spreadsheet.utils.validate_data import (
    fields_in_spreadsheet,
    menus_xml_ids_in_spreadsheet,
)


class TestDashboard(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "reverse_mentoring_dashboard.spreadsheet_dashboard_reverse_mentoring"
        )
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        cls.filters = {f["id"]: f for f in cls.data["globalFilters"]}

    def _sources(self):
        """(kind, model, domain, field names, fieldMatching) of every data source."""
        for pivot in self.data["pivots"].values():
            dimensions = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]] + [
                m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"
            ]
            yield (
                "pivot",
                pivot["model"],
                pivot["domain"],
                dimensions,
                pivot["fieldMatching"],
            )
        for spreadsheet_list in self.data["lists"].values():
            names = spreadsheet_list["columns"] + [
                order["name"] for order in spreadsheet_list["orderBy"]
            ]
            yield (
                "list",
                spreadsheet_list["model"],
                spreadsheet_list["domain"],
                names,
                spreadsheet_list["fieldMatching"],
            )
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                yield (
                    "chart",
                    chart["metaData"]["resModel"],
                    chart["searchParams"]["domain"],
                    [group.split(":")[0] for group in chart["metaData"]["groupBy"]],
                    chart["fieldMatching"],
                )

    def _resolve(self, model, chain):
        """The field at the end of `chain` (dotted) from `model`, or fail."""
        field = None
        for name in chain.split("."):
            self.assertIn(name, self.env[model]._fields, f"{model}.{name}")
            field = self.env[model]._fields[name]
            model = field.comodel_name or model
        return field

    def test_the_dashboard_references_only_existing_models_and_fields(self):
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Human Resources")
        sources = list(self._sources())
        self.assertEqual(
            sorted({model for _k, model, *_rest in sources}),
            [
                "mentoring.goal",
                "mentoring.participant",
                "mentoring.program",
                "mentoring.session",
                "mentoring.tandem",
            ],
        )
        # What Odoo's own spreadsheet validation reads: fields of the data
        # sources, filters and links to views, and the menus of the charts.
        for model, chains in fields_in_spreadsheet(self.data).items():
            for chain in chains:
                with self.subTest(model=model, chain=chain):
                    self._resolve(model, chain)
        for xml_id in menus_xml_ids_in_spreadsheet(self.data):
            self.assertTrue(self.env.ref(xml_id).action, xml_id)
        for kind, model, domain, names, matching in sources:
            with self.subTest(kind=kind, model=model):
                for name in names:
                    self._resolve(model, name)
                self.env[model].search_count(domain)
                for filter_id, target in matching.items():
                    field = self._resolve(model, target["chain"])
                    expected = self.filters[filter_id]["modelName"]
                    self.assertEqual(field.comodel_name or model, expected)

    def test_feedback_only_as_the_programs_figures(self):
        # No source reads survey answers; the feedback columns are the program's
        # figures, shown only when they rest on enough answers.
        models = {model for _k, model, *_rest in self._sources()}
        self.assertFalse({m for m in models if m.startswith("survey.")})
        cells = self.data["sheets"][0]["cells"]
        feedback = [
            cell["content"]
            for cell in cells.values()
            if '"promoter_share"' in cell.get("content", "")
        ]
        self.assertTrue(feedback)
        for content in feedback:
            self.assertTrue(content.startswith("=IF(ODOO.LIST(1,"), content)
            self.assertIn('"promoter_enough"', content)

    def test_pivots_are_laid_out_cell_by_cell(self):
        # =PIVOT() heads its table with "(#id) name"; the dashboard writes its own
        # headers and reads each figure with PIVOT.HEADER and PIVOT.VALUE.
        contents = [
            cell.get("content", "") for cell in self.data["sheets"][0]["cells"].values()
        ]
        self.assertFalse([c for c in contents if c.upper().startswith("=PIVOT(")])
        self.assertTrue([c for c in contents if c.startswith("=PIVOT.VALUE(3,")])

    def test_coordinators_open_it_and_see_their_programs(self):
        dashboard = self.dashboard.with_user(self.coordinator)
        self.assertIn(
            dashboard,
            self.env["spreadsheet.dashboard"].with_user(self.coordinator).search([]),
        )
        snapshot = dashboard.get_readonly_dashboard()["snapshot"]
        self.assertEqual(snapshot["lists"]["1"]["model"], "mentoring.program")
        # Every source, with every filter set, runs as the coordinator.
        department = self.env["hr.department"].create(
            {"name": "Board", "company_id": self.company.id}
        )
        self.mentee.department_id = department
        values = {
            "res.company": self.company.ids,
            "mentoring.program": self.program.ids,
            "hr.department": department.ids,
            "res.country": self.env.ref("base.ch").ids,
        }
        for kind, model, domain, names, matching in self._sources():
            records = self.env[model].with_user(self.coordinator)
            for filter_id, target in matching.items():
                with self.subTest(kind=kind, model=model, chain=target["chain"]):
                    value = values[self.filters[filter_id]["modelName"]]
                    records.search_count(domain + [(target["chain"], "in", value)])
            if kind == "list":
                rows = records.search_read(
                    domain + [("id", "=", self.program.id)], names
                )
                self.assertEqual(rows[0]["mentee_count"], 1)
                self.assertFalse(rows[0]["promoter_enough"])
        # A coordinator of another company finds none of this program.
        self.assertFalse(
            self.env["mentoring.program"]
            .with_user(self.foreign_coordinator)
            .search([("id", "=", self.program.id)])
        )

    def test_employees_cannot_open_it(self):
        for user in (self.mentee_user, self.other_user):
            with self.subTest(user=user.login):
                dashboards = self.env["spreadsheet.dashboard"].with_user(user)
                self.assertNotIn(self.dashboard, dashboards.search([]))
                with self.assertRaises(AccessError):
                    self.dashboard.with_user(user).read(["name", "spreadsheet_data"])

    def test_the_demo_program_fills_it(self):
        demo = self.env.ref("reverse_mentoring.demo_program_digital_leadership")
        programs = self.data["lists"]["1"]
        rows = self.env[programs["model"]].search_read(
            programs["domain"] + [("id", "=", demo.id)], programs["columns"]
        )
        self.assertTrue(rows[0]["mentee_count"])
        self.assertTrue(rows[0]["session_done_count"])
        self.assertTrue(rows[0]["cost_per_mentee"])
        # The demo data run the daily health update: the tandems under way have one.
        under_way = self.env["mentoring.tandem"].search(
            [
                ("program_id", "=", demo.id),
                ("phase", "in", ("kickoff", "active", "closing")),
            ]
        )
        self.assertTrue(under_way)
        self.assertTrue(all(under_way.mapped("health")))
