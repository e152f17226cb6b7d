"""Small helpers shared by the mentoring models."""

from babel import dates

from odoo import fields
from odoo.tools.misc import babel_locale_parse, get_lang


def window_action(env, xml_id, domain, context=None):
    """The window action `xml_id`, narrowed to `domain`."""
    action = env["ir.actions.act_window"]._for_xml_id(xml_id)
    action["domain"] = domain
    action["context"] = context or {}
    return action


def schedule_coordinator_activities(
    record, coordinators, texts, activity_type="mail.mail_activity_data_todo"
):
    """An activity (a to-do by default) on `record` for each of `coordinators`,
    in their own language.

    `texts(env)` gives the summary and the note in the language of `env`.
    Returns the activities.
    """
    activities = record.env["mail.activity"]
    for coordinator in coordinators:
        env = record.with_context(lang=coordinator.lang or record.env.lang).env
        summary, note = texts(env)
        activities |= record.activity_schedule(
            activity_type,
            summary=summary,
            note=note,
            user_id=coordinator.id,
        )
    return activities


def _localized(env, value):
    """`value` (naive UTC) in the user's time zone, and the user's babel locale."""
    local = fields.Datetime.context_timestamp(env.user, value)
    return local, babel_locale_parse(get_lang(env).code)


def format_meeting_time(env, value):
    """A meeting's naive UTC datetime as people read it: weekday, date, hours, minutes.

    In the user's language and time zone, without seconds ("Thu, Dec 24, 2026
    10:00 AM", "Do., 24. Dez. 2026 10:00").
    """
    local, locale = _localized(env, value)
    return "{} {}".format(
        dates.format_skeleton("yMMMEd", local, locale=locale),
        dates.format_time(local, "short", locale=locale),
    )


def format_weekday(env, value):
    """The weekday of a naive UTC datetime in the user's language and time zone."""
    local, locale = _localized(env, value)
    return dates.format_date(local, "EEEE", locale=locale)


def format_month(env, value):
    """A month (any date in it) as people read it: "December 2026", "Dezember 2026"."""
    locale = babel_locale_parse(get_lang(env).code)
    return dates.format_skeleton("yMMMM", value, locale=locale)
