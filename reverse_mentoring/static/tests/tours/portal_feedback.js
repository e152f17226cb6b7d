import { registry } from "@web/core/registry";

// A member answers the pulse of a held session from the employee portal.
registry.category("web_tour.tours").add("reverse_mentoring_portal_feedback", {
    steps: () => [
        {
            content: "The list tells that one survey waits",
            trigger: ".o_mentoring_tandem_row:has(.o_mentoring_pending_count:contains(1))",
        },
        {
            content: "Open the tandem",
            trigger: "a.o_mentoring_tandem_link",
            run: "click",
        },
        {
            content: "Answer the pulse",
            trigger: ".o_mentoring_feedback .o_mentoring_pending a.o_mentoring_answer",
            run: "click",
        },
        {
            content: "Start the survey",
            trigger: "button.btn:contains(Start)",
            run: "click",
        },
        {
            content: "The session was useful",
            trigger: "div.js_question-wrapper:contains(How useful was this session) label:contains(4)",
            run: "click",
        },
        {
            content: "Say what was covered",
            trigger: "div.js_question-wrapper:contains(What did you cover) textarea",
            run: "edit LinkedIn posts and hashtags",
        },
        {
            content: "Submit",
            trigger: "button[value=finish]",
            run: "click",
        },
        {
            content: "The survey thanks me",
            trigger: ".o_survey_finished",
        },
    ],
});
