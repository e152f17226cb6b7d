"""The database side of `make cluster` (tools/cluster.py), run with Odoo's Python.

    python3 tools/cluster_data.py prepare -c <conf> -d <database> --out <program.json>
        adds a large program, matched in the background by the cron worker
        (tools/cluster_program.py), and writes its id and size;
    python3 tools/cluster_data.py check -c <conf> -d <database> --writes <writes.jsonl>
        checks that nothing was lost or opened up: every write that the portal
        acknowledged (tools/locustfile.py records them) is in the database, no
        mentor has more open tandems than their capacity, no person has two
        open invitations to the same survey, and every private note is read by
        its tandem's members only. Prints each check; exits 1 on a failure.

`make load`'s data (tools/load_data.py) comes first, in the same database.
"""

import argparse
import collections
import json
import sys

from cluster_program import prepare
from upgrade_check import sampled_users, what_user_reads

import odoo
from odoo import SUPERUSER_ID, api


def acknowledged_writes(path):
    """{(kind, record id): [write, ...]} in the order they were sent."""
    writes = collections.defaultdict(list)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            write = json.loads(line)
            writes[write["kind"], write["record"]].append(write)
    for attempts in writes.values():
        attempts.sort(key=lambda write: write["sent"])
    return writes


def check_writes(env, writes):
    """The problems with the acknowledged writes: each must be in the database.

    A move leaves a chatter message with its token; a reached goal stays
    reached; a note stays until its writer writes another, so the note in the
    database must be the last acknowledged one or a later one (one that the
    writer sent but whose answer was lost, which may have been saved).
    """
    problems = []
    acknowledged = 0
    for (kind, record), attempts in writes.items():
        acked = [index for index, write in enumerate(attempts) if write["acked"]]
        acknowledged += len(acked)
        if kind == "move":
            env.cr.execute(
                "SELECT body FROM mail_message WHERE model = 'mentoring.session' "
                "AND res_id = %s",
                [record],
            )
            bodies = " ".join(body for (body,) in env.cr.fetchall())
            problems += [
                f"move {attempts[index]['token']} of session {record} is missing"
                for index in acked
                if attempts[index]["token"] not in bodies
            ]
        elif kind == "goal" and acked:
            if not env["mentoring.goal"].browse(record).is_done:
                problems.append(f"goal {record} was reached but is not done")
        elif kind == "note" and acked:
            # As its writer, the mentor: a note is closed to everyone else.
            session = env["mentoring.session"].browse(record)
            writer = session.tandem_id.mentor_user_id
            notes = session.with_user(writer).private_notes or ""
            possible = [write["token"] for write in attempts[acked[-1] :]]
            if not any(token in notes for token in possible):
                problems.append(
                    f"note {attempts[acked[-1]]['token']} of session {record} is "
                    f"missing (the notes read: {notes[:80]!r})"
                )
    print(f"  {acknowledged} acknowledged writes on {len(writes)} records")
    return problems


def check_capacity(env):
    mentors = env["mentoring.participant"].search([("role", "=", "mentor")])
    counts = mentors._count_open_tandems()
    return [
        f"{mentor.display_name} has {counts[mentor.id]} open tandems for a capacity "
        f"of {mentor.capacity}"
        for mentor in mentors
        if counts[mentor.id] > mentor.capacity
    ]


def check_invitations(env):
    """No person has two open invitations to the same survey, tandem and session."""
    env.cr.execute(
        """
        SELECT survey_id, partner_id, mentoring_tandem_id, mentoring_session_id,
               count(*)
          FROM survey_user_input
         WHERE mentoring_tandem_id IS NOT NULL AND state != 'done'
         GROUP BY survey_id, partner_id, mentoring_tandem_id, mentoring_session_id
        HAVING count(*) > 1
        """
    )
    return [
        f"{count} open invitations of partner {partner} to survey {survey} for "
        f"tandem {tandem}, session {session}"
        for survey, partner, tandem, session, count in env.cr.fetchall()
    ]


def check_note_readers(env):
    """Every private note is read by its tandem's members, and by nobody else."""
    problems = []
    readers = collections.defaultdict(set)
    for user in sampled_users(env):
        for session_id in what_user_reads(env, user)["notes"]:
            readers[int(session_id)].add(user)
    sessions = env["mentoring.session.note"].search([]).session_id
    for session in sessions:
        members = {session.tandem_id.mentor_user_id, session.tandem_id.mentee_user_id}
        problems += [
            f"{user.login} reads the notes of session {session.id}"
            for user in readers[session.id] - members
        ]
    print(f"  {len(sessions)} sessions with private notes")
    return problems


def check(env, writes_path):
    failed = False
    writes = acknowledged_writes(writes_path)
    for label, problems in (
        ("acknowledged writes", lambda: check_writes(env, writes)),
        ("mentors' capacity", lambda: check_capacity(env)),
        ("open invitations", lambda: check_invitations(env)),
        ("readers of private notes", lambda: check_note_readers(env)),
    ):
        found = problems()
        failed = failed or bool(found)
        print(f"  {label}: {'FAILED' if found else 'ok'}")
        for problem in found[:20]:
            print(f"    {problem}")
    return not failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("prepare", "check"))
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--out")
    parser.add_argument("--writes")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level", "warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        if args.command == "prepare":
            prepare(env, args.out)
            return
        passed = check(env(context={"active_test": False}), args.writes)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
