// The chat panel on every page: a launcher at the corner opens it over the page. Without
// JavaScript its form posts to the assistant page. With it: questions are sent in the
// background, answers appear in the log (a polite live region, so screen readers read them;
// an emergency is an alert), options are numbered and can be picked by button or by typing
// their number, "Was this helpful?" works in place, and the transcript and the panel's open
// state last across pages (session storage of this tab only). The conversation's context is
// kept by the server for this browser session. Answer HTML comes sanitized from the server.
// The sentences the script writes come translated from the page (data-text-* attributes of the
// panel's form: the assistant/_macros.html panel_texts macro).
(function () {
  "use strict";
  var panel = document.querySelector("[data-assistant-panel]");
  if (!panel || !window.fetch || !window.sessionStorage) { return; }
  var details = panel.querySelector("[data-assistant-details]");
  var log = panel.querySelector("[data-assistant-log]");
  var form = panel.querySelector("[data-assistant-form]");
  var input = form.querySelector("input[name=question]");
  var token = form.querySelector("input[name=csrf_token]").value;
  var audience = form.querySelector("input[name=audience]").value;
  var STORE = "assistant-transcript", OPEN = "assistant-open", MAX = 20;

  function text(name) { return form.getAttribute("data-text-" + name) || ""; }

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE)) || []; } catch (e) { return []; }
  }
  function save(items) { sessionStorage.setItem(STORE, JSON.stringify(items.slice(-MAX))); }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button button-secondary button-small";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  var starters = panel.querySelector("[data-assistant-starters]");

  function render(item, newest) {
    starters.hidden = true;  // once there is a conversation, its options take the room
    var q = document.createElement("p");
    q.className = "assistant-question";
    q.textContent = item.question;  // the user's own text: never as HTML
    log.appendChild(q);
    var a = document.createElement("div");
    a.className = "assistant-reply assistant-" + item.reply.outcome;
    if (item.reply.outcome === "emergency") { a.setAttribute("role", "alert"); }  // read out at once
    // The answer in its own language (a Spanish question on an English page is answered in
    // Spanish), marked so that screen readers read it right; the feedback stays the page's.
    var body = document.createElement("div");
    body.className = "assistant-answer";
    if (item.reply.language) { body.lang = item.reply.language; }
    body.innerHTML = item.reply.answer_html;  // sanitized on the server
    a.appendChild(body);
    var suggestions = item.reply.suggestions || [];
    if (suggestions.length) {
      if (item.reply.outcome === "answer") {
        var title = document.createElement("p");
        title.className = "assistant-related-title";
        title.textContent = text("related");
        a.appendChild(title);
      }
      var list = document.createElement("ol");
      list.className = "assistant-suggestions assistant-options";
      if (item.reply.language) { list.lang = item.reply.language; }
      suggestions.forEach(function (s) {
        var li = document.createElement("li");
        li.appendChild(button(s.question, function () { ask(s.question, s.topic_id, item.reply.exchange_id); }));
        list.appendChild(li);
      });
      a.appendChild(list);
    }
    if (item.reply.outcome !== "emergency" && !item.rated) {
      var fb = document.createElement("p");
      fb.className = "assistant-feedback";
      fb.appendChild(document.createTextNode(text("helpful") + " "));
      ["helpful", "not_helpful"].forEach(function (value) {
        fb.appendChild(button(text(value === "helpful" ? "yes" : "no"), function () { rate(item, value, fb); }));
      });
      a.appendChild(fb);
    }
    log.appendChild(a);
    // The newest exchange in sight, its question at the top of the log (a long answer then
    // reads from its start); the focus stays in the question field for the next question.
    if (newest) { log.scrollTop = q.offsetTop; }
  }

  function post(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (k) { if (data[k] !== undefined && data[k] !== null) { body.append(k, data[k]); } });
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"Accept": "application/json", "X-CSRFToken": token}});
  }

  function ask(question, topic, from) {
    input.disabled = true;
    post(form.getAttribute("data-ask-url"), {question: question, topic: topic, from: from, audience: audience})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (reply) {
        var items = load();
        var item = {question: question, reply: reply};
        items.push(item);
        save(items);
        render(item, true);
      })
      .catch(function () {
        var p = document.createElement("p");
        p.className = "error-message";
        p.textContent = text("ask-failed");
        log.appendChild(p);
      })
      .then(function () { input.disabled = false; input.value = ""; input.focus(); });
  }

  function rate(item, value, container) {
    post(form.getAttribute("data-feedback-url"), {exchange: item.reply.exchange_id, value: value}).then(function () {
      item.rated = true;
      var items = load();
      items.forEach(function (stored) { if (stored.reply.exchange_id === item.reply.exchange_id) { stored.rated = true; } });
      save(items);
      container.textContent = text("thanks");
      if (value === "not_helpful") {  // not a dead end: the way to a person, as on the page without script
        // The page's own HTML (its links to a person), made and escaped by the template.
        container.insertAdjacentHTML("beforeend", " " + text("not-helpful-html"));
      }
    });
  }

  // Starter questions: asked in place rather than by loading the assistant page.
  Array.prototype.forEach.call(panel.querySelectorAll("[data-assistant-starters] form"), function (starter) {
    starter.addEventListener("submit", function (event) {
      event.preventDefault();
      ask(starter.querySelector("input[name=question]").value, starter.querySelector("input[name=topic]").value);
    });
  });

  // A new conversation: the server forgets the context, the panel its transcript.
  var fresh = panel.querySelector("[data-assistant-new]");
  fresh.addEventListener("submit", function (event) {
    event.preventDefault();
    post(form.getAttribute("data-new-url"), {}).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      sessionStorage.removeItem(STORE);
      log.textContent = "";
      starters.hidden = false;
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = text("new-started");
      log.appendChild(p);
      input.focus();
    }).catch(function () {
      var p = document.createElement("p");
      p.className = "error-message";
      p.textContent = text("new-failed");
      log.appendChild(p);
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (question) { ask(question); }
  });
  // The focus moves into the panel only when the person opens it, never when a page restores it.
  var restoring = false;
  details.addEventListener("toggle", function () {
    sessionStorage.setItem(OPEN, details.open ? "1" : "0");
    if (details.open && !restoring) { input.focus(); }
    restoring = false;
  });
  var close = panel.querySelector("[data-assistant-close]");
  close.hidden = false;  // without script the launcher itself closes the panel
  close.addEventListener("click", function () {
    details.open = false;
    details.querySelector("summary").focus();
  });
  // Escape closes the open panel and gives the focus back to its heading.
  details.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && details.open) {
      details.open = false;
      details.querySelector("summary").focus();
    }
  });
  // Left open, the panel opens again on the next page, but not over the assistant's own pages
  // (the assistant page, the "contact me" form): those are the conversation's full-page form.
  if (sessionStorage.getItem(OPEN) === "1" && !panel.hasAttribute("data-assistant-page")) {
    restoring = true;
    details.open = true;
  }
  var earlier = load();
  earlier.forEach(function (item, index) { render(item, index === earlier.length - 1); });
}());
