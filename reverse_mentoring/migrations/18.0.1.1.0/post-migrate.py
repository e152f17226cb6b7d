"""Kick-off expectations move to their own, closed table (18.0.1.1.0).

Up to 18.0.1.0.0 they were columns of the tandem, readable by the
coordinators; now each member's text is a row of mentoring_tandem_expectation,
read by the two members and, where the program allows it, by the coordinators.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'mentoring_tandem'
           AND column_name IN ('mentor_expectations', 'mentee_expectations')
        """
    )
    for (column,) in cr.fetchall():
        side = column.split("_")[0]
        cr.execute(
            SQL(
                """
                INSERT INTO mentoring_tandem_expectation
                       (tandem_id, side, body, create_uid, write_uid, create_date,
                        write_date)
                SELECT id, %s, %s, 1, 1, now() at time zone 'UTC',
                       now() at time zone 'UTC'
                  FROM mentoring_tandem
                 WHERE COALESCE(%s, '') != ''
                ON CONFLICT (tandem_id, side) DO NOTHING
                """,
                side,
                SQL.identifier(column),
                SQL.identifier(column),
            )
        )
        cr.execute(
            SQL("ALTER TABLE mentoring_tandem DROP COLUMN %s", SQL.identifier(column))
        )
