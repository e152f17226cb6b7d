"""The program's matching columns become a row of mentoring_matching (18.0.1.3.0).

They stay until the post-migration has copied them, but the program no longer
fills them: programs created during the update (data functions) must not
trip over the NOT NULL of the old state.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'mentoring_program' AND column_name = 'matching_state'
        """
    )
    if cr.fetchone():
        cr.execute(
            "ALTER TABLE mentoring_program ALTER COLUMN matching_state DROP NOT NULL"
        )
