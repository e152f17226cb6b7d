"""The large program of `make cluster`, which the cron worker matches in the
background (tools/cluster_data.py prepare adds it; tools/bench_matching.py builds it).

Apart from tools/cluster_data.py, so that a change to its checks does not
build the saved database of `make cluster` again.
"""

import json

from bench_matching import build_program

from odoo import Command

# The large program: big enough for its matching to run for a few seconds,
# small enough to build in a few minutes.
MENTEES = 1500
MENTORS = 750
CAPACITY = 2
# Confirmed participants from which Match hands a program to the cron worker:
# the large program goes there, the 200 tandems of the load test stay below.
THRESHOLD = 1000


def prepare(env, out):
    program = build_program(env, MENTEES, MENTORS, CAPACITY, seed=28)
    program.write(
        {
            "name": "Cluster Large Program",
            "coordinator_ids": [Command.set(env.ref("base.user_admin").ids)],
        }
    )
    env["ir.config_parameter"].set_param(
        "reverse_mentoring.background_matching_threshold", THRESHOLD
    )
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"program_id": program.id, "mentees": MENTEES}, handle)
    print(f"large program {program.id}: {MENTEES} mentees, {MENTORS} mentors")
