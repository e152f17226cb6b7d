"""Open programs get the shipped mid-term check-in; stall activities move (18.0.1.5.0).

- The check-in survey is the default of new programs only: programs that
  existed before have none, so their tandems would never be asked at half of
  the program. Each open program without one gets the shipped survey; closed
  and cancelled programs stay as they were.
- The coordinators' activities about a stalled tandem sat on the tandem, where
  its members saw them; they move to the tandem's program, which names it,
  where only the coordinators read them.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    survey = env.ref(
        "reverse_mentoring.survey_midterm_checkin", raise_if_not_found=False
    )
    if survey:
        cr.execute(
            """
            UPDATE mentoring_program
               SET midterm_survey_id = %s
             WHERE midterm_survey_id IS NULL
               AND state NOT IN ('closed', 'cancelled')
            """,
            [survey.id],
        )
    stall = env.ref(
        "reverse_mentoring.mail_activity_type_stalled", raise_if_not_found=False
    )
    if not stall:
        return
    activities = env["mail.activity"].search(
        [("res_model", "=", "mentoring.tandem"), ("activity_type_id", "=", stall.id)]
    )
    program_model = env["ir.model"]._get_id("mentoring.program")
    for activity in activities:
        tandem = env["mentoring.tandem"].browse(activity.res_id).exists()
        if not tandem:
            continue
        activity.write({"res_model_id": program_model, "res_id": tandem.program_id.id})
        tandem.stall_activity_ids |= activity
