#!/usr/bin/env python3
"""What people have in a reverse_mentoring database, before and after an upgrade.

`make upgrade-check` (tools/dev.py upgrade-check) runs this script twice on
the same database, each time with the addons_path of the addon installed in it:

    upgrade_check.py before -c OLD.conf -d DB --state STATE.json
        gives every tandem member a user, writes private notes as members
        through the old code, and records what is there and what each
        sampled user reads as themselves;
    upgrade_check.py after -c NEW.conf -d DB --state STATE.json
        records the same after the upgrade, checks the notes' readers and the
        addon's version, prints a report and exits 1 on any difference.

Odoo is imported inside the functions: `--help` works without it.
"""

import argparse
import json
import sys

ADDON = "reverse_mentoring"
# What is counted, as superuser: {label: (model, domain)}.
COUNTED = {
    "programs": ("mentoring.program", []),
    "participants": ("mentoring.participant", []),
    "tandems": ("mentoring.tandem", []),
    "sessions": ("mentoring.session", []),
    "goals": ("mentoring.goal", []),
    "answers": ("survey.user_input", [("mentoring_tandem_id", "!=", False)]),
}
# What each sampled user reads as themselves: {label: model}.
READ = {
    "tandems": "mentoring.tandem",
    "sessions": "mentoring.session",
    "goals": "mentoring.goal",
}
# Sessions per tandem that get a note before the upgrade.
NOTED_SESSIONS = 2


def open_registry(config, database):
    """The registry of `database`, with the addons_path of `config`."""
    import odoo  # pylint: disable=import-outside-toplevel

    odoo.tools.config.parse_config(
        ["-c", config, "-d", database, "--log-level=warn", "--no-http"]
    )
    return odoo.modules.registry.Registry(database)


def superuser_env(cr):
    import odoo  # pylint: disable=import-outside-toplevel

    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"active_test": False})


# ------------------------------------------------------------------ before


def give_members_users(env):
    """Give each tandem member without a user one, on their work contact.

    The demo links only Marc Demo to a user; with both members of every
    tandem as users, the check follows notes with two readers. The user
    takes the employee's work contact, so that the employee's survey
    answers are the user's own.
    """
    tandems = env["mentoring.tandem"].search([])
    employees = (tandems.mentor_id | tandems.mentee_id).filtered(
        lambda employee: not employee.user_id
    )
    users = env["res.users"].with_context(no_reset_password=True)
    for employee in employees:
        employee.user_id = users.create(
            {
                "name": employee.name,
                "login": f"upgrade-check-{employee.id}",
                "partner_id": employee.work_contact_id.id,
                "company_id": employee.company_id.id,
                "company_ids": [(6, 0, employee.company_id.ids)],
                "groups_id": [(6, 0, env.ref("base.group_user").ids)],
            }
        )
    return employees


def write_expectations(env):
    """Give every tandem its two kick-off texts, through the old code's fields.

    Returns how many tandems got them.
    """
    tandems = env["mentoring.tandem"].search([], order="id")
    for tandem in tandems:
        tandem.write(
            {
                "mentor_expectations": f"Mentor of tandem {tandem.id} expects",
                "mentee_expectations": f"Mentee of tandem {tandem.id} expects",
            }
        )
    return len(tandems)


def write_notes(env):
    """As a member (mentor and mentee in turn), write the private notes of
    the first sessions of every tandem, through the old code's field.

    Returns how many were written; a write the old code refuses (e.g. on a
    closed tandem) is skipped and told.
    """
    from odoo.exceptions import UserError  # pylint: disable=import-outside-toplevel

    written = 0
    for tandem in env["mentoring.tandem"].search([], order="id"):
        sessions = env["mentoring.session"].search(
            [("tandem_id", "=", tandem.id)], order="start, id", limit=NOTED_SESSIONS
        )
        writers = [tandem.mentor_user_id, tandem.mentee_user_id]
        for index, session in enumerate(sessions):
            user = writers[index % 2]
            body = f"<p>Note of {user.name} on session {session.id}</p>"
            try:
                with env.cr.savepoint():
                    session.with_user(user).private_notes = body
                    session.flush_recordset()
                written += 1
            except UserError as error:
                print(
                    f"  no note on session {session.id} ({tandem.display_name}): "
                    f"{error}"
                )
    return written


# ------------------------------------------------------------------ recording


def sampled_users(env):
    """The demo users admin and demo, and every tandem member's user."""
    tandems = env["mentoring.tandem"].search([])
    return (
        env.ref("base.user_admin")
        | env.ref("base.user_demo")
        | tandems.mentor_user_id
        | tandems.mentee_user_id
    )


def what_user_reads(env, user):
    """What `user` reads as themselves, ids and note bodies, JSON-ready."""
    from odoo.exceptions import AccessError  # pylint: disable=import-outside-toplevel

    seen = {
        label: sorted(env[model].with_user(user).search([]).ids)
        for label, model in READ.items()
    }
    sessions = env["mentoring.session"].with_user(user).search([])
    as_member = env["mentoring.tandem"].search(
        ["|", ("mentor_user_id", "=", user.id), ("mentee_user_id", "=", user.id)]
    )
    seen["sessions as a member"] = sorted(as_member.session_ids.ids)
    seen["kick-off texts"] = {
        str(tandem.id): [tandem.mentor_expectations, tandem.mentee_expectations]
        for tandem in as_member.with_user(user)
    }
    seen["notes"] = {
        str(session.id): session.private_notes
        for session in sessions
        if session.private_notes
    }
    own = env["survey.user_input"].search(
        [("mentoring_tandem_id", "!=", False), ("partner_id", "=", user.partner_id.id)]
    )
    seen["own answers"] = sorted(
        [answer.id, answer.access_token, answer.state, answer.mentoring_tandem_id.id]
        for answer in own
    )
    try:
        readable = (
            env["survey.user_input"]
            .with_user(user)
            .search([("mentoring_tandem_id", "!=", False)])
        )
    except AccessError:  # no access right on survey answers at all
        readable = env["survey.user_input"]
    seen["own answers read"] = sorted((readable & own).ids)
    seen["answers of others"] = len(readable - own)
    return seen


def kickoff_texts(cr):
    """How many expectations the members wrote: tandem columns up to 18.0.1.0.0,
    rows of their own table since."""
    cr.execute("SELECT to_regclass('mentoring_tandem_expectation')")
    if cr.fetchone()[0]:
        cr.execute(
            "SELECT count(*) FROM mentoring_tandem_expectation"
            " WHERE COALESCE(body, '') != ''"
        )
    else:
        cr.execute(
            "SELECT count(NULLIF(mentor_expectations, ''))"
            " + count(NULLIF(mentee_expectations, '')) FROM mentoring_tandem"
        )
    return cr.fetchone()[0]


def queue_a_matching(cr):
    """Leave the first program's background matching queued, as a Match click
    does, for the upgrade to keep (the columns of the program up to 18.0.1.2.0)."""
    cr.execute(
        "UPDATE mentoring_program SET matching_state = 'queued',"
        " matching_progress = 40, matching_message = 'Queued before the upgrade'"
        " WHERE id = (SELECT min(id) FROM mentoring_program)"
    )


def matching_states(cr):
    """{program id: [state, progress, message]} of the matchings not idle."""
    cr.execute(
        "SELECT 1 FROM information_schema.tables"
        " WHERE table_name = 'mentoring_matching'"
    )
    if cr.fetchone():
        cr.execute(
            "SELECT program_id, state, progress, message FROM mentoring_matching"
            " WHERE state != 'idle'"
        )
    else:
        cr.execute(
            "SELECT id, matching_state, matching_progress, matching_message"
            " FROM mentoring_program WHERE matching_state != 'idle'"
        )
    return {str(row[0]): list(row[1:]) for row in cr.fetchall()}


def record(env):
    """Counts, the addon's version and what each sampled user reads."""
    env.flush_all()
    counts = {
        label: env[model].search_count(domain)
        for label, (model, domain) in COUNTED.items()
    }
    env.cr.execute("SELECT count(*) FROM mentoring_session_note")
    counts["private notes"] = env.cr.fetchone()[0]
    counts["kick-off texts"] = kickoff_texts(env.cr)
    module = env["ir.module.module"].search([("name", "=", ADDON)])
    return {
        "version": module.latest_version,
        "counts": counts,
        "matchings": matching_states(env.cr),
        "ids": {label: env[model].search([]).ids for label, model in READ.items()},
        "users": {
            str(user.id): {
                "name": f"{user.name} ({user.login})",
                **what_user_reads(env, user),
            }
            for user in sampled_users(env)
        },
    }


# ------------------------------------------------------------------ checking


def notes_schema_problems(env):
    """What the 18.0.1.1.0 migration of the notes may have left wrong."""
    cr = env.cr
    problems = []
    cr.execute(
        """SELECT is_nullable FROM information_schema.columns
            WHERE table_name = 'mentoring_session_note'
              AND column_name = 'readers_key'"""
    )
    if cr.fetchone() != ("NO",):
        problems.append("mentoring_session_note.readers_key is not NOT NULL")
    cr.execute(
        """SELECT conname FROM pg_constraint
            WHERE conrelid = 'mentoring_session_note'::regclass AND contype = 'u'"""
    )
    names = {name for (name,) in cr.fetchall()}
    if "mentoring_session_note_session_uniq" in names:
        problems.append("the old constraint one note per session is still there")
    if "mentoring_session_note_session_readers_uniq" not in names:
        problems.append("the constraint one note per session and readers is missing")
    # Odoo indexes a many2many table it creates by both columns.
    cr.execute(
        """SELECT 1 FROM pg_indexes
            WHERE tablename = 'mentoring_session_note_user_rel'
              AND indexdef LIKE '%(user_id, note_id)'"""
    )
    if not cr.fetchone():
        problems.append("mentoring_session_note_user_rel has no index by user")
    # Every note is read by its tandem's members, and its key says so.
    for note in env["mentoring.session.note"].search([]):
        tandem = note.session_id.tandem_id
        members = tandem.mentor_user_id | tandem.mentee_user_id
        key = ",".join(str(user_id) for user_id in sorted(note.user_ids.ids))
        if note.user_ids != members or note.readers_key != key:
            problems.append(
                f"note {note.id}: readers {note.user_ids.ids} key "
                f"{note.readers_key!r}, members of its tandem {members.ids}"
            )
    return problems


def paired_mail_problems(env):
    """What the 18.0.1.4.0 migration of the "you are paired" mail may have left."""
    template = env.ref("reverse_mentoring.mail_template_tandem_proposed")
    if "/my/mentoring/tandem/" in (template.body_html or ""):
        return []
    return ["the uncustomised 'you are paired' mail has no link to the tandem yet"]


def guidance_problems(env):
    """What the 18.0.1.5.0 upgrade must give the programs and topics there were."""
    problems = [
        f"program {program.name!r} has no mid-term check-in survey"
        for program in env["mentoring.program"].search(
            [
                ("state", "not in", ("closed", "cancelled")),
                ("midterm_survey_id", "=", False),
            ]
        )
    ]
    for topic in env["mentoring.topic"].search([]):
        xmlid = topic.get_external_id()[topic.id]
        if xmlid.startswith(f"{ADDON}.") and not topic.agenda_ids:
            problems.append(
                f"the shipped topic {topic.name!r} has no suggested sessions"
            )
    return problems


def compare(before, after, manifest_version):
    """The differences that matter, one sentence each."""
    problems = []
    if after["version"] != manifest_version:
        problems.append(
            f"{ADDON} is at version {after['version']} in the database, the "
            f"manifest says {manifest_version}"
        )
    # An upgrade may add records (new demo data, for one); it loses none, and
    # the records that were there are read by the same people.
    for label, count in before["counts"].items():
        if after["counts"][label] < count:
            problems.append(f"{label}: {count} before, {after['counts'][label]} after")
    for label, ids in before["ids"].items():
        lost = set(ids) - set(after["ids"][label])
        if lost:
            problems.append(f"{label} {sorted(lost)} are gone")
    for user_id, seen in before["users"].items():
        now = after["users"].get(user_id)
        if now is None:
            problems.append(f"{seen['name']} is no longer a user of the check")
            continue
        for label in (*READ, "notes", "kick-off texts", "own answers"):
            if label in READ:
                now = {
                    **now,
                    label: [i for i in now[label] if i in before["ids"][label]],
                }
            elif label == "kick-off texts":
                # Tandems the upgrade adds (new demo data) bring their own texts.
                tandems = set(map(str, before["ids"]["tandems"]))
                now = {
                    **now,
                    label: {k: v for k, v in now[label].items() if k in tandems},
                }
            elif label == "own answers":
                tandems = set(before["ids"]["tandems"])
                now = {**now, label: [a for a in now[label] if a[3] in tandems]}
            if now[label] != seen[label]:
                problems.append(
                    f"{seen['name']} reads other {label} as themselves: "
                    f"{summary(seen[label])} before, {summary(now[label])} after"
                )
        lost = set(seen["own answers read"]) - set(now["own answers read"])
        if lost:
            problems.append(
                f"{seen['name']} no longer reads their answers {sorted(lost)}"
            )
    for now in after["users"].values():
        strangers = set(now["notes"]) - set(map(str, now["sessions as a member"]))
        if strangers:
            problems.append(
                f"{now['name']} reads the notes of sessions {sorted(strangers)}, "
                f"not being their tandem's member"
            )
    return problems


def summary(value):
    """How many ids (or note's sessions) and which, shortly."""
    if isinstance(value, dict):
        return f"{len(value)} ({', '.join(sorted(value, key=int)) or '-'})"
    return f"{len(value)} ({', '.join(str(item) for item in value[:12]) or '-'})"


def report(before, after):
    """Print the counts, and what each sampled user reads, before -> after."""
    counts = ", ".join(
        f"{label} {count}->{after['counts'][label]}"
        for label, count in before["counts"].items()
    )
    print(f"{ADDON} {before['version']} -> {after['version']}")
    print(f"records: {counts}")
    columns = (*READ, "notes", "own answers", "others'")
    print(f"  {'as themselves, before->after':36}", *(f"{c:>11}" for c in columns))
    for user_id, seen in before["users"].items():
        now = after["users"].get(user_id, seen)
        cells = [f"{len(seen[label])}->{len(now[label])}" for label in (*READ, "notes")]
        cells.append(
            f"{len(seen['own answers read'])}/{len(seen['own answers'])}"
            f"->{len(now['own answers read'])}/{len(now['own answers'])}"
        )
        cells.append(f"{seen['answers of others']}->{now['answers of others']}")
        print(f"  {seen['name'][:36]:36}", *(f"{c:>11}" for c in cells))
    print(
        "  own answers: those of their own feedback answers they read in the back "
        "end / all of them (kept with their link);\n  others': other people's "
        "feedback answers they read (since 18.0.1.1.0 none: feedback is private)"
    )


# ------------------------------------------------------------------ commands


def cmd_before(args):
    """Prepare the old database (users, notes) and record what people have."""
    registry = open_registry(args.config, args.database)
    with registry.cursor() as cr:
        env = superuser_env(cr)
        employees = give_members_users(env)
        written = write_notes(env)
        texts = write_expectations(env)
        queue_a_matching(cr)
        state = record(env)
    print(
        f"before: {len(employees)} tandem members got a user; {written} private "
        f"notes written as members; kick-off texts for {texts} tandems"
    )
    with open(args.state, "w", encoding="utf-8") as file:
        json.dump(state, file, indent=1)


def cmd_after(args):
    """Record again after the upgrade, compare, report; exit 1 on a difference."""
    import odoo  # pylint: disable=import-outside-toplevel

    with open(args.state, encoding="utf-8") as file:
        before = json.load(file)
    registry = open_registry(args.config, args.database)
    with registry.cursor() as cr:
        env = superuser_env(cr)
        after = record(env)
        problems = (
            notes_schema_problems(env)
            + paired_mail_problems(env)
            + guidance_problems(env)
        )
        cr.rollback()
    version = odoo.modules.module.get_manifest(ADDON)["version"]
    problems += compare(before, after, version)
    if after["matchings"] != before["matchings"]:
        problems.append(
            f"background matchings: {before['matchings']} before, "
            f"{after['matchings']} after"
        )
    report(before, after)
    if not before["counts"]["private notes"]:
        problems.append("there were no private notes to follow")
    for problem in problems:
        print(f"DIFFERENCE: {problem}")
    print("upgrade check:", "FAILED" if problems else "people keep their data")
    sys.exit(1 if problems else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("before", "after"))
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--state", required=True, help="JSON file of what was recorded")
    args = parser.parse_args()
    {"before": cmd_before, "after": cmd_after}[args.step](args)


if __name__ == "__main__":
    main()
