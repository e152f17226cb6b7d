"""Benchmark of the tandem matching, run by `make bench` in a throwaway database.

    python3 tools/bench_matching.py -c <odoo.conf> [-d <database>]

Builds synthetic programs (12 topics, a company hierarchy five levels deep,
profiles with interests, styles, formats, times and spoken languages, and
wishes of some people):

* the usual case, 1,000 mentees and 500 mentors of capacity 2 by default:
  the matching wizard's compute against the bare assignment step, its
  queries for a small and this program, the optimal total against the
  dense optimum (scipy's linear_sum_assignment on the whole matrix) and the
  greedy baseline;
* the large case, 10,000 mentees and 5,000 mentors of capacity 2 (--large):
  the wizard's compute in a fresh process of its own (python3 -c ... --measure),
  so that its peak resident memory (VmHWM) is the whole process's peak
  while matching, not the building's.

The programs are committed to the throwaway database, so that the measuring
process can read them; `make bench` drops the database afterwards.
"""

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api

ROOT = Path(__file__).resolve().parent.parent
TOPIC_COUNT = 12
DEPARTMENTS = 20
LOCATIONS = 3
INTERESTS = 24
LANGUAGES = ("base.lang_en", "base.lang_de", "base.lang_fr", "base.lang_it")
# Shares of the mentees and of the mentors who name preferred partners.
WISHING = {"mentee": 0.3, "mentor": 0.1}
# Share of the people who agree to be wished for (the consent wishes need).
VISIBLE_FOR_WISHES = 0.8


def build_program(env, mentees, mentors, capacity, seed):
    """A running program with a realistic hierarchy and confirmed participants,
    with profiles (interests, style, format, times, languages) and wishes."""
    # pylint: disable=import-outside-toplevel
    from odoo.addons.reverse_mentoring.matching.odoo_data import DAY_TIMES
    from odoo.addons.reverse_mentoring.models.mentoring_participant_profile import (
        MAX_WISHES,
    )

    rng = random.Random(seed)
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    company = env.company
    topics = env["mentoring.topic"].search([], limit=TOPIC_COUNT)
    skill_type = env["hr.skill.type"].create(
        {
            "name": f"Digital skills {seed}",
            "skill_ids": [
                Command.create({"name": f"Skill {n}"}) for n in range(TOPIC_COUNT)
            ],
            "skill_level_ids": [
                Command.create({"name": name, "level_progress": progress})
                for name, progress in (("Basic", 25), ("Good", 60), ("Expert", 100))
            ],
        }
    )
    topics += env["mentoring.topic"].create(
        [{"name": f"Topic {n}"} for n in range(TOPIC_COUNT - len(topics))]
    )
    for topic, skill in zip(topics, skill_type.skill_ids, strict=True):
        topic.skill_ids = [Command.link(skill.id)]
    departments = env["hr.department"].create(
        [{"name": f"Department {seed}-{n}"} for n in range(DEPARTMENTS)]
    )
    locations = env["hr.work.location"].create(
        [
            {"name": f"Site {seed}-{n}", "address_id": company.partner_id.id}
            for n in range(LOCATIONS)
        ]
    )

    def employees(count, parents, born, prefix):
        return env["hr.employee"].create(
            [
                {
                    "name": f"{prefix} {seed}-{n}",
                    "parent_id": rng.choice(parents).id if parents else False,
                    "department_id": rng.choice(departments).id,
                    "work_location_id": rng.choice(locations).id,
                    "birthday": date(rng.randint(*born), rng.randint(1, 12), 1),
                }
                for n in range(count)
            ]
        )

    # CEO > vice presidents > directors > managers (the mentees) > juniors (the mentors)
    ceo = employees(1, None, (1958, 1962), "CEO")
    vps = employees(8, ceo, (1960, 1970), "VP")
    directors = employees(mentees // 10, vps, (1965, 1978), "Director")
    managers = employees(mentees - len(directors), directors, (1970, 1988), "Manager")
    juniors = employees(mentors, managers, (1996, 2006), "Junior")
    program = env["mentoring.program"].create(
        {
            "name": f"Benchmark {mentees}x{mentors}",
            "state": "running",
            "max_mentees_per_mentor": capacity,
            "topic_ids": [Command.set(topics.ids)],
        }
    )
    env["hr.employee.skill"].create(
        [
            {
                "employee_id": junior.id,
                "skill_id": skill.id,
                "skill_level_id": rng.choice(skill_type.skill_level_ids).id,
                "skill_type_id": skill_type.id,
            }
            for junior in juniors
            for skill in rng.sample(list(skill_type.skill_ids), 3)
        ]
    )
    interests = env["mentoring.interest"].create(
        [{"name": f"Interest {seed}-{n}"} for n in range(INTERESTS)]
    )
    languages = [env.ref(xml_id).id for xml_id in LANGUAGES]
    styles = [
        key
        for key, _label in env["mentoring.participant"]
        ._fields["communication_style"]
        .selection
    ]
    formats = ["in_person", "remote", "either"]

    def profile():
        """A random profile: interests, style, format, times, spoken languages."""
        return {
            "interest_ids": [Command.set(rng.sample(interests.ids, rng.randint(0, 4)))],
            "communication_style": rng.choice([False, *styles]),
            "meeting_format": rng.choice(formats),
            **{name: rng.random() < 0.4 for name in DAY_TIMES},
            "language_ids": [Command.set(rng.sample(languages, rng.randint(0, 2)))],
            "visible_for_wishes": rng.random() < VISIBLE_FOR_WISHES,
        }

    sides = {}
    for role, people in (("mentor", juniors), ("mentee", directors | managers)):
        sides[role] = env["mentoring.participant"].create(
            [
                {
                    "program_id": program.id,
                    "employee_id": employee.id,
                    "role": role,
                    "state": "confirmed",
                    "accepts_remote": rng.random() < 0.7,
                    "topic_ids": [
                        Command.set(rng.sample(topics.ids, rng.randint(1, 3)))
                    ],
                    **profile(),
                }
                for employee in people
            ]
        )
    # Wishes last, once both sides exist: up to three people of the other role
    # among those who agreed to be wished for.
    wishable = {
        role: people.filtered("visible_for_wishes").ids
        for role, people in sides.items()
    }
    for role, other in (("mentee", "mentor"), ("mentor", "mentee")):
        for participant in sides[role]:
            if rng.random() < WISHING[role]:
                wished = rng.sample(
                    wishable[other],
                    min(len(wishable[other]), rng.randint(1, MAX_WISHES)),
                )
                participant.wish_participant_ids = [Command.set(wished)]
    env.flush_all()
    return program


def compute(env, program):
    """Seconds, CPU seconds and queries of the wizard's compute, cold caches.

    The matching itself, as Match runs it during the request for a small
    program and the scheduled action for a large one.
    """
    wizard = env["mentoring.matching.wizard"].create({"program_id": program.id})
    env.flush_all()
    env.invalidate_all()
    queries, start = env.cr.sql_log_count, time.perf_counter()
    cpu = time.process_time()
    wizard._match_now()
    env.flush_all()
    return (
        time.perf_counter() - start,
        time.process_time() - cpu,
        env.cr.sql_log_count - queries,
        wizard,
    )


def read_queries(env, program, read_matching_data):
    """Queries the engine needs to read a program's data, on cold caches."""
    env.invalidate_all()
    queries = env.cr.sql_log_count
    read_matching_data(program)
    return env.cr.sql_log_count - queries


def peak_rss_mb():
    """Peak resident memory of this process so far, in MB.

    Linux's VmHWM, which starts afresh with the process's program; getrusage's
    ru_maxrss survives exec and would count the parent's memory at the fork.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_assignment(data):
    """Seconds of the assignment step alone, on the program's candidate graph."""
    # pylint: disable=import-outside-toplevel
    from odoo.addons.reverse_mentoring.matching.sparse import (
        assign_sparse,
        candidate_graph,
    )

    graph = candidate_graph(
        data.score_rows, len(data.mentee_ids), len(data.mentor_ids), data.remaining
    )
    start = time.perf_counter()
    assign_sparse(graph.rows, graph.cols, graph.scores, data.remaining, graph.n_mentees)
    return time.perf_counter() - start


def measure(env, program_id):
    """The large case, in a process of its own: figures as one JSON line."""
    # pylint: disable=import-outside-toplevel
    from odoo.addons.reverse_mentoring.matching.odoo_data import read_matching_data

    program = env["mentoring.program"].browse(program_id)
    rss_start = peak_rss_mb()
    seconds, cpu, queries, wizard = compute(env, program)
    rss_peak = peak_rss_mb()
    proposals = len(wizard.line_ids)
    total = sum(wizard.line_ids.mapped("score"))
    env.invalidate_all()
    data = read_matching_data(program)
    result = data.match()
    figures = {
        "seconds": seconds,
        "cpu": cpu,
        "queries": queries,
        "proposals": proposals,
        "total": total,
        "rss_start": rss_start,
        "rss_peak": rss_peak,
        "bare": bare_assignment(data),
        "passes": result.passes,
        "added": result.added,
        "gap": result.gap,
        "pairs_kept": int(result.candidates.rows.size),
    }
    print(json.dumps(figures))


def load_reference():
    """The tests' dense reference assignment (matching_reference.py), a module
    that needs no Odoo."""
    path = ROOT / "reverse_mentoring" / "tests" / "matching_reference.py"
    spec = importlib.util.spec_from_file_location("matching_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dense_optimum(data):
    """Optimal total on the whole score matrix (the method before the sparse one)."""
    # pylint: disable=import-outside-toplevel
    from odoo.addons.reverse_mentoring.matching import ELIGIBLE

    # The reference is read from its file: importing the addon's tests package
    # would load Odoo's test framework, which complains outside a test run.
    reference = load_reference()
    assign, greedy, total_score = (
        reference.assign,
        reference.greedy,
        reference.total_score,
    )

    scores, reasons = data.score_rows(range(len(data.mentee_ids)))
    eligible = reasons == ELIGIBLE
    start = time.perf_counter()
    optimal = assign(scores, eligible, data.remaining)
    seconds = time.perf_counter() - start
    baseline = greedy(scores, eligible, data.remaining)
    return total_score(scores, optimal), seconds, total_score(scores, baseline)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", help="default: db_name of the config")
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--capacity", type=int, default=2)
    parser.add_argument(
        "--large",
        default="10000x5000",
        help="mentees x mentors of the large case ('' to skip it)",
    )
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    database = ["-d", args.database] if args.database else []
    odoo.tools.config.parse_config(["-c", args.config, *database])
    # The addon is importable once the configuration has set the addons path.
    # pylint: disable=import-outside-toplevel
    from odoo.addons.reverse_mentoring.matching.odoo_data import read_matching_data

    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    if args.measure:
        with registry.cursor() as cr:
            measure(api.Environment(cr, SUPERUSER_ID, {}), args.measure)
            cr.rollback()
        return

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        small = build_program(
            env, args.mentees // 10, args.mentors // 10, args.capacity, 1
        )
        usual = build_program(env, args.mentees, args.mentors, args.capacity, 2)
        compute(env, small)  # warm the registry caches
        _seconds, _cpu, small_queries, _wizard = compute(env, small)
        seconds, cpu, queries, wizard = compute(env, usual)
        proposals = len(wizard.line_ids)
        wizard_total = sum(wizard.line_ids.mapped("score"))

        small_reads = read_queries(env, small, read_matching_data)
        usual_reads = read_queries(env, usual, read_matching_data)
        data = read_matching_data(usual)
        engine_total = data.match().total
        bare = bare_assignment(data)
        dense_total, dense_seconds, greedy_total = dense_optimum(data)
        cr.rollback()
        small_size = f"{args.mentees // 10 + args.mentors // 10} participants"
        usual_size = f"{args.mentees + args.mentors} participants"
        equal = abs(engine_total - dense_total) < 1e-6
        rows = [
            ("compute (wizard, cold caches)", f"{seconds:.2f} s", f"CPU {cpu:.2f} s"),
            ("bare assignment step (sparse)", f"{bare:.3f} s", ""),
            ("compute / assignment", f"{seconds / bare:.1f}×", ""),
            ("dense assignment (before)", f"{dense_seconds:.3f} s", ""),
            (f"queries reading, {usual_size}", str(usual_reads), ""),
            (f"queries reading, {small_size}", str(small_reads), "target: the same"),
            (f"queries in all, {usual_size}", str(queries), "writes: batches of 100"),
            (f"queries in all, {small_size}", str(small_queries), ""),
            ("proposals", str(proposals), f"of {args.mentees} mentees"),
            ("total score, wizard", f"{wizard_total:.1f}", "lines rounded to 0.1"),
            ("total score, sparse engine", f"{engine_total:.4f}", ""),
            (
                "total score, dense optimum",
                f"{dense_total:.4f}",
                "equal" if equal else f"DIFFERS by {engine_total - dense_total:+.4f}",
            ),
            (
                "total score, greedy",
                f"{greedy_total:.1f}",
                f"optimal is {100 * (dense_total / greedy_total - 1):+.1f} %",
            ),
        ]
        print(
            f"\nMatching benchmark: {args.mentees} mentees, {args.mentors} mentors "
            f"(capacity {args.capacity}), {TOPIC_COUNT} topics\n"
        )
        for label, value, note in rows:
            print(f"  {label:<34} {value:>10}   {note}")
        large = None
        if args.large:
            large_mentees, large_mentors = map(int, args.large.split("x"))
            print(f"\nBuilding the large case ({args.large})...")
            start = time.perf_counter()
            large = build_program(env, large_mentees, large_mentors, args.capacity, 3)
            building = time.perf_counter() - start
            cr.commit()

    if large is None:
        return
    child = subprocess.run(
        [sys.executable, __file__, "-c", args.config, *database]
        + ["--measure", str(large.id)],
        capture_output=True,
        text=True,
        check=True,
    )
    big = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"\nLarge case: {large_mentees} mentees, {large_mentors} mentors "
        f"(capacity {args.capacity}), built in {building:.0f} s, "
        "measured in a process of its own\n"
    )
    rows = [
        ("compute (wizard, cold caches)", f"{big['seconds']:.1f} s", "target ≤ 60 s"),
        ("CPU time of the compute", f"{big['cpu']:.1f} s", "shared machine: see wall"),
        ("peak RSS of the process", f"{big['rss_peak']:.0f} MB", "target ≤ 1,500 MB"),
        ("RSS before the compute", f"{big['rss_start']:.0f} MB", "Odoo loaded"),
        ("bare assignment step (sparse)", f"{big['bare']:.2f} s", ""),
        ("compute / assignment", f"{big['seconds'] / big['bare']:.1f}×", ""),
        ("pairs kept in the graph", str(big["pairs_kept"]), ""),
        ("passes over all pairs", str(big["passes"]), f"{big['added']} pairs added"),
        ("gap to the optimum, at most", f"{big['gap']:.2f}", "0: proven optimal"),
        ("queries in all", str(big["queries"]), ""),
        ("proposals", str(big["proposals"]), f"of {large_mentees} mentees"),
        ("total score", f"{big['total']:.1f}", ""),
    ]
    for label, value, note in rows:
        print(f"  {label:<34} {value:>10}   {note}")


if __name__ == "__main__":
    main()
