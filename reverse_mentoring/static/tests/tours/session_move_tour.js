import {formatDateTime, parseDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("reverse_mentoring_session_move", {
  steps: () => [
    {
      content: "Moving is what a planned session offers first",
      trigger:
        ".o_form_view .o_statusbar_buttons button[name=action_open_move]:first-child",
      run: "click",
    },
    {
      content: "Pick the new start: a week later, at 10:30",
      trigger: ".modal .o_field_widget[name=start] input",
      async run(helpers) {
        // The form shows the current start in the user's language and the
        // browser's time zone: move from it, never to a fixed date.
        const start = parseDateTime(this.anchor.value);
        const later = start.plus({weeks: 1}).set({hour: 10, minute: 30});
        await helpers.edit(formatDateTime(later.startOf("minute")));
      },
    },
    {
      content: "Say why",
      trigger: ".modal .o_field_widget[name=reason] input",
      run: "edit Board meeting",
    },
    {
      content: "Move it",
      trigger: ".modal .modal-footer button[name=action_move]",
      run: "click",
    },
    {
      content: "The session counts the move",
      trigger: ".o_form_view .o_field_widget[name=reschedule_count]:contains(1)",
    },
    {
      content: "and tells why in its chatter",
      trigger: ".o-mail-Message:contains(Board meeting)",
    },
  ],
});
