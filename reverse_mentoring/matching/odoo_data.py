"""The engine's boundary with the ORM: read a program's matching data at once.

Everything is read at once for the whole program (never per pair or per
participant), in a fixed number of queries, and turned into the numpy arrays
the engine works on. This is the only module of the package that imports
Odoo, and it imports nothing from the addon's ``models/``: it reads what the
records passed in (a program, its participants) give. The engine itself
(:mod:`.scoring`, :mod:`.eligibility`, :mod:`.sparse`) stays plain Python, and
the package does not import this module. Plain functions rather than an
AbstractModel in ``models/``: they hold no fields and no state, only read what
the engine needs and return numpy arrays, so they belong beside the engine
whose input they build, and can be imported by the matching, the tests and
``tools/bench_matching.py`` without a model in the registry.
"""

from dataclasses import dataclass

import numpy as np

from odoo import fields

from . import CRITERIA, People, eligibility, score_matrix, score_totals
from .scoring import FORMAT_EITHER, FORMAT_IN_PERSON, FORMAT_REMOTE
from .sparse import match

DAYS_PER_YEAR = 365.25
# The participant's times-of-day flags, in the order of People.times columns.
DAY_TIMES = ("time_morning", "time_lunch", "time_afternoon", "time_evening")
# The participant's meeting formats as the engine's codes.
MEETING_FORMAT_CODES = {
    "in_person": FORMAT_IN_PERSON,
    "remote": FORMAT_REMOTE,
    "either": FORMAT_EITHER,
}


@dataclass
class MatchingData:
    """Both sides of a program: records for the wizard, arrays for the engine."""

    mentees: object  # mentoring.participant records, one per row
    mentors: object  # mentoring.participant records, one per column
    mentee_ids: list  # employee id of each row
    mentor_ids: list  # employee id of each column
    names: dict  # {employee id: name} of everyone above
    mentee_people: People
    mentor_people: People
    topics: object  # mentoring.topic records, one per topic column
    interests: object  # mentoring.interest records, one per interest column
    remaining: np.ndarray  # free places of each mentor
    rules: dict  # the arguments of eligibility() that are not per mentee
    history: dict  # {frozenset of two employee ids: program id} paired before
    weights: dict  # criterion weights of the program
    cross_company: bool

    def reasons(self, rows):
        """Eligibility reason codes of the mentees ``rows`` with every mentor."""
        rows = np.asarray(rows, dtype=np.int64)
        return eligibility(
            mentee_ids=np.asarray(self.mentee_ids, dtype=np.int64)[rows],
            mentee_company=self.mentee_people.company[rows],
            **self.rules,
        )

    def score_rows(self, rows):
        """``(scores, reasons)`` of the mentees ``rows`` with every mentor."""
        scores = score_totals(
            self.mentee_people.take(rows),
            self.mentor_people,
            self.weights,
            self.cross_company,
        )
        return scores, self.reasons(rows)

    def match(self):
        """Optimal proposals: a :class:`.sparse.Result` (see :func:`.sparse.match`)."""
        return match(
            self.score_rows, len(self.mentee_ids), len(self.mentor_ids), self.remaining
        )


def read_matching_data(program, mentee_participants=None, mentor_participants=None):
    """The confirmed participants of `program` who can still be matched.

    Mentees already in an open tandem of the program and mentors without a free
    place are kept out, unless given explicitly (to explain one chosen pair).
    """
    env = program.env
    participants = env["mentoring.participant"].search(
        [("program_id", "=", program.id), ("state", "=", "confirmed")], order="id"
    )
    participants.fetch(
        ["program_id", "employee_id", "role", "capacity", "accepts_remote"]
    )
    if mentor_participants is None:
        mentor_participants = participants.filtered(lambda p: p.role == "mentor")
    # Counted per open tandem: each one takes a place of its mentor.
    open_counts = (participants | mentor_participants)._count_open_tandems()
    if mentee_participants is None:
        mentee_participants = participants.filtered(
            lambda p: p.role == "mentee" and not open_counts[p.id]
        )
    remaining = np.array(
        [p.capacity - open_counts[p.id] for p in mentor_participants],
        dtype=np.int64,
    )
    everyone = mentee_participants | mentor_participants
    # Prefetch the many2many fields of all participants in one query each.
    # The wishes are read as the coordinator, who may read them.
    everyone.fetch(
        [
            "topic_ids",
            "avoid_employee_ids",
            "interest_ids",
            "language_ids",
            "wish_participant_ids",
            "communication_style",
            "meeting_format",
            *DAY_TIMES,
        ]
    )
    topics = (everyone.topic_ids | program.topic_ids).sorted("id")
    interest_column = {
        interest_id: k
        for k, interest_id in enumerate(sorted(everyone.interest_ids.ids))
    }
    styles = {
        key: code
        for code, (key, _label) in enumerate(
            everyone._fields["communication_style"].selection, start=1
        )
    }
    wish_width = max((len(p.wish_participant_ids) for p in everyone), default=0)
    # sudo: birthday and language are HR data; the engine turns them into
    # scores and coarse words, never into figures a coordinator could read.
    employees = everyone.employee_id.sudo()
    employees.fetch(
        ["name", "birthday", "department_id", "company_id", "work_location_id", "lang"]
    )
    managers = employees._mentoring_reporting_lines()
    chain_pairs = [
        (employee_id, manager_id)
        for employee_id, manager_ids in managers.items()
        for manager_id in manager_ids
    ]
    levels = _skill_levels(env, mentor_participants.employee_id.ids, topics)
    spoken = _spoken_languages(everyone, by_employee={e.id: e for e in employees})
    language_column = {
        code: k for k, code in enumerate(sorted(set().union(*spoken.values())))
    }
    topic_column = {topic.id: k for k, topic in enumerate(topics)}
    by_id = {employee.id: employee for employee in employees}

    def people(side, with_levels):
        side_ids = [p.employee_id.id for p in side]
        side_employees = [by_id[employee_id] for employee_id in side_ids]
        chosen = np.zeros((len(side), len(topics)), dtype=bool)
        for row, participant in enumerate(side):
            chosen[row, [topic_column[t] for t in participant.topic_ids.ids]] = True
        interests = np.zeros((len(side), len(interest_column)), dtype=bool)
        languages = np.zeros((len(side), len(language_column)), dtype=bool)
        wishes = np.zeros((len(side), wish_width), dtype=np.int64)
        times = np.zeros((len(side), len(DAY_TIMES)), dtype=bool)
        for row, participant in enumerate(side):
            times[row] = [participant[name] for name in DAY_TIMES]
            interests[
                row, [interest_column[i] for i in participant.interest_ids.ids]
            ] = True
            languages[row, [language_column[c] for c in spoken[participant.id]]] = True
            wished = participant.wish_participant_ids.ids
            wishes[row, : len(wished)] = wished
        level = np.full((len(side), len(topics)), np.nan)
        if with_levels:
            for row, employee_id in enumerate(side_ids):
                for topic_id, column in topic_column.items():
                    level[row, column] = levels.get((employee_id, topic_id), np.nan)
        return side_ids, People(
            topics=chosen,
            topic_level=level,
            age=[_age(e.birthday) for e in side_employees],
            depth=[len(managers[e.id]) for e in side_employees],
            department=[e.department_id.id or 0 for e in side_employees],
            company=[e.company_id.id or 0 for e in side_employees],
            location=[e.work_location_id.id or 0 for e in side_employees],
            remote=[p.accepts_remote for p in side],
            interests=interests,
            languages=languages,
            style=[styles.get(p.communication_style, 0) for p in side],
            meeting_format=[
                MEETING_FORMAT_CODES.get(p.meeting_format, 0) for p in side
            ],
            times=times,
            person=side.ids,
            wishes=wishes,
        )

    mentee_ids, mentee_people = people(mentee_participants, with_levels=False)
    mentor_ids, mentor_people = people(mentor_participants, with_levels=True)
    avoided = [
        (p.employee_id.id, employee_id)
        for p in everyone
        for employee_id in p.avoid_employee_ids.ids
    ] + env["mentoring.declined.pair"]._avoided_pairs(everyone.employee_id)
    history = _pairing_history(program, everyone.employee_id)
    return MatchingData(
        mentees=mentee_participants,
        mentors=mentor_participants,
        mentee_ids=mentee_ids,
        mentor_ids=mentor_ids,
        names={e.id: e.name for e in employees},
        mentee_people=mentee_people,
        mentor_people=mentor_people,
        topics=topics,
        interests=env["mentoring.interest"].browse(list(interest_column)),
        remaining=remaining,
        rules={
            "mentor_ids": mentor_ids,
            "chain_pairs": chain_pairs,
            "mentor_company": mentor_people.company,
            "program_company": program.company_id.id,
            "cross_company": program.allow_cross_company,
            "avoided_pairs": avoided,
            "remaining_capacity": remaining,
            "history_pairs": [tuple(pair) for pair in history],
        },
        history=history,
        weights=program_weights(program),
        cross_company=program.allow_cross_company,
    )


def program_weights(program):
    """{criterion: weight} of `program`, read from its `weight_<criterion>` fields."""
    return {criterion: program[f"weight_{criterion}"] for criterion in CRITERIA}


def _spoken_languages(participants, by_employee):
    """{participant id: set of language codes} each person can talk in.

    The spoken languages of the profile; when none is recorded, the
    language of the person's user (their employee's), if any.
    """
    participants.language_ids.fetch(["code"])
    return {
        participant.id: set(participant.language_ids.mapped("code"))
        or ({lang} if (lang := by_employee[participant.employee_id.id].lang) else set())
        for participant in participants
    }


def _pairing_history(program, employees):
    """{frozenset((a, b)): program id} of people of `program` paired before.

    Any earlier tandem of the two counts, in any program and either role,
    except one cancelled at the proposal (before both agreed on the
    kick-off); the latest program is kept. One query for the whole program;
    empty when the program allows pairing people again.
    """
    if program.allow_pairing_again or not employees:
        return {}
    # sudo: earlier tandems may belong to programs the coordinator cannot
    # read; only the fact that the two were paired is used.
    tandems = (
        program.env["mentoring.tandem"]
        .sudo()
        .search_fetch(
            [
                ("mentor_id", "in", employees.ids),
                ("mentee_id", "in", employees.ids),
                "!",
                "&",
                ("phase", "=", "cancelled"),
                "|",
                ("kickoff_mentor_agreed", "=", False),
                ("kickoff_mentee_agreed", "=", False),
            ],
            ["mentor_id", "mentee_id", "program_id"],
            order="id",
        )
    )
    return {
        frozenset((tandem.mentor_id.id, tandem.mentee_id.id)): tandem.program_id.id
        for tandem in tandems
    }


def score_program(program, mentee_participants=None, mentor_participants=None):
    """The matching data of `program` with the scores and per-criterion points.

    Whole matrices: for a few chosen participants (one pair to explain),
    not for a whole large program (see :meth:`MatchingData.match`).
    """
    data = read_matching_data(program, mentee_participants, mentor_participants)
    scores, parts = score_matrix(
        data.mentee_people, data.mentor_people, data.weights, data.cross_company
    )
    return data, scores, parts


def pair_reason(program, mentee_participant, mentor_participant):
    """The eligibility reason code of one pair of participants of `program`.

    :data:`.eligibility.ELIGIBLE` when the two may form a tandem now (the
    same hard rules as the matching, the mentor's free places included).
    """
    data = read_matching_data(program, mentee_participant, mentor_participant)
    return int(data.reasons([0])[0, 0])


def _age(birthday):
    if not birthday:
        return np.nan
    return (fields.Date.today() - birthday).days / DAYS_PER_YEAR


def _skill_levels(env, employee_ids, topics):
    """{(employee id, topic id): best level in [0, 1]} of the topic's skills."""
    topics.fetch(["skill_ids"])
    skill_topics = {}
    for topic in topics:
        for skill in topic.skill_ids:
            skill_topics.setdefault(skill.id, []).append(topic.id)
    if not skill_topics or not employee_ids:
        return {}
    # sudo: skill levels feed the score like the other HR data.
    skills = (
        env["hr.employee.skill"]
        .sudo()
        .search_fetch(
            [
                ("employee_id", "in", employee_ids),
                ("skill_id", "in", list(skill_topics)),
            ],
            ["employee_id", "skill_id", "skill_level_id"],
        )
    )
    # One query whatever is cached already, so that the count stays the same.
    # sudo: skill levels are HR data; the engine only turns them into scores.
    progress = {
        level.id: level.level_progress
        for level in env["hr.skill.level"]
        .sudo()
        .search_fetch([("id", "in", skills.skill_level_id.ids)], ["level_progress"])
    }
    levels = {}
    for skill in skills:
        level = progress[skill.skill_level_id.id] / 100
        for topic_id in skill_topics[skill.skill_id.id]:
            key = (skill.employee_id.id, topic_id)
            levels[key] = max(levels.get(key, 0.0), level)
    return levels
