"""Benchmark of the tandem matching, run by `make bench` in a throwaway database.

    python3 tools/bench_matching.py -c <odoo.conf> [-d <database>]

Builds a synthetic program (1,000 mentees and 500 mentors of capacity 2 by
default, 12 topics, a company hierarchy five levels deep), then measures the
matching wizard's compute against the bare assignment step, counts its
queries for a small and a large program, and compares the optimal total score
with the greedy baseline. Nothing is committed.
"""

import argparse
import random
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, Command, api

TOPIC_COUNT = 12
DEPARTMENTS = 20
LOCATIONS = 3


def build_program(env, mentees, mentors, capacity, seed):
    """A running program with a realistic hierarchy and confirmed participants."""
    rng = random.Random(seed)
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
    env["mentoring.participant"].create(
        [
            {
                "program_id": program.id,
                "employee_id": employee.id,
                "role": role,
                "state": "confirmed",
                "accepts_remote": rng.random() < 0.7,
                "topic_ids": [Command.set(rng.sample(topics.ids, rng.randint(1, 3)))],
            }
            for role, people in (("mentee", directors | managers), ("mentor", juniors))
            for employee in people
        ]
    )
    env.flush_all()
    return program


def compute(env, program):
    """Seconds and queries of the wizard's compute, on cold caches."""
    wizard = env["mentoring.matching.wizard"].create({"program_id": program.id})
    env.flush_all()
    env.invalidate_all()
    queries, start = env.cr.sql_log_count, time.perf_counter()
    wizard.action_compute()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - queries, wizard


def read_queries(env, program, read_matching_data):
    """Queries the engine needs to read a program's data, on cold caches."""
    env.invalidate_all()
    queries = env.cr.sql_log_count
    read_matching_data(program)
    return env.cr.sql_log_count - queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", help="default: db_name of the config")
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--capacity", type=int, default=2)
    args = parser.parse_args()
    database = ["-d", args.database] if args.database else []
    odoo.tools.config.parse_config(["-c", args.config, *database])
    # The addon is importable once the configuration has set the addons path.
    # pylint: disable=import-outside-toplevel
    from odoo.addons.reverse_mentoring.matching import (
        ELIGIBLE,
        assign,
        greedy,
        total_score,
    )
    from odoo.addons.reverse_mentoring.matching.odoo_data import (
        read_matching_data,
        score_program,
    )

    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        small = build_program(
            env, args.mentees // 10, args.mentors // 10, args.capacity, 1
        )
        large = build_program(env, args.mentees, args.mentors, args.capacity, 2)
        compute(env, small)  # warm the registry caches
        _seconds, small_queries, _wizard = compute(env, small)
        seconds, queries, wizard = compute(env, large)

        small_reads = read_queries(env, small, read_matching_data)
        large_reads = read_queries(env, large, read_matching_data)
        data, scores, _parts = score_program(large)
        eligible = data.reasons == ELIGIBLE
        start = time.perf_counter()
        optimal = assign(scores, eligible, data.remaining)
        bare = time.perf_counter() - start
        baseline = greedy(scores, eligible, data.remaining)
        optimal_total = total_score(scores, optimal)
        greedy_total = total_score(scores, baseline)
        proposals = len(wizard.line_ids)
        cr.rollback()

    small_size = f"{args.mentees // 10 + args.mentors // 10} participants"
    large_size = f"{args.mentees + args.mentors} participants"
    rows = [
        ("compute (wizard, cold caches)", f"{seconds:.2f} s", "target ≤ 5 s"),
        ("bare assignment step", f"{bare:.3f} s", ""),
        ("compute / assignment", f"{seconds / bare:.1f}×", "target ≤ 10×"),
        (f"queries reading, {large_size}", str(large_reads), ""),
        (f"queries reading, {small_size}", str(small_reads), "target: the same"),
        (f"queries in all, {large_size}", str(queries), "writes: batches of 100"),
        (f"queries in all, {small_size}", str(small_queries), ""),
        ("proposals", str(proposals), f"of {args.mentees} mentees"),
        ("total score, optimal", f"{optimal_total:.1f}", ""),
        (
            "total score, greedy",
            f"{greedy_total:.1f}",
            f"optimal is {100 * (optimal_total / greedy_total - 1):+.1f} %",
        ),
    ]
    print(
        f"\nMatching benchmark: {args.mentees} mentees, {args.mentors} mentors "
        f"(capacity {args.capacity}), {TOPIC_COUNT} topics\n"
    )
    for label, value, note in rows:
        print(f"  {label:<34} {value:>10}   {note}")


if __name__ == "__main__":
    main()
