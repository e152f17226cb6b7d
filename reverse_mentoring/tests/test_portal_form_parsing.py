"""Reading the portal's forms (controllers/forms.py), without HTTP."""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..controllers import forms
from ..models.mentoring_session import MOVE_REASON_LIMIT

NOW = datetime(2025, 3, 1, 12, 0)


@tagged("post_install", "-at_install")
class TestFormParsing(TransactionCase):
    def _refused(self, function, *args, message=None):
        with self.assertRaises(UserError) as caught:
            function(self.env, *args)
        if message:
            self.assertIn(message, caught.exception.args[0])

    def test_text_is_stripped_and_absent_reads_empty(self):
        self.assertEqual(forms.text(self.env, "  Hello \n"), "Hello")
        self.assertEqual(forms.text(self.env, None), "")

    def test_text_refuses_what_no_form_sends(self):
        sent_badly = "values it does not take"
        self._refused(forms.text, None, False, True, message=sent_badly)
        self._refused(forms.text, "twice", True, message=sent_badly)
        self._refused(forms.text, b"a file", message=sent_badly)
        self._refused(forms.text, "a\x00b", message="NUL character")

    def test_ids_are_ascii_digits_within_postgresql_integers(self):
        self.assertEqual(forms.record_id(self.env, "12"), 12)
        self.assertIsNone(forms.record_id(self.env, ""))
        self.assertEqual(forms.record_id(self.env, str(forms.MAX_ID)), forms.MAX_ID)
        for typed in ("0", "-3", "1.5", "\u0663", "12a", str(forms.MAX_ID + 1)):
            with self.subTest(typed=typed):
                self._refused(forms.record_id, typed)
        # A level may be 0 (the lowest of the 0 to 100 scale).
        self.assertEqual(forms.whole_number(self.env, "0"), 0)
        self._refused(forms.whole_number, str(forms.MAX_ID + 1))

    def test_checked_ids_keep_only_ids(self):
        typed = ["3", "x", "0", "3", "7", str(forms.MAX_ID + 1), "-1"]
        self.assertEqual(forms.checked_ids(typed), {3, 7})
        self.assertEqual(forms.checked_ids([]), set())

    def test_flag_is_ticked_when_sent(self):
        self.assertTrue(forms.flag("on"))
        self.assertFalse(forms.flag(""))

    def test_date(self):
        self.assertEqual(forms.date(self.env, "2025-03-14"), date(2025, 3, 14))
        self.assertIs(forms.date(self.env, ""), False)
        for typed in ("14.03.2025", "2025-02-30", "tomorrow"):
            with self.subTest(typed=typed):
                self._refused(forms.date, typed, message="2025-03-14")

    def test_session_start_is_read_in_the_members_time_zone(self):
        start = forms.session_start(
            self.env, "2025-03-14", "09:30", "Europe/Zurich", NOW
        )
        self.assertEqual(start, datetime(2025, 3, 14, 8, 30))
        self.assertEqual(
            forms.session_start(self.env, "2025-07-14", "09:30:00", "UTC", NOW),
            datetime(2025, 7, 14, 9, 30),
        )

    def test_session_start_refuses_the_unreadable_and_the_past(self):
        zurich = "Europe/Zurich"
        self._refused(forms.session_start, "2025-03-14", "9h30", zurich, NOW)
        self._refused(forms.session_start, "", "", zurich, NOW)
        self._refused(
            forms.session_start, "2025-02-28", "09:00", zurich, NOW, message="past"
        )
        self._refused(
            forms.session_start,
            "9999-12-31",
            "23:59",
            "America/Los_Angeles",
            NOW,
            message="cannot be used",
        )

    def test_duration(self):
        self.assertEqual(forms.duration(self.env, "1.5"), 1.5)
        self.assertEqual(forms.duration(self.env, "", default=2.0), 2.0)
        for typed in ("", "abc", "nan", "inf", None):
            with self.subTest(typed=typed):
                self._refused(forms.duration, typed, message="1.5")

    def test_text_limits_are_the_models(self):
        limits = forms.text_limits(self.env)
        self.assertEqual(limits["reason"], MOVE_REASON_LIMIT)
        self.assertEqual(
            limits["concern"],
            self.env["mentoring.concern"]._text_limits["description"],
        )
        self.assertEqual(
            limits["goal_name"], self.env["mentoring.goal"]._text_limits.get("name")
        )
        self.assertTrue(all(limits.values()), limits)
