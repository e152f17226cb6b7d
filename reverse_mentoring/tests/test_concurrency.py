"""Two transactions at once keep the rules that one transaction alone checks.

Each test opens real cursors of its own (`registry.cursor()`), on data committed
in `setUpClass` and deleted afterwards, and interleaves them as two coordinators,
or a coordinator and a member, would: each sees only what was committed before
its snapshot.
"""

import threading
from datetime import datetime, time, timedelta
from functools import partial
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from psycopg2 import errors

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from ..matching.odoo_data import MatchingData


@tagged("post_install", "-at_install")
class TestConcurrency(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._delete_data)
        with cls.registry.cursor() as cr:
            env = cls._env(cr)
            today = fields.Date.today()
            program = env["mentoring.program"].create(
                {
                    "name": "Concurrency Test Program",
                    "date_start": today - relativedelta(months=1),
                    "date_end": today + relativedelta(months=5),
                    # Open for enrolment: tandems may be formed, people may enrol.
                    "state": "enrollment",
                    "max_mentees_per_mentor": 1,
                }
            )
            employees = env["hr.employee"].create(
                [
                    {"name": f"Concurrency {name}", "company_id": program.company_id.id}
                    for name in ("Mentor", "Mentee A", "Mentee B", "Newcomer")
                ]
            )
            mentor, mentee_a, mentee_b, newcomer = employees
            env["mentoring.participant"].create(
                [
                    {
                        "program_id": program.id,
                        "employee_id": employee.id,
                        "role": role,
                        "state": "confirmed",
                    }
                    for employee, role in (
                        (mentor, "mentor"),
                        (mentee_a, "mentee"),
                        (mentee_b, "mentee"),
                    )
                ]
            )
            user = env["res.users"].create(
                {"name": "Concurrency Newcomer", "login": "rm_concurrency_newcomer"}
            )
            newcomer.user_id = user
            cls.program_id = program.id
            cls.mentor_id, cls.mentee_a_id, cls.mentee_b_id = employees[:3].ids
            cls.newcomer_user_id = user.id
            cls.employee_ids = employees.ids

    @classmethod
    def _env(cls, cr, uid=SUPERUSER_ID):
        return api.Environment(cr, uid, {"tracking_disable": True})

    @classmethod
    def _delete_data(cls):
        with cls.registry.cursor() as cr:
            env = cls._env(cr)
            program = env["mentoring.program"].browse(cls.program_id)
            env["mentoring.participant"].search(
                [("program_id", "=", program.id)]
            ).unlink()
            program.unlink()
            employees = env["hr.employee"].browse(cls.employee_ids)
            partners = employees.work_contact_id
            employees.unlink()
            env["res.users"].browse(cls.newcomer_user_id).unlink()
            partners.unlink()

    def setUp(self):
        super().setUp()
        self.addCleanup(self._reset_program)

    def _reset_program(self):
        """What a test committed goes, for the next test to start afresh."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            tandems = env["mentoring.tandem"].search(
                [("program_id", "=", self.program_id)]
            )
            env["survey.user_input"].search(
                [("mentoring_tandem_id", "in", tandems.ids)]
            ).unlink()
            tandems.session_ids.unlink()
            tandems.unlink()
            program = env["mentoring.program"].browse(self.program_id)
            env["mentoring.matching.wizard"].search(
                [("program_id", "=", program.id)]
            ).unlink()
            program.matching_ids.write({"state": "idle", "message": False})
            env["ir.cron.trigger"].search(
                [("cron_id", "=", env.ref("reverse_mentoring.ir_cron_run_matching").id)]
            ).unlink()
            participants = env["mentoring.participant"].search(
                [("program_id", "=", self.program_id)]
            )
            newcomers = participants.filtered(
                lambda p: p.employee_id.id not in self.employee_ids[:3]
            )
            newcomers.unlink()
            (participants - newcomers).filtered(
                lambda p: p.role == "mentor"
            ).capacity = 1

    def _cursor(self):
        """A transaction of its own, closed (rolled back if open) after the test."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return cr

    def _create_tandem(self, env, mentee_id):
        return env["mentoring.tandem"].create(
            {
                "program_id": self.program_id,
                "mentor_id": self.mentor_id,
                "mentee_id": mentee_id,
            }
        )

    def _open_tandems(self):
        with self.registry.cursor() as cr:
            return (
                self._env(cr)["mentoring.tandem"]
                .search(
                    [
                        ("program_id", "=", self.program_id),
                        ("phase", "not in", ("done", "cancelled")),
                    ]
                )
                .mapped(lambda t: (t.mentor_id.id, t.mentee_id.id))
            )

    def _snapshot(self, env):
        """Start the transaction of `env` now: it sees nothing committed later."""
        env.cr.execute("SELECT 1")

    # ------------------------------------------------------------------ capacity

    @mute_logger("odoo.service.model")
    def test_two_confirmations_never_exceed_the_mentors_capacity(self):
        """The mentor takes one mentee; two coordinators each give them one at once."""
        first, second = self._env(self._cursor()), self._env(self._cursor())
        self._snapshot(first)
        self._snapshot(second)
        self._create_tandem(first, self.mentee_a_id)
        first.cr.commit()
        # The second transaction cannot see the first tandem, and yet it may
        # not add its own: Odoo retries it, and the retry counts both.
        with self.assertRaisesRegex(ValidationError, "can take 1 mentees"):
            retrying(partial(self._create_tandem, second, self.mentee_b_id), second)
        self.assertEqual(self._open_tandems(), [(self.mentor_id, self.mentee_a_id)])

    @mute_logger("odoo.sql_db")
    def test_the_second_confirmation_waits_for_the_first(self):
        """While the first is not committed, the second waits for it instead of counting alone."""  # noqa: E501
        first, second = self._env(self._cursor()), self._env(self._cursor())
        self._create_tandem(first, self.mentee_a_id)
        second.cr.execute("SET LOCAL lock_timeout = '300ms'")
        with self.assertRaises(errors.LockNotAvailable):
            self._create_tandem(second, self.mentee_b_id)
        first.cr.commit()
        self.assertEqual(self._open_tandems(), [(self.mentor_id, self.mentee_a_id)])

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_two_coordinators_in_threads_create_one_tandem(self):
        """Two requests at the very same time, as two Odoo workers run them."""
        barrier = threading.Barrier(2, timeout=10)
        outcome = {}

        def confirm(env, mentee_id):
            self._snapshot(env)
            barrier.wait()
            # What Odoo's `retrying` does for a request, short of resetting the
            # registry, whose lock Odoo's test runner holds while tests run.
            for _attempt in range(2):
                try:
                    self._create_tandem(env, mentee_id)
                    env.cr.commit()
                    outcome[mentee_id] = "created"
                    return
                except errors.SerializationFailure:
                    env.cr.rollback()
                except ValidationError as error:
                    env.cr.rollback()
                    outcome[mentee_id] = str(error)
                    return

        # The environments come from this thread: making one takes the same lock.
        threads = [
            threading.Thread(target=confirm, args=(self._env(self._cursor()), mentee))
            for mentee in (self.mentee_a_id, self.mentee_b_id)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(sorted(outcome), sorted([self.mentee_a_id, self.mentee_b_id]))
        self.assertEqual(list(outcome.values()).count("created"), 1, outcome)
        refused = next(text for text in outcome.values() if text != "created")
        self.assertIn("can take 1 mentees", refused)
        self.assertEqual(len(self._open_tandems()), 1)

    # ------------------------------------------------------------------ same pair

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_the_same_pair_twice_at_once_forms_one_tandem(self):
        first, second = self._env(self._cursor()), self._env(self._cursor())
        # Room for both: only the pair's own rule can refuse the second.
        first["mentoring.participant"].search(
            [("program_id", "=", self.program_id), ("role", "=", "mentor")]
        ).capacity = 2
        first.cr.commit()
        self._snapshot(second)
        self._create_tandem(first, self.mentee_a_id)
        first.cr.commit()
        with self.assertRaisesRegex(ValidationError, "already form an open tandem"):
            retrying(partial(self._create_tandem, second, self.mentee_a_id), second)
        self.assertEqual(self._open_tandems(), [(self.mentor_id, self.mentee_a_id)])

    @mute_logger("odoo.service.model", "odoo.sql_db")
    def test_the_database_refuses_a_second_open_tandem_of_a_pair(self):
        """Whatever code writes them, past the model's checks: the database refuses."""
        env = self._env(self._cursor())
        tandem = self._create_tandem(env, self.mentee_a_id)
        env.cr.commit()
        duplicate = partial(
            env.cr.execute,
            """
            INSERT INTO mentoring_tandem
                   (program_id, mentor_id, mentee_id, stage_id, phase)
            SELECT program_id, mentor_id, mentee_id, stage_id, phase
              FROM mentoring_tandem WHERE id = %s
            """,
            [tandem.id],
        )
        # As a user meets it: a clear message, in their language.
        with self.assertRaisesRegex(
            ValidationError,
            "These two people already form an open tandem in this program.",
        ):
            retrying(duplicate, env)
        self.assertEqual(self._open_tandems(), [(self.mentor_id, self.mentee_a_id)])

    # ------------------------------------------------------------------ enrolment

    @mute_logger("odoo.sql_db")
    def test_a_self_enrolment_does_not_wait_for_a_confirmation(self):
        """A newcomer enrols while a coordinator confirms: neither blocks the other."""
        confirming, enrolling = self._env(self._cursor()), self._cursor()
        self._create_tandem(confirming, self.mentee_a_id)
        enrolling.execute("SET LOCAL lock_timeout = '300ms'")
        newcomer = self._env(enrolling, self.newcomer_user_id)
        newcomer["mentoring.participant"]._self_enroll(
            newcomer["mentoring.program"].browse(self.program_id),
            "mentor",
            newcomer["mentoring.topic"],
        )
        enrolling.commit()
        confirming.cr.commit()
        with self.registry.cursor() as cr:
            mentors = self._env(cr)["mentoring.participant"].search(
                [("program_id", "=", self.program_id), ("role", "=", "mentor")]
            )
            self.assertEqual(len(mentors), 2)
            self.assertIn(self.newcomer_user_id, mentors.user_id.ids)
        self.assertEqual(self._open_tandems(), [(self.mentor_id, self.mentee_a_id)])

    # ------------------------------------------------------------------ invitations

    def test_two_invitations_at_once_send_one(self):
        """Both members mark the same session held at once: one pulse survey each."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            tandem = self._create_tandem(env, self.mentee_a_id)
            start = datetime.combine(fields.Date.today(), time(9)) - timedelta(days=1)
            session = env["mentoring.session"].create(
                {"tandem_id": tandem.id, "start": start, "duration": 1.0}
            )
            tandem_id, session_id = tandem.id, session.id
        first, second = self._env(self._cursor()), self._env(self._cursor())
        self._snapshot(first)
        self._snapshot(second)

        def invite(env):
            tandem = env["mentoring.tandem"].browse(tandem_id)
            return env["survey.user_input"]._mentoring_invite(
                tandem,
                tandem.program_id.pulse_survey_id,
                tandem.mentor_id | tandem.mentee_id,
                env["mentoring.session"].browse(session_id),
            )

        self.assertEqual(len(invite(first)), 2)
        first.cr.commit()
        # The second sees no invitation in its snapshot, and sends none.
        self.assertFalse(invite(second))
        second.cr.commit()
        with self.registry.cursor() as cr:
            invitations = self._env(cr)["survey.user_input"].search(
                [("mentoring_session_id", "=", session_id)]
            )
            self.assertEqual(len(invitations), 2)
            self.assertEqual(len(invitations.partner_id), 2)
            mails = self._env(cr)["mail.mail"].search(
                [("model", "=", "survey.user_input"), ("res_id", "in", invitations.ids)]
            )
            self.assertEqual(len(mails), 2)

    # ------------------------------------------------------------------ matching

    def _matching_state(self):
        """The program's matching as a coordinator sees it: state, message and
        the numbers of proposals and of mentees left unmatched."""
        with self.registry.cursor() as cr:
            program = self._env(cr)["mentoring.program"].browse(self.program_id)
            return (
                program.matching_state,
                program.matching_message,
                len(program.matching_wizard_id.line_ids),
                len(program.matching_wizard_id.unmatched_ids),
            )

    def _run_scheduled_matching(self):
        """Queue the program's matching, then let Odoo's cron runner run the
        scheduled action it triggered, in a thread of its own, as a cron
        worker does: the job commits its progress."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["mentoring.matching"]._queue(
                env["mentoring.program"].browse(self.program_id)
            )
            cron_id = env.ref("reverse_mentoring.ir_cron_run_matching").id
        acquired = []

        def run():
            database = sql_db.db_connect(get_db_name())
            with database.cursor() as cron_cr:
                job = self.registry["ir.cron"]._acquire_one_job(cron_cr, cron_id)
                acquired.append(job)
                self.registry["ir.cron"]._process_job(database, cron_cr, job)

        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
        self.assertTrue(acquired and acquired[0], "Match triggers the scheduled action")

    def test_a_crash_of_the_scheduled_matching_keeps_no_proposal(self):
        """Whether it crashes while solving or after writing proposals, nothing
        is kept, the program shows the failure, and Match works again.
        Meanwhile coordinators saw the progress."""
        seen = []

        def look_then_crash(data):
            # What a coordinator sees meanwhile, from another transaction.
            seen.append(self._matching_state()[:2])
            raise RuntimeError("solver exploded")

        wizard_class = self.registry["mentoring.matching.wizard"]
        write = wizard_class.write

        def write_then_crash(wizard, values):
            write(wizard, values)
            raise RuntimeError("disk full")

        for crash, error in (
            (patch.object(MatchingData, "match", look_then_crash), "solver exploded"),
            (patch.object(wizard_class, "write", write_then_crash), "disk full"),
        ):
            with (
                self.subTest(error=error),
                crash,
                mute_logger("odoo.addons.reverse_mentoring.models.mentoring_matching"),
            ):
                self._run_scheduled_matching()
                state, message, lines, unmatched = self._matching_state()
                self.assertEqual(state, "failed")
                self.assertIn(error, message)
                self.assertEqual((lines, unmatched), (0, 0))
        self.assertEqual(seen[0][0], "running")
        self.assertIn("Scoring the pairs", seen[0][1])
        # One mentor of capacity one, two mentees.
        self._run_scheduled_matching()
        self.assertEqual(self._matching_state()[::2], ("ready", 1))
        self.assertEqual(self._matching_state()[3], 1)
