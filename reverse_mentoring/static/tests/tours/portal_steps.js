// Steps that several tours of the employee portal take the same way.

function isoDate(date) {
  const pad = (value) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** From the list of my tandems, open the (first) tandem. */
export function openTandem() {
  return {
    content: "Open the tandem",
    trigger: "a.o_mentoring_tandem_link",
    run: "click",
  };
}

/** On the tandem's page, unfold the form of a new session. */
export function unfoldNewSession() {
  return {
    content: "Unfold the form of a new session",
    trigger: ".o_mentoring_new_session summary",
    run: "click",
  };
}

/** In the form of a new session, type tomorrow at ten. */
export function tomorrowAtTen() {
  return [
    {
      content: "Tomorrow",
      trigger: ".o_mentoring_new_session input[name=date]",
      run() {
        // The earliest day the form takes is today, in my time zone.
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
  ];
}

/** From the tandem's page, answer the pulse of the last session and submit it. */
export function answerPulse(usefulness, covered) {
  return [
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
      trigger: `div.js_question-wrapper:contains(How useful was this session) label:contains(${usefulness})`,
      run: "click",
    },
    {
      content: "Say what was covered",
      trigger: "div.js_question-wrapper:contains(What did you cover) textarea",
      run: `edit ${covered}`,
    },
    {
      content: "Submit",
      trigger: "button[value=finish]",
      run: "click",
    },
  ];
}

/** On the tandem's page, write and save my expectations. */
export function writeExpectations(text, notice) {
  return [
    {
      content: "Write my expectations",
      trigger: ".o_mentoring_expectations_form textarea[name=expectations]",
      run: `edit ${text}`,
    },
    {
      content: "Save them",
      trigger: ".o_mentoring_expectations_submit",
      run: "click",
    },
    {
      content: "The portal keeps them",
      trigger: notice("Your expectations are saved"),
    },
  ];
}
