import { registry } from "@web/core/registry";

// A mentor of a partner organisation walks their tandem on a 390 x 844 phone:
// the weekly things come first, nothing is wider than the screen, every button
// is a 44-pixel touch target; they propose a session with a subject, answer
// the pulse of the last one and come back to the tandem.

const SUBJECT = "Hashtags that work";
const TOUCH = 44;

function fitsTheScreen() {
    const wide = document.documentElement.scrollWidth;
    if (wide > window.innerWidth) {
        throw new Error(`The page is ${wide} pixels wide on a ${window.innerWidth}-pixel screen`);
    }
}

function touchTargets(selector) {
    const small = [...document.querySelectorAll(selector)]
        .filter((button) => button.offsetParent && button.offsetHeight < TOUCH)
        .map((button) => `${button.textContent.trim()} (${button.offsetHeight} px)`);
    if (small.length) {
        throw new Error(`Buttons below ${TOUCH} pixels: ${small.join(", ")}`);
    }
}

function isoDate(date) {
    const pad = (value) => String(value).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

registry.category("web_tour.tours").add("reverse_mentoring_portal_phone_mentor", {
    steps: () => [
        {
            content: "My tandems fit the phone's screen, as one block each",
            trigger: ".o_mentoring_tandem_row:has(.o_mentoring_pending_count:contains(1))",
            run() {
                fitsTheScreen();
                const cut = [...this.anchor.cells].filter(
                    (cell) => cell.offsetWidth < this.anchor.offsetWidth - 2
                );
                if (cut.length) {
                    throw new Error(`Cells narrower than the block: ${cut.map((c) => c.textContent.trim())}`);
                }
            },
        },
        {
            content: "Open the tandem",
            trigger: "a.o_mentoring_tandem_link",
            run: "click",
        },
        {
            content: "Next session, goals, sessions, expectations, then the rarer actions",
            trigger: ".o_mentoring_tandem_page .o_mentoring_new_partner",
            run() {
                const order = [
                    ".o_mentoring_next_session",
                    ".o_mentoring_feedback",
                    ".o_mentoring_goals",
                    ".o_mentoring_upcoming",
                    ".o_mentoring_expectations",
                    ".o_mentoring_closure",
                    ".o_mentoring_new_partner",
                ].map((selector) => document.querySelector(selector).getBoundingClientRect().top);
                if (order.some((top, index) => index && top <= order[index - 1])) {
                    throw new Error(`The cards are not in the phone's order: ${order}`);
                }
                fitsTheScreen();
                touchTargets(".o_mentoring_tandem_page .btn");
            },
        },
        {
            content: "Unfold the form of a new session",
            trigger: ".o_mentoring_new_session summary",
            run: "click",
        },
        {
            content: "Its subject is proposed in my language",
            trigger: ".o_mentoring_new_session input[name=name][value='Mentoring session']",
            run: `edit ${SUBJECT}`,
        },
        {
            content: "tomorrow",
            trigger: ".o_mentoring_new_session input[name=date]",
            run() {
                const day = new Date(`${this.anchor.min}T12:00:00`);
                day.setDate(day.getDate() + 1);
                this.anchor.value = isoDate(day);
            },
        },
        {
            content: "at ten",
            trigger: ".o_mentoring_new_session input[name=time]",
            run() {
                this.anchor.value = "10:00";
            },
        },
        {
            content: "Propose the session",
            trigger: ".o_mentoring_new_session_submit",
            run() {
                touchTargets(".o_mentoring_new_session .btn");
                this.anchor.click();
            },
        },
        {
            content: "The next session is the one I proposed, with its subject",
            trigger: `.o_mentoring_notice.alert-success ~ .row .o_mentoring_next_session .o_mentoring_session_subject:contains(${SUBJECT})`,
        },
        {
            content: "Answer the pulse of the last session",
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
            trigger: "div.js_question-wrapper:contains(How useful was this session) label:contains(5)",
            run: "click",
        },
        {
            content: "Say what was covered",
            trigger: "div.js_question-wrapper:contains(What did you cover) textarea",
            run: "edit Hashtags and a first reel",
        },
        {
            content: "Submit",
            trigger: "button[value=finish]",
            run: "click",
        },
        {
            content: "The survey thanks me and leads back to the tandem",
            trigger: ".o_survey_finished a.o_mentoring_back_to_tandem",
            run: "click",
        },
        {
            content: "Back on the tandem, nothing waits any more",
            trigger: `.o_mentoring_tandem_page:not(:has(.o_mentoring_feedback)) .o_mentoring_session_subject:contains(${SUBJECT})`,
        },
    ],
});
