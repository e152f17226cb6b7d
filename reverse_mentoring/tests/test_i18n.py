"""Every shipped language is complete and reaches the user; German and French
say each concept with one word."""

import glob
import os
import re

import polib

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

from .common import MentoringCase

ADDONS = ("reverse_mentoring", "reverse_mentoring_dashboard")

# What a translation keeps exactly as its source says it: named and positional
# placeholders, QWeb and inline-template expressions, HTML tags.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{\w*\}|\bt-[\w-]+=\"[^\"]*\"|</?[a-z][\w-]*\b",
    re.DOTALL,
)
MARKUP = re.compile(r"<[^>]*>|\{\{.*?\}\}|%\(\w+\)[sd]", re.DOTALL)


def shipped_languages():
    """The language codes of every <lang>.po in the addons' i18n folders."""
    return sorted(
        {
            os.path.basename(path)[: -len(".po")]
            for addon in ADDONS
            for path in glob.glob(os.path.join(file_path(f"{addon}/i18n"), "*.po"))
        }
    )


def translations(addon, lang):
    """msgid -> msgstr of the addon's <lang>.po, the translated entries only."""
    path = os.path.join(file_path(f"{addon}/i18n"), f"{lang}.po")
    if not os.path.exists(path):
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(path)
        if entry.msgstr and not entry.fuzzy and not entry.obsolete
    }


def text(term):
    """A term without its markup and placeholders: the words a reader sees."""
    return MARKUP.sub(" ", term)


class TestShippedLanguages(TransactionCase):
    def test_german_and_french_ship(self):
        self.assertLessEqual({"de", "fr"}, set(shipped_languages()))

    def test_every_shipped_language_translates_every_term(self):
        for addon in ADDONS:
            terms = {
                source
                for _m, _t, _n, _r, source, _v, _c in TranslationModuleReader(
                    self.env.cr, [addon]
                )
            }
            self.assertTrue(terms, addon)
            for lang in shipped_languages():
                with self.subTest(addon=addon, lang=lang):
                    missing = sorted(terms - set(translations(addon, lang)))
                    self.assertFalse(
                        missing,
                        f"terms of {addon} without {lang} translation "
                        f"(run `make pot`, then translate {addon}/i18n/{lang}.po)",
                    )

    def test_translations_keep_the_placeholders(self):
        for addon in ADDONS:
            for lang in shipped_languages():
                broken = [
                    msgid
                    for msgid, msgstr in translations(addon, lang).items()
                    if sorted(PLACEHOLDER.findall(msgid))
                    != sorted(PLACEHOLDER.findall(msgstr))
                ]
                with self.subTest(addon=addon, lang=lang):
                    self.assertFalse(
                        broken, f"{lang} translations that lose or add placeholders"
                    )


class TestGerman(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.german = translations("reverse_mentoring", "de")

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


class TestFrench(TransactionCase):
    """One French word for each concept, in the words of Odoo's own French."""

    # English words of a term -> the French word its translation uses.
    WORDS = (
        (r"\bsessions?\b", r"\bséances?\b"),
        (r"\bmentees?\b", r"\bmentorés?\b"),
        (
            r"\b(?:tandem )?partners?\b(?! organisations)(?!\))",
            r"\bpartenaires? de tandem\b",
        ),
        (r"\bcheck-in\b", r"\bpoint d'étape\b"),
        (r"\bconcerns?\b", r"\bpréoccupations?\b"),
        (r"\bcohort events?\b", r"\bévénements? collectifs?\b"),
        (r"\brounds?\b", r"\béditions?\b"),
        (r"\bcertificates?\b", r"\battestations?\b"),
        (r"\bkick-off\b", r"\blancement\b"),
        (r"\breverse.mentoring\b", r"\bmentorat inversé\b"),
        (r"\bsurveys?\b", r"\bsondages?\b"),
    )
    # Words the French never uses for those concepts.
    NEVER = (
        r"\bsessions?\b",
        r"\bmentee",
        r"\bcohortes?\b",
        r"(?<!organisations )\bpartenaires?\b(?! de tandem)(?!\))",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.french = translations("reverse_mentoring", "fr")

    def test_one_french_word_for_each_concept(self):
        for msgid, msgstr in self.french.items():
            source, french = text(msgid), text(msgstr)
            with self.subTest(msgid=msgid):
                for english, word in self.WORDS:
                    if re.search(english, source, re.IGNORECASE):
                        self.assertRegex(french, re.compile(word, re.IGNORECASE))
                for word in self.NEVER:
                    self.assertNotRegex(french, re.compile(word, re.IGNORECASE))
        # The last two stages of a tandem read apart at a glance, in Odoo's words.
        self.assertEqual(
            (self.french["Closing"], self.french["Done"]), ("Clôture", "Terminé")
        )
        self.assertEqual(
            (self.french["Employee"], self.french["Survey"], self.french["Meeting"]),
            ("Employé", "Sondage", "Réunion"),
        )

    def test_french_speaks_formally(self):
        familiar = re.compile(r"\b(?:tu|toi|ton|ta|tes|te|t')\b", re.IGNORECASE)
        for msgid, msgstr in self.french.items():
            with self.subTest(msgid=msgid):
                self.assertNotRegex(text(msgstr), familiar)
