// The account page's map: a click on a person opens their card; in a draw mode,
// two clicks fill the influence form (who influences whom), or the relationship
// form (our team member and the person), for the rep to check and save.
//
// The map is a sandboxed frame with no server calls of its own; it tells this page
// which node was clicked with postMessage. Only a message from that frame, shaped
// {type: "stakegraph:pick", node: "stakeholder:ID" | "member:ID"} with an id of a
// person or member in this page's forms, is used, and only as data: an id to look
// up, never markup or code. Every status line is set with textContent.
(function () {
  "use strict";
  const frame = document.getElementById("map-frame");
  if (!frame) return;
  const tools = document.getElementById("map-tools");
  const status = document.getElementById("draw-status");
  const influenceForm = document.getElementById("form-influence");
  const relationshipForm = document.getElementById("form-relationship");
  const buttons = {
    influence: document.getElementById("draw-influence"),
    relationship: document.getElementById("draw-relationship"),
  };
  let mode = null;
  let first = null;

  function optionOf(select, id) {
    return select ? [...select.options].find((option) => option.value === id && id !== "") : undefined;
  }
  function nameOf(select, id) {
    const option = optionOf(select, id);
    return option ? option.textContent : id;
  }
  function say(key, values) {
    let text = tools.dataset[key] || "";
    for (const [name, value] of Object.entries(values || {})) text = text.split("{" + name + "}").join(value);
    status.textContent = text;
  }
  function setMode(next) {
    mode = mode === next ? null : next;
    first = null;
    for (const [name, button] of Object.entries(buttons)) {
      if (button) button.setAttribute("aria-pressed", String(name === mode));
    }
    if (mode === "influence") say("pickSource");
    else if (mode === "relationship") say("pickPerson");
    else status.textContent = "";
  }
  function choose(form, field, id) {
    const select = form.querySelector("select[name=" + field + "]");
    if (!optionOf(select, id)) return false;
    select.value = id;
    return true;
  }
  function ready(form, focusField) {
    form.classList.add("drawn");
    form.scrollIntoView({ block: "center" });
    form.querySelector("[name=" + focusField + "]").focus();
  }

  function picked(kind, id) {
    if (mode === "influence" && kind === "stakeholder") {
      const sources = influenceForm.querySelector("select[name=source]");
      if (!optionOf(sources, id)) return;
      if (first === null) {
        first = id;
        say("pickTarget", { name: nameOf(sources, id) });
        return;
      }
      if (id === first) {
        say("pickTwo");
        return;
      }
      choose(influenceForm, "source", first);
      choose(influenceForm, "target", id);
      say("pickedInfluence", { source: nameOf(sources, first), target: nameOf(sources, id) });
      mode = null;
      buttons.influence.setAttribute("aria-pressed", "false");
      ready(influenceForm, "weight");
    } else if (mode === "relationship") {
      if (kind === "member") {
        choose(relationshipForm, "member", id);
        return;
      }
      if (kind !== "stakeholder" || !choose(relationshipForm, "stakeholder", id)) return;
      say("pickedRelationship", { name: nameOf(relationshipForm.querySelector("select[name=stakeholder]"), id) });
      mode = null;
      buttons.relationship.setAttribute("aria-pressed", "false");
      const member = relationshipForm.querySelector("select[name=member]");
      ready(relationshipForm, member.value ? "strength" : "member");
    } else if (mode === null && kind === "stakeholder") {
      window.location.assign(frame.dataset.personUrl + encodeURIComponent(id));
    }
  }

  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow) return;
    const data = event.data;
    if (typeof data !== "object" || data === null || data.type !== "stakegraph:pick") return;
    if (typeof data.node !== "string" || data.node.length > 600) return;
    const match = /^(stakeholder|member):([\s\S]+)$/.exec(data.node);
    if (match) picked(match[1], match[2]);
  });
  if (tools) {
    if (buttons.influence && influenceForm) buttons.influence.addEventListener("click", () => setMode("influence"));
    if (buttons.relationship && relationshipForm) buttons.relationship.addEventListener("click", () => setMode("relationship"));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && mode !== null) setMode(mode);
    });
  }
})();
