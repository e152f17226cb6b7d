"""The "you are paired" mail speaks to its recipient (18.0.1.4.0).

Its template is `noupdate`: an upgrade leaves the old body (third person, no
button to the tandem) in the database. Where the company has not changed the
template, it is reset from the shipped file with Odoo's own reset (the same as
the template's "Reset Template" button: body, subject and their translations);
a template whose body or subject differs from the one shipped up to 18.0.1.3.0
was customised and stays as the company wrote it.
"""

from lxml import html

from odoo import SUPERUSER_ID, api

XMLID = "reverse_mentoring.mail_template_tandem_proposed"
# The body (as to its elements and words) and subject shipped from 18.0.1.0.0
# to 18.0.1.3.0.
PREVIOUS_SUBJECT = "Your reverse-mentoring tandem in {{ object.program_id.name }}"
PREVIOUS_BODY = """<div>
    <p>Hello <t t-out="ctx.get('mentoring_recipient') or ''"/>,</p>
    <p>
        The reverse-mentoring program
        <strong t-out="object.program_id.name or ''"/> pairs
        <strong t-out="object.mentor_id.name or ''"/> as mentor with
        <strong t-out="object.mentee_id.name or ''"/> as mentee.
    </p>
    <p>
        As a first step, meet for a kick-off: tell each other what you expect
        from the tandem and agree on a few learning goals with a deadline.
    </p>
</div>"""


def shape(body):
    """The elements of an HTML body, whitespace, attribute order and bare
    wrapping `<div>`s aside (the HTML sanitizer of a write drops the outer one)."""
    root = html.fragment_fromstring(body or "", create_parent="div")
    elements = [
        (
            element.tag,
            sorted(element.attrib.items()),
            " ".join((element.text or "").split()),
            " ".join((element.tail or "").split()),
        )
        for element in root.iter()
        if isinstance(element.tag, str)
    ]
    return [element for element in elements if element != ("div", [], "", "")]


def is_customised(template):
    """Whether the company changed the English body or subject shipped before."""
    stored = template.with_context(lang="en_US")
    return stored.subject != PREVIOUS_SUBJECT or shape(stored.body_html) != shape(
        PREVIOUS_BODY
    )


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(XMLID, raise_if_not_found=False)
    if template and not is_customised(template):
        template.reset_template()
