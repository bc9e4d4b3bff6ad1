/* newsproof web page: link highlights and findings, both ways, with mouse and keyboard.
 *
 * Markup comes from newsproof.report.render_html: <mark data-f="i j"> around evidence and
 * <li id="finding-i"><button data-finding="i"> for findings. Nothing here uses innerHTML:
 * every text shown is set with textContent, so article text can never become markup.
 */
(function () {
  "use strict";

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var scrollOpts = { block: "center", behavior: reduceMotion ? "auto" : "smooth" };
  var pop = null;
  var current = null;

  function ids(mark) {
    return (mark.getAttribute("data-f") || "").split(/\s+/).filter(function (s) { return /^\d+$/.test(s); });
  }

  function findingItem(id) {
    return document.getElementById("finding-" + id);
  }

  function clearActive() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }

  /* Move native tooltips into data-tip so our popover does not fight the browser's. */
  function prepare(root) {
    (root || document).querySelectorAll("mark[data-f][title]").forEach(function (mark) {
      mark.setAttribute("data-tip", mark.getAttribute("title"));
      mark.removeAttribute("title");
      mark.setAttribute("role", "button");
      mark.setAttribute("aria-description", "evidence; press Enter to see its findings");
    });
  }

  function popover() {
    if (!pop) {
      pop = document.createElement("div");
      pop.id = "np-pop";
      pop.className = "pop";
      pop.setAttribute("role", "tooltip");
      pop.hidden = true;
      document.body.appendChild(pop);
    }
    return pop;
  }

  var RANK = { "sev-high": 0, "sev-medium": 1, "sev-low": 2, "sev-info": 3 };

  function severityRank(id) {
    var item = findingItem(id);
    var sev = item ? (item.className.match(/sev-\w+/) || [""])[0] : "";
    return sev in RANK ? RANK[sev] : 4;
  }

  function showPop(mark) {
    var box = popover();
    box.textContent = "";
    var worstFirst = ids(mark).sort(function (a, b) { return severityRank(a) - severityRank(b); });
    worstFirst.slice(0, 4).forEach(function (id) {
      var item = findingItem(id);
      var row = document.createElement("div");
      row.className = "pop-row";
      var sev = document.createElement("span");
      var message = document.createElement("span");
      if (item) {
        var badge = item.querySelector(".badge");
        var button = item.querySelector("button");
        sev.textContent = badge ? badge.textContent : "";
        sev.className = "badge " + (item.className.match(/sev-\w+/) || [""])[0];
        message.textContent = button ? button.textContent.replace(sev.textContent, "").trim() : "";
      } else {
        message.textContent = mark.getAttribute("data-tip") || "";
      }
      row.appendChild(sev);
      row.appendChild(message);
      box.appendChild(row);
    });
    var more = ids(mark).length - 4;
    if (more > 0) {
      var tail = document.createElement("div");
      tail.textContent = "… and " + more + " more";
      box.appendChild(tail);
    }
    box.hidden = false;
    mark.setAttribute("aria-describedby", "np-pop");
    current = mark;
    place(mark);
  }

  function place(mark) {
    var box = popover();
    var r = mark.getBoundingClientRect();
    var width = Math.min(360, window.innerWidth - 16);
    box.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    var below = r.bottom + 6;
    var height = box.offsetHeight;
    var top = below + height > window.innerHeight - 8 ? Math.max(8, r.top - height - 6) : below;
    box.style.left = left + "px";
    box.style.top = top + "px";
  }

  function hidePop() {
    if (pop) { pop.hidden = true; }
    current = null;
    document.querySelectorAll("mark[aria-describedby]").forEach(function (m) { m.removeAttribute("aria-describedby"); });
  }

  /* A finding was chosen: light up its evidence and bring the first piece into view. */
  function selectFinding(id) {
    if (!/^\d+$/.test(id)) { return; }
    clearActive();
    var item = findingItem(id);
    if (item) { item.classList.add("active"); }
    var marks = document.querySelectorAll('mark[data-f~="' + id + '"]');
    marks.forEach(function (m) { m.classList.add("active"); });
    if (marks.length) {
      marks[0].scrollIntoView(scrollOpts);
      marks[0].focus({ preventScroll: true });
    }
  }

  /* A highlight was chosen: light up its findings and bring the first into view. */
  function selectMark(mark) {
    clearActive();
    hidePop();
    mark.classList.add("active");
    var first = null;
    ids(mark).sort(function (a, b) { return severityRank(a) - severityRank(b); }).forEach(function (id) {
      var item = findingItem(id);
      if (item) { item.classList.add("active"); first = first || item; }
    });
    if (first) {
      first.scrollIntoView(scrollOpts);
      var button = first.querySelector("button");
      if (button) { button.focus({ preventScroll: true }); }
    }
  }

  /* Select characters [start, end) of the article text (section rows point at spans). */
  function selectSpan(start, end) {
    var root = document.getElementById("article-text");
    if (!root) { return; }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var pos = 0, range = document.createRange(), node, begun = false;
    while ((node = walker.nextNode())) {
      var len = node.nodeValue.length;
      if (!begun && start <= pos + len) { range.setStart(node, start - pos); begun = true; }
      if (begun && end <= pos + len) { range.setEnd(node, end - pos); break; }
      pos += len;
    }
    if (!begun) { return; }
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var el = range.startContainer.parentElement;
    if (el) { el.scrollIntoView(scrollOpts); }
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) { return; }
    var button = target.closest("[data-finding]");
    if (button) { selectFinding(button.getAttribute("data-finding")); return; }
    var mark = target.closest("mark[data-f]");
    if (mark) { selectMark(mark); return; }
    var goto = target.closest("[data-span]");
    if (goto) {
      var parts = goto.getAttribute("data-span").split(" ").map(Number);
      if (parts.length === 2 && parts.every(isFinite)) { selectSpan(parts[0], parts[1]); }
    }
  });

  document.addEventListener("keydown", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (target && target.matches("mark[data-f]") && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      selectMark(target);
    } else if (ev.key === "Escape") {
      hidePop();
      clearActive();
    } else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && target && target.closest("#check-form")) {
      ev.preventDefault();
      target.closest("form").requestSubmit();
    }
  });

  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      var mark = ev.target instanceof Element ? ev.target.closest("mark[data-f]") : null;
      if (mark) { showPop(mark); }
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      var mark = ev.target instanceof Element ? ev.target.closest("mark[data-f]") : null;
      if (mark && !(ev.relatedTarget instanceof Node && mark.contains(ev.relatedTarget))) { hidePop(); }
    });
  });
  window.addEventListener("scroll", function () {
    if (current && pop && !pop.hidden) { place(current); }
  }, { passive: true, capture: true });
  window.addEventListener("resize", hidePop);

  document.addEventListener("htmx:afterSwap", function (ev) {
    prepare(ev.target);
    if (ev.target && ev.target.id === "report") {
      var heading = document.getElementById("verdict") || ev.target.querySelector("h2");
      if (heading) {
        heading.focus({ preventScroll: true });
        ev.target.scrollIntoView({ block: "start", behavior: reduceMotion ? "auto" : "smooth" });
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  } else {
    prepare(document);
  }
})();
