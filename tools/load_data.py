"""Data of `make load`: a running program that brings the database to 200 tandems.

    python3 tools/load_data.py -c <odoo.conf> -d <database> --out <data.json>

Next to the demo data, adds a program whose mentors each have a user and a
share of 200 tandems (less the demo's), every tandem with a planned session and
a goal, and writes what the load test needs (logins, tandems, sessions, the
program) to --out. Run twice on the same database, it adds nothing and writes
the same file.
"""

import argparse
import json
import math
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, Command, api, fields

PROGRAM = "Load Test Program"
TANDEMS = 200
MENTORS = 20
PASSWORD = "load-test"  # noqa: S105 - throwaway accounts of a throwaway database
# The demo's coordinator and administrator.
COORDINATOR = {"login": "admin", "password": "admin"}


def build_program(env):
    """The program, its mentors (with users), mentees and tandems."""
    today = fields.Date.today()
    missing = max(TANDEMS - env["mentoring.tandem"].search_count([]), MENTORS)
    per_mentor = math.ceil(missing / MENTORS)
    program = env["mentoring.program"].create(
        {
            "name": PROGRAM,
            "date_start": today - relativedelta(months=1),
            "date_end": today + relativedelta(months=5),
            "state": "running",
            "max_mentees_per_mentor": per_mentor,
            "coordinator_ids": [Command.set(env.ref("base.user_admin").ids)],
        }
    )
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Load Mentor {n}",
                    "login": f"load_mentor_{n}",
                    "password": PASSWORD,
                    "groups_id": [Command.set(env.ref("base.group_user").ids)],
                }
                for n in range(MENTORS)
            ]
        )
    )
    mentors = env["hr.employee"].create(
        [{"name": user.name, "user_id": user.id} for user in users]
    )
    mentees = env["hr.employee"].create(
        [{"name": f"Load Mentee {n}"} for n in range(missing)]
    )
    env["mentoring.participant"].create(
        [
            {
                "program_id": program.id,
                "employee_id": employee.id,
                "role": role,
                "state": "confirmed",
            }
            for employees, role in ((mentors, "mentor"), (mentees, "mentee"))
            for employee in employees
        ]
    )
    tandems = env["mentoring.tandem"].create(
        [
            {
                "program_id": program.id,
                "mentor_id": mentors[n % MENTORS].id,
                "mentee_id": mentee.id,
                "stage_id": env.ref("reverse_mentoring.stage_active").id,
            }
            for n, mentee in enumerate(mentees)
        ]
    )
    env["mentoring.session"].create(
        [
            {
                "tandem_id": tandem.id,
                "start": datetime.combine(
                    today + timedelta(days=3 + n % 20), time(8 + n % 8)
                ),
                "duration": 1.0,
            }
            for n, tandem in enumerate(tandems)
        ]
    )
    env["mentoring.goal"].create(
        [{"tandem_id": tandem.id, "name": "Use the new tools"} for tandem in tandems]
    )
    tandems._update_health()
    return program


def describe(env, program):
    """What the load test needs to log in and find its way."""
    tandems = env["mentoring.tandem"].search([("program_id", "=", program.id)])
    mentors = []
    for user in tandems.mentor_user_id.sorted("login"):
        own = tandems.filtered(lambda t, user=user: t.mentor_user_id == user)
        mentors.append(
            {
                "login": user.login,
                "password": PASSWORD,
                "tandems": [
                    {
                        "id": tandem.id,
                        "session_id": tandem.session_ids[:1].id,
                        "goal_id": tandem.goal_ids[:1].id,
                    }
                    for tandem in own
                ],
            }
        )
    return {
        "program_id": program.id,
        "tandems": env["mentoring.tandem"].search_count([]),
        "mentors": mentors,
        "coordinator": COORDINATOR,
        "date_end": fields.Date.to_string(program.date_end),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level", "warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        program = env["mentoring.program"].search(
            [("name", "=", PROGRAM)], limit=1
        ) or build_program(env)
        data = describe(env, program)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1)
    print(
        f"{data['tandems']} tandems in {args.database}, "
        f"{len(data['mentors'])} mentors logging in"
    )


if __name__ == "__main__":
    main()
