import re

from odoo import api, fields, models

# Images pasted into the notes are uploaded as attachments of the session and
# referenced as /web/image/<id>..., with an access token.
IMAGE_SRC = re.compile(r"/web/image/(\d+)")


class MentoringSessionNote(models.Model):
    """Private notes of a session, and who may read them.

    They live in their own table, which no group may access: the only way in
    is `mentoring.session.private_notes`. Each note records the users who were
    the tandem's two members when it was written (`user_ids`); only they read
    it, whatever happens later to the tandem, its employees or their users.
    Someone who becomes a member afterwards starts a note of their own.
    """

    _name = "mentoring.session.note"
    _description = "Private Session Notes"
    _order = "write_date desc, id desc"

    session_id = fields.Many2one(
        "mentoring.session", required=True, index=True, ondelete="cascade"
    )
    user_ids = fields.Many2many(
        "res.users",
        "mentoring_session_note_user_rel",
        "note_id",
        "user_id",
        string="Readers",
        required=True,
    )
    readers_key = fields.Char(
        required=True, help="The readers' user ids, sorted: one note per set."
    )
    body = fields.Html()

    _sql_constraints = [
        (
            "session_readers_uniq",
            "UNIQUE(session_id, readers_key)",
            "A session has one set of private notes for the same readers.",
        ),
    ]

    @api.model
    def _readable_notes(self, sessions):
        """{session id: body} of the notes the current user may read.

        sudo: the notes are closed to every group; the domain keeps only the
        notes whose readers include the current user.
        """
        notes = self.sudo().search_fetch(
            [("session_id", "in", sessions.ids), ("user_ids", "in", self.env.uid)],
            ["session_id", "body"],
        )
        bodies = {}
        for note in notes:
            bodies.setdefault(note.session_id.id, note.body)
        return bodies

    @api.model
    def _write_notes(self, session, body):
        """Store `body` as the notes of the session's current two members.

        The caller checked that the current user is one of them. sudo: the
        notes are closed to every group.
        """
        tandem = session.tandem_id
        readers = tandem.mentor_user_id | tandem.mentee_user_id
        key = ",".join(str(user_id) for user_id in sorted(readers.ids))
        note = self.sudo().search(
            [("session_id", "=", session.id), ("readers_key", "=", key)]
        )
        if note:
            note.body = body
        else:
            note = self.sudo().create(
                {
                    "session_id": session.id,
                    "user_ids": [fields.Command.set(readers.ids)],
                    "readers_key": key,
                    "body": body,
                }
            )
        note._keep_images()
        return note

    def _keep_images(self):
        """Move the images pasted into the notes from the session to the notes.

        Attachments of the session are readable by whoever reads the session
        (coordinators included); those of the notes by nobody but through
        their access token, which only the notes' readers see.
        """
        for note in self:
            ids = [int(found) for found in IMAGE_SRC.findall(note.body or "")]
            if not ids:
                continue
            self.env["ir.attachment"].sudo().search(
                [
                    ("id", "in", ids),
                    ("res_model", "=", "mentoring.session"),
                    ("res_id", "=", note.session_id.id),
                ]
            ).write({"res_model": self._name, "res_id": note.id})
