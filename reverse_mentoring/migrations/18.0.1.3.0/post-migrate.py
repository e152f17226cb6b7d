"""The background matching moves to its own model (18.0.1.3.0).

Up to 18.0.1.2.0 its state, progress, message and proposals were columns of
mentoring_program; now they are a row of mentoring_matching per program. A
matching queued, running, failed or ready keeps its state and proposals, and
the scheduled action (data with noupdate) runs on the new model.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


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
            SQL(
                """
                INSERT INTO mentoring_matching
                       (program_id, state, progress, message, wizard_id,
                        create_uid, write_uid, create_date, write_date)
                SELECT id, matching_state, matching_progress, matching_message,
                       matching_wizard_id, 1, 1, write_date, write_date
                  FROM mentoring_program
                 WHERE matching_state IS NOT NULL AND matching_state != 'idle'
                ON CONFLICT (program_id) DO NOTHING
                """
            )
        )
        for column in (
            "matching_state",
            "matching_progress",
            "matching_message",
            "matching_wizard_id",
        ):
            cr.execute(
                SQL(
                    "ALTER TABLE mentoring_program DROP COLUMN IF EXISTS %s",
                    SQL.identifier(column),
                )
            )
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("reverse_mentoring.ir_cron_run_matching", raise_if_not_found=False)
    if cron:
        cron.model_id = env["ir.model"]._get("mentoring.matching")
