"""Small helpers shared by the mentoring models."""


def window_action(env, xml_id, domain, context=None):
    """The window action `xml_id`, narrowed to `domain`."""
    action = env["ir.actions.act_window"]._for_xml_id(xml_id)
    action["domain"] = domain
    action["context"] = context or {}
    return action
