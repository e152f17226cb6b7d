import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("reverse_mentoring_session_move", {
    steps: () => [
        {
            content: "Moving is what a planned session offers first",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_move]:first-child",
            run: "click",
        },
        {
            content: "Pick the new start",
            trigger: ".modal .o_field_widget[name=start] input",
            run: "edit 01/15/2030 10:30:00",
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
