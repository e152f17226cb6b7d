"""German, the language of our first users, is complete and reaches the user."""

import re

import polib

from odoo.exceptions import ValidationError
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

from .common import MentoringCase


class TestGerman(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.german = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(file_path("reverse_mentoring/i18n/de.po"))
            if entry.msgstr and not entry.fuzzy and not entry.obsolete
        }

    def test_every_term_has_a_german_translation(self):
        terms = {
            source
            for _m, _t, _n, _r, source, _v, _c in TranslationModuleReader(
                self.env.cr, ["reverse_mentoring"]
            )
        }
        missing = sorted(terms - set(self.german))
        self.assertFalse(
            missing,
            "terms without German translation (run `make pot`, then translate de.po)",
        )

    def test_one_german_word_for_each_concept(self):
        for msgid, msgstr in self.german.items():
            with self.subTest(msgid=msgid):
                if re.search(r"\bsessions?\b", msgid, re.IGNORECASE):
                    # A session is a "Sitzung"; "Treffen Sie sich" is a verb.
                    self.assertNotRegex(msgstr, r"\bTreffen\b(?! Sie)")
                self.assertNotIn("Tandem-Partner", msgstr)
                self.assertNotRegex(msgstr, r"Tandempartner(?!/in)")
        # The last two stages of a tandem read apart at a glance.
        self.assertEqual(
            (self.german["Closing"], self.german["Done"]), ("Abschlussphase", "Beendet")
        )

    def _load_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["reverse_mentoring"], ["de_DE"], overwrite=True
        )

    def test_translations_keep_the_placeholders(self):
        placeholder = re.compile(r"%\(\w+\)s|\{\{.*?\}\}|t-out=\"[^\"]*\"|<[a-z]+\b")
        broken = [
            msgid
            for msgid, msgstr in self.german.items()
            if sorted(placeholder.findall(msgid)) != sorted(placeholder.findall(msgstr))
        ]
        self.assertFalse(broken, "German translations that lose or add placeholders")

    def test_each_person_is_told_in_their_language(self):
        self._load_german()
        self.mentee.work_contact_id.lang = "de_DE"
        self.mentor.work_contact_id.lang = "en_US"
        self.tandem.session_ids.unlink()
        self.tandem.unlink()
        tandem = self.env["mentoring.tandem"].create(
            {
                "program_id": self.program.id,
                "mentor_id": self.mentor.id,
                "mentee_id": self.mentee.id,
            }
        )
        tandem._notify_proposed()
        subjects = {
            message.partner_ids: message.subject for message in tandem.message_ids
        }
        self.assertEqual(
            subjects[self.mentee.work_contact_id],
            "Ihr Reverse-Mentoring-Tandem in Digital Leadership",
        )
        self.assertEqual(
            subjects[self.mentor.work_contact_id],
            "Your reverse-mentoring tandem in Digital Leadership",
        )

    def test_a_german_user_reads_german(self):
        self._load_german()
        self.coordinator.lang = "de_DE"
        stage = self.stage_active.with_user(self.coordinator).with_context(lang="de_DE")
        self.assertEqual(stage.name, self.german["Active"])
        both = self._employee("Beide Rollen", parent=self.ceo)
        self._enrol(both, "mentor")
        self._enrol(both, "mentee")
        with self.assertRaises(ValidationError) as caught:
            self.env["mentoring.tandem"].with_user(self.coordinator).with_context(
                lang="de_DE"
            ).create(
                {
                    "program_id": self.program.id,
                    "mentor_id": both.id,
                    "mentee_id": both.id,
                }
            )
        expected = self.german["%(name)s cannot mentor themselves."] % {
            "name": "Beide Rollen"
        }
        self.assertEqual(str(caught.exception), expected)

    def test_certificate_in_the_member_language(self):
        self._load_german()
        self.mentee.work_contact_id.lang = "de_DE"
        self.tandem.stage_id = self.stage_done
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.mentee_user)
            ._render_qweb_html(
                "reverse_mentoring.report_mentoring_certificate", self.tandem.ids
            )
        )
        self.assertIn(self.german["Certificate of Participation"], html.decode())

    def test_mandatory_enrolment_is_told_in_the_employee_language(self):
        self._load_german()
        self.ceo.work_contact_id.lang = "de_DE"
        self.env["mentoring.participant"].with_user(self.coordinator)._enroll_mandatory(
            self.program, self.ceo
        )
        participant = self.program.participant_ids.filtered(
            lambda p: p.employee_id == self.ceo
        )
        self.assertIn("Sie nehmen als Mentee", participant.message_ids[:1].body)
