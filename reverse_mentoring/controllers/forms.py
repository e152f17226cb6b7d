"""Reading the portal's forms: plain functions, without HTTP.

Each function takes what a form sent for one field (already a text, except
`text` itself) and returns the value the models take, or raises a translated
`UserError` that the portal shows on the page. Whether a record may be used is
for the models to say: these functions only read.
"""

import math
from datetime import datetime

import pytz

from odoo.exceptions import UserError

from ..models.mentoring_session import MOVE_REASON_LIMIT

# The largest id PostgreSQL's integer columns hold.
MAX_ID = 2**31 - 1


def form_error(env):
    """The refusal of a form sent with values that no page of the portal sends."""
    return UserError(
        env._(
            "The form was sent with values it does not take: reload the page and try again."  # noqa: E501
        )
    )


def text(env, value, repeated=False, required=False):
    """A form field as text without surrounding blanks.

    An absent field (`None`) reads as empty, unless `required`. Refuses what no
    form of the portal sends: a file, several values (`repeated`), and NUL
    characters, which the database cannot store. The models refuse texts
    longer than they take.
    """
    if value is None and not required:
        return ""
    if not isinstance(value, str) or repeated:
        raise form_error(env)
    if "\x00" in value:
        raise UserError(
            env._(
                "The text contains a NUL character, which cannot be stored: remove it and try again."  # noqa: E501
            )
        )
    return value.strip()


def whole_number(env, value):
    """A whole number typed in ASCII digits, no larger than an id."""
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise form_error(env)
    return int(value)


def record_id(env, value):
    """The id of a record, or None when left empty."""
    if not value:
        return None
    number = whole_number(env, value)
    if not number:
        raise form_error(env)
    return number


def checked_ids(values):
    """The ids of the ticked checkboxes; what is not an id is left out."""
    ids = set()
    for value in values:
        try:
            number = int(value)
        except ValueError:
            continue
        if 0 < number <= MAX_ID:
            ids.add(number)
    return ids


def flag(value):
    """A checkbox: ticked when sent, else not."""
    return bool(value)


def date(env, value):
    """A date typed as YYYY-MM-DD, or False when left empty."""
    if not value:
        return False
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as error:
        raise UserError(
            env._("Give the deadline as a date, for example 2025-03-14.")
        ) from error


def session_start(env, day, hour, tz, now):
    """A date and a time typed in the time zone `tz`, as naive UTC.

    Refuses what cannot be read and what starts before `now` (naive UTC).
    """
    typed = f"{day} {hour}"
    local = None
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            local = datetime.strptime(typed, pattern)
            break
        except ValueError:
            continue
    if local is None:
        raise UserError(
            env._(
                "Give the start of the session as a date and a time, for example 2025-03-14 and 09:30."  # noqa: E501
            )
        )
    try:
        start = (
            pytz.timezone(tz).localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        )
    except (OverflowError, ValueError) as error:
        raise UserError(env._("This date cannot be used for a session.")) from error
    if start < now:
        raise UserError(
            env._("A session cannot start in the past: pick a later date and time.")
        )
    return start


def duration(env, value, default=None):
    """A duration in hours; the session's own rules refuse what is not positive."""
    if value in (None, "") and default is not None:
        return default
    try:
        hours = float(value)
    except (TypeError, ValueError):
        hours = None
    if hours is None or not math.isfinite(hours):
        raise UserError(
            env._("Give the duration of the session in hours, for example 1.5.")
        )
    return hours


def text_limits(env):
    """The most characters the forms' free texts take (the models' limits),
    so that browsers stop there already."""
    tandem_limits = env["mentoring.tandem"]._text_limits
    goal_limits = env["mentoring.goal"]._text_limits
    return {
        "location": env["mentoring.session"]._text_limits["location"],
        "session_name": env["mentoring.session"]._text_limits["name"],
        "motivation": env["mentoring.participant"]._text_limits["motivation"],
        "reason": MOVE_REASON_LIMIT,
        "expectations": tandem_limits.get("mentor_expectations"),
        "closure_reason": tandem_limits.get("closure_reason"),
        "goal_name": goal_limits.get("name"),
        "goal_description": goal_limits.get("description"),
        "concern": env["mentoring.concern"]._text_limits["description"],
        "agenda": env["mentoring.session"]._text_limits["agenda"],
    }
