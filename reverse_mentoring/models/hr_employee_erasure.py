import re

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

from .mentoring_participant_profile import PROFILE_FIELDS
from .survey_user_input import MENTORING_ATTACHED

# The mentoring models whose chatter may name a person.
MENTORING_THREADS = (
    "mentoring.participant",
    "mentoring.tandem",
    "mentoring.session",
    "mentoring.program",
    "mentoring.concern",
)


def without_alternative(text, name):
    """The "Name (score), ..." list of other good mentors, without `name`."""
    entries = re.findall(r"(.+?) \((\d+)\)(?:, |$)", text or "")
    kept = [f"{mentor} ({score})" for mentor, score in entries if mentor != name]
    return ", ".join(kept) or False


def without_name(text, name, former):
    """`text` saying `former` where it said `name` (escaped in HTML)."""
    if isinstance(text, Markup):
        return Markup(str(text).replace(escape(name), escape(former)))
    return text.replace(name, former)


class HrEmployeeErasure(models.Model):
    """The erasure of a person's mentoring data, by HR officers.

    The person's private notes are deleted, their feedback answers detached
    from them, and their participations and tandems passed to an anonymous,
    archived stand-in employee ("Former participant"), so that every count and
    figure of the programs stays as it was. What the person wrote alone goes
    (motivation, profile and wishes, kick-off expectations, the concerns they
    raised, the reasons of the matches they declined); what the tandem's two
    share or others wrote stays, saying "Former participant" instead of their
    name (the chatter, the sessions' agendas, the partner's concerns and
    reasons). Until then, the person cannot be deleted (see
    `_unlink_except_mentoring_data`).
    """

    _inherit = "hr.employee"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mentoring_erase(self):
        """Open the confirmation of the erasure."""
        self.ensure_one()
        self._mentoring_check_hr()
        return self.env["mentoring.erasure.wizard"]._get_records_action(
            name=self.env._("Erase Mentoring Data"),
            target="new",
            context={"default_employee_id": self.id},
        )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _mentoring_erasure_summary(self):
        """{what: how many} the erasure of this employee deletes or anonymises."""
        self.ensure_one()
        self._mentoring_check_hr()
        # sudo: counts only, for the HR officer who confirms the erasure.
        employee = self.sudo()
        env = employee.env
        tandems = env["mentoring.tandem"].search(
            ["|", ("mentor_id", "=", employee.id), ("mentee_id", "=", employee.id)]
        )
        return {
            "participations": env["mentoring.participant"].search_count(
                [("employee_id", "=", employee.id)]
            ),
            "tandems": len(tandems),
            "notes": env["mentoring.session.note"].search_count(
                [("user_ids", "in", employee.user_id.ids)]
            )
            if employee.user_id
            else 0,
            "answers": env["survey.user_input"].search_count(
                self._mentoring_answers_domain(employee)
            ),
        }

    def _mentoring_erase(self):
        """Erase the mentoring data of these employees; safe to run twice.

        HR officers only. The programs' counts and figures stay as they were.
        """
        self._mentoring_check_hr()
        for employee in self.sudo().with_context(active_test=False):
            employee._mentoring_erase_one()

    def _mentoring_erase_one(self):
        """Erase one person's mentoring data (in sudo, checked by the caller)."""
        self.ensure_one()
        env = self.env
        users = self.user_id
        partners = self.work_contact_id | users.partner_id
        if users:
            env["mentoring.session.note"].search(
                [("user_ids", "in", users.ids)]
            ).unlink()
        env["survey.user_input"].search(
            self._mentoring_answers_domain(self)
        )._mentoring_detach_respondents()
        participants = env["mentoring.participant"].search(
            [("employee_id", "=", self.id)]
        )
        as_mentor = env["mentoring.tandem"].search([("mentor_id", "=", self.id)])
        as_mentee = env["mentoring.tandem"].search([("mentee_id", "=", self.id)])
        env["mentoring.tandem.expectation"].search(
            [
                "|",
                "&",
                ("tandem_id", "in", as_mentor.ids),
                ("side", "=", "mentor"),
                "&",
                ("tandem_id", "in", as_mentee.ids),
                ("side", "=", "mentee"),
            ]
        ).unlink()
        self._mentoring_erase_profiles(participants)
        tandems = as_mentor | as_mentee
        declines = env["mentoring.declined.pair"].search(
            ["|", ("mentor_id", "=", self.id), ("mentee_id", "=", self.id)]
        )
        former = env._("Former participant")
        stand_in = env["hr.employee"]
        if participants or tandems or declines:
            # The stand-in keeps the hourly cost, so the program's costs stay.
            stand_in = stand_in.with_context(tracking_disable=True).create(
                {
                    "name": former,
                    "active": False,
                    "company_id": self.company_id.id,
                    "hourly_cost": self.hourly_cost,
                }
            )
        self._mentoring_erase_proposals(former)
        self._mentoring_erase_texts(tandems, declines, users, former)
        self._mentoring_clean_chatter(
            participants, tandems, partners, users, stand_in, former
        )
        if stand_in:
            self._mentoring_pass_to(stand_in, participants, as_mentor, as_mentee)
            self._mentoring_pass_invitations(partners, stand_in, former)

    @api.model
    def _mentoring_answers_domain(self, employee):
        """The mentoring answers that still name `employee` as their respondent."""
        # By contact only: an email address may be shared by several people.
        partners = employee.work_contact_id | employee.user_id.partner_id
        return [*MENTORING_ATTACHED, ("partner_id", "in", partners.ids)]

    def _mentoring_erase_profiles(self, participants):
        """Clear what the person said of themselves in their participations.

        Their motivation, topics, "not to be paired with" choices and profile
        (interests, style, format, times, languages, wishes, the consent to be
        wished for) go, and their participations leave the others' wishes.
        """
        participant = self.env["mentoring.participant"]
        # sudo (the caller's): wishes and the consent to be wished for are
        # written by the addon's own code only.
        wishing = participant.search([("wish_participant_ids", "in", participants.ids)])
        wishing.with_context(mail_notrack=True).write(
            {
                "wish_participant_ids": [
                    fields.Command.unlink(wished.id) for wished in participants
                ]
            }
        )
        many2many = {
            name
            for name in PROFILE_FIELDS
            if participant._fields[name].type == "many2many"
        }
        participants.with_context(mail_notrack=True).write(
            {
                "motivation": False,
                "topic_ids": [fields.Command.clear()],
                "avoid_employee_ids": [fields.Command.clear()],
                **{
                    name: [fields.Command.clear()] if name in many2many else False
                    for name in PROFILE_FIELDS
                },
            }
        )

    def _mentoring_erase_texts(self, tandems, declines, users, former):
        """The free texts of the person's tandems and declined matches.

        Theirs alone go, like their motivation and kick-off expectations: the
        concerns they raised (the description is the concern), the reasons of
        the matches they declined. Those the tandem's two share (the sessions'
        agendas) and those others wrote (the partner's concerns, the reason of
        a match declined by the other one) stay, saying `former` instead of
        their name.
        """
        env = self.env
        concerns = env["mentoring.concern"]
        if users:
            concerns.search([("user_id", "in", users.ids)]).unlink()
        declines.filtered(lambda pair: pair[f"{pair.declined_side}_id"] == self).write(
            {"reason": False}
        )
        name = self.name or ""
        if not name:
            return
        for records, field in (
            (declines, "reason"),
            (concerns.search([("tandem_id", "in", tandems.ids)]), "description"),
            (tandems.session_ids, "agenda"),
        ):
            for record in records.filtered(field):
                text = without_name(record[field], name, former)
                if text != record[field]:
                    record.with_context(mail_notrack=True).write({field: text})

    def _mentoring_pass_invitations(self, partners, stand_in, former):
        """Give the person's invitations to cohort events to the stand-in.

        The cohort events are seen by the whole program: their attendees and
        answers name the stand-in's contact instead, so the acceptance and
        attendance figures stay; the person's answers in their chatter lose
        their author and name.
        """
        env = self.env
        events = (
            env["mentoring.cohort.event"]
            .search([("calendar_event_id.partner_ids", "in", partners.ids)])
            .calendar_event_id
        )
        if not events or not partners:
            return
        contact = stand_in.work_contact_id
        env.flush_all()
        for table, column, event_column in (
            ("calendar_attendee", "partner_id", "event_id"),
            ("calendar_event_res_partner_rel", "res_partner_id", "calendar_event_id"),
        ):
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s IN %s AND %s IN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    contact.id,
                    SQL.identifier(column),
                    tuple(partners.ids),
                    SQL.identifier(event_column),
                    tuple(events.ids),
                )
            )
        env.invalidate_all()
        attendees = env["calendar.attendee"].search(
            [("event_id", "in", events.ids), ("partner_id", "=", contact.id)]
        )
        attendees.modified(["partner_id"])
        env["mentoring.cohort.attendance"].search(
            [("employee_id", "=", stand_in.id)]
        ).modified(["employee_id"])
        name = self.name or ""
        for message in env["mail.message"].search(
            [
                ("model", "=", "calendar.event"),
                ("res_id", "in", events.ids),
                ("author_id", "in", partners.ids),
            ]
        ):
            body = str(message.body or "")
            message.write(
                {
                    "author_id": False,
                    "email_from": False,
                    "body": body.replace(escape(name), escape(former))
                    if name
                    else body,
                }
            )
        env["mail.followers"].search(
            [
                ("res_model", "=", "calendar.event"),
                ("res_id", "in", events.ids),
                ("partner_id", "in", partners.ids),
            ]
        ).unlink()
        env.flush_all()

    def _mentoring_erase_proposals(self, former):
        """Take the person out of the stored matching proposals.

        Their own proposals (as mentee or mentor) and their "not matched" rows
        go; they leave the other good mentors offered, with their score; the
        explanations that name them (a better pair the pairing history
        skipped), in proposals and tandems, say `former` instead.
        """
        env = self.env
        lines = env["mentoring.matching.wizard.line"]
        lines.search(
            ["|", ("mentee_id", "=", self.id), ("mentor_id", "=", self.id)]
        ).unlink()
        env["mentoring.matching.wizard.unmatched"].search(
            [("mentee_id", "=", self.id)]
        ).unlink()
        name = self.name or ""
        for line in lines.search([("alternative_ids", "in", self.ids)]):
            line.write(
                {
                    "alternative_ids": [fields.Command.unlink(self.id)],
                    "alternatives": without_alternative(line.alternatives, name),
                }
            )
        if not name:
            return
        for model, field in (
            ("mentoring.matching.wizard.line", "explanation"),
            ("mentoring.matching.wizard.unmatched", "reason"),
            ("mentoring.tandem", "match_explanation"),
        ):
            for record in env[model].search([(field, "ilike", name)]):
                record.with_context(mail_notrack=True).write(
                    {field: record[field].replace(name, former)}
                )

    def _mentoring_clean_chatter(
        self, participants, tandems, partners, users, stand_in, former
    ):
        """Take the person's name out of the chatter of their mentoring records.

        Tracked changes of the person fields now show the stand-in, the
        messages they wrote lose their author, the record names and texts of
        the messages lose their name; their followers and activities go.
        """
        env = self.env
        threads = [
            ("mentoring.participant", participants.ids),
            ("mentoring.tandem", tandems.ids),
            ("mentoring.session", tandems.session_ids.ids),
            ("mentoring.concern", tandems.concern_ids.ids),
        ]
        domain = [
            "&",
            ("model", "in", MENTORING_THREADS),
            ("author_id", "in", partners.ids),
        ]
        for model, ids in threads:
            domain = ["|", "&", ("model", "=", model), ("res_id", "in", ids), *domain]
        messages = env["mail.message"].search(domain)
        values = env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("field_id.name", "in", ("employee_id", "mentor_id", "mentee_id")),
            ]
        )
        for value in values:
            for when in ("old", "new"):
                if value[f"{when}_value_integer"] == self.id:
                    value[f"{when}_value_integer"] = stand_in.id
                    value[f"{when}_value_char"] = former
        name = self.name or ""
        for message in messages:
            changes = {}
            if message.author_id and message.author_id in partners:
                changes.update(author_id=False, email_from=False)
            if name and name in (message.record_name or ""):
                changes["record_name"] = message.record_name.replace(name, former)
            body = str(message.body or "")
            if name and escape(name) in body:
                changes["body"] = body.replace(escape(name), escape(former))
            if changes:
                message.write(changes)
        env["mail.followers"].search(
            [("res_model", "in", MENTORING_THREADS), ("partner_id", "in", partners.ids)]
        ).unlink()
        if users:
            env["mail.activity"].search(
                [("res_model", "in", MENTORING_THREADS), ("user_id", "in", users.ids)]
            ).unlink()

    def _mentoring_pass_to(self, stand_in, participants, as_mentor, as_mentee):
        """Give the person's participations and tandems to the anonymous stand-in.

        In SQL, as one change: the stand-in takes the person's place in every
        record at once, so that the rules on enrolments, capacities and
        reporting lines hold as they did, and no tracked change names them.
        """
        env = self.env
        env.flush_all()
        for table, column in (
            ("mentoring_participant", "employee_id"),
            ("mentoring_tandem", "mentor_id"),
            ("mentoring_tandem", "mentee_id"),
            ("mentoring_cohort_attendance", "employee_id"),
            ("mentoring_skill_assessment", "employee_id"),
            ("mentoring_declined_pair", "mentor_id"),
            ("mentoring_declined_pair", "mentee_id"),
        ):
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    stand_in.id,
                    SQL.identifier(column),
                    self.id,
                )
            )
        env.cr.execute(
            SQL(
                "DELETE FROM mentoring_participant_avoid_rel WHERE employee_id = %s",
                self.id,
            )
        )
        env.invalidate_all()
        participants.modified(["employee_id"])
        as_mentor.modified(["mentor_id"])
        as_mentee.modified(["mentee_id"])
        attendances = env["mentoring.cohort.attendance"].search(
            [("employee_id", "=", stand_in.id)]
        )
        attendances.modified(["employee_id"])
        # The person's role went with their participations.
        env.add_to_compute(self._fields["mentoring_role"], self)
        env.flush_all()
