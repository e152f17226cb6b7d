"""Private notes remember their readers (18.0.1.1.0).

Each existing note becomes readable by the users who are its tandem's members
at the upgrade, as before; from now on, by them only, whatever changes later.
A session may now hold one note per set of readers.

The readers' table is created here, before Odoo's ORM sees the new field, so
that `readers_key` is filled when Odoo makes it NOT NULL; it is created as
Odoo creates a many2many table (which it leaves alone when it exists): with
the index by user and the comment. Odoo adds the foreign keys afterwards.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        ALTER TABLE mentoring_session_note
            DROP CONSTRAINT IF EXISTS mentoring_session_note_session_uniq;
        ALTER TABLE mentoring_session_note ADD COLUMN IF NOT EXISTS readers_key varchar;
        CREATE TABLE IF NOT EXISTS mentoring_session_note_user_rel (
            note_id integer NOT NULL,
            user_id integer NOT NULL,
            PRIMARY KEY (note_id, user_id)
        );
        CREATE INDEX IF NOT EXISTS mentoring_session_note_user_rel_user_id_note_id_idx
            ON mentoring_session_note_user_rel (user_id, note_id);
        COMMENT ON TABLE mentoring_session_note_user_rel
            IS 'RELATION BETWEEN mentoring_session_note AND res_users';
        INSERT INTO mentoring_session_note_user_rel (note_id, user_id)
        SELECT DISTINCT note.id, member.user_id
          FROM mentoring_session_note note
          JOIN mentoring_session session ON session.id = note.session_id
          JOIN mentoring_tandem tandem ON tandem.id = session.tandem_id
          CROSS JOIN LATERAL (
              VALUES (tandem.mentor_user_id), (tandem.mentee_user_id)
          ) AS member (user_id)
         WHERE member.user_id IS NOT NULL
        ON CONFLICT DO NOTHING;
        UPDATE mentoring_session_note note
           SET readers_key = COALESCE(
               (SELECT string_agg(rel.user_id::text, ',' ORDER BY rel.user_id)
                  FROM mentoring_session_note_user_rel rel
                 WHERE rel.note_id = note.id),
               '')
         WHERE readers_key IS NULL;
        """
    )
