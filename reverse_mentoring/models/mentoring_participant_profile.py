from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..matching.odoo_data import DAY_TIMES
from .mentoring_participant_manager_notice import MentoringParticipantManagerNotice

COMMUNICATION_STYLES = [
    ("direct", "Direct and to the point"),
    ("exploratory", "Exploratory, taking time"),
    ("structured", "Structured, with an agenda"),
    ("casual", "Casual, over a coffee"),
]
MEETING_FORMATS = [
    ("in_person", "In person"),
    ("remote", "Remote"),
    ("either", "Either"),
]
# The times of day a person can meet are one flag each (DAY_TIMES, in the
# order the matching reads them).
MAX_WISHES = 3
# What the person writes of their own profile, through `_write_profile`.
PROFILE_FIELDS = {
    "interest_ids",
    "communication_style",
    "meeting_format",
    "language_ids",
    "visible_for_wishes",
    "wish_participant_ids",
    *DAY_TIMES,
}


class MentoringParticipant(models.Model):
    _inherit = "mentoring.participant"  # pylint: disable=consider-merging-classes-inherited
    # Wishes and the consent to be wished for are the person's, written by
    # `_write_profile` alone: nobody else names or withdraws them.
    _system_fields = MentoringParticipantManagerNotice._system_fields + (
        "visible_for_wishes",
        "wish_participant_ids",
    )

    interest_ids = fields.Many2many(
        "mentoring.interest",
        string="Interests",
        help="Personal interests, shared with a partner they make a good start.",
    )
    communication_style = fields.Selection(
        COMMUNICATION_STYLES, help="How the person likes to talk things through."
    )
    meeting_format = fields.Selection(
        MEETING_FORMATS,
        string="Preferred Meeting Format",
        default="either",
    )
    time_morning = fields.Boolean(string="Mornings")
    time_lunch = fields.Boolean(string="Lunchtime")
    time_afternoon = fields.Boolean(string="Afternoons")
    time_evening = fields.Boolean(string="Evenings")
    language_ids = fields.Many2many(
        "res.lang",
        "mentoring_participant_res_lang_rel",
        "participant_id",
        "lang_id",
        string="Spoken Languages",
        context={"active_test": False},
        domain="[('active', 'in', (True, False))]",
        help="The languages the person can hold a session in.",
    )
    visible_for_wishes = fields.Boolean(
        string="Others May Wish for Me",
        help="People of the other role in this program may name this person "
        "as one of their preferred partners.",
    )
    wish_participant_ids = fields.Many2many(
        "mentoring.participant",
        "mentoring_participant_wish_rel",
        "participant_id",
        "wished_id",
        string="Preferred Partners",
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="Up to three people of the other role this person would like to be "
        "paired with. Read by the program's coordinators who take no part in "
        "it; the person reads their own on the portal.",
    )
    is_matched = fields.Boolean(
        string="Matched",
        compute="_compute_is_matched",
        help="The person is in a tandem of this program: their profile is kept "
        "as it was when they were matched.",
    )

    @api.constrains("wish_participant_ids", "program_id", "role")
    def _check_wishes(self):
        for participant in self:
            wishes = participant.wish_participant_ids
            if len(wishes) > MAX_WISHES:
                raise ValidationError(
                    self.env._(
                        "Name at most %(count)s preferred partners.", count=MAX_WISHES
                    )
                )
            if wishes.filtered(
                lambda w, p=participant: w.program_id != p.program_id
                or w.role == p.role
                or w.employee_id == p.employee_id
                or not w.visible_for_wishes
            ):
                raise ValidationError(
                    self.env._(
                        "Preferred partners are people of the other role in the same program."  # noqa: E501
                    )
                )

    def _compute_is_matched(self):
        counts = self._origin._count_open_tandems()
        for participant in self:
            participant.is_matched = bool(counts.get(participant._origin.id))

    # ------------------------------------------------------------------ privacy

    # Who wished whom: the coordinators read it, except of a program they take
    # part in themselves (whoever wished for them, or their partner, stays
    # unknown to them), in reads, searches, groupings and exports.

    @api.model
    def _programs_taken_part_in(self):
        """The programs the current user takes part in (in sudo: their own)."""
        if self.env.su:
            return self.env["mentoring.program"]
        return self.sudo().search([("user_id", "=", self.env.uid)]).program_id

    @api.model
    def _search_scope(self, fnames):
        """A use of the wishes keeps away from one's own programs."""
        taken = (
            self._programs_taken_part_in()
            if "wish_participant_ids" in fnames
            else self.env["mentoring.program"]
        )
        if not taken:
            return super()._search_scope(fnames)
        return [("program_id", "not in", taken.ids)]

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if "wish_participant_ids" in fnames:
            taken = self._programs_taken_part_in()
            hidden = set(self.filtered(lambda p: p.program_id in taken).ids)
            for values in result:
                if values["id"] in hidden:
                    values["wish_participant_ids"] = []
        return result

    def export_data(self, fields_to_export):
        names = {path.split("/")[0] for path in fields_to_export}
        taken = (
            self._programs_taken_part_in() if "wish_participant_ids" in names else ()
        )
        if taken and self.filtered(lambda p: p.program_id in taken):
            raise AccessError(
                self.env._(
                    "Who wished whom in a program you take part in is not for you to read."  # noqa: E501
                )
            )
        return super().export_data(fields_to_export)

    def _wish_candidates(self):
        """Whom this person may name as preferred partners now (in sudo).

        The confirmed or waiting people of the other role in the program who
        chose to be visible for wishes, while the program takes enrolments.
        """
        self.ensure_one()
        if self.program_id.state != "enrollment":
            return self.browse()
        # sudo: the participant may not read the others; only those who
        # chose to be visible for wishes are offered, by name.
        return self.sudo().search(
            [
                ("program_id", "=", self.program_id.id),
                ("role", "!=", self.role),
                ("state", "in", ("draft", "confirmed")),
                ("visible_for_wishes", "=", True),
                ("employee_id", "!=", self.employee_id.id),
            ]
        )

    def _check_profile_editable(self):
        """Refuse a profile change by anyone but its person, or once matched."""
        for participant in self:
            if participant.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(name)s edits their own profile.",
                        name=participant.employee_id.name,
                    )
                )
            if participant.state not in ("draft", "confirmed"):
                raise UserError(
                    self.env._("This participation has ended: its profile is kept.")
                )
            if participant.is_matched:
                raise UserError(
                    self.env._(
                        "You are matched already: your profile stays as it was when your tandem was formed."  # noqa: E501
                    )
                )

    def _write_profile(self, vals, new_interests=()):
        """The person writes their own profile: interests, style, format, times,
        languages and wishes, nothing else of their participation.

        `new_interests` are names of interests to add (created when unknown).
        Wishes change only while the program takes enrolments, and name only
        people offered by `_wish_candidates`.
        """
        self.ensure_one()
        self._check_profile_editable()
        unknown = set(vals) - PROFILE_FIELDS
        if unknown:
            raise AccessError(
                self.env._(
                    "Your profile does not hold %(fields)s.",
                    fields=", ".join(sorted(unknown)),
                )
            )
        vals = dict(vals)
        if new_interests:
            added = self.env["mentoring.interest"]._find_or_create(new_interests)
            ids = set(vals.pop("interest_ids", self.interest_ids.ids)) | set(added.ids)
            vals["interest_ids"] = [fields.Command.set(sorted(ids))]
        elif "interest_ids" in vals:
            vals["interest_ids"] = [fields.Command.set(vals["interest_ids"])]
        if "language_ids" in vals:
            vals["language_ids"] = [fields.Command.set(vals["language_ids"])]
        if "wish_participant_ids" in vals:
            wished = set(vals["wish_participant_ids"])
            if wished != set(self.sudo().wish_participant_ids.ids):
                if self.program_id.state != "enrollment":
                    raise UserError(
                        self.env._(
                            "Preferred partners are named while the program takes enrolments."  # noqa: E501
                        )
                    )
                if wished - set(self._wish_candidates().ids):
                    raise UserError(
                        self.env._(
                            "Only people of the other role who agreed to be wished for can be named as preferred partners."  # noqa: E501
                        )
                    )
            vals["wish_participant_ids"] = [fields.Command.set(sorted(wished))]
        # sudo: participants cannot write their participation; they write only
        # the profile fields of their own, unmatched one, checked above.
        self.sudo().write(vals)
        if "visible_for_wishes" in vals and not vals["visible_for_wishes"]:
            # The person withdrew their consent: no wish names them any more.
            self.sudo().search([("wish_participant_ids", "in", self.ids)]).write(
                {"wish_participant_ids": [fields.Command.unlink(self.id)]}
            )
        return True
