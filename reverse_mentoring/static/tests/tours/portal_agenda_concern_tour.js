import {registry} from "@web/core/registry";

// On a 390 x 844 phone, a mentor reads the agenda of the next session, adapts
// it for both, and raises a concern about the tandem, which only the
// coordinators read.

const AGENDA = "Set up a profile";
const OWN_AGENDA = "Profile first, then a first post";
const CONCERN = "Our sessions are cancelled again and again.";

function fitsTheScreen() {
  const wide = document.documentElement.scrollWidth;
  if (wide > window.innerWidth) {
    throw new Error(
      `The page is ${wide} pixels wide on a ${window.innerWidth}-pixel screen`
    );
  }
}

registry.category("web_tour.tours").add("reverse_mentoring_portal_agenda_concern", {
  steps: () => [
    {
      content: "The next session shows its agenda, within the phone's screen",
      trigger: `.o_mentoring_next_session .o_mentoring_next_agenda:contains(${AGENDA})`,
      run: fitsTheScreen,
    },
    {
      content: "Unfold the agenda's form of that session",
      trigger: ".o_mentoring_upcoming .o_mentoring_agenda_edit summary",
      run: "click",
    },
    {
      content: "Write our own agenda",
      trigger: ".o_mentoring_upcoming .o_mentoring_agenda_edit textarea[name=agenda]",
      run: `edit ${OWN_AGENDA}`,
    },
    {
      content: "Save it",
      trigger: ".o_mentoring_upcoming .o_mentoring_agenda_submit",
      run: "click",
    },
    {
      content: "The session shows the new agenda",
      trigger: `.o_mentoring_notice.alert-success ~ .row .o_mentoring_upcoming .o_mentoring_agenda:contains(${OWN_AGENDA})`,
      run: fitsTheScreen,
    },
    {
      content: "Unfold Raise a concern",
      trigger: ".o_mentoring_concern summary",
      run: "click",
    },
    {
      content: "Describe the concern",
      trigger: ".o_mentoring_concern textarea[name=description]",
      run: `edit ${CONCERN}`,
    },
    {
      content: "Send it to the coordinators",
      trigger: ".o_mentoring_concern_submit",
      run: "click",
    },
    {
      content: "The concern is listed with its status, open",
      trigger: `.o_mentoring_concern_item:contains(${CONCERN}) .o_mentoring_concern_state`,
      run: fitsTheScreen,
    },
  ],
});
