// The detente story viewer: shows the graph as of the date the slider (or the URL fragment,
// `#YYYY-MM-DD`) picks. Ties absent on that date get `style="display: none"`; each visible tie
// carries `data-tie="FROM|TO|KIND"` and `data-weight`. Every user text is set with
// textContent, never as markup. Nothing is fetched.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("story-data").textContent);
  var slider = document.getElementById("slider");
  var output = document.getElementById("date");
  var play = document.getElementById("play");
  var info = document.getElementById("info");
  var current = -1;
  var timer = null;

  var tieElements = data.ties.map(function (tie, i) {
    var el = document.getElementById("tie-" + i);
    if (el) {
      el.setAttribute("data-tie", tie.key);
      el.addEventListener("mouseenter", function () { showTie(i); });
      el.addEventListener("click", function () { showTie(i); });
    }
    return el;
  });
  var actorElements = data.actors.map(function (actor, i) {
    var el = document.getElementById("actor-" + i);
    if (el) {
      el.addEventListener("mouseenter", function () { showActor(i); });
      el.addEventListener("click", function () { showActor(i); });
    }
    return el;
  });

  // The graph's own title line that names the date ("as of ...").
  var dateLine = null;
  document.querySelectorAll("#story svg g.graph > text").forEach(function (t) {
    if (t.textContent.indexOf("as of ") === 0) { dateLine = t; }
  });

  slider.max = String(Math.max(data.dates.length - 1, 0));

  // The frame in force on `date`: the last change on or before it (-1 before the first).
  function frameOn(date) {
    var found = -1;
    data.dates.forEach(function (d, i) { if (d <= date) { found = i; } });
    return found;
  }

  function paint(el, colour, width, label) {
    el.querySelectorAll("path").forEach(function (p) {
      p.setAttribute("stroke", colour);
      p.setAttribute("stroke-width", String(width));
    });
    el.querySelectorAll("polygon").forEach(function (p) {
      p.setAttribute("stroke", colour);
      p.setAttribute("fill", colour);
    });
    el.querySelectorAll("text").forEach(function (t) {
      t.textContent = label;
      t.setAttribute("fill", colour);
    });
  }

  function show(index, date) {
    current = index;
    var frame = index >= 0 ? data.frames[index] : { ties: [], tied: [] };
    var visible = {};
    frame.ties.forEach(function (f) { visible[f[0]] = f; });
    tieElements.forEach(function (el, i) {
      if (!el) { return; }
      var f = visible[i];
      if (!f) {
        el.style.display = "none";
        el.removeAttribute("data-weight");
        return;
      }
      el.style.removeProperty("display");
      el.setAttribute("data-weight", String(f[1]));
      paint(el, f[2], f[3], f[4]);
    });
    var tied = {};
    frame.tied.forEach(function (a) { tied[a] = true; });
    actorElements.forEach(function (el, i) {
      if (el) { el.style.opacity = tied[i] ? "1" : "0.35"; }
    });
    var shown = date || (index >= 0 ? data.dates[index] : "");
    output.textContent = shown;
    if (dateLine) { dateLine.textContent = "as of " + shown; }
    if (index >= 0) { slider.value = String(index); }
  }

  function line(parent, tag, text, className) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (className) { el.className = className; }
    parent.appendChild(el);
    return el;
  }

  function showTie(i) {
    var tie = data.ties[i];
    var frame = current >= 0 ? data.frames[current] : null;
    var f = null;
    if (frame) { frame.ties.forEach(function (x) { if (x[0] === i) { f = x; } }); }
    info.replaceChildren();
    line(info, "h2", tie.name);
    line(info, "p", f ? "Weight: " + f[4] : "No tie on this date.", "weight");
    var point = f && f[5] !== null ? data.points[f[5]] : null;
    if (!point) { return; }
    line(info, "p", "In force since " + point.date, "since");
    if (point.event) {
      line(info, "p", point.event.date + ": " + point.event.title, "event");
    }
    if (point.note) { line(info, "p", point.note, "note"); }
    if (point.sources.length) {
      line(info, "h3", "Sources");
      var list = line(info, "ul", "");
      point.sources.forEach(function (s) {
        var item = line(list, "li", "");
        var parts = [s.title, s.publisher, s.date].filter(Boolean).join(", ");
        if (s.url && /^https?:\/\//i.test(s.url)) {
          var a = line(item, "a", parts);
          a.href = s.url;
          a.rel = "noopener noreferrer";
        } else {
          item.textContent = parts;
        }
      });
    }
  }

  function showActor(i) {
    var actor = data.actors[i];
    info.replaceChildren();
    line(info, "h2", actor.name);
    line(info, "p", actor.id + " (" + actor.kind + ")", "id");
    if (!actor.posts.length) { return; }
    line(info, "h3", "Posts");
    var list = line(info, "ul", "");
    actor.posts.forEach(function (p) {
      var span = (p.from || "…") + " to " + (p.until || "now");
      line(list, "li", p.title + ", " + p.of + " (" + span + ")");
    });
  }

  // `#YYYY-MM-DD`, optionally followed by `&tie=FROM|TO|KIND` or `&actor=ID` to open the panel.
  function fromFragment() {
    var parts = location.hash.slice(1).split("&").map(decodeURIComponent);
    var date = parts[0];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) { return false; }
    var index = frameOn(date);
    if (index >= 0 && data.frames[index].moving && data.dates[index] !== date) {
      // A linear tie moves between this stop and the next, so the stop's weights are its own
      // date's only: show that date, not the one asked for.
      show(index);
    } else {
      show(index, date);
    }
    parts.slice(1).forEach(function (p) {
      var eq = p.indexOf("=");
      var name = p.slice(0, eq), value = p.slice(eq + 1);
      if (name === "tie") {
        data.ties.forEach(function (t, i) { if (t.key === value) { showTie(i); } });
      } else if (name === "actor") {
        data.actors.forEach(function (a, i) { if (a.id === value) { showActor(i); } });
      }
    });
    return true;
  }

  slider.addEventListener("input", function () {
    var i = Number(slider.value);
    show(i);
    history.replaceState(null, "", "#" + data.dates[i]);
  });

  play.addEventListener("click", function () {
    if (timer) {
      clearInterval(timer);
      timer = null;
      play.textContent = "Play";
      return;
    }
    play.textContent = "Pause";
    timer = setInterval(function () {
      var next = current + 1 < data.dates.length ? current + 1 : 0;
      show(next);
      history.replaceState(null, "", "#" + data.dates[next]);
    }, 1000);
  });

  window.addEventListener("hashchange", fromFragment);
  if (!fromFragment()) { show(data.dates.length - 1); }
})();
