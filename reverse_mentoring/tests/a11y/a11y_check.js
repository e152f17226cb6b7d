/* Run in the page by test_accessibility.py, after axe-core itself.
 *
 * rmA11y.audit(baseline) runs axe with the WCAG 2.1 A and AA rules and returns
 * the critical and serious violations, node by node, that no entry of the
 * baseline explains (an entry names a rule and a CSS selector of core's markup
 * that the node is in).
 * rmA11y.actions() lists the actions of the page's main part that a person can
 * see: links, buttons, disclosures and form fields.
 */
window.rmA11y = {
  TAGS: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
  IMPACTS: ["critical", "serious"],

  describe(element) {
    const classes = [...element.classList].slice(0, 4).join(".");
    const name = element.getAttribute("name");
    return (
      element.tagName.toLowerCase() +
      (classes ? "." + classes : "") +
      (name ? `[name="${name}"]` : "")
    );
  },

  explained(rule, element, baseline) {
    return baseline.some(
      (entry) => entry.rule === rule && element.closest(entry.selector)
    );
  },

  async audit(baseline) {
    const result = await window.axe.run(document, {
      runOnly: {type: "tag", values: this.TAGS},
      resultTypes: ["violations"],
      elementRef: true,
    });
    const ours = [];
    for (const violation of result.violations) {
      if (!this.IMPACTS.includes(violation.impact)) {
        continue;
      }
      for (const node of violation.nodes) {
        if (node.element && this.explained(violation.id, node.element, baseline)) {
          continue;
        }
        const check = node.any[0] || node.all[0] || node.none[0] || {};
        ours.push({
          rule: violation.id,
          impact: violation.impact,
          target: node.target.join(" "),
          html: node.html.slice(0, 200),
          why: check.message || violation.help,
        });
      }
    }
    return ours;
  },

  visible(element) {
    const box = element.getBoundingClientRect();
    return (
      box.width > 0 &&
      box.height > 0 &&
      getComputedStyle(element).visibility !== "hidden"
    );
  },

  actions() {
    const selector =
      "a[href], button, summary, input:not([type=hidden]), select, textarea";
    return [...document.querySelectorAll(`main :is(${selector})`)].filter(
      (element) => !element.disabled && this.visible(element)
    );
  },

  // The outline and shadow an element shows without focus, to tell a focus
  // indicator from its usual look.
  looks(element) {
    const style = getComputedStyle(element);
    return {
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1,
      shadow: style.boxShadow,
      border: style.borderColor,
    };
  },

  // Mark every action with its index and record how it looks unfocused.
  startKeyboardWalk() {
    document.activeElement.blur();
    this.unfocused = new Map();
    this.reached = new Set();
    this.invisibleFocus = [];
    for (const element of this.actions()) {
      this.unfocused.set(element, this.looks(element));
    }
    return this.unfocused.size;
  },

  // After a Tab: record the element that has the focus and whether its
  // focus shows; return whether Tab went round the page.
  focusStep() {
    const element = document.activeElement;
    if (!element || element === document.body) {
      return this.reached.size > 0;
    }
    if (element === this.last) {
      // A date or time field: Tab moves through its parts first.
      return false;
    }
    if (this.reached.has(element)) {
      return true;
    }
    this.last = element;
    this.reached.add(element);
    const before = this.unfocused.get(element) || {
      outline: false,
      shadow: "none",
      border: "",
    };
    const now = this.looks(element);
    if (!now.outline && now.shadow === before.shadow && now.border === before.border) {
      this.invisibleFocus.push(this.describe(element));
    }
    return false;
  },

  // The actions of the page never reached by Tab, and the focused elements
  // without a visible focus.
  keyboardReport() {
    const missed = this.actions()
      .filter((element) => !this.reached.has(element))
      .map(
        (element) =>
          this.describe(element) + " " + (element.textContent || "").trim().slice(0, 40)
      );
    return {missed, invisibleFocus: this.invisibleFocus};
  },
};
