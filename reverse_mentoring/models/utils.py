"""Small helpers shared by the mentoring models."""


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
    """
    for coordinator in coordinators:
        env = record.with_context(lang=coordinator.lang or record.env.lang).env
        summary, note = texts(env)
        record.activity_schedule(
            activity_type,
            summary=summary,
            note=note,
            user_id=coordinator.id,
        )
