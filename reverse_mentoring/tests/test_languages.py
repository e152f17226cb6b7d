"""A tandem whose two people read different languages: each is told, invited and
certified in their own."""

import html
import re
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields

from .common import MentoringCase
from .test_i18n import translations

LANGS = {"fr": "fr_FR", "de": "de_DE"}


def words(markup):
    """The text a reader sees in `markup`, its spaces collapsed."""
    plain = html.unescape(re.sub(r"<[^>]*>", " ", str(markup)))
    return " ".join(plain.replace("\N{NO-BREAK SPACE}", " ").split())


def phrases(term):
    """The runs of text of a template or term long enough to tell a language."""
    runs = re.split(r"<[^>]*>|\{\{.*?\}\}", term, flags=re.DOTALL)
    return [run for run in map(words, runs) if len(run) >= 20]


class TestEachMemberInTheirLanguage(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS.values():
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["reverse_mentoring"], list(LANGS.values()), overwrite=True
        )
        cls.po = {lang: translations("reverse_mentoring", lang) for lang in LANGS}
        # The mentor reads French, the mentee German.
        cls.mentor.work_contact_id.lang = LANGS["fr"]
        cls.mentee.work_contact_id.lang = LANGS["de"]
        cls.readers = {
            cls.mentor.work_contact_id: "fr",
            cls.mentee.work_contact_id: "de",
        }
        # The mentor's manager, told of the hours given, reads German.
        cls.ceo.work_contact_id.lang = LANGS["de"]
        cls.ceo.work_email = "clara.ceo@example.com"
        cls.mentor.work_email = "mia.junior@example.com"

    def _templates(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "reverse_mentoring"), ("model", "=", "mail.template")]
        )
        return {
            f"reverse_mentoring.{line.name}": self.env["mail.template"]
            .browse(line.res_id)
            .with_context(lang="en_US")
            for line in data
        }

    def _send(self, xmlid, template):
        """Send `template` to both members as the addon does.

        {partner: (subject, body)} of what each was sent.
        """
        members = self.mentor | self.mentee
        if template.model == "mentoring.tandem":
            before = self.tandem.message_ids
            self.tandem.with_context(
                mentoring_departed=self.mentor.name
            )._notify_members(xmlid, members)
            return {
                message.partner_ids: (message.subject, message.body)
                for message in self.tandem.message_ids - before
            }
        if template.model == "survey.user_input":
            answers = self.env["survey.user_input"]._mentoring_invite(
                self.tandem,
                self.env.ref("reverse_mentoring.survey_session_pulse"),
                members,
            )
            mails = self.env["mail.mail"].search(
                [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
            )
            return {
                mail.recipient_ids: (mail.subject, mail.body_html) for mail in mails
            }
        if template.model == "mentoring.participant":
            notices = [("model", "=", "mentoring.participant")]
            before = self.env["mail.mail"].search(notices)
            if xmlid == "reverse_mentoring.mail_template_manager_notice_mentor":
                self.mentor_participant._tell_manager_notice()
            else:
                month = fields.Date.today().replace(day=1) - relativedelta(months=1)
                self.program.date_start = month - relativedelta(months=1)
                start = datetime.combine(month + timedelta(days=3), time(9))
                self._session(self.tandem, start=start).action_done()
                self.mentor_participant._notify_manager_of_month(month)
            mails = self.env["mail.mail"].search(notices) - before
            return {
                mail.recipient_ids: (mail.subject, mail.body_html) for mail in mails
            }
        self.fail(f"the test does not know how {xmlid} is sent ({template.model})")

    def _readers_of(self, xmlid):
        """{partner: language} of the people `xmlid` is sent to."""
        if xmlid == "reverse_mentoring.mail_template_manager_notice":
            return {self.ceo.work_contact_id: "de"}
        if xmlid == "reverse_mentoring.mail_template_manager_notice_mentor":
            return {self.mentor.work_contact_id: "fr"}
        return self.readers

    def _assert_in_language(self, lang, english, rendered):
        """`rendered` reads as the `lang` translation of `english`, no English left."""
        translated = self.po[lang][english]
        seen = words(rendered)
        self.assertTrue(
            any(phrase in seen for phrase in phrases(translated)),
            f"no {lang} sentence of the template in: {seen}",
        )
        for phrase in phrases(english):
            self.assertNotIn(phrase, seen)

    def test_every_template_reaches_each_member_in_their_language(self):
        templates = self._templates()
        self.assertIn("reverse_mentoring.mail_template_partner_left", templates)
        for xmlid, template in templates.items():
            with self.subTest(template=xmlid):
                sent = self._send(xmlid, template)
                readers = self._readers_of(xmlid)
                self.assertEqual(set(sent), set(readers))
                for partner, (subject, body) in sent.items():
                    lang = readers[partner]
                    pattern = ".+".join(
                        map(
                            re.escape,
                            re.split(r"\{\{.*?\}\}", self.po[lang][template.subject]),
                        )
                    )
                    self.assertRegex(subject, f"^{pattern}$")
                    self._assert_in_language(lang, template.body_html, body)

    def test_the_survey_invitation_names_the_survey_in_the_member_language(self):
        template = self.env.ref("reverse_mentoring.mail_template_feedback_invite")
        survey = self.env.ref("reverse_mentoring.survey_session_pulse")
        title = survey.with_context(lang="en_US").title
        sent = self._send("reverse_mentoring.mail_template_feedback_invite", template)
        for partner, lang in self.readers.items():
            subject, body = sent[partner]
            self.assertIn(self.po[lang][title], subject)
            self.assertIn(words(self.po[lang][title]), words(body))

    def test_the_proposal_tells_each_member_their_own_side(self):
        sent = self._send(
            "reverse_mentoring.mail_template_tandem_proposed",
            self.env.ref("reverse_mentoring.mail_template_tandem_proposed"),
        )
        mentor_body = words(sent[self.mentor.work_contact_id][1])
        mentee_body = words(sent[self.mentee.work_contact_id][1])
        self.assertIn("Bonjour Mia Junior,", mentor_body)
        self.assertIn("vous êtes le mentor de Hans Senior", mentor_body)
        self.assertIn("Hallo Hans Senior,", mentee_body)
        self.assertIn("ist Mia Junior Ihr Mentor bzw. Ihre Mentorin", mentee_body)

    def _certificate(self, user):
        self.tandem.stage_id = self.stage_done
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(
                "reverse_mentoring.report_mentoring_certificate", self.tandem.ids
            )
        )
        return words(content.decode())

    def _certificate_phrases(self, lang, role):
        po = self.po[lang]
        return [
            po["Certificate of Participation"],
            words(po[f"took part as a {role} in the reverse-mentoring program"]),
            po["Tandem partner"],
            po[self.topic.with_context(lang="en_US").name],
        ]

    def test_each_member_prints_a_certificate_in_their_language(self):
        for user, lang, role in (
            (self.mentor_user, "fr", "mentor"),
            (self.mentee_user, "de", "mentee"),
        ):
            with self.subTest(lang=lang):
                certificate = self._certificate(user)
                for phrase in self._certificate_phrases(lang, role):
                    self.assertIn(phrase, certificate)
                self.assertNotIn("Certificate of Participation", certificate)
                self.assertNotIn("took part as a", certificate)

    def test_the_coordinator_prints_each_certificate_in_its_member_language(self):
        certificate = self._certificate(self.coordinator)
        french = self._certificate_phrases("fr", "mentor")
        german = self._certificate_phrases("de", "mentee")
        for phrase in french + german:
            self.assertIn(phrase, certificate)
        # The mentor's page comes first, then the mentee's.
        self.assertLess(certificate.index(french[0]), certificate.index(german[0]))
        self.assertLess(certificate.index("Mia Junior"), certificate.index(german[0]))
