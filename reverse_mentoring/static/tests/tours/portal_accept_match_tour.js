import {registry} from "@web/core/registry";

// A member opens their proposed tandem on a 390 x 844 phone, reads who was
// proposed, and accepts the match.

function fitsTheScreen() {
  const wide = document.documentElement.scrollWidth;
  if (wide > window.innerWidth) {
    throw new Error(
      `The page is ${wide} pixels wide on a ${window.innerWidth}-pixel screen`
    );
  }
}

registry.category("web_tour.tours").add("reverse_mentoring_portal_accept_match", {
  steps: () => [
    {
      content: "Open the proposed tandem",
      trigger: "a.o_mentoring_tandem_link",
      run: "click",
    },
    {
      content: "The proposed partner comes first and fits the phone's screen",
      trigger: ".o_mentoring_match_answer .o_mentoring_match_partner",
      run() {
        fitsTheScreen();
        if (document.querySelector(".o_mentoring_kickoff")) {
          throw new Error("The kick-off shows before both accepted the match");
        }
      },
    },
    {
      content: "Accept the match",
      trigger: "button.o_mentoring_match_accept",
      run: "click",
    },
    {
      content: "The answer is saved",
      trigger: ".o_mentoring_notice.alert-success",
      run() {
        fitsTheScreen();
      },
    },
  ],
});
