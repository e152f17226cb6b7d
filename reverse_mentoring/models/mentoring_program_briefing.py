from odoo import api, fields, models
from odoo.exceptions import AccessError


class MentoringProgramBriefing(models.Model):
    """The briefing files of a program, one set per role."""

    # Each concern of the program extends it from a file of its own.
    _inherit = "mentoring.program"  # pylint: disable=consider-merging-classes-inherited

    mentor_briefing_ids = fields.Many2many(
        "ir.attachment",
        "mentoring_program_mentor_briefing_rel",
        "program_id",
        "attachment_id",
        string="Briefing for Mentors",
        copy=False,
        # Members download their role's briefing from their tandem's page only.
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="Guidelines and workshop material the mentors of the program read.",
    )
    mentee_briefing_ids = fields.Many2many(
        "ir.attachment",
        "mentoring_program_mentee_briefing_rel",
        "program_id",
        "attachment_id",
        string="Briefing for Mentees",
        copy=False,
        # Members download their role's briefing from their tandem's page only.
        groups="reverse_mentoring.group_mentoring_coordinator",
        help="Guidelines and workshop material the mentees of the program read.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        programs = super().create(vals_list)
        programs._attach_briefings()
        return programs

    def write(self, vals):
        result = super().write(vals)
        if {"mentor_briefing_ids", "mentee_briefing_ids"} & set(vals):
            self._attach_briefings()
        return result

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _attach_briefings(self):
        """Make the briefings files of their program that only its coordinators open.

        Each file is attached to its program's briefing field (res_model,
        res_id, res_field), so that ir.attachment's own check lets only the
        users who may read that field of that program open it in the back end
        (`ir.attachment._check_access`). Members of tandems, portal users
        included, download their role's briefing from the portal, which checks
        at every request that they still take part in that role. No token gives
        access past that check: any given out before is revoked here (and for
        every program on update). A file of another record never becomes a
        briefing: New Round copies the files instead.
        """
        for program in self:
            for name in ("mentor_briefing_ids", "mentee_briefing_ids"):
                # sudo: the files' links, set here for the program the user edits.
                files = program.sudo()[name]
                foreign = files.filtered(
                    lambda a, p=program: (a.res_model, a.res_id)
                    not in (("mentoring.program", p.id), ("mentoring.program", 0))
                    or not (a.res_id or self.env.su or a.create_uid == self.env.user)
                )
                if foreign and not self.env.su:
                    raise AccessError(
                        self.env._(
                            "A briefing of %(program)s is a file uploaded for it: %(files)s belong elsewhere.",  # noqa: E501
                            program=program.name,
                            files=", ".join(foreign.mapped("name")),
                        )
                    )
                (files - foreign).filtered(
                    lambda a, n=name: not a.res_id or a.res_field != n
                ).write(
                    {"res_model": self._name, "res_id": program.id, "res_field": name}
                )
                # Revoking a token grants nothing, whoever owns the file.
                files.filtered("access_token").write({"access_token": False})
