import logging
import threading

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..matching import (
    AVOIDED,
    NO_CAPACITY,
    OTHER_COMPANY,
    PAIRED_BEFORE,
    REPORTING_LINE,
)
from ..matching.odoo_data import read_matching_data

_logger = logging.getLogger(__name__)

# Confirmed participants from which a program is matched by the scheduled
# action rather than during the request (Settings may change it).
BACKGROUND_THRESHOLD_DEFAULT = 2000


def pair_refusal(env, code, mentor, mentee, program):
    """Why the matching's hard rule `code` refuses `mentor` with `mentee`.

    The words of every check of one pair against the rules (a replacement, a
    proposal confirmed later): `code` is an eligibility reason code, the
    others are records of `program`.
    """
    names = {"mentor": mentor.name, "mentee": mentee.name}
    messages = {
        REPORTING_LINE: env._(
            "%(mentor)s and %(mentee)s are in the same reporting line: nobody mentors anyone in their own reporting line.",  # noqa: E501
            **names,
        ),
        OTHER_COMPANY: env._(
            "%(mentor)s and %(mentee)s work for different companies, and the program does not allow cross-company tandems.",  # noqa: E501
            **names,
        ),
        AVOIDED: env._(
            "%(mentee)s and %(mentor)s asked not to be paired together.", **names
        ),
        PAIRED_BEFORE: env._(
            "%(mentor)s and %(mentee)s already formed a tandem in an earlier program, and this program does not pair people again.",  # noqa: E501
            **names,
        ),
        NO_CAPACITY: env._(
            "%(mentor)s has no free place left in %(program)s.",
            mentor=mentor.name,
            program=program.name,
        ),
    }
    default = env._(
        "The matching of the program does not allow %(mentor)s and %(mentee)s as a pair.",  # noqa: E501
        **names,
    )
    return messages.get(code, default)


class MentoringMatching(models.Model):
    """The matching of a program: its background job and the proposals it made.

    One per program. Small programs are matched during the coordinator's
    request; from the threshold of confirmed participants on, the scheduled
    action matches them outside the web workers and this record shows the
    job's state and progress until a coordinator confirms the proposals
    (`mentoring.matching.wizard`, the review of one run).
    """

    _name = "mentoring.matching"
    _description = "Background Matching"
    _inherit = ["mentoring.guard.mixin"]
    _fixed_fields = ("program_id",)
    # The job alone reports its state, from its checked actions.
    _system_fields = ("state", "progress", "message", "wizard_id")
    _rec_name = "program_id"

    program_id = fields.Many2one(
        "mentoring.program", required=True, readonly=True, ondelete="cascade"
    )
    state = fields.Selection(
        [
            ("idle", "Not Running"),
            ("queued", "Waiting to Start"),
            ("running", "Running"),
            ("failed", "Failed"),
            ("ready", "Proposals Ready"),
        ],
        string="Background Matching",
        default="idle",
        required=True,
        readonly=True,
        copy=False,
        help="Large programs are matched by a scheduled action outside the web "
        "workers; the proposals wait here until a coordinator confirms them.",
    )
    progress = fields.Integer(string="Matching Progress", readonly=True, copy=False)
    message = fields.Char(string="Matching Message", readonly=True, copy=False)
    wizard_id = fields.Many2one(
        "mentoring.matching.wizard",
        string="Matching Proposals",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    _sql_constraints = [
        (
            "program_unique",
            "UNIQUE(program_id)",
            "A program has one matching.",
        ),
    ]

    # ------------------------------------------------------------------ actions

    @api.model
    def _start(self, program):
        """Match `program` now, or queue it when it is too large for a request."""
        program.check_access("write")
        if program.state not in ("enrollment", "running"):
            raise UserError(
                self.env._(
                    "Tandems are matched while a program is open for enrolment or running."  # noqa: E501
                )
            )
        if self._in_background(program):
            return self._queue(program)
        self._drop_draft_proposals(program)
        wizard = self.env["mentoring.matching.wizard"].create(
            {"program_id": program.id}
        )
        wizard._match_now()
        return wizard._action_reopen()

    @api.model
    def _open_proposals(self, program):
        """The proposals the background matching of `program` prepared."""
        program.check_access("write")
        if program.matching_state != "ready" or not program.matching_wizard_id:
            raise UserError(self.env._("There are no proposals to review."))
        return program.matching_wizard_id._action_reopen()

    # ------------------------------------------------------------------ queueing

    @api.model
    def _in_background(self, program):
        """Whether `program` is too large to be matched during a request.

        From the threshold of confirmed participants in the Settings on, the
        scheduled action matches it, outside the HTTP workers.
        """
        threshold = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "reverse_mentoring.background_matching_threshold",
                BACKGROUND_THRESHOLD_DEFAULT,
            )
        )
        confirmed = self.env["mentoring.participant"].search_count(
            [("program_id", "=", program.id), ("state", "=", "confirmed")]
        )
        return confirmed >= threshold

    @api.model
    def _queue(self, program):
        """Hand a large program's matching to the scheduled action."""
        # Of two Match clicks at once, the second waits here, then fails to
        # serialise (the first one updated the row, even to the same values:
        # a lock alone would not do, the first click may create the job's
        # record) and Odoo retries it: it then sees the first one's state.
        self.env.cr.execute(
            "UPDATE mentoring_program SET write_date = write_date WHERE id = %s",
            [program.id],
        )
        job = self._of(program)
        job.invalidate_recordset(["state"])
        if job.state in ("queued", "running"):
            raise UserError(
                self.env._(
                    "The matching of %(program)s is already running: wait until its proposals are ready.",  # noqa: E501
                    program=program.name,
                )
            )
        self._drop_draft_proposals(program)
        wizard = self.env["mentoring.matching.wizard"].create(
            {"program_id": program.id}
        )
        # sudo: the matching state is the scheduled action's, set here by the
        # checked Match action only.
        job.write(
            {
                "state": "queued",
                "progress": 0,
                "message": self.env._("Waiting for the scheduler to start."),
                "wizard_id": wizard.id,
            }
        )
        self.env.ref("reverse_mentoring.ir_cron_run_matching")._trigger()
        return True

    @api.model
    def _of(self, program):
        """The matching of `program`, made the first time it is queued."""
        # sudo: the job's record is the addon's, made by the checked Match
        # action only; coordinators read it.
        matching = self.sudo().search([("program_id", "=", program.id)])
        return matching or matching.create({"program_id": program.id})

    @api.model
    def _drop_draft_proposals(self, program):
        """A new matching replaces the program's unconfirmed proposals.

        The proposals are not transient (see the wizard), so nothing else
        removes them; proposals a queued or running job works on stay.
        """
        busy = program.matching_wizard_id.filtered(
            lambda _wizard: program.matching_state in ("queued", "running")
        )
        self.env["mentoring.matching.wizard"].search(
            [
                ("program_id", "=", program.id),
                ("state", "=", "draft"),
                ("id", "not in", busy.ids),
            ]
        ).unlink()

    def _proposals_confirmed(self, wizard):
        """The job's proposals `wizard` were confirmed: nothing more to show."""
        job = self.filtered(lambda matching: matching.wizard_id == wizard)
        # sudo: the background matching's proposals are confirmed: its state
        # is reset by this checked action.
        job.sudo().write({"state": "idle", "wizard_id": False})

    # ------------------------------------------------------------------ job

    def _report(self, percent, message):
        """Show the background matching's progress on the program."""
        # sudo: the scheduled action reports its own progress.
        self.sudo().write({"progress": percent, "message": message})
        if not getattr(threading.current_thread(), "testing", False):
            # Commit, so that coordinators see the progress while it runs.
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _fail(self, error):
        """Show that the background matching failed with `error`; no proposal kept."""
        # sudo: the scheduled action moves the state it owns.
        self.sudo().state = "failed"
        self._report(
            0,
            self.env._(
                "The matching failed, no proposal was kept: %(error)s. Click Match to try again.",  # noqa: E501
                error=error,
            ),
        )

    @api.model
    def _cron_run_matching(self):
        """Match the programs waiting for it, one per run of the scheduled action.

        The scheduler runs one instance of the job at a time (it locks the job
        while it runs), so a matching still running when a run starts was left
        by a run that never ended: its worker was killed or its server
        stopped. Its transaction was rolled back, so only the state it
        committed was kept: the program shows the failure.
        """
        for matching in self.search([("state", "=", "running")]):
            matching._fail(self.env._("the server running it stopped before the end"))
        queued = self.search([("state", "=", "queued")], order="write_date, id")
        if not queued:
            return
        queued[0]._run()
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(queued) - 1)

    def _run(self):
        """Match the program and store the proposals, reporting the progress.

        The reports commit, so that coordinators see them, and a savepoint does
        not outlive a commit: reading and writing each have a savepoint of their
        own, between two reports (solving does not touch the database). A
        failing step is rolled back, and only the last one writes.
        """
        self.ensure_one()
        # sudo: the scheduled action moves the state it owns.
        self.sudo().state = "running"
        self._report(5, self.env._("Reading the participants."))
        # The job reads and writes as the coordinator who clicked Match (who
        # made the proposals' record), never as the superuser it runs as: the
        # proposals hold only what that coordinator may read, as in a request.
        wizard = self.wizard_id
        wizard = wizard.with_user(wizard.create_uid)
        try:
            with self.env.cr.savepoint():
                data = read_matching_data(wizard.program_id)
            self._report(
                20, self.env._("Scoring the pairs and solving the assignment.")
            )
            result = data.match()
            self._report(80, self.env._("Writing the proposals."))
            with self.env.cr.savepoint():
                wizard._write_proposals(data, result)
                self.sudo().state = "ready"
        except Exception as error:  # noqa: BLE001 - any failure must be shown
            _logger.exception("Matching of program %s failed", self.program_id.id)
            self._fail(str(error) or type(error).__name__)
            return
        self._report(
            100,
            self.env._(
                "%(count)s proposals are ready to review.", count=len(wizard.line_ids)
            ),
        )
