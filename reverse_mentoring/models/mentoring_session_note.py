from odoo import fields, models


class MentoringSessionNote(models.Model):
    """Private notes of a session.

    They live in their own table, which no group may access: the only way in
    is `mentoring.session.private_notes`, which hands them to the tandem's two
    members and to nobody else (coordinators and administrators included).
    """

    _name = "mentoring.session.note"
    _description = "Private Session Notes"

    session_id = fields.Many2one(
        "mentoring.session", required=True, index=True, ondelete="cascade"
    )
    body = fields.Html()

    _sql_constraints = [
        (
            "session_uniq",
            "UNIQUE(session_id)",
            "A session has one set of private notes.",
        ),
    ]
