"""RPC clients are first-class: an HR system drives the program over XML-RPC.

It calls the same public methods as the buttons, as a real coordinator, and
every answer must reach it: XML-RPC cannot carry ``None``, so a public method
that returns nothing would fault after its work is done.
"""

import ast
import xmlrpc.client
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import BaseCase, HttpCase, get_db_name, tagged

from .common import MentoringCase

ADDON = Path(__file__).resolve().parent.parent
# Fault code of an AccessError on /xmlrpc/2 (odoo.addons.base.controllers.rpc).
ACCESS_ERROR_FAULT = 4


@tagged("post_install", "-at_install")
class TestRpc(MentoringCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.hr_program = cls.env["mentoring.program"].create(
            {
                "name": "HR System Round",
                "company_id": cls.company.id,
                "date_start": today,
                "date_end": today + relativedelta(months=5),
                "coordinator_ids": [Command.set(cls.coordinator.ids)],
                "topic_ids": [Command.set(cls.topic.ids)],
            }
        )
        cls.ai = cls.env.ref("reverse_mentoring.topic_ai_tools")
        sales = cls.env["hr.department"].create({"name": "Sales"})
        it = cls.env["hr.department"].create({"name": "IT"})

        def person(name, born, department):
            employee = cls._employee(name, parent=cls.ceo)
            employee.write(
                {"birthday": date(born, 6, 1), "department_id": department.id}
            )
            return employee

        cls.senior_social = person("Sonja Senior", 1964, sales)
        cls.senior_ai = person("Anton Senior", 1966, sales)
        cls.junior_social = person("Sam Junior", 2001, it)
        cls.junior_ai = person("Alice Junior", 2000, it)

    def rpc(self, model, method, *args, **kwargs):
        """Call `method` of `model` over XML-RPC as the coordinator."""
        return self.xmlrpc_object.execute_kw(
            get_db_name(),
            self.coordinator.id,
            self.coordinator.login,  # new_test_user: the password is the login
            model,
            method,
            list(args),
            kwargs,
        )

    def test_enrolment_and_matching_over_rpc(self):
        program_id = self.hr_program.id
        self.assertIs(
            self.rpc("mentoring.program", "action_open_enrollment", [program_id]),
            True,
        )
        wishes = [
            (self.senior_social, "mentee", self.topic),
            (self.senior_ai, "mentee", self.ai),
            (self.junior_social, "mentor", self.topic),
            (self.junior_ai, "mentor", self.ai),
        ]
        participant_ids = self.rpc(
            "mentoring.participant",
            "create",
            [
                {
                    "program_id": program_id,
                    "employee_id": employee.id,
                    "role": role,
                    # What a client sends: the number of Command.set.
                    "topic_ids": [[6, 0, topic.ids]],
                }
                for employee, role, topic in wishes
            ],
        )
        self.assertEqual(len(participant_ids), 4)
        confirm = "action_confirm"
        self.assertIs(self.rpc("mentoring.participant", confirm, participant_ids), True)
        first = participant_ids[:1]
        self.assertIs(
            self.rpc("mentoring.participant", "action_reset_to_draft", first), True
        )
        self.assertIs(self.rpc("mentoring.participant", "action_cancel", first), True)
        self.assertIs(self.rpc("mentoring.participant", confirm, first), True)
        states = self.rpc("mentoring.participant", "read", participant_ids, ["state"])
        self.assertEqual({row["state"] for row in states}, {"confirmed"})

        wizard_id = self.rpc(
            "mentoring.matching.wizard", "create", {"program_id": program_id}
        )
        # The proposals are written on the wizard itself: nothing else to open.
        self.assertIs(
            self.rpc("mentoring.matching.wizard", "action_compute", [wizard_id]), False
        )
        lines = self.rpc(
            "mentoring.matching.wizard.line",
            "search_read",
            [("wizard_id", "=", wizard_id)],
            ["mentor_id", "mentee_id", "score", "explanation"],
        )
        expected = {
            (self.junior_social.id, self.senior_social.id),
            (self.junior_ai.id, self.senior_ai.id),
        }
        self.assertEqual(
            {(line["mentor_id"][0], line["mentee_id"][0]) for line in lines}, expected
        )
        self.assertTrue(all(line["score"] > 0 for line in lines))
        self.assertTrue(all(line["explanation"] for line in lines))

        action = self.rpc("mentoring.matching.wizard", "action_confirm", [wizard_id])
        # A notice, then the program's board filtered on the proposed tandems.
        self.assertEqual(action["tag"], "display_notification")
        board = action["params"]["next"]
        self.assertEqual(board["res_model"], "mentoring.tandem")
        self.assertEqual(board["context"].get("search_default_proposed"), 1)
        tandem_ids = self.rpc(
            "mentoring.tandem", "search", [*board["domain"], ("phase", "=", "proposed")]
        )
        self.assertIs(self.rpc("mentoring.program", "action_start", [program_id]), True)
        tandems = self.rpc(
            "mentoring.tandem",
            "search_read",
            [("program_id", "=", program_id)],
            ["mentor_id", "mentee_id", "phase", "match_score"],
        )
        self.assertEqual(sorted(t["id"] for t in tandems), sorted(tandem_ids))
        self.assertEqual(
            {(t["mentor_id"][0], t["mentee_id"][0]) for t in tandems}, expected
        )
        self.assertEqual({t["phase"] for t in tandems}, {"proposed"})
        self.assertTrue(all(t["match_score"] > 0 for t in tandems))
        [program] = self.rpc("mentoring.program", "read", [program_id], ["state"])
        self.assertEqual(program["state"], "running")

    def test_refusal_over_rpc_changes_nothing(self):
        tandem_id = self.tandem.id
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(
                "mentoring.tandem",
                "write",
                [tandem_id],
                {"mentor_user_id": self.other_user.id},
            )
        self.assertEqual(caught.exception.faultCode, ACCESS_ERROR_FAULT)
        [tandem] = self.rpc(
            "mentoring.tandem", "read", [tandem_id], ["mentor_user_id", "mentor_id"]
        )
        self.assertEqual(tandem["mentor_user_id"][0], self.mentor_user.id)
        self.assertEqual(tandem["mentor_id"][0], self.mentor.id)

    def test_program_buttons_answer_over_rpc(self):
        program_id = [self.hr_program.id]
        for method in (
            "action_cancel",
            "action_reset_to_draft",
            "action_open_enrollment",
        ):
            self.assertIs(self.rpc("mentoring.program", method, program_id), True)
        for method in ("action_open_participants", "action_open_tandems"):
            action = self.rpc("mentoring.program", method, program_id)
            self.assertEqual(action["type"], "ir.actions.act_window")


NESTED = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef


def _returns(function):
    """The return statements of `function`, without those of nested functions."""
    nodes = list(function.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.Return):
            yield node
        if not isinstance(node, NESTED):
            nodes.extend(ast.iter_child_nodes(node))


def _may_answer_none(function):
    if not isinstance(function.body[-1], ast.Return | ast.Raise):
        return True  # falls off its end
    return any(
        node.value is None
        or (isinstance(node.value, ast.Constant) and node.value.value is None)
        for node in _returns(function)
    )


def methods_without_answer():
    """Public methods of the addon's models and wizards that may return None."""
    paths = [*(ADDON / "models").glob("*.py"), *(ADDON / "wizards").glob("*.py")]
    for path in sorted(paths):
        for cls in ast.parse(path.read_text()).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            for function in cls.body:
                if (
                    isinstance(function, ast.FunctionDef)
                    and not function.name.startswith("_")
                    and _may_answer_none(function)
                ):
                    yield f"{path.name}:{function.lineno} {cls.name}.{function.name}"


@tagged("at_install")
class TestPublicMethodsAnswer(BaseCase):
    def test_every_public_method_returns_something(self):
        """XML-RPC cannot marshal None: public methods answer True or an action."""
        self.assertEqual(list(methods_without_answer()), [])
